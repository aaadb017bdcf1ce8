"""What the registry holds, as plain read-only records (the store's rows, assembled)."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

QUOTE_STATUSES = ("unverified", "verified", "disputed", "retracted")


class ReviewState(Enum):
    """A rendition's review state, in workflow order (its XLIFF states are mapped on
    one table in quotes.formats.xliff)."""

    DRAFT = "draft"
    IN_REVIEW = "in-review"
    CHANGES_REQUESTED = "changes-requested"
    REJECTED = "rejected"
    APPROVED = "approved"
    SUPERSEDED = "superseded"


@dataclass(frozen=True)
class Speaker:
    id: str
    name: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class QuoteVersion:
    version: int
    text: str
    reason: str | None
    created_at: str
    created_by: str


@dataclass(frozen=True)
class Note:
    author: str
    role: str  # "translator" or "reviewer"
    text: str
    created_at: str
    action: str | None = None  # the review action this note came with, if any


@dataclass(frozen=True)
class Revision:
    revision: int
    text: str
    created_at: str
    created_by: str


@dataclass(frozen=True)
class Rendition:
    id: str
    quote_id: str
    lang: str
    translator: str
    method: str  # "human" or "machine"
    engine: str | None
    model: str | None
    model_version: str | None
    from_rendition_id: str | None  # None: made from the original
    state: str
    created_at: str
    revisions: tuple[Revision, ...]
    notes: tuple[Note, ...] = ()

    @property
    def text(self) -> str:
        return self.revisions[-1].text

    @property
    def latest_reviewer_note(self) -> Note | None:
        reviewer_notes = [note for note in self.notes if note.role == "reviewer"]
        return reviewer_notes[-1] if reviewer_notes else None


@dataclass(frozen=True)
class Quote:
    id: str
    speaker: Speaker
    lang: str
    said_on: str | None
    source_url: str | None
    outlet: str | None
    medium: str | None
    context: str | None
    status: str
    status_note: str | None
    created_at: str
    created_by: str
    versions: tuple[QuoteVersion, ...]
    renditions: tuple[Rendition, ...] = field(default=())

    @property
    def text(self) -> str:
        return self.versions[-1].text

    def rendition(self, rendition_id: str) -> Rendition:
        return next(r for r in self.renditions if r.id == rendition_id)

    def approved_rendition(self, lang: str) -> Rendition | None:
        """The rendition in ``lang`` that a newsletter may print, if any."""
        approved = [r for r in self.renditions if r.lang == lang and r.state == ReviewState.APPROVED.value]
        return approved[-1] if approved else None

    def chain(self, rendition: Rendition) -> list[Rendition]:
        """What ``rendition`` was made from, original first: [r-tr, r-en] for a back-translation."""
        chain = [rendition]
        while chain[0].from_rendition_id:
            chain.insert(0, self.rendition(chain[0].from_rendition_id))
        return chain


@dataclass(frozen=True)
class Event:
    id: int
    at: str
    actor: str
    action: str
    subject: str
    detail: dict
