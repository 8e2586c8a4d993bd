"""GET /api/review/vocabulary: the values the dashboard's review forms offer are the
ones every write is checked against (the codebook and review.yaml), so a value picked
from a form is never refused for being unknown."""

from __future__ import annotations

from fogwatch.codebook.acled import event_types
from fogwatch.store.review.validate import rules


def test_the_vocabulary_is_the_one_writes_are_checked_against(desk):
    client, _, _ = desk
    r = client.get("/api/review/vocabulary")  # no token needed
    assert r.status_code == 200
    vocab = r.json()
    assert vocab["event_types"] == {t: list(subs) for t, subs in event_types().items()}
    assert list(vocab["inter_codes"]) == [str(c) for c in range(1, 9)]
    assert vocab["inter_codes"]["1"] == "State forces" and vocab["inter_codes"]["7"] == "Civilians"
    for key in ("geo_precision", "time_precision", "figure_kinds", "figure_status",
                "claim_verdicts", "event_marks"):
        assert vocab[key] == rules()[key], key


def test_every_inter_code_offered_is_accepted_and_no_other(desk):
    client, key, event = desk
    auth = {"Authorization": f"Bearer {key}"}
    codes = [int(c) for c in client.get("/api/review/vocabulary").json()["inter_codes"]]
    version = event.review.version
    for code in codes:
        r = client.post(f"/api/events/{event.id}/recode", headers=auth, json={
            "changes": {"inter1": code},
            "reason": "checking the codes", "version": version})
        assert r.status_code == 200, r.text
        assert r.json()["inter1"] == code
        version = r.json()["review"]["version"]
    for bad in (0, 9, -1):
        r = client.post(f"/api/events/{event.id}/recode", headers=auth, json={
            "changes": {"inter1": bad}, "reason": "out of range", "version": version})
        assert r.status_code == 422
        (problem,) = r.json()["detail"]
        assert problem["loc"] == ["body", "inter1"] and problem["msg"].startswith("inter1:")
