"""How reposting sites alter a text: retitling, decoration, redaction, truncation, Traditional script."""

from __future__ import annotations

import json
import random
import re
from dataclasses import replace
from functools import cache
from typing import Any

from mirror.grammar import DATA_DIR, GeneratedText, places

DECORATIONS = ("{t}范文", "【精选推荐】{t}", "{t}(全文完整)", "{t}精选", "{t} .docx", "最新{t}范文", "{t}【优秀篇】")
YEAR = re.compile(r"(?<!\d)(20[12]\d)(?!\d)")


def retitle(title: str, shift: int = 1) -> str:
    """Sell an old summary as a new one: every year in the title moves forward."""
    return YEAR.sub(lambda m: str(int(m.group(1)) + shift), title)


def decorate(title: str, rng: random.Random, pool: tuple[str, ...] = DECORATIONS) -> str:
    return rng.choice(pool).format(t=title)


def _place_names(meta: dict[str, Any]) -> list[tuple[str, str]]:
    """(name, what replaces it after the mask): 高台县 -> xx县, 高台 -> xx."""
    full = [n for n in (meta.get(k) for k in ("county", "city", "province")) if n]
    pairs = [(n, n[-1] if n[-1] in "省市县区州" else "") for n in full]
    pairs += [(n[:-1], "") for n in full if len(n) > 2 and n[-1] in "省市县区"]
    for place in places():
        if place["county"] == meta.get("county") and place.get("county_short"):
            pairs.append((place["county_short"], ""))
    # Longest first so 张掖市 is masked before 张掖 could be.
    return sorted(set(pairs), key=lambda p: len(p[0]), reverse=True)


def redact(text: GeneratedText, rng: random.Random) -> GeneratedText:
    """The repost that hides who wrote it: places become xx/**, many numbers become x."""
    mask = rng.choice(("xx", "**", "XX"))
    names = _place_names(text.meta)

    def scrub(s: str, numbers: bool) -> str:
        for name, keep in names:
            s = s.replace(name, mask + keep)
        if numbers:
            s = re.sub(r"(?<![.\d])\d+(?:\.\d+)?", lambda m: _mask_number(m.group(0), rng), s)
        return s

    paragraphs = [_keep_item_number(p, lambda body: scrub(body, True)) for p in text.paragraphs]
    meta = {**text.meta, "issuer": scrub(text.meta["issuer"] or "", False) or None,
            "province": None, "city": None, "county": None}
    return replace(text, title=scrub(text.title, False), paragraphs=paragraphs, meta=meta)


def _mask_number(num: str, rng: random.Random) -> str:
    if len(num) == 4 and num.startswith("20") and rng.random() < 0.5:
        return num  # many redactors keep years
    return re.sub(r"\d", "x", num) if rng.random() < 0.7 else num


def _keep_item_number(paragraph: str, fn: Any) -> str:
    head = re.match(r"^\d+\.", paragraph)
    cut = head.end() if head else 0
    return paragraph[:cut] + fn(paragraph[cut:])


def truncate(text: GeneratedText, fraction: float) -> GeneratedText:
    """Keep the leading paragraphs that make up about `fraction` of the body (a paid preview)."""
    total = sum(len(p) for p in text.paragraphs)
    kept: list[str] = []
    size = 0
    for p in text.paragraphs:
        if kept and size >= total * fraction:
            break
        kept.append(p)
        size += len(p)
    return replace(text, paragraphs=kept)


@cache
def _opencc() -> Any:
    import opencc  # imported lazily: only the tw site needs it

    # s2tw, not s2t: s2t writes 爲/峯-style forms that Big5 cannot encode, s2tw writes 為/峰.
    return opencc.OpenCC("s2tw")


def to_traditional(s: str) -> str:
    return _opencc().convert(s)


@cache
def _pinyin() -> dict[str, Any]:
    with open(DATA_DIR / "pinyin.json", encoding="utf-8") as fh:
        return json.load(fh)


def pinyin_artifacts(s: str, rng: random.Random, rate: float = 0.25) -> str:
    """Leave 構(gòu)建-style readings after some characters, as bad converters do."""
    data = _pinyin()
    table, words = data["table"], data["after_words"]
    for word, reading in words.items():
        trad = to_traditional(word)
        s = s.replace(trad, f"{trad}({reading})") if rng.random() < 0.5 else s
    out = []
    for i, ch in enumerate(s):
        out.append(ch)
        already = s[i + 1: i + 2] == "("
        if ch in table and not already and rng.random() < rate:
            out.append(f"({table[ch]})")
    return "".join(out)
