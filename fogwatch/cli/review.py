"""``fogwatch review``, ``fogwatch history`` and ``fogwatch tokens``: analyst review from
the terminal, with the same checks and log as the API (see docs/review.md)."""

from __future__ import annotations

import json
import os
import sys
from typing import Any

import typer
from rich.markup import escape
from rich.table import Table

from fogwatch.cli.app import app
from fogwatch.cli.common import fail, open_store_or_exit, warn_damage
from fogwatch.cli.store import (
    ACTOR,
    ADMIN1,
    COUNTRY,
    DATE_FROM,
    DATE_TO,
    DB_OPTION,
    TYPE,
    _event_filter,
)
from fogwatch.cli.tables import console
from fogwatch.model.event import Event
from fogwatch.store import StoreError
from fogwatch.store.review import Principal, ReviewError, Reviews
from fogwatch.store.review import tokens as token_store

TOKEN_ENV = "FOGWATCH_TOKEN"

review_app = typer.Typer(
    help="Correct, confirm, merge and split events; every change is logged with a reason.",
    no_args_is_help=True,
)
tokens_app = typer.Typer(help="API and review tokens with roles: reader, reviewer, admin.",
                         no_args_is_help=True)
app.add_typer(review_app, name="review")
app.add_typer(tokens_app, name="tokens")

TOKEN = typer.Option(None, "--token", help=f"Your reviewer token (default ${TOKEN_ENV}).")
REASON = typer.Option(..., "--reason", help="Why: every change needs one.")
SOURCE = typer.Option(None, "--source", help="A URL that supports the change.")
VERSION = typer.Option(
    None, "--version", help="The event's review version you saw; refused if it moved since."
)
JSON_OUT = typer.Option(False, "--json", help="Print JSON.")


def _fail(exc: Exception) -> typer.Exit:
    """A refused review (unknown id, bad value, stale version): exit 2, as every command
    that could not run as asked."""
    return fail(str(exc))


def _open(db: str | None, write: bool = True) -> Any:
    """The store; one that fails SQLite's quick_check is refused for writes."""
    return open_store_or_exit(db, False, "refuse" if write else "report")


def _who(store: Any, token: str | None) -> Principal:
    given = token or os.environ.get(TOKEN_ENV)
    if not given:
        raise _fail(ValueError(f"give your token with --token or ${TOKEN_ENV} "
                               "(`fogwatch tokens create` makes one)"), 2)
    who = token_store.verify(store, given)
    if who is None:
        raise _fail(ValueError("that token is unknown or revoked"))
    return who


def _value(text: str) -> Any:
    """A --set value: ``null`` (or nothing) clears the field; the rest is checked later."""
    return None if text.strip().lower() in ("", "null", "none") else text


def _changes(pairs: list[str]) -> dict[str, Any]:
    out = {}
    for pair in pairs:
        field, sep, value = pair.partition("=")
        if not sep or not field.strip():
            raise typer.BadParameter(f"{pair!r} is not FIELD=VALUE", param_hint="--set")
        out[field.strip()] = _value(value)
    return out


def _print(data: Any) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=1, sort_keys=True, default=str)
    sys.stdout.write("\n")


def _run(db: str | None, token: str | None, action: Any) -> Any:
    store = _open(db)
    try:
        return action(Reviews(store), _who(store, token), store)
    except (ReviewError, StoreError) as exc:
        raise _fail(exc) from None
    finally:
        store.close()


def _full(store: Any, given: str) -> str:
    """An event id given in full, or by the unique prefix the tables show; anything else
    as given (the review service then says there is no such event)."""
    given = given.strip()
    if len(given) < 4 or store.event(given) is not None:
        return given
    matches = store.event_ids_with_prefix(given, limit=2)
    return matches[0] if len(matches) == 1 else given


def _brief(e: Event) -> str:
    where = ", ".join(dict.fromkeys(x for x in (e.location, e.admin1, e.country) if x))
    version = e.review.version if e.review else 0
    return (f"{e.id}  {e.date or '?'}  {e.sub_event_type or e.event_type} in "
            f"{where or '?'}  fatalities {e.fatalities}  [{e.review_status}, "
            f"version {version}]")


@review_app.command("recode")
def recode(
    event_ids: list[str] = typer.Argument(None, help="Events to recode (or select them by filter)."),
    sets: list[str] = typer.Option([], "--set", help="FIELD=VALUE, e.g. --set inter2=3 (repeat)."),
    place: str = typer.Option(None, "--place", help="A gazetteer place: sets location, admin1/2, "
                              "country, coordinates and geo_precision."),
    place_country: str = typer.Option(None, "--place-country", help="The country to look --place up in."),
    country: str = COUNTRY, admin1: str = ADMIN1, date_from: str = DATE_FROM, date_to: str = DATE_TO,
    event_type: str = TYPE, actor: str = ACTOR,
    reason: str = REASON, source: str = SOURCE, version: int = VERSION,
    db: str = DB_OPTION, token: str = TOKEN, as_json: bool = JSON_OUT,
) -> None:
    """Recode events: type, actors and inter codes, place, date, fatalities.

    Name events by id, or select many by filter (every event of one actor, say): all of
    them change in one transaction, or none does.
    """
    changes = _changes(sets)
    if place:
        changes["place"] = place
        if place_country:
            changes["place_country"] = place_country
    filters = _event_filter(country, admin1, date_from, date_to, event_type, actor, False)
    by_filter = any((country, admin1, date_from, date_to, event_type, actor))
    if not event_ids and not by_filter:
        raise typer.BadParameter("name events by id, or select them with a filter such as --actor")

    def act(reviews: Reviews, who: Principal, store: Any) -> list[Event]:
        ids = [_full(store, i) for i in event_ids or []]
        if by_filter:
            ids += [e.id for e in store.iter_events(filters)]
        if not ids:
            raise ReviewError("no event matches the filter", status=404, field="event")
        return reviews.recode(who, ids, changes, reason, source_url=source, version=version)

    events = _run(db, token, act)
    if as_json:
        _print([e.as_json() for e in events])
    else:
        for e in events:
            typer.echo(_brief(e))
        typer.echo(f"{len(events)} event{'s' * (len(events) != 1)} recoded", err=True)


@review_app.command("figure")
def figure(
    figure_id: str = typer.Argument(..., help="The figure's id (ARTICLE-fN)."),
    sets: list[str] = typer.Option([], "--set", help="claimant=, victims=, kind=, low=, high=, "
                                   "status=ok|background|wrong (repeat)."),
    reason: str = REASON, source: str = SOURCE, version: int = VERSION,
    db: str = DB_OPTION, token: str = TOKEN,
) -> None:
    """Fix a figure's claimant, victims, kind or bounds, or mark it background or wrong."""
    changes = _changes(sets)
    out = _run(db, token, lambda r, who, _: r.fix_figure(who, figure_id, changes, reason,
                                                         source_url=source, version=version))
    _print(out)


@review_app.command("claim")
def claim(
    claim_id: str = typer.Argument(..., help="The claim's id (ARTICLE-cN)."),
    verdict: str = typer.Option(..., "--verdict", help="verified, refuted, background or unjudged."),
    note: str = typer.Option(None, "--note", help="What the check found."),
    reason: str = REASON, source: str = SOURCE, version: int = VERSION,
    db: str = DB_OPTION, token: str = TOKEN,
) -> None:
    """Judge a claim: verified or refuted (with a note and a source), or background."""
    out = _run(db, token, lambda r, who, _: r.judge_claim(who, claim_id, verdict, reason, note=note,
                                                          source_url=source, version=version))
    _print(out)


@review_app.command("merge")
def merge(
    event_ids: list[str] = typer.Argument(..., help="Two events or more that are one incident."),
    reason: str = REASON, version: int = VERSION, db: str = DB_OPTION, token: str = TOKEN,
) -> None:
    """Merge events into one; every later rebuild keeps them together."""
    event = _run(db, token, lambda r, who, store: r.merge(
        who, [_full(store, i) for i in event_ids], reason, version=version))
    typer.echo(_brief(event))


@review_app.command("split")
def split(
    event_id: str = typer.Argument(..., help="The event to split."),
    reports: list[str] = typer.Option(..., "--report", help="A report to take out (repeat)."),
    reason: str = REASON, version: int = VERSION, db: str = DB_OPTION, token: str = TOKEN,
) -> None:
    """Take reports out of an event into one of their own; every rebuild keeps them apart."""
    events = _run(db, token, lambda r, who, store: r.split(
        who, _full(store, event_id), reports, reason, version=version))
    for e in events:
        typer.echo(_brief(e))


@review_app.command("mark")
def mark(
    event_id: str = typer.Argument(...),
    status: str = typer.Option("reviewed", "--status", help="reviewed, flagged (a second look) "
                               "or unreviewed."),
    reason: str = REASON, version: int = VERSION, db: str = DB_OPTION, token: str = TOKEN,
) -> None:
    """Mark an event reviewed, or flag it for a second look."""
    event = _run(db, token, lambda r, who, store: r.mark(
        who, _full(store, event_id), status, reason, version=version))
    typer.echo(_brief(event))


@review_app.command("orphaned")
def orphaned(db: str = DB_OPTION) -> None:
    """Reviews whose target is gone (after a re-read, say): kept, listed here."""
    store = _open(db, write=False)
    try:
        _print(Reviews(store).orphaned())
    finally:
        store.close()


@app.command()
def history(
    event_id: str = typer.Argument(..., help="An event id (one a merge retired works too)."),
    db: str = DB_OPTION, as_json: bool = JSON_OUT,
) -> None:
    """What reviewers changed on an event, who, when and why, oldest first."""
    store = _open(db, write=False)
    try:
        reviews = Reviews(store)
        try:
            rows = reviews.history(event_id)
        except ReviewError:
            # A short id, as the tables show it; a retired id is only ever given in full.
            matches = store.event_ids_with_prefix(event_id.strip(), limit=2)
            if len(event_id.strip()) < 4 or len(matches) != 1:
                raise
            event_id = matches[0]
            rows = reviews.history(event_id)
    except ReviewError as exc:
        raise _fail(exc) from None
    finally:
        store.close()
    if as_json:
        _print(rows)
        warn_damage(store, db)
        return
    table = Table(title=f"history of {event_id}: {len(rows)} change{'s' * (len(rows) != 1)}")
    for name in ("#", "when", "who", "target", "change", "before", "after", "reason"):
        table.add_column(name)
    for r in rows:
        change = r["action"] + (f" {r['field']}" if r["field"] else "")
        table.add_row(*(escape(str(x)) for x in (
            r["seq"], r["at"][:19], r["reviewer"], f"{r['target']['kind']} {r['target']['id']}",
            change, json.dumps(r["before"], ensure_ascii=False),
            json.dumps(r["after"], ensure_ascii=False), r["reason"],
        )))
    console().print(table)
    warn_damage(store, db)


@tokens_app.command("create")
def tokens_create(
    name: str = typer.Option(..., "--name", help="Who the token is for; reviews record it."),
    role: str = typer.Option("reviewer", "--role", help="reader, reviewer or admin."),
    db: str = DB_OPTION,
) -> None:
    """Make a token; it is printed once and stored only as a hash."""
    store = _open(db)
    try:
        token = token_store.create(store, name, role)
    except ReviewError as exc:
        raise _fail(exc) from None
    finally:
        store.close()
    typer.echo(token)
    typer.echo(f"token {name!r} ({role}) created; it is shown only now", err=True)


@tokens_app.command("revoke")
def tokens_revoke(name: str = typer.Argument(...), db: str = DB_OPTION) -> None:
    """Revoke a token (its reviews keep its name)."""
    store = _open(db)
    try:
        token_store.revoke(store, name)
    except ReviewError as exc:
        raise _fail(exc) from None
    finally:
        store.close()
    typer.echo(f"token {name!r} revoked", err=True)


@tokens_app.command("list")
def tokens_list(db: str = DB_OPTION) -> None:
    """Every token's name, role and dates (never the token)."""
    store = _open(db, write=False)
    try:
        _print(token_store.listing(store))
    finally:
        store.close()
