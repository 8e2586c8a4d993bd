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


def test_names_every_report_of_a_conflict_gives_are_not_specific():
    from fogwatch.reconcile.reports import full_names, proper_names

    text = ("Fighters of the ISGS and Houthi units clashed near Ar-Raqqa and Dar'a, the "
            "Sudanese army said. Buenos Aires' governor met Corin Tallis's brother.")
    names = proper_names(text, drop=set())
    # an alias of an armed group, a people, a place written with a hyphen or an
    # apostrophe: named by every report of the conflict
    assert not {"isgs", "houthi", "ar-raqqa", "dar'a", "sudanese"} & set(names)
    # a possessive is the name itself
    assert {"aires", "corin", "tallis"} <= set(names)
    assert "corin tallis" in full_names(text, drop=set())
    # a word for civilians stays a name: "Comer Children's Hospital" is a specific site
    assert "children hospital" in full_names("Staff at Comer Children's Hospital said.", set())
