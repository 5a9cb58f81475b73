"""Status and hedging of an event mention, read from the words that govern its trigger.

Status (:class:`~eventwire.model.EventStatus`): walking up from the trigger through
complement and modifier links (not through reporting verbs, which are attribution):

* ``planned``     under plan/intend/prepare/aim/decide…, an intention/plan noun, or a future
                  auxiliary ("will", "is going to");
* ``speculated``  under talks/speculation/rumours/possibility, or a weak modal (may, might, could);
* ``demanded``    under demand/call for/urge/bill/decision: the thing asked for, not a happening;
* ``denied``      under deny; ``negated`` with a negation on the trigger's own clause, or
                  under a refusal (refuse, reject, veto, cancel, scrap, abandon, rule out);
* ``conditional`` in an if/unless clause;
* ``occurred``    otherwise.

Hedges: cue adverbs ("reportedly", "allegedly", "purportedly"…) on the trigger's own chain count;
the same word on a side remark (a participle describing someone) does not, because side
remarks are never on that chain.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from eventwire.model import EventStatus

if TYPE_CHECKING:
    from spacy.tokens import Token

__all__ = ["HEDGE_CUES", "event_status", "hedge_cues"]

PLAN = {"plan", "intend", "intention", "aim", "prepare", "decide", "expect", "schedule",
        "propose", "want", "seek", "threaten", "vow", "swear", "pledge", "promise", "mull",
        "consider"}
SPECULATE = {"talk", "speculation", "rumor", "rumour", "possibility", "prospect", "chance",
             "likelihood", "reports"}
DEMAND = {"demand", "call", "urge", "ask", "request", "press", "insist", "decision", "bill",
          "resolution", "motion", "require", "order", "appeal"}
DENY = {"deny"}
#: Frames that keep their content from happening: "refused to withdraw", "rejected the deal",
#: "called off the visit".
REFUSE = {"refuse", "reject", "veto", "cancel", "scrap", "abandon", "decline", "rule"}
FUTURE_AUX = {"will", "shall", "'ll"}
WILLING = {"willing", "ready", "prepared", "eager", "keen", "determined", "poised"}
WEAK_MODALS = {"may", "might", "could"}
REPORTING = {"say", "tell", "add", "state", "announce", "report", "highlight", "note", "claim",
             "explain", "confirm", "stress", "write", "quote", "cite", "according"}
HEDGE_CUES = {"reportedly", "allegedly", "purportedly", "apparently", "supposedly",
              "possibly", "presumably", "reputedly"}
#: Links followed upwards when looking for what governs a trigger.
_UP = {"xcomp", "ccomp", "pobj", "prep", "dobj", "acl", "nsubj", "nsubjpass", "conj", "attr",
       "compound", "relcl", "pcomp", "advcl", "oprd"}
_MAX_UP = 6


#: Links through which a frame word (plan, demand, talks) takes a trigger as its content.
_COMPLEMENT = {"xcomp", "ccomp", "dobj", "acl", "pobj", "conj", "attr", "oprd", "pcomp",
               "compound", "nsubjpass"}
_CONTENT_PREPS = {"of", "for", "to", "on", "about", "over"}


def _chain(trigger: Token) -> list[Token]:
    """The trigger and the words above it, up to a reporting verb or the sentence root."""
    return [tok for tok, _ in _chain_with_links(trigger)]


def _chain_with_links(trigger: Token) -> list[tuple[Token, bool]]:
    """(word, reached only through complement links) pairs from the trigger upwards."""
    chain = [(trigger, True)]
    tok = trigger
    complement = True
    for _ in range(_MAX_UP):
        if tok.dep_ not in _UP or tok.head.i == tok.i:
            break
        if tok.dep_ == "prep" and tok.lower_ not in _CONTENT_PREPS:
            complement = False  # "requested … in a phone call": an adjunct, not the content
        elif tok.dep_ not in _COMPLEMENT and tok.dep_ != "prep" and not _infinitive(tok):
            complement = False
        tok = tok.head
        if tok.lemma_.lower() in REPORTING:
            break
        chain.append((tok, complement))
    return chain


def _infinitive(tok: Token) -> bool:
    """A bare to-infinitive the parser attached as a modifier ("have sworn to fight": advcl);
    under a plan verb it is that verb's complement, as the xcomp would be."""
    return tok.dep_ == "advcl" and any(c.lower_ == "to" and c.dep_ == "aux"
                                       for c in tok.children) \
        and not any(c.dep_ == "mark" for c in tok.children)


def event_status(trigger: Token) -> EventStatus:
    """The status of the event whose trigger is ``trigger``."""
    chain = _chain_with_links(trigger)
    for i, (tok, complement) in enumerate(chain):
        lemma = tok.lemma_.lower()
        aux = {c.lower_ for c in tok.children if c.dep_ in ("aux", "auxpass")}
        neg = any(c.dep_ == "neg" for c in tok.children)
        marks = {c.lower_ for c in tok.children if c.dep_ == "mark"}
        # "will withdraw … unless X arranges a ceasefire": a condition on this clause.
        conditions = {m.lower_ for c in tok.children if c.dep_ == "advcl"
                      for m in c.children if m.dep_ == "mark"}
        if marks & {"if", "unless"} or (complement and conditions & {"if", "unless"}):
            return EventStatus.CONDITIONAL
        if i > 0 and lemma in DENY:
            return EventStatus.DENIED
        if neg and (i == 0 or (tok.pos_ in ("VERB", "AUX") and _negation_reaches(trigger, tok))):
            return EventStatus.NEGATED
        if i > 0 and complement and (lemma in REFUSE and _refusal(tok)):
            return EventStatus.NEGATED
        if i > 0 and complement and lemma in SPECULATE:
            return EventStatus.SPECULATED
        if i > 0 and complement and lemma in PLAN:
            return EventStatus.PLANNED
        if i > 0 and complement and lemma in DEMAND:
            return EventStatus.DEMANDED
        if aux & FUTURE_AUX or "going" in {c.lower_ for c in tok.children if c.dep_ == "aux"}:
            return EventStatus.PLANNED
        if "would" in aux and _reported(tok):
            return EventStatus.PLANNED  # "officials said troops would withdraw": future-in-past
        if aux & WEAK_MODALS:
            return EventStatus.SPECULATED
        # "plans a series of protests": a plan noun governing the trigger.
        if i == 0 and trigger.pos_ == "NOUN" and tok.head.lemma_.lower() in PLAN \
                and tok.dep_ in ("dobj", "pobj"):
            return EventStatus.PLANNED
        if tok.pos_ in ("VERB", "AUX") and i > 0 and tok.dep_ == "ROOT":
            break
    # "X is willing / ready / prepared to withdraw": an intention.
    if trigger.dep_ == "xcomp" and trigger.head.lemma_.lower() in WILLING:
        return EventStatus.PLANNED
    # "ahead of anti-government rallies": what a clause is ahead of has not happened yet.
    if trigger.dep_ == "pobj" and trigger.head.lower_ == "of" \
            and trigger.head.head.lower_ in ("ahead", "pending"):
        return EventStatus.PLANNED
    # "intention to withdraw": infinitive complement of a plan noun.
    head = trigger.head
    if trigger.dep_ in ("acl", "xcomp") and head.lemma_.lower() in PLAN:
        return EventStatus.PLANNED
    return EventStatus.OCCURRED


#: Verbs whose negation negates the act their object noun names ("did not launch an
#: attack", "did not order a strike"). Not the event stage's light verbs: "did not end the
#: fighting" or "did not lift sanctions" leaves the fighting and the sanctions in place.
NEGATING_VERBS = {"make", "hold", "carry", "launch", "conduct", "stage", "give", "issue", "take",
               "have", "begin", "start", "mount", "impose", "provide", "offer", "sign", "reach",
               "lodge", "file", "deliver", "send", "order", "allow", "permit", "authorize",
               "authorise", "approve", "plan", "intend"}


def _refusal(tok: Token) -> bool:
    """Whether a refusal frame refuses ("ruled out talks", "called off the visit"); "rule"
    only with "out", "call" is not in the set (a demand), "decline" only as a verb."""
    lemma = tok.lemma_.lower()
    if lemma == "rule":
        return any(c.dep_ == "prt" and c.lower_ == "out" for c in tok.children)
    return tok.pos_ in ("VERB", "AUX")


def _negation_reaches(trigger: Token, verb: Token) -> bool:
    """Whether "not" on ``verb`` negates the event of ``trigger``. A verb trigger under it
    ("did not withdraw", "refused to say it would not attack") is negated; an event noun is
    negated only through a light verb ("did not launch an attack"). A noun that is merely
    talked about ("police were not linking the arrests to the protests") is presupposed."""
    if trigger.pos_ not in ("NOUN", "PROPN"):
        return True
    return verb.lemma_.lower() in NEGATING_VERBS


def _reported(tok: Token) -> bool:
    """Whether the clause of ``tok`` is the complement of a reporting verb."""
    for _ in range(3):
        if tok.dep_ not in ("ccomp", "xcomp", "conj") or tok.head.i == tok.i:
            return False
        tok = tok.head
        if tok.lemma_.lower() in REPORTING:
            return True
    return False


def hedge_cues(trigger: Token) -> list[str]:
    """Hedge adverbs on the trigger's own chain of governing words."""
    cues: list[str] = []
    for tok in _chain(trigger):
        for child in tok.children:
            if child.dep_ == "advmod" and child.lower_ in HEDGE_CUES and not _on_participle(
                child, trigger
            ):
                cues.append(child.text)
    return cues


def _on_participle(adverb: Token, trigger: Token) -> bool:
    """"Troops purportedly guarding the pipeline arrested …": an adverb right before a
    participle other than the trigger qualifies that participle (a side remark), whatever
    the parser attached it to."""
    doc = adverb.doc
    if adverb.i + 1 >= len(doc):
        return False
    nxt = doc[adverb.i + 1]
    return nxt.i != trigger.i and nxt.tag_ in ("VBG", "VBN") and not any(
        c.dep_ in ("aux", "auxpass") for c in nxt.children
    )
