"""Command line for the corpus: ``python -m corpus browse``, ``export``, ``card``, ``reclean``, ``ingest``."""

from __future__ import annotations

import argparse
import atexit
import json
import os
import sys
import tempfile
from collections.abc import Sequence
from datetime import date
from pathlib import Path

import yaml

from cleaning.topic import MIN_BODY_CHARS
from corpus.export import FORMATS, ExportError, export
from corpus.queue import FrontierError

REPO = Path(__file__).resolve().parents[1]
BROWSE = REPO / "browse"
METADATA = BROWSE / "metadata.yml"
METADATA_DB_NAME = "corpus"  # the key under `databases:` in browse/metadata.yml
LOOPBACK = ("127.0.0.1", "localhost", "::1")
# Datasette's settings (its config-directory file name). Facet suggestions are off:
# they scan every column, body included; grid cells show 300 characters of a body.
SETTINGS = BROWSE / "settings.json"


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        return args.run(args)
    except (ExportError, BrowseError, FrontierError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m corpus", description="Browse or export the corpus database."
    )
    commands = parser.add_subparsers(required=True, metavar="command")

    browse = commands.add_parser("browse", help="browse corpus.db in Datasette (read-only)")
    browse.add_argument("--db", default="corpus.db", help="database file (default corpus.db)")
    browse.add_argument("--host", default="127.0.0.1", help="loopback address to listen on")
    browse.add_argument("--port", type=int, default=8001, help="port (default 8001; 0 = any)")
    browse.add_argument(
        "--live", action="store_true",
        help="follow a database that a crawl is still writing (read-only, not immutable)",
    )  # fmt: skip
    browse.set_defaults(run=run_browse)

    exp = commands.add_parser("export", help="write one record per document")
    exp.add_argument("--db", default="corpus.db", help="database file (default corpus.db)")
    exp.add_argument("--format", choices=FORMATS, default="jsonl", help="default jsonl")
    exp.add_argument("--out", required=True, help="output file, or - for stdout")
    exp.add_argument(
        "--where", help="SQL condition on documents (alias d), e.g. \"d.province = '江苏省'\""
    )
    exp.add_argument(
        "--bom", action="store_true", help="start text output with a UTF-8 BOM (Excel)"
    )
    exp.add_argument("--province", help="only this province (e.g. 甘肃省)")
    exp.add_argument("--year", type=int, help="only documents reporting on this year")
    exp.add_argument("--type", dest="doc_type", help="only this document type (e.g. 工作总结)")
    exp.add_argument("--since", type=_iso_date, help="only documents published on or after YYYY-MM-DD")
    exp.add_argument("--min-chars", type=int, help="only bodies of at least this many characters")
    exp.set_defaults(run=run_export)

    card = commands.add_parser("card", help="write a dataset card (Markdown) from the database")
    card.add_argument("--db", default="corpus.db", help="database file (default corpus.db)")
    card.add_argument("--out", default="-", help="output file (default - for stdout)")
    card.set_defaults(run=run_card)

    again = commands.add_parser("reclean", help="clean archived raw responses (WARC) into a db")
    again.add_argument("archives", nargs="+", type=Path, help="WARC files written by crawls")
    again.add_argument("--db", default="corpus.db", help="database file (default corpus.db)")
    again.add_argument(
        "--min-chars", type=int, default=MIN_BODY_CHARS, help="shorter bodies are rejected"
    )
    again.set_defaults(run=run_reclean)

    refp = commands.add_parser(
        "refingerprint", help="recompute near-duplicate fingerprints with today's parameters"
    )
    refp.add_argument("--db", default="corpus.db", help="database file (default corpus.db)")
    refp.set_defaults(run=run_refingerprint)

    ing = commands.add_parser(
        "ingest", help="store the pages that distributed crawl workers push to Redis"
    )
    ing.add_argument("--from", dest="source", required=True, metavar="redis://HOST:PORT/DB",
                     help="the workers' FRONTIER")  # fmt: skip
    ing.add_argument("--db", default="corpus.db", help="database file (default corpus.db)")
    ing.add_argument("--prefix", default="sites", help="the workers' FRONTIER_PREFIX (default sites)")
    ing.add_argument("--retry-seconds", type=float, default=60.0,
                     help="how long a lost Redis is waited for (default 60)")  # fmt: skip
    ing.set_defaults(run=run_ingest)
    return parser


class BrowseError(Exception):
    """A problem the user can fix before Datasette starts."""


def _iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date like 2023-01-31") from None


EXPORT_FILTERS = ("province", "year", "doc_type", "since", "min_chars")
_OPTION = {"doc_type": "type", "min_chars": "min-chars"}  # option names in messages


def run_export(args: argparse.Namespace) -> int:
    filters = {k: getattr(args, k) for k in EXPORT_FILTERS if getattr(args, k) is not None}
    count = export(args.db, args.out, args.format, args.where, bom=args.bom, **filters)
    shown = [args.where] if args.where else []
    shown += [f"{_OPTION.get(k, k)}={v}" for k, v in filters.items()]
    where = f" matching {' and '.join(shown)}" if shown else ""
    print(f"wrote {count} documents{where} to {args.out} ({args.format})", file=sys.stderr)
    return 0


def run_card(args: argparse.Namespace) -> int:
    from corpus.card import dataset_card

    text = dataset_card(args.db)
    if args.out == "-":
        sys.stdout.write(text)
    else:
        Path(args.out).write_text(text, encoding="utf-8")
        print(f"wrote the dataset card of {args.db} to {args.out}", file=sys.stderr)
    return 0


def run_ingest(args: argparse.Namespace) -> int:
    """Place pages from Redis until every worker has stopped; print the crawl's summary."""
    from corpus.queue import REDIS_GONE, Ingester, Keys, Registry, connect, worker_lines
    from crawler.extensions import format_summary  # the summary `make crawl` prints

    client = connect(args.source, args.retry_seconds)
    keys = Keys(args.prefix)
    ingester = Ingester(client, args.db, keys)
    known = ingester.publish_judged()
    print(f"ingester: {args.source} -> {args.db} ({known} known articles)", file=sys.stderr, flush=True)
    registry = Registry(client, keys)
    try:
        ingester.run(registry.crawl_over)
    except REDIS_GONE as exc:
        print(f"error: Redis at {args.source} is gone ({exc}). What is stored stays stored; "
              "the pages not yet stored stay in Redis (append-only file): start Redis, this "
              "ingester and the workers again to resume", file=sys.stderr)  # fmt: skip
        return 1
    stats = ingester.stats(registry)
    left = registry.left_undone()
    ingester.finish(stats)
    print(format_summary(stats, "finished" if not left else "stopped"))
    print("\n".join(worker_lines(registry, client, keys)), flush=True)
    if left:
        print(f"error: {left} requests are left in the frontier and no worker is running: "
              f"start workers again on {args.source} to resume", file=sys.stderr)  # fmt: skip
        return 1
    registry.clear()
    return 0


def run_refingerprint(args: argparse.Namespace) -> int:
    from corpus.store import open_db, refingerprint

    if not Path(args.db).is_file():
        raise BrowseError(f"{args.db} not found: nothing to refingerprint")
    count = refingerprint(open_db(args.db))
    print(f"recomputed {count} fingerprints in {args.db}", file=sys.stderr)
    return 0


def run_reclean(args: argparse.Namespace) -> int:
    from corpus.reclean import reclean

    missing = [str(p) for p in args.archives if not p.is_file()]
    if missing:
        raise BrowseError(f"no such archive: {', '.join(missing)}")
    outcomes = reclean(args.archives, args.db, args.min_chars)
    counts = ", ".join(f"{n} {k}" for k, n in sorted(outcomes.items()))
    print(f"re-cleaned {sum(outcomes.values())} archived article pages into {args.db}: {counts}",
          file=sys.stderr)  # fmt: skip
    return 0


def run_browse(args: argparse.Namespace) -> int:
    from datasette.cli import cli  # imported late: export should not pay for Datasette

    db = Path(args.db)
    serve_args = datasette_args(db, args.host, args.port, live=args.live)
    wal = db.with_name(db.name + "-wal")
    if not args.live and wal.is_file() and wal.stat().st_size:
        # Immutable mode reads only the main file: writes still in the WAL are invisible.
        print(
            f"warning: {wal} holds unmerged writes; use --live while a crawl runs", file=sys.stderr
        )
    mode = "read-only, live" if args.live else "read-only, immutable"
    print(f"serving {db} ({mode}); Ctrl-C stops", file=sys.stderr)
    cli.main(serve_args, prog_name="datasette")
    return 0


def datasette_args(
    db: Path, host: str = "127.0.0.1", port: int = 8001, live: bool = False
) -> list[str]:
    """The ``datasette`` command line that serves ``db`` with the browse/ configuration."""
    if not db.is_file():
        raise BrowseError(f"{db} not found: run `make crawl` first")
    if host not in LOOPBACK:
        raise BrowseError(
            f"--host {host}: only loopback addresses are allowed ({', '.join(LOOPBACK)})"
        )
    # Immutable (-i): opened with immutable=1, row counts computed once. Live:
    # Datasette still opens it with mode=ro, but sees a crawl's new rows.
    database = [str(db)] if live else ["-i", str(db)]
    args = [
        "serve", *database,
        "--host", host, "--port", str(port),
        "--metadata", str(metadata_for(db)),
        "--plugins-dir", str(BROWSE / "plugins"),
        "--template-dir", str(BROWSE / "templates"),
    ]  # fmt: skip
    for name, value in browse_settings().items():
        args += ["--setting", name, _setting_text(value)]
    return args


def browse_settings() -> dict:
    """browse/settings.json: the settings every Datasette of this corpus runs with."""
    return json.loads(SETTINGS.read_text(encoding="utf-8"))


def _setting_text(value: object) -> str:
    if isinstance(value, bool):
        return "on" if value else "off"
    return str(value)


def metadata_for(db: Path) -> Path:
    """browse/metadata.yml, with its database section renamed to the db's name.

    Datasette names a database after its file stem and looks up tables,
    facets and canned queries under that name; a copy keeps them working
    for archive-2025.db as well as corpus.db.
    """
    name = db.stem
    if name == METADATA_DB_NAME:
        return METADATA
    metadata = yaml.safe_load(METADATA.read_text(encoding="utf-8"))
    databases = metadata.get("databases") or {}
    databases[name] = databases.pop(METADATA_DB_NAME, {})
    handle, path = tempfile.mkstemp(prefix="corpus-metadata-", suffix=".json")
    with os.fdopen(handle, "w", encoding="utf-8") as out:
        json.dump(metadata, out, ensure_ascii=False)
    atexit.register(os.unlink, path)
    return Path(path)
