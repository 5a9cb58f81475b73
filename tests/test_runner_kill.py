"""A batch killed with SIGKILL half-way leaves a consistent database; the next run finishes."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

from eventwire.runner import ingest
from eventwire.store import Store

N_ARTICLES = 8
KILL_AFTER = 3


def _write_corpus(folder: Path) -> None:
    folder.mkdir()
    for i in range(N_ARTICLES):
        (folder / f"a{i:02d}.txt").write_text(
            f"Report number {i}\n\nPolice in Nairobi said on Monday that {i + 2} people were "
            f"injured in a protest outside the Kenyan parliament, the {i}th this year, and "
            f"that President William Ruto had called for calm.\n"
        )


def test_runner_sigkill_mid_batch_then_resume(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    _write_corpus(corpus)
    db = tmp_path / "kill.duckdb"
    # The child stores articles one by one and kills itself (SIGKILL: no cleanup, no flush)
    # right after the KILL_AFTER-th article is committed.
    script = textwrap.dedent(f"""
        import os, signal
        from eventwire.runner import ingest
        from eventwire.store import Store
        store = Store({str(db)!r})
        def progress(done, total):
            if done == {KILL_AFTER}:
                os.kill(os.getpid(), signal.SIGKILL)
        ingest([{str(corpus)!r}], store, workers=1, on_progress=progress, commit_every=1)
    """)
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, timeout=300,
                          check=False)
    assert proc.returncode == -signal.SIGKILL, proc.stderr.decode()[-2000:]

    with Store(db) as store:
        n_articles = store.counts()["articles"]
        orphans = store.query(
            "SELECT count(*) AS n FROM mentions m LEFT JOIN articles a ON a.id = m.article_id "
            "WHERE a.id IS NULL"
        )[0]["n"]
        assert n_articles == KILL_AFTER
        assert orphans == 0
        summary = ingest([str(corpus)], store, workers=1)
        assert (summary.stored, summary.skipped) == (N_ARTICLES - KILL_AFTER, KILL_AFTER)
        assert store.counts()["articles"] == N_ARTICLES
        dupes = store.query("SELECT count(*) - count(DISTINCT id) AS d FROM articles")[0]["d"]
        assert dupes == 0
    assert os.path.exists(db)


def test_runner_process_pool_matches_single_process(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    _write_corpus(corpus)
    results = {}
    for workers in (1, 2):
        with Store(tmp_path / f"w{workers}.duckdb") as store:
            ingest([str(corpus)], store, workers=workers)
            results[workers] = store.query(
                "SELECT article_id, kind, start, \"end\", label FROM mentions "
                "ORDER BY article_id, start, kind"
            )
    assert results[1] == results[2]
    assert len(results[1]) >= N_ARTICLES
