"""The corpus database: one document per text, every page kept, nothing stored twice."""

import json
import random
from dataclasses import replace

import pytest

from cleaning.document import Document
from cleaning.fingerprint import content_hash
from corpus.search import fts_query
from corpus.store import CorpusStore, open_db

grammar = pytest.importorskip("mirror.grammar")


def make_doc(paragraphs: list[str], title: str = "县教育局2023年工作总结", url: str = "") -> Document:
    body = "\n".join(paragraphs)
    return Document(title=title, body=body, url=url, site="test", content_hash=content_hash(body))


@pytest.fixture
def store(tmp_path):
    return CorpusStore(open_db(tmp_path / "corpus.db"))


@pytest.fixture
def text():
    return grammar.bureau_document(random.Random(7)).paragraphs


def page(url: str) -> dict:
    return {"url": url, "site": "test", "kind": "article", "status": 200}


def test_database_uses_wal(store):
    assert store.db.execute("pragma journal_mode").fetchone()[0] == "wal"


def test_new_text_is_stored_and_searchable(store, text):
    row = store.add_page(page("http://a/1"), make_doc(text))
    assert row["outcome"] == "stored"
    term = "教育"
    hits = store.db.execute(
        "select rowid from documents_fts where documents_fts match ?", [fts_query(term)]
    ).fetchall()
    assert hits == [(row["document_id"],)]


def test_same_text_with_other_layout_is_one_document(store, text):
    first = store.add_page(page("http://a/1"), make_doc(text))
    relaid = [p.replace("，", ",") + " " for p in text]
    second = store.add_page(page("http://b/9"), make_doc(relaid))
    assert second["outcome"] == "duplicate"
    assert second["document_id"] == first["document_id"]
    doc = store.db["documents"].get(first["document_id"])
    assert doc["source_count"] == 2 and doc["variant_count"] == 1


def test_refetching_a_page_changes_nothing(store, text):
    store.add_page(page("http://a/1"), make_doc(text))
    again = store.add_page(page("http://a/1"), make_doc(text))
    assert again["outcome"] == "unchanged"
    assert store.db["pages"].count == 1 and store.db["documents"].count == 1


def test_preview_joins_and_longer_version_becomes_canonical(store, text):
    preview = make_doc(text[: len(text) // 2], url="http://wenku/1")
    first = store.add_page(page("http://wenku/1"), preview)
    full = make_doc(text, url="http://gongwen/1")
    second = store.add_page(page("http://gongwen/1"), full)
    assert second["outcome"] == "near_duplicate"
    assert second["document_id"] == first["document_id"]
    doc = store.db["documents"].get(first["document_id"])
    assert doc["content_hash"] == full.content_hash  # the complete version is shown
    canonical = [v["id"] for v in store.db["variants"].rows_where("is_canonical = 1")]
    assert canonical == [full.content_hash]
    hits = store.db.execute(
        "select rowid from documents_fts where documents_fts match ?", [fts_query(text[-1][:6])]
    ).fetchall()
    assert hits == [(first["document_id"],)]  # the index follows the canonical body


def test_different_bureaus_stay_apart(store):
    rng = random.Random(11)
    for i in range(6):
        store.add_page(page(f"http://a/{i}"), make_doc(grammar.bureau_document(rng).paragraphs))
    assert store.db["documents"].count == 6


def test_index_survives_reopening(tmp_path, text):
    path = tmp_path / "corpus.db"
    CorpusStore(open_db(path)).add_page(page("http://a/1"), make_doc(text))
    reopened = CorpusStore(open_db(path))
    shorter = make_doc(text[:-1])
    row = reopened.add_page(page("http://tw/1"), shorter)
    assert row["outcome"] == "near_duplicate"


def test_a_page_that_fails_half_way_leaves_nothing_half_stored(tmp_path, text, monkeypatch):
    """A write that dies after its document row (a killed ingester, a full disk) rolls back
    the document and its variant too: the page's next arrival stores the text once."""
    store = CorpusStore(open_db(tmp_path / "corpus.db"))
    doc = make_doc(text)

    def disk_gone(document_id: int) -> None:
        raise OSError("disk gone")

    monkeypatch.setattr(store, "_count_sources", disk_gone)
    with pytest.raises(OSError):
        store.add_page(page("http://a.test/1"), doc)
    counts = {t: store.db[t].count for t in ("documents", "variants", "pages")}
    assert counts == {"documents": 0, "variants": 0, "pages": 0}
    assert doc.content_hash not in store.index
    monkeypatch.undo()
    assert store.add_page(page("http://a.test/1"), doc)["outcome"] == "stored"
    reopened = CorpusStore(open_db(tmp_path / "corpus.db"))
    assert reopened.add_page(page("http://b.test/2"), doc)["outcome"] == "duplicate"
    assert reopened.db["documents"].count == 1


def test_rejected_page_is_recorded_without_a_document(store):
    store.add_page({**page("http://a/x"), "outcome": "rejected", "reason": "off_topic:genre"})
    (row,) = store.db["pages"].rows
    assert row["reason"] == "off_topic:genre" and row["document_id"] is None
    assert store.db["documents"].count == 0


def test_crawl_rows_keep_their_stats(store):
    crawl_id = store.start_crawl("sites")
    store.finish_crawl(crawl_id, {"pages": 3})
    assert json.loads(store.db["crawls"].get(crawl_id)["stats"]) == {"pages": 3}


@pytest.mark.parametrize("reopen", [False, True])
def test_each_text_of_a_compilation_is_a_document_that_its_reposts_join(tmp_path, reopen):
    """A 精选N篇 page gives one document per text; a text found alone elsewhere joins its part."""
    rng = random.Random(11)
    one, two = (grammar.bureau_document(rng).paragraphs for _ in range(2))
    store = CorpusStore(open_db(tmp_path / "corpus.db"))
    parts = [make_doc(one), make_doc(two, title="县教育局2024年工作计划")]
    compilation = replace(parts[0], title="县教育局工作总结(2篇)", parts=parts)
    row = store.add_page(page("http://c/1"), compilation)
    assert row["outcome"] == "stored"
    part_rows = list(store.db.query("select * from page_parts order by part"))
    assert [r["title"] for r in part_rows] == ["县教育局2023年工作总结", "县教育局2024年工作计划"]
    assert part_rows[0]["document_id"] == row["document_id"] != part_rows[1]["document_id"]
    if reopen:
        store.close()
        store = CorpusStore(open_db(tmp_path / "corpus.db"))
    first = store.add_page(page("http://a/1"), make_doc(one[:-1]))  # a paragraph dropped
    second = store.add_page(page("http://b/1"), make_doc(two))
    assert (first["outcome"], second["outcome"]) == ("near_duplicate", "duplicate")
    assert [first["document_id"], second["document_id"]] == [r["document_id"] for r in part_rows]
    assert store.db["documents"].count == 2
    counts = [store.db["documents"].get(r["document_id"])["source_count"] for r in part_rows]
    assert counts == [2, 2]
