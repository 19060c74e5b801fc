"""The generic spider (``-a start_url``) against a hostile site on 127.0.0.1 (tests/hostile.py).

One crawl, several checks: every good page becomes a document, read in the right encoding;
every fault is recorded by kind in ``pages`` and in the summary; nothing off the host and
nothing but http is ever requested; Retry-After is waited out through Scrapy's retries.
"""

from __future__ import annotations

import io
from contextlib import redirect_stderr, redirect_stdout

import pytest
import pytest_twisted
import sqlite_utils
from scrapy import signals
from twisted.internet.defer import Deferred

from crawler.faults import REFUSED
from tests import hostile
from tests.crawling import crawl_settings

# A timeout short enough that the 40 s answer costs six seconds, not two minutes; a size
# limit (8 MB in production) that a streamed page passes quickly with the server in-process.
FAST = {"DOWNLOAD_TIMEOUT": 2, "CONCURRENT_REQUESTS_PER_DOMAIN": 8, "PROGRESS_INTERVAL": 1,
        "RETRY_AFTER_MAX": 5, "DOWNLOAD_MAXSIZE": 1024 * 1024, "DOWNLOAD_WARNSIZE": 256 * 1024}  # fmt: skip


@pytest.fixture(scope="module")
def hostile_crawl(tmp_path_factory):
    """Crawl the hostile site once; the tests below read what it left."""
    tmp_path = tmp_path_factory.mktemp("hostile")
    with hostile.running() as site:
        settings = crawl_settings(tmp_path, {}, **FAST)
        reached: list[str] = []

        def on_reached(request, spider):  # kept referenced: signal receivers are weak
            reached.append(request.url)

        out, err = io.StringIO(), io.StringIO()
        with redirect_stdout(out), redirect_stderr(err):
            crawler = pytest_twisted.blockon(
                Deferred.fromCoroutine(_crawl(settings, site.url + "/", on_reached))
            )
        crawler.printed = out.getvalue() + err.getvalue()
        yield site, settings["CORPUS_DB"], crawler, reached


async def _crawl(settings, start_url, on_reached):
    from scrapy.utils.test import get_crawler

    from crawler.spiders.sites import SitesSpider

    crawler = get_crawler(SitesSpider, settings)
    crawler.signals.connect(on_reached, signal=signals.request_reached_downloader)
    await crawler.crawl(start_url=start_url)
    return crawler


def pages(db_path) -> dict[str, dict]:
    return {r["url"]: r for r in sqlite_utils.Database(db_path).query("select * from pages")}


def test_every_good_page_becomes_a_document(hostile_crawl):
    site, db_path, _, _ = hostile_crawl
    rows = pages(db_path)
    db = sqlite_utils.Database(db_path)
    for path, text in site.articles.items():
        row = rows[site.url + path]
        assert row["document_id"], f"{path} ({hostile.DELIVERY.get(int(path[9:-5]))}): {row}"
        body = db["documents"].get(row["document_id"])["body"]
        # Read in the right encoding: the document holds the text's own sentences.
        assert text.paragraphs[1][:30] in body, path
    assert db["documents"].count == len(site.articles)
    # The ?from= and #top spellings were one page each, fetched once.
    assert not [u for u in rows if "?from=" in u or "#" in u]
    assert len(site.hits("/article/1.html")) == 1
    # Pagination was followed to its end, past the old depth limit of 8.
    assert rows[f"{site.url}/list/{hostile.LIST_PAGES}.html"]["outcome"] == "list"


def test_every_fault_is_recorded_by_kind(hostile_crawl):
    site, db_path, crawler, _ = hostile_crawl
    rows = pages(db_path)
    recorded = {url: rows.get(url, {}).get("reason") for url in site.faults}
    assert recorded == site.faults
    for url, kind in site.faults.items():
        assert rows[url]["outcome"] == ("refused" if kind in REFUSED else "error"), url
        assert rows[url]["document_id"] is None
    stats = crawler.stats.get_stats()
    for kind in set(site.faults.values()):
        expected = sum(1 for k in site.faults.values() if k == kind)
        assert stats[f"faults/{kind}"] == expected, kind
    # The loop's first hop is a plain redirect; the hop that closes it is the fault.
    assert rows[site.url + "/fault/loop-a.html"]["outcome"] == "redirect"


def test_nothing_off_host_or_non_http_is_requested(hostile_crawl):
    site, _, _, reached = hostile_crawl
    assert reached and all(url.startswith(site.url + "/") for url in reached)
    assert site.other_requests == []
    assert not site.hits("/private/secret.html")  # robots.txt obeyed


def test_retries_go_through_scrapy_and_honour_retry_after(hostile_crawl):
    site, _, crawler, _ = hostile_crawl
    stats = crawler.stats.get_stats()
    # 503, 429 and truncated-once retried once; 500, truncated and slow twice (RETRY_TIMES).
    assert stats["retry/count"] >= 1 + 1 + 1 + 2 + 2 + 2
    assert stats["retry/max_reached"] == 3  # 500, truncated, slow
    assert stats["retry/reason_count/429 Unknown Status"] == 1  # Twisted has no name for 429
    assert stats["retry/reason_count/503 Service Unavailable"] == 1
    assert stats["retry_after/waits"] == 2 and stats["retry_after/too_long"] == 1
    for path in ("/article/2.html", "/article/3.html"):  # 503 then 200, 429 then 200
        first, second = site.hits(path)
        assert second - first >= 1.0, f"{path}: Retry-After: 1 not waited out"
    # A truncated body is retried, then given up on: never stored as a short text.
    assert len(site.hits("/fault/truncated.html")) == 3
    assert len(site.hits("/fault/500.html")) == 3


def test_the_crawl_ends_with_a_summary_and_reports_progress(hostile_crawl):
    site, _, crawler, _ = hostile_crawl
    printed = crawler.printed
    summary = printed[printed.index("Crawl finished in"):]
    for kind in set(site.faults.values()):
        assert f"\n    {kind} " in summary, kind
    assert f"documents stored     {len(site.articles)} new" in summary
    # The 40 s answer alone keeps the crawl running past one PROGRESS_INTERVAL.
    progress = [line for line in printed.splitlines() if line.startswith("progress ")]
    assert progress and "/min)" in progress[-1] and "faults" in progress[-1]
