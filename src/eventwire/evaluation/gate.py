"""The quality gate (as trafilatura's ``eval_gate``): run the evaluations listed in
``eval/floors.json`` and fail when a metric falls below its floor (or above its ceiling).

Each entry of the floors file::

    {"name": "seed+gold-articles", "task": "seed",
     "datasets": ["seed/article.gold.json", "eval/events/gold-articles/01.gold.json"],
     "limit": null,
     "min": {"structure_acc": 1.0}, "max": {"must_not_violations": 0}}

Dataset paths are relative to the shared data folder (``<repo>/../shared`` by default). A metric
with a floor that comes back ``null`` fails the gate: a stage that disappeared is a regression.
Raising a floor is an ordinary commit (``--raise`` writes the measured values, never lowering
one); lowering a floor needs a reason in the commit message.
"""

from __future__ import annotations

import argparse
import importlib
import json
import sys
import time
from pathlib import Path
from typing import Any

from eventwire.evaluation.report import EvalReport

__all__ = ["main", "run_gate"]

#: Where each task's evaluation lives: module, function, whether it takes a list of files.
TASKS: dict[str, tuple[str, str, bool]] = {
    "seed": ("eventwire.evaluation.seed", "evaluate_seed", True),
    "extract": ("eventwire.evaluation.extract", "evaluate_extract", False),
    "time": ("eventwire.evaluation.time", "evaluate_time", False),
    "geo": ("eventwire.evaluation.geo", "evaluate_geo", False),
    "typing": ("eventwire.evaluation.typing", "evaluate_typing", False),
    "coref": ("eventwire.evaluation.coref", "evaluate_coref", False),
    "event_mentions": ("eventwire.evaluation.meantime_events", "evaluate_meantime_events", False),
    "mentions": ("eventwire.evaluation.event_mentions", "evaluate_event_mentions", False),
}


def _run_task(entry: dict[str, Any], shared: Path) -> EvalReport:
    module_name, fn_name, takes_list = TASKS[entry["task"]]
    fn = getattr(importlib.import_module(module_name), fn_name)
    paths = [shared / p for p in entry["datasets"]]
    kwargs = {"limit": entry["limit"]} if entry.get("limit") else {}
    if takes_list:
        report: EvalReport = fn(paths, **kwargs)
        return report
    report = fn(paths[0], **kwargs)
    return report


def run_gate(floors_path: Path, shared: Path, *, raise_floors: bool = False) -> list[str]:
    """Run every entry; return the failures (empty = pass). With ``raise_floors``, write the
    measured values as new floors/ceilings wherever they are better."""
    config = json.loads(floors_path.read_text(encoding="utf-8"))
    problems: list[str] = []
    for entry in config["entries"]:
        t0 = time.perf_counter()
        report = _run_task(entry, shared)
        metrics = report.metrics
        secs = time.perf_counter() - t0
        shown = ", ".join(f"{k}={metrics.get(k)}" for k in [*entry.get("min", {}),
                                                               *entry.get("max", {})])
        print(f"[gate] {entry['name']}: {shown} ({secs:.1f}s)", flush=True)
        for name, floor in entry.get("min", {}).items():
            got = metrics.get(name)
            if got is None or got < floor - 1e-9:
                problems.append(f"{entry['name']}: {name} = {got}, floor {floor}")
            elif raise_floors and got > floor:
                entry["min"][name] = got
        for name, ceiling in entry.get("max", {}).items():
            got = metrics.get(name)
            if got is None or got > ceiling + 1e-9:
                problems.append(f"{entry['name']}: {name} = {got}, ceiling {ceiling}")
            elif raise_floors and got < ceiling:
                entry["max"][name] = got
    if raise_floors and not problems:
        floors_path.write_text(json.dumps(config, indent=2) + "\n", encoding="utf-8")
    return problems


def main(argv: list[str] | None = None) -> int:
    """``python -m eventwire.evaluation.gate``: exit 1 when a metric is under its floor."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    root = Path.cwd()
    parser.add_argument("--floors", type=Path, default=root / "eval" / "floors.json")
    parser.add_argument("--shared", type=Path, default=root.parent / "shared")
    parser.add_argument("--raise", dest="raise_floors", action="store_true",
                        help="write measured values as the new floors (never lowers one)")
    args = parser.parse_args(argv)
    if not args.shared.is_dir():
        print(f"[gate] shared data folder {args.shared} not found", file=sys.stderr)
        return 1
    problems = run_gate(args.floors, args.shared, raise_floors=args.raise_floors)
    for p in problems:
        print(f"[gate] BELOW FLOOR: {p}", file=sys.stderr)
    print(f"[gate] {'FAILED' if problems else 'passed'}", flush=True)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
