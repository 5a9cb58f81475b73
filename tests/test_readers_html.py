"""Unit tests of the HTML reader on small handwritten pages (tests/fixtures/html/)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import lxml.html
import pytest
from lxml.html import HtmlElement

from eventwire.errors import NoBodyError
from eventwire.model import DateSource
from eventwire.readers.html import (
    HtmlExtraction,
    _add_embedded_posts,
    _add_split_siblings,
    _clean_paragraphs,
    _drop_link_teasers,
    _is_boilerplate,
    _published_date,
    _publisher,
    _title,
    decode_html,
    extract_html,
)

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


def test_page_without_date_has_unknown_provenance() -> None:
    ext = extract_html((FIXTURES / "inline_chrome.html").read_bytes())
    assert ext.published is None
    assert ext.published_source is DateSource.UNKNOWN


def _dated_page(meta: str) -> HtmlElement:
    return lxml.html.fromstring(f"<html><head>{meta}</head><body><p>x</p></body></html>")


def test_update_stamp_gives_way_to_declared_publication_day() -> None:
    tree = _dated_page(
        '<meta property="article:published_time" content="2018-06-22T09:00:00Z">'
        '<meta property="article:modified_time" content="2018-08-29T10:00:00Z">'
    )
    # as if htmldate had returned the update stamp
    assert _published_date(tree, "2018-08-29") == date(2018, 6, 22)
    assert _published_date(tree, "2018-06-22") == date(2018, 6, 22)


def test_one_day_apart_is_a_time_zone_not_an_update() -> None:
    tree = _dated_page(
        '<meta property="article:published_time" content="2021-10-27T23:30:00Z">'
        '<meta property="article:modified_time" content="2021-10-28T08:00:00+02:00">'
    )
    assert _published_date(tree, "2021-10-28") == date(2021, 10, 28)
    assert _published_date(tree, None) is None


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
    with pytest.raises(NoBodyError, match="empty or unparsable HTML page"):
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


@pytest.mark.parametrize(
    "line",
    [
        "Advertisement",
        "Share this article",
        "Like this story? Share it with a friend!",
        "Sign up for our daily newsletter",
        "Zum Newsletter anmelden",
        "READ MORE: Council approves new budget",
        "Lesen Sie auch: Hafen bekommt neue Kaimauer",
        "À lire aussi » Le marché du travail",
        "Foto: Agentur / Fotograf",
        "Fot. Jan Kowalski / Agencja",
        "Updated at 1:23 p.m.",
        "Aktualisiert am 17.01.2021.",
        "23.10.2018",
        "3:59 PM",
        "Keine Kommentare",
        "Copyright © 2022 Küstenbote",
        "Anzeige - Heute mal ausgehen?",
        "segunda-feira, 22 de janeiro de 2018 às 0:13",
        "Tags:",
        "Mehr zum Thema auf Example.de",
        "Das könnte Sie auch interessieren",
        "3 Kommentare (Kommentare erscheinen nach Freigabe)",
    ],
)
def test_residual_chrome_lines_are_boilerplate(line: str) -> None:
    assert _is_boilerplate(line)


@pytest.mark.parametrize(
    "line",
    [
        "The council's newsletter, sent to 40,000 homes, carried the warning on Friday.",
        "Anzeige gegen Unbekannt wurde erstattet, teilte die Polizei mit.",
        "Share prices fell 3% on Monday after the announcement.",
        "Related stories in the local press suggested the plan had support across the town, "
        "and residents said they had been asked about it for months before the vote in March.",
        "02-751-1500",
        "2019",
        "Related charges were filed on Monday.",
        "Recommended doses were doubled in May.",
    ],
)
def test_prose_is_not_boilerplate(line: str) -> None:
    assert not _is_boilerplate(line)


def test_enumeration_item_is_not_a_copyright_line() -> None:
    assert not _is_boilerplate("(c) the third option is to postpone the vote until spring.")
    assert _is_boilerplate("(c) 2021 The Riverside Courier")


SPLIT_BODY = [
    "Dock workers at the northern harbour returned to work on Friday after their union accepted "
    "a pay offer that ends a strike which had lasted fourteen days.",
    "The agreement gives about 1,800 workers a raise of six percent this year and a further four "
    "percent next year, the union said in a statement.",
    "The port authority said that ships which had waited offshore during the strike would be "
    "unloaded over the weekend, starting with perishable cargo.",
    "Exporters had warned that the stoppage was costing them millions each day, and several had "
    "diverted goods to ports further south.",
    "Union leaders said they would put the deal to a formal vote of members next month, but did "
    "not expect it to be rejected.",
    "The harbour's owners said that a separate dispute over night-shift rotas would be settled "
    "by an independent panel before the end of the year.",
]


@pytest.fixture(scope="module")
def split_page() -> HtmlElement:
    html = (FIXTURES / "split_article.html").read_text(encoding="utf-8")
    return lxml.html.fromstring(html)


def test_split_article_end_to_end() -> None:
    ext = extract_html((FIXTURES / "split_article.html").read_bytes())
    assert ext.body_paragraphs == SPLIT_BODY
    assert ext.published == date(2023, 9, 8)


def test_sibling_blocks_of_a_split_article_are_added_back(split_page: HtmlElement) -> None:
    # as if the extractor had kept only the first of the three same-class blocks
    assert _add_split_siblings(split_page, SPLIT_BODY[:2]) == SPLIT_BODY
    # a complete body is left as it is
    assert _add_split_siblings(split_page, SPLIT_BODY) == SPLIT_BODY


def test_teaser_links_closing_the_body_are_dropped(split_page: HtmlElement) -> None:
    teasers = [
        "New cranes arrive at the container terminal",
        "Ferry timetable changes for the winter season",
    ]
    assert _drop_link_teasers(split_page, [*SPLIT_BODY, *teasers]) == SPLIT_BODY
    # a body made only of links is not emptied here
    assert _drop_link_teasers(split_page, teasers) == teasers


def test_embedded_post_is_kept_in_place() -> None:
    ext = extract_html((FIXTURES / "embedded_post.html").read_bytes())
    assert ext.body_paragraphs[2:4] == [
        "Buses on route 12 are now five minutes faster at rush hour. The lanes are working.",
        "— City Transport (@citytransport) June 4, 2024",
    ]
    assert len(ext.body_paragraphs) == 5
    assert ext.body_paragraphs[-1].startswith("The council will publish a full review")


def test_dropped_embedded_post_is_put_back_in_page_order() -> None:
    tree = lxml.html.fromstring((FIXTURES / "embedded_post.html").read_text(encoding="utf-8"))
    full = extract_html((FIXTURES / "embedded_post.html").read_bytes()).body_paragraphs
    without_post = [full[0], full[1], full[4]]  # as if the extractor had dropped the widget
    assert _add_embedded_posts(tree, without_post) == full
    assert _add_embedded_posts(tree, full) == full


def test_tag_list_after_its_label_is_dropped() -> None:
    paragraphs = [
        "The final race of the season is on 9 December at Interlagos.",
        "Tags",
        "stock car 2018, stock car brasil, interlagos, velopark",
    ]
    assert _clean_paragraphs(paragraphs, []) == paragraphs[:1]
    # a comma-rich sentence that follows no label stays
    assert _clean_paragraphs(paragraphs[2:], []) == paragraphs[2:]


def test_site_name_is_cut_from_the_title() -> None:
    assert _title("Harbour strike ends - Coastal Daily", "Coastal Daily") == "Harbour strike ends"
    # a separator inside the headline is kept
    assert _title("Opinion | Is it a crime?", "The Journal") == "Opinion | Is it a crime?"
    assert _title(None, "Coastal Daily") is None


def test_publisher_is_a_name_not_a_url_or_tagline() -> None:
    assert _publisher("https://www.coastal.example") == "coastal.example"
    assert _publisher("Coastal Daily | Ports | Business") == "Coastal Daily"
    assert _publisher("Copyright 2014") is None


def test_bare_fragment_is_read_as_a_page() -> None:
    # a JSONL record's ``html`` field often holds only the article markup
    paras = [
        "The council met on Monday to discuss next year's budget for roads and schools.",
        "Residents asked about the library's opening hours and the new bus lanes.",
    ]
    ext = extract_html("".join(f"<p>{p}</p>" for p in paras))
    assert ext.body_paragraphs == paras
