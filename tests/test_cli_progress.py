"""Progress: one rate for the bar and the summary; a total when the size is known."""

from __future__ import annotations

import io
import json
import re

from rich.console import Console
from typer.testing import CliRunner

from fogwatch.cli import app
from fogwatch.cli.progress import BatchProgress, Meter

runner = CliRunner()


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def _bar(meter: Meter) -> tuple[BatchProgress, io.StringIO]:
    buf = io.StringIO()
    console = Console(file=buf, width=200, force_terminal=True, color_system=None)
    return BatchProgress(meter, "reading", True, console=console), buf


def test_the_bar_and_the_summary_show_the_same_rate():
    clock = Clock()
    meter = Meter(total=10, clock=clock)
    bar, buf = _bar(meter)
    with bar:
        for _ in range(10):
            clock.now += 0.5
            meter.done += 1
            meter.read += 1
            bar.update()
    clock.now += 60  # the summary is printed later: the rate is frozen at the end
    assert meter.rate_text() == "2.0 articles/s"
    frames = re.split(r"[\r\n]", re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", buf.getvalue()))
    last = [f for f in frames if "articles/s" in f][-1]
    assert "2.0 articles/s" in last and "100%" in last and "10/10" in last


def test_eta_follows_the_pace_so_far():
    clock = Clock()
    meter = Meter(total=100, clock=clock)
    clock.now += 10
    meter.done = 25
    assert meter.eta() == 30.0
    assert Meter(total=None, clock=clock).eta() is None


def test_without_a_total_a_spinner_counts():
    meter = Meter(total=None, clock=Clock())
    bar, buf = _bar(meter)
    with bar:
        meter.done = meter.read = 3
        bar.update()
    assert "3 done" in buf.getvalue()
    assert "%" not in buf.getvalue()


def test_quiet_prints_only_errors(tmp_path):
    p = tmp_path / "in.jsonl"
    p.write_text(json.dumps({"id": "a", "text": "Two people died."}) + "\nbroken\n")
    loud = runner.invoke(app, ["extract", str(p)])
    assert "2 articles read, 1 bad (" in loud.stderr or "1 articles read, 1 bad (" in loud.stderr
    quiet = runner.invoke(app, ["extract", str(p), "-q"])
    assert quiet.exit_code == 0
    assert quiet.stderr.strip().splitlines() == [f"error: {p}:2: invalid JSON (Expecting value)"]


def test_piped_stderr_gets_no_bar(tmp_path):
    p = tmp_path / "a.txt"
    p.write_text("Two people died.")
    result = runner.invoke(app, ["extract", str(p)])
    assert "━" not in result.stderr and "\x1b[" not in result.stderr
    assert result.stderr.startswith("1 articles read, 0 bad (")
