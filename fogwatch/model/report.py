"""What reconciliation compares: one event report made self-contained.

A :class:`ReportView` carries everything the "same incident" rule and the event builder
need: the article's outlet and dates, the report's coding (:class:`ReportCoding`), its
figures and claims with their evidence sentences. The store keeps each view as JSON
(sorted keys) in ``event_reports.data``, so events can be rebuilt from the store alone.

Views are read back from stores written by earlier versions: fields added since have
defaults, and keys this version no longer knows are ignored rather than refused.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from fogwatch.model.reading import Deaths, Evidence, FigureKind, Measure, Stance

Side = Literal["state", "nonstate", "civilians", "unknown"]


class _View(BaseModel):
    # Lenient on read (a store may hold keys of another version), never frozen: tests and
    # tools derive variants with ``model_copy(update=...)``.
    model_config = ConfigDict(extra="ignore")


class FigureView(_View):
    """One figure of an article with its claimant, side and ACLED count."""

    id: str  # "<article id>-f<index>"
    idx: int
    article_id: str
    outlet: str | None = None
    published: str | None = None
    kind: FigureKind
    low: int | None = None
    high: int | None = None
    count: int  # the value ACLED would code (see fogwatch.codebook.acled.figure_count)
    text: str
    hedge: str | None = None
    vague: str | None = None
    victims: str | None = None
    victims_text: str | None = None
    side: Side = "unknown"
    perpetrator: str | None = None
    claimant: str  # the speaker's canonical name, or the outlet's when no one is quoted
    claimant_kind: str
    claimant_text: str | None = None
    stance: Stance = "reports"
    total: bool = False
    negated: bool = False
    background: bool = False
    evidence: Evidence
    sentence: Evidence | None = None
    # Set only on a reviewed copy (fogwatch.store.review.apply), never stored with the
    # view: the figure's review mark and who reviewed it. See :meth:`as_json`.
    review_status: str | None = Field(None, exclude=True)
    reviewed_by: list[str] | None = Field(None, exclude=True)

    def as_json(self) -> dict[str, object]:
        """The figure as an event's JSON holds it, with its review when it has one."""
        out: dict[str, object] = self.model_dump(mode="json")
        if self.review_status is not None:
            out["review_status"] = self.review_status
        if self.reviewed_by is not None:
            out["reviewed_by"] = list(self.reviewed_by)
        return out


class ClaimView(_View):
    """One claim of an article; its figure and the claim it answers by id."""

    id: str  # "<article id>-c<index>"
    idx: int
    article_id: str
    outlet: str | None = None
    published: str | None = None
    type: str
    speaker: str
    speaker_kind: str
    speaker_text: str | None = None
    target: str | None = None
    polarity: Literal["positive", "negative"] = "positive"
    cue: str | None = None
    text: str
    background: bool = False
    figure_id: str | None = None
    responds_to: str | None = None
    evidence: Evidence


class ReportCoding(_View):
    """A report's ACLED / UCDP coding: :class:`~fogwatch.model.EventReport` without its
    figures, claims, measures, evidence and deaths (which the view holds resolved)."""

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
    type_of_violence: int | None = None
    where_prec: int | None = None
    date_prec: int | None = None
    verification: list[str] = Field(default_factory=list)
    background: bool = False


class ReportView(_View):
    """One event report of one article, self-contained, as reconciliation reads it."""

    id: str  # "<article id>-r<index>"
    idx: int
    article_id: str
    outlet: str | None = None
    published: str | None = None
    title: str | None = None
    url: str | None = None
    event: ReportCoding
    deaths: Deaths = Field(default_factory=Deaths)
    day: str | None = None  # the text's day, else the publication day
    date_from_text: bool
    background: bool = False
    actors: list[str] = Field(default_factory=list)
    places: list[str] = Field(default_factory=list)  # event places named (lower case)
    # Place keys (fogwatch.reconcile.reports.place_keys), dateline left out, lower case.
    towns: list[str] = Field(default_factory=list)  # event places at town level or finer
    resolved_towns: list[str] = Field(default_factory=list)  # the towns the gazetteer knows
    sites: list[str] = Field(default_factory=list)  # streets, buildings, camps
    districts: list[str] = Field(default_factory=list)  # admin2
    mentioned: list[str] = Field(default_factory=list)  # every place below province
    regions: list[str] = Field(default_factory=list)  # provinces, countries
    # Date keys (fogwatch.reconcile.reports.date_keys).
    interval: list[str] | None = None  # [first, last] day the incident can fall on
    explicit_date: bool = False  # a calendar date in the text, not "Saturday"
    mentioned_days: list[str] = Field(default_factory=list)  # exact days the text names
    names: list[str] = Field(default_factory=list)  # proper names, lower case
    full_names: list[str] = Field(default_factory=list)  # two capitalised words in a row, lower case
    content: list[str] = Field(default_factory=list)  # content words of the whole text
    title_words: list[str] = Field(default_factory=list)
    undated: bool = False  # neither the text nor the publication gives a day
    figures: list[FigureView] = Field(default_factory=list)
    claims: list[ClaimView] = Field(default_factory=list)
    measures: list[Measure] = Field(default_factory=list)
    verification: list[str] = Field(default_factory=list)
    evidence: list[Evidence] = Field(default_factory=list)
    words: list[str] = Field(default_factory=list)  # content words, for text similarity
