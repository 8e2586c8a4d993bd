"""The "same incident" rule and the event built from reconciled reports."""

from __future__ import annotations

import itertools

from fogwatch.model import (
    Article,
    ArticleReading,
    Claimant,
    EventReport,
    Evidence,
    Figure,
    Place,
)
from fogwatch.reconcile import build_event, cluster, compare, report_views

BASE = dict(
    event_type="Battles", sub_event_type="Armed clash", country="Pakistan", iso="PK",
    admin1="Balochistan", geo_precision=3, actor1="Military Forces of Pakistan",
)


def view(text, published, outlet="Wire", figures=(), dated=True, places=(), **event):
    """The report view of a one-event article; figures are (low, victims, claimant, kind,
    words), places (name, feature, role) for the first use of each name in the text."""
    article = Article.make(text, published=published, outlet=outlet, title=text[:30])
    named = []
    for name, feature, role in places:
        start = text.index(name)
        named.append(Place(text=name, name=name, feature=feature, role=role,
                           evidence=Evidence(article_id=article.id, start=start,
                                             end=start + len(name), text=name)))
    figs = []
    for low, victims, claimant, kind, words, *hedge in figures:
        start = text.index(words)
        figs.append(Figure(
            kind="killed", low=low, high=None if hedge else low, hedge=hedge[0] if hedge else "exact",
            text=words, victims=victims,
            claimant=Claimant(name=claimant, kind=kind) if claimant else None,
            evidence=Evidence(article_id=article.id, start=start, end=start + len(words), text=words),
        ))
    fields = {**BASE, "date": published, **event}
    dates = []
    if dated:
        from fogwatch.model import DateMention

        dates = [DateMention(text="on the day", date=fields["date"],
                             evidence=Evidence(article_id=article.id, start=0, end=1))]
    reading = ArticleReading(article_id=article.id, published=published, outlet=outlet,
                             events=[EventReport(**fields)], figures=figs, dates=dates,
                             places=named)
    (v,) = report_views(article, reading)
    return v


def test_reports_of_one_article_are_never_merged():
    a = view("Clash in Kalat.", "2025-02-01")
    assert not compare(a, a.model_copy(update={"idx": 1, "id": a.id + "x"})).linked


def _in(town, v):
    """A copy of the view with ``town`` as its named event place."""
    return v.model_copy(update={
        "towns": [town],
        "mentioned": [town],
        # what report_views leaves out when the reading has the place
        "names": [n for n in v.names if n != town],
        "title_words": [w for w in v.title_words if w != town],
    })


KALAT = dict(admin2="Kalat", location="Kalat", geo_precision=1)


def test_same_town_and_figure_a_day_apart_is_one_incident_but_not_two_days():
    a = _in("kalat", view("Militants attacked a post in Kalat, killing 4 soldiers.", "2025-02-01",
                          figures=[(4, "soldiers", None, None, "4 soldiers")], **KALAT))
    b = _in("kalat", view("A security post in Kalat came under fire; 4 soldiers died.", "2025-02-02",
                          figures=[(4, "soldiers", None, None, "4 soldiers")], **KALAT))
    match = compare(a, b)
    assert match.linked and "same figure 4 killed" in match.reasons
    c = _in("kalat", view("A security post in Kalat came under fire; 4 soldiers died.", "2025-02-03",
                          figures=[(4, "soldiers", None, None, "4 soldiers")], **KALAT))
    m = compare(a, c)
    assert not m.linked and m.score is None  # two days apart: a hard condition


def test_same_town_day_and_type_alone_is_not_enough():
    # ACLED's grain: two protests in one city on one day are two events unless the
    # reports share something specific (a figure, names, an actor, their words).
    a = _in("kalat", view("Traders marched in Kalat over power cuts.", "2025-02-01", **KALAT))
    b = _in("kalat", view("Teachers rallied in Kalat demanding back pay.", "2025-02-01", **KALAT))
    assert not compare(a, b).linked


def test_a_named_victim_both_reports_give_links_them():
    # Two outlets, one shooting in one town: the same victim's full name is the
    # specific detail that ties them; a different victim that day keeps them apart.
    a = _in("kalat", view("Gunmen shot dead a shopkeeper, Tomas Verrin, outside his shop in Kalat.",
                          "2025-02-01", **KALAT))
    b = _in("kalat", view("Relatives of Tomas Verrin, killed in Kalat, asked for an inquiry.",
                          "2025-02-01", **KALAT))
    assert "tomas verrin" in a.full_names and "tomas verrin" in b.full_names
    match = compare(a, b)
    assert match.linked and "both name tomas verrin" in match.reasons
    c = _in("kalat", view("Relatives of Ilse Marrow, killed in Kalat, asked for an inquiry.",
                          "2025-02-01", **KALAT))
    assert not compare(a, c).linked


def test_an_undated_follow_up_may_come_days_later():
    a = view("Gunmen attacked the post near Kalat.", "2025-02-01", actor2="BLA: Baloch Liberation Army")
    follow = view("The BLA said the attack near Kalat was a warning.", "2025-02-05", dated=False,
                  actor2="BLA: Baloch Liberation Army")
    assert compare(a, follow).linked
    before = view("The BLA said the attack near Kalat was a warning.", "2025-01-28", dated=False,
                  actor2="BLA: Baloch Liberation Army")
    assert not compare(a, before).linked  # an article cannot report what came after it


def test_hard_conditions():
    a = view("Clash in Kalat.", "2025-02-01", actor2="BLA: Baloch Liberation Army")
    assert not compare(a, view("Clash in Kalat.", "2025-02-01", country="India", iso="IN",
                               actor2="BLA: Baloch Liberation Army")).linked
    assert not compare(a, view("Clash in Lahore.", "2025-02-01", admin1="Punjab",
                               actor2="BLA: Baloch Liberation Army")).linked
    protest = view("Protest in Quetta.", "2025-02-01", event_type="Protests",
                   sub_event_type="Peaceful protest", actor2="BLA: Baloch Liberation Army")
    assert not compare(a, protest).linked


def test_coarse_places_need_more_than_the_province():
    a = view("Attacks across the province left many dead.", "2025-02-01")
    b = view("Police stations were stormed overnight.", "2025-02-01")
    assert not compare(a, b).linked  # same admin1 and type only: not enough
    a2 = view("Attacks across the province killed 18 civilians.", "2025-02-01",
              actor2="BLA: Baloch Liberation Army",
              figures=[(18, "civilians", None, None, "18 civilians")])
    b2 = view("Police stations were stormed; 18 civilians died.", "2025-02-01",
              actor2="BLA: Baloch Liberation Army",
              figures=[(18, "civilians", None, None, "18 civilians")])
    assert compare(a2, b2).linked  # a shared named actor and the same figure make it


def test_precise_places_far_apart_are_different_incidents():
    quetta = view("Bomb in Quetta.", "2025-02-01", location="Quetta", latitude=30.19,
                  longitude=67.01, geo_precision=1, actor2="BLA: Baloch Liberation Army")
    turbat = view("Bomb in Turbat.", "2025-02-01", location="Turbat", latitude=26.0,
                  longitude=63.05, geo_precision=1, actor2="BLA: Baloch Liberation Army")
    assert not compare(quetta, turbat).linked


def test_two_people_both_reports_name_outweigh_geocodes_that_disagree():
    # One shooting, two outlets: one geocoded "Floyd" to the county in one state, the
    # other to its namesake in another. The victim and the shooter both reports name
    # say the geocodes are wrong, not the incident different.
    us = dict(event_type="Violence against civilians", sub_event_type="Attack",
              country="United States", iso="US", actor1="Unidentified Armed Group (United States)")
    floyd_a = dict(us, admin1="Virginia", admin2="Floyd", location="Floyd", geo_precision=2,
                   latitude=36.91, longitude=-80.32)
    floyd_b = dict(us, admin1="Georgia", admin2="Floyd", location="Floyd", geo_precision=2,
                   latitude=34.26, longitude=-85.21)
    a = view("Wendell Oakes was shot by his friend Corin Tallis at a home in Floyd County.",
             "2025-02-01", **floyd_a)
    b = view("Corin Tallis, 20, shot Wendell Oakes in a bedroom, police in Floyd County said.",
             "2025-02-01", **floyd_b)
    match = compare(a, b)
    assert match.linked
    assert "places disagree, but both name corin tallis and wendell oakes" in match.reasons
    # one shared name is not enough, nor are titles and offices ("Sheriff Corin")
    c = view("Wendell Oakes was shot at a home, the Floyd County Sheriff Office said.",
             "2025-02-01", **floyd_b)
    assert not compare(a, c).linked
    assert not any("places disagree" in r for r in compare(a, c).reasons)
    # nor do two people named in a report of another kind of event
    d = view("Corin Tallis and Wendell Oakes marched with neighbours in Floyd County.",
             "2025-02-01", **dict(floyd_b, event_type="Protests", sub_event_type="Peaceful protest",
                                  actor1="Protesters (United States)"))
    assert not compare(a, d).linked


def test_a_day_marked_across_the_country_is_no_name_two_rallies_share():
    # May Day rallies in two districts of one city: both name the day, which every
    # rally held on it names; that is no specific detail of one incident
    rally = dict(event_type="Protests", sub_event_type="Peaceful protest",
                 actor1="Protesters (Pakistan)", admin2="Quetta", geo_precision=2)
    a = view("Workers marched on International Workers' Day, calling for higher wages.",
             "2025-05-01", **rally)
    b = view("On International Workers' Day, teachers rallied for back pay.", "2025-05-01",
             **rally)
    assert not any("day" in n.split() for n in a.full_names)
    assert not compare(a, b).linked


def test_rallies_of_one_wave_in_two_cities_are_two_events():
    # one outlet's rally in Corrientes mentions the one in Buenos Aires, 800 km away:
    # ACLED codes a protest wave one event per city, so the mention is no shared place
    rally = dict(event_type="Protests", sub_event_type="Peaceful protest",
                 actor1="Protesters (Argentina)", country="Argentina", iso="AR",
                 geo_precision=1)
    a = _in("corrientes", view(
        "Teachers led by Ana Ruiz rallied in Corrientes, as colleagues did in Buenos Aires.",
        "2025-05-06", **dict(rally, admin1="Corrientes", location="Corrientes",
                             latitude=-27.47, longitude=-58.83)))
    b = _in("buenos aires", view(
        "Teachers rallied in Buenos Aires over pay, the union's Ana Ruiz said.",
        "2025-05-06", **dict(rally, admin1="Buenos Aires F.D.", location="Buenos Aires",
                             latitude=-34.6, longitude=-58.38)))
    match = compare(a, b)
    assert not match.linked and not any(r.startswith("both name buenos") for r in match.reasons)
    # the same two reports of an attack: a follow-up naming the first place ties them
    attack = dict(event_type="Violence against civilians", sub_event_type="Attack",
                  actor1="Unidentified Armed Group (Argentina)")
    a2, b2 = (v.model_copy(update={"event": v.event.model_copy(update=attack)}) for v in (a, b))
    assert "both name buenos aires" in compare(a2, b2).reasons


def test_a_people_and_a_monitor_named_by_every_report_are_no_shared_names():
    # two clashes in one town on one day: "Afghan", "Saudi-led" and the OSCE SMM are
    # named by every report of their country or region, so they tie nothing together
    town = dict(KALAT, sub_event_type="Armed clash")
    a = _in("kalat", view("Fighting broke out in Kalat between militants and Afghan and "
                          "Saudi-led forces, the OSCE SMM said.", "2025-02-01", **town))
    b = _in("kalat", view("Gunmen fired at a convoy near Kalat, hitting Afghan and "
                          "Saudi-led troops, the OSCE SMM reported.", "2025-02-01", **town))
    for v in (a, b):
        assert not {"afghan", "saudi-led", "osce", "smm"} & set(v.names)
    assert not compare(a, b).linked


def _region(v):
    """A copy of the view whose "Red Sea" is a place name, as report_views leaves it out
    of the names."""
    return v.model_copy(update={"names": [n for n in v.names if n not in ("red", "sea")],
                                "full_names": [n for n in v.full_names if n != "red sea"]})


def test_a_region_given_as_the_place_is_no_shared_town():
    # two shellings the reader could place only "on the Red Sea coast": the name of a
    # region (here a sea, and Sudan's and Egypt's provinces) ties no two reports
    # together, as a province's does not
    shelling = dict(event_type="Explosions/Remote violence",
                    sub_event_type="Shelling/artillery/missile attack", country="Yemen",
                    iso="YE", admin1="Al Hudaydah", geo_precision=3,
                    actor1="National Resistance Forces")
    a, b = (_region(_in("red sea", view(text, "2025-02-01", **shelling))) for text in (
        "Shells hit farms on the Red Sea coast at dawn.",
        "Artillery struck a market on the Red Sea coast."))
    match = compare(a, b)
    assert "same province, no town given" in match.reasons and not match.linked
    # a town both give still does
    c, d = _in("kalat", a), _in("kalat", b)
    assert "both name kalat" in compare(c, d).reasons


def test_two_relative_dates_a_day_apart_cost_little():
    # "late on Saturday" and "overnight": outlets date one attack a day apart. The town,
    # the type, the same toll and one shared name make it one incident all the same;
    # without the name it is not enough
    four = [(4, "soldiers", None, None, "4 soldiers")]
    a = _in("kalat", view("Militants attacked the Brakan army post in Kalat late on Saturday, "
                          "killing 4 soldiers.", "2025-02-01", figures=four, **KALAT))
    b = _in("kalat", view("Overnight gunfire hit the Brakan checkpoint in Kalat and 4 soldiers "
                          "died, officials said.", "2025-02-02", figures=four, **KALAT))
    match = compare(a, b)
    assert "1 day apart" in match.reasons and match.linked
    c = _in("kalat", view("Overnight gunfire hit a checkpoint in Kalat and 4 soldiers died, "
                          "officials said.", "2025-02-02", figures=four, **KALAT))
    assert not compare(a, c).linked


def test_text_similarity_is_the_share_of_the_shorter_text_the_other_uses():
    from fogwatch.reconcile.match import features

    brief = ("Gunmen ambushed a convoy carrying grain near the river crossing, burning "
             "three trucks and wounding drivers before fleeing toward the hills.")
    story = brief + " " + " ".join(
        f"Witness number {w} described {x} scenes, {y} roads and {z} fields afterwards."
        for w, x, y, z in zip(
            ["alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel",
             "india", "juliet", "kilo", "lima", "mike", "november", "oscar", "papa"],
            ["chaotic", "smoky", "quiet", "frantic", "grim", "eerie", "tense", "bloody",
             "noisy", "bleak", "solemn", "dusty", "muddy", "silent", "stark", "somber"],
            ["blocked", "empty", "flooded", "narrow", "rutted", "winding", "paved", "closed",
             "guarded", "crowded", "broken", "steep", "sandy", "rocky", "icy", "wide"],
            ["burnt", "trampled", "green", "fallow", "terraced", "fenced", "barren", "wet",
             "ploughed", "mined", "flat", "sloped", "dry", "lush", "harvested", "cleared"],
            strict=True))
    a = view(brief, "2025-02-01", **KALAT)
    b = view(story, "2025-02-01", **KALAT)
    sim = features(a, b)["similarity"]
    # the long story uses every word of the brief: the overlap is whole, though the
    # two texts' Jaccard similarity is a fraction of it
    union = len(set(a.content) | set(b.content))
    assert sim == 1.0 and len(set(a.content)) / union < 0.3


def test_two_long_stories_sharing_most_words_outweigh_geocodes_that_disagree():
    # an outlet's copy of another's story of one shooting, with "Floyd" read in another
    # state: the shared text says one of the geocodes is wrong
    body = " ".join(
        f"Deputies {v} the {n} near the {p} before {t} arrived at the scene."
        for v, n, p, t in zip(
            ["searched", "photographed", "measured", "questioned", "canvassed", "sealed",
             "mapped", "cleared", "guarded", "fenced", "lit", "swept", "filmed", "taped",
             "patrolled", "watched", "combed", "checked", "marked"],
            ["driveway", "garage", "porch", "kitchen", "stairwell", "backyard", "basement",
             "hallway", "shed", "attic", "carport", "orchard", "cellar", "pantry", "meadow",
             "paddock", "veranda", "workshop", "stable"],
            ["mailbox", "hydrant", "tractor", "trailer", "pickup", "barn", "silo", "pond",
             "creek", "bridge", "chapel", "grocery", "bakery", "tavern", "windmill", "quarry",
             "sawmill", "depot", "kennel"],
            ["detectives", "medics", "troopers", "coroners", "chaplains", "firefighters",
             "investigators", "paramedics", "reporters", "neighbours", "relatives", "agents",
             "marshals", "wardens", "rangers", "pastors", "nurses", "lawyers", "teachers"],
            strict=True))
    us = dict(event_type="Violence against civilians", sub_event_type="Attack",
              country="United States", iso="US", actor1="Unidentified Armed Group (United States)",
              geo_precision=2, admin2="Floyd", location="Floyd")
    a = view("A man was shot dead at a farmhouse in Floyd County on Sunday. " + body,
             "2025-02-01", **dict(us, admin1="Virginia", latitude=36.91, longitude=-80.32))
    b = view("Sheriff: a man was shot dead at a farmhouse in Floyd County. " + body,
             "2025-02-01", **dict(us, admin1="Georgia", latitude=34.26, longitude=-85.21))
    match = compare(a, b)
    assert any(r.startswith("places disagree, but the texts share") for r in match.reasons)
    # two short notes of one formula are not long stories: their geocodes stand
    c = view("A man was shot dead at a farmhouse in Floyd County.", "2025-02-01",
             **dict(us, admin1="Virginia", latitude=36.91, longitude=-80.32))
    d = view("A man was shot dead at a farmhouse in Floyd County.", "2025-02-01",
             **dict(us, admin1="Georgia", latitude=34.26, longitude=-85.21))
    assert not any(r.startswith("places disagree") for r in compare(c, d).reasons)


def _chain():
    six = [(6, "soldiers", None, None, "6 soldiers")]
    return [
        _in("kalat", view("Gunmen attacked a post in Kalat and killed 6 soldiers.", "2025-02-01",
                          outlet="A", actor2="BLA: Baloch Liberation Army", figures=six, **KALAT)),
        _in("kalat", view("Kalat post attack: 6 soldiers killed.", "2025-02-01", outlet="B",
                          actor2="BLA: Baloch Liberation Army", figures=six, **KALAT)),
        _in("kalat", view("Aftermath of the Kalat post attack: 6 soldiers buried.", "2025-02-02",
                          outlet="C", actor2="BLA: Baloch Liberation Army", figures=six, **KALAT)),
        view("Protest in Lahore.", "2025-02-02", outlet="D", admin1="Punjab",
             event_type="Protests", sub_event_type="Peaceful protest"),
    ]


def test_grouping_and_ids_do_not_depend_on_arrival_order():
    results = set()
    for order in itertools.permutations(_chain()):
        groups = cluster(list(order))
        results.add(tuple(sorted((build_event(g)["id"], tuple(r.id for r in g)) for g in groups)))
    assert len(results) == 1
    (only,) = results
    assert sorted(len(members) for _, members in only) == [1, 3]


MIL, GOV, POL = "Military Forces of Pakistan", "Government of Pakistan", "Police Forces of Pakistan"
BLA = "BLA: Baloch Liberation Army"


def test_parties_that_cannot_both_be_right_contest_a_figure():
    mil = view("The military said 26 hostages were killed.", "2025-03-13",
               figures=[(26, "hostages", MIL, "state", "26")])
    bla = view("The BLA said 214 hostages were killed.", "2025-03-13",
               figures=[(214, "hostages", BLA, "rebel", "214")])
    event = build_event([mil, bla])
    (side,) = event["summary"]["ranges"]["by_side"]
    assert side["contested"] and (side["low"], side["high"], side["conservative"]) == (26, 214, 26)
    assert event["summary"]["fatalities"] == 26  # the lowest credible figure


def test_authorities_revising_a_toll_is_not_a_dispute():
    early = view("Police said at least 20 people were killed.", "2024-11-09",
                 figures=[(20, "people", POL, "state", "at least 20", "at_least")])
    later = view("Officials said 24 people were killed.", "2024-11-09",
                 figures=[(24, "people", GOV, "government", "24")])
    final = view("The toll rose to 26, hospital officials said.", "2024-11-10",
                 figures=[(26, "people", GOV, "medical", "26")])
    event = build_event([early, later, final])
    (side,) = event["summary"]["ranges"]["by_side"]
    assert not side["contested"] and side["conservative"] == 26
    assert event["summary"]["fatalities"] == 26


def test_vague_counts_are_coded_conservatively_and_can_be_disputed():
    bla = view("The BLA said dozens of soldiers were killed.", "2025-02-01",
               figures=[(24, "soldiers", BLA, "rebel", "dozens", "vague")])
    bla.figures[0].vague, bla.figures[0].count = "dozens", 12
    mil = view("The military said 15 soldiers and 18 civilians died, and 92 militants.", "2025-02-02",
               figures=[(15, "soldiers", MIL, "state", "15"), (18, "civilians", MIL, "state", "18"),
                        (92, "militants", MIL, "state", "92")])
    event = build_event([bla, mil])["summary"]
    state = next(r for r in event["ranges"]["by_side"] if r["side"] == "state")
    assert state["contested"] and state["conservative"] == 12
    assert event["fatalities"] == 12 + 18 + 92
    assert event["deaths"] == {"state": 12, "nonstate": 92, "civilians": 18, "unknown": 0}


def test_unspecified_victims_are_a_floor_and_attackers_add():
    mil = view("The military said 26 people were killed and 33 militants died.", "2025-03-14",
               figures=[(26, "people", MIL, "state", "26"), (33, "militants", MIL, "state", "33")])
    mil2 = view("Four soldiers were among the dead, the military said.", "2025-03-14",
                figures=[(4, "soldiers", MIL, "state", "Four")])
    event = build_event([mil, mil2])["summary"]
    assert event["fatalities"] == 33 + 26


def test_ledger_is_ordered_by_first_report_and_counts_sources():
    a = view("The BLA said 40 soldiers were killed.", "2025-02-02", outlet="B",
             figures=[(40, "soldiers", BLA, "rebel", "40")])
    b = view("The military said 15 soldiers were killed.", "2025-02-01", outlet="A",
             figures=[(15, "soldiers", MIL, "state", "15")])
    c = view("The military said 15 soldiers were killed in all.", "2025-02-03", outlet="A",
             figures=[(15, "soldiers", MIL, "state", "15")])
    event = build_event([a, b, c])
    ledger = event["detail"]["ledger"]
    assert [e["published"] for e in ledger] == ["2025-02-01", "2025-02-02", "2025-02-03"]
    assert ledger[2]["first_reported"] == "2025-02-01"  # the military said it first on the 1st
    s = event["summary"]
    assert (s["first_reported"], s["last_reported"], s["n_sources"], s["n_outlets"]) == (
        "2025-02-01", "2025-02-03", 3, 2)


def test_reports_naming_the_same_event_place_agree_on_the_place():
    a = view("Gunmen shot tourists near Pahalgam.", "2025-04-22", country="India", iso="IN",
             admin1="Jammu and Kashmir", admin2="Anantnag", location="Pahalgam",
             latitude=34.02, longitude=75.32, geo_precision=2)
    b = view("Gunmen killed tourists near Pahalgam.", "2025-04-23", country="India", iso="IN",
             admin1="Jammu and Kashmir", admin2="Jammu", location="Jammu",
             latitude=32.68, longitude=74.81, geo_precision=2)
    apart = compare(a, b)
    assert not apart.linked  # two precise places 150 km apart
    compare_score_apart = apart.score
    a, b = _in("pahalgam", a), _in("pahalgam", b)
    b.towns = ["jammu", "pahalgam"]
    match = compare(a, b)
    assert "both name pahalgam" in match.reasons and match.score > compare_score_apart


def test_a_shared_name_that_is_a_province_does_not_place_two_towns_together():
    # Two rallies of one campaign in two cities, both naming the capital, a city that is
    # a province of its own: the capital's name says nothing of where each rally was.
    protest = dict(event_type="Protests", sub_event_type="Peaceful protest",
                   actor1="Protesters (Pakistan)", geo_precision=1)
    capital = view("Teachers of the Fair Pay Now campaign rallied in Islamabad on Friday "
                   "against the wage freeze ordered by the Islamabad government.", "2025-03-07",
                   outlet="A", location="Islamabad", admin1="Islamabad",
                   latitude=33.72, longitude=73.06, places=[("Islamabad", "city", "event")],
                   **protest)
    lahore = view("Teachers of the Fair Pay Now campaign rallied in Lahore on Friday "
                  "against the wage freeze ordered by the Islamabad government.", "2025-03-07",
                  outlet="B", location="Lahore", admin1="Punjab",
                  latitude=31.55, longitude=74.34,
                  places=[("Lahore", "city", "event"), ("Islamabad", "city", "mention")],
                  **protest)
    verdict = compare(capital, lahore)
    assert not verdict.linked, verdict
    # the same rally, told twice, still links
    again = view("Teachers of the Fair Pay Now campaign rallied in Islamabad on Friday "
                 "against the wage freeze.", "2025-03-07", outlet="C", location="Islamabad",
                 admin1="Islamabad", latitude=33.72, longitude=73.06,
                 places=[("Islamabad", "city", "event")], **protest)
    assert compare(capital, again).linked


def test_a_town_the_gazetteer_lacks_is_not_the_city_its_province_is_named_for():
    # One report places the clash in a village the gazetteer does not know, in the province
    # (so at province level); the other in the city that gives the province its name. The
    # first report's "Donetsk" is the province, not the city: two places.
    clash = dict(country="Ukraine", iso="UA", admin1="Donetsk", actor1="Military Forces of Ukraine",
                 actor2="NAF: United Armed Forces of Novorossiya")
    village = view("Mortars were fired at positions near Kalynove, Donetsk, on Monday.",
                   "2025-03-03", outlet="A", location="Donetsk", geo_precision=3,
                   places=[("Kalynove", None, "event")], **clash)
    city = view("Mortars were fired at positions near Donetsk on Monday.", "2025-03-03",
                outlet="B", location="Donetsk", geo_precision=1, latitude=48.0,
                longitude=37.8, places=[("Donetsk", "city", "event")], **clash)
    assert compare(village, city).reasons == ["different places: kalynove and donetsk"]
