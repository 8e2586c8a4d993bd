"""``fogwatch ingest``, ``events``, ``claims`` and ``export``: the store from the terminal."""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Iterable, Iterator
from enum import StrEnum
from pathlib import Path

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from fogwatch.batch import read_records
from fogwatch.cli.app import app, check_published
from fogwatch.cli.common import (  # noqa: F401  (DB_OPTION, db_location: shared names)
    DB_OPTION,
    DEFAULT_DB,
    check_inputs,
    choice_parser,
    count_option,
    db_location,
    fail,
    format_option,
    store_session,
)
from fogwatch.cli.progress import BatchProgress, Meter, show_progress
from fogwatch.export import FORMATS as EXPORT_FORMATS
from fogwatch.ingest.files import Record
from fogwatch.ingest.urls import count_inputs, read_inputs  # paths and http(s) URLs alike
from fogwatch.model import ArticleReading
from fogwatch.store import ClaimFilter, EventFilter, Store


class ListFormat(StrEnum):
    table = "table"
    json = "json"
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
    progress: bool = typer.Option(
        None,
        "--progress/--no-progress",
        show_default=False,
        help="Show a progress bar on stderr (default: when stderr is a terminal).",
    ),
    quiet: bool = typer.Option(
        False, "--quiet", "-q", help="No progress bar and no summary; errors only."
    ),
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
) -> EventFilter:
    return EventFilter(
        country=country, admin1=admin1, date_from=date_from, date_to=date_to,
        event_type=event_type, actor=actor, contested_only=contested, q=q,
    )


def _date(raw: object) -> str:
    import datetime as dt

    try:
        return dt.date.fromisoformat(str(raw).strip()).isoformat()
    except ValueError:
        raise typer.BadParameter(f"{raw!r} is not a date; write YYYY-MM-DD") from None


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
    typer.echo(f"no {what} match these filters", err=True)


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
FORMAT = format_option(ListFormat, ListFormat.table, "table, json or csv.")

# Claims that say who did it and who disputes it, listed under the events table.
CONTESTED_CLAIMS = ("responsibility", "accusation", "denial")

SIDE_LABEL = {"state": "state", "nonstate": "militants", "civilians": "civilians", "unknown": "people"}


def _range(r: dict) -> str:
    high = "+" if r["high"] is None else ("" if r["high"] == r["low"] else f"–{r['high']}")
    if r["low"] == r["best"] or high == "+":
        return f"{r['low']}{high}"
    return f"{r['low']}–{r['best']}{high}" if high == "" else f"{r['low']}{high} (best {r['best']})"


def _killed_ranges(event: dict) -> str:
    parts = []
    for r in (event.get("ranges") or {}).get("by_side", []):
        if r["kind"] != "killed":
            continue
        mark = "!" if r["contested"] else ""
        parts.append(f"{SIDE_LABEL[r['side']]} {_range(r)}{mark}")
    return "\n".join(parts) or "—"


_EVENT_CSV = (
    "id", "date", "event_type", "sub_event_type", "country", "admin1", "admin2", "location",
    "latitude", "longitude", "actor1", "actor2", "fatalities", "low", "best", "high",
    "contested", "first_reported", "last_reported", "n_sources", "n_outlets",
)  # fmt: skip


def _console() -> Console:
    # Wide enough for the events table when the output is a file or a pipe.
    return Console() if sys.stdout.isatty() else Console(width=140)


def _print_events(store: Store, events: list[dict], total: int) -> None:
    console = _console()
    table = Table(title=f"{total} events" + (f" (showing {len(events)})" if total > len(events) else ""))
    table.add_column("event", style="dim", no_wrap=True)
    table.add_column("date", no_wrap=True)
    table.add_column("what, where, who")
    table.add_column("fatalities", justify="right")
    table.add_column("killed by side")
    table.add_column("contested", justify="center")
    table.add_column("sources", justify="right")
    for e in events:
        where = ", ".join(dict.fromkeys(x for x in (e["location"], e["admin1"], e["country"]) if x))
        who = " / ".join(x for x in (e["actor1"], e["actor2"]) if x)
        table.add_row(
            e["id"],
            e["date"] or "?",
            f"[bold]{escape(e['sub_event_type'] or e['event_type'] or '?')}[/] in "
            f"{escape(where or '?')}\n{escape(who)}",
            str(e["fatalities"]),
            _killed_ranges(e),
            "[bold red]yes[/]" if e["contested"] else "no",
            f"{e['n_sources']} report{'s' * (e['n_sources'] != 1)}\n"
            f"{e['n_outlets']} outlet{'s' * (e['n_outlets'] != 1)}",
        )
    console.print(table)
    for e in events:
        detail = store.event(e["id"]) or {}
        lines = []
        for side in e["disputed"]:
            for r in detail.get("ranges", {}).get("by_claimant", []):
                if r["kind"] == side["kind"] and r["side"] == side["side"]:
                    lines.append(
                        f"  {r['claimant']}: {', later '.join(dict.fromkeys(r['figures']))} "
                        f"{SIDE_LABEL[r['side']]} {r['kind']} "
                        f"(range {_range(r)}; first reported {r['first_reported']})"
                    )
        seen = set()
        for entry in detail.get("ledger", []):
            key = (entry["claimant"], entry["type"])
            if entry["type"] in CONTESTED_CLAIMS and key not in seen:
                seen.add(key)
                lines.append(
                    f"  {entry['claimant']} ({entry['type']}, {entry['first_reported']}): "
                    f"{entry['text']}"
                )
        if not lines:
            continue
        what = "disputed figures and claims" if e["contested"] else "claims"
        console.print(
            f"\n[bold]{e['id']}[/] {escape(e.get('title') or '')} — {what}:", highlight=False
        )
        for line in lines:
            console.print(escape(line), highlight=False)


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
    query: str = typer.Option(
        None, "--query", "-q", metavar="WORDS", help="Words in titles, places and actors."
    ),
    q_old: str = typer.Option(None, "--q", hidden=True),  # the old spelling, for scripts
    sort: str = typer.Option("-date", "--sort", help="date, fatalities, sources...; '-' descends."),
    limit: int = typer.Option(100, "--limit", min=1, help="At most this many events."),
    fmt: ListFormat = FORMAT,
) -> None:
    """List reconciled events with their fatality ranges and contested figures."""
    q = query or q_old
    filters = _event_filter(country, admin1, date_from, date_to, event_type, actor, contested, q)
    with store_session(db) as store:
        rows = store.events(filters, limit=limit, sort=sort)
        total = store.count_events(filters)
        if total == 0:
            explain_empty(filters)
        if fmt is ListFormat.table:
            _print_events(store, rows, total)
        elif fmt is ListFormat.json:
            json.dump(rows, sys.stdout, ensure_ascii=False, indent=1, sort_keys=True)
            sys.stdout.write("\n")
        else:
            writer = csv.DictWriter(sys.stdout, fieldnames=list(_EVENT_CSV), lineterminator="\n",
                                    extrasaction="ignore")
            writer.writeheader()
            writer.writerows(rows)


def _figure_text(c: dict) -> str:
    f = c.get("figure")
    if not f:
        return ""
    victims = (f.get("victims") or "").replace("_", " ")
    return f"{f['text']} {victims} {f['kind']}".replace("  ", " ")


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
    claimant: str = typer.Option(
        None, "--claimant", metavar="TEXT", help="Part of the claimant's name."
    ),
    claim_type: str = typer.Option(
        None, "--claim-type", parser=_claim_type, metavar="TYPE",
        help="casualty_figure, responsibility, accusation, denial, confirmation, "
        "commendation, allegation or statement.",
    ),
    event_id: str = typer.Option(
        None, "--event", metavar="ID", help="Only the claims of this event."
    ),
    limit: int = typer.Option(100, "--limit", min=1, help="At most this many claims."),
    fmt: ListFormat = FORMAT,
) -> None:
    """List claims: who said what, with the exact sentence and where it was reported."""
    base = _event_filter(country, admin1, date_from, date_to, event_type, actor, contested)
    filters = ClaimFilter(**vars(base), claimant=claimant, type=claim_type, event_id=event_id)
    with store_session(db) as store:
        if event_id and store.event(event_id) is None:
            raise fail(f"--event: there is no event {event_id!r} in {db_location(db)}")
        rows = store.claims(filters, limit=limit)
        if not rows:
            explain_empty(filters, "claims")
        if fmt is ListFormat.json:
            json.dump(rows, sys.stdout, ensure_ascii=False, indent=1, sort_keys=True)
            sys.stdout.write("\n")
        elif fmt is ListFormat.csv:
            writer = csv.DictWriter(sys.stdout, fieldnames=list(_CLAIM_CSV), lineterminator="\n",
                                    extrasaction="ignore")
            writer.writeheader()
            for r in rows:
                writer.writerow({**r, "figure": _figure_text(r)})
        else:
            table = Table(title=f"{store.count_claims(filters)} claims")
            for name in ("reported", "outlet", "claimant", "claim", "figure", "sentence", "event"):
                table.add_column(name, no_wrap=name in ("reported", "event"))
            for r in rows:
                cells = (
                    (r["published"] or "?")[:10], r["outlet"] or "?", r["claimant"] or "?",
                    r["type"] + (" (neg.)" if r["polarity"] == "negative" else ""),
                    _figure_text(r), r["text"], r["event_id"] or "",
                )
                # Article text is data, never Rich markup.
                table.add_row(*(escape(c) for c in cells))
            _console().print(table)


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
) -> None:
    """Export events as ACLED CSV, UCDP GED CSV, GeoJSON, JSONL or Parquet."""
    from fogwatch.export import ExportError, export_events

    filters = _event_filter(country, admin1, date_from, date_to, event_type, actor, contested)
    with store_session(db) as store:
        try:
            n = export_events(store, fmt.value, output, filters)
            if n == 0:
                explain_empty(filters)
        except ExportError as exc:
            raise fail(str(exc)) from None
    if output:
        typer.echo(f"{n} events written to {output}", err=True)


@app.command()
def reconcile(db: str = DB_OPTION) -> None:
    """Rebuild every event from the stored reports (after changing reconcile.yaml)."""
    with store_session(db) as store:
        n = store.rebuild_events()
    typer.echo(f"{n} events rebuilt in {db_location(db)}", err=True)
