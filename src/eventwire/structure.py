"""Page structure: split a plain-text news page into section path, title, captions, bylines,
body paragraphs and boilerplate.

Text pages arrive as a page's visible text: a breadcrumb, the headline, a photo caption, the
body, then site chrome. The rules here use layout and general cues only, in this order:

1. Blocks: every non-empty line is a block (pages put one paragraph per line).
2. Prose: a block that reads as running text (enough words, ends like a sentence, not a
   link-list lead-in ending with ':'). The body runs from the first to the last prose block.
3. Head (before the body): breadcrumbs (short items joined by ``/ > » |``), captions (photo
   cues such as "file photo", "(Photo: …)", "(By the …)", "AP Photo"), bylines ("By …"),
   and the title (the first remaining short, unpunctuated or headline-cased line).
4. Inside the body: a block with caption cues is a caption, a short unpunctuated line is a
   subheading, a block with boilerplate cues ("Follow us", "All rights reserved") is boilerplate.
5. Tail (after the body): everything is boilerplate (footers, link lists, share buttons).
6. A headline run into the first paragraph ("Title Cased Headline. CITY -- Body…") is split.
7. Sentences that also open or close other articles of the same publisher (``repeated``
   fingerprints, from the batch and the store) are boilerplate: teasers, stray ledes, promos.

A pure function of (text, known title, repeated fingerprints): no state, no I/O.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from eventwire.model import Segment, SegmentKind

__all__ = [
    "PageStructure",
    "edge_sentences",
    "segment_page",
    "sentence_fingerprint",
    "split_sentences",
]

STAGE = "structure"

#: A prose block has at least this many words (shorter lines are headings, nav, credits).
MIN_PROSE_WORDS = 12
#: Titles are rarely longer than this many words.
MAX_TITLE_WORDS = 30
#: Number of opening/closing sentences of a body compared across a publisher's articles.
EDGE_SENTENCES = 3

_WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")
_SENTENCE_END = re.compile(r"""[.!?…]["”’')\]]*\s*$""")
_BREADCRUMB_SEP = re.compile(r"\s+(?:/|>|»|›|\||::)\s+")
_CAPTION_CUES = re.compile(
    r"""(?ix)
    \bfile\s+(?:photo|picture|image)\b
    | \((?:photo|image|picture|credit|by\s+the|by\s+|source:|video)[^)]*\)\s*$
    | ^(?:photo|image|picture|credit|caption)\s*[:/]
    | \b(?:AP|AFP|Reuters|EPA|Getty(?:\s+Images)?|Anadolu|Xinhua|Shutterstock)\s*(?:Photo|Images?)\b
    | \bphoto(?:graph)?\s+(?:by|courtesy|credit)\b
    | \bin\s+this\s+(?:undated\s+)?(?:\w+\s+){0,5}(?:photo|picture|image|handout|still|video)\b
    | \b(?:is|are)\s+(?:pictured|seen)\b
    """
)
_BYLINE = re.compile(r"^(?i:by|from|written\s+by|reporting\s+by)\s+[A-Z][\w.'’-]*(?:\s+\S+){0,6}$")
_BOILERPLATE_CUES = re.compile(
    r"""(?ix)
    ©|\bcopyright\b|\ball\s+rights\s+reserved\b
    | \b(?:follow|like)\s+us\b|\bsubscribe\b|\bsign\s+up\b|\bnewsletter\b
    | \bshare\s+(?:this|on)\b|\bclick\s+here\b|\bread\s+more\b
    | \brelated\s+(?:articles|stories|news)\b
    | \badvertisement\b|\bcookies?\b.*\b(?:policy|consent|accept)\b
    | \bcan\s+(?:also\s+)?be\s+accessed\b|\bdownload\s+(?:our|the)\s+app\b
    | \bterms\s+of\s+(?:use|service)\b|\bprivacy\s+policy\b
    """
)
_SPLIT_SENTENCES = re.compile(r"""(?<=[.!?…])["”’)]*\s+(?=["“‘(]?[A-Z0-9])""")
#: A dateline's place: "TBILISI", "TBILISI, Georgia", optionally "(Reuters)" after it.
_DATELINE_PLACE = r"""[A-Z][A-Z.'’ -]{2,40}(?:,\s*[A-Z][\w.'’ -]{1,40})?\s*(?:\([^)]{1,30}\)\s*)?"""
#: "Title Cased Headline. CITY, Country -- Body" (headline run into a dateline-led paragraph).
_TITLE_THEN_DATELINE = re.compile(
    r"^(?P<title>[^\n.!?]{8,200}?[.!?]?)\s+(?P<dateline>" + _DATELINE_PLACE + r"(?:--|—|–)\s)"
)
#: "CITY, Country (Agency) --" or "CITY --" or an all-caps city followed by capitalised text.
_DATELINE = re.compile(
    r"^(?P<dateline>" + _DATELINE_PLACE + r"(?:--|—|–|-)(?=\s)"
    r"|[A-Z]{3,}(?:\s[A-Z]{3,})?(?=\s[A-Z][a-z]))"
)


@dataclass(frozen=True)
class PageStructure:
    """Segments of a page plus the header fields read from them."""

    segments: list[Segment]
    title: str | None
    section: str | None
    dateline: str | None


@dataclass(frozen=True)
class _Block:
    start: int
    end: int
    text: str

    @property
    def words(self) -> int:
        return len(_WORD.findall(self.text))


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Rough sentence boundaries (start, end) by punctuation; for layout rules, not parsing."""
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _SPLIT_SENTENCES.finditer(text):
        spans.append((start, m.start() + _closing_len(text, m.start())))
        start = m.end()
    if start < len(text.rstrip()):
        spans.append((start, len(text.rstrip())))
    return [(s, e) for s, e in spans if text[s:e].strip()]


def _closing_len(text: str, pos: int) -> int:
    # Keep closing quotes/brackets that follow the full stop inside the sentence.
    n = 0
    while pos + n < len(text) and text[pos + n] in "\"”’)":
        n += 1
    return n


def sentence_fingerprint(sentence: str) -> str:
    """Normalised hash of a sentence: case, accents, punctuation and spacing ignored."""
    norm = unicodedata.normalize("NFKD", sentence).casefold()
    words = _WORD.findall(norm)
    return hashlib.blake2b(" ".join(words).encode("utf-8"), digest_size=8).hexdigest()


def edge_sentences(text: str) -> set[str]:
    """Fingerprints of the opening and closing sentences of a page's prose and of its short
    lines: the places where teasers, promos and stray ledes of other articles turn up."""
    prints: set[str] = set()
    blocks = _blocks(text)
    prose = [b for b in blocks if _is_prose(b)]
    for b in blocks:
        if not _is_prose(b) and b.words >= 3:
            prints.add(sentence_fingerprint(b.text))
    if prose:
        sentences = [
            prose_block.text[s:e]
            for prose_block in prose
            for s, e in split_sentences(prose_block.text)
        ]
        for sentence in sentences[:EDGE_SENTENCES] + sentences[-EDGE_SENTENCES:]:
            if len(_WORD.findall(sentence)) >= 6:
                prints.add(sentence_fingerprint(sentence))
    return prints


def segment_page(
    text: str,
    *,
    known_title: str | None = None,
    repeated: Iterable[str] = (),
) -> PageStructure:
    """Split ``text`` into layout segments (offsets into ``text``).

    ``known_title`` is a title given with the input (then a matching first line is the title and
    no other line is taken for one). ``repeated`` holds :func:`sentence_fingerprint` values of
    sentences seen at the edges of other articles of the same publisher.
    """
    repeated_set = set(repeated)
    blocks = _blocks(text)
    segments: list[Segment] = []
    title: str | None = None
    section: str | None = None
    dateline: str | None = None

    prose_idx = [i for i, b in enumerate(blocks) if _is_prose(b) and not _is_caption(b)]
    if not prose_idx:
        # No running text: keep short pages (a single statement, a brief) as body anyway.
        prose_idx = [i for i, b in enumerate(blocks) if b.words >= 3 and not _is_caption(b)]
    first = prose_idx[0] if prose_idx else len(blocks)
    last = prose_idx[-1] if prose_idx else -1
    # Once the title is known, a short sentence before the first long paragraph (an interview
    # question, a one-line lede) already belongs to the body.
    title_seen = bool(known_title)
    for i, b in enumerate(blocks[:first]):
        if title_seen and _is_sentence(b) and not _is_caption(b) and not _is_chrome(b):
            first = i
            break
        if _looks_like_title(b) and not _is_caption(b):
            title_seen = True
    # Likewise a closing one-sentence paragraph right after the last long one.
    while (
        0 <= last < len(blocks) - 1
        and _is_sentence(blocks[last + 1])
        and not _is_caption(blocks[last + 1])
        and not _is_chrome(blocks[last + 1])
    ):
        last += 1

    def add(kind: SegmentKind, start: int, end: int, reason: str) -> None:
        # Trim whitespace so every segment starts and ends on text.
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end > start:
            segments.append(Segment(kind=kind, start=start, end=end, text=text[start:end],
                                    reason=reason))

    norm_known = _norm(known_title) if known_title else None
    for i, b in enumerate(blocks):
        if i < first:
            kind, reason = _classify_head(b, title_taken=title is not None or bool(known_title),
                                          norm_known=norm_known)
            if kind is SegmentKind.TITLE:
                title = b.text.strip()
            if kind is SegmentKind.SECTION:
                section = " / ".join(p.strip() for p in _BREADCRUMB_SEP.split(b.text.strip()))
            add(kind, b.start, b.end, reason)
        elif i > last:
            add(SegmentKind.BOILERPLATE, b.start, b.end, "after the last body paragraph")
        elif _is_caption(b):
            add(SegmentKind.CAPTION, b.start, b.end, "caption cue inside the body")
        elif _BOILERPLATE_CUES.search(b.text) and (b.words < 25 or not _is_prose(b)):
            add(SegmentKind.BOILERPLATE, b.start, b.end, "boilerplate cue")
        elif not _is_prose(b) and b.words < MIN_PROSE_WORDS and i not in (first, last):
            add(SegmentKind.SUBTITLE, b.start, b.end, "short line inside the body")
        else:
            start = b.start
            if i == first and title is None and not known_title:
                m = _TITLE_THEN_DATELINE.match(b.text)
                if m and _is_headline_cased(m.group("title")):
                    title = m.group("title").strip().rstrip(".")
                    add(SegmentKind.TITLE, b.start, b.start + m.end("title"),
                        "headline run into a dateline")
                    start = b.start + m.start("dateline")
            if i == first:
                dm = _DATELINE.match(text[start:b.end])
                if dm:
                    dateline = dm.group("dateline").strip()
            _add_body(add, text, start, b.end, repeated_set,
                      first_block=i == first, last_block=i == last)

    segments.sort(key=lambda s: s.start)
    segments = _off_topic_tail(segments, text)
    if title is None and known_title:
        title = known_title
    return PageStructure(segments=segments, title=title, section=section, dateline=dateline)


#: An article's closing sentence shares at least this share of its words with the body
#: before it; a long one that shares almost none is another article's teaser pasted after it.
OFF_TOPIC_SHARE = 0.1
OFF_TOPIC_MIN_WORDS = 12
def _content_stems(text: str) -> list[str]:
    """The first five letters of each content word (spaCy's English stop words left out)."""
    from spacy.lang.en.stop_words import STOP_WORDS

    words = re.findall(r"[^\W\d_][\w'’-]+", text.lower())
    return [w[:5] for w in words if w not in STOP_WORDS and len(w) > 2]


def _off_topic_tail(segments: list[Segment], text: str) -> list[Segment]:
    """Move the body's last sentence to boilerplate when it is long and shares (almost) no
    words with the body before it: another article's teaser run into the last paragraph
    ("Electricity suppliers across the country are cracking down …" closing a report on a
    battle in Dagestan)."""
    body = [n for n, seg in enumerate(segments) if seg.kind is SegmentKind.BODY]
    if len(body) < 1:
        return segments
    last = segments[body[-1]]
    spans = split_sentences(last.text)
    if not spans:
        return segments
    s0, s1 = spans[-1]
    stems = _content_stems(last.text[s0:s1])
    if len(stems) < OFF_TOPIC_MIN_WORDS:
        return segments
    before = " ".join(segments[n].text for n in body[:-1]) + " " + last.text[:s0]
    seen = set(_content_stems(before))
    if len(seen) < 2 * OFF_TOPIC_MIN_WORDS:
        return segments  # too little body to judge what it is about
    share = sum(w in seen for w in stems) / len(stems)
    if share >= OFF_TOPIC_SHARE:
        return segments
    out = list(segments)
    tail = Segment(kind=SegmentKind.BOILERPLATE, start=last.start + s0, end=last.start + s1,
                   text=text[last.start + s0:last.start + s1],
                   reason=f"closing sentence off the article's topic ({share:.0%} shared words)")
    if s0 == 0:
        out[body[-1]] = tail
        return out
    head_end = last.start + s0
    while head_end > last.start and text[head_end - 1].isspace():
        head_end -= 1
    out[body[-1]] = Segment(kind=SegmentKind.BODY, start=last.start, end=head_end,
                            text=text[last.start:head_end], reason=last.reason)
    out.insert(body[-1] + 1, tail)
    return out


def _add_body(
    add: Callable[[SegmentKind, int, int, str], None],
    text: str,
    start: int,
    end: int,
    repeated: set[str],
    *,
    first_block: bool,
    last_block: bool,
) -> None:
    """Add one body paragraph, moving repeated edge sentences to boilerplate."""
    add = _splitting_subheads(add, text)
    if not repeated or not (first_block or last_block):
        add(SegmentKind.BODY, start, end, "prose paragraph")
        return
    para = text[start:end]
    spans = split_sentences(para)
    keep_from, keep_to = 0, len(spans)
    if last_block:
        while keep_to > keep_from and sentence_fingerprint(
            para[spans[keep_to - 1][0]:spans[keep_to - 1][1]]
        ) in repeated:
            keep_to -= 1
    if first_block:
        while keep_from < keep_to and sentence_fingerprint(
            para[spans[keep_from][0]:spans[keep_from][1]]
        ) in repeated:
            keep_from += 1
    if (keep_from == 0 and keep_to == len(spans)) or keep_from >= keep_to:
        # Nothing repeated, or everything: a page made only of "repeated" text is an article
        # published twice, not boilerplate.
        add(SegmentKind.BODY, start, end, "prose paragraph")
        return
    for s, e in spans[:keep_from]:
        add(SegmentKind.BOILERPLATE, start + s, start + e, "repeated across the publisher")
    if keep_to > keep_from:
        add(SegmentKind.BODY, start + spans[keep_from][0], start + spans[keep_to - 1][1],
            "prose paragraph")
    for s, e in spans[keep_to:]:
        add(SegmentKind.BOILERPLATE, start + s, start + e, "repeated across the publisher")


#: An inline subheading run into a paragraph, as agency copy flattened to text has it:
#: "… to find out. - China's 'lies' - For several days …".
_INLINE_SUBHEAD = re.compile(
    r"(?<=[.!?\"”’'])\s+-\s+([A-Z][^.!?\n]{0,58}?[\w'’\"”])\s+-\s+(?=[A-Z\"“‘'])")


def _splitting_subheads(
    add: Callable[[SegmentKind, int, int, str], None], text: str
) -> Callable[[SegmentKind, int, int, str], None]:
    """``add``, with body paragraphs split at inline subheadings, which become subtitles."""

    def split_add(kind: SegmentKind, start: int, end: int, reason: str) -> None:
        if kind is not SegmentKind.BODY:
            add(kind, start, end, reason)
            return
        pos = start
        for m in _INLINE_SUBHEAD.finditer(text, start, end):
            add(SegmentKind.BODY, pos, m.start(), reason)
            add(SegmentKind.SUBTITLE, m.start(1), m.end(1), "inline subheading (- X -)")
            pos = m.end()
        add(SegmentKind.BODY, pos, end, reason)

    return split_add


def _blocks(text: str) -> list[_Block]:
    blocks: list[_Block] = []
    pos = 0
    for line in text.splitlines(keepends=True):
        stripped = line.strip()
        if stripped:
            lead = len(line) - len(line.lstrip())
            blocks.append(_Block(pos + lead, pos + lead + len(stripped), stripped))
        pos += len(line)
    return blocks


def _is_prose(b: _Block) -> bool:
    t = b.text
    if t.endswith(":"):
        return False  # lead-in to a list of links or addresses
    if b.words >= MIN_PROSE_WORDS and _SENTENCE_END.search(t):
        return True
    # Long paragraphs without a final stop (quotes cut by the page) are still prose.
    return b.words >= 2 * MIN_PROSE_WORDS and len(split_sentences(t)) >= 2


def _is_sentence(b: _Block) -> bool:
    return b.words >= 4 and bool(_SENTENCE_END.search(b.text)) and not b.text.endswith(":")


def _is_chrome(b: _Block) -> bool:
    return bool(_BOILERPLATE_CUES.search(b.text) or _BYLINE.match(b.text)
                or _BREADCRUMB_SEP.search(b.text))


def _looks_like_title(b: _Block) -> bool:
    return 3 <= b.words <= MAX_TITLE_WORDS and not _is_chrome(b)


def _is_caption(b: _Block) -> bool:
    return bool(_CAPTION_CUES.search(b.text)) and b.words <= 80


def _is_headline_cased(s: str) -> bool:
    words: list[str] = [w for w in _WORD.findall(s) if len(w) > 3]
    if len(words) < 2:
        return False
    return sum(1 for w in words if w[0].isupper()) / len(words) >= 0.75


def _norm(s: str | None) -> str:
    return " ".join(_WORD.findall((s or "").casefold()))


def _classify_head(
    b: _Block, *, title_taken: bool, norm_known: str | None
) -> tuple[SegmentKind, str]:
    t = b.text
    if norm_known and _norm(t) == norm_known:
        return SegmentKind.TITLE, "matches the given title"
    if _BREADCRUMB_SEP.search(t) and all(
        len(_WORD.findall(p)) <= 4 for p in _BREADCRUMB_SEP.split(t)
    ):
        return SegmentKind.SECTION, "breadcrumb separators"
    if _is_caption(b):
        return SegmentKind.CAPTION, "caption cue"
    if _BYLINE.match(t):
        return SegmentKind.BYLINE, "byline"
    if _BOILERPLATE_CUES.search(t):
        return SegmentKind.BOILERPLATE, "boilerplate cue"
    if not title_taken and 3 <= b.words <= MAX_TITLE_WORDS:
        return SegmentKind.TITLE, "first headline-like line"
    if not title_taken and b.words <= 2:
        return SegmentKind.BOILERPLATE, "short line before the title"
    if b.words <= MAX_TITLE_WORDS and not _SENTENCE_END.search(t):
        return SegmentKind.SUBTITLE, "short line before the body"
    return SegmentKind.BOILERPLATE, "before the body"
