"""Cleaning speed against plain trafilatura on the same pages, in the same run, on one core.

    .venv/bin/python benchmarks/bench_cleaning.py [PAGES_DIR ...] [--rounds N]

Pages default to the labelled cases (tests/cases/clean/*/*.html). Each system
reads the raw bytes (so both include decoding); the best of N rounds is kept
to damp noise from other processes. Prints pages/second and the ratio
cleaning-time / trafilatura-time (the target is at most 1.2). Times are this process's
CPU time (time.process_time): both systems are single-threaded CPU work, and CPU time is
not inflated by other processes sharing the machine's two cores, as wall time is.
"""

from __future__ import annotations

import argparse
import os
import time
from collections.abc import Callable
from pathlib import Path

import trafilatura

from cleaning import clean_html

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DIRS = [ROOT / "tests" / "cases" / "clean" / "tune", ROOT / "tests" / "cases" / "clean" / "heldout"]


def load_pages(dirs: list[Path]) -> list[bytes]:
    return [path.read_bytes() for d in dirs for path in sorted(d.glob("*.html"))]


def seconds(run: Callable[[bytes], object], pages: list[bytes]) -> float:
    start = time.process_time()
    for page in pages:
        run(page)
    return time.process_time() - start


def best_seconds(systems: list[Callable[[bytes], object]], pages: list[bytes], rounds: int) -> list[float]:
    """Fastest pass of each system; rounds alternate so load from other processes hits both."""
    best = [float("inf")] * len(systems)
    for _ in range(rounds):
        for i, run in enumerate(systems):
            best[i] = min(best[i], seconds(run, pages))
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("dirs", nargs="*", type=Path, default=DEFAULT_DIRS)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core for both systems
    pages = load_pages(args.dirs)
    if not pages:
        raise SystemExit("no *.html pages found")
    clean_html(pages[0])  # warm caches (OpenCC, rules, region tables) outside the timing
    trafilatura.extract(pages[0])
    base, ours = best_seconds([trafilatura.extract, clean_html], pages, args.rounds)
    print(f"pages: {len(pages)}  rounds: {args.rounds}  (best round kept)")
    print(f"trafilatura.extract: {len(pages) / base:8.1f} pages/s")
    print(f"cleaning.clean_html: {len(pages) / ours:8.1f} pages/s")
    print(f"ratio cleaning/trafilatura time: {ours / base:.2f}x (target <= 1.2x)")


if __name__ == "__main__":
    main()
