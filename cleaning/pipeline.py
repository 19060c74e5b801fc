"""From page bytes or a text dump to a clean Document: a chain of small steps.

decode → extract (HTML) or split lines (text) → Simplified (pinyin artifacts,
spaces) → headline → inline furniture, opening copies, furniture lines →
paragraphs restored → headline repeats and the page around the core dropped →
compilation parts → per text: what is glued before it, blobs split →
metadata, flags → one Document (a compilation's texts in ``parts``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace

from cleaning.decode import decode_html
from cleaning.document import Document
from cleaning.extract import extract_main
from cleaning.fingerprint import content_hash
from cleaning.furniture import (
    best_block,
    cut_repeated_watermark,
    drop_furniture_lines,
    drop_repeated_short_lines,
    is_romanized,
    trim_inline_furniture,
    trim_to_core,
)
from cleaning.headline import (
    HEAD_LINES,
    drop_contents_before_title,
    drop_opening_copies,
    drop_restart,
    drop_title_repeats,
    find_headline,
    join_broken_headline,
    trim,
    unglue,
)
from cleaning.lexicon import CJK
from cleaning.metadata import extract_metadata, normalize_title
from cleaning.normalize import as_written, normalize_lines
from cleaning.paragraphs import join_broken_lines, split_blobs, split_literal_markup
from cleaning.parts import Section, split_sections
from cleaning.rules import may_hold, pattern
from cleaning.topic import topic_score

# Less Chinese text than this left of a page that holds more: the rules failed, not the page.
MIN_TEXT = 20


def clean_html(
    body: bytes, url: str | None = None, headers: Mapping[str, str] | None = None
) -> Document:
    """Clean a raw page (any encoding) into a Document."""
    html, encoding = decode_html(body, headers)
    # The page's own 时间: line first; htmldate's guess (meta tags …) when there is none.
    date_line = find_date(html)
    extracted = extract_main(html, url=url, date_from_tree=date_line is None)
    published = date_line or extracted.published
    lines, outline = _page_lines(extracted.lines)
    normalized = normalize_lines(lines)
    title = extracted.title or _headline_of(lines, normalized[0])
    doc = _build(title, lines, normalized, published, page_is_truncated(html), outline)
    site = normalize_lines([extracted.sitename])[0][0] if extracted.sitename else None
    return doc.located(url=url, encoding=encoding, site=site)


def clean_text(text: str) -> Document:
    """Clean a text dump of a page (furniture included) into a Document."""
    lines, outline = _page_lines([line.strip() for line in text.splitlines() if line.strip()])
    normalized = normalize_lines(lines)
    title = _headline_of(lines, normalized[0])
    return _build(title, lines, normalized, find_date(text), page_is_truncated(text), outline)


def _page_lines(lines: list[str]) -> tuple[list[str], list[str]]:
    """The page's lines with written-out markup broken at its tags, an outline above the title
    cut out and a broken headline joined, before the headline is looked for (HTML and text
    dumps alike); and the outline, the document's own headings."""
    lines, outline = drop_contents_before_title(split_literal_markup(lines))
    return join_broken_headline(lines), outline


def _headline_of(lines: list[str], simplified: list[str]) -> str | None:
    """The headline among a page's lines, in the page's own spelling."""
    # Judged in Simplified (``simplified``: the lines converted one for one), so 工作總結 reads as
    # 工作总结; Traditional stays in title_raw.
    headline = find_headline(simplified[:HEAD_LINES])
    if headline is None:
        return None
    if headline.line is not None:
        return trim(lines[headline.line])
    # A headline read off a lead-in, a field or a glued start: the page's spelling of it.
    spelled = (as_written(headline.raw, line, simple) for line, simple in zip(lines, simplified, strict=False))
    return next((text for text in spelled if text), headline.raw)


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
    return may_hold("truncated", text) and bool(pattern("truncated").search(text))


def body_lines(lines: list[str], title: str | None) -> list[str]:
    """The document's own lines, the headline and the page around them gone."""
    kept = [trim_inline_furniture(line) for line in cut_repeated_watermark([line for line in lines if line])]
    kept = drop_opening_copies(kept, title)
    kept = drop_furniture_lines(kept, keep_gaps=True)
    kept = drop_repeated_short_lines(kept)
    kept = join_broken_lines(kept)
    kept = drop_title_repeats(kept, title)
    return [line for line in trim_to_core(kept) if line]


def _holds_text(lines: list[str]) -> bool:
    """At least MIN_TEXT Chinese characters (counting stops there)."""
    seen = 0
    for line in lines:
        seen += len(CJK.findall(line))
        if seen >= MIN_TEXT:
            return True
    return False


def part_lines(section: Section, page_title: str | None) -> list[str]:
    """A text's lines, with what a preview glued before its first sentence cut, blobs split."""
    lines = list(section.lines)
    if lines:
        for title in (section.title, page_title):
            lines[0] = unglue(lines[0], title)
        lines[0] = drop_restart(lines[0])
    return split_blobs([line for line in lines if line])


def document_flags(body: str, source: Source, share: float) -> list[str]:
    """What cleaning could not fix, for a reader to know."""
    flags = []
    if share > 0:
        flags.append("placeholders")
    if pattern("ocr_debris").search(body):
        flags.append("ocr_debris")
    if source.truncated:
        flags.append("truncated_preview")
    if source.fallback and body:
        flags.append("fallback_body")
    if source.traditional:
        flags.append("traditional_source")
    if pattern("injected_symbols").search(body):
        flags.append("injected_symbols")
    if pattern("lost_characters").search(body):
        flags.append("lost_characters")
    if any(map(is_romanized, body.split("\n"))):
        flags.append("romanized")
    return flags


def _build(
    title: str | None,
    lines: list[str],
    normalized: tuple[list[str], bool],
    published: str | None,
    truncated: bool = False,
    outline: list[str] | None = None,
) -> Document:
    """One Document for the page; a compilation's texts become its ``parts``.

    The top level is the page: its headline, and the first text's body and
    metadata. Decisions are taken on Simplified text, so Traditional pages
    meet the same rules. ``normalized`` is ``normalize_lines(lines)``, which the headline
    was looked for in too; ``outline``: the document's headings a page showed above it.
    """
    simplified, traditional = normalized
    page_title = normalize_lines([title])[0][0] if title else None
    kept = body_lines(simplified, page_title)
    fallback = not _holds_text(kept) and _holds_text(simplified)
    if fallback:  # every rule dropped everything: the page's best block, flagged
        kept = best_block(simplified)
    sections = split_sections(kept)
    contents = normalize_lines(outline)[0] if outline else []
    source = Source(lines, simplified, published, traditional, truncated, fallback)
    # The outline shown above the page's first text is that text's.
    parts = [
        _document(
            section.heading or title,
            section.title or page_title,
            part_lines(section, page_title),
            source,
            contents if i == 0 else [],
        )
        for i, section in enumerate(sections)
    ]
    first = parts[0]
    if len(parts) == 1 and sections[0].heading is None:
        return first
    page = {"title": normalize_title(page_title) if page_title else first.title, "title_raw": title}
    if len(parts) == 1:  # one text of a compilation is all the page shows
        return replace(first, **page)
    return replace(first, **page, flags=[*first.flags, "compilation"], parts=parts)


@dataclass(frozen=True)
class Source:
    """What every text of one page shares: its lines as written and in Simplified."""

    lines: list[str]
    simplified: list[str]
    published: str | None
    traditional: bool
    truncated: bool
    fallback: bool = False  # the body is the page's best block: every rule dropped all else


def _document(
    title_raw: str | None, title: str | None, kept: list[str], source: Source, outline: list[str]
) -> Document:
    """Build a Document once, from its lines, its outline and what is known of its page."""
    body = "\n".join(kept)
    meta = extract_metadata(title, body, source.published, page_lines=source.simplified, outline=outline)
    meta.pop("title_raw", None)
    unknown = set(meta) - set(Document.__dataclass_fields__)
    if unknown:
        raise KeyError(f"metadata fields the Document lacks: {sorted(unknown)}")
    original = source.traditional and original_lines(source.lines, source.simplified, body)
    return Document(
        title_raw=title_raw,
        body=body,
        body_original=original or None,
        published=source.published,
        content_hash=content_hash(body),
        traditional_source=source.traditional,
        topic_score=topic_score(meta.get("title"), body),
        flags=document_flags(body, source, meta["placeholder_share"]),
        **meta,
    )


def original_lines(lines: list[str], simplified: list[str], body: str) -> str:
    """The source lines (as the page wrote them) whose Simplified form the body kept."""
    flat = body.replace("\n", "")
    kept = []
    for source, simple in zip(lines, simplified, strict=False):
        middle = simple[len(simple) // 4 : max(len(simple) * 3 // 4, len(simple) // 4 + 1)]
        if middle and middle in flat:
            kept.append(source.strip())
    return "\n".join(kept)
