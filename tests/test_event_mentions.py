"""The event-mention layer (``eventwire.events.mentions``): TimeML-style EVENT recognition on
handwritten sentences, its attributes, and the stage in the default pipeline."""

from __future__ import annotations

from datetime import date

import pytest

from eventwire.events.mentions import (
    EventMention,
    EventMentionStage,
    deverbal_base,
    find_event_mentions,
)
from eventwire.model import Article, MentionKind, Segment, SegmentKind, article_id_for
from eventwire.nlp import load_nlp
from eventwire.pipeline import AnalysisContext, ParseStage, default_pipeline


def events(text: str) -> dict[str, EventMention]:
    return {m.text: m for m in find_event_mentions(load_nlp()(text))}


def test_reporting_and_perfective_past() -> None:
    text = "The company said it had acquired the firm."
    found = events(text)
    assert set(found) == {"said", "acquired"}
    said, acquired = found["said"], found["acquired"]
    assert (said.event_class, said.tense, said.aspect, said.pos) == (
        "REPORTING", "PAST", "NONE", "VERB")
    assert (acquired.event_class, acquired.tense, acquired.aspect) == (
        "OCCURRENCE", "PAST", "PERFECTIVE")
    assert acquired.lemma == "acquire" and acquired.polarity == "POS"
    # the extent is the head word, with offsets into the text
    assert (acquired.start, acquired.end) == (text.index("acquired"), text.index(" the firm"))


def test_negation_gives_negative_polarity() -> None:
    found = events("The rebels did not attack the town.")
    assert set(found) == {"attack"}
    attack = found["attack"]
    assert (attack.polarity, attack.tense, attack.event_class) == ("NEG", "PAST", "OCCURRENCE")


def test_will_is_future_and_other_modals_are_modality() -> None:
    meet = events("The ministers will meet on Monday.")["meet"]
    assert (meet.tense, meet.modality) == ("FUTURE", None)
    sign = events("They could sign the deal next week.")["sign"]
    assert (sign.tense, sign.modality) == ("NONE", "could")


def test_progressive_and_perfective_progressive() -> None:
    assert events("Troops are leaving the area.")["leaving"].aspect == "PROGRESSIVE"
    shelling = events("The army has been shelling the city.")["shelling"]
    assert (shelling.tense, shelling.aspect) == ("PRESENT", "PERFECTIVE_PROGRESSIVE")


def test_infinitive_and_intensional_classes() -> None:
    found = events("Officials expect the talks to continue.")
    assert found["expect"].event_class == "I_STATE"
    assert found["continue"].event_class == "ASPECTUAL"
    assert found["talks"].pos == "NOUN"
    resign = events("He tried to resign.")
    assert resign["tried"].event_class == "I_ACTION"
    assert resign["resign"].tense == "INFINITIVE"
    assert events("Witnesses saw the plane fall.")["saw"].event_class == "PERCEPTION"


def test_event_nouns() -> None:
    found = events("The attack on the convoy came before the election.")
    assert {"attack", "came", "election"} <= set(found)
    assert found["attack"].pos == "NOUN" and found["attack"].event_class == "OCCURRENCE"
    assert found["attack"].rule == "event noun"
    assert found["attack"].tense == "NONE"
    assert "convoy" not in found


def test_deverbal_nouns() -> None:
    assert deverbal_base("acquisition") == "acquire"
    assert deverbal_base("withdrawal") == "withdraw"
    assert deverbal_base("bombing") == "bomb"
    assert deverbal_base("negotiation") == "negotiate"
    assert deverbal_base("table") is None
    assert deverbal_base("ratification") == "ratify"
    found = events("The deportations ended after the ratification of the treaty.")
    assert found["deportations"].rule == "deverbal noun"
    assert found["deportations"].lemma == "deportation"
    assert found["ratification"].pos == "NOUN"
    assert "treaty" not in found


def test_concrete_and_person_nouns_are_not_events() -> None:
    found = events("The building near the hospital has a new table and a car.")
    assert set(found) == {"has"}  # possession: a state
    assert found["has"].event_class == "STATE"
    found = events("The government official met the president of the association.")
    assert set(found) == {"met"}


def test_auxiliaries_copulas_and_modifiers_are_not_events() -> None:
    found = events("The wounded soldiers were taken to Basra, according to officials.")
    assert "were" not in found and "wounded" not in found
    assert found["taken"].tense == "PAST"
    assert "sales" not in events("Sales of the company rose sharply.")
    assert "price" not in events("The sale price was set by the board.")


def test_predicative_adjective_state() -> None:
    found = events("He was not willing to resign.")
    willing = found["willing"]
    assert (willing.pos, willing.event_class, willing.tense, willing.polarity) == (
        "ADJECTIVE", "I_STATE", "PAST", "NEG")
    assert "was" not in found


def _article(text: str, kinds: list[SegmentKind]) -> Article:
    segments, pos = [], 0
    for part, kind in zip(text.split("\n\n"), kinds, strict=True):
        segments.append(Segment(kind=kind, start=pos, end=pos + len(part), text=part))
        pos += len(part) + 2
    return Article(id=article_id_for(text), source_ref="test", input_format="text",
                   published=date(2020, 3, 21), text=text, segments=segments)


def test_stage_emits_mentions_with_article_offsets_and_skips_captions() -> None:
    text = ("Rebels attacked a convoy near Basra\n\nA photo shows troops leaving the base.\n\n"
            "The rebels attacked a convoy on Friday, officials said.")
    art = _article(text, [SegmentKind.TITLE, SegmentKind.CAPTION, SegmentKind.BODY])
    ctx = AnalysisContext(article=art)
    ParseStage()(ctx)
    EventMentionStage()(ctx)
    found = ctx.mentions_of(MentionKind.EVENT)
    assert found and all(m.stage == "event_mentions" for m in found)
    for m in found:
        assert text[m.start:m.end] == m.text
        assert m.label == m.attributes["class"] and m.normalized == m.attributes["lemma"]
    by_text = {(m.text, m.segment) for m in found}
    assert ("attacked", SegmentKind.BODY) in by_text
    assert ("said", SegmentKind.BODY) in by_text
    assert ("attacked", SegmentKind.TITLE) in by_text
    assert not any(m.segment is SegmentKind.CAPTION for m in found)  # "shows", "leaving"


def test_registered_in_the_default_pipeline_between_parse_and_events() -> None:
    names = default_pipeline().names
    assert "event_mentions" in names
    assert names.index("parse") < names.index("event_mentions")
    if "events" in names:
        assert names.index("event_mentions") < names.index("events")


@pytest.mark.parametrize("sentence", ["", "   ", "2020-03-21"])
def test_nothing_to_find(sentence: str) -> None:
    assert events(sentence) == {}
