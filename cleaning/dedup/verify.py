"""Verifying a candidate pair on the texts: n-gram Jaccard, or containment for a preview."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from cleaning.dedup.params import Params, default_params
from cleaning.dedup.sketch import Matching, matching_string, ngram_set


@dataclass(frozen=True)
class Shingles:
    """Exact n-gram sets of one text, for verification."""

    full: np.ndarray
    head: np.ndarray

    @classmethod
    def of(cls, text: str, params: Params | None = None) -> Shingles:
        p = params or default_params()
        m = text if isinstance(text, Matching) else matching_string(text)
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


def score_groups(
    groups: Sequence[tuple[str, Sequence[str]]], params: Params | None = None
) -> list[list[float]]:
    """similarity() of each text to each of its candidate texts (0 = not the same document)."""
    p = params or default_params()
    out = []
    for text, candidates in groups:
        mine = Shingles.of(text, p)
        out.append([similarity(mine, Shingles.of(other, p), p) for other in candidates])
    return out


def is_near_duplicate(text_a: str, text_b: str, params: Params | None = None) -> bool:
    """Whether two texts are the same document (exact check, no LSH)."""
    p = params or default_params()
    return similarity(Shingles.of(text_a, p), Shingles.of(text_b, p), p) > 0.0
