"""Score reconciliation: do the articles of one incident become one event, and only them?

Two gold inputs:

- **articles with an incident id** (JSONL, one object a line: ``doc_id``, ``event_id``,
  ``title``, ``dct``, ``uri``, ``content``, optionally ``gold`` with ``num_killed`` /
  ``num_injured``), the Gun Violence Corpus layout: several articles per incident;
- **an ACLED CSV**: each row's ``notes`` is an article of its own and each row its own
  incident (ACLED codes one event per location, day and actor pair), so every merge of
  two rows is a wrong one.

Every article is read by the reader ``fogwatch ingest`` uses and stored, in input order,
in a temporary SQLite store (or ``db``), so reconciliation runs as it runs on a real
stream: incrementally, article by article. Each article counts in the event of its
primary report (its first news report); an article with none is an event of its own.

Printed: B-cubed precision / recall / F1 over articles, pairwise precision / recall,
events against incidents, the share of articles alone in their event, the largest
event and the widest date span; for incidents with gold counts, the killed and injured
of the event holding most of the incident's articles against the gold.

Readings can be cached (``cache``, a JSONL file of readings keyed by article id and text
hash) so that reconciliation can be re-scored quickly after changing its rule.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import random
import tempfile
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fogwatch.evaluate.gold import GoldFileError, parse_date, read_rows
from fogwatch.model import Article, ArticleReading


@dataclass
class GoldArticle:
    """One article to reconcile and the incident it reports."""

    article: Article
    incident: str
    line: int
    killed: int | None = None
    injured: int | None = None


def _count(value: Any, where: str, field: str) -> int | None:
    if value in (None, ""):
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        raise GoldFileError(f"{where}: field {field!r} is not a count: {value!r}") from None


def load_incident_articles(path: str | Path) -> list[GoldArticle]:
    """Articles with an incident id, one JSON object a line (the gvc-incidents layout)."""
    path = Path(path)
    try:
        fh = path.open(encoding="utf-8")
    except OSError as exc:
        raise GoldFileError(f"{path}: cannot open ({exc.strerror})") from None
    out = []
    with fh:
        for n, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            where = f"{path}:{n}"
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as exc:
                raise GoldFileError(f"{where}: invalid JSON ({exc.msg})") from None
            if not isinstance(obj, dict):
                raise GoldFileError(f"{where}: expected a JSON object")
            text = obj.get("content") or obj.get("text")
            incident = obj.get("event_id") or obj.get("incident")
            if not isinstance(text, str) or not text.strip():
                raise GoldFileError(f"{where}: no 'content' (article text)")
            if incident in (None, ""):
                raise GoldFileError(f"{where}: no 'event_id' (the incident)")
            gold = obj.get("gold") or {}
            published = obj.get("dct") or obj.get("published")
            if published and parse_date(str(published)[:10]) is None:
                raise GoldFileError(f"{where}: field 'dct' is not a date: {published!r}")
            article = Article.make(
                text,
                published=str(published)[:10] if published else None,
                title=obj.get("title") or None,
                url=obj.get("uri") or obj.get("url") or None,
                outlet=obj.get("outlet") or _host(obj.get("uri") or obj.get("url")),
                id=str(obj.get("doc_id") or obj.get("id") or "") or None,
            )
            out.append(
                GoldArticle(
                    article, str(incident), n,
                    killed=_count(gold.get("num_killed"), where, "gold.num_killed"),
                    injured=_count(gold.get("num_injured"), where, "gold.num_injured"),
                )
            )
    if not out:
        raise GoldFileError(f"{path}: no articles")
    return out


def _host(url: str | None) -> str | None:
    """The outlet's host name in an archived or direct URL."""
    from fogwatch.model import outlet_of_url

    return outlet_of_url(url)


def load_acled_rows(path: str | Path) -> list[GoldArticle]:
    """An ACLED CSV as articles: each row's notes, published on its event date, is its own
    incident. Rows without notes are left out."""
    rows = read_rows(path, ("notes", "event_date"), {"note": "notes"})
    out = []
    for i, row in enumerate(rows, start=2):
        text = row.get("notes", "").strip()
        if not text:
            continue
        day = parse_date(row.get("event_date"))
        if day is None:
            raise GoldFileError(f"{path}:{i}: field 'event_date' is not a date: {row.get('event_date')!r}")
        rid = row.get("data_id") or row.get("event_id_cnty") or f"line-{i}"
        article = Article.make(text, published=day, outlet=row.get("source") or None, id=f"acled-{rid}")
        out.append(GoldArticle(article, rid, i, _count(row.get("fatalities"), f"{path}:{i}", "fatalities")))
    if not out:
        raise GoldFileError(f"{path}: no rows with notes")
    return out


def load_gold(path: str | Path, fmt: str | None = None) -> tuple[str, list[GoldArticle]]:
    """(``incidents`` | ``acled``, the articles) of a gold file; the format from the file
    name unless given."""
    fmt = fmt or ("acled" if str(path).lower().endswith(".csv") else "incidents")
    if fmt == "acled":
        return fmt, load_acled_rows(path)
    if fmt == "incidents":
        return fmt, load_incident_articles(path)
    raise GoldFileError(f"unknown gold format {fmt!r}; use 'incidents' or 'acled'")


# -- reading, with a cache -------------------------------------------------------------

def _text_key(article: Article) -> str:
    payload = json.dumps([article.text, article.published, article.title, article.outlet])
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:16]


def _load_cache(path: Path | None) -> dict[tuple[str, str], ArticleReading]:
    from fogwatch.read.pipeline import READER_VERSION

    out: dict[tuple[str, str], ArticleReading] = {}
    if path is None or not path.exists():
        return out
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            try:
                obj = json.loads(line)
            except json.JSONDecodeError:
                continue  # a line cut off by an interrupted run: read that article again
            if obj.get("reader_version") != READER_VERSION:
                continue
            out[(obj["id"], obj["key"])] = ArticleReading.model_validate(obj["reading"])
    return out


def read_gold(
    items: list[GoldArticle], workers: int = 2, cache: Path | None = None,
    progress: Callable[[int], None] | None = None,
) -> list[tuple[GoldArticle, ArticleReading | None, str | None]]:
    """Each article's reading (from ``cache`` when it holds it, else read and added)."""
    from fogwatch.batch import read_records
    from fogwatch.ingest.files import Record
    from fogwatch.read.pipeline import READER_VERSION

    cached = _load_cache(cache)
    readings: dict[str, ArticleReading | None] = {}
    errors: dict[str, str] = {}
    todo = []
    for item in items:
        hit = cached.get((item.article.id, _text_key(item.article)))
        if hit is not None:
            readings[item.article.id] = hit
            if progress:
                progress(1)
        else:
            todo.append(item)
    out_fh = cache.open("a", encoding="utf-8") if cache is not None and todo else None
    try:
        records = (Record(it.article, source="gold", line=it.line) for it in todo)
        workers = 1 if len(todo) < 40 else max(1, workers)
        for record, reading, error in read_records(records, workers=workers):
            assert record.article is not None
            readings[record.article.id] = reading
            if error:
                errors[record.article.id] = error
            elif out_fh is not None and reading is not None:
                out_fh.write(json.dumps({
                    "id": record.article.id, "key": _text_key(record.article),
                    "reader_version": READER_VERSION, "reading": reading.model_dump(mode="json"),
                }, ensure_ascii=False) + "\n")
            if progress:
                progress(1)
    finally:
        if out_fh is not None:
            out_fh.close()
    return [(it, readings.get(it.article.id), errors.get(it.article.id)) for it in items]


# -- reconciling through the store -----------------------------------------------------

def reconcile_in_store(
    read: list[tuple[GoldArticle, ArticleReading | None, str | None]], db: str | None = None,
    progress: Callable[[int], None] | None = None,
) -> dict[str, Any]:
    """Store every read article (input order) and return what scoring needs: the event of
    each article, each event's articles, days and figures."""
    from fogwatch.store import open_store

    with tempfile.TemporaryDirectory(prefix="fogwatch-eval-") as tmp:
        location = db or str(Path(tmp) / "reconcile.db")
        store = open_store(location)
        try:
            for item, reading, _ in read:
                if reading is not None:
                    store.add(item.article, reading)
                if progress:
                    progress(1)
            return _collect(store)
        finally:
            store.close()


def _collect(store: Any) -> dict[str, Any]:
    rows = store.db.query(
        "SELECT r.article_id, r.idx, r.day, l.event_id FROM event_reports r "
        "JOIN event_links l ON l.report_id = r.id WHERE r.background = 0"
    )
    primary: dict[str, tuple[int, str]] = {}
    days: dict[str, list[str]] = defaultdict(list)
    for r in rows:
        if r["day"]:
            days[r["event_id"]].append(r["day"])
        cur = primary.get(r["article_id"])
        if cur is None or r["idx"] < cur[0]:
            primary[r["article_id"]] = (r["idx"], r["event_id"])
    counts = {}
    for e in store.db.query("SELECT id, summary FROM events"):
        summary = json.loads(e["summary"])
        counts[e["id"]] = {"killed": summary.get("fatalities"), "injured": _injured(summary)}
    return {
        "event_of": {a: ev for a, (_, ev) in primary.items()},
        "days": dict(days),
        "counts": counts,
        "n_events": store.count_events(),
    }


def _injured(summary: dict) -> int | None:
    """An event's injured by the rule fatalities use: non-state plus the larger of the
    known victims' sum and the unspecified count."""
    sides = {r["side"]: r["conservative"] for r in (summary.get("ranges") or {}).get("by_side", [])
             if r["kind"] == "injured"}
    if not sides:
        return 0
    known = sides.get("state", 0) + sides.get("civilians", 0)
    return sides.get("nonstate", 0) + max(known, sides.get("unknown", 0))


# -- scores ----------------------------------------------------------------------------

def bcubed(pred: dict[str, str], gold: dict[str, str]) -> dict[str, float]:
    """B-cubed precision, recall and F1 of a clustering (item -> cluster) against gold."""
    by_pred: dict[str, set[str]] = defaultdict(set)
    by_gold: dict[str, set[str]] = defaultdict(set)
    for item, c in pred.items():
        by_pred[c].add(item)
    for item, g in gold.items():
        by_gold[g].add(item)
    p = r = 0.0
    for item in gold:
        both = len(by_pred[pred[item]] & by_gold[gold[item]])
        p += both / len(by_pred[pred[item]])
        r += both / len(by_gold[gold[item]])
    n = len(gold)
    p, r = p / n, r / n
    return {"precision": round(p, 4), "recall": round(r, 4),
            "f1": round(2 * p * r / (p + r), 4) if p + r else 0.0}


def pairwise(pred: dict[str, str], gold: dict[str, str]) -> dict[str, float | None]:
    """Precision and recall over pairs of items put together."""
    def pairs(groups: Iterable[int]) -> int:
        return sum(n * (n - 1) // 2 for n in groups)

    both = Counter((pred[i], gold[i]) for i in gold)
    tp = pairs(both.values())
    pp = pairs(Counter(pred[i] for i in gold).values())
    gp = pairs(Counter(gold.values()).values())
    return {"precision": round(tp / pp, 4) if pp else None,
            "recall": round(tp / gp, 4) if gp else None}


def _span(days: list[str]) -> int:
    ds = sorted(dt.date.fromisoformat(d) for d in days)
    return (ds[-1] - ds[0]).days if ds else 0


def score(items: list[GoldArticle], result: dict[str, Any]) -> dict[str, Any]:
    """Metrics of one reconciled store against the gold incidents."""
    gold = {it.article.id: it.incident for it in items}
    pred = {a: result["event_of"].get(a, "alone:" + a) for a in gold}
    sizes = Counter(pred.values())
    largest_id, largest_n = max(sizes.items(), key=lambda kv: (kv[1], kv[0]))
    spans = {ev: _span(d) for ev, d in result["days"].items()}
    widest = max(spans.items(), key=lambda kv: (kv[1], kv[0]), default=(None, 0))
    incidents = Counter(gold.values())
    out: dict[str, Any] = {
        "articles": len(gold),
        "incidents": len(incidents),
        "events": len(sizes),
        "events_in_store": result["n_events"],
        "bcubed": bcubed(pred, gold),
        "pairwise": pairwise(pred, gold),
        "alone": round(sum(1 for a in gold if sizes[pred[a]] == 1) / len(gold), 4),
        "largest_event": {"id": largest_id, "articles": largest_n,
                          "incidents": len({gold[a] for a in gold if pred[a] == largest_id}),
                          "days": spans.get(largest_id, 0)},
        "widest_span": {"id": widest[0], "days": widest[1],
                        "articles": sizes.get(widest[0], 0) if widest[0] else 0},
    }
    counted = [it for it in items if it.killed is not None or it.injured is not None]
    if counted and any(it.injured is not None for it in counted):
        out["figures"] = _figure_scores(items, pred, result["counts"])
    return out


def _figure_scores(items: list[GoldArticle], pred: dict[str, str],
                   counts: dict[str, dict]) -> dict[str, Any]:
    """Killed / injured of each incident's main event (the one holding most of its
    articles) against the gold counts."""
    by_incident: dict[str, list[GoldArticle]] = defaultdict(list)
    for it in items:
        by_incident[it.incident].append(it)
    out: dict[str, Any] = {}
    for kind in ("killed", "injured"):
        exact = n = 0
        abs_err = 0
        for arts in by_incident.values():
            g = next((getattr(a, kind) for a in arts if getattr(a, kind) is not None), None)
            if g is None:
                continue
            votes = Counter(pred[a.article.id] for a in arts)
            main = max(votes.items(), key=lambda kv: (kv[1], kv[0]))[0]
            value = (counts.get(main) or {}).get(kind) or 0
            n += 1
            exact += value == g
            abs_err += abs(value - g)
        out[kind] = {"exact": round(exact / n, 4) if n else None,
                     "mae": round(abs_err / n, 3) if n else None, "n": n}
    return out


def evaluate(
    path: str | Path, fmt: str | None = None, workers: int = 2, cache: Path | None = None,
    db: str | None = None, sample: int | None = None, seed: int = 0, shuffle: bool = False,
    progress: Callable[[int], None] | None = None,
    on_total: Callable[[int], None] | None = None,
) -> dict[str, Any]:
    """Read, store and reconcile a gold file and score the events (see the module doc).

    ``sample`` keeps N incidents (all their articles) chosen with ``seed``; ``shuffle``
    stores the articles in a seeded random order instead of the file's.
    """
    fmt, items = load_gold(path, fmt)
    if sample is not None:
        incidents = sorted({it.incident for it in items})
        if 0 < sample < len(incidents):
            keep = set(random.Random(seed).sample(incidents, sample))
            items = [it for it in items if it.incident in keep]
    if on_total:
        on_total(2 * len(items))
    read = read_gold(items, workers=workers, cache=cache, progress=progress)
    if shuffle:
        read = list(read)
        random.Random(seed).shuffle(read)
    result = reconcile_in_store(read, db=db, progress=progress)
    report = score(items, result)
    report.update({
        "dataset": fmt,
        "file": Path(path).name,
        "read_errors": sum(1 for _, reading, err in read if reading is None or err),
    })
    return report
