"""The distributed crawl: real redis-server, real mirror, real worker and ingester processes.

Each crawl here is compared with a single-process ``make crawl`` of the same
mirror (same ports, so the same URLs): same documents, same pages behind each
document, same outcomes.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest
import redis
import sqlite_utils

from corpus.queue import Keys
from crawler.distributed import RedisServer, launch
from crawler.offline import crawl_command
from tests.crawling import ROOT
from tests.politeness import max_concurrent, recording_mirror

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("redis-server") is None,
                       reason="redis-server is not installed (apt-get install redis-server)"),
]  # fmt: skip
PER_SITE = 2  # CONCURRENT_REQUESTS_PER_DOMAIN in crawler/settings.py
TIMEOUT = 240


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """(mirror, request log, urls file) shared by the module's crawls; the log is per test."""
    tmp = tmp_path_factory.mktemp("mirror")
    with recording_mirror() as (running, log):
        urls_file = tmp / "mirror.json"
        urls_file.write_text(json.dumps(running.urls), encoding="utf-8")
        yield running, log, urls_file


@pytest.fixture
def requests_log(site):
    site[1].clear()
    return site[1]


@pytest.fixture
def redis_server(tmp_path):
    server = RedisServer(tmp_path / "redis").start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def single_crawl(site, tmp_path_factory):
    """The corpus a single-process ``make crawl`` makes of this mirror."""
    db = tmp_path_factory.mktemp("single") / "corpus.db"
    command = crawl_command(str(db), site[2], ["-s", "ARCHIVE_DIR="])
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=TIMEOUT)
    assert done.returncode == 0, done.stderr
    return corpus_shape(db)


def corpus_shape(db_path: Path) -> dict:
    """What must not depend on how many processes crawled: documents, and pages behind each.

    A document is its text's identity (content hash, the versions merged into it): the
    exact wording of equal texts, a title a site changed, is the first page's to arrive
    (corpus/store.py), and arrival order is not fixed in a single-process crawl either.
    """
    db = sqlite_utils.Database(db_path)
    pages_of: dict[int, set[str]] = {}
    for row in db.query("select url, document_id from pages where document_id is not null"):
        pages_of.setdefault(row["document_id"], set()).add(row["url"])
    shape = {
        "documents": sorted(r["content_hash"] for r in db.query("select content_hash from documents")),
        "versions": sorted(r["id"] for r in db.query("select id from variants")),
        "pages per document": sorted(sorted(urls) for urls in pages_of.values()),
        "outcomes": Counter(r["outcome"] for r in db.query("select outcome from pages")),
        "reasons": Counter(r["reason"] for r in db.query("select reason from pages")),
        "urls": sorted(r["url"] for r in db.query("select url from pages")),
    }
    db.close()
    return shape


def start(redis_server, site, tmp_path, workers=3, extra=(), ingest_extra=(), run="run"):
    db = tmp_path / "corpus.db"
    out, err = (tmp_path / f"{run}-out.txt").open("w"), (tmp_path / f"{run}-err.txt").open("w")
    crawl = launch(redis_server.url, str(db), workers, site[2], ["-s", "ARCHIVE_DIR=", *extra],
                   out=out, err=err, ingest_extra=ingest_extra)  # fmt: skip
    return crawl, db


def finish(crawl, tmp_path, run="run", code=0) -> tuple[str, str]:
    try:
        assert crawl.wait(timeout=TIMEOUT) == code, (tmp_path / f"{run}-err.txt").read_text()
    finally:
        crawl.stop()
    return (tmp_path / f"{run}-out.txt").read_text(), (tmp_path / f"{run}-err.txt").read_text()


def wait_for_placed(redis_server, count: int) -> None:
    client = redis.Redis.from_url(redis_server.url)
    give_up = time.monotonic() + TIMEOUT
    while client.scard(Keys().placed) < count:
        assert time.monotonic() < give_up, "the crawl never got going"
        time.sleep(0.05)


def test_three_workers_make_the_single_crawls_corpus(redis_server, site, requests_log,
                                                     single_crawl, tmp_path):  # fmt: skip
    crawl, db = start(redis_server, site, tmp_path)
    out, _ = finish(crawl, tmp_path)
    assert corpus_shape(db) == single_crawl
    assert "documents stored     50 new" in out
    assert "duplicates merged    25 (17 exact, 8 near)" in out
    # Every URL was fetched once by the three together (each fetched its own robots.txt).
    pages = Counter((s, p) for s, p, _, _ in requests_log if p != "/robots.txt")
    assert pages and max(pages.values()) == 1
    fetched = {w: int(n) for w, n in _worker_counts(out).items()}
    assert sorted(fetched) == ["w1", "w2", "w3"] and sum(fetched.values()) == 214
    # The per-site limit holds for the three workers together, not for each.
    for name in site[0].urls:
        assert max_concurrent(requests_log, name) <= PER_SITE, name
    # A finished crawl leaves nothing in Redis: the next one starts afresh.
    assert redis.Redis.from_url(redis_server.url).keys("sites:*") == []

    # Run again on the same database: the ingester tells the workers what it holds.
    crawl, db = start(redis_server, site, tmp_path, run="again")
    again, _ = finish(crawl, tmp_path, run="again")
    assert "documents stored     0 new (corpus now holds 50)" in again
    assert "skipped (known)      150" in again
    assert corpus_shape(db)["documents"] == single_crawl["documents"]


def _worker_counts(out: str) -> dict[str, str]:
    counts = {}
    for line in out.splitlines():
        parts = line.split()
        if parts[:1] == ["worker"]:
            counts[parts[1]] = parts[2]
    return counts


def test_a_worker_killed_mid_crawl_loses_nothing(redis_server, site, requests_log,
                                                 single_crawl, tmp_path):  # fmt: skip
    crawl, db = start(redis_server, site, tmp_path)
    wait_for_placed(redis_server, 40)
    taken = redis.Redis.from_url(redis_server.url).hlen(Keys().of("inflight", "w2"))
    crawl.workers["w2"].send_signal(signal.SIGKILL)
    out, _ = finish_allowing(crawl, tmp_path, killed="w2")
    assert corpus_shape(db) == single_crawl
    assert "worker w2" in out and "gone" in out
    if taken:
        assert "queued again" in out


def finish_allowing(crawl, tmp_path, killed: str) -> tuple[str, str]:
    dead = crawl.workers.pop(killed)
    dead.wait(timeout=10)
    assert dead.returncode == -signal.SIGKILL
    return finish(crawl, tmp_path)


def test_redis_restarted_mid_crawl_is_ridden_out(redis_server, site, requests_log,
                                                 single_crawl, tmp_path):  # fmt: skip
    crawl, db = start(redis_server, site, tmp_path)
    wait_for_placed(redis_server, 40)
    redis_server.stop()  # SIGTERM: Redis writes its append-only file
    time.sleep(2.0)
    redis_server.start()  # same port, same directory: the queue is back
    out, err = finish(crawl, tmp_path)
    assert "unreachable" in err and "retrying" in err and "answers again" in err
    assert corpus_shape(db) == single_crawl


def test_redis_gone_for_good_stops_with_a_message_and_the_next_run_resumes(
    redis_server, site, single_crawl, tmp_path
):
    patience = ["-s", "FRONTIER_RETRY_SECONDS=2"]
    crawl, db = start(redis_server, site, tmp_path, extra=patience,
                      ingest_extra=("--retry-seconds", "2"), run="first")  # fmt: skip
    wait_for_placed(redis_server, 40)
    redis_server.stop()
    _, err = finish(crawl, tmp_path, run="first", code=1)  # the ingester's code
    assert f"Redis at {redis_server.url} is gone" in err
    assert "start Redis, this ingester and the workers again to resume" in err
    assert "Traceback" not in err  # the message, not a traceback per Redis call
    assert "worker w1 stops" in err or "worker w2 stops" in err or "worker w3 stops" in err

    redis_server.start()  # the same port and directory: the frontier as it was left
    crawl, db = start(redis_server, site, tmp_path, run="second")
    finish(crawl, tmp_path, run="second")
    shape = corpus_shape(db)
    assert shape["documents"] == single_crawl["documents"]
    assert shape["pages per document"] == single_crawl["pages per document"]
    assert shape["urls"] == single_crawl["urls"]


def test_ingester_resumes_what_it_had_taken(redis_server, site, single_crawl, tmp_path):
    """An ingester killed mid-crawl: a new one re-reads the pages it had taken, places each once."""
    crawl, db = start(redis_server, site, tmp_path)
    wait_for_placed(redis_server, 60)
    crawl.ingester.send_signal(signal.SIGKILL)
    crawl.ingester.wait(timeout=10)
    log = (tmp_path / "ingester2.txt").open("w")
    crawl.ingester = subprocess.Popen(
        [sys.executable, "-m", "corpus", "ingest", "--from", redis_server.url, "--db", str(db)],
        stdout=log, stderr=subprocess.STDOUT, cwd=ROOT,
    )  # fmt: skip
    finish(crawl, tmp_path)
    shape = corpus_shape(db)
    # A page stored just before the kill, and not yet marked placed, is placed again as
    # "unchanged": the documents and the pages behind them are the single crawl's all the same.
    assert shape["documents"] == single_crawl["documents"]
    assert shape["pages per document"] == single_crawl["pages per document"]
    assert shape["urls"] == single_crawl["urls"]


def test_an_unreachable_frontier_is_one_line(tmp_path, site):
    port = RedisServer(tmp_path).port  # a free port with no server on it
    done = subprocess.run(
        [sys.executable, "-m", "scrapy", "crawl", "sites", "-s", f"FRONTIER=redis://127.0.0.1:{port}/0",
         "-s", "PROFILES_DIR=crawler/profiles/mirror", "-s", f"MIRROR_URLS={site[2]}"],
        cwd=ROOT, capture_output=True, text=True, timeout=60, env={**os.environ},
    )  # fmt: skip
    assert done.returncode == 2
    assert f"FRONTIER='redis://127.0.0.1:{port}/0': cannot reach Redis" in done.stderr
    assert "Traceback" not in done.stderr


def test_a_frontier_that_is_not_redis_is_refused(tmp_path, site):
    done = subprocess.run(
        [sys.executable, "-m", "scrapy", "crawl", "sites", "-s", "FRONTIER=http://127.0.0.1:1/",
         "-s", "PROFILES_DIR=crawler/profiles/mirror", "-s", f"MIRROR_URLS={site[2]}"],
        cwd=ROOT, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert done.returncode == 2
    assert "is not a Redis URL" in done.stderr
