"""Evaluation harness: every ``eventwire eval`` task returns one :class:`EvalReport`."""

from eventwire.evaluation.report import EvalReport, Section, prf

__all__ = ["EvalReport", "Section", "prf"]
