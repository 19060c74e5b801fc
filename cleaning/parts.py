"""Compilations: a page that holds several texts (…汇编(7篇), 篇一/【篇二】, 第2篇 …).

The body's lines are cut at part headings into one section per text, each
with the title its heading gives. Lines before the first heading are a text
of their own only when they hold running text; a table of contents or an
introduction (short unpunctuated lines) is not one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from cleaning.furniture import is_paragraph_like, is_part_heading
from cleaning.headline import is_title_like, trim
from cleaning.rules import pattern

# A part marker glued inside a line ("…工作总结二篇【篇一】一、…"): bracketed, so never a word.
_INLINE_MARKER = re.compile(
    r"(【\s*(?:篇\s*[一二三四五六七八九十\d]{1,3}|第\s*[一二三四五六七八九十\d]{1,3}\s*篇)\s*】)"
)
# A part heading run on into its text: "小学校长述职报告 篇1尊敬的各位领导", split after the number;
# a year the text opens with is not the number's ("…总结 篇120xx年是…": 篇1, then 20xx年).
_GLUED_HEADING = re.compile(
    r"^([^，。,；;！!？?]{4,60}?(?:总结|计划|报告|要点|汇报|述职|思路|打算)\s*篇\s*"
    r"(?:\d{1,2}(?=(?:19|20)(?:\d{2}|[xX×*]{2})\s*年)|[一二三四五六七八九十\d]{1,3}(?=[^\s\d一二三四五六七八九十篇】\]])))"
)
# Lines before the first heading make a text of their own only with this much running text.
MIN_LEADING_TEXT = 100


@dataclass
class Section:
    heading: str | None  # the part heading line as the page gives it
    title: str | None  # the part's own title, when its heading names one
    lines: list[str]


def split_sections(lines: list[str]) -> list[Section]:
    """One section per text; a page with no part headings is one section."""
    lines = [piece for line in lines for piece in _pieces(line)]
    sections = [Section(None, None, [])]
    for line in lines:
        current = sections[-1]
        if is_part_heading(line):
            sections.append(Section(line, part_title(line), []))
        elif current.heading is not None and current.title is None and not current.lines and _reads_as_title(line):
            current.title = trim(line)  # the line right under a bare marker: 【第1篇】 / 教育局2023年工作总结
        else:
            current.lines.append(line)
    leading = sections[0]
    if len(sections) > 1 and (_opens_first_part(sections[1].heading) or not _is_text(leading.lines)):
        sections = sections[1:]  # a table of contents or an introduction
    return [s for s in sections if s.lines or s.heading is None]


# A bare marker's title line is a headline's length, never a paragraph's.
_TITLE_LINE_MAX = 60


def _reads_as_title(line: str) -> bool:
    """A line that could be a part's own title: a headline's length, no paragraph, title-like."""
    return len(line) <= _TITLE_LINE_MAX and not is_paragraph_like(line) and is_title_like(trim(line))


def _pieces(line: str) -> list[str]:
    """The line cut at the part markers glued inside it (both kinds hold 篇)."""
    if "篇" not in line:  # most lines
        return [line.strip()] if line.strip() else []
    parts = (g for p in _INLINE_MARKER.split(line) for g in _GLUED_HEADING.split(p.strip(), maxsplit=1))
    return [p.strip() for p in parts if p.strip()]


def part_title(heading: str) -> str | None:
    """"教育局工作总结篇一" → "教育局工作总结"; a bare 【篇二】 names nothing."""
    match = pattern("part_heading_title").match(trim(heading))
    named = trim(match.group(1)) if match else None
    if named is None:
        match = pattern("part_marker_title").match(heading)
        named = trim(match.group(1)) if match else None
    return named if named and is_title_like(named) else None


_PART_NUMBER = re.compile(r"(?:篇|第)\s*([一1])(?![\d十一二三四五六七八九])")


def _opens_first_part(heading: str | None) -> bool:
    """篇一 / 第1篇: what stands before the first part is the page's introduction, however long
    (a 篇二 first would mean the page left the first text's marker out)."""
    return bool(heading and _PART_NUMBER.search(heading))


def _is_text(lines: list[str]) -> bool:
    return sum(len(line) for line in lines if is_paragraph_like(line)) >= MIN_LEADING_TEXT
