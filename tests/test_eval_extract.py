"""Tests of ``eventwire eval extract``: the metrics themselves, and a run on a few real pages."""

from __future__ import annotations

import gzip
import io
import json
import tarfile
from pathlib import Path

import pytest

from eventwire.errors import GoldFormatError
from eventwire.evaluation.extract import (
    aeb_scores,
    evaluate_extract,
    shingle_counts,
    snippet_counts,
)
from eventwire.readers.html import extract_html

# In CI the repository is cloned with ../shared beside it: <repo root>/../shared.
SHARED = Path(__file__).resolve().parents[1].parent / "shared"
AEB_DEV = SHARED / "eval" / "extract" / "aeb-dev"
TRAF_EVAL = SHARED / "eval" / "extract" / "trafilatura-eval"
FIXTURES = Path(__file__).parent / "fixtures" / "html"
TRUTH = (
    "Engineers closed the town's flood barrier two days earlier than planned on Saturday "
    "after heavy rain upstream pushed the river to its highest level in six years."
)


def test_shingle_counts_are_multisets_of_four_token_windows() -> None:
    # 6 tokens → 3 shingles each; the last shingle differs
    assert shingle_counts("a b c d e f", "a b c d e g") == (2, 1, 1)
    assert shingle_counts("a b c d", "a b c d") == (1, 0, 0)
    # a text shorter than four tokens is one shingle
    assert shingle_counts("one two", "one two") == (1, 0, 0)
    assert shingle_counts("gold text here now", "") == (0, 0, 1)


def test_aeb_scores_average_per_page() -> None:
    # page 1 perfect; page 2: half its prediction is wrong, nothing missed
    p, r, f = aeb_scores([(10, 0, 0), (5, 5, 0)])
    assert p == pytest.approx(0.75)
    assert r == pytest.approx(1.0)
    assert f == pytest.approx(2 * 0.75 / 1.75)
    # an empty prediction costs recall only
    p, r, _ = aeb_scores([(10, 0, 0), (0, 0, 7)])
    assert (p, r) == (1.0, 0.5)


def test_snippet_counts() -> None:
    text = "The main text.\nAnother line."
    assert snippet_counts(text, ["main text", "missing"], ["Impressum", "Another"]) == (1, 1, 1, 1)


def test_unknown_folder_is_a_gold_format_error(tmp_path: Path) -> None:
    with pytest.raises(GoldFormatError):
        evaluate_extract(tmp_path)


def _fake_aeb(folder: Path) -> None:
    page = (FIXTURES / "article.html").read_bytes()
    (folder / "html").mkdir()
    (folder / "html" / "p1.html.gz").write_bytes(gzip.compress(page))
    gold = {"p1": {"articleBody": TRUTH, "url": "https://courier.example.org/a"}}
    (folder / "ground-truth.json").write_text(json.dumps(gold), encoding="utf-8")


def test_aeb_format_on_a_handwritten_page(tmp_path: Path) -> None:
    _fake_aeb(tmp_path)
    report = evaluate_extract(tmp_path)
    assert report.task == "extract"
    assert report.n_docs == 1
    m = report.metrics
    assert m["body_r"] == 1.0
    # the gold is the first of the page's five paragraphs: precision is its share of shingles
    body = extract_html((FIXTURES / "article.html").read_bytes()).body
    tp, fp, _ = shingle_counts(TRUTH, body)
    assert m["body_p"] == pytest.approx(tp / (tp + fp), abs=1e-4)
    assert m["baseline_body_f1"] is not None
    # the dataset may be given as its gold file, too
    assert evaluate_extract(tmp_path / "ground-truth.json").n_docs == 1


def test_snippet_format_reads_the_archive_in_memory(tmp_path: Path) -> None:
    page = (FIXTURES / "article.html").read_bytes()
    with tarfile.open(tmp_path / "html.tar.xz", "w:xz") as tar:
        info = tarfile.TarInfo("tests/eval/courier.html")
        info.size = len(page)
        tar.addfile(info, io.BytesIO(page))
    gold = {
        "https://courier.example.org/a": {
            "file": "courier.html",
            "date": "2021-03-14",
            "with": ["barrier two days earlier", "sandbags remain available"],
            "without": ["Related stories", "Privacy policy"],
        }
    }
    (tmp_path / "evaldata.json").write_text(json.dumps(gold), encoding="utf-8")
    report = evaluate_extract(tmp_path)
    m = report.metrics
    assert (m["body_p"], m["body_r"], m["body_f1"]) == (1.0, 1.0, 1.0)
    assert m["date_acc"] == 1.0
    assert "baseline_body_f1" in m
    assert report.sections["body"].details["counts"] == {"tp": 2, "fn": 0, "fp": 0, "tn": 2}


@pytest.mark.skipif(not AEB_DEV.is_dir(), reason="../shared/eval not present")
def test_aeb_dev_subset_scores_and_report_shape() -> None:
    report = evaluate_extract(AEB_DEV, limit=5)
    data = json.loads(report.to_json())
    assert data["task"] == "extract"
    assert data["n_docs"] == 5
    assert set(data["sections"]) == {"body", "baseline"}
    for name in ("body_p", "body_r", "body_f1", "baseline_body_p", "baseline_body_f1"):
        assert isinstance(data["metrics"][name], float)
    assert data["metrics"]["body_f1"] >= 0.9
    worst = data["sections"]["body"]["details"]["worst"]
    assert len(worst) == 5
    assert [w["f1"] for w in worst] == sorted(w["f1"] for w in worst)


@pytest.mark.skipif(not TRAF_EVAL.is_dir(), reason="../shared/eval not present")
def test_trafilatura_eval_subset_runs() -> None:
    report = evaluate_extract(TRAF_EVAL, limit=3)
    assert report.n_docs == 3
    assert report.metrics["body_f1"] is not None
    assert set(report.sections) == {"body", "baseline", "date"}
