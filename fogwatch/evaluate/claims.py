"""Score the claims ledger against news articles annotated claim by claim.

The gold file is JSON: ``{"articles": [...]}``, one entry per article with its ``n``,
``figures`` (kind, low, high, vague word, claimant) and ``claims`` (type, speaker);
the texts are files ``<n>.txt`` in a folder, the article's URL on the first line when
it starts with ``http``. The format is documented in ``docs/evaluation.md``.

Scoring is lenient on wording and strict on numbers, kinds and who says it:

* a gold figure is *found* when the reading has a figure of the same kind whose number
  is the same (the stated number: ``low``, else ``high``; both for an either/or pair;
  the vague word for a vague count); it has the *right claimant* when one such figure's
  claimant shares a content word with the gold claimant (army, military, troops and
  forces are one word; a gold claimant naming "the outlet" is the reading's outlet);
* a read figure is *correct* (precision) when the gold has a figure of its kind and
  number; figures the reader marks as background or negated are not the event's and
  are left out on both sides;
* a gold claim is found by type and speaker the same way (a read ``allegation`` counts
  as an accusation; a claim read as not made, "no group has claimed", counts for none);
* the unverified marker, the event type and the places are compared per article.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from fogwatch.evaluate.gold import GoldFileError, norm
from fogwatch.model import Article, ArticleReading, Claim, Claimant, Figure

CLAIM_TYPES = ("responsibility", "accusation", "denial", "confirmation")
FIGURE_KINDS = ("killed", "injured", "abducted", "arrested", "missing", "displaced")

# Words that never tell two speakers apart.
_STOP = frozenset(
    "a an the of and or to by for in on at with from via as its his her their who not "
    "said says own".split()
)
# Words that name one thing.
_SAME = {"military": "army", "troops": "army", "forces": "army", "force": "army",
         "soldiers": "army", "army": "army"}
# An annotator's remark in brackets ("(anonymous, to AFP)", "(via Aamaq)") says how the
# speaker was reached, not who speaks: it is not compared.
_REMARK = re.compile(
    r"\((?:[^()]*\b(?:anonymous|unnamed|unattributed|to|via|cited|quoted|reported|"
    r"contacted|initial|first|later|provisional|says|said)\b[^()]*)\)",
    re.I,
)


def content_words(name: str | None) -> set[str]:
    """The words of a name that tell speakers apart, singular, synonyms merged."""
    if not name:
        return set()
    out = set()
    # "G-7", "M-23": a short name written with a hyphen is one word ("g7"), not two
    # letters too short to compare
    name = re.sub(r"\b(\w{1,2})-(\w{1,3})\b", r"\1\2", _REMARK.sub(" ", name))
    for w in norm(name).replace("_", " ").split():
        if w in _STOP or len(w) < 2:
            continue
        if w in _SAME:
            out.add(_SAME[w])
            continue
        if len(w) > 3 and w.endswith("s") and not w.endswith("ss"):
            w = w[:-1]
        out.add(_SAME.get(w, w))
    return out


def _is_outlet(gold: str | None) -> bool:
    return bool(gold) and re.search(r"\bthe outlet\b", gold or "", re.I) is not None


def speaker_matches(gold: str | None, claimant: Claimant | None) -> bool:
    """Whether a read claimant is the gold speaker (lenient on wording, see above)."""
    if claimant is None or not gold:
        return False
    if _is_outlet(gold):
        return claimant.kind == "outlet"
    read = content_words(claimant.name) | content_words(claimant.text)
    return bool(content_words(gold) & read)


# -- gold file ------------------------------------------------------------------


def load_gold(path: str | Path) -> list[dict[str, Any]]:
    """The articles of a gold file; a clear error names the entry and field at fault."""
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise GoldFileError(f"{path}: cannot open ({exc.strerror})") from None
    except json.JSONDecodeError as exc:
        raise GoldFileError(f"{path}: not JSON (line {exc.lineno}: {exc.msg})") from None
    articles = data.get("articles") if isinstance(data, dict) else data
    if not isinstance(articles, list):
        raise GoldFileError(f"{path}: expected an 'articles' list")
    for i, a in enumerate(articles):
        where = f"{path}: articles[{i}]"
        if not isinstance(a, dict) or "n" not in a:
            raise GoldFileError(f"{where}: an entry needs its 'n'")
        for f_i, f in enumerate(a.get("figures") or []):
            if f.get("kind") not in FIGURE_KINDS:
                raise GoldFileError(f"{where}.figures[{f_i}]: kind {f.get('kind')!r} is not one of "
                                    f"{', '.join(FIGURE_KINDS)}")
            if f.get("low") is None and f.get("high") is None and not f.get("vague_word"):
                raise GoldFileError(f"{where}.figures[{f_i}]: needs low, high or vague_word")
        for c_i, c in enumerate(a.get("claims") or []):
            if c.get("type") not in CLAIM_TYPES:
                raise GoldFileError(f"{where}.claims[{c_i}]: type {c.get('type')!r} is not one of "
                                    f"{', '.join(CLAIM_TYPES)}")
    return articles


def load_text(folder: Path, n: Any) -> tuple[str | None, str] | None:
    """(url, text) of ``<folder>/<n>.txt``; None when the file is absent."""
    path = folder / f"{n}.txt"
    if not path.is_file():
        return None
    raw = path.read_text(encoding="utf-8")
    first, _, rest = raw.partition("\n")
    if first.strip().lower().startswith(("http://", "https://")):
        return first.strip(), rest
    return None, raw


# -- comparing ------------------------------------------------------------------


def figure_matches(gold: dict[str, Any], figure: Figure) -> bool:
    """Same kind and number (the vague word for a vague count; both ends of an either/or)."""
    if figure.kind != gold["kind"]:
        return False
    word = gold.get("vague_word")
    if word:
        read = (figure.vague or "").lower().split()
        return bool(read) and read[-1] == word.lower()
    if gold.get("hedge") in ("range", "either/or") and gold.get("high") is not None:
        return figure.low == gold["low"] and figure.high == gold["high"]
    stated = gold["low"] if gold.get("low") is not None else gold.get("high")
    read_stated = figure.low if figure.low is not None else figure.high
    return read_stated == stated


def _event_figures(reading: ArticleReading) -> list[Figure]:
    return [f for f in reading.figures if not f.background and not f.negated
            and (f.low is not None or f.high is not None or f.vague)]


def _claim_type(claim: Claim) -> str | None:
    if claim.background:
        return None
    if claim.type == "denial":
        return "denial"
    if claim.polarity == "negative":
        return None
    return "accusation" if claim.type == "allegation" else claim.type


def _places_match(gold: dict[str, Any], reading: ArticleReading) -> bool:
    generic = {"district", "province", "county", "city", "town", "village", "region",
               "state", "governorate", "division", "area", "camp", "base"}
    want = set(norm(gold.get("name")).split()) - generic
    if not want:
        return False
    for p in reading.places:
        for name in (p.text, p.name, p.location):
            have = set(norm(name).split()) - generic
            if have and (have <= want or want <= have):
                return True
    return False


def _describe(f: Figure) -> str:
    who = f.claimant.name if f.claimant else "-"
    return f"{f.kind} {f.text!r} ({f.low}-{f.high}) by {who}"


def _gold_figure(g: dict[str, Any]) -> str:
    number = g.get("vague_word") or (g["low"] if g.get("low") is not None else g.get("high"))
    return f"{g['kind']} {number} ({g.get('hedge')}) {g.get('victims') or ''} by {g.get('claimant')}"


def score_article(gold: dict[str, Any], reading: ArticleReading) -> dict[str, Any]:
    """Per-article hits and misses (the report sums them)."""
    figures = _event_figures(reading)
    out: dict[str, Any] = {"n": gold["n"], "errors": []}
    found = right = 0
    for g in gold.get("figures") or []:
        same = [f for f in figures if figure_matches(g, f)]
        hit = bool(same)
        ok = any(speaker_matches(g.get("claimant"), f.claimant) for f in same)
        found += hit
        right += ok
        if not hit:
            near = [f for f in reading.figures if f.kind == g["kind"]]
            out["errors"].append({"what": "figure missed", "gold": _gold_figure(g),
                                  "read": [_describe(f) for f in near][:4],
                                  "evidence": [f.sentence.text for f in near if f.sentence][:2]})
        elif not ok:
            out["errors"].append({"what": "figure claimant", "gold": _gold_figure(g),
                                  "read": [_describe(f) for f in same][:4],
                                  "evidence": [f.sentence.text for f in same if f.sentence][:2]})
    correct = 0
    for f in figures:
        if any(figure_matches(g, f) for g in gold.get("figures") or []):
            correct += 1
        else:
            out["errors"].append({"what": "figure not in gold", "gold": "",
                                  "read": [_describe(f)],
                                  "evidence": [f.sentence.text] if f.sentence else []})
    claims = [(c, _claim_type(c)) for c in reading.claims]
    c_found = 0
    for g in gold.get("claims") or []:
        same = [c for c, t in claims if t == g["type"]]
        ok = any(speaker_matches(g.get("speaker"), c.speaker) for c in same)
        c_found += ok
        if not ok:
            out["errors"].append({
                "what": f"{g['type']} missed",
                "gold": f"{g['type']} by {g.get('speaker')} about {g.get('target')}",
                "read": [f"{c.type} by {c.speaker.name if c.speaker else '-'} ({c.polarity}"
                         f"{', background' if c.background else ''})"
                         for c, _ in claims if c.type != "casualty_figure"][:5],
                "evidence": [c.text for c, t in claims if t == g["type"]][:2],
            })
    typed = [c for c, t in claims if t in CLAIM_TYPES]
    c_correct = sum(
        1 for c in typed
        if any(g["type"] == _claim_type(c) and speaker_matches(g.get("speaker"), c.speaker)
               for g in gold.get("claims") or [])
    )
    event = reading.events[0] if reading.events else None
    unverified = "unverified" in reading.verification
    if bool(gold.get("unverified_marker")) != unverified:
        out["errors"].append({"what": "unverified marker", "gold": str(gold.get("unverified_marker")),
                              "read": [str(unverified)], "evidence": []})
    places = gold.get("places") or []
    out.update({
        "figures_gold": len(gold.get("figures") or []), "figures_found": found,
        "figures_right_claimant": right, "figures_read": len(figures),
        "figures_correct": correct,
        "claims_gold": len(gold.get("claims") or []), "claims_found": c_found,
        "claims_read": len(typed), "claims_correct": c_correct,
        "unverified_ok": bool(gold.get("unverified_marker")) == unverified,
        "event_type_ok": (event.event_type if event else None) == gold.get("event_type"),
        "sub_event_type_ok": (event.sub_event_type if event else None) == gold.get("sub_event_type"),
        "places_gold": len(places),
        "places_found": sum(_places_match(p, reading) for p in places),
    })
    return out


def _ratio(a: int, b: int) -> float | None:
    return round(a / b, 4) if b else None


def score(golds: list[dict[str, Any]], readings: list[ArticleReading]) -> dict[str, Any]:
    """The metrics over articles and their readings, with per-article details."""
    per = [score_article(g, r) for g, r in zip(golds, readings, strict=True)]

    def total(key: str) -> int:
        return sum(int(p[key]) for p in per)

    metrics = {
        "figure_recall": _ratio(total("figures_found"), total("figures_gold")),
        "figure_right_claimant": _ratio(total("figures_right_claimant"), total("figures_gold")),
        "figure_precision": _ratio(total("figures_correct"), total("figures_read")),
        "claim_recall": _ratio(total("claims_found"), total("claims_gold")),
        "claim_precision": _ratio(total("claims_correct"), total("claims_read")),
        "unverified_accuracy": _ratio(total("unverified_ok"), len(per)),
        "event_type_accuracy": _ratio(total("event_type_ok"), len(per)),
        "sub_event_type_accuracy": _ratio(total("sub_event_type_ok"), len(per)),
        "place_recall": _ratio(total("places_found"), total("places_gold")),
    }
    counts = {
        "articles": len(per), "figures_gold": total("figures_gold"),
        "figures_read": total("figures_read"), "claims_gold": total("claims_gold"),
        "claims_read": total("claims_read"), "places_gold": total("places_gold"),
    }
    return {"metrics": metrics, "counts": counts, "articles": per}


def read_articles(items: list[Article], workers: int = 1,
                  progress: Callable[[int], None] | None = None) -> list[ArticleReading | str]:
    """Readings in input order (an error message in place of a reading that failed)."""
    from fogwatch.batch import read_records
    from fogwatch.ingest.files import Record

    records = (Record(a, source="gold", line=i) for i, a in enumerate(items, start=1))
    out: list[ArticleReading | str] = []
    for _record, reading, error in read_records(records, workers=1 if len(items) < 40 else workers):
        out.append(reading if reading is not None else (error or "no reading"))
        if progress:
            progress(1)
    return out


def evaluate(
    path: str | Path,
    texts: str | Path,
    errors: int = 10,
    workers: int = 1,
    progress: Callable[[int], None] | None = None,
    on_total: Callable[[int], None] | None = None,
    **_: Any,
) -> dict[str, Any]:
    """Read every article whose text is in ``texts`` and score it against ``path``."""
    golds = load_gold(path)
    folder = Path(texts)
    if not folder.is_dir():
        raise GoldFileError(f"{folder}: no such folder of texts")
    chosen, articles, missing = [], [], []
    for g in golds:
        found = load_text(folder, g["n"])
        if found is None:
            missing.append(g["n"])
            continue
        url, text = found
        chosen.append(g)
        articles.append(Article.make(text, published=g.get("published"), url=url,
                                     id=f"article-{g['n']}"))
    if on_total:
        on_total(len(articles))
    readings = read_articles(articles, workers=workers, progress=progress)
    failed = [g["n"] for g, r in zip(chosen, readings, strict=True) if isinstance(r, str)]
    pairs = [(g, r) for g, r in zip(chosen, readings, strict=True) if not isinstance(r, str)]
    scored = score([g for g, _ in pairs], [r for _, r in pairs])
    listed = []
    for art in scored["articles"]:
        for err in art["errors"]:
            listed.append({"id": f"article {art['n']}", "wrong": [err["what"]],
                           "gold": err["gold"], "read": err["read"], "evidence": err["evidence"]})
    return {
        "dataset": "claims",
        "file": str(path),
        "split": "all",
        "rows_scored": len(pairs),
        "skipped": len(missing),
        "missing_texts": missing,
        "read_errors": failed,
        "metrics": scored["metrics"],
        "counts": scored["counts"],
        "articles": scored["articles"],
        "errors": listed[:errors],
        "errors_total": len(listed),
    }
