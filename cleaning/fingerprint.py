"""Exact-duplicate key: the body reduced to what survives any reposting."""

from __future__ import annotations

import hashlib
import re
import unicodedata

from cleaning.normalize import to_simplified

# Everything that is not a letter or a digit: whitespace and punctuation of any width.
_NOT_WORD = re.compile(r"[\W_]+", re.UNICODE)


def normalize_for_hash(text: str) -> str:
    """Simplified, NFKC, lower-case, no whitespace and no punctuation."""
    text = unicodedata.normalize("NFKC", to_simplified(text)).lower()
    return _NOT_WORD.sub("", text)


def content_hash(text: str) -> str:
    """SHA-1 of the normalised text: equal for texts that differ only in layout."""
    return hashlib.sha1(normalize_for_hash(text).encode("utf-8")).hexdigest()
