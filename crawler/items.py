"""What the spider hands on: a fetched page, as raw bytes and facts about the fetch."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class PageItem:
    """One fetched URL. ``kind`` is 'article', 'list', 'redirect' or 'error'."""

    url: str
    site: str
    kind: str
    status: int
    fetched_at: str
    # Left out of repr: Scrapy logs a dropped item whole, and a page's bytes would fill the log.
    body: bytes = field(default=b"", repr=False)
    headers: dict[str, str] = field(default_factory=dict, repr=False)
    referer: str | None = None
    reason: str | None = None  # why the fetch failed, for kind 'error'
    # Filled by CleanPipeline:
    judgement: object | None = field(default=None, repr=False)  # cleaning.judge.Judgement
    document: object | None = field(default=None, repr=False)  # the judgement's cleaning.Document
    reject_reason: str | None = None
