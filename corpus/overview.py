"""What is in the corpus: documents per reported year, province, type and site.

One function for the Datasette front page and the dataset card, so both
always count the same way. ``None`` is the "unknown" bucket; a document
reporting on two years counts once in each.
"""

from __future__ import annotations

import sqlite3

COUNTS = {
    "year": """select cast(j.value as integer) as value, count(*) as n
               from documents d left join json_each(d.years_reported) j
               group by value order by value is null, value""",
    "province": "select province, count(*) from documents group by 1 order by 2 desc, 1",
    "doc_type": "select doc_type, count(*) from documents group by 1 order by 2 desc, 1",
    "site": "select site, count(*) from documents group by 1 order by 2 desc, 1",
}


def corpus_counts(conn: sqlite3.Connection) -> dict[str, list[tuple]]:
    """``{facet: [(value or None, documents), ...]}`` for year, province, doc_type, site."""
    counts = {key: [tuple(r) for r in conn.execute(sql)] for key, sql in COUNTS.items()}
    counts["documents"] = [(None, conn.execute("select count(*) from documents").fetchone()[0])]
    return counts
