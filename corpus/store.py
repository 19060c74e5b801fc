"""Writing the corpus: pages, documents and their variants, exact and near duplicates merged.

The schema and its migrations live in corpus/schema.py; opening a corpus
applies the migrations it lacks, and recomputes fingerprints made with other
near-duplicate parameters.
"""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime
from pathlib import Path

import sqlite_utils

from cleaning.dedup import (
    Fingerprint,
    NearDuplicateIndex,
    Sketches,
    default_params,
    fingerprint,
    fingerprint_many,
)
from cleaning.document import Document
from corpus.merge import canonical_version, place_version
from corpus.schema import DOCUMENT_COLUMNS, FTS_TABLE, PAGE_COLUMNS, migrate
from corpus.search import bigram_text

logger = logging.getLogger(__name__)


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def open_db(path: str | Path) -> sqlite_utils.Database:
    """Open (and create or migrate) the corpus database at ``path``."""
    db = sqlite_utils.Database(path)
    db.enable_wal()
    ensure_schema(db)
    return db


def ensure_schema(db: sqlite_utils.Database) -> None:
    """Bring the database's schema up to date (see corpus.schema)."""
    applied = migrate(db)
    if applied:
        logger.info("corpus %s: applied migrations %s", db.conn, ", ".join(applied))


class CorpusStore:
    """Writes pages and documents; merges exact and near duplicates on the way in."""

    def __init__(self, db: sqlite_utils.Database):
        self.db = db
        self.index = NearDuplicateIndex()
        if stale_fingerprints(db):
            count = refingerprint(db)
            logger.warning("near-duplicate parameters changed: %d fingerprints recomputed", count)
        self._load_fingerprints()

    def _load_fingerprints(self, batch: int = 50_000) -> None:
        """Index every stored fingerprint: blobs joined into numpy arrays, one query.

        No Fingerprint object per row: a million rows load in seconds, and
        only the arrays (~1 KB per variant) stay in memory.
        """
        if "variant_fingerprints" not in self.db.table_names():
            return
        cursor = self.db.execute(
            "select id, content_hash, signature, head_signature, length"
            " from variant_fingerprints order by rowid"
        )
        keys: list[str] = []
        parts: list[Sketches] = []
        while rows := cursor.fetchmany(batch):
            ids, hashes, sigs, heads, lengths = zip(*rows, strict=True)
            keys += ids
            parts.append(Sketches.from_blobs(hashes, sigs, heads, lengths, self.index.params))
        if parts:
            self.index.add_sketches(keys, Sketches.concat(parts))

    # -- writing -------------------------------------------------------------
    def add_page(self, page: dict, doc: Document | None = None) -> dict:
        """Record one fetched URL and, for an accepted article, the documents it holds.

        Returns the page row as stored; its ``outcome`` for a document is
        ``stored`` (a new text), ``duplicate`` (the same text after
        normalisation), ``near_duplicate`` (another version of a stored text)
        or ``unchanged`` (this URL already gave this very text). A compilation
        page places each of its texts on its own (``page_parts``); the page row
        names the first.
        """
        page = {k: v for k, v in page.items() if k in PAGE_COLUMNS}
        page.setdefault("fetched_at", now_iso())
        texts = doc.texts if doc is not None else []
        indexed: list[str] = []
        # One transaction for the page and every document it places: a process killed
        # half-way (an ingester's SIGKILL) leaves all of it or none, never a document whose
        # variant is missing, which the page's next arrival would store a second time.
        try:
            with self.db.atomic():
                placed = [self._place_document(page, t, i, indexed) for i, t in enumerate(texts)]
                if placed:
                    page["document_id"], page["outcome"] = placed[0]
                    page["variant_id"] = texts[0].content_hash
                    # The page's own headline (a site that retitled 2023 as 2024 shows here).
                    page.setdefault("headline", doc.title_raw or doc.title)
                self.db["pages"].upsert(page, pk="url", alter=True)
                if len(texts) > 1:
                    self._record_parts(page["url"], texts, placed)
                for document_id in {document_id for document_id, _ in placed}:
                    self._count_sources(document_id)
        except BaseException:
            for key in indexed:  # the rows were rolled back: so are their index entries
                self.index.remove(key)
            raise
        return page

    def _record_parts(self, url: str, texts: list[Document], placed: list[tuple[int, str]]) -> None:
        rows = [
            {"url": url, "part": i, "document_id": document_id, "variant_id": text.content_hash,
             "title": text.title, "outcome": outcome}
            for i, (text, (document_id, outcome)) in enumerate(zip(texts, placed, strict=True))
        ]  # fmt: skip
        self.db["page_parts"].upsert_all(rows, pk=("url", "part"))

    def _place_document(
        self, page: dict, doc: Document, part: int, indexed: list[str]
    ) -> tuple[int, str]:
        """Place one text (inside add_page's transaction); keys it adds to the index go to indexed."""
        known = self.db.execute(
            "select document_id from variants where id = ?", [doc.content_hash]
        ).fetchone()
        if known:
            unchanged = self._previous_variant(page["url"], part) == doc.content_hash
            placed = place_version(known[0], unchanged, None)
            return placed.document_id, placed.outcome
        fp = fingerprint(doc.body)
        match = self.index.match(fp, doc.body, self._variant_body)
        placed = place_version(None, False, self._variant_document(match) if match else None)
        document_id = placed.document_id
        if document_id is None:
            document_id = self._insert_document(doc, page["fetched_at"])
        self._insert_variant(doc, document_id, fp, page["fetched_at"])
        self._choose_canonical(document_id)
        self.index.add(doc.content_hash, fp)
        indexed.append(doc.content_hash)
        return document_id, placed.outcome

    def _previous_variant(self, url: str, part: int) -> str | None:
        """The text this URL gave last time (for a compilation, its part ``part``)."""
        row = self.db.execute(
            "select variant_id from page_parts where url = ? and part = ?", [url, part]
        ).fetchone()
        if row is None and part == 0:
            row = self.db.execute("select variant_id from pages where url = ?", [url]).fetchone()
        return row[0] if row else None

    def _insert_document(self, doc: Document, fetched_at: str) -> int:
        row = document_row(doc, fetched_at)
        document_id = self.db["documents"].insert(row).last_pk
        self._index_text(document_id, row)
        return document_id

    def _insert_variant(self, doc: Document, document_id: int, fp: Fingerprint, seen: str) -> None:
        self.db["variants"].insert(
            {
                "id": doc.content_hash, "document_id": document_id, "title": doc.title,
                "site": doc.site, "url": doc.url, "published": doc.published,
                "char_count": doc.char_count, "is_canonical": 0, "first_seen": seen,
                "document_json": json.dumps(doc.to_dict(), ensure_ascii=False),
            }  # fmt: skip
        )
        # Columns are whatever cleaning.dedup needs to match a text later.
        self.db["variant_fingerprints"].insert(
            {"id": doc.content_hash, **fp.to_row()}, pk="id", alter=True
        )

    def _choose_canonical(self, document_id: int) -> None:
        """Show the most complete version of a text as its document."""
        versions = {
            v["id"]: json.loads(v["document_json"])
            for v in self.db.query("select * from variants where document_id = ?", [document_id])
        }
        best = canonical_version({vid: data["body"] for vid, data in versions.items()})
        self.db.execute(
            "update variants set is_canonical = (id = ?) where document_id = ?",
            [best, document_id],
        )
        current = self.db["documents"].get(document_id)
        if current["content_hash"] == best:
            return
        self._unindex_text(document_id, current)
        doc = Document(**_document_fields(versions[best]))
        row = document_row(doc, current["fetched_at"])
        self.db["documents"].update(document_id, row)
        self._index_text(document_id, row)

    def _count_sources(self, document_id: int) -> None:
        self.db.execute(
            """update documents set
                 variant_count = (select count(*) from variants where document_id = :id),
                 source_count = (select count(*) from (
                     select url from pages where document_id = :id
                     union select url from page_parts where document_id = :id))
               where id = :id""",
            {"id": document_id},
        )

    def _variant_body(self, variant_id: str) -> str:
        row = self.db.execute(
            "select document_json from variants where id = ?", [variant_id]
        ).fetchone()
        return json.loads(row[0])["body"] if row else ""

    def _variant_document(self, variant_id: str) -> int:
        return self.db.execute(
            "select document_id from variants where id = ?", [variant_id]
        ).fetchone()[0]

    def _index_text(self, document_id: int, row: dict) -> None:
        self.db.execute(
            f"insert into {FTS_TABLE}(rowid, title, body) values (?, ?, ?)",
            [document_id, bigram_text(row["title"] or ""), bigram_text(row["body"])],
        )

    def _unindex_text(self, document_id: int, row: dict) -> None:
        # A contentless FTS5 table forgets a row only when given the indexed values back.
        self.db.execute(
            f"insert into {FTS_TABLE}({FTS_TABLE}, rowid, title, body) values ('delete', ?, ?, ?)",
            [document_id, bigram_text(row["title"] or ""), bigram_text(row["body"])],
        )

    def close(self) -> None:
        """Fold the WAL into the main file, so read-only readers see every write."""
        self.db.execute("pragma wal_checkpoint(truncate)")
        self.db.close()

    def document_count(self) -> int:
        return self.db["documents"].count

    # -- crawls ------------------------------------------------------------
    def start_crawl(self, spider: str) -> int:
        return self.db["crawls"].insert({"spider": spider, "started": now_iso()}).last_pk

    def finish_crawl(self, crawl_id: int, stats: dict) -> None:
        """Close a crawl's row with its stats (values JSON lacks, such as datetimes, as text)."""
        jsonable = {k: v if isinstance(v, int | float | str) else str(v) for k, v in stats.items()}
        self.db["crawls"].update(
            crawl_id, {"finished": now_iso(), "stats": json.dumps(jsonable, ensure_ascii=False)}
        )


def stale_fingerprints(db: sqlite_utils.Database) -> bool:
    """Were some stored fingerprints made with other near-duplicate parameters than today's?"""
    if "variant_fingerprints" not in db.table_names():
        return False
    sql = "select 1 from variant_fingerprints where scheme != ? limit 1"
    return db.execute(sql, [default_params().scheme]).fetchone() is not None


def refingerprint(db: sqlite_utils.Database, batch: int = 500) -> int:
    """Recompute every variant's fingerprint from its stored text, with today's parameters.

    A change in cleaning/data/dedup.toml then costs one pass over the variants
    instead of leaving a corpus that cannot be opened. Returns how many.
    """
    rows = db.execute("select id, document_json from variants order by rowid").fetchall()
    with db.atomic():
        if "variant_fingerprints" in db.table_names():
            db.execute("delete from variant_fingerprints")
        for start in range(0, len(rows), batch):
            chunk = rows[start : start + batch]
            bodies = [json.loads(document_json)["body"] for _, document_json in chunk]
            fps = fingerprint_many(bodies)
            db["variant_fingerprints"].insert_all(
                ({"id": vid, **fp.to_row()} for (vid, _), fp in zip(chunk, fps, strict=True)),
                pk="id",
                alter=True,
            )
    return len(rows)


def judged_urls(db: sqlite_utils.Database) -> set[str]:
    """Article URLs already fetched successfully: an incremental crawl skips them."""
    if "pages" not in db.table_names():
        return set()
    sql = "select url from pages where kind = 'article' and status = 200"
    return {row["url"] for row in db.query(sql)}


def last_url_of_each_site(db: sqlite_utils.Database) -> dict[str, str]:
    """The URL each site was last fetched at (its host and port are where it lives)."""
    if "pages" not in db.table_names():
        return {}
    sql = "select site, url from pages where site is not null order by fetched_at"
    return {row["site"]: row["url"] for row in db.query(sql)}


def document_row(doc: Document, fetched_at: str) -> dict:
    """The documents-table row for a Document: lists and flags as JSON text."""
    data = doc.to_dict()
    row = {k: data.get(k) for k in DOCUMENT_COLUMNS if k not in ("id", "fetched_at")}
    # Years as JSON numbers, so json_each(years_reported) compares them as numbers.
    for key in ("years_reported", "years_title"):
        row[key] = json.dumps([int(y) for y in data.get(key) or []])
    row["flags"] = json.dumps(data.get("flags") or [], ensure_ascii=False)
    evidence = data.get("place_evidence")
    row["place_evidence"] = json.dumps(evidence, ensure_ascii=False) if evidence else None
    row["traditional_source"] = int(bool(doc.traditional_source))
    row["fetched_at"] = fetched_at
    row["variant_count"] = row["source_count"] = 1
    return row


def _document_fields(data: dict) -> dict:
    fields = Document.__dataclass_fields__
    return {k: v for k, v in data.items() if k in fields}
