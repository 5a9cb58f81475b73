"""Sentence-level event typing evaluation (PLOVER-GSR, CASE 2021 task 2)."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from eventwire.evaluation.report import EvalReport
from eventwire.evaluation.typing import (
    CASE2021,
    NO_EVENT,
    PLOVER_GSR,
    TypingRecord,
    _run,
    detect_dataset,
    evaluate_typing,
    label_maps,
    read_case2021,
    read_plover_gsr,
    reduce_events,
)
from eventwire.events.acled import code_events
from eventwire.model import Actor, Event, EventStatus, Span
from eventwire.pipeline import default_pipeline

EVAL = Path(__file__).resolve().parents[2] / "shared" / "eval" / "events"
PLOVER_DIR = EVAL / "plover-gsr"
CASE_DIR = EVAL / "case2021-task2"
METRICS = {"type_acc", "macro_f1", "macro_f1_acled", "baseline_type_acc", "coverage",
           "actor_acc", "actor_sector_acc"}

needs_plover = pytest.mark.skipif(not (PLOVER_DIR / "PLOVER_GSR_CAMEO.json").exists(),
                                  reason="PLOVER-GSR dev set not present")
needs_case = pytest.mark.skipif(not (CASE_DIR / "snippets.tsv").exists(),
                                reason="CASE 2021 dev set not present")


# -- label maps cover the datasets ------------------------------------------------------------


@needs_plover
def test_plover_map_covers_every_gold_label() -> None:
    maps = label_maps()
    data = json.loads((PLOVER_DIR / "PLOVER_GSR_CAMEO.json").read_text(encoding="utf-8"))
    labels = {r["event"] for r in data}
    missing = labels - set(maps.plover_gold) - maps.plover_skip
    assert not missing
    assert maps.plover_gold["FIGHT"] == "ASSAULT"


@needs_case
def test_case_map_covers_every_gold_label() -> None:
    maps = label_maps()
    with (CASE_DIR / "snippets.tsv").open(encoding="utf-8", newline="") as fh:
        labels = {row["SubType"] for row in csv.DictReader(fh, delimiter="\t")}
    for label in labels:
        maps.case_gold(label)  # raises when a label is in no map
    listed = {line.strip() for line in (CASE_DIR / "event_types.txt").read_text().splitlines()
              if line.strip()}
    assert listed <= set(maps.case_acled) | set(maps.case_outside)
    assert len(maps.case_acled) == 25


def test_acled_names_follow_the_codebook() -> None:
    maps = label_maps()
    subs = {sub for _, sub in maps.case_acled.values()}
    assert {"Air/drone strike", "Armed clash", "Peaceful protest", "Arrests",
            "Headquarters or base established", "Non-violent transfer of territory"} <= subs
    # Every ACLED sub-type the event lexicon can emit has a CASE label.
    from eventwire.events.lexicon import event_lexicon

    for spec in event_lexicon().types.values():
        for pair in [spec.acled, *spec.mode_acled.values()]:
            if pair is not None:
                assert maps.acled_aliases.get(pair[1], pair[1]) in maps.acled_to_case, pair


# -- readers and detection --------------------------------------------------------------------


@needs_plover
def test_detects_plover_from_folder_and_file() -> None:
    kind, path = detect_dataset(PLOVER_DIR)
    assert kind == PLOVER_GSR and path.name == "PLOVER_GSR_CAMEO.json"
    assert detect_dataset(path)[0] == PLOVER_GSR
    records = read_plover_gsr(path)
    assert len(records) == 161  # the DOCUMENT record is skipped
    assert all(r.text and not r.text.startswith("{") for r in records)
    assert all(len(r.sources[0].code) == 3 for r in records if r.sources)


@needs_case
def test_detects_case_from_folder_and_file() -> None:
    kind, path = detect_dataset(CASE_DIR)
    assert kind == CASE2021
    records = read_case2021(path)
    assert len(records) == 510 and records[0].id == "1"


# -- report shape on a few records ------------------------------------------------------------


def _check_shape(report: EvalReport, n: int) -> dict[str, object]:
    data = report.to_dict()
    assert data["task"] == "events" and data["n_docs"] == n
    assert set(data["metrics"]) == METRICS
    section = data["sections"]["typing"]
    assert section["status"] == "ok"
    details = section["details"]
    assert isinstance(details["confusion"], dict)
    assert len(details["top_confusions"]) <= 10
    for row in details["confusion"].values():
        assert all(isinstance(c, int) for c in row.values())
    metrics: dict[str, object] = data["metrics"]
    return metrics


@needs_plover
def test_plover_report_shape() -> None:
    metrics = _check_shape(evaluate_typing(PLOVER_DIR, limit=8), 8)
    assert isinstance(metrics["type_acc"], float)
    assert isinstance(metrics["actor_acc"], float)
    assert metrics["macro_f1_acled"] is None


@needs_case
def test_case_report_shape() -> None:
    metrics = _check_shape(evaluate_typing(CASE_DIR / "snippets.tsv", limit=8), 8)
    assert isinstance(metrics["macro_f1_acled"], float)
    assert metrics["actor_acc"] is None and metrics["actor_sector_acc"] is None


def test_bad_dataset_is_reported(tmp_path: Path) -> None:
    from eventwire.errors import GoldFormatError

    bad = tmp_path / "x.tsv"
    bad.write_text("a\tb\n1\t2\n", encoding="utf-8")
    with pytest.raises(GoldFormatError):
        evaluate_typing(bad)


# -- handwritten sentences --------------------------------------------------------------------


@pytest.fixture(scope="module")
def pipeline():  # type: ignore[no-untyped-def]
    return default_pipeline()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Government troops shelled the rebel positions with heavy artillery on Monday.",
         "ART_MISS_ATTACK"),
        ("A suicide bomber blew himself up at a checkpoint in the north, killing four people.",
         "SUIC_BOMB"),
        ("Police arrested twelve opposition activists in the capital on Friday.", "ARREST"),
        ("Soldiers set up a new military base near the border town last week.",
         "HQ_ESTABLISHED"),
        # New cues and ACLED rules (events.acled, lexicon.yaml):
        ("Police fired tear gas and arrested dozens of demonstrators at a rally in the "
         "capital on Sunday.", "PROTEST_WITH_INTER"),
        ("Protesters blocked roads and burned tyres in the capital on Monday.",
         "VIOL_DEMONSTR"),
        ("Hundreds of demonstrators clashed with police in the capital on Saturday.",
         "VIOL_DEMONSTR"),
        ("Police opened fire on protesters in the capital, killing two.",
         "FORCE_AGAINST_PROTEST"),
        ("Thousands of people took to the streets of the capital on Friday.", "PEACE_PROTEST"),
        ("Soldiers discovered a large amount of ammunition in a house near the border.",
         "DISR_WEAP"),
        ("The army said it found a cache of rockets and mortars in a cave.", "DISR_WEAP"),
        ("The air force dropped chlorine munitions on a rebel-held town on Tuesday.",
         "CHEM_WEAP"),
        ("Security forces abused women in the camps, a rights group said.", "SEX_VIOL"),
        ("Government troops drove the militants out of three villages on Sunday.",
         "GOV_REGAINS_TERIT"),
        ("Islamic State forces captured the airport on Monday.",
         "NON_STATE_ACTOR_OVERTAKES_TER"),
        ("Rebel fighters took control of the town after government troops pulled out on "
         "Sunday.", "NON_VIOL_TERRIT_TRANSFER"),
        ("Gunmen attacked a church in the north on Sunday, killing 12 worshippers.", "ATTACK"),
        ("Militants attacked an army checkpoint on Sunday, killing three soldiers.",
         "ARMED_CLASH"),
        ("The shelling left five people dead and dozens wounded.", "ART_MISS_ATTACK"),
        # Accidents, disasters and police seizures of goods are not ACLED events.
        ("A gas explosion at a chemical plant killed five workers on Monday.", NO_EVENT),
        ("A tsunami killed at least 40 people and injured hundreds on the coast.", NO_EVENT),
        ("Police seized counterfeit cosmetics worth millions of dollars.", NO_EVENT),
        # Demonstrators shutting down roads block them: a riot (lexicon COERCE "shut").
        ("Students shut down the main highway in the capital on Monday.", "VIOL_DEMONSTR"),
    ],
)
def test_case_label_of_handwritten_sentence(pipeline, text: str, expected: str) -> None:  # type: ignore[no-untyped-def]
    events, ranks = _run(pipeline, TypingRecord("t", text, expected))
    label, _ = reduce_events(events, label_maps().case_label, ranks)
    assert label == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The foreign minister condemned the decision of the neighbouring government.",
         "DISAPPROVE"),
        ("Norway will send food aid to the flooded region, the minister said.", "AGREE"),
        ("The weather was pleasant in the afternoon.", NO_EVENT),
        ("Nigeria said it will withdraw its peacekeepers from Chad unless a ceasefire is "
         "arranged.", "THREATEN"),
        ("The United States said it would not meet the kidnappers' demands.", "REJECT"),
        ("The agency dispatched inspectors to the nuclear plant on Monday.", "INVESTIGATE"),
        ("Hackers defaced hundreds of government websites last month.", "COERCE"),
        ("The government has been pressuring workers to cancel their strike.", "DEMAND"),
        ("Syrian officers ended mediation efforts between the rival militias on Monday.",
         "SANCTION"),
        # CAMEO 171: destroying property is coercion.
        ("Settlers set fire to a farmhouse near the village overnight.", "COERCE"),
        # "sworn to fight" (parsed as advcl): an intention to do harm is a threat.
        ("Ethnic Albanians have sworn to fight until they gain control of the villages.",
         "THREATEN"),
    ],
)
def test_plover_label_of_handwritten_sentence(pipeline, text: str, expected: str) -> None:  # type: ignore[no-untyped-def]
    events, ranks = _run(pipeline, TypingRecord("t", text, expected))
    label, _ = reduce_events(events, label_maps().plover_label, ranks)
    assert label == expected


# -- ACLED refinement rules (no parse needed) ---------------------------------------------------


def _event(type_: str, sub: str | None, *, actor: tuple[str, str] | None = None,
           target: tuple[str, str] | None = None, status: str = "occurred",
           mode: str | None = None) -> Event:
    span = Span(start=0, end=1, text="x", stage="events")
    return Event(
        id=f"a:{type_}:{sub}", article_id="a", type=type_, mode=mode,
        acled_event_type=None, acled_sub_event_type=sub, status=EventStatus(status),
        trigger=span,
        actor=Actor(text=actor[0], sector=actor[1]) if actor else None,
        target=Actor(text=target[0], sector=target[1]) if target else None,
    )


def test_case_label_reads_the_stage_codes() -> None:
    # The evaluation does not re-derive ACLED codes: an event keeps the sub-type it carries.
    maps = label_maps()
    taken = _event("ASSAULT", "Non-state actor overtakes territory",
                   actor=("government troops", "MIL"))
    assert maps.case_label(taken) == "NON_STATE_ACTOR_OVERTAKES_TER"
    assert maps.case_label(code_events([taken])[0]) == "GOV_REGAINS_TERIT"
    # An event of a mode coded without ACLED code (an evacuation) falls back on its type.
    assert maps.case_label(_event("RETREAT", None, mode="evacuation")) is None
    assert maps.case_label(_event("DISAPPROVE", None)) == "DIPLO"


def test_generic_violence_gives_way_to_a_specific_mention() -> None:
    maps = label_maps()
    beat = _event("ASSAULT", "Attack", actor=("security forces", "COP"))
    rape = _event("ASSAULT", "Sexual violence", actor=("security forces", "COP"))
    label, chosen = reduce_events([beat, rape], maps.case_label,
                                  {beat.id: (0, 0), rape.id: (0, 2)})
    assert (label, chosen) == ("SEX_VIOL", rape)
    looting = _event("ASSAULT", "Looting/property destruction", actor=("hoodlums", None))
    label, _ = reduce_events([beat, looting], maps.case_label,
                             {beat.id: (0, 0), looting.id: (1, 0)})
    assert label == "PROPERTY_DISTRUCT"


def test_plover_label_of_refusals_and_withdrawn_involvement() -> None:
    maps = label_maps()
    # "would not meet the demands": a cooperative act refused is REJECT (CAMEO 12).
    assert maps.plover_label(_event("CONSULT", None, status="negated")) == "REJECT"
    assert maps.plover_label(_event("ASSAULT", "Attack", status="negated")) == "ASSAULT"
    # Withdrawing inspectors or peacekeepers is SANCTION (CAMEO 166x); announced, a threat.
    assert maps.plover_label(_event("RETREAT", None, mode="involvement")) == "SANCTION"
    assert maps.plover_label(_event("RETREAT", None, mode="involvement",
                                    status="planned")) == "THREATEN"
    assert maps.plover_label(_event("RETREAT", None, status="planned")) == "AGREE"


def test_protest_is_escalated_by_what_happened_at_it() -> None:
    maps = label_maps()
    protest = _event("PROTEST", "Peaceful protest", actor=("students", "CVL"))
    arrests = _event("COERCE", "Arrests", actor=("police", "COP"))
    planned = _event("ASSAULT", "Attack", actor=("police", "COP"), status="planned")
    # The stage codes the events (events.acled); the evaluation reads their codes.
    label, _ = reduce_events(code_events([protest, arrests]), maps.case_label)
    assert label == "PROTEST_WITH_INTER"
    label, _ = reduce_events(code_events([protest, planned]), maps.case_label)
    assert label == "PEACE_PROTEST"  # a threatened crackdown did not happen
