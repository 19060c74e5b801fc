"""Chinese full-text search for the corpus in Datasette.

documents_fts holds overlapping CJK bigrams (corpus.search.bigram_text), so a
user's query has to be rewritten into bigram phrases before FTS5 sees it.
Datasette builds its search SQL as ``... match escape_fts(:search)``
(datasette/filters.py), so replacing the ``escape_fts`` SQL function on every
connection is enough to make ``?_search=`` understand Chinese.
"""

from __future__ import annotations

import sqlite3
import sys
import urllib.parse
from pathlib import Path

from datasette import hookimpl
from datasette.utils.asgi import asgi_send_redirect

try:
    from corpus.search import bigram_text, fts_query, snippet_text
except ImportError:  # Datasette started from outside the repository
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    from corpus.search import bigram_text, fts_query, snippet_text


def _snippet(text: str | None, query: str | None) -> str:
    return snippet_text(text or "", query or "")


@hookimpl(trylast=True)
def prepare_connection(conn: sqlite3.Connection) -> None:
    # trylast: Datasette's own prepare_connection registers the stock
    # escape_fts; running after it means this definition is the one that stays.
    conn.create_function("escape_fts", 1, lambda q: fts_query(q or ""), deterministic=True)
    # For canned queries and ad-hoc SQL: the same rewrite under a clearer name,
    # the indexer itself, and a text snippet (a contentless table has no snippet()).
    conn.create_function("fts_query", 1, lambda q: fts_query(q or ""), deterministic=True)
    conn.create_function("bigram_text", 1, lambda t: bigram_text(t or ""), deterministic=True)
    conn.create_function("corpus_snippet", 2, _snippet, deterministic=True)


@hookimpl
def asgi_wrapper():
    """Redirect ``?_search=`` (an emptied search box) to the unsearched page.

    Datasette would run the empty query, and FTS5 matches nothing for it, so
    clearing the box and pressing Enter showed 0 rows instead of all of them.
    """

    def wrap(app):
        async def redirect_empty_search(scope, receive, send):
            if scope["type"] == "http":
                pairs = urllib.parse.parse_qsl(
                    scope.get("query_string", b"").decode("latin-1"), keep_blank_values=True
                )
                if ("_search", "") in pairs:
                    kept = urllib.parse.urlencode([p for p in pairs if p != ("_search", "")])
                    path = scope.get("root_path", "") + scope["path"]
                    await asgi_send_redirect(send, path + ("?" + kept if kept else ""))
                    return
            await app(scope, receive, send)

        return redirect_empty_search

    return wrap
