"""Issue 13's cases on small texts written here: one event per incident, never one per region."""

from __future__ import annotations

import datetime as dt
import itertools

from fogwatch.model import (
    Article,
    ArticleReading,
    DateMention,
    EventReport,
    Evidence,
    Figure,
    Place,
)
from fogwatch.reconcile import cluster, report_views

DISTRICT = dict(country="Pakistan", iso="PK", admin1="Khyber Pakhtunkhwa", admin2="Bannu")


def report(text, published, town=None, lat=None, lon=None, dated=True, title=None, killed=None,
           outlet="Wire", **event):
    """The report view of a one-event article about ``town`` (a town the gazetteer knows)."""
    article = Article.make(text, published=published, outlet=outlet, title=title or text[:40])
    places, figures, dates = [], [], []
    if town:
        start = text.index(town)
        places.append(Place(text=town, name=town, feature="city", role="event",
                            latitude=lat, longitude=lon, geo_precision=1,
                            evidence=Evidence(article_id=article.id, start=start,
                                              end=start + len(town), text=town)))
    if killed:
        words, victims = killed
        start = text.index(words)
        figures.append(Figure(kind="killed", low=int(words.split()[-1]) if words.split()[-1].isdigit()
                              else None, text=words, victims=victims, hedge="exact",
                              evidence=Evidence(article_id=article.id, start=start,
                                                end=start + len(words), text=words)))
        figures[0].low = figures[0].low or 0
        figures[0].high = figures[0].low
    if dated:
        dates.append(DateMention(text="7 March 2025", date=event.get("date", published),
                                 time_precision=1,
                                 evidence=Evidence(article_id=article.id, start=0, end=1)))
    fields = dict(event_type="Battles", sub_event_type="Armed clash", date=published,
                  actor1="Military Forces of Pakistan", actor2="Unidentified Armed Group (Pakistan)",
                  location=town, latitude=lat, longitude=lon, geo_precision=1 if town else 3,
                  **DISTRICT)
    fields.update(event)
    reading = ArticleReading(article_id=article.id, published=published, outlet=outlet,
                             events=[EventReport(**fields)], places=places, figures=figures,
                             dates=dates)
    (v,) = report_views(article, reading)
    return v


def _sizes(groups):
    return sorted(len(g) for g in groups)


def test_two_clashes_the_same_day_30_km_apart_in_one_district_stay_two():
    a = report("On 7 March 2025 soldiers and gunmen exchanged fire in Jani Khel for hours.",
               "2025-03-07", town="Jani Khel", lat=32.80, lon=70.45)
    b = report("On 7 March 2025 troops fought armed men near Domel after a patrol was ambushed.",
               "2025-03-07", town="Domel", lat=33.05, lon=70.55)
    assert _sizes(cluster([a, b])) == [1, 1]


def _bombing():
    text1 = ("A bomb hidden in a motorbike exploded at the Mirali bus stand on 7 March 2025, "
             "killing 9 people, police said.")
    text2 = ("Nine people died when a motorbike bomb went off at the Mirali bus stand on Friday, "
             "officials said; the toll stands at 9 people.")
    text3 = ("Mourners buried the 9 people killed in the Mirali bus stand bombing as shops "
             "stayed shut.")
    bomb = dict(event_type="Explosions/Remote violence",
                sub_event_type="Remote explosive/landmine/IED",
                actor1="Unidentified Armed Group (Pakistan)", actor2="Civilians (Pakistan)")
    return [
        report(text1, "2025-03-07", town="Mirali", lat=32.95, lon=70.27, outlet="A",
               killed=("killing 9", "people"), **bomb),
        report(text2, "2025-03-08", town="Mirali", lat=32.95, lon=70.27, outlet="B",
               killed=("toll stands at 9", "people"), date="2025-03-07", **bomb),
        # no date in the text: bounded by its publication, two days later
        report(text3, "2025-03-09", town="Mirali", lat=32.95, lon=70.27, outlet="C",
               dated=False, killed=("the 9", "people"), **bomb),
    ]


def test_three_outlets_over_three_days_one_undated_are_one_bombing():
    assert _sizes(cluster(_bombing())) == [3]


def test_a_month_of_daily_clashes_in_one_city_is_never_one_event():
    start = dt.date(2025, 3, 1)
    clashes = []
    for day in range(30):
        d = (start + dt.timedelta(days=day)).isoformat()
        clashes.append(report(
            f"On {d} security forces and militants clashed again in Bannu city, a local "
            "official said.", d, town="Bannu", lat=32.99, lon=70.60, outlet=f"O{day % 3}"))
    groups = cluster(clashes)
    assert max(_sizes(groups)) <= 2
    for g in groups:
        days = sorted(r.day for r in g)
        assert (dt.date.fromisoformat(days[-1]) - dt.date.fromisoformat(days[0])).days <= 2


def test_the_grouping_does_not_depend_on_arrival_order():
    reports = _bombing() + [
        report("On 7 March 2025 soldiers and gunmen exchanged fire in Jani Khel for hours.",
               "2025-03-07", town="Jani Khel", lat=32.80, lon=70.45),
    ]
    results = {
        tuple(tuple(r.id for r in g) for g in cluster(list(order)))
        for order in itertools.permutations(reports)
    }
    assert len(results) == 1


def test_a_report_without_any_date_stays_alone_and_is_flagged_undated():
    bombing = _bombing()
    text = "A motorbike bomb went off at the Mirali bus stand, killing 9 people, police said."
    undated = report(text, None, town="Mirali", lat=32.95, lon=70.27, dated=False, outlet="D",
                     killed=("killing 9", "people"), date=None,
                     event_type="Explosions/Remote violence",
                     sub_event_type="Remote explosive/landmine/IED",
                     actor1="Unidentified Armed Group (Pakistan)", actor2="Civilians (Pakistan)")
    assert undated.undated and not bombing[0].undated
    groups = cluster([*bombing, undated])
    assert _sizes(groups) == [1, 3]  # never linked by its text alone
    assert [g for g in groups if len(g) == 1][0][0].id == undated.id


def test_a_street_in_one_report_and_a_neighbourhood_in_the_other_are_not_two_places():
    from fogwatch.reconcile.match import distinct_places

    a = report("On 7 March 2025 a man was shot dead on Larkspur Drive, police said.",
               "2025-03-07")
    b = report("On 7 March 2025 a man was shot dead in Elm Heights, police said.", "2025-03-07")
    a = a.model_copy(update={"towns": [], "sites": ["larkspur drive"]})
    b = b.model_copy(update={"towns": ["elm heights"], "sites": []})
    assert distinct_places(a, b) is None
    # two streets, or two towns, that neither report shares still are two places
    c = b.model_copy(update={"towns": [], "sites": ["birch avenue"]})
    assert distinct_places(a, c) == ("larkspur drive", "birch avenue")
    d = a.model_copy(update={"towns": ["oak park"], "sites": ["larkspur drive"]})
    assert distinct_places(d, b) == ("oak park", "elm heights")
