"""Near-duplicate figures on families built from real bodies.

``python -m cleaning.dedup_eval ../shared/realdev`` reads the gold bodies of a
labelled set (``<id>.gold.json``, ``family`` = which document a page carries),
derives from each family's document the ways sites repost a text, and prints the
pairwise precision and recall of ``cleaning.dedup.cluster_texts`` on them.

Variants of one document (deterministic for a seed):

- ``full``: the body as labelled; the other pages of its family as they are;
- ``preview``: 45–70 % of the text, cut mid-sentence and run together without
  paragraph breaks, as doc-sharing sites serve it;
- ``dropped``: a sixth of its paragraphs left out (sentences when it has fewer
  than six paragraphs), never the first;
- ``redacted``: numbers and place names blanked (XX, *, ×);
- ``traditional``: OpenCC s2t;
- ``refurnished``: site furniture lines added at the head and tail, the first
  line (a heading or the doc's own title line) removed.

Every pair inside a family is a positive; every pair across families a negative
(the labelled families of one set are distinct documents; families are not
labelled across sets: two devset seeds are realdev pages' documents).
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TextIO

from cleaning.dedup import Params, cluster_texts

KINDS = ("full", "preview", "dropped", "redacted", "traditional", "refurnished")
# A legacy family id (d012) names the case d1012 of the same set.
_LEGACY_ID = re.compile(r"d0(\d\d)")
_SENTENCE_END = re.compile(r"(?<=[。！？；!?;])")
_NUMBER = re.compile(r"\d+(\.\d+)?")
# A place name: two characters before an administrative suffix, not a
# determiner (全县, 我市, 各区, 该镇) and not another suffix (省市).
_PLACE = re.compile(r"[\u4e00-\u9fff](?<![全本我该各每])[^\W\d_全本我该各每省市县区镇乡](?=[省市县区镇乡])")
_PUNCT = set("，。、；：？！“”‘’（）《》,.;:?!()")
# Generic page furniture (breadcrumbs, date/source lines, buttons, notices, footers).
_HEAD_FURNITURE = (
    "当前位置：首页 > 范文大全 > 工作总结",
    "发布时间：{date} 来源：网友投稿 浏览：{n}次",
    "【下载本文档】 【收藏】 【打印】",
    "文档格式：DOCX 页数：{p}页 大小：{k}KB",
    "导读：本文是一篇工作范文，供大家参考。",
)
_TAIL_FURNITURE = (
    "上一篇：年度工作计划 下一篇：述职报告范文",
    "版权声明：本站文章均来自网络，如有侵权请联系删除。",
    "本文链接：http://example.cn/doc/{n}.html",
    "相关推荐：工作总结 工作计划 工作汇报",
    "Copyright © {year} 范文网 版权所有 ICP备{n}号",
)


@dataclass(frozen=True)
class RealDoc:
    name: str  # the case id of the page
    family: str
    body: str  # paragraphs joined by newlines


def load_real_docs(cases_dir: Path) -> list[RealDoc]:
    """Gold bodies with their family; pages without a body are skipped."""
    docs = []
    names = {p.name.removesuffix(".gold.json") for p in cases_dir.glob("*.gold.json")}
    for name in sorted(names):
        gold = json.loads((cases_dir / f"{name}.gold.json").read_text(encoding="utf-8"))
        body = "\n".join(p for p in gold.get("body") or [] if p.strip())
        if body:
            docs.append(RealDoc(name, family_of(gold.get("family") or name, names), body))
    return docs


def family_of(family: str, names: set[str]) -> str:
    legacy = _LEGACY_ID.fullmatch(family)
    if family not in names and legacy and f"d10{legacy.group(1)}" in names:
        return f"d10{legacy.group(1)}"
    return family


# ---------------------------------------------------------------- variants


@lru_cache(maxsize=1)
def _s2t():
    from opencc import OpenCC

    return OpenCC("s2t")


def preview(text: str, rng: random.Random) -> str:
    """45–70 % of the characters, cut inside a sentence, without paragraph breaks."""
    flat = text.replace("\n", "")
    cut = int(len(flat) * rng.uniform(0.45, 0.70))
    while 0 < cut < len(flat) - 1 and (flat[cut - 1] in _PUNCT or flat[cut] in _PUNCT):
        cut += 1
    return flat[:cut] + rng.choice(["", "……", "...(未完,继续阅读)"])


def dropped(text: str, rng: random.Random) -> str:
    """A sixth of the paragraphs left out (sentences when there are fewer than six)."""
    paragraphs = text.split("\n")
    if len(paragraphs) >= 6:
        units, joiner = paragraphs, "\n"
    else:
        units, joiner = [s for s in _SENTENCE_END.split(text.replace("\n", "")) if s], ""
    drop = max(1, round(len(units) / 6))
    if len(units) <= drop:
        return text
    gone = set(rng.sample(range(1, len(units)), drop))
    return joiner.join(u for i, u in enumerate(units) if i not in gone)


def redacted(text: str, rng: random.Random) -> str:
    mark = rng.choice(["XX", "xx", "**", "*", "×", "××"])
    text = _NUMBER.sub(lambda m: mark if rng.random() < 0.8 else m.group(), text)
    return _PLACE.sub(mark, text)


def traditional(text: str, rng: random.Random) -> str:
    return _s2t().convert(text)


def refurnished(text: str, rng: random.Random) -> str:
    values = {
        "date": f"20{rng.randint(15, 25)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
        "n": rng.randint(100, 99999), "p": rng.randint(2, 30), "k": rng.randint(20, 900),
        "year": rng.randint(2015, 2026),
    }
    head = [line.format(**values) for line in rng.sample(_HEAD_FURNITURE, rng.randint(1, 3))]
    tail = [line.format(**values) for line in rng.sample(_TAIL_FURNITURE, rng.randint(1, 3))]
    lines = text.split("\n")
    if len(lines) > 2 and len(lines[0]) <= 40:
        lines = lines[1:]  # a short first line (heading, own title) that one site leaves out
    return "\n".join(head + lines + tail)


VARIANTS = {
    "preview": preview,
    "dropped": dropped,
    "redacted": redacted,
    "traditional": traditional,
    "refurnished": refurnished,
}


def build_families(
    docs: Iterable[RealDoc], seed: int = 11, min_chars: int = 0
) -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    """texts, name → family and name → variant kind.

    The longest page of a family is its document; every page of the family is
    kept as it is (``full``), and the variants are made from the document.
    """
    by_family: dict[str, list[RealDoc]] = {}
    for doc in docs:
        by_family.setdefault(doc.family, []).append(doc)
    texts, groups, kinds = {}, {}, {}
    for family, members in sorted(by_family.items()):
        document = max(members, key=lambda d: (len(d.body), d.name))
        if len(document.body) < min_chars:
            continue
        rng = random.Random(f"{seed}-{family}")
        for doc in members:
            texts[doc.name], groups[doc.name], kinds[doc.name] = doc.body, family, "full"
        for kind, make in VARIANTS.items():
            name = f"{document.name}~{kind}"
            texts[name], groups[name], kinds[name] = make(document.body, rng), family, kind
    return texts, groups, kinds


# ---------------------------------------------------------------- scoring


@dataclass
class PairScores:
    precision: float
    recall: float
    positives: int
    found: int
    false_pairs: list[tuple[str, str]]
    missed: list[tuple[str, str]]
    recall_by_kind: dict[str, float]


def pairwise(
    clusters: dict[str, str], groups: dict[str, str], kinds: dict[str, str]
) -> PairScores:
    truth = set(iter_pairs(groups))
    got = set(iter_pairs(clusters))
    hits = truth & got
    per_kind: Counter[str] = Counter()
    per_kind_hit: Counter[str] = Counter()
    for pair in truth:
        key = "+".join(sorted(kinds[n] for n in pair))
        per_kind[key] += 1
        per_kind_hit[key] += pair in hits
    return PairScores(
        precision=len(hits) / len(got) if got else 1.0,
        recall=len(hits) / len(truth) if truth else 1.0,
        positives=len(truth),
        found=len(hits),
        false_pairs=sorted(got - truth),
        missed=sorted(truth - got),
        recall_by_kind={k: per_kind_hit[k] / per_kind[k] for k in sorted(per_kind)},
    )


def score_real_families(
    cases_dir: Path, params: Params | None = None, seed: int = 11
) -> tuple[PairScores, dict[str, str]]:
    texts, groups, kinds = build_families(load_real_docs(cases_dir), seed)
    return pairwise(cluster_texts(texts, params), groups, kinds), texts


def print_scores(scores: PairScores, texts: dict[str, str], out: TextIO) -> None:
    print(f"families from real bodies: {len(texts)} texts, {scores.positives} positive pairs", file=out)
    for kind, recall in scores.recall_by_kind.items():
        print(f"  recall {kind:24} {recall:.3f}", file=out)
    for a, b in scores.missed:
        print(f"  missed {a} ~ {b}", file=out)
    for a, b in scores.false_pairs:
        print(f"  FALSE  {a} ~ {b}", file=out)
    print(
        f"near-duplicate pairs: precision {scores.precision:.4f} recall {scores.recall:.4f} "
        f"({scores.found}/{scores.positives} found, {len(scores.false_pairs)} false)",
        file=out,
    )


def main(argv: list[str] | None = None, out: TextIO = sys.stdout) -> int:
    parser = argparse.ArgumentParser(prog="python -m cleaning.dedup_eval", description=__doc__)
    parser.add_argument("cases_dir", type=Path, help="a labelled set with family ids (realdev)")
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args(argv)
    if not any(args.cases_dir.glob("*.gold.json")):
        print(f"dedup_eval: {args.cases_dir}: no *.gold.json files", file=sys.stderr)
        return 2
    scores, texts = score_real_families(args.cases_dir, seed=args.seed)
    print_scores(scores, texts, out)
    return 0



def iter_pairs(clusters: dict[str, str]) -> Iterable[tuple[str, str]]:
    """All unordered pairs of names in the same cluster (for precision/recall)."""
    members: dict[str, list[str]] = {}
    for name, cid in clusters.items():
        members.setdefault(cid, []).append(name)
    for names in members.values():
        names.sort()
        for i, a in enumerate(names):
            for b in names[i + 1 :]:
                yield a, b


if __name__ == "__main__":
    sys.exit(main())
