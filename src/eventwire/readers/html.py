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


def _clean_paragraphs(
    paragraphs: list[str], captions: list[str], title: str | None = None
) -> list[str]:
    """Drop residual chrome, captions that slipped into the body, the headline, and repeats.

    Only a paragraph repeated right after itself is dropped (a widget rendered twice): the same
    short line further down is often real structure (recipe steps, table headings).
    """
    caption_set = set(captions)
    headline = title.casefold() if title else None
    kept: list[str] = []
    for i, para in enumerate(paragraphs):
        if _is_boilerplate(para) or para in caption_set:
            continue
        # the headline is the title part, not body; only near the top, where pages repeat it
        if i < 3 and headline and para.casefold() == headline:
            continue
        if kept and kept[-1] == para:
            continue
        kept.append(para)
    return kept


# --------------------------------------------------------------------------------------------
# Articles split into sibling blocks

_KEY_TOKEN = re.compile(r"\w+")
# Page parts whose paragraphs never belong to the article even inside a sibling block.
_NOT_BODY = frozenset({"aside", "figure", "figcaption", "nav", "footer", "header", "form"})
# A sibling block must carry at least this much paragraph text, and not be a list of links.
_SIBLING_MIN_CHARS = 200
_SIBLING_MAX_LINK_DENSITY = 0.25
_CLIMB_LEVELS = 3


def _key(text: str) -> str:
    """Comparison key of a paragraph: its lower-cased word tokens (whitespace-insensitive)."""
    return " ".join(_KEY_TOKEN.findall(text.casefold()))


def _text_of(elem: etree._Element) -> str:
    return _norm(" ".join(elem.itertext()))


def _block_paragraphs(block: etree._Element) -> list[str] | None:
    """The ``<p>`` texts of a sibling block, or ``None`` when it does not read as article text."""
    paras: list[str] = []
    link_chars = total = 0
    for p in block.iter("p"):
        if any(a.tag in _NOT_BODY for a in p.iterancestors()):
            continue
        text = _text_of(p)
        if not text:
            continue
        paras.append(text)
        total += len(text)
        link_chars += sum(len(_text_of(a)) for a in p.iter("a"))
    if total < _SIBLING_MIN_CHARS or link_chars > _SIBLING_MAX_LINK_DENSITY * total:
        return None
    return paras


def _common_ancestor(nodes: list[etree._Element]) -> etree._Element | None:
    chains = [[n, *n.iterancestors()] for n in nodes]
    shared = set.intersection(*(set(map(id, c)) for c in chains))
    return next((a for a in chains[0] if id(a) in shared), None)


def _add_split_siblings(tree: HtmlElement, paragraphs: list[str]) -> list[str]:
    """Add back article blocks trafilatura dropped when the body is split in sibling blocks.

    Some layouts cut the article into several sibling containers of the same class with ads or
    widgets between them; the extractor then keeps only the first. The blocks are found from
    the container of the extracted paragraphs, climbing a few levels, and accepted only when
    they share its tag and class and hold real paragraph text (length, link density).
    """
    keys = {_key(p) for p in paragraphs if len(p) >= 40}
    hits = [p for p in tree.iter("p") if len(keys) >= 2 and _key(_text_of(p)) in keys]
    if len(hits) < 2:
        return paragraphs
    node = _common_ancestor(hits)
    for _ in range(_CLIMB_LEVELS):
        if node is None or node.tag in ("body", "html"):
            break
        parent = node.getparent()
        if parent is None:
            break
        cls = node.get("class")
        if cls:
            before: list[str] = []
            after: list[str] = []
            seen = node_seen = False
            for sibling in parent:
                if sibling is node:
                    node_seen = True
                    continue
                if sibling.tag != node.tag or sibling.get("class") != cls:
                    continue
                extra = _block_paragraphs(sibling)
                if extra is None:
                    continue
                fresh = [t for t in extra if _key(t) not in keys]
                (after if node_seen else before).extend(fresh)
                seen = seen or bool(fresh)
            if seen:
                return [*before, *paragraphs, *after]
        node = parent
    return paragraphs


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
    candidates: list[str | None] = [
        tree.get("lang"),
        tree.get("{http://www.w3.org/XML/1998/namespace}lang"),
    ]
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
    # trafilatura's metadata pass runs htmldate (find_date) with DATE_PARAMS for the date
    meta = extract_metadata(deepcopy(tree), default_url=url, date_config=dict(DATE_PARAMS))
    title = _norm(meta.title) if meta.title else None
    captions = _captions(tree)
    paragraphs = _add_split_siblings(tree, _trafilatura_body(tree, url))
    paragraphs = _clean_paragraphs(paragraphs, captions, title)
    if not paragraphs:
        raise NoBodyError("no article body found in the HTML page", source_ref=url)
    published = _published_date(tree, meta.date)
    return HtmlExtraction(
        title=title,
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
