"""Read-side queries over the store, shared by the CLI, the exports and the API."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from typing import Any

from eventwire.errors import ConfigError, StoreError
from eventwire.store import Store

__all__ = [
    "EventFilter",
    "article_evidence",
    "article_page",
    "event_page",
    "event_record",
    "event_records",
    "failure_page",
    "list_articles",
    "list_events",
    "store_summary",
    "structure_rows",
]


def list_articles(store: Store, *, limit: int = 50) -> list[dict[str, Any]]:
    """Articles, newest ingest first, with counts of what was found in each."""
    return store.query(
        """
        SELECT a.id, a.published, a.publisher, a.title, a.section,
               count(m.start) AS mentions,
               count(m.start) FILTER (WHERE m.kind = 'entity') AS entities,
               count(m.start) FILTER (WHERE m.kind = 'place') AS places,
               count(m.start) FILTER (WHERE m.kind = 'time') AS times,
               count(m.start) FILTER (WHERE m.kind = 'event') AS event_mentions,
               (SELECT count(*) FROM events e WHERE e.article_id = a.id) AS events
        FROM articles a LEFT JOIN mentions m ON m.article_id = a.id
        GROUP BY ALL ORDER BY max(a.ingested_at) DESC, a.id LIMIT ?
        """,
        [limit],
    )


def structure_rows(store: Store, *, limit: int = 50) -> list[dict[str, Any]]:
    """Per article: section, captions, body start … end and boilerplate (for the demo)."""
    out = []
    for row in store.query(
        "SELECT id, title, section, segments FROM articles ORDER BY ingested_at DESC, id LIMIT ?",
        [limit],
    ):
        segs = row["segments"]
        body = [s["text"] for s in segs if s["kind"] == "body"]
        first, last = (body[0], body[-1]) if body else ("", "")
        out.append({
            "id": row["id"],
            "title": row["title"],
            "section": row["section"],
            "caption": " | ".join(s["text"] for s in segs if s["kind"] == "caption"),
            "body": f"{first[:60]} … {last[-45:]} ({len(body)} paragraphs)",
            "boilerplate": " | ".join(s["text"][:80] for s in segs if s["kind"] == "boilerplate"),
        })
    return out


@dataclass(frozen=True)
class EventFilter:
    """Filters of ``eventwire events`` (all optional, combined with AND)."""

    since: date | None = None
    until: date | None = None
    type: str | None = None
    country: str | None = None
    near: tuple[float, float, float] | None = None
    article: str | None = None
    limit: int = 200

    @classmethod
    def parse(
        cls,
        *,
        since: str | None = None,
        until: str | None = None,
        type_: str | None = None,
        country: str | None = None,
        near: str | None = None,
        article: str | None = None,
        limit: int = 200,
    ) -> EventFilter:
        """Validate the CLI/API strings into a filter (raises :class:`ConfigError`)."""

        def day(v: str | None, name: str) -> date | None:
            if v is None:
                return None
            try:
                return date.fromisoformat(v)
            except ValueError as exc:
                raise ConfigError(f"--{name} must be YYYY-MM-DD, not {v!r}") from exc

        near_t = None
        if near:
            try:
                lat, lon, km = (float(x) for x in near.split(","))
            except ValueError as exc:
                raise ConfigError(f"--near must be LAT,LON,KM, not {near!r}") from exc
            if not (-90 <= lat <= 90 and -180 <= lon <= 180 and km > 0):
                raise ConfigError("--near: latitude -90..90, longitude -180..180, km > 0")
            near_t = (lat, lon, km)
        if country and len(country) != 2:
            raise ConfigError("--country takes an ISO 3166-1 alpha-2 code such as IQ")
        return cls(day(since, "since"), day(until, "until"), type_.upper() if type_ else None,
                   country.upper() if country else None, near_t, article, limit)


def event_records(store: Store, flt: EventFilter | None = None) -> list[dict[str, Any]]:
    """Full event records (sources nested, article metadata joined), filtered."""
    flt = flt or EventFilter(limit=1_000_000_000)
    cond, params = _event_conditions(flt, None)
    rows = store.query(
        f"""
        SELECT e.*, a.publisher, a.published, a.url, a.title AS article_title
        FROM events e JOIN articles a ON a.id = e.article_id
        WHERE {cond}
        ORDER BY coalesce(e."when".earliest, a.published), e.id
        """,
        params,
    )
    if flt.near:
        lat, lon, km = flt.near
        rows = [
            r for r in rows
            if any(p.get("lat") is not None and _haversine(lat, lon, p["lat"], p["lon"]) <= km
                   for p in r.get("places") or [])
        ]
    rows = rows[: flt.limit]
    if rows:
        ids = [r["id"] for r in rows]
        sources = store.query(
            "SELECT * FROM event_sources WHERE list_contains(?, event_id) "
            "ORDER BY event_id, position",
            [ids],
        )
        by_event: dict[str, list[dict[str, Any]]] = {}
        for s in sources:
            by_event.setdefault(s.pop("event_id"), []).append(s)
        for r in rows:
            r["sources"] = by_event.get(r["id"], [])
    return rows


def list_events(store: Store, flt: EventFilter) -> list[dict[str, Any]]:
    """Events flattened for display: one line each."""
    out = []
    for r in event_records(store, flt):
        places = r.get("places") or []
        article_id, _, local = str(r["id"]).partition(":")
        out.append({
            "id": f"{article_id[:8]}:{local}" if local else r["id"],
            "article_id": r["article_id"],
            "type": r["type"] + (f"/{r['mode']}" if r.get("mode") else ""),
            "status": r["status"] + (" (hedged)" if r.get("hedged") else ""),
            "date": format_when(r.get("when") or {}),
            "place": "; ".join(p["name"] for p in places),
            "actor": _actor(r.get("actor")),
            "target": _actor(r.get("target")),
            "sources": " → ".join(_source_label(s) for s in r.get("sources", [])),
            "trigger": (r.get("trigger") or {}).get("text"),
        })
    return out


def format_when(when: dict[str, Any]) -> str:
    """An event time for people: a day, an interval, or what the text leaves open."""
    value, basis = when.get("value"), when.get("basis")
    earliest, latest = when.get("earliest"), when.get("latest")
    if value == "FUTURE_REF":
        return f"future (after {earliest})" if earliest else "future"
    if basis == "reported_by":
        return f"undated (reported {latest})" if latest else "undated"
    if earliest and latest and earliest != latest:
        text = f"{earliest}..{latest}"
    elif earliest:
        text = str(earliest)
    else:
        text = str(value or "")
    return text + (f" ({basis})" if basis not in (None, "text") else "")


def _source_label(s: dict[str, Any]) -> str:
    if s.get("kind") == "statement":
        return _short(f"statement of {s.get('name') or s['text']}", 40)
    label = _short(s.get("name") or s["text"], 32)
    return f"{label} (anonymous)" if s.get("anonymous") else label


def _short(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def _actor(a: dict[str, Any] | None) -> str:
    if not a:
        return ""
    code = "".join(x for x in (a.get("country"), a.get("sector")) if x)
    label = _short(a.get("text") or a.get("name") or "", 40)
    return f"{label} [{code}]" if code else label


def article_evidence(store: Store, article_id: str) -> dict[str, Any]:
    """An article with all its mentions and events: what ``eventwire show`` marks."""
    full = store.find_article_id(article_id)
    if full is None:
        raise StoreError(f"no article with id {article_id!r} (see `eventwire articles`)")
    art = store.query("SELECT * FROM articles WHERE id = ?", [full])[0]
    mentions = store.query(
        "SELECT * FROM mentions WHERE article_id = ? ORDER BY start, \"end\"", [full]
    )
    events = event_records(store, EventFilter(article=full, limit=10_000))
    return {"article": art, "mentions": mentions, "events": events}


# -- pages (the HTTP API) ---------------------------------------------------------------------


def article_page(
    store: Store,
    *,
    limit: int = 50,
    offset: int = 0,
    publisher: str | None = None,
    since: date | None = None,
    until: date | None = None,
    article_id: str | None = None,
) -> tuple[list[dict[str, Any]], int]:
    """One page of :func:`list_articles` (same counts, plus url and ingest time), filtered by
    publisher, publication date and id; with the number of articles that match."""
    where: list[str] = ["TRUE"]
    params: list[Any] = []
    for sql, value in (
        ("a.publisher = ?", publisher),
        ("a.published >= ?", since),
        ("a.published <= ?", until),
        ("a.id = ?", article_id),
    ):
        if value is not None:
            where.append(sql)
            params.append(value)
    cond = " AND ".join(where)
    rows = store.query(
        f"""
        SELECT a.id, a.url, a.published, a.publisher, a.title, a.section, a.ingested_at,
               count(m.start) AS mentions,
               count(m.start) FILTER (WHERE m.kind = 'entity') AS entities,
               count(m.start) FILTER (WHERE m.kind = 'place') AS places,
               count(m.start) FILTER (WHERE m.kind = 'time') AS times,
               count(m.start) FILTER (WHERE m.kind = 'event') AS event_mentions,
               (SELECT count(*) FROM events e WHERE e.article_id = a.id) AS events
        FROM articles a LEFT JOIN mentions m ON m.article_id = a.id
        WHERE {cond}
        GROUP BY ALL ORDER BY a.ingested_at DESC, a.id LIMIT ? OFFSET ?
        """,
        [*params, limit, offset],
    )
    total = store.query(f"SELECT count(*) AS n FROM articles a WHERE {cond}", params)[0]["n"]
    return rows, int(total)


def _event_conditions(flt: EventFilter, status: str | None) -> tuple[str, list[Any]]:
    """SQL conditions of ``flt`` (all but ``near``, which is a distance computed in Python)."""
    # The list lambda is written `lambda p: …`: DuckDB 2 refuses the old `p -> …` arrow.
    where: list[str] = ["TRUE"]
    params: list[Any] = []
    if flt.since:
        where.append("coalesce(e.\"when\".latest, e.\"when\".earliest) >= ?")
        params.append(flt.since)
    if flt.until:
        where.append("coalesce(e.\"when\".earliest, e.\"when\".latest) <= ?")
        params.append(flt.until)
    if flt.type:
        where.append("e.type = ?")
        params.append(flt.type)
    if status:
        where.append("e.status = ?")
        params.append(status)
    if flt.country:
        where.append(
            "(list_contains(list_transform(e.places, lambda p: p.country), ?) "
            "OR e.actor.country = ? OR e.target.country = ?)"
        )
        params += [flt.country] * 3
    if flt.article:
        where.append("e.article_id LIKE ?")
        params.append(flt.article + "%")
    return " AND ".join(where), params


def event_page(
    store: Store, flt: EventFilter, *, status: str | None = None, offset: int = 0
) -> tuple[list[dict[str, Any]], int]:
    """One page (``offset``, ``flt.limit``) of :func:`event_records`, also filtered by
    status; with the number of events that match.

    Without ``near`` the page is cut in SQL; with it every match is read, since the distance is
    computed here. Sources are read for the page's events only.
    """
    cond, params = _event_conditions(flt, status)
    select = f"""
        SELECT e.*, a.publisher, a.published, a.url, a.title AS article_title
        FROM events e JOIN articles a ON a.id = e.article_id
        WHERE {cond}
        ORDER BY coalesce(e."when".earliest, a.published), e.id
    """
    if flt.near is None:
        rows = store.query(select + " LIMIT ? OFFSET ?", [*params, flt.limit, offset])
        total = int(store.query(
            f"SELECT count(*) AS n FROM events e JOIN articles a ON a.id = e.article_id "
            f"WHERE {cond}", params)[0]["n"])
    else:
        lat, lon, km = flt.near
        rows = [
            r for r in store.query(select, params)
            if any(p.get("lat") is not None and _haversine(lat, lon, p["lat"], p["lon"]) <= km
                   for p in r.get("places") or [])
        ]
        total = len(rows)
        rows = rows[offset: offset + flt.limit]
    _attach_sources(store, rows)
    return rows, total


def _attach_sources(store: Store, rows: list[dict[str, Any]]) -> None:
    """Each event row gets its ``sources`` (original speaker first), without store columns."""
    if not rows:
        return
    sources = store.query(
        "SELECT * FROM event_sources WHERE list_contains(?, event_id) "
        "ORDER BY event_id, position",
        [[r["id"] for r in rows]],
    )
    by_event: dict[str, list[dict[str, Any]]] = {}
    for s in sources:
        event_id = s.pop("event_id")
        s.pop("article_id", None)
        s.pop("position", None)
        by_event.setdefault(event_id, []).append(s)
    for r in rows:
        r["sources"] = by_event.get(r["id"], [])


def event_record(store: Store, event_id: str) -> dict[str, Any] | None:
    """One full event record (as :func:`event_records`) by its id, or by the short id the CLI
    prints (article id prefix ``:`` local id, e.g. ``8af26d73:e5``); None when unknown.

    Raises :class:`StoreError` when a short id names events of several articles.
    """
    article, sep, local = event_id.partition(":")
    if not (sep and article and local):
        return None
    rows = event_records(store, EventFilter(article=article, limit=1_000_000))
    hits = [r for r in rows if str(r["id"]).partition(":")[2] == local]
    if len(hits) > 1:
        raise StoreError(f"event id {event_id!r} is ambiguous: give more of the article id")
    return hits[0] if hits else None


def failure_page(
    store: Store, *, limit: int = 50, offset: int = 0
) -> tuple[list[dict[str, Any]], int]:
    """Failed inputs, latest first, one page; with the number of failures."""
    rows = store.query(
        "SELECT source_ref, stage, error_class, message, created_at, run_id FROM failures "
        "ORDER BY created_at DESC, source_ref LIMIT ? OFFSET ?",
        [limit, offset],
    )
    total = store.query("SELECT count(*) AS n FROM failures")[0]["n"]
    return rows, int(total)


def store_summary(store: Store) -> dict[str, Any]:
    """What the database holds: row counts, events per type and status, the range of
    publication dates, and the latest run."""
    counts = store.counts()

    def tally(column: str) -> dict[str, int]:
        return {
            str(r["k"]): int(r["n"])
            for r in store.query(
                f"SELECT {column} AS k, count(*) AS n FROM events GROUP BY k ORDER BY n DESC, k"
            )
        }

    dates = store.query("SELECT min(published) AS first, max(published) AS last FROM articles")
    runs = store.query("SELECT * FROM runs ORDER BY started_at DESC, run_id LIMIT 1")
    return {
        "counts": counts,
        "events_by_type": tally("type"),
        "events_by_status": tally("status"),
        "published_first": dates[0]["first"],
        "published_last": dates[0]["last"],
        "last_run": runs[0] if runs else None,
    }


def _haversine(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(math.sqrt(min(1.0, a)))
