"""Exact-duplicate key: the body reduced to what survives any reposting."""

from __future__ import annotations

import hashlib
import unicodedata

from cleaning.lexicon import NOT_WORD
from cleaning.normalize import to_simplified


def normalize_for_hash(text: str) -> str:
    """Simplified, NFKC, lower-case, no whitespace and no punctuation."""
    text = unicodedata.normalize("NFKC", to_simplified(text)).lower()
    return NOT_WORD.sub("", text)


def content_hash(text: str) -> str:
    """SHA-1 of the normalised text: equal for texts that differ only in layout."""
    return hashlib.sha1(normalize_for_hash(text).encode("utf-8")).hexdigest()
