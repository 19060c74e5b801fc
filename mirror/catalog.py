"""Which text appears on which site, under which URL, title and variant: the mirror's ground truth."""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from functools import cache

from mirror import variants
from mirror.grammar import GeneratedText, bureau_document
from mirror.offtopic import off_topic_document

SITES = ("gongwen", "fanwen", "wenku", "gov", "tw")
ENCODINGS = {"gongwen": "gbk", "fanwen": "utf-8", "wenku": "gb18030", "gov": "utf-8", "tw": "big5"}
CATEGORIES = ("zongjie", "jihua", "xinde", "jiaoan", "zuowen", "speech", "notice")
N_ON = 50
WENKU_PAGE_CHARS = 700  # characters per preview page on wenku
OFF_KINDS = (["other_bureau"] * 14 + ["school"] * 14 + ["xinde"] * 10 + ["jiaoan"] * 8
             + ["zuowen"] * 7 + ["speech"] * 6 + ["notice"] * 6)
ID_BASE = {"gongwen": 31000, "fanwen": 5200, "wenku": 1749000, "gov": 88000, "tw": 700}
GONGWEN_DIRS = {"zongjie": "gongzuozongjie", "jihua": "gongzuojihua", "xinde": "xindetihui",
                "jiaoan": "jiaoan", "zuowen": "zuowen", "speech": "yanjianggao", "notice": "tongzhi"}
GOV_COLS = {"zongjie": 1229, "jihua": 1230, "notice": 1231}

# On-topic home sites by text index; reposts as (text index, site, variant).
ON_HOME = ["gov"] * 12 + ["gongwen"] * 12 + ["fanwen"] * 12 + ["wenku"] * 10 + ["tw"] * 4
ON_REPOSTS = [
    (0, "gongwen", "retitled"), (24, "gongwen", "retitled"), (25, "gongwen", "retitled"), (1, "gongwen", "retitled"),
    (2, "fanwen", "decorated"), (12, "fanwen", "decorated"), (13, "fanwen", "decorated"), (36, "fanwen", "decorated"),
    (3, "wenku", "truncated"), (14, "wenku", "truncated"), (26, "wenku", "truncated"), (27, "wenku", "truncated"),
    (4, "wenku", "repost"), (15, "wenku", "repost"),
    (5, "tw", "traditional"), (16, "tw", "traditional"), (28, "tw", "traditional"), (29, "tw", "traditional"),
    (6, "tw", "traditional"),
    (7, "fanwen", "redacted"), (17, "fanwen", "redacted"), (30, "gongwen", "redacted"), (31, "gongwen", "redacted"),
    (8, "fanwen", "repost"), (18, "wenku", "repost"),
]
# Off-topic reposts, by index into OFF_KINDS order.
OFF_REPOSTS = [(14, "tw", "traditional"), (15, "wenku", "decorated"), (28, "fanwen", "decorated"),
               (29, "tw", "traditional"), (38, "wenku", "truncated"), (42, "gongwen", "repost"),
               (50, "tw", "traditional"), (55, "fanwen", "decorated"), (0, "gongwen", "repost"),
               (1, "wenku", "repost")]
WRONG_CHARSET_TEXT = "on-13"  # its gongwen page says utf-8 but is GBK
DAY2 = [("on", "gov"), ("on", "gongwen"), ("on", "fanwen"), ("xinde", "gongwen"), ("school", "wenku")]


@dataclass
class Page:
    """One article page of one site."""

    site: str
    path: str
    title_shown: str
    text: GeneratedText
    text_id: str
    encoding: str
    variant: str
    category: str = "zongjie"
    published: datetime = field(default_factory=lambda: datetime(2024, 1, 1, tzinfo=UTC))
    declared_encoding: str = ""  # what header and <meta> claim; differs only on the lying page
    pinyin: bool = False  # tw pages that carry 構(gòu)建 artifacts
    day: int = 1
    page_count: int = 0  # wenku: pages of the whole document (shown or not)

    def __post_init__(self) -> None:
        self.declared_encoding = self.declared_encoding or self.encoding

    @property
    def url_path(self) -> str:
        return self.path

    @property
    def slug(self) -> str:
        return self.path.strip("/").removesuffix(".html").replace("/", "_")


def category_of(text: GeneratedText) -> str:
    if text.kind in ("bureau", "other_bureau", "school"):
        return "jihua" if text.meta.get("doc_type") in ("工作计划", "工作要点") else "zongjie"
    return {"speech": "speech", "notice": "notice"}.get(text.kind, text.kind)


@dataclass
class _Builder:
    seed: int
    rng: random.Random
    pages: list[Page] = field(default_factory=list)
    next_id: dict[str, int] = field(default_factory=lambda: dict(ID_BASE))

    def new_id(self, site: str) -> int:
        self.next_id[site] += self.rng.randint(1, 37)
        return self.next_id[site]

    def path(self, site: str, category: str, when: datetime) -> str:
        pid = self.new_id(site)
        if site == "gongwen":
            return f"/{GONGWEN_DIRS[category]}/{pid}.html"
        if site == "fanwen":
            return f"/fanwen/{category}/{pid}.html"
        if site == "wenku":
            return f"/p-{pid}.html"
        if site == "gov":
            col = GOV_COLS.get(category, 1229)
            return f"/art/{when:%Y}/{when.month}/{when.day}/art_{col}_{pid}.html"
        return f"/article/{pid}.html"

    def add(self, site: str, text: GeneratedText, text_id: str, variant: str,
            when: datetime, day: int = 1) -> Page:
        category = category_of(text)
        if site == "gov" and category not in GOV_COLS:
            category = "zongjie"
        shown, page_text, pinyin = self._shape(site, text, variant)
        page = Page(site, self.path(site, category, when), shown, page_text, text_id, ENCODINGS[site],
                    variant, category, when, pinyin=pinyin, day=day)
        if site == "wenku":
            # Counted on the full text: a truncated preview still announces every page.
            chars = len(text.title) + sum(len(p) for p in text.paragraphs)
            page.page_count = math.ceil(chars / WENKU_PAGE_CHARS) + (1 if variant == "truncated" else 0)
        self.pages.append(page)
        return page

    def _shape(self, site: str, text: GeneratedText, variant: str) -> tuple[str, GeneratedText, bool]:
        rng = self.rng
        title, pinyin = text.title, False
        if variant == "retitled":
            title = variants.retitle(title)
        elif variant == "decorated":
            title = variants.decorate(title, rng)
        elif variant == "truncated":
            text = variants.truncate(text, rng.uniform(0.4, 0.7))
        elif variant == "redacted":
            text = variants.redact(text, rng)
            title = text.title
        if site == "wenku" and not title.endswith((".docx", ".doc")):
            title += rng.choice((" .docx", ".docx", ".doc"))
        if site == "tw":
            title = variants.to_traditional(title)
            pinyin = text.on_topic and rng.random() < 0.6
        return title, text, pinyin


# Month in which a report of this period can first appear (0 = January of the next year).
_READY = {"全年": 0, "下半年": 0, "第四季度": 0, "上半年": 7, "第二季度": 7, "第一季度": 4, "第三季度": 10,
          "月度": 0}


def _published(rng: random.Random, text: GeneratedText) -> datetime:
    """After the period it reports on (plans: around the start of their year)."""
    meta = text.meta
    reported, planned = meta.get("years_reported") or [], meta.get("year_planned")
    if reported:
        month = _READY.get(meta.get("period") or "全年", 0)
        start = datetime(reported[-1] + (month == 0), month or 1, 2, tzinfo=UTC)
    elif planned:
        start = datetime(planned - 1, 12, 1, tzinfo=UTC)
    else:
        start = datetime(rng.randint(2016, 2025), 1, 2, tzinfo=UTC)
    when = start + timedelta(days=rng.randint(0, 120), seconds=rng.randint(0, 86399))
    return min(when, datetime(2026, 10, 30, tzinfo=UTC))


@cache
def _texts(seed: int) -> tuple[list[GeneratedText], list[GeneratedText]]:
    on = [bureau_document(random.Random(f"{seed}-on-{i}")) for i in range(N_ON)]
    off = [off_topic_document(random.Random(f"{seed}-off-{i}"), kind) for i, kind in enumerate(OFF_KINDS)]
    return on, off


def _off_home(kinds: list[str]) -> list[str]:
    """Gov portals carry only bureau documents; the rest spread over the template sites."""
    homes, cycle = [], ["gongwen", "fanwen", "wenku", "tw"]
    counts = {"other_bureau": 0, "notice": 0}
    for i, kind in enumerate(kinds):
        if kind in counts:
            n = counts[kind]
            counts[kind] += 1
            homes.append("gov" if n < (8 if kind == "other_bureau" else 3) else cycle[n % 3])
        else:
            homes.append(cycle[i % 4])
    return homes


@cache
def _build(seed: int, day: int) -> tuple[Page, ...]:
    on, off = _texts(seed)
    b = _Builder(seed, random.Random(f"{seed}-catalog"))
    for i, (text, site) in enumerate(zip(on, ON_HOME, strict=True)):
        variant = "traditional" if site == "tw" else "original"
        b.add(site, text, f"on-{i}", variant, _published(b.rng, text))
    for i, (text, site) in enumerate(zip(off, _off_home(list(OFF_KINDS)), strict=True)):
        b.add(site, text, f"off-{i}", "traditional" if site == "tw" else "original", _published(b.rng, text))
    first = {p.text_id: p.published for p in b.pages}
    for prefix, texts, plan in (("on", on, ON_REPOSTS), ("off", off, OFF_REPOSTS)):
        for idx, site, variant in plan:
            tid = f"{prefix}-{idx}"
            when = min(first[tid] + timedelta(days=b.rng.randint(20, 400)), datetime(2026, 10, 30, tzinfo=UTC))
            b.add(site, texts[idx], tid, variant, when)
    for page in b.pages:
        if page.text_id == WRONG_CHARSET_TEXT and page.site == "gongwen":
            page.declared_encoding = "utf-8"
    if day >= 2:
        _add_day2(b, seed)
    return tuple(b.pages)


def _add_day2(b: _Builder, seed: int) -> None:
    for i, (kind, site) in enumerate(DAY2):
        rng = random.Random(f"{seed}-day2-{i}")
        text = bureau_document(rng, year=2026, doc_type="工作总结", period="季度") if kind == "on" \
            else off_topic_document(rng, kind)
        when = datetime(2026, 11, 20 + i, 9, 30, tzinfo=UTC)
        variant = "traditional" if site == "tw" else "original"
        b.add(site, text, f"day2-{i}", variant, when, day=2)


def catalog(seed: int = 0, day: int = 1) -> list[Page]:
    """Every article page of every site (not list pages, not the deleted or redirected URLs)."""
    return list(_build(seed, day))


def site_names() -> list[str]:
    return list(SITES)
