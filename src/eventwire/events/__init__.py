"""Events and sources: who did what to whom, planned or done, according to whom.

The stage (:class:`EventStage`) codes events in PLOVER with CAMEO roots and ACLED types, using
spaCy's parse and the packaged lexicons in ``eventwire/data/events/`` (YAML, user-extendable).
"""

from eventwire.events.stage import EventStage

__all__ = ["EventStage"]
