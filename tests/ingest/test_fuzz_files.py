"""The file readers (txt, html, json, jsonl, csv) on generated files: every record is an
article or an error naming the file, nothing raises, and a good record written beside
the bad bytes survives.

Bounded and derandomised in the suite. To fuzz longer, by hand, with fresh examples:

    FOGWATCH_FUZZ_EXAMPLES=5000 .venv/bin/python -m pytest -q tests/ingest/test_fuzz_files.py
"""

from __future__ import annotations

import csv
import io
import json
import os
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fogwatch.ingest.files import read_path

_LONG = os.environ.get("FOGWATCH_FUZZ_EXAMPLES")
FUZZ = settings(
    max_examples=int(_LONG) if _LONG else 30,
    derandomize=not _LONG,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
GOOD = {"id": "good-1", "text": "Two guards were hurt when a gate was rammed.",
        "published": "2024-05-06"}

_TEXT = st.text(max_size=200)  # any code point, lone surrogates included
_JSONISH = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | _TEXT,
    lambda inner: st.lists(inner, max_size=4)
    | st.dictionaries(st.sampled_from(["id", "text", "published", "title", "url", "doc_text",
                                       "date", "outlet", "x"]) | _TEXT, inner, max_size=5),
    max_leaves=12,
)
_NOISE = st.one_of(
    st.binary(max_size=300),
    st.sampled_from([b"\xff\xfe", b"\x00", b"\xef\xbb\xbf", b"\r", b'"', b"[" * 3000,
                     b"{" * 3000, b"\n" * 50, b"\xed\xa0\x80", b"<script>", b"<!--"]),
    _TEXT.map(lambda t: t.encode("utf-8", "surrogatepass")),
)


def _read(suffix: str, data: bytes) -> list:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"input{suffix}"
        path.write_bytes(data)
        records = list(read_path(path))
        for r in records:
            assert (r.article is None) != (r.error is None), r
            if r.error is not None:
                assert str(r.error).startswith(str(path)), r.error
            else:
                r.article.text.encode("utf-8")  # storable: no lone surrogate survives
        return records


def _ids(records) -> list[str]:
    return [r.article.id for r in records if r.article is not None]


@FUZZ
@given(st.sampled_from([".txt", ".html", ".json", ".jsonl", ".csv"]),
       st.lists(_NOISE, max_size=6).map(b"".join))
def test_any_bytes(suffix, data):
    _read(suffix, data)


@FUZZ
@given(st.lists(st.one_of(_JSONISH.map(lambda v: json.dumps(v).encode()), _NOISE), max_size=8))
def test_jsonl_keeps_its_good_line(lines):
    good = json.dumps(GOOD).encode()
    records = _read(".jsonl", b"\n".join([*lines, good, *lines[:1]]) + b"\n")
    assert "good-1" in _ids(records)


@FUZZ
@given(_JSONISH)
def test_json_documents(value):
    _read(".json", json.dumps(value).encode())


@FUZZ
@given(st.lists(st.lists(_TEXT, max_size=5), max_size=6), _NOISE)
def test_csv_keeps_its_good_row(rows, noise):
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(["id", "text", "published"])
    writer.writerow([GOOD["id"], GOOD["text"], GOOD["published"]])
    for row in rows:
        writer.writerow(row)
    data = buf.getvalue().encode("utf-8", "surrogatepass") + noise
    records = _read(".csv", data)
    assert "good-1" in _ids(records)


@FUZZ
@given(_TEXT, _NOISE)
def test_html_and_text(text, noise):
    body = text.encode("utf-8", "surrogatepass")
    _read(".html", b"<html><head><title>" + body + b"</title></head><body><p>" + noise + b"</p>")
    _read(".txt", body + noise)
