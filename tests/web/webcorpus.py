"""The web tests' store: the example corpus read by Fogwatch, plus an article full of markup."""

from __future__ import annotations

# An article whose title, outlet and text carry markup: the dashboard must show it as text.
XSS_TITLE = "Gunmen attack checkpoint <img src=x onerror=\"window.__xss='title'\">"
XSS_OUTLET = "Evil <b>Wire</b>"
XSS_TEXT = (
    "Gunmen killed 7 policemen at a checkpoint in Quetta on Monday, police said. "
    "<script>window.__xss = 'script';</script> "
    "<img src=x onerror=\"window.__xss='img'\"> "
    "Police said the attackers fled towards the mountains."
)


def xss_article():
    """The article with markup in every field the dashboard shows."""
    from fogwatch.model import Article

    return Article.make(
        XSS_TEXT,
        published="2025-03-17",
        title=XSS_TITLE,
        outlet=XSS_OUTLET,
        url="javascript:window.__xss='url'",
    )


def fill_store(url: str, readings: list) -> None:
    """Create a store at ``url`` with the (article, reading) pairs and the markup article."""
    from fogwatch import read_article
    from fogwatch.store import open_store

    markup = xss_article()
    with open_store(url, create=True) as store:
        for article, reading in [*readings, (markup, read_article(markup))]:
            store.add(article, reading)


# Three reports of my own wording: one from 2012, one from 2025 and one without any date,
# so that the timeline must span thirteen years and count an undated event apart.
SPAN_ARTICLES = (
    ("Militants killed four villagers in an attack on a market in Kandahar on Tuesday, police said.",
     "2012-05-03", None, "https://www.example-news.org/a/1"),
    ("Security forces killed six insurgents in a raid near Jalalabad on Sunday, the army said.",
     "2025-06-10", "Raid near Jalalabad", None),
    ("Protesters clashed with police in Peshawar, and two people died, hospital officials said.",
     None, None, "https://www.example-wire.net/news/x"),
)  # fmt: skip


def fill_span_store(url: str) -> None:
    """A store whose events span 2012 to 2025, plus one undated event."""
    from fogwatch import read_article
    from fogwatch.model import Article
    from fogwatch.store import open_store

    with open_store(url, create=True) as store:
        for text, published, title, link in SPAN_ARTICLES:
            article = Article.make(text, published=published, title=title, url=link)
            store.add(article, read_article(article))
