"""Bytes to text: find the encoding a Chinese page really uses.

Template sites often lie about their charset (a UTF-8 header over GBK bytes,
``gb2312`` declared for text that needs GB18030), so a declaration is only a
candidate: each candidate must decode the body cleanly and read as Chinese.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Mapping
from functools import lru_cache

from charset_normalizer import from_bytes

from cleaning.lexicon import CJK, NOT_CJK

_PLAUSIBILITY_SAMPLE = 3000
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w-]+)""", re.I)
_HEADER_CHARSET = re.compile(r"charset\s*=\s*[\"']?([\w-]+)", re.I)
_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Supersets decode everything their subsets do, and sites mislabel GBK text as gb2312.
_SUPERSET = {
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "cp936": "gb18030",
    "x-gbk": "gb18030",
    "big5": "big5hkscs",
    "cp950": "big5hkscs",
    "ascii": "utf-8",
    "us-ascii": "utf-8",
    "iso-8859-1": "cp1252",
    "latin-1": "cp1252",
}


class DecodeError(ValueError):
    """Raised when no encoding turns the bytes into readable text."""


def normalize_encoding(name: str | None) -> str | None:
    """Map a declared charset label to the Python codec that should read it."""
    if not name:
        return None
    label = name.strip().lower().replace("_", "-")
    try:
        codec = codecs.lookup(label).name
    except LookupError:
        return None
    return _SUPERSET.get(label, _SUPERSET.get(codec, codec))


def declared_encodings(body: bytes, headers: Mapping[str, str] | None = None) -> list[str]:
    """Encodings the HTTP header and the ``<meta>`` tag claim, in that order."""
    found: list[str] = []
    content_type = _header(headers, "content-type")
    if content_type and (match := _HEADER_CHARSET.search(content_type)):
        found.append(match.group(1))
    if match := _META_CHARSET.search(body[:4096]):
        found.append(match.group(1).decode("ascii", "ignore"))
    codecs_found = [normalize_encoding(label) for label in found]
    return list(dict.fromkeys(c for c in codecs_found if c))


def decode_html(body: bytes, headers: Mapping[str, str] | None = None) -> tuple[str, str]:
    """Decode page bytes; return ``(text, encoding)``.

    Order of evidence: BOM, then strict UTF-8 (it almost never validates by
    accident), then the declared charsets that decode cleanly and read as
    Chinese, then the GB and Big5 families; a declared charset whose text holds
    no Chinese at all comes after them; then charset-normalizer.
    """
    for bom, codec in _BOMS:
        if body.startswith(bom):
            return body.decode(codec), codec.replace("-sig", "")
    try:
        return body.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    candidates = declared_encodings(body, headers) + ["gb18030", "big5hkscs"]
    best: tuple[float, str, str] | None = None
    without_chinese: tuple[str, str] | None = None
    for codec in dict.fromkeys(c for c in candidates if c != "utf-8"):
        try:
            text = body.decode(codec)
        except UnicodeDecodeError:
            continue
        if not CJK.search(text):
            # No Chinese at all is no evidence for a codec (GBK bytes read as cp1252 under
            # a charset=iso-8859-1 header): kept only if no codec reads the bytes as Chinese.
            without_chinese = without_chinese or (text, codec)
            continue
        score = chinese_plausibility(text)
        if score >= 0.9:
            return text, codec
        if best is None or score > best[0]:
            best = (score, text, codec)
    if best and best[0] >= 0.6:
        return best[1], best[2]
    if without_chinese:
        return without_chinese
    guess = from_bytes(body).best()
    if guess is None:
        if best:
            return best[1], best[2]
        raise DecodeError("no encoding decodes these bytes")
    codec = normalize_encoding(guess.encoding) or guess.encoding
    return body.decode(codec, errors="replace"), codec


def chinese_plausibility(text: str) -> float:
    """Share of CJK characters that are common ones (1.0 when there are none).

    Bytes read with the wrong CJK codec decode into rare characters, so this
    separates GBK read as Big5 (or the reverse) from the real thing.
    """
    # A few thousand characters tell a wrong codec as surely as the whole page.
    cjk = first_cjk(text, _PLAUSIBILITY_SAMPLE)
    if not cjk:
        return 1.0
    return (len(cjk) - len(_common_run().sub("", cjk))) / len(cjk)


def first_cjk(text: str, count: int) -> str:
    """The first ``count`` CJK characters of ``text``, read a slice at a time (not the page)."""
    found, start = "", 0
    while len(found) < count and start < len(text):
        found += NOT_CJK.sub("", text[start : start + 2 * count])
        start += 2 * count
    return found[:count]


@lru_cache(maxsize=1)
def _common_run() -> re.Pattern:
    """A run of common characters: deleting the runs counts them twice as fast as a set."""
    codes = sorted(map(ord, _common_chars()))
    ranges, start, end = [], codes[0], codes[0]
    for code in codes[1:]:
        if code != end + 1:
            ranges.append((start, end))
            start = code
        end = code
    ranges.append((start, end))
    spans = "".join(re.escape(chr(a)) + (f"-{re.escape(chr(b))}" if b > a else "") for a, b in ranges)
    return re.compile(f"[{spans}]+")


@lru_cache(maxsize=1)
def _common_chars() -> frozenset[str]:
    """Level-1 characters of GB2312 (Simplified) and Big5 (Traditional)."""
    chars: set[str] = set()
    for lead in range(0xB0, 0xD8):
        for trail in range(0xA1, 0xFF):
            try:
                chars.add(bytes((lead, trail)).decode("gb2312"))
            except UnicodeDecodeError:
                continue
    for lead in range(0xA4, 0xC7):
        for trail in list(range(0x40, 0x7F)) + list(range(0xA1, 0xFF)):
            try:
                chars.add(bytes((lead, trail)).decode("big5"))
            except UnicodeDecodeError:
                continue
    return frozenset(chars)


def _header(headers: Mapping[str, str] | None, name: str) -> str | None:
    if not headers:
        return None
    for key, value in headers.items():
        key = key.decode() if isinstance(key, bytes) else key
        if key.lower() == name:
            if isinstance(value, list | tuple):
                value = value[0] if value else ""
            return value.decode("latin-1") if isinstance(value, bytes) else value
    return None
