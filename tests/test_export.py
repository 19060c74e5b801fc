"""python -m corpus export: one record per document, streamed to JSONL, CSV or Parquet."""

from __future__ import annotations

import csv
import importlib.util
import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from corpus.export import ExportError, export, iter_records
from tests.test_browse import BODIES, REPO, SOURCES, TITLES, build_sample_db


@pytest.fixture(scope="module")
def corpus_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_sample_db(tmp_path_factory.mktemp("export") / "corpus.db")


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_jsonl_has_one_record_per_document_with_its_sources(
    corpus_db: Path, tmp_path: Path
) -> None:
    out = tmp_path / "corpus.jsonl"
    assert export(corpus_db, out) == len(BODIES)
    records = read_jsonl(out)
    assert [r["id"] for r in records] == sorted(BODIES)
    first = records[0]
    assert first["title"] == TITLES[1] and first["body"] == BODIES[1]
    assert sorted(first["sources"]) == sorted(SOURCES[1])
    assert first["years_reported"] == [2023] and first["province"] == "江苏省"
    assert records[1]["flags"] == ["placeholders"]
    assert first["body_original"] is None  # set only for Traditional sources
    # UTF-8 as written, not \\u escapes
    assert "双减" in out.read_text(encoding="utf-8")


def test_years_are_numbers_even_if_stored_as_strings(corpus_db: Path, tmp_path: Path) -> None:
    db = tmp_path / "corpus.db"
    db.write_bytes(corpus_db.read_bytes())
    with sqlite3.connect(db) as conn:
        conn.execute("""update documents set years_reported = '["2023", "2024"]' where id = 1""")
    export(db, tmp_path / "out.jsonl")
    assert read_jsonl(tmp_path / "out.jsonl")[0]["years_reported"] == [2023, 2024]


def test_where_selects_documents(corpus_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "jiangsu.jsonl"
    assert export(corpus_db, out, where="d.province = '江苏省' and d.body like '%双减%'") == 2
    assert [r["id"] for r in read_jsonl(out)] == [1, 3]


def test_csv_round_trips(corpus_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "corpus.csv"
    assert export(corpus_db, out, fmt="csv") == len(BODIES)
    with out.open(encoding="utf-8", newline="") as stream:
        rows = list(csv.DictReader(stream))
    assert [int(r["id"]) for r in rows] == sorted(BODIES)
    assert rows[0]["body"] == BODIES[1]  # the newline inside the body survives
    assert sorted(json.loads(rows[0]["sources"])) == sorted(SOURCES[1])


def test_csv_with_no_match_still_has_a_header(corpus_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "none.csv"
    assert export(corpus_db, out, fmt="csv", where="0") == 0
    assert out.read_text(encoding="utf-8").startswith("id,title,")


def test_records_are_streamed(corpus_db: Path) -> None:
    from corpus.export import connect_readonly

    conn = connect_readonly(corpus_db)
    records = iter_records(conn)
    assert next(records)["id"] == 1  # a generator: nothing read beyond the first row
    conn.close()


def test_export_cannot_write_to_the_database(corpus_db: Path, tmp_path: Path) -> None:
    with pytest.raises(ExportError, match="cannot select"):
        export(corpus_db, tmp_path / "x.csv", "csv", where="1); delete from documents; select (1")
    assert list(tmp_path.iterdir()) == []  # no half-written file left behind
    assert export(corpus_db, tmp_path / "y.jsonl") == len(BODIES)


def test_missing_database_is_named(tmp_path: Path) -> None:
    missing = tmp_path / "corpus.db"
    with pytest.raises(ExportError, match=f"{missing} not found: run `make crawl` first"):
        export(missing, tmp_path / "out.jsonl")


@pytest.mark.skipif(importlib.util.find_spec("pyarrow") is None, reason="pyarrow not installed")
def test_parquet(corpus_db: Path, tmp_path: Path, monkeypatch) -> None:
    import pyarrow.parquet as pq

    monkeypatch.setattr("corpus.export.PARQUET_BATCH", 4)  # 6 documents: two batches
    out = tmp_path / "corpus.parquet"
    assert export(corpus_db, out, fmt="parquet") == len(BODIES)
    table = pq.read_table(out)
    assert table.column("id").to_pylist() == sorted(BODIES)
    assert table.column("years_reported").to_pylist()[0] == [2023]


def test_parquet_without_pyarrow_says_so(corpus_db: Path, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setitem(sys.modules, "pyarrow", None)  # import pyarrow now fails
    with pytest.raises(ExportError, match="pip install pyarrow"):
        export(corpus_db, tmp_path / "x.parquet", fmt="parquet")


def test_command_line(corpus_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "cli.jsonl"
    result = subprocess.run(
        [sys.executable, "-m", "corpus", "export", "--db", str(corpus_db), "--out", str(out)],
        cwd=REPO, capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert f"wrote {len(BODIES)} documents to {out} (jsonl)" in result.stderr
    assert len(read_jsonl(out)) == len(BODIES)
    missing = subprocess.run(
        [sys.executable, "-m", "corpus", "export", "--db", str(tmp_path / "no.db"), "--out", "-"],
        cwd=REPO, capture_output=True, text=True,
    )  # fmt: skip
    assert missing.returncode == 2
    assert f"{tmp_path / 'no.db'} not found" in missing.stderr
