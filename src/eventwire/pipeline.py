"""Wires the stages together: Article → ArticleResult.

A stage is a small object with a ``name``, what it ``requires`` and what it ``assigns`` (keys of
the per-article :class:`AnalysisContext`), and ``__call__(ctx) -> None``. Stages keep no state
between articles except lazily loaded, read-only resources (the spaCy model, the gazetteer), so
the same :class:`Pipeline` runs in one process, in a process pool or on Dask workers unchanged.

The default pipeline, in order:

1. ``parse``    – spaCy parse of every analysed segment (title, captions, body; not boilerplate)
2. ``entities`` – named-entity mentions from the parse
3. ``timex``    – time expressions with TIMEX3 values (when the stage module is present)
4. ``places``   – toponyms resolved against the gazetteer (when present)
5. ``event_mentions`` – TimeML-style event mentions with class, tense, aspect, polarity and
   modality (when present)
6. ``events``   – coded events with arguments, time, place and sources (when present)
"""

from __future__ import annotations

import importlib
import logging
import re
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

from eventwire.errors import ConfigError, EventwireError, StageError
from eventwire.model import (
    Article,
    ArticleResult,
    Event,
    Mention,
    MentionKind,
    Segment,
    SegmentKind,
)
from eventwire.nlp import load_nlp

if TYPE_CHECKING:
    from spacy.tokens import Doc

__all__ = [
    "ANALYSED_SEGMENTS",
    "AnalysisContext",
    "EntityStage",
    "ParseStage",
    "ParsedSegment",
    "Pipeline",
    "Stage",
    "default_pipeline",
]

log = logging.getLogger(__name__)

#: Segments the linguistic stages read. Boilerplate, bylines and section paths are kept in the
#: article but never analysed, so they can yield no mention and no event.
ANALYSED_SEGMENTS = (
    SegmentKind.SECTION,  # "News / Iraq": a country focus for places; never an event
    SegmentKind.TITLE,
    SegmentKind.SUBTITLE,
    SegmentKind.CAPTION,
    SegmentKind.DATELINE,
    SegmentKind.BODY,
)


@dataclass
class ParsedSegment:
    """A spaCy parse of one segment; ``doc`` offsets + ``segment.start`` = article offsets."""

    segment: Segment
    doc: Doc

    @property
    def offset(self) -> int:
        return self.segment.start


@dataclass
class AnalysisContext:
    """Per-article working state that stages read and write (lives in one process)."""

    article: Article
    parsed: list[ParsedSegment] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    #: Stage-private intermediate results other stages may read (e.g. resolved timexes).
    extras: dict[str, Any] = field(default_factory=dict)

    def mentions_of(self, kind: MentionKind) -> list[Mention]:
        return [m for m in self.mentions if m.kind == kind]


@runtime_checkable
class Stage(Protocol):
    """One pipeline step over an :class:`AnalysisContext`."""

    name: str
    requires: tuple[str, ...]
    assigns: tuple[str, ...]

    def __call__(self, ctx: AnalysisContext) -> None: ...


class ParseStage:
    """Parse each analysed segment with spaCy (``parsed``)."""

    name = "parse"
    requires: tuple[str, ...] = ()
    assigns: tuple[str, ...] = ("parsed",)

    def __init__(self, model: str | None = None) -> None:
        self.model = model

    def __call__(self, ctx: AnalysisContext) -> None:
        nlp = load_nlp(self.model) if self.model else load_nlp()
        segments = [s for s in ctx.article.segments if s.kind in ANALYSED_SEGMENTS]
        docs = nlp.pipe([s.text for s in segments])
        ctx.parsed = [ParsedSegment(seg, doc) for seg, doc in zip(segments, docs, strict=True)]


#: spaCy labels kept as entity mentions (places are the ``places`` stage's business).
ENTITY_LABELS = frozenset({"PERSON", "ORG", "NORP", "GPE", "LOC", "FAC"})

#: Head words that end an organisation's name. The small English model often misses long
#: institutional names ("the Islamic Revolution Guards Corps"); a run of capitalised words
#: ending in one of these is an organisation.
ORGANISATION_HEADS = ("Corps", "Force", "Forces", "Army", "Guard", "Guards", "Brigade",
                      "Brigades", "Party", "Front", "Movement", "Council", "Committee",
                      "Commission", "Ministry", "Agency", "Organization", "Organisation",
                      "Union", "Association", "Federation", "League", "Assembly", "Parliament",
                      "Court", "Tribunal", "Bank", "Service", "Services", "Directorate",
                      "Authority", "Institute", "Foundation", "Alliance", "Coalition")
_ORGANISATION_RUN = re.compile(
    r"\b(?:[A-Z][\w'’-]*\s+){1,6}(?:" + "|".join(ORGANISATION_HEADS) + r")\b")


def organisation_runs(text: str) -> list[tuple[int, int]]:
    """Character spans of capitalised runs ending in an organisation head word, without a
    leading "The" ("The Islamic Revolution Guards Corps" → "Islamic Revolution Guards
    Corps")."""
    out = []
    for m in _ORGANISATION_RUN.finditer(text):
        start = m.start()
        if text.startswith("The ", start):
            start += 4
        if " " in text[start:m.end()]:
            out.append((start, m.end()))
    return out


class EntityStage:
    """Named-entity mentions from spaCy's NER, plus organisation names the model misses
    (capitalised runs ending in an organisation head word; ``mentions.entity``)."""

    name = "entities"
    requires: tuple[str, ...] = ("parsed",)
    assigns: tuple[str, ...] = ("mentions.entity",)

    def __call__(self, ctx: AnalysisContext) -> None:
        for ps in ctx.parsed:
            for ent in ps.doc.ents:
                if ent.label_ not in ENTITY_LABELS:
                    continue
                start = ps.offset + ent.start_char
                ctx.mentions.append(
                    Mention(
                        article_id=ctx.article.id,
                        kind=MentionKind.ENTITY,
                        label=ent.label_,
                        start=start,
                        end=start + len(ent.text),
                        text=ent.text,
                        segment=ps.segment.kind,
                        stage=self.name,
                        confidence=0.7,
                        normalized=ent.text,
                    )
                )
            covered = [(e.start_char, e.end_char) for e in ps.doc.ents]
            for start, end in organisation_runs(ps.doc.text):
                if any(s < end and start < e for s, e in covered):
                    continue  # the model found it (or part of it): its reading stands
                text = ps.doc.text[start:end]
                ctx.mentions.append(
                    Mention(
                        article_id=ctx.article.id,
                        kind=MentionKind.ENTITY,
                        label="ORG",
                        start=ps.offset + start,
                        end=ps.offset + end,
                        text=text,
                        segment=ps.segment.kind,
                        stage=self.name,
                        confidence=0.6,
                        normalized=text,
                        attributes={"rule": "organisation head"},
                    )
                )


class Pipeline:
    """An ordered list of stages, checked so that every requirement is assigned earlier."""

    def __init__(self, stages: Sequence[Stage]) -> None:
        assigned: set[str] = set()
        for stage in stages:
            missing = [r for r in stage.requires if not _is_assigned(r, assigned)]
            if missing:
                raise ConfigError(
                    f"stage {stage.name!r} requires {missing} but no earlier stage assigns it"
                )
            assigned.update(stage.assigns)
        self.stages = list(stages)

    @property
    def names(self) -> list[str]:
        return [s.name for s in self.stages]

    def analyse(self, article: Article,
                timings: dict[str, float] | None = None) -> AnalysisContext:
        """Run every stage on one article and return the working context (the parse
        included, which :class:`ArticleResult` does not carry); a stage failure becomes a
        :class:`StageError`. ``timings``, when given, receives each stage's seconds."""
        ctx = AnalysisContext(article=article)
        for stage in self.stages:
            t0 = time.perf_counter()
            try:
                stage(ctx)
            except EventwireError:
                raise
            except Exception as exc:
                raise StageError(
                    f"{type(exc).__name__}: {exc}", stage=stage.name, source_ref=article.source_ref
                ) from exc
            if timings is not None:
                timings[stage.name] = time.perf_counter() - t0
        return ctx

    def run(self, article: Article) -> ArticleResult:
        """Run every stage on one article; a stage failure becomes a :class:`StageError`."""
        timings: dict[str, float] = {}
        ctx = self.analyse(article, timings)
        ctx.mentions.sort(key=lambda m: (m.start, m.end, m.kind))
        return ArticleResult(
            article=article, mentions=ctx.mentions, events=ctx.events, timings=timings
        )


def _is_assigned(requirement: str, assigned: set[str]) -> bool:
    # "mentions" is satisfied by any "mentions.<kind>"; "mentions.time" only by itself.
    return requirement in assigned or any(a.startswith(requirement + ".") for a in assigned)


#: Optional stage modules, in pipeline order: (module, class). A module that does not exist
#: yet is skipped, so the spine runs before every stage is built.
OPTIONAL_STAGES: tuple[tuple[str, str], ...] = (
    ("eventwire.timex", "TimexStage"),
    ("eventwire.geo", "PlaceStage"),
    ("eventwire.events.mentions", "EventMentionStage"),
    ("eventwire.events", "EventStage"),
)


def available_stage_names() -> list[str]:
    """Names of the stages the default pipeline has in this installation."""
    return default_pipeline().names


def default_pipeline() -> Pipeline:
    """The standard pipeline with every stage module that is installed."""
    stages: list[Stage] = [ParseStage(), EntityStage()]
    for module_name, class_name in OPTIONAL_STAGES:
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name != module_name:
                raise
            continue
        stages.append(getattr(module, class_name)())
    return Pipeline(stages)
