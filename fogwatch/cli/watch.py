"""``fogwatch watch`` (poll feeds into the store) and ``fogwatch sources`` (feed health)."""

from __future__ import annotations

import json
import re
from enum import StrEnum
from pathlib import Path

import typer

from fogwatch.cli.app import app
from fogwatch.cli.common import fail, format_option, open_store_or_exit

_DURATION = re.compile(r"(\d+(?:\.\d+)?)\s*([smhd])", re.IGNORECASE)
_UNIT = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_duration(text: str, option: str = "--every") -> float:
    """Seconds in ``90s``, ``15m``, ``1h30m``, ``1d`` or a bare number of seconds."""
    raw = text.strip()
    try:
        seconds = float(raw)
    except ValueError:
        parts = _DURATION.findall(raw)
        if not parts or _DURATION.sub("", raw).strip():
            raise typer.BadParameter(
                f"{text!r} is not a duration (write 90s, 15m, 1h or 1h30m)", param_hint=option
            ) from None
        seconds = sum(float(n) * _UNIT[u.lower()] for n, u in parts)
    if seconds <= 0:
        raise typer.BadParameter(f"{text!r} must be longer than zero", param_hint=option)
    return seconds


def parse_size(text: str, option: str = "--max-size") -> int:
    """Bytes in ``5MB``, ``512KB`` or a bare number of bytes."""
    m = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([kmg]?i?b?)?\s*", text, re.IGNORECASE)
    if not m:
        raise typer.BadParameter(f"{text!r} is not a size (write 5MB or 512KB)", param_hint=option)
    unit = (m.group(2) or "").lower().rstrip("b").rstrip("i")
    factor = {"": 1, "k": 1024, "m": 1024**2, "g": 1024**3}[unit]
    return int(float(m.group(1)) * factor)


def _report(results) -> None:
    """One line per feed; the reason for every page that failed or was skipped."""
    for r in results:
        name = r.source.name
        if r.backing_off_until:
            typer.echo(f"{name}: backing off after errors until {r.backing_off_until}")
            continue
        if r.error:
            error = r.error.removeprefix(r.source.url + ": ")
            typer.echo(f"{name}: error: {error} (next try after {r.retry_at})", err=True)
            continue
        line = (
            f"{name}: {r.entries} entries, {r.count('stored')} new, "
            f"{r.count('duplicate')} duplicate, {r.count('skipped')} skipped, "
            f"{r.count('failed')} failed"
        )
        if r.count("updated"):
            line += f", {r.count('updated')} updated"
        if r.status == 304:
            line = f"{name}: not modified"
        typer.echo(line)
        if r.warning:
            typer.echo(f"  warning: {r.warning}", err=True)
        for page in r.pages:
            if page.outcome == "failed":
                retry = "will retry" if page.retry else "given up"
                typer.echo(f"  failed: {page.error} ({retry})", err=True)
            elif page.is_failure:
                typer.echo(f"  failed: {page.error} (permanent: not retried)", err=True)
            elif page.outcome == "skipped":
                typer.echo(f"  skipped: {page.error}", err=True)


def _failures(results) -> list[str]:
    """One line per feed and page that failed in a poll, for the closing summary."""
    lines = []
    for r in results:
        if r.error:
            lines.append(f"  feed {r.source.name}: {r.error.removeprefix(r.source.url + ': ')}")
        for page in r.failures:
            lines.append(f"  page {page.error or page.url}")
    return lines


def _known(state, source):
    from fogwatch.watch.sources import Source

    row = state.feed(source.url)
    if row is None:
        return source
    return Source(url=source.url, name=row.name or source.name, country=row.country,
                  outlet=row.outlet)


@app.command()
def watch(
    feed_urls: list[str] = typer.Argument(None, help="RSS or Atom feed URLs to watch."),
    feeds: Path = typer.Option(
        None, "--feeds", help="A feeds file (YAML or TOML) listing sources with names and countries."
    ),
    every: str = typer.Option("15m", "--every", help="Time between polls: 90s, 15m, 1h."),
    once: bool = typer.Option(False, "--once", help="Poll every feed once and exit."),
    db: str = typer.Option(
        "fogwatch.db", "--db", envvar="FOGWATCH_DB", help="SQLite file or postgresql:// URL."
    ),
    timeout: float = typer.Option(20.0, "--timeout", help="Seconds to wait for a server."),
    delay: float = typer.Option(
        1.0, "--delay", help="Least seconds between two requests to the same host."
    ),
    max_size: str = typer.Option("5MB", "--max-size", help="Largest response accepted."),
    page_timeout: str = typer.Option(
        "20s", "--page-timeout",
        help="Most time one feed or page may take, redirects and retries included.",
    ),
    workers: int = typer.Option(
        8, "--workers", min=1, help="Most feeds and pages fetched at once."
    ),
    per_host: int = typer.Option(
        2, "--per-host", min=1, help="Most requests in flight to one host at once."
    ),
    force: bool = typer.Option(
        False, "--force", help="Poll feeds that are backing off after errors too."
    ),
) -> None:
    """Poll news feeds, fetch the stories they list and store the new ones."""
    from fogwatch.ingest.fetch import FetchConfig, Fetcher
    from fogwatch.watch.sink import StoreSink, open_state
    from fogwatch.watch.sources import Source, SourcesError, load_sources, source_for_url
    from fogwatch.watch.watcher import WatchConfig, Watcher

    interval = parse_duration(every)
    cap = parse_duration(page_timeout, "--page-timeout")
    sources: list[Source] = []
    try:
        if feeds is not None:
            sources.extend(load_sources(feeds))
        known = {s.url for s in sources}
        sources.extend(source_for_url(u) for u in (feed_urls or []) if u not in known)
    except SourcesError as exc:
        raise fail(str(exc)) from None
    if not sources:
        raise typer.BadParameter("give feed URLs or --feeds FILE", param_hint="FEED_URLS")
    fetch_config = FetchConfig(timeout=timeout, host_delay=delay, max_bytes=parse_size(max_size),
                               total_timeout=cap, host_connections=per_host)
    store = open_store_or_exit(db, create=True)
    state = open_state(store)
    # A feed named by URL alone keeps the name and country it was given before.
    sources = [_known(state, s) if s.url in (feed_urls or []) else s for s in sources]
    failed: list[str] = []
    try:
        with Fetcher(fetch_config) as fetcher:
            watcher = Watcher(fetcher, state, StoreSink(store),
                              WatchConfig(every=interval, workers=workers))

            def report(results) -> None:
                nonlocal failed
                _report(results)
                # A feed that failed, or a page of it that failed, fails the poll.
                failed = _failures(results)

            if not once:
                typer.echo(f"watching {len(sources)} feed(s) every {every}; Ctrl-C stops")
            watcher.run(sources, once=once, report=report, force=force)
    except KeyboardInterrupt:
        typer.echo("stopped", err=True)
    finally:
        state.close()
        store.close()
    if once and failed:
        typer.echo("error: some feeds or pages failed:", err=True)
        for line in failed:
            typer.echo(line, err=True)
        raise typer.Exit(1)


def _short(stamp: str | None) -> str:
    """A stored UTC time as ``2025-03-12 06:00Z`` (the table is narrow)."""
    return f"{stamp[:10]} {stamp[11:16]}Z" if stamp else ""


class SourcesFormat(StrEnum):
    table = "table"
    json = "json"


@app.command()
def sources(
    db: str = typer.Option(
        "fogwatch.db", "--db", envvar="FOGWATCH_DB", help="SQLite file or postgresql:// URL."
    ),
    fmt: SourcesFormat = format_option(SourcesFormat, SourcesFormat.table, "table or json."),
) -> None:
    """Show the health of each watched feed: last success, errors, articles per day."""
    from rich.console import Console
    from rich.table import Table

    from fogwatch.watch.sink import open_state
    from fogwatch.watch.state import utcnow

    store = open_store_or_exit(db, create=False)
    state = open_state(store)
    try:
        rows = state.health(utcnow())
    finally:
        state.close()
        store.close()
    if fmt is SourcesFormat.json:
        typer.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    if not rows:
        typer.echo("no feeds watched yet (run `fogwatch watch FEED_URL --once`)")
        return
    table = Table(title="Feeds")
    for column in ("Feed", "Country", "Last success", "HTTP", "Errors", "Per day",
                   "Next try", "Last error"):
        table.add_column(column, overflow="fold")
    for r in rows:
        table.add_row(
            r["feed"],
            r["country"] or "",
            _short(r["last_success"]) or "never",
            str(r["last_status"] or ""),
            str(r["error_count"]),
            f"{r['articles_per_day']:.1f}",
            _short(r["next_poll"]),
            (r["last_error"] or "").removeprefix(r["url"] + ": ")[:120],
        )
    Console().print(table)
