"""Off-topic look-alikes: other bureaus, schools, reflections, lesson plans, essays, speeches, notices.

They share vocabulary and layout with the on-topic documents on purpose: they are the hard negatives
a topic filter has to reject.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from typing import Any

from mirror.grammar import (
    CN_NUM,
    Body,
    Ctx,
    GeneratedText,
    edu,
    make_issuer,
    other,
    places,
    summary_body,
    towns,
)


def _meta(issuer: str | None, level: str | None, place: dict[str, Any] | None, year: int | None,
          doc_type: str = "其他", planned: int | None = None) -> dict[str, Any]:
    place = place or {}
    return {"issuer": issuer, "level": level, "province": place.get("province"),
            "city": place.get("city"), "county": place.get("county"),
            "years_reported": [year] if year and doc_type != "工作计划" else [],
            "year_planned": planned, "period": "全年" if doc_type != "其他" else None,
            "doc_type": doc_type}


def other_bureau(rng: random.Random) -> GeneratedText:
    key = rng.choice(sorted(other()["bureaus"]))
    bureau = other()["bureaus"][key]
    issuer = make_issuer(rng, suffix=rng.choice(bureau["names"]), level=rng.choice(["县", "市"]),
                         mode=rng.choice(["both", "title", "none"]))
    year = rng.randint(2015, 2025)
    ctx = Ctx(rng, year, issuer.lvl, issuer.pl, issuer.county, issuer.redacted)
    ctx.extra["period_word"] = "一年来的"
    st = edu()["stock"]  # report_now only: the education "achieve" lines would leak the topic
    opening = (f"{year}年,{issuer.body_name}{ctx.fill('{ideology}')},认真贯彻落实{issuer.lvl}委、"
               f"{issuer.lvl}政府决策部署,扎实推进{bureau['work']}各项工作,各项工作取得了新的进展。"
               f"{ctx.pick(st['report_now'])}")
    both = rng.random() < 0.5
    doc_type = "总结及计划" if both else "工作总结"
    title = (f"{issuer.title_name}{year}年工作总结和{year + 1}年工作计划" if both
             else f"{issuer.title_name}{year}年工作总结")
    body = Body(ctx)
    closing = [f"新的一年,我们将在{issuer.lvl}委、{issuer.lvl}政府的坚强领导下,"
               f"奋力推动{bureau['work']}工作再上新台阶。"]
    summary_body(body, opening, doc_type, "全年", rng.randint(1400, 2600), bureau["topics"],
                 bureau["problems"], closing)
    meta = {**issuer.meta, "years_reported": [year], "year_planned": year + 1 if both else None,
            "period": "全年", "doc_type": doc_type}
    return GeneratedText(title, body.paragraphs, "other_bureau", False, meta)


def _school_name(rng: random.Random) -> tuple[str, dict[str, Any] | None]:
    pool = other()["school"]["names"]
    if rng.random() < 0.5:
        place = rng.choice(places())
        return place["county"] + rng.choice(pool), place
    return rng.choice(towns()) + rng.choice(pool), None


def school(rng: random.Random) -> GeneratedText:
    data = other()["school"]
    name, place = _school_name(rng)
    year = rng.randint(2015, 2025)
    lvl = (place["county"][-1] if place else "县")
    ctx = Ctx(rng, year, lvl, lvl, extra={"name": name, "term": rng.choice(data["terms"])})
    title = ctx.pick(data["titles"])
    body = Body(ctx)
    body.add(ctx.pick(data["opening"]))
    topics = list(data["topics"])
    rng.shuffle(topics)
    for topic in topics[: rng.randint(3, 4)]:
        body.section(ctx.pick(topic["head"]))
        acts = rng.sample(topic["act"], min(len(topic["act"]), rng.randint(4, 6)))
        for i, act in enumerate(acts, 1):
            body.add(f"{i}.{ctx.fill(act)}。")
    body.section("存在的不足")
    body.add("".join(f"{CN_NUM[i]}是{p}" for i, p in enumerate(rng.sample(data["problems"], 2))))
    body.add(ctx.pick(data["next"]))
    doc_type = "工作计划" if title.endswith("计划") else "工作总结"
    meta = _meta(name, None, place, year, doc_type, year if doc_type == "工作计划" else None)
    meta["county"] = place["county"] if place else None
    return GeneratedText(title, body.paragraphs, "school", False, meta)


def _prose(ctx: Ctx, pool: list[str], paragraphs: int, per: tuple[int, int]) -> list[str]:
    out = []
    for _ in range(paragraphs):
        k = ctx.rng.randint(*per)
        out.append("".join(ctx.fill(s) for s in ctx.rng.sample(pool, k)))
    return out


def xinde(rng: random.Random) -> GeneratedText:
    data = other()["xinde"]
    ctx = Ctx(rng, rng.randint(2015, 2025), "县", "县",
              extra={k: rng.choice(data[k]) for k in ("train", "book", "book2", "phrase")})
    title = ctx.pick(data["titles"])
    paragraphs = _prose(ctx, data["sentences"], rng.randint(5, 8), (3, 5))
    return GeneratedText(title, paragraphs, "xinde", False, _meta(None, None, None, None))


def jiaoan(rng: random.Random) -> GeneratedText:
    data = other()["jiaoan"]
    lesson = rng.choice(data["lessons"])
    ctx = Ctx(rng, 2020, "县", "县")
    title = rng.choice([f"{lesson['grade']}{lesson['subject']}{lesson['title']}教案",
                        f"{lesson['title']}教学设计", f"{lesson['subject']}{lesson['title']}优秀教案"])
    paras = ["教学目标:"] + [f"{i}.{g}" for i, g in enumerate(lesson["goals"], 1)]
    paras += [f"教学重点:{lesson['goals'][0]}。", f"教学难点:{lesson['goals'][-1]}。", "教学准备:多媒体课件、学习单。",
              "教学过程:"]
    deck: list[str] = []
    for step in data["steps"][: rng.randint(5, 7)]:
        paras.append(step)
        for _ in range(rng.randint(1, 2)):
            if not deck:  # a fresh shuffled deck, so no line repeats until all were used
                deck = rng.sample(data["step_lines"], len(data["step_lines"]))
            paras.append(ctx.fill(deck.pop()))
    return GeneratedText(title, paras, "jiaoan", False, _meta(None, None, None, None))


def zuowen(rng: random.Random) -> GeneratedText:
    data = other()["zuowen"]
    ctx = Ctx(rng, 2020, "县", "县")
    topic = rng.choice(data["titles"])
    title = rng.choice([topic, f"{topic}作文{rng.choice([400, 500, 600, 800])}字",
                        f"{rng.choice(data['grades'])}作文:{topic}"])
    paragraphs = _prose(ctx, data["sentences"], rng.randint(4, 7), (2, 4))
    return GeneratedText(title, paragraphs, "zuowen", False, _meta(None, None, None, None))


def speech(rng: random.Random) -> GeneratedText:
    data = other()["speech"]
    ctx = Ctx(rng, rng.randint(2015, 2025), "县", "县", extra={"topic": rng.choice(data["topics"])})
    title = ctx.pick(data["titles"])
    paragraphs = [rng.choice(data["openings"]), rng.choice(data["greet"])]
    paragraphs += _prose(ctx, data["sentences"][:-2], rng.randint(4, 6), (2, 4))
    paragraphs += data["sentences"][-2:]
    return GeneratedText(title, paragraphs, "speech", False, _meta(None, None, None, None))


def notice(rng: random.Random) -> GeneratedText:
    """A notice issued BY an education bureau: right issuer, wrong genre."""
    data = other()["notice"]
    issuer = make_issuer(rng, level="县", mode=rng.choice(["both", "title"]))
    year = rng.randint(2015, 2025)
    ctx = Ctx(rng, year, issuer.lvl, issuer.pl, issuer.county,
              extra={"what": rng.choice(data["what"]), "holiday": rng.choice(data["holiday"])})
    title = issuer.title_name + ctx.pick(data["titles"])
    paragraphs = [ctx.pick(data["issuers"]),
                  f"为认真贯彻落实上级有关文件精神,切实做好{ctx.extra['what']}工作,现将有关事项通知如下:"]
    for i, item in enumerate(rng.sample(data["items"], rng.randint(4, 6))):
        paragraphs.append(f"{CN_NUM[i]}、{ctx.fill(item)}")
    paragraphs += [issuer.title_name, f"{year}年{rng.randint(1, 12)}月{rng.randint(1, 28)}日"]
    meta = {**issuer.meta, "years_reported": [], "year_planned": None, "period": None, "doc_type": "其他"}
    return GeneratedText(title, paragraphs, "notice", False, meta)


BUILDERS: dict[str, Callable[[random.Random], GeneratedText]] = {
    "other_bureau": other_bureau,
    "school": school,
    "xinde": xinde,
    "jiaoan": jiaoan,
    "zuowen": zuowen,
    "speech": speech,
    "notice": notice,
}


OFF_TOPIC_KINDS = tuple(BUILDERS)


def off_topic_document(rng: random.Random, kind: str | None = None) -> GeneratedText:
    """A look-alike that an education-bureau archive must reject."""
    kind = kind or rng.choice(OFF_TOPIC_KINDS)
    if kind not in OFF_TOPIC_KINDS:
        raise ValueError(f"unknown off-topic kind {kind!r}")
    return BUILDERS[kind](rng)
