"""The LSH index: banded signatures in sorted numpy runs, candidates verified on the texts."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from cleaning.dedup.params import Params, default_params
from cleaning.dedup.sketch import _MULT, Fingerprint, _window_starts
from cleaning.dedup.verify import Shingles, similarity


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
