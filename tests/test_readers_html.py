"""Unit tests of the HTML reader on small handwritten pages (tests/fixtures/html/)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from eventwire.errors import NoBodyError
from eventwire.model import DateSource
from eventwire.readers.html import HtmlExtraction, decode_html, extract_html

FIXTURES = Path(__file__).parent / "fixtures" / "html"


@pytest.fixture(scope="module")
def article() -> HtmlExtraction:
    return extract_html((FIXTURES / "article.html").read_text(encoding="utf-8"))


def test_body_paragraphs_exact_without_chrome(article: HtmlExtraction) -> None:
    assert article.body_paragraphs == [
        "Engineers closed the town's flood barrier two days earlier than planned on Saturday "
        "after heavy rain upstream pushed the river to its highest level in six years.",
        "The county council said the eastern gate was lowered at dawn, and that about 300 homes "
        "on the low bank had been warned to move valuables upstairs before the evening tide.",
        '"We would rather close it a day too soon than an hour too late," said Tom Okafor, who '
        "leads the council's emergency planning team. He added that the barrier had been tested "
        "twice this winter.",
        "Forecasters expect the rain to ease by Monday, although the river is likely to stay high "
        "for most of the week as water drains from the hills to the north.",
        "Residents can follow updates on the council website, and sandbags remain available at "
        "the fire station on Mill Lane until further notice.",
    ]
    body = article.body
    for chrome in ("Share on", "Advertisement", "newsletter", "Related", "©", "Privacy"):
        assert chrome not in body


def test_caption_kept_separately(article: HtmlExtraction) -> None:
    caption = "Engineers lower the eastern gate of the barrier on Saturday morning."
    assert article.captions == [caption]
    assert caption not in article.body


def test_metadata(article: HtmlExtraction) -> None:
    assert article.title == "Flood barrier opens early as river rises"
    assert article.publisher == "The Riverside Courier"
    assert article.section == "Local news"
    assert article.language == "en"
    assert article.byline == "Jane Marlow"
    assert article.url == "https://courier.example.org/news/flood-barrier-opens-early"


def test_published_date_is_original_not_update(article: HtmlExtraction) -> None:
    # the page was modified on 2021-03-16; the publication day is the 14th
    assert article.published == date(2021, 3, 14)
    assert article.published_source is DateSource.HTML_META


def test_given_url_wins_over_canonical() -> None:
    html = (FIXTURES / "article.html").read_text(encoding="utf-8")
    assert extract_html(html, url="https://mirror.example/x").url == "https://mirror.example/x"


def test_inline_boilerplate_headline_and_caption_removed() -> None:
    ext = extract_html((FIXTURES / "inline_chrome.html").read_bytes())
    assert ext.title == "Neue Fähre verbindet die Inseln ab Mai"
    assert ext.body_paragraphs[0].startswith("Die Reederei hat am Freitag bestätigt")
    assert ext.body_paragraphs[-1].endswith("Im Winter fiel sie zuletzt an elf Tagen aus.")
    assert len(ext.body_paragraphs) == 3
    for chrome in ("Advertisement", "Lesen Sie auch", "Share this article", "Copyright"):
        assert chrome not in ext.body
    assert ext.captions == ["Die neue Fähre bei einer Probefahrt im Hafen."]
    assert ext.language == "de"
    assert ext.publisher == "Küstenbote"


def test_update_stamp_is_not_a_publication_date() -> None:
    # the only date on the page is article:modified_time
    ext = extract_html((FIXTURES / "inline_chrome.html").read_bytes())
    assert ext.published is None
    assert ext.published_source is DateSource.UNKNOWN


def test_bytes_in_declared_legacy_charset() -> None:
    html = (FIXTURES / "article.html").read_text(encoding="utf-8")
    html = html.replace('<meta charset="utf-8">', '<meta charset="iso-8859-1">')
    html = html.replace("Tom Okafor", "Zoë Müller-Façade")
    data = html.encode("iso-8859-1")
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    ext = extract_html(data)
    assert "Zoë Müller-Façade" in ext.body


def test_undeclared_bytes_default_to_utf8_then_cp1252() -> None:
    assert decode_html("<p>café</p>".encode()) == "<p>café</p>"
    assert decode_html("<p>café – ok</p>".encode("cp1252")) == "<p>café – ok</p>"
    assert decode_html(b"\xef\xbb\xbf<p>x</p>") == "<p>x</p>"


@pytest.mark.parametrize("html", ["", "   \n", b"", b"\n"])
def test_empty_page_raises_no_body(html: str | bytes) -> None:
    with pytest.raises(NoBodyError, match="empty HTML page"):
        extract_html(html)


def test_page_without_article_raises_no_body() -> None:
    html = (
        "<html><head><title>Index</title></head><body><nav><ul>"
        + "".join(f'<li><a href="/s{i}">Section {i}</a></li>' for i in range(20))
        + "</ul></nav><footer><p>© 2024 Example</p></footer></body></html>"
    )
    with pytest.raises(NoBodyError, match="no article body"):
        extract_html(html, url="https://example.org/")


def test_deterministic() -> None:
    data = (FIXTURES / "article.html").read_bytes()
    assert extract_html(data) == extract_html(data)
