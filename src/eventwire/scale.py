"""Scale-out on Dask: the same stage functions over a bag of articles, written as Parquet.

    eventwire scale corpus/ --out parquet/ [--scheduler tcp://host:8786] [--partitions 64]

The driver reads the inputs and lays out the articles (cheap), then Dask maps
:func:`eventwire.runner.process_article` — the very function the local runner uses — over
partitions of articles on whatever cluster the scheduler address names (a ``LocalCluster`` of
processes when none is given). Each partition writes one Parquet file per table
(``articles/part-00007.parquet``, ``mentions/…``, ``events/…``, ``event_sources/…``), with the
schemas generated from the data model, so the folder reads as a dataset in DuckDB, pandas or
Spark (``SELECT * FROM 'parquet/events/*.parquet'``). A failing article becomes a row of
``failures/``; the rest of its partition is written.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq

from eventwire.errors import ConfigError, EventwireError, InputError
from eventwire.ingest import InputOverrides, build_article, publisher_of, repeated_fingerprints
from eventwire.model import Article, ArticleResult, Failure, article_id_for
from eventwire.readers import DEFAULT_MAX_BYTES, iter_inputs
from eventwire.schema import TABLES, result_rows, rows_to_arrow

__all__ = ["ScaleSummary", "prepare_articles", "run_on_dask", "write_partition"]

PARQUET_TABLES = ("articles", "mentions", "events", "event_sources", "failures")


@dataclass
class ScaleSummary:
    """What a Dask run wrote."""

    articles: int
    failed_inputs: int
    partitions: int
    out: str
    rows: dict[str, int]


def prepare_articles(
    paths: Iterable[str], *, max_bytes: int = DEFAULT_MAX_BYTES,
    overrides: InputOverrides | None = None,
) -> tuple[list[Article], list[Failure]]:
    """Read and lay out every input on the driver (structure needs the whole batch to learn
    what each publisher repeats)."""
    overrides = overrides or InputOverrides()
    records, failures = [], []
    now = datetime.now(UTC).replace(tzinfo=None)
    for item in iter_inputs(paths, max_bytes=max_bytes):
        if isinstance(item, InputError):
            failures.append(Failure(source_ref=item.source_ref or "?", stage="read",
                                    error_class=type(item).__name__, message=item.message,
                                    created_at=now))
        else:
            records.append(item)
    texts = [(article_id_for(r.text), publisher_of(r, overrides), r.text)
             for r in records if r.text is not None]
    repeated = repeated_fingerprints(texts)
    articles, seen = [], set()
    for rec in records:
        try:
            art = build_article(rec, overrides=overrides,
                                repeated=repeated.get(publisher_of(rec, overrides) or "", ()))
        except EventwireError as exc:
            failures.append(Failure(source_ref=rec.source_ref, stage="structure",
                                    error_class=type(exc).__name__, message=exc.message,
                                    created_at=now))
            continue
        if art.id not in seen:
            seen.add(art.id)
            articles.append(art)
    return articles, failures


def _rows(results: list[ArticleResult], failures: list[Failure]) -> dict[str, list[dict[str, Any]]]:
    rows = result_rows(results, run_id="dask", ingested_at=datetime.now(UTC).replace(tzinfo=None))
    rows["failures"] = [{**f.model_dump(), "run_id": "dask"} for f in failures]
    return rows


def write_partition(articles: list[Article], out: str, index: int) -> dict[str, int]:
    """Analyse one partition and write its Parquet files; returns rows per table. Runs on a
    Dask worker: the pipeline and the spaCy model load once per worker process."""
    from eventwire.runner import process_article

    results: list[ArticleResult] = []
    failures: list[Failure] = []
    for art in articles:
        try:
            results.append(process_article(art))
        except Exception as exc:  # a failing article is recorded, the partition goes on
            failures.append(Failure(source_ref=art.source_ref, stage="pipeline",
                                    error_class=type(exc).__name__, message=str(exc),
                                    created_at=datetime.now(UTC).replace(tzinfo=None)))
    written = {}
    for table, rows in _rows(results, failures).items():
        folder = Path(out) / table
        folder.mkdir(parents=True, exist_ok=True)
        pq.write_table(rows_to_arrow(TABLES[table], rows), folder / f"part-{index:05d}.parquet")
        written[table] = len(rows)
    return written


def run_on_dask(
    paths: Iterable[str],
    out: Path,
    *,
    scheduler: str | None = None,
    partitions: int | None = None,
    overrides: InputOverrides | None = None,
    local_workers: int = 2,
) -> ScaleSummary:
    """Analyse ``paths`` on a Dask cluster (``scheduler`` address, ``"synchronous"`` for a
    single-threaded run, or a new local cluster) and write Parquet under ``out``."""
    try:
        import dask
        from dask.delayed import delayed
    except ImportError as exc:  # pragma: no cover - dask is in the pinned lock
        raise ConfigError("Dask is not installed: pip install 'eventwire[scale]'") from exc
    articles, failures = prepare_articles(paths, overrides=overrides)
    n = partitions or max(1, min(len(articles), 4 * local_workers))
    chunks = [articles[i::n] for i in range(n)]
    chunks = [c for c in chunks if c]
    out.mkdir(parents=True, exist_ok=True)
    tasks = [delayed(write_partition)(chunk, str(out), i) for i, chunk in enumerate(chunks)]
    if scheduler == "synchronous":
        with dask.config.set(scheduler="synchronous"):
            counts = list(dask.base.compute(*tasks))
    else:
        from distributed import Client, LocalCluster

        if scheduler:
            with Client(scheduler) as client:
                counts = list(client.gather(client.compute(tasks)))
        else:
            with LocalCluster(n_workers=local_workers, threads_per_worker=1,
                              host="127.0.0.1", dashboard_address=None) as cluster, \
                    Client(cluster) as client:
                counts = list(client.gather(client.compute(tasks)))
    if failures:
        folder = out / "failures"
        folder.mkdir(parents=True, exist_ok=True)
        pq.write_table(rows_to_arrow(TABLES["failures"],
                                     _rows([], failures)["failures"]),
                       folder / "part-read.parquet")
    rows = {t: sum(c.get(t, 0) for c in counts) for t in PARQUET_TABLES}
    rows["failures"] += len(failures)
    return ScaleSummary(articles=len(articles), failed_inputs=len(failures),
                        partitions=len(chunks), out=str(out), rows=rows)
