"""Ingest one article from a URL, through the same polite fetcher the watcher uses.

``fogwatch ingest https://...`` fetches the page (User-Agent, robots.txt, timeouts,
retries, size cap, HTML only), extracts the main text and metadata exactly as a saved
``.html`` file is read, and yields it as a :class:`~fogwatch.ingest.files.Record`, so
URLs and paths can be mixed on one command line.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from urllib.parse import urlsplit

from fogwatch.ingest.files import InputError, Record, check_path, count_articles, read_path
from fogwatch.model import Article


def is_url(s: str | Path) -> bool:
    """Whether a command-line argument is an http(s) URL rather than a path."""
    if not isinstance(s, str):
        return False
    parts = urlsplit(s.strip())
    return parts.scheme.lower() in ("http", "https") and bool(parts.hostname)


def fetch_article(url: str, fetcher=None, published: str | None = None) -> Article:
    """Fetch ``url`` and return its article; raise InputError naming the URL if it fails.

    ``fetcher`` is a :class:`fogwatch.ingest.fetch.Fetcher` to share (one is made and
    closed otherwise); ``published`` is used when the page states no date.
    """
    from fogwatch.ingest.fetch import Fetcher, FetchError
    from fogwatch.ingest.html import extract_html

    own = fetcher is None
    fetcher = fetcher or Fetcher()
    try:
        response = fetcher.fetch_page(url)
    except FetchError as exc:
        raise InputError(url, str(exc).removeprefix(f"{url}: ")) from None
    finally:
        if own:
            fetcher.close()
    doc = extract_html(response.text(), url=response.final_url)
    if not doc.text.strip():
        raise InputError(url, "no article text found in the page")
    return Article.make(
        doc.text,
        published=doc.published or published,
        title=doc.title,
        url=doc.url or response.final_url,
        outlet=doc.outlet,
    )


def read_url(url: str, fetcher=None, published: str | None = None) -> Iterator[Record]:
    """Yield the one record of a URL: its article, or the error standing in its place."""
    try:
        yield Record(fetch_article(url, fetcher, published), source=url)
    except InputError as exc:
        yield Record(None, exc, source=url)


def read_inputs(
    items: Iterable[str | Path], published: str | None = None, fetcher=None
) -> Iterator[Record]:
    """Like :func:`fogwatch.ingest.files.read_paths`, but http(s) URLs are fetched.

    One fetcher is shared by all the URLs, so its per-host delay and robots.txt cache
    apply across them.
    """
    from fogwatch.ingest.fetch import Fetcher

    own = None
    try:
        for item in items:
            if is_url(item):
                if fetcher is None:
                    fetcher = own = Fetcher()
                yield from read_url(str(item), fetcher, published)
            else:
                yield from read_path(item, published)
    finally:
        if own is not None:
            own.close()


def check_inputs(items: Iterable[str | Path]) -> None:
    """Raise :class:`InputError` for the first path that cannot be read (URLs are
    checked when fetched: a failed fetch is a bad record, as in a feed)."""
    for item in items:
        if not is_url(item):
            check_path(item)


def count_inputs(items: Iterable[str | Path]) -> int | None:
    """Records in paths and URLs (one each), when cheap to know; see
    :func:`fogwatch.ingest.files.count_articles`."""
    items = list(items)
    urls = sum(1 for i in items if is_url(i))
    rest = count_articles([i for i in items if not is_url(i)])
    return None if rest is None else rest + urls
