"""Merge policy: where a version of a text goes, and which version a document shows.

Pure decisions, no database: the store asks, then writes what they say.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from cleaning.dedup import completeness


@dataclass(frozen=True)
class Placement:
    document_id: int | None  # None: the text is new, a document is to be made
    outcome: str  # stored, duplicate, near_duplicate, unchanged


def place_version(
    exact_document: int | None, same_url_same_text: bool, near_document: int | None
) -> Placement:
    """A version joins the document that holds the same text, else a near duplicate's, else none.

    ``exact_document``: the document already holding this very text (after
    normalisation); ``same_url_same_text``: this URL gave this text last time;
    ``near_document``: the document of a verified near duplicate.
    """
    if exact_document is not None:
        return Placement(exact_document, "unchanged" if same_url_same_text else "duplicate")
    if near_document is not None:
        return Placement(near_document, "near_duplicate")
    return Placement(None, "stored")


def canonical_version(bodies: Mapping[str, str]) -> str:
    """The id of the version a document shows: not a preview, the longest clean body, then
    the fewest placeholders (see cleaning.dedup.completeness); equals, the smallest id.

    The choice depends on the versions only, never on the order they came in: a crawl
    shared by several workers stores the corpus a single process stores.
    """
    return min(bodies, key=lambda version: (_negated(completeness(bodies[version])), version))


def _negated(key: tuple) -> tuple:
    return tuple(-part for part in key)
