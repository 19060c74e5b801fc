"""Site profiles: what to crawl on one site, as data (crawler/profiles/*.toml)."""

from __future__ import annotations

import json
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, urlsplit


class ProfileError(ValueError):
    """A profile file that cannot be used, with the file named in the message."""


@dataclass
class Profile:
    """One site: where to start, which URLs are lists and which are articles."""

    name: str
    title: str = ""
    start_urls: list[str] = field(default_factory=list)
    allowed_domains: list[str] = field(default_factory=list)
    article_patterns: list[str] = field(default_factory=list)
    list_patterns: list[str] = field(default_factory=list)
    deny_patterns: list[str] = field(default_factory=list)
    sitemap_urls: list[str] = field(default_factory=list)
    search_urls: list[str] = field(default_factory=list)  # with {q}: one request per keyword
    topic_keywords: list[str] = field(default_factory=list)
    hints: dict = field(default_factory=dict)
    source: str = ""

    def __post_init__(self) -> None:
        self._article = _compile(self.article_patterns)
        self._list = _compile(self.list_patterns)
        self._deny = _compile(self.deny_patterns)

    @property
    def generic(self) -> bool:
        """A profile with no URL patterns: pages are judged by what they contain."""
        return not (self.article_patterns or self.list_patterns)

    def netlocs(self) -> set[str]:
        """Hosts (with port) this profile may fetch from."""
        hosts = {urlsplit(u).netloc for u in self.start_urls + self.sitemap_urls}
        return hosts | set(self.allowed_domains)

    def start_hosts(self) -> set[str]:
        """Host names (no port) of the URLs the user gave this profile."""
        return {urlsplit(u).hostname or "" for u in self.start_urls + self.sitemap_urls}

    def owns(self, url: str) -> bool:
        netloc = urlsplit(url).netloc
        return any(netloc == n or netloc.endswith("." + n) for n in self.netlocs())

    def classify(self, url: str) -> str | None:
        """'article', 'list' or None (not to be followed) for a URL on this site."""
        if not self.owns(url) or (self._deny and self._deny.search(url)):
            return None
        if self.generic:
            return "unknown"
        if self._article and self._article.search(url):
            return "article"
        if self._list and self._list.search(url):
            return "list"
        return None

    def topic_urls(self) -> list[str]:
        """The site's search or tag URLs, one per topic keyword."""
        return [
            template.replace("{q}", quote(keyword))
            for template in self.search_urls
            for keyword in self.topic_keywords
        ]


def _compile(patterns: list[str]) -> re.Pattern | None:
    return re.compile("|".join(f"(?:{p})" for p in patterns)) if patterns else None


def read_profile(path: Path) -> dict:
    """The raw TOML of one profile, with the file named in any error."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ProfileError(f"{path}: {exc}") from exc
    if "name" not in data:
        raise ProfileError(f"{path}: a profile needs a name")
    return data


def build_profile(path: Path, data: dict, mirror_urls: dict[str, str] | None = None) -> Profile:
    """A Profile from TOML data; ``{base}`` in a mirror profile becomes its site's URL."""
    data = dict(data)
    mirror_site = data.pop("mirror_site", None)
    if mirror_site:
        base = (mirror_urls or {}).get(mirror_site)
        if not base:
            raise ProfileError(f"{path}: mirror site {mirror_site!r} is not running (MIRROR_URLS)")
        for key in ("start_urls", "sitemap_urls", "search_urls"):
            data[key] = [u.replace("{base}", base.rstrip("/")) for u in data.get(key, [])]
    try:
        return Profile(source=str(path), **data)
    except (TypeError, re.error) as exc:
        raise ProfileError(f"{path}: {exc}") from exc


def load_profiles(
    directory: Path, mirror_urls: dict[str, str] | None = None, name: str | None = None
) -> list[Profile]:
    """Every runnable profile under a directory, or the one called ``name``.

    Mirror profiles run only when the mirror is up (MIRROR_URLS); profiles
    without start URLs (a site whose address is not confirmed) are skipped.
    """
    paths = sorted(directory.rglob("*.toml"))
    if not paths:
        raise ProfileError(f"{directory}: no profiles (*.toml) found")
    found = [(path, read_profile(path)) for path in paths]
    if name:
        return [_named_profile(directory, found, name, mirror_urls)]
    profiles = [
        build_profile(path, data, mirror_urls)
        for path, data in found
        if mirror_urls or "mirror_site" not in data
    ]
    return [p for p in profiles if p.start_urls or p.sitemap_urls]


def _named_profile(
    directory: Path, found: list[tuple[Path, dict]], name: str, mirror_urls: dict | None
) -> Profile:
    """The profile asked for by name, or an error saying why it cannot run."""
    matches = [(p, d) for p, d in found if name in (d["name"], p.stem)]
    if not matches:
        known = ", ".join(sorted({d["name"] for _, d in found}))
        raise ProfileError(f"no profile named {name!r} in {directory} (known: {known})")
    path, data = matches[0]
    if "mirror_site" in data and not mirror_urls:
        raise ProfileError(f"{path}: {name!r} is a mirror profile; run it with make crawl")
    profile = build_profile(path, data, mirror_urls)
    if not (profile.start_urls or profile.sitemap_urls):
        raise ProfileError(f"{path}: profile {name!r} has no start URLs, nothing to crawl")
    return profile


def parse_mirror_urls(value: str) -> dict[str, str]:
    """MIRROR_URLS: a JSON object, or the path of a file holding one."""
    if not value:
        return {}
    text = value if value.lstrip().startswith("{") else Path(value).read_text(encoding="utf-8")
    return json.loads(text)


def select_profiles(
    profiles_dir: str, mirror_urls: str, site: str | None, start_url: str | None
) -> list[Profile]:
    """The profiles one crawl runs (``-a site``, ``-a start_url`` or all), or a ProfileError."""
    if start_url:
        if urlsplit(start_url).scheme not in ("http", "https") or not urlsplit(start_url).netloc:
            raise ProfileError(f"start_url {start_url!r}: only http(s) URLs with a host are crawled")
        return [generic_profile(start_url)]
    try:
        mirror = parse_mirror_urls(mirror_urls)
    except (OSError, ValueError) as exc:
        raise ProfileError(f"MIRROR_URLS {mirror_urls!r}: {exc}") from exc
    profiles = load_profiles(Path(profiles_dir), mirror, site)
    if not profiles:
        raise ProfileError(f"{profiles_dir}: no profile has start URLs, nothing to crawl")
    return profiles


def generic_profile(start_url: str) -> Profile:
    """A profile for any start URL: stay on its host, judge pages by content."""
    return Profile(name=urlsplit(start_url).hostname or "site", start_urls=[start_url])
