"""Throughput of the whole pipeline beside spaCy alone, on the same texts, in the same run.

    python bench/throughput.py [--corpus DIR] [--workers N] [--repeat K] [--json]

Corpus: the bundled demo articles by default, or every .txt/.html/.jsonl in ``--corpus``.
Reported: articles/s and words/s of ingest (read + layout + every stage + DuckDB writes, in a
fresh temporary database), spaCy ``en_core_web_sm`` alone (``nlp.pipe`` over the same
analysed text), their ratio (pipeline / spaCy words per second — the figure we track), and
peak RSS of this process and its children. The spaCy baseline runs in one process, so compare
ratios at ``--workers 1``.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import tempfile
import time
from pathlib import Path

from eventwire.demo import demo_records
from eventwire.errors import InputError
from eventwire.ingest import build_article
from eventwire.model import InputRecord
from eventwire.nlp import load_nlp
from eventwire.pipeline import ANALYSED_SEGMENTS
from eventwire.readers import iter_inputs
from eventwire.runner import ingest
from eventwire.store import Store


def _records(corpus: Path | None) -> list[InputRecord]:
    source = iter_inputs([str(corpus)]) if corpus else demo_records()
    return [r for r in source if not isinstance(r, InputError)]


def _peak_rss_mb() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, children) / 1024.0  # Linux reports KiB


def run(corpus: Path | None, workers: int, repeat: int) -> dict[str, float | int]:
    records = _records(corpus)
    articles = [build_article(r) for r in records]
    texts = [s.text for a in articles for s in a.segments if s.kind in ANALYSED_SEGMENTS]
    words = sum(len(t.split()) for t in texts)

    nlp = load_nlp()
    list(nlp.pipe(texts[:5]))  # warm up
    t0 = time.perf_counter()
    for _ in range(repeat):
        for _doc in nlp.pipe(texts):
            pass
    spacy_secs = (time.perf_counter() - t0) / repeat

    pipe_secs = 0.0
    for _ in range(repeat):
        with tempfile.TemporaryDirectory() as tmp, Store(Path(tmp) / "bench.duckdb") as store:
            t0 = time.perf_counter()
            summary = ingest([], store, workers=workers, records=list(records))
            pipe_secs += time.perf_counter() - t0
            if summary.stored != len(articles) or summary.failed:
                raise SystemExit(f"benchmark ingest failed: {summary.as_dict()}")
    pipe_secs /= repeat
    return {
        "articles": len(articles),
        "words": words,
        "articles_per_s": round(len(articles) / pipe_secs, 2),
        "words_per_s": round(words / pipe_secs, 1),
        "spacy_words_per_s": round(words / spacy_secs, 1),
        "ratio": round((words / pipe_secs) / (words / spacy_secs), 3),
        "peak_rss_mb": round(_peak_rss_mb(), 1),
        "workers": workers,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=None, help="folder of articles")
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    result = run(args.corpus, args.workers, args.repeat)
    if args.json:
        keys = ("articles_per_s", "words_per_s", "spacy_words_per_s", "ratio", "peak_rss_mb",
                "workers")
        print(json.dumps({k: result[k] for k in keys}))
    else:
        for k, v in result.items():
            print(f"{k:>18}: {v}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
