"""Export the corpus, one record per document, for other tools.

Every format carries the same fields (``SCHEMA``, documented field by field
there and in the README): dates are dates, years integers, ``admin_code`` a
string, lists are lists and ``sources`` a list of records. Rows are streamed
from SQLite straight to the output file, so memory stays flat however large
the corpus is.
"""

from __future__ import annotations

import csv
import json
import sqlite3
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import IO, Any

from corpus.research import year_clause
from corpus.sites import site_name

FORMATS = ("jsonl", "csv", "parquet")
PARQUET_BATCH = 1000


@dataclass(frozen=True)
class Field:
    name: str
    kind: str  # int, float, bool, str, date, timestamp, list[int], list[str], sources
    meaning: str


SCHEMA = (
    Field("id", "int", "Document number, stable within one database"),
    Field("title", "str", "Title after cleaning (site decorations such as 范文, 精选, .docx removed)"),
    Field("title_raw", "str", "Title as the shown version's page gave it"),
    Field("body", "str", "Clean text in Simplified characters, one paragraph per line"),
    Field("body_original", "str", "The text as published when it was Traditional; null otherwise"),
    Field("site", "str", "Id of the site the shown version came from"),
    Field("site_name", "str", "That site's display name (启航范文网)"),
    Field("url", "str", "URL of the shown version"),
    Field("published", "date", "Publication date the page gave; null when it gave none"),
    Field("fetched_at", "timestamp", "When the shown version was fetched (UTC)"),
    Field("content_hash", "str", "Hash of the normalised text of the shown version"),
    Field("char_count", "int", "Characters in body, line breaks not counted"),
    Field("paragraph_count", "int", "Paragraphs (lines) in body"),
    Field("encoding", "str", "Character encoding the page was decoded with"),
    Field("traditional_source", "bool", "The page was in Traditional characters and converted"),
    Field("quality_flags", "list[str]", "What cleaning could not fix: placeholders, ocr_debris, truncated_preview, traditional_source, compilation"),
    Field("issuer", "str", "Issuing body (某某区教育局) when the text names it"),
    Field("level", "str", "Administrative level of the issuer: 省, 市, 区, 县 …"),
    Field("province", "str", "Province of the issuer"),
    Field("city", "str", "City of the issuer"),
    Field("county", "str", "County or district of the issuer"),
    Field("admin_code", "str", "Administrative division code of the issuer's region (a string: codes keep leading digits)"),
    Field("years_reported", "list[int]", "Years the text reports on"),
    Field("year_planned", "int", "Year a plan is for (plans only)"),
    Field("years_title", "list[int]", "Years named in the title"),
    Field("year_supported_by", "str", "Where the reported years were found: title, body or both"),
    Field("period", "str", "Period covered: 全年, 上半年, 第二季度, 月度 …"),
    Field("doc_type", "str", "Kind of text: 工作总结, 工作计划, 工作汇报, 总结及计划 …"),
    Field("placeholder_share", "float", "Share of the text that is placeholders (XX, ***, ____)"),
    Field("topic_score", "float", "How strongly the text is about education-bureau work, 0–1"),
    Field("place_evidence", "str", "Where the province was read: the matched name and where it stood (JSON text)"),
    Field("variant_count", "int", "Distinct versions of this text found"),
    Field("source_count", "int", "URLs that led to this text"),
    Field("sources", "sources", "Every URL that led to this text: url, site, site_name, headline (the page's own title), fetched_at"),
)  # fmt: skip
FIELDS = tuple(f.name for f in SCHEMA)
RENAMED = {"quality_flags": "flags"}  # export name → database column
LIST_FIELDS = {f.name for f in SCHEMA if f.kind.startswith("list")}


class ExportError(Exception):
    """A problem the user can fix (missing database, bad format, filter or --where)."""


def connect_readonly(db_path: str | Path) -> sqlite3.Connection:
    """Open the database read-only, so --where can never change it."""
    path = Path(db_path)
    if not path.is_file():
        raise ExportError(f"{path} not found: run `make crawl` first")
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    conn.row_factory = sqlite3.Row
    return conn


def _columns(conn: sqlite3.Connection) -> set[str]:
    columns = {r[1] for r in conn.execute("select * from pragma_table_info('documents')")}
    if not columns:
        raise ExportError("no documents table in this database")
    return columns


def _select(conn: sqlite3.Connection) -> str:
    """Each exported field from the documents columns (null where a column is missing)."""
    columns = _columns(conn)
    parts = []
    for name in FIELDS:
        column = RENAMED.get(name, name)
        if name in ("site_name", "sources"):
            continue
        parts.append(f'd."{column}" as "{name}"' if column in columns else f'null as "{name}"')
    headline = "coalesce(headline, title)" if _has_column(conn, "pages", "headline") else "title"
    sources = f"""(select json_group_array(json_object(
            'url', url, 'site', site, 'headline', headline, 'fetched_at', fetched_at)) from (
          select url, site, {headline} as headline, fetched_at from pages where document_id = d.id
          union select url, site, title, first_seen from variants
          where document_id = d.id and url is not null
            and url not in (select url from pages where document_id = d.id)
          order by fetched_at, url)) as sources"""
    return ", ".join([*parts, sources])


def _has_column(conn: sqlite3.Connection, table: str, column: str) -> bool:
    return any(r[1] == column for r in conn.execute(f"select * from pragma_table_info('{table}')"))


def filter_clauses(
    province: str | None = None, year: int | None = None, doc_type: str | None = None,
    since: date | None = None, min_chars: int | None = None, where: str | None = None,
) -> tuple[list[str], dict[str, Any]]:  # fmt: skip
    """SQL conditions on documents d for the export filters."""
    clauses, params = [], {}
    for key, value in (("province", province), ("doc_type", doc_type)):
        if value:
            clauses.append(f"d.{key} = :{key}")
            params[key] = value
    if year is not None:
        clauses.append(year_clause(year, ":year"))
        params["year"] = int(year)
    if since is not None:
        clauses.append("d.published >= :since")
        params["since"] = since.isoformat()
    if min_chars:
        clauses.append("d.char_count >= :min_chars")
        params["min_chars"] = int(min_chars)
    if where:
        clauses.append(f"({where})")
    return clauses, params


def iter_records(conn: sqlite3.Connection, where: str | None = None,
                 **filters: Any) -> Iterator[dict[str, Any]]:  # fmt: skip
    """Yield one typed record per document, in id order, without loading them all."""
    clauses, params = filter_clauses(where=where, **filters)
    sql = f"""select {_select(conn)} from documents d
              {"where " + " and ".join(clauses) if clauses else ""} order by d.id"""
    try:
        cursor = conn.execute(sql, params)
    except sqlite3.Error as exc:
        raise ExportError(f"cannot select documents: {exc}") from exc
    for row in cursor:
        yield typed_record(dict(row))


def typed_record(row: dict[str, Any]) -> dict[str, Any]:
    """A documents row as the schema says: dates, integer years, lists, source records."""
    for name in LIST_FIELDS:
        row[name] = _json_list(row.get(name))
    for name in ("years_reported", "years_title"):
        row[name] = [int(y) for y in row[name] if str(y).strip().isdigit()]
    row["published"] = _date(row.get("published"))
    row["fetched_at"] = _timestamp(row.get("fetched_at"))
    row["traditional_source"] = None if row["traditional_source"] is None else bool(
        row["traditional_source"]
    )
    if row.get("admin_code") is not None:
        row["admin_code"] = str(row["admin_code"])
    row["site_name"] = site_name(row.get("site"))
    row["sources"] = [
        {"url": s.get("url"), "site": s.get("site"), "site_name": site_name(s.get("site")),
         "headline": s.get("headline"), "fetched_at": _timestamp(s.get("fetched_at"))}
        for s in _json_list(row.get("sources"))
    ]  # fmt: skip
    return {name: row.get(name) for name in FIELDS}


def _json_list(value: Any) -> list:
    if value in (None, ""):
        return []
    if isinstance(value, list):
        return value
    try:
        decoded = json.loads(value)
    except (TypeError, ValueError):
        return [value]
    return decoded if isinstance(decoded, list) else [decoded]


def _date(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


def _timestamp(value: str | None) -> datetime | None:
    try:
        return datetime.fromisoformat(value) if value else None
    except ValueError:
        return None


def export(db_path: str | Path, out: str | Path, fmt: str = "jsonl", where: str | None = None,
           bom: bool = False, **filters: Any) -> int:  # fmt: skip
    """Write every (or every matching) document to ``out``; return how many."""
    if fmt not in FORMATS:
        raise ExportError(f"unknown format {fmt!r}: choose one of {', '.join(FORMATS)}")
    conn = connect_readonly(db_path)
    try:
        records = iter_records(conn, where, **filters)
        if fmt == "parquet":
            with _replacing(out) as part:
                return write_parquet(records, part)
        with _open_text(out, "utf-8-sig" if bom else "utf-8") as stream:
            return (write_csv if fmt == "csv" else write_jsonl)(records, stream)
    finally:
        conn.close()


@contextmanager
def _replacing(out: str | Path) -> Iterator[Path]:
    """A temporary path next to ``out`` that becomes ``out`` only on success,
    so a failed export (bad --where, full disk) never leaves half a file."""
    target = Path(out)
    part = target.with_name(target.name + ".part")
    try:
        yield part
        part.replace(target)
    finally:
        part.unlink(missing_ok=True)


@contextmanager
def _open_text(out: str | Path, encoding: str) -> Iterator[IO[str]]:
    if str(out) == "-":
        sys.stdout.reconfigure(encoding=encoding)  # type: ignore[union-attr]
        yield sys.stdout
        return
    with _replacing(out) as part, open(part, "w", encoding=encoding, newline="") as stream:
        yield stream


def _plain(value: Any) -> Any:
    """JSON and CSV spelling: ISO dates and timestamps, records and lists as JSON."""
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def write_jsonl(records: Iterator[dict[str, Any]], stream: IO[str]) -> int:
    count = 0
    for record in records:
        stream.write(json.dumps(_plain(record), ensure_ascii=False) + "\n")
        count += 1
    return count


def write_csv(records: Iterator[dict[str, Any]], stream: IO[str]) -> int:
    """CSV with lists (years, flags) and sources as JSON in their cells."""
    writer = csv.DictWriter(stream, fieldnames=FIELDS)
    writer.writeheader()
    count = 0
    for record in records:
        row = _plain(record)
        writer.writerow(
            {k: json.dumps(v, ensure_ascii=False) if isinstance(v, list) else v
             for k, v in row.items()}  # fmt: skip
        )
        count += 1
    return count


def arrow_schema():
    """SCHEMA as a pyarrow schema (dates as date32, timestamps in UTC)."""
    import pyarrow as pa

    timestamp = pa.timestamp("ms", tz="UTC")  # what Parquet stores (it has no seconds unit)
    source = pa.struct([("url", pa.string()), ("site", pa.string()), ("site_name", pa.string()),
                        ("headline", pa.string()), ("fetched_at", timestamp)])  # fmt: skip
    types = {
        "int": pa.int64(), "float": pa.float64(), "bool": pa.bool_(), "str": pa.string(),
        "date": pa.date32(), "timestamp": timestamp, "list[int]": pa.list_(pa.int32()),
        "list[str]": pa.list_(pa.string()), "sources": pa.list_(source),
    }  # fmt: skip
    return pa.schema([pa.field(f.name, types[f.kind]) for f in SCHEMA])


def write_parquet(records: Iterator[dict[str, Any]], out: str | Path) -> int:
    """Parquet written in batches of PARQUET_BATCH rows, with the explicit schema
    (inferring it from a first batch breaks when a column is empty there)."""
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError as exc:
        raise ExportError("parquet export needs pyarrow: pip install pyarrow") from exc
    schema = arrow_schema()
    count = 0
    batch: list[dict[str, Any]] = []
    with pq.ParquetWriter(str(out), schema) as writer:
        for record in records:
            batch.append(record)
            count += 1
            if len(batch) == PARQUET_BATCH:
                writer.write_table(pa.Table.from_pylist(batch, schema=schema))
                batch = []
        if batch:
            writer.write_table(pa.Table.from_pylist(batch, schema=schema))
    return count
