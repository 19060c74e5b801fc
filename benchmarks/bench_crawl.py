"""Crawl speed of the full pipeline against ``scrapy bench``, in the same run, on this machine.

    .venv/bin/python benchmarks/bench_crawl.py [--articles 5000] [--workers 0 2]

A large local site (``--articles`` on-topic pages from the mirror's grammar, 50 to a list
page, in its own process on 127.0.0.1) is crawled by the real ``scrapy crawl sites -a
start_url=…`` with politeness off and everything else on: decode, clean, judge, dedup,
store, WARC. Once per ``--workers`` value (0: cleaning in a thread; N: in N processes).
Peak memory is the crawl's resident set (its cleaning workers included), sampled twice a
second, given for each quarter of the crawl: flat means it does not grow with the crawl.
"""

from __future__ import annotations

import argparse
import html
import json
import random
import re
import subprocess
import sys
import tempfile
import threading
import time
from functools import cache
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PER_LIST = 50


# -- the site (runs in a child process: python bench_crawl.py serve N) ------------------------


@cache
def article(i: int) -> bytes:
    from mirror.grammar import bureau_document

    text = bureau_document(random.Random(1_000_000 + i))
    paragraphs = "".join(f"<p>{html.escape(p)}</p>" for p in text.paragraphs)
    return (f"<html><head><meta charset=\"utf-8\"><title>{html.escape(text.title)}</title></head>"
            f"<body><div><a href=\"/\">首页</a></div><h1>{html.escape(text.title)}</h1>"
            f"{paragraphs}</body></html>").encode()  # fmt: skip


def listing(n: int, articles: int) -> bytes:
    first = (n - 1) * PER_LIST
    links = "".join(f'<li><a href="/a/{i}.html">工作总结 {i}</a></li>'
                    for i in range(first, min(first + PER_LIST, articles)))  # fmt: skip
    more = f'<a href="/list/{n + 1}.html">下一页</a>' if first + PER_LIST < articles else ""
    return f"<html><body><ul>{links}</ul>{more}</body></html>".encode()


def serve(articles: int) -> None:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self):  # noqa: N802 - name fixed by BaseHTTPRequestHandler
            path = self.path
            if path == "/robots.txt":
                body = b"User-agent: *\nAllow: /\n"
            elif path == "/":
                body = listing(1, articles)
            elif m := re.fullmatch(r"/list/(\d+)\.html", path):
                body = listing(int(m.group(1)), articles)
            elif (m := re.fullmatch(r"/a/(\d+)\.html", path)) and int(m.group(1)) < articles:
                body = article(int(m.group(1)))
            else:
                self.send_error(404)
                return
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            return None

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    for i in range(articles):  # render before the clock starts: the site is not what is timed
        article(i)
    print(server.server_address[1], flush=True)
    server.serve_forever()


# -- measuring ------------------------------------------------------------------------------------


def rss_mb(pid: int) -> float:
    """Resident memory of a process and its children (the cleaning workers), in MB."""
    total = 0
    for p in [pid, *_children(pid)]:
        try:
            status = Path(f"/proc/{p}/status").read_text()
        except OSError:
            continue
        match = re.search(r"VmRSS:\s+(\d+) kB", status)
        total += int(match.group(1)) if match else 0
    return total / 1024


def _children(pid: int) -> list[int]:
    try:
        found = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        return []
    return [int(c) for c in found]


def run_sampled(command: list[str], cwd: Path) -> tuple[str, str, float, list[float]]:
    """Run a command; return its stdout, stderr, wall seconds and RSS samples."""
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True)  # fmt: skip
    samples: list[float] = []

    def sample():
        while process.poll() is None:
            samples.append(rss_mb(process.pid))
            time.sleep(0.5)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, err = process.communicate()
    sampler.join()
    return out, err, time.perf_counter() - start, samples


def scrapy_bench() -> float:
    """Pages/second of ``scrapy bench`` (Scrapy's default settings: run outside the project)."""
    with tempfile.TemporaryDirectory() as tmp:
        _, err, _, _ = run_sampled([sys.executable, "-m", "scrapy", "bench"], Path(tmp))
    pages = int(re.search(r"'response_received_count': (\d+)", err).group(1))
    seconds = float(re.search(r"'elapsed_time_seconds': ([\d.]+)", err).group(1))
    return pages / seconds


def crawl(url: str, workers: int, tmp: Path) -> dict:
    command = [sys.executable, "-m", "scrapy", "crawl", "sites", "-a", f"start_url={url}/",
               "-s", f"CORPUS_DB={tmp / f'bench-{workers}.db'}", "-s", f"ARCHIVE_DIR={tmp / 'warc'}",
               "-s", f"CLEAN_WORKERS={workers}",
               # Politeness off, as for scrapy bench: no delay, no throttle, one site at full width.
               "-s", "AUTOTHROTTLE_ENABLED=0", "-s", "DOWNLOAD_DELAY=0",
               "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=16", "-s", "LOG_LEVEL=WARNING",
               "-s", "PROGRESS_INTERVAL=0"]  # fmt: skip
    out, err, wall, samples = run_sampled(command, ROOT)
    if "Crawl finished" not in out:
        raise SystemExit(f"the crawl failed:\n{out}\n{err[-3000:]}")
    pages = int(re.search(r"pages fetched\s+(\d+)", out).group(1))
    stored = int(re.search(r"documents stored\s+(\d+)", out).group(1))
    seconds = float(re.search(r"Crawl finished in ([\d.]+)s", out).group(1))
    quarters = [max(q, default=0.0) for q in _quarters(samples)]
    return {"workers": workers, "pages": pages, "stored": stored, "seconds": seconds,
            "wall": wall, "rate": pages / seconds, "rss": quarters}  # fmt: skip


def _quarters(samples: list[float]) -> list[list[float]]:
    n = len(samples)
    return [samples[i * n // 4 : (i + 1) * n // 4] for i in range(4)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=5000)
    parser.add_argument("--workers", type=int, nargs="+", default=[0, 2])
    args = parser.parse_args(argv)
    site = subprocess.Popen([sys.executable, __file__, "serve", str(args.articles)], cwd=ROOT,
                            stdout=subprocess.PIPE, text=True)  # fmt: skip
    try:
        url = f"http://127.0.0.1:{int(site.stdout.readline())}"
        reference = scrapy_bench()
        with tempfile.TemporaryDirectory() as tmp:
            runs = [crawl(url, workers, Path(tmp)) for workers in args.workers]
    finally:
        site.terminate()
        site.wait(timeout=10)
    print_table(args.articles, reference, runs)
    return 0


def print_table(articles: int, reference: float, runs: list[dict]) -> None:
    print(f"site: {articles} article pages + {-(-articles // PER_LIST)} list pages on 127.0.0.1")
    print(f"{'system':<34} {'pages':>6} {'seconds':>8} {'pages/s':>8} {'vs bench':>8}"
          f"  peak RSS MB by quarter of the crawl")  # fmt: skip
    print(f"{'scrapy bench (reference)':<34} {'':>6} {'':>8} {reference:>8.1f} {'1.00':>8}")
    for run in runs:
        name = "full pipeline, " + (f"{run['workers']} clean workers" if run["workers"] else "clean in a thread")
        rss = " / ".join(f"{m:.0f}" for m in run["rss"])
        print(f"{name:<34} {run['pages']:>6} {run['seconds']:>8.1f} {run['rate']:>8.1f}"
              f" {run['rate'] / reference:>8.2f}  {rss}   ({run['stored']} stored)")  # fmt: skip
    print(json.dumps({"scrapy_bench_pages_per_s": round(reference, 1),
                      "runs": [{k: v for k, v in r.items() if k != "rss"} for r in runs]}))  # fmt: skip


if __name__ == "__main__":
    if sys.argv[1:2] == ["serve"]:
        serve(int(sys.argv[2]))
    else:
        sys.exit(main())
