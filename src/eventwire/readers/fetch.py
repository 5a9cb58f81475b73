"""Fetching one web page safely: URL → :class:`~eventwire.model.InputRecord`.

Used by ``eventwire ingest --url`` and the API's ``POST /articles/fetch``. A URL handed to a
program that runs inside a network is a way into that network (server-side request forgery),
so by default:

* only ``http`` and ``https``, and no user name or password in the URL;
* the host is resolved and *every* address it resolves to must be public: no private,
  loopback, link-local, multicast, reserved, unspecified or shared (carrier-grade NAT)
  address, nor an IPv4 address of those kinds embedded in an IPv6 one. The connection then goes
  to the address that was checked (the name is kept for the Host header and for TLS), so a
  second, different DNS answer cannot slip in between check and connect (DNS rebinding);
* redirects are followed here, one hop at a time, each hop checked the same way, at most
  ``max_redirects`` of them;
* the body is read in chunks and the fetch aborted as soon as it passes ``max_bytes``
  (decompressed size; a larger ``Content-Length`` is refused before reading), and the whole
  fetch, redirects included, must finish within ``timeout`` seconds;
* only web pages and plain text are accepted (``text/html``, ``application/xhtml+xml``,
  ``text/plain``); a response without a content type is accepted only if it reads as text.

``allow_private=True`` lifts the address check (an intranet news site), and nothing else.

Every problem is a :class:`~eventwire.errors.FetchError` (an :class:`InputError`), so a URL
that fails is recorded in ``failures`` with its reason and the batch goes on.
"""

from __future__ import annotations

import ipaddress
import socket
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import httpx

from eventwire import __version__
from eventwire.errors import (
    ConfigError,
    ContentTypeError,
    EmptyInputError,
    FetchError,
    FetchTimeoutError,
    FetchTooLargeError,
    InputError,
    UnsafeURLError,
)
from eventwire.model import InputRecord
from eventwire.readers import DEFAULT_MAX_BYTES, decode_text

__all__ = [
    "DEFAULT_MAX_REDIRECTS",
    "DEFAULT_TIMEOUT",
    "Resolver",
    "fetch_url",
    "iter_urls",
    "non_public_reason",
]

#: ``(host, port) -> getaddrinfo-style tuples``; the address is ``item[4][0]``.
Resolver = Callable[[str, int], Sequence[tuple[Any, ...]]]
IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

#: Seconds the whole fetch may take, redirects and body included.
DEFAULT_TIMEOUT = 20.0
#: Redirects followed before giving up (browsers allow 20; news pages need one or two).
DEFAULT_MAX_REDIRECTS = 5

USER_AGENT = f"eventwire/{__version__}"
HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
TEXT_TYPES = frozenset({"text/plain"})
_ACCEPT = "text/html,application/xhtml+xml;q=0.9,text/plain;q=0.8"
_REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
_DEFAULT_PORTS = {"http": 80, "https": 443}


def fetch_url(
    url: str,
    *,
    allow_private: bool = False,
    max_bytes: int = DEFAULT_MAX_BYTES,
    timeout: float = DEFAULT_TIMEOUT,
    max_redirects: int = DEFAULT_MAX_REDIRECTS,
    client: httpx.Client | None = None,
    resolver: Resolver | None = None,
) -> InputRecord:
    """Fetch one page and return it as an input record (see the module doc for the rules).

    The record has ``source_ref`` = the URL asked for (so a later success clears its failure
    row), ``url`` = the address finally read (after redirects), and ``html`` for web pages or
    ``text`` for plain text.

    ``client`` and ``resolver`` (default :func:`socket.getaddrinfo`) are for tests and callers
    that manage their own connections; the default client ignores proxy and ``.netrc``
    settings of the environment and keeps no connection open between requests.

    Raises:
        UnsafeURLError: a scheme other than http(s), credentials in the URL, or a non-public
            address (unless ``allow_private``), on the first request or on a redirect.
        FetchTooLargeError: the body is larger than ``max_bytes``.
        FetchTimeoutError: the fetch took longer than ``timeout`` seconds.
        ContentTypeError: the response is not a web page or text.
        FetchError: the host cannot be resolved or reached, an HTTP error status, too many
            redirects.
        InputError: the body is empty, binary or not decodable (as for files).
    """
    if max_bytes < 1 or timeout <= 0 or max_redirects < 0:
        raise ConfigError("fetch_url: max_bytes ≥ 1, timeout > 0 and max_redirects ≥ 0")
    http = client if client is not None else _new_client()
    try:
        return _fetch(
            url,
            http,
            allow_private=allow_private,
            max_bytes=max_bytes,
            timeout=timeout,
            max_redirects=max_redirects,
            resolver=resolver or socket.getaddrinfo,
        )
    except httpx.TimeoutException as exc:
        raise FetchTimeoutError(f"no answer within {timeout:g} s", source_ref=url) from exc
    except httpx.HTTPError as exc:
        raise FetchError(f"cannot fetch: {_describe(exc)}", source_ref=url) from exc
    finally:
        if client is None:
            http.close()


def iter_urls(
    urls: Iterable[str],
    *,
    allow_private: bool = False,
    max_bytes: int = DEFAULT_MAX_BYTES,
    timeout: float = DEFAULT_TIMEOUT,
    client: httpx.Client | None = None,
    resolver: Resolver | None = None,
) -> Iterator[InputRecord | InputError]:
    """Fetch ``urls`` one by one, like :func:`eventwire.readers.iter_inputs` reads files: each
    yields its record, or the :class:`InputError` that says why it could not be fetched."""
    for url in urls:
        try:
            yield fetch_url(url, allow_private=allow_private, max_bytes=max_bytes,
                            timeout=timeout, client=client, resolver=resolver)
        except InputError as exc:
            exc.source_ref = exc.source_ref or url
            yield exc


def non_public_reason(ip: IPAddress) -> str | None:
    """Why ``ip`` is not a public internet address ("a loopback address", …), or None.

    IPv6 addresses that carry an IPv4 one (IPv4-mapped ``::ffff:a.b.c.d``, 6to4, Teredo) are
    judged by the IPv4 address too, since that is where a packet may end up.
    """
    if isinstance(ip, ipaddress.IPv6Address):
        embedded = [ip.ipv4_mapped, ip.sixtofour, ip.teredo[1] if ip.teredo else None]
        for inner in embedded:
            if inner is not None and (reason := non_public_reason(inner)):
                return f"{reason} ({inner} embedded in IPv6)"
    checks = (
        ("an unspecified address", ip.is_unspecified),
        ("a loopback address", ip.is_loopback),
        ("a link-local address", ip.is_link_local),
        ("a multicast address", ip.is_multicast),
        ("a reserved address", ip.is_reserved),
        ("a private address", ip.is_private),
        # what is left: shared address space (100.64/10, carrier-grade NAT) and other
        # special-purpose blocks the flags above do not name
        ("a special-purpose (non-global) address", not ip.is_global),
    )
    return next((name for name, hit in checks if hit), None)


# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Target:
    """One request: the URL with the checked address in place of the host name."""

    pinned: httpx.URL
    host: str  # the name: TLS checks the certificate against it (SNI)
    host_header: str


def _new_client() -> httpx.Client:
    return httpx.Client(
        follow_redirects=False,  # each hop is checked in _fetch
        trust_env=False,  # no proxy or .netrc credentials from the environment
        # a pooled connection would outlive the address check that admitted it
        limits=httpx.Limits(max_keepalive_connections=0),
    )


def _fetch(
    url: str,
    http: httpx.Client,
    *,
    allow_private: bool,
    max_bytes: int,
    timeout: float,
    max_redirects: int,
    resolver: Resolver,
) -> InputRecord:
    deadline = time.monotonic() + timeout
    current = _parse(url, url)
    for _hop in range(max_redirects + 1):
        target = _check(current, allow_private=allow_private, resolver=resolver, ref=url)
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise FetchTimeoutError(f"not finished within {timeout:g} s", source_ref=url)
        request = http.build_request(
            "GET",
            target.pinned,
            headers={"Host": target.host_header, "User-Agent": USER_AGENT, "Accept": _ACCEPT},
            # every network wait is capped by what is left of the total time
            timeout=httpx.Timeout(remaining),
            extensions={"sni_hostname": target.host},
        )
        response = http.send(request, stream=True, follow_redirects=False)
        try:
            if response.status_code in _REDIRECT_STATUSES:
                location = response.headers.get("location")
                if not location:
                    raise FetchError(
                        f"HTTP {response.status_code} redirect without a Location", source_ref=url
                    )
                # relative to the URL as named, not to the pinned address
                current = _join(current, location, url)
                continue
            if not response.is_success:
                raise FetchError(
                    f"the server answered HTTP {response.status_code} "
                    f"{response.reason_phrase}".rstrip() + f" for {current}",
                    source_ref=url,
                )
            return _record(response, current, url, max_bytes=max_bytes, deadline=deadline,
                           timeout=timeout)
        finally:
            response.close()
    raise FetchError(f"more than {max_redirects} redirects", source_ref=url)


def _parse(raw: str, ref: str) -> httpx.URL:
    try:
        return httpx.URL(raw.strip())
    except (httpx.InvalidURL, TypeError, ValueError) as exc:
        raise UnsafeURLError(f"not a valid URL ({exc})", source_ref=ref) from exc


def _join(base: httpx.URL, location: str, ref: str) -> httpx.URL:
    try:
        return base.join(location)
    except (httpx.InvalidURL, TypeError, ValueError) as exc:
        raise FetchError(f"redirect to an invalid URL {location!r}", source_ref=ref) from exc


def _check(url: httpx.URL, *, allow_private: bool, resolver: Resolver, ref: str) -> _Target:
    """Refuse a URL that is not plain http(s) or whose host has a non-public address."""
    if url.scheme not in _DEFAULT_PORTS:
        what = f"{url.scheme}:" if url.scheme else "a URL without http:// or https://"
        raise UnsafeURLError(f"only http and https URLs are fetched, not {what}", source_ref=ref)
    if url.userinfo:
        # it would be sent to the server and stored with the article
        raise UnsafeURLError("URLs with a user name or password are refused", source_ref=ref)
    host = url.raw_host.decode("ascii")  # IDNA-encoded, brackets of IPv6 removed
    if not host:
        raise UnsafeURLError("the URL names no host", source_ref=ref)
    addresses = _resolve(host, url.port or _DEFAULT_PORTS[url.scheme], resolver, ref)
    literal = _ip_literal(host)
    if not allow_private:
        for ip in addresses:
            reason = non_public_reason(ip)
            if reason:
                named = host if literal else f"{host} resolves to {ip}, which"
                raise UnsafeURLError(
                    f"{named} is {reason}; only public addresses are fetched", source_ref=ref
                )
    try:
        pinned = url.copy_with(host=str(addresses[0]))
    except (httpx.InvalidURL, ValueError) as exc:
        raise FetchError(f"cannot connect to {addresses[0]}: {exc}", source_ref=ref) from exc
    bracketed = f"[{host}]" if ":" in host else host
    return _Target(
        pinned=pinned,
        host=host,
        host_header=bracketed if url.port is None else f"{bracketed}:{url.port}",
    )


def _resolve(host: str, port: int, resolver: Resolver, ref: str) -> list[IPAddress]:
    """Every address of ``host`` (an IP literal is its own only address)."""
    literal = _ip_literal(host)
    if literal is not None:
        return [literal]
    try:
        infos = resolver(host, port)
    except (OSError, UnicodeError) as exc:
        detail = getattr(exc, "strerror", None) or str(exc)
        raise FetchError(f"cannot resolve host {host}: {detail}", source_ref=ref) from exc
    addresses: list[IPAddress] = []
    for info in infos:
        try:
            ip = ipaddress.ip_address(str(info[4][0]))
        except (ValueError, IndexError, TypeError) as exc:
            raise FetchError(
                f"host {host} resolved to an unusable address", source_ref=ref
            ) from exc
        if ip not in addresses:
            addresses.append(ip)
    if not addresses:
        raise FetchError(f"host {host} has no address", source_ref=ref)
    return addresses


def _ip_literal(host: str) -> IPAddress | None:
    try:
        return ipaddress.ip_address(host)
    except ValueError:
        return None


def _record(
    response: httpx.Response,
    final: httpx.URL,
    ref: str,
    *,
    max_bytes: int,
    deadline: float,
    timeout: float,
) -> InputRecord:
    """Read the body of a successful response (capped in size and time) into a record."""
    media_type = response.headers.get("content-type", "").split(";")[0].strip().lower()
    if media_type and media_type not in HTML_TYPES | TEXT_TYPES:
        raise ContentTypeError(
            f"content type {media_type} is not a web page or text", source_ref=ref
        )
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > max_bytes:
        raise FetchTooLargeError(
            f"{int(declared):,} bytes is over the {max_bytes:,}-byte cap", source_ref=ref
        )
    body = bytearray()
    for chunk in response.iter_bytes():
        body += chunk
        if len(body) > max_bytes:
            raise FetchTooLargeError(f"over the {max_bytes:,}-byte cap", source_ref=ref)
        if time.monotonic() > deadline:
            raise FetchTimeoutError(f"not finished within {timeout:g} s", source_ref=ref)
    data = bytes(body)
    if not data.strip():
        raise EmptyInputError("the page is empty", source_ref=ref)
    charset = response.charset_encoding
    if media_type in HTML_TYPES or (not media_type and data.lstrip()[:1] == b"<"):
        return InputRecord(source_ref=ref, input_format="html", url=str(final),
                           html=_decode_html(data, charset))
    return InputRecord(source_ref=ref, input_format="text", url=str(final),
                       text=_decode_plain(data, charset, ref))


def _decode_html(data: bytes, charset: str | None) -> str:
    from eventwire.readers.html import decode_html  # trafilatura is a slow import

    if charset:
        try:
            return data.decode(charset)
        except (LookupError, UnicodeDecodeError):
            pass  # a wrong header: the page's own declaration and detection decide
    return decode_html(data)


def _decode_plain(data: bytes, charset: str | None, ref: str) -> str:
    if charset and charset.lower().replace("_", "-") not in ("utf-8", "utf8", "us-ascii", "ascii"):
        try:
            text = data.decode(charset)
        except (LookupError, UnicodeDecodeError):
            pass
        else:
            return text.replace("\r\n", "\n").replace("\r", "\n")
    # the checks files get: not empty, not binary, valid UTF-8
    return decode_text(data, ref)


def _describe(exc: httpx.HTTPError) -> str:
    text = str(exc) or type(exc).__name__
    return text if len(text) <= 200 else text[:199] + "…"
