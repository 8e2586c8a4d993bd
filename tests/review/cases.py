"""Hand-made articles and readings for the review tests (sentences written for them)."""

from __future__ import annotations

from hand_readings import hand_reading


def reading(text: str, outlet: str, published: str, figures, event: dict | None = None,
            reverse: bool = False):
    """One event near Turbat with these figures (``event`` overrides its fields)."""
    fields = dict(
        event_type="Battles", sub_event_type="Armed clash", date=published, country="Pakistan",
        iso="PK", admin1="Balochistan", location="Turbat", latitude=26.0, longitude=63.05,
        geo_precision=1, actor1="Military Forces of Pakistan", inter1=1,
        actor2="BLA: Baloch Liberation Army", inter2=2,
    )
    return hand_reading(text, outlet, published, figures, {**fields, **(event or {})}, reverse)


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


def seed(store) -> None:
    """The three readings every review test starts from: two reports of the Turbat clash
    (ARMY, GROUP) and one of another place (FAR)."""
    for item in (ARMY, GROUP, FAR):
        store.add(*item)
