"""`fogwatch extract` at scale: --resume, Parquet partitions, refusing to mix runs."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from fogwatch.batch.output import read_partitions
from fogwatch.cli import app

runner = CliRunner()

# Short reports written for these tests.
REPORTS = [
    "Gunmen killed two shopkeepers in Kech district on Tuesday, police said.",
    "The library will stay open late during the exam season.",
    "A grenade attack on a police station in Srinagar wounded three constables.",
    "Protesters blocked the highway near Hyderabad, demanding the release of a leader.",
]


def _input(tmp_path):
    src = tmp_path / "in.jsonl"
    src.write_text(
        "".join(json.dumps({"id": f"n{i}", "text": t}) + "\n" for i, t in enumerate(REPORTS)),
        encoding="utf-8",
    )
    return src


def _run(*args):
    result = runner.invoke(app, ["extract", *map(str, args), "--workers", "1"])
    assert result.exit_code == 0, result.output
    return result


def test_resume_skips_articles_already_written_and_redoes_a_torn_line(tmp_path):
    src = _input(tmp_path)
    full = tmp_path / "full.jsonl"
    _run(src, "-o", full)
    lines = full.read_text(encoding="utf-8").splitlines(keepends=True)
    part = tmp_path / "part.jsonl"
    # two complete readings, then a third cut short as by a crash
    part.write_text(lines[0] + lines[1] + lines[2][:40], encoding="utf-8")
    _run(src, "-o", part, "--resume")
    assert part.read_text(encoding="utf-8") == full.read_text(encoding="utf-8")


def test_parquet_partitions_hold_the_jsonl_readings(tmp_path):
    src = _input(tmp_path)
    full = tmp_path / "full.jsonl"
    _run(src, "-o", full)
    out = tmp_path / "pq"
    _run(src, "--format", "parquet", "-o", out)
    assert [p.name for p in out.iterdir()] == ["part-00000.parquet"]
    assert read_partitions(out) == full.read_text(encoding="utf-8").splitlines()


def test_a_directory_with_partitions_is_not_overwritten_without_resume(tmp_path):
    src = _input(tmp_path)
    out = tmp_path / "pq"
    _run(src, "--format", "parquet", "-o", out)
    result = runner.invoke(app, ["extract", str(src), "--format", "parquet", "-o", str(out)])
    assert result.exit_code == 2
    assert "already holds partitions" in result.stderr


def test_resume_needs_an_output(tmp_path):
    result = runner.invoke(app, ["extract", str(_input(tmp_path)), "--resume"])
    assert result.exit_code == 2
    assert "--resume needs -o" in result.stderr
