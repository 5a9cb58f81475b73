"""Time expressions: TIMEX3 recognition and normalization (the ``timex`` stage).

Recognition is a set of hand-written, general patterns over the raw text (dates, clock times,
durations, sets, relative and fuzzy expressions). Normalization turns each match into a TIMEX3
``value`` in TimeML conventions (``2020-03-17``, ``2017`` + ``mod END``, ``2020-W11``, ``P2D``,
``PRESENT_REF``, ``XXXX-XX-XX``) plus an ``[earliest, latest]`` calendar interval that a later
stage can use to date events.

Context used for resolution, and why:

* the document creation time (DCT) anchors deictic expressions ("today", "last week",
  "on Saturday");
* the *tense* of the verb governing the expression (from the spaCy parse) picks the direction of
  underspecified dates: "said on Saturday" is the Saturday on or before the DCT, "will meet on
  Monday" the next Monday, "on December 28" in a January article written in the past tense is
  the previous December;
* the last explicit date of the narrative anchors anaphoric relatives ("two days earlier",
  "the next day", "at the time"), because news narratives chain them off the event just told,
  not off the publication date.

Off-the-shelf parsers (dateparser) are not used as the normalizer: they read "35 miles" as 1935
and "on Saturday" as the previous week's Saturday.
"""

from __future__ import annotations

import bisect
import calendar
import importlib
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from eventwire.model import Mention, MentionKind, SegmentKind

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from eventwire.pipeline import AnalysisContext

__all__ = [
    "Timex",
    "TimexStage",
    "dct_from_dateline",
    "find_timexes",
    "normalize_timexes",
    "precompile",
]

# --------------------------------------------------------------------------------------------
# The result record
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Timex:
    """One time expression with its TIMEX3 normalization and its place in the parse.

    ``start``/``end`` are character offsets into the analysed text (for the pipeline stage:
    into ``Article.text``). ``token_start``/``token_end``/``head`` are spaCy token indices of
    the parse the expression was found in and ``sent`` the index of its sentence there, so the
    events stage can find the clause an expression governs.
    """

    start: int
    end: int
    text: str
    type: str  # DATE, TIME, DURATION, SET
    value: str
    mod: str | None = None
    earliest: date | None = None
    latest: date | None = None
    precision: str = "vague"  # day, week, month, quarter, year, vague
    anchor: str | None = None  # text of the expression a relative value was computed from
    anchor_start: int | None = None
    unresolved: bool = False
    age: bool = False  # "78-year-old": a property of a person, never an event date
    quant: str | None = None  # SET quantifier ("EVERY")
    freq: str | None = None  # SET frequency ("2X")
    confidence: float = 0.8
    rule: str = ""
    sent: int | None = None
    token_start: int | None = None
    token_end: int | None = None
    head: int | None = None  # token index of the expression's syntactic head
    governor: int | None = None  # token index of the verb (or noun) it attaches to
    tense: str | None = None  # tense of the governing verb: past, present, future

    def attributes(self) -> dict[str, Any]:
        """The ``Mention.attributes`` payload."""
        attrs: dict[str, Any] = {
            "mod": self.mod,
            "earliest": self.earliest.isoformat() if self.earliest else None,
            "latest": self.latest.isoformat() if self.latest else None,
            "precision": self.precision,
            "anchor": self.anchor,
            "unresolved": self.unresolved,
        }
        if self.age:
            attrs["age"] = True
        if self.quant:
            attrs["quant"] = self.quant
        if self.freq:
            attrs["freq"] = self.freq
        return attrs


# --------------------------------------------------------------------------------------------
# Calendar points: a value at some granularity, with its interval
# --------------------------------------------------------------------------------------------

_SEASON_MONTH = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}


@dataclass(frozen=True, slots=True)
class _Point:
    """A calendar period: its granularity and its first day (week: the Monday)."""

    gran: str  # day, week, weekend, month, quarter, half, season, year, decade, century
    d: date
    season: str | None = None
    part: str | None = None  # part of day for TIME values: MO, AF, EV, NI
    clock: str | None = None  # "13:37"

    def render(self) -> str:
        """The TIMEX3 value string."""
        d = self.d
        if self.gran == "day":
            base = f"{d.year:04d}-{d.month:02d}-{d.day:02d}"
            if self.clock:
                return f"{base}T{self.clock}"
            if self.part:
                return f"{base}T{self.part}"
            return base
        if self.gran in ("week", "weekend"):
            y, w, _ = d.isocalendar()
            return f"{y:04d}-W{w:02d}" + ("-WE" if self.gran == "weekend" else "")
        if self.gran == "month":
            return f"{d.year:04d}-{d.month:02d}"
        if self.gran == "quarter":
            return f"{d.year:04d}-Q{(d.month - 1) // 3 + 1}"
        if self.gran == "half":
            return f"{d.year:04d}-H{1 if d.month <= 6 else 2}"
        if self.gran == "season":
            return f"{d.year:04d}-{self.season}"
        if self.gran == "year":
            return f"{d.year:04d}"
        if self.gran == "decade":
            return f"{d.year // 10:03d}"  # TimeML: "the 1990s" = 199
        return f"{d.year // 100:02d}"  # century

    def bounds(self) -> tuple[date, date]:
        """First and last day of the period."""
        d = self.d
        g = self.gran
        if g == "day":
            return d, d
        if g == "week":
            return d, d + timedelta(days=6)
        if g == "weekend":
            return d + timedelta(days=5), d + timedelta(days=6)
        if g == "month":
            return d, _month_end(d.year, d.month)
        if g == "quarter":
            return d, _month_end(d.year, d.month + 2)
        if g == "half":
            return d, _month_end(d.year, d.month + 5)
        if g == "season":
            end = _add_months(d, 2)
            return d, _month_end(end.year, end.month)
        if g == "year":
            return d, date(d.year, 12, 31)
        if g == "decade":
            return d, date(d.year + 9, 12, 31)
        return d, date(min(d.year + 99, 9999), 12, 31)

    def precision(self) -> str:
        return _PRECISION.get(self.gran, "vague")


_PRECISION = {
    "day": "day",
    "week": "week",
    "weekend": "week",
    "month": "month",
    "quarter": "quarter",
    "half": "quarter",
    "season": "quarter",
    "year": "year",
}


def _month_end(year: int, month: int) -> date:
    year += (month - 1) // 12
    month = (month - 1) % 12 + 1
    return date(year, month, calendar.monthrange(year, month)[1])


def _add_months(d: date, n: int) -> date:
    idx = d.year * 12 + d.month - 1 + n
    y, m = divmod(idx, 12)
    y = max(1, min(9999, y))
    return date(y, m + 1, min(d.day, calendar.monthrange(y, m + 1)[1]))


def _safe_date(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def _point(gran: str, d: date, season: str | None = None) -> _Point:
    """The period of granularity ``gran`` that contains ``d``."""
    if gran == "day":
        return _Point("day", d)
    if gran in ("week", "weekend"):
        return _Point(gran, d - timedelta(days=d.weekday()))
    if gran == "month":
        return _Point("month", d.replace(day=1))
    if gran == "quarter":
        return _Point("quarter", date(d.year, (d.month - 1) // 3 * 3 + 1, 1))
    if gran == "half":
        return _Point("half", date(d.year, 1 if d.month <= 6 else 7, 1))
    if gran == "season":
        s = season or _season_of(d)
        y = d.year - 1 if s == "WI" and d.month < 3 else d.year
        return _Point("season", date(y, _SEASON_MONTH[s], 1), season=s)
    if gran == "year":
        return _Point("year", date(d.year, 1, 1))
    if gran == "decade":
        return _Point("decade", date(max(1, d.year // 10 * 10), 1, 1))
    return _Point("century", date(max(1, d.year // 100 * 100), 1, 1))


def _season_of(d: date) -> str:
    m = d.month
    return "SP" if 3 <= m <= 5 else "SU" if 6 <= m <= 8 else "FA" if 9 <= m <= 11 else "WI"


def _shift(p: _Point, n: int, unit: str) -> _Point:
    """Move ``p`` by ``n`` units (day, week, month, quarter, year, decade, century)."""
    d = p.d
    try:
        if unit == "day":
            nd = d + timedelta(days=n)
        elif unit in ("week", "weekend"):
            nd = d + timedelta(weeks=n)
        elif unit == "month":
            nd = _add_months(d, n)
        elif unit == "quarter":
            nd = _add_months(d, 3 * n)
        elif unit in ("half",):
            nd = _add_months(d, 6 * n)
        elif unit in ("year", "season"):
            nd = _add_months(d, 12 * n)
        elif unit == "decade":
            nd = _add_months(d, 120 * n)
        elif unit == "century":
            nd = _add_months(d, 1200 * n)
        else:
            nd = d
    except OverflowError:
        nd = d
    return replace(p, d=nd)


def _mod_bounds(lo: date, hi: date, mod: str | None) -> tuple[date, date]:
    """Narrow an interval for START/MID/END (early/mid/late): first, middle or last third."""
    if mod not in ("START", "MID", "END"):
        return lo, hi
    span = (hi - lo).days + 1
    if span >= 360 and span <= 366:  # a year: Jan-Apr, May-Aug, Sep-Dec
        y = lo.year
        if mod == "START":
            return date(y, 1, 1), date(y, 4, 30)
        if mod == "MID":
            return date(y, 5, 1), date(y, 8, 31)
        return date(y, 9, 1), date(y, 12, 31)
    if 28 <= span <= 31:  # a month: 1-10, 11-20, 21-end
        if mod == "START":
            return lo, lo.replace(day=10)
        if mod == "MID":
            return lo.replace(day=11), lo.replace(day=20)
        return lo.replace(day=21), hi
    third = span // 3
    if mod == "START":
        return lo, lo + timedelta(days=max(third - 1, 0))
    if mod == "MID":
        return lo + timedelta(days=third), hi - timedelta(days=third)
    return hi - timedelta(days=max(third - 1, 0)), hi


# --------------------------------------------------------------------------------------------
# Lexicon
# --------------------------------------------------------------------------------------------

_MONTHS: dict[str, int] = {}
for _i, _names in enumerate(
    [
        ("january", "jan"),
        ("february", "feb"),
        ("march", "mar"),
        ("april", "apr"),
        ("may",),
        ("june", "jun"),
        ("july", "jul"),
        ("august", "aug"),
        ("september", "sept", "sep"),
        ("october", "oct"),
        ("november", "nov"),
        ("december", "dec"),
    ],
    start=1,
):
    for _n in _names:
        _MONTHS[_n] = _i

_WEEKDAYS = {
    "monday": 0,
    "tuesday": 1,
    "wednesday": 2,
    "thursday": 3,
    "friday": 4,
    "saturday": 5,
    "sunday": 6,
}

_UNITS = {
    "second": "S",
    "minute": "M",
    "hour": "H",
    "day": "D",
    "night": "D",
    "week": "W",
    "weekend": "WE",
    "fortnight": "W2",
    "month": "M",
    "quarter": "Q",
    "year": "Y",
    "decade": "DE",
    "century": "CE",
    "centurie": "CE",
    "millennium": "ML",
    "millennia": "ML",
}

_SMALL = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
    "hundred": 100,
    "a hundred": 100,
    "one hundred": 100,
    "a dozen": 12,
    "dozen": 12,
    "a couple of": 2,
    "couple of": 2,
    "a couple": 2,
    "half a": 0,
    "half an": 0,
    "a half": 0,
}
_VAGUE_NUM = {"several", "a few", "few", "some", "many", "a number of", "dozens of", "numerous"}

_ORDINALS = {
    "first": 1,
    "1st": 1,
    "second": 2,
    "2nd": 2,
    "third": 3,
    "3rd": 3,
    "fourth": 4,
    "4th": 4,
    "final": 4,
    "last": 4,
}

_HOLIDAYS: dict[str, tuple[int, int]] = {
    "christmas day": (12, 25),
    "christmas eve": (12, 24),
    "christmas": (12, 25),
    "new year's day": (1, 1),
    "new year's eve": (12, 31),
    "independence day": (7, 4),
    "valentine's day": (2, 14),
    "halloween": (10, 31),
    "boxing day": (12, 26),
    "veterans day": (11, 11),
}

# Regex building blocks (compiled case-insensitively; capitalization is checked in handlers
# where a word is also an ordinary word: "May", "March", "fall").
_MON = (
    r"(?:january|february|march|april|may|june|july|august|september|october|november|december|"
    r"jan\.?|feb\.?|mar\.|apr\.?|jun\.?|jul\.?|aug\.?|sept\.?|sep\.|oct\.?|nov\.?|dec\.?)"
)
_MONTH_FULL = (
    r"(?:january|february|march|april|may|june|july|august|september|october|november|december)"
)
_WD = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
_DAYN = r"(?:[12][0-9]|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_YEAR = r"(?:1[0-9]{3}|20[0-9]{2})"
_TENS = r"(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)"
_ONES = r"(?:one|two|three|four|five|six|seven|eight|nine)"
_WNUM = (
    rf"(?:{_TENS}(?:[\s-]{_ONES})?|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|"
    rf"eighteen|nineteen|ten|{_ONES}|(?:a\s|one\s)?hundred)"
)
_NUM = (
    rf"(?:\d{{1,3}}(?:,\d{{3}})+|\d+(?:\.\d+)?(?:\s+1/2)?|{_WNUM}(?:\s+and\s+a\s+half)?|"
    r"a\s+couple\s+of|couple\s+of|a\s+dozen|dozens\s+of|a\s+few|several|few|some|many|"
    r"a\s+number\s+of|numerous|an?|half\s+an?|a\s+half)"
)
_UNIT = (
    r"(?:seconds?|minutes?|hours?|days?|nights?|weeks?|weekends?|fortnights?|months?|"
    r"quarters?|years?|decades?|century|centuries|millennium|millennia)"
)
_UNIT_SG = r"(?:second|minute|hour|day|night|week|weekend|month|quarter|year|decade|century)"
_APPROX = (
    r"(?:more\s+than|less\s+than|fewer\s+than|at\s+least|at\s+most|up\s+to|nearly|almost|"
    r"about|around|roughly|approximately|some|over|under|just\s+over|just\s+under|only|just|"
    r"barely|close\s+to|no\s+more\s+than|no\s+less\s+than)"
)
_MOD_WORD = (
    r"(?:early|late|mid|middle|the\s+end\s+of|end\s+of|the\s+beginning\s+of|beginning\s+of|"
    r"the\s+start\s+of|start\s+of|the\s+middle\s+of|middle\s+of|the\s+turn\s+of)"
)
_DAYPART = r"(?:morning|afternoon|evening|night|overnight)"
_SEASON = r"(?:spring|summer|fall|autumn|winter)"
_REL = r"(?:this|last|next|past|previous|coming|following|current)"
_HOLIDAY = (
    r"(?:christmas\s+day|christmas\s+eve|christmas|new\s+year's\s+day|new\s+year's\s+eve|"
    r"independence\s+day|valentine's\s+day|halloween|boxing\s+day|veterans\s+day|"
    r"thanksgiving(?:\s+day)?|easter(?:\s+sunday)?|memorial\s+day|labor\s+day|election\s+day)"
)
_YEARSUF = rf"(?:,?\s+{_YEAR}(?![\d,]\d))"
#: A year said in words, as in broadcast transcripts: "nineteen ninety-four", "two thousand".
_SPOKEN_YEAR = (
    rf"(?:(?:nineteen|eighteen)[\s-]+(?:{_TENS}(?:[\s-]{_ONES})?|ten|eleven|twelve|"
    rf"thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|(?:oh|o)[\s-]{_ONES})|"
    rf"two\s+thousand(?:\s+and)?(?:[\s-]+(?:{_ONES}|ten|eleven|twelve|thirteen|fourteen|"
    r"fifteen|sixteen|seventeen|eighteen|nineteen))?)(?![\w-])"
)

_MOD_MAP = {
    "more than": "MORE_THAN",
    "over": "MORE_THAN",
    "just over": "MORE_THAN",
    "less than": "LESS_THAN",
    "fewer than": "LESS_THAN",
    "under": "LESS_THAN",
    "just under": "LESS_THAN",
    "barely": "LESS_THAN",
    "at least": "EQUAL_OR_MORE",
    "no less than": "EQUAL_OR_MORE",
    "at most": "EQUAL_OR_LESS",
    "up to": "EQUAL_OR_LESS",
    "no more than": "EQUAL_OR_LESS",
    "nearly": "LESS_THAN",
    "almost": "LESS_THAN",
    "close to": "LESS_THAN",
    "about": "APPROX",
    "around": "APPROX",
    "roughly": "APPROX",
    "approximately": "APPROX",
    "some": "APPROX",
}

# --------------------------------------------------------------------------------------------
# Patterns: (name, regex). Order matters: at one position the first alternative wins, so the
# longer, more specific forms come first.
# --------------------------------------------------------------------------------------------

_PATTERNS: list[tuple[str, str]] = [
    # 1998-11-20 19:30(:53), 12/05/1998 09:42:00 — timestamps in wire headers.
    (
        "stamp",
        r"(?P<y>(?:19|20)\d\d)-(?P<m>[01]\d)-(?P<d>[0-3]\d)[T\s]+(?P<hh>[0-2]\d):(?P<mm>[0-5]\d)"
        r"(?::[0-5]\d)?",
    ),
    ("iso", r"(?P<y>(?:1[5-9]|20)\d\d)-(?P<m>[01]\d)-(?P<d>[0-3]\d)(?![\d-])"),
    (
        "slash",
        r"(?<![\d/.])(?P<m>[01]?\d)/(?P<d>[0-3]?\d)/(?P<y>(?:19|20)?\d\d)(?![\d/])",
    ),
    # Friday, March 17, 2020 / March 17, 2020 / March 17th / Mar. 17
    (
        "mdy",
        rf"(?:(?P<wd>{_WD}),?\s+)?(?:(?P<mod>early|late|mid)[\s-]+)?(?P<mon>{_MON})\s+"
        rf"(?P<day>{_DAYN})(?!\d|:\d)(?:(?P<year>{_YEARSUF}))?(?!\s*(?:%|percent|mm\b))",
    ),
    # Friday, 17 March 2020 / the 17th of March
    (
        "dmy",
        rf"(?:(?P<wd>{_WD}),?\s+)?(?:the\s+)?(?P<day>{_DAYN})\s+(?:of\s+)?(?P<mon>{_MON})"
        rf"(?:(?P<year>{_YEARSUF}))?",
    ),
    # the week of March 6
    ("weekof", rf"the\s+week\s+of\s+(?P<mon>{_MON})\s+(?P<day>{_DAYN})"),
    # 10:30 a.m. Friday / 3 p.m. EST / noon / 13:37 GMT
    (
        "clock",
        r"(?P<h>[01]?\d|2[0-3])(?::(?P<mi>[0-5]\d))?\s*(?P<ap>a\.m\.?|p\.m\.?|am\b|pm\b)"
        r"(?:\s+(?P<tz>(?-i:[A-Z]{1,3}T|GMT|UTC))\b)?"
        # "10:35 a.m. (0735 GMT) Friday": the day after a bracketed conversion (not taken in)
        rf"(?:(?=\s+\([^()\n]{{1,16}}\)\s+(?P<wdla>{_WD})\b))?"
        rf"(?:\s+(?:(?:on|this|last|next)\s+)?(?P<wd>{_WD}|today|yesterday|tomorrow)|"
        rf",?\s+(?:on\s+)?(?P<md>{_MON}\s+{_DAYN}))?"
        r"|(?P<h2>[01]?\d|2[0-3]):(?P<mi2>[0-5]\d)\s*(?P<tz2>(?-i:[A-Z]{1,3}T|GMT|UTC))\b",
    ),
    ("noon", r"(?P<w>noon|midnight|midday)(?:\s+(?P<wd>" + _WD + r"|today|yesterday|tomorrow))?"),
    # early/late/mid + month (+ year): "early March", "late November 1988"
    (
        "modmonth",
        rf"(?P<mod>{_MOD_WORD})[\s-]+(?P<mon>{_MON})(?:(?P<year>{_YEARSUF}))?(?![\s-]*\d)",
    ),
    # March 2020, March of 2020
    (
        "monyear",
        rf"(?:(?P<mod>{_MOD_WORD})[\s-]+)?(?P<mon>{_MON}),?\s+(?:of\s+)?(?:(?P<year>{_YEAR})"
        rf"(?![\d,]\d)|(?P<rel>this|last|next)\s+year|(?P<syear>{_SPOKEN_YEAR}))",
    ),
    # last March, next January, this September
    (
        "relmonth",
        rf"(?P<rel>this|last|next|past|previous|coming)\s+(?P<mon>{_MON})(?!\.?[\s-]*\d)",
    ),
    # early 1990s, the 1990s, the '90s, the sixties
    (
        "decade",
        rf"(?:the\s+)?(?:(?P<mod>{_MOD_WORD})[\s-]+(?:the\s+)?)?"
        r"(?:(?P<dec>1[0-9]{2}0|20[0-9]0)'?s|'(?P<dec2>[0-9]0)s|"
        r"(?P<decw>twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties))\b",
    ),
    # the 20th century, this century
    (
        "century",
        r"(?:the\s+)?(?:(?P<mod>early|late|mid)[\s-]+)?(?:(?P<ord>\d{1,2})(?:st|nd|rd|th)|"
        r"(?P<ordw>nineteenth|twentieth|twenty-first|eighteenth))[\s-]+century"
        r"|(?P<rel>this|last|next|the\s+past|the\s+last|the\s+next)\s+century",
    ),
    # the first quarter (of 2019), third-quarter, the fiscal first quarter, Q3 2019
    (
        "quarter",
        rf"(?:the\s+)?(?:(?P<ypre>{_YEAR})\s+|(?P<rpre>this\s+year's|last\s+year's|"
        r"next\s+year's)\s+|(?P<ago>year-ago|year-earlier|year-before|prior-year)\s+)?"
        r"(?:the\s+)?"
        rf"(?:(?:fiscal|calendar)(?:[\s-]+(?P<fy>{_YEAR}))?\s+)?"
        r"(?P<ord>first|second|third|fourth|1st|2nd|3rd|4th|last|final)[\s-]+(?:fiscal\s+)?"
        r"(?P<kind>quarter|half|period)"
        rf"(?:\s+of\s+(?:fiscal\s+|the\s+)?(?:(?P<year>{_YEAR})|(?P<ryear>this|last|next)"
        r"\s+year|(?P<tyear>the\s+year)))?"
        rf"|(?P<q>Q[1-4])(?:\s+(?P<qyear>{_YEAR}))?",
    ),
    # the latest quarter, the year-ago period, the current quarter, the quarter
    (
        "relquarter",
        r"(?:the\s+|a\s+|this\s+|that\s+)?(?P<rel>latest|recent|current|comparable|same|"
        r"corresponding|last\s+year's|"
        r"year-ago|year-earlier|prior-year|previous|past|last|coming|next|first|fiscal|"
        r"calendar|)[\s-]*(?P<kind>quarter|period)(?!s)(?!\s+of\b)"
        r"(?:\s+(?P<ago>a\s+year\s+(?:ago|earlier|before)|(?:of\s+)?last\s+year(?!'s)\b))?",
    ),
    # year-earlier, year-ago (adjectival)
    ("yearago", r"(?P<w>year-earlier|year-ago|year-before|a-year-earlier)"),
    # fiscal 1989, early 2017, late 2017, mid-2019, the end of 1990, post-1959
    (
        "year",
        rf"(?:(?P<pre>{_MOD_WORD}|post|pre|the\s+year|fiscal|calendar|the\s+fiscal\s+year|"
        rf"the\s+calendar\s+year|the\s+(?={_YEAR}\s+(?:period|season|election|quarter)\b))"
        r"[\s-]+)?"
        rf"(?P<year>{_YEAR})(?![\d,.]\d|\s*(?:%|percent|mm\b|km\b)|'?s\b|-\d)"
        r"(?:\s+(?P<suf>period|season|quarter)\b)?",
    ),
    # two days earlier, a week later, three years ago, more than four decades ago
    (
        "ago",
        rf"(?:(?P<approx>{_APPROX})\s+)?(?P<num>{_NUM})[\s-]+(?P<unit>{_UNIT})\s+"
        r"(?:or\s+so\s+)?(?P<dir>ago|earlier|later|before|after|from\s+now|hence|previously|back)\b"
        r"(?!\s+(?:the|that|this|his|her|their|its)\b)",
    ),
    # the day before yesterday, (the) day after last Tuesday
    (
        "dayrel",
        rf"day\s+(?P<dir>before|after)\s+(?P<rel>(?:last|next|this)\s+)?"
        rf"(?P<w>{_WD}|yesterday|today|tomorrow)",
    ),
    # the next day, the following week, the day before, the previous year, that day
    (
        "anchored",
        rf"(?P<rel>the\s+(?:next|following|previous|preceding|prior|same)|that|the\s+very)\s+"
        rf"(?P<unit>{_UNIT_SG}|{_DAYPART})"
        rf"|the\s+(?P<unit2>{_UNIT_SG})\s+(?P<dir>before|after)(?!\s*[\w$\"'(])"
        rf"|(?P<ea>earlier|later)\s+(?P<that>that|the\s+same)\s+(?P<unit3>{_UNIT_SG})"
        r"|the\s+(?P<time>time)(?=[\s,.;])",
    ),
    # the following Monday, the previous Friday: relative to the narrative's last date
    (
        "anchoredwd",
        rf"(?P<rel>the\s+(?:following|next|previous|preceding|prior)|following|previous)\s+"
        rf"(?P<wd>{_WD})",
    ),
    # earlier this year, later this month, early next week, late last year
    (
        "earlythis",
        r"(?P<mod>earlier|later|early|late|mid|the\s+end\s+of|end\s+of|the\s+beginning\s+of|"
        r"the\s+middle\s+of|the\s+start\s+of|the\s+rest\s+of)[\s-]+(?P<rel>this|last|next|"
        r"the\s+past|the\s+coming|the\s+current|the)\s+"
        rf"(?P<unit>week|month|year|quarter|decade|century|{_SEASON})",
    ),
    # year-end, year end, year's end: the end of the DCT's year
    ("yearend", r"year(?:-end|\s+end|'s\s+end)(?![\w-])"),
    # the past three years, the last 12 months, the next two decades, the first nine months
    (
        "pastn",
        rf"(?:(?P<approx>{_APPROX})\s+)?(?:the\s+|its\s+)?(?P<rel>past|last|next|previous|"
        r"coming|first|final|initial|following|recent|preceding|latest|remaining|same)\s+"
        rf"(?P<num>{_NUM}|few|several)[\s-]+(?P<unit>{_UNIT})(?:\s+(?P<orso>or\s+so))?",
    ),
    # the past week, the last year, the past decade (durations up to now)
    (
        "pastone",
        r"(?:the\s+)?(?P<rel>past|last)\s+(?P<unit>week|month|year|decade|century|"
        r"twelve\s+months|24\s+hours|twenty-four\s+hours|hour|day|fortnight)(?!-)",
    ),
    # this week, last month, next year, this morning, last night, this summer, this weekend
    (
        "deictic",
        rf"(?P<rel>{_REL}|the\s+current|the\s+coming|the\s+past)\s+(?:fiscal\s+)?"
        r"(?P<unit>week|month|year|"
        rf"weekend|quarter|decade|{_DAYPART}|{_SEASON}|{_WD})(?![\s-]+(?:old|long)\b)",
    ),
    # "for the year", "the fiscal year", "the week": the period under discussion
    (
        "theunit",
        r"the\s+(?:(?P<adj>full|fiscal|calendar|current|whole|entire)\s+)?(?P<unit>year|week)"
        r"(?![\w-]|\s+(?:ago|earlier|later|before|after|of|end|to|in\s+which|two\s+thousand|"
        r"nineteen|eighteen)\b|'s)",
    ),
    # the weekend (of the DCT's week)
    ("weekend", r"the\s+weekend(?!s)"),
    # early Tuesday, late yesterday, Friday morning, yesterday afternoon, Tuesday night
    (
        "dayword",
        rf"(?:(?P<mod>early|late|mid)[\s-]+)?(?P<w>{_WD}|today|yesterday|tomorrow|tonight)"
        rf"(?:'s)?(?:\s+(?P<part>{_DAYPART}))?"
        # mid-afternoon yesterday, early morning Tuesday
        rf"|(?:(?P<mod2>early|late|mid)[\s-]*)?(?P<part2>morning|afternoon|evening)\s+"
        rf"(?:on\s+)?(?P<w2>{_WD}|today|yesterday|tomorrow)\b",
    ),
    # early spring, the summer of 2019, spring 2020, in the fall
    (
        "season",
        rf"(?:the\s+)?(?:(?P<mod>early|late|mid)[\s-]+)?(?P<s>{_SEASON})(?:\s+(?:of\s+)?"
        rf"(?:(?P<year>{_YEAR})|(?P<syear>{_SPOKEN_YEAR})))?",
    ),
    (
        "holiday",
        rf"(?:(?P<rel>last|next|this)\s+)?(?P<h>{_HOLIDAY})(?:\s+(?P<year>{_YEAR}))?"
        r"(?P<wk>\s+week(?![\w-]))?",
    ),
    # nineteen ninety-six, the year two thousand, two thousand and one
    (
        "spokenyear",
        rf"(?:the\s+year\s+)?(?:(?P<c>nineteen|eighteen)[\s-]+(?P<yy>{_TENS}(?:[\s-]{_ONES})?|"
        r"ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|"
        rf"(?:oh|o)[\s-]{_ONES})|two\s+thousand(?:\s+and)?(?:[\s-]+(?P<y2>{_ONES}|ten|eleven|"
        r"twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen))?)",
    ),
    # 78-year-old, 8-month-old, 78 years old
    (
        "age",
        rf"(?P<num>{_NUM})[\s-]+(?P<unit>year|month|week|day)s?[\s-]+old\b",
    ),
    # every day, each year, every other week, every two years, twice a week, daily
    (
        "set",
        rf"(?P<q>every|each)\s+(?:(?P<other>other)\s+)?(?:(?P<num>{_NUM})\s+)?"
        rf"(?P<unit>{_UNIT}|{_WD}s?|{_DAYPART}|{_MONTH_FULL})"
        r"|(?P<freq>once|twice|three\s+times|four\s+times|\d+\s+times)\s+(?:a|an|per|each)\s+"
        rf"(?P<unit2>{_UNIT_SG})"
        r"|(?P<adv>daily|weekly|monthly|annually|yearly|quarterly|hourly|nightly|biweekly|"
        r"semiannually|biannually)\b"
        rf"|(?P<per>per|a)\s+(?P<unit3>day|week|month|year|hour)(?!s)",
    ),
    # 16-hour, five-year (adjectival durations) and plain durations: two weeks, 24 hours
    (
        "duration",
        rf"(?:(?P<approx>{_APPROX})\s+)?(?:the\s+)?(?P<num>{_NUM})(?:[\s-]+to[\s-]+"
        rf"(?P<num2>{_NUM}))?(?:\s+(?:more|additional|extra|further))?"
        rf"(?:\s+(?:trading|business|working))?[\s-]+(?P<unit>{_UNIT})"
        r"(?P<half>\s+and\s+a\s+half)?(?:[\s-]+long)?"
        r"(?:\s+(?P<orso>or\s+so|or\s+more))?",
    ),
    # years, decades, months (bare plurals after for/in/over/within)
    ("plural", r"(?P<unit>years|decades|months|weeks|days|hours|minutes|centuries)"),
    # now, today's, currently, recently, the future, the near future, the past, soon
    (
        "ref",
        r"(?P<w>then[\s-]+current|right\s+now|just\s+now|now|currently|at\s+present|presently|nowadays|"
        r"these\s+days|this\s+time|at\s+the\s+moment|at\s+this\s+point|this\s+point|"
        r"the\s+present|recently|lately|previously|formerly|earlier|once|"
        r"recent\s+(?:days|weeks|months|years|decades|times|history)|"
        r"the\s+(?:near|distant|foreseeable|immediate)\s+future|the\s+future|future|"
        r"the\s+(?:recent|distant)\s+past|the\s+past|soon|shortly|current|recent|"
        r"the\s+(?:near|short)\s+term|"
        r"the\s+moment|the\s+time\s+being|in\s+the\s+meantime|meanwhile|"
        r"in\s+the\s+coming\s+(?:days|weeks|months|years|quarters)|"
        r"coming\s+(?:days|weeks|months|years|quarters))",
    ),
]


def _prefixed(name: str, rx: str) -> str:
    """Rename the groups of one pattern ``name__group`` so all can share one regex."""

    def sub(m: re.Match[str]) -> str:
        return f"(?P<{name}__{m.group(1)}>"

    return re.sub(r"\(\?P<(\w+)>", sub, rx)


#: Every expression starts and ends on a word boundary (or after an apostrophe for "'90s").
_LEFT = r"(?<![\w$£€#@/.-])(?:"
_RIGHT = r")(?![\w/]|-\w|\.\d)"


def _alternation(names: Sequence[str]) -> re.Pattern[str]:
    """One regex of the named patterns, tried in the given order."""
    rxs = dict(_PATTERNS)
    body = "|".join(f"(?P<{n}>{_prefixed(n, rxs[n])})" for n in names)
    return re.compile(_LEFT + body + _RIGHT, re.IGNORECASE)


_NAMES = [name for name, _ in _PATTERNS]
_NAMES_SET = frozenset(_NAMES)

# --------------------------------------------------------------------------------------------
# Resolution context
# --------------------------------------------------------------------------------------------


@dataclass
class _Ctx:
    """What a handler may consult: the DCT, the narrative anchor and the clause's tense."""

    text: str
    dct: date | None
    tense: Callable[[int, int], str | None]
    anchor: tuple[_Point, str, int] | None = None  # last explicit date: point, text, offset
    last_point: tuple[_Point, int] | None = None  # last resolved point (any) and its offset
    #: the first quarter named in the text that had ended by the DCT: what a results report
    #: is about
    first_quarter: _Point | None = None
    sent_bounds: Callable[[int], int] = field(default=lambda _o: 0)
    sent_start: Callable[[int], int] = field(default=lambda _o: 0)  # offset of its sentence


@dataclass
class _Raw:
    """A handler's output before it becomes a :class:`Timex`."""

    type: str
    value: str
    point: _Point | None = None
    mod: str | None = None
    lo: date | None = None
    hi: date | None = None
    anchor: str | None = None
    anchor_start: int | None = None
    unresolved: bool = False
    age: bool = False
    quant: str | None = None
    freq: str | None = None
    confidence: float = 0.8
    explicit: bool = False  # a calendar date written out: becomes the narrative anchor
    context: bool = True  # may become the "last mentioned period" for later expressions
    rule: str = ""  # the pattern that matched, for the evidence view
    trim_start: int = 0  # characters to drop from the match (e.g. a leading "in")
    trim_end: int = 0
    report: bool = False  # a named quarter: a candidate for the period a report is about


_Handler = Callable[["re.Match[str]", str, _Ctx], "_Raw | None"]


def _g(m: re.Match[str], name: str, group: str) -> str | None:
    try:
        return m.group(f"{name}__{group}")
    except IndexError:  # a handler shared by patterns that lack this group
        return None


def _num(s: str | None) -> int | None:
    """A count from digits or English number words; None when vague ("several")."""
    if s is None:
        return None
    t = re.sub(r"\s+", " ", s.strip().lower())
    if t in _VAGUE_NUM:
        return None
    if t in _SMALL:
        return _SMALL[t]
    t = t.replace(",", "")
    if re.fullmatch(r"\d+", t):
        return int(t)
    m = re.fullmatch(r"(\w+)[ -](\w+)", t)
    if m and m.group(1) in _SMALL and m.group(2) in _SMALL:
        a, b = _SMALL[m.group(1)], _SMALL[m.group(2)]
        if m.group(2) == "hundred":
            return a * 100
        return a + b
    if t.endswith("hundred"):
        return 100
    return None


def _fnum(s: str) -> float | None:
    """A possibly fractional count: "5 1/2", "2.5", "two and a half"."""
    t = s.strip().lower()
    half = 0.0
    if t.endswith(" 1/2"):
        t, half = t[:-4], 0.5
    elif t.endswith("and a half"):
        t, half = t[: -len("and a half")].strip(), 0.5
    if t in ("half a", "half an", "a half"):
        return 0.5
    if re.fullmatch(r"\d+\.\d+", t):
        return float(t)
    n = _num(t)
    return None if n is None else n + half


def _unit_key(unit: str) -> str:
    u = unit.lower().rstrip("s") if unit.lower() not in ("centuries",) else "century"
    if u == "centurie":
        u = "century"
    if u == "millennia":
        u = "millennium"
    return u


def _duration_value(n: float | None, unit: str) -> str:
    """TIMEX3 duration: P3Y, PT5H30M, PXW; quarters as months, decades as P10Y."""
    u = _unit_key(unit)
    if n is None:
        code = {
            "second": "TXS",
            "minute": "TXM",
            "hour": "TXH",
            "day": "XD",
            "night": "XD",
            "week": "XW",
            "weekend": "XWE",
            "fortnight": "XW",
            "month": "XM",
            "quarter": "XQ",
            "year": "XY",
            "decade": "XDE",
            "century": "XCE",
            "millennium": "XML",
        }.get(u, "XD")
        return "P" + code
    whole = int(n)
    frac = n - whole
    if u in ("second", "minute", "hour"):
        letter = {"second": "S", "minute": "M", "hour": "H"}[u]
        if frac and u == "hour":
            return f"PT{whole}H{round(frac * 60)}M" if whole else f"PT{int(frac * 60)}M"
        if frac and u == "minute":
            return f"PT{whole}M{round(frac * 60)}S" if whole else f"PT{int(frac * 60)}S"
        return f"PT{_fmt(n)}{letter}"
    if u == "weekend":
        return f"P{_fmt(n)}WE"
    if u == "fortnight":
        return f"P{_fmt(2 * n)}W"
    if u == "quarter":
        return f"P{_fmt(3 * n)}M"
    if u == "decade":
        return f"P{_fmt(10 * n)}Y" if n >= 1 else f"P{_fmt(n)}DE"
    if u == "century":
        return f"P{_fmt(100 * n)}Y" if n >= 1 else f"P{_fmt(n)}CE"
    if u == "millennium":
        return f"P{_fmt(n)}ML"
    if frac and u == "year":
        return f"P{whole}Y6M" if whole else "P6M"
    if frac and u == "day":
        return f"P{whole}DT12H" if whole else "PT12H"
    letter = {"day": "D", "night": "D", "week": "W", "month": "M", "year": "Y"}.get(u, "D")
    return f"P{_fmt(n)}{letter}"


def _fmt(n: float) -> str:
    return str(int(n)) if float(n).is_integer() else f"{n:g}"


def _unit_gran(unit: str) -> str:
    u = _unit_key(unit)
    return {
        "second": "day",
        "minute": "day",
        "hour": "day",
        "day": "day",
        "night": "day",
        "week": "week",
        "weekend": "week",
        "fortnight": "week",
        "month": "month",
        "quarter": "quarter",
        "year": "year",
        "decade": "decade",
        "century": "century",
    }.get(u, "year")


def _capitalized(word: str) -> bool:
    return bool(word) and word[0].isupper()


def _month_of(tok: str, strict: bool) -> int | None:
    """Month number of a month word; ``strict`` rejects lowercase (may/march as verbs)."""
    key = tok.lower().rstrip(".")
    mon = _MONTHS.get(key)
    if mon is None:
        return None
    if not _capitalized(tok) and (strict or key in ("may", "march")):
        return None
    return mon


def _year_of(s: str | None) -> int | None:
    if not s:
        return None
    m = re.search(r"\d{4}", s)
    return int(m.group()) if m else None


#: "resigned effective Feb. 1" (but not "became effective Oct. 1": that is told as past)
_EFFECTIVE = re.compile(
    r"(?<!\bbecame\s)(?<!\bwas\s)(?<!\bwere\s)(?<!\bbeen\s)(?<!\bbecome\s)"
    r"\beffective\s+(?:on\s+|as\s+of\s+)?$",
    re.IGNORECASE,
)


def _resolve_in_year(
    ctx: _Ctx, start: int, end: int, make: Callable[[int], _Point | None]
) -> tuple[_Point | None, bool]:
    """Pick the year of an underspecified date by tense relative to the DCT.

    Past: the latest occurrence on or before the DCT; future: the earliest on or after;
    otherwise the nearest. Returns (point, resolved).
    """
    if ctx.dct is None:
        return None, False
    dct = ctx.dct
    cands = [p for p in (make(dct.year - 1), make(dct.year), make(dct.year + 1)) if p]
    if not cands:
        return None, False
    tense = ctx.tense(start, end)
    if _EFFECTIVE.search(ctx.text, max(0, start - 20), start):
        # "resigned effective Feb. 1", "a pact effective June 1": the date of taking effect
        # is announced ahead of it.
        tense = "future"
    if tense == "future":
        fut = [p for p in cands if p.bounds()[1] >= dct]
        if fut:
            return min(fut, key=lambda p: p.d), True
    # Past tense is a weak cue for dates ("talks were set for Jan. 14" is ahead of the DCT),
    # so past, present and unknown all take the occurrence nearest the DCT; a past-tense
    # clause breaks ties toward the past.

    def dist(p: _Point) -> int:
        lo, hi = p.bounds()
        if lo <= dct <= hi:
            return 0
        return min(abs((lo - dct).days), abs((hi - dct).days))

    if tense == "past":
        back = [p for p in cands if p.bounds()[0] <= dct]
        fwd = [p for p in cands if p.bounds()[0] > dct]
        if back:
            b = max(back, key=lambda p: p.d)
            # Only a much nearer future date beats the past reading ("were set for Jan. 14"
            # in a Jan. 7 article); "said in October" in April is last October.
            if fwd:
                f = min(fwd, key=lambda p: p.d)
                if dist(f) * 5 < dist(b):
                    return f, True
            return b, True
    return min(cands, key=dist), True


# --------------------------------------------------------------------------------------------
# Handlers
# --------------------------------------------------------------------------------------------


def _h_stamp(m: re.Match[str], n: str, ctx: _Ctx) -> _Raw | None:
    d = _safe_date(int(_g(m, n, "y") or 0), int(_g(m, n, "m") or 0), int(_g(m, n, "d") or 0))
    if d is None:
        return None
    p = _Point("day", d, clock=f"{_g(m, n, 'hh')}:{_g(m, n, 'mm')}")
    return _Raw("TIME", p.render(), p, explicit=True, confidence=0.95)


def _h_iso(m: re.Match[str], n: str, ctx: _Ctx) -> _Raw | None:
    d = _safe_date(int(_g(m, n, "y") or 0), int(_g(m, n, "m") or 0), int(_g(m, n, "d") or 0))
    if d is None:
        return None
    return _Raw("DATE", _Point("day", d).render(), _Point("day", d), explicit=True, confidence=0.95)


def _h_slash(m: re.Match[str], n: str, ctx: _Ctx) -> _Raw | None:
    y = int(_g(m, n, "y") or 0)
    if y < 100:
        y += 1900 if y >= 50 else 2000
    a, b = int(_g(m, n, "m") or 0), int(_g(m, n, "d") or 0)
    # US order first (the corpora are US news); day-first when the month would be > 12.
    d = _safe_date(y, a, b) or _safe_date(y, b, a)
    if d is None:
        return None
    return _Raw("DATE", d.isoformat(), _Point("day", d), explicit=True, confidence=0.85)


def _h_mdy(m: re.Match[str], n: str, ctx: _Ctx) -> _Raw | None:
    mon_s = _g(m, n, "mon") or ""
    mon = _month_of(mon_s, strict=False)
    if mon is None:
        return None
    day_s = re.sub(r"\D", "", _g(m, n, "day") or "")
    day = int(day_s) if day_s else 0
    year = _year_of(_g(m, n, "year"))
    mod = {"early": "START", "late": "END", "mid": "MID"}.get((_g(m, n, "mod") or "").lower())
    return _day_of_month(m, ctx, mon, day, year, mod)


def _day_of_month(
    m: re.Match[str], ctx: _Ctx, mon: int, day: int, year: int | None, mod: str | None
) -> _Raw | None:
    if not 1 <= day <= 31:
        return None
    if year is not None:
        d = _safe_date(year, mon, day)
        if d is None:
            return None
        p = _Point("day", d)
        return _Raw("DATE", p.render(), p, mod=mod, explicit=True, confidence=0.95)
    if _safe_date(2000, mon, day) is None:  # Feb 30 etc.
        return None

    def make(y: int) -> _Point | None:
        d = _safe_date(y, mon, day)
        return _Point("day", d) if d else None

    p2, _ok = _resolve_in_year(ctx, m.start(), m.end(), make)
    if p2 is None:
        return _Raw("DATE", f"XXXX-{mon:02d}-{day:02d}", mod=mod, unresolved=True)
    return _Raw("DATE", p2.render(), p2, mod=mod, explicit=True, confidence=0.85)


def _h_dmy(m: re.Match[str], n: str, ctx: _Ctx) -> _Raw | None:
    mon = _month_of(_g(m, n, "mon") or "", strict=True)
    if mon is None:
        return None
    day = int(re.sub(r"\D", "", _g(m, n, "day") or "0") or 0)
    year = _year_of(_g(m, n, "year"))
    return _day_of_month(m, ctx, mon, day, year, None)


def _h_weekof(m: re.Match[str], n: str, ctx: _Ctx) -> _Raw | None:
    r = _h_mdy(m, n, ctx)
    if r is None or r.point is None:
        return r
    p = _point("week", r.point.d)
    return _Raw("DATE", p.render(), p, explicit=True)


def _day_ref(ctx: _Ctx, word: str, start: int, end: int) -> tuple[_Point | None, str | None]:
    """Resolve a weekday name or today/yesterday/tomorrow/tonight against the DCT."""
    w = word.lower()
    if ctx.dct is None:
        return None, None
    dct = ctx.dct
    if w in ("today", "tonight"):
        return _Point("day", dct), ("NI" if w == "tonight" else None)
    if w == "yesterday":
        return _Point("day", dct - timedelta(days=1)), None
    if w == "tomorrow":
        return _Point("day", dct + timedelta(days=1)), None
    wd = _WEEKDAYS.get(w)
    if wd is None:
        return None, None
    back = (dct.weekday() - wd) % 7
    fwd = (wd - dct.weekday()) % 7
    tense = ctx.tense(start, end)
    if tense == "future":
        off = fwd
    elif tense == "past" or tense is None:
        off = -back
    else:  # present: a weekday in news present tense ("X dies Friday") is mostly past
        off = fwd if fwd == 0 else -back
    return _Point("day", dct + timedelta(days=off)), None


_PART = {
    "morning": "MO",
    "afternoon": "AF",
    "evening": "EV",
    "night": "NI",
    "overnight": "NI",
}


def _h_dayword(m: re.Match[str], n: str, ctx: _Ctx) -> _Raw | None:
    w = _g(m, n, "w") or _g(m, n, "w2") or ""
    if w.lower() in _WEEKDAYS and not _capitalized(w):
        return None
    if w == "Today" and re.search(r"\b[A-Z]{2,}\s+$", ctx.text[max(0, m.start() - 8) : m.start()]):
        return None  # "USA Today", "VOA Today": a name
    part_s = (_g(m, n, "part") or _g(m, n, "part2") or "").lower()
    part = _PART.get(part_s)
    mod_s = _g(m, n, "mod") or _g(m, n, "mod2") or ""
    mod = {"early": "START", "late": "END", "mid": "MID"}.get(mod_s.lower())
    p, tn = _day_ref(ctx, w, m.start(), m.end())
    if tn and not part:
        part = tn
    # "Friday night", "yesterday morning": TimeBank/AQUAINT type these DATE (a day with its
    # part, value ...TNI); only "tonight" on its own is typed TIME.
    typ = "TIME" if tn and not part_s else "DATE"
    if p is None:
        val = "XXXX-XX-XX" + (f"T{part}" if part else "")
        if w.lower() in _WEEKDAYS:
            val = "XXXX-WXX-" + str(_WEEKDAYS[w.lower()] + 1)
        return _Raw(typ, val, mod=mod, unresolved=True)
    p = replace(p, part=part)
    return _Raw(typ, p.render(), p, mod=mod, confidence=0.85, explicit=w.lower() in _WEEKDAYS)


def _h_clock(m: re.Match[str], n: str, ctx: _Ctx) -> _Raw | None:
    h_s = _g(m, n, "h") or _g(m, n, "h2")
    mi = _g(m, n, "mi") or _g(m, n, "mi2") or "00"
    h = int(h_s or 0)
    ap = (_g(m, n, "ap") or "").lower()
    if ap.startswith("p") and h < 12:
        h += 12
    elif ap.startswith("a") and h == 12:
        h = 0
    clock = f"{h:02d}:{mi}"
    tz = (_g(m, n, "tz") or _g(m, n, "tz2") or "").upper()
    if tz in ("GMT", "UTC"):
        clock += "Z"
    day: _Point | None = None
    wd = _g(m, n, "wd") or _g(m, n, "wdla")
    md = _g(m, n, "md")
    if md:
        mon_s, day_s = md.split()[0], re.sub(r"\D", "", md.split()[-1])
        mon = _month_of(mon_s, strict=False)
        raw = _day_of_month(m, ctx, mon, int(day_s), None, None) if mon and day_s else None
        day = raw.point if raw is not None else None
    elif wd:
        day, _ = _day_ref(ctx, wd, m.start(), m.end())
    elif ctx.anchor is not None and ctx.anchor[0].gran == "day" and _near(ctx, ctx.anchor[2], m):
        day = ctx.anchor[0]
    elif ctx.dct is not None:
        day = _Point("day", ctx.dct)
    if day is None:
        return _Raw("TIME", f"XXXX-XX-XXT{clock}", unresolved=True)
    p = _Point("day", day.d, clock=clock)
    return _Raw("TIME", p.render(), p, confidence=0.85)


def _near(ctx: _Ctx, offset: int, m: re.Match[str]) -> bool:
    """True when ``offset`` is in the same sentence as the match (negative: another segment)."""
    return offset >= 0 and ctx.sent_bounds(offset) == ctx.sent_bounds(m.start())


def _within(ctx: _Ctx, offset: int, m: re.Match[str], sents: int) -> bool:
    """True when ``offset`` is at most ``sents`` sentences before the match."""
    return offset >= 0 and 0 <= ctx.sent_bounds(m.start()) - ctx.sent_bounds(offset) <= sents


def _h_noon(m: re.Match[str], n: str, ctx: _Ctx) -> _Raw | None:
    w = (_g(m, n, "w") or "").lower()
    if re.search(r"\bhigh\s+$", ctx.text[max(0, m.start() - 6) : m.start()], re.I):
        return None  # "high noon": an idiom
    clock = "24:00" if w == "midnight" else "12:00"
    wd = _g(m, n, "wd")
    day: _Point | None = None
    if wd:
        day, _ = _day_ref(ctx, wd, m.start(), m.end())
    elif ctx.dct:
        day = _Point("day", ctx.dct)
    if day is None:
        return _Raw("TIME", f"XXXX-XX-XXT{clock}", unresolved=True)
    p = _Point("day", day.d, clock=clock)
    return _Raw("TIME", p.render(), p, confidence=0.7)


_MODS = {
    "early": "START",
    "late": "END",
    "mid": "MID",
    "middle": "MID",
    "the end of": "END",
    "end of": "END",
    "the beginning of": "START",
    "beginning of": "START",
    "the start of": "START",
    "start of": "START",
    "the middle of": "MID",
    "middle of": "MID",
    "the turn of": "START",
    "earlier": "START",
    "later": "END",
    "the rest of": "END",
    "post": "AFTER",
    "pre": "BEFORE",
}


def _mod_of(s: str | None) -> str | None:
    if not s:
        return None
    return _MODS.get(re.sub(r"\s+", " ", s.lower()))


def _month_point(ctx: _Ctx, m: re.Match[str], mon: int, year: int | None) -> _Raw:
    if year is not None:
        p = _Point("month", date(year, mon, 1))
        return _Raw("DATE", p.render(), p, explicit=True, confidence=0.9)

    def make(y: int) -> _Point:
        return _Point("month", date(y, mon, 1))

    p2, _ = _resolve_in_year(ctx, m.start(), m.end(), make)
    if p2 is None:
        return _Raw("DATE", f"XXXX-{mon:02d}", unresolved=True)
    return _Raw("DATE", p2.render(), p2, explicit=True, confidence=0.8)


def _h_modmonth(m: re.Match[str], n: str, ctx: _Ctx) -> _Raw | None:
    mon = _month_of(_g(m, n, "mon") or "", strict=False)
    if mon is None:
        return None
    r = _month_point(ctx, m, mon, _year_of(_g(m, n, "year")))
    r.mod = _mod_of(_g(m, n, "mod"))
    return r


def _spoken_year(s: str | None) -> int | None:
    """The year of "nineteen ninety-four", "nineteen oh five", "two thousand and one"."""
    if not s:
        return None
    words = re.sub(r"[\s-]+", " ", s.lower()).strip().split(" ")
    if words[:2] == ["two", "thousand"]:
        rest = [w for w in words[2:] if w != "and"]
        n = _num(" ".join(rest)) if rest else 0
        return None if n is None or n > 99 else 2000 + n
    if words[0] not in ("nineteen", "eighteen") or len(words) < 2:
        return None
    rest = [w for w in words[1:] if w not in ("oh", "o")]
    n = _num(" ".join(rest))
    if n is None or n > 99:
        return None
    return (1900 if words[0] == "nineteen" else 1800) + n


def _h_monyear(m: re.Match[str], n: str, ctx: _Ctx) -> _Raw | None:
    mon = _month_of(_g(m, n, "mon") or "", strict=False)
    if mon is None:
        return None
    year = _year_of(_g(m, n, "year")) or _spoken_year(_g(m, n, "syear"))
    rel = (_g(m, n, "rel") or "").lower()
    if rel:
        if ctx.dct is None:
            return _Raw("DATE", f"XXXX-{mon:02d}", unresolved=True)
        year = ctx.dct.year + {"this": 0, "last": -1, "next": 1}[rel]
    r = _month_point(ctx, m, mon, year)
    r.mod = _mod_of(_g(m, n, "mod"))
    return r


def _h_relmonth(m: re.Match[str], n: str, ctx: _Ctx) -> _Raw | None:
    mon = _month_of(_g(m, n, "mon") or "", strict=True)
    if mon is None:
        return None
    rel = (_g(m, n, "rel") or "").lower()
    if ctx.dct is None:
        return _Raw("DATE", f"XXXX-{mon:02d}", unresolved=True)
    dct = ctx.dct
    y = dct.year
    if rel in ("last", "past", "previous"):
        y = dct.year if mon < dct.month else dct.year - 1
    elif rel in ("next", "coming"):
        y = dct.year if mon > dct.month else dct.year + 1
    p = _Point("month", date(y, mon, 1))
    return _Raw("DATE", p.render(), p, explicit=True, confidence=0.85)


_DECADE_WORDS = {
    "twenties": 2,
    "thirties": 3,
    "forties": 4,
    "fifties": 5,
    "sixties": 6,
    "seventies": 7,
    "eighties": 8,
    "nineties": 9,
}


def _h_decade(m: re.Match[str], n: str, ctx: _Ctx) -> _Raw | None:
    dec = _g(m, n, "dec")
    if dec:
        y = int(dec)
    else:
        d2 = _g(m, n, "dec2")
        decw = _g(m, n, "decw")
        if d2:
            y = 1900 + int(d2)
        elif decw:
            if not m.group(0).lower().startswith("the"):
                return None  # "in his sixties" is an age, not a decade
            y = 1900 + 10 * _DECADE_WORDS[decw.lower()]
        else:
            return None
        if ctx.dct is not None and y > ctx.dct.year:
            y -= 100
    p = _Point("decade", date(y, 1, 1))
    mod = _mod_of(_g(m, n, "mod"))
    return _Raw("DATE", p.render(), p, mod=mod, confidence=0.85)


_ORDW = {"eighteenth": 18, "nineteenth": 19, "twentieth": 20, "twenty-first": 21}


def _h_century(m: re.Match[str], n: str, ctx: _Ctx) -> _Raw | None:
    rel = (_g(m, n, "rel") or "").lower()
    if rel:
        if rel.startswith("the"):
            return _Raw("DURATION", "P100Y")
        if ctx.dct is None:
            return _Raw("DATE", "XX", unresolved=True)
        off = {"this": 0, "last": -1, "next": 1}[rel]
        p = _shift(_point("century", ctx.dct), off, "century")
        return _Raw("DATE", p.render(), p)
    o = _g(m, n, "ord")
    ordn = int(o) if o else _ORDW.get((_g(m, n, "ordw") or "").lower(), 0)
    if not 1 <= ordn <= 30:
        return None
    p = _Point("century", date(max(1, (ordn - 1) * 100), 1, 1))
    mod = _mod_of(_g(m, n, "mod"))
    return _Raw("DATE", p.render(), p, mod=mod, confidence=0.85)


def _h_quarter(m: re.Match[str], n: str, ctx: _Ctx) -> _Raw | None:
    q = _g(m, n, "q")
    if q:
        qn = int(q[1])
        kind = "quarter"
        year = _year_of(_g(m, n, "qyear"))
    else:
        qn = _ORDINALS.get((_g(m, n, "ord") or "").lower(), 0)
        kind = (_g(m, n, "kind") or "").lower()
        year = _year_of(_g(m, n, "year")) or _year_of(_g(m, n, "ypre")) or _year_of(_g(m, n, "fy"))
    if kind == "period":
        return None  # "the third period" of a game
    if (_g(m, n, "ord") or "").lower() in ("last", "final"):
        # "the last half of 1989" is H2; "last quarter" alone is the deictic previous one.
        if not (_g(m, n, "year") or _g(m, n, "ryear") or _g(m, n, "tyear")):
            return None
        qn = 2 if kind == "half" else 4
    if kind == "half" and qn > 2:
        return None
    rel = (_g(m, n, "ryear") or _g(m, n, "rpre") or "").lower()
    gran = "quarter" if kind == "quarter" else "half"
    months = 3 if gran == "quarter" else 6
    if year is None and ctx.dct is not None:
        if rel.startswith("last"):
            year = ctx.dct.year - 1
        elif rel.startswith("next"):
            year = ctx.dct.year + 1
        elif rel.startswith("this"):
            year = ctx.dct.year
        elif _g(m, n, "tyear") and ctx.last_point is not None:
            year = ctx.last_point[0].d.year
    if year is None:
        if ctx.dct is None:
            val = f"XXXX-{'Q' if gran == 'quarter' else 'H'}{qn}"
            return _Raw("DATE", val, unresolved=True)
        year = ctx.dct.year
        p = _Point(gran, date(year, (qn - 1) * months + 1, 1))
        # A quarter that has not begun at the DCT, told in the past tense, is last year's.
        if p.d > ctx.dct and ctx.tense(m.start(), m.end()) == "past":
            p = _Point(gran, date(year - 1, (qn - 1) * months + 1, 1))
    else:
        p = _Point(gran, date(year, (qn - 1) * months + 1, 1))
    if _g(m, n, "ago"):
        # "the year-ago third quarter": the same quarter one year before the one meant.
        p = _shift(p, -1, "year")
        return _Raw("DATE", p.render(), p, confidence=0.85, explicit=True)
    return _Raw("DATE", p.render(), p, confidence=0.85, explicit=True, report=gran == "quarter")


def _reporting_quarter(ctx: _Ctx, m: re.Match[str]) -> _Point | None:
    """The quarter a financial report is about.

    The first quarter the text names that had ended by the DCT (a results story opens with
    it: "third-quarter net rose …"; a "flat second quarter" mentioned later is a comparison),
    else the last resolved quarter, else the last quarter ended before the DCT.
    """
    if ctx.first_quarter is not None:
        return ctx.first_quarter
    lp = ctx.last_point[0] if ctx.last_point is not None else None
    # A forecast quarter ("the third quarter of 1990") is not the one being reported, nor is
    # the quarter still running at the DCT ("a fourth-quarter charge" in a November report).
    if lp is not None and lp.gran == "quarter" and (ctx.dct is None or lp.bounds()[1] < ctx.dct):
        return lp
    if ctx.dct is None:
        return None
    return _shift(_point("quarter", ctx.dct), -1, "quarter")


def _h_relquarter(m: re.Match[str], n: str, ctx: _Ctx) -> _Raw | None:
    rel = re.sub(r"\s+", " ", (_g(m, n, "rel") or "").lower())
    kind = (_g(m, n, "kind") or "").lower()
    whole = m.group(0).lower()
    if kind == "period" and rel not in (
        "latest",
        "year-ago",
        "year-earlier",
        "prior-year",
        "comparable",
        "same",
        "corresponding",
        "last year's",
    ):
        return None
    if rel in ("first", "fiscal", "calendar") or (not rel and not whole.startswith("the")):
        return None
    if rel == "" and kind == "quarter" and not whole.startswith(("the", "this")):
        return None
    base = _reporting_quarter(ctx, m)
    if base is None:
        return _Raw("DATE", "XXXX-QX", unresolved=True)
    if rel in ("year-ago", "year-earlier", "prior-year", "comparable", "last year's") or _g(
        m, n, "ago"
    ):
        p = _shift(base, -1, "year")
    elif rel in ("previous", "last", "past") and kind == "quarter":
        p = _shift(_point("quarter", ctx.dct), -1, "quarter") if ctx.dct else base
    elif rel in ("current",) or whole.startswith("this"):
        p = _point("quarter", ctx.dct) if ctx.dct else base
    elif rel in ("coming", "next"):
        p = _shift(_point("quarter", ctx.dct), 1, "quarter") if ctx.dct else base
    else:
        p = base
    return _Raw("DATE", p.render(), p, confidence=0.6, context=p is base)


def _h_yearago(m: re.Match[str], n: str, ctx: _Ctx) -> _Raw | None:
    base = ctx.last_point[0] if ctx.last_point is not None else None
    if base is None or base.gran not in ("quarter", "month", "half", "season"):
        if ctx.dct is None:
            return _Raw("DATE", "XXXX", unresolved=True)
        base = _point("year", ctx.dct)
    p = _shift(base, -1, "year")
    return _Raw("DATE", p.render(), p, confidence=0.6, context=False)


_YEAR_BLOCK_AFTER = re.compile(
    r"\s*(?:[a-z]+s\b|(?:people|men|women|troops|soldiers|units|cars|tons|feet|meters|miles|"
    r"barrels|acres|shares|votes|sq|square|dollars|yuan|euros|pounds|ft|m|km|kg|lb|"
    r"ha|cc|hp|cm|mm|to\s+\d|-\d|/)\b)"
)
_YEAR_OK_BEFORE = re.compile(
    r"(?:\b(?:in|since|of|by|until|till|from|to|before|after|during|through|for|early|late|"
    r"mid|fiscal|year|spring|summer|fall|autumn|winter|and|or|between|circa|c\.|"
    r"the|than|about|around|that|this|[a-z]+,)\s*|[(,])$",
    re.IGNORECASE,
)


def _h_year(m: re.Match[str], n: str, ctx: _Ctx) -> _Raw | None:
    y_s = _g(m, n, "year") or ""
    y = int(y_s)
    pre = re.sub(r"\s+", " ", (_g(m, n, "pre") or "").lower())
    text = ctx.text
    after = text[m.end(f"{n}__year") : m.end(f"{n}__year") + 20]
    before = text[max(0, m.start() - 15) : m.start()]
    if not pre:
        # A bare four-digit number is a year only in year-like company: after a preposition,
        # before punctuation, and not as a count of things ("2000 troops", "1500 miles").
        if _YEAR_BLOCK_AFTER.match(after) and not _YEAR_OK_BEFORE.search(before):
            return None
        if re.match(r"\s*(?:[a-z]+s|troops|people)\b", after) and not re.search(
            r"\b(?:in|since|by|until|of|during)\s*$", before, re.IGNORECASE
        ):
            return None
        if y < 1500 or y > 2100:
            return None
        if before.endswith(("$", "#", "No. ", "no. ", "No.", "Flight ", "flight ")):
            return None
        if re.search(r"\b(?:[Rr]oom|[Pp]age|[Rr]oute|[Ff]light|[Nn]umber|[Nn]o\.)\s*$", before):
            return None
    mod = _mod_of(pre)
    p = _Point("year", date(y, 1, 1))
    suf = (_g(m, n, "suf") or "").lower()
    # "the 1988 quarter", and "the 1988 period" in a story about a quarter's results
    rq = (
        _reporting_quarter(ctx, m)
        if suf == "quarter"
        or (
            suf == "period"
            and ctx.first_quarter is not None
            # "In the first nine months, … in the 1988 period": not the quarter
            and not _OTHER_PERIOD.search(ctx.text, ctx.sent_start(m.start()), m.start())
        )
        else None
    )
    if rq is not None and not mod:
        # "the 1988 quarter" in a results report: the quarter under
        # report, in the year named.
        q = _Point("quarter", date(y, rq.d.month, 1))
        r = _Raw("DATE", q.render(), q, confidence=0.7, context=False)
        if pre.startswith("the"):
            r.trim_start = 0
        return r
    conf = 0.9 if pre else 0.75
    r = _Raw("DATE", p.render(), p, mod=mod, explicit=True, confidence=conf)
    if pre.startswith("the") and not mod and "year" not in pre:
        r.trim_start = 0
    before_word = re.search(r"(\w+)\s*$", before)
    if before_word and before_word.group(1).lower() == "since" and ctx.dct is not None:
        # "since 2014": the interval runs from the start of 2014 up to the DCT.
        r.lo, r.hi = p.bounds()[0], ctx.dct
    return r


_UNIT_PLURAL_ONLY = ("second", "minute", "hour")


_ANCHOR_SENTS = 3


def _anchor_base(
    ctx: _Ctx, m: re.Match[str], unit: str
) -> tuple[_Point | None, str | None, int | None]:
    """The anchor for "two days earlier": last explicit narrative date, else the DCT."""
    if ctx.anchor is not None:
        p, txt, off = ctx.anchor
        # A narrative anchor holds for a few sentences; further on, fall back to the DCT.
        if off < 0 or ctx.sent_bounds(m.start()) - ctx.sent_bounds(off) <= _ANCHOR_SENTS:
            return p, txt, off
    if ctx.dct is not None:
        return _Point("day", ctx.dct), None, None
    return None, None, None


_OTHER_PERIOD = re.compile(
    r"\b(?:(?:six|nine|\d+)[\s-]+months?|(?:first|second)\s+half|(?:fiscal\s+)?year)\b", re.I
)  # a results period other than the quarter


def _h_ago(m: re.Match[str], n: str, ctx: _Ctx) -> _Raw | None:
    unit = _g(m, n, "unit") or ""
    u = _unit_key(unit)
    num_s = _g(m, n, "num") or ""
    direction = re.sub(r"\s+", " ", (_g(m, n, "dir") or "").lower())
    approx = re.sub(r"\s+", " ", (_g(m, n, "approx") or "").lower())
    mod = _MOD_MAP.get(approx) if approx else None
    count = _fnum(num_s)
    if direction in ("after", "before") and re.match(r"\s*[\w$\"'(]", ctx.text[m.end() :]):
        return None  # "a few days after the attack": a duration and a preposition
    deictic = direction in ("ago", "from now", "hence", "back")
    sign = -1 if direction in ("ago", "earlier", "before", "previously", "back") else 1
    gran = _unit_gran(unit)
    if u in _UNIT_PLURAL_ONLY:
        # "three hours later": a time of day we cannot place; keep the duration meaning.
        val = _duration_value(count, unit)
        return _Raw("DURATION", val, mod=mod, confidence=0.6)
    if count is None or not float(count).is_integer():
        if not deictic and count is None:
            # "a few days later" counts from a narrative point, not from now: PAST_REF or
            # FUTURE_REF would misplace it; only the vague span is known.
            return _Raw("DURATION", _duration_value(None, unit), mod=mod, confidence=0.5)
        ref = "PAST_REF" if sign < 0 else "FUTURE_REF"
        return _Raw("DATE", ref, mod=mod, confidence=0.6)
    k = int(count)
    base_txt: str | None = None
    base_off: int | None = None
    if deictic:
        base = _Point("day", ctx.dct) if ctx.dct else None
    else:
        base, base_txt, base_off = _anchor_base(ctx, m, unit)
    if base is None:
        return _Raw("DATE", "XXXX-XX-XX", mod=mod, unresolved=True)
    # Keep the anchor's granularity when it is coarser-compatible ("the third quarter …
    # a year earlier" is the same quarter a year before); otherwise the unit's granularity.
    if u == "year" and base.gran in ("quarter", "half", "season", "month") and not deictic:
        p = _shift(base, sign * k, "year")
    elif (
        u == "year"
        and ctx.last_point is not None
        and ctx.last_point[0].gran == "quarter"
        # not a forecast quarter, nor the one still running at the DCT
        and (ctx.dct is None or ctx.last_point[0].bounds()[1] < ctx.dct)
        and _within(ctx, ctx.last_point[1], m, 2)
    ):
        p = _shift(ctx.last_point[0], sign * k, "year")
    elif (
        # "net was $2.1 million a year earlier" in a story on a quarter's results: that
        # quarter a year before (unless the sentence is about another period: "nine months")
        u == "year"
        and k == 1
        and ctx.first_quarter is not None
        and not _OTHER_PERIOD.search(ctx.text, ctx.sent_start(m.start()), m.start())
    ):
        p = _shift(ctx.first_quarter, sign, "year")
    else:
        if u in ("week", "fortnight") and base.gran == "day" and not deictic:
            # "a week later" after a dated event: keep the day, it is what the event needs.
            gran = "day"
        elif gran in ("day", "week") and base.gran not in ("day", "week"):
            # "two days later" after "in 2015": nothing finer than the anchor can be known.
            gran = base.gran
            k = 0
        step_unit = "week" if u == "fortnight" else u
        p = _shift(_point(gran, base.d), sign * k * (2 if u == "fortnight" else 1), step_unit)
        if u == "night":
            p = _shift(_point("day", base.d), sign * k, "day")
    return _Raw(
        "DATE",
        p.render(),
        p,
        mod=mod,
        anchor=base_txt,
        anchor_start=base_off,
        confidence=0.8,
        explicit=gran == "day",
        context=p.gran != "quarter",  # a comparison quarter is not the topic period
    )


#: Granularities a coarser anchored unit can take its period from.
_FINER_OR_SAME = {
    "quarter": {"quarter", "month", "day"},
    "month": {"month", "day"},
    "year": {"year", "half", "quarter", "season", "month", "day"},
}


def _h_anchored(m: re.Match[str], n: str, ctx: _Ctx) -> _Raw | None:
    if _g(m, n, "time"):
        if not re.search(r"\bat\s+$", ctx.text[max(0, m.start() - 4) : m.start()], re.I):
            return None
        base, txt, off = _anchor_base(ctx, m, "day")
        if base is None or txt is None:
            return _Raw("DATE", "PAST_REF", confidence=0.5)
        return _Raw("DATE", base.render(), base, anchor=txt, anchor_start=off, confidence=0.6)
    rel = re.sub(r"\s+", " ", (_g(m, n, "rel") or "").lower())
    unit = (_g(m, n, "unit") or _g(m, n, "unit2") or _g(m, n, "unit3") or "").lower()
    direction = (_g(m, n, "dir") or "").lower()
    ea = (_g(m, n, "ea") or "").lower()
    part = _PART.get(unit)
    if part:
        unit = "day"
    if unit in ("second", "minute", "hour", "decade", "century"):
        return None
    if rel in ("the next", "the following") or direction == "after":
        off = 1
    elif rel in ("the previous", "the preceding", "the prior") or direction == "before":
        off = -1
    else:
        off = 0
    base, txt, aoff = _anchor_base(ctx, m, unit)
    lp = ctx.last_point
    if (
        unit in ("quarter", "month", "year")
        and lp is not None
        and _FINER_OR_SAME[unit] >= {lp[0].gran}
        and _within(ctx, lp[1], m, 2)
        and (txt is None or lp[1] > (aoff or 0))
    ):
        # "that quarter", "the following year": the last period of that kind told, which
        # may be coarser than a day (the day anchor covers dated events only).
        base, txt, aoff = lp[0], None, lp[1]
    if base is None:
        return _Raw("DATE", "XXXX-XX-XX", unresolved=True)
    gran = _unit_gran(unit)
    if gran == "quarter" and base.gran != "quarter":
        gran = "quarter"
    p = _shift(_point(gran, base.d), off, unit if unit != "weekend" else "week")
    if unit == "weekend":
        p = _Point("weekend", p.d)
    mod = {"earlier": "START", "later": "END"}.get(ea) if ea else None
    if part:
        p = replace(p, part=part)
    return _Raw(
        "TIME" if part else "DATE",
        p.render(),
        p,
        mod=mod,
        anchor=txt,
        anchor_start=aoff,
        confidence=0.7,
        explicit=gran == "day",
    )


def _in_running_text(ctx: _Ctx, m: re.Match[str]) -> bool:
    """Whether the match follows ordinary running text on its line (a title-case headline
    has no lower-case word of four letters or more)."""
    before = ctx.text[max(0, m.start() - 60) : m.start()].rsplit("\n", 1)[-1]
    return re.search(r"(?<![\w'])[a-z]{4,}\b", before) is not None


def _h_dayrel(m: re.Match[str], n: str, ctx: _Ctx) -> _Raw | None:
    w = _g(m, n, "w") or ""
    if w.lower() in _WEEKDAYS and not _capitalized(w):
        return None
    rel = (_g(m, n, "rel") or "").strip().lower()
    if rel:
        p = _deictic_point(ctx, rel, w.lower(), m.start(), m.end())
    else:
        p, _ = _day_ref(ctx, w, m.start(), m.end())
    if p is None:
        return _Raw("DATE", "XXXX-XX-XX", unresolved=True)
    step = 1 if (_g(m, n, "dir") or "").lower() == "after" else -1
    q = _Point("day", p.d + timedelta(days=step))
    return _Raw("DATE", q.render(), q, confidence=0.8, explicit=True)


def _h_anchoredwd(m: re.Match[str], n: str, ctx: _Ctx) -> _Raw | None:
    wd_s = _g(m, n, "wd") or ""
    if not _capitalized(wd_s):
        return None
    wd = _WEEKDAYS[wd_s.lower()]
    rel = re.sub(r"\s+", " ", (_g(m, n, "rel") or "").lower())
    base, txt, off = _anchor_base(ctx, m, "day")
    if base is None:
        return _Raw("DATE", f"XXXX-WXX-{wd + 1}", unresolved=True)
    d = base.d
    if "following" in rel or "next" in rel:
        d = d + timedelta(days=(wd - d.weekday()) % 7 or 7)
    else:
        d = d - timedelta(days=(d.weekday() - wd) % 7 or 7)
    p = _Point("day", d)
    return _Raw("DATE", p.render(), p, anchor=txt, anchor_start=off, explicit=True)


def _deictic_point(ctx: _Ctx, rel: str, unit: str, start: int, end: int) -> _Point | None:
    if ctx.dct is None:
        return None
    dct = ctx.dct
    rel = rel.replace("the ", "")
    off = {"this": 0, "current": 0, "last": -1, "past": -1, "previous": -1, "next": 1}.get(
        rel, 1 if rel in ("coming", "following") else 0
    )
    u = unit.lower()
    if u in _WEEKDAYS:
        wd = _WEEKDAYS[u]
        if rel in ("last", "past", "previous"):
            back = (dct.weekday() - wd) % 7 or 7
            return _Point("day", dct - timedelta(days=back))
        if rel == "next":
            # "next Friday" said on a Thursday is the Friday of next week, not tomorrow.
            monday = dct - timedelta(days=dct.weekday())
            return _Point("day", monday + timedelta(days=7 + wd))
        if rel == "coming":
            fwd = (wd - dct.weekday()) % 7 or 7
            return _Point("day", dct + timedelta(days=fwd))
        p, _ = _day_ref(ctx, u, start, end)
        return p
    if u in _PART:
        day = dct - timedelta(days=1) if rel == "last" else dct
        if rel == "next":
            day = dct + timedelta(days=1)
        return _Point("day", day, part=_PART[u])
    if u in ("spring", "summer", "fall", "autumn", "winter"):
        s = {"spring": "SP", "summer": "SU", "fall": "FA", "autumn": "FA", "winter": "WI"}[u]
        this = _Point("season", date(dct.year, _SEASON_MONTH[s], 1), season=s)
        if (off < 0 and this.d > dct) or (off < 0 and this.bounds()[0] <= dct <= this.bounds()[1]):
            this = _shift(this, -1, "year")
        elif off > 0 and this.bounds()[0] <= dct:
            this = _shift(this, 1, "year")
        return this
    gran = _unit_gran(u)
    if u == "weekend":
        p = _point("weekend", dct)
        if rel == "the" and dct.weekday() < 4 and ctx.tense(start, end) == "past":
            p = _shift(p, -1, "week")
        return _shift(p, off, "week")
    return _shift(_point(gran, dct), off, u)


def _h_deictic(m: re.Match[str], n: str, ctx: _Ctx) -> _Raw | None:
    rel = re.sub(r"\s+", " ", (_g(m, n, "rel") or "").lower())
    unit_s = _g(m, n, "unit") or ""
    unit = unit_s.lower()
    if unit in ("week", "month", "year") and unit_s[0].isupper() and _in_running_text(ctx, m):
        return None  # ABC's "This Week": a title, not this week
    if unit in _WEEKDAYS and not _capitalized(_g(m, n, "unit") or ""):
        return None
    if rel in ("the past", "past") and unit in ("week", "month", "year", "decade"):
        return _Raw("DURATION", _duration_value(1, unit), confidence=0.7)
    if rel in ("following",):
        return None
    if unit in ("fall", "spring") and rel not in ("this", "last", "next", "past", "coming"):
        return None
    p = _deictic_point(ctx, rel, unit, m.start(), m.end())
    typ = "TIME" if unit in _PART else "DATE"
    if p is None:
        return _Raw(typ, "XXXX-XX-XX", unresolved=True)
    return _Raw(typ, p.render(), p, confidence=0.85, explicit=unit in _WEEKDAYS)


def _h_theunit(m: re.Match[str], n: str, ctx: _Ctx) -> _Raw | None:
    unit = (_g(m, n, "unit") or "").lower()
    if re.match(r"\s+(?:ended|ending|that\s+ended)\b", ctx.text[m.end() : m.end() + 20]):
        # "the year ended Sept. 30": a twelve-month span whose end date follows
        return _Raw("DURATION", _duration_value(1, unit), confidence=0.6)
    base: _Point | None = None
    adj = (_g(m, n, "adj") or "").lower()
    if ctx.last_point is not None and _within(ctx, ctx.last_point[1], m, 2):
        lp = ctx.last_point[0]
        if adj in ("full", "current", "whole", "entire") and ctx.dct and lp.d > ctx.dct:
            pass  # "1992 … an increase for the full year": not a forecast year
        elif (
            unit == "year" and lp.gran in ("year", "quarter", "half", "month", "season", "day")
        ) or (unit == "week" and lp.gran in ("day", "week")):
            base = _point(unit, lp.d)
    if base is None and ctx.dct is not None:
        base = _point(unit, ctx.dct)
    if base is None:
        return _Raw("DATE", "XXXX" if unit == "year" else "XXXX-WXX", unresolved=True)
    return _Raw("DATE", base.render(), base, confidence=0.5, context=False)


def _h_weekend(m: re.Match[str], n: str, ctx: _Ctx) -> _Raw | None:
    p = _deictic_point(ctx, "the", "weekend", m.start(), m.end())
    if p is None:
        return _Raw("DATE", "XXXX-WXX-WE", unresolved=True)
    return _Raw("DATE", p.render(), p, confidence=0.7)


def _h_earlythis(m: re.Match[str], n: str, ctx: _Ctx) -> _Raw | None:
    mod = _mod_of(_g(m, n, "mod"))
    rel = re.sub(r"\s+", " ", (_g(m, n, "rel") or "").lower())
    unit = (_g(m, n, "unit") or "").lower()
    p = _deictic_point(ctx, rel, unit, m.start(), m.end())
    if p is None:
        return _Raw("DATE", "XXXX", mod=mod, unresolved=True)
    return _Raw("DATE", p.render(), p, mod=mod, confidence=0.8)


def _h_yearend(m: re.Match[str], n: str, ctx: _Ctx) -> _Raw | None:
    if ctx.dct is None:
        return _Raw("DATE", "XXXX", mod="END", unresolved=True)
    p = _point("year", ctx.dct)
    return _Raw("DATE", p.render(), p, mod="END", confidence=0.6, context=False)


def _h_pastn(m: re.Match[str], n: str, ctx: _Ctx) -> _Raw | None:
    rel = (_g(m, n, "rel") or "").lower()
    unit = _g(m, n, "unit") or ""
    num_s = _g(m, n, "num") or ""
    if num_s.lower() in ("a", "an") and unit.lower().endswith("s"):
        return None
    count = _fnum(num_s)
    approx = re.sub(r"\s+", " ", (_g(m, n, "approx") or "").lower())
    mod = _MOD_MAP.get(approx) if approx else None
    if _g(m, n, "orso"):
        mod = "APPROX"
    val = _duration_value(count, unit)
    r = _Raw("DURATION", val, mod=mod, confidence=0.8)
    # "over the past three years": an interval ending at the DCT (starting there for "next").
    if ctx.dct is not None and count is not None and float(count).is_integer():
        u = _unit_key(unit)
        k = int(count)
        if u in ("day", "week", "month", "quarter", "year", "decade", "century"):
            d0 = _Point("day", ctx.dct)
            if rel in ("past", "last", "previous", "recent", "preceding", "latest"):
                r.lo, r.hi = _shift(d0, -k, u).d, ctx.dct
            elif rel in ("next", "coming", "following", "remaining"):
                r.lo, r.hi = ctx.dct, _shift(d0, k, u).d
    return r


#: "compared with a loss of $3 million last year", "up from last year's $2.3 billion"
_COMPARED = re.compile(
    r"\b(?:compared\s+with|from|versus)\b(?:[^.;]{0,40}[\d$#%][^.;]{0,30})?\s+$", re.I
)


def _h_pastone(m: re.Match[str], n: str, ctx: _Ctx) -> _Raw | None:
    unit = re.sub(r"\s+", " ", (_g(m, n, "unit") or "").lower())
    rel = (_g(m, n, "rel") or "").lower()
    whole = m.group(0).lower()
    if unit in ("twelve months",):
        return _Raw("DURATION", "P12M")
    if unit in ("24 hours", "twenty-four hours"):
        return _Raw("DURATION", "PT24H")
    if not whole.startswith("the"):
        # "last week" without "the" is a deictic date, handled by the deictic rule.
        p = _deictic_point(ctx, rel, unit, m.start(), m.end()) if unit != "fortnight" else None
        if (
            unit == "year"
            and rel == "last"
            and ctx.first_quarter is not None
            and _COMPARED.search(ctx.text, ctx.sent_start(m.start()), m.start())
            and not _OTHER_PERIOD.search(ctx.text, ctx.sent_start(m.start()), m.start())
        ):
            q = _shift(ctx.first_quarter, -1, "year")
            return _Raw("DATE", q.render(), q, confidence=0.6, context=False)
        if unit in ("hour", "day"):
            return None
        if p is None:
            return _Raw("DATE", "XXXX-XX-XX", unresolved=True)
        return _Raw("DATE", p.render(), p, confidence=0.8)
    if unit in ("week", "month", "year"):
        # "the past year", "the last week": TimeBank/AQUAINT annotate the calendar unit before
        # the DCT's (DATE 1997 in a 1998 article), as for "last year".
        p = _deictic_point(ctx, "last", unit, m.start(), m.end())
        if p is not None:
            return _Raw("DATE", p.render(), p, confidence=0.6, context=False)
    if (
        unit == "decade"
        and ctx.dct is not None
        and re.search(r"\bin\s+$", ctx.text[max(0, m.start() - 4) : m.start()], re.IGNORECASE)
    ):
        # "lost to inflation in the last decade": the decade before the DCT's (198 in 1998);
        # "over the past decade" stays a span up to now
        p = _shift(_point("decade", ctx.dct), -1, "decade")
        return _Raw("DATE", p.render(), p, confidence=0.6, context=False)
    r = _Raw("DURATION", _duration_value(1, unit), confidence=0.7)
    if ctx.dct is not None and unit in ("week", "month", "year", "decade", "day"):
        r.lo, r.hi = _shift(_Point("day", ctx.dct), -1, unit).d, ctx.dct
    return r


def _h_season(m: re.Match[str], n: str, ctx: _Ctx) -> _Raw | None:
    s_word = (_g(m, n, "s") or "").lower()
    s = {"spring": "SP", "summer": "SU", "fall": "FA", "autumn": "FA", "winter": "WI"}[s_word]
    year = _year_of(_g(m, n, "year")) or _spoken_year(_g(m, n, "syear"))
    mod = _mod_of(_g(m, n, "mod"))
    before = ctx.text[max(0, m.start() - 12) : m.start()].lower()
    after = ctx.text[m.end() : m.end() + 12].lower()
    if year is None and mod is None:
        # "in the fall", "this summer" (handled elsewhere), but not "the fall of Rome",
        # "a fall in prices", "spring rains".
        if not re.search(r"\b(?:in|during|by|until|since|over|through)\s+(?:the\s+)?$", before):
            return None
        if re.match(r"\s+(?:of|in)\b", after):
            return None
    if year is not None:
        p = _Point("season", date(year, _SEASON_MONTH[s], 1), season=s)
        return _Raw("DATE", p.render(), p, mod=mod, explicit=True, confidence=0.9)

    def make(y: int) -> _Point:
        return _Point("season", date(y, _SEASON_MONTH[s], 1), season=s)

    p2, _ = _resolve_in_year(ctx, m.start(), m.end(), make)
    if p2 is None:
        return _Raw("DATE", f"XXXX-{s}", mod=mod, unresolved=True)
    return _Raw("DATE", p2.render(), p2, mod=mod, confidence=0.75)


def _nth_weekday(year: int, month: int, weekday: int, nth: int) -> date:
    if nth > 0:
        d = date(year, month, 1)
        d += timedelta(days=(weekday - d.weekday()) % 7)
        return d + timedelta(weeks=nth - 1)
    d = _month_end(year, month)
    return d - timedelta(days=(d.weekday() - weekday) % 7)


def _easter(year: int) -> date:
    # Anonymous Gregorian algorithm (Meeus/Jones/Butcher).
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    l_ = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * l_) // 451
    month = (h + l_ - 7 * m + 114) // 31
    day = (h + l_ - 7 * m + 114) % 31 + 1
    return date(year, month, day)


def _holiday_date(name: str, year: int) -> date | None:
    key = re.sub(r"\s+", " ", name.lower())
    if key in _HOLIDAYS:
        mo, dy = _HOLIDAYS[key]
        return date(year, mo, dy)
    if key.startswith("thanksgiving"):
        return _nth_weekday(year, 11, 3, 4)
    if key.startswith("easter"):
        return _easter(year)
    if key == "memorial day":
        return _nth_weekday(year, 5, 0, -1)
    if key == "labor day":
        return _nth_weekday(year, 9, 0, 1)
    if key == "election day":  # (U.S.) the Tuesday after the first Monday of November
        return _nth_weekday(year, 11, 0, 1) + timedelta(days=1)
    return None


def _h_holiday(m: re.Match[str], n: str, ctx: _Ctx) -> _Raw | None:
    h = _g(m, n, "h") or ""
    if not _capitalized(h):
        return None
    year = _year_of(_g(m, n, "year"))
    if year is not None:
        d = _holiday_date(h, year)
        if d is None:
            return None
        return _Raw("DATE", d.isoformat(), _Point("day", d), explicit=True, confidence=0.9)

    def make(y: int) -> _Point | None:
        d = _holiday_date(h, y)
        return _Point("day", d) if d else None

    rel = (_g(m, n, "rel") or "").lower()
    if rel and ctx.dct is not None:
        dct = ctx.dct
        cands = [c for c in (make(dct.year - 1), make(dct.year), make(dct.year + 1)) if c]
        if rel == "last":
            p = max((c for c in cands if c.d < dct), key=lambda c: c.d, default=None)
        elif rel == "next":
            p = min((c for c in cands if c.d > dct), key=lambda c: c.d, default=None)
        else:
            p = make(dct.year)
    else:
        p, _ = _resolve_in_year(ctx, m.start(), m.end(), make)
    if p is None:
        return _Raw("DATE", "XXXX-XX-XX", unresolved=True)
    if _g(m, n, "wk"):
        w = _point("week", p.d)  # "Easter week": the week the holiday falls in
        return _Raw("DATE", w.render(), w, confidence=0.7)
    return _Raw("DATE", p.render(), p, confidence=0.8, explicit=True)


def _h_spokenyear(m: re.Match[str], n: str, ctx: _Ctx) -> _Raw | None:
    c = (_g(m, n, "c") or "").lower()
    whole = m.group(0).lower()
    if c:
        yy_s = re.sub(r"^(?:oh|o)[\s-]", "", (_g(m, n, "yy") or "").lower())
        yy = _num(yy_s.replace("-", " "))
        if yy is None or yy > 99:
            return None
        y = (1900 if c == "nineteen" else 1800) + yy
    else:
        if "year" not in whole and not re.search(
            r"\b(?:in|since|by|until|of)\s+$", ctx.text[max(0, m.start() - 8) : m.start()], re.I
        ):
            return None  # "two thousand troops"
        y2 = _g(m, n, "y2")
        y = 2000 + (_num(y2) or 0 if y2 else 0)
    p = _Point("year", date(y, 1, 1))
    return _Raw("DATE", p.render(), p, explicit=True, confidence=0.8)


def _h_age(m: re.Match[str], n: str, ctx: _Ctx) -> _Raw | None:
    count = _fnum(_g(m, n, "num") or "")
    unit = _g(m, n, "unit") or "year"
    return _Raw("DURATION", _duration_value(count, unit), age=True, confidence=0.9)


def _h_set(m: re.Match[str], n: str, ctx: _Ctx) -> _Raw | None:
    adv = (_g(m, n, "adv") or "").lower()
    if adv in ("quarterly", "annually", "yearly") and re.match(r"\s+[a-z]", ctx.text[m.end() :]):
        return None  # "its quarterly dividend": TimeML leaves these adjectives untagged
    if adv:
        unit = {
            "daily": "day",
            "weekly": "week",
            "monthly": "month",
            "annually": "year",
            "yearly": "year",
            "quarterly": "quarter",
            "hourly": "hour",
            "nightly": "day",
            "biweekly": "fortnight",
            "semiannually": "half",
            "biannually": "half",
        }[adv]
        val = "P6M" if unit == "half" else _duration_value(1, unit)
        if unit == "quarter":
            val = "P3M"
        return _Raw("SET", val, quant="EVERY", confidence=0.8)
    per = (_g(m, n, "per") or "").lower()
    if per:
        unit3 = (_g(m, n, "unit3") or "").lower()
        before = ctx.text[max(0, m.start() - 25) : m.start()]
        # "$5 a day", "10% a year", "twice a week": a rate needs an amount or count before it.
        if per == "a" and not re.search(
            r"(?:\d|%|percent|cents?|dollars?|times|once|twice|hours?|minutes?|miles?|"
            r"barrels|tons|million|billion|thousand|hundred|people)\s*$",
            before,
            re.I,
        ):
            return None
        return _Raw("SET", _duration_value(1, unit3), quant="EACH", confidence=0.7)
    freq_s = (_g(m, n, "freq") or "").lower()
    if freq_s:
        unit2 = _g(m, n, "unit2") or ""
        f = {"once": 1, "twice": 2}.get(freq_s)
        if f is None:
            f = _num(freq_s.split()[0]) or 1
        return _Raw("SET", _duration_value(1, unit2), freq=f"{f}X", confidence=0.8)
    unit = (_g(m, n, "unit") or "").lower()
    num_s = _g(m, n, "num")
    count = _fnum(num_s) if num_s else 1
    if _g(m, n, "other"):
        count = 2
    quant = (_g(m, n, "q") or "").upper()
    if unit.rstrip("s") in _WEEKDAYS:
        return _Raw("SET", "XXXX-WXX-" + str(_WEEKDAYS[unit.rstrip("s")] + 1), quant=quant)
    if unit in _MONTHS:
        mon_s = _g(m, n, "unit") or ""
        if not _capitalized(mon_s):
            return None
        return _Raw("SET", f"XXXX-{_MONTHS[unit]:02d}", quant=quant)  # "each July"
    if unit in _PART:
        return _Raw("SET", "TXX" + _PART[unit] if False else f"T{_PART[unit]}", quant=quant)
    return _Raw("SET", _duration_value(count, unit), quant=quant, confidence=0.8)


_MODAL_BEFORE = re.compile(r"\b(?:will|would|could|might|may|shall|'ll)\s+$", re.IGNORECASE)


def _h_duration(m: re.Match[str], n: str, ctx: _Ctx) -> _Raw | None:
    unit = _g(m, n, "unit") or ""
    num_s = _g(m, n, "num") or ""
    num_l = re.sub(r"\s+", " ", num_s.lower())
    whole = m.group(0)
    plural = unit.lower().endswith("s")
    if num_l in ("a", "an") and plural:
        return None
    if num_l in ("some", "many") and not plural:
        return None
    if num_l in ("an", "a") and unit.lower() in ("day", "week", "month", "year", "hour"):
        # "a day" after an amount is a rate (SET), handled by the set rule; "a year" alone
        # ("for a year") is a duration.
        before = ctx.text[max(0, m.start() - 12) : m.start()]
        if re.search(r"(?:\d|%|percent|cents?|times|once|twice)\s*$", before, re.I):
            return None
    # "the 1990s" and bare years are dates; "1,500 troops" never reaches here (unit needed).
    count = _fnum(num_s)
    count2 = _fnum(_g(m, n, "num2") or "") if _g(m, n, "num2") else None
    if num_s.isdigit() and len(num_s) == 4 and unit.lower().startswith("year") and "-" in whole:
        return None
    if re.fullmatch(r"(?:1[5-9]|20)\d\d", num_s) and not plural:
        return None  # "the 1988 second quarter", "1990 model year"
    if unit[:1].isupper() and num_s[:1].isdigit():
        return None  # "60 Minutes": a title, units are lower case in running text
    if unit.lower().startswith("quarter") and re.match(r"\s+of\b", ctx.text[m.end() :]):
        return None  # "three-quarters of its food": a fraction
    approx = re.sub(r"\s+", " ", (_g(m, n, "approx") or "").lower())
    mod = _MOD_MAP.get(approx) if approx else None
    if (_g(m, n, "orso") or "").lower().startswith("or so"):
        mod = "APPROX"
    if count2 is not None:
        count = None if count is None else count2
    if _g(m, n, "half") and count is not None:
        count += 0.5  # "a minute and a half": PT1M30S
    if (
        num_l == "one"
        and unit.lower() == "day"
        and _MODAL_BEFORE.search(ctx.text, max(0, m.start() - 12), m.start())
    ):
        return _Raw("DATE", "FUTURE_REF", confidence=0.6)  # "Islam will one day be …"
    val = _duration_value(count, unit)
    r = _Raw("DURATION", val, mod=mod, confidence=0.8)
    if re.match(r"the\s", whole, re.I) and re.search(r"\w-" + re.escape(unit) + "$", whole):
        r.trim_start = len(whole) - len(whole[3:].lstrip())  # "the 10-day operation": "10-day"
    return r


def _h_plural(m: re.Match[str], n: str, ctx: _Ctx) -> _Raw | None:
    before = ctx.text[max(0, m.start() - 12) : m.start()].lower()
    after = ctx.text[m.end() : m.end() + 10].lower()
    if not re.search(r"\b(?:for|over|within|in|take|took|takes|taken|last|lasted)\s+$", before):
        return None
    if re.match(r"\s*(?:of|ago|old|to|later|earlier|before|after)\b", after):
        return None
    unit = m.group(0)
    return _Raw("DURATION", _duration_value(None, unit), confidence=0.55)


_REF_VALUES = {
    "right now": "PRESENT_REF",
    "just now": "PRESENT_REF",
    "now": "PRESENT_REF",
    "currently": "PRESENT_REF",
    "at present": "PRESENT_REF",
    "presently": "PRESENT_REF",
    "nowadays": "PRESENT_REF",
    "these days": "PRESENT_REF",
    "this time": "PRESENT_REF",
    "at the moment": "PRESENT_REF",
    "at this point": "PRESENT_REF",
    "this point": "PRESENT_REF",
    "the present": "PRESENT_REF",
    "the moment": "PRESENT_REF",
    "current": "PRESENT_REF",
    "recently": "PAST_REF",
    "then current": "PAST_REF",
    "then-current": "PAST_REF",
    "lately": "PAST_REF",
    "previously": "PAST_REF",
    "formerly": "PAST_REF",
    "recent": "PAST_REF",
    "the past": "PAST_REF",
    "the recent past": "PAST_REF",
    "the distant past": "PAST_REF",
    "the future": "FUTURE_REF",
    "future": "FUTURE_REF",
    "the near future": "FUTURE_REF",
    "the distant future": "FUTURE_REF",
    "the foreseeable future": "FUTURE_REF",
    "the immediate future": "FUTURE_REF",
    "the near term": "FUTURE_REF",
    "the short term": "FUTURE_REF",
    "soon": "FUTURE_REF",
    "shortly": "FUTURE_REF",
}


_NOT_NOUN_AFTER = re.compile(
    r"\s+(?:is|was|are|were|will|would|may|might|could|can|looks?|of|and|or|for|in|on|that|"
    r"to|as|at|with|than|remains?|holds?|seems?)\b|\s*[^\w\s]|\s*$",
    re.IGNORECASE,
)


def _attributive(ctx: _Ctx, m: re.Match[str]) -> bool:
    """Whether the one-word match modifies a following noun ("future earnings")."""
    oracle = ctx.tense
    if isinstance(oracle, _TenseOracle) and oracle.doc is not None:
        rng = oracle.token_range(m.start(), m.end())
        if rng is not None and rng[1] - rng[0] == 1:
            tok = oracle.doc[rng[0]]
            return bool(tok.dep_ == "amod" and tok.head.i > tok.i)
    return _NOT_NOUN_AFTER.match(ctx.text, m.end()) is None


def _h_ref(m: re.Match[str], n: str, ctx: _Ctx) -> _Raw | None:
    w = re.sub(r"\s+", " ", (_g(m, n, "w") or "").lower())
    after = ctx.text[m.end() : m.end() + 20].lower()
    if w in (
        "earlier",
        "once",
        "the moment",
        "this time",
        "meanwhile",
        "in the meantime",
        "the time being",
        "this point",
        "shortly",
        "soon",
        "previously",
        "formerly",
    ):
        return None
    if w.startswith("recent "):
        tail = w.split()[1]
        if tail in ("days", "weeks", "months"):
            # TimeML annotates "recent months" as a vague duration up to now.
            r = _Raw("DURATION", _duration_value(None, tail), confidence=0.7)
            if ctx.dct is not None:
                r.lo, r.hi = _shift(_Point("day", ctx.dct), -3, tail[:-1]).d, ctx.dct
            return r
        return _Raw("DATE", "PAST_REF", confidence=0.7)
    if w == "future" and _attributive(ctx, m):
        return None  # "future payments", "its future flagship": a property of the noun
    if w.startswith("in the coming"):
        r = _Raw("DATE", "FUTURE_REF", confidence=0.7)
        r.trim_start = len("in ")
        return r
    if w.startswith("coming "):
        return _Raw("DATE", "FUTURE_REF", confidence=0.7)  # "in coming months"
    if w in ("current", "recent"):
        # Adjectives: "current" before a time unit is part of another expression; before a
        # noun ("current account", "recent deal") TimeBank still marks PRESENT/PAST_REF, but
        # not in set phrases where it is no time at all.
        if re.match(r"\s*(?:account|affairs|events|event|density|flow|flowing|carrying)\b", after):
            return None
        if re.match(r"\s*-", after):
            return None
    val = _REF_VALUES.get(w)
    if val is None:
        return None
    r = _Raw("DATE", val, confidence=0.75)
    return r


_HANDLERS: dict[str, _Handler] = {
    "stamp": _h_stamp,
    "iso": _h_iso,
    "slash": _h_slash,
    "mdy": _h_mdy,
    "dmy": _h_dmy,
    "weekof": _h_weekof,
    "clock": _h_clock,
    "noon": _h_noon,
    "modmonth": _h_modmonth,
    "monyear": _h_monyear,
    "relmonth": _h_relmonth,
    "decade": _h_decade,
    "century": _h_century,
    "quarter": _h_quarter,
    "relquarter": _h_relquarter,
    "yearago": _h_yearago,
    "year": _h_year,
    "ago": _h_ago,
    "dayrel": _h_dayrel,
    "anchored": _h_anchored,
    "earlythis": _h_earlythis,
    "yearend": _h_yearend,
    "weekend": _h_weekend,
    "anchoredwd": _h_anchoredwd,
    "theunit": _h_theunit,
    "pastn": _h_pastn,
    "pastone": _h_pastone,
    "deictic": _h_deictic,
    "dayword": _h_dayword,
    "season": _h_season,
    "holiday": _h_holiday,
    "age": _h_age,
    "spokenyear": _h_spokenyear,
    "set": _h_set,
    "duration": _h_duration,
    "plural": _h_plural,
    "ref": _h_ref,
}

# A bare month name ("in March", "January sales") has no pattern of its own in the master
# regex: it is matched here, after the longer forms failed, because it is the most ambiguous.
_BARE_MONTH = re.compile(
    rf"(?<![\w$.-])(?:(?P<mod>{_MOD_WORD})[\s-]+)?(?P<mon>{_MON})(?![\w-])", re.IGNORECASE
)


def _h_bare_month(m: re.Match[str], ctx: _Ctx) -> _Raw | None:
    mon_s = m.group("mon")
    mon = _month_of(mon_s, strict=True)
    if mon is None:
        return None
    key = mon_s.lower().rstrip(".")
    if len(key) <= 4 and key not in ("may", "june", "july") and not mon_s.endswith("."):
        return None  # "Jan Kavan": an abbreviation standing alone needs its period
    before = ctx.text[max(0, m.start() - 12) : m.start()]
    # "May", "March" are also a modal, a verb, a name: only after a preposition-like word.
    if (
        key in ("may", "march", "mar", "jan", "dec", "sep", "sept")
        and not m.group("mod")
        and not re.search(
            r"\b(?:in|since|until|till|by|from|to|of|through|before|after|"
            r"during|last|next|this|early|late|mid|and|or|between)\s+$",
            before,
            re.I,
        )
    ):
        return None
    r = _month_point(ctx, m, mon, None)
    r.mod = _mod_of(m.group("mod"))
    return r


# --------------------------------------------------------------------------------------------
# Tense from the parse
# --------------------------------------------------------------------------------------------

_FUTURE_AUX = {"will", "'ll", "shall", "wo", "would", "'d", "gon", "going"}
_FUTURE_HEADS = {
    "plan",
    "expect",
    "schedule",
    "intend",
    "hope",
    "aim",
    "prepare",
    "due",
    "set",
    "likely",
    "want",
    "agree",
    "propose",
    "vow",
    "promise",
    "threaten",
    "seek",
    "decide",
    "going",
}


#: Verbs whose time complement lies ahead even when they are in the past tense.
_SCHEDULE_VERBS = {"plan", "schedule", "expect", "intend", "due", "postpone", "delay"}


def _inflections(bases: set[str]) -> dict[str, str]:
    forms: dict[str, str] = {}
    for b in bases:
        stem = b[:-1] if b.endswith("e") else b
        dbl = b + b[-1] if re.fullmatch(r"[^aeiou]*[aeiou][bdgmnprt]", b) else b
        for f in (
            b,
            b + "s",
            b + "es",
            stem + "ed",
            stem + "ing",
            dbl + "ed",
            dbl + "ing",
            b[:-1] + "ied" if b.endswith("y") else b,
            b + "d",
        ):
            forms[f] = b
    return forms


_BASE_FORMS = _inflections(_FUTURE_HEADS | _SCHEDULE_VERBS)


def _base(tok: Any) -> str:
    """Lemma of a token, also when the parse ran without the lemmatizer (the eval does)."""
    return str(tok.lemma_) or _BASE_FORMS.get(tok.lower_, tok.lower_)


def _pluperfect(tok: Any) -> bool:
    """A past perfect clause ("had been due to", "had planned"), also above an adjective."""
    for t in (tok, tok.head):
        if any(c.dep_ in ("aux", "auxpass") and c.lower_ == "had" for c in t.children):
            return bool(t.i == tok.i or tok.dep_ in ("acomp", "xcomp"))
    return False


class _TenseOracle:
    """Tense of the verb governing a character span, from a spaCy parse (cached)."""

    def __init__(self, doc: Doc | None, text: str) -> None:
        self.doc = doc
        self.text = text
        self._tok: list[int] | None = None  # token start offsets, built on first use
        self._sents: list[int] | None = None
        self._cache: dict[tuple[int, int], str | None] = {}

    def _load(self) -> None:
        # Vectorised export of token offsets and sentence starts: iterating Token objects
        # in Python would cost more than the whole normalization.
        doc = self.doc
        if doc is None or len(doc) == 0:
            self._tok, self._sents = [], [0]
            return
        from spacy.attrs import IDX, SENT_START

        arr = doc.to_array([IDX, SENT_START])
        self._tok = arr[:, 0].tolist()
        if doc.has_annotation("SENT_START"):
            starts = [
                int(i) for i, ss in zip(self._tok, arr[:, 1].tolist(), strict=True) if ss == 1
            ]
            self._sents = starts if starts and starts[0] == self._tok[0] else [0, *starts]
        else:
            self._sents = [0]

    @property
    def _tok_starts(self) -> list[int]:
        if self._tok is None:
            self._load()
        assert self._tok is not None
        return self._tok

    @property
    def _sent_starts(self) -> list[int]:
        if self._sents is None:
            self._load()
        assert self._sents is not None
        return self._sents

    def token_range(self, start: int, end: int) -> tuple[int, int] | None:
        if self.doc is None or not self._tok_starts:
            return None
        i = max(0, bisect.bisect_right(self._tok_starts, start) - 1)
        j = max(i + 1, bisect.bisect_left(self._tok_starts, end))
        return i, min(j, len(self.doc))

    def sent_index(self, offset: int) -> int:
        return max(0, bisect.bisect_right(self._sent_starts, offset) - 1)

    def sent_start(self, offset: int) -> int:
        return self._sent_starts[self.sent_index(offset)]

    def head_of(self, start: int, end: int) -> int | None:
        rng = self.token_range(start, end)
        if rng is None or self.doc is None:
            return None
        i, j = rng
        for k in range(i, j):
            h = self.doc[k].head.i
            if not i <= h < j or h == k:
                return k
        return i

    def governor(self, start: int, end: int) -> int | None:
        """The verb the expression attaches to (climbing through prepositions and nouns)."""
        h = self.head_of(start, end)
        if h is None or self.doc is None:
            return None
        tok = self.doc[h]
        for _ in range(8):
            if tok.pos_ in ("VERB", "AUX") and tok.i != h:
                return tok.i
            if tok.head.i == tok.i:
                return tok.i if tok.pos_ in ("VERB", "AUX") else None
            tok = tok.head
        return None

    def __call__(self, start: int, end: int) -> str | None:
        key = (start, end)
        if key in self._cache:
            return self._cache[key]
        t = self._tense(start, end)
        self._cache[key] = t
        return t

    def _tense(self, start: int, end: int) -> str | None:
        if self.doc is None:
            return self._tense_text(start)
        g = self.governor(start, end)
        if g is None:
            return self._tense_text(start)
        return self._verb_tense(g, depth=0)

    def _verb_tense(self, i: int, depth: int) -> str | None:
        assert self.doc is not None
        v = self.doc[i]
        if v.pos_ not in ("VERB", "AUX"):
            # "would be ready to leave Tuesday": the copula above the adjective has the tense.
            if depth < 4 and v.head.i != v.i:
                return self._verb_tense(v.head.i, depth + 1)
            return None
        auxes = [c for c in v.children if c.dep_ in ("aux", "auxpass")]
        low = {a.lower_ for a in auxes}
        if low & {"will", "'ll", "shall", "wo", "would", "'d"}:
            return "future"
        if _base(v) in _SCHEDULE_VERBS:
            # "planned a rally on Saturday", "scheduled for Monday"; but a past perfect
            # ("had been scheduled to expire Friday") tells of a plan overtaken: past.
            return "past" if _pluperfect(v) else "future"
        if any(a.lower_ == "going" for a in auxes) or v.lower_ in ("going",):
            return "future"
        if v.tag_ == "VBD" or any(a.tag_ == "VBD" for a in auxes):
            return "past"
        if low & {"has", "have", "had", "'ve"}:
            return "past"
        if v.tag_ == "VBN" and not auxes:
            return "past"  # "the decision, announced Wednesday, …": a reduced relative
        if (
            v.tag_ in ("VB", "VBG", "VBN")
            and v.dep_ in ("xcomp", "ccomp", "advcl", "conj", "relcl", "pcomp")
            and depth < 3
        ):
            head = v.head
            if v.tag_ == "VB" and _base(head) in _FUTURE_HEADS:
                return "past" if _pluperfect(head) else "future"
            if head.i != v.i and head.pos_ in ("VERB", "AUX", "ADJ"):
                if v.tag_ == "VB" and any(c.lower_ == "to" for c in v.children):
                    ht = self._verb_tense(head.i, depth + 1)
                    return "future" if ht in ("present", "future") else ht
                return self._verb_tense(head.i, depth + 1)
        if v.tag_ == "VBG" and low & {"is", "are", "am", "'s", "'re"}:
            return "future"  # "is meeting on Monday"
        if v.tag_ in ("VBZ", "VBP") or low & {"is", "are", "am", "can", "may", "must"}:
            return "present"
        if v.tag_ == "VB" and low & {"may", "might", "could", "should", "must", "can"}:
            return "future"
        return None

    _FUT_RX = re.compile(r"\b(?:will|'ll|shall|going to|is to|are to|would)\b", re.I)
    _PAST_RX = re.compile(r"\b(?:was|were|had|did|said|\w+ed)\b", re.I)

    def _tense_text(self, offset: int) -> str | None:
        # No parse (or no verb found): look at the words of the sentence around the span.
        lo = max(0, offset - 80)
        window = self.text[lo : offset + 40]
        if self._FUT_RX.search(window):
            return "future"
        if self._PAST_RX.search(window):
            return "past"
        return None


# --------------------------------------------------------------------------------------------
# The engine
# --------------------------------------------------------------------------------------------

_TRAIL = re.compile(r"[\s,.;:]+$")
_OUTSIDE_LEAD = re.compile(
    r"(?:about|only|just\s+over|just\s+under|just|barely|over|almost|roughly|approximately|"
    r"right)\s+",
    re.IGNORECASE,
)
_THE_SINGLE = re.compile(r"the\s+(\S+-\S+|\d{3}0'?s|'\d0s)", re.IGNORECASE)


def _scan(text: str) -> list[tuple[int, int, str, re.Match[str]]]:
    """Raw candidate matches of all patterns, leftmost-first (a debugging aid)."""
    out: list[tuple[int, int, str, re.Match[str]]] = []
    for m in _alternation(_NAMES).finditer(text):
        name = _which(m)
        out.append((m.start(), m.end(), name, m))
    return out


def _which(m: re.Match[str]) -> str:
    name = m.lastgroup
    if name is not None and "__" not in name:
        return name
    for name in _NAMES:
        try:
            if m.group(name) is not None:
                return name
        except IndexError:
            continue
    raise AssertionError("match without an alternative")


def _search(text: str, pos: int, last: int, endpos: int) -> re.Match[str] | None:
    """Leftmost match starting in ``text[pos:last]`` and ending by ``endpos``: try, at each
    word start, only the patterns that can begin with its first character."""
    starts = _START_WORDS
    for w in _WORD_START.finditer(text, pos, last):
        word = w.group()
        if word[0].isalpha() and word.lower() not in starts:
            continue
        names = _DISPATCH.get(word[0].lower())
        if names is None:
            continue
        m = _group(names).match(text, w.start(), endpos)
        if m is not None:
            return m
    return None


#: Each alternative alone (same group names), to retry at a position where the first
#: alternative that matched was vetoed by its handler ("a week" is no rate: try duration).
_SINGLE: dict[str, re.Pattern[str]] = {}


def _single(name: str) -> re.Pattern[str]:
    pat = _SINGLE.get(name)
    if pat is None:  # compiled on first use: retries are rare
        pat = _SINGLE[name] = _alternation([name])
    return pat


def _first_chars(items: Any) -> tuple[set[str] | None, bool]:
    """Lower-cased characters a parsed regex can start with (None: any) and its nullability.

    Used to dispatch on the first character of a word to the few patterns that can start
    with it, instead of trying all of them at every word (the normalizer's hot loop).
    """
    sc: Any = importlib.import_module("re._constants")  # sre internals: no public API

    first: set[str] = set()
    for op, av in items:
        if op is sc.AT or op in (sc.ASSERT, sc.ASSERT_NOT):
            continue  # zero-width
        if op is sc.LITERAL:
            return first | {chr(av).lower()}, False
        if op is sc.IN:
            chars: set[str] = set()
            for iop, iav in av:
                if iop is sc.LITERAL:
                    chars.add(chr(iav).lower())
                elif iop is sc.RANGE:
                    chars.update(chr(c).lower() for c in range(iav[0], iav[1] + 1))
                elif iop is sc.CATEGORY and iav is sc.CATEGORY_DIGIT:
                    chars.update("0123456789")
                elif iop is sc.CATEGORY and iav is sc.CATEGORY_SPACE:
                    chars.update(" \t\n\r\f\v")
                else:
                    return None, False
            return first | chars, False
        if op is sc.BRANCH:
            nullable = False
            for alt in av[1]:
                f, n = _first_chars(alt)
                if f is None:
                    return None, False
                first |= f
                nullable = nullable or n
            if not nullable:
                return first, False
            continue
        if op is sc.SUBPATTERN:
            f, n = _first_chars(av[3])
            if f is None:
                return None, False
            first |= f
            if not n:
                return first, False
            continue
        if op in (sc.MAX_REPEAT, sc.MIN_REPEAT, sc.POSSESSIVE_REPEAT):
            f, n = _first_chars(av[2])
            if f is None:
                return None, False
            first |= f
            if av[0] > 0 and not n:
                return first, False
            continue
        if op is sc.ATOMIC_GROUP:
            f, n = _first_chars(av)
            if f is None:
                return None, False
            first |= f
            if not n:
                return first, False
            continue
        return None, False
    return first, True


def _dispatch() -> dict[str, tuple[str, ...]]:
    sp: Any = importlib.import_module("re._parser")

    firsts: dict[str, set[str] | None] = {}
    for name, rx in _PATTERNS:
        f, nullable = _first_chars(sp.parse(rx, re.IGNORECASE))
        firsts[name] = None if nullable else f
    keys: set[str] = set()
    for f in firsts.values():
        keys |= f or set()
    table: dict[str, tuple[str, ...]] = {}
    for ch in sorted(keys):
        table[ch] = tuple(n for n, _ in _PATTERNS if firsts[n] is None or ch in (firsts[n] or ()))
    return table


#: First character (lower case) → names of the patterns that can start with it.
_DISPATCH = _dispatch()
_GROUPS: dict[tuple[str, ...], re.Pattern[str]] = {}


def precompile() -> None:
    """Compile every pattern group now rather than on first use (workers, timing tests)."""
    for names in set(_DISPATCH.values()):
        _group(names)
    for name in _NAMES:
        _single(name)


def _group(names: tuple[str, ...]) -> re.Pattern[str]:
    pat = _GROUPS.get(names)
    if pat is None:  # compiled on first use, so importing the module stays cheap
        pat = _GROUPS[names] = _alternation(names)
    return pat


_WORD_START = re.compile(r"(?<![\w$£€#@/.-])(?:[A-Za-z]+|[\d'_])")

#: Every word spelled in any pattern: an expression can only start with one of these (or a
#: digit/apostrophe), so other words ("said", "company") are skipped without a regex call.
_START_WORDS = frozenset(
    w for _, rx in _PATTERNS for w in re.findall(r"[a-z]+", rx.lower()) if len(w) > 1
) | frozenset({"a", "q"})


def normalize_timexes(
    text: str,
    dct: date | None,
    doc: Doc | None = None,
    *,
    anchor_reset: Sequence[int] = (),
    initial_anchor: tuple[date, str, int] | None = None,
) -> list[Timex]:
    """Recognize and normalize the time expressions of ``text`` (no parsing done here).

    ``doc`` is an optional spaCy parse of exactly ``text``; it supplies the tense of the verb
    governing each expression and token/sentence indices. ``anchor_reset`` lists offsets where
    the narrative anchor is forgotten (e.g. segment starts: a caption's date must not anchor
    the body's "two days earlier"). ``initial_anchor`` (day, its text, its offset relative to
    ``text``, possibly negative) seeds the narrative anchor from an earlier segment.
    """
    oracle = _TenseOracle(doc, text)
    ctx = _Ctx(
        text=text,
        dct=dct,
        tense=oracle,
        sent_bounds=oracle.sent_index,
        sent_start=oracle.sent_start,
    )
    if initial_anchor is not None:
        ctx.anchor = (_Point("day", initial_anchor[0]), initial_anchor[1], initial_anchor[2])
    resets = sorted(anchor_reset)
    results: list[Timex | None] = []
    ri = 0
    pos = 0
    for r_start, r_last, r_end in _regions(text):
        pos = max(pos, r_start)
        ri = _scan_region(text, pos, r_last, r_end, ctx, oracle, results, resets, ri)
    return [t for t in results if t is not None]


def _scan_region(
    text: str,
    pos: int,
    r_last: int,
    r_end: int,
    ctx: _Ctx,
    oracle: _TenseOracle,
    results: list[Timex | None],
    resets: list[int],
    ri: int,
) -> int:
    """Match, veto/retry and normalize left to right within ``text[pos:r_end]``.

    Expressions start before ``r_last`` (the end of the region's last core word): every
    expression contains a core word, so no match can start after it.
    """
    bare = list(_BARE_MONTH.finditer(text, pos, r_end))
    bi = 0
    while pos < r_last:
        m0 = _search(text, pos, r_last, r_end)
        # Bare month names come last in priority: only where no pattern starts before them.
        while bi < len(bare) and bare[bi].start() < pos:
            bi += 1
        if bi < len(bare) and (m0 is None or bare[bi].end() <= m0.start()):
            bm = bare[bi]
            bi += 1
            res = _apply(bm, "_bare_month", ctx)
            if res is not None:
                results.append(_finish_and_track(res, bm.start(), bm.end(), text, ctx, oracle))
            continue
        if m0 is None:
            break
        start = m0.start()
        while ri < len(resets) and resets[ri] <= start:
            ctx.anchor = None
            ctx.last_point = None
            ctx.first_quarter = None
            ri += 1
        name = _which(m0)
        m: re.Match[str] | None = m0
        if name not in _NAMES_SET:  # pragma: no cover - defensive
            raise AssertionError(name)
        raw = _apply(m0, name, ctx)
        if raw is None:
            m = None
            for other in _NAMES[_NAMES.index(name) + 1 :]:
                mm = _single(other).match(text, start)
                if mm is None:
                    continue
                raw = _apply(mm, other, ctx)
                if raw is not None:
                    m = mm
                    break
        if raw is None or m is None:
            pos = start + 1
            continue
        pos = m.end()
        end = m.end()
        results.append(_finish_and_track(raw, start, end, text, ctx, oracle))
    return ri


_WORD = re.compile(r"[A-Za-z]+|\d+")
_SPACE = re.compile(r"\s")

#: Every time expression contains one of these words (or a digit). Scanning the text for them
#: first and running the big pattern only around them is what makes the normalizer fast.
_CORE = frozenset(
    list(_MONTHS)
    + list(_WEEKDAYS)
    + [u + "s" for u in _UNITS]
    + list(_UNITS)
    + list(_DECADE_WORDS)
    + [
        "morning",
        "mornings",
        "afternoon",
        "afternoons",
        "evening",
        "evenings",
        "night",
        "nights",
        "overnight",
        "tonight",
        "noon",
        "midday",
        "midnight",
        "spring",
        "summer",
        "fall",
        "autumn",
        "winter",
        "today",
        "yesterday",
        "tomorrow",
        "now",
        "currently",
        "present",
        "presently",
        "nowadays",
        "recently",
        "recent",
        "lately",
        "current",
        "future",
        "past",
        "soon",
        "shortly",
        "previously",
        "formerly",
        "moment",
        "time",
        "times",
        "daily",
        "weekly",
        "monthly",
        "annually",
        "yearly",
        "quarterly",
        "hourly",
        "nightly",
        "biweekly",
        "semiannually",
        "biannually",
        "christmas",
        "thanksgiving",
        "easter",
        "halloween",
        "new",
        "independence",
        "valentine",
        "boxing",
        "veterans",
        "memorial",
        "labor",
        "centuries",
        "millennia",
        "days",
        "nineteen",
        "eighteen",
        "thousand",
        "twenties",
        "term",
    ]
)

#: How far before / after a core word an expression may reach ("more than four decades ago").
_REACH_BEFORE = 32
_REACH_AFTER = 40


def _regions(text: str) -> list[tuple[int, int, int]]:
    """Merged windows around the core words: (start, end of last core word, end)."""
    regions: list[list[int]] = []
    core = _CORE
    for w in _WORD.finditer(text):
        word = w.group()
        if not (word[0].isdigit() or word.lower() in core):
            continue
        if word in ("may", "march", "times", "new", "second"):
            continue  # lowercase modal/verb/noun uses: a month needs a capital, the rest a unit
        a = max(0, w.start() - _REACH_BEFORE)
        b = w.end() + _REACH_AFTER
        if regions and a <= regions[-1][2]:
            regions[-1][1] = w.end()
            regions[-1][2] = b
        else:
            regions.append([a, w.end(), b])
    out: list[tuple[int, int, int]] = []
    n = len(text)
    for a, last, b in regions:
        # End on whitespace: a pattern must never see a word cut in two as the text's end.
        sp = _SPACE.search(text, min(b, n))
        out.append((a, last, sp.start() if sp else n))
    return out


def _apply(m: re.Match[str], name: str, ctx: _Ctx) -> _Raw | None:
    try:
        raw = _h_bare_month(m, ctx) if name == "_bare_month" else _HANDLERS[name](m, name, ctx)
    except (ValueError, OverflowError):  # dates out of range in odd inputs: not a timex
        return None
    if raw is not None:
        raw.rule = name.lstrip("_")
    return raw


def _finish_and_track(
    raw: _Raw, start: int, end: int, text: str, ctx: _Ctx, oracle: _TenseOracle
) -> Timex | None:
    """Trim the extent, build the :class:`Timex` and update the narrative context."""
    s = start + raw.trim_start
    e = end - raw.trim_end
    # TimeML extents (as annotated in TimeBank/AQUAINT): hedges such as "about", "only",
    # "almost" and the preposition "over" stay outside (the mod keeps their meaning); so do
    # a possessive "'s" and "the" before a single hyphenated or plural-year token
    # ("the third-quarter", "the 1960s").
    lead = _OUTSIDE_LEAD.match(text, s, e)
    if lead and lead.end() < e:
        s = lead.end()
    if text.endswith(("'s", "’s"), s, e) and e - s > 2:
        e -= 2
    the = _THE_SINGLE.fullmatch(text, s, e)
    if the:
        s = the.start(1)
    tail = _TRAIL.search(text, s, e)
    if tail and not text[s:e].endswith((".m.", "a.m", "p.m")):
        seg = text[s:e]
        stripped = seg.rstrip(" ,;:")
        if stripped.endswith(".") and not re.search(
            r"\b(?:jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec|a\.m|p\.m)\.$", stripped, re.I
        ):
            stripped = stripped[:-1]
        e = s + len(stripped)
    if e <= s:
        return None
    t = _finish(raw, s, e, text, ctx, oracle)
    p = raw.point
    if (
        raw.report
        and p is not None
        and ctx.first_quarter is None
        # a results report is about a quarter that ended within the year before the DCT
        and (ctx.dct is None or 0 < (ctx.dct - p.bounds()[1]).days <= 366)
    ):
        ctx.first_quarter = p
    if p is not None and raw.type in ("DATE", "TIME") and not raw.age and raw.context:
        ctx.last_point = (p, s)
        if raw.explicit:
            ctx.anchor = (replace(p, clock=None, part=None), text[s:e], s)
    return t


def _finish(raw: _Raw, s: int, e: int, text: str, ctx: _Ctx, oracle: _TenseOracle) -> Timex:
    lo, hi = raw.lo, raw.hi
    precision = "vague"
    if raw.point is not None:
        blo, bhi = raw.point.bounds()
        blo, bhi = _mod_bounds(blo, bhi, raw.mod)
        if lo is None:
            lo, hi = blo, bhi
        precision = raw.point.precision()
    elif raw.value in ("PRESENT_REF",) and ctx.dct is not None and lo is None:
        lo = hi = ctx.dct
    elif raw.value == "PAST_REF" and ctx.dct is not None and lo is None:
        hi = ctx.dct
    elif raw.value == "FUTURE_REF" and ctx.dct is not None and lo is None:
        lo = ctx.dct
    unresolved = raw.unresolved or (
        raw.type in ("DATE", "TIME") and raw.point is None and "X" in raw.value
    )
    rng = oracle.token_range(s, e)
    head = oracle.head_of(s, e) if rng else None
    gov = oracle.governor(s, e) if rng else None
    tense = oracle(s, e) if raw.type in ("DATE", "TIME") and rng else None
    return Timex(
        start=s,
        end=e,
        text=text[s:e],
        type=raw.type,
        value=raw.value,
        mod=raw.mod,
        earliest=lo,
        latest=hi,
        precision=precision,
        anchor=raw.anchor,
        anchor_start=raw.anchor_start,
        unresolved=unresolved,
        age=raw.age,
        quant=raw.quant,
        freq=raw.freq,
        confidence=raw.confidence,
        rule=raw.rule,
        sent=oracle.sent_index(s) if oracle.doc is not None else None,
        token_start=rng[0] if rng else None,
        token_end=rng[1] if rng else None,
        head=head,
        governor=gov,
        tense=tense,
    )


def find_timexes(text: str, dct: date | None, doc: Doc | None = None) -> list[Timex]:
    """Time expressions of ``text`` with TIMEX3 values resolved against ``dct``.

    ``doc`` is a spaCy parse of ``text``; when None, ``text`` is parsed with
    :func:`eventwire.nlp.load_nlp`. With ``dct=None`` relative expressions stay unresolved
    (``XXXX-XX-XX``-style values, ``unresolved=True``).
    """
    if doc is None and text.strip():
        from eventwire.nlp import load_nlp

        doc = load_nlp()(text)
    return normalize_timexes(text, dct, doc)


# --------------------------------------------------------------------------------------------
# Dateline DCT
# --------------------------------------------------------------------------------------------

_DATELINE = re.compile(
    rf"^\s*(?:[A-Z][A-Za-z .'-]{{1,40}}(?:\([^)]{{1,30}}\))?,\s+)?(?:(?:{_WD}),?\s+)?"
    rf"(?:(?P<mon>{_MON})\s+(?P<day>{_DAYN}),?\s+(?P<year>{_YEAR})|"
    rf"(?P<day2>{_DAYN})\s+(?P<mon2>{_MON}),?\s+(?P<year2>{_YEAR})|"
    r"(?P<iy>(?:19|20)\d\d)-(?P<im>[01]\d)-(?P<id>[0-3]\d))",
    re.IGNORECASE,
)


def dct_from_dateline(text: str) -> date | None:
    """The publication date from a dateline at the head of an article, if there is one.

    Accepts "Friday, July 21, 2017", "WASHINGTON, March 3, 2018 —", "BEIJING, 3 March 2018
    (Xinhua) --", "2018-03-03" on the first non-empty lines (the first 300 characters).
    """
    head = text.lstrip()[:300]
    for line in head.splitlines()[:3]:
        m = _DATELINE.match(line)
        if not m:
            continue
        if m.group("iy"):
            return _safe_date(int(m.group("iy")), int(m.group("im")), int(m.group("id")))
        mon_s = m.group("mon") or m.group("mon2") or ""
        mon = _MONTHS.get(mon_s.lower().rstrip("."))
        day_s = re.sub(r"\D", "", m.group("day") or m.group("day2") or "")
        year_s = m.group("year") or m.group("year2")
        if mon and day_s and year_s:
            return _safe_date(int(year_s), mon, int(day_s))
    return None


# --------------------------------------------------------------------------------------------
# The pipeline stage
# --------------------------------------------------------------------------------------------

#: Segments whose dates start a narrative of their own: a caption's or subtitle's date must
#: not anchor "two days earlier" in the body.
_OWN_NARRATIVE = (SegmentKind.CAPTION, SegmentKind.SUBTITLE, SegmentKind.DATELINE)


class TimexStage:
    """TIMEX3 time expressions of every parsed segment (``mentions.time``).

    Appends one ``Mention`` per expression (``label`` = TIMEX3 type, ``normalized`` = value,
    ``attributes`` = mod, earliest, latest, precision, anchor, unresolved, type, and ``age``
    for "78-year-old") and sets ``ctx.extras["timexes"]`` to one dict per expression::

        {"timex": Timex,          # article offsets; token_start/token_end/head/governor/sent
                                  # index into ctx.parsed[segment_index].doc
         "segment_index": int,    # position in ctx.parsed
         "segment": SegmentKind}

    The DCT is ``ctx.article.published``; without it relative expressions stay unresolved.
    Relative expressions in the body anchor to the last explicit day told in the body (across
    paragraphs); captions, subtitles and datelines keep their own anchors.
    """

    name = "timex"
    requires: tuple[str, ...] = ("parsed",)
    assigns: tuple[str, ...] = ("mentions.time",)

    def __init__(self) -> None:
        precompile()

    def __call__(self, ctx: AnalysisContext) -> None:
        dct = ctx.article.published
        found: list[dict[str, Any]] = []
        body_anchor: tuple[_Point, str, int] | None = None
        for idx, ps in enumerate(ctx.parsed):
            text = ps.doc.text
            own = ps.segment.kind in _OWN_NARRATIVE
            seed = None
            if body_anchor is not None and not own:
                # Anchor offsets are relative to the segment (negative: an earlier segment).
                seed = (body_anchor[0], body_anchor[1], body_anchor[2] - ps.offset)
            timexes = _normalize_with_anchor(text, dct, ps.doc, seed)
            for t in timexes:
                start = ps.offset + t.start
                end = ps.offset + t.end
                ctx.mentions.append(
                    Mention(
                        article_id=ctx.article.id,
                        kind=MentionKind.TIME,
                        label=t.type,
                        start=start,
                        end=end,
                        text=t.text,
                        segment=ps.segment.kind,
                        stage=self.name,
                        confidence=t.confidence,
                        normalized=t.value,
                        attributes={**t.attributes(), "type": t.type},
                    )
                )
                found.append(
                    {
                        "timex": replace(
                            t,
                            start=start,
                            end=end,
                            anchor_start=(
                                ps.offset + t.anchor_start if t.anchor_start is not None else None
                            ),
                        ),
                        "segment_index": idx,
                        "segment": ps.segment.kind,
                    }
                )
                if not own and t.type in ("DATE", "TIME") and _is_anchor(t):
                    body_anchor = _anchor_from(t, start)
        ctx.extras["timexes"] = found


def _is_anchor(t: Timex) -> bool:
    return (
        t.earliest is not None
        and t.latest is not None
        and not t.age
        and t.precision in ("day",)
        and not t.unresolved
    )


def _anchor_from(t: Timex, article_start: int) -> tuple[_Point, str, int] | None:
    if t.earliest is None:
        return None
    return _Point("day", t.earliest), t.text, article_start


def _normalize_with_anchor(
    text: str, dct: date | None, doc: Doc, anchor: tuple[_Point, str, int] | None
) -> list[Timex]:
    """Normalize one segment, carrying the narrative anchor over from earlier body segments."""
    seed = None if anchor is None else (anchor[0].d, anchor[1], anchor[2])
    return normalize_timexes(text, dct, doc, initial_anchor=seed)
