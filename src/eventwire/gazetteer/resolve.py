"""A first toponym resolver: pick one gazetteer place per name, with the article as context.

This is the simple, general resolver the evaluation runs against the population baseline; the
place stage (``eventwire.geo``, a later part of issue 4) adds head-noun cues, containment and
distance phrases on top of the same candidate API (:meth:`Gazetteer.lookup`).

How a candidate is scored (weights in :class:`Weights`, set on the dev sets, no dataset rules):

* **prior**: log population; the feature class (a country or admin-1 area named outright is
  usually meant; a facility, river or water body mostly when the name says so: "… Air Base",
  "… River"); a capital or a notable place (curated landmark, large airport); how the name
  matched (own name, alternate name, demonym, loose variant, generic word dropped, fuzzy);
  an admin area loses to a sizeable town of the same name inside it ("Mosul"), and a tiny
  town elsewhere loses to the admin-1 area it is named after ("Wales", "Oklahoma"); a named
  physical region, water body or large airport without a population ranks as a sizeable
  town ("Java" the island, "Heathrow" the airport);
* **country focus**: how much of the article's other names point to the candidate's country
  (each other name spreads one vote over its candidates' countries by their score); an ocean,
  sea or world region, in no one country, counts as inside the best-supported one ("Pacific"
  in a US article is the ocean, not Pacific, Washington);
* **admin-1 focus**: the same for the admin-1 area (a Louisiana paper's "Cottonport");
* **admin-2 focus**: the same for the county or district ("Walker County" and "Huntsville":
  the Huntsville in Walker County, Texas);
* **text context**: country and admin-1 names found in the article text vote too;
* **proximity**: closeness to the places the other names currently resolve to (three rounds);
* **text around each mention** (:func:`local_areas`, when :func:`resolve_names` has the text):
  an area named right after the name ("Dublin, Ohio"), a country named in the same sentence
  ("In Washington, … expelled from the United States" outweighs a London dateline), a head
  noun after it ("a Washington state farm"); each weighted by the share of mentions that
  show it. A hit inside a longer name ("Mexico" in "New Mexico") is not a mention;
* **class cues** (one mention is enough): words that make the name a state ("the state of
  Washington", "upstate New York", "New York Governor"), the other items of a list it stands
  in ("Michigan, Oregon, New York and Ohio": a US state; a list of countries: a country), a
  town written before it ("Buffalo, New York": the area that holds Buffalo; "Brooklyn, New
  York": the city holds Brooklyn too), and, for a state named like a large town inside it,
  the article's other places in that country being mostly states ("Texas, Kansas, Ohio …
  New York has 28 cases").

A name with no candidate at all is first searched for a well-known place written inside it
(:func:`embedded_place`: "Bank of Japan", "US Federal Reserve", "Delhi High Court"), then
taken as a misspelt country or admin-1 area (:func:`misspelt_area`: "Mauritious"); failing
that (a street, a building) it falls back to the article's focus place (its most mentioned
town), which acc@161 rewards when the place is small.

One sense per name per article: every occurrence of a name (by normalised key) gets the same
place.
"""

from __future__ import annotations

import bisect
import math
import re
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np

from eventwire.gazetteer.index import (
    GENERIC_TAIL,
    Gazetteer,
    Match,
    Place,
    haversine_km,
    load_gazetteer,
)
from eventwire.gazetteer.normalize import name_key

__all__ = [
    "LocalAreas",
    "Resolution",
    "Weights",
    "embedded_place",
    "local_areas",
    "misspelt_area",
    "most_populous",
    "resolve_detailed",
    "resolve_names",
    "scan_area_names",
]


@dataclass(frozen=True)
class Weights:
    """Resolver weights (log-domain score units).

    Set by hand, then by a random local search on the dev halves of GeoWebNews, LGL,
    GeoVirus (and WikToR at a quarter weight), rounded; every weight is a general feature,
    none names a dataset or a place.
    """

    population: float = 0.5  # per decade of population
    country: float = 5.4
    admin1: float = 2.1
    admin2: float = -0.1
    city: float = 0.6
    village: float = 0.5
    facility: float = -1.1
    river: float = -1.2
    region: float = -0.1
    water: float = -1.1
    head_noun: float = 2.4  # "X Air Base" → facility, "X River" → river, "X County" → admin
    primary_name: float = 1.3  # the name is the place's own name, not an alternate
    variant: float = -1.9
    fuzzy: float = -1.8  # for callers that pass fuzzy matches (resolve_detailed does not)
    country_focus: float = 2.5
    admin1_focus: float = 2.0
    proximity: float = 2.2
    temperature: float = 0.4  # softness of each name's vote over its candidates
    demonym: float = 0.2
    generic: float = -0.4
    capital: float = 2.2
    notable: float = 2.0  # curated landmarks and regions, large airports
    seat_share: float = 0.1  # … when the town has at least this share of its population
    seat: float = -2.4  # an admin area that shares its name with a town inside it
    focus_share: float = 0.0  # 0: log count of supporting names, 1: their share of the votes
    focus_saturation: float = 1.5  # other-name mass at which the share is ~63% trusted
    text_context: float = 1.4  # vote of a country/admin-1 name seen in the text
    fallback: bool = True  # unknown names fall back to the article's focus place
    admin2_focus: float = 4.0  # admin-2 focus: the county other names point to ("Walker
    # County" and "Huntsville": Texas)
    # Evidence from the text around each mention (resolve_names with a text; see local_areas):
    local_area: float = 1.5  # a country named in the same sentence, × share of mentions
    contained: float = 3.0  # "Dublin, Ohio": an area named right after the name
    text_head: float = 1.0  # "Washington state": a head noun after the name, × share
    # "the state of Washington", "New York Governor", "Oregon, New York and Ohio": the class
    # the words around the name or the other items of its list give it, × share of mentions
    kind_cue: float = 2.0
    class_focus: float = 2.0  # other places in the country mostly states: "New York" the state
    class_focus_min: int = 2
    holds: float = 2.0  # "Buffalo, New York": the candidate that contains Buffalo, × share
    # A named physical region or water body (an island, a range, a sea: Natural Earth rows
    # carry no population) ranks as a town of 10**region_floor people: "Java" the island, not
    # a hamlet in Georgia. Notable facilities (large airports) rank so too: "Heathrow".
    region_floor: float = 5.0
    # An admin-1 area named outright ("Wales", "Oklahoma") is meant over a small
    # namesake town elsewhere (a Wales in England, an Oklahoma in Pennsylvania) that other
    # names' focus would otherwise favour: such a town (under namesake_share of the area's
    # population) gets this.
    namesake: float = -2.0
    namesake_share: float = 0.005


DEFAULT_WEIGHTS = Weights()

_FACILITY_WORDS = (
    "airport",
    "air base",
    "airbase",
    "airfield",
    "air field",
    "base",
    "camp",
    "fort",
    "station",
)
_RIVER_WORDS = ("river", "creek", "canal")
_WATER_WORDS = ("lake", "sea", "gulf", "bay", "ocean", "strait", "sound", "channel")
_ADMIN_WORDS = (
    "county",
    "province",
    "governorate",
    "state",
    "district",
    "parish",
    "region",
    "oblast",
)


@dataclass(frozen=True)
class Resolution:
    """The place chosen for a name, its score margin over the runner-up, and the candidates."""

    place: Place
    score: float
    margin: float
    n_candidates: int


def most_populous(name: str, *, gazetteer: Gazetteer | None = None) -> Place | None:
    """The population baseline: the most populous exact or variant candidate of a name."""
    gaz = gazetteer or load_gazetteer()
    cands = gaz.candidates(name, limit=50)
    if not cands:
        return None
    return max(cands, key=lambda p: p.population)


def _head_bonus(key: str, place: Place, w: Weights) -> float:
    words = f" {key} "
    cls = place.feature_class
    if cls == "facility" and any(f" {h} " in words for h in _FACILITY_WORDS):
        return w.head_noun
    if cls == "river" and any(f" {h} " in words for h in _RIVER_WORDS):
        return w.head_noun
    if cls == "water" and any(f" {h} " in words for h in _WATER_WORDS):
        return w.head_noun
    if cls in ("admin1", "admin2") and any(f" {h} " in words for h in _ADMIN_WORDS):
        return w.head_noun / 2
    return 0.0


def _prior(key: str, m: Match, w: Weights) -> float:
    p = m.place
    pop = math.log10(p.population + 1)
    if p.population == 0 and (p.feature_class in ("region", "water") or p.notable):
        pop = w.region_floor
    score = w.population * pop
    score += getattr(w, p.feature_class, 0.0)
    score += _head_bonus(key, p, w)
    if p.capital:
        score += w.capital
    if p.notable:
        score += w.notable
    if m.kind == "variant":
        score += w.variant
    elif m.kind == "demonym":
        score += w.demonym
    elif m.kind == "generic":
        score += w.generic
    elif m.kind == "fuzzy":
        score += w.fuzzy * (1.0 + (100.0 - m.score) / 12.0)
    own = name_key(p.name)
    if key in (own, GENERIC_TAIL.sub("", own)):  # "New York City" is New York's own name
        score += w.primary_name
    return score


def _prefer_seat(key: str, ms: list[Match], priors: list[float], w: Weights) -> list[int]:
    """A bare name shared by an admin area and a sizeable town inside it ("Mosul", "New York")
    means the town, unless a head noun says otherwise ("Mosul district"). A hamlet that shares
    its area's name ("Wales", a village in Wales) does not count."""
    words = f" {key} "
    if any(f" {h} " in words for h in _ADMIN_WORDS):
        return []
    towns = [m.place for m in ms if m.place.feature_class in ("city", "village")]
    seats: list[int] = []
    for i, m in enumerate(ms):
        p = m.place
        if p.feature_class not in ("admin1", "admin2"):
            continue
        code = p.admin1_code if p.feature_class == "admin1" else p.admin2_code
        for t in towns:
            inside = (t.admin1_code if p.feature_class == "admin1" else t.admin2_code) == code
            if inside and t.population >= w.seat_share * p.population:
                priors[i] += w.seat
                seats.append(i)
                break
    return seats


def _class_focus(
    area: Place, key: str, live: list[str], picks: dict[str, Place], w: Weights
) -> float:
    """"Texas, Kansas, Ohio … New York has confirmed 28": an admin-1 area named like a large
    town inside it (New York) is meant when the article's other places in that country are
    mostly admin-1 areas (at least ``class_focus_min``, and more than twice the towns)."""
    classes = [
        picks[o].feature_class
        for o in live
        if o != key and o in picks and picks[o].country == area.country
    ]
    n_area = sum(c == "admin1" for c in classes)
    n_town = sum(c in ("city", "village") for c in classes)
    return w.class_focus if n_area >= w.class_focus_min and n_area > 2 * n_town else 0.0


def _prefer_area(key: str, ms: list[Match], priors: list[float], w: Weights) -> None:
    """A bare name that is an admin-1 area's own name means the area, not a much smaller
    town of the same name outside it (the reverse of :func:`_prefer_seat`). Countries are
    left out: US local news often means its Lebanon, Jordan or Malta (measured on LGL)."""
    areas = [
        m.place
        for m in ms
        if m.kind == "exact"
        and m.place.feature_class == "admin1"
        and key == name_key(m.place.name)
    ]
    if not areas:
        return
    for i, m in enumerate(ms):
        p = m.place
        if p.feature_class not in ("city", "village"):
            continue
        for a in areas:
            if p.admin1_code != a.admin1_code and p.population < w.namesake_share * a.population:
                priors[i] += w.namesake
                break


def _focus(support: float, other_mass: float, n_other: int, certainty: float, w: Weights) -> float:
    """Context support of a country or admin-1 area, in [0, 1]: a blend of the share of the
    other names' votes it gets (scaled by how much evidence there is) and a log count."""
    share = support / other_mass * certainty if other_mass > 0 else 0.0
    count = math.log1p(support) / math.log1p(n_other)
    return w.focus_share * share + (1.0 - w.focus_share) * count


def _softmax(scores: list[float], temperature: float) -> list[float]:
    top = max(scores)
    exps = [math.exp((s - top) / temperature) for s in scores]
    total = sum(exps)
    return [e / total for e in exps]


def resolve_names(
    names: Sequence[str],
    *,
    gazetteer: Gazetteer | None = None,
    text: str | None = None,
    weights: Weights = DEFAULT_WEIGHTS,
    limit: int = 60,
) -> list[Place | None]:
    """One place (or None) per name, resolving all names of one article together.

    ``text`` (the article), when given, is scanned for country and admin-1 names ("Texas",
    "Iraq"): they vote for the article's focus like the names do, with a lower
    weight, and are not resolved in the output.
    """
    gaz = gazetteer or load_gazetteer()
    context = scan_area_names(text, gaz) if text else []
    local = local_areas(names, text, gaz, weights) if text else None
    res = resolve_detailed(
        names, gazetteer=gaz, weights=weights, limit=limit, context=context, local=local
    )
    return [r.place if r is not None else None for r in res]


_CAPS = re.compile(r"[A-Z][\w’'.-]*(?:\s+(?:of\s+|the\s+)?[A-Z][\w’'.-]*){0,3}")


def scan_area_names(text: str, gazetteer: Gazetteer) -> list[str]:
    """Country and admin-1 names in a text (capitalised word runs and their sub-runs, longest
    first), in text order: cheap context without recognition."""
    keys = gazetteer.area_keys
    found: list[str] = []
    for m in _CAPS.finditer(text):
        words = m.group(0).split()
        i = 0
        while i < len(words):
            for j in range(len(words), i, -1):
                cand = " ".join(words[i:j]).rstrip(".,")
                key = name_key(cand)
                if key in keys:
                    if not _scan_skips(key, words, j):
                        found.append(cand)
                    i = j
                    break
                if j - i >= 2 and gazetteer.has_key(key):
                    # A longer place name ("Tal Afar") hides the areas inside it ("Afar").
                    i = j
                    break
            else:
                i += 1
    return found


#: Head words that make a capitalised run the name of a street, a building or a site named
#: after an area ("Washington Drive", "Texas Avenue", "Ohio Hall"): the area is not named.
_STREET_HEADS = frozenset(
    ("street", "st", "drive", "dr", "avenue", "ave", "road", "rd", "boulevard", "blvd",
     "lane", "ln", "way", "highway", "hwy", "parkway", "pkwy", "square", "place", "plaza",
     "court", "terrace", "hall", "building", "tower", "hotel", "church", "school",
     "elementary", "hospital", "center", "centre", "park", "bridge", "stadium", "arena",
     "theater", "theatre", "mall")
)


def _scan_skips(key: str, words: list[str], end: int) -> bool:
    """Whether an area name found in a capitalised run is no mention of the area: a word that
    names an area only in a distant country's list of regions ("North", "Central": Cameroon's,
    Uganda's), or a name followed in its run by a street or building head ("Washington
    Drive")."""
    if key in _EMBED_NOT_ALONE:
        return True
    return end < len(words) and name_key(words[end].strip(".,")) in _STREET_HEADS


@dataclass(frozen=True)
class LocalAreas:
    """What the text says right around one name's mentions: ``contained``, the country and
    admin-1 codes of an area named right after it ("Dublin, Ohio"); ``sentence``, for each
    country named in the same sentence as a mention, the share of mentions that have it ("In
    Washington, … from the United States"); ``heads``, for each lower-case head noun after a
    mention, the share of mentions that have it ("Washington state"); ``kinds``, what the
    words around it or the other items of a list it stands in say it is (an admin-1 area, a
    country); ``holds``, the places written before it that it contains ("Buffalo, New
    York")."""

    contained: frozenset[str] = frozenset()
    sentence: dict[str, float] = field(default_factory=dict)
    heads: dict[str, float] = field(default_factory=dict)
    #: Class cues by (class, country: "" for any): "the state of Washington", "New York
    #: Governor" (("admin1", "")), a list of US states ("Oregon, New York and Ohio":
    #: ("admin1", "US")) or of countries ("Iraq, Syria and Jordan": ("country", "")). The
    #: value is 1.0 when any mention shows the cue: one sense per name per article.
    kinds: dict[tuple[str, str], float] = field(default_factory=dict)
    #: Places written right before the name as "Buffalo, New York" (the name contains them):
    #: their candidates' admin-1 codes, countries and (lat, lon, population), and a weight
    #: (1.0: any mention so written counts).
    holds: tuple[tuple[frozenset[str], frozenset[str], tuple[tuple[float, float, int], ...],
                       float], ...] = ()
    #: Capitalised runs written right after a mention as "X in Y", "X, Y" or "X near Y"
    #: ("the Palais des Nations in Geneva"): where a name the gazetteer does not know is.
    within: tuple[str, ...] = ()
    #: Whether ``contained`` comes from a description of the place ("X is a municipality in
    #: … Y"): then no candidate outside it is meant.
    described: bool = False
    #: Admin-2 codes the description names ("in Platte County, Missouri"): candidates inside
    #: one are preferred to the rest of the state.
    counties: frozenset[str] = frozenset()


def _county_codes(name: str, gazetteer: Gazetteer) -> set[str]:
    """The codes of the admin-2 areas a name exactly names ("Los Angeles County")."""
    return {m.place.admin2_code for m in gazetteer.lookup(name, limit=20)
            if m.kind == "exact" and m.place.feature_class == "admin2" and m.place.admin2_code}


def _area_codes(name: str, gazetteer: Gazetteer) -> tuple[frozenset[str], frozenset[str]]:
    """The country codes and the admin-1 codes an area name may mean ("Georgia": GE; US.GA)."""
    countries: set[str] = set()
    admin1: set[str] = set()
    for m in gazetteer.lookup(name, limit=10):
        p = m.place
        if m.kind != "exact":
            continue
        if p.feature_class == "country" and p.country:
            countries.add(p.country)
        elif p.feature_class == "admin1" and p.admin1_code:
            admin1.add(p.admin1_code)
    return frozenset(countries), frozenset(admin1)


_SENTENCE_END = re.compile(r"(?<=[a-z0-9)\]][.!?])\s+(?=[\"'“‘(]?[A-Z])|\n+")
_LEADING_THE = re.compile(r"^The\s+")
#: "Dublin, Ohio," / "Dublin, Ohio (AP)": the area must close the phrase, so that "In
#: Washington, Britain's envoy said" does not put Washington in Britain.
_CONTAINED = re.compile(
    r"\s*,\s*(?:the\s+)?([A-Z][\w’'.-]*(?:\s+(?:of\s+)?[A-Z][\w’'.-]*){0,2})"
    r"(?=\s*(?:[,;:)(\n]|[.](?:\s|$)|\s[-–—]|$))"
)
#: "X, a town in Y" / "X is a municipality in the province of Y, Z": a description of the
#: place that names the areas it lies in (up to the end of the sentence).
_DESCRIBED = re.compile(
    r"(?:\s*\([^()\n]{0,80}\))?\s*(?:,|\s+is|\s+was)\s+(?:a|an|the)\s+(?:[\w-]+\s+){0,4}?"
    r"(?:city|town|village|municipality|commune|district|county|province|region|suburb|"
    r"neighbou?rhood|settlement|community|locality|port|parish|borough|township|hamlet|"
    r"capital|state|prefecture|governorate|oblast|department|area|ward|quarter|place|barrio)"
    r"\s+(?:\([^()\n]{0,40}\)\s+)?(?:[\w-]+\s+){0,3}?(?:in|of),?\s+([^.;\n]{1,100})")
#: An area's name in a description, "of the" included ("the Democratic Republic of the
#: Congo").
_AREA_RUN = re.compile(r"[A-Z][\w’'.-]*(?:\s+(?:of\s+(?:the\s+)?|the\s+)?[A-Z][\w’'.-]*){0,4}")
_WORD_BEFORE = re.compile(r"([A-Z][\w’'.-]*)\s+$")
#: Words before a name that make it a state or province: "the state of Washington",
#: "upstate New York", "Governor of Texas".
_ADMIN1_BEFORE = re.compile(
    r"(?:\b(?:[Ss]tate|[Pp]rovince|[Cc]ommonwealth)\s+of|\b[Uu]pstate|\b[Gg]overnor\s+of"
    r"(?:\s+the\s+[Ss]tate\s+of)?)\s+(?:the\s+)?$"
)
#: … and after it: "New York Governor Andrew Cuomo", "Ohio's governor", "Texas Gov. Perry".
_ADMIN1_AFTER = re.compile(r"(?:['’]s)?\s+(?:[Gg]overnor|Gov\.)(?!\w)")
_RUN = r"[A-Z][\w’'.-]*(?:\s+(?:of\s+)?[A-Z][\w’'.-]*){0,3}"
#: The list item before a mention: "Oregon, New York", "New Jersey and New York".
_ITEM_BEFORE = re.compile(r"(" + _RUN + r")(\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or|&)\s+)$")
#: … and after it: "New York, Indiana", "Washington and Wisconsin".
_ITEM_AFTER = re.compile(r"(\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or|&)\s+)(" + _RUN + r")")
#: A place written right before a name that contains it: "Buffalo, New York".
_HELD_BEFORE = re.compile(r"(" + _RUN + r")\s*,\s*$")
#: What comes before a list item ("Ohio, Buffalo, New York" is a list, not a town and its state).
_LIST_TAIL = re.compile(r"(?:,|\band|\bor|&)\s*$")
#: A city "contains" a place of its name's candidates within this distance (km) that is
#: smaller than it ("Brooklyn, New York": the city as well as the state).
HOLD_CITY_KM = 30.0
_WORD_AFTER = re.compile(r"\s+([\w’'.-]+)")
#: A place written right after a name as its container: "the Palais des Nations in Geneva",
#: "Hotel Kyjev, Bratislava", "a camp near Mosul".
_WITHIN_AFTER = re.compile(
    r"(?:\s*,|\s+in|\s+near)\s+(?:the\s+)?(" + _RUN + r"(?:\s+capital\b)?)")
#: Lower-case head nouns read after a mention in the text; words that often follow a name
#: without being its head ("the Houston region", "a Kabul station") are left out.
_HEAD_WORDS = frozenset(
    ("airport", "airbase", "airfield", "river", "creek", "canal", "lake", "sea", "gulf",
     "ocean", "strait", "county", "province", "governorate", "state", "parish", "oblast")
)


def local_areas(
    names: Sequence[str], text: str, gazetteer: Gazetteer, weights: Weights = DEFAULT_WEIGHTS
) -> dict[str, LocalAreas]:
    """For each name (by key), what the text says around its mentions (see
    :class:`LocalAreas`). Mentions are found by exact string search; a hit inside a longer
    place name ("Mexico" in "New Mexico", "Mexico City") is not a mention."""
    bounds = [0]
    for m in _SENTENCE_END.finditer(text):
        bounds.append(m.end())
    bounds.append(len(text) + 1)
    codes_of: dict[str, tuple[frozenset[str], frozenset[str]]] = {}

    def codes(area: str) -> tuple[frozenset[str], frozenset[str]]:
        got = codes_of.get(area)
        if got is None:
            got = codes_of[area] = _area_codes(area, gazetteer)
        return got

    kinds_of: dict[str, frozenset[tuple[str, str]] | None] = {}

    def item_kind(item: str) -> frozenset[tuple[str, str]] | None:
        if item not in kinds_of:
            kinds_of[item] = _item_kind(item, gazetteer, weights)
        return kinds_of[item]

    out: dict[str, LocalAreas] = {}
    for name in dict.fromkeys(n.strip() for n in names):
        key = name_key(name)
        if not key or key in out:
            continue
        contained: set[str] = set()
        sentence: dict[str, float] = defaultdict(float)
        heads: dict[str, float] = defaultdict(float)
        kinds: dict[tuple[str, str], float] = defaultdict(float)
        holds: list[tuple[frozenset[str], frozenset[str], tuple[tuple[float, float, int], ...],
                          float]] = []
        within: list[str] = []
        defined: set[str] = set()  # areas a description of the place names
        counties: set[str] = set()  # … and the admin-2 areas it names
        n_hits = 0
        # As written, or in capitals (a dateline: "DUBLIN, Ohio (AP)").
        forms = "|".join(re.escape(f) for f in dict.fromkeys((name, name.upper())))
        pattern = re.compile(r"(?<!\w)(?:" + forms + r")(?!\w)")
        for hit in pattern.finditer(text):
            before = _WORD_BEFORE.search(text, max(0, hit.start() - 40), hit.start())
            nxt = _WORD_AFTER.match(text, hit.end())
            if before is not None and gazetteer.has_key(name_key(f"{before.group(1)} {name}")):
                continue
            if nxt is not None and nxt.group(1)[:1].isupper() and gazetteer.has_key(
                name_key(f"{name} {nxt.group(1)}")
            ):
                continue
            n_hits += 1
            if nxt is not None and nxt.group(1) in _HEAD_WORDS:
                heads[nxt.group(1)] += 1.0
            after = _CONTAINED.match(text, hit.end())
            # "Virginia, Washington, West Virginia": a list, not "Dublin, Ohio".
            in_list = text[max(0, hit.start() - 2) : hit.start()].endswith((", ", ","))
            held_in = False
            if after is not None and not in_list:
                words = after.group(1).split()
                for j in range(len(words), 0, -1):
                    countries, admin1 = codes(" ".join(words[:j]).rstrip(".,"))
                    if countries or admin1:
                        contained |= countries | admin1
                        held_in = True
                        break
            described = _DESCRIBED.match(text, hit.end()) if after is None else None
            if described is not None and not in_list:
                # "Qayyarah, a town in Nineveh province", "Goa is a municipality in the
                # province of Camarines Sur, Philippines": the areas the description names.
                for run in _AREA_RUN.finditer(described.group(1)):
                    words = _LEADING_THE.sub("", run.group(0)).rstrip(".,").split()
                    # "Southern California": the area after a direction word.
                    for k in range(len(words)):
                        countries, admin1 = codes(" ".join(words[k:]))
                        if countries or admin1:
                            defined |= countries | admin1
                            held_in = True
                            break
                    else:
                        # "in Fairfield County, Connecticut": the county, and its state when
                        # the description names none.
                        counties |= _county_codes(" ".join(words), gazetteer)
            window = text[max(0, hit.start() - 60) : hit.start()]
            if _ADMIN1_BEFORE.search(window) or _ADMIN1_AFTER.match(text, hit.end()):
                kinds[("admin1", "")] += 1.0
            for cls, country in _list_kinds(text, hit, window, held_in, item_kind):
                kinds[(cls, country)] += 1.0
            inside = _WITHIN_AFTER.match(text, hit.end())
            if inside is not None:
                within.append(_LEADING_THE.sub("", inside.group(1)).rstrip(".,"))
            held = _held_before(window, gazetteer)
            if held is not None:
                holds.append(held)
            i = bisect.bisect_right(bounds, hit.start()) - 1
            lo, hi = bounds[i], bounds[i + 1]
            around = text[lo : hit.start()] + " | " + text[hit.end() : hi]
            # Whole capitalised runs only: "Air Canada Cargo" does not name Canada.
            here: set[str] = set()
            for run in _CAPS.finditer(around):
                area = _LEADING_THE.sub("", run.group(0)).rstrip(".,")
                if name_key(area) != key and name_key(area) in gazetteer.area_keys:
                    here |= codes(area)[0]
            for code in here:
                sentence[code] += 1.0
        if counties:
            states = {c for c in defined if "." in c}
            if states:
                counties = {c for c in counties if any(c.startswith(a + ".") for a in states)}
            else:
                defined |= {c.rsplit(".", 1)[0] for c in counties}
        if defined:
            # A description ("X is a municipality in … Philippines") says which X the article
            # is about; a later "X, India" is another place of the name, mentioned in passing.
            # Its most specific areas count: "in Utah County, Utah, United States" is in Utah,
            # not anywhere in the United States.
            states = {c for c in defined if "." in c}
            nations = {c for c in defined if "." not in c}
            if nations:
                # "Santiago Province, … Chile": only the named countries' areas of the name.
                states = {c for c in states if c.split(".", 1)[0] in nations}
            contained = states | {c for c in nations
                                  if not any(a.startswith(c + ".") for a in states)}
        if n_hits and (contained or sentence or heads or kinds or holds or within):
            out[key] = LocalAreas(
                frozenset(contained),
                {c: v / n_hits for c, v in sentence.items()},
                {h: v / n_hits for h, v in heads.items()},
                {k: min(1.0, v) for k, v in kinds.items()},
                tuple(dict.fromkeys(holds)),
                tuple(dict.fromkeys(within)),
                bool(defined),
                frozenset(counties) if defined else frozenset(),
            )
    return out


def _list_kinds(
    text: str,
    hit: re.Match[str],
    window: str,
    held_in: bool,
    kind_of: Callable[[str], frozenset[tuple[str, str]] | None],
) -> set[tuple[str, str]]:
    """The class of the list items beside a mention: ("admin1", "US") when it stands among US
    states ("Oregon, New York and Ohio"), ("country", "") among countries. An item that is
    both (Georgia) says nothing; "Washington, D.C." (an area that holds the name) is no list."""
    before_items: list[str] = []
    after_items: list[str] = []
    before = _ITEM_BEFORE.search(window)
    if before is not None:
        words = before.group(1).split()
        # "Dublin, Ohio" read from Ohio is a town and its state; an item before a comma counts
        # only as part of a longer list ("Idaho, Oregon, Ohio") or before "and".
        joined_by_word = "," not in before.group(2)
        if joined_by_word or _LIST_TAIL.search(window[: before.start()]):
            before_items = [" ".join(words[i:]) for i in range(len(words))]
    after = _ITEM_AFTER.match(text, hit.end())
    # "Washington, Pennsylvania and California": an item after the name that does not close
    # the phrase as an area holding it ("Dublin, Ohio.") is the next item of a list.
    if after is not None and not held_in:
        words = after.group(2).split()
        after_items = [" ".join(words[:j]) for j in range(len(words), 0, -1)]
    out: set[tuple[str, str]] = set()
    for side in (before_items, after_items):
        for item in side:  # the longest item that is an area
            found = kind_of(item.rstrip(".,"))
            if found is not None:
                out |= found
                break
    return out


def _item_kind(name: str, gazetteer: Gazetteer, w: Weights) -> frozenset[tuple[str, str]] | None:
    """What a list item says about its neighbours: {("country", "")} for a country's name,
    {("admin1", "US")} for a US state's; an empty set for an area that is ambiguous (Georgia,
    a country and a state) or shares its name with a sizeable town inside it (Kisumu, New
    York: the list may be of towns); None when the item is no country or admin-1 area."""
    ms = [m for m in gazetteer.lookup(name, limit=20) if m.kind == "exact"]
    countries = {m.place.country for m in ms if m.place.feature_class == "country"}
    areas = [m.place for m in ms if m.place.feature_class == "admin1" and m.place.country]
    if not countries and not areas:
        return None
    if countries and areas:
        return frozenset()
    if countries:
        return frozenset({("country", "")})
    towns = [m.place for m in ms if m.place.feature_class in ("city", "village")]
    out: set[tuple[str, str]] = set()
    for a in areas:
        if any(
            t.admin1_code == a.admin1_code and t.population >= w.seat_share * a.population
            for t in towns
        ):
            return frozenset()
        out.add(("admin1", a.country or ""))
    return frozenset(out)


def _held_before(
    window: str, gazetteer: Gazetteer
) -> tuple[frozenset[str], frozenset[str], tuple[tuple[float, float, int], ...], float] | None:
    """A place written right before a mention and a comma ("Buffalo, New York"), not as an
    item of a list: its candidates' admin-1 codes, countries and points."""
    m = _HELD_BEFORE.search(window)
    if m is None or _LIST_TAIL.search(window[: m.start()]):
        return None
    words = m.group(1).split()
    for i in range(len(words)):
        ms = [x for x in gazetteer.lookup(" ".join(words[i:]), limit=20) if x.kind == "exact"]
        ms = [x for x in ms if x.place.feature_class in _HELD_CLASSES]
        if ms:
            return (
                frozenset(x.place.admin1_code for x in ms if x.place.admin1_code),
                frozenset(x.place.country for x in ms if x.place.country),
                tuple((x.place.lat, x.place.lon, x.place.population) for x in ms),
                1.0,
            )
    return None


#: Places that a "Town, Area" phrase puts inside the area.
_HELD_CLASSES = ("city", "village", "admin2", "facility")


def resolve_detailed(
    names: Sequence[str],
    *,
    gazetteer: Gazetteer | None = None,
    weights: Weights = DEFAULT_WEIGHTS,
    limit: int = 60,
    context: Sequence[str] = (),
    local: dict[str, LocalAreas] | None = None,
) -> list[Resolution | None]:
    """Like :func:`resolve_names`, with scores and margins; ``context`` names (from a text
    scan) vote with weight ``Weights.text_context`` each and are not returned; ``local``
    (from :func:`local_areas`) gives each name the areas named beside its mentions."""
    gaz = gazetteer or load_gazetteer()
    w = weights
    keys = [name_key(n) for n in names]
    ctx_keys = [name_key(n) for n in context]
    unique = list(dict.fromkeys(k for k in keys + ctx_keys if k))
    first_name = {k: n for k, n in zip(ctx_keys, context, strict=True)}
    first_name.update({k: n for k, n in zip(keys, names, strict=True)})
    cands: dict[str, list[Match]] = {}
    priors: dict[str, list[float]] = {}
    seat_areas: dict[str, list[int]] = {}  # admin-1 candidates named like a town inside them
    for k in unique:
        # No fuzzy matches, and "part of the name" matches only for a well-known place inside
        # it (a country, admin-1 area, region, sea or a town of 100,000+; see embedded_place):
        # any word of the name ("Dubai World Trade Centre" → a hamlet) placed such names worse
        # than the focus fallback below (GeoWebNews -3.8 points), the restricted form better.
        ms = gaz.lookup(first_name[k], limit=limit)
        sub_key = k
        if not ms:
            # "Bank of Japan", "US Federal Reserve", "Delhi High Court": a name the gazetteer
            # does not know, with a well-known place inside it, is placed by that place.
            inner = embedded_place(first_name[k], gaz, limit=limit)
            if inner is not None:
                sub_key, ms = inner
            else:
                # "Mauritious": a misspelt country or first-level area.
                ms = misspelt_area(first_name[k], gaz)
        if ms:
            cands[k] = ms
            priors[k] = [_prior(sub_key, m, w) for m in ms]
            seat_areas[k] = [
                i
                for i in _prefer_seat(sub_key, ms, priors[k], w)
                if ms[i].place.feature_class == "admin1"
            ]
            _prefer_area(sub_key, ms, priors[k], w)
            near = local.get(k) if local else None
            if near is not None:
                _local_bonus(k, ms, priors[k], near, w)
    live = [k for k in unique if k in cands]
    # How often each name occurs: a name repeated in the article votes more.
    counts: dict[str, float] = defaultdict(float)
    for k in keys:
        counts[k] += 1.0
    for k in ctx_keys:
        counts[k] += w.text_context

    # Votes: each name spreads its weight over its candidates' countries and admin-1 areas.
    def votes(
        dists: dict[str, list[float]],
    ) -> tuple[dict[str, dict[str, float]], dict[str, dict[str, float]]]:
        by_country: dict[str, dict[str, float]] = {}
        by_admin1: dict[str, dict[str, float]] = {}
        for k in live:
            cv: dict[str, float] = defaultdict(float)
            av: dict[str, float] = defaultdict(float)
            av2: dict[str, float] = defaultdict(float)
            for m, prob in zip(cands[k], dists[k], strict=True):
                if m.place.country:
                    cv[m.place.country] += prob
                if m.place.admin1_code:
                    av[m.place.admin1_code] += prob
                if m.place.admin2_code and w.admin2_focus:
                    # Admin-2 codes ("US.TX.213") never collide with admin-1 codes ("US.TX").
                    av2[m.place.admin2_code] += prob
            by_country[k] = cv
            by_admin1[k] = {**av, **av2}
        return by_country, by_admin1

    dists = {k: _softmax(priors[k], w.temperature) for k in live}
    scores = {k: list(priors[k]) for k in live}
    picks: dict[str, Place] = {}
    for _round in range(3):
        by_country, by_admin1 = votes(dists)
        tot_c: dict[str, float] = defaultdict(float)
        tot_a: dict[str, float] = defaultdict(float)
        for k in live:
            for c, v in by_country[k].items():
                tot_c[c] += v * counts[k]
            for a, v in by_admin1[k].items():
                tot_a[a] += v * counts[k]
        n_other = max(1, len(live) - 1)
        mass = sum(counts[o] for o in live)
        for k in live:
            own_c, own_a = by_country[k], by_admin1[k]
            new: list[float] = []
            near_km: list[float] | None = None
            if picks and _round > 0:
                others = [picks[o] for o in live if o != k and o in picks]
                near_km = _nearest_km(cands[k], others)
            other_mass = mass - counts[k]
            # How sure the context is: grows with the amount of other evidence.
            certainty = 1.0 - math.exp(-other_mass / w.focus_saturation)
            # An ocean, a continent or a sea lies in no one country: it is as much "in" the
            # article's focus country as the best of the name's candidates that are, so that
            # a US article's "Pacific" is not a town in Washington for lack of a country.
            c_focus: dict[str, float] = {}
            a_focus: dict[str, float] = {}
            if len(live) > 1:
                for m in cands[k]:
                    # The support the other names give each candidate's country and admin-1.
                    for code, tot, own, focus_of in (
                            (m.place.country, tot_c, own_c, c_focus),
                            (m.place.admin1_code, tot_a, own_a, a_focus)):
                        if code and code not in focus_of:
                            support = tot[code] - own.get(code, 0.0) * counts[k]
                            focus_of[code] = _focus(support, other_mass, n_other, certainty, w)
            best_c = max(c_focus.values(), default=0.0)
            best_a = max(a_focus.values(), default=0.0)
            for i, (m, prior) in enumerate(zip(cands[k], priors[k], strict=True)):
                p = m.place
                s = prior
                if len(live) > 1 and p.country:
                    s += w.country_focus * c_focus[p.country]
                elif len(live) > 1 and p.feature_class in _SUPRANATIONAL:
                    s += w.country_focus * best_c + w.admin1_focus * best_a
                if len(live) > 1 and p.admin1_code:
                    s += w.admin1_focus * a_focus[p.admin1_code]
                if len(live) > 1 and p.admin2_code and w.admin2_focus:
                    support = tot_a[p.admin2_code] - own_a.get(p.admin2_code, 0.0) * counts[k]
                    s += w.admin2_focus * _focus(support, other_mass, n_other, certainty, w)
                if near_km is not None:
                    s += w.proximity * (1.0 - math.log1p(near_km[i]) / math.log(20039.0))
                new.append(s)
            if picks and _round > 0:
                for i in seat_areas.get(k, ()):
                    new[i] += _class_focus(cands[k][i].place, k, live, picks, w)
            scores[k] = new
        picks = {
            k: cands[k][max(range(len(scores[k])), key=scores[k].__getitem__)].place for k in live
        }
        dists = {k: _softmax(scores[k], w.temperature) for k in live}

    focus = _focus_place([picks[k] for k in keys if k in picks])
    out: list[Resolution | None] = []
    for k in keys:
        if k not in picks:
            # A name the gazetteer does not know (a street, a building, a hamlet) is in the
            # article's place written right after it ("the Palais des Nations in Geneva"), else
            # most likely in the article's focus place: a small error beats no answer.
            near = local.get(k) if local else None
            host = _host_place(near.within, picks, gaz) if near is not None else None
            place = host or focus
            out.append(Resolution(place, 0.0, 0.0, 0) if place is not None and w.fallback else None)
            continue
        ss = sorted(scores[k], reverse=True)
        margin = ss[0] - ss[1] if len(ss) > 1 else float("inf")
        near = local.get(k) if local else None
        outside_county = near is not None and near.described and len(near.counties) == 1 \
            and picks[k].admin2_code not in near.counties
        if near is not None and near.described and near.contained and (
                outside_county or not _inside(picks[k], near.contained)):
            # "Oron is a municipality in … the canton of Vaud in Switzerland", and no Oron of
            # the gazetteer lies there: the area the text puts it in (its county when it
            # names one) beats a namesake abroad, or in another county of the same state.
            county = gaz.area(next(iter(near.counties))) if len(near.counties) == 1 else None
            area = county or _container(near.contained, gaz)
            if area is not None:
                out.append(Resolution(area, 0.0, 0.0, len(cands[k])))
                continue
        out.append(Resolution(picks[k], ss[0], margin, len(cands[k])))
    return out


def _inside(place: Place, codes: frozenset[str]) -> bool:
    return bool(codes & {place.country or "", place.admin1_code or ""})


def _container(codes: frozenset[str], gazetteer: Gazetteer) -> Place | None:
    """The most specific area among ``codes`` (an admin-1 area before a country), if the
    codes agree on one country."""
    areas = [a for a in (gazetteer.area(c) for c in sorted(codes)) if a is not None]
    countries = {a.country for a in areas}
    if len(countries) != 1:
        return None
    admin1 = [a for a in areas if a.feature_class == "admin1"]
    if len(admin1) > 1:
        return None
    return admin1[0] if admin1 else areas[0]


_EMBED_STOP = frozenset(
    ("of", "the", "and", "for", "de", "des", "du", "la", "le", "on", "in", "at", "&")
)
#: Words that never stand for a place alone inside a longer name ("West Wales", "Western US").
_EMBED_NOT_ALONE = frozenset(
    ("north", "south", "east", "west", "northern", "southern", "eastern", "western", "central",
     "northeast", "northwest", "southeast", "southwest", "upper", "lower", "greater", "new",
     "old", "great", "little", "saint", "st", "san", "santa", "no", "island", "islands",
     "bay", "lake", "lakes", "centre", "center", "plateau", "park", "valley", "hills",
     "coast", "river", "city", "county", "state", "district", "province", "region", "capital")
)
_DIRECTION_PARTS = frozenset(("north", "south", "east", "west", "central"))
#: An adjective of place stands for it only in an institution's name ("European Central
#: Bank", "Russian Embassy"), not in a place's own ("French Quarter").
_INSTITUTION_WORDS = frozenset(
    ("bank", "union", "council", "commission", "court", "parliament",
     "government", "ministry", "army", "navy", "police", "agency", "authority", "academy",
     "institute", "university", "federation", "association", "league", "congress", "senate")
)
#: A state's posts abroad: "the Russian Embassy" is in Washington, not in Russia, so the
#: country its name carries says nothing of where it is.
_ABROAD_WORDS = frozenset(("embassy", "embassies", "consulate", "consulates", "legation"))
#: Classes that make a place inside a longer unknown name well known enough to stand for it.
_EMBED_AREAS = ("country", "admin1", "region", "water")
#: … and a town of at least this population.
EMBED_MIN_POPULATION = 100_000
#: … or, for a name of two or more words ("Kendale Lakes Elementary School"), this much.
EMBED_MIN_MULTIWORD_POPULATION = 10_000


def embedded_place(
    name: str, gazetteer: Gazetteer, *, limit: int = 60
) -> tuple[str, list[Match]] | None:
    """The key and candidates of a well-known place written inside a longer name that the
    gazetteer does not know: "Bank of Japan" → Japan, "US Federal Reserve" → US, "Delhi High
    Court" → Delhi, "European Central Bank" → Europe (by its demonym).

    Sub-spans of whole capitalised words are tried longest first, then leftmost; one counts
    when it names a country, an admin-1 area, a region or a sea exactly (or by demonym), or a
    town of :data:`EMBED_MIN_POPULATION` or more. Anything else ("Northwestern Memorial
    Hospital", a street) returns None and is left to the caller's fallback."""
    words = name.split()
    if len(words) < 2 or any(w.lower().strip(",.;:()") in _ABROAD_WORDS for w in words):
        return None
    for size in range(len(words) - 1, 0, -1):
        for i in range(len(words) - size + 1):
            span = words[i : i + size]
            if span[0].lower() in _EMBED_STOP or span[-1].lower() in _EMBED_STOP:
                continue
            if not span[0][:1].isupper():
                continue
            sub = " ".join(span).strip(",.;:()")
            key = name_key(sub)
            if set(key.split()) <= _DIRECTION_PARTS:  # "South West England"
                continue
            if size == 1 and (key in _EMBED_NOT_ALONE or (len(key) < 3 and not sub.isupper())):
                continue  # "West Wales", "Platte Co."
            rest = {name_key(x) for x in words[:i] + words[i + size :]}
            ms = [m for m in gazetteer.lookup(sub, limit=limit) if m.kind in ("exact", "demonym")]
            if size == 1 and sub.isupper() and len(key) <= 3:
                # Initials stand for a country ("US", "UK") but rarely for anything else.
                ms = [m for m in ms if m.place.feature_class == "country"]
            if any(m.kind == "demonym" for m in ms) and not rest & _INSTITUTION_WORDS:
                continue
            if any(
                m.kind == "demonym"
                # a name of two or more words inside a longer one, if not a hamlet's
                or (size > 1 and m.place.population >= EMBED_MIN_MULTIWORD_POPULATION)
                or m.place.feature_class in _EMBED_AREAS
                or (
                    m.place.feature_class == "city"
                    and m.place.population >= EMBED_MIN_POPULATION
                )
                for m in ms
            ):
                return key, ms
    return None


#: A misspelling must be this close to an area's name (rapidfuzz ratio, 0–100) …
MISSPELT_MIN_SCORE = 90.0
#: … and classes a misspelt name may stand for: only well-known areas, whose names a reader
#: recognises misspelt (a close match to a town's name is more often another town).
_MISSPELT_CLASSES = ("country", "admin1")


def misspelt_area(name: str, gazetteer: Gazetteer) -> list[Match]:
    """The country or admin-1 area an unknown name misspells ("Mauritious" → Mauritius), as
    fuzzy matches (empty when none is close enough: names of 6+ letters only). Only the
    names of countries and admin-1 areas are compared, not the whole gazetteer: a few
    thousand keys, so an unknown name costs microseconds, not milliseconds."""
    from rapidfuzz import fuzz, process

    key = name_key(name)
    if len(key) < 6 or gazetteer.lookup(name, limit=1):
        return []
    hits = process.extract(key, gazetteer.sorted_area_keys, scorer=fuzz.ratio,
                           score_cutoff=MISSPELT_MIN_SCORE, limit=10)
    out: list[Match] = []
    seen: set[str] = set()
    for found, score, _ in hits:
        for m in gazetteer.lookup(found, limit=20):
            if m.place.feature_class in _MISSPELT_CLASSES and m.place.id not in seen:
                seen.add(m.place.id)
                out.append(Match(m.place, "fuzzy", float(score)))
    out.sort(key=lambda m: (-m.score, -m.place.population))
    return out


#: Classes whose country-less rows (oceans, seas, continents, world regions) span countries.
_SUPRANATIONAL = ("water", "region")

#: Classes a country named beside the name can place: towns and areas, not physical features
#: (a sea or a river named with a country is no more in it).
_LOCAL_BONUS_CLASSES = ("admin1", "admin2", "city", "village")


def _local_bonus(
    key: str, ms: list[Match], priors: list[float], near: LocalAreas, w: Weights
) -> None:
    """Text evidence around the name's mentions: a head noun after it ("Washington state")
    helps the candidates of that class; an area named right after it ("Dublin, Ohio") helps
    the candidates inside it, a country named in the same sentence less so."""
    for i, m in enumerate(ms):
        p = m.place
        for head, share in near.heads.items():
            if f" {head} " not in f" {key} ":
                priors[i] += w.text_head * share * _head_bonus(f"{key} {head}", p, w)
        for (cls, code), share in near.kinds.items():
            if p.feature_class == cls and (not code or p.country == code):
                priors[i] += w.kind_cue * share
        for admin1s, codes, points, share in near.holds:
            if _holds(p, admin1s, codes, points):
                priors[i] += w.holds * share
        if p.feature_class not in _LOCAL_BONUS_CLASSES:
            continue
        # Only areas that contain the candidate count: a country or admin-1 area named beside
        # another one of its rank is a sibling ("Oregon and Wisconsin"), not a container.
        country = {p.country} if p.country else set()
        within = set(country)
        if p.feature_class != "admin1" and p.admin1_code:
            within.add(p.admin1_code)
        if within & near.contained:
            priors[i] += w.contained
            if p.admin2_code and p.admin2_code in near.counties:
                priors[i] += w.contained
        elif p.country:
            priors[i] += w.local_area * near.sentence.get(p.country, 0.0)


def _holds(
    p: Place,
    admin1s: frozenset[str],
    countries: frozenset[str],
    points: tuple[tuple[float, float, int], ...],
) -> bool:
    """Whether a candidate can contain a place written before it ("Buffalo, New York"): an
    admin-1 area or country that one of the place's candidates is in, or a city or district
    with a smaller one of them within :data:`HOLD_CITY_KM` ("Brooklyn, New York")."""
    if p.feature_class == "admin1":
        return p.admin1_code in admin1s
    if p.feature_class == "country":
        return p.country in countries
    if p.feature_class in ("city", "admin2"):
        return any(
            pop < p.population and float(haversine_km(p.lat, p.lon, lat, lon)) <= HOLD_CITY_KM
            for lat, lon, pop in points
        )
    return False


_LOCAL_CLASSES = ("city", "village", "admin2", "facility")


def _host_place(within: tuple[str, ...], picks: dict[str, Place],
                gazetteer: Gazetteer | None = None) -> Place | None:
    """The article's place that an unknown name is written in ("X in Geneva", "X, Geneva"):
    the first run after a mention whose longest leading words are a name the article
    resolved, or a country's capital ("the Russian Embassy in the U.S. capital")."""
    for run in within:
        if gazetteer is not None and run.endswith(" capital"):
            country = gazetteer.country_named(run.removesuffix(" capital"))
            capital = gazetteer.capital_of(country) if country else None
            if capital is not None:
                return capital
            continue
        words = run.split()
        for j in range(len(words), 0, -1):
            got = picks.get(name_key(" ".join(words[:j])))
            if got is not None:
                return got
    return None


def _focus_place(places: list[Place]) -> Place | None:
    """The article's focus: its most mentioned local place (city, village, district), else its
    most mentioned place of any class; ties go to the first mentioned."""
    if not places:
        return None
    local = [p for p in places if p.feature_class in _LOCAL_CLASSES] or places
    counts: dict[str, int] = defaultdict(int)
    for p in local:
        counts[p.id] += 1
    best = max(counts.values())
    return next(p for p in local if counts[p.id] == best)


def _nearest_km(cands: list[Match], others: list[Place]) -> list[float] | None:
    """For each candidate, the distance to the nearest of the other names' picks (one
    vectorised haversine over the candidate × pick grid)."""
    if not others:
        return None
    lat1 = np.array([m.place.lat for m in cands])[:, None]
    lon1 = np.array([m.place.lon for m in cands])[:, None]
    lat2 = np.array([o.lat for o in others])[None, :]
    lon2 = np.array([o.lon for o in others])[None, :]
    dist = haversine_km(lat1, lon1, lat2, lon2)
    return [float(d) for d in dist.min(axis=1)]
