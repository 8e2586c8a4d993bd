"""Reviewing from the dashboard in headless Chromium: signing in with a token, the edit
forms, the history panel, the review queue, merge and split (issue 16, item 6).

The server and browser are test_browser.py's; the store is a private copy of the
example-corpus store with one token per role. With ``FOGWATCH_SCREENSHOTS=docs/img``
the run saves the pictures of docs/review.md there.
"""

# The browser fixture is imported from test_browser.py, so test functions take a
# parameter of the same name.
# ruff: noqa: F811

from __future__ import annotations

import json
import shutil
import urllib.error
import urllib.request

import pytest
from test_browser import (  # noqa: F401  (browser is a fixture, found by name)
    SHOTS,
    WAIT_S,
    _errors,
    _serious_violations,
    browser,
    open_page,
    serve,
    settle_map,
    wait_for,
)

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def site(corpus_db, tmp_path_factory):
    """(url, tokens by role, store path) over a private copy of the corpus store."""
    from fogwatch.store import open_store
    from fogwatch.store.review import tokens

    db = tmp_path_factory.mktemp("review") / "review.db"
    shutil.copyfile(corpus_db, db)
    with open_store(str(db), create=False) as store:
        keys = {
            "reviewer": tokens.create(store, "desk-1", "reviewer"),
            "reviewer2": tokens.create(store, "desk-2", "reviewer"),
            "reader": tokens.create(store, "reader-1", "reader"),
        }
    with serve(db) as url:
        yield url, keys, db


def api(url: str, path: str, body: dict | None = None, token: str | None = None) -> tuple[int, dict]:
    """GET (or POST ``body``) and the status with the JSON answer."""
    headers = {"Accept": "application/json"}
    data = None
    if body is not None:
        data = json.dumps(body).encode("utf-8")
        headers["Content-Type"] = "application/json"
    if token:
        headers["Authorization"] = f"Bearer {token}"
    request = urllib.request.Request(url + path, data=data, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=WAIT_S) as answer:
            return answer.status, json.load(answer)
    except urllib.error.HTTPError as exc:
        return exc.code, json.load(exc)


def events(url: str, query: str = "") -> list[dict]:
    return api(url, "/api/events?limit=500&" + query)[1]["events"]


def sign_in(browser, url: str, token: str) -> None:
    """Sign in through the top bar's box, as a person would."""
    open_page(browser, url + "/review")
    browser.execute_script("sessionStorage.clear()")
    open_page(browser, url + "/review")
    browser.find_element("id", "auth-status").click()
    box = browser.find_element("id", "token-input")
    box.send_keys(token)
    browser.find_element("id", "signin-button").click()
    from selenium.common.exceptions import StaleElementReferenceException
    from selenium.webdriver.support.ui import WebDriverWait

    # The page reloads once the token is accepted.
    WebDriverWait(browser, WAIT_S, ignored_exceptions=(StaleElementReferenceException,)).until(
        lambda d: d.find_element("id", "auth-status").text.startswith("signed in as")
        and d.execute_script("return document.body.dataset.ready") == "true"
    )


def test_signing_in_keeps_the_token_in_the_tab_only(browser, site):
    url, keys, _ = site
    open_page(browser, url + "/review")
    browser.execute_script("sessionStorage.clear()")
    open_page(browser, url + "/review")
    browser.find_element("id", "auth-status").click()
    browser.find_element("id", "token-input").send_keys("fwt_not-a-token")
    browser.find_element("id", "signin-button").click()
    error = wait_for(browser, "#signin-error:not(:empty)")[0]
    assert "refused" in error.text
    # The browser logs the refused look-up itself; nothing else went wrong.
    assert all("/api/whoami" in e and "401" in e for e in _errors(browser))
    sign_in(browser, url, keys["reviewer"])
    assert browser.find_element("id", "auth-status").text == "signed in as desk-1 (reviewer)"
    kept = browser.execute_script(
        "return [sessionStorage.getItem('fogwatch.token'), localStorage.length, document.cookie]")
    assert kept == [keys["reviewer"], 0, ""]
    # Sign out forgets the token.
    browser.find_element("id", "auth-status").click()
    browser.find_element("id", "signout-button").click()
    from selenium.common.exceptions import StaleElementReferenceException
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(browser, WAIT_S, ignored_exceptions=(StaleElementReferenceException,)).until(
        lambda d: d.find_element("id", "auth-status").text == "Sign in")
    assert browser.execute_script("return sessionStorage.getItem('fogwatch.token')") is None
    # The endpoint behind the box: who a token is, and nothing without one.
    assert api(url, "/api/whoami", token=keys["reader"]) == (200, {"name": "reader-1", "role": "reader"})
    assert api(url, "/api/whoami")[0] == 401


def test_a_reviewer_corrects_a_location_and_sees_it_and_its_history(browser, site):
    url, keys, _ = site
    event = next(e for e in events(url, "sort=-sources") if e["latitude"] is not None
                 and e["n_sources"] >= 2)
    sign_in(browser, url, keys["reviewer"])
    open_page(browser, f"{url}/events/{event['id']}")
    assert browser.find_element("id", "review-panel").is_displayed()
    assert "No reviews yet" in browser.find_element("id", "history").text
    assert browser.find_element("id", "rv-location-name").get_attribute("value") == event["location"]
    for field, value in (("rv-location-name", "Nowhere Junction"), ("rv-latitude", "12.5"),
                         ("rv-longitude", "41.25"), ("rv-admin1", "Test Province")):
        box = browser.find_element("id", field)
        box.clear()
        box.send_keys(value)
    browser.find_element("id", "rv-location-reason").send_keys("the district office names the junction")
    browser.find_element("id", "rv-location-save").click()
    rows = wait_for(browser, "#history tr.history-row", 4)
    summary = browser.find_element("id", "event-summary").text
    assert "Nowhere Junction, Test Province" in summary
    assert "Nowhere Junction" in browser.find_element("id", "event-header").text
    history = browser.find_element("id", "history").text
    assert "desk-1" in history and "the district office names the junction" in history
    assert f"location: {event['location']} \u2192 Nowhere Junction" in history
    assert {r.get_attribute("data-field") for r in rows} == {"location", "latitude", "longitude", "admin1"}
    stored = api(url, f"/api/events/{event['id']}")[1]
    assert (stored["latitude"], stored["longitude"], stored["location"]) == (12.5, 41.25, "Nowhere Junction")
    assert _errors(browser) == []
    assert browser.find_element("id", "rv-mark-status").get_attribute("value") == "reviewed"
    # A picture of the forms and the history beneath them, in a taller window.
    browser.set_window_size(1366, 1300)
    browser.execute_script("document.getElementById('review-panel').scrollIntoView()")
    SHOTS.mkdir(parents=True, exist_ok=True)
    browser.save_screenshot(str(SHOTS / "review-location.png"))
    browser.set_window_size(1280, 960)

    # A bad value is refused with the field named, beside the form; nothing changes.
    box = browser.find_element("id", "rv-event-type")
    box.clear()
    box.send_keys("Skirmish")
    browser.find_element("id", "rv-coding-reason").send_keys("try a type")
    browser.find_element("id", "rv-coding-save").click()
    error = wait_for(browser, "#rv-coding-error:not(:empty)")[0]
    assert error.text.startswith("event_type: 'Skirmish' is not one of Battles"), error.text
    # A stale version: another reviewer saved first; the form says so in words and the
    # page shows their change.
    seen = int(browser.execute_script("return document.body.dataset.version"))
    status, _ = api(url, f"/api/events/{event['id']}/recode", token=keys["reviewer2"],
                    body={"changes": {"fatalities": 77}, "reason": "hospital list", "version": seen})
    assert status == 200
    box = browser.find_element("id", "rv-fatalities")
    box.clear()
    box.send_keys("5")
    reason = browser.find_element("id", "rv-coding-reason")
    reason.clear()
    reason.send_keys("my count")
    type_box = browser.find_element("id", "rv-event-type")
    type_box.clear()
    type_box.send_keys(event["event_type"])
    browser.find_element("id", "rv-coding-save").click()
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(browser, WAIT_S).until(
        lambda d: "Someone changed this event" in d.find_element("id", "rv-coding-error").text)
    WebDriverWait(browser, WAIT_S).until(lambda d: "desk-2" in d.find_element("id", "history").text)
    assert browser.find_element("id", "rv-fatalities").get_attribute("value") == "77"
    assert api(url, f"/api/events/{event['id']}")[1]["fatalities"] == 77
    # The browser logs the two refusals; nothing else went wrong.
    refused = _errors(browser)
    assert len(refused) == 2 and all("/recode" in e and ("422" in e or "409" in e) for e in refused)

    # The dashboard's map draws the event at its new place.
    open_page(browser, url + "/?q=Nowhere+Junction")
    settle_map(browser)
    (marker,) = wait_for(browser, ".fw-marker")
    assert "Nowhere Junction" in marker.get_attribute("title")
    position = browser.execute_script(
        "const m = document.querySelector('.fw-marker').getBoundingClientRect();"
        "const box = document.getElementById('map').getBoundingClientRect();"
        "return [m.left + m.width / 2 - box.left, m.top + m.height / 2 - box.top, box.width, box.height];")
    assert 0 <= position[0] <= position[2] and 0 <= position[1] <= position[3]


def test_a_reader_sees_no_edit_controls_and_cannot_write(browser, site):
    url, keys, _ = site
    event = events(url, "sort=-date")[0]
    sign_in(browser, url, keys["reader"])
    assert browser.find_element("id", "auth-status").text == "signed in as reader-1 (reader)"
    open_page(browser, f"{url}/events/{event['id']}")
    assert not browser.find_element("id", "review-panel").is_displayed()
    assert [f for f in browser.find_elements("css selector", "#review-panel input, #review-panel button")
            if f.is_displayed()] == []
    assert browser.find_element("id", "history").is_displayed()
    # Even a write sent from the page with the reader's token is refused.
    answer = browser.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "FW.send(arguments[0], {changes: {fatalities: 1}, reason: 'no'})"
        ".then(() => done('written')).catch((e) => done([e.status, e.message]));",
        f"/api/events/{event['id']}/recode",
    )
    assert answer[0] == 403 and "reader" in answer[1]
    assert all("/recode" in e and "403" in e for e in _errors(browser))
    assert api(url, f"/api/events/{event['id']}")[1]["fatalities"] == event["fatalities"]


def test_the_review_queue_lists_contested_then_deadliest(browser, site):
    url, keys, _ = site
    open_page(browser, url + "/review")
    rows = wait_for(browser, "#queue tr.queue-row")
    expected = events(url, "review=unreviewed&sort=-fatalities")
    assert len(rows) == len(expected)
    contested = [r.get_attribute("class").endswith("contested") for r in rows]
    assert contested == sorted(contested, reverse=True) and any(contested)
    by_id = {e["id"]: e for e in expected}
    ids = [r.get_attribute("data-event-id") for r in rows]
    for flag in (True, False):
        group = [by_id[i]["fatalities"] or 0 for i in ids if by_id[i]["contested"] == flag]
        assert group == sorted(group, reverse=True)
    link = rows[0].find_element("css selector", "a.event-link")
    assert link.get_attribute("href").endswith(f"/events/{ids[0]}")
    SHOTS.mkdir(parents=True, exist_ok=True)
    browser.save_screenshot(str(SHOTS / "review-queue.png"))
    link.click()
    wait_for(browser, "body.page-event")


def test_merging_two_events_from_the_dashboard_then_splitting_one_back(browser, site):
    url, keys, _ = site
    touched = {"Nowhere Junction"}
    pool = [e for e in events(url, "sort=-date") if e["location"] not in touched and not e["review"]["changes"]]
    first, second = pool[0], pool[1]
    reports = {first["id"]: api(url, f"/api/events/{first['id']}")[1]["reports"],
               second["id"]: api(url, f"/api/events/{second['id']}")[1]["reports"]}
    sign_in(browser, url, keys["reviewer"])
    open_page(browser, f"{url}/events/{first['id']}")
    browser.find_element("id", "rv-merge-open").click()
    dialog = browser.find_element("id", "merge-dialog")
    assert dialog.is_displayed()
    wait_for(browser, "#rv-merge-choices option")  # the queue to choose from
    browser.find_element("id", "rv-merge-with").send_keys(second["id"])
    browser.find_element("id", "rv-merge-reason").send_keys("the same raid, told twice")
    SHOTS.mkdir(parents=True, exist_ok=True)
    browser.save_screenshot(str(SHOTS / "review-merge.png"))
    browser.find_element("id", "rv-merge-save").click()
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(browser, WAIT_S).until(
        lambda d: d.execute_script("return document.body.dataset.ready") == "true"
        and "merged" in d.find_element("id", "history").text)
    merged_id = browser.execute_script("return document.body.dataset.eventId")
    merged = api(url, f"/api/events/{merged_id}")[1]
    both = sorted(reports[first["id"]] + reports[second["id"]])
    assert sorted(merged["reports"]) == both
    ledger_articles = {c["article_id"] for c in merged["ledger"]}
    for eid in (first["id"], second["id"]):
        assert {r.rsplit("-r", 1)[0] for r in reports[eid]} & ledger_articles, eid
    shown = {a.get_attribute("data-article-id") for a in wait_for(browser, "#articles article.article", 2)}
    assert {r.rsplit("-r", 1)[0] for r in both} <= shown
    # The split picker takes the second event's reports back out.
    for report in reports[second["id"]]:
        browser.find_element("css selector", f"#rv-split-reports input[value='{report}']").click()
    browser.find_element("id", "rv-split-reason").send_keys("different days after all")
    browser.find_element("id", "rv-split-save").click()
    WebDriverWait(browser, WAIT_S).until(
        lambda d: d.execute_script("return document.body.dataset.ready") == "true"
        and "split off" in d.find_element("id", "history").text)
    after = api(url, "/api/events?limit=500")[1]["events"]
    groups = sorted(sorted(api(url, f"/api/events/{e['id']}")[1]["reports"]) for e in after
                    if set(api(url, f"/api/events/{e['id']}")[1]["reports"]) & set(both))
    assert groups == sorted([sorted(reports[first["id"]]), sorted(reports[second["id"]])])
    assert _errors(browser) == []


def test_review_controls_are_labelled_and_reachable_by_keyboard(browser, site):
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys

    url, keys, _ = site
    event = next(e for e in events(url, "sort=-sources") if e["n_sources"] >= 2)
    sign_in(browser, url, keys["reviewer"])
    open_page(browser, f"{url}/events/{event['id']}")
    unlabelled = browser.execute_script(
        "return [...document.querySelectorAll('input, select, button')]"
        ".filter((c) => !(c.labels && c.labels.length) && !c.getAttribute('aria-label')"
        " && !c.textContent.trim()).map((c) => c.id || c.outerHTML);"
    )
    assert unlabelled == []
    # Tab from the location name reaches every field of the form and its button,
    # each with a visible focus ring.
    browser.execute_script("document.getElementById('rv-location-name').focus()")
    seen = ["rv-location-name"]
    for _ in range(5):
        ActionChains(browser).send_keys(Keys.TAB).perform()
        focused = browser.switch_to.active_element
        seen.append(focused.get_attribute("id"))
        assert focused.value_of_css_property("outline-style") != "none", seen
    assert seen == ["rv-location-name", "rv-latitude", "rv-longitude", "rv-admin1",
                    "rv-location-reason", "rv-location-save"]
    # The merge dialog opens from the keyboard and Escape closes it.
    browser.execute_script("document.getElementById('rv-merge-open').focus()")
    ActionChains(browser).send_keys(Keys.ENTER).perform()
    assert browser.find_element("id", "merge-dialog").is_displayed()
    assert browser.switch_to.active_element.get_attribute("id") == "rv-merge-with"
    ActionChains(browser).send_keys(Keys.ESCAPE).perform()
    assert not browser.find_element("id", "merge-dialog").is_displayed()


def test_review_pages_have_no_serious_accessibility_violations(browser, site):
    url, keys, _ = site
    event = next(e for e in events(url, "sort=-sources") if e["n_sources"] >= 2)
    sign_in(browser, url, keys["reviewer"])
    assert _serious_violations(browser) == []  # the queue, signed in
    open_page(browser, f"{url}/events/{event['id']}")
    assert _serious_violations(browser) == []
