"""The research views: query language, ranking, honest counts, KWIC, reading view, overview.

The six-document sample corpus of test_browse, through Datasette's own client.
Expected sets are computed from the sample texts (substring truth), not typed in.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import sqlite3
import urllib.parse
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from corpus.research import kwic, search
from corpus.search import QueryError, parse_query, register_functions
from tests.test_browse import (
    BODIES,
    ORIGINALS,
    REJECTED,
    RETITLED,
    SITE_NAMES,
    SOURCES,
    TITLES,
    UNKNOWN_PROVINCE,
    build_sample_db,
    get,
    search_ids,
)  # fmt: skip


@pytest.fixture(scope="module")
def corpus_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_sample_db(tmp_path_factory.mktemp("research") / "corpus.db")


def q(text: str) -> str:
    return urllib.parse.quote(text)


def having(*terms: str, without: tuple[str, ...] = ()) -> set[int]:
    """Documents whose title or body contains every term and none of ``without``."""
    texts = {i: TITLES[i] + "\n" + BODIES[i] for i in BODIES}
    return {i for i, t in texts.items() if all(x in t for x in terms)
            and not any(x in t for x in without)}  # fmt: skip


# -- query language --------------------------------------------------------------
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("双减 OR 师德", having("双减") | having("师德")),
        ("课后服务 -双减", having("课后服务", without=("双减",))),
        ("雙減", having("双减")),  # Traditional finds Simplified
        ('"课后服务"', having("课后服务")),
        ("双减 OR 师德 -专题", (having("双减") | having("师德")) - having("专题")),
    ],
)
def test_query_language(corpus_db: Path, query: str, expected: set[int]) -> None:
    assert expected  # the sample has something to find
    assert search_ids(corpus_db, query) == expected


def test_quoted_phrase_keeps_its_spaces() -> None:
    assert parse_query('"PISA 2023" 双减').terms == ["PISA 2023", "双减"]
    assert parse_query('"PISA 2023"').fts() == '"pisa 2023"'


def test_a_character_between_punctuation_is_matched_as_written(corpus_db: Path) -> None:
    # 一 stands alone in "(一)…" in the text and in the query: its own token in both.
    conn = sqlite3.connect(":memory:")
    register_functions(conn)
    conn.execute("create virtual table f using fts5(body, content='')")
    texts = {1: "(一)加强教师队伍建设", 2: "统一加强管理", 3: "新的一年,我局将", 4: "新的一年,我。",
             5: "新的一年,他局"}  # fmt: skip
    for rowid, text in texts.items():
        conn.execute("insert into f(rowid, body) values (?, bigram_text(?))", [rowid, text])
    for query in ("(一)加强", "新的一年,我", "一年,我局"):
        found = {r[0] for r in conn.execute("select rowid from f where f match fts_query(?)", [query])}
        assert found == {i for i, t in texts.items() if query in t}, query


@pytest.mark.parametrize("query", ["减", "双减 减", "-双减", '"减"', "我,新的"])
def test_unanswerable_queries_raise(query: str) -> None:
    with pytest.raises(QueryError):
        parse_query(query)


def test_every_search_path_counts_the_same(corpus_db: Path) -> None:
    for query in ("双减", "课后服务", "双减 OR 师德", "工作总结 -双减"):
        truth = len(search_ids(corpus_db, query))  # Datasette's table search
        table = get(corpus_db, f"/corpus/documents.json?_search={q(query)}&_size=1").json()
        assert table["filtered_table_rows_count"] == truth, query
        ranked = get(corpus_db, f"/corpus/-/search.json?q={q(query)}").json()
        assert ranked["count"] == truth, query
        canned = get(corpus_db, f"/corpus/search.json?q={q(query)}&_shape=array").json()
        assert len(canned) == truth and all(r["matches"] == truth for r in canned), query
        conn = sqlite3.connect(corpus_db)  # a researcher's own SQL, documented in the README
        register_functions(conn)
        sql = ("select count(*) from documents where id in (select rowid from documents_fts"
               " where documents_fts match fts_query(?))")  # fmt: skip
        assert conn.execute(sql, [query]).fetchone()[0] == truth, query
        conn.close()


# -- ranking -------------------------------------------------------------------------
def test_title_matches_rank_first_and_date_is_one_click_away(corpus_db: Path) -> None:
    rows = get(corpus_db, f"/corpus/-/search.json?q={q('师德 OR 双减')}").json()["rows"]
    assert rows[0]["id"] == 2  # the only one with 师德 in its title
    by_date = get(corpus_db, f"/corpus/-/search.json?q={q('双减')}&sort=date").json()["rows"]
    dates = [r["published"] for r in by_date]
    assert dates == sorted(dates, reverse=True) and len(dates) == len(having("双减"))
    html = get(corpus_db, f"/corpus/-/search?q={q('双减')}").text
    assert f'href="/corpus/-/search?q={q("双减")}&amp;sort=date"' in html


def test_more_hits_rank_higher() -> None:
    conn = sqlite3.connect(":memory:")
    register_functions(conn)
    import sqlite_utils

    from corpus.store import FTS_TABLE, ensure_schema  # the real schema

    db = sqlite_utils.Database(conn)
    ensure_schema(db)
    for i, body in enumerate(["双减" + "其他内容" * 50, "双减双减双减" + "其他内容" * 50], 1):
        db["documents"].insert({"id": i, "title": "总结", "body": body})
        conn.execute(f"insert into {FTS_TABLE}(rowid, title, body) values (?, 'x', ?)",
                     [i, " ".join(body[k:k + 2] for k in range(len(body) - 1))])  # fmt: skip
    assert [r["id"] for r in search(conn, "双减").rows] == [2, 1]


# -- KWIC --------------------------------------------------------------------------
def sentences_with(term: str, doc_id: int) -> list[str]:
    return [s for s in re.findall(r"[^。！？；\n]*[。！？；]?", BODIES[doc_id]) if term in s]


def test_kwic_shows_every_sentence_grouped_by_document(corpus_db: Path) -> None:
    html = get(corpus_db, f"/corpus/-/kwic?q={q('双减')}").text
    for doc_id in having("双减"):
        assert f'href="/corpus/documents/{doc_id}?q={q("双减")}"' in html
        for sentence in sentences_with("双减", doc_id):
            marked = sentence.replace("双减", "<mark>双减</mark>")
            assert f"<li>{marked}</li>" in html
    assert html.count('class="corpus-kwic-doc"') == len(having("双减"))
    assert "江苏省 · 2023 年度 · 工作总结" in html  # province / year / type beside it


def test_kwic_filters_by_the_facets(corpus_db: Path) -> None:
    page = get(corpus_db, f"/corpus/-/kwic.json?q={q('课后服务')}&province=浙江省").json()
    assert {r["id"] for r in page["rows"]} == {i for i in having("课后服务") if i % 2 == 0}
    unknown = get(corpus_db, f"/corpus/-/kwic.json?q={q('服务')}&province=unknown").json()
    assert {r["id"] for r in unknown["rows"]} == having("服务") & {UNKNOWN_PROVINCE}
    html = get(corpus_db, f"/corpus/-/kwic?q={q('课后服务')}").text
    assert f'href="/corpus/-/kwic?q={q("课后服务")}&amp;province={q("浙江省")}"' in html


def test_a_nonsense_filter_is_a_message(corpus_db: Path) -> None:
    response = get(corpus_db, f"/corpus/-/kwic?q={q('双减')}&year=abc")
    assert response.status_code == 400 and "year=abc" in response.text
    csv_response = get(corpus_db, f"/corpus/-/kwic.csv?q={q('双减')}&year=abc")
    assert csv_response.status_code == 400 and "year=abc" in csv_response.text


def test_kwic_csv_has_every_occurrence(corpus_db: Path) -> None:
    response = get(corpus_db, f"/corpus/-/kwic.csv?q={q('双减 OR 师德')}")
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.text)))
    truth = [(i, s) for i in sorted(having("双减") | having("师德"))
             for s in sentences_with("双减", i) + sentences_with("师德", i)]  # fmt: skip
    assert sorted((int(r["document_id"]), r["sentence"]) for r in rows) == sorted(set(truth))
    assert {r["province"] for r in rows} <= {"江苏省", "浙江省", ""}


def test_kwic_pages_through_every_document(corpus_db: Path) -> None:
    conn = sqlite3.connect(corpus_db)
    register_functions(conn)
    seen = [r["id"] for off in (0, 2, 4) for r in kwic(conn, "工作", limit=2, offset=off).rows]
    assert sorted(seen) == sorted(having("工作"))
    conn.close()


# -- reading view -----------------------------------------------------------------------
def test_reading_view_highlights_every_hit(corpus_db: Path) -> None:
    html = get(corpus_db, f"/corpus/documents/3?q={q('双减 OR 办学')}").text
    hits = re.findall(r'<mark class="corpus-hit" id="hit-(\d+)">([^<]+)</mark>', html)
    expected = BODIES[3].count("双减") + BODIES[3].count("办学")
    assert [int(n) for n, _ in hits] == list(range(1, expected + 1))
    assert f"共 <strong>{expected}</strong> 处" in html
    assert 'data-hit-step="1"' in html and 'data-hit-step="-1"' in html


def test_reading_view_says_why_a_lone_character_is_not_highlighted(corpus_db: Path) -> None:
    html = get(corpus_db, f"/corpus/documents/3?q={q('减')}").text
    assert 'class="corpus-problem"' in html and '<mark class="corpus-hit"' not in html


def test_reading_view_cites_and_shows_the_original(corpus_db: Path) -> None:
    html = get(corpus_db, "/corpus/documents/4").text
    cite = re.search(r'<span class="corpus-cite">([^<]+)</span>', html).group(1)
    assert cite == (f"某某区教育局. {TITLES[4]}[EB/OL]. {SITE_NAMES['fanwen']}, "
                    f"(2025-01-14)[2024-05-01]. {SOURCES[4][0]}.")  # fmt: skip
    assert 'class="corpus-body corpus-original" lang="zh-Hant"' in html
    assert f"<p>{ORIGINALS[4]}</p>" in html
    assert "corpus-original" not in get(corpus_db, "/corpus/documents/3").text


def test_sources_show_their_own_headline(corpus_db: Path) -> None:
    html = get(corpus_db, "/corpus/documents/1").text
    (url, retitled), = RETITLED.items()
    assert re.search(rf'<td class="headline">{re.escape(retitled)}</td>\s*<td class="url">'
                     rf'<a href="{re.escape(url)}"', html)  # fmt: skip


# -- overview and labels ---------------------------------------------------------------
def test_overview_counts_link_to_the_filtered_table(corpus_db: Path) -> None:
    html = get(corpus_db, "/corpus").text
    assert html.count('<svg class="corpus-chart"') == 2
    links = re.findall(r'<a href="(/corpus/documents\?[^"]+)"><title>([^<]+): (\d+)</title>', html)
    listed = re.findall(r'<tr><td>([^<]+)</td><td><a href="(/corpus/documents\?[^"]+)">(\d+)</a>', html)
    assert len(links) == 4 + 3 and len(listed) == 2 + 3  # years, provinces; types, sites
    links += [(href, label, count) for label, href, count in listed]
    for href, label, count in links:  # every bar's count is what its link shows
        url = href.replace("&amp;", "&").replace("/documents?", "/documents.json?")
        shown = get(corpus_db, url + "&_size=1").json()["filtered_table_rows_count"]
        assert shown == int(count), (label, href)
    labels = [label for _, label, _ in links]
    assert labels.count("不详") == 2  # the unknown year and the unknown province
    years = [int(x) for x in labels[:4] if x.isdigit()]
    assert years == sorted(years)
    for key in ("doc_type", "site"):
        assert f'data-facet="{key}"' in html
    assert SITE_NAMES["gongwen"] in html


def test_facets_and_columns_in_chinese(corpus_db: Path) -> None:
    html = get(corpus_db, "/corpus/documents").text
    for label in ("来源网站", "文种", "省份", "报告年度", "质量标记"):
        assert f'">{label}' in html or f">{label}\n" in html, label
    assert SITE_NAMES["fanwen"] in html and "含占位符" in html
    grid = get(corpus_db, "/corpus/pages?_view=table").text
    assert ">处理结果<" in grid.replace(" ", "").replace("\n", "") and "已拒收" in grid


# -- canned queries ----------------------------------------------------------------------
def test_canned_search_links_and_highlights(corpus_db: Path) -> None:
    html = get(corpus_db, f"/corpus/search?q={q('双减')}").text
    for doc_id in having("双减"):
        assert f'href="/corpus/documents/{doc_id}?q={q("双减")}"' in html
    assert "<mark>双减</mark>" in html
    everything = get(corpus_db, "/corpus/search.json?q=&_shape=array").json()
    assert len(everything) == len(BODIES)


@pytest.fixture
def archived_db(corpus_db: Path, tmp_path: Path) -> Path:
    """The sample with a crawl whose WARC archive holds the rejected pages."""
    db = tmp_path / "corpus.db"
    shutil.copy(corpus_db, db)
    warc = tmp_path / "archive" / "sites-1.warc.gz"
    warc.parent.mkdir()
    with warc.open("wb") as out:
        writer = WARCWriter(out, gzip=True)
        for url in REJECTED:
            body = f"<html><body><h1>原始页面 {url}</h1><script>alert(1)</script></body></html>"
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")],
                                       protocol="HTTP/1.1")  # fmt: skip
            writer.write_record(writer.create_warc_record(
                url, "response", payload=io.BytesIO(body.encode()), http_headers=headers))
    with sqlite3.connect(db) as conn:
        conn.execute("insert into crawls(id, spider, stats) values (1, 'sites', ?)",
                     [json.dumps({"archive/path": "archive/sites-1.warc.gz"})])  # fmt: skip
    return db


def test_rejected_pages_can_be_audited(archived_db: Path) -> None:
    rows = get(archived_db, "/corpus/rejected_pages.json?_shape=array").json()
    assert sorted((r["url"], r["reason"]) for r in rows) == sorted(REJECTED.items())
    assert all(r["headline"].startswith("被拒页面") for r in rows)
    html = get(archived_db, "/corpus/rejected_pages").text
    url = next(iter(REJECTED))
    link = "/corpus/-/archived?" + urllib.parse.urlencode({"url": url})
    assert f'<a href="{link}">存档响应</a>' in html
    archived = get(archived_db, link)
    assert archived.status_code == 200 and f"原始页面 {url}" in archived.text
    assert "sandbox" in archived.headers["content-security-policy"]  # its script cannot run
    missing = get(archived_db, "/corpus/-/archived?url=" + q(SOURCES[2][0]))
    assert missing.status_code == 404 and "is not in" in missing.text


def test_ranking_is_the_same_with_and_without_filters(corpus_db: Path) -> None:
    # Unfiltered pages are ranked in the index alone, filtered ones through documents.
    conn = sqlite3.connect(corpus_db)
    register_functions(conn)
    query = "工作 OR 双减 OR 服务"
    everything = [r["id"] for r in search(conn, query, limit=10).rows]
    for province in ("江苏省", "浙江省"):
        narrowed = [r["id"] for r in search(conn, query, {"province": province}, limit=10).rows]
        in_province = {i for i in BODIES if (i % 2 == 1) == (province == "江苏省")} - {UNKNOWN_PROVINCE}
        assert narrowed == [i for i in everything if i in in_province], province
    conn.close()
