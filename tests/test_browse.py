"""The browse layer: Datasette with the corpus metadata, plugins and templates.

A small real corpus database is built in a temporary directory and queried
through Datasette's own in-process client, and once through a real
``python -m corpus browse`` server.
"""

from __future__ import annotations

import asyncio
import json
import re
import shutil
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Coroutine, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

import pytest
import sqlite_utils
import yaml
from datasette.app import Datasette
from datasette.utils import escape_fts as stock_escape_fts
from datasette.utils import tilde_encode

from cleaning.document import Document
from corpus.cli import BrowseError, browse_settings, datasette_args, main
from corpus.search import bigram_text, fts_query, snippet
from corpus.store import document_row as store_document_row
from corpus.store import ensure_schema

REPO = Path(__file__).resolve().parents[1]
BROWSE = REPO / "browse"
T = TypeVar("T")

BODIES = {
    1: "今年我局全面落实双减政策，减轻学生作业负担。\n课后服务实现义务教育学校全覆盖，家长满意度明显提升。",
    2: "加强师德师风建设，开展师德专题教育。\n全年评选优秀教师一百名。",
    3: "双减工作扎实推进，校外培训机构压减百分之八十。\n下一步将继续规范办学行为。",
    4: "全面推进课后服务提质增效，开设兴趣课程三百余门。",
    5: "推行双向交流机制，减负增效成效明显。",  # 双 and 减 apart: not 双减
    6: "规范课后作业管理，提升政务服务水平。",  # 课后 and 服务 apart: not 课后服务
}
TITLES = {
    1: "某某区教育局2023年工作总结",
    2: "某某县教育局2022年师德建设工作总结",
    3: "某某市教育局2023年上半年工作总结",
    4: "某某区教育局2024年工作计划",
    5: "某某县教育局2021年工作总结",
    6: "某某镇中心校2023年工作总结",
}
# Document 1 is one text found on three URLs, in two versions.
SOURCES = {
    1: ["https://a.example.cn/zj/1.html", "https://b.example.cn/wk/77.html", "https://c.example.cn/doc/9"],
    2: ["https://a.example.cn/zj/2.html"],
    3: ["https://b.example.cn/wk/78.html"],
    4: ["https://a.example.cn/jh/4.html"],
    5: ["https://c.example.cn/doc/5"],
    6: ["https://c.example.cn/doc/6"],
}  # fmt: skip
REJECTED = {
    "https://a.example.cn/zj/99.html": "not_topic",
    "https://a.example.cn/zj/98.html": "too_short",
    "https://b.example.cn/wk/97.html": "not_topic",
}


FETCHED = "2024-05-01T00:00:00+00:00"


def build_sample_db(path: Path) -> Path:
    """A six-document corpus with pages, variants and the bigram index, in the
    schema of corpus.store (its document_row turns fields into a row)."""
    def document_row(fields: dict) -> dict:
        return store_document_row(Document(**fields), FETCHED)

    db = sqlite_utils.Database(path)
    ensure_schema(db)
    for doc_id, body in BODIES.items():
        _add_document(db, document_row, doc_id, TITLES[doc_id], body)
    for n, (url, reason) in enumerate(REJECTED.items()):
        _add_page(db, url, outcome="rejected", reason=reason, fetched_at=FETCHED,
                  title=f"被拒页面{n}", crawl_id=1)  # fmt: skip
    db.conn.commit()
    db.close()
    return path


SITES = {"a.example.cn": "fanwen", "b.example.cn": "wenku", "c.example.cn": "gongwen"}
SITE_NAMES = {"fanwen": "启航范文网", "wenku": "书山文库", "gongwen": "笔墨公文网"}
# Document 4 was published in Traditional characters.
ORIGINALS = {4: "全面推進課後服務提質增效，開設興趣課程三百餘門。"}
# Document 1's second source retitled the 2023 summary as 2024.
RETITLED = {SOURCES[1][1]: "【精选】某某区教育局2024年工作总结"}
UNKNOWN_YEAR, UNKNOWN_PROVINCE = 5, 6


def _add_page(db: sqlite_utils.Database, url: str, **fields) -> str:
    """One fetched article page; returns its site (from the URL's host)."""
    site = SITES[urllib.parse.urlsplit(url).hostname]
    db["pages"].insert({"url": url, "site": site, "kind": "article", "status": 200, **fields},
                       alter=True)  # fmt: skip
    return site


def _document_fields(doc_id: int, title: str, body: str) -> dict:
    urls = SOURCES[doc_id]
    year = int(re.search(r"20\d\d", title).group())
    return {
        "title": title, "body": body, "title_raw": f"【精选】{title}.docx",
        "published": f"{year + 1}-01-{10 + doc_id}", "site": SITES[urllib.parse.urlsplit(urls[0]).hostname],
        "url": urls[0], "content_hash": f"h{doc_id}a", "flags": ["placeholders"] if doc_id == 2 else [],
        "province": None if doc_id == UNKNOWN_PROVINCE else "江苏省" if doc_id % 2 else "浙江省",
        "level": "县", "admin_code": "320509" if doc_id % 2 else None,
        "years_reported": [] if doc_id == UNKNOWN_YEAR else [year], "period": "全年",
        "doc_type": "工作计划" if "计划" in title else "工作总结", "issuer": "某某区教育局",
        "body_original": ORIGINALS.get(doc_id), "traditional_source": doc_id in ORIGINALS,
    }  # fmt: skip


def _add_document(
    db: sqlite_utils.Database, document_row, doc_id: int, title: str, body: str
) -> None:
    urls = SOURCES[doc_id]
    row = document_row(_document_fields(doc_id, title, body))
    row.update(id=doc_id, variant_count=2 if doc_id == 1 else 1, source_count=len(urls))
    db["documents"].insert(row)
    db.execute(
        "insert into documents_fts(rowid, title, body) values (?, ?, ?)",
        [doc_id, bigram_text(title), bigram_text(body)],
    )
    for n, url in enumerate(urls):
        variant = f"h{doc_id}a" if n == 0 or doc_id != 1 else f"h{doc_id}b"
        site = _add_page(
            db, url, document_id=doc_id, variant_id=variant, title=title,
            headline=RETITLED.get(url, f"【精选】{title}.docx"),
            outcome="stored" if n == 0 else "near_duplicate",
            fetched_at=f"2024-05-0{n + 1}T00:00:00+00:00",
        )  # fmt: skip
        db["variants"].insert(
            {
                "id": variant,
                "document_id": doc_id,
                "title": title,
                "site": site,
                "url": url,
                "char_count": len(body),
                "is_canonical": int(n == 0),
                "first_seen": "2024-05-01",
                "document_json": "{}",
            },  # fmt: skip
            ignore=True,
        )


@pytest.fixture(scope="module")
def corpus_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_sample_db(tmp_path_factory.mktemp("corpus") / "corpus.db")


def datasette_for(path: Path) -> Datasette:
    metadata = yaml.safe_load((BROWSE / "metadata.yml").read_text(encoding="utf-8"))
    databases = metadata["databases"]
    databases[path.stem] = databases.pop("corpus")
    return Datasette(
        [str(path)],
        immutables=[],
        metadata=metadata,
        plugins_dir=str(BROWSE / "plugins"),
        template_dir=str(BROWSE / "templates"),
        settings=browse_settings(),
    )


def run_async(coro: Coroutine[Any, Any, T]) -> T:
    """asyncio.run in a fresh thread: under pytest-twisted's asyncio reactor
    this thread already has a running loop, where asyncio.run would refuse."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coro).result()


def get(path: Path, url: str):
    """GET through Datasette's in-process client (no server, no network)."""

    async def fetch():
        ds = datasette_for(path)
        await ds.invoke_startup()
        return await ds.client.get(url)

    return run_async(fetch())


def search_ids(path: Path, query: str) -> set[int]:
    q = urllib.parse.quote(query)
    response = get(path, f"/{path.stem}/documents.json?_search={q}&_shape=array&_size=max")
    assert response.status_code == 200, response.text
    return {row["id"] for row in response.json()}


# -- search -------------------------------------------------------------------
def test_fts_query_rewrites_terms_to_bigram_phrases() -> None:
    assert fts_query("双减 课后服务") == '"双减" AND "课后 后服 服务"'
    assert fts_query("PISA 2023") == '"pisa" AND "2023"'
    assert fts_query('"; drop table') == '"drop table"'


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("双减", {1, 3}),  # not 5, which has 双 and 减 apart
        ("师德", {2}),
        ("课后服务", {1, 4}),  # not 6, which has 课后 and 服务 apart
        ("双减 课后服务", {1}),  # every term must occur
        ("双减  师德", set()),
        ("上半年", {3}),  # a title term
        ("工作计划", {4}),
        ("不存在的词", set()),
    ],
)
def test_search_finds_exactly_the_documents_with_every_term(
    corpus_db: Path, query: str, expected: set[int]
) -> None:
    assert search_ids(corpus_db, query) == expected


def test_search_agrees_with_substring_truth(corpus_db: Path) -> None:
    for term in ("双减", "课后服务", "师德", "教育", "服务", "工作总结", "减负"):
        truth = {i for i in BODIES if term in BODIES[i] or term in TITLES[i]}
        assert search_ids(corpus_db, term) == truth, term


def test_lone_character_is_refused_with_a_message(corpus_db: Path) -> None:
    # The index holds 减 only inside bigrams: a prefix query would miss it at the
    # end of a clause, so the search says so instead of half-matching.
    response = get(corpus_db, "/corpus/documents.json?_search=%E5%87%8F")
    assert response.status_code == 400
    assert "单个汉字「减」" in response.json()["error"]
    html = get(corpus_db, "/corpus/documents?_search=%E5%87%8F").text
    assert 'class="corpus-problem"' in html and "单个汉字「减」" in html


def test_emptied_search_box_shows_everything(corpus_db: Path) -> None:
    response = get(corpus_db, "/corpus/documents?_search=&province=%E6%B1%9F%E8%8B%8F%E7%9C%81")
    assert response.status_code == 302
    assert response.headers["location"] == "/corpus/documents?province=%E6%B1%9F%E8%8B%8F%E7%9C%81"


def test_stock_escape_fts_misses_chinese(corpus_db: Path) -> None:
    # The control: Datasette's own escape_fts sends 课后服务 as one token, which
    # the bigram index does not have. If this ever finds something, the
    # plugin is moot. (Plain SQL: plugins_dir plugins register process-wide.)
    conn = sqlite3.connect(corpus_db)
    sql = "select rowid from documents_fts where documents_fts match ?"
    assert conn.execute(sql, [stock_escape_fts("课后服务")]).fetchall() == []
    assert {r[0] for r in conn.execute(sql, [fts_query("课后服务")])} == {1, 4}
    conn.close()


def test_table_page_shows_search_box_and_cards(corpus_db: Path) -> None:
    response = get(corpus_db, "/corpus/documents?_search=%E5%8F%8C%E5%87%8F")
    html = response.text
    assert response.status_code == 200
    assert 'name="_search"' in html
    assert html.count('class="corpus-card"') == 2
    assert "<mark>双减</mark>" in html
    assert 'href="/corpus/documents/1?q=%E5%8F%8C%E5%87%8F"' in html  # the query goes along
    assert '<table class="rows-and-columns">' not in html  # no grid dumping bodies
    assert 'class="corpus-ranked" href="/corpus/-/search?q=%E5%8F%8C%E5%87%8F"' in html
    assert "启航范文网" in html  # the site's display name, not its id


def test_grid_view_is_one_click_away(corpus_db: Path) -> None:
    html = get(corpus_db, "/corpus/documents?_view=table").text
    assert '<table class="rows-and-columns">' in html and 'class="corpus-card"' not in html


def test_facets_from_metadata(corpus_db: Path) -> None:
    data = get(corpus_db, "/corpus/documents.json?_extra=facet_results").json()
    facets = data["facet_results"]
    for name in ("site", "doc_type", "period", "province", "level", "years_reported"):
        assert name in facets, name
    years = [(r["value"], r["count"]) for r in facets["years_reported"]["results"]]
    # In year order (newest first), then the documents that name no year.
    assert years == [("2024", 1), ("2023", 3), ("2022", 1), ("unknown", 1)]
    pages = get(corpus_db, "/corpus/pages.json?outcome=rejected").json()
    reasons = {r["value"]: r["count"] for r in pages["facet_results"]["reason"]["results"]}
    assert reasons == {"not_topic": 2, "too_short": 1}


def test_clicking_a_year_facet_finds_its_documents(corpus_db: Path) -> None:
    data = get(corpus_db, "/corpus/documents.json?_extra=facet_results").json()
    links = {r["value"]: r["toggle_url"] for r in data["facet_results"]["years_reported"]["results"]}
    for year, expected in (("2023", {1, 3, 6}), ("unknown", {UNKNOWN_YEAR})):
        link = urllib.parse.urlsplit(links[year])
        assert link.path == "/corpus/documents.json"
        url = f"{link.path}?{link.query}&_shape=array"
        assert {r["id"] for r in get(corpus_db, url).json()} == expected


def test_years_are_numbers_in_the_database(corpus_db: Path) -> None:
    conn = sqlite3.connect(corpus_db)
    sql = "select d.id from documents d, json_each(d.years_reported) j where j.value > 2022"
    assert {r[0] for r in conn.execute(sql)} == {1, 3, 4, 6}
    conn.close()


def test_every_column_is_described(corpus_db: Path) -> None:
    tables = yaml.safe_load((BROWSE / "metadata.yml").read_text(encoding="utf-8"))
    tables = tables["databases"]["corpus"]["tables"]
    db = sqlite_utils.Database(corpus_db)
    for name in ("documents", "variants", "pages", "crawls"):
        assert set(db[name].columns_dict) == set(tables[name]["columns"]), name


def test_documents_sorted_newest_first(corpus_db: Path) -> None:
    rows = get(corpus_db, "/corpus/documents.json?_shape=array").json()
    dates = [r["published"] for r in rows]
    assert dates == sorted(dates, reverse=True)


# -- document page -------------------------------------------------------------
def test_document_page_reads_the_text_and_lists_the_cluster(corpus_db: Path) -> None:
    response = get(corpus_db, "/corpus/documents/1")
    html = response.text
    assert response.status_code == 200
    assert "<h1>某某区教育局2023年工作总结</h1>" in html
    for paragraph in BODIES[1].split("\n"):
        assert f"<p>{paragraph}</p>" in html
    for url in SOURCES[1]:
        assert f'<a href="{url}" rel="nofollow noreferrer">{url}</a>' in html
    assert html.count("<tr>") - html.count("<thead><tr>") == 2 + 3  # 2 variants, 3 sources
    assert "/corpus/variants/h1b" in html


def test_only_web_urls_become_links(corpus_db: Path, tmp_path: Path) -> None:
    hostile = tmp_path / "corpus.db"
    shutil.copy(corpus_db, hostile)
    with sqlite3.connect(hostile) as conn:
        conn.execute("update pages set url = 'javascript:alert(1)' where url = ?", [SOURCES[2][0]])
    html = get(hostile, "/corpus/documents/2").text
    assert "javascript:alert(1)" in html and 'href="javascript:' not in html


def test_document_page_works_for_any_database_name(corpus_db: Path, tmp_path: Path) -> None:
    other = tmp_path / "archive-2025.db"
    shutil.copy(corpus_db, other)
    html = get(other, "/archive-2025/documents/2").text
    assert "<h1>某某县教育局2022年师德建设工作总结</h1>" in html
    assert "placeholders" in html and SOURCES[2][0] in html
    assert search_ids(other, "师德") == {2}


def test_other_tables_keep_datasette_pages(corpus_db: Path) -> None:
    html = get(corpus_db, "/corpus/crawls").text
    assert "corpus-card" not in html
    page = get(corpus_db, f"/corpus/pages/{tilde_encode(SOURCES[2][0])}")
    assert page.status_code == 200 and "corpus-doc" not in page.text


# -- canned queries -------------------------------------------------------------
def test_canned_search_query(corpus_db: Path) -> None:
    rows = get(corpus_db, "/corpus/search.json?q=%E5%8F%8C%E5%87%8F&_shape=array").json()
    assert {r["id"] for r in rows} == {1, 3}
    assert all("【双减】" in r["snippet"] for r in rows)


def test_canned_reports(corpus_db: Path) -> None:
    reasons = get(corpus_db, "/corpus/rejected_pages_by_reason.json?_shape=array").json()
    assert [(r["reason"], r["pages"]) for r in reasons] == [("not_topic", 2), ("too_short", 1)]
    several = get(corpus_db, "/corpus/documents_with_several_sources.json?_shape=array").json()
    assert [(r["id"], r["source_count"]) for r in several] == [(1, 3)]
    for name in ("pages_by_site_and_outcome", "crawl_runs"):
        assert get(corpus_db, f"/corpus/{name}.json").status_code == 200


def test_snippet_highlights_the_first_match() -> None:
    text = "开头" * 100 + "落实双减政策" + "结尾" * 100
    parts = snippet(text, "双减", width=40)
    assert ("双减", True) in parts and parts[0] == ("…", False) and parts[-1] == ("…", False)


# -- the command ----------------------------------------------------------------
def test_browse_command_runs_datasette_read_only(corpus_db: Path) -> None:
    args = datasette_args(corpus_db, port=8123)
    assert args[:3] == ["serve", "-i", str(corpus_db)]
    assert args[args.index("suggest_facets") - 1 :][:3] == ["--setting", "suggest_facets", "off"]
    assert args[args.index("--host") + 1] == "127.0.0.1"
    assert "-i" not in datasette_args(corpus_db, live=True)


def test_browse_names_the_missing_database(tmp_path: Path, capsys) -> None:
    missing = tmp_path / "nowhere" / "corpus.db"
    assert main(["browse", "--db", str(missing)]) == 2
    assert f"{missing} not found: run `make crawl` first" in capsys.readouterr().err
    with pytest.raises(BrowseError):
        datasette_args(missing)


def test_browse_refuses_non_loopback_host(corpus_db: Path) -> None:
    with pytest.raises(BrowseError, match="loopback"):
        datasette_args(corpus_db, host="0.0.0.0")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def browse_server(db: Path) -> Iterator[str]:
    """A real `python -m corpus browse` of ``db`` on a free loopback port; its base URL."""
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "corpus", "browse", "--db", str(db), "--port", str(port)],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(base + "/-/versions.json", process)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=30)


@pytest.fixture(scope="module")
def server(corpus_db: Path):
    with browse_server(corpus_db) as base:
        yield base


def _wait_until_up(url: str, process: subprocess.Popen) -> None:
    for _ in range(200):  # bounded retries, not a timing assertion
        if process.poll() is not None:
            pytest.fail(f"server exited: {process.stdout.read().decode(errors='replace')}")
        try:
            urllib.request.urlopen(url, timeout=5).close()
            return
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.1)
    pytest.fail(f"server never answered {url}")


def test_real_server_serves_the_document_page(server: str) -> None:
    with urllib.request.urlopen(server + "/corpus/documents/1", timeout=10) as response:
        html = response.read().decode("utf-8")
    assert response.status == 200
    assert "课后服务实现义务教育学校全覆盖" in html and SOURCES[1][2] in html
    query = urllib.parse.quote("双减 课后服务")
    with urllib.request.urlopen(
        f"{server}/corpus/documents.json?_search={query}&_shape=array"
    ) as r:
        assert [row["id"] for row in json.load(r)] == [1]
