"""A dataset card (README.md for a Hugging Face style dataset) written from the database.

Counts come from corpus.overview (the same as the Datasette front page), field
meanings from corpus.export.SCHEMA (the same as the exports), so the card
cannot drift from what it describes.
"""

from __future__ import annotations

from pathlib import Path

from corpus.export import SCHEMA, connect_readonly
from corpus.overview import corpus_counts
from corpus.sites import site_name

UNKNOWN = "(unknown)"
HEADER = """---
language:
- zh
license: other
license_name: publishers-own
pretty_name: 教育局工作总结语料库 · Chinese education-bureau work documents
task_categories:
- text-classification
- text-generation
size_categories:
- {size}
configs:
- config_name: default
  data_files: corpus.parquet
---
"""
PROCESS = """## How the texts were collected and cleaned

- Crawled with Scrapy from public template-essay, doc-sharing and government sites; every raw
  response is archived (WARC) so the corpus can be re-cleaned without fetching again.
- Pages are judged by topic (education-bureau work documents) and length; the rejected ones stay
  in the database's `pages` table with their reason.
- Cleaning removes site furniture (breadcrumbs, reprint notices, download boxes, ads), rebuilds
  paragraphs, normalises spaces, and converts Traditional characters to Simplified with OpenCC
  (`tw2s`), keeping the original in `body_original`.
- Metadata (issuer, region, years, period, type) is extracted by rules and may be missing (null).
- Exact duplicates (the same normalised text) and near duplicates (MinHash + containment) are
  merged into one document; its most complete version is shown, every URL is in `sources`.

## Known limits

- Sites reword, retitle and truncate texts: a `title` or `published` date is what the page said,
  not necessarily what the issuer wrote (compare the `headline` of each source).
- Placeholders (XX市, ***) are kept as published; `quality_flags` and `placeholder_share` mark them.
- Region and year extraction is rule-based; unknown values are null, not guessed.
- Preview pages of doc-sharing sites can be truncated (`truncated_preview`).

## Ownership

The texts belong to their publishers (the issuing bureaus and the sites that host them). They
were collected from public pages for research; this corpus grants no right to republish them.
"""


def _size(documents: int) -> str:
    for limit, name in ((1_000, "n<1K"), (10_000, "1K<n<10K"), (100_000, "10K<n<100K")):
        if documents < limit:
            return name
    return "100K<n<1M"


def _table(title: str, rows: list[tuple], label=str) -> str:
    lines = [f"### {title}", "", "| value | documents |", "|---|---:|"]
    lines += [f"| {UNKNOWN if v is None else label(v)} | {n} |" for v, n in rows]
    return "\n".join(lines) + "\n"


def dataset_card(db_path: str | Path) -> str:
    """The card as Markdown with a YAML header."""
    conn = connect_readonly(db_path)
    try:
        counts = corpus_counts(conn)
    finally:
        conn.close()
    documents = counts["documents"][0][1]
    fields = ["| field | type | meaning |", "|---|---|---|"]
    fields += [f"| `{f.name}` | {f.kind} | {f.meaning} |" for f in SCHEMA]
    parts = [
        HEADER.format(size=_size(documents)),
        "# 教育局工作总结语料库 · Chinese education-bureau work documents\n",
        f"{documents} distinct texts (work summaries, plans, reports) of Chinese education "
        "bureaus, one record per text. Generated from the database by `python -m corpus card`.\n",
        "## Counts\n",
        _table("By site", counts["site"], lambda s: f"{site_name(s)} (`{s}`)"),
        _table("By province", counts["province"]),
        _table("By reported year (a text reporting on two years counts in each)", counts["year"]),
        _table("By document type", counts["doc_type"]),
        "## Fields\n\nThe same in JSONL, CSV and Parquet (`python -m corpus export`). Dates are "
        "ISO dates in JSONL/CSV and date32 in Parquet; lists and `sources` are JSON in CSV cells.\n",
        "\n".join(fields) + "\n",
        PROCESS,
    ]
    return "\n".join(parts)
