"""The feeds file: which sources to watch, with their names, countries and outlets.

YAML (``feeds.yaml``) or TOML (``feeds.toml``), the same shape in both::

    feeds:
      - name: Indus Courier, Pakistan desk
        url: https://news.example.org/pakistan/rss.xml
        country: Pakistan
        outlet: Indus Courier

``url`` is required; ``name`` defaults to the host, ``outlet`` to the name.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import yaml

_FIELDS = {"name", "url", "country", "outlet"}


class SourcesError(ValueError):
    """A feeds file that cannot be used; says which file, entry and field."""


@dataclass(frozen=True)
class Source:
    """One feed to watch."""

    url: str
    name: str
    country: str | None = None
    outlet: str | None = None


def source_for_url(url: str) -> Source:
    """A source for a bare feed URL given on the command line."""
    _check_url(url, "command line")
    host = urlsplit(url).hostname or url
    return Source(url=url, name=host)


def _check_url(url: object, where: str) -> str:
    if not isinstance(url, str) or not url.strip():
        raise SourcesError(f"{where}: 'url' is missing")
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise SourcesError(f"{where}: 'url' {url!r} is not an http(s) URL")
    return url.strip()


def load_sources(path: str | Path) -> list[Source]:
    """Read a feeds file (``.yaml``/``.yml`` or ``.toml``); raise SourcesError if bad."""
    p = Path(path)
    try:
        raw = p.read_text(encoding="utf-8")
    except OSError as exc:
        raise SourcesError(f"{p}: cannot read ({exc.strerror})") from None
    try:
        if p.suffix.lower() == ".toml":
            doc = tomllib.loads(raw)
        else:
            doc = yaml.safe_load(raw)
    except (yaml.YAMLError, tomllib.TOMLDecodeError) as exc:
        raise SourcesError(f"{p}: not valid {p.suffix.lstrip('.') or 'YAML'} ({exc})") from None
    items = doc.get("feeds") if isinstance(doc, dict) else doc
    if not isinstance(items, list):
        raise SourcesError(f"{p}: expected a list under 'feeds'")
    sources: list[Source] = []
    seen: set[str] = set()
    for i, item in enumerate(items, start=1):
        where = f"{p}: feed {i}"
        if not isinstance(item, dict):
            raise SourcesError(f"{where}: expected a mapping with 'url', got {item!r}")
        unknown = set(item) - _FIELDS
        if unknown:
            raise SourcesError(f"{where}: unknown field(s) {', '.join(sorted(unknown))}")
        url = _check_url(item.get("url"), where)
        if url in seen:
            raise SourcesError(f"{where}: {url} is listed twice")
        seen.add(url)
        for key in ("name", "country", "outlet"):
            if item.get(key) is not None and not isinstance(item[key], str):
                raise SourcesError(f"{where}: '{key}' must be text")
        name = item.get("name") or urlsplit(url).hostname or url
        sources.append(
            Source(
                url=url,
                name=name,
                country=item.get("country") or None,
                outlet=item.get("outlet") or item.get("name") or None,
            )
        )
    return sources
