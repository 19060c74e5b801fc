"""Structured metadata of a document: who wrote it, where, for which period, what kind.

Every rule that is data (doc-type and period patterns, title decorations, issuer suffixes,
levels) lives in cleaning/data/metadata.toml; this module only applies them. The title
and the body are read separately so that a retitled page (a 2023 summary sold as 2024)
keeps both readings: ``years_title`` is what the title says, ``years_reported`` follows
the body when the body states its year, and ``year_supported_by`` says which did; a body
that writes its years as placeholders (xxxx年) disowns the headline's year. Doc type and
period follow what the body is (a body that only plans is a plan under a 总结 headline).
The region comes from any named place that determines it, anywhere in the text, and
``place_evidence`` keeps the name and where it stood (title, body:<paragraph>, signature).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Sequence
from functools import lru_cache

from cleaning import region as geo
from cleaning.lexicon import ISSUING_NOTICE, issued_document, placeholder_share
from cleaning.normalize import to_simplified
from cleaning.region import metadata_rules
from cleaning.rules import gate_of

FIELDS = (
    "title", "title_raw", "issuer", "level", "province", "city", "county", "admin_code",
    "place_evidence",
    "years_reported", "year_planned", "years_title", "year_supported_by", "period",
    "doc_type", "placeholder_share",
)  # fmt: skip

_FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")
_CN_DIGITS = str.maketrans("〇○零一二三四五六七八九", "000123456789")
# A typed 二00九年 writes its 〇 as the digit 0: the same year.
_CN_YEAR = re.compile(r"[一二][〇○零0一二三四五六七八九]{3}(?=年)")
# The same years found from their 年: whether the text holds one at all.
_CN_YEAR_AT = re.compile(r"年(?<=[一二][〇○零0一二三四五六七八九]{3}年)")
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?:\s*[-—～~至]\s*((?:19|20)\d{2}))?\s*(?:学)?年")
_SUMMARY_WORD = re.compile(r"总结|回顾|工作情况|主要工作|开展情况|完成情况|述职|自查|汇报|报告")
_PLAN_WORD = re.compile(r"计划|打算|思路|安排|要点|设想|谋划|展望")
_HEADING_MAX = 40
_SIGNATURE_MAX = 30
# A signature line is a name or a date: short, and no sentence punctuation.
_SENTENCE_MARK = re.compile(r"[。，,；;！？、：:]")
_OPENING_CHARS = 200
# The period is read from the body's first words only ("XXXX年上半年，…"): later a
# full-year text may well mention 第一季度.
_PERIOD_OPENING_CHARS = 40
# The issuer names its place early (opening, first sections) and in the signature, which
# is scanned apart; scanning further only finds other places and costs time.
_SCAN_CHARS = 6000


@lru_cache(maxsize=1)
def _compiled() -> dict:
    """The data file's patterns, compiled once."""
    rules = metadata_rules()
    ordered = {
        "decorations": [re.compile(p) for p in rules["title"]["decorations"]],
        "doc_type": [(r["type"], re.compile(r["pattern"])) for r in rules["doc_type"]["rules"]],
        "period": [(r["period"], re.compile(r["pattern"])) for r in rules["period"]["rules"]],
        "levels": [(r["level"], re.compile(r["pattern"])) for r in rules["issuer"]["levels"]],
        "suffix_levels": [
            (r["level"], re.compile(r["pattern"])) for r in rules["issuer"]["suffix_levels"]
        ],
        "self_level": [
            (r["level"], re.compile(r["pattern"]), r["weight"])
            for r in rules["issuer"]["self_level"]
        ],
        # Multiline: "^" also starts each segment of _segment_text.
        "body_reported": [re.compile(p, re.M) for p in rules["years"]["body_reported"]],
        "body_planned": [re.compile(p, re.M) for p in rules["years"]["body_planned"]],
    }
    single = {
        "site_suffix": rules["title"]["site_suffix"],
        "site_words": rules["title"]["site_words"],
        "category_prefix": rules["title"]["category_prefix"],
        "other": rules["doc_type"]["other"],
        "announcement": rules["doc_type"]["announcement"],
        "briefing": rules["doc_type"]["briefing"],
        "summary_heading": rules["doc_type"]["summary_heading"],
        "plan_heading": rules["doc_type"]["plan_heading"],
        "period_plan_heading": rules["doc_type"]["period_plan_heading"],
        "plan_after": rules["years"]["plan_after"],
        "body_reported_weak": rules["years"]["body_reported_weak"],
        "own_headline": rules["years"]["own_headline"],
        "suffix": rules["issuer"]["suffix"],
        "redacted_place": rules["issuer"]["redacted_place"],
        "town": rules["issuer"]["town"],
        "placeholder_year": rules["years"]["placeholder_year"],
        "salutation": rules["doc_type"]["salutation"],
        "disclosure_opening": rules["doc_type"]["disclosure_opening"],
        "national_issuer": rules["region"]["national_issuer"],
        "page_source": rules["region"]["page_source"],
        "redacted_local": rules["region"]["redacted_local"],
        # A notice asking for reports is a genre of its own too.
        "other_genre": rules["doc_type"]["other_genre"] + "|" + rules["period"]["request_notice"],
        "menu_genre": rules["title"]["menu_genre"],
        "section_heading": rules["doc_type"]["section_heading"],
        "headline_end": rules["doc_type"]["headline_end"],
        "news_lead": rules["doc_type"]["news_lead"],
        "meeting_news": f'{rules["doc_type"]["news_lead"]}(?:{rules["doc_type"]["meeting_news"]})',
        "points_opening": rules["doc_type"]["points_opening"],
        "plan_marker": rules["doc_type"]["plan_marker"],
        "future_marker": rules["doc_type"]["future_marker"],
        "retrospect": rules["doc_type"]["retrospect"],
        "past_marker": rules["doc_type"]["past_marker"],
        "report_time": rules["doc_type"]["report_time"],
        "multi_year": rules["period"]["multi_year"],
        "multi_year_title": rules["period"]["multi_year_title"],
        "event_title": rules["period"]["event_title"],
        "request_notice": rules["period"]["request_notice"],
        "year_subject": rules["doc_type"]["year_subject"],
        "annual": rules["period"]["annual"],
        "both_halves": rules["period"]["both_halves"],
        "template_title": rules["years"]["template_title"],
        "work_conference": rules["years"]["work_conference"],
        "year_before": rules["years"]["year_before"],
        "closing_meeting": rules["years"]["closing_meeting"],
    }
    multiline = {"summary_heading", "plan_heading", "period_plan_heading"}
    ordered["decoration_gate"] = gate_of(ordered["decorations"])
    return ordered | {
        key: re.compile(pattern, re.M if key in multiline else 0)
        for key, pattern in single.items()
    }


# --------------------------------------------------------------------------- title


def normalize_title(raw: str) -> str:
    """The title without site decorations (范文, 【精选推荐】, .docx, _站名 …), Simplified."""
    title = to_simplified(" ".join(raw.split()))  # runs of blanks as one space, ends trimmed
    previous = None
    while previous != title:
        previous = title
        title = _strip_decorations(_strip_category(_strip_site_name(title)))
    return title or previous


def _strip_decorations(title: str) -> str:
    gate = _compiled()["decoration_gate"]
    if gate is not None and not gate.search(title):  # most lines compared with a headline
        return title.strip()
    for pattern in _compiled()["decorations"]:
        title = pattern.sub("", title).strip()
    return title


def _strip_category(title: str) -> str:
    """ "工作总结 | 县教育局2023年工作总结" loses the category when the rest says what it is."""
    match = _compiled()["category_prefix"].search(title)
    if not match:
        return title
    rest = title[match.end() :]
    return rest if _SUMMARY_WORD.search(rest) or _PLAN_WORD.search(rest) else title


_YEAR_SPAN_DASH = re.compile(r"\d[-－—–]\d")
_YEARS_EVENT = re.compile(r"\d{4}年[^_|｜]{0,16}(?:会议|大会|召开|举行)")


def _strip_site_name(title: str) -> str:
    match = _compiled()["site_suffix"].search(title)
    if not match or _YEAR_SPAN_DASH.match(title, max(match.start() - 1, 0)):
        return title  # (2019-2020学年度…: a span of years, no site after a dash)
    suffix, head = match.group(1), title[: match.start()]
    # "…总结_九力公文网" loses its site; "2023年工作总结-2024年计划" keeps its second half, and a
    # subtitle naming a year's event (…——上蔡县2023年教育工作会议召开) is the headline's own.
    says_what = _PLAN_WORD.search(suffix) or _SUMMARY_WORD.search(suffix) or _YEARS_EVENT.search(suffix)
    if says_what and not _compiled()["site_words"].search(suffix):
        return title
    return head if head.strip() else title


# --------------------------------------------------------------------------- years


def _arabic(text: str) -> str:
    """Full-width digits and 二〇二三年 as ASCII digits, so one year pattern serves all."""
    if _FULLWIDTH_DIGIT.search(text):  # translate costs more than the search that skips it
        text = text.translate(_FULLWIDTH_DIGITS)
    if not _CN_YEAR_AT.search(text):  # most texts: 年 first, re jumps to it (20x faster)
        return text
    return _CN_YEAR.sub(lambda m: m.group().translate(_CN_DIGITS), text)


_FULLWIDTH_DIGIT = re.compile("[０-９]")


def years_in(text: str) -> list[int]:
    """Every year written in ``text``, in order, once each (2023-2024学年 gives both)."""
    found: list[int] = []
    for match in _YEAR.finditer(_arabic(text)):
        for group in match.groups():
            if group and int(group) not in found:
                found.append(int(group))
    return found


def _is_menu(title: str) -> bool:
    """工作总结 工作计划 读后感 发言稿 …: several genre names side by side."""
    tokens = title.split()
    genres = sum(bool(_compiled()["menu_genre"].search(token)) for token in tokens)
    return len(tokens) >= _MENU_TOKENS and genres >= _MENU_TOKENS - 1


_MENU_TOKENS = 4


def _is_template(title: str) -> bool:
    return bool(_compiled()["template_title"].search(title))


def _title_roles(title: str, doc_type: str) -> tuple[list[int], int | None]:
    """Years the title reports on and the year it plans for."""
    text = _arabic(title)
    if doc_type in ("工作计划", "工作要点"):
        years = years_in(text)
        return [], (years[0] if years else None)
    reported: list[int] = []
    planned = None
    matches = list(_YEAR.finditer(text))
    for i, match in enumerate(matches):
        tail = text[match.end() : matches[i + 1].start() if i + 1 < len(matches) else None]
        years = [int(g) for g in match.groups() if g]
        if _is_plan_year(tail):
            planned = planned or years[0]
        else:
            reported += [y for y in years if y not in reported]
    return reported, planned


def _is_plan_year(tail: str) -> bool:
    """Whether the words after a year make it a plan's year (2024年工作计划)."""
    if _compiled()["plan_after"].search(tail):
        return True
    summary, plan = _SUMMARY_WORD.search(tail), _PLAN_WORD.search(tail)
    return bool(plan and (not summary or plan.start() < summary.start()))


def _segments(paragraphs: list[str]) -> list[str]:
    """Sentences and headings, years in ASCII digits: a page that glues its headings into
    one line (一、2023年工作总结(一)…) still shows each heading at the start of a segment."""
    return list(_segments_of(tuple(paragraphs)))


def _segment_text(paragraphs: list[str]) -> str:
    """The segments one per line, for one multiline search instead of one per segment."""
    return _segment_text_of(tuple(paragraphs))


@lru_cache(maxsize=4)
def _segment_text_of(paragraphs: tuple[str, ...]) -> str:
    return "\n".join(_segments_of(paragraphs))


@lru_cache(maxsize=4)
def _segments_of(paragraphs: tuple[str, ...]) -> tuple[str, ...]:
    # Several rules read the segments of one body: split it once.
    text = _arabic("\n".join(paragraphs))
    return tuple(seg for seg in _segment_lines(text).split("\n") if seg.strip())


# A segment ends after a sentence mark and before each of the (last three) numerals of an
# outline marker (一、, 十一、 also before 一) or 第…部分. Breaks written in as line breaks:
# str.replace and one search for what precedes 、 cost half what a split at every position
# did with look-arounds (the same segments, empty ones aside).
_SENTENCE_ENDS = ("。", "；", ";", "！", "？")
_OUTLINE_START = re.compile(r"[一二三四五六七八九十]{1,3}(?=、)|第(?=[一二三四五六七八九十]部分)")


def _segment_lines(text: str) -> str:
    for mark in _SENTENCE_ENDS:
        text = text.replace(mark, mark + "\n")
    if "、" in text or "部分" in text:
        text = _OUTLINE_START.sub(_break_before_each, text)
    return text


def _break_before_each(match: re.Match[str]) -> str:
    return "".join("\n" + char for char in match.group())


def _plan_part(title: str | None) -> str | None:
    """The part of a 总结及计划 headline after its summary word (及下半年工作计划)."""
    match = _SUMMARY_WORD.search(title or "")
    return title[match.end() :] if title and match else title


def _body_years(
    paragraphs: list[str], title_has_year: bool, plans: bool = False
) -> tuple[list[int], int | None, bool]:
    """The year the body says it reports on, the year it plans for, and whether it
    writes its years as placeholders (xxxx年, 20__年): then a headline's year is the site's."""
    compiled = _compiled()
    text = _arabic("\n".join(paragraphs)[:_SCAN_CHARS])
    placeholder = bool(compiled["placeholder_year"].search(text))
    segments = [_segment_text(paragraphs)]
    opening = [_arabic(p) for p in paragraphs[:3]]
    reported = _first_year(
        compiled["body_reported"][:1], [opening[0][:_OPENING_CHARS]] if opening else []
    )
    reported = reported or _first_year([compiled["own_headline"]], opening[:1])
    reported = _announced_year(opening, reported)
    reported = reported or _first_year(compiled["body_reported"][2:], segments)
    if not reported and not title_has_year and opening:
        reported = _first_year([compiled["body_reported_weak"]], opening[:1])
    if not reported and not title_has_year and not plans:
        # (A text writing its years as placeholders hides them: a lone year written out is
        # a past milestone, 2007年实现普三目标之后.)
        reported = _most_written_year(text, lone_year=not placeholder)  # a plan writes 到2025年
    if not reported and not plans and (placeholder or not title_has_year):
        reported = milestone_year(text)
    planned = _first_year(compiled["body_planned"], segments, planned=True)
    planned = planned or _opening_plan_year(opening[:1])
    return ([reported] if reported else []), planned, placeholder


def _opening_plan_year(opening: list[str]) -> int | None:
    """The year the opening sentence gives a plan or a conference (2015年全省教育工作的总体思路是,
    2月17日，2023年全市教育工作会议召开): the year it plans, which the reported years skip."""
    for text in opening:
        sentence = text[:_OPENING_CHARS].split("。", 1)[0]
        for match in _YEAR.finditer(sentence):
            if _is_plan_year(_clause_after(sentence, match.end())):
                return int(match.group(1))
    return None


def _announced_year(opening: list[str], found: int | None) -> int | None:
    """现将2023年工作总结如下 names the year reported on; 现将…2024年工作谋划汇报如下
    names a plan's year, not the report's."""
    for text in opening:
        match = _compiled()["body_reported"][1].search(text)
        if not match or _past_a_joint(text[match.start() : match.start(1)]):
            continue  # 现将以来工作总结及2011年工作事务报告如下: the year of the part after 及
        if not _is_plan_year(text[match.end(1) + 1 : match.end(1) + 20]):
            return int(match.group(1))
    return found


_JOINT = re.compile(r"(?:总结|回顾)[^。，,]{0,4}?[暨及和与并]")


def _past_a_joint(words: str) -> bool:
    """Whether the words before a year join a summary to the next part (总结及2011年…)."""
    return bool(_JOINT.search(words))


_FIRST_PLAN_YEAR = {"一": 2006, "二": 2011, "三": 2016, "四": 2021, "五": 2026}  # 十一五 … 十五五


# How far down a text's first section heading (一、…) may stand: after a salutation and an opening.
_FIRST_SECTION_REACH = 6


def _five_year_span(headline: str | None, paragraphs: list[str]) -> tuple[list[int], str | None]:
    """The five years a summary of a five-year plan's period reports on (十一五 → 2006–2010),
    and where it says so ("title" or "body"); ([], None) for any other text."""
    pattern = metadata_rules()["years"]["five_year_summary"]
    first_section = next((p for p in paragraphs[:_FIRST_SECTION_REACH] if p.startswith("一、")), None)
    for text, where in [(headline, "title"), *((p, "body") for p in [*paragraphs[:1], first_section])]:
        if text and (match := re.search(pattern, text[:_OPENING_CHARS])):
            first = _FIRST_PLAN_YEAR[match.group(1)]
            return list(range(first, first + 5)), where
    return [], None


def milestone_year(text: str) -> int | None:
    """The year a milestone dates the text to (建党98周年 → 2019, 十二五收官之年 → 2015)."""
    rules = metadata_rules()["years"]
    for milestone in rules["milestones"]:
        if match := re.search(milestone["pattern"], text):
            return milestone["base"] + int(match.group(1))
    if match := re.search(rules["five_year_plan"], text):
        first = _FIRST_PLAN_YEAR[match.group(1)]
        return first if match.group(2) in ("开局", "起步") else first + 4
    return None


_DATE_AFTER = re.compile(r"\s*\d{1,2}\s*月\s*\d{1,2}\s*日")


def _most_written_year(text: str, lone_year: bool = True) -> int | None:
    """The year the body writes most often outside plan phrases (a report that never
    announces its year: 2011年度教育工作…, 2011年度目标…)."""
    counts: dict[int, int] = {}
    for match in _YEAR.finditer(text):
        if _is_plan_year(text[match.end() : match.end() + 12]):
            continue
        if match.group(2):
            continue  # (2019-2022年): a plan's span, not a year reported on
        if _DATE_AFTER.match(text, match.end()):
            continue  # 2018年1月31日下午: the date of an event, not a year reported on
        year = int(match.group(1))
        counts[year] = counts.get(year, 0) + 1
    best = max(counts, key=lambda y: counts[y]) if counts else None
    if lone_year and best and counts[best] == 1 and len(counts) == 1 and _opens_a_sentence(text, best):
        return best  # the body's one year opening a sentence (2023年秋季学期开学…, 2021年7月，…)
    return best if best and counts[best] >= 2 else None  # once may be any year


def _opens_a_sentence(text: str, year: int) -> bool:
    """A sentence starts with the year, as its subject or with a month of it; not a full date
    (2018年1月31日: an event's day) nor a span back from it (2019年以来)."""
    return bool(re.search(rf"(?:^|[。；;！!\n])\s*{year}\s*年(?![一二三四五六七八九十]|以来|来)(?!\s*\d{1,2}\s*月\s*\d)", text))


def _first_year(patterns: list[re.Pattern[str]], texts: list[str], planned: bool = False) -> int | None:
    """The first year the patterns find; a year reported on is never one the words after it
    make a plan's (2月17日，2023年全市教育工作会议召开: the year the conference deploys)."""
    for pattern in patterns:
        for text in texts:
            for match in pattern.finditer(text):
                if planned or not _is_plan_year(_clause_after(text, match.end(1) + 1)):
                    return int(match.group(1))
    return None


def _clause_after(text: str, start: int) -> str:
    """The words after a year, up to the end of its clause or the next year (安排部署 after the
    comma is the next clause's, 暨2024年工作部署会 the next year's)."""
    # A year standing alone as its sentence's time (2021年，市教育局工作的总体思路是) is
    # told of by the clause after it.
    clause = next((c for c in _CLAUSE_END.split(text[start : start + 24], maxsplit=2) if c.strip()), "")
    return _NEXT_YEAR.split(clause, maxsplit=1)[0]


_NEXT_YEAR = re.compile(r"(?:19|20)\d{2}")


_PLAN_TYPES = ("工作计划", "工作要点")


def _resolve_years(
    title_years: tuple[list[int], int | None],
    body_years: tuple[list[int], int | None],
    doc_type: str,
    period: str | None,
    shows_plan: bool = False,
) -> tuple[list[int], int | None]:
    """Body first when it states a year; a retitled plan year moves with the body's year.
    ``shows_plan``: the body reaches its plan part (a 下半年工作打算 heading)."""
    (t_rep, t_plan), (b_rep, b_plan) = title_years, body_years
    reported = b_rep or t_rep
    planned = b_plan
    if planned is None and t_plan is not None:
        shift = b_rep[0] - t_rep[0] if b_rep and t_rep else 0
        # A year's summary never plans its own year: a headline saying so (2023年…总结与2023年
        # …计划) had only its first year retitled, and its plan year is the original.
        same_year = bool(t_rep) and t_plan == t_rep[0] and period in (None, "全年")
        planned = t_plan if same_year else t_plan + shift
    if doc_type in _PLAN_TYPES:
        return [], planned or (reported[0] if reported else None)
    if doc_type == "其他":
        return reported, b_plan or t_plan  # a conference report deploys the year it names
    if doc_type != "总结及计划":
        # A summary's closing "2025年工作计划" section does not make it a plan.
        return reported, None
    if planned is None and reported and period in (None, "全年"):
        planned = max(reported) + 1  # a year's summary plans the next
    elif planned is None and reported and shows_plan:
        planned = max(reported)  # 下半年打算, where the body reaches it, plans the same year
    return reported, planned


def _supported_by(
    years_title: list[int], body: tuple[list[int], int | None], found: bool
) -> str | None:
    """Which part of the text the years rest on: the body, the title, or both agreeing."""
    if not found:
        return None
    body_years = set(body[0]) | ({body[1]} if body[1] else set())
    if not body_years:
        return "title" if years_title else None
    if not years_title:
        return "body"
    return "both" if body_years <= set(years_title) else "body"


# --------------------------------------------------------------------------- kind and period


_QUOTED = re.compile(r"《([^》]{4,60})》")
# 现将《2012年全市教育工作要点》印发你们: a cover notice opening the document it sends.
_SENT = re.compile(r"现将《([^》]{4,60})》(?:印发|下发|转发)")
_ISSUED_CHARS = 120  # a notice's own title stands at the start of its text


def _named_document(text: str) -> str | None:
    """The document a title quotes or issues (关于印发《县教育局2024年工作要点》的通知)."""
    named = _QUOTED.search(text)
    return named.group(1) if named else issued_document(text)


def _classify(text: str) -> str | None:
    # 关于印发《县教育局2024年工作要点》的通知 is the document it quotes.
    text = _named_document(text) or text
    if _compiled()["other_genre"].search(text):
        return None  # a speech (在全市教育工作会议上的报告) or a disclosure report, whatever it reviews
    other = _compiled()["other"]
    # (规划实施情况总结 is a summary; 专项检查报告 holds 报告 only as its own genre's word.)
    if other.search(text) and not _SUMMARY_WORD.search(other.sub("", text)):
        return None
    for doc_type, pattern in _compiled()["doc_type"]:
        if pattern.search(text):
            return doc_type
    return None


def doc_type_of(title: str | None, paragraphs: list[str], outline: Sequence[str] = ()) -> str:
    """工作总结, 总结及计划 … from the title, corrected by what the body is: a body that
    only plans is 工作计划 under a 总结 headline, a summary announcing its plans, or whose
    headings (``outline``: those a page shows above the text too) go on to plan a named
    period, is 总结及计划; without a title the body alone decides."""
    from_title = _title_type(title) if title else None
    if from_title is None:
        return _body_type(paragraphs)
    if from_title == "工作汇报" and _opens_as_news(paragraphs):
        return "其他"  # news that a bureau reported (1月8日上午,…听取了市教育局…的汇报)
    if _opens_as_meeting_news(paragraphs):
        return "其他"  # news of a meeting under a retitled headline (有关教育局会议总结)
    if from_title == "工作汇报" and "汇报" not in title and _announced_type(paragraphs) == "工作总结":
        return "工作总结"  # a 情况报告 announcing its summary (现将…落实情况总结如下); a 汇报 stays one
    if from_title in ("工作总结", "总结及计划") and _only_plans(paragraphs):
        return "工作计划"
    if from_title == "工作总结" and (
        _announced_type(paragraphs) == "总结及计划" or _plans_a_period(paragraphs, outline)
    ):
        return "总结及计划"
    return from_title


def _plans_a_period(paragraphs: list[str], outline: Sequence[str]) -> bool:
    heading = _compiled()["period_plan_heading"]
    return bool(heading.search(_segment_text(paragraphs))) or _outline_plans_a_period(outline)


def _outline_plans_a_period(outline: Sequence[str]) -> bool:
    """One of the headings a page shows above the text plans a named period (二、2026年工作打算)."""
    heading = _compiled()["period_plan_heading"]
    return any(heading.search(_arabic(h)) for h in outline)


def _body_headline(paragraphs: list[str]) -> str | None:
    """A title line among the body's first lines (区教育局2023年工作总结篇一): short, no
    sentence inside, not a section heading, and it says what the document is."""
    for paragraph in paragraphs[:_HEADLINE_LINES]:
        line = _HEADLINE_END.split(paragraph, maxsplit=1)[0]
        if len(line) > _HEADING_MAX * 3 // 2 or _SENTENCE_INSIDE.search(line):
            continue
        if _compiled()["section_heading"].search(line):
            continue
        title = normalize_title(line)
        if _compiled()["headline_end"].search(title) and _title_type(title) not in (None, "其他"):
            return title
    return None


def _after_title_line(paragraphs: list[str], title: str | None) -> list[str]:
    """The paragraphs after the document's own title line, when one of the first lines
    is that title (教育局2023年工作总结篇一 under a site's blurb); else all of them."""
    if not title:
        return paragraphs
    key = _SPACES.sub("", title)
    for index, paragraph in enumerate(paragraphs[:_LEAD_IN_LINES]):
        line = _SPACES.sub("", paragraph)
        if line.startswith(key) and len(line) <= len(key) + 8 and index + 1 < len(paragraphs):
            return paragraphs[index + 1 :]
    return paragraphs


_LEAD_IN_LINES = 6
_SPACES = re.compile(r"\s+")
_HEADLINE_LINES = 3
_HEADLINE_END = re.compile(r"[：:]")
_SENTENCE_INSIDE = re.compile(r"[，,；;。]")


def _title_type(title: str) -> str | None:
    found = _classify(title)
    if found:
        return found
    named = _named_document(title) or title  # a notice is what it issues
    if _compiled()["other"].search(named) or _compiled()["other_genre"].search(named):
        return "其他"  # a 实施方案, a speech or a news item says what it is; its body cannot overrule
    return None


def _announced_type(paragraphs: list[str]) -> str | None:
    for paragraph in paragraphs[:3]:
        match = _compiled()["announcement"].search(paragraph)
        found = _classify(match.group()) if match else None
        if found:
            return found
    return None


def _opens_as_news(paragraphs: list[str]) -> bool:
    """The first paragraph opens as a news item does: its date, 日前, a paper's dateline."""
    return bool(paragraphs) and bool(_compiled()["news_lead"].search(paragraphs[0]))


def _opens_as_meeting_news(paragraphs: list[str]) -> bool:
    """One of the first two sentences reports a meeting held (…召开…会议), after its news lead."""
    return _opening_says(paragraphs, "meeting_news")


def _opening_says(paragraphs: list[str], rule: str) -> bool:
    """Whether one of the first paragraph's first two sentences (a lead-in sentence may stand
    before the one that counts) matches ``rule``."""
    return any(_compiled()[rule].search(seg) for seg in _segments(paragraphs[:1])[:2])


def _body_type(paragraphs: list[str]) -> str:
    """What a body without a headline is: a speech (同志们：), work points (XXXX年全市教育
    工作的总体思路是), else what its announcement and headings say."""
    compiled = _compiled()
    if any(compiled["briefing"].search(p) for p in paragraphs[:2]):
        return "工作汇报"  # given to listeners (尊敬的各位领导: …), whatever its sections review
    if paragraphs and compiled["salutation"].search(paragraphs[0]):
        return "其他"
    if _opens_as_meeting_news(paragraphs):
        return "其他"  # news of a meeting (after a lead-in sentence: 新的学年开始了。), whatever it deploys
    if _opens_as_news(paragraphs):
        return "其他"  # news (日前,市教育局发布《…工作要点》), whatever the document it reports plans
    if paragraphs and compiled["disclosure_opening"].search(paragraphs[0]):
        return "其他"  # an annual information-disclosure report saying what it is
    if _opening_says(paragraphs, "points_opening"):
        return "工作要点"  # (after the year's opening sentence: 2022年是…之年。全区教育工作的总体思路是)
    opening = paragraphs[0][:_ISSUED_CHARS] if paragraphs else ""
    issued = ISSUING_NOTICE.search(opening) or _SENT.search(opening)
    if issued:  # a notice issuing a document (…印发X的通知) is what it issues
        return _classify(issued.group(1)) or "其他"
    segments = _segment_text(paragraphs)
    has_plan = bool(compiled["plan_heading"].search(segments))
    has_summary = bool(compiled["summary_heading"].search(segments))
    announced = _announced_type(paragraphs)
    if announced and not (announced == "工作汇报" and has_summary):
        return announced  # a 情况报告 whose sections are summaries is a summary
    if has_plan:
        return "总结及计划" if has_summary else "工作计划"
    if has_summary or _reports(paragraphs) or _reports_a_year(paragraphs):
        return "工作总结"
    return "工作计划" if _only_plans(paragraphs) else "其他"


def _reports_a_year(paragraphs: list[str]) -> bool:
    """A body opening with the year it reports on as its subject (2025年全县共收到建议30件…)
    and telling what was done (已完成, 开展了), not an event's date (2025年3月8日…)."""
    opening = _arabic(paragraphs[0][:_CLAUSE_CHARS]) if paragraphs else ""
    return bool(_compiled()["year_subject"].match(opening)) and _past_tense("\n".join(paragraphs)[:_SCAN_CHARS])


def _reports(paragraphs: list[str]) -> bool:
    """Whether one of the first paragraphs opens with the time it reports on (2023年，在县委
    的领导下…), the way a summary does; a news lead (12月30日，…) does not count."""
    compiled = _compiled()
    for paragraph in paragraphs[:3]:
        clause = paragraph[:_CLAUSE_CHARS]
        if compiled["news_lead"].search(clause):
            return False
        if compiled["report_time"].search(clause) and not compiled["future_marker"].search(clause):
            return True
    return False


_CLAUSE_CHARS = 24


def _only_plans(paragraphs: list[str]) -> bool:
    """Whether the body only looks ahead: no past tense (开展了, 已, 先后, 累计), no look
    back (一年来, 较上年, 取得新突破, 质量稳步提升。), no time phrase opening a sentence that
    reports (2023年，…; 上半年，…), no summary heading or announcement, and some plan
    wording (要, 将, 力争, 确保)."""
    compiled = _compiled()
    text = "\n".join(paragraphs)[:_SCAN_CHARS]
    if not text or not compiled["plan_marker"].search(text):
        return False
    if _past_tense(text) or compiled["retrospect"].search(text):
        return False
    if compiled["summary_heading"].search(_segment_text(paragraphs)):
        return False
    for segment in _segments(paragraphs):
        # 2024年，我局将… plans; 2023年，在县委的领导下… reports.
        clause = segment[:_CLAUSE_CHARS]
        if compiled["report_time"].search(clause) and not compiled["future_marker"].search(clause):
            return False
    return _announced_type(paragraphs) not in ("工作总结", "总结及计划", "工作汇报")


def _past_tense(text: str) -> bool:
    """A past-tense mark outside a short quotation (not the 了 of a slogan “说了算”)."""
    for match in _compiled()["past_marker"].finditer(text):
        start = match.start()
        opened = text.rfind("“", max(0, start - _QUOTE_CHARS), start)
        if opened < 0 or "”" in text[opened:start]:
            return True
    return False


_QUOTE_CHARS = 20


_CLAUSE_END = re.compile(r"[，,；;：:]")


def period_of(
    title: str | None, paragraphs: list[str], any_year: bool, doc_type: str | None = None
) -> str | None:
    """The period reported on: the title's word for it, else the body's opening; a
    summary or plan that says nothing of its period covers a year, unless its opening
    looks back over several (近年来, 任职以来)."""
    compiled = _compiled()
    if title and compiled["multi_year_title"].search(title):
        return None
    opening = _arabic(paragraphs[0][:_PERIOD_OPENING_CHARS]) if paragraphs else ""
    # A later sentence states the period in its first clause (上半年，我局…); further in, a time
    # dates an action (为加强领导，今年上半年，县教育局调整了领导小组).
    early = [_CLAUSE_END.split(seg[:_PERIOD_OPENING_CHARS], maxsplit=1)[0] for seg in _segments(paragraphs[:3])[:4]]
    texts = ([_arabic(title)] if title else []) + [opening] + early
    for i, text in enumerate(texts):
        # 上半年做好…,下半年推开: a body sentence naming both halves plans the year (通报上半年
        # 工作情况,部署下半年…: a summary's, where the first half is the period).
        if (i > 0 or not title) and compiled["both_halves"].search(text) and not _SUMMARY_WORD.search(text):
            continue
        for period, pattern in compiled["period"][:-1]:
            if pattern.search(text):
                return period or None
    meeting_news = doc_type == "其他" and bool(title and compiled["work_conference"].search(title))
    if title and not meeting_news and compiled["event_title"].search(title):
        # 秋季开学工作总结, 推普周活动总结: one event's, whatever years it names (news of a meeting
        # named for its event, 春季开学工作会议, that reviews a year is that year's).
        return None
    multi_year = any(compiled["multi_year"].search(p) for p in paragraphs[:3])
    title_year = bool(title and years_in(title))
    if multi_year and not title_year:
        return None
    # 全年 or a bare year in the title or the opening words, not in any later sentence.
    if any(compiled["period"][-1][1].search(t) for t in texts[: 2 if title else 1]) or any_year:
        return "全年"
    if any(compiled["annual"].search(p) for p in paragraphs[:3]):
        return "全年"
    return "全年" if doc_type in _YEAR_BY_DEFAULT else None


_YEAR_BY_DEFAULT = ("工作总结", "总结及计划", "工作计划", "工作要点")


# --------------------------------------------------------------------------- issuer and level


@lru_cache(maxsize=1)
def _place_components() -> tuple[frozenset[str], int]:
    """Names that may stand in an issuer's place chain (高台县, 张掖市, 肃南县 …)."""
    names: set[str] = set()
    for div in geo.divisions().values():
        names.add(div.name)
        stem = geo.stem(div.name)
        if stem != div.name:
            names.add(stem + div.name[-1])
    return frozenset(names), max(len(n) for n in names)


_BARE_LEVEL = ("自治区", "自治州", "乡镇", "省", "市", "县", "区", "州", "旗", "镇", "乡")


def _chain_before(text: str) -> str:
    """The place chain that ends ``text`` (张掖市高台县, xx县, 市), read right to left."""
    names, longest = _place_components()
    redacted = _compiled()["redacted_place"]
    chain, end = "", len(text)
    while end > 0:
        piece = _component_ending(text[:end], names, longest, redacted)
        if not piece:
            break
        chain, end = piece + chain, end - len(piece)
        if piece in _BARE_LEVEL:
            break  # 市教育局: a bare level word starts the chain
    return chain


def _component_ending(text: str, names: frozenset[str], longest: int, redacted) -> str:
    for size in range(min(longest, len(text)), 1, -1):
        if text[-size:] in names:
            return text[-size:]
    match = redacted.search(text[-8:])
    if match and match.end() == len(text[-8:]):
        return match.group()
    town = _compiled()["town"].search(text[-6:])
    if town:
        return town.group()
    return next((w for w in _BARE_LEVEL if text.endswith(w)), "")


_CJK_CHAR = re.compile(r"[一-龥]")


def _issuer_in(text: str) -> tuple[str, str] | None:
    """(issuer as written, its place chain) for the first bureau name in ``text``."""
    match = _compiled()["suffix"].search(text)
    if not match:
        return None
    before = text[: match.start()]
    chain = _chain_before(before)
    conjunctions = metadata_rules()["region"]["conjunctions"]
    rest = before[: len(before) - len(chain)]
    if chain[:1] in conjunctions and rest and _CJK_CHAR.match(rest[-1]):
        chain = chain[1:]  # 大厅和县教育局: 和 joins two names, the bureau is 县教育局
    if match.group() == "中心学校" and not chain:
        return None  # a school, not a bureau
    return chain + match.group(), chain


def issuer_of(title: str | None, paragraphs: list[str]) -> tuple[str, str] | None:
    """The issuer from the title, else from the signature, the opening or the announcement.

    A title's bare 县教育局 gives way to the body's fuller name for the same bureau
    (互助土族自治县教育局), since both are the issuer's own words.
    """
    from_title = _issuer_in(title) if title else None
    from_body = _body_issuer(paragraphs)
    if from_title is None:
        return from_body
    bare = from_title[1] in ("", *_BARE_LEVEL)
    if (
        bare
        and from_body
        and from_body[0].endswith(from_title[0])
        and from_body[1] not in _BARE_LEVEL
    ):
        return from_body
    return from_title


def _body_issuer(paragraphs: list[str]) -> tuple[str, str] | None:
    for paragraph in reversed(paragraphs[-3:]):
        if _is_signature(paragraph):
            found = _issuer_in(paragraph)
            if found and paragraph.startswith(found[0]):
                return found
    for paragraph in paragraphs[:2]:
        first_sentence = re.split(r"[。；;]", paragraph, maxsplit=1)[0][:120]
        found = _issuer_in(first_sentence)
        if found and not _SUPERIOR_BEFORE.search(first_sentence.split(found[0])[0]):
            return found
    return None


# A bureau named after these is somebody else: the superior or a partner (在市教育局的领导下).
_SUPERIOR_BEFORE = re.compile(r"(?:在|由|经|按照|根据|组织|配合|协助|与|和)$")


def level_of(issuer: tuple[str, str] | None, paragraphs: list[str]) -> str | None:
    """省/市/县/区/乡镇 as the issuer states it, else as the body speaks of itself (我县)."""
    if issuer:
        chain, name = issuer[1], issuer[0]
        for level, pattern in _compiled()["levels"]:
            if chain and pattern.search(chain):
                return level
        for level, pattern in _compiled()["suffix_levels"]:
            if pattern.search(name):
                return level
    return _self_level("\n".join(paragraphs))


def _self_level(body: str) -> str | None:
    scores: dict[str, float] = {}
    for level, pattern, weight in _compiled()["self_level"]:
        scores[level] = scores.get(level, 0) + weight * len(pattern.findall(body))
    ranked = sorted(scores.items(), key=lambda kv: kv[1], reverse=True)
    if not ranked or ranked[0][1] == 0:
        return None
    dominance = metadata_rules()["issuer"]["self_level_dominance"]
    if len(ranked) > 1 and ranked[0][1] < dominance * ranked[1][1]:
        return None
    return ranked[0][0]


# --------------------------------------------------------------------------- region


def _is_signature(paragraph: str) -> bool:
    return len(paragraph) <= _SIGNATURE_MAX and not _SENTENCE_MARK.search(paragraph)


def _mentions(
    title: str | None, paragraphs: list[str], issuer_text: str | None, first: int = 0
) -> list[geo.Mention]:
    """Weighed place names from the title, issuer, opening, signature and the rest."""
    weights = metadata_rules()["region"]
    mentions: list[geo.Mention] = []
    if title:
        mentions += geo.find_mentions(title, weights["weight_title"], True, "title")
    if issuer_text:
        where = _where_written(issuer_text, title, paragraphs, first)
        mentions += geo.find_mentions(issuer_text, weights["weight_signature"], True, where)
    if not paragraphs:
        return mentions
    mentions += geo.find_mentions(paragraphs[0], weights["weight_opening"], where=f"body:{first}")
    tail = _signature_tail(paragraphs)
    middle = [i for i in range(1, len(paragraphs)) if i not in tail]
    # One scan over the joined middle (one automaton pass is much cheaper than one per
    # paragraph); each hit's offset tells its paragraph.
    paragraph_at, text = _joined(paragraphs, middle, first)
    mentions += geo.find_mentions(text, weights["weight_body"], where=paragraph_at)
    for i in tail:
        mentions += geo.find_mentions(paragraphs[i], weights["weight_signature"], True, "signature")
    return mentions


def _signature_tail(paragraphs: list[str]) -> list[int]:
    """The indexes of the signature's paragraphs: of the last three, the short ones."""
    return [i for i in range(max(1, len(paragraphs) - 3), len(paragraphs)) if _is_signature(paragraphs[i])]


def _unsigned(paragraphs: list[str]) -> list[int]:
    """The indexes of the paragraphs before the signature."""
    tail = _signature_tail(paragraphs)
    return [i for i in range(len(paragraphs)) if i not in tail]


def _joined(
    paragraphs: list[str], indexes: list[int], first: int
) -> tuple[Callable[[int], str], str]:
    """The paragraphs at ``indexes`` joined for one scan (up to _SCAN_CHARS), and a function
    naming the paragraph an offset of that text stands in."""
    starts, offset = [], 0
    for i in indexes:
        starts.append(offset)
        offset += len(paragraphs[i]) + 1

    def paragraph_at(position: int) -> str:
        return f"body:{first + indexes[bisect_right(starts, position) - 1]}"

    return paragraph_at, "\n".join(paragraphs[i] for i in indexes)[:_SCAN_CHARS]


def _where_written(text: str, title: str | None, paragraphs: list[str], first: int) -> str:
    """Where the issuer's name stands: the title, a body paragraph or the signature."""
    if title and text in title:
        return "title"
    for index, paragraph in enumerate(paragraphs):
        if text in paragraph:
            tail = index >= len(paragraphs) - 3 and _is_signature(paragraph)
            return "signature" if tail else f"body:{first + index}"
    return "issuer"


def region_of(
    title: str | None,
    paragraphs: list[str],
    issuer: tuple[str, str] | None,
    level: str | None,
    first: int = 0,
    page_lines: Sequence[str] = (),
) -> tuple[geo.Region, dict | None]:
    """The issuer's province, city and county, and the name that set them (with where it
    stood); None where no named place determines them. ``page_lines``: the page around the
    text, whose source line or portal byline names the publisher where the text names no place.

    A redacted name (xx县) determines nothing; a place the text names all the same (a
    document title, a ranking) is the own place left unredacted.
    """
    if title and _compiled()["national_issuer"].search(title):
        return geo.Region(), None  # 教育部关于印发…: a national body's text has no province
    mentions = _mentions(title, paragraphs, issuer[0] if issuer and issuer[1] else None, first)
    place = geo.resolve(mentions, depth=_depth(level, issuer))
    # Where the divisions' names decide nothing: names below a county's (townships, bare
    # county names; their automaton is large, and most texts name their place), then the
    # page's source line. A text that writes its county or towns as xx县, xx镇 hides its
    # place: a township it lets slip (xx镇中心幼儿园、大流乡…) is the poster's oversight.
    if place.province is None and not _hides_its_county(paragraphs):
        if paragraphs:
            local_at, local_text = _joined(paragraphs, _unsigned(paragraphs), first)
            weight = metadata_rules()["region"]["weight_body"]
            mentions += geo.find_local_mentions(local_text, weight, where=local_at)
            place = geo.resolve(mentions, depth=_depth(level, issuer))
        if place.province is None and page_lines:
            mentions += _page_source_mentions(page_lines)
            place = geo.resolve(mentions, depth=_depth(level, issuer))
    return place, _evidence(place, mentions)


def _hides_its_county(paragraphs: list[str]) -> bool:
    redacted = _compiled()["redacted_local"]
    return any(redacted.search(p) for p in paragraphs)


def _page_source_mentions(page_lines: Sequence[str]) -> list[geo.Mention]:
    """Places in the page's source lines and portal bylines (where: "page")."""
    rules = metadata_rules()["region"]
    source = _compiled()["page_source"]
    mentions: list[geo.Mention] = []
    for line in page_lines:
        if len(line) > rules["page_source_max_line"]:
            continue
        for match in source.finditer(line):
            name = match.group(1) or match.group(2)
            mentions += geo.find_mentions(name, rules["weight_signature"], True, "page")
    return mentions


def _evidence(place: geo.Region, mentions: list[geo.Mention]) -> dict | None:
    """The weightiest mention of the most precise unit found (county, else city, else
    province); ties go to the earliest."""
    if place.admin_code is None:
        return None
    code = place.admin_code
    prefix = code[:2] if code.endswith("0000") else code[:4] if code.endswith("00") else code
    backing = [m for m in mentions if any(c.startswith(prefix) for c in m.codes)]
    if not backing:
        return None
    best = max(backing, key=lambda m: m.weight)
    return {"name": best.name, "where": best.where}


def _depth(level: str | None, issuer: tuple[str, str] | None) -> int:
    if level == "省":
        return 0
    if level == "市":
        # 平度市教育局 is a county-level city's bureau: its county is its own place.
        chain = issuer[1] if issuer else ""
        return 2 if chain and _names_county(chain) else 1
    return 2


def _names_county(chain: str) -> bool:
    codes = {m.codes for m in geo.find_mentions(chain, 1.0)}
    return any(geo.divisions()[c].rank == 2 for group in codes for c in group)


# --------------------------------------------------------------------------- entry points


def rounded_placeholder_share(body: str) -> float:
    """The body's placeholder share (cleaning.lexicon's one rule), as stored: 4 decimals."""
    return round(placeholder_share(body), 4)


def _time_of(
    headline: str | None, raw_title: str | None, paragraphs: list[str], doc_type: str, outline: Sequence[str] = ()
) -> tuple[list[int], int | None, str | None, str | None]:
    """Years reported, year planned, period, and what supported the years (a plan part the
    ``outline`` shows is reached, as one in the body is)."""
    if headline and _compiled()["request_notice"].search(headline):
        return [], None, None, None
    span, where = _five_year_span(headline, paragraphs)
    if span:
        return span, None, None, where
    years_title = years_in(headline) if headline else []
    # A body that only plans under a 总结 headline: the headline is the site's, except
    # for what it says of the plan part (…及下半年工作计划).
    retitled = doc_type == "工作计划" and _title_type(headline or "") in ("工作总结", "总结及计划")
    # Only a year the headline reports on speaks for the body's (…总结及2011年工作计划: none).
    roles = _title_roles(headline, doc_type) if headline else ([], None)
    title_reports = bool(roles[0])
    *body_years, placeholder_years = _body_years(paragraphs, title_reports, doc_type in _PLAN_TYPES)
    any_year = bool(years_title or body_years[0] or body_years[1])
    period = period_of(_plan_part(headline) if retitled else headline, paragraphs, any_year, doc_type)
    # A headline's year stands for the text only where the body names none and writes
    # none as a placeholder (a site puts this year on an old xxxx年 template).
    template = _is_template(raw_title or headline or "")
    trust_title = headline and not (retitled or placeholder_years or template)
    title_years = roles if trust_title else ([], None)
    if headline and placeholder_years and doc_type == "总结及计划" and not (retitled or template):
        # A summary's years are hidden, but the plan year its headline names after the summary
        # (…总结及2022年工作计划) is the year it is posted as planning.
        title_years = ([], roles[1])
    shows_plan = bool(_compiled()["plan_heading"].search(_segment_text(paragraphs))) or _outline_plans_a_period(outline)
    reported, planned = _resolve_years(title_years, body_years, doc_type, period, shows_plan)
    if doc_type == "其他" and planned and reported in ([], [planned]):
        if _closes_its_year(headline, paragraphs):
            reported, planned = [planned], None  # an end-of-term or year-end meeting reviews its year
        elif _deploys_its_year(headline, paragraphs, period):
            # A conference deploying its year reviews the one before, where its text names it (the
            # year, or 过去的一年).
            before, text = planned - 1, _arabic("\n".join(paragraphs))
            reported = [before] if f"{before}年" in text or _compiled()["year_before"].search(text) else []
    if doc_type in _PLAN_TYPES and headline and _compiled()["multi_year_title"].search(headline):
        planned = None  # a five-year plan plans no single year
    event = bool(headline and _compiled()["event_title"].search(headline))  # an inspection, a contest …
    if period is None and doc_type == "其他" and not event and len(reported) <= 1 and (reported or planned):
        period = "全年"  # a speech or news item reviewing or deploying a year's work covers the year
    supported_by = _supported_by(years_title, body_years, bool(reported or planned))
    return reported, planned, period, supported_by


def _closes_its_year(headline: str | None, paragraphs: list[str]) -> bool:
    """News of a meeting that closes its year or term (…2015年秋季学期期末工作会议, 年终总结会)."""
    return bool(_compiled()["closing_meeting"].search(" ".join([headline or "", *paragraphs[:1]])))


def _deploys_its_year(headline: str | None, paragraphs: list[str], period: str | None) -> bool:
    """A work conference's text (its headline or opening names one), over no part of a year."""
    named = _compiled()["work_conference"].search(" ".join([headline or "", *paragraphs[:1]]))
    return bool(named) and period in (None, "全年")


def extract_metadata(
    title: str | None,
    body: str,
    published: str | None = None,
    page_lines: Sequence[str] = (),
    outline: Sequence[str] = (),
) -> dict:
    """All metadata fields (see FIELDS) for one document; unknown values are None.
    ``page_lines``: the page's lines around the text (its source line may name its place);
    ``outline``: the text's own headings, where a page shows them above it."""
    del published  # reserved: a page date is no evidence of the period a document covers
    paragraphs = [_unspaced_figures(p.strip()) for p in body.split("\n") if p.strip()]
    clean_title = _unspaced_figures(normalize_title(title)) if title and title.strip() else None
    if clean_title and _is_menu(clean_title):
        clean_title = None  # a site's category menu taken for the headline
    # Without a headline, a title line the body opens with names the document; lines
    # above the document's own title line are the site's lead-in.
    headline = clean_title or _body_headline(paragraphs)
    lead_in = len(paragraphs)
    paragraphs = _after_title_line(paragraphs, headline)
    lead_in -= len(paragraphs)  # evidence counts paragraphs of the whole body
    doc_type = doc_type_of(headline, paragraphs, outline)
    reported, planned, period, supported_by = _time_of(headline, title, paragraphs, doc_type, outline)
    issuer = issuer_of(clean_title, paragraphs)
    level = level_of(issuer, ([clean_title] if clean_title else []) + paragraphs)
    place, place_evidence = region_of(clean_title, paragraphs, issuer, level, lead_in, page_lines)
    return {
        "title": clean_title,
        "title_raw": title,
        "issuer": issuer[0] if issuer else None,
        "level": level,
        "province": place.province,
        "city": place.city,
        "county": place.county,
        "admin_code": place.admin_code,
        "place_evidence": place_evidence,
        "years_reported": reported,
        "year_planned": planned,
        "years_title": years_in(clean_title) if clean_title else [],
        "year_supported_by": supported_by,
        "period": period,
        "doc_type": doc_type,
        "placeholder_share": rounded_placeholder_share(body),
    }


# A PDF's or a converter's space between a figure and its unit (2016 年, 3 月): read as written together.
_FIGURE_SPACE = re.compile(r"(?<=\d)[ \u3000]+(?=[年月日])")


def _unspaced_figures(text: str) -> str:
    return _FIGURE_SPACE.sub("", text) if " " in text or "\u3000" in text else text  # most have none


def compare_metadata(predicted: dict, expected: dict) -> dict[str, bool]:
    """Per field of ``expected``: whether ``predicted`` agrees (lists compared as sets)."""
    result = {}
    for key, want in expected.items():
        got = predicted.get(key)
        if isinstance(want, list) or isinstance(got, list):
            result[key] = set(want or []) == set(got or [])
        else:
            result[key] = got == want
    return result
