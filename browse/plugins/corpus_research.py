"""Research views: ranked search and keyword-in-context, and the year filter.

``/<db>/-/search?q=`` lists documents by relevance (bm25 over the bigram
index, title matches first; ``sort=date`` for newest first), with counts of
every match by province, year, type and site. ``/<db>/-/kwic?q=`` shows each
sentence that holds a hit, grouped by document; ``/<db>/-/kwic.csv`` gives
every such sentence of every matching document. Both take the same filters
(``province``, ``year``, ``doc_type``, ``site``; ``unknown`` for not known).

On the documents table, ``?_year=2023`` selects documents reporting on 2023
and the ``year`` facet lists years in order (Datasette's array facet orders
by count and compares years as text).
"""

from __future__ import annotations

import csv
import io
import sys
import urllib.parse
from pathlib import Path
from typing import Any

from datasette import hookimpl
from datasette.database import QueryInterrupted
from datasette.facets import Facet
from datasette.filters import FilterArguments
from datasette.utils import path_with_added_args, path_with_removed_args
from datasette.utils.asgi import Response

try:
    from corpus import research
    from corpus.search import QueryError, query_problem
except ImportError:  # Datasette started from outside the repository
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    from corpus import research
    from corpus.search import QueryError, query_problem

PAGE_SIZE = {"search": 20, "kwic": 20}


@hookimpl
def register_routes():
    return [
        (r"^/(?P<database>[^/]+)/-/(?P<view>search|kwic)(\.(?P<format>json|csv))?$", research_view),
    ]


async def research_view(datasette, request):
    database, view = request.url_vars["database"], request.url_vars["view"]
    fmt = request.url_vars.get("format")
    db = datasette.get_database(database)  # raises NotFound: a 404 page
    q = request.args.get("q", "").strip()
    filters = {k: request.args.get(k) for k in research.FILTERS if request.args.get(k)}
    sort = request.args.get("sort") if request.args.get("sort") in research.SORTS else "relevance"
    if view == "kwic" and fmt == "csv":
        return await _kwic_csv(db, q, filters, sort)
    page = max(1, _int(request.args.get("page"), 1))
    size = PAGE_SIZE[view]
    problem = query_problem(q)
    matches = None
    if q and not problem:
        run = research.kwic if view == "kwic" else research.search
        try:
            matches = await db.execute_fn(
                lambda conn: run(conn, q, filters, sort, size, (page - 1) * size)
            )
        except QueryError as exc:
            problem = str(exc)
    if fmt == "json":
        return _json(q, problem, matches, status=400 if problem else 200)
    context = _context(datasette, request, database, view, q, filters, sort, page, size)
    context.update(problem=problem, matches=matches)
    html = await datasette.render_template(f"corpus_{view}.html", context, request=request)
    return Response.html(html, status=400 if problem else 200)


def _context(datasette, request, database, view, q, filters, sort, page, size) -> dict[str, Any]:
    def link(**changes) -> str:
        args = {"q": q, **filters, "sort": sort, **changes}
        kept = {k: v for k, v in args.items() if v not in (None, "", "relevance", 1)}
        return request.path + "?" + urllib.parse.urlencode(kept)

    return {
        "database": database, "view": view, "q": q, "filters": filters, "sort": sort,
        "page": page, "size": size, "link": link, "unknown": research.UNKNOWN,
        "switch_url": datasette.urls.database(database)
        + ("/-/search" if view == "kwic" else "/-/kwic") + "?" + urllib.parse.urlencode({"q": q, **filters}),
        "document_url": lambda i: datasette.urls.row(database, "documents", str(i)) + "?"
        + urllib.parse.urlencode({"q": q}),
        "csv_url": datasette.urls.database(database) + "/-/kwic.csv?"
        + urllib.parse.urlencode({"q": q, **filters, "sort": sort}),
    }  # fmt: skip


def _json(q, problem, matches, status) -> Response:
    if problem:
        return Response.json({"ok": False, "q": q, "error": problem}, status=status)
    body = {"ok": True, "q": q, "count": matches.count if matches else 0,
            "rows": matches.rows if matches else [],
            "facets": {k: [list(p) for p in v] for k, v in (matches.facets if matches else {}).items()}}  # fmt: skip
    return Response.json(body, status=status)


async def _kwic_csv(db, q: str, filters: dict, sort: str) -> Response:
    problem = query_problem(q) if q else "q: 请给出检索词"
    if problem:
        return Response.text(f"error: {problem}\n", status=400)

    def write(conn) -> str:
        out = io.StringIO()
        records = research.kwic_records(conn, q, filters, sort)
        writer = csv.DictWriter(out, fieldnames=research.KWIC_FIELDS)
        writer.writeheader()
        writer.writerows(records)
        return out.getvalue()

    try:
        text = await db.execute_fn(write)
    except QueryError as exc:  # a nonsense filter (year=abc)
        return Response.text(f"error: {exc}\n", status=400)
    name = urllib.parse.quote(f"kwic-{q}.csv")
    return Response(
        text, content_type="text/csv; charset=utf-8",
        headers={"content-disposition": f"attachment; filename*=UTF-8''{name}"},
    )  # fmt: skip


def _int(value: str | None, default: int) -> int:
    try:
        return int(value) if value else default
    except ValueError:
        return default


@hookimpl
def filters_from_request(request, database, table, datasette):
    year = request.args.get("_year")
    if table != "documents" or not year:
        return None
    if year != research.UNKNOWN and not year.isdigit():
        return None
    clause = research.year_clause(year, ":_year", "years_reported")
    label = "报告年度不详" if year == research.UNKNOWN else f"报告年度 {year}"
    return FilterArguments([clause], {"_year": None if year == research.UNKNOWN else int(year)},
                           [label])  # fmt: skip


class _ListFacet(Facet):
    """A facet over the values of a JSON list column: one count query per config."""

    async def suggest(self):
        return []

    def sql_for(self, column: str) -> str:
        raise NotImplementedError

    def value_for(self, row, column: str) -> dict:
        raise NotImplementedError

    async def facet_results(self):
        results, timed_out = [], []
        for config in self.get_configs():
            column = config["config"].get("column") or config["config"]["simple"]
            try:
                rows = await self.ds.execute(self.database, self.sql_for(column), self.params,
                    truncate=False, custom_time_limit=self.ds.setting("facet_time_limit_ms"))  # fmt: skip
            except QueryInterrupted:  # as Datasette's own facets: listed as timed out
                timed_out.append(column)
                continue
            results.append({
                "name": column, "type": self.type, "hideable": False, "toggle_url": "",
                "truncated": False, "results": [self.value_for(r, column) for r in rows],
            })  # fmt: skip
        return results, timed_out

    def _toggle(self, key: str, value: str, count: int, label: str) -> dict:
        selected = (key, value) in self.get_querystring_pairs()
        path = (path_with_removed_args(self.request, {key: value}) if selected
                else path_with_added_args(self.request, {key: value}))  # fmt: skip
        return {"value": value, "label": label, "count": count, "selected": selected,
                "toggle_url": self.ds.absolute_url(self.request, path)}  # fmt: skip


class YearFacet(_ListFacet):
    """Reported years in year order, newest first, plus the documents with none."""

    type = "year"

    def sql_for(self, column: str) -> str:
        return f"""select cast(j.value as integer) as year, count(*) as n
                   from ({self.sql}) m left join json_each(m.[{column}]) j
                   group by year order by year is null, year desc"""

    def value_for(self, row, column: str) -> dict:
        year = row["year"]
        value = research.UNKNOWN if year is None else str(year)
        return self._toggle("_year", value, row["n"], "不详" if year is None else value)


class FlagFacet(_ListFacet):
    """Values of a JSON list of strings (flags), most frequent first.

    Datasette's array facet de-duplicates with ``select distinct j.value, inner.*``,
    which reads every column of every match, body included: on 3,000 matches it
    was the slowest part of a search. Flags never repeat within a document, so
    counting (document, value) pairs is the same count without reading the bodies.
    """

    type = "flags"

    def sql_for(self, column: str) -> str:
        return f"""select j.value as value, count(*) as n
                   from ({self.sql}) m join json_each(m.[{column}]) j
                   group by j.value order by n desc, value"""

    def value_for(self, row, column: str) -> dict:
        return self._toggle(f"{column}__arraycontains", row["value"], row["n"], row["value"])


@hookimpl
def register_facet_classes():
    return [YearFacet, FlagFacet]
