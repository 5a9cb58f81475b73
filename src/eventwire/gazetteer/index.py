"""The compact gazetteer index: numpy arrays over one data file, searched by sorted keys.

The data file (``eventwire/data/gazetteer/gazetteer.npz``, built by
``scripts/build_gazetteer.py``) holds one row per place: GeoNames populated places
(cities500), countries, admin-1 and admin-2 areas, continents, airfields (OurAirports),
Natural Earth rivers, lakes, seas and physical regions, and curated bases and regions.

Names are found through two sorted arrays of fixed-width ASCII keys (see
:mod:`eventwire.gazetteer.normalize`) with a parallel array of row numbers: an *exact* index
(every name and alternate name) and a *variant* index (article-less, space-less, collapsed
spellings). A lookup is two binary searches (``numpy.searchsorted``), so nothing has to be
hashed into a Python dict at load time: a cold load is a decompression and a few splits.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from functools import cached_property, lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray
from unidecode import unidecode

from eventwire.errors import ResourceError
from eventwire.gazetteer.normalize import KEY_VERSION, MAX_KEY_BYTES, name_key, variant_key

__all__ = [
    "FEATURE_CLASSES",
    "Gazetteer",
    "Match",
    "Place",
    "default_path",
    "haversine_km",
    "load_gazetteer",
]

#: Feature classes of the stored ``uint8`` codes, in order (the build script has the same list).
FEATURE_CLASSES = (
    "country",
    "admin1",
    "admin2",
    "city",
    "village",
    "facility",
    "river",
    "region",
    "water",
)

EARTH_RADIUS_KM = 6371.0088

#: Places kept built (a few MB); the cache is emptied when it reaches this size.
_PLACE_CACHE_MAX = 50_000

#: Row flags: the country's capital; a place news often names (curated rows, large airports).
FLAG_CAPITAL = 1
FLAG_NOTABLE = 2

# Generic words around a name, tried off when the name as written has no match:
# "Oaxaca State", "Suffolk City", "City of Mosul", "Mississippi River" (no river row).
GENERIC_TAIL = re.compile(
    r"\s+(?:city|town|township|village|county|state|province|governorate|district|region|"
    r"parish|municipality|river|valley|area|metro|metropolitan area)$"
)
GENERIC_HEAD = re.compile(r"^(?:the|city of|town of|village of|state of|province of|county of)\s+")


@dataclass(frozen=True, slots=True)
class Place:
    """One gazetteer entry.

    ``id`` is the GeoNames id as a string where the place has one, else a stable prefixed id:
    ``oa:<ident>`` (OurAirports), ``ne:<class>:<slug>`` (Natural Earth), ``cur:<slug>``
    (curated), ``iso:<code>`` (an ISO 3166 area without a GeoNames id). ``row`` is the entry's
    row in the index (stable within one data file only). ``admin1_code``/``admin2_code`` are
    GeoNames admin codes (``IQ.13``, ``IQ.13.94786``); ``population`` is GeoNames' for places,
    the sum of the places inside for admin areas, a notional ranking weight for curated
    regions and landmarks, 0 for airfields and physical features. ``capital``: the country's
    capital; ``notable``: a curated place or a large airport.
    """

    id: str
    name: str
    ascii_name: str
    feature_class: str
    lat: float
    lon: float
    population: int
    country: str | None
    admin1_code: str | None
    admin1_name: str | None
    admin2_code: str | None
    admin2_name: str | None
    geonames_id: int | None
    row: int
    capital: bool = False
    notable: bool = False


@dataclass(frozen=True, slots=True)
class Match:
    """A candidate for a name, and how the name matched it.

    ``kind`` is ``"exact"`` (the normalised name is one of the place's names), ``"demonym"``
    (the name is an adjective or people's name of the place: "Iraqi", "British"),
    ``"variant"`` (it matches only a loose spelling: article, spacing, doubled letters),
    ``"generic"`` (it matched once a generic word was taken off: "Oaxaca State") or
    ``"fuzzy"`` (an edit-distance match, ``score`` 0–100).
    """

    place: Place
    kind: str
    score: float = 100.0


def default_path() -> Path:
    """Where the packaged data file lives."""
    return Path(str(resources.files("eventwire") / "data" / "gazetteer" / "gazetteer.npz"))


def haversine_km(lat1: Any, lon1: Any, lat2: Any, lon2: Any) -> Any:
    """Great-circle distance in km (scalars or numpy arrays)."""
    p1, p2 = np.radians(lat1), np.radians(lat2)
    dphi = p2 - p1
    dlmb = np.radians(lon2) - np.radians(lon1)
    a = np.sin(dphi / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dlmb / 2) ** 2
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0)))


def _split(blob: NDArray[np.uint8]) -> list[str]:
    return blob.tobytes().decode("utf-8").split("\x1f")


def _as_key(key: str) -> bytes:
    return key.encode("ascii", "ignore")[:MAX_KEY_BYTES]


class Gazetteer:
    """The loaded gazetteer: look names up, fetch places by id, search around a point."""

    def __init__(self, path: Path | None = None) -> None:
        path = path or default_path()
        if not path.exists():
            raise ResourceError(
                f"gazetteer data file missing: {path} (run scripts/build_gazetteer.py)"
            )
        try:
            with np.load(path) as data:
                arrays = {name: data[name] for name in data.files}
        except (OSError, ValueError, KeyError) as exc:
            raise ResourceError(f"gazetteer data file unreadable: {path}: {exc}") from exc
        meta = json.loads(arrays["meta"].tobytes().decode())
        if meta.get("key_version") != KEY_VERSION:
            raise ResourceError(
                f"gazetteer built with key version {meta.get('key_version')}, "
                f"this code needs {KEY_VERSION}: rebuild it"
            )
        self.path = path
        self.meta: dict[str, Any] = meta
        self._countries: list[str] = ["", *meta["countries"]]
        self.gid: NDArray[np.int64] = arrays["gid"]
        self.cls: NDArray[np.uint8] = arrays["cls"]
        self.lat: NDArray[np.float32] = arrays["lat"]
        self.lon: NDArray[np.float32] = arrays["lon"]
        self.pop: NDArray[np.uint32] = arrays["pop"]
        self.country_idx: NDArray[np.uint16] = arrays["country"]
        self.admin1: NDArray[np.int32] = arrays["admin1"]
        self.admin2: NDArray[np.int32] = arrays["admin2"]
        self.names: list[str] = _split(arrays["names"])
        self._xids: list[str] = _split(arrays["xids"])
        self._codes: list[str] = _split(arrays["codes"])
        self._full_keys: NDArray[np.bytes_] = arrays["full_keys"]
        self._full_post: NDArray[np.int32] = arrays["full_post"]
        self._var_keys: NDArray[np.bytes_] = arrays["var_keys"]
        self._var_post: NDArray[np.int32] = arrays["var_post"]
        self._dem_keys: NDArray[np.bytes_] = arrays["dem_keys"]
        self._dem_post: NDArray[np.int32] = arrays["dem_post"]
        self.flags: NDArray[np.uint8] = arrays["flags"]
        self._places: dict[int, Place] = {}

    def __len__(self) -> int:
        return len(self.names)

    # ------------------------------------------------------------------------ entries

    def country_of(self, row: int) -> str | None:
        """ISO 3166-1 alpha-2 code of a row's country ("" / None when it has none)."""
        return self._countries[int(self.country_idx[row])] or None

    def place(self, row: int) -> Place:
        """The :class:`Place` of one row (built once, then cached: places are immutable)."""
        cached = self._places.get(row)
        if cached is not None:
            return cached
        if len(self._places) >= _PLACE_CACHE_MAX:
            self._places.clear()
        place = self._make_place(row)
        self._places[row] = place
        return place

    def _make_place(self, row: int) -> Place:
        gid = int(self.gid[row])
        name = self.names[row]
        a1 = int(self.admin1[row])
        a2 = int(self.admin2[row])
        cls = FEATURE_CLASSES[int(self.cls[row])]
        if cls == "admin1":
            a1 = row
        elif cls == "admin2" and a2 < 0:
            a2 = row
        return Place(
            id=str(gid) if gid > 0 else self._xids[row],
            name=name,
            ascii_name=unidecode(name),
            feature_class=cls,
            lat=round(float(self.lat[row]), 5),
            lon=round(float(self.lon[row]), 5),
            population=int(self.pop[row]),
            country=self.country_of(row),
            admin1_code=(self._codes[a1] or None) if a1 >= 0 else None,
            admin1_name=self.names[a1] if a1 >= 0 else None,
            admin2_code=(self._codes[a2] or None) if a2 >= 0 else None,
            admin2_name=self.names[a2] if a2 >= 0 else None,
            geonames_id=gid if gid > 0 else None,
            row=row,
            capital=bool(int(self.flags[row]) & FLAG_CAPITAL),
            notable=bool(int(self.flags[row]) & FLAG_NOTABLE),
        )

    @cached_property
    def _gid_order(self) -> NDArray[np.intp]:
        return np.argsort(self.gid, kind="stable")

    @cached_property
    def _xid_rows(self) -> dict[str, int]:
        return {x: i for i, x in enumerate(self._xids) if x}

    @cached_property
    def _capital_rows(self) -> dict[str, int]:
        rows: dict[str, int] = {}
        for row in np.flatnonzero(self.flags & FLAG_CAPITAL):
            r = int(row)
            country = self.country_of(r)
            if country is None or FEATURE_CLASSES[int(self.cls[r])] != "city":
                continue
            if country not in rows or self.pop[r] > self.pop[rows[country]]:
                rows[country] = r
        return rows

    @cached_property
    def _area_rows(self) -> dict[str, int]:
        rows: dict[str, int] = {}
        for cls_name, code_of in (("country", self.country_of),
                                  ("admin1", lambda r: self._codes[r] or None),
                                  ("admin2", lambda r: self._codes[r] or None)):
            cls = FEATURE_CLASSES.index(cls_name)
            for row in np.flatnonzero(self.cls == cls):
                code = code_of(int(row))
                if code and (code not in rows or self.pop[row] > self.pop[rows[code]]):
                    rows[code] = int(row)
        return rows

    def area(self, code: str) -> Place | None:
        """The country (ISO 3166-1 alpha-2), admin-1 or admin-2 area (GeoNames code: ``US.OH``,
        ``US.MO.165``)."""
        row = self._area_rows.get(code)
        return self.place(row) if row is not None else None

    def capital_of(self, country: str) -> Place | None:
        """The capital city of a country (ISO 3166-1 alpha-2), if the gazetteer marks one."""
        row = self._capital_rows.get(country.upper())
        return self.place(row) if row is not None else None

    def country_named(self, name: str) -> str | None:
        """The country a name or adjective denotes ("Iraq", "Iraqi", "U.S."), if any."""
        for m in self.lookup(name, limit=10):
            if m.kind in ("exact", "demonym") and m.place.feature_class == "country":
                return m.place.country
        return None

    def get(self, place_id: str | int) -> Place | None:
        """A place by id: a GeoNames id (int or digits) or a prefixed id (``oa:ORKK``)."""
        text = str(place_id)
        if text.isdigit():
            gid = int(text)
            order = self._gid_order
            pos = int(np.searchsorted(self.gid, gid, sorter=order))
            if pos < len(order) and int(self.gid[order[pos]]) == gid:
                return self.place(int(order[pos]))
            return None
        row = self._xid_rows.get(text)
        return self.place(row) if row is not None else None

    # ------------------------------------------------------------------------ lookups

    @staticmethod
    def _rows(keys: NDArray[np.bytes_], post: NDArray[np.int32], key: str) -> list[int]:
        k = _as_key(key)
        if not k:
            return []
        lo = int(np.searchsorted(keys, k, side="left"))
        hi = int(np.searchsorted(keys, k, side="right"))
        return [int(r) for r in post[lo:hi]]

    def _order(self, rows: list[int]) -> list[int]:
        # Most populous first; among equals (airfields, rivers: population 0) by class order.
        return sorted(set(rows), key=lambda r: (-int(self.pop[r]), int(self.cls[r]), r))

    def lookup(self, name: str, *, limit: int = 50, fuzzy: bool = False) -> list[Match]:
        """Candidates for ``name`` with how each matched: exact keys, then loose variants.

        With ``fuzzy=True`` and no exact or variant match, keys starting with the same letter
        are compared by edit distance (rapidfuzz ``ratio`` ≥ 90, names of 6+ letters).
        """
        key = name_key(name)
        if not key:
            return []
        exact = self._order(self._rows(self._full_keys, self._full_post, key))
        out = [Match(self.place(r), "exact") for r in exact[:limit]]
        for r in self._order(self._rows(self._dem_keys, self._dem_post, key)):
            if r not in exact and len(out) < limit:
                out.append(Match(self.place(r), "demonym", 90.0))
                exact.append(r)
        if len(out) < limit:
            seen = set(exact)
            loose: list[int] = []
            vkey = variant_key(key)
            # Very short loose keys ("us" from "U.S.") match too much to be worth it.
            keys = [k for k in dict.fromkeys((vkey, key)) if len(k) >= 4]
            for k in keys:
                loose += self._rows(self._var_keys, self._var_post, k)
            # A variant key may equal another name's exact key ("salvador" for "El Salvador").
            if vkey != key and len(vkey) >= 4:
                loose += self._rows(self._full_keys, self._full_post, vkey)
            for r in self._order([r for r in loose if r not in seen]):
                out.append(Match(self.place(r), "variant", 95.0))
                if len(out) >= limit:
                    break
        if not out:
            bare = GENERIC_HEAD.sub("", GENERIC_TAIL.sub("", key))
            if bare != key and bare:
                out = [Match(m.place, "generic", 90.0) for m in self.lookup(bare, limit=limit)]
        # Edit distance on short names finds other real names ("Irish" ~ "Irsch"), not typos.
        if not out and fuzzy and len(key) >= 6:
            out = self._fuzzy(key, limit)
        return out

    def has_key(self, key: str) -> bool:
        """Whether a normalised key (:func:`name_key`) is some place's exact name."""
        k = _as_key(key)
        pos = int(np.searchsorted(self._full_keys, k, side="left"))
        return bool(k) and pos < len(self._full_keys) and self._full_keys[pos] == k

    def candidates(self, name: str, *, limit: int = 50, fuzzy: bool = False) -> list[Place]:
        """Places a name may refer to: exact normalised-key matches first (most populous
        first), then transliteration variants; fuzzy matches only if asked and nothing else."""
        return [m.place for m in self.lookup(name, limit=limit, fuzzy=fuzzy)]

    def _fuzzy(self, key: str, limit: int) -> list[Match]:
        from rapidfuzz import fuzz, process

        first = key[:1].encode()
        lo = int(np.searchsorted(self._full_keys, first, side="left"))
        hi = int(np.searchsorted(self._full_keys, bytes([first[0] + 1]), side="left"))
        keys = [k.decode() for k in self._full_keys[lo:hi]]
        hits = process.extract(key, keys, scorer=fuzz.ratio, score_cutoff=90, limit=limit * 4)
        out: list[Match] = []
        seen: set[int] = set()
        for _, score, pos in sorted(hits, key=lambda h: -h[1]):
            row = int(self._full_post[lo + pos])
            if row not in seen:
                seen.add(row)
                out.append(Match(self.place(row), "fuzzy", float(score)))
        out.sort(key=lambda m: (-m.score, -m.place.population))
        return out[:limit]

    @cached_property
    def area_keys(self) -> frozenset[str]:
        """Exact keys of countries and admin-1 areas: the names a text scan looks for to learn
        an article's country and region focus cheaply. Demonyms are left out: in running text
        "Russian" says who, not where (measured: they lower LGL and WikToR accuracy)."""
        codes = [FEATURE_CLASSES.index("country"), FEATURE_CLASSES.index("admin1")]
        rows = np.isin(self.cls[self._full_post], codes)
        # Two-letter codes ("la", "in", "me") are words in running text.
        return frozenset(k.decode() for k in self._full_keys[rows] if len(k) > 2)

    @cached_property
    def sorted_area_keys(self) -> tuple[str, ...]:
        """:attr:`area_keys` in sorted order (for fuzzy search whose ties must not depend on
        set order)."""
        return tuple(sorted(self.area_keys))

    def keys_of(self, row: int) -> list[str]:
        """Every exact key a row is indexed under (slow: for debugging and tests)."""
        pos = np.nonzero(self._full_post == row)[0]
        return sorted(k.decode() for k in self._full_keys[pos])

    def within(
        self,
        lat: float,
        lon: float,
        km: float,
        *,
        classes: tuple[str, ...] | None = None,
        limit: int = 100,
    ) -> list[tuple[Place, float]]:
        """Places within ``km`` of a point, nearest first, with their distances."""
        # A cheap box first so the trigonometry runs on a few rows, not on all of them.
        dlat = km / 111.0
        dlon = km / max(1e-6, 111.0 * math.cos(math.radians(min(89.0, abs(lat)))))
        box = (np.abs(self.lat - lat) <= dlat) & (
            np.abs(((self.lon - lon + 180) % 360) - 180) <= dlon
        )
        if classes is not None:
            codes = [FEATURE_CLASSES.index(c) for c in classes]
            box &= np.isin(self.cls, codes)
        rows = np.nonzero(box)[0]
        dist = haversine_km(
            lat, lon, self.lat[rows].astype(np.float64), self.lon[rows].astype(np.float64)
        )
        keep = dist <= km
        rows, dist = rows[keep], dist[keep]
        order = np.argsort(dist)[:limit]
        return [(self.place(int(rows[i])), float(dist[i])) for i in order]


@lru_cache(maxsize=1)
def load_gazetteer(path: str | None = None) -> Gazetteer:
    """The gazetteer, loaded once per process on first use (thread- and fork-safe to share:
    it is read-only after loading)."""
    return Gazetteer(Path(path) if path else None)
