"""A hostile site on 127.0.0.1: real on-topic articles behind deep pagination, and every fault.

The good pages are texts from the mirror's grammar (on-topic education-bureau documents the
cleaner keeps), some served the way real sites serve them: GBK under ``charset=iso-8859-1``,
GBK gzipped under ``charset=utf-8``, behind a 503 or a 429 with Retry-After, truncated once,
linked as ``?from=`` and ``#`` spellings. Around them: every fault the crawler must refuse
or record, each with the kind it must be recorded under (``HostileSite.faults``). A second
server stands for "another host": the crawler must never send it a request.

    with running() as site:       # both servers stop when the block ends
        site.url, site.articles, site.faults, site.hits(path)

    python -m tests.hostile       # serve it until Ctrl-C, to crawl it by hand
"""

from __future__ import annotations

import contextlib
import gzip
import html
import random
import sys
import threading
import time
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from mirror.grammar import GeneratedText, bureau_document

LIST_PAGES = 12  # deeper than the old DEPTH_LIMIT of 8
PER_LIST = 2
SLOW_SECONDS = 40
HUGE_BYTES = 63 * 1024 * 1024
# How some articles are delivered (by article index); the rest are plain UTF-8.
DELIVERY = {0: "gbk_latin1", 1: "gbk_gzip_utf8", 2: "after_503", 3: "after_429",
            4: "truncated_once", 5: "gbk_latin1", 6: "gbk_gzip_utf8"}  # fmt: skip


@dataclass
class HostileSite:
    url: str
    other_url: str
    articles: dict[str, GeneratedText]  # path -> the text its page carries
    faults: dict[str, str] = field(default_factory=dict)  # full URL -> fault kind expected
    requests: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    other_requests: list[str] = field(default_factory=list)

    def hits(self, path: str) -> list[float]:
        """When each request for ``path`` arrived (time.monotonic)."""
        return self.requests.get(path, [])


def article_texts(count: int = LIST_PAGES * PER_LIST, seed: int = 13) -> list[GeneratedText]:
    return [bureau_document(random.Random(seed * 1000 + i)) for i in range(count)]


def article_page(text: GeneratedText) -> str:
    paragraphs = "\n".join(f"<p>{html.escape(p)}</p>" for p in text.paragraphs)
    title = html.escape(text.title)
    return (f"<html><head><title>{title}</title></head><body>"
            f'<div class="nav"><a href="/">首页</a> <a href="/list/1.html">工作总结</a></div>'
            f'<div class="content"><h1>{title}</h1>\n{paragraphs}</div></body></html>')  # fmt: skip


def list_page(n: int, links: list[tuple[str, str]]) -> str:
    items = "".join(f'<li><a href="{href}">{html.escape(title)}</a></li>' for href, title in links)
    pager = f'<a href="/list/{n + 1}.html">下一页</a>' if n < LIST_PAGES else "末页"
    return (f"<html><head><meta charset=\"utf-8\"><title>工作总结 第{n}页</title></head><body>"
            f"<ul>{items}</ul><div class=\"pager\">{pager}</div></body></html>")  # fmt: skip


class _Routes:
    """What each path answers, and how many times it has been asked."""

    def __init__(self, texts: list[GeneratedText], other_url: str, own_port: int):
        self.texts = texts
        self.other_url = other_url
        self.own_port = own_port
        self.stop = threading.Event()
        self.counts: dict[str, int] = defaultdict(int)

    def home(self) -> str:
        links = [("/list/1.html", "教育局工作总结"), *((p, p) for p in FAULT_PATHS if p != LOOP_END),
                 ("file:///etc/passwd", "本地文件"), (f"ftp://127.0.0.1:{self.own_port}/pub/", "FTP下载"),
                 ("data:text/html,<p>x</p>", "data"), ("s3://bucket/key.html", "s3"),
                 (self.other_url + "/elsewhere.html", "友情链接")]  # fmt: skip
        items = "".join(f'<li><a href="{h}">{html.escape(t)}</a></li>' for h, t in links)
        return f"<html><head><title>首页</title></head><body><ul>{items}</ul></body></html>"

    def listing(self, n: int) -> str:
        links = []
        for i in range((n - 1) * PER_LIST, n * PER_LIST):
            href = f"/article/{i}.html"
            links.append((href, self.texts[i].title))
            links.append((href + ("?from=list" if i % 2 else "#top"), self.texts[i].title))
        return list_page(n, links)


FAULT_PATHS = {
    "/fault/500.html": "http_5xx",
    "/fault/404.html": "http_404",
    "/fault/slow.html": "timeout",
    "/fault/truncated.html": "dataloss",
    "/fault/loop-a.html": None,  # recorded as a redirect; loop-b closes the loop
    "/fault/loop-b.html": "redirect_loop",
    "/fault/huge.html": "too_large",
    "/fault/huge-chunked.html": "too_large",
    "/fault/gzip-bomb.html": "too_large",
    "/fault/binary.html": "not_html",
    "/fault/blob.html": "not_html",
    "/fault/empty.html": "empty",
    "/fault/rate-limited.html": "http_429",  # Retry-After beyond RETRY_AFTER_MAX
    "/private/secret.html": "robots",
    "/fault/offsite-redirect.html": None,  # its target is the fault
    "/fault/file-redirect.html": None,
    "/fault/private-redirect.html": None,
    "/fault/meta-refresh.html": None,
}
LOOP_END = "/fault/loop-b.html"  # reached only through loop-a, never linked
PRIVATE_TARGET = "http://169.254.169.254/latest/meta-data/"
FILE_TARGET = "file:///etc/hostname"


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # chunked answers need it; every answer closes the connection
    server_version = "nginx/1.20.1"
    sys_version = ""

    def log_message(self, format: str, *args) -> None:  # noqa: A002 - stdlib signature
        return None

    def do_GET(self) -> None:  # noqa: N802 - name fixed by BaseHTTPRequestHandler
        site: HostileSite = self.server.site  # type: ignore[attr-defined]
        routes: _Routes = self.server.routes  # type: ignore[attr-defined]
        path = self.path.split("?", 1)[0]
        site.requests[self.path].append(time.monotonic())
        routes.counts[path] += 1
        with contextlib.suppress(ConnectionError):  # the crawler hung up, as on a huge page
            self._answer(routes, path, routes.counts[path])

    def _answer(self, routes: _Routes, path: str, attempt: int) -> None:
        if path == "/":
            return self._send(200, routes.home())
        if path == "/robots.txt":
            return self._send(200, "User-agent: *\nDisallow: /private/\n", "text/plain")
        if path.startswith("/list/"):
            n = int(path.removeprefix("/list/").removesuffix(".html"))
            return self._send(200, routes.listing(n)) if 1 <= n <= LIST_PAGES else self._send(404, "")
        if path.startswith("/article/"):
            i = int(path.removeprefix("/article/").removesuffix(".html"))
            return self._article(routes.texts[i], DELIVERY.get(i, "plain"), attempt)
        handler = _FAULTS.get(path)
        if handler is None:
            return self._send(404, "<html><body>404 Not Found</body></html>")
        return handler(self, routes)

    def _article(self, text: GeneratedText, delivery: str, attempt: int) -> None:
        page = article_page(text)
        if delivery == "gbk_latin1":
            return self._send(200, page.encode("gbk"), "text/html; charset=iso-8859-1")
        if delivery == "gbk_gzip_utf8":
            body = gzip.compress(page.encode("gbk"))
            return self._send(200, body, "text/html; charset=utf-8", {"Content-Encoding": "gzip"})
        if delivery == "after_503" and attempt == 1:
            return self._send(503, "busy", headers={"Retry-After": "1"})
        if delivery == "after_429" and attempt == 1:
            return self._send(429, "slow down", headers={"Retry-After": "1"})
        if delivery == "truncated_once" and attempt == 1:
            return self._truncated(page.encode("utf-8"))
        return self._send(200, page)

    def _send(self, status: int, body: str | bytes, ctype: str = "text/html; charset=utf-8",
              headers: dict[str, str] | None = None) -> None:  # fmt: skip
        data = body.encode("utf-8") if isinstance(body, str) else body
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Connection", "close")
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    def _truncated(self, data: bytes) -> None:
        """Promise the whole body, send half of it, hang up."""
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(data[: len(data) // 2])
        self.wfile.flush()
        self.close_connection = True

    def _redirect(self, location: str) -> None:
        self.send_response(302)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.send_header("Connection", "close")
        self.end_headers()

    def _stream(self, total: int, chunked: bool) -> None:
        """A page of ``total`` bytes, sent until the crawler hangs up."""
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Connection", "close")
        if chunked:
            self.send_header("Transfer-Encoding", "chunked")
        else:
            self.send_header("Content-Length", str(total))
        self.end_headers()
        block = ("<p>" + "教育局工作总结" * 2000 + "</p>").encode("utf-8")
        sent = 0
        while sent < total and not self.server.routes.stop.is_set():  # type: ignore[attr-defined]
            chunk = block[: total - sent]
            self.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk) if chunked else chunk)
            sent += len(chunk)
        if chunked:
            self.wfile.write(b"0\r\n\r\n")


def _slow(handler: _Handler, routes: _Routes) -> None:
    routes.stop.wait(SLOW_SECONDS)  # the 40 s answer; cut short when the site stops
    if not routes.stop.is_set():
        handler._send(200, "<html><body>late</body></html>")


@cache
def _bomb() -> bytes:
    return gzip.compress(b"<html><body>" + b" " * (20 * 1024 * 1024) + b"</body></html>")


def _gzip_bomb(handler: _Handler, routes: _Routes) -> None:
    """20 KB on the wire, 20 MB once decompressed."""
    handler._send(200, _bomb(), headers={"Content-Encoding": "gzip"})


def _binary(handler: _Handler, routes: _Routes) -> None:
    handler._send(200, random.Random(7).randbytes(6000), "text/html")


_FAULTS = {
    "/fault/500.html": lambda h, r: h._send(500, "<html><body>Internal Server Error</body></html>"),
    "/fault/404.html": lambda h, r: h._send(404, "<html><body>404</body></html>"),
    "/fault/slow.html": _slow,
    "/fault/truncated.html": lambda h, r: h._truncated(article_page(r.texts[0]).encode("utf-8")),
    "/fault/loop-a.html": lambda h, r: h._redirect("/fault/loop-b.html"),
    "/fault/loop-b.html": lambda h, r: h._redirect("/fault/loop-a.html"),
    "/fault/huge.html": lambda h, r: h._stream(HUGE_BYTES, chunked=False),
    "/fault/huge-chunked.html": lambda h, r: h._stream(HUGE_BYTES, chunked=True),
    "/fault/gzip-bomb.html": _gzip_bomb,
    "/fault/binary.html": _binary,
    "/fault/blob.html": lambda h, r: h._send(200, b"PK\x03\x04" + bytes(3000), "application/octet-stream"),
    "/fault/empty.html": lambda h, r: h._send(200, b""),
    "/fault/rate-limited.html": lambda h, r: h._send(429, "", headers={"Retry-After": "3600"}),
    "/private/secret.html": lambda h, r: h._send(200, article_page(r.texts[0])),
    "/fault/offsite-redirect.html": lambda h, r: h._redirect(r.other_url + "/landing.html"),
    "/fault/file-redirect.html": lambda h, r: h._redirect(FILE_TARGET),
    "/fault/private-redirect.html": lambda h, r: h._redirect(PRIVATE_TARGET),
    "/fault/meta-refresh.html": lambda h, r: h._send(
        200, f'<html><head><meta http-equiv="refresh" content="0; url={r.other_url}/refreshed.html">'
        "</head><body>跳转中</body></html>"),
}  # fmt: skip


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False

    def handle_error(self, request, client_address) -> None:
        """A crawler hanging up (as it must on a huge page) is no error of the site's."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


class _OtherHost(BaseHTTPRequestHandler):
    """Stands for any other host: records that it was asked, which must never happen."""

    def do_GET(self) -> None:  # noqa: N802
        self.server.asked.append(self.path)  # type: ignore[attr-defined]
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, format: str, *args) -> None:  # noqa: A002
        return None


def expected_faults(url: str, other_url: str, own_port: int) -> dict[str, str]:
    """Every URL the crawl must record as a fault, with its kind."""
    faults = {url + path: kind for path, kind in FAULT_PATHS.items() if kind}
    faults.update({
        other_url + "/landing.html": "offsite",  # the off-site redirect's target
        other_url + "/refreshed.html": "offsite",  # the meta refresh's target
        FILE_TARGET: "unsafe_scheme",
        PRIVATE_TARGET: "private_address",
        "file:///etc/passwd": "unsafe_scheme",
        f"ftp://127.0.0.1:{own_port}/pub/": "unsafe_scheme",
    })  # fmt: skip
    return faults


@contextmanager
def running(seed: int = 13) -> Iterator[HostileSite]:
    texts = article_texts(seed=seed)
    _bomb()  # made before the crawl starts, not while it waits
    other = _Server(("127.0.0.1", 0), _OtherHost)
    other.asked = []  # type: ignore[attr-defined]
    server = _Server(("127.0.0.1", 0), _Handler)
    port = server.server_address[1]
    url, other_url = f"http://127.0.0.1:{port}", f"http://127.0.0.1:{other.server_address[1]}"
    site = HostileSite(url, other_url, {f"/article/{i}.html": t for i, t in enumerate(texts)},
                       expected_faults(url, other_url, port), other_requests=other.asked)  # type: ignore[attr-defined]  # fmt: skip
    server.site, server.routes = site, _Routes(texts, other_url, port)  # type: ignore[attr-defined]
    threads = [threading.Thread(target=s.serve_forever, daemon=True) for s in (server, other)]
    for t in threads:
        t.start()
    try:
        yield site
    finally:
        server.routes.stop.set()  # type: ignore[attr-defined]
        for s in (server, other):
            s.shutdown()
            s.server_close()


if __name__ == "__main__":  # python -m tests.hostile: serve it until Ctrl-C
    with running() as hostile_site:
        print(f"hostile site on {hostile_site.url}/ (the other host: {hostile_site.other_url})",
              flush=True)  # fmt: skip
        with contextlib.suppress(KeyboardInterrupt):
            threading.Event().wait()
