"""Sites by their display names, read from the crawler's profiles as data.

Each ``crawler/profiles/**/*.toml`` names a site (``name``, the id stored in
the database) and its ``title`` (启航范文网). The files are read with
tomllib: browse and export never import the crawler (or Scrapy).
"""

from __future__ import annotations

import re
import tomllib
from functools import lru_cache
from pathlib import Path

PROFILES = Path(__file__).resolve().parents[1] / "crawler" / "profiles"
# "启航范文网 (offline mirror)": the note in brackets is for developers, not readers.
_NOTE = re.compile(r"\s*\([^()]*\)\s*$")


@lru_cache(maxsize=1)
def site_names() -> dict[str, str]:
    """``{site id: display name}`` for every profile that has a title."""
    names: dict[str, str] = {}
    for path in sorted(PROFILES.rglob("*.toml")):
        try:
            profile = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError):
            continue  # a broken profile is the crawler's to report
        if profile.get("name") and profile.get("title"):
            names.setdefault(profile["name"], _NOTE.sub("", profile["title"]))
    return names


def site_name(site: str | None) -> str | None:
    """The display name of a site id; the id itself when no profile names it."""
    if site is None:
        return None
    return site_names().get(site, site)
