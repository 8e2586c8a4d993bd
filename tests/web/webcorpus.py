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
