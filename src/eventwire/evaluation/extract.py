"""``eventwire eval extract``: how well :func:`eventwire.readers.html.extract_html` finds the body.

Two public gold formats are read natively; the folder's content says which one it is.

**Article Extraction Benchmark** (Zyte/Scrapinghub; a folder with ``ground-truth.json`` =
``{id: {"articleBody", "url"}}`` and ``html/<id>.html.gz``). Scored exactly as the benchmark's own
``evaluate.py`` does, so the figures compare with the published ones (readability 0.922,
newspaper3k 0.912, trafilatura ≈ 0.945):

* tokens are the ``\\w+`` regex matches of the text, case kept (Unicode word characters, so any
  language tokenises);
* the unit of matching is the *shingle*, four consecutive tokens (a text shorter than four tokens
  is one shingle), counted as a multiset: ``tp = Σ min(gold, pred)`` over shingles,
  ``fp``/``fn`` the surplus on each side;
* per document, precision ``tp/(tp+fp)`` and recall ``tp/(tp+fn)`` (1.0 when both texts are
  empty); precision is averaged over the documents with a non-empty prediction, recall over the
  documents with a non-empty gold body (so a page with no extraction costs recall only);
* ``body_f1`` is the harmonic mean of the averaged precision and the averaged recall (macro, every
  page weighs the same whatever its length).

A simpler bag-of-words view is reported beside it (``body_tok_f1``): lower-cased ``\\w+`` tokens
as a multiset, F1 per document, averaged over documents.

**trafilatura's benchmark** (a folder with ``evaldata.json`` and ``html.tar.xz``; the archive is
read in memory, never unpacked to disk). Scored as in trafilatura's own evaluation: each
``with`` snippet found verbatim in the extracted body is a true positive (missing: false
negative), each ``without`` snippet found is a false positive (absent: true negative); text and
snippets are compared in NFC without soft hyphens (U+00AD), which are invisible on the page;
precision, recall and F1 are micro-averaged over all snippets of all pages. ``date_acc`` is the
share of pages with a gold date whose extracted publication day equals it.

The baseline, computed in the same run on the same bytes, is plain trafilatura with its default
settings, ``trafilatura.extract(html)``; its metrics carry a ``baseline_`` prefix. Per-page worst
cases (ten lowest F1) go in the section details.
"""

from __future__ import annotations

import gzip
import json
import logging
import re
import tarfile
import time
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from statistics import mean
from typing import Any

import trafilatura

from eventwire.errors import GoldFormatError, NoBodyError
from eventwire.evaluation.report import EvalReport, Section, prf
from eventwire.readers.html import extract_html

__all__ = ["aeb_scores", "evaluate_extract", "shingle_counts", "snippet_counts"]

TASK = "extract"
WORST_N = 10
_TOKEN = re.compile(r"\w+")
_SHINGLE_N = 4


@contextmanager
def _quiet_extractors() -> Iterator[None]:
    """Silence trafilatura's per-page warnings for the run: a discarded page is a score here."""
    loggers = [logging.getLogger(name) for name in ("trafilatura", "htmldate")]
    levels = [lg.level for lg in loggers]
    for lg in loggers:
        lg.setLevel(logging.ERROR)
    try:
        yield
    finally:
        for lg, level in zip(loggers, levels, strict=True):
            lg.setLevel(level)


# --------------------------------------------------------------------------------------------
# Scoring


def _shingles(text: str, n: int = _SHINGLE_N) -> Counter[tuple[str, ...]]:
    tokens = _TOKEN.findall(text or "")
    return Counter(tuple(tokens[i : i + n]) for i in range(max(1, len(tokens) - n + 1)) if tokens)


def shingle_counts(gold: str, pred: str) -> tuple[int, int, int]:
    """``(tp, fp, fn)`` over 4-token shingles of ``gold`` and ``pred``, as multisets."""
    g, p = _shingles(gold), _shingles(pred)
    return sum((g & p).values()), sum((p - g).values()), sum((g - p).values())


def _doc_pr(tp: int, fp: int, fn: int) -> tuple[float, float]:
    """Per-document precision and recall with the benchmark's conventions for empty texts."""
    if fp == fn == 0:
        return 1.0, 1.0
    precision = 0.0 if tp == fp == 0 else tp / (tp + fp)
    recall = 0.0 if tp == fn == 0 else tp / (tp + fn)
    return precision, recall


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def aeb_scores(counts: Iterable[tuple[int, int, int]]) -> tuple[float, float, float]:
    """Averaged precision, averaged recall and their harmonic mean, as the AEB computes them."""
    rows = list(counts)
    precisions = [_doc_pr(*c)[0] for c in rows if c[0] + c[1] > 0]
    recalls = [_doc_pr(*c)[1] for c in rows if c[0] + c[2] > 0]
    p = mean(precisions) if precisions else 0.0
    r = mean(recalls) if recalls else 0.0
    return p, r, _f1(p, r)


def _token_f1(gold: str, pred: str) -> float:
    g = Counter(t.lower() for t in _TOKEN.findall(gold))
    p = Counter(t.lower() for t in _TOKEN.findall(pred))
    tp = sum((g & p).values())
    if not g and not p:
        return 1.0
    return _f1(tp / sum(p.values()) if p else 0.0, tp / sum(g.values()) if g else 0.0)


def _match_form(text: str) -> str:
    """NFC without soft hyphens: invisible differences must not decide a snippet match."""
    return unicodedata.normalize("NFC", text.replace("\u00ad", ""))


def snippet_counts(text: str, with_: Iterable[str], without: Iterable[str]) -> tuple[int, ...]:
    """``(tp, fn, fp, tn)`` of one page: ``with`` snippets found / missing, ``without`` found /
    absent in ``text`` (verbatim substring match, as trafilatura's evaluation does)."""
    text = _match_form(text)
    found_with = [_match_form(s) in text for s in with_]
    found_without = [_match_form(s) in text for s in without]
    return (
        sum(found_with),
        len(found_with) - sum(found_with),
        sum(found_without),
        len(found_without) - sum(found_without),
    )


# --------------------------------------------------------------------------------------------
# The two systems


@dataclass
class _Output:
    body: str
    published: str | None = None
    failed: bool = False


def _ours(html: bytes, url: str | None) -> _Output:
    try:
        ext = extract_html(html, url=url)
    except NoBodyError:
        return _Output("", failed=True)
    published = ext.published.isoformat() if ext.published else None
    return _Output("\n".join(ext.body_paragraphs), published)


def _baseline(html: bytes) -> _Output:
    text = trafilatura.extract(html)
    return _Output(text or "", failed=not text)


def _run_both(html: bytes, url: str | None) -> tuple[_Output, float, _Output, float]:
    """Ours and the baseline on the same bytes, with their run times in seconds."""
    start = time.perf_counter()
    ours = _ours(html, url)
    middle = time.perf_counter()
    base = _baseline(html)
    return ours, middle - start, base, time.perf_counter() - middle


# --------------------------------------------------------------------------------------------
# Article Extraction Benchmark


def _eval_aeb(folder: Path, limit: int | None) -> EvalReport:
    try:
        gold: dict[str, dict[str, Any]] = json.loads(
            (folder / "ground-truth.json").read_text(encoding="utf-8")
        )
    except (OSError, ValueError) as err:
        raise GoldFormatError(
            f"cannot read ground-truth.json: {err}", source_ref=str(folder)
        ) from err
    ids = sorted(gold)[:limit] if limit is not None else sorted(gold)

    ours_counts: list[tuple[int, int, int]] = []
    base_counts: list[tuple[int, int, int]] = []
    ours_tok: list[float] = []
    base_tok: list[float] = []
    per_doc: list[dict[str, Any]] = []
    ours_time = base_time = 0.0
    ours_failed = base_failed = 0
    for doc_id in ids:
        entry = gold[doc_id]
        if not isinstance(entry, dict) or "articleBody" not in entry:
            raise GoldFormatError(f"{doc_id}: no articleBody", source_ref=str(folder))
        path = folder / "html" / f"{doc_id}.html.gz"
        try:
            html = gzip.decompress(path.read_bytes())
        except OSError as err:
            raise GoldFormatError(
                f"cannot read {path.name}: {err}", source_ref=str(folder)
            ) from err
        truth = str(entry["articleBody"] or "")
        url = entry.get("url")
        ours, t_ours, base, t_base = _run_both(html, url)
        ours_time += t_ours
        base_time += t_base
        ours_failed += ours.failed
        base_failed += base.failed
        c_ours = shingle_counts(truth, ours.body)
        c_base = shingle_counts(truth, base.body)
        ours_counts.append(c_ours)
        base_counts.append(c_base)
        ours_tok.append(_token_f1(truth, ours.body))
        base_tok.append(_token_f1(truth, base.body))
        p, r = _doc_pr(*c_ours)
        bp, br = _doc_pr(*c_base)
        per_doc.append(
            {
                "id": doc_id,
                "url": url,
                "p": round(p, 3),
                "r": round(r, 3),
                "f1": round(_f1(p, r), 3),
                "baseline_f1": round(_f1(bp, br), 3),
            }
        )

    p, r, f = aeb_scores(ours_counts)
    bp, br, bf = aeb_scores(base_counts)
    worst = sorted(per_doc, key=lambda d: (d["f1"], d["id"]))[:WORST_N]
    n = len(ids)
    body = Section(
        metrics={
            "body_p": p if n else None,
            "body_r": r if n else None,
            "body_f1": f if n else None,
            "body_tok_f1": mean(ours_tok) if n else None,
            "body_failed": ours_failed,
        },
        details={
            "metric": "AEB: 4-token shingles of \\w+ tokens, P and R averaged over pages",
            "seconds": round(ours_time, 2),
            "worst": worst,
        },
    )
    baseline = Section(
        metrics={
            "baseline_body_p": bp if n else None,
            "baseline_body_r": br if n else None,
            "baseline_body_f1": bf if n else None,
            "baseline_body_tok_f1": mean(base_tok) if n else None,
            "baseline_body_failed": base_failed,
        },
        details={
            "system": "trafilatura.extract(html), default settings",
            "version": trafilatura.__version__,
            "seconds": round(base_time, 2),
        },
    )
    return EvalReport(TASK, str(folder), n, {"body": body, "baseline": baseline})


# --------------------------------------------------------------------------------------------
# trafilatura's snippet benchmark


def _read_members(archive: Path, wanted: set[str]) -> dict[str, bytes]:
    """The archive's files named in ``wanted`` (by base name), read in memory.

    Base names are unique in the upstream archive (``tests/eval/`` and ``tests/cache/`` hold
    different pages), so the first copy found is taken and reading stops once all are found.
    """
    found: dict[str, bytes] = {}
    try:
        with tarfile.open(archive, mode="r:*") as tar:
            for member in tar:
                name = PurePosixPath(member.name).name
                if not member.isfile() or name not in wanted or name in found:
                    continue
                handle = tar.extractfile(member)
                if handle is not None:
                    found[name] = handle.read()
                if len(found) == len(wanted):
                    break
    except (OSError, tarfile.TarError) as err:
        raise GoldFormatError(
            f"cannot read {archive.name}: {err}", source_ref=str(archive)
        ) from err
    return found


def _eval_snippets(folder: Path, limit: int | None) -> EvalReport:
    try:
        gold: dict[str, dict[str, Any]] = json.loads(
            (folder / "evaldata.json").read_text(encoding="utf-8")
        )
    except (OSError, ValueError) as err:
        raise GoldFormatError(f"cannot read evaldata.json: {err}", source_ref=str(folder)) from err
    urls = sorted(gold)[:limit] if limit is not None else sorted(gold)
    for url in urls:
        if not isinstance(gold[url], dict) or "file" not in gold[url]:
            raise GoldFormatError(f"{url}: entry without 'file'", source_ref=str(folder))
    files = _read_members(folder / "html.tar.xz", {str(gold[u]["file"]) for u in urls})

    ours_tot = [0, 0, 0, 0]
    base_tot = [0, 0, 0, 0]
    dates_right = dates_total = 0
    ours_time = base_time = 0.0
    ours_failed = base_failed = 0
    per_doc: list[dict[str, Any]] = []
    missing: list[str] = []
    for url in urls:
        entry = gold[url]
        html = files.get(str(entry["file"]))
        with_ = [str(s) for s in entry.get("with", [])]
        without = [str(s) for s in entry.get("without", [])]
        if html is None:
            missing.append(str(entry["file"]))
            continue
        ours, t_ours, base, t_base = _run_both(html, url)
        ours_time += t_ours
        base_time += t_base
        ours_failed += ours.failed
        base_failed += base.failed
        c_ours = snippet_counts(ours.body, with_, without)
        c_base = snippet_counts(base.body, with_, without)
        for i in range(4):
            ours_tot[i] += c_ours[i]
            base_tot[i] += c_base[i]
        if entry.get("date"):
            dates_total += 1
            dates_right += ours.published == str(entry["date"])[:10]
        tp, fn, fp, _tn = c_ours
        body_form = _match_form(ours.body)
        # per-page F1 = 2tp / (2tp + fp + fn): 0.0 (not undefined) when nothing was found
        f = 2 * tp / (2 * tp + fp + fn) if tp + fp + fn else None
        per_doc.append(
            {
                "url": url,
                "file": entry["file"],
                "f1": round(f, 3) if f is not None else None,
                "missed": [s for s in with_ if _match_form(s) not in body_form][:3],
                "leaked": [s for s in without if _match_form(s) in body_form][:3],
            }
        )

    def metrics(tot: list[int], prefix: str) -> dict[str, float | int | None]:
        tp, fn, fp, tn = tot
        p, r, f = prf(tp, tp + fp, tp + fn)
        total = tp + fn + fp + tn
        return {
            f"{prefix}body_p": p,
            f"{prefix}body_r": r,
            f"{prefix}body_f1": f,
            f"{prefix}body_acc": (tp + tn) / total if total else None,
        }

    n = len(urls) - len(missing)
    worst = sorted(
        (d for d in per_doc if d["missed"] or d["leaked"]),
        key=lambda d: (d["f1"] if d["f1"] is not None else 1.0, d["url"]),
    )[:WORST_N]
    body = Section(
        metrics={**metrics(ours_tot, ""), "body_failed": ours_failed},
        details={
            "metric": "snippets: with found = TP, missing = FN; without found = FP, absent = TN",
            "counts": dict(zip(("tp", "fn", "fp", "tn"), ours_tot, strict=True)),
            "seconds": round(ours_time, 2),
            "missing_files": missing,
            "worst": worst,
        },
    )
    baseline = Section(
        metrics={**metrics(base_tot, "baseline_"), "baseline_body_failed": base_failed},
        details={
            "system": "trafilatura.extract(html), default settings",
            "version": trafilatura.__version__,
            "counts": dict(zip(("tp", "fn", "fp", "tn"), base_tot, strict=True)),
            "seconds": round(base_time, 2),
        },
    )
    dates = Section(
        metrics={"date_acc": dates_right / dates_total if dates_total else None},
        details={"pages_with_gold_date": dates_total},
    )
    return EvalReport(TASK, str(folder), n, {"body": body, "baseline": baseline, "date": dates})


# --------------------------------------------------------------------------------------------
# Entry point


def evaluate_extract(dataset: Path, limit: int | None = None) -> EvalReport:
    """Score body extraction on an AEB-style or trafilatura-style dataset folder.

    ``dataset`` is the folder (or its ``ground-truth.json`` / ``evaldata.json``). ``limit`` keeps
    the first N pages in sorted id order, so a quick run always scores the same subset.

    Raises:
        GoldFormatError: the folder holds neither format, or a file of it cannot be read.
    """
    folder = dataset.parent if dataset.is_file() else dataset
    if limit is not None and limit < 0:
        raise GoldFormatError(f"limit must be positive, not {limit}", source_ref=str(dataset))
    if (folder / "ground-truth.json").is_file():
        with _quiet_extractors():
            return _eval_aeb(folder, limit)
    if (folder / "evaldata.json").is_file():
        with _quiet_extractors():
            return _eval_snippets(folder, limit)
    raise GoldFormatError(
        "not an extraction dataset: expected ground-truth.json + html/ (Article Extraction "
        "Benchmark) or evaldata.json + html.tar.xz (trafilatura)",
        source_ref=str(dataset),
    )
