"""Find a page's raw response in the WARC archive of the crawl that fetched it.

pages.crawl_id names the crawl; its statistics hold ``archive/path``, written
relative to where the crawl ran (usually next to the database).
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator


@dataclass
class ArchivedResponse:
    url: str
    status: int
    headers: list[tuple[str, str]]
    body: bytes
    archive: Path


class NotArchived(LookupError):
    """The page, its crawl's archive, or the record in it cannot be found (says which)."""


def archive_paths(conn: sqlite3.Connection, url: str, db_path: Path) -> list[Path]:
    """The archive of the page's crawl first, then every other crawl's (newest first)."""
    row = conn.execute("select crawl_id from pages where url = ?", [url]).fetchone()
    if row is None:
        raise NotArchived(f"no page {url} in this database")
    crawls = conn.execute(
        "select stats from crawls order by id = ? desc, id desc", [row[0]]
    ).fetchall()
    paths = []
    for (stats,) in crawls:
        path = json.loads(stats or "{}").get("archive/path")
        if path:
            paths.append(_resolve(Path(path), db_path))
    return [p for p in paths if p is not None]


def _resolve(path: Path, db_path: Path) -> Path | None:
    for candidate in (path, db_path.parent / path, Path.cwd() / path):
        if candidate.is_file():
            return candidate
    return None


def find_response(paths: list[Path], url: str) -> ArchivedResponse:
    """The last response archived for ``url`` in the first archive that has one."""
    for path in paths:
        found = None
        with open(path, "rb") as stream:
            for record in ArchiveIterator(stream):
                if record.rec_type == "response" and (
                    record.rec_headers.get_header("WARC-Target-URI") == url
                ):
                    found = ArchivedResponse(
                        url, int(record.http_headers.get_statuscode()),
                        list(record.http_headers.headers), record.content_stream().read(), path,
                    )  # fmt: skip
        if found:
            return found
    if not paths:
        raise NotArchived(f"the crawl that fetched {url} left no archive that can be found")
    raise NotArchived(f"{url} is not in {', '.join(str(p) for p in paths)}")


def archived_response(conn: sqlite3.Connection, url: str, db_path: Path) -> ArchivedResponse:
    return find_response(archive_paths(conn, url, db_path), url)
