"""``fogwatch ingest``, ``events``, ``claims`` and ``export``: the store from the terminal."""

from __future__ import annotations

import csv
import json
import os
import sys
import time
from collections.abc import Iterable, Iterator
from enum import StrEnum
from pathlib import Path

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import Progress, ProgressColumn, SpinnerColumn, Task, TextColumn
from rich.table import Table
from rich.text import Text

from fogwatch.batch import read_records
from fogwatch.cli.app import app, check_published
from fogwatch.ingest.files import Record
from fogwatch.ingest.urls import read_inputs  # paths and http(s) URLs alike
from fogwatch.model import ArticleReading
from fogwatch.store import ClaimFilter, EventFilter, Store, StoreError, open_store

DEFAULT_DB = "fogwatch.db"

DB_OPTION = typer.Option(
    None,
    "--db",
    help="SQLite file or postgresql:// URL (default: $FOGWATCH_DB, else fogwatch.db).",
)


class ListFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"


def db_location(db: str | None) -> str:
    """The --db value, else $FOGWATCH_DB, else fogwatch.db."""
    return db or os.environ.get("FOGWATCH_DB") or DEFAULT_DB


def _open(db: str | None, create: bool) -> Store:
    try:
        return open_store(db_location(db), create=create)
    except StoreError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from None


def read_stream(
    records: Iterable[Record], workers: int | None
) -> Iterator[tuple[Record, ArticleReading | None, str | None]]:
    """``(record, reading, error)`` in input order, through the batch runner that
    ``fogwatch extract`` uses (bounded memory, per-article errors, worker recovery)."""
    yield from read_records(records, workers=workers)


class RateColumn(ProgressColumn):
    """Articles per second."""

    def render(self, task: Task) -> Text:
        speed = task.finished_speed or task.speed
        return Text(f"{speed or 0:.1f} articles/s", style="cyan")


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
        None, "--published", help="Publication date (YYYY-MM-DD) for inputs that carry none."
    ),
    workers: int = typer.Option(
        None, "--workers", "-w", min=1, help="Reader processes (default: every core)."
    ),
    strict: bool = typer.Option(False, "--strict", help="Exit non-zero if any record was bad."),
) -> None:
    """Read articles into the store and reconcile them into events.

    Articles already stored are skipped without being read, so an interrupted run
    resumes where it stopped. Bad records are reported with file:line and skipped.
    """
    check_published(published)
    store = _open(db, create=True)
    console = Console(stderr=True)
    counts = {"stored": 0, "skipped": 0, "unchanged": 0, "errors": 0}

    def fresh(records: Iterable[Record]) -> Iterator[Record]:
        # Resume: stored articles are not read again.
        for record in records:
            if record.article is not None and store.has_article(record.article.id):
                counts["skipped"] += 1
                continue
            yield record

    started = time.monotonic()
    progress = Progress(
        SpinnerColumn(),
        TextColumn("[bold]ingest[/]"),
        TextColumn("{task.completed} read"),
        TextColumn("{task.fields[stored]} stored, {task.fields[skipped]} already there, "
                   "{task.fields[errors]} bad"),
        RateColumn(),
        console=console,
        transient=False,
    )
    try:
        with progress:
            task = progress.add_task("ingest", total=None, stored=0, skipped=0, errors=0)
            for record, reading, error in read_stream(fresh(read_inputs(paths, published)), workers):
                if error is not None or reading is None or record.article is None:
                    counts["errors"] += 1
                    what = str(record.error) if record.error is not None else (
                        f"{_where(record)}: article {record.article.id if record.article else '?'}: "
                        f"{error}"
                    )
                    progress.console.print(
                        f"[red]error:[/] {escape(what)}", highlight=False, soft_wrap=True
                    )
                else:
                    if store.add(record.article, reading):
                        counts["stored"] += 1
                    else:
                        counts["unchanged"] += 1
                progress.update(
                    task, advance=1, stored=counts["stored"], skipped=counts["skipped"],
                    errors=counts["errors"],
                )
    except StoreError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from None
    finally:
        n_events = store.count_events()
        store.close()
    elapsed = max(time.monotonic() - started, 1e-9)
    read_n = counts["stored"] + counts["unchanged"]
    console.print(
        f"{counts['stored']} articles stored, {counts['skipped'] + counts['unchanged']} already "
        f"stored, {counts['errors']} bad; {n_events} events in {db_location(db)} "
        f"({read_n / elapsed:.1f} articles/s)",
        highlight=False,
        soft_wrap=True,
    )
    if counts["errors"] and strict:
        raise typer.Exit(1)


def _event_filter(
    country: str | None, admin1: str | None, date_from: str | None, date_to: str | None,
    event_type: str | None, actor: str | None, contested: bool, q: str | None = None,
) -> EventFilter:
    import datetime as dt

    for name, value in (("--from", date_from), ("--to", date_to)):
        if value:
            try:
                dt.date.fromisoformat(value)
            except ValueError:
                raise typer.BadParameter(
                    f"{value!r} is not a date (YYYY-MM-DD)", param_hint=name
                ) from None
    return EventFilter(
        country=country, admin1=admin1, date_from=date_from, date_to=date_to,
        event_type=event_type, actor=actor, contested_only=contested, q=q,
    )


COUNTRY = typer.Option(None, "--country", help="Country name or ISO code.")
ADMIN1 = typer.Option(None, "--admin1", help="First-level region (province, state).")
DATE_FROM = typer.Option(None, "--from", help="Events on or after this day (YYYY-MM-DD).")
DATE_TO = typer.Option(None, "--to", help="Events on or before this day (YYYY-MM-DD).")
TYPE = typer.Option(None, "--type", help="ACLED event type, e.g. 'Battles'.")
ACTOR = typer.Option(None, "--actor", help="Part of an actor's name.")
CONTESTED = typer.Option(False, "--contested", help="Only events with disputed figures.")
FORMAT = typer.Option(ListFormat.table, "--format", "-f", help="table, json or csv.")

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
    q: str = typer.Option(None, "--q", help="Words in titles, places and actors."),
    sort: str = typer.Option("-date", "--sort", help="date, fatalities, sources...; '-' descends."),
    limit: int = typer.Option(100, "--limit", min=1, help="At most this many events."),
    fmt: ListFormat = FORMAT,
) -> None:
    """List reconciled events with their fatality ranges and contested figures."""
    filters = _event_filter(country, admin1, date_from, date_to, event_type, actor, contested, q)
    store = _open(db, create=False)
    try:
        rows = store.events(filters, limit=limit, sort=sort)
        total = store.count_events(filters)
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
    except StoreError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from None
    finally:
        store.close()


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
    date_from: str = typer.Option(None, "--from", help="Claims reported on or after this day."),
    date_to: str = typer.Option(None, "--to", help="Claims reported on or before this day."),
    event_type: str = TYPE,
    actor: str = ACTOR,
    contested: bool = CONTESTED,
    claimant: str = typer.Option(None, "--claimant", help="Part of the claimant's name."),
    claim_type: str = typer.Option(
        None, "--claim-type", help="casualty_figure, responsibility, accusation, denial..."
    ),
    event_id: str = typer.Option(None, "--event", help="Only the claims of this event."),
    limit: int = typer.Option(100, "--limit", min=1, help="At most this many claims."),
    fmt: ListFormat = FORMAT,
) -> None:
    """List claims: who said what, with the exact sentence and where it was reported."""
    base = _event_filter(country, admin1, date_from, date_to, event_type, actor, contested)
    filters = ClaimFilter(**vars(base), claimant=claimant, type=claim_type, event_id=event_id)
    store = _open(db, create=False)
    try:
        rows = store.claims(filters, limit=limit)
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
    except StoreError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from None
    finally:
        store.close()


@app.command()
def export(
    fmt: str = typer.Option(..., "--format", "-f", help="acled, ucdp, geojson, jsonl or parquet."),
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
    from fogwatch.export import ExportError, check_format, export_events

    try:
        check_format(fmt)
    except ExportError as exc:
        raise typer.BadParameter(str(exc), param_hint="--format") from None
    filters = _event_filter(country, admin1, date_from, date_to, event_type, actor, contested)
    store = _open(db, create=False)
    try:
        n = export_events(store, fmt, output, filters)
    except (ExportError, StoreError) as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from None
    finally:
        store.close()
    if output:
        typer.echo(f"{n} events written to {output}", err=True)


@app.command()
def reconcile(db: str = DB_OPTION) -> None:
    """Rebuild every event from the stored reports (after changing reconcile.yaml)."""
    store = _open(db, create=False)
    try:
        n = store.rebuild_events()
    except StoreError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from None
    finally:
        store.close()
    typer.echo(f"{n} events rebuilt in {db_location(db)}", err=True)
