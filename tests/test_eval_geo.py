"""``eval geo``: readers of the native geoparsing formats and the resolution scores."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from eventwire.errors import GoldFormatError
from eventwire.evaluation.geo import (
    MAX_ERROR_KM,
    auc_log_error,
    detect_format,
    evaluate_geo,
    read_geo_dataset,
)

GEO = Path(__file__).resolve().parents[1].parent / "shared" / "eval" / "geo"
needs_data = pytest.mark.skipif(not GEO.exists(), reason="shared eval data not present")


# ----------------------------------------------------------------------------- small files


GEOVIRUS_SAMPLE = """<articles><article><source>x</source>
<text>Cases rose in Pandi, Bulacan this week.</text>
<locations><location><name>Pandi</name><start>14</start><end>19</end><lat>14.87</lat>
<lon>120.95</lon><page>p</page></location>
<location><name>Bulacan</name><start>21</start><end>28</end><lat>15</lat><lon>121.08</lon>
<page>p</page></location></locations></article></articles>"""

LGL_SAMPLE = """<?xml version='1.0' encoding='utf-8'?>
<articles><article docid="7"><title>t</title><text>Police in Paris, Texas said.</text>
<toponyms><toponym><start>10</start><end>15</end><phrase>Paris</phrase>
<gaztag geonameid="4717560"><name>Paris</name><fclass>P</fclass><fcode>PPL</fcode>
<lat>33.6609</lat><lon>-95.5555</lon></gaztag></toponym>
<toponym><start>17</start><end>22</end><phrase>Texas</phrase>
<gaztag geonameid="4736286"><name>Texas</name><fclass>A</fclass><fcode>ADM1</fcode>
<lat>31.2504</lat><lon>-99.2506</lon></gaztag></toponym>
<toponym><start>0</start><end>6</end><phrase>Police</phrase></toponym>
</toponyms></article></articles>"""


def test_geovirus_offsets_are_realigned(tmp_path: Path) -> None:
    path = tmp_path / "gv.xml"
    # GeoVirus offsets are one too high: shift the sample's correct offsets by +1.
    path.write_text(
        GEOVIRUS_SAMPLE.replace(
            "<start>14</start><end>19</end>", "<start>15</start><end>20</end>"
        ).replace("<start>21</start><end>28</end>", "<start>22</start><end>29</end>")
    )
    fmt, docs = read_geo_dataset(path)
    assert fmt == "geovirus"
    names = [t.text for t in docs[0].toponyms]
    assert names == ["Pandi", "Bulacan"]
    assert docs[0].toponyms[0].start == 14


def test_lgl_reader(tmp_path: Path) -> None:
    path = tmp_path / "lgl.xml"
    path.write_text(LGL_SAMPLE)
    fmt, docs = read_geo_dataset(path)
    assert fmt == "lgl"
    paris, texas, police = docs[0].toponyms
    assert (paris.text, paris.geonames_id, paris.kind) == ("Paris", 4717560, "PPL")
    assert texas.kind == "ADM1" and texas.has_point and not police.has_point


def test_evaluate_small_lgl(tmp_path: Path) -> None:
    path = tmp_path / "lgl.xml"
    path.write_text(LGL_SAMPLE)
    rep = evaluate_geo(path)
    assert rep.metrics["acc161"] == 100.0  # Paris near Texas, not France
    assert rep.metrics["exact_id"] == 100.0
    assert rep.metrics["coverage"] == 100.0


GWN_SAMPLE = """<?xml version='1.0' encoding='utf-8'?>
<articles><article file="9"><title>US and Paris</title><link>l</link>
<text>Police in Paris said the Louvre Pyramid and the Quai Branly are closed.</text>
<toponyms>
<toponym><extractedName>Paris</extractedName><normalisedName>Paris</normalisedName>
<type>Literal</type><start>10</start><end>15</end><geonamesID>2988507</geonamesID>
<latitude>48.85341</latitude><longitude>2.3488</longitude></toponym>
<toponym><extractedName>Quai Branly</extractedName><normalisedName />
<type>Literal</type><start>50</start><end>61</end>
<latitude>48.8583</latitude><longitude>2.2945</longitude></toponym>
<toponym><extractedName>US</extractedName><normalisedName>United States</normalisedName>
<type>Non_Literal_Modifier</type><start>-12</start><end>-10</end><geonamesID>6252001</geonamesID>
<latitude>39.76</latitude><longitude>-98.5</longitude></toponym>
</toponyms></article></articles>"""


def test_geowebnews_span_outside_the_text_keeps_its_name(tmp_path: Path) -> None:
    # GeoWebNews: 4 dev spans index the title line that <text> leaves out (negative offsets);
    # the name resolved is the corpus's ("US"), not whatever the offsets cover.
    path = tmp_path / "gwn.xml"
    path.write_text(GWN_SAMPLE)
    fmt, docs = read_geo_dataset(path)
    assert fmt == "geowebnews"
    paris, quai, us = docs[0].toponyms
    assert paris.in_text and paris.text == "Paris" and quai.text == "Quai Branly"
    assert not us.in_text and us.text == "US" and us.geonames_id == 6252001


def test_geowebnews_scores_toponyms_with_a_geonames_id(tmp_path: Path) -> None:
    # Gritta et al. geocode the GeoWebNews toponyms linked to GeoNames (2,401 of 2,601 with
    # coordinates): Paris and US count, the coordinate-only Quai Branly is reported apart.
    path = tmp_path / "gwn.xml"
    path.write_text(GWN_SAMPLE)
    rep = evaluate_geo(path, recognize=False)
    res = json.loads(rep.to_json())["sections"]["resolution"]
    assert res["details"]["n_toponyms"] == 2
    assert res["details"]["n_points_not_scored"] == 1
    assert rep.metrics["acc161"] == 100.0
    assert res["details"]["acc161_all_points"] is not None


def test_bad_files(tmp_path: Path) -> None:
    bad = tmp_path / "x.xml"
    bad.write_text("<foo/>")
    with pytest.raises(GoldFormatError):
        read_geo_dataset(bad)
    with pytest.raises(GoldFormatError):
        read_geo_dataset(tmp_path / "missing.xml")
    broken = tmp_path / "b.xml"
    broken.write_text("<articles><article><text>a</text><locations><location>")
    with pytest.raises(GoldFormatError):
        read_geo_dataset(broken)


def test_auc_definition() -> None:
    assert auc_log_error([0.0, 0.0, 0.0]) == 0.0
    assert auc_log_error([MAX_ERROR_KM - 1] * 4) == pytest.approx(1.0)
    # two errors: trapezoid of ln(1+e) over one unit, normalised by ln(20039)
    assert auc_log_error([0.0, 100.0]) == pytest.approx(math.log(101) / 2 / math.log(MAX_ERROR_KM))
    assert auc_log_error([5.0]) is None


# ------------------------------------------------------------------------------- real data


@needs_data
@pytest.mark.parametrize(
    ("name", "fmt", "floor"),
    [("geowebnews-dev.xml", "geowebnews", 80.0), ("lgl-dev.xml", "lgl", 88.0)],
)
def test_report_shape_and_floor(name: str, fmt: str, floor: float) -> None:
    rep = evaluate_geo(GEO / name, limit=12)
    data = json.loads(rep.to_json())
    assert data["task"] == "geo" and data["n_docs"] == 12
    res = data["sections"]["resolution"]
    assert res["status"] == "ok" and res["details"]["format"] == fmt
    for metric in (
        "acc161",
        "exact_id",
        "mean_km",
        "median_km",
        "auc",
        "coverage",
        "baseline_acc161",
    ):
        assert isinstance(data["metrics"][metric], (int, float)), metric
    assert data["metrics"]["acc161"] >= floor
    # the resolver must beat the most-populous-candidate baseline computed in the same run
    assert data["metrics"]["acc161"] >= data["metrics"]["baseline_acc161"] + 5
    assert 0.0 <= data["metrics"]["auc"] <= 1.0
    rec = data["sections"]["recognition"]
    assert rec["status"] == "ok"
    assert 0.4 <= data["metrics"]["ner_p"] <= 1.0 and 0.4 <= data["metrics"]["ner_r"] <= 1.0
    assert rec["details"]["tp"] > 0


@needs_data
def test_geovirus_and_wiktor_read() -> None:
    fmt, docs = read_geo_dataset(GEO / "geovirus.xml", limit=5)
    assert fmt == "geovirus" and len(docs) == 5
    for doc in docs:
        for t in doc.toponyms:
            assert doc.text[t.start : t.end] == t.text
    assert detect_format(GEO / "wiktor") == "wiktor"
    fmt, docs = read_geo_dataset(GEO / "wiktor", limit=3)
    assert fmt == "wiktor" and len(docs) == 3
    assert docs[0].toponyms[0].text == "Santa Maria"
    rep = evaluate_geo(GEO / "wiktor" / "WikToR_gold.txt", limit=3)
    assert rep.n_docs == 3 and rep.metrics["coverage"] == 100.0
