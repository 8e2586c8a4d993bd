"""A missing or unreadable input is exit 2 with the path named, and nothing is created."""

from __future__ import annotations

import os

import pytest
from typer.testing import CliRunner

from fogwatch.cli import app
from fogwatch.ingest.files import InputError, check_path, count_articles

runner = CliRunner()


def test_ingest_of_a_missing_path_creates_no_database(tmp_path):
    db = tmp_path / "new.db"
    missing = tmp_path / "corpsu"
    result = runner.invoke(app, ["ingest", str(missing), "--db", str(db)])
    assert result.exit_code == 2
    assert f"error: {missing}: no such file or directory" in result.stderr
    assert not db.exists()


def test_extract_of_a_missing_path_creates_no_output(tmp_path):
    out = tmp_path / "out.jsonl"
    good = tmp_path / "a.txt"
    good.write_text("Two people were killed.", encoding="utf-8")
    result = runner.invoke(app, ["extract", str(good), str(tmp_path / "b.txt"), "-o", str(out)])
    assert result.exit_code == 2
    assert f"{tmp_path / 'b.txt'}: no such file" in result.stderr
    assert not out.exists() and result.stdout == ""


def test_a_directory_without_articles_is_an_error(tmp_path):
    (tmp_path / "notes.pdf").write_bytes(b"%PDF")
    with pytest.raises(InputError, match="holds no article file"):
        check_path(tmp_path)


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads any file; permissions cannot fail")
def test_an_unreadable_file_is_named(tmp_path):
    p = tmp_path / "locked.txt"
    p.write_text("x")
    p.chmod(0)
    try:
        result = runner.invoke(app, ["ingest", str(p), "--db", str(tmp_path / "x.db")])
    finally:
        p.chmod(0o644)
    assert result.exit_code == 2
    assert f"{p}: cannot be read" in result.stderr
    assert not (tmp_path / "x.db").exists()


def test_article_counts_are_exact_when_cheap(tmp_path):
    (tmp_path / "a.jsonl").write_text('{"text": "a"}\n\n{"text": "b"}\n{"text": "c"}')
    (tmp_path / "b.txt").write_text("x")
    assert count_articles([tmp_path]) == 4  # 3 non-blank lines, 1 text file
    (tmp_path / "c.csv").write_text("text\n\"two\nlines\"\n")
    assert count_articles([tmp_path]) is None  # a CSV record can span lines
    assert count_articles(["-"]) is None
