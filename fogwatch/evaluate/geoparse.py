"""Geoparsing evaluation on LGL and GeoWebNews (Gritta et al.): toponyms and coordinates.

Reads a corpus file (``lgl.xml`` or ``GWN.xml``), runs the place recogniser over every
sentence of each article (NER on all of them: geoparsing is not limited to the violent
sentences the prefilter keeps), and compares with the gold toponyms:

- recognition: a predicted place counts when its span overlaps a gold toponym span;
  precision over predictions, recall over gold toponyms;
- resolution: for matched pairs where both have coordinates, the error in km (median,
  mean, and the share within 161 km, the customary "accuracy@161").

Gold toponyms counted: those with coordinates, not marked non-locational, and written
with a capital letter (GeoWebNews also annotates common nouns such as "lot").

    python -m fogwatch.evaluate.geoparse ../shared/data/geoparsing/lgl.xml --limit 100
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from fogwatch.geo.gazetteer import distance_km
from fogwatch.model import Article
from fogwatch.read import nlp, places
from fogwatch.read.context import Context
from fogwatch.read.text import split_sentences


@dataclass
class GoldToponym:
    start: int
    end: int
    name: str
    latitude: float
    longitude: float


@dataclass
class GoldArticle:
    id: str
    text: str
    toponyms: list[GoldToponym]


def _float(node: ET.Element | None) -> float | None:
    try:
        return float(node.text) if node is not None and node.text else None
    except ValueError:
        return None


def read_corpus(path: str | Path) -> Iterator[GoldArticle]:
    """Articles of an LGL or GeoWebNews XML file with their gold toponyms."""
    root = ET.parse(path).getroot()
    for n, art in enumerate(root.iter("article")):
        text = art.findtext("text") or ""
        gold = []
        for top in art.iter("toponym"):
            start, end = top.findtext("start"), top.findtext("end")
            if start is None or end is None:
                continue
            if (top.findtext("nonLocational") or "No").strip() == "Yes":
                continue
            gaz = top.find("gaztag")
            lat = _float(gaz.find("lat")) if gaz is not None else _float(top.find("latitude"))
            lon = _float(gaz.find("lon")) if gaz is not None else _float(top.find("longitude"))
            name = top.findtext("phrase") or top.findtext("extractedName") or ""
            if lat is None or lon is None or not name[:1].isupper():
                continue
            gold.append(GoldToponym(int(start), int(end), name, lat, lon))
        yield GoldArticle(art.get("docid") or art.get("file") or str(n), text, gold)


def predict(text: str, article_id: str = "geo") -> list:
    """The places the reader finds in ``text``, with NER run on every sentence."""
    article = Article.make(text, id=article_id)
    sentences = split_sentences(text)
    if sentences:
        for s, doc in zip(sentences, nlp.ner_docs([s.text for s in sentences]), strict=True):
            s.doc = doc
    ctx = Context(article=article, sentences=sentences)
    return places.find(ctx)


def evaluate(path: str | Path, limit: int | None = None) -> dict:
    """Recognition precision / recall and resolution error (km) over a corpus."""
    n_pred = n_pred_ok = n_gold = n_gold_ok = 0
    errors: list[float] = []
    articles = 0
    for art in read_corpus(path):
        if limit is not None and articles >= limit:
            break
        articles += 1
        found = predict(art.text, art.id)
        n_pred += len(found)
        n_gold += len(art.toponyms)
        for p in found:
            ps, pe = p.evidence.start, p.evidence.end
            if any(g.start < pe and ps < g.end for g in art.toponyms):
                n_pred_ok += 1
        for g in art.toponyms:
            match = next((p for p in found
                          if p.evidence.start < g.end and g.start < p.evidence.end), None)
            if match is None:
                continue
            n_gold_ok += 1
            if match.latitude is not None and match.longitude is not None:
                errors.append(distance_km(match.latitude, match.longitude,
                                          g.latitude, g.longitude))
    precision = n_pred_ok / n_pred if n_pred else 0.0
    recall = n_gold_ok / n_gold if n_gold else 0.0
    return {
        "articles": articles,
        "gold_toponyms": n_gold,
        "predicted": n_pred,
        "precision": round(precision, 3),
        "recall": round(recall, 3),
        "f1": round(2 * precision * recall / (precision + recall), 3) if precision + recall else 0.0,
        "resolved": len(errors),
        "median_error_km": round(statistics.median(errors), 1) if errors else None,
        "mean_error_km": round(statistics.fmean(errors), 1) if errors else None,
        "accuracy_161km": round(sum(e <= 161 for e in errors) / len(errors), 3) if errors else None,
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Evaluate geoparsing on LGL / GeoWebNews XML.")
    ap.add_argument("corpus", help="lgl.xml or GWN.xml")
    ap.add_argument("--limit", type=int, default=None, help="only the first N articles")
    args = ap.parse_args(argv)
    if not Path(args.corpus).exists():
        print(f"error: {args.corpus}: no such file", file=sys.stderr)
        return 2
    print(json.dumps(evaluate(args.corpus, args.limit), indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
