"""Remove the page around a document: navigation, prompts, notices, footers.

Lines are judged by what they are, so unseen sites are cleaned too:
furniture vocabulary and patterns (data/furniture.toml), the weight of the
site's own words per length, length and sentence punctuation, outline
markers, position relative to the document's core (the span of
paragraph-like lines), where furniture was cut out, and the title repeated.
"""

from __future__ import annotations

import re
import tomllib
from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from re import _parser as re_parser

import ahocorasick_rs

from cleaning.lexicon import CJK, SENTENCE_PUNCT, STATEMENT_END, replace_placeholders
from cleaning.rules import gate_of, pattern, required_literals

# A line at most this long is furniture on one vocabulary hit; a longer one
# (a real paragraph may mention 下载 or 来源) needs two distinct hits.
MAX_ONE_HIT_LINE = 90
# A long line of this many full sentences is the text's, even with two furniture hits (a report's
# preface ending with its office's telephone and e-mail address).
TEXT_SENTENCES = 3
# Short lines without sentence punctuation are where site chrome lives.
SHORT_LINE = 30
# Running headers and footers are short; repeated long lines are left to dedup.
REPEATED_LINE = 40
# Lines shorter than this (menus, labels) break a block of text apart (see best_block).
BLOCK_LINE = 20
# A pinyin-obfuscated paragraph has at least this many letters (an English footer is furniture
# by its vocabulary long before).
ROMANIZED_LETTERS = 40
_LATIN = re.compile(r"[A-Za-z]")
# An English paragraph holds this many of its function words (a 40-letter sentence has a few).
_ENGLISH_FUNCTION_WORD = re.compile(r"\b(?:the|of|and|to|in|is|are|was|for|with|on|by|that)\b", re.I)
ENGLISH_FUNCTION_WORDS = 4
# The site's voice (strong_patterns) is furniture up to this length: its lead-ins run long.
MAX_STRONG_LINE = 300
# A line holding two "label:" fields (格式:DOC 上传日期:…, 来源:… 浏览数:) is a metadata row.
_FIELD = re.compile(r"(?:^|\s)(?:[\u4e00-\u9fff]\s?){2,6}[:：]")
MAX_FIELD_ROW = 150
# A whole line in brackets: a photo caption "(局长讲话)" or a date "(2014年3月5日)".
_BRACKETED = re.compile(r"^[(（][^()（）]{2,40}[)）]$")

OUTLINE_MARKER = re.compile(
    r"^\s*(?:[一二三四五六七八九十]{1,3}[、.．]|[(（][一二三四五六七八九十\d]{1,3}[)）]"
    r"|\d{1,2}[.．、](?!\d)|[一二三四五六七八九十]是|第[一二三四五六七八九十]{1,3}[,，、章节部分条]"
    r"|[①②③④⑤⑥⑦⑧⑨⑩])"
)


@dataclass(frozen=True)
class Cut:
    """Where furniture (or a repeated headline) was cut out of the page.

    A cut stays among the lines until the core is found: the document does
    not grow across it (comments after a 评论 header, a reply after a
    signature block). One that ``ends_article`` (评论, 上一篇, 版权所有 …)
    closes the document once most of its text is behind.
    """

    ends_article: bool = False


GAP = Cut()
END = Cut(ends_article=True)
# The lines cleaning passes between its steps: the page's text, and where it was cut.
Line = str | Cut


def _is_text(line: Line) -> bool:
    return isinstance(line, str)
_LIST_MARKER = re.compile(r"^\s*(?:\d{1,2}[、.．)）]|[(（]\d{1,2}[)）]|[①-⑩])")


@dataclass(frozen=True)
class GatedPatterns:
    """Patterns searched only on lines that hold a literal they cannot match without.

    Python's re tries every branch of a big alternation at every position; one
    automaton scan for the literals (lower-cased, see Keywords), then only the
    patterns those literals name, is many times faster on lines that hold none.
    """

    by_keyword: dict[str, tuple[re.Pattern, ...]]
    # Patterns with no required literal, tried on every line long enough for them (a
    # 60-character blob pattern skips most lines), with that length.
    ungated: tuple[tuple[re.Pattern, int], ...]

    @classmethod
    def of(cls, patterns: list[str]) -> GatedPatterns:
        by_keyword, ungated = index_by_keyword(patterns)
        return cls(by_keyword, tuple((p, re_parser.parse(p.pattern).getwidth()[0]) for p in ungated))

    def candidates(self, keywords: set[str], length: int) -> Collection[re.Pattern]:
        """The patterns that may match a line of ``length`` characters holding ``keywords``,
        each once."""
        # Most groups have no ungated pattern, and most lines no keyword: nothing to build.
        ungated = [p for p, shortest in self.ungated if length >= shortest] if self.ungated else ()
        if not keywords:
            return ungated
        named = [self.by_keyword[w] for w in keywords if w in self.by_keyword]
        if not named:
            return ungated
        if len(named) == 1 and not ungated:
            return named[0]
        return {p for patterns in named for p in patterns}.union(ungated)


@dataclass(frozen=True)
class Keywords:
    """One automaton over the literals of every gated group: a line is scanned once."""

    automaton: ahocorasick_rs.AhoCorasick
    words: tuple[str, ...]  # by the automaton's pattern index

    @classmethod
    def of(cls, *groups: GatedPatterns) -> Keywords:
        words = tuple(sorted({w for group in groups for w in group.by_keyword}))
        # A few hundred short words: the DFA scans a line about twice as fast as the NFA.
        dfa = ahocorasick_rs.Implementation.DFA
        return cls(ahocorasick_rs.AhoCorasick(words, implementation=dfa), words)

    def found_in(self, line: str) -> set[str]:
        # The automaton is case-sensitive over the lower-cased line: each match is its word
        # (the strings come back faster than indexes mapped through ``words``).
        return set(self.automaton.find_matches_as_strings(line.lower(), overlapping=True))


@dataclass(frozen=True)
class FurnitureRules:
    line_start: GatedPatterns  # patterns anchored at ^ (without it), tried at the line start
    floating: GatedPatterns  # the other line patterns
    strong: GatedPatterns  # the site's voice about its 范文: furniture at any length
    keywords: Keywords  # the literals of the three groups above
    short_line: re.Pattern
    tail_boundary: re.Pattern
    chrome: re.Pattern
    prompt: ahocorasick_rs.AhoCorasick  # the site's own voice: 下载, 会员, 侵权 …
    prompt_words: tuple[str, ...]  # by the automaton's pattern index
    prompt_weight: dict[str, int]
    vocabulary: tuple[str, ...]
    inline: tuple[str, ...]  # furniture stuck to a line of text: cut out, the text kept
    inline_gate: re.Pattern | None  # a character every inline match holds (rules.gate_of)
    inline_by_char: dict[str, frozenset[int]]  # a gate character: the inline patterns it lets by
    inline_keyed: tuple[tuple[str, re.Pattern], ...]  # (keyword, pattern): tried where it stands


@lru_cache(maxsize=1)
def rules() -> FurnitureRules:
    text = resources.files("cleaning.data").joinpath("furniture.toml").read_text(encoding="utf-8")
    data = tomllib.loads(text)
    line_patterns = [*data["line_patterns"], data["story_list_label"]]
    anchored = [p[1:] for p in line_patterns if p.startswith("^")]
    floating = [p for p in line_patterns if not p.startswith("^")]
    prompt_words = tuple(data["prompt_words"])
    gated = [GatedPatterns.of(group) for group in (anchored, floating, data["strong_patterns"])]
    return FurnitureRules(
        line_start=gated[0],
        floating=gated[1],
        strong=gated[2],
        keywords=Keywords.of(*gated),
        short_line=_alternation(data["short_line_patterns"]),
        tail_boundary=_alternation([*data["tail_boundary_patterns"], data["story_list_label"]]),
        chrome=_alternation([re.escape(w) for w in data["chrome_words"]]),
        # Leftmost-longest, one word after another: the words a line holds, each once.
        prompt=ahocorasick_rs.AhoCorasick(
            prompt_words,
            matchkind=ahocorasick_rs.MatchKind.LeftmostLongest,
            implementation=ahocorasick_rs.Implementation.DFA,
        ),
        prompt_words=prompt_words,
        prompt_weight=dict(data["prompt_words"]),
        vocabulary=tuple(data["vocabulary"]),
        inline=tuple(data["inline_patterns"]),
        inline_gate=gate_of([_alternation(data["inline_patterns"])]),
        inline_by_char=_patterns_by_gate_char(data["inline_patterns"]),
        inline_keyed=tuple((r["keyword"], re.compile(r["pattern"])) for r in data["inline_keyed"]),
    )


def _alternation(patterns: list[str]) -> re.Pattern:
    return re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE)


def _patterns_by_gate_char(patterns: list[str]) -> dict[str, frozenset[int]]:
    """Each character of the patterns' gates (lower-cased): the patterns needing it."""
    by_char: dict[str, set[int]] = {}
    for i, source in enumerate(patterns):
        for word in required_literals(re_parser.parse(source)) or ():
            by_char.setdefault(word[0].lower(), set()).add(i)
    return {char: frozenset(found) for char, found in by_char.items()}


@cache  # one per set of patterns a line may match: a few
def _inline_alternation(indexes: frozenset[int]) -> re.Pattern:
    """The inline patterns at ``indexes`` as one alternation, in their order: on a line that
    can match no other, the whole alternation's matches (the others match nowhere in it)."""
    sources = rules().inline
    return _alternation([sources[i] for i in sorted(indexes)])


def index_by_keyword(
    patterns: list[str],
) -> tuple[dict[str, tuple[re.Pattern, ...]], tuple[re.Pattern, ...]]:
    """Map each literal a pattern cannot match without (lower-cased) to that pattern."""
    by_keyword: dict[str, list[re.Pattern]] = {}
    ungated = []
    for source in patterns:
        compiled = re.compile(source, re.IGNORECASE)
        keywords = required_literals(re_parser.parse(source))
        if not keywords:
            ungated.append(compiled)
            continue
        for word in keywords:
            by_keyword.setdefault(word.lower(), []).append(compiled)
    # dict.fromkeys: two literals that differ in case only name their pattern once.
    return {k: tuple(dict.fromkeys(v)) for k, v in by_keyword.items()}, tuple(ungated)


def furniture_vocabulary() -> tuple[str, ...]:
    """Words whose presence in a cleaned body means furniture survived."""
    return rules().vocabulary


# ---------------------------------------------------------------- one line


def is_heading(line: str) -> bool:
    """An outline heading or list item: 一、 (一) 1. 一是 …"""
    return bool(OUTLINE_MARKER.match(line))


def is_signature(line: str) -> bool:
    """The issuer's name or the date that closes a document."""
    return bool(pattern("signature").match(line))


def is_document_number(line: str) -> bool:
    """The document's own number (苏教〔2023〕2号) or disclosure note: short, but its own line."""
    return bool(pattern("document_number").match(line))


@lru_cache(maxsize=8192)  # asked of the same line by several steps
def is_paragraph_like(line: str) -> bool:
    """Running text: long enough and punctuated like a sentence."""
    if len(line) < 20 or len(SENTENCE_PUNCT.findall(line)) < 2:
        return False
    return bool(CJK.search(line)) or is_romanized(line)


def is_english_prose(line: str) -> bool:
    """A paragraph of English ("The Ministry of Education issued the …"): no Chinese, and the
    function words of English sentences, which run-together pinyin never holds."""
    if len(line) < ROMANIZED_LETTERS or CJK.search(line):
        return False
    return len(_ENGLISH_FUNCTION_WORD.findall(line)) >= ENGLISH_FUNCTION_WORDS


def _mark_translations(lines: list[str], furniture: list[bool]) -> None:
    """Mark as furniture the English paragraphs among a mostly Chinese text's (a journal's
    translated abstract); a wholly English text keeps its lines."""
    english = [i for i, line in enumerate(lines) if not furniture[i] and is_english_prose(line)]
    if not english:  # most pages
        return
    # An English word says about what two Chinese characters say.
    english_words = sum(len(lines[i].split()) for i in english)
    chinese_chars = sum(len(CJK.findall(line)) for line, drop in zip(lines, furniture, strict=True) if not drop)
    if chinese_chars > english_words:
        for i in english:
            furniture[i] = True


def is_romanized(line: str) -> bool:
    """Chinese written out as run-together pinyin ("2021nian,xiande…"), as spam mirrors obfuscate it.

    Such a line is the document's text, mangled: it is kept (and the document
    flagged), not taken for furniture.
    """
    if len(line) < ROMANIZED_LETTERS:
        return False
    letters = len(_LATIN.findall(line))
    return letters >= ROMANIZED_LETTERS and letters >= 0.6 * len(line.replace(" ", ""))


def furniture_hits(line: str, keywords: set[str] | None = None) -> int:
    """How many furniture patterns the line matches (those anchored at its start count once);
    ``keywords``: the line's literals, when the caller has them."""
    r = rules()
    if keywords is None:
        keywords = r.keywords.found_in(line)
    start = line.lstrip()
    hits = 0
    for p in r.line_start.candidates(keywords, len(start)):
        if p.match(start):
            hits = 1
            break
    for p in r.floating.candidates(keywords, len(line)):
        if p.search(line):
            hits += 1
    return hits


def prompt_score(line: str) -> int:
    """Summed weights of the distinct site-voice words in a line."""
    r = rules()
    matches = r.prompt.find_matches_as_indexes(line)
    if not matches:  # most lines
        return 0
    found = {r.prompt_words[i] for i, _, _ in matches}
    return sum(r.prompt_weight[w] for w in found)


def is_prompt_line(line: str) -> bool:
    """The site talking (download tips, upload notices, replies), judged by word weight per length."""
    needed = 2 if len(line) <= 40 else 3 if len(line) <= MAX_ONE_HIT_LINE else 5
    if is_heading(line):
        needed += 1  # "(三)加强网站和文档管理" is a heading, not a prompt
    return prompt_score(line) >= needed


@lru_cache(maxsize=8192)
def is_furniture_line(line: str) -> bool:
    """Furniture by its own content, wherever it stands on the page."""
    if is_document_number(line):
        return False
    r = rules()
    keywords = r.keywords.found_in(line)
    strong = r.strong.candidates(keywords, len(line)) if len(line) <= MAX_STRONG_LINE else ()
    if any(p.search(line) for p in strong):
        return True
    if is_field_row(line) or _BRACKETED.match(line):
        return True
    hits = furniture_hits(line, keywords)
    if hits and (len(line) <= MAX_ONE_HIT_LINE or hits >= 2 and line.count("。") < TEXT_SENTENCES):
        return True
    return is_prompt_line(line) or is_chrome_line(line)


# A site's watermark glued to the end of line after line (…发展成就c5s乡村百科--为乡村振兴助力): the
# same ending on this many lines, of at least WATERMARK_MIN characters, marked as the site's by a
# Latin letter or a furniture word (a plan's repeated "(牵头单位:县教育局)" is its own text).
WATERMARK_LINES = 3
WATERMARK_MIN = 8
_LATIN_LETTER = re.compile(r"[A-Za-z]")


def cut_repeated_watermark(lines: list[str]) -> list[str]:
    """The lines with a watermark that ends several of them cut off (see WATERMARK_LINES)."""
    ends = Counter(line[-WATERMARK_MIN:] for line in lines if len(line) > WATERMARK_MIN * 2)
    if not ends:
        return lines
    end, count = ends.most_common(1)[0]
    if count < WATERMARK_LINES:
        return lines
    mark = _common_suffix([line for line in lines if line.endswith(end)])
    # A statistics template's ending (…比上年增加 XX 人,增长 XX%。) holds placeholders, no site's letters.
    letters = _LATIN_LETTER.search(replace_placeholders(mark, ""))
    if not (letters or furniture_hits(mark)) or mark.strip().startswith(("(", "（")):
        return lines
    return [_cut_end(line, mark) for line in lines]


def _cut_end(line: str, mark: str) -> str:
    """The line without ``mark`` at its end (kept whole when nothing else would be left)."""
    if not line.endswith(mark):
        return line
    return line[: -len(mark)].rstrip() or line


def _common_suffix(lines: list[str]) -> str:
    shortest = min(len(line) for line in lines)
    size = 0
    while size < shortest and len({line[-size - 1] for line in lines}) == 1:
        size += 1
    return lines[0][len(lines[0]) - size :]


def trim_inline_furniture(line: str) -> str:
    """Cut a watermark stuck to a line of text ("一、主要工作 公文汇 www.….com")."""
    r = rules()
    for keyword, rule in r.inline_keyed:
        if keyword in line:
            line = rule.sub("", line).strip() or line
    if r.inline_gate is None:
        inline = _inline_alternation(frozenset(range(len(r.inline))))
    else:
        chars = set(r.inline_gate.findall(line))
        if not chars:  # most lines
            return line.strip() or line
        # Only the patterns whose gate the line passes: a bracket lets one pattern by, not five.
        inline = _inline_alternation(frozenset().union(*(r.inline_by_char[c.lower()] for c in chars)))
    trimmed = inline.sub("", line).strip()
    return trimmed or line


def is_field_row(line: str) -> bool:
    """Metadata fields side by side: "格式:DOC 上传日期:2023-11-19", "来源:记者站 浏览数:"."""
    # An outline item ("1.牵头单位:… 责任单位:…") is a plan's own task line, not a metadata row.
    return (
        len(line) <= MAX_FIELD_ROW
        and "。" not in line
        and not is_heading(line)
        and len(_FIELD.findall(line)) >= 2
    )


@lru_cache(maxsize=8192)
def is_chrome_line(line: str) -> bool:
    """A short unpunctuated line made of site words, links or a bare date."""
    if len(line) > SHORT_LINE or is_heading(line) or line.endswith(("。", ";", "；")):
        return False
    r = rules()
    if r.short_line.search(line):
        return True
    if not CJK.search(line):  # "1/24", "»", "© 2024", stray symbols
        return not re.search(r"[A-Za-z]{3}", line) or len(line) <= 3
    chrome_chars = sum(len(m.group()) for m in r.chrome.finditer(line))
    return chrome_chars / len(line.replace(" ", "")) >= 0.5


# ---------------------------------------------------------------- whole text


def drop_furniture_lines(lines: list[str], keep_gaps: bool = False) -> list[Line]:
    """Drop furniture lines; a numbered list shares the fate of most of its items.

    A download-tips list (1、… 5、…) where most items name furniture is
    furniture as a whole, even the item that happens to use no such word.
    With ``keep_gaps`` each cut-out run leaves one GAP line behind.
    """
    furniture = [is_furniture_line(line) for line in lines]
    _mark_translations(lines, furniture)
    for start, end in _numbered_runs(lines):
        run = furniture[start:end]
        if end - start >= 3 and sum(run) * 2 > len(run):
            furniture[start:end] = [True] * (end - start)
    out: list[Line] = []
    for line, drop in zip(lines, furniture, strict=True):
        if not drop:
            out.append(line)
        elif keep_gaps and out:
            _add_gap(out, END if rules().tail_boundary.search(line) else GAP)
    return out


def _add_gap(out: list[Line], gap: Cut) -> None:
    """One cut per cut-out run; one that ends the article outranks a plain gap."""
    if isinstance(out[-1], Cut):
        out[-1] = END if gap.ends_article or out[-1].ends_article else GAP
    else:
        out.append(gap)


def _numbered_runs(lines: list[str]) -> list[tuple[int, int]]:
    """Spans of consecutive lines that open with the same kind of list marker."""
    runs, start, kind = [], 0, None
    for i, line in enumerate([*lines, ""]):
        match = _LIST_MARKER.match(line)
        this = _marker_kind(match.group()) if match else None
        if this != kind:
            if kind is not None:
                runs.append((start, i))
            start, kind = i, this
    return runs


def _marker_kind(marker: str) -> str:
    return re.sub(r"\d+", "9", marker)


def trim_to_core(lines: list[Line]) -> list[str]:
    """Keep the document: the paragraph-like lines and the text that adjoins them.

    From the first and last paragraph-like lines the core grows outwards over
    content-ish lines (headings, short sentences such as 教学目标: or a
    salutation, the closing signature), stepping over at most one other line
    between two of them, but never across a GAP (only a signature may follow
    one). Whatever lies beyond is the page.
    """
    lines = cut_after_article_end(lines)
    anchors = [i for i, line in enumerate(lines) if _is_text(line) and is_paragraph_like(line)]
    if not anchors:
        return [line for line in lines if _is_text(line)]
    start = _grow(lines, anchors[0], -1)
    end = _grow(lines, anchors[-1], +1)
    return drop_link_lists([line for line in lines[start : end + 1] if _is_text(line)])


def cut_after_article_end(lines: list[Line]) -> list[Line]:
    """Drop all after the first article-ending furniture that follows most of the text.

    Reader comments and teasers after a 评论 header or a 版权所有 footer read
    like prose; the document is over once half its paragraph text is behind.
    """
    sizes = [len(line) if _is_text(line) and is_paragraph_like(line) else 0 for line in lines]
    total, seen = sum(sizes), 0
    for i, (line, size) in enumerate(zip(lines, sizes, strict=True)):
        seen += size
        if line is END and seen * 2 > total:
            return lines[:i]
    return lines


def _grow(lines: list[Line], edge: int, step: int) -> int:
    """Move ``edge`` by ``step`` while content-ish lines continue the document."""
    at_end = step > 0  # a signature closes a document; before it, an issuer name is a header
    i = edge + step
    while 0 <= i < len(lines):
        if isinstance(lines[i], Cut):
            after = i + step
            closes = at_end and 0 <= after < len(lines) and _closes(lines, after)
            if not closes:
                break
        elif _is_contentish(lines[i], at_end) or (at_end and _is_cut_off_end(lines, i)):
            edge = i
        elif not (0 <= i + step < len(lines) and _is_contentish(lines[i + step], at_end)):
            break
        i += step
    return edge


def _closes(lines: list[Line], i: int) -> bool:
    """What may follow a cut-out run at the end: the signature, or the page's cut-off last line."""
    line = lines[i]
    return _is_text(line) and (is_signature(line) or _is_cut_off_end(lines, i))


def _is_cut_off_end(lines: list[Line], i: int) -> bool:
    """The page's last line, stopping mid-sentence: a preview cut the document there."""
    line = lines[i]
    return (
        all(isinstance(rest, Cut) for rest in lines[i + 1 :])
        and _is_text(line)
        and bool(CJK.search(line))
        and not line.endswith(STATEMENT_END)
        and not is_chrome_line(line)
    )


def _is_contentish(line: Line, at_end: bool) -> bool:
    """A line a document may hold besides paragraphs: heading, short sentence, signature."""
    if not _is_text(line) or is_chrome_line(line):
        return False
    if is_heading(line) or is_part_heading(line) or is_document_number(line):
        return True
    if at_end and is_signature(line):
        return True
    return len(line) >= 4 and bool(CJK.search(line)) and line.endswith(STATEMENT_END)


def drop_link_lists(lines: list[str]) -> list[str]:
    """Inside the core, runs of 2+ short unpunctuated non-heading lines are lists of links."""
    listy = [_is_list_entry(line) for line in lines]
    kept = []
    for i, line in enumerate(lines):
        in_run = listy[i] and ((i > 0 and listy[i - 1]) or (i + 1 < len(lines) and listy[i + 1]))
        if not in_run:
            kept.append(line)
    return kept


def _is_list_entry(line: str) -> bool:
    return (
        len(line) <= 40
        and not is_heading(line)
        and not SENTENCE_PUNCT.search(line)
        and not is_signature(line)
        and not is_document_number(line)
    )


def drop_repeated_short_lines(lines: list[Line]) -> list[Line]:
    """A short line printed again and again is a running page header or footer."""
    # An issuer's name may stand both in a header and in the closing signature.
    counts = Counter(
        line
        for line in lines
        if _is_text(line)
        and len(line) <= REPEATED_LINE
        and not is_heading(line)
        and not is_signature(line)
        and not is_document_number(line)
    )
    return [line for line in lines if counts.get(line, 0) < 2]


# ---------------------------------------------------------------- title


def is_part_heading(line: str) -> bool:
    """篇一, 【篇二】, "<title>篇3": where a compilation page starts its next text."""
    return bool(pattern("part_heading").match(line))


def best_block(lines: list[Line]) -> list[str]:
    """The run of longer lines holding the most Chinese text: the body when every rule failed.

    Used only when cleaning left nothing of a page that holds text, so that a
    page with a body never comes out empty (the document is flagged).
    """
    runs: list[list[str]] = [[]]
    for line in lines:
        if _is_text(line) and len(line) >= BLOCK_LINE:
            runs[-1].append(line)
        elif runs[-1]:
            runs.append([])
    return max(runs, key=lambda run: sum(len(CJK.findall(line)) for line in run))
