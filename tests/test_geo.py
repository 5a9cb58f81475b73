"""Place stage: recognition cues and resolution with article context (handwritten text)."""

from __future__ import annotations

from datetime import date

from eventwire.gazetteer import haversine_km
from eventwire.geo import find_toponyms
from eventwire.ingest import build_article
from eventwire.model import InputRecord, Mention, MentionKind
from eventwire.nlp import load_nlp
from eventwire.pipeline import default_pipeline


def places_of(text: str) -> list[Mention]:
    record = InputRecord(source_ref="t", input_format="text", text="A report\n\n" + text,
                         published=date(2020, 1, 1))
    result = default_pipeline().run(build_article(record))
    return [m for m in result.mentions if m.kind is MentionKind.PLACE]


def test_geo_head_noun_cue_finds_names_ner_misses() -> None:
    doc = load_nlp()("Fighting spread to Qaraqosh district and the Makhmour camp overnight.")
    names = {t.text: (t.rule, t.head) for t in find_toponyms(doc)}
    assert names["Qaraqosh"][1] == "district"
    assert names["Makhmour"][1] == "camp"


def test_geo_demonyms_and_directions_are_not_places() -> None:
    doc = load_nlp()("Iraqi and Syrian officials met envoys from the West in Geneva.")
    texts = [t.text for t in find_toponyms(doc)]
    assert "Iraqi" not in texts and "Syrian" not in texts and "West" not in texts
    assert "Geneva" in texts


def test_geo_hyphenated_countries_split() -> None:
    ms = places_of("Smugglers crossed the Iraq-Syria border at night, officials said on Monday.")
    assert [(m.text, m.country) for m in ms] == [("Iraq", "IQ"), ("Syria", "SY")]


def test_geo_context_picks_the_iraqi_nineveh() -> None:
    ms = places_of(
        "Clashes broke out in Mosul, the capital of Nineveh province, and near Kirkuk, "
        "officials in Baghdad said on Tuesday."
    )
    by_text = {m.text: m for m in ms}
    assert by_text["Nineveh"].country == "IQ" and by_text["Nineveh"].label == "admin1"
    assert by_text["Nineveh"].attributes["head_noun"] == "province"
    for name in ("Mosul", "Kirkuk", "Baghdad"):
        assert by_text[name].country == "IQ", name
    mosul = by_text["Mosul"]
    assert mosul.lat is not None and mosul.lon is not None
    assert haversine_km(mosul.lat, mosul.lon, 36.34, 43.13) < 25
    assert all(m.attributes.get("gazetteer_id") for m in ms)


def test_geo_unknown_village_placed_relative_to_a_known_town() -> None:
    ms = places_of(
        "Soldiers stood near the village of Zzqwerty, east of Tal Afar, on Sunday, the army said."
    )
    village = next(m for m in ms if m.text == "Zzqwerty")
    assert village.attributes["relative_to"] == "Tal Afar"
    assert village.lat is not None and village.lon is not None
    assert haversine_km(village.lat, village.lon, 36.38, 42.45 + 0.17) < 10
    assert village.lon > 42.45  # east of the town


def test_geo_the_capital_of_a_named_country() -> None:
    found = {m.text: m for m in places_of(
        "A car bomb exploded in the Syrian capital on Monday. Diplomats left the Chilean "
        "Embassy in the U.S. capital. In the Dagestani capital, Makhachkala, police fired.")}
    assert found["Syrian capital"].normalized == "Damascus"
    assert found["Syrian capital"].country == "SY"
    assert found["U.S. capital"].normalized == "Washington"
    # An unknown building is in the capital written after it, not in the article's focus.
    embassy = found["Chilean Embassy"]
    assert embassy.normalized == "Washington" or (
        embassy.lat is not None and embassy.lon is not None
        and haversine_km(embassy.lat, embassy.lon, 38.895, -77.036) < 25)
    assert "Dagestani capital" not in found and "Makhachkala" in found
