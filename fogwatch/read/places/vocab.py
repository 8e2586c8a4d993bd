"""The data the place reader works with: the words of ``fogwatch/data/places.yaml``
compiled once, its weights and cut-offs, and the mention the three steps pass along."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from fogwatch.geo import gazetteer as gz
from fogwatch.read.text import Sentence
from fogwatch.vocab import load_yaml, words_regex


@dataclass(frozen=True)
class Scoring:
    """The weights and cut-offs of ``places.yaml`` (see the comments there)."""

    large_population: int
    sizeable_population: int
    loose_city_population: int
    same_named_unit_ratio: int
    regional_spelling_cutoff: float
    votes: dict[str, Any]
    score: dict[str, Any]
    specificity: dict[str, int]


@dataclass
class PlaceWords:
    stop: frozenset[str]
    hints: dict[str, str]  # hint word -> feature
    before: re.Pattern[str]
    near: re.Pattern[str]
    measure: re.Pattern[str]
    protested: re.Pattern[str]
    background: re.Pattern[str]
    background_before: re.Pattern[str]
    earlier_incident: re.Pattern[str]
    event_before: re.Pattern[str]
    named_before: re.Pattern[str]  # "the village of " before a name
    unknown_hints: frozenset[str]  # feature words that mark an unknown name as a place
    attack_before: re.Pattern[str]  # "attacked " before a name
    coordinated_end: re.Pattern[str]  # what may follow the last name of a list of places
    facilities: frozenset[str]
    routes: frozenset[str]  # facilities named after where they lead ("Sanaa Street")
    regions: list[tuple[re.Pattern[str], str, tuple[str, ...]]]  # cue -> country, admin1s
    always: frozenset[str]  # NER labels always read as toponyms
    weak: frozenset[str]  # NER labels read as toponyms only where the gazetteer backs them
    event_cues: tuple[str, ...]
    connectors: frozenset[str]
    inner_connectors: frozenset[str]
    comma_chain: re.Pattern[str]
    article: re.Pattern[str]
    modifier: re.Pattern[str]
    max_words: int
    gap: re.Pattern[str]
    small_place: re.Pattern[str]
    near_after: re.Pattern[str]
    scoring: Scoring
    # ", Kan." after a town: the abbreviation as written -> (ISO alpha-2, admin1)
    dotted_admin1: dict[str, tuple[str, str]]
    dotted_admin1_after: re.Pattern[str]




@cache
def place_words() -> PlaceWords:
    """``places.yaml``, compiled once."""
    data = load_yaml("places.yaml")
    hints: dict[str, str] = {}
    # earlier features win for words listed twice ("department")
    for feature in ("admin", "admin2", "admin1", "city"):
        for word in data["feature_hints"][feature]:
            hints.setdefault(word.lower(), feature)
    pop = data["population"]
    dotted = {abbr: (iso, admin1)
              for iso, of in data["dotted_admin1_abbreviations"].items()
              for abbr, admin1 in of.items()}
    hint = words_regex([*hints, *data["container_gap_words"]])
    return PlaceWords(
        stop=frozenset(data["stop_words"]),
        hints=hints,
        before=re.compile(
            r"(?:^|[\s(])(?:" + words_regex(data["locative_before"]) + r")\s*(?:the\s+)?"
            r"(?:(?:" + words_regex(data["place_adjectives"]) + r"|[a-z]+(?:-[a-z]+)?ern)\s+)?$",
            re.IGNORECASE,
        ),
        near=re.compile(
            r"\b(?:" + words_regex(data["near_before"]) + r")\s+(?:the\s+)?(?:\w+\s+){0,2}$",
            re.IGNORECASE,
        ),
        measure=re.compile(r"\b(?:" + words_regex(data["measure_cues"]) + ")", re.IGNORECASE),
        protested=re.compile(r"\b(?:" + words_regex(data["measure_protested_after"]) + r")\b",
                             re.IGNORECASE),
        # case-sensitive: "Independence Square" is a place, "independence" history
        background=re.compile(r"\b(?:" + words_regex(data["background_cues"]) + r")\b"),
        facilities=frozenset(w.lower() for w in data["facility_words"]),
        routes=frozenset(w.lower() for w in data.get("facility_routes") or ()),
        event_before=re.compile(
            r"(?:^|[\s(])(?:" + words_regex(data["event_before"]) + r")\s*(?:the\s+)?"
            r"(?:(?:" + words_regex(data["place_adjectives"]) + r"|[a-z]+(?:-[a-z]+)?ern)\s+)?$",
            re.IGNORECASE,
        ),
        named_before=re.compile(
            r"\b(?:" + words_regex(data["named_feature_before"]) + r")\s+of\s+(?:the\s+)?$"
        ),
        unknown_hints=frozenset(h for h in hints
                                if h not in set(data["unknown_name_hints_excluded"])),
        attack_before=re.compile(
            r"\b(?:" + words_regex(data["attack_verbs_before"]) + r"|on)\s+(?:the\s+)?$",
            re.IGNORECASE,
        ),
        coordinated_end=re.compile(
            r"\s*(?:[,.;:)]|$)|\s+(?:" + words_regex([*data["coordinated_after"], *hints])
            + r")s?\b"
        ),
        background_before=re.compile(
            r"\b(?:" + words_regex(data["background_before"]) + r")\b", re.IGNORECASE
        ),
        # "the 2014 killing of a boy in X", "the 2008 attacks on Y": an incident of a
        # year written before it, the place in the same clause after it
        earlier_incident=re.compile(
            r"\bthe\s+(?:19|20)\d\d\s+(?:[\w-]+\s+){0,2}?(?:"
            + words_regex(data["earlier_incident_nouns"]) + r")s?\b[^.;:!?]{0,60}$",
            re.IGNORECASE,
        ),
        # case-sensitive: "DPR" and "LPR" are acronyms
        regions=[
            (re.compile(r"\b(?:" + words_regex(h["cues"]) + r")\b"), h["country"],
             tuple(h["admin1"]))
            for h in data.get("region_hints") or ()
        ],
        always=frozenset(data["ner_always"]),
        weak=frozenset(data["ner_weak"]),
        event_cues=tuple(data["event_cue_families"]),
        connectors=frozenset(data["name_connectors"]),
        inner_connectors=frozenset(data["name_inner_connectors"]),
        # "in Barangay Basak, Guihulngan, Negros Oriental": names after commas that
        # continue a run of names opened by a locative word are places too
        comma_chain=re.compile(
            r"\b(?i:in|at|near|of)\s+(?:the\s+)?"
            r"(?:[A-Z][\w'’.-]*(?:\s+(?:[A-Z][\w'’.-]*|"
            + words_regex(data["chain_connectors"]) + r"))*\s*,\s*){1,3}$"
        ),
        article=re.compile(r"^(?:" + words_regex(data["arabic_articles"]) + r")-[^\W\d_]",
                           re.UNICODE),
        # "Turkey backed faction": the same without the hyphen, before a participle
        modifier=re.compile(r"-[a-z]|\s(?:" + words_regex(data["modifier_participles"]) + r")\b"),
        max_words=data["max_name_words"],
        # what may stand between a place and its container: "X (", "X, ", "X district of "
        gap=re.compile(
            r"(?:\s+(?:" + hint + r"))?\s*(?:\(|,|[-–]|\s|\bin\b|\bof\b)\s*"
            r"(?:(?:in|of)\s+)?(?:the\s+)?(?:(?:"
            + words_regex(data["container_adjectives"]) + r")\s+)?"
            r"(?:(?:" + words_regex(data["container_surroundings"])
            + r")\s+of\s+(?:the\s+)?)?",
            re.IGNORECASE,
        ),
        small_place=re.compile(r"\s+(?:" + words_regex(data["small_place_words"]) + ")"),
        near_after=re.compile(
            r"\s*(?:" + words_regex(data["near_after_features"]) + r")?\s*,?\s*"
            r"(?:" + words_regex(data["near_after"]) + r")\s+"
            r"(?:the\s+)?(?:(?:" + words_regex(data["near_after_towns"]) + r")\s+of\s+)?"
        ),
        dotted_admin1=dotted,
        dotted_admin1_after=re.compile(
            r"(?<=[^\W\d_]),\s+("
            # without its stop only before a dateline's agency ("Sullivan County, Ind
            # (WIBQ) -")
            + "|".join(re.escape(a) if a.endswith(".")
                       else re.escape(a) + r"(?=\.|\s+\([A-Z][A-Za-z0-9]+\))"
                       for a in sorted(dotted, key=len, reverse=True))
            + r")(?=\.?(?:[\s,;:)(\u2013\u2014-]|$))"
        ),
        scoring=Scoring(
            large_population=pop["large"],
            sizeable_population=pop["sizeable"],
            loose_city_population=pop["loose_city"],
            same_named_unit_ratio=data["same_named_unit_ratio"],
            regional_spelling_cutoff=data["regional_spelling_cutoff"],
            votes=dict(data["votes"]),
            score=dict(data["scoring"]),
            specificity=dict(data["specificity"]),
        ),
    )


@dataclass
class Mention:
    """A toponym in one sentence (article offsets), before and after resolution."""

    start: int
    end: int
    text: str
    sentence: Sentence
    source: str  # NER label or "GAZ"
    hint: str | None = None  # feature named right after it ("district" -> admin2)
    candidates: list[gz.Candidate] = field(default_factory=list)
    context: list[Mention] = field(default_factory=list)  # units written next to it
    chosen: gz.Candidate | None = None
    near: bool = False
    is_context: bool = False  # written as another place's container ("(Kech, ...)")
    rejected: bool = False  # a weak (non-place NER) mention the gazetteer does not back
    # the region the report's wording implies, for a village it cannot place there
    region: gz.Candidate | None = None
    # the entries it can only be, decided by how it is written ("Kan." after a town is
    # Kansas): the gazetteer is not asked
    fixed: list[gz.Candidate] | None = None
