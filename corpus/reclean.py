"""Re-clean archived raw responses into a database, without fetching anything.

The WARC files written during crawls hold every page as it was downloaded; a
better cleaner, or a fresh database, is one command away:

    python -m corpus reclean archive/*.warc.gz --db recleaned.db
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator

from cleaning.judge import judge_page
from corpus.store import CorpusStore, open_db

CANDIDATE_KINDS = ("article", "unknown")  # 'unknown': a generic crawl judged it by content


@dataclass
class ArchivedPage:
    url: str
    site: str
    kind: str
    status: int
    fetched_at: str
    headers: dict[str, str]
    body: bytes


def iter_archived_pages(paths: Iterable[Path]) -> Iterator[ArchivedPage]:
    """Every response record of the WARC files, body decoded from any Content-Encoding."""
    for path in paths:
        with open(path, "rb") as stream:
            for record in ArchiveIterator(stream):
                if record.rec_type != "response":
                    continue
                yield ArchivedPage(
                    url=record.rec_headers.get_header("WARC-Target-URI"),
                    site=record.rec_headers.get_header("WARC-Crawl-Site") or "",
                    kind=record.rec_headers.get_header("WARC-Crawl-Kind") or "",
                    status=int(record.http_headers.get_statuscode()),
                    fetched_at=record.rec_headers.get_header("WARC-Date"),
                    headers=dict(record.http_headers.headers),
                    body=record.content_stream().read(),
                )


def reclean(archives: list[Path], db_path: str | Path, min_chars: int = 200) -> Counter:
    """Clean every archived article page into ``db_path``; return outcome counts."""
    store = CorpusStore(open_db(db_path))
    outcomes: Counter = Counter()
    for page in iter_archived_pages(archives):
        if page.status != 200 or page.kind not in CANDIDATE_KINDS:
            continue
        judgement = judge_page(page.body, page.url, page.headers, min_chars)
        doc = judgement.document
        row = {"url": page.url, "site": page.site, "kind": "article", "status": 200,
               "fetched_at": page.fetched_at, "content_length": len(page.body),
               "title": doc and doc.title, "encoding": doc and doc.encoding}  # fmt: skip
        if judgement.accepted:
            row["reason"] = "; ".join(judgement.dropped) or None
            row = store.add_page(row, doc.located(site=page.site or doc.site))
        else:
            row = store.add_page({**row, "outcome": "rejected", "reason": judgement.reason})
        outcomes[row["outcome"]] += 1
    store.close()
    return outcomes
