"""``eventwire eval mentions``: the event-mention layer scored on TimeML, as TempEval-3 Task B.

Dataset: TimeML 1.2 ``.tml`` files (TimeBank, AQUAINT; TBAQ-cleaned is TempEval-3's training
data) — inline ``<EVENT eid class>`` tags in ``<TEXT>``, and one ``<MAKEINSTANCE eventID tense
aspect polarity modality pos>`` per event after it. A dataset is a file or a folder searched
recursively; a document shipped twice (TBAQ's ``testpipeline/`` copy) is scored once. The text
is rebuilt exactly as :func:`eventwire.evaluation.time.read_tml` rebuilds it (checked), so
the time and event evaluations read the same characters.

System: :func:`eventwire.events.mentions.find_event_mentions` — the code of the
``event_mentions`` stage — on spaCy's parse of each whole document (one body segment; the
pipeline's model, all components). Nothing of the annotation but the text reaches it.

Metrics (TempEval-3, UzZaman et al. 2013):

* ``strict_p/r/f1``: a system mention matches a gold EVENT with exactly the same extent;
* ``relaxed_p/r/f1``: the extents overlap (one-to-one: each gold event takes the free system
  mention sharing most characters with it);
* ``class_acc``: share of relaxed matches with the right TimeML class; ``class_f1``: matches
  with the right class over all system (precision) and all gold (recall) mentions — so class
  F1 is bounded by relaxed F1, as TempEval-3's attribute F1;
* ``tense_acc``, ``aspect_acc``, ``polarity_acc``, ``modality_acc`` on the relaxed matches
  whose gold event has a MAKEINSTANCE (modality: the modal, or none on both sides), and
  ``tense_f1``/``aspect_f1`` as ``class_f1``.

``details`` break the figures down by corpus (the folder: TimeBank, AQUAINT) and part of
speech, and list the class confusions and the most frequent misses and spurious mentions.
AQUAINT's MAKEINSTANCE attributes follow other conventions than TimeBank's (tense of modal
and passive verb groups) and mark about a fifth of its events NEG (whole documents, "said"
included), so its tense and polarity figures measure the annotation as much as the system.
"""

from __future__ import annotations

import html
import re
import time
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from eventwire.errors import GoldFormatError
from eventwire.evaluation.report import EvalReport, Section, prf
from eventwire.evaluation.time import _ATTR, _TAG, _parse_date, read_tml

if TYPE_CHECKING:
    from eventwire.events.mentions import EventMention

__all__ = ["EventDoc", "GoldEvent", "evaluate_event_mentions", "read_event_dataset",
           "read_tml_events", "score_event_mentions"]

_MAX_SAMPLES = 300


@dataclass(frozen=True)
class GoldEvent:
    """A gold TimeML EVENT: its extent in the document text, class and instance attributes
    (None when the event has no MAKEINSTANCE)."""

    start: int
    end: int
    text: str
    eid: str
    event_class: str
    tense: str | None = None
    aspect: str | None = None
    polarity: str | None = None
    modality: str | None = None
    pos: str | None = None


@dataclass
class EventDoc:
    """One TimeML document: its plain text, DCT, corpus (folder) and gold events."""

    doc_id: str
    corpus: str
    text: str
    dct: date | None
    events: list[GoldEvent] = field(default_factory=list)


def read_tml_events(path: Path) -> EventDoc:
    """A TimeML ``.tml`` file's text (as :func:`~eventwire.evaluation.time.read_tml` rebuilds
    it), its EVENTs with their offsets and their first MAKEINSTANCE's attributes."""
    raw = path.read_text(encoding="utf-8", errors="replace")
    instances: dict[str, dict[str, str]] = {}
    for m in re.finditer(r"<MAKEINSTANCE([^>]*)>", raw):
        attrs = dict(_ATTR.findall(m.group(1)))
        instances.setdefault(attrs.get("eventID", ""), attrs)
    dct: date | None = None
    for m in re.finditer(r"<TIMEX3([^>]*)>", raw):
        attrs = dict(_ATTR.findall(m.group(1)))
        if attrs.get("functionInDocument") == "CREATION_TIME":
            dct = _parse_date(attrs.get("value", ""))
            break
    tm = re.search(r"<TEXT>(.*?)</TEXT>", raw, re.S)
    body = tm.group(1) if tm else raw
    out: list[str] = []
    pos = length = 0
    open_events: list[tuple[int, dict[str, str]]] = []
    spans: list[tuple[int, int, dict[str, str]]] = []
    for m in _TAG.finditer(body):
        chunk = html.unescape(body[pos : m.start()])
        out.append(chunk)
        length += len(chunk)
        pos = m.end()
        if m.group(2) != "EVENT":
            continue
        if m.group(1) != "/" and m.group(4) != "/":
            open_events.append((length, dict(_ATTR.findall(m.group(3)))))
        elif m.group(1) == "/" and open_events:
            start, attrs = open_events.pop()
            spans.append((start, length, attrs))
    out.append(html.unescape(body[pos:]))
    text = "".join(out)
    if text != read_tml(path).text:  # the two readers must agree on every character
        raise GoldFormatError(f"cannot align the EVENT tags of {path} with its text")
    events = []
    for start, end, attrs in spans:
        inst = instances.get(attrs.get("eid", ""))
        modality = (inst.get("modality") or "").strip().lower() if inst else ""
        events.append(GoldEvent(
            start=start, end=end, text=text[start:end], eid=attrs.get("eid", ""),
            event_class=attrs.get("class", ""),
            tense=inst.get("tense") if inst else None,
            aspect=inst.get("aspect") if inst else None,
            polarity=inst.get("polarity") if inst else None,
            modality=None if modality in ("", "none") else modality,
            pos=inst.get("pos") if inst else None,
        ))
    return EventDoc(doc_id=path.stem, corpus=path.parent.name, text=text, dct=dct,
                    events=events)


def _is_timeml(path: Path) -> bool:
    try:
        with path.open("r", encoding="utf-8", errors="replace") as fh:
            head = fh.read(4000)
    except OSError:
        return False
    return "<TimeML" in head or "<TEXT>" in head


def read_event_dataset(dataset: Path, *, limit: int | None = None) -> list[EventDoc]:
    """The TimeML documents of a file or a folder (recursively, sorted by path; each
    document once), the first ``limit`` of them."""
    dataset = Path(dataset)
    if not dataset.exists():
        raise GoldFormatError(f"dataset not found: {dataset}")
    paths: Iterable[Path]
    if dataset.is_dir():
        paths = sorted(p for p in dataset.rglob("*") if p.suffix.lower() == ".tml")
    else:
        paths = [dataset]
    docs: list[EventDoc] = []
    seen: set[str] = set()
    for p in paths:
        if not _is_timeml(p):
            continue
        try:
            doc = read_tml_events(p)
        except (OSError, UnicodeDecodeError) as exc:
            raise GoldFormatError(f"cannot read {p}: {exc}") from exc
        key = doc.doc_id + "\x00" + doc.text[:200]
        if key in seen:
            continue
        seen.add(key)
        docs.append(doc)
        if limit is not None and len(docs) >= limit:
            break
    if not docs:
        raise GoldFormatError(f"no TimeML (.tml) documents in {dataset}")
    return docs


# -- scoring --------------------------------------------------------------------------------------


@dataclass
class _Tally:
    n_gold: int = 0
    n_sys: int = 0
    strict: int = 0
    relaxed: int = 0
    class_ok: int = 0
    n_attr: int = 0
    tense_ok: int = 0
    aspect_ok: int = 0
    polarity_ok: int = 0
    modality_ok: int = 0

    def metrics(self) -> dict[str, float | int | None]:
        sp, sr, sf = prf(self.strict, self.n_sys, self.n_gold)
        rp, rr, rf = prf(self.relaxed, self.n_sys, self.n_gold)
        _, _, cf = prf(self.class_ok, self.n_sys, self.n_gold)
        # tense and aspect F1 as TempEval-3's attribute F1 (matches with the right value
        # over all system / all gold mentions), on the events that have attributes
        _, _, tf = prf(self.tense_ok, self.n_sys, self.n_gold)
        _, _, af = prf(self.aspect_ok, self.n_sys, self.n_gold)

        def acc(n: int, d: int) -> float | None:
            return n / d if d else None

        return {
            "strict_p": sp, "strict_r": sr, "strict_f1": sf,
            "relaxed_p": rp, "relaxed_r": rr, "relaxed_f1": rf,
            "class_acc": acc(self.class_ok, self.relaxed), "class_f1": cf,
            "tense_acc": acc(self.tense_ok, self.n_attr), "tense_f1": tf,
            "aspect_acc": acc(self.aspect_ok, self.n_attr), "aspect_f1": af,
            "polarity_acc": acc(self.polarity_ok, self.n_attr),
            "modality_acc": acc(self.modality_ok, self.n_attr),
            "n_gold": self.n_gold, "n_sys": self.n_sys,
        }


@dataclass
class _Errors:
    confusion: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    missed: Counter[str] = field(default_factory=Counter)
    spurious: Counter[str] = field(default_factory=Counter)
    by_pos: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    samples: list[dict[str, Any]] = field(default_factory=list)


def _match(gold: Sequence[GoldEvent], sys: Sequence[EventMention]) -> dict[int, int]:
    """One-to-one relaxed matching, gold index → system index: each gold event (in text
    order) takes the free overlapping system mention sharing most characters with it."""
    pairs: dict[int, int] = {}
    used: set[int] = set()
    for gi, g in enumerate(gold):
        best, best_ov = -1, 0
        for si, s in enumerate(sys):
            if si in used or s.end <= g.start or s.start >= g.end:
                continue
            ov = min(g.end, s.end) - max(g.start, s.start)
            if ov > best_ov:
                best, best_ov = si, ov
        if best >= 0:
            used.add(best)
            pairs[gi] = best
    return pairs


def score_event_mentions(doc: EventDoc, sys: Sequence[EventMention], *tallies: _Tally,
                         errors: _Errors | None = None) -> None:
    """Add one document's counts to ``tallies`` (and its errors to ``errors``)."""
    gold = doc.events
    pairs = _match(gold, sys)
    for t in tallies:
        t.n_gold += len(gold)
        t.n_sys += len(sys)
    for gi, g in enumerate(gold):
        si = pairs.get(gi)
        if errors is not None:
            errors.by_pos[g.pos or "?"]["gold"] += 1
            errors.by_pos[g.pos or "?"]["found"] += si is not None
        if si is None:
            if errors is not None:
                errors.missed[g.text.lower()] += 1
                if len(errors.samples) < _MAX_SAMPLES:
                    errors.samples.append({"doc": doc.doc_id, "kind": "missed", "gold": g.text,
                                           "class": g.event_class,
                                           "context": _context(doc.text, g.start, g.end)})
            continue
        s = sys[si]
        class_ok = s.event_class == g.event_class
        attrs = g.tense is not None
        for t in tallies:
            t.relaxed += 1
            t.strict += (s.start, s.end) == (g.start, g.end)
            t.class_ok += class_ok
            if attrs:
                t.n_attr += 1
                t.tense_ok += s.tense == g.tense
                t.aspect_ok += s.aspect == g.aspect
                t.polarity_ok += s.polarity == g.polarity
                t.modality_ok += (s.modality or None) == g.modality
        if errors is not None and not class_ok:
            errors.confusion[g.event_class][s.event_class] += 1
    if errors is not None:
        matched = set(pairs.values())
        for si, s in enumerate(sys):
            if si in matched:
                continue
            errors.spurious[s.lemma] += 1
            if len(errors.samples) < _MAX_SAMPLES:
                errors.samples.append({"doc": doc.doc_id, "kind": "spurious", "sys": s.text,
                                       "class": s.event_class, "rule": s.rule,
                                       "context": _context(doc.text, s.start, s.end)})


def _context(text: str, start: int, end: int, width: int = 60) -> str:
    return (text[max(0, start - width):start] + "[" + text[start:end] + "]"
            + text[end:end + width]).replace("\n", " ")


def _round(metrics: dict[str, float | int | None]) -> dict[str, float | int | None]:
    return {k: round(v, 4) if isinstance(v, float) else v for k, v in metrics.items()}


def evaluate_event_mentions(dataset: Path, *, limit: int | None = None) -> EvalReport:
    """Score the event-mention layer on TimeML EVENTs (task ``mentions``; see the module
    docstring). ``limit``: only the first N documents (sorted by path)."""
    from eventwire.events.mentions import find_event_mentions
    from eventwire.nlp import load_nlp

    t0 = time.perf_counter()
    docs = read_event_dataset(Path(dataset), limit=limit)
    nlp = load_nlp()
    total = _Tally()
    by_corpus: dict[str, _Tally] = defaultdict(_Tally)
    errors = _Errors()
    n_sys_by_rule: Counter[str] = Counter()
    t_rules = 0.0
    for doc, sdoc in zip(docs, nlp.pipe((d.text for d in docs), batch_size=16), strict=True):
        t1 = time.perf_counter()
        found = find_event_mentions(sdoc)
        t_rules += time.perf_counter() - t1
        n_sys_by_rule.update(m.rule for m in found)
        score_event_mentions(doc, found, total, by_corpus[doc.corpus], errors=errors)
    elapsed = time.perf_counter() - t0
    metrics = total.metrics()
    metrics["seconds"] = elapsed
    section = Section(
        metrics=metrics,
        details={
            "system": "eventwire.events.mentions.find_event_mentions on the spaCy parse of "
                      "each document",
            "by_corpus": {c: _round(t.metrics()) for c, t in sorted(by_corpus.items())},
            "recall_by_gold_pos": {
                p: {"gold": c["gold"], "found": c["found"],
                    "recall": round(c["found"] / c["gold"], 4) if c["gold"] else None}
                for p, c in sorted(errors.by_pos.items())},
            "system_by_rule": dict(n_sys_by_rule.most_common()),
            "class_confusion": {g: dict(c.most_common()) for g, c in
                                sorted(errors.confusion.items())},
            "top_missed": errors.missed.most_common(40),
            "top_spurious": errors.spurious.most_common(40),
            "seconds_rules": round(t_rules, 2),
            "samples": errors.samples,
        },
    )
    return EvalReport(task="mentions", dataset=str(dataset), n_docs=len(docs),
                      sections={"events": section})
