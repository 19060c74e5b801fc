"""The shared notions of Chinese text: one placeholder rule for metadata and dedup."""

from __future__ import annotations

import pytest

from cleaning.lexicon import placeholder_share, replace_placeholders


@pytest.mark.parametrize(
    ("text", "share"),
    [
        ("", 0.0),
        ("教育局", 0.0),
        ("我局新建学校3所。", 0.0),
        ("xx县教育局", 2 / 6),
        ("xx县新建x所学校", 3 / 9),  # a single x stands for a number too
        ("**区 ×× 学校", 4 / 7),
        ("**市投入××万元，二○二三年", 4 / 15),  # ○ inside a written year is a digit
        ("Excel 与 STEAM 教育", 0.0),  # x inside Latin words
        ("Excel表格", 0.0),
        ("教室面积3x3米", 0.0),  # a single x between digits is a times sign
    ],
)
def test_placeholder_share(text, share):
    assert placeholder_share(text) == pytest.approx(share, abs=1e-3)


def test_replace_placeholders_keeps_the_text_around_them():
    assert replace_placeholders("xx县投入**万元", "0") == "0县投入0万元"
