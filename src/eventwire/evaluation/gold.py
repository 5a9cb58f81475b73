"""Reading ``eventwire-gold/1`` files (the seed's annotation format).

A gold file describes one article: input metadata and expected layout (``article``), time
expressions, toponyms, entities, events and ``must_not`` readings. Quotes are located in the
article text by exact match; ``occurrence`` (1-based) picks among repeats, ``all_occurrences``
takes them all, and matches must sit on word boundaries ("Iraq" is not inside "Iraqi").
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from eventwire.errors import GoldFormatError
from eventwire.model import InputRecord

__all__ = ["GOLD_FORMAT", "GoldDoc", "find_quote", "load_gold"]

GOLD_FORMAT = "eventwire-gold/1"


@dataclass(frozen=True)
class GoldDoc:
    """One gold file with its article text."""

    path: Path
    data: dict[str, Any]
    text: str

    @property
    def article(self) -> dict[str, Any]:
        return dict(self.data.get("article") or {})

    @property
    def published(self) -> date | None:
        value = self.article.get("published")
        return date.fromisoformat(value[:10]) if value else None

    @property
    def publisher(self) -> str | None:
        value = self.article.get("publisher")
        return str(value) if value else None

    def record(self) -> InputRecord:
        """The pipeline input a user would pass: the file plus its given metadata."""
        return InputRecord(
            source_ref=str(self.path.parent / self.article["file"]),
            input_format="text",
            publisher=self.publisher,
            published=self.published,
            text=self.text,
        )

    def spans(self, item: dict[str, Any], key: str = "text") -> list[tuple[int, int]]:
        """Where a gold item's quote sits in the text (one span, or all with
        ``all_occurrences``); empty when the quote is not in the text."""
        quote = item.get(key)
        if not quote:
            return []
        found = find_quote(self.text, quote)
        if item.get("all_occurrences"):
            return found
        n = int(item.get("occurrence", 1))
        return [found[n - 1]] if len(found) >= n else []


def find_quote(text: str, quote: str) -> list[tuple[int, int]]:
    """All word-bounded occurrences of ``quote`` in ``text``."""
    pattern = (r"(?<!\w)" if quote[:1].isalnum() else "") + re.escape(quote)
    pattern += r"(?!\w)" if quote[-1:].isalnum() else ""
    return [(m.start(), m.end()) for m in re.finditer(pattern, text)]


def load_gold(path: Path) -> GoldDoc:
    """Load and check one gold file and the article it points to."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise GoldFormatError(
            f"cannot read gold file: {exc.strerror}", source_ref=str(path)
        ) from exc
    except json.JSONDecodeError as exc:
        raise GoldFormatError(f"not JSON ({exc.msg})", source_ref=str(path)) from exc
    if not isinstance(data, dict) or data.get("format") != GOLD_FORMAT:
        raise GoldFormatError(f"not an {GOLD_FORMAT} file (missing 'format')", source_ref=str(path))
    article = data.get("article")
    if not isinstance(article, dict) or not article.get("file"):
        raise GoldFormatError("'article.file' is required", source_ref=str(path))
    text_path = path.parent / article["file"]
    try:
        text = text_path.read_text(encoding="utf-8").replace("\r\n", "\n")
    except OSError as exc:
        raise GoldFormatError(
            f"article file {text_path} cannot be read: {exc.strerror}", source_ref=str(path)
        ) from exc
    return GoldDoc(path=path, data=data, text=text)
