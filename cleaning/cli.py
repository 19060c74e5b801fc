"""``python -m cleaning``: clean, evaluate and deduplicate from the shell."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


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
            meta_from_gold=args.meta_from_gold,
        )  # fmt: skip
    from cleaning.dedup import run_dedup_command

    return run_dedup_command(args.in_dir)


if __name__ == "__main__":
    sys.exit(main())
