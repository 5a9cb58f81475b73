"""The HTTP API over a temporary DuckDB: token rules, the ingest path, reads checked against
what the store holds, paging, errors; and the `eventwire serve` command."""

from __future__ import annotations

import socket
import threading
import warnings
from collections.abc import Iterator
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn
from starlette.exceptions import StarletteDeprecationWarning
from typer.testing import CliRunner

from eventwire.api import MIN_TOKEN_LENGTH, create_app, is_loopback_host
from eventwire.cli import app as cli_app
from eventwire.errors import ConfigError, StoreError
from eventwire.ingest import build_article
from eventwire.model import InputRecord
from eventwire.readers.fetch import fetch_url
from eventwire.runner import ingest
from eventwire.store import Store

with warnings.catch_warnings():
    # Starlette now prefers the httpx2 fork; the pinned httpx serves the test client the same
    warnings.simplefilter("ignore", StarletteDeprecationWarning)
    from fastapi.testclient import TestClient

TOKEN = "test-token-0123456789abcdef"
AUTH = {"Authorization": f"Bearer {TOKEN}"}

MALI_TEXT = (
    "Rebels attack army base in Mali\n\n"
    "Islamist rebels attacked an army base in central Mali on Sunday, killing at least 12 "
    "soldiers, the defence ministry said on Monday. The government condemned the attack and "
    "vowed to hunt down those responsible.\n"
)
MALI = {"title": None, "published": "2023-05-08", "publisher": "Example Wire", "text": MALI_TEXT}
FLOOD = {
    "url": "https://wire.example/nigeria-floods",
    "published": "2023-09-04",
    "publisher": "Other Wire",
    "text": "Flooding displaces thousands\n\nHeavy rains have displaced more than 20,000 people "
            "in northern Nigeria since Friday, the emergency agency said on Monday.\n",
}
PAGE = (Path(__file__).parent / "fixtures" / "html" / "article.html").read_text(encoding="utf-8")


def fake_resolver(host: str, port: int) -> list[tuple[Any, ...]]:
    """One public name; anything else does not resolve (the tests never touch the network)."""
    if host != "news.example":
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
    return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("93.184.216.34", port))]


def mock_web(request: httpx.Request) -> httpx.Response:
    return httpx.Response(200, headers={"content-type": "text/html"}, text=PAGE)


def store_rows(client: TestClient, sql: str, *params: Any) -> list[dict[str, Any]]:
    """Ask the store behind the app directly (a cursor of the server's own connection)."""
    with client.app.state.eventwire.reading() as store:  # type: ignore[attr-defined]
        rows: list[dict[str, Any]] = store.query(sql, list(params))
    return rows


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    db = tmp_path_factory.mktemp("api") / "api.duckdb"
    web = httpx.Client(transport=httpx.MockTransport(mock_web))
    # the fetcher the server would use, with the mock web and the fake DNS put in
    fetcher = partial(fetch_url, allow_private=False, client=web, resolver=fake_resolver)
    with TestClient(create_app(db, token=TOKEN, fetcher=fetcher)) as test_client:
        yield test_client


@pytest.fixture(scope="module")
def posted(client: TestClient) -> dict[str, Any]:
    res = client.post("/articles", json=MALI, headers=AUTH)
    assert res.status_code == 201, res.text
    body: dict[str, Any] = res.json()
    return body


@pytest.fixture(scope="module")
def seeded_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database written and closed before a server opens it (read-only servers)."""
    db = tmp_path_factory.mktemp("seeded") / "seeded.duckdb"
    record = InputRecord(source_ref="mali", input_format="jsonl", text=MALI_TEXT,
                         publisher="Example Wire", published=date(2023, 5, 8))
    with Store(db) as store:
        assert ingest([], store, records=[record], workers=1).stored == 1
    return db


# -- writing: the token -----------------------------------------------------------------------


def test_health(client: TestClient) -> None:
    res = client.get("/health")
    assert res.status_code == 200
    assert res.json() == {"status": "ok", "version": "0.1.0", "schema_version": "1.0",
                          "writes_enabled": True}


@pytest.mark.parametrize(
    "headers",
    [{}, {"Authorization": "Bearer wrong-token-0123456789"}, {"Authorization": f"Basic {TOKEN}"},
     {"Authorization": f"Bearer {TOKEN}x"}, {"Authorization": TOKEN}],
)
def test_post_without_the_token_is_refused(client: TestClient, headers: dict[str, str]) -> None:
    before = store_rows(client, "SELECT count(*) AS n FROM articles")[0]["n"]
    res = client.post("/articles", json=FLOOD, headers=headers)
    assert res.status_code == 401
    assert res.headers["www-authenticate"].startswith("Bearer")
    assert store_rows(client, "SELECT count(*) AS n FROM articles")[0]["n"] == before
    fetch = client.post("/articles/fetch", json={"url": "https://news.example/x"},
                        headers=headers)
    assert fetch.status_code == 401


def test_post_stores_the_article_as_the_cli_does(client: TestClient,
                                                 posted: dict[str, Any]) -> None:
    article_id = posted["id"]
    assert len(article_id) == 16 and posted["stored"] is True
    held = store_rows(client, "SELECT (SELECT count(*) FROM events WHERE article_id = $1) AS e, "
                              "(SELECT count(*) FROM mentions WHERE article_id = $1) AS m",
                      article_id)[0]
    assert posted["events"] == held["e"] > 0
    assert posted["mentions"] == held["m"] > 0
    run = store_rows(client, "SELECT counts FROM runs WHERE run_id = ?", posted["run_id"])
    assert run[0]["counts"]["stored"] == 1


def test_repost_is_idempotent(client: TestClient, posted: dict[str, Any]) -> None:
    before = store_rows(client, "SELECT count(*) AS n FROM events")[0]["n"]
    res = client.post("/articles", json=MALI, headers=AUTH)
    assert res.status_code == 200
    again = res.json()
    assert again["stored"] is False and again["id"] == posted["id"]
    assert (again["events"], again["mentions"]) == (posted["events"], posted["mentions"])
    assert store_rows(client, "SELECT count(*) AS n FROM events")[0]["n"] == before


# -- reading ----------------------------------------------------------------------------------


def test_get_articles_lists_the_posted_article(client: TestClient,
                                               posted: dict[str, Any]) -> None:
    res = client.get("/articles", params={"publisher": "Example Wire"})
    assert res.status_code == 200
    page = res.json()
    assert page["total"] == 1 and (page["limit"], page["offset"]) == (50, 0)
    (row,) = page["items"]
    assert row["id"] == posted["id"]
    assert row["title"] == "Rebels attack army base in Mali"
    assert row["published"] == "2023-05-08" and row["publisher"] == "Example Wire"
    assert row["events"] == posted["events"] and row["mentions"] == posted["mentions"]
    assert row["entities"] + row["places"] + row["times"] + row["event_mentions"] \
        == row["mentions"]
    assert row["event_mentions"] >= row["events"] > 0


def test_get_article_with_its_evidence(client: TestClient, posted: dict[str, Any]) -> None:
    res = client.get(f"/articles/{posted['id'][:8]}")  # a unique prefix, as in the CLI
    assert res.status_code == 200
    detail = res.json()
    art = detail["article"]
    assert art["id"] == posted["id"] and art["text"] == MALI_TEXT
    assert art["published_source"] == "given" and art["run_id"] and art["ingested_at"]
    assert [s["kind"] for s in art["segments"]][:2] == ["title", "body"]
    assert len(detail["mentions"]) == posted["mentions"]
    for m in detail["mentions"]:
        assert MALI_TEXT[m["start"]:m["end"]] == m["text"]
    assert len(detail["events"]) == posted["events"]


def test_get_events_agrees_with_the_store_and_the_text(client: TestClient,
                                                       posted: dict[str, Any]) -> None:
    res = client.get("/events", params={"article": posted["id"]})
    assert res.status_code == 200
    page = res.json()
    held = store_rows(client, "SELECT id FROM events WHERE article_id = ? ORDER BY id",
                      posted["id"])
    assert page["total"] == len(held) == posted["events"]
    assert sorted(e["id"] for e in page["items"]) == [r["id"] for r in held]
    for event in page["items"]:
        trig = event["trigger"]
        assert MALI_TEXT[trig["start"]:trig["end"]] == trig["text"]
        for span in event["evidence"]:
            assert MALI_TEXT[span["start"]:span["end"]] == span["text"]
        assert event["sources"][-1]["kind"] == "publisher"
        assert event["sources"][-1]["name"] == "Example Wire"
        assert event["publisher"] == "Example Wire" and event["published"] == "2023-05-08"
    attack = next(e for e in page["items"] if e["trigger"]["text"] == "attacked")
    assert attack["type"] == "ASSAULT" and attack["status"] == "occurred"
    assert "Mali" in [p["name"] for p in attack["places"]]


def test_get_event_by_full_and_short_id(client: TestClient, posted: dict[str, Any]) -> None:
    first = client.get("/events", params={"article": posted["id"], "limit": 1}).json()["items"][0]
    full = client.get(f"/events/{first['id']}")
    assert full.status_code == 200 and full.json() == first
    local = first["id"].partition(":")[2]
    short = client.get(f"/events/{posted['id'][:8]}:{local}")
    assert short.status_code == 200 and short.json()["id"] == first["id"]


@pytest.mark.parametrize(
    "path", ["/articles/ffffffffffffffff", "/events/ffffffff:e1", "/events/ffffffff:e999"]
)
def test_unknown_ids_are_404(client: TestClient, posted: dict[str, Any], path: str) -> None:
    res = client.get(path)
    assert res.status_code == 404
    assert "no article" in res.json()["detail"] or "no event" in res.json()["detail"]


@pytest.mark.parametrize(
    "path", ["/articles/zz", "/articles/%25", "/articles/_", "/events/nonsense", "/events/abc:",
             "/events/%25:e1", "/articles/" + "a" * 17],
)
def test_malformed_ids_are_422(client: TestClient, posted: dict[str, Any], path: str) -> None:
    # ids are hex: a LIKE wildcard (% or _) never reaches the prefix search
    assert client.get(path).status_code == 422


def test_ambiguous_prefix_is_400(client: TestClient, posted: dict[str, Any]) -> None:
    # an article whose id starts with the same digit as the posted one (1 in 16 do)
    def text(n: int) -> str:
        return f"Police arrested {n} protesters in Nairobi on Tuesday, witnesses said.\n"

    n = next(n for n in range(1, 500) if build_article(InputRecord(
        source_ref="x", input_format="jsonl", text=text(n))).id[0] == posted["id"][0])
    twin = client.post("/articles", json={"text": text(n)}, headers=AUTH).json()["id"]
    assert twin != posted["id"] and twin[0] == posted["id"][0]
    res = client.get(f"/articles/{twin[0]}")
    assert res.status_code == 400 and "ambiguous" in res.json()["detail"]
    assert client.get(f"/articles/{twin}").json()["article"]["id"] == twin


def test_paging_walks_every_row_once(client: TestClient, posted: dict[str, Any]) -> None:
    res = client.post("/articles", json=FLOOD, headers=AUTH)
    assert res.status_code == 201
    n_articles = store_rows(client, "SELECT count(*) AS n FROM articles")[0]["n"]
    assert n_articles >= 2
    pages = [client.get("/articles", params={"limit": 1, "offset": i}).json()
             for i in range(n_articles + 1)]
    assert all(p["total"] == n_articles for p in pages)
    ids = [p["items"][0]["id"] for p in pages[:-1]]
    assert len(set(ids)) == n_articles and pages[-1]["items"] == []
    assert ids[0] == res.json()["id"]  # newest ingest first

    everything = client.get("/events").json()
    n_events = store_rows(client, "SELECT count(*) AS n FROM events")[0]["n"]
    assert everything["total"] == n_events == len(everything["items"])
    walked = []
    for offset in range(0, n_events, 2):
        page = client.get("/events", params={"limit": 2, "offset": offset}).json()
        assert page["total"] == n_events and page["offset"] == offset
        walked += [e["id"] for e in page["items"]]
    assert walked == [e["id"] for e in everything["items"]]


def test_event_filters(client: TestClient, posted: dict[str, Any]) -> None:
    assaults = client.get("/events", params={"type": "assault"}).json()
    held = store_rows(client, "SELECT count(*) AS n FROM events WHERE type = 'ASSAULT'")
    assert assaults["total"] == held[0]["n"] >= 1
    assert {e["type"] for e in assaults["items"]} == {"ASSAULT"}
    occurred = client.get("/events", params={"status": "occurred"}).json()
    assert occurred["items"] and {e["status"] for e in occurred["items"]} == {"occurred"}
    mali = client.get("/events", params={"country": "ML", "type": "ASSAULT"}).json()
    assert [e["trigger"]["text"] for e in mali["items"]] == ["attacked"]
    assert client.get("/events", params={"since": "2999-01-01"}).json()["total"] == 0
    near = client.get("/events", params={"near": "17.0,-4.0,1500", "type": "ASSAULT"}).json()
    assert near["total"] == 1
    for bad in ({"status": "rumoured"}, {"country": "MLI"}, {"near": "north"},
                {"since": "yesterday"}, {"limit": 0}, {"limit": 5000}, {"offset": -1}):
        assert client.get("/events", params=bad).status_code == 422, bad
    assert client.get("/articles", params={"publisher": "Nobody"}).json()["total"] == 0
    dated = client.get("/articles", params={"since": "2023-09-01"}).json()
    assert [a["publisher"] for a in dated["items"]] == ["Other Wire"]


def test_failed_posts_are_recorded_and_answered(client: TestClient) -> None:
    cases = [
        ({"text": "   "}, 422, "EmptyInputError"),
        ({"html": "<html><head><title>Menu</title></head><body> </body></html>",
          "url": "https://wire.example/empty-page"}, 422, "NoBodyError"),
        ({"text": "Some text.", "published": "yesterday"}, 422, "RecordError"),
    ]
    for body, status, error in cases:
        res = client.post("/articles", json=body, headers=AUTH)
        assert res.status_code == status, res.text
        assert res.json()["detail"].startswith(f"{error}: ")
    failures = client.get("/failures").json()
    assert {f["error_class"] for f in failures["items"]} >= {c[2] for c in cases}
    page_failure = next(f for f in failures["items"]
                        if f["source_ref"] == "https://wire.example/empty-page")
    assert page_failure["stage"] == "structure" and page_failure["run_id"]
    # a field the record does not have is refused by the request model
    assert client.post("/articles", json={"body": "x"}, headers=AUTH).status_code == 422


def test_summary_counts_what_the_store_holds(client: TestClient, posted: dict[str, Any]) -> None:
    summary = client.get("/summary").json()
    for table in ("articles", "mentions", "events", "failures"):
        held = store_rows(client, f"SELECT count(*) AS n FROM {table}")[0]["n"]
        assert summary["counts"][table] == held
    assert sum(summary["events_by_type"].values()) == summary["counts"]["events"]
    assert sum(summary["events_by_status"].values()) == summary["counts"]["events"]
    assert summary["published_first"] <= "2023-05-08" <= summary["published_last"]
    assert summary["last_run"]["versions"]["eventwire"] == "0.1.0"


# -- POST /articles/fetch ---------------------------------------------------------------------


def test_fetch_endpoint_stores_a_public_page(client: TestClient) -> None:
    res = client.post("/articles/fetch", json={"url": "https://news.example/flood-barrier"},
                      headers=AUTH)
    assert res.status_code == 201, res.text
    detail = client.get(f"/articles/{res.json()['id']}").json()
    assert detail["article"]["url"] == "https://news.example/flood-barrier"
    assert detail["article"]["input_format"] == "html"
    assert "flood barrier" in detail["article"]["text"]


@pytest.mark.parametrize(
    ("url", "status", "error"),
    [
        ("http://127.0.0.1:8000/admin", 400, "UnsafeURLError"),
        ("http://169.254.169.254/latest/meta-data/", 400, "UnsafeURLError"),
        ("http://[::1]/", 400, "UnsafeURLError"),
        ("file:///etc/passwd", 400, "UnsafeURLError"),
        ("https://unknown.example/", 502, "FetchError"),
    ],
)
def test_fetch_endpoint_refuses_and_records(client: TestClient, url: str, status: int,
                                            error: str) -> None:
    res = client.post("/articles/fetch", json={"url": url}, headers=AUTH)
    assert res.status_code == status, res.text
    assert res.json()["detail"].startswith(f"{error}: ")
    rows = store_rows(client, "SELECT error_class FROM failures WHERE source_ref = ?", url)
    assert [r["error_class"] for r in rows] == [error]


# -- concurrency ------------------------------------------------------------------------------


def test_reads_go_on_while_an_article_is_written(client: TestClient,
                                                 posted: dict[str, Any]) -> None:
    text = ("Strike halts trains in Paris\n\nUnion workers went on strike across Paris on "
            "Thursday, halting most commuter trains, the transport authority said.\n")
    outcome: dict[str, int] = {}

    def write() -> None:
        res = client.post("/articles", json={"text": text, "published": "2023-06-01"},
                          headers=AUTH)
        outcome["status"] = res.status_code

    writer = threading.Thread(target=write)
    writer.start()
    statuses = [client.get("/articles", params={"limit": 5}).status_code for _ in range(10)]
    writer.join(timeout=60)
    assert outcome["status"] == 201 and set(statuses) == {200}


# -- other servers: no token, small caps, bad settings ---------------------------------------


def test_without_a_token_writes_are_disabled(seeded_db: Path) -> None:
    with TestClient(create_app(seeded_db)) as ro:
        assert ro.get("/health").json()["writes_enabled"] is False
        assert ro.get("/articles").json()["total"] == 1
        for headers in ({}, AUTH):
            res = ro.post("/articles", json=MALI, headers=headers)
            assert res.status_code == 403
            assert "write endpoints are disabled" in res.json()["detail"]
            fetch = ro.post("/articles/fetch", json={"url": "https://news.example/"},
                            headers=headers)
            assert fetch.status_code == 403


def test_size_caps(tmp_path: Path) -> None:
    with TestClient(create_app(tmp_path / "small.duckdb", token=TOKEN, max_bytes=2000)) as small:
        res = small.post("/articles", json={"text": "Word. " * 500}, headers=AUTH)
        assert res.status_code == 413
        assert res.json()["detail"] == "InputTooLargeError: over the 2,000-byte cap"
        # the request body itself is capped before it is read whole, declared or chunked
        big = b'{"text": "' + b"x" * 100_000 + b'"}'
        declared = small.post("/articles", content=big, headers={**AUTH,
                              "content-type": "application/json"})
        assert declared.status_code == 413 and "request body over" in declared.json()["detail"]
        chunked = small.post("/articles", content=iter([big[:50_000], big[50_000:]]),
                             headers={**AUTH, "content-type": "application/json"})
        assert chunked.status_code == 413 and "request body over" in chunked.json()["detail"]
        # the default fetcher refuses private addresses (no connection is tried)
        res = small.post("/articles/fetch", json={"url": "http://127.0.0.1:9/"}, headers=AUTH)
        assert res.status_code == 400 and "loopback" in res.json()["detail"]


def test_bad_settings(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=f"at least {MIN_TOKEN_LENGTH} characters"):
        create_app(tmp_path / "x.duckdb", token="short")
    with pytest.raises(StoreError, match="run `eventwire ingest` first"):
        create_app(tmp_path / "missing.duckdb")  # read-only: the database must exist


def test_is_loopback_host() -> None:
    assert all(map(is_loopback_host, ["127.0.0.1", "127.0.0.2", "::1", "[::1]", "localhost"]))
    assert not any(map(is_loopback_host, ["0.0.0.0", "::", "192.168.1.10", "example.com"]))


# -- eventwire serve --------------------------------------------------------------------------

runner = CliRunner()


@pytest.fixture()
def served(monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, Any]]:
    """What `eventwire serve` hands to uvicorn (nothing listens)."""
    calls: dict[str, Any] = {}
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: calls.update(app=app, **kw))
    yield calls
    if "app" in calls:
        calls["app"].state.eventwire.close()


def test_serve_defaults_to_loopback_and_read_only(seeded_db: Path,
                                                  served: dict[str, Any]) -> None:
    res = runner.invoke(cli_app, ["--db", str(seeded_db), "serve"], env={})
    assert res.exit_code == 0, res.output
    assert (served["host"], served["port"]) == ("127.0.0.1", 8000)
    assert served["app"].state.eventwire.token is None
    assert "write endpoints disabled" in res.stderr


def test_serve_takes_the_token_from_the_environment(tmp_path: Path,
                                                    served: dict[str, Any]) -> None:
    res = runner.invoke(cli_app, ["--db", str(tmp_path / "new.duckdb"), "serve", "--port", "9001"],
                        env={"EVENTWIRE_API_TOKEN": TOKEN})
    assert res.exit_code == 0, res.output
    assert served["port"] == 9001 and served["app"].state.eventwire.token == TOKEN.encode()
    assert "write endpoints enabled" in res.stderr


def test_serve_refuses_a_remote_address_unless_asked(seeded_db: Path,
                                                     served: dict[str, Any]) -> None:
    res = runner.invoke(cli_app, ["--db", str(seeded_db), "serve", "--host", "0.0.0.0"], env={})
    assert res.exit_code == 1 and "--allow-remote" in res.stderr and served == {}
    res = runner.invoke(cli_app, ["--db", str(seeded_db), "serve", "--host", "0.0.0.0",
                                  "--allow-remote"], env={})
    assert res.exit_code == 0, res.output
    assert served["host"] == "0.0.0.0" and "warning" in res.stderr


def test_serve_refuses_a_short_token(seeded_db: Path, served: dict[str, Any]) -> None:
    res = runner.invoke(cli_app, ["--db", str(seeded_db), "serve", "--token", "abc"], env={})
    assert res.exit_code == 1 and "at least 16 characters" in res.stderr and served == {}
