"""Main text and metadata from an HTML page, boilerplate removed.

The text comes from trafilatura (navigation, scripts, styles, comment sections, related
links and footers dropped), with paragraphs joined by blank lines. Metadata the page
declares outright (``<link rel=canonical>``, ``og:url``, ``article:published_time``,
``og:site_name``) is read directly, because it is exact; trafilatura's guesses fill
the gaps.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

# Meta tags that state the publication time, most specific first.
_PUBLISHED_META = (
    ("property", "article:published_time"),
    ("name", "article:published_time"),
    ("itemprop", "datePublished"),
    ("name", "pubdate"),
    ("name", "date"),
    ("name", "dc.date"),
    ("name", "DC.date.issued"),
)
_SITE_META = (("property", "og:site_name"), ("name", "application-name"))


@dataclass
class HtmlDocument:
    """What one HTML page says: its main text and what it declares about itself."""

    text: str
    title: str | None = None
    published: str | None = None  # ISO date or datetime, as the page gives it
    url: str | None = None  # the canonical URL when the page names one, else the page URL
    outlet: str | None = None


# A sentence end: a word character, then . ! or ?, maybe a closing quote or bracket.
_SENTENCE_END = re.compile(r"\w[.!?][\"'”’)]?(\s|$)")


def _is_prose(text: str | None) -> bool:
    """Whether extracted text reads as prose; a menu or link list has no sentence end."""
    return bool(text) and bool(_SENTENCE_END.search(text))


def _paragraphs(text: str) -> list[str]:
    return [" ".join(p.split()) for p in text.split("\n") if p.strip()]


def _same_words(a: str, b: str) -> bool:
    return " ".join(a.lower().split()) == " ".join(b.lower().split())


def _declared(html: str, base_url: str | None) -> dict[str, str]:
    """Canonical URL, publication time, site name and title the page declares."""
    from selectolax.lexbor import LexborHTMLParser

    tree = LexborHTMLParser(html)
    found: dict[str, str] = {}

    def meta(attr: str, name: str) -> str | None:
        for node in tree.css("meta"):
            if (node.attributes.get(attr) or "").lower() == name.lower():
                content = (node.attributes.get("content") or "").strip()
                if content:
                    return content
        return None

    for node in tree.css("link"):
        rels = (node.attributes.get("rel") or "").lower().split()
        href = (node.attributes.get("href") or "").strip()
        if "canonical" in rels and href:
            found["url"] = href
            break
    if "url" not in found and (og := meta("property", "og:url")):
        found["url"] = og
    if "url" in found:
        absolute = urljoin(base_url or "", found["url"])
        parts = urlsplit(absolute)
        # A canonical that is not an absolute http(s) URL cannot identify a story, and
        # one that names the home page is a site template's mistake: every story
        # would look like the same page.
        if parts.scheme in ("http", "https") and parts.path.strip("/") != "":
            found["url"] = absolute
        else:
            del found["url"]
    for attr, name in _PUBLISHED_META:
        if value := meta(attr, name):
            found["published"] = value
            break
    if "published" not in found:
        time_node = tree.css_first("article time[datetime]") or tree.css_first("time[datetime]")
        if time_node is not None and time_node.attributes.get("datetime"):
            found["published"] = time_node.attributes["datetime"].strip()
    for attr, name in _SITE_META:
        if value := meta(attr, name):
            found["outlet"] = value
            break
    if value := meta("property", "og:title"):
        found["title"] = value
    return found


def _iso(value: str | None) -> str | None:
    """An ISO date or datetime from a declared value, or None when it is not one."""
    import datetime as dt

    if not value:
        return None
    value = value.strip()
    if len(value) == 10:
        try:
            return dt.date.fromisoformat(value).isoformat()
        except ValueError:
            return None
    try:
        return dt.datetime.fromisoformat(value.replace("Z", "+00:00")).isoformat()
    except ValueError:
        pass
    try:
        return dt.date.fromisoformat(value[:10]).isoformat()
    except ValueError:
        return None


def extract_html(html: str, url: str | None = None) -> HtmlDocument:
    """Extract the article text (paragraphs joined by blank lines) and metadata.

    ``url`` is where the page came from; relative canonical links resolve against it,
    and it is the document's URL when the page names no canonical one.
    """
    import trafilatura

    text = trafilatura.extract(
        html, url=url, include_comments=False, include_tables=False, favor_precision=True
    )
    if not _is_prose(text):
        # Precision mode drops very short articles; try once more before giving up.
        text = trafilatura.extract(html, url=url, include_comments=False, include_tables=False)
    if not _is_prose(text):
        text = ""
    meta = trafilatura.extract_metadata(html, default_url=url)
    declared = _declared(html, url)
    title = declared.get("title") or (getattr(meta, "title", None) if meta else None)
    paragraphs = _paragraphs(text or "")
    # The headline is kept in ``title``; repeated as the first paragraph it would be
    # read twice (and its figures counted twice).
    if paragraphs and title and _same_words(paragraphs[0], title):
        paragraphs = paragraphs[1:]
    published = _iso(declared.get("published")) or (getattr(meta, "date", None) if meta else None)
    return HtmlDocument(
        text="\n\n".join(paragraphs),
        title=title,
        published=published,
        url=declared.get("url") or url,
        outlet=declared.get("outlet") or (getattr(meta, "sitename", None) if meta else None),
    )
