"""Reading input: files, folders, JSONL and stdin → :class:`InputRecord`.

Accepted inputs:

* ``*.txt`` (or any text file): a page's visible text (breadcrumb, title, caption, body, footer);
* ``*.html`` / ``*.htm`` (also ``.gz``): a web page, extracted by :mod:`eventwire.readers.html`;
* ``*.jsonl``: one record per line ``{url, title, published, publisher, text | html}``;
* a folder: every file of those kinds inside it, recursively, in name order;
* ``-``: standard input (JSONL when every line is a JSON object, else one text page).

Bad input never raises out of :func:`iter_inputs`: each problem is yielded as an
:class:`~eventwire.errors.InputError` carrying the input it concerns, so a batch records it
and goes on.
"""

from __future__ import annotations

import gzip
import io
import json
import sys
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any, BinaryIO

from eventwire.errors import (
    BinaryInputError,
    EmptyInputError,
    EncodingError,
    InputError,
    InputTooLargeError,
    RecordError,
)
from eventwire.model import InputRecord

__all__ = [
    "DEFAULT_MAX_BYTES",
    "decode_text",
    "iter_inputs",
    "parse_date",
    "record_from_json",
]

#: Inputs over this size are refused (``--max-bytes`` changes it).
DEFAULT_MAX_BYTES = 5 * 1024 * 1024

TEXT_SUFFIXES = {".txt", ".text", ".md"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
#: Share of control characters above which bytes are called binary.
BINARY_CONTROL_RATIO = 0.02

RECORD_FIELDS = {"url", "title", "published", "publisher", "text", "html", "id", "license"}


def iter_inputs(
    paths: Iterable[str], *, max_bytes: int = DEFAULT_MAX_BYTES, stdin: BinaryIO | None = None
) -> Iterator[InputRecord | InputError]:
    """Yield one :class:`InputRecord` per article found in ``paths`` (``-`` = stdin), or the
    :class:`InputError` that explains why an input could not be read."""
    for raw in paths:
        if raw == "-":
            stream = stdin if stdin is not None else sys.stdin.buffer
            yield from _read_stream(stream, max_bytes)
            continue
        path = Path(raw)
        if path.is_dir():
            files = sorted(p for p in path.rglob("*") if p.is_file() and _is_article_file(p))
            if not files:
                yield InputError("folder holds no .txt, .html or .jsonl files", source_ref=raw)
            for file in files:
                yield from _read_file(file, max_bytes)
        elif path.is_file():
            yield from _read_file(path, max_bytes)
        else:
            yield InputError("no such file or folder", source_ref=raw)


def _is_article_file(path: Path) -> bool:
    suffixes = [s.lower() for s in path.suffixes[-2:]]
    if suffixes and suffixes[-1] == ".gz":
        suffixes = suffixes[:-1]
    return bool(suffixes) and suffixes[-1] in TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES


def _read_file(path: Path, max_bytes: int) -> Iterator[InputRecord | InputError]:
    ref = str(path)
    try:
        size = path.stat().st_size
        if size > max_bytes:
            yield InputTooLargeError(
                f"{size:,} bytes is over the {max_bytes:,}-byte cap (--max-bytes)", source_ref=ref
            )
            return
        data = path.read_bytes()
    except OSError as exc:
        yield InputError(f"cannot read: {exc.strerror or exc}", source_ref=ref)
        return
    suffixes = [s.lower() for s in path.suffixes[-2:]]
    if suffixes and suffixes[-1] == ".gz":
        try:
            data = _gunzip(data, max_bytes)
        except InputError as exc:
            exc.source_ref = ref
            yield exc
            return
        suffixes = suffixes[:-1]
    kind = suffixes[-1] if suffixes else ""
    if kind in JSONL_SUFFIXES:
        yield from _read_jsonl(data, ref, max_bytes)
    elif kind in HTML_SUFFIXES:
        yield _single(data, ref, "html")
    else:
        yield _single(data, ref, "text")


def _gunzip(data: bytes, max_bytes: int) -> bytes:
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(data)) as fh:
            out = fh.read(max_bytes + 1)
    except (OSError, EOFError) as exc:
        raise InputError(f"not a valid gzip file ({exc})") from exc
    if len(out) > max_bytes:
        raise InputTooLargeError(f"decompresses to over the {max_bytes:,}-byte cap")
    return out


def _read_stream(stream: BinaryIO, max_bytes: int) -> Iterator[InputRecord | InputError]:
    data = stream.read(max_bytes + 1)
    if len(data) > max_bytes:
        yield InputTooLargeError(f"over the {max_bytes:,}-byte cap", source_ref="<stdin>")
        return
    lines = [ln for ln in data.splitlines() if ln.strip()]
    if lines and all(ln.lstrip().startswith(b"{") for ln in lines):
        yield from _read_jsonl(data, "<stdin>", max_bytes)
    elif data.lstrip()[:1] == b"<":
        yield _single(data, "<stdin>", "html")
    else:
        yield _single(data, "<stdin>", "text")


def _single(data: bytes, ref: str, fmt: str) -> InputRecord | InputError:
    try:
        text = decode_text(data, ref)
    except InputError as exc:
        return exc
    if fmt == "html":
        return InputRecord(source_ref=ref, input_format="html", html=text)
    return InputRecord(source_ref=ref, input_format="text", text=text)


def decode_text(data: bytes, ref: str | None = None) -> str:
    """Decode UTF-8 text (BOM allowed), refusing empty, binary and mis-encoded input."""
    if not data.strip():
        raise EmptyInputError("input is empty", source_ref=ref)
    head = data[:8192]
    if b"\x00" in head:
        raise BinaryInputError("input holds NUL bytes: binary data, not text", source_ref=ref)
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13))
    if controls / len(head) > BINARY_CONTROL_RATIO:
        raise BinaryInputError("input is mostly control bytes: binary data", source_ref=ref)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise EncodingError(
            f"not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start}); "
            "convert the file to UTF-8",
            source_ref=ref,
        ) from exc
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _read_jsonl(data: bytes, ref: str, max_bytes: int) -> Iterator[InputRecord | InputError]:
    for lineno, raw in enumerate(data.split(b"\n"), start=1):
        if not raw.strip():
            continue
        line_ref = f"{ref}:{lineno}"
        try:
            line = decode_text(raw, line_ref)
            obj = json.loads(line)
        except InputError as exc:
            yield exc
            continue
        except json.JSONDecodeError as exc:
            yield RecordError(f"broken JSON ({exc.msg} at column {exc.colno})", source_ref=line_ref)
            continue
        try:
            yield record_from_json(obj, line_ref)
        except InputError as exc:
            yield exc


def record_from_json(obj: Any, ref: str) -> InputRecord:
    """Validate one JSONL object into an :class:`InputRecord`."""
    if not isinstance(obj, dict):
        raise RecordError("a record must be a JSON object", source_ref=ref)
    text, html = obj.get("text"), obj.get("html")
    if not isinstance(text, str | None) or not isinstance(html, str | None):
        raise RecordError("'text' and 'html' must be strings", source_ref=ref)
    if not (text and text.strip()) and not (html and html.strip()):
        raise EmptyInputError("record has neither 'text' nor 'html'", source_ref=ref)
    for key in ("url", "title", "publisher"):
        if obj.get(key) is not None and not isinstance(obj[key], str):
            raise RecordError(f"'{key}' must be a string", source_ref=ref)
    published = None
    if obj.get("published"):
        published = parse_date(obj["published"])
        if published is None:
            raise RecordError(
                f"'published' is not a date: {obj['published']!r} (use YYYY-MM-DD)", source_ref=ref
            )
    return InputRecord(
        source_ref=ref,
        input_format="jsonl",
        url=obj.get("url"),
        title=obj.get("title"),
        publisher=obj.get("publisher"),
        published=published,
        text=text.replace("\r\n", "\n") if text else None,
        html=html if not text else None,
    )


def parse_date(value: Any) -> date | None:
    """An ISO date or datetime (string or object) → date; anything else → None."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if not isinstance(value, str):
        return None
    s = value.strip()
    try:
        return date.fromisoformat(s[:10])
    except ValueError:
        pass
    try:
        return datetime.fromisoformat(s.replace("Z", "+00:00")).date()
    except ValueError:
        return None
