"""The corpus database: the one module that owns its schema.

Tables
  documents  one row per text (a cluster of duplicates), showing its most complete version
  variants   every distinct version of a text
  variant_fingerprints  each variant's MinHash fingerprint (columns from cleaning.dedup)
  pages      every URL fetched: status, outcome, the document it became or why it was rejected
  crawls     one row per crawl run, with its summary
  documents_fts  bigram full-text index over documents (see corpus.search)
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import sqlite_utils

from cleaning.dedup import Fingerprint, NearDuplicateIndex, completeness, fingerprint
from cleaning.document import Document
from corpus.search import bigram_text

METADATA_COLUMNS = {
    "issuer": str, "level": str, "province": str, "city": str, "county": str,
    "admin_code": str, "years_reported": str, "year_planned": int, "years_title": str,
    "year_supported_by": str, "period": str, "doc_type": str,
    "placeholder_share": float, "topic_score": float,
}  # fmt: skip
# The long texts come last: SQLite reads a row's columns in order, and a column
# after a 7 kB body is behind its overflow pages. Facets, counts and sorts over
# many matches read only the short columns (measured by benchmarks/bench_search.py).
DOCUMENT_COLUMNS = {
    "id": int, "title": str, "site": str, "url": str, "published": str, "fetched_at": str,
    "content_hash": str, "char_count": int, "paragraph_count": int, "encoding": str,
    "traditional_source": int, "flags": str, **METADATA_COLUMNS, "variant_count": int,
    "source_count": int, "title_raw": str, "body": str, "body_original": str,
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
FTS_TABLE = "documents_fts"


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def open_db(path: str | Path) -> sqlite_utils.Database:
    """Open (and create or migrate) the corpus database at ``path``."""
    db = sqlite_utils.Database(path)
    db.enable_wal()
    ensure_schema(db)
    return db


def ensure_schema(db: sqlite_utils.Database) -> None:
    if "documents" not in db.table_names():
        db["documents"].create(DOCUMENT_COLUMNS, pk="id")
        db["documents"].create_index(["content_hash"])
        for column in ("site", "province", "doc_type", "period", "level"):
            db["documents"].create_index([column])
    if "variants" not in db.table_names():
        db["variants"].create(VARIANT_COLUMNS, pk="id", foreign_keys=[("document_id", "documents")])
        db["variants"].create_index(["document_id"])
    if "pages" not in db.table_names():
        db["pages"].create(PAGE_COLUMNS, pk="url", foreign_keys=[("document_id", "documents")])
        db["pages"].create_index(["document_id"])
        db["pages"].create_index(["outcome"])
    if "crawls" not in db.table_names():
        db["crawls"].create(
            {"id": int, "spider": str, "started": str, "finished": str, "stats": str}, pk="id"
        )
    if FTS_TABLE not in db.table_names():
        # Contentless: the bigrams are only an index; Datasette finds the base
        # table from the content="documents" written in the comment.
        db.execute(
            f"CREATE VIRTUAL TABLE {FTS_TABLE} USING fts5("
            "title, body, content='' /* content=\"documents\" */)"
        )


class CorpusStore:
    """Writes pages and documents; merges exact and near duplicates on the way in."""

    def __init__(self, db: sqlite_utils.Database):
        self.db = db
        self.index = NearDuplicateIndex()
        if "variant_fingerprints" in db.table_names():
            for row in db.query("select * from variant_fingerprints"):
                key = row.pop("id")
                self.index.add(key, Fingerprint.from_row(row))

    # -- writing -------------------------------------------------------------
    def add_page(self, page: dict, doc: Document | None = None) -> dict:
        """Record one fetched URL and, for an accepted article, the document it holds.

        Returns the page row as stored; its ``outcome`` for a document is
        ``stored`` (a new text), ``duplicate`` (the same text after
        normalisation), ``near_duplicate`` (another version of a stored text)
        or ``unchanged`` (this URL already gave this very text).
        """
        page = {k: v for k, v in page.items() if k in PAGE_COLUMNS}
        page.setdefault("fetched_at", now_iso())
        if doc is not None:
            # The page's own headline (a site that retitled 2023 as 2024 shows here).
            page.setdefault("headline", doc.title_raw or doc.title)
            page["document_id"], page["outcome"] = self._place_document(page, doc)
            page["variant_id"] = doc.content_hash
        with self.db.conn:
            self.db["pages"].upsert(page, pk="url", alter=True)
            if doc is not None:
                self._count_sources(page["document_id"])
        return page

    def _place_document(self, page: dict, doc: Document) -> tuple[int, str]:
        known = self.db.execute(
            "select document_id from variants where id = ?", [doc.content_hash]
        ).fetchone()
        if known:
            before = self.db.execute(
                "select variant_id from pages where url = ?", [page["url"]]
            ).fetchone()
            unchanged = before is not None and before[0] == doc.content_hash
            return known[0], "unchanged" if unchanged else "duplicate"
        # A compilation page contains each of its texts: matched by containment,
        # it would join them all into one cluster. It is kept out of near matching.
        fp = None if "compilation" in doc.flags else fingerprint(doc.body)
        match = self.index.match(fp, doc.body, self._variant_body) if fp is not None else None
        with self.db.conn:
            if match is None:
                document_id, outcome = self._insert_document(doc, page["fetched_at"]), "stored"
            else:
                document_id, outcome = self._variant_document(match), "near_duplicate"
            self._insert_variant(doc, document_id, fp, page["fetched_at"])
            self._choose_canonical(document_id)
        if fp is not None:
            self.index.add(doc.content_hash, fp)
        return document_id, outcome

    def _insert_document(self, doc: Document, fetched_at: str) -> int:
        row = document_row(doc, fetched_at)
        document_id = self.db["documents"].insert(row).last_pk
        self._index_text(document_id, row)
        return document_id

    def _insert_variant(
        self, doc: Document, document_id: int, fp: Fingerprint | None, seen: str
    ) -> None:
        self.db["variants"].insert(
            {
                "id": doc.content_hash, "document_id": document_id, "title": doc.title,
                "site": doc.site, "url": doc.url, "published": doc.published,
                "char_count": doc.char_count, "is_canonical": 0, "first_seen": seen,
                "document_json": json.dumps(doc.to_dict(), ensure_ascii=False),
            }  # fmt: skip
        )
        if fp is None:
            return
        # Columns are whatever cleaning.dedup needs to match a text later.
        self.db["variant_fingerprints"].insert(
            {"id": doc.content_hash, **fp.to_row()}, pk="id", alter=True
        )

    def _choose_canonical(self, document_id: int) -> None:
        """Show the most complete version of a text as its document."""
        variants = list(
            self.db.query("select * from variants where document_id = ?", [document_id])
        )
        best = max(variants, key=lambda v: completeness(json.loads(v["document_json"])["body"]))
        self.db.execute(
            "update variants set is_canonical = (id = ?) where document_id = ?",
            [best["id"], document_id],
        )
        current = self.db["documents"].get(document_id)
        if current["content_hash"] == best["id"]:
            return
        self._unindex_text(document_id, current)
        doc = Document(**_document_fields(json.loads(best["document_json"])))
        row = document_row(doc, current["fetched_at"])
        self.db["documents"].update(document_id, row)
        self._index_text(document_id, row)

    def _count_sources(self, document_id: int) -> None:
        self.db.execute(
            """update documents set
                 variant_count = (select count(*) from variants where document_id = :id),
                 source_count = (select count(*) from pages where document_id = :id)
               where id = :id""",
            {"id": document_id},
        )

    def _variant_body(self, variant_id: str) -> str:
        row = self.db.execute(
            "select document_json from variants where id = ?", [variant_id]
        ).fetchone()
        return json.loads(row[0])["body"] if row else ""

    def _variant_document(self, variant_id: str) -> int:
        return self.db.execute(
            "select document_id from variants where id = ?", [variant_id]
        ).fetchone()[0]

    def _index_text(self, document_id: int, row: dict) -> None:
        self.db.execute(
            f"insert into {FTS_TABLE}(rowid, title, body) values (?, ?, ?)",
            [document_id, bigram_text(row["title"] or ""), bigram_text(row["body"])],
        )

    def _unindex_text(self, document_id: int, row: dict) -> None:
        # A contentless FTS5 table forgets a row only when given the indexed values back.
        self.db.execute(
            f"insert into {FTS_TABLE}({FTS_TABLE}, rowid, title, body) values ('delete', ?, ?, ?)",
            [document_id, bigram_text(row["title"] or ""), bigram_text(row["body"])],
        )

    def close(self) -> None:
        """Fold the WAL into the main file, so read-only readers see every write."""
        self.db.execute("pragma wal_checkpoint(truncate)")
        self.db.close()

    def document_count(self) -> int:
        return self.db["documents"].count

    # -- crawls ------------------------------------------------------------
    def start_crawl(self, spider: str) -> int:
        return self.db["crawls"].insert({"spider": spider, "started": now_iso()}).last_pk

    def finish_crawl(self, crawl_id: int, stats: dict) -> None:
        self.db["crawls"].update(
            crawl_id, {"finished": now_iso(), "stats": json.dumps(stats, ensure_ascii=False)}
        )


def judged_urls(db: sqlite_utils.Database) -> set[str]:
    """Article URLs already fetched successfully: an incremental crawl skips them."""
    if "pages" not in db.table_names():
        return set()
    sql = "select url from pages where kind = 'article' and status = 200"
    return {row["url"] for row in db.query(sql)}


def last_url_of_each_site(db: sqlite_utils.Database) -> dict[str, str]:
    """The URL each site was last fetched at (its host and port are where it lives)."""
    if "pages" not in db.table_names():
        return {}
    sql = "select site, url from pages where site is not null order by fetched_at"
    return {row["site"]: row["url"] for row in db.query(sql)}


def document_row(doc: Document, fetched_at: str) -> dict:
    """The documents-table row for a Document: lists and flags as JSON text."""
    data = doc.to_dict()
    row = {k: data.get(k) for k in DOCUMENT_COLUMNS if k not in ("id", "fetched_at")}
    # Years as JSON numbers, so json_each(years_reported) compares them as numbers.
    for key in ("years_reported", "years_title"):
        row[key] = json.dumps([int(y) for y in data.get(key) or []])
    row["flags"] = json.dumps(data.get("flags") or [], ensure_ascii=False)
    row["traditional_source"] = int(bool(doc.traditional_source))
    row["fetched_at"] = fetched_at
    row["variant_count"] = row["source_count"] = 1
    return row


def _document_fields(data: dict) -> dict:
    fields = Document.__dataclass_fields__
    return {k: v for k, v in data.items() if k in fields}
