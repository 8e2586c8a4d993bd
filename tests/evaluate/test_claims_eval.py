"""``fogwatch eval claims`` and ``fogwatch eval gvdb`` on small files written here."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from fogwatch.cli import app
from fogwatch.evaluate.claims import content_words, speaker_matches
from fogwatch.model import Claimant

TEXT = (
    "Gunmen kill four guards at a market\n\n"
    "Gunmen killed four security guards at a market in the town of Kowa on Monday, "
    "police said. The army said two of the attackers were killed. "
    "A rebel group claimed responsibility for the attack."
)

GOLD = {
    "articles": [
        {
            "n": 1,
            "published": "2024-03-05",
            "event_type": "Violence against civilians",
            "sub_event_type": "Attack",
            "places": [{"name": "Kowa", "admin1": None, "country": None}],
            "figures": [
                {"kind": "killed", "low": 4, "high": 4, "hedge": "exact", "vague_word": None,
                 "claimant": "police"},
                {"kind": "killed", "low": 2, "high": 2, "hedge": "exact", "vague_word": None,
                 "claimant": "the army"},
                {"kind": "injured", "low": 24, "high": None, "hedge": "vague",
                 "vague_word": "dozens", "claimant": "a hospital doctor"},
            ],
            "claims": [{"type": "responsibility", "speaker": "a rebel group", "target": None}],
            "unverified_marker": False,
        },
        {"n": 2, "figures": [], "claims": []},  # no text file: skipped
    ]
}


def _files(tmp_path):
    gold = tmp_path / "gold.json"
    gold.write_text(json.dumps(GOLD), encoding="utf-8")
    texts = tmp_path / "texts"
    texts.mkdir()
    (texts / "1.txt").write_text("https://news.example.org/a/1\n" + TEXT, encoding="utf-8")
    return gold, texts


def test_eval_claims_scores_figures_claimants_and_claims(tmp_path):
    gold, texts = _files(tmp_path)
    result = CliRunner().invoke(app, ["eval", "claims", str(gold), "--texts", str(texts),
                                      "--json", "--errors", "5"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["rows_scored"] == 1 and report["skipped"] == 1
    m = report["metrics"]
    # the two killed figures are read; the injured one is not in the text
    assert m["figure_recall"] == round(2 / 3, 4)
    assert m["figure_right_claimant"] == round(2 / 3, 4)
    assert m["claim_recall"] == 1.0
    assert m["unverified_accuracy"] == 1.0
    assert any(e["wrong"] == ["figure missed"] for e in report["errors"])


def test_eval_claims_table_and_bad_gold(tmp_path):
    gold, texts = _files(tmp_path)
    result = CliRunner().invoke(app, ["eval", "claims", str(gold), "--texts", str(texts)])
    assert result.exit_code == 0, result.output
    assert "figure_recall" in result.output
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"articles": [{"n": 1, "figures": [{"kind": "wounded", "low": 2}]}]}))
    result = CliRunner().invoke(app, ["eval", "claims", str(bad), "--texts", str(texts)])
    assert result.exit_code == 2
    assert "articles[0].figures[0]" in result.output and "wounded" in result.output


def test_speaker_matching_is_lenient_on_wording_only():
    assert content_words("Pakistan's military (anonymous, to AFP)") == {"pakistan", "army"}
    assert speaker_matches("the army", Claimant(name="Military Forces of Nigeria", kind="state"))
    assert speaker_matches("local officials", Claimant(name="official", kind="government"))
    assert not speaker_matches("police", Claimant(name="residents", kind="witnesses"))
    assert speaker_matches("the outlet (unattributed)", Claimant(name="example.org", kind="outlet"))
    assert not speaker_matches("the outlet", Claimant(name="police", kind="state"))


def test_eval_gvdb_counts_killed_and_injured(tmp_path):
    def victims(*states):
        return {"victim-section": [{"victim-was": list(s)} for s in states],
                "date-and-time": {"date": "2016-02-01"}}

    rows = [
        ("1", "Man shot dead on porch",
         "Man shot dead on porchA man was shot dead on his porch on Sunday night, police said.",
         victims(["killed"])),
        ("2", "Two hurt in shooting",
         "Two hurt in shootingTwo teenagers were wounded by gunfire outside a store, police said.",
         victims(["injured"], ["injured"])),
        ("3", "Bad row", "Some text.", None),
    ]
    path = tmp_path / "gvdb.tsv"
    lines = ["Article id\tArticle url\tArticle title\tFull text\tJson\tWorker"]
    for rid, title, text, ann in rows:
        lines.append("\t".join([rid, "http://x.example", title, text,
                                json.dumps(ann) if ann else "{not json", "w"]))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["eval", "gvdb", str(path), "--json", "--workers", "1"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["rows_scored"] == 2 and report["skipped"] == 1
    assert "gvdb.tsv:4" in report["bad_rows"][0]
    assert report["metrics"]["killed_exact"] == 1.0
    assert report["metrics"]["injured_exact"] == 1.0
