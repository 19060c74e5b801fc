"""The LSH index: banded signatures in sorted numpy runs, candidates verified on the texts."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from cleaning.dedup.params import Params, default_params
from cleaning.dedup.sketch import _MULT, Fingerprint, Sketches, _window_starts
from cleaning.dedup.verify import score_groups


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

    Dicts of 1M docs × ~50 bands would need several GB; sorted uint32/int32
    arrays need 8 bytes per entry and answer many queries at once with
    searchsorted. Keys keep 32 bits of each band hash: at a million documents
    that adds a few thousand chance candidates in all, which the signature
    prefilter drops.
    """

    def __init__(self, bands: int) -> None:
        self.bands = bands
        # Each run: (keys, ids), one sorted array per band, so that a merge can
        # free its inputs band by band.
        self.runs: list[tuple[list[np.ndarray], list[np.ndarray]]] = []

    def add(self, keys: np.ndarray, ids: np.ndarray) -> None:
        """keys: (m, bands) band hashes of docs ids (m,)."""
        if len(ids) == 0:
            return
        ids = ids.astype(np.int32)
        self.runs.append(self._merged([(list(_key32(keys).T), [ids] * self.bands)]))
        # Merge while the newest run is at least half the size of the one before:
        # O(log N) runs, each entry re-sorted O(log N) times.
        while len(self.runs) > 1 and len(self.runs[-1][0][0]) * 2 >= len(self.runs[-2][0][0]):
            newer, older = self.runs.pop(), self.runs.pop()
            self.runs.append(self._merged([older, newer]))

    @staticmethod
    def _merged(
        parts: list[tuple[list[np.ndarray], list[np.ndarray]]],
    ) -> tuple[list[np.ndarray], list[np.ndarray]]:
        """One run sorted per band from parts, built band by band: each input band
        is released once merged, so a merge needs little more than the run's size."""
        out_keys: list[np.ndarray] = []
        out_ids: list[np.ndarray] = []
        for b in range(len(parts[0][0])):
            row = np.concatenate([k[b] for k, _ in parts])
            ids = np.concatenate([i[b] for _, i in parts])
            for k, i in parts:
                k[b] = i[b] = None
            # timsort merges two sorted runs in ~linear time; one new run sorts faster unstably
            # (the order among equal keys does not matter to queries).
            order = np.argsort(row, kind="stable" if len(parts) > 1 else None)
            out_keys.append(row[order])
            out_ids.append(ids[order])
        return out_keys, out_ids

    def query(
        self, keys: np.ndarray, limit: np.ndarray | None = None
    ) -> tuple[np.ndarray, np.ndarray]:
        """Pairs (query row, doc id) sharing at least one band (may repeat).

        With limit, only ids < limit[row]: a document indexed before it is
        queried is not paired with itself and the later ones band after band.
        """
        rows, found = [], []
        keys = np.ascontiguousarray(_key32(keys).T)
        for run_keys, run_ids in self.runs:
            for b in range(self.bands):
                lo = np.searchsorted(run_keys[b], keys[b], "left")
                # Most keys are in no run: search the upper bound only for those that are.
                hit = np.flatnonzero(run_keys[b][np.minimum(lo, len(run_keys[b]) - 1)] == keys[b])
                if not len(hit):
                    continue
                lo = lo[hit]
                counts = np.searchsorted(run_keys[b], keys[b][hit], "right") - lo
                hit_rows = np.repeat(hit, counts)
                hit_ids = run_ids[b][_window_starts(lo, counts)]
                if limit is not None:
                    earlier = hit_ids < limit[hit_rows]
                    hit_rows, hit_ids = hit_rows[earlier], hit_ids[earlier]
                rows.append(hit_rows)
                found.append(hit_ids)
        if not rows:
            return np.empty(0, np.int64), np.empty(0, np.int64)
        return np.concatenate(rows), np.concatenate(found).astype(np.int64)


@dataclass
class _Candidates:
    """Candidate pairs (new row, existing id) that passed the signature prefilter."""

    rows: np.ndarray
    ids: np.ndarray
    jaccard: np.ndarray  # the signatures' estimate of each pair's Jaccard similarity


# Scores candidate texts against a text: [(text, [candidate texts])] → [[similarity]].
# Serial by default (verify.score_groups); a SketchPool spreads it over processes.
Scorer = Callable[[Sequence[tuple[str, Sequence[str]]]], list[list[float]]]


class NearDuplicateIndex:
    """In-memory LSH index over stored fingerprints; matches are verified on texts.

    Keys are strings (document ids of the store). Everything else is numpy
    arrays (~1 KB per document: signatures, band runs, the content digest), so
    a million stored fingerprints load from their blobs in seconds. Adding never
    touches the fingerprints already indexed, and an index rebuilt from stored
    rows in the same order answers exactly as before.
    """

    def __init__(self, params: Params | None = None, scorer: Scorer | None = None) -> None:
        self.params = params or default_params()
        p = self.params
        self.scorer: Scorer = scorer or (lambda groups: score_groups(groups, p))
        self._full = _Runs(p.bands)
        self._head = _Runs(p.head_bands)
        # Exact duplicates: the first 8 bytes of the content digest as a one-band
        # run (confirmed on all 20): no dict of a million hash strings.
        self._exact = _Runs(1)
        self._keys: list[str | None] = []
        self._ids: dict[str, int] = {}
        self._digest = np.empty((0, 20), np.uint8)
        self._sig = np.empty((0, p.num_perm), np.uint32)
        self._headsig = np.empty((0, p.head_num_perm), np.uint32)
        self._length = np.empty(0, np.int64)
        self._alive = np.empty(0, bool)  # False once removed (tombstone in the runs)
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
        self.add_sketches(keys, Sketches.of(fps, self.params))

    def add_sketches(self, keys: Sequence[str], sk: Sketches) -> np.ndarray:
        """Index a batch given as arrays; returns the internal ids given to keys."""
        if len(keys) != len(sk):
            raise ValueError("keys and fingerprints differ in number")
        if sk.scheme != self.params.scheme:
            raise ValueError(f"fingerprint scheme {sk.scheme} != index scheme {self.params.scheme}")
        known = [key for key in keys if key in self._ids]
        if known or len(set(keys)) != len(keys):
            raise KeyError(f"key already indexed: {known[0] if known else 'twice in the batch'}")
        ids = np.arange(self._size, self._size + len(keys), dtype=np.int64)
        self._ids.update(zip(keys, ids.tolist(), strict=True))
        self._keys.extend(keys)
        self._grow(sk)
        self._full.add(band_hashes(sk.sigs, self.params.bands), ids)
        self._head.add(band_hashes(sk.heads, self.params.head_bands), ids)
        self._exact.add(_exact_keys(sk.digests), ids)
        return ids

    def remove(self, key: str) -> None:
        """Forget a key (its band entries stay as tombstones, ignored by queries)."""
        i = self._ids.pop(key)
        self._keys[i] = None
        self._alive[i] = False

    def _grow(self, sk: Sketches) -> None:
        """Append rows, growing capacity geometrically so that adding one by one stays linear."""
        need = self._size + len(sk)
        if need > len(self._sig):
            cap = max(need, len(self._sig) * 3 // 2, 1024)
            for name in ("_digest", "_sig", "_headsig", "_length", "_alive"):
                setattr(self, name, _resized(getattr(self, name), cap))
        rows = slice(self._size, need)
        self._digest[rows], self._sig[rows], self._headsig[rows] = sk.digests, sk.sigs, sk.heads
        self._length[rows], self._alive[rows] = sk.lengths, True
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
        return self._match(Sketches.of(fps, self.params), texts, get_text, limit)

    def match_added(
        self, keys: Sequence[str], texts: Sequence[str], get_text: Callable[[str], str]
    ) -> list[str | None]:
        """For indexed keys: best match among the keys indexed before each one.

        Equal to calling match() before add() one key at a time, but vectorised.
        """
        ids = np.fromiter((self._ids[k] for k in keys), np.int64, len(keys))
        return self.match_ids(ids, texts, get_text)

    def match_ids(
        self, ids: np.ndarray, texts: Sequence[str], get_text: Callable[[str], str]
    ) -> list[str | None]:
        """match_added() by internal ids (as add_sketches returned them)."""
        sk = Sketches(
            self._digest[ids], self._sig[ids], self._headsig[ids], self._length[ids],
            self.params.scheme,
        )  # fmt: skip
        return self._match(sk, texts, get_text, ids)

    def fingerprint_of(self, key: str) -> Fingerprint:
        """The indexed fingerprint of key (as to_row would store it)."""
        i = self._ids[key]
        return Sketches(
            self._digest[i : i + 1], self._sig[i : i + 1], self._headsig[i : i + 1],
            self._length[i : i + 1], self.params.scheme,
        ).fingerprints()[0]  # fmt: skip

    def _match(
        self,
        sk: Sketches,
        texts: Sequence[str],
        get_text: Callable[[str], str],
        limit: np.ndarray,
    ) -> list[str | None]:
        """Best match per row among ids < limit[row]: an exact duplicate first."""
        exact = self._exact_ids(sk.digests, limit)
        result: list[str | None] = [self._keys[i] if i >= 0 else None for i in exact.tolist()]
        todo = np.flatnonzero(exact < 0)
        if not len(todo):
            return result
        cand = self._candidates(sk.sigs[todo], sk.heads[todo], sk.lengths[todo], limit[todo])
        for row, key in self._verify(cand, [texts[j] for j in todo.tolist()], get_text).items():
            result[int(todo[row])] = key
        return result

    def _exact_ids(self, digests: np.ndarray, limit: np.ndarray) -> np.ndarray:
        """Per row, the first live id < limit with the same content digest, else -1."""
        rows, ids = self._exact.query(_exact_keys(digests), limit)
        ok = self._alive[ids]
        rows, ids = rows[ok], ids[ok]
        same = (self._digest[ids] == digests[rows]).all(axis=1)
        rows, ids = rows[same], ids[same]
        first = np.full(len(digests), np.iinfo(np.int64).max)
        np.minimum.at(first, rows, ids)
        return np.where(first == np.iinfo(np.int64).max, -1, first)

    def _candidates(
        self, sigs: np.ndarray, heads: np.ndarray, lengths: np.ndarray, limit: np.ndarray
    ) -> _Candidates:
        p = self.params
        r1, i1 = self._full.query(band_hashes(sigs, p.bands), limit)
        r2, i2 = self._head.query(band_hashes(heads, p.head_bands), limit)
        rows, ids = np.concatenate([r1, r2]), np.concatenate([i1, i2])
        live = self._alive[ids]
        rows, ids = rows[live], ids[live]
        # Chance band collisions grow with the index (stock prose shared by
        # unrelated texts), to hundreds of pairs per document at a million, nearly
        # all seen in one band only: they are filtered as they come, in blocks
        # (bounded memory), and only the few kept pairs are deduplicated.
        jaccard = np.empty(len(rows))
        keep = np.empty(len(rows), bool)
        for lo in range(0, len(rows), _PAIR_BLOCK):
            r, i = rows[lo : lo + _PAIR_BLOCK], ids[lo : lo + _PAIR_BLOCK]
            jaccard[lo : lo + _PAIR_BLOCK], keep[lo : lo + _PAIR_BLOCK] = _prefilter(
                (sigs[r], self._sig[i]),
                (heads[r], self._headsig[i]),
                (lengths[r], self._length[i]),
                p,
            )
        rows, ids, jaccard = rows[keep], ids[keep], jaccard[keep]
        pairs = rows << 32 | ids
        order = np.argsort(pairs, kind="stable")
        first = np.ones(len(order), bool)
        first[1:] = pairs[order][1:] != pairs[order][:-1]
        unique = order[first]  # sorted by row, then id
        return _Candidates(rows[unique], ids[unique], jaccard[unique])

    def _verify(
        self, cand: _Candidates, texts: Sequence[str], get_text: Callable[[str], str]
    ) -> dict[int, str]:
        """Best match per query row: a sure pair on its signatures, else the best verified.

        A row with a sure candidate (signatures that agree on at least ``sure_jaccard``
        of their rows) takes the surest one, lowest id first, and reads no text; the
        other rows' candidates are verified on the texts (highest similarity, then
        lowest id).
        """
        if not len(cand.rows):
            return {}
        best = self._sure(cand)
        doubtful = ~np.isin(cand.rows, np.fromiter(best, np.int64, len(best)))
        cand = _Candidates(cand.rows[doubtful], cand.ids[doubtful], cand.jaccard[doubtful])
        if not len(cand.rows):
            return best
        # Pairs come sorted by row, then id: one group of candidate ids per row.
        rows, starts = np.unique(cand.rows, return_index=True)
        groups = np.split(cand.ids, starts[1:])
        fetched: dict[int, str] = {}
        for i in cand.ids.tolist():
            if i not in fetched:
                fetched[i] = get_text(self._keys[i])
        scores = self.scorer(
            [
                (texts[r], [fetched[i] for i in g.tolist()])
                for r, g in zip(rows.tolist(), groups, strict=True)
            ]
        )
        for row, ids, score in zip(rows.tolist(), groups, scores, strict=True):
            top = max(zip(score, (-i for i in ids.tolist()), strict=True), default=(0.0, 0))
            if top[0] > 0:
                best[row] = self._keys[-top[1]]
        return best

    def _sure(self, cand: _Candidates) -> dict[int, str]:
        """Rows with a sure candidate: the one whose signatures agree most (lowest id on ties)."""
        sure = cand.jaccard >= self.params.sure_jaccard
        rows, ids, jac = cand.rows[sure], cand.ids[sure], cand.jaccard[sure]
        order = np.lexsort((ids, -jac, rows))  # by row, then surest, then lowest id
        rows, ids = rows[order], ids[order]
        first = np.ones(len(rows), bool)
        first[1:] = rows[1:] != rows[:-1]
        return {int(r): self._keys[i] for r, i in zip(rows[first], ids[first].tolist(), strict=True)}


def _key32(keys: np.ndarray) -> np.ndarray:
    return (keys & np.uint64(0xFFFFFFFF)).astype(np.uint32)


_PAIR_BLOCK = 1 << 16  # candidate pairs whose signatures are compared at once


def _exact_keys(digests: np.ndarray) -> np.ndarray:
    """(m, 1) run keys from the first bytes of each content digest."""
    return np.ascontiguousarray(digests[:, :8]).view("<u8").astype(np.uint64).reshape(-1, 1)


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
    """Signature estimate of each candidate pair's Jaccard; keep the pairs that may verify.

    Containment is estimated from Jaccard and the n-gram counts:
    |A∩B| = J (|A| + |B|) / (1 + J); a head has min(length, head_chars) characters.
    """
    jac = np.count_nonzero(sig[0] == sig[1], axis=1) / sig[0].shape[1]
    head_jac = np.count_nonzero(head[0] == head[1], axis=1) / head[0].shape[1]
    contain = _contained(jac, length[0], length[1], p.ngram)
    head_contain = _contained(
        head_jac, np.minimum(length[0], p.head_chars), np.minimum(length[1], p.head_chars), p.ngram
    )
    m = p.prefilter_margin
    keep = (jac >= p.jaccard_min - m) | (
        (contain >= p.containment_min - m) & (head_contain >= p.head_containment_min - m)
    )
    return jac, keep


def _contained(jac: np.ndarray, len_a: np.ndarray, len_b: np.ndarray, n: int) -> np.ndarray:
    """Containment of the smaller n-gram set estimated from Jaccard and lengths."""
    la, lb = (np.maximum(x - n + 1, 1) for x in (len_a, len_b))
    return jac * (la + lb) / (1 + jac) / np.minimum(la, lb)
