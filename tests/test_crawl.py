"""A real ``sites`` crawl against the offline mirror on 127.0.0.1, checked in the database."""

from __future__ import annotations

import gzip
from urllib.parse import urlsplit

import pytest_twisted
import sqlite_utils

import mirror
from tests.crawling import crawl_settings, run_crawl


def expected(urls: dict[str, str], day: int = 1) -> dict[str, mirror.Page]:
    """Every mirror article page by its full URL."""
    return {urls[p.site] + p.path: p for p in mirror.catalog(seed=0, day=day)}


def rows(db_path, sql, params=()):
    return list(sqlite_utils.Database(db_path).query(sql, params))


@pytest_twisted.ensureDeferred
async def test_crawl_stores_every_on_topic_text_once(tmp_path, mirror_day1):
    settings = crawl_settings(tmp_path, mirror_day1.urls)
    crawler = await run_crawl(settings)
    db = settings["CORPUS_DB"]
    pages = expected(mirror_day1.urls)
    on_topic_texts = {p.text_id for p in pages.values() if p.text.on_topic}

    stored = rows(db, "select url, document_id, outcome from pages where document_id is not null")
    by_document: dict[int, set[str]] = {}
    for row in stored:
        assert row["url"] in pages, f"stored a page that is not a mirror article: {row['url']}"
        assert pages[row["url"]].text.on_topic, f"stored an off-topic page: {row['url']}"
        by_document.setdefault(row["document_id"], set()).add(pages[row["url"]].text_id)

    # One document per text: no document mixes texts, no text is split over documents.
    assert all(len(texts) == 1 for texts in by_document.values()), by_document
    assert len(by_document) == len(on_topic_texts)
    assert set().union(*by_document.values()) == on_topic_texts
    assert sqlite_utils.Database(db)["documents"].count == len(on_topic_texts)

    # Every on-topic article page that the site links to was fetched and kept as a source.
    on_topic_urls = {u for u, p in pages.items() if p.text.on_topic}
    assert on_topic_urls <= {r["url"] for r in stored}
    stats = crawler.stats.get_stats()
    assert stats["pages/outcome/stored"] == len(on_topic_texts)


@pytest_twisted.ensureDeferred
async def test_crawl_records_rejections_errors_and_redirects(tmp_path, mirror_day1):
    settings = crawl_settings(tmp_path, mirror_day1.urls)
    await run_crawl(settings)
    db = settings["CORPUS_DB"]
    pages = expected(mirror_day1.urls)

    rejected = rows(db, "select url, reason from pages where outcome = 'rejected'")
    off_topic = {u for u, p in pages.items() if not p.text.on_topic}
    assert off_topic <= {r["url"] for r in rejected}
    assert all(r["reason"] for r in rejected)
    assert rows(db, "select * from pages where status = 404")
    redirects = rows(db, "select url, reason from pages where kind = 'redirect'")
    assert redirects and all(r["reason"].startswith("redirect_to:") for r in redirects)
    # robots.txt is obeyed: nothing under the disallowed paths was fetched.
    fetched = [urlsplit(r["url"]).path for r in rows(db, "select url from pages")]
    assert not [p for p in fetched if p.startswith(("/member/", "/download/"))]
    # No page of another mirror site was fetched through a cross-site link twice over:
    # each page is recorded under the site that owns its host.
    for row in rows(db, "select url, site from pages"):
        assert urlsplit(row["url"]).netloc == urlsplit(mirror_day1.urls[row["site"]]).netloc


@pytest_twisted.ensureDeferred
async def test_every_raw_response_is_archived(tmp_path, mirror_day1):
    from warcio.archiveiterator import ArchiveIterator

    settings = crawl_settings(tmp_path, mirror_day1.urls)
    crawler = await run_crawl(settings, site="gongwen")
    (warc,) = (tmp_path / "archive").glob("*.warc.gz")
    with gzip.open(warc, "rb") as raw, warc.open("rb") as stream:
        assert raw.read(4)  # a real gzip file
        records = [r for r in ArchiveIterator(stream) if r.rec_type == "response"]
    assert len(records) == crawler.stats.get_value("downloader/response_count")
    statuses = {r.http_headers.get_statuscode() for r in records}
    assert "200" in statuses


@pytest_twisted.ensureDeferred
async def test_rerun_adds_nothing_and_next_day_fetches_only_new_articles(tmp_path):
    with mirror.running(seed=0, day=1) as day1:
        settings = crawl_settings(tmp_path, day1.urls)
        await run_crawl(settings)
        db = sqlite_utils.Database(settings["CORPUS_DB"])
        documents, pages = db["documents"].count, db["pages"].count

        again = await run_crawl(settings)
        assert (db["documents"].count, db["pages"].count) == (documents, pages)
        assert again.stats.get_value("pages/article", 0) == 0
        known = db.execute("select count(*) from pages where kind = 'article' and status = 200")
        assert again.stats.get_value("incremental/skipped_known_articles") == known.fetchone()[0]
        ports, day1_urls = day1.ports, set(expected(day1.urls))

    # The next day the sites come back on the same ports with a few new articles.
    with mirror.running(seed=0, day=2, ports=ports) as day2:
        next_day = await run_crawl(settings)
        day2_pages = expected(day2.urls, day=2)
    new_urls = set(day2_pages) - day1_urls
    fetched = {r["url"] for r in rows(settings["CORPUS_DB"], "select url from pages where crawl_id = 3")}
    assert new_urls and new_urls <= fetched
    assert next_day.stats.get_value("pages/article") == len(new_urls)  # nothing old refetched
    new_texts = {p.text_id for u, p in day2_pages.items() if u in new_urls and p.text.on_topic}
    assert db["documents"].count == documents + len(new_texts)


@pytest_twisted.ensureDeferred
async def test_recleaning_the_archive_gives_the_same_clusters(tmp_path, mirror_day1):
    from corpus.reclean import reclean

    settings = crawl_settings(tmp_path, mirror_day1.urls)
    await run_crawl(settings)
    recleaned = tmp_path / "recleaned.db"
    outcomes = reclean(sorted((tmp_path / "archive").glob("*.warc.gz")), recleaned)
    assert outcomes["stored"] == sqlite_utils.Database(settings["CORPUS_DB"])["documents"].count

    def clusters(db_path) -> set[frozenset[str]]:
        groups: dict[int, set[str]] = {}
        for row in rows(db_path, "select url, document_id from pages where document_id is not null"):
            groups.setdefault(row["document_id"], set()).add(row["url"])
        return {frozenset(urls) for urls in groups.values()}

    assert clusters(recleaned) == clusters(settings["CORPUS_DB"])

    # One ingestion path: the same bytes give the same rows, crawled or re-cleaned (which of
    # two versions of one text came first, and so names and lays out its document, follows
    # the fetch order, so documents compare by their texts' hashes).
    def judged(db_path) -> set[tuple]:
        sql = """select url, outcome = 'rejected', reason, title, encoding, content_length,
                 variant_id from pages where kind = 'article'"""
        return {tuple(row.values()) for row in rows(db_path, sql)}

    def texts(db_path) -> set[tuple]:
        sql = "select content_hash from documents"
        return {tuple(row.values()) for row in rows(db_path, sql)}

    assert judged(recleaned) == judged(settings["CORPUS_DB"])
    assert texts(recleaned) == texts(settings["CORPUS_DB"])


@pytest_twisted.ensureDeferred
async def test_start_url_crawls_a_site_without_a_profile(tmp_path, mirror_day1):
    base = mirror_day1.urls["fanwen"]
    settings = crawl_settings(tmp_path, mirror_day1.urls)
    await run_crawl(settings, start_url=base + "/")
    db = settings["CORPUS_DB"]
    site_pages = {u: p for u, p in expected(mirror_day1.urls).items() if u.startswith(base)}

    fetched = rows(db, "select url, outcome, document_id from pages")
    assert all(urlsplit(r["url"]).netloc == urlsplit(base).netloc for r in fetched)
    stored_texts = {site_pages[r["url"]].text_id for r in fetched if r["document_id"]}
    assert stored_texts == {p.text_id for p in site_pages.values() if p.text.on_topic}
    rejected = {r["url"] for r in fetched if r["outcome"] == "rejected"}
    assert {u for u, p in site_pages.items() if not p.text.on_topic} <= rejected
