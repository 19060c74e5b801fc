"""Generate the labelled near-duplicate set: tests/cases/dedup/{tune,heldout}/.

Run from the repository root: ``.venv/bin/python tests/cases/dedup/make_cases.py``.

Each split has its own base documents (different seeds, so no text is shared
between TUNE and HELD-OUT). For every base document the split holds the
original and a few reposts of it, each a mix of the ways template sites alter a
text: new furniture lines and layout, the year changed in the title, names and
numbers blanked out (xx, **, ×), Traditional characters (OpenCC s2t), a
truncated preview (a 40–70 % prefix), a few OCR-like character errors. The base
documents of a split are the hard negatives of each other: they come from the
same phrase grammar, so they share its stock political prose; some are "siblings"
(same bureau, another period), the hardest case.

labels.json maps file name → group (the base document); files of one group
are the same text, files of different groups must never be merged.
"""

from __future__ import annotations

import json
import random
import re
import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path

from opencc import OpenCC

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
sys.path.insert(0, str(ROOT))

SPLITS = {"tune": (1001, 50), "heldout": (2002, 50)}  # seed, base documents

# --------------------------------------------------------------------------- base texts


@dataclass
class Base:
    title: str
    paragraphs: list[str]
    place: str  # the place name, blanked out in some variants
    meta: dict = field(default_factory=dict)


def _grammar():
    """The project's phrase grammar when it exists (mirror/grammar.py)."""
    try:
        from mirror.grammar import bureau_document
    except ImportError:
        return None
    return bureau_document


def grammar_base(rng: random.Random, make, **overrides) -> Base:
    doc = make(rng, **overrides)
    meta = doc.meta or {}
    place = meta.get("county") or meta.get("city") or meta.get("province") or ""
    return Base(doc.title, list(doc.paragraphs), str(place), dict(meta))


def grammar_sibling(rng: random.Random, make, base: Base) -> Base:
    """Same bureau, another year or period: the hardest negative."""
    meta = base.meta
    overrides: dict = {"level": meta.get("level")}
    if all(meta.get(k) for k in ("province", "city", "county")):
        overrides["place"] = {k: meta[k] for k in ("province", "city", "county")}
    years = meta.get("years_reported") or [2020]
    overrides["year"] = years[0] + rng.choice([-1, 1])
    if rng.random() < 0.3:
        overrides["target"] = rng.randint(900, 1500)  # short: mostly stock prose
    return grammar_base(rng, make, **overrides)


# A small fallback grammar (used only while mirror/grammar.py does not exist).
PLACES = [
    "青山县",
    "临河区",
    "东阳市",
    "白水县",
    "南川区",
    "金城县",
    "北湖区",
    "长宁县",
    "石门县",
    "安平县",
]
STOCK_OPEN = [
    "以习近平新时代中国特色社会主义思想为指导",
    "全面贯彻党的二十大精神",
    "全面贯彻党的教育方针",
    "落实立德树人根本任务",
    "坚持教育优先发展战略",
    "聚焦教育高质量发展主线",
    "紧紧围绕办人民满意的教育这一目标",
    "在{lvl}委、{lvl}政府的坚强领导下",
]
STOCK_END = [
    "全{lvl}教育事业保持了健康稳定的发展态势。",
    "各项工作取得了新的进展。",
    "较好地完成了年初确定的各项目标任务。",
]
CLOSING = [
    "新的一年，我们将在{lvl}委、{lvl}政府的坚强领导下，凝心聚力、真抓实干，推动全{lvl}教育事业再上新台阶。",
    "我们将认真总结经验，正视差距与不足，扎实做好各项工作，努力办好人民满意的教育。",
]
TOPICS = {
    "党的建设": [
        "召开党组理论学习中心组学习会{n}次，开展专题研讨{n}次",
        "新成立学校党支部{n}个，发展党员{n}名",
        "对{n}所学校开展经济责任审计，督促整改问题{n}个",
        "组建教育系统宣讲团，深入基层学校开展宣讲{n}场",
        "开展警示教育活动{n}次，约谈提醒{n}人次",
    ],
    "学前教育": [
        "新建、改扩建公办幼儿园{n}所，新增学位{n}个",
        "认定普惠性民办幼儿园{n}所，落实生均补助资金{n}万元",
        "开展幼儿园小学化专项治理，排查整改问题{n}个",
        "{n}所乡镇幼儿园与城区优质园结对帮扶",
    ],
    "均衡发展": [
        "全年实施教育建设项目{n}个，完成投资{n}万元",
        "组建教育集团{n}个，覆盖城乡学校{n}所",
        "消除大班额{n}个，标准班额比例达到百分之{n}",
        "撤并农村小规模学校{n}所，优化教学点布局",
        "改造提升乡村学校食堂、宿舍等生活设施{n}处",
    ],
    "教学质量": [
        "高考本科上线{n}人，较上年增加{n}人",
        "举办优质课评比、教学能手大赛等活动{n}场，参与教师{n}人次",
        "建立学科中心教研组{n}个，开展送教下乡{n}次",
        "学生在省级以上各类竞赛中获奖{n}人次",
    ],
    "教师队伍": [
        "通过公开招聘等渠道补充教师{n}名",
        "组织各级各类教师培训{n}期，培训教师{n}人次",
        "交流轮岗校长教师{n}名，评选表彰优秀教师{n}名",
    ],
    "校园安全": [
        "开展校园安全隐患排查{n}次，整改隐患{n}处",
        "组织防溺水、防欺凌等专题教育{n}场，覆盖学生{n}人次",
        "为{n}所学校配齐专职保安和一键报警装置",
    ],
}
PROBLEMS = [
    "城乡教育发展不够均衡，农村学校办学条件仍有短板。",
    "教师队伍结构性缺编问题较为明显，音体美学科专任教师不足。",
    "部分学校教育教学管理精细化程度不高，质量提升内生动力不足。",
    "教育经费保障压力较大，发展与保障之间的矛盾较为突出。",
    "家校协同育人机制还不够健全，部分家长的教育观念有待转变。",
]
PLANS = [
    "持续扩大普惠性学前教育资源，推进科学保教",
    "深入推进集团化办学，让更多孩子在家门口上好学",
    "健全教学质量监测评价体系，加强精准教研",
    "加强师德师风建设，完善教师培训体系",
    "常态化开展校园安全隐患排查整治，守牢安全底线",
]
CN = "一二三四五六七八九十"


def _fill(rng: random.Random, template: str, lvl: str) -> str:
    template = template.replace("{lvl}", lvl)
    return re.sub(r"\{n\}", lambda _: str(rng.randint(2, 3000)), template)


def fallback_base(rng: random.Random, place: str, year: int) -> Base:
    lvl = place[-1]
    period = rng.choice(["", "上半年", "下半年"])
    title = f"{place}教育局{year}年{period}工作总结"
    intro = "，".join(rng.sample(STOCK_OPEN, rng.randint(4, 6))) + "，" + rng.choice(STOCK_END)
    paragraphs = [f"{year}年，我局" + intro + "现将有关工作总结如下："]
    for k, topic in enumerate(rng.sample(list(TOPICS), rng.randint(3, 5))):
        paragraphs.append(f"（{CN[k]}）扎实推进{topic}工作")
        acts = rng.sample(TOPICS[topic], min(len(TOPICS[topic]), rng.randint(2, 4)))
        paragraphs.append("。".join(_fill(rng, a, lvl) for a in acts) + "。")
    paragraphs.append("二、存在的问题")
    paragraphs.extend(rng.sample(PROBLEMS, 3))
    paragraphs.append(f"三、{year + 1}年工作打算")
    paragraphs.extend(f"{i + 1}.{p}。" for i, p in enumerate(rng.sample(PLANS, 3)))
    paragraphs.append(_fill(rng, rng.choice(CLOSING), lvl))
    return Base(title, paragraphs, place)


def base_documents(rng: random.Random, count: int) -> list[Base]:
    """count base documents; about a third of them siblings of the one before."""
    make = _grammar()
    bases: list[Base] = []
    while len(bases) < count:
        if make is not None:
            base = grammar_base(rng, make)
        else:
            base = fallback_base(rng, rng.choice(PLACES), rng.randint(2018, 2024))
        bases.append(base)
        if rng.random() < 0.35 and len(bases) < count:
            if make is not None:
                bases.append(grammar_sibling(rng, make, base))
            else:
                year = int(re.search(r"20\d\d", base.title).group()) + 1
                bases.append(fallback_base(rng, base.place, year))
    return bases


# --------------------------------------------------------------------------- variants

FURNITURE_TOP = [
    "下面是小编为大家整理的{title}，供大家参考。",
    "{title}（精选范文）",
    "当前位置：范文网 > 工作总结 > {title}",
    "本文由网友投稿，仅供参考。",
]
FURNITURE_END = ["以上就是本文的全部内容，希望对您有所帮助。", "相关推荐：教育工作总结范文大全", ""]
OCR_LOOKALIKE = {
    "己": "已",
    "末": "未",
    "人": "入",
    "士": "土",
    "日": "曰",
    "大": "太",
    "天": "夫",
    "工": "土",
}


def _text(title: str, paragraphs: list[str], rng: random.Random) -> str:
    indent = rng.choice(["", "　　", "  "])
    sep = rng.choice(["\n", "\n\n"])
    return title + sep + sep.join(indent + p for p in paragraphs) + "\n"


def refurnish(rng: random.Random, base: Base) -> tuple[str, list[str]]:
    """New furniture and layout; the title line sometimes dropped."""
    title, paragraphs = base.title, list(base.paragraphs)
    if rng.random() < 0.5:
        paragraphs.insert(0, rng.choice(FURNITURE_TOP).format(title=title))
    if rng.random() < 0.3:
        paragraphs.append(rng.choice(FURNITURE_END))
    if rng.random() < 0.2:
        title = ""
    if rng.random() < 0.5:
        paragraphs = [
            p.replace("，", ",").replace("：", ":").replace("；", ";") for p in paragraphs
        ]
    return title, paragraphs


def change_year(title: str) -> str:
    return re.sub(r"(20\d\d)", lambda m: str(int(m.group(1)) + 1), title, count=1)


def blank_out(rng: random.Random, text: str, place: str) -> str:
    """Names and numbers replaced by xx / ** / ×."""
    mark = rng.choice(["xx", "XX", "**", "××", "×"])
    if place and len(place) > 1:
        text = text.replace(place[:-1], mark)
    share = rng.uniform(0.3, 1.0)
    return re.sub(r"\d+", lambda m: mark if rng.random() < share else m.group(), text)


def ocr_errors(rng: random.Random, text: str) -> str:
    chars = list(text)
    cjk = [i for i, c in enumerate(chars) if "\u4e00" <= c <= "\u9fff"]
    for i in rng.sample(cjk, min(len(cjk), rng.randint(3, 8))):
        chars[i] = OCR_LOOKALIKE.get(chars[i], chr(rng.randint(0x4E00, 0x9FA5)))
    return "".join(chars)


def preview(rng: random.Random, text: str) -> str:
    cut = text[: int(len(text) * rng.uniform(0.4, 0.7))]
    return cut + rng.choice(["……", "...", "……阅读全文", "\n查看全文>>", ""])


def variant(rng: random.Random, base: Base, s2t: OpenCC) -> tuple[str, str]:
    """One repost and the names of the alterations applied."""
    kinds = ["furniture"]
    title, paragraphs = refurnish(rng, base)
    if rng.random() < 0.35 and title:
        title, kinds = change_year(title), [*kinds, "year"]
    text = _text(title, paragraphs, rng)
    for kind, chance in (("blank", 0.35), ("ocr", 0.25), ("traditional", 0.3), ("preview", 0.3)):
        if rng.random() >= chance:
            continue
        kinds.append(kind)
        if kind == "blank":
            text = blank_out(rng, text, base.place)
        elif kind == "ocr":
            text = ocr_errors(rng, text)
        elif kind == "traditional":
            text = s2t.convert(text)
        else:
            text = preview(rng, text)
    return text, "+".join(kinds)


def write_split(name: str, seed: int, count: int) -> None:
    rng = random.Random(seed)
    s2t = OpenCC("s2t")
    out = HERE / name
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    labels: dict[str, dict[str, str]] = {}
    for g, base in enumerate(base_documents(rng, count)):
        group = f"{name}{g:03d}"
        files = {f"{group}_0": (_text(base.title, base.paragraphs, rng), "original")}
        for v in range(1, rng.randint(3, 6) + 1):
            files[f"{group}_{v}"] = variant(rng, base, s2t)
        if rng.random() < 0.15:  # an exact repost: other layout only
            files[f"{group}_x"] = (_text(base.title, base.paragraphs, rng), "exact")
        for fname, (text, kind) in files.items():
            (out / f"{fname}.txt").write_text(text, encoding="utf-8")
            labels[fname] = {"group": group, "kind": kind}
    (out / "labels.json").write_text(
        json.dumps(labels, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8"
    )
    print(f"{name}: {len(labels)} files, {count} groups", file=sys.stderr)


def main() -> None:
    source = "mirror.grammar" if _grammar() else "fallback grammar"
    print(f"base texts from {source}", file=sys.stderr)
    for name, (seed, count) in SPLITS.items():
        write_split(name, seed, count)


if __name__ == "__main__":
    main()
