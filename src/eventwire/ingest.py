"""InputRecord → Article: page structure, metadata and the article id.

Text pages go through :func:`eventwire.structure.segment_page`; HTML pages through
:func:`eventwire.readers.html.extract_html` (trafilatura + htmldate), whose parts are laid out
as one page text (title, captions, body paragraphs) so that offsets work the same way.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from urllib.parse import urlparse

from eventwire.errors import NoBodyError
from eventwire.model import (
    Article,
    DateSource,
    InputRecord,
    Segment,
    SegmentKind,
    article_id_for,
)
from eventwire.structure import edge_sentences, segment_page

__all__ = ["InputOverrides", "build_article", "publisher_of", "repeated_fingerprints"]


@dataclass(frozen=True)
class InputOverrides:
    """Metadata the user passes for every input of a run (``--published``, ``--publisher``)."""

    published: date | None = None
    publisher: str | None = None


def publisher_of(record: InputRecord, overrides: InputOverrides | None = None) -> str | None:
    """The publisher: given, else the URL's host (without ``www.``)."""
    if overrides and overrides.publisher:
        return overrides.publisher
    if record.publisher:
        return record.publisher
    if record.url:
        host = urlparse(record.url).hostname or ""
        return host.removeprefix("www.") or None
    return None


def repeated_fingerprints(
    records: Iterable[tuple[str, str | None, str]],
    known: dict[str, dict[str, set[str]]] | None = None,
) -> dict[str, set[str]]:
    """Per publisher, the edge-sentence fingerprints seen in two or more different articles.

    ``records`` are (source key, publisher, text); ``known`` adds what the store saw before
    (publisher → fingerprint → source keys)."""
    seen: dict[str, dict[str, set[str]]] = {
        pub: {fp: set(keys) for fp, keys in prints.items()} for pub, prints in (known or {}).items()
    }
    for key, publisher, text in records:
        if not publisher:
            continue
        prints = seen.setdefault(publisher, {})
        for fp in edge_sentences(text):
            prints.setdefault(fp, set()).add(key)
    return {
        pub: {fp for fp, keys in prints.items() if len(keys) >= 2} for pub, prints in seen.items()
    }


def build_article(
    record: InputRecord,
    *,
    overrides: InputOverrides | None = None,
    repeated: Iterable[str] = (),
) -> Article:
    """Lay out one input as an :class:`Article` (raises :class:`NoBodyError` without a body)."""
    overrides = overrides or InputOverrides()
    publisher = publisher_of(record, overrides)
    published, published_source = _given_date(record, overrides)
    if record.html is not None and record.text is None:
        return _from_html(record, publisher, published, published_source, repeated)
    text = record.text or ""
    page = segment_page(text, known_title=record.title, repeated=repeated)
    if published is None:
        published, published_source = _dateline_date(text, page.segments)
    return _finish(
        record,
        text=text,
        segments=page.segments,
        title=page.title,
        section=page.section,
        dateline=page.dateline,
        publisher=publisher,
        published=published,
        published_source=published_source,
        url=record.url,
    )


def _given_date(
    record: InputRecord, overrides: InputOverrides
) -> tuple[date | None, DateSource]:
    if overrides.published:
        return overrides.published, DateSource.GIVEN
    if record.published:
        return record.published, DateSource.GIVEN
    return None, DateSource.UNKNOWN


def _dateline_date(text: str, segments: list[Segment]) -> tuple[date | None, DateSource]:
    """A date written at the head of the article ("Friday, July 21, 2017"), if any."""
    try:  # the time stage is optional (see pipeline.OPTIONAL_STAGES)
        dct_from_dateline = importlib.import_module("eventwire.timex").dct_from_dateline
    except ModuleNotFoundError:
        return None, DateSource.UNKNOWN
    body = [s for s in segments if s.kind is SegmentKind.BODY]
    head_end = body[0].start + 200 if body else min(len(text), 400)
    found: date | None = dct_from_dateline(text[:head_end])
    return (found, DateSource.DATELINE) if found else (None, DateSource.UNKNOWN)


def _from_html(
    record: InputRecord,
    publisher: str | None,
    published: date | None,
    published_source: DateSource,
    repeated: Iterable[str],
) -> Article:
    from eventwire.readers.html import extract_html

    page = extract_html(record.html or "", url=record.url)
    parts: list[tuple[SegmentKind, str]] = []
    title = record.title or page.title
    if title:
        parts.append((SegmentKind.TITLE, title))
    parts += [(SegmentKind.CAPTION, c) for c in page.captions]
    parts += [(SegmentKind.BODY, p) for p in page.body_paragraphs]
    text, segments = _lay_out(parts)
    repeated_set = set(repeated)
    if repeated_set:
        # Re-run the layout rules on the body to drop sentences repeated across the publisher.
        laid = segment_page(text, known_title=title, repeated=repeated_set)
        segments = [s for s in laid.segments if s.kind is not SegmentKind.TITLE or title]
    if published is None and page.published is not None:
        published, published_source = page.published, page.published_source
    return _finish(
        record,
        text=text,
        segments=segments,
        title=title,
        section=page.section,
        dateline=None,
        publisher=publisher or page.publisher,
        published=published,
        published_source=published_source,
        url=record.url or page.url,
        language=page.language or "en",
    )


def _lay_out(parts: list[tuple[SegmentKind, str]]) -> tuple[str, list[Segment]]:
    chunks: list[str] = []
    segments: list[Segment] = []
    pos = 0
    for kind, raw in parts:
        chunk = raw.strip()
        if not chunk:
            continue
        if chunks:
            chunks.append("\n\n")
            pos += 2
        segments.append(Segment(kind=kind, start=pos, end=pos + len(chunk), text=chunk,
                                reason="html extraction"))
        chunks.append(chunk)
        pos += len(chunk)
    return "".join(chunks), segments


def _finish(
    record: InputRecord,
    *,
    text: str,
    segments: list[Segment],
    title: str | None,
    section: str | None,
    dateline: str | None,
    publisher: str | None,
    published: date | None,
    published_source: DateSource,
    url: str | None,
    language: str = "en",
) -> Article:
    body = "\n\n".join(s.text for s in segments if s.kind is SegmentKind.BODY)
    if not body.strip():
        raise NoBodyError("no article body found in the page", source_ref=record.source_ref)
    return Article(
        id=article_id_for(body),
        source_ref=record.source_ref,
        input_format=record.input_format,
        url=url,
        publisher=publisher,
        published=published,
        published_source=published_source,
        title=title,
        section=section,
        dateline=dateline,
        language=language,
        text=text,
        segments=segments,
    )
