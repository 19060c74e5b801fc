"""Near-duplicate detection across sites: one document per text, every source kept.

A summary is reposted with other furniture, a new year in the title, names and
numbers blanked out (xx, **, ×), in Traditional characters, or cut short as a
preview. Different bureaus' summaries share a lot of stock prose and must stay
apart, so LSH only proposes candidates and every match is verified on the texts.

Pipeline for one text:

1. matching string: pinyin artifacts of bad Traditional converters (發(fā)展)
   removed, placeholders → ``0``, then ``normalize_for_hash`` (Simplified, NFKC,
   no whitespace/punctuation), then every digit run → ``0`` (a blanked number, a
   changed year and the original number all read the same);
2. character n-grams of it, hashed in numpy; MinHash (rensa) of all n-grams
   (``signature``) and of the n-grams of the first ``head_chars`` characters
   (``head_signature``: a preview shares the head of the full text, not its
   Jaccard similarity);
3. LSH banding of both signatures in a log-structured index of sorted numpy runs
   (compact, vectorised, rebuildable from stored rows);
4. verification on the texts: n-gram Jaccard ≥ ``jaccard_min``, or, for a
   preview, containment of the shorter in the longer ≥ ``containment_min`` and
   containment of the shorter head in the longer head ≥ ``head_containment_min``
   (a preview shorter than ``head_chars`` is all head: its head is contained in
   the full text's head, while their head Jaccard is only its share of it).

Parameters live in ``cleaning/data/dedup.toml`` together with the measured sweep
that chose them (``tests/cases/dedup/sweep.py`` prints it).
"""

from __future__ import annotations

import json
import re
import sys
import tomllib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TextIO

import numpy as np
from rensa import RMinHash

from cleaning.fingerprint import content_hash, normalize_for_hash
from cleaning.normalize import remove_pinyin

_PARAMS_FILE = Path(__file__).parent / "data" / "dedup.toml"

# Runs of placeholder characters; a run of x letters only counts when it is at
# least two long and not part of a Latin word (see _placeholder_spans).
_PLACEHOLDER_CHARS = re.compile(r"[*＊×✕╳xXｘＸ]+")
_X_ONLY = re.compile(r"[xXｘＸ]+")
_LATIN = re.compile(r"[A-Za-zＡ-Ｚａ-ｚ]")
_DIGITS = re.compile(r"\d+")
_SPACE = re.compile(r"\s+")
# Whitespace and full-width punctuation whose NFKC form is whitespace or
# punctuation too: deleting them first changes nothing in normalize_for_hash's
# result, but lets NFKC take its quick-check fast path (NFKC of a Chinese text
# with "，" in it costs ~200 µs per 3,000 characters).
_FAST_DELETE = re.compile(
    r"[\s，。、；：？！“”‘’（）《》〈〉【】〔〕「」『』—…·～－／％＋＝＜＞｜＼［］｛｝＂＇＃＆＠＄＾｀]+"
)
# Endings of a text cut short by a site ("…", "阅读全文", "查看更多", "未完").
_TRUNCATED_END = re.compile(
    r"(\.{3,}|…+|阅读全文|查看全文|查看更多|展开全文|未完待续|未完|更多>+)\W*$"
)


@dataclass(frozen=True)
class Params:
    """Tuned parameters (see cleaning/data/dedup.toml for the measurement)."""

    ngram: int = 6
    num_perm: int = 64
    bands: int = 21
    head_chars: int = 500
    head_num_perm: int = 32
    head_bands: int = 16
    jaccard_min: float = 0.5
    containment_min: float = 0.6
    head_containment_min: float = 0.5
    # Candidates whose signature estimate is this far below every threshold are
    # rejected without fetching their text.
    prefilter_margin: float = 0.2
    seed: int = 20240601

    @property
    def scheme(self) -> str:
        """Identifies signatures that are comparable with each other.

        v2 = the matching string (v1 + pinyin artifacts removed) and n-gram hash
        of this module; bump it when either changes, so that stored fingerprints
        are recomputed.
        """
        p = f"n{self.ngram}-p{self.num_perm}-h{self.head_chars}x{self.head_num_perm}"
        return f"v2-{p}-s{self.seed}"


def load_params(path: Path = _PARAMS_FILE) -> Params:
    """Parameters from the [params] table of dedup.toml (defaults when absent)."""
    if not path.exists():
        return Params()
    with path.open("rb") as fh:
        table = tomllib.load(fh).get("params", {})
    return Params(**table)


@lru_cache(maxsize=1)
def default_params() -> Params:
    return load_params()


# ---------------------------------------------------------------- text → n-grams


def _placeholder_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each placeholder in text."""
    spans = []
    for m in _PLACEHOLDER_CHARS.finditer(text):
        if _X_ONLY.fullmatch(m.group()):
            start, end = m.span()
            latin_next = (start > 0 and _LATIN.match(text[start - 1])) or (
                end < len(text) and _LATIN.match(text[end])
            )
            if end - start < 2 or latin_next:
                continue
        spans.append(m.span())
    return spans


def _replace_placeholders(text: str, by: str) -> str:
    spans = _placeholder_spans(text)
    if not spans:
        return text
    parts, last = [], 0
    for start, end in spans:
        parts += [text[last:start], by]
        last = end
    parts.append(text[last:])
    return "".join(parts)


def placeholder_share(text: str) -> float:
    """Share of the non-whitespace characters that are placeholders (xx, **, ×, ＊)."""
    chars = len(_SPACE.sub("", text))
    if chars == 0:
        return 0.0
    return sum(end - start for start, end in _placeholder_spans(text)) / chars


def matching_string(text: str) -> str:
    """The text as compared: normalised, placeholders and numbers reduced to ``0``."""
    if "(" in text or "（" in text:
        text = remove_pinyin(text)
    text = _FAST_DELETE.sub("", _replace_placeholders(text, "0"))
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


# ---------------------------------------------------------------- verification


@dataclass(frozen=True)
class Shingles:
    """Exact n-gram sets of one text, for verification."""

    full: np.ndarray
    head: np.ndarray

    @classmethod
    def of(cls, text: str, params: Params | None = None) -> Shingles:
        p = params or default_params()
        m = matching_string(text)
        return cls(ngram_set(m, p.ngram), ngram_set(m[: p.head_chars], p.ngram))


def _jaccard(a: np.ndarray, b: np.ndarray) -> float:
    inter = len(np.intersect1d(a, b, assume_unique=True))
    union = len(a) + len(b) - inter
    return inter / union if union else 1.0


def _containment(a: np.ndarray, b: np.ndarray) -> float:
    shorter = min(len(a), len(b))
    return len(np.intersect1d(a, b, assume_unique=True)) / shorter if shorter else 0.0


def similarity(a: Shingles, b: Shingles, params: Params | None = None) -> float:
    """Verified similarity in [0, 1]; 0 when the pair must not be merged.

    Jaccard when that passes; otherwise, for a preview, the containment of the
    shorter text in the longer one (only when the shorter head is contained in
    the longer head: both start alike).
    """
    p = params or default_params()
    inter = len(np.intersect1d(a.full, b.full, assume_unique=True))
    union = len(a.full) + len(b.full) - inter
    jaccard = inter / union if union else 1.0
    if jaccard >= p.jaccard_min:
        return jaccard
    shorter = min(len(a.full), len(b.full))
    containment = inter / shorter if shorter else 0.0
    if containment >= p.containment_min and _containment(a.head, b.head) >= p.head_containment_min:
        return containment
    return 0.0


def is_near_duplicate(text_a: str, text_b: str, params: Params | None = None) -> bool:
    """Whether two texts are the same document (exact check, no LSH)."""
    p = params or default_params()
    return similarity(Shingles.of(text_a, p), Shingles.of(text_b, p), p) > 0.0


# ---------------------------------------------------------------- LSH index


def band_hashes(sigs: np.ndarray, bands: int) -> np.ndarray:
    """(docs, bands) uint64: one hash per band of rows = num_perm / bands values."""
    docs, perm = sigs.shape
    rows = perm // bands
    parts = sigs[:, : bands * rows].reshape(docs, bands, rows).astype(np.uint64)
    h = np.zeros((docs, bands), dtype=np.uint64)
    with np.errstate(over="ignore"):
        for k in range(rows):
            h = h * np.uint64(0x100000001B3) + parts[:, :, k] * _MULT[k % len(_MULT)]
        h ^= h >> np.uint64(33)
    return h


class _Runs:
    """Band hash → doc ids, as sorted numpy runs merged like a log-structured tree.

    Dicts of 1M docs × ~50 bands would need several GB; sorted uint64/int32
    arrays need 12 bytes per entry and answer many queries at once with
    searchsorted.
    """

    def __init__(self, bands: int) -> None:
        self.bands = bands
        self.runs: list[tuple[np.ndarray, np.ndarray]] = []  # (keys, ids), each (bands, m)

    def add(self, keys: np.ndarray, ids: np.ndarray) -> None:
        """keys: (m, bands) band hashes of docs ids (m,)."""
        if len(ids) == 0:
            return
        ids = np.broadcast_to(ids.astype(np.int32), keys.T.shape)
        self.runs.append(self._merged([(keys.T, ids)]))
        # Merge while the newest run is at least half the size of the one before:
        # O(log N) runs, each entry re-sorted O(log N) times.
        while len(self.runs) > 1 and self.runs[-1][0].shape[1] * 2 >= self.runs[-2][0].shape[1]:
            newer, older = self.runs.pop(), self.runs.pop()
            self.runs.append(self._merged([older, newer]))

    @staticmethod
    def _merged(parts: list[tuple[np.ndarray, np.ndarray]]) -> tuple[np.ndarray, np.ndarray]:
        """One run sorted per band from parts; built band by band, so a merge
        needs the inputs plus the output (no full-size temporaries)."""
        width = sum(k.shape[1] for k, _ in parts)
        out_keys = np.empty((parts[0][0].shape[0], width), np.uint64)
        out_ids = np.empty(out_keys.shape, np.int32)
        for b in range(out_keys.shape[0]):
            row = np.concatenate([k[b] for k, _ in parts])
            order = np.argsort(row, kind="stable")  # timsort: merging two runs is ~linear
            out_keys[b] = row[order]
            out_ids[b] = np.concatenate([i[b] for _, i in parts])[order]
        return out_keys, out_ids

    def query(self, keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Pairs (query row, doc id) sharing at least one band (may repeat)."""
        rows, found = [], []
        for run_keys, run_ids in self.runs:
            for b in range(self.bands):
                lo = np.searchsorted(run_keys[b], keys[:, b], "left")
                hi = np.searchsorted(run_keys[b], keys[:, b], "right")
                counts = hi - lo
                if not counts.any():
                    continue
                rows.append(np.repeat(np.arange(len(keys)), counts))
                found.append(run_ids[b][_window_starts(lo, counts)])
        if not rows:
            return np.empty(0, np.int64), np.empty(0, np.int64)
        return np.concatenate(rows), np.concatenate(found).astype(np.int64)


@dataclass
class _Candidates:
    """Candidate pairs (new row, existing id) that passed the signature prefilter."""

    rows: np.ndarray
    ids: np.ndarray
    estimate: np.ndarray


class NearDuplicateIndex:
    """In-memory LSH index over stored fingerprints; matches are verified on texts.

    Keys are strings (document ids of the store). Adding never touches the
    fingerprints already indexed, and an index rebuilt from stored rows in the
    same order answers exactly as before.
    """

    def __init__(self, params: Params | None = None) -> None:
        self.params = params or default_params()
        p = self.params
        self._full = _Runs(p.bands)
        self._head = _Runs(p.head_bands)
        self._keys: list[str | None] = []
        self._ids: dict[str, int] = {}
        # content_hash → ids with that hash, an int when there is one (the usual
        # case: a list per document would cost ~100 MB per million documents).
        self._by_hash: dict[str, int | list[int]] = {}
        self._sig = np.empty((0, p.num_perm), np.uint32)
        self._headsig = np.empty((0, p.head_num_perm), np.uint32)
        self._length = np.empty(0, np.int64)
        self._alive = np.empty(0, bool)  # False once removed (tombstone in the runs)
        self._hash_of: list[str] = []
        self._size = 0

    def __len__(self) -> int:
        return len(self._ids)

    def __contains__(self, key: str) -> bool:
        return key in self._ids

    # -- adding and removing

    def add(self, key: str, fp: Fingerprint) -> None:
        self.add_many([key], [fp])

    def add_many(self, keys: Sequence[str], fps: Sequence[Fingerprint]) -> None:
        """Index a batch; existing entries are not recomputed."""
        if len(keys) != len(fps):
            raise ValueError("keys and fingerprints differ in number")
        for key in keys:
            if key in self._ids:
                raise KeyError(f"key already indexed: {key}")
        sigs, heads, lengths = self._arrays(fps)
        ids = np.arange(self._size, self._size + len(keys), dtype=np.int64)
        self._grow(sigs, heads, lengths)
        for key, fp, i in zip(keys, fps, ids.tolist(), strict=True):
            self._keys.append(key)
            self._ids[key] = i
            self._hash_of.append(fp.content_hash)
            self._add_hash(fp.content_hash, i)
        self._full.add(band_hashes(sigs, self.params.bands), ids)
        self._head.add(band_hashes(heads, self.params.head_bands), ids)

    def remove(self, key: str) -> None:
        """Forget a key (its band entries stay as tombstones, ignored by queries)."""
        i = self._ids.pop(key)
        self._keys[i] = None
        self._alive[i] = False
        h = self._hash_of[i]
        same = [j for j in self._hash_ids(h) if j != i]
        if not same:
            del self._by_hash[h]
        else:
            self._by_hash[h] = same if len(same) > 1 else same[0]

    def _add_hash(self, h: str, i: int) -> None:
        known = self._by_hash.get(h)
        if known is None:
            self._by_hash[h] = i
        elif isinstance(known, int):
            self._by_hash[h] = [known, i]
        else:
            known.append(i)

    def _hash_ids(self, h: str) -> list[int]:
        known = self._by_hash.get(h)
        if known is None:
            return []
        return [known] if isinstance(known, int) else known

    def _arrays(self, fps: Sequence[Fingerprint]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        p = self.params
        for fp in fps:
            if fp.scheme != p.scheme:
                raise ValueError(f"fingerprint scheme {fp.scheme} != index scheme {p.scheme}")
        sigs = np.frombuffer(b"".join(fp.signature for fp in fps), "<u4").reshape(-1, p.num_perm)
        heads = np.frombuffer(b"".join(fp.head_signature for fp in fps), "<u4").reshape(
            -1, p.head_num_perm
        )
        lengths = np.fromiter((fp.length for fp in fps), np.int64, len(fps))
        return sigs.astype(np.uint32), heads.astype(np.uint32), lengths

    def _grow(self, sigs: np.ndarray, heads: np.ndarray, lengths: np.ndarray) -> None:
        """Append rows, growing capacity geometrically so that adding one by one stays linear."""
        need = self._size + len(sigs)
        if need > len(self._sig):
            cap = max(need, len(self._sig) * 3 // 2, 1024)
            self._sig = _resized(self._sig, cap)
            self._headsig = _resized(self._headsig, cap)
            self._length = _resized(self._length, cap)
            self._alive = _resized(self._alive, cap)
        self._sig[self._size : need] = sigs
        self._headsig[self._size : need] = heads
        self._length[self._size : need] = lengths
        self._alive[self._size : need] = True
        self._size = need

    # -- matching

    def match(self, fp: Fingerprint, text: str, get_text: Callable[[str], str]) -> str | None:
        """Key of an indexed near-duplicate of text (best verified), or None."""
        return self.match_many([fp], [text], get_text)[0]

    def match_many(
        self,
        fps: Sequence[Fingerprint],
        texts: Sequence[str],
        get_text: Callable[[str], str],
    ) -> list[str | None]:
        """match() for a batch, against the index only (not against each other)."""
        limit = np.full(len(fps), self._size, dtype=np.int64)
        return self._match(fps, texts, get_text, limit)

    def match_added(
        self, keys: Sequence[str], texts: Sequence[str], get_text: Callable[[str], str]
    ) -> list[str | None]:
        """For indexed keys: best match among the keys indexed before each one.

        Equal to calling match() before add() one key at a time, but vectorised.
        """
        ids = np.fromiter((self._ids[k] for k in keys), np.int64, len(keys))
        fps = [self._stored(i) for i in ids.tolist()]
        return self._match(fps, texts, get_text, ids)

    def fingerprint_of(self, key: str) -> Fingerprint:
        """The indexed fingerprint of key (as to_row would store it)."""
        return self._stored(self._ids[key])

    def _stored(self, i: int) -> Fingerprint:
        return Fingerprint(
            self._hash_of[i],
            self._sig[i].astype("<u4").tobytes(),
            self._headsig[i].astype("<u4").tobytes(),
            int(self._length[i]),
            self.params.scheme,
        )

    def _match(
        self,
        fps: Sequence[Fingerprint],
        texts: Sequence[str],
        get_text: Callable[[str], str],
        limit: np.ndarray,
    ) -> list[str | None]:
        """Best match per row among ids < limit[row]: an exact duplicate first."""
        result: list[str | None] = [
            self._exact(fp, int(lim)) for fp, lim in zip(fps, limit.tolist(), strict=True)
        ]
        todo = [j for j, key in enumerate(result) if key is None]
        if not todo:
            return result
        sigs, heads, lengths = self._arrays([fps[j] for j in todo])
        cand = self._candidates(sigs, heads, lengths, limit[todo])
        for row, key in self._verify(cand, [texts[j] for j in todo], get_text).items():
            result[todo[row]] = key
        return result

    def _exact(self, fp: Fingerprint, limit: int) -> str | None:
        ids = self._hash_ids(fp.content_hash)
        return self._keys[ids[0]] if ids and ids[0] < limit else None

    def _candidates(
        self, sigs: np.ndarray, heads: np.ndarray, lengths: np.ndarray, limit: np.ndarray
    ) -> _Candidates:
        p = self.params
        r1, i1 = self._full.query(band_hashes(sigs, p.bands))
        r2, i2 = self._head.query(band_hashes(heads, p.head_bands))
        pairs = np.unique(np.concatenate([r1, r2]) << 32 | np.concatenate([i1, i2]))
        rows, ids = pairs >> 32, pairs & 0xFFFFFFFF
        earlier = ids < limit[rows]
        rows, ids = rows[earlier], ids[earlier]
        live = self._alive[ids]
        rows, ids = rows[live], ids[live]
        estimate, keep = _prefilter(
            (sigs[rows], self._sig[ids]),
            (heads[rows], self._headsig[ids]),
            (lengths[rows], self._length[ids]),
            p,
        )
        return _Candidates(rows[keep], ids[keep], estimate[keep])

    def _verify(
        self, cand: _Candidates, texts: Sequence[str], get_text: Callable[[str], str]
    ) -> dict[int, str]:
        """Best verified id per query row (highest similarity, then lowest id)."""
        best: dict[int, tuple[float, int]] = {}
        mine: dict[int, Shingles] = {}
        theirs: dict[int, Shingles] = {}
        for row, i in zip(cand.rows.tolist(), cand.ids.tolist(), strict=True):
            if row not in mine:
                mine[row] = Shingles.of(texts[row], self.params)
            if i not in theirs:
                theirs[i] = Shingles.of(get_text(self._keys[i]), self.params)
            score = similarity(mine[row], theirs[i], self.params)
            if score > 0 and (row not in best or (score, -i) > (best[row][0], -best[row][1])):
                best[row] = (score, i)
        return {row: self._keys[i] for row, (_, i) in best.items()}


def _resized(a: np.ndarray, rows: int) -> np.ndarray:
    out = np.empty((rows, *a.shape[1:]), a.dtype)
    out[: len(a)] = a
    return out


def _prefilter(
    sig: tuple[np.ndarray, np.ndarray],
    head: tuple[np.ndarray, np.ndarray],
    length: tuple[np.ndarray, np.ndarray],
    p: Params,
) -> tuple[np.ndarray, np.ndarray]:
    """Signature estimates of each candidate pair; keep those that may verify.

    Containment is estimated from Jaccard and the n-gram counts:
    |A∩B| = J (|A| + |B|) / (1 + J); a head has min(length, head_chars) characters.
    """
    jac = (sig[0] == sig[1]).mean(axis=1) if len(sig[0]) else np.empty(0)
    head_jac = (head[0] == head[1]).mean(axis=1) if len(head[0]) else np.empty(0)
    contain = _contained(jac, length[0], length[1], p.ngram)
    head_contain = _contained(
        head_jac, np.minimum(length[0], p.head_chars), np.minimum(length[1], p.head_chars), p.ngram
    )
    m = p.prefilter_margin
    keep = (jac >= p.jaccard_min - m) | (
        (contain >= p.containment_min - m) & (head_contain >= p.head_containment_min - m)
    )
    return np.maximum(jac, np.minimum(contain, 1.0)), keep


def _contained(jac: np.ndarray, len_a: np.ndarray, len_b: np.ndarray, n: int) -> np.ndarray:
    """Containment of the smaller n-gram set estimated from Jaccard and lengths."""
    la, lb = (np.maximum(x - n + 1, 1) for x in (len_a, len_b))
    return jac * (la + lb) / (1 + jac) / np.minimum(la, lb)


# ---------------------------------------------------------------- clustering


def completeness(text: str) -> tuple[int, int, float, int]:
    """Sort key (higher = better) for the canonical member of a cluster.

    Not a truncated preview, then the longest clean body (placeholders not
    counted), then the fewest placeholders, then the most text as written.
    """
    truncated = bool(_TRUNCATED_END.search(text.strip()))
    share = placeholder_share(text)
    clean = len(normalize_for_hash(_fast_input(_replace_placeholders(text, ""))))
    return (0 if truncated else 1, clean, -share, len(text))


class Clusterer:
    """Sequential clustering: each document joins the cluster of its best match.

    The same documents added in the same order give the same clusters whether
    they come in one batch or many; cluster_texts and the store both use this.
    """

    def __init__(self, params: Params | None = None) -> None:
        self.index = NearDuplicateIndex(params)
        self.cluster_of: dict[str, str] = {}  # key → first member of its cluster

    def add_batch(
        self,
        keys: Sequence[str],
        fps: Sequence[Fingerprint],
        texts: Sequence[str],
        get_text: Callable[[str], str],
    ) -> list[str]:
        """Cluster root of each new document (get_text serves the earlier ones)."""
        self.index.add_many(keys, fps)
        batch = dict(zip(keys, texts, strict=True))

        def text_of(key: str) -> str:
            return batch[key] if key in batch else get_text(key)

        roots: list[str] = []
        for key, hit in zip(keys, self.index.match_added(keys, texts, text_of), strict=True):
            root = self.cluster_of[hit] if hit is not None else key
            self.cluster_of[key] = root
            roots.append(root)
        return roots


def cluster_texts(texts: dict[str, str], params: Params | None = None) -> dict[str, str]:
    """name → cluster id (the name of the cluster's most complete member).

    Exact duplicates (equal content_hash) join first; then near duplicates.
    Names are processed in sorted order, so the result does not depend on the
    order of the dict.
    """
    names = sorted(texts)
    clusterer = Clusterer(params)
    clusterer.add_batch(
        names,
        fingerprint_many([texts[n] for n in names], params),
        [texts[n] for n in names],
        texts.__getitem__,
    )
    return canonical_ids(clusterer.cluster_of, texts)


def canonical_ids(roots: dict[str, str], texts: dict[str, str]) -> dict[str, str]:
    """Replace each cluster root by the name of the cluster's most complete member."""
    members: dict[str, list[str]] = {}
    for name, root in roots.items():
        members.setdefault(root, []).append(name)
    best = {
        root: max(names, key=lambda n: (completeness(texts[n]), _neg(n)))
        for root, names in members.items()
    }
    return {name: best[root] for name, root in roots.items()}


def _neg(name: str) -> tuple[int, ...]:
    """Sort key that prefers the smaller name among equals in a max()."""
    return tuple(-ord(c) for c in name) + (1,)


# ---------------------------------------------------------------- command


def read_texts(in_dir: Path, err: TextIO) -> tuple[dict[str, str], int]:
    """Every IN_DIR/<name>.txt as UTF-8; failures reported on err and counted."""
    texts: dict[str, str] = {}
    failed = 0
    for path in sorted(in_dir.glob("*.txt")):
        try:
            texts[path.stem] = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            failed += 1
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else exc
            print(f"dedup: {path}: cannot read: {reason}", file=err)
    return texts, failed


def run_dedup_command(in_dir: Path, out: TextIO = sys.stdout) -> int:
    """`python -m cleaning dedup IN_DIR`: one JSON line {"id", "cluster"} per file."""
    in_dir = Path(in_dir)
    if not in_dir.is_dir():
        print(f"dedup: {in_dir}: not a directory", file=sys.stderr)
        return 1
    texts, failed = read_texts(in_dir, sys.stderr)
    for name, cluster in sorted(cluster_texts(texts).items()):
        out.write(json.dumps({"id": name, "cluster": cluster}, ensure_ascii=False) + "\n")
    return 1 if failed else 0


def iter_pairs(clusters: dict[str, str]) -> Iterable[tuple[str, str]]:
    """All unordered pairs of names in the same cluster (for precision/recall)."""
    members: dict[str, list[str]] = {}
    for name, cid in clusters.items():
        members.setdefault(cid, []).append(name)
    for names in members.values():
        names.sort()
        for i, a in enumerate(names):
            for b in names[i + 1 :]:
                yield a, b
