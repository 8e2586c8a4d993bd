"""Where batch readings go: the output-mode rules, resume after a torn line, whole files."""

from __future__ import annotations

import json

import pytest

from fogwatch.batch.output import (
    OutputError,
    ReadingWriter,
    done_ids,
    plan_output,
    resume_point,
    write_atomic,
)


def _line(article_id: str) -> str:
    return json.dumps({"article_id": article_id, "events": []})


def test_format_defaults_follow_the_input():
    assert plan_output(["a.txt"], None, None).fmt == "json"
    assert plan_output(["a.jsonl"], None, None).fmt == "jsonl"
    assert plan_output(["a.csv"], None, None).fmt == "jsonl"
    assert plan_output(["-"], None, None).fmt == "jsonl"


def test_a_directory_output_means_partitions(tmp_path):
    assert plan_output(["a.jsonl"], None, str(tmp_path) + "/").to_dir
    assert plan_output(["a.jsonl"], None, str(tmp_path)).to_dir  # exists as a directory
    assert plan_output(["a.jsonl"], "parquet", str(tmp_path / "new")).to_dir
    assert not plan_output(["a.jsonl"], None, str(tmp_path / "out.jsonl")).to_dir


@pytest.mark.parametrize(
    ("fmt", "output", "resume", "words"),
    [
        ("parquet", None, False, "--format parquet writes partitions"),
        ("json", "DIR/", False, "--format json is one document"),
        ("json", "out.json", True, "--format json is one document"),
        ("jsonl", None, True, "--resume needs -o"),
        ("yaml", None, False, "--format must be one of json, jsonl, parquet"),
    ],
)
def test_conflicting_options_are_named(tmp_path, fmt, output, resume, words):
    out = str(tmp_path / output) if output else None
    if output == "DIR/":
        out = str(tmp_path) + "/"
    with pytest.raises(OutputError, match=words):
        plan_output(["a.txt"], fmt, out, resume)


def test_a_directory_with_partitions_needs_resume(tmp_path):
    (tmp_path / "part-00000.jsonl").write_text(_line("a") + "\n")
    with pytest.raises(OutputError, match="already holds partitions"):
        plan_output(["a.jsonl"], "jsonl", str(tmp_path))
    plan = plan_output(["a.jsonl"], "jsonl", str(tmp_path), resume=True)
    assert resume_point(plan) == ({"a"}, 1)


def test_the_dask_path_reads_jsonl_files_only(tmp_path):
    text = tmp_path / "a.txt"
    text.write_text("x")
    with pytest.raises(OutputError, match="the Dask path reads JSONL files"):
        plan_output([str(text)], "jsonl", str(tmp_path / "out") + "/", dask=True)


def test_a_torn_last_line_is_cut_and_read_again(tmp_path):
    out = tmp_path / "out.jsonl"
    out.write_text(_line("a") + "\n" + _line("b") + "\n" + '{"article_id": "c", "ev')
    assert done_ids(out) == {"a", "b"}
    assert out.read_text() == _line("a") + "\n" + _line("b") + "\n"


def test_the_writer_gives_one_document_for_json(tmp_path):
    out = tmp_path / "one.json"
    plan = plan_output(["a.txt", "b.txt"], "json", str(out))
    with ReadingWriter(plan) as w:
        w.write(_line("a"))
        w.write(_line("b"))
    assert [r["article_id"] for r in json.loads(out.read_text())] == ["a", "b"]


def test_the_writer_appends_on_resume(tmp_path):
    out = tmp_path / "out.jsonl"
    out.write_text(_line("a") + "\n")
    plan = plan_output(["in.jsonl"], "jsonl", str(out), resume=True)
    with ReadingWriter(plan) as w:
        w.write(_line("b"))
    assert out.read_text().splitlines() == [_line("a"), _line("b")]


def test_a_failed_run_leaves_no_partial_document(tmp_path):
    out = tmp_path / "one.json"
    plan = plan_output(["a.txt"], "json", str(out))
    with pytest.raises(RuntimeError), ReadingWriter(plan) as w:
        w.write(_line("a"))
        raise RuntimeError("reader died")
    assert out.read_text() == ""


def test_write_atomic_leaves_no_temporary_file(tmp_path):
    path = write_atomic(tmp_path / "sub" / "part-00000.jsonl", b"x\n")
    assert path.read_bytes() == b"x\n"
    assert [p.name for p in path.parent.iterdir()] == ["part-00000.jsonl"]
