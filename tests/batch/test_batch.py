"""The batch runner: input order, the same output with one or two workers, failures
reported per article, and bounded read-ahead."""

from __future__ import annotations

import pytest

from fogwatch.batch import FAULT_ENV, read_records, read_records_json
from fogwatch.ingest.files import InputError, Record
from fogwatch.model import Article

# Short reports written for these tests.
TEXTS = [
    "Gunmen killed three police officers at a checkpoint in Quetta on Monday, officials said.",
    "The city council approved a new budget for road repairs and street lighting.",
    "At least 12 people were injured when police fired tear gas at protesters in Lahore.",
    "A roadside bomb killed two soldiers in North Waziristan, the army said in a statement.",
    "The cricket team won the final by six wickets after a late rally.",
    "Rebels abducted 20 villagers in an overnight raid, residents told reporters.",
]


def _records(n: int = len(TEXTS)) -> list[Record]:
    return [
        Record(Article.make(TEXTS[i % len(TEXTS)], id=f"a{i}"), source="t.jsonl", line=i + 1)
        for i in range(n)
    ]


def test_in_process_keeps_order_and_passes_bad_records_through():
    records = _records()
    bad = Record(None, InputError("t.jsonl", "invalid JSON", 3), source="t.jsonl", line=3)
    records.insert(2, bad)
    out = list(read_records(records, workers=1))
    assert [r for r, _, _ in out] == records
    assert out[2][1] is None and "t.jsonl:3" in out[2][2]
    assert [reading.article_id for _, reading, _ in out if reading] == [
        f"a{i}" for i in range(len(TEXTS))
    ]


def test_two_workers_give_the_same_output_in_the_same_order():
    records = _records(14)
    one = [(r.line, j, e) for r, j, e in read_records_json(records, workers=1)]
    two = [(r.line, j, e) for r, j, e in read_records_json(records, workers=2, chunk_size=3)]
    assert [line for line, _, _ in two] == list(range(1, 15))
    assert one == two
    assert all(e is None for _, _, e in two)


def test_an_article_that_raises_is_reported_and_the_rest_are_read(monkeypatch):
    monkeypatch.setenv(FAULT_ENV, "fail:a3")
    out = list(read_records(_records(), workers=2, chunk_size=2))
    errors = {r.article.id: e for r, _, e in out if e}
    assert list(errors) == ["a3"]
    assert "injected failure" in errors["a3"]
    assert sum(reading is not None for _, reading, _ in out) == len(TEXTS) - 1


def test_a_worker_that_dies_is_replaced_and_only_its_article_fails(monkeypatch):
    monkeypatch.setenv(FAULT_ENV, "crash:a4")
    out = list(read_records_json(_records(8), workers=2, chunk_size=3))
    errors = {r.article.id: e for r, _, e in out if e}
    assert list(errors) == ["a4"]
    assert "WorkerDied" in errors["a4"] and "a4" in errors["a4"]
    assert [r.line for r, _, _ in out] == list(range(1, 9))


def test_read_ahead_is_bounded():
    pulled = 0

    def source():
        nonlocal pulled
        for record in _records(60):
            pulled += 1
            yield record

    results = read_records_json(source(), workers=2, chunk_size=2, max_in_flight=3)
    next(results)
    # the first result needs its chunk; at most max_in_flight + 1 chunks are pulled
    assert pulled <= 2 * (3 + 1)
    results.close()


def test_bad_arguments_are_refused():
    with pytest.raises(ValueError, match="workers"):
        list(read_records(_records(1), workers=0))


def test_a_short_input_is_shared_by_every_worker():
    sizes: list[int] = []
    out = list(read_records_json(_records(9), workers=2, chunk_size=32, on_submit=sizes.append))
    assert sizes == [5, 4]
    assert [r.line for r, _, _ in out] == list(range(1, 10))
    sizes.clear()
    list(read_records_json(_records(70), workers=2, chunk_size=32, on_submit=sizes.append))
    assert sizes == [32, 32, 6]
