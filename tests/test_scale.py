"""Dask scale-out: the same stage functions, Parquet per table, failures recorded."""

from __future__ import annotations

from pathlib import Path

import duckdb

from eventwire.scale import run_on_dask
from tests.conftest import SEED_TXT

ARTICLE = ("Flooding displaces thousands\n\nHeavy rains have displaced more than 20,000 people "
           "in northern Nigeria since Friday, the emergency agency said on Monday.\n")


def test_scale_synchronous_writes_parquet_per_table(tmp_path: Path) -> None:
    corpus = tmp_path / "in"
    corpus.mkdir()
    (corpus / "a.txt").write_text(ARTICLE)
    (corpus / "seed.txt").write_text(SEED_TXT.read_text(encoding="utf-8"))
    (corpus / "empty.txt").write_text("")
    out = tmp_path / "out"
    summary = run_on_dask([str(corpus)], out, scheduler="synchronous", partitions=2)
    assert summary.articles == 2 and summary.failed_inputs == 1 and summary.partitions == 2
    con = duckdb.connect()
    n_articles = con.execute(f"SELECT count(*) FROM '{out}/articles/*.parquet'").fetchone()
    assert n_articles == (2,)
    failures = con.execute(f"SELECT error_class FROM '{out}/failures/*.parquet'").fetchall()
    assert failures == [("EmptyInputError",)]
    events = con.execute(f"SELECT count(*) FROM '{out}/events/*.parquet'").fetchone()
    assert events is not None and events[0] == summary.rows["events"] > 0
    # Nested fields keep their structure in Parquet.
    trig = con.execute(f"SELECT trigger.text FROM '{out}/events/*.parquet' LIMIT 1").fetchone()
    assert trig is not None and isinstance(trig[0], str)
