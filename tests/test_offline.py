"""``make crawl`` (python -m crawler.offline): the mirror, the real scrapy command, the summary."""

from __future__ import annotations

import re
import subprocess
import sys

import sqlite_utils

from crawler.offline import previous_ports
from tests.crawling import ROOT


def make_crawl(db_path, archive_dir) -> str:
    """What ``make crawl`` runs, into a database of the test's own; returns its output."""
    done = subprocess.run(
        [sys.executable, "-m", "crawler.offline", "--db", str(db_path),
         "--", "-s", f"ARCHIVE_DIR={archive_dir}"],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    return done.stdout


def summary_number(output: str, label: str) -> int:
    return int(re.search(rf"^\s+{label}\s+(\d+)", output, re.M).group(1))


def test_make_crawl_twice_fetches_no_article_again(tmp_path):
    db_path = tmp_path / "corpus.db"
    first = make_crawl(db_path, tmp_path / "archive")
    assert summary_number(first, "documents stored") == 50
    db = sqlite_utils.Database(db_path)
    pages = db["pages"].count
    ports = previous_ports(str(db_path))
    assert sorted(ports) == ["fanwen", "gongwen", "gov", "tw", "wenku"]

    second = make_crawl(db_path, tmp_path / "archive")
    # The mirror comes back on the ports the corpus knows, so its URLs are known ones.
    assert all(f"{site} http://127.0.0.1:{port}" in second for site, port in ports.items())
    assert summary_number(second, "skipped \\(known\\)") == 150
    assert summary_number(second, "documents stored") == 0
    assert db["pages"].count == pages
    assert db["documents"].count == 50


def test_no_previous_ports_for_a_new_database(tmp_path):
    assert previous_ports(str(tmp_path / "absent.db")) == {}
