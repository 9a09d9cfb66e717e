"""The classifier interface: a plain context in, flags with evidence out."""

from dataclasses import dataclass, field
from typing import Protocol

CATEGORIES = ("crisis", "distress", "hostile", "spam", "personal_info")
SEVERITIES = ("low", "medium", "high")


@dataclass(frozen=True)
class Evidence:
    """A span of the classified text, or of the comment it answers (within="parent"): that text[start:end] ==
    self.text (Python offsets, end exclusive)."""

    start: int
    end: int
    text: str
    rule: str
    within: str = "text"

    def as_json(self) -> dict:
        """The stored and printed shape: start, end, text, rule, and "in": "parent" for a span of the parent."""
        data = {"start": self.start, "end": self.end, "text": self.text, "rule": self.rule}
        if self.within != "text":
            data["in"] = self.within
        return data


@dataclass(frozen=True)
class Flag:
    category: str
    severity: str
    score: float
    evidence: tuple[Evidence, ...] = ()
    classifier: str = ""
    version: str = ""

    def __post_init__(self):
        if self.category not in CATEGORIES:
            raise ValueError(f"unknown care category {self.category!r}")
        if self.severity not in SEVERITIES:
            raise ValueError(f"unknown severity {self.severity!r}")
        if not 0.0 <= self.score <= 1.0:
            raise ValueError(f"score {self.score} is outside [0, 1]")


@dataclass(frozen=True)
class CareContext:
    """Everything a classifier may look at; built by the service, never by a classifier."""

    text: str
    parent_text: str = ""
    post_text: str = ""
    # The author's recent comments, newest first (texts only), and simple counts.
    author_recent_texts: tuple[str, ...] = ()
    author_comment_count: int = 0
    author_account_age_days: float | None = None
    author_recent_flag_categories: tuple[str, ...] = field(default=())


class Classifier(Protocol):
    name: str
    version: str

    def classify(self, context: CareContext) -> list[Flag]:
        """Return candidate flags; the pipeline applies thresholds and merges."""
        ...
