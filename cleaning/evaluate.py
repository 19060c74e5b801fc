"""Score cleaning against labelled cases: ``python -m cleaning evaluate CASES_DIR ...``.

A case is ``<name>.html`` (raw page bytes) or ``<name>.txt`` (a text dump) with
``<name>.gold.json`` = {"title": str|null, "body": [paragraph, ...], "meta": {...}?}.
The devset layout is accepted too: a gold file whose "seed" key names a text
dump in a sibling ``seeds/`` folder.

Bodies are compared as multisets of character bigrams after Traditional →
Simplified, pinyin-artifact removal and whitespace removal, so paragraph
splitting does not change a score but every lost or extra character does.
"""

from __future__ import annotations

import json
import re
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from cleaning.decode import decode_html
from cleaning.document import Document
from cleaning.furniture import furniture_vocabulary
from cleaning.metadata import compare_metadata, extract_metadata, normalize_title
from cleaning.normalize import normalize_lines, remove_pinyin, to_simplified
from cleaning.pipeline import clean_html, clean_text
from cleaning.topic import reject_reason

_WHITESPACE = re.compile(r"\s+")


@dataclass
class Case:
    name: str
    source: Path
    gold_title: str | None
    gold_body: list[str]
    gold_meta: dict | None = None
    gold_kind: str | None = None  # "education" or "other", where the set labels it


@dataclass
class Score:
    name: str
    overlap: int
    predicted: int
    gold: int
    furniture: list[str] = field(default_factory=list)
    title_ok: bool | None = None
    title_raw_ok: bool | None = None
    kind_ok: bool | None = None  # the topic judgement agrees with the labelled kind
    reject_reason: str | None = None
    emptied: bool = False  # the gold page holds a body and the output holds nothing
    meta: dict[str, bool] = field(default_factory=dict)

    @property
    def precision(self) -> float:
        return self.overlap / self.predicted if self.predicted else float(self.gold == 0)

    @property
    def recall(self) -> float:
        return self.overlap / self.gold if self.gold else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


# ---------------------------------------------------------------- loading cases


def load_cases(cases_dir: Path) -> list[Case]:
    """Every gold file in a folder with the page or text dump it labels."""
    cases = []
    for gold_path in sorted(cases_dir.glob("*.gold.json")):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        source = find_source(gold_path, gold)
        if source is None:
            raise FileNotFoundError(f"{gold_path}: no .html, .txt or seed file beside it")
        name = gold_path.name.removesuffix(".gold.json")
        cases.append(
            Case(name, source, gold.get("title"), gold["body"], gold.get("meta"), gold.get("kind"))
        )
    return cases


def find_source(gold_path: Path, gold: dict) -> Path | None:
    stem = gold_path.name.removesuffix(".gold.json")
    candidates = [gold_path.with_name(stem + ".html"), gold_path.with_name(stem + ".txt")]
    if seed := gold.get("seed"):
        candidates += [gold_path.parent.parent / "seeds" / seed, gold_path.parent / seed]
    return next((path for path in candidates if path.is_file()), None)


# ---------------------------------------------------------------- comparing texts


def comparable(text: str) -> str:
    """What a score compares: Simplified, no pinyin artifacts, no whitespace."""
    return _WHITESPACE.sub("", to_simplified(remove_pinyin(text)))


def bigrams(text: str) -> Counter[str]:
    return Counter(text[i : i + 2] for i in range(len(text) - 1))


def furniture_left(predicted: str, gold: str) -> list[str]:
    """Furniture words the output holds more often than the gold body does."""
    return [w for w in furniture_vocabulary() if predicted.count(w) > gold.count(w)]


def normalized_title(title: str | None) -> str:
    """Titles compare without site decorations: an editor's 范文 is the site's, not the text's."""
    return comparable(normalize_title(title or "")).lower()


def raw_title(title: str | None) -> str:
    """A headline as the page gives it, compared without whitespace and in Simplified."""
    return comparable(title or "").lower()


def score_case(
    case: Case, title: str | None, body: str, doc: Document | None, topic_from_gold: bool = False
) -> Score:
    predicted, gold = comparable(body), comparable("".join(case.gold_body))
    p_grams, g_grams = bigrams(predicted), bigrams(gold)
    score = Score(
        name=case.name,
        overlap=sum((p_grams & g_grams).values()),
        predicted=sum(p_grams.values()),
        gold=sum(g_grams.values()),
        furniture=furniture_left(predicted, gold),
    )
    score.emptied = bool(gold) and not predicted
    if case.gold_title is not None:
        score.title_ok = normalized_title(title) == normalized_title(case.gold_title)
        if doc is not None:
            score.title_raw_ok = raw_title(doc.title_raw) == raw_title(case.gold_title)
    if case.gold_kind and doc is not None:
        score.reject_reason = topic_reason(case, doc, topic_from_gold)
        score.kind_ok = (score.reject_reason is None) == (case.gold_kind == "education")
    if case.gold_meta and doc is not None:
        score.meta = compare_meta(doc, case.gold_meta)
    return score


def topic_reason(case: Case, doc: Document, from_gold: bool = False) -> str | None:
    """The topic judgement on the cleaned title and body, or, to tell judgement errors
    from extraction errors, on the gold ones."""
    if from_gold:
        return reject_reason(case.gold_title, "\n".join(case.gold_body))
    return reject_reason(doc.title, doc.body)


def compare_meta(doc: Document, expected: dict) -> dict[str, bool]:
    """Per labelled field, whether the document agrees; province is split by whether the
    text names a place (``province``) or names none (``province_none``: must stay empty)."""
    predicted = {key: getattr(doc, key, None) for key in expected}
    result = compare_metadata(predicted, expected)
    if "province" in expected and expected["province"] is None:
        result["province_none"] = result.pop("province")
    return result


# ---------------------------------------------------------------- running systems


def run_cleaning(case: Case) -> tuple[str | None, str, Document]:
    if case.source.suffix == ".html":
        doc = clean_html(case.source.read_bytes())
    else:
        doc = clean_text(case.source.read_text(encoding="utf-8"))
    return doc.title, doc.body, doc


def run_gold_metadata(case: Case) -> tuple[str | None, str, Document]:
    """Metadata from the gold title and body (normalised as the cleaner normalises), so
    metadata rules are measured apart from body and headline extraction."""
    lines, _ = normalize_lines(case.gold_body)
    body = "\n".join(line for line in lines if line)
    title = normalize_lines([case.gold_title])[0][0] if case.gold_title else None
    meta = extract_metadata(title, body)
    meta.pop("title_raw", None)
    doc = Document(body=body, title_raw=case.gold_title, **meta)
    return doc.title, doc.body, doc


def run_baseline(case: Case) -> tuple[str | None, str, None]:
    """Plain ``trafilatura.extract``; a text dump has nothing to extract, so it stays as is."""
    import trafilatura

    if case.source.suffix != ".html":
        return None, case.source.read_text(encoding="utf-8"), None
    html, _ = decode_html(case.source.read_bytes())
    metadata = trafilatura.extract_metadata(html)
    return (metadata.title if metadata else None), trafilatura.extract(html) or "", None


def evaluate(
    cases: list[Case], system: Callable, topic_from_gold: bool = False
) -> tuple[list[Score], float]:
    """Scores for every case and the pages per second of the system."""
    scores, elapsed = [], 0.0
    for case in cases:
        start = time.perf_counter()
        title, body, doc = system(case)
        elapsed += time.perf_counter() - start
        scores.append(score_case(case, title, body, doc, topic_from_gold))
    return scores, len(cases) / elapsed if elapsed else 0.0


# ---------------------------------------------------------------- reporting


@dataclass
class Summary:
    precision: float
    recall: float
    f1: float
    mean_f1: float
    furniture_share: float
    title_accuracy: float | None
    title_raw_accuracy: float | None
    kind_accuracy: float | None
    emptied: int
    pages_per_second: float
    meta_accuracy: dict[str, float]


def summarize(scores: list[Score], pages_per_second: float) -> Summary:
    total = Score("all", *(sum(getattr(s, k) for s in scores) for k in ("overlap", "predicted", "gold")))
    titled = [s.title_ok for s in scores if s.title_ok is not None]
    titled_raw = [s.title_raw_ok for s in scores if s.title_raw_ok is not None]
    kinds = [s.kind_ok for s in scores if s.kind_ok is not None]
    fields: dict[str, list[bool]] = {}
    for s in scores:
        for key, ok in s.meta.items():
            fields.setdefault(key, []).append(ok)
    return Summary(
        precision=total.precision,
        recall=total.recall,
        f1=total.f1,
        mean_f1=sum(s.f1 for s in scores) / len(scores) if scores else 0.0,
        furniture_share=sum(bool(s.furniture) for s in scores) / len(scores) if scores else 0.0,
        title_accuracy=sum(titled) / len(titled) if titled else None,
        title_raw_accuracy=sum(titled_raw) / len(titled_raw) if titled_raw else None,
        kind_accuracy=sum(kinds) / len(kinds) if kinds else None,
        emptied=sum(s.emptied for s in scores),
        pages_per_second=pages_per_second,
        meta_accuracy={k: sum(v) / len(v) for k, v in sorted(fields.items())},
    )


def print_scores(label: str, scores: list[Score], summary: Summary, out: TextIO) -> None:
    print(f"== {label}", file=out)
    print(f"{'case':20} {'P':>6} {'R':>6} {'F1':>6} title  raw    topic  wrong / furniture left", file=out)
    for s in scores:
        wrong = [key for key, ok in s.meta.items() if not ok]
        topic = _mark(s.kind_ok) if s.kind_ok is not False else (s.reject_reason or "kept")[:6]
        print(
            f"{s.name[:20]:20} {s.precision:6.3f} {s.recall:6.3f} {s.f1:6.3f} "
            f"{_mark(s.title_ok):6} {_mark(s.title_raw_ok):6} {topic:6} "
            f"{' '.join(wrong + s.furniture)}",
            file=out,
        )
    print(
        f"OVERALL {label}: pages={len(scores)} P={summary.precision:.4f} R={summary.recall:.4f} "
        f"F1={summary.f1:.4f} meanF1={summary.mean_f1:.4f} "
        f"with_furniture={summary.furniture_share:.1%} emptied={summary.emptied} "
        f"title_acc={_ratio(summary.title_accuracy)} title_raw_acc={_ratio(summary.title_raw_accuracy)} "
        f"pages/s={summary.pages_per_second:.1f}",
        file=out,
    )
    if summary.kind_accuracy is not None:
        print(f"  topic judgement: {summary.kind_accuracy:.3f}", file=out)
        reasons = Counter(s.reject_reason for s in scores if s.kind_ok is not None and s.reject_reason)
        listed = ", ".join(f"{reason} {n}" for reason, n in sorted(reasons.items()))
        print(f"  topic rejections: {listed or 'none'}", file=out)
    for key, accuracy in summary.meta_accuracy.items():
        print(f"  meta {key}: {accuracy:.3f}", file=out)


def _mark(ok: bool | None) -> str:
    return "-" if ok is None else ("ok" if ok else "WRONG")


def _ratio(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.3f}"


def iter_all_cases(cases_dirs: list[Path]) -> Iterator[Case]:
    for cases_dir in cases_dirs:
        yield from load_cases(cases_dir)


def run_evaluate(
    cases_dirs: list[Path],
    baseline: bool = False,
    min_f1: float | None = None,
    out: TextIO = sys.stdout,
    meta_from_gold: bool = False,
    topic_from_gold: bool = False,
) -> int:
    """Print scores; return 1 when there are no cases or mean F1 is below ``min_f1``."""
    try:
        cases = list(iter_all_cases(cases_dirs))
    except (OSError, ValueError, KeyError) as exc:
        print(f"evaluate: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 2
    if not cases:
        where = ", ".join(str(d) for d in cases_dirs)
        print(f"evaluate: no *.gold.json cases found in {where}", file=sys.stderr)
        return 2
    system, label = (run_gold_metadata, "metadata from gold") if meta_from_gold else (run_cleaning, "cleaning")
    scores, speed = evaluate(cases, system, topic_from_gold)
    summary = summarize(scores, speed)
    print_scores(label, scores, summary, out)
    if baseline:
        base_scores, base_speed = evaluate(cases, run_baseline)
        print_scores("baseline trafilatura", base_scores, summarize(base_scores, base_speed), out)
    if min_f1 is not None and summary.mean_f1 < min_f1:
        print(f"mean F1 {summary.mean_f1:.4f} is below --min-f1 {min_f1}", file=sys.stderr)
        return 1
    return 0
