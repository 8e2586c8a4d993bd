"""``fogwatch eval reconcile`` on gold files written here: the scores and the command."""

from __future__ import annotations

import csv
import json

import pytest
from typer.testing import CliRunner

from fogwatch.cli import app
from fogwatch.evaluate.gold import GoldFileError
from fogwatch.evaluate.reconcile import bcubed, load_gold, pairwise


def test_bcubed_and_pairwise_by_hand():
    gold = {"a": "1", "b": "1", "c": "2", "d": "2", "e": "3"}
    pred = {"a": "x", "b": "x", "c": "x", "d": "y", "e": "z"}
    b = bcubed(pred, gold)
    # precision: a, b 2/3; c 1/3; d, e 1 -> 4/3/5... recall: a, b 1; c, d 1/2; e 1
    assert b["precision"] == pytest.approx((2 / 3 + 2 / 3 + 1 / 3 + 1 + 1) / 5, abs=1e-4)
    assert b["recall"] == pytest.approx((1 + 1 + 0.5 + 0.5 + 1) / 5, abs=1e-4)
    p = pairwise(pred, gold)
    assert (p["precision"], p["recall"]) == (round(1 / 3, 4), 0.5)  # ab right, ac bc wrong
    assert bcubed(gold, gold) == {"precision": 1.0, "recall": 1.0, "f1": 1.0}
    alone = {k: k for k in gold}
    assert bcubed(alone, gold)["precision"] == 1.0
    assert pairwise(alone, gold)["precision"] is None


ARTICLES = [
    # incident A: one bombing, two outlets on consecutive days
    ("a1", "A", "2024-03-05", "Bomb kills 7 at market in Peshawar",
     "A bomb exploded at a crowded vegetable market in Peshawar on Tuesday, killing 7 people "
     "and wounding 20, police said. No group has claimed the blast.", 7, 20),
    ("a2", "A", "2024-03-06", "Peshawar market blast toll at 7",
     "Seven people died when a bomb went off in a vegetable market in Peshawar on Tuesday, "
     "police officials said, adding that 20 people were wounded.", 7, 20),
    # incident B: another country, another week
    ("b1", "B", "2024-03-20", "Protest in Nairobi",
     "Hundreds of students marched through Nairobi on Wednesday against a rise in fees.", 0, 0),
]


def _gvc_file(path, rows=ARTICLES):
    with path.open("w", encoding="utf-8") as fh:
        for doc, incident, dct, title, text, killed, injured in rows:
            fh.write(json.dumps({"doc_id": doc, "event_id": incident, "dct": dct, "title": title,
                                 "uri": f"http://example.org/{doc}", "content": text,
                                 "gold": {"num_killed": killed, "num_injured": injured}}) + "\n")
    return path


def test_incident_articles_end_to_end(tmp_path):
    gold = _gvc_file(tmp_path / "docs.jsonl")
    cache = tmp_path / "readings.jsonl"
    args = ["eval", "reconcile", str(gold), "--json", "--workers", "1", "--cache", str(cache)]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert (report["articles"], report["incidents"], report["read_errors"]) == (3, 2, 0)
    assert report["dataset"] == "incidents"
    assert set(report["bcubed"]) == {"precision", "recall", "f1"}
    assert report["figures"]["killed"]["n"] == 2
    assert len(cache.read_text().splitlines()) == 3
    # The second run reads from the cache and scores the same.
    again = json.loads(CliRunner().invoke(app, args).output)
    assert again["bcubed"] == report["bcubed"]
    assert len(cache.read_text().splitlines()) == 3  # nothing read twice
    table = CliRunner().invoke(app, ["eval", "reconcile", str(gold), "--workers", "1",
                                     "--cache", str(cache)])
    assert "B-cubed" in table.output and "largest event" in table.output


def test_acled_rows_are_each_their_own_incident(tmp_path):
    gold = tmp_path / "acled.csv"
    with gold.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["data_id", "event_date", "notes", "fatalities"])
        w.writerow(["1", "4-May-20", "On 4 May 2020, traders protested in Lahore against taxes.", "0"])
        w.writerow(["2", "5-May-20", "", "0"])
        w.writerow(["3", "9-May-20", "On 9 May 2020, farmers protested in Multan over prices.", "0"])
    fmt, items = load_gold(gold)
    assert fmt == "acled" and [it.incident for it in items] == ["1", "3"]
    result = CliRunner().invoke(app, ["eval", "reconcile", str(gold), "--json", "--workers", "1"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["incidents"] == 2 and report["pairwise"]["recall"] is None
    assert "figures" not in report  # ACLED rows carry no injured count


def test_bad_gold_lines_are_named(tmp_path):
    bad = tmp_path / "docs.jsonl"
    bad.write_text('{"doc_id": "x", "event_id": "1", "content": "Text."}\n{"doc_id": "y"}\n')
    with pytest.raises(GoldFileError, match=r"docs.jsonl:2: no 'content'"):
        load_gold(bad)
    result = CliRunner().invoke(app, ["eval", "reconcile", str(bad)])
    assert result.exit_code == 2 and "docs.jsonl:2" in result.output
    dated = tmp_path / "dated.jsonl"
    dated.write_text('{"doc_id": "x", "event_id": "1", "content": "Text.", "dct": "soon"}\n')
    with pytest.raises(GoldFileError, match="'dct' is not a date"):
        load_gold(dated)
