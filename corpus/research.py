"""Ranked search and keyword-in-context over the corpus, on any SQLite connection.

The browse plugins run these through Datasette's ``execute_fn`` (its own
read-only connection); the benchmark and tests call them directly. Filters
are the facets a reader narrows by: province, reported year, document type
and site; the value ``unknown`` selects documents where it is not known.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from corpus.search import Query, QueryError, parse_query, snippet, split_matches, terms_pattern

UNKNOWN = "unknown"
SNIPPET_WIDTH = 140
FILTERS = ("province", "year", "doc_type", "site")
# bm25 weights for (title, body): a hit in the title counts ten times as much.
BM25 = "bm25(documents_fts, 10.0, 1.0)"
SORTS = {
    "relevance": "in_title desc, score, d.id",
    "date": "d.published is null, d.published desc, d.id",
}
CARD_COLUMNS = (
    "d.id, d.title, d.site, d.published, d.doc_type, d.period, d.province, d.years_reported, "
    "d.char_count, d.source_count"
)
KWIC_FIELDS = (
    "document_id", "title", "site", "province", "years_reported", "doc_type", "published",
    "occurrence", "match", "sentence",
)  # fmt: skip
# Ranking without filters needs only the index: the documents table (wide rows,
# long bodies) is read for the one page of results, not for every match.
FTS_ONLY_PAGE = f"""
    with hits as (
        select rowid as id, {BM25} as score,
          rowid in (select rowid from documents_fts where documents_fts match :fts_title) as in_title
        from documents_fts where documents_fts match :fts
        order by in_title desc, score, rowid limit :limit offset :offset
    )
    select {CARD_COLUMNS}, h.score, h.in_title from hits h join documents d on d.id = h.id
    order by h.in_title desc, h.score, d.id"""
# A sentence ends at 。！？；!?; or a line break (one paragraph per line).
_SENTENCE = re.compile(r"[^。！？；!?;\n]*(?:[。！？；!?;]+|\n|$)")


@dataclass
class Matches:
    """One page of documents matching a query, with the counts of all of them."""

    count: int
    rows: list[dict[str, Any]]
    facets: dict[str, list[tuple[Any, int]]] = field(default_factory=dict)


def filter_sql(filters: dict[str, Any]) -> tuple[list[str], dict[str, Any]]:
    """WHERE clauses (on documents d) and parameters for the reader's filters."""
    clauses: list[str] = []
    params: dict[str, Any] = {}
    for key in FILTERS:
        value = filters.get(key)
        if value in (None, ""):
            continue
        if key == "year":
            if value != UNKNOWN and not str(value).isdigit():
                raise QueryError(f"year={value}: 年份应为数字(如 2023)或 {UNKNOWN}")
            clauses.append(year_clause(value, ":f_year"))
            params["f_year"] = None if value == UNKNOWN else int(value)
        elif value == UNKNOWN:
            clauses.append(f"d.{key} is null")
        else:
            clauses.append(f"d.{key} = :f_{key}")
            params[f"f_{key}"] = value
    return clauses, params


def year_clause(value: str | int, param: str, column: str = "d.years_reported") -> str:
    """A document reports on the year in ``param`` (or, for unknown, on none)."""
    if value == UNKNOWN:
        return f"coalesce(json_array_length({column}), 0) = 0"
    # Years are JSON numbers; the cast also reads databases that stored strings.
    return f"exists (select 1 from json_each({column}) where cast(value as integer) = {param})"


def _matched(query: Query, filters: dict[str, Any]) -> tuple[str, str, dict[str, Any]]:
    """The ranked SQL (``{columns}`` of hits h joined to documents d) and the plain
    matching SQL (``{columns}`` of d), both filtered, with their parameters."""
    clauses, params = filter_sql(filters)
    params.update(fts=query.fts(), fts_title=query.fts_title())
    where = " and ".join(clauses) or "1"
    ranked = f"""
        with hits as (
            select rowid as id, {BM25} as score from documents_fts
            where documents_fts match :fts
        )
        select {{columns}} from hits h join documents d on d.id = h.id
        where {where}"""
    plain = f"""select {{columns}} from documents d
        where d.id in (select rowid from documents_fts where documents_fts match :fts)
          and {where}"""
    return ranked, plain, params


def search(
    conn: sqlite3.Connection, q: str | None, filters: dict[str, Any] | None = None,
    sort: str = "relevance", limit: int = 20, offset: int = 0, facets: bool = True,
) -> Matches:  # fmt: skip
    """Documents matching ``q`` (all of them counted), one page of them ranked,
    each with a snippet around its first hit."""
    matches = _ranked(conn, parse_query(q), filters or {}, sort, limit, offset, facets)
    bodies = _bodies(conn, [r["id"] for r in matches.rows])
    for row in matches.rows:
        row["snippet"] = snippet(bodies.get(row["id"], ""), q or "", SNIPPET_WIDTH)
    return matches


def _ranked(
    conn: sqlite3.Connection, query: Query, filters: dict[str, Any], sort: str,
    limit: int, offset: int, facets: bool,
) -> Matches:  # fmt: skip
    ranked, plain, params = _matched(query, filters)
    if sort == "relevance" and not filter_sql(filters)[0]:
        page = FTS_ONLY_PAGE  # nothing to filter on: rank in the index, read 20 rows
    else:
        in_title = "d.id in (select rowid from documents_fts where documents_fts match :fts_title)"
        columns = f"{CARD_COLUMNS}, h.score, {in_title} as in_title"
        page = ranked.format(columns=columns) + f" order by {SORTS[sort]} limit :limit offset :offset"
    rows = list(_rows(conn, page, {**params, "limit": limit, "offset": offset}))
    if not facets:
        count = conn.execute(plain.format(columns="count(*)"), params).fetchone()[0]
        return Matches(count, rows)
    count, found = facet_counts(conn, plain, params)
    return Matches(count, rows, found)


def facet_counts(conn: sqlite3.Connection, plain: str, params: dict) -> tuple[int, dict]:
    """How many documents match, and how many per province, year, type and site
    (None = unknown), in one pass over the matches."""
    counters: dict[str, Counter] = {key: Counter() for key in ("province", "doc_type", "site", "year")}
    count = 0
    sql = plain.format(columns="d.province, d.doc_type, d.site, d.years_reported")
    for province, doc_type, site, years in conn.execute(sql, params):
        count += 1
        counters["province"][province] += 1
        counters["doc_type"][doc_type] += 1
        counters["site"][site] += 1
        for year in _years(years) or [None]:
            counters["year"][year] += 1
    found = {key: sorted(c.items(), key=lambda kv: (-kv[1], str(kv[0])))
             for key, c in counters.items() if key != "year"}  # fmt: skip
    found["year"] = sorted(counters["year"].items(), key=lambda kv: (kv[0] is None, -(kv[0] or 0)))
    return count, found


def _years(text: str | None) -> list[int]:
    try:
        return [int(y) for y in json.loads(text or "[]")]
    except (TypeError, ValueError):
        return []


def _rows(conn: sqlite3.Connection, sql: str, params: dict) -> Iterator[sqlite3.Row]:
    cursor = conn.execute(sql, params)
    names = [c[0] for c in cursor.description]
    for values in cursor:
        yield dict(zip(names, values, strict=True))


def sentences(body: str) -> Iterator[str]:
    """The sentences of a body, each with its closing punctuation."""
    for match in _SENTENCE.finditer(body or ""):
        sentence = match.group().strip()
        if sentence:
            yield sentence


def kwic_lines(body: str, pattern: re.Pattern[str] | None) -> list[list[tuple[str, bool]]]:
    """Every sentence of ``body`` holding a hit, cut into (segment, is_match) pairs."""
    if pattern is None:
        return []
    return [split_matches(s, pattern) for s in sentences(body) if pattern.search(s)]


def kwic(
    conn: sqlite3.Connection, q: str | None, filters: dict[str, Any] | None = None,
    sort: str = "relevance", limit: int = 20, offset: int = 0, facets: bool = True,
) -> Matches:  # fmt: skip
    """``search`` with each document's body cut to the sentences that hold a hit."""
    matches = _ranked(conn, parse_query(q), filters or {}, sort, limit, offset, facets)
    pattern = terms_pattern(q)
    bodies = _bodies(conn, [r["id"] for r in matches.rows])
    for row in matches.rows:
        row["lines"] = kwic_lines(bodies.get(row["id"], ""), pattern)
    return matches


def _bodies(conn: sqlite3.Connection, ids: list[int]) -> dict[int, str]:
    if not ids:
        return {}
    marks = ", ".join("?" * len(ids))
    return dict(conn.execute(f"select id, body from documents where id in ({marks})", ids))


def kwic_records(
    conn: sqlite3.Connection, q: str | None, filters: dict[str, Any] | None = None,
    sort: str = "relevance", batch: int = 200,
) -> Iterator[dict[str, Any]]:  # fmt: skip
    """One flat record per sentence holding a hit, over every matching document."""
    offset = 0
    while True:
        page = kwic(conn, q, filters, sort, batch, offset, facets=False)
        for row in page.rows:
            for n, line in enumerate(row["lines"], 1):
                yield {
                    "document_id": row["id"], "title": row["title"], "site": row["site"],
                    "province": row["province"], "years_reported": row["years_reported"],
                    "doc_type": row["doc_type"], "published": row["published"],
                    "occurrence": n, "match": "、".join(s for s, hit in line if hit),
                    "sentence": "".join(s for s, _ in line),
                }  # fmt: skip
        offset += batch
        if offset >= page.count:
            return
