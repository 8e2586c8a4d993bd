"""The README's store examples are what the commands print: the ``events`` table and the
``event`` page for the example corpus, at the 80 columns the README is written for, up to
the ``...`` where the README stops quoting."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from fogwatch.cli import app

README = Path(__file__).resolve().parents[2] / "README.md"
runner = CliRunner()


def _quoted(command: str) -> list[str]:
    """The lines the README shows after ``$ command``, up to the next prompt or ``...``."""
    lines = README.read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("$ " + command))
    shown = []
    for line in lines[start + 1:]:
        if line.startswith(("$ ", "```")) or line == "...":
            break
        shown.append(line.rstrip())
    return shown


@pytest.mark.parametrize("args", [
    ["events"],
    ["event", "ev3ead95a1"],
])
def test_the_readme_shows_what_the_command_prints(corpus_db, args):
    shown = _quoted(f".venv/bin/fogwatch {' '.join(args)} --db example.db")
    assert len(shown) >= 15, "the README quotes this command"
    result = runner.invoke(app, [*args, "--db", str(corpus_db)], env={"COLUMNS": "80"})
    assert result.exit_code == 0, result.output
    printed = [line.rstrip() for line in result.stdout.splitlines()]
    assert printed[: len(shown)] == shown
