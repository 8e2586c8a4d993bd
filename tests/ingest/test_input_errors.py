"""Every bad input is a record error naming file and line; the good records survive.

Each case is one way a file can be broken (bytes that are not UTF-8, a huge CSV field,
deep JSON nesting, a lone surrogate, a date that does not exist) next to good records
that must still be read.
"""

import csv
import json

from typer.testing import CliRunner

from fogwatch.cli import app
from fogwatch.ingest import files
from fogwatch.ingest.files import check_published, clean_text, read_path
from fogwatch.store import open_store

runner = CliRunner()


def _row(i, text="Gunmen attacked a checkpoint and two guards were hurt.", **extra):
    return {"id": f"r{i}", "text": f"{text} ({i})", "published": "2024-02-03", **extra}


def _split(records):
    records = list(records)
    good = [r.article.id for r in records if r.article is not None]
    bad = [str(r.error) for r in records if r.error is not None]
    return good, bad


def test_jsonl_line_with_invalid_utf8_is_reported_and_its_neighbours_read(tmp_path):
    p = tmp_path / "feed.jsonl"
    lines = [json.dumps(_row(1)).encode(), b'{"id": "r2", "text": "caf\xe9 \xff"}',
             json.dumps(_row(3)).encode()]
    p.write_bytes(b"\n".join(lines) + b"\n")
    good, bad = _split(read_path(p))
    assert good == ["r1", "r3"]
    assert len(bad) == 1 and bad[0].startswith(f"{p}:2: is not valid UTF-8")


def test_csv_row_with_invalid_utf8_is_reported_and_its_neighbours_read(tmp_path):
    p = tmp_path / "rows.csv"
    p.write_bytes(b"id,text,published\n"
                  b"r1,Two guards were hurt in a raid.,2024-02-03\n"
                  b"r2,Shelling \xff\xfe hit a town.,2024-02-03\n"
                  b"r3,Police said a bomb was defused.,2024-02-03\n")
    good, bad = _split(read_path(p))
    assert good == ["r1", "r3"]
    assert len(bad) == 1 and bad[0].startswith(f"{p}:3: is not valid UTF-8")


def test_csv_field_longer_than_pythons_default_limit_is_read(tmp_path):
    p = tmp_path / "long.csv"
    long_text = "Soldiers patrolled the border villages. " * 4000  # 160,000 characters
    p.write_text(f'id,text\nr1,"{long_text}"\nr2,A short report of a clash.\n', encoding="utf-8")
    records = list(read_path(p))
    assert [r.error for r in records] == [None, None]
    assert records[0].article.text == long_text.strip() or records[0].article.text == long_text
    assert records[1].article.id == "r2"


def test_a_row_the_csv_module_refuses_is_an_error_and_the_rest_read(tmp_path, monkeypatch):
    # a field over the csv module's limit (lowered here to 100 characters) is refused
    old = csv.field_size_limit(100)
    monkeypatch.setattr(files, "_CSV_FIELD_LIMIT", 100)
    try:
        p = tmp_path / "limit.csv"
        p.write_text("id,text\nr1,A raid on a depot.\nr2," + "x" * 300
                     + "\nr3,A second raid.\n", encoding="utf-8")
        good, bad = _split(read_path(p))
    finally:
        csv.field_size_limit(old)
    assert good == ["r1", "r3"]
    assert len(bad) == 1 and bad[0].startswith(f"{p}:3: bad CSV (field larger than")


def test_deep_nesting_in_json_is_an_error_not_a_crash(tmp_path):
    p = tmp_path / "deep.json"
    p.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    good, bad = _split(read_path(p))
    assert good == [] and len(bad) == 1 and "nested too deeply" in bad[0]
    assert bad[0].startswith(str(p))


def test_deep_nesting_in_one_jsonl_line_leaves_the_other_lines(tmp_path):
    p = tmp_path / "deep.jsonl"
    deep = '{"text": ' + "[" * 100_000 + "]" * 100_000 + "}"
    p.write_text("\n".join([json.dumps(_row(1)), deep, json.dumps(_row(3))]) + "\n",
                 encoding="utf-8")
    good, bad = _split(read_path(p))
    assert good == ["r1", "r3"]
    assert bad == [f"{p}:2: JSON nested too deeply to read"]


def test_lone_surrogate_is_replaced_keeping_offsets(tmp_path):
    p = tmp_path / "surrogate.jsonl"
    # json.dumps writes the lone surrogate as the escape "\ud800"
    p.write_text(json.dumps(_row(1, text="Troops \ud800 entered the town", title="A \udfff"))
                 + "\n", encoding="utf-8")
    (rec,) = list(read_path(p))
    assert rec.error is None
    assert rec.article.text.startswith("Troops \ufffd entered the town")
    assert rec.article.title == "A \ufffd"
    assert clean_text("a\ud83d\ude00b") == "a\ud83d\ude00b"[:1] + "\ufffd\ufffd" + "b"
    assert clean_text("no surrogates") == "no surrogates"


def test_impossible_and_unparseable_dates_are_record_errors(tmp_path):
    p = tmp_path / "dates.jsonl"
    rows = [_row(1), _row(2, published="2025-13-45"), _row(3, published="NaN"),
            _row(4, published="9-May-20"), _row(5, published="Tue, 05 Mar 2024 10:00:00 GMT"),
            _row(6, published="2024-02-30")]
    p.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    good, bad = _split(read_path(p))
    assert good == ["r1", "r4", "r5"]
    assert [b.split(": ", 1)[0] for b in bad] == [f"{p}:2", f"{p}:3", f"{p}:6"]
    assert "'2025-13-45' is not a real date" in bad[0]
    assert "'NaN' is not a date" in bad[1]


def test_check_published_accepts_common_forms_and_excerpts_long_values():
    for ok in ("2024-03-01", "2024-03-01T10:00:00Z", "9 May 2020", "May 9, 2020", "9-May-2020"):
        assert check_published(ok) is None, ok
    why = check_published("x" * 500)
    assert why is not None and len(why) < 120


def test_ingesting_a_directory_with_bad_files_stores_all_the_good_records(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.jsonl").write_text(json.dumps(_row(1)) + "\n", encoding="utf-8")
    (src / "b.csv").write_bytes(b"id,text\nr2,A raid on a depot \xff.\nr3,A second raid.\n")
    (src / "c.json").write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    (src / "d.jsonl").write_text(json.dumps(_row(4, text="Troops \ud800 fired")) + "\n"
                                 + json.dumps(_row(5, published="2025-13-45")) + "\n",
                                 encoding="utf-8")
    (src / "e.txt").write_bytes(b"Militants attacked a \xff post.")
    (src / "f.txt").write_text("Police said three people were hurt in a blast.",
                               encoding="utf-8")
    db = tmp_path / "store.db"
    result = runner.invoke(app, ["ingest", str(src), "--db", str(db), "--workers", "1"])
    assert result.exit_code == 0, result.output
    out = result.output
    for where in ("b.csv:2", "c.json", "d.jsonl:2", "e.txt:1"):
        assert where in out, where
    with open_store(db) as store:
        # r1, r3, r4 and f.txt
        assert store.count_articles() == 4
