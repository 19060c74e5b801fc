"""The tw2s shortcut: texts the trigger table passes over are exactly what OpenCC returns."""

from __future__ import annotations

import random
import tomllib
from pathlib import Path

import opencc
import pytest

from cleaning import normalize
from cleaning.normalize import lines_to_simplified, to_simplified, trigger_offsets
from cleaning.opencc_table import TABLE_PATH, build, dict_tool, stages

ROOT = Path(__file__).resolve().parents[1]
REALDEV = ROOT.parent / "shared" / "realdev"
CONVERTER = opencc.OpenCC("tw2s")


def _table() -> dict:
    return tomllib.loads(TABLE_PATH.read_text(encoding="utf-8"))


def test_the_table_is_read_off_the_installed_opencc() -> None:
    tool = dict_tool()
    if tool is None:
        pytest.skip("OpenCC's opencc_dict tool is not installed")
    assert build(tool) == _table(), "run .venv/bin/python -m cleaning.opencc_table"


def _random_texts(count: int, seed: int) -> list[str]:
    """Texts built from every character and phrase OpenCC's dictionaries know, and their
    parts: where a shortcut would go wrong if it could."""
    tool = dict_tool()
    if tool is None:
        pytest.skip("OpenCC's opencc_dict tool is not installed")
    keys = [word for entries in stages(tool) for entry in entries for word in entry]
    # Mostly characters that trigger nothing alone, so that many texts reach the shortcut.
    chars = sorted({c for key in keys for c in key} - set(_table()["characters"]))
    chars += list("教育局工作总结，。\n 12發")
    rng = random.Random(seed)
    texts = []
    for _ in range(count):
        parts = []
        for _ in range(rng.randint(1, 12)):
            if rng.random() < 0.4:
                key = rng.choice(keys)
                parts.append(key[rng.randint(0, len(key) - 1) :] if rng.random() < 0.3 else key)
            else:
                parts.append("".join(rng.choice(chars) for _ in range(rng.randint(1, 3))))
        texts.append("".join(parts))
    return texts


def test_a_text_without_triggers_is_left_as_tw2s_leaves_it() -> None:
    passed = 0
    for text in _random_texts(20_000, seed=11):
        if trigger_offsets(text) == []:
            passed += 1
            assert CONVERTER.convert(text) == text, text
    assert passed > 2_000  # the test reached texts the shortcut passes over


def test_conversion_line_by_line_equals_converting_the_whole() -> None:
    texts = _random_texts(3_000, seed=12)
    if REALDEV.is_dir():
        texts += [p.read_text(encoding="utf-8") for p in sorted(REALDEV.glob("*.txt"))]
    for text in texts:
        assert to_simplified(text) == CONVERTER.convert(text)
        lines = text.split("\n")
        assert lines_to_simplified(lines) == CONVERTER.convert(text).split("\n")


def test_a_table_for_another_opencc_converts_every_text(monkeypatch) -> None:
    normalize._triggers.cache_clear()
    monkeypatch.setattr(normalize.opencc, "__version__", "0.0.0")
    try:
        assert trigger_offsets("教育局") is None
        assert to_simplified("教育局工作總結") == "教育局工作总结"
        assert lines_to_simplified(["發展", "教育"]) == ["发展", "教育"]
    finally:
        monkeypatch.undo()
        normalize._triggers.cache_clear()
    assert trigger_offsets("教育局") == []
