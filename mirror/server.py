"""One ThreadingHTTPServer per site on 127.0.0.1, each a separate "host" with its own port."""

from __future__ import annotations

import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, unquote, urlsplit

from mirror.catalog import SITES, Page, catalog
from mirror.sites import Resource, Site, build_all, gate_page, http_date, not_found, search_page


class Handler(BaseHTTPRequestHandler):
    server_version = "nginx/1.20.1"  # what such sites announce; also hides Python's banner
    sys_version = ""
    verbose = False

    @property
    def site(self) -> Site:
        return self.server.site  # type: ignore[attr-defined]

    def do_GET(self) -> None:  # noqa: N802 - name fixed by BaseHTTPRequestHandler
        self._send(self._resolve(), head=False)

    def do_HEAD(self) -> None:  # noqa: N802
        self._send(self._resolve(), head=True)

    def _resolve(self) -> Resource:
        parts = urlsplit(self.path)
        path = unquote(parts.path) or "/"
        res = self.site.routes.get(path) or self.site.routes.get(parts.path)
        if res is not None:
            return res
        if path == "/search" and self.site.name == "fanwen":
            qs = parse_qs(parts.query)
            page = qs.get("page", ["1"])[0]
            return search_page(self.site, qs.get("q", [""])[0], int(page) if page.isdigit() else 1)
        if path.startswith(("/member/", "/download/")):
            return gate_page(self.site)
        return not_found(self.site)

    def _not_modified(self, res: Resource) -> bool:
        since = self.headers.get("If-Modified-Since")
        if not since or res.last_modified is None or res.status != 200:
            return False
        try:
            return res.last_modified.replace(microsecond=0) <= parsedate_to_datetime(since)
        except (TypeError, ValueError):
            return False

    def _send(self, res: Resource, head: bool) -> None:
        if self._not_modified(res):
            self.send_response(304)
            self.send_header("Last-Modified", http_date(res.last_modified))  # type: ignore[arg-type]
            self.end_headers()
            return
        self.send_response(res.status)
        self.send_header("Content-Type", res.content_type)
        self.send_header("Content-Length", str(len(res.body)))
        if res.location:
            self.send_header("Location", res.location)
        if res.last_modified is not None:
            self.send_header("Last-Modified", http_date(res.last_modified))
        self.end_headers()
        if not head:
            self.wfile.write(res.body)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib signature
        if self.verbose:
            sys.stderr.write(f"[{self.site.name}] {format % args}\n")


@dataclass
class Mirror:
    """The running sites. urls maps site name to "http://127.0.0.1:PORT"."""

    urls: dict[str, str]
    pages: list[Page]
    sites: dict[str, Site]
    servers: list[ThreadingHTTPServer] = field(default_factory=list)
    threads: list[threading.Thread] = field(default_factory=list)

    @property
    def ports(self) -> dict[str, int]:
        return {name: int(url.rsplit(":", 1)[1]) for name, url in self.urls.items()}

    def url(self, page: Page) -> str:
        return self.urls[page.site] + page.path

    def stop(self) -> None:
        # shutdown() waits out one poll interval per server: do them side by side, not in turn.
        stoppers = [threading.Thread(target=s.shutdown) for s in self.servers]
        for t in stoppers:
            t.start()
        for t in stoppers:
            t.join(timeout=5)
        for server in self.servers:
            server.server_close()
        for thread in self.threads:
            thread.join(timeout=5)


def start(
    seed: int = 0, day: int = 1, verbose: bool = False, ports: dict[str, int] | None = None
) -> Mirror:
    """Bind every site first (ports are needed for cross-site links), then render and serve.

    ``ports`` brings the sites back on the ports of an earlier run, so that a
    later "day" serves the same URLs (free ports are taken by default).
    """
    handler = type("SiteHandler", (Handler,), {"verbose": verbose})
    ports = ports or {}
    servers = {
        name: ThreadingHTTPServer(("127.0.0.1", ports.get(name, 0)), handler) for name in SITES
    }
    for server in servers.values():
        server.daemon_threads = True
    urls = {name: f"http://127.0.0.1:{s.server_address[1]}" for name, s in servers.items()}
    pages = catalog(seed, day)
    sites = build_all(pages, urls)
    mirror = Mirror(urls, pages, sites, list(servers.values()))
    for name, server in servers.items():
        server.site = sites[name]  # type: ignore[attr-defined]
        thread = threading.Thread(target=server.serve_forever, name=f"mirror-{name}", daemon=True)
        thread.start()
        mirror.threads.append(thread)
    return mirror


@contextmanager
def running(
    seed: int = 0, day: int = 1, verbose: bool = False, ports: dict[str, int] | None = None
) -> Iterator[Mirror]:
    mirror = start(seed, day, verbose, ports)
    try:
        yield mirror
    finally:
        mirror.stop()
