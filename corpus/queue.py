"""Pages through Redis to one ingester: what distributed crawl workers hand on.

Workers on any machine push each fetched page, already judged (cleaning is the
CPU work, so it is spread over the workers), onto a Redis list; one ingester
(``python -m corpus ingest --from redis://HOST:PORT/DB``) places them with
``corpus.ingest.place``, the single way into the corpus, so deduplication runs
against the whole corpus whichever worker fetched a text.

Delivery is at least once and placing is idempotent:

* the ingester moves an entry into a processing list (BLMOVE) and removes it
  only after the page is stored, so an ingester killed mid-page re-reads it on
  its next start;
* a page is placed once per crawl (the set of placed URLs): a page that a
  killed worker had pushed and that another worker fetched again is skipped.

Entries are pickles of (FetchedPage, Judgement): the queue is the crawl's own,
written and read by the same code, and a Judgement is a tree of dataclasses
that JSON would have to spell out field by field.
"""

from __future__ import annotations

import json
import logging
import pickle
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

import redis
from redis.backoff import ExponentialBackoff
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError
from redis.retry import Retry

from cleaning.judge import Judgement
from corpus.ingest import FetchedPage, page_tallies, place
from corpus.store import CorpusStore, judged_urls, now_iso, open_db

logger = logging.getLogger(__name__)

REDIS_SCHEMES = ("redis://", "rediss://", "unix://")
DEFAULT_PREFIX = "sites"  # the spider's name: one crawl's keys per spider
RETRY_SECONDS = 60.0  # how long a lost Redis is waited for before the process gives up


REDIS_GONE = (RedisConnectionError, RedisTimeoutError)  # what redis-py raises once retries are spent


class FrontierError(RuntimeError):
    """Redis cannot be used: the message names the URL and what to do."""


class LoggedRetry(Retry):
    """Retry a Redis call until ``seconds`` have passed, saying so: a restart shows in the log.

    redis-py's own Retry counts attempts, and nests (a command's retry wraps the
    connection's), so a count gives no bound on the wait; a deadline does.
    """

    def __init__(self, url: str, seconds: float):
        super().__init__(ExponentialBackoff(cap=1.0, base=0.1), retries=0,
                         supported_errors=(*REDIS_GONE, OSError))  # fmt: skip
        self.url = url
        self.seconds = seconds

    gone: set[str] = set()  # URLs whose Redis outlasted a deadline: no more waiting on them

    def call_with_retry(self, do, fail, is_retryable=None, with_failure_count=False):
        # Once Redis has outlasted one deadline, calls fail at once (the process is
        # stopping), or the stop would take a deadline per pending call.
        give_up = time.monotonic() + (0 if self.url in self.gone else self.seconds)
        failures = 0
        while True:
            try:
                result = do()
            except self._supported_errors as error:
                if is_retryable and not is_retryable(error):
                    raise
                failures += 1
                fail(error, failures) if with_failure_count else fail(error)
                if time.monotonic() >= give_up:
                    self.gone.add(self.url)
                    raise
                if failures == 1:
                    logger.warning("Redis at %s unreachable (%s): retrying for up to %.0fs",
                                   self.url, error, self.seconds)  # fmt: skip
                time.sleep(min(self._backoff.compute(failures), max(give_up - time.monotonic(), 0)))
            else:
                if failures:
                    logger.warning("Redis at %s answers again", self.url)
                self.gone.discard(self.url)
                return result


CLIENT_OPTIONS = {"socket_connect_timeout": 5, "socket_timeout": 30, "health_check_interval": 10}


def check_url(url: str) -> None:
    if not url.startswith(REDIS_SCHEMES):
        raise FrontierError(f"{url!r} is not a Redis URL: use redis://HOST:PORT/DB")


def connect(url: str, retry_seconds: float = RETRY_SECONDS) -> redis.Redis:
    """A client for ``url`` that rides out a Redis restart of up to ``retry_seconds``."""
    check_url(url)
    client = redis.Redis.from_url(url, retry=LoggedRetry(url, retry_seconds), **CLIENT_OPTIONS)
    try:
        client.ping()
    except (RedisConnectionError, RedisTimeoutError, OSError) as exc:
        raise FrontierError(f"cannot reach Redis at {url} ({exc}): is redis-server running?") from exc
    return client


@dataclass(frozen=True)
class Keys:
    """The Redis keys of one distributed crawl (all start with its prefix)."""

    prefix: str = DEFAULT_PREFIX

    def __getattr__(self, name: str) -> str:  # keys.pages == "sites:pages"
        if name.startswith("_"):
            raise AttributeError(name)
        return f"{self.prefix}:{name}"

    def of(self, name: str, part: str) -> str:
        return f"{self.prefix}:{name}:{part}"


# The request queue: a sorted set per site and an index of sites (see crawler/frontier.py).
def queued_requests(client: redis.Redis, queue: str) -> int:
    return sum(client.zcard(f"{queue}:{site.decode()}") for site in client.zrange(queue, 0, -1))


# Requeue what a dead worker had taken: atomic, so two reapers never add a request twice.
# In-flight entries are "site\nscore:request" (crawler/frontier.py's _POP_INTO_FLIGHT).
_REQUEUE = """
local all = redis.call('HGETALL', KEYS[1])
for i = 2, #all, 2 do
  local v = all[i]
  local nl = string.find(v, '\\n', 1, true)
  local sep = string.find(v, ':', nl, true)
  local site, score = string.sub(v, 1, nl - 1), string.sub(v, nl + 1, sep - 1)
  redis.call('ZADD', KEYS[2] .. ':' .. site, score, string.sub(v, sep + 1))
  redis.call('ZADD', KEYS[2], 'LT', score, site)
end
redis.call('DEL', KEYS[1])
return #all / 2
"""


class Registry:
    """The workers of one crawl as Redis knows them: registered, alive, finished, in flight.

    A worker is alive while its heartbeat key lives (it renews it every second);
    a worker that stops renewing it (SIGKILL, a lost machine) is dead, and the
    requests it had taken are put back on the queue for the others.
    """

    def __init__(self, client: redis.Redis, keys: Keys):
        self.client = client
        self.keys = keys
        self._requeue = client.register_script(_REQUEUE)
        self.since = time.time()
        self.seen: set[str] = set()  # workers seen at work since this Registry was made

    def heartbeat(self, worker: str, ttl: float) -> None:
        pipe = self.client.pipeline()
        pipe.sadd(self.keys.workers, worker)
        pipe.set(self.keys.of("alive", worker), now_iso(), px=int(ttl * 1000))
        pipe.execute()

    def finish(self, worker: str, stats: dict) -> None:
        pipe = self.client.pipeline()
        pipe.hset(self.keys.finished, worker, json.dumps({**stats, "finished_at": time.time()}))
        pipe.delete(self.keys.of("alive", worker))
        pipe.execute()

    def workers(self) -> list[str]:
        return sorted(w.decode() for w in self.client.smembers(self.keys.workers))

    def finished(self) -> dict[str, dict]:
        rows = self.client.hgetall(self.keys.finished)
        return {k.decode(): json.loads(v) for k, v in rows.items()}

    def alive(self, worker: str) -> bool:
        return bool(self.client.exists(self.keys.of("alive", worker)))

    def dead(self) -> list[str]:
        finished = self.finished()
        return [w for w in self.workers() if w not in finished and not self.alive(w)]

    def in_flight(self) -> int:
        return sum(self.client.hlen(self.keys.of("inflight", w)) for w in self.workers())

    def queued(self) -> int:
        return queued_requests(self.client, self.keys.requests)

    def requeue(self, worker: str) -> int:
        """Put the requests ``worker`` holds in flight back on the queue; how many there were."""
        return int(self._requeue(keys=[self.keys.of("inflight", worker), self.keys.requests]))

    def reap(self) -> int:
        """Put the requests of dead workers back on the queue; how many there were."""
        requeued = 0
        for worker in self.dead():
            count = self.requeue(worker)
            if count:
                logger.warning("worker %s is gone: %d requests it had taken are queued again",
                               worker, count)  # fmt: skip
                self.client.hincrby(self.keys.requeued, worker, count)
            requeued += count
            self._release_leases(worker)
        return requeued

    def _release_leases(self, worker: str) -> None:
        for key in self.client.smembers(self.keys.slotkeys):
            leases = [m for m in self.client.zrange(key, 0, -1) if m.startswith(f"{worker}|".encode())]
            if leases:
                self.client.zrem(key, *leases)

    def crawl_over(self) -> bool:
        """Workers came (since this process started) and none is left working.

        Workers of an earlier, interrupted run are registered but not alive: they
        do not count until one of this run has shown up, or the ingester would
        stop before its workers have started.
        """
        alive = {w for w in self.workers() if self.alive(w)}
        finished = {w for w, stats in self.finished().items()
                    if stats.get("finished_at", 0) >= self.since}  # fmt: skip
        self.seen |= alive | finished
        if not self.seen:
            return False
        self.reap()
        return not any(self.alive(w) for w in self.workers())

    def left_undone(self) -> int:
        """Requests still queued or taken by dead workers: the crawl is not complete."""
        return self.queued() + self.in_flight()

    def clear(self) -> None:
        """Delete the crawl's keys (a finished crawl; the next one starts afresh)."""
        keys = list(self.client.scan_iter(match=f"{self.keys.prefix}:*", count=1000))
        for chunk in _chunks(keys, 500):
            self.client.delete(*chunk)


def encode(page: FetchedPage, judgement: Judgement | None, worker: str) -> bytes:
    return pickle.dumps((page, judgement, worker), protocol=pickle.HIGHEST_PROTOCOL)


def decode(entry: bytes) -> tuple[FetchedPage, Judgement | None, str]:
    return pickle.loads(entry)  # noqa: S301 - the crawl's own queue, see the module docstring


def push_page(client: redis.Redis, keys: Keys, page: FetchedPage, judgement, worker: str) -> None:
    client.lpush(keys.pages, encode(page, judgement, worker))


# -- the ingester ---------------------------------------------------------------
# A page is placed: mark it, count it and take it off the processing list, in one step
# that counts once even when it runs twice (a reply lost to a Redis restart is retried).
# KEYS: placed, tally, worker counts, processing; ARGV: url, entry, pages, articles, tallies…
_PLACED = """
if redis.call('SADD', KEYS[1], ARGV[1]) == 1 then
  for i = 5, #ARGV do redis.call('HINCRBY', KEYS[2], ARGV[i], 1) end
  redis.call('HINCRBY', KEYS[3], 'pages', ARGV[3])
  redis.call('HINCRBY', KEYS[3], 'articles', ARGV[4])
end
redis.call('LREM', KEYS[4], 1, ARGV[2])
return 1
"""
class Ingester:
    """Place pages from the Redis queue into one corpus database, until the crawl is over."""

    def __init__(self, client: redis.Redis, db_path: str, keys: Keys = Keys()):
        self.client = client
        self.keys = keys
        self.db_path = db_path
        db = open_db(db_path)
        db.execute("pragma synchronous=normal")  # as StorePipeline: WAL's own recommended mode
        self.store = CorpusStore(db)
        self.crawl_id = self.store.start_crawl(f"{keys.prefix} (distributed)")
        self._placed = client.register_script(_PLACED)
        self.started = time.time()

    def publish_judged(self) -> int:
        """Tell the workers which article URLs the corpus holds (incremental crawls skip them)."""
        urls = judged_urls(self.store.db)
        pipe = self.client.pipeline()
        pipe.delete(self.keys.judged)
        for chunk in _chunks(sorted(urls), 1000):
            pipe.sadd(self.keys.judged, *chunk)
        pipe.set(self.keys.ready, now_iso())
        pipe.execute()
        return len(urls)

    def run(self, crawl_over: Callable[[], bool], poll: float = 1.0) -> None:
        """Place every page, first those a previous ingester had taken and not stored."""
        self._orphans()
        while True:
            entry = self.client.blmove(self.keys.pages, self.keys.processing, poll, "RIGHT", "LEFT")
            if entry is not None:
                self.handle(entry)
            elif self._orphans():
                continue
            elif crawl_over():
                return

    def _orphans(self) -> int:
        """Place the entries on the processing list: taken by an ingester killed before it
        stored them, or moved there by a BLMOVE whose reply was lost (Redis went away mid-call)."""
        entries = self.client.lrange(self.keys.processing, 0, -1)
        for entry in entries:
            self.handle(entry)
        return len(entries)

    def handle(self, entry: bytes) -> None:
        page, judgement, worker = decode(entry)
        if self.client.sismember(self.keys.placed, page.url):
            self.client.lrem(self.keys.processing, 1, entry)
            return
        row = place(self.store, page, judgement, self.crawl_id)
        tallies = page_tallies(page, row) + (["pages/article"] if page.kind == "article" else [])
        worker_counts = [1 if page.status else 0, int(page.kind == "article")]
        self._placed(keys=[self.keys.placed, self.keys.tally, self.keys.of("worker", worker),
                           self.keys.processing],
                     args=[page.url, entry, *worker_counts, *tallies])  # fmt: skip

    def stats(self, registry: Registry) -> dict:
        """The crawl's stats as ``make crawl`` names them: this process's and the workers'."""
        stats: dict = {k.decode(): int(v) for k, v in self.client.hgetall(self.keys.tally).items()}
        finished = registry.finished().values()
        for key in WORKER_SUMS:
            stats[key] = sum(int(w.get(key, 0)) for w in finished)
        archives = sorted(w["archive/path"] for w in finished if "archive/path" in w)
        stats["archive/path"] = ", ".join(archives) or "off"
        stats["start_time"] = datetime.fromtimestamp(self.started, UTC)
        stats["corpus/db"] = self.db_path
        stats["corpus/documents_after"] = self.store.document_count()
        stats["incremental/skipped_known_articles"] = self.client.scard(self.keys.skipped)
        return stats

    def finish(self, stats: dict) -> None:
        self.store.finish_crawl(self.crawl_id, stats)
        self.store.close()


# What only the workers count (their downloaders), summed over those that finished.
WORKER_SUMS = ("downloader/response_count", "retry/count", "retry_after/waits")


def worker_lines(registry: Registry, client: redis.Redis, keys: Keys) -> list[str]:
    """Per-worker counts for the summary: pages each one fetched, and how it ended."""
    finished = registry.finished()
    requeued = {k.decode(): int(v) for k, v in client.hgetall(keys.requeued).items()}
    lines = []
    for worker in registry.workers():
        counts = {k.decode(): int(v) for k, v in client.hgetall(keys.of("worker", worker)).items()}
        end = finished.get(worker, {}).get("finish_reason", "gone")
        if worker in requeued:
            end += f", {requeued[worker]} requests it had taken were queued again"
        lines.append(f"  worker {worker:<15} {counts.get('pages', 0)} pages fetched"
                     f" ({counts.get('articles', 0)} article pages), {end}")  # fmt: skip
    return lines


def _chunks(items: list, size: int):
    for i in range(0, len(items), size):
        yield items[i : i + size]
