"""``make crawl-distributed``: Redis, the offline mirror, N crawl workers and one ingester.

    python -m crawler.distributed [--db corpus.db] [--workers 3] [--redis redis://HOST:PORT/0]
                                  [-- extra scrapy args]

Without ``--redis`` a private ``redis-server`` is started on 127.0.0.1 (a free
port, append-only file in a temporary directory) and stopped at the end. The
ingester prints the same summary as ``make crawl``, plus a line per worker.
"""

from __future__ import annotations

import argparse
import json
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import redis

from crawler.offline import crawl_command, start_mirror_where_it_was


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class RedisServer:
    """Debian's redis-server on 127.0.0.1, its append-only file in ``directory``.

    ``stop()`` and ``start()`` again bring it back on the same port with the same
    data: what a Redis restart in the middle of a crawl looks like.
    """

    def __init__(self, directory: Path, port: int | None = None):
        self.directory = Path(directory)
        self.port = port or free_port()
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> RedisServer:
        binary = shutil.which("redis-server")
        if binary is None:
            raise SystemExit("redis-server not found: install it (apt-get install redis-server)")
        self.directory.mkdir(parents=True, exist_ok=True)
        command = [binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
                   "--appendonly", "yes", "--appendfsync", "everysec",
                   "--dir", str(self.directory), "--daemonize", "no", "--protected-mode", "yes"]  # fmt: skip
        log = (self.directory / "redis.log").open("ab")
        self.process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
        client = redis.Redis(port=self.port, socket_connect_timeout=1)
        for _ in range(100):
            try:
                if client.ping():
                    return self
            except redis.ConnectionError:
                time.sleep(0.05)
        raise SystemExit(f"redis-server did not start on port {self.port} (see {log.name})")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()  # SIGTERM: Redis writes its append-only file and exits
            self.process.wait(timeout=10)


@contextmanager
def redis_running(directory: Path):
    server = RedisServer(directory).start()
    try:
        yield server
    finally:
        server.stop()


def worker_command(frontier: str, name: str, urls_file: Path, extra: list[str]) -> list[str]:
    """``make crawl``'s scrapy command, as one worker of the shared frontier."""
    return crawl_command("", urls_file, ["-s", f"FRONTIER={frontier}",
                                         "-s", f"FRONTIER_WORKER={name}", *extra])  # fmt: skip


def ingest_command(frontier: str, db: str, extra: tuple[str, ...] = ()) -> list[str]:
    return [sys.executable, "-m", "corpus", "ingest", "--from", frontier, "--db", db, *extra]


@dataclass
class DistributedCrawl:
    """The processes of one distributed crawl on this machine: an ingester and its workers."""

    ingester: subprocess.Popen
    workers: dict[str, subprocess.Popen] = field(default_factory=dict)

    def wait(self, timeout: float | None = None) -> int:
        """Wait for the workers, then for the ingester (it stops once they all have)."""
        for process in self.workers.values():
            process.wait(timeout)
        return self.ingester.wait(timeout)

    def stop(self) -> None:
        for process in [*self.workers.values(), self.ingester]:
            if process.poll() is None:
                process.terminate()
                process.wait(timeout=10)


def launch(frontier: str, db: str, workers: int, urls_file: Path, extra: list[str],
           out=None, err=None, ingest_extra: tuple[str, ...] = ()) -> DistributedCrawl:  # fmt: skip
    """Start the ingester, then ``workers`` workers named w1, w2 …"""
    ingester = subprocess.Popen(ingest_command(frontier, db, ingest_extra), stdout=out, stderr=err)
    crawl = DistributedCrawl(ingester)
    for i in range(1, workers + 1):
        command = worker_command(frontier, f"w{i}", urls_file, extra)
        # A worker's own line goes to stderr: stdout is the crawl's summary.
        crawl.workers[f"w{i}"] = subprocess.Popen(command, stdout=err or sys.stderr, stderr=err)
    return crawl


def run(frontier: str, db: str, workers: int, seed: int, day: int, extra: list[str]) -> int:
    mirror, urls = start_mirror_where_it_was(seed, day, db)
    crawl = None
    try:
        with tempfile.TemporaryDirectory() as tmp:
            urls_file = Path(tmp) / "mirror.json"
            urls_file.write_text(json.dumps(urls), encoding="utf-8")
            print("offline mirror: " + ", ".join(f"{k} {v}" for k, v in urls.items()), flush=True)
            print(f"frontier: {frontier}, {workers} workers", flush=True)
            crawl = launch(frontier, db, workers, urls_file, extra)
            return crawl.wait()
    finally:
        if crawl is not None:
            crawl.stop()
        mirror.terminate()
        mirror.wait(timeout=10)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m crawler.distributed", description=__doc__)
    parser.add_argument("--db", default="corpus.db")
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--redis", help="a running Redis to share (default: start one here)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--day", type=int, default=1)
    parser.add_argument("scrapy_args", nargs="*", help="passed on to each worker's scrapy crawl")
    args = parser.parse_args(argv)
    if args.workers < 1:
        parser.error(f"--workers must be 1 or more, not {args.workers}")
    if args.redis:
        return run(args.redis, args.db, args.workers, args.seed, args.day, args.scrapy_args)
    with tempfile.TemporaryDirectory(prefix="redis-") as tmp, redis_running(Path(tmp)) as server:
        return run(server.url, args.db, args.workers, args.seed, args.day, args.scrapy_args)


if __name__ == "__main__":
    sys.exit(main())
