"""``eventwire eval time``: TIMEX3 recognition and normalization scored as in TempEval-3.

Reads TimeML ``.tml`` files (inline TIMEX3 in ``<TEXT>``, DCT from the ``CREATION_TIME``
timex) and MEANTIME CAT XML files (token-anchored TIMEX3, DCT from the ``CREATION_TIME``
timex); the format is detected by content. A dataset is a file or a folder searched
recursively.

Metrics (TempEval-3, UzZaman et al. 2013):

* ``strict_p/r/f1``: a system timex matches a gold one with exactly the same extent;
* ``relaxed_p/r/f1``: the extents overlap (one-to-one matching);
* ``type_acc``: share of relaxed matches with the right TIMEX3 type;
* ``value_p/r/f1``: relaxed matches with the right value, over all system (precision) and all
  gold (recall) timexes — so value F1 is bounded by relaxed F1, as in TempEval-3.

The DCT timex is input, not scored (a system expression overlapping it is ignored). MEANTIME
annotates time expressions in the title and first sentences only (sentence numbers 0-5); system
expressions after that are not scored.
"""

from __future__ import annotations

import html
import re
import time
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from eventwire.errors import GoldFormatError
from eventwire.evaluation.report import EvalReport, Section, prf

__all__ = ["GoldDoc", "GoldTimex", "evaluate_time", "read_dataset", "read_meantime", "read_tml"]


@dataclass(frozen=True)
class GoldTimex:
    """A gold TIMEX3: character span in the document text, type and value."""

    start: int
    end: int
    text: str
    type: str
    value: str
    mod: str | None = None


@dataclass
class GoldDoc:
    """One annotated document: its plain text, its DCT and gold timexes."""

    doc_id: str
    text: str
    dct: date | None
    timexes: list[GoldTimex] = field(default_factory=list)
    #: spans not to score (e.g. MEANTIME's DCT line, which is part of the token text)
    ignore: list[tuple[int, int]] = field(default_factory=list)
    #: end of the annotated part of the text (MEANTIME annotates time in its first sentences)
    scope_end: int | None = None


_TAG = re.compile(r"<(/?)([A-Za-z0-9_]+)([^>]*?)(/?)>")
_ATTR = re.compile(r'([\w:]+)="([^"]*)"')


def _parse_date(value: str) -> date | None:
    m = re.match(r"(\d{4})-?(\d{2})-?(\d{2})", value)
    if not m:
        return None
    try:
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


def read_tml(path: Path) -> GoldDoc:
    """Read a TimeML 1.2 ``.tml`` file: the ``<TEXT>`` content, its TIMEX3s, the DCT."""
    raw = path.read_text(encoding="utf-8", errors="replace")
    dct: date | None = None
    for m in re.finditer(r"<TIMEX3([^>]*)>", raw):
        attrs = dict(_ATTR.findall(m.group(1)))
        if attrs.get("functionInDocument") == "CREATION_TIME":
            dct = _parse_date(attrs.get("value", ""))
            break
    tm = re.search(r"<TEXT>(.*?)</TEXT>", raw, re.S)
    body = tm.group(1) if tm else raw
    out: list[str] = []
    pos = 0
    length = 0
    open_timex: list[tuple[int, dict[str, str]]] = []
    timexes: list[GoldTimex] = []
    for m in _TAG.finditer(body):
        chunk = html.unescape(body[pos : m.start()])
        out.append(chunk)
        length += len(chunk)
        pos = m.end()
        closing, name = m.group(1) == "/", m.group(2)
        if name != "TIMEX3":
            continue
        if not closing and m.group(4) != "/":
            open_timex.append((length, dict(_ATTR.findall(m.group(3)))))
        elif closing and open_timex:
            start, attrs = open_timex.pop()
            if attrs.get("functionInDocument") == "CREATION_TIME":
                continue
            timexes.append(
                GoldTimex(
                    start,
                    length,
                    "",
                    attrs.get("type", ""),
                    attrs.get("value", ""),
                    attrs.get("mod"),
                )
            )
    tail = html.unescape(body[pos:])
    out.append(tail)
    text = "".join(out)
    timexes = [
        GoldTimex(t.start, t.end, text[t.start : t.end], t.type, t.value, t.mod) for t in timexes
    ]
    return GoldDoc(path.stem, text, dct, timexes)


_NO_SPACE_BEFORE = {",", ".", ";", ":", "!", "?", ")", "]", "}", "'s", "n't", "'", "%", "''"}
_NO_SPACE_AFTER = {"(", "[", "{", "$", "``", "#"}


@dataclass(frozen=True)
class CatText:
    """The text of a CAT XML document rebuilt from its tokens (one line per sentence), and
    where each token and sentence lies in it."""

    text: str
    offsets: dict[str, tuple[int, int]]  # token id -> (start, end)
    token_sentence: dict[str, int]  # token id -> sentence number
    sentences: dict[int, tuple[int, int]]  # sentence number -> (start, end)


def cat_text(tokens: Iterable[ET.Element], *, no_space_before: Iterable[str] = _NO_SPACE_BEFORE,
             placeholder: str | None = None) -> CatText:
    """Rebuild a CAT XML document's text from its ``<token>`` elements (MEANTIME, ECB+):
    tokens joined by spaces except around punctuation, sentences by newlines. With a
    ``placeholder``, tokens are stripped and an empty one becomes the placeholder."""
    glued = frozenset(no_space_before)
    parts: list[str] = []
    offsets: dict[str, tuple[int, int]] = {}
    token_sentence: dict[str, int] = {}
    sentences: dict[int, tuple[int, int]] = {}
    length = 0
    prev_sent: int | None = None
    prev_tok = ""
    for tok in tokens:
        word = tok.text or ""
        if placeholder is not None:
            word = word.strip() or placeholder
        sent = int(tok.get("sentence") or 0)
        if prev_sent is None:
            sep = ""
        elif sent != prev_sent:
            sep = "\n"
        elif word in glued or prev_tok in _NO_SPACE_AFTER:
            sep = ""
        else:
            sep = " "
        parts.append(sep)
        length += len(sep)
        tid = tok.get("t_id", "")
        offsets[tid] = (length, length + len(word))
        token_sentence[tid] = sent
        first = sentences.get(sent, (length, 0))[0]
        sentences[sent] = (first, length + len(word))
        parts.append(word)
        length += len(word)
        prev_sent, prev_tok = sent, word
    return CatText("".join(parts), offsets, token_sentence, sentences)


def read_meantime(path: Path) -> GoldDoc:
    """Read a MEANTIME CAT XML file; text is rebuilt from tokens (one line per sentence)."""
    root = ET.parse(path).getroot()
    tokens = root.findall("token")
    rebuilt = cat_text(tokens)
    text, offsets = rebuilt.text, rebuilt.offsets
    # MEANTIME's document-level layer (timexes included) covers the title and the first
    # sentences only (sentence numbers 0-5); later sentences carry cross-document mentions
    # alone, so system timexes there cannot be judged.
    scoped = [offsets[t.get("t_id", "")][1] for t in tokens if int(t.get("sentence", 0)) <= 5]
    scope_end = max(scoped) if scoped else None
    dct: date | None = None
    timexes: list[GoldTimex] = []
    ignore: list[tuple[int, int]] = []
    markables = root.find("Markables")
    for tx in markables.iter("TIMEX3") if markables is not None else []:
        anchors = [a.get("t_id", "") for a in tx.findall("token_anchor")]
        spans = [offsets[a] for a in anchors if a in offsets]
        if tx.get("functionInDocument") == "CREATION_TIME":
            dct = _parse_date(tx.get("value", ""))
            if spans:
                ignore.append((min(s for s, _ in spans), max(e for _, e in spans)))
            continue
        if not spans:
            continue
        s, e = min(s for s, _ in spans), max(e for _, e in spans)
        timexes.append(
            GoldTimex(
                s, e, text[s:e], tx.get("type", ""), tx.get("value", ""), tx.get("mod") or None
            )
        )
    return GoldDoc(path.stem, text, dct, timexes, ignore, scope_end)


def _read_any(path: Path) -> GoldDoc | None:
    with path.open("r", encoding="utf-8", errors="replace") as fh:
        head = fh.read(4000)
    if "<TimeML" in head or ("<TIMEX3" in head and "<TEXT>" in head):
        return read_tml(path)
    if "<Document" in head and "<token" in head:
        return read_meantime(path)
    return None


def read_dataset(dataset: Path) -> list[GoldDoc]:
    """All TimeML/MEANTIME documents of a file or a folder (recursively, sorted)."""
    paths: Iterable[Path]
    if dataset.is_dir():
        paths = sorted(p for p in dataset.rglob("*") if p.suffix.lower() in (".tml", ".xml"))
    else:
        paths = [dataset]
    docs: list[GoldDoc] = []
    seen: set[str] = set()
    for p in paths:
        doc = _read_any(p)
        if doc is None:
            continue
        # The same document can ship twice (TBAQ's testpipeline/ copy): score it once.
        key = doc.doc_id + "\x00" + doc.text[:200]
        if key in seen:
            continue
        seen.add(key)
        docs.append(doc)
    return docs


#: Error examples kept in the report's details (enough to categorise failures).
_MAX_SAMPLES = 300


@dataclass
class _Tally:
    n_gold: int = 0
    n_sys: int = 0
    strict: int = 0
    relaxed: int = 0
    type_ok: int = 0
    value_ok: int = 0
    errors: Counter[str] = field(default_factory=Counter)
    samples: list[dict[str, Any]] = field(default_factory=list)


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _score_doc(doc: GoldDoc, sys: list[tuple[int, int, str, str]], tally: _Tally) -> None:
    sys = [s for s in sys if not any(_overlap((s[0], s[1]), ig) for ig in doc.ignore)]
    if doc.scope_end is not None:
        sys = [s for s in sys if s[0] < doc.scope_end]
    gold = doc.timexes
    tally.n_gold += len(gold)
    tally.n_sys += len(sys)
    used: set[int] = set()
    # One-to-one relaxed matching: for each gold, the overlapping system timex with the most
    # shared characters that is still free.
    for g in gold:
        best, best_ov = -1, 0
        for i, s in enumerate(sys):
            if i in used:
                continue
            ov = min(g.end, s[1]) - max(g.start, s[0])
            if ov > best_ov:
                best, best_ov = i, ov
        if best < 0:
            tally.errors["missed"] += 1
            if len(tally.samples) < _MAX_SAMPLES:
                tally.samples.append(
                    {
                        "doc": doc.doc_id,
                        "kind": "missed",
                        "gold": g.text,
                        "type": g.type,
                        "value": g.value,
                    }
                )
            continue
        used.add(best)
        s = sys[best]
        tally.relaxed += 1
        if (s[0], s[1]) == (g.start, g.end):
            tally.strict += 1
        if s[2] == g.type:
            tally.type_ok += 1
        if s[3] == g.value:
            tally.value_ok += 1
        else:
            tally.errors["wrong_value"] += 1
            if len(tally.samples) < _MAX_SAMPLES:
                tally.samples.append(
                    {
                        "doc": doc.doc_id,
                        "kind": "value",
                        "gold": g.text,
                        "sys": doc.text[s[0] : s[1]],
                        "gold_value": g.value,
                        "sys_value": s[3],
                        "dct": str(doc.dct),
                    }
                )
    for i, s in enumerate(sys):
        if i not in used:
            tally.errors["spurious"] += 1
            if len(tally.samples) < _MAX_SAMPLES:
                tally.samples.append(
                    {
                        "doc": doc.doc_id,
                        "kind": "spurious",
                        "sys": doc.text[s[0] : s[1]],
                        "sys_value": s[3],
                    }
                )


def evaluate_time(dataset: Path, *, limit: int | None = None) -> EvalReport:
    """Score :func:`eventwire.timex.normalize_timexes` on TimeML/MEANTIME gold (TempEval-3)."""
    from eventwire.nlp import load_nlp
    from eventwire.timex import dct_from_dateline, normalize_timexes

    t0 = time.perf_counter()
    if not dataset.exists():
        raise GoldFormatError(f"dataset not found: {dataset}")
    try:
        docs = read_dataset(dataset)
    except (ET.ParseError, UnicodeDecodeError) as exc:
        raise GoldFormatError(f"cannot read {dataset}: {exc}") from exc
    if not docs:
        raise GoldFormatError(f"no TimeML (.tml) or MEANTIME documents in {dataset}")
    if limit is not None:
        docs = docs[:limit]
    nlp = load_nlp()
    # The tagger and parser give tense and sentences; NER and the lemmatizer are not needed.
    disable = [p for p in ("ner", "lemmatizer") if p in nlp.pipe_names]
    tally = _Tally()
    texts = (d.text for d in docs)
    for doc, sdoc in zip(docs, nlp.pipe(texts, batch_size=32, disable=disable), strict=True):
        # Without a DCT in the markup, fall back to a dateline as the pipeline does.
        dct = doc.dct or dct_from_dateline(doc.text)
        found = normalize_timexes(doc.text, dct, sdoc)
        # Ages ("a 6-year-old") are kept by the stage as person properties, but TimeML
        # corpora do not annotate them as timexes: they are not scored.
        sys = [(t.start, t.end, t.type, t.value) for t in found if not t.age]
        _score_doc(doc, sys, tally)
    elapsed = time.perf_counter() - t0
    sp, sr, sf = prf(tally.strict, tally.n_sys, tally.n_gold)
    rp, rr, rf = prf(tally.relaxed, tally.n_sys, tally.n_gold)
    vp, vr, vf = prf(tally.value_ok, tally.n_sys, tally.n_gold)
    type_acc = tally.type_ok / tally.relaxed if tally.relaxed else None
    section = Section(
        metrics={
            "strict_p": sp,
            "strict_r": sr,
            "strict_f1": sf,
            "relaxed_p": rp,
            "relaxed_r": rr,
            "relaxed_f1": rf,
            "type_acc": type_acc,
            "value_p": vp,
            "value_r": vr,
            "value_f1": vf,
            "n_gold": tally.n_gold,
            "n_sys": tally.n_sys,
            "seconds": elapsed,
        },
        details={"errors": dict(tally.errors), "samples": tally.samples},
    )
    return EvalReport(
        task="time", dataset=str(dataset), n_docs=len(docs), sections={"timex": section}
    )
