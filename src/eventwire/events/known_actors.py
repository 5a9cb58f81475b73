"""Known actors: named people, organisations and armed groups with a country and sector.

A reader knows that Putin is Russian and Kofi Annan spoke for the UN; a sentence rarely says
so. The knowledge comes from the Phoenix actor dictionaries of the Open Event Data Alliance
(MIT licence; see ``data/events/LICENSES.md``), compiled by
``scripts/build_actor_dictionary.py`` into ``data/events/phoenix_actors.tsv.gz``: one row per
name variant and role, with the dates the role was held, so "President Clinton" in a 1995
report is the US government and in 2005 a former president.
"""

from __future__ import annotations

import gzip
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from importlib.resources import files
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Span

__all__ = ["KnownActor", "known_actor", "lookup_name"]

#: Longest name, in words, worth looking up.
_MAX_WORDS = 6


@dataclass(frozen=True)
class KnownActor:
    """What the dictionary says about a name at a date."""

    name: str
    country: str | None
    sector: str | None


@dataclass(frozen=True)
class _Role:
    country: str | None
    sector: str | None
    start: date | None
    end: date | None


def _date(text: str) -> date | None:
    return date.fromisoformat(text) if text else None


@lru_cache(maxsize=1)
def _dictionary() -> dict[str, tuple[_Role, ...]]:
    path = files("eventwire").joinpath("data", "events", "phoenix_actors.tsv.gz")
    table: dict[str, list[_Role]] = {}
    with gzip.open(str(path), "rt", encoding="utf-8") as fh:
        for line in fh:
            if line.startswith("#"):
                continue
            name, country, sector, start, end = line.rstrip("\n").split("\t")
            table.setdefault(name, []).append(
                _Role(country or None, sector or None, _date(start), _date(end)))
    return {k: tuple(v) for k, v in table.items()}


def _normalise(text: str) -> str:
    text = text.replace("’", "'").replace("`", "'")
    return " ".join(text.lower().replace("'s ", " ").removesuffix("'s").split())


def _pick(roles: tuple[_Role, ...], as_of: date | None) -> KnownActor | None:
    """The role held at ``as_of``; else the undated role; else the latest one."""
    countries = {r.country for r in roles}
    if len(countries) > 1 and as_of is None:
        return None  # a name shared by people of several countries, and no date to choose
    if as_of is not None:
        held = [r for r in roles if (r.start or r.end)
                and (r.start is None or r.start <= as_of) and (r.end is None or as_of <= r.end)]
        with_sector = [r for r in held if r.sector]
        if with_sector:
            return KnownActor("", with_sector[0].country, with_sector[0].sector)
        if held:
            return KnownActor("", held[0].country, None)
    undated = [r for r in roles if r.start is None and r.end is None]
    if undated:
        if len({r.country for r in undated}) > 1:
            return None
        sectors = [r.sector for r in undated if r.sector]
        return KnownActor("", undated[0].country, sectors[0] if sectors else None)
    latest = max(roles, key=lambda r: r.end or date.max)
    return KnownActor("", latest.country, None)


#: Similarity (rapidfuzz ratio, 0-100) at which a person's full name is taken as a misspelling
#: of a known name with the same first word ("Francois Mitterand" → Mitterrand).
FUZZY_MIN = 92


@lru_cache(maxsize=1)
def _by_first_word() -> dict[str, tuple[str, ...]]:
    index: dict[str, list[str]] = {}
    for name in _dictionary():
        words = name.split()
        if len(words) >= 2:
            index.setdefault(words[0], []).append(name)
    return {k: tuple(v) for k, v in index.items()}


def _fuzzy(key: str) -> str | None:
    from rapidfuzz import fuzz, process

    words = key.split()
    if len(words) < 2 or len(key) < 10:
        return None
    found = process.extractOne(key, _by_first_word().get(words[0], ()), scorer=fuzz.ratio,
                               score_cutoff=FUZZY_MIN)
    return str(found[0]) if found else None


def lookup_name(name: str, as_of: date | None = None) -> KnownActor | None:
    """The dictionary's reading of a whole name ("Vladimir Putin", "UN"), or ``None``."""
    key = _normalise(name)
    roles = _dictionary().get(key)
    if not roles:
        return None
    found = _pick(roles, as_of)
    return KnownActor(key, found.country, found.sector) if found else None


def known_actor(span: Span, as_of: date | None = None) -> KnownActor | None:
    """The longest known name inside a noun phrase ("Ousted President Askar Akayev").

    One-word names count only when the word is a proper noun, so that a dictionary name that
    is also a common word does not turn a phrase into an actor."""
    words = [t for t in span if not t.is_punct or t.text in ("-", ".", "'")]
    table = _dictionary()
    for n in range(min(_MAX_WORDS, len(words)), 0, -1):
        for i in range(len(words) - n + 1):
            gram = words[i:i + n]
            if n == 1 and (gram[0].pos_ != "PROPN" or not gram[0].text[:1].isupper()):
                continue
            if gram[-1].i - gram[0].i != n - 1:
                continue  # not contiguous
            key = _normalise(span.doc[gram[0].i:gram[-1].i + 1].text)
            roles = table.get(key)
            if roles:
                found = _pick(roles, as_of)
                if found is not None:
                    return KnownActor(key, found.country, found.sector)
    for ent in span.ents:
        # A person's name spelt differently from the dictionary's ("Mitterand").
        if ent.label_ == "PERSON" and len(ent) >= 2:
            near = _fuzzy(_normalise(ent.text))
            found = _pick(table[near], as_of) if near else None
            if near and found is not None:
                return KnownActor(near, found.country, found.sector)
    return None
