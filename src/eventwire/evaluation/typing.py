"""``eventwire eval events --dataset PATH``: sentence-level event typing on public sets.

Two datasets, told apart by their files (a folder holding one of them works too):

* **PLOVER-GSR** (``PLOVER_GSR_CAMEO.json``, a JSON array; Open Event Data Alliance, CC BY-SA
  4.0): one sentence per record, coded with a PLOVER 0.5 type (``event``), source actors
  (``source``: ``actorText``, ``code`` = ISO 3166-1 alpha-3 or IGO/NGO, optional ``sector``).
  ``DOCUMENT`` records are file documentation and are skipped.
* **CASE 2021 task 2** (``snippets.tsv``: ``id``, ``EventSnippet``, ``SubType``): 1-3 sentence
  snippets with one ACLED-style label each (30 classes: 25 ACLED sub-types + 5 "unseen").

Each record's text runs through the real pipeline (:func:`eventwire.pipeline.default_pipeline`)
as a one-paragraph article; its events are then reduced to one label.

Reduction rule (one event per snippet): each event is first put in the dataset's label space
through ``data/events/label_maps.yaml`` (events with no label there are ignored); among the
rest, the event of the **earliest sentence** wins, then the one whose trigger is **closest to
the sentence root** (fewest dependency hops: the main clause's event, not an embedded one —
"X claimed responsibility for the attack" is a claim), then the **highest confidence**, then
the earliest trigger. A snippet with no labelled event gets ``NO_EVENT``. When the winner is
generic violence (ACLED ``Attack``/``Armed clash``) and another violent event of the snippet
says how it was done or to whom (an ACLED *Explosions/Remote violence* sub-type: air strike,
shelling, IED, grenade, suicide bomb, chemical weapon; or sexual violence, abduction, looting
or destruction, mob violence, a riot, excessive force against protesters), that one wins: a
snippet reports one attack, and our stage keeps mentions with different modes apart.

Label spaces (all published in ``label_maps.yaml``):

* PLOVER-GSR: gold 0.5 names → our types (FIGHT → ASSAULT); our ACCUSE → DISAPPROVE and
  REQUEST → DEMAND, the 0.5 types that covered them, and a withdrawal of inspectors,
  observers or peacekeepers (RETREAT of mode ``involvement``) → SANCTION (CAMEO 166x); an
  event we code as planned (or conditional) is, as PLOVER codes intentions, THREATEN when the
  act is conflictual (ASSAULT, COERCE, SANCTION, MOBILIZE, PROTEST) and AGREE when it is
  cooperative; a cooperative act the actor says it will not do (status ``negated``: "would
  not meet the demands") is REJECT; COERCE by civilians or the opposition (blocking a road)
  is PROTEST (CAMEO 144).
* CASE 2021: our event's ACLED ``sub_event_type`` as the event stage outputs it (coded by
  its trigger and mode, refined by who is involved and by the other events of its paragraph:
  :mod:`eventwire.events.acled`), → the CASE label naming it; an event with no
  ACLED code by its PLOVER type (``plover_fallback``: diplomatic types → DIPLO, accusations and
  claims or denials of responsibility → ATTRIB, AGREE and CONCEDE → AGREEMENT). Gold
  NATURAL_DISASTER, MAN_MADE_DISASTER and ORG_CRIME are not political events: they are scored
  as ``NO_EVENT``.

Metrics (section ``typing``):

``type_acc``           share of records whose reduced label is the gold label;
``macro_f1``           mean per-class F1 over the (mapped) gold label set;
``macro_f1_acled``     CASE only: mean F1 over the 25 ACLED sub-types (the issue's target);
``baseline_type_acc``  accuracy of always answering the most frequent gold label;
``coverage``           share of records for which the pipeline coded any event at all;
``actor_acc``          PLOVER-GSR only: the chosen event's actor country (ISO2 → ISO3), or its
                       sector for IGO/NGO codes (gold IGO also covers our NGO: the GSR codes
                       Amnesty and the Red Cross IGO), is one of the gold source codes (records
                       with a gold source; no chosen event or no actor counts as wrong);
``actor_sector_acc``   PLOVER-GSR only: over records whose gold source has a sector, our actor's
                       sector equals a gold sector's first three letters (CVLalb → CVL).

Details: the confusion table (gold → predicted → count), the 10 most frequent confusions,
per-class precision/recall/F1, run time, and the label-space definitions used.
"""

from __future__ import annotations

import csv
import json
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from eventwire.errors import GoldFormatError, NoBodyError
from eventwire.evaluation.report import EvalReport, Section
from eventwire.ingest import build_article
from eventwire.model import (
    Article,
    Event,
    InputRecord,
    Segment,
    SegmentKind,
    article_id_for,
)
from eventwire.pipeline import AnalysisContext, Pipeline, default_pipeline

if TYPE_CHECKING:
    from spacy.tokens import Doc

__all__ = [
    "NO_EVENT",
    "LabelMaps",
    "TypingRecord",
    "detect_dataset",
    "evaluate_typing",
    "label_maps",
    "read_case2021",
    "read_plover_gsr",
    "reduce_events",
]

#: The label of a record for which no event in the dataset's label space was coded.
NO_EVENT = "NO_EVENT"
PLOVER_GSR = "plover-gsr"
CASE2021 = "case2021"
_PLOVER_FILE = "PLOVER_GSR_CAMEO.json"
_CASE_FILE = "snippets.tsv"
#: Reading CASE snippets needs no real publication date, but a given date spares the ingest
#: step its dateline search and keeps relative time expressions deterministic.
_CASE_NOMINAL_DATE = date(2020, 1, 1)


# -- label maps ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class LabelMaps:
    """The published maps of ``data/events/label_maps.yaml``."""

    plover_gold: dict[str, str]
    plover_skip: frozenset[str]
    plover_predicted: dict[str, str]
    plover_actor_codes: dict[str, frozenset[str]]
    plover_intent: dict[str, str]
    plover_intent_statuses: frozenset[str]
    plover_refusal: dict[str, str]
    plover_refusal_statuses: frozenset[str]
    plover_civilian_coercion: str | None
    plover_civilian_sectors: frozenset[str]
    case_acled: dict[str, tuple[str, str]]
    case_outside: dict[str, str]
    case_fallback: dict[str, str]
    acled_aliases: dict[str, str]

    @property
    def acled_to_case(self) -> dict[str, str]:
        """ACLED sub_event_type → CASE label (the inverse of ``case_acled``)."""
        return {sub: label for label, (_, sub) in self.case_acled.items()}

    def case_gold(self, label: str) -> str:
        """The label a CASE gold label is scored as (identity for ACLED labels)."""
        if label in self.case_acled:
            return label
        if label in self.case_outside:
            return self.case_outside[label]
        raise GoldFormatError(f"CASE label {label!r} is in no map of label_maps.yaml")

    def case_label(self, event: Event) -> str | None:
        """Our event in the CASE label space, or None when it has no label there."""
        sub = event.acled_sub_event_type
        if sub:
            sub = self.acled_aliases.get(sub, sub)
            found = self.acled_to_case.get(sub)
            if found is not None:
                return found
        if event.mode and f"{event.type}/{event.mode}" in self.case_fallback:
            return self.case_fallback[f"{event.type}/{event.mode}"]
        return self.case_fallback.get(event.type)

    def plover_label(self, event: Event) -> str:
        """Our event in the PLOVER-GSR label space (our type names, 0.5 coverage)."""
        # The type the 0.5 inventory codes the act as ("TYPE/mode" before "TYPE").
        act = self.plover_predicted.get(f"{event.type}/{event.mode}") if event.mode else None
        act = act or event.type
        if event.status.value in self.plover_intent_statuses and act in self.plover_intent:
            return self.plover_intent[act]
        if event.status.value in self.plover_refusal_statuses and act in self.plover_refusal:
            return self.plover_refusal[act]
        if act == "COERCE" and self.plover_civilian_coercion and event.actor \
                and event.actor.sector in self.plover_civilian_sectors:
            return self.plover_civilian_coercion
        return self.plover_predicted.get(act, act)


_GENERIC_VIOLENCE = frozenset({"Attack", "Armed clash"})
_REMOTE_VIOLENCE = "Explosions/Remote violence"
#: Violence whose sub-type says how it was done, or to whom (beyond "attack"/"clash").
_SPECIFIC_VIOLENCE = frozenset({"Sexual violence", "Abduction/forced disappearance",
                                "Excessive force against protesters", "Mob violence",
                                "Violent demonstration", "Looting/property destruction"})


@lru_cache(maxsize=1)
def label_maps() -> LabelMaps:
    """The packaged label maps (cached per process)."""
    text = files("eventwire").joinpath("data", "events", "label_maps.yaml").read_text("utf-8")
    data: dict[str, Any] = yaml.safe_load(text)
    gsr, case = data["plover_gsr"], data["case2021"]
    return LabelMaps(
        plover_gold={str(k): str(v) for k, v in gsr["gold"].items()},
        plover_skip=frozenset(str(s) for s in gsr.get("skip") or ()),
        plover_predicted={str(k): str(v) for k, v in (gsr.get("predicted") or {}).items()},
        plover_actor_codes={str(k): frozenset(str(x) for x in v)
                            for k, v in (gsr.get("actor_codes") or {}).items()},
        plover_intent={str(t): str(label) for label, types in (gsr.get("intent") or {}).items()
                       for t in types},
        plover_intent_statuses=frozenset(str(x) for x in gsr.get("intent_statuses") or ()),
        plover_refusal={str(t): str(label) for label, types in (gsr.get("refusal") or {}).items()
                        for t in types},
        plover_refusal_statuses=frozenset(str(x) for x in gsr.get("refusal_statuses") or ()),
        plover_civilian_coercion=gsr.get("civilian_coercion"),
        plover_civilian_sectors=frozenset(str(x) for x in gsr.get("civilian_sectors") or ()),
        case_acled={str(k): (str(v[0]), str(v[1])) for k, v in case["acled"].items()},
        case_outside={str(k): str(v) for k, v in (case.get("outside_acled") or {}).items()},
        case_fallback={str(k): str(v) for k, v in (case.get("plover_fallback") or {}).items()},
        acled_aliases={str(k): str(v) for k, v in (case.get("acled_aliases") or {}).items()},
    )


# -- readers ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class GoldActor:
    """A gold source actor of a PLOVER-GSR record."""

    text: str
    code: str
    sector: str | None = None


@dataclass(frozen=True)
class TypingRecord:
    """One gold sentence or snippet with its label (as written in the dataset)."""

    id: str
    text: str
    label: str
    published: date | None = None
    sources: tuple[GoldActor, ...] = field(default_factory=tuple)


def detect_dataset(path: Path) -> tuple[str, Path]:
    """``(kind, file)`` for a dataset path: a PLOVER-GSR .json array or a CASE .tsv, or a folder
    holding one of them (told by the file's content, not only its name)."""
    if path.is_dir():
        for name in (_PLOVER_FILE, _CASE_FILE):
            if (path / name).is_file():
                return detect_dataset(path / name)
        for candidate in sorted(path.glob("*.json")) + sorted(path.glob("*.tsv")):
            try:
                return detect_dataset(candidate)
            except GoldFormatError:
                continue
        raise GoldFormatError(f"{path}: no PLOVER-GSR .json or CASE 2021 .tsv file in it")
    if not path.is_file():
        raise GoldFormatError(f"{path}: no such file or folder")
    with path.open(encoding="utf-8", errors="replace") as fh:
        head = fh.read(4096)
    if head.lstrip().startswith("[") and '"event"' in head:
        return PLOVER_GSR, path
    first = head.splitlines()[0] if head else ""
    if "\t" in first and "EventSnippet" in first:
        return CASE2021, path
    raise GoldFormatError(f"{path}: neither a PLOVER-GSR JSON array nor a CASE 2021 TSV")


def read_plover_gsr(path: Path) -> list[TypingRecord]:
    """The PLOVER-GSR records with a text (``DOCUMENT`` records and the like are skipped)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise GoldFormatError(f"{path}: not JSON ({exc})") from exc
    if not isinstance(data, list):
        raise GoldFormatError(f"{path}: expected a JSON array of records")
    skip = label_maps().plover_skip
    out = []
    for rec in data:
        if not isinstance(rec, dict) or rec.get("event") in skip or not rec.get("text"):
            continue
        sources = tuple(
            GoldActor(str(s.get("actorText") or "").strip(), str(s.get("code") or ""),
                      s.get("sector"))
            for s in rec.get("source") or () if isinstance(s, dict)
        )
        published = None
        if isinstance(rec.get("date"), str):
            try:
                published = date.fromisoformat(rec["date"][:10])
            except ValueError:
                published = None
        # Some texts are wrapped in braces (CAMEO manual markup): not part of the sentence.
        text = str(rec["text"]).strip().strip("{}").strip()
        out.append(TypingRecord(str(rec.get("id")), text, str(rec["event"]), published, sources))
    return out


def read_case2021(path: Path) -> list[TypingRecord]:
    """The CASE 2021 task 2 snippets (``id``, ``EventSnippet``, ``SubType``)."""
    out = []
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh, delimiter="\t")
        for row in reader:
            text, label = (row.get("EventSnippet") or "").strip(), (row.get("SubType") or "")
            if not text or not label:
                continue
            out.append(TypingRecord(str(row.get("id")), text, label.strip()))
    return out


# -- reduction ----------------------------------------------------------------------------------


def _syntactic_rank(events: list[Event], ctx: AnalysisContext) -> dict[str, tuple[int, int]]:
    """Per event id: (sentence index in the article, dependency hops from trigger to root)."""
    sents: list[tuple[int, int, Doc, int, int]] = []
    for ps in ctx.parsed:
        for sent in ps.doc.sents:
            sents.append((ps.offset + sent.start_char, ps.offset + sent.end_char, ps.doc,
                          ps.offset, sent.start))
    ranks: dict[str, tuple[int, int]] = {}
    for ev in events:
        ranks[ev.id] = (len(sents), 99)
        for n, (start, end, doc, offset, _) in enumerate(sents):
            if not start <= ev.trigger.start < end:
                continue
            tok = next((t for t in doc if t.idx <= ev.trigger.start - offset < t.idx + len(t)
                        or t.idx >= ev.trigger.start - offset), None)
            if tok is None:
                break
            # The head noun of a compound trigger ("rocket attack") is the trigger's token.
            # (spaCy makes a new Token object per access: compare indices, never identity.)
            while tok.dep_ == "compound" and tok.head.i != tok.i:
                tok = tok.head
            hops = 0
            while tok.head.i != tok.i and hops < 50:
                tok = tok.head
                hops += 1
            ranks[ev.id] = (n, hops)
            break
    return ranks


def reduce_events(
    events: list[Event],
    to_label: Callable[[Event], str | None],
    ranks: dict[str, tuple[int, int]] | None = None,
) -> tuple[str, Event | None]:
    """The snippet's one label and the event it comes from (see the module docstring)."""
    ranks = ranks or {}
    labelled = [(ev, lab) for ev in events if (lab := to_label(ev)) is not None]
    if not labelled:
        return NO_EVENT, None
    def rank(pair: tuple[Event, str]) -> tuple[int, int, float, int]:
        return (*ranks.get(pair[0].id, (0, 0)), -pair[0].confidence, pair[0].trigger.start)

    ev, lab = min(labelled, key=rank)
    if ev.type == "ASSAULT" and ev.acled_sub_event_type in _GENERIC_VIOLENCE:
        # One snippet reports one attack; our stage keeps mentions with different modes apart
        # ("an attack … used mustard gas"), so the weapon named by another violent mention of
        # the snippet says how this attack was carried out.
        weapon = [(e, la) for e, la in labelled
                  if e.type == "ASSAULT" and (e.acled_event_type == _REMOTE_VIOLENCE
                                              or e.acled_sub_event_type in _SPECIFIC_VIOLENCE)]
        if weapon:
            ev, lab = min(weapon, key=rank)
    return lab, ev


# -- scoring ------------------------------------------------------------------------------------


def _per_class(pairs: list[tuple[str, str]], classes: Iterable[str]) -> dict[str, dict[str, float]]:
    gold_n = Counter(g for g, _ in pairs)
    pred_n = Counter(p for _, p in pairs)
    tp = Counter(g for g, p in pairs if g == p)
    out = {}
    for c in sorted(classes):
        p = tp[c] / pred_n[c] if pred_n[c] else 0.0
        r = tp[c] / gold_n[c] if gold_n[c] else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        out[c] = {"p": round(p, 4), "r": round(r, 4), "f1": round(f, 4), "n": gold_n[c]}
    return out


def _macro_f1(per_class: dict[str, dict[str, float]], classes: Iterable[str]) -> float | None:
    vals = [per_class[c]["f1"] for c in classes if c in per_class]
    return sum(vals) / len(vals) if vals else None


def _confusion(pairs: list[tuple[str, str]]) -> dict[str, dict[str, int]]:
    table: dict[str, dict[str, int]] = {}
    for g, p in pairs:
        row = table.setdefault(g, {})
        row[p] = row.get(p, 0) + 1
    return {g: dict(sorted(row.items(), key=lambda kv: -kv[1])) for g, row in sorted(table.items())}


def _actor_match(ev: Event | None, gold: tuple[GoldActor, ...], maps: LabelMaps) -> bool:
    if ev is None or ev.actor is None:
        return False
    from eventwire.events.lexicon import actor_lexicon

    codes = {a.code.upper() for a in gold}
    if ev.actor.country:
        iso3 = actor_lexicon().iso3.get(ev.actor.country, ev.actor.country)
        return iso3 in codes
    # Non-state gold codes (IGO, NGO) are compared with our actor's sector.
    return bool(ev.actor.sector) and any(
        ev.actor.sector in maps.plover_actor_codes.get(c, ()) for c in codes
    )


def _actor_code(ev: Event | None) -> str | None:
    if ev is None or ev.actor is None:
        return None
    return ev.actor.code or ev.actor.sector


def _sector_match(ev: Event | None, gold: tuple[GoldActor, ...]) -> bool:
    sectors = {a.sector[:3].upper() for a in gold if a.sector}
    return ev is not None and ev.actor is not None and (ev.actor.sector or "") in sectors


def _snippet_article(rec: TypingRecord) -> Article:
    """The record as an article whose whole text is one body paragraph.

    ``build_article`` lays out a page; a one-line snippet may be taken for a title (or yield no
    body at all), but every gold snippet is report text, so its layout is reset to one body
    segment (the article id and metadata stay as ingest made them)."""
    record = InputRecord(source_ref=rec.id, input_format="text", text=rec.text,
                         published=rec.published)
    body = Segment(kind=SegmentKind.BODY, start=0, end=len(rec.text), text=rec.text,
                   reason="evaluation snippet")
    try:
        article = build_article(record)
    except NoBodyError:
        return Article(id=article_id_for(rec.text), source_ref=rec.id, input_format="text",
                       published=rec.published, text=rec.text, segments=[body])
    if article.text != rec.text or [s.kind for s in article.segments] != [SegmentKind.BODY]:
        article = article.model_copy(update={"text": rec.text, "segments": [body],
                                             "title": None})
    return article


def _run(pipeline: Pipeline, rec: TypingRecord) -> tuple[list[Event], dict[str, tuple[int, int]]]:
    """Run every stage on one record, as :meth:`Pipeline.run` does, but keeping the context:
    the reduction rule needs the parse, which :class:`ArticleResult` does not carry."""
    ctx = pipeline.analyse(_snippet_article(rec))
    return ctx.events, _syntactic_rank(ctx.events, ctx)


def evaluate_typing(dataset: Path, limit: int | None = None) -> EvalReport:
    """Score sentence-level event typing on PLOVER-GSR or CASE 2021 task 2 (task ``events``);
    a MEANTIME (CAT XML) dataset goes to :mod:`eventwire.evaluation.meantime_events`."""
    from eventwire.evaluation.meantime_events import (
        evaluate_meantime_events,
        is_meantime_dataset,
    )

    if is_meantime_dataset(Path(dataset)):
        return evaluate_meantime_events(Path(dataset), limit=limit)
    kind, path = detect_dataset(Path(dataset))
    maps = label_maps()
    if kind == PLOVER_GSR:
        records = read_plover_gsr(path)
    else:
        records = [TypingRecord(r.id, r.text, r.label, _CASE_NOMINAL_DATE)
                   for r in read_case2021(path)]
    if limit is not None:
        records = records[:limit]
    pipeline = default_pipeline()
    t0 = time.perf_counter()
    pairs: list[tuple[str, str]] = []
    items: list[dict[str, Any]] = []
    covered = actor_ok = actor_n = sector_ok = sector_n = 0
    for rec in records:
        events, ranks = _run(pipeline, rec)
        covered += bool(events)
        if kind == PLOVER_GSR:
            gold = maps.plover_gold.get(rec.label)
            if gold is None:
                raise GoldFormatError(f"PLOVER label {rec.label!r} is not in label_maps.yaml")
            pred, chosen = reduce_events(events, maps.plover_label, ranks)
            if rec.sources:
                actor_n += 1
                actor_ok += _actor_match(chosen, rec.sources, maps)
            if any(a.sector for a in rec.sources):
                sector_n += 1
                sector_ok += _sector_match(chosen, rec.sources)
        else:
            gold = maps.case_gold(rec.label)
            pred, chosen = reduce_events(events, maps.case_label, ranks)
        pairs.append((gold, pred))
        items.append({"id": rec.id, "gold": gold, "pred": pred,
                      "trigger": chosen.trigger.text if chosen else None,
                      "actor": _actor_code(chosen),
                      "events": [f"{e.type}/{e.mode or ''}/{e.acled_sub_event_type or ''}"
                                 f"/{e.status.value}"
                                 for e in events]})
    seconds = time.perf_counter() - t0
    return _report(kind, path, pairs, items, seconds, covered,
                   (actor_ok, actor_n), (sector_ok, sector_n), maps)


def _report(
    kind: str,
    path: Path,
    pairs: list[tuple[str, str]],
    items: list[dict[str, Any]],
    seconds: float,
    covered: int,
    actor: tuple[int, int],
    sector: tuple[int, int],
    maps: LabelMaps,
) -> EvalReport:
    n = len(pairs)
    gold_classes = {g for g, _ in pairs}
    per_class = _per_class(pairs, gold_classes | {p for _, p in pairs})
    majority = Counter(g for g, _ in pairs).most_common(1)
    metrics: dict[str, float | int | None] = {
        "type_acc": sum(g == p for g, p in pairs) / n if n else None,
        "macro_f1": _macro_f1(per_class, gold_classes),
        "macro_f1_acled": _macro_f1(per_class, maps.case_acled) if kind == CASE2021 else None,
        "baseline_type_acc": majority[0][1] / n if n else None,
        "coverage": covered / n if n else None,
        "actor_acc": actor[0] / actor[1] if kind == PLOVER_GSR and actor[1] else None,
        "actor_sector_acc": sector[0] / sector[1] if kind == PLOVER_GSR and sector[1] else None,
    }
    confusions = Counter((g, p) for g, p in pairs if g != p).most_common(10)
    details: dict[str, Any] = {
        "dataset_kind": kind,
        "reduction": "labelled event of the earliest sentence, nearest the sentence root, "
                     "then highest confidence, then earliest trigger; none → NO_EVENT",
        "baseline_label": majority[0][0] if majority else None,
        "seconds": round(seconds, 2),
        "confusion": _confusion(pairs),
        "top_confusions": [{"gold": g, "pred": p, "count": c} for (g, p), c in confusions],
        "per_class": per_class,
        "items": items,
    }
    section = Section(metrics=metrics, details=details)
    return EvalReport(task="events", dataset=str(path), n_docs=n, sections={"typing": section})
