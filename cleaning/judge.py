"""Clean one fetched page and decide whether the corpus keeps it."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, field, replace

from cleaning.document import Document
from cleaning.pipeline import clean_html
from cleaning.topic import MIN_BODY_CHARS, reject_reason

logger = logging.getLogger(__name__)


@dataclass
class Judgement:
    document: Document | None
    reason: str | None  # why the page is not kept; None when it is
    dropped: list[str] = field(default_factory=list)  # texts of a compilation left out, and why

    @property
    def accepted(self) -> bool:
        return self.document is not None and self.reason is None


def judge_page(
    body: bytes,
    url: str | None = None,
    headers: Mapping[str, str] | None = None,
    min_chars: int = MIN_BODY_CHARS,
) -> Judgement:
    """Clean page bytes; keep the document only if it is long enough and on topic.

    Never raises for a bad page: the failure becomes the reason, so one broken
    page cannot stop a crawl or a batch.
    """
    try:
        doc = clean_html(body, url, headers)
    except Exception as exc:
        logger.warning("cannot clean %s: %s: %s", url, type(exc).__name__, exc)
        return Judgement(None, f"clean_error:{type(exc).__name__}")
    if not doc.parts:
        return Judgement(doc, reject_reason(doc.title, doc.body, min_chars))
    return judge_parts(doc, min_chars)


def judge_parts(doc: Document, min_chars: int) -> Judgement:
    """A compilation keeps the texts that are ours; the others' reasons are kept in ``dropped``."""
    reasons = [reject_reason(part.title, part.body, min_chars) for part in doc.parts]
    kept = [part for part, reason in zip(doc.parts, reasons, strict=True) if reason is None]
    dropped = [f"part {i + 1}: {reason}" for i, reason in enumerate(reasons) if reason]
    if not kept:
        return Judgement(doc, reasons[0], dropped)
    if len(kept) == len(doc.parts):
        return Judgement(doc, None)
    several = len(kept) > 1
    page = replace(
        kept[0],
        title=doc.title,
        title_raw=doc.title_raw,
        flags=[*kept[0].flags, "compilation"] if several else kept[0].flags,
        parts=kept if several else [],
    )
    return Judgement(page, None, dropped)
