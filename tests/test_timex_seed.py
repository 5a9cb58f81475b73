"""The seed article: every gold timex right, no ``not_dates`` read as dates."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from eventwire.model import Article, MentionKind, Segment, SegmentKind, article_id_for
from eventwire.pipeline import ParseStage, Pipeline
from eventwire.timex import Timex, TimexStage, find_timexes


@pytest.fixture(scope="module")
def seed(shared: Path) -> tuple[str, dict[str, Any], list[Timex]]:
    text = (shared / "seed" / "article.txt").read_text(encoding="utf-8")
    gold = json.loads((shared / "seed" / "article.gold.json").read_text(encoding="utf-8"))
    dct = date.fromisoformat(gold["article"]["published"])
    return text, gold, find_timexes(text, dct)


def _covering(found: list[Timex], text: str, needle: str) -> Timex | None:
    i = text.index(needle)
    j = i + len(needle)
    hits = [t for t in found if t.start < j and i < t.end]
    return hits[0] if hits else None


def test_every_gold_timex(seed: tuple[str, dict[str, Any], list[Timex]]) -> None:
    text, gold, found = seed
    for g in gold["timexes"]:
        t = _covering(found, text, g["text"])
        assert t is not None, f"missed {g['text']!r}"
        assert (t.type, t.value) == (g["type"], g["value"]), g["text"]
        if "mod" in g:
            assert t.mod == g["mod"]
        if "interval" in g:
            assert [t.earliest, t.latest] == [date.fromisoformat(d) for d in g["interval"]]
        if "anchor" in g:
            assert t.anchor == g["anchor"]


def test_named_gold_values(seed: tuple[str, dict[str, Any], list[Timex]]) -> None:
    text, _, found = seed
    saturday = _covering(found, text, "Saturday")
    earlier = _covering(found, text, "two days earlier")
    late = _covering(found, text, "late 2017")
    age = _covering(found, text, "78-year-old")
    assert saturday is not None and saturday.value == "2020-03-21"
    assert earlier is not None and earlier.value == "2020-01-03"
    assert late is not None and (late.value, late.mod) == ("2017", "END")
    assert age is not None and age.age and age.earliest is None


def test_no_not_dates(seed: tuple[str, dict[str, Any], list[Timex]]) -> None:
    text, gold, found = seed
    for needle in gold["not_dates"]:
        start = 0
        while (i := text.find(needle, start)) >= 0:
            j = i + len(needle)
            assert not [t for t in found if t.start < j and i < t.end], needle
            start = j


def test_caption_date_does_not_anchor_body(shared: Path) -> None:
    """Through the stage: the caption's 2017-08-20 is a caption mention and anchors nothing."""
    text = (shared / "seed" / "article.txt").read_text(encoding="utf-8")
    paras = [p for p in text.split("\n\n")]
    segs: list[Segment] = []
    pos = 0
    for p in paras:
        start = text.index(p, pos)
        kind = SegmentKind.CAPTION if p.startswith("In this August") else SegmentKind.BODY
        segs.append(Segment(kind=kind, start=start, end=start + len(p), text=p))
        pos = start + len(p)
    art = Article(
        id=article_id_for(text),
        source_ref="seed",
        input_format="text",
        text=text,
        segments=segs,
        published=date(2020, 3, 21),
    )
    result = Pipeline([ParseStage(), TimexStage()]).run(art)
    times = [m for m in result.mentions if m.kind == MentionKind.TIME]
    caption = [m for m in times if m.normalized == "2017-08-20"]
    assert len(caption) == 1 and caption[0].segment == SegmentKind.CAPTION
    assert all(m.attributes.get("anchor") != "August 20, 2017" for m in times)
    assert {m.normalized for m in times} >= {
        "2020-03-21",
        "2020-03-17",
        "2020-01-05",
        "2020-01-03",
        "2020-01-09",
        "2017",
    }
