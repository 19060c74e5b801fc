"""Parameter sweep for cleaning/dedup.py on the TUNE split; the chosen values go
to cleaning/data/dedup.toml, and the held-out split is scored once with them.

Run from the repository root: ``.venv/bin/python tests/cases/dedup/sweep.py``.

Stage 1 (exact similarities, no LSH): for each n-gram size, the Jaccard (J),
containment of the shorter text (C) and head Jaccard (H) of every pair; the
verification thresholds are the centre of the widest error-free box.
Stage 2 (LSH): for each MinHash/banding setting, the share of verifiable
positive pairs LSH proposes (candidate recall), the candidates fetched per
document (cost: each is a text read) and the pairwise precision/recall of
cluster_texts.
"""

from __future__ import annotations

import dataclasses
import itertools
import json
import random
import sys
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[2]))

from cleaning import dedup  # noqa: E402
from cleaning.dedup import Params, Shingles  # noqa: E402


def load_split(name: str) -> tuple[dict[str, str], dict[str, str]]:
    """texts and name → group of one split."""
    folder = HERE / name
    labels = json.loads((folder / "labels.json").read_text(encoding="utf-8"))
    texts = {n: (folder / f"{n}.txt").read_text(encoding="utf-8") for n in labels}
    return texts, {n: v["group"] for n, v in labels.items()}


def pair_scores(texts: dict[str, str], groups: dict[str, str], p: Params) -> dict[str, np.ndarray]:
    """J, C, H and the label of every unordered pair."""
    names = sorted(texts)
    sh = {n: Shingles.of(texts[n], p) for n in names}
    rows = []
    for a, b in itertools.combinations(names, 2):
        fa, fb = sh[a].full, sh[b].full
        inter = len(np.intersect1d(fa, fb, assume_unique=True))
        hi = len(np.intersect1d(sh[a].head, sh[b].head, assume_unique=True))
        rows.append(
            (
                inter / (len(fa) + len(fb) - inter),
                inter / min(len(fa), len(fb)),
                hi / (len(sh[a].head) + len(sh[b].head) - hi),
                groups[a] == groups[b],
            )
        )
    arr = np.array(rows, dtype=float)
    return {"J": arr[:, 0], "C": arr[:, 1], "H": arr[:, 2], "pos": arr[:, 3].astype(bool)}


GRID_J = np.round(np.arange(0.25, 0.81, 0.05), 2)
GRID_C = np.round(np.arange(0.5, 0.96, 0.05), 2)
GRID_H = np.round(np.arange(0.2, 0.81, 0.05), 2)


def margin(s: dict[str, np.ndarray], tj: float, tc: float, th: float) -> float:
    """How far the thresholds are from the nearest wrong decision (< 0: errors).

    A pair's score is max(J - tj, min(C - tc, H - th)): a match iff ≥ 0.
    """
    score = np.maximum(s["J"] - tj, np.minimum(s["C"] - tc, s["H"] - th))
    return float(min(score[s["pos"]].min(), -score[~s["pos"]].max()))


def thresholds(s: dict[str, np.ndarray]) -> tuple[tuple[float, float, float], float]:
    """The grid thresholds with the widest margin on both sides."""
    return max(
        (
            ((float(tj), float(tc), float(th)), margin(s, tj, tc, th))
            for tj, tc, th in itertools.product(GRID_J, GRID_C, GRID_H)
        ),
        key=lambda kv: kv[1],
    )


STRESS_RATES = (0.02, 0.04, 0.08)


def corrupt(text: str, rate: float, rng: random.Random) -> str:
    """Replace a share of the Chinese characters by random ones (heavy OCR noise)."""
    chars = list(text)
    cjk = [i for i, c in enumerate(chars) if "\u4e00" <= c <= "\u9fff"]
    for i in rng.sample(cjk, int(len(cjk) * rate)):
        chars[i] = chr(rng.randint(0x4E00, 0x9FA5))
    return "".join(chars)


def stress_recall(texts, groups, p: Params, rate: float) -> float:
    """Share of (original, variant) pairs still verified after extra noise on the variant."""
    rng = random.Random(7)
    ok = total = 0
    for name, text in sorted(texts.items()):
        original = f"{groups[name]}_0"
        if name == original:
            continue
        total += 1
        ok += dedup.is_near_duplicate(texts[original], corrupt(text, rate, rng), p)
    return ok / total


def stage1(texts, groups, base: Params) -> Params:
    print("\n# stage 1: exact similarities by n-gram size (TUNE pairs)")
    print(
        "n  head | neg J max  neg C max  neg H max | pos J min  pos C min(J<.5)  "
        "pos H min(J<.5) | thresholds J/C/H  margin | recall, 2%/4%/8% extra noise"
    )
    best = None
    for n, head in itertools.product((3, 4, 5, 6, 8, 10), (200, 300, 500)):
        p = dataclasses.replace(base, ngram=n, head_chars=head)
        s = pair_scores(texts, groups, p)
        neg, pos = ~s["pos"], s["pos"]
        low = pos & (s["J"] < 0.5)
        (tj, tc, th), m = thresholds(s)
        print(
            f"{n:2d} {head:4d} | {s['J'][neg].max():9.3f}  {s['C'][neg].max():9.3f}  "
            f"{s['H'][neg].max():9.3f} | {s['J'][pos].min():9.3f}  {s['C'][low].min():15.3f}  "
            f"{s['H'][low].min():15.3f} | {tj:.2f}/{tc:.2f}/{th:.2f}  {m:7.3f}",
            end=" | ",
        )
        q = dataclasses.replace(p, jaccard_min=tj, containment_min=tc, head_jaccard_min=th)
        stress = [stress_recall(texts, groups, q, rate) for rate in STRESS_RATES]
        print("/".join(f"{x:.3f}" for x in stress))
        # Widest margin among the settings that still join 99 % of the reposts
        # with 4 % extra character noise (larger n separates bureaus better but
        # loses n n-grams per altered character).
        m = m if stress[1] >= 0.99 else m - 1
        if best is None or m > best[0] + 1e-9:
            best = (
                m,
                dataclasses.replace(p, jaccard_min=tj, containment_min=tc, head_jaccard_min=th),
            )
    return best[1]


def pairs_of(clusters: dict[str, str]) -> set[tuple[str, str]]:
    return set(dedup.iter_pairs(clusters))


def evaluate(texts, groups, p: Params) -> dict[str, float]:
    """Pairwise precision/recall of cluster_texts, and LSH cost/recall."""
    clusters = dedup.cluster_texts(texts, p)
    truth = pairs_of(groups)
    got = pairs_of(clusters)
    tp = len(truth & got)
    cand = candidate_stats(texts, groups, p)
    return {
        "precision": tp / len(got) if got else 1.0,
        "recall": tp / len(truth) if truth else 1.0,
        **cand,
    }


def candidate_stats(texts, groups, p: Params) -> dict[str, float]:
    """LSH on the TUNE pairs.

    cand_recall: share of verifiable positive pairs proposed (after the
    signature prefilter); raw/doc: LSH candidates per document; fetch/doc:
    texts read per document; exp_miss: expected share of verifiable positive
    pairs LSH misses, from the banding S-curve 1-(1-s^r)^b at each pair's exact
    J (full index) and H (head index), which is smoother than one sample.
    """
    names = sorted(texts)
    fps = dedup.fingerprint_many([texts[n] for n in names], p)
    index = dedup.NearDuplicateIndex(p)
    index.add_many(names, fps)
    sigs, heads, _ = index._arrays(fps)
    r1, i1 = index._full.query(dedup.band_hashes(sigs, p.bands))
    r2, i2 = index._head.query(dedup.band_hashes(heads, p.head_bands))
    raw = {
        (a, b) for a, b in zip(np.r_[r1, r2].tolist(), np.r_[i1, i2].tolist(), strict=True) if a < b
    }
    cand = index._candidates(
        sigs, heads, index._length[: len(names)], np.full(len(names), len(names))
    )
    proposed = {
        tuple(sorted((names[r], names[i])))
        for r, i in zip(cand.rows.tolist(), cand.ids.tolist(), strict=True)
        if r != i
    }
    sh = {n: Shingles.of(texts[n], p) for n in names}
    verifiable = []
    for a, b in itertools.combinations(names, 2):
        if groups[a] == groups[b] and dedup.similarity(sh[a], sh[b], p) > 0:
            verifiable.append(
                (a, b, _exact_j(sh[a].full, sh[b].full), _exact_j(sh[a].head, sh[b].head))
            )
    rows, hrows = p.num_perm // p.bands, p.head_num_perm // p.head_bands
    miss = [(1 - j**rows) ** p.bands * (1 - h**hrows) ** p.head_bands for _, _, j, h in verifiable]
    found = sum((a, b) in proposed for a, b, _, _ in verifiable)
    return {
        "cand_recall": found / len(verifiable),
        "raw_per_doc": len(raw) / len(names),
        "fetch_per_doc": len(proposed) / len(names),
        "exp_miss": float(np.mean(miss)),
    }


def _exact_j(a: np.ndarray, b: np.ndarray) -> float:
    inter = len(np.intersect1d(a, b, assume_unique=True))
    return inter / (len(a) + len(b) - inter)


def index_bytes(p: Params) -> int:
    """Index memory per document: uint32 signatures, 12-byte band entries."""
    return 4 * (p.num_perm + p.head_num_perm) + 12 * (p.bands + p.head_bands)


def s_curve(sim: float, rows: int, bands: int) -> float:
    """Probability that LSH proposes a pair of similarity sim."""
    return 1 - (1 - sim**rows) ** bands


def stage2(texts, groups, p: Params) -> Params:
    print("\n# stage 2: MinHash/LSH settings (TUNE), ngram and thresholds from stage 1")
    print(
        "perm bands rows | head perm bands rows | P(J=tj+.1) P(H=th+.1) | exp miss  cand recall  "
        "raw/doc  fetch/doc | precision recall"
    )
    results = []
    for perm, rows, hperm, hrows in itertools.product(
        (64, 128, 256), (2, 3, 4, 5, 8), (32, 64), (2, 3, 4)
    ):
        q = dataclasses.replace(
            p, num_perm=perm, bands=perm // rows, head_num_perm=hperm, head_bands=hperm // hrows
        )
        r = evaluate(texts, groups, q)
        print(
            f"{perm:4d} {q.bands:5d} {rows:4d} | {hperm:9d} {q.head_bands:5d} {hrows:4d} | "
            f"{s_curve(p.jaccard_min + 0.1, rows, q.bands):10.4f} "
            f"{s_curve(p.head_jaccard_min + 0.1, hrows, q.head_bands):10.4f} | "
            f"{r['exp_miss']:8.1e}  {r['cand_recall']:11.4f}  {r['raw_per_doc']:7.2f}  "
            f"{r['fetch_per_doc']:9.2f} | {r['precision']:9.4f} {r['recall']:6.4f}"
        )
        # LSH must not be the recall bottleneck beyond the labelled set: a pair
        # 0.1 above a verification threshold is proposed with p >= 0.99 (S-curve
        # 1-(1-s^r)^b), and the expected misses on TUNE are below 1e-4. Among
        # those, the least index memory per document (the binding constraint of
        # a 1M-document index), then the fewest LSH candidates.
        safe = (
            s_curve(p.jaccard_min + 0.1, rows, q.bands) >= 0.99
            and s_curve(p.head_jaccard_min + 0.1, hrows, q.head_bands) >= 0.99
            and r["exp_miss"] <= 1e-4
            and r["recall"] == 1.0
        )
        key = (not safe, index_bytes(q), r["raw_per_doc"])
        results.append((key, q))
    return min(results, key=lambda kv: kv[0])[1]


def main() -> None:
    tee = Tee()
    sys.stdout = tee
    texts, groups = load_split("tune")
    print(f"TUNE: {len(texts)} texts, {len(set(groups.values()))} groups")
    p = stage1(texts, groups, Params())
    print(
        f"chosen: ngram={p.ngram} head_chars={p.head_chars} jaccard_min={p.jaccard_min} "
        f"containment_min={p.containment_min} head_jaccard_min={p.head_jaccard_min}"
    )
    p = stage2(texts, groups, p)
    print(f"chosen: {p}  ({index_bytes(p)} index bytes/doc)")
    for split in ("tune", "heldout"):
        t, g = load_split(split)
        r = evaluate(t, g, p)
        print(
            f"{split}: precision {r['precision']:.4f} recall {r['recall']:.4f} "
            f"cand_recall {r['cand_recall']:.4f} fetch/doc {r['fetch_per_doc']:.2f}"
        )
    sys.stdout = tee.out
    if "--write" in sys.argv:
        write_params(p, tee.lines)


HEADER = """\
# Near-duplicate parameters for cleaning/dedup.py, chosen by measurement.
#
# Produced by: .venv/bin/python tests/cases/dedup/sweep.py --write
# on the labelled set tests/cases/dedup/ (generated by make_cases.py from
# mirror.grammar: 50 base summaries per split, ~35 % of them "siblings" (same
# bureau, other year, some short), each with 3-6 reposts: furniture/layout,
# year in title, xx/**/x placeholders, Traditional (OpenCC s2t), 40-70 %
# previews, OCR-like errors). TUNE chooses; HELD-OUT is only scored.
#
# Rules (see sweep.py):
#  stage 1  n-gram size, head length and verification thresholds: the widest
#           margin between positives and hard negatives, among settings that
#           still join >= 99 % of reposts with 4 % extra character noise.
#  stage 2  MinHash/LSH: LSH proposes a pair 0.1 above a threshold with
#           p >= 0.99 (S-curve), expected misses on TUNE <= 1e-4, recall 1;
#           then least index memory per document, then fewest candidates.
#
# Measured sweep (verbatim):
"""


class Tee:
    """stdout that also keeps every line, to record the sweep in dedup.toml."""

    def __init__(self) -> None:
        self.out, self.lines = sys.stdout, [""]

    def write(self, text: str) -> None:
        self.out.write(text)
        parts = text.split("\n")
        self.lines[-1] += parts[0]
        self.lines.extend(parts[1:])

    def flush(self) -> None:
        self.out.flush()


def write_params(p: Params, lines: list[str]) -> None:
    """cleaning/data/dedup.toml: the rules, the measured sweep, [params]."""
    path = HERE.parents[2] / "cleaning" / "data" / "dedup.toml"
    lines = list(lines)
    while lines and not lines[-1]:
        lines.pop()
    table = "\n".join("#   " + line if line else "#" for line in lines)
    values = "\n".join(f"{f.name} = {getattr(p, f.name)!r}" for f in dataclasses.fields(p))
    path.write_text(HEADER + table + "\n\n[params]\n" + values + "\n", encoding="utf-8")
    print(f"wrote {path}", file=sys.stderr)


if __name__ == "__main__":
    main()
