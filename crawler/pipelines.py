"""Item pipelines: clean the bytes of an article page, then store what it became."""

from __future__ import annotations

import logging

from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet.threads import deferToThread

from cleaning.judge import judge_page
from corpus.store import CorpusStore, open_db
from crawler.items import PageItem

logger = logging.getLogger(__name__)


class CleanPipeline:
    """Turn an article page into a Document, or say why it is not one of ours."""

    def __init__(self, stats, min_chars: int):
        self.stats = stats
        self.min_chars = min_chars

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler.stats, crawler.settings.getint("MIN_BODY_CHARS"))

    async def process_item(self, item: PageItem) -> PageItem:
        if item.kind != "article":
            return item
        self.stats.inc_value("pages/article")
        # Cleaning is CPU work: keep it off the reactor thread.
        judgement = await maybe_deferred_to_future(
            deferToThread(judge_page, item.body, item.url, item.headers, self.min_chars)
        )
        doc = judgement.document
        item.document = doc.located(site=item.site) if doc is not None else None
        item.reject_reason = judgement.reason
        if judgement.dropped:  # texts of a compilation that are not ours: say which and why
            item.reason = "; ".join(judgement.dropped)
        return item


class StorePipeline:
    """Write every page, and every accepted document, to the corpus database."""

    def __init__(self, crawler):
        self.crawler = crawler
        self.stats = crawler.stats
        self.db_path = crawler.settings.get("CORPUS_DB")
        self.store: CorpusStore | None = None
        self.crawl_id: int | None = None

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def open_spider(self) -> None:
        self.store = CorpusStore(open_db(self.db_path))
        self.crawl_id = self.store.start_crawl(self.crawler.spider.name)
        self.stats.set_value("corpus/db", self.db_path)
        self.stats.set_value("corpus/documents_before", self.store.document_count())

    def close_spider(self) -> None:
        if self.store is None:
            return
        self.stats.set_value("corpus/documents_after", self.store.document_count())
        self.store.finish_crawl(self.crawl_id, _jsonable(self.stats.get_stats()))
        self.store.close()

    def process_item(self, item: PageItem) -> PageItem:
        page = self._page_row(item)
        accepted = item.kind == "article" and item.reject_reason is None and item.document
        try:
            page = self.store.add_page(page, item.document if accepted else None)
        except Exception as exc:  # a bad row never loses what is stored already
            logger.error("cannot store %s: %s: %s", item.url, type(exc).__name__, exc)
            page.update(outcome="error", reason=f"store_error:{type(exc).__name__}")
            self.store.add_page({k: page[k] for k in ("url", "site", "kind", "outcome", "reason")})
        self.stats.inc_value(f"pages/outcome/{page['outcome']}")
        if page["outcome"] == "rejected":
            self.stats.inc_value(f"pages/rejected/{page['reason']}")
        return item

    def _page_row(self, item: PageItem) -> dict:
        doc = item.document
        outcome = {"list": "list", "redirect": "redirect", "error": "error"}.get(item.kind)
        if item.kind == "article" and item.reject_reason:
            outcome = "rejected"
        return {
            "url": item.url, "site": item.site, "kind": item.kind, "status": item.status,
            "fetched_at": item.fetched_at, "outcome": outcome,
            "reason": item.reject_reason or item.reason, "referer": item.referer,
            "title": getattr(doc, "title", None), "encoding": getattr(doc, "encoding", None),
            "content_length": len(item.body) or None, "crawl_id": self.crawl_id,
        }  # fmt: skip


def _jsonable(stats: dict) -> dict:
    return {k: v if isinstance(v, int | float | str) else str(v) for k, v in stats.items()}
