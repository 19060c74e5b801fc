"""Checks made before a crawl starts, so that a bad argument is one line, not a traceback."""

from __future__ import annotations

import contextlib
import sqlite3
from pathlib import Path

from corpus.store import open_db
from crawler.profile import ProfileError, select_profiles


class SetupError(ValueError):
    """A crawl that cannot start, with the argument to change named in the message."""


def check_database(path: str | None) -> None:
    """The corpus database can be opened (or created) and written."""
    if not path:
        raise SetupError("CORPUS_DB is empty: name the database file, e.g. -s CORPUS_DB=corpus.db")
    existed = Path(path).exists()
    try:
        db = open_db(path)
        db.execute("begin immediate")  # takes the write lock: a read-only file fails here
        db.execute("rollback")
        db.close()
    except (sqlite3.Error, OSError) as exc:
        raise SetupError(f"CORPUS_DB={path!r}: cannot write a database there ({exc})") from exc
    finally:
        if not existed:  # a check leaves nothing behind; the crawl creates its database
            for leftover in (path, f"{path}-wal", f"{path}-shm"):
                with contextlib.suppress(OSError):
                    Path(leftover).unlink(missing_ok=True)


def check_setup(settings, spider_args: dict) -> None:
    """Everything ``scrapy crawl sites`` needs: profiles to run and a writable database."""
    try:
        select_profiles(settings.get("PROFILES_DIR"), settings.get("MIRROR_URLS", ""),
                        spider_args.get("site"), spider_args.get("start_url"))  # fmt: skip
    except ProfileError as exc:
        raise SetupError(str(exc)) from exc
    if settings.get("FRONTIER"):  # a worker of a shared crawl: Redis, not a database file
        check_frontier(settings.get("FRONTIER"))
    else:
        check_database(settings.get("CORPUS_DB"))


def check_frontier(url: str) -> None:
    """The shared frontier's Redis answers (a worker keeps no database of its own)."""
    from corpus.queue import FrontierError, connect

    try:
        connect(url, retry_seconds=0).close()
    except FrontierError as exc:
        raise SetupError(f"FRONTIER={url!r}: {exc}") from exc
