"""``fogwatch extract``: read articles and print their readings as JSON, JSONL or Parquet.

One machine: ``--workers N`` processes (default: every core), streaming, in input
order. Many machines: ``--scheduler tcp://host:8786`` (or ``--dask-local N``) reads
JSONL partitions on a Dask cluster. Both call the same reader.
"""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import IO

import typer

from fogwatch.cli.app import app, check_published


class OutputFormat(StrEnum):
    json = "json"
    jsonl = "jsonl"
    parquet = "parquet"


_JSONL_SUFFIXES = (".jsonl", ".ndjson")
_PARTITION_READINGS = 1000  # readings per partition file in single-machine --format parquet


def _is_jsonl_input(paths: list[str]) -> bool:
    return any(p.lower().endswith((*_JSONL_SUFFIXES, ".csv")) or p == "-" for p in paths)


def _fail(message: str) -> typer.Exit:
    typer.echo(f"error: {message}", err=True)
    return typer.Exit(2)


def _count_lines(paths: list[str]) -> int | None:
    """The number of input lines of JSONL files (for the progress bar), else None."""
    total = 0
    for p in paths:
        path = Path(p)
        if not (path.is_file() and p.lower().endswith(_JSONL_SUFFIXES)):
            return None
        with path.open("rb") as fh:
            total += sum(chunk.count(b"\n") for chunk in iter(lambda: fh.read(1 << 20), b""))
    return total


def _done_ids(output: Path) -> set[str]:
    """Article ids already in an output JSONL file; drops a torn last line."""
    done: set[str] = set()
    if not output.exists():
        return done
    with output.open("rb+") as fh:
        keep = 0  # bytes of complete, valid lines
        for raw in fh:
            if not raw.endswith(b"\n"):
                break  # a line cut short by a crash: it will be read again
            try:
                done.add(json.loads(raw)["article_id"])
            except (ValueError, KeyError, TypeError):
                break
            keep += len(raw)
        fh.truncate(keep)
    return done


class _Progress:
    """A Rich progress bar on stderr with articles/s; a no-op when not shown."""

    def __init__(self, show: bool, total: int | None) -> None:
        self.bar = None
        if not show:
            return
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )

        self.bar = Progress(
            TextColumn("reading"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[rate]} articles/s"),
            TextColumn("{task.fields[errors]} errors"),
            TimeElapsedColumn(),
            TimeRemainingColumn(),
            console=Console(stderr=True),
            transient=False,
        )
        self.task = self.bar.add_task("reading", total=total, rate="-", errors=0)
        self.errors = 0
        self.bar.start()

    def advance(self, n: int = 1, errors: int = 0) -> None:
        if self.bar is None:
            return
        self.errors += errors
        self.bar.advance(self.task, n)
        speed = self.bar.tasks[0].speed
        self.bar.update(
            self.task, rate=f"{speed:.1f}" if speed else "-", errors=self.errors
        )

    def close(self) -> None:
        if self.bar is not None:
            self.bar.stop()


@app.command()
def extract(
    paths: list[str] = typer.Argument(..., help="Files or directories to read; '-' for stdin."),
    published: str = typer.Option(
        None, "--published", help="Publication date (YYYY-MM-DD) for inputs that carry none."
    ),
    fmt: OutputFormat = typer.Option(
        None,
        "--format",
        "-f",
        help="json (one document), jsonl (one reading a line) or parquet (partitions in -o DIR).",
    ),
    output_arg: str = typer.Option(
        None,
        "-o",
        "--output",
        help="Write here instead of stdout; a directory (DIR/ or existing) gets partitions.",
    ),
    strict: bool = typer.Option(False, "--strict", help="Exit non-zero if any record was bad."),
    workers: int = typer.Option(
        None, "--workers", "-w", min=1, help="Worker processes (default: every core)."
    ),
    progress: bool = typer.Option(
        None,
        "--progress/--no-progress",
        help="Show a progress bar with articles/s on stderr (default: when it is a terminal).",
    ),
    resume: bool = typer.Option(
        False,
        "--resume",
        help="Skip articles already in the -o JSONL file (or partitions already in -o DIR).",
    ),
    scheduler: str = typer.Option(
        None, "--scheduler", help="Read on this Dask cluster (tcp://HOST:PORT); JSONL input."
    ),
    dask_local: int = typer.Option(
        None, "--dask-local", min=1, help="Read on a local Dask cluster of N worker processes."
    ),
    blocksize: int = typer.Option(
        None, "--blocksize", min=1, help="Bytes of JSONL per Dask partition (default 1 MiB)."
    ),
) -> None:
    """Read news reports and print what Fogwatch finds in them."""
    check_published(published)
    output = Path(output_arg) if output_arg else None
    dask = bool(scheduler or dask_local)
    if fmt is None:
        fmt = OutputFormat.jsonl if dask or _is_jsonl_input(paths) else OutputFormat.json
    to_dir = output is not None and (
        output_arg.endswith(("/", "\\"))
        or output.is_dir()
        or fmt is OutputFormat.parquet
        or (dask and output.suffix == "")
    )
    if fmt is OutputFormat.parquet and not to_dir:
        raise _fail("--format parquet writes partitions: give a directory with -o DIR")
    if fmt is OutputFormat.json and (to_dir or resume):
        raise _fail("--format json is one document; use --format jsonl for -o DIR or --resume")
    if resume and output is None:
        raise _fail("--resume needs -o: the output it resumes")
    if to_dir and not resume and output.is_dir() and any(output.glob("part-*")):
        raise _fail(f"{output} already holds partitions: use --resume, or an empty directory")
    show = progress if progress is not None else sys.stderr.isatty()

    if dask:
        errors = _extract_dask(
            paths, fmt, output, to_dir, scheduler, dask_local, blocksize, resume, show
        )
    else:
        errors = _extract_local(paths, published, fmt, output, to_dir, workers, resume, show)
    if errors:
        typer.echo(f"{errors} record(s) skipped", err=True)
        if strict:
            raise typer.Exit(1)


def _extract_local(
    paths: list[str],
    published: str | None,
    fmt: OutputFormat,
    output: Path | None,
    to_dir: bool,
    workers: int | None,
    resume: bool,
    show: bool,
) -> int:
    from fogwatch.batch.output import read_partitions, write_partition
    from fogwatch.batch.runner import read_records_json
    from fogwatch.ingest.files import read_paths

    done: set[str] = set()
    part = 0
    if resume and to_dir and output.is_dir():
        # a partition directory goes on after its last complete partition
        parts = sorted(output.glob(f"part-*.{fmt.value}"))
        part = len(parts)
        done = {json.loads(line)["article_id"] for line in read_partitions(output)}
    elif resume and not to_dir:
        done = _done_ids(output)
    records = read_paths(paths, published=published)
    if done:
        records = (r for r in records if r.article is None or r.article.id not in done)

    total = _count_lines(paths) if show else None
    bar = _Progress(show, total)
    if done:
        bar.advance(len(done))
    errors = 0
    out: IO[str] | None = None
    if output is not None and not to_dir:
        out = output.open("a" if resume else "w", encoding="utf-8", newline="\n")
    elif output is None:
        out = sys.stdout
    readings: list[str] = []  # --format json, or the partition being filled
    try:
        for record, line, error in read_records_json(records, workers=workers):
            bar.advance(errors=error is not None)
            if error is not None:
                errors += 1
                where = f"{record.source}:{record.line}" if record.line else record.source
                if record.article is None:
                    typer.echo(f"error: {error}", err=True)
                else:
                    typer.echo(f"error: {where}: article {record.article.id}: {error}", err=True)
                continue
            if to_dir:
                readings.append(line)
                if len(readings) == _PARTITION_READINGS:
                    write_partition(output, part, fmt.value, readings)
                    part, readings = part + 1, []
            elif fmt is OutputFormat.json:
                readings.append(line)
            else:
                out.write(line + "\n")
        if to_dir and readings:
            write_partition(output, part, fmt.value, readings)
        if fmt is OutputFormat.json and not to_dir:
            docs = [json.loads(r) for r in readings]
            doc = docs[0] if len(docs) == 1 else docs
            out.write(json.dumps(doc, ensure_ascii=False, indent=2) + "\n")
    finally:
        bar.close()
        if out is not None and out is not sys.stdout:
            out.close()
    return errors


def _extract_dask(
    paths: list[str],
    fmt: OutputFormat,
    output: Path | None,
    to_dir: bool,
    scheduler: str | None,
    dask_local: int | None,
    blocksize: int | None,
    resume: bool,
    show: bool,
) -> int:
    from fogwatch.batch.dask import (
        DEFAULT_BLOCKSIZE,
        SchedulerUnreachable,
        connect,
        iter_partitions,
        read_on_cluster,
    )
    from fogwatch.batch.output import partition_path

    if fmt is OutputFormat.json:
        raise _fail("the Dask path writes JSONL or Parquet: use --format jsonl or parquet")
    for p in paths:
        if not p.lower().endswith(_JSONL_SUFFIXES) or not Path(p).is_file():
            raise _fail(f"{p}: the Dask path reads JSONL files (one article a line)")
    if resume and not to_dir:
        raise _fail("with Dask, --resume works on partitions: give -o DIR")
    partitions = iter_partitions(paths, blocksize or DEFAULT_BLOCKSIZE)
    if resume:
        partitions = (
            p for p in partitions if not partition_path(output, p.index, fmt.value).exists()
        )
    bar = _Progress(show, _count_lines(paths) if show else None)
    errors = 0
    out: IO[str] | None = None
    if not to_dir:
        out = output.open("w", encoding="utf-8", newline="\n") if output else sys.stdout
    try:
        with connect(scheduler, dask_local) as client:
            for result in read_on_cluster(client, partitions, fmt.value):
                for message in result.errors:
                    typer.echo(f"error: {message}", err=True)
                errors += len(result.errors)
                bar.advance(result.records, errors=len(result.errors))
                if to_dir:
                    output.mkdir(parents=True, exist_ok=True)
                    path = partition_path(output, result.index, fmt.value)
                    tmp = path.with_name(path.name + ".tmp")
                    if result.parquet is not None:
                        tmp.write_bytes(result.parquet)
                    else:
                        tmp.write_text(
                            "".join(line + "\n" for line in result.lines), encoding="utf-8"
                        )
                    tmp.replace(path)
                else:
                    out.writelines(line + "\n" for line in result.lines)
    except SchedulerUnreachable as exc:
        raise _fail(str(exc)) from None
    finally:
        bar.close()
        if out is not None and out is not sys.stdout:
            out.close()
    return errors
