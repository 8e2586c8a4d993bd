"""``fogwatch ingest``, ``events``, ``claims`` and ``export``: the store from the terminal."""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Iterable, Iterator
from enum import StrEnum
from pathlib import Path
from typing import Any

import typer

from fogwatch.batch import read_records
from fogwatch.cli.app import app, check_published
from fogwatch.cli.common import (  # noqa: F401  (DB_OPTION, db_location: shared names)
    DB_OPTION,
    DEFAULT_DB,
    PROGRESS,
    QUIET,
    check_inputs,
    choice_parser,
    count_option,
    db_location,
    fail,
    format_option,
    store_session,
    warn_damage,
)
from fogwatch.cli.progress import BatchProgress, Meter, show_progress
from fogwatch.export import FORMATS as EXPORT_FORMATS
from fogwatch.filters import DEFAULT_SORT, SORT_KEYS, FilterError, parse_day
from fogwatch.ingest.files import Record
from fogwatch.ingest.urls import count_inputs, read_inputs  # paths and http(s) URLs alike
from fogwatch.model import ArticleReading
from fogwatch.store import EventFilter, Store


class ListFormat(StrEnum):
    table = "table"
    json = "json"
    jsonl = "jsonl"
    csv = "csv"


# the exporters' formats, as choices
ExportFormat = StrEnum("ExportFormat", {name: name for name in EXPORT_FORMATS})


def read_stream(
    records: Iterable[Record], workers: int | None
) -> Iterator[tuple[Record, ArticleReading | None, str | None]]:
    """``(record, reading, error)`` in input order, through the batch runner that
    ``fogwatch extract`` uses (bounded memory, per-article errors, worker recovery)."""
    yield from read_records(records, workers=workers)


def _where(record: Record) -> str:
    where = record.source or "<input>"
    if record.line is not None:
        where += f":{record.line}"
    return where


@app.command()
def ingest(
    paths: list[str] = typer.Argument(
        ..., help="Files, directories or http(s) URLs to read; '-' for stdin."
    ),
    db: str = DB_OPTION,
    published: str = typer.Option(
        None, "--published", metavar="YYYY-MM-DD",
        help="Publication date for inputs that carry none.",
    ),
    workers: int = count_option(
        None, "--workers", "-w", help="Reader processes (default: every core)."
    ),
    strict: bool = typer.Option(False, "--strict", help="Exit 1 if any record was bad."),
    progress: bool = PROGRESS,
    quiet: bool = QUIET,
) -> None:
    """Read articles into the store and reconcile them into events.

    Articles already stored are skipped without being read, so an interrupted run
    resumes where it stopped. Bad records are reported with file:line and skipped.
    A missing or unreadable input path is exit 2 before the store is created.
    """
    check_published(published)
    check_inputs(paths)
    show = show_progress(progress, quiet)
    meter = Meter(count_inputs(paths) if show else None)
    counts = {"stored": 0, "skipped": 0, "unchanged": 0}

    def detail() -> str:
        return f"{counts['stored']} new, {counts['skipped']} stored before, {meter.bad} bad"

    with store_session(db, create=True) as store:

        def fresh(records: Iterable[Record]) -> Iterator[Record]:
            # Resume: stored articles are not read again.
            for record in records:
                if record.article is not None and store.has_article(record.article.id):
                    counts["skipped"] += 1
                    meter.done += 1
                    continue
                yield record

        try:
            with BatchProgress(meter, "ingest", show, detail) as bar:
                stream = read_stream(fresh(read_inputs(paths, published)), workers)
                for record, reading, error in stream:
                    meter.done += 1
                    if record.article is not None:
                        meter.read += 1
                    if error is not None or reading is None or record.article is None:
                        meter.bad += 1
                        what = str(record.error) if record.error is not None else (
                            f"{_where(record)}: article "
                            f"{record.article.id if record.article else '?'}: {error}"
                        )
                        bar.print(f"error: {what}")
                    elif store.add(record.article, reading):
                        counts["stored"] += 1
                    else:
                        counts["unchanged"] += 1
                    bar.update()
        finally:
            n_events = store.count_events()
    if not quiet:
        typer.echo(
            f"{counts['stored']} articles stored, {counts['skipped'] + counts['unchanged']} "
            f"already stored, {meter.bad} bad; {n_events} events in {db_location(db)} "
            f"({meter.rate_text()})",
            err=True,
        )
    if meter.bad and strict:
        raise typer.Exit(1)


def _event_filter(
    country: str | None, admin1: str | None, date_from: str | None, date_to: str | None,
    event_type: str | None, actor: str | None, contested: bool, q: str | None = None,
    reviewed_only: bool = False, unreviewed_only: bool = False, **more: Any,
) -> EventFilter:
    """The filter of the options given; a bad value is an error naming its option."""
    if reviewed_only and unreviewed_only:
        raise fail("--reviewed-only and --unreviewed-only exclude each other; give one")
    review = "reviewed" if reviewed_only else "unreviewed" if unreviewed_only else None
    try:
        return EventFilter(
            country=country, admin1=admin1, date_from=date_from, date_to=date_to,
            event_type=event_type, actor=actor, contested_only=contested, q=q, review=review,
            **more,
        )
    except FilterError as exc:
        raise _refused(exc) from None


def _refused(exc: FilterError) -> typer.Exit:
    """Exit 2 with the filter's error, worded by its option (--from, not date_from)."""
    return fail(f"{_OPTION.get(exc.name, '--' + exc.name)}: {exc.reason}")


# The option of each filter field, for errors.
_OPTION = {"date_from": "--from", "date_to": "--to", "event_type": "--type",
           "contested_only": "--contested", "q": "--query", "claim_type": "--claim-type",
           "event_id": "--event"}


def _date(raw: object) -> str | None:
    """The one date parser of the filters, with its wording, at option-parsing time."""
    try:
        return parse_day(str(raw), "date")
    except FilterError as exc:
        raise typer.BadParameter(exc.reason) from None


def _event_type(raw: object) -> str:
    from fogwatch.codebook.acled import event_types

    return choice_parser(event_types())(raw)


def _claim_type(raw: object) -> str:
    from typing import get_args

    from fogwatch.model import ClaimType

    return choice_parser(get_args(ClaimType))(raw)


def explain_empty(filters: EventFilter, what: str = "events") -> None:
    """Nothing matched: when a filter value is unknown (a country the gazetteer does not
    know) that is an error, exit 2, naming the option; otherwise a note on stderr."""
    if filters.country:
        from fogwatch.geo.gazetteer import country_by_name

        given = filters.country.strip()
        found = country_by_name(given)
        if found is None:
            raise fail(
                f"--country: {given!r} is not a country Fogwatch knows; give its name "
                "(Pakistan) or ISO code (PK)"
            )
        if given.lower() not in (found.name.lower(), (found.iso2 or "").lower()):
            raise fail(f"--country: {given!r} is not a country's name; did you mean "
                       f"--country {found.name!r}?")
    if filters.admin1:
        _check_admin1(filters.admin1.strip(), filters.country)
    typer.echo(f"no {what} match these filters", err=True)


def _check_admin1(given: str, country: str | None) -> None:
    """An ``--admin1`` no first-level region of the gazetteer is called (in ``country``
    when one is given) is an error; an alias of one ("KPK") names the region the events
    carry."""
    from fogwatch.geo.gazetteer import admin_by_name

    found = admin_by_name(given, country=country.strip() if country else None)
    where = f" in {country.strip()}" if country else ""
    if not found:
        raise fail(f"--admin1: {given!r} is not a first-level region (province, state) "
                   f"Fogwatch knows{where}; give the region's name, as the events table shows it")
    names = sorted({c.name for c in found if c.name})
    if names and given.lower() not in {n.lower() for n in names}:
        raise fail(f"--admin1: events carry the region's own name; did you mean "
                   f"--admin1 {names[0]!r}?")


COUNTRY = typer.Option(None, "--country", metavar="NAME|ISO", help="Country name or ISO code.")
ADMIN1 = typer.Option(None, "--admin1", metavar="NAME",
                      help="First-level region (province, state).")
DATE_FROM = typer.Option(None, "--from", parser=_date, metavar="YYYY-MM-DD",
                         help="Events on or after this day.")
DATE_TO = typer.Option(None, "--to", parser=_date, metavar="YYYY-MM-DD",
                       help="Events on or before this day.")
TYPE = typer.Option(None, "--type", parser=_event_type, metavar="TYPE",
                    help="ACLED event type: Battles, Explosions/Remote violence, Violence against "
                    "civilians, Protests, Riots or Strategic developments.")
ACTOR = typer.Option(None, "--actor", metavar="TEXT", help="Part of an actor's name.")
CONTESTED = typer.Option(False, "--contested", help="Only events with disputed figures.")
TEXT = typer.Option(
    None, "--text", metavar="WORDS",
    help="Whole words (all of them) in the title or text of one of the event's articles.",
)
REVIEWED = typer.Option(False, "--reviewed-only", help="Only events a reviewer marked or corrected.")
UNREVIEWED = typer.Option(
    False, "--unreviewed-only", help="Only events no reviewer has passed (or flagged again)."
)
FORMAT = format_option(ListFormat, ListFormat.table, "table, json, jsonl or csv.")

TABLE_PAGE = 20  # events or claims a table shows unless --limit says otherwise
_PAGE = 1000  # rows read from the store at a time when everything is asked for

LIMIT = count_option(
    None, "--limit", minimum=0, metavar="N",
    help="At most N (0: all). Default: all for json, jsonl and csv; 20 for the table.",
)


def _limit(limit: int | None, fmt: ListFormat) -> int | None:
    """The number to show: None for everything."""
    if limit == 0 or (limit is None and fmt is not ListFormat.table):
        return None
    return limit or TABLE_PAGE


def _pages(fetch, limit: int | None):
    """Every row of ``fetch(limit, offset)`` up to ``limit`` (None: all), a page at a time."""
    offset = 0
    while limit is None or offset < limit:
        size = _PAGE if limit is None else min(_PAGE, limit - offset)
        rows = fetch(size, offset)
        yield from rows
        if len(rows) < size:
            return
        offset += len(rows)


def _say_stopped(shown: int, total: int, what: str) -> None:
    if shown < total:
        typer.echo(f"showing {shown} of {total} {what}; --limit N shows more, --limit 0 all",
                   err=True)


def resolve_event_id(store: Store, given: str, option: str = "ID") -> str:
    """The full id of an event given in full or by a unique prefix (tables show ids
    short); exit 2 naming the option when there is none or the prefix is ambiguous."""
    given = given.strip()
    if store.event(given) is not None:
        return given
    matches = store.event_ids_with_prefix(given, limit=5) if len(given) >= 4 else []
    if len(matches) == 1:
        return matches[0]
    if matches:
        raise fail(f"{option}: {given!r} names several events ({', '.join(matches)}); "
                   "give more of the id")
    raise fail(f"{option}: there is no event {given!r} in this store")


def _write(rows, fmt: ListFormat, fields: tuple[str, ...], row=lambda r: r) -> int:
    """Rows as JSON (one array), JSONL or CSV on stdout; returns how many."""
    n = 0
    if fmt is ListFormat.json:
        items = list(rows)
        json.dump(items, sys.stdout, ensure_ascii=False, indent=1, sort_keys=True)
        sys.stdout.write("\n")
        return len(items)
    if fmt is ListFormat.jsonl:
        for r in rows:
            sys.stdout.write(json.dumps(r, ensure_ascii=False, sort_keys=True) + "\n")
            n += 1
        return n
    writer = csv.DictWriter(sys.stdout, fieldnames=list(fields), lineterminator="\n",
                            extrasaction="ignore")
    writer.writeheader()
    for r in rows:
        writer.writerow(row(r))
        n += 1
    return n


_EVENT_CSV = (
    "id", "date", "event_type", "sub_event_type", "country", "admin1", "admin2", "location",
    "latitude", "longitude", "actor1", "actor2", "fatalities", "low", "best", "high",
    "contested", "first_reported", "last_reported", "n_sources", "n_outlets",
)  # fmt: skip


@app.command()
def events(
    db: str = DB_OPTION,
    country: str = COUNTRY,
    admin1: str = ADMIN1,
    date_from: str = DATE_FROM,
    date_to: str = DATE_TO,
    event_type: str = TYPE,
    actor: str = ACTOR,
    contested: bool = CONTESTED,
    reviewed_only: bool = REVIEWED,
    unreviewed_only: bool = UNREVIEWED,
    query: str = typer.Option(
        None, "--query", "-q", metavar="WORDS", help="Words in titles, places and actors."
    ),
    q_old: str = typer.Option(None, "--q", hidden=True),  # the old spelling, for scripts
    text: str = TEXT,
    sort: str = typer.Option(
        DEFAULT_SORT, "--sort", metavar="KEY",
        help=f"{', '.join(SORT_KEYS)}; '-' descends.",
    ),
    limit: int = LIMIT,
    fmt: ListFormat = FORMAT,
    explain_id: str = typer.Option(
        None, "--explain", metavar="ID",
        help="Say why this event holds its reports and why its nearest neighbours are apart.",
    ),
) -> None:
    """List reconciled events with their fatality ranges and contested figures."""
    from fogwatch.cli.tables import console, print_events

    if explain_id:
        with store_session(db, integrity="report") as store:
            why = store.explain_event(resolve_event_id(store, explain_id, "--explain"))
        if fmt in (ListFormat.json, ListFormat.jsonl):
            json.dump(why, sys.stdout, ensure_ascii=False, indent=1, sort_keys=True)
            sys.stdout.write("\n")
        else:
            _print_explanation(why)
        warn_damage(store, db)
        return

    q = query or q_old
    filters = _event_filter(
        country, admin1, date_from, date_to, event_type, actor, contested, q,
        reviewed_only, unreviewed_only, sort=sort, text=text,
    )
    n = _limit(limit, fmt)
    with store_session(db, integrity="report") as store:
        total = store.count_events(filters)
        rows = _pages(lambda size, offset: store.events(filters, limit=size, offset=offset), n)
        if total == 0:
            explain_empty(filters)
        if fmt is ListFormat.table:
            shown = list(rows)
            print_events(console(), shown, total, store.event)
        else:
            shown = range(_write((e.as_json() for e in rows), fmt, _EVENT_CSV))
        _say_stopped(len(shown), total, "events")
    warn_damage(store, db)


def _print_explanation(why: dict) -> None:
    """An event's links in words: each report joined, to which report, the score and the
    reasons; then its nearest neighbours kept apart and why."""
    out = [f"{why['id']}: {len(why['reports'])} report(s)"]
    if why["joined"]:
        out.append("joined because:")
    for e in why["joined"]:
        a, b = e["reports"]
        out.append(f"  {a} + {b} (score {e['score']}): {', '.join(e['reasons'])}")
    if not why["joined"]:
        out.append("a report of its own: no other report links to it")
    if why["apart"]:
        out.append("kept apart from its neighbours:")
    for e in why["apart"]:
        a, b = e["reports"]
        score = "ruled out" if e["score"] is None else f"score {e['score']}"
        out.append(f"  {a} / {b} ({score}): {', '.join(e['reasons'])}")
    typer.echo("\n".join(out))


_CLAIM_CSV = ("id", "published", "outlet", "claimant", "type", "figure", "text", "event_id", "article_id")


@app.command()
def claims(
    db: str = DB_OPTION,
    country: str = COUNTRY,
    admin1: str = ADMIN1,
    date_from: str = typer.Option(
        None, "--from", parser=_date, metavar="YYYY-MM-DD",
        help="Claims reported on or after this day.",
    ),
    date_to: str = typer.Option(
        None, "--to", parser=_date, metavar="YYYY-MM-DD",
        help="Claims reported on or before this day.",
    ),
    event_type: str = TYPE,
    actor: str = ACTOR,
    contested: bool = CONTESTED,
    text: str = TEXT,
    claimant: str = typer.Option(
        None, "--claimant", metavar="TEXT", help="Part of the claimant's name."
    ),
    claim_type: str = typer.Option(
        None, "--claim-type", parser=_claim_type, metavar="TYPE",
        help="casualty_figure, responsibility, accusation, denial, confirmation, "
        "commendation, allegation or statement.",
    ),
    event_id: str = typer.Option(
        None, "--event", metavar="ID", help="Only the claims of this event (its id or the "
        "short id a table shows)."
    ),
    limit: int = LIMIT,
    fmt: ListFormat = FORMAT,
) -> None:
    """List claims: who said what, with the exact sentence and where it was reported."""
    from fogwatch.cli.tables import claims_table, console, figure_text

    base = _event_filter(country, admin1, date_from, date_to, event_type, actor, contested,
                         text=text)
    n = _limit(limit, fmt)
    with store_session(db, integrity="report") as store:
        if event_id:
            event_id = resolve_event_id(store, event_id, "--event")
        try:
            filters = base.with_(claimant=claimant, claim_type=claim_type, event_id=event_id)
        except FilterError as exc:
            raise _refused(exc) from None
        total = store.count_claims(filters)
        rows = _pages(lambda size, offset: store.claims(filters, limit=size, offset=offset), n)
        if total == 0:
            explain_empty(filters, "claims")
        if fmt is ListFormat.table:
            shown = list(rows)
            out = console()
            out.print(claims_table(shown, total, out.width))
        else:
            shown = range(_write(rows, fmt, _CLAIM_CSV,
                                 lambda r: {**r, "figure": figure_text(r)}))
        _say_stopped(len(shown), total, "claims")
    warn_damage(store, db)


class EventFormat(StrEnum):
    text = "text"
    json = "json"


@app.command()
def event(
    event_id: str = typer.Argument(..., metavar="ID", help="The event's id, or the short id "
                                   "a table shows."),
    db: str = DB_OPTION,
    fmt: EventFormat = format_option(
        EventFormat, EventFormat.text, "text (as the event page) or json (the API's JSON)."
    ),
) -> None:
    """Show one event as its page does: facts, claims ledger, evidence, sources, history.

    Figures by claimant, every claim with its evidence sentence, date and outlet, the
    articles and what reviewers changed; ``--format json`` is exactly
    ``GET /api/events/{id}`` (its history is ``fogwatch history ID --json``).
    """
    from fogwatch.cli.tables import console, print_event
    from fogwatch.store.review import Reviews

    with store_session(db, integrity="report") as store:
        full = resolve_event_id(store, event_id)
        event = store.event(full)
        changes = Reviews(store).history(full) if fmt is EventFormat.text else []
    if event is None:  # gone between the lookup and the read (another writer)
        raise fail(f"ID: there is no event {full!r} in this store")
    if fmt is EventFormat.json:
        json.dump(event.page_json(), sys.stdout, ensure_ascii=False, indent=1, sort_keys=True)
        sys.stdout.write("\n")
    else:
        print_event(console(), event, changes)
    warn_damage(store, db)


@app.command()
def export(
    fmt: ExportFormat = format_option(ExportFormat, ..., "acled, ucdp, geojson, jsonl or parquet."),
    output: Path = typer.Option(None, "-o", "--output", help="Write here instead of stdout."),
    db: str = DB_OPTION,
    country: str = COUNTRY,
    admin1: str = ADMIN1,
    date_from: str = DATE_FROM,
    date_to: str = DATE_TO,
    event_type: str = TYPE,
    actor: str = ACTOR,
    contested: bool = CONTESTED,
    text: str = TEXT,
    reviewed_only: bool = REVIEWED,
    unreviewed_only: bool = UNREVIEWED,
) -> None:
    """Export events as ACLED CSV, UCDP GED CSV, GeoJSON, JSONL or Parquet (with the
    reviewed values, a review status and the reviewers' names)."""
    from fogwatch.export import ExportError, export_events

    filters = _event_filter(country, admin1, date_from, date_to, event_type, actor, contested,
                            None, reviewed_only, unreviewed_only, text=text)
    with store_session(db, integrity="report") as store:
        try:
            n = export_events(store, fmt.value, output, filters)
            if n == 0:
                explain_empty(filters)
        except ExportError as exc:
            raise fail(str(exc)) from None
    if output:
        typer.echo(f"{n} events written to {output}", err=True)
    warn_damage(store, db)


@app.command()
def reconcile(db: str = DB_OPTION) -> None:
    """Rebuild every event from the stored reports (after changing reconcile.yaml)."""
    with store_session(db) as store:
        n = store.rebuild_events()
    typer.echo(f"{n} events rebuilt in {db_location(db)}", err=True)
