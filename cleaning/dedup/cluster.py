"""Clusters of near-duplicate texts and the canonical member of each."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from cleaning.dedup.index import NearDuplicateIndex
from cleaning.dedup.params import Params
from cleaning.dedup.sketch import Fingerprint, _fast_input, fingerprint_many
from cleaning.fingerprint import normalize_for_hash
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
    clean = len(normalize_for_hash(_fast_input(replace_placeholders(text, ""))))
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
