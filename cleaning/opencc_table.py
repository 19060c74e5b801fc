"""Which texts OpenCC's tw2s leaves unchanged, read off OpenCC's own dictionaries.

Most pages are written in Simplified already, and the pipeline passes a body through
tw2s more than once (lines, title, the exact-duplicate key); a text holding none of the
*triggers* listed in data/opencc_tw2s.toml is returned as it is, without the converter.

A trigger is a character that tw2s changes on its own (OpenCC asked character by
character), or a phrase that could make tw2s treat its characters otherwise than one by
one. Away from every phrase, tw2s maps each character through its stages one by one, so
a text with neither kind of trigger comes out unchanged. Phrases that provably end where
they started are left out (a stage-1 phrase kept as it is whose characters stage 2 keeps:
人才, which only guards 才 from 纔). tests/test_opencc_table.py rebuilds the table from
the installed dictionaries and checks the claim on random texts; when the installed
OpenCC is another version than the table's, every text is converted.

    .venv/bin/python -m cleaning.opencc_table    # rewrite data/opencc_tw2s.toml
"""

from __future__ import annotations

import itertools
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import opencc

CONFIG = "tw2s"
TABLE_PATH = Path(__file__).parent / "data" / "opencc_tw2s.toml"
_SHARE = Path(opencc.__file__).parent / "clib" / "share" / "opencc"
_TOOL = Path(opencc.__file__).parent / "clib" / "bin" / "opencc_dict"

Entries = list[tuple[str, str]]  # (key, the first value: what OpenCC writes)


def dict_tool() -> Path | None:
    """OpenCC's opencc_dict, which writes a compiled .ocd2 dictionary out as text."""
    if _TOOL.exists():
        return _TOOL
    found = shutil.which("opencc_dict")
    return Path(found) if found else None


def read_dictionary(name: str, tool: Path) -> Entries:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "dict.txt"
        subprocess.run(
            [str(tool), "-i", str(_SHARE / name), "-o", str(out), "-f", "ocd2", "-t", "text"],
            check=True, capture_output=True,
        )  # fmt: skip
        lines = out.read_text(encoding="utf-8").splitlines()
    return [(key, values.split(" ")[0]) for key, values in (line.split("\t") for line in lines if line)]


def _files(node: dict) -> list[str]:
    if node.get("type") == "group":
        return [name for child in node["dicts"] for name in _files(child)]
    return [node["file"]]


def stages(tool: Path) -> tuple[Entries, Entries, Entries]:
    """The config's normalization and its two conversion stages (variants, then
    Traditional to Simplified), each as entries in the order OpenCC consults them (the
    first dictionary that knows a key decides)."""
    config = json.loads((_SHARE / f"{CONFIG}.json").read_text(encoding="utf-8"))
    chain = [step["dict"] for step in config["conversion_chain"]]
    if len(chain) != 2:
        raise RuntimeError(f"{CONFIG}.json has {len(chain)} conversion stages, the table reads 2")
    normalization = [step["dict"] for step in config.get("normalization", [])]
    read = [[e for name in _files(group) for e in read_dictionary(name, tool)] for group in chain]
    norm = [e for group in normalization for name in _files(group) for e in read_dictionary(name, tool)]
    if any("\n" in key for entries in (norm, *read) for key, _ in entries):
        # lines_to_simplified converts only some lines of a text, apart from the others
        raise RuntimeError(f"a {CONFIG} dictionary entry holds a line break")
    return norm, read[0], read[1]


def changed_characters(converter: opencc.OpenCC) -> set[str]:
    """Characters that tw2s, given the character alone, writes otherwise."""
    # Every code point above ASCII but the surrogates, which no text holds.
    chars = [chr(c) for c in range(0x80, sys.maxunicode + 1) if not 0xD800 <= c < 0xE000]
    converted = converter.convert("\n".join(chars)).split("\n")
    if len(converted) != len(chars):
        raise RuntimeError("tw2s changed the number of lines: the table cannot be built")
    return {c for c, out in zip(chars, converted, strict=True) if out != c}


def _singles(entries: Entries) -> dict[str, str]:
    table: dict[str, str] = {}
    for key, value in entries:
        if len(key) == 1:
            table.setdefault(key, value)
    return table


def trigger_phrases(normalization: Entries, first: Entries, last: Entries) -> set[str]:
    """Phrases (in the text as written) that may make tw2s leave its one-by-one reading.

    The first stage sees the text itself; the last sees what the first wrote, where each
    character is itself (kept by a first-stage phrase) or its first-stage image, so each
    last-stage phrase is listed in every spelling the text may have had.
    """
    last_singles = _singles(last)
    phrases = {key for key, _ in normalization if len(key) > 1}
    for key, value in first:
        kept = key == value and all(last_singles.get(c, c) == c for c in key)
        if len(key) > 1 and not kept:
            phrases.add(key)
    sources: dict[str, set[str]] = {}
    for char, image in _singles(first).items():
        sources.setdefault(image, set()).add(char)
    for key, value in last:
        if len(key) < 2:
            continue
        spellings = itertools.product(*({c} | sources.get(c, set()) for c in key))
        # A phrase kept as it is, met in its own spelling, writes the text back.
        phrases |= {s for s in map("".join, spellings) if key != value or s != key}
    return phrases


def build(tool: Path) -> dict:
    converter = opencc.OpenCC(CONFIG)
    return {
        "opencc_version": opencc.__version__,
        "config": CONFIG,
        "characters": "".join(sorted(changed_characters(converter))),
        "phrases": sorted(trigger_phrases(*stages(tool))),
    }


def write_table(table: dict, path: Path = TABLE_PATH) -> None:
    lines = [
        "# Generated by `python -m cleaning.opencc_table` from OpenCC's dictionaries: do not edit.",
        "# A text holding none of these characters and phrases is unchanged by tw2s.",
        f"opencc_version = {json.dumps(table['opencc_version'])}",
        f"config = {json.dumps(table['config'])}",
        f"characters = {json.dumps(table['characters'], ensure_ascii=False)}",
        "phrases = [",
        *(f"  {json.dumps(p, ensure_ascii=False)}," for p in table["phrases"]),
        "]",
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main() -> int:
    tool = dict_tool()
    if tool is None:
        print("opencc_table: OpenCC's opencc_dict tool is not installed", file=sys.stderr)
        return 1
    table = build(tool)
    write_table(table)
    print(f"{TABLE_PATH}: {len(table['characters'])} characters, {len(table['phrases'])} phrases")
    return 0


if __name__ == "__main__":
    sys.exit(main())
