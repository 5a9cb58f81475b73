"""Input readers: formats, folders, stdin and every bad-input case."""

from __future__ import annotations

import gzip
import io
import json
from datetime import date
from pathlib import Path

import pytest

from eventwire.errors import (
    BinaryInputError,
    EmptyInputError,
    EncodingError,
    InputError,
    InputTooLargeError,
    RecordError,
)
from eventwire.model import InputRecord
from eventwire.readers import iter_inputs, parse_date

PAGE = ("Title of a page\n\n"
        "A body paragraph that is long enough to count as running prose text here.\n")


def read(paths: list[str], **kw: object) -> list[InputRecord | InputError]:
    return list(iter_inputs(paths, **kw))  # type: ignore[arg-type]


def test_readers_text_file(tmp_path: Path) -> None:
    p = tmp_path / "a.txt"
    p.write_text(PAGE, encoding="utf-8")
    (rec,) = read([str(p)])
    assert isinstance(rec, InputRecord)
    assert rec.input_format == "text" and rec.text == PAGE and rec.source_ref == str(p)


def test_readers_crlf_and_bom_are_normalised(tmp_path: Path) -> None:
    p = tmp_path / "a.txt"
    p.write_bytes("\ufeffLine one\r\nLine two\r\n".encode())
    (rec,) = read([str(p)])
    assert isinstance(rec, InputRecord) and rec.text == "Line one\nLine two\n"


def test_readers_jsonl_records_and_broken_line(tmp_path: Path) -> None:
    p = tmp_path / "b.jsonl"
    good = {"url": "https://example.org/x", "title": "T", "published": "2020-03-21T10:00:00Z",
            "publisher": "Example", "text": "Body text."}
    p.write_text(json.dumps(good) + "\n{broken\n" + json.dumps({"title": "no body"}) + "\n",
                 encoding="utf-8")
    items = read([str(p)])
    assert isinstance(items[0], InputRecord)
    assert items[0].published == date(2020, 3, 21) and items[0].publisher == "Example"
    assert isinstance(items[1], RecordError) and items[1].source_ref == f"{p}:2"
    assert "broken JSON" in str(items[1])
    assert isinstance(items[2], EmptyInputError) and items[2].source_ref == f"{p}:3"


def test_readers_jsonl_bad_date(tmp_path: Path) -> None:
    p = tmp_path / "c.jsonl"
    p.write_text(json.dumps({"text": "x", "published": "last Tuesday"}) + "\n")
    (err,) = read([str(p)])
    assert isinstance(err, RecordError) and "YYYY-MM-DD" in err.message


@pytest.mark.parametrize(
    ("payload", "error"),
    [
        (b"", EmptyInputError),
        (b"   \n\t\n", EmptyInputError),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", BinaryInputError),
        ("Caf\u00e9 au lait, said the waiter.".encode("latin-1"), EncodingError),
    ],
)
def test_readers_bad_input_is_an_error_not_a_traceback(
    tmp_path: Path, payload: bytes, error: type[InputError]
) -> None:
    p = tmp_path / "bad.txt"
    p.write_bytes(payload)
    (err,) = read([str(p)])
    assert isinstance(err, error)
    assert err.source_ref == str(p)


def test_readers_size_cap(tmp_path: Path) -> None:
    p = tmp_path / "big.txt"
    p.write_text("word " * 1000)
    (err,) = read([str(p)], max_bytes=100)
    assert isinstance(err, InputTooLargeError) and "cap" in err.message


def test_readers_gzip_bomb_is_capped(tmp_path: Path) -> None:
    p = tmp_path / "big.txt.gz"
    p.write_bytes(gzip.compress(b"a" * 10_000))
    (err,) = read([str(p)], max_bytes=1000)
    assert isinstance(err, InputTooLargeError)


def test_readers_folder_recursive_in_name_order(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "b.txt").write_text(PAGE)
    (tmp_path / "sub" / "a.txt").write_text(PAGE)
    (tmp_path / "ignored.png").write_bytes(b"\x89PNG")
    refs = [r.source_ref for r in read([str(tmp_path)])]
    assert refs == [str(tmp_path / "b.txt"), str(tmp_path / "sub" / "a.txt")]


def test_readers_missing_path_and_empty_folder(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    items = read([str(tmp_path / "nope.txt"), str(tmp_path / "empty")])
    assert all(isinstance(i, InputError) for i in items)
    assert "no such file" in str(items[0])


def test_readers_stdin_text_and_jsonl() -> None:
    (rec,) = read(["-"], stdin=io.BytesIO(PAGE.encode()))
    assert isinstance(rec, InputRecord) and rec.source_ref == "<stdin>"
    lines = b'{"text": "one"}\n{"text": "two"}\n'
    recs = read(["-"], stdin=io.BytesIO(lines))
    assert [r.text for r in recs if isinstance(r, InputRecord)] == ["one", "two"]


def test_readers_html_file_is_html(tmp_path: Path) -> None:
    p = tmp_path / "page.html"
    p.write_text("<html><body><p>Hello</p></body></html>")
    (rec,) = read([str(p)])
    assert isinstance(rec, InputRecord) and rec.input_format == "html" and rec.html


@pytest.mark.parametrize(
    ("value", "expected"),
    [("2020-03-21", date(2020, 3, 21)), ("2020-03-21T23:59:00+03:00", date(2020, 3, 21)),
     ("21/03/2020", None), (20200321, None)],
)
def test_readers_parse_date(value: object, expected: date | None) -> None:
    assert parse_date(value) == expected
