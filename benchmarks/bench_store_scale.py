"""Ingest at scale: CorpusStore open time and add_page cost with N stored fingerprints vs none.

    .venv/bin/python benchmarks/bench_store_scale.py               # N = 100,000
    .venv/bin/python benchmarks/bench_store_scale.py --n 1000000   # the issue's scale

The big corpus is built once and kept (benchmarks/out/store_<N>.db, reused while
it exists): the documents that the new pages repost go in through add_page (real
rows, text and search index); the other N fingerprints of bench_dedup's
synthetic documents are bulk-inserted as variant and fingerprint rows, sketched
by a SketchPool (building a million documents through add_page would take hours).
Those bulk variants carry no text: a new page that LSH pairs with one reads an
empty text and is not merged with it, which is right for this generator (its
near duplicates are reposts of the documents added in full).

Then the same new pages (--pages of them, 20 % reposts of stored documents) are
added, one add_page each, to a copy of the big corpus and to a corpus holding
only the reposted documents: the per-page costs should be about the same.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_dedup import Corpus  # noqa: E402

from cleaning.dedup import SketchPool  # noqa: E402
from cleaning.document import Document  # noqa: E402
from cleaning.fingerprint import content_hash  # noqa: E402
from corpus.store import CorpusStore, open_db  # noqa: E402

OUT = Path(__file__).resolve().parent / "out"
CHUNK = 20_000


def document(corpus: Corpus, i: int) -> Document:
    title, _, body = corpus.text(i).partition("\n")
    return Document(
        title=title, body=body, url=page(i)["url"], site="bench", content_hash=content_hash(body)
    )


def page(i: int) -> dict:
    return {"url": f"http://bench.test/doc/{i}.html", "site": "bench", "kind": "article",
            "status": 200}  # fmt: skip


def reposted(corpus: Corpus, n: int, pages: int) -> list[int]:
    """Stored documents that the new pages n … n + pages - 1 repost."""
    return sorted({corpus.base_of(i) for i in range(n, n + pages)} - set(range(n, n + pages)))


def build(path: Path, corpus: Corpus, n: int, full: list[int], workers: int) -> None:
    """A corpus with the documents full added in full and the rest of 0 … n-1 bulk-inserted."""
    remove(path)
    db = open_db(path)
    store = CorpusStore(db)
    for i in full:
        store.add_page(page(i), document(corpus, i))
    skip = set(full)
    t0 = time.perf_counter()
    with SketchPool(workers) as pool:
        for start in range(0, n, CHUNK):
            ids = [i for i in range(start, min(n, start + CHUNK)) if i not in skip]
            bodies = [corpus.text(i).partition("\n")[2] for i in ids]
            fps = pool.sketch(bodies).fingerprints()
            with db.conn:
                db.conn.executemany(
                    "insert or ignore into variants (id, title, site, url, char_count,"
                    " is_canonical, first_seen, document_json) values (?, ?, ?, ?, ?, 0, ?, ?)",
                    [(fp.content_hash, f"doc {i}", "bench", page(i)["url"], len(b), "2026-01-01",
                      '{"body": ""}') for i, b, fp in zip(ids, bodies, fps, strict=True)],
                )  # fmt: skip
                db.conn.executemany(
                    "insert or ignore into variant_fingerprints (id, content_hash, signature,"
                    " head_signature, length, scheme) values (?, ?, ?, ?, ?, ?)",
                    [(fp.content_hash, fp.content_hash, fp.signature, fp.head_signature,
                      fp.length, fp.scheme) for fp in fps],
                )  # fmt: skip
            print(f"  built {min(n, start + CHUNK):,} / {n:,} ({time.perf_counter() - t0:.0f} s)",
                  flush=True)  # fmt: skip
    store.close()


def ingest(path: Path, corpus: Corpus, new: range) -> tuple[float, float, int, dict[str, int]]:
    """Open the corpus at path, add the new pages: (open s, ms per page, fingerprints, outcomes)."""
    rss0 = _rss_mb()
    t0 = time.perf_counter()
    store = CorpusStore(open_db(path))
    opened = time.perf_counter() - t0
    rss = _rss_mb() - rss0
    count = len(store.index)
    docs = [document(corpus, i) for i in new]
    outcomes: dict[str, int] = {}
    t0 = time.perf_counter()
    for i, doc in zip(new, docs, strict=True):
        outcome = store.add_page(page(i), doc)["outcome"]
        outcomes[outcome] = outcomes.get(outcome, 0) + 1
    per_page = (time.perf_counter() - t0) / len(new) * 1000
    store.close()
    return opened, per_page, count, {"rss_mb": rss, **outcomes}


def _rss_mb() -> float:
    """Resident memory now (VmRSS), not the peak."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=100_000, help="fingerprints in the big corpus")
    parser.add_argument("--pages", type=int, default=500, help="new pages added")
    parser.add_argument("--doc-chars", type=int, default=2_330)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    if args.n < 1 or args.pages < 1:
        sys.exit("--n and --pages must be positive")
    corpus = Corpus(args.seed, args.doc_chars, 0.2)
    full = reposted(corpus, args.n, args.pages)
    new = range(args.n, args.n + args.pages)
    OUT.mkdir(exist_ok=True)
    big = OUT / f"store_{args.n}.db"
    meta = big.with_suffix(".json")
    wanted = {"n": args.n, "pages": args.pages, "doc_chars": args.doc_chars, "seed": args.seed}
    if not big.exists() or not meta.exists() or json.loads(meta.read_text()) != wanted:
        print(f"building {big} (once): {len(full)} documents in full, the rest bulk-inserted")
        build(big, corpus, args.n, full, args.workers)
        meta.write_text(json.dumps(wanted))
    small = OUT / "store_small.db"
    work = OUT / "store_work.db"
    build(work, corpus, 0, full, 1)
    ingest(work, corpus, new[:20])  # warm-up: first calls load dictionaries and caches
    build(small, corpus, 0, full, 1)
    remove(work)
    shutil.copyfile(big, work)
    small_open, small_page, small_n, small_out = ingest(small, corpus, new)
    big_open, big_page, big_n, big_out = ingest(work, corpus, new)
    for label, opened, per_page, count, out in (
        ("small corpus", small_open, small_page, small_n, small_out),
        ("big corpus", big_open, big_page, big_n, big_out),
    ):
        rss = out.pop("rss_mb")
        print(
            f"{label:12s} {count:>9,d} fingerprints: open {opened:6.1f} s "
            f"(+{rss:.0f} MB RSS), add_page {per_page:6.1f} ms/page over {args.pages} pages {out}"
        )
    print(f"per-page cost, big / small corpus: {big_page / small_page:.2f}x")
    remove(small)
    remove(work)


def remove(path: Path) -> None:
    """A database file and its WAL files."""
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


if __name__ == "__main__":
    main()
