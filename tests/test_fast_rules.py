"""Rules written for speed (first character first, lookbehinds after it) still read as meant."""

from __future__ import annotations

import re
import sys

import pytest

from cleaning.lexicon import placeholder_spans
from cleaning.metadata import _compiled, _segments_of
from cleaning.normalize import BLANKS, normalize_lines
from cleaning.pipeline import page_is_truncated
from cleaning.rules import gate_of, pattern


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("还剩 3 页未读,继续阅读", True),
        ("剩余12页", True),
        ("已阅读5页,还剩3页未读", True),
        ("5\u3000页未读", True),
        ("页未读", False),  # no page count before it
        ("免费预览 2 页", True),
        ("免费预览页", False),
        ("试读结束,请下载", True),
        ("余下全文", True),
        ("阅读全文 展开全文", False),
        ("第1页 共3页", False),
    ],
)
def test_truncated(text: str, found: bool) -> None:
    assert bool(pattern("truncated").search(text)) is found
    assert page_is_truncated(text) is found  # the literal test first: the same answer


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("弓I领教育发展", True),
        ("I领", False),  # nothing before the I
        ("建设1()所学校", True),
        ("2.()版本", True),
        ("()3所", True),
        ("()所", False),
        ("规划(20212025)", True),
        ("编号120212025", False),  # part of a longer number
        ("2021-2025年", False),
        ("教育2O23", False),
    ],
)
def test_ocr_debris(text: str, found: bool) -> None:
    assert bool(pattern("ocr_debris").search(text)) is found


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("教育?发展", True),
        ("教育??发展", True),
        ("??教育局", True),  # the text opens with the lost pair
        ("?教育局", False),
        ("是否完成?", False),
        ("第一\n??教育", False),  # ?? opening a later line: only the text's start counts
        ("完成\ufffd", True),
    ],
)
def test_lost_characters(text: str, found: bool) -> None:
    assert bool(pattern("lost_characters").search(text)) is found


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("xxxx年,我局", True),
        ("20__年工作计划", True),
        ("20××年", True),
        ("某年某月", True),
        ("2023x年", False),  # after a digit
        ("年x年", False),  # after 年
        ("xx年级", False),
        ("○○年", True),
    ],
)
def test_placeholder_year(text: str, found: bool) -> None:
    assert bool(_compiled()["placeholder_year"].search(text)) is found


@pytest.mark.parametrize(
    ("text", "spans"),
    [
        ("xx县**市", [(0, 2), (3, 5)]),
        ("Xbox和xx", [(5, 7)]),  # x inside a Latin word is not one
        ("3x3", []),
        ("××万元", [(0, 2)]),
        ("二○二三年 ○○学校", [(6, 8)]),
        ("ｘｘ区", [(0, 2)]),
    ],
)
def test_placeholder_spans(text: str, spans: list[tuple[int, int]]) -> None:
    assert placeholder_spans(text) == spans


def test_blanks_are_whitespace_but_the_line_break_and_the_zero_widths() -> None:
    blank = re.compile(f"[{BLANKS}]")
    for code in range(sys.maxunicode + 1):
        char = chr(code)
        expected = (char.isspace() and char != "\n") or char in "\u200b\u200c\u200d\ufeff"
        assert bool(blank.match(char)) is expected, hex(code)


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        ([], ([], False)),
        ([""], ([], False)),
        (["a\nb", " c ", ""], (["a b", "c", ""], False)),  # one line in, one line out
        (["發(fā)展\u3000\u200b 工作"], (["发展 工作"], True)),
        (["教育局工作总结", "於是"], (["教育局工作总结", "于是"], True)),
    ],
)
def test_normalize_lines(lines: list[str], expected: tuple[list[str], bool]) -> None:
    assert normalize_lines(lines) == expected


@pytest.mark.parametrize(
    ("paragraphs", "segments"),
    [
        (["一、工作成效。取得进展；二、存在问题"], ("一、工作成效。", "取得进展；", "二、存在问题")),
        # Before each of the last three numerals of a marker, as the look-ahead split did.
        (["前言十一、总结"], ("前言", "十", "一、总结")),
        (["一二三四、四项"], ("一", "二", "三", "四、四项")),
        (["第二部分 2023年计划"], ("第二部分 2023年计划",)),
        (["甲第三部分乙", "丙！丁?"], ("甲", "第三部分乙", "丙！", "丁?")),
        (["第三章、"], ("第三章、",)),  # 三 stands before 章, not 、: no break
        (["。;\n", "  "], ("。", ";")),
    ],
)
def test_segments(paragraphs: list[str], segments: tuple[str, ...]) -> None:
    assert _segments_of(tuple(paragraphs)) == segments


def test_gate_of_holds_a_character_of_every_match() -> None:
    patterns = [re.compile(p) for p in (r"【[^】]{0,16}】", r"(?:范文|精选)\s*$", r"[wW]ord版?")]
    gate = gate_of(patterns)
    assert gate is not None
    for text in ("【荐】总结", "工作总结范文", "总结 Word版", "精选"):
        assert gate.search(text)
    assert not gate.search("县教育局2023年工作总结")
    assert gate_of([re.compile(r"\d+篇?")]) is None  # a match may hold no known literal
    assert gate_of([re.compile("范文"), re.compile("word", re.IGNORECASE)]) is None  # flags differ
    ignoring_case = gate_of([re.compile("www\\.", re.IGNORECASE)])
    assert ignoring_case is not None and ignoring_case.search("WWW.EXAMPLE.COM")
