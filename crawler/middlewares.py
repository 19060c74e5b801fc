"""Downloader and spider middlewares: each does one thing, switched on in settings.

Their priorities against Scrapy's defaults are explained in ``crawler/settings.py``.
"""

from __future__ import annotations

import email.utils
import ipaddress
import logging
import socket
from datetime import UTC, datetime

from scrapy.downloadermiddlewares.offsite import OffsiteMiddleware
from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.exceptions import IgnoreRequest
from scrapy.http import HtmlResponse, Request, Response
from scrapy.utils.defer import maybe_deferred_to_future
from scrapy.utils.httpobj import urlparse_cached
from twisted.internet.task import deferLater

from cleaning.decode import DecodeError, decode_html
from corpus.store import judged_urls, open_db
from crawler.faults import Refused
from crawler.preflight import check_database
from crawler.slots import download_slot

logger = logging.getLogger(__name__)
SAFE_SCHEMES = ("http", "https")


class SafeUrlMiddleware:
    """Refuse any request that is not http(s), or that reaches a private address.

    Runs first of all (40, before OffsiteMiddleware's 50), on every request:
    links, redirects, meta refresh, sitemaps, retries. A private, loopback or
    link-local address is allowed only when a start URL names it literally (the
    user chose it, as with the offline mirror on 127.0.0.1); a host name that
    resolves to one (DNS rebinding, an intranet name) is refused once the
    connection shows its address.
    """

    def __init__(self, crawler):
        self.crawler = crawler
        self._chosen: set[str] | None = None

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def process_request(self, request: Request) -> None:
        url = urlparse_cached(request)
        if url.scheme not in SAFE_SCHEMES:
            raise Refused("unsafe_scheme", url.scheme)
        host = url.hostname or ""
        if is_private_host(host) and host not in self._chosen_private_hosts():
            raise Refused("private_address", host)

    def process_response(self, request: Request, response: Response) -> Response:
        address = response.ip_address
        host = urlparse_cached(request).hostname or ""
        if address is None or _literal_ip(host) is not None or host == "localhost":
            return response  # a literal address was checked before the request
        if is_private_host(str(address)) and host not in self._chosen_private_hosts():
            raise Refused("private_address", f"{host} is {address}")
        return response

    def _chosen_private_hosts(self) -> set[str]:
        """Private hosts that start URLs name (the spider's profiles are set once it exists)."""
        if self._chosen is None:
            profiles = getattr(self.crawler.spider, "profiles", [])
            self._chosen = {h for p in profiles for h in p.start_hosts() if is_private_host(h)}
        return self._chosen


def is_private_host(host: str) -> bool:
    """True for loopback, private, link-local and other non-public addresses (and localhost)."""
    if host == "localhost" or host.endswith(".localhost"):
        return True
    address = _literal_ip(host)
    if address is None:
        return False
    return not address.is_global or address.is_multicast


def _literal_ip(host: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(host)
    except ValueError:
        pass
    try:  # the spellings a resolver also accepts: 2130706433, 0x7f.1, 127.1
        return ipaddress.IPv4Address(socket.inet_aton(host))
    except OSError:
        return None


class ProfileOffsiteMiddleware(OffsiteMiddleware):
    """Scrapy's OffsiteMiddleware, with each request held to the hosts of its own profile.

    Hosts are compared with their port (the mirror's sites are ports of
    127.0.0.1). It refuses in the downloader chain rather than when a request is
    scheduled, so the request's errback runs and the refusal is recorded as
    ``offsite``; a refused redirect or meta refresh is a fault, not a silence.
    """

    def request_scheduled(self, request: Request) -> None:
        return None  # refused in process_request, where the errback sees it

    def process_request(self, request: Request) -> None:
        try:
            super().process_request(request)
        except IgnoreRequest as exc:
            raise Refused("offsite", urlparse_cached(request).netloc) from exc

    def should_follow(self, request: Request, spider) -> bool:
        profile = request.meta.get("profile")
        if profile is None:  # robots.txt and other requests of Scrapy's own
            return super().should_follow(request, spider)
        return profile.owns(request.url)


class BodyEncodingMiddleware:
    """Read pages in the encoding their bytes use, not the one their header claims.

    Scrapy trusts the HTTP header first; template sites often serve GBK under
    ``charset=utf-8`` or ``iso-8859-1``. Link texts (and so request priorities,
    and the article test of a generic crawl) need the truth. At 585 it sees the
    body after HttpCompressionMiddleware (590) has decompressed it.
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


class RetryAfterMiddleware(RetryMiddleware):
    """Scrapy's RetryMiddleware, which also waits as long as a 429/503 asks before retrying.

    It takes RetryMiddleware's place (550), so there is one retry machinery:
    ``get_retry_request`` counts ``RETRY_TIMES`` and the ``retry/*`` stats. A
    ``Retry-After`` (seconds or a date; on 429 without one, RETRY_AFTER_DEFAULT)
    pauses the whole site for that long, then the request is retried; a wait
    over RETRY_AFTER_MAX is not waited out: the page is recorded as http_429/http_5xx.
    """

    def __init__(self, settings):
        super().__init__(settings)
        self.default_429_wait = settings.getfloat("RETRY_AFTER_DEFAULT", 10.0)
        self.max_wait = settings.getfloat("RETRY_AFTER_MAX", 120.0)

    async def process_response(self, request: Request, response: Response):
        wait = self._asked_wait(request, response)
        if wait is None:
            return super().process_response(request, response)
        if wait > self.max_wait:
            self.crawler.stats.inc_value("retry_after/too_long")
            return response
        if wait > 0:
            logger.info("%s: %s, waiting %.1fs before retrying", request.url, response.status, wait)
            self.crawler.stats.inc_value("retry_after/waits")
            self.crawler.stats.inc_value("retry_after/seconds", wait)
            await self._pause_site(request, wait)
        return super().process_response(request, response)

    def _asked_wait(self, request: Request, response: Response) -> float | None:
        """Seconds the server asks for, or None when this response is not a back-off."""
        if response.status not in (429, 503) or response.status not in self.retry_http_codes:
            return None
        max_times = request.meta.get("max_retry_times", self.max_retry_times)
        if request.meta.get("dont_retry") or request.meta.get("retry_times", 0) >= max_times:
            return None  # no retry is coming: nothing to wait for
        header = response.headers.get(b"Retry-After")
        if header is not None:
            return _retry_after_seconds(header.decode("latin-1"))
        return self.default_429_wait if response.status == 429 else None

    async def _pause_site(self, request: Request, wait: float) -> None:
        """Hold the site's download slot to one request per ``wait`` seconds while waiting."""
        from twisted.internet import reactor  # the one Scrapy installed, not a default

        slot = download_slot(self.crawler, request)
        before = slot.delay if slot is not None else 0.0
        if slot is not None:
            slot.delay = max(before, wait)
        await maybe_deferred_to_future(deferLater(reactor, wait))
        if slot is not None and slot.delay == max(before, wait):
            slot.delay = before  # unless AutoThrottle or robots Crawl-delay set it since


def _retry_after_seconds(value: str) -> float | None:
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
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
        check_database(settings.get("CORPUS_DB"))
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

