"""Cross-document event coreference: which events — reported by one article or by many —
are the same real-world happening.

Many outlets report one seminal event; counting each report as an event is what inflates
event data sets built from news (GDELT's duplicates). This module groups event mentions into
clusters, one cluster per happening, from general evidence only:

* **what happened**: the trigger's lemma, conflated with its derivations and irregular forms
  (``kill``/``killing``, ``arrest``/``arrested``, ``die``/``death``/``dead``:
  :func:`lemma_key`); less, the same PLOVER type *and* mode from our lexicon ("airstrike"
  and "air raid" are both ASSAULT/aerial); the same type alone ("murder" and "shooting" are
  both ASSAULT) is weak evidence, often of two acts, and two different types count against;
* **its arguments**: shared participants (actor/target names or the names in the event's
  sentence), the same country codes, places within a radius, date intervals that overlap —
  and the reverse as evidence against (two day-precise dates a week apart, places 500 km
  apart);
* **the documents' context**: articles about the same happening name the same people, places
  and dates; an IDF-weighted cosine of the two documents' names, places, dates and words
  tells reports of one story from reports of another story of the same kind (one earthquake
  from another);
* **the sentences' context**: the IDF-weighted overlap of the words around the two triggers.

These make a log-linear pair score (:class:`CrossDocConfig` holds the weights; they were set
on the ECB+ development topics, see :mod:`eventwire.evaluation.coref`), and the clusters are
built by **average-link agglomerative clustering**: repeatedly merge the two clusters whose
mean pair probability is highest while it is at least ``threshold``. Before that, the
documents are grouped into *stories* the same way (average link on their context
similarity), and sharing a story is one more feature. Pairs that share neither a lemma key
nor a PLOVER type are never scored (probability 0), which keeps the work near-linear in
practice; the cost is quadratic only within one lemma or one type.

Determinism: profiles are sorted by id before anything is computed, ties are broken by the
clusters' smallest member ids, and no set iteration order reaches a result — the output does
not depend on the input order or on ``PYTHONHASHSEED``. Everything is a plain function of its
arguments: no global state, nothing cached to disk.

Ways in: :func:`cluster_profiles` clusters :class:`EventProfile` records however they were
built (the ECB+ evaluation builds them from gold mentions and the parse);
:func:`profiles_from_events` builds them from coded :class:`Event` records (with the mentions
and texts of their articles) and :func:`cluster_events` clusters those, never linking two
events of one article (the event stage has merged the mentions of a happening within each
article already); :func:`dedup_store` (re)computes the ``event_clusters`` table of a store.

Scale: everything is held in memory and the pair work is quadratic within one lemma key or
one type — fine for thousands of events; a store of millions would need windowing by period,
which is not built.
"""

from __future__ import annotations

import heapq
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import TYPE_CHECKING, Any

from eventwire.model import Article, Event, EventCluster, EventStatus, Mention, MentionKind

if TYPE_CHECKING:
    from eventwire.store import Store

__all__ = [
    "CrossDocConfig",
    "DedupSummary",
    "EventProfile",
    "cluster_events",
    "cluster_profiles",
    "content_words",
    "dedup_store",
    "document_features",
    "document_similarities",
    "lemma_key",
    "lexicon_type",
    "name_keys",
    "pair_features",
    "pair_probability",
    "profile_of",
    "profiles_from_events",
    "same_act",
    "same_mode",
    "scored_pairs",
    "story_clusters",
    "trigger_lemma",
]

METHOD = "crossdoc/1"

# -- lemmas -----------------------------------------------------------------------------------

#: Irregular and derivational forms that suffix stripping cannot join (English morphology,
#: not a thesaurus: a noun with the verb it is derived from, an irregular past).
_IRREGULAR = {
    "death": "die", "dead": "die", "dying": "die", "shot": "shoot", "sale": "sell",
    "sold": "sell", "bought": "buy", "won": "win", "lost": "lose", "loss": "lose",
    "fled": "flee", "hung": "hang", "struck": "strike", "caught": "catch", "stole": "steal",
    "stolen": "steal", "theft": "steal", "speech": "speak", "spoke": "speak",
    "acquisition": "acquire", "explosion": "explode", "destruction": "destroy",
    "collision": "collide", "invasion": "invade", "decision": "decide", "admission": "admit",
    "permission": "permit", "burnt": "burn", "birth": "bear", "born": "bear",
    "growth": "grow", "injury": "injure", "robbery": "rob", "burglary": "burgle",
    "departure": "depart", "failure": "fail", "choice": "choose", "proof": "prove",
    "entry": "enter", "entrance": "enter", "expulsion": "expel", "pursuit": "pursue",
    "response": "respond", "defence": "defend", "defense": "defend", "offence": "offend",
    "offense": "offend", "wed": "marry", "wedding": "marry", "marriage": "marry",
    "met": "meet", "quake": "earthquake",  # a clipping
}

_SUFFIXES = ("ations", "ation", "ates", "ated", "ate", "itions", "ition", "ments", "ment",
             "ings", "ing", "ions", "ion", "ances", "ance", "ences", "ence", "ures", "ure",
             "ees", "ee", "ers", "er", "ies", "ied", "ed", "es", "al", "s", "e", "y")
_WORD = re.compile(r"[a-z]+")


def lemma_key(lemma: str) -> str:
    """A key shared by a lemma and its derivations: ``killing``/``kill``/``killed`` → ``kil``,
    ``nomination``/``nominate``/``nominee`` → ``nomin``, ``death``/``died`` → ``di``; a
    phrasal verb keeps its particle (``check out`` → ``check out``, not ``check in``).

    Irregular forms go through a small table first, then one suffix is stripped (keeping at
    least three letters) and a doubled final consonant is undoubled."""
    words = lemma.strip().lower().split()
    if not words:
        return ""
    head = _IRREGULAR.get(words[0], words[0])
    if head.isalpha():
        for suf in _SUFFIXES:
            if head.endswith(suf) and len(head) - len(suf) >= 3:
                head = head[: -len(suf)]
                break
        if len(head) > 3 and head[-1] == head[-2] and head[-1] not in "aeiou":
            head = head[:-1]
    return " ".join([head, *words[1:]])


#: Lemmas of speech acts. "X said" in two articles is rarely one act: these corefer only when
#: their participants do (the ``reporting`` feature).
REPORTING_LEMMAS = frozenset({
    "say", "tell", "report", "announce", "state", "claim", "add", "confirm", "note", "explain",
    "write", "comment", "describe", "quote", "cite", "speak", "reveal", "insist", "declare",
    "disclose", "acknowledge", "argue", "mention", "post", "tweet", "statement", "remark",
    "interview", "ask",
})


def lexicon_type(lemma: str, pos: str | None = None) -> str | None:
    """The PLOVER type our event lexicon gives a bare trigger lemma (a cue that needs a
    particle, a modifier or an object does not count), or None."""
    from eventwire.events.lexicon import event_lexicon

    lex = event_lexicon()
    tables = ([lex.verbs] if pos == "VERB" else [lex.nouns] if pos in ("NOUN", "PROPN")
              else [lex.verbs, lex.nouns])
    for table in tables:
        for type_name, extra in table.get(lemma.lower(), []):
            if extra is None:
                return type_name
    return None


# -- profiles ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class EventProfile:
    """What the clusterer knows of one event mention."""

    id: str
    doc: str  # the article (document) it comes from
    lemma: str  # the trigger's head lemma, lower case ("" when unknown)
    type: str | None = None  # PLOVER type
    mode: str | None = None  # the type's mode (ASSAULT/aerial, CONSULT/phone call), if coded
    pos: str | None = None  # VERB / NOUN / … of the trigger head, when known
    #: normalised names of the event's participants (actor, target, names in its clause)
    participants: frozenset[str] = frozenset()
    countries: frozenset[str] = frozenset()  # ISO alpha-2 codes of participants and places
    #: (lat, lon, radius km) of the event's places
    places: tuple[tuple[float, float, float], ...] = ()
    #: when it happened, as an interval; either end may be open (None): "reported on D" is
    #: an interval ending on D
    earliest: date | None = None
    latest: date | None = None
    #: the interval comes from a time expression governing the event (not from the report
    #: date or the status alone): only then does an overlap count as agreement
    time_precise: bool = True
    negated: bool = False  # the text says it did not happen
    status: str | None = None  # occurred / planned / … when coded (EventStatus values)
    #: content words of the trigger's sentence (lower case), for the sentence-context feature
    words: frozenset[str] = frozenset()
    #: keys of the trigger's own arguments and modifiers (names, noun lemmas, numbers)
    arguments: frozenset[str] = frozenset()

    @property
    def key(self) -> str:
        return lemma_key(self.lemma) if self.lemma else ""

    @property
    def reporting(self) -> bool:
        return self.lemma in REPORTING_LEMMAS


_STOP = frozenset({
    "a", "an", "the", "and", "or", "but", "if", "of", "to", "in", "on", "at", "by", "for", "with",
    "from", "as", "into", "onto", "over", "under", "about", "after", "before", "during", "since",
    "until", "than", "that", "this", "these", "those", "there", "here", "it", "its", "it's", "he",
    "she", "they", "them", "his", "her", "their", "we", "our", "you", "your", "i", "me", "my",
    "is", "are", "was", "were", "be", "been", "being", "has", "have", "had", "do", "does", "did",
    "will", "would", "shall", "should", "can", "could", "may", "might", "must", "not", "no",
    "nor", "so", "too", "very", "just", "also", "who", "whom", "whose", "which", "what", "when",
    "where", "why", "how", "all", "any", "both", "each", "few", "more", "most", "other", "some",
    "such", "only", "own", "same", "then", "once", "again", "further", "out", "up", "down", "off",
    "s", "t", "said", "says", "say", "mr", "mrs", "ms", "one", "two", "new",
})


def content_words(text: str) -> frozenset[str]:
    """Lower-case words of at least three letters that are not function words."""
    return frozenset(w for w in _WORD.findall(text.lower()) if len(w) > 2 and w not in _STOP)


def normalise_name(name: str) -> str:
    """A participant or entity name as a comparison key: lower case, letters and digits,
    without a leading article or a possessive."""
    s = re.sub(r"['’]s\b", "", name.lower())
    s = re.sub(r"[^\w]+", " ", s).strip()
    s = re.sub(r"^(?:the|a|an)\s+", "", s)
    return s


def name_keys(name: str) -> frozenset[str]:
    """The name and, for multi-word names, its last word (a person's surname, an
    organisation's head: "Lindsay Lohan" is also "lohan")."""
    norm = normalise_name(name)
    if not norm:
        return frozenset()
    parts = norm.split()
    keys = {norm}
    if len(parts) > 1 and len(parts[-1]) > 2 and parts[-1] not in _STOP:
        keys.add(parts[-1])
    return frozenset(keys)


def document_features(
    text: str, mentions: Iterable[Mention] = (), *, word_weight: float = 1.0
) -> dict[str, float]:
    """The context of one document as weighted features: the names of its entities and
    places (``n:``), its gazetteer places (``g:``), its day- or month-precise dates (``d:``)
    and its content words (``w:``, times ``word_weight``). Counts are dampened (1 + log)."""
    counts: Counter[str] = Counter()
    for m in mentions:
        if m.kind is MentionKind.EVENT:
            continue  # event mentions are not names: the context is who, where and when
        if m.kind is MentionKind.TIME:
            value = (m.normalized or "")
            if re.fullmatch(r"\d{4}-\d{2}(?:-\d{2})?", value):
                counts["d:" + value] += 1
            continue
        if m.kind is MentionKind.PLACE and m.attributes.get("gazetteer_id"):
            counts["g:" + str(m.attributes["gazetteer_id"])] += 1
        for key in name_keys(m.normalized or m.text):
            counts["n:" + key] += 1
    out = {k: 1.0 + math.log(n) for k, n in counts.items()}
    for w, n in Counter(_WORD.findall(text.lower())).items():
        if len(w) > 2 and w not in _STOP:
            out["w:" + w] = word_weight * (1.0 + math.log(n))
    return out


# -- pair evidence ----------------------------------------------------------------------------


@dataclass(frozen=True)
class CrossDocConfig:
    """Weights of the pair score (log-odds of "same happening") and the clustering threshold.

    ``p(a, b) = σ(bias + Σ weight × feature)``; features are in :func:`pair_features` (plus
    ``same_story``). The defaults come from a logistic regression over the candidate pairs of
    the ECB+ development topics (gold mentions, within topics), rounded; the time, place and
    polarity weights were then set by hand to what coded events call for (ECB+ mentions
    rarely carry a date or a place of their own, so the fit could not see them; stronger
    conflicts cost 0.002 CoNLL F1 there)."""

    bias: float = -2.6
    # what happened
    same_lemma: float = 0.25  # same lemma key (derivations conflated)
    exact_lemma: float = 0.3  # … and the very same lemma
    same_pos: float = 0.1
    same_type: float = -2.2  # only the PLOVER type shared: weak evidence, often two events
    same_mode: float = 1.2  # … and its mode too (added to same_type: -1.0 in all)
    reporting: float = -2.0  # a speech act whose participants are not shared
    polarity: float = -1.0  # one is said not to have happened
    status_conflict: float = -1.0  # one occurred, the other is planned, denied… (a plan and
    #                               its execution can be one happening: ECB+ links them)
    type_conflict: float = -1.5  # both typed, differently (the "call" to act vs a phone call)
    # its arguments
    participants: float = 0.3
    participant_conflict: float = -0.5
    arguments: float = 0.2
    argument_conflict: float = -0.8
    time_match: float = 0.5
    time_conflict: float = -3.0
    place_match: float = 0.5
    place_conflict: float = -2.0
    country_conflict: float = -1.0
    # the documents and sentences
    doc_sim: float = 2.1
    same_doc: float = -1.6  # (a document is fully similar to itself: this corrects it)
    same_story: float = 3.1
    sentence_sim: float = 0.4
    threshold: float = 0.5
    #: whether two events of one document may be linked. Off for coded events, whose
    #: mentions of one happening the event stage has already merged within each article.
    within_documents: bool = True
    #: documents whose context similarity links them at this average are one story
    story_threshold: float = 0.08
    #: imaginary empty documents added to the IDF counts (see :func:`document_similarities`)
    idf_background: float = 10.0
    #: places closer than this (plus their radii) agree; farther than ``place_far_km`` conflict
    place_near_km: float = 50.0
    place_far_km: float = 500.0
    #: date intervals further apart than this many days conflict
    time_slack_days: int = 1


def _km(a: tuple[float, float, float], b: tuple[float, float, float]) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (a[0], a[1], b[0], b[1]))
    h = (math.sin((lat2 - lat1) / 2) ** 2
         + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2)
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))


def _time_relation(a: EventProfile, b: EventProfile, slack: int) -> int:
    """-1: the intervals lie more than ``slack`` days apart (open ends allowed: reported in
    2017 vs. happened since 2021); +1: both are precise and overlap; 0: otherwise."""
    if (a.earliest is None and a.latest is None) or (b.earliest is None and b.latest is None):
        return 0
    if a.latest is not None and b.earliest is not None and (b.earliest - a.latest).days > slack:
        return -1
    if b.latest is not None and a.earliest is not None and (a.earliest - b.latest).days > slack:
        return -1
    if not (a.time_precise and b.time_precise):
        return 0
    if a.earliest is None or b.earliest is None:
        return 0
    a_hi = a.latest or a.earliest
    b_hi = b.latest or b.earliest
    return 1 if a.earliest <= b_hi and b.earliest <= a_hi else 0


def _place_relation(a: EventProfile, b: EventProfile, near: float, far: float) -> int:
    if not a.places or not b.places:
        return 0
    best = min(_km(p, q) - p[2] - q[2] for p in a.places for q in b.places)
    if best <= near:
        return 1
    return -1 if best > far else 0


def same_act(a: EventProfile, b: EventProfile) -> bool:
    """The same lemma key (derivations and inflections conflated)."""
    return bool(a.lemma) and a.key == b.key


def same_mode(a: EventProfile, b: EventProfile) -> bool:
    """The same PLOVER type *and* mode ("airstrike" and "air raid" are both
    ASSAULT/aerial)."""
    return a.mode is not None and a.type == b.type and a.mode == b.mode


def pair_features(
    a: EventProfile, b: EventProfile, doc_sim: float, sentence_sim: float,
    config: CrossDocConfig,
) -> dict[str, float]:
    """The evidence for and against ``a`` and ``b`` being one happening, as named features
    (the names of :class:`CrossDocConfig`'s weights)."""
    same_lemma = same_act(a, b)
    f: dict[str, float] = {
        "same_lemma": float(same_lemma),
        "same_type": float(not same_lemma and a.type is not None and a.type == b.type),
        "same_mode": float(not same_lemma and same_mode(a, b)),
        "doc_sim": doc_sim,
        "same_doc": float(a.doc == b.doc),
        "sentence_sim": sentence_sim,
        "participants": float(bool(a.participants & b.participants)),
    }
    t = _time_relation(a, b, config.time_slack_days)
    f["time_match"] = float(t > 0)
    f["time_conflict"] = float(t < 0)
    pl = _place_relation(a, b, config.place_near_km, config.place_far_km)
    f["place_match"] = float(pl > 0)
    f["place_conflict"] = float(pl < 0)
    f["country_conflict"] = float(bool(a.countries) and bool(b.countries)
                                  and not (a.countries & b.countries))
    f["reporting"] = float((a.reporting or b.reporting)
                           and not (a.participants & b.participants))
    f["polarity"] = float(a.negated != b.negated)
    f["status_conflict"] = float(a.status is not None and b.status is not None
                                 and a.status != b.status)
    f["type_conflict"] = float(a.type is not None and b.type is not None and a.type != b.type)
    shared_args = a.arguments & b.arguments
    f["arguments"] = float(bool(shared_args))
    f["argument_conflict"] = float(bool(a.arguments) and bool(b.arguments) and not shared_args)
    f["participant_conflict"] = float(bool(a.participants) and bool(b.participants)
                                      and not (a.participants & b.participants))
    f["exact_lemma"] = float(bool(a.lemma) and a.lemma == b.lemma)
    f["same_pos"] = float(a.pos is not None and a.pos == b.pos)
    return f


def pair_probability(features: Mapping[str, float], config: CrossDocConfig) -> float:
    z = config.bias + sum(getattr(config, name) * value for name, value in features.items())
    return 1.0 / (1.0 + math.exp(-z))


# -- weighting --------------------------------------------------------------------------------


def _idf(docs: Iterable[Iterable[str]], background: float) -> dict[str, float]:
    """``log((1 + n + background) / (1 + df))``: ``background`` is a number of imaginary
    documents that name none of the features, so that two reports sharing a name still
    weigh it when the batch holds only them."""
    df: Counter[str] = Counter()
    n = 0
    for feats in docs:
        n += 1
        df.update(set(feats))
    return {k: math.log((1 + n + background) / (1 + c)) for k, c in df.items()}


def _unit(vec: Mapping[str, float]) -> dict[str, float]:
    """``vec`` at unit length, its keys in sorted order (so that every sum over it runs in
    one order, whatever the order the features were found in)."""
    keys = sorted(vec)
    norm = math.sqrt(sum(vec[k] * vec[k] for k in keys))
    return {k: vec[k] / norm for k in keys} if norm else {}


def _cosine(a: Mapping[str, float], b: Mapping[str, float]) -> float:
    """Dot product of two unit vectors (as :func:`_unit` makes them)."""
    if len(a) > len(b):
        a, b = b, a
    return sum(v * b.get(k, 0.0) for k, v in a.items())


# -- clustering -------------------------------------------------------------------------------


def document_similarities(
    contexts: Mapping[str, Mapping[str, float]], background: float = 10.0
) -> dict[tuple[str, str], float]:
    """Cosine similarity of every two documents that share a context feature (keys ordered
    ``(a, b)`` with ``a < b``), over TF-IDF vectors (IDF across the given documents plus
    ``background`` empty ones), so that what every document names (the topic itself) counts
    little and what only some name (this story's people, dates) counts most."""
    doc_ids = sorted(contexts)
    idf = _idf((contexts[d] for d in doc_ids), background)
    # A feature of very many documents says nothing of a story and would make the pair loop
    # below quadratic in the collection: above this document frequency it is left out.
    max_df = max(50, len(doc_ids) // 10)
    common = {k for k, w in idf.items()
              if w < math.log((1 + len(doc_ids) + background) / (1 + max_df))}
    vec = {d: _unit({k: v * idf[k] for k, v in contexts[d].items() if k not in common})
           for d in doc_ids}
    postings: dict[str, list[tuple[str, float]]] = defaultdict(list)
    for d in doc_ids:
        for k, v in sorted(vec[d].items()):
            postings[k].append((d, v))
    sims: dict[tuple[str, str], float] = defaultdict(float)
    for k in sorted(postings):
        plist = postings[k]
        for x in range(len(plist)):
            for y in range(x + 1, len(plist)):
                sims[(plist[x][0], plist[y][0])] += plist[x][1] * plist[y][1]
    return dict(sims)


def story_clusters(
    doc_ids: Sequence[str], sims: Mapping[tuple[str, str], float], threshold: float
) -> dict[str, int]:
    """Documents grouped into stories (average-link on document similarity): document id →
    story number."""
    docs = sorted(set(doc_ids))
    index = {d: i for i, d in enumerate(docs)}
    weights = {(index[a], index[b]): w for (a, b), w in sims.items()
               if a in index and b in index}
    return {docs[i]: n for n, members in enumerate(_average_link(len(docs), weights, threshold))
            for i in members}


def scored_pairs(
    profiles: Sequence[EventProfile],
    contexts: Mapping[str, Mapping[str, float]] | None = None,
    config: CrossDocConfig | None = None,
) -> tuple[list[EventProfile], list[tuple[int, int, dict[str, float]]]]:
    """The profiles sorted by id, and the features of every candidate pair (indices into that
    list, ``i < j``, in order): pairs that share a lemma key or a PLOVER type.

    ``contexts`` may hold more documents than the profiles come from (a background
    collection): they weigh the context features."""
    config = config or CrossDocConfig()
    contexts = contexts or {}
    items = sorted(profiles, key=lambda p: p.id)
    ids = [p.id for p in items]
    if len(set(ids)) != len(ids):
        raise ValueError("event profile ids must be unique")
    doc_ids = sorted({p.doc for p in items})
    sims = document_similarities(
        {d: contexts.get(d, {}) for d in sorted(set(contexts) | set(doc_ids))},
        config.idf_background)
    story = story_clusters(doc_ids, sims, config.story_threshold)
    word_idf = _idf((p.words for p in items), 1.0)
    sent_vec = [_unit({w: word_idf[w] for w in sorted(p.words)}) for p in items]

    def doc_sim(x: str, y: str) -> float:
        if x == y:
            return 1.0
        return sims.get((x, y) if x < y else (y, x), 0.0)

    blocks: dict[str, list[int]] = defaultdict(list)
    for i, p in enumerate(items):
        if p.lemma:
            blocks["k:" + p.key].append(i)
        if p.type:
            blocks["t:" + p.type].append(i)
    pairs: set[tuple[int, int]] = set()
    for members in blocks.values():
        for x in range(len(members)):
            for y in range(x + 1, len(members)):
                pairs.add((members[x], members[y]))
    out = []
    for i, j in sorted(pairs):
        a, b = items[i], items[j]
        feats = pair_features(a, b, doc_sim(a.doc, b.doc), _cosine(sent_vec[i], sent_vec[j]),
                              config)
        feats["same_story"] = float(story[a.doc] == story[b.doc])
        out.append((i, j, feats))
    return items, out


def _cluster(
    profiles: Sequence[EventProfile],
    contexts: Mapping[str, Mapping[str, float]] | None,
    config: CrossDocConfig,
) -> tuple[list[EventProfile], dict[tuple[int, int], float], list[list[int]]]:
    items, pairs = scored_pairs(profiles, contexts, config)
    weights = {(i, j): pair_probability(f, config) for i, j, f in pairs}
    if not config.within_documents:
        # cannot-link: a weight of -1 keeps any cluster holding both below the threshold
        by_doc: dict[str, list[int]] = defaultdict(list)
        for i, p in enumerate(items):
            by_doc[p.doc].append(i)
        for members in by_doc.values():
            for x in range(len(members)):
                for y in range(x + 1, len(members)):
                    weights[(members[x], members[y])] = -1.0
    return items, weights, _average_link(len(items), weights, config.threshold)


def cluster_profiles(
    profiles: Sequence[EventProfile],
    contexts: Mapping[str, Mapping[str, float]] | None = None,
    config: CrossDocConfig | None = None,
) -> list[list[str]]:
    """Clusters of profile ids (each sorted; clusters sorted by their first id).

    ``contexts``: per document id, its weighted context features
    (:func:`document_features`); documents without one have no context similarity. It may
    hold more documents than the profiles come from: they count in the IDF weights."""
    items, _, clusters = _cluster(profiles, contexts, config or CrossDocConfig())
    return [[items[i].id for i in c] for c in clusters]


def _average_link(
    n: int, weights: Mapping[tuple[int, int], float], threshold: float
) -> list[list[int]]:
    """Average-link agglomerative clustering of ``n`` items with sparse pair weights (absent
    pairs weigh 0); merges while the best mean weight between two clusters ≥ ``threshold``.
    Ties go to the pair of clusters with the smallest member indices."""
    members: dict[int, list[int]] = {i: [i] for i in range(n)}
    # sum of pair weights between two live clusters (keyed by cluster representative)
    link: dict[int, dict[int, float]] = defaultdict(dict)
    for (i, j), w in weights.items():
        link[i][j] = link[i].get(j, 0.0) + w
        link[j][i] = link[j].get(i, 0.0) + w
    heap: list[tuple[float, int, int]] = []
    for i in sorted(link):
        for j, w in sorted(link[i].items()):
            if i < j and w >= threshold:
                heapq.heappush(heap, (-w, i, j))
    while heap:
        neg, i, j = heapq.heappop(heap)
        if i not in members or j not in members:
            continue
        total = link[i].get(j, 0.0)
        mean = total / (len(members[i]) * len(members[j]))
        if abs(mean + neg) > 1e-12:
            continue  # stale entry
        if mean < threshold:
            continue
        # merge j into i (i < j keeps the smallest index as representative)
        members[i] = sorted(members[i] + members.pop(j))
        for k, w in link.pop(j).items():
            if k == i:
                continue
            link[k].pop(j, None)
            link[i][k] = link[i].get(k, 0.0) + w
            link[k][i] = link[i][k]
        link[i].pop(j, None)
        size_i = len(members[i])
        for k, w in sorted(link[i].items()):
            m = w / (size_i * len(members[k]))
            if m >= threshold:
                a, b = (i, k) if i < k else (k, i)
                heapq.heappush(heap, (-m, a, b))
    return sorted(members.values(), key=lambda c: c[0])


# -- events of the data model -----------------------------------------------------------------

_PARTICLES = frozenset({"out", "in", "up", "down", "off", "back", "over", "away", "into",
                        "on", "through"})
#: Radius (km) of a place by its feature class when the event stage gives none.
PLACE_RADIUS_KM = {"country": 500.0, "admin1": 150.0, "admin2": 50.0, "region": 300.0,
                   "sea": 300.0, "river": 100.0}


def trigger_lemma(text: str) -> str:
    """A lemma for a stored trigger (no parse at hand): the head word of a noun compound
    ("air strike" → "strike"), a verb with its particle ("pulled out" → "pulled out"),
    lower case; :func:`lemma_key` conflates the inflections."""
    words: list[str] = _WORD.findall(text.lower())
    if not words:
        return ""
    if len(words) > 1 and words[-1] in _PARTICLES:
        return f"{words[0]} {words[-1]}"
    return words[-1]


def _sentence_words(text: str, sentences: Sequence[tuple[int, int]], start: int, end: int
                    ) -> frozenset[str]:
    for s, e in sentences:
        if s <= start < e or (s < end <= e):
            return content_words(text[s:e])
    return content_words(text[max(0, start - 200): end + 200])


def profile_of(event: Event, text: str | None = None,
               sentences: Sequence[tuple[int, int]] | None = None) -> EventProfile:
    """The clusterer's view of a coded event (``text``: its article's text, for the words of
    the trigger's sentence; ``sentences``: the text's sentence spans, when already known)."""
    participants: set[str] = set()
    countries: set[str] = set()
    for actor in (event.actor, event.target):
        if actor is None:
            continue
        participants |= name_keys(actor.name or actor.text or "")
        if actor.country:
            countries.add(actor.country)
    places: list[tuple[float, float, float]] = []
    arguments = set(participants)
    for pl in event.places:
        if pl.country:
            countries.add(pl.country)
        arguments |= name_keys(pl.name)
        if pl.lat is not None and pl.lon is not None:
            radius = pl.radius_km if pl.radius_km is not None else PLACE_RADIUS_KM.get(
                pl.feature_class or "", 10.0)
            places.append((pl.lat, pl.lon, radius))
    when = event.when
    earliest = when.earliest if when is not None else None
    latest = when.latest if when is not None else None
    precise = (when is not None and when.basis not in ("reported_by", "status")
               and when.precision != "vague" and earliest is not None)
    words: frozenset[str] = frozenset()
    if text:
        if sentences is None:
            from eventwire.structure import split_sentences

            sentences = split_sentences(text)
        words = _sentence_words(text, sentences, event.trigger.start, event.trigger.end)
    lemma = trigger_lemma(event.trigger.text)
    return EventProfile(
        id=event.id, doc=event.article_id, lemma=lemma, type=event.type, mode=event.mode,
        participants=frozenset(participants), countries=frozenset(countries),
        places=tuple(places), earliest=earliest, latest=latest, time_precise=precise,
        negated=event.status is EventStatus.NEGATED, status=event.status.value,
        words=words - {lemma},
        arguments=frozenset(arguments),
    )


def profiles_from_events(
    events: Iterable[Event],
    mentions: Iterable[Mention] = (),
    articles: Iterable[Article] | Mapping[str, str] = (),
) -> tuple[list[EventProfile], dict[str, dict[str, float]]]:
    """Profiles of coded events and the context features of their articles.

    ``mentions``: the mentions of those articles (entities, places, times: the documents'
    context); ``articles``: the articles, or a mapping article id → text."""
    texts = dict(articles) if isinstance(articles, Mapping) else {a.id: a.text for a in articles}
    by_article: dict[str, list[Mention]] = defaultdict(list)
    for m in mentions:
        by_article[m.article_id].append(m)
    from eventwire.structure import split_sentences

    evs = sorted(events, key=lambda e: e.id)
    spans = {a: split_sentences(texts[a]) for a in sorted({e.article_id for e in evs})
             if a in texts}
    profiles = [profile_of(e, texts.get(e.article_id), spans.get(e.article_id)) for e in evs]
    doc_ids = sorted({e.article_id for e in evs} | set(texts) | set(by_article))
    contexts = {d: document_features(texts.get(d, ""), by_article.get(d, ())) for d in doc_ids}
    return profiles, contexts


def cluster_events(
    events: Iterable[Event],
    mentions: Iterable[Mention] = (),
    articles: Iterable[Article] | Mapping[str, str] = (),
    config: CrossDocConfig | None = None,
) -> list[EventCluster]:
    """One :class:`EventCluster` row per event: which happening it reports, with the cluster's
    size, its number of articles, its representative and the event's cohesion.

    Two events of one article are never linked (``within_documents`` is turned off): the
    event stage has already merged the mentions of one happening within an article, so two
    events it kept apart are two happenings."""
    config = replace(config or CrossDocConfig(), within_documents=False)
    evs = {e.id: e for e in events}
    profiles, contexts = profiles_from_events(evs.values(), mentions, articles)
    items, weights, clusters = _cluster(profiles, contexts, config)
    rows: list[EventCluster] = []
    for members in clusters:
        ids = [items[i].id for i in members]
        cohesion: dict[str, float] = {}
        for i in members:
            if len(members) == 1:
                cohesion[items[i].id] = 1.0
                continue
            total = sum(weights.get((min(i, j), max(i, j)), 0.0) for j in members if j != i)
            cohesion[items[i].id] = round(min(1.0, max(0.0, total / (len(members) - 1))), 4)
        rep = min(ids, key=lambda x: (-cohesion[x], -evs[x].confidence, x))
        n_articles = len({evs[x].article_id for x in ids})
        for x in ids:
            rows.append(EventCluster(
                cluster_id=ids[0], event_id=x, article_id=evs[x].article_id, size=len(ids),
                n_articles=n_articles, representative=x == rep, cohesion=cohesion[x],
                method=METHOD,
            ))
    return rows


@dataclass(frozen=True)
class DedupSummary:
    """What :func:`dedup_store` found."""

    events: int
    clusters: int
    multi_article_clusters: int  # happenings reported by more than one article
    merged_events: int  # events that are not their cluster's representative
    seconds: float
    largest: list[dict[str, Any]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {"events": self.events, "clusters": self.clusters,
                "multi_article_clusters": self.multi_article_clusters,
                "merged_events": self.merged_events, "seconds": round(self.seconds, 2),
                "largest": self.largest}


def dedup_store(store: Store, config: CrossDocConfig | None = None, *, top: int = 10
                ) -> DedupSummary:
    """(Re)compute the ``event_clusters`` table from every event in the store, in one
    transaction. Idempotent: the same events give the same rows."""
    import time

    from eventwire.schema import TABLES, rows_to_arrow

    t0 = time.perf_counter()
    events = [Event.model_validate(r) for r in store.query('SELECT * FROM "events"')]
    mentions = [Mention.model_validate(r) for r in store.query('SELECT * FROM "mentions"')]
    texts = {str(r["id"]): str(r["text"])
             for r in store.query('SELECT "id", "text" FROM "articles"')}
    rows = cluster_events(events, mentions, texts, config)
    spec = TABLES["event_clusters"]
    with store.transaction():
        store.con.execute('DELETE FROM "event_clusters"')
        if rows:
            table = rows_to_arrow(spec, [r.model_dump() for r in rows])
            cols = ", ".join(f'"{c}"' for c in spec.column_names)
            store.con.register("_ew_clusters", table)
            try:
                store.con.execute(
                    f'INSERT INTO "event_clusters" ({cols}) SELECT {cols} FROM _ew_clusters')
            finally:
                store.con.unregister("_ew_clusters")
    by_cluster: dict[str, list[EventCluster]] = defaultdict(list)
    for r in rows:
        by_cluster[r.cluster_id].append(r)
    evs = {e.id: e for e in events}
    largest = []
    ranked = sorted(by_cluster.values(), key=lambda c: (-c[0].n_articles, -len(c), c[0].cluster_id))
    for members in ranked[:top]:
        if members[0].n_articles < 2:
            break
        rep = evs[next(m.event_id for m in members if m.representative)]
        when = rep.when
        largest.append({
            "cluster_id": members[0].cluster_id, "type": rep.type, "trigger": rep.trigger.text,
            "date": str(when.value or when.earliest or "") if when else "",
            "place": rep.places[0].name if rep.places else "",
            "events": len(members), "articles": members[0].n_articles,
        })
    return DedupSummary(
        events=len(rows), clusters=len(by_cluster),
        multi_article_clusters=sum(1 for c in by_cluster.values() if c[0].n_articles > 1),
        merged_events=sum(1 for r in rows if not r.representative),
        seconds=time.perf_counter() - t0, largest=largest,
    )
