"""The document's own headline, and where the page repeats it before the body.

A page shows its headline in many dresses: a line of its own (often printed
twice), the last step of a breadcrumb, a file name (``….docx``, ``…_第1页``),
the document named by a lead-in (《…》由会员分享, 小编整理的…), or glued to the
body's first sentence. Candidates from all of these are gathered from the
page's head; a headline that the page shows more than once wins.

``raw`` keeps what the page gives (范文, 【精选】, (3篇) stay on it); only the
trimmings of the page reader (file extension, page number, breadcrumb, an SEO
bracket, a date stamp, a 第1篇 marker) come off.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

from cleaning.furniture import (
    GAP,
    Line,
    is_furniture_line,
    is_heading,
    is_paragraph_like,
    is_part_heading,
)
from cleaning.lexicon import (
    CJK,
    CUT_MARKS,
    FULL_STOP,
    NOT_WORD,
    SENTENCE_PUNCT_INNER,
    STATEMENT_END,
    bigrams,
    issued_document,
    replace_placeholders,
)
from cleaning.metadata import normalize_title
from cleaning.normalize import remove_pinyin, to_simplified, trigger_offsets
from cleaning.rules import pattern

# The page's head: a headline stands before the body, within its first lines.
HEAD_LINES = 40
# Headlines are short; a longer line is running text. Below five characters (without
# decorations) a "headline" names only a genre: 工作总结, 年度报告, 优秀总结 are categories.
TITLE_MIN, TITLE_MAX = 5, 60
# Two spellings of one headline share most of their character bigrams
# ("县教育体育局重点工作总结" / "2023年县教育局重点工作总结": 9 of 11; "教育局工作总结" is not
# "青禾县教育局工作总结": 6 of 9).
SAME_TITLE = 0.75
# Glued right before the body's first sentence, a title is its own evidence: less alike will do.
SAME_GLUED_TITLE = 0.6


# Cheap test before the breadcrumb pattern: a separator or a "you are here" word.
_MAY_BE_BREADCRUMB = re.compile(r"[>›»→]|&gt;|位置")


@dataclass(frozen=True)
class Headline:
    raw: str
    line: int | None  # the line it stands on, when it has one of its own
    source: str  # line, field, lead_in, breadcrumb, part_heading, glued (see _SOURCE_RANK)


def trim(text: str) -> str:
    """The headline without the page reader's trimmings; decorations stay."""
    text = " ".join(text.split())
    text = _last_breadcrumb_step(text)
    if wrapped := _WRAPPED.fullmatch(text):  # [headline], an SEO habit
        text = wrapped.group(1)
    # "教育局基建办【区教育局基建科2010年工作小结和2011年工作计划】": a tag before the headline in
    # brackets; a short 【精选】 stays a decoration.
    if (bracketed := _BRACKETED_HEADLINE.search(text)) and is_title_like(bracketed.group(1)):
        text = bracketed.group(1)
    # "【市教育局上半年总结和下半年计划】 上半年总结下半年计划": the headline in brackets, then an
    # echo of its words.
    elif (
        (echoed := _ECHOED_HEADLINE.match(text))
        and _in_order(echoed.group(2), echoed.group(1))
        and is_title_like(echoed.group(1))
    ):
        text = echoed.group(1)
    text = _titled_segment(text)
    # "教育局工作计划 教育局工作计划指导思想篇一": the headline, then itself run on into a part.
    first, _, rest = text.partition(" ")
    if rest and len(first) >= TITLE_MIN and rest.startswith(first):
        text = first
    # "【市县】县教育局2013年工作总结 县教育局2013年工作总结": a listing's tag, then the headline
    # twice; the headline is the copy that stands alone.
    elif rest and len(rest) >= TITLE_MIN and first.endswith(rest) and len(first) > len(rest):
        text = rest
    previous = None
    while previous != text:
        previous = text
        for rule in ("title_reader_suffix", "title_promo_suffix", "title_site_suffix", "title_reader_prefix"):
            text = pattern(rule).sub("", text).strip()
    return text


def _titled_segment(text: str) -> str:
    """"工作总结 | 某县教育局2023年工作总结": the segment that is a headline, the longest."""
    if "|" not in text and "｜" not in text:
        return text
    segments = [s.strip() for s in re.split(r"[|｜]", text) if s.strip()]
    if len(segments) == 1:  # "某街道2023年工作总结 |": a table cell's headline
        return segments[0]
    if not segments:
        return text
    titled = [s for s in segments if is_title_like(s)]
    return max(titled, key=len) if titled else text


def _last_breadcrumb_step(text: str) -> str:
    if len(text) > 2 * TITLE_MAX + 40 or not _MAY_BE_BREADCRUMB.search(text):
        return text
    if not pattern("breadcrumb").search(text):
        return text
    step = re.split(r"\s*(?:>|›|»|&gt;|→)\s*", text)[-1]
    return re.split(r"\s+(?:正文|本文)", step)[0]


def is_title_like(text: str) -> bool:
    """Could this (trimmed) text be a document's headline?"""
    bare = normalize_title(text)
    return (
        TITLE_MIN <= len(bare) <= TITLE_MAX
        and bool(pattern("title_words").search(bare))
        and bool(CJK.search(bare))
        and not SENTENCE_PUNCT_INNER.search(bare)
        and not pattern("title_not").search(text)
        and not is_heading(bare)
        and not is_furniture_line(bare)
    )


_WRAPPED = re.compile(r"\[([^\]]{4,})\]")
_ECHOED_HEADLINE = re.compile(r"^【([^【】]{8,})】\s*(\S{2,30})$")
_BRACKETED_HEADLINE = re.compile(r"^[^【】]{1,12}【([^【】]{12,})】$")
_FILE_EXTENSION = re.compile(r"\.(docx?|pdf|txt|wps)\b", re.IGNORECASE)
# A year (2023, 20xx) and its 年: the digit first, so that re jumps to digits.
_YEAR = re.compile(r"\d(?:\d{3}|(?<=2)0[xX×*]{2})\s*(?:年度|年)?")


@lru_cache(maxsize=4096)
def title_key(text: str) -> str:
    """A headline reduced for comparison: no punctuation, spaces, years or file extensions."""
    text = _FILE_EXTENSION.sub("", text)
    text = _YEAR.sub("", normalize_title(text))
    # A redacted name (xx区教育局) is the same headline as the name left off (区教育局).
    return NOT_WORD.sub("", replace_placeholders(text, "")).lower()


def same_title(a: str, b: str, threshold: float = SAME_TITLE) -> bool:
    """Two spellings of one headline: one inside the other, or most bigrams shared."""
    ka, kb = title_key(a), title_key(b)
    if not ka or not kb:
        return False
    shorter, longer = sorted((ka, kb), key=len)
    if len(shorter) >= 4 and shorter in longer and len(shorter) >= 0.8 * len(longer):
        return True
    ga, gb = set(bigrams(ka)), set(bigrams(kb))
    return len(ga & gb) / len(ga | gb) >= threshold if ga and gb else False


def is_title_repeat(line: str, title: str) -> bool:
    """The headline again, possibly retitled (another year) or decorated (范文, .docx)."""
    if len(line) > len(title) + 12:  # checked first: most lines are paragraphs
        return False
    key = title_key(title)
    if not _may_hold(line, _key_core(key)):  # most other lines: no title_key to build
        return False
    line_key = title_key(line)
    if not key or not line_key:
        return False
    if line_key == key:
        return True
    # Decorated (…范文, 【精选】…) or clipped: nearly the whole title, one inside the other.
    shorter, longer = sorted((key, line_key), key=len)
    return len(shorter) >= 8 and shorter in longer and len(shorter) >= 0.8 * len(longer)


@lru_cache(maxsize=64)
def _key_core(key: str) -> frozenset[str]:
    """The Chinese characters of the middle of a title key, which every line key that
    ``is_title_repeat`` accepts holds: the key itself, a key holding it, or a part of it at
    least 0.8 as long, which covers its positions 0.2 to 0.8 (in integers: no rounding)."""
    middle = key[len(key) // 5 : -(-4 * len(key) // 5)]
    return frozenset(CJK.findall(middle))


def _may_hold(line: str, core: frozenset[str]) -> bool:
    """False only when ``title_key(line)`` cannot hold ``core``: after tw2s, title_key only
    cuts characters out (and lower-casing makes no Chinese character), so the text tw2s
    reads must hold them, unless tw2s may change it."""
    text = " ".join(_FILE_EXTENSION.sub("", line).split())  # what normalize_title converts
    return core.issubset(text) or trigger_offsets(text) != []


def _repeats(line: Line, title: str) -> bool:
    # Trimmings (a breadcrumb, _第1页) are short: a much longer line is a paragraph. trim only
    # cuts text out, so a line that cannot hold the title's core is no repeat, trimmed or not.
    return (
        isinstance(line, str)
        and len(line) <= len(title) + 60
        and _may_hold(line, _key_core(title_key(title)))
        and is_title_repeat(trim(line), title)
        and not is_part_heading(line)
    )


def drop_title_repeats(lines: list[Line], title: str | None) -> list[Line]:
    """Replace the lines that repeat the headline by a GAP (the page's header ends there); a
    line gluing the headline to the text's first outline heading leaves that heading."""
    if not title or not title_key(title):
        return lines
    out: list[Line] = []
    for line in lines:
        if _repeats(line, title):
            out.append(GAP)
        elif isinstance(line, str) and line.startswith(title) and is_heading(line[len(title) :]):
            out += [GAP, line[len(title) :]]  # 岗位职责一、岗位概述: the headline, then the text's first heading
        else:
            out.append(line)
    return out


# A page may open with the document's outline (一、… (一)… 1.…) before its title line: that many
# headings in a row, with no text between, are a table of contents, never the document.
MIN_CONTENTS = 8
_CONTENTS_HEADING_MAX = 40


# A labelled table of contents (目录, 目录/提纲:……) runs until the outline starts over.
_CONTENTS_LABEL = re.compile(r"^\W{0,2}目\s*录(?:\s*[/／]?\s*提纲)?\s*[:：]?\s*[.…·。]*$")
_CONTENTS_ENTRY_MAX = 60
_ENTRY_NUMBER = re.compile(r"^\s*\d{0,2}[.．、]\s*")


def drop_contents_before_title(lines: list[str]) -> tuple[list[str], list[str]]:
    """The lines without a table of contents, and the contents: one under a 目录 label, up to
    where its first entry starts the text, or an outline that stands right above the document's
    title line. The contents are the document's own headings (a plan part the preview never
    reaches shows there), so they are handed on, not thrown away."""
    lines = _split_inline_contents(lines)
    labelled = _drop_labelled_contents(lines)
    if labelled is not None:
        return labelled
    run = 0
    for i, line in enumerate(lines[: HEAD_LINES * 3]):
        if is_heading(line) and len(line) <= _CONTENTS_HEADING_MAX and not is_paragraph_like(line):
            run += 1
            continue
        if run >= MIN_CONTENTS and is_title_like(trim(line)):
            start = i - run
            if start > 0 and normalize_title(lines[start - 1]) in ("目录", "目 录"):
                start -= 1
            return lines[:start] + lines[i:], lines[i - run : i]
        run = 0
    return lines, []


# A table of contents run into one line (a PDF's text layer): 目录 1. <title> 2 2.<title> 10 …,
# each entry numbered in turn and ending in its page number, then the first entry's text.
_INLINE_CONTENTS_LABEL = re.compile(r"目\s*录\s*[:：]?\s*(?=1\s*[.、．])")
_INLINE_CONTENTS_ENTRY = re.compile(
    rf"\s*(\d{{1,2}})\s*[.、．]\s*([^。！？!?]{{4,{_CONTENTS_ENTRY_MAX}}}?)\s*\d{{1,3}}(?=\s|$|\d{{1,2}}\s*[.、．])"
)
_MIN_INLINE_ENTRIES = 2


def _split_inline_contents(lines: list[str]) -> list[str]:
    """A line holding an inline table of contents, cut into what stood before it and the
    text its first entry starts; the contents themselves dropped."""
    out = []
    for i, line in enumerate(lines):
        label = _INLINE_CONTENTS_LABEL.search(line) if i < HEAD_LINES * 3 and "录" in line else None
        first = _first_text(line, label.end()) if label else None
        if label is None or first is None:
            out.append(line)
            continue
        out += [part.strip() for part in (line[: label.start()], *first) if part.strip()]
    return out


def _first_text(line: str, start: int) -> tuple[str, str] | None:
    """The first entry's title and its text, where the line starts over with that title past
    the entries from ``start``."""
    first, count, at = None, 0, start
    while (entry := _INLINE_CONTENTS_ENTRY.match(line, at)) and int(entry.group(1)) == count + 1:
        first = first or entry.group(2).strip()
        count, at = count + 1, entry.end()
    if count < _MIN_INLINE_ENTRIES or first is None:
        return None
    rest = line[at:].lstrip()
    if not rest.startswith(first):
        return None
    return first, rest[len(first) :]


def _drop_labelled_contents(lines: list[str]) -> tuple[list[str], list[str]] | None:
    for i, line in enumerate(lines[: HEAD_LINES * 3]):
        if not _CONTENTS_LABEL.match(line) or i + 1 >= len(lines):
            continue
        first = _ENTRY_NUMBER.sub("", lines[i + 1])  # the first entry, its number lost or not (.X, 1.X)
        for j in range(i + 2, len(lines)):
            if lines[j] == first or (lines[j].startswith(first) and is_paragraph_like(lines[j])):
                return lines[:i] + lines[j:], lines[i + 1 : j]
            if len(lines[j]) > _CONTENTS_ENTRY_MAX or "。" in lines[j]:
                break  # running text before the outline starts over: no table of contents
        return None
    return None


# A notice's headline set over several lines: its issuer, then 关于…, a book title 《 closed on
# the next line. Joined only where the whole reads as a headline.
_OPEN_QUOTE = re.compile(r"《[^》]*$")
# A document word, then the word joining it to the next part (总结及, 总结和, 要点暨).
_JOINT_END = re.compile(r"(?:总结|计划|要点|汇报|报告|工作|情况)(?:及|和|与|暨|以及|并)$")
# The issuer line of a headline set over two lines; joint issuers a space or a 、 apart (中共某省委高校工委
# 某省教育厅), then 关于…, the document's quoted name or the year it is for (2020年工作要点).
_ISSUER_LINE = re.compile(r"^(?:[\u4e00-\u9fff]{2,30}(?:局|委员会|政府|厅|办公室|工委)[\s、]*)+$")
_ISSUED_PART = re.compile(r"^(?:关于|《|(?:19|20)\d{2}\s*年)")
# A plan's span of years set on the line under its headline: "(2021—2025年)".
_YEARS_LINE = re.compile(r"^[(（]\s*(?:19|20)\d{2}\s*年?\s*(?:[-—–~～至到]+\s*(?:19|20)\d{2}\s*年?)?\s*[)）]$")


def join_broken_headline(lines: list[str]) -> list[str]:
    """The first lines with a headline broken over two or three lines put back on one."""
    out = list(lines)
    # The 关于 line whole first, then its issuer; a headline cut after its joint (…工作总结及 /
    # 下半年工作计划) anywhere.
    joiners = (_closes_quote, _issuer_before, _ends_on_joint, _wrapped_before_its_end, _years_under, _about_before_its_end)
    for joins in joiners:
        i, end = 0, min(len(out), HEAD_LINES)
        while i + 1 < end:
            line, following = out[i], out[i + 1]
            # Judged as the headline finder reads it: Simplified, without pinyin annotations.
            if joins(line, following) and is_title_like(to_simplified(remove_pinyin(line + following))):
                out[i : i + 2] = [line + following]
                end = min(len(out), HEAD_LINES)
            else:
                i += 1
    return out


def _closes_quote(line: str, following: str) -> bool:
    return bool(_OPEN_QUOTE.search(line))


def _ends_on_joint(line: str, following: str) -> bool:
    return bool(_JOINT_END.search(line))


def _wrapped_before_its_end(line: str, following: str) -> bool:
    """"某市教育局2022年度政府信息公开 / 工作年度报告", "…法治政府建设 / 年度报告": a long start
    that names no document, wrapped before the words that end the headline (工作…, 年度…, or
    too few to be a headline of their own)."""
    if len(line) < 2 * TITLE_MIN or SENTENCE_PUNCT_INNER.search(line):  # most lines: sentences
        return False
    end = remove_pinyin(following)
    return (
        len(end) <= _WRAPPED_END_MAX
        and (end.startswith(("工作", "年度")) or len(end) < TITLE_MIN)
        and not is_title_like(trim(line))
    )


_WRAPPED_END_MAX = 12


def _years_under(line: str, following: str) -> bool:
    return bool(_YEARS_LINE.match(following))


# A notice's headline wrapped before its end (关于征求《某某规划》 / 修改意见的通知; 某市人民政府办公室关于印发
# / 某某规划的通知): a 关于 line naming no document, then a short line ending on the document's name.
_ABOUT = re.compile(r"关于")
_NOTICE_END = re.compile(r"^[^。，,；;:：!！?？]{1,30}的(?:通知|意见|决定|报告|请示|函|批复|通报|办法|方案)$")


def _about_before_its_end(line: str, following: str) -> bool:
    return bool(_ABOUT.search(line)) and not _DOCUMENT_END.search(line) and bool(_NOTICE_END.match(following))


_DOCUMENT_END = re.compile(r"(?:通知|意见|决定|报告|请示|函|批复|通报|办法|方案|总结|计划|要点|汇报)$")


def _issuer_before(line: str, following: str) -> bool:
    return bool(_ISSUER_LINE.match(line)) and bool(_ISSUED_PART.match(following))


# ---------------------------------------------------------------- finding it


# Which candidates are trusted first, when none is shown more often than another.
_SOURCE_RANK = {"line": 0, "field": 1, "lead_in": 1, "breadcrumb": 2, "part_heading": 2, "glued": 3}


def find_headline(lines: list[str]) -> Headline | None:
    """The headline among the page's first lines (Simplified, stripped).

    A headline the page shows more than once (a line, then glued to the body;
    a breadcrumb's last step, then a line) wins; a compilation's headline wins
    over its first text's, which it names. Then own lines before lead-ins,
    breadcrumbs and glued starts, and the first before the later.
    """
    candidates = list(_candidates(lines[:HEAD_LINES]))
    if not candidates:
        return None
    keys = [title_key(c.raw) for c in candidates]

    def shown(i: int) -> int:
        # A compilation's headline line names its first text: it is shown where that is.
        names = candidates[i].source == "line"
        return sum(
            same_title(candidates[i].raw, other.raw) or (names and len(k) >= 4 and k in keys[i])
            for other, k in zip(candidates, keys, strict=True)
        )

    def rank(i: int) -> tuple:
        c = candidates[i]
        # Of one title's spellings the first shown is the page's: a later one decorated is the
        # article's subtitle under it (but see _counted_spelling and _own_spelling_under).
        return (shown(i) < 2, _SOURCE_RANK[c.source], c.line if c.line is not None else 99, i)

    best = candidates[min(range(len(candidates)), key=rank)]
    notice = _covering_notice(best, candidates)
    if notice:
        return notice
    return _own_spelling_under(best, candidates, lines) or _counted_spelling(best, candidates) or best


def _covering_notice(best: Headline, candidates: list[Headline]) -> Headline | None:
    """The headline of a covering notice (…关于印发/转发X的通知) that issues the document ``best``
    names, or ``best`` itself when it is one: the page's document starts with the notice, the
    issued document's own headline under it being the notice's text."""
    if issued_document(best.raw):
        return best
    key = title_key(best.raw)
    if len(key) < 4:
        return None
    for c in candidates:
        issued = issued_document(c.raw) if c.source == "line" else None
        if issued and (key in title_key(c.raw) or _mostly_in(issued, best.raw)):
            return c
    return None


def _mostly_in(name: str, title: str) -> bool:
    """Most of ``name``'s character pairs stand in ``title`` (2018学年教育工作意见 in
    二〇一八学年海珠区教育工作意见: its year written out, its district added)."""
    pairs, others = set(bigrams(title_key(name))), set(bigrams(title_key(title)))
    return len(pairs) >= 3 and len(pairs & others) >= NAMED_SHARE * len(pairs)


NAMED_SHARE = 0.8


def _counted_spelling(best: Headline, candidates: list[Headline]) -> Headline | None:
    """A compilation's headline counting its texts (乱收费自查报告15篇(实用)) over the bare spelling
    a site shows above it (乱收费自查报告): the page's headline names the page, as realdev's and
    seven held-out labellers' do."""
    bare = title_key(best.raw)
    if _COUNTED.search(best.raw) or len(bare) < 4:
        return None
    return next((c for c in candidates if c.source == "line" and _COUNTED.search(c.raw) and bare in title_key(c.raw)), None)


_COUNTED = re.compile(r"(?<!第)(?:\d{1,2}\s*|[一二三四五六七八九十]{1,2}|多)篇")


# A compilation's words (…(通用6篇), …汇编) and a site's words for a model text (…范文).
_COMPILATION_WORDS = "篇|合集|汇编|大全"
_MODEL_TEXT_WORDS = "范文|范本|范例"
_COMPILATION = re.compile(_COMPILATION_WORDS)
# A headline spelled as a site lists a text: those words, its praise (精选, 推荐, 模板), or a
# compilation's number for one of its parts (…情况汇报优秀1).
_SITE_SPELLING = re.compile(rf"{_COMPILATION_WORDS}|{_MODEL_TEXT_WORDS}|精选|推荐|模板|模版|[\u4e00-\u9fff]\d{{1,2}}$")


def _own_spelling_under(best: Headline, candidates: list[Headline], lines: list[str]) -> Headline | None:
    """The document's own spelling of the headline, on the last headline line (the one the body
    starts under), where the site's spelling above it words it otherwise (区教育局关于2021年工作总结
    over 区教育局2021年工作总结); neither a site's listing of the text."""
    if best.source != "line" or _COMPILATION.search(best.raw):
        return None  # a compilation's headline names the page, over its first text's own
    last = next((c for c in reversed(candidates) if c.source == "line"), best)
    if (
        last.line > best.line
        and (title_key(last.raw) != title_key(best.raw) or _decorated(best.raw) or _lists_one_text(best.raw, lines))
        and same_title(last.raw, best.raw)
        and not _SITE_SPELLING.search(last.raw)
        and not _decorated(last.raw)
    ):
        return last
    return None


def _decorated(title: str) -> bool:
    """A site's decoration on the headline: (范文推荐), 【工作报告】, 【精选推荐】."""
    return bool(pattern("title_decoration").search(title))


def _lists_one_text(title: str, lines: list[str]) -> bool:
    """A site's listing of the page's one text (…工作总结范文); on a page whose texts are
    numbered (篇1, …报告1) it names the compilation."""
    return bool(_LISTING_END.search(title)) and not any(map(is_part_heading, lines))


_LISTING_END = re.compile(rf"(?:{_MODEL_TEXT_WORDS})$")


def _candidates(lines: list[str]):
    for i, line in enumerate(lines):
        if _body_begins(line):
            yield from _glued_candidate(line)
            yield from _issued_below(i, line, lines)
            return
        yield from _line_candidates(i, line, lines)


def _issued_below(i: int, line: str, lines: list[str]):
    """A covering notice opens the page (《X》已经…审议通过,现印发给你们): the headline of the
    document X it issues, where X stands as a line below it."""
    for named in _NAMED_DOCUMENT.findall(line):
        if not is_title_like(named):
            continue
        for j in range(i + 1, len(lines)):
            if is_title_like(trim(lines[j])) and same_title(trim(lines[j]), named):
                yield Headline(trim(lines[j]), j, "line")
                return


_NAMED_DOCUMENT = re.compile(r"《([^《》]{4,80})》")


def _body_begins(line: str) -> bool:
    return (
        is_paragraph_like(line)
        and len(line) > TITLE_MAX
        and not is_furniture_line(line)
        and not pattern("title_in_lead_in").search(line)
    )


def _line_candidates(i: int, line: str, lines: list[str]):
    trimmed = trim(line)
    if trimmed.startswith("——"):  # a subtitle: the headline stands just above it
        yield from _above_subtitle(i, lines)
        return
    if pattern("subtitle_fragment").search(trimmed):
        return
    if match := pattern("part_heading_title").match(trimmed):
        named = trim(match.group(1))
        if is_title_like(named):
            yield Headline(named, None, "part_heading")
    elif _LETTER_SPACED.match(trimmed) and is_title_like("".join(trimmed.split())):
        yield Headline(trimmed, i, "line")  # 政 府 工 作 报 告: set letter-spaced, as a title page does
    elif is_title_like(trimmed) and not _glued_to_outline(trimmed) and not pattern("title_in_field").match(trimmed):
        source = "breadcrumb" if pattern("breadcrumb").search(line) else "line"
        yield Headline(trimmed, i if source == "line" else None, source)
    elif len(trimmed) >= 2 * TITLE_MIN and _heads_news(i, trimmed, lines) and not is_furniture_line(trimmed):
        yield Headline(trimmed, i, "line")  # a news headline needs no document word
    for rule, source in (("title_in_lead_in", "lead_in"), ("title_in_field", "field")):
        for match in pattern(rule).finditer(line):
            named = _AFTER_COUNT.sub(r"\1", trim(next(group for group in match.groups() if group)))
            if is_title_like(named):
                yield Headline(named, None, source)
    yield from _glued_candidate(line)


# A lead-in naming a compilation by its count, then another text's title the site appended
# (…工作思路2篇 市教育局2022年发展党员工作总结): the headline ends at the count.
_AFTER_COUNT = re.compile(r"(\d{1,2}\s*篇[)）]?)\s+\S.*$")
# A headline set letter-spaced, one character at a time (政 府 工 作 报 告).
_LETTER_SPACED = re.compile(r"^(?:[\u4e00-\u9fff]\s+){3,}[\u4e00-\u9fff]$")


def _above_date_line(i: int, lines: list[str]) -> bool:
    """The line stands right above the page's 时间/来源 line or posting time, where a headline stands."""
    if i + 1 >= len(lines) or len(lines[i + 1]) > 2 * TITLE_MAX:
        return False
    return bool(pattern("date_line").search(lines[i + 1]) or _TIME_STAMP.search(lines[i + 1]))


# A posting time to the minute (网上收集 2015/12/21 14:18:06): the line under a news headline.
_TIME_STAMP = re.compile(r"\d{4}[-/.]\d{1,2}[-/.]\d{1,2}\s+\d{1,2}:\d{2}")
_FULL_DATE = re.compile(r"\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}")


def _heads_news(i: int, line: str, lines: list[str]) -> bool:
    """A news headline: right above the page's 时间 line, or above the item's dateline (本报讯 …)
    or a subtitle over it; where it stands says what it is, so it may open as a sentence does
    (今年我市…)."""
    if _above_date_line(i, lines):
        # 生成日期: 2024-01-08 over 发布日期: …: a disclosure table's rows, not a headline. A news
        # headline may hold a comma (“起步即冲刺”牛年第一个工作日,市教育局召开…会议), not a full stop.
        return (
            TITLE_MIN <= len(line) <= TITLE_MAX
            and not FULL_STOP.search(line)
            and not pattern("title_not").search(line)
            and not _FULL_DATE.search(line)
        )
    for j in (i + 1, i + 2):
        if j < len(lines) and pattern("news_dateline").match(lines[j]):
            return all(_is_unpunctuated(lines[k]) for k in range(i, j))
    return False


def _is_unpunctuated(line: str) -> bool:
    """A headline's length, with no sentence punctuation and no navigation mark (汉寿教育信息网 |>)."""
    return TITLE_MIN <= len(line) <= TITLE_MAX and not SENTENCE_PUNCT_INNER.search(line) and not _NAV_MARK.search(line)


_NAV_MARK = re.compile(r"[|｜>›»]|&gt;")


def _glued_to_outline(line: str) -> bool:
    """"…的工作职责一、角色定位与概述": a headline glued to the text's first outline heading
    is the headline, not the whole line."""
    end = glued_title_end(line)
    return bool(end) and is_heading(line[end:])


def _above_subtitle(i: int, lines: list[str]):
    """"深化改革 突破创新 …" over "——在…会议上的报告": the headline needs no document word."""
    for j in range(i - 1, max(i - 4, -1), -1):
        above = lines[j]
        if _is_plain_headline(above) and not is_furniture_line(above):
            yield Headline(trim(above), j, "line")
            return


def _is_plain_headline(line: str) -> bool:
    return (
        TITLE_MIN <= len(line) <= TITLE_MAX
        and not SENTENCE_PUNCT_INNER.search(line)
        and not pattern("title_not").search(line)
    )


def _glued_candidate(line: str):
    end = glued_title_end(line)
    if end:
        yield Headline(trim(line[lead_length(line) : end]), None, "glued")
    elif (framed := _FRAMED_HEAD.match(line, lead_length(line))) and is_title_like(framed.group(1)):
        yield Headline(framed.group(1).strip(), None, "glued")


# A headline in 【】 run into the first sentence: 【2020年小学秋季学校工作计划范文】我校…
_FRAMED_HEAD = re.compile(r"【([^】]{4,60})】(?=\S{10})")


def glued_title_end(line: str) -> int:
    """Where a headline glued before the body's first sentence ends (0 when none).

    The headline is the shortest start of the line that ends on a document
    word (总结, 计划, 要点 …, with its decorations) and holds no sentence
    punctuation, where what follows does not carry the headline on (暨, 和下半年…).
    """
    start = lead_length(line)
    for match in pattern("title_end").finditer(line, start, start + TITLE_MAX + 8):
        head, rest = line[start : match.end()], line[match.end() :]
        if SENTENCE_PUNCT_INNER.search(head) or _UNTITLED.search(head):
            break  # past the first sentence: a news headline before its item's date, if any
        if len(rest) > 10 and not pattern("title_goes_on").match(rest) and is_title_like(head):
            return match.end()
    return _news_headline_end(line, start)


def _news_headline_end(line: str, start: int) -> int:
    """Where a news headline run into its item ends: before the space and the item's date or
    dateline (…召开2015年秋季学期期末工作会议 1月25日,…); 0 when none."""
    lead = pattern("glued_news_lead").search(line, start + TITLE_MIN, start + TITLE_MAX + 1)
    if lead is None:
        return 0
    head = line[start : lead.start()]
    return lead.start() if _is_plain_headline(head) and pattern("title_words").search(head) else 0


# A glued headline holds no list comma and no bracket it does not close.
_UNTITLED = re.compile(r"、|《[^》]*$|“[^”]*$|[(（][^)）]*$|【[^】]*$")


# ---------------------------------------------------------------- the body's first line


def lead_length(line: str) -> int:
    """How much of the line's start is reader debris glued before the text (see ``glued_lead``)."""
    end = 0
    while match := pattern("glued_lead").match(line[end:]):
        if not match.group():
            break
        end += match.end()
    return end


def unglue(line: str, title: str | None) -> str:
    """Cut what a preview glued before the body's first sentence.

    "1、.docx市教育局2024年工作计划市教育局2024年工作计划一、工作思路…" → "一、工作思路…":
    reader chunk numbers, file names, page-marker chains, labels (文档简介), part
    markers (【篇一】), template blanks, and the headline, once or several times,
    spelled as the page's headline or as the document's own title.
    """
    previous = None
    while previous != line:
        previous = line
        line = line[lead_length(line) :]
        if title:
            line = _cut_title(line, title)
    return line


def _cut_title(line: str, title: str) -> str:
    for prefix in _spellings(title):
        end = _prefix_end(line, prefix)
        if end and len(line) - end > 10:
            return line[end:].lstrip()
    end = glued_title_end(line)
    if end and _names_it(line[lead_length(line) : end], title):
        return line[end:].lstrip()
    framed = _FRAMED_HEAD.match(line)
    if framed and _names_it(framed.group(1), title):
        return line[framed.end() :].lstrip()
    return line


def _names_it(head: str, title: str) -> bool:
    """The headline, or the part of it a compilation's first text is called by."""
    key, title_keyed = title_key(head), title_key(title)
    if same_title(head, title, SAME_GLUED_TITLE) or (len(key) >= 5 and key in title_keyed):
        return True
    # The document's own title spells out what the page's headline shortens (中共XX市委教育工委
    # XX市教育局…总结 under 教育工委教育局…总结): the headline's words in order, the same ending.
    return len(title_keyed) >= 6 and key[-2:] == title_keyed[-2:] and _in_order(title_keyed, key)


def _in_order(short: str, long: str) -> bool:
    """Every character of ``short`` occurs in ``long``, in the same order."""
    chars = iter(long)
    return all(char in chars for char in short)


@lru_cache(maxsize=256)
def _spellings(title: str) -> tuple[str, ...]:
    bare = normalize_title(title)
    return tuple(sorted({title, bare, trim(title)}, key=len, reverse=True))


def _prefix_end(line: str, prefix: str) -> int:
    """Where ``prefix`` ends in ``line`` when the line starts with it, spaces ignored (0 if not)."""
    want = "".join(prefix.split())
    if not want:
        return 0
    got = 0
    for i, ch in enumerate(line):
        if ch.isspace():
            continue
        if ch != want[got]:
            return 0
        got += 1
        if got == len(want):
            return i + 1
    return 0


# A blurb that copies the opening is cut short: what it holds, the body holds in full,
# a few lines further down (after a date line, a label, the headline again).
MIN_COPY = 20
COPY_REACH = 5
# A line starting over repeats at least its first this many characters.
RESTART_KEY = 20


def drop_opening_copies(lines: list[str], title: str | None) -> list[str]:
    """Drop a 摘要 blurb that is the body's opening cut short ("…紧紧围绕“大干教育,").

    Lines compare without the headline glued before them, punctuation and spaces.
    """
    plain = [NOT_WORD.sub("", line) for line in lines[: HEAD_LINES + COPY_REACH]]
    # The plain lines joined (a line break is no word character: no plain line holds one),
    # with where each starts, so that one find looks through the next COPY_REACH lines.
    joined, starts = "\n".join(plain), [0]
    for text in plain:
        starts.append(starts[-1] + len(text) + 1)

    @cache
    def key(i: int) -> str:
        # A blurb that starts over (…部署……2018年全省…) is judged by its last start.
        return NOT_WORD.sub("", drop_restart(unglue(lines[i], title)))

    def is_copy(i: int) -> bool:
        # Cheap first: the line's end must stand again in a later line.
        last = min(i + 1 + COPY_REACH, len(plain))
        if len(plain[i]) < MIN_COPY or joined.find(plain[i][-12:-2], starts[i + 1], starts[last]) < 0:
            return False
        later = [key(j) for j in range(i + 1, last)]
        if later and later[0] == key(i):  # the opening printed twice in a row
            return True
        return _copied_later(key(i), later) and (
            _looks_like_a_blurb(lines[i], key(i)) or _stopped_where_copy_runs_on(lines[i], lines[i + 1 : last])
        )

    return [
        line for i, line in enumerate(lines) if not (i < HEAD_LINES and (is_copy(i) or _labelled_copy(lines, i)))
    ]


# A blurb under its label (【摘要】:, 内容提要:) that the text prints again further down.
_BLURB_LABEL = re.compile(r"^\W{0,3}(?:摘\s*要|内容摘要|内容提要|核心提示|概述|导读|简介|文章简介)\s*[】\]]?\s*[:：]?\s*")
_BLURB_KEY = 12


def _labelled_copy(lines: list[str], i: int) -> bool:
    """A labelled blurb whose opening words stand again in a later line, however far down."""
    label = _BLURB_LABEL.match(lines[i])
    if not label:
        return False
    start = NOT_WORD.sub("", lines[i][label.end() :])[:_BLURB_KEY]
    return len(start) == _BLURB_KEY and any(start in NOT_WORD.sub("", line) for line in lines[i + 1 :])


def _looks_like_a_blurb(line: str, key: str) -> bool:
    """Cut off mid-sentence (or with an ellipsis), or the headline glued before it: how sites
    print a 摘要."""
    return not line.endswith(STATEMENT_END) or line.endswith(CUT_MARKS) or len(NOT_WORD.sub("", line)) > len(key)


# Characters before a blurb's added full stop that find the place in the text it copies.
_STOP_CONTEXT = 8


def _stopped_where_copy_runs_on(line: str, later: list[str]) -> bool:
    """A blurb cut mid-sentence with a full stop put on (…贯彻落实党的二十大、二十届。) where the text
    it copies runs on (…二十届三中全会精神…)."""
    before = line.rstrip("".join(STATEMENT_END))[-_STOP_CONTEXT:]
    if len(before) < _STOP_CONTEXT or before == line[-_STOP_CONTEXT:]:
        return False
    for other in later:
        at = other.find(before)
        if at >= 0:
            after = other[at + len(before) : at + len(before) + 1]
            return bool(after) and after not in STATEMENT_END and after not in ",，、"
    return False


def drop_restart(line: str) -> str:
    """A line that starts over ("<opening…>发<headline>本文内容:<opening…>") keeps its last start.

    A paragraph never repeats its own first words verbatim; a blurb glued
    before the text it copies does.
    """
    head = line[:RESTART_KEY]
    if len(head) < RESTART_KEY:
        return line
    again = line.rfind(head, RESTART_KEY)
    return line[again:] if again > 0 else line


def _copied_later(key: str, later: list[str]) -> bool:
    """A later line (or two later lines read on) starts with the whole of ``key``."""
    if len(key) < MIN_COPY - 2:
        return False
    stem = key[:-2]  # a blurb may end on a cut character
    # A blurb may run past the opening paragraph into the next one.
    runs = later + [a + b for a, b in zip(later, later[1:], strict=False)]
    return any(len(other) > len(key) and other.startswith(stem) for other in runs)
