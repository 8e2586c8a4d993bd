"""Errors a script can trust: exit 2, the option named, the valid choices in plain words."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from fogwatch.cli import app

runner = CliRunner()


def _run(corpus_db, *args):
    return runner.invoke(app, [*args, "--db", str(corpus_db)])


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["events", "--format", "xml"], ["'--format'", "table, json, jsonl or csv", "'xml'"]),
        (["export", "--format", "xml"], ["'--format'", "acled, ucdp, geojson, jsonl or parquet"]),
        (["events", "--type", "Batles"], ["'--type'", "Battles", "Strategic developments"]),
        (["claims", "--claim-type", "lie"], ["'--claim-type'", "casualty_figure", "statement"]),
        (["events", "--from", "yesterday"], ["'--from'", "YYYY-MM-DD"]),
    ],
)
def test_a_bad_value_names_the_option_and_the_choices(corpus_db, args, words):
    result = _run(corpus_db, *args)
    assert result.exit_code == 2
    text = " ".join(result.output.replace("│", " ").split())
    for w in words:
        assert w in text, text
    assert "Value error" not in text and "Input should" not in text


def test_a_bad_sort_key_names_the_option(corpus_db):
    result = _run(corpus_db, "events", "--sort", "bogus")
    assert result.exit_code == 2
    assert "--sort: cannot sort by 'bogus'; use one of" in result.stderr
    assert result.stdout == ""


def test_a_port_out_of_range_is_said_plainly():
    result = runner.invoke(app, ["serve", "--port", "70000"], env={"COLUMNS": "200"})
    assert result.exit_code == 2
    assert "Invalid value for '--port': give 1 to 65535, not 70000" in result.output


def test_an_unknown_event_id_says_so(corpus_db):
    result = _run(corpus_db, "claims", "--event", "evdeadbeef")
    assert result.exit_code == 2
    assert "--event: there is no event 'evdeadbeef'" in result.stderr


def test_an_unknown_country_is_an_error_not_an_empty_table(corpus_db):
    result = _run(corpus_db, "events", "--country", "Narnia")
    assert result.exit_code == 2
    assert "--country: 'Narnia' is not a country Fogwatch knows" in result.stderr
    near = _run(corpus_db, "events", "--country", "Pakistani")
    assert near.exit_code == 2 and "did you mean --country 'Pakistan'" in near.stderr


def test_a_known_country_without_events_is_an_empty_answer(corpus_db):
    result = _run(corpus_db, "events", "--country", "Chad", "--format", "json")
    assert result.exit_code == 0
    assert result.stdout.strip() == "[]"
    assert "no events match these filters" in result.stderr


def test_help_shows_no_type_names(corpus_db):
    result = runner.invoke(app, ["events", "--help"], env={"COLUMNS": "120"})
    assert "<bool>" not in result.output and "<str>" not in result.output
    assert "table|json|jsonl|csv" in result.output
    export = runner.invoke(app, ["export", "--help"], env={"COLUMNS": "120"})
    assert "acled|ucdp|geojson|jsonl|parquet" in export.output
    ingest = runner.invoke(app, ["ingest", "--help"], env={"COLUMNS": "120"})
    assert "list[" not in ingest.output and "<bool>" not in ingest.output
    assert "TEXT..." in ingest.output


def test_query_has_a_long_and_a_short_name_and_the_old_one_works(corpus_db):
    new = _run(corpus_db, "events", "--query", "Pahalgam", "-f", "csv")
    short = _run(corpus_db, "events", "-q", "Pahalgam", "-f", "csv")
    old = _run(corpus_db, "events", "--q", "Pahalgam", "-f", "csv")
    assert new.exit_code == 0, new.output
    assert new.stdout == short.stdout == old.stdout
    assert len(new.stdout.splitlines()) == 2  # header and the one event


def test_an_unknown_region_is_an_error_not_an_empty_table(corpus_db):
    result = _run(corpus_db, "events", "--admin1", "Atlantis")
    assert result.exit_code == 2
    assert "--admin1: 'Atlantis' is not a first-level region" in result.stderr
    assert result.stdout == ""
    # a region of another country than the one asked for is unknown there
    elsewhere = _run(corpus_db, "claims", "--country", "Pakistan", "--admin1", "Bavaria")
    assert elsewhere.exit_code == 2 and "Fogwatch knows in Pakistan" in elsewhere.stderr


def test_an_alias_of_a_region_names_the_region_events_carry(corpus_db):
    result = _run(corpus_db, "events", "--admin1", "KPK")
    assert result.exit_code == 2
    assert "did you mean --admin1 'Khyber Pakhtunkhwa'?" in result.stderr


def test_a_known_region_without_events_is_an_empty_answer(corpus_db):
    result = _run(corpus_db, "events", "--admin1", "Sindh", "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.strip() == "[]"
    assert "no events match these filters" in result.stderr
    matched = _run(corpus_db, "events", "--admin1", "balochistan", "--format", "json")
    assert matched.exit_code == 0 and len(json.loads(matched.stdout)) >= 1
