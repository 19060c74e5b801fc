"""Render the five fake sites into URL -> bytes tables.

Each site is built differently on purpose (markup, URL scheme, charset, pagination), because the
crawler profiles and the cleaner must cope with real variety, not one template with five skins.
"""

from __future__ import annotations

import random
import tomllib
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from email.utils import format_datetime
from functools import cache
from typing import Any
from urllib.parse import quote, unquote
from xml.sax.saxutils import escape

import jinja2

from mirror import variants
from mirror.catalog import (
    CATEGORIES,
    ENCODINGS,
    GONGWEN_DIRS,
    GOV_COLS,
    SITES,
    WENKU_PAGE_CHARS,
    Page,
)
from mirror.grammar import DATA_DIR

TEMPLATES = DATA_DIR.parent / "templates"
UPLOADERS = ("书香门第", "江南小雨", "教研小助手", "笔下生花", "阿青", "文档搬运工", "晨曦", "老周")
# The one text that a deleted (404) link pretends to point to, per site.
DELETED_TITLES = {"gongwen": "县教育局2020年上半年工作总结", "fanwen": "教育局2019年工作总结范文",
                  "wenku": "市教育局2021年工作要点.docx", "gov": "县教育局关于2018年教育工作情况的汇报",
                  "tw": "縣教育局2017年工作總結"}
FANWEN_SEARCHES = ("教育局 工作总结", "教育局 工作计划", "工作要点", "述职报告", "心得体会")


@dataclass
class Resource:
    status: int
    body: bytes
    content_type: str
    last_modified: datetime | None = None
    location: str | None = None


@dataclass
class Link:
    href: str
    title: str
    date: str = ""


@cache
def site_config() -> dict[str, Any]:
    with open(DATA_DIR / "sites.toml", "rb") as fh:
        return tomllib.load(fh)


@cache
def _env() -> jinja2.Environment:
    return jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True,
                              trim_blocks=True, lstrip_blocks=True)


def _ctype(charset: str) -> str:
    return f"text/html; charset={charset}"


# ---------------------------------------------------------------- URL schemes


def list_url(site: str, cat: str, n: int = 1) -> str:
    if site == "gongwen":
        return f"/{GONGWEN_DIRS[cat]}/" if n == 1 else f"/{GONGWEN_DIRS[cat]}/list_{n}.html"
    if site == "fanwen":
        return f"/fanwen/{cat}/" if n == 1 else f"/fanwen/{cat}/index_{n}.html"
    if site == "wenku":
        return f"/list-{cat}-{n}.html"
    if site == "gov":
        col = GOV_COLS[cat]
        return f"/col/col{col}/index.html" if n == 1 else f"/col/col{col}/index_{n}.html"
    return f"/category/{cat}/" if n == 1 else f"/category/{cat}/page/{n}/"


def tag_url(kw: str, n: int = 1) -> str:
    return f"/tag/{quote(kw)}.html" if n == 1 else f"/tag/{quote(kw)}_{n}.html"


def search_url(q: str, n: int = 1) -> str:
    url = "/search?q=" + quote(q).replace("%20", "+")
    return url if n == 1 else f"{url}&page={n}"


def old_url(site: str, page: Page) -> str:
    """Where an article used to live before the site moved it (answered with 301)."""
    pid = _pid(page)
    return f"/html/{page.published:%Y}/{pid}.html" if site == "gongwen" else f"/view/{pid}.html"


def _pid(page: Page) -> str:
    return "".join(ch for ch in page.path.rsplit("/", 1)[-1] if ch.isdigit() or ch == "_").split("_")[-1]


# ---------------------------------------------------------------- site

@dataclass
class Site:
    name: str
    pages: list[Page]
    urls: dict[str, str]
    routes: dict[str, Resource] = field(default_factory=dict)
    order: dict[str, list[Page]] = field(default_factory=dict)  # category -> day-1 pages, newest first
    fresh: dict[str, list[Page]] = field(default_factory=dict)  # category -> day-2 pages

    @property
    def cfg(self) -> dict[str, Any]:
        return site_config()[self.name]

    @property
    def encoding(self) -> str:
        return ENCODINGS[self.name]

    def categories(self) -> list[str]:
        return [c for c in CATEGORIES if c in self.order or c in self.fresh]

    def cats(self) -> list[dict[str, str]]:
        return [{"href": list_url(self.name, c), "label": self.cfg["labels"][c]} for c in self.categories()]

    def friends(self) -> list[dict[str, str]]:
        return [{"name": site_config()[s]["name"], "url": self.urls[s]} for s in SITES if s != self.name]

    def link(self, page: Page) -> Link:
        return Link(page.path, page.title_shown, f"{page.published:%Y-%m-%d}")

    def render(self, template: str, **ctx: Any) -> str:
        base = {"site": self.cfg, "cats": self.cats(), "friends": self.friends(),
                "charset": self.encoding, "keywords": "", "query": None}
        return _env().get_template(f"{self.name}_{template}.html").render({**base, **ctx})

    def html(self, text: str, charset: str | None = None, encoding: str | None = None,
             last_modified: datetime | None = None, status: int = 200) -> Resource:
        body = text.encode(encoding or self.encoding, errors="xmlcharrefreplace")
        return Resource(status, body, _ctype(charset or self.encoding), last_modified)


def build_site(name: str, pages: list[Page], urls: dict[str, str]) -> Site:
    site = Site(name, [p for p in pages if p.site == name], urls)
    for page in sorted(site.pages, key=lambda p: (p.published, p.path), reverse=True):
        target = site.fresh if page.day > 1 else site.order
        target.setdefault(page.category, []).append(page)
    _articles(site)
    _lists(site)
    _home(site)
    _extras(site)
    return site


def _neighbours(site: Site, page: Page) -> tuple[Link | None, Link | None]:
    # Day-1 articles never point at day-2 ones, so an incremental crawl sees them unchanged.
    seq = site.order.get(page.category, [])
    if page.day > 1:
        seq = [page] + seq
    i = seq.index(page)
    prev = site.link(seq[i - 1]) if i > 0 else None
    nxt = site.link(seq[i + 1]) if i + 1 < len(seq) else None
    return prev, nxt


def _articles(site: Site) -> None:
    render = ARTICLE_RENDERERS[site.name]
    for page in site.pages:
        text = render(site, page)
        charset = page.declared_encoding
        site.routes[page.path] = site.html(text, charset=charset, encoding=page.encoding,
                                           last_modified=page.published)


def _latest(site: Site, k: int, exclude: Page | None = None) -> list[Link]:
    """Newest day-1 articles (day-2 ones appear only on the first list pages and the home page)."""
    pages = sorted((p for p in site.pages if p.day == 1), key=lambda p: (p.published, p.path), reverse=True)
    return [site.link(p) for p in pages if p is not exclude][:k]


def _cat_ctx(site: Site, page: Page) -> dict[str, str]:
    return {"href": list_url(site.name, page.category), "label": site.cfg["labels"][page.category]}


def _rng(page: Page) -> random.Random:
    return random.Random(zlib.crc32(f"{page.site}{page.path}".encode()))


# ---------------------------------------------------------------- article renderers


def _gongwen_article(site: Site, page: Page) -> str:
    prev, nxt = _neighbours(site, page)
    kws = [kw for kw in site.cfg["tags"] if kw in page.title_shown]
    tags = [{"kw": kw, "href": tag_url(kw)} for kw in kws]
    return site.render("article", page=page, text=page.text, paras=page.text.paragraphs,
                       cat=_cat_ctx(site, page), when=f"{page.published:%Y-%m-%d %H:%M:%S}",
                       tags=tags, pid=_pid(page), prev=prev, next=nxt, head_title=page.title_shown,
                       keywords=",".join(kws), charset=page.declared_encoding)


def _fanwen_article(site: Site, page: Page) -> str:
    prev, nxt = _neighbours(site, page)
    paras = page.text.paragraphs
    lines = [{"text": p, "plain": False} for p in paras]
    # The title shows up again mid-body, as on real template sites.
    lines.insert(max(1, len(lines) // 3), {"text": page.text.title, "plain": True})
    others = [p for p in site.pages if p.category != page.category and p.day == 1][:6]
    return site.render("article", page=page, text=page.text, lines=lines, cat=_cat_ctx(site, page),
                       date=f"{page.published:%Y-%m-%d}", prev=prev, next=nxt,
                       topics=[site.link(p) for p in others], recent=_latest(site, 8, page),
                       side=_fanwen_side(site), head_title=page.title_shown)


def _fanwen_side(site: Site) -> list[Link]:
    links = _latest(site, 6)
    oldest = min(site.pages, key=lambda p: (p.published, p.path))
    return links + [Link(old_url(site.name, oldest), oldest.title_shown)]


def wenku_chunks(page: Page) -> list[str]:
    """The preview: title glued to the first sentence, no paragraph breaks, cut into pages."""
    blob = page.text.title + "".join(page.text.paragraphs)
    return [blob[i:i + WENKU_PAGE_CHARS] for i in range(0, len(blob), WENKU_PAGE_CHARS)]


def _wenku_article(site: Site, page: Page) -> str:
    chunks = wenku_chunks(page)
    left = max(page.page_count - len(chunks), 1) if page.variant == "truncated" else 0
    size = round(len(page.text.body.encode("utf-8")) / 1024 * 1.9 + 9.5, 2)
    related = [site.link(p) for p in site.order.get(page.category, []) if p is not page][:6]
    return site.render("article", page=page, chunks=chunks, shown=len(chunks), left=left, pid=_pid(page),
                       size=size, uploader=_rng(page).choice(UPLOADERS), cat=_cat_ctx(site, page),
                       related=related, head_title=page.title_shown)


def _gov_article(site: Site, page: Page) -> str:
    pid = _pid(page)
    org = page.text.meta.get("issuer") or "县教育局"
    theme = "教育" if page.text.kind == "bureau" else "综合政务"
    return site.render("article", page=page, paras=page.text.paragraphs, cat=_cat_ctx(site, page),
                       index_no=f"{site.cfg['site_code']}/{page.published:%Y}-{int(pid) % 100000:05d}",
                       org=org, date=f"{page.published:%Y-%m-%d}", theme=theme,
                       when=f"{page.published:%Y-%m-%d %H:%M}", views=int(pid) % 977 + 23, pid=pid,
                       head_title=page.title_shown)


def tw_paragraphs(page: Page) -> list[str]:
    rng = _rng(page)
    paras = [variants.to_traditional(p) for p in page.text.paragraphs]
    if page.pinyin:
        paras = [variants.pinyin_artifacts(p, rng) for p in paras]
    return paras


def _tw_article(site: Site, page: Page) -> str:
    related = [site.link(p) for p in site.order.get(page.category, []) if p is not page][:5]
    return site.render("article", page=page, paras=tw_paragraphs(page), cat=_cat_ctx(site, page),
                       when=f"{page.published:%Y-%m-%d}", views=int(_pid(page)) % 3000 + 100,
                       related=related, pid=_pid(page), head_title=page.title_shown)


ARTICLE_RENDERERS: dict[str, Callable[[Site, Page], str]] = {
    "gongwen": _gongwen_article, "fanwen": _fanwen_article, "wenku": _wenku_article,
    "gov": _gov_article, "tw": _tw_article}


# ---------------------------------------------------------------- lists, home, extras


def _pager(n: int, total: int, url: Callable[[int], str]) -> dict[str, Any] | None:
    if total <= 1:
        return None
    nums = [{"n": i, "href": url(i), "current": i == n} for i in range(1, total + 1)]
    return {"nums": nums, "total": total, "first": url(1), "last": url(total),
            "prev": url(n - 1) if n > 1 else None, "next": url(n + 1) if n < total else None}


def _deleted_link(site: Site) -> Link:
    """A list entry whose article was taken down: the link stays, the page answers 404."""
    sample = site.order["zongjie"][0]
    taken = {p.path for p in site.pages}
    pid = int(_pid(sample)) - 1
    path = sample.path.replace(_pid(sample), str(pid))
    while path in taken:
        pid -= 1
        path = sample.path.replace(_pid(sample), str(pid))
    return Link(path, DELETED_TITLES[site.name], f"{sample.published:%Y-%m-%d}")


def deleted_path(site: Site) -> str:
    return _deleted_link(site).href


def paginate(items: list[Any], per: int) -> list[list[Any]]:
    return [items[i:i + per] for i in range(0, len(items), per)] or [[]]


def _lists(site: Site) -> None:
    per = site.cfg["per_page"]
    for cat in site.categories():
        chunks = paginate([site.link(p) for p in site.order.get(cat, [])], per)
        label = site.cfg["labels"][cat]
        for n, chunk in enumerate(chunks, 1):
            items = list(chunk)
            if n == 1:
                items = [site.link(p) for p in site.fresh.get(cat, [])] + items
                if cat == "zongjie":
                    items.insert(min(4, len(items)), _deleted_link(site))
            hot = _hot(site) if (site.name == "gongwen" and n == 1) else []
            pager = _pager(n, len(chunks), lambda i, c=cat: list_url(site.name, c, i))
            text = site.render("list", sections=[{"label": label, "href": None, "items": items}],
                               pager=pager, heading=label, head_title=f"{label}第{n}页" if n > 1 else label,
                               hot=hot, tags=_tag_links(site))
            site.routes[list_url(site.name, cat, n)] = site.html(text)


def _hot(site: Site) -> list[Link]:
    oldest = min(site.pages, key=lambda p: (p.published, p.path))
    return _latest(site, 4) + [Link(old_url(site.name, oldest), oldest.title_shown)]


def _tag_links(site: Site) -> list[dict[str, str]]:
    if site.name != "gongwen":
        return []
    return [{"kw": kw, "href": tag_url(kw)} for kw in site.cfg["tags"]]


def _home(site: Site) -> None:
    sections = []
    for cat in site.categories():
        items = site.fresh.get(cat, []) + site.order.get(cat, [])
        sections.append({"label": site.cfg["labels"][cat], "href": list_url(site.name, cat),
                         "items": [site.link(p) for p in items[:6]]})
    fresh = [site.link(p) for ps in site.fresh.values() for p in ps]
    sections.insert(0, {"label": "最新更新", "href": None, "items": fresh + _latest(site, 10)})
    if site.name == "fanwen":
        searches = [Link(search_url(q), q) for q in FANWEN_SEARCHES]
        sections.append({"label": "热门搜索", "href": None, "items": searches})
    text = site.render("list", sections=sections, pager=None, heading=None, head_title="首页",
                       hot=[], tags=_tag_links(site))
    site.routes["/"] = site.html(text)
    site.routes["/index.html"] = site.routes["/"]


def _extras(site: Site) -> None:
    robots = "User-agent: *\nDisallow: /member/\nDisallow: /download/\n"
    if site.name == "gov":
        robots += f"\nSitemap: {site.urls['gov']}/sitemap.xml\n"
        site.routes["/sitemap.xml"] = Resource(200, _sitemap(site), "application/xml; charset=utf-8")
    site.routes["/robots.txt"] = Resource(200, robots.encode("ascii"), "text/plain; charset=utf-8")
    if site.name in ("gongwen", "fanwen"):
        oldest = min(site.pages, key=lambda p: (p.published, p.path))
        site.routes[old_url(site.name, oldest)] = Resource(
            301, b"", _ctype(site.encoding), location=site.urls[site.name] + oldest.path)
    if site.name == "gongwen":
        _tags(site)


def _sitemap(site: Site) -> bytes:
    base = site.urls["gov"]
    rows = [f"<url><loc>{escape(base + p.path)}</loc><lastmod>{p.published:%Y-%m-%d}</lastmod></url>"
            for p in sorted(site.pages, key=lambda p: p.path)]
    xml = ('<?xml version="1.0" encoding="UTF-8"?>\n'
           '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n' + "\n".join(rows) + "\n</urlset>\n")
    return xml.encode("utf-8")


def _tags(site: Site) -> None:
    per = site.cfg["per_page"]
    everything = sorted(site.pages, key=lambda p: (p.day, p.published, p.path), reverse=True)
    for kw in site.cfg["tags"]:
        hits = [site.link(p) for p in everything if kw in p.title_shown]
        chunks = paginate(hits, per)
        for n, chunk in enumerate(chunks, 1):
            pager = _pager(n, len(chunks), lambda i, k=kw: tag_url(k, i))
            text = site.render("list", sections=[{"label": f"标签:{kw}", "href": None, "items": chunk}],
                               pager=pager, heading=f"{kw}相关文章", head_title=kw, hot=[],
                               tags=_tag_links(site))
            path = tag_url(kw, n)
            site.routes[path] = site.html(text)
            site.routes[_unquoted(path)] = site.routes[path]


def _unquoted(path: str) -> str:
    return unquote(path)


def search_page(site: Site, query: str, n: int) -> Resource:
    """fanwen's /search: every term must occur in the title; 10 hits a page."""
    terms = [t for t in query.replace("+", " ").split() if t]
    pages = sorted(site.pages, key=lambda p: (p.day, p.published, p.path), reverse=True)
    hits = [site.link(p) for p in pages if terms and all(t in p.title_shown for t in terms)]
    chunks = paginate(hits, site.cfg["per_page"])
    n = min(max(n, 1), len(chunks))
    pager = _pager(n, len(chunks), lambda i: search_url(" ".join(terms), i))
    text = site.render("list", sections=[{"label": f"“{query}”的搜索结果", "href": None, "items": chunks[n - 1]}],
                       pager=pager, heading="搜索结果", head_title=f"{query}_搜索", hot=[], tags=[], query=query)
    return site.html(text)


def not_found(site: Site) -> Resource:
    text = site.render("list", sections=[{"label": "404 您访问的页面不存在或已被删除", "href": "/", "items": []}],
                       pager=None, heading="页面不存在", head_title="404", hot=[], tags=[])
    return site.html(text, status=404)


def gate_page(site: Site) -> Resource:
    """/member/ and /download/: robots.txt forbids them, but they answer, as real sites do."""
    text = site.render("list", sections=[{"label": "请先登录会员账号", "href": "/member/login.html", "items": []}],
                       pager=None, heading="会员登录", head_title="会员登录", hot=[], tags=[])
    return site.html(text)


def http_date(when: datetime) -> str:
    return format_datetime(when, usegmt=True)


def build_all(pages: list[Page], urls: dict[str, str]) -> dict[str, Site]:
    return {name: build_site(name, pages, urls) for name in SITES}


def default_urls() -> dict[str, str]:
    """Stand-in base URLs for rendering without a server (dump): only friend links use them."""
    return {name: f"http://127.0.0.1:{8801 + i}" for i, name in enumerate(SITES)}


