"""Chinese full-text search for the corpus in Datasette.

documents_fts holds overlapping CJK bigrams (corpus.search.bigram_text), so a
user's query has to be rewritten into bigram phrases before FTS5 sees it.
Datasette builds its search SQL as ``... match escape_fts(:search)``
(datasette/filters.py), so replacing the ``escape_fts`` SQL function on every
connection is enough to make ``?_search=`` understand Chinese, with the query
language of corpus.search (A OR B, -A, "phrases", Traditional → Simplified).
"""

from __future__ import annotations

import sqlite3
import sys
import urllib.parse
from pathlib import Path

from datasette import hookimpl
from datasette.utils.asgi import asgi_send_json, asgi_send_redirect

try:
    from corpus.search import fts_query, query_problem, register_functions
except ImportError:  # Datasette started from outside the repository
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    from corpus.search import fts_query, query_problem, register_functions


MMAP_BYTES = 4 << 30


@hookimpl(trylast=True)
def prepare_connection(conn: sqlite3.Connection) -> None:
    # trylast: Datasette's own prepare_connection registers the stock
    # escape_fts; running after it means this definition is the one that stays.
    conn.create_function("escape_fts", 1, fts_query, deterministic=True)
    # For canned queries and ad-hoc SQL: fts_query (the same rewrite under a
    # clearer name), bigram_text, corpus_snippet, corpus_in_title.
    register_functions(conn)
    # Reading pages through a memory map instead of read() calls: a search over
    # thousands of matches touches thousands of pages (4x faster measured on
    # 3,000 matches). Address space only; the OS shares the pages with its cache.
    conn.execute(f"pragma mmap_size = {MMAP_BYTES}")


@hookimpl
def asgi_wrapper():
    """``?_search=`` (an emptied box) shows the unsearched page; a refused query
    (a lone character, exclusions only) is a 400 with its reason in JSON.

    Datasette would run the empty query, and FTS5 matches nothing for it, so
    clearing the box and pressing Enter showed 0 rows instead of all of them.
    An HTML page shows the refusal itself (see _table-corpus-documents.html).
    """

    def wrap(app):
        async def check_search(scope, receive, send):
            if scope["type"] == "http":
                pairs = urllib.parse.parse_qsl(
                    scope.get("query_string", b"").decode("utf-8", "replace"),
                    keep_blank_values=True,
                )
                search = dict(pairs).get("_search")
                if search == "":
                    kept = urllib.parse.urlencode([p for p in pairs if p != ("_search", "")])
                    path = scope.get("root_path", "") + scope["path"]
                    await asgi_send_redirect(send, path + ("?" + kept if kept else ""))
                    return
                problem = query_problem(search) if search else None
                if problem and scope["path"].endswith(".json"):
                    body = {"ok": False, "error": problem, "status": 400, "title": "检索词无法检索"}
                    await asgi_send_json(send, body, status=400)
                    return
            await app(scope, receive, send)

        return check_search

    return wrap
