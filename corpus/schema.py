"""The corpus schema, as ordered migrations (sqlite-utils' ``Migrations``).

Opening a corpus applies whatever migrations it has not seen, so a database
made by older code is brought up to date instead of failing on its first
insert. A migration is never edited once released: a change is a new one.

Tables
  documents  one row per text (a cluster of duplicates), showing its most complete version
  variants   every distinct version of a text
  variant_fingerprints  each variant's MinHash fingerprint (columns from cleaning.dedup)
  pages      every URL fetched: status, outcome, the document it became or why it was rejected
  page_parts the texts a compilation page holds: one row per part, the document each became
  crawls     one row per crawl run, with its summary
  documents_fts  bigram full-text index over documents (see corpus.search)
"""

from __future__ import annotations

import sqlite_utils
from sqlite_utils import Migrations

METADATA_COLUMNS = {
    "issuer": str, "level": str, "province": str, "city": str, "county": str,
    "admin_code": str, "years_reported": str, "year_planned": int, "years_title": str,
    "year_supported_by": str, "period": str, "doc_type": str,
    "placeholder_share": float, "topic_score": float, "place_evidence": str,
}  # fmt: skip
DOCUMENT_COLUMNS = {
    "id": int, "title": str, "title_raw": str, "body": str, "body_original": str,
    "site": str, "url": str, "published": str, "fetched_at": str, "content_hash": str,
    "char_count": int, "paragraph_count": int, "encoding": str, "traditional_source": int,
    "flags": str, **METADATA_COLUMNS, "variant_count": int, "source_count": int,
}  # fmt: skip
VARIANT_COLUMNS = {
    "id": str, "document_id": int, "title": str, "site": str, "url": str, "published": str,
    "char_count": int, "is_canonical": int, "first_seen": str, "document_json": str,
}  # fmt: skip
PAGE_COLUMNS = {
    "url": str, "site": str, "kind": str, "status": int, "fetched_at": str,
    "outcome": str, "reason": str, "document_id": int, "variant_id": str, "title": str,
    "encoding": str, "content_length": int, "referer": str, "crawl_id": int, "headline": str,
}  # fmt: skip
PART_COLUMNS = {
    "url": str, "part": int, "document_id": int, "variant_id": str, "title": str, "outcome": str,
}  # fmt: skip
FTS_TABLE = "documents_fts"

migrations = Migrations("edu_summaries")


@migrations()
def m001_corpus(db: sqlite_utils.Database) -> None:
    """The tables as the first releases made them (a corpus from before migrations has them)."""
    tables = set(db.table_names())
    if "documents" not in tables:
        db["documents"].create(_initial(DOCUMENT_COLUMNS), pk="id")
        db["documents"].create_index(["content_hash"])
        for column in ("site", "province", "doc_type", "period", "level"):
            db["documents"].create_index([column])
    if "variants" not in tables:
        db["variants"].create(VARIANT_COLUMNS, pk="id", foreign_keys=[("document_id", "documents")])
        db["variants"].create_index(["document_id"])
    if "pages" not in tables:
        db["pages"].create(PAGE_COLUMNS, pk="url", foreign_keys=[("document_id", "documents")])
        db["pages"].create_index(["document_id"])
        db["pages"].create_index(["outcome"])
    if "crawls" not in tables:
        db["crawls"].create(
            {"id": int, "spider": str, "started": str, "finished": str, "stats": str}, pk="id"
        )
    if FTS_TABLE not in tables:
        # Contentless: the bigrams are only an index; Datasette finds the base
        # table from the content="documents" written in the comment.
        db.execute(
            f"CREATE VIRTUAL TABLE {FTS_TABLE} USING fts5("
            "title, body, content='' /* content=\"documents\" */)"
        )


@migrations()
def m002_page_parts(db: sqlite_utils.Database) -> None:
    """Compilations: which documents the texts of one page became."""
    db["page_parts"].create(
        PART_COLUMNS,
        pk=("url", "part"),
        foreign_keys=[("url", "pages"), ("document_id", "documents")],
        if_not_exists=True,
    )
    db["page_parts"].create_index(["document_id"], if_not_exists=True)


@migrations()
def m003_place_evidence(db: sqlite_utils.Database) -> None:
    """Where the province was read: the matched name and where it stood (JSON)."""
    if "place_evidence" not in db["documents"].columns_dict:
        db["documents"].add_column("place_evidence", str)


@migrations()
def m004_headlines_and_integer_years(db: sqlite_utils.Database) -> None:
    """pages.headline: the headline each page showed (the sources table lists it);
    years as JSON numbers, so json_each(years_reported) compares them as numbers."""
    if "headline" not in db["pages"].columns_dict:
        db["pages"].add_column("headline", str)
    for column in ("years_reported", "years_title"):
        db.execute(
            f"""update documents set {column} = (
                  select json_group_array(cast(value as integer)) from json_each(documents.{column}))
                where json_valid({column}) and {column} like '%"%'"""
        )


@migrations()
def m005_long_texts_last(db: sqlite_utils.Database) -> None:
    """title_raw, body and body_original become the last columns of documents.

    SQLite reads a row's columns in order, and a column after a 7 kB body is behind
    its overflow pages: facets, counts and sorts over many search matches read only
    the short columns this way (benchmarks/bench_search.py). Rowids, and so the
    contentless bigram index, stay as they are.
    """
    columns = list(db["documents"].columns_dict)
    long_texts = [c for c in ("title_raw", "body", "body_original") if c in columns]
    if columns[-len(long_texts):] != long_texts:
        db["documents"].transform(column_order=[c for c in columns if c not in long_texts])


def _initial(columns: dict) -> dict:
    """The columns a table had when m001 was written; later ones come by their own migration."""
    return {name: kind for name, kind in columns.items() if name not in ADDED_LATER}


# Columns added after m001, each by the migration that names it.
ADDED_LATER = {"place_evidence", "headline"}  # m003, m004


def migrate(db: sqlite_utils.Database) -> list[str]:
    """Apply pending migrations; return the names of those applied."""
    pending = [m.name for m in migrations.pending(db)]
    migrations.apply(db)
    return pending
