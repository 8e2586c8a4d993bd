"""Measure the prefilter: events it would lose, and text it saves the NLP pipeline.

    .venv/bin/python benchmarks/prefilter.py [--cues] [--show-dropped N]

* ACLED 2020 (``../shared/data/acled-2020-global/acled.csv``): an event is *dropped*
  when its coder's note yields no candidate sentence (target: 0.5% or fewer).
* India police events (``../shared/data/india-police-events``): how many articles,
  sentences and characters the prefilter skips, and how many of the sentences the
  annotators labelled with a police action (KILL, ARREST, FORCE, FAIL) it keeps when
  given the annotators' own sentence split.

Reads the shared data in place; nothing is copied.
"""

from __future__ import annotations

import argparse
import collections
import csv
import json
import sys
import time
from pathlib import Path

from fogwatch.read import prefilter
from fogwatch.read.text import Sentence, split_sentences

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"
ACLED = DATA / "acled-2020-global" / "acled.csv"
INDIA_DOCS = DATA / "india-police-events" / "docs.jsonl"
INDIA_SENTS = DATA / "india-police-events" / "sents.jsonl"


def acled(show: int) -> None:
    """Events whose note gives the reader nothing to read."""
    with ACLED.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    dropped = []
    by_type: collections.Counter[str] = collections.Counter()
    total_by_type: collections.Counter[str] = collections.Counter()
    fatal_dropped = 0
    for row in rows:
        note = row["notes"]
        total_by_type[row["event_type"]] += 1
        article = prefilter.article_gate(note)
        candidates = prefilter.select(split_sentences(note)) if article else []
        if not candidates:
            dropped.append(row)
            by_type[row["event_type"]] += 1
            fatal_dropped += int(row["fatalities"] or 0) > 0
    n = len(rows)
    print(f"ACLED 2020 global: {n} events, {len(dropped)} dropped "
          f"({100 * len(dropped) / n:.2f}%; target <= 0.5%), "
          f"{fatal_dropped} of them with fatalities")
    for etype, k in sorted(by_type.items()):
        print(f"  {etype}: {k} of {total_by_type[etype]} dropped")
    for row in dropped[:show]:
        print(f"  - [{row['event_type']} / {row['sub_event_type']}] {row['notes'][:220]}")


def india() -> None:
    """Text the prefilter lets through on a realistic mixed news corpus."""
    docs = [json.loads(line) for line in INDIA_DOCS.open(encoding="utf-8")]
    n_sent = n_cand = chars = cand_chars = gated = no_cand = 0
    t0 = time.perf_counter()
    for d in docs:
        text = d["doc_text"]
        sentences = split_sentences(text)
        n_sent += len(sentences)
        chars += sum(len(s.text) for s in sentences)
        if not prefilter.article_gate(text):
            gated += 1
            no_cand += 1
            continue
        cands = prefilter.select(sentences)
        n_cand += len(cands)
        cand_chars += sum(len(s.text) for s in cands)
        no_cand += not cands
    elapsed = time.perf_counter() - t0
    print(f"India police events: {len(docs)} articles, {n_sent} sentences, {chars} characters")
    print(f"  articles skipped whole: {no_cand} ({100 * no_cand / len(docs):.1f}%; "
          f"{gated} by the article gate)")
    print(f"  sentences skipped: {n_sent - n_cand} ({100 * (n_sent - n_cand) / n_sent:.1f}%)")
    print(f"  characters sent to NLP: {cand_chars} ({100 * cand_chars / chars:.1f}%)")
    print(f"  split + prefilter time: {1000 * elapsed / len(docs):.2f} ms/article")

    # recall on the annotators' sentences labelled with a police action
    by_doc: dict[int, list[dict]] = collections.defaultdict(list)
    for line in INDIA_SENTS.open(encoding="utf-8"):
        s = json.loads(line)
        by_doc[s["doc_id"]].append(s)
    labelled = kept = 0
    per_label: collections.Counter[str] = collections.Counter()
    per_label_kept: collections.Counter[str] = collections.Counter()
    for sents in by_doc.values():
        sents.sort(key=lambda s: s["sent_id"])
        objs = []
        pos = 0
        for i, s in enumerate(sents):
            objs.append(Sentence(i, pos, pos + len(s["sent_text"]), s["sent_text"], 0))
            pos += len(s["sent_text"])
        doc_text = "".join(s["sent_text"] for s in sents)
        keep = {s.index for s in prefilter.select(objs)} if prefilter.article_gate(doc_text) else set()
        for i, s in enumerate(sents):
            labels = [lab for lab in s["sent_labels"] if lab != "ANY_ACTION"]
            if labels:
                labelled += 1
                kept += i in keep
                for lab in labels:
                    per_label[lab] += 1
                    per_label_kept[lab] += i in keep
    print(f"  police-action sentences kept: {kept} of {labelled} "
          f"({100 * kept / max(labelled, 1):.1f}%)")
    for lab in sorted(per_label):
        print(f"    {lab}: {per_label_kept[lab]} of {per_label[lab]}")


def cue_counts() -> None:
    """Which cues let most India sentences through (to see what is too broad)."""
    import re

    counts: collections.Counter[str] = collections.Counter()
    pattern = prefilter.combined_pattern()
    for line in INDIA_DOCS.open(encoding="utf-8"):
        for s in split_sentences(json.loads(line)["doc_text"]):
            for m in pattern.finditer(s.text):
                counts[re.sub(r"\W+", " ", m.group(0).lower())] += 1
    for cue, k in counts.most_common(60):
        print(f"  {k:6d}  {cue}")


def main(argv: list[str] | None = None) -> int:
    """Print the prefilter measurements."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--cues", action="store_true", help="also list the commonest cue hits")
    ap.add_argument("--show-dropped", type=int, default=10, metavar="N",
                    help="print the first N dropped ACLED notes")
    args = ap.parse_args(argv)
    for path in (ACLED, INDIA_DOCS, INDIA_SENTS):
        if not path.exists():
            print(f"missing {path} (../shared/data is laid beside the repository)")
            return 2
    acled(args.show_dropped)
    india()
    if args.cues:
        cue_counts()
    return 0


if __name__ == "__main__":
    sys.exit(main())
