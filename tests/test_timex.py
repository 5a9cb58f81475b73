"""TIMEX3 recognition and normalization: one test per case of issue 5, with gold values."""

from __future__ import annotations

from datetime import date

import pytest

from eventwire.model import Article, MentionKind, Segment, SegmentKind, article_id_for
from eventwire.pipeline import ParseStage, Pipeline
from eventwire.timex import Timex, TimexStage, dct_from_dateline, find_timexes

SAT = date(2020, 3, 21)  # a Saturday
WED = date(2020, 3, 18)


def _one(text: str, dct: date | None, needle: str) -> Timex:
    """The timex whose extent covers ``needle`` (which must occur once in ``text``)."""
    i = text.index(needle)
    hits = [
        t for t in find_timexes(text, dct) if t.start <= i < t.end or i <= t.start < i + len(needle)
    ]
    assert hits, f"no timex found for {needle!r} in {text!r}"
    return hits[0]


# --- weekday names by tense ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "dct", "needle", "value"),
    [
        (
            "The source told the newspaper on Saturday that troops would leave.",
            SAT,
            "Saturday",
            "2020-03-21",
        ),
        ("The minister said on Tuesday that talks had failed.", SAT, "Tuesday", "2020-03-17"),
        ("The ministers will meet on Monday in Geneva.", SAT, "Monday", "2020-03-23"),
        ("He will travel to Paris on Friday.", WED, "Friday", "2020-03-20"),
        ("He arrived in Paris on Friday.", WED, "Friday", "2020-03-13"),
        ("Police arrested two men last Thursday.", WED, "last Thursday", "2020-03-12"),
        ("The vote is scheduled for next Tuesday.", WED, "next Tuesday", "2020-03-24"),
    ],
)
def test_weekday_by_tense(text: str, dct: date, needle: str, value: str) -> None:
    t = _one(text, dct, needle)
    assert (t.type, t.value, t.precision) == ("DATE", value, "day")
    assert t.earliest == t.latest == date.fromisoformat(value)


# --- month-day without a year, across year boundaries -------------------------------------------


@pytest.mark.parametrize(
    ("text", "dct", "needle", "value"),
    [
        ("On March 17, troops pulled out of the base.", SAT, "March 17", "2020-03-17"),
        ("Lawmakers approved a bill on January 5.", SAT, "January 5", "2020-01-05"),
        (
            "Protesters gathered on December 28 outside the embassy.",
            date(2020, 1, 10),
            "December 28",
            "2019-12-28",
        ),
        ("The talks will resume on January 5.", date(2019, 12, 20), "January 5", "2020-01-05"),
        (
            "The court said in October that the law was void.",
            date(1999, 4, 19),
            "October",
            "1998-10",
        ),
        ("The election will be held in May.", date(2019, 11, 2), "May", "2020-05"),
    ],
)
def test_month_day_by_tense(text: str, dct: date, needle: str, value: str) -> None:
    assert _one(text, dct, needle).value == value


def test_explicit_dates() -> None:
    text = "It opened on Aug. 7, 1998, closed 17 March 2001 and reopened on 2003-05-04."
    values = [t.value for t in find_timexes(text, SAT)]
    assert values == ["1998-08-07", "2001-03-17", "2003-05-04"]


# --- anchored relatives ------------------------------------------------------------------------


def test_two_days_earlier_anchors_to_narrative_date() -> None:
    text = (
        "Lawmakers approved a bill on January 5 after a US airstrike near the airport "
        "two days earlier."
    )
    t = _one(text, SAT, "two days earlier")
    assert (t.value, t.anchor) == ("2020-01-03", "January 5")


def test_next_day_and_week_later() -> None:
    text = (
        "The protest began on June 3, 2019. The next day, police cleared the square. "
        "A week later, the army withdrew."
    )
    assert _one(text, SAT, "The next day").value == "2019-06-04"
    later = _one(text, SAT, "A week later")
    # Narratives chain: a week after "the next day" (June 4).
    assert (later.value, later.anchor) == ("2019-06-11", "The next day")


def test_at_the_time_takes_anchor() -> None:
    text = "On January 9, he called on the US to send a delegation, his office said at the time."
    t = _one(text, SAT, "the time")
    assert (t.value, t.anchor) == ("2020-01-09", "January 9")


def test_deictic_relatives() -> None:
    text = (
        "Exports fell last week and will fall this year; in recent days prices rose, "
        "and now they are stable."
    )
    assert _one(text, SAT, "last week").value == "2020-W11"
    assert _one(text, SAT, "this year").value == "2020"
    # like "recent weeks" and "recent months": a vague span up to now (TimeBank: PXD)
    recent = _one(text, SAT, "recent days")
    assert (recent.type, recent.value) == ("DURATION", "PXD")
    assert _one(text, SAT, "now").value == "PRESENT_REF"
    assert _one(text, SAT, "last week").earliest == date(2020, 3, 9)


def test_ago_is_relative_to_dct() -> None:
    text = "The company was founded three years ago and hired staff two months ago."
    assert _one(text, SAT, "three years ago").value == "2017"
    assert _one(text, SAT, "two months ago").value == "2020-01"


# --- fuzzy expressions --------------------------------------------------------------------------


def test_late_2017() -> None:
    t = _one("The base was established in late 2017.", SAT, "late 2017")
    assert (t.value, t.mod, t.earliest, t.latest) == (
        "2017",
        "END",
        date(2017, 9, 1),
        date(2017, 12, 31),
    )


@pytest.mark.parametrize(
    ("text", "needle", "value", "mod"),
    [
        ("Fighting resumed in early March.", "early March", "2020-03", "START"),
        ("The plant opens in mid-2019.", "mid-2019", "2019", "MID"),
        ("Sales rose in the first quarter of 2019.", "first quarter", "2019-Q1", None),
        # Q3 has not begun at a March DCT; told in the past tense it is last year's.
        ("Third-quarter profit fell.", "Third-quarter", "2019-Q3", None),
        ("They met in the summer of 2018.", "summer of 2018", "2018-SU", None),
        ("Prices soared in the 1990s.", "1990s", "199", None),
        ("The law was passed at the end of 1990.", "the end of 1990", "1990", "END"),
    ],
)
def test_fuzzy(text: str, needle: str, value: str, mod: str | None) -> None:
    t = _one(text, SAT, needle)
    assert (t.value, t.mod) == (value, mod)


def test_mid_and_early_intervals() -> None:
    assert _one("It opens in mid-2019.", SAT, "mid-2019").earliest == date(2019, 5, 1)
    early = _one("Fighting resumed in early March.", SAT, "early March")
    assert (early.earliest, early.latest) == (date(2020, 3, 1), date(2020, 3, 10))


def test_since_and_over_the_past() -> None:
    since = _one("The group has controlled the town since 2014.", SAT, "2014")
    assert (since.value, since.earliest, since.latest) == ("2014", date(2014, 1, 1), SAT)
    past = _one("Attacks rose over the past three years.", SAT, "the past three years")
    assert (past.type, past.value, past.earliest, past.latest) == (
        "DURATION",
        "P3Y",
        date(2017, 3, 21),
        SAT,
    )


def test_future_ref() -> None:
    t = _one("It intends to withdraw from the bases in the near future.", SAT, "near future")
    assert (t.type, t.value) == ("DATE", "FUTURE_REF")
    assert t.earliest == SAT


def test_durations_and_sets() -> None:
    text = "The strike lasted 24 hours, the siege two weeks; trains run twice a week and daily."
    got = {t.text: (t.type, t.value) for t in find_timexes(text, SAT)}
    assert got["24 hours"] == ("DURATION", "PT24H")
    assert got["two weeks"] == ("DURATION", "P2W")
    assert got["twice a week"] == ("SET", "P1W")
    assert got["daily"] == ("SET", "P1D")


def test_clock_time() -> None:
    t = _one("The blast happened at 10:30 a.m. on Friday.", SAT, "10:30 a.m.")
    assert (t.type, t.value) == ("TIME", "2020-03-20T10:30")


# --- not times ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "The town lies about 60 kilometers (35 miles) south of Mosul.",
        "Soldiers stood a few miles from the frontline.",
        "The army sent 1,500 troops and 2000 soldiers.",
        "They fired 7.62mm rounds.",
        "Call the hotline at 202-555-0143 or (800) 555 1234.",
        "The home side won 3-1 and then 21-17.",
        "The price rose 12.5 percent to $1,998.",
    ],
)
def test_not_times(text: str) -> None:
    assert find_timexes(text, SAT) == []


def test_age_is_a_duration_not_a_date() -> None:
    t = _one("The 78-year-old politician said Iraq rejects any violation.", SAT, "78-year-old")
    assert (t.type, t.value, t.age) == ("DURATION", "P78Y", True)
    assert t.earliest is None and t.attributes()["age"] is True


# --- no DCT -----------------------------------------------------------------------------------


def test_without_dct_relatives_stay_unresolved() -> None:
    t = _one("The source said on Saturday that troops would leave.", None, "Saturday")
    assert t.unresolved and t.value.startswith("XXXX")
    explicit = _one("It opened on March 3, 2018.", None, "March 3, 2018")
    assert explicit.value == "2018-03-03" and not explicit.unresolved


# --- dateline DCT -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Friday, July 21, 2017\nThe president said...", date(2017, 7, 21)),
        ("WASHINGTON, March 3, 2018 — The Senate voted...", date(2018, 3, 3)),
        ("BEIJING, 3 March 2018 (Xinhua) -- China said...", date(2018, 3, 3)),
        ("Title of the story\nSeptember 1, 2007\nBody text.", date(2007, 9, 1)),
        ("The Senate voted on Friday to pass the bill.", None),
    ],
)
def test_dct_from_dateline(text: str, expected: date | None) -> None:
    assert dct_from_dateline(text) == expected


# --- the pipeline stage -----------------------------------------------------------------------


def test_stage_mentions_and_extras() -> None:
    caption = "In this August 20, 2017 file photo, soldiers stand near Tal Afar."
    body1 = "Lawmakers approved a bill on January 5."
    body2 = "A US airstrike near the airport two days earlier killed a general."
    text = "\n\n".join([caption, body1, body2])
    segs = []
    pos = 0
    for kind, part in (
        (SegmentKind.CAPTION, caption),
        (SegmentKind.BODY, body1),
        (SegmentKind.BODY, body2),
    ):
        segs.append(Segment(kind=kind, start=pos, end=pos + len(part), text=part))
        pos += len(part) + 2
    art = Article(
        id=article_id_for(text),
        source_ref="t",
        input_format="text",
        text=text,
        segments=segs,
        published=SAT,
    )
    stage = TimexStage()
    assert (stage.name, stage.requires, stage.assigns) == ("timex", ("parsed",), ("mentions.time",))
    result = Pipeline([ParseStage(), stage]).run(art)
    times = [m for m in result.mentions if m.kind == MentionKind.TIME]
    by_text = {m.text: m for m in times}
    for m in times:
        assert text[m.start : m.end] == m.text and m.stage == "timex"
    assert by_text["August 20, 2017"].segment == SegmentKind.CAPTION
    assert by_text["January 5"].normalized == "2020-01-05"
    earlier = by_text["two days earlier"]
    # Anchored to the body's January 5 (previous segment), not to the caption's 2017 date.
    assert earlier.normalized == "2020-01-03" and earlier.attributes["anchor"] == "January 5"
    assert earlier.attributes["precision"] == "day" and earlier.attributes["unresolved"] is False
    assert earlier.attributes["earliest"] == "2020-01-03"


def test_stage_extras_carry_parse_positions() -> None:
    from eventwire.pipeline import AnalysisContext

    text = "Troops pulled out on March 17."
    art = Article(
        id=article_id_for(text),
        source_ref="t",
        input_format="text",
        text=text,
        segments=[Segment(kind=SegmentKind.BODY, start=0, end=len(text), text=text)],
        published=SAT,
    )
    ctx = AnalysisContext(article=art)
    ParseStage()(ctx)
    TimexStage()(ctx)
    (entry,) = ctx.extras["timexes"]
    t = entry["timex"]
    doc = ctx.parsed[0].doc
    assert isinstance(t, Timex) and t.value == "2020-03-17"
    assert t.token_start is not None and doc[t.token_start].text == "March"
    assert t.sent == 0 and t.governor is not None and doc[t.governor].lemma_ == "pull"
    assert entry["segment"] == SegmentKind.BODY


def test_next_weekday_is_next_weeks() -> None:
    thu = date(2018, 4, 5)
    assert _one("They plan to arrive by next Friday.", thu, "next Friday").value == "2018-04-13"
    assert _one("They set off Wednesday on a march.", thu, "Wednesday").value == "2018-04-04"


def test_recent_months_is_a_vague_duration() -> None:
    t = _one("Fighting has intensified in recent months.", SAT, "recent months")
    assert (t.type, t.value, t.latest) == ("DURATION", "PXM", SAT)


def test_prepositional_after_is_a_duration() -> None:
    text = "Troops left only a few days after forces pulled out of another base."
    t = _one(text, SAT, "a few days")
    assert (t.type, t.value) == ("DURATION", "PXD")
    assert "after" not in t.text


def test_clock_time_in_live_blog_paragraph_takes_dct() -> None:
    text = (
        "Russia expelled diplomats after the March 4 poisoning.\n\n7:15 p.m. Russia released lists."
    )
    t = _one(text, SAT, "7:15 p.m.")
    assert (t.type, t.value) == ("TIME", "2020-03-21T19:15")


def test_stage_without_dct_flags_unresolved() -> None:
    text = "The source said on Saturday that troops left in late 2017."
    art = Article(
        id=article_id_for(text),
        source_ref="t",
        input_format="text",
        text=text,
        segments=[Segment(kind=SegmentKind.BODY, start=0, end=len(text), text=text)],
    )
    result = Pipeline([ParseStage(), TimexStage()]).run(art)
    by_text = {m.text: m for m in result.mentions if m.kind == MentionKind.TIME}
    sat = by_text["Saturday"]
    assert sat.attributes["unresolved"] is True and sat.normalized == "XXXX-WXX-6"
    late = by_text["late 2017"]
    assert late.attributes["unresolved"] is False and late.attributes["mod"] == "END"


def test_following_weekday_anchors_to_narrative() -> None:
    text = "The ceasefire began on March 3, 2020. The following Monday, fighting resumed."
    t = _one(text, date(2020, 6, 1), "following Monday")
    assert (t.value, t.anchor) == ("2020-03-09", "March 3, 2020")


# --- TimeML conventions checked against TBAQ (TempEval-3) gold ---------------------------------


@pytest.mark.parametrize(
    ("text", "dct", "needle", "typ", "value"),
    [
        # spoken years (broadcast transcripts) with a month, a season or "the year"
        (
            "Prices peaked in January nineteen ninety-seven.",
            SAT,
            "January nineteen ninety-seven",
            "DATE",
            "1997-01",
        ),
        (
            "It began in the winter of nineteen ninety-four.",
            SAT,
            "winter of nineteen ninety-four",
            "DATE",
            "1994-WI",
        ),
        (
            "Plans for the year two thousand were ready.",
            SAT,
            "the year two thousand",
            "DATE",
            "2000",
        ),
        # the same quarter a year before, and the last half of a named year
        (
            "Profit rose from the year-ago third quarter.",
            date(1989, 10, 30),
            "year-ago third quarter",
            "DATE",
            "1988-Q3",
        ),
        (
            "Earnings will be lower for the last half of 1989.",
            date(1989, 10, 26),
            "last half of 1989",
            "DATE",
            "1989-H2",
        ),
        # "the past year" is the calendar year before the DCT's (as "last year")
        ("Exports fell 5% in the past year.", date(1998, 3, 3), "the past year", "DATE", "1997"),
        ("It was a minute and a half long.", SAT, "a minute and a half", "DURATION", "PT1M30S"),
        ("Officials met at midday.", SAT, "midday", "TIME", "2020-03-21T12:00"),
    ],
)
def test_timeml_conventions(text: str, dct: date, needle: str, typ: str, value: str) -> None:
    t = _one(text, dct, needle)
    assert (t.type, t.value) == (typ, value)


def test_results_report_periods() -> None:
    dct = date(1989, 11, 1)
    text = (
        "Net income rose in the third quarter. It compares with a loss of $1.8 million for the "
        "corresponding period last year. U.K. sales for last year's quarter were $3 million. "
        "The company earned $376,000 in the 1988 quarter."
    )
    assert _one(text, dct, "corresponding period last year").value == "1988-Q3"
    assert _one(text, dct, "last year's quarter").value == "1988-Q3"
    assert _one(text, dct, "1988 quarter").value == "1988-Q3"


def test_forecast_quarter_is_not_the_reported_one() -> None:
    dct = date(1989, 10, 26)
    text = (
        "Bethlehem expects weak results through the third quarter of 1990. "
        "In the year-ago period, Bethlehem earned $101.4 million."
    )
    assert _one(text, dct, "year-ago period").value == "1988-Q3"


def test_clock_takes_day_after_bracketed_conversion() -> None:
    text = "The blast occurred at about 10:35 a.m. (0735 GMT) Friday, toppling a building."
    t = _one(text, date(1998, 8, 8), "10:35 a.m.")
    assert (t.text, t.value) == ("10:35 a.m.", "1998-08-07T10:35")
    assert _one(text, date(1998, 8, 8), "Friday").value == "1998-08-07"


def test_vague_count_after_narrative_point_is_a_duration() -> None:
    text = "The chairman resigned on Oct. 2. A few days later, the company cut its forecast."
    t = _one(text, date(1989, 10, 27), "A few days later")
    assert (t.type, t.value) == ("DURATION", "PXD")


def test_attributive_future_is_no_timex() -> None:
    text = "The reserves cover future payments. The future looks anything but encouraging."
    found = find_timexes(text, SAT)
    assert [t.text for t in found] == ["The future"]
    assert found[0].value == "FUTURE_REF"


@pytest.mark.parametrize(
    ("text", "dct", "needle", "value", "mod"),
    [
        (
            "Shares were up at mid-afternoon yesterday.",
            date(1989, 11, 2),
            "mid-afternoon yesterday",
            "1989-11-01TAF",
            "MID",
        ),
        (
            "The company expects to close the deal by year-end.",
            date(1989, 11, 2),
            "year-end",
            "1989",
            "END",
        ),
        (
            "The merger should be done by the year's end.",
            date(1989, 10, 26),
            "year's end",
            "1989",
            "END",
        ),
        (
            "Turnout was high on Election Day.",
            date(1998, 10, 26),
            "Election Day",
            "1998-11-03",
            None,
        ),
    ],
)
def test_day_parts_year_end_and_election_day(
    text: str, dct: date, needle: str, value: str, mod: str | None
) -> None:
    t = _one(text, dct, needle)
    assert (t.value, t.mod) == (value, mod)


def test_coming_months_without_the() -> None:
    text = "The Fed expects the economy to slow in coming months. It bodes ill for coming quarters."
    assert _one(text, SAT, "coming months").value == "FUTURE_REF"
    assert _one(text, SAT, "coming quarters").value == "FUTURE_REF"


def test_the_year_before_counts_from_the_year_told() -> None:
    text = "Revenue dropped to $300 million last year, down from $450 million the year before."
    assert _one(text, date(1998, 2, 19), "the year before").value == "1996"


# --- results stories, deadlines and other normalization rules (issue: value F1 on TBAQ) ----------


def test_reporting_quarter_is_the_first_quarter_named() -> None:
    text = (
        "Sun said it earned $5.2 million in the fiscal first quarter. "
        "Revenue rose 39% from a year earlier. In the 1988 period, the company earned "
        "$20.6 million. Earlier this month, the company said it expected to break even for "
        "the quarter."
    )
    dct = date(1989, 10, 26)
    assert _one(text, dct, "the 1988 period").value == "1988-Q1"
    assert _one(text, dct, "the quarter.").value == "1989-Q1"


def test_reporting_quarter_skips_a_comparison_quarter() -> None:
    text = (
        "Kimberly-Clark said third-quarter net rose 10% after a flat second quarter. "
        "The gain was enhanced by charges taken in the year-earlier period."
    )
    assert _one(text, date(1989, 11, 1), "the year-earlier period").value == "1988-Q3"


def test_running_quarter_is_not_the_reporting_quarter() -> None:
    text = (
        "Travelers expects a fourth-quarter charge of $10 million from the quake. "
        "Earnings from commercial lines fell 59% in the latest quarter."
    )
    assert _one(text, date(1989, 11, 2), "the latest quarter").value == "1989-Q3"


def test_a_year_earlier_in_a_quarterly_report() -> None:
    text = (
        "Hadson Corp. posted a third-quarter loss of $3 million. Hadson said it will record "
        "a reserve for its defense group. The company also cited interest costs as factors "
        "in the loss. A year earlier, net income was $2.1 million. In the first nine months, "
        "net was $6 million, compared with $4 million a year earlier."
    )
    dct = date(1989, 11, 2)
    assert _one(text, dct, "A year earlier").value == "1988-Q3"
    # the sentence is about another period (nine months): the year, not the quarter
    assert _one(text, dct, "a year earlier.").value == "1988"


def test_past_perfect_deadline_is_past() -> None:
    text = "The offer had been due to expire Friday evening."
    assert _one(text, date(1989, 10, 30), "Friday evening").value == "1989-10-27TEV"
    text = "The offer had been scheduled to expire at midnight Friday."
    assert _one(text, date(1989, 10, 30), "midnight Friday").value == "1989-10-27T24:00"


def test_effective_date_lies_ahead() -> None:
    text = "He was named to the office of the chairman, effective Feb. 1."
    assert _one(text, date(1989, 10, 26), "Feb. 1").value == "1990-02-01"
    text = "The new rules became effective Oct. 1."
    assert _one(text, date(1989, 11, 20), "Oct. 1").value == "1989-10-01"


def test_last_month_day_is_one_date() -> None:
    text = "Slepian was shot to death last Oct. 23 at his home."
    t = _one(text, date(1999, 4, 19), "Oct. 23")
    assert (t.text, t.value) == ("Oct. 23", "1998-10-23")


def test_then_current_is_past_ref() -> None:
    text = "Holders may buy shares at 50% of the then current market price."
    t = _one(text, date(1989, 10, 26), "then current")
    assert (t.text, t.value) == ("then current", "PAST_REF")


def test_each_month_name_is_a_set() -> None:
    t = _one("Orangemen march each July from their church.", date(1998, 3, 22), "each July")
    assert (t.type, t.value, t.quant) == ("SET", "XXXX-07", "EACH")


def test_full_year_is_not_a_forecast_year() -> None:
    text = "He expects profit to double by 1992. He forecast an increase for the full year."
    assert _one(text, date(1989, 10, 30), "the full year").value == "1989"


def test_one_day_after_a_modal_is_future_ref() -> None:
    t = _one("Islam will one day be the second largest religion.", SAT, "one day")
    assert (t.type, t.value) == ("DATE", "FUTURE_REF")
    assert _one("The strike lasted one day.", SAT, "one day").value == "P1D"


def test_day_before_a_deictic_day() -> None:
    text = "The day before last Tuesday's hearing, Manuel went to Lazaro's home."
    t = _one(text, date(2000, 2, 24), "last Tuesday")
    assert (t.text, t.value) == ("day before last Tuesday", "2000-02-21")
    t = _one("They left the day before yesterday.", date(2000, 2, 24), "yesterday")
    assert t.value == "2000-02-22"


def test_trading_days_are_days() -> None:
    t = _one("Eight trading days after Oct. 12, the index was down.", SAT, "Eight")
    assert (t.text, t.value) == ("Eight trading days", "P8D")


def test_titles_are_not_deictic_dates() -> None:
    text = 'Baker said on ABC News\' "This Week," that the request was legal. This is VOA Today.'
    assert find_timexes(text, date(1990, 8, 13)) == []
    assert _one("This week, the army left.", SAT, "This week").value == "2020-W12"


def test_in_the_last_decade_is_the_previous_decade() -> None:
    text = "Workers lost earning power in the last decade."
    t = _one(text, date(1998, 2, 6), "the last decade")
    assert (t.type, t.value) == ("DATE", "198")
    t = _one("Attacks became routine over the past decade.", date(1998, 2, 6), "past decade")
    assert (t.type, t.value) == ("DURATION", "P10Y")


def test_last_year_compared_in_a_quarterly_report() -> None:
    text = (
        "Aetna said third-quarter net fell 25%. Its commercial division earned $20 million, "
        "compared with earnings of $33 million last year. Last year, the company earned "
        "$480 million. In the first nine months, net was $306 million, compared with $290 "
        "million in the 1988 period."
    )
    dct = date(1989, 10, 30)
    assert _one(text, dct, "last year.").value == "1988-Q3"
    assert _one(text, dct, "Last year,").value == "1988"  # not a comparison
    assert _one(text, dct, "the 1988 period").value == "1988"  # about nine months


def test_holiday_week_is_a_week() -> None:
    t = _one("Protesters prayed as Easter week began.", date(2000, 4, 17), "Easter week")
    assert (t.text, t.value) == ("Easter week", "2000-W16")
