"""``eventwire eval coref``: cross-document event coreference on ECB+, scored as in CoNLL.

Dataset: ECB+ (Cybulska & Vossen 2014) in its native release — CAT XML documents, one per
news article, grouped in topics (``<topic>/<topic>_<n>ecb.xml`` and ``…ecbplus.xml``), read
straight from ``ECB+.tar.gz`` (or from a folder holding the XML files), plus
``ECBplus_coreference_sentences.csv``, the sentences the annotators covered. A dataset path is
the folder holding both, or the tarball next to the CSV.

Gold (as the standard evaluation, Cybulska & Vossen 2015, Barhom et al. 2019):

* event mentions are the token-anchored ``ACTION_*`` and ``NEG_ACTION_*`` markables of the
  listed sentences only (the release's README: annotation outside them is partial);
* a mention linked by a ``CROSS_DOC_COREF`` relation belongs to the cluster of the relation's
  instance id (its ``note``); one linked by an ``INTRA_DOC_COREF`` chain (chains that take
  part in no cross-document relation) to that chain; any other mention is a singleton.

Setting: **gold mentions** (their spans are given, as in most ECB+ papers), clustered by
:func:`eventwire.events.crossdoc.cluster_profiles` **within each topic** (the corpus's topic
folders are given, as the standard "within-topic" setting; the topic's two sub-topics — the
``ecb`` and ``ecbplus`` halves, which report *different* seminal events of one kind — are
*not* given and must be told apart). Features come from our own analysis of the text (spaCy
``en_core_web_sm`` and the eventwire pipeline: lemmas, entities, places, times, PLOVER
types); no gold annotation other than the event mention spans is read by the system.

Metrics (Pradhan et al. 2014, the reference scorer's definitions; singletons included, as in
ECB+ work): MUC (Vilain et al. 1995), B³ (Bagga & Baldwin 1998), CEAF-e (Luo 2005, entity
similarity φ4, optimal one-to-one alignment by the Hungarian algorithm) and CoNLL F1, the mean
of the three F1s. The topics' scores are computed over the union of the topic-wise
clusterings (clusters never cross topics), i.e. one score for the whole corpus.

Baseline, computed in the same run: **same lemma within a topic** — every two mentions of a
topic whose head lemma (spaCy's lemma of the syntactic head of the mention span, lowercased)
is the same are one cluster (Upadhyay et al. 2016; Barhom et al. 2019's LEMMA baseline, here
without their document pre-clustering). Details also give the same baseline within the gold
sub-topics (an oracle document clustering: "cluster + lemma"), how well our document stories
match the gold sub-topics, per-topic scores and (unless ``mixed=False``) the harder "all
topics mixed" setting: every mention of the corpus clustered at once, topics not given, beside
the same-lemma baseline over the whole corpus.

``limit`` keeps the first N documents in topic order (topic 1 has 39 scored documents, topic
2 has 21), ``topics`` given topic numbers. The run takes about 90 s for the 33 development
topics (770 documents; the spaCy parse is most of it).
"""

from __future__ import annotations

import csv
import io
import re
import tarfile
import time
import xml.etree.ElementTree as ET
from collections import Counter, defaultdict
from collections.abc import (
    Callable,
    Collection,
    Hashable,
    Iterable,
    Iterator,
    Mapping,
    Sequence,
)
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from eventwire.errors import GoldFormatError
from eventwire.evaluation.report import EvalReport, Section
from eventwire.evaluation.time import _NO_SPACE_BEFORE as TIMEML_NO_SPACE_BEFORE
from eventwire.evaluation.time import cat_text

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from eventwire.events.crossdoc import EventProfile
    from eventwire.model import Article, Event, Mention

__all__ = [
    "PRF",
    "EcbDocument",
    "GoldMention",
    "b_cubed",
    "ceaf_e",
    "conll_scores",
    "date_from_url",
    "ecb_article",
    "evaluate_coref",
    "gold_profiles",
    "muc",
    "read_ecb_document",
    "read_ecbplus",
    "read_scored_sentences",
]

M = TypeVar("M", bound=Hashable)


# -- metrics ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class PRF:
    """Recall, precision and F1 of one metric (0 where a denominator is 0, as the reference
    scorer)."""

    recall: float
    precision: float

    @property
    def f1(self) -> float:
        r, p = self.recall, self.precision
        return 2 * p * r / (p + r) if p + r else 0.0


def _as_sets(clusters: Iterable[Collection[M]]) -> list[frozenset[M]]:
    out = [frozenset(c) for c in clusters]
    return [c for c in out if c]


def _index(clusters: Sequence[frozenset[M]]) -> dict[M, int]:
    where: dict[M, int] = {}
    for i, c in enumerate(clusters):
        for m in c:
            if m in where:
                raise ValueError(f"mention {m!r} is in two clusters")
            where[m] = i
    return where


def _muc_recall(key: Sequence[frozenset[M]], response: Sequence[frozenset[M]]) -> float:
    """Σ(|K| − |p(K)|) / Σ(|K| − 1): p(K) is K partitioned by the response clusters, a mention
    of K that the response lacks counting as its own part (Vilain et al. 1995)."""
    where = _index(response)
    num = den = 0
    for k in key:
        parts = {where.get(m, ("missing", m)) for m in k}
        num += len(k) - len(parts)
        den += len(k) - 1
    return num / den if den else 0.0


def muc(key: Iterable[Collection[M]], response: Iterable[Collection[M]]) -> PRF:
    """MUC link-based recall and precision (precision = recall with the roles swapped)."""
    k, r = _as_sets(key), _as_sets(response)
    return PRF(_muc_recall(k, r), _muc_recall(r, k))


def _b3_recall(key: Sequence[frozenset[M]], response: Sequence[frozenset[M]]) -> float:
    """Σ_K Σ_R |K∩R|² / |K|, over Σ|K| (Bagga & Baldwin 1998, as the reference scorer)."""
    where = _index(response)
    num = 0.0
    den = 0
    for k in key:
        overlaps = Counter(where[m] for m in k if m in where)
        num += sum(n * n for n in overlaps.values()) / len(k)
        den += len(k)
    return num / den if den else 0.0


def b_cubed(key: Iterable[Collection[M]], response: Iterable[Collection[M]]) -> PRF:
    """B³ mention-based recall and precision."""
    k, r = _as_sets(key), _as_sets(response)
    return PRF(_b3_recall(k, r), _b3_recall(r, k))


def _hungarian_max(weights: list[list[float]]) -> float:
    """Maximum total weight of a one-to-one assignment of rows to columns (rectangular matrix,
    non-negative weights): the Hungarian algorithm with potentials, O(n²m)."""
    n = len(weights)
    m = len(weights[0]) if n else 0
    if not n or not m:
        return 0.0
    transpose = n > m
    if transpose:  # the algorithm below wants rows ≤ columns
        weights = [list(col) for col in zip(*weights, strict=True)]
        n, m = m, n
    top = max(max(row) for row in weights)
    cost = [[top - w for w in row] for row in weights]  # minimise cost = maximise weight
    inf = float("inf")
    u = [0.0] * (n + 1)
    v = [0.0] * (m + 1)
    match = [0] * (m + 1)  # match[j] = row (1-based) assigned to column j
    way = [0] * (m + 1)
    for i in range(1, n + 1):
        match[0] = i
        j0 = 0
        minv = [inf] * (m + 1)
        used = [False] * (m + 1)
        while True:
            used[j0] = True
            i0 = match[j0]
            delta = inf
            j1 = 0
            for j in range(1, m + 1):
                if used[j]:
                    continue
                cur = cost[i0 - 1][j - 1] - u[i0] - v[j]
                if cur < minv[j]:
                    minv[j] = cur
                    way[j] = j0
                if minv[j] < delta:
                    delta = minv[j]
                    j1 = j
            for j in range(m + 1):
                if used[j]:
                    u[match[j]] += delta
                    v[j] -= delta
                else:
                    minv[j] -= delta
            j0 = j1
            if match[j0] == 0:
                break
        while j0:
            j1 = way[j0]
            match[j0] = match[j1]
            j0 = j1
    return sum(weights[match[j] - 1][j - 1] for j in range(1, m + 1) if match[j])


def _phi4(k: frozenset[M], r: frozenset[M]) -> float:
    return 2 * len(k & r) / (len(k) + len(r))


def ceaf_e(key: Iterable[Collection[M]], response: Iterable[Collection[M]]) -> PRF:
    """Entity-based CEAF (φ4): the best one-to-one alignment of key and response clusters,
    Φ = Σ φ4(K, R) over aligned pairs; recall Φ/|key|, precision Φ/|response| (Luo 2005).

    Clusters that share no mention have φ4 = 0, so the alignment is solved exactly on each
    connected component of the overlap graph (small, even for a whole corpus)."""
    k, r = _as_sets(key), _as_sets(response)
    if not k or not r:
        return PRF(0.0, 0.0)
    where_r = _index(r)
    _index(k)
    # connected components of the bipartite graph key cluster — response cluster (shared mention)
    parent = list(range(len(k) + len(r)))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for i, kc in enumerate(k):
        for m in kc:
            j = where_r.get(m)
            if j is not None:
                a, b = find(i), find(len(k) + j)
                if a != b:
                    parent[max(a, b)] = min(a, b)
    groups: dict[int, tuple[list[int], list[int]]] = defaultdict(lambda: ([], []))
    for i in range(len(k)):
        groups[find(i)][0].append(i)
    for j in range(len(r)):
        groups[find(len(k) + j)][1].append(j)
    total = 0.0
    for rows, cols in groups.values():
        if not rows or not cols:
            continue
        if len(rows) == 1 or len(cols) == 1:
            total += max(_phi4(k[i], r[j]) for i in rows for j in cols)
            continue
        total += _hungarian_max([[_phi4(k[i], r[j]) for j in cols] for i in rows])
    return PRF(total / len(k), total / len(r))


def conll_scores(
    key: Iterable[Collection[M]], response: Iterable[Collection[M]], prefix: str = ""
) -> dict[str, float]:
    """MUC, B³ and CEAF-e recall/precision/F1 and the CoNLL F1 (the mean of the three F1s),
    as a flat metrics dict (``muc_r``, ``muc_p``, ``muc_f1``, …, ``conll_f1``)."""
    k, r = _as_sets(key), _as_sets(response)
    out: dict[str, float] = {}
    f1s = []
    for name, fn in (("muc", muc), ("b3", b_cubed), ("ceafe", ceaf_e)):
        s = fn(k, r)
        out[f"{prefix}{name}_r"] = s.recall
        out[f"{prefix}{name}_p"] = s.precision
        out[f"{prefix}{name}_f1"] = s.f1
        f1s.append(s.f1)
    out[f"{prefix}conll_f1"] = sum(f1s) / 3
    return out


# -- reading ECB+ -----------------------------------------------------------------------------

#: Markable tags that are event mentions (the ECB+ guideline's actions, negated ones included).
EVENT_TAG_PREFIXES = ("ACTION_", "NEG_ACTION_")

#: Tokens glued to the one before: MEANTIME's, and ECB+'s clitics ("we 're").
_NO_SPACE_BEFORE = {*TIMEML_NO_SPACE_BEFORE, "'re", "'ve", "'ll", "'d", "'m"}


@dataclass(frozen=True)
class GoldMention:
    """A gold event mention: its span in the rebuilt document text and its gold cluster."""

    id: str  # "<doc>:<m_id>"
    doc_id: str  # "1_10ecbplus"
    topic: str  # "1"
    sentence: int
    start: int
    end: int
    text: str
    tag: str  # ACTION_OCCURRENCE, NEG_ACTION_STATE, …
    cluster: str  # instance id, "INTRA:<doc>:<r_id>" or "SINGLETON:<id>"
    #: character spans of the anchored tokens (a mention may be discontinuous)
    token_spans: tuple[tuple[int, int], ...] = ()

    @property
    def subtopic(self) -> str:
        """The topic's half: ``ecb`` (the original corpus) or ``ecbplus`` (the added one)."""
        return self.topic + ("ecbplus" if self.doc_id.endswith("ecbplus") else "ecb")


@dataclass
class EcbDocument:
    """One ECB+ document: text rebuilt from its tokens (one line per sentence, the ecbplus
    source-URL line left out), sentence spans, and the gold event mentions of its scored
    sentences."""

    doc_id: str
    topic: str
    text: str
    sentences: dict[int, tuple[int, int]]
    url: str | None = None
    mentions: list[GoldMention] = field(default_factory=list)
    #: mentions that were left out because their sentence is not in the scored list
    n_unscored: int = 0

    @property
    def published(self) -> date | None:
        """A publication date written in the source URL (``/2013/may/03/``, ``20130504``)."""
        return date_from_url(self.url) if self.url else None


_MONTH_NAMES = {m: i + 1 for i, m in enumerate(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"))}
_URL_DATE = re.compile(
    r"(?<!\d)(?P<y>(?:19|20)\d\d)(?P<s>[/_-]?)(?P<m>\d\d|[a-z]{3,9})(?P=s)(?P<d>\d\d)(?!\d)",
    re.I)


def date_from_url(url: str) -> date | None:
    """The first plausible ``YYYY/MM/DD`` (or ``YYYY/mon/DD``, ``YYYYMMDD``) date in a URL."""
    for m in _URL_DATE.finditer(url):
        month_s = m.group("m").lower()
        month = int(month_s) if month_s.isdigit() else _MONTH_NAMES.get(month_s[:3])
        if month is None or (not month_s.isdigit() and month_s[:3] not in _MONTH_NAMES):
            continue
        try:
            return date(int(m.group("y")), month, int(m.group("d")))
        except ValueError:
            continue
    return None


def _doc_key(name: str) -> tuple[int, int, str]:
    """Sort key of ``<topic>_<n><ecb|ecbplus>``: topic, number, half."""
    m = re.match(r"(\d+)_(\d+)(\w+)", name)
    return (int(m.group(1)), int(m.group(2)), m.group(3)) if m else (10**6, 0, name)


def read_scored_sentences(csv_text: str) -> dict[str, set[int]]:
    """``ECBplus_coreference_sentences.csv`` → doc id (``1_10ecbplus``) → sentence numbers."""
    out: dict[str, set[int]] = defaultdict(set)
    for row in csv.DictReader(io.StringIO(csv_text)):
        try:
            topic, file_, sent = row["Topic"], row["File"], int(row["Sentence Number"])
        except (KeyError, TypeError, ValueError) as exc:
            raise GoldFormatError(f"bad row in the sentence list: {row}") from exc
        out[f"{topic.strip()}_{file_.strip()}"].add(sent)
    return dict(out)


def read_ecb_document(xml: bytes | str, name: str, scored: set[int] | None) -> EcbDocument:
    """One CAT XML document; ``scored``: the sentence numbers to keep mentions of (None: all)."""
    root = ET.fromstring(xml)
    doc_id = re.sub(r"\.xml$", "", root.get("doc_name") or name)
    topic = doc_id.split("_", 1)[0]
    tokens = root.findall("token")
    url: str | None = None
    if doc_id.endswith("ecbplus"):
        first = [t.text or "" for t in tokens if t.get("sentence") == "0"]
        if first and first[0].lower().startswith("http"):
            url = "".join(first)
            tokens = [t for t in tokens if t.get("sentence") != "0"]
    rebuilt = cat_text(tokens, no_space_before=_NO_SPACE_BEFORE, placeholder="_")
    text, offsets = rebuilt.text, rebuilt.offsets
    token_sentence, sentences = rebuilt.token_sentence, rebuilt.sentences

    markables = root.find("Markables")
    anchored: dict[str, tuple[str, list[str]]] = {}  # m_id -> (tag, token ids)
    for el in markables if markables is not None else []:
        anchors = [a.get("t_id", "") for a in el.findall("token_anchor")]
        if anchors:
            anchored[el.get("m_id", "")] = (el.tag, anchors)
    cluster_of: dict[str, str] = {}
    relations = root.find("Relations")
    rels = list(relations) if relations is not None else []
    # Cross-document chains first, then within-document ones; the first chain a mention is
    # linked by wins (the release resolved double links; none is expected).
    for rel in sorted(rels, key=lambda r: (r.tag != "CROSS_DOC_COREF",
                                           int(r.get("r_id", "0") or 0))):
        if rel.tag == "CROSS_DOC_COREF":
            chain = rel.get("note") or ""
            if not chain:
                target = rel.find("target")
                chain = f"CROSS:{doc_id}:{target.get('m_id') if target is not None else ''}"
        elif rel.tag == "INTRA_DOC_COREF":
            chain = f"INTRA:{doc_id}:{rel.get('r_id')}"
        else:
            continue
        for src in rel.findall("source"):
            cluster_of.setdefault(src.get("m_id", ""), chain)

    doc = EcbDocument(doc_id=doc_id, topic=topic, text=text, sentences=sentences, url=url)
    for m_id, (tag, anchors) in sorted(anchored.items(), key=lambda kv: int(kv[0] or 0)):
        if not tag.startswith(EVENT_TAG_PREFIXES):
            continue
        spans = sorted(offsets[a] for a in anchors if a in offsets)
        if not spans:
            continue
        sent = token_sentence[next(a for a in anchors if a in offsets)]
        if scored is not None and sent not in scored:
            doc.n_unscored += 1
            continue
        mid = f"{doc_id}:{m_id}"
        start, end = spans[0][0], spans[-1][1]
        doc.mentions.append(GoldMention(
            id=mid, doc_id=doc_id, topic=topic, sentence=sent, start=start, end=end,
            text=text[start:end], tag=tag, cluster=cluster_of.get(m_id, f"SINGLETON:{mid}"),
            token_spans=tuple(spans),
        ))
    doc.mentions.sort(key=lambda m: (m.start, m.end, m.id))
    return doc


def _find_inputs(dataset: Path) -> tuple[Path, Path]:
    """(corpus: a .tar.gz or a folder of XML, the sentence list CSV)."""
    if dataset.is_file() and dataset.name.endswith((".tar.gz", ".tgz", ".tar")):
        folder, corpus = dataset.parent, dataset
    elif dataset.is_dir():
        folder = dataset
        tars = sorted(p for p in dataset.iterdir() if p.name.endswith((".tar.gz", ".tgz")))
        corpus = tars[0] if tars else dataset
    else:
        raise GoldFormatError(f"dataset not found: {dataset} (want the ECB+ folder)")
    csvs = sorted(folder.glob("*coreference_sentences*.csv"))
    if not csvs:
        raise GoldFormatError(f"no ECBplus_coreference_sentences.csv next to {corpus}")
    return corpus, csvs[0]


def _iter_xml(corpus: Path) -> Iterator[tuple[str, bytes]]:
    if corpus.is_dir():
        for p in sorted(corpus.rglob("*.xml")):
            yield p.name, p.read_bytes()
        return
    with tarfile.open(corpus, "r:*") as tar:
        for member in tar:
            if member.isfile() and member.name.endswith(".xml"):
                fh = tar.extractfile(member)
                if fh is not None:
                    yield Path(member.name).name, fh.read()


def read_ecbplus(
    dataset: Path, *, limit: int | None = None, topics: Collection[str] | None = None
) -> list[EcbDocument]:
    """The ECB+ documents (sorted by topic, number, half) with the gold mentions of their
    scored sentences; ``topics`` keeps only those topic numbers, ``limit`` the first N
    documents after that. Documents with no scored sentence are skipped."""
    corpus, csv_path = _find_inputs(Path(dataset))
    scored = read_scored_sentences(csv_path.read_text(encoding="utf-8"))
    wanted = {str(t) for t in topics} if topics is not None else None
    raw: list[tuple[str, bytes]] = []
    try:
        for name, data in _iter_xml(corpus):
            stem = re.sub(r"\.xml$", "", name)
            if stem not in scored:
                continue
            if wanted is not None and stem.split("_", 1)[0] not in wanted:
                continue
            raw.append((name, data))
    except (tarfile.TarError, OSError) as exc:
        raise GoldFormatError(f"cannot read {corpus}: {exc}") from exc
    raw.sort(key=lambda nd: _doc_key(nd[0]))
    if limit is not None:
        raw = raw[:limit]
    docs: list[EcbDocument] = []
    for name, data in raw:
        stem = re.sub(r"\.xml$", "", name)
        try:
            docs.append(read_ecb_document(data, name, scored[stem]))
        except ET.ParseError as exc:
            raise GoldFormatError(f"cannot parse {name}: {exc}") from exc
    if not docs:
        raise GoldFormatError(f"no ECB+ documents with scored sentences in {dataset}")
    return docs


def ecb_article(doc: EcbDocument) -> Article:
    """The document as an :class:`Article` for the pipeline: one body segment per sentence (so
    sentence boundaries are the corpus's), published on the date of its source URL or of a
    dateline at its head, when either gives one."""
    from eventwire.model import Article, DateSource, Segment, SegmentKind, article_id_for

    segments = [Segment(kind=SegmentKind.BODY, start=s, end=e, text=doc.text[s:e],
                        reason="ECB+ sentence")
                for _, (s, e) in sorted(doc.sentences.items())]
    published = doc.published
    source = DateSource.GIVEN if published else DateSource.UNKNOWN
    if published is None:
        from eventwire.timex import dct_from_dateline

        published = dct_from_dateline(doc.text)
        source = DateSource.DATELINE if published else DateSource.UNKNOWN
    return Article(id=article_id_for(doc.doc_id + "\n" + doc.text), source_ref=doc.doc_id,
                   input_format="ecb+", url=doc.url, published=published,
                   published_source=source, text=doc.text, segments=segments)


# -- system input: profiles of the gold mentions ----------------------------------------------

_PARTICIPANT_LABELS = frozenset({"PERSON", "ORG", "NORP", "FAC"})
_PRECISE = frozenset({"day", "week", "month"})


def _head_token(tokens: Sequence[Any]) -> Any:
    """The syntactic head of a run of spaCy tokens: the first whose head lies outside it."""
    inside = {t.i for t in tokens}
    for t in tokens:
        if t.head.i not in inside or t.head.i == t.i:
            return t
    return tokens[-1]


@dataclass
class _Sentence:
    offset: int
    doc: Doc
    entities: list[Any] = field(default_factory=list)
    places: list[Any] = field(default_factory=list)
    times: list[Any] = field(default_factory=list)


def gold_profiles(
    doc: EcbDocument,
    parsed: Sequence[tuple[int, Doc]],
    mentions: Sequence[Mention],
    events: Sequence[Event],
) -> tuple[list[EventProfile], dict[str, str]]:
    """Profiles of ``doc``'s gold mentions from our analysis of its text, and each mention's
    head lemma (for the baseline).

    ``parsed``: (character offset, spaCy doc) per sentence; ``mentions``/``events``: what the
    pipeline found in the document. A mention's type, mode, status, participants, time and
    places come from a pipeline event whose trigger or evidence overlaps it; otherwise its type
    is the lexicon's for its lemma, and its time and places are the time expressions and places
    attached to it in the parse. The people and organisations named in its sentence are
    participants either way, and its arguments are read from the parse
    (:func:`_argument_keys`)."""
    from eventwire.events.crossdoc import (
        PLACE_RADIUS_KM,
        EventProfile,
        content_words,
        lexicon_type,
        name_keys,
    )
    from eventwire.model import EventStatus, MentionKind

    sentences = [_Sentence(off, sdoc) for off, sdoc in parsed]
    starts = [s.offset for s in sentences]

    def sentence_at(pos: int) -> _Sentence | None:
        lo, hi = 0, len(starts)
        while lo < hi:
            mid = (lo + hi) // 2
            if starts[mid] <= pos:
                lo = mid + 1
            else:
                hi = mid
        if lo == 0:
            return None
        s = sentences[lo - 1]
        return s if pos < s.offset + len(s.doc.text) + 1 else None

    for m in mentions:
        s = sentence_at(m.start)
        if s is None:
            continue
        if m.kind is MentionKind.ENTITY and m.label in _PARTICIPANT_LABELS:
            s.entities.append(m)
        elif m.kind is MentionKind.PLACE:
            s.places.append(m)
        elif m.kind is MentionKind.TIME:
            s.times.append(m)

    def event_at(start: int, end: int) -> Event | None:
        for ev in events:
            spans = [ev.trigger, *ev.evidence]
            if any(sp.start < end and start < sp.end for sp in spans):
                return ev
        return None

    profiles: list[EventProfile] = []
    lemmas: dict[str, str] = {}
    for gm in doc.mentions:
        s = sentence_at(gm.start)
        lemma, pos, negated = "", None, False
        words: frozenset[str] = frozenset()
        arguments: frozenset[str] = frozenset()
        base_lemma = ""
        head = None
        if s is not None:
            toks = [t for t in s.doc
                    if any(t.idx + s.offset < e and b < t.idx + s.offset + len(t.text)
                           for b, e in gm.token_spans)]
            if toks:
                head = _head_token(toks)
                lemma, pos = head.lemma_.lower(), head.pos_
                negated = any(c.dep_ == "neg" for c in head.children)
                arguments = _argument_keys(head, toks)
                base_lemma = lemma
                particle = next((c for c in head.children if c.dep_ == "prt"), None)
                if particle is not None:
                    lemma = f"{lemma} {particle.lemma_.lower()}"
            words = content_words(s.doc.text) - {lemma, gm.text.lower()}
        lemmas[gm.id] = base_lemma or gm.text.lower()
        ev = event_at(gm.start, gm.end)
        participants: set[str] = set()
        countries: set[str] = set()
        places: list[tuple[float, float, float]] = []
        earliest = latest = None
        etype = mode = status = None
        if ev is not None:
            etype, mode, status = ev.type, ev.mode, ev.status.value
            negated = negated or ev.status is EventStatus.NEGATED
            for actor in (ev.actor, ev.target):
                if actor is None:
                    continue
                participants |= name_keys(actor.name or actor.text or "")
                if actor.country:
                    countries.add(actor.country)
            for pl in ev.places:
                if pl.lat is not None and pl.lon is not None:
                    places.append((pl.lat, pl.lon, pl.radius_km or 0.0))
                if pl.country:
                    countries.add(pl.country)
            when = ev.when
            if (when is not None and when.basis == "text" and when.precision in _PRECISE
                    and when.earliest is not None):
                earliest, latest = when.earliest, when.latest
        else:
            etype = lexicon_type(base_lemma, pos) if base_lemma else None
        if s is not None:
            for ent in s.entities:
                participants |= name_keys(ent.normalized or ent.text)
            if not places:
                for pm in s.places:
                    if pm.lat is None or pm.lon is None or head is None:
                        continue
                    if not _attached(s, pm.start, pm.end, head):
                        continue
                    radius = (pm.attributes.get("radius_km")
                              or PLACE_RADIUS_KM.get(pm.label, 10.0))
                    places.append((pm.lat, pm.lon, float(radius)))
                    if pm.country:
                        countries.add(pm.country)
            if earliest is None:
                for tm in s.times:
                    attrs = tm.attributes
                    if head is None or not _attached(s, tm.start, tm.end, head):
                        continue
                    if attrs.get("precision") in _PRECISE and attrs.get("earliest"):
                        earliest = date.fromisoformat(str(attrs["earliest"]))
                        latest = (date.fromisoformat(str(attrs["latest"]))
                                  if attrs.get("latest") else earliest)
                        break
        profiles.append(EventProfile(
            id=gm.id, doc=gm.doc_id, lemma=lemma, type=etype, mode=mode, pos=pos,
            participants=frozenset(participants), countries=frozenset(countries),
            places=tuple(places), earliest=earliest, latest=latest, negated=negated,
            status=status, words=words, arguments=arguments,
        ))
    return profiles, lemmas


def _attached(s: _Sentence, start: int, end: int, head: Any, hops: int = 3) -> bool:
    """Whether the phrase at ``start:end`` (document offsets) modifies the trigger ``head``:
    its root reaches ``head`` within ``hops`` steps up the parse without passing another
    verb."""
    span = s.doc.char_span(start - s.offset, end - s.offset, alignment_mode="expand")
    if span is None or len(span) == 0:
        return False
    tok = span.root
    for _ in range(hops):
        if tok.head.i == tok.i:
            return False
        tok = tok.head
        if tok.i == head.i:
            return True
        if tok.pos_ in ("VERB", "AUX"):
            return False
    return False


_ARG_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "attr", "agent", "dative", "poss",
                       "compound", "amod", "nummod", "npadvmod", "oprd", "acomp"})


def _argument_keys(head: Any, trigger: Sequence[Any]) -> frozenset[str]:
    """Keys of what the trigger says of its participants: the heads of its subject, objects,
    prepositional objects and modifiers (a name by its name keys, a number as written, a noun
    by its lemma), looking through ``prep`` to its object."""
    from eventwire.events.crossdoc import name_keys

    inside = {t.i for t in trigger}
    keys: set[str] = set()

    def add(tok: Any) -> None:
        if tok.i in inside:
            return
        if tok.ent_type_ in ("PERSON", "ORG", "GPE", "LOC", "FAC", "NORP", "EVENT",
                             "WORK_OF_ART", "PRODUCT"):
            ent = next((e for e in tok.doc.ents if e.start <= tok.i < e.end), None)
            if ent is not None:
                keys.update(name_keys(ent.text))
                return
        if tok.like_num or tok.pos_ == "NUM":
            keys.add("#" + tok.text.lower())
        elif tok.pos_ in ("NOUN", "PROPN", "ADJ") and not tok.is_stop:
            keys.add(tok.lemma_.lower())

    for c in head.children:
        if c.dep_ in _ARG_DEPS:
            add(c)
            for cc in c.children:
                if cc.dep_ in ("compound", "nummod", "amod"):
                    add(cc)
        elif c.dep_ == "prep":
            for pobj in c.children:
                if pobj.dep_ == "pobj":
                    add(pobj)
                    for cc in pobj.children:
                        if cc.dep_ in ("compound", "nummod"):
                            add(cc)
    # a passive or infinitival trigger shares its governor's subject
    if head.dep_ in ("xcomp", "acl", "relcl", "conj") and not any(
            c.dep_.startswith("nsubj") for c in head.children):
        for c in head.head.children:
            if c.dep_.startswith("nsubj"):
                add(c)
    return frozenset(keys)


# -- the evaluation ---------------------------------------------------------------------------


def _analyse(doc: EcbDocument, pipeline: Any) -> tuple[Article, list[tuple[int, Doc]], Any]:
    """Run every pipeline stage on one document, keeping the parse (as ``Pipeline.run`` does,
    but :class:`ArticleResult` carries no parse)."""
    article = ecb_article(doc)
    ctx = pipeline.analyse(article)
    return article, [(ps.offset, ps.doc) for ps in ctx.parsed], ctx


def _clusters_by(mentions: Iterable[GoldMention], key: Callable[[GoldMention], Hashable]
                 ) -> list[set[str]]:
    groups: dict[Hashable, set[str]] = defaultdict(set)
    for m in mentions:
        groups[key(m)].add(m.id)
    return list(groups.values())


def _story_agreement(docs: Sequence[EcbDocument], story: Mapping[str, tuple[str, int]]
                     ) -> dict[str, float | None]:
    """Pairwise precision/recall of "same story" against the gold sub-topics (doc pairs of a
    topic)."""
    tp = fp = fn = 0
    by_topic: dict[str, list[EcbDocument]] = defaultdict(list)
    for d in docs:
        by_topic[d.topic].append(d)
    for group in by_topic.values():
        for i, a in enumerate(group):
            for b in group[i + 1:]:
                gold = a.doc_id.endswith("ecbplus") == b.doc_id.endswith("ecbplus")
                sys = story.get(a.doc_id) == story.get(b.doc_id)
                tp += gold and sys
                fp += sys and not gold
                fn += gold and not sys
    p = tp / (tp + fp) if tp + fp else None
    r = tp / (tp + fn) if tp + fn else None
    return {"pair_precision": p, "pair_recall": r}


def evaluate_coref(
    dataset: Path,
    *,
    limit: int | None = None,
    topics: Collection[str] | None = None,
    mixed: bool = True,
    config: Any = None,
) -> EvalReport:
    """Score :func:`eventwire.events.crossdoc.cluster_profiles` on ECB+ (gold mentions, within
    topics) beside the same-lemma baseline (task ``coref``).

    ``limit``: only the first N documents (in topic order); ``topics``: only these topic
    numbers; ``mixed``: also cluster all mentions together, topics not given (in details)."""
    from eventwire.events.crossdoc import (
        CrossDocConfig,
        cluster_profiles,
        document_features,
        document_similarities,
        story_clusters,
    )
    from eventwire.pipeline import default_pipeline

    t0 = time.perf_counter()
    cfg = config or CrossDocConfig()
    docs = read_ecbplus(Path(dataset), limit=limit, topics=topics)
    pipeline = default_pipeline()
    profiles: dict[str, list[EventProfile]] = defaultdict(list)  # topic -> profiles
    contexts: dict[str, dict[str, dict[str, float]]] = defaultdict(dict)  # topic -> doc -> ctx
    head_lemma: dict[str, str] = {}
    n_events = 0
    for doc in docs:
        if not doc.mentions:
            continue
        _, parsed, ctx = _analyse(doc, pipeline)
        n_events += len(ctx.events)
        mention_profiles, lemmas = gold_profiles(doc, parsed, ctx.mentions, ctx.events)
        profiles[doc.topic].extend(mention_profiles)
        head_lemma.update(lemmas)
        contexts[doc.topic][doc.doc_id] = document_features(doc.text, ctx.mentions)
    t_analysis = time.perf_counter() - t0

    mentions = [m for d in docs for m in d.mentions]
    key = _clusters_by(mentions, lambda m: m.cluster)
    t1 = time.perf_counter()
    response: list[list[str]] = []
    per_topic: dict[str, dict[str, float]] = {}
    story: dict[str, tuple[str, int]] = {}
    for topic in sorted(profiles, key=lambda t: (len(t), t)):
        found = cluster_profiles(profiles[topic], contexts[topic], cfg)
        response.extend(found)
        topic_key = _clusters_by((m for m in mentions if m.topic == topic), lambda m: m.cluster)
        per_topic[topic] = {k: round(v, 4) for k, v in conll_scores(topic_key, found).items()
                            if k.endswith("_f1")}
        sims = document_similarities(contexts[topic], cfg.idf_background)
        for doc_id, n in story_clusters(sorted(contexts[topic]), sims,
                                        cfg.story_threshold).items():
            story[doc_id] = (topic, n)
    t_cluster = time.perf_counter() - t1

    system = conll_scores(key, response)
    baseline = conll_scores(key, _clusters_by(mentions, lambda m: (m.topic, head_lemma[m.id])),
                            prefix="baseline_")
    oracle = conll_scores(key, _clusters_by(mentions,
                                            lambda m: (m.subtopic, head_lemma[m.id])))
    singletons = conll_scores(key, [{m.id} for m in mentions])
    details: dict[str, Any] = {
        "setting": "gold event mentions (ACTION_*/NEG_ACTION_* of the scored sentences), "
                   "clustered within each corpus topic (topics given, sub-topics not)",
        "baseline": "same head lemma (spaCy) within a topic",
        "n_mentions": len(mentions),
        "n_gold_clusters": len(key),
        "n_gold_singletons": sum(1 for c in key if len(c) == 1),
        "n_response_clusters": len(response),
        "n_topics": len(profiles),
        "n_pipeline_events": n_events,
        "lemma_within_gold_subtopics": {k: round(v, 4) for k, v in oracle.items()},
        "all_singletons": {k: round(v, 4) for k, v in singletons.items()},
        "stories_vs_gold_subtopics": _story_agreement(docs, story),
        "per_topic": per_topic,
        "seconds": {"analysis": round(t_analysis, 1), "clustering": round(t_cluster, 2)},
    }
    if mixed:
        t2 = time.perf_counter()
        every = [p for topic in sorted(profiles) for p in profiles[topic]]
        all_ctx = {d: c for topic in sorted(contexts) for d, c in contexts[topic].items()}
        mixed_scores = conll_scores(key, cluster_profiles(every, all_ctx, cfg))
        mixed_base = conll_scores(key, _clusters_by(mentions, lambda m: head_lemma[m.id]))
        details["all_topics_mixed"] = {
            "system": {k: round(v, 4) for k, v in mixed_scores.items()},
            "baseline_same_lemma": {k: round(v, 4) for k, v in mixed_base.items()},
            "seconds": round(time.perf_counter() - t2, 1),
        }
    sections = {
        "coref": Section(metrics={**system, "n_mentions": len(mentions)}, details=details),
        "baseline": Section(metrics=dict(baseline)),
    }
    return EvalReport(task="coref", dataset=str(dataset), n_docs=len(docs), sections=sections)
