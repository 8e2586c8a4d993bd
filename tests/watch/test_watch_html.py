"""Main text and metadata from pages full of boilerplate, scripts and comments."""

from __future__ import annotations

from pathlib import Path

from fogwatch.ingest.html import extract_html

FIXTURES = Path(__file__).resolve().parent / "fixtures"
BASE = "http://127.0.0.1:8123"


def _page(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8").replace("{{BASE}}", BASE)


def test_boilerplate_scripts_styles_and_comments_are_dropped():
    doc = extract_html(_page("story-quetta-station.html"), url=BASE + "/amp/quetta-station-blast")
    paragraphs = doc.text.split("\n\n")
    assert len(paragraphs) == 4
    assert paragraphs[0].startswith("A suicide bomber blew himself up on a crowded platform")
    assert paragraphs[-1].startswith("Train services from Quetta")
    for noise in (
        "cookies",  # consent banner
        "Subscribe",  # script string
        "dataLayer",  # script code
        "font-family",  # style sheet
        "editor note",  # HTML comment
        "Related stories",
        "Gwadar port",  # related link
        "Reader from",  # reader comments
        "Copyright",  # footer
        "Sport",  # navigation
    ):
        assert noise not in doc.text, noise


def test_metadata_is_read_from_what_the_page_declares():
    doc = extract_html(_page("story-quetta-station.html"), url=BASE + "/amp/quetta-station-blast")
    assert doc.title == "Blast at Quetta railway station kills at least 26"
    assert doc.published == "2024-11-09T14:20:00+05:00"
    assert doc.url == BASE + "/news/quetta-station-blast"  # canonical, not the AMP address
    assert doc.outlet == "Indus Courier"


def test_headline_is_not_repeated_as_the_first_paragraph():
    doc = extract_html(_page("story-quetta-station.html"))
    assert not doc.text.startswith("Blast at Quetta")


def test_commented_out_draft_and_sidebars_are_dropped():
    doc = extract_html(_page("story-kurram-convoy.html"), url=BASE + "/print/kurram-convoy")
    assert doc.text.startswith("Gunmen opened fire on a convoy")
    assert "killing at least 42 people" in doc.text
    for noise in ("fifty", "Most read", "Petrol prices", "Comment by Visitor", "Advertisement",
                  "Sign in", "Terms of use"):
        assert noise not in doc.text, noise
    assert doc.published == "2024-11-21"
    assert doc.outlet == "Frontier Daily Record"
    # No canonical link: the page is known by the address it was fetched from.
    assert doc.url == BASE + "/print/kurram-convoy"


def test_relative_canonical_resolves_against_the_page_address():
    doc = extract_html(_page("story-jaffar-express.html"), url=BASE + "/old/jaffar")
    assert doc.url == BASE + "/news/jaffar-express-hijacking"
    assert "Breaking news alerts" not in doc.text
    assert "Share this story" not in doc.text
    assert doc.text.count("\n\n") == 2  # three paragraphs


def test_a_page_without_an_article_gives_no_text():
    doc = extract_html("<html><head><title>Index</title></head><body><nav><a href='/'>Home</a>"
                       "</nav></body></html>")
    assert doc.text == ""


def test_a_canonical_link_to_the_home_page_is_ignored():
    html = _page("story-quetta-station.html").replace(
        f'href="{BASE}/news/quetta-station-blast"', f'href="{BASE}/"'
    ).replace(f'content="{BASE}/news/quetta-station-blast"', f'content="{BASE}"')
    doc = extract_html(html, url=BASE + "/news/2024/11/09/quetta")
    assert doc.url == BASE + "/news/2024/11/09/quetta"
