"""Text rules kept as data (data/text_rules.toml), compiled once."""

from __future__ import annotations

import re
import tomllib
from functools import cache, lru_cache
from importlib import resources
from re import _constants as re_constants
from re import _parser as re_parser

_IGNORE_CASE = {"title_decoration", "title_reader_suffix", "title_site_suffix", "glued_lead"}


@lru_cache(maxsize=1)
def _data() -> dict[str, str]:
    text = resources.files("cleaning.data").joinpath("text_rules.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


@cache
def pattern(name: str) -> re.Pattern:
    """The compiled rule ``name`` from text_rules.toml."""
    return re.compile(_data()[name], re.IGNORECASE if name in _IGNORE_CASE else 0)


def required_literals(parsed) -> set[str] | None:
    """Strings one of which every match of a parsed regex contains (None if unknown)."""
    candidates: list[set[str]] = []
    run: list[str] = []
    for op, arg in parsed:
        if op is re_constants.LITERAL:
            run.append(chr(arg))
            continue
        if run:
            candidates.append({"".join(run)})
            run = []
        found = _literals_of(op, arg)
        if found:
            candidates.append(found)
    if run:
        candidates.append({"".join(run)})
    return max(candidates, key=lambda c: min(map(len, c))) if candidates else None


def _literals_of(op, arg) -> set[str] | None:
    if op is re_constants.SUBPATTERN:
        return required_literals(arg[-1])
    if op is re_constants.BRANCH:
        branches = [required_literals(b) for b in arg[1]]
        return None if any(b is None for b in branches) else set().union(*branches)
    if op is re_constants.IN:
        chars = [chr(v) for o, v in arg if o is re_constants.LITERAL]
        return set(chars) if chars and len(chars) == len(arg) else None
    if op in (re_constants.MAX_REPEAT, re_constants.MIN_REPEAT) and arg[0] >= 1:
        return required_literals(arg[2])
    return None


def gate_of(patterns: list[re.Pattern]) -> re.Pattern | None:
    """A class of characters one of which every match of every pattern holds (None if some
    pattern may match without a known literal, or the patterns' flags differ): a text
    holding none matches none of them, found with one quick scan instead of trying each."""
    flags = {p.flags for p in patterns}
    literals = [required_literals(re_parser.parse(p.pattern)) for p in patterns]
    if len(flags) != 1 or any(not found for found in literals):
        return None
    first = "".join(sorted({w[0] for found in literals for w in found}))
    return re.compile("[" + re.escape(first) + "]", flags.pop())  # IGNORECASE stays: W for w


@cache
def _literals(name: str) -> frozenset[str] | None:
    compiled = pattern(name)
    if compiled.flags & re.IGNORECASE:
        return None
    found = required_literals(re_parser.parse(compiled.pattern))
    return frozenset(found) if found else None


def may_hold(name: str, text: str) -> bool:
    """False only when ``text`` lacks every literal the rule ``name`` needs to match: str's
    substring search, many times faster than the rule over a whole page."""
    words = _literals(name)
    return words is None or any(word in text for word in words)
