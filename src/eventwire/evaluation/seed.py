"""``eventwire eval seed``: the whole pipeline against articles annotated like the seed.

The gold files' ``article`` blocks are the input metadata (file, publisher, published); all
files given are processed as one batch, as a user would ingest them (so sentences a publisher
repeats across its articles are recognised). Sections and their metrics:

``structure``  per-document checks — title (when the gold title is in the text), section,
               body start, body end, every caption kept as a caption and out of the body, every
               boilerplate string out of the body → ``structure_acc`` (share of checks passed).
``timex``      gold time expressions located by quote; a predicted time mention overlapping it
               is *found*; ``timex_recall`` = found / required, ``timex_value_acc`` = value
               equal (and ``mod`` when gold has one) / required. Optional items count when found.
``toponyms``   a predicted place mention overlapping the gold quote and within ``tolerance_km``
               of the gold coordinates is correct → ``toponym_acc`` (over required toponyms).
``entities``   a gold entity (or an alias) is found when a predicted entity mention covers the
               same text → ``entity_recall``.
``events``     matching rule (one-to-one, greedy by score): a predicted event matches a gold
               event when the type is the gold type or a listed alternative AND either its
               trigger/evidence overlaps a gold trigger quote (``trigger``, ``also_mentioned_by``,
               ``coreferent_mentions``) or at least two of {same date, a place within tolerance,
               same actor country} hold. ``event_p/r/f1`` over non-optional gold events
               (optional ones neither reward a miss nor punish a find), then per-field accuracy
               over matched pairs.
``must_not``   automatic checks derived from the structured gold (the free-text ``must_not``
               items are listed in details for a human reader): boilerplate in the body, events
               from captions/boilerplate, ``not_dates`` read as times, places resolved to
               another country than the gold toponym (or outside every gold country), matched
               events dated at the publication date when gold says otherwise, and non-occurred
               gold events coded as occurred → ``must_not_violations``.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from eventwire.errors import GoldFormatError
from eventwire.evaluation.gold import GoldDoc, find_quote, load_gold
from eventwire.evaluation.report import EvalReport, Section, prf
from eventwire.ingest import build_article, repeated_fingerprints
from eventwire.model import ArticleResult, Event, Mention, MentionKind, SegmentKind, article_id_for
from eventwire.pipeline import Pipeline, default_pipeline

__all__ = ["default_gold_path", "evaluate_seed", "score_documents"]

#: Types the gold may call by a neighbouring name; both directions count as the same family.
EARTH_RADIUS_KM = 6371.0088


def default_gold_path() -> Path:
    """``<repo>/../shared/seed/article.gold.json`` when run from a checkout."""
    here = Path(__file__).resolve()
    for parent in here.parents:
        candidate = parent.parent / "shared" / "seed" / "article.gold.json"
        if (parent / "pyproject.toml").exists() and candidate.exists():
            return candidate
    raise GoldFormatError("no default gold file found; pass --gold FILE")


def evaluate_seed(
    paths: Sequence[Path], pipeline: Pipeline | None = None, *, task: str = "seed"
) -> EvalReport:
    """Run the pipeline on the gold files' articles (one batch) and score every section."""
    docs = [load_gold(Path(p)) for p in paths]
    pipeline = pipeline or default_pipeline()
    records = [d.record() for d in docs]
    repeated = repeated_fingerprints(
        (article_id_for(r.text or ""), r.publisher, r.text or "") for r in records
    )
    results = []
    for rec in records:
        article = build_article(rec, repeated=repeated.get(rec.publisher or "", ()))
        results.append(pipeline.run(article))
    report = score_documents(docs, results, set(pipeline.names))
    report.task = task
    report.dataset = ", ".join(str(p) for p in paths)
    return report


# -- helpers --------------------------------------------------------------------------------


def _norm(s: str | None) -> str:
    s = unicodedata.normalize("NFKC", s or "").replace("’", "'").replace("‘", "'")
    return re.sub(r"\s+", " ", s).strip().casefold()


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(min(1.0, h)))


def _ratio(num: int, den: int) -> float | None:
    return num / den if den else None


@dataclass
class _Counter:
    ok: int = 0
    total: int = 0

    def add(self, passed: bool) -> None:
        self.total += 1
        self.ok += int(passed)

    @property
    def value(self) -> float | None:
        return _ratio(self.ok, self.total)


# -- structure ------------------------------------------------------------------------------


def _structure(docs: Sequence[GoldDoc], results: Sequence[ArticleResult]) -> Section:
    checks: dict[str, _Counter] = {k: _Counter() for k in
                                   ("title", "section", "body_start", "body_end", "caption",
                                    "boilerplate")}
    failures: list[str] = []

    def check(name: str, passed: bool, doc: GoldDoc) -> None:
        checks[name].add(passed)
        if not passed:
            failures.append(f"{doc.path.name}: {name}")

    for doc, res in zip(docs, results, strict=True):
        gold, art = doc.article, res.article
        body = _norm(art.body)
        title_in_text = gold.get("title_in_text") or gold.get("title")
        if title_in_text and _norm(title_in_text) in _norm(doc.text):
            want = _norm(gold.get("title")).rstrip(".")
            check("title", _norm(art.title).rstrip(".") == want, doc)
        if gold.get("section"):
            want_parts = [p.strip() for p in _norm(gold["section"]).split("/")]
            got_parts = [p.strip() for p in _norm(art.section).split("/")]
            check("section", want_parts == got_parts, doc)
        if gold.get("body_starts_with"):
            check("body_start", body.startswith(_norm(gold["body_starts_with"])), doc)
        if gold.get("body_ends_with"):
            check("body_end", body.endswith(_norm(gold["body_ends_with"])), doc)
        captions = gold.get("captions") or ([gold["caption"]] if gold.get("caption") else [])
        got_captions = [_norm(c) for c in art.captions]
        for cap in captions:
            check("caption", _norm(cap) in got_captions and _norm(cap) not in body, doc)
        for bp in gold.get("boilerplate") or []:
            check("boilerplate", _norm(bp) not in body, doc)
    ok = sum(c.ok for c in checks.values())
    total = sum(c.total for c in checks.values())
    metrics: dict[str, float | int | None] = {"structure_acc": _ratio(ok, total)}
    metrics.update({f"structure_{k}_acc": c.value for k, c in checks.items()})
    return Section(metrics=metrics, details={"failed_checks": failures})


# -- timex ----------------------------------------------------------------------------------


def _timex(docs: Sequence[GoldDoc], results: Sequence[ArticleResult]) -> Section:
    found, value_ok, required = 0, 0, 0
    misses: list[str] = []
    for doc, res in zip(docs, results, strict=True):
        times = [m for m in res.mentions if m.kind is MentionKind.TIME]
        for tx in doc.data.get("timexes") or []:
            spans = doc.spans(tx)
            hit = next((m for m in times for sp in spans if _overlaps((m.start, m.end), sp)), None)
            optional = bool(tx.get("optional"))
            if optional and hit is None:
                continue
            required += 1
            if hit is None:
                misses.append(f"{doc.path.name}: {tx['text']!r} not found")
                continue
            found += 1
            same_value = (hit.normalized or "") == str(tx.get("value", ""))
            same_mod = not tx.get("mod") or hit.attributes.get("mod") == tx["mod"]
            if same_value and same_mod:
                value_ok += 1
            else:
                misses.append(
                    f"{doc.path.name}: {tx['text']!r} = {hit.normalized}"
                    f"{'/' + str(hit.attributes.get('mod')) if hit.attributes.get('mod') else ''}"
                    f", gold {tx.get('value')}{'/' + tx['mod'] if tx.get('mod') else ''}"
                )
    return Section(
        metrics={"timex_recall": _ratio(found, required),
                 "timex_value_acc": _ratio(value_ok, required)},
        details={"errors": misses},
    )


# -- toponyms -------------------------------------------------------------------------------


def _toponyms(docs: Sequence[GoldDoc], results: Sequence[ArticleResult]) -> Section:
    ok, total = 0, 0
    errors: list[str] = []
    for doc, res in zip(docs, results, strict=True):
        places = [m for m in res.mentions if m.kind is MentionKind.PLACE]
        for tp in doc.data.get("toponyms") or []:
            for sp in doc.spans(tp):
                hit = next((m for m in places if _overlaps((m.start, m.end), sp)), None)
                if tp.get("optional") and hit is None:
                    continue
                total += 1
                if hit is None:
                    errors.append(f"{doc.path.name}: {tp['text']!r}@{sp[0]} not recognised")
                    continue
                if tp.get("lat") is None or tp.get("optional_coordinates"):
                    good = hit.country is None or hit.country == tp.get("country")
                else:
                    good = (hit.lat is not None and hit.lon is not None and
                            _km(hit.lat, hit.lon, tp["lat"], tp["lon"])
                            <= float(tp.get("tolerance_km", 161)))
                ok += int(good)
                if not good:
                    errors.append(f"{doc.path.name}: {tp['text']!r}@{sp[0]} → "
                                  f"{hit.normalized} ({hit.lat},{hit.lon}, {hit.country})")
    return Section(metrics={"toponym_acc": _ratio(ok, total)}, details={"errors": errors})


# -- entities -------------------------------------------------------------------------------


def _entities(docs: Sequence[GoldDoc], results: Sequence[ArticleResult]) -> Section:
    found, total = 0, 0
    missed: list[str] = []
    for doc, res in zip(docs, results, strict=True):
        got = {_norm(m.text) for m in res.mentions if m.kind is MentionKind.ENTITY}
        got |= {_norm(m.normalized) for m in res.mentions
                if m.kind is MentionKind.ENTITY and m.normalized}
        for ent in doc.data.get("entities") or []:
            names = [ent["name"], *(ent.get("aliases") or [])]
            names = [n for n in names if find_quote(doc.text, n)]
            if not names:
                continue  # the gold name is a normalisation not written in the text
            total += 1
            hit = any(_norm(n) in got or any(_norm(n) in g for g in got) for n in names)
            found += int(hit)
            if not hit:
                missed.append(f"{doc.path.name}: {ent['name']}")
    return Section(metrics={"entity_recall": _ratio(found, total)}, details={"missed": missed})


# -- events ---------------------------------------------------------------------------------


def _gold_event_spans(doc: GoldDoc, ev: dict[str, Any]) -> list[tuple[int, int]]:
    quotes = [ev.get("trigger"), *(ev.get("also_mentioned_by") or []),
              *(ev.get("coreferent_mentions") or [])]
    spans: list[tuple[int, int]] = []
    for q in quotes:
        if q:
            spans += find_quote(doc.text, q)
    return spans


def _gold_locations(doc: GoldDoc, ev: dict[str, Any]) -> list[dict[str, Any]]:
    tops = {t["text"]: t for t in doc.data.get("toponyms") or [] if t.get("lat") is not None}
    return [tops[name] for name in ev.get("locations") or [] if name in tops]


def _period(value: str) -> tuple[date, date] | None:
    """First and last day of an ISO date, month or year ("2015", "2015-07", "2015-07-09")."""
    m = re.fullmatch(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", value.strip())
    if not m:
        return None
    y, mo, d = int(m.group(1)), m.group(2), m.group(3)
    if d:
        day = date(y, int(mo), int(d))
        return day, day
    if mo:
        first = date(y, int(mo), 1)
        nxt = date(y + (first.month == 12), first.month % 12 + 1, 1)
        return first, date.fromordinal(nxt.toordinal() - 1)
    return date(y, 1, 1), date(y, 12, 31)


def _date_ok(pred: Event, gold_when: dict[str, Any] | None, dct: date | None) -> bool:
    if not gold_when:
        return pred.when is None or pred.when.basis == "reported_by"
    w = pred.when
    if w is None:
        return False
    value = gold_when.get("value")
    if value:
        if w.value == value:
            return True
        period = _period(str(value))
        if period is None or w.earliest is None:
            return False
        # A prediction inside the gold day, month or year is right.
        return period[0] <= w.earliest and (w.latest or w.earliest) <= period[1]
    interval = gold_when.get("interval")
    if not interval and gold_when.get("reported_on"):
        # The text gives no date: the right answer is "as of the report", flagged as such.
        return w.basis == "reported_by" and (
            w.latest is None or w.latest.isoformat() == str(gold_when["reported_on"]))
    if interval and w.earliest and w.latest:
        lo_p, hi_p = _period(str(interval[0])), _period(str(interval[1]))
        if lo_p is None or hi_p is None:
            return False
        return w.earliest <= hi_p[1] and lo_p[0] <= w.latest
    return False


def _place_ok(pred: Event, gold_locs: list[dict[str, Any]]) -> bool:
    if not gold_locs:
        return not pred.places
    return any(
        p.lat is not None and p.lon is not None
        and _km(p.lat, p.lon, g["lat"], g["lon"]) <= float(g.get("tolerance_km", 161))
        for p in pred.places for g in gold_locs
    )


def _actor_ok(pred: Any, gold: dict[str, Any] | None) -> bool:
    # Gold without a country scores presence only: no participant (text null, no code) must be
    # predicted as none; a named one without a code ("X; Y", people of two countries) is
    # right whatever country the prediction gives. An implicit participant (text null with a
    # code: "were convicted" → the courts) is scored by its code.
    if gold and not gold.get("text") and gold.get("country"):
        return pred is not None and pred.country == gold["country"] and (
            not gold.get("sector") or pred.sector == gold.get("sector"))
    if not gold or not gold.get("text"):
        return pred is None or (pred.country is None and pred.text is None)
    if not gold.get("country"):
        return pred is not None
    return pred is not None and pred.country == gold.get("country") and (
        not gold.get("sector") or pred.sector == gold.get("sector"))


def _sources_ok(pred: Event, gold_sources: list[str]) -> bool:
    from rapidfuzz import fuzz

    if len(pred.sources) != len(gold_sources):
        return False
    for got, want in zip(pred.sources, gold_sources, strict=True):
        anonymous = "(anonymous)" in want
        want_name = _norm(want.replace("(anonymous)", ""))
        names = [_norm(x) for x in (got.text, got.name) if x]
        if not any(fuzz.partial_ratio(n, want_name) >= 80 for n in names):
            return False
        if anonymous and not got.anonymous:
            return False
    return True


def _match_events(
    doc: GoldDoc, preds: list[Event]
) -> tuple[list[tuple[dict[str, Any], Event]], list[dict[str, Any]], list[Event]]:
    gold = doc.data.get("events") or []
    scored: list[tuple[float, int, int]] = []
    for gi, ev in enumerate(gold):
        types = {ev.get("type"), *(ev.get("alternatives") or [])}
        spans = _gold_event_spans(doc, ev)
        locs = _gold_locations(doc, ev)
        for pi, p in enumerate(preds):
            if p.type not in types:
                continue
            pspans = [(p.trigger.start, p.trigger.end)] + [(s.start, s.end) for s in p.evidence]
            trigger_hit = any(_overlaps(a, b) for a in pspans for b in spans)
            agree = sum((
                _date_ok(p, ev.get("when"), doc.published),
                bool(locs) and _place_ok(p, locs),
                bool((ev.get("actor") or {}).get("country")) and p.actor is not None
                and p.actor.country == ev["actor"]["country"],
            ))
            if trigger_hit or agree >= 2:
                scored.append((2.0 * trigger_hit + agree, gi, pi))
    scored.sort(reverse=True)
    used_g: set[int] = set()
    used_p: set[int] = set()
    pairs: list[tuple[dict[str, Any], Event]] = []
    for _, gi, pi in scored:
        if gi in used_g or pi in used_p:
            continue
        used_g.add(gi)
        used_p.add(pi)
        pairs.append((gold[gi], preds[pi]))
    missed = [ev for i, ev in enumerate(gold) if i not in used_g]
    spurious = [p for i, p in enumerate(preds) if i not in used_p]
    return pairs, missed, spurious


EVENT_FIELDS = ("type", "status", "hedged", "actor", "target", "date", "place", "source_chain")


def _events(docs: Sequence[GoldDoc], results: Sequence[ArticleResult]) -> Section:
    tp = n_pred = n_gold = 0
    fields = {f: _Counter() for f in EVENT_FIELDS}
    confusion: dict[str, dict[str, int]] = {}
    notes: list[str] = []
    for doc, res in zip(docs, results, strict=True):
        pairs, missed, spurious = _match_events(doc, list(res.events))
        n_gold += sum(1 for ev in doc.data.get("events") or [] if not ev.get("optional"))
        tp += sum(1 for g, _ in pairs if not g.get("optional"))
        n_pred += len(res.events) - sum(1 for g, _ in pairs if g.get("optional"))
        for g, p in pairs:
            checks = {
                "type": p.type in {g.get("type"), *(g.get("alternatives") or [])},
                "status": p.status.value == g.get("status"),
                "hedged": p.hedged == bool(g.get("hedged")),
                "actor": _actor_ok(p.actor, g.get("actor")),
                "target": _actor_ok(p.target, g.get("target")),
                "date": _date_ok(p, g.get("when"), doc.published),
                "place": _place_ok(p, _gold_locations(doc, g)),
                "source_chain": _sources_ok(p, g.get("sources") or []),
            }
            for name, ok in checks.items():
                fields[name].add(ok)
            wrong = [name for name, ok in checks.items() if not ok]
            if wrong:
                notes.append(f"{doc.path.name}: {g['id']} ~ {p.type} {p.trigger.text!r}: "
                             f"wrong {', '.join(wrong)}")
            row = confusion.setdefault(str(g.get("type")), {})
            row[p.type] = row.get(p.type, 0) + 1
        notes += [f"{doc.path.name}: missed {g['id']} {g.get('type')} {g.get('trigger')!r}"
                  for g in missed if not g.get("optional")]
        notes += [f"{doc.path.name}: spurious {p.type} {p.trigger.text!r}" for p in spurious]
    p_, r_, f_ = prf(tp, n_pred, n_gold)
    metrics: dict[str, float | int | None] = {"event_p": p_, "event_r": r_, "event_f1": f_}
    metrics.update({f"{name}_acc": c.value for name, c in fields.items()})
    return Section(metrics=metrics, details={"confusion": confusion, "errors": notes})


# -- must_not -------------------------------------------------------------------------------


def _must_not(
    docs: Sequence[GoldDoc], results: Sequence[ArticleResult], stages: set[str]
) -> Section:
    counts = {"boilerplate_in_body": 0, "events_from_captions": 0, "not_dates_as_times": 0,
              "place_wrong_country": 0, "event_dated_by_publication": 0,
              "unreal_event_as_occurred": 0}
    active = ["boilerplate_in_body"]
    detail: list[str] = []
    for doc, res in zip(docs, results, strict=True):
        art = res.article
        body = _norm(art.body)
        for bp in doc.article.get("boilerplate") or []:
            if _norm(bp) in body:
                counts["boilerplate_in_body"] += 1
                detail.append(f"{doc.path.name}: boilerplate in body: {bp[:50]!r}")
        if "events" in stages:
            for ev in res.events:
                seg = art.segment_at(ev.trigger.start)
                if seg is not None and seg.kind is not SegmentKind.BODY:
                    counts["events_from_captions"] += 1
                    detail.append(f"{doc.path.name}: event from {seg.kind.value}: "
                                  f"{ev.trigger.text!r}")
            pairs, _, _ = _match_events(doc, list(res.events))
            for g, p in pairs:
                gw = g.get("when") or {}
                gold_is_dct = gw.get("value") == str(doc.published) or (
                    gw.get("interval") or [None])[0] == str(doc.published)
                # Dated at publication with no time expression behind it, yet not flagged as
                # "reported by" (a date from "on Saturday" = publication day is text evidence).
                if (doc.published and p.when and p.when.earliest == doc.published
                        and p.when.latest == doc.published and not gold_is_dct
                        and p.when.evidence is None and p.when.basis != "reported_by"):
                    counts["event_dated_by_publication"] += 1
                    detail.append(f"{doc.path.name}: {g['id']} dated at publication")
                if g.get("status") not in (None, "occurred") and p.status.value == "occurred":
                    counts["unreal_event_as_occurred"] += 1
                    detail.append(f"{doc.path.name}: {g['id']} ({g['status']}) coded occurred")
        if "timex" in stages:
            times = [m for m in res.mentions if m.kind is MentionKind.TIME]
            for nd in doc.data.get("not_dates") or []:
                for sp in find_quote(doc.text, nd):
                    if any(_overlaps((m.start, m.end), sp) for m in times):
                        counts["not_dates_as_times"] += 1
                        detail.append(f"{doc.path.name}: {nd!r} read as a time")
        places = [m for m in res.mentions if m.kind is MentionKind.PLACE]
        if places:
            counts["place_wrong_country"] += _wrong_country(doc, places, detail)
    if "events" in stages:
        active += ["events_from_captions", "event_dated_by_publication",
                   "unreal_event_as_occurred"]
    if "timex" in stages:
        active.append("not_dates_as_times")
    if any(s in stages for s in ("places", "geo")):
        active.append("place_wrong_country")
    total = sum(counts[k] for k in active)
    return Section(
        metrics={"must_not_violations": total},
        details={
            "active_checks": active,
            "counts": {k: counts[k] for k in active},
            "violations": detail,
            "gold_must_not": [m for d in docs for m in d.data.get("must_not") or []],
        },
    )


def _wrong_country(doc: GoldDoc, places: Iterable[Mention], detail: list[str]) -> int:
    tops = doc.data.get("toponyms") or []
    allowed = {t.get("country") for t in tops if t.get("country")}
    bad = 0
    for m in places:
        if not m.country:
            continue
        gold = next((t for t in tops for sp in doc.spans(t)
                     if _overlaps((m.start, m.end), sp)), None)
        want = gold.get("country") if gold else None
        if (want and m.country != want) or (not want and m.country not in allowed):
            bad += 1
            detail.append(f"{doc.path.name}: {m.text!r} resolved in {m.country}")
    return bad


# -- report ---------------------------------------------------------------------------------


def score_documents(
    docs: Sequence[GoldDoc], results: Sequence[ArticleResult], stages: set[str]
) -> EvalReport:
    """Score pipeline results against gold documents (same order)."""
    report = EvalReport(task="seed", dataset="", n_docs=len(docs))
    report.sections["structure"] = _structure(docs, results)
    report.sections["timex"] = (
        _timex(docs, results) if "timex" in stages
        else Section.not_implemented(["timex_recall", "timex_value_acc"], "no timex stage")
    )
    report.sections["toponyms"] = (
        _toponyms(docs, results) if stages & {"places", "geo"}
        else Section.not_implemented(["toponym_acc"], "no place stage")
    )
    report.sections["entities"] = _entities(docs, results)
    report.sections["events"] = (
        _events(docs, results) if "events" in stages
        else Section.not_implemented(
            ["event_p", "event_r", "event_f1", *(f"{f}_acc" for f in EVENT_FIELDS)],
            "no event stage",
        )
    )
    report.sections["must_not"] = _must_not(docs, results, stages)
    return report
