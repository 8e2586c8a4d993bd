"""Feeds, the feeds file and URL spelling, without a network."""

from __future__ import annotations

from pathlib import Path

import pytest

from fogwatch.watch.canonical import normalise_url
from fogwatch.watch.feeds import FeedError, parse_feed
from fogwatch.watch.sources import SourcesError, load_sources

FIXTURES = Path(__file__).resolve().parent / "fixtures"
BASE = "http://127.0.0.1:8123"


def _feed(name: str) -> bytes:
    return (FIXTURES / name).read_bytes().replace(b"{{BASE}}", BASE.encode())


def test_rss_entries_keep_order_links_and_utc_times():
    feed = parse_feed(_feed("feed-rss-v2.xml"), BASE + "/rss.xml", "application/rss+xml")
    assert feed.title == "Indus Courier: Pakistan"
    assert [e.link.split("/")[-1] for e in feed.entries] == [
        "jaffar-express-hijacking",
        "quetta-station-blast?utm_source=rss&utm_medium=feed",
        "kurram-convoy",
    ]
    assert feed.entries[0].published == "2025-03-12T04:05:00+00:00"
    assert feed.warning is None


def test_atom_relative_links_resolve_against_the_feed():
    feed = parse_feed(_feed("feed-atom.xml"), BASE + "/atom.xml", "application/atom+xml")
    assert [e.link for e in feed.entries] == [
        BASE + "/print/kurram-convoy",
        BASE + "/amp/quetta-station-blast",
    ]
    assert feed.entries[0].published == "2024-11-21T14:00:00+00:00"


def test_malformed_xml_with_nothing_usable_is_an_error():
    with pytest.raises(FeedError, match="malformed feed"):
        parse_feed(_feed("malformed.xml"), BASE + "/broken.xml", "application/rss+xml")


def test_html_error_page_is_not_a_feed():
    with pytest.raises(FeedError, match=BASE):
        parse_feed(b"<html><body><h1>Back soon</h1></body></html>", BASE + "/rss", "text/html")


def test_truncated_feed_keeps_complete_entries_and_warns():
    feed = parse_feed(_feed("feed-truncated.xml"), BASE + "/cut.xml", "application/rss+xml")
    assert [e.link for e in feed.entries] == [BASE + "/news/jaffar-express-hijacking"]
    assert feed.skipped == 1
    assert "malformed feed" in feed.warning and "1 entries recovered" in feed.warning


def test_tracking_parameters_fragments_and_case_do_not_make_a_new_url():
    a = normalise_url("HTTP://News.Example.ORG:80/story/1?utm_source=rss&id=7&fbclid=x#top")
    b = normalise_url("http://news.example.org/story/1?id=7")
    assert a == b
    # A parameter that can change the page is kept.
    assert normalise_url("http://n.example/s?page=2") != normalise_url("http://n.example/s")


def test_feeds_file_yaml_and_toml_give_the_same_sources(tmp_path):
    yml = tmp_path / "feeds.yaml"
    yml.write_text(
        "feeds:\n"
        "  - name: Indus Courier\n"
        "    url: https://courier.example.org/rss.xml\n"
        "    country: Pakistan\n"
        "  - url: https://frontier.example.net/atom.xml\n"
        "    outlet: Frontier Daily Record\n",
        encoding="utf-8",
    )
    toml = tmp_path / "feeds.toml"
    toml.write_text(
        '[[feeds]]\nname = "Indus Courier"\nurl = "https://courier.example.org/rss.xml"\n'
        'country = "Pakistan"\n\n'
        '[[feeds]]\nurl = "https://frontier.example.net/atom.xml"\n'
        'outlet = "Frontier Daily Record"\n',
        encoding="utf-8",
    )
    sources = load_sources(yml)
    assert sources == load_sources(toml)
    assert sources[0].outlet == "Indus Courier"  # the name stands in for the outlet
    assert sources[1].name == "frontier.example.net"  # the host stands in for the name
    assert sources[1].country is None


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("feeds:\n  - name: No address\n", "feed 1: 'url' is missing"),
        ("feeds:\n  - url: ftp://x.example/feed\n", "feed 1: 'url' 'ftp://x.example/feed'"),
        ("feeds:\n  - url: https://a.example/f\n    contry: PK\n", "unknown field(s) contry"),
        (
            "feeds:\n  - url: https://a.example/f\n  - url: https://a.example/f\n",
            "feed 2: https://a.example/f is listed twice",
        ),
        ("feeds: [unclosed\n", "not valid yaml"),
        ("feeds: 3\n", "expected a list under 'feeds'"),
    ],
)
def test_bad_feeds_file_names_file_entry_and_field(tmp_path, text, message):
    path = tmp_path / "feeds.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(SourcesError) as err:
        load_sources(path)
    assert str(path) in str(err.value)
    assert message in str(err.value)
