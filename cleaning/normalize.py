"""Normalise clean lines: Simplified characters, pinyin artifacts, spaces."""

from __future__ import annotations

import re
import tomllib
from bisect import bisect_right
from functools import lru_cache
from operator import ne

import ahocorasick_rs
import opencc

from cleaning.lexicon import NOT_CJK
from cleaning.opencc_table import CONFIG, TABLE_PATH

# A character followed by its toned pinyin in brackets, left by bad converters: 發(fā)展.
_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ"
# Neutral-tone syllables carry no mark: 我們(men), 的(de), 了(le), 子(zi).
_NEUTRAL = "men|de|le|zi|me|ge|zhe|ne|ba|ma"
# The bracket first, the character before it checked after: re then jumps to brackets.
_PINYIN = re.compile(
    rf"[(（](?<=[\u3400-\u9fff][(（])(?:[a-zü]{{0,5}}[{_TONED}][a-zü]{{0,5}}|(?-i:{_NEUTRAL}))[)）]",
    re.IGNORECASE,
)
# Full-width spaces, nbsp, zero-width and other blanks, as a single space (line breaks stay:
# the lines of a page are cleaned joined, in one pass).
# One class (what str.isspace calls whitespace, but the line break, and the zero-widths), which
# re scans many times faster than an alternation of classes.
BLANKS = "\t\x0b\x0c\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\u200b\u200c\u200d\ufeff"
_SPACES = re.compile(f"[{BLANKS}]+")
# Share of changed characters above which a text is taken as written in Traditional.
TRADITIONAL_SHARE = 0.02


@lru_cache(maxsize=1)
def _tw2s() -> opencc.OpenCC:
    return opencc.OpenCC(CONFIG)


@lru_cache(maxsize=1)
def _triggers() -> ahocorasick_rs.AhoCorasick | None:
    """What may make tw2s change a text (cleaning/opencc_table.py); None when the table
    was read off another OpenCC than the installed one, and every text is converted."""
    table = tomllib.loads(TABLE_PATH.read_text(encoding="utf-8"))
    if table["opencc_version"] != opencc.__version__ or table["config"] != CONFIG:
        return None
    triggers = [*table["characters"], *table["phrases"]]
    # Mostly single characters: the DFA is small here and scans a third faster than the NFA.
    return ahocorasick_rs.AhoCorasick(triggers, implementation=ahocorasick_rs.Implementation.DFA)


def trigger_offsets(text: str) -> list[int] | None:
    """Where in ``text`` something tw2s may change starts; None when unknown (convert all)."""
    triggers = _triggers()
    if triggers is None:
        return None
    return [start for _, start, _ in triggers.find_matches_as_indexes(text)]


_HEAD_CHARS = 200
_TRADITIONAL_HEAD = 20  # triggers in the head that make a page Traditional


def to_simplified(text: str) -> str:
    """Traditional → Simplified with OpenCC's tw2s.

    Plain t2s leaves 著 in 笑著, 扶著, 著力 (Taiwan usage, which repost sites
    copy); tw2s turns those into 着 and keeps 显著, 著作. A text with nothing tw2s
    could change (most pages, and most texts already converted) skips the converter.
    """
    if len(text) <= _HEAD_CHARS:  # a title, a line: one scan says all
        return text if trigger_offsets(text) == [] else _tw2s().convert(text)
    # Only the lines holding a trigger are converted (most texts have none, or a few 著 and
    # 於 that tw2s keeps); the same as converting it whole, as no dictionary entry holds a break.
    return "\n".join(lines_to_simplified(text.split("\n")))


def lines_to_simplified(lines: list[str]) -> list[str]:
    """``to_simplified`` of each line, converting only the lines that need it, in one call."""
    joined = "\n".join(lines)
    # A Traditional page shows itself in its first lines: convert it whole, without listing
    # the thousands of places the automaton would find (converting whole is always right).
    head = trigger_offsets(joined[:_HEAD_CHARS])
    if head is None or len(head) >= _TRADITIONAL_HEAD:
        return _tw2s().convert(joined).split("\n")
    offsets = head if len(joined) <= _HEAD_CHARS else trigger_offsets(joined)
    if not offsets:
        return list(lines)
    if len(offsets) >= len(lines):
        return _tw2s().convert(joined).split("\n")
    starts, position = [], 0
    for line in lines:
        starts.append(position)
        position += len(line) + 1
    changed = sorted({bisect_right(starts, offset) - 1 for offset in offsets})
    # No dictionary entry holds a line break (opencc_table checks), so lines convert apart.
    converted = _tw2s().convert("\n".join(lines[i] for i in changed)).split("\n")
    out = list(lines)
    for i, line in zip(changed, converted, strict=True):
        out[i] = line
    return out


def as_written(part: str, line: str, normalized: str) -> str | None:
    """``part`` of ``normalized`` (``line`` through normalize_lines) as ``line`` writes it: in its
    own script, with its pinyin notes (總結(jié)); None where it does not stand in ``normalized``
    or the two cannot be lined up character for character."""
    at = normalized.find(part)
    if at < 0 or not part:
        return None
    offsets = _kept_offsets(line)
    if len(offsets) != len(normalized):
        return None  # a conversion that changed the length: no character-for-character map
    start, end = offsets[at], offsets[at + len(part) - 1] + 1
    note = _PINYIN.match(line, end)
    return line[start : note.end() if note else end]


def _kept_offsets(line: str) -> list[int]:
    """Where each character normalize_lines keeps of ``line`` stands in it (pinyin notes cut, a
    run of blanks kept as one, the ends stripped)."""
    cut = {i for m in _PINYIN.finditer(line) for i in range(m.start(), m.end())}
    kept: list[int] = []
    for i, char in enumerate(line):
        if i in cut or (_SPACES.match(char) and kept and _SPACES.match(line[kept[-1]])):
            continue
        kept.append(i)
    while kept and line[kept[0]].isspace():
        kept.pop(0)
    while kept and line[kept[-1]].isspace():
        kept.pop()
    return kept


def remove_pinyin(text: str) -> str:
    return _PINYIN.sub("", text)


def normalize_lines(lines: list[str]) -> tuple[list[str], bool]:
    """Return Simplified lines and whether the source was Traditional."""
    # One line in, one line out (possibly empty), so callers can pair them up: a break inside
    # a line is a space like any other.
    raw = "\n".join(line.replace("\n", " ") for line in lines)
    cleaned = [line.strip() for line in _SPACES.sub(" ", remove_pinyin(raw)).split("\n")]
    joined = "\n".join(cleaned)
    if not joined:
        return [], False
    simplified = lines_to_simplified(cleaned)
    return simplified, is_traditional(cleaned, simplified)


def is_traditional(lines: list[str], simplified: list[str]) -> bool:
    """Did converting change enough characters to call the source Traditional?

    A Simplified text has a few characters OpenCC still maps (於, 著 …), so
    a share, not any change, decides. ``simplified`` pairs up with ``lines``.
    """
    changed_lines = [(a, b) for a, b in zip(lines, simplified, strict=True) if a != b]
    if not changed_lines:
        return False
    text = "\n".join(lines)
    cjk = len(NOT_CJK.sub("", text)) or 1
    if any(len(a) != len(b) for a, b in changed_lines):
        joined = "\n".join(simplified)
        return len(text) != len(joined) or sum(map(ne, text, joined)) / cjk >= TRADITIONAL_SHARE
    changed = 0  # the other lines are equal; the share only grows, so it may stop early
    for a, b in changed_lines:
        changed += sum(map(ne, a, b))
        if changed / cjk >= TRADITIONAL_SHARE:
            return True
    return False
