"""Event stage: type, status, hedges, actors, sources, time, coreference — on handwritten
sentences (not the seed's), each with the reading a coder would give."""

from __future__ import annotations

from datetime import date

import pytest

from eventwire.ingest import build_article
from eventwire.model import Event, EventStatus, InputRecord, SourceKind
from eventwire.pipeline import default_pipeline

DCT = date(2021, 6, 12)  # a Saturday


def events_of(body: str, *, title: str = "A report", publisher: str = "Daily Example",
              caption: str | None = None) -> list[Event]:
    text = f"{title}\n\n" + (f"{caption}\n\n" if caption else "") + body
    record = InputRecord(source_ref="test", input_format="text", text=text,
                         publisher=publisher, published=DCT)
    return default_pipeline().run(build_article(record)).events


def only(events: list[Event], type_: str) -> Event:
    found = [e for e in events if e.type == type_]
    assert len(found) == 1, [(e.type, e.trigger.text) for e in events]
    return found[0]


def test_events_planned_withdrawal_with_anonymous_source_and_outlet() -> None:
    evs = events_of(
        "A senior Malian official, speaking on condition of anonymity, told Reuters that French "
        "troops were preparing to withdraw from the base in the coming weeks."
    )
    ev = only(evs, "RETREAT")
    assert ev.status is EventStatus.PLANNED
    assert ev.actor is not None and (ev.actor.country, ev.actor.sector) == ("FR", "MIL")
    kinds = [s.kind for s in ev.sources]
    assert kinds[0] is SourceKind.ANONYMOUS and ev.sources[0].anonymous
    assert kinds[-1] is SourceKind.PUBLISHER and ev.sources[-1].text == "Daily Example"
    assert any(s.kind is SourceKind.MEDIA and "Reuters" in s.text for s in ev.sources)
    assert ev.hedged
    assert ev.cameo_root == "08"


def test_events_unattributed_narration_is_the_publishers() -> None:
    ev = only(events_of("Police arrested twelve men in the capital on Thursday."), "COERCE")
    assert ev.status is EventStatus.OCCURRED and not ev.hedged
    assert [s.kind for s in ev.sources] == [SourceKind.PUBLISHER]
    assert ev.actor is not None and ev.actor.sector == "COP"
    assert ev.when is not None and ev.when.earliest == date(2021, 6, 10)
    assert ev.mode == "arrest"


def test_events_date_from_the_clause_not_the_publication() -> None:
    ev = only(events_of("Government troops shelled rebel positions on May 3, the army said."),
              "ASSAULT")
    assert ev.when is not None and ev.when.value == "2021-05-03"
    assert ev.when.basis == "text" and ev.when.evidence is not None
    assert ev.mode == "rocket"


def test_events_undated_event_is_flagged_reported_by() -> None:
    ev = only(events_of("Rebels ambushed a convoy of soldiers and killed four of them."),
              "ASSAULT")
    assert ev.when is not None and ev.when.basis == "reported_by"
    assert ev.when.latest == DCT and ev.when.earliest is None


def test_events_hedge_on_the_report_but_not_on_a_side_remark() -> None:
    hedged = only(events_of("Security forces reportedly arrested the opposition leader."),
                  "COERCE")
    assert hedged.hedged and "reportedly" in hedged.hedge_cues
    side = only(events_of(
        "Troops purportedly guarding the pipeline arrested three villagers on Friday."), "COERCE")
    assert not side.hedged


def test_events_demanded_act_is_not_an_event() -> None:
    evs = events_of("The opposition party demanded the release of all political prisoners.")
    assert [e.type for e in evs] == ["DEMAND"]
    assert evs[0].actor is not None and evs[0].actor.sector == "OPP"


def test_events_talk_of_an_act_is_speculated() -> None:
    ev = only(events_of("There is talk of a ceasefire between the two armies."), "AGREE")
    assert ev.status is EventStatus.SPECULATED


def test_events_negated() -> None:
    ev = only(events_of("The police did not arrest the journalists."), "COERCE")
    assert ev.status is EventStatus.NEGATED


def test_events_mentions_of_one_happening_merge() -> None:
    evs = events_of(
        "Police arrested five students outside the university on Friday. "
        "The arrests drew criticism from rights groups."
    )
    coerce = [e for e in evs if e.type == "COERCE"]
    assert len(coerce) == 1
    assert [s.text for s in coerce[0].evidence] == ["arrested", "arrests"]


def test_events_captions_yield_no_events() -> None:
    evs = events_of(
        "The parliament approved the budget on Tuesday after a long debate among lawmakers.",
        caption="In this file photo, soldiers attack a rebel position. (Photo: Reuters)",
    )
    assert all(e.type != "ASSAULT" for e in evs)


def test_events_actor_from_apposition_across_sentences() -> None:
    evs = events_of(
        "Jane Doe, the Kenyan foreign minister, met her Ugandan counterpart on Monday. "
        "Doe condemned the border raids."
    )
    ev = only(evs, "DISAPPROVE")
    assert ev.actor is not None and ev.actor.country == "KE" and ev.actor.sector == "GOV"
    assert ev.actor.code == "KENGOV"


@pytest.mark.parametrize(
    ("sentence", "type_"),
    [
        ("Demonstrators marched through the city centre on Sunday.", "PROTEST"),
        ("The foreign minister criticised the decision.", "DISAPPROVE"),
        ("The two leaders discussed trade by telephone.", "CONSULT"),
        ("The government expelled three diplomats.", "SANCTION"),
    ],
)
def test_events_types_from_the_lexicon(sentence: str, type_: str) -> None:
    assert [e.type for e in events_of(sentence)] == [type_]


def test_events_aspectual_verb_dates_the_event_noun() -> None:
    ev = only(events_of("Three days of fighting between the army and rebels ended on Thursday, "
                        "officials said."), "ASSAULT")
    assert ev.when is not None and ev.when.value == "2021-06-10"
    assert ev.when.basis == "text"


def test_events_noun_talked_about_under_a_negation_is_not_negated() -> None:
    ev = only(events_of("Police said on Friday they were not linking the arrests of twelve men "
                        "to the bombing."), "COERCE")
    assert ev.status is EventStatus.OCCURRED
    ev = only(events_of("The army did not launch an attack on the town on Friday."), "ASSAULT")
    assert ev.status is EventStatus.NEGATED


def test_events_generic_statement_is_no_event() -> None:
    evs = events_of("Kidnappings are frequent in the province, officials said.")
    assert [e for e in evs if e.type == "COERCE" or e.type == "ASSAULT"] == []


def test_events_family_visit_is_not_diplomacy() -> None:
    evs = events_of("The minister was visiting his mother in Lyon on Sunday.")
    assert [e for e in evs if e.type == "CONSULT"] == []
    ev = only(events_of("The minister was visiting his Chilean counterpart in Lyon on Sunday."),
              "CONSULT")
    assert ev.target is not None


def test_events_border_country_is_a_reference_not_the_place() -> None:
    ev = only(events_of("Fighting broke out on Monday in a village near the border with Chile."),
              "ASSAULT")
    assert all(p.country != "CL" for p in ev.places)


def test_events_present_perfect_is_not_a_step_of_the_narrative() -> None:
    evs = events_of("Police arrested two men on Tuesday. The Chilean government has condemned "
                    "the violence.")
    ev = only(evs, "DISAPPROVE")
    assert ev.when is not None and ev.when.basis == "reported_by"


def test_events_standing_accusation_restated_is_one_event() -> None:
    evs = events_of("Chile accuses Peru of spying on its navy. Peru denies it. Chile blames Peru "
                    "for the leak of the documents.")
    accusations = [e for e in evs if e.type == "ACCUSE"]
    assert len(accusations) == 1 and len(accusations[0].evidence) >= 2


def test_events_period_up_to_the_report_dates_the_event() -> None:
    # DCT 2021-06-12.
    ev = only(events_of("Over the past two weeks, rebels have attacked four villages."),
              "ASSAULT")
    assert ev.when is not None and (ev.when.earliest, ev.when.latest) == (date(2021, 5, 29),
                                                                          date(2021, 6, 12))
    ev = only(events_of("The army has shelled the town for two days."), "ASSAULT")
    assert ev.when is not None and ev.when.basis == "text"
    assert (ev.when.earliest, ev.when.latest) == (date(2021, 6, 10), date(2021, 6, 12))


def test_events_when_clause_takes_the_main_clause_time() -> None:
    ev = only(events_of("Tension rose late Thursday when police searched a cargo plane at the "
                        "airport."), "COERCE")
    assert ev.when is not None and ev.when.value == "2021-06-10" and ev.when.basis == "text"


def test_events_noun_joined_by_a_motion_verb_takes_its_time() -> None:
    ev = only(events_of("Hundreds of farmers set off on Wednesday on a march to the capital."),
              "PROTEST")
    assert ev.when is not None and ev.when.value == "2021-06-09"


def test_events_period_bound_participle_dates_the_event() -> None:
    ev = only(events_of("For several days beginning on March 2, 2019, dozens of students were "
                        "detained in the capital."), "COERCE")
    assert ev.when is not None and ev.when.value == "2019-03-02"
    # The date of a noun's host happening: a defeat in a war.
    evs = events_of("The party has gained support since the army's defeat in a three-week war "
                    "last October.")
    war = [e for e in evs if e.type == "ASSAULT"]
    assert war and war[0].when is not None and war[0].when.value == "2020-10"


def test_events_present_tense_holds_at_the_report() -> None:
    ev = only(events_of("Police arrested two men on Tuesday. Peru denies any role in the "
                        "attack."), "REJECT")
    # Not the narrative's Tuesday: the denial holds as of the report, still flagged as such.
    assert ev.when is not None and ev.when.basis == "reported_by"
    assert (ev.when.value, ev.when.earliest, ev.when.latest) == ("2021-06-12", DCT, DCT)
    # Reported speech takes the tense of its report: the narrative's day.
    evs = events_of("The minister met envoys on Tuesday. He said Peru rejects the accusations.")
    assert only(evs, "REJECT").when is not None
    assert only(evs, "REJECT").when.value == "2021-06-08"  # type: ignore[union-attr]


def test_events_present_perfect_spans_the_story_up_to_the_report() -> None:
    ev = only(events_of("The lawyer disappeared in 2019. He has since been charged with fraud."),
              "ACCUSE")
    assert ev.when is not None and ev.when.basis == "reported_by"
    assert (ev.when.earliest, ev.when.latest) == (date(2019, 1, 1), DCT)


def test_events_place_of_a_victim_and_an_apposed_capital() -> None:
    ev = only(events_of("Peru condemned the poisoning of a former diplomat and his son in the "
                        "Chilean city of Valparaiso."), "ASSAULT")
    assert [p.name for p in ev.places] == ["Valparaíso"]
    ev = only(events_of("In the Peruvian capital, Lima, police fatally shot two men on "
                        "Friday."), "ASSAULT")
    assert [p.name for p in ev.places] == ["Lima"]


def test_events_without_a_place_take_the_articles_focus_area() -> None:
    evs = events_of("Fighting raged in Dagestan on Monday. Police in Makhachkala said the "
                    "militants had fled to Dagestan's forests. Helicopter gunships fired on the "
                    "militant positions.")
    fired = [e for e in evs if e.trigger.text == "fired"]
    assert fired and fired[0].places and fired[0].places[0].feature_class == "admin1"
    assert fired[0].places[0].radius_km == 200.0 and fired[0].places[0].country == "RU"


def test_events_targets_of_receiving_and_answering_verbs() -> None:
    ev = only(events_of("The Chilean president has received strong backing from Argentina."),
              "SUPPORT")
    assert ev.target is not None and (ev.target.country, ev.target.sector) == ("CL", "GOV")
    assert ev.actor is not None and ev.actor.country == "AR"
    ev = only(events_of("The Peruvian government is considering Bolivia's request for access "
                        "to the port."), "REQUEST")
    assert ev.actor is not None and ev.actor.country == "BO"
    assert ev.target is not None and (ev.target.country, ev.target.sector) == ("PE", "GOV")


def test_events_participle_describing_the_expelled() -> None:
    ev = only(events_of("Some of the 40 Chilean diplomats being expelled from Peru left Lima on "
                        "Friday."), "SANCTION")
    assert ev.actor is not None and ev.actor.country == "PE"
    assert ev.target is not None and (ev.target.country, ev.target.sector) == ("CL", "GOV")


def test_events_possessive_pronoun_of_an_event_noun() -> None:
    evs = events_of("Opposition leaders criticised President Gabriel Boric of Chile. They plan "
                    "protests next week to demand his resignation.")
    demand = only(evs, "DEMAND")
    assert demand.target is not None and demand.target.country == "CL"
    assert demand.target.sector == "GOV"


def test_events_those_expelled_does_not_report_the_expulsion_again() -> None:
    ev = only(events_of("Peru expelled 40 Chilean diplomats on Friday. Peru's foreign ministry "
                        "said those expelled were spies."), "SANCTION")
    assert [s.kind for s in ev.sources] == [SourceKind.PUBLISHER]
    assert len(ev.evidence) == 2


def test_events_conjoined_verbs_share_their_subject_and_agent_compounds() -> None:
    evs = events_of("The opposition has stepped up pressure on the government and plans a "
                    "series of protests next month.")
    protest = only(evs, "PROTEST")
    assert protest.actor is not None and protest.actor.sector == "OPP"
    ev = only(events_of("Dozens of Chilean lawyers disappeared in a police sweep in 2019."),
              "COERCE")
    assert ev.actor is not None and ev.actor.sector == "COP"


def test_events_an_opinion_frame_is_not_a_consultation() -> None:
    assert [e for e in events_of("The rebels consider the government as their enemy.")
            if e.type == "CONSULT"] == []
    ev = only(events_of("The Peruvian government is considering Chile's request for talks."),
              "CONSULT")
    assert ev.actor is not None and ev.actor.country == "PE"


def test_events_strike_is_an_attack_or_a_walkout_by_its_cues() -> None:
    ev = only(events_of("A US strike near the airport killed a Chilean commander on Friday."),
              "ASSAULT")
    assert ev.actor is not None and ev.actor.country == "US"
    assert [e.type for e in events_of("The strike destroyed a bridge.")] == ["ASSAULT"]
    assert [e.type for e in events_of("Israel carried out a strike on a weapons depot.")] == [
        "ASSAULT"]
    assert [e.type for e in events_of("Teachers went on strike on Monday over pay.")] == [
        "PROTEST"]


def test_events_an_event_noun_takes_the_time_of_the_harm_it_does() -> None:
    ev = only(events_of("A coalition airstrike hit a market in the north on Thursday, killing "
                        "ten people."), "ASSAULT")
    assert ev.when is not None and ev.when.value == "2021-06-10"
    evs = events_of("A commander was killed on Friday in the strike.")
    assert [e.type for e in evs] == ["ASSAULT"]


def test_events_a_refused_act_did_not_happen() -> None:
    evs = events_of("Peru refused to withdraw its troops from the border area.")
    assert only(evs, "RETREAT").status is EventStatus.NEGATED
    assert only(evs, "REJECT").status is EventStatus.OCCURRED
    evs = events_of("Chile ruled out talks with the rebels.")
    assert only(evs, "CONSULT").status is EventStatus.NEGATED


def test_events_his_office_is_the_last_person_named_before_it() -> None:
    evs = events_of("Chilean President Gabriel Boric spoke on Monday. According to a statement "
                    "released by his office, Boric requested aid in a phone call with Peruvian "
                    "Foreign Minister Javier Gonzalez-Olaechea.")
    ev = only(evs, "REQUEST")
    assert ev.sources and "Boric" in (ev.sources[0].name or "")
    assert "Gonzalez" not in (ev.sources[0].name or "")
