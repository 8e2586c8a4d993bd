"""``fogwatch gazetteer import FILE | list | remove ID``: places users add to the gazetteer."""

from __future__ import annotations

from pathlib import Path

import typer

from fogwatch.cli.app import app

gazetteer_app = typer.Typer(
    name="gazetteer",
    help="Add villages the gazetteer lacks (GeoNames dump, CSV of places, ACLED export).",
    no_args_is_help=True,
)
app.add_typer(gazetteer_app, name="gazetteer")

_STORE = typer.Option(
    None, "--gazetteer", help="File of imported places (default $FOGWATCH_GAZETTEER, else "
    "the user data directory)."
)


@gazetteer_app.command("import")
def import_places(
    file: Path = typer.Argument(..., help="GeoNames dump, CSV of places, or ACLED export."),
    fmt: str = typer.Option(None, "--format", help="geonames, csv or acled (default: detected)."),
    store: Path = _STORE,
) -> None:
    """Import the places of FILE; bad rows are reported with their line and skipped."""
    from fogwatch.geo import user

    try:
        result = user.import_file(file, fmt, store)
    except user.GazetteerFileError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from None
    for line in result.bad[:20]:
        typer.echo(f"bad row: {line}", err=True)
    if len(result.bad) > 20:
        typer.echo(f"... and {len(result.bad) - 20} more bad rows", err=True)
    typer.echo(f"{result.places} places imported from {file} ({result.format}) as "
               f"{result.id}, {len(result.bad)} bad rows; in {user.store_path(store)}")


@gazetteer_app.command("list")
def list_places(store: Path = _STORE) -> None:
    """List the imports: id, source, format, places, when."""
    from fogwatch.geo import user

    try:
        imports = user.list_imports(store)
    except user.GazetteerFileError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from None
    if not imports:
        typer.echo(f"no places imported ({user.store_path(store)})")
    for imp in imports:
        typer.echo(f"{imp['id']}\t{imp['source']}\t{imp['format']}\t{imp['places']} places"
                   f"\t{imp['imported']}")
    if imports:
        typer.echo(f"fingerprint {user.fingerprint(store)}")


@gazetteer_app.command("remove")
def remove_places(import_id: str = typer.Argument(..., help="An id from `gazetteer list`."),
                  store: Path = _STORE) -> None:
    """Remove one import: readings then use the gazetteer without its places."""
    from fogwatch.geo import user

    try:
        n = user.remove(import_id, store)
    except KeyError:
        typer.echo(f"error: no import {import_id!r} (see `fogwatch gazetteer list`)", err=True)
        raise typer.Exit(2) from None
    except user.GazetteerFileError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from None
    typer.echo(f"removed {import_id} ({n} places)")

