"""``evaluate_time`` on a few TimeML and MEANTIME files: report shape and a quality floor."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from eventwire.evaluation.time import evaluate_time, read_meantime, read_tml

TML = ["TimeBank/wsj_0927.tml", "TimeBank/NYT19980206.0460.tml", "AQUAINT/APW20000107.0318.tml"]


@pytest.fixture(scope="module")
def tbaq_subset(shared: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = shared / "eval" / "time" / "tbaq"
    out = tmp_path_factory.mktemp("tbaq")
    for rel in TML:
        src = root / rel
        if not src.exists():
            pytest.skip(f"{src} not present")
        shutil.copy(src, out / src.name)
    return out


def test_read_tml_offsets_and_dct(tbaq_subset: Path) -> None:
    doc = read_tml(tbaq_subset / "wsj_0927.tml")
    assert doc.dct is not None and doc.dct.year == 1989
    assert doc.timexes
    for t in doc.timexes:
        assert doc.text[t.start : t.end] == t.text and t.type in ("DATE", "TIME", "DURATION", "SET")


def test_report_shape_and_floor(tbaq_subset: Path) -> None:
    report = evaluate_time(tbaq_subset)
    assert report.task == "time" and report.n_docs == 3
    data = json.loads(report.to_json())
    for name in ("strict_f1", "relaxed_f1", "type_acc", "value_f1", "strict_p", "relaxed_r"):
        assert isinstance(data["metrics"][name], float), name
    m = report.metrics
    assert m["relaxed_f1"] is not None and m["relaxed_f1"] >= 0.8
    assert m["value_f1"] is not None and m["value_f1"] >= 0.6
    assert m["strict_f1"] is not None and m["strict_f1"] <= m["relaxed_f1"]
    assert m["value_f1"] <= m["relaxed_f1"]


def test_single_file_dataset(tbaq_subset: Path) -> None:
    report = evaluate_time(tbaq_subset / "wsj_0927.tml")
    assert report.n_docs == 1 and report.metrics["relaxed_f1"] is not None


def test_meantime_detected_by_content(shared: Path) -> None:
    folder = shared / "eval" / "events" / "meantime-dev" / "corpus_airbus"
    files = sorted(folder.glob("*.xml"))[:2]
    if not files:
        pytest.skip("MEANTIME not present")
    doc = read_meantime(files[0])
    assert doc.dct is not None and doc.scope_end is not None
    for t in doc.timexes:
        assert doc.text[t.start : t.end] == t.text
    report = evaluate_time(files[0])
    assert report.n_docs == 1 and report.metrics["relaxed_f1"] is not None


def test_missing_or_empty_dataset(tmp_path: Path) -> None:
    from eventwire.errors import GoldFormatError

    with pytest.raises(GoldFormatError):
        evaluate_time(tmp_path / "missing")
    with pytest.raises(GoldFormatError):
        evaluate_time(tmp_path)
