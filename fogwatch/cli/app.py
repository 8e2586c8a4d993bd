"""The Typer application every command module registers on."""

from __future__ import annotations

import os

import typer

from fogwatch.filters import FilterError, parse_day

app = typer.Typer(
    name="fogwatch",
    help="Turn conflict news into sourced, verifiable event data.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


@app.callback()
def main(
    gazetteer: str = typer.Option(
        None, "--gazetteer", help="File of places imported with `fogwatch gazetteer import` "
        "that readings use (default $FOGWATCH_GAZETTEER, else the user data directory)."
    ),
) -> None:
    """Fogwatch: conflict news in, sourced and verifiable event data out."""
    if gazetteer:
        os.environ["FOGWATCH_GAZETTEER"] = gazetteer  # reader processes inherit it


def check_published(value: str | None) -> None:
    """Refuse a ``--published`` value that is not an ISO date, naming the option."""
    try:
        parse_day(value, "--published")
    except FilterError as exc:
        raise typer.BadParameter(exc.reason, param_hint="--published") from None
