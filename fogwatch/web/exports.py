"""Downloads for the API: the filtered events through Fogwatch's own exporters.

The web layer writes no export format itself: ACLED CSV and GeoJSON come from
``fogwatch.export`` so a download from the dashboard is byte for byte what
``fogwatch export`` writes for the same filter.
"""

from __future__ import annotations

import importlib
import inspect
import io
from typing import Any

from fastapi import HTTPException

# Events per export request; the dashboard's exports are for a filtered view, the CLI
# exports whole stores.
EXPORT_LIMIT = 100_000


def _exporter(fmt: str) -> Any:
    try:
        module = importlib.import_module(f"fogwatch.export.{fmt}")
    except ImportError:
        module = importlib.import_module("fogwatch.export")
    for name in (f"write_{fmt}", "write", f"to_{fmt}", "export"):
        fn = getattr(module, name, None)
        if callable(fn):
            return fn
    raise HTTPException(status_code=501, detail=f"the {fmt} exporter is not available")


def render(store: Any, event_filter: Any, fmt: str) -> bytes:
    """The events matching ``event_filter`` in ``fmt`` (acled or geojson), as bytes."""
    fn = _exporter(fmt)
    events = store.events(event_filter, limit=EXPORT_LIMIT, offset=0, sort="date")
    params = inspect.signature(fn).parameters
    text_out = io.StringIO()
    if len(params) >= 2:
        fn(events, text_out)
        return text_out.getvalue().encode("utf-8")
    result = fn(events)
    if isinstance(result, bytes):
        return result
    return str(result).encode("utf-8")
