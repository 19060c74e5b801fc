"""The database front page: what the corpus holds, each count a link.

Documents per reported year and per province as bar charts drawn here as
SVG (no JavaScript, nothing fetched), per type and per site as lists; every
bar and number links to the documents table filtered to it, the "unknown"
bucket included.
"""

from __future__ import annotations

import sys
import urllib.parse
from pathlib import Path
from typing import Any

from datasette import hookimpl
from markupsafe import Markup, escape

try:
    from corpus.overview import corpus_counts
    from corpus.sites import site_name
except ImportError:  # Datasette started from outside the repository
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    from corpus.overview import corpus_counts
    from corpus.sites import site_name

CORPUS_TABLES = {"documents", "variants", "pages"}
UNKNOWN_LABEL = "不详"
BAR_HEIGHT, LABEL_WIDTH, CHART_WIDTH = 22, 92, 560


@hookimpl
def extra_template_vars(database, view_name, datasette):
    if view_name != "database" or database is None:
        return {}

    async def inner() -> dict[str, Any]:
        db = datasette.get_database(database)
        if not CORPUS_TABLES.issubset(await db.table_names()):
            return {}
        counts = await db.execute_fn(corpus_counts)
        table = datasette.urls.table(database, "documents")
        return {"corpus_overview": overview(counts, table)}

    return inner


def overview(counts: dict[str, list[tuple]], table_url: str) -> dict[str, Any]:
    """Each facet's bars as (label, count, href), and the two charts as SVG."""
    bars = {key: [_bar(key, value, n, table_url) for value, n in counts[key]]
            for key in ("year", "province", "doc_type", "site")}  # fmt: skip
    return {
        "documents": counts["documents"][0][1],
        "bars": bars,
        "year_chart": bar_chart(bars["year"], "每个报告年度的文档数"),
        "province_chart": bar_chart(bars["province"], "每个省份的文档数"),
    }


def _bar(key: str, value: Any, count: int, table_url: str) -> tuple[str, int, str]:
    if key == "year":
        args = {"_year": "unknown" if value is None else str(value)}
    elif value is None:
        args = {f"{key}__isnull": "1"}
    else:
        args = {key: value}
    label = UNKNOWN_LABEL if value is None else (site_name(value) if key == "site" else str(value))
    return label, count, table_url + "?" + urllib.parse.urlencode(args)


def bar_chart(bars: list[tuple[str, int, str]], title: str) -> Markup:
    """Horizontal bars, one linked row per value, longest bar = the largest count."""
    top = max((n for _, n, _ in bars), default=1) or 1
    span = CHART_WIDTH - LABEL_WIDTH - 48
    rows = []
    for i, (label, count, href) in enumerate(bars):
        y = i * BAR_HEIGHT
        width = max(2, round(span * count / top))
        rows.append(
            f'<a href="{escape(href)}"><title>{escape(label)}: {count}</title>'
            f'<text x="{LABEL_WIDTH - 6}" y="{y + 15}" text-anchor="end">{escape(label)}</text>'
            f'<rect x="{LABEL_WIDTH}" y="{y + 3}" width="{width}" height="{BAR_HEIGHT - 6}"/>'
            f'<text x="{LABEL_WIDTH + width + 4}" y="{y + 15}" class="n">{count}</text></a>'
        )
    height = max(1, len(bars)) * BAR_HEIGHT
    return Markup(
        f'<svg class="corpus-chart" role="img" aria-label="{escape(title)}" '
        f'viewBox="0 0 {CHART_WIDTH} {height}" width="{CHART_WIDTH}" height="{height}" '
        f'xmlns="http://www.w3.org/2000/svg"><title>{escape(title)}</title>{"".join(rows)}</svg>'
    )
