"""Cold load time and resident memory of the gazetteer (targets: ≤ 2 s, ≤ 300 MB).

Each measurement runs in a fresh Python process, so "cold" means a new process (imports
included; the OS file cache may be warm after the first run, as on a worker that restarts):

    .venv/bin/python bench/gazetteer_load.py [--runs 3] [--json]

Reported: ``load_s`` (import of ``eventwire.gazetteer`` + ``load_gazetteer()``), ``rss_mb``
(resident memory of the process after loading), ``rss_delta_mb`` (what loading added to a
process that had only imported it), ``lookup_us`` (mean time of one ``candidates()`` call over
a few names), and the data file's size.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
from pathlib import Path

TARGET_LOAD_S = 2.0
TARGET_RSS_MB = 300.0

_CHILD = r"""
import json, time
t0 = time.perf_counter()
import psutil
from eventwire.gazetteer import load_gazetteer
proc = psutil.Process()
rss0 = proc.memory_info().rss
t1 = time.perf_counter()
gaz = load_gazetteer()
t2 = time.perf_counter()
rss1 = proc.memory_info().rss
names = ["Paris", "Nineveh", "al-Qa'im", "K1", "Springfield", "Baghdad International Airport",
         "Tal Afar", "Kirkuk", "Mosul", "London"]
t3 = time.perf_counter()
for _ in range(20):
    for n in names:
        gaz.candidates(n)
t4 = time.perf_counter()
print(json.dumps({
    "load_s": t2 - t0, "import_s": t1 - t0, "rss_mb": rss1 / 1e6,
    "rss_delta_mb": (rss1 - rss0) / 1e6, "lookup_us": (t4 - t3) / (20 * len(names)) * 1e6,
    "entries": len(gaz), "path": str(gaz.path),
}))
"""


def measure(runs: int) -> dict[str, object]:
    """Run the child ``runs`` times and summarise (median load time, max memory)."""
    results = []
    for _ in range(runs):
        out = subprocess.run(
            [sys.executable, "-c", _CHILD], check=True, capture_output=True, text=True
        ).stdout
        results.append(json.loads(out.strip().splitlines()[-1]))
    load = statistics.median(float(r["load_s"]) for r in results)
    rss = max(float(r["rss_mb"]) for r in results)
    path = Path(str(results[0]["path"]))
    return {
        "bench": "gazetteer_load",
        "runs": runs,
        "load_s": round(load, 3),
        "load_s_each": [round(float(r["load_s"]), 3) for r in results],
        "import_s": round(statistics.median(float(r["import_s"]) for r in results), 3),
        "rss_mb": round(rss, 1),
        "rss_delta_mb": round(max(float(r["rss_delta_mb"]) for r in results), 1),
        "lookup_us": round(statistics.median(float(r["lookup_us"]) for r in results), 1),
        "entries": results[0]["entries"],
        "data_mb": round(path.stat().st_size / 1e6, 2),
        "targets": {"load_s": TARGET_LOAD_S, "rss_mb": TARGET_RSS_MB},
        "ok": load <= TARGET_LOAD_S and rss <= TARGET_RSS_MB,
    }


def main() -> None:
    """Command line: print the measurement (``--json`` for machine-readable output)."""
    ap = argparse.ArgumentParser(description="gazetteer cold load time and memory")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    res = measure(args.runs)
    if args.json:
        print(json.dumps(res))
        return
    print(
        f"gazetteer: {res['entries']} entries, {res['data_mb']} MB file; "
        f"cold load {res['load_s']} s "
        f"(import {res['import_s']} s), RSS {res['rss_mb']} MB (+{res['rss_delta_mb']} MB), "
        f"lookup {res['lookup_us']} µs; targets ≤ {TARGET_LOAD_S} s, ≤ {TARGET_RSS_MB} MB: "
        f"{'ok' if res['ok'] else 'MISSED'}"
    )


if __name__ == "__main__":
    main()
