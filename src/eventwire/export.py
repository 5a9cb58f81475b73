"""Exports, generated from the stored tables (whose schemas come from the model).

* ``jsonl``: one event per line, sources nested, article metadata joined;
* ``geojson``: a FeatureCollection, one Point feature per located event place;
* ``csv`` / ``parquet``: a folder with one file per table (DuckDB ``COPY``; nested fields are
  structs in Parquet and JSON-ish text in CSV).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from eventwire.errors import ConfigError, StoreError
from eventwire.queries import event_records
from eventwire.schema import TABLES
from eventwire.store import Store

__all__ = ["EXPORT_FORMATS", "export_db"]

EXPORT_FORMATS = ("jsonl", "csv", "parquet", "geojson")
_EXPORTED_TABLES = ("articles", "mentions", "events", "event_sources", "event_clusters",
                    "failures")


def export_db(store: Store, out: Path, fmt: str) -> dict[str, int]:
    """Write the export; returns {path: rows written}."""
    if fmt not in EXPORT_FORMATS:
        raise ConfigError(f"unknown export format {fmt!r}; use one of {', '.join(EXPORT_FORMATS)}")
    try:
        if fmt in ("csv", "parquet"):
            return _tables(store, out, fmt)
        records = event_records(store)
        out.parent.mkdir(parents=True, exist_ok=True)
        if fmt == "jsonl":
            with out.open("w", encoding="utf-8") as fh:
                for r in records:
                    fh.write(json.dumps(r, default=str, ensure_ascii=False) + "\n")
            return {str(out): len(records)}
        features = _features(records)
        out.write_text(
            json.dumps({"type": "FeatureCollection", "features": features}, default=str,
                       ensure_ascii=False),
            encoding="utf-8",
        )
        return {str(out): len(features)}
    except OSError as exc:
        raise StoreError(f"cannot write {out}: {exc}") from exc


def _tables(store: Store, out: Path, fmt: str) -> dict[str, int]:
    out.mkdir(parents=True, exist_ok=True)
    written = {}
    for table in _EXPORTED_TABLES:
        assert table in TABLES
        path = out / f"{table}.{fmt}"
        opts = "(FORMAT parquet)" if fmt == "parquet" else "(FORMAT csv, HEADER)"
        store.con.execute(f"COPY \"{table}\" TO '{_sql_str(path)}' {opts}")
        row = store.con.execute(f'SELECT count(*) FROM "{table}"').fetchone()
        written[str(path)] = int(row[0]) if row else 0
    return written


def _sql_str(path: Path) -> str:
    return str(path).replace("'", "''")


def _features(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    features = []
    for r in records:
        for place in r.get("places") or []:
            if place.get("lat") is None or place.get("lon") is None:
                continue
            props = {k: v for k, v in r.items() if k != "places"}
            props["place"] = place
            features.append({
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [place["lon"], place["lat"]]},
                "properties": props,
            })
    return features
