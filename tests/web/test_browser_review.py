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
    from selenium.common.exceptions import WebDriverException
    from selenium.webdriver.support.ui import WebDriverWait

    # The page reloads once the token is accepted. The check reads the page in one
    # script rather than through an element handle: a handle taken just before the
    # reload goes stale, and under load Chromium answers that as an inspector error
    # ("Node with given id does not belong to the document"), not as a stale element;
    # any driver error while the page is being replaced is polled again until WAIT_S.
    WebDriverWait(browser, WAIT_S, ignored_exceptions=(WebDriverException,)).until(
        lambda d: d.execute_script(
            "const s = document.getElementById('auth-status');"
            "return !!s && s.textContent.trim().startsWith('signed in as')"
            " && document.body.dataset.ready === 'true';")
    )


def fill_in(browser, element_id: str, value: str) -> None:
    """Clear a text box and type into it, as a person would."""
    box = browser.find_element("id", element_id)
    box.clear()
    if value:
        box.send_keys(value)


def choose(browser, element_id: str, value: str) -> None:
    from selenium.webdriver.support.ui import Select

    Select(browser.find_element("id", element_id)).select_by_value(value)


def marker_place(browser, map_id: str, css: str) -> tuple[float, float]:
    """Where a marker is drawn: the centre of its icon on the screen, turned back into
    latitude and longitude through the map's own projection (not the data it was given)."""
    return tuple(browser.execute_script(
        "const box = document.getElementById(arguments[0]); const map = box.fwMap;"
        "const m = box.querySelector(arguments[1]).getBoundingClientRect();"
        "const b = box.getBoundingClientRect();"
        "if (m.width === 0 || m.right < b.left || m.left > b.right || m.bottom < b.top || m.top > b.bottom) return null;"
        "const at = map.containerPointToLatLng([m.left + m.width / 2 - b.left, m.top + m.height / 2 - b.top]);"
        "return [at.lat, at.lng];", map_id, css) or (float("nan"), float("nan")))


def near(place: tuple[float, float], lat: float, lon: float, within: float = 0.25) -> bool:
    return abs(place[0] - lat) <= within and abs(place[1] - lon) <= within


def saved_notice(browser, form: str) -> str:
    """Wait for the form's "Saved" notice and return it."""
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(browser, WAIT_S).until(
        lambda d: d.find_element("id", f"{form}-notice").text.startswith("Saved"))
    notice = browser.find_element("id", f"{form}-notice")
    assert notice.is_displayed()
    return notice.text


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
    from selenium.common.exceptions import WebDriverException
    from selenium.webdriver.support.ui import WebDriverWait

    # the page reloads (see sign_in)
    WebDriverWait(browser, WAIT_S, ignored_exceptions=(WebDriverException,)).until(
        lambda d: d.execute_script(
            "const s = document.getElementById('auth-status');"
            "return !!s && s.textContent.trim() === 'Sign in';"))
    assert browser.execute_script("return sessionStorage.getItem('fogwatch.token')") is None
    # The endpoint behind the box: who a token is, and nothing without one.
    assert api(url, "/api/whoami", token=keys["reader"]) == (200, {"name": "reader-1", "role": "reader"})
    assert api(url, "/api/whoami")[0] == 401


def test_a_reviewer_corrects_a_location_and_sees_the_marker_move_and_its_history(browser, site):
    from selenium.webdriver.support.ui import WebDriverWait

    url, keys, _ = site
    event = next(e for e in events(url, "sort=-sources") if e["latitude"] is not None
                 and e["n_sources"] >= 2)
    sign_in(browser, url, keys["reviewer"])
    open_page(browser, f"{url}/events/{event['id']}")
    assert browser.find_element("id", "review-panel").is_displayed()
    assert "No reviews yet" in browser.find_element("id", "history").text
    assert browser.find_element("id", "rv-location-name").get_attribute("value") == event["location"]
    # The panel's map draws the event where the reader put it.
    wait_for(browser, "#event-map .event-marker")
    before = marker_place(browser, "event-map", ".event-marker")
    assert near(before, event["latitude"], event["longitude"]), (before, event)
    for field, value in (("rv-location-name", "Nowhere Junction"), ("rv-latitude", "12.5"),
                         ("rv-longitude", "41.25"), ("rv-admin1", "Test Province")):
        fill_in(browser, field, value)
    browser.find_element("id", "rv-location-reason").send_keys("the district office names the junction")
    browser.find_element("id", "rv-location-save").click()
    notice = saved_notice(browser, "rv-location")
    assert "location, admin1, latitude, longitude changed" in notice, notice
    rows = wait_for(browser, "#history tr.history-row", 4)
    # The same marker now sits at the new place, far from the old one.
    WebDriverWait(browser, WAIT_S).until(
        lambda d: near(marker_place(d, "event-map", ".event-marker"), 12.5, 41.25))
    after = marker_place(browser, "event-map", ".event-marker")
    assert not near(after, *before, within=5), (before, after)
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
    browser.set_window_size(1366, 1500)
    browser.execute_script("document.getElementById('review-panel').scrollIntoView()")
    SHOTS.mkdir(parents=True, exist_ok=True)
    browser.save_screenshot(str(SHOTS / "review-location.png"))
    browser.set_window_size(1280, 960)
    browser.find_element("css selector", ".history-box").screenshot(str(SHOTS / "review-history.png"))

    # A bad value is refused with the field named, beside the form, and the field is
    # marked; nothing changes.
    fill_in(browser, "rv-event-type", "Skirmish")
    browser.find_element("id", "rv-coding-reason").send_keys("try a type")
    browser.find_element("id", "rv-coding-save").click()
    error = wait_for(browser, "#rv-coding-error:not(:empty)")[0]
    assert error.text.startswith("event_type: 'Skirmish' is not one of Battles"), error.text
    assert browser.find_element("id", "rv-event-type").get_attribute("aria-invalid") == "true"
    assert browser.find_element("id", "rv-coding-notice").text == ""
    # A stale version: another reviewer saved first. The form says so in words, lists
    # their change, keeps this reviewer's edit, and offers to reload.
    seen = int(browser.execute_script("return document.body.dataset.version"))
    status, _ = api(url, f"/api/events/{event['id']}/recode", token=keys["reviewer2"],
                    body={"changes": {"fatalities": 77}, "reason": "hospital list", "version": seen})
    assert status == 200
    fill_in(browser, "rv-fatalities", "5")
    fill_in(browser, "rv-coding-reason", "my count")
    fill_in(browser, "rv-event-type", event["event_type"])
    browser.find_element("id", "rv-coding-save").click()
    WebDriverWait(browser, WAIT_S).until(
        lambda d: "Someone else changed this event" in d.find_element("id", "rv-coding-error").text)
    conflict = browser.find_element("id", "rv-coding-error")
    assert conflict.is_displayed()
    assert "desk-2 changed fatalities" in conflict.text and "77" in conflict.text, conflict.text
    WebDriverWait(browser, WAIT_S).until(lambda d: "desk-2" in d.find_element("id", "history").text)
    assert browser.find_element("id", "rv-fatalities").get_attribute("value") == "5"  # not lost
    browser.execute_script("document.getElementById('rv-coding').scrollIntoView({block: 'center'})")
    browser.find_element("id", "rv-coding").screenshot(str(SHOTS / "review-conflict.png"))
    assert api(url, f"/api/events/{event['id']}")[1]["fatalities"] == 77
    browser.find_element("id", "rv-coding-reload").click()
    WebDriverWait(browser, WAIT_S).until(
        lambda d: d.find_element("id", "rv-fatalities").get_attribute("value") == "77"
        and d.find_element("id", "rv-coding-error").text == "")
    assert int(browser.execute_script("return document.body.dataset.version")) == seen + 1
    # The browser logs the two refusals; nothing else went wrong.
    refused = _errors(browser)
    assert len(refused) == 2 and all("/recode" in e and ("422" in e or "409" in e) for e in refused)

    # The dashboard's map draws the event at its new place.
    open_page(browser, url + "/?q=Nowhere+Junction")
    settle_map(browser)
    (marker,) = wait_for(browser, ".fw-marker")
    assert "Nowhere Junction" in marker.get_attribute("title")
    assert near(marker_place(browser, "map", ".fw-marker"), 12.5, 41.25)


def test_a_reviewer_picks_a_place_from_the_gazetteer(browser, site):
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import WebDriverWait

    url, keys, _ = site
    event = next(e for e in events(url, "sort=-sources") if e["latitude"] is not None
                 and e["n_sources"] >= 2)
    status, found = api(url, "/api/gazetteer?q=Sibi&limit=10")
    assert status == 200
    sibi = next(p for p in found["places"] if p["country"] == "Pakistan" and p["feature"] == "city")
    sign_in(browser, url, keys["reviewer"])
    open_page(browser, f"{url}/events/{event['id']}")
    version = int(browser.execute_script("return document.body.dataset.version"))
    # Enter in the search box searches; it does not submit the location form.
    browser.find_element("id", "rv-place-query").send_keys("Sibi", Keys.ENTER)
    choices = wait_for(browser, "#rv-place-results button.place-choice")
    assert len(choices) == len(found["places"])
    assert "Sibi" in browser.find_element("id", "rv-place-status").text
    assert browser.find_element("id", "rv-location-error").text == ""
    pick = next(c for c in choices if c.get_attribute("data-name") == sibi["name"]
                and float(c.get_attribute("data-latitude")) == sibi["latitude"])
    assert "Pakistan" in pick.text
    pick.click()
    # The pick fills the fields and sends the reviewer on to the reason.
    value = lambda i: browser.find_element("id", i).get_attribute("value")  # noqa: E731
    assert value("rv-location-name") == sibi["name"]
    assert value("rv-admin1") == (sibi["admin1"] or "")
    assert value("rv-admin2") == (sibi["admin2"] or "")
    assert value("rv-country") == sibi["country"]
    assert float(value("rv-latitude")) == sibi["latitude"]
    assert float(value("rv-longitude")) == sibi["longitude"]
    assert value("rv-geo-precision") == str(sibi["geo_precision"])
    assert browser.switch_to.active_element.get_attribute("id") == "rv-location-reason"
    # Saving without a reason is refused in the page, naming the field.
    browser.find_element("id", "rv-location-save").click()
    error = wait_for(browser, "#rv-location-error:not(:empty)")[0]
    assert error.text == "reason: every change needs a reason"
    assert browser.find_element("id", "rv-location-reason").get_attribute("aria-invalid") == "true"
    assert api(url, f"/api/events/{event['id']}")[1]["review"]["version"] == version
    browser.find_element("id", "rv-location-reason").send_keys("the train stopped near Sibi")
    browser.find_element("id", "rv-location-save").click()
    saved_notice(browser, "rv-location")
    assert browser.find_element("id", "rv-location-reason").get_attribute("aria-invalid") is None
    WebDriverWait(browser, WAIT_S).until(
        lambda d: near(marker_place(d, "event-map", ".event-marker"), sibi["latitude"], sibi["longitude"]))
    stored = api(url, f"/api/events/{event['id']}")[1]
    assert (stored["location"], stored["admin2"], stored["latitude"], stored["longitude"],
            stored["geo_precision"]) == (sibi["name"], sibi["admin2"], sibi["latitude"],
                                         sibi["longitude"], sibi["geo_precision"])
    fields = {r.get_attribute("data-field") for r in wait_for(browser, "#history tr.history-row")}
    assert {"location", "admin2", "latitude", "longitude"} <= fields
    # A name the gazetteer lacks says so and offers nothing.
    fill_in(browser, "rv-place-query", "Qqzxv")
    browser.find_element("id", "rv-place-find").click()
    WebDriverWait(browser, WAIT_S).until(
        lambda d: "No place called" in d.find_element("id", "rv-place-status").text)
    assert browser.find_elements("css selector", "#rv-place-results button") == []
    assert _errors(browser) == []


def test_a_reviewer_recodes_actors_inter_codes_and_date(browser, site):
    from selenium.webdriver.support.ui import Select

    url, keys, _ = site
    event = next(e for e in events(url, "sort=-sources") if e["latitude"] is not None
                 and e["n_sources"] >= 2)
    sign_in(browser, url, keys["reviewer"])
    open_page(browser, f"{url}/events/{event['id']}")
    # The inter codes offered are ACLED's 1-8, by name; actor 2 may have none.
    inter1 = [o.get_attribute("value") for o in Select(browser.find_element("id", "rv-inter1")).options]
    inter2 = [o.get_attribute("value") for o in Select(browser.find_element("id", "rv-inter2")).options]
    assert inter1 == [str(i) for i in range(1, 9)] and inter2 == [""] + inter1
    assert "State forces" in Select(browser.find_element("id", "rv-inter1")).options[0].text
    assert browser.find_element("id", "rv-actor1").get_attribute("value") == event["actor1"]
    fill_in(browser, "rv-actor2", "Civilians (Pakistan)")
    choose(browser, "rv-inter2", "7")
    fill_in(browser, "rv-actors-reason", "the passengers were the target")
    browser.find_element("id", "rv-actors-save").click()
    assert "actor2, inter2 changed" in saved_notice(browser, "rv-actors")
    stored = api(url, f"/api/events/{event['id']}")[1]
    assert (stored["actor2"], stored["inter2"]) == ("Civilians (Pakistan)", 7)
    assert "Civilians (Pakistan)" in browser.find_element("id", "event-summary").text
    history = browser.find_element("id", "history").text
    assert "inter2:" in history and "\u2192 7" in history
    # An empty actor 1 is refused by the server, naming the field, which is marked.
    fill_in(browser, "rv-actor1", "")
    fill_in(browser, "rv-actors-reason", "try none")
    browser.find_element("id", "rv-actors-save").click()
    error = wait_for(browser, "#rv-actors-error:not(:empty)")[0]
    assert error.text == "actor1: a value is required", error.text
    assert browser.find_element("id", "rv-actor1").get_attribute("aria-invalid") == "true"
    assert api(url, f"/api/events/{event['id']}")[1]["actor1"] == event["actor1"]
    # The date and its precision.
    browser.execute_script(
        "const box = document.getElementById('rv-event-date'); box.value = '2025-03-10';"
        "box.dispatchEvent(new Event('input', {bubbles: true}));")
    choose(browser, "rv-time-precision", "2")
    fill_in(browser, "rv-date-reason", "the attack began the evening before")
    browser.find_element("id", "rv-date-save").click()
    assert "date, time_precision changed" in saved_notice(browser, "rv-date")
    stored = api(url, f"/api/events/{event['id']}")[1]
    assert (stored["date"], stored["time_precision"]) == ("2025-03-10", 2)
    assert "2025-03-10" in browser.find_element("id", "event-summary").text
    refused = _errors(browser)
    assert len(refused) == 1 and "/recode" in refused[0] and "422" in refused[0]


def test_a_reviewer_fixes_a_figure_and_judges_a_claim(browser, site):
    from selenium.webdriver.support.ui import Select, WebDriverWait

    url, keys, _ = site
    event = next(e for e in events(url, "sort=-sources") if e["latitude"] is not None
                 and e["n_sources"] >= 2)
    detail = api(url, f"/api/events/{event['id']}")[1]
    figure = next(f for f in detail["figures"] if f["low"] is not None and f["high"] is not None)
    claim = detail["ledger"][0]
    sign_in(browser, url, keys["reviewer"])
    open_page(browser, f"{url}/events/{event['id']}")
    offered = [o.get_attribute("value") for o in Select(browser.find_element("id", "rv-figure-id")).options]
    assert offered == [f["id"] for f in detail["figures"]]
    choose(browser, "rv-figure-id", figure["id"])
    assert browser.find_element("id", "rv-figure-claimant").get_attribute("value") == figure["claimant"]
    assert browser.find_element("id", "rv-figure-low").get_attribute("value") == str(figure["low"])
    fill_in(browser, "rv-figure-high", str(figure["high"] + 10))
    fill_in(browser, "rv-figure-reason", "the later hospital list")
    browser.find_element("id", "rv-figure-save").click()
    assert f"figure {figure['id']}: high changed" in saved_notice(browser, "rv-figure")
    WebDriverWait(browser, WAIT_S).until(
        lambda d: f"figure {figure['id']}: high: {figure['high']} \u2192 {figure['high'] + 10}"
        in d.find_element("id", "history").text)
    # The form keeps the figure chosen, with its new bound.
    assert browser.find_element("id", "rv-figure-id").get_attribute("value") == figure["id"]
    assert browser.find_element("id", "rv-figure-high").get_attribute("value") == str(figure["high"] + 10)
    # A high below low is refused, naming the field.
    fill_in(browser, "rv-figure-high", "0")
    fill_in(browser, "rv-figure-low", "3")
    fill_in(browser, "rv-figure-reason", "typo")
    browser.find_element("id", "rv-figure-save").click()
    error = wait_for(browser, "#rv-figure-error:not(:empty)")[0]
    assert error.text.startswith("high: 0 is below low 3"), error.text
    assert browser.find_element("id", "rv-figure-high").get_attribute("aria-invalid") == "true"

    choose(browser, "rv-claim-id", claim["id"])
    choose(browser, "rv-claim-verdict", "refuted")
    fill_in(browser, "rv-claim-note", "the railway denied it the next day")
    fill_in(browser, "rv-claim-source", "https://example.org/denial")
    fill_in(browser, "rv-claim-reason", "a second source")
    browser.find_element("id", "rv-claim-save").click()
    assert f"claim {claim['id']} refuted" in saved_notice(browser, "rv-claim")
    row = next(h for h in api(url, f"/api/events/{event['id']}/history")[1]["history"]
               if h["target"]["id"] == claim["id"])
    assert row["after"] == {"verdict": "refuted", "note": "the railway denied it the next day"}
    assert row["source_url"] == "https://example.org/denial"
    assert claim["id"] in api(url, f"/api/events/{event['id']}")[1]["review"]["refuted"]
    chosen = Select(browser.find_element("id", "rv-claim-id")).first_selected_option
    assert chosen.get_attribute("value") == claim["id"] and chosen.text.endswith("refuted")
    assert browser.find_element("id", "rv-claim-verdict").get_attribute("value") == "refuted"
    links = [a.get_attribute("href") for a in browser.find_elements("css selector", "#history a")]
    assert "https://example.org/denial" in links
    # A source that is not an http(s) link is refused, naming the field.
    fill_in(browser, "rv-claim-source", "javascript:alert(1)")
    fill_in(browser, "rv-claim-reason", "bad link")
    browser.find_element("id", "rv-claim-save").click()
    error = wait_for(browser, "#rv-claim-error:not(:empty)")[0]
    assert error.text.startswith("source_url:"), error.text
    assert browser.find_element("id", "rv-claim-source").get_attribute("aria-invalid") == "true"
    # The browser logs the two refusals; nothing else went wrong.
    refused = _errors(browser)
    assert len(refused) == 2 and all("422" in e for e in refused), refused
    assert "/fix" in refused[0] and "/judge" in refused[1]


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
    refused = _errors(browser)
    assert all("/recode" in e and "403" in e for e in refused), refused
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
    # The place picker: its box and button are reached with Tab.
    browser.execute_script("document.getElementById('rv-place-query').focus()")
    ActionChains(browser).send_keys(Keys.TAB).perform()
    assert browser.switch_to.active_element.get_attribute("id") == "rv-place-find"
    # Tab from the location name reaches every field of the form and its button,
    # each with a visible focus ring.
    browser.execute_script("document.getElementById('rv-location-name').focus()")
    seen = ["rv-location-name"]
    for _ in range(8):
        ActionChains(browser).send_keys(Keys.TAB).perform()
        focused = browser.switch_to.active_element
        seen.append(focused.get_attribute("id"))
        assert focused.value_of_css_property("outline-style") != "none", seen
    assert seen == ["rv-location-name", "rv-country", "rv-admin1", "rv-admin2", "rv-latitude",
                    "rv-longitude", "rv-geo-precision", "rv-location-reason", "rv-location-save"]
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
