"""The web tests' store: the example corpus read by Fogwatch, plus an article full of markup."""

from __future__ import annotations

from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
CORPUS = REPO / "examples" / "corpus"

# An article whose title, outlet and text carry markup: the dashboard must show it as text.
XSS_TITLE = "Gunmen attack checkpoint <img src=x onerror=\"window.__xss='title'\">"
XSS_OUTLET = "Evil <b>Wire</b>"
XSS_TEXT = (
    "Gunmen killed 7 policemen at a checkpoint in Quetta on Monday, police said. "
    "<script>window.__xss = 'script';</script> "
    "<img src=x onerror=\"window.__xss='img'\"> "
    "Police said the attackers fled towards the mountains."
)


def ingest(db: Path, paths: list[Path], extra: list | None = None) -> None:
    """Read the files (and extra articles) with Fogwatch's reader into a new store."""
    from fogwatch import read_article
    from fogwatch.ingest.files import read_paths
    from fogwatch.store import open_store

    store = open_store(str(db), create=True)
    try:
        articles = [r.article for r in read_paths([str(p) for p in paths]) if r.article]
        for article in [*articles, *(extra or [])]:
            store.add(article, read_article(article))
    finally:
        store.close()


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
