"""HTML page → article parts: body paragraphs, captions, title and page metadata.

How the body is found (each step measured on the AEB and trafilatura-eval dev sets, see
:mod:`eventwire.evaluation.extract`):

1. trafilatura in precision mode with reader comments off: on news pages it keeps the article and
   drops most of the chrome; when its body is short and the balanced mode finds three times more
   text that is not a menu of links, precision mode latched onto a fragment and the balanced
   body is taken instead;
2. an article split into sibling blocks of the same class (ad slots between them), of which the
   extractor keeps one, gets the other blocks back;
3. embedded social posts (tweets, Instagram, TikTok) inside the article container, which the
   extractor drops with their widget, are put back in page order: they are quoted material;
4. teaser lists (paragraphs that are each the whole text of one link: "related stories") go;
5. paragraph-level cleanup of the residual chrome: share prompts, "Advertisement", newsletter
   pitches, "Read more:" teasers, photo credits, time stamps, tag lists, unrendered CMS
   shortcodes, copyright lines, the headline repeated at the top, captions that slipped into
   the body.

Captions are collected separately with lxml (``figcaption``, caption classes, ``itemprop``) and
never count as body. The publication date is htmldate's in ``original_date`` mode, checked
against the page's own *published*/*modified* labels so that an update stamp does not pass for
the publication day, and a copyright year does not pass for 1 January.

Everything here is offline and deterministic: no network, no model download, no randomness.
"""

from __future__ import annotations

import codecs
import json
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator
from copy import deepcopy
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Any

import charset_normalizer
import trafilatura
from htmldate import find_date

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
_MAX_BROKEN_UTF8 = 0.001  # share of undecodable characters still read as UTF-8
_CHARSET_SCAN = 32_768  # declarations live in the head; archived pages nest a second head
_LATIN1_LABELS = frozenset({"iso-8859-1", "iso8859-1", "latin-1", "latin1", "us-ascii", "ascii"})


def _codec(label: bytes) -> str | None:
    name = label.decode("ascii", errors="ignore").strip().lower()
    if name in _LATIN1_LABELS:
        name = "cp1252"
    try:
        codec: str = codecs.lookup(name).name
    except LookupError:
        return None
    # the label was found by an ASCII search in the bytes, so they are not UTF-16: browsers
    # read such a page as UTF-8 (WHATWG rule)
    return "utf-8" if codec.startswith("utf-16") else codec


def decode_html(data: bytes) -> str:
    """Decode page bytes: byte-order mark, then the declared charset, then UTF-8.

    Each declared charset is tried strictly in page order (an archived page often wraps the
    original, which declares its own), then UTF-8, then UTF-8 with a few broken bytes replaced;
    other bytes are left to charset detection, and as a last resort read as windows-1252, the
    legacy default of browsers, so that the page still yields text rather than an error.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data.decode(encoding, errors="replace")
    labels = [_codec(m.group(1)) for m in _DECLARED_CHARSET.finditer(data[:_CHARSET_SCAN])]
    for codec in dict.fromkeys([*labels, "utf-8"]):
        if codec is None:
            continue
        try:
            return data.decode(codec)
        except (UnicodeDecodeError, LookupError):
            continue
    # mostly UTF-8 with a few broken bytes (a truncated multi-byte character, a pasted legacy
    # snippet): keep UTF-8 and replace the broken bytes rather than re-read the whole page
    lenient = data.decode("utf-8", errors="replace")
    if lenient.count("\ufffd") <= _MAX_BROKEN_UTF8 * len(lenient):
        return lenient
    guess = charset_normalizer.from_bytes(data).best()
    if guess is not None:
        return str(guess)
    return data.decode("cp1252", errors="replace")


# --------------------------------------------------------------------------------------------
# Body: trafilatura's XML body → paragraphs

# trafilatura XML tags that start a new paragraph of their own.
_BLOCK_TAGS = frozenset(
    {"p", "head", "list", "item", "quote", "table", "row", "code", "div", "article", "body"}
)
_WS = re.compile(r"\s+")


def _norm(text: str) -> str:
    """NFC, whitespace collapsed, soft hyphens dropped (they split words for the NLP stages)."""
    return unicodedata.normalize("NFC", _WS.sub(" ", text.replace("\u00ad", ""))).strip()


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
_TAG_LABEL = (
    r"(?:tags?|tagged(?: with| in)?|schlagw(?:ö|o)rte?r?|stichw(?:ö|o)rter|etiquetas|étiquettes|"
    r"mots-clés|tag(?:i|ek)|filed under)\s*:?"
)
_TAG_LABEL_RE = re.compile(_TAG_LABEL, re.I)
# A tag list: short comma-separated terms ("stock car, interlagos, velo città").
_TAG_LIST_RE = re.compile(r"[^,.!?;]{1,40}(?:,[^,.!?;]{1,40}){2,}")
_BOILERPLATE_PATTERNS = [
    # ad slots and their labels
    r"(?:advertisement|advertising|anzeige|publicité|publicidad|sponsored(?: content)?|"
    r"story continues below(?: advertisement)?|continue reading below|ad)\s*[:.]?",
    # share / follow widgets
    r"(?:share|tweet|email|print|pin|follow)(?: (?:this|the))?(?: (?:article|story|page|post))?"
    r"(?: (?:on|via|with))?(?: (?:facebook|twitter|x|linkedin|whatsapp|reddit|pinterest|email))*"
    r"\s*[:.!]?",
    r"(?:click|tap) (?:here )?to (?:share|email|print|tweet|subscribe|comment)\b.*",
    r".{0,100}\b(?:click|tap) here\b.{0,60}",
    # CMS shortcodes left unrendered ("[button link=…]Send us…[/button]")
    r".*\[(?P<code>\w+)\b[^\]]*\].*\[/(?P=code)\].*",
    r"(?:follow|like|join) us on (?:facebook|twitter|instagram|linkedin|youtube|telegram)\b.*",
    r"share (?:this|on|via)\b.{0,80}",
    r".{0,40}\bshare (?:it|this) with (?:a|your) friends?\b.*",
    # newsletter and subscription pitches (a short line naming a newsletter with a call to act)
    r"(?:sign up|subscribe|register)\b.{0,100}\b(?:newsletters?|updates|inbox|alerts)\b.*",
    r"subscribe (?:now|today|here)\b.*",
    r".{0,60}\b(?:subscribe to|subscription (?:of|to)) (?:our|the)\b.*",
    r"(?:get|receive) (?:our|the)\b.{0,60}\b(?:newsletter|alerts|updates)\b.*",
    r"(?=.*\b(?:sign|subscri|abonn|anmeld|regist|inscri|suscri|join|free|gratis|kostenlos))"
    r".{0,60}\bnewsletter\b.{0,60}",
    # teasers of other stories, in the languages of the corpora we measure on
    # (the label, then a separator and the teaser, or a few words to the end of the line)
    r"(?:related(?: articles?| stories| posts)?|read more|read also|see also|more on this|"
    r"also read|recommended|lesen sie auch|lesen sie hier|auch lesen|mehr zum thema|"
    r"weiterlesen|zum weiterlesen|mehr themen|top-themen|kommentierte artikel|"
    r"notas relacionadas|auch interessant|schon gelesen|"
    r"weitere (?:aktuelle )?(?:artikel|themen|beiträge|nachrichten|informationen|infos)|"
    r"lire aussi|à lire aussi|lea también|leia também|leggi anche|vedi anche|"
    r"czytaj (?:też|także)|dowiedz się więcej)"
    r"(?:\s*(?::|»|\.{3}|…|\?).*|\b.{0,40}(?<![.!?]))",  # no final stop: not a sentence
    r".{0,30}\b(?:(?:könnte|dürfte) (?:sie|dich|euch) (?:auch )?interessieren|"
    r"(?:le|te) puede interesar|you (?:may|might) also like)\b.*",
    r"(?:inhaltsverzeichnis|table of contents|sommaire|índice)\s*:?",
    # credit lines of photos (the caption itself is kept apart)
    r"\(?(?:fot\.|(?:foto|fotos|photo|photos|crédits? photos?|credits?|bildquelle|titelbild|"
    r"beitragsbild|image credit)\s*[:.]).{0,100}",
    # source lines of agency copy
    r"(?:quelle|source|fuente|źródło)\s*:.{0,80}",
    # advertising labels (German "Anzeige" only as a label: followed by punctuation or alone)
    r"\*?(?:anzeige|werbung|advertorial)\s*[-–,:.|].{0,150}",
    # bare time stamps and update notices
    r"(?:(?:\d{1,2}[./]\d{1,2}[./]\d{2,4}|\d{4}-\d{2}-\d{2}|"
    r"\d{1,2}:\d{2}(?::\d{2})?(?:\s*(?:[ap]\.?m\.?|uhr|h))?)[\s,|-]*)+",
    r"(?=.{0,60}$)(?=.*\b(?:19|20)\d\d\b)(?=.*\b\d{1,2}[:h]\d{2}\b).*",  # date + time line
    r"(?:last |zuletzt )?(?:updated|modified|aktualisiert|geändert|letzte änderung|"
    r"mis à jour|actualizado)(?: (?:on|at|am|um|le|el))?\s*:?\s*[\d.:/ ,apm-]{4,30}\.?",
    # tag-list labels (the list itself is dropped by _clean_paragraphs)
    _TAG_LABEL,
    # comment counters
    r"(?:\d+ |keine |no )?(?:comments?|kommentare?|commentaires?|comentarios?)"
    r"(?: insgesamt)?\s*:?\s*\d*",
    r"(?:\d+|keine|no) (?:comments?|kommentare?|commentaires?|comentarios?)\b.{0,80}",
    # copyright and rights lines
    r"(?:©|copyright\b|\(c\)\s*(?:\d{4}|copyright)).*",  # not "(c)" of an enumeration
    r".*\ball rights reserved\.?",
]
_BOILERPLATE = re.compile("|".join(f"(?:{p})" for p in _BOILERPLATE_PATTERNS), re.I)


def _is_boilerplate(paragraph: str) -> bool:
    """Whether a body paragraph is a line of site chrome (short and matching a UI pattern)."""
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
    after_tag_label = False
    for i, para in enumerate(paragraphs):
        # the list of tags after a "Tags:" label is navigation, not text
        tag_list = after_tag_label and _TAG_LIST_RE.fullmatch(para) is not None
        after_tag_label = _TAG_LABEL_RE.fullmatch(para) is not None
        if tag_list or _is_boilerplate(para) or para in caption_set:
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


# Elements whose boundaries separate words; inline ones (a, span, em…) do not.
_BREAKING_TAGS = frozenset(
    {"br", "p", "div", "li", "td", "th", "tr", "figcaption", "h1", "h2", "h3", "h4", "h5", "h6"}
)
_HIDDEN_TAGS = frozenset({"script", "style", "noscript", "template"})


def _text_of(node: etree._Element) -> str:
    """Visible text of a node: inline markup joined as is, block boundaries as spaces, no code."""
    parts: list[str] = []

    def walk(elem: etree._Element) -> None:
        tag = elem.tag if isinstance(elem.tag, str) else ""  # comments and PIs have no text
        if tag and tag not in _HIDDEN_TAGS:
            if tag in _BREAKING_TAGS:
                parts.append(" ")
            if elem.text:
                parts.append(elem.text)
            for child in elem:
                walk(child)
            if tag in _BREAKING_TAGS:
                parts.append(" ")
        if elem is not node and elem.tail:
            parts.append(elem.tail)

    walk(node)
    return _norm("".join(parts))


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


# Embedded social posts: their text is quoted material of the article (both dev corpora count it
# as body), but the extractor drops the widgets that hold it.
_EMBED_XPATH = (
    ".//blockquote[contains(@class, 'twitter-tweet') or contains(@class, 'instagram-media')"
    " or contains(@class, 'tiktok-embed')]"
)


def _embed_paragraphs(quote: etree._Element) -> list[str]:
    """A post's paragraphs, then its signature line (author, handle, date) as one more."""
    paras = [t for p in quote.iter("p") if (t := _text_of(p))]
    rest: list[str] = []
    if quote.text:
        rest.append(quote.text)
    for child in quote:
        if child.tag != "p":
            rest.append(_text_of(child))
        if child.tail:
            rest.append(child.tail)
    signature = _norm(" ".join(rest))
    return [*paras, signature] if signature else paras


def _add_embedded_posts(tree: HtmlElement, paragraphs: list[str]) -> list[str]:
    """Put back, in page order, the embedded posts that lie inside the article's container."""
    if not tree.xpath(_EMBED_XPATH):
        return paragraphs
    keys = [_key(p) for p in paragraphs]
    key_set = {k for k in keys if len(k) >= 20}
    hits = [p for p in tree.iter("p") if _key(_text_of(p)) in key_set] if key_set else []
    container = _common_ancestor(hits) if len(hits) >= 2 else None
    if container is None:
        return paragraphs
    body_keys = " ".join(keys)
    embeds = set(container.xpath(_EMBED_XPATH))
    inserts: dict[int, list[str]] = {}
    last = -1  # index in ``paragraphs`` of the last body paragraph met in page order
    for node in container.iter("p", "blockquote"):
        if node.tag == "p":
            key = _key(_text_of(node))
            if key in key_set:
                last = max(last, keys.index(key))
            continue
        if node not in embeds:
            continue
        post = [t for t in _embed_paragraphs(node) if _key(t) and _key(t) not in body_keys]
        if post:
            inserts.setdefault(last, []).extend(post)
    if not inserts:
        return paragraphs
    out = list(inserts.get(-1, []))
    for i, para in enumerate(paragraphs):
        out.append(para)
        out.extend(inserts.get(i, []))
    return out


def _drop_link_teasers(tree: HtmlElement, paragraphs: list[str]) -> list[str]:
    """Drop teaser lists: paragraphs that are each the whole text of one link of the page.

    A run of two or more such paragraphs, or such paragraphs closing the body, is a list of
    other stories ("related", "more from"), never prose. A single linked line inside the text is
    left alone: it may be a quoted title or a sub-heading that links to its source.
    """
    anchors = {_key(text) for a in tree.iter("a") if len(text := _text_of(a)) >= 15}
    is_link = [_key(p) in anchors for p in paragraphs]
    drop = [False] * len(paragraphs)
    i = 0
    while i < len(paragraphs):
        if not is_link[i]:
            i += 1
            continue
        j = i
        while j < len(paragraphs) and is_link[j]:
            j += 1
        if j - i >= 2 or j == len(paragraphs):
            drop[i:j] = [True] * (j - i)
        i = j
    kept = [p for p, d in zip(paragraphs, drop, strict=True) if not d]
    # never empty a body this way: a page that is nothing but links is for NoBodyError to judge
    return kept or paragraphs


# --------------------------------------------------------------------------------------------
# Captions

# Chrome regions whose figures belong to other stories or to the site, not the article.
_CHROME = "ancestor::nav or ancestor::header or ancestor::footer or ancestor::aside"
_CAPTION_XPATH = (
    f".//figcaption[not({_CHROME})]"
    f" | .//*[@itemprop='caption' or @class][not(self::img or self::meta or {_CHROME})]"
)
# Class tokens of caption elements: "caption", "wp-caption-text", "image-caption",
# "article__caption-text"… but not the widgets named after them ("caption-close", "captioned").
_CAPTION_CLASS = re.compile(r"^(?:[a-z0-9]+[-_]+)*caption(?:[-_]+(?:text|body|content|inner))?$")
_ARTICLE_REGION_XPATH = ".//article | .//*[@itemprop='articleBody'] | .//main"
_GALLERY_COUNTER = re.compile(
    r"^(?:image|photo|picture|bild|foto)\s+\d+\s+(?:of|von|de|sur)\s+\d+\s*", re.I
)
_CAPTION_MIN_WORDS = 3  # "Caption Close", "Kyle Busch": labels and bare names, not captions
_CAPTION_MAX_CHARS = 500  # longer "captions" are wrappers around a header or the article


def _is_caption_node(node: etree._Element) -> bool:
    if node.tag == "figcaption" or node.get("itemprop") == "caption":
        return True
    return any(_CAPTION_CLASS.match(tok) for tok in (node.get("class") or "").lower().split())


def _captions(tree: HtmlElement) -> list[str]:
    """Figure and photo captions of the article, in page order, without duplicates.

    Captions inside the article region (``<article>``, ``articleBody``, ``<main>``) are preferred;
    the whole page is searched only when that region has none.
    """
    nodes: list[etree._Element] = []
    for region in tree.xpath(_ARTICLE_REGION_XPATH):
        nodes.extend(n for n in region.xpath(_CAPTION_XPATH) if _is_caption_node(n))
    if not nodes:
        nodes = [n for n in tree.xpath(_CAPTION_XPATH) if _is_caption_node(n)]
    captions: list[str] = []
    seen: set[str] = set()
    for node in nodes:
        # gallery counters ("Image 3 of 12") are slideshow chrome before the caption proper
        text = _GALLERY_COUNTER.sub("", _text_of(node))
        if (
            len(text.split()) < _CAPTION_MIN_WORDS
            or len(text) > _CAPTION_MAX_CHARS
            or text in seen
            or _is_boilerplate(text)
        ):
            continue
        seen.add(text)
        captions.append(text)
    # a wrapper and its inner caption (or caption and credit) both match: keep the longer text
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


def _as_date(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _published_date(tree: HtmlElement, found: str | None, url: str | None = None) -> date | None:
    """Check htmldate's day ``found`` against the page's own labels: publication, not update.

    When the day found is one the page labels as *modified* while it labels another day as
    *published*, the published day wins. Days one apart are left alone: that is the same
    instant seen in two time zones (a UTC stamp beside a local one), not an update. A page that
    labels no publication day keeps the day found: on the pages measured (trafilatura-eval) such
    a lone "modified" stamp was the publication day every time.

    A 1 January found by the free-text search is usually a bare year (a copyright line) made
    into a date; it is kept only when the page markup alone yields the same day.
    """
    day = _as_date(found)
    if day is None or found is None:
        return None
    if (day.month, day.day) == (1, 1):
        markup_only = dict(DATE_PARAMS, extensive_search=False)
        if find_date(deepcopy(tree), url=url, **markup_only) != found:
            return None
    published, modified = _declared_dates(tree)
    if found in modified and found not in published:
        candidates = [d for d in map(_as_date, sorted(published)) if d is not None]
        if candidates and abs((candidates[0] - day).days) > 1:
            return candidates[0]
    return day


# --------------------------------------------------------------------------------------------
# Other metadata

_LANG = re.compile(r"^([a-z]{2,3})(?:[-_].*)?$", re.I)


def _declared_language(tree: HtmlElement) -> str | None:
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


#: ISO 639-1 code → jusText stop-word list, for pages that do not declare their language.
_STOPLIST_NAMES = {
    "en": "English",
    "de": "German",
    "fr": "French",
    "es": "Spanish",
    "it": "Italian",
    "pt": "Portuguese",
    "nl": "Dutch",
    "pl": "Polish",
    "ru": "Russian",
    "uk": "Ukrainian",
    "sv": "Swedish",
    "da": "Danish",
    "no": "Norwegian_Bokmal",
    "fi": "Finnish",
    "cs": "Czech",
    "tr": "Turkish",
    "hu": "Hungarian",
    "ro": "Romanian",
    "id": "Indonesian",
}
#: Share of body words that must be stop words of the best language to name it.
_MIN_STOPWORD_SHARE = 0.2


@lru_cache(maxsize=1)
def _stoplists() -> dict[str, frozenset[str]]:
    import justext  # type: ignore[import-untyped]  # only needed for undeclared languages

    return {code: frozenset(justext.get_stoplist(name)) for code, name in _STOPLIST_NAMES.items()}


def _guess_language(paragraphs: list[str]) -> str | None:
    """The language whose stop words cover most of the body's first words, if clear enough."""
    words = _KEY_TOKEN.findall(" ".join(paragraphs).casefold())[:1500]
    if len(words) < 20:
        return None
    scores = {code: sum(w in stop for w in words) for code, stop in _stoplists().items()}
    best = max(scores, key=lambda code: (scores[code], code))
    return best if scores[best] >= _MIN_STOPWORD_SHARE * len(words) else None


_URL_PREFIX = re.compile(r"^https?://(?:www\.)?", re.I)
# " | ", " - ", " – ", " — ", " :: ", " · " between a headline and the site name
_TITLE_SEPARATOR = re.compile(r"\s+(?:[|\-–—·]|::)\s+")


def _publisher(sitename: str | None) -> str | None:
    """The site name, without the taglines some sites append ("Site | Topic | Topic")."""
    if not sitename:
        return None
    name = _norm(_URL_PREFIX.sub("", sitename.split(" | ")[0])).rstrip("/")
    # a copyright notice picked up as the site name names no one
    return name if name and not _is_boilerplate(name) else None


def _title(title: str | None, publisher: str | None) -> str | None:
    """The headline, without the site name pages append to their <title>."""
    if not title:
        return None
    title = _norm(title)
    separators = list(_TITLE_SEPARATOR.finditer(title))
    if publisher and separators:
        last = separators[-1]
        site, tail = _key(publisher), _key(title[last.end() :])
        if site and tail and (site in tail or tail in site):
            return title[: last.start()].strip() or title
    return title


#: Category labels that name no section: CMS defaults and placeholders.
_NO_SECTION = frozenset({"post", "posts", "all", "uncategorized", "allgemein", "general", "home"})


def _good_section(value: str) -> bool:
    # a host name ("gizmodo.com") is the site, not a section
    return bool(value) and value.casefold() not in _NO_SECTION and "." not in value


def _section(tree: HtmlElement, categories: Iterable[str] | None) -> str | None:
    """The article's section: meta article:section, then metadata categories, then breadcrumb."""
    for meta in tree.iter("meta"):
        if (meta.get("property") or meta.get("name") or "").lower() == "article:section":
            value = _norm(meta.get("content") or "")
            if _good_section(value):
                return value
    for category in categories or ():
        value = _norm(category)
        if _good_section(value):
            return value
    crumbs = [
        _text_of(a)
        for a in tree.xpath(
            ".//*[contains(@class, 'breadcrumb') or @aria-label='breadcrumb'"
            " or @aria-label='Breadcrumb']//a"
        )
    ]
    crumbs = [c for c in crumbs if _good_section(c) and len(c) < 60]
    # the first crumb is the home page, the section is the deepest one left
    if len(crumbs) >= 2:
        return crumbs[-1]
    return None


# --------------------------------------------------------------------------------------------
# Entry point


_DOCUMENT_START = re.compile(r"<(?:html|body|head)\b", re.I)


def _load(html: str | bytes) -> HtmlElement | None:
    """Parse the page; a bare fragment (an ``html`` field holding only the article's markup) is
    wrapped in a document first, since trafilatura rejects fragments as not-quite-HTML."""
    text = decode_html(html) if isinstance(html, bytes) else html
    # stray NUL characters occur in real pages; lxml refuses them, the reader drops them
    text = text.replace("\x00", "")
    if not text.strip():
        return None
    if not _DOCUMENT_START.search(text[:4096]):
        text = f"<html><body><div>{text}</div></body></html>"
    tree = trafilatura.load_html(text)
    return tree if isinstance(tree, HtmlElement) else None


#: A precision-mode body this long is trusted as is (it saves the second run); a shorter one is
#: checked against the balanced mode. On the dev sets every page the fallback rescued had a
#: precision body under 3,000 characters.
_TRUSTED_BODY_CHARS = 3000
#: ... and replaced by it when the balanced body is this many times longer: precision mode has
#: then latched onto a fragment (a teaser, one tab of the page) rather than trimmed some chrome.
_BALANCED_RATIO = 3.0


def _run_trafilatura(tree: HtmlElement, url: str | None, *, precision: bool) -> list[str]:
    doc = trafilatura.bare_extraction(
        deepcopy(tree),
        url=url,
        favor_precision=precision,
        include_comments=False,  # reader comments are not the article
        include_tables=True,
        with_metadata=False,
    )
    body = getattr(doc, "body", None)
    return _paragraphs(body) if body is not None else []


def _trafilatura_body(tree: HtmlElement, url: str | None) -> list[str]:
    """Main-text paragraphs by trafilatura in news mode: precision first, balanced as fallback."""
    precise = _run_trafilatura(tree, url, precision=True)
    size = sum(map(len, precise))
    if size >= _TRUSTED_BODY_CHARS:
        return precise
    balanced = _run_trafilatura(tree, url, precision=False)
    if sum(map(len, balanced)) > _BALANCED_RATIO * size and not _mostly_links(tree, balanced):
        return balanced
    return precise


#: Share of body words that may come from link texts before the body reads as a menu.
_MAX_LINK_WORD_SHARE = 0.5


def _mostly_links(tree: HtmlElement, paragraphs: list[str]) -> bool:
    """Whether the paragraphs are mostly link texts of the page: a menu dump, not an article.

    The balanced mode falls back on the whole page text when it finds no article, which on an
    index page is its navigation.
    """
    words = Counter(_KEY_TOKEN.findall(" ".join(paragraphs).casefold()))
    total = sum(words.values())
    if not total:
        return True
    link_words: Counter[str] = Counter()
    for anchor in tree.iter("a"):
        link_words.update(_KEY_TOKEN.findall(_text_of(anchor).casefold()))
    return sum((words & link_words).values()) > _MAX_LINK_WORD_SHARE * total


def extract_html(html: str | bytes, url: str | None = None) -> HtmlExtraction:
    """Extract the article of one HTML page: body paragraphs, captions and metadata.

    ``html`` may be text or raw bytes (decoded by BOM, declared charset, then UTF-8). ``url`` is
    the page address when known; otherwise the page's canonical URL is used.

    Raises:
        NoBodyError: the page holds no article body (empty, or nothing but chrome).
    """
    tree = _load(html)
    if tree is None:
        raise NoBodyError(
            "empty or unparsable HTML page: no document to extract an article from", source_ref=url
        )
    # trafilatura's metadata pass runs htmldate (find_date) with DATE_PARAMS for the date
    meta = extract_metadata(deepcopy(tree), default_url=url, date_config=dict(DATE_PARAMS))
    publisher = _publisher(meta.sitename)
    title = _title(meta.title, publisher)
    captions = _captions(tree)
    paragraphs = _add_split_siblings(tree, _trafilatura_body(tree, url))
    paragraphs = _add_embedded_posts(tree, paragraphs)
    paragraphs = _drop_link_teasers(tree, paragraphs)
    paragraphs = _clean_paragraphs(paragraphs, captions, title)
    if not paragraphs:
        raise NoBodyError("no article body found in the HTML page", source_ref=url)
    published = _published_date(tree, meta.date, url or meta.url)
    return HtmlExtraction(
        title=title,
        body_paragraphs=paragraphs,
        captions=captions,
        published=published,
        published_source=DateSource.HTML_META if published else DateSource.UNKNOWN,
        publisher=publisher,
        section=_section(tree, meta.categories),
        language=_declared_language(tree) or _guess_language(paragraphs),
        byline=_norm(meta.author) if meta.author else None,
        url=url or meta.url,
    )
