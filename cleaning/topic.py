"""Is a document an education bureau's work summary, plan or report?

The judgement reads who writes the document: the issuer a title names, or,
when the title is missing or unhelpful (a site's menu line, a cut-off
headline), the voice of the body's opening (我局…, X区教育局…, 全县教育系统…
against 我校…, "XX中学是…", 我代表县委、县政府…). A text that is hardly about
education is rejected whatever its title says. Rules and thresholds are data
(cleaning/data/topic.toml).
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from cleaning.lexicon import issued_document
from cleaning.metadata import normalize_title
from cleaning.normalize import remove_pinyin, to_simplified

_PATTERNS = (
    "education_issuer", "education_sector", "place_voice", "work_document", "work_opening",
    "excluded_genre", "work_meeting", "meeting_speech", "other_issuer", "other_voice", "each_school", "self_reference",
    "school_subject", "bureau_voice", "school_voice", "school_term",
    "site_section", "education_vocabulary", "letter_opening", "internship_opening", "article_opening", "national_body",
)
_QUOTED_NAME = re.compile(r"(?<!印发)(?<!转发)(?<!发布)《[^》]*》")  # what a notice issues is its own
_VENUE = re.compile(r"在[^，,。\s]{2,16}?(?=召开|举行|举办)")
_MENU_SPLIT = re.compile(r"[\s|｜/／·]+")
_EDUCATION_WORDS = re.compile("教育|学校|教师|学生")


@dataclass(frozen=True)
class TopicRules:
    education_issuer: re.Pattern
    education_sector: re.Pattern
    place_voice: re.Pattern
    work_document: re.Pattern
    work_opening: re.Pattern
    excluded_genre: re.Pattern
    work_meeting: re.Pattern
    meeting_speech: re.Pattern
    other_issuer: re.Pattern
    other_voice: re.Pattern
    each_school: re.Pattern
    self_reference: re.Pattern
    school_subject: re.Pattern
    bureau_voice: re.Pattern
    school_voice: re.Pattern
    school_term: re.Pattern
    site_section: re.Pattern
    education_vocabulary: re.Pattern
    letter_opening: re.Pattern
    internship_opening: re.Pattern
    article_opening: re.Pattern
    national_body: re.Pattern
    menu_min_items: int
    judgement: dict[str, float]
    score: dict[str, float]
    priority: tuple[tuple[re.Pattern, int], ...]


@lru_cache(maxsize=1)
def topic_rules() -> TopicRules:
    text = resources.files("cleaning.data").joinpath("topic.toml").read_text(encoding="utf-8")
    data = tomllib.loads(text)
    patterns = {name: re.compile(data[name], re.MULTILINE) for name in _PATTERNS}
    priority = tuple((re.compile(r["pattern"]), int(r["priority"])) for r in data["priority"])
    return TopicRules(
        menu_min_items=int(data["menu_min_items"]),
        judgement=dict(data["judgement"]),
        score=dict(data["score"]),
        priority=priority,
        **patterns,
    )


@dataclass(frozen=True)
class _Text:
    """What the judgement reads, in Simplified without pinyin artifacts."""

    title: str  # "" when the page gives none or only a menu line
    opening: str
    window: str

    @classmethod
    def of(cls, title: str | None, body: str) -> _Text:
        rules = topic_rules()
        window = _simplified(body[: int(rules.judgement["window_chars"])])
        title = _simplified(title or "")
        if is_menu_line(title):
            title = ""
        return cls(title, window[: int(rules.judgement["opening_chars"])], window)


def _simplified(text: str) -> str:
    return to_simplified(remove_pinyin(text)) if text else ""


def is_menu_line(line: str) -> bool:
    """A line listing several document kinds (工作总结 工作计划 心得体会 …) is navigation."""
    rules = topic_rules()
    items = [item for item in _MENU_SPLIT.split(line) if item]
    kinds = [
        item for item in items
        if len(item) <= 8 and (rules.work_document.search(item) or rules.excluded_genre.search(item))
    ]
    return len(kinds) >= rules.menu_min_items


def education_density(text: str) -> float:
    """Education words per 1,000 characters."""
    return len(topic_rules().education_vocabulary.findall(text)) * 1000 / max(len(text), 1)


def title_issuer(title: str) -> str | None:
    """"education", "other" or None: the issuer a title names."""
    rules = topic_rules()
    if rules.national_body.search(title):
        return "other"  # the ministry's or the State Council's: no bureau's
    if rules.education_issuer.search(title):
        return "education"
    # A covering notice another office sends (某市人民政府办公室关于印发某市教育事业发展规划的通知):
    # the page's document is the one it sends, a bureau's, whoever signs the notice.
    issued = issued_document(title)
    if issued:
        return title_issuer(issued)
    # A document the title quotes (《政府工作报告》明确的重点工作) is not who wrote it.
    # Nor is the venue a meeting was held at (…工作会在某某中学召开).
    named = _VENUE.sub("", _QUOTED_NAME.sub("", title))
    if rules.other_issuer.search(named) or rules.school_term.search(title):
        return "other"
    return "education" if rules.education_sector.search(title) else None


def body_voice(text: _Text) -> str | None:
    """"education", "other" or None: who the body speaks as."""
    rules = topic_rules()
    if rules.other_voice.search(rules.each_school.sub("", text.opening)):
        return "other"
    if rules.education_issuer.search(text.opening) or rules.education_sector.search(text.window):
        return "education"
    if rules.place_voice.search(text.window) and (
        rules.education_issuer.search(text.window)
        or education_density(text.window) >= rules.judgement["place_voice_density"]
    ):
        return "education"
    return None


def excluded_genre_in(title: str) -> re.Match | None:
    """The excluded genre a headline names (作文, 心得体会 …), unless it is only the section an
    essay site files the page in."""
    rules = topic_rules()
    genre = rules.excluded_genre.search(title)
    if genre and rules.education_issuer.search(title) and rules.site_section.search(normalize_title(title)):
        return None
    return genre


def off_topic_reason(title: str | None, body: str) -> str | None:
    """Why a document is not an education-bureau work document, or None if it is."""
    rules = topic_rules()
    text = _Text.of(title, body)
    genre = excluded_genre_in(text.title)
    if genre and not (rules.work_meeting.search(text.title) and rules.meeting_speech.search(genre.group())):
        return "off_topic:genre"
    if any(p.search(text.opening) for p in (rules.letter_opening, rules.internship_opening, rules.article_opening)):
        return "off_topic:genre"
    limits = rules.judgement
    if (
        len(text.window) >= limits["min_subject_chars"]
        and education_density(text.window) < limits["min_education_density"]
    ):
        return "off_topic:not_education_subject"
    issuer = title_issuer(text.title)
    if issuer == "other" and _bureau_writes_of_schools(text):
        issuer = "education"  # 学校安全工作总结 in a body saying 我局: about the schools, by the bureau
    if issuer == "other":
        return "off_topic:other_issuer"
    voice = body_voice(text)
    if voice == "other" and issuer is None:
        return "off_topic:other_voice"
    if text.title and not (
        rules.work_document.search(text.title) or rules.work_opening.search(text.opening)
    ):
        return "off_topic:not_work_document"
    if issuer == "education" or voice == "education":
        return None
    return "off_topic:not_education_bureau"


def _bureau_writes_of_schools(text: _Text) -> bool:
    """A headline naming schools as its subject, over a body speaking as a bureau, not a school."""
    rules = topic_rules()
    return (
        bool(rules.school_subject.search(text.title))
        and bool(rules.bureau_voice.search(text.window))
        and not rules.school_voice.search(text.window)
    )


def topic_score(title: str | None, body: str) -> float:
    """A 0–1 relevance score: issuer, document kind and education vocabulary."""
    rules = topic_rules()
    weight = rules.score
    title = title or ""
    score = 0.0
    if rules.education_issuer.search(title):
        score += weight["issuer_in_title"]
    elif rules.education_issuer.search(body[:600]):
        score += weight["issuer_in_opening"]
    if rules.work_document.search(title):
        score += weight["work_document_in_title"]
    if rules.self_reference.search(body):
        score += weight["self_reference"]
    density = len(_EDUCATION_WORDS.findall(body)) / max(len(body) / 100, 1)
    score += min(density, 1.0) * weight["vocabulary"]
    if excluded_genre_in(title) or rules.other_issuer.search(
        rules.education_issuer.sub("", title)
    ):
        score *= weight["off_topic_factor"]
    return round(min(score, 1.0), 3)


def link_priority(anchor_text: str, url: str) -> int:
    """Scrapy request priority for a link: bureau summaries first, lesson plans last."""
    probe = f"{anchor_text} {url}"
    for pattern, priority in topic_rules().priority:
        if pattern.search(probe):
            return priority
    return 0


# Clean bodies shorter than this (non-space characters) are rejected as too_short: a preview
# that short holds no document a reader could use. The crawl's MIN_BODY_CHARS setting.
MIN_BODY_CHARS = 200


def reject_reason(title: str | None, body: str, min_chars: int = MIN_BODY_CHARS) -> str | None:
    """Why a cleaned page is not stored (too short, or off-topic), or None to keep it."""
    if len("".join(body.split())) < min_chars:  # non-space characters, counted in C
        return "too_short"
    return off_topic_reason(title, body)
