"""Tell an article page from a list page by what it holds (for crawls with no profile),
and text from binary bytes served as text/html."""

from __future__ import annotations

from scrapy.http import TextResponse

from cleaning.lexicon import CJK

_TEXT = "//body//text()[not(ancestor::script or ancestor::style or ancestor::a)]"
_LINK_TEXT = "//body//a//text()"

# An article page carries a few hundred characters of prose outside links; a
# list page is mostly anchors (measured on the mirror: lists 27-110 characters
# of prose beside 110-540 of links; the shortest articles 256 beside 430 of
# sidebar links). Pages let through here are still judged by cleaning.
MIN_PROSE_CHARS = 250
PROSE_TO_LINKS = 0.5


def looks_like_article(response: TextResponse) -> bool:
    prose = _cjk_count(response.xpath(_TEXT).getall())
    links = _cjk_count(response.xpath(_LINK_TEXT).getall())
    return prose >= MIN_PROSE_CHARS and prose >= PROSE_TO_LINKS * links


def _cjk_count(texts: list[str]) -> int:
    return sum(len(CJK.findall(t)) for t in texts)


# Control bytes (other than tab, newline, carriage return, form feed, escape) never occur in
# text pages in any encoding we read; random or binary bytes have about 9 % of them.
_CONTROL = bytes(b for b in range(32) if b not in (9, 10, 12, 13, 27))
BINARY_SHARE = 0.01


def looks_binary(body: bytes, sample: int = 4096) -> bool:
    """True for bytes that are not text, whatever the Content-Type claimed."""
    head = body[:sample]
    if not head or head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return False  # empty, or UTF-16 (its NUL bytes are text)
    controls = len(head) - len(head.translate(None, _CONTROL))
    return controls / len(head) > BINARY_SHARE
