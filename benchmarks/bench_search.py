"""Search latency at scale: Datasette's JSON search and the KWIC view on a large corpus.

Builds (once, cached under benchmarks/out/) a corpus of --n documents of about
2,500 characters through the project's own schema (corpus.store: ensure_schema,
document_row and the bigram index), opens it the way ``make browse`` does
(immutable, browse/ metadata, plugins and settings) and times requests through
Datasette's in-process client:

    2-char      /corpus/documents.json?_search=双减       (table search, count and facets)
    4-char      /corpus/documents.json?_search=课后服务
    multi-term  /corpus/documents.json?_search=双减 OR 减负 课后服务 -师德 …
    KWIC        /corpus/-/kwic.json?q=…                  (20 documents' sentences, facets)

and prints one line per kind: ``2-char median=12.3 ms p95=40.1 ms``, after
the first (cold-cache) request of the run.

    python benchmarks/bench_search.py            # 100,000 documents (~6 min to build once)
    python benchmarks/bench_search.py --n 5000   # a quick look
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import sys
import time
import urllib.parse
from pathlib import Path

import sqlite_utils
import yaml

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from cleaning.document import Document  # noqa: E402
from corpus.cli import BROWSE, browse_settings  # noqa: E402
from corpus.search import bigram_text  # noqa: E402
from corpus.store import FTS_TABLE, document_row, ensure_schema  # noqa: E402

OUT = REPO / "benchmarks" / "out"
QUERIES = {
    "2-char": ["双减", "师德", "课程", "安全", "督导", "托育"],
    "4-char": ["课后服务", "教师队伍", "立德树人", "校园安全", "集团办学", "职业教育"],
    "multi-term": ["双减 课后服务", "师德 OR 师风", "教育 -双减", "课后服务 -托育 校园安全",
                   '"教师队伍" 督导', "双减 OR 减负 课后服务 -师德"],
    "KWIC": ["双减", "课后服务", "师德 OR 师风", "托育", "集团办学 督导", "校园安全"],
}  # fmt: skip
# Phrases and how often a sentence uses one: a few everywhere, most rare.
COMMON = ["教育", "工作", "学校", "全面", "推进", "加强", "落实", "提升", "开展", "建设"]
TOPICS = ["双减", "课后服务", "师德", "师风", "教师队伍", "立德树人", "校园安全", "减负",
          "课程", "督导", "集团办学", "职业教育", "托育", "安全", "学前教育", "义务教育",
          "思政课", "劳动教育", "体育美育", "智慧教育", "教育公平", "控辍保学"]  # fmt: skip
FILLER = "的一是在了和有我局为年度全市区县推动落实机制体系质量水平显著稳步不断持续深化完善规范"
PROVINCES = ["甘肃省", "河南省", "四川省", "江苏省", "浙江省", "山东省", None]
TYPES = ["工作总结", "工作计划", "工作要点", "工作汇报", "述职报告"]
SITES = ["fanwen", "gongwen", "wenku", "gov", "tw"]


def sentence(rng: random.Random, topic: str | None) -> str:
    words = [rng.choice(COMMON) for _ in range(3)] + ([topic] if topic else [])
    words += ["".join(rng.choices(FILLER, k=rng.randint(2, 6))) for _ in range(6)]
    rng.shuffle(words)
    return "".join(words) + rng.choice("。。。；！")


def pools(rng: random.Random) -> dict[str | None, list[str]]:
    """Sentences about each topic, and sentences about none."""
    return {t: [sentence(rng, t) for _ in range(300)] for t in [None, *TOPICS]}


def document(rng: random.Random, i: int, pool: dict[str | None, list[str]]) -> Document:
    # Each text is about a few topics, common ones more often (Zipf-like weights),
    # so a term is in anything from most documents to a few per cent of them.
    topics = rng.choices(TOPICS, weights=[1 / (k + 1) for k in range(len(TOPICS))], k=3)
    paragraphs = []
    while sum(map(len, paragraphs)) < 2450:
        picks = [rng.choice(pool[rng.choice(topics) if rng.random() < 0.3 else None])
                 for _ in range(rng.randint(3, 6))]  # fmt: skip
        paragraphs.append("".join(picks))
    year = rng.randint(2015, 2025)
    return Document(
        title=f"某某县教育局{year}年{topics[0]}{rng.choice(TYPES)}",
        body="\n".join(paragraphs), site=rng.choice(SITES), url=f"https://example.cn/{i}.html",
        published=f"{year + 1}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}",
        content_hash=f"{i:016x}", province=rng.choice(PROVINCES), doc_type=rng.choice(TYPES),
        years_reported=[year] if rng.random() > 0.1 else [], period="全年", level="县",
    )  # fmt: skip


def build(path: Path, n: int, seed: int = 0) -> None:
    """Insert n documents as corpus.store does (document_row + the bigram index)."""
    rng = random.Random(seed)
    pool = pools(rng)
    part = path.with_name(path.name + ".part")
    part.unlink(missing_ok=True)
    db = sqlite_utils.Database(part)
    ensure_schema(db)
    conn = db.conn
    conn.execute("pragma synchronous = off")  # a throwaway file: no need to survive a crash
    started = time.perf_counter()
    insert = None
    for i in range(1, n + 1):
        row = {**document_row(document(rng, i, pool), "2026-01-01T00:00:00+00:00"), "id": i}
        if insert is None:
            names = ", ".join(row)
            insert = f"insert into documents ({names}) values ({', '.join('?' * len(row))})"
        conn.execute(insert, list(row.values()))
        conn.execute(f"insert into {FTS_TABLE}(rowid, title, body) values (?, ?, ?)",
                     [i, bigram_text(row["title"]), bigram_text(row["body"])])  # fmt: skip
        if i % 10000 == 0:
            conn.commit()
            print(f"  built {i} documents in {time.perf_counter() - started:.0f} s",
                  file=sys.stderr)  # fmt: skip
    conn.commit()
    conn.execute(f"insert into {FTS_TABLE}({FTS_TABLE}) values ('optimize')")
    conn.commit()
    db.close()
    part.replace(path)


def datasette_for(path: Path):
    from datasette.app import Datasette

    metadata = yaml.safe_load((BROWSE / "metadata.yml").read_text(encoding="utf-8"))
    metadata["databases"] = {path.stem: metadata["databases"]["corpus"]}
    return Datasette(
        [], immutables=[str(path)], metadata=metadata, plugins_dir=str(BROWSE / "plugins"),
        template_dir=str(BROWSE / "templates"), settings=browse_settings(),
    )  # fmt: skip


def url_for(kind: str, db: str, query: str) -> str:
    if kind == "KWIC":
        return f"/{db}/-/kwic.json?q={urllib.parse.quote(query)}"
    return f"/{db}/documents.json?_search={urllib.parse.quote(query)}"


async def measure(path: Path, rounds: int) -> None:
    ds = datasette_for(path)
    await ds.invoke_startup()
    first = f"/{path.stem}/documents.json?_search={urllib.parse.quote('督导')}"
    started = time.perf_counter()
    response = await ds.client.get(first)
    print(f"cold first query {(time.perf_counter() - started) * 1000:.1f} ms "
          f"({response.json()['filtered_table_rows_count']} documents)")  # fmt: skip
    for kind, queries in QUERIES.items():
        timings, matches = [], []
        for _ in range(rounds):
            for query in queries:
                url = url_for(kind, path.stem, query)
                started = time.perf_counter()
                response = await ds.client.get(url)
                timings.append((time.perf_counter() - started) * 1000)
                assert response.status_code == 200, (url, response.text[:300])
                data = response.json()
                matches.append(data.get("count", data.get("filtered_table_rows_count")))
        p95 = statistics.quantiles(timings, n=20)[-1]
        print(f"{kind} median={statistics.median(timings):.1f} ms p95={p95:.1f} ms "
              f"(documents matched: {min(matches)}–{max(matches)}, median {statistics.median(matches):.0f})")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=100_000, help="documents (default 100000)")
    parser.add_argument("--rounds", type=int, default=5, help="times each query runs")
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / f"search-{args.n}.db"
    if not path.is_file():
        print(f"building {path} ({args.n} documents)", file=sys.stderr)
        build(path, args.n)
    size = path.stat().st_size / 1e6
    print(f"corpus: {args.n} documents, {size:.0f} MB ({path})")
    asyncio.run(measure(path, args.rounds))


if __name__ == "__main__":
    main()
