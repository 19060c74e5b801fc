"""Restore paragraphs: join PDF hard breaks, drop reader chunk numbers, split preview blobs."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from cleaning.furniture import OUTLINE_MARKER, Cut, Line
from cleaning.lexicon import FULL_STOP, SENTENCE_END
from cleaning.rules import pattern

# A reader's chunk number glued before text that continues a cut sentence: "2、代化建设"; or a
# PDF's page number set before it with a space ("2 子女 XX 人…" after "…就读的随迁").
# A figure and its measure word (30 个, 12 所, 5 万人) is a quantity the sentence goes on with, never
# a reader's number.
_CHUNK_NUMBER = re.compile(r"^\d{1,3}(?:、(?=\S)|[ \u3000]+(?=[\u4e00-\u9fff])(?![个所名人万亿元次项家座场间台套件本册节期届岁位户亩倍批类种处门条]))")
_MID_WORD_END = re.compile(r"[\u4e00-\u9fff]$")
# A blob is split only before markers that start an outline item, and only
# after a sentence end or a short heading, so no sentence is cut.
_MAJOR = r"[一二三四五六七八九十]{1,3}、|[(（][一二三四五六七八九十]{1,3}[)）]"
_MINOR = r"\d{1,2}[.．、](?=[\u4e00-\u9fff])|[一二三四五六七八九十]是"
_SPLIT_AFTER_SENTENCE = re.compile(rf"(?<=[。；;！!？?])(?={_MAJOR}|{_MINOR})")
_SPLIT_AFTER_HEADING = re.compile(rf"(?={_MAJOR})")
BLOB_LENGTH = 400
HEADING_LENGTH = 30


# HTML tags left in a page's text as text (a post served as its source, an escaped editor body):
# a block tag breaks the line, any other (span, font; a spam mirror's empty <legend id=…>,
# <samp>, <delect>, whose attributes hold no Chinese: x<y 且 y>z is text) is dropped.
_LITERAL_BLOCK_TAG = re.compile(r"</?(?:p|div|br|li|tr|td|h[1-6]|section|article|blockquote)\b[^<>]{0,200}>", re.I)
_LITERAL_INLINE_TAG = re.compile(
    r"</?(?:(?:span|strong|b|i|em|font|a|u|sup|sub)\b[^<>]{0,200}|[a-z][a-z0-9]{0,11}\b[^<>\u4e00-\u9fff]{0,200})>", re.I
)


# A converter that lost a GBK byte pair at a paragraph end also ate the "<" of its closing tag:
# "句号?/p>" is a lost character, then the paragraph's end.
_MANGLED_CLOSING_TAG = re.compile(r"(?<=[?\ufffd])/(?:p|div|li|td|h[1-6])>", re.I)
# The end of an image tag whose start the page cut off ("1jpg/>", "src=…/12.png\" />").
_CUT_IMAGE_TAG = re.compile(r"^[^\s<>\u4e00-\u9fff]{0,120}?\.?(?:jpe?g|png|gif|bmp|webp)[\"']?\s*/?>", re.I)


def split_literal_markup(lines: list[str]) -> list[str]:
    """Lines with HTML tags written out as text, as the paragraphs those tags held."""
    out = []
    for line in lines:
        if ">" not in line:  # most lines
            out.append(line)
            continue
        text = line
        if "/" in text:  # a closing tag that lost its "<", the end of a cut-off image tag
            text = _CUT_IMAGE_TAG.sub("", _MANGLED_CLOSING_TAG.sub("\n", text))
        if "<" in text:
            text = _LITERAL_INLINE_TAG.sub("", _LITERAL_BLOCK_TAG.sub("\n", text))
        out.extend(part.strip() for part in text.split("\n") if part.strip())
    return join_split_numbers(out)


# A figure a PDF converter set on a line of its own ("经费" / "8059.35" / "万元，…"): the
# sentence runs on through it when the line before does not end and the line after opens
# with the figure's unit. A page number between two halves of a sentence has no unit after it.
_FIGURE_LINE = re.compile(r"^(?:[\d.,，%％]+|[xX×*＊]{2,4})$")  # a figure, or its placeholder


# A converter may break a line wherever the script changes ("根据" / "xx" / "市人民政府…"
# / "2022" / "年度…"): on such a page every short run of letters, digits or marks stands
# alone inside its sentence. That many of them (and that share of the lines) make the page one.
_SCRIPT_RUN = re.compile(r"^[0-9A-Za-z.,，%％×*＊<>〔〕()（）/:：。;；、-]{1,12}$")
_RUNS_ON = re.compile(r"^[\u4e00-\u9fff，,。、；;）)》”〕]")
SCRIPT_SPLIT_RUNS = 5
SCRIPT_SPLIT_SHARE = 0.1


def join_split_numbers(lines: list[str]) -> list[str]:
    """Each figure standing alone inside a sentence joined back with the lines around it; on a
    page broken wherever the script changes, every short run of letters, digits or marks."""
    runs = [i for i, line in enumerate(lines) if _SCRIPT_RUN.match(line)]
    if _is_script_split(lines, runs):
        return _join_script_runs(lines, set(runs))
    if not any(_FIGURE_LINE.match(line) for line in lines):  # most pages
        return lines
    unit = pattern("figure_unit")
    out: list[str] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        following = lines[i + 1] if i + 1 < len(lines) else ""
        joined = _FIGURE_LINE.match(line) and unit.match(following)
        if joined and out and not ends_sentence(out[-1]):
            out[-1] += line + following
        # A placeholder or a year opens its line: XX / 年… and 2016 / 年教育局工作要点.
        elif joined and (not line[0].isdigit() or (len(line) == 4 and following[0] == "年")):
            out.append(line + following)
        else:
            out.append(line)
            i += 1
            continue
        i += 2
    return out


def _inside_sentence(lines: list[str], i: int) -> bool:
    """Whether lines[i], a short run, stands between two halves of one sentence."""
    return 0 < i < len(lines) - 1 and not ends_sentence(lines[i - 1]) and bool(_RUNS_ON.match(lines[i + 1]))


def _is_script_split(lines: list[str], runs: list[int]) -> bool:
    """Whether enough of the short runs (their indexes) stand inside sentences."""
    if len(runs) < SCRIPT_SPLIT_RUNS:  # most pages
        return False
    inside = sum(_inside_sentence(lines, i) for i in runs)
    return inside >= SCRIPT_SPLIT_RUNS and inside >= SCRIPT_SPLIT_SHARE * len(lines)


def _join_script_runs(lines: list[str], runs: set[int]) -> list[str]:
    """A script-split page's runs joined to the line before (unless it ended a sentence or the
    run opens an outline item, 1.) and to the line after."""
    out: list[str] = []
    glue_next = False
    for i, line in enumerate(lines):
        run = i in runs
        if out and (glue_next or (run and not ends_sentence(out[-1]) and not OUTLINE_MARKER.match(line))):
            out[-1] += line
        else:
            out.append(line)
        glue_next = run and not ends_sentence(line)
    return out


def ends_sentence(line: str) -> bool:
    return line.rstrip().endswith(SENTENCE_END)


# Latin letters, digits and spaces take half the printed width of a Chinese character or mark.
_HALF_WIDTH = re.compile(r"[A-Za-z0-9 ]")


def printed_width(line: str) -> int:
    """The line's width in half-width cells, as a converter's page measures it."""
    return 2 * len(line) - len(_HALF_WIDTH.findall(line))


@dataclass(frozen=True)
class Wrap:
    """The width a converter broke lines at, in the measure it counted by."""

    measure: Callable[[str], int]
    width: int
    slack: int  # how far short of the width a wrapped line may fall

    def is_full(self, line: str) -> bool:
        return self.measure(line) >= self.width - self.slack


# Converters wrap at a count of characters, or at a printed width; a justified PDF line spaces
# out its half-width figures, so lines holding "2022 年xx 市" fall a character or two short.
_MEASURES = ((len, 1), (printed_width, 6))


def wrap_width(lines: list[str]) -> Wrap | None:
    """How a converter broke lines, if the text looks hard-wrapped: the measure under which
    most running lines share one width (characters first, on a tie)."""
    # Headings are short unpunctuated lines too; only running text shows the width.
    running = [
        line for line in lines if len(line) >= 18 and not ends_sentence(line) and not _is_short_heading(line)
    ]
    best, best_near = None, max(4, len(lines) // 5) - 1
    for measure, slack in _MEASURES if running else ():
        widths = Counter(map(measure, running))
        width, _ = widths.most_common(1)[0]
        near = sum(n for w, n in widths.items() if abs(w - width) <= slack)
        if near > best_near:
            best, best_near = Wrap(measure, width, slack), near
        if best_near >= len(running):  # every running line agrees: no measure can do better
            break
    return best


def remove_chunk_numbers(lines: list[Line], wrap: Wrap | None = None) -> list[tuple[Line, bool]]:
    """Drop "2、" where it begins a line that continues a sentence cut mid-way.

    Each line comes back with whether it continues the previous one, so
    joining knows to glue it whatever its width. In hard-wrapped text a
    full-width line is never a heading, whatever marker it opens with.
    """
    out: list[tuple[Line, bool]] = []
    prev = ""
    for line in lines:
        if isinstance(line, Cut):
            out.append((line, False))
            continue
        full_width = wrap is not None and wrap.is_full(prev)
        number = _CHUNK_NUMBER.match(line)
        continues = bool(
            number
            and len(prev) >= 20
            and not ends_sentence(prev)
            and (full_width or not _is_short_heading(prev))
            and ("、" in number.group() or _MID_WORD_END.search(prev))  # a page number: mid-word
        )
        if continues:
            line = _CHUNK_NUMBER.sub("", line, count=1)
        out.append((line, continues))
        prev = line
    return out


def join_broken_lines(lines: list[Line]) -> list[Line]:
    """Glue lines a converter broke at a fixed width, and chunk-number continuations.

    A cut (a page footer taken out) between two halves of a sentence is
    dropped when they are glued: the paragraph goes on across it.
    """
    wrap = wrap_width([line for line in lines if isinstance(line, str)])
    out: list[Line] = []
    last = -1  # index in out of the last line of text
    for line, glued in remove_chunk_numbers(lines, wrap):
        if isinstance(line, Cut):
            out.append(line)
        elif last >= 0 and (glued or _continues(out[last], line, wrap)):
            out[last] += line
            del out[last + 1 :]
        else:
            out.append(line)
            last = len(out) - 1
    return out


def _continues(prev: str, line: str, wrap: Wrap | None) -> bool:
    """A full-width line that stops mid-sentence goes on in the next line."""
    return (
        wrap is not None
        and wrap.is_full(prev)
        and (not ends_sentence(prev) or bool(_QUOTE_INSIDE.search(prev)))
        and bool(line)
    )


# A closing quote ends a sentence after its full stop (…满意。”); right after a word (…现代化”)
# it closes a phrase inside a sentence that goes on.
_QUOTE_INSIDE = re.compile(r"[^\W_][”’」』]\s*$")


def split_blob(line: str) -> list[str]:
    """Split a run-together preview before outline markers, never inside a sentence."""
    if len(line) < BLOB_LENGTH:
        return [line]
    pieces = _SPLIT_AFTER_SENTENCE.split(line)
    out: list[str] = []
    for piece in pieces:
        out.extend(_split_after_headings(piece))
    return [p for p in out if p]


def _split_after_headings(piece: str) -> list[str]:
    """"一、工作情况(一)推进学前教育。" → heading, then the item it opens."""
    parts = _SPLIT_AFTER_HEADING.split(piece)
    out: list[str] = []
    for part in parts:
        if out and _is_short_heading(out[-1]):
            out.append(part)
        elif out:
            out[-1] += part
        else:
            out.append(part)
    return out


def _is_short_heading(text: str) -> bool:
    """"(一)加强队伍建设": marked, short, no full stop inside (a wrapped line has one)."""
    return (
        len(text) <= HEADING_LENGTH
        and bool(OUTLINE_MARKER.match(text))
        and not ends_sentence(text)
        and not FULL_STOP.search(text)
    )


def split_blobs(lines: list[str]) -> list[str]:
    return [piece for line in lines for piece in split_blob(line)]
