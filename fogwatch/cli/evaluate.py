"""``fogwatch eval acled|ucdp|case GOLD``: score readings against human-coded rows."""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import Any

import typer

from fogwatch.cli.app import app

eval_app = typer.Typer(
    name="eval",
    help="Score Fogwatch against human-coded data (ACLED, UCDP GED, annotated news, GVDB).",
    no_args_is_help=True,
)
app.add_typer(eval_app, name="eval")


class Split(StrEnum):
    holdout = "holdout"
    dev = "dev"
    all = "all"


def _run(kind: str, path: Path, **kwargs: Any) -> dict[str, Any]:
    from rich.progress import Progress

    from fogwatch.evaluate import acled, case, claims, gvdb, ucdp
    from fogwatch.evaluate.gold import GoldFileError

    module = {"acled": acled, "case": case, "ucdp": ucdp, "claims": claims, "gvdb": gvdb}[kind]
    with Progress(transient=True, disable=kwargs.pop("quiet")) as progress:
        task = progress.add_task(f"reading {kind} rows", total=None)
        try:
            return module.evaluate(
                path,
                progress=lambda n: progress.advance(task, n),
                on_total=lambda total: progress.update(task, total=total),
                **kwargs,
            )
        except GoldFileError as exc:
            typer.echo(f"error: {exc}", err=True)
            raise typer.Exit(2) from None


def _fmt(value: Any) -> str:
    return "-" if value is None else (f"{value:.3f}" if isinstance(value, float) else str(value))


def _print(report: dict[str, Any]) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console()
    skipped = report.get("skipped", report.get("skipped_empty_notes", report.get("skipped_no_headline", 0)))
    title = (
        f"{report['dataset'].upper()} · {report['file']} · split {report['split']} · "
        f"{report['rows_scored']} rows scored, {skipped} skipped (no text)"
    )
    table = Table(title=title)
    table.add_column("metric")
    table.add_column("value", justify="right")
    for name, value in report["metrics"].items():
        table.add_row(name, _fmt(value))
    console.print(table)
    counts = ", ".join(f"{k} {v}" for k, v in report["counts"].items())
    console.print(f"[dim]scored per metric: {counts}[/dim]")

    confusion = report.get("confusion") or {}
    if confusion:
        labels = sorted({p for row in confusion.values() for p in row} | set(confusion))
        cm = Table(title="confusion (rows: gold, columns: read)")
        cm.add_column("gold \\ read")
        for label in labels:
            cm.add_column(label[:12], justify="right")
        for gold, row in confusion.items():
            cm.add_row(gold, *[str(row.get(label, "")) for label in labels])
        console.print(cm)
    if report.get("errors_hidden"):
        console.print(f"[dim]errors not shown: {report['errors_hidden']}[/dim]")
    for err in report.get("errors", []):
        console.print(f"[bold]{err['id']}[/bold] {', '.join(err.get('wrong', []))}")
        console.print(f"  gold: {err['gold']}")
        console.print(f"  read: {err['read']}")
        for text in err.get("evidence", [])[:3]:
            console.print(f"  [dim]> {text}[/dim]")


def _common(kind: str, gold: Path, sample: int | None, seed: int, as_json: bool, split: Split,
            errors: int, workers: int, **extra: Any) -> None:
    report = _run(kind, gold, split=split.value, sample=sample, seed=seed, errors=errors,
                  workers=workers, quiet=as_json, **extra)
    if as_json:
        typer.echo(json.dumps(report, ensure_ascii=False, indent=2))
    else:
        _print(report)


# Options the eval commands share; each command names what it scores (rows, snippets).
SEED = typer.Option(0, "--seed", help="Seed of the sample and of the error list.")
AS_JSON = typer.Option(False, "--json", help="Print the metrics as JSON.")
WORKERS = typer.Option(2, "--workers", help="Reader processes.")


def _sample(what: str) -> Any:
    return typer.Option(None, "--sample", help=f"Score a random sample of N {what}.")


def _split(what: str) -> Any:
    return typer.Option(Split.all, "--split", help=f"holdout, dev or all {what}.")


def _errors(what: str) -> Any:
    return typer.Option(10, "--errors", help=f"How many {what} to show.")


@eval_app.command("acled")
def eval_acled(
    gold: Path = typer.Argument(..., help="ACLED export (CSV, current or older layout)."),
    sample: int = _sample("rows"),
    seed: int = SEED,
    as_json: bool = AS_JSON,
    split: Split = _split("rows"),
    errors: int = _errors("mis-coded rows"),
    workers: int = WORKERS,
    error_field: str = typer.Option(
        None, "--error-field", help="Show only errors on this field (event_type, actor, ...)."
    ),
) -> None:
    """Read each row's notes and compare the primary event with the coder's values."""
    _common("acled", gold, sample, seed, as_json, split, errors, workers,
            error_field=error_field)


@eval_app.command("ucdp")
def eval_ucdp(
    gold: Path = typer.Argument(..., help="UCDP GED CSV; rows with a source_headline are read."),
    sample: int = _sample("rows"),
    seed: int = SEED,
    as_json: bool = AS_JSON,
    split: Split = _split("rows"),
    errors: int = _errors("mis-coded rows"),
    workers: int = WORKERS,
) -> None:
    """Read each row's headline and compare deaths (best) and type of violence."""
    _common("ucdp", gold, sample, seed, as_json, split, errors, workers)


@eval_app.command("case")
def eval_case(
    gold: Path = typer.Argument(..., help="CASE 2021 Task 2 TSV (id, EventSnippet, SubType)."),
    sample: int = _sample("snippets"),
    seed: int = SEED,
    as_json: bool = AS_JSON,
    split: Split = _split("snippets"),
    errors: int = _errors("mis-typed snippets"),
    workers: int = WORKERS,
) -> None:
    """Read each snippet and compare its event's sub-event type (or none) with the label."""
    _common("case", gold, sample, seed, as_json, split, errors, workers)


@eval_app.command("reconcile")
def eval_reconcile(
    gold: Path = typer.Argument(
        ..., help="Articles with an incident id (JSONL, gvc-incidents layout) or an ACLED CSV."
    ),
    fmt: str = typer.Option(None, "--format", help="incidents or acled (default: by file name)."),
    cache: Path = typer.Option(None, "--cache", help="Keep readings in this JSONL file and reuse them."),
    db: str = typer.Option(None, "--db", help="Store here instead of a temporary SQLite file."),
    sample: int = typer.Option(None, "--sample", help="Score N incidents (all their articles)."),
    seed: int = typer.Option(0, "--seed", help="Seed of the sample and of --shuffle."),
    shuffle: bool = typer.Option(False, "--shuffle", help="Store articles in a seeded random order."),
    as_json: bool = AS_JSON,
    workers: int = WORKERS,
) -> None:
    """Ingest and reconcile gold articles; score the events against the incidents."""
    from fogwatch.cli.eval_reconcile import run

    run(gold, fmt, cache, db, sample, seed, shuffle, as_json, workers)


@eval_app.command("claims")
def eval_claims(
    gold: Path = typer.Argument(..., help="Annotations (JSON, the news-claims format)."),
    texts: Path = typer.Option(..., "--texts", help="Folder of <n>.txt, the URL on the first line."),
    as_json: bool = AS_JSON,
    errors: int = _errors("misses"),
    workers: int = typer.Option(1, "--workers", help="Reader processes."),
) -> None:
    """Read each article and compare its figures, claimants and claims with the annotation."""
    report = _run("claims", gold, texts=texts, errors=errors, workers=workers, quiet=as_json)
    if as_json:
        typer.echo(json.dumps(report, ensure_ascii=False, indent=2))
    else:
        _print(report)


@eval_app.command("gvdb")
def eval_gvdb(
    gold: Path = typer.Argument(..., help="Gun Violence Database TSV (Full text and Json)."),
    sample: int = typer.Option(None, "--sample", help="Score the first N rows."),
    as_json: bool = AS_JSON,
    errors: int = _errors("mis-counted articles"),
    workers: int = WORKERS,
) -> None:
    """Read each article and compare its killed and injured counts with the annotators'."""
    report = _run("gvdb", gold, sample=sample, errors=errors, workers=workers, quiet=as_json)
    if as_json:
        typer.echo(json.dumps(report, ensure_ascii=False, indent=2))
    else:
        _print(report)
