"""Export the corpus, one record per document, for other tools.

Rows are streamed from SQLite straight to the output file, so exporting a
corpus larger than memory works. Each record holds the document's columns
(JSON lists decoded) and ``sources``: every URL that led to the text.
"""

from __future__ import annotations

import csv
import json
import sqlite3
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

FORMATS = ("jsonl", "csv", "parquet")
LIST_COLUMNS = ("years_reported", "years_title", "flags")
YEAR_COLUMNS = ("years_reported", "years_title")
PARQUET_BATCH = 1000


class ExportError(Exception):
    """A problem the user can fix (missing database, bad format or --where)."""


def connect_readonly(db_path: str | Path) -> sqlite3.Connection:
    """Open the database read-only, so --where can never change it."""
    path = Path(db_path)
    if not path.is_file():
        raise ExportError(f"{path} not found: run `make crawl` first")
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    conn.row_factory = sqlite3.Row
    return conn


def document_columns(conn: sqlite3.Connection) -> dict[str, str]:
    """Exported documents columns and their declared SQLite types."""
    columns = {
        r["name"]: (r["type"] or "").upper()
        for r in conn.execute("select name, type from pragma_table_info('documents')")
    }
    if not columns:
        raise ExportError("no documents table in this database")
    return columns


def record_fields(conn: sqlite3.Connection) -> list[str]:
    """The keys of every record, in order."""
    return [*document_columns(conn), "sources"]


def iter_records(conn: sqlite3.Connection, where: str | None = None) -> Iterator[dict[str, Any]]:
    """Yield one record per document, in id order, without loading them all."""
    columns = document_columns(conn)
    select = ", ".join(f'd."{c}"' for c in columns)
    # The union also de-duplicates URLs found both as a page and as a variant.
    sql = f"""
        select {select},
          (select json_group_array(url) from (
             select url from pages where document_id = d.id
             union select url from variants where document_id = d.id and url is not null
          )) as sources
        from documents d
        {f"where ({where})" if where else ""}
        order by d.id"""
    try:
        cursor = conn.execute(sql)
    except sqlite3.Error as exc:
        raise ExportError(f"cannot select documents: {exc}") from exc
    for row in cursor:
        yield _record(dict(row))


def _record(row: dict[str, Any]) -> dict[str, Any]:
    for key in (*LIST_COLUMNS, "sources"):
        if isinstance(row.get(key), str):
            try:
                row[key] = json.loads(row[key])
            except ValueError:
                row[key] = [row[key]]
    for key in YEAR_COLUMNS:
        # Years are numbers in the export whether the database keeps them as
        # JSON numbers or as strings (which Datasette's array facets need).
        if isinstance(row.get(key), list):
            row[key] = [int(y) if isinstance(y, str) and y.isdigit() else y for y in row[key]]
    return row


def export(
    db_path: str | Path,
    out: str | Path,
    fmt: str = "jsonl",
    where: str | None = None,
    bom: bool = False,
) -> int:
    """Write every (or every --where matching) document to ``out``; return how many."""
    if fmt not in FORMATS:
        raise ExportError(f"unknown format {fmt!r}: choose one of {', '.join(FORMATS)}")
    conn = connect_readonly(db_path)
    try:
        records = iter_records(conn, where)
        if fmt == "parquet":
            with _replacing(out) as part:
                return write_parquet(records, part, document_columns(conn))
        with _open_text(out, "utf-8-sig" if bom else "utf-8") as stream:
            if fmt == "csv":
                return write_csv(records, stream, record_fields(conn))
            return write_jsonl(records, stream)
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


def write_jsonl(records: Iterator[dict[str, Any]], stream: IO[str]) -> int:
    count = 0
    for record in records:
        stream.write(json.dumps(record, ensure_ascii=False) + "\n")
        count += 1
    return count


def write_csv(records: Iterator[dict[str, Any]], stream: IO[str], fields: list[str]) -> int:
    """CSV with lists (years, flags, sources) as JSON arrays in their cells."""
    writer = csv.DictWriter(stream, fieldnames=fields)
    writer.writeheader()
    count = 0
    for record in records:
        writer.writerow(
            {
                k: json.dumps(v, ensure_ascii=False) if isinstance(v, list) else v
                for k, v in record.items()
            }  # fmt: skip
        )
        count += 1
    return count


def write_parquet(records: Iterator[dict[str, Any]], out: str | Path,
                  columns: dict[str, str]) -> int:  # fmt: skip
    """Parquet written in batches of PARQUET_BATCH rows; needs pyarrow (optional)."""
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError as exc:
        raise ExportError("parquet export needs pyarrow: pip install pyarrow") from exc
    schema = _parquet_schema(pa, columns)
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


def _parquet_schema(pa, columns: dict[str, str]):
    # An explicit schema: inferring it from the first batch breaks when a column
    # happens to be empty there and filled later.
    def arrow_type(name: str, declared: str):
        if name in YEAR_COLUMNS:
            return pa.list_(pa.int64())
        if name == "flags":
            return pa.list_(pa.string())
        if "INT" in declared:
            return pa.int64()
        if any(t in declared for t in ("REAL", "FLOA", "DOUB")):
            return pa.float64()
        return pa.string()

    fields = [pa.field(name, arrow_type(name, declared)) for name, declared in columns.items()]
    return pa.schema([*fields, pa.field("sources", pa.list_(pa.string()))])
