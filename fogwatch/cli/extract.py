"""``fogwatch extract``: read articles and print their readings as JSON, JSONL or Parquet.

One machine: ``--workers N`` processes (default: every core), streaming, in input
order. Many machines: ``--scheduler tcp://host:8786`` (or ``--dask-local N``) reads
JSONL partitions on a Dask cluster. Both call the same reader; where the readings go
(format, partitions, resume) is decided by :mod:`fogwatch.batch.output`.
"""

from __future__ import annotations

from enum import StrEnum

import typer

from fogwatch.batch.output import OutputError, OutputPlan, ReadingWriter, plan_output
from fogwatch.cli.app import app, check_published
from fogwatch.cli.common import (
    PROGRESS,
    QUIET,
    check_inputs,
    count_option,
    fail,
    format_option,
)
from fogwatch.cli.progress import BatchProgress, Meter, show_progress


class OutputFormat(StrEnum):
    json = "json"
    jsonl = "jsonl"
    parquet = "parquet"


@app.command()
def extract(
    paths: list[str] = typer.Argument(..., help="Files or directories to read; '-' for stdin."),
    published: str = typer.Option(
        None, "--published", metavar="YYYY-MM-DD",
        help="Publication date for inputs that carry none.",
    ),
    fmt: OutputFormat = format_option(
        OutputFormat,
        None,
        "json (one document), jsonl (one reading a line) or parquet (partitions in -o DIR).",
    ),
    output_arg: str = typer.Option(
        None,
        "-o",
        "--output",
        help="Write here instead of stdout; a directory (DIR/ or existing) gets partitions.",
    ),
    strict: bool = typer.Option(False, "--strict", help="Exit 1 if any record was bad."),
    workers: int = count_option(
        None, "--workers", "-w", help="Worker processes (default: every core)."
    ),
    progress: bool = PROGRESS,
    quiet: bool = QUIET,
    resume: bool = typer.Option(
        False,
        "--resume",
        help="Skip articles already in the -o JSONL file (or partitions already in -o DIR).",
    ),
    scheduler: str = typer.Option(
        None, "--scheduler", help="Read on this Dask cluster (tcp://HOST:PORT); JSONL input."
    ),
    dask_local: int = count_option(
        None, "--dask-local", help="Read on a local Dask cluster of N worker processes."
    ),
    blocksize: int = count_option(
        None, "--blocksize", metavar="BYTES",
        help="Bytes of JSONL per Dask partition (default 1 MiB).",
    ),
) -> None:
    """Read news reports and print what Fogwatch finds in them."""
    check_published(published)
    check_inputs(paths)
    dask = bool(scheduler or dask_local)
    try:
        plan = plan_output(paths, fmt.value if fmt else None, output_arg, resume, dask)
    except OutputError as exc:
        raise fail(str(exc)) from None
    show = show_progress(progress, quiet)
    if dask:
        meter = _extract_dask(paths, plan, scheduler, dask_local, blocksize, show)
    else:
        meter = _extract_local(paths, published, plan, workers, show)
    if not quiet:
        typer.echo(
            f"{meter.read} articles read, {meter.bad} bad ({meter.rate_text()})", err=True
        )
    if meter.bad and strict:
        raise typer.Exit(1)


def _count(paths: list[str], show: bool) -> int | None:
    from fogwatch.ingest.files import count_articles

    return count_articles(paths) if show else None


def _extract_local(
    paths: list[str], published: str | None, plan: OutputPlan, workers: int | None, show: bool
) -> Meter:
    from fogwatch.batch.output import resume_point
    from fogwatch.batch.runner import read_records_json
    from fogwatch.ingest.files import read_paths

    done, part = resume_point(plan)
    records = read_paths(paths, published=published)
    if done:
        records = (r for r in records if r.article is None or r.article.id not in done)
    meter = Meter(_count(paths, show))
    meter.done = len(done)
    with (
        BatchProgress(meter, "reading", show) as bar,
        ReadingWriter(plan, first_part=part) as out,
    ):
        for record, line, error in read_records_json(records, workers=workers):
            meter.done += 1
            if record.article is not None:
                meter.read += 1
            if error is not None:
                meter.bad += 1
                where = f"{record.source}:{record.line}" if record.line else record.source
                if record.article is None:
                    bar.print(f"error: {error}")
                else:
                    bar.print(f"error: {where}: article {record.article.id}: {error}")
            else:
                out.write(line)
            bar.update()
    return meter


def _extract_dask(
    paths: list[str],
    plan: OutputPlan,
    scheduler: str | None,
    dask_local: int | None,
    blocksize: int | None,
    show: bool,
) -> Meter:
    from fogwatch.batch.dask import (
        DEFAULT_BLOCKSIZE,
        SchedulerUnreachable,
        connect,
        iter_partitions,
        read_on_cluster,
    )
    from fogwatch.batch.output import partition_path

    partitions = iter_partitions(paths, blocksize or DEFAULT_BLOCKSIZE)
    if plan.resume:
        partitions = (
            p for p in partitions
            if not partition_path(plan.output, p.index, plan.fmt).exists()
        )
    meter = Meter(_count(paths, show))
    try:
        with (
            BatchProgress(meter, "reading", show) as bar,
            ReadingWriter(plan) as out,
            connect(scheduler, dask_local) as client,
        ):
            for result in read_on_cluster(client, partitions, plan.fmt):
                for message in result.errors:
                    bar.print(f"error: {message}")
                meter.done += result.records
                meter.read += result.records
                meter.bad += len(result.errors)
                out.write_partition(result.index, result.lines, result.parquet)
                bar.update()
    except SchedulerUnreachable as exc:
        raise fail(str(exc)) from None
    return meter
