"""Report views: the typed form of what reconciliation compares and the store keeps."""

from __future__ import annotations

import json

from fogwatch.model import (
    Article,
    ArticleReading,
    EventReport,
    Evidence,
    Figure,
    ReportCoding,
    ReportView,
)
from fogwatch.reconcile import report_views
from fogwatch.reconcile.reports import _REPORT_FIELDS_SKIP


def test_the_coding_is_the_event_report_less_what_the_view_resolves():
    # A field added to EventReport must be added to ReportCoding, or views would drop it.
    assert set(ReportCoding.model_fields) == set(EventReport.model_fields) - _REPORT_FIELDS_SKIP


def _view() -> ReportView:
    text = "Two soldiers were killed in a raid on a post near the river."
    article = Article.make(text, published="2025-04-02", outlet="Wire")
    figure = Figure(kind="killed", low=2, high=2, hedge="exact", text="Two", victims="soldiers",
                    evidence=Evidence(article_id=article.id, start=0, end=3, text="Two"))
    reading = ArticleReading(article_id=article.id, published="2025-04-02", figures=[figure],
                             events=[EventReport(event_type="Battles", date="2025-04-02",
                                                 latitude=31.5, longitude=65.0)])
    (view,) = report_views(article, reading)
    return view


def test_a_view_survives_the_store_unchanged():
    view = _view()
    stored = json.dumps(view.model_dump(mode="json"), sort_keys=True)
    again = ReportView.model_validate_json(stored)
    assert again == view
    assert again.figures[0].side == "state" and again.figures[0].count == 2
    assert again.figures[0].claimant == "Wire" and again.figures[0].claimant_kind == "outlet"


def test_a_view_of_an_older_store_still_loads():
    # Stores written before event places were recorded lack "places"; keys a later
    # version drops are ignored rather than refused.
    data = _view().model_dump(mode="json")
    del data["places"]
    data["retired_key"] = 1
    data["event"].pop("where_prec")
    old = ReportView.model_validate(data)
    assert old.places == [] and old.event.where_prec is None
