"""``python -m cleaning``: clean, evaluate and deduplicate from the shell."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TextIO


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m cleaning", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)

    clean = commands.add_parser("clean", help="clean IN_DIR/*.html|*.txt into OUT_DIR")
    clean.add_argument("in_dir", type=Path)
    clean.add_argument("out_dir", type=Path)

    evaluate = commands.add_parser("evaluate", help="score cleaning against gold cases")
    evaluate.add_argument("cases_dir", type=Path, nargs="+")
    evaluate.add_argument("--baseline", action="store_true", help="also score plain trafilatura")
    evaluate.add_argument("--min-f1", type=float, default=None)
    evaluate.add_argument(
        "--meta-from-gold", action="store_true",
        help="read metadata from the gold title and body instead of the cleaner's output",
    )  # fmt: skip
    evaluate.add_argument(
        "--topic-from-gold", action="store_true",
        help="judge the topic on the gold title and body (tells judgement from extraction errors)",
    )  # fmt: skip

    dedup = commands.add_parser("dedup", help="cluster IN_DIR/*.txt into duplicate groups")
    dedup.add_argument("in_dir", type=Path)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command == "clean":
        from cleaning.batch import clean_dir

        return clean_dir(args.in_dir, args.out_dir)
    if args.command == "evaluate":
        from cleaning.evaluate import run_evaluate

        return run_evaluate(
            args.cases_dir, baseline=args.baseline, min_f1=args.min_f1,
            meta_from_gold=args.meta_from_gold, topic_from_gold=args.topic_from_gold,
        )  # fmt: skip
    return run_dedup_command(args.in_dir)


# ---------------------------------------------------------------- command


def read_texts(in_dir: Path, err: TextIO) -> tuple[dict[str, str], int]:
    """Every IN_DIR/<name>.txt as UTF-8; failures reported on err and counted."""
    texts: dict[str, str] = {}
    failed = 0
    for path in sorted(in_dir.glob("*.txt")):
        try:
            texts[path.stem] = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            failed += 1
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else exc
            print(f"dedup: {path}: cannot read: {reason}", file=err)
    return texts, failed


def run_dedup_command(in_dir: Path, out: TextIO = sys.stdout) -> int:
    """`python -m cleaning dedup IN_DIR`: one JSON line {"id", "cluster"} per file."""
    in_dir = Path(in_dir)
    if not in_dir.is_dir():
        print(f"dedup: {in_dir}: not a directory", file=sys.stderr)
        return 1
    texts, failed = read_texts(in_dir, sys.stderr)
    from cleaning.dedup import cluster_texts  # numpy and rensa only for this command

    for name, cluster in sorted(cluster_texts(texts).items()):
        out.write(json.dumps({"id": name, "cluster": cluster}, ensure_ascii=False) + "\n")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
