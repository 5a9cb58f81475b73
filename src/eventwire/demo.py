"""The bundled demo corpus (``eventwire ingest --demo``): the seed page and 31 Wikinews
articles (CC BY 2.5, see ``data/demo/README.md``)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from importlib.resources import files

from eventwire.errors import InputError
from eventwire.model import InputRecord
from eventwire.readers import record_from_json

__all__ = ["DEMO_FILES", "demo_records"]

DEMO_FILES = ("seed.jsonl", "wikinews.jsonl")


def demo_records() -> Iterator[InputRecord | InputError]:
    """The demo articles as input records, in a fixed order."""
    root = files("eventwire").joinpath("data", "demo")
    for name in DEMO_FILES:
        text = root.joinpath(name).read_text(encoding="utf-8")
        for lineno, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            ref = f"demo/{name}:{lineno}"
            try:
                yield record_from_json(json.loads(line), ref)
            except InputError as exc:
                yield exc
