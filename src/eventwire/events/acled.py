"""ACLED ``event_type`` / ``sub_event_type`` of coded events.

The lexicon (``data/events/lexicon.yaml``) gives every event type, and every mode of it, a
default ACLED code read off the trigger's words ("air strike" → *Air/drone strike*). ACLED
defines several sub-types by **who** is involved and by **what else happened** at the same
place and time, which no trigger word shows. This module applies those codebook rules to the
stage's events, in two steps:

1. **Parties** (:func:`refine_sub_event_type`), from the event's actor and target (their sector
   and the words naming them; the ``acled`` section of the lexicon and the actor lexicon's
   rebel cues):

   * violence by demonstrators (whatever the weapon) is a riot → *Violent demonstration*;
     their demands, condemnations or rejections are their *Peaceful protest*; blocking roads
     by civilians or the opposition is a *Violent demonstration* (the codebook names
     road-blocking with barricades); violence by a mob is *Mob violence*;
   * generic violence (*Attack*, *Armed clash*, no weapon named): against an organised armed
     party (soldiers, police, rebels, or a base, checkpoint or convoy) it is a battle →
     *Armed clash*, also when both sides are armed; a clash between security forces and
     demonstrators is a *Violent demonstration*; armed forces attacking demonstrators use
     *Excessive force against protesters*;
   * armed groups do not arrest: their detentions are *Abduction/forced disappearance*, their
     raids *Attack*s;
   * a change of territorial control is *Government regains territory* when a state force
     takes it and *Non-state actor overtakes territory* when a rebel group does (a party
     named by a rebel cue — "ISIS forces", "rebel forces" — is non-state whatever its head
     noun says).

2. **Context** (:func:`acled_codes`): the other events of the same paragraph that occurred.

   * A protest is coded by what happened at it (ACLED: "Peaceful protest" only when nothing
     else did), the strongest sign winning: violence by the demonstrators (a riot, looting or
     destruction, violence against the security forces, clashes) → *Violent demonstration*;
     killing or wounding by the security forces → *Excessive force against protesters*;
     arrests, tear gas or dispersal → *Protest with intervention*. All the paragraph's
     protest events get that code (they are one protest, seen from both sides). Roads blocked
     (by anyone but the state) where a protest is reported are blocked by its demonstrators.
   * Violence by police or soldiers at the paragraph's protest is *Excessive force against
     protesters*; generic violence whose parties are unknown, next to an armed clash, is part
     of it.
   * Territory taken where the other side withdrew (and nobody fought) is a *Non-violent
     transfer of territory*.

The stage calls :func:`code_events` on an article's events; the evaluation reads the codes
from the events (it does not re-derive them).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from eventwire.events.lexicon import actor_lexicon, event_lexicon
from eventwire.model import Actor, Event, EventStatus

__all__ = ["CODEBOOK", "acled_codes", "code_events", "party_kind", "refine_sub_event_type"]

#: ACLED codebook: sub_event_type → event_type.
CODEBOOK: dict[str, str] = {
    "Armed clash": "Battles",
    "Government regains territory": "Battles",
    "Non-state actor overtakes territory": "Battles",
    "Chemical weapon": "Explosions/Remote violence",
    "Air/drone strike": "Explosions/Remote violence",
    "Suicide bomb": "Explosions/Remote violence",
    "Shelling/artillery/missile attack": "Explosions/Remote violence",
    "Remote explosive/landmine/IED": "Explosions/Remote violence",
    "Grenade": "Explosions/Remote violence",
    "Sexual violence": "Violence against civilians",
    "Attack": "Violence against civilians",
    "Abduction/forced disappearance": "Violence against civilians",
    "Peaceful protest": "Protests",
    "Protest with intervention": "Protests",
    "Excessive force against protesters": "Protests",
    "Violent demonstration": "Riots",
    "Mob violence": "Riots",
    "Agreement": "Strategic developments",
    "Arrests": "Strategic developments",
    "Change to group/activity": "Strategic developments",
    "Disrupted weapons use": "Strategic developments",
    "Headquarters or base established": "Strategic developments",
    "Non-violent transfer of territory": "Strategic developments",
    "Looting/property destruction": "Strategic developments",
    "Other": "Strategic developments",
}

ATTACK = "Attack"
CLASH = "Armed clash"
PEACEFUL = "Peaceful protest"
INTERVENTION = "Protest with intervention"
EXCESSIVE = "Excessive force against protesters"
RIOT = "Violent demonstration"
MOB = "Mob violence"
LOOTING = "Looting/property destruction"
GOV_TERRITORY = "Government regains territory"
NSA_TERRITORY = "Non-state actor overtakes territory"
TRANSFER = "Non-violent transfer of territory"
_GENERIC = frozenset({ATTACK, CLASH})
_TERRITORY = frozenset({GOV_TERRITORY, NSA_TERRITORY})
_PROTESTS = frozenset({PEACEFUL, INTERVENTION, EXCESSIVE, RIOT})
#: Protest sub-types from weakest to strongest sign of what happened at the protest.
_PROTEST_ORDER = (PEACEFUL, INTERVENTION, EXCESSIVE, RIOT)
_SPEECH = frozenset({"DEMAND", "REQUEST", "DISAPPROVE", "REJECT", "ACCUSE", "THREATEN"})
_STATE_FORCES = frozenset({"MIL", "COP"})
_CIVIL = frozenset({"CVL", "OPP"})

# Party kinds: demonstrators, a mob, a rebel group, armed state forces (military, police), the
# government, other civilians.
CROWD, MOBS, NONSTATE, STATE, GOVERNMENT, CIVILIAN = (
    "crowd", "mob", "nonstate", "state", "government", "civilian")


@dataclass(frozen=True)
class _Cues:
    crowd: frozenset[str]
    mob: frozenset[str]
    group: frozenset[str]
    armed: frozenset[str]
    sites: frozenset[str]
    rebel: tuple[str, ...]


@lru_cache(maxsize=1)
def _cues() -> _Cues:
    data = event_lexicon().acled_cues
    actors = actor_lexicon()
    rebel = sorted({cue for cue, sector in actors.sectors.items() if sector == "REB"}
                   | {name for name, (_, sector) in actors.organisations.items()
                      if sector == "REB"})
    return _Cues(
        crowd=frozenset(data.get("crowd", ())),
        mob=frozenset(data.get("mob", ())),
        group=frozenset(data.get("group", ())),
        armed=frozenset(data.get("armed", ())),
        sites=frozenset(data.get("military_sites", ())),
        rebel=tuple(rebel),
    )


#: Words that end the naming part of a phrase ("forces in a crackdown on the Taliban").
_PHRASE_END = frozenset({"in", "on", "at", "from", "near", "to", "with", "who", "which", "that",
                         "loyal", "during", "after", "for", "across", "against", "around",
                         "among", "amid", "between", "by", "as", "while", "including"})


def _head_phrase(text: str | None) -> str:
    """The words naming a party, without its modifiers after the head ("Afghan security
    forces in a crackdown on Taliban militants" → "afghan security forces")."""
    words = []
    for word in re.findall(r"[\w'-]+|[,;()]", (text or "").lower()):
        if word in _PHRASE_END or word in ",;()":
            break
        words.append(word)
    return " ".join(words)


def _words(text: str | None) -> set[str]:
    return set(_head_phrase(text).split())


def _names_rebels(text: str | None) -> bool:
    low = f" {_head_phrase(text)} "
    return any(re.search(rf"(?<![\w-]){re.escape(cue)}(?![\w-])", low)
               for cue in _cues().rebel)


def party_kind(party: Actor | None) -> str | None:
    """``crowd``, ``mob``, ``nonstate``, ``state`` (armed forces), ``government``,
    ``civilian`` or None (unknown)."""
    if party is None:
        return None
    cues = _cues()
    words = _words(party.text)
    if words & cues.crowd:
        return CROWD
    if words & cues.mob:
        return MOBS
    if party.sector == "REB" or _names_rebels(party.text) or (
            words & cues.armed and party.sector not in _STATE_FORCES):
        return NONSTATE  # ("unidentified armed men": an armed group)
    if party.sector in _STATE_FORCES:
        return STATE
    if party.sector == "GOV":
        return GOVERNMENT
    if party.sector:
        return CIVILIAN
    return None


def _is_group(party: Actor | None) -> bool:
    """Whether the party is several people (a plural noun or a group word), not one person."""
    if party is None or party.name:
        return False
    words = _head_phrase(party.text).split()
    return bool(words) and (words[-1] in _cues().group or (
        words[-1].endswith("s") and not words[-1].endswith("ss")))


def _armed_target(target: Actor | None) -> bool:
    if target is None:
        return False
    kind = party_kind(target)
    return kind == NONSTATE or target.sector in _STATE_FORCES \
        or bool(_words(target.text) & _cues().sites)


def _is_clash(event: Event) -> bool:
    """Whether the trigger is a word of fighting between two sides ("clashes")."""
    spec = event_lexicon().types.get(event.type)
    cues = spec.modes.get("armed clash", frozenset()) if spec else frozenset()
    words = set(re.findall(r"[\w-]+", event.trigger.text.lower()))
    words |= {w[:-2] for w in words if w.endswith("es")} | {w[:-1] for w in words}
    return bool(words & cues)


def _base_sub(event: Event) -> str | None:
    """The lexicon's code for the event's type and mode (a mode coded ``null`` has none)."""
    spec = event_lexicon().types.get(event.type)
    if spec is not None and event.mode and event.mode in spec.mode_acled \
            and spec.mode_acled[event.mode] is None:
        return None
    return event.acled_sub_event_type


#: Verbs whose object is the means of the attack, not its target ("used excessive force",
#: "fired tear gas"), in their inflected forms.
_MEANS = frozenset(f"{stem}{end}" for stem in ("use", "fire", "launch", "drop", "throw", "hurl",
                                               "lob", "employ", "spread")
                   for end in ("", "s", "d", "ed", "ing"))


def _target(event: Event) -> Actor | None:
    """The event's target, unless it is what the attack was made with."""
    words = event.trigger.text.lower().split()
    if event.type == "ASSAULT" and words and words[0] in _MEANS | {"threw", "thrown", "spread",
                                                                  "used", "using"}:
        return None
    return event.target


def refine_sub_event_type(event: Event) -> str | None:
    """The event's ACLED sub_event_type refined by its parties (step 1, module docstring)."""
    sub = _base_sub(event)
    if _target(event) is None and event.target is not None:
        event = event.model_copy(update={"target": None})
    actor, target = party_kind(event.actor), party_kind(event.target)
    if event.type == "ASSAULT":
        if actor == CROWD:
            return RIOT
        if actor == MOBS and sub in _GENERIC | {LOOTING}:
            return MOB
        if sub in _GENERIC and actor == CIVILIAN and _is_group(event.actor) \
                and target in (None, CIVILIAN, MOBS):
            return MOB  # villagers clashing, a gang attacking someone: unorganised violence
        if sub in _GENERIC:
            if target == CROWD:
                if event.mode == "armed clash":
                    return RIOT  # clashes between the police and demonstrators
                return EXCESSIVE if actor == STATE else sub
            if actor not in (CIVILIAN, MOBS) and _armed_target(event.target):
                return CLASH
            if {actor, target} == {STATE, NONSTATE}:
                return CLASH
        if sub == EXCESSIVE and _is_clash(event):
            return RIOT  # "clashes with protesters": both sides fought
        if sub == EXCESSIVE and actor in (NONSTATE, CIVILIAN) and event.actor is not None:
            return RIOT if actor == CIVILIAN else ATTACK
    if event.type in _SPEECH and actor == CROWD:
        return PEACEFUL
    if event.type == "COERCE":
        if actor == CROWD or (event.mode == "block" and actor == CIVILIAN):
            return RIOT  # demonstrators blocking roads, holding or beating people
        if sub == "Arrests" and actor == NONSTATE:
            if event.mode == "arrest":
                return "Abduction/forced disappearance"
            # An armed group's raid is an attack; on a base or on soldiers, a battle.
            return CLASH if _armed_target(event.target) else ATTACK
    if sub in _TERRITORY:
        if actor == NONSTATE:
            return NSA_TERRITORY
        if actor in (STATE, GOVERNMENT):
            return GOV_TERRITORY
        if event.actor is None and event.target is not None:
            # "wrested control of a camp from a separatist militia": who lost it.
            _, _, lost = (event.target.text or "").lower().partition(" from ")
            if lost and _names_rebels(lost):
                return GOV_TERRITORY
    return sub


#: Words before an act that make it a protest's grievance, not something done at it:
#: "protests following two police shootings", "rallies over the killing of …".
_GRIEVANCE = re.compile(
    r"\b(?:following|after|over|against|protesting|protest|denouncing|condemning|"
    r"sparked by|triggered by|in response to|in the wake of)\s+(?:\S+\s+){0,4}$",
    re.IGNORECASE)


def _grievance(ev: Event, text: str | None) -> bool:
    """Whether the text names ``ev`` as what a protest is about (the words just before its
    trigger), so that it was not done at the protest."""
    if not text:
        return False
    before = text[max(0, ev.trigger.start - 60):ev.trigger.start]
    return _GRIEVANCE.search(before) is not None


def _protest_sign(ev: Event, sub: str | None, own: str,
                  text: str | None = None) -> str | None:
    """What another event of the paragraph says about a protest coded ``own``."""
    if ev.status is not EventStatus.OCCURRED:
        return None  # a threatened crackdown did not happen at this protest
    if _grievance(ev, text):
        return None
    if sub in (RIOT, EXCESSIVE, INTERVENTION):
        return sub
    if sub in (LOOTING, MOB):
        return RIOT  # destruction at a protest makes it a riot
    actor, target = party_kind(ev.actor), party_kind(_target(ev))
    if ev.type == "ASSAULT" and sub in _GENERIC:
        if target == STATE:
            return RIOT  # violence against the police at a protest
        if ev.mode == "armed clash" and actor in (None, STATE, CROWD):
            return RIOT  # clashes at a protest
        if actor == STATE or target == CROWD or own == INTERVENTION:
            # Killing or wounding by police or soldiers at a protest, or any killing or
            # wounding where the forces intervened (other violence near a peaceful protest
            # is often its grievance, not something done to it).
            return EXCESSIVE
    if ev.type == "COERCE" and ev.mode == "block" and actor not in (STATE, GOVERNMENT):
        return RIOT  # demonstrators blocking roads (ACLED: road-blocking is a riot)
    if ev.type == "COERCE" and sub == "Arrests":
        return INTERVENTION
    return None


def acled_codes(event: Event, context: Sequence[Event] = (),
                text: str | None = None) -> tuple[str | None, str | None]:
    """``(event_type, sub_event_type)`` of ``event`` given the other events of its paragraph
    (``context``; ``event`` itself may be among them) and, when given, the article ``text``
    (an act the text names as a protest's grievance was not done at it)."""
    others = [(ev, refine_sub_event_type(ev)) for ev in context if ev is not event
              and ev.id != event.id]
    sub = refine_sub_event_type(event)
    if sub in _PROTESTS:
        strongest = _PROTEST_ORDER.index(sub)
        for ev, ev_sub in others:
            sign = _protest_sign(ev, ev_sub, sub, text)
            if sign is not None:
                strongest = max(strongest, _PROTEST_ORDER.index(sign))
        sub = _PROTEST_ORDER[strongest]
    elif sub == ATTACK and event.type == "ASSAULT" and party_kind(event.actor) == STATE \
            and party_kind(_target(event)) in (None, CROWD) and any(
                ev_sub in _PROTESTS and ev.status is EventStatus.OCCURRED
                for ev, ev_sub in others) and not _grievance(event, text):
        sub = EXCESSIVE  # police or soldiers using force at the paragraph's protest
    elif sub == ATTACK and event.type == "ASSAULT" and event.target is None \
            and party_kind(event.actor) in (None, STATE, NONSTATE) and any(
                ev_sub == CLASH and ev.status is EventStatus.OCCURRED for ev, ev_sub in others):
        sub = CLASH  # killed or wounded in the clash the paragraph reports
    elif event.type == "COERCE" and event.mode == "block" \
            and party_kind(event.actor) not in (STATE, GOVERNMENT) and any(
                ev_sub in _PROTESTS for ev, ev_sub in others):
        sub = RIOT  # roads blocked by the protest's demonstrators
    elif sub in _TERRITORY and any(
            ev.type == "RETREAT" and ev.status is EventStatus.OCCURRED for ev, _ in others
    ) and not any(ev.type == "ASSAULT" and ev_sub not in _TERRITORY for ev, ev_sub in others):
        sub = TRANSFER  # entered, without a fight, after the other side had pulled out
    if sub is None:
        return None, None
    return CODEBOOK.get(sub, event.acled_event_type), sub


def code_events(events: list[Event], paragraphs: Sequence[tuple[int, int]] = (),
                text: str | None = None) -> list[Event]:
    """The events with their ACLED codes set; the context of an event is the other events whose
    trigger starts in the same ``(start, end)`` paragraph span (all events when none is
    given); ``text`` is the article text the offsets index."""
    def para(ev: Event) -> int:
        return next((n for n, (start, end) in enumerate(paragraphs)
                     if start <= ev.trigger.start < end), -1)

    where = {ev.id: para(ev) for ev in events}
    out = []
    for ev in events:
        context = [o for o in events if where[o.id] == where[ev.id]]
        event_type, sub = acled_codes(ev, context, text)
        if (event_type, sub) != (ev.acled_event_type, ev.acled_sub_event_type):
            ev = ev.model_copy(update={"acled_event_type": event_type,
                                       "acled_sub_event_type": sub})
        out.append(ev)
    return out
