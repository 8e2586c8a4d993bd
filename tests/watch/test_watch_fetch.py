"""The fetcher against a live loopback site: politeness, retries and every refusal."""

from __future__ import annotations

import pytest

from fogwatch.ingest.fetch import USER_AGENT, Fetcher, FetchError, HostThrottle


def _fetcher(cfg, **kw) -> Fetcher:
    return Fetcher(cfg, **kw)


def test_page_is_fetched_with_the_fogwatch_user_agent(site, fetch_config):
    site.routes["/news/quetta-station-blast"] = site.page("story-quetta-station.html")
    with _fetcher(fetch_config) as f:
        result = f.fetch_page(site.base + "/news/quetta-station-blast")
    assert result.status == 200
    assert b"Quetta railway station" in result.body
    agents = {ua for path, ua in site.hits}
    assert agents == {USER_AGENT}
    assert site.count("/robots.txt") == 1


def test_robots_disallowed_path_is_never_requested(site, fetch_config):
    site.routes["/private/briefing"] = site.page("story-quetta-station.html")
    with _fetcher(fetch_config) as f, pytest.raises(FetchError) as err:
        f.fetch_page(site.base + "/private/briefing")
    assert err.value.kind == "robots"
    assert not err.value.transient
    assert site.count("/private/briefing") == 0


def test_missing_robots_txt_allows_everything(site, fetch_config):
    del site.routes["/robots.txt"]  # the site answers 404
    site.routes["/private/briefing"] = site.page("story-quetta-station.html")
    with _fetcher(fetch_config) as f:
        assert f.fetch_page(site.base + "/private/briefing").status == 200


def test_server_error_is_retried_with_backoff_then_reported(site, fetch_config):
    site.routes["/flaky"] = site.status(503)
    waits: list[float] = []
    with _fetcher(fetch_config, sleep=waits.append) as f, pytest.raises(FetchError) as err:
        f.fetch_page(site.base + "/flaky")
    assert err.value.kind == "http" and err.value.status == 503
    assert err.value.transient
    assert site.count("/flaky") == 1 + fetch_config.retries
    assert waits == [fetch_config.backoff]


def test_backoff_doubles_up_to_its_cap(site, fetch_config):
    fetch_config.retries = 4
    fetch_config.backoff = 0.01
    fetch_config.backoff_max = 0.03
    site.routes["/flaky"] = site.status(500)
    waits: list[float] = []
    with _fetcher(fetch_config, sleep=waits.append) as f, pytest.raises(FetchError):
        f.fetch(site.base + "/flaky")
    assert waits == [0.01, 0.02, 0.03, 0.03]


def test_a_body_that_is_not_gzip_is_a_permanent_error(site, fetch_config):
    def route(h):
        data = b"this is not gzip at all" * 10
        h.send_response(200)
        h.send_header("Content-Type", "text/html")
        h.send_header("Content-Encoding", "gzip")
        h.send_header("Content-Length", str(len(data)))
        h.end_headers()
        h.wfile.write(data)

    site.routes["/zipped"] = route
    with _fetcher(fetch_config) as f, pytest.raises(FetchError) as err:
        f.fetch_page(site.base + "/zipped")
    assert err.value.kind == "bad_encoding" and not err.value.transient
    assert site.count("/zipped") == 1  # was retried as a network error


def test_client_error_is_not_retried(site, fetch_config):
    site.routes["/gone"] = site.status(404)
    with _fetcher(fetch_config) as f, pytest.raises(FetchError) as err:
        f.fetch_page(site.base + "/gone")
    assert err.value.status == 404 and not err.value.transient
    assert site.count("/gone") == 1


def test_a_page_slower_than_the_timeout_is_reported(site, fetch_config):
    fetch_config.timeout = 0.2
    fetch_config.retries = 0
    site.routes["/slow"] = site.stall(1.0)
    with _fetcher(fetch_config) as f, pytest.raises(FetchError) as err:
        f.fetch_page(site.base + "/slow")
    assert err.value.kind == "timeout" and err.value.transient


def test_non_html_page_is_refused(site, fetch_config):
    site.routes["/files/report.pdf"] = site.body(b"%PDF-1.7 not really", "application/pdf")
    with _fetcher(fetch_config) as f, pytest.raises(FetchError) as err:
        f.fetch_page(site.base + "/files/report.pdf")
    assert err.value.kind == "not_html"
    assert "application/pdf" in str(err.value)


def test_non_html_is_refused_by_its_headers_before_the_body_is_read(site, fetch_config):
    # 8 MB of video: refused for its type, not for its size (the body is never read).
    site.routes["/clip"] = site.endless(content_type="video/mp4")
    with _fetcher(fetch_config) as f, pytest.raises(FetchError) as err:
        f.fetch_page(site.base + "/clip")
    assert err.value.kind == "not_html" and err.value.status == 200


@pytest.mark.parametrize("declare", [None, 8 * 1024 * 1024], ids=["streamed", "declared"])
def test_oversized_body_is_cut_off(site, fetch_config, declare):
    site.routes["/huge"] = site.endless(declare=declare)
    with _fetcher(fetch_config) as f, pytest.raises(FetchError) as err:
        f.fetch_page(site.base + "/huge")
    assert err.value.kind == "too_large"
    assert str(fetch_config.max_bytes) in str(err.value)


def test_redirect_loop_is_named(site, fetch_config):
    site.routes["/loop/a"] = site.redirect("/loop/b")
    site.routes["/loop/b"] = site.redirect(site.base + "/loop/a")
    with _fetcher(fetch_config) as f, pytest.raises(FetchError) as err:
        f.fetch_page(site.base + "/loop/a")
    assert err.value.kind == "redirect_loop"
    assert "/loop/b" in str(err.value)
    assert site.count("/loop/a") == 1  # detected, not retried


def test_redirect_chain_longer_than_the_limit_is_refused(site, fetch_config):
    fetch_config.max_redirects = 2
    for i in range(5):
        site.routes[f"/hop/{i}"] = site.redirect(f"/hop/{i + 1}")
    with _fetcher(fetch_config) as f, pytest.raises(FetchError) as err:
        f.fetch_page(site.base + "/hop/0")
    assert err.value.kind == "too_many_redirects"


def test_permanent_redirect_is_followed_to_the_page(site, fetch_config):
    site.routes["/old/jaffar"] = site.redirect("/news/jaffar-express-hijacking", 301)
    site.routes["/news/jaffar-express-hijacking"] = site.page("story-jaffar-express.html")
    with _fetcher(fetch_config) as f:
        result = f.fetch_page(site.base + "/old/jaffar")
    assert result.final_url == site.base + "/news/jaffar-express-hijacking"
    assert result.redirects == [site.base + "/news/jaffar-express-hijacking"]


def test_redirect_into_a_disallowed_path_is_refused(site, fetch_config):
    site.routes["/teaser"] = site.redirect("/private/briefing")
    with _fetcher(fetch_config) as f, pytest.raises(FetchError) as err:
        f.fetch_page(site.base + "/teaser")
    assert err.value.kind == "robots"
    assert site.count("/private/briefing") == 0


def test_throttle_spaces_requests_to_one_host_only():
    now = [100.0]
    slept: list[float] = []

    def sleep(s: float) -> None:
        slept.append(s)
        now[0] += s

    throttle = HostThrottle(2.0, clock=lambda: now[0], sleep=sleep)
    assert throttle.wait("a.example") == 0
    assert throttle.wait("b.example") == 0  # another host does not wait
    assert throttle.wait("a.example") == 2.0
    now[0] += 5.0
    assert throttle.wait("a.example") == 0
    assert slept == [2.0]


def test_page_charset_comes_from_the_header_or_the_meta_tag(site, fetch_config):
    page = '<html><head><meta charset="windows-1252"></head><body><p>Caf\xe9 \u201cQuetta\u201d.</p>'
    site.routes["/cp1252"] = site.body(page.encode("cp1252"), "text/html")
    site.routes["/latin1"] = site.body("<p>Caf\xe9</p>".encode("latin-1"),
                                       "text/html; charset=ISO-8859-1")
    with _fetcher(fetch_config) as f:
        assert "Caf\xe9 \u201cQuetta\u201d" in f.fetch_page(site.base + "/cp1252").text()
        assert "Caf\xe9" in f.fetch_page(site.base + "/latin1").text()


def test_robots_crawl_delay_slows_requests_to_that_host(site, fetch_config):
    site.routes["/robots.txt"] = site.body(b"User-agent: *\nCrawl-delay: 7\n", "text/plain")
    site.routes["/a"] = site.page("story-kurram-convoy.html")
    waits: list[float] = []
    with _fetcher(fetch_config, sleep=waits.append) as f:
        f.fetch_page(site.base + "/a")
        f.fetch_page(site.base + "/a")
    assert len(waits) == 1 and 6.0 < waits[0] <= 7.0


def test_unreachable_robots_txt_holds_the_site_back_for_now_only(site, fetch_config):
    site.routes["/robots.txt"] = site.status(503)
    site.routes["/a"] = site.page("story-kurram-convoy.html")
    with _fetcher(fetch_config) as f:
        with pytest.raises(FetchError) as err:
            f.fetch_page(site.base + "/a")
        assert err.value.kind == "robots_unreachable" and err.value.transient
        assert site.count("/a") == 0
        site.routes["/robots.txt"] = site.body(b"User-agent: *\nDisallow:\n", "text/plain")
        assert f.fetch_page(site.base + "/a").status == 200  # asked again, not cached
