"""Table schemas generated from the data model.

Each stored table is a model class (plus, for some, a few housekeeping columns); its DuckDB
DDL and its Arrow schema (used for inserts and Parquet exports) are both derived here from the
pydantic field annotations, so the model stays the single source of truth:

==============  =======================  ==========================================
python type     DuckDB                   Arrow
==============  =======================  ==========================================
str / StrEnum   VARCHAR                  string
int             BIGINT                   int64
float           DOUBLE                   float64
bool            BOOLEAN                  bool
date            DATE                     date32
datetime        TIMESTAMP                timestamp[us]
list[X]         X[]                      list<X>
model           STRUCT(field type, …)    struct<…>
dict[str, Any]  JSON (text)              string (JSON)
==============  =======================  ==========================================
"""

from __future__ import annotations

import json
import types
import typing
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import Enum
from typing import Any

import pyarrow as pa
from pydantic import BaseModel

from eventwire.model import (
    Article,
    ArticleResult,
    Event,
    EventCluster,
    Failure,
    Mention,
    Run,
    Source,
)

__all__ = ["TABLES", "Column", "TableSpec", "arrow_schema", "ddl", "result_rows", "rows_to_arrow"]


@dataclass(frozen=True)
class Column:
    name: str
    annotation: Any


@dataclass(frozen=True)
class TableSpec:
    """A stored table: a model's fields minus ``exclude``, after ``prefix`` columns."""

    name: str
    model: type[BaseModel]
    key: tuple[str, ...] = ()
    prefix: tuple[Column, ...] = ()
    suffix: tuple[Column, ...] = ()
    exclude: frozenset[str] = field(default_factory=frozenset)

    @property
    def columns(self) -> list[Column]:
        own = [
            Column(name, f.annotation)
            for name, f in self.model.model_fields.items()
            if name not in self.exclude
        ]
        return [*self.prefix, *own, *self.suffix]

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]


TABLES: dict[str, TableSpec] = {
    spec.name: spec
    for spec in (
        TableSpec(
            "articles",
            Article,
            key=("id",),
            suffix=(Column("run_id", str), Column("ingested_at", datetime)),
        ),
        TableSpec("mentions", Mention),
        TableSpec("events", Event, key=("id",), exclude=frozenset({"sources"})),
        TableSpec(
            "event_sources",
            Source,
            prefix=(Column("event_id", str), Column("article_id", str), Column("position", int)),
        ),
        TableSpec("failures", Failure, suffix=(Column("run_id", str),)),
        TableSpec("runs", Run, key=("run_id",)),
        # cross-document event clusters (eventwire dedup): derived from the events, recomputed
        TableSpec("event_clusters", EventCluster, key=("event_id",)),
    )
}


def _unwrap_optional(annotation: Any) -> tuple[Any, bool]:
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        if len(args) == 1:
            return args[0], True
    return annotation, False


def _is_model(tp: Any) -> bool:
    return isinstance(tp, type) and issubclass(tp, BaseModel)


def _is_json(tp: Any) -> bool:
    return tp is dict or typing.get_origin(tp) is dict or tp is Any


def duck_type(annotation: Any) -> str:
    """The DuckDB type of a model annotation."""
    tp, _ = _unwrap_optional(annotation)
    if _is_model(tp):
        inner = ", ".join(
            f'"{n}" {duck_type(f.annotation)}' for n, f in tp.model_fields.items()
        )
        return f"STRUCT({inner})"
    if typing.get_origin(tp) is list:
        (item,) = typing.get_args(tp)
        return f"{duck_type(item)}[]"
    if _is_json(tp):
        return "JSON"
    if isinstance(tp, type):
        if issubclass(tp, bool):
            return "BOOLEAN"
        if issubclass(tp, Enum) or issubclass(tp, str):
            return "VARCHAR"
        if issubclass(tp, int):
            return "BIGINT"
        if issubclass(tp, float):
            return "DOUBLE"
        if issubclass(tp, datetime):
            return "TIMESTAMP"
        if issubclass(tp, date):
            return "DATE"
    raise TypeError(f"no DuckDB type for {annotation!r}")


def arrow_type(annotation: Any) -> pa.DataType:
    """The Arrow type of a model annotation."""
    tp, _ = _unwrap_optional(annotation)
    if _is_model(tp):
        return pa.struct(
            [pa.field(n, arrow_type(f.annotation)) for n, f in tp.model_fields.items()]
        )
    if typing.get_origin(tp) is list:
        (item,) = typing.get_args(tp)
        return pa.list_(arrow_type(item))
    if _is_json(tp):
        return pa.string()
    if isinstance(tp, type):
        if issubclass(tp, bool):
            return pa.bool_()
        if issubclass(tp, Enum) or issubclass(tp, str):
            return pa.string()
        if issubclass(tp, int):
            return pa.int64()
        if issubclass(tp, float):
            return pa.float64()
        if issubclass(tp, datetime):
            return pa.timestamp("us")
        if issubclass(tp, date):
            return pa.date32()
    raise TypeError(f"no Arrow type for {annotation!r}")


def ddl(spec: TableSpec) -> str:
    """``CREATE TABLE IF NOT EXISTS`` for one table."""
    cols = [f'"{c.name}" {duck_type(c.annotation)}' for c in spec.columns]
    if spec.key:
        cols.append("PRIMARY KEY (" + ", ".join(f'"{k}"' for k in spec.key) + ")")
    return f'CREATE TABLE IF NOT EXISTS "{spec.name}" (\n  ' + ",\n  ".join(cols) + "\n)"


def arrow_schema(spec: TableSpec) -> pa.Schema:
    return pa.schema([pa.field(c.name, arrow_type(c.annotation)) for c in spec.columns])


def _plain(value: Any, annotation: Any) -> Any:
    """A dumped model value made Arrow-ready: enums → str, dicts → JSON text."""
    if value is None:
        return None
    tp, _ = _unwrap_optional(annotation)
    if _is_model(tp):
        return {n: _plain(value.get(n), f.annotation) for n, f in tp.model_fields.items()}
    if typing.get_origin(tp) is list:
        (item,) = typing.get_args(tp)
        return [_plain(v, item) for v in value]
    if _is_json(tp):
        return json.dumps(value, ensure_ascii=False, default=str, sort_keys=True)
    if isinstance(value, Enum):
        return value.value
    return value


def result_rows(
    results: list[ArticleResult], *, run_id: str, ingested_at: datetime
) -> dict[str, list[dict[str, Any]]]:
    """The rows of ``articles``, ``mentions``, ``events`` and ``event_sources`` for analysed
    articles (what the store inserts and the Dask runner writes as Parquet)."""
    return {
        "articles": [{**r.article.model_dump(), "run_id": run_id, "ingested_at": ingested_at}
                     for r in results],
        "mentions": [m.model_dump() for r in results for m in r.mentions],
        "events": [e.model_dump(exclude={"sources"}) for r in results for e in r.events],
        "event_sources": [
            {**s.model_dump(), "event_id": e.id, "article_id": r.article.id, "position": i}
            for r in results
            for e in r.events
            for i, s in enumerate(e.sources)
        ],
    }


def rows_to_arrow(spec: TableSpec, rows: list[dict[str, Any]]) -> pa.Table:
    """Arrow table of ``rows`` (``model_dump()`` dicts plus extra columns) for ``spec``."""
    cols = spec.columns
    data = {c.name: [_plain(r.get(c.name), c.annotation) for r in rows] for c in cols}
    return pa.table(data, schema=arrow_schema(spec))
