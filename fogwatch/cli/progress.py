"""Progress of a batch on stderr, with one rate shared by the bar and the final summary.

A :class:`Meter` counts records and computes the rate (articles read per second since
the start); the bar and the summary line both read it, so they cannot disagree. The
display is a Rich bar with total, percentage, rate and ETA when the input's size is
known, a spinner with a count when it is not, nothing with ``quiet``, and no bar (only
the plain summary) when stderr is not a terminal.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    SpinnerColumn,
    Task,
    TaskProgressColumn,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Column
from rich.text import Text


class Meter:
    """Counts of one batch: ``done`` records handled (read, skipped or bad), ``read``
    articles read by the reader, ``bad`` records that failed."""

    def __init__(self, total: int | None = None, clock: Callable[[], float] = time.monotonic):
        self.total = total
        self.clock = clock
        self.started = clock()
        self.ended: float | None = None
        self.done = 0
        self.read = 0
        self.bad = 0

    def elapsed(self) -> float:
        return max((self.ended if self.ended is not None else self.clock()) - self.started, 1e-9)

    def rate(self) -> float:
        """Articles read per second since the start: the one rate shown anywhere."""
        return self.read / self.elapsed()

    def rate_text(self) -> str:
        return f"{self.rate():.1f} articles/s"

    def eta(self) -> float | None:
        """Seconds left at the pace records have been handled so far, when known."""
        if self.total is None or self.done == 0:
            return None
        return max(self.total - self.done, 0) * self.elapsed() / self.done

    def stop(self) -> None:
        """Freeze the clock: the bar's last frame and the summary show the same rate."""
        if self.ended is None:
            self.ended = self.clock()


def _fixed() -> Column:
    return Column(no_wrap=True)


class _Rate(ProgressColumn):
    def __init__(self, meter: Meter) -> None:
        super().__init__(table_column=_fixed())
        self.meter = meter

    def render(self, task: Task) -> Text:
        return Text(self.meter.rate_text(), style="cyan")


class _Eta(ProgressColumn):
    def __init__(self, meter: Meter) -> None:
        super().__init__(table_column=_fixed())
        self.meter = meter

    def render(self, task: Task) -> Text:
        eta = self.meter.eta()
        if eta is None:
            return Text("ETA -:--", style="progress.remaining")
        m, s = divmod(int(round(eta)), 60)
        h, m = divmod(m, 60)
        return Text(f"ETA {h}:{m:02d}:{s:02d}" if h else f"ETA {m}:{s:02d}",
                    style="progress.remaining")


def show_progress(option: bool | None, quiet: bool) -> bool:
    """Whether to draw a bar: never when quiet, else as asked, else when stderr is a
    terminal."""
    if quiet:
        return False
    return option if option is not None else sys.stderr.isatty()


class BatchProgress:
    """``with BatchProgress(meter, "reading", show) as bar:`` ... ``bar.update()`` after
    each record. ``detail`` gives the text after the counts (errors, stored...)."""

    def __init__(
        self,
        meter: Meter,
        label: str,
        show: bool,
        detail: Callable[[], str] | None = None,
        console: Console | None = None,
    ) -> None:
        self.meter = meter
        self.detail = detail or (lambda: f"{meter.bad} bad")
        self.console = console or Console(stderr=True)
        self.progress: Progress | None = None
        if not show:
            return
        details = TextColumn("{task.fields[detail]}")
        name = TextColumn(f"[bold]{label}[/]", table_column=_fixed())
        if meter.total is not None:
            columns: tuple[ProgressColumn, ...] = (
                name, BarColumn(bar_width=12), TaskProgressColumn(table_column=_fixed()),
                MofNCompleteColumn(table_column=_fixed()), _Rate(meter), _Eta(meter), details,
            )
        else:
            columns = (
                SpinnerColumn(), name, TextColumn("{task.completed} done", table_column=_fixed()),
                _Rate(meter), TimeElapsedColumn(table_column=_fixed()), details,
            )
        self.progress = Progress(*columns, console=self.console, transient=False)
        self.task = self.progress.add_task(label, total=meter.total, detail=self.detail())

    def print(self, message: str) -> None:
        """A line above the bar (an error), as plain text."""
        if self.progress is not None:
            self.progress.console.print(message, markup=False, highlight=False, soft_wrap=True)
        else:
            print(message, file=sys.stderr, flush=True)

    def update(self) -> None:
        if self.progress is not None:
            total = self.meter.total
            if total is not None and self.meter.done > total:
                total = self.meter.total = self.meter.done  # the count was an estimate
            self.progress.update(
                self.task, completed=self.meter.done, total=total, detail=self.detail()
            )

    def __enter__(self) -> BatchProgress:
        if self.progress is not None:
            self.progress.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.meter.stop()
        if self.progress is not None:
            if exc[0] is None and self.meter.total is not None:
                self.meter.total = self.meter.done  # a finished bar reads 100%
            self.update()
            self.progress.stop()
