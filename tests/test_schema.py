"""The schema evolves: older corpora are migrated on open, and a change of the
near-duplicate parameters recomputes fingerprints instead of bricking a corpus."""

from __future__ import annotations

import json
import random
from dataclasses import replace

import pytest
import sqlite_utils

from cleaning.dedup import params
from cleaning.document import Document
from cleaning.fingerprint import content_hash
from corpus import schema
from corpus.store import CorpusStore, open_db, refingerprint, stale_fingerprints

grammar = pytest.importorskip("mirror.grammar")


def make_doc(paragraphs: list[str], title: str = "县教育局2023年工作总结") -> Document:
    body = "\n".join(paragraphs)
    return Document(title=title, body=body, site="test", content_hash=content_hash(body))


def page(url: str) -> dict:
    return {"url": url, "site": "test", "kind": "article", "status": 200}


def texts(n: int, seed: int = 3) -> list[list[str]]:
    rng = random.Random(seed)
    return [grammar.bureau_document(rng).paragraphs for _ in range(n)]


def test_a_new_database_has_every_migration_applied(tmp_path):
    db = open_db(tmp_path / "corpus.db")
    assert schema.migrations.pending(db) == []
    assert {"documents", "variants", "pages", "page_parts", "crawls"} <= set(db.table_names())


def test_a_corpus_from_before_page_parts_is_migrated_and_takes_compilations(tmp_path):
    path = tmp_path / "old.db"
    one, two, three = texts(3)
    old = CorpusStore(open_db(path))
    kept = old.add_page(page("http://a/1"), make_doc(three))
    # Take the corpus back to what the release before page_parts left.
    old.db["page_parts"].drop()
    table = schema.migrations.migrations_table
    old.db.execute(f"delete from {table} where name = 'm002_page_parts'")
    old.close()
    assert [m.name for m in schema.migrations.pending(sqlite_utils.Database(path))] == [
        "m002_page_parts"
    ]

    store = CorpusStore(open_db(path))
    parts = [make_doc(one), make_doc(two, title="县教育局2024年工作计划")]
    row = store.add_page(page("http://c/1"), replace(parts[0], parts=parts))
    assert row["outcome"] == "stored"
    assert store.db["page_parts"].count == 2 and store.db["documents"].count == 3
    assert store.db["pages"].get("http://a/1")["document_id"] == kept["document_id"]


def test_a_corpus_made_before_migrations_existed_keeps_its_rows(tmp_path):
    """Tables made by the pre-migration code (no _sqlite_migrations table) are adopted."""
    path = tmp_path / "legacy.db"
    store = CorpusStore(open_db(path))
    (one,) = texts(1)
    first = store.add_page(page("http://a/1"), make_doc(one))
    store.db.execute(f"drop table {schema.migrations.migrations_table}")
    store.db["page_parts"].drop()
    store.close()

    store = CorpusStore(open_db(path))
    again = store.add_page(page("http://b/1"), make_doc(one))
    assert (again["outcome"], again["document_id"]) == ("duplicate", first["document_id"])
    assert schema.migrations.pending(store.db) == []


def test_a_new_column_is_added_to_an_existing_corpus_by_its_migration(tmp_path, monkeypatch):
    """A corpus made by today's code, then a release that adds a documents column."""
    path = tmp_path / "corpus.db"
    store = CorpusStore(open_db(path))
    one, two = texts(2)
    store.add_page(page("http://a/1"), make_doc(one))
    store.close()

    @schema.migrations(name="m999_test_reading_level")
    def add_reading_level(db):
        db["documents"].add_column("reading_level", int)

    monkeypatch.setitem(schema.DOCUMENT_COLUMNS, "reading_level", int)
    try:
        store = CorpusStore(open_db(path))
        row = store.add_page(page("http://b/1"), make_doc(two))
        assert row["outcome"] == "stored"
        assert "reading_level" in store.db["documents"].columns_dict
    finally:
        schema.migrations._migrations = [
            m for m in schema.migrations._migrations if m.name != "m999_test_reading_level"
        ]


@pytest.fixture
def edited_dedup_toml(tmp_path, monkeypatch):
    """As if cleaning/data/dedup.toml had been edited: 5-grams instead of the tuned value."""
    toml = tmp_path / "dedup.toml"
    toml.write_text(params.PARAMS_FILE.read_text(encoding="utf-8").replace(
        "ngram = ", "ngram = 5 # was ", 1), encoding="utf-8")  # fmt: skip
    monkeypatch.setattr(params, "_PARAMS_FILE", toml)
    params.default_params.cache_clear()
    yield params.default_params()
    monkeypatch.undo()
    params.default_params.cache_clear()


def test_changed_near_duplicate_parameters_recompute_the_fingerprints(tmp_path, request):
    path = tmp_path / "corpus.db"
    store = CorpusStore(open_db(path))
    one, two = texts(2)
    store.add_page(page("http://a/1"), make_doc(one))
    store.add_page(page("http://b/1"), make_doc(two))
    store.close()

    changed = request.getfixturevalue("edited_dedup_toml")
    assert changed.ngram == 5
    db = open_db(path)
    assert stale_fingerprints(db)

    store = CorpusStore(db)  # recomputes on open instead of refusing the corpus
    schemes = {r["scheme"] for r in store.db.query("select scheme from variant_fingerprints")}
    assert schemes == {changed.scheme}
    near = store.add_page(page("http://c/1"), make_doc(one[:-1]))  # a paragraph dropped
    assert near["outcome"] == "near_duplicate"


def test_refingerprint_recomputes_one_row_per_variant(tmp_path):
    store = CorpusStore(open_db(tmp_path / "corpus.db"))
    for i, text in enumerate(texts(3)):
        store.add_page(page(f"http://a/{i}"), make_doc(text))
    store.db.execute("delete from variant_fingerprints where rowid = 1")
    assert refingerprint(store.db) == 3
    assert store.db["variant_fingerprints"].count == 3


def test_a_corpus_from_before_place_evidence_gets_the_column(tmp_path):
    path = tmp_path / "corpus.db"
    store = CorpusStore(open_db(path))
    store.db["documents"].transform(drop={"place_evidence"})
    table = schema.migrations.migrations_table
    store.db.execute(f"delete from {table} where name = 'm003_place_evidence'")
    store.close()
    store = CorpusStore(open_db(path))
    (text,) = texts(1)
    doc = replace(make_doc(text), place_evidence={"name": "青禾县", "where": "title"})
    row = store.add_page(page("http://a/1"), doc)
    stored = store.db["documents"].get(row["document_id"])
    assert json.loads(stored["place_evidence"]) == {"name": "青禾县", "where": "title"}


def test_refingerprint_from_the_command_line(tmp_path):
    import subprocess
    import sys

    store = CorpusStore(open_db(tmp_path / "corpus.db"))
    for i, text in enumerate(texts(2)):
        store.add_page(page(f"http://a/{i}"), make_doc(text))
    store.close()
    run = [sys.executable, "-m", "corpus", "refingerprint", "--db"]
    done = subprocess.run([*run, str(tmp_path / "corpus.db")], capture_output=True, text=True)
    assert done.returncode == 0 and "recomputed 2 fingerprints" in done.stderr
    missing = subprocess.run([*run, str(tmp_path / "nosuch.db")], capture_output=True, text=True)
    assert missing.returncode == 2 and "nosuch.db not found" in missing.stderr
