"""Per-stage speed beside spaCy's parse, in one run on the same texts.

    python bench/stages.py [--corpus DIR] [--json]

Runs the default pipeline article by article in this process (the gazetteer and the model
loaded first, so no stage is charged for a cold start) and reports, per stage, seconds,
words/s and the ratio of its time to the parse's. Targets tracked here: places ≥ 20,000
words/s, events ≤ 0.5× the parse; the time normaliser has its own bench (timex_speed.py).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from eventwire.demo import demo_records
from eventwire.errors import InputError
from eventwire.ingest import build_article
from eventwire.pipeline import ANALYSED_SEGMENTS, default_pipeline
from eventwire.readers import iter_inputs


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=None)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    source = iter_inputs([str(args.corpus)]) if args.corpus else demo_records()
    articles = [build_article(r) for r in source if not isinstance(r, InputError)]
    words = sum(len(s.text.split()) for a in articles for s in a.segments
                if s.kind in ANALYSED_SEGMENTS)
    pipeline = default_pipeline()
    pipeline.run(articles[0])  # load the model and the gazetteer before timing
    totals: dict[str, float] = {}
    for art in articles:
        for name, secs in pipeline.run(art).timings.items():
            totals[name] = totals.get(name, 0.0) + secs
    parse = totals.get("parse", 0.0) or 1e-9
    stages = {
        name: {"seconds": round(secs, 3),
               "words_per_s": round(words / secs) if secs else None,
               "ratio_to_parse": round(secs / parse, 4)}
        for name, secs in totals.items()
    }
    result = {"articles": len(articles), "words": words, "stages": stages}
    if args.json:
        print(json.dumps(result))
    else:
        print(f"{len(articles)} articles, {words} words")
        for name, st in stages.items():
            print(f"{name:>10}: {st['seconds']:>7.3f} s  {st['words_per_s']:>9} words/s  "
                  f"{st['ratio_to_parse']:.3f}× parse")
    return 0


if __name__ == "__main__":
    sys.exit(main())
