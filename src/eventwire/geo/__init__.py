"""Places: recognise toponyms in the parse and resolve them against the packaged gazetteer.

Recognition, in order (each span keeps the rule that found it, for the evidence view):

1. spaCy's GPE / LOC / FAC entities (never NORP: "Iraqi" is a nationality, not a place);
2. proper-noun runs spaCy calls a PERSON or ORG, or misses, when the context says *place*:
   a head noun after them ("Qayyarah district", "al-Qa'im base", "K1 camps", "the Tigris
   river"), a coordination with a recognised place ("provinces of Kirkuk and Nineveh"), or a
   locative frame ("village of Abu Ghaddur", "near X", "east of X");
3. a hyphenated pair of places is two places ("the Iraq-Syria border").

Common words are never names: a span must hold a capitalised, non-stop-word token.

Resolution: all names of the article together through
:func:`eventwire.gazetteer.resolve.resolve_detailed` (population and feature class with the
head noun as a hint, the article's country and admin-1 focus, proximity, one sense per name),
with the article's own country/admin names and demonyms as context. Each mention gets the
place's id, class, coordinates, admin-1 and country, and a confidence from the score margin.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from eventwire.model import Mention, MentionKind, SegmentKind

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

    from eventwire.pipeline import AnalysisContext

__all__ = ["PlaceStage", "find_toponyms"]

STAGE = "places"
#: Head nouns that say the name before them is a place, with the feature class they suggest.
HEAD_NOUNS = {
    "province": "admin1", "governorate": "admin1", "state": "admin1", "region": "admin1",
    "oblast": "admin1", "prefecture": "admin1", "district": "admin2", "county": "admin2",
    "municipality": "admin2", "city": "city", "town": "city", "village": "village",
    "base": "facility", "camp": "facility", "airport": "facility", "airbase": "facility",
    "air base": "facility", "airfield": "facility", "border": "country", "river": "river",
    "valley": "region", "mountains": "region", "desert": "region", "crossing": "facility",
}
#: Admin head nouns are passed to the resolver with the name ("Kirkuk province"), so that it
#: prefers the area to the town of the same name.
ADMIN_HEADS = {"province", "governorate", "state", "region", "oblast", "prefecture",
               "district", "county", "municipality"}
LOCATIVE_BEFORE = {"in", "near", "at", "from", "to", "into", "outside", "inside", "across",
                   "toward", "towards", "around", "through", "of"}
DIRECTION_WORDS = {"north", "south", "east", "west", "northeast", "northwest", "southeast",
                   "southwest", "northern", "southern", "eastern", "western", "central"}
FRAME_NOUNS = {"village", "town", "city", "province", "region", "district", "governorate",
               "capital", "outskirts", "area", "suburb", "port"}


#: Capitalised common words that are places somewhere ("Act", "Region", "University") but, as
#: a single word found only by a cue, are almost never meant as one.
GENERIC_WORDS = {"university", "army", "region", "act", "inc", "court", "city", "state",
                 "county", "government", "ministry", "police", "party", "council", "department",
                 "school", "hospital", "church", "street", "road", "station", "company",
                 "group", "news", "center", "centre", "office", "house", "senate", "congress",
                 "parliament", "union", "bank", "district", "province", "republic", "kingdom",
                 "federal", "national", "international", "west", "east", "north", "south"}


@dataclass(frozen=True)
class Toponym:
    """A recognised place name: offsets in the analysed segment's doc, and why."""

    start: int  # character offset in the doc
    end: int
    text: str
    rule: str
    head: str | None = None  # head noun after the name ("province", "base")


def _capitalised(tokens: list[Token]) -> bool:
    # "Qa’im" is not is_alpha (the apostrophe), "K1" has a digit: a capital letter and a
    # letter somewhere is what makes a name here.
    return any(
        t.text[:1].isupper() and any(ch.isalpha() for ch in t.text) and not t.is_stop
        for t in tokens
    )


def _head_after(doc: Doc, end_tok: int) -> str | None:
    if end_tok >= len(doc):
        return None
    nxt = doc[end_tok]
    two = f"{nxt.lower_} {doc[end_tok + 1].lower_}" if end_tok + 1 < len(doc) else ""
    if two in HEAD_NOUNS:
        return two
    lemma = nxt.lemma_.lower()
    return lemma if lemma in HEAD_NOUNS and nxt.pos_ in ("NOUN", "PROPN") else None


def _locative_frame(doc: Doc, start_tok: int) -> str | None:
    """"village of X", "east of X" (a strong frame); "near X", "in X" (a weak one)."""
    if start_tok == 0:
        return None
    prev = doc[start_tok - 1]
    if prev.lower_ in ("the",) and start_tok >= 2:
        prev = doc[start_tok - 2]
    if prev.lower_ == "of" and prev.i >= 1:
        before = doc[prev.i - 1]
        return "strong" if before.lemma_.lower() in FRAME_NOUNS | DIRECTION_WORDS else None
    return "weak" if prev.lower_ in LOCATIVE_BEFORE - {"of", "to"} else None


#: Bare direction words are not places ("the West", "the North"), even when tagged LOC.
_DIRECTIONS_ALONE = {"west", "east", "north", "south", "the west", "the east", "the north",
                     "the south"}
#: A name the gazetteer knows as a country or first-level area, or a city this large, is a
#: place even without a cue (spaCy misses "Georgia's", "to Tianjin").
MIN_CUELESS_POPULATION = 100_000


def _known_area(name: str, gaz: Any) -> bool:
    if gaz is None:
        return False
    for m in gaz.lookup(name, limit=5):
        if m.kind not in ("exact",):
            continue
        p = m.place
        if p.feature_class in ("country", "admin1") or (
            p.feature_class in ("city", "region") and p.population >= MIN_CUELESS_POPULATION
        ):
            return True
    return False


#: Words before a name that make it a person's ("President Jackson", "Mrs. Florence").
_TITLES = {"mr", "mrs", "ms", "dr", "president", "senator", "sen", "gov", "governor", "judge",
           "minister", "general", "gen", "sir", "lady", "lord", "rep", "coach", "officer"}


def _named_person(doc: Doc, word: str) -> bool:
    """Whether the text names a person with this word in a longer name ("Andrew Jackson")."""
    return any(e.label_ == "PERSON" and len(e) > 1 and word in e.text.split()
               for e in doc.ents)


def _titled(doc: Doc, i: int) -> bool:
    return i > 0 and doc[i - 1].lower_.rstrip(".") in _TITLES


def _is_country(name: str, gaz: Any) -> bool:
    return gaz is not None and any(
        m.kind == "exact" and m.place.feature_class == "country" for m in gaz.lookup(name, limit=5)
    )


def find_toponyms(doc: Doc, gaz: Any = None, *, headline: bool = False) -> list[Toponym]:
    """Recognise place names in one parsed segment (see the module doc for the rules).

    ``gaz`` (the gazetteer) enables the cue-less rule for well-known areas and the hyphen
    split; ``headline`` turns off the cue rules in title-cased text, where every word looks
    like a name."""
    found: list[Toponym] = []
    taken: set[int] = set()

    def add(start_tok: int, end_tok: int, rule: str) -> None:
        toks = list(doc[start_tok:end_tok])
        while toks and toks[0].lower_ == "the":
            toks = toks[1:]
        if not toks or not _capitalised(toks):
            return
        if any(t.i in taken for t in toks):
            return
        span = doc[toks[0].i:toks[-1].i + 1]
        if span.text.lower() in _DIRECTIONS_ALONE:
            return
        head = _head_after(doc, span.end)
        # "Iraq-Syria": two countries joined by a hyphen ("Kabardino-Balkaria" is one name).
        parts = span.text.split("-")
        if len(parts) == 2 and all(_is_country(p, gaz) for p in parts):
            first_end = span.start_char + len(parts[0])
            found.append(Toponym(span.start_char, first_end, parts[0], rule + "+hyphen", head))
            found.append(Toponym(first_end + 1, span.end_char, parts[1], rule + "+hyphen", head))
        else:
            found.append(Toponym(span.start_char, span.end_char, span.text, rule, head))
        taken.update(t.i for t in toks)

    # A one-word "place" that the text also uses inside a person's name ("Pawlenty" after
    # "Tim Pawlenty") is that person.
    place_ents = [e for e in doc.ents if e.label_ in ("GPE", "LOC", "FAC")
                  and not (len(e) == 1 and _named_person(doc, e.text))]
    for ent in place_ents:
        add(ent.start, ent.end, f"ner:{ent.label_}")
    recognised = {t.i for e in place_ents for t in e}
    # Proper-noun runs with a place cue (spaCy often calls them PERSON or ORG).
    i = 0
    while i < len(doc):
        tok = doc[i]
        if i in taken or not _name_token(tok):
            i += 1
            continue
        j = i
        while j + 1 < len(doc) and (_name_token(doc[j + 1]) or (
            doc[j + 1].text == "-" and j + 2 < len(doc) and _name_token(doc[j + 2])
            and doc[j + 1].whitespace_ == "")):
            j += 1
        end = j + 1
        cue = None
        person = any(t.ent_type_ == "PERSON" for t in doc[i:end])
        if headline:
            # In title case every word looks like a name: only country names count, looked
            # up word by word ("Georgia Arrests Opposition Members").
            k = i
            while k < end:
                for n in (3, 2, 1):
                    if k + n <= end and _is_country(doc[k:k + n].text, gaz):
                        add(k, k + n, "cue:country name in a headline")
                        k += n - 1
                        break
                k += 1
            cue = None
        elif _head_after(doc, end):
            cue = "head noun"
        elif any(c.i in recognised for c in doc[i:end].root.conjuncts) or (
            doc[i:end].root.dep_ == "conj" and doc[i:end].root.head.i in recognised
        ):
            cue = "coordinated with a place"
        elif _locative_frame(doc, i) == "strong":
            cue = "locative frame"  # "the village of X", "east of X", whatever NER said
        elif person and end - i == 1 and _known_area(tok.text, gaz) \
                and not _named_person(doc, tok.text) and not _titled(doc, i):
            cue = "gazetteer area"  # NER called a well-known place ("Alexandria") a person
        elif person:
            cue = None  # otherwise a person's name is not a place ("Li", "Saakashvili")
        elif _locative_frame(doc, i):
            cue = "locative frame"
        elif not any(t.ent_type_ in ("ORG", "PERSON") for t in doc[i:end]) \
                and _known_area(doc[i:end].text, gaz):
            cue = "gazetteer area"
        generic = end - i == 1 and tok.lower_.rstrip(".") in GENERIC_WORDS
        if cue and not generic and doc[i].ent_type_ not in ("DATE", "TIME", "NORP"):
            add(i, end, f"cue:{cue}")
        i = end
    return sorted(found, key=lambda t: t.start)


def _name_token(tok: Token) -> bool:
    if tok.pos_ != "PROPN" and not (tok.text[:1].isupper() and any(c.isdigit() for c in tok.text)):
        return False
    return tok.ent_type_ not in ("DATE", "TIME", "CARDINAL", "NORP", "ORDINAL")


_RELATIVE = re.compile(
    r"^,?\s*(?:(?:about|some|around|roughly)\s+)?(?:(?P<dist>\d+(?:\.\d+)?)\s*"
    r"(?P<unit>km|kilometers|kilometres|miles|mi)\s+(?:\([^)]*\)\s+)?)?"
    r"(?P<dir>north|south|east|west|northeast|northwest|southeast|southwest|north-east|"
    r"north-west|south-east|south-west)\s+of\s+(?:the\s+)?$",
    re.IGNORECASE,
)
_BEARING = {"north": 0, "northeast": 45, "north-east": 45, "east": 90, "southeast": 135,
            "south-east": 135, "south": 180, "southwest": 225, "south-west": 225, "west": 270,
            "northwest": 315, "north-west": 315}
#: Where "X, east of Y" gives no distance, X is placed this far from Y.
DEFAULT_OFFSET_KM = 15.0


def _offset(lat: float, lon: float, km: float, bearing_deg: float) -> tuple[float, float]:
    b = math.radians(bearing_deg)
    dlat = km * math.cos(b) / 111.2
    dlon = km * math.sin(b) / (111.2 * max(0.1, math.cos(math.radians(lat))))
    return lat + dlat, lon + dlon


def _dateline_places(ps: Any, dateline: str | None, known: list[Toponym]) -> list[Toponym]:
    """"TBILISI, Georgia --": the places of the dateline that opens this paragraph."""
    if not dateline or not ps.segment.text.startswith(dateline):
        return []
    out = []
    pos = 0
    for part in re.split(r",", re.sub(r"\s*(?:\(.*?\))?\s*(?:--|—|–|-)\s*$", "", dateline)):
        name = part.strip()
        start = dateline.find(name, pos) if name else -1
        if start < 0 or not name[:1].isupper():
            continue
        pos = start + len(name)
        if any(t.start <= start < t.end for t in known):
            continue
        out.append(Toponym(start, start + len(name), name, "dateline"))
    return out


class PlaceStage:
    """Recognise and resolve toponyms (``mentions.place``)."""

    name = STAGE
    requires: tuple[str, ...] = ("parsed",)
    assigns: tuple[str, ...] = ("mentions.place",)

    def __call__(self, ctx: AnalysisContext) -> None:
        from eventwire.gazetteer import load_gazetteer

        gaz = load_gazetteer()
        found: list[tuple[int, Toponym, SegmentKind]] = []  # (segment offset, toponym, kind)
        for ps in ctx.parsed:
            headline = ps.segment.kind in (SegmentKind.TITLE, SegmentKind.SUBTITLE)
            tops = find_toponyms(ps.doc, gaz, headline=headline)
            tops += _dateline_places(ps, ctx.article.dateline, tops)
            for top in sorted(tops, key=lambda t: t.start):
                found.append((ps.offset, top, ps.segment.kind))
        if found:
            self._named_places(ctx, found, gaz)
        for ps in ctx.parsed:
            self._capitals(ctx, ps, gaz)

    def _named_places(self, ctx: AnalysisContext, found: list[tuple[int, Toponym, SegmentKind]],
                      gaz: Any) -> None:
        from eventwire.gazetteer.resolve import local_areas, resolve_detailed, scan_area_names

        names = [
            f"{top.text} {top.head}" if top.head in ADMIN_HEADS else top.text
            for _, top, _ in found
        ]
        analysed = "\n".join(ps.segment.text for ps in ctx.parsed)
        resolutions = resolve_detailed(names, gazetteer=gaz,
                                       context=scan_area_names(analysed, gaz),
                                       local=local_areas(names, analysed, gaz))
        placed = self._relative_places(ctx, found, resolutions, gaz)
        for n, ((offset, top, segment), res) in enumerate(zip(found, resolutions, strict=True)):
            attrs: dict[str, object] = {"rule": top.rule}
            if n in placed:
                lat, lon, radius, anchor = placed[n]
                attrs.update({"relative_to": anchor, "radius_km": radius})
                ctx.mentions.append(Mention(
                    article_id=ctx.article.id, kind=MentionKind.PLACE, label="village",
                    start=offset + top.start, end=offset + top.end, text=top.text,
                    segment=segment, stage=STAGE, confidence=0.5, normalized=top.text,
                    lat=lat, lon=lon, country=res.place.country if res else None,
                    attributes=attrs,
                ))
                continue
            if top.head:
                attrs["head_noun"] = top.head
            if res is None:
                ctx.mentions.append(Mention(
                    article_id=ctx.article.id, kind=MentionKind.PLACE, label="unresolved",
                    start=offset + top.start, end=offset + top.end, text=top.text,
                    segment=segment, stage=STAGE, confidence=0.3, normalized=top.text,
                    attributes=attrs,
                ))
                continue
            place = res.place
            attrs.update({
                "gazetteer_id": place.id, "feature_class": place.feature_class,
                "admin1": place.admin1_name, "population": place.population,
                "candidates": res.n_candidates,
                "margin": None if math.isinf(res.margin) else round(res.margin, 3),
            })
            margin = res.margin if math.isfinite(res.margin) else 10.0
            ctx.mentions.append(Mention(
                article_id=ctx.article.id, kind=MentionKind.PLACE, label=place.feature_class,
                start=offset + top.start, end=offset + top.end, text=top.text,
                segment=segment, stage=STAGE,
                confidence=round(min(0.95, max(0.3, 1 - math.exp(-margin))), 3),
                normalized=place.name, lat=place.lat, lon=place.lon, country=place.country,
                attributes=attrs,
            ))

    @staticmethod
    def _capitals(ctx: AnalysisContext, ps: Any, gaz: Any) -> None:
        """"The Syrian capital", "the U.S. capital": the capital city of the country the
        modifier names, when the text does not name the city itself ("the Dagestani capital,
        Makhachkala" is left to the name)."""
        doc = ps.doc
        taken = {(m.start, m.end) for m in ctx.mentions if m.kind is MentionKind.PLACE}
        for tok in doc:
            if tok.lower_ != "capital" or tok.pos_ != "NOUN":
                continue
            mods = [c for c in tok.lefts if c.dep_ in ("compound", "amod", "poss", "nmod")]
            if not mods or any(c.dep_ == "appos" for c in tok.children):
                continue
            nxt = tok.nbor(1) if tok.i + 1 < len(doc) else None
            if nxt is not None and nxt.text == "," and tok.i + 2 < len(doc) \
                    and doc[tok.i + 2].pos_ == "PROPN":
                continue  # "the Dagestani capital, Makhachkala,"
            first = min(c.left_edge.i for c in mods)
            words = doc[first:tok.i]
            name = words.text.removesuffix("'s").removesuffix("’s").strip()
            country = gaz.country_named(name) if name else None
            capital = gaz.capital_of(country) if country else None
            if capital is None:
                continue
            start, end = ps.offset + words.start_char, ps.offset + tok.idx + len(tok.text)
            if (start, end) in taken:
                continue
            ctx.mentions.append(Mention(
                article_id=ctx.article.id, kind=MentionKind.PLACE, label="city",
                start=start, end=end, text=ctx.article.text[start:end], segment=ps.segment.kind,
                stage=STAGE, confidence=0.8, normalized=capital.name, lat=capital.lat,
                lon=capital.lon, country=capital.country,
                attributes={"rule": "cue:capital of a named country",
                            "gazetteer_id": capital.id, "feature_class": "city",
                            "admin1": capital.admin1_name, "population": capital.population},
            ))

    @staticmethod
    def _relative_places(
        ctx: AnalysisContext,
        found: list[tuple[int, Toponym, SegmentKind]],
        resolutions: list[Any],
        gaz: Any,
    ) -> dict[int, tuple[float, float, float, str]]:
        """Names the gazetteer does not know, placed by the text: "the village of X, east of
        Tal Afar" → near Tal Afar in that direction, with a radius."""
        out: dict[int, tuple[float, float, float, str]] = {}
        text = ctx.article.text
        for n, (offset, top, _) in enumerate(found):
            if gaz.lookup(top.text, limit=1):
                continue  # a known name: the resolver decides
            for m_idx in range(n + 1, min(n + 3, len(found))):
                a_off, anchor, _ = found[m_idx]
                between = text[offset + top.end:a_off + anchor.start]
                rel = _RELATIVE.match(between)
                res = resolutions[m_idx]
                if rel is None or res is None:
                    continue
                km = float(rel.group("dist")) if rel.group("dist") else DEFAULT_OFFSET_KM
                if (rel.group("unit") or "").lower() in ("miles", "mi"):
                    km *= 1.609
                lat, lon = _offset(res.place.lat, res.place.lon, km,
                                   _BEARING[rel.group("dir").lower()])
                out[n] = (round(lat, 5), round(lon, 5), max(5.0, km * 0.5), anchor.text)
                break
        return out
