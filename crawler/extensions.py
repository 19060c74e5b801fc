"""Extensions: archive every raw response, and summarise the crawl when it ends."""

from __future__ import annotations

import io
import sys
import time
from datetime import UTC, datetime
from http import HTTPStatus
from pathlib import Path
from urllib.parse import urlsplit

from scrapy import signals
from scrapy.exceptions import NotConfigured
from scrapy.utils.asyncio import create_looping_call
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from crawler.faults import REFUSED
from crawler.slots import download_slot


class WarcArchive:
    """Write each response exactly as downloaded (before any middleware) to a WARC file.

    The archive is what lets a later, better cleaner re-clean everything
    without fetching again: one ``.warc.gz`` per crawl run under ARCHIVE_DIR,
    created with the first response (a crawl that fetched nothing leaves none).
    """

    def __init__(self, directory: Path, spider_name: str, stats):
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
        self.directory = directory
        self.path = directory / f"{spider_name}-{stamp}.warc.gz"
        self.stats = stats
        self._file = None
        self._writer: WARCWriter | None = None
        self.records = 0

    @classmethod
    def from_crawler(cls, crawler):
        directory = crawler.settings.get("ARCHIVE_DIR")
        if not directory:
            raise NotConfigured("ARCHIVE_DIR is empty")
        name = crawler.spidercls.name
        if crawler.settings.get("FRONTIER"):  # workers of one crawl, started the same second
            from crawler.frontier import worker_name

            name = f"{name}-{worker_name(crawler.settings)}"
        ext = cls(Path(directory), name, crawler.stats)
        crawler.signals.connect(ext.response_downloaded, signal=signals.response_downloaded)
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        return ext

    def _open(self) -> WARCWriter:
        self.directory.mkdir(parents=True, exist_ok=True)
        self._file = self.path.open("wb")
        self._writer = WARCWriter(self._file, gzip=True)
        self.stats.set_value("archive/path", str(self.path))
        return self._writer

    def response_downloaded(self, response, request, spider) -> None:
        writer = self._writer or self._open()
        headers = [
            (k.decode("latin-1"), v.decode("latin-1"))
            for k, values in response.headers.items()
            for v in values
        ]
        status = StatusAndHeaders(f"{response.status} {_reason(response.status)}", headers,
                                  protocol="HTTP/1.1")  # fmt: skip
        # Which site and kind of page it was, so the archive can be re-cleaned alone.
        extra = {"WARC-Crawl-Site": getattr(request.meta.get("profile"), "name", ""),
                 "WARC-Crawl-Kind": request.meta.get("kind", "")}  # fmt: skip
        record = writer.create_warc_record(
            response.url, "response", payload=io.BytesIO(response.body),
            http_headers=status, warc_headers_dict=extra,
        )  # fmt: skip
        writer.write_record(record)
        self.records += 1
        self.stats.inc_value("archive/records")

    def spider_closed(self, spider) -> None:
        if self._file is not None:
            self._file.close()
        else:
            self.stats.set_value("archive/path", "none (nothing was downloaded)")


def _reason(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Unknown"


class CrawlSummary:
    """Print what the crawl did: pages, documents, rejections, duplicates, faults, time."""

    def __init__(self, crawler, out=None):
        self.crawler = crawler
        self.out = out or sys.stdout

    @classmethod
    def from_crawler(cls, crawler):
        ext = cls(crawler)
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        return ext

    def spider_closed(self, spider, reason) -> None:
        print(self.report(self.crawler.stats.get_stats(), reason), file=self.out, flush=True)

    def report(self, stats: dict, reason: str) -> str:
        return format_summary(stats, reason)


def format_summary(stats: dict, reason: str = "finished") -> str:
    """The end-of-crawl report, from Scrapy's stats."""
    get = stats.get
    stored, dup, near, same = (
        get(f"pages/outcome/{k}", 0) for k in ("stored", "duplicate", "near_duplicate", "unchanged")
    )
    articles = get("pages/article", 0)
    on_topic = stored + dup + near + same
    started = get("start_time")
    elapsed = (datetime.now(UTC) - started).total_seconds() if started else 0.0
    rejected = counts_by_kind(stats, "pages/rejected/")
    faults = counts_by_kind(stats, "faults/")
    refused = sum(v for k, v in faults if k in REFUSED)
    headline = f"Crawl {reason} in {elapsed:.1f}s"
    if not get("pages/fetched"):
        headline += ": NOTHING WAS FETCHED (every request failed or was refused, see faults)"
    lines = [
        headline,
        f"  pages fetched        {get('pages/fetched', 0)}"
        f" ({articles} article pages, {get('pages/outcome/list', 0)} list pages,"
        f" {get('pages/outcome/redirect', 0)} redirects; {get('downloader/response_count', 0)}"
        " responses with robots.txt and retries)",
        f"  documents stored     {stored} new"
        f" (corpus now holds {get('corpus/documents_after', '?')})",
        f"  duplicates merged    {dup + near} ({dup} exact, {near} near)",
        f"  unchanged            {same} (fetched again, same text)",
        f"  pages rejected       {sum(v for _, v in rejected)}",
        *(f"    {name:<30} {count}" for name, count in rejected),
        f"  faults               {sum(v for _, v in faults)}"
        f" ({sum(v for _, v in faults) - refused} from the sites, {refused} refused by the crawler)",
        *(f"    {name:<30} {count}" for name, count in faults),
        f"  retries              {get('retry/count', 0)}"
        f" ({get('retry_after/waits', 0)} after a Retry-After wait)",
        f"  harvest rate         {on_topic / articles if articles else 0:.2f}"
        f" ({on_topic} on-topic of {articles} article pages)",
        f"  skipped (known)      {get('incremental/skipped_known_articles', 0)}",
        f"  database             {get('corpus/db', '?')}",
        f"  raw archive          {get('archive/path', 'off')}",
        "  browse with          make browse   (Datasette on http://127.0.0.1:8001)",
    ]
    return "\n".join(lines)


def counts_by_kind(stats: dict, prefix: str) -> list[tuple[str, int]]:
    """``prefix<kind>`` stats as (kind, count), most frequent first."""
    found = [(k.removeprefix(prefix), v) for k, v in stats.items() if k.startswith(prefix)]
    return sorted(found, key=lambda kv: (-kv[1], kv[0]))


class CrawlProgress:
    """One line every PROGRESS_INTERVAL seconds on stderr: the crawl is alive, and how it goes.

    ``progress 2m00s: 840 pages (420/min), 120 stored, 300 rejected, 40 duplicates,
    12 faults (http_404 7, timeout 3, robots 2)``. PROGRESS_INTERVAL=0 turns it off.
    """

    def __init__(self, stats, interval: float, out=None):
        self.stats = stats
        self.interval = interval
        self.out = out or sys.stderr
        self.started = time.monotonic()
        self.pages_before = 0
        self.task = None

    @classmethod
    def from_crawler(cls, crawler):
        interval = crawler.settings.getfloat("PROGRESS_INTERVAL")
        if interval <= 0:
            raise NotConfigured("PROGRESS_INTERVAL is 0")
        ext = cls(crawler.stats, interval)
        crawler.signals.connect(ext.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        return ext

    def spider_opened(self, spider) -> None:
        self.started = time.monotonic()
        self.task = create_looping_call(self.report)
        self.task.start(self.interval, now=False)

    def spider_closed(self, spider) -> None:
        if self.task is not None and self.task.running:
            self.task.stop()

    def report(self) -> None:
        print(self.line(), file=self.out, flush=True)

    def line(self) -> str:
        get = self.stats.get_stats().get
        pages = get("pages/fetched", 0)
        rate = (pages - self.pages_before) * 60.0 / self.interval
        self.pages_before = pages
        minutes, seconds = divmod(int(time.monotonic() - self.started), 60)
        faults = counts_by_kind(self.stats.get_stats(), "faults/")
        kinds = ", ".join(f"{k} {v}" for k, v in faults)
        dups = get("pages/outcome/duplicate", 0) + get("pages/outcome/near_duplicate", 0)
        return (
            f"progress {minutes}m{seconds:02d}s: {pages} pages ({rate:.0f}/min),"
            f" {get('pages/outcome/stored', 0)} stored, {get('pages/outcome/rejected', 0)} rejected,"
            f" {dups} duplicates, {sum(v for _, v in faults)} faults" + (f" ({kinds})" if kinds else "")
        )


class RobotsCrawlDelay:
    """Apply robots.txt ``Crawl-delay``, which Scrapy parses but does not enforce.

    AutoThrottle re-computes a slot's delay on every response; this runs after
    it (connected later) and puts the site's floor back.
    """

    def __init__(self, crawler):
        self.crawler = crawler
        self.delays: dict[str, float] = {}

    @classmethod
    def from_crawler(cls, crawler):
        if not crawler.settings.getbool("ROBOTSTXT_OBEY"):
            raise NotConfigured("ROBOTSTXT_OBEY is off")
        ext = cls(crawler)
        crawler.signals.connect(ext.robots_parsed, signal=signals.robots_parsed)
        crawler.signals.connect(ext.response_downloaded, signal=signals.response_downloaded)
        return ext

    def robots_parsed(self, robotparser, request) -> None:
        agent = self.crawler.settings.get("USER_AGENT")
        delay = robotparser.crawl_delay(agent)
        if delay:
            self.delays[urlsplit(request.url).netloc] = float(delay)
            self.crawler.stats.set_value(f"robotstxt/crawl_delay/{urlsplit(request.url).netloc}", delay)
            self._apply(request)

    def response_downloaded(self, response, request, spider) -> None:
        self._apply(request)

    def _apply(self, request) -> None:
        delay = self.delays.get(urlsplit(request.url).netloc)
        if not delay:
            return
        slot = download_slot(self.crawler, request)
        if slot is not None and slot.delay < delay:
            slot.delay = delay
