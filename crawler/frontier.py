"""A shared frontier in Redis: any number of ``scrapy crawl sites`` workers, one crawl.

    scrapy crawl sites -s FRONTIER=redis://HOST:PORT/DB [-s FRONTIER_WORKER=name]

``FRONTIER`` empty (the default) is the embedded single-process crawl. Set, the
``FrontierAddon`` switches the crawl to scrapy-redis's scheduler and request
fingerprint filter (one queue and one seen-set for every worker), and replaces
the database components with Redis ones: workers keep no SQLite file, they push
judged pages to the ingester (``python -m corpus ingest``, corpus/queue.py).

What scrapy-redis does not give, and this module adds:

* nothing lost when a worker dies: a request is popped from the queue into the
  worker's in-flight hash in one step (a Lua script), and removed from it only
  when Scrapy has finished with its response (its items pushed, its links
  queued). A worker whose heartbeat lapses has its in-flight requests queued
  again by the others (corpus.queue.Registry.reap);
* the end of a crawl: a worker stops only when the queue is empty and no worker
  holds a request in flight (another worker's page may still yield links);
* politeness across workers: a per-site budget of CONCURRENT_REQUESTS_PER_DOMAIN
  leases and a DOWNLOAD_DELAY gap between requests, kept in Redis;
* incremental crawls without a database: the ingester publishes the article
  URLs the corpus holds, the workers skip them.

The project's spider is used as it is (``async def start()``): scrapy-redis's
RedisSpider still feeds start URLs through ``start_requests()``, which Scrapy
2.16 removed, and the spider's profiles are what start a crawl here anyway.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import socket
import time
import uuid
from urllib.parse import urlsplit

from scrapy import signals
from scrapy.exceptions import DontCloseSpider, NotConfigured
from scrapy.http import Request, Response
from scrapy.utils.asyncio import create_looping_call
from scrapy.utils.misc import load_object
from scrapy_redis.queue import PriorityQueue
from scrapy_redis.scheduler import Scheduler

from corpus.queue import (
    CLIENT_OPTIONS,
    REDIS_GONE,
    FrontierError,
    Keys,
    LoggedRetry,
    Registry,
    check_url,
    connect,
    push_page,
)
from crawler.middlewares import SkipJudgedArticlesMiddleware
from crawler.pipelines import fetched_page
from crawler.preflight import SetupError

logger = logging.getLogger(__name__)

HEARTBEAT_SECONDS = 1.0
HEARTBEAT_TTL = 5.0  # a worker silent this long is dead: its requests are queued again
IDLE_POLL = 0.25  # seconds between looks at the shared queue while this worker has nothing


class FrontierAddon:
    """Switch the crawl to the shared frontier when ``FRONTIER`` names a Redis server."""

    @classmethod
    def update_settings(cls, settings) -> None:
        url = settings.get("FRONTIER")
        if not url:
            return
        check_url(url)
        keys = Keys(settings.get("FRONTIER_PREFIX"))
        settings.set("SCHEDULER", "crawler.frontier.ReliableScheduler", "addon")
        settings.set("SCHEDULER_QUEUE_CLASS", "crawler.frontier.ReliableQueue", "addon")
        settings.set("SCHEDULER_QUEUE_KEY", keys.requests, "addon")
        settings.set("SCHEDULER_DUPEFILTER_KEY", keys.dupefilter, "addon")
        settings.set("DUPEFILTER_CLASS", "scrapy_redis.dupefilter.RFPDupeFilter", "addon")
        # Several workers share the queue: the first to finish must not delete it.
        settings.set("SCHEDULER_PERSIST", True, "addon")
        settings.set("REDIS_URL", url, "addon")
        # scrapy-redis's own clients (queue, dupefilter) ride out a Redis restart too.
        retry = LoggedRetry(url, settings.getfloat("FRONTIER_RETRY_SECONDS"))
        settings.set("REDIS_PARAMS", {**CLIENT_OPTIONS, "retry": retry}, "addon")
        settings.replace_in_component_priority_dict(
            "ITEM_PIPELINES", load_object("crawler.pipelines.StorePipeline"), QueuePipeline
        )
        settings.replace_in_component_priority_dict(
            "SPIDER_MIDDLEWARES", SkipJudgedArticlesMiddleware, SkipKnownArticlesInRedis
        )
        # Last before the download (after robots, offsite, retry, cache): only requests
        # that really go to the site take a lease.
        settings.set_in_component_priority_dict("DOWNLOADER_MIDDLEWARES", SharedPoliteness, 950)
        settings.set_in_component_priority_dict("EXTENSIONS", FrontierWorker, 100)
        # The crawl's summary is the ingester's; a worker prints its own counts.
        settings.replace_in_component_priority_dict(
            "EXTENSIONS", load_object("crawler.extensions.CrawlSummary"), WorkerSummary
        )


def worker_name(settings) -> str:
    return settings.get("FRONTIER_WORKER") or f"{socket.gethostname()}-{os.getpid()}"


def frontier_client(settings):
    """The Redis client of a worker; a Redis that cannot be reached is a SetupError."""
    try:
        return connect(settings.get("FRONTIER"), settings.getfloat("FRONTIER_RETRY_SECONDS"))
    except FrontierError as exc:
        raise SetupError(f"FRONTIER: {exc}") from exc


# -- the queue and the scheduler -------------------------------------------------
# Pop the best request and keep it in this worker's in-flight hash, in one step:
# a worker killed right after the pop has lost nothing.
_POP_INTO_FLIGHT = """
local r = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
if #r == 0 then return false end
redis.call('ZREM', KEYS[1], r[1])
local key = redis.sha1hex(r[1])
redis.call('HSET', KEYS[2], key, r[2] .. ':' .. r[1])
return {key, r[1]}
"""


class ReliableQueue(PriorityQueue):
    """scrapy-redis's priority queue, popping into an in-flight hash (see ``_POP_INTO_FLIGHT``)."""

    in_flight_key: str = ""

    def pop(self, timeout: int = 0) -> Request | None:
        if not hasattr(self, "_pop"):
            self._pop = self.server.register_script(_POP_INTO_FLIGHT)
        found = self._pop(keys=[self.key, self.in_flight_key])
        if not found:
            return None
        key, data = found
        request = self._decode_request(data)
        request.meta["frontier_key"] = key.decode()
        return request


class ReliableScheduler(Scheduler):
    """scrapy-redis's scheduler, whose popped requests stay in flight until finished."""

    @classmethod
    def from_crawler(cls, crawler):
        try:
            scheduler = super().from_crawler(crawler)
        except Exception as exc:  # redis-py's errors: one line naming the URL
            raise FrontierError(f"cannot use Redis at {crawler.settings.get('FRONTIER')}: {exc}") from exc
        keys = Keys(crawler.settings.get("FRONTIER_PREFIX"))
        scheduler.in_flight_key = keys.of("inflight", worker_name(crawler.settings))
        # scrapy-redis counts with inc_value(spider=...), deprecated in Scrapy 2.19: counted here.
        scheduler.stats, scheduler.crawl_stats = None, crawler.stats
        return scheduler

    def open(self, spider) -> None:
        # scrapy-redis's open() without its Spider.log call (deprecated in Scrapy 2.19).
        self.spider = spider
        self.queue = load_object(self.queue_cls)(
            server=self.server, spider=spider, key=self.queue_key, serializer=self.serializer
        )
        self.queue.in_flight_key = self.in_flight_key
        if not self.df:
            self.df = load_object(self.dupefilter_cls).from_spider(spider)
        if queued := len(self.queue):
            logger.info("frontier: joining a crawl with %d requests queued", queued)

    def enqueue_request(self, request: Request) -> bool:
        # A request that comes back (a retry) leaves the in-flight hash once it is queued.
        taken = request.meta.pop("frontier_key", None)
        queued = super().enqueue_request(request)
        if taken:
            self.server.hdel(self.in_flight_key, taken)
        if queued:
            self.crawl_stats.inc_value("scheduler/enqueued/redis")
        return queued

    def next_request(self) -> Request | None:
        request = super().next_request()
        if request is not None:
            self.crawl_stats.inc_value("scheduler/dequeued/redis")
        return request

    def finished(self, request: Request) -> None:
        """Scrapy is done with this request's response: its links are queued, its items pushed."""
        if taken := request.meta.get("frontier_key"):
            self.server.hdel(self.in_flight_key, taken)


# -- the worker ------------------------------------------------------------------
class FrontierWorker:
    """One worker's life in the shared crawl: heartbeat, in-flight bookkeeping, when to stop."""

    def __init__(self, crawler, client, keys: Keys, worker: str, idle_close: float):
        self.crawler = crawler
        self.client = client
        self.keys = keys
        self.worker = worker
        self.registry = Registry(client, keys)
        self.idle_close = idle_close
        self.quiet_since: float | None = None
        self.task = None

    @classmethod
    def from_crawler(cls, crawler):
        settings = crawler.settings
        if not settings.get("FRONTIER"):
            raise NotConfigured("FRONTIER is empty: a single-process crawl")
        keys = Keys(settings.get("FRONTIER_PREFIX"))
        ext = cls(crawler, frontier_client(settings), keys, worker_name(settings),
                  settings.getfloat("FRONTIER_IDLE_CLOSE"))  # fmt: skip
        crawler.signals.connect(ext.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(ext.spider_idle, signal=signals.spider_idle)
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        return ext

    def spider_opened(self, spider) -> None:
        self.heartbeat()
        self.crawler.stats.set_value("frontier/worker", self.worker)
        logger.info("frontier: worker %s on %s", self.worker, self.crawler.settings.get("FRONTIER"))
        self._hook_finished_responses()
        self.task = create_looping_call(self.heartbeat)
        self.task.start(HEARTBEAT_SECONDS, now=False)

    def _hook_finished_responses(self) -> None:
        """Hear when the scraper is done with a response, items and links included.

        Scrapy has no signal for it: the scraper slot's ``finish_response`` is
        the one place that knows (called once the callback's output, pipelines
        included, is processed, for responses and failures alike).
        """
        engine = self.crawler.engine
        slot, scheduler = engine.scraper.slot, engine._slot.scheduler
        finish = slot.finish_response

        def finish_response(result, request):
            finish(result, request)
            scheduler.finished(request)

        slot.finish_response = finish_response

    def heartbeat(self) -> None:
        try:
            self.registry.heartbeat(self.worker, HEARTBEAT_TTL)
            self.registry.reap()
        except REDIS_GONE as exc:
            self.lost(exc)

    def lost(self, exc: Exception) -> None:
        """Redis stayed away longer than FRONTIER_RETRY_SECONDS: stop, and say how to resume."""
        logger.error(
            "frontier: Redis at %s is gone (%s): worker %s stops. The queue and the requests "
            "in flight stay in Redis (append-only file): start Redis, the ingester and the "
            "workers again to resume", self.crawler.settings.get("FRONTIER"), exc, self.worker,
        )  # fmt: skip
        self.crawler.stats.set_value("frontier/lost", str(exc))
        if self.task is not None and self.task.running:
            self.task.stop()
        self.closing = asyncio.ensure_future(self.crawler.engine.close_spider_async(reason="frontier_lost"))

    def spider_idle(self, spider) -> None:
        """Stop only when the queue is empty and no worker can still add to it, for a while."""
        loop = asyncio.get_event_loop()
        # Scrapy is idle, so whatever this worker still holds in flight is a request whose
        # pop reached Redis while its reply did not (Redis went away mid-call): queue it again.
        if lost := self.registry.requeue(self.worker):
            logger.warning("frontier: %d requests taken while Redis was away are queued again", lost)
        if self.registry.queued() or self.registry.in_flight() or self.registry.reap():
            self.quiet_since = None
        elif self.quiet_since is None:
            self.quiet_since = loop.time()
        if self.quiet_since is not None and loop.time() - self.quiet_since >= self.idle_close:
            return  # the crawl is over: let Scrapy close
        self.crawler.engine._slot.nextcall.schedule(IDLE_POLL)  # look again soon, not in 5 s
        raise DontCloseSpider

    def spider_closed(self, spider, reason) -> None:
        if self.task is not None and self.task.running:
            self.task.stop()
        stats = self.crawler.stats.get_stats()
        kept = {k: v for k, v in stats.items() if isinstance(v, int | float | str)}
        kept["finish_reason"] = reason
        # Redis gone: told in lost(); the next workers queue this one's requests again.
        with contextlib.suppress(*REDIS_GONE):
            self.registry.finish(self.worker, kept)


class WorkerSummary:
    """One line when a worker stops: what it fetched (the crawl's summary is the ingester's)."""

    def __init__(self, crawler):
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler):
        ext = cls(crawler)
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        return ext

    def spider_closed(self, spider, reason) -> None:
        get = self.crawler.stats.get_stats().get
        print(f"worker {worker_name(self.crawler.settings)} {reason}: {get('pages/fetched', 0)} pages"
              f" ({get('pages/article', 0)} article pages) pushed to the ingester,"
              f" {get('downloader/response_count', 0)} responses", flush=True)  # fmt: skip


class QueuePipeline:
    """A worker's StorePipeline: the judged page goes to the ingester through Redis."""

    def __init__(self, client, keys: Keys, worker: str, stats):
        self.client = client
        self.keys = keys
        self.worker = worker
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler):
        settings = crawler.settings
        return cls(frontier_client(settings), Keys(settings.get("FRONTIER_PREFIX")),
                   worker_name(settings), crawler.stats)  # fmt: skip

    def process_item(self, item):
        push_page(self.client, self.keys, fetched_page(item), item.judgement, self.worker)
        self.stats.inc_value("frontier/pushed")
        if item.status:
            self.stats.inc_value("pages/fetched")
        return item


class SkipKnownArticlesInRedis(SkipJudgedArticlesMiddleware):
    """Incremental crawls on workers with no database: the ingester's list of judged URLs.

    Known URLs skipped are counted once across workers (a Redis set), as the
    single-process crawl counts them once.
    """

    def __init__(self, client, keys: Keys, refresh: bool, wait: float):
        self.client = client
        self.keys = keys
        self.refresh = refresh
        self.skipped: set[str] = set()
        self.judged: set[str] = set()
        if not refresh:
            self.judged = self._published_urls(wait)

    def _published_urls(self, wait: float) -> set[str]:
        give_up = time.monotonic() + wait
        while not self.client.exists(self.keys.ready):
            if time.monotonic() > give_up:
                raise FrontierError(
                    f"no ingester has started on this frontier within {wait:.0f}s: start "
                    "python -m corpus ingest --from <FRONTIER> first (it tells the workers "
                    "which articles the corpus holds)"
                )
            time.sleep(0.2)
        return {u.decode() for u in self.client.smembers(self.keys.judged)}

    @classmethod
    def from_crawler(cls, crawler):
        settings = crawler.settings
        middleware = cls(frontier_client(settings), Keys(settings.get("FRONTIER_PREFIX")),
                         settings.getbool("REFRESH"), settings.getfloat("FRONTIER_WAIT_INGESTER"))  # fmt: skip
        middleware.stats = crawler.stats
        return middleware

    def _skip(self, item) -> bool:
        if not super()._skip(item):
            return False
        self.client.sadd(self.keys.skipped, item.url)
        return True


# Take a lease on a site when fewer than ARGV[1] are out and the last request to it
# started at least ARGV[4] ms ago; Redis's clock, so machines' clocks do not matter.
_ACQUIRE = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[1]) then return 0 end
local last = tonumber(redis.call('GET', KEYS[2]) or '0')
if now - last < tonumber(ARGV[4]) then return 0 end
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[2]), ARGV[3])
redis.call('SET', KEYS[2], now, 'PX', 600000)
return 1
"""


class SharedPoliteness:
    """Hold every site to CONCURRENT_REQUESTS_PER_DOMAIN and DOWNLOAD_DELAY across all workers.

    Scrapy's limits are per process: three workers would send three times as
    many requests to a site. Before a request goes out it takes a lease on its
    site (host and port) in Redis, returned with the response; a lease expires
    on its own after DOWNLOAD_TIMEOUT (a worker killed mid-download), and the
    leases of a dead worker are returned when it is reaped.
    """

    def __init__(self, client, keys: Keys, worker: str, per_site: int, gap: float, ttl: float):
        self.client = client
        self.keys = keys
        self.worker = worker
        self.per_site = per_site
        self.gap_ms = int(gap * 1000)
        self.ttl_ms = int(ttl * 1000)
        self._acquire = client.register_script(_ACQUIRE)
        self.known_sites: set[str] = set()

    @classmethod
    def from_crawler(cls, crawler):
        s = crawler.settings
        if not s.get("FRONTIER"):
            raise NotConfigured("FRONTIER is empty")
        if not s.getbool("FRONTIER_POLITENESS"):  # only to measure what the leases are for
            raise NotConfigured("FRONTIER_POLITENESS is off: each worker is polite on its own")
        return cls(frontier_client(s), Keys(s.get("FRONTIER_PREFIX")), worker_name(s),
                   s.getint("CONCURRENT_REQUESTS_PER_DOMAIN"), s.getfloat("DOWNLOAD_DELAY"),
                   s.getfloat("DOWNLOAD_TIMEOUT") + 10.0)  # fmt: skip

    async def process_request(self, request: Request) -> None:
        site = urlsplit(request.url).netloc
        key, last = self.keys.of("slot", site), self.keys.of("slotlast", site)
        if site not in self.known_sites:
            self.client.sadd(self.keys.slotkeys, key)
            self.known_sites.add(site)
        lease = f"{self.worker}|{uuid.uuid4().hex}"
        wait = 0.01
        while not self._acquire(keys=[key, last], args=[self.per_site, self.ttl_ms, lease, self.gap_ms]):
            await asyncio.sleep(wait)
            wait = min(wait * 2, 0.2)
        request.meta["frontier_lease"] = (key, lease)

    def process_response(self, request: Request, response: Response) -> Response:
        self._release(request)
        return response

    def process_exception(self, request: Request, exception: Exception) -> None:
        self._release(request)

    def _release(self, request: Request) -> None:
        if lease := request.meta.pop("frontier_lease", None):
            self.client.zrem(*lease)

