"""eventwire: offline-first news → event data, with evidence for every fact."""

from __future__ import annotations

import logging

from eventwire.errors import EventwireError
from eventwire.model import SCHEMA_VERSION, Article, ArticleResult, Event, Mention

__all__ = [
    "SCHEMA_VERSION",
    "Article",
    "ArticleResult",
    "Event",
    "EventwireError",
    "Mention",
    "__version__",
]

__version__ = "0.1.0"

logging.getLogger(__name__).addHandler(logging.NullHandler())
