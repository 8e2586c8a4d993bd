"""Events: assemble EventReports (ACLED / UCDP coding) from what the other recognisers found."""

from __future__ import annotations

from fogwatch.read.context import Context


def recognise(ctx: Context) -> None:
    """Placeholder: filled in by the recogniser's owner."""
    return None
