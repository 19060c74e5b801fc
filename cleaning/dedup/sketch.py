"""From a text to its fingerprint: the matching string, its n-grams, their MinHash signatures."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from rensa import RMinHash

from cleaning.dedup.params import Params, default_params
from cleaning.fingerprint import normalize_for_hash
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


# Every character that can start a placeholder run of cleaning.lexicon: a text
# without any of them has no placeholder (one class scan instead of the full
# pattern with its look-arounds, ~150 µs per 3,000 characters).
_PLACEHOLDER_CHAR = re.compile(r"[*＊×✕╳xXｘＸ○]")


class Matching(str):
    """A text already reduced by matching_string (verification need not normalise it again)."""

    __slots__ = ()


def _has_pinyin(text: str) -> bool:
    return "(" in text or "（" in text


def matching_string(text: str) -> str:
    """The text as compared: normalised, placeholders and numbers reduced to ``0``."""
    if _has_pinyin(text):
        text = remove_pinyin(text)
    if _PLACEHOLDER_CHAR.search(text):
        text = replace_placeholders(text, "0")
    return _DIGITS.sub("0", normalised(text))


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


# Windows hashed per numpy pass: the temporaries stay in cache (hashing a whole
# batch at once was memory-bound, ~4x slower, and needed ~100 MB of temporaries).
_HASH_BLOCK = 1 << 15


def _ngram_hashes(strings: Sequence[str], n: int) -> tuple[np.ndarray, np.ndarray]:
    """Hashes of every character n-gram of every string, flat, with row offsets."""
    flat, lengths = _codepoints(strings, n)
    flat = flat.astype(np.uint64)
    windows = max(len(flat) - n + 1, 0)
    h = np.empty(windows, dtype=np.uint64)
    tmp = np.empty(min(windows, _HASH_BLOCK), dtype=np.uint64)
    for lo in range(0, windows, _HASH_BLOCK):
        hi = min(windows, lo + _HASH_BLOCK)
        _hash_windows(flat[lo : hi + n - 1], n, h[lo:hi], tmp[: hi - lo])
    starts = np.concatenate(([0], np.cumsum(lengths)[:-1]))
    counts = lengths - n + 1
    # Keep the windows that start and end inside one string.
    keep = _window_starts(starts, counts)
    offsets = np.concatenate(([0], np.cumsum(counts))).astype(np.uint64)
    return h[keep], offsets


def _hash_windows(codes: np.ndarray, n: int, out: np.ndarray, tmp: np.ndarray) -> None:
    """Polynomial hash of each n-code window, then an avalanche, in place in out."""
    m = len(out)
    with np.errstate(over="ignore"):
        np.multiply(codes[:m], _MULT[0], out=out)
        for k in range(1, n):
            np.multiply(codes[k : k + m], _MULT[k % len(_MULT)], out=tmp)
            out += tmp
        # Final avalanche so nearby n-grams do not give nearby hashes.
        np.right_shift(out, np.uint64(31), out=tmp)
        out ^= tmp
        out *= np.uint64(0xBF58476D1CE4E5B9)
        np.right_shift(out, np.uint64(29), out=tmp)
        out ^= tmp


def _window_starts(starts: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """Vectorised ``concat(arange(s, s + c))`` for many rows."""
    total = int(counts.sum())
    row_start = np.repeat(starts - np.concatenate(([0], np.cumsum(counts)[:-1])), counts)
    return np.arange(total, dtype=np.int64) + row_start


def ngram_set(matching: str, n: int) -> np.ndarray:
    """Sorted distinct n-gram hashes of one matching string."""
    hashes, _ = _ngram_hashes([matching], n)
    return sorted_unique(hashes)


def sorted_unique(a: np.ndarray) -> np.ndarray:
    """np.unique by sorting (numpy 2's hash-based np.unique is ~10x slower on these)."""
    a = np.sort(a)
    return a[np.concatenate(([True], a[1:] != a[:-1]))] if len(a) else a


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


@dataclass(frozen=True)
class Sketches:
    """Fingerprints of a batch as arrays: compact, and cheap to send between processes."""

    digests: np.ndarray  # (m, 20) uint8: SHA-1 of the normalised text (content_hash)
    sigs: np.ndarray  # (m, num_perm) uint32
    heads: np.ndarray  # (m, head_num_perm) uint32
    lengths: np.ndarray  # (m,) int64: characters of the matching string
    scheme: str

    def __len__(self) -> int:
        return len(self.lengths)

    def fingerprints(self) -> list[Fingerprint]:
        return [
            Fingerprint(d.tobytes().hex(), s.astype("<u4").tobytes(), h.astype("<u4").tobytes(),
                        int(n), self.scheme)
            for d, s, h, n in zip(self.digests, self.sigs, self.heads, self.lengths, strict=True)
        ]  # fmt: skip

    @classmethod
    def of(cls, fps: Sequence[Fingerprint], params: Params) -> Sketches:
        """The arrays of stored fingerprints (refused when made with other parameters)."""
        for fp in fps:
            if fp.scheme != params.scheme:
                raise ValueError(f"fingerprint scheme {fp.scheme} != index scheme {params.scheme}")
        return cls.from_blobs(
            [fp.content_hash for fp in fps],
            [fp.signature for fp in fps],
            [fp.head_signature for fp in fps],
            [fp.length for fp in fps],
            params,
        )

    @classmethod
    def from_blobs(
        cls,
        hashes: Sequence[str],
        signatures: Sequence[bytes],
        head_signatures: Sequence[bytes],
        lengths: Sequence[int],
        params: Params,
    ) -> Sketches:
        """The arrays of stored columns (Fingerprint.to_row) made with params."""
        return cls(
            np.frombuffer(bytes.fromhex("".join(hashes)), np.uint8).reshape(-1, 20),
            _rows(b"".join(signatures), params.num_perm),
            _rows(b"".join(head_signatures), params.head_num_perm),
            np.fromiter(lengths, np.int64, len(lengths)),
            params.scheme,
        )

    @classmethod
    def concat(cls, parts: Sequence[Sketches]) -> Sketches:
        return cls(
            *(np.concatenate([getattr(x, f) for x in parts]) for f in _ARRAYS), parts[0].scheme
        )


_ARRAYS = ("digests", "sigs", "heads", "lengths")


def _rows(blob: bytes, width: int) -> np.ndarray:
    """Little-endian uint32 signatures joined in one blob, as a (m, width) array."""
    return np.frombuffer(blob, "<u4").reshape(-1, width).astype(np.uint32)


# Texts sketched per rensa call: large enough to amortise the call, small enough
# that the flat n-gram buffers (~24 bytes per character) stay near 100 MB.
_SKETCH_BATCH = 1000


def sketch_texts(texts: Sequence[str], params: Params | None = None) -> Sketches:
    """Fingerprints of many texts as arrays, in batches."""
    return sketch_and_match(texts, params)[0]


def sketch_and_match(
    texts: Sequence[str], params: Params | None = None
) -> tuple[Sketches, list[Matching]]:
    """Fingerprints as arrays and the matching strings (what a sketching worker returns)."""
    p = params or default_params()
    parts = [
        _sketch_batch(texts[start : start + _SKETCH_BATCH], p)
        for start in range(0, len(texts), _SKETCH_BATCH)
    ]
    if not parts:
        return _sketch_batch([], p)
    return Sketches.concat([s for s, _ in parts]), [m for _, ms in parts for m in ms]


def fingerprint_many(texts: Sequence[str], params: Params | None = None) -> list[Fingerprint]:
    """Fingerprints of many texts (same values as fingerprint)."""
    return sketch_texts(texts, params).fingerprints()


def _sketch_batch(texts: Sequence[str], p: Params) -> tuple[Sketches, list[Matching]]:
    pairs = [_digest_and_matching(t) for t in texts]
    matching = [Matching(m) for _, m in pairs]
    digests = np.frombuffer(b"".join(d for d, _ in pairs), np.uint8).reshape(-1, 20)
    if not texts:
        sigs = np.empty((0, p.num_perm), np.uint32)
        heads = np.empty((0, p.head_num_perm), np.uint32)
    else:
        sigs, heads = _signatures(matching, p)
    lengths = np.fromiter((len(m) for m in matching), np.int64, len(matching))
    return Sketches(digests, sigs, heads, lengths, p.scheme), matching


def normalised(text: str) -> str:
    """normalize_for_hash(text), faster: full-width punctuation removed before NFKC."""
    return normalize_for_hash(_FAST_DELETE.sub("", text))


def _digest_and_matching(text: str) -> tuple[bytes, str]:
    """(SHA-1 digest of the content_hash, matching_string) of text, normalising once if possible.

    Without pinyin parentheses and placeholders the matching string is the
    content-hash normalisation with digits reduced: one Traditional→Simplified
    and NFKC pass then serves both.
    """
    norm = normalised(text)
    digest = hashlib.sha1(norm.encode("utf-8")).digest()
    if _has_pinyin(text) or _PLACEHOLDER_CHAR.search(text):
        return digest, matching_string(text)
    return digest, _DIGITS.sub("0", norm)


def _signatures(matching: Sequence[str], p: Params) -> tuple[np.ndarray, np.ndarray]:
    hashes, offsets = _ngram_hashes(matching, p.ngram)
    sigs = _minhash_rows(hashes, offsets, p.num_perm, p.seed)
    hashes, offsets = _ngram_hashes([m[: p.head_chars] for m in matching], p.ngram)
    heads = _minhash_rows(hashes, offsets, p.head_num_perm, p.seed + 1)
    return sigs, heads


def fingerprint(text: str) -> Fingerprint:
    """Fingerprint of one text (same values as fingerprint_many)."""
    return fingerprint_many([text])[0]
