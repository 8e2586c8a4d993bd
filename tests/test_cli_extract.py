"""`fogwatch extract`: JSON for a file, JSONL for JSONL, bad input reported."""

import json

from typer.testing import CliRunner

from fogwatch.cli import app

runner = CliRunner()


def test_empty_text_gives_an_empty_reading(tmp_path):
    p = tmp_path / "empty.txt"
    p.write_text("", encoding="utf-8")
    result = runner.invoke(app, ["extract", str(p)])
    assert result.exit_code == 0, result.output
    reading = json.loads(result.stdout)
    assert reading["events"] == [] and reading["figures"] == [] and reading["claims"] == []


def test_jsonl_in_jsonl_out_in_order_with_input_ids(tmp_path):
    p = tmp_path / "in.jsonl"
    rows = [
        {"id": "first", "text": "Gunmen killed two farmers in Kech.", "published": "2024-03-01"},
        {"id": "second", "text": "The weather was mild.", "published": "2024-03-01"},
    ]
    p.write_text("\n".join(json.dumps(r) for r in rows) + "\n{broken\n", encoding="utf-8")
    result = runner.invoke(app, ["extract", str(p)])
    assert result.exit_code == 0
    out = [json.loads(line) for line in result.stdout.splitlines() if line.strip()]
    assert [r["article_id"] for r in out] == ["first", "second"]
    assert "in.jsonl:3" in result.stderr


def test_strict_makes_bad_records_fail(tmp_path):
    p = tmp_path / "in.jsonl"
    p.write_text('{"id": "a", "text": "ok"}\nnot json\n', encoding="utf-8")
    result = runner.invoke(app, ["extract", str(p), "--strict"])
    assert result.exit_code == 1
    assert "in.jsonl:2" in result.stderr


def test_bad_published_date_is_refused(tmp_path):
    p = tmp_path / "a.txt"
    p.write_text("text", encoding="utf-8")
    result = runner.invoke(app, ["extract", str(p), "--published", "yesterday"])
    assert result.exit_code != 0
    assert "YYYY-MM-DD" in result.output or "YYYY-MM-DD" in result.stderr
