"""The one result shape of every evaluation task.

``--json`` prints ``EvalReport.to_json()``; its shape is stable because other tools read it::

    {"task": "seed", "dataset": PATH, "n_docs": N,
     "metrics": {NAME: number | null},
     "sections": {NAME: {"status": "ok" | "not implemented", "metrics": {...}}}}

``metrics`` is the flat union of the sections' metrics (``structure_acc``, ``timex_value_acc``,
``event_f1``…); a metric of a section whose stage does not exist yet is ``null``, never 0 or 100.
Extra, non-numeric detail (confusion tables, per-item results) goes in a section's ``details``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

__all__ = ["NOT_IMPLEMENTED", "OK", "EvalReport", "Section", "prf"]

OK = "ok"
NOT_IMPLEMENTED = "not implemented"


@dataclass
class Section:
    """One scored aspect (structure, timex, toponyms…)."""

    status: str = OK
    metrics: dict[str, float | int | None] = field(default_factory=dict)
    details: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def not_implemented(cls, metric_names: list[str], why: str = "") -> Section:
        details = {"reason": why} if why else {}
        return cls(NOT_IMPLEMENTED, dict.fromkeys(metric_names), details)


@dataclass
class EvalReport:
    """Result of one evaluation task over one dataset."""

    task: str
    dataset: str
    n_docs: int
    sections: dict[str, Section] = field(default_factory=dict)

    @property
    def metrics(self) -> dict[str, float | int | None]:
        flat: dict[str, float | int | None] = {}
        for sec in self.sections.values():
            for name, value in sec.metrics.items():
                flat[name] = _round(value)
        return flat

    def to_dict(self, *, details: bool = True) -> dict[str, Any]:
        sections: dict[str, Any] = {}
        for name, sec in self.sections.items():
            entry: dict[str, Any] = {
                "status": sec.status,
                "metrics": {k: _round(v) for k, v in sec.metrics.items()},
            }
            if details and sec.details:
                entry["details"] = sec.details
            sections[name] = entry
        return {
            "task": self.task,
            "dataset": self.dataset,
            "n_docs": self.n_docs,
            "metrics": self.metrics,
            "sections": sections,
        }

    def to_json(self, *, details: bool = True) -> str:
        return json.dumps(self.to_dict(details=details), ensure_ascii=False, default=str)


def _round(value: float | int | None) -> float | int | None:
    if isinstance(value, float):
        return round(value, 4)
    return value


def prf(tp: int, n_pred: int, n_gold: int) -> tuple[float | None, float | None, float | None]:
    """Precision, recall, F1 from counts; ``None`` where a denominator is zero."""
    p = tp / n_pred if n_pred else None
    r = tp / n_gold if n_gold else None
    f = None if p is None or r is None else (2 * p * r / (p + r) if p + r else 0.0)
    return p, r, f
