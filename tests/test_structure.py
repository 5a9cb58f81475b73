"""Page structure rules: gold values from the seed and hand-built pages."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from eventwire.model import SegmentKind
from eventwire.structure import segment_page, sentence_fingerprint, split_sentences
from tests.conftest import GOLD_ARTICLES, SEED_TXT


def kinds(text: str, **kw: object) -> list[tuple[str, str]]:
    page = segment_page(text, **kw)  # type: ignore[arg-type]
    return [(s.kind.value, s.text) for s in page.segments]


def test_structure_seed_page_parts() -> None:
    text = SEED_TXT.read_text(encoding="utf-8")
    page = segment_page(text)
    assert page.section == "News / Iraq"
    assert page.title == "US forces reportedly planning to withdraw from two bases in Iraq"
    captions = [s.text for s in page.segments if s.kind is SegmentKind.CAPTION]
    assert len(captions) == 1 and captions[0].startswith("In this August 20, 2017 file photo")
    assert captions[0].endswith("(By the Associated Press)")
    body = [s for s in page.segments if s.kind is SegmentKind.BODY]
    assert body[0].text.startswith("US troops are planning to withdraw from two bases")
    assert body[-1].text.endswith("in the assassination airstrike.")
    assert len(body) == 10
    boiler = [s.text for s in page.segments if s.kind is SegmentKind.BOILERPLATE]
    assert boiler == [
        "Press TV’s website can also be accessed at the following alternate addresses:",
        "Press TV News Roku",
    ]


def test_structure_offsets_index_the_text() -> None:
    text = SEED_TXT.read_text(encoding="utf-8")
    for seg in segment_page(text).segments:
        assert text[seg.start:seg.end] == seg.text


def test_structure_headline_run_into_dateline() -> None:
    text = (GOLD_ARTICLES / "03.txt").read_text(encoding="utf-8")
    page = segment_page(text)
    assert page.title == "Georgia Arrests Opposition Members on Arms Charges"
    assert page.dateline == "TBILISI, Georgia --"
    body = [s for s in page.segments if s.kind is SegmentKind.BODY]
    assert body[0].text.startswith("TBILISI, Georgia -- Georgian police")


def test_structure_repeated_sentence_becomes_boilerplate() -> None:
    promo = "Subscribers across the region can read the full report in our weekly print edition."
    text = ("Rebels attacked a convoy near the border on Monday, killing four soldiers, the army "
            "said in a statement. " + promo)
    page = segment_page(text, repeated={sentence_fingerprint(promo)})
    body = [s.text for s in page.segments if s.kind is SegmentKind.BODY]
    boiler = [s.text for s in page.segments if s.kind is SegmentKind.BOILERPLATE]
    assert body == [text[: text.index(promo)].strip()]
    assert boiler == [promo]


def test_structure_caption_cues_and_byline() -> None:
    text = "\n".join([
        "World › Africa",
        "Flooding displaces thousands in the north",
        "By Jane Roe",
        "Residents wade through water in Maiduguri on Sunday. (Photo: Reuters)",
        "Heavy rains have displaced more than 20,000 people in northern Nigeria since Friday, "
        "the emergency agency said on Monday, as rivers burst their banks.",
        "Aid groups said they were sending food and tents to the worst-hit areas of the state "
        "and warned that more rain was expected this week.",
        "Follow us on Twitter for the latest updates",
        "© 2024 Example News. All rights reserved.",
    ])
    got = kinds(text)
    assert got[0] == ("section", "World › Africa")
    assert got[1] == ("title", "Flooding displaces thousands in the north")
    assert got[2] == ("byline", "By Jane Roe")
    assert got[3][0] == "caption"
    assert [k for k, _ in got[4:6]] == ["body", "body"]
    assert [k for k, _ in got[6:]] == ["boilerplate", "boilerplate"]


def test_structure_known_title_keeps_short_first_sentence_in_body() -> None:
    text = "Why did you run?\n\nI ran because the city needs a mayor who listens to every " \
           "neighbourhood, not just the downtown business lobby."
    got = kinds(text, known_title="Interview with a candidate")
    assert got[0] == ("body", "Why did you run?")


def test_split_sentences_keeps_closing_quotes() -> None:
    text = 'He said "we will go." Then they left. Later, nothing.'
    spans = split_sentences(text)
    assert [text[s:e] for s, e in spans] == ['He said "we will go."', "Then they left.",
                                             "Later, nothing."]


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=400))
def test_structure_segments_never_overlap_and_match_text(text: str) -> None:
    page = segment_page(text)
    prev_end = 0
    for seg in page.segments:
        assert 0 <= seg.start < seg.end <= len(text)
        assert text[seg.start:seg.end] == seg.text
        assert seg.start >= prev_end
        prev_end = seg.end


def test_structure_inline_subheading_splits_the_paragraph() -> None:
    text = ("Farmers blocked the highway for a third day. \"We will stay,\" one said. - Prices "
            "'too low' - On Monday, police cleared the road with tear gas. 10 - 2 was the score.")
    segs = kinds(text)
    assert ("subtitle", "Prices 'too low'") in segs
    body = [t for k, t in segs if k == "body"]
    assert body == ["Farmers blocked the highway for a third day. \"We will stay,\" one said.",
                    "On Monday, police cleared the road with tear gas. 10 - 2 was the score."]


def test_structure_off_topic_closing_sentence_is_boilerplate() -> None:
    text = (GOLD_ARTICLES / "04.txt").read_text(encoding="utf-8")
    page = segment_page(text)
    body = [s for s in page.segments if s.kind is SegmentKind.BODY]
    assert body[-1].text.endswith("north of the capital of Kabardino-Balkaria left four "
                                  "gunmen killed.")
    boiler = [s for s in page.segments if s.kind is SegmentKind.BOILERPLATE]
    assert boiler[-1].text.startswith("Electricity suppliers across the country")
    assert "off the article's topic" in boiler[-1].reason
    # A closing sentence on the article's subject stays, however long.
    seed = segment_page(SEED_TXT.read_text(encoding="utf-8"))
    assert [s for s in seed.segments if s.kind is SegmentKind.BODY][-1].text.endswith(
        "in the assassination airstrike.")
