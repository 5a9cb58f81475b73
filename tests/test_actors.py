"""Actors: who acts, by the phrase, the article and the known-actor dictionary — on handwritten
sentences, each with the code a CAMEO/PLOVER coder would give."""

from __future__ import annotations

from datetime import date

from eventwire.events.known_actors import lookup_name
from tests.test_events import events_of, only


def _code(ev_actor: object) -> tuple[str | None, str | None]:
    assert ev_actor is not None
    return ev_actor.country, ev_actor.sector  # type: ignore[attr-defined]


def test_known_actor_role_held_at_the_date() -> None:
    putin = lookup_name("Vladimir Putin", date(2005, 3, 1))
    assert putin is not None and (putin.country, putin.sector) == ("RU", "GOV")
    clinton_1996 = lookup_name("Bill Clinton", date(1996, 5, 1))
    clinton_2010 = lookup_name("Bill Clinton", date(2010, 5, 1))
    assert clinton_1996 is not None and (clinton_1996.country, clinton_1996.sector) == ("US", "GOV")
    assert clinton_2010 is not None and clinton_2010.country == "US"
    assert clinton_2010.sector is None  # a former president holds no office


def test_known_actor_igo_leader_has_no_country() -> None:
    annan = lookup_name("Kofi Annan", date(2000, 1, 1))
    assert annan is not None and (annan.country, annan.sector) == (None, "IGO")
    assert lookup_name("Nobody Atall Whatsoever") is None


def test_actor_named_person_gets_country_from_the_dictionary() -> None:
    ev = only(events_of("Putin threatened on Friday to cut gas supplies to the region."),
              "THREATEN")
    assert _code(ev.actor) == ("RU", "GOV")


def test_actor_reporter_is_not_the_actor_of_a_statement_with_its_own_subject() -> None:
    ev = only(events_of("Norway accepted the proposal on Tuesday, government officials said."),
              "AGREE")
    assert ev.actor is not None and ev.actor.country == "NO"
    assert ev.actor.text == "Norway"


def test_actor_representative_speaking_for_the_country_is_the_actor() -> None:
    ev = only(events_of("Norway's prime minister said on Tuesday that Norway rejects the "
                        "proposal."), "REJECT")
    assert ev.actor is not None and ev.actor.text == "Norway's prime minister"
    assert _code(ev.actor) == ("NO", "GOV")


def test_actor_of_a_nominal_event_is_the_subject_of_the_light_verb() -> None:
    ev = only(events_of("The World Bank on Monday gave Kenya 40 million dollars of aid for "
                        "schools."), "AID")
    assert ev.actor is not None and ev.actor.sector == "IGO" and ev.actor.country is None


def test_actor_of_a_stance_in_passive_form() -> None:
    ev = only(events_of("Chile is opposed to the proposed treaty, officials said on Monday."),
              "REJECT")
    assert ev.actor is not None and ev.actor.country == "CL"


def test_actor_of_a_purpose_clause_is_the_main_subject() -> None:
    evs = events_of("Hundreds of Chilean students boycotted classes on Monday to protest "
                    "against the new fees.")
    ev = only(evs, "PROTEST")
    assert ev.actor is not None and ev.actor.country == "CL"


def test_actor_ethnic_group_is_coded_by_country_of_residence() -> None:
    ev = only(events_of("Ethnic Hungarians in Romania demanded autonomy on Monday."), "DEMAND")
    assert ev.actor is not None and ev.actor.country == "RO"


def test_actor_of_a_passive_arrest_is_the_police_of_the_place() -> None:
    ev = only(events_of("A French aid worker was arrested in Mali on Tuesday."), "COERCE")
    assert ev.actor is not None and ev.actor.text is None
    assert (ev.actor.country, ev.actor.sector, ev.actor.code) == ("ML", "COP", "MLICOP")


def test_actor_of_a_passive_arrest_with_an_agent_is_the_agent() -> None:
    ev = only(events_of("A French aid worker was arrested by soldiers in Mali on Tuesday."),
              "COERCE")
    assert ev.actor is not None and (ev.actor.text or "").startswith("soldiers")
    assert ev.actor.sector == "MIL"


def test_target_of_a_passive_act_is_its_subject() -> None:
    ev = only(events_of("Twelve Chilean students were detained by police in Santiago on "
                        "Monday."), "COERCE")
    assert ev.target is not None and ev.target.text == "Twelve Chilean students"
    assert ev.target.country == "CL"
    assert ev.actor is not None and ev.actor.sector == "COP"


def test_meeting_between_two_leaders_has_both_parties() -> None:
    ev = only(events_of("State television showed a meeting on Friday between the Chilean "
                        "president and the Peruvian foreign minister."), "CONSULT")
    assert ev.actor is not None and ev.actor.country == "CL"
    assert ev.target is not None and ev.target.country == "PE"


def test_expelled_from_a_country_names_the_expelling_state() -> None:
    ev = only(events_of("Two Norwegian diplomats were expelled from Russia on Monday."),
              "SANCTION")
    assert ev.actor is not None and ev.actor.country == "RU"
    assert ev.target is not None and ev.target.country == "NO"


def test_known_actor_misspelt_name_found_by_similarity() -> None:
    ev = only(events_of("President Francois Mitterand threatened on Friday to veto the "
                        "treaty.", ), "THREATEN")
    assert ev.actor is not None and ev.actor.country == "FR"


def test_igo_official_speaks_for_the_organisation() -> None:
    # (The dictionary knows Ban Ki-moon's term as open-ended; the test article is from 2021.)
    ev = only(events_of("U.N. Secretary-General Ban Ki-moon threatened on Monday to withdraw "
                        "the inspectors."), "THREATEN")
    assert ev.actor is not None and (ev.actor.country, ev.actor.sector) == (None, "IGO")


def test_actor_of_a_state_named_by_on() -> None:
    ev = only(events_of("Thousands of Chilean dock workers went on strike on Monday."),
              "PROTEST")
    assert ev.actor is not None and ev.actor.country == "CL"


def test_secretary_general_is_not_a_military_rank() -> None:
    ev = only(events_of("The Chilean Attorney General threatened on Monday to resign."),
              "THREATEN")
    assert ev.actor is not None and (ev.actor.country, ev.actor.sector) == ("CL", "GOV")
