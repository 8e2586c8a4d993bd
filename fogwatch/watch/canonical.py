"""One spelling per URL, so the same story reached by two links is recognised.

Normalising is conservative: only differences that never change which page a server
returns (case of scheme and host, default ports, fragments, tracking parameters, the
order of query parameters) are removed. Anything else (paths, trailing slashes,
other parameters) is kept, because servers may treat it as a different page.
"""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from fogwatch.vocab import load_yaml

_DEFAULT_PORTS = {"http": 80, "https": 443}


def _tracking() -> tuple[frozenset[str], tuple[str, ...]]:
    data = load_yaml("watch.yaml")["tracking_parameters"]
    return frozenset(p.lower() for p in data["names"]), tuple(p.lower() for p in data["prefixes"])


def normalise_url(url: str) -> str:
    """The URL with scheme and host lower-cased, default port, fragment and tracking
    parameters removed, and the remaining query parameters sorted."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    if parts.port is not None and parts.port != _DEFAULT_PORTS.get(scheme):
        host = f"{host}:{parts.port}"
    names, prefixes = _tracking()
    query = [
        (k, v)
        for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if k.lower() not in names and not k.lower().startswith(prefixes)
    ]
    path = parts.path or "/"
    return urlunsplit((scheme, host, path, urlencode(sorted(query)), ""))
