"""Benchmark near-duplicate clustering: our pipeline vs datasketch MinHash + MinHashLSH.

    .venv/bin/python benchmarks/bench_dedup.py               # N = 20,000
    .venv/bin/python benchmarks/bench_dedup.py --n 1000000   # the full run

Synthetic documents of ~2,300 characters (originals of --doc-chars, previews
shorter; the header line prints the mean) (numpy draws from a Zipf-weighted
CJK vocabulary, commas and full stops, shared "stock" phrases) are generated
on the fly from (seed, doc id), so any document can be regenerated when a
candidate must be verified and nothing is kept in memory. A share of them
(--dup-rate) are reposts of an earlier document: re-laid out, with 1 %
character errors, with xx placeholders, with another year in the title, or a
40–70 % preview.

Both pipelines run in their own child process (so each peak RSS is its own;
ours adds its --workers sketching processes, SketchPool, to its peak),
on the same documents, with the same parameters (cleaning/data/dedup.toml),
the same matching string and the same text verification; they differ in
sketching (rensa on numpy n-gram hashes vs datasketch MinHash.update_batch)
and indexing (sorted numpy band runs, batched vs MinHashLSH insert/query per
document). datasketch is slow, so it runs on the first --ref-n documents and
its time and memory are extrapolated linearly to N (the output says so);
ours is also timed on that same subsample for a like-for-like ratio.
Generating texts (also when a candidate is re-read) is timed apart and left
out of both pipelines' times.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import queue as queue_module
import resource
import sys
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from cleaning import dedup  # noqa: E402
from cleaning.fingerprint import content_hash  # noqa: E402

VOCAB_SIZE = 3500
TABLE_SIZE = 1 << 16
STOCK_PHRASES = 60
STOCK_PER_DOC = 12
KINDS = ("layout", "typos", "blank", "year", "preview")


class Corpus:
    """Deterministic synthetic documents: text(i) is the same whenever asked."""

    def __init__(self, seed: int, doc_chars: int, dup_rate: float) -> None:
        rng = np.random.default_rng(seed)
        vocab = rng.choice(np.arange(0x4E00, 0x9FA6, dtype=np.uint32), VOCAB_SIZE, replace=False)
        weights = 1.0 / (np.arange(VOCAB_SIZE) + 10.0)
        counts = np.maximum(1, np.round(weights / weights.sum() * TABLE_SIZE)).astype(int)
        # A lookup table in which each character appears as often as its Zipf
        # weight: one integers() draw then gives Zipf-distributed characters.
        self.table = np.repeat(vocab, counts)[:TABLE_SIZE]
        self.stock = [
            self.table[rng.integers(0, len(self.table), rng.integers(15, 40))]
            for _ in range(STOCK_PHRASES)
        ]
        self.seed, self.doc_chars, self.dup_rate = seed, doc_chars, dup_rate
        self.generated_s = 0.0
        self._bases = np.full(1024, -1, np.int32)

    def _rng(self, i: int, salt: int = 0) -> np.random.Generator:
        return np.random.default_rng((self.seed, i, salt))

    def base_of(self, i: int) -> int:
        """The original document that doc i reposts (i itself if it is one)."""
        if i < len(self._bases) and self._bases[i] >= 0:
            return int(self._bases[i])
        base = self._draw_base(i)
        if i >= len(self._bases):  # remembered in 4 bytes per doc: text(i) asks twice
            grown = np.full(max(i + 1, 2 * len(self._bases)), -1, np.int32)
            grown[: len(self._bases)] = self._bases
            self._bases = grown
        self._bases[i] = base
        return base

    def _draw_base(self, i: int) -> int:
        while i > 0:
            rng = self._rng(i, 1)
            if rng.random() >= self.dup_rate:
                return i
            i = int(rng.integers(0, i))
        return 0

    def kind_of(self, i: int) -> str | None:
        return None if self.base_of(i) == i else KINDS[int(self._rng(i, 2).integers(len(KINDS)))]

    def text(self, i: int) -> str:
        start = time.perf_counter()
        base = self.base_of(i)
        title, body = self._original(base)
        if base != i:
            title, body = self._repost(i, title, body)
        text = title + "\n" + body.astype("<u4").tobytes().decode("utf-32-le")
        self.generated_s += time.perf_counter() - start
        return text

    def _original(self, i: int) -> tuple[str, np.ndarray]:
        rng = self._rng(i)
        body = self.table[rng.integers(0, len(self.table), self.doc_chars)]
        for k in rng.integers(0, STOCK_PHRASES, STOCK_PER_DOC):
            phrase = self.stock[k]
            at = int(rng.integers(0, self.doc_chars - len(phrase)))
            body[at : at + len(phrase)] = phrase
        body[rng.integers(0, self.doc_chars, self.doc_chars // 18)] = ord("，")
        body[rng.integers(0, self.doc_chars, self.doc_chars // 60)] = ord("。")
        return f"第{i}号教育局{2015 + i % 10}年工作总结", body

    def _repost(self, i: int, title: str, body: np.ndarray) -> tuple[str, np.ndarray]:
        rng, kind = self._rng(i, 3), self.kind_of(i)
        body = body.copy()
        if kind == "typos":
            at = rng.integers(0, len(body), len(body) // 100)
            body[at] = self.table[rng.integers(0, len(self.table), len(at))]
        elif kind == "blank":
            for at in rng.integers(0, len(body) - 2, 15):
                body[at : at + 2] = ord("x")
        elif kind == "year":
            title = title.replace("年工作", "年度工作").replace("201", "202")
        elif kind == "preview":
            body = body[: int(len(body) * rng.uniform(0.4, 0.7))]
        elif kind == "layout":
            body[rng.integers(0, len(body), 40)] = ord("\n")
        return title, body


# ---------------------------------------------------------------- pipelines


def run_ours(corpus: Corpus, n: int, args: argparse.Namespace) -> tuple[np.ndarray, dict]:
    """Our pipeline: SketchPool workers sketch chunk k+1 while this process indexes chunk k."""
    roots = np.empty(n, dtype=np.int64)
    get_text, fetch = _timed_fetch(corpus)
    t_wait = t_cluster = 0.0
    chunks = [range(s, min(n, s + args.chunk)) for s in range(0, n, args.chunk)]
    with dedup.SketchPool(args.workers) as pool:
        clusterer = dedup.Clusterer(pool=pool)
        pending = pool.sketch_async([corpus.text(i) for i in chunks[0]])
        for k, ids in enumerate(chunks):
            t0 = time.perf_counter()
            sketches, matching = pending.get(), pending.matching()
            t1 = time.perf_counter()
            if k + 1 < len(chunks):  # the next chunk is sketched while this one is matched
                pending = pool.sketch_async([corpus.text(i) for i in chunks[k + 1]])
            t2 = time.perf_counter()
            keys = [str(i) for i in ids]
            got = clusterer.add_sketches(keys, sketches, matching, get_text)
            t_cluster += time.perf_counter() - t2
            t_wait += t1 - t0
            roots[ids.start : ids.stop] = [int(r) for r in got]
            if n >= 200_000 and ids.stop % 100_000 == 0:  # a long run shows it is alive
                print(f"  {ids.stop:,} / {n:,} docs", file=sys.stderr, flush=True)
    t_cluster -= fetch["s"]  # re-generating texts is the generator's time, not ours
    return roots, {"sketch_s": t_wait, "index_verify_s": t_cluster, "fetches": fetch["n"]}


def run_datasketch(corpus: Corpus, n: int) -> tuple[np.ndarray, dict[str, float]]:
    """Reference: datasketch MinHash + MinHashLSH, one document at a time."""
    from datasketch import LeanMinHash, MinHash, MinHashLSH

    p = dedup.default_params()
    full = MinHashLSH(num_perm=p.num_perm, params=(p.bands, p.num_perm // p.bands))
    head = MinHashLSH(
        num_perm=p.head_num_perm, params=(p.head_bands, p.head_num_perm // p.head_bands)
    )
    get_text, fetch = _timed_fetch(corpus)
    roots = np.empty(n, dtype=np.int64)
    first_of_hash: dict[str, int] = {}
    t_sketch = t_cluster = 0.0
    for i in range(n):
        text = corpus.text(i)
        t0 = time.perf_counter()
        m = dedup.matching_string(text)
        sig = MinHash(num_perm=p.num_perm, seed=p.seed)
        sig.update_batch([s.encode() for s in _ngrams(m, p.ngram)])
        hsig = MinHash(num_perm=p.head_num_perm, seed=p.seed + 1)
        hsig.update_batch([s.encode() for s in _ngrams(m[: p.head_chars], p.ngram)])
        t1 = time.perf_counter()
        exact = content_hash(text)
        candidates = sorted(set(full.query(sig)) | set(head.query(hsig)), key=int)
        if exact in first_of_hash:
            roots[i] = roots[first_of_hash[exact]]
        else:
            roots[i] = _best_verified(i, text, candidates, get_text, roots)
        full.insert(str(i), LeanMinHash(sig))
        head.insert(str(i), LeanMinHash(hsig))
        first_of_hash.setdefault(exact, i)
        t_cluster += time.perf_counter() - t1
        t_sketch += t1 - t0
    t_cluster -= fetch["s"]
    return roots, {"sketch_s": t_sketch, "index_verify_s": t_cluster, "fetches": fetch["n"]}


def _best_verified(i, text, candidates, get_text, roots) -> int:
    """Cluster root of doc i: that of its best verified candidate, else i."""
    mine = dedup.Shingles.of(text)
    best = None
    for c in candidates:
        score = dedup.similarity(mine, dedup.Shingles.of(get_text(c)))
        if score > 0 and (best is None or score > best[0]):
            best = (score, int(c))
    return int(roots[best[1]]) if best else i


def _ngrams(m: str, n: int) -> set[str]:
    if len(m) < n:
        return {m.ljust(n, "\0")}
    return {m[k : k + n] for k in range(len(m) - n + 1)}


def reference_hashing(args: argparse.Namespace, n: int = 1000) -> None:
    """MinHash alone on the same matching strings: ours, rensa's bare update, datasketch."""
    from datasketch import MinHash
    from rensa import RMinHash

    p = dedup.default_params()
    corpus = Corpus(args.seed, args.doc_chars, args.dup_rate)
    texts = [corpus.text(i) for i in range(n)]
    matching = [dedup.matching_string(t) for t in texts]
    grams = [sorted(_ngrams(m, p.ngram)) for m in matching]
    heads = [sorted(_ngrams(m[: p.head_chars], p.ngram)) for m in matching]
    t0 = time.perf_counter()
    dedup.sketch_texts(texts, p)
    t1 = time.perf_counter()
    for g, h in zip(grams, heads, strict=True):
        RMinHash(p.num_perm, p.seed).update(g)
        RMinHash(p.head_num_perm, p.seed + 1).update(h)
    t2 = time.perf_counter()
    for g, h in zip(grams, heads, strict=True):
        MinHash(num_perm=p.num_perm, seed=p.seed).update_batch([x.encode() for x in g])
        MinHash(num_perm=p.head_num_perm, seed=p.seed + 1).update_batch([x.encode() for x in h])
    t3 = time.perf_counter()
    print(
        f"hashing alone, one process ({n} docs, full + head signatures): "
        f"ours sketch_texts (normalising included) {n / (t1 - t0):.0f} docs/s; "
        f"rensa RMinHash.update on the same n-grams (n-grams given) {n / (t2 - t1):.0f} docs/s; "
        f"datasketch update_batch {n / (t3 - t2):.0f} docs/s"
    )


def _timed_fetch(corpus: Corpus) -> tuple[Callable[[str], str], dict[str, float]]:
    stats = {"s": 0.0, "n": 0}

    def get_text(key: str) -> str:
        t = time.perf_counter()
        text = corpus.text(int(key))
        stats["s"] += time.perf_counter() - t
        stats["n"] += 1
        return text

    return get_text, stats


# ---------------------------------------------------------------- measuring


def child(name: str, n: int, args: argparse.Namespace, queue: mp.Queue) -> None:
    corpus = Corpus(args.seed, args.doc_chars, args.dup_rate)
    base_rss = _rss_mb()
    t0 = time.perf_counter()
    if name == "ours":
        roots, stats = run_ours(corpus, n, args)
    else:
        roots, stats = run_datasketch(corpus, n)
    wall = time.perf_counter() - t0
    gen = corpus.generated_s
    workers = args.workers if name == "ours" and args.workers > 1 else 0
    truth = np.fromiter((corpus.base_of(i) for i in range(n)), np.int64, n)
    precision, recall = pairwise(roots, truth)
    queue.put(
        {
            "name": name,
            "n": n,
            "time_s": wall - gen,
            "gen_s": gen,
            # This process plus each sketching worker at the largest worker's peak.
            "peak_mb": _rss_mb() + workers * _rss_mb(resource.RUSAGE_CHILDREN),
            "main_mb": _rss_mb(),
            "worker_mb": _rss_mb(resource.RUSAGE_CHILDREN) if workers else 0.0,
            "workers": workers,
            "worker_cpu_s": _cpu_s(resource.RUSAGE_CHILDREN),
            "main_cpu_s": _cpu_s(resource.RUSAGE_SELF),
            "base_mb": base_rss,
            "precision": precision,
            "recall": recall,
            "roots": roots if n <= args.ref_n else None,
            **stats,
        }
    )


def _cpu_s(who: int) -> float:
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


def _rss_mb(who: int = resource.RUSAGE_SELF) -> float:
    return resource.getrusage(who).ru_maxrss / 1024


def pairwise(pred: np.ndarray, truth: np.ndarray) -> tuple[float, float]:
    """Pairwise precision/recall from cluster sizes (O(N))."""

    def pairs(labels: np.ndarray) -> int:
        _, counts = np.unique(labels, return_counts=True)
        return int((counts * (counts - 1) // 2).sum())

    both = pairs(pred * (int(truth.max()) + 1) + truth)
    got, true = pairs(pred), pairs(truth)
    return (both / got if got else 1.0), (both / true if true else 1.0)


def measure(name: str, n: int, args: argparse.Namespace) -> dict:
    ctx = mp.get_context("fork")
    queue = ctx.Queue()
    proc = ctx.Process(target=child, args=(name, n, args, queue))
    proc.start()
    while True:  # a child that dies (an error, out of memory) must not hang the run
        try:
            result = queue.get(timeout=5)
            break
        except queue_module.Empty:
            if not proc.is_alive():
                sys.exit(f"the {name} run (n={n}) failed: exit code {proc.exitcode}")
    proc.join()
    return result


def report(r: dict, label: str) -> None:
    print(
        f"{label:34s} n={r['n']:>9,d}  time {r['time_s']:9.1f} s  {r['n'] / r['time_s']:9.0f} docs/s"
        f"  (sketch {r['sketch_s']:.1f} s, index+verify {r['index_verify_s']:.1f} s, "
        f"{r['fetches']} text reads)  peak RSS {r['peak_mb']:7.0f} MB{_split_rss(r)}  "
        f"P {r['precision']:.4f} R {r['recall']:.4f}  [generator {r['gen_s']:.1f} s excluded]"
    )


def _split_rss(r: dict) -> str:
    if not r["workers"]:
        return ""
    return (
        f" (this process {r['main_mb']:.0f} + {r['workers']} workers x {r['worker_mb']:.0f}, "
        f"CPU: this process {r['main_cpu_s']:.0f} s with the generator, workers "
        f"{r['worker_cpu_s']:.0f} s)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=20_000)
    parser.add_argument("--ref-n", type=int, default=3_000, help="datasketch subsample")
    parser.add_argument("--chunk", type=int, default=10_000)
    parser.add_argument("--doc-chars", type=int, default=2_330, help="length of an original body")
    parser.add_argument("--workers", type=int, default=2, help="sketching processes")
    parser.add_argument("--dup-rate", type=float, default=0.2)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    args.ref_n = min(args.ref_n, args.n)
    p = dedup.default_params()
    print(f"params: {p}")
    sample = Corpus(args.seed, args.doc_chars, args.dup_rate)
    mean = np.mean([len(sample.text(i)) for i in range(2000)])
    print(
        f"N={args.n:,} docs, mean {mean:.0f} chars (previews are shorter), dup rate "
        f"{args.dup_rate}, {args.workers} sketching workers, {os.cpu_count()} cores"
    )

    ours_small = measure("ours", args.ref_n, args)
    ref = measure("datasketch", args.ref_n, args)
    report(ours_small, "ours (subsample)")
    report(ref, "datasketch (subsample)")
    same = np.array_equal(ours_small["roots"], ref["roots"])
    print(f"same clusters on the subsample: {same}")
    print(f"ratio on the subsample: ours is {ref['time_s'] / ours_small['time_s']:.1f}x faster")

    ours = measure("ours", args.n, args) if args.n > args.ref_n else ours_small
    report(ours, "ours (full N)")
    scale = args.n / args.ref_n
    ref_time = ref["time_s"] * scale
    ref_mem = ref["base_mb"] + (ref["peak_mb"] - ref["base_mb"]) * scale
    print(
        f"datasketch extrapolated to N={args.n:,} (linear from {args.ref_n:,} docs, "
        f"an underestimate: its LSH grows with N): time {ref_time:.0f} s, "
        f"peak RSS {ref_mem:.0f} MB"
    )
    print(
        f"ours vs datasketch at N={args.n:,}: {ref_time / ours['time_s']:.1f}x faster, "
        f"peak memory {ours['peak_mb']:.0f} MB vs {ref_mem:.0f} MB "
        f"({ref_mem / ours['peak_mb']:.1f}x)"
    )
    # Last, in this process: rensa starts threads, and forking after that could hang.
    reference_hashing(args)


if __name__ == "__main__":
    main()
