"""Chinese full-text search with overlapping character bigrams in FTS5.

FTS5's unicode61 tokenizer treats a whole Chinese clause as one token, and the
trigram tokenizer cannot find two-character terms (双减, 师德). Indexing every
overlapping bigram, and searching a term as the phrase of its bigrams, finds
any substring of two characters or more.
"""

from __future__ import annotations

import re

_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+")
_WORD = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+|[A-Za-z0-9]+")


def bigrams(run: str) -> list[str]:
    """Overlapping bigrams of a run of CJK characters; a lone character stays itself."""
    if len(run) == 1:
        return [run]
    return [run[i : i + 2] for i in range(len(run) - 1)]


def bigram_text(text: str) -> str:
    """The text as space-separated tokens: CJK bigrams, Latin words and numbers."""
    tokens: list[str] = []
    for word in _WORD.findall(text):
        tokens.extend(bigrams(word) if _CJK.fullmatch(word) else [word.lower()])
    return " ".join(tokens)


def fts_query(query: str) -> str:
    """Rewrite a user's query into FTS5 syntax: every term must occur, as written."""
    phrases = []
    for word in _WORD.findall(query):
        if len(word) == 1 and _CJK.fullmatch(word):
            # A lone character is only indexed inside bigrams: match the bigrams
            # it starts (a prefix query). It misses the character at the end of
            # a run of CJK text, but never returns a document without it.
            phrases.append(f'"{word}" *')
            continue
        tokens = bigrams(word) if _CJK.fullmatch(word) else [word.lower()]
        phrases.append('"' + " ".join(tokens) + '"')
    return " ".join(phrases) if phrases else '""'


def query_terms(query: str) -> list[str]:
    """The terms of a user's query, as fts_query splits them."""
    return _WORD.findall(query)


def snippet(text: str, query: str = "", width: int = 120) -> list[tuple[str, bool]]:
    """A short extract of ``text`` around the first match of ``query``.

    Returns ``(segment, is_match)`` pairs so a template can highlight matches
    while still escaping everything. Contentless FTS5 tables cannot build
    snippets themselves (they do not store the text), hence this.
    """
    text = " ".join(text.split())
    pattern = _terms_pattern(query)
    first = pattern.search(text) if pattern else None
    start = max(0, first.start() - width // 3) if first else 0
    end = min(len(text), start + width)
    window = text[start:end]
    segments = _split_matches(window, pattern) if pattern else [(window, False)]
    if start > 0:
        segments.insert(0, ("…", False))
    if end < len(text):
        segments.append(("…", False))
    return segments


def snippet_text(text: str, query: str = "", width: int = 120, mark: str = "【{}】") -> str:
    """``snippet`` as plain text, matches wrapped with ``mark`` (for SQL and exports)."""
    return "".join(mark.format(s) if hit else s for s, hit in snippet(text, query, width))


def _terms_pattern(query: str) -> re.Pattern[str] | None:
    terms = sorted(set(query_terms(query)), key=len, reverse=True)
    if not terms:
        return None
    return re.compile("|".join(re.escape(t) for t in terms), re.IGNORECASE)


def _split_matches(text: str, pattern: re.Pattern[str]) -> list[tuple[str, bool]]:
    segments: list[tuple[str, bool]] = []
    position = 0
    for match in pattern.finditer(text):
        if match.start() > position:
            segments.append((text[position : match.start()], False))
        segments.append((match.group(), True))
        position = match.end()
    if position < len(text):
        segments.append((text[position:], False))
    return segments
