"""The dashboard in headless Chromium (Debian's chromium + chromedriver, via Selenium).

The server runs in a thread on a free port of 127.0.0.1 over the example-corpus store;
the browser has no network beyond it. With ``FOGWATCH_SCREENSHOTS=docs/img`` the run
saves the screenshots shown in docs/dashboard.md there (otherwise in a temporary
folder, so that a test run leaves the working tree as it was).
"""

from __future__ import annotations

import os
import shutil
import socket
import tempfile
import threading
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
SHOTS = Path(
    os.environ.get("FOGWATCH_SCREENSHOTS")
    or tempfile.mkdtemp(prefix="fogwatch-screenshots-")
).resolve()
WAIT_S = 30


def _missing_browser() -> str | None:
    for path in (CHROMIUM, CHROMEDRIVER):
        if not Path(path).exists():
            return f"{path} is not installed (apt-get install chromium chromium-driver)"
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "selenium is not installed in this environment"
    return None


@pytest.fixture(scope="module")
def base_url(corpus_db):
    import uvicorn

    from fogwatch.web.app import create_app

    app = create_app(str(corpus_db))
    if not app.state.assets.ok:
        pytest.skip(app.state.assets.problem())
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + WAIT_S
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("the test server did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser():
    reason = _missing_browser()
    if reason:
        pytest.skip(reason)
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    profile = tempfile.mkdtemp(prefix="fogwatch-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--window-size=1280,960",
        "--hide-scrollbars",
        f"--user-data-dir={profile}",
    ):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(WAIT_S)
    yield driver
    driver.quit()
    shutil.rmtree(profile, ignore_errors=True)


def open_page(driver, url: str) -> None:
    """Load a page and wait until its script has drawn it (body[data-ready])."""
    from selenium.webdriver.support.ui import WebDriverWait

    driver.get(url)
    WebDriverWait(driver, WAIT_S).until(
        lambda d: d.execute_script("return document.body.dataset.ready || null")
    )
    assert driver.execute_script("return document.body.dataset.ready") == "true", _errors(driver)


def _errors(driver) -> list[str]:
    return [e["message"] for e in driver.get_log("browser") if e["level"] == "SEVERE"]


def wait_for(driver, css: str, minimum: int = 1):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(driver, WAIT_S).until(
        lambda d: len(d.find_elements(By.CSS_SELECTOR, css)) >= minimum
    )
    return driver.find_elements(By.CSS_SELECTOR, css)


def no_alert(driver) -> bool:
    from selenium.common.exceptions import NoAlertPresentException

    try:
        _ = driver.switch_to.alert
    except NoAlertPresentException:
        return True
    return False


def test_dashboard_shows_markers_on_the_map(browser, base_url, corpus_db):
    from fogwatch.store import open_store

    store = open_store(str(corpus_db), create=False)
    located = [e for e in store.events(None, limit=500) if e["latitude"] is not None]
    store.close()
    assert located, "the corpus has located events"
    open_page(browser, base_url + "/")
    markers = wait_for(browser, ".fw-marker, .marker-cluster")
    assert markers and all(m.is_displayed() for m in markers)
    # Country outlines from world-atlas are drawn as SVG paths.
    assert len(wait_for(browser, ".leaflet-overlay-pane path", 50)) >= 50
    assert len(browser.find_elements("css selector", "#timeline rect.bar-events")) >= 1
    rows = browser.find_elements("css selector", "#event-list .event-row")
    assert len(rows) == min(100, int(browser.find_element("id", "total-events").text))
    assert _errors(browser) == []  # no CSP violation, no script error
    time.sleep(0.5)  # let the outline layer settle before the picture
    SHOTS.mkdir(parents=True, exist_ok=True)
    browser.save_screenshot(str(SHOTS / "dashboard-map.png"))


def test_filter_to_contested_events(browser, base_url):
    open_page(browser, base_url + "/")
    total = int(browser.find_element("id", "total-events").text)
    browser.find_element("id", "f-contested").click()
    browser.find_element("id", "f-apply").click()
    from selenium.webdriver.support.ui import WebDriverWait

    # The form submits with GET: the filter is in the address, so a reload keeps it.
    WebDriverWait(browser, WAIT_S).until(lambda d: "contested=true" in d.current_url)
    open_page(browser, browser.current_url)
    assert browser.find_element("id", "f-contested").is_selected()
    rows = browser.find_elements("css selector", "#event-list .event-row")
    assert rows and all("contested" in r.get_attribute("class") for r in rows)
    assert len(rows) < total
    href = browser.find_element("id", "export-acled").get_attribute("href")
    assert "format=acled" in href and "contested=true" in href


def test_event_page_shows_the_disputed_ledger_row_and_its_evidence(browser, base_url):
    open_page(browser, base_url + "/?contested=true")
    browser.find_element("css selector", "#event-list .event-row .event-link").click()
    wait_for(browser, "body.page-event")
    open_page(browser, browser.current_url)
    disputed = wait_for(browser, "#ledger .ledger-row.disputed")
    assert len({r.get_attribute("data-claimant") for r in disputed}) >= 2
    row = disputed[0]
    link = row.find_element("css selector", ".evidence-link")
    sentence = link.text.strip("\u201c\u201d")
    mark_id = link.get_attribute("href").split("#", 1)[1]
    mark = wait_for(browser, f"#articles mark.evidence#{mark_id}")[0]
    assert mark.text == sentence
    assert mark.value_of_css_property("background-color") != "rgba(0, 0, 0, 0)"
    assert row.find_element("css selector", ".figure .contested-badge").text == "disputed"
    assert wait_for(browser, "#figure-bars .bar-row", 2)
    assert browser.find_element("id", "contested-flag").is_displayed()
    assert _errors(browser) == []
    # Clicking the claim brings its sentence into view in the sources beside the ledger.
    link.click()
    assert "active" in mark.get_attribute("class")
    assert browser.execute_script(
        "const r = arguments[0].getBoundingClientRect();"
        "return r.top >= 0 && r.bottom <= window.innerHeight;",
        mark,
    )
    # A taller window for the picture: summary, ranges, ledger and the highlighted text.
    browser.set_window_size(1366, 1200)
    browser.execute_script("window.scrollTo(0, 0)")  # Selenium scrolled to click the link
    SHOTS.mkdir(parents=True, exist_ok=True)
    browser.save_screenshot(str(SHOTS / "event-page.png"))
    browser.set_window_size(1280, 960)  # back to the size the other tests expect


def test_markup_in_an_article_renders_as_text(browser, base_url, corpus_db):
    from webcorpus import XSS_OUTLET, XSS_TEXT, XSS_TITLE, xss_article

    from fogwatch.store import open_store

    article_id = xss_article().id
    store = open_store(str(corpus_db), create=False)
    events = store.article(article_id)["events"]
    store.close()
    pages = [f"/articles/{article_id}"] + [f"/events/{e}" for e in events]
    for page in pages:
        open_page(browser, base_url + page)
        assert no_alert(browser)
        assert browser.execute_script("return window.__xss === undefined")
        assert browser.find_elements("css selector", "img[src='x'], main script") == []
        body = browser.find_element("tag name", "main").text
        assert "<script>window.__xss = 'script';</script>" in body
        assert "<img src=x onerror=\"window.__xss='img'\">" in body
        assert XSS_TITLE in body and XSS_OUTLET in body
        # The article's javascript: URL never becomes a link.
        assert browser.find_elements("css selector", "a[href^='javascript']") == []
        assert all(a.text != "Original source" for a in browser.find_elements("tag name", "a"))
    open_page(browser, base_url + pages[0])
    links = browser.find_elements("css selector", "#article-events a.event-link")
    assert [a.get_attribute("href").rsplit("/", 1)[1] for a in links] == events
    text = browser.execute_script("return document.body.innerText")
    assert XSS_TEXT.split(".")[0] in text
