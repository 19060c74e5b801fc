"""Measure politeness where it matters, at the server: requests per site at once, gaps between them."""

from __future__ import annotations

import threading
import time
from contextlib import contextmanager

import mirror


@contextmanager
def recording_mirror():
    """The offline mirror in this process, noting when each request to each site began and ended."""
    running = mirror.start(seed=0, day=1)
    log: list[tuple[str, str, float, float]] = []
    lock = threading.Lock()
    for server in running.servers:

        class Recording(server.RequestHandlerClass):
            def do_GET(self):  # noqa: N802 - the stdlib's name
                began = time.monotonic()
                try:
                    super().do_GET()
                finally:
                    with lock:
                        log.append((self.server.site.name, self.path, began, time.monotonic()))

        server.RequestHandlerClass = Recording
    try:
        yield running, log
    finally:
        running.stop()


def max_concurrent(log, site_name: str) -> int:
    """The most requests the site was serving at one moment (robots.txt included)."""
    events = sorted(
        [(began, 1) for s, _, began, _ in log if s == site_name]
        + [(ended, -1) for s, _, _, ended in log if s == site_name]
    )  # an end sorts before a start at the same instant
    busy = peak = 0
    for _, step in events:
        busy += step
        peak = max(peak, busy)
    return peak



def gaps(log, site_name: str) -> list[float]:
    """Times between one page request to the site starting and the next (robots.txt aside)."""
    starts = sorted(began for s, path, began, _ in log if s == site_name and path != "/robots.txt")
    return [b - a for a, b in zip(starts, starts[1:], strict=False)]
