"""Metadata filled when the input lacks it: the outlet from the link, the event's title."""

from __future__ import annotations

import pytest

from fogwatch.model import Article, outlet_of_url
from fogwatch.reconcile.aggregate import generated_title


@pytest.mark.parametrize(
    ("url", "outlet"),
    [
        ("https://www.indiatvnews.com/news/world/some-story-123", "indiatvnews.com"),
        ("http://news.example.org:8080/a?b=c", "news.example.org"),
        ("https://WWW.Example.COM/x", "example.com"),
        ("https://web.archive.org/web/2019/http://www.dawn.example/story", "dawn.example"),
        ("javascript:alert(1)", None),
        ("not a link", None),
        ("http://[bad", None),
        ("", None),
        (None, None),
    ],
)
def test_outlet_of_url(url, outlet):
    assert outlet_of_url(url) == outlet


def test_an_article_without_outlet_takes_its_links_host():
    made = Article.make("Text.", url="https://www.indiatvnews.com/news/x")
    assert made.outlet == "indiatvnews.com"
    given = Article.make("Text.", url="https://www.indiatvnews.com/news/x", outlet="India TV")
    assert given.outlet == "India TV"
    assert Article.make("Text.").outlet is None


def test_generated_title():
    assert generated_title({"sub_event_type": "Armed clash", "event_type": "Battles",
                            "location": "Quetta"}) == "Armed clash in Quetta"
    assert generated_title({"event_type": "Riots", "admin1": "Sindh"}) == "Riots in Sindh"
    assert generated_title({"event_type": "Riots"}) == "Riots"
    assert generated_title({"country": "Pakistan"}) == "Event in Pakistan"
    assert generated_title({}) is None


def test_events_get_an_outlet_and_a_title_from_their_reports(tmp_path):
    from fogwatch import read_article
    from fogwatch.store import open_store

    titled = Article.make(
        "Security forces killed six insurgents in a raid near Jalalabad on Sunday, the army said.",
        published="2025-06-10", title="Raid near Jalalabad",
    )
    bare = Article.make(
        "Militants killed four villagers in an attack on a market in Kandahar on Tuesday, police said.",
        published="2012-05-03", url="https://www.example-news.org/a/1",
    )
    with open_store(str(tmp_path / "s.db")) as store:
        for article in (titled, bare):
            store.add(article, read_article(article))
        events = {e.date[:4]: e for e in store.events(None, limit=10)}
    assert events["2025"].title == "Raid near Jalalabad"
    generated = events["2012"]
    assert generated.title == f"{generated.sub_event_type} in {generated.location}"
    assert "None" not in generated.title
    assert generated.outlets == ["example-news.org"] and generated.n_outlets == 1
