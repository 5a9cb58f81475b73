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


def test_headline_like_sentence_participle_is_the_main_verb() -> None:
    # The small parser hangs "called" under "newspaper" as a participle (the root is the noun).
    ev = only(events_of("An official Chilean newspaper called Monday on Peruvians to unite "
                        "against the new tariffs."), "REQUEST")
    assert ev.actor is not None and ev.actor.text == "An official Chilean newspaper"
    assert _code(ev.actor) == ("CL", "MED")


def test_participle_after_a_root_noun_phrase_takes_the_whole_phrase() -> None:
    ev = only(events_of("Nurses from two Canadian aid groups donated medicine to a hospital in "
                        "the capital."), "AID")
    assert ev.actor is not None and ev.actor.text == "Nurses from two Canadian aid groups"
    assert _code(ev.actor) == ("CA", "NGO")


def test_trailing_clause_after_a_comma_has_its_noun_as_subject() -> None:
    ev = only(events_of("Peruvian authorities are ignoring the rights of Bolivian migrants, a "
                        "human rights group protested here Tuesday."), "PROTEST")
    assert ev.actor is not None and ev.actor.text == "a human rights group"
    assert _code(ev.actor) == (None, "NGO")
    assert ev.target is None


def test_rights_groups_and_associations_are_ngos() -> None:
    ev = only(events_of("Rights groups demanded the release of the journalists on Monday."),
              "DEMAND")
    assert _code(ev.actor) == (None, "NGO")
    ev = only(events_of("Members of the Association of Caribbean Jurists investigated the deaths "
                        "of prisoners."), "INVESTIGATE")
    assert _code(ev.actor) == (None, "NGO")


def test_event_noun_takes_the_subject_of_its_clause() -> None:
    ev = only(events_of("Chile will reopen its border crossings to trucks as part of a "
                        "UN-brokered deal."), "AGREE")
    assert ev.actor is not None and ev.actor.text == "Chile"
    ev = only(events_of("Dock workers stopped work on the first day of a strike on Monday."),
              "PROTEST")
    assert ev.actor is not None and ev.actor.text == "Dock workers"


def test_event_noun_under_a_subjectless_light_verb_takes_the_clause_subject() -> None:
    ev = only(events_of("Chilean officials said on Monday that removing the sanctions on Peru is "
                        "out of the question."), "SANCTION")
    assert ev.actor is not None and ev.actor.text == "Chilean officials"
    assert _code(ev.actor) == ("CL", "GOV")
    assert ev.target is not None and ev.target.country == "PE"


def test_investigation_of_names_what_is_investigated() -> None:
    ev = only(events_of("A Chilean judge launched an investigation of arms sales to Peru on "
                        "Monday."), "INVESTIGATE")
    assert _code(ev.actor) == ("CL", "JUD")
    assert ev.target is not None and ev.target.text == "arms sales to Peru"


def test_workers_affiliated_with_a_union_take_its_country() -> None:
    ev = only(events_of("Some 3,000 workers affiliated with the Chilean Workers' Union went on "
                        "strike on Monday."), "PROTEST")
    assert ev.actor is not None and ev.actor.text == "Some 3,000 workers"
    assert _code(ev.actor) == ("CL", "CVL")


def test_ethnic_group_lives_where_the_sentence_places_it() -> None:
    ev = only(events_of("Up to 200 ethnic Hungarians demonstrated on Sunday in Slovakia."),
              "PROTEST")
    assert _code(ev.actor) == ("SK", "CVL")
    ev = only(events_of("Ethnic Serbs have vowed to fight until they control villages near "
                        "Croatia's border with Hungary."), "THREATEN")
    assert _code(ev.actor) == ("HR", "CVL")


def test_former_country_names_are_countries() -> None:
    ev = only(events_of("Burma rejected the proposal on Monday."), "REJECT")
    assert _code(ev.actor) == ("MM", "GOV")


def test_role_only_actor_takes_the_only_country_of_the_report() -> None:
    ev = only(events_of("Rebels attacked an army post in Chad on Monday."), "ASSAULT")
    assert _code(ev.actor) == ("TD", "REB")
    # Troops of an international body belong to no country.
    ev = only(events_of("Chad allowed the deployment of UN peacekeepers."), "MOBILIZE")
    assert _code(ev.actor) == (None, "MIL")


def test_withdrawn_forces_named_by_role_belong_to_the_withdrawing_state() -> None:
    ev = only(events_of("Chile speeded up the withdrawal of some troops from Bolivia on "
                        "Monday."), "RETREAT")
    assert ev.actor is not None and ev.actor.text == "some troops"
    assert _code(ev.actor) == ("CL", "MIL")


def test_person_named_family_name_first_is_found_by_it() -> None:
    from eventwire.events.actors import EntityMemory, PersonInfo

    memory = EntityMemory()
    memory.remember(PersonInfo(name="Wang Quanzhang", country="CN", sector="CVL"))
    memory.remember(PersonInfo(name="Li Wenzu", country="CN", sector="CVL"))
    found = memory.lookup("Wang")
    assert found is not None and found.name == "Wang Quanzhang"
    assert memory.lookup("Wenzu") is not None and memory.lookup("Wenzu").name == "Li Wenzu"
    assert memory.lookup("Zhang") is None


def test_actor_anti_compound_names_no_sector() -> None:
    ev = only(events_of("Anti-government protesters marched through Baghdad on Sunday."),
              "PROTEST")
    assert _code(ev.actor) == ("IQ", "CVL")


def test_actor_sector_word_in_a_place_name_is_no_sector() -> None:
    ev = only(events_of("Settlers from the West Bank attacked a farmhouse overnight."),
              "ASSAULT")
    assert ev.actor is not None and ev.actor.sector is None  # not BUS ("Bank")
