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

from cleaning.dedup.cluster import Clusterer, canonical_ids, cluster_texts, completeness
from cleaning.dedup.index import NearDuplicateIndex, band_hashes
from cleaning.dedup.params import Params, default_params, load_params
from cleaning.dedup.pool import SketchPool
from cleaning.dedup.sketch import (
    Fingerprint,
    Sketches,
    fingerprint,
    fingerprint_many,
    matching_string,
    sketch_texts,
)
from cleaning.dedup.verify import Shingles, is_near_duplicate, similarity
from cleaning.lexicon import placeholder_share

__all__ = [
    "Clusterer", "Fingerprint", "NearDuplicateIndex", "Params", "Shingles", "band_hashes",
    "canonical_ids", "cluster_texts", "completeness", "default_params", "fingerprint",
    "fingerprint_many", "is_near_duplicate", "load_params", "matching_string",
    "placeholder_share", "similarity", "SketchPool", "Sketches", "sketch_texts",
]  # fmt: skip
