"""Normalise clean lines: Simplified characters, pinyin artifacts, spaces."""

from __future__ import annotations

import re
from functools import lru_cache
from operator import ne

from opencc import OpenCC

from cleaning.lexicon import CJK

# A character followed by its toned pinyin in brackets, left by bad converters: 發(fā)展.
_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ"
# Neutral-tone syllables carry no mark: 我們(men), 的(de), 了(le), 子(zi).
_NEUTRAL = "men|de|le|zi|me|ge|zhe|ne|ba|ma"
_PINYIN = re.compile(
    rf"(?<=[\u3400-\u9fff])[(（](?:[a-zü]{{0,5}}[{_TONED}][a-zü]{{0,5}}|(?-i:{_NEUTRAL}))[)）]",
    re.IGNORECASE,
)
# Full-width spaces, nbsp, zero-width and other blanks, as a single space.
_SPACES = re.compile(r"[\s\u00a0\u3000\u200b\u200c\u200d\ufeff]+")
# Share of changed characters above which a text is taken as written in Traditional.
TRADITIONAL_SHARE = 0.02


@lru_cache(maxsize=1)
def _tw2s() -> OpenCC:
    return OpenCC("tw2s")


def to_simplified(text: str) -> str:
    """Traditional → Simplified with OpenCC's tw2s.

    Plain t2s leaves 著 in 笑著, 扶著, 著力 (Taiwan usage, which repost sites
    copy); tw2s turns those into 着 and keeps 显著, 著作.
    """
    return _tw2s().convert(text)


def remove_pinyin(text: str) -> str:
    return _PINYIN.sub("", text)


def clean_spaces(line: str) -> str:
    return _SPACES.sub(" ", line).strip()


def normalize_lines(lines: list[str]) -> tuple[list[str], bool]:
    """Return Simplified lines and whether the source was Traditional."""
    # One line in, one line out (possibly empty), so callers can pair them up.
    cleaned = [clean_spaces(remove_pinyin(line)) for line in lines]
    joined = "\n".join(cleaned)
    simplified = to_simplified(joined)
    return simplified.split("\n") if simplified else [], is_traditional(joined, simplified)


def is_traditional(text: str, simplified: str) -> bool:
    """Did converting change enough characters to call the source Traditional?

    A Simplified text has a few characters OpenCC still maps (於, 著 …), so
    a share, not any change, decides.
    """
    if text == simplified:
        return False
    if len(text) != len(simplified):
        return True
    changed = sum(map(ne, text, simplified))
    cjk = len(CJK.findall(text)) or 1
    return changed / cjk >= TRADITIONAL_SHARE
