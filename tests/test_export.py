"""python -m corpus export: one record per document, streamed to JSONL, CSV or Parquet."""

from __future__ import annotations

import csv
import json
import sqlite3
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from corpus.export import FIELDS, SCHEMA, ExportError, arrow_schema, export, iter_records
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
    assert sorted(s["url"] for s in first["sources"]) == sorted(SOURCES[1])
    assert first["sources"][0] == {
        "url": SOURCES[1][0], "site": "fanwen", "site_name": "启航范文网",
        "headline": f"【精选】{TITLES[1]}.docx", "fetched_at": "2024-05-01T00:00:00+00:00",
    }  # fmt: skip
    assert first["years_reported"] == [2023] and first["province"] == "江苏省"
    assert first["published"] == "2024-01-11" and first["admin_code"] == "320509"
    assert records[1]["quality_flags"] == ["placeholders"] and "flags" not in records[1]
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
    assert sorted(s["url"] for s in json.loads(rows[0]["sources"])) == sorted(SOURCES[1])


def test_csv_with_no_match_still_has_a_header(corpus_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "none.csv"
    assert export(corpus_db, out, fmt="csv", where="0") == 0
    assert out.read_text(encoding="utf-8").startswith("id,title,")
    assert out.read_text(encoding="utf-8").strip().split(",") == list(FIELDS)


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


def test_parquet(corpus_db: Path, tmp_path: Path, monkeypatch) -> None:
    import pyarrow.parquet as pq

    monkeypatch.setattr("corpus.export.PARQUET_BATCH", 4)  # 6 documents: two batches
    out = tmp_path / "corpus.parquet"
    assert export(corpus_db, out, fmt="parquet") == len(BODIES)
    table = pq.read_table(out)
    assert table.column("id").to_pylist() == sorted(BODIES)
    assert table.column("years_reported").to_pylist()[0] == [2023]
    assert table.schema.equals(arrow_schema())


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


# -- filters --------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"province": "江苏省"}, [1, 3, 5]),
        ({"year": 2023}, [1, 3, 6]),
        ({"doc_type": "工作计划"}, [4]),
        ({"since": date(2024, 1, 13)}, [3, 4, 6]),
        ({"min_chars": 40}, [1]),
        ({"province": "江苏省", "year": 2023}, [1, 3]),
    ],
)
def test_export_filters(corpus_db: Path, tmp_path: Path, filters: dict, expected: list) -> None:
    out = tmp_path / "part.jsonl"
    assert export(corpus_db, out, **filters) == len(expected)
    records = read_jsonl(out)
    assert [r["id"] for r in records] == expected
    truth = [i for i in sorted(BODIES) if _matches(records_by_id(corpus_db)[i], filters)]
    assert truth == expected


def records_by_id(db: Path) -> dict[int, dict]:
    conn = sqlite3.connect(db)
    conn.row_factory = sqlite3.Row
    rows = {r["id"]: dict(r) for r in conn.execute("select * from documents")}
    conn.close()
    return rows


def _matches(row: dict, filters: dict) -> bool:
    checks = {
        "province": lambda v: row["province"] == v,
        "year": lambda v: v in json.loads(row["years_reported"]),
        "doc_type": lambda v: row["doc_type"] == v,
        "since": lambda v: row["published"] >= v.isoformat(),
        "min_chars": lambda v: row["char_count"] >= v,
    }
    return all(checks[k](v) for k, v in filters.items())


def test_command_line_filters(corpus_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "cli.csv"
    result = subprocess.run(
        [sys.executable, "-m", "corpus", "export", "--db", str(corpus_db), "--out", str(out),
         "--format", "csv", "--province", "江苏省", "--year", "2023", "--type", "工作总结",
         "--since", "2024-01-01", "--min-chars", "10"],
        cwd=REPO, capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert "wrote 2 documents matching province=江苏省 and year=2023 and type=工作总结" in result.stderr
    bad = subprocess.run(
        [sys.executable, "-m", "corpus", "export", "--db", str(corpus_db), "--out", "-",
         "--since", "2024-13-01"], cwd=REPO, capture_output=True, text=True,
    )  # fmt: skip
    assert bad.returncode == 2 and "'2024-13-01' is not a date like" in bad.stderr


# -- read back by other tools ------------------------------------------------------------
@pytest.fixture(scope="module")
def exports(corpus_db: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("exports")
    paths = {fmt: folder / f"corpus.{fmt}" for fmt in ("jsonl", "csv", "parquet")}
    for fmt, path in paths.items():
        export(corpus_db, path, fmt)
    return paths


def database_truth(db: Path) -> list[dict]:
    """What the exports must say, read straight from the tables."""
    rows = records_by_id(db)
    return [
        {"id": i, "title": r["title"], "body": r["body"], "admin_code": r["admin_code"],
         "years_reported": json.loads(r["years_reported"]), "published": r["published"],
         "quality_flags": json.loads(r["flags"]), "char_count": r["char_count"],
         "traditional_source": bool(r["traditional_source"])}
        for i, r in sorted(rows.items())
    ]  # fmt: skip


def test_pandas_reads_every_export_with_the_documented_types(corpus_db: Path, exports) -> None:
    import pandas as pd

    truth = database_truth(corpus_db)
    frames = {
        "jsonl": pd.read_json(exports["jsonl"], lines=True, dtype={"admin_code": str}),
        "parquet": pd.read_parquet(exports["parquet"]),
        "csv": pd.read_csv(exports["csv"], dtype={"admin_code": str},
                           parse_dates=["published", "fetched_at"]),
    }  # fmt: skip
    for fmt, frame in frames.items():
        assert list(frame.columns) == list(FIELDS), fmt
        assert frame["id"].tolist() == [t["id"] for t in truth], fmt
        assert frame["body"].tolist() == [t["body"] for t in truth], fmt
        assert frame["char_count"].dtype.kind == "i", fmt
        published = [None if pd.isna(p) else pd.Timestamp(p).date().isoformat()
                     for p in frame["published"]]  # fmt: skip
        assert published == [t["published"] for t in truth], fmt
        codes = [None if pd.isna(c) else c for c in frame["admin_code"]]
        assert codes == [t["admin_code"] for t in truth], fmt
        years = [json.loads(y) if isinstance(y, str) else list(y) for y in frame["years_reported"]]
        assert years == [t["years_reported"] for t in truth], fmt
    parquet = frames["parquet"]
    assert str(parquet["fetched_at"].dtype) == "datetime64[ms, UTC]"
    assert parquet["published"].map(type).eq(date).sum() == sum(1 for t in truth if t["published"])
    assert parquet["traditional_source"].tolist() == [t["traditional_source"] for t in truth]


def test_datasets_loads_json_and_parquet_offline(corpus_db: Path, exports, tmp_path: Path,
                                                 monkeypatch) -> None:  # fmt: skip
    monkeypatch.setenv("HF_DATASETS_OFFLINE", "1")
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("HF_HOME", str(tmp_path / "hf"))
    from datasets import load_dataset

    truth = database_truth(corpus_db)
    for builder in ("json", "parquet"):
        path = exports["jsonl" if builder == "json" else "parquet"]
        data = load_dataset(builder, data_files=str(path), split="train",
                            cache_dir=str(tmp_path / "cache"))  # fmt: skip
        assert data.num_rows == len(truth), builder
        assert data["id"] == [t["id"] for t in truth], builder
        assert data["years_reported"] == [t["years_reported"] for t in truth], builder
        assert data["quality_flags"] == [t["quality_flags"] for t in truth], builder
        sources = data[0]["sources"]
        assert sorted(s["url"] for s in sources) == sorted(SOURCES[1]), builder
        assert set(sources[0]) == {"url", "site", "site_name", "headline", "fetched_at"}
    features = load_dataset("parquet", data_files=str(exports["parquet"]), split="train",
                            cache_dir=str(tmp_path / "cache")).features  # fmt: skip
    assert features["published"].dtype == "date32"
    assert features["years_reported"].feature.dtype == "int32"
    assert features["admin_code"].dtype == "string"


# -- the reader and the card ---------------------------------------------------------------
def test_reader_gives_typed_records(corpus_db: Path) -> None:
    from corpus import Corpus, Source

    corpus = Corpus(corpus_db)
    found = list(corpus.documents(province="江苏省", year=2023))
    assert [d.id for d in found] == [1, 3]
    first = found[0]
    assert first.published == date(2024, 1, 11) and first.years_reported == [2023]
    assert first.fetched_at.tzinfo is not None and isinstance(first.sources[0], Source)
    assert first.sources[0].site_name == "启航范文网"
    assert [d.id for d in corpus.documents(since="2024-01-13", min_chars=20)] == [3, 4]
    assert len(corpus) == len(BODIES)


def test_dataset_card_comes_from_the_database(corpus_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "README.md"
    subprocess.run([sys.executable, "-m", "corpus", "card", "--db", str(corpus_db), "--out",
                    str(out)], cwd=REPO, check=True, capture_output=True)  # fmt: skip
    card = out.read_text(encoding="utf-8")
    assert card.startswith("---\nlanguage:\n- zh\n")
    assert f"{len(BODIES)} distinct texts" in card
    assert "| 启航范文网 (`fanwen`) | 3 |" in card  # documents 1, 2 and 4 are shown from fanwen
    assert "| 江苏省 | 3 |" in card and "| (unknown) | 1 |" in card
    for field in SCHEMA:
        assert f"| `{field.name}` | {field.kind} | {field.meaning} |" in card
    assert "belong to their publishers" in card
