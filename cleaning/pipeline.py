"""From page bytes or a text dump to a clean Document: a chain of small steps.

decode → extract (HTML) or split lines (text) → drop furniture lines →
restore paragraphs → drop the title and the page around the core →
normalise (Simplified, pinyin, spaces) → flags and metadata.
"""

from __future__ import annotations

from collections.abc import Mapping

from cleaning.decode import decode_html
from cleaning.document import Document
from cleaning.extract import extract_main
from cleaning.fingerprint import content_hash
from cleaning.furniture import (
    drop_furniture_lines,
    drop_repeated_short_lines,
    is_part_heading,
    trim_to_core,
)
from cleaning.headline import HEAD_LINES, drop_title_repeats, find_headline, trim, unglue
from cleaning.metadata import extract_metadata
from cleaning.normalize import normalize_lines
from cleaning.paragraphs import join_broken_lines, split_blobs
from cleaning.rules import pattern
from cleaning.topic import topic_score


def clean_html(
    body: bytes, url: str | None = None, headers: Mapping[str, str] | None = None
) -> Document:
    """Clean a raw page (any encoding) into a Document."""
    html, encoding = decode_html(body, headers)
    # The page's own 时间: line first; htmldate's guess (meta tags …) when there is none.
    date_line = find_date(html)
    extracted = extract_main(html, url=url, date_from_tree=date_line is None)
    published = date_line or extracted.published
    doc = _build(extracted.title, extracted.lines, published, truncated=page_is_truncated(html))
    site = normalize_lines([extracted.sitename])[0][0] if extracted.sitename else None
    doc.url, doc.encoding, doc.site = url, encoding, site
    return doc


def clean_text(text: str) -> Document:
    """Clean a text dump of a page (furniture included) into a Document."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    # Judge headline candidates in Simplified, so 工作總結 reads as 工作总结.
    simplified, _ = normalize_lines(lines[:HEAD_LINES])
    headline = find_headline(simplified)
    title = None
    if headline is not None:
        # The page's own spelling (Traditional stays Traditional in title_raw).
        title = trim(lines[headline.line]) if headline.line is not None else headline.raw
    return _build(title, lines, find_date(text), truncated=page_is_truncated(text))


def find_date(text: str) -> str | None:
    """The first 时间:/日期: line's date, as ISO."""
    match = pattern("date_line").search(text)
    if not match:
        return None
    year, month, day = (int(g) for g in match.groups())
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"


def page_is_truncated(text: str) -> bool:
    return bool(pattern("truncated").search(text))


def body_lines(lines: list[str], title: str | None) -> list[str]:
    """The document's own lines, paragraphs restored."""
    kept = drop_furniture_lines([line for line in lines if line], keep_gaps=True)
    kept = drop_repeated_short_lines(kept)
    kept = join_broken_lines(kept)
    kept = drop_title_repeats(kept, title)
    kept = trim_to_core(kept)
    if kept:
        kept[0] = unglue(kept[0], title)
    return split_blobs([line for line in kept if line])


def document_flags(body: str, traditional: bool, truncated: bool, share: float) -> list[str]:
    """What cleaning could not fix, for a reader to know."""
    flags = []
    if share > 0:
        flags.append("placeholders")
    if pattern("ocr_debris").search(body):
        flags.append("ocr_debris")
    if truncated:
        flags.append("truncated_preview")
    if traditional:
        flags.append("traditional_source")
    if sum(map(is_part_heading, body.split("\n"))) >= 2:
        flags.append("compilation")  # several texts on one page, kept as one document
    return flags


def _build(title: str | None, lines: list[str], published: str | None, truncated: bool = False) -> Document:
    # Decisions are taken on Simplified text, so Traditional pages meet the same rules.
    simplified, traditional = normalize_lines(lines)
    title_simple = normalize_lines([title])[0] if title else []
    clean_title_text = title_simple[0] if title_simple else None
    kept = body_lines(simplified, clean_title_text)
    body = "\n".join(kept)
    original = original_lines(lines, simplified, body) if traditional else None
    doc = Document(
        title=clean_title_text,
        title_raw=title,
        body=body,
        body_original=original,
        published=published,
        content_hash=content_hash(body),
        traditional_source=traditional,
        topic_score=topic_score(clean_title_text, body),
    )
    set_metadata(doc, extract_metadata(clean_title_text, body, published))
    doc.flags = document_flags(body, traditional, truncated, doc.placeholder_share)
    return doc


def original_lines(lines: list[str], simplified: list[str], body: str) -> str:
    """The source lines (as the page wrote them) whose Simplified form the body kept."""
    flat = body.replace("\n", "")
    kept = []
    for source, simple in zip(lines, simplified, strict=False):
        middle = simple[len(simple) // 4 : max(len(simple) * 3 // 4, len(simple) // 4 + 1)]
        if middle and middle in flat:
            kept.append(source.strip())
    return "\n".join(kept)


def set_metadata(doc: Document, meta: dict) -> None:
    """Copy metadata onto the document.

    ``title`` becomes the normalised title (site decorations such as 范文 or
    【精选】 removed); ``title_raw`` keeps the title as the page showed it.
    """
    for key, value in meta.items():
        if key != "title_raw" and hasattr(doc, key):
            setattr(doc, key, value)
