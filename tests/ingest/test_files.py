"""Inputs: txt, html, json, jsonl, csv; bad records reported with file and line."""

import json

import pytest

from fogwatch.ingest.files import InputError, read_path
from fogwatch.model import Article


def test_same_text_is_the_same_article():
    a = Article.make("Two soldiers were killed.\n")
    b = Article.make("Two  soldiers were killed.")
    assert a.id == b.id


def test_txt_is_one_article(tmp_path):
    p = tmp_path / "report.txt"
    p.write_text("Police said two people were killed.", encoding="utf-8")
    (rec,) = list(read_path(p, published="2024-01-02"))
    assert rec.error is None and rec.article.published == "2024-01-02"
    assert rec.article.text == "Police said two people were killed."


def test_jsonl_bad_line_is_reported_and_the_rest_read(tmp_path):
    p = tmp_path / "in.jsonl"
    lines = [
        json.dumps({"id": "a", "text": "First report.", "published": "2024-01-01"}),
        "{not json",
        json.dumps({"id": "c", "title": "no text"}),
        json.dumps({"id": "d", "text": "Fourth report."}),
    ]
    p.write_text("\n".join(lines) + "\n", encoding="utf-8")
    recs = list(read_path(p))
    assert [r.article.id for r in recs if r.article] == ["a", "d"]
    errors = [r.error for r in recs if r.error]
    assert [e.line for e in errors] == [2, 3]
    assert "in.jsonl:2" in str(errors[0]) and "invalid JSON" in str(errors[0])
    assert "'text'" in str(errors[1])


def test_binary_file_gives_a_clear_error_naming_it(tmp_path):
    p = tmp_path / "photo.txt"
    p.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    (rec,) = list(read_path(p))
    assert isinstance(rec.error, InputError)
    assert "photo.txt" in str(rec.error) and "binary" in str(rec.error)


def test_undecodable_file_gives_a_clear_error(tmp_path):
    p = tmp_path / "latin.txt"
    p.write_bytes("Soldaten in K\u00f6ln".encode("latin-1"))
    (rec,) = list(read_path(p))
    assert "latin.txt" in str(rec.error) and "UTF-8" in str(rec.error)


def test_csv_with_text_column(tmp_path):
    p = tmp_path / "a.csv"
    p.write_text("id,text,published\nx1,Three killed.,2024-02-03\nx2,,2024-02-03\n", "utf-8")
    recs = list(read_path(p))
    assert recs[0].article.id == "x1" and recs[0].article.published == "2024-02-03"
    # an empty text is an empty article, not an error
    assert recs[1].article is not None and recs[1].article.text == ""


def test_missing_file_is_reported(tmp_path):
    (rec,) = list(read_path(tmp_path / "nope.txt"))
    assert "no such file" in str(rec.error)


@pytest.mark.parametrize("suffix", [".html", ".htm"])
def test_html_keeps_the_article_and_drops_the_boilerplate(tmp_path, suffix):
    body = " ".join(["Security forces said four militants were killed in a raid."] * 3)
    html = f"""<!doctype html><html><head><title>Raid</title>
    <script>var tracking = 'do-not-show';</script></head><body>
    <nav><a href="/">Home</a> <a href="/world">World</a> Subscribe now</nav>
    <article><h1>Raid in the north</h1><p>{body}</p>
    <p>Officials said the operation was continuing on Tuesday evening in the district.</p>
    </article><footer>Copyright Example News. All rights reserved.</footer></body></html>"""
    p = tmp_path / f"page{suffix}"
    p.write_text(html, encoding="utf-8")
    (rec,) = list(read_path(p))
    assert rec.error is None
    assert "four militants were killed" in rec.article.text
    assert "do-not-show" not in rec.article.text and "Subscribe" not in rec.article.text
