"""``make crawl``: start the offline mirror, run ``scrapy crawl sites`` on it, stop it.

    python -m crawler.offline [--db corpus.db] [--seed 0] [--day 1] [-- extra scrapy args]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

import sqlite_utils

from corpus.store import last_url_of_each_site

MIRROR_PROFILES = "crawler/profiles/mirror"


def start_mirror(
    seed: int, day: int, ports: dict[str, int] | None = None
) -> tuple[subprocess.Popen, dict[str, str]]:
    """Run ``python -m mirror serve`` and read the site URLs it prints."""
    command = [sys.executable, "-m", "mirror", "serve", "--seed", str(seed), "--day", str(day)]
    if ports:
        command += ["--ports", json.dumps(ports)]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    line = process.stdout.readline()
    if not line:
        process.kill()
        raise SystemExit("the offline mirror did not start (python -m mirror serve)")
    return process, json.loads(line)


def previous_ports(db_path: str) -> dict[str, int]:
    """The loopback ports the mirror's sites had in the last crawl into this database.

    Pages are keyed by URL: serving the sites on the same ports again is what
    lets a second ``make crawl`` recognise the articles it already holds.
    """
    if not Path(db_path).exists():
        return {}
    db = sqlite_utils.Database(db_path)
    try:
        urls = last_url_of_each_site(db)
    finally:
        db.close()
    ports = {}
    for site, url in urls.items():
        parts = urlsplit(url)
        if parts.hostname == "127.0.0.1" and parts.port:
            ports[site] = parts.port
    return ports


def start_mirror_where_it_was(
    seed: int, day: int, db_path: str
) -> tuple[subprocess.Popen, dict[str, str]]:
    ports = previous_ports(db_path)
    if ports:
        try:
            return start_mirror(seed, day, ports)
        except SystemExit:
            print(
                "offline mirror: its earlier ports are taken, serving on new ones "
                "(this crawl will fetch every page again)",
                file=sys.stderr,
            )
    return start_mirror(seed, day)


def crawl_command(db: str, urls_file: Path, extra: list[str]) -> list[str]:
    """The real ``scrapy crawl sites`` command, pointed at the mirror's sites."""
    return [
        sys.executable, "-m", "scrapy", "crawl", "sites",
        "-s", f"CORPUS_DB={db}",
        "-s", f"PROFILES_DIR={MIRROR_PROFILES}",
        "-s", f"MIRROR_URLS={urls_file}",
        # The mirror is on this machine: no need to wait between requests.
        "-s", "AUTOTHROTTLE_ENABLED=0", "-s", "DOWNLOAD_DELAY=0",
        "-s", "LOG_LEVEL=WARNING",
        *extra,
    ]  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m crawler.offline", description=__doc__)
    parser.add_argument("--db", default="corpus.db")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--day", type=int, default=1)
    parser.add_argument("scrapy_args", nargs="*", help="passed on to scrapy crawl")
    args = parser.parse_args(argv)
    mirror, urls = start_mirror_where_it_was(args.seed, args.day, args.db)
    try:
        with tempfile.TemporaryDirectory() as tmp:
            urls_file = Path(tmp) / "mirror.json"
            urls_file.write_text(json.dumps(urls), encoding="utf-8")
            print("offline mirror: " + ", ".join(f"{k} {v}" for k, v in urls.items()), flush=True)
            return subprocess.call(crawl_command(args.db, urls_file, args.scrapy_args))
    finally:
        mirror.terminate()
        mirror.wait(timeout=10)


if __name__ == "__main__":
    sys.exit(main())
