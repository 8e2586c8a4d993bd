"""``fogwatch eval case`` on a small CASE-format file written here."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from fogwatch.cli import app
from fogwatch.evaluate import case
from fogwatch.evaluate.gold import GoldFileError

SNIPPETS = [
    ("1", "Gunmen and soldiers exchanged fire for two hours near a checkpoint outside the "
          "town, and three fighters were killed.", "ARMED_CLASH"),
    ("2", "A warplane struck a market on the edge of the city overnight, killing four shoppers.", "AIR_STRIKE"),
    ("3", "Hundreds of teachers marched peacefully to the ministry to demand higher pay.",
     "PEACE_PROTEST"),
    ("4", "Heavy rain flooded the lowlands and the river burst its banks on Sunday.",
     "NATURAL_DISASTER"),
]


def _write(path, rows, header="id\tEventSnippet\tSubType"):
    path.write_text(header + "\n" + "".join(f"{i}\t{t}\t{lab}\n" for i, t, lab in rows))
    return path


def test_scores_types_and_rejection(tmp_path):
    gold = _write(tmp_path / "snippets.tsv", SNIPPETS)
    report = case.evaluate(gold, workers=1)
    assert report["rows_scored"] == 4
    assert report["counts"] == {"event_snippets": 3, "non_event_snippets": 1}
    m = report["metrics"]
    for key in ("weighted_f1", "macro_f1", "non_event_rejection", "event_detection"):
        assert 0.0 <= m[key] <= 1.0
    assert set(report["per_type"]) == {"Armed clash", "Air/drone strike", "Peaceful protest"}
    assert report["confusion"]["Air/drone strike"] == {"Air/drone strike": 1}
    assert report["confusion"]["Peaceful protest"] == {"Peaceful protest": 1}


def test_f1_counts_an_event_read_for_a_non_event_as_a_false_positive():
    pairs = [("Attack", "Attack"), (case.NON_EVENT, "Attack"), ("Grenade", case.NONE)]
    per = case.f1_scores(pairs, ["Attack", "Grenade"])
    assert per["Attack"] == {"precision": 0.5, "recall": 1.0, "f1": 0.6667, "support": 1}
    assert per["Grenade"]["f1"] == 0.0


def test_unknown_label_names_its_line(tmp_path):
    gold = _write(tmp_path / "bad.tsv", [*SNIPPETS[:2], ("9", "A text.", "EARTHQUAKE")])
    with pytest.raises(GoldFileError, match=r"bad.tsv:4: SubType: unknown label 'EARTHQUAKE'"):
        case.read_gold(gold)


def test_missing_column_is_refused_by_the_command(tmp_path):
    gold = _write(tmp_path / "bad.tsv", [("1", "A text.", "ATTACK")], header="id\tText\tSubType")
    result = CliRunner().invoke(app, ["eval", "case", str(gold)])
    assert result.exit_code == 2
    assert "missing column(s): EventSnippet" in result.output


def test_command_prints_json(tmp_path):
    gold = _write(tmp_path / "snippets.tsv", SNIPPETS)
    result = CliRunner().invoke(app, ["eval", "case", str(gold), "--json", "--workers", "1"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["dataset"] == "case"
    assert "weighted_f1" in report["metrics"]
