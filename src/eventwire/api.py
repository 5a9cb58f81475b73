"""The HTTP API (``eventwire serve``): the store read over HTTP, and articles added through the
same ingest path as the CLI.

Read endpoints need no token::

    GET /health                       liveness, versions, whether writes are enabled
    GET /articles                     articles with what was found in each (paged, filtered)
    GET /articles/{id}                one article: text, segments, mentions and events
    GET /events                       coded events (the filters of ``eventwire events``, paged)
    GET /events/{id}                  one event with its evidence spans and sources
    GET /failures                     inputs that could not be processed, and why
    GET /summary                      what the database holds

Write endpoints need ``Authorization: Bearer <token>``, and exist only when the server was
given a token; without one they answer 403, never run open::

    POST /articles                    one record {url, title, published, publisher, text|html}
    POST /articles/fetch              {url}: fetched safely (public addresses only), then stored

Both go through :func:`eventwire.runner.ingest`, so an article is laid out, analysed and stored
exactly as ``eventwire ingest`` does it, a re-post is a no-op, and an input that fails becomes
a ``failures`` row as well as an error answer.

DuckDB has a single writer. The server holds one connection; every request works on a cursor
of it (DuckDB connections must not be shared between threads, cursors are one per thread), and
writes take a lock, so they run one at a time while reads go on. Without a token the database
is opened read-only, so other read-only processes can open it too; with one, no other process
can open it while the server runs.

Responses are the model records of :mod:`eventwire.model`, with the columns the store adds
(ingest time, article metadata of an event); OpenAPI documentation is at ``/docs``.
"""

# No ``from __future__ import annotations`` here: FastAPI reads the endpoint annotations at run
# time, and postponed ones would not resolve names local to create_app.

import hashlib
import hmac
import ipaddress
import threading
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import partial
from pathlib import Path
from typing import Annotated, Any, Generic, TypeVar

from fastapi import Depends, FastAPI, HTTPException, Query, Request, Response
from fastapi import Path as PathParam
from fastapi.responses import JSONResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel, ConfigDict, Field
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from eventwire import __version__, errors
from eventwire.errors import ConfigError, EventwireError, InputError, InputTooLargeError
from eventwire.ingest import build_article, publisher_of, repeated_fingerprints
from eventwire.model import (
    SCHEMA_VERSION,
    Article,
    Event,
    EventStatus,
    Failure,
    InputRecord,
    Mention,
    Run,
    Source,
    article_id_for,
)
from eventwire.readers import DEFAULT_MAX_BYTES, record_from_json
from eventwire.store import Store

__all__ = [
    "MIN_TOKEN_LENGTH",
    "ArticleDetail",
    "ArticleIn",
    "ArticleOut",
    "ArticleRow",
    "EventOut",
    "FailureOut",
    "FetchIn",
    "Health",
    "IngestOut",
    "Page",
    "SummaryOut",
    "create_app",
    "is_loopback_host",
]

#: Shortest token accepted: a guessable token would leave the write endpoints open.
MIN_TOKEN_LENGTH = 16
#: Most rows one page may ask for.
MAX_PAGE = 1000
#: A request body may be this much larger than the text cap: JSON escapes and metadata.
BODY_OVERHEAD = 64 * 1024
#: Article ids are 16 hex digits (a prefix is enough); event ids add ``:`` and a local id. Only
#: these characters reach the store's prefix search (LIKE), so no wildcard gets through.
ARTICLE_ID = r"^[0-9a-fA-F]{1,16}$"
EVENT_ID = r"^[0-9a-fA-F]{1,16}:[A-Za-z0-9]{1,16}$"

T = TypeVar("T")


# -- response and request models -------------------------------------------------------------


class ApiModel(BaseModel):
    """Base of the API's own records: immutable, strict about unknown fields, like the model."""

    model_config = ConfigDict(frozen=True, extra="forbid")


class Page(ApiModel, Generic[T]):
    """One page of a list: ``items[0]`` is match number ``offset`` of ``total``."""

    items: list[T]
    total: int
    limit: int
    offset: int


class Health(ApiModel):
    status: str = "ok"
    version: str = __version__
    schema_version: str = SCHEMA_VERSION
    writes_enabled: bool


class ArticleRow(ApiModel):
    """An article in a list: its metadata and how much was found in it."""

    id: str
    url: str | None
    published: date | None
    publisher: str | None
    title: str | None
    section: str | None
    ingested_at: datetime | None
    mentions: int
    entities: int
    places: int
    times: int
    event_mentions: int = 0  # TimeML-style event mentions (every happening, coded or not)
    events: int


class ArticleOut(Article):
    """A stored :class:`~eventwire.model.Article` with the run that stored it."""

    run_id: str | None = None
    ingested_at: datetime | None = None


class EventOut(Event):
    """A stored :class:`~eventwire.model.Event` with the metadata of its article."""

    publisher: str | None = None
    published: date | None = None
    url: str | None = None
    article_title: str | None = None


class ArticleDetail(ApiModel):
    """An article with everything found in it: what ``eventwire show`` marks."""

    article: ArticleOut
    mentions: list[Mention]
    events: list[EventOut]


class FailureOut(Failure):
    """A :class:`~eventwire.model.Failure` with the run that recorded it."""

    run_id: str | None = None


class SummaryOut(ApiModel):
    counts: dict[str, int]
    events_by_type: dict[str, int]
    events_by_status: dict[str, int]
    published_first: date | None
    published_last: date | None
    last_run: Run | None


class ArticleIn(ApiModel):
    """One article, as a JSONL input record: ``text`` (a page's visible text) or ``html``."""

    url: str | None = None
    title: str | None = None
    published: str | None = Field(default=None, description="YYYY-MM-DD or an ISO datetime")
    publisher: str | None = None
    text: str | None = None
    html: str | None = None
    # accepted so that a line of a JSONL file can be posted as it is; not stored
    id: str | None = None
    license: str | None = None


class FetchIn(ApiModel):
    url: str = Field(description="http(s) URL of a public web page")


class IngestOut(ApiModel):
    """What a POST stored: the article id and what the store holds for it."""

    id: str
    stored: bool = Field(description="false: the article was stored before (nothing written)")
    mentions: int
    events: int
    run_id: str


# -- the application -------------------------------------------------------------------------


class _CursorStore(Store):
    """A :class:`Store` working on a cursor of the server's connection.

    A DuckDB connection must not be used by two threads at once; a cursor is a connection of
    its own to the same database, so each request, and the writer, gets one.
    """

    def __init__(self, root: Store) -> None:  # no super().__init__: the database is open
        self.path = root.path
        self.con = root.con.cursor()


@dataclass
class _State:
    root: Store  # only ever asked for cursors (under cursor_lock) once the app is built
    token: bytes | None
    max_bytes: int
    fetcher: Callable[[str], InputRecord]
    cursor_lock: threading.Lock = field(default_factory=threading.Lock)
    write_lock: threading.Lock = field(default_factory=threading.Lock)
    writer: Store | None = None  # used under write_lock only

    @contextmanager
    def reading(self) -> Iterator[Store]:
        """A store on a fresh cursor, for one request."""
        with self.cursor_lock:
            store = _CursorStore(self.root)
        try:
            yield store
        finally:
            store.close()

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
        self.root.close()


def is_loopback_host(host: str) -> bool:
    """Whether ``host`` (an address or ``localhost``) is reachable from this machine only."""
    if host.casefold() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False  # a name could resolve anywhere


def create_app(
    db_path: str | Path,
    *,
    token: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    fetcher: Callable[[str], InputRecord] | None = None,
) -> FastAPI:
    """The API over the DuckDB file ``db_path``.

    ``token`` enables the write endpoints (and opens the database for writing, creating it if
    needed); without it the database must exist and is opened read-only. ``max_bytes`` caps a
    posted or fetched article, as ``--max-bytes`` caps files. ``fetcher`` fetches the page of
    ``POST /articles/fetch``; by default :func:`eventwire.readers.fetch.fetch_url`, which
    refuses private addresses.

    Raises:
        ConfigError: a token shorter than :data:`MIN_TOKEN_LENGTH`.
        StoreError: the database cannot be opened.
    """
    if token is not None and len(token.strip()) < MIN_TOKEN_LENGTH:
        raise ConfigError(
            f"the API token must have at least {MIN_TOKEN_LENGTH} characters; make one with "
            "python -c 'import secrets; print(secrets.token_urlsafe(32))'"
        )
    if fetcher is None:
        from eventwire.readers.fetch import fetch_url

        fetcher = partial(fetch_url, allow_private=False, max_bytes=max_bytes)
    root = Store(db_path, read_only=token is None)
    state = _State(root=root, token=token.strip().encode() if token else None,
                   max_bytes=max_bytes, fetcher=fetcher)
    if token is not None:
        state.writer = _CursorStore(root)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        yield
        state.close()

    app = FastAPI(
        title="eventwire",
        version=__version__,
        summary="Event data extracted from news articles, with the evidence for every fact.",
        lifespan=lifespan,
    )
    app.state.eventwire = state
    app.add_middleware(_BodyLimit, max_body=max_bytes * 2 + BODY_OVERHEAD)
    _add_read_routes(app, state)
    _add_write_routes(app, state)
    return app


def _http_error(exc: EventwireError) -> HTTPException:
    """A bad filter is the client's error (422); anything else that failed is ours (500)."""
    if isinstance(exc, ConfigError):
        # the filter messages name the CLI option (--near); the parameter is the same name
        return HTTPException(422, exc.message.removeprefix("--"))
    return HTTPException(500, str(exc))


def _event_out(row: dict[str, Any]) -> EventOut:
    # event_records keeps the store's columns of each source (article_id, position)
    sources = [{k: v for k, v in s.items() if k in Source.model_fields}
               for s in row.get("sources") or []]
    return EventOut.model_validate({**row, "sources": sources})


def _add_read_routes(app: FastAPI, state: _State) -> None:
    from eventwire import queries

    limit_q = Query(ge=1, le=MAX_PAGE, description="Rows per page.")
    offset_q = Query(ge=0, description="Rows to skip.")

    @app.get("/health", tags=["read"])
    def health() -> Health:
        """Whether the server and its database answer."""
        try:
            with state.reading() as store:
                store.query("SELECT 1")
        except Exception as exc:  # the health check must say why, not crash
            raise HTTPException(503, f"database unavailable: {exc}") from exc
        return Health(writes_enabled=state.writer is not None)

    @app.get("/articles", tags=["read"])
    def list_articles(
        limit: Annotated[int, limit_q] = 50,
        offset: Annotated[int, offset_q] = 0,
        publisher: Annotated[str | None, Query(description="Exact publisher name.")] = None,
        since: Annotated[date | None, Query(description="Published on or after.")] = None,
        until: Annotated[date | None, Query(description="Published on or before.")] = None,
    ) -> Page[ArticleRow]:
        """Stored articles, newest ingest first, with counts of what was found in each."""
        with state.reading() as store:
            rows, total = queries.article_page(store, limit=limit, offset=offset,
                                               publisher=publisher, since=since, until=until)
        return Page[ArticleRow](items=[ArticleRow.model_validate(r) for r in rows],
                                total=total, limit=limit, offset=offset)

    @app.get("/articles/{article_id}", tags=["read"])
    def get_article(
        article_id: Annotated[str, PathParam(pattern=ARTICLE_ID, description="Id or prefix.")],
    ) -> ArticleDetail:
        """One article (id or a unique prefix): text, segments, mentions and events, each with
        its character offsets in the text."""
        with state.reading() as store:
            try:
                full = store.find_article_id(article_id.lower())
            except errors.StoreError as exc:  # a prefix of several ids
                raise HTTPException(400, exc.message) from exc
            if full is None:
                raise HTTPException(404, f"no article with id {article_id!r}")
            try:
                ev = queries.article_evidence(store, full)
            except EventwireError as exc:
                raise _http_error(exc) from exc
        return ArticleDetail(
            article=ArticleOut.model_validate(ev["article"]),
            mentions=[Mention.model_validate(m) for m in ev["mentions"]],
            events=[_event_out(e) for e in ev["events"]],
        )

    @app.get("/events", tags=["read"])
    def list_events(
        type_: Annotated[str | None, Query(alias="type", description="PLOVER type.")] = None,
        status: EventStatus | None = None,
        country: Annotated[
            str | None,
            Query(pattern="^[A-Za-z]{2}$", description="ISO alpha-2 of a place or an actor."),
        ] = None,
        since: Annotated[date | None, Query(description="Events on or after.")] = None,
        until: Annotated[date | None, Query(description="Events on or before.")] = None,
        near: Annotated[str | None, Query(description="LAT,LON,KM: within KM km.")] = None,
        article: Annotated[str | None, Query(description="Article id (prefix).")] = None,
        limit: Annotated[int, limit_q] = 100,
        offset: Annotated[int, offset_q] = 0,
    ) -> Page[EventOut]:
        """Coded events in time order, with the filters of ``eventwire events``."""
        try:
            flt = queries.EventFilter.parse(
                since=since.isoformat() if since else None,
                until=until.isoformat() if until else None,
                type_=type_, country=country, near=near, article=article, limit=limit,
            )
            with state.reading() as store:
                rows, total = queries.event_page(
                    store, flt, status=status.value if status else None, offset=offset
                )
        except EventwireError as exc:
            raise _http_error(exc) from exc
        return Page[EventOut](items=[_event_out(r) for r in rows], total=total, limit=limit,
                              offset=offset)

    @app.get("/events/{event_id}", tags=["read"])
    def get_event(
        event_id: Annotated[str, PathParam(pattern=EVENT_ID, description="Event id.")],
    ) -> EventOut:
        """One event by id (``<article id>:e<n>``, or the short id the CLI prints), with its
        trigger, evidence spans and chain of sources."""
        try:
            with state.reading() as store:
                row = queries.event_record(store, event_id.lower())
        except errors.StoreError as exc:  # a short id of events in several articles
            raise HTTPException(400, exc.message) from exc
        if row is None:
            raise HTTPException(404, f"no event with id {event_id!r}")
        return _event_out(row)

    @app.get("/failures", tags=["read"])
    def list_failures(
        limit: Annotated[int, limit_q] = 50,
        offset: Annotated[int, offset_q] = 0,
    ) -> Page[FailureOut]:
        """Inputs that could not be processed, latest first, and why."""
        with state.reading() as store:
            rows, total = queries.failure_page(store, limit=limit, offset=offset)
        return Page[FailureOut](items=[FailureOut.model_validate(r) for r in rows],
                                total=total, limit=limit, offset=offset)

    @app.get("/summary", tags=["read"])
    def summary() -> SummaryOut:
        """Row counts, events per type and status, publication dates, the latest run."""
        with state.reading() as store:
            return SummaryOut.model_validate(queries.store_summary(store))


# -- writing ---------------------------------------------------------------------------------

_bearer = HTTPBearer(auto_error=False, description="The token given to `eventwire serve`.")


def _require_token(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> None:
    """Let a request through only with the server's token; no token configured, no writes."""
    state: _State = request.app.state.eventwire
    if state.token is None or state.writer is None:
        raise HTTPException(
            403, "write endpoints are disabled: start the server with --token or "
                 "EVENTWIRE_API_TOKEN to enable them"
        )
    if credentials is None:
        raise HTTPException(401, "this endpoint needs an 'Authorization: Bearer <token>' header",
                            headers={"WWW-Authenticate": "Bearer"})
    if not hmac.compare_digest(credentials.credentials.encode(), state.token):
        raise HTTPException(401, "wrong token",
                            headers={"WWW-Authenticate": 'Bearer error="invalid_token"'})


#: HTTP status of an input that failed, by the error class recorded for it (most specific
#: first); anything else that failed is a pipeline error, ours (500).
_FAILURE_STATUS: tuple[tuple[type[EventwireError], int], ...] = (
    (errors.UnsafeURLError, 400),
    (errors.FetchTimeoutError, 504),
    (errors.FetchError, 502),  # the page's server failed, or sent what is not a page
    (InputTooLargeError, 413),
    (InputError, 422),  # empty, binary, no article body, a bad record
)


def _failure_status(failure: Failure) -> int:
    cls = getattr(errors, failure.error_class, None)
    if isinstance(cls, type):
        for base, status in _FAILURE_STATUS:
            if issubclass(cls, base):
                return status
    return 500


def _stored_id(store: Store, record: InputRecord) -> str | None:
    """The id the runner gave ``record``: laid out again, against the same publisher sentences
    the runner used (the store now holds this batch's, as the runner's view did)."""
    publisher = publisher_of(record)
    texts = ([(article_id_for(record.text), publisher, record.text)]
             if record.text is not None and publisher else [])
    known = {publisher: store.fingerprints(publisher)} if publisher else {}
    repeated = repeated_fingerprints(texts, known)
    try:
        return build_article(record, repeated=repeated.get(publisher or "", ())).id
    except EventwireError:
        return None


def _ingest_one(state: _State, item: InputRecord | InputError, response: Response) -> IngestOut:
    """Run one input through :func:`eventwire.runner.ingest` (the CLI's path), one at a time."""
    from eventwire import queries
    from eventwire.runner import ingest

    with state.write_lock:
        store = state.writer
        assert store is not None  # _require_token let the request through
        summary = ingest([], store, records=[item], workers=1, max_bytes=state.max_bytes)
        if summary.failures:
            failure = summary.failures[0]
            raise HTTPException(_failure_status(failure),
                                f"{failure.error_class}: {failure.message}")
        if summary.article_ids:
            article_id: str | None = summary.article_ids[0]
        else:  # skipped: stored before
            article_id = _stored_id(store, item) if isinstance(item, InputRecord) else None
        rows = queries.article_page(store, article_id=article_id, limit=1)[0] if article_id else []
    if not rows:  # neither stored nor found: a bug, not the client's fault
        raise HTTPException(500, "the article was not stored and is not in the database")
    response.status_code = 201 if summary.stored else 200
    return IngestOut(id=rows[0]["id"], stored=bool(summary.stored),
                     mentions=rows[0]["mentions"], events=rows[0]["events"],
                     run_id=summary.run_id)


def _add_write_routes(app: FastAPI, state: _State) -> None:
    auth = [Depends(_require_token)]

    @app.post("/articles", tags=["write"], dependencies=auth, status_code=201,
              responses={200: {"description": "already stored: nothing written"}})
    def post_article(body: ArticleIn, response: Response) -> IngestOut:
        """Analyse one article and store it, as ``eventwire ingest`` does with a JSONL line.

        201 with the new article's id, or 200 with the id of the same article stored before.
        An input that fails is recorded in ``/failures`` and answered with 413 (over the size
        cap) or 422 (empty, no article body, a bad field)."""
        content = body.text or body.html or ""
        ref = body.url or "api:" + hashlib.sha256(content.encode()).hexdigest()[:16]
        item: InputRecord | InputError
        if len(content.encode()) > state.max_bytes:
            item = InputTooLargeError(f"over the {state.max_bytes:,}-byte cap", source_ref=ref)
        else:
            try:
                item = record_from_json(body.model_dump(exclude_none=True), ref)
            except InputError as exc:
                item = exc
        return _ingest_one(state, item, response)

    @app.post("/articles/fetch", tags=["write"], dependencies=auth, status_code=201,
              responses={200: {"description": "already stored: nothing written"}})
    def fetch_article(body: FetchIn, response: Response) -> IngestOut:
        """Fetch a public web page (private, loopback and link-local addresses are refused,
        redirects included), then store it as ``POST /articles`` does.

        A failure is recorded in ``/failures`` and answered with 400 (a refused URL), 502 (the
        page's server failed, or sent no web page), 504 (too slow) or 422 (no article body)."""
        item: InputRecord | InputError
        try:
            item = state.fetcher(body.url)  # outside the write lock: the network is slow
        except InputError as exc:
            exc.source_ref = exc.source_ref or body.url
            item = exc
        return _ingest_one(state, item, response)


# -- request size ----------------------------------------------------------------------------


class _BodyLimit:
    """Refuse request bodies over ``max_body`` bytes (413) before they are read whole: by
    ``Content-Length``, and by counting when the body comes in chunks."""

    def __init__(self, app: ASGIApp, max_body: int) -> None:
        self.app = app
        self.max_body = max_body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        detail = f"request body over {self.max_body:,} bytes"
        for name, value in scope["headers"]:
            if name == b"content-length" and value.isdigit() and int(value) > self.max_body:
                await JSONResponse({"detail": detail}, status_code=413)(scope, receive, send)
                return
        received = 0

        async def counting_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_body:
                    # FastAPI passes an HTTPException raised while reading the body through
                    # (any other error becomes a 400 "error parsing the body")
                    raise HTTPException(413, detail)
            return message

        await self.app(scope, counting_receive, send)
