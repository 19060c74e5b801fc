"""Chinese full-text search with overlapping character bigrams in FTS5.

FTS5's unicode61 tokenizer treats a whole Chinese clause as one token, and the
trigram tokenizer cannot find two-character terms (双减, 师德). Indexing every
overlapping bigram, and searching a term as the phrase of its bigrams, finds
any substring of two characters or more.

The query language (``parse_query``): terms separated by spaces must all
occur; ``A OR B`` either; ``-A`` excludes; ``"…"`` keeps a phrase with its
spaces. Traditional characters are converted to Simplified, as the bodies
are. A lone Chinese character, or a term beginning with one, is refused
(``QueryError``): the index holds it only inside bigrams, so any answer would
be half a match.

For SQL outside Datasette, ``register_functions(conn)`` adds the same
functions Datasette has: ``fts_query(q)``, ``corpus_snippet(body, q)``.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass, field
from functools import lru_cache

from opencc import OpenCC

_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+")
_WORD = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+|[A-Za-z0-9]+")
# A quoted phrase, an OR, or a bare word; each optionally preceded by - (exclude).
_QUERY_TOKEN = re.compile(r'(-?)"([^"]*)"?|(\S+)')
NO_MATCH = '""'  # an FTS5 query that matches nothing


@lru_cache(maxsize=1)
def _tw2s() -> OpenCC:
    # The converter cleaning.normalize uses on bodies (tw2s), so a Traditional query
    # becomes exactly the Simplified text that was indexed. Not imported from there:
    # the cleaning package imports trafilatura, which search and the reader never need.
    return OpenCC("tw2s")


def to_simplified(text: str) -> str:
    return _tw2s().convert(text)


class QueryError(ValueError):
    """A query that cannot be answered honestly; the message says why, in Chinese."""


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


@dataclass
class Query:
    """A parsed query: groups of alternatives that must all match, and exclusions."""

    groups: list[list[str]] = field(default_factory=list)  # AND of ORs of phrases
    excluded: list[str] = field(default_factory=list)

    @property
    def terms(self) -> list[str]:
        """Every phrase that counts as a hit (for highlighting and KWIC)."""
        return [term for group in self.groups for term in group]

    def wanted(self) -> str:
        """The terms that must occur, as an FTS5 expression."""
        return " AND ".join(_alternatives(group) for group in self.groups)

    def fts(self) -> str:
        """The FTS5 MATCH expression over the bigram index."""
        if not self.groups:
            return NO_MATCH
        if not self.excluded:
            return self.wanted()
        return f"({self.wanted()}) NOT {_alternatives(self.excluded)}"

    def fts_title(self) -> str:
        """Any wanted term in the title column (such documents rank first)."""
        if not self.groups:
            return NO_MATCH
        return "{title} : (" + " OR ".join(_phrase(t) for t in self.terms) + ")"


def _alternatives(terms: list[str]) -> str:
    either = " OR ".join(_phrase(t) for t in terms)
    return f"({either})" if len(terms) > 1 else either


def _phrase(term: str) -> str:
    """The term's tokens as one FTS5 phrase. A lone character ending the term
    ("新的一年,我") may go on in the text (我局): it is the prefix of the next token."""
    phrase = '"' + bigram_text(term) + '"'
    last = _WORD.findall(term)[-1]
    open_end = len(last) == 1 and _CJK.fullmatch(last) and term.endswith(last)
    return phrase + " *" if open_end else phrase


def parse_query(query: str | None) -> Query:
    """Parse what a person typed; raise QueryError for what cannot be answered."""
    parsed = Query()
    join_next = False
    for match in _QUERY_TOKEN.finditer(to_simplified(query or "")):
        negate, quoted, bare = match.group(1), match.group(2), match.group(3)
        if bare == "OR":
            join_next = bool(parsed.groups)
            continue
        if bare is not None and bare.startswith("-") and len(bare) > 1:
            negate, bare = "-", bare[1:]
        term = " ".join(quoted.split()) if quoted is not None else bare
        if not _WORD.search(term or ""):
            continue  # punctuation only: nothing to look for
        _refuse_lone_characters(term)
        if negate:
            parsed.excluded.append(term)
        elif join_next:
            parsed.groups[-1].append(term)
        else:
            parsed.groups.append([term])
        join_next = False
    if parsed.excluded and not parsed.groups:
        raise QueryError("只有排除词(-词)无法检索:请至少给出一个要找的词")
    return parsed


def _refuse_lone_characters(term: str) -> None:
    # A character alone at the start of a term may be the end of a longer run in
    # the text ("…自我,新的"), where the index has it only as the second half of
    # a bigram: no query finds exactly those. (At the end of a term it is the
    # prefix of the next token, see _phrase; between punctuation, a token of its own.)
    first = _WORD.findall(term)[0]
    if len(first) == 1 and _CJK.fullmatch(first) and term.startswith(first):
        raise QueryError(
            f"单个汉字「{first}」无法准确检索(索引按两个字切分):请输入包含「{first}」的两字以上的词"
        )


def fts_query(query: str | None) -> str:
    """Rewrite a user's query into FTS5 syntax; a refused query matches nothing."""
    try:
        return parse_query(query).fts()
    except QueryError:
        return NO_MATCH


def query_problem(query: str | None) -> str | None:
    """Why a query is refused, or None when it can be answered."""
    try:
        parse_query(query)
    except QueryError as exc:
        return str(exc)
    return None


def query_terms(query: str | None) -> list[str]:
    """The phrases of a query that count as hits (simplified, without exclusions)."""
    try:
        return parse_query(query).terms
    except QueryError:
        return []


def terms_pattern(query: str | None) -> re.Pattern[str] | None:
    """A regex for every hit phrase, longest first; spaces in a phrase match any blank."""
    terms = sorted(set(query_terms(query)), key=len, reverse=True)
    if not terms:
        return None
    parts = (r"\s+".join(re.escape(w) for w in t.split()) for t in terms)
    return re.compile("|".join(parts), re.IGNORECASE)


def snippet(text: str, query: str = "", width: int = 120) -> list[tuple[str, bool]]:
    """A short extract of ``text`` around the first match of ``query``.

    Returns ``(segment, is_match)`` pairs so a template can highlight matches
    while still escaping everything. Contentless FTS5 tables cannot build
    snippets themselves (they do not store the text), hence this.
    """
    text = " ".join(text.split())
    pattern = terms_pattern(query)
    first = pattern.search(text) if pattern else None
    start = max(0, first.start() - width // 3) if first else 0
    end = min(len(text), start + width)
    window = text[start:end]
    segments = split_matches(window, pattern) if pattern else [(window, False)]
    if start > 0:
        segments.insert(0, ("…", False))
    if end < len(text):
        segments.append(("…", False))
    return segments


def snippet_text(text: str, query: str = "", width: int = 120, mark: str = "【{}】") -> str:
    """``snippet`` as plain text, matches wrapped with ``mark`` (for SQL and exports)."""
    return "".join(mark.format(s) if hit else s for s, hit in snippet(text, query, width))


def split_matches(text: str, pattern: re.Pattern[str] | None) -> list[tuple[str, bool]]:
    """``text`` cut into (segment, is_match) pairs."""
    if pattern is None:
        return [(text, False)] if text else []
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


def in_title(title: str | None, query: str | None) -> int:
    """1 when the title holds a hit phrase of ``query``."""
    pattern = terms_pattern(query)
    return int(bool(pattern and title and pattern.search(title)))


def register_functions(conn: sqlite3.Connection) -> None:
    """The search functions for any SQLite connection (Datasette's, or your own).

    ``select * from documents where id in (select rowid from documents_fts
    where documents_fts match fts_query('课后服务'))`` then counts truthfully.
    """
    conn.create_function("fts_query", 1, fts_query, deterministic=True)
    conn.create_function("bigram_text", 1, lambda t: bigram_text(t or ""), deterministic=True)
    conn.create_function(
        "corpus_snippet", 2, lambda t, q: snippet_text(t or "", q or ""), deterministic=True
    )
    conn.create_function("corpus_in_title", 2, in_title, deterministic=True)
