"""``evaluate_coref`` on the first ECB+ topics: the reader, the report and measured values."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from eventwire.cli import app
from eventwire.errors import GoldFormatError
from eventwire.evaluation.coref import (
    date_from_url,
    ecb_article,
    evaluate_coref,
    read_ecbplus,
    read_scored_sentences,
)
from eventwire.evaluation.report import EvalReport

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def ecb(shared: Path) -> Path:
    path = shared / "eval" / "events" / "ecbplus-dev"
    if not (path / "ECB+.tar.gz").exists():
        pytest.skip("ECB+ not present")
    return path


@pytest.fixture(scope="module")
def report(ecb: Path) -> EvalReport:
    # topics 1 (Tara Reid / Lindsay Lohan rehab) and 2 (Oscars hosts): the first 60 documents
    return evaluate_coref(ecb, limit=60)


def test_reader_topic_1(ecb: Path) -> None:
    docs = read_ecbplus(ecb, topics={"1"})
    assert len(docs) == 39 and {d.topic for d in docs} == {"1"}
    mentions = [m for d in docs for m in d.mentions]
    assert len(mentions) == 321
    for d in docs:
        for m in d.mentions:
            assert d.text[m.start:m.end] == m.text
            assert m.tag.startswith(("ACTION_", "NEG_ACTION_"))
            assert m.sentence in read_scored_sentences(
                (ecb / "ECBplus_coreference_sentences.csv").read_text())[d.doc_id]
    doc = next(d for d in docs if d.doc_id == "1_10ecbplus")
    assert doc.url is not None and doc.url.startswith("http://articles.latimes.com/2013/may/03")
    assert not doc.text.startswith("http")  # the URL line is not part of the text
    assert doc.published == date(2013, 5, 3)
    checks_in = next(m for m in doc.mentions if m.text == "checks into")
    assert checks_in.cluster == "ACT15738091639707092"  # t1_checking_into_betty_ford
    assert checks_in.subtopic == "1ecbplus"
    # the same happening, reported by another document of the sub-topic
    others = [m for m in mentions if m.cluster == checks_in.cluster and m.doc_id != doc.doc_id]
    assert len({m.doc_id for m in others}) >= 5
    singletons = [m for m in mentions if m.cluster.startswith("SINGLETON:")]
    assert singletons and all(m.cluster.endswith(m.id) for m in singletons)


def test_article_keeps_sentence_boundaries(ecb: Path) -> None:
    doc = read_ecbplus(ecb, limit=1)[0]
    article = ecb_article(doc)
    assert [(s.start, s.end) for s in article.segments] == sorted(doc.sentences.values())
    assert article.text == doc.text


def test_report_shape(report: EvalReport) -> None:
    assert report.task == "coref" and report.n_docs == 60
    data = json.loads(report.to_json())
    for name in ("muc_f1", "b3_f1", "ceafe_f1", "conll_f1", "baseline_conll_f1", "muc_r",
                 "muc_p", "b3_r", "b3_p", "ceafe_r", "ceafe_p", "baseline_muc_f1"):
        assert isinstance(data["metrics"][name], float), name
    details = data["sections"]["coref"]["details"]
    assert details["n_topics"] == 2 and details["n_mentions"] == 483
    assert details["n_gold_clusters"] == 195 and details["n_gold_singletons"] == 142
    assert set(details["per_topic"]) == {"1", "2"}
    assert "all_topics_mixed" in details


def test_measured_values(report: EvalReport) -> None:
    m = report.metrics
    # the baseline depends on the spaCy parse only
    assert m["baseline_conll_f1"] == pytest.approx(0.6935, abs=0.002)
    assert m["baseline_muc_f1"] == pytest.approx(0.7279, abs=0.002)
    # the system also reads the pipeline's entities, places, times and events: a little slack
    assert m["conll_f1"] == pytest.approx(0.7381, abs=0.01)
    assert m["muc_f1"] == pytest.approx(0.7519, abs=0.015)
    assert m["b3_f1"] == pytest.approx(0.7444, abs=0.015)
    assert m["ceafe_f1"] == pytest.approx(0.7180, abs=0.015)
    assert m["conll_f1"] is not None and m["baseline_conll_f1"] is not None
    assert m["conll_f1"] >= m["baseline_conll_f1"] + 0.03
    details = report.sections["coref"].details
    # the two sub-topics of each topic are told apart (document stories)
    assert details["stories_vs_gold_subtopics"]["pair_precision"] == pytest.approx(1.0)
    assert details["stories_vs_gold_subtopics"]["pair_recall"] >= 0.85
    mixed = details["all_topics_mixed"]
    assert mixed["system"]["conll_f1"] >= mixed["baseline_same_lemma"]["conll_f1"] + 0.05


def test_cli_eval_coref_json(ecb: Path) -> None:
    res = CliRunner().invoke(app, ["eval", "coref", "--dataset", str(ecb), "--limit", "4",
                                   "--json"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    assert data["task"] == "coref" and data["n_docs"] == 4
    assert 0.0 <= data["metrics"]["conll_f1"] <= 1.0


def test_missing_dataset(tmp_path: Path) -> None:
    with pytest.raises(GoldFormatError):
        evaluate_coref(tmp_path / "missing")
    with pytest.raises(GoldFormatError):
        read_ecbplus(tmp_path)  # a folder without the sentence list
    res = CliRunner().invoke(app, ["eval", "coref", "--dataset", str(tmp_path / "missing")])
    assert res.exit_code == 1


def test_date_from_url() -> None:
    assert date_from_url("http://articles.latimes.com/2013/may/03/local/la-me-x") == date(
        2013, 5, 3)
    assert date_from_url("http://www.example.com/news/20130504-story") == date(2013, 5, 4)
    assert date_from_url("http://x.com/2012/07/08/boxing.html") == date(2012, 7, 8)
    assert date_from_url("http://x.com/story/778356/three-killed") is None
    assert date_from_url("http://x.com/2013/13/45/") is None
