"""Main text of a page: prune link-dense furniture blocks, then trafilatura.

The page is parsed once with lxml; the same tree gives the title and is
pruned before trafilatura reads it, so trafilatura runs once per page.
"""

from __future__ import annotations

import re
from copy import copy
from dataclasses import dataclass, field
from functools import lru_cache

import htmldate
import lxml.html
import trafilatura
from lxml import etree
from lxml.etree import ParserError
from trafilatura.settings import Extractor
from trafilatura.xml import xmltotxt

from cleaning.furniture import is_furniture_line, is_heading, is_paragraph_like, is_signature
from cleaning.headline import trim
from cleaning.lexicon import CJK, STATEMENT_END

# Elements that never hold the document's text.
_DROP_TAGS = ("script", "style", "noscript", "iframe", "nav", "aside", "footer", "button",
              "select", "textarea", "input", "svg", "template")
_LINE_BREAKS = ("p", "div", "br", "li", "tr", "td", "th", "h1", "h2", "h3", "h4", "h5", "h6",
                "section", "article", "blockquote", "pre", "dd", "dt", "table", "ul", "ol", "header")
# Blocks judged by link density; inline elements (span, a, b) never are, so an
# autolinked keyword inside a sentence (<span><a>教育局</a></span>) stays.
_BLOCKS = ("div", "ul", "ol", "dl", "p", "td", "tr", "table", "section", "li", "header")
# A block whose text is mostly link text is a menu, a list or a tag cloud ...
LINK_DENSITY = 0.5
# ... unless it is long enough to be the document itself.
MAX_PRUNED_TEXT = 400
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*>", re.IGNORECASE)
# " - 站名", "_站名", "|站名": a site name after the title.
_TITLE_SEPARATORS = re.compile(r"\s*[_|｜]\s*|\s+[-–—]+\s+|\s*[-–—]+\s*(?=[^-–—]{2,14}$)")
_FILE_EXTENSION = re.compile(r"\s*\.(docx?|pdf|txt|wps|pptx?)\s*$", re.IGNORECASE)


@dataclass
class Extracted:
    title: str | None
    lines: list[str]
    published: str | None = None
    sitename: str | None = None
    extra: dict = field(default_factory=dict)


def parse_html(html: str) -> lxml.html.HtmlElement | None:
    try:
        return lxml.html.document_fromstring(_XML_DECLARATION.sub("", html, count=1))
    except (ParserError, ValueError):
        return None


def extract_main(html: str, url: str | None = None, date_from_tree: bool = True) -> Extracted:
    """Title from the page's headings, body lines from trafilatura on the pruned tree.

    ``date_from_tree=False`` skips htmldate, for a caller that already has the date.
    """
    tree = parse_html(html)
    if tree is None:
        return Extracted(title=None, lines=[])
    title, sitename = page_title(tree)
    prune_furniture_blocks(tree)
    # trafilatura reads (a copy of) the tree before dom_lines writes its breaks into it: the
    # breaks keep empty blocks from trafilatura's pruning, which then reads them in vain.
    result = trafilatura.bare_extraction(tree, options=_options(url))
    page_lines = dom_lines(tree)
    return Extracted(
        title=title,
        lines=fill_gaps(result.body if result is not None else None, page_lines),
        published=page_date(tree) if date_from_tree else None,
        sitename=sitename,
    )


@lru_cache(maxsize=1)
def _extractor() -> Extractor:
    """trafilatura's options, built once (reading its config costs more than a small page's
    pruning); each page gets a copy with its url, as trafilatura's own command line does."""
    return Extractor(
        # Not "python": that also writes the body out as text, which fill_gaps only needs when
        # the page's own lines cannot be placed (see main_text_lines).
        output_format="txt",
        recall=True,
        fast=True,  # no readability/justext comparison: fill_gaps recovers what it would
        tables=False,
        comments=False,
        images=False,
        with_metadata=False,
    )


def _options(url: str | None) -> Extractor:
    options = copy(_extractor())
    options.url = options.source = url
    return options


def page_date(tree: lxml.html.HtmlElement) -> str | None:
    """htmldate's quick search (meta tags, time elements, URL-free patterns), as ISO."""
    try:
        return htmldate.find_date(tree, extensive_search=False, original_date=True)
    except (ValueError, TypeError):  # htmldate rejects some odd trees; a date is optional
        return None


def dom_lines(tree: lxml.html.HtmlElement) -> list[str]:
    """Every text line of the (pruned) page, broken at blocks and <br>.

    Newlines are written into the tree's text and tails (after trafilatura has read it).
    """
    for el in tree.iter(*_LINE_BREAKS):
        el.tail = "\n" + (el.tail or "")
        if el.tag != "br":
            el.text = "\n" + (el.text or "")
    body = tree.find("body")
    text = (body if body is not None else tree).text_content()
    return [" ".join(words) for line in text.split("\n") if (words := line.split())]


def main_text_lines(body: etree._Element | None) -> list[str]:
    """trafilatura's main text as lines (its own text output)."""
    text = xmltotxt(body, False) if body is not None else ""
    return [line.strip() for line in text.split("\n") if line.strip()]


def fill_gaps(body: etree._Element | None, page: list[str]) -> list[str]:
    """The page's own lines that trafilatura kept, plus what it skipped inside that span.

    trafilatura decides *which* text is the article (``body``, its main-text tree); the
    page's lines (cut at blocks and <br>) say *how* it is broken, since trafilatura may
    split a sentence at an inline link or merge blocks. A page line is kept when its
    text occurs in trafilatura's output; inside the span of kept lines,
    headings, paragraphs and the closing signature it dropped come back.
    """
    flat = _key("".join(body.itertext())) if body is not None else ""
    keys = [_key(line) for line in page]
    # Very short lines ("总结") occur in any text by chance: they do not place the span.
    found = [i for i, k in enumerate(keys) if len(k) >= 6 and k in flat]
    if not found or sum(len(keys[i]) for i in found) < 0.5 * len(flat):
        return main_text_lines(body)
    start, end = found[0], found[-1]
    while start > 0 and keys[start - 1] and keys[start - 1] in flat:
        start -= 1  # a short first line trafilatura kept too (教学目标:)
    while end + 1 < len(page) and keys[end + 1] and keys[end + 1] in flat:
        end += 1
    last_kept = end
    while end + 1 < len(page) and end - last_kept < 4 and _closes_document(page[end + 1]):
        end += 1  # a last item, the issuer and the date: too short for trafilatura
    out = []
    for i in range(start, end + 1):
        line = page[i]
        if keys[i] in flat or is_heading(line) or is_signature(line) or _is_paragraph(line):
            out.append(line)
    return out


def _closes_document(line: str) -> bool:
    return is_signature(line) or (is_heading(line) and not is_furniture_line(line)) or _is_paragraph(line)


def _is_paragraph(line: str) -> bool:
    """Running text, or a short sentence ("还存在以下问题:") that is not furniture."""
    if is_paragraph_like(line):
        return True
    return len(line) >= 8 and line.endswith(STATEMENT_END) and not is_furniture_line(line)


def _key(line: str) -> str:
    return "".join(line.split())


def text_of(el: lxml.html.HtmlElement) -> str:
    return " ".join(el.text_content().split())


def page_title(tree: lxml.html.HtmlElement) -> tuple[str | None, str | None]:
    """The document title and, when the <title> names it, the site.

    The best title is a heading-like element whose text the <title> contains
    (the <title> adds the site name); otherwise the <title>'s first segment.
    """
    head_title = " ".join(tree.findtext(".//title", default="").split())
    segments = [s for s in _TITLE_SEPARATORS.split(head_title) if s and s.strip()]
    sitename = segments[-1].strip() if len(segments) > 1 else None
    heading = _title_heading(tree, head_title)
    if heading:
        return clean_title(heading), sitename
    if segments:
        return clean_title(segments[0]), sitename
    return None, sitename


# Compiled once: parsing the expression cost a fifth of the search. A class holding "title"
# holds "tit"; testing that the attribute exists first halves the search (same elements).
_HEADING_LIKE = etree.XPath(
    "//h1|//h2|//h3|//*[@class][contains(@class,'tit')]|//*[@id][contains(@id,'title')]"
)


def _title_heading(tree: lxml.html.HtmlElement, head_title: str) -> str | None:
    candidates = _HEADING_LIKE(tree)
    best = None
    for el in candidates:
        text = text_of(el)
        if not (4 <= len(text) <= 80) or not CJK.search(text):
            continue
        bare = _FILE_EXTENSION.sub("", text)
        if head_title and bare in head_title and (best is None or len(bare) > len(best)):
            best = text
    if best is None:
        h1 = [text_of(el) for el in tree.iter("h1")]
        h1 = [t for t in h1 if 4 <= len(t) <= 80 and CJK.search(t)]
        best = h1[0] if len(h1) == 1 else None
    return best


def clean_title(title: str) -> str | None:
    """The headline as the page gives it, without the reader's trimmings (.docx, _第1页)."""
    return trim(title) or None


def prune_furniture_blocks(tree: lxml.html.HtmlElement) -> None:
    """Remove elements that never hold text and blocks made mostly of links."""
    for el in list(tree.iter(*_DROP_TAGS)):
        _drop(el)
    # Only a block holding a link can be made of links: one walk up from each link finds them
    # all, where a search for links down every block reads nested blocks again and again.
    linked: set[lxml.html.HtmlElement] = set()
    for anchor in tree.iter("a"):
        for block in anchor.iterancestors(*_BLOCKS):
            if block in linked:
                break  # and the blocks above it, added with it
            linked.add(block)
    dropped: set[lxml.html.HtmlElement] = set()  # and the blocks inside, no longer in the page
    for el in list(tree.iter(*_BLOCKS)):
        if el not in linked or el in dropped or el.getparent() is None:
            continue
        if _is_link_block(el):
            dropped.update(el.iter(*_BLOCKS))
            _drop(el)


def _is_link_block(el: lxml.html.HtmlElement) -> bool:
    if _inside_paragraph(el):
        return False
    anchors = el.findall(".//a")
    if not anchors:
        return False
    text = "".join(el.text_content().split())
    if not text or len(text) > MAX_PRUNED_TEXT:
        return False
    link_text = sum(len("".join(a.text_content().split())) for a in anchors)
    return link_text / len(text) >= LINK_DENSITY


def _inside_paragraph(el: lxml.html.HtmlElement) -> bool:
    parent = el.getparent()
    return parent is not None and parent.tag in ("p", "font", "span", "b", "strong")


def _drop(el: lxml.html.HtmlElement) -> None:
    """Remove an element but keep the text that follows it (its tail)."""
    el.drop_tree()
