"""The reconciled event, as the store keeps it and every output reads it.

An :class:`Event` is what ``Store.event`` returns as JSON: the coding (ACLED's and UCDP's
fields), the fatalities with their ranges per claimant and per side, the claims ledger,
the figures, the articles, the evidence, why its reports were joined, and its review.
:class:`EventSummary` is the part a list of events carries (``Store.events``, the API's
``/api/events``): the same fields without the ledger, figures, articles and evidence,
and ranges by side only.

A key the models do not declare is kept (``model_extra``) and written back, so a store
of another version exports all it holds; the tests check that the events this version
builds (:func:`fogwatch.reconcile.aggregate.build_event`, with the review layer) have
none, so no key slips into exports undeclared. JSON read back and written again with
:meth:`EventSummary.as_json` is the same JSON: keys an event does not carry are left
out, as they were.
"""

from __future__ import annotations

import json
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from fogwatch.model.reading import Evidence
from fogwatch.model.report import FigureView, Side

# A coordinate or a score as JSON gave it: 30 stays 30, not 30.0.
Number = int | float


class _Part(BaseModel):
    model_config = ConfigDict(extra="allow")

    def undeclared(self) -> list[str]:
        """The keys of this part and its nested parts that no model declares."""
        out = [f"{type(self).__name__}.{k}" for k in (self.model_extra or {})]
        for name in type(self).model_fields:
            value = getattr(self, name)
            for item in value if isinstance(value, list) else [value]:
                if isinstance(item, _Part):
                    out += item.undeclared()
        return out


class SideDeaths(_Part):
    """Deaths by side, each the count the event's coding retains (never None)."""

    state: int = 0
    nonstate: int = 0
    civilians: int = 0
    unknown: int = 0


class SideRange(_Part):
    """What every claimant together says of one side and kind (killed, injured...)."""

    side: Side
    kind: str
    low: int | None = None
    best: int | None = None
    high: int | None = None
    conservative: int | None = None
    contested: bool = False
    open_ended: bool = False
    claimants: list[str] = Field(default_factory=list)


class ClaimantRange(_Part):
    """One claimant's figures for one side and kind, with the latest they gave."""

    claimant: str
    claimant_kind: str
    side: Side
    kind: str
    low: int | None = None
    high: int | None = None
    best: int | None = None
    current_low: int | None = None
    current_high: int | None = None
    figures: list[str] = Field(default_factory=list)
    victims: list[str] = Field(default_factory=list)
    first_reported: str | None = None
    last_reported: str | None = None
    n: int = 0


class Ranges(_Part):
    """Ranges by side (in lists and the event) and by claimant (the event only)."""

    by_side: list[SideRange] = Field(default_factory=list)
    by_claimant: list[ClaimantRange] = Field(default_factory=list)


class ReviewState(_Part):
    """What reviewers did to the event: status, version (for the 409 check), who."""

    status: str
    version: int = 0
    reviewers: list[str] = Field(default_factory=list)
    changes: int = 0
    last_reviewed: str | None = None
    fields: list[str] = Field(default_factory=list)
    verified: list[str] = Field(default_factory=list)
    refuted: list[str] = Field(default_factory=list)


class FigureBrief(_Part):
    """The figure a ledger entry gives, as the ledger shows it."""

    kind: str
    low: int | None = None
    high: int | None = None
    count: int | None = None
    text: str
    hedge: str | None = None
    vague: str | None = None
    victims: str | None = None
    side: Side | None = None


class ClaimReference(_Part):
    """The claim a denial or a confirmation answers."""

    id: str
    claimant: str | None = None
    text: str | None = None


class LedgerEntry(_Part):
    """One line of the claims ledger: who said what, where, and the sentence."""

    id: str
    type: str
    claimant: str
    claimant_kind: str
    stance: str | None = None
    polarity: str = "positive"
    cue: str | None = None
    target: str | None = None
    text: str
    figure: FigureBrief | None = None
    responds_to: ClaimReference | None = None
    article_id: str
    outlet: str | None = None
    published: str | None = None
    first_reported: str | None = None
    evidence: Evidence
    # A reviewer's verdict on the claim (fogwatch.store.review): verified, refuted...
    review: dict[str, Any] | None = None


class ArticleRef(_Part):
    """One source of the event."""

    article_id: str
    outlet: str | None = None
    published: str | None = None
    title: str | None = None
    url: str | None = None


class MeasureRow(_Part):
    """A security measure the reports mention (curfew, shutdown), once per kind and place."""

    kind: str
    place: str | None = None
    text: str


class Link(_Part):
    """Why reports were joined (``joined``) or kept apart (``apart``), with the score."""

    reports: list[str]
    score: Number | None = None
    reasons: list[str] = Field(default_factory=list)


class Explanation(_Part):
    joined: list[Link] = Field(default_factory=list)
    apart: list[Link] = Field(default_factory=list)


class EventSummary(_Part):
    """An event as lists carry it: coding, fatalities, ranges by side, claimants."""

    id: str
    date: str | None = None
    time_precision: int | None = None
    event_type: str | None = None
    sub_event_type: str | None = None
    disorder_type: str | None = None
    actor1: str | None = None
    assoc_actor_1: str | None = None
    inter1: int | None = None
    actor2: str | None = None
    assoc_actor_2: str | None = None
    inter2: int | None = None
    interaction: int | None = None
    civilian_targeting: bool = False
    type_of_violence: int | None = None  # UCDP: 1 state-based, 2 non-state, 3 one-sided
    side_a: str | None = None
    side_b: str | None = None
    country: str | None = None
    iso: str | None = None
    admin1: str | None = None
    admin2: str | None = None
    location: str | None = None
    latitude: Number | None = None
    longitude: Number | None = None
    geo_precision: int | None = None
    where_prec: int | None = None
    date_prec: int | None = None
    title: str | None = None
    actors: list[str] = Field(default_factory=list)
    fatalities: int = 0
    low: int | None = None
    best: int | None = None
    high: int | None = None
    deaths: SideDeaths = Field(default_factory=SideDeaths)
    contested: bool = False
    disputed: list[SideRange] = Field(default_factory=list)
    ranges: Ranges = Field(default_factory=Ranges)
    claimants: list[str] = Field(default_factory=list)
    verification: list[str] = Field(default_factory=list)
    first_reported: str | None = None
    last_reported: str | None = None
    n_sources: int = 0
    n_outlets: int = 0
    outlets: list[str] = Field(default_factory=list)
    n_reports: int = 0
    joined_because: list[str] = Field(default_factory=list)
    undated: bool = False
    review: ReviewState | None = None

    def as_json(self) -> dict[str, Any]:
        """The JSON this event was read from: the keys it carries, none added, each
        object's keys sorted as the store writes them."""
        out: dict[str, Any] = _stored_order(self.model_dump(mode="json", exclude_unset=True))
        return out

    @property
    def review_status(self) -> str:
        """"unreviewed" until a reviewer marks or corrects the event."""
        return self.review.status if self.review else "unreviewed"

    @property
    def reviewers(self) -> list[str]:
        return list(self.review.reviewers) if self.review else []


class Event(EventSummary):
    """An event with everything its page shows: ledger, figures, sources, evidence."""

    ledger: list[LedgerEntry] = Field(default_factory=list)
    figures: list[FigureView] = Field(default_factory=list)
    articles: list[ArticleRef] = Field(default_factory=list)
    reports: list[str] = Field(default_factory=list)
    evidence: list[Evidence] = Field(default_factory=list)
    measures: list[MeasureRow] = Field(default_factory=list)
    denials: list[LedgerEntry] = Field(default_factory=list)
    explain: Explanation | None = None

    def as_json(self) -> dict[str, Any]:
        """The JSON ``Store.event`` read: the summary's keys first, then the detail's,
        each part sorted, as the two stored columns give them when joined."""
        out: dict[str, Any] = self.model_dump(mode="json", exclude_unset=True)
        if "figures" in self.model_fields_set:
            out["figures"] = [f.as_json() for f in self.figures]
        detail_only = set(type(self).model_fields) - set(EventSummary.model_fields)
        summary: dict[str, Any] = _stored_order(
            {k: v for k, v in out.items() if k not in detail_only})
        summary.update(_stored_order({k: v for k, v in out.items() if k in detail_only}))
        return summary

    def page_json(self) -> dict[str, Any]:
        """The JSON of ``/api/events/{id}`` and ``fogwatch event ID --format json``:
        :meth:`as_json`, each ledger entry marked ``disputed`` (see :meth:`disputes`)."""
        out = self.as_json()
        for entry, model in zip(out.get("ledger") or [], self.ledger, strict=True):
            entry["disputed"] = self.disputes(model.figure)
        return out

    @classmethod
    def from_stored(cls, summary: str, detail: str) -> Event:
        """The event of its two stored JSON columns: the summary, the detail over it."""
        event: dict[str, Any] = json.loads(summary)
        event.update(json.loads(detail))
        return cls.model_validate(event)

    def disputes(self, figure: FigureBrief | None) -> bool:
        """Whether claimants dispute this figure: the event marks disputes per kind and
        side of victims, and the figure counts that kind on that side."""
        return figure is not None and any(
            d.kind == figure.kind and d.side == figure.side for d in self.disputed
        )


def _stored_order(value: Any) -> Any:
    """``value`` with every object's keys sorted, as the store's JSON holds them."""
    if isinstance(value, dict):
        return {k: _stored_order(value[k]) for k in sorted(value)}
    if isinstance(value, list):
        return [_stored_order(v) for v in value]
    return value
