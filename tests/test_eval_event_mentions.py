"""``evaluate_event_mentions`` (``eventwire eval mentions``) on TBAQ: the reader, the report's
shape and the figures measured on a few documents."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from eventwire.cli import app
from eventwire.errors import GoldFormatError
from eventwire.evaluation.event_mentions import (
    evaluate_event_mentions,
    read_event_dataset,
    read_tml_events,
)
from eventwire.evaluation.time import read_tml

METRICS = ("strict_p", "strict_r", "strict_f1", "relaxed_p", "relaxed_r", "relaxed_f1",
           "class_acc", "class_f1", "tense_acc", "tense_f1", "aspect_acc", "aspect_f1",
           "polarity_acc", "modality_acc", "n_gold", "n_sys")


@pytest.fixture(scope="module")
def tbaq(shared: Path) -> Path:
    root = shared / "eval" / "time" / "tbaq"
    if not root.is_dir():
        pytest.skip(f"{root} not present")
    return root


def test_reader_offsets_attributes_and_same_text_as_time_reader(tbaq: Path) -> None:
    path = tbaq / "TimeBank" / "wsj_0927.tml"
    doc = read_tml_events(path)
    assert doc.text == read_tml(path).text and doc.corpus == "TimeBank"
    assert doc.dct is not None and doc.dct.year == 1989
    assert len(doc.events) == 52
    for ev in doc.events:
        assert doc.text[ev.start:ev.end] == ev.text
        assert ev.event_class in ("OCCURRENCE", "REPORTING", "PERCEPTION", "ASPECTUAL",
                                  "I_ACTION", "I_STATE", "STATE")
    with_attrs = [e for e in doc.events if e.tense is not None]
    assert with_attrs and all(e.polarity in ("POS", "NEG") for e in with_attrs)


def test_dataset_limit_and_duplicates(tbaq: Path) -> None:
    docs = read_event_dataset(tbaq, limit=5)
    assert [d.doc_id for d in docs][:2] == ["APW19980807.0261", "APW19980808.0022"]
    assert sum(len(d.events) for d in docs) == 55
    every = read_event_dataset(tbaq)
    assert len(every) == 256  # the testpipeline/ copy is scored once
    assert len({(d.doc_id, d.text[:200]) for d in every}) == len(every)


def test_missing_dataset_is_a_gold_format_error(tmp_path: Path) -> None:
    with pytest.raises(GoldFormatError):
        evaluate_event_mentions(tmp_path / "nope")
    (tmp_path / "a.txt").write_text("no TimeML here", encoding="utf-8")
    with pytest.raises(GoldFormatError):
        evaluate_event_mentions(tmp_path)


@pytest.mark.slow
def test_measured_figures_on_five_documents(tbaq: Path) -> None:
    report = evaluate_event_mentions(tbaq, limit=5)
    assert report.task == "mentions" and report.n_docs == 5
    m = report.metrics
    assert (m["n_gold"], m["n_sys"]) == (55, 64)
    assert m["relaxed_r"] == pytest.approx(0.9636, abs=1e-4)
    assert m["relaxed_p"] == pytest.approx(0.8281, abs=1e-4)
    assert m["relaxed_f1"] == pytest.approx(0.8908, abs=1e-4)
    assert m["strict_f1"] == pytest.approx(0.8908, abs=1e-4)
    assert m["class_acc"] == pytest.approx(0.8679, abs=1e-4)
    assert m["aspect_acc"] == pytest.approx(0.9623, abs=1e-4)
    assert m["polarity_acc"] == 1.0
    details = report.sections["events"].details
    assert set(details["by_corpus"]) == {"AQUAINT"}
    assert details["recall_by_gold_pos"]


@pytest.mark.slow
def test_measured_figures_on_one_timebank_file(tbaq: Path) -> None:
    report = evaluate_event_mentions(tbaq / "TimeBank" / "wsj_0927.tml")
    m = report.metrics
    assert (m["n_gold"], m["n_sys"]) == (52, 54)
    assert m["relaxed_f1"] == pytest.approx(0.8491, abs=1e-4)
    assert m["tense_acc"] == pytest.approx(0.9333, abs=1e-4)
    assert m["class_acc"] == pytest.approx(0.7111, abs=1e-4)


@pytest.mark.slow
def test_cli_json_shape(tbaq: Path) -> None:
    result = CliRunner().invoke(app, ["eval", "mentions", "--dataset", str(tbaq),
                                      "--limit", "2", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["task"] == "mentions" and data["n_docs"] == 2
    assert data["sections"]["events"]["status"] == "ok"
    for name in METRICS:
        assert name in data["metrics"]


@pytest.mark.slow
def test_meantime_layer_metrics_beside_the_coded_events(shared: Path) -> None:
    from eventwire.evaluation.meantime_events import evaluate_meantime_events

    path = shared / "eval" / "events" / "meantime-dev"
    if not (path / "corpus_airbus").is_dir():
        pytest.skip(f"{path} not present")
    report = evaluate_meantime_events(path, limit=2)
    m = report.metrics
    # the coded events' figures are those of tests/test_eval_meantime_events.py, unchanged
    assert (m["n_gold_mentions"], m["n_pred_mentions"]) == (21, 2)
    assert m["mention_relaxed_f1"] == 0.1739
    # the event-mention layer on the same 21 scored gold mentions
    assert m["n_layer_pred_mentions"] == 17
    assert (m["layer_mention_p"], m["layer_mention_r"], m["layer_mention_f1"]) == (
        1.0, 0.8095, 0.8947)
    assert m["layer_mention_relaxed_f1"] == 0.8947
    assert (m["layer_scope_mention_r"], m["layer_scope_mention_relaxed_f1"]) == (0.8421, 0.9143)
    assert set(report.sections) == {"mentions", "scope", "wd_coref", "xd_coref", "baselines",
                                    "status"}
    assert report.sections["mentions"].details["layer"]["recall_by_class"]
