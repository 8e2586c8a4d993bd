"""The Typer application every command module registers on."""

from __future__ import annotations

import typer

app = typer.Typer(
    name="fogwatch",
    help="Turn conflict news into sourced, verifiable event data.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


@app.callback()
def main() -> None:
    """Fogwatch: conflict news in, sourced and verifiable event data out."""
