"""End-to-end on the seed: the pipeline's reading against the gold file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from eventwire.evaluation.gate import run_gate
from eventwire.evaluation.seed import evaluate_seed
from eventwire.model import MentionKind
from eventwire.pipeline import default_pipeline
from tests.conftest import GOLD_ARTICLES, SEED_GOLD


@pytest.fixture(scope="module")
def seed_report() -> dict[str, object]:
    return evaluate_seed([SEED_GOLD]).to_dict()


def test_eval_seed_shape_is_stable(seed_report: dict[str, object]) -> None:
    assert set(seed_report) == {"task", "dataset", "n_docs", "metrics", "sections"}
    assert seed_report["task"] == "seed" and seed_report["n_docs"] == 1
    sections = seed_report["sections"]
    assert isinstance(sections, dict)
    for sec in sections.values():
        assert sec["status"] in ("ok", "not implemented")
        if sec["status"] == "not implemented":
            assert all(v is None for v in sec["metrics"].values())


def test_eval_seed_structure_is_perfect(seed_report: dict[str, object]) -> None:
    metrics = seed_report["metrics"]
    assert isinstance(metrics, dict)
    assert metrics["structure_acc"] == 1.0
    assert metrics["must_not_violations"] == 0


def test_eval_seed_unbuilt_stages_are_null_not_zero(seed_report: dict[str, object]) -> None:
    names = set(default_pipeline().names)
    metrics = seed_report["metrics"]
    assert isinstance(metrics, dict)
    if "events" not in names:
        assert metrics["event_f1"] is None
    if not names & {"places", "geo"}:
        assert metrics["toponym_acc"] is None


def test_eval_gold_articles_structure() -> None:
    report = evaluate_seed(sorted(GOLD_ARTICLES.glob("*.gold.json")))
    assert report.metrics["structure_acc"] == 1.0
    assert report.n_docs == 4


def test_end_to_end_seed_gold_values() -> None:
    """The seed article read as a user would: layout, then what the stages find."""
    from eventwire.evaluation.gold import load_gold
    from eventwire.ingest import build_article

    gold = load_gold(SEED_GOLD)
    article = build_article(gold.record())
    assert article.title == gold.article["title"]
    assert article.section == "News / Iraq"
    assert article.captions == [gold.article["caption"]]
    assert article.body.startswith(gold.article["body_starts_with"])
    assert article.body.endswith(gold.article["body_ends_with"])
    for line in gold.article["boilerplate"]:
        assert line not in article.body
    result = default_pipeline().run(article)
    people = {m.text for m in result.mentions if m.label == "PERSON"}
    assert {"Donald Trump", "Mike Pompeo", "Qassem Soleimani"} <= people
    assert not [m for m in result.mentions if m.segment.value == "boilerplate"]
    times = {m.text: m for m in result.mentions if m.kind is MentionKind.TIME}
    if "timex" in default_pipeline().names:
        assert times["Saturday"].normalized == "2020-03-21"
        assert times["two days earlier"].normalized == "2020-01-03"
        assert times["late 2017"].normalized == "2017"
        assert times["late 2017"].attributes.get("mod") == "END"
        assert times["August 20, 2017"].segment.value == "caption"


def test_gate_fails_below_floor(tmp_path: Path) -> None:
    shared = SEED_GOLD.parents[1]
    floors = tmp_path / "floors.json"
    entry = {"name": "seed", "task": "seed", "datasets": ["seed/article.gold.json"]}
    floors.write_text(json.dumps({"entries": [{**entry, "min": {"structure_acc": 1.0}}]}))
    assert run_gate(floors, shared) == []
    floors.write_text(json.dumps({"entries": [{**entry, "min": {"event_f1": 0.5}}]}))
    problems = run_gate(floors, shared)
    if "events" not in default_pipeline().names:
        assert problems == ["seed: event_f1 = None, floor 0.5"]


def test_scorer_undated_gold_wants_an_event_flagged_reported_by() -> None:
    from datetime import date as _date

    from eventwire.evaluation.seed import _actor_ok, _date_ok
    from eventwire.model import Actor, Event, EventTime, Span

    def event(when: EventTime) -> Event:
        return Event(id="a:e1", article_id="a", type="ACCUSE",
                     trigger=Span(start=0, end=7, text="accuses", stage="events"), when=when)

    gold = {"reported_on": "2018-03-31"}
    flagged = EventTime(latest=_date(2018, 3, 31), basis="reported_by")
    dated = EventTime(value="2018-03-31", earliest=_date(2018, 3, 31),
                      latest=_date(2018, 3, 31), precision="day", basis="discourse")
    assert _date_ok(event(flagged), gold, _date(2018, 3, 31))
    assert not _date_ok(event(dated), gold, _date(2018, 3, 31))
    implicit = {"text": None, "country": "CN", "sector": "JUD"}
    assert _actor_ok(Actor(text=None, country="CN", sector="JUD"), implicit)
    assert not _actor_ok(None, implicit)
