"""One way in for a fetched page: clean it, judge it, place it, store it.

The crawler (crawler/pipelines.py) and the re-cleaner (corpus/reclean.py)
both hand their pages to these functions, so a page's fate follows one set of
rules wherever it comes from:

    judge(page)                 clean the bytes and decide (CPU work, no database:
                                safe in a thread or a worker process)
    place(store, page, verdict) the page row and the documents it holds, written
    ingest(store, page)         both, one after the other
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, field, replace

from cleaning.judge import Judgement, judge_page
from cleaning.topic import MIN_BODY_CHARS
from corpus.store import CorpusStore

logger = logging.getLogger(__name__)

# Pages whose bytes are judged: articles, and pages a generic crawl could not classify.
CANDIDATE_KINDS = ("article", "unknown")
# What the fetcher already knows a page to be, when it is not judged.
_OUTCOME_OF_KIND = {"list": "list", "redirect": "redirect", "error": "error"}


@dataclass(frozen=True)
class FetchedPage:
    """One fetched URL, as the crawler or a WARC archive gives it."""

    url: str
    site: str
    kind: str  # article, list, redirect, error, unknown
    status: int
    fetched_at: str
    body: bytes = b""
    headers: Mapping[str, str] = field(default_factory=dict)
    referer: str | None = None
    reason: str | None = None  # the fault, for kind error
    refused: bool = False  # the crawler's own choice not to fetch or keep it (robots, offsite …)


def judge(page: FetchedPage, min_chars: int = MIN_BODY_CHARS) -> Judgement:
    """Clean an article page and decide whether the corpus keeps it.

    The document (and each text of a compilation) is credited to the page's
    site; cleaning never raises, so one broken page cannot stop a crawl.
    """
    judgement = judge_page(page.body, page.url, page.headers, min_chars)
    doc = judgement.document
    if doc is None:
        return judgement
    return replace(judgement, document=doc.located(site=page.site or doc.site))


def page_row(page: FetchedPage, judgement: Judgement | None, crawl_id: int | None = None) -> dict:
    """The pages-table row: what the URL was, and what became of it."""
    doc = judgement.document if judgement is not None else None
    outcome = "refused" if page.refused else _OUTCOME_OF_KIND.get(page.kind)
    reason = page.reason
    if judgement is not None and judgement.reason:
        outcome, reason = "rejected", judgement.reason
    elif judgement is not None and judgement.dropped:  # texts of a compilation left out
        reason = "; ".join(judgement.dropped)
    return {
        "url": page.url, "site": page.site, "kind": page.kind, "status": page.status,
        "fetched_at": page.fetched_at, "outcome": outcome, "reason": reason,
        "referer": page.referer, "title": getattr(doc, "title", None),
        "encoding": getattr(doc, "encoding", None), "content_length": len(page.body) or None,
        "crawl_id": crawl_id,
    }  # fmt: skip


def place(
    store: CorpusStore,
    page: FetchedPage,
    judgement: Judgement | None = None,
    crawl_id: int | None = None,
) -> dict:
    """Write the page and, when it is accepted, the documents it holds; return the row.

    A row that cannot be written becomes an error row, and what is stored already stays.
    """
    row = page_row(page, judgement, crawl_id)
    accepted = judgement is not None and judgement.accepted
    try:
        return store.add_page(row, judgement.document if accepted else None)
    except Exception as exc:  # a bad row never loses what is stored already
        logger.error("cannot store %s: %s: %s", page.url, type(exc).__name__, exc)
        row.update(outcome="error", reason=f"store_error:{type(exc).__name__}")
        return store.add_page({k: row[k] for k in ("url", "site", "kind", "outcome", "reason")})


def page_tallies(page: FetchedPage, row: dict) -> list[str]:
    """The crawl stats one placed page adds to (the names the crawl summary reads)."""
    tallies = [f"pages/outcome/{row['outcome']}"]
    if page.status:
        tallies.append("pages/fetched")
    if row["outcome"] == "rejected":
        tallies.append(f"pages/rejected/{row['reason']}")
    elif row["outcome"] in ("error", "refused"):
        tallies.append(f"faults/{row['reason']}")
    return tallies


def ingest(
    store: CorpusStore,
    page: FetchedPage,
    min_chars: int = MIN_BODY_CHARS,
    crawl_id: int | None = None,
) -> dict:
    """Judge a page when it is a candidate, then place it: the whole way in."""
    judgement = judge(page, min_chars) if page.kind in CANDIDATE_KINDS else None
    return place(store, page, judgement, crawl_id)
