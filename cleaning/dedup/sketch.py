"""From a text to its fingerprint: the matching string, its n-grams, their MinHash signatures."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from rensa import RMinHash

from cleaning.dedup.params import Params, default_params
from cleaning.fingerprint import content_hash, normalize_for_hash
from cleaning.lexicon import replace_placeholders
from cleaning.normalize import remove_pinyin

_DIGITS = re.compile(r"\d+")
# Whitespace and full-width punctuation whose NFKC form is whitespace or
# punctuation too: deleting them first changes nothing in normalize_for_hash's
# result, but lets NFKC take its quick-check fast path (NFKC of a Chinese text
# with "，" in it costs ~200 µs per 3,000 characters).
_FAST_DELETE = re.compile(
    r"[\s，。、；：？！“”‘’（）《》〈〉【】〔〕「」『』—…·～－／％＋＝＜＞｜＼［］｛｝＂＇＃＆＠＄＾｀]+"
)


def matching_string(text: str) -> str:
    """The text as compared: normalised, placeholders and numbers reduced to ``0``."""
    if "(" in text or "（" in text:
        text = remove_pinyin(text)
    text = _FAST_DELETE.sub("", replace_placeholders(text, "0"))
    return _DIGITS.sub("0", normalize_for_hash(text))


# Odd 64-bit multipliers for the polynomial n-gram hash (fixed: stored signatures
# depend on them).
_MULT = np.array(
    [
        0x9E3779B97F4A7C15,
        0xC2B2AE3D27D4EB4F,
        0x165667B19E3779F9,
        0xD6E8FEB86659FD93,
        0xFF51AFD7ED558CCD,
        0xC4CEB9FE1A85EC53,
        0x94D049BB133111EB,
        0xBF58476D1CE4E5B9,
    ],
    dtype=np.uint64,
)


def _codepoints(strings: Sequence[str], n: int) -> tuple[np.ndarray, np.ndarray]:
    """Code points of all strings back to back, and each string's length.

    Strings shorter than n are padded with NUL so they still give one n-gram.
    """
    padded = [s if len(s) >= n else s + "\0" * (n - len(s)) for s in strings]
    flat = np.frombuffer("".join(padded).encode("utf-32-le"), dtype="<u4")
    lengths = np.fromiter((len(s) for s in padded), dtype=np.int64, count=len(padded))
    return flat, lengths


def _ngram_hashes(strings: Sequence[str], n: int) -> tuple[np.ndarray, np.ndarray]:
    """Hashes of every character n-gram of every string, flat, with row offsets."""
    flat, lengths = _codepoints(strings, n)
    windows = len(flat) - n + 1
    h = np.zeros(max(windows, 0), dtype=np.uint64)
    with np.errstate(over="ignore"):
        for k in range(n):
            h += flat[k : k + windows].astype(np.uint64) * _MULT[k % len(_MULT)]
        # Final avalanche so nearby n-grams do not give nearby hashes.
        h ^= h >> np.uint64(31)
        h *= np.uint64(0xBF58476D1CE4E5B9)
        h ^= h >> np.uint64(29)
    starts = np.concatenate(([0], np.cumsum(lengths)[:-1]))
    counts = lengths - n + 1
    # Keep the windows that start and end inside one string.
    keep = _window_starts(starts, counts)
    offsets = np.concatenate(([0], np.cumsum(counts))).astype(np.uint64)
    return h[keep], offsets


def _window_starts(starts: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """Vectorised ``concat(arange(s, s + c))`` for many rows."""
    total = int(counts.sum())
    row_start = np.repeat(starts - np.concatenate(([0], np.cumsum(counts)[:-1])), counts)
    return np.arange(total, dtype=np.int64) + row_start


def ngram_set(matching: str, n: int) -> np.ndarray:
    """Sorted distinct n-gram hashes of one matching string."""
    hashes, _ = _ngram_hashes([matching], n)
    return np.unique(hashes)


def _minhash_rows(hashes: np.ndarray, offsets: np.ndarray, num_perm: int, seed: int) -> np.ndarray:
    matrix = RMinHash.digest_matrix_from_flat_token_hashes(hashes, offsets, num_perm, seed)
    return np.array(matrix.to_rows(), dtype=np.uint32).reshape(-1, num_perm)


# ---------------------------------------------------------------- fingerprints


@dataclass(frozen=True)
class Fingerprint:
    """Everything needed to match a text later; stored as SQLite columns."""

    content_hash: str
    signature: bytes  # MinHash of all n-grams, num_perm × uint32 little-endian
    head_signature: bytes  # MinHash of the n-grams of the first head_chars characters
    length: int  # characters of the matching string
    scheme: str  # parameters the signatures were made with

    def to_row(self) -> dict[str, str | int | bytes]:
        return {
            "content_hash": self.content_hash,
            "signature": self.signature,
            "head_signature": self.head_signature,
            "length": self.length,
            "scheme": self.scheme,
        }

    @classmethod
    def from_row(cls, row: dict) -> Fingerprint:
        return cls(
            content_hash=str(row["content_hash"]),
            signature=bytes(row["signature"]),
            head_signature=bytes(row["head_signature"]),
            length=int(row["length"]),
            scheme=str(row["scheme"]),
        )

    def sig_array(self) -> np.ndarray:
        return np.frombuffer(self.signature, dtype="<u4")

    def head_array(self) -> np.ndarray:
        return np.frombuffer(self.head_signature, dtype="<u4")


# Texts sketched per rensa call: large enough to amortise the call, small enough
# that the flat n-gram buffers (~24 bytes per character) stay near 100 MB.
_SKETCH_BATCH = 1000


def fingerprint_many(texts: Sequence[str], params: Params | None = None) -> list[Fingerprint]:
    """Fingerprints of many texts, sketched in batches (same values as fingerprint)."""
    p = params or default_params()
    out: list[Fingerprint] = []
    for start in range(0, len(texts), _SKETCH_BATCH):
        out += _fingerprint_batch(texts[start : start + _SKETCH_BATCH], p)
    return out


def _fingerprint_batch(texts: Sequence[str], p: Params) -> list[Fingerprint]:
    matching = [matching_string(t) for t in texts]
    sigs, heads = _signatures(matching, p)
    return [
        Fingerprint(
            content_hash=content_hash(_fast_input(text)),
            signature=sig.astype("<u4").tobytes(),
            head_signature=head.astype("<u4").tobytes(),
            length=len(m),
            scheme=p.scheme,
        )
        for text, m, sig, head in zip(texts, matching, sigs, heads, strict=True)
    ]


def _fast_input(text: str) -> str:
    """Same content_hash, faster: full-width punctuation removed before NFKC."""
    return _FAST_DELETE.sub("", text)


def _signatures(matching: Sequence[str], p: Params) -> tuple[np.ndarray, np.ndarray]:
    hashes, offsets = _ngram_hashes(matching, p.ngram)
    sigs = _minhash_rows(hashes, offsets, p.num_perm, p.seed)
    hashes, offsets = _ngram_hashes([m[: p.head_chars] for m in matching], p.ngram)
    heads = _minhash_rows(hashes, offsets, p.head_num_perm, p.seed + 1)
    return sigs, heads


def fingerprint(text: str) -> Fingerprint:
    """Fingerprint of one text (same values as fingerprint_many)."""
    return fingerprint_many([text])[0]
