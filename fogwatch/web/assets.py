"""Where the dashboard's third-party front-end files live.

Leaflet, its marker clusterer, topojson-client and the Natural Earth outlines of
world-atlas are installed by ``npm ci`` into ``node_modules/`` at build time and served
from there: the repository never carries a copy, and nothing comes from a CDN.
``FOGWATCH_ASSETS`` points at another ``node_modules`` folder (a packaged install, a
shared cache).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

ENV_VAR = "FOGWATCH_ASSETS"

# URL prefix under /vendor -> folder inside node_modules. Only the built files are
# exposed, never a whole package with its sources and tooling.
VENDOR_DIRS: dict[str, str] = {
    "leaflet": "leaflet/dist",
    "markercluster": "leaflet.markercluster/dist",
    "topojson-client": "topojson-client/dist",
    "world-atlas": "world-atlas",
}

# The files the dashboard pages load; if one is missing the map cannot be drawn.
REQUIRED_FILES: tuple[str, ...] = (
    "leaflet/dist/leaflet.js",
    "leaflet/dist/leaflet.css",
    "leaflet.markercluster/dist/leaflet.markercluster.js",
    "leaflet.markercluster/dist/MarkerCluster.css",
    "leaflet.markercluster/dist/MarkerCluster.Default.css",
    "topojson-client/dist/topojson-client.min.js",
    "world-atlas/countries-50m.json",
)


@dataclass(frozen=True)
class Assets:
    """The located ``node_modules`` folder (or None) and what is missing from it."""

    root: Path | None
    missing: tuple[str, ...]

    @property
    def ok(self) -> bool:
        """True when every file the dashboard needs is present."""
        return self.root is not None and not self.missing

    def problem(self) -> str | None:
        """A one-line explanation for the operator when the map cannot be drawn."""
        if self.root is None:
            return (
                "front-end assets not found: run `npm ci` in the repository "
                f"or set {ENV_VAR} to a node_modules folder"
            )
        if self.missing:
            return f"front-end assets incomplete in {self.root}: missing {', '.join(self.missing)}"
        return None


def _candidates() -> list[Path]:
    here = Path(__file__).resolve()
    # An editable install or a checkout: node_modules sits at the repository root,
    # some levels above this package. Then the working directory, for installed wheels
    # run from a checkout.
    found = [parent / "node_modules" for parent in here.parents]
    found.append(Path.cwd() / "node_modules")
    return found


def locate_assets(env: dict[str, str] | None = None) -> Assets:
    """Find the ``node_modules`` folder holding the dashboard's front-end packages."""
    env = os.environ if env is None else env
    configured = env.get(ENV_VAR)
    if configured:
        root = Path(configured).expanduser().resolve()
        if not root.is_dir():
            return Assets(root=None, missing=REQUIRED_FILES)
        return Assets(root=root, missing=_missing(root))
    for candidate in _candidates():
        if (candidate / "leaflet").is_dir():
            return Assets(root=candidate, missing=_missing(candidate))
    return Assets(root=None, missing=REQUIRED_FILES)


def _missing(root: Path) -> tuple[str, ...]:
    return tuple(f for f in REQUIRED_FILES if not (root / f).is_file())
