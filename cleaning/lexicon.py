"""Shared notions of Chinese text, spelled once: CJK characters, sentence punctuation and ends."""

from __future__ import annotations

import re

# The CJK Unified Ideographs block: what "a Chinese character" means in these rules.
CJK_RANGE = "\u4e00-\u9fff"
CJK = re.compile(f"[{CJK_RANGE}]")
# Runs of anything else: len(NOT_CJK.sub("", text)) counts CJK characters without a list of them.
NOT_CJK = re.compile(f"[^{CJK_RANGE}]+")
# Punctuation inside or between clauses: a line holding two of these is running text.
SENTENCE_PUNCT = re.compile(r"[,，。;；:：!！?？、]")
# Punctuation a headline never holds (a colon may stand in "砥砺奋进：…工作总结").
SENTENCE_PUNCT_INNER = re.compile(r"[,，。;；!！?？]")
# A full stop of any kind (a comma is none): a line holding one holds a whole sentence.
FULL_STOP = re.compile(r"[。；;！!？?]")
# Where a sentence may end (a line ending elsewhere was cut); closing quotes and brackets count.
SENTENCE_END = ("。", "!", "！", "?", "？", ";", "；", ":", "：", "…", "”", "’", "」", "』", ")", "）")
# Where a full statement ends: a line ending so is a sentence, not a heading or a caption.
STATEMENT_END = ("。", "!", "！", "?", "？", ":", "：", ";", "；", "…", "”")
# A line ending in a full ellipsis (……, ...) was cut by the site, whatever stands before it.
CUT_MARKS = ("……", "...", "。。。")
# Everything but letters, digits and CJK: what comparisons of titles and texts ignore.
NOT_WORD = re.compile(r"[\W_]+")


# A covering notice (关于印发《X》的通知, 转发X的通知) sends the document it names: X is what the
# page's document is, the notice's headline who sent it.
ISSUING_NOTICE = re.compile(r"(?:印发|转发|批转|颁发|下发)《?([^《》。，,]{2,60}?)》?的?通知")


def issued_document(headline: str) -> str | None:
    """The name of the document a notice's headline sends (…关于印发《X》的通知: X), or None
    when the headline is not a covering notice's."""
    match = ISSUING_NOTICE.search(headline)
    return match.group(1) if match and match.end() == len(headline) else None


def bigrams(text: str) -> list[str]:
    """Overlapping character bigrams."""
    return [text[i : i + 2] for i in range(len(text) - 1)]


# Redaction placeholders: runs of *, ＊, ×, ✕, ╳; runs of x/X (half or full width) that are not
# part of a Latin word nor a single x between digits (3x3); ○ that is not a digit of 二○二三.
# One class of every first character comes first, so that re jumps to candidates instead of
# trying every position (see text_rules.toml); each alternative then checks what stands
# before its first character.
_PLACEHOLDER = re.compile(
    r"[*＊×✕╳xXｘＸ○]"
    r"(?:(?<=[*＊×✕╳])[*＊×✕╳]*"
    r"|(?<=[xXｘＸ])(?<![A-Za-zＡ-Ｚａ-ｚ][xXｘＸ])[xXｘＸ]*(?![A-Za-zＡ-Ｚａ-ｚ])"
    r"|(?<=○)(?<![〇零一二三四五六七八九十]○)○*(?![〇零一二三四五六七八九十]))"
)


def placeholder_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each redaction placeholder in ``text`` (xx县, **市, ××万元)."""
    return [
        m.span()
        for m in _PLACEHOLDER.finditer(text)
        if not (m.end() - m.start() == 1 and _between_digits(text, *m.span()))
    ]


def _between_digits(text: str, start: int, end: int) -> bool:
    return start > 0 and end < len(text) and text[start - 1].isdigit() and text[end].isdigit()


def replace_placeholders(text: str, by: str) -> str:
    """``text`` with every placeholder run replaced by ``by``."""
    spans = placeholder_spans(text)
    if not spans:
        return text
    parts, last = [], 0
    for start, end in spans:
        parts += [text[last:start], by]
        last = end
    parts.append(text[last:])
    return "".join(parts)


def placeholder_share(text: str) -> float:
    """Share of the non-whitespace characters that are placeholders."""
    chars = len("".join(text.split()))  # str.split's whitespace is re's \s, and faster
    if chars == 0:
        return 0.0
    return sum(end - start for start, end in placeholder_spans(text)) / chars
