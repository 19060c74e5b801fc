"""The offline mirror: real HTTP on 127.0.0.1, checked against the catalog's ground truth."""

from __future__ import annotations

import html
import itertools
import json
import random
import re
import signal
import subprocess
import sys
import urllib.error
import urllib.request
import xml.etree.ElementTree as ET
from collections import Counter, defaultdict
from collections.abc import Iterator
from datetime import UTC, datetime
from email.utils import format_datetime
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest

from mirror import Mirror, bureau_document, catalog, off_topic_document, running, site_names
from mirror.__main__ import main as mirror_main
from mirror.catalog import ENCODINGS
from mirror.grammar import DOC_TYPES
from mirror.offtopic import OFF_TOPIC_KINDS
from mirror.sites import build_all, default_urls
from mirror.variants import to_traditional

STOCK = ("习近平新时代中国特色社会主义思想", "全面贯彻党的教育方针", "立德树人", "人民满意的教育", "教育现代化")
PINYIN_NOTE = re.compile(r"\([a-zāáǎàēéěèīíǐìōóǒòūúǔùü]+\)")
PINYIN = re.compile(r"[\u4e00-\u9fff]\([a-zāáǎàēéěèīíǐìōóǒòūúǔùü]+\)")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        return None


_OPENER = urllib.request.build_opener(_NoRedirect)


def fetch(url: str, headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
    req = urllib.request.Request(url, headers=headers or {})
    try:
        with _OPENER.open(req, timeout=10) as resp:
            return resp.status, dict(resp.headers), resp.read()
    except urllib.error.HTTPError as err:
        return err.code, dict(err.headers), err.read()


@pytest.fixture(scope="module")
def mirror() -> Iterator[Mirror]:
    with running(seed=0, day=1) as m:
        yield m


@pytest.fixture(scope="module")
def pages() -> list:
    return catalog(0, 1)


def _text(raw: bytes, encoding: str) -> str:
    return html.unescape(raw.decode(encoding))


# ---------------------------------------------------------------- catalog


def test_counts_and_reposts(pages: list) -> None:
    on = [p for p in pages if p.text.on_topic]
    off = [p for p in pages if not p.text.on_topic]
    assert len(on) >= 60 and len(off) >= 60
    assert len({p.text_id for p in on}) >= 45
    sites_per_text = defaultdict(set)
    for p in on:
        sites_per_text[p.text_id].add(p.site)
    assert sum(len(s) >= 2 for s in sites_per_text.values()) >= 12
    kinds = Counter(p.variant for p in on)
    for variant in ("original", "retitled", "decorated", "truncated", "traditional", "redacted"):
        assert kinds[variant] >= 1, variant
    assert {p.text.kind for p in off} == set(OFF_TOPIC_KINDS)
    assert len({(p.site, p.path) for p in pages}) == len(pages)


def test_repost_variants_differ_as_promised(pages: list) -> None:
    by_id = {p.text_id: p for p in pages if p.variant == "original"}
    for p in pages:
        base = by_id.get(p.text_id)
        if base is None:
            continue
        if p.variant == "retitled":
            assert p.title_shown != base.title_shown and p.text.title == base.text.title
            assert re.sub(r"\d", "", p.title_shown) == re.sub(r"\d", "", base.title_shown)
        if p.variant == "truncated":
            assert 0 < len(p.text.paragraphs) < len(base.text.paragraphs)
            assert p.text.paragraphs == base.text.paragraphs[: len(p.text.paragraphs)]
        if p.variant == "redacted":
            assert p.text.meta["county"] is None and p.text.meta["province"] is None
            for name in filter(None, (base.text.meta["county"], base.text.meta["city"])):
                assert name not in p.text.body and name not in p.text.title


def test_catalog_is_deterministic() -> None:
    def key(ps: list) -> list:
        return [(p.site, p.path, p.title_shown, p.text.title, tuple(p.text.paragraphs), p.variant) for p in ps]

    assert key(catalog(0)) == key(catalog(0))
    assert key(catalog(1)) != key(catalog(0))
    a = build_all(catalog(3), default_urls())
    b = build_all(catalog(3), default_urls())
    assert {s: {k: r.body for k, r in a[s].routes.items()} for s in a} == \
        {s: {k: r.body for k, r in b[s].routes.items()} for s in b}


def test_day2_adds_articles_and_keeps_the_rest(pages: list) -> None:
    day2 = catalog(0, 2)
    old = {(p.site, p.path): p for p in pages}
    new = [p for p in day2 if (p.site, p.path) not in old]
    assert 4 <= len(new) <= 6
    assert sum(p.text.on_topic for p in new) == 3
    for p in day2:
        if (p.site, p.path) in old:
            assert p.title_shown == old[(p.site, p.path)].title_shown
            assert p.text.paragraphs == old[(p.site, p.path)].text.paragraphs
    a = build_all(pages, default_urls())
    b = build_all(day2, default_urls())
    for p in pages:
        assert a[p.site].routes[p.path].body == b[p.site].routes[p.path].body


# ---------------------------------------------------------------- grammar


def _grams(s: str, n: int = 5) -> set[str]:
    return {s[i:i + n] for i in range(len(s) - n + 1)}


def test_grammar_documents_are_varied_but_share_stock_prose() -> None:
    docs = [bureau_document(random.Random(f"jaccard-{i}")) for i in range(30)]
    grams = [_grams(d.body) for d in docs]
    for (i, a), (j, b) in itertools.combinations(enumerate(grams), 2):
        assert len(a & b) / len(a | b) < 0.3, (docs[i].title, docs[j].title)
    with_stock = [d for d in docs if sum(s in d.body for s in STOCK) >= 1]
    assert len(with_stock) >= 20
    for d in docs:
        assert 1500 <= len(d.body) <= 5000, (d.title, len(d.body))


def test_grammar_structure_and_meta() -> None:
    keys = {"issuer", "level", "province", "city", "county", "years_reported", "year_planned", "period",
            "doc_type"}
    seen_modes = Counter()
    for i in range(80):
        d = bureau_document(random.Random(f"meta-{i}"))
        assert d.on_topic and d.kind == "bureau"
        assert keys <= set(d.meta) and d.meta["doc_type"] in DOC_TYPES
        assert any(re.match(r"^[一二三四五]、", p) for p in d.paragraphs)
        # Only the most specific place must be written; the ones above it are implied.
        name = d.meta["county"] or d.meta["city"] or d.meta["province"]
        if name:
            assert name in d.title or name in d.body
        seen_modes["placed" if d.meta["province"] else "unplaced"] += 1
        for y in d.meta["years_reported"]:
            assert str(y) in d.title
    assert seen_modes["placed"] > 40 and seen_modes["unplaced"] > 3
    plan = bureau_document(random.Random(1), doc_type="总结及计划", period="全年", year=2023)
    assert plan.meta["years_reported"] == [2023] and plan.meta["year_planned"] == 2024
    assert "2023" in plan.title and "2024" in plan.title
    for kind in OFF_TOPIC_KINDS:
        o = off_topic_document(random.Random(kind), kind)
        assert o.kind == kind and not o.on_topic and o.paragraphs


def test_grammar_is_seeded() -> None:
    a = bureau_document(random.Random(42))
    b = bureau_document(random.Random(42))
    assert (a.title, a.paragraphs, a.meta) == (b.title, b.paragraphs, b.meta)


# ---------------------------------------------------------------- HTTP


def test_every_article_is_served_in_its_encoding(mirror: Mirror, pages: list) -> None:
    for p in pages:
        status, headers, raw = fetch(mirror.url(p))
        assert status == 200, p.path
        assert f"charset={p.declared_encoding}" in headers["Content-Type"]
        page = _text(raw, p.encoding)
        assert p.title_shown in page, p.path
        first = p.text.paragraphs[0][:15]
        if p.site == "tw":
            assert "來源:網絡整理" in page
            first, page = to_traditional(first), PINYIN_NOTE.sub("", page)
        assert first in page, (p.path, first)


def test_declared_charsets(mirror: Mirror, pages: list) -> None:
    for site, enc in ENCODINGS.items():
        p = next(p for p in pages if p.site == site and p.declared_encoding == p.encoding)
        _, headers, raw = fetch(mirror.url(p))
        assert headers["Content-Type"] == f"text/html; charset={enc}"
        assert re.search(rf'charset="?{enc}"'.encode("ascii"), raw[:400])
    liar = [p for p in pages if p.declared_encoding != p.encoding]
    assert len(liar) == 1
    _, headers, raw = fetch(mirror.url(liar[0]))
    assert "utf-8" in headers["Content-Type"] and b'charset="utf-8"' in raw[:300]
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    assert liar[0].text.paragraphs[0][:10] in raw.decode("gbk")


def test_robots_and_sitemap(mirror: Mirror, pages: list) -> None:
    for site, base in mirror.urls.items():
        status, _, raw = fetch(base + "/robots.txt")
        robots = raw.decode()
        assert status == 200 and "Disallow: /member/" in robots and "Disallow: /download/" in robots
        _, _, home = fetch(base + "/")
        art = next(p for p in pages if p.site == site)
        _, _, raw_art = fetch(mirror.url(art))
        assert re.search(rb'href="/(member|download)/', home + raw_art), site
    _, _, robots = fetch(mirror.urls["gov"] + "/robots.txt")
    assert f"Sitemap: {mirror.urls['gov']}/sitemap.xml" in robots.decode()
    status, _, xml = fetch(mirror.urls["gov"] + "/sitemap.xml")
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locs = {e.text for e in ET.fromstring(xml).findall("s:url/s:loc", ns)}
    assert locs == {mirror.url(p) for p in pages if p.site == "gov"}
    assert fetch(mirror.urls["gov"] + "/download/x.html")[0] == 200  # disallowed, yet served


def test_404_301_304(mirror: Mirror, pages: list) -> None:
    gw = mirror.urls["gongwen"]
    _, _, listing = fetch(gw + "/gongzuozongjie/")
    links = re.findall(r'href="(/gongzuozongjie/\d+\.html)"', listing.decode("gbk"))
    known = {p.path for p in pages if p.site == "gongwen"}
    dead = [link for link in links if link not in known]
    assert len(dead) == 1 and fetch(gw + dead[0])[0] == 404
    assert fetch(gw + "/no/such/page.html")[0] == 404

    old = re.findall(r'href="(/html/\d{4}/\d+\.html)"', listing.decode("gbk"))
    assert old
    status, headers, _ = fetch(gw + old[0])
    assert status == 301 and urlsplit(headers["Location"]).path in known

    p = next(p for p in pages if p.site == "fanwen")
    status, headers, _ = fetch(mirror.url(p))
    lm = headers["Last-Modified"]
    assert fetch(mirror.url(p), {"If-Modified-Since": lm})[0] == 304
    earlier = format_datetime(datetime(2000, 1, 1, tzinfo=UTC), usegmt=True)
    assert fetch(mirror.url(p), {"If-Modified-Since": earlier})[0] == 200


def _crawl(base: str) -> tuple[set[str], set[str], bool]:
    """Same-host BFS from the home page, honouring the Disallow lines; returns paths, foreign hosts."""
    host = urlsplit(base).netloc
    seen, queue, foreign, next_seen = {"/"}, ["/"], set(), False
    while queue:
        path = queue.pop()
        status, headers, raw = fetch(base + path)
        if status != 200 or "html" not in headers.get("Content-Type", ""):
            continue
        enc = headers["Content-Type"].split("charset=")[-1]
        try:
            text = raw.decode(enc)
        except UnicodeDecodeError:
            continue
        next_seen |= "下一页" in text or "下一頁" in text
        for href in re.findall(r'href="([^"#]+)"', text):
            url = urljoin(base + path, html.unescape(href))
            parts = urlsplit(url)
            if parts.netloc != host:
                foreign.add(parts.netloc)
                continue
            target = parts.path + (f"?{parts.query}" if parts.query else "")
            if target.startswith(("/member/", "/download/", "/search")) or target in seen:
                continue
            seen.add(target)
            queue.append(target)
    return seen, foreign, next_seen


def test_every_article_reachable_by_links(mirror: Mirror, pages: list) -> None:
    for site, base in mirror.urls.items():
        seen, foreign, next_seen = _crawl(base)
        want = {p.path for p in pages if p.site == site}
        assert want <= seen, (site, sorted(want - seen)[:5])
        assert next_seen, site
        others = {urlsplit(u).netloc for s, u in mirror.urls.items() if s != site}
        assert foreign & others, site


def test_tags_and_search(mirror: Mirror, pages: list) -> None:
    _, _, raw = fetch(mirror.urls["gongwen"] + "/tag/%E6%95%99%E8%82%B2%E5%B1%80.html")
    titles = re.findall(r'title="([^"]+)"', raw.decode("gbk"))
    assert titles and all("教育局" in t for t in titles)
    q = "/search?q=%E6%95%99%E8%82%B2%E5%B1%80+%E5%B7%A5%E4%BD%9C%E6%80%BB%E7%BB%93"
    status, _, raw = fetch(mirror.urls["fanwen"] + q)
    main = raw.decode("utf-8").split("<aside")[0]
    links = re.findall(r'<li><a href="(/fanwen/[^"]+)">([^<]+)</a>', main)
    assert status == 200 and links
    assert all("教育局" in t and "工作总结" in t for _, t in links)
    expected = [p for p in pages if p.site == "fanwen" and "教育局" in p.title_shown
                and "工作总结" in p.title_shown]
    assert len(links) == min(10, len(expected))


def test_traditional_and_preview_pages(mirror: Mirror, pages: list) -> None:
    tw = [p for p in pages if p.site == "tw" and p.text.on_topic]
    bodies = [_text(fetch(mirror.url(p))[2], "big5") for p in tw]
    assert any(PINYIN.search(b) for b in bodies)
    assert all("與" in b or "發" in b or "學" in b for b in bodies)
    trunc = next(p for p in pages if p.variant == "truncated" and p.text.on_topic)
    page = _text(fetch(mirror.url(trunc))[2], "gb18030")
    assert "还剩" in page and "继续免费阅读" in page
    assert trunc.text.title + trunc.text.paragraphs[0][:20] in page  # title glued to the text


def test_day2_server_links_new_articles() -> None:
    with running(seed=0, day=2) as m:
        new = [p for p in m.pages if p.day == 2]
        for p in new:
            assert fetch(m.url(p))[0] == 200
            seen, _, _ = _crawl(m.urls[p.site])
            assert p.path in seen


# ---------------------------------------------------------------- CLI


def test_dump_writes_pages_and_gold(tmp_path: Path, pages: list) -> None:
    assert mirror_main(["dump", str(tmp_path)]) == 0
    gold_files = sorted(tmp_path.glob("*.gold.json"))
    assert len(gold_files) == len(pages) == len(list(tmp_path.glob("*.html")))
    p = next(p for p in pages if p.variant == "truncated")
    gold = json.loads((tmp_path / f"{p.site}_{p.slug}.gold.json").read_text(encoding="utf-8"))
    assert gold["body"] == p.text.paragraphs and gold["variant"] == "truncated"
    assert gold["url_path"] == p.path and gold["encoding"] == "gb18030" and gold["on_topic"] is not None
    raw = (tmp_path / f"{p.site}_{p.slug}.html").read_bytes()
    assert p.text.paragraphs[0][:10] in raw.decode("gb18030")


def test_cli_serve_prints_urls_and_stops_on_sigterm(tmp_path: Path) -> None:
    urls_file = tmp_path / "urls.json"
    proc = subprocess.Popen([sys.executable, "-m", "mirror", "serve", "--urls-file", str(urls_file)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        urls = json.loads(proc.stdout.readline())  # type: ignore[union-attr]
        assert sorted(urls) == sorted(site_names())
        assert all(u.startswith("http://127.0.0.1:") for u in urls.values())
        assert json.loads(urls_file.read_text(encoding="utf-8")) == urls
        assert fetch(urls["tw"] + "/robots.txt")[0] == 200
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=20) == 0
        assert proc.stderr.read() == ""  # type: ignore[union-attr]
    finally:
        if proc.poll() is None:
            proc.kill()
