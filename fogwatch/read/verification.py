"""Verification markers: "could not be independently verified", "unverified".

Every sentence is checked (a regex is cheap, and a verification sentence often has no
violence word of its own: "These claims remain unverified by independent sources").
Markers are data (``fogwatch/data/verification.yaml``). The article's statuses go to
``ctx.verification`` once each; every marker's sentence goes to
``ctx.verification_evidence`` so the events module can show where it came from.
"""

from __future__ import annotations

import re
from functools import lru_cache

from fogwatch.read.context import Context
from fogwatch.read.contract import recogniser
from fogwatch.vocab import load_yaml

STATUSES = ("unverified", "confirmed")


@lru_cache(maxsize=1)
def patterns() -> dict[str, re.Pattern[str]]:
    """One compiled alternation per status (cached)."""
    data = load_yaml("verification.yaml")
    return {
        status: re.compile("|".join(f"(?:{p})" for p in data[status]), re.IGNORECASE)
        for status in STATUSES
    }


@lru_cache(maxsize=1)
def _anchors() -> re.Pattern[str]:
    """The stems every marker needs (``anchors`` in the data file)."""
    return re.compile("|".join(load_yaml("verification.yaml")["anchors"]), re.IGNORECASE)


def markers(text: str) -> list[tuple[str, re.Match[str]]]:
    """The verification statuses one sentence states, with the words that state them."""
    if not _anchors().search(text):
        return []
    pats = patterns()
    unverified = pats["unverified"].search(text)
    if unverified:
        return [("unverified", unverified)]
    confirmed = pats["confirmed"].search(text)
    return [("confirmed", confirmed)] if confirmed else []


@recogniser("verification", requires=("article", "sentences"),
            assigns=("verification", "verification_evidence"))
def recognise(ctx: Context) -> None:
    """Append the verification statuses of the article and the sentences that state them."""
    for sentence in ctx.sentences:
        for status, _ in markers(sentence.text):
            if status not in ctx.verification:
                ctx.verification.append(status)  # type: ignore[arg-type]
            ctx.verification_evidence.append((status, ctx.sentence_evidence(sentence)))  # type: ignore[arg-type]
