"""The domain model: what Fogwatch reads out of an article and what it stores.

Every value that comes from text carries an :class:`Evidence` pointing into the
article text, so a number can always be traced back to the sentence it came from.
All models are pydantic models: typed, JSON-serialisable, and the JSON Schema shipped
in ``fogwatch/schema/reading.schema.json`` is generated from them.
"""

from __future__ import annotations

import hashlib
import re
from typing import Literal, overload

from pydantic import BaseModel, ConfigDict, Field

_SURROGATE = re.compile("[\ud800-\udfff]")

FigureKind = Literal["killed", "injured", "abducted", "arrested", "missing", "displaced"]
Stance = Literal["asserts", "claims", "alleges", "denies", "confirms", "reports", "estimates"]
ClaimType = Literal[
    "casualty_figure",
    "responsibility",
    "accusation",
    "denial",
    "confirmation",
    "commendation",
    "allegation",
    "statement",
]
Verification = Literal["unverified", "disputed", "single_source", "confirmed"]


def outlet_of_url(url: str | None) -> str | None:
    """The outlet a link points to: its host without ``www.`` (None if there is no host).

    ``https://www.example.com/a`` gives ``example.com``; a web-archive copy gives the
    host of the archived page.
    """
    if not url:
        return None
    from urllib.parse import urlsplit

    try:
        parts = urlsplit(url.strip())
        host = parts.hostname or ""
        if host.endswith("archive.org") and "/http" in parts.path:
            inner = parts.path[parts.path.index("/http") + 1 :]
            host = urlsplit(inner.replace(":80/", "/", 1)).hostname or host
    except ValueError:  # a malformed address (bad port, bracket) names no outlet
        return None
    return host.removeprefix("www.") or None


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=False)


class Evidence(_Model):
    """A span of the article text: ``text == article.text[start:end]``."""

    article_id: str
    start: int
    end: int
    text: str = ""


@overload
def _no_surrogates(value: str) -> str: ...
@overload
def _no_surrogates(value: None) -> None: ...
@overload
def _no_surrogates(value: str | None) -> str | None: ...
def _no_surrogates(value: str | None) -> str | None:
    if value is None or _SURROGATE.search(value) is None:
        return value
    return _SURROGATE.sub("\ufffd", value)


class Article(_Model):
    """One news report. ``id`` is a content hash unless the input supplies its own id."""

    id: str
    text: str
    published: str | None = None  # ISO date (YYYY-MM-DD) or datetime
    title: str | None = None
    url: str | None = None
    outlet: str | None = None

    @staticmethod
    def content_id(text: str) -> str:
        """The id of an article text: the same text twice is one article."""
        normalised = " ".join(text.split())
        return hashlib.sha256(normalised.encode("utf-8")).hexdigest()[:16]

    @classmethod
    def make(
        cls,
        text: str,
        published: str | None = None,
        title: str | None = None,
        url: str | None = None,
        outlet: str | None = None,
        id: str | None = None,
    ) -> Article:
        """Build an article, deriving its id from the text when none is given.

        Without an outlet, the outlet is the host of ``url`` (``www.`` dropped). A lone
        UTF-16 surrogate (from a JSON ``"\\ud800"`` escape) becomes U+FFFD, one character
        for one, so the text can be hashed and stored and its offsets stay the same.
        """
        text, title = _no_surrogates(text), _no_surrogates(title)
        return cls(
            id=id or cls.content_id(text),
            text=text,
            published=published,
            title=title,
            url=url,
            outlet=outlet or outlet_of_url(url),
        )


class Claimant(_Model):
    """Who says something: a canonical name, its kind, and the words the article used."""

    name: str  # canonical, e.g. "Military Forces of Pakistan", "BLA: Baloch Liberation Army"
    kind: str = "unknown"  # state | rebel | government | foreign_government | outlet | activists | ...
    text: str | None = None  # as written: "Pakistan's military"
    inter: int | None = None
    evidence: Evidence | None = None


class Figure(_Model):
    """A count of people: "at least 92 militants were killed", with who says so."""

    kind: FigureKind
    low: int | None = None  # lowest value the words allow ("at least 92" -> 92)
    high: int | None = None  # highest value the words allow (None: open-ended)
    text: str  # the count as written: "at least 92", "dozens"
    hedge: str | None = None  # exact | at_least | more_than | up_to | about | range | vague
    vague: str | None = None  # the vague term, when there is one: "dozens", "scores"
    victims: str | None = None  # group: militants | security_forces | soldiers | police | civilians | ...
    victims_text: str | None = None
    perpetrator: str | None = None
    claimant: Claimant | None = None
    stance: Stance = "reports"
    total: bool = False  # a total that other figures are parts of ("33 people, including ...")
    negated: bool = False  # "no casualties were reported"
    background: bool = False
    evidence: Evidence  # the count itself
    sentence: Evidence | None = None  # the whole sentence


class Claim(_Model):
    """A statement attributed to someone: a figure, a responsibility claim, a denial..."""

    type: ClaimType
    speaker: Claimant | None = None
    target: str | None = None  # who or what the claim is about ("India", "the attacks")
    polarity: Literal["positive", "negative"] = "positive"
    text: str  # the exact sentence
    cue: str | None = None  # the reporting verb or phrase: "denied", "claimed responsibility"
    background: bool = False
    figure_index: int | None = None  # index into ArticleReading.figures for casualty_figure
    responds_to: int | None = None  # index into ArticleReading.claims (a denial of an accusation)
    evidence: Evidence


class Place(_Model):
    """A place named in the article, resolved against the gazetteer where possible."""

    text: str
    name: str | None = None  # gazetteer name
    feature: str | None = None  # city | admin2 | admin1 | country
    country: str | None = None
    iso: str | None = None  # ISO 3166-1 alpha-2
    admin1: str | None = None
    admin2: str | None = None
    location: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    geo_precision: int | None = None  # ACLED: 1 town, 2 near town / part of region, 3 region
    geonameid: int | None = None
    role: str = "mention"  # event | measure | background | mention
    evidence: Evidence


class Actor(_Model):
    """A party to the violence, normalised to a canonical name with its ACLED inter code."""

    name: str
    text: str
    inter: int | None = None
    country: str | None = None
    role: str | None = None  # attacker | target | victim | speaker
    evidence: Evidence


class Measure(_Model):
    """A security measure: curfew, communication shutdown, suspended transport, sealed buildings."""

    kind: str  # curfew | mobile_shutdown | internet_shutdown | transport_suspension | buildings_sealed | ...
    text: str
    place: str | None = None
    evidence: Evidence


class DateMention(_Model):
    """A date expression resolved against the publication date."""

    text: str
    date: str | None = None  # ISO YYYY-MM-DD
    time_precision: int | None = None  # ACLED: 1 day, 2 week, 3 month
    evidence: Evidence


class Deaths(_Model):
    """UCDP GED's split of deaths by side and its best / low / high estimates."""

    side_a: int | None = None  # the state side
    side_b: int | None = None  # the non-state side
    civilians: int | None = None
    unknown: int | None = None
    low: int | None = None
    best: int | None = None
    high: int | None = None


class EventReport(_Model):
    """One incident as one article describes it, coded to ACLED's and UCDP's fields."""

    event_type: str | None = None
    sub_event_type: str | None = None
    disorder_type: str | None = None
    date: str | None = None
    time_precision: int | None = None
    actor1: str | None = None
    assoc_actor_1: str | None = None
    inter1: int | None = None
    actor2: str | None = None
    assoc_actor_2: str | None = None
    inter2: int | None = None
    interaction: int | None = None
    civilian_targeting: bool = False
    country: str | None = None
    iso: str | None = None
    admin1: str | None = None
    admin2: str | None = None
    location: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    geo_precision: int | None = None
    fatalities: int = 0
    deaths: Deaths = Field(default_factory=Deaths)
    type_of_violence: int | None = None  # UCDP: 1 state-based, 2 non-state, 3 one-sided
    where_prec: int | None = None
    date_prec: int | None = None
    figures: list[int] = Field(default_factory=list)  # indexes into ArticleReading.figures
    claims: list[int] = Field(default_factory=list)  # indexes into ArticleReading.claims
    measures: list[int] = Field(default_factory=list)  # indexes into ArticleReading.measures
    verification: list[Verification] = Field(default_factory=list)
    background: bool = False
    evidence: list[Evidence] = Field(default_factory=list)


class ArticleReading(_Model):
    """Everything Fogwatch read from one article. ``events[0]`` is the primary event."""

    article_id: str
    published: str | None = None
    title: str | None = None
    url: str | None = None
    outlet: str | None = None
    events: list[EventReport] = Field(default_factory=list)
    claims: list[Claim] = Field(default_factory=list)
    figures: list[Figure] = Field(default_factory=list)
    places: list[Place] = Field(default_factory=list)
    actors: list[Actor] = Field(default_factory=list)
    measures: list[Measure] = Field(default_factory=list)
    dates: list[DateMention] = Field(default_factory=list)
    verification: list[Verification] = Field(default_factory=list)
    reader_version: str = "0"
