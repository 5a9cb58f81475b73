"""The one exception tree of eventwire.

    EventwireError                 every error the library raises on purpose
    ├── InputError                 an input cannot be read as an article (the batch goes on)
    │   ├── EmptyInputError        nothing but whitespace
    │   ├── BinaryInputError       bytes that are not text (NUL bytes, images, archives)
    │   ├── EncodingError          not valid UTF-8
    │   ├── InputTooLargeError     over the configured size cap
    │   ├── RecordError            a JSONL line that is not a valid record
    │   ├── NoBodyError            a page in which no article body could be found
    │   └── FetchError             a URL could not be fetched (network, HTTP status, redirects)
    │       ├── UnsafeURLError     not http(s), or the host is or resolves to a private address
    │       ├── FetchTooLargeError the response body is over the size cap
    │       ├── FetchTimeoutError  the fetch took longer than its time limit
    │       └── ContentTypeError   the response is not a web page or text (image, PDF, …)
    ├── StageError                 a pipeline stage failed on one article
    ├── StoreError                 the database cannot be opened or written
    ├── ConfigError                bad option or configuration value
    ├── ResourceError              a packaged resource (model, gazetteer) is missing
    └── GoldFormatError            an evaluation file is not in the expected format

Each error carries the input it concerns (``source_ref``) when there is one, so the CLI and the
``failures`` table can say which file or line failed and why.
"""

from __future__ import annotations

__all__ = [
    "BinaryInputError",
    "ConfigError",
    "ContentTypeError",
    "EmptyInputError",
    "EncodingError",
    "EventwireError",
    "FetchError",
    "FetchTimeoutError",
    "FetchTooLargeError",
    "GoldFormatError",
    "InputError",
    "InputTooLargeError",
    "NoBodyError",
    "RecordError",
    "ResourceError",
    "StageError",
    "StoreError",
    "UnsafeURLError",
]


class EventwireError(Exception):
    """Base of every deliberate eventwire error."""

    def __init__(self, message: str, *, source_ref: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.source_ref = source_ref

    def __str__(self) -> str:
        return f"{self.source_ref}: {self.message}" if self.source_ref else self.message


class InputError(EventwireError):
    """An input cannot be read as an article."""


class EmptyInputError(InputError):
    """The input holds no text."""


class BinaryInputError(InputError):
    """The input is binary data, not text."""


class EncodingError(InputError):
    """The input is not valid UTF-8."""


class InputTooLargeError(InputError):
    """The input is over the size cap."""


class RecordError(InputError):
    """A JSONL line is not a valid article record."""


class NoBodyError(InputError):
    """No article body could be found in the page."""


class FetchError(InputError):
    """A URL could not be fetched: network failure, HTTP error status, too many redirects.

    An input error, so a URL that fails becomes a ``failures`` row and the batch goes on.
    """


class UnsafeURLError(FetchError):
    """The URL is refused before any connection: not http(s), credentials in it, or a host
    that is (or resolves to) a private, loopback, link-local or otherwise non-public address."""


class FetchTooLargeError(FetchError):
    """The response body is over the size cap."""


class FetchTimeoutError(FetchError):
    """The fetch, redirects included, took longer than its time limit."""


class ContentTypeError(FetchError):
    """The response is not a web page or text (an image, a PDF, an archive, …)."""


class StageError(EventwireError):
    """A pipeline stage failed on one article."""

    def __init__(self, message: str, *, stage: str, source_ref: str | None = None) -> None:
        super().__init__(message, source_ref=source_ref)
        self.stage = stage


class StoreError(EventwireError):
    """The database cannot be opened or written."""


class ConfigError(EventwireError):
    """A bad option or configuration value."""


class ResourceError(EventwireError):
    """A packaged resource (language model, gazetteer) is missing or broken."""


class GoldFormatError(EventwireError):
    """An evaluation file is not in the expected format."""
