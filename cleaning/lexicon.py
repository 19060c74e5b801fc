"""Shared notions of Chinese text, spelled once: CJK characters, sentence punctuation and ends."""

from __future__ import annotations

import re

# The CJK Unified Ideographs block: what "a Chinese character" means in these rules.
CJK_RANGE = "\u4e00-\u9fff"
CJK = re.compile(f"[{CJK_RANGE}]")
# Punctuation inside or between clauses: a line holding two of these is running text.
SENTENCE_PUNCT = re.compile(r"[,，。;；:：!！?？、]")
# Punctuation a headline never holds (a colon may stand in "砥砺奋进：…工作总结").
SENTENCE_PUNCT_INNER = re.compile(r"[,，。;；!！?？]")
# Where a sentence may end (a line ending elsewhere was cut); closing quotes and brackets count.
SENTENCE_END = ("。", "!", "！", "?", "？", ";", "；", ":", "：", "…", "”", "’", "」", "』", ")", "）")
# Where a full statement ends: a line ending so is a sentence, not a heading or a caption.
STATEMENT_END = ("。", "!", "！", "?", "？", ":", "：", ";", "；", "…", "”")
# Everything but letters, digits and CJK: what comparisons of titles and texts ignore.
NOT_WORD = re.compile(r"[\W_]+")


def bigrams(text: str) -> list[str]:
    """Overlapping character bigrams."""
    return [text[i : i + 2] for i in range(len(text) - 1)]
