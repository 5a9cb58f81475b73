"""Actors: a noun phrase → an :class:`~eventwire.model.Actor` with country, sector and code.

Resolution order, as a reader does it:

1. the phrase itself — organisation names, country names/demonyms/capitals ("Iraqi lawmakers",
   "the US-led coalition", "Lebanon's … newspaper"), role nouns for the sector;
2. the article — what earlier sentences said about a name (appositions "Adel Abdul-Mahdi, the
   former Iraqi prime minister", titles "US Secretary of State Mike Pompeo"), remembered in an
   :class:`EntityMemory` so that "Abdul-Mahdi", "his office" and "the 78-year-old politician"
   resolve to the same person;
3. defaults: a bare country is its government (its military for violent or military acts).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from eventwire.events.known_actors import known_actor
from eventwire.events.lexicon import ActorLexicon, actor_lexicon
from eventwire.model import Actor

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

__all__ = ["EntityMemory", "PersonInfo", "actor_code", "phrase_span", "resolve_actor"]

#: Dependencies that do not belong to an actor's name (relative clauses, appositive asides).
_CUT_DEPS = {"relcl", "acl", "advcl", "punct", "cc", "appos"}
_PRONOUNS = {"he", "she", "him", "her", "his", "hers", "they", "them", "their", "it", "its"}
_MILITARY_TYPES = {"ASSAULT", "MOBILIZE", "RETREAT", "COERCE"}


@dataclass
class PersonInfo:
    """What the article told us about a named person or organisation."""

    name: str
    country: str | None = None
    sector: str | None = None


@dataclass
class EntityMemory:
    """Per-article memory of names, their countries and sectors, and the last person seen."""

    people: dict[str, PersonInfo] = field(default_factory=dict)
    #: The last person named as the subject of a clause: what "he", "his office" and
    #: epithets ("the 78-year-old politician") most often refer to.
    last_person: PersonInfo | None = None
    #: Every person named, in text order, with where (the doc and the token): what a
    #: possessive ("his resignation") refers to is the last one named before it, in any role
    #: ("they plan protests to demand his resignation").
    named: list[tuple[int, int, PersonInfo]] = field(default_factory=list)
    #: The article's date: which office a known person held (the Phoenix roles are dated).
    as_of: date | None = None
    _first_names: dict[str, PersonInfo] = field(default_factory=dict)

    def named_before(self, token: Token) -> PersonInfo | None:
        """The last person named before ``token`` (earlier paragraphs, or earlier in its
        own)."""
        doc = id(token.doc)
        for where_doc, where_i, info in reversed(self.named):
            if where_doc != doc or where_i < token.i:
                return info
        return None

    def remember(self, info: PersonInfo, *, subject: bool = True,
                 at: Token | None = None) -> None:
        key = info.name.lower()
        known = self.people.get(key)
        if known:
            known.country = known.country or info.country
            known.sector = known.sector or info.sector
            info = known
        else:
            self.people[key] = info
            # The surname alone ("Abdul-Mahdi", "Pompeo") refers to the same person; so may
            # the first name where the family name comes first ("Wang" for Wang Quanzhang).
            # A last name wins over a first name that is also someone's (setdefault order).
            parts = info.name.split()
            if len(parts) > 1:
                self.people.setdefault(parts[-1].lower(), info)
                self._first_names.setdefault(parts[0].lower(), info)
        if subject:
            self.last_person = info
        if at is not None:
            self.named.append((id(at.doc), at.i, info))

    def lookup(self, name: str) -> PersonInfo | None:
        key = name.lower().removeprefix("the ").strip()
        return self.people.get(key) or self.people.get(key.split()[-1] if key else "") or (
            self._first_names.get(key) if key and " " not in key else None)


def phrase_span(token: Token) -> Span:
    """The noun phrase headed by ``token``, without relative clauses and asides."""
    doc = token.doc
    left, right = token.i, token.i
    for child in token.children:
        if child.dep_ in _CUT_DEPS:
            continue
        if child.dep_ == "prep" and child.i > token.i and any(
            t.tag_ in ("VB", "VBG", "VBZ", "VBP", "VBD") or t.dep_ == "relcl"
            for t in child.subtree
        ):
            continue  # "the government of its intention to withdraw …": not part of the name
        sub = list(child.subtree)
        left, right = min(left, sub[0].i), max(right, sub[-1].i)
    while left < token.i and doc[left].is_punct:
        left += 1
    while right > token.i and doc[right].is_punct:
        right -= 1
    return doc[left:right + 1]


def _country_of(span: Span, lex: ActorLexicon) -> str | None:
    text = span.text.lower()
    # "the US-led coalition": the leader's country.
    led = re.search(r"([\w.]+(?:\s[\w.]+)?)-led\b", text)
    if led and led.group(1) in lex.countries:
        return lex.countries[led.group(1)]
    resident = _residence(span, lex)
    if resident is not None:
        return resident
    words = [t.text.lower() for t in span]
    for n in (3, 2, 1):
        for i in range(len(words) - n + 1):
            gram = " ".join(words[i:i + n])
            if gram in lex.countries and (n > 1 or _country_token_ok(span[i])):
                return lex.countries[gram]
    return None


def _residence(span: Span, lex: ActorLexicon) -> str | None:
    """"Ethnic Albanians in south Serbia", "the Albanians of southern Serbia": a people named
    with the country they live in is coded by that country (CAMEO codes ethnic groups as
    residents: SRB + ethnicity), not by their kin state."""
    head = span.root
    ethnic = any(t.lower_ == "ethnic" for t in span) or (
        head.ent_type_ == "NORP" and (head.tag_ == "NNPS" or head.text.endswith("ians")))
    if not ethnic:
        return None
    for prep in head.children:
        if prep.dep_ != "prep" or prep.lower_ not in ("in", "of", "from"):
            continue
        for obj in prep.children:
            if obj.dep_ != "pobj":
                continue
            name = " ".join(t.lower_ for t in obj.subtree if t.ent_type_ == "GPE")
            if name in lex.countries:  # a country named as a place (GPE), not a demonym
                return lex.countries[name]
    if not any(t.lower_ == "ethnic" for t in span):
        return None
    # "Up to 100 ethnic Albanians demonstrated in Serbia", "Ethnic Albanians have sworn to
    # fight … near Macedonia's border": a people called *ethnic* lives outside its kin state,
    # in the country the sentence places them in: the place of their clause's act, else the
    # first country the sentence names that is not their kin state.
    kin = next((lex.countries[t.lower_] for t in span
                if t.lower_ in lex.countries), None)
    verb = head.head if head.dep_ == "nsubj" else None
    places = [o for p in (verb.children if verb is not None else ())
              if p.dep_ == "prep" and p.lower_ == "in" for o in p.children if o.dep_ == "pobj"]
    places += [ent.root for ent in head.sent.ents if ent.label_ == "GPE"]
    for place in places:
        name = " ".join(t.lower_ for t in place.subtree if t.ent_type_ == "GPE"
                        and not (t.dep_ == "case" or t.text == "'s"))
        country = lex.countries.get(name)
        if country is not None and country != kin:
            return country
    return None


def _country_in_name(span: Span, lex: ActorLexicon) -> bool:
    return _country_of(span, lex) is not None


def _country_token_ok(tok: Token) -> bool:
    # "us" the pronoun is not the United States.
    return not (tok.lower_ == "us" and tok.text != "US")


def _sector_of(span: Span, head: Token, lex: ActorLexicon) -> str | None:
    text = span.text.lower()
    found: list[str] = []
    for cue, sector in lex.sectors.items():
        if " " in cue and re.search(rf"\b{re.escape(cue)}(?:s|es)?\b", text):  # "rights groups"
            found.append(sector)
    for tok in span:
        if _civil_general(tok):
            continue  # "Secretary-General", "Attorney General": not a military rank
        if _opposed(tok) or tok.ent_type_ in _PLACE_ENTITIES:
            continue  # "anti-government protesters", "the West Bank": no government, no bank
        if tok.pos_ in ("NOUN", "PROPN", "ADJ"):
            for key in (tok.lemma_.lower(), tok.lower_):
                if key in lex.sectors:
                    found.append(lex.sectors[key])
    if head.lemma_.lower() in lex.sectors and not _civil_general(head):
        # The head noun decides ("military source" is a source from the military, MIL).
        found.append(lex.sectors[head.lemma_.lower()])
    if not found:
        return None
    return min(found, key=lex.sector_rank)


#: Entity types naming places: a sector word in them ("West Bank") names no party.
_PLACE_ENTITIES = {"GPE", "LOC", "FAC"}


def _opposed(tok: Token) -> bool:
    """Whether the word is what an "anti-" compound is against ("anti-government")."""
    doc = tok.doc
    return (tok.i >= 2 and doc[tok.i - 1].text == "-" and doc[tok.i - 2].lower_ == "anti") \
        or tok.lower_.startswith("anti-")


#: Participles and adjectives tying people to a body whose country is theirs ("workers
#: affiliated with the Serbian union").
_BELONGING = {"affiliate", "affiliated", "belong", "belonging", "loyal", "attach", "attached"}

_CIVIL_GENERALS = {"secretary", "attorney", "director", "inspector", "solicitor", "surgeon",
                   "auditor", "consul", "postmaster", "governor", "procurator", "advocate"}


def _civil_general(tok: Token) -> bool:
    if tok.lower_ != "general" or tok.i == 0:
        return False
    prev = tok.doc[tok.i - 1]
    if prev.text == "-" and tok.i > 1:
        prev = tok.doc[tok.i - 2]
    return prev.lower_ in _CIVIL_GENERALS


def _organisation(span: Span, lex: ActorLexicon) -> tuple[str | None, str] | None:
    text = span.text.lower().replace("’", "'")
    for name, value in lex.organisations.items():
        # The substring test first: most names are absent, and it is far cheaper than a regex.
        if name in text and re.search(rf"(?<!\w){re.escape(name)}(?!\w)", text):
            return value
    return None


def actor_code(country: str | None, sector: str | None) -> str | None:
    """CAMEO-style code: ISO alpha-3 country plus sector ("USAMIL"), or what is known of it."""
    iso3 = actor_lexicon().iso3.get(country, country) if country else ""
    return (iso3 + (sector or "")) or None


def resolve_actor(
    head: Token,
    memory: EntityMemory,
    *,
    offset: int,
    event_type: str | None = None,
    span: Span | None = None,
) -> Actor:
    """Resolve the phrase headed by ``head`` (offsets shifted by ``offset``) to an actor."""
    lex = actor_lexicon()
    span = span if span is not None else phrase_span(head)
    country = _country_of(span, lex)
    sector = _sector_of(span, head, lex)
    name: str | None = None
    org = _organisation(span, lex)
    if org:
        country = country or org[0]
        sector = sector or org[1]
    if not org and (country is None or sector is None):
        # A name a reader knows ("Askar Akayev", "Kofi Annan", "the Revolutionary United
        # Front"), or the name an apposition gives ("the main rebel group, the FDD"): the
        # role it held at the article's date.
        dictionary = known_actor(span, memory.as_of) or next(
            (k for c in head.children if c.dep_ == "appos"
             for k in [known_actor(phrase_span(c), memory.as_of)] if k is not None), None)
        if dictionary is not None:
            country = country or dictionary.country
            sector = sector or dictionary.sector
            if dictionary.sector in ("IGO", "NGO") and not _country_in_name(span, lex):
                # "U.N. Secretary-General Kofi Annan" speaks for the UN, whatever his title.
                country, sector = None, dictionary.sector
    people = [e for e in span.ents if e.label_ in ("PERSON", "ORG")]
    known = memory.lookup(head.text) if head.pos_ == "PROPN" and not people else None
    if known is not None:
        # A surname the NER missed the second time ("Doe condemned …").
        name = known.name
        country = country or known.country
        sector = sector or known.sector
    elif people:
        info = memory.lookup(people[0].text)
        if info:
            name = info.name
            country = country or info.country
            sector = sector or info.sector
        elif people[0].label_ == "PERSON":
            name = people[0].text
    elif head.lower_ in _PRONOUNS or any(t.lower_ in ("his", "her") for t in span[:1]):
        possessive = head.lower_ not in _PRONOUNS
        who = (memory.named_before(span[0]) or memory.last_person) if possessive \
            else memory.last_person
        if who:
            name = who.name
            country = country or who.country
            sector = sector or who.sector
    elif span[0].lower_ == "the" and sector and not country and memory.last_person:
        # An epithet ("the 78-year-old politician") refers back to the last person named
        # when it fits their sector.
        last = memory.last_person
        if last.sector == sector:
            name, country = last.name, last.country
    if country is None:
        # "forces led by the United States": the leader's country; "workers affiliated with
        # the Serbian Workers' Union", "militiamen loyal to …": the country of the body they
        # belong to.
        for child in head.children:
            if child.dep_ == "acl" and child.lemma_ == "lead":
                objs = [o for a in child.children if a.dep_ == "agent"
                        for o in a.children if o.dep_ == "pobj"]
                if objs:
                    country = _country_of(phrase_span(objs[0]), lex)
            elif child.dep_ in ("acl", "amod") and child.lemma_.lower() in _BELONGING:
                objs = [o for a in child.children if a.dep_ == "prep"
                        and a.lower_ in ("with", "to") for o in a.children if o.dep_ == "pobj"]
                if objs:
                    country = _country_of(phrase_span(objs[0]), lex)
            if country is not None:
                break
    if name and not sector and not org:
        # A person the article gives no office or role: a private person.
        sector = "CVL"
    if country and not sector:
        sector = "MIL" if event_type in _MILITARY_TYPES else "GOV"
    code = actor_code(country, sector)
    return Actor(
        text=span.text,
        start=offset + span.start_char,
        end=offset + span.end_char,
        name=name,
        country=country,
        sector=sector,
        code=code or None,
    )


def learn_entities(doc_span: Span, memory: EntityMemory) -> None:
    """Remember what a sentence says about the people and organisations it names:
    appositions ("X, the former Iraqi prime minister") and titles ("US Secretary of State X")."""
    lex = actor_lexicon()
    for ent in doc_span.ents:
        if ent.label_ not in ("PERSON", "ORG"):
            continue
        info = PersonInfo(name=ent.text)
        described: list[Span] = []
        root = ent.root
        for child in root.children:
            if child.dep_ == "appos":
                described.append(phrase_span(child))
        if root.dep_ == "appos":
            described.append(phrase_span(root.head))
        # "King Hassan of Morocco": the phrase the name heads says where it belongs.
        described.append(phrase_span(root))
        # Title words before the name in the same phrase ("US Secretary of State Mike Pompeo").
        start = ent.start
        while start > doc_span.start and ent.doc[start - 1].dep_ in ("compound", "amod", "nmod",
                                                                        "prep", "pobj"):
            start -= 1
        if start < ent.start:
            described.append(ent.doc[start:ent.start])
        for desc in described:
            info.country = info.country or _country_of(desc, lex)
            info.sector = info.sector or _sector_of(desc, desc.root, lex)
            org = _organisation(desc, lex)  # "the commander of the Quds Force"
            if org:
                info.country = info.country or org[0]
        org = _organisation(ent, lex)
        if org:
            info.country = info.country or org[0]
            info.sector = info.sector or org[1]
        if info.country is None or info.sector is None:
            dictionary = known_actor(ent, memory.as_of)
            if dictionary is not None:
                info.country = info.country or dictionary.country
                info.sector = info.sector or dictionary.sector
                if dictionary.sector in ("IGO", "NGO"):
                    info.sector = dictionary.sector
        if ent.label_ == "PERSON":
            head = ent.root if ent.root.dep_ != "appos" else ent.root.head
            memory.remember(info, subject=head.dep_ in ("nsubj", "nsubjpass"), at=ent.root)
        elif info.country or info.sector:
            memory.people.setdefault(info.name.lower(), info)
