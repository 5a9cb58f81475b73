"""The safe URL fetcher and `eventwire ingest --url`, without the network: every response comes
from an httpx.MockTransport and every host name from a fake resolver."""

from __future__ import annotations

import ipaddress
import json
import re
import socket
import time
from collections.abc import Callable, Iterator, Sequence
from functools import partial
from pathlib import Path
from typing import Any

import httpx
import pytest
from typer.testing import CliRunner

from eventwire.cli import app
from eventwire.errors import (
    BinaryInputError,
    ContentTypeError,
    FetchError,
    FetchTimeoutError,
    FetchTooLargeError,
    InputError,
    UnsafeURLError,
)
from eventwire.readers import DEFAULT_MAX_BYTES
from eventwire.readers import fetch as fetch_module
from eventwire.readers.fetch import fetch_url, iter_urls, non_public_reason

FIXTURES = Path(__file__).parent / "fixtures" / "html"
PAGE = (FIXTURES / "article.html").read_text(encoding="utf-8")
PUBLIC_IP = "93.184.216.34"
HTML = {"content-type": "text/html; charset=utf-8"}

#: What the fake DNS knows: public names, and names that lead into private networks.
ZONE: dict[str, list[str]] = {
    "news.example": [PUBLIC_IP],
    "other.example": ["151.101.1.1"],
    "intranet.example": ["10.0.0.5"],
    "router.example": ["192.168.1.1"],
    "loopback.example": ["127.0.0.1"],
    "loopback6.example": ["::1"],
    "metadata.example": ["169.254.169.254"],
    "linklocal6.example": ["fe80::1"],
    "cgnat.example": ["100.64.0.7"],
    # one public and one private answer: every address is checked, not just the first
    "mixed.example": [PUBLIC_IP, "127.0.0.1"],
}


def fake_resolver(host: str, port: int) -> list[tuple[Any, ...]]:
    """getaddrinfo over ZONE; an unknown name fails as getaddrinfo does."""
    if host not in ZONE:
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
    out: list[tuple[Any, ...]] = []
    for addr in ZONE[host]:
        family = socket.AF_INET6 if ":" in addr else socket.AF_INET
        sockaddr = (addr, port, 0, 0) if family == socket.AF_INET6 else (addr, port)
        out.append((family, socket.SOCK_STREAM, 6, "", sockaddr))
    return out


class Recorder:
    """A MockTransport handler that records every request it is asked."""

    def __init__(self, respond: Callable[[httpx.Request], httpx.Response]) -> None:
        self.respond = respond
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        return self.respond(request)

    def client(self) -> httpx.Client:
        return httpx.Client(transport=httpx.MockTransport(self))


def page(_: httpx.Request) -> httpx.Response:
    return httpx.Response(200, headers=HTML, text=PAGE)


def fetch(url: str, recorder: Recorder, **kw: Any) -> Any:
    return fetch_url(url, client=recorder.client(), resolver=fake_resolver, **kw)


# -- a page is fetched ------------------------------------------------------------------------


def test_fetch_html_page_connects_to_the_checked_address() -> None:
    rec = Recorder(page)
    record = fetch("https://news.example/world/flood", rec)
    assert record.input_format == "html" and record.html == PAGE and record.text is None
    assert record.url == "https://news.example/world/flood"
    assert record.source_ref == "https://news.example/world/flood"
    (req,) = rec.requests
    # the connection goes to the address that was checked; the name stays for Host and TLS
    assert req.url.host == PUBLIC_IP and req.url.path == "/world/flood"
    assert req.headers["host"] == "news.example"
    assert req.extensions["sni_hostname"] == "news.example"
    assert req.headers["user-agent"].startswith("eventwire/")
    assert "text/html" in req.headers["accept"]


def test_fetch_keeps_a_non_default_port_in_the_host_header() -> None:
    rec = Recorder(page)
    fetch("http://news.example:8080/a", rec)
    (req,) = rec.requests
    assert req.url.port == 8080 and req.headers["host"] == "news.example:8080"


def test_fetch_plain_text_is_a_text_record_decoded_by_its_charset() -> None:
    body = "Café owners protested in Lyon on Monday.\r\n".encode("latin-1")
    rec = Recorder(lambda _: httpx.Response(
        200, headers={"content-type": "text/plain; charset=iso-8859-1"}, content=body))
    record = fetch("http://news.example/a.txt", rec)
    assert record.input_format == "text" and record.html is None
    assert record.text == "Café owners protested in Lyon on Monday.\n"


def test_fetch_without_content_type_sniffs_html_and_refuses_binary() -> None:
    rec = Recorder(lambda _: httpx.Response(200, content=PAGE.encode()))
    assert fetch("http://news.example/", rec).input_format == "html"
    png = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4
    with pytest.raises(BinaryInputError):
        fetch("http://news.example/", Recorder(lambda _: httpx.Response(200, content=png)))


# -- private addresses ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("http://127.0.0.1/", "loopback"),
        ("http://127.8.9.10:8080/admin", "loopback"),
        ("http://10.0.0.1/", "private"),
        ("http://10.255.1.2/", "private"),
        ("http://172.16.5.4/", "private"),
        ("http://192.168.0.1/", "private"),
        ("http://169.254.169.254/latest/meta-data/", "link-local"),
        ("http://169.254.1.1/", "link-local"),
        ("http://0.0.0.0/", "unspecified"),
        ("http://100.64.0.1/", "non-global"),
        ("http://224.0.0.1/", "multicast"),
        ("http://240.0.0.1/", "reserved"),
        ("http://[::1]/", "loopback"),
        ("http://[::1]:8000/", "loopback"),
        ("http://[fe80::1]/", "link-local"),
        ("http://[fc00::1]/", "private"),
        ("http://[::]/", "unspecified"),
        ("http://[ff02::1]/", "multicast"),
        ("http://[::ffff:127.0.0.1]/", "loopback"),  # IPv4-mapped
        ("http://[::ffff:a9fe:a9fe]/", "link-local"),  # 169.254.169.254, mapped
        ("http://[2002:7f00:1::1]/", "loopback"),  # 6to4 around 127.0.0.1
    ],
)
def test_fetch_refuses_private_literal_addresses(url: str, reason: str) -> None:
    rec = Recorder(page)
    with pytest.raises(UnsafeURLError, match=reason) as info:
        fetch(url, rec)
    assert "only public addresses" in str(info.value) and info.value.source_ref == url
    assert rec.requests == []  # refused before any connection


@pytest.mark.parametrize(
    ("host", "address"),
    [
        ("intranet.example", "10.0.0.5"),
        ("router.example", "192.168.1.1"),
        ("loopback.example", "127.0.0.1"),
        ("loopback6.example", "::1"),
        ("metadata.example", "169.254.169.254"),
        ("linklocal6.example", "fe80::1"),
        ("cgnat.example", "100.64.0.7"),
        ("mixed.example", "127.0.0.1"),
    ],
)
def test_fetch_refuses_names_that_resolve_to_private_addresses(host: str, address: str) -> None:
    rec = Recorder(page)
    with pytest.raises(UnsafeURLError, match=re.escape(f"{host} resolves to {address},")):
        fetch(f"https://{host}/story", rec)
    assert rec.requests == []


def test_fetch_uses_getaddrinfo_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    asked: list[tuple[str, int]] = []

    def resolver(host: str, port: int) -> Sequence[tuple[Any, ...]]:
        asked.append((host, port))
        return fake_resolver("intranet.example", port)

    monkeypatch.setattr(socket, "getaddrinfo", resolver)
    with pytest.raises(UnsafeURLError, match=re.escape("resolves to 10.0.0.5")):
        fetch_url("https://name.test/x", client=Recorder(page).client())
    assert asked == [("name.test", 443)]


def test_allow_private_lifts_the_address_check() -> None:
    rec = Recorder(page)
    record = fetch("http://intranet.example/news", rec, allow_private=True)
    assert record.html == PAGE and rec.requests[0].url.host == "10.0.0.5"
    assert fetch("http://127.0.0.1:8080/x", Recorder(page), allow_private=True).html == PAGE


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("ftp://news.example/file.html", "only http and https"),
        ("file:///etc/passwd", "only http and https"),
        ("gopher://news.example/", "only http and https"),
        ("news.example/story", "only http and https"),
        ("http://user:secret@news.example/", "user name or password"),
        ("http:///path-only", "no host"),
    ],
)
def test_fetch_refuses_other_schemes_and_credentials(url: str, message: str) -> None:
    rec = Recorder(page)
    with pytest.raises(UnsafeURLError, match=message):
        fetch(url, rec, allow_private=True)  # refused whatever the address policy
    assert rec.requests == []


def test_non_public_reason() -> None:
    ip = ipaddress.ip_address
    assert non_public_reason(ip(PUBLIC_IP)) is None
    assert non_public_reason(ip("2606:4700::1111")) is None
    assert non_public_reason(ip("127.0.0.1")) == "a loopback address"
    assert non_public_reason(ip("::ffff:10.1.2.3")) == (
        "a private address (10.1.2.3 embedded in IPv6)"
    )


# -- redirects --------------------------------------------------------------------------------


def redirects(table: dict[str, tuple[int, str]]) -> Callable[[httpx.Request], httpx.Response]:
    """Answer ``table[host + path]`` = (status, Location) with a redirect, else the page."""

    def respond(request: httpx.Request) -> httpx.Response:
        key = request.headers["host"] + request.url.path
        if key in table:
            status, location = table[key]
            return httpx.Response(status, headers={"location": location})
        return page(request)

    return respond


def test_fetch_follows_redirects_and_checks_each_hop() -> None:
    rec = Recorder(redirects({
        "news.example/old": (301, "/new"),
        "news.example/new": (302, "https://other.example/final"),
    }))
    record = fetch("http://news.example/old", rec)
    assert record.url == "https://other.example/final"
    assert record.source_ref == "http://news.example/old"
    assert [(r.url.host, r.headers["host"], r.url.path) for r in rec.requests] == [
        (PUBLIC_IP, "news.example", "/old"),
        (PUBLIC_IP, "news.example", "/new"),
        ("151.101.1.1", "other.example", "/final"),
    ]


@pytest.mark.parametrize(
    "location",
    [
        "http://127.0.0.1/admin",
        "http://[::1]:9000/",
        "http://169.254.169.254/latest/meta-data/",
        "http://metadata.example/",
        "http://intranet.example:8080/internal",
        "file:///etc/passwd",
    ],
)
def test_fetch_refuses_a_redirect_into_a_private_network(location: str) -> None:
    rec = Recorder(redirects({"news.example/story": (302, location)}))
    with pytest.raises(UnsafeURLError) as info:
        fetch("https://news.example/story", rec)
    assert info.value.source_ref == "https://news.example/story"
    assert len(rec.requests) == 1  # the private address was never asked


def test_fetch_caps_the_number_of_redirects() -> None:
    rec = Recorder(lambda r: httpx.Response(302, headers={"location": r.url.path + "x"}))
    with pytest.raises(FetchError, match="more than 3 redirects"):
        fetch("http://news.example/a", rec, max_redirects=3)
    assert len(rec.requests) == 4


def test_fetch_redirect_without_location_is_an_error() -> None:
    with pytest.raises(FetchError, match="without a Location"):
        fetch("http://news.example/a", Recorder(lambda _: httpx.Response(302)))


# -- size, time, content type, errors ---------------------------------------------------------


def test_fetch_refuses_a_declared_size_over_the_cap_without_reading() -> None:
    consumed: list[int] = []

    def body() -> Iterator[bytes]:
        consumed.append(1)
        yield b"<p>x</p>"

    rec = Recorder(lambda _: httpx.Response(
        200, headers={**HTML, "content-length": "5000"}, content=body()))
    with pytest.raises(FetchTooLargeError, match="5,000 bytes is over the 1,000-byte cap"):
        fetch("http://news.example/big", rec, max_bytes=1000)
    assert consumed == []


def test_fetch_aborts_a_stream_past_the_cap() -> None:
    sent: list[int] = []

    def endless() -> Iterator[bytes]:
        while True:
            sent.append(1024)
            yield b"<p>" + b"x" * 1017 + b"</p>"

    rec = Recorder(lambda _: httpx.Response(200, headers=HTML, content=endless()))
    with pytest.raises(FetchTooLargeError, match="over the 10,000-byte cap"):
        fetch("http://news.example/endless", rec, max_bytes=10_000)
    assert sum(sent) <= 11 * 1024  # stopped at the first chunk past the cap


def test_fetch_default_cap_is_the_ingest_cap() -> None:
    assert fetch_url.__kwdefaults__ is not None
    assert fetch_url.__kwdefaults__["max_bytes"] == DEFAULT_MAX_BYTES == 5 * 2**20


def test_fetch_has_a_total_time_limit() -> None:
    def slow() -> Iterator[bytes]:
        for _ in range(50):
            time.sleep(0.02)
            yield b"<p>more</p>"

    rec = Recorder(lambda _: httpx.Response(200, headers=HTML, content=slow()))
    started = time.monotonic()
    with pytest.raises(FetchTimeoutError, match=re.escape("within 0.1 s")):
        fetch("http://news.example/slow", rec, timeout=0.1)
    assert time.monotonic() - started < 0.5


def test_fetch_timeout_of_the_transport_is_a_fetch_timeout() -> None:
    def hang(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadTimeout("timed out", request=request)

    with pytest.raises(FetchTimeoutError):
        fetch("http://news.example/", Recorder(hang))


@pytest.mark.parametrize(
    "content_type", ["image/png", "application/pdf", "application/zip", "video/mp4",
                     "application/octet-stream", "application/json"],
)
def test_fetch_refuses_what_is_not_a_page(content_type: str) -> None:
    rec = Recorder(lambda _: httpx.Response(200, headers={"content-type": content_type},
                                            content=b"\x00\x01"))
    with pytest.raises(ContentTypeError,
                       match=re.escape(f"content type {content_type} is not a web page")):
        fetch("http://news.example/file", rec)


def test_fetch_http_error_status() -> None:
    rec = Recorder(lambda _: httpx.Response(404))
    with pytest.raises(FetchError, match=re.escape("HTTP 404 Not Found for http://news.example/gone")):
        fetch("http://news.example/gone", rec)


def test_fetch_connection_and_dns_failures() -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("connection refused", request=request)

    with pytest.raises(FetchError, match="cannot fetch: connection refused"):
        fetch("http://news.example/", Recorder(refuse))
    with pytest.raises(FetchError, match=re.escape("cannot resolve host nowhere.example")):
        fetch("http://nowhere.example/", Recorder(page))


def test_fetch_empty_page() -> None:
    with pytest.raises(InputError, match="empty"):
        fetch("http://news.example/", Recorder(lambda _: httpx.Response(200, headers=HTML)))


def test_iter_urls_yields_records_and_errors_in_order() -> None:
    rec = Recorder(page)
    out = list(iter_urls(["http://news.example/a", "http://127.0.0.1/", "ftp://x/",
                          "http://other.example/b"], client=rec.client(), resolver=fake_resolver))
    assert [type(x).__name__ for x in out] == [
        "InputRecord", "UnsafeURLError", "UnsafeURLError", "InputRecord"]
    assert [x.source_ref for x in out] == [
        "http://news.example/a", "http://127.0.0.1/", "ftp://x/", "http://other.example/b"]


# -- eventwire ingest --url -------------------------------------------------------------------

runner = CliRunner()


@pytest.fixture()
def mocked_web(monkeypatch: pytest.MonkeyPatch) -> Recorder:
    """`eventwire ingest --url` with the mock web: same iter_urls, fake transport and DNS."""
    rec = Recorder(page)
    real = fetch_module.iter_urls
    monkeypatch.setattr(fetch_module, "iter_urls",
                        partial(real, client=rec.client(), resolver=fake_resolver))
    return rec


def test_cli_ingest_url_stores_the_page(tmp_path: Path, mocked_web: Recorder) -> None:
    db = str(tmp_path / "x.duckdb")
    res = runner.invoke(app, ["--db", db, "ingest", "--url", "https://news.example/flood",
                              "--workers", "1", "--json"])
    assert res.exit_code == 0, res.output
    assert json.loads(res.stdout)["stored"] == 1
    arts = json.loads(runner.invoke(app, ["--db", db, "articles", "-f", "json"]).stdout)
    assert arts[0]["publisher"] == "news.example"  # the host, when the page names no site
    assert len(mocked_web.requests) == 1


def test_cli_ingest_url_failure_is_recorded_and_the_batch_goes_on(
    tmp_path: Path, mocked_web: Recorder
) -> None:
    (tmp_path / "a.txt").write_text(
        "Flooding displaces thousands\n\nHeavy rains have displaced more than 20,000 people "
        "in northern Nigeria since Friday, the emergency agency said on Monday.\n")
    db = str(tmp_path / "x.duckdb")
    res = runner.invoke(app, ["--db", db, "ingest", str(tmp_path / "a.txt"),
                              "--url", "http://169.254.169.254/latest/meta-data/",
                              "--url", "https://intranet.example/",
                              "--url", "https://news.example/flood", "--workers", "1"])
    assert res.exit_code == 3, res.output  # finished, some inputs failed
    assert "stored 2 article(s)" in res.stdout
    assert "169.254.169.254 is a link-local address" in res.stderr
    fails = json.loads(runner.invoke(app, ["--db", db, "failures", "-f", "json"]).stdout)
    assert {(f["source_ref"], f["error_class"], f["stage"]) for f in fails} == {
        ("http://169.254.169.254/latest/meta-data/", "UnsafeURLError", "read"),
        ("https://intranet.example/", "UnsafeURLError", "read"),
    }
    assert all("only public addresses" in f["message"] for f in fails)
    assert len(mocked_web.requests) == 1  # only the public page was asked


def test_cli_ingest_allow_private_urls(tmp_path: Path, mocked_web: Recorder) -> None:
    db = str(tmp_path / "x.duckdb")
    res = runner.invoke(app, ["--db", db, "ingest", "--url", "http://intranet.example/story",
                              "--allow-private-urls", "--workers", "1", "--json"])
    assert res.exit_code == 0, res.output
    assert json.loads(res.stdout)["stored"] == 1
    assert mocked_web.requests[0].url.host == "10.0.0.5"
