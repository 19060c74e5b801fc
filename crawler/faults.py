"""Every way a URL can fail to become a page, by kind.

One name per fault, written to ``pages.reason`` and counted as ``faults/<kind>`` in the
stats. *Refused* faults are the crawler's own choice (it would not fetch or keep the
page); the others are the site's doing. The README's crawling section explains each.
"""

from __future__ import annotations

from scrapy.exceptions import (
    CannotResolveHostError,
    DownloadCancelledError,
    DownloadConnectionRefusedError,
    DownloadFailedError,
    DownloadTimeoutError,
    IgnoreRequest,
    NotSupported,
    ResponseDataLossError,
    UnsupportedURLSchemeError,
)
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.internet import error as net_error
from twisted.python.failure import Failure
from twisted.web._newclient import ResponseFailed
from twisted.web.http import _DataLoss

# The crawler's own refusals; a page row for one has outcome 'refused', the others 'error'.
REFUSED = frozenset(
    {"robots", "offsite", "unsafe_scheme", "private_address", "redirect_loop", "too_large"}
)
# Scrapy's own IgnoreRequest messages, for the refusals its components make.
_IGNORE_MESSAGES = {
    "Forbidden by robots.txt": "robots",
    "max redirections reached": "redirect_loop",
    "Filtered offsite request": "offsite",
}


class Refused(IgnoreRequest):
    """A request this crawler will not make, with the fault kind it is recorded under."""

    def __init__(self, kind: str, detail: str = ""):
        super().__init__(f"{kind}: {detail}" if detail else kind)
        self.kind = kind


def http_fault(status: int) -> str:
    """http_404, http_429 and http_410 by name; other codes by their class (http_5xx, http_4xx)."""
    if status in (404, 410, 429):
        return f"http_{status}"
    return f"http_{status // 100}xx"


def failure_kind(failure: Failure) -> str:
    """The fault kind of a failed request, from the exception Scrapy handed the errback."""
    exc = failure.value
    if isinstance(exc, Refused):
        return exc.kind
    if isinstance(exc, HttpError):
        return http_fault(exc.response.status)
    if isinstance(exc, IgnoreRequest):
        return _ignored_kind(exc)
    for types, kind in _EXCEPTION_KINDS:
        if isinstance(exc, types):
            return kind
    if isinstance(exc, ResponseFailed):
        return "dataloss" if any(r.check(_DataLoss) for r in exc.reasons) else "connection_lost"
    return f"error:{type(exc).__name__}"


def _ignored_kind(exc: IgnoreRequest) -> str:
    message = str(exc)
    # HttpCompressionMiddleware refuses a body that decompresses past DOWNLOAD_MAXSIZE.
    if "DOWNLOAD_MAXSIZE" in message:
        return "too_large"
    for prefix, kind in _IGNORE_MESSAGES.items():
        if message.startswith(prefix):
            return kind
    return "ignored"


_EXCEPTION_KINDS: list[tuple[type | tuple[type, ...], str]] = [
    ((DownloadTimeoutError, net_error.TimeoutError, net_error.TCPTimedOutError), "timeout"),
    (ResponseDataLossError, "dataloss"),
    (DownloadCancelledError, "too_large"),  # the handler cancels past DOWNLOAD_MAXSIZE
    ((DownloadConnectionRefusedError, net_error.ConnectionRefusedError), "connection_refused"),
    ((CannotResolveHostError, net_error.DNSLookupError), "dns"),
    ((UnsupportedURLSchemeError, NotSupported), "unsafe_scheme"),
    ((DownloadFailedError, net_error.ConnectionLost, net_error.ConnectionDone), "connection_lost"),
    (net_error.ConnectError, "connection_failed"),
]
