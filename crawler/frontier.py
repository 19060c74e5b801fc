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
from dataclasses import dataclass
from urllib.parse import urlsplit

from scrapy import signals
from scrapy.exceptions import DontCloseSpider, DropItem, NotConfigured
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
    queued_requests,
)
from crawler.extensions import CrawlSummary
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
        settings.set("FRONTIER_GAP", settings.getfloat("DOWNLOAD_DELAY"), "cmdline")
        if settings.getbool("FRONTIER_POLITENESS"):
            # The delay is kept in Redis for all workers; one kept by each worker (Scrapy's,
            # AutoThrottle's) would come on top of it, after the lease: not shared.
            settings.set("DOWNLOAD_DELAY", 0, "cmdline")
            settings.set("AUTOTHROTTLE_ENABLED", False, "cmdline")
        settings.set_in_component_priority_dict("EXTENSIONS", FrontierWorker, 100)
        # The crawl's summary is the ingester's; a worker prints its own counts.
        settings.replace_in_component_priority_dict(
            "EXTENSIONS", CrawlSummary, WorkerSummary
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
# A lease on a site: taken when fewer than per_site are out and the last request to it
# started at least gap ms ago, by Redis's clock (machines' clocks do not matter).
_NOW_MS = """
local function now_ms()
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end
"""
_TAKE_LEASE = _NOW_MS + """
local function take(prefix, site, per_site, gap, ttl, member, now)
  local slot = prefix .. ':slot:' .. site
  local last_key = prefix .. ':slotlast:' .. site
  redis.call('ZREMRANGEBYSCORE', slot, '-inf', now)
  if redis.call('ZCARD', slot) >= per_site then return false end
  local last = redis.call('GET', last_key)
  if last and now - tonumber(string.sub(last, 1, string.find(last, '|', 1, true) - 1)) < gap then
    return false
  end
  redis.call('ZADD', slot, now + ttl, member)
  redis.call('SET', last_key, now .. '|' .. member, 'PX', 600000)
  redis.call('SADD', prefix .. ':slotkeys', slot)
  return true
end
"""
# The queue is one sorted set of requests per site (KEYS[1]:site) and an index of the
# sites with requests (KEYS[1]), scored by the best request of each. A pop takes the best
# request of the best site that has a lease free, takes the lease, and keeps the request
# in this worker's in-flight hash as "site\nscore:request", all in one step: a worker
# killed right after the pop has lost nothing, and a busy site's requests wait queued
# (for any worker) instead of in a worker's downloader, where they would hold its slots.
# ARGV: prefix, per_site (0: no leases), gap, ttl, worker.
_POP_INTO_FLIGHT = _TAKE_LEASE + """
local now = now_ms()
for _, site in ipairs(redis.call('ZRANGE', KEYS[1], 0, -1)) do
  local queue = KEYS[1] .. ':' .. site
  local top = redis.call('ZRANGE', queue, 0, 0, 'WITHSCORES')
  if #top == 0 then
    redis.call('ZREM', KEYS[1], site)
  else
    local key = redis.sha1hex(top[1])
    if ARGV[2] == '0' or take(ARGV[1], site, tonumber(ARGV[2]), tonumber(ARGV[3]),
                               tonumber(ARGV[4]), ARGV[5] .. '|' .. key, now) then
      redis.call('ZREM', queue, top[1])
      local next = redis.call('ZRANGE', queue, 0, 0, 'WITHSCORES')
      if #next == 0 then redis.call('ZREM', KEYS[1], site)
      else redis.call('ZADD', KEYS[1], next[2], site) end
      redis.call('HSET', KEYS[2], key, site .. '\\n' .. top[2] .. ':' .. top[1])
      return {key, top[1]}
    end
  end
end
return false
"""
# Just before a leased request goes out: it may have waited since its pop (for robots.txt),
# while another worker's request to the site started. Unless the site's last start is its
# own, it waits until the gap has passed since that one. ARGV: gap, member.
_SEND = _NOW_MS + """
local now = now_ms()
local last = redis.call('GET', KEYS[1])
if last then
  local sep = string.find(last, '|', 1, true)
  if string.sub(last, sep + 1) ~= ARGV[2] and now - tonumber(string.sub(last, 1, sep - 1)) < tonumber(ARGV[1]) then
    return 0
  end
end
redis.call('SET', KEYS[1], now .. '|' .. ARGV[2], 'PX', 600000)
return 1
"""
# Queue a request unless seen. KEYS: seen-set, queue index; ARGV: fingerprint,
# dont_filter, site, score, request.
_PUSH_UNSEEN = """
if ARGV[2] == '0' and redis.call('SADD', KEYS[1], ARGV[1]) == 0 then return 0 end
redis.call('ZADD', KEYS[2] .. ':' .. ARGV[3], ARGV[4], ARGV[5])
redis.call('ZADD', KEYS[2], 'LT', ARGV[4], ARGV[3])
return 1
"""
# A lease for a request that did not come from the queue (robots.txt).
_ACQUIRE = _TAKE_LEASE + """
if take(ARGV[1], ARGV[2], tonumber(ARGV[3]), tonumber(ARGV[4]), tonumber(ARGV[5]), ARGV[6], now_ms()) then
  return 1
end
return 0
"""


@dataclass
class Leases:
    """The per-site politeness every worker shares (see SharedPoliteness)."""

    prefix: str
    per_site: int  # 0: no leases (FRONTIER_POLITENESS off)
    gap_ms: int
    ttl_ms: int

    @classmethod
    def from_settings(cls, settings) -> Leases:
        per_site = settings.getint("CONCURRENT_REQUESTS_PER_DOMAIN")
        return cls(settings.get("FRONTIER_PREFIX"),
                   per_site if settings.getbool("FRONTIER_POLITENESS") else 0,
                   int(settings.getfloat("FRONTIER_GAP") * 1000),
                   int((settings.getfloat("DOWNLOAD_TIMEOUT") + 10.0) * 1000))  # fmt: skip

    def args(self) -> list:
        return [self.prefix, self.per_site, self.gap_ms, self.ttl_ms]


def lease_of(request: Request, prefix: str, member: str) -> tuple[str, str]:
    return (f"{prefix}:slot:{urlsplit(request.url).netloc}", member)


class ReliableQueue(PriorityQueue):
    """scrapy-redis's priority queue, popping into an in-flight hash under a site lease."""

    in_flight_key: str = ""
    worker: str = ""
    leases: Leases | None = None

    def push(self, request: Request) -> None:
        self.push_unseen(request, None, "")

    def push_unseen(self, request: Request, seen_key: str | None, fingerprint: str) -> bool:
        """Queue the request unless its fingerprint was seen: one step, safe to run twice.

        scrapy-redis asks the seen-set (SADD) and then pushes: a reply lost to a Redis
        restart makes the retried SADD answer "seen" for a request never queued.
        ``seen_key`` None: queued whatever was seen (as with ``dont_filter``).
        """
        if not hasattr(self, "_push_unseen"):
            self._push_unseen = self.server.register_script(_PUSH_UNSEEN)
        unfiltered = seen_key is None or request.dont_filter
        return bool(self._push_unseen(
            keys=[seen_key or self.key, self.key],
            args=[fingerprint, int(unfiltered), urlsplit(request.url).netloc, -request.priority,
                  self._encode_request(request)],
        ))  # fmt: skip

    def __len__(self) -> int:
        return queued_requests(self.server, self.key)

    def pop(self, timeout: int = 0) -> Request | None:
        if not hasattr(self, "_pop"):
            self._pop = self.server.register_script(_POP_INTO_FLIGHT)
        found = self._pop(keys=[self.key, self.in_flight_key], args=[*self.leases.args(), self.worker])
        if not found:
            return None
        key, data = found
        request = self._decode_request(data)
        request.meta["frontier_key"] = key.decode()
        if self.leases.per_site:
            request.meta["frontier_lease"] = lease_of(request, self.leases.prefix,
                                                      f"{self.worker}|{key.decode()}")  # fmt: skip
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
        scheduler.worker = worker_name(crawler.settings)
        scheduler.in_flight_key = keys.of("inflight", scheduler.worker)
        scheduler.leases = Leases.from_settings(crawler.settings)
        scheduler.starved = False
        # scrapy-redis counts with inc_value(spider=...), deprecated in Scrapy 2.19: counted here.
        scheduler.stats, scheduler.crawl_stats = None, crawler.stats
        return scheduler

    def open(self, spider) -> None:
        # scrapy-redis's open() without its Spider.log call (deprecated in Scrapy 2.19).
        self.spider = spider
        self.queue = load_object(self.queue_cls)(
            server=self.server, spider=spider, key=self.queue_key, serializer=self.serializer
        )
        self.queue.in_flight_key, self.queue.worker = self.in_flight_key, self.worker
        self.queue.leases = self.leases
        if not self.df:
            self.df = load_object(self.dupefilter_cls).from_spider(spider)
        if queued := len(self.queue):
            logger.info("frontier: joining a crawl with %d requests queued", queued)

    def enqueue_request(self, request: Request) -> bool:
        try:
            return self._enqueue(request)
        except REDIS_GONE:
            # Redis gone (see FrontierWorker.lost): the page that linked here is still in
            # flight in Redis, so it is fetched again on resume and gives this link again.
            self.crawl_stats.inc_value("frontier/not_queued_redis_gone")
            return False

    def _enqueue(self, request: Request) -> bool:
        # A request that comes back (a retry) leaves the in-flight hash once it is queued.
        taken = request.meta.get("frontier_key")
        release(self.server, request)
        request.meta.pop("frontier_key", None)
        queued = self.queue.push_unseen(request, self.df.key, self.df.request_fingerprint(request))
        if not queued:
            self.df.log(request, self.spider)
        if taken:
            self.server.hdel(self.in_flight_key, taken)
        if queued:
            self.crawl_stats.inc_value("scheduler/enqueued/redis")
        return queued

    def next_request(self) -> Request | None:
        try:
            request = super().next_request()
        except REDIS_GONE:
            # Redis outlasted FRONTIER_RETRY_SECONDS: FrontierWorker's heartbeat meets the same
            # and stops this worker with the message; a traceback per scheduler call says nothing.
            request = None
        # Nothing for a free site: say "no pending requests", so that Scrapy goes idle and
        # FrontierWorker.spider_idle looks again in IDLE_POLL (not at the 5 s heartbeat).
        self.starved = request is None
        if request is not None:
            self.crawl_stats.inc_value("scheduler/dequeued/redis")
        return request

    def has_pending_requests(self) -> bool:
        return not self.starved and super().has_pending_requests()

    def finished(self, request: Request) -> None:
        """Scrapy is done with this request's response: its links are queued, its items pushed."""
        release(self.server, request)
        if taken := request.meta.get("frontier_key"):
            self.server.hdel(self.in_flight_key, taken)


def release(client, request: Request) -> None:
    """Give back the request's site lease, if it holds one (once: the meta entry goes)."""
    if lease := request.meta.pop("frontier_lease", None):
        client.zrem(*lease)


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
        self.closing: asyncio.Future | None = None  # set once Redis is gone and the worker stops

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
            # Redis gone (see lost()): the request stays in flight there, queued again on resume.
            with contextlib.suppress(*REDIS_GONE):
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
        if self.closing is not None:  # told once: the heartbeat and spider_idle may both meet it
            return
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
        try:
            if lost := self.registry.requeue(self.worker):
                logger.warning("frontier: %d requests taken while Redis was away are queued again", lost)
            busy = self.registry.queued() or self.registry.in_flight() or self.registry.reap()
        except REDIS_GONE as exc:
            self.lost(exc)
            raise DontCloseSpider from None  # lost() closes the spider with its own reason
        if busy:
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


class WorkerSummary(CrawlSummary):
    """One line when a worker stops: what it fetched (the crawl's summary is the ingester's)."""

    def report(self, stats: dict, reason: str) -> str:
        get = stats.get
        return (f"worker {worker_name(self.crawler.settings)} {reason}: {get('pages/fetched', 0)} pages"
                f" ({get('pages/article', 0)} article pages) pushed to the ingester,"
                f" {get('downloader/response_count', 0)} responses")  # fmt: skip


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
        try:
            push_page(self.client, self.keys, fetched_page(item), item.judgement, self.worker)
        except REDIS_GONE as exc:  # its request stays in flight in Redis: fetched again on resume
            raise DropItem(f"Redis gone, {item.url} is fetched again when the crawl resumes") from exc
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


class SharedPoliteness:
    """Hold every site to CONCURRENT_REQUESTS_PER_DOMAIN and DOWNLOAD_DELAY across all workers.

    Scrapy's limits are per process: three workers would send three times as
    many requests to a site. A request is popped from the queue only with a
    lease on its site (``_POP_INTO_FLIGHT``), so the queue hands out no more
    than the site's budget; robots.txt is fetched on the lease of the request
    that waits for it, and any other request that does not come from the queue
    takes a lease here. Leases go back with the response; one
    expires on its own after DOWNLOAD_TIMEOUT, and a dead worker's are returned
    when it is reaped. DOWNLOAD_DELAY becomes the shared gap between two
    requests to a site (FRONTIER_GAP): a delay kept by each worker would add to
    it after the lease and let two workers' requests bunch up.
    """

    def __init__(self, client, worker: str, leases: Leases):
        self.client = client
        self.worker = worker
        self.leases = leases
        self._acquire = client.register_script(_ACQUIRE)
        self._send = client.register_script(_SEND)

    @classmethod
    def from_crawler(cls, crawler):
        s = crawler.settings
        if not s.get("FRONTIER"):
            raise NotConfigured("FRONTIER is empty")
        if not s.getbool("FRONTIER_POLITENESS"):  # only to measure what the leases are for
            raise NotConfigured("FRONTIER_POLITENESS is off: each worker is polite on its own")
        return cls(frontier_client(s), worker_name(s), Leases.from_settings(s))

    async def process_request(self, request: Request) -> None:
        if "frontier_lease" in request.meta:  # taken with the pop
            if self.leases.gap_ms:
                await self._wait_for_gap(request)
            return
        if urlsplit(request.url).path == "/robots.txt":
            # Fetched for a request that waits for it, holding a lease: it uses that one.
            # Taking another could wait for ever when that request holds the site's last.
            return
        member = f"{self.worker}|{uuid.uuid4().hex}"
        site = urlsplit(request.url).netloc
        await _until(lambda: self._acquire(args=[self.leases.prefix, site, *self.leases.args()[1:], member]))
        request.meta["frontier_lease"] = lease_of(request, self.leases.prefix, member)

    async def _wait_for_gap(self, request: Request) -> None:
        last = f"{self.leases.prefix}:slotlast:{urlsplit(request.url).netloc}"
        member = request.meta["frontier_lease"][1]
        await _until(lambda: self._send(keys=[last], args=[self.leases.gap_ms, member]))

    def process_response(self, request: Request, response: Response) -> Response:
        release(self.client, request)
        return response

    def process_exception(self, request: Request, exception: Exception) -> None:
        release(self.client, request)


async def _until(attempt) -> None:
    """Call ``attempt`` until it succeeds, a little longer apart each time (at most 0.1 s)."""
    wait = 0.01
    while not attempt():
        await asyncio.sleep(wait)
        wait = min(wait * 2, 0.1)
