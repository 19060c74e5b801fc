"""``/<db>/-/archived?url=…``: a page's raw response, as the crawl archived it.

Rejected pages are audited against what was really downloaded. The page is
served with a sandboxing Content-Security-Policy: no script of a crawled page
runs, and it loads nothing (``?raw=1`` shows the bytes as text).
"""

from __future__ import annotations

import sys
from pathlib import Path

from datasette import hookimpl
from datasette.utils.asgi import Response

try:
    from corpus.archived import NotArchived, archived_response
except ImportError:  # Datasette started from outside the repository
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    from corpus.archived import NotArchived, archived_response

SANDBOX = "sandbox; default-src 'none'; style-src 'unsafe-inline'"


@hookimpl
def register_routes():
    return [(r"^/(?P<database>[^/]+)/-/archived$", archived_view)]


async def archived_view(datasette, request):
    db = datasette.get_database(request.url_vars["database"])
    url = request.args.get("url", "")
    if not url or not db.path:
        return Response.text("error: give the page as ?url=…\n", status=400)
    try:
        found = await db.execute_fn(lambda conn: archived_response(conn, url, Path(db.path)))
    except NotArchived as exc:
        return Response.text(f"error: {exc}\n", status=404)
    declared = dict((k.lower(), v) for k, v in found.headers).get("content-type", "text/html")
    content_type = "text/plain" + _charset(declared) if request.args.get("raw") else declared
    return Response(
        found.body, content_type=content_type,
        headers={"content-security-policy": SANDBOX, "x-content-type-options": "nosniff",
                 "x-archived-from": found.archive.name},
    )  # fmt: skip


def _charset(content_type: str) -> str:
    _, sep, rest = content_type.partition("charset=")
    return f"; charset={rest.split(';')[0].strip()}" if sep else ""
