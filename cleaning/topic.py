"""Is a document an education bureau's work summary, plan or report?"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources


@dataclass(frozen=True)
class TopicRules:
    education_issuer: re.Pattern
    work_document: re.Pattern
    excluded_genre: re.Pattern
    other_issuer: re.Pattern
    self_reference: re.Pattern
    priority: tuple[tuple[re.Pattern, int], ...]


@lru_cache(maxsize=1)
def topic_rules() -> TopicRules:
    text = resources.files("cleaning.data").joinpath("topic.toml").read_text(encoding="utf-8")
    data = tomllib.loads(text)
    names = ("education_issuer", "work_document", "excluded_genre", "other_issuer", "self_reference")
    patterns = {name: re.compile(data[name]) for name in names}
    priority = tuple((re.compile(r["pattern"]), int(r["priority"])) for r in data["priority"])
    return TopicRules(priority=priority, **patterns)


def off_topic_reason(title: str | None, body: str) -> str | None:
    """Why a document is not an education-bureau work document, or None if it is."""
    rules = topic_rules()
    title = title or ""
    if rules.excluded_genre.search(title):
        return "off_topic:genre"
    if not rules.work_document.search(title or body[:200]):
        return "off_topic:not_work_document"
    if rules.education_issuer.search(title):
        return None
    if title and rules.other_issuer.search(title):
        return "off_topic:other_issuer"
    head = body[:600]
    if rules.education_issuer.search(head) and rules.self_reference.search(head):
        return None
    return "off_topic:not_education_bureau"


def topic_score(title: str | None, body: str) -> float:
    """A 0–1 relevance score: issuer, document kind and education vocabulary."""
    rules = topic_rules()
    title = title or ""
    score = 0.0
    if rules.education_issuer.search(title):
        score += 0.45
    elif rules.education_issuer.search(body[:600]):
        score += 0.2
    if rules.work_document.search(title):
        score += 0.25
    if rules.self_reference.search(body):
        score += 0.1
    density = len(re.findall("教育|学校|教师|学生", body)) / max(len(body) / 100, 1)
    score += min(density, 1.0) * 0.2
    if rules.excluded_genre.search(title) or rules.other_issuer.search(title):
        score *= 0.3
    return round(min(score, 1.0), 3)


def link_priority(anchor_text: str, url: str) -> int:
    """Scrapy request priority for a link: bureau summaries first, lesson plans last."""
    probe = f"{anchor_text} {url}"
    for pattern, priority in topic_rules().priority:
        if pattern.search(probe):
            return priority
    return 0


def reject_reason(title: str | None, body: str, min_chars: int = 200) -> str | None:
    """Why a cleaned page is not stored (too short, or off-topic), or None to keep it."""
    if sum(1 for ch in body if not ch.isspace()) < min_chars:
        return "too_short"
    return off_topic_reason(title, body)
