"""What a reviewer can do, as one transaction each: checked, logged, applied.

Every write checks its target (404), its values (422, naming the field), the reason, and
the event's version when one is given (409 when someone reviewed it meanwhile); then it
appends rows to the review log and writes the touched events again through the same
apply function as every rebuild. Any error rolls the whole write back.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from typing import TYPE_CHECKING, Any

from fogwatch.model.event import Event
from fogwatch.store.db import APPLICATION_ID
from fogwatch.store.review import log
from fogwatch.store.review.apply import claim_key, figure_key
from fogwatch.store.review.tokens import Principal
from fogwatch.store.review.validate import (
    Conflict,
    NotFound,
    ReviewError,
    check_fields,
    check_reason,
    check_url,
    check_value,
    rules,
)

if TYPE_CHECKING:  # pragma: no cover
    from fogwatch.store.db import Database
    from fogwatch.store.store import Store


def _dumps(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="microseconds")


def place_fields(name: str, country: str | None = None, feature: str | None = None) -> dict[str, Any]:
    """The location fields of a gazetteer place (a town before a district of that name)."""
    from fogwatch.geo import gazetteer

    found = gazetteer.lookup(name, country=country, feature=feature)
    if not found:
        where = f" in {country}" if country else ""
        raise ReviewError(f"place: no place called {name!r}{where} in the gazetteer", field="place")
    towns = [c for c in found if c.feature == "city"]
    c = (towns or found)[0]
    return {
        "location": c.name,
        "admin1": c.admin1,
        "admin2": c.admin2,
        "country": c.country,
        "iso": c.iso2,
        "latitude": c.latitude,
        "longitude": c.longitude,
        "geo_precision": rules()["place_precision"].get(c.feature, 3),
    }


class Reviews:
    """Review writes and reads over one store."""

    def __init__(self, store: Store):
        self.store = store

    # -- helpers ---------------------------------------------------------------------
    def _require(self, who: Principal) -> None:
        if not who.may("reviewer"):
            raise ReviewError(
                f"token {who.name!r} has role {who.role!r}; reviews need reviewer or admin",
                status=403,
                field="token",
            )

    def _event(self, db: Database, event_id: str, version: int | None = None) -> Event:
        """The event as stored now; a ``version`` other than its review version is a
        conflict (another reviewer wrote first)."""
        rows = db.query(
            "SELECT summary, detail, review_version FROM events WHERE id = ?", (event_id,)
        )
        if not rows:
            raise NotFound("event", event_id)
        current = int(rows[0]["review_version"] or 0)
        if version is not None and int(version) != current:
            raise Conflict(event_id, int(version), current)
        return Event.from_stored(rows[0]["summary"], rows[0]["detail"])

    def _append(self, db: Database, rows: list[dict[str, Any]]) -> int:
        """Append rows to the log (``seq`` given under the writers' lock); the last seq."""
        seq = int(db.scalar("SELECT MAX(seq) FROM reviews") or 0)
        change = uuid.uuid4().hex
        now = _now()
        for r in rows:
            seq += 1
            db.execute(
                "INSERT INTO reviews (seq, change_id, created_at, reviewer, target_kind, "
                "target_id, anchor_report, anchor, action, field, value_before, value_after, "
                "reason, source_url, event_version) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    seq, change, now, r["reviewer"], r["target_kind"], r["target_id"],
                    r.get("anchor_report"), _dumps(r["anchor"]), r["action"], r.get("field"),
                    _dumps(r.get("before")), _dumps(r.get("after")), r["reason"],
                    r.get("source_url"), seq,
                ),
            )
        return seq

    def _event_row(self, who: Principal, event: Event, reason: str,
                   source_url: str | None, **rest: Any) -> dict[str, Any]:
        reports = sorted(event.reports)
        return {
            "reviewer": who.name,
            "target_kind": "event",
            "target_id": event.id,
            "anchor_report": reports[0],
            "anchor": {"reports": reports},
            "reason": reason,
            "source_url": source_url,
            **rest,
        }

    # -- events ----------------------------------------------------------------------
    def recode(
        self,
        who: Principal,
        event_ids: str | list[str],
        changes: dict[str, Any],
        reason: str,
        source_url: str | None = None,
        version: int | None = None,
    ) -> list[Event]:
        """Set event fields (``place`` picks a gazetteer place; ``place_country``
        narrows it) on one event or many, all or nothing; returns the events after."""
        self._require(who)
        reason, source_url = check_reason(reason), check_url(source_url)
        ids = [event_ids] if isinstance(event_ids, str) else list(event_ids)
        if not ids:
            raise ReviewError("no event to recode", status=404, field="event")
        changes = dict(changes)
        if "place" in changes:
            place = check_value("place", "text", changes.pop("place"), {})
            country = changes.pop("place_country", None)
            changes = {**place_fields(place, country), **changes}
        allowed = rules()["event_fields"]
        with self.store.db.transaction(lock_key=APPLICATION_ID) as db:
            for eid in ids:
                event = self._event(db, eid, version if len(ids) == 1 else None)
                current = event.as_json()
                checked = check_fields(changes, allowed, current, "event")
                rows = [
                    self._event_row(who, event, reason, source_url, action="set", field=f,
                                    before=current.get(f), after=v)
                    for f, v in sorted(checked.items())
                    if current.get(f) != v
                ]
                if not rows:
                    continue
                self._append(db, rows)
                log.rebuild_event(self.store, db, eid)
        return [self._after(_current(self.store, i)) for i in ids]

    def _after(self, event_id: str) -> Event:
        """The event as the write left it."""
        event = self.store.event(event_id)
        if event is None:
            raise NotFound("event", event_id)
        return event

    def mark(self, who: Principal, event_id: str, status: str, reason: str,
             version: int | None = None) -> Event:
        """Mark an event reviewed, flag it for a second look, or clear the mark."""
        self._require(who)
        reason = check_reason(reason)
        if status not in rules()["event_marks"]:
            raise ReviewError(f"status: {status!r} is not one of "
                              f"{', '.join(rules()['event_marks'])}", field="status")
        with self.store.db.transaction(lock_key=APPLICATION_ID) as db:
            event = self._event(db, event_id, version)
            before = event.review_status
            self._append(db, [self._event_row(who, event, reason, None, action="mark",
                                              field="status", before=before, after=status)])
            log.rebuild_event(self.store, db, event_id)
        return self._after(event_id)

    def merge(self, who: Principal, event_ids: list[str], reason: str,
              version: int | None = None) -> Event:
        """Make these events one (a must-link every rebuild honours); the event after."""
        self._require(who)
        reason = check_reason(reason)
        ids = list(dict.fromkeys(event_ids))
        if len(ids) < 2:
            raise ReviewError("events: a merge needs two events or more", field="events")
        with self.store.db.transaction(lock_key=APPLICATION_ID) as db:
            events = [self._event(db, eid, version if i == 0 else None)
                      for i, eid in enumerate(ids)]
            everything = sorted({r for e in events for r in e.reports})
            after = {"reports": everything, "events": ids}
            self._append(db, [
                self._event_row(who, e, reason, None, action="merge", field="reports",
                                before=sorted(e.reports), after=after)
                for e in events
            ])
            log.enforce(self.store, db, everything)
        return self._after(_current(self.store, ids[0]))

    def split(self, who: Principal, event_id: str, report_ids: list[str], reason: str,
              version: int | None = None) -> list[Event]:
        """Take reports out of an event into one of their own (a cannot-link every
        rebuild honours); returns both events."""
        self._require(who)
        reason = check_reason(reason)
        with self.store.db.transaction(lock_key=APPLICATION_ID) as db:
            event = self._event(db, event_id, version)
            have = set(event.reports)
            out = sorted(set(report_ids))
            unknown = [r for r in out if r not in have]
            if unknown:
                raise ReviewError(f"reports: {unknown[0]!r} is not a report of event {event_id}",
                                  status=404, field="reports")
            if not out or len(out) == len(have):
                raise ReviewError("reports: split some of the event's reports, not none or all",
                                  field="reports")
            rest = sorted(have - set(out))
            self._append(db, [self._event_row(
                who, event, reason, None, action="split", field="reports",
                before=sorted(have), after={"reports": out, "rest": rest})])
            log.enforce(self.store, db, sorted(have))
        return [self._after(_current(self.store, r[0])) for r in (rest, out)]

    # -- figures and claims --------------------------------------------------------------
    def _item_events(self, db: Database, article_id: str) -> list[str]:
        return sorted({
            r["event_id"]
            for r in db.query(
                "SELECT l.event_id FROM event_reports r JOIN event_links l ON l.report_id = r.id "
                "WHERE r.article_id = ?",
                (article_id,),
            )
        })

    def _item(self, db: Database, kind: str, item_id: str, version: int | None) -> dict[str, Any]:
        """A figure's or a claim's row (``kind``: figure or claim), its event's version checked."""
        rows = db.query(f"SELECT * FROM {kind}s WHERE id = ?", (item_id,))
        if not rows:
            raise NotFound(kind, item_id)
        self._check_item_version(db, rows[0]["report_id"], version)
        return rows[0]

    def _check_item_version(self, db: Database, report_id: str | None, version: int | None) -> None:
        if version is None or not report_id:
            return
        eid = db.scalar("SELECT event_id FROM event_links WHERE report_id = ?", (report_id,))
        if eid:
            self._event(db, eid, version)

    def fix_figure(self, who: Principal, figure_id: str, changes: dict[str, Any], reason: str,
                   source_url: str | None = None, version: int | None = None) -> dict[str, Any]:
        """Change a figure's claimant, victims, kind or bounds, or mark it background or
        wrong; returns the figure's current values."""
        self._require(who)
        reason, source_url = check_reason(reason), check_url(source_url)
        with self.store.db.transaction(lock_key=APPLICATION_ID) as db:
            f = self._item(db, "figure", figure_id, version)
            key = figure_key(f["article_id"], {"start": f["start_offset"]}, f["text"])
            current = {k: f[k] for k in ("claimant", "claimant_kind", "victims", "kind", "low", "high")}
            current["status"] = "ok"
            for r in log.index(self.store, db).by_figure.get(key, []):
                current[r["field"]] = r["after"]
            checked = check_fields(changes, rules()["figure_fields"], current, "figure")
            base = {"reviewer": who.name, "target_kind": "figure", "target_id": figure_id,
                    "anchor_report": f["report_id"], "reason": reason, "source_url": source_url,
                    "anchor": {"article_id": f["article_id"], "key": key}, "action": "set"}
            new = [{**base, "field": k, "before": current.get(k), "after": v}
                   for k, v in sorted(checked.items()) if current.get(k) != v]
            if new:
                self._append(db, new)
                for eid in self._item_events(db, f["article_id"]):
                    log.rebuild_event(self.store, db, eid)
            current.update(checked)
        return {"id": figure_id, **current}

    def judge_claim(self, who: Principal, claim_id: str, verdict: str, reason: str,
                    note: str | None = None, source_url: str | None = None,
                    version: int | None = None) -> dict[str, Any]:
        """Mark a claim verified or refuted (with a note and a source), or background."""
        self._require(who)
        reason, source_url = check_reason(reason), check_url(source_url)
        if verdict not in rules()["claim_verdicts"]:
            raise ReviewError(f"verdict: {verdict!r} is not one of "
                              f"{', '.join(rules()['claim_verdicts'])}", field="verdict")
        note = check_value("note", "text_or_null", note, {})
        with self.store.db.transaction(lock_key=APPLICATION_ID) as db:
            c = self._item(db, "claim", claim_id, version)
            key = claim_key(c["article_id"], {"start": c["start_offset"], "end": c["end_offset"]},
                            c["type"], c["text"])
            previous = log.index(self.store, db).by_claim.get(key, [])
            before = max(previous, key=lambda r: r["seq"])["after"] if previous else None
            after = {"verdict": verdict, "note": note}
            self._append(db, [{
                "reviewer": who.name, "target_kind": "claim", "target_id": claim_id,
                "anchor_report": c["report_id"], "anchor": {"article_id": c["article_id"], "key": key},
                "action": "judge", "field": "verdict", "before": before, "after": after,
                "reason": reason, "source_url": source_url,
            }])
            for eid in self._item_events(db, c["article_id"]):
                log.rebuild_event(self.store, db, eid)
        return {"id": claim_id, **after, "source_url": source_url}

    # -- reading -------------------------------------------------------------------------
    def history(self, event_id: str) -> list[dict[str, Any]]:
        """Every review of an event, its figures and its claims, oldest first.

        An event id that a merge or split retired still gives its reviews."""
        db = self.store.db
        idx = log.index(self.store, db)
        event = self.store.event(event_id)
        if event is None:
            rows = [r for r in idx.rows if r["target_id"] == event_id]
            if not rows:
                raise NotFound("event", event_id)
            return [public(r) for r in rows]
        out = {r["seq"]: r for r in idx.event_reviews(db, event.reports)}
        views = self.store._views(db, event.reports)
        for v in views.values():
            for f in v.figures:
                out.update((r["seq"], r) for r in idx.figure_reviews(f))
            for c in v.claims:
                out.update((r["seq"], r) for r in idx.claim_reviews(c))
        # A split-off event shows the split that made it.
        for r in idx.rows:
            if r["action"] == "split" and set(r["after"]["reports"]) & set(event.reports):
                out.setdefault(r["seq"], r)
        return [public(out[k]) for k in sorted(out)]

    def orphaned(self) -> list[dict[str, Any]]:
        """Reviews whose target is gone (after a re-read, say); kept and listed."""
        return [public(r) for r in log.orphaned(self.store, self.store.db)]


def public(r: dict[str, Any]) -> dict[str, Any]:
    """A log row as the API and CLI show it."""
    return {
        "seq": r["seq"],
        "at": r["created_at"],
        "reviewer": r["reviewer"],
        "target": {"kind": r["target_kind"], "id": r["target_id"]},
        "action": r["action"],
        "field": r["field"],
        "before": r["before"],
        "after": r["after"],
        "reason": r["reason"],
        "source_url": r["source_url"],
        "version": r["event_version"],
        "change_id": r["change_id"],
    }


def _current(store: Store, event_or_report: str) -> str:
    """The id of the event that holds a report now (or the event id itself)."""
    if event_or_report.startswith("ev") and store.db.scalar(
        "SELECT 1 FROM events WHERE id = ?", (event_or_report,)
    ):
        return event_or_report
    eid = store.db.scalar(
        "SELECT event_id FROM event_links WHERE report_id = ?", (event_or_report,)
    )
    if eid:
        return str(eid)
    rows = store.db.query(
        "SELECT anchor_report FROM reviews WHERE target_id = ? ORDER BY seq DESC",
        (event_or_report,),
    )
    for r in rows:
        found = store.db.scalar("SELECT event_id FROM event_links WHERE report_id = ?",
                                (r["anchor_report"],))
        if found:
            return str(found)
    return event_or_report
