"""Worker processes for the CPU-bound part of matching: sketching texts and verifying pairs.

Normalising, n-gram hashing and verification are pure Python/numpy work held by
the GIL; a pool of processes spreads them over the cores. Workers receive texts
and return numpy arrays (Sketches) or floats, never Fingerprint objects.
"""

from __future__ import annotations

import multiprocessing as mp
import os
from collections.abc import Sequence
from multiprocessing.pool import AsyncResult

from cleaning.dedup.params import Params, default_params
from cleaning.dedup.sketch import Matching, Sketches, sketch_and_match
from cleaning.dedup.verify import score_groups

# Texts per task at most: big enough to amortise sending them, small enough
# that the workers share a batch evenly.
_SKETCH_TASK = 500
_SCORE_TASK = 200


class SketchPool:
    """A process pool (``workers`` processes) with the sketching and scoring jobs.

    Use as a context manager, or call close(). ``workers`` ≤ 1 runs everything in
    this process (no pool), which gives the same results.
    """

    def __init__(self, workers: int | None = None, params: Params | None = None) -> None:
        self.params = params or default_params()
        self.workers = min(workers or os.cpu_count() or 1, os.cpu_count() or 1)
        # spawn, not fork: rensa's threads may already run in this process.
        self._pool = (
            mp.get_context("spawn").Pool(self.workers, _init_worker, (self.params,))
            if self.workers > 1
            else None
        )

    def __enter__(self) -> SketchPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self._pool is not None:
            self._pool.close()
            self._pool.join()
            self._pool = None

    def sketch(self, texts: Sequence[str]) -> Sketches:
        """sketch_texts(texts) computed by the workers."""
        return self.sketch_async(texts).get()

    def sketch_async(self, texts: Sequence[str]) -> PendingSketches:
        """Start sketching texts; .get() waits for the Sketches (in the order of texts)."""
        if self._pool is None or not texts:
            return PendingSketches(sketch_and_match(texts, self.params), None)
        return PendingSketches(
            None, self._pool.map_async(_sketch, self._split(texts, _SKETCH_TASK))
        )

    def score(self, groups: Sequence[tuple[str, Sequence[str]]]) -> list[list[float]]:
        """score_groups(groups) computed by the workers (a Scorer for NearDuplicateIndex)."""
        if self._pool is None or len(groups) < 2:
            return score_groups(groups, self.params)
        return [
            s for part in self._pool.map(_score, self._split(groups, _SCORE_TASK)) for s in part
        ]

    def _split(self, items: Sequence, size: int) -> list[Sequence]:
        """Tasks of at most size items, and at least two per worker (balance)."""
        tasks = max(2 * self.workers, -(-len(items) // size))
        step = -(-len(items) // tasks)
        return [items[i : i + step] for i in range(0, len(items), step)]


class PendingSketches:
    """Sketches being computed by the pool (or already computed in this process)."""

    def __init__(
        self, done: tuple[Sketches, list[Matching]] | None, pending: AsyncResult | None
    ) -> None:
        self._done, self._pending = done, pending

    def get(self) -> Sketches:
        return self._result()[0]

    def matching(self) -> list[Matching]:
        """The texts' matching strings: give them to verification instead of the texts."""
        return self._result()[1]

    def _result(self) -> tuple[Sketches, list[Matching]]:
        if self._done is None:
            parts = self._pending.get()
            self._done = Sketches.concat([s for s, _ in parts]), [m for _, ms in parts for m in ms]
        return self._done


_params: Params | None = None


def _init_worker(params: Params) -> None:
    global _params
    _params = params


def _sketch(texts: Sequence[str]) -> tuple[Sketches, list[Matching]]:
    return sketch_and_match(texts, _params)


def _score(groups: Sequence[tuple[str, Sequence[str]]]) -> list[list[float]]:
    return score_groups(groups, _params)
