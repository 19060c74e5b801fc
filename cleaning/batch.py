"""Clean a folder of pages and text dumps; one bad file never stops the batch."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO

from cleaning.document import Document
from cleaning.pipeline import clean_html, clean_text


def iter_inputs(in_dir: Path) -> Iterator[Path]:
    """Every ``<name>.html`` and ``<name>.txt`` in a folder, sorted by name."""
    for path in sorted(in_dir.iterdir()):
        if path.is_file() and path.suffix in (".html", ".txt"):
            yield path


class NoTextError(ValueError):
    """Cleaning left no document text: nothing worth writing."""


def clean_file(path: Path) -> Document:
    """Clean one input file: raw page bytes (.html) or a UTF-8 text dump (.txt)."""
    if path.suffix == ".html":
        doc = clean_html(path.read_bytes())
    else:
        doc = clean_text(path.read_text(encoding="utf-8"))
    if not doc.body.strip():
        raise NoTextError("no document text left after cleaning")
    return doc


def write_document(doc: Document, out_dir: Path, name: str) -> None:
    """``<name>.txt`` holds the text (a compilation's parts in order, each under its
    heading), ``<name>.json`` the title and metadata (a compilation's in ``parts``)."""
    (out_dir / f"{name}.txt").write_text(document_text(doc) + "\n", encoding="utf-8")
    meta = _without_text(doc.to_dict())
    meta["parts"] = [_without_text(part) for part in meta["parts"]]
    (out_dir / f"{name}.json").write_text(
        json.dumps(meta, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )


def document_text(doc: Document) -> str:
    if not doc.parts:
        return doc.body
    return "\n\n".join(f"{part.title_raw or part.title or ''}\n{part.body}" for part in doc.parts)


def _without_text(data: dict) -> dict:
    return {k: v for k, v in data.items() if k not in ("body", "body_original")}


def clean_dir(in_dir: Path, out_dir: Path, err: TextIO = sys.stderr) -> int:
    """Clean every input; return 1 if any file failed (each failure on one line)."""
    if not in_dir.is_dir():
        print(f"{in_dir}: not a directory", file=err)
        return 1
    out_dir.mkdir(parents=True, exist_ok=True)
    failed = 0
    for path in iter_inputs(in_dir):
        try:
            write_document(clean_file(path), out_dir, path.stem)
        except Exception as exc:  # one broken page never stops the batch
            failed += 1
            print(f"{path}: {type(exc).__name__}: {exc}".replace("\n", " "), file=err)
    return 1 if failed else 0
