"""Main text and metadata from an HTML page, boilerplate removed."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class HtmlDocument:
    text: str
    title: str | None = None
    published: str | None = None
    url: str | None = None
    outlet: str | None = None


def extract_html(html: str, url: str | None = None) -> HtmlDocument:
    """Extract the article text (paragraphs joined by blank lines) and metadata."""
    import trafilatura

    text = trafilatura.extract(
        html, url=url, include_comments=False, include_tables=False, favor_precision=True
    ) or ""
    meta = trafilatura.extract_metadata(html, default_url=url)
    paragraphs = [p.strip() for p in text.split("\n") if p.strip()]
    return HtmlDocument(
        text="\n\n".join(paragraphs),
        title=getattr(meta, "title", None) if meta else None,
        published=getattr(meta, "date", None) if meta else None,
        url=(getattr(meta, "url", None) if meta else None) or url,
        outlet=getattr(meta, "sitename", None) if meta else None,
    )
