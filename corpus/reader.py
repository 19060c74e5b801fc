"""Read the corpus from Python as typed records.

    from corpus import Corpus
    for doc in Corpus("corpus.db").documents(province="甘肃省", year=2023):
        print(doc.title, doc.published.year, [s.site_name for s in doc.sources])

Records are those of the exports (corpus.export.SCHEMA): ``published`` a
``datetime.date``, years ``int``, ``sources`` a list of ``Source``. They are
read lazily, one at a time.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field, fields
from datetime import date, datetime
from pathlib import Path

from corpus.export import FIELDS, connect_readonly, iter_records


@dataclass(frozen=True)
class Source:
    url: str
    site: str | None
    site_name: str | None
    headline: str | None
    fetched_at: datetime | None


@dataclass(frozen=True)
class Document:
    id: int
    title: str | None
    title_raw: str | None
    body: str
    body_original: str | None
    site: str | None
    site_name: str | None
    url: str | None
    published: date | None
    fetched_at: datetime | None
    content_hash: str | None
    char_count: int | None
    paragraph_count: int | None
    encoding: str | None
    traditional_source: bool | None
    quality_flags: list[str]
    issuer: str | None
    level: str | None
    province: str | None
    city: str | None
    county: str | None
    admin_code: str | None
    years_reported: list[int]
    year_planned: int | None
    years_title: list[int]
    year_supported_by: str | None
    period: str | None
    doc_type: str | None
    placeholder_share: float | None
    topic_score: float | None
    place_evidence: str | None
    variant_count: int | None
    source_count: int | None
    sources: list[Source] = field(default_factory=list)


assert tuple(f.name for f in fields(Document)) == FIELDS, "reader and export schema differ"


class Corpus:
    """A corpus database, opened read-only for each query."""

    def __init__(self, path: str | Path = "corpus.db"):
        self.path = Path(path)

    def documents(
        self, province: str | None = None, year: int | None = None,
        doc_type: str | None = None, since: date | str | None = None,
        min_chars: int | None = None,
    ) -> Iterator[Document]:  # fmt: skip
        """Documents in id order, narrowed by any of the filters (all must hold)."""
        if isinstance(since, str):
            since = date.fromisoformat(since)
        conn = connect_readonly(self.path)
        try:
            for record in iter_records(conn, province=province, year=year, doc_type=doc_type,
                                       since=since, min_chars=min_chars):  # fmt: skip
                record["sources"] = [Source(**s) for s in record["sources"]]
                yield Document(**record)
        finally:
            conn.close()

    def __len__(self) -> int:
        conn = connect_readonly(self.path)
        try:
            return conn.execute("select count(*) from documents").fetchone()[0]
        finally:
            conn.close()
