"""Near-duplicate parameters: chosen by measurement, kept in cleaning/data/dedup.toml."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

PARAMS_FILE = Path(__file__).parent.parent / "data" / "dedup.toml"
_PARAMS_FILE = PARAMS_FILE  # the file in force


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
    # Candidates whose signatures agree on this share of their rows are near-duplicates
    # without reading their texts: with 64 rows, 58 equal ones (0.906) happen for a pair
    # at the Jaccard threshold 0.45 with probability 1.7e-14, for a pair at 0.6 with 5e-8
    # (and such a pair verifies anyway). At a million documents the texts of those pairs
    # (about four in five of the reposts) were most of the verification's work.
    sure_jaccard: float = 0.9
    seed: int = 20240601

    @property
    def scheme(self) -> str:
        """Identifies signatures that are comparable with each other.

        v3 = the matching string (v1, + pinyin artifacts removed in v2, + the
        lexicon's one placeholder rule in v3) and the n-gram hash of
        cleaning.dedup.sketch; bump it when either changes, so that stored
        fingerprints are recomputed (corpus.store does so on open).
        """
        p = f"n{self.ngram}-p{self.num_perm}-h{self.head_chars}x{self.head_num_perm}"
        return f"v3-{p}-s{self.seed}"


def load_params(path: Path | None = None) -> Params:
    """Parameters from the [params] table of dedup.toml (defaults when absent)."""
    path = path or _PARAMS_FILE  # read when called: a test may point it elsewhere
    if not path.exists():
        return Params()
    with path.open("rb") as fh:
        table = tomllib.load(fh).get("params", {})
    return Params(**table)


@lru_cache(maxsize=1)
def default_params() -> Params:
    """The parameters in force (cleaning/data/dedup.toml), read once."""
    return load_params()
