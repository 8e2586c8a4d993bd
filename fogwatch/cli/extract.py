"""``fogwatch extract``: read articles and print their readings as JSON or JSONL."""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path

import typer

from fogwatch.cli.app import app
from fogwatch.ingest.files import read_paths
from fogwatch.read.pipeline import read_article


class OutputFormat(StrEnum):
    json = "json"
    jsonl = "jsonl"


def _is_jsonl_input(paths: list[str]) -> bool:
    return any(p.lower().endswith((".jsonl", ".ndjson", ".csv")) or p == "-" for p in paths)


@app.command()
def extract(
    paths: list[str] = typer.Argument(..., help="Files or directories to read; '-' for stdin."),
    published: str = typer.Option(
        None, "--published", help="Publication date (YYYY-MM-DD) for inputs that carry none."
    ),
    fmt: OutputFormat = typer.Option(
        None, "--format", "-f", help="json (one document) or jsonl (one reading a line)."
    ),
    output: Path = typer.Option(None, "-o", "--output", help="Write here instead of stdout."),
    strict: bool = typer.Option(False, "--strict", help="Exit non-zero if any record was bad."),
) -> None:
    """Read news reports and print what Fogwatch finds in them."""
    if published is not None:
        try:
            import datetime as dt

            dt.date.fromisoformat(published)
        except ValueError:
            raise typer.BadParameter(
                f"{published!r} is not a date (YYYY-MM-DD)", param_hint="--published"
            ) from None
    if fmt is None:
        fmt = OutputFormat.jsonl if _is_jsonl_input(paths) else OutputFormat.json
    out = output.open("w", encoding="utf-8") if output else sys.stdout
    errors = 0
    readings = []
    try:
        for record in read_paths(paths, published=published):
            if record.error is not None:
                errors += 1
                typer.echo(f"error: {record.error}", err=True)
                continue
            reading = read_article(record.article)
            if fmt is OutputFormat.jsonl:
                out.write(reading.model_dump_json(exclude_none=False) + "\n")
            else:
                readings.append(reading.model_dump(mode="json"))
        if fmt is OutputFormat.json:
            doc = readings[0] if len(readings) == 1 else readings
            out.write(json.dumps(doc, ensure_ascii=False, indent=2) + "\n")
    finally:
        if output:
            out.close()
    if errors:
        typer.echo(f"{errors} record(s) skipped", err=True)
        if strict:
            raise typer.Exit(1)
