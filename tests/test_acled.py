"""ACLED coding of events by who is involved and what else the paragraph reports
(eventwire.events.acled) — on hand-built events, no parse needed."""

from __future__ import annotations

import pytest

from eventwire.events.acled import (
    CODEBOOK,
    acled_codes,
    code_events,
    party_kind,
    refine_sub_event_type,
)
from eventwire.events.lexicon import event_lexicon
from eventwire.model import Actor, Event, EventStatus, Span

_N = iter(range(10_000))


def ev(type_: str, sub: str | None, *, actor: tuple[str, str | None] | None = None,
       target: tuple[str, str | None] | None = None, mode: str | None = None,
       status: str = "occurred", trigger: str = "x", at: int = 0) -> Event:
    span = Span(start=at, end=at + len(trigger), text=trigger, stage="events")
    return Event(
        id=f"a:e{next(_N)}", article_id="a", type=type_, mode=mode,
        acled_event_type=CODEBOOK.get(sub or ""), acled_sub_event_type=sub,
        status=EventStatus(status), trigger=span,
        actor=Actor(text=actor[0], sector=actor[1]) if actor else None,
        target=Actor(text=target[0], sector=target[1]) if target else None,
    )


def sub_of(event: Event, *context: Event) -> str | None:
    return acled_codes(event, [event, *context])[1]


# -- parties ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "sector", "kind"),
    [
        ("ISIS forces", "MIL", "nonstate"),  # a rebel cue wins over the head noun "forces"
        ("rebel forces in Kaya, a commercial centre", "MIL", "nonstate"),
        ("Afghan security forces in a crackdown on Taliban militants", "COP", "state"),
        ("Islamic State group", "GOV", "nonstate"),
        ("unidentified armed men", "CVL", "nonstate"),
        ("hundreds of protesters", "CVL", "crowd"),
        ("an angry mob", None, "mob"),
        ("serious injuries among demonstrators", "CVL", "civilian"),
        ("the interior ministry", "GOV", "government"),
        ("villagers", "CVL", "civilian"),
        ("the package", None, None),
    ],
)
def test_party_kind(text: str, sector: str | None, kind: str | None) -> None:
    assert party_kind(Actor(text=text, sector=sector)) == kind


def test_codebook_covers_every_lexicon_code() -> None:
    assert len(CODEBOOK) == 25
    for spec in event_lexicon().types.values():
        for pair in [spec.acled, *spec.mode_acled.values()]:
            if pair is not None:
                assert CODEBOOK[pair[1]] == pair[0], pair


# -- step 1: who is involved ------------------------------------------------------------------


def test_territory_sub_type_follows_who_took_it() -> None:
    taken, regained = "Non-state actor overtakes territory", "Government regains territory"
    assert refine_sub_event_type(ev("ASSAULT", taken, actor=("government troops", "MIL"))) \
        == regained
    assert refine_sub_event_type(ev("ASSAULT", regained, actor=("the insurgents", "REB"))) \
        == taken
    assert refine_sub_event_type(ev("ASSAULT", taken, actor=("ISIS forces", "MIL"))) == taken
    # No actor: who lost the place tells ("… control of a camp from a separatist militia").
    assert refine_sub_event_type(ev("ASSAULT", taken, target=(
        "control of a military camp from a separatist militia", "MIL"))) == regained


def test_generic_violence_by_the_parties() -> None:
    assert refine_sub_event_type(ev("ASSAULT", "Attack", actor=("militants", "REB"),
                                    target=("an army checkpoint", "MIL"))) == "Armed clash"
    assert refine_sub_event_type(ev("ASSAULT", "Attack", target=("a police post", None))) \
        == "Armed clash"
    assert refine_sub_event_type(ev("ASSAULT", "Attack", actor=("soldiers", "MIL"),
                                    target=("the jihadists", "REB"))) == "Armed clash"
    # A church or a village is no armed party, even when the resolver calls it GOV.
    assert refine_sub_event_type(ev("ASSAULT", "Attack", actor=("gunmen", "REB"),
                                    target=("a church in the north", "GOV"))) == "Attack"
    assert refine_sub_event_type(ev("ASSAULT", "Attack", target=("villagers", "CVL"))) \
        == "Attack"


def test_crowds_and_mobs() -> None:
    riot = "Violent demonstration"
    assert refine_sub_event_type(ev("ASSAULT", "Armed clash", actor=("protesters", "CVL"))) \
        == riot
    assert refine_sub_event_type(ev("ASSAULT", "Shelling/artillery/missile attack",
                                    actor=("rioters", "CVL"))) == riot
    # "clashes with protesters": both sides fought, whatever the mode says.
    assert refine_sub_event_type(ev("ASSAULT", "Excessive force against protesters",
                                    trigger="clashes", target=("protesters", "CVL"))) == riot
    assert refine_sub_event_type(ev("ASSAULT", "Attack", mode="armed clash",
                                    target=("demonstrators", "CVL"))) == riot
    assert refine_sub_event_type(ev("ASSAULT", "Attack", actor=("riot police", "COP"),
                                    target=("the demonstrators", "CVL"))) \
        == "Excessive force against protesters"
    assert refine_sub_event_type(ev("ASSAULT", "Armed clash", mode="armed clash",
                                    actor=("villagers", "CVL"))) == "Mob violence"
    assert refine_sub_event_type(ev("ASSAULT", "Attack", actor=("an angry mob", None))) \
        == "Mob violence"
    # One person's violence is no mob; armed men are an armed group.
    assert refine_sub_event_type(ev("ASSAULT", "Attack", actor=("a man", "CVL"))) == "Attack"
    assert refine_sub_event_type(ev("ASSAULT", "Attack", actor=("unidentified armed men",
                                                                "CVL"))) == "Attack"
    # Their statements are their protest.
    assert refine_sub_event_type(ev("DEMAND", None, actor=("demonstrators", "CVL"))) \
        == "Peaceful protest"


def test_coercion_by_who_does_it() -> None:
    assert refine_sub_event_type(ev("COERCE", "Other", mode="block",
                                    actor=("opposition supporters", "OPP"))) \
        == "Violent demonstration"
    assert refine_sub_event_type(ev("COERCE", "Other", mode="block", actor=("the army", "MIL"))) \
        == "Other"
    assert refine_sub_event_type(ev("COERCE", "Arrests", mode="arrest",
                                    actor=("the rebels", "REB"))) \
        == "Abduction/forced disappearance"
    assert refine_sub_event_type(ev("COERCE", "Arrests", mode="search",
                                    actor=("insurgents", "REB"), target=("a village", None))) \
        == "Attack"
    assert refine_sub_event_type(ev("COERCE", "Arrests", mode="search",
                                    actor=("insurgents", "REB"),
                                    target=("a military base", "MIL"))) == "Armed clash"
    assert refine_sub_event_type(ev("COERCE", "Arrests", mode="arrest",
                                    actor=("police", "COP"))) == "Arrests"


def test_modes_without_acled_code_and_means_verbs() -> None:
    # The stage fills the type's default for a mode coded null; the refinement clears it.
    assert refine_sub_event_type(ev("RETREAT", "Non-violent transfer of territory",
                                    mode="evacuation")) is None
    assert refine_sub_event_type(ev("COERCE", "Arrests", mode="seizure")) is None
    assert refine_sub_event_type(ev("COERCE", "Arrests", mode="cyber")) is None
    # "used excessive force": the object of a means verb is no target.
    assert refine_sub_event_type(ev("ASSAULT", "Attack", trigger="used",
                                    actor=("police", "COP"),
                                    target=("excessive force", "MIL"))) == "Attack"


# -- step 2: the paragraph --------------------------------------------------------------------


def test_protest_takes_the_strongest_sign_of_what_happened() -> None:
    protest = ev("PROTEST", "Peaceful protest", actor=("students", "CVL"))
    arrests = ev("COERCE", "Arrests", mode="arrest", actor=("police", "COP"))
    killing = ev("ASSAULT", "Attack", actor=("soldiers", "MIL"))
    looting = ev("ASSAULT", "Looting/property destruction")
    stones = ev("ASSAULT", "Attack", target=("riot police", "COP"))
    clash = ev("ASSAULT", "Armed clash", mode="armed clash")
    planned = ev("ASSAULT", "Attack", actor=("police", "COP"), status="planned")
    blocked = ev("COERCE", "Other", mode="block")
    assert sub_of(protest) == "Peaceful protest"
    assert sub_of(protest, arrests) == "Protest with intervention"
    assert sub_of(protest, arrests, killing) == "Excessive force against protesters"
    assert sub_of(protest, killing, looting) == "Violent demonstration"
    assert sub_of(protest, stones) == "Violent demonstration"
    assert sub_of(protest, clash) == "Violent demonstration"
    assert sub_of(protest, blocked) == "Violent demonstration"
    assert sub_of(protest, planned) == "Peaceful protest"  # a threatened crackdown
    # Where the forces intervened, any killing is excessive force.
    dispersal = ev("COERCE", "Protest with intervention", mode="intervention")
    assert sub_of(dispersal, ev("ASSAULT", "Attack")) == "Excessive force against protesters"


def test_violence_next_to_a_protest_or_a_clash() -> None:
    protest = ev("PROTEST", "Peaceful protest")
    force = ev("ASSAULT", "Attack", trigger="used", actor=("security forces", "COP"),
               target=("excessive force", "MIL"))
    assert sub_of(force, protest) == "Excessive force against protesters"
    assert sub_of(force) == "Attack"
    killed = ev("ASSAULT", "Attack")
    clash = ev("ASSAULT", "Armed clash", actor=("rebel fighters", "REB"),
               target=("a police post", "COP"))
    assert sub_of(killed, clash) == "Armed clash"
    victims = ev("ASSAULT", "Attack", target=("villagers", "CVL"))
    assert sub_of(victims, clash) == "Attack"
    # Roads blocked where a protest is reported: by its demonstrators.
    assert sub_of(ev("COERCE", "Other", mode="block"), protest) == "Violent demonstration"
    assert sub_of(ev("COERCE", "Other", mode="block", actor=("police", "COP")), protest) \
        == "Other"


def test_territory_entered_after_a_withdrawal() -> None:
    taken = ev("ASSAULT", "Non-state actor overtakes territory", actor=("rebel fighters", "REB"))
    pulled_out = ev("RETREAT", "Non-violent transfer of territory",
                    actor=("government troops", "MIL"))
    shelling = ev("ASSAULT", "Shelling/artillery/missile attack")
    assert acled_codes(taken, [taken, pulled_out]) == (
        "Strategic developments", "Non-violent transfer of territory")
    assert sub_of(taken, pulled_out, shelling) == "Non-state actor overtakes territory"
    assert sub_of(taken) == "Non-state actor overtakes territory"


def test_code_events_keeps_paragraphs_apart() -> None:
    protest = ev("PROTEST", "Peaceful protest", at=10)
    arrests = ev("COERCE", "Arrests", mode="arrest", actor=("police", "COP"), at=120)
    coded = code_events([protest, arrests], [(0, 100), (100, 200)])
    assert coded[0].acled_sub_event_type == "Peaceful protest"
    coded = code_events([protest, arrests], [(0, 200)])
    assert (coded[0].acled_event_type, coded[0].acled_sub_event_type) == (
        "Protests", "Protest with intervention")
    assert coded[1] is arrests  # unchanged events are passed on as they are
    # Coding twice changes nothing.
    assert code_events(coded, [(0, 200)]) == coded


def test_violence_a_protest_is_about_is_not_done_at_it() -> None:
    text = "Thousands joined protests following two police shootings in the city."
    protest = ev("PROTEST", "Peaceful protest", trigger="protests", at=text.index("protests"))
    shooting = ev("ASSAULT", "Attack", trigger="shootings", at=text.index("shootings"),
                  actor=("police", "COP"))
    assert acled_codes(protest, [protest, shooting], text)[1] == "Peaceful protest"
    assert acled_codes(shooting, [protest, shooting], text)[1] == "Attack"
    # Without the text saying so, police violence beside a protest is force used at it.
    assert acled_codes(protest, [protest, shooting])[1] == "Excessive force against protesters"
