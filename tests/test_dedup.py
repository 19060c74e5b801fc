"""Near-duplicate detection: cleaning/dedup/ against the labelled set in tests/cases/dedup."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from cleaning import dedup, dedup_eval
from cleaning.cli import run_dedup_command
from cleaning.dedup import (
    Clusterer,
    Fingerprint,
    NearDuplicateIndex,
    cluster_texts,
    completeness,
    fingerprint,
    fingerprint_many,
    is_near_duplicate,
)
from cleaning.fingerprint import content_hash
from tests.shared_sets import REALDEV, needs_realdev

CASES = Path(__file__).parent / "cases" / "dedup"


def load_split(name: str) -> tuple[dict[str, str], dict[str, dict[str, str]]]:
    labels = json.loads((CASES / name / "labels.json").read_text(encoding="utf-8"))
    texts = {n: (CASES / name / f"{n}.txt").read_text(encoding="utf-8") for n in labels}
    return texts, labels


@pytest.fixture(scope="module")
def tune():
    return load_split("tune")


@pytest.fixture(scope="module")
def heldout():
    return load_split("heldout")


def original_of(name: str, labels: dict) -> str:
    return f"{labels[name]['group']}_0"


def pairwise(clusters: dict[str, str], groups: dict[str, str]) -> tuple[float, float]:
    truth = set(dedup_eval.iter_pairs(groups))
    got = set(dedup_eval.iter_pairs(clusters))
    tp = len(truth & got)
    return tp / max(len(got), 1), tp / max(len(truth), 1)


# ---------------------------------------------------------------- exact duplicates


def test_exact_duplicates_share_a_cluster_and_the_content_hash(tune):
    texts, _ = tune
    body = texts["tune000_0"]
    relaid = "\n\n".join("　　" + line for line in body.splitlines())
    assert fingerprint(relaid).content_hash == fingerprint(body).content_hash
    clusters = cluster_texts({"a": body, "b": relaid, "c": texts["tune001_0"]})
    assert clusters["a"] == clusters["b"] != clusters["c"]


def test_fingerprint_content_hash_is_the_shared_exact_key(tune):
    texts, _ = tune
    for text in list(texts.values())[:60]:
        assert fingerprint(text).content_hash == content_hash(text)


def test_fingerprint_many_equals_fingerprint_one_by_one(tune):
    texts = list(tune[0].values())[:20] + ["", "短", "xx"]
    assert fingerprint_many(texts) == [fingerprint(t) for t in texts]


# ---------------------------------------------------------------- variants join


@pytest.mark.parametrize("kind", ["furniture", "year", "blank", "ocr", "traditional", "preview"])
def test_each_variant_kind_joins_its_original(tune, kind):
    texts, labels = tune
    names = [n for n, v in labels.items() if kind in v["kind"].split("+")]
    assert names, f"no {kind} variant in the labelled set"
    for name in names:
        original = original_of(name, labels)
        assert is_near_duplicate(texts[original], texts[name]), name
        clusters = cluster_texts({original: texts[original], name: texts[name]})
        assert clusters[original] == clusters[name], name


def test_placeholders_do_not_prevent_a_match(tune):
    texts, _ = tune
    body = texts["tune002_0"]
    for mark in ("xx", "XX", "**", "×", "＊＊"):
        blanked = "".join(mark if ch.isdigit() else ch for ch in body)
        assert is_near_duplicate(body, blanked), mark


def test_preview_is_matched_by_containment_not_jaccard(tune):
    texts, _ = tune
    full = texts["tune003_0"]
    preview = full[: int(len(full) * 0.4)] + "……阅读全文"
    p = dedup.default_params()
    a, b = dedup.Shingles.of(full), dedup.Shingles.of(preview)
    jaccard = len(set(a.full) & set(b.full)) / len(set(a.full) | set(b.full))
    assert jaccard < p.jaccard_min  # only the containment route can join them
    assert is_near_duplicate(full, preview)
    index = NearDuplicateIndex()
    index.add("full", fingerprint(full))
    assert index.match(fingerprint(preview), preview, {"full": full}.__getitem__) == "full"


def test_a_short_preview_joins_by_head_containment(tune):
    """Shorter than the head: the preview's head is contained in the full head,
    while their head Jaccard is only the preview's share of it."""
    texts, _ = tune
    full = texts["tune003_0"].replace("\n", "")[:420]
    preview = full[: int(len(full) * 0.48)]
    a, b = dedup.Shingles.of(full), dedup.Shingles.of(preview)
    head_jaccard = len(set(a.head) & set(b.head)) / len(set(a.head) | set(b.head))
    assert head_jaccard < dedup.default_params().head_containment_min
    assert is_near_duplicate(full, preview)
    index = NearDuplicateIndex()
    index.add("full", fingerprint(full))
    assert index.match(fingerprint(preview), preview, {"full": full}.__getitem__) == "full"


def test_pinyin_artifacts_do_not_prevent_a_match(tune):
    texts, _ = tune
    body = texts["tune004_0"]
    marked = body.replace("发展", "發(fā)展").replace("进", "進(jìn)").replace("学", "學(xué)")
    assert dedup.matching_string(marked) == dedup.matching_string(body)
    assert is_near_duplicate(body, marked)


def test_a_preview_of_another_bureau_is_not_contained(tune):
    texts, labels = tune
    full, other = texts["tune003_0"], texts["tune004_0"]
    assert labels["tune003_0"]["group"] != labels["tune004_0"]["group"]
    assert not is_near_duplicate(full, other[: int(len(other) * 0.5)])


# ---------------------------------------------------------------- hard negatives


def test_different_bureaus_never_merge(heldout):
    texts, labels = heldout
    originals = {n: t for n, t in texts.items() if labels[n]["kind"] == "original"}
    clusters = cluster_texts(originals)
    assert len(set(clusters.values())) == len(originals)


def test_stock_prose_alone_does_not_match(tune):
    texts, _ = tune
    stock = (
        "以习近平新时代中国特色社会主义思想为指导，全面贯彻党的二十大精神，落实立德树人根本任务。"
    )
    a = stock * 3 + texts["tune005_0"][:800]
    b = stock * 3 + texts["tune006_0"][:800]
    assert not is_near_duplicate(a, b)


# ---------------------------------------------------------------- index behaviour


def test_incremental_batches_equal_one_batch(tune):
    texts, _ = tune
    names = sorted(texts)
    whole = cluster_texts(texts)
    clusterer = Clusterer()
    for start in range(0, len(names), 70):
        batch = names[start : start + 70]
        clusterer.add_batch(
            batch,
            fingerprint_many([texts[n] for n in batch]),
            [texts[n] for n in batch],
            texts.__getitem__,
        )
    assert dedup.canonical_ids(clusterer.cluster_of, texts) == whole


def test_restart_from_stored_rows_then_add_equals_batch(tune):
    """The store's life: cluster, persist rows and roots, restart, add more."""
    texts, _ = tune
    names = sorted(texts)
    first, second = names[:150], names[150:]
    before = Clusterer()
    before.add_batch(
        first, fingerprint_many([texts[n] for n in first]), [texts[n] for n in first], texts.get
    )
    rows = [(n, before.index.fingerprint_of(n).to_row()) for n in first]
    after = Clusterer()
    after.index.add_many([n for n, _ in rows], [Fingerprint.from_row(r) for _, r in rows])
    after.cluster_of = dict(before.cluster_of)
    after.add_batch(
        second, fingerprint_many([texts[n] for n in second]), [texts[n] for n in second], texts.get
    )
    assert dedup.canonical_ids(after.cluster_of, texts) == cluster_texts(texts)


def test_one_at_a_time_match_then_add_equals_batch(tune):
    texts, _ = tune
    names = sorted(texts)[:120]
    subset = {n: texts[n] for n in names}
    index = NearDuplicateIndex()
    roots: dict[str, str] = {}
    for name in names:
        fp = fingerprint(subset[name])
        hit = index.match(fp, subset[name], subset.__getitem__)
        roots[name] = roots[hit] if hit else name
        index.add(name, fp)
    assert dedup.canonical_ids(roots, subset) == cluster_texts(subset)


def test_index_rebuilt_from_rows_answers_the_same(tune):
    texts, _ = tune
    names = sorted(texts)
    stored, queries = names[::2], names[1::2]
    rows = {n: fingerprint(texts[n]).to_row() for n in stored}
    first, second = NearDuplicateIndex(), NearDuplicateIndex()
    for n in stored:
        first.add(n, fingerprint(texts[n]))
        second.add(n, Fingerprint.from_row(dict(rows[n])))
    for q in queries:
        fp = fingerprint(texts[q])
        assert first.match(fp, texts[q], texts.__getitem__) == second.match(
            fp, texts[q], texts.__getitem__
        )


def test_to_row_from_row_round_trip(tune):
    fp = fingerprint(tune[0]["tune000_0"])
    row = fp.to_row()
    assert all(isinstance(v, str | int | float | bytes) for v in row.values())
    assert Fingerprint.from_row(row) == fp
    assert len(fp.signature) == 4 * dedup.default_params().num_perm


def test_remove_forgets_a_key(tune):
    texts, _ = tune
    a, b = texts["tune000_0"], texts["tune000_1"]
    index = NearDuplicateIndex()
    index.add("a", fingerprint(a))
    assert index.match(fingerprint(b), b, {"a": a}.__getitem__) == "a"
    index.remove("a")
    assert "a" not in index
    assert index.match(fingerprint(b), b, {"a": a}.__getitem__) is None


def test_unrelated_text_has_no_match(tune):
    texts, _ = tune
    index = NearDuplicateIndex()
    index.add_many(["a", "b"], fingerprint_many([texts["tune000_0"], texts["tune001_0"]]))
    other = texts["tune002_0"]
    assert index.match(fingerprint(other), other, texts.__getitem__) is None


def test_a_sure_pair_is_matched_on_its_signatures_and_a_doubtful_one_on_its_text(tune):
    base = tune[0]["tune000_0"]
    index = NearDuplicateIndex()
    index.add("base", fingerprint(base))
    reads: list[str] = []

    def get_text(key: str) -> str:
        reads.append(key)
        return base

    middle = len(base) // 2
    one_typo = base[:middle] + "铱" + base[middle + 1 :]  # signatures agree on nearly every row
    assert index.match(fingerprint(one_typo), one_typo, get_text) == "base"
    assert reads == []
    preview = base[: len(base) * 6 // 10]  # Jaccard about 0.6: decided on the texts
    assert index.match(fingerprint(preview), preview, get_text) == "base"
    assert reads == ["base"]


def test_sure_jaccard_cannot_take_a_pair_below_the_threshold_by_chance():
    """The rows two signatures share are binomial; at the Jaccard threshold, the share
    that makes a pair sure must be out of reach (below one in a billion per pair)."""
    from math import ceil, comb

    p = dedup.default_params()
    need = ceil(p.sure_jaccard * p.num_perm)
    j = p.jaccard_min
    chance = sum(comb(p.num_perm, k) * j**k * (1 - j) ** (p.num_perm - k)
                 for k in range(need, p.num_perm + 1))  # fmt: skip
    assert chance < 1e-9


def test_fingerprints_of_other_parameters_are_refused(tune):
    fp = fingerprint(tune[0]["tune000_0"])
    other = NearDuplicateIndex(dedup.Params(num_perm=32, bands=8, head_num_perm=16, head_bands=8))
    with pytest.raises(ValueError):
        other.add("a", fp)


# ---------------------------------------------------------------- canonical choice


def test_completeness_prefers_full_clean_text(tune):
    texts, _ = tune
    full = texts["tune007_0"]
    preview = full[: len(full) // 2] + "……"
    blanked = "".join("x" if ch.isdigit() else ch for ch in full).replace("x", "xx")
    assert completeness(full) > completeness(preview)
    assert completeness(full) > completeness(blanked)
    clusters = cluster_texts({"p": preview, "b": blanked, "f": full})
    assert set(clusters.values()) == {"f"}


def test_dedup_command_on_a_directory(tmp_path, tune, capsys):
    texts, _ = tune
    (tmp_path / "a.txt").write_text(texts["tune000_0"], encoding="utf-8")
    (tmp_path / "b.txt").write_text(texts["tune000_1"], encoding="utf-8")
    (tmp_path / "c.txt").write_text(texts["tune001_0"], encoding="utf-8")
    (tmp_path / "bad.txt").write_bytes(b"\xff\xfe\xfa\xc3\x28 not utf-8")
    out = io.StringIO()
    assert run_dedup_command(tmp_path, out) == 1
    lines = [json.loads(line) for line in out.getvalue().splitlines()]
    clusters = {line["id"]: line["cluster"] for line in lines}
    assert set(clusters) == {"a", "b", "c"}
    assert clusters["a"] == clusters["b"] != clusters["c"]
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "bad.txt" in err[0]


def test_dedup_command_all_readable_returns_0(tmp_path, tune):
    (tmp_path / "甲.txt").write_text(tune[0]["tune000_0"], encoding="utf-8")
    out = io.StringIO()
    assert run_dedup_command(tmp_path, out) == 0
    assert json.loads(out.getvalue()) == {"id": "甲", "cluster": "甲"}
    assert "甲" in out.getvalue()  # ensure_ascii=False


# ---------------------------------------------------------------- held-out quality


def test_heldout_pairwise_precision_and_recall(heldout):
    texts, labels = heldout
    clusters = cluster_texts(texts)
    precision, recall = pairwise(clusters, {n: v["group"] for n, v in labels.items()})
    assert precision >= 0.99
    assert recall >= 0.95


# ---------------------------------------------------------------- families from real bodies



@needs_realdev
def test_dedup_eval_runs_as_the_readme_runs_it(tmp_path):
    """``python -m cleaning.dedup_eval DIR`` end to end, on a few real cases."""
    import shutil
    import subprocess
    import sys

    for gold in sorted(REALDEV.glob("*.gold.json"))[:6]:
        shutil.copy(gold, tmp_path)
        shutil.copy(gold.with_name(gold.name.replace(".gold.json", ".txt")), tmp_path)
    run = subprocess.run(
        [sys.executable, "-m", "cleaning.dedup_eval", str(tmp_path)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr
    assert "near-duplicate pairs: precision" in run.stdout


@pytest.fixture(scope="module")
def real_docs():
    return dedup_eval.load_real_docs(REALDEV)


@needs_realdev
def test_real_families_are_deterministic_and_hold_every_variant(real_docs):
    texts, groups, kinds = dedup_eval.build_families(real_docs, seed=3)
    assert (texts, groups, kinds) == dedup_eval.build_families(real_docs, seed=3)
    assert dedup_eval.build_families(real_docs, seed=4)[0] != texts
    families = set(groups.values())
    assert len(families) >= 80
    for kind in dedup_eval.KINDS:
        assert sum(k == kind for k in kinds.values()) >= len(families), kind
    for name, kind in kinds.items():
        if kind == "preview":
            full = texts[name.split("~")[0]].replace("\n", "")
            share = len(texts[name].rstrip("…").split("...")[0]) / len(full)
            assert 0.45 <= share <= 0.72, name
            assert "\n" not in texts[name]


def test_variant_makers_do_what_they_say():
    import random

    body = "\n".join(f"第{i}段,县教育局在2023年召开会议,部署青山县教育工作。" for i in range(12))
    rng = random.Random(1)
    assert len(dedup_eval.dropped(body, rng).split("\n")) == 10
    blanked = dedup_eval.redacted(body, rng)
    assert "青山县" not in blanked and blanked != body
    assert "縣" in dedup_eval.traditional(body, rng)
    refurnished = dedup_eval.refurnished(body, rng).split("\n")
    assert refurnished[0] not in body and refurnished[-1] not in body


@needs_realdev
@pytest.mark.parametrize("seed", [11, 2])
def test_real_family_precision_and_recall(seed):
    scores, _ = dedup_eval.score_real_families(REALDEV, seed=seed)
    assert scores.precision >= 0.99
    assert scores.recall >= 0.98
    assert scores.recall_by_kind["full+preview"] >= 0.98
