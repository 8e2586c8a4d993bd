"""Shared by the store and review tests: an article and a hand-made reading of it."""

from __future__ import annotations

from fogwatch.model import Article, ArticleReading, Claim, Claimant, EventReport, Evidence, Figure


def hand_reading(text: str, outlet: str, published: str, figures, fields: dict,
                 reverse: bool = False):
    """An article and a reading of it: one event with ``fields`` and these figures, each
    ``(kind, low, victims, claimant, claimant_kind, words)`` with a claim of its own
    (``reverse`` lists the figures in the opposite order, as a newer reader might)."""
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
    event = EventReport(**fields, figures=list(range(len(figs))), claims=list(range(len(claims))))
    read = ArticleReading(article_id=article.id, published=published, outlet=outlet,
                          events=[event], figures=figs, claims=claims)
    return article, read
