"""``eventwire eval events`` on MEANTIME: the reader, the span matching, the status map, and
measured values on the first development documents."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from eventwire.cli import app
from eventwire.errors import GoldFormatError
from eventwire.evaluation.gate import TASKS
from eventwire.evaluation.meantime_events import (
    MeantimeMention,
    evaluate_meantime_events,
    expected_statuses,
    is_meantime_dataset,
    match_spans,
    meantime_article,
    parse_meantime,
    read_meantime_events,
)
from eventwire.evaluation.report import EvalReport
from eventwire.evaluation.time import read_meantime
from eventwire.model import SegmentKind

REPO = Path(__file__).resolve().parents[1]

# A tiny CAT XML document: title (sentence 0), date line (1), two body sentences of the
# document-level layer (2, 3) and one later sentence (6) with a corpus-level mention only.
CAT = """<?xml version="1.0" ?>
<Document doc_id="7" doc_name="7_Rebels_attack_town" lang="en" url="http://en.wikinews.org/x">
<token t_id="1" sentence="0" number="0">Rebels</token>
<token t_id="2" sentence="0" number="1">attack</token>
<token t_id="3" sentence="0" number="2">town</token>
<token t_id="4" sentence="1" number="3">March</token>
<token t_id="5" sentence="1" number="4">01</token>
<token t_id="6" sentence="1" number="5">,</token>
<token t_id="7" sentence="1" number="6">2008</token>
<token t_id="8" sentence="2" number="7">Rebels</token>
<token t_id="9" sentence="2" number="8">attacked</token>
<token t_id="10" sentence="2" number="9">the</token>
<token t_id="11" sentence="2" number="10">town</token>
<token t_id="12" sentence="2" number="11">(</token>
<token t_id="13" sentence="2" number="12">Kafr</token>
<token t_id="14" sentence="2" number="13">)</token>
<token t_id="15" sentence="2" number="14">,</token>
<token t_id="16" sentence="2" number="15">police</token>
<token t_id="17" sentence="2" number="16">said</token>
<token t_id="18" sentence="2" number="17">.</token>
<token t_id="19" sentence="3" number="18">They</token>
<token t_id="20" sentence="3" number="19">did</token>
<token t_id="21" sentence="3" number="20">n't</token>
<token t_id="22" sentence="3" number="21">pick</token>
<token t_id="23" sentence="3" number="22">the</token>
<token t_id="24" sentence="3" number="23">call</token>
<token t_id="25" sentence="3" number="24">up</token>
<token t_id="26" sentence="3" number="25">.</token>
<token t_id="27" sentence="6" number="26">The</token>
<token t_id="28" sentence="6" number="27">attack</token>
<token t_id="29" sentence="6" number="28">ended</token>
<token t_id="30" sentence="6" number="29">.</token>
<Markables>
<EVENT_MENTION aspect="NONE" certainty="CERTAIN" comment="" m_id="40" modality=""
 polarity="POS" pos="NOUN" pred="attack" special_cases="NONE" tense="NONE" time="NON_FUTURE">
<token_anchor t_id="2"/>
</EVENT_MENTION>
<EVENT_MENTION aspect="NONE" certainty="CERTAIN" comment="" m_id="41" modality=""
 polarity="POS" pos="VERB" pred="attack" special_cases="NONE" tense="PAST" time="NON_FUTURE">
<token_anchor t_id="9"/>
</EVENT_MENTION>
<EVENT_MENTION aspect="NONE" certainty="CERTAIN" comment="" m_id="42" modality=""
 polarity="POS" pos="VERB" pred="say" special_cases="NONE" tense="PAST" time="NON_FUTURE">
<token_anchor t_id="17"/>
</EVENT_MENTION>
<EVENT_MENTION aspect="NONE" certainty="CERTAIN" comment="" m_id="43" modality=""
 polarity="NEG" pos="VERB" pred="pick up" special_cases="NONE" tense="PAST" time="NON_FUTURE">
<token_anchor t_id="22"/>
<token_anchor t_id="25"/>
</EVENT_MENTION>
<EVENT_MENTION m_id="44">
<token_anchor t_id="28"/>
</EVENT_MENTION>
<EVENT_MENTION m_id="45">
<token_anchor t_id="29"/>
</EVENT_MENTION>
<EVENT TAG_DESCRIPTOR="attack" class="OTHER" instance_id="OTH1" m_id="50"/>
<EVENT TAG_DESCRIPTOR="said" class="SPEECH_COGNITIVE" comment="" external_ref="" m_id="51"/>
<EVENT TAG_DESCRIPTOR="pick up" class="OTHER" instance_id="OTH2" m_id="52"/>
<TIMEX3 anchorTimeID="" functionInDocument="CREATION_TIME" m_id="60" type="DATE"
 value="2008-03-01">
<token_anchor t_id="4"/>
<token_anchor t_id="5"/>
<token_anchor t_id="6"/>
<token_anchor t_id="7"/>
</TIMEX3>
</Markables>
<Relations>
<REFERS_TO r_id="70">
<source m_id="40"/>
<source m_id="41"/>
<source m_id="44"/>
<target m_id="50"/>
</REFERS_TO>
<REFERS_TO r_id="71">
<source m_id="42"/>
<target m_id="51"/>
</REFERS_TO>
<REFERS_TO r_id="72">
<source m_id="43"/>
<target m_id="52"/>
</REFERS_TO>
</Relations>
</Document>
"""

TEXT = ("Rebels attack town\nMarch 01, 2008\nRebels attacked the town (Kafr), police said.\n"
        "They didn't pick the call up.\nThe attack ended.")


# -- reading ----------------------------------------------------------------------------------


def test_parse_cat_xml_spans_and_chains() -> None:
    doc = parse_meantime(CAT, corpus="test")
    assert doc.text == TEXT
    assert doc.doc_id == "7" and doc.corpus == "test" and doc.dct == date(2008, 3, 1)
    assert doc.dateline == 1 and doc.title_sentence == 0
    assert doc.sentences[2] == (34, 79) and doc.sentences[6] == (110, 127)
    m = {x.id: x for x in doc.mentions}
    assert list(m) == ["7:40", "7:41", "7:42", "7:43", "7:44", "7:45"]  # text order
    for x in doc.mentions:
        assert doc.text[x.start:x.end] == x.text
    assert (m["7:41"].start, m["7:41"].end, m["7:41"].text) == (41, 49, "attacked")
    assert m["7:41"].sentence == 2 and m["7:41"].document_level
    # one chain, one corpus-level instance for the title, the body and the late mention
    assert {m[i].chain for i in ("7:40", "7:41", "7:44")} == {"7:50"}
    assert {m[i].instance for i in ("7:40", "7:41", "7:44")} == {"OTH1"}
    # an instance without instance_id is its document's own
    assert m["7:42"].chain == m["7:42"].instance == "7:51"
    assert m["7:42"].event_class == "SPEECH_COGNITIVE" and not m["7:42"].in_scope
    # a discontinuous mention: its extent, and its tokens
    pick = m["7:43"]
    assert pick.text == "pick the call up"
    assert [TEXT[s:e] for s, e in pick.token_spans] == ["pick", "up"]
    assert pick.attr("polarity") == "NEG" and pick.in_scope
    # the corpus-level layer: no attributes, not document level
    assert m["7:44"].attributes == () and not m["7:44"].document_level
    # a mention that refers to no instance is a chain of its own, of no class
    assert m["7:45"].chain == m["7:45"].instance == "7:m45"
    assert m["7:45"].event_class is None and not m["7:45"].in_scope


def test_scored_part_is_the_document_level_body() -> None:
    doc = parse_meantime(CAT)
    scored = {x.id for x in doc.mentions if doc.scored(x.start)}
    assert scored == {"7:41", "7:42", "7:43"}  # not the title, not sentence 6


def test_text_is_rebuilt_as_the_time_evaluation_does(tmp_path: Path) -> None:
    path = tmp_path / "7_Rebels_attack_town.xml"
    path.write_text(CAT, encoding="utf-8")
    assert read_meantime(path).text == parse_meantime(CAT).text
    assert read_meantime(path).dct == parse_meantime(CAT).dct


def test_generic_mentions_are_out_of_scope() -> None:
    base = {"id": "d:1", "doc_id": "d", "sentence": 2, "start": 0, "end": 3, "text": "buy",
            "token_spans": ((0, 3),), "chain": "d:9", "instance": "d:9"}
    assert MeantimeMention(**base, event_class="OTHER",
                           attributes=(("special_cases", "NONE"),)).in_scope
    assert MeantimeMention(**base, event_class="MIX").in_scope
    assert not MeantimeMention(**base, event_class="OTHER",
                               attributes=(("special_cases", "GEN"),)).in_scope
    assert not MeantimeMention(**base, event_class="GRAMMATICAL").in_scope


def test_article_layout() -> None:
    doc = parse_meantime(CAT)
    article = meantime_article(doc)
    assert article.text == TEXT
    assert [s.kind for s in article.segments] == [
        SegmentKind.TITLE, SegmentKind.DATELINE, SegmentKind.BODY, SegmentKind.BODY,
        SegmentKind.BODY]
    assert all(TEXT[s.start:s.end] == s.text for s in article.segments)
    assert article.published == date(2008, 3, 1) and article.title == "Rebels attack town"


def test_dataset_detection_and_errors(tmp_path: Path) -> None:
    folder = tmp_path / "corpus_test"
    folder.mkdir()
    doc_file = folder / "7_Rebels_attack_town.xml"
    doc_file.write_text(CAT, encoding="utf-8")
    (tmp_path / "notes.xml").write_text("<notes/>", encoding="utf-8")
    assert is_meantime_dataset(tmp_path) and is_meantime_dataset(doc_file)
    assert not is_meantime_dataset(tmp_path / "notes.xml")
    docs = read_meantime_events(tmp_path)
    assert [(d.doc_id, d.corpus) for d in docs] == [("7", "test")]
    empty = tmp_path / "empty"
    empty.mkdir()
    assert not is_meantime_dataset(empty)
    with pytest.raises(GoldFormatError):
        read_meantime_events(empty)
    with pytest.raises(GoldFormatError):
        read_meantime_events(tmp_path / "missing")


# -- matching ---------------------------------------------------------------------------------


def test_strict_and_relaxed_matching() -> None:
    doc = parse_meantime(CAT)
    gold = [x.token_spans for x in doc.mentions if doc.scored(x.start)]  # attacked, said, pick…up
    attacked, said = (41, 49), (74, 78)
    pred = [
        (34, 49),  # "Rebels attacked": overlaps "attacked", not exactly
        said,  # exact
        (101, 105),  # "call": inside the gap of "pick … up", so no match
        (92, 96),  # "pick": a token of the discontinuous mention
    ]
    assert TEXT[slice(*pred[2])] == "call" and TEXT[slice(*pred[3])] == "pick"
    assert match_spans(gold, pred, strict=True) == {1: 1}
    assert match_spans(gold, pred) == {0: 0, 1: 1, 2: 3}
    assert match_spans(gold, [attacked, attacked]) == {0: 0}  # one to one
    assert match_spans(gold, [(92, 105)], strict=True) == {}  # "pick the call" ≠ the extent
    assert match_spans(gold, [(92, 108)], strict=True) == {2: 0}  # "pick the call up"


def test_relaxed_matching_is_maximal_and_prefers_exact_spans() -> None:
    # pred 0 overlaps both gold spans (the second more); pred 1 only the second: a greedy
    # matching by overlap would leave gold 0 unmatched
    assert match_spans([((0, 4),), ((5, 12),)], [(2, 12), (10, 12)]) == {0: 0, 1: 1}
    # an exact span wins over a larger overlap
    assert match_spans([((5, 9),)], [(0, 12), (5, 9)]) == {0: 1}
    assert match_spans([(), ((0, 2),)], [(0, 2)]) == {1: 0}


# -- status -----------------------------------------------------------------------------------


def _attrs(**kw: str) -> dict[str, str]:
    base = {"polarity": "POS", "certainty": "CERTAIN", "time": "NON_FUTURE",
            "special_cases": "NONE"}
    return {**base, **kw}


def test_status_map() -> None:
    assert expected_statuses(_attrs()) == {"occurred"}
    assert expected_statuses(_attrs(polarity="NEG", time="FUTURE")) == {"negated", "denied"}
    assert expected_statuses(_attrs(special_cases="COND_IF_CLAUSE")) == {"conditional"}
    assert expected_statuses(_attrs(time="FUTURE")) == {"planned", "demanded"}
    assert expected_statuses(_attrs(time="FUTURE", certainty="POSSIBLE")) == {
        "planned", "demanded", "speculated"}
    assert expected_statuses(_attrs(certainty="PROBABLE")) == {"speculated"}
    assert expected_statuses(_attrs(time="UNDERSPECIFIED")) is None
    assert expected_statuses(_attrs(polarity="")) is None
    assert expected_statuses({}) is None


def test_gate_knows_the_task() -> None:
    floors = json.loads((REPO / "eval" / "floors.json").read_text(encoding="utf-8"))
    entries = [e for e in floors["entries"] if e["task"] == "event_mentions"]
    assert len(entries) == 1 and entries[0]["task"] in TASKS
    assert TASKS["event_mentions"][:2] == ("eventwire.evaluation.meantime_events",
                                           "evaluate_meantime_events")


# -- the development set ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def meantime(shared: Path) -> Path:
    path = shared / "eval" / "events" / "meantime-dev"
    if not (path / "corpus_airbus").is_dir():
        pytest.skip("MEANTIME not present")
    return path


def test_reader_on_the_development_set(meantime: Path) -> None:
    docs = read_meantime_events(meantime)
    assert len(docs) == 60 and {d.corpus for d in docs} == {"airbus", "apple"}
    assert sum(len(d.mentions) for d in docs) == 1304
    assert all(d.dateline == 1 for d in docs)
    first = docs[0]
    assert first.name == "100911_Northrop_Grumman_and_Airbus_parent_EADS_defeat_Boeing"
    assert first.text == read_meantime(
        meantime / "corpus_airbus" / f"{first.name}.xml").text
    for d in docs:
        for m in d.mentions:
            assert d.text[m.start:m.end] == m.text
    # an instance reported by more than one document
    defeat = [m for d in docs for m in d.mentions if m.instance == "OTH40007248568632246"]
    assert len({m.doc_id for m in defeat}) == 2


@pytest.mark.slow
def test_two_documents(meantime: Path) -> None:
    report = evaluate_meantime_events(meantime, limit=2)
    assert isinstance(report, EvalReport) and report.task == "events" and report.n_docs == 2
    m = report.metrics
    assert (m["n_gold_mentions"], m["n_pred_mentions"]) == (21, 2)
    assert (m["mention_p"], m["mention_r"], m["mention_f1"]) == (1.0, 0.0952, 0.1739)
    assert m["mention_relaxed_f1"] == 0.1739
    assert (m["n_scope_gold_mentions"], m["n_scope_pred_mentions"]) == (19, 2)
    assert (m["scope_mention_r"], m["scope_mention_relaxed_f1"]) == (0.1053, 0.1905)
    # four matched mentions, none coreferent: MUC is 0, B³ and CEAF-e 1
    assert m["wd_n_mentions"] == 4
    assert (m["wd_muc_f1"], m["wd_b3_f1"], m["wd_ceafe_f1"], m["wd_conll_f1"]) == (
        0.0, 1.0, 1.0, 0.6667)
    assert m["wd_e2e_conll_f1"] == 0.1215
    assert m["xd_conll_f1"] == m["baseline_xd_conll_f1"] == 0.6667
    assert m["baseline_wd_conll_f1"] == m["singleton_wd_conll_f1"] == 0.6667
    assert (m["status_acc"], m["baseline_status_acc"], m["n_status"]) == (1.0, 1.0, 2)
    details = report.sections["mentions"].details
    assert details["n_title_mentions_unscored"] == 2
    assert details["recall_by_class"]["OTHER"] == {"gold": 19, "found": 2, "recall": 0.1053}
    json.loads(report.to_json())


@pytest.mark.slow
def test_seven_documents_with_chains(meantime: Path) -> None:
    # the first seven airbus documents: "deal" merged across sentences in 1173
    m = evaluate_meantime_events(meantime, limit=7).metrics
    assert (m["n_gold_mentions"], m["n_pred_mentions"]) == (118, 13)
    assert (m["mention_p"], m["mention_relaxed_p"], m["mention_relaxed_f1"]) == (
        0.9231, 1.0, 0.1985)
    assert m["scope_mention_relaxed_f1"] == 0.2245
    assert m["wd_n_mentions"] == 17
    assert (m["wd_muc_r"], m["wd_muc_p"]) == (1.0, 0.8)
    assert (m["wd_b3_f1"], m["wd_ceafe_f1"], m["wd_conll_f1"]) == (0.9506, 0.9511, 0.9302)
    assert (m["baseline_wd_conll_f1"], m["singleton_wd_conll_f1"]) == (0.9302, 0.557)
    assert (m["xd_conll_f1"], m["baseline_xd_conll_f1"]) == (0.9302, 0.8677)
    assert (m["status_acc"], m["n_status"]) == (0.6667, 12)


@pytest.mark.slow
def test_cli_routes_meantime_to_the_mention_evaluation(meantime: Path) -> None:
    res = CliRunner().invoke(app, ["eval", "events", "--dataset", str(meantime), "--limit", "1",
                                   "--json"])
    assert res.exit_code == 0, res.output
    out = json.loads(res.stdout)
    assert out["task"] == "events" and out["n_docs"] == 1
    assert set(out["sections"]) == {"mentions", "scope", "wd_coref", "xd_coref", "baselines",
                                    "status"}
    assert out["metrics"]["n_gold_mentions"] == 9
