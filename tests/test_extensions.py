"""Extensions, pipelines, fault kinds and pre-flight checks on ``get_crawler()``; the CLI's errors."""

from __future__ import annotations

import io
import subprocess
import sys
from datetime import UTC, datetime

import pytest
import pytest_twisted
from scrapy.exceptions import (
    DownloadCancelledError,
    DownloadTimeoutError,
    IgnoreRequest,
    ResponseDataLossError,
)
from scrapy.http import Request, Response
from scrapy.spidermiddlewares.httperror import HttpError
from scrapy.utils.test import get_crawler
from twisted.python.failure import Failure
from twisted.web._newclient import ResponseFailed
from twisted.web.http import _DataLoss

from crawler.extensions import (
    CrawlProgress,
    CrawlSummary,
    RobotsCrawlDelay,
    WarcArchive,
    format_summary,
)
from crawler.faults import Refused, failure_kind, http_fault
from crawler.items import PageItem
from crawler.pipelines import CleanPipeline, StorePipeline
from crawler.preflight import SetupError, check_database, check_setup
from crawler.spiders.sites import SitesSpider
from tests.crawling import ROOT, crawl_settings
from tests.hostile import article_page, article_texts

START = "http://127.0.0.1:8123/"


def crawler_for(tmp_path, **settings):
    crawler = get_crawler(SitesSpider, crawl_settings(tmp_path, {}, **settings))
    crawler.spider = crawler._create_spider(start_url=START)
    return crawler


# -- fault kinds ------------------------------------------------------------------------------


def _failure(exc: Exception) -> Failure:
    try:
        raise exc
    except Exception:
        return Failure()


@pytest.mark.parametrize(
    ("exc", "kind"),
    [(DownloadTimeoutError("slow"), "timeout"),
     (ResponseDataLossError("short"), "dataloss"),
     (ResponseFailed([Failure(_DataLoss())]), "dataloss"),
     (DownloadCancelledError("big"), "too_large"),
     (IgnoreRequest("Ignored <200 x> ... exceeded DOWNLOAD_MAXSIZE (8 B)"), "too_large"),
     (IgnoreRequest("Forbidden by robots.txt"), "robots"),
     (IgnoreRequest("max redirections reached"), "redirect_loop"),
     (Refused("offsite", "127.0.0.1:9"), "offsite"),
     (HttpError(Response("http://x/", status=404), "404"), "http_404"),
     (HttpError(Response("http://x/", status=502), "502"), "http_5xx"),
     (ValueError("odd"), "error:ValueError")],
)  # fmt: skip
def test_failure_kinds(exc, kind):
    assert failure_kind(_failure(exc)) == kind


def test_http_fault_names():
    assert [http_fault(s) for s in (404, 410, 429, 403, 500, 503)] == [
        "http_404", "http_410", "http_429", "http_4xx", "http_5xx", "http_5xx"]  # fmt: skip


# -- StorePipeline and CleanPipeline ----------------------------------------------------------


@pytest_twisted.ensureDeferred
async def test_store_records_refusals_and_errors_by_kind(tmp_path):
    import sqlite_utils
    from scrapy.utils.defer import deferred_from_coro

    crawler = crawler_for(tmp_path)
    pipeline = StorePipeline.from_crawler(crawler)
    pipeline.open_spider()
    for url, reason, status in (("file:///etc/passwd", "unsafe_scheme", 0),
                                (START + "gone.html", "http_404", 404)):  # fmt: skip
        item = PageItem(url, "s", "error", status, "2026-01-01", reason=reason)
        await deferred_from_coro(pipeline.process_item(item))
    pipeline.close_spider()
    rows = {r["url"]: r for r in sqlite_utils.Database(crawler.settings["CORPUS_DB"])["pages"].rows}
    assert rows["file:///etc/passwd"]["outcome"] == "refused"
    assert rows[START + "gone.html"]["outcome"] == "error"
    stats = crawler.stats
    assert stats.get_value("faults/unsafe_scheme") == 1 and stats.get_value("faults/http_404") == 1
    assert stats.get_value("pages/fetched") == 1  # the 404 was an answer; the refusal was not


@pytest_twisted.ensureDeferred
async def test_cleaning_in_a_worker_process_judges_as_in_a_thread(tmp_path):
    text = article_texts(1)[0]
    results = []
    for workers in (0, 1):
        pipeline = CleanPipeline.from_crawler(crawler_for(tmp_path, CLEAN_WORKERS=workers))
        pipeline.open_spider()
        item = PageItem(START + "a.html", "s", "article", 200, "2026-01-01",
                        body=article_page(text).encode("utf-8"),
                        headers={"Content-Type": "text/html; charset=utf-8"})  # fmt: skip
        from scrapy.utils.defer import deferred_from_coro

        item = await deferred_from_coro(pipeline.process_item(item))
        pipeline.close_spider()
        results.append((item.reject_reason, item.document.content_hash, item.document.site))
    assert results[0] == results[1] and results[0][0] is None


# -- extensions ---------------------------------------------------------------------------------


def test_warc_archive_writes_each_response_and_no_file_for_none(tmp_path):
    from warcio.archiveiterator import ArchiveIterator

    crawler = crawler_for(tmp_path)
    empty = WarcArchive.from_crawler(crawler)
    empty.spider_closed(crawler.spider)
    assert not (tmp_path / "archive").exists()
    assert crawler.stats.get_value("archive/path").startswith("none")

    archive = WarcArchive.from_crawler(crawler)
    req = Request(START + "a.html", meta={"kind": "article"})
    archive.response_downloaded(Response(req.url, body=b"<html>x</html>", request=req), req, None)
    archive.spider_closed(crawler.spider)
    with archive.path.open("rb") as stream:
        records = [(r.rec_headers.get_header("WARC-Target-URI"), r.content_stream().read())
                   for r in ArchiveIterator(stream) if r.rec_type == "response"]  # fmt: skip
    assert records == [(req.url, b"<html>x</html>")]


def stats_of_a_crawl(**extra) -> dict:
    return {"start_time": datetime.now(UTC), "pages/fetched": 12, "pages/article": 5,
            "pages/outcome/stored": 3, "pages/outcome/rejected": 2, "pages/outcome/duplicate": 1,
            "faults/http_404": 2, "faults/robots": 1, "faults/timeout": 1, **extra}  # fmt: skip


def test_summary_counts_faults_by_kind_apart_from_refusals():
    summary = format_summary(stats_of_a_crawl())
    assert "faults               4 (3 from the sites, 1 refused by the crawler)" in summary
    assert "\n    http_404                       2" in summary
    assert "NOTHING" not in summary


def test_summary_says_when_nothing_was_fetched(tmp_path):
    out = io.StringIO()
    crawler = crawler_for(tmp_path)
    crawler.stats.set_value("faults/connection_refused", 1)
    CrawlSummary(crawler, out).spider_closed(crawler.spider, "finished")
    assert "NOTHING WAS FETCHED" in out.getvalue().splitlines()[0]


def test_progress_line_reports_rate_outcomes_and_faults(tmp_path):
    crawler = crawler_for(tmp_path, PROGRESS_INTERVAL=30)
    progress = CrawlProgress.from_crawler(crawler)
    for key, value in stats_of_a_crawl().items():
        crawler.stats.set_value(key, value)
    line = progress.line()
    assert line.startswith("progress 0m")
    assert ": 12 pages (24/min), 3 stored, 2 rejected, 1 duplicates, 4 faults" in line
    assert "(http_404 2, robots 1, timeout 1)" in line
    assert "(0/min)" in progress.line()  # the rate is over the last interval only


def test_progress_and_robots_delay_switch_off():
    from scrapy.exceptions import NotConfigured

    with pytest.raises(NotConfigured):
        CrawlProgress.from_crawler(get_crawler(SitesSpider, {"PROGRESS_INTERVAL": 0}))
    with pytest.raises(NotConfigured):
        RobotsCrawlDelay.from_crawler(get_crawler(SitesSpider, {"ROBOTSTXT_OBEY": False}))


def test_robots_crawl_delay_is_remembered_per_host(tmp_path):
    from scrapy.robotstxt import ProtegoRobotParser

    crawler = crawler_for(tmp_path)
    ext = RobotsCrawlDelay.from_crawler(crawler)
    parser = ProtegoRobotParser(b"User-agent: *\nCrawl-delay: 3\n", crawler.spider)
    ext.robots_parsed(parser, Request(START + "robots.txt"))
    assert ext.delays == {"127.0.0.1:8123": 3.0}


# -- pre-flight checks and the command line -----------------------------------------------------


def test_database_path_must_be_given_and_writable(tmp_path):
    with pytest.raises(SetupError, match="CORPUS_DB is empty"):
        check_database("")
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    with pytest.raises(SetupError, match="cannot write a database there"):
        check_database(str(blocker / "corpus.db"))
    check_database(str(tmp_path / "fine.db"))
    assert list(tmp_path.iterdir()) == [blocker]  # the check leaves no database behind


@pytest.mark.parametrize(
    ("args", "message"),
    [({"site": "nosuch"}, "no profile named 'nosuch'.*known: .*gjknj.*jiuli"),
     ({"site": "jiuli"}, "'jiuli' has no start URLs"),
     ({"site": "fanwen"}, "mirror profile"),
     ({"start_url": "ftp://127.0.0.1/"}, "only http")],
)  # fmt: skip
def test_profiles_that_cannot_run_are_named(tmp_path, args, message):
    settings = {"CORPUS_DB": str(tmp_path / "c.db"), "PROFILES_DIR": str(ROOT / "crawler/profiles")}
    with pytest.raises(SetupError, match=message):
        check_setup(settings, args)


def scrapy_crawl(tmp_path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "scrapy", "crawl", "sites", "-s", f"ARCHIVE_DIR={tmp_path / 'warc'}",
         *args],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )  # fmt: skip


def test_unknown_profile_is_one_line_and_exit_2(tmp_path):
    # At the project's own LOG_LEVEL (INFO): not even Scrapy's banner comes before the error.
    done = scrapy_crawl(tmp_path, "-a", "site=nosuch", "-s", f"CORPUS_DB={tmp_path / 'c.db'}")
    assert done.returncode == 2
    assert done.stderr.strip().count("\n") == 0, done.stderr
    assert "no profile named 'nosuch'" in done.stderr and "known: " in done.stderr


def test_a_crawl_that_fetched_nothing_says_so_and_exits_1(tmp_path):
    import socket

    with socket.socket() as sock:  # a port nothing listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    done = scrapy_crawl(tmp_path, "-a", f"start_url=http://127.0.0.1:{port}/",
                        "-s", f"CORPUS_DB={tmp_path / 'c.db'}", "-s", "RETRY_TIMES=0",
                        "-s", "LOG_LEVEL=ERROR")  # fmt: skip
    assert done.returncode == 1, done.stderr
    assert "NOTHING WAS FETCHED" in done.stdout
    assert "connection_refused" in done.stdout
    assert not (tmp_path / "warc").exists()  # no empty WARC left behind
