"""The Dask path gives the single-process output, and a clear error without a scheduler."""

from __future__ import annotations

import json
import socket
import time

from typer.testing import CliRunner

from fogwatch.batch.dask import connect, iter_partitions, read_on_cluster
from fogwatch.batch.output import read_partitions, write_partition
from fogwatch.cli import app

runner = CliRunner()

# Short reports written for these tests.
REPORTS = [
    "Gunmen killed four police officers at a checkpoint near Quetta on Sunday, officials said.",
    "The provincial assembly passed a bill on school fees after a long debate.",
    "Hundreds of farmers protested outside the district office in Multan, demanding water.",
    "Two soldiers were wounded when a roadside bomb exploded in Kurram, the army said.",
    "A new bridge over the river was opened to traffic on Friday.",
    "Police arrested 15 people after clashes between two groups in Karachi left one dead.",
    "Militants abducted three aid workers on the highway, a local elder told reporters.",
    "Heavy rain flooded streets in Lahore and cut power to several neighbourhoods.",
]


def _write_input(path):
    lines = [
        json.dumps({"id": f"r{i}", "text": t, "published": "2024-05-0" + str(1 + i % 9)})
        for i, t in enumerate(REPORTS)
    ]
    lines.insert(3, "{not json")  # a bad record: reported with its line, the rest read
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _single(tmp_path, src):
    out = tmp_path / "single.jsonl"
    result = runner.invoke(app, ["extract", str(src), "--workers", "1", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "in.jsonl:4" in result.stderr
    return out.read_text(encoding="utf-8")


def test_local_cluster_partitions_concatenate_to_the_single_process_output(tmp_path):
    src = tmp_path / "in.jsonl"
    _write_input(src)
    single = _single(tmp_path, src)
    parts = tmp_path / "parts"
    result = runner.invoke(
        app,
        ["extract", str(src), "--dask-local", "2", "--blocksize", "250", "-o", f"{parts}/"],
    )
    assert result.exit_code == 0, result.output
    assert "in.jsonl:4" in result.stderr
    files = sorted(parts.glob("part-*.jsonl"))
    assert len(files) >= 3  # several partitions, read on two workers
    joined = "".join(f.read_text(encoding="utf-8") for f in files)
    assert joined == single
    assert [json.loads(line)["article_id"] for line in joined.splitlines()] == [
        f"r{i}" for i in range(len(REPORTS))
    ]


def test_parquet_partitions_hold_the_same_readings(tmp_path):
    src = tmp_path / "in.jsonl"
    _write_input(src)
    single = _single(tmp_path, src).splitlines()
    out = tmp_path / "pq"
    with connect(local_workers=1, processes=False) as client:
        for result in read_on_cluster(client, iter_partitions([src], 400), "parquet"):
            assert result.parquet is not None
            out.mkdir(exist_ok=True)
            (out / f"part-{result.index:05d}.parquet").write_bytes(result.parquet)
    assert read_partitions(out) == single


def test_partitions_cover_every_line_once(tmp_path):
    src = tmp_path / "in.jsonl"
    _write_input(src)
    parts = list(iter_partitions([src], 100))
    assert b"".join(p.data for p in parts) == src.read_bytes()
    assert [p.first_line for p in parts][0] == 1
    for a, b in zip(parts, parts[1:], strict=False):
        assert b.first_line == a.first_line + a.data.count(b"\n")
    write_partition(tmp_path / "w", 0, "jsonl", ["{}"])
    assert (tmp_path / "w" / "part-00000.jsonl").read_text() == "{}\n"


def test_unreachable_scheduler_is_a_clear_error_within_30_seconds(tmp_path):
    src = tmp_path / "in.jsonl"
    _write_input(src)
    with socket.socket() as s:  # a local port that nothing listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    started = time.monotonic()
    result = runner.invoke(
        app, ["extract", str(src), "--scheduler", f"tcp://127.0.0.1:{port}"]
    )
    elapsed = time.monotonic() - started
    assert result.exit_code == 2
    assert f"cannot reach the Dask scheduler at tcp://127.0.0.1:{port}" in result.stderr
    assert elapsed < 30
