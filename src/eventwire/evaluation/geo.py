"""``eventwire eval geo``: toponym resolution scored on the gold spans of geoparsing corpora.

Readers for the corpora's native formats (the format is told by content, not by name):

* **GeoWebNews** XML (Gritta et al. 2019): ``<article><text/><toponyms><toponym>`` with
  ``extractedName``, ``start``/``end``, ``geonamesID`` and ``latitude``/``longitude`` where the
  toponym is locational;
* **LGL** XML (Lieberman et al. 2010), also the format of **TR-News**: ``<toponym><start/><end/>
  <phrase/><gaztag geonameid><lat/><lon/>…``;
* **GeoVirus** XML (Gritta et al. 2018): ``<location><name/><start/><end/><lat/><lon/>``, every
  offset one too high;
* **WikToR** (Gritta et al. 2018): ``WikToR_gold.txt`` (line N is the gold of text N:
  ``||``-separated ``title,,surface,,lat,,lon,,start,,end``) with the texts in ``texts/N`` or
  ``texts.tar.gz``; the dataset path is the folder or the gold file.

Spans are matched with a ±1 character tolerance: a span whose text is not the gold name at its
offsets is looked for one character left or right (GeoVirus, some TR-News spans).

Scoring ("resolution on gold spans"): each gold toponym with coordinates is resolved by
:func:`eventwire.gazetteer.resolve.resolve_names` with the document's other gold toponyms as
context, and by the most-populous-candidate baseline in the same run. GeoWebNews counts, as its
authors' evaluation does, only the toponyms linked to a GeoNames id (the few with hand-placed
coordinates only are resolved as context and reported apart, ``acc161_all_points``); a span
whose offsets miss its name (GeoWebNews: 4 dev spans point into the title line, which the
corpus's text leaves out) is resolved under the corpus's name and left out of recognition.
Metrics:

``acc161``   share of toponyms whose chosen place is within 161 km (100 miles) of the gold point;
``exact_id`` share, among gold toponyms with a GeoNames id, whose chosen place has that id;
``mean_km``, ``median_km``  error distance (a toponym left unresolved counts 20,039 km, half
             the Earth's circumference, the largest possible error);
``auc``      area under the curve of the sorted errors on a log scale, as in Gritta et al. 2018
             ("What's missing in geographical parsing?"): ``trapz(sorted(ln(1 + err_km))) /
             ((n - 1) * ln(20039))``; 0 is perfect, 1 the worst, *lower is better*;
``coverage`` share of gold toponyms for which the gazetteer has at least one candidate;
``baseline_acc161`` acc@161 of the most populous candidate.

Recognition (``ner_p``, ``ner_r``, ``ner_f1``): the place stage's recogniser
(:func:`eventwire.geo.find_toponyms`) on each document's spaCy parse. A predicted span is
right when both its ends are within one character of a gold toponym's; recall is over the
locational gold toponyms (those with coordinates, and for GeoWebNews of a locational type:
Literal, Literal_Modifier, Mixed, Coercion, Embedded_Literal), precision counts as wrong only the
predictions that match no gold toponym at all (a non-locational gold name such as a
demonym-free organisation mention is not held against it). WikToR annotates one name per
text, so recognition is not scored there.
"""

from __future__ import annotations

import math
import re
import statistics
import tarfile
import time
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from eventwire.errors import GoldFormatError
from eventwire.evaluation.report import EvalReport, Section

__all__ = [
    "GoldDoc",
    "GoldToponym",
    "auc_log_error",
    "detect_format",
    "evaluate_geo",
    "read_geo_dataset",
]

#: Half the Earth's circumference: the error of an unresolved toponym, and the AUC's scale.
MAX_ERROR_KM = 20039.0
ACC_KM = 161.0
#: Misses listed in the report's details (the first ones, in document order).
MAX_MISSES = 100

RESOLUTION_METRICS = [
    "acc161",
    "exact_id",
    "mean_km",
    "median_km",
    "auc",
    "coverage",
    "baseline_acc161",
    "baseline_exact_id",
    "baseline_median_km",
    "baseline_auc",
]
RECOGNITION_METRICS = ["ner_p", "ner_r", "ner_f1"]


@dataclass(frozen=True)
class GoldToponym:
    """One gold toponym span with its gold point (``lat``/``lon`` None when non-locational)."""

    start: int
    end: int
    text: str
    lat: float | None = None
    lon: float | None = None
    geonames_id: int | None = None
    kind: str | None = None  # GeoWebNews type, LGL feature code…
    #: False when the offsets do not point at the name in the text (a few GeoWebNews spans
    #: index the title line, which the corpus's ``<text>`` leaves out): ``text`` is then the
    #: corpus's name, resolved as usual but not matched against recognised spans.
    in_text: bool = True

    @property
    def has_point(self) -> bool:
        return self.lat is not None and self.lon is not None


@dataclass
class GoldDoc:
    """One gold document: its text and toponyms (offsets into ``text``, already realigned)."""

    doc_id: str
    text: str
    toponyms: list[GoldToponym] = field(default_factory=list)
    title: str | None = None


# ----------------------------------------------------------------------------- readers


def detect_format(path: Path) -> str:
    """``geowebnews``, ``lgl``, ``geovirus`` or ``wiktor``, from the file's content."""
    if path.is_dir():
        if (path / "WikToR_gold.txt").exists():
            return "wiktor"
        raise GoldFormatError("no WikToR_gold.txt in this folder", source_ref=str(path))
    with path.open("rb") as fh:
        head = fh.read(20000).decode("utf-8", "replace")
    if "<extractedName" in head or "<geonamesID" in head:
        return "geowebnews"
    if "<gaztag" in head or "<phrase>" in head:
        return "lgl"
    if "<locations" in head or "<location>" in head:
        return "geovirus"
    if ",," in head and "||" in head:
        return "wiktor"
    raise GoldFormatError(
        "not a GeoWebNews, LGL/TR-News, GeoVirus or WikToR file", source_ref=str(path)
    )


def _float(text: str | None) -> float | None:
    if text is None or not text.strip():
        return None
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def _int(text: str | None) -> int | None:
    if text is None or not text.strip():
        return None
    try:
        return int(text.strip())
    except ValueError:
        return None


def _align(text: str, start: int, end: int, name: str | None) -> tuple[int, int]:
    """Offsets whose text is ``name``, trying ±1 (GeoVirus and some TR-News spans are +1)."""
    if not name or text[start:end] == name:
        return start, end
    for shift in (-1, 1):
        if start + shift >= 0 and text[start + shift : end + shift] == name:
            return start + shift, end + shift
    return start, end


def _parse_xml(path: Path) -> ET.Element:
    try:
        return ET.parse(path).getroot()
    except ET.ParseError as exc:
        raise GoldFormatError(f"bad XML: {exc}", source_ref=str(path)) from exc


def _read_geowebnews(path: Path) -> Iterator[GoldDoc]:
    for n, art in enumerate(_parse_xml(path).iter("article")):
        text = art.findtext("text") or ""
        doc = GoldDoc(str(art.get("file", n)), text, title=art.findtext("title"))
        for t in art.iter("toponym"):
            start, end = _int(t.findtext("start")), _int(t.findtext("end"))
            if start is None or end is None:
                raise GoldFormatError(
                    f"toponym without offsets in article {doc.doc_id}", source_ref=str(path)
                )
            name = t.findtext("extractedName") or text[max(0, start) : max(0, end)]
            start, end = _align(text, start, end, name)
            # A few spans point before the text (into the title line the corpus strips): the
            # name is still the corpus's, not the characters the offsets happen to cover.
            in_text = 0 <= start <= end <= len(text) and text[start:end] == name
            doc.toponyms.append(
                GoldToponym(
                    start,
                    end,
                    text[start:end] if in_text else name,
                    _float(t.findtext("latitude")),
                    _float(t.findtext("longitude")),
                    _int(t.findtext("geonamesID")),
                    t.findtext("type"),
                    in_text,
                )
            )
        yield doc


def _read_lgl(path: Path) -> Iterator[GoldDoc]:
    for n, art in enumerate(_parse_xml(path).iter("article")):
        text = art.findtext("text") or ""
        doc = GoldDoc(str(art.get("docid", n)), text, title=art.findtext("title"))
        for t in art.iter("toponym"):
            start, end = _int(t.findtext("start")), _int(t.findtext("end"))
            if start is None or end is None:
                raise GoldFormatError(
                    f"toponym without offsets in article {doc.doc_id}", source_ref=str(path)
                )
            start, end = _align(text, start, end, t.findtext("phrase"))
            tag = t.find("gaztag")
            lat = lon = None
            gid = kind = None
            if tag is not None:
                lat, lon = _float(tag.findtext("lat")), _float(tag.findtext("lon"))
                gid = _int(tag.get("geonameid"))
                kind = tag.findtext("fcode") or tag.findtext("fclass")
            doc.toponyms.append(GoldToponym(start, end, text[start:end], lat, lon, gid, kind))
        yield doc


def _read_geovirus(path: Path) -> Iterator[GoldDoc]:
    for n, art in enumerate(_parse_xml(path).iter("article")):
        text = art.findtext("text") or ""
        doc = GoldDoc(f"{n}", text, title=art.findtext("source"))
        for loc in art.iter("location"):
            start, end = _int(loc.findtext("start")), _int(loc.findtext("end"))
            if start is None or end is None:
                raise GoldFormatError(
                    f"location without offsets in article {n}", source_ref=str(path)
                )
            start, end = _align(text, start, end, loc.findtext("name"))
            doc.toponyms.append(
                GoldToponym(
                    start,
                    end,
                    text[start:end],
                    _float(loc.findtext("lat")),
                    _float(loc.findtext("lon")),
                    None,
                    "location",
                )
            )
        yield doc


def _wiktor_texts(folder: Path, wanted: set[int]) -> dict[int, str]:
    texts: dict[int, str] = {}
    tdir = folder / "texts"
    if tdir.is_dir():
        for n in wanted:
            p = tdir / str(n)
            if p.exists():
                texts[n] = p.read_text(encoding="utf-8")
        return texts
    tar = folder / "texts.tar.gz"
    if not tar.exists():
        raise GoldFormatError(
            "WikToR texts not found (texts/ or texts.tar.gz)", source_ref=str(folder)
        )
    with tarfile.open(tar, "r:gz") as tf:
        for member in tf:
            stem = member.name.rsplit("/", 1)[-1]
            if member.isfile() and stem.isdigit() and int(stem) in wanted:
                fh = tf.extractfile(member)
                if fh is not None:
                    texts[int(stem)] = fh.read().decode("utf-8")
    return texts


_WIKTOR_ITEM = re.compile(r"^(.*),,(.*),,(-?[\d.]+),,(-?[\d.]+),,(\d+),,(\d+)$")


def _read_wiktor(path: Path, limit: int | None) -> Iterator[GoldDoc]:
    gold = path / "WikToR_gold.txt" if path.is_dir() else path
    folder = gold.parent
    lines = gold.read_text(encoding="utf-8").splitlines()
    if limit is not None:
        lines = lines[:limit]
    texts = _wiktor_texts(folder, set(range(len(lines))))
    for n, line in enumerate(lines):
        if n not in texts:
            raise GoldFormatError(f"WikToR text {n} missing", source_ref=str(folder))
        text = texts[n]
        doc = GoldDoc(str(n), text)
        for item in filter(None, line.strip().split("||")):
            m = _WIKTOR_ITEM.match(item)
            if m is None:
                raise GoldFormatError(f"line {n + 1}: bad item {item[:80]!r}", source_ref=str(gold))
            title, surface, lat, lon, s, e = m.groups()
            start, end = _align(text, int(s), int(e), surface)
            doc.title = title
            doc.toponyms.append(
                GoldToponym(start, end, text[start:end], float(lat), float(lon), None, "wiktor")
            )
        yield doc


def read_geo_dataset(path: Path, limit: int | None = None) -> tuple[str, list[GoldDoc]]:
    """The format name and documents (at most ``limit``) of a geoparsing gold file or folder."""
    if not path.exists():
        raise GoldFormatError("no such file or folder", source_ref=str(path))
    fmt = detect_format(path)
    if fmt == "wiktor":
        docs = list(_read_wiktor(path, limit))
    else:
        reader = {"geowebnews": _read_geowebnews, "lgl": _read_lgl, "geovirus": _read_geovirus}[fmt]
        docs = []
        for doc in reader(path):
            docs.append(doc)
            if limit is not None and len(docs) >= limit:
                break
    return fmt, docs


# ----------------------------------------------------------------------------- scoring


def auc_log_error(errors_km: list[float]) -> float | None:
    """AUC of the log error curve (Gritta et al. 2018); lower is better, None if < 2 errors."""
    if len(errors_km) < 2:
        return None
    curve = np.log1p(np.sort(np.asarray(errors_km, dtype=np.float64)))
    area = float(np.sum((curve[1:] + curve[:-1]) / 2.0))  # trapezoidal rule, unit spacing
    return area / ((len(curve) - 1) * math.log(MAX_ERROR_KM))


@dataclass
class _Scores:
    errors: list[float] = field(default_factory=list)
    id_hits: int = 0
    id_total: int = 0

    def metrics(self, prefix: str = "") -> dict[str, float | int | None]:
        n = len(self.errors)
        return {
            f"{prefix}acc161": 100.0 * sum(e <= ACC_KM for e in self.errors) / n if n else None,
            f"{prefix}exact_id": 100.0 * self.id_hits / self.id_total if self.id_total else None,
            f"{prefix}mean_km": statistics.fmean(self.errors) if n else None,
            f"{prefix}median_km": statistics.median(self.errors) if n else None,
            f"{prefix}auc": auc_log_error(self.errors),
        }


#: GeoWebNews types that name a place without locating something there (Gritta et al. 2019:
#: modifiers like "Russian officials", embedded names, metonymy, demonyms). Recall counts the
#: locational types only; a prediction on these is not held against precision either.
NON_LOCATIONAL = {"Non_Literal_Modifier", "Embedded_Non_Lit", "Metonymic", "Demonym",
                  "Non_Toponym", "Non_Lit_Expression", "Homonym", "Language"}


#: Which gold toponyms the resolution metrics count, per format, as the corpus's authors do.
SCORED_NOTE = {
    "geowebnews": "toponyms with a GeoNames id (Gritta et al. 2019 score geocoding on these, "
    "2,401 of the 2,601 with coordinates; the rest carry hand-placed points for places "
    "GeoNames lacks and are reported as acc161_all_points)",
}


def _scored(fmt: str, t: GoldToponym) -> bool:
    """Whether a gold toponym with coordinates counts in the resolution metrics: every one,
    except in GeoWebNews, whose authors geocode only the toponyms linked to GeoNames (their
    ``dataset.py``: the coordinate-only ones "are REALLY HARD" and left out of the paper's
    2,401). Unscored toponyms are still resolved, as context for the others."""
    return fmt != "geowebnews" or t.geonames_id is not None


def _recognition(docs: list[GoldDoc], gaz: object) -> Section:
    """Recognition P/R/F1 of the place stage's recogniser against the gold spans."""
    from eventwire.geo import find_toponyms
    from eventwire.nlp import load_nlp

    t0 = time.perf_counter()
    nlp = load_nlp()
    tp = fp = fn = 0
    for doc, parsed in zip(docs, nlp.pipe(d.text for d in docs), strict=True):
        predicted = [(t.start, t.end) for t in find_toponyms(parsed, gaz)]
        spans = [(g.start, g.end, g.has_point and g.kind not in NON_LOCATIONAL)
                 for g in doc.toponyms if g.in_text]

        def near(p: tuple[int, int], g: tuple[int, int, bool]) -> bool:
            return abs(p[0] - g[0]) <= 1 and abs(p[1] - g[1]) <= 1

        matched_gold: set[int] = set()
        for span in predicted:
            hits = [i for i, g in enumerate(spans) if near(span, g)]
            if not hits:
                fp += 1
            matched_gold.update(i for i in hits if spans[i][2])
        locational = [i for i, g in enumerate(spans) if g[2]]
        tp += len(matched_gold)
        fn += len(locational) - len(matched_gold)
    precision = tp / (tp + fp) if tp + fp else None
    recall = tp / (tp + fn) if tp + fn else None
    f1 = 2 * precision * recall / (precision + recall) if precision and recall else None
    return Section(
        metrics={"ner_p": precision, "ner_r": recall, "ner_f1": f1},
        details={"tp": tp, "fp": fp, "fn": fn, "seconds": round(time.perf_counter() - t0, 2),
                 "match": "both ends within 1 character; recall over locational gold"},
    )


def evaluate_geo(dataset: Path, limit: int | None = None, *, recognize: bool = True) -> EvalReport:
    """Score toponym resolution on a geoparsing corpus's gold spans (see module doc)."""
    from eventwire.gazetteer import haversine_km, load_gazetteer
    from eventwire.gazetteer.resolve import most_populous, resolve_names

    t0 = time.perf_counter()
    fmt, docs = read_geo_dataset(Path(dataset), limit)
    gaz = load_gazetteer()
    ours, base = _Scores(), _Scores()
    covered = total = 0
    all_points: list[float] = []  # errors over every gold point, scored or not
    misses: list[dict[str, object]] = []
    by_kind: dict[str, list[int]] = {}
    for doc in docs:
        gold = [t for t in doc.toponyms if t.has_point]
        if not gold:
            continue
        names = [t.text for t in gold]
        picks = resolve_names(names, gazetteer=gaz, text=doc.text)
        for t, pick in zip(gold, picks, strict=True):
            assert t.lat is not None and t.lon is not None
            err_all = (
                MAX_ERROR_KM
                if pick is None
                else float(haversine_km(t.lat, t.lon, pick.lat, pick.lon))
            )
            all_points.append(err_all)
            if not _scored(fmt, t):
                continue
            total += 1
            bpick = most_populous(t.text, gazetteer=gaz)
            if bpick is not None:
                covered += 1
            for scores, place in ((ours, pick), (base, bpick)):
                if place is None:
                    err = MAX_ERROR_KM
                else:
                    err = float(haversine_km(t.lat, t.lon, place.lat, place.lon))
                scores.errors.append(err)
                if t.geonames_id is not None:
                    scores.id_total += 1
                    scores.id_hits += int(place is not None and place.geonames_id == t.geonames_id)
            err = ours.errors[-1]
            stat = by_kind.setdefault(t.kind or "-", [0, 0])
            stat[0] += int(err <= ACC_KM)
            stat[1] += 1
            if err > ACC_KM and len(misses) < MAX_MISSES:
                misses.append(
                    {
                        "doc": doc.doc_id,
                        "text": t.text,
                        "gold": [t.lat, t.lon, t.geonames_id],
                        "picked": None
                        if pick is None
                        else [pick.id, pick.name, pick.feature_class, pick.country],
                        "km": round(err),
                    }
                )
    metrics: dict[str, float | int | None] = ours.metrics()
    metrics["coverage"] = 100.0 * covered / total if total else None
    bm = base.metrics("baseline_")
    for name in ("baseline_acc161", "baseline_exact_id", "baseline_median_km", "baseline_auc"):
        metrics[name] = bm[name]
    seconds = time.perf_counter() - t0
    resolution = Section(
        metrics=metrics,
        details={
            "format": fmt,
            "n_toponyms": total,
            "scored": SCORED_NOTE.get(fmt, "every gold toponym with coordinates"),
            "n_points_not_scored": len(all_points) - total,
            "acc161_all_points": 100.0 * sum(e <= ACC_KM for e in all_points) / len(all_points)
            if all_points
            else None,
            "seconds": round(seconds, 2),
            "acc161_by_kind": {
                k: round(100.0 * v[0] / v[1], 1) for k, v in sorted(by_kind.items())
            },
            "auc_definition": "trapz(sorted(ln(1+err_km))) / ((n-1) * ln(20039)); lower is better",
            "misses": misses,
        },
    )
    if fmt == "wiktor" or not recognize:
        recognition = Section.not_implemented(
            RECOGNITION_METRICS, "WikToR annotates one toponym per text" if fmt == "wiktor"
            else "recognition not requested",
        )
    else:
        recognition = _recognition(docs, gaz)
    return EvalReport(
        task="geo",
        dataset=str(dataset),
        n_docs=len(docs),
        sections={"resolution": resolution, "recognition": recognition},
    )
