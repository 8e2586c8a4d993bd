"""Flatten an article's reading into self-contained report views.

Reconciliation works on :class:`~fogwatch.model.ReportView` models, one per EventReport, carrying everything it needs
(the article's outlet and dates, the report's coding, its figures and claims with their
evidence sentences). The store keeps them as JSON, so events can be rebuilt from the
store alone and reconcile stays a set of pure functions, testable without a database.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from fogwatch.codebook.acled import figure_count
from fogwatch.codebook.sides import victim_side
from fogwatch.geo import gazetteer as gz
from fogwatch.model import (
    Article,
    ArticleReading,
    Claim,
    ClaimView,
    EventReport,
    Figure,
    FigureView,
    ReportCoding,
    ReportView,
)
from fogwatch.read import actors
from fogwatch.vocab import load_yaml

_WORD = re.compile(r"[a-z][a-z'\-]{3,}")
_REPORT_FIELDS_SKIP = {"figures", "claims", "measures", "evidence", "deaths"}


def day_of(value: str | None) -> str | None:
    """The ISO day of a date or datetime string (None if it is not one)."""
    if not value or len(value) < 10 or not re.match(r"\d{4}-\d{2}-\d{2}", value):
        return None
    return value[:10]


def claimant_of(figure: Figure, outlet: str | None) -> tuple[str, str, str | None]:
    """(name, kind, words used) of who gives a figure; the outlet's own voice by default."""
    if figure.claimant is not None and figure.claimant.name:
        return figure.claimant.name, figure.claimant.kind or "unknown", figure.claimant.text
    return outlet or "Unnamed outlet", "outlet", None


def figure_view(fig: Figure, idx: int, article: Article, reading: ArticleReading) -> FigureView:
    """One figure with its claimant, side and ACLED count."""
    outlet = article.outlet or reading.outlet
    name, kind, said = claimant_of(fig, outlet)
    return FigureView(
        id=f"{article.id}-f{idx}",
        idx=idx,
        article_id=article.id,
        outlet=outlet,
        published=article.published,
        kind=fig.kind,
        low=fig.low,
        high=fig.high,
        count=figure_count(fig),
        text=fig.text,
        hedge=fig.hedge,
        vague=fig.vague,
        victims=fig.victims,
        victims_text=fig.victims_text,
        side=victim_side(fig.victims),
        perpetrator=fig.perpetrator,
        claimant=name,
        claimant_kind=kind,
        claimant_text=said,
        stance=fig.stance,
        total=fig.total,
        negated=fig.negated,
        background=fig.background,
        evidence=fig.evidence.model_copy(),
        sentence=fig.sentence.model_copy() if fig.sentence else None,
    )


def claim_view(claim: Claim, idx: int, article: Article, reading: ArticleReading) -> ClaimView:
    """One claim; its figure and the claim it answers by id."""
    outlet = article.outlet or reading.outlet
    speaker = claim.speaker
    return ClaimView(
        id=f"{article.id}-c{idx}",
        idx=idx,
        article_id=article.id,
        outlet=outlet,
        published=article.published,
        type=claim.type,
        speaker=speaker.name if speaker else (outlet or "Unnamed outlet"),
        speaker_kind=(speaker.kind if speaker else "outlet") or "unknown",
        speaker_text=speaker.text if speaker else None,
        target=claim.target,
        polarity=claim.polarity,
        cue=claim.cue,
        text=claim.text,
        background=claim.background,
        figure_id=f"{article.id}-f{claim.figure_index}" if claim.figure_index is not None else None,
        responds_to=f"{article.id}-c{claim.responds_to}" if claim.responds_to is not None else None,
        evidence=claim.evidence.model_copy(),
    )


def _belongs(indexes: list[int], reading_items: Sequence[object], sole: bool) -> list[int]:
    """The items of a report: its own indexes, or, for the only news event of an
    article that links none, every item that is not background."""
    if indexes:
        return [i for i in indexes if 0 <= i < len(reading_items)]
    if sole:
        return [i for i, item in enumerate(reading_items) if not getattr(item, "background", False)]
    return []


def _text_date(report: EventReport, reading: ArticleReading, article: Article) -> str | None:
    """The report's day when the text gives it; None when it is only the publication day
    (the incident may then be older than the article)."""
    day = day_of(report.date)
    if day is None:
        return None
    said = {day_of(d.date) for d in reading.dates if d.date}
    if day in said or day != day_of(article.published):
        return day
    return None


def event_places(reading: ArticleReading) -> list[str]:
    """Names of the places the article says things happened (town level or finer), so
    two reports that resolve one place differently still agree on the name."""
    names: set[str] = set()
    for p in reading.places:
        if p.role == "event" and p.feature not in ("admin1", "country"):
            names.add((p.name or p.text).strip().lower())
    return sorted(n for n in names if n)


_DATELINE = re.compile(
    r"^\s*(?:[A-Z][A-Z .,'\u2019-]{2,40}(?:\s*\([^)]{1,40}\))?\s*[-\u2013\u2014:]"
    r"|[A-Za-z .]{2,20}\|\s*[A-Z][A-Za-z ]{2,30}\b)"
)


def dateline_end(text: str) -> int:
    """Where an agency dateline ("PESHAWAR -", "PTI | Islamabad") ends; 0 when none. The
    dateline is where the outlet filed from, not where the incident happened."""
    m = _DATELINE.match(text[:160])
    return m.end() if m else 0


def _site(name: str, words: set[str]) -> bool:
    return bool(set(re.split(r"[\s\-]+", name)) & words)


def place_keys(reading: ArticleReading, text: str) -> dict[str, list[str]]:
    """The article's places for reconciliation, dateline left out: ``towns`` (event places
    at town level or finer), ``sites`` (streets, buildings), ``districts`` (admin2) and
    ``mentioned`` (every place name or text at any role, below country and province),
    ``resolved_towns`` (the towns the gazetteer knows) and ``regions`` (provinces,
    countries)."""
    sites_words = set(load_yaml("reconcile.yaml")["site_words"])
    skip = dateline_end(text)
    towns, sites, districts, mentioned = set(), set(), set(), set()
    resolved, regions = set(), set()
    for p in reading.places:
        if p.feature in ("admin1", "country"):
            regions.update({(p.name or p.text).strip().lower(), p.text.strip().lower()})
            continue
        if p.evidence.start < skip:
            continue
        name = (p.name or p.text).strip().lower()
        if not name:
            continue
        mentioned.update({name, p.text.strip().lower()})
        if p.role != "event":
            continue
        if _site(name, sites_words):
            sites.add(name)
        elif p.feature == "admin2":
            districts.add(name)
        else:
            towns.add(name)
            if p.feature is not None:
                resolved.add(name)
    return {"towns": sorted(towns), "resolved_towns": sorted(resolved), "sites": sorted(sites),
            "districts": sorted(districts), "mentioned": sorted(mentioned),
            "regions": sorted(regions)}


_NAME_TOKEN = re.compile(r"[A-Za-z][A-Za-z'\-]+|\d+")
_SENTENCE = re.compile(r"(?<=[.!?])\s+|\n+")


def proper_names(text: str, drop: set[str]) -> list[str]:
    """Capitalised words that do not start a sentence (people, units, buildings), lower
    case, without calendar words, stopwords and the words in ``drop`` (places, actors)."""
    r = load_yaml("reconcile.yaml")
    skip = set(r["calendar_words"]) | set(r["stopwords"]) | drop
    out = set()
    for sentence in _SENTENCE.split(text):
        for i, tok in enumerate(_NAME_TOKEN.findall(sentence)):
            low = tok.lower()
            tok = _POSSESSIVE_END.sub("", tok)
            low = tok.lower()
            if i and tok[0].isupper() and len(low) > 2 and low not in skip \
                    and not _common_name(tok):
                out.add(low)
    return sorted(out)


_POSSESSIVE_END = re.compile(r"['\u2019]s?$")


@lru_cache(maxsize=65536)
def _common_name(word: str) -> bool:
    """A capitalised word every report of a country or a conflict gives: a people
    ("afghan", "saudi-led"), an armed group's or a force's alias ("isgs", "houthi",
    "sspdf"), or a place written with its article or a hyphen ("ar-raqqa", "dar'a")."""
    low = word.lower()
    if gz.country_of_demonym(low.split("-")[0]) is not None:
        return True
    if ("-" in low or "'" in low) and (gz.has_name(re.sub(r"[-']", " ", low))
                                       or gz.has_name(re.sub(r"[-']", "", low))):
        return True
    if word.isupper() and len(word) >= 3:
        return actors.canonical(word) is not None  # "ISGS", "SSPDF", "OPS"
    if gz.has_name(low):
        return False  # "Washington", "Jordan": a place's or a person's name too
    # "Houthi", "Janjaweed"; not "Children" (of "Comer Children's Hospital"), a word
    # for civilians
    entry = actors.canonical(word)
    generic = tuple(load_yaml("reconcile.yaml")["generic_actor_prefixes"])
    return entry is not None and not entry.name.startswith(generic)


def full_names(text: str, drop: set[str]) -> list[str]:
    """Two capitalised words in a row that are neither places, actors, calendar words nor
    stopwords ("Jane Doe", "Fort Able Brigade" gives "fort able", "able brigade"), lower
    case: a named person or unit that two reports of one incident share."""
    r = load_yaml("reconcile.yaml")
    skip = set(r["calendar_words"]) | set(r["stopwords"]) | drop
    out = set()
    for sentence in _SENTENCE.split(text):
        toks = [_POSSESSIVE_END.sub("", t) for t in _NAME_TOKEN.findall(sentence)]
        for first, second in zip(toks, toks[1:], strict=False):
            pair = (first.lower(), second.lower())
            if all(t[0].isupper() and not t.isupper() and len(t) > 2 for t in (first, second)) \
                    and not (set(pair) & skip) and not any(_common_name(t) for t in (first, second)):
                out.add(" ".join(pair))
    return sorted(out)


def date_keys(report: EventReport, reading: ArticleReading, article: Article,
              text_date: str | None) -> dict[str, Any]:
    """When the incident can have happened: ``interval`` [first, last] day; whether the
    day is an explicit calendar date ("7 May 2020", not "Saturday"); and
    ``mentioned_days``, exact days the text names up to its publication (a follow-up
    names the day of the incident it updates). An undated report with no publication
    date has no interval and is never linked."""
    r = load_yaml("reconcile.yaml")
    published = day_of(article.published)
    day = text_date or published
    mentioned = sorted({
        d.date[:10] for d in reading.dates
        if d.date and day_of(d.date) and (d.time_precision or 1) == 1
        and (published is None or d.date[:10] <= published)
    })
    if day is None:
        return {"interval": None, "explicit_date": False, "mentioned_days": mentioned}
    d0 = dt.date.fromisoformat(day)
    precision = report.time_precision or 1
    if text_date is None:
        lo, hi = d0 - dt.timedelta(days=r["undated_lookback_days"]), d0
    elif precision == 1:
        lo = hi = d0
    else:
        half = r["coarse_date_window_days"] if precision == 2 else r["month_window_days"]
        lo, hi = d0 - dt.timedelta(days=half), d0 + dt.timedelta(days=half)
    explicit = text_date is not None and precision == 1 and any(
        day_of(d.date) == text_date and re.search(r"\d", d.text) for d in reading.dates
    )
    return {"interval": [lo.isoformat(), hi.isoformat()], "explicit_date": explicit,
            "mentioned_days": mentioned}


def tokens(*texts: str | None) -> list[str]:
    """Content words for text similarity (lower case, 4+ letters, stopwords dropped)."""
    stop = set(load_yaml("reconcile.yaml")["stopwords"])
    words: set[str] = set()
    for text in texts:
        if text:
            words.update(w for w in _WORD.findall(text.lower()) if w not in stop)
    return sorted(words)


def actor_names(report: EventReport) -> list[str]:
    """Every actor a report names (actor1/2 and the associated actors)."""
    names: set[str] = set()
    for value in (report.actor1, report.actor2, report.assoc_actor_1, report.assoc_actor_2):
        if value:
            names.update(part.strip() for part in value.split(";") if part.strip())
    return sorted(names)


def report_views(article: Article, reading: ArticleReading) -> list[ReportView]:
    """One self-contained view per EventReport of a reading."""
    outlet = article.outlet or reading.outlet
    places = place_keys(reading, article.text)
    full_text = "\n".join(x for x in (article.title, article.text) if x)
    content = tokens(full_text)
    figures = [figure_view(f, i, article, reading) for i, f in enumerate(reading.figures)]
    claims = [claim_view(c, i, article, reading) for i, c in enumerate(reading.claims)]
    news = [r for r in reading.events if not r.background]
    views = []
    for idx, report in enumerate(reading.events):
        sole = not report.background and len(news) == 1
        fig_ix = _belongs(report.figures, reading.figures, sole)
        claim_ix = _belongs(report.claims, reading.claims, sole)
        measure_ix = _belongs(report.measures, reading.measures, sole)
        event = ReportCoding.model_validate(
            report.model_dump(mode="json", exclude=_REPORT_FIELDS_SKIP)
        )
        text_date = _text_date(report, reading, article)
        evidence = [e.model_copy() for e in report.evidence]
        own_figures = [figures[i] for i in fig_ix]
        actors = actor_names(report)
        drop = {w for n in places["mentioned"] + places["regions"] for w in re.findall(r"[a-z]+", n)}
        drop |= {w.lower() for a in actors for w in re.findall(r"[A-Za-z]+", a)}
        views.append(
            ReportView(
                id=f"{article.id}-r{idx}",
                idx=idx,
                article_id=article.id,
                outlet=outlet,
                published=article.published,
                title=article.title,
                url=article.url,
                event=event,
                deaths=report.deaths.model_copy(),
                day=text_date or day_of(article.published),
                date_from_text=text_date is not None,
                background=report.background,
                actors=actors,
                places=event_places(reading),
                **places,
                **date_keys(report, reading, article, text_date),
                names=proper_names(full_text, drop),
                full_names=full_names(full_text, drop),
                content=content,
                title_words=tokens(article.title),
                undated=not (text_date or day_of(article.published)),
                figures=own_figures,
                claims=[claims[i] for i in claim_ix],
                measures=[reading.measures[i].model_copy(deep=True) for i in measure_ix],
                verification=sorted(set(report.verification) | set(reading.verification)),
                evidence=evidence,
                words=tokens(
                    article.title,
                    *(e.text for e in evidence),
                    *(f.sentence.text if f.sentence else None for f in own_figures),
                ),
            )
        )
    return views


def figure_rows(article: Article, reading: ArticleReading) -> list[FigureView]:
    """Every figure of a reading (also those no report uses), for the figures table."""
    return [figure_view(f, i, article, reading) for i, f in enumerate(reading.figures)]


def claim_rows(article: Article, reading: ArticleReading) -> list[ClaimView]:
    """Every claim of a reading, for the claims table."""
    return [claim_view(c, i, article, reading) for i, c in enumerate(reading.claims)]
