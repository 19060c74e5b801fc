"""Item pipelines: clean the bytes of an article page, then store what it became."""

from __future__ import annotations

import asyncio
import multiprocessing
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor

from scrapy.exceptions import NotConfigured
from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet.threads import deferToThread

from corpus.ingest import FetchedPage, judge, page_tallies, place
from corpus.store import CorpusStore, open_db
from crawler.faults import REFUSED
from crawler.items import PageItem
from crawler.preflight import check_database


class CleanPipeline:
    """Turn an article page into a Document, or say why it is not one of ours.

    Cleaning is CPU work, kept off the reactor thread: in a thread by default,
    or with ``CLEAN_WORKERS=N`` in N worker processes, which is what lets the
    crawl use more than one core (cleaning holds the GIL).
    """

    def __init__(self, stats, min_chars: int, workers: int = 0):
        self.stats = stats
        self.min_chars = min_chars
        self.workers = workers
        self.pool: ProcessPoolExecutor | None = None

    @classmethod
    def from_crawler(cls, crawler):
        workers = crawler.settings.getint("CLEAN_WORKERS")
        if workers < 0:
            raise NotConfigured(f"CLEAN_WORKERS must be 0 (a thread) or more, not {workers}")
        return cls(crawler.stats, crawler.settings.getint("MIN_BODY_CHARS"), workers)

    def open_spider(self) -> None:
        if self.workers:
            # spawn: a forked copy of a running reactor is not a safe worker.
            context = multiprocessing.get_context("spawn")
            self.pool = ProcessPoolExecutor(self.workers, mp_context=context)

    def close_spider(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)

    async def process_item(self, item: PageItem) -> PageItem:
        if item.kind != "article":
            return item
        self.stats.inc_value("pages/article")
        args = (fetched_page(item), self.min_chars)
        if self.pool is not None:
            judgement = await asyncio.wrap_future(self.pool.submit(judge, *args))
        else:
            judgement = await maybe_deferred_to_future(deferToThread(judge, *args))
        item.judgement = judgement
        item.document, item.reject_reason = judgement.document, judgement.reason
        return item


class StorePipeline:
    """Write every page, and every accepted document, to the corpus database.

    All database work happens in one thread of its own, in the order items come:
    SQLite releases the GIL while it works, so the reactor keeps downloading and
    the cleaning workers keep cleaning meanwhile.
    """

    def __init__(self, crawler):
        self.crawler = crawler
        self.stats = crawler.stats
        self.db_path = crawler.settings.get("CORPUS_DB")
        self.store: CorpusStore | None = None
        self.crawl_id: int | None = None
        self.thread = ThreadPoolExecutor(1, thread_name_prefix="corpus-store")

    @classmethod
    def from_crawler(cls, crawler):
        check_database(crawler.settings.get("CORPUS_DB"))  # a clear error, not an empty store
        return cls(crawler)

    def open_spider(self) -> None:
        self.thread.submit(self._open, self.crawler.spider.name).result()
        self.stats.set_value("corpus/db", self.db_path)
        self.stats.set_value("corpus/documents_before", self.documents_before)

    def _open(self, spider_name: str) -> None:
        db = open_db(self.db_path)
        # WAL's own recommended mode: never corrupts; a power cut may lose the last pages,
        # which the next (incremental) crawl fetches again. FULL cost one fsync per page.
        db.execute("pragma synchronous=normal")
        self.store = CorpusStore(db)
        self.crawl_id = self.store.start_crawl(spider_name)
        self.documents_before = self.store.document_count()

    def close_spider(self) -> None:
        if self.store is not None:
            self.thread.submit(self._close).result()
        self.thread.shutdown()

    def _close(self) -> None:
        self.stats.set_value("corpus/documents_after", self.store.document_count())
        self.store.finish_crawl(self.crawl_id, self.stats.get_stats())
        self.store.close()

    async def process_item(self, item: PageItem) -> PageItem:
        page = fetched_page(item)
        row = await asyncio.wrap_future(
            self.thread.submit(place, self.store, page, item.judgement, self.crawl_id)
        )
        for key in page_tallies(page, row):
            self.stats.inc_value(key)
        return item


def fetched_page(item: PageItem) -> FetchedPage:
    """The crawler's item as the ingestion path takes it."""
    return FetchedPage(
        url=item.url, site=item.site, kind=item.kind, status=item.status,
        fetched_at=item.fetched_at, body=item.body, headers=item.headers,
        referer=item.referer, reason=item.reason,
        refused=item.kind == "error" and item.reason in REFUSED,
    )  # fmt: skip

