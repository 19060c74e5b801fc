"""Phrase grammar that writes education-bureau work summaries and off-topic look-alikes.

All phrase pools live in ``mirror/data/*.toml``; this module only knows how to combine them.
Every choice goes through the caller's ``random.Random`` so a seed fixes every text.
"""

from __future__ import annotations

import random
import re
import tomllib
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

DATA_DIR = Path(__file__).parent / "data"

ON_TOPIC_KIND = "bureau"
DOC_TYPES = ("工作总结", "工作计划", "总结及计划", "工作要点", "工作汇报", "述职报告", "自查报告", "其他")
CN_NUM = "一二三四五六七八九十"
QUARTERS = ("第一季度", "第二季度", "第三季度", "第四季度")
QUARTER_SHORT = ("一季度", "二季度", "三季度", "四季度")


@dataclass
class GeneratedText:
    title: str
    paragraphs: list[str]
    kind: str
    on_topic: bool
    meta: dict[str, Any] = field(default_factory=dict)

    @property
    def body(self) -> str:
        return "\n".join(self.paragraphs)


@cache
def _load(name: str) -> dict[str, Any]:
    with open(DATA_DIR / name, "rb") as fh:
        return tomllib.load(fh)


def edu() -> dict[str, Any]:
    return _load("phrases_edu.toml")


def other() -> dict[str, Any]:
    return _load("phrases_other.toml")


def places() -> list[dict[str, str]]:
    return _load("places.toml")["place"]


def towns() -> list[str]:
    return _load("places.toml")["towns"]["names"]


# ---------------------------------------------------------------- context and slots


@dataclass
class Ctx:
    """Everything a slot may need while one document is written."""

    rng: random.Random
    year: int
    lvl: str  # 县/区/市/州/省: the character in 全县, 我市
    pl: str  # place as the body writes it
    county: str | None = None  # county name usable in school names
    redacted: bool = False
    extra: dict[str, str] = field(default_factory=dict)

    def fill(self, template: str) -> str:
        return _SLOT.sub(lambda m: self._slot(m.group(1), m.group(2)), template)

    def pick(self, pool: list[str]) -> str:
        return self.fill(self.rng.choice(pool))

    def _slot(self, name: str, arg: str | None) -> str:
        if name in self.extra:
            return self.extra[name]
        handler = _SLOTS.get(name)
        if handler is None:
            raise KeyError(f"unknown slot {name!r}")
        return handler(self, arg)


_SLOT = re.compile(r"\{(\w+)(?::([^}]*))?\}")


def _range(arg: str | None) -> tuple[int, int]:
    lo, hi = (arg or "1-9").split("-")
    return int(lo), int(hi)


def _int(ctx: Ctx, arg: str | None) -> str:
    return str(ctx.rng.randint(*_range(arg)))


def _dec(ctx: Ctx, arg: str | None) -> str:
    lo, hi = _range(arg)
    value = ctx.rng.uniform(lo, hi)
    return f"{value:.{ctx.rng.choice((1, 2))}f}"


def _pct(ctx: Ctx, arg: str | None) -> str:
    lo, hi = _range(arg)
    value = min(ctx.rng.uniform(lo, hi), 100.0)
    text = "100" if value >= 99.95 else f"{value:.{ctx.rng.choice((1, 2))}f}"
    return text + "%"


def _money(ctx: Ctx, _arg: str | None) -> str:
    if ctx.rng.random() < 0.45:
        return f"{ctx.rng.uniform(1.0, 9.8):.2f}亿元"
    return f"{ctx.rng.randint(60, 9800)}万元"


def _school(ctx: Ctx, _arg: str | None) -> str:
    names = edu()["names"]
    roll = ctx.rng.random()
    if ctx.redacted and roll < 0.5:
        return ctx.rng.choice(("xx", "**", "XX")) + ctx.rng.choice(names["school_kinds"])
    if ctx.county and roll < 0.45:
        return ctx.county + ctx.rng.choice(names["school_kinds"])
    if roll < 0.75:
        return ctx.rng.choice(towns()) + ctx.rng.choice(names["town_school_kinds"])
    return ctx.rng.choice(names["generic_schools"])


def _doc(ctx: Ctx, _arg: str | None) -> str:
    names = edu()["names"]
    subject = ctx.rng.choice(names["doc_subjects"])
    form = ctx.rng.choice(names["doc_forms"])
    if ctx.rng.random() < 0.5:
        return f"《关于{subject}的{form}》"
    return f"《{ctx.pl}{subject}{form}》"


def _congress(ctx: Ctx, _arg: str | None) -> str:
    if ctx.year >= 2023:
        return "党的二十大"
    if ctx.year >= 2018:
        return "党的十九大"
    return "党的十八大"


def _ideology(ctx: Ctx, _arg: str | None) -> str:
    key = "ideology_new" if ctx.year >= 2018 else "ideology_old"
    return ctx.pick(edu()["stock"][key])


_SLOTS = {
    "n": _int,
    "f": _dec,
    "pct": _pct,
    "money": _money,
    "school": _school,
    "school2": _school,
    "doc": _doc,
    "congress": _congress,
    "ideology": _ideology,
    "camp": lambda c, a: c.rng.choice(edu()["names"]["campaigns"]),
    "camp2": lambda c, a: c.rng.choice(edu()["names"]["campaigns2"]),
    "tcamp": lambda c, a: c.rng.choice(edu()["names"]["teach_campaigns"]),
    "pcamp": lambda c, a: c.rng.choice(edu()["names"]["party_campaigns"]),
    "bcamp": lambda c, a: c.rng.choice(edu()["names"]["balance_campaigns"]),
    "mcamp": lambda c, a: c.rng.choice(edu()["names"]["moral_campaigns"]),
    "media": lambda c, a: c.rng.choice(edu()["names"]["media"]),
    "town": lambda c, a: c.rng.choice(towns()),
    "lvl": lambda c, a: c.lvl,
    "we": lambda c, a: "我" + c.lvl,
    "all": lambda c, a: "全" + c.lvl,
    "pl": lambda c, a: c.pl,
    "Y": lambda c, a: str(c.year),
    "Y1": lambda c, a: str(c.year + 1),
    "Y0": lambda c, a: str(c.year - 1),
    "m": lambda c, a: str(c.rng.randint(1, 12)),
    "d": lambda c, a: str(c.rng.randint(1, 28)),
    "guide": lambda c, a: c.pick(edu()["stock"]["guide"]),
    "focus": lambda c, a: c.pick(edu()["stock"]["focus"]),
    "goal": lambda c, a: c.pick(edu()["stock"]["goal"]),
}


# ---------------------------------------------------------------- issuer and place


@dataclass
class Issuer:
    title_name: str  # as the title writes it
    body_name: str  # as the opening paragraph writes it
    meta: dict[str, Any]
    lvl: str
    pl: str
    county: str | None
    redacted: bool


def _lvl_char(name: str, level: str) -> str:
    if level == "省":
        return "市" if name.endswith("市") else ("区" if name.endswith("区") else "省")
    if name.endswith("州"):
        return "州"
    return name[-1] if name[-1] in "县区市" else "县"


def _edu_suffix(rng: random.Random, level: str, name: str) -> str:
    if level == "省":
        return "教育委员会" if name.endswith("市") else "教育厅"
    pool = ["教育局"] * 6 + ["教育和体育局", "教体局", "教育科技局"]
    if level == "区":
        pool += ["教育委员会", "教委"]
    return rng.choice(pool)


def _place_meta(place: dict[str, str] | None, level: str) -> dict[str, Any]:
    if place is None:
        return {"province": None, "city": None, "county": None}
    return {
        "province": place["province"],
        "city": place["city"] if level != "省" else None,
        "county": place["county"] if level in ("县", "区") else None,
    }


def make_issuer(rng: random.Random, suffix: str | None = None, mode: str | None = None,
                level: str | None = None, place: dict[str, str] | None = None) -> Issuer:
    """Pick a place, a level and how the text names it.

    mode: title (place in title only), body (only in body), both, none (县教育局), redacted (xx县教育局).
    suffix: the organ (教育局 …); None means an education organ fitting the level.
    """
    place = place or rng.choice(places())
    level = level or rng.choices(["县", "市", "省"], [6, 3, 1])[0]
    if level == "县" and place["county"].endswith("区"):
        level = "区"
    name = {"省": place["province"], "市": place["city"]}.get(level, place["county"])
    lvl = _lvl_char(name, level)
    organ = suffix or _edu_suffix(rng, level, name)
    mode = mode or rng.choices(["both", "title", "body", "none", "redacted"], [4, 3, 2, 1, 1])[0]
    if level == "省" and mode in ("none", "redacted"):
        mode = "both"
    generic = ("省" if level == "省" else lvl) + organ
    county = place["county"] if level in ("县", "区") else None
    if mode == "none":
        return Issuer(generic, generic, _issuer_meta(generic, level, None), lvl, lvl, None, False)
    if mode == "redacted":
        masked = rng.choice(("xx", "XX", "**", "××")) + lvl + organ
        return Issuer(masked, masked, _issuer_meta(masked, level, None), lvl, masked[:-len(organ)],
                      None, True)
    full = name + organ
    if level in ("县", "区") and rng.random() < 0.2 and place["city"] != place["province"]:
        full = place["city"] + full
    title_name = generic if mode == "body" else full
    body_name = full if mode in ("body", "both") else "我局"
    pl = name if mode in ("body", "both") else lvl
    return Issuer(title_name, body_name, _issuer_meta(full, level, place), lvl, pl,
                  county if mode in ("body", "both") else None, False)


def _issuer_meta(issuer: str, level: str, place: dict[str, str] | None) -> dict[str, Any]:
    return {"issuer": issuer, "level": level, **_place_meta(place, level)}


# ---------------------------------------------------------------- titles


def _choose_doc(rng: random.Random) -> tuple[str, str]:
    doc_type = rng.choices(
        ["工作总结", "总结及计划", "工作计划", "工作要点", "工作汇报", "述职报告", "自查报告"],
        [30, 25, 10, 9, 10, 7, 9])[0]
    if doc_type == "工作总结":
        period = rng.choices(["全年", "上半年", "下半年", "季度", "月度"], [50, 16, 6, 16, 12])[0]
    elif doc_type in ("总结及计划", "工作汇报"):
        period = rng.choices(["全年", "上半年"], [3, 1])[0]
    else:
        period = "全年"
    return doc_type, period


def _title(ctx: Ctx, issuer: str, doc_type: str, period: str) -> str:
    y, y1 = ctx.year, ctx.year + 1
    q, m = ctx.extra.get("q", ""), ctx.extra.get("m", "")
    table = {
        ("工作总结", "全年"): [f"{issuer}{y}年工作总结", f"{issuer}{y}年度工作总结", f"{issuer}关于{y}年工作总结的报告",
                           f"{issuer}{y}年教育工作总结"],
        ("工作总结", "上半年"): [f"{issuer}{y}年上半年工作总结", f"{issuer}{y}年上半年教育工作总结"],
        ("工作总结", "下半年"): [f"{issuer}{y}年下半年工作总结"],
        ("工作总结", "季度"): [f"{issuer}{y}年{q}工作总结", f"{issuer}{y}年{q}工作情况总结"],
        ("工作总结", "月度"): [f"{issuer}{y}年{m}月份工作总结", f"{issuer}{y}年{m}月工作总结"],
        ("总结及计划", "全年"): [f"{issuer}{y}年工作总结和{y1}年工作计划", f"{issuer}{y}年工作总结及{y1}年工作思路",
                            f"{issuer}关于{y}年工作总结及{y1}年工作打算的报告", f"{issuer}{y}年工作总结暨{y1}年工作安排"],
        ("总结及计划", "上半年"): [f"{issuer}{y}年上半年工作总结及下半年工作打算",
                             f"{issuer}{y}年上半年工作总结和下半年工作计划"],
        ("工作计划", "全年"): [f"{issuer}{y}年工作计划", f"{issuer}{y}年度教育工作计划"],
        ("工作要点", "全年"): [f"{issuer}{y}年工作要点", f"{issuer}{y}年教育工作要点"],
        ("工作汇报", "全年"): [f"{issuer}{y}年工作情况汇报", f"{issuer}关于{y}年教育工作情况的汇报"],
        ("工作汇报", "上半年"): [f"{issuer}{y}年上半年工作汇报", f"{issuer}关于{y}年上半年工作情况的汇报"],
        ("述职报告", "全年"): [f"{issuer}领导班子{y}年度述职报告", f"{issuer}{y}年度述职述廉报告"],
        ("自查报告", "全年"): [f"{issuer}{y}年度教育督导工作自查报告", f"{issuer}关于{y}年“双减”工作的自查报告",
                           f"{issuer}{y}年义务教育优质均衡发展自查报告"],
    }
    return ctx.rng.choice(table[(doc_type, period)])


def _years(doc_type: str, period: str, year: int) -> tuple[list[int], int | None]:
    if doc_type in ("工作计划", "工作要点"):
        return [], year
    if doc_type == "总结及计划":
        return [year], (year if period == "上半年" else year + 1)
    return [year], None


# ---------------------------------------------------------------- body pieces


def _strip_num(heading: str) -> str:
    return re.sub(r"^[一二三四五六七八九十]+、", "", heading)


class Body:
    """Collects paragraphs and numbers the 一、 sections as they come."""

    def __init__(self, ctx: Ctx) -> None:
        self.ctx = ctx
        self.paragraphs: list[str] = []
        self.sections = 0
        self.plans_a_period = False  # a section plans a named period (2024年工作思路, 下半年工作打算)

    def section(self, heading: str) -> None:
        self.paragraphs.append(f"{CN_NUM[self.sections]}、{_strip_num(self.ctx.fill(heading))}")
        self.sections += 1

    def add(self, text: str) -> None:
        self.paragraphs.append(text)

    def size(self) -> int:
        return sum(len(p) for p in self.paragraphs)


def _acts(ctx: Ctx, topic: dict[str, Any], k: int, plan: bool = False,
          deck: list[str] | None = None) -> str:
    """k achievement clauses; a shared deck keeps one subsection from repeating a clause."""
    glue = edu()["glue"]
    if deck is None:
        deck = []
    k = min(k, len(topic["act"]))
    if len(deck) < k:
        fresh = list(topic["act"])
        ctx.rng.shuffle(fresh)
        deck.extend(fresh)
    parts = []
    for template in [deck.pop() for _ in range(k)]:
        # An adverb only reads right before a verb, not before "全县…" or "{school}…".
        pre = ctx.pick(glue["plan_pre" if plan else "pre"]) if template[0] in _VERB_START else ""
        parts.append(pre + ctx.fill(template))
    return ctx.rng.choice((",", ";")).join(parts) + "。"


_VERB_START = set("开组召新深对印实建发落推举配投联撤改接严通消制修评查聘确培认引争完办为圆盘拨压破打检成")


def _plans(ctx: Ctx, topic: dict[str, Any], k: int) -> str:
    pool = list(topic["plan"])
    ctx.rng.shuffle(pool)
    parts = [ctx.fill(p) for p in pool[: max(1, k - 1)]]
    text = ",".join(parts) + "。"
    if ctx.rng.random() < 0.85:
        text += _acts(ctx, topic, ctx.rng.randint(1, 3), plan=True)
    return text


def _topic_heading(ctx: Ctx, topic: dict[str, Any], idx: int) -> str:
    return f"({CN_NUM[idx]}){ctx.pick(topic['head_a'])},{ctx.pick(topic['head_b'])}"


def _done_topic(body: Body, topic: dict[str, Any], idx: int) -> None:
    """One (一) subsection of achievements in one of three layouts real reports use."""
    ctx = body.ctx
    body.add(_topic_heading(ctx, topic, idx))
    style = ctx.rng.choice(("numbered", "yishi", "plain"))
    leads = list(topic["lead"])
    ctx.rng.shuffle(leads)
    count = ctx.rng.randint(2, min(4, len(leads)))
    deck: list[str] = []
    if style == "numbered":
        for i, lead in enumerate(leads[:count], 1):
            body.add(f"{i}.{lead}。{_acts(ctx, topic, ctx.rng.randint(2, 3), deck=deck)}")
    elif style == "yishi":
        chunks = [f"{CN_NUM[i]}是{lead}。{_acts(ctx, topic, ctx.rng.randint(1, 2), deck=deck)}"
                  for i, lead in enumerate(leads[:count])]
        body.add("".join(chunks))
    else:
        body.add(_acts(ctx, topic, ctx.rng.randint(3, 5), deck=deck))


def _plan_topic(body: Body, topic: dict[str, Any], idx: int, numbered: bool) -> None:
    ctx = body.ctx
    if numbered:
        body.add(f"{idx + 1}.{ctx.pick(topic['head_a'])}。{_plans(ctx, topic, ctx.rng.randint(2, 3))}")
        return
    b = ctx.rng.choice(edu()["plan_heads"]["b"]).replace("{t}", topic["noun"])
    body.add(f"({CN_NUM[idx]}){ctx.pick(topic['head_a'])},{ctx.fill(b)}")
    body.add(_plans(ctx, topic, ctx.rng.randint(2, 4)))


def _problems(body: Body, pool: list[str], heading: str) -> None:
    ctx = body.ctx
    body.section(heading)
    items = list(pool)
    ctx.rng.shuffle(items)
    items = items[: ctx.rng.randint(2, 4)]
    lead = ctx.fill(ctx.rng.choice(edu()["problems"]["lead"]))
    if ctx.rng.random() < 0.5:
        body.add(lead + "".join(f"{CN_NUM[i]}是{t}" for i, t in enumerate(items)))
    else:
        body.add(lead)
        for i, t in enumerate(items, 1):
            body.add(f"{i}.{t}")


def _opening(ctx: Ctx, subject: str, when: str) -> str:
    st = edu()["stock"]
    text = (f"{when},{subject}{ctx.fill('{ideology}')},{ctx.pick(st['guide'])},"
            f"{ctx.pick(st['focus'])},{ctx.pick(st['goal'])}。")
    if ctx.rng.random() < 0.5:
        text += ctx.pick(edu()["glue"]["stats"])
    return text + ctx.pick(st["achieve"]) + ctx.pick(st["report_now"])


def _when(doc_type: str, period: str, ctx: Ctx) -> str:
    y = ctx.year
    return {"上半年": f"{y}年上半年", "下半年": f"{y}年下半年", "季度": f"{y}年{ctx.extra.get('q', '')}",
            "月度": f"{y}年{ctx.extra.get('mm', '')}月份"}.get(period, f"{y}年")


# ---------------------------------------------------------------- document layouts


def _topics(ctx: Ctx, pool: dict[str, Any] | list[Any], k: int) -> list[dict[str, Any]]:
    items = list(pool.values()) if isinstance(pool, dict) else list(pool)
    ctx.rng.shuffle(items)
    return items[:k]


def summary_body(body: Body, opening: str, doc_type: str, period: str, target: int,
                 topics: Any, problems: list[str], closings: list[str] | None = None) -> None:
    """Done part, problems, plans: the skeleton shared by every bureau's summary."""
    ctx = body.ctx
    per = edu()["periods"]
    body.add(opening)
    body.section(ctx.rng.choice(per[period]))
    chosen = _topics(ctx, topics, 9)
    plan_share = 0.6 if doc_type == "总结及计划" else 0.78
    idx = 0
    while idx < len(chosen) and (idx < 2 or body.size() < target * plan_share):
        _done_topic(body, chosen[idx], idx)
        idx += 1
    _problems(body, problems, ctx.rng.choice(per["problems"]))
    nxt = "next_half" if period == "上半年" else ("next_year" if period == "全年" else "next_short")
    plan_heading = ctx.rng.choice(per[nxt])
    body.section(plan_heading)
    body.plans_a_period = "{Y1}" in plan_heading or "下半年" in plan_heading
    numbered = ctx.rng.random() < 0.35
    plan_topics = _topics(ctx, topics, 5)
    for j, topic in enumerate(plan_topics):
        if j >= 2 and body.size() >= target:
            break
        _plan_topic(body, topic, j, numbered)
    closings = edu()["stock"]["closing"] if closings is None else closings
    if closings and ctx.rng.random() < 0.6:
        body.add(ctx.pick(closings))


def _plan_body(body: Body, doc_type: str, target: int) -> None:
    ctx = body.ctx
    glue = edu()["glue"]
    body.add(ctx.pick(glue["plan_open"]))
    body.section(ctx.rng.choice(["总体要求", "指导思想", "总体思路"]))
    st = edu()["stock"]
    body.add(f"{ctx.fill('{ideology}')},{ctx.pick(st['guide'])},{ctx.pick(st['focus'])},{ctx.pick(st['goal'])}。")
    targets = list(glue["targets"])
    ctx.rng.shuffle(targets)
    body.section(ctx.rng.choice(["主要目标", "工作目标", "目标任务"]))
    body.add(ctx.fill(",".join(targets[: ctx.rng.randint(3, 6)])) + "。")
    body.section(ctx.rng.choice(["重点任务", "主要任务", "重点工作", "主要工作措施"]))
    numbered = doc_type == "工作要点"
    for j, topic in enumerate(_topics(ctx, edu()["topics"], 9)):
        if j >= 3 and body.size() >= target * 0.85:
            break
        _plan_topic(body, topic, j, numbered)
    body.section(ctx.rng.choice(["保障措施", "工作保障", "组织保障"]))
    guard = list(glue["guard"])
    ctx.rng.shuffle(guard)
    for i, g in enumerate(guard[: ctx.rng.randint(2, 4)]):
        body.add(f"({CN_NUM[i]}){ctx.fill(g)}")


def _duty_body(body: Body, target: int) -> None:
    ctx = body.ctx
    glue = edu()["glue"]
    body.add(ctx.pick(glue["duty_open"]))
    body.section("履职尽责情况")
    for j, topic in enumerate(_topics(ctx, edu()["topics"], 9)):
        if j >= 3 and body.size() >= target * 0.7:
            break
        _done_topic(body, topic, j)
    body.section(ctx.rng.choice(["落实全面从严治党和廉洁自律情况", "党风廉政建设和廉洁自律情况"]))
    for g in ctx.rng.sample(glue["integrity"], 2):
        body.add(ctx.fill(g))
    _problems(body, edu()["problems"]["items"], "存在的不足")
    body.section(ctx.rng.choice(["今后努力方向", "下一步工作打算"]))
    for j, topic in enumerate(_topics(ctx, edu()["topics"], 3)):
        _plan_topic(body, topic, j, True)


def _self_body(body: Body, target: int) -> None:
    ctx = body.ctx
    glue = edu()["glue"]
    body.add(ctx.pick(glue["self_open"]))
    body.section("基本情况")
    body.add(ctx.pick(glue["stats"]) + ctx.pick(edu()["stock"]["achieve"]))
    body.section(ctx.rng.choice(["自查情况", "主要做法及成效", "工作落实情况"]))
    for j, topic in enumerate(_topics(ctx, edu()["topics"], 9)):
        if j >= 3 and body.size() >= target * 0.75:
            break
        _done_topic(body, topic, j)
    _problems(body, edu()["problems"]["items"], "存在的问题")
    body.section(ctx.rng.choice(["整改措施", "下一步整改措施"]))
    for i, g in enumerate(ctx.rng.sample(glue["fix"], 3)):
        body.add(f"{i + 1}.{ctx.fill(g)}")


def _placeholderize(paragraphs: list[str], rng: random.Random) -> list[str]:
    """Mask numbers the way reposted templates do (xx所, xxxx年), keeping item numbers."""

    def mask(m: re.Match[str]) -> str:
        if rng.random() < 0.4:
            return m.group(0)
        return re.sub(r"\d", "x" if rng.random() < 0.8 else rng.choice("*×"), m.group(0))

    out = []
    for p in paragraphs:
        head = re.match(r"^\d+\.", p)
        start = head.end() if head else 0
        out.append(p[:start] + re.sub(r"\d+(?:\.\d+)?", mask, p[start:]))
    return out


# ---------------------------------------------------------------- public API


def bureau_document(rng: random.Random, **overrides: Any) -> GeneratedText:
    """An on-topic education-bureau document.

    overrides: year, doc_type, period ("全年","上半年","下半年","季度","月度"), mode, level, place,
    placeholders (bool), target (approximate body length).
    """
    issuer = make_issuer(rng, mode=overrides.get("mode"), level=overrides.get("level"),
                         place=overrides.get("place"))
    doc_type, period = _choose_doc(rng)
    doc_type = overrides.get("doc_type", doc_type)
    period = overrides.get("period", period)
    if (doc_type, period) not in _VALID:
        period = "全年"
    year = overrides.get("year", rng.randint(2015, 2025))
    ctx = Ctx(rng, year, issuer.lvl, issuer.pl, issuer.county, issuer.redacted)
    qi = rng.randrange(4)
    ctx.extra["q"] = rng.choice((QUARTERS[qi], QUARTER_SHORT[qi]))
    ctx.extra["mm"] = str(rng.randint(1, 12))
    ctx.extra["period_word"] = {"上半年": "上半年", "季度": "本季度", "月度": "本月"}.get(period, "一年来的")
    title_ctx_extra = {"q": ctx.extra["q"], "m": ctx.extra["mm"]}
    title = _title(Ctx(rng, year, issuer.lvl, issuer.pl, extra=title_ctx_extra), issuer.title_name,
                   doc_type, period)
    target = overrides.get("target", rng.randint(1700, 4400))
    body = Body(ctx)
    _layout(body, issuer, doc_type, period, target)
    _sign(body, issuer, doc_type, year)
    if doc_type == "工作总结" and body.plans_a_period:
        doc_type = "总结及计划"  # a summary that goes on to plan next year (or half) is one
    paragraphs = _fit(body.paragraphs)
    if overrides.get("placeholders", rng.random() < 0.15):
        paragraphs = _placeholderize(paragraphs, rng)
    reported, planned = _years(doc_type, period, year)
    meta = {**issuer.meta, "years_reported": reported, "year_planned": planned,
            "period": _period_meta(period, ctx.extra["q"]), "doc_type": doc_type}
    return GeneratedText(title, paragraphs, ON_TOPIC_KIND, True, meta)


_VALID = {("工作总结", p) for p in ("全年", "上半年", "下半年", "季度", "月度")} | {
    ("总结及计划", "全年"), ("总结及计划", "上半年"), ("工作汇报", "全年"), ("工作汇报", "上半年"),
    ("工作计划", "全年"), ("工作要点", "全年"), ("述职报告", "全年"), ("自查报告", "全年")}


def _period_meta(period: str, q: str) -> str:
    if period == "季度":
        return "第" + q.removeprefix("第")
    return period


def _layout(body: Body, issuer: Issuer, doc_type: str, period: str, target: int) -> None:
    if doc_type in ("工作计划", "工作要点"):
        _plan_body(body, doc_type, target)
    elif doc_type == "述职报告":
        _duty_body(body, target)
    elif doc_type == "自查报告":
        _self_body(body, target)
    else:
        opening = _opening(body.ctx, issuer.body_name, _when(doc_type, period, body.ctx))
        summary_body(body, opening, doc_type, period, target, edu()["topics"],
                     edu()["problems"]["items"])
    _pad(body, doc_type in ("工作计划", "工作要点"))


def _pad(body: Body, plan: bool, floor: int = 1500) -> None:
    """Short drafts get more clauses inside their main section, never after the last heading."""
    ctx = body.ctx
    heads = [i for i, p in enumerate(body.paragraphs) if re.match(r"^[一二三四五六七八九十]、", p)]
    at = heads[-1] if len(heads) > 1 else len(body.paragraphs)
    extra = _topics(ctx, edu()["topics"], 14)
    while body.size() < floor and extra:
        topic = extra.pop()
        text = _acts(ctx, topic, 3, plan=plan)
        numbered = re.match(r"^(\d+)\.", body.paragraphs[at - 1]) if at else None
        if numbered:  # keep a 1. 2. 3. list going rather than trailing off into loose text
            text = f"{int(numbered.group(1)) + 1}.{ctx.pick(topic['head_a'])}。{text}"
        body.paragraphs.insert(at, text)
        at += 1


def _sign(body: Body, issuer: Issuer, doc_type: str, year: int) -> None:
    """Signature lines; also how plans and reports name a place the title leaves out."""
    text = "".join(body.paragraphs)
    named = issuer.body_name != "我局"
    if (named and issuer.body_name not in text) or body.ctx.rng.random() < 0.2:
        rng = body.ctx.rng
        when = year if doc_type in ("工作计划", "工作要点") else year + 1
        month = rng.randint(1, 3)
        body.add(issuer.body_name if named else issuer.title_name)
        body.add(f"{when}年{month}月{rng.randint(1, 28)}日")


def _fit(paragraphs: list[str], limit: int = 5000) -> list[str]:
    """Drop trailing material beyond the 5,000-character ceiling, keeping whole paragraphs."""
    out: list[str] = []
    total = 0
    for p in paragraphs:
        if total + len(p) > limit and out:
            break
        out.append(p)
        total += len(p)
    return out
