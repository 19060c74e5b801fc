"""Template data for the corpus pages: reading view, result cards, overview, labels.

Templates cannot run SQL, so this plugin hands them what they need:
``corpus_document`` (the document, its paragraphs with every hit of ``?q=``
numbered, its citation, its Traditional original and its whole cluster of
variants and source pages) on a documents row page, ``corpus_cards`` on the
documents table page and ``corpus_overview`` on the database page. They are
offered only when the database has the corpus schema, so the templates fall
back to Datasette's defaults anywhere else. ``corpus_label`` and
``corpus_value`` (Chinese names for columns and coded values) are offered
everywhere.
"""

from __future__ import annotations

import json
import sys
import urllib.parse
from collections.abc import Callable, Sequence
from contextvars import ContextVar
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml
from datasette import hookimpl
from datasette.utils import tilde_encode, urlsafe_components
from markupsafe import Markup, escape

try:
    from corpus.search import query_problem, snippet, split_matches, terms_pattern
    from corpus.sites import site_name
except ImportError:  # Datasette started from outside the repository
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    from corpus.search import query_problem, snippet, split_matches, terms_pattern
    from corpus.sites import site_name

CORPUS_TABLES = {"documents", "variants", "pages"}
LIST_COLUMNS = ("years_reported", "years_title", "flags")
SNIPPET_WIDTH = 140
LABELS = Path(__file__).resolve().parents[1] / "labels.yml"


@lru_cache(maxsize=1)
def labels() -> dict[str, Any]:
    return yaml.safe_load(LABELS.read_text(encoding="utf-8"))


def corpus_label(name: str) -> str:
    """The Chinese heading for a column or facet (its own name when none is given)."""
    extra = {"year": "报告年度"}
    return labels()["columns"].get(name) or extra.get(name) or name


def corpus_value(column: str, value: Any) -> str:
    """A value as a reader should see it: site names, Chinese outcomes and flags."""
    if value is None or value == "unknown":
        return labels()["unknown"]
    if column == "site":
        return site_name(value) or value
    if isinstance(value, list):
        return "、".join(corpus_value(column, v) for v in value) or labels()["unknown"]
    return labels()["values"].get(column, {}).get(str(value), str(value))


def corpus_years(years: Any) -> str:
    if isinstance(years, str):
        years = _json_list(years)
    return "、".join(str(y) for y in years) + " 年度" if years else "年度不详"


@hookimpl
def extra_template_vars(database, table, view_name, request, datasette):
    base = {"corpus_label": corpus_label, "corpus_value": corpus_value,
            "corpus_years": corpus_years}  # fmt: skip
    if table != "documents" or request is None or view_name not in ("row", "table"):
        return base

    async def inner() -> dict[str, Any]:
        db = datasette.get_database(database)
        if not CORPUS_TABLES.issubset(await db.table_names()):
            return base
        if view_name == "row":
            return {**base, "corpus_document": await _document_view(db, datasette, request)}
        if request.args.get("_view") != "table":
            return {**base, "corpus_cards": _card_maker(datasette, database, request),
                    "corpus_search_problem": query_problem(request.args.get("_search"))}  # fmt: skip
        return base

    return inner


async def _document_view(db, datasette, request) -> dict[str, Any] | None:
    pks = urlsafe_components(request.url_vars["pks"])
    result = await db.execute("select * from documents where id = ?", [pks[0]])
    row = result.first()
    if row is None:
        return None
    document = _decode_lists(dict(row))
    q = request.args.get("q", "")
    document["query"] = q
    document["query_problem"] = query_problem(q) if q else None
    document["paragraphs"], document["hits"] = numbered_hits(document["body"] or "", q)
    document["original"] = _lines(document.get("body_original"))
    document["region"] = " ".join(
        v for v in (document.get(k) for k in ("province", "city", "county")) if v
    )
    document["href"] = safe_href(document["url"])
    document["site_name"] = corpus_value("site", document["site"])
    document["citation"] = citation(document)
    document["variants"] = await _variants(db, datasette, document["id"])
    document["sources"] = await _sources(db, datasette, document["id"])
    return document


def numbered_hits(body: str, query: str) -> tuple[list[list[tuple[str, int]]], int]:
    """Paragraphs as (segment, n) pairs: n is the hit's number (1, 2 …), 0 for plain text."""
    pattern = terms_pattern(query)
    paragraphs, count = [], 0
    for line in _lines(body):
        segments = []
        for text, hit in split_matches(line, pattern):
            count += hit
            segments.append((text, count if hit else 0))
        paragraphs.append(segments)
    return paragraphs, count


def citation(document: dict[str, Any]) -> str:
    """A GB/T 7714 style reference: issuer. title[EB/OL]. site, (published)[accessed]. URL."""
    accessed = (document.get("fetched_at") or "")[:10]
    parts = [
        f"{document.get('issuer') or '佚名'}. {document.get('title') or '(无标题)'}[EB/OL]. ",
        f"{document['site_name']}, ",
        f"({document.get('published') or '发布日期不详'})",
        f"[{accessed}]. " if accessed else ". ",
        f"{document.get('url') or ''}.",
    ]
    return "".join(parts)


def _lines(text: str | None) -> list[str]:
    return [p for p in (text or "").split("\n") if p.strip()]


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
            "site_name": corpus_value("site", r["site"]),
            "record": datasette.urls.row(db.name, "variants", tilde_encode(r["id"])),
        }
        for r in result.rows
    ]


async def _sources(db, datasette, document_id: int) -> list[dict[str, Any]]:
    # Every URL that led to this text: pages that became it, plus variant URLs
    # that have no page row (e.g. imported from elsewhere). A database written
    # before pages had a headline shows the page's cleaned title instead.
    page_columns = {c for c in await db.table_columns("pages")}
    headline = "coalesce(headline, title)" if "headline" in page_columns else "title"
    result = await db.execute(
        f"""select url, site, outcome, status, fetched_at, {headline} as headline
           from pages where document_id = :id
           union
           select url, site, 'variant', null, first_seen, title from variants
           where document_id = :id and url is not null
             and url not in (select url from pages where document_id = :id)
           order by fetched_at, url""",
        {"id": document_id},
    )
    return [
        {
            **dict(r),
            "href": safe_href(r["url"]),
            "site_name": corpus_value("site", r["site"]),
            "outcome_label": corpus_value("outcome", r["outcome"]),
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
            if query:  # the reading view highlights what was searched for
                data["href"] += "?" + urllib.parse.urlencode({"q": query})
            data["site_name"] = corpus_value("site", data.get("site"))
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


def _json_list(text: str) -> list:
    try:
        value = json.loads(text)
    except ValueError:
        return [text]
    return value if isinstance(value, list) else [value]


def _decode_lists(data: dict[str, Any]) -> dict[str, Any]:
    """years_reported, years_title and flags are stored as JSON arrays."""
    for key in LIST_COLUMNS:
        if isinstance(data.get(key), str):
            data[key] = _json_list(data[key])
    return data


@hookimpl
def render_cell(row, value, column, table, database, datasette):
    """Chinese values and site names in grids; links and highlights in canned queries."""
    keys = row.keys() if hasattr(row, "keys") else []
    if column == "snippet" and isinstance(value, str) and "【" in value:
        return Markup(_marked(value))
    if table is None and column == "title" and "id" in keys and row["id"] is not None:
        # Canned queries: the title opens the reading view, the query kept.
        href = datasette.urls.row(database, "documents", str(row["id"]))
        q = current_query().get("q")
        if q:
            href += "?" + urllib.parse.urlencode({"q": q})
        return Markup(f'<a href="{escape(href)}">{escape(value or "(无标题)")}</a>')
    if column == "archived" and isinstance(value, str):
        href = datasette.urls.database(database) + "/-/archived?" + urllib.parse.urlencode(
            {"url": value}
        )
        return Markup(f'<a href="{escape(href)}">存档响应</a>')
    if column in ("site", "outcome", "reason", "flags") and isinstance(value, str):
        shown = corpus_value(column, _json_list(value) if column == "flags" else value)
        if shown != value:
            return Markup(f'<span title="{escape(value)}">{escape(shown)}</span>')
    return None


def _marked(text: str) -> str:
    """corpus_snippet's 【hit】 markers as <mark>, everything else escaped."""
    out = []
    for part in str(escape(text)).split("【"):
        hit, sep, rest = part.partition("】")
        out.append(f"<mark>{hit}</mark>{rest}" if sep else part)
    return "".join(out)


# render_cell is not given the request; canned-query links need its ?q=.
REQUEST_ARGS: ContextVar[dict[str, str] | None] = ContextVar("corpus_request_args", default=None)


def current_query() -> dict[str, str]:
    """The query-string arguments of the request being rendered."""
    return REQUEST_ARGS.get() or {}


@hookimpl
def asgi_wrapper():
    def wrap(app):
        async def remember_args(scope, receive, send):
            if scope["type"] == "http":
                query = scope.get("query_string", b"").decode("utf-8", "replace")
                REQUEST_ARGS.set(dict(urllib.parse.parse_qsl(query)))
            await app(scope, receive, send)

        return remember_args

    return wrap


# The table page lists every column description above the rows; for documents
# that is 31 lines before the first result. Fold them into a <details> (without
# JavaScript the list simply stays open).
FOLD_COLUMN_DESCRIPTIONS = """
document.querySelectorAll("dl.column-descriptions").forEach(function (dl) {
  var details = document.createElement("details");
  var summary = document.createElement("summary");
  summary.textContent = "字段说明 (" + dl.querySelectorAll("dt").length + ")";
  dl.parentNode.insertBefore(details, dl);
  details.appendChild(summary);
  details.appendChild(dl);
});
"""
# The reading view: n / p (or the buttons) jump to the next / previous hit.
JUMP_BETWEEN_HITS = """
(function () {
  var hits = document.querySelectorAll("mark.corpus-hit");
  var at = -1, label = document.getElementById("corpus-hit-at");
  function go(step) {
    if (!hits.length) return;
    if (at >= 0) hits[at].classList.remove("corpus-current");
    at = (at + step + hits.length) % hits.length;
    hits[at].classList.add("corpus-current");
    hits[at].scrollIntoView({block: "center"});
    if (label) label.textContent = (at + 1) + " / " + hits.length;
  }
  document.querySelectorAll("[data-hit-step]").forEach(function (b) {
    b.addEventListener("click", function () { go(parseInt(b.dataset.hitStep, 10)); });
  });
  document.addEventListener("keydown", function (e) {
    if (e.target.tagName === "INPUT" || e.target.tagName === "TEXTAREA") return;
    if (e.key === "n") go(1);
    if (e.key === "p") go(-1);
  });
})();
"""


@hookimpl
def extra_body_script(view_name):
    if view_name == "table":
        return FOLD_COLUMN_DESCRIPTIONS
    if view_name == "row":
        return JUMP_BETWEEN_HITS
    return ""
