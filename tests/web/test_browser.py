"""The dashboard in headless Chromium (Debian's chromium + chromedriver, via Selenium).

The server runs in a thread on a free port of 127.0.0.1 over the example-corpus store;
the browser has no network beyond it. With ``FOGWATCH_SCREENSHOTS=docs/img`` the run
saves the screenshots shown in docs/dashboard.md there (otherwise in a temporary
folder, so that a test run leaves the working tree as it was).
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
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


@contextlib.contextmanager
def serve(db, **options):
    """The dashboard over the store ``db`` on a free port of 127.0.0.1, in a thread
    (``options`` go to ``create_app``)."""
    import uvicorn

    from fogwatch.web.app import create_app

    app = create_app(str(db), **options)
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
def base_url(corpus_db):
    with serve(corpus_db) as url:
        yield url


@pytest.fixture(scope="module")
def span_url(tmp_path_factory):
    """A store whose events span 2012 to 2025, with one undated event."""
    from webcorpus import fill_span_store

    db = tmp_path_factory.mktemp("span") / "span.db"
    fill_span_store(str(db))
    with serve(db) as url:
        yield url


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


def all_displayed(driver, css: str) -> bool:
    """Whether elements matching ``css`` appear and are all displayed, within WAIT_S.
    The clusters may be redrawn once more after the map settles (a late tile or outline
    layer), so each try finds the elements afresh instead of holding stale ones."""
    from selenium.common.exceptions import StaleElementReferenceException, TimeoutException
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    def shown(d):
        found = d.find_elements(By.CSS_SELECTOR, css)
        return bool(found) and all(m.is_displayed() for m in found)

    try:
        WebDriverWait(driver, WAIT_S, ignored_exceptions=(StaleElementReferenceException,)).until(
            shown)
    except TimeoutException:
        return False
    return True


def settle_map(driver) -> None:
    """Wait until the map has finished fitting its markers (body[data-map-settled]): the
    clusters are redrawn while the view moves, so a marker found earlier can go stale."""
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(driver, WAIT_S).until(
        lambda d: d.execute_script("return document.body.dataset.mapSettled") == "true"
    )


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
    located = [e for e in store.events(None, limit=500) if e.latitude is not None]
    store.close()
    assert located, "the corpus has located events"
    open_page(browser, base_url + "/")
    settle_map(browser)
    assert all_displayed(browser, ".fw-marker, .marker-cluster")
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
    assert "Joined because" in browser.find_element("id", "event-summary").text
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


def test_timeline_spans_the_whole_store_and_counts_undated_events(browser, span_url):
    open_page(browser, span_url + "/")
    chart = browser.find_element("css selector", "#timeline svg")
    # Thirteen years: one bar per month, from the 2012 event to the 2025 one.
    assert chart.get_attribute("data-bin") == "month"
    bars = browser.find_elements("css selector", "#timeline rect.bar-events")
    starts = sorted(b.get_attribute("data-start") for b in bars)
    assert starts == ["2012-05-01", "2025-06-01"]
    assert all(float(b.get_attribute("height")) >= 1 for b in bars)
    assert browser.find_element("id", "timeline-heading").text == "By month"
    undated = browser.find_element("id", "timeline-undated")
    assert undated.is_displayed() and undated.text.startswith("Undated: 1 event")
    # Bars and the undated note add up to every event of the view.
    total = int(browser.find_element("id", "total-events").text)
    assert int(chart.get_attribute("data-binned")) + int(undated.get_attribute("data-events")) == total == 3


def test_timeline_bins_by_day_within_a_short_filter(browser, span_url):
    open_page(browser, span_url + "/?date_from=2025-06-01&date_to=2025-06-30")
    chart = browser.find_element("css selector", "#timeline svg")
    assert chart.get_attribute("data-bin") == "day"
    bars = browser.find_elements("css selector", "#timeline rect.bar-events")
    assert [b.get_attribute("data-start") for b in bars] == ["2025-06-08"]
    assert browser.find_elements("id", "timeline-undated") == []
    assert not browser.find_element("id", "map-note").is_displayed()  # all of the view is mapped


def test_the_map_says_when_it_shows_only_the_newest_events(browser, tmp_path_factory):
    from webcorpus import fill_span_store

    db = tmp_path_factory.mktemp("map-limit") / "span.db"
    fill_span_store(str(db))
    with serve(db, map_limit=1) as url:
        open_page(browser, url + "/")
        note = browser.find_element("id", "map-note")
        assert note.is_displayed()
        assert note.text.startswith("The map shows the 1 newest of 3 events")
        assert int(browser.find_element("id", "total-events").text) == 3


def test_source_cards_show_title_outlet_and_date(browser, base_url, span_url):
    import urllib.request

    def event_of(url: str, query: str) -> dict:
        with urllib.request.urlopen(f"{url}/api/events?{query}", timeout=WAIT_S) as answer:
            (found,) = json.load(answer)["events"]
        with urllib.request.urlopen(f"{url}/api/events/{found['id']}", timeout=WAIT_S) as answer:
            return json.load(answer)

    def cards(url: str, event: dict) -> list[tuple[str, str]]:
        open_page(browser, f"{url}/events/{event['id']}")
        shown = wait_for(browser, "#articles article.article", len(event["articles"]))
        return [(c.find_element("css selector", "h3").text,
                 c.find_element("css selector", ".meta").text) for c in shown]

    # A report with neither title nor outlet: its card is named by the link's host and date.
    untitled = event_of(span_url, "date_to=2012-12-31")
    assert cards(span_url, untitled) == [
        ("Report in example-news.org of 2012-05-03", "example-news.org, 2012-05-03")]
    # Reports with a headline show it, with their outlet and publication date beneath.
    event = event_of(base_url, "sort=-sources&limit=1")
    assert len(event["articles"]) >= 2
    expected = sorted((a["title"], f"{a['outlet']}, {a['published']}") for a in event["articles"])
    assert sorted(cards(base_url, event)) == expected
    assert _errors(browser) == []


def _download(browser, link, folder: Path, timeout: float = WAIT_S) -> Path:
    for old in folder.iterdir():
        old.unlink()
    link.click()
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        done = [p for p in folder.iterdir() if not p.name.endswith(".crdownload")]
        if done:
            time.sleep(0.2)  # let the browser close the file
            return done[0]
        time.sleep(0.1)
    pytest.fail(f"{link.get_attribute('id')} downloaded nothing")


def test_every_export_button_downloads_a_file_that_parses(browser, base_url, tmp_path):
    import pyarrow.parquet as pq

    folder = tmp_path / "downloads"
    folder.mkdir()
    browser.execute_cdp_cmd(
        "Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(folder)}
    )
    open_page(browser, base_url + "/?contested=true")
    total = int(browser.find_element("id", "total-events").text)
    assert total > 0
    counts = {}
    for fmt in ("acled", "ucdp", "geojson", "jsonl", "parquet"):
        link = browser.find_element("id", "export-" + fmt)
        assert "contested=true" in link.get_attribute("href")
        path = _download(browser, link, folder)
        data = path.read_bytes()
        if fmt in ("acled", "ucdp"):
            rows = list(csv.DictReader(io.StringIO(data.decode("utf-8"))))
            assert rows and all(len(r) > 10 for r in rows)
            counts[fmt] = len(rows)
        elif fmt == "geojson":
            doc = json.loads(data)
            assert doc["type"] == "FeatureCollection"
            counts[fmt] = len(doc["features"])
        elif fmt == "jsonl":
            counts[fmt] = len([json.loads(line) for line in data.decode("utf-8").splitlines()])
        else:
            counts[fmt] = pq.read_table(io.BytesIO(data)).num_rows
    assert counts == dict.fromkeys(counts, total), counts


AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"


def _serious_violations(browser) -> list[str]:
    if not AXE.exists():
        pytest.skip(f"{AXE.name} is missing: run npm ci (axe-core is a devDependency)")
    browser.execute_script(AXE.read_text(encoding="utf-8"))
    result = browser.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document, {resultTypes: ['violations']})"
        ".then((r) => done(r.violations)).catch((e) => done([{id: 'axe failed', impact: 'critical',"
        " help: String(e), nodes: []}]));"
    )
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n.get('target') for n in v['nodes']][:3]}"
        for v in result
        if v.get("impact") in ("serious", "critical")
    ]


def test_pages_have_no_serious_accessibility_violations(browser, base_url):
    open_page(browser, base_url + "/")
    wait_for(browser, ".fw-marker, .marker-cluster")
    assert _serious_violations(browser) == []
    open_page(browser, base_url + "/?contested=true")
    browser.find_element("css selector", "#event-list .event-row .event-link").click()
    wait_for(browser, "body.page-event")
    open_page(browser, browser.current_url)
    assert _serious_violations(browser) == []


def test_keyboard_reaches_the_filters_with_a_visible_focus(browser, base_url):
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys

    open_page(browser, base_url + "/")
    browser.execute_script("document.querySelector('.topbar .brand').focus()")
    seen = []
    for _ in range(6):
        ActionChains(browser).send_keys(Keys.TAB).perform()
        focused = browser.switch_to.active_element
        seen.append(focused.get_attribute("id") or focused.tag_name)
        if focused.get_attribute("id") == "f-country":
            break
    assert "f-country" in seen, seen
    focused = browser.switch_to.active_element
    assert focused.value_of_css_property("outline-style") != "none"
    assert float(focused.value_of_css_property("outline-width").rstrip("px")) >= 2
    # Typing and Enter apply the filter without a mouse.
    focused.send_keys("Pakistan", Keys.ENTER)
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(browser, WAIT_S).until(lambda d: "country=Pakistan" in d.current_url)
    # Every form control has a label a screen reader can read.
    unlabelled = browser.execute_script(
        "return [...document.querySelectorAll('input, select, button')]"
        ".filter((c) => !(c.labels && c.labels.length) && !c.getAttribute('aria-label')"
        " && !c.textContent.trim()).map((c) => c.id || c.outerHTML);"
    )
    assert unlabelled == []


def test_outlet_cells_wrap_between_words_only(browser, base_url):
    open_page(browser, base_url + "/?contested=true")
    browser.find_element("css selector", "#event-list .event-row .event-link").click()
    wait_for(browser, "body.page-event")
    browser.set_window_size(1000, 900)
    try:
        open_page(browser, browser.current_url)
        cells = wait_for(browser, "#ledger td.outlet")
        # No more lines than words: the browser did not break inside a word.
        lines = browser.execute_script(
            "return arguments[0].map((td) => {"
            " const r = document.createRange(); r.selectNodeContents(td);"
            " const tops = new Set([...r.getClientRects()].map((x) => Math.round(x.top)));"
            " return [td.textContent, tops.size]; });",
            cells,
        )
        assert lines and all(n <= len(text.split()) for text, n in lines), lines
    finally:
        browser.set_window_size(1280, 960)


def test_search_finds_an_event_by_a_word_in_its_article_text(browser, tmp_path_factory):
    from hand_readings import hand_reading
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import WebDriverWait

    from fogwatch.store import open_store

    fields = dict(event_type="Violence against civilians", sub_event_type="Attack",
                  country="Nigeria", iso="NG", admin1="Borno", geo_precision=2,
                  actor1="Boko Haram")
    db = tmp_path_factory.mktemp("search") / "search.db"
    with open_store(str(db)) as store:
        # The village is named in the body of one article only, in no title or place.
        store.add(*hand_reading(
            "Gunmen raided a market at dawn. Elders said the attackers came from the hills "
            "above Kwabrindi and burned twelve stalls.", "Wire A", "2025-03-04", [],
            {**fields, "date": "2025-03-04"}))
        store.add(*hand_reading(
            "Floods closed the road and the army said two soldiers died in an ambush near "
            "the river crossing.", "Wire B", "2025-06-10", [],
            {**fields, "date": "2025-06-10", "admin1": "Yobe", "event_type": "Battles",
             "sub_event_type": "Armed clash"}))
    with serve(db) as url:
        open_page(browser, url + "/")
        assert int(browser.find_element("id", "total-events").text) == 2
        box = browser.find_element("id", "f-text")
        # Labelled for a screen reader: the box sits in its <label>.
        label = box.find_element("xpath", "ancestor::label")
        assert label.text.strip().startswith("Article text")
        box.send_keys("kwabrindi", Keys.ENTER)
        WebDriverWait(browser, WAIT_S).until(lambda d: "text=kwabrindi" in d.current_url)
        open_page(browser, browser.current_url)
        assert browser.find_element("id", "f-text").get_attribute("value") == "kwabrindi"
        assert int(browser.find_element("id", "total-events").text) == 1
        rows = browser.find_elements("css selector", "#event-list .event-row")
        assert len(rows) == 1 and "2025-03-04" in rows[0].text
        href = browser.find_element("id", "export-acled").get_attribute("href")
        assert "text=kwabrindi" in href
        # Query syntax typed in the box is harmless: no event, no error.
        box = browser.find_element("id", "f-text")
        box.clear()
        box.send_keys('"NEAR(* -x', Keys.ENTER)
        WebDriverWait(browser, WAIT_S).until(lambda d: "NEAR" in d.current_url)
        open_page(browser, browser.current_url)
        assert int(browser.find_element("id", "total-events").text) == 0
        assert _errors(browser) == []
