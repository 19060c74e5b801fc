"""Clean one fetched page and decide whether the corpus keeps it."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass

from cleaning.document import Document
from cleaning.pipeline import clean_html
from cleaning.topic import reject_reason

logger = logging.getLogger(__name__)


@dataclass
class Judgement:
    document: Document | None
    reason: str | None  # why the page is not kept; None when it is

    @property
    def accepted(self) -> bool:
        return self.document is not None and self.reason is None


def judge_page(
    body: bytes,
    url: str | None = None,
    headers: Mapping[str, str] | None = None,
    min_chars: int = 200,
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
    return Judgement(doc, reject_reason(doc.title, doc.body, min_chars))
