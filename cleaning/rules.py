"""Text rules kept as data (data/text_rules.toml), compiled once."""

from __future__ import annotations

import re
import tomllib
from functools import cache, lru_cache
from importlib import resources

_IGNORE_CASE = {"title_decoration", "title_reader_suffix", "glued_lead"}


@lru_cache(maxsize=1)
def _data() -> dict[str, str]:
    text = resources.files("cleaning.data").joinpath("text_rules.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


@cache
def pattern(name: str) -> re.Pattern:
    """The compiled rule ``name`` from text_rules.toml."""
    return re.compile(_data()[name], re.IGNORECASE if name in _IGNORE_CASE else 0)
