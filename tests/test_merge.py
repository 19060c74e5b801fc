"""The merge policy on its own: where a version goes, which version a document shows."""

from __future__ import annotations

from corpus.merge import Placement, canonical_version, place_version

FULL = "一、主要工作\n全县新建学校三所,新增学位一千二百个,城区大班额问题全面化解。\n二、存在问题\n师资结构性缺编。"


def test_the_same_text_joins_its_document_and_a_refetch_is_unchanged():
    assert place_version(7, False, None) == Placement(7, "duplicate")
    assert place_version(7, True, None) == Placement(7, "unchanged")


def test_an_exact_match_wins_over_a_near_one():
    assert place_version(7, False, 9) == Placement(7, "duplicate")


def test_a_near_duplicate_joins_that_document_and_a_new_text_makes_one():
    assert place_version(None, False, 9) == Placement(9, "near_duplicate")
    assert place_version(None, False, None) == Placement(None, "stored")


def test_the_document_shows_its_most_complete_version():
    versions = {
        "preview": FULL[:40] + "…",  # cut short by a site
        "redacted": FULL.replace("三所", "x所").replace("一千二百", "xx"),
        "full": FULL,
    }
    assert canonical_version(versions) == "full"
    assert canonical_version({k: v for k, v in versions.items() if k != "full"}) == "redacted"


def test_the_choice_between_equal_versions_does_not_depend_on_their_order():
    retitled = {"b2": FULL, "a1": FULL, "c3": FULL}  # the same body under three titles
    assert canonical_version(retitled) == "a1"
    assert canonical_version(dict(reversed(retitled.items()))) == "a1"
