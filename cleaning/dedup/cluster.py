"""Clusters of near-duplicate texts and the canonical member of each."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from cleaning.dedup.index import NearDuplicateIndex
from cleaning.dedup.params import Params
from cleaning.dedup.pool import SketchPool
from cleaning.dedup.sketch import Fingerprint, Sketches, fingerprint_many, normalised
from cleaning.lexicon import placeholder_share, replace_placeholders

# Endings of a text cut short by a site ("…", "阅读全文", "查看更多", "未完").
_TRUNCATED_END = re.compile(
    r"(\.{3,}|…+|阅读全文|查看全文|查看更多|展开全文|未完待续|未完|更多>+)\W*$"
)


def completeness(text: str) -> tuple[int, int, float, int]:
    """Sort key (higher = better) for the canonical member of a cluster.

    Not a truncated preview, then the longest clean body (placeholders not
    counted), then the fewest placeholders, then the most text as written.
    """
    truncated = bool(_TRUNCATED_END.search(text.strip()))
    share = placeholder_share(text)
    clean = len(normalised(replace_placeholders(text, "")))
    return (0 if truncated else 1, clean, -share, len(text))


class Clusterer:
    """Sequential clustering: each document joins the cluster of its best match.

    The same documents added in the same order give the same clusters whether
    they come in one batch or many; cluster_texts and the store both use this.
    """

    def __init__(self, params: Params | None = None, pool: SketchPool | None = None) -> None:
        self.index = NearDuplicateIndex(params, scorer=pool.score if pool else None)
        self.cluster_of: dict[str, str] = {}  # key → first member of its cluster

    def add_batch(
        self,
        keys: Sequence[str],
        fps: Sequence[Fingerprint],
        texts: Sequence[str],
        get_text: Callable[[str], str],
    ) -> list[str]:
        """Cluster root of each new document (get_text serves the earlier ones)."""
        return self.add_sketches(keys, Sketches.of(fps, self.index.params), texts, get_text)

    def add_sketches(
        self,
        keys: Sequence[str],
        sketches: Sketches,
        texts: Sequence[str],
        get_text: Callable[[str], str],
    ) -> list[str]:
        """add_batch() with the fingerprints as arrays (as SketchPool.sketch gives them)."""
        ids = self.index.add_sketches(keys, sketches)
        batch = dict(zip(keys, texts, strict=True))

        def text_of(key: str) -> str:
            return batch[key] if key in batch else get_text(key)

        roots: list[str] = []
        for key, hit in zip(keys, self.index.match_ids(ids, texts, text_of), strict=True):
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
