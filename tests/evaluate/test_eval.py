"""The evaluation command on a small gold file written here, and on a sample of real ACLED rows."""

from __future__ import annotations

import csv
import json

from typer.testing import CliRunner

from fogwatch.cli import app
from fogwatch.evaluate.acled import actor_matches
from fogwatch.evaluate.gold import parse_date
from fogwatch.evaluate.split import is_holdout

COLUMNS = [
    "data_id", "event_date", "event_type", "sub_event_type", "actor1", "inter1", "actor2",
    "inter2", "country", "admin1", "location", "latitude", "longitude", "geo_precision",
    "notes", "fatalities",
]
ROWS = [
    ["1", "4-May-20", "Protests", "Peaceful protest", "Protesters (Pakistan)", "6", "", "0",
     "Pakistan", "Punjab", "Lahore", "31.5497", "74.3436", "1",
     "On 4 May 2020, shopkeepers protested in Lahore (Punjab) against the lockdown.", "0"],
    ["2", "2020-05-05", "Violence against civilians", "Attack",
     "Unidentified Armed Group (Pakistan)", "3", "Civilians (Pakistan)", "7", "Pakistan",
     "Balochistan", "Quetta", "30.1841", "67.0014", "1",
     "On 5 May 2020, unknown gunmen shot dead two labourers in Quetta (Balochistan).", "2"],
    ["3", "6-May-20", "Protests", "Peaceful protest", "Protesters (Pakistan)", "6", "", "0",
     "Pakistan", "Sindh", "Karachi", "24.8608", "67.0104", "1", "", "0"],
]


def _write(path, columns, rows):
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(columns)
        w.writerows(rows)
    return path


def test_eval_acled_json_report(tmp_path):
    gold = _write(tmp_path / "gold.csv", COLUMNS, ROWS)
    result = CliRunner().invoke(app, ["eval", "acled", str(gold), "--json", "--workers", "1"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["rows_scored"] == 2 and report["skipped_empty_notes"] == 1
    m = report["metrics"]
    for key in ("event_type_accuracy", "sub_event_type_accuracy", "event_type_macro_f1",
                "fatalities_exact", "fatalities_exact_gold_gt0", "admin1_accuracy",
                "location_within_25km", "actor_either_side", "inter_accuracy"):
        assert key in m
    assert m["event_type_accuracy"] == 1.0
    assert report["counts"]["fatalities_gold_gt0"] == 1
    assert set(report["confusion"]) == {"Protests", "Violence against civilians"}


def test_eval_table_output_and_holdout_hides_errors(tmp_path):
    gold = _write(tmp_path / "gold.csv", COLUMNS, ROWS)
    result = CliRunner().invoke(app, ["eval", "acled", str(gold), "--workers", "1",
                                      "--split", "holdout"])
    assert result.exit_code == 0, result.output
    assert "event_type_accuracy" in result.output


def test_missing_columns_are_named(tmp_path):
    gold = _write(tmp_path / "bad.csv", ["data_id", "notes"], [["1", "Some text."]])
    result = CliRunner().invoke(app, ["eval", "acled", str(gold)])
    assert result.exit_code == 2
    assert "missing column(s)" in result.output and "event_date" in result.output


def test_dates_and_actor_matching():
    assert parse_date("8-May-20") == "2020-05-08"
    assert parse_date("2020-05-08") == "2020-05-08"
    assert parse_date("05/08/2020 00:00:00") == "2020-05-08"
    assert actor_matches("Military Forces of Pakistan (2018-)", "Military Forces of Pakistan")
    assert actor_matches("Military Forces of Yemen (2012-) Security Belt Forces",
                         "Military Forces of Yemen (2012-)")
    assert not actor_matches("Military Forces of Yemen (2016-) Supreme Political Council",
                             "Military Forces of Yemen (2012-)")
    assert not actor_matches("Civilians (India)", "Civilians (Pakistan)")


def test_holdout_rule_is_the_fixed_hash():
    # sha256("7079168") is divisible by 5 or not, once and for all
    import hashlib

    for rid in ("7079168", "7079424", "1", "2"):
        expected = int(hashlib.sha256(rid.encode()).hexdigest(), 16) % 5 == 0
        assert is_holdout({"data_id": rid}) is expected


def test_sample_of_real_acled_rows_beats_majority_baseline():
    from shared_data import shared_file

    path = shared_file("data", "acled-2020-global", "acled.csv")
    result = CliRunner().invoke(
        app, ["eval", "acled", str(path), "--sample", "40", "--seed", "1", "--json",
              "--split", "dev", "--errors", "3"]
    )
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["rows_scored"] == 40
    m = report["metrics"]
    assert m["event_type_accuracy"] > m["baseline_event_type_accuracy"]
    assert len(report["errors"]) <= 3
    for err in report["errors"]:
        assert err["evidence"] and err["gold"] and err["read"]


def test_older_layout_upper_case_columns_without_sub_event_type(tmp_path):
    old_columns = ["EVENT_ID_CNTY", "EVENT_DATE", "EVENT_TYPE", "ACTOR1", "INTER1", "ACTOR2",
                   "INTER2", "COUNTRY", "ADMIN1", "LOCATION", "LATITUDE", "LONGITUDE",
                   "GEO_PRECISION", "NOTES", "FATALITIES"]
    row = ["PAK1", "5-May-20", "Violence against civilians",
           "Unidentified Armed Group (Pakistan)", "3", "Civilians (Pakistan)", "7", "Pakistan",
           "Balochistan", "Quetta", "30.1841", "67.0014", "1",
           "On 5 May 2020, unknown gunmen shot dead two labourers in Quetta (Balochistan).", "2"]
    gold = _write(tmp_path / "old.csv", old_columns, [row])
    result = CliRunner().invoke(app, ["eval", "acled", str(gold), "--json", "--workers", "1"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["rows_scored"] == 1
    assert report["counts"]["sub_event_type"] == 0
    assert report["metrics"]["event_type_accuracy"] == 1.0


def test_a_note_the_reader_fails_on_is_counted_and_the_rest_scored(monkeypatch):
    from fogwatch.batch.runner import FAULT_ENV
    from fogwatch.evaluate.acled import read_all

    monkeypatch.setenv(FAULT_ENV, "fail:n2")
    items = [
        ("n1", "Police shot dead two robbers in Lahore, Punjab, on Monday.", "2020-05-04"),
        ("n2", "Gunmen killed a trader in Quetta on Sunday.", "2020-05-04"),
        ("n3", "Protesters marched peacefully in Karachi against power cuts.", "2020-05-04"),
    ]
    out = read_all(items, workers=1)
    assert [r["id"] for r in out] == ["n1", "n2", "n3"]
    assert out[1]["event"] is None and "injected failure" in out[1]["error"]
    assert out[0]["event"]["fatalities"] == 2 and out[0]["event"]["admin1"] == "Punjab"
    assert out[2]["event"]["event_type"] == "Protests"
