"""Property tests: written calendar dates round-trip; no input crashes or stalls the normalizer."""

from __future__ import annotations

import time
from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from eventwire.timex import normalize_timexes, precompile

# Compile all patterns before any timing: the 50 ms bound is about matching, not start-up.
precompile()

MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
ABBR = [
    "Jan.",
    "Feb.",
    "Mar.",
    "Apr.",
    "May",
    "June",
    "July",
    "Aug.",
    "Sept.",
    "Oct.",
    "Nov.",
    "Dec.",
]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
DCT = date(2020, 3, 21)


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _forms(d: date) -> list[str]:
    m, a = MONTHS[d.month - 1], ABBR[d.month - 1]
    return [
        f"{m} {d.day}, {d.year}",
        f"{a} {d.day}, {d.year}",
        f"{d.day} {m} {d.year}",
        f"{m} {_ordinal(d.day)}, {d.year}",
        f"{WEEKDAYS[d.weekday()]}, {m} {d.day}, {d.year}",
        f"the {_ordinal(d.day)} of {m} {d.year}",
        d.isoformat(),
    ]


@settings(max_examples=150, deadline=None)
@given(
    d=st.dates(min_value=date(1900, 1, 1), max_value=date(2099, 12, 31)),
    form=st.integers(min_value=0, max_value=6),
    frame=st.sampled_from(
        [
            "It happened on {}.",
            "{}: the talks ended",
            "By {} it was over.",
            "The deal, signed {}, expired.",
        ]
    ),
)
def test_written_dates_round_trip(d: date, form: int, frame: str) -> None:
    written = _forms(d)[form]
    text = frame.format(written)
    found = normalize_timexes(text, DCT)
    assert [t.value for t in found] == [d.isoformat()], (text, found)
    assert found[0].earliest == found[0].latest == d


VOCAB = [
    "on",
    "the",
    "last",
    "next",
    "two",
    "days",
    "earlier",
    "later",
    "ago",
    "March",
    "May",
    "17",
    "2017",
    "late",
    "early",
    "mid-",
    "quarter",
    "third",
    "1990s",
    "week",
    "year",
    "since",
    "over",
    "past",
    "a",
    "few",
    "miles",
    "-year-old",
    "78",
    "Saturday",
    "at",
    "10:30",
    "a.m.",
    ",",
    ".",
    "every",
    "twice",
    "now",
    "recent",
    "1,500",
    "of",
    "summer",
    "fall",
    "7.62mm",
    "3-1",
    "555-0143",
    "future",
    "near",
    "fiscal",
    "that",
    "day",
    "'90s",
]


def _check(text: str, dct: date | None) -> None:
    for t in normalize_timexes(text, dct):
        assert 0 <= t.start < t.end <= len(text) and text[t.start : t.end] == t.text
        assert t.type in ("DATE", "TIME", "DURATION", "SET") and t.value
    # One call on a short input must never take 50 ms (no regex blow-up). CPU time, and the
    # best of three runs: a blow-up is slow every time, a busy machine only now and then.
    best = min(_cpu_seconds(text, dct) for _ in range(3))
    assert best < 0.05, text


def _cpu_seconds(text: str, dct: date | None) -> float:
    t0 = time.process_time()
    normalize_timexes(text, dct)
    return time.process_time() - t0


@settings(max_examples=300, deadline=None)
@given(text=st.text(max_size=300), dct=st.none() | st.dates())
def test_no_input_crashes_or_stalls(text: str, dct: date | None) -> None:
    _check(text, dct)


@settings(max_examples=300, deadline=None)
@given(
    words=st.lists(st.sampled_from(VOCAB), max_size=40),
    dct=st.none() | st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)),
)
def test_time_word_soup_never_crashes(words: list[str], dct: date | None) -> None:
    _check(" ".join(words), dct)
