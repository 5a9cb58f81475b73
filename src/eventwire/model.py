"""The data model: the contract between stages, the store and every export.

Everything a stage produces is one of these typed, frozen records. The DuckDB schema
(`eventwire.schema`) and the exports (`eventwire.export`) are generated from these classes, so
adding a field here adds a column everywhere.

Offsets: every ``start``/``end`` pair is a character offset into ``Article.text`` (Python string
indices, end exclusive). ``Article.text`` is the page text the pipeline reads; its parts (title,
captions, body paragraphs, boilerplate) are ``Segment`` ranges over it, so a fact found in a
caption keeps both its offsets and the knowledge that it came from a caption.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

__all__ = [
    "SCHEMA_VERSION",
    "Actor",
    "Article",
    "ArticleResult",
    "DateSource",
    "Event",
    "EventCluster",
    "EventPlace",
    "EventStatus",
    "EventTime",
    "Failure",
    "InputRecord",
    "Mention",
    "MentionKind",
    "Run",
    "Segment",
    "SegmentKind",
    "Source",
    "SourceKind",
    "Span",
    "article_id_for",
]

#: Bumped whenever a field is added, removed or changes meaning. Stored with every article and
#: run so a database or export says which contract it follows.
SCHEMA_VERSION = "1.0"


class Record(BaseModel):
    """Base of every model record: immutable, strict about unknown fields."""

    model_config = ConfigDict(frozen=True, extra="forbid")


class DateSource(StrEnum):
    """Where an article's publication date came from."""

    GIVEN = "given"  # passed in by the user or the input record
    HTML_META = "html_meta"  # from the page's metadata (htmldate)
    DATELINE = "dateline"  # from a dateline in the text
    UNKNOWN = "unknown"


class SegmentKind(StrEnum):
    """Layout role of a part of the page text."""

    SECTION = "section"  # breadcrumb / section path
    TITLE = "title"
    SUBTITLE = "subtitle"
    CAPTION = "caption"  # photo or video caption, credit included
    BYLINE = "byline"
    DATELINE = "dateline"
    BODY = "body"  # one body paragraph
    BOILERPLATE = "boilerplate"  # site chrome, footer, links, unrelated teasers


class Span(Record):
    """A piece of evidence: a character range of ``Article.text`` and who found it."""

    start: int = Field(ge=0)
    end: int = Field(ge=0)
    text: str
    stage: str
    confidence: float = Field(default=1.0, ge=0.0, le=1.0)


class Segment(Record):
    """A layout part of the page: ``Article.text[start:end]`` has role ``kind``."""

    kind: SegmentKind
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    text: str
    reason: str = ""  # the rule that classified it, for the evidence view


class InputRecord(Record):
    """One input document as read, before structure analysis."""

    source_ref: str  # path, path:line, url or "<stdin>"
    input_format: str  # "text", "html", "jsonl"
    url: str | None = None
    title: str | None = None
    publisher: str | None = None
    published: date | None = None
    text: str | None = None
    html: str | None = None


class Article(Record):
    """A news article with its layout: the unit every stage works on."""

    schema_version: str = SCHEMA_VERSION
    id: str  # hash of the normalised body text: same body, same id
    source_ref: str
    input_format: str
    url: str | None = None
    publisher: str | None = None
    published: date | None = None
    published_source: DateSource = DateSource.UNKNOWN
    title: str | None = None
    section: str | None = None
    dateline: str | None = None  # "TBILISI, Georgia --": where the report was filed
    language: str = "en"
    text: str
    segments: list[Segment]

    def parts(self, kind: SegmentKind) -> list[Segment]:
        """The segments of one kind, in text order."""
        return [s for s in self.segments if s.kind == kind]

    @property
    def body(self) -> str:
        """The body paragraphs joined by blank lines."""
        return "\n\n".join(s.text for s in self.parts(SegmentKind.BODY))

    @property
    def captions(self) -> list[str]:
        return [s.text for s in self.parts(SegmentKind.CAPTION)]

    @property
    def boilerplate(self) -> list[str]:
        return [s.text for s in self.parts(SegmentKind.BOILERPLATE)]

    def segment_at(self, offset: int) -> Segment | None:
        """The segment containing character ``offset``, if any."""
        for seg in self.segments:
            if seg.start <= offset < seg.end:
                return seg
        return None


class MentionKind(StrEnum):
    ENTITY = "entity"
    PLACE = "place"
    TIME = "time"
    EVENT = "event"


class Mention(Record):
    """Something named in the text: an entity, a place or a time expression.

    ``label`` is the fine type (PERSON, ORG, NORP for entities; country, admin1, city, facility…
    for places; DATE, TIME, DURATION, SET for times). Stage-specific normalised values go in
    ``attributes`` (a TIMEX3 ``value``/``mod``, a gazetteer id and coordinates, …) so that every
    mention kind shares one table.
    """

    article_id: str
    kind: MentionKind
    label: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    text: str
    segment: SegmentKind
    stage: str
    confidence: float = Field(default=1.0, ge=0.0, le=1.0)
    normalized: str | None = None  # TIMEX3 value, canonical place or entity name
    lat: float | None = None
    lon: float | None = None
    country: str | None = None  # ISO 3166-1 alpha-2
    attributes: dict[str, Any] = Field(default_factory=dict)


class EventStatus(StrEnum):
    OCCURRED = "occurred"
    PLANNED = "planned"
    SPECULATED = "speculated"
    DEMANDED = "demanded"
    DENIED = "denied"
    NEGATED = "negated"
    CONDITIONAL = "conditional"


class Actor(Record):
    """An event participant: the text that names it and what it resolves to."""

    text: str | None
    start: int | None = None
    end: int | None = None
    name: str | None = None  # resolved entity name, after coreference
    country: str | None = None  # ISO 3166-1 alpha-2
    sector: str | None = None  # GOV, MIL, LEG, JUD, COP, REB, OPP, CVL, MED, BUS, IGO, NGO
    code: str | None = None  # CAMEO-style actor code, e.g. USAMIL


class EventTime(Record):
    """When an event happened, as an interval with a precision and the evidence for it."""

    value: str | None = None  # TIMEX3 value (2020-01-03, 2017 + mod END, FUTURE_REF)
    mod: str | None = None
    earliest: date | None = None
    latest: date | None = None
    precision: str = "vague"  # day, week, month, quarter, year, vague
    basis: str = "text"  # "text": a governing expression; "reported_by": only the report date
    evidence: Span | None = None


class EventPlace(Record):
    """Where an event happened, with a precision radius for vague places."""

    name: str
    gazetteer_id: str | None = None
    feature_class: str | None = None
    lat: float | None = None
    lon: float | None = None
    radius_km: float | None = None
    admin1: str | None = None
    country: str | None = None
    evidence: Span | None = None


class SourceKind(StrEnum):
    ANONYMOUS = "anonymous"
    PERSON = "person"
    ORGANISATION = "organisation"
    STATEMENT = "statement"
    MEDIA = "media"
    PUBLISHER = "publisher"


class Source(Record):
    """One link of an event's attribution chain (original speaker first, publisher last)."""

    kind: SourceKind
    text: str
    name: str | None = None
    country: str | None = None
    sector: str | None = None
    anonymous: bool = False
    hedges: list[str] = Field(default_factory=list)
    evidence: Span | None = None


class Event(Record):
    """A coded event: who did what to whom, where, when, according to whom."""

    id: str
    article_id: str
    type: str  # PLOVER event type
    mode: str | None = None
    subtype: str | None = None
    cameo_root: str | None = None
    acled_event_type: str | None = None
    acled_sub_event_type: str | None = None
    status: EventStatus = EventStatus.OCCURRED
    hedged: bool = False
    hedge_cues: list[str] = Field(default_factory=list)
    trigger: Span
    actor: Actor | None = None
    target: Actor | None = None
    when: EventTime | None = None
    places: list[EventPlace] = Field(default_factory=list)
    sources: list[Source] = Field(default_factory=list)
    evidence: list[Span] = Field(default_factory=list)
    confidence: float = Field(default=0.5, ge=0.0, le=1.0)
    stage: str = "events"


class Failure(Record):
    """An input that could not be processed, and why. The batch goes on without it."""

    source_ref: str
    stage: str
    error_class: str
    message: str
    created_at: datetime


class Run(Record):
    """One ingest run: what ran, with which versions, how long and how much."""

    run_id: str
    started_at: datetime
    finished_at: datetime | None = None
    schema_version: str = SCHEMA_VERSION
    versions: dict[str, str] = Field(default_factory=dict)
    workers: int = 1
    counts: dict[str, int] = Field(default_factory=dict)
    timings: dict[str, float] = Field(default_factory=dict)


class ArticleResult(Record):
    """Everything the pipeline produced for one article: what a worker hands to the store."""

    article: Article
    mentions: list[Mention] = Field(default_factory=list)
    events: list[Event] = Field(default_factory=list)
    timings: dict[str, float] = Field(default_factory=dict)


_WS = re.compile(r"\s+")


def article_id_for(body: str) -> str:
    """Stable article id: SHA-256 of the NFC-normalised, whitespace-collapsed body, 16 hex."""
    norm = _WS.sub(" ", unicodedata.normalize("NFC", body)).strip().casefold()
    return hashlib.sha256(norm.encode("utf-8")).hexdigest()[:16]


class EventCluster(Record):
    """One event's membership of a cross-document cluster: the events (from one article or
    several) that report the same real-world happening (``eventwire.events.crossdoc``)."""

    cluster_id: str  # the smallest event id of the cluster: stable while its members are
    event_id: str
    article_id: str
    size: int = Field(ge=1)  # events in the cluster
    n_articles: int = Field(ge=1)  # distinct articles reporting it
    representative: bool = False  # the event that stands for the cluster (one per cluster)
    cohesion: float = Field(default=1.0, ge=0.0, le=1.0)  # mean link probability to the rest
    method: str = "crossdoc"
