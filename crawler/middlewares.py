"""Downloader and spider middlewares: each does one thing, switched on in settings."""

from __future__ import annotations

import email.utils
import logging
from datetime import UTC, datetime

from scrapy.http import HtmlResponse, Request, Response

from cleaning.decode import DecodeError, decode_html
from corpus.store import judged_urls, open_db

logger = logging.getLogger(__name__)


class BodyEncodingMiddleware:
    """Read pages in the encoding their bytes use, not the one their header claims.

    Scrapy trusts the HTTP header first; template sites often serve GBK under
    ``charset=utf-8``. Link texts (and so request priorities) need the truth.
    """

    def process_response(self, request: Request, response: Response) -> Response:
        if not isinstance(response, HtmlResponse) or not response.body:
            return response
        try:
            _, encoding = decode_html(response.body, _str_headers(response))
        except DecodeError:
            return response
        if encoding != response.encoding:
            return response.replace(encoding=encoding)
        return response


class RetryAfterMiddleware:
    """Honour ``Retry-After`` on 429/503, and slow down on any 429.

    Scrapy's RetryMiddleware retries at once and AutoThrottle does not react to
    429; a server that says "come back in N seconds" gets its N seconds (capped)
    as that site's delay before the one retry.
    """

    MAX_WAIT = 300
    DEFAULT_429_WAIT = 10.0

    def __init__(self, crawler):
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def process_response(self, request: Request, response: Response) -> Response:
        if response.status not in (429, 503) or request.meta.get("retry_after_done"):
            return response
        header = response.headers.get(b"Retry-After")
        if header is not None:
            wait = _retry_after_seconds(header.decode("latin-1"))
        elif response.status == 429:
            wait = self.DEFAULT_429_WAIT  # too many requests, no hint: back off anyway
        else:
            return response
        if wait is None:
            return response
        self._slow_down(request, min(wait, self.MAX_WAIT))
        logger.info("%s: %s, waiting %.0fs before retrying", request.url, response.status, wait)
        retry = request.replace(dont_filter=True)
        retry.meta["retry_after_done"] = True
        return retry

    def _slow_down(self, request: Request, wait: float) -> None:
        downloader = self.crawler.engine.downloader
        slot = downloader.slots.get(downloader.get_slot_key(request))
        if slot is not None:
            slot.delay = max(slot.delay, wait)
        self.crawler.stats.inc_value("politeness/retry_after")


def _retry_after_seconds(value: str) -> float | None:
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max((when - datetime.now(UTC)).total_seconds(), 0.0)


class SkipJudgedArticlesMiddleware:
    """Incremental crawls: do not fetch again an article page the corpus already holds.

    The database is the checkpoint, so this survives a hard kill that loses
    JOBDIR's in-memory queue. ``-s REFRESH=1`` turns it off.
    """

    def __init__(self, db_path: str, refresh: bool):
        self.refresh = refresh
        self.judged: set[str] = set()
        self.skipped: set[str] = set()  # one known article is linked from many list pages
        if not refresh:
            self.judged = judged_urls(open_db(db_path))

    @classmethod
    def from_crawler(cls, crawler):
        settings = crawler.settings
        middleware = cls(settings.get("CORPUS_DB"), settings.getbool("REFRESH"))
        middleware.stats = crawler.stats
        return middleware

    async def process_spider_output(self, response, result):
        async for item in result:
            if not self._skip(item):
                yield item

    async def process_start(self, start):
        async for item in start:
            if not self._skip(item):
                yield item

    def _skip(self, item) -> bool:
        # Only article pages are ever judged, so any request for one is a repeat.
        if not (isinstance(item, Request) and item.url in self.judged):
            return False
        self.skipped.add(item.url)
        self.stats.set_value("incremental/skipped_known_articles", len(self.skipped))
        return True


def _str_headers(response: Response) -> dict[str, str]:
    return {k.decode("latin-1"): v[0].decode("latin-1") for k, v in response.headers.items() if v}

