"""Re-clean archived raw responses into a database, without fetching anything.

The WARC files written during crawls hold every page as it was downloaded; a
better cleaner, or a fresh database, is one command away:

    python -m corpus reclean archive/*.warc.gz --db recleaned.db
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import replace
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator

from cleaning.topic import MIN_BODY_CHARS
from corpus.ingest import CANDIDATE_KINDS, FetchedPage, ingest
from corpus.store import CorpusStore, open_db


def iter_archived_pages(paths: Iterable[Path]) -> Iterator[FetchedPage]:
    """Every response record of the WARC files, body decoded from any Content-Encoding."""
    for path in paths:
        with open(path, "rb") as stream:
            for record in ArchiveIterator(stream):
                if record.rec_type != "response":
                    continue
                yield FetchedPage(
                    url=record.rec_headers.get_header("WARC-Target-URI"),
                    site=record.rec_headers.get_header("WARC-Crawl-Site") or "",
                    kind=record.rec_headers.get_header("WARC-Crawl-Kind") or "",
                    status=int(record.http_headers.get_statuscode()),
                    fetched_at=record.rec_headers.get_header("WARC-Date"),
                    headers=dict(record.http_headers.headers),
                    body=record.content_stream().read(),
                )


def reclean(archives: list[Path], db_path: str | Path, min_chars: int = MIN_BODY_CHARS) -> Counter:
    """Clean every archived article page into ``db_path``; return outcome counts."""
    store = CorpusStore(open_db(db_path))
    outcomes: Counter = Counter()
    for page in iter_archived_pages(archives):
        if page.status != 200 or page.kind not in CANDIDATE_KINDS:
            continue
        row = ingest(store, replace(page, kind="article"), min_chars)  # judged as the crawl does
        outcomes[row["outcome"]] += 1
    store.close()
    return outcomes
