"""Each downloader and spider middleware on ``get_crawler()``, with a request and a response."""

from __future__ import annotations

import gzip

import pytest
import pytest_twisted
from scrapy.downloadermiddlewares.httpcompression import HttpCompressionMiddleware
from scrapy.http import HtmlResponse, Request, Response
from scrapy.utils.test import get_crawler

from corpus.store import CorpusStore, open_db
from crawler import settings as project_settings
from crawler.faults import Refused
from crawler.middlewares import (
    BodyEncodingMiddleware,
    ProfileOffsiteMiddleware,
    RetryAfterMiddleware,
    SafeUrlMiddleware,
    SkipJudgedArticlesMiddleware,
    is_private_host,
)
from crawler.profile import generic_profile
from crawler.spiders.sites import SitesSpider
from tests.crawling import crawl_settings

START = "http://127.0.0.1:8123/"
TEXT = "县教育局2023年工作总结：全面落实双减政策，课后服务参与率达到百分之九十五。" * 4


def crawler_for(tmp_path, **settings):
    """A crawler with the project's settings and a spider crawling START."""
    crawler = get_crawler(SitesSpider, crawl_settings(tmp_path, {}, **settings))
    crawler.spider = crawler._create_spider(start_url=START)
    return crawler


def request(url: str, **meta) -> Request:
    return Request(url, meta={"profile": generic_profile(START), **meta})


# -- SafeUrlMiddleware --------------------------------------------------------------------


@pytest.mark.parametrize(
    "url", ["file:///etc/passwd", "ftp://127.0.0.1:8123/pub/", "data:text/html,x", "s3://b/k"]
)
def test_safe_url_refuses_every_scheme_but_http(tmp_path, url):
    mw = SafeUrlMiddleware.from_crawler(crawler_for(tmp_path))
    with pytest.raises(Refused) as refused:
        mw.process_request(request(url))
    assert refused.value.kind == "unsafe_scheme"


@pytest.mark.parametrize(
    "url",
    ["http://169.254.169.254/latest/", "http://10.0.0.8/", "http://[::1]:8123/", "http://2130706433/",
     "http://localhost:8123/", "http://127.0.0.2:8123/"],
)  # fmt: skip
def test_safe_url_refuses_private_addresses_the_user_did_not_start_from(tmp_path, url):
    mw = SafeUrlMiddleware.from_crawler(crawler_for(tmp_path))
    with pytest.raises(Refused) as refused:
        mw.process_request(request(url))
    assert refused.value.kind == "private_address"


def test_safe_url_allows_the_loopback_start_url_and_public_hosts(tmp_path):
    mw = SafeUrlMiddleware.from_crawler(crawler_for(tmp_path))
    assert mw.process_request(request(START + "a.html")) is None
    assert mw.process_request(request("https://www.example.com/")) is None


def test_safe_url_refuses_a_public_name_that_resolves_to_a_private_address(tmp_path):
    mw = SafeUrlMiddleware.from_crawler(crawler_for(tmp_path))
    req = request("http://rebind.example.com/")
    inside = Response(req.url, request=req, ip_address=_ip("10.1.2.3"))
    with pytest.raises(Refused, match="private_address"):
        mw.process_response(req, inside)
    outside = Response(req.url, request=req, ip_address=_ip("93.184.216.34"))
    assert mw.process_response(req, outside) is outside


def _ip(text):
    import ipaddress

    return ipaddress.ip_address(text)


def test_private_hosts():
    assert is_private_host("127.0.0.1") and is_private_host("0x7f.1") and is_private_host("fe80::1")
    assert not is_private_host("8.8.8.8") and not is_private_host("www.example.com")


# -- ProfileOffsiteMiddleware ---------------------------------------------------------------


def test_offsite_holds_each_request_to_its_profile_hosts_with_port(tmp_path):
    crawler = crawler_for(tmp_path)
    mw = ProfileOffsiteMiddleware.from_crawler(crawler)
    mw.spider_opened(crawler.spider)
    assert mw.process_request(request(START + "list.html")) is None
    other_port = request("http://127.0.0.1:9999/landing.html")
    mw.request_scheduled(other_port)  # no silent drop at scheduling time
    with pytest.raises(Refused) as refused:
        mw.process_request(other_port)
    assert refused.value.kind == "offsite"
    assert crawler.stats.get_value("offsite/filtered") == 1
    assert mw.process_request(Request("http://127.0.0.1:9999/robots.txt")) is None  # Scrapy's own


# -- RetryAfterMiddleware -------------------------------------------------------------------


def as_scrapy_runs_it(coroutine):
    """A middleware coroutine run as Scrapy runs it (an asyncio task under the asyncio reactor)."""
    from scrapy.utils.defer import deferred_from_coro

    return deferred_from_coro(coroutine)


def retry_mw(tmp_path, **settings):
    crawler = crawler_for(tmp_path, **settings)
    return RetryAfterMiddleware.from_crawler(crawler), crawler.stats


@pytest_twisted.ensureDeferred
async def test_retry_after_waits_then_retries_through_get_retry_request(tmp_path):
    mw, stats = retry_mw(tmp_path)
    req = request(START + "a.html")
    answer = Response(req.url, status=429, headers={"Retry-After": "1"}, request=req)
    retry = await as_scrapy_runs_it(mw.process_response(req, answer))
    assert isinstance(retry, Request) and retry.meta["retry_times"] == 1 and retry.dont_filter
    assert stats.get_value("retry/count") == 1
    assert stats.get_value("retry_after/waits") == 1 and stats.get_value("retry_after/seconds") == 1


@pytest_twisted.ensureDeferred
async def test_retry_after_keeps_retry_times_and_gives_up_without_waiting(tmp_path):
    mw, stats = retry_mw(tmp_path, RETRY_TIMES=1)
    req = request(START + "a.html", retry_times=1)
    answer = Response(req.url, status=503, headers={"Retry-After": "30"}, request=req)
    assert await as_scrapy_runs_it(mw.process_response(req, answer)) is answer
    assert stats.get_value("retry/max_reached") == 1
    assert stats.get_value("retry_after/waits") is None  # no retry was coming: no wait


@pytest_twisted.ensureDeferred
async def test_retry_after_longer_than_the_maximum_is_not_waited_out(tmp_path):
    mw, stats = retry_mw(tmp_path, RETRY_AFTER_MAX=60)
    req = request(START + "a.html")
    answer = Response(req.url, status=429, headers={"Retry-After": "3600"}, request=req)
    assert await as_scrapy_runs_it(mw.process_response(req, answer)) is answer
    assert stats.get_value("retry_after/too_long") == 1 and stats.get_value("retry/count") is None


@pytest_twisted.ensureDeferred
async def test_plain_500_is_retried_as_scrapy_does(tmp_path):
    mw, stats = retry_mw(tmp_path)
    req = request(START + "a.html")
    retry = await as_scrapy_runs_it(mw.process_response(req, Response(req.url, status=500, request=req)))
    assert isinstance(retry, Request)
    assert stats.get_value("retry/reason_count/500 Internal Server Error") == 1


# -- BodyEncodingMiddleware and the order of the chain -------------------------------------


def gbk_page(charset: str) -> tuple[Request, HtmlResponse]:
    body = f"<html><head><title>t</title></head><body><p>{TEXT}</p></body></html>".encode("gbk")
    req = request(START + "a.html")
    headers = {"Content-Type": f"text/html; charset={charset}"}
    return req, HtmlResponse(req.url, body=body, headers=headers, request=req)


@pytest.mark.parametrize("charset", ["utf-8", "iso-8859-1"])
def test_body_encoding_reads_gbk_under_a_lying_header(charset):
    req, response = gbk_page(charset)
    fixed = BodyEncodingMiddleware().process_response(req, response)
    assert fixed.encoding == "gb18030" and TEXT[:20] in fixed.text


def test_body_encoding_runs_after_decompression(tmp_path):
    crawler = crawler_for(tmp_path)
    req, plain = gbk_page("utf-8")
    zipped = HtmlResponse(req.url, body=gzip.compress(plain.body), request=req,
                          headers={"Content-Type": "text/html; charset=utf-8",
                                   "Content-Encoding": "gzip"})  # fmt: skip
    chain = response_chain(crawler, (HttpCompressionMiddleware, BodyEncodingMiddleware))
    response = zipped
    for mw in chain:  # in the order Scrapy calls process_response
        response = mw.process_response(req, response)
    assert TEXT[:20] in response.text


def response_chain(crawler, classes) -> list:
    """The project's downloader middlewares of these classes, in process_response order."""
    from scrapy.core.downloader.middleware import DownloaderMiddlewareManager

    manager = DownloaderMiddlewareManager.from_crawler(crawler)
    return [m.__self__ for m in manager.methods["process_response"] if isinstance(m.__self__, classes)]


def test_priorities_against_scrapys_defaults(tmp_path):
    from scrapy.core.downloader.middleware import DownloaderMiddlewareManager
    from scrapy.downloadermiddlewares.offsite import OffsiteMiddleware
    from scrapy.downloadermiddlewares.retry import RetryMiddleware

    manager = DownloaderMiddlewareManager.from_crawler(crawler_for(tmp_path))
    names = [type(m).__name__ for m in manager.middlewares]
    assert names[:2] == ["SafeUrlMiddleware", "ProfileOffsiteMiddleware"]  # before all else
    # One retry middleware and one offsite middleware: ours took Scrapy's places.
    assert [type(m) for m in manager.middlewares if isinstance(m, RetryMiddleware)] == [RetryAfterMiddleware]
    assert [type(m) for m in manager.middlewares if isinstance(m, OffsiteMiddleware)] == [ProfileOffsiteMiddleware]
    order = [type(m.__self__).__name__ for m in manager.methods["process_response"]]
    assert order.index("HttpCompressionMiddleware") < order.index("BodyEncodingMiddleware")
    assert order.index("BodyEncodingMiddleware") < order.index("MetaRefreshMiddleware")
    assert project_settings.DOWNLOADER_MIDDLEWARES["crawler.middlewares.RetryAfterMiddleware"] == 550


# -- SkipJudgedArticlesMiddleware ---------------------------------------------------------------


@pytest_twisted.ensureDeferred
async def test_skip_judged_drops_requests_for_articles_the_corpus_holds(tmp_path):
    crawler = crawler_for(tmp_path)
    store = CorpusStore(open_db(crawler.settings["CORPUS_DB"]))
    store.add_page({"url": START + "old.html", "kind": "article", "status": 200, "outcome": "stored"})
    store.close()
    mw = SkipJudgedArticlesMiddleware.from_crawler(crawler)

    async def output():
        for url in ("old.html", "new.html", "old.html"):
            yield request(START + url)

    kept = [r.url async for r in mw.process_spider_output(None, output())]
    assert kept == [START + "new.html"]
    assert crawler.stats.get_value("incremental/skipped_known_articles") == 1
