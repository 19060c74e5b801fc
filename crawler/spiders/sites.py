"""The ``sites`` spider: profile-driven crawls of template-essay sites.

    scrapy crawl sites                      # every profile in PROFILES_DIR
    scrapy crawl sites -a site=NAME         # one profile
    scrapy crawl sites -a start_url=URL     # any site, no profile: stay on its host
"""

from __future__ import annotations

import tomllib
from collections.abc import AsyncIterator, Iterator
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit

import scrapy
from scrapy.http import Response, TextResponse
from scrapy.linkextractors import LinkExtractor
from scrapy.spidermiddlewares.httperror import HttpError
from scrapy.utils.sitemap import Sitemap
from w3lib.url import url_query_cleaner

from cleaning.topic import link_priority
from corpus.store import now_iso
from crawler.faults import failure_kind
from crawler.items import PageItem
from crawler.pageclass import looks_binary, looks_like_article
from crawler.profile import Profile, select_profiles

# Articles are what we harvest: fetch them before more list pages.
ARTICLE_BONUS = 20
REDIRECTS = [301, 302, 303, 307, 308]
SAFE_SCHEMES = ("http", "https")
URL_RULES = Path(__file__).resolve().parent.parent / "data" / "urls.toml"


class SitesSpider(scrapy.Spider):
    name = "sites"

    def __init__(self, site: str | None = None, start_url: str | None = None, **kwargs):
        super().__init__(**kwargs)
        self.site_name = site
        self.start_url = start_url
        self.profiles: list[Profile] = []
        self._links = LinkExtractor(unique=True, deny_extensions=["pdf", "doc", "docx", "zip"])
        self._refused: set[str] = set()  # unsafe links are recorded once, not once per page

    @classmethod
    def from_crawler(cls, crawler, *args, **kwargs):
        spider = super().from_crawler(crawler, *args, **kwargs)
        spider.profiles = spider._load_profiles(crawler.settings)
        spider.max_redirects = crawler.settings.getint("REDIRECT_MAX_TIMES")
        spider.max_list_depth = crawler.settings.getint("LIST_DEPTH_LIMIT")
        return spider

    def _load_profiles(self, settings) -> list[Profile]:
        return select_profiles(settings.get("PROFILES_DIR"), settings.get("MIRROR_URLS", ""),
                               self.site_name, self.start_url)  # fmt: skip

    async def start(self) -> AsyncIterator[scrapy.Request]:
        for profile in self.profiles:
            self.logger.info("profile %s: %s", profile.name, ", ".join(profile.start_urls))
            for url in profile.sitemap_urls:
                yield self._request(url, profile, "sitemap", priority=50)
            for url in profile.topic_urls():
                yield self._request(url, profile, "list", priority=90)
            for url in profile.start_urls:
                yield self._request(url, profile, "list", priority=40)

    def _request(self, url: str, profile: Profile, kind: str, priority: int = 0, **meta):
        callback = {"sitemap": self.parse_sitemap, "article": self.parse_article}.get(
            kind, self.parse_page
        )
        return scrapy.Request(
            url,
            callback=callback,
            errback=self.on_error,
            priority=priority,
            # Redirects come to the spider, so the old URL is recorded with its target.
            meta={"profile": profile, "kind": kind, "handle_httpstatus_list": REDIRECTS, **meta},
        )

    # -- callbacks ----------------------------------------------------------
    def _not_a_page(self, response: Response) -> list | None:
        """What a redirect or a fault gives instead of a page to parse (None: it is a page)."""
        if response.status in REDIRECTS:
            return list(self.follow_redirect(response))
        if fault := response_fault(response):
            return [self._request_fault(response.request, fault, response.status)]
        return None

    def parse_page(self, response: Response) -> Iterator:
        """A list page (or, for a generic crawl, any page): record it and follow links."""
        if (instead := self._not_a_page(response)) is not None:
            yield from instead
            return
        profile = response.meta["profile"]
        if profile.generic and looks_like_article(response):
            yield self._page_item(response, "article")
        else:
            yield self._page_item(response, "list", body=False)
        yield from self.follow_links(response, profile)

    def parse_article(self, response: Response) -> Iterator:
        if (instead := self._not_a_page(response)) is not None:
            yield from instead
            return
        yield self._page_item(response, "article")
        yield from self.follow_links(response, response.meta["profile"])

    def follow_redirect(self, response: Response) -> Iterator:
        """Record the old URL, then fetch its target: the downloader decides if it may.

        A target already on this chain of redirects, or a chain longer than
        REDIRECT_MAX_TIMES, is a loop: recorded, not followed.
        """
        location = response.headers.get("Location")
        target = response.urljoin(location.decode("latin-1")) if location else None
        chain = [*response.meta.get("redirect_chain", []), response.url]
        if target and (target in chain or len(chain) > self.max_redirects):
            yield self._request_fault(response.request, "redirect_loop", response.status)
            return
        item = self._page_item(response, "redirect", body=False)
        item.reason = f"redirect_to:{target}"
        yield item
        if target is None:
            return
        profile = response.meta["profile"]
        kind = profile.classify(target)
        if kind is None and profile.owns(target):
            return  # a denied path of this site
        # Off the site, or not http(s): requested all the same, so that the downloader's
        # SafeUrl and Offsite middlewares refuse it and the refusal is recorded.
        kind = kind or response.meta["kind"]
        yield self._request(target, profile, kind, response.request.priority,
                            redirect_chain=chain, list_depth=response.meta.get("list_depth", 0))  # fmt: skip

    def parse_sitemap(self, response: Response) -> Iterator:
        profile = response.meta["profile"]
        for entry in Sitemap(response.body):
            yield from self._follow(response, profile, entry["loc"], ARTICLE_BONUS)

    def follow_links(self, response: Response, profile: Profile) -> Iterator:
        if not isinstance(response, TextResponse):
            return
        for link in self._links.extract_links(response):
            yield from self._follow(response, profile, link.url, None, link.text)

    def _follow(self, response, profile: Profile, url: str, priority: int | None, anchor=""):
        """A request for a link worth following; a fault item for a link that is unsafe."""
        if urlsplit(url).scheme not in SAFE_SCHEMES:
            if url not in self._refused:
                self._refused.add(url)
                yield self._fault_item(url, profile.name, "unsafe_scheme", referer=response.url)
            return
        url = canonical_url(url)
        kind = profile.classify(url)
        if kind is None:
            return  # another site's link, or a denied path: not ours to follow
        depth = response.meta.get("list_depth", 0) + (kind != "article")
        if depth > self.max_list_depth:
            self.crawler.stats.inc_value("pages/list_depth_limited")
            return
        if priority is None:
            priority = link_priority(anchor, url) + (ARTICLE_BONUS if kind == "article" else 0)
        yield self._request(url, profile, kind, priority, anchor=anchor, list_depth=depth)

    def on_error(self, failure) -> Iterator[PageItem]:
        """Record a URL that failed or was refused, by fault kind: one bad URL never stops the crawl."""
        response = getattr(failure.value, "response", None)
        status = response.status if failure.check(HttpError) and response else 0
        yield self._request_fault(failure.request, failure_kind(failure), status)

    # -- items ----------------------------------------------------------------
    def _page_item(self, response: Response, kind: str, body: bool = True) -> PageItem:
        return PageItem(
            url=response.url,
            site=response.meta["profile"].name,
            kind=kind,
            status=response.status,
            fetched_at=now_iso(),
            body=response.body if body else b"",
            headers=_headers(response),
            referer=_referer(response.request),
        )

    def _request_fault(self, request, fault: str, status: int = 0) -> PageItem:
        site = request.meta["profile"].name
        return self._fault_item(request.url, site, fault, status, _referer(request))

    def _fault_item(self, url: str, site: str, fault: str, status: int = 0, referer=None):
        return PageItem(url=url, site=site, kind="error", status=status, fetched_at=now_iso(),
                        referer=referer, reason=fault)  # fmt: skip


def response_fault(response: Response) -> str | None:
    """'empty' or 'not_html' for a response that cannot hold a page, else None."""
    if not response.body.strip():
        return "empty"
    if not isinstance(response, TextResponse) or looks_binary(response.body):
        return "not_html"
    return None


def canonical_url(url: str) -> str:
    """The URL without its fragment and tracking parameters (crawler/data/urls.toml)."""
    url = url.split("#", 1)[0]
    return url_query_cleaner(url, _tracking_params(), remove=True, keep_fragments=False)


@cache
def _tracking_params() -> tuple[str, ...]:
    with URL_RULES.open("rb") as fh:
        return tuple(tomllib.load(fh)["tracking_params"])


def _headers(response: Response) -> dict[str, str]:
    return {
        k.decode("latin-1"): b", ".join(v).decode("latin-1") for k, v in response.headers.items()
    }


def _referer(request) -> str | None:
    value = request.headers.get("Referer")
    return value.decode("latin-1") if value else None
