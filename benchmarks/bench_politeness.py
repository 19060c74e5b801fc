"""Politeness of a distributed crawl, measured at the server: 1 worker against 3.

    .venv/bin/python benchmarks/bench_politeness.py [--delays 0 0.25]

The offline mirror runs in this process and notes when each request to each site
began and ended. The same crawl is made by one worker, by three workers sharing
the per-site leases in Redis (the default), and by three workers with the leases
off (FRONTIER_POLITENESS=0: each worker polite on its own, as plain Scrapy would
be). Printed per run: the most requests a site served at once, robots.txt included
(the limit is CONCURRENT_REQUESTS_PER_DOMAIN=2), and the shortest gap between
two page requests to a site starting (DOWNLOAD_DELAY; Scrapy's own delay is
randomised to 0.5-1.5 times it, the shared one is a floor), with how many gaps
were shorter than DOWNLOAD_DELAY.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from crawler.distributed import RedisServer, launch  # noqa: E402
from tests.politeness import gaps, max_concurrent, recording_mirror  # noqa: E402


def crawl(urls_file: Path, tmp: Path, workers: int, shared: bool, delay: float) -> float:
    with tempfile.TemporaryDirectory(dir=tmp) as run:
        server = RedisServer(Path(run) / "redis").start()
        extra = ["-s", "ARCHIVE_DIR=", "-s", f"DOWNLOAD_DELAY={delay}",
                 "-s", f"FRONTIER_POLITENESS={int(shared)}"]  # fmt: skip
        began = time.monotonic()
        with open(Path(run) / "log", "w") as log:
            job = launch(server.url, str(Path(run) / "corpus.db"), workers, urls_file, extra,
                         out=log, err=log)  # fmt: skip
            code = job.wait(timeout=600)
        server.stop()
        if code:
            raise SystemExit(f"the crawl failed ({code}): see {run}/log")
        return time.monotonic() - began


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--delays", type=float, nargs="+", default=[0.0, 0.25])
    args = parser.parse_args()
    runs = [("1 worker", 1, True), ("3 workers, shared leases", 3, True),
            ("3 workers, leases off", 3, False)]  # fmt: skip
    with tempfile.TemporaryDirectory() as tmp, recording_mirror() as (running, log):
        urls_file = Path(tmp) / "mirror.json"
        urls_file.write_text(json.dumps(running.urls), encoding="utf-8")
        print("CONCURRENT_REQUESTS_PER_DOMAIN=2, 5 sites, 214 pages; per run, the worst site:")
        print(f"{'DOWNLOAD_DELAY':>14}  {'run':<26} {'time':>6}  {'most at once':>12}"
              f"  {'min gap':>8}  {'gaps under the delay':>20}")  # fmt: skip
        for delay in args.delays:
            for name, workers, shared in runs:
                log.clear()
                seconds = crawl(urls_file, Path(tmp), workers, shared, delay)
                peak = max(max_concurrent(log, s) for s in running.urls)
                every = [g for s in running.urls for g in gaps(log, s)]
                under = sum(g < delay for g in every)
                print(f"{delay:>14}  {name:<26} {seconds:>5.1f}s  {peak:>12}  {min(every):>7.3f}s"
                      f"  {under:>9} of {len(every)}", flush=True)  # fmt: skip


if __name__ == "__main__":
    main()
