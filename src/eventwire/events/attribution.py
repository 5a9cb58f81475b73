"""Attribution: the chain of sources from the original speaker to the publisher.

For a trigger, the speaker is found, in order:

1. a reporting verb governing the trigger's clause ("an Iraqi military source says",
   "X told Y that …", "The source highlighted that …") — its subject is the speaker;
2. "according to X" in the sentence;
3. inside a quotation, the reporting verb attached to the quote ("…,” the source added").

The speaker phrase is typed (anonymous source, named person, statement, organisation, media
outlet) and resolved; definite re-mentions ("the source") join the earlier indefinite one. When
the speaker told a media outlet ("told Lebanon's … newspaper"), that outlet follows in the chain.
The publisher always closes the chain; unattributed narration is just [publisher].
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from eventwire.events.actors import EntityMemory, phrase_span, resolve_actor
from eventwire.model import Actor, Source, SourceKind, Span

if TYPE_CHECKING:
    from spacy.tokens import Span as SpacySpan
    from spacy.tokens import Token

__all__ = ["AttributionMemory", "source_chain"]

REPORTING_VERBS = {"say", "tell", "add", "state", "announce", "report", "highlight", "note",
                   "claim", "explain", "confirm", "stress", "write", "quote", "cite", "insist",
                   "reveal", "disclose", "assert", "argue"}
ANONYMOUS_HEADS = {"source", "official", "officer", "diplomat", "insider", "aide"}
ANONYMITY_CUES = re.compile(
    r"\b(anonymity|anonymous|unnamed|not authori[sz]ed|declined to be named)\b", re.IGNORECASE
)
STATEMENT_HEADS = {"statement", "communique", "communiqué", "release", "announcement", "post",
                   "website", "report"}
STAGE = "attribution"


@dataclass
class _Speaker:
    source: Source
    key: str
    outlets: list[Source] = field(default_factory=list)


@dataclass
class AttributionMemory:
    """Speakers seen so far in the article and the outlets they talked to."""

    speakers: list[_Speaker] = field(default_factory=list)

    def find(self, head_lemma: str, definite: bool) -> _Speaker | None:
        if not definite:
            return None
        for sp in reversed(self.speakers):
            if sp.key == head_lemma:
                return sp
        return None


def _quote_bounds(text: str) -> list[tuple[int, int]]:
    spans = []
    for m in re.finditer(r"[“\"]([^”\"]{3,})[”\"]", text):
        spans.append((m.start(), m.end()))
    return spans


def _reporting_verb(trigger: Token) -> Token | None:
    tok = trigger
    for _ in range(8):
        if tok.i != trigger.i and (tok.lemma_.lower() in REPORTING_VERBS or _media_shows(tok)):
            return tok
        for child in tok.children:
            if child.dep_ == "parataxis" and child.lemma_.lower() in REPORTING_VERBS:
                return child
        if tok.head.i == tok.i or _narrator_aside(tok):
            break
        tok = tok.head
    return None


#: Verbs by which an outlet reports what it puts on air or in print ("television showed …").
MEDIA_VERBS = {"show", "broadcast", "air", "publish", "carry", "feature"}


def _media_shows(verb: Token) -> bool:
    """"State television showed a meeting …": an outlet showing something reports it."""
    if verb.lemma_.lower() not in MEDIA_VERBS:
        return False
    from eventwire.events.lexicon import actor_lexicon

    subj = _subject(verb)
    return subj is not None and actor_lexicon().sectors.get(subj.lemma_.lower()) == "MED"


def _narrator_aside(tok: Token) -> bool:
    """"X insists on seeing Y, who was visiting her father when they were attacked": what a
    non-restrictive relative clause (set off by a comma) or an apposition tells about a noun
    is the writer's background, not part of the speaker's claim. A restrictive one ("shot
    four men who began shooting") stays inside the report."""
    if tok.dep_ == "appos":
        return True
    if tok.dep_ != "relcl":
        return False
    first = min(t.i for t in tok.subtree)
    return first > 0 and tok.doc[first - 1].text == ","


def _according_to(sent: SpacySpan) -> Token | None:
    for tok in sent:
        nxt = tok.doc[tok.i + 1] if tok.i + 1 < len(tok.doc) else None
        if tok.lower_ == "according" and nxt is not None and nxt.lower_ == "to":
            objs = [c for c in nxt.children if c.dep_ == "pobj"]
            if objs:
                return objs[0]
    return None


def _subject(verb: Token) -> Token | None:
    for child in verb.children:
        if child.dep_ in ("nsubj", "nsubjpass"):
            return child
    # "…, an Iraqi military source says": a phrase right before a subject-less reporting verb.
    if verb.i > 0:
        prev = verb.doc[verb.i - 1]
        if prev.pos_ in ("NOUN", "PROPN"):
            return prev
    return None


def _recipient_outlet(verb: Token, memory: EntityMemory, offset: int) -> Source | None:
    """The media outlet a speaker talked to ("told Lebanon's al-Akhbar newspaper")."""
    if verb.lemma_.lower() != "tell":
        return None
    for child in verb.children:
        if child.dep_ in ("dobj", "dative"):
            actor = resolve_actor(child, memory, offset=offset)
            if actor.sector == "MED":
                source = _as_source(actor, SourceKind.MEDIA, anonymous=False)
                name = _proper_name(phrase_span(child))
                return source.model_copy(update={"name": name}) if name else source
    return None


def _proper_name(span: SpacySpan) -> str | None:
    """The outlet's own name inside its description ("Lebanon's Arabic-language X newspaper"
    → "X"): the last run of proper-noun tokens that are not places, languages or possessors."""
    runs: list[list[Token]] = [[]]
    for tok in span:
        possessor = tok.i + 1 < len(tok.doc) and tok.doc[tok.i + 1].tag_ == "POS"
        keep = (tok.pos_ == "PROPN" or (tok.text == "-" and runs[-1])) and not possessor \
            and tok.ent_type_ not in ("GPE", "NORP", "LANGUAGE", "LOC")
        if keep:
            runs[-1].append(tok)
        elif runs[-1]:
            runs.append([])
    runs = [r for r in runs if r and r[-1].text != "-"]
    if not runs:
        return None
    run = runs[-1]
    return span.doc[run[0].i:run[-1].i + 1].text


def _name_of(actor: Actor) -> str | None:
    if actor.name:
        return actor.name
    text = actor.text or ""
    # The outlet's own name without its description: "Lebanon's Arabic-language X newspaper".
    return text


def _as_source(actor: Actor, kind: SourceKind, *, anonymous: bool) -> Source:
    evidence = None
    if actor.start is not None and actor.end is not None:
        evidence = Span(start=actor.start, end=actor.end, text=actor.text or "", stage=STAGE,
                        confidence=0.7)
    return Source(kind=kind, text=actor.text or "", name=_name_of(actor), country=actor.country,
                  sector=actor.sector, anonymous=anonymous, evidence=evidence)


def _speaker_source(head: Token, sent: SpacySpan, memory: EntityMemory,
                    attribution: AttributionMemory, offset: int) -> _Speaker:
    actor = resolve_actor(head, memory, offset=offset)
    lemma = head.lemma_.lower()
    definite = any(c.lower_ in ("the", "this", "that") for c in head.children if c.dep_ == "det")
    known = attribution.find(lemma, definite)
    if known:
        return known
    ents = [e for e in phrase_span(head).ents if e.label_ in ("PERSON", "ORG")]
    if lemma in STATEMENT_HEADS:
        # "a statement released by his office": the statement's author speaks.
        kind = SourceKind.STATEMENT
        for child in head.subtree:
            if child.dep_ == "pobj" and child.head.lower_ == "by":
                author = resolve_actor(child, memory, offset=offset)
                actor = actor.model_copy(update={"country": author.country or actor.country,
                                                 "sector": author.sector or actor.sector,
                                                 "name": author.name or actor.name})
        anonymous = False
    elif actor.sector == "MED":
        kind, anonymous = SourceKind.MEDIA, False
    elif (ents and ents[0].label_ == "PERSON") or actor.name:
        kind, anonymous = SourceKind.PERSON, False
    elif (lemma in ANONYMOUS_HEADS and not ents) or (ANONYMITY_CUES.search(sent.text) and not ents):
        kind, anonymous = SourceKind.ANONYMOUS, True
    else:
        kind, anonymous = SourceKind.ORGANISATION, False
    speaker = _Speaker(_as_source(actor, kind, anonymous=anonymous), lemma)
    attribution.speakers.append(speaker)
    return speaker


def source_chain(
    trigger: Token,
    sent: SpacySpan,
    paragraph_text: str,
    paragraph_offset: int,
    *,
    publisher: str | None,
    memory: EntityMemory,
    attribution: AttributionMemory,
) -> list[Source]:
    """The attribution chain of the event triggered by ``trigger`` (publisher last)."""
    offset = paragraph_offset
    verb = _reporting_verb(trigger)
    speaker_head = _subject(verb) if verb is not None else None
    if speaker_head is None:
        acc = _according_to(sent)
        if acc is not None:
            speaker_head = acc
    if speaker_head is None:
        # Inside a quotation: the reporting verb of the quote's paragraph.
        rel = trigger.idx
        for qs, qe in _quote_bounds(paragraph_text):
            if qs <= rel < qe:
                for tok in trigger.doc:
                    if tok.lemma_.lower() in REPORTING_VERBS and not (qs <= tok.idx < qe):
                        verb = tok
                        speaker_head = _subject(tok)
                        break
                break
    chain: list[Source] = []
    if speaker_head is not None and speaker_head.pos_ != "PRON":
        speaker = _speaker_source(speaker_head, sent, memory, attribution, offset)
        if verb is not None:
            outlet = _recipient_outlet(verb, memory, offset)
            if outlet and all(o.text != outlet.text for o in speaker.outlets):
                speaker.outlets.append(outlet)
        chain.append(speaker.source)
        chain.extend(speaker.outlets)
    elif speaker_head is not None and memory.last_person is not None:
        chain.append(Source(kind=SourceKind.PERSON, text=speaker_head.text,
                            name=memory.last_person.name, country=memory.last_person.country,
                            sector=memory.last_person.sector))
    if publisher:
        chain.append(Source(kind=SourceKind.PUBLISHER, text=publisher, name=publisher))
    return chain
