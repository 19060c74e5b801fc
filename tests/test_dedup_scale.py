"""Near-duplicate matching at scale: arrays instead of objects, worker processes, bulk loading."""

from __future__ import annotations

import hashlib
import random
from pathlib import Path

import numpy as np
import pytest

from cleaning import dedup
from cleaning.dedup import Clusterer, NearDuplicateIndex, SketchPool, fingerprint, sketch_texts
from cleaning.dedup.sketch import _digest_and_matching
from cleaning.fingerprint import content_hash
from corpus.store import CorpusStore, open_db
from tests.test_store import make_doc, page

CASES = Path(__file__).parent / "cases" / "dedup"


@pytest.fixture(scope="module")
def texts() -> dict[str, str]:
    return {p.stem: p.read_text(encoding="utf-8") for p in sorted((CASES / "tune").glob("*.txt"))}


def test_signatures_are_those_stored_corpora_hold():
    """Scheme v3 values, computed before the array pipeline: stored rows stay valid."""
    fp = fingerprint((CASES / "heldout" / "heldout000_0.txt").read_text(encoding="utf-8"))
    assert hashlib.sha1(fp.signature + fp.head_signature).hexdigest() == (
        "8bc8f448f525bd5a65abd2887f3d4b77b17c163a"
    )
    assert (fp.content_hash, fp.length) == ("2808c03df38db91e02f42d8626e26d41f2d524be", 1615)


@pytest.mark.parametrize(
    "text",
    [
        "县教育局2023年工作总结，全县xx所学校。",
        "發(fā)展（fā）教育",
        "○○县**镇",
        "3x3",
        "",
        "纯文本",
    ],
)
def test_one_normalisation_gives_the_content_hash_and_the_matching_string(text):
    digest, matching = _digest_and_matching(text)
    assert digest.hex() == content_hash(text)
    assert matching == dedup.matching_string(text)


def test_pool_sketches_equal_one_process(texts):
    values = list(texts.values())[:120]
    with SketchPool(2) as pool:
        got = pool.sketch(values)
    assert got.fingerprints() == sketch_texts(values).fingerprints()


def test_clusters_with_worker_processes_equal_serial(texts):
    names = sorted(texts)
    serial = dedup.cluster_texts(texts)
    with SketchPool(2) as pool:
        clusterer = Clusterer(pool=pool)
        for start in range(0, len(names), 90):
            batch = names[start : start + 90]
            values = [texts[n] for n in batch]
            clusterer.add_sketches(batch, pool.sketch(values), values, texts.__getitem__)
    assert dedup.canonical_ids(clusterer.cluster_of, texts) == serial


def test_exact_duplicate_falls_to_the_next_live_copy(texts):
    body = texts["tune000_0"]
    relaid = "\n\n".join("　" + line for line in body.splitlines())
    index = NearDuplicateIndex()
    index.add_many(["a", "b"], [fingerprint(body), fingerprint(relaid)])
    assert index.match(fingerprint(body), body, {}.__getitem__) == "a"  # no text read
    index.remove("a")
    assert index.match(fingerprint(body), body, {}.__getitem__) == "b"


def test_a_key_indexed_twice_is_refused_and_nothing_is_added(texts):
    index = NearDuplicateIndex()
    fp = fingerprint(texts["tune000_0"])
    index.add("a", fp)
    with pytest.raises(KeyError):
        index.add_many(["b", "a"], [fp, fp])
    assert len(index) == 1 and "b" not in index


def test_reopened_store_indexes_the_stored_fingerprints(tmp_path):
    grammar = pytest.importorskip("mirror.grammar")
    path = tmp_path / "corpus.db"
    store = CorpusStore(open_db(path))
    for i in range(6):
        paragraphs = grammar.bureau_document(random.Random(i)).paragraphs
        store.add_page(page(f"http://a/{i}"), make_doc(paragraphs))
    reopened = CorpusStore(open_db(path))
    rows = list(reopened.db.query("select * from variant_fingerprints order by rowid"))
    assert len(reopened.index) == len(rows) == 6
    for row in rows:
        key = row.pop("id")
        assert reopened.index.fingerprint_of(key).to_row() == row


def test_band_runs_answer_like_a_dict():
    rng = np.random.default_rng(1)
    runs = dedup.index._Runs(2)
    table: dict[tuple[int, int], set[int]] = {}
    for batch in range(5):
        keys = rng.integers(0, 50, (40, 2)).astype(np.uint64)
        ids = np.arange(batch * 40, batch * 40 + 40)
        runs.add(keys, ids)
        for (k0, k1), i in zip(keys.tolist(), ids.tolist(), strict=True):
            table.setdefault((0, k0), set()).add(i)
            table.setdefault((1, k1), set()).add(i)
    queries = rng.integers(0, 60, (30, 2)).astype(np.uint64)
    rows, found = runs.query(queries)
    got = {(r, i) for r, i in zip(rows.tolist(), found.tolist(), strict=True)}
    want = {
        (r, i)
        for r, (k0, k1) in enumerate(queries.tolist())
        for i in table.get((0, k0), set()) | table.get((1, k1), set())
    }
    assert got == want
