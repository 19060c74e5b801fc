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
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    referer: str | None = None
    reason: str | None = None  # why the fetch failed, for kind 'error'
    # Filled by CleanPipeline:
    judgement: object | None = None  # cleaning.judge.Judgement, what the ingestion path decided
    document: object | None = None  # cleaning.Document (the judgement's, for stats and tests)
    reject_reason: str | None = None
