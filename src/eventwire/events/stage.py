"""The event stage: body sentences → coded events with arguments, status, time, place and
sources, each field with its evidence.

Per body paragraph (captions, titles and boilerplate yield no events):

1. remember what sentences say about people (appositions, titles) for actor resolution;
2. find triggers from the lexicon (verbs with their particles, nouns with their compounds,
   verbs that count only with certain objects: "approved a bill");
3. skip mentions that are not events of their own: participles describing someone ("forces
   fighting X"), and things demanded or decided ("demanding the withdrawal") — they are the
   content of the demanding event;
4. read status, hedges, actor and target, the governing time expression, places and sources;
5. merge mentions of the same happening (same type and status, compatible actor, time and
   place; a nominal re-mention or a restated plan) into one event with several evidence spans.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from eventwire.events.acled import code_events
from eventwire.events.actors import (
    EntityMemory,
    actor_code,
    learn_entities,
    phrase_span,
    resolve_actor,
)
from eventwire.events.attribution import AttributionMemory, source_chain
from eventwire.events.lexicon import EventLexicon, event_lexicon
from eventwire.events.modality import event_status, hedge_cues
from eventwire.model import (
    Actor,
    Event,
    EventPlace,
    EventStatus,
    EventTime,
    Mention,
    MentionKind,
    SegmentKind,
    Source,
    SourceKind,
    Span,
)

if TYPE_CHECKING:
    from spacy.tokens import Span as SpacySpan
    from spacy.tokens import Token

    from eventwire.pipeline import AnalysisContext, ParsedSegment

__all__ = ["EventStage"]

STAGE = "events"
_LOCATIVE_PREPS = {"in", "at", "near", "from", "outside", "inside", "across", "around", "on",
                   "into", "to", "towards", "toward", "off", "within"}
_TARGET_PREPS = {"against", "on", "at", "targeting", "with"}
_NOT_DATE_VALUES = {"PRESENT_REF", "PAST_REF"}
_REPORTING = {"say", "tell", "add", "state", "announce", "report", "claim", "confirm", "note"}
#: Types whose verbal trigger needs someone acting: a subject like "the financial crisis"
#: does not protest, agree or withdraw.
_AGENTIVE_TYPES = {"PROTEST", "AGREE", "CONSULT", "DEMAND", "REQUEST", "DISAPPROVE", "ACCUSE",
                   "REJECT", "SUPPORT", "COOPERATE", "SANCTION", "COERCE", "RETREAT", "MOBILIZE",
                   "CONCEDE", "AID", "THREATEN", "INVESTIGATE"}
_PERSONAL_PRONOUNS = {"i", "we", "you", "he", "she", "they", "who", "it"}
_LIGHT_VERBS = {"make", "hold", "carry", "launch", "conduct", "stage", "give", "issue", "take",
                "have", "begin", "start", "continue", "mount", "renew", "impose", "provide",
                "offer", "announce", "sign", "reach", "express", "voice", "lodge", "file",
                "extend", "resume", "declare", "deliver", "send", "step", "intensify",
                "escalate", "end", "call", "organize", "organise", "lead", "tighten",
                "complete", "remove", "lift", "ease"}
#: Types whose verbal trigger is a statement: its speaker is its actor.
_SPEECH_TYPES = {"DISAPPROVE", "REJECT", "ACCUSE", "DEMAND", "REQUEST", "THREATEN", "SUPPORT",
                 "AGREE"}
#: Nouns that frame another event noun as talked about, not happening ("talks of pullout").
_FRAME_NOUNS = {"talk", "speculation", "rumor", "rumour", "possibility", "prospect", "report"}


@dataclass
class _Candidate:
    trigger: Token
    ps: ParsedSegment
    type: str
    mode: str | None
    status: EventStatus
    hedges: list[str]
    actor: Actor | None
    target: Actor | None
    when: EventTime | None
    places: list[EventPlace]
    sources: list[Source]
    nominal: bool
    evidence: list[Span] = field(default_factory=list)
    content: _Candidate | None = None

    @property
    def start(self) -> int:
        return self.ps.offset + self.trigger.idx

    def trigger_span(self) -> Span:
        tok = self.trigger
        text = tok.text
        end_tok = tok
        for child in tok.children:
            if child.dep_ == "prt" and child.i == tok.i + 1:
                end_tok = child
        if tok.i > 0 and tok.doc[tok.i - 1].dep_ == "compound" and self.nominal \
                and tok.doc[tok.i - 1].head.i == tok.i:
            tok = tok.doc[tok.i - 1]
        start = self.ps.offset + tok.idx
        end = self.ps.offset + end_tok.idx + len(end_tok.text)
        text = self.ps.doc.text[tok.idx:end_tok.idx + len(end_tok.text)]
        return Span(start=start, end=end, text=text, stage=STAGE, confidence=0.6)


class EventStage:
    """Detect, code and link events (``events``)."""

    name = STAGE
    requires: tuple[str, ...] = ("parsed", "mentions.entity")
    assigns: tuple[str, ...] = ("events",)

    def __init__(self) -> None:
        self._country_places: dict[str, Mention] = {}
        self._focus: str | None = None
        self._focus_area: Mention | None = None
        self._place_focus: str | None = None
        self._wire: Source | None = None

    def __call__(self, ctx: AnalysisContext) -> None:
        lex = event_lexicon()
        memory = EntityMemory(as_of=ctx.article.published)
        self._country_places = {
            m.country: m for m in ctx.mentions
            if m.kind is MentionKind.PLACE and m.label == "country" and m.country
        }
        self._focus = _focus_country(ctx.mentions)
        self._focus_area = _focus_area(ctx.mentions, self._focus)
        # A place for an act with no participant's country needs a focus named more than
        # once: a lone name may be a reference point ("near the border with Chile").
        named = [m for m in ctx.mentions if m.kind is MentionKind.PLACE
                 and m.country == self._focus and m.segment is not SegmentKind.CAPTION]
        self._place_focus = self._focus if len(named) >= 2 else None
        self._wire = _wire_agency(ctx.parsed, ctx.article.publisher)
        attribution = AttributionMemory()
        times = [m for m in ctx.mentions if m.kind is MentionKind.TIME]
        places = [m for m in ctx.mentions if m.kind is MentionKind.PLACE]
        dct = ctx.article.published
        publisher = ctx.article.publisher
        candidates: list[_Candidate] = []
        previous_time: EventTime | None = None
        for ps in ctx.parsed:
            if ps.segment.kind is not SegmentKind.BODY:
                continue
            for sent in ps.doc.sents:
                learn_entities(sent, memory)
                found = self._sentence(sent, ps, lex, memory, attribution, times, places, dct,
                                       publisher)
                # Explicit rule, in order: the clause's own time expression; else the time of
                # another event of the same sentence; else the narrative's last dated event
                # (past tense only); else the report date, flagged as such.
                for cand in found:
                    if cand.when is None and previous_time is not None \
                            and cand.status is EventStatus.OCCURRED and _past(cand.trigger):
                        # Narrative continuation: a past-tense event with no time of its own
                        # follows the time of the event just told.
                        cand.when = previous_time.model_copy(update={"basis": "discourse"})
                    if cand.when is None and cand.status is EventStatus.OCCURRED \
                            and dct is not None:
                        cand.when = _time_by_tense(cand.trigger, ps, sent, times, dct)
                    if cand.when is None:
                        cand.when = _default_time(cand.status, dct)
                    amid = _amid_host(cand, found)
                    if cand.when.basis == "reported_by" and amid is not None and amid.when \
                            and amid.when.earliest is not None:
                        # "X came amid an uptick in Y": Y was going on around X's time.
                        cand.when = EventTime(
                            earliest=amid.when.earliest - timedelta(days=AMID_WINDOW_DAYS),
                            latest=max(amid.when.latest or amid.when.earliest,
                                       dct or amid.when.earliest),
                            precision="vague", basis="relative",
                            evidence=amid.when.evidence,
                        )
                    if cand.when.basis == "reported_by" and cand.nominal:
                        # "requested … in a phone call": the same actor's act in this
                        # sentence dates it.
                        sibling = next((o for o in found if o is not cand and o.when is not None
                                        and o.when.basis in ("text", "discourse", "sentence")
                                        and _same_actor(o.actor, cand.actor)), None)
                        if sibling is not None and sibling.when is not None:
                            cand.when = sibling.when.model_copy(update={"basis": "sentence"})
                    if cand.when.basis == "text" and cand.when.precision == "day" \
                            and cand.status is EventStatus.OCCURRED \
                            and (dct is None or (cand.when.earliest or dct) <= dct):
                        previous_time = cand.when
                candidates.extend(found)
        # ACLED codes by who is involved and what else the paragraph reports (events.acled).
        paragraphs = [(ps.offset, ps.offset + len(ps.doc.text)) for ps in ctx.parsed]
        ctx.events.extend(code_events(self._merge(candidates, ctx.article.id, lex), paragraphs,
                                      ctx.article.text))

    # -- detection --------------------------------------------------------------------------

    def _sentence(
        self,
        sent: SpacySpan,
        ps: ParsedSegment,
        lex: EventLexicon,
        memory: EntityMemory,
        attribution: AttributionMemory,
        times: list[Mention],
        places: list[Mention],
        dct: date | None,
        publisher: str | None,
    ) -> list[_Candidate]:
        out: list[_Candidate] = []
        for tok in sent:
            typed = _trigger_type(tok, lex)
            if typed is None:
                continue
            type_name, nominal = typed
            if _is_description(tok) or _is_frame(tok, lex) or _not_agentive(tok, type_name) \
                    or _resultative(tok) or (nominal and _absorbed(tok, lex)) \
                    or _by_hazard(tok, lex):
                continue
            status = event_status(tok)
            demand_by = _deontic_speaker(tok)
            if demand_by is not None and type_name not in ("DEMAND", "REQUEST"):
                # "X said they should release him": X demands; the release has not happened.
                out.append(self._demand_from(tok, demand_by, type_name, nominal, sent, ps,
                                             lex, memory, attribution, publisher))
                continue
            if status is EventStatus.DEMANDED and type_name not in ("DEMAND", "REQUEST"):
                continue  # the content of a demand is not a happening
            if nominal and _generic_statement(tok):
                continue  # "Clashes are frequent in X": a characterisation, not a report
            mode = lex.mode_of(type_name, _context_words(tok))
            actor, target = _arguments(tok, nominal, type_name, memory, ps.offset)
            if type_name == "CONSULT" and _private_party(target):
                continue  # "was visiting her father": a family visit, not diplomacy
            if type_name in ("DEMAND", "REQUEST") and (target is None or _by_object(tok, lex)):
                target = _demanded_target(tok, lex, memory, ps.offset) or target
            if not nominal and type_name in _SPEECH_TYPES:
                # "The prime minister said Iraq rejects …": a statement made for a country by
                # its own representative is the speaker's act. Whoever else reports it
                # ("Denmark accepted …, officials said"; "…, the Post reported") is a source.
                speaker = _speaker_of(tok)
                if speaker is not None and speaker.pos_ != "PRON":
                    said_by = resolve_actor(speaker, memory, offset=ps.offset,
                                            event_type=type_name)
                    if actor is None or (said_by.country is not None
                                         and said_by.country == actor.country
                                         and said_by.sector != "MED"):
                        actor = said_by
            if actor is None and nominal and type_name == "CONSULT" and memory.last_person:
                # "in a phone call with X": the other party is the person the narrative is about.
                who = memory.last_person
                actor = Actor(text=None, name=who.name, country=who.country, sector=who.sector,
                              code=actor_code(who.country, who.sector))
            sources = source_chain(tok, sent, ps.doc.text, ps.offset, publisher=publisher,
                                   memory=memory, attribution=attribution)
            hedges = hedge_cues(tok)
            cand = _Candidate(
                trigger=tok, ps=ps, type=type_name, mode=mode, status=status, hedges=hedges,
                actor=actor, target=target,
                when=_governing_time(tok, sent, ps, times, dct),
                places=_event_places(tok, sent, ps, places, actor, target),
                sources=sources, nominal=nominal,
            )
            cand.evidence.append(cand.trigger_span())
            if cand.actor is None:
                cand.actor = _implicit_state_actor(tok, cand.places, self._focus)
            if cand.status is EventStatus.OCCURRED and cand.when is not None and dct \
                    and cand.when.earliest is not None and cand.when.earliest > dct:
                cand.status = EventStatus.PLANNED  # "rallies next month"
            if _speaker_is_actor(cand):
                # "X said Iraq rejects …": the statement is the event; whoever reported the
                # statement (an outlet X talked to, or the publisher) is the source.
                cand.sources = [s for s in cand.sources
                                if s.kind in (SourceKind.MEDIA, SourceKind.PUBLISHER)]
            out.append(cand)
        return out

    def _demand_from(
        self,
        tok: Token,
        speaker: Token,
        content_type: str,
        nominal: bool,
        sent: SpacySpan,
        ps: ParsedSegment,
        lex: EventLexicon,
        memory: EntityMemory,
        attribution: AttributionMemory,
        publisher: str | None,
    ) -> _Candidate:
        content_actor, content_target = _arguments(tok, nominal, content_type, memory,
                                                   ps.offset)
        actor = resolve_actor(speaker, memory, offset=ps.offset, event_type="DEMAND")
        cand = _Candidate(
            trigger=tok, ps=ps, type="DEMAND", mode=None, status=EventStatus.OCCURRED,
            hedges=[], actor=actor, target=content_actor or content_target, when=None,
            places=[], nominal=False,
            sources=source_chain(tok, sent, ps.doc.text, ps.offset, publisher=publisher,
                                 memory=memory, attribution=attribution),
        )
        cand.evidence.append(cand.trigger_span())
        return cand

    # -- coreference ------------------------------------------------------------------------

    def _merge(self, cands: list[_Candidate], article_id: str, lex: EventLexicon) -> list[Event]:
        groups: list[list[_Candidate]] = []
        for cand in cands:
            for group in reversed(groups):
                if _same_happening(group, cand):
                    group.append(cand)
                    break
            else:
                groups.append([cand])
        # A later mention may tie together two groups (first an undated mention, then a
        # dated one with the same place phrase): merge groups until nothing changes.
        merged = True
        while merged:
            merged = False
            for i in range(len(groups)):
                for j in range(i + 1, len(groups)):
                    if any(_same_happening(groups[i], c) for c in groups[j]):
                        groups[i].extend(groups.pop(j))
                        merged = True
                        break
                if merged:
                    break
        # An actor-less nominal mention ("talks of pullout") takes the actor of the nearest
        # earlier mention of its type in the same or the previous paragraph.
        by_start = sorted(cands, key=lambda c: c.start)
        paragraph: dict[int, int] = {}
        for c in by_start:
            paragraph.setdefault(id(c.ps), len(paragraph))
        for group in groups:
            if any(c.actor and c.actor.country for c in group) or not all(c.nominal
                                                                          for c in group):
                continue
            first = min(group, key=lambda c: c.start)
            earlier = [c for c in by_start if c.start < first.start and c.type == first.type
                       and c.actor and c.actor.country
                       and paragraph[id(first.ps)] - paragraph[id(c.ps)] <= 1]
            if earlier:
                for c in group:
                    c.actor = earlier[-1].actor
        events = []
        for n, group in enumerate(groups, start=1):
            main = next((c for c in group if not c.nominal), group[0])
            spec = lex.types[main.type]
            mode = next((c.mode for c in group if c.mode), None)
            acled = spec.mode_acled.get(mode or "") or spec.acled
            actor = next((c.actor for c in group if c.actor and c.actor.country), None) \
                or next((c.actor for c in group if c.actor), None)
            target = next((c.target for c in group if c.target and c.target.country), None) \
                or next((c.target for c in group if c.target), None)
            when = _best_time([c.when for c in group if c.when])
            places: list[EventPlace] = []
            for c in group:
                for p in c.places:
                    if all(q.name != p.name for q in places):
                        places.append(p)
            # The latest mention's chain stands: later sentences either confirm a happening in
            # the publisher's own voice or add where it comes from ("according to a
            # statement …").
            reports = [c for c in group if not _anaphoric(c)] or group
            last = max(reports, key=lambda c: c.start)
            voiced = [c for c in group if c.sources == last.sources]
            if not places:
                places = _country_place(main.type, actor, target, self._country_places,
                                        self._place_focus, self._focus_area)
            sources = last.sources
            hedges = sorted({h for c in voiced for h in c.hedges})
            anonymous = any(s.anonymous for s in sources)
            evidence = [s for c in group for s in c.evidence]
            if self._wire is not None and not any(
                s.kind is SourceKind.MEDIA and s.name == self._wire.name for s in sources
            ):
                sources = [*sources[:-1], self._wire, *sources[-1:]] if sources else sources
            actor = _with_focus(actor, self._focus)
            target = _with_focus(target, self._focus)
            events.append(Event(
                id=f"{article_id}:e{n}",
                article_id=article_id,
                type=main.type,
                mode=mode,
                cameo_root=spec.cameo_root,
                acled_event_type=acled[0] if acled else None,
                acled_sub_event_type=acled[1] if acled else None,
                status=main.status,
                hedged=bool(hedges) or anonymous,
                hedge_cues=hedges + (["anonymous source"] if anonymous else []),
                trigger=main.trigger_span(),
                actor=actor,
                target=target,
                when=when,
                places=places,
                sources=sources,
                evidence=evidence,
                confidence=min(0.9, 0.45 + 0.1 * len(group) + (0.1 if actor else 0.0)),
                stage=STAGE,
            ))
        return events


# -- helpers --------------------------------------------------------------------------------


#: Verbs that state an opinion when they take a predicate ("they consider modernity (as)
#: their enemy", "considers that …"), and name an act only with a plain object
#: ("is considering Russia's request").
_OPINION_FRAMES = {"consider"}


def _trigger_type(tok: Token, lex: EventLexicon) -> tuple[str, bool] | None:
    lemma = tok.lemma_.lower()
    if lemma in _OPINION_FRAMES and any(
            c.dep_ in ("ccomp", "xcomp", "oprd") or (c.dep_ == "prep" and c.lower_ == "as")
            or (c.dep_ == "dobj" and any(g.dep_ == "prep" and g.lower_ == "as"
                                         for g in c.children))
            for c in tok.children):
        return None
    if tok.pos_ == "VERB":
        # A verb's object or subject cue is more specific than the bare verb ("dispatched
        # inspectors" investigates, "dispatched troops" mobilises; "crowds gathered").
        objects = lex.objects.get(lemma)
        if objects:
            children = list(tok.children)
            if not any(c.dep_ in ("dobj", "nsubjpass") for c in children):
                # "discovered [a large amount of ammunition] believed to belong to …": the
                # parser makes the object the subject of the clause that describes it.
                children += [s for c in children if c.dep_ == "ccomp" for s in c.children
                             if s.dep_ == "nsubj" and s.i > tok.i]
            for child in children:
                if child.dep_ not in ("dobj", "nsubjpass") and child.head.i == tok.i:
                    continue
                for key in _object_keys(child):
                    if key in objects:
                        return objects[key], False
                if child.ent_type_ == "PERSON" and "PERSON" in objects:
                    return objects["PERSON"], False
        subjects = lex.subjects.get(lemma)
        if subjects:
            for child in tok.children:
                if child.dep_ == "nsubj" and child.lemma_.lower() in subjects:
                    return subjects[child.lemma_.lower()], False
        for type_name, extra in lex.verbs.get(lemma, []):
            if extra is None:
                return type_name, False
            words = extra.split()
            # "called on the United States" but not "called on Thursday"; "drove them out of
            # the town"; "took to the streets" (each further word names the object).
            following = {c.lower_: c for c in tok.children
                         if c.dep_ in ("prt", "dobj") or (c.dep_ == "prep" and any(
                             (o.dep_ == "pobj" and o.ent_type_ not in ("DATE", "TIME"))
                             or o.dep_ == "prep" for o in c.children))}
            if words[0] in following and all(
                any(o.lemma_.lower() == w for o in following[words[0]].children)
                for w in words[1:]
            ):
                return type_name, False
        return None
    if tok.pos_ in ("NOUN", "PROPN") and tok.tag_ not in ("NNP", "NNPS"):
        if tok.dep_ == "compound":
            return None  # "rocket" in "rocket attacks": the head noun is the trigger
        if lemma in lex.instruments and _handled(tok):
            return None  # "seized rockets and mortars": things, not an attack
        if lemma in _ATTACK_OR_PROTEST and _attack_sense(tok):
            return "ASSAULT", True
        for type_name, mod in lex.nouns.get(lemma, []):
            if mod is None:
                return type_name, True
            if any(c.lower_ == mod for c in tok.children if c.dep_ in ("compound", "amod")):
                return type_name, True
    return None


#: Nouns that name a walk-out or an attack ("a general strike", "a US strike").
_ATTACK_OR_PROTEST = {"strike"}
#: Verbs whose subject harms: "the strike killed …" is an attack.
_HARM_VERBS = {"kill", "hit", "destroy", "wound", "injure", "target", "damage", "level",
               "flatten", "claim"}
_MILITARY_MODIFIERS = {"air", "drone", "missile", "rocket", "military", "precision",
                       "retaliatory", "preemptive", "pre-emptive", "surgical", "nuclear",
                       "artillery", "naval", "aerial", "deadly", "lethal", "targeted"}


def _attack_sense(tok: Token) -> bool:
    """Whether "strike" names an attack: it kills or hits ("the strike killed …"), a state or
    an arm carries it out ("a US strike", "an Israeli strike", "a drone strike"), or it is
    made on something ("a strike on a convoy"). Workers going on strike, a general or hunger
    strike, are protests."""
    if tok.dep_ in ("nsubj", "nsubjpass") and tok.head.lemma_.lower() in _HARM_VERBS:
        return True
    if tok.dep_ == "pobj" and tok.head.lower_ in ("in", "by") \
            and tok.head.head.lemma_.lower() in _HARM_VERBS:
        return True  # "was killed in the strike"
    for c in tok.children:
        if c.dep_ in ("compound", "amod", "poss", "nmod") and (
                c.lemma_.lower() in _MILITARY_MODIFIERS or c.ent_type_ in ("NORP", "GPE")):
            return True
        if c.dep_ == "prep" and c.lower_ == "on" and any(
                o.dep_ == "pobj" and o.ent_type_ not in ("DATE", "TIME") for o in c.children):
            return True
    return False


#: Nouns heading a quantity of something ("100kg of explosives", "a batch of weapons").
_QUANTITY_NOUNS = {"kg", "kilogram", "ton", "tonne", "batch", "amount", "quantity", "number",
                   "lot", "pile", "haul", "consignment", "shipment", "cache", "stash", "dozen",
                   "hundred", "thousand", "box", "crate", "type", "kind"}


#: Verbs whose object is the weapon an attack is made with.
_MEANS_VERBS = {"use", "fire", "launch", "employ", "drop", "hurl", "throw", "lob", "detonate"}


def _object_keys(obj: Token) -> list[str]:
    """Lemmas an object cue is matched against: the object's, and for a quantity ("a large
    amount of ammunition", "dozens of rifles, rockets and mortars") the counted things'."""
    keys = [obj.lemma_.lower(), obj.lower_]  # "him" has the lemma "he"
    # "ended mediation efforts", "seized weapons caches": the modifier names the thing.
    keys += [c.lemma_.lower() for c in obj.children if c.dep_ == "compound"]
    if obj.lemma_.lower() in _QUANTITY_NOUNS or obj.like_num:
        for prep in obj.children:
            if prep.dep_ == "prep" and prep.lower_ == "of":
                for thing in prep.children:
                    if thing.dep_ == "pobj":
                        keys += [thing.lemma_.lower(), thing.lower_]
                        keys += [c.lemma_.lower() for c in thing.children if c.dep_ == "conj"]
    return keys


def _handled(tok: Token) -> bool:
    """A weapon noun that is the thing acted on ("seized rockets", "a cache of mortars") or
    listed with such things, not the means of an attack ("rockets hit", "killed by a mortar")."""
    while tok.head.i != tok.i and (tok.dep_ in ("conj", "appos") or (
            tok.dep_ == "pobj" and tok.head.lower_ == "of" and (
                tok.head.head.like_num or tok.head.head.lemma_.lower() in _QUANTITY_NOUNS))):
        # "dozens of rockets and mortars": the role of the quantity is the weapons' role.
        tok = tok.head.head if tok.dep_ == "pobj" else tok.head
    if tok.dep_ in ("dobj", "nsubjpass"):
        # … unless the verb is one of using it ("attacked … using mortars").
        return tok.head.lemma_.lower() not in _MEANS_VERBS
    return tok.dep_ == "pobj" and tok.head.lower_ in ("of", "with") \
        and tok.head.head.pos_ in ("NOUN", "PROPN", "NUM")


def _not_agentive(tok: Token, type_name: str) -> bool:
    """A verb of a type that needs an agent whose subject is no actor ("the crisis struck")."""
    if type_name not in _AGENTIVE_TYPES or tok.pos_ != "VERB":
        return False
    subj = next((c for c in tok.children if c.dep_ == "nsubj"), None)
    if subj is None:
        return False
    if subj.ent_type_ in ("PERSON", "ORG", "GPE", "NORP") or subj.lower_ in _PERSONAL_PRONOUNS \
            or subj.pos_ == "PROPN":
        return False
    from eventwire.events.lexicon import actor_lexicon

    if subj.lemma_.lower() in event_lexicon().nouns:
        return True  # "the bombardments left …", "the strike hit the economy": no one acting
    if subj.tag_ == "NNS" and subj.lemma_.lower().endswith(_PERSON_SUFFIXES):
        return False  # people by role: "detainees protested", "farmers blocked roads"
    lex = actor_lexicon()
    words = {t.lemma_.lower() for t in subj.subtree} | {t.lower_ for t in subj.subtree}
    return not (words & lex.sectors.keys() or words & lex.countries.keys())


#: Endings of plural nouns naming people by what they do or are ("farmers", "detainees",
#: "activists", "residents", "civilians").
_PERSON_SUFFIXES = ("er", "or", "ee", "ist", "ant", "ent", "ian", "man", "men")
#: Event nouns that an industrial site or a gas makes an accident ("a gas explosion", "a blast
#: at a chemical plant").
_ACCIDENT_NOUNS = {"explosion", "blast", "detonation", "explode"}


def _by_hazard(tok: Token, lex: EventLexicon) -> bool:
    """"The earthquake killed 40", "40 were killed in a crash", "… and injured hundreds after
    a quake rocked the island": a hazard, not an actor; "a plant explosion": an accident."""
    heads = [tok]
    if tok.dep_ == "conj" and tok.head.i != tok.i:
        heads.append(tok.head)  # "A tsunami killed 43 and injured hundreds": shared subject
    for head in heads:
        for child in head.children:
            if child.dep_ == "nsubj" and (child.lemma_.lower() in lex.hazards
                                          or _accident(child, lex)):
                return True
            if child.dep_ in ("agent", "prep") and child.lower_ in ("by", "in", "during") and any(
                o.dep_ == "pobj" and o.lemma_.lower() in lex.hazards for o in child.children
            ):
                return True
            if child.dep_ == "advcl" and any(m.lower_ in ("after", "when", "as") for m in
                                             child.children if m.dep_ in ("mark", "advmod")) \
                    and any(s.dep_ == "nsubj" and s.lemma_.lower() in lex.hazards
                            for s in child.children):
                return True  # "killed after an earthquake rocked …"
    return _accident(tok, lex) or any(_accident(c, lex) for c in tok.children
                                      if c.dep_ == "nsubj" and tok.pos_ == "VERB")


def _accident(tok: Token, lex: EventLexicon) -> bool:
    """An explosion (noun, or verb and its subject) at an industrial site or of gas."""
    if tok.lemma_.lower() not in _ACCIDENT_NOUNS:
        return False
    for child in tok.children:
        if child.dep_ in ("compound", "amod", "nmod") \
                and child.lemma_.lower() in lex.accident_modifiers:
            return True
    for word in [tok, *(c for c in tok.children if c.dep_ == "nsubj")]:
        for prep in word.children:
            if prep.dep_ == "prep" and prep.lower_ in ("at", "in", "inside") and any(
                o.dep_ == "pobj" and o.lemma_.lower() in lex.accident_modifiers
                for o in prep.children
            ):
                return True
    return False


#: Words that make "left X …" a result ("left five dead", "left 20 wounded").
_RESULT_WORDS = {"dead", "injured", "wounded", "killed", "homeless", "hurt", "stranded"}


def _resultative(tok: Token) -> bool:
    """"left five officers dead", "left four gunmen killed", "left women walking with
    injuries": a result, not a departure."""
    if tok.lemma_.lower() != "leave":
        return False
    for child in tok.children:
        if child.dep_ in ("oprd", "ccomp", "xcomp", "acomp"):
            return True
        if child.dep_ in ("advcl", "conj", "dep") and (child.pos_ == "ADJ"
                                                      or child.lower_ in _RESULT_WORDS):
            return True
        if child.dep_ == "dobj" and any(
            g.dep_ in ("acl", "amod") and (g.tag_ in ("VBG", "VBN") or g.lower_ in _RESULT_WORDS)
            and g.i > child.i for g in child.children
        ):
            return True
    return False


def _is_frame(tok: Token, lex: EventLexicon) -> bool:
    """"talks of pullout": the frame noun is not an event, the framed noun is."""
    if tok.lemma_.lower() not in _FRAME_NOUNS:
        return False
    for child in tok.children:
        if child.dep_ == "prep" and child.lower_ in ("of", "about", "on"):
            for obj in child.children:
                if obj.dep_ == "pobj" and _trigger_type(obj, lex) is not None:
                    return True
    return False


def _by_object(tok: Token, lex: EventLexicon) -> bool:
    """Whether the trigger counts only through its object ("approved a bill")."""
    return tok.lemma_.lower() in lex.objects and not any(
        extra is None for _, extra in lex.verbs.get(tok.lemma_.lower(), [])
    )


def _deontic_speaker(tok: Token) -> Token | None:
    """The speaker of "… should/must be released": a demand, when someone says it."""
    aux = {c.lower_ for c in tok.children if c.dep_ in ("aux", "auxpass")}
    if not aux & {"should", "must", "ought"}:
        return None
    from eventwire.events.attribution import REPORTING_VERBS, _subject

    up = tok
    for _ in range(4):
        if up.lemma_.lower() in REPORTING_VERBS and up.i != tok.i:
            return _subject(up)
        for child in up.children:
            if child.dep_ == "parataxis" and child.lemma_.lower() in REPORTING_VERBS:
                return _subject(child)
        if up.head.i == up.i:
            break
        up = up.head
    return None


def _speaker_of(tok: Token) -> Token | None:
    """The subject of a reporting verb whose complement is ``tok`` ("X said Iraq rejects")."""
    from eventwire.events.attribution import REPORTING_VERBS

    if tok.dep_ in ("ccomp", "xcomp") and tok.head.lemma_.lower() in REPORTING_VERBS:
        for child in tok.head.children:
            if child.dep_ == "nsubj":
                return child
    return None


def _is_description(tok: Token) -> bool:
    """A participle that describes a noun ("forces fighting Daesh") or a noun used as a
    modifier: a characterisation, not an event report of its own."""
    if tok.tag_ == "VBG" and tok.dep_ in ("acl", "advcl", "amod", "pcomp") and not any(
        c.dep_ in ("aux", "auxpass") for c in tok.children
    ):
        return True
    return tok.tag_ == "VBN" and tok.dep_ in ("amod",)


def _context_words(tok: Token) -> set[str]:
    words = {tok.lemma_.lower(), tok.lower_}
    for child in tok.children:
        if child.dep_ in ("compound", "amod", "nmod", "dobj", "prep", "agent", "nsubj",
                          "nsubjpass"):
            for t in child.subtree:
                words.add(t.lemma_.lower())
                words.add(t.lower_)
    if tok.dep_ == "compound":
        words.add(tok.head.lemma_.lower())
    words |= set(tok.lower_.replace("-", " ").split())
    return words


def _arguments(
    tok: Token, nominal: bool, type_name: str, memory: EntityMemory, offset: int
) -> tuple[Actor | None, Actor | None]:
    actor_tok: Token | None = None
    target_tok: Token | None = None
    actor_span: SpacySpan | None = None
    poss_pron: Token | None = None
    if nominal:
        for child in tok.children:
            if child.dep_ == "poss" and child.pos_ == "PRON" and child.lower_ != "its":
                # "his resignation", "their arrest": whose act it is (unless the clause
                # says who acts: "diplomats held their first meeting"), or whom it is done to.
                if type_name in _DONE_TO_TYPES:
                    target_tok = target_tok or child
                else:
                    poss_pron = child
            elif child.dep_ in ("poss", "compound", "amod") and (
                child.ent_type_ in ("GPE", "NORP", "ORG", "PERSON") or child.pos_ == "PROPN"
            ):
                actor_tok = child
            elif child.dep_ == "compound" and child.lemma_.lower() in _AGENT_NOUNS \
                    and actor_tok is None:
                actor_tok = child  # "a police sweep", "army shelling", "rebel attacks"
            elif child.dep_ == "prep" and child.lower_ in ("by",):
                objs = [c for c in child.children if c.dep_ == "pobj"]
                actor_tok = actor_tok or (objs[0] if objs else None)
            elif child.dep_ == "prep" and child.lower_ == "of":
                objs = [c for c in child.children if c.dep_ == "pobj"]
                if objs:
                    if type_name in _DONE_TO_TYPES:
                        target_tok = objs[0]
                    elif actor_tok is None:
                        actor_tok = objs[0]
                        left = next((c for c in objs[0].children if c.dep_ == "prep"
                                     and c.lower_ == "from"), None)
                        if type_name == "RETREAT" and left is not None:
                            # "the withdrawal of forces from Panama": the place they leave,
                            # not where they come from.
                            actor_span = tok.doc[objs[0].left_edge.i:left.i]
            elif child.dep_ == "prep" and child.lower_ == "between":
                # "a meeting between X and Y": X and Y take part; the first leads.
                objs = [c for c in child.children if c.dep_ == "pobj"]
                if objs:
                    actor_tok = actor_tok or objs[0]
                    others = [c for c in objs[0].children if c.dep_ == "conj"]
                    target_tok = target_tok or (others[0] if others else None)
            elif child.dep_ == "prep" and child.lower_ in _TARGET_PREPS:
                objs = [c for c in child.children
                        if c.dep_ == "pobj" and c.ent_type_ not in ("DATE", "TIME")]
                target_tok = target_tok or (objs[0] if objs else None)
            elif child.dep_ == "acl" and child.lemma_.lower() in ("target", "hit", "kill"):
                objs = [c for c in child.children if c.dep_ == "dobj"]
                target_tok = target_tok or (objs[0] if objs else None)
        host = tok.head if tok.dep_ in ("dobj", "nsubjpass") else None
        host_lemma = host.lemma_.lower() if host is not None else ""
        if host is not None and host_lemma in _RECEIVING_VERBS and target_tok is None:
            # "May has received strong backing from the United States": who gets it is the
            # target, who gives it ("from …") the actor.
            target_tok = _subject_of(host)
            if actor_tok is None:
                actor_tok = next((o for c in [*tok.children, *host.children]
                                  if c.dep_ == "prep" and c.lower_ == "from"
                                  for o in c.children if o.dep_ == "pobj"), None)
        elif host is not None and host_lemma in _ANSWERING_VERBS and target_tok is None \
                and type_name in ("REQUEST", "DEMAND", "PROPOSE"):
            # "The British government is considering Russia's request": a request is made to
            # whoever answers it.
            target_tok = _subject_of(host) or next(
                (o for c in host.children if c.dep_ == "agent" for o in c.children
                 if o.dep_ == "pobj"), None)
        if actor_tok is None and host_lemma not in _RECEIVING_VERBS | _ANSWERING_VERBS:
            # "X made a request", "X held talks", "X requested … in a phone call": the
            # participant is the subject of the governing verb.
            gov = _governing_verb(tok, type_name)
            subj = _subject_of(gov) if gov is not None else None
            if subj is None and gov is not None:
                # "removing the sanctions … is out of the question, US authorities said": a
                # light verb with no subject of its own (a gerund, an infinitive) is its
                # clause's act.
                subj = _clause_subject(gov, type_name)
            elif subj is None and type_name not in _DONE_TO_TYPES:
                # "Turkey will allow … to return home as part of a UN-brokered deal": the
                # clause the event noun is part of says who takes part in it.
                subj = _clause_subject(tok, type_name)
            if subj is not None:
                actor_tok = subj
        actor_tok = actor_tok or poss_pron
    else:
        subj = _subject_of(tok)
        if subj is None and tok.lemma_.lower() in _STATIVE_PASSIVES \
                and not any(c.dep_ == "agent" for c in tok.children):
            # "Israel is opposed to …" is a stance Israel takes, not something done to it.
            subj = next((c for c in tok.children if c.dep_ == "nsubjpass"), None) or next(
                (g for c in tok.children if c.dep_ == "auxpass" for g in c.children
                 if g.dep_ == "nsubj"), None)  # the parser sometimes hangs it on "is"
        if subj is None and tok.dep_ == "acl" and tok.tag_ in ("VBD", "VBZ", "VBP"):
            # A finite verb hung under a noun is a misparse of "…, a rights group protested":
            # the noun is its subject.
            subj = tok.head
        misparsed = _misparsed_finite(tok, type_name) if subj is None else None
        if misparsed is not None:
            subj, actor_span = misparsed
        if subj is None and tok.dep_ == "advcl" and any(
                c.dep_ == "aux" and c.lower_ == "to" for c in tok.children):
            # "Palestinians shunned work to protest …": the purpose is the subject's.
            subj = _subject_of(tok.head)
        if subj is None:
            # "planning to withdraw": the subject of the governing verb chain.
            up = tok
            for _ in range(3):
                # Share the subject of a verb chain ("planning to withdraw", "X arrived and
                # shot"), never the speaker of a reporting verb.
                if up.dep_ not in ("xcomp", "conj", "acomp") or up.head.i == up.i \
                        or up.head.lemma_.lower() in _REPORTING:
                    break
                up = up.head  # also "Norway is willing to send": through the adjective
                subj = _subject_of(up)
                if subj is not None:
                    break
        actor_tok = subj
        for child in tok.children:
            if child.dep_ == "dobj" and target_tok is None:
                target_tok = child
            elif child.dep_ == "agent":
                objs = [c for c in child.children if c.dep_ == "pobj"]
                if objs:
                    target_tok, actor_tok = actor_tok, objs[0]
            elif child.dep_ == "prep" and child.lower_ in _TARGET_PREPS | {"from"} \
                    and target_tok is None and type_name not in ("RETREAT",) \
                    and not (child.lower_ == "from" and _describes_noun(tok)):
                objs = [c for c in child.children
                        if c.dep_ == "pobj" and c.ent_type_ not in ("DATE", "TIME")]
                if objs:
                    target_tok = objs[0]
        passive = next((c for c in tok.children if c.dep_ == "nsubjpass"), None)
        if passive is not None and type_name not in _STANCE_TYPES and (
                target_tok is None or target_tok.dep_ == "pobj"):
            # "14 insurgents were killed", "Wang was charged with subversion": the passive
            # subject is what the act was done to.
            target_tok = passive
            if actor_tok is None and tok.lemma_.lower() in _EXPULSIONS:
                # "diplomats were expelled from Russia": the country that expels them.
                actor_tok = next((o for c in tok.children if c.dep_ == "prep"
                                  and c.lower_ == "from" for o in c.children
                                  if o.dep_ == "pobj"), None)
        elif _describes_noun(tok) and target_tok is None and misparsed is None:
            # "diplomats (being) expelled from the United States": the noun the participle
            # describes; the country they are expelled from expels them.
            target_tok = tok.head
            if actor_tok is None and tok.lemma_.lower() in _EXPULSIONS:
                actor_tok = next((o for c in tok.children if c.dep_ == "prep"
                                  and c.lower_ == "from" for o in c.children
                                  if o.dep_ == "pobj"), None)
        if actor_tok is not None and actor_tok.lower_ in ("who", "which", "that"):
            # A relative pronoun stands for the noun its clause describes.
            rel = actor_tok.head
            while rel.dep_ not in ("relcl", "acl") and rel.head.i != rel.i:
                rel = rel.head
            actor_tok = rel.head if rel.dep_ in ("relcl", "acl") else None
    if actor_tok is not None and actor_tok.lower_ in ("it", "they", "we"):
        # "Syria says it is willing to withdraw": the pronoun is the speaker.
        speaker = _reporting_subject(actor_tok)
        if speaker is not None:
            actor_tok = speaker
    if actor_span is not None and (actor_tok is None or actor_span.root.i != actor_tok.i):
        actor_span = None  # the subject was replaced (a passive agent, a speaker)
    actor = resolve_actor(actor_tok, memory, offset=offset, event_type=type_name,
                          span=actor_span) \
        if actor_tok is not None and actor_tok.lower_ not in ("which", "that", "there") else None
    target = resolve_actor(target_tok, memory, offset=offset, event_type=None) \
        if target_tok is not None and target_tok.pos_ in ("NOUN", "PROPN", "PRON") \
        and target_tok.ent_type_ not in ("DATE", "TIME") else None
    if nominal and actor is not None and actor.country is None and actor_tok is not None \
            and actor.sector in _STATE_SECTORS \
            and _role_only(actor_span if actor_span is not None else phrase_span(actor_tok)):
        # "The United States speeded up the withdrawal of some invasion forces": forces named
        # only by their role are those of the state whose clause the event noun is in.
        controller = _clause_subject(tok, type_name)
        state = resolve_actor(controller, memory, offset=offset) \
            if controller is not None and controller.i != actor_tok.i else None
        if state is not None and state.country and state.sector == "GOV":
            actor = actor.model_copy(update={"country": state.country,
                                             "code": actor_code(state.country, actor.sector)})
    if target is not None and type_name in ("RETREAT",):
        target = None  # what one withdraws from is a place, not a target
    return actor, target


def _role_only(span: SpacySpan) -> bool:
    """Whether a phrase names its people only by role ("some invasion forces"), no name,
    nationality or organisation in it."""
    return not any(t.pos_ == "PROPN" or t.ent_type_ in ("GPE", "NORP", "ORG", "PERSON")
                   for t in span)


#: Acts one does rather than undergoes: a past participle of theirs hung under a noun, with no
#: auxiliary, is more likely a misparsed main verb than a reduced passive ("soldiers killed",
#: "diplomats expelled" are acts done to the noun).
_OWN_ACT_TYPES = _SPEECH_TYPES | {"PROTEST", "AID", "CONSULT", "COOPERATE", "INVESTIGATE"}


def _misparsed_finite(tok: Token, type_name: str) -> tuple[Token, SpacySpan] | None:
    """The subject (head and phrase) of a past-tense main verb the parser took for a participle
    describing a noun: "An official Syrian newspaper called Thursday on Arabs to unite",
    "Doctors from two American aid groups donated …" (the sentence's root is then a noun: it
    has no main verb), "…, a human rights group protested here Wednesday" (a noun phrase
    opening after a comma, taken for an apposition or an object). Only for acts one does
    (``_OWN_ACT_TYPES``), with no auxiliary and no agent ("aid donated by Japan" is a real
    passive)."""
    if tok.dep_ != "acl" or tok.tag_ != "VBN" or type_name not in _OWN_ACT_TYPES:
        return None
    if any(c.dep_ in ("aux", "auxpass", "agent", "nsubj", "nsubjpass") for c in tok.children):
        return None
    head = tok.head
    if head.pos_ not in ("NOUN", "PROPN") or head.i > tok.i:
        return None
    doc = tok.doc
    start = head.left_edge.i
    if head.dep_ == "appos" or (start > 0 and doc[start - 1].text == ","):
        # A noun phrase opening after a comma: the clause "…, a rights group protested".
        return head, phrase_span(head)
    node = head
    while node.dep_ in ("pobj", "prep", "compound", "conj") and node.head.i != node.i:
        node = node.head
    if node.dep_ != "ROOT" or node.pos_ not in ("NOUN", "PROPN"):
        return None
    # The subject phrase: the root noun with what precedes the verb (not a fronted adverbial).
    left = min((c.left_edge.i for c in node.children if c.i < node.i
                and c.dep_ not in ("punct", "prep", "npadvmod", "advmod")), default=node.i)
    right = tok.i - 1
    while right > node.i and doc[right].is_punct:
        right -= 1
    return node, doc[left:right + 1]


#: Types whose event noun names an act done to someone: "of" names who it is done to ("the
#: killing of protesters", "an investigation of arms sales"), and the subject of the clause
#: around it is as likely its undergoer ("remains under arrest") as its doer.
_DONE_TO_TYPES = {"ASSAULT", "COERCE", "SANCTION", "INVESTIGATE"}
#: Verbs whose subject undergoes, witnesses or reports what the event noun in their clause
#: names ("died in the shelling", "saw the deployment", "fears a boycott").
_NOT_PARTICIPANT_VERBS = {
    "die", "suffer", "flee", "perish", "survive", "escape", "endure", "face", "lose",
    "undergo", "see", "hear", "witness", "watch", "observe", "notice", "fear", "expect",
    "describe", "recall", "remember", "cover", "predict", "warn", "criticize", "criticise",
}
#: Dependencies an event noun (or the phrase holding it) climbs through to its clause's verb:
#: objects, prepositional settings and complement clauses, never a subject (the subject
#: "the attack killed five" is not done by anyone's subject) or a modifier of a name.
_CLIMB_DEPS = {"dobj", "pobj", "prep", "pcomp", "xcomp", "ccomp", "csubj", "advcl"}
#: Prepositions that place an event noun inside its clause's act (its occasion, purpose or
#: framework): "stopped work on the first day of a strike", "return as part of a deal".
_SCOPE_PREPS = {"in", "during", "for", "as", "on", "of", "within", "through", "at"}


def _clause_subject(tok: Token, type_name: str) -> Token | None:
    """The subject of the clause an event noun with no participant of its own belongs to
    ("Turkey will allow refugees … to return home as part of a deal": Turkey's deal;
    "workers stopped work on the first day of a strike"): climbing from the noun through
    objects, prepositional settings (``_SCOPE_PREPS``) and complement clauses to the first verb
    with a subject. None when the way up passes another event (noun or verb of another type:
    "X condemned the protest"), a passive ("X was hurt in the protest"), a verb whose subject
    undergoes or only sees or reports it (``_NOT_PARTICIPANT_VERBS``; "reported a strike"),
    or when the subject is itself an event noun ("clashes erupted during the protest")."""
    lex = event_lexicon()
    node = tok
    for _ in range(8):
        head = node.head
        if node.dep_ == "conj" and node.pos_ in ("VERB", "AUX") and head.pos_ in ("VERB", "AUX"):
            # "The opposition has stepped up pressure … and plans protests": conjoined verbs
            # share their subject, whatever the first one does.
            shared = next((c for c in head.children if c.dep_ == "nsubj"), None)
            if shared is None or (shared.pos_ in ("NOUN", "PROPN")
                                  and _trigger_type(shared, lex) is not None):
                return None
            return shared
        if head.i == node.i or node.dep_ not in _CLIMB_DEPS:
            return None
        if node.dep_ == "prep" and node.lower_ not in _SCOPE_PREPS:
            return None
        if head.pos_ in ("NOUN", "PROPN"):
            if _trigger_type(head, lex) is not None:
                return None  # "an investigation into the protest": another event's content
        elif head.pos_ in ("VERB", "AUX"):
            lemma = head.lemma_.lower()
            typed = _trigger_type(head, lex)
            if typed is not None and typed[0] != type_name:
                return None
            if lemma in _NOT_PARTICIPANT_VERBS or (lemma in _REPORTING and node.dep_ == "dobj"):
                return None
            deps = {c.dep_ for c in head.children}
            if deps & {"nsubjpass", "expl", "auxpass"}:
                return None
            subj = next((c for c in head.children if c.dep_ == "nsubj"), None)
            if subj is not None:
                if subj.pos_ in ("NOUN", "PROPN") and _trigger_type(subj, lex) is not None:
                    return None
                if subj.lower_ in ("who", "which", "that") and head.dep_ == "relcl":
                    return head.head  # the noun the relative clause describes
                return subj
        node = head
    return None


#: Nouns of armed and state bodies that, compounded with an event noun, name who acts.
_AGENT_NOUNS = {"police", "army", "military", "government", "troop", "militia", "rebel",
                "insurgent", "security", "coalition", "navy", "regime", "junta", "militant",
                "guerrilla", "paramilitary", "jihadist"}
#: Acts of sending people out of a country: "expelled from X" names the expelling state.
_EXPULSIONS = {"expel", "deport", "evict", "banish", "exile"}
#: Verbs whose subject gets what an event noun gives ("received strong backing").
_RECEIVING_VERBS = {"receive", "get", "win", "gain", "secure", "earn", "garner"}
#: Verbs whose subject answers a request or proposal ("is considering Russia's request").
_ANSWERING_VERBS = {"consider", "reject", "accept", "grant", "deny", "refuse", "review",
                    "approve", "answer", "weigh", "decline", "ignore", "heed"}


def _describes_noun(tok: Token) -> bool:
    """Whether a passive participle describes the noun it hangs on ("diplomats expelled
    from …", "diplomats being expelled …")."""
    return tok.dep_ == "acl" and tok.tag_ == "VBN" and tok.head.pos_ in ("NOUN", "PROPN")
#: Types whose passive subject states a stance rather than undergoes an act.
_STANCE_TYPES = {"REJECT", "DISAPPROVE", "SUPPORT", "AGREE"}
#: Participles that, passive in form, state the subject's own stance ("is opposed to").
_STATIVE_PASSIVES = {"oppose", "determine", "prepare", "commit", "dedicate", "resolve",
                     "outrage", "alarm", "concern", "dismay", "disappoint", "anger"}
#: Nouns that measure or count what follows "of" ("tons of food aid", "days of fighting").
_MEASURE_NOUNS = {"ton", "tonne", "day", "week", "month", "hour", "year", "round", "series",
                  "wave", "number", "million", "billion", "thousand", "worth", "amount", "lot",
                  "kind", "part", "set", "batch", "package", "shipment", "convoy"}
#: Verbs that put their subject in a state named by "on …" ("went on strike").
_STATE_VERBS = {"go", "remain", "stay", "be", "keep", "continue"}
#: Prepositions whose object is the purpose or setting of the clause's act ("returned to
#: Geneva for talks", "agreed as part of a deal", "killed in a raid").
_SETTING_PREPS = {"in", "during", "for", "as", "under", "through", "after", "amid"}


def _governing_verb(tok: Token, type_name: str) -> Token | None:
    """The verb whose subject takes part in the nominal event ``tok``: a light verb whose
    object it is ("launched war games", "gave … aid"), or a verb whose setting or purpose it
    is ("returned for talks"). Not a verb that is an event of another type ("X condemned the
    attack" is not X's attack) nor a reporting verb."""
    node = tok
    for _ in range(4):
        head = node.head
        if head.i == node.i:
            return None
        if node.dep_ == "pobj" and head.lower_ == "of" and head.head.pos_ == "NOUN" and (
                head.head.lemma_.lower() in _MEASURE_NOUNS
                or head.head.ent_type_ in ("MONEY", "QUANTITY", "CARDINAL")
                or any(c.dep_ == "nummod" for c in head.head.children)):
            node = head.head
            continue
        if node.dep_ in ("dobj", "attr") and head.pos_ in ("VERB", "AUX"):
            lemma = head.lemma_.lower()
            if lemma in _LIGHT_VERBS or lemma.removeprefix("re") in _LIGHT_VERBS:
                return head
            typed = _trigger_type(head, event_lexicon())
            return head if typed is not None and typed[0] == type_name else None
        if node.dep_ == "pobj" and head.lower_ == "on" and head.head.pos_ in ("VERB", "AUX") \
                and head.head.lemma_.lower() in _STATE_VERBS:
            return head.head  # "workers went on strike", "troops remained on alert"
        if node.dep_ == "pobj" and head.lower_ in _SETTING_PREPS and head.head.pos_ == "VERB":
            verb = head.head
            if verb.lemma_.lower() in _REPORTING:
                return None
            typed = _trigger_type(verb, event_lexicon())
            if typed is not None and typed[0] != type_name:
                return None
            return verb
        return None
    return None


#: Acts only a state's organs perform, by the sector that performs them ("was arrested" →
#: the police; "was sentenced" → the courts).
_STATE_ACTS = {"arrest": "COP", "detain": "COP", "apprehend": "COP", "round": "COP",
               "convict": "JUD", "sentence": "JUD", "imprison": "JUD", "jail": "JUD",
               "indict": "JUD", "acquit": "JUD", "deport": "GOV", "extradite": "GOV"}


def _implicit_state_actor(tok: Token, places: list[EventPlace],
                          focus: str | None) -> Actor | None:
    """"A missionary was arrested in Lebanon": a passive state act with no agent was done by
    the state where it happened (the event's place, else the article's country): its police
    or courts, coded with no text span since the text names no one."""
    sector = _STATE_ACTS.get(tok.lemma_.lower())
    if sector is None or tok.pos_ != "VERB" or not any(
            c.dep_ in ("nsubjpass", "auxpass") for c in tok.children) \
            or any(c.dep_ == "agent" for c in tok.children):
        return None
    country = next((p.country for p in places if p.country), None) or focus
    if country is None:
        return None
    return Actor(text=None, country=country, sector=sector, code=actor_code(country, sector))


#: Adjectives that say how often something happens, not that it happened.
_FREQUENCY_ADJECTIVES = {"frequent", "common", "rare", "routine", "commonplace", "regular",
                         "usual", "typical", "infrequent", "uncommon", "widespread"}
#: People one visits or calls in private life.
_KIN = {"father", "mother", "parent", "parents", "son", "daughter", "wife", "husband",
        "brother", "sister", "family", "relative", "relatives", "friend", "friends",
        "grandmother", "grandfather", "child", "children", "uncle", "aunt", "cousin"}


def _generic_statement(tok: Token) -> bool:
    """"Clashes are frequent in Dagestan": an event noun as the subject of a copula with a
    frequency adjective characterises a place or a period; it reports no happening."""
    head = tok.head
    return tok.dep_ in ("nsubj", "nsubjpass") and head.lemma_.lower() == "be" and any(
        c.dep_ == "acomp" and c.lemma_.lower() in _FREQUENCY_ADJECTIVES for c in head.children)


def _private_party(target: Actor | None) -> bool:
    """A consultation whose other party is a relative or friend named as such."""
    if target is None or not target.text:
        return False
    words: list[str] = []
    for w in target.text.lower().split():
        if w in ("in", "at", "on", "of", "from", "with", "near") or w.startswith(","):
            break
        words.append(w.strip(",."))
    return bool(words) and words[-1] in _KIN  # the phrase's head: "her father (in Lyon)"


def _reporting_subject(pronoun: Token) -> Token | None:
    """The non-pronoun subject of the reporting verb whose complement holds ``pronoun``."""
    tok = pronoun.head
    for _ in range(4):
        if tok.lemma_.lower() in _REPORTING:
            subj = next((c for c in tok.children if c.dep_ == "nsubj"), None)
            return subj if subj is not None and subj.pos_ != "PRON" else None
        if tok.head.i == tok.i:
            return None
        tok = tok.head
    return None


def _subject_of(tok: Token) -> Token | None:
    for child in tok.children:
        if child.dep_ in ("nsubj", "nsubjpass") and child.dep_ != "nsubjpass":
            return child
    for child in tok.children:
        if child.dep_ == "nsubjpass":
            return None
    return None


def _demanded_target(tok: Token, lex: EventLexicon, memory: EntityMemory,
                     offset: int) -> Actor | None:
    """For a demand, the actor of the demanded act ("the withdrawal of … forces")."""
    for sub in tok.subtree:
        if sub.i == tok.i:
            continue
        typed = _trigger_type(sub, lex)
        if typed is None or typed[0] in ("DEMAND", "REQUEST"):
            continue
        actor, _ = _arguments(sub, typed[1], typed[0], memory, offset)
        if actor is not None:
            return actor
    for child in tok.children:
        if child.dep_ in ("dobj",) and child.pos_ in ("PROPN", "NOUN"):
            return resolve_actor(child, memory, offset=offset)
    return None


def _time_of(m: Mention, basis: str = "text") -> EventTime:
    attrs: dict[str, Any] = m.attributes
    earliest = _as_date(attrs.get("earliest"))
    latest = _as_date(attrs.get("latest"))
    return EventTime(
        value=m.normalized,
        mod=attrs.get("mod"),
        earliest=earliest,
        latest=latest,
        precision=str(attrs.get("precision") or "vague"),
        basis=basis,
        evidence=Span(start=m.start, end=m.end, text=m.text, stage=m.stage,
                      confidence=m.confidence),
    )


def _as_date(value: Any) -> date | None:
    if isinstance(value, date):
        return value
    if isinstance(value, str) and len(value) >= 10:
        try:
            return date.fromisoformat(value[:10])
        except ValueError:
            return None
    return None


def _token_at(span: SpacySpan, char: int) -> Token | None:
    """The token of ``span`` covering the paragraph offset ``char`` (a mention's start)."""
    return next((t for t in span if t.idx <= char < t.idx + len(t.text)), None)


def _governing_time(tok: Token, sent: SpacySpan, ps: ParsedSegment,
                    times: list[Mention], dct: date | None = None) -> EventTime | None:
    """The time expression of the trigger's own clause (explicit rule: the expression whose
    syntactic path reaches the trigger, or the trigger's governing verb, before any other
    verb or event noun). A period that ends at the report ("over the past two weeks", and
    "for three years" on a present perfect) dates the event as that interval."""
    sent_start, sent_end = ps.offset + sent.start_char, ps.offset + sent.end_char
    in_sent = [m for m in times if sent_start <= m.start < sent_end
               and not m.attributes.get("age")
               and (m.label in ("DATE", "TIME") or _period_to_report(m, ps, tok, dct))
               and m.normalized not in _NOT_DATE_VALUES]
    if not in_sent:
        return None
    anchors = {tok.i}
    up = tok
    for _ in range(3):
        # Climb verb chains ("planning to withdraw") and light verbs ("made a request"); a
        # noun in an adjunct phrase does not take the time of the clause around it.
        light = up.dep_ in ("dobj", "attr") and up.head.lemma_.lower() in _LIGHT_VERBS
        # A conjoined verb in another tense is its own clause ("has stepped up pressure since
        # … and plans protests"); one in the same tense shares its time.
        conj = up.dep_ == "conj" and (up.pos_ != "VERB" or _tense(up) == _tense(up.head))
        if (up.dep_ == "xcomp" or conj or light) and up.head.i != up.i:
            up = up.head
            anchors.add(up.i)
        else:
            break
    aspect = _aspectual_verb(tok)
    if aspect is not None:
        anchors.add(aspect.i)
    if tok.dep_ == "nsubj" and tok.pos_ == "NOUN" and tok.head.lemma_.lower() in _HARM_VERBS:
        anchors.add(tok.head.i)  # "an airstrike hit a market on Friday": when it struck
    best = _nearest_time(in_sent, anchors, sent, ps)
    if best is None:
        # Only when the clause itself has none: the host the event is part of. "set off
        # Wednesday on a march" (the verb that joins it), "defeat in a five-day war last
        # August" (the happening it holds), "escalated late Friday when officers searched a
        # plane" (the main clause of a when-clause).
        joined = _joining_verb(tok)
        if joined is not None:
            anchors.add(joined.i)
            up = joined
        elif tok.dep_ == "pobj" and tok.head.lower_ in ("in", "during") \
                and tok.head.head.pos_ == "NOUN":
            anchors.add(tok.head.head.i)
        host = _when_clause_host(up)
        if host is not None:
            anchors.add(host.i)
        best = _nearest_time(in_sent, anchors, sent, ps)
    if best is not None:
        if best.label == "DURATION" and not best.attributes.get("earliest"):
            return _since_duration(best, dct)
        return _time_of(best)
    return None


def _nearest_time(in_sent: list[Mention], anchors: set[int], sent: SpacySpan,
                  ps: ParsedSegment) -> Mention | None:
    """The time expression whose syntactic path reaches one of ``anchors`` in the fewest
    steps without passing through another verb."""
    best: tuple[int, Mention] | None = None
    for m in in_sent:
        first = _token_at(sent, m.start - ps.offset)
        if first is None:
            continue
        t = first
        steps = 0
        while t.head.i != t.i and t.i not in anchors and steps < 8:
            t = t.head
            steps += 1
            # A participle modifying the trigger ("airstrike authorized by … two days
            # earlier") passes the time on; any other verb owns it.
            modifier = t.dep_ in ("acl", "relcl") and t.head.i in anchors
            # "for several days beginning on July 9": the participle dates its period.
            modifier = modifier or (t.tag_ == "VBG" and t.lemma_.lower() in _PERIOD_BOUNDS
                                    and t.dep_ in ("acl", "advcl"))
            if t.i not in anchors and t.pos_ == "VERB" and not modifier:
                break
        if t.i in anchors and (best is None or steps < best[0]):
            best = (steps, m)
    return best[1] if best is not None else None


_ISO_DURATION = re.compile(r"^P(\d+)([YMWD])$")


def _period_to_report(m: Mention, ps: ParsedSegment, tok: Token, dct: date | None) -> bool:
    """Whether a duration is a period ending at the report: anchored by the normaliser ("the
    past two weeks"), or "for three years" on a present perfect ("has made requests for three
    years") when the report's date is known."""
    if m.label != "DURATION":
        return False
    if m.attributes.get("earliest") and m.attributes.get("latest"):
        return True
    if dct is None or not _ISO_DURATION.match(m.normalized or ""):
        return False
    first = _token_at(tok.sent, m.start - ps.offset)
    if first is None:
        return False
    head = first
    while head.dep_ not in ("pobj", "npadvmod") and head.head.i != head.i:
        head = head.head
        if head.pos_ in ("VERB", "AUX", "ADP"):
            break
    if not (head.lower_ == "for" or (head.dep_ == "pobj" and head.head.lower_ == "for")):
        return False
    verb = tok
    while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
        verb = verb.head  # the clause of an event noun ("has made … requests")
    return any(c.dep_ == "aux" and c.lower_ in ("has", "have") for c in verb.children)


def _since_duration(m: Mention, dct: date | None) -> EventTime | None:
    """[report − duration, report] for "for three years" on a present perfect."""
    found = _ISO_DURATION.match(m.normalized or "")
    if found is None or dct is None:
        return None
    n, unit = int(found.group(1)), found.group(2)
    days = {"Y": 365, "M": 30, "W": 7, "D": 1}[unit] * n
    return EventTime(value=None, mod=m.attributes.get("mod"),
                     earliest=dct - timedelta(days=days), latest=dct, precision="vague",
                     basis="text", evidence=Span(start=m.start, end=m.end, text=m.text,
                                                 stage=m.stage, confidence=m.confidence))


#: Participles that bound a period by a date ("several days beginning on July 9").
_PERIOD_BOUNDS = {"begin", "start", "end", "starting", "beginning", "ending"}
#: Verbs that join or set out on an event named by a noun ("set off Wednesday on a march",
#: "embarked on a hunger strike", "took part in protests"): their time is the event's.
_JOINING_VERBS = {"set", "go", "embark", "join", "take", "participate", "engage", "launch"}
#: Subordinators of a clause that happens at its main clause's time.
_SIMULTANEOUS_MARKS = {"when", "as", "while"}


def _joining_verb(tok: Token) -> Token | None:
    """The verb an event noun is the goal of ("set off on a march", "took part in
    protests"), or None."""
    prep = tok.head
    if tok.dep_ != "pobj" or prep.dep_ != "prep" or prep.lower_ not in ("on", "in"):
        return None
    verb = prep.head
    if verb.pos_ != "VERB" or verb.lemma_.lower() not in _JOINING_VERBS:
        return None
    if verb.lemma_.lower() == "take" and not any(c.lower_ == "part" for c in verb.children):
        return None
    return verb


def _when_clause_host(tok: Token) -> Token | None:
    """The main-clause verb of a "when"/"as"/"while" clause ("escalated late Friday when
    officers searched a plane"): the two happen at one time."""
    verb = tok
    while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
        verb = verb.head
    if verb.dep_ != "advcl" or verb.head.i == verb.i:
        return None
    if any(c.dep_ in ("mark", "advmod") and c.lower_ in _SIMULTANEOUS_MARKS
           for c in verb.children):
        return verb.head
    return None


#: Verbs that say when a happening began, went on or ended ("the fighting ended Saturday").
_ASPECTUAL = {"begin", "start", "end", "finish", "conclude", "continue", "resume", "erupt",
              "break", "last", "subside", "stop", "enter"}


def _aspectual_verb(tok: Token) -> Token | None:
    """The aspectual verb whose subject or object is the event noun ``tok`` ("three days of
    fighting ended Saturday", "the offensive began on May 2"): its time is the event's."""
    node = tok
    if node.dep_ == "pobj" and node.head.lower_ == "of" and node.head.head.pos_ == "NOUN" \
            and node.head.head.lemma_.lower() in _MEASURE_NOUNS:
        node = node.head.head  # "three days of fighting"
    if node.dep_ in ("nsubj", "nsubjpass", "dobj") and node.head.pos_ == "VERB" \
            and node.head.lemma_.lower() in _ASPECTUAL:
        return node.head
    return None


def _tense(tok: Token) -> str | None:
    """The tense of the verb that carries the trigger: "past", "present" (simple or
    progressive), "perfect" (present perfect), or None (no finite verb found). An event noun
    takes its governing verb's ("has received strong backing")."""
    verb = tok
    for _ in range(3):
        if verb.pos_ in ("VERB", "AUX"):
            break
        if verb.head.i == verb.i:
            return None
        verb = verb.head
    if verb.pos_ not in ("VERB", "AUX"):
        return None
    if verb.dep_ == "ccomp" and verb.head.pos_ in ("VERB", "AUX") and verb.head.i != verb.i:
        # Reported speech takes the tense of its report ("said Iraq rejects …").
        return _tense(verb.head)
    aux = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    if verb.dep_ == "acl" and any(c.lower_ == "being" for c in aux) and verb.head.i != verb.i:
        # "diplomats being expelled … have been seen leaving": going on at its host's time.
        return _tense(verb.head)
    if any(c.lower_ in ("has", "have") for c in aux) and (
            verb.tag_ == "VBN" or any(c.tag_ == "VBN" for c in aux)):
        return "perfect"
    if verb.tag_ == "VBD" or any(c.tag_ == "VBD" for c in aux):
        return "past"
    if verb.tag_ in ("VBZ", "VBP") or any(c.tag_ in ("VBZ", "VBP") for c in aux):
        if any(c.lower_ in ("will", "shall") or c.tag_ == "MD" for c in aux):
            return None
        return "present"
    return None


def _time_by_tense(tok: Token, ps: ParsedSegment, sent: SpacySpan, times: list[Mention],
                   dct: date) -> EventTime | None:
    """A time for an event whose clause names none, read from its tense (explicit rule):
    a verb in the present ("Russia denies", "is considering") holds at the report, so its
    value is the report's day; a present perfect ("has since been charged", "has received
    backing") happened between the earliest past date the article has given so far and the
    report. Both stay flagged ``reported_by``: the text gives them no date of their own."""
    tense = _tense(tok)
    if tense == "present" and tok.pos_ in ("VERB", "AUX"):
        return EventTime(value=dct.isoformat(), earliest=dct, latest=dct, precision="day",
                         basis="reported_by")
    if tense != "perfect":
        return None
    before = ps.offset + sent.start_char
    starts = [date.fromisoformat(str(m.attributes["earliest"])) for m in times
              if m.start < before and m.segment is SegmentKind.BODY
              and m.label in ("DATE", "DURATION") and not m.attributes.get("age")
              and m.attributes.get("earliest")]
    starts = [d for d in starts if d <= dct]
    if not starts:
        return None
    # Still "reported_by": the report bounds it; the article only gives a lower bound.
    return EventTime(value=None, earliest=min(starts), latest=dct, precision="vague",
                     basis="reported_by")


def _past(tok: Token) -> bool:
    """Whether the trigger's clause narrates the past. A present perfect ("has blamed") is a
    present stance, not a step of the narrative."""
    up = tok
    for _ in range(4):
        if up.tag_ == "VBN" and any(c.dep_ == "aux" and c.lower_ in ("has", "have")
                                    for c in up.children):
            return False
        if up.pos_ in ("VERB", "AUX") and up.dep_ != "ccomp" and (
                up.tag_ in ("VBZ", "VBP") or any(
                c.dep_ in ("aux", "auxpass") and c.tag_ in ("VBZ", "VBP")
                for c in up.children)):
            return False  # "a charge that Russia denies", "is considering"
        if up.tag_ == "VBN" and up.dep_ in ("acl", "amod") and not any(
                c.dep_ in ("aux", "auxpass") for c in up.children):
            return False  # "a charge denied by the Kremlin": a tenseless participle
        if up.tag_ in ("VBD", "VBN"):
            return True
        if any(c.tag_ == "VBD" for c in up.children if c.dep_ in ("aux", "auxpass")):
            return True
        if up.head.i == up.i:
            break
        up = up.head
    return False


def _default_time(status: EventStatus, dct: date | None) -> EventTime:
    if status in (EventStatus.PLANNED, EventStatus.SPECULATED, EventStatus.DEMANDED,
                  EventStatus.CONDITIONAL):
        return EventTime(value="FUTURE_REF", earliest=dct, precision="vague", basis="status")
    return EventTime(value=None, latest=dct, precision="vague", basis="reported_by")


def _best_time(times: list[EventTime]) -> EventTime | None:
    order = {"text": 0, "sentence": 1, "discourse": 2, "status": 3, "reported_by": 4}
    if not times:
        return None
    return min(times, key=lambda t: (order.get(t.basis, 4),
                                     0 if t.precision == "day" else 1))


#: Types located at the target's country when the text names no place (where an attack or
#: a coercive act happened), and at the actor's for acts of state institutions at home.
_AT_TARGET = {"ASSAULT", "COERCE"}
_AT_ACTOR = {"DEMAND", "REQUEST", "SANCTION", "COERCE", "AGREE", "MOBILIZE"}
_STATE_SECTORS = {"GOV", "LEG", "JUD", "COP", "MIL"}


def _country_place(type_name: str, actor: Actor | None, target: Actor | None,
                   country_places: dict[str, Mention], focus: str | None = None,
                   focus_area: Mention | None = None) -> list[EventPlace]:
    """A wide place when the text names none for the event (a general fallback, flagged by
    its feature class and radius): the country of the participant it happens to (an
    attack's target, a state's own act, protesters), else for a physical act with no
    participant's country the article's focus country. When that is the focus country and
    the article's places there mostly lie in one admin-1 area ("Dagestan"), that area."""
    who = None
    if type_name in _AT_TARGET and target is not None and target.country:
        who = target.country
    elif actor is not None and actor.country and (
            (type_name in _AT_ACTOR and actor.sector in _STATE_SECTORS)
            or type_name in _AT_PROTESTERS):
        who = actor.country
    elif type_name in _PHYSICAL and not any(a is not None and a.country
                                            for a in (actor, target)):
        who = focus
    if who is not None and who == focus and focus_area is not None:
        area = focus_area
        return [EventPlace(name=area.normalized or area.text,
                           gazetteer_id=area.attributes.get("gazetteer_id"),
                           feature_class=area.label, lat=area.lat, lon=area.lon,
                           radius_km=AREA_RADIUS_KM, admin1=area.attributes.get("admin1"),
                           country=area.country)]
    m = country_places.get(who) if who else None
    if m is None:
        return []
    return [EventPlace(name=m.normalized or m.text, gazetteer_id=m.attributes.get("gazetteer_id"),
                       feature_class="country", lat=m.lat, lon=m.lon, radius_km=500.0,
                       country=m.country)]


#: Physical acts (they happen somewhere) and who protests where.
_PHYSICAL = {"ASSAULT", "COERCE", "PROTEST", "MOBILIZE", "RETREAT"}
_AT_PROTESTERS = {"PROTEST"}
#: Radius (km) given to an event placed at the article's focus admin-1 area.
AREA_RADIUS_KM = 200.0
#: Share of the focus country's place mentions that must lie in one admin-1 area.
AREA_FOCUS_SHARE = 0.6


def _focus_area(mentions: list[Mention], focus: str | None) -> Mention | None:
    """The admin-1 area (a mention naming it) where most of the article's places in its
    focus country lie, if one clearly dominates and the text names it."""
    if focus is None:
        return None
    inside = [m for m in mentions if m.kind is MentionKind.PLACE and m.country == focus
              and m.label != "country"
              and m.segment in (SegmentKind.BODY, SegmentKind.DATELINE, SegmentKind.TITLE)]
    areas = [m.attributes.get("admin1") for m in inside if m.attributes.get("admin1")]
    if len(areas) < 2:
        return None
    best = max(dict.fromkeys(areas), key=areas.count)
    if areas.count(best) / len(inside) < AREA_FOCUS_SHARE:
        return None
    return next((m for m in inside if m.label == "admin1" and m.attributes.get("admin1") == best
                 and m.lat is not None), None)


def _phrase_tokens(tok: Token) -> set[int]:
    """A phrase without its relative clauses and asides ("bases in Kirkuk, which lies … south
    of Mosul" keeps Kirkuk, not Mosul)."""
    out = {tok.i}
    for child in tok.children:
        if child.dep_ in ("relcl", "acl", "advcl", "punct", "cc"):
            continue
        out |= _phrase_tokens(child)
    return out


def _event_places(tok: Token, sent: SpacySpan, ps: ParsedSegment, places: list[Mention],
                  actor: Actor | None, target: Actor | None = None) -> list[EventPlace]:
    """Places in the trigger's own phrase: objects of locative prepositions on the trigger,
    on the nouns it governs, and on participles describing it ("an airstrike authorized …
    near Baghdad International Airport"); never the actor's, the target's or the source's."""
    if not places:
        return []
    region: set[int] = set()
    heads = [tok] + [c for c in tok.children if c.dep_ in ("acl", "relcl") and c.tag_ == "VBN"]
    # A locative phrase the parser hung on the agent ("authorized by X near Y").
    heads += [o for h in heads[1:] for a in h.children if a.dep_ == "agent"
              for o in a.children if o.dep_ == "pobj"]
    # "the poisoning of a former spy and his daughter in Salisbury": a locative phrase on an
    # event noun's victim is the event's.
    victims: list[Token] = []
    if tok.pos_ == "NOUN":
        victims = [o for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"
                   for o in c.children if o.dep_ == "pobj"]
        victims += [cj for v in victims for cj in v.conjuncts]
        heads += victims
    # "talks of pullout from three bases": the frame noun carries the event's phrases.
    if tok.dep_ == "pobj" and tok.head.lower_ == "of" and tok.head.head.pos_ == "NOUN":
        heads.append(tok.head.head)
    on_victim: set[int] = set()
    for head in heads:
        for child in head.children:
            locative = child.dep_ == "prep" and child.lower_ in _LOCATIVE_PREPS
            if locative or (head.i == tok.i and child.dep_ in ("dobj", "pobj", "compound",
                                                           "npadvmod")):
                region |= _phrase_tokens(child)
                if locative and head in victims:
                    on_victim |= _phrase_tokens(child)
    found = []
    for m in places:
        first = _token_at(sent, m.start - ps.offset)
        if first is not None and first.i not in region and first.i >= 2 \
                and first.nbor(-1).text == "," and first.nbor(-2).i in region \
                and first.nbor(-2).pos_ == "NOUN":
            # "In the Dagestani capital, Makhachkala,": an apposition (whatever the parser
            # made of it: it may have taken the name for the subject).
            region.add(first.i)
            on_victim.add(first.i)
        if first is not None and first.i in region:
            if first.i not in on_victim and any(
                    a is not None and a.start is not None and a.end is not None
                    and a.start <= m.start < a.end for a in (actor, target)):
                continue
            if _across_border(first):
                continue  # "near the border with Georgia": a reference point, not the place
            found.append(EventPlace(
                name=m.normalized or m.text, gazetteer_id=m.attributes.get("gazetteer_id"),
                feature_class=m.label, lat=m.lat, lon=m.lon,
                radius_km=m.attributes.get("radius_km"), admin1=m.attributes.get("admin1"),
                country=m.country,
                evidence=Span(start=m.start, end=m.end, text=m.text, stage=m.stage,
                              confidence=m.confidence),
            ))
    return found


def _places_agree(a: EventPlace, b: EventPlace) -> bool:
    """Whether two places can be one happening's: the same name, or one inside the other
    (a town and its country or admin-1 area: "in Britain" and "in Salisbury")."""
    if a.name == b.name:
        return True
    if a.country is None or a.country != b.country:
        return False
    if "country" in (a.feature_class, b.feature_class):
        return True
    return "admin1" in (a.feature_class, b.feature_class) and a.admin1 is not None \
        and a.admin1 == b.admin1


_BORDER_NOUNS = {"border", "frontier", "boundary"}


def _across_border(tok: Token) -> bool:
    """Whether a place name is the other side of a border phrase ("the border with Georgia
    and Azerbaijan"): the event is near it, on this side, not in it."""
    node = tok
    while node.dep_ == "conj" and node.head.i != node.i:
        node = node.head
    return node.dep_ == "pobj" and node.head.lower_ == "with" \
        and node.head.head.lemma_.lower() in _BORDER_NOUNS


def _same_happening(group: list[_Candidate], cand: _Candidate) -> bool:
    first = group[0]
    if cand.type != first.type or cand.status != first.status:
        return False
    for c in group:
        if c.actor and cand.actor and c.actor.country and cand.actor.country \
                and c.actor.country != cand.actor.country:
            return False
        if _different_parties(c, cand):
            return False
        if _time_conflict(c.when, cand.when):
            return False
        if c.mode and cand.mode and c.mode != cand.mode:
            return False
    gp = [p for c in group for p in c.places]
    if gp and cand.places and not any(_places_agree(p, q) for p in gp for q in cand.places):
        return False
    # Result verbs ("killed", "wounded") repeat across distinct clashes: they join the event
    # of their own sentence, never bridge two by their lemma.
    same_lemma = cand.trigger.lemma_.lower() not in _RESULT_LEMMAS and any(
        _stem(c.trigger.lemma_) == _stem(cand.trigger.lemma_) for c in group
    )
    # Same sentence counts only when one trigger governs the other closely ("the
    # assassination … in a US airstrike", "convicted and sentenced"), not for two events
    # that merely share a long sentence.
    same_sentence = any(c.ps is cand.ps and _linked(c.trigger, cand.trigger) for c in group)
    definite = _anaphoric(cand)
    same_place_phrase = bool(_place_phrases(cand.trigger) & {
        k for c in group for k in _place_phrases(c.trigger)
    })
    same_actor_day = any(
        ((c.actor and cand.actor and c.actor.code and c.actor.code == cand.actor.code)
         or (c.mode is not None and c.mode == cand.mode))
        and c.when and cand.when and "text" in (c.when.basis, cand.when.basis)
        and c.when.value and c.when.value == cand.when.value
        for c in group
    )
    # A standing stance restated in the present ("Britain accuses Russia …", later "Britain
    # blames Russia …"): the same party, the same stance, against the same party.
    same_stance = cand.type in _STANCE_RESTATED and not _past(cand.trigger) and any(
        not _past(c.trigger) and _same_actor(c.actor, cand.actor)
        and _same_actor(c.target, cand.target) for c in group)
    return (definite or same_lemma or same_sentence or same_actor_day or same_place_phrase
            or same_stance or cand.status is not EventStatus.OCCURRED)


#: Types whose repeated mentions with the same parties restate one stance.
_STANCE_RESTATED = {"ACCUSE", "DISAPPROVE", "REJECT"}


#: "amid"/"during" places an ongoing happening around another event's time: this many days
#: before it, up to the report.
AMID_WINDOW_DAYS = 90


def _amid_host(cand: _Candidate, found: list[_Candidate]) -> _Candidate | None:
    """The event that "amid"/"during"/"as part of" relates this nominal trigger to."""
    if not cand.nominal:
        return None
    tok = cand.trigger
    for _ in range(3):
        if tok.dep_ == "pobj" and tok.head.lower_ in ("amid", "during", "amidst"):
            verb = tok.head.head
            anchors = {verb.i} | {c.i for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")}
            return next((o for o in found if o is not cand and o.ps is cand.ps
                         and o.trigger.i in anchors), None)
        if tok.head.i == tok.i:
            return None
        tok = tok.head
    return None


#: Sectors whose bare mention ("police", "the authorities", "protesters") belongs to the
#: country the article is about.
_DOMESTIC_SECTORS = {"GOV", "COP", "JUD", "MIL", "LEG", "OPP", "CVL", "REB"}
#: The article's focus country must be at least this share of its place mentions.
FOCUS_SHARE = 0.4


#: Verbs a reporter does: "X told AFP", "When AFP called the centre", "AFP asked".
_REPORTER_ACTS = {"call", "ask", "contact", "reach", "visit", "interview", "see"}


def _wire_agency(parsed: list[ParsedSegment], publisher: str | None) -> Source | None:
    """The news agency whose reporter wrote the story ("… told AFP", "When AFP called …"):
    the article is its copy, so it stands between every source and the publisher."""
    from eventwire.events.lexicon import actor_lexicon

    body = [ps for ps in parsed if ps.segment.kind is SegmentKind.BODY]
    if body:
        # The agency's credit line or house format at the top of the story ("(AP) —").
        opening = body[0].doc.text[:300]
        for sig in actor_lexicon().wire_signatures:
            if sig.pattern.search(opening) and not _same_outlet(sig.name, publisher):
                return Source(kind=SourceKind.MEDIA, text=sig.name, name=sig.name,
                              country=sig.country, sector="MED")
    orgs = actor_lexicon().organisations
    for ps in parsed:
        if ps.segment.kind is not SegmentKind.BODY:
            continue
        for tok in ps.doc:
            name = tok.text.lower()
            info = orgs.get(name)
            if info is None or info[1] != "MED" or tok.pos_ != "PROPN":
                continue
            told = tok.dep_ in ("dobj", "dative") and tok.head.lemma_.lower() == "tell"
            acted = tok.dep_ == "nsubj" and tok.head.lemma_.lower() in _REPORTER_ACTS
            if (told or acted) and (publisher or "").lower() != name:
                return Source(kind=SourceKind.MEDIA, text=tok.text, name=tok.text,
                              country=info[0], sector="MED")
    return None


def _same_outlet(agency: str, publisher: str | None) -> bool:
    """Whether the publisher is the agency itself (apnews.com or "Reuters" publishing its own
    copy): its first name part is the agency's name or initials, alone or with "news"."""
    if not publisher:
        return False
    first = re.sub(r"[^a-z]", "", publisher.lower().removeprefix("www.").split(".")[0])
    words = [w for w in re.findall(r"[a-z]+", agency.lower().split("(")[0])
             if w not in ("the", "of")]
    names = {"".join(words), "".join(w[0] for w in words), words[0] if words else ""}
    return any(n and first in (n, n + "news", n + "com") for n in names)


def _focus_country(mentions: list[Mention]) -> str | None:
    """The country most of the article's places are in, if one clearly dominates."""
    countries = [m.country for m in mentions if m.kind is MentionKind.PLACE and m.country
                 and m.segment in (SegmentKind.BODY, SegmentKind.DATELINE, SegmentKind.TITLE)]
    if not countries:
        return None  # (one mention is enough: a report naming one country is about it)
    # Ties go to the country named first, so the result does not depend on hash order.
    best = max(dict.fromkeys(countries), key=countries.count)
    return best if countries.count(best) / len(countries) >= FOCUS_SHARE else None


def _names_international_body(text: str | None) -> bool:
    """Whether a phrase names an international or non-governmental organisation."""
    from eventwire.events.lexicon import actor_lexicon

    if not text:
        return False
    lex = actor_lexicon()
    low = text.lower()
    names = [c for c, sector in lex.sectors.items() if sector in ("IGO", "NGO")]
    names += [n for n, (country, sector) in lex.organisations.items()
              if country is None and sector in ("IGO", "NGO")]
    return any(re.search(rf"(?<![\w.]){re.escape(n)}(?![\w])", low) for n in names)


def _with_focus(actor: Actor | None, focus: str | None) -> Actor | None:
    """A participant named only by role ("police") takes the article's focus country."""
    if actor is None or actor.country or not focus or actor.sector not in _DOMESTIC_SECTORS \
            or _names_international_body(actor.text):
        return actor  # "NATO troops", "UN peacekeepers" belong to no country
    return actor.model_copy(update={"country": focus, "code": actor_code(focus, actor.sector)})


def _linked(a: Token, b: Token, hops: int = 3) -> bool:
    """Whether one token is within ``hops`` head links above the other."""
    for low, high in ((a, b), (b, a)):
        tok = low
        for _ in range(hops):
            if tok.head.i == tok.i:
                break
            tok = tok.head
            if tok.i == high.i:
                return True
    return False


def _different_parties(a: _Candidate, b: _Candidate) -> bool:
    """Two mentions whose actors are clearly different parties ("police shot four men who
    began shooting at officers"), unless one's actor is the other's target (a clash)."""
    if a.actor is None or b.actor is None:
        return False
    if a.actor.name and b.actor.name:
        return a.actor.name != b.actor.name
    if not a.actor.code or not b.actor.code or a.actor.code == b.actor.code:
        return False
    reciprocal = (a.target is not None and a.target.code == b.actor.code) or (
        b.target is not None and b.target.code == a.actor.code)
    return not reciprocal


_RESULT_LEMMAS = {"kill", "wound", "injure", "die", "killing"}


def _anaphoric(cand: _Candidate) -> bool:
    """A re-mention ("the withdrawal", "the assassination airstrike"), not a definite first
    mention that names its participants ("the assassination of X"): it refers back, it does
    not report the happening again."""
    tok = cand.trigger
    if tok.tag_ == "VBN" and tok.dep_ == "acl" and tok.head.lower_ in ("those", "these"):
        return True  # "those expelled were intelligence agents": the people named by the act
    return cand.nominal and any(
        ch.dep_ in ("det", "poss") and ch.lower_ in ("the", "this", "that", "its", "their")
        for ch in tok.children
    ) and not any(ch.dep_ == "prep" and ch.lower_ == "of" for ch in tok.children)


def _same_actor(a: Actor | None, b: Actor | None) -> bool:
    if a is None or b is None:
        return False
    if a.name and b.name:
        return a.name == b.name
    return bool(a.code) and a.code == b.code and bool(a.country)


def _absorbed(tok: Token, lex: EventLexicon) -> bool:
    """A nominal trigger giving the grounds of another event ("arrested … on arms charges",
    "expelled over the poisoning"): part of that event's description."""
    if tok.dep_ != "pobj" or tok.head.lower_ not in ("on", "for", "over", "under"):
        return False
    gov = tok.head.head
    if gov.pos_ in ("NOUN", "PROPN") and gov.dep_ in ("dobj", "nsubjpass"):
        gov = gov.head  # "arrested several members on arms charges"
    return gov.pos_ == "VERB" and _trigger_type(gov, lex) is not None


def _stem(lemma: str) -> str:
    # "withdraw"/"withdrawal", "poison"/"poisoning", "arrest"/"arrests": one happening.
    return lemma.lower()[:5] if len(lemma) >= 5 else lemma.lower()


def _time_conflict(a: EventTime | None, b: EventTime | None) -> bool:
    """Two times that cannot be the same happening: known intervals that do not overlap."""
    # Only times read off the event's own clause can rule a merge out; inherited ones
    # (narrative, sentence, status) are guesses.
    if a is None or b is None or a.basis != "text" or b.basis != "text":
        return False
    if a.earliest is None or b.earliest is None:
        return bool(a.value and b.value and a.value != b.value and a.basis == b.basis == "text")
    a_end, b_end = a.latest or a.earliest, b.latest or b.earliest
    return a_end < b.earliest or b_end < a.earliest


def _place_phrases(tok: Token) -> set[str]:
    """Lower-cased phrases of the trigger's locative complements ("from al-Qa'im base")."""
    keys = set()
    for child in tok.children:
        if child.dep_ == "prep" and child.lower_ in _LOCATIVE_PREPS:
            for obj in child.children:
                if obj.dep_ != "pobj" or obj.pos_ not in ("NOUN", "PROPN") \
                        or obj.ent_type_ in ("DATE", "TIME"):
                    continue
                # The name itself: compounds and modifiers left of the head, and the head.
                left = [t for t in obj.subtree if (t.i <= obj.i and t.dep_ in (
                    "compound", "amod", "nmod", "npadvmod")) or t is obj]
                if any(t.pos_ == "PROPN" for t in left):
                    keys.add(" ".join(t.lower_ for t in left if not t.is_punct))
    return keys


def _speaker_is_actor(cand: _Candidate) -> bool:
    if cand.actor is None or not cand.sources or cand.sources[0].kind is SourceKind.PUBLISHER:
        return False
    speaker = cand.sources[0]
    if any(s.kind is SourceKind.MEDIA for s in cand.sources):
        return False
    ev = speaker.evidence
    return ev is not None and ev.start == cand.actor.start and ev.end == cand.actor.end

