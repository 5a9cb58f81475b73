"""``eventwire eval events --dataset MEANTIME``: the event stage scored on MEANTIME.

Dataset: the English NewsReader MEANTIME corpus (Minard et al. 2016), Wikinews articles in CAT
XML: tokens (sentence 0 the title, sentence 1 the date line), token-anchored ``EVENT_MENTION``
markables with their attributes (``pred``, ``pos``, ``tense``, ``aspect``, ``certainty``,
``polarity``, ``time``, ``special_cases``), ``EVENT`` instances (``class`` SPEECH_COGNITIVE,
GRAMMATICAL, OTHER or MIX; ``instance_id`` when linked at corpus level) and ``REFERS_TO``
relations from mentions to instances. A dataset is one file or a folder searched recursively;
the folder holding a file is its corpus (``corpus_airbus``, ``corpus_apple``).

Annotation layers (what can be scored where):

* the **document level** covers the title and the first sentences (sentence numbers 0-5):
  every event mention there is annotated, with its attributes;
* the **corpus level** (CROMER) adds, in the rest of the document, the further mentions of
  the instances the document level found, without attributes — a partial layer: a system
  mention there that matches nothing cannot be called wrong.

The text is rebuilt from the tokens exactly as :func:`eventwire.evaluation.time.read_meantime`
does (one line per sentence) and given to the pipeline as an article: sentence 0 a TITLE
segment, sentence 1 (the date line) a DATELINE segment, every later sentence a BODY segment;
published on the ``CREATION_TIME`` date, by Wikinews. The event stage codes events from body
text only (headlines restate the body), so **title mentions are not scored** (their number
is in the details). Nothing of the gold annotation but the text and its date reaches the
system.

System mentions: every distinct span among each event's trigger and evidence spans (an event
merged from several mentions in the article has several evidence spans; the trigger is one of
them); a span two events share counts once, for the first event.

1. **Mention detection** (section ``mentions``), on the scored part — body sentences of the
   document level (sentences 2-5): ``mention_p/r/f1`` strict (the system span is exactly the
   gold extent, first to last anchored token) and ``mention_relaxed_p/r/f1`` (the spans
   overlap). Both are one-to-one: a maximum matching in which exact pairs, then larger
   overlaps, are preferred.

   **In scope** (section ``scope``, ``scope_mention_*``): MEANTIME annotates every event,
   while the stage codes political, conflict and economic happenings (PLOVER types). The
   corpus has no domain label, so the subset is chosen from what is annotated: gold mentions
   whose instance class is OTHER (actions, occurrences, changes of state) or MIX, and that
   are not generic (``special_cases`` GEN: "airlines buy planes"). Left out: SPEECH_COGNITIVE
   (say, announce, believe — in our data model a statement is a *source* of an event, not an
   event, save the few speech acts PLOVER codes), GRAMMATICAL (be, take place, begin — never
   events of their own), generic mentions and mentions linked to no instance. A system
   mention matched to a gold mention outside the subset is neither right nor wrong there: it
   is left out of the scoped precision.

   **The event-mention layer** (``layer_mention_*`` in section ``mentions``,
   ``layer_scope_mention_*`` in section ``scope``, details in ``mentions.details.layer``):
   the same detection scores, on the same scored part, matching and subset, for the mentions
   of the ``event_mentions`` stage (TimeML-style, every event: :mod:`eventwire.events.mentions`)
   instead of the coded events' spans. MEANTIME annotates every event, as that layer does, so
   this measures the layer against its own kind of annotation; its extents are head words
   while MEANTIME's may span several tokens ("take place"), which the strict figures count as
   misses.

2. **Within-document coreference** (section ``wd_coref``), *on the intersection*: the gold
   mentions of the whole document (both layers) that the relaxed matching pairs with a system
   mention. Key: their gold chains (the ``EVENT`` instance each refers to); response: their
   system events (an event with several evidence spans is one chain). Scored with MUC, B³,
   CEAF-e and CoNLL F1 (:func:`eventwire.evaluation.coref.conll_scores`, singletons
   included). This measures the merge, not detection: a mention we did not find, or found
   but gold did not annotate, is in neither clustering. Baselines on the same mentions, same
   run: every mention alone, and the same head lemma within the document (spaCy's lemma of
   the head of the gold extent). ``wd_e2e_conll_f1`` is the end-to-end score on the scored
   part instead: every gold mention against every system mention, twinless mentions kept on
   either side (as the reference scorer of Pradhan et al. 2014 treats them), so it counts
   detection errors too.

3. **Cross-document coreference** (section ``xd_coref``): the events of each corpus
   (airbus, apple) clustered by :func:`eventwire.events.crossdoc.cluster_events`, scored on
   the same intersection against the corpus-level instances (``instance_id`` shared across
   documents; an instance with no id is its document's own). Baseline: the same head lemma
   within the corpus.

4. **Status** (section ``status``): on matched mentions with determined attributes, the
   matched event's status against what MEANTIME's attributes allow —

   ===========================================  ===============================
   gold (first rule that applies)               our statuses counted right
   ===========================================  ===============================
   ``polarity`` NEG                             negated, denied
   ``special_cases`` COND_MAIN/COND_IF_CLAUSE   conditional
   ``time`` FUTURE                              planned, demanded (and
                                                speculated if ``certainty`` is
                                                POSSIBLE or PROBABLE)
   ``certainty`` POSSIBLE or PROBABLE           speculated
   otherwise (POS, CERTAIN, NON_FUTURE)         occurred
   ===========================================  ===============================

   A mention whose polarity, certainty or time is UNDERSPECIFIED or missing is not scored.
   ``baseline_status_acc`` answers "occurred" every time.

``limit`` keeps the first N documents (sorted by path: the airbus corpus first). The 60
development documents take about 10 s on one core (the pipeline is most of it).
"""

from __future__ import annotations

import re
import time
import xml.etree.ElementTree as ET
from collections import Counter, defaultdict
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from eventwire.errors import GoldFormatError
from eventwire.evaluation.coref import conll_scores
from eventwire.evaluation.report import EvalReport, Section, prf
from eventwire.evaluation.time import _parse_date, cat_text
from eventwire.model import MentionKind

if TYPE_CHECKING:
    from eventwire.model import Article, Event, Mention
    from eventwire.pipeline import ParsedSegment, Pipeline

__all__ = [
    "IN_SCOPE_CLASSES",
    "MeantimeDoc",
    "MeantimeMention",
    "evaluate_meantime_events",
    "expected_statuses",
    "is_meantime_dataset",
    "match_spans",
    "meantime_article",
    "parse_meantime",
    "read_meantime_events",
]

#: Instance classes of the in-scope subset (see the module docstring).
IN_SCOPE_CLASSES = frozenset({"OTHER", "MIX"})
#: The last sentence number of MEANTIME's document-level annotation.
LAST_DOC_LEVEL_SENTENCE = 5

_MAX_SAMPLES = 200


# -- reading ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class MeantimeMention:
    """A gold event mention: its extent in the rebuilt text, its chains and attributes."""

    id: str  # "<doc_id>:<m_id>"
    doc_id: str
    sentence: int
    start: int
    end: int
    text: str
    #: character spans of the anchored tokens (a mention may be discontinuous)
    token_spans: tuple[tuple[int, int], ...]
    #: the within-document chain: "<doc_id>:<EVENT m_id>", or "<doc_id>:m<m_id>" when the
    #: mention refers to no instance
    chain: str
    #: the corpus-level instance: the EVENT's ``instance_id``, else the chain
    instance: str
    #: the instance's class (OTHER, SPEECH_COGNITIVE, GRAMMATICAL, MIX), None if unlinked
    event_class: str | None
    #: the EVENT_MENTION's attributes (pred, pos, tense, aspect, certainty, polarity, time,
    #: special_cases, modality), as written; empty for corpus-level mentions
    attributes: tuple[tuple[str, str], ...] = ()

    def attr(self, name: str) -> str:
        return dict(self.attributes).get(name, "")

    @property
    def document_level(self) -> bool:
        """Annotated at document level (the fully annotated first sentences)."""
        return self.sentence <= LAST_DOC_LEVEL_SENTENCE

    @property
    def in_scope(self) -> bool:
        """In the subset of events the stage is meant to code (see the module docstring)."""
        return self.event_class in IN_SCOPE_CLASSES and self.attr("special_cases") != "GEN"


@dataclass
class MeantimeDoc:
    """One MEANTIME document: its rebuilt text, sentences, date and gold event mentions."""

    doc_id: str
    name: str
    corpus: str
    text: str
    #: sentence number -> (start, end) in ``text``
    sentences: dict[int, tuple[int, int]]
    dct: date | None
    url: str | None = None
    #: the sentence number of the date line, if the document has one
    dateline: int | None = None
    mentions: list[MeantimeMention] = field(default_factory=list)

    @property
    def title_sentence(self) -> int | None:
        return min(self.sentences) if self.sentences else None

    def body_sentence(self, n: int) -> bool:
        return n != self.title_sentence and n != self.dateline

    def scored(self, start: int) -> bool:
        """Whether a span starting at ``start`` lies in the scored part: a body sentence of
        the document level."""
        for n, (s, e) in self.sentences.items():
            if s <= start < e:
                return self.body_sentence(n) and n <= LAST_DOC_LEVEL_SENTENCE
        return False


_DATE_LINE = re.compile(
    r"^\s*(?:\w+day,?\s+)?(?:\d{1,2}\s+)?(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)"
    r"[a-z]*\.?\s+\d{1,2}?\s*,?\s*\d{4}\s*$|^\s*\d{4}-\d{2}-\d{2}\s*$", re.I)


def parse_meantime(xml: str | bytes, *, name: str = "", corpus: str = "") -> MeantimeDoc:
    """One CAT XML document. ``name``: its file name (for ids when the XML has none);
    ``corpus``: the corpus it belongs to (the folder's name)."""
    root = ET.fromstring(xml)
    doc_id = root.get("doc_id") or re.sub(r"\.xml$", "", root.get("doc_name") or name)
    tokens = root.findall("token")
    # The text exactly as eventwire.evaluation.time.read_meantime rebuilds it.
    rebuilt = cat_text(tokens)
    text, offsets = rebuilt.text, rebuilt.offsets
    token_sentence, sentences = rebuilt.token_sentence, rebuilt.sentences

    markables = root.find("Markables")
    elements = list(markables) if markables is not None else []
    instances = {el.get("m_id", ""): el for el in elements if el.tag == "EVENT"}
    dct: date | None = None
    dct_sentences: set[int] = set()
    for el in elements:
        if el.tag == "TIMEX3" and el.get("functionInDocument") == "CREATION_TIME":
            dct = dct or _parse_date(el.get("value", ""))
            dct_sentences |= {token_sentence[a.get("t_id", "")]
                              for a in el.findall("token_anchor")
                              if a.get("t_id", "") in token_sentence}
    refers: dict[str, str] = {}
    relations = root.find("Relations")
    for rel in sorted(relations if relations is not None else [],
                      key=lambda r: int(r.get("r_id", "0") or 0)):
        if rel.tag != "REFERS_TO":
            continue
        target = rel.find("target")
        if target is None or target.get("m_id", "") not in instances:
            continue
        for src in rel.findall("source"):
            refers.setdefault(src.get("m_id", ""), target.get("m_id", ""))

    ordered = sorted(sentences)
    dateline: int | None = None
    if len(ordered) > 1:
        second = ordered[1]
        s, e = sentences[second]
        if second in dct_sentences or _DATE_LINE.match(text[s:e]):
            dateline = second
    doc = MeantimeDoc(doc_id=doc_id, name=name or doc_id, corpus=corpus, text=text,
                      sentences=sentences, dct=dct, url=root.get("url"), dateline=dateline)
    for el in elements:
        if el.tag != "EVENT_MENTION":
            continue
        anchors = [a.get("t_id", "") for a in el.findall("token_anchor")]
        spans = sorted(offsets[a] for a in anchors if a in offsets)
        if not spans:
            continue
        m_id = el.get("m_id", "")
        target_id = refers.get(m_id)
        instance = instances.get(target_id or "")
        chain = f"{doc_id}:{target_id}" if target_id else f"{doc_id}:m{m_id}"
        start, end = spans[0][0], spans[-1][1]
        attributes = tuple(sorted((k, v) for k, v in el.attrib.items()
                                  if k not in ("m_id", "comment")))
        doc.mentions.append(MeantimeMention(
            id=f"{doc_id}:{m_id}", doc_id=doc_id,
            sentence=token_sentence[next(a for a in anchors if a in offsets)],
            start=start, end=end, text=text[start:end], token_spans=tuple(spans),
            chain=chain,
            instance=(instance.get("instance_id") or chain) if instance is not None else chain,
            event_class=instance.get("class") if instance is not None else None,
            attributes=attributes,
        ))
    doc.mentions.sort(key=lambda m: (m.start, m.end, m.id))
    return doc


def _is_cat_xml(path: Path) -> bool:
    try:
        with path.open("r", encoding="utf-8", errors="replace") as fh:
            head = fh.read(4000)
    except OSError:
        return False
    return "<Document" in head and "<token" in head


def _files(dataset: Path) -> list[Path]:
    if dataset.is_dir():
        return sorted(p for p in dataset.rglob("*.xml") if _is_cat_xml(p))
    return [dataset] if dataset.is_file() and _is_cat_xml(dataset) else []


def is_meantime_dataset(path: Path) -> bool:
    """Whether ``path`` is a CAT XML document or a folder holding some (MEANTIME's format)."""
    if path.is_file():
        return path.suffix.lower() == ".xml" and _is_cat_xml(path)
    if path.is_dir():
        return next((True for p in sorted(path.rglob("*.xml")) if _is_cat_xml(p)), False)
    return False


def read_meantime_events(dataset: Path, *, limit: int | None = None) -> list[MeantimeDoc]:
    """The CAT XML documents of a file or a folder (recursively, sorted by path); each one's
    corpus is the name of its folder, without a ``corpus_`` prefix."""
    dataset = Path(dataset)
    if not dataset.exists():
        raise GoldFormatError(f"dataset not found: {dataset}")
    paths = _files(dataset)
    if not paths:
        raise GoldFormatError(f"no MEANTIME (CAT XML) documents in {dataset}")
    if limit is not None:
        paths = paths[:limit]
    docs: list[MeantimeDoc] = []
    for p in paths:
        corpus = re.sub(r"^corpus_", "", p.parent.name)
        try:
            docs.append(parse_meantime(p.read_bytes(), name=p.stem, corpus=corpus))
        except (ET.ParseError, OSError) as exc:
            raise GoldFormatError(f"cannot read {p}: {exc}") from exc
    return docs


def meantime_article(doc: MeantimeDoc) -> Article:
    """The document as an :class:`Article`: the title a TITLE segment, the date line a
    DATELINE segment, every other sentence a BODY segment; published on the document's
    creation time (or its date line), by Wikinews."""
    from eventwire.model import Article, DateSource, Segment, SegmentKind, article_id_for
    from eventwire.timex import dct_from_dateline

    segments = []
    for n, (s, e) in sorted(doc.sentences.items()):
        kind = (SegmentKind.TITLE if n == doc.title_sentence
                else SegmentKind.DATELINE if n == doc.dateline else SegmentKind.BODY)
        segments.append(Segment(kind=kind, start=s, end=e, text=doc.text[s:e],
                                reason="MEANTIME sentence"))
    published, source = doc.dct, DateSource.GIVEN
    if published is None:
        published = dct_from_dateline(doc.text)
        source = DateSource.DATELINE if published else DateSource.UNKNOWN
    title = doc.text[slice(*doc.sentences[doc.title_sentence])] \
        if doc.title_sentence is not None else None
    return Article(id=article_id_for(doc.doc_id + "\n" + doc.text), source_ref=doc.name,
                   input_format="meantime", url=doc.url, publisher="Wikinews",
                   published=published, published_source=source, title=title,
                   text=doc.text, segments=segments)


# -- matching ---------------------------------------------------------------------------------


def match_spans(gold: Sequence[Sequence[tuple[int, int]]], pred: Sequence[tuple[int, int]],
                *, strict: bool = False) -> dict[int, int]:
    """A one-to-one matching of gold mentions to predicted spans (index → index).

    Each gold mention is given by the character spans of its tokens (one span for a
    contiguous mention); its extent runs from the first to the last. ``strict``: only a
    predicted span equal to the extent pairs. Otherwise a predicted span pairs with a gold
    mention when it overlaps one of its tokens (not merely the gap of a discontinuous
    mention), as many pairs as can be (a maximum bipartite matching, by augmenting paths),
    each gold mention trying first a span equal to its extent, then the spans sharing most
    characters with its tokens; gold mentions are taken in order (deterministic)."""
    candidates: list[list[int]] = []
    for pieces in gold:
        if not pieces:
            candidates.append([])
            continue
        extent = (pieces[0][0], pieces[-1][1])
        opts = []
        for j, (ps, pe) in enumerate(pred):
            exact = (ps, pe) == extent
            if strict:
                if exact:
                    opts.append((0, 0, j))
                continue
            overlap = sum(max(0, min(ge, pe) - max(gs, ps)) for gs, ge in pieces)
            if overlap > 0:
                opts.append((0 if exact else 1, -overlap, j))
        candidates.append([j for *_, j in sorted(opts)])
    owner: dict[int, int] = {}  # pred index -> gold index

    def augment(i: int, seen: set[int]) -> bool:
        for j in candidates[i]:
            if j in seen:
                continue
            seen.add(j)
            if j not in owner or augment(owner[j], seen):
                owner[j] = i
                return True
        return False

    for i in range(len(gold)):
        augment(i, set())
    return {i: j for j, i in owner.items()}


# -- status -----------------------------------------------------------------------------------

_UNDETERMINED = frozenset({"", "UNDERSPECIFIED"})


def expected_statuses(attributes: Mapping[str, str]) -> frozenset[str] | None:
    """Our :class:`~eventwire.model.EventStatus` values that agree with a gold mention's
    MEANTIME attributes (the table in the module docstring); None when not determined."""
    polarity = attributes.get("polarity", "")
    certainty = attributes.get("certainty", "")
    when = attributes.get("time", "")
    if polarity in _UNDETERMINED or certainty in _UNDETERMINED or when in _UNDETERMINED:
        return None
    if polarity == "NEG":
        return frozenset({"negated", "denied"})
    if attributes.get("special_cases", "").startswith("COND"):
        return frozenset({"conditional"})
    uncertain = certainty in ("POSSIBLE", "PROBABLE")
    if when == "FUTURE":
        return frozenset({"planned", "demanded", *(("speculated",) if uncertain else ())})
    if uncertain:
        return frozenset({"speculated"})
    return frozenset({"occurred"})


# -- the evaluation ---------------------------------------------------------------------------


@dataclass
class _Analysed:
    doc: MeantimeDoc
    article: Article
    events: list[Event]
    mentions: list[Mention]
    #: system mentions: (start, end, event id), distinct spans in event order
    pred: list[tuple[int, int, str]]
    #: gold mention id -> index into ``pred`` (relaxed matching, the whole document)
    relaxed: dict[str, int]
    #: gold mention id -> index into ``pred`` (strict matching)
    strict: dict[str, int]
    #: gold mention id -> head lemma (spaCy)
    lemma: dict[str, str]
    shared_spans: int = 0
    #: the event-mention layer's spans: (start, end, lemma), and its matchings (gold mention
    #: id -> index into ``layer``)
    layer: list[tuple[int, int, str]] = field(default_factory=list)
    layer_relaxed: dict[str, int] = field(default_factory=dict)
    layer_strict: dict[str, int] = field(default_factory=dict)


def _analyse(doc: MeantimeDoc, pipeline: Pipeline) -> tuple[Article, Any]:
    """Every pipeline stage on one document, keeping the context (the parse is needed for
    the baseline's lemmas; :class:`ArticleResult` carries none)."""
    article = meantime_article(doc)
    ctx = pipeline.analyse(article)
    return article, ctx


def _head_lemmas(doc: MeantimeDoc, parsed: Sequence[ParsedSegment]) -> dict[str, str]:
    """Each gold mention's head lemma: spaCy's lemma of the syntactic head of the tokens of
    its extent (the first whose head lies outside them), lower case; its text if unparsed."""
    out: dict[str, str] = {}
    for m in doc.mentions:
        lemma = m.text.lower()
        for ps in parsed:
            off = ps.offset
            if not (off <= m.start < off + len(ps.doc.text)):
                continue
            toks = [t for t in ps.doc
                    if any(t.idx + off < e and b < t.idx + off + len(t.text)
                           for b, e in m.token_spans)]
            if toks:
                inside = {t.i for t in toks}
                head = next((t for t in toks if t.head.i not in inside or t.head.i == t.i),
                            toks[-1])
                lemma = head.lemma_.lower()
            break
        out[m.id] = lemma
    return out


def _system_mentions(events: Iterable[Event]) -> tuple[list[tuple[int, int, str]], int]:
    pred: list[tuple[int, int, str]] = []
    owner: dict[tuple[int, int], str] = {}
    shared = 0
    for ev in events:
        for sp in (ev.trigger, *ev.evidence):
            key = (sp.start, sp.end)
            if key in owner:
                shared += owner[key] != ev.id
                continue
            owner[key] = ev.id
            pred.append((sp.start, sp.end, ev.id))
    return pred, shared


def _clusters(items: Iterable[tuple[str, Hashable]]) -> list[set[str]]:
    groups: dict[Hashable, set[str]] = defaultdict(set)
    for mention_id, key in items:
        groups[key].add(mention_id)
    return [groups[k] for k in sorted(groups, key=str)]


def _f1s(scores: Mapping[str, float]) -> dict[str, float]:
    return {k: round(v, 4) for k, v in scores.items() if k.endswith("_f1")}


@dataclass
class _Detection:
    """Mention detection counts over the scored part: all gold mentions, and the in-scope
    subset (a system mention matched to an out-of-scope gold mention is neither right nor
    wrong there; strict and relaxed share that denominator)."""

    n_gold: int = 0
    n_pred: int = 0
    tp_strict: int = 0
    tp_relaxed: int = 0
    s_gold: int = 0
    s_pred: int = 0
    s_strict: int = 0
    s_relaxed: int = 0

    def add(self, gold_scored: Sequence[MeantimeMention], pred_scored: set[int],
            relaxed: Mapping[str, int], strict: Mapping[str, int]) -> set[int]:
        """Count one document; the system mentions matched (relaxed) are returned."""
        matched = {relaxed[m.id] for m in gold_scored if m.id in relaxed}
        out_of_scope = {relaxed[m.id] for m in gold_scored
                        if m.id in relaxed and not m.in_scope}
        scope_gold = [m for m in gold_scored if m.in_scope]
        self.n_gold += len(gold_scored)
        self.n_pred += len(pred_scored)
        self.tp_strict += sum(1 for m in gold_scored if m.id in strict)
        self.tp_relaxed += len(matched)
        self.s_gold += len(scope_gold)
        self.s_pred += len(pred_scored - out_of_scope)
        self.s_relaxed += sum(1 for m in scope_gold if m.id in relaxed)
        self.s_strict += sum(1 for m in scope_gold if m.id in strict)
        return matched

    def metrics(self, prefix: str = "") -> tuple[dict[str, float | int | None],
                                                 dict[str, float | int | None]]:
        """P/R/F1 (strict, relaxed) named ``{prefix}mention_…`` and
        ``{prefix}scope_mention_…``."""
        out: list[dict[str, float | int | None]] = []
        for name, tps, tpr, n_pred, n_gold in (
                ("mention", self.tp_strict, self.tp_relaxed, self.n_pred, self.n_gold),
                ("scope_mention", self.s_strict, self.s_relaxed, self.s_pred, self.s_gold)):
            sp, sr, sf = prf(tps, n_pred, n_gold)
            rp, rr, rf = prf(tpr, n_pred, n_gold)
            key = prefix + name
            out.append({f"{key}_p": sp, f"{key}_r": sr, f"{key}_f1": sf,
                        f"{key}_relaxed_p": rp, f"{key}_relaxed_r": rr,
                        f"{key}_relaxed_f1": rf})
        return out[0], out[1]


def _layer_scores(analysed: Sequence[_Analysed]
                  ) -> tuple[dict[str, float | int | None], dict[str, float | int | None],
                             dict[str, Any]]:
    """Mention detection of the event-mention layer: the figures of sections ``mentions``
    and ``scope`` for its spans (same scored part, matching and subset), and details."""
    counts = _Detection()
    by_class: dict[str, Counter[str]] = defaultdict(Counter)
    missed: Counter[str] = Counter()
    spurious: Counter[str] = Counter()
    for a in analysed:
        doc = a.doc
        gold_scored = [m for m in doc.mentions if doc.scored(m.start)]
        pred_scored = {j for j, p in enumerate(a.layer) if doc.scored(p[0])}
        matched = counts.add(gold_scored, pred_scored, a.layer_relaxed, a.layer_strict)
        for m in gold_scored:
            cls = m.event_class or "NONE"
            by_class[cls]["gold"] += 1
            by_class[cls]["found"] += m.id in a.layer_relaxed
            if m.id not in a.layer_relaxed:
                missed[m.attr("pred").lower() or m.text.lower()] += 1
        for j in sorted(pred_scored - matched):
            spurious[a.layer[j][2]] += 1
    mention_metrics, scope_metrics = counts.metrics("layer_")
    mention_metrics["n_layer_pred_mentions"] = counts.n_pred
    scope_metrics["n_layer_scope_pred_mentions"] = counts.s_pred
    details = {
        "system_mentions": "the event_mentions stage's mentions (kind event)",
        "recall_by_class": {
            c: {"gold": v["gold"], "found": v["found"],
                "recall": round(v["found"] / v["gold"], 4) if v["gold"] else None}
            for c, v in sorted(by_class.items())},
        "top_missed": missed.most_common(30),
        "top_spurious": spurious.most_common(30),
    }
    return mention_metrics, scope_metrics, details


def evaluate_meantime_events(dataset: Path, *, limit: int | None = None) -> EvalReport:
    """Score the event stage on MEANTIME: mention detection, within- and cross-document
    coreference and status (task ``events``; see the module docstring)."""
    from eventwire.events.crossdoc import cluster_events
    from eventwire.events.lexicon import event_lexicon
    from eventwire.pipeline import default_pipeline

    t0 = time.perf_counter()
    docs = read_meantime_events(Path(dataset), limit=limit)
    pipeline = default_pipeline()
    analysed: list[_Analysed] = []
    for doc in docs:
        article, ctx = _analyse(doc, pipeline)
        pred, shared = _system_mentions(ctx.events)
        spans = [(p[0], p[1]) for p in pred]
        gold = [m.token_spans for m in doc.mentions]
        relaxed = match_spans(gold, spans)
        strict = match_spans(gold, spans, strict=True)
        layer = [(m.start, m.end, str(m.normalized or m.text.lower())) for m in ctx.mentions
                 if m.kind is MentionKind.EVENT]
        layer_spans = [(s, e) for s, e, _ in layer]
        layer_relaxed = match_spans(gold, layer_spans)
        layer_strict = match_spans(gold, layer_spans, strict=True)
        analysed.append(_Analysed(
            doc=doc, article=article, events=list(ctx.events),
            # the entity, place and time mentions: the documents' context for cross-document
            # clustering, as before the event-mention layer existed
            mentions=[m for m in ctx.mentions if m.kind is not MentionKind.EVENT],
            pred=pred,
            relaxed={doc.mentions[i].id: j for i, j in relaxed.items()},
            strict={doc.mentions[i].id: j for i, j in strict.items()},
            lemma=_head_lemmas(doc, ctx.parsed), shared_spans=shared,
            layer=layer,
            layer_relaxed={doc.mentions[i].id: j for i, j in layer_relaxed.items()},
            layer_strict={doc.mentions[i].id: j for i, j in layer_strict.items()},
        ))
    t_analysis = time.perf_counter() - t0

    # -- 1. mention detection -----------------------------------------------------------
    counts = _Detection()
    n_title = n_corpus_level = 0
    by_class: dict[str, Counter[str]] = defaultdict(Counter)
    missed_lemmas: Counter[str] = Counter()
    spurious_triggers: Counter[str] = Counter()
    samples: list[dict[str, Any]] = []
    lex = event_lexicon()
    in_lexicon = n_scope_total = 0
    for a in analysed:
        doc = a.doc
        gold_scored = [m for m in doc.mentions if doc.scored(m.start)]
        n_title += sum(1 for m in doc.mentions if m.sentence == doc.title_sentence)
        n_corpus_level += sum(1 for m in doc.mentions if not m.document_level)
        pred_scored = {j for j, p in enumerate(a.pred) if doc.scored(p[0])}
        matched_pred = counts.add(gold_scored, pred_scored, a.relaxed, a.strict)
        for m in gold_scored:
            cls = m.event_class or "NONE"
            by_class[cls]["gold"] += 1
            by_class[cls]["found"] += m.id in a.relaxed
            if m.in_scope:
                n_scope_total += 1
                pred_lemma = m.attr("pred").lower()
                in_lexicon += pred_lemma in lex.verbs or pred_lemma in lex.nouns
                if m.id not in a.relaxed:
                    missed_lemmas[pred_lemma or m.text.lower()] += 1
        for j in sorted(pred_scored - matched_pred):
            start, end, ev_id = a.pred[j]
            spurious_triggers[doc.text[start:end].lower()] += 1
            if len(samples) < _MAX_SAMPLES:
                ev = next(e for e in a.events if e.id == ev_id)
                samples.append({"doc": doc.name, "kind": "spurious",
                                "span": doc.text[start:end], "type": ev.type,
                                "trigger": ev.trigger.text})
    mention_metrics, scope_metrics = counts.metrics()
    mentions_section = Section(
        metrics={**mention_metrics,
                 "n_gold_mentions": counts.n_gold, "n_pred_mentions": counts.n_pred},
        details={
            "scored_part": "body sentences of the document-level layer (sentences 2-5); "
                           "title mentions and the corpus-level layer are not scored",
            "system_mentions": "distinct trigger and evidence spans of the events",
            "n_title_mentions_unscored": n_title,
            "n_corpus_level_mentions_unscored": n_corpus_level,
            "n_spans_shared_by_two_events": sum(a.shared_spans for a in analysed),
            "recall_by_class": {
                c: {"gold": v["gold"], "found": v["found"],
                    "recall": round(v["found"] / v["gold"], 4) if v["gold"] else None}
                for c, v in sorted(by_class.items())},
            "top_spurious": spurious_triggers.most_common(30),
            "samples": samples,
        })
    scope_section = Section(
        metrics={**scope_metrics,
                 "n_scope_gold_mentions": counts.s_gold, "n_scope_pred_mentions": counts.s_pred},
        details={
            "subset": "gold mentions of instance class OTHER or MIX, not generic "
                      "(special_cases != GEN); system mentions matched to other gold "
                      "mentions are left out of precision",
            "gold_lemma_in_event_lexicon": (round(in_lexicon / n_scope_total, 4)
                                            if n_scope_total else None),
            "top_missed_lemmas": missed_lemmas.most_common(40),
        })

    layer_mentions, layer_scope, layer_details = _layer_scores(analysed)
    mentions_section.metrics.update(layer_mentions)
    mentions_section.details["layer"] = layer_details
    scope_section.metrics.update(layer_scope)

    # -- 2. within-document coreference (intersection) -----------------------------------
    matched: list[tuple[_Analysed, MeantimeMention, str]] = []  # (doc, gold, event id)
    for a in analysed:
        for m in a.doc.mentions:
            if m.id in a.relaxed:
                matched.append((a, m, a.pred[a.relaxed[m.id]][2]))
    wd_key = _clusters((m.id, m.chain) for _, m, _ in matched)
    wd_resp = _clusters((m.id, ev) for _, m, ev in matched)
    wd = conll_scores(wd_key, wd_resp, prefix="wd_")
    wd_single = conll_scores(wd_key, [{m.id} for _, m, _ in matched])
    wd_lemma = conll_scores(wd_key, _clusters((m.id, (m.doc_id, a.lemma[m.id]))
                                              for a, m, _ in matched))
    # end to end on the scored part: twinless mentions on both sides
    e2e_key: list[set[str]] = []
    e2e_resp: list[set[str]] = []
    for a in analysed:
        scored = [m for m in a.doc.mentions if a.doc.scored(m.start)]
        e2e_key.extend(_clusters((m.id, m.chain) for m in scored))
        gold_of = {j: m.id for m in scored for j in [a.relaxed.get(m.id)] if j is not None}
        e2e_resp.extend(_clusters(
            (gold_of.get(j, f"{a.doc.doc_id}:sys{p[0]}-{p[1]}"), p[2])
            for j, p in enumerate(a.pred) if a.doc.scored(p[0])))
    e2e = conll_scores(e2e_key, e2e_resp)
    wd_section = Section(
        metrics={**wd, "wd_e2e_conll_f1": e2e["conll_f1"], "wd_n_mentions": len(matched)},
        details={
            "setting": "gold mentions of the whole document matched (relaxed, one-to-one) "
                       "to a system mention; key: gold chains, response: system events",
            "n_gold_chains": len(wd_key),
            "n_gold_chains_multi": sum(1 for c in wd_key if len(c) > 1),
            "n_response_chains": len(wd_resp),
            "n_response_chains_multi": sum(1 for c in wd_resp if len(c) > 1),
            "end_to_end": {k: round(v, 4) for k, v in e2e.items()},
        })

    # -- 3. cross-document coreference ---------------------------------------------------
    t1 = time.perf_counter()
    cluster_of: dict[str, str] = {}
    corpora: dict[str, list[_Analysed]] = defaultdict(list)
    for a in analysed:
        corpora[a.doc.corpus].append(a)
    for corpus in sorted(corpora):
        group = corpora[corpus]
        rows = cluster_events([e for a in group for e in a.events],
                              [m for a in group for m in a.mentions],
                              {a.article.id: a.article.text for a in group})
        for r in rows:
            cluster_of[r.event_id] = f"{corpus}:{r.cluster_id}"
    t_cluster = time.perf_counter() - t1
    xd_key = _clusters((m.id, (a.doc.corpus, m.instance)) for a, m, _ in matched)
    xd = conll_scores(xd_key, _clusters((m.id, cluster_of[ev]) for _, m, ev in matched),
                      prefix="xd_")
    xd_lemma = conll_scores(xd_key, _clusters((m.id, (a.doc.corpus, a.lemma[m.id]))
                                              for a, m, _ in matched))
    xd_within = conll_scores(xd_key, wd_resp)
    xd_single = conll_scores(xd_key, [{m.id} for _, m, _ in matched])
    xd_section = Section(
        metrics={**xd},
        details={
            "setting": "the same matched mentions; key: corpus-level instances within each "
                       "corpus; response: cluster_events over each corpus's events",
            "corpora": {c: len(g) for c, g in sorted(corpora.items())},
            "n_gold_clusters": len(xd_key),
            "n_gold_clusters_multi_doc": sum(
                1 for c in xd_key if len({i.split(":", 1)[0] for i in c}) > 1),
            "n_pipeline_events": sum(len(a.events) for a in analysed),
            "n_event_clusters": len(set(cluster_of.values())),
            "within_document_only": _f1s(xd_within),
            "all_singletons": _f1s(xd_single),
            "seconds_clustering": round(t_cluster, 2),
        })

    baseline_section = Section(
        metrics={"baseline_wd_conll_f1": wd_lemma["conll_f1"],
                 "singleton_wd_conll_f1": wd_single["conll_f1"],
                 "baseline_xd_conll_f1": xd_lemma["conll_f1"]},
        details={
            "baseline": "same head lemma (spaCy) within the document (wd) or the corpus (xd), "
                        "on the matched mentions",
            "wd_same_lemma": _f1s(wd_lemma),
            "wd_singletons": _f1s(wd_single),
            "xd_same_lemma": _f1s(xd_lemma),
        })

    # -- 4. status -------------------------------------------------------------------------
    n_status = ok = occurred_ok = 0
    confusion: dict[str, Counter[str]] = defaultdict(Counter)
    events_by_id = {e.id: e for a in analysed for e in a.events}
    for _, m, ev_id in matched:
        allowed = expected_statuses(dict(m.attributes))
        if allowed is None:
            continue
        got = events_by_id[ev_id].status.value
        n_status += 1
        ok += got in allowed
        occurred_ok += "occurred" in allowed
        confusion["/".join(sorted(allowed))][got] += 1
    status_section = Section(
        metrics={"status_acc": ok / n_status if n_status else None,
                 "baseline_status_acc": occurred_ok / n_status if n_status else None,
                 "n_status": n_status},
        details={
            "map": {"polarity NEG": "negated | denied",
                    "special_cases COND_*": "conditional",
                    "time FUTURE": "planned | demanded (| speculated if POSSIBLE/PROBABLE)",
                    "certainty POSSIBLE/PROBABLE": "speculated",
                    "otherwise": "occurred",
                    "UNDERSPECIFIED or missing": "not scored"},
            "confusion": {g: dict(sorted(c.items())) for g, c in sorted(confusion.items())},
        })

    seconds = time.perf_counter() - t0
    mentions_section.metrics["seconds"] = seconds
    mentions_section.details["seconds_analysis"] = round(t_analysis, 1)
    return EvalReport(task="events", dataset=str(dataset), n_docs=len(docs), sections={
        "mentions": mentions_section,
        "scope": scope_section,
        "wd_coref": wd_section,
        "xd_coref": xd_section,
        "baselines": baseline_section,
        "status": status_section,
    })
