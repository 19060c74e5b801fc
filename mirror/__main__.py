"""CLI: `python -m mirror serve` runs the sites; `python -m mirror dump OUT_DIR` writes pages and gold."""

from __future__ import annotations

import argparse
import json
import signal
import sys
import threading
from pathlib import Path
from typing import Any

from mirror.catalog import Page, catalog
from mirror.server import start
from mirror.sites import build_all, default_urls


def _serve(args: argparse.Namespace) -> int:
    # Handlers go in before the URLs are announced: a caller may signal as soon as it reads them.
    stop = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stop.set())
    try:
        mirror = start(args.seed, args.day, verbose=args.verbose, ports=args.ports)
    except OSError as exc:
        print(f"mirror: cannot bind the ports {args.ports}: {exc}", file=sys.stderr)
        return 1
    line = json.dumps(mirror.urls, ensure_ascii=False)
    if args.urls_file:
        Path(args.urls_file).write_text(line + "\n", encoding="utf-8")
    print(line, flush=True)
    while not stop.wait(0.5):  # a bare wait() would not wake for the signal on every platform
        pass
    mirror.stop()
    return 0


def gold(page: Page) -> dict[str, Any]:
    """What a perfect cleaner would keep from this page."""
    t = page.text
    return {"title": t.title, "body": list(t.paragraphs), "on_topic": t.on_topic, "kind": t.kind,
            "meta": t.meta, "url_path": page.path, "site": page.site, "text_id": page.text_id,
            "title_shown": page.title_shown, "encoding": page.encoding,
            "declared_encoding": page.declared_encoding, "variant": page.variant, "day": page.day}


def _dump(args: argparse.Namespace) -> int:
    out = Path(args.out_dir)
    out.mkdir(parents=True, exist_ok=True)
    pages = catalog(args.seed, args.day)
    sites = build_all(pages, default_urls())
    for page in pages:
        stem = out / f"{page.site}_{page.slug}"
        stem.with_suffix(".html").write_bytes(sites[page.site].routes[page.path].body)
        stem.with_suffix(".gold.json").write_text(
            json.dumps(gold(page), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {len(pages)} pages to {out}", file=sys.stderr)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m mirror", description=__doc__)
    sub = parser.add_subparsers(dest="cmd", required=True)
    serve = sub.add_parser("serve", help="serve every site on 127.0.0.1 until SIGTERM/SIGINT")
    serve.add_argument("--seed", type=int, default=0)
    serve.add_argument("--day", type=int, default=1)
    serve.add_argument("--urls-file", help="also write the JSON line of site URLs here")
    serve.add_argument("--verbose", action="store_true", help="access log on stderr")
    serve.add_argument(
        "--ports", type=json.loads, default=None, metavar="JSON",
        help='serve on these ports, e.g. \'{"gongwen": 8101}\' (default: free ports)',
    )  # fmt: skip
    serve.set_defaults(func=_serve)
    dump = sub.add_parser("dump", help="write every article page and its gold JSON")
    dump.add_argument("out_dir")
    dump.add_argument("--seed", type=int, default=0)
    dump.add_argument("--day", type=int, default=1)
    dump.set_defaults(func=_dump)
    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
