"""Event mentions: TimeML/TempEval-3 style EVENT recognition (the ``event_mentions`` stage).

The ``events`` stage codes the political, conflict and economic happenings PLOVER has types
for; this layer marks *every* event a news text mentions, as TimeML does: things that happen
(occurrences), are reported, perceived, begun or ended, intended, and states that hold. It is
pure rules over spaCy's parse — no model of its own — and adds little to the parse's time.

What is an event mention (the extent is the head word, as in TimeML):

* **verbs** that denote happenings or states: every verb of the parse, but not auxiliaries and
  modals (spaCy's ``AUX``), not copulas and light *be*, not attributive participles ("the
  *wounded* soldiers"), not prepositional participles ("*based* on", "*including*",
  "*compared* with"), and not *have* in "have to";
* **event nominals**: a curated list of non-derived event nouns (war, attack, crash, election,
  deal, strike, flight, sale…) and deverbal nouns found from the lemma: an eventive suffix
  (-tion, -sion, -ment, -ance, -ence, -al, -ure, -ing…) whose stem is a verb of spaCy's own
  lemmatizer tables ("acquisition" → acquire, "withdrawal" → withdraw, "bombing" → bomb);
  concrete, institutional and person nouns are guarded against by a stop list ("government",
  "building", "official"), by named entities and by time nouns;
* **predicative adjectives** of a curated list of states TimeML annotates ("*willing* to",
  "was *responsible* for", "*able*").

Attributes, in TimeML 1.2 conventions (as the TimeBank/AQUAINT MAKEINSTANCE tags):

* ``class``: OCCURRENCE, REPORTING, PERCEPTION, ASPECTUAL, I_ACTION, I_STATE or STATE, from
  the TimeML guidelines' verb lists refined by the syntax ("added 5 cents" occurs, "…, he
  added" reports; a verb taking a to-infinitive is an I_ACTION: "declined to comment");
  nouns are occurrences unless listed (plan: I_STATE, attempt: I_ACTION, problem: STATE);
* ``tense``: PAST, PRESENT, FUTURE, INFINITIVE, PRESPART, PASTPART or NONE; ``aspect``:
  PROGRESSIVE, PERFECTIVE, PERFECTIVE_PROGRESSIVE or NONE — from the verb group (auxiliaries
  in order; "will" is FUTURE, any other modal gives tense NONE and the modal as
  ``modality``); a predicative adjective or noun takes its copula's; a coordinated verb with
  no auxiliary of its own takes its first conjunct's ("to withdraw … and release");
* ``polarity``: NEG with a negation ("not", "n't", "never") on the verb group, or "no" on a
  noun; ``modality``: the modal verb ("would", "could", "may"…), else None;
* ``pos`` (VERB, NOUN, ADJECTIVE) and ``lemma``.

``label`` is the class. Captions are skipped (they never yield events), as are section paths
and datelines: the stage reads title, subtitle and body segments.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from eventwire.model import Mention, MentionKind, SegmentKind

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

    from eventwire.pipeline import AnalysisContext

__all__ = [
    "EVENT_CLASSES",
    "EventMention",
    "EventMentionStage",
    "deverbal_base",
    "find_event_mentions",
]

STAGE = "event_mentions"

#: The TimeML event classes.
EVENT_CLASSES = ("OCCURRENCE", "REPORTING", "PERCEPTION", "ASPECTUAL", "I_ACTION", "I_STATE",
                 "STATE")

#: Segments the stage reads (captions, section paths and datelines never yield events).
EVENT_SEGMENTS = frozenset({SegmentKind.TITLE, SegmentKind.SUBTITLE, SegmentKind.BODY})

# -- classes by lemma ---------------------------------------------------------------------------

# Verb classes follow the TimeML 1.2 guidelines' lists (Saurí et al. 2006) as TimeBank applies
# them: "claim", "declare", "suggest" and "allege" are I_ACTION, "say", "report", "tell"
# REPORTING; "have" (possession) and "own" STATE.
REPORTING_VERBS = frozenset({
    "say", "report", "tell", "announce", "state", "explain", "describe", "confirm", "quote",
    "testify", "comment", "reply", "cite", "disclose", "reveal", "note", "indicate", "inform",
    "acknowledge", "assert", "contend", "reiterate", "recount", "remark", "repeat",
    "emphasize", "stress", "argue", "accord", "post", "brief", "leak", "specify", "recall",
    "notify", "mention", "add", "maintain",
})
PERCEPTION_VERBS = frozenset({
    "see", "watch", "hear", "observe", "notice", "witness", "view", "spot", "listen", "sense",
    "perceive", "detect", "glimpse", "sight",
})
ASPECTUAL_VERBS = frozenset({
    "begin", "start", "continue", "end", "finish", "stop", "complete", "cease", "resume",
    "halt", "terminate", "initiate", "commence", "quit", "discontinue", "suspend", "keep",
    "abandon", "renew", "restore", "reinstate", "interrupt", "conclude", "enter",
})
I_ACTION_VERBS = frozenset({
    "try", "attempt", "seek", "promise", "offer", "propose", "allow", "permit", "order", "ask",
    "request", "urge", "demand", "force", "persuade", "convince", "prevent", "avoid", "refuse",
    "delay", "postpone", "cancel", "name", "nominate", "appoint", "investigate", "accuse",
    "approve", "authorize", "threaten", "vow", "pledge", "encourage", "manage", "fail",
    "compel", "invite", "advise", "recommend", "agree", "call", "help", "assist", "warn",
    "block", "accept", "deny", "allege", "attribute", "oppose", "complain", "pray", "plead",
    "press", "direct", "choose", "decide", "elect", "select", "vote", "consent", "undertake",
    "endeavor", "endeavour", "strive", "forbid", "ban", "veto", "reject", "ensure",
    "guarantee", "assure", "command", "instruct", "petition", "lobby", "hail", "applaud",
    "praise", "criticize", "condemn", "blame", "establish", "schedule", "probe", "explore",
    "examine", "review", "claim", "declare", "suggest", "predict", "swear", "proclaim",
    "beg", "defer", "hinder", "scramble", "delve",
})
I_STATE_VERBS = frozenset({
    "want", "believe", "think", "expect", "hope", "fear", "wish", "intend", "plan", "need",
    "like", "love", "hate", "doubt", "suspect", "know", "worry", "consider", "anticipate",
    "prefer", "desire", "require", "imagine", "suppose", "guess", "aim", "estimate", "rely",
    "count", "trust", "envision", "foresee", "dread", "regret", "wonder", "prohibit",
    "entitle", "deserve", "favor", "favour", "understand", "realize", "recognize",
    "remember", "forget", "reckon", "seem",
})
STATE_VERBS = frozenset({
    "have", "own", "remain", "live", "exist", "contain", "lack", "belong", "cost", "possess",
    "resemble", "consist", "comprise", "equal", "total", "owe", "depend", "reside", "lie",
    "control", "represent", "serve", "value", "worth", "affect", "enjoy", "feature",
    "occupy", "dominate",
})
#: Nominal classes: event nouns are occurrences unless listed here.
NOUN_CLASSES: dict[str, str] = {
    **dict.fromkeys(("attempt", "effort", "request", "appeal", "call", "plea", "bid",
                     "investigation", "inquiry", "probe", "proposal", "offer", "promise",
                     "pledge", "vow", "threat", "warning", "order", "nomination",
                     "approval", "authorization", "refusal", "rejection", "demand",
                     "cancellation", "postponement", "delay", "veto", "ban", "boycott",
                     "embargo", "sanction", "decision", "accusation", "allegation",
                     "invitation", "recommendation"), "I_ACTION"),
    **dict.fromkeys(("plan", "hope", "fear", "expectation", "belief", "intention", "desire",
                     "wish", "need", "willingness", "readiness", "doubt", "suspicion",
                     "anticipation", "aim", "goal", "intent", "estimate", "forecast"),
                    "I_STATE"),
    **dict.fromkeys(("report", "statement", "announcement", "testimony", "leak", "remark",
                     "briefing"), "REPORTING"),
    **dict.fromkeys(("completion", "end", "beginning", "start", "resumption", "continuation",
                     "suspension", "termination", "cessation", "outset", "onset"),
                    "ASPECTUAL"),
    **dict.fromkeys(("problem", "situation", "presence", "absence", "dependence",
                     "independence", "ownership", "control", "peace", "shortage", "surplus",
                     "deficit", "debt", "power", "strength", "weakness", "tension", "poverty",
                     "health", "condition", "status", "membership", "custody", "captivity",
                     "exile", "imprisonment", "unemployment", "inflation", "candidacy",
                     "relationship", "difficulty", "trouble", "uncertainty", "stability",
                     "instability", "freedom", "liberty", "leadership", "rule", "regime",
                     "treatment", "result", "loss", "gain"), "STATE"),
}

#: Verbs that are not events of their own in TimeML: copulas and light or relational verbs,
#: and prepositional participles ("based on", "including", "compared with").
NON_EVENT_VERBS = frozenset({
    "be", "include", "base", "compare", "relate", "ally", "regard", "pende", "pend",
    "concern", "involve", "entitle", "mean", "seem", "become", "associate",
})
#: Participles used as prepositions: never events in that use.
PREPOSITIONAL_PARTICIPLES = frozenset({
    "include", "base", "compare", "concern", "regard", "follow", "accord", "give", "consider",
    "exclude", "involve", "pende", "pend", "start", "begin", "barring", "bar", "except",
    "assume", "provide", "suppose", "grant", "respect", "count", "depend",
})

# -- event nouns ----------------------------------------------------------------------------------

#: Event nouns that are not derived by a suffix from a verb (or whose verb is irregular).
EVENT_NOUNS = frozenset({
    # conflict, crime, disaster
    "war", "attack", "raid", "strike", "airstrike", "bombardment", "battle", "fight",
    "fighting", "clash", "skirmish", "ambush", "assault", "offensive", "invasion", "siege",
    "massacre", "genocide", "coup", "revolt", "uprising", "rebellion", "riot", "unrest",
    "insurgency", "violence", "conflict", "crisis", "hostilities", "ceasefire", "truce",
    "blast", "explosion", "bombing", "shelling", "shooting", "gunfire", "fire", "crash",
    "collision", "accident", "incident", "disaster", "catastrophe", "tragedy", "flood",
    "storm", "hurricane", "earthquake", "quake", "tsunami", "drought", "famine", "epidemic",
    "outbreak", "murder", "homicide", "slaying", "killing", "death", "assassination",
    "kidnapping", "abduction", "hijacking", "robbery", "theft", "burglary", "fraud", "crime",
    "scandal", "arrest", "manhunt", "rescue", "evacuation", "injury", "casualty",
    "suicide", "execution", "funeral", "burial", "standoff", "confrontation", "dispute",
    "protest", "demonstration", "rally", "march", "boycott", "sanction", "embargo",
    "blockade", "occupation", "intervention", "mission", "operation", "campaign", "crackdown",
    "purge", "terror", "terrorism", "threat", "escape", "defeat", "victory",
    "win", "loss", "surrender", "retreat", "withdrawal", "pullout", "deployment", "buildup",
    # politics, law, diplomacy
    "election", "vote", "poll", "referendum", "ballot", "primary", "inauguration",
    "resignation", "appointment", "nomination", "impeachment", "trial", "hearing",
    "lawsuit", "litigation", "verdict", "ruling", "sentence", "conviction",
    "indictment", "charge", "appeal", "investigation", "inquiry", "probe", "inquest",
    "summit", "meeting", "talk", "negotiation", "conference", "session", "visit", "trip",
    "tour", "journey", "voyage", "flight", "ceremony", "celebration", "festival",
    "wedding", "parade", "reception", "speech", "address", "interview", "debate",
    "announcement", "remark", "comment", "briefing", "testimony",
    "agreement", "deal", "compromise", "settlement", "veto",
    "reform", "initiative", "proposal", "offer",
    "bid", "request", "demand", "call", "decision", "decree",
    "attempt", "effort", "move", "action", "act", "response", "reaction", "result",
    "outcome", "consequence", "impact", "change", "development", "event",
    "process", "transition", "revolution", "succession", "situation",
    # economy
    "sale", "purchase", "acquisition", "merger", "takeover", "buyout", "transaction", "trading",
    "offering", "investment", "payment",
    "bailout", "bankruptcy", "default", "restructuring", "layoff", "cut", "reduction",
    "increase", "rise", "gain", "growth", "jump", "surge", "decline", "drop",
    "fall", "slide", "plunge", "slump", "recovery", "rebound", "recession", "boom",
    "inflation", "split",
    "redemption", "expansion", "production", "output", "shipment", "delivery", "closure",
    "close", "opening", "launch", "release", "return", "work", "use",
    # movement, life
    "arrival", "departure", "landing", "takeoff", "stop", "stay", "ride",
    "race", "game", "match", "tournament", "birth", "marriage", "divorce", "illness",
    "surgery", "treatment", "discovery", "experiment", "test", "research",
    "search", "hunt", "chase", "pursuit", "struggle", "lockdown", "shutdown", "breakdown", "outage",
    "collapse", "damage",
    "destruction", "spill", "leak", "pollution", "emission",
})

#: Nouns an eventive suffix would wrongly derive from a verb: concrete things, institutions,
#: people, places and abstract non-events.
NON_EVENT_NOUNS = frozenset({
    "government", "department", "apartment", "equipment", "document", "monument",
    "instrument", "compartment", "supplement", "element", "implement", "parliament",
    "regiment", "segment", "fragment", "garment", "pavement", "basement", "sentiment",
    "environment", "establishment", "management", "movement", "amendment", "argument",
    "official", "capital", "hospital", "total", "rival", "general", "individual", "potential",
    "original", "material", "signal", "terminal", "portal", "criminal", "animal", "arsenal",
    "interval", "journal", "festival", "chemical", "professional", "principal", "spiral",
    "nation", "station", "population", "position", "administration", "corporation",
    "organization", "organisation", "association", "foundation", "institution",
    "information", "condition", "section", "location", "portion", "edition", "question",
    "relation", "generation", "federation", "coalition", "commission",
    "division", "version", "television", "vision", "provision", "mansion", "pension",
    "ration", "duration", "formation", "notion", "motion", "emotion", "function",
    "option", "fiction", "faction", "fraction", "jurisdiction", "legislation", "union",
    "opinion", "region", "religion", "legion", "million", "billion", "lotion", "potion",
    "tradition", "addition", "competition", "ammunition",
    "composition", "definition", "nutrition", "tuition", "connection", "application",
    "regulation", "protection", "requirement", "direction", "education", "distribution",
    "solution", "implication", "convention", "resolution", "venture", "earning", "earnings",
    "intention", "expectation", "restriction", "enforcement", "projection", "statement",
    "building", "holding", "holdings", "saving", "savings", "housing", "clothing", "ceiling",
    "setting", "painting", "drawing", "morning", "evening", "thing", "king", "ring", "wing",
    "string", "spring", "sibling", "offspring", "lining", "filling", "being", "feeling",
    "understanding", "meaning", "heading", "reading", "writing", "listing", "ending",
    "surroundings", "belongings", "findings", "proceedings", "dwelling", "railing",
    "structure", "future", "nature", "figure", "picture", "culture", "procedure",
    "legislature", "measure", "feature", "creature", "literature", "furniture", "temperature",
    "posture", "mixture", "signature", "expenditure", "texture", "fixture", "lecture",
    "insurance", "allowance", "ordinance", "appliance", "substance", "distance", "finance",
    "evidence", "reference", "residence", "sentence", "science", "audience", "licence",
    "license", "defence", "defense", "preference", "experience", "influence", "intelligence",
    "commerce", "instance", "province", "providence", "difference", "conscience",
    "performance", "governance", "alliance", "guidance", "maintenance", "importance",
    "assurance", "tolerance", "inheritance", "balance", "existence", "confidence",
    "dependence", "independence", "presence", "absence", "silence", "sequence", "consequence",
    "surveillance",
})

#: Suffix rules for deverbal nouns: (noun ending, replacements giving the verb's ending).
_DERIVATIONS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("ication", ("y",)),  # notification → notify
    ("ization", ("ize",)), ("isation", ("ise", "ize")),
    ("ation", ("ate", "", "e")),  # negotiation, confirmation, declaration
    ("sition", ("re", "se")),  # acquisition, opposition
    ("ition", ("ite", "")),  # repetition, addition
    ("ution", ("ute", "ve")),  # execution, resolution
    ("ption", ("pt", "be", "me")),  # adoption, description, consumption
    ("ction", ("ct", "ce")),  # election, reduction
    ("ention", ("ain", "ene", "end", "ent")),  # detention, intervention, attention
    ("ssion", ("ss", "t", "de")),  # discussion, admission, concession→concede
    ("nsion", ("nd",)),  # expansion, suspension
    ("sion", ("de", "se", "d", "t")),  # decision, revision, expansion
    ("tion", ("te", "t", "")),
    ("ment", ("",)),  # agreement, payment
    ("ance", ("", "e")), ("ence", ("", "e")),  # appearance, interference
    ("ancy", ("", "e")), ("ency", ("", "e")),
    ("ial", ("y",)),  # denial, trial
    ("al", ("", "e")),  # approval, withdrawal, arrival
    ("ure", ("e", "")),  # seizure, departure
    ("ing", ("", "e")),  # bombing, trading
    ("ery", ("",)),  # delivery, recovery
)

#: Time nouns and other nouns never events (the timex layer owns the former).
_TIME_NOUNS = frozenset({
    "year", "month", "week", "day", "hour", "minute", "second", "decade", "century",
    "morning", "afternoon", "evening", "night", "weekend", "quarter", "period", "time",
    "season", "date", "moment", "age", "era", "today", "yesterday", "tomorrow",
})

#: Entity types whose tokens are names, never event nominals.
_NAME_ENTITIES = frozenset({"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC", "PRODUCT",
                            "WORK_OF_ART", "LAW", "LANGUAGE", "MONEY", "PERCENT", "QUANTITY",
                            "CARDINAL", "ORDINAL", "DATE", "TIME"})

#: Nouns whose plural names amounts or business units rather than happenings ("sales rose",
#: "its operations").
_NON_EVENT_PLURALS = frozenset({"sale", "operation", "earning", "saving", "holding"})

#: Dependencies of a noun that modifies another noun: never an event mention of its own.
_MODIFIER_DEPS = frozenset({"compound", "nmod", "poss", "amod"})

#: Predicative adjectives TimeML annotates as states, with their class.
EVENT_ADJECTIVES: dict[str, str] = {
    **dict.fromkeys((
        "willing", "unwilling", "able", "unable", "eager", "reluctant", "ready", "prepared",
        "determined", "afraid", "anxious", "confident", "hopeful", "optimistic",
        "pessimistic", "aware", "unaware", "sure", "certain", "uncertain", "keen", "intent",
        "pleased", "happy", "unhappy", "glad", "surprised", "worried",
        "concerned", "interested", "committed", "careful", "cautious", "vulnerable",
        "curious", "fearful", "desperate", "satisfied", "disappointed", "doubtful",
    ), "I_STATE"),
    **dict.fromkeys((
        "responsible", "eligible", "available", "due", "subject", "successful", "profitable",
        "necessary", "capable", "fair", "independent", "low", "high", "flat", "unchanged",
        "alive", "dead", "ill", "sick", "injured", "missing", "present", "absent",
        "illegal", "legal", "guilty", "innocent", "free", "open", "closed", "empty", "full",
        "safe", "stable", "unstable", "busy", "active", "inactive",
        "involved", "liable", "payable", "convertible", "effective", "valid", "invalid",
        "bankrupt", "insolvent", "unemployed", "homeless", "pregnant", "married", "divorced",
        "calm", "quiet", "tense", "peaceful", "violent", "hostile", "loyal", "critical",
    ), "STATE"),
}

#: Copulas a predicative adjective or noun takes its tense from.
_COPULAS = frozenset({"be", "become", "remain", "seem", "appear", "stay", "look", "feel",
                      "get", "grow", "turn", "prove", "sound", "keep"})

_FUTURE_MODALS = frozenset({"will", "shall", "'ll", "wo", "ll"})
_MODAL_FORMS = {"ca": "can", "wo": "will", "sha": "shall", "'ll": "will"}


@dataclass(frozen=True, slots=True)
class EventMention:
    """One event mention: its head word, TimeML class and attributes.

    ``start``/``end`` are character offsets into the parsed text (for the stage: into
    ``Article.text``), ``token`` the head's index in the parse."""

    start: int
    end: int
    text: str
    lemma: str
    pos: str  # VERB, NOUN, ADJECTIVE
    event_class: str
    tense: str = "NONE"
    aspect: str = "NONE"
    polarity: str = "POS"
    modality: str | None = None
    token: int = 0
    rule: str = "verb"
    confidence: float = 0.8

    def attributes(self) -> dict[str, Any]:
        """The mention's attributes as stored with a :class:`~eventwire.model.Mention`."""
        return {"class": self.event_class, "tense": self.tense, "aspect": self.aspect,
                "polarity": self.polarity, "modality": self.modality, "pos": self.pos,
                "lemma": self.lemma, "rule": self.rule}


@lru_cache(maxsize=1)
def _verb_index() -> frozenset[str]:
    """Base forms of English verbs from spaCy's own lemmatizer tables (WordNet's verbs, in
    the model package; no download). Empty when the model has no such table."""
    try:
        from eventwire.nlp import load_nlp

        lemmatizer = load_nlp().get_pipe("lemmatizer")
        table = lemmatizer.lookups.get_table("lemma_index")  # type: ignore[attr-defined]
        return frozenset(str(v) for v in table["verb"])
    except Exception:
        return frozenset()


def deverbal_base(lemma: str, verbs: frozenset[str] | None = None) -> str | None:
    """The verb a noun is derived from by an eventive suffix ("acquisition" → "acquire",
    "withdrawal" → "withdraw", "bombing" → "bomb", "robbery" → "rob"), or None."""
    verbs = _verb_index() if verbs is None else verbs
    word = lemma.lower()
    if word.endswith("s") and not word.endswith("ss"):
        word = word[:-1]  # "earnings", "talks"
    for suffix, endings in _DERIVATIONS:
        if not word.endswith(suffix):
            continue
        stem = word[: -len(suffix)]
        if len(stem) < 2:
            continue
        for ending in endings:
            cand = stem + ending
            if len(cand) >= 4 and cand in verbs:
                return cand
            # a doubled final consonant: "shipping" → ship, "robbery" → rob
            if ending == "" and len(stem) > 3 and stem[-1] == stem[-2] \
                    and stem[:-1] in verbs:
                return stem[:-1]
        break  # the longest matching suffix decides
    return None


_VERB_CLASSES: tuple[tuple[frozenset[str], str], ...] = (
    (REPORTING_VERBS, "REPORTING"), (PERCEPTION_VERBS, "PERCEPTION"),
    (ASPECTUAL_VERBS, "ASPECTUAL"), (I_ACTION_VERBS, "I_ACTION"), (I_STATE_VERBS, "I_STATE"),
    (STATE_VERBS, "STATE"),
)

#: Lemmas spaCy gets wrong that matter here ("hoped" → "hop").
_LEMMA_FIXES = {"hoped": "hope", "hoping": "hope", "hopes": "hope"}


def _verb_class(tok: Token, lemma: str) -> str:
    """The TimeML class of a verb: its lemma's, refined by its complements."""
    cls = next((c for words, c in _VERB_CLASSES if lemma in words), "OCCURRENCE")
    deps = {c.dep_ for c in tok.children}
    clause = bool(deps & {"ccomp", "parataxis"}) or tok.dep_ == "parataxis"
    infinitive = _takes_infinitive(tok)
    if lemma == "add" and "dobj" in deps and not clause:
        return "OCCURRENCE"  # "added 5 cents" (a report otherwise: "…, he added")
    if lemma == "maintain" and not clause:
        return "STATE"
    if lemma == "call":
        calls_for = any(c.dep_ == "prep" and c.lower_ == "for" for c in tok.children)
        return "I_ACTION" if calls_for or infinitive or "ccomp" in deps else "OCCURRENCE"
    if lemma == "see" and "ccomp" in deps:
        return "I_STATE"  # "sees that …": a belief, not a perception
    if lemma in ("appear", "prove", "tend") and infinitive:
        return "I_STATE"  # "appeared to …"
    if cls == "OCCURRENCE" and infinitive and lemma not in ("go", "come", "use", "get"):
        return "I_ACTION"  # "declined to comment", "moved to block", "voted to approve"
    return cls


# -- the verb group -----------------------------------------------------------------------------


def _auxiliaries(tok: Token) -> list[Token]:
    return sorted((c for c in tok.children if c.dep_ in ("aux", "auxpass")), key=lambda c: c.i)


def _negated(tok: Token) -> bool:
    return any(c.dep_ == "neg" or (c.dep_ == "advmod" and c.lower_ in ("never", "not"))
               for c in tok.children)


def _finite_tense(tag: str) -> str | None:
    if tag == "VBD":
        return "PAST"
    if tag in ("VBZ", "VBP"):
        return "PRESENT"
    return None


def _verb_group(tok: Token) -> tuple[str, str, str | None, bool]:
    """(tense, aspect, modality, negated) of a verb (or copula) from its auxiliaries."""
    auxes = _auxiliaries(tok)
    negated = _negated(tok)
    if not auxes and tok.dep_ == "conj" and tok.head.pos_ in ("VERB", "AUX") \
            and tok.tag_ in ("VB", "VBN", "VBG") and tok.head.i < tok.i:
        # "promising to withdraw … and release": a conjunct without auxiliaries of its own
        # shares the first conjunct's verb group (when its own form does not say otherwise).
        head = tok.head
        if (_auxiliaries(head) and tok.tag_ == head.tag_) or tok.tag_ == "VB":
            shared = _verb_group(head)
            return shared[0], shared[1], shared[2], negated or shared[3]
    modality: str | None = None
    tense: str | None = None
    perfective = progressive = False
    for i, aux in enumerate(auxes):
        lower = aux.lower_
        if aux.tag_ == "MD":
            form = _MODAL_FORMS.get(lower, lower)
            if form in _FUTURE_MODALS or form in ("will", "shall"):
                tense = tense or "FUTURE"
            else:
                modality = modality or form
                tense = tense or "NONE"
            continue
        if aux.tag_ == "TO" or lower == "to":
            tense = tense or "INFINITIVE"
            continue
        if tense is None:
            tense = _finite_tense(aux.tag_) or (
                "PRESPART" if aux.tag_ == "VBG" else "PASTPART" if aux.tag_ == "VBN"
                else None)
        lemma = aux.lemma_.lower()
        nxt = auxes[i + 1] if i + 1 < len(auxes) else tok
        if lemma == "have" and nxt.tag_ == "VBN":
            perfective = True
        elif lemma == "be" and ((aux.dep_ == "aux" and nxt.tag_ == "VBG")
                                or (nxt is not tok and nxt.lower_ == "being")):
            progressive = True  # "is leaving", "is being built"
    if tense is None:
        own = _finite_tense(tok.tag_)
        if own is not None:
            tense = own
        elif tok.tag_ == "VBG":
            tense = "PRESPART" if tok.pos_ in ("VERB", "AUX") else "NONE"
        elif tok.tag_ == "VBN":
            # a participle heading its clause is a past tense the tagger missed
            tense = "PAST" if tok.dep_ in ("ROOT", "conj", "ccomp") and not auxes \
                and any(c.dep_ in ("nsubj", "nsubjpass") for c in tok.children) \
                else "PASTPART"
        elif tok.tag_ == "VB":
            # "expected to rise … and fall": an infinitive; "let them go": a bare present
            tense = "INFINITIVE" if tok.dep_ == "xcomp" else "PRESENT"
        else:
            tense = "NONE"
    if modality is not None:
        tense = "NONE"
    aspect = ("PERFECTIVE_PROGRESSIVE" if perfective and progressive
              else "PERFECTIVE" if perfective else "PROGRESSIVE" if progressive else "NONE")
    return tense, aspect, modality, negated


# -- recognition ----------------------------------------------------------------------------------


def _verb_event(tok: Token) -> bool:
    lemma = tok.lemma_.lower()
    if lemma in NON_EVENT_VERBS or not tok.is_alpha:
        return False
    if tok.dep_ == "amod" and tok.tag_ in ("VBN", "VBG"):
        return False  # attributive participle: "the wounded soldiers"
    deps = {c.dep_ for c in tok.children}
    prepositional = tok.dep_ == "prep" or (
        tok.dep_ in ("advcl", "acl") and tok.tag_ in ("VBG", "VBN")
        and lemma in PREPOSITIONAL_PARTICIPLES and bool(deps & {"pobj", "prep"})
        and not deps & {"nsubj", "dobj"})
    if prepositional:
        return lemma == "accord"  # "according to X" reports; "based on", "including" do not
    if lemma in ("have", "go") and _takes_infinitive(tok):
        # "have to": a modality of the verb it governs; "going to": a future
        return lemma == "go" and tok.tag_ != "VBG"
    return True


def _takes_infinitive(tok: Token) -> bool:
    """Whether a verb governs a to-infinitive ("tried to leave")."""
    return any(c.dep_ == "xcomp" and any(a.tag_ == "TO" for a in c.children)
               for c in tok.children)


def _noun_event(tok: Token, verbs: frozenset[str]) -> tuple[str, str | None] | None:
    """(rule, deverbal base) when a noun is an event nominal, else None."""
    if tok.ent_type_ in _NAME_ENTITIES or not tok.is_alpha or len(tok.text) < 3:
        return None
    if tok.dep_ in _MODIFIER_DEPS:
        return None  # "the sale price", "Iraq's war": a modifier of another noun
    lemma = tok.lemma_.lower()
    if lemma in _TIME_NOUNS or lemma in NON_EVENT_NOUNS:
        return None
    if tok.tag_ == "NNS" and lemma in _NON_EVENT_PLURALS:
        return None
    if lemma == "result" and tok.head.lower_ == "as":
        return None  # "as a result"
    if lemma in EVENT_NOUNS:
        return "event noun", None
    base = deverbal_base(lemma, verbs)
    if base is not None and base not in NON_EVENT_VERBS:
        return "deverbal noun", base
    return None


def _copula_of(tok: Token) -> Token | None:
    head = tok.head
    if tok.dep_ in ("acomp", "attr") and head.lemma_.lower() in _COPULAS:
        return head
    return None


def find_event_mentions(doc: Doc | Span) -> list[EventMention]:
    """The event mentions of a parse (offsets into ``doc``'s text), in text order."""
    verbs = _verb_index()
    out: list[EventMention] = []
    for tok in doc:
        pos = tok.pos_
        lemma = _LEMMA_FIXES.get(tok.lower_) or tok.lemma_.lower()
        if pos == "VERB":
            if not _verb_event(tok):
                continue
            tense, aspect, modality, negated = _verb_group(tok)
            cls = _verb_class(tok, lemma)
            out.append(_mention(tok, lemma, "VERB", cls, tense, aspect, modality, negated,
                                "verb", 0.8))
        elif pos == "NOUN":
            found = _noun_event(tok, verbs)
            if found is None:
                continue
            rule, base = found
            copula = _copula_of(tok)
            tense, aspect, modality, negated = (_verb_group(copula) if copula is not None
                                                else ("NONE", "NONE", None, False))
            negated = negated or any(c.dep_ == "det" and c.lower_ == "no" for c in tok.children)
            cls = NOUN_CLASSES.get(lemma, "OCCURRENCE")
            out.append(_mention(tok, lemma, "NOUN", cls, tense, aspect,
                                modality, negated, rule, 0.7 if base is None else 0.6))
        elif pos == "ADJ" and lemma in EVENT_ADJECTIVES:
            copula = _copula_of(tok)
            if copula is None:
                continue
            tense, aspect, modality, negated = _verb_group(copula)
            negated = negated or _negated(tok)
            out.append(_mention(tok, lemma, "ADJECTIVE", EVENT_ADJECTIVES[lemma], tense, aspect,
                                modality, negated, "predicative adjective", 0.5))
    return out


def _mention(tok: Token, lemma: str, pos: str, cls: str, tense: str, aspect: str,
             modality: str | None, negated: bool, rule: str, confidence: float
             ) -> EventMention:
    return EventMention(start=tok.idx, end=tok.idx + len(tok.text), text=tok.text, lemma=lemma,
                        pos=pos, event_class=cls, tense=tense, aspect=aspect,
                        polarity="NEG" if negated else "POS", modality=modality, token=tok.i,
                        rule=rule, confidence=confidence)


class EventMentionStage:
    """TimeML-style event mentions of the title and body segments (``mentions.event``).

    Appends one :class:`~eventwire.model.Mention` per event mention: ``kind`` EVENT,
    ``label`` its TimeML class, ``normalized`` its lemma, ``attributes`` class, tense,
    aspect, polarity, modality, pos, lemma and the rule that found it."""

    name = STAGE
    requires: tuple[str, ...] = ("parsed",)
    assigns: tuple[str, ...] = ("mentions.event",)

    def __call__(self, ctx: AnalysisContext) -> None:
        for ps in ctx.parsed:
            if ps.segment.kind not in EVENT_SEGMENTS:
                continue
            for em in find_event_mentions(ps.doc):
                start = ps.offset + em.start
                ctx.mentions.append(Mention(
                    article_id=ctx.article.id, kind=MentionKind.EVENT, label=em.event_class,
                    start=start, end=start + len(em.text), text=em.text,
                    segment=ps.segment.kind, stage=self.name, confidence=em.confidence,
                    normalized=em.lemma, attributes=em.attributes(),
                ))
