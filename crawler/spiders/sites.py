"""The ``sites`` spider: profile-driven crawls of template-essay sites.

    scrapy crawl sites                      # every profile in PROFILES_DIR
    scrapy crawl sites -a site=NAME         # one profile
    scrapy crawl sites -a start_url=URL     # any site, no profile: stay on its host
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import scrapy
from scrapy.http import Response
from scrapy.linkextractors import LinkExtractor
from scrapy.spidermiddlewares.httperror import HttpError
from scrapy.utils.sitemap import Sitemap

from cleaning.topic import link_priority
from corpus.store import now_iso
from crawler.items import PageItem
from crawler.pageclass import looks_like_article
from crawler.profile import (
    Profile,
    generic_profile,
    load_profiles,
    parse_mirror_urls,
)

# Articles are what we harvest: fetch them before more list pages.
ARTICLE_BONUS = 20
REDIRECTS = [301, 302, 303, 307, 308]


class SitesSpider(scrapy.Spider):
    name = "sites"

    def __init__(self, site: str | None = None, start_url: str | None = None, **kwargs):
        super().__init__(**kwargs)
        self.site_name = site
        self.start_url = start_url
        self.profiles: list[Profile] = []
        self._links = LinkExtractor(unique=True, deny_extensions=["pdf", "doc", "docx", "zip"])

    @classmethod
    def from_crawler(cls, crawler, *args, **kwargs):
        spider = super().from_crawler(crawler, *args, **kwargs)
        spider.profiles = spider._load_profiles(crawler.settings)
        return spider

    def _load_profiles(self, settings) -> list[Profile]:
        if self.start_url:
            return [generic_profile(self.start_url)]
        mirror = parse_mirror_urls(settings.get("MIRROR_URLS", ""))
        return load_profiles(Path(settings.get("PROFILES_DIR")), mirror, self.site_name)

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
    def parse_page(self, response: Response) -> Iterator:
        """A list page (or, for a generic crawl, any page): record it and follow links."""
        if response.status in REDIRECTS:
            yield from self.follow_redirect(response)
            return
        profile = response.meta["profile"]
        if profile.generic and looks_like_article(response):
            yield self._page_item(response, "article")
        else:
            yield self._page_item(response, "list", body=False)
        yield from self.follow_links(response, profile)

    def parse_article(self, response: Response) -> Iterator:
        if response.status in REDIRECTS:
            yield from self.follow_redirect(response)
            return
        yield self._page_item(response, "article")
        yield from self.follow_links(response, response.meta["profile"])

    def follow_redirect(self, response: Response) -> Iterator:
        """Record the old URL, then fetch its target like any link on this site."""
        location = response.headers.get("Location")
        target = response.urljoin(location.decode("latin-1")) if location else None
        item = self._page_item(response, "redirect", body=False)
        item.reason = f"redirect_to:{target}"
        yield item
        profile = response.meta["profile"]
        kind = profile.classify(target) if target else None
        if kind:
            yield self._request(target, profile, kind, response.request.priority)

    def parse_sitemap(self, response: Response) -> Iterator:
        profile = response.meta["profile"]
        for entry in Sitemap(response.body):
            url = entry["loc"]
            kind = profile.classify(url)
            if kind:
                yield self._request(url, profile, kind, priority=ARTICLE_BONUS)

    def follow_links(self, response: Response, profile: Profile) -> Iterator[scrapy.Request]:
        if not hasattr(response, "text"):
            return
        for link in self._links.extract_links(response):
            kind = profile.classify(link.url)
            if kind is None:
                continue
            priority = link_priority(link.text, link.url)
            if kind == "article":
                priority += ARTICLE_BONUS
            yield self._request(link.url, profile, kind, priority, anchor=link.text)

    def on_error(self, failure) -> Iterator[PageItem]:
        """Record a URL that failed (404, DNS, timeout): one bad URL never stops the crawl."""
        request = failure.request
        response = getattr(failure.value, "response", None)
        status = response.status if failure.check(HttpError) and response else 0
        yield PageItem(
            url=request.url,
            site=request.meta["profile"].name,
            kind="error",
            status=status,
            fetched_at=now_iso(),
            referer=_referer(request),
            reason=f"http_{status}" if status else type(failure.value).__name__,
        )

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


def _headers(response: Response) -> dict[str, str]:
    return {
        k.decode("latin-1"): b", ".join(v).decode("latin-1") for k, v in response.headers.items()
    }


def _referer(request) -> str | None:
    value = request.headers.get("Referer")
    return value.decode("latin-1") if value else None
