"""Template data for the corpus reading view and the documents result cards.

Templates cannot run SQL, so this plugin hands them what they need:
``corpus_document`` (the document, its paragraphs and its whole cluster of
variants and source pages) on a documents row page, and ``corpus_cards`` (a
function turning the page's rows into title + snippet cards) on the documents
table page. Both are offered only when the database has the corpus schema, so
the templates fall back to Datasette's defaults anywhere else.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from datasette import hookimpl
from datasette.utils import tilde_encode, urlsafe_components

try:
    from corpus.search import snippet
except ImportError:  # Datasette started from outside the repository
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    from corpus.search import snippet

CORPUS_TABLES = {"documents", "variants", "pages"}
LIST_COLUMNS = ("years_reported", "years_title", "flags")
SNIPPET_WIDTH = 140


@hookimpl
def extra_template_vars(database, table, view_name, request, datasette):
    if table != "documents" or database is None or request is None:
        return {}

    async def inner() -> dict[str, Any]:
        db = datasette.get_database(database)
        if not CORPUS_TABLES.issubset(await db.table_names()):
            return {}
        if view_name == "row":
            return {"corpus_document": await _document_view(db, datasette, request)}
        if view_name == "table" and request.args.get("_view") != "table":
            return {"corpus_cards": _card_maker(datasette, database, request)}
        return {}

    return inner


async def _document_view(db, datasette, request) -> dict[str, Any] | None:
    pks = urlsafe_components(request.url_vars["pks"])
    result = await db.execute("select * from documents where id = ?", [pks[0]])
    row = result.first()
    if row is None:
        return None
    document = _decode_lists(dict(row))
    document["paragraphs"] = [p for p in (document["body"] or "").split("\n") if p.strip()]
    document["region"] = " ".join(
        v for v in (document.get(k) for k in ("province", "city", "county")) if v
    )
    document["href"] = safe_href(document["url"])
    document["variants"] = await _variants(db, datasette, document["id"])
    document["sources"] = await _sources(db, datasette, document["id"])
    return document


async def _variants(db, datasette, document_id: int) -> list[dict[str, Any]]:
    result = await db.execute(
        """select id, title, site, url, published, char_count, is_canonical, first_seen
           from variants where document_id = ?
           order by is_canonical desc, first_seen, id""",
        [document_id],
    )
    return [
        {
            **dict(r),
            "href": safe_href(r["url"]),
            "record": datasette.urls.row(db.name, "variants", tilde_encode(r["id"])),
        }
        for r in result.rows
    ]


async def _sources(db, datasette, document_id: int) -> list[dict[str, Any]]:
    # Every URL that led to this text: pages that became it, plus variant URLs
    # that have no page row (e.g. imported from elsewhere).
    result = await db.execute(
        """select url, site, outcome, status, fetched_at from pages where document_id = :id
           union
           select url, site, 'variant', null, first_seen from variants
           where document_id = :id and url is not null
             and url not in (select url from pages where document_id = :id)
           order by fetched_at, url""",
        {"id": document_id},
    )
    return [
        {
            **dict(r),
            "href": safe_href(r["url"]),
            "record": datasette.urls.row(db.name, "pages", tilde_encode(r["url"])),
        }
        for r in result.rows
    ]


def _card_maker(datasette, database: str, request) -> Callable[[Sequence], list[dict]]:
    query = request.args.get("_search", "")

    def cards(rows: Sequence) -> list[dict[str, Any]]:
        made = []
        for row in rows:
            data = _decode_lists(dict(row))
            if "id" not in data:  # ?_col= dropped the key: nothing to link to
                return []
            data["href"] = datasette.urls.row(database, "documents", str(data["id"]))
            data["snippet"] = snippet(data.get("body") or "", query, SNIPPET_WIDTH)
            made.append(data)
        return made

    return cards


def safe_href(url: str | None) -> str | None:
    """Only web URLs become links: the data comes from crawled pages, and a
    javascript: URL in an href would run in the reader's browser."""
    if url and urlsplit(url).scheme in ("http", "https"):
        return url
    return None


def _decode_lists(data: dict[str, Any]) -> dict[str, Any]:
    """years_reported, years_title and flags are stored as JSON arrays."""
    for key in LIST_COLUMNS:
        if isinstance(data.get(key), str):
            try:
                data[key] = json.loads(data[key])
            except ValueError:
                data[key] = [data[key]]
    return data


# The table page lists every column description above the rows; for documents
# that is 31 lines before the first result. Fold them into a <details> (without
# JavaScript the list simply stays open).
FOLD_COLUMN_DESCRIPTIONS = """
document.querySelectorAll("dl.column-descriptions").forEach(function (dl) {
  var details = document.createElement("details");
  var summary = document.createElement("summary");
  summary.textContent = "Column descriptions (" + dl.querySelectorAll("dt").length + ")";
  dl.parentNode.insertBefore(details, dl);
  details.appendChild(summary);
  details.appendChild(dl);
});
"""


@hookimpl
def extra_body_script(view_name):
    return FOLD_COLUMN_DESCRIPTIONS if view_name == "table" else ""
