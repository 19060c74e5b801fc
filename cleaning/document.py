"""The document that cleaning produces: one clean text and what is known about it."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, replace


@dataclass
class Document:
    """A cleaned document.

    ``body`` holds one paragraph per line, in Simplified characters;
    ``body_original`` keeps the text as the page wrote it when that differed
    (a Traditional source), so no information is lost by normalising.
    """

    title: str | None
    body: str
    title_raw: str | None = None
    body_original: str | None = None
    published: str | None = None
    site: str | None = None
    url: str | None = None
    encoding: str | None = None
    content_hash: str = ""
    traditional_source: bool = False
    flags: list[str] = field(default_factory=list)
    # Structured metadata (filled by cleaning.metadata); unknown values stay None.
    issuer: str | None = None
    level: str | None = None
    province: str | None = None
    city: str | None = None
    county: str | None = None
    admin_code: str | None = None
    # The place name that set province/city/county and where it stood:
    # {"name": "衢州市", "where": "title" | "body:<paragraph index>" | "signature" | "issuer" | "page"}
    # ("page": a source line or portal byline around the text, where the text names no place).
    place_evidence: dict | None = None
    years_reported: list[int] = field(default_factory=list)
    year_planned: int | None = None
    years_title: list[int] = field(default_factory=list)
    year_supported_by: str | None = None
    period: str | None = None
    doc_type: str | None = None
    placeholder_share: float = 0.0
    topic_score: float = 0.0
    # A compilation page's texts, each a Document of its own (the top level shows the first).
    parts: list[Document] = field(default_factory=list)

    @property
    def paragraphs(self) -> list[str]:
        return [line for line in self.body.split("\n") if line]

    @property
    def char_count(self) -> int:
        return sum(len(p) for p in self.paragraphs)

    @property
    def paragraph_count(self) -> int:
        return len(self.paragraphs)

    def to_dict(self) -> dict:
        data = asdict(self)
        data["char_count"] = self.char_count
        data["paragraph_count"] = self.paragraph_count
        data["parts"] = [part.to_dict() for part in self.parts]
        return data

    def located(self, **where: str | None) -> Document:
        """This document and its parts, with where they were found (url, site, encoding)."""
        return replace(self, parts=[replace(p, **where) for p in self.parts], **where)

    @property
    def texts(self) -> list[Document]:
        """The texts the page holds: its parts, or the document itself."""
        return self.parts or [self]
