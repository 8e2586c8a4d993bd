"""Hand-made articles and readings for the review tests (sentences written for them)."""

from __future__ import annotations

from fogwatch.model import Article, ArticleReading, Claim, Claimant, EventReport, Evidence, Figure


def reading(text: str, outlet: str, published: str, figures, event: dict | None = None,
            reverse: bool = False):
    """An article and a reading: one event with these figures (``reverse`` lists the
    figures in the opposite order, as a newer reader might)."""
    article = Article.make(text, published=published, outlet=outlet, title=text[:40])
    figs, claims = [], []
    specs = list(reversed(figures)) if reverse else list(figures)
    for kind, low, victims, claimant, claimant_kind, words in specs:
        start = text.index(words)
        ev = Evidence(article_id=article.id, start=start, end=start + len(words), text=words)
        speaker = Claimant(name=claimant, kind=claimant_kind) if claimant else None
        figs.append(Figure(kind=kind, low=low, high=low, hedge="exact", text=words,
                           victims=victims, claimant=speaker, evidence=ev))
        claims.append(Claim(type="casualty_figure", speaker=speaker, text=text, evidence=ev,
                            figure_index=len(figs) - 1))
    fields = dict(
        event_type="Battles", sub_event_type="Armed clash", date=published, country="Pakistan",
        iso="PK", admin1="Balochistan", location="Turbat", latitude=26.0, longitude=63.05,
        geo_precision=1, actor1="Military Forces of Pakistan", inter1=1,
        actor2="BLA: Baloch Liberation Army", inter2=2, figures=list(range(len(figs))),
        claims=list(range(len(claims))),
    )
    fields.update(event or {})
    read = ArticleReading(article_id=article.id, published=published, outlet=outlet,
                          events=[EventReport(**fields)], figures=figs, claims=claims)
    return article, read


ARMY = reading(
    "The army said 12 soldiers and 30 fighters died when the camp near Turbat was stormed.",
    "Wire A", "2025-03-04",
    [("killed", 12, "soldiers", "Military Forces of Pakistan", "state", "12"),
     ("killed", 30, "militants", "Military Forces of Pakistan", "state", "30")],
)
GROUP = reading(
    "The armed group said 50 soldiers died when its fighters stormed the camp near Turbat.",
    "Wire B", "2025-03-05",
    [("killed", 50, "soldiers", "BLA: Baloch Liberation Army", "rebel", "50")],
)
LATER = reading(
    "Officials said 13 soldiers were buried after the assault on the camp near Turbat.",
    "Wire C", "2025-03-06",
    [("killed", 13, "soldiers", "Military Forces of Pakistan", "state", "13")],
)
FAR = reading(
    "Police said 4 people were hurt in a market blast in Karachi on Tuesday.",
    "Wire D", "2025-03-04",
    [("injured", 4, "people", "Police Forces of Pakistan", "state", "4")],
    {"event_type": "Explosions/Remote violence", "sub_event_type": "Remote explosive/landmine/IED",
     "admin1": "Sindh", "location": "Karachi", "latitude": 24.86, "longitude": 67.01,
     "actor1": "Unidentified Armed Group (Pakistan)", "inter1": 3, "actor2": "Civilians (Pakistan)",
     "inter2": 7},
)
KARACHI = {"event_type": "Explosions/Remote violence",
           "sub_event_type": "Remote explosive/landmine/IED", "admin1": "Sindh",
           "location": "Karachi", "latitude": 24.86, "longitude": 67.01,
           "actor1": "Unidentified Armed Group (Pakistan)", "inter1": 3,
           "actor2": "Civilians (Pakistan)", "inter2": 7}
FAR_AGAIN = reading(
    "Four shoppers, 4 in all, were wounded when a device went off at a Karachi market.",
    "Wire E", "2025-03-04",
    [("injured", 4, "people", "Police Forces of Pakistan", "state", "4 in all")],
    KARACHI,
)
