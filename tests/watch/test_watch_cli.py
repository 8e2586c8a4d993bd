"""``fogwatch watch``, ``fogwatch sources`` and URL ingest, into a real store."""

from __future__ import annotations

import json
import os

import pytest
from typer.testing import CliRunner

from fogwatch.cli import app

PROXY_VARS = ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy")


@pytest.fixture(autouse=True)
def _no_proxy(monkeypatch):
    # The CLI honours proxy settings; the test site is on loopback and must be reached directly.
    for var in PROXY_VARS:
        monkeypatch.delenv(var, raising=False)


@pytest.fixture
def news_site(site):
    site.routes["/rss.xml"] = site.feed("feed-rss-v1.xml")
    site.routes["/news/quetta-station-blast"] = site.page("story-quetta-station.html")
    site.routes["/world/kurram-convoy"] = site.page("story-kurram-convoy.html")
    site.routes["/news/jaffar-express-hijacking"] = site.page("story-jaffar-express.html")
    site.routes["/bad.xml"] = site.status(500)
    return site


def _run(*args: str):
    return CliRunner().invoke(app, list(args), catch_exceptions=False)


def test_watch_once_stores_articles_and_sources_shows_health(news_site, tmp_path):
    from fogwatch.store import open_store

    db = str(tmp_path / "fogwatch.db")
    feeds = tmp_path / "feeds.yaml"
    feeds.write_text(
        f"feeds:\n"
        f"  - name: Indus Courier\n    url: {news_site.base}/rss.xml\n    country: Pakistan\n"
        f"  - name: Broken Wire\n    url: {news_site.base}/bad.xml\n",
        encoding="utf-8",
    )
    common = ["--db", db, "--delay", "0", "--timeout", "2"]
    first = _run("watch", "--feeds", str(feeds), "--once", *common)
    assert first.exit_code == 1  # one feed failed, and says so
    assert "Indus Courier: 2 entries, 2 new" in first.output
    assert "Broken Wire: error:" in first.output and "HTTP 500" in first.output

    with open_store(db, create=False) as store:
        assert store.count_articles() == 2

    # The feed gains a story; a second run stores only that one. Nothing is lost.
    news_site.routes["/rss.xml"] = news_site.feed("feed-rss-v2.xml")
    second = _run("watch", f"{news_site.base}/rss.xml", "--once", *common)
    assert second.exit_code == 0
    assert "3 entries, 1 new" in second.output
    with open_store(db, create=False) as store:
        assert store.count_articles() == 3

    health = json.loads(_run("sources", "--db", db, "--format", "json").output)
    rows = {r["feed"]: r for r in health}
    assert rows["Indus Courier"]["country"] == "Pakistan"
    assert rows["Indus Courier"]["articles_per_day"] == 3.0
    assert rows["Broken Wire"]["error_count"] == 1
    assert rows["Broken Wire"]["last_success"] is None
    table = _run("sources", "--db", db)
    # rich folds long cells to the terminal's width; the names are there, maybe folded.
    assert table.exit_code == 0 and "Broken" in table.output and "Indus" in table.output


def test_watch_once_fails_when_a_page_fails_and_names_it(news_site, tmp_path):
    news_site.routes["/world/kurram-convoy"] = news_site.status(503)
    db = str(tmp_path / "fogwatch.db")
    result = _run("watch", f"{news_site.base}/rss.xml", "--once", "--db", db,
                  "--delay", "0", "--timeout", "2")
    assert result.exit_code == 1  # the feed was read, one of its pages was not
    assert "1 new" in result.output and "1 failed" in result.output
    assert "/world/kurram-convoy" in result.output and "some feeds or pages failed" in result.output
    assert f"page {news_site.base}/world/kurram-convoy: HTTP 503" in result.output


def test_watch_rejects_bad_arguments(tmp_path):
    db = str(tmp_path / "x.db")
    assert "is not a duration" in _run("watch", "http://127.0.0.1:9/f", "--every", "soon",
                                       "--once", "--db", db).output
    bad = tmp_path / "feeds.yaml"
    bad.write_text("feeds:\n  - name: nothing\n", encoding="utf-8")
    result = _run("watch", "--feeds", str(bad), "--once", "--db", db)
    assert result.exit_code == 2 and "'url' is missing" in result.output
    assert not os.path.exists(db)  # nothing was created for a bad command


def test_fetch_article_reads_a_url_like_a_saved_page(news_site, fetch_config):
    from fogwatch.ingest.fetch import Fetcher
    from fogwatch.ingest.files import InputError
    from fogwatch.ingest.urls import fetch_article, is_url, read_inputs

    fetcher = Fetcher(fetch_config)
    assert is_url(news_site.base + "/x") and not is_url("examples/corpus/a.txt")
    article = fetch_article(news_site.base + "/news/quetta-station-blast", fetcher)
    assert article.title == "Blast at Quetta railway station kills at least 26"
    assert article.text.startswith("A suicide bomber")
    assert article.outlet == "Indus Courier"
    news_site.routes["/report.pdf"] = news_site.body(b"%PDF", "application/pdf")
    with pytest.raises(InputError, match="not an HTML page"):
        fetch_article(news_site.base + "/report.pdf", fetcher)
    records = list(read_inputs([news_site.base + "/report.pdf",
                                news_site.base + "/world/kurram-convoy"], fetcher=fetcher))
    fetcher.close()
    assert records[0].error is not None and records[1].article is not None


def test_ingest_takes_urls_beside_paths(news_site, tmp_path):
    from fogwatch.store import open_store

    db = str(tmp_path / "fogwatch.db")
    saved = tmp_path / "saved.html"
    saved.write_text(news_site.fixture("story-jaffar-express.html").decode(), encoding="utf-8")
    news_site.routes["/report.pdf"] = news_site.body(b"%PDF", "application/pdf")
    result = _run("ingest", news_site.base + "/news/quetta-station-blast",
                  news_site.base + "/report.pdf", str(saved), "--db", db, "--workers", "1")
    assert "not an HTML page (application/pdf)" in result.output
    with open_store(db, create=False) as store:
        assert store.count_articles() == 2
        urls = {a["url"] for a in (store.article(i) for i in store.article_ids())}
    assert news_site.base + "/news/quetta-station-blast" in urls


def test_watch_once_cuts_off_a_dripping_page_and_names_every_failure(site, tmp_path):
    from fogwatch.store import open_store

    stories = {"/news/quetta-station-blast": "story-quetta-station.html",
               "/world/kurram-convoy": "story-kurram-convoy.html"}
    for path, name in stories.items():
        site.routes[path] = site.page(name)
    site.routes["/slow"] = site.drip(b"<html><body><p>" + b"word " * 400 + b"</p></body></html>",
                                     0.02)
    site.routes["/gone"] = site.status(404)
    links = ["/slow", "/gone", *stories]
    items = "".join(f"<item><title>{p}</title><link>{site.base}{p}</link></item>" for p in links)
    site.routes["/wire.xml"] = site.body(
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>W</title>{items}'
        f"</channel></rss>".encode(), "application/rss+xml")
    db = str(tmp_path / "fogwatch.db")
    result = _run("watch", f"{site.base}/wire.xml", "--once", "--db", db, "--delay", "0",
                  "--timeout", "0.5", "--page-timeout", "2s", "--workers", "4")
    assert result.exit_code == 1
    assert "4 entries, 2 new, 0 duplicate, 1 skipped, 1 failed" in result.output
    summary = result.output.split("error: some feeds or pages failed:")[1]
    assert f"page {site.base}/slow: gave up after 2s (the time cap for one URL)" in summary
    assert f"page {site.base}/gone: HTTP 404" in summary
    assert "permanent: not retried" in result.output
    with open_store(db, create=False) as store:
        assert store.count_articles() == 2
    # The next run asks for neither again but the dripping page, and fails for it alone.
    again = _run("watch", f"{site.base}/wire.xml", "--once", "--db", db, "--delay", "0",
                 "--timeout", "0.5", "--page-timeout", "2s")
    assert again.exit_code == 1 and site.count("/gone") == 1
    assert "/gone" not in again.output.split("failed:")[-1]
