"""The geoparsing evaluation reads LGL- and GeoWebNews-style XML and scores places."""

from __future__ import annotations

from fogwatch.evaluate.geoparse import evaluate, read_corpus

LGL_STYLE = """<?xml version="1.0" encoding="utf-8"?>
<articles><article docid="1"><text>Gunmen attacked a checkpoint in Quetta on Friday.</text>
<toponyms><toponym><start>32</start><end>38</end><phrase>Quetta</phrase>
<gaztag geonameid="1167528"><lat>30.18414</lat><lon>67.00141</lon></gaztag></toponym>
</toponyms></article></articles>"""

GWN_STYLE = """<?xml version="1.0" ?>
<articles><article file="0"><text>Protesters marched in Lahore and on a lot nearby.</text>
<toponyms><toponym><extractedName>Lahore</extractedName><nonLocational>No</nonLocational>
<start>21</start><end>27</end><latitude>31.558</latitude><longitude>74.35071</longitude>
</toponym><toponym><extractedName>lot</extractedName><nonLocational>No</nonLocational>
<start>38</start><end>41</end></toponym></toponyms></article></articles>"""


def test_reads_both_layouts(tmp_path):
    lgl = tmp_path / "lgl.xml"
    lgl.write_text(LGL_STYLE, encoding="utf-8")
    gwn = tmp_path / "gwn.xml"
    gwn.write_text(GWN_STYLE, encoding="utf-8")
    (a,) = read_corpus(lgl)
    assert [(t.name, t.start, t.end) for t in a.toponyms] == [("Quetta", 32, 38)]
    assert a.text[32:38] == "Quetta"
    (b,) = read_corpus(gwn)
    # the common noun "lot" has no coordinates and is not a proper name: not counted
    assert [t.name for t in b.toponyms] == ["Lahore"]


def test_scores_a_found_and_resolved_town(tmp_path):
    lgl = tmp_path / "lgl.xml"
    lgl.write_text(LGL_STYLE, encoding="utf-8")
    result = evaluate(lgl)
    assert result["recall"] == 1.0 and result["precision"] == 1.0
    assert result["median_error_km"] < 10
