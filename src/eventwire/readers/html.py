"""HTML page → article parts: body paragraphs, captions, title and page metadata.

The body comes from trafilatura, tuned for news pages (precision mode, reader comments off), and
is then cleaned paragraph by paragraph of the residual site chrome trafilatura lets through
(share prompts, "Advertisement", newsletter pitches, "Related:" teasers, copyright lines). When a
page splits its article into several sibling blocks of the same kind (ad slots between them),
trafilatura keeps only one of them; :func:`extract_html` then adds the missing sibling blocks
back. Figure captions are collected separately with lxml and never count as body.

The publication date comes from htmldate in ``original_date`` mode and is checked against the
page's own "modified" markers, so an update stamp is never reported as the publication date.

Everything here is offline and deterministic: no network, no language model, no randomness.
"""

from __future__ import annotations

import codecs
import json
import re
from collections.abc import Iterable, Iterator
from copy import deepcopy
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import trafilatura

# lxml ships no type stubs (pyproject's mypy overrides do not list it yet)
from lxml import etree  # type: ignore[import-untyped]
from lxml.html import HtmlElement  # type: ignore[import-untyped]
from trafilatura.metadata import extract_metadata

from eventwire.errors import NoBodyError
from eventwire.model import DateSource

__all__ = ["HtmlExtraction", "decode_html", "extract_html"]


@dataclass(frozen=True)
class HtmlExtraction:
    """What :func:`extract_html` found in one page."""

    title: str | None
    body_paragraphs: list[str]
    captions: list[str] = field(default_factory=list)
    published: date | None = None
    published_source: DateSource = DateSource.UNKNOWN
    publisher: str | None = None
    section: str | None = None
    language: str | None = None
    byline: str | None = None
    url: str | None = None

    @property
    def body(self) -> str:
        """The body paragraphs joined by blank lines."""
        return "\n\n".join(self.body_paragraphs)


# --------------------------------------------------------------------------------------------
# Decoding

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# <meta charset="x">, <meta http-equiv="Content-Type" content="text/html; charset=x"> and the
# XML declaration all put the name after "charset=" or "encoding=".
_DECLARED_CHARSET = re.compile(rb"""(?:charset|encoding)\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.I)
# HTML5 (WHATWG Encoding) maps these labels to windows-1252, a superset browsers use instead.
_LATIN1_LABELS = frozenset({"iso-8859-1", "iso8859-1", "latin-1", "latin1", "us-ascii", "ascii"})


def decode_html(data: bytes) -> str:
    """Decode page bytes: byte-order mark, then the declared charset, then UTF-8.

    A page that declares nothing and is not valid UTF-8 is read as windows-1252, the legacy
    default of browsers, so that it still yields text rather than an error.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data.decode(encoding, errors="replace")
    match = _DECLARED_CHARSET.search(data[:4096])
    if match:
        label = match.group(1).decode("ascii", errors="ignore").strip().lower()
        if label in _LATIN1_LABELS:
            label = "cp1252"
        try:
            codec = codecs.lookup(label).name
        except LookupError:
            codec = ""
        # a page labelled UTF-16 that we read as bytes here is in fact ASCII-compatible
        if codec and not codec.startswith("utf-16"):
            return data.decode(codec, errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


# --------------------------------------------------------------------------------------------
# Body: trafilatura's XML body → paragraphs

# trafilatura XML tags that start a new paragraph of their own.
_BLOCK_TAGS = frozenset(
    {"p", "head", "list", "item", "quote", "table", "row", "code", "div", "article", "body"}
)
_WS = re.compile(r"\s+")


def _norm(text: str) -> str:
    return _WS.sub(" ", text.replace("\u00ad", "")).strip()


def _paragraphs(body: etree._Element) -> list[str]:
    """Flatten trafilatura's body tree into paragraphs: one per block, split at line breaks."""
    out: list[str] = []
    buf: list[str] = []

    def flush() -> None:
        text = _norm("".join(buf))
        if text:
            out.append(text)
        buf.clear()

    def walk(elem: etree._Element) -> None:
        tag = elem.tag if isinstance(elem.tag, str) else ""
        if tag == "lb":
            flush()
            return
        if tag in ("graphic",):
            return
        block = tag in _BLOCK_TAGS
        if block:
            flush()
        if elem.text:
            buf.append(elem.text)
        for child in elem:
            walk(child)
            if child.tail:
                buf.append(child.tail)
            # table cells are inline within their row, but must not run together
            if child.tag == "cell":
                buf.append(" ")
        if block:
            flush()

    walk(body)
    flush()
    return out


# Residual boilerplate paragraphs. Each rule only fires on short paragraphs (a real paragraph that
# merely mentions "advertisement" is long), and is phrased as a site-independent UI text.
_BOILERPLATE_MAX_LEN = 160
_BOILERPLATE_PATTERNS = [
    # ad slots and their labels
    r"(?:advertisement|advertising|anzeige|publicité|publicidad|sponsored(?: content)?|"
    r"story continues below(?: advertisement)?|continue reading below|ad)\s*[:.]?",
    # share / follow widgets
    r"(?:share|tweet|email|print|pin|follow)(?: (?:this|the))?(?: (?:article|story|page|post))?"
    r"(?: (?:on|via|with))?(?: (?:facebook|twitter|x|linkedin|whatsapp|reddit|pinterest|email))*"
    r"\s*[:.!]?",
    r"(?:click|tap) (?:here )?to (?:share|email|print|tweet|subscribe|comment)\b.*",
    r"(?:follow|like|join) us on (?:facebook|twitter|instagram|linkedin|youtube|telegram)\b.*",
    r"share (?:this|on|via)\b.{0,80}",
    # newsletter and subscription pitches
    r"(?:sign up|subscribe|register)\b.{0,100}\b(?:newsletters?|updates|inbox|alerts)\b.*",
    r"(?:get|receive) (?:our|the)\b.{0,60}\b(?:newsletter|alerts|updates)\b.*",
    # teasers of other stories
    r"(?:related|read more|read also|see also|more on this|also read|recommended|"
    r"lesen sie auch|mehr zum thema|weiterlesen|lire aussi|à lire aussi)\s*(?::|\.{3}|…|$).*",
    # copyright and rights lines
    r"(?:©|\(c\)|copyright\b).*",
    r".*\ball rights reserved\.?",
]
_BOILERPLATE = re.compile("|".join(f"(?:{p})" for p in _BOILERPLATE_PATTERNS), re.I)


def _is_boilerplate(paragraph: str) -> bool:
    return len(paragraph) <= _BOILERPLATE_MAX_LEN and _BOILERPLATE.fullmatch(paragraph) is not None


def _clean_paragraphs(paragraphs: list[str], captions: list[str]) -> list[str]:
    """Drop residual chrome, captions that slipped into the body and exact repeats."""
    caption_set = set(captions)
    seen: set[str] = set()
    kept: list[str] = []
    for para in paragraphs:
        if _is_boilerplate(para) or para in caption_set:
            continue
        # a repeated short paragraph is a widget rendered twice, not prose
        if len(para) < 200 and para in seen:
            continue
        seen.add(para)
        kept.append(para)
    return kept


# --------------------------------------------------------------------------------------------
# Captions

# Chrome regions whose figures belong to other stories or to the site, not the article.
_CHROME = "ancestor::nav or ancestor::header or ancestor::footer or ancestor::aside"
_CAPTION_XPATH = (
    f".//figcaption[not({_CHROME})]"
    " | .//*[(contains(concat(' ', normalize-space(@class), ' '), ' wp-caption-text ')"
    " or contains(@class, 'caption') or @itemprop='caption')"
    f" and not(self::figcaption) and not(ancestor::figcaption) and not({_CHROME})"
    " and not(self::img) and not(self::meta)]"
)
_ARTICLE_REGION_XPATH = ".//article | .//*[@itemprop='articleBody'] | .//main"


def _captions(tree: HtmlElement) -> list[str]:
    """Figure and photo captions of the article, in page order, without duplicates."""
    regions = tree.xpath(_ARTICLE_REGION_XPATH)
    nodes: list[etree._Element] = []
    for region in regions:
        nodes.extend(region.xpath(_CAPTION_XPATH))
    if not nodes:
        nodes = tree.xpath(_CAPTION_XPATH)
    captions: list[str] = []
    seen: set[str] = set()
    for node in nodes:
        # a caption element that holds another one is a wrapper: its text is the inner one's
        text = _norm(" ".join(node.itertext()))
        if len(text) < 3 or len(text) > 1000 or text in seen:
            continue
        seen.add(text)
        captions.append(text)
    # keep the outermost text only when one caption contains another (credit inside caption)
    return [c for c in captions if not any(c != o and c in o for o in captions)]


# --------------------------------------------------------------------------------------------
# Dates

_PUBLISHED_META = frozenset(
    {
        "article:published_time",
        "og:published_time",
        "datepublished",
        "pubdate",
        "publishdate",
        "publish-date",
        "dc.date.issued",
        "dcterms.issued",
        "sailthru.date",
        "parsely-pub-date",
    }
)
_MODIFIED_META = frozenset(
    {
        "article:modified_time",
        "og:updated_time",
        "datemodified",
        "last-modified",
        "lastmod",
        "dc.date.modified",
        "dcterms.modified",
        "revised",
    }
)
_ISO_DAY = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


def _iso_day(value: str) -> str | None:
    match = _ISO_DAY.search(value)
    return match.group(0) if match else None


def _walk_json(obj: Any) -> Iterator[tuple[str, Any]]:
    if isinstance(obj, dict):
        for key, value in obj.items():
            yield str(key), value
            yield from _walk_json(value)
    elif isinstance(obj, list):
        for item in obj:
            yield from _walk_json(item)


def _declared_dates(tree: HtmlElement) -> tuple[set[str], set[str]]:
    """ISO days the page itself labels as published and as modified (meta, itemprop, JSON-LD)."""
    published: set[str] = set()
    modified: set[str] = set()

    def add(name: str, value: str | None) -> None:
        day = _iso_day(value or "")
        if not day:
            return
        name = name.lower()
        if name in _PUBLISHED_META:
            published.add(day)
        elif name in _MODIFIED_META:
            modified.add(day)

    for meta in tree.iter("meta"):
        name = meta.get("property") or meta.get("name") or meta.get("itemprop") or ""
        add(name, meta.get("content"))
    for node in tree.xpath(".//*[@itemprop='datePublished' or @itemprop='dateModified']"):
        add(node.get("itemprop", ""), node.get("datetime") or node.get("content") or node.text)
    for script in tree.xpath(".//script[@type='application/ld+json']"):
        try:
            data = json.loads(script.text or "")
        except ValueError:
            continue
        for key, value in _walk_json(data):
            if isinstance(value, str):
                add(key, value)
    return published, modified


#: htmldate settings: the original (publication) date, not the latest update; the text-pattern
#: search is on because many pages only show the date in a visible dateline.
DATE_PARAMS: dict[str, Any] = {"original_date": True, "extensive_search": True}


def _published_date(tree: HtmlElement, found: str | None) -> date | None:
    """Check htmldate's day ``found`` against the page's own labels: publication, not update.

    Returns ``None`` when the only day found is a declared update stamp.
    """
    published, modified = _declared_dates(tree)
    if found and found in modified and found not in published:
        # htmldate fell back on an update stamp: prefer a declared publication day if any,
        # else say we do not know rather than report the update as the publication
        found = min(published) if published else None
    if not found:
        return None
    try:
        return date.fromisoformat(found)
    except ValueError:
        return None


# --------------------------------------------------------------------------------------------
# Other metadata

_LANG = re.compile(r"^([a-z]{2,3})(?:[-_].*)?$", re.I)


def _language(tree: HtmlElement) -> str | None:
    """ISO 639 code from the page's own declaration (html@lang, content-language, og:locale)."""
    candidates: list[str | None] = [tree.get("lang"), tree.get("{http://www.w3.org/XML/1998/namespace}lang")]
    for meta in tree.iter("meta"):
        key = (meta.get("http-equiv") or meta.get("property") or meta.get("name") or "").lower()
        if key in ("content-language", "og:locale", "language", "dc.language"):
            candidates.append(meta.get("content"))
    for value in candidates:
        match = _LANG.match((value or "").strip())
        if match:
            return match.group(1).lower()
    return None


def _section(tree: HtmlElement, categories: Iterable[str] | None) -> str | None:
    """The article's section: meta article:section, then metadata categories, then breadcrumb."""
    for meta in tree.iter("meta"):
        if (meta.get("property") or meta.get("name") or "").lower() == "article:section":
            value = _norm(meta.get("content") or "")
            if value:
                return value
    for category in categories or ():
        value = _norm(category)
        if value:
            return value
    crumbs = [
        _norm(" ".join(a.itertext()))
        for a in tree.xpath(
            ".//*[contains(@class, 'breadcrumb') or @aria-label='breadcrumb'"
            " or @aria-label='Breadcrumb']//a"
        )
    ]
    crumbs = [c for c in crumbs if c and len(c) < 60]
    # the first crumb is the home page, the section is the deepest one left
    if len(crumbs) >= 2:
        return crumbs[-1]
    return None


# --------------------------------------------------------------------------------------------
# Entry point


def _load(html: str | bytes) -> HtmlElement | None:
    text = decode_html(html) if isinstance(html, bytes) else html
    if not text.strip():
        return None
    tree = trafilatura.load_html(text)
    return tree if isinstance(tree, HtmlElement) else None


def _trafilatura_body(tree: HtmlElement, url: str | None) -> list[str]:
    """Main-text paragraphs by trafilatura in news mode (precision, no reader comments)."""
    doc = trafilatura.bare_extraction(
        deepcopy(tree),
        url=url,
        favor_precision=True,
        include_comments=False,
        include_tables=True,
        with_metadata=False,
    )
    body = getattr(doc, "body", None)
    if body is None:
        return []
    return _paragraphs(body)


def extract_html(html: str | bytes, url: str | None = None) -> HtmlExtraction:
    """Extract the article of one HTML page: body paragraphs, captions and metadata.

    ``html`` may be text or raw bytes (decoded by BOM, declared charset, then UTF-8). ``url`` is
    the page address when known; otherwise the page's canonical URL is used.

    Raises:
        NoBodyError: the page holds no article body (empty, or nothing but chrome).
    """
    tree = _load(html)
    if tree is None:
        raise NoBodyError("empty HTML page: no document to extract an article from", source_ref=url)
    captions = _captions(tree)
    paragraphs = _clean_paragraphs(_trafilatura_body(tree, url), captions)
    if not paragraphs:
        raise NoBodyError("no article body found in the HTML page", source_ref=url)

    # trafilatura's metadata pass runs htmldate (find_date) with DATE_PARAMS for the date
    meta = extract_metadata(deepcopy(tree), default_url=url, date_config=dict(DATE_PARAMS))
    published = _published_date(tree, meta.date)
    return HtmlExtraction(
        title=_norm(meta.title) if meta.title else None,
        body_paragraphs=paragraphs,
        captions=captions,
        published=published,
        published_source=DateSource.HTML_META if published else DateSource.UNKNOWN,
        publisher=_norm(meta.sitename) if meta.sitename else None,
        section=_section(tree, meta.categories),
        language=_language(tree),
        byline=_norm(meta.author) if meta.author else None,
        url=url or meta.url,
    )
