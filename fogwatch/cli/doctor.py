"""``fogwatch doctor --db``: is the store sound, and what to do when it is not."""

from __future__ import annotations

import typer

from fogwatch.cli.app import app


@app.command()
def doctor(
    db: str = typer.Option(
        None,
        "--db",
        help="SQLite file or postgresql:// URL (default: $FOGWATCH_DB, else fogwatch.db).",
    ),
) -> None:
    """Check a store without writing to it: SQLite's integrity_check, the schema version
    and the row counts, then what to do. Exit status 0 when sound, 1 when not."""
    from fogwatch.cli.common import db_location
    from fogwatch.store import StoreError
    from fogwatch.store.integrity import checkup

    where = db_location(db)
    try:
        result = checkup(where)
    except StoreError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from None
    out = [f"store: {result.label} ({result.dialect})"]
    if result.size_bytes is not None:
        out.append(f"size: {result.size_bytes:,} bytes, journal mode {result.journal_mode}, "
                   f"application_id {result.application_id}")
    if result.dialect == "sqlite":
        if result.problems:
            out.append("integrity_check: FAILED")
            out += [f"  {p}" for p in result.problems]
        else:
            out.append("integrity_check: ok")
    else:
        out.append("integrity_check: not run (PostgreSQL checks its own pages; see amcheck)")
    version = "none" if result.schema_version is None else f"v{result.schema_version}"
    out.append(f"schema: {version} (this Fogwatch writes v{result.latest_version})")
    out.append("counts: " + ", ".join(f"{k} {v}" for k, v in result.counts.items()))
    out += [f"error: {e}" for e in result.errors]
    out += [f"to do: {t}" for t in result.todo]
    typer.echo("\n".join(out))
    if not result.ok:
        raise typer.Exit(1)
