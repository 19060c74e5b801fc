"""The benchmarks' own rules: what the cleaning benchmark empties between pages."""

from __future__ import annotations

import sys
from pathlib import Path

import trafilatura

from cleaning import clean_html

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
from bench_cleaning import DEFAULT_DIRS, load_pages, text_memos  # noqa: E402


def test_cleaning_benchmark_empties_per_text_memos_and_keeps_loaded_tables() -> None:
    """A page's memos are emptied before each system reads it; a cache keyed on one loaded
    table (justext's stop words, which trafilatura passes on every call) stays, as in a crawl."""
    page = load_pages(DEFAULT_DIRS)[0]
    clean_html(page)
    trafilatura.extract(page, fast=False)
    names = {f"{memo.__module__}.{memo.__qualname__}" for memo in text_memos()}
    assert "cleaning.furniture.is_furniture_line" in names
    assert "trafilatura.utils.trim" in names
    assert "justext.core.define_stoplist" not in names
    assert "htmldate.validators.is_valid_format" not in names
