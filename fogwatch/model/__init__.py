"""The domain model: what Fogwatch reads out of an article, what reconciliation compares,
and the events it stores.

- :mod:`fogwatch.model.reading`: the reader's output (:class:`ArticleReading` and its parts);
- :mod:`fogwatch.model.report`: :class:`ReportView`, one event report made self-contained
  for reconciliation, as the store keeps it.
"""

from __future__ import annotations

from fogwatch.model.reading import (
    Actor,
    Article,
    ArticleReading,
    Claim,
    Claimant,
    ClaimType,
    DateMention,
    Deaths,
    EventReport,
    Evidence,
    Figure,
    FigureKind,
    Measure,
    Place,
    Stance,
    Verification,
    outlet_of_url,
)
from fogwatch.model.report import ClaimView, FigureView, ReportCoding, ReportView

__all__ = [
    "Actor",
    "Article",
    "ArticleReading",
    "Claim",
    "ClaimType",
    "ClaimView",
    "Claimant",
    "DateMention",
    "Deaths",
    "EventReport",
    "Evidence",
    "Figure",
    "FigureKind",
    "FigureView",
    "Measure",
    "Place",
    "ReportCoding",
    "ReportView",
    "Stance",
    "Verification",
    "outlet_of_url",
]
