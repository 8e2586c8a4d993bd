"""Events: assemble EventReports (ACLED / UCDP coding) from what the other recognisers found.

The primary event (``ctx.events[0]``) is read from the article's event sentences:
candidate sentences with a violence, security or protest cue that are not background
(a sentence is background when the figures and claims in it are all marked so). What
happened is coded in ACLED's taxonomy from cue vocabularies
(``fogwatch/data/event_cues.yaml``): the families are weighed in a fixed order that
mirrors ACLED's own precedence (a protest met with force is still a protest; an
explosive delivered from afar is remote violence whoever the target; an attack on an
armed party is a battle, on civilians violence against civilians). Actors come from
the actor recogniser; location and date from the places and dates recognisers when
they offer ``event_location`` / ``event_date``; fatalities from the figures, coded
conservatively at the edge (:mod:`fogwatch.codebook.acled`).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from text_to_num import text2num

from fogwatch.codebook import acled, ucdp
from fogwatch.codebook.sides import victim_side
from fogwatch.model import Actor, EventReport, Figure
from fogwatch.read.actors import article_country, canonical, country_name
from fogwatch.read.context import Context, sentence_at
from fogwatch.read.contract import recogniser
from fogwatch.read.text import Sentence
from fogwatch.vocab import load_yaml

EVENT_CUES = ("violence", "security", "protest")
ARMED = {1, 2, 3, 4, 8}

# The order in which the strategic-development families are tried: the more specific first.
STRATEGIC = (
    ("weapons", "Disrupted weapons use"),
    ("base", "Headquarters or base established"),
    ("agreement", "Agreement"),
    ("arrests", "Arrests"),
    ("transfer", "Non-violent transfer of territory"),
    ("looting", "Looting/property destruction"),
    ("change", "Change to group/activity"),
)
# the families whose cue makes a sentence report an event
_REPORTING = ("protest", "clash", "attack", "suicide", "air_strike", "remote_explosive",
              "grenade", "shelling", "abduction", "sexual", "mob", "riot", "arrests",
              "weapons", "looting", "agreement", "base", "change", "displacement",
              "territory", "chemical")
EXPLOSIVES = (
    ("air_strike", "Air/drone strike"),
    ("remote_explosive", "Remote explosive/landmine/IED"),
    ("grenade", "Grenade"),
    ("shelling", "Shelling/artillery/missile attack"),
)


def _family_pattern(patterns: list[str]) -> re.Pattern[str]:
    """Any of a family's cues, as a whole word."""
    return re.compile(r"(?<![\w-])(?:" + "|".join(patterns) + r")(?![\w-])", re.IGNORECASE)


@lru_cache(maxsize=1)
def _cues() -> dict[str, Any]:
    data = load_yaml("event_cues.yaml")
    out: dict[str, Any] = {}
    for family, patterns in data.items():
        if family == "labels":
            out[family] = {
                sub: re.compile(r"^\s*(?:" + "|".join(p) + ")", re.IGNORECASE)
                for sub, p in patterns.items()
            }
        elif family in ("coded_fatalities", "split_fatalities"):
            out[family] = [re.compile(p, re.IGNORECASE) for p in patterns]
        elif family == "patterns":
            for name, alternatives in patterns.items():
                out[name] = re.compile("|".join(alternatives), re.IGNORECASE)
        else:
            out[family] = _family_pattern(patterns)
    # a sentence reports an event when it has a cue of any of these families: one scan
    out["reporting"] = _family_pattern([p for fam in _REPORTING for p in data[fam]])
    return out


def _first(family: str, text: str) -> int | None:
    m = _cues()[family].search(text)
    return m.start() if m else None


def _has(family: str, text: str) -> bool:
    return _cues()[family].search(text) is not None


def _hurt(figures: list[Figure]) -> set[str | None]:
    return {f.victims for f in figures if f.kind in ("killed", "injured") and not f.negated}


@dataclass
class _Coding:
    event_type: str
    sub_event_type: str


def _mostly_unarmed(figures: list[Figure]) -> bool:
    """A toll of people the armed dead are the smaller part of ("seven people including
    a policeman were killed"): those hurt were mostly not combatants."""
    hurt = [f for f in figures if f.kind in ("killed", "injured") and not f.negated]
    totals = [f.low for f in hurt if f.total and f.low
              and victim_side(f.victims) in ("unknown", "civilians")]
    armed = sum(f.low or 0 for f in hurt if victim_side(f.victims) in ("state", "nonstate"))
    return bool(totals) and 0 < 2 * armed < max(totals)


def _code(sub_event_type: str) -> _Coding:
    return _Coding(acled.event_type_of(sub_event_type) or "Strategic developments", sub_event_type)


# Families whose cue in the lede tells of violence or unrest, not of a disaster, a crime
# or a statement about one.
_VIOLENT = ("suicide", "air_strike", "remote_explosive", "grenade", "shelling", "clash",
            "chemical", "abduction", "sexual", "protest", "riot", "mob", "violent_words")
_BLAST_OR_FIGHT = ("suicide", "air_strike", "remote_explosive", "grenade", "shelling",
                   "clash", "chemical", "attack")


def _earliest(families: Iterable[str], text: str) -> int | None:
    return min((p for fam in families if (p := _first(fam, text)) is not None), default=None)


def _prose(text: str) -> bool:
    """Whether ``text`` holds words of a sentence, not only a dateline or a byline
    ("Ottawa, Apr 14 (AFP)", "BEIRUT (AP) -"): two lower-case words at least."""
    return len(re.findall(r"\b[a-z]{3,}\b", text)) >= 2


def _no_event(main: str, rest: str, actors: list[Actor], lede: str = "") -> bool:
    """Whether the lede tells of something ACLED codes no event for: a disaster or an
    accident, ordinary crime with no political actor, diplomacy, or only who was to
    blame for an attack (a claim, an accusation, a denial) with no report of it.

    ``lede`` is what the article says before ``main`` (sentences with no event cue)."""
    # actors the reader named itself ("Unidentified Armed Group", "Unidentified Gang")
    # from words like "gunmen" or "gang": on their own they make nothing political
    named = {a.inter for a in actors if not _has("unnamed_actor", a.name)}
    head = f"{lede} {main}" if lede else main
    violent = _earliest(_VIOLENT, head)
    unrest = _earliest(("protest", "protest_weak", "riot", "mob"), head)
    # an armed group named in the lede makes it political, whatever else it tells of
    # (one the reader named itself, from "an explosion", does not)
    organised = bool(named & {2, 3, 8})
    disaster = _first("disaster", head)
    if (disaster is not None and unrest is None and not organised
            and (violent is None or disaster < violent)):
        return True
    # what the lede reports, words of armed men alone aside ("a jihadist group claimed")
    # (a threat or a warning is not a report of the act: "threatened to strike back")
    told = _cues()["threat"].sub(lambda m: " " * len(m.group(0)), main)
    reported = _earliest(_VIOLENT[:-1] + ("attack", "arrests", "looting", "weapons", "base",
                                          "territory"), told)
    told_elsewhere = _has("reporting", rest)
    for family in ("attribution", "diplomacy"):
        at = _first(family, main)
        # only in the article's first sentence: after a lede that told of something
        # else, blame is a detail of it
        if (at is not None and not told_elsewhere and not _prose(lede)
                and (reported is None or at < reported) and not _has("agreement", main)
                and unrest is None
                and not (family == "diplomacy" and named & {2, 3, 8})):
            return True
    # (contraband seized by the state is ACLED's looting/property destruction)
    if (_has("crime", main) and not named & {2, 3, 4, 5, 6, 8} and violent is None
            and not _has("deadly", main) and not _has("state_seizure", main)):
        return True
    return False


def _positions_only(after: str) -> bool:
    """What was taken is positions, posts or hilltops, not a place: "took control of
    five more positions" after a clash."""
    return _has("ground_minor", after) and not _has("ground_place", after)


def _territory(main: str, cue: re.Match[str], actors: list[Actor], main_start: int | None,
               whole: str) -> str:
    """Which of ACLED's territory types taking ground is: the taker is the sentence's
    subject (the first armed actor before the cue; in the passive, "were pushed back",
    the other side); a transfer cue with no fighting makes it non-violent."""
    if _has("territory_transfer", whole) and _earliest(_BLAST_OR_FIGHT, whole) is None:
        return "Non-violent transfer of territory"
    armed = sorted((a for a in actors if a.inter in ARMED and main_start is not None
                    and main_start <= a.evidence.start < main_start + len(main)),
                   key=lambda a: a.evidence.start)
    before = [a for a in armed if a.evidence.start - (main_start or 0) < cue.start()]
    after = [a for a in armed if a.evidence.start - (main_start or 0) >= cue.end()]
    taker: int | None = None
    if _has("passive_before", main[: cue.start()]):
        if before and re.match(r"push|drove|driven", cue.group(0), re.IGNORECASE):
            # "the rebels were pushed back": the subject lost the ground
            # the first armed actor of the other side (state or not), else the state
            lost_state = before[-1].inter in (1, 8)
            taker = next((a.inter for a in armed if (a.inter in (1, 8)) != lost_state),
                         None if lost_state else 1)
        elif after:  # "the town was captured by the rebels"
            taker = after[0].inter
    elif before:
        taker = before[0].inter
    if taker is None:
        inters = {a.inter for a in actors}
        regained = re.match(r"re|liberat|freed|took back|taken back|push|drove|driven",
                            cue.group(0), re.IGNORECASE)
        if regained and (1 in inters or not inters & {2, 3, 4}):
            taker = 1
        elif inters & {2, 3, 4}:
            taker = 2
        elif 1 in inters or regained:
            taker = 1
    if taker in (1, 8):
        return "Government regains territory"
    return "Non-state actor overtakes territory"


def classify(
    main: str,
    rest: str,
    figures: list[Figure],
    actors: list[Actor],
    main_figures: list[Figure] | None = None,
    label_text: str | None = None,
    main_start: int | None = None,
    lede: str = "",
) -> _Coding | None:
    """ACLED event and sub-event type of one event, or None when the report tells of
    no ACLED event (a disaster, ordinary crime, diplomacy, only a claim about an attack,
    or nothing a cue names).

    ``main`` is the sentence that reports the event (the first event sentence),
    ``rest`` the other event sentences; ``figures`` and ``actors`` are the event's,
    ``main_figures`` the figures in ``main`` (who was hurt there says most about
    whom the event targeted); ``main_start`` is where ``main`` starts in the article
    (the actors' evidence offsets are the article's).
    """
    whole = main + " " + rest
    for sub, pattern in _cues()["labels"].items():
        if pattern.search(label_text if label_text is not None else main):
            return _code(sub)
    if _no_event(main, rest, actors, lede):
        return None
    killed_victims = {f.victims for f in figures if f.kind == "killed" and not f.negated}
    hurt_victims = _hurt(main_figures or []) or _hurt(figures)
    inters = {a.inter for a in actors}

    # a protest against a rape or a killing is a protest: protests are weighed first
    protest_at = _first("protest", main)
    violence_at = min(
        (p for fam in ("suicide", "air_strike", "remote_explosive", "shelling", "clash")
         if (p := _first(fam, main)) is not None),
        default=None,
    )
    if protest_at is not None and (violence_at is None or protest_at < violence_at):
        # violent protesters make a riot even when force is used against them
        if _has("riot", main) or any(
            _has("riot", r) and _has("crowd_again", r) for r in re.split(r"(?<=[.!?])\s+", rest)
        ):
            return _code("Violent demonstration")
        if "protesters" in killed_victims or _has("excessive", whole):
            return _code("Excessive force against protesters")
        if _has("intervention", whole):
            return _code("Protest with intervention")
        return _code("Peaceful protest")

    # "agreed a ceasefire after the fighting", "set up a new base": a development told
    # before any fighting is the news
    fight_at = _earliest(_BLAST_OR_FIGHT, main)
    for family, sub in (("agreement", "Agreement"), ("base", "Headquarters or base established")):
        at = _first(family, main)
        if at is not None and (fight_at is None or at < fight_at):
            return _code(sub)

    if _has("sexual", main):
        return _code("Sexual violence")
    suicide = _cues()["suicide"].search(main)
    if suicide and not _has("suicide_stopped_before", main[: suicide.start()]):
        return _code("Suicide bomb")
    if _has("chemical", main):
        return _code("Chemical weapon")
    clash_at = _first("clash", main)
    blasts = [
        (pos, sub) for fam, sub in EXPLOSIVES if (pos := _first(fam, main)) is not None
    ]
    if not blasts and (blast_at := _first("explosion", main)) is not None:
        # an explosion no weapon is named for ("an explosion occurred at the railway"):
        # ACLED codes it as a remote explosive (a disaster's was ruled out above)
        blasts = [(blast_at, "Remote explosive/landmine/IED")]
    # ground taken by armed men (prisoners "taking control of the yard" riot)
    taken = _cues()["territory"].search(main) if inters & ARMED else None
    if taken is not None and (not blasts or taken.start() < min(blasts)[0]) and (
            clash_at is None or taken.start() < clash_at):
        return _code(_territory(main, taken, actors, main_start, whole))
    weapons_at = _first("weapons", main)
    if weapons_at is not None and (not blasts or weapons_at <= min(blasts)[0] + 30):
        # "defused two IEDs", "seized grenades": the weapon was not used
        return _code("Disrupted weapons use")
    if blasts:
        pos, sub = min(blasts)
        mixed = _has("small_arms", main) and sub in (
            "Shelling/artillery/missile attack", "Grenade"
        )
        returned_fire = sub == "Grenade" and _has("clash", rest)
        if not mixed and not returned_fire and (clash_at is None or pos < clash_at):
            return _code(sub)
        if returned_fire:
            return _code("Armed clash")

    if _has("displacement", main) and not killed_victims:
        return _code("Other")

    if taken is not None:
        if (clash_at is not None and clash_at < taken.start()
                and _positions_only(main[taken.end():taken.end() + 60])):
            # a battle that took some positions or hilltops, no place, is the battle
            return _code("Armed clash")
        return _code(_territory(main, taken, actors, main_start, whole))

    organised = inters & {2, 8}
    if _has("riot", main) and _has("protest_weak", main) and not organised:
        # roads barricaded with burning tyres "to demand" water: a demonstration turned violent
        return _code("Violent demonstration")
    if (_has("mob", main) or 5 in inters) and not organised:
        if _has("protest", whole) or _has("riot_against_state", main):
            # the rioters were demonstrating, or fought the police or the troops
            return _code("Violent demonstration")
        return _code("Mob violence")

    if _has("abduction", main) and not (killed_victims and any(
        (f.low or 0) > 0 for f in figures if f.kind == "killed" and not f.negated
    )):
        # a killing and an abduction together are coded as the attack
        return _code("Abduction/forced disappearance")

    if clash_at is not None:
        if _has("crowd", main) and not (inters & {2, 3, 4}):
            # youths clashing with police or with each other: a riot, not a battle
            if protest_at is not None or _has("protest_weak", main):
                return _code("Violent demonstration")
            return _code("Mob violence")
        return _code("Armed clash")

    attack = _cues()["attack"].search(whole)
    if attack is not None:
        armed_names = {a.name for a in actors if a.inter in ARMED}
        before = whole[max(0, attack.start() - 80) : attack.start()]
        if _has("passive_before", before):
            # "four journalists were beaten by police": the target is the subject
            region = re.split(r"[,;:]", before)[-1]
            at, ct = _first("armed_targets", region), _first("civilian_targets", region)
            text_armed = at is not None and ct is None
        else:
            after = whole[attack.end() : attack.end() + 90]
            at, ct = _first("armed_targets", after), _first("civilian_targets", after)
            text_armed = at is not None and (ct is None or at < ct)
        armed_dead = any(victim_side(v) in ("state", "nonstate") for v in hurt_victims)
        civilian_dead = any(victim_side(v) == "civilians" for v in hurt_victims) or (
            armed_dead and _mostly_unarmed(main_figures or figures))
        if armed_dead != civilian_dead:
            armed_target = armed_dead
        else:
            armed_target = text_armed
        if _has("armed_victim", whole) and not civilian_dead:
            armed_target = True  # "the victim had charges for drug trafficking"
        civilian_words = _has("civilian_targets", main)
        if main_start is not None:
            # the armed actors the reporting sentence names: a force named only in
            # another sentence (the source, an earlier ambush) is not this attack's target
            end = main_start + len(main)
            armed_names = {a.name for a in actors if a.inter in ARMED
                           and main_start <= a.evidence.start < end}
        if len(armed_names) >= 2 and not civilian_dead and not civilian_words:
            armed_target = True
        return _code("Armed clash" if armed_target else "Attack")

    for family, sub in STRATEGIC:
        if _has(family, main):
            return _code(sub)
    if _has("protest_weak", main) or _has("riot", main):
        if _has("riot", main):
            return _code("Violent demonstration")
        return _code("Peaceful protest")
    if blasts or _has("clash", whole):
        return _code(min(blasts)[1] if blasts else "Armed clash")
    for family, sub in STRATEGIC:
        if _has(family, rest):
            return _code(sub)
    if _has("protest", rest):
        return _code("Peaceful protest")
    # no cue names what happened: no event when the report tells of a disaster, a crime,
    # diplomacy or blame and no one acted in it
    if not actors and any(_has(f, whole) for f in ("disaster", "crime", "diplomacy",
                                                    "attribution")):
        return None
    return _code("Other")


def _grievance(text: str, figure: Figure) -> bool:
    """Whether a figure counts the deaths a protest is about ("over the killing of ...")."""
    before = text[max(0, figure.evidence.start - 60) : figure.evidence.end + 40]
    return _has("grievance", before)


def coded_fatalities(text: str) -> int | None:
    """The fatality count a report says an event was coded with, if it says so."""
    for pattern in _cues()["coded_fatalities"]:
        m = pattern.search(text)
        if m:
            n = _number(m.group("n"))
            if n is not None:
                return n
    return None


def split_factor(text: str) -> int:
    """Over how many coded events a report says its count is split (1 when it does not)."""
    for pattern in _cues()["split_fatalities"]:
        m = pattern.search(text)
        if m:
            k = _number(m.group("k"))
            if k and k > 1:
                return k
    return 1


def _number(word: str) -> int | None:
    if word.isdigit():
        return int(word)
    try:
        return int(text2num(word.lower(), "en"))
    except ValueError:
        return None


# -- sentences --------------------------------------------------------------------


def _background_sentences(ctx: Context) -> set[int]:
    """Sentences whose figures and claims are all background."""
    marks: dict[int, list[bool]] = {}
    for item in [*ctx.figures, *ctx.claims]:
        s = ctx.sentence_at(item.evidence.start)
        if s is not None:
            marks.setdefault(s.index, []).append(item.background)
    return {i for i, flags in marks.items() if flags and all(flags)}


def _only_source(text: str, actor: Actor) -> bool:
    """Whether an actor is named only as the source of the report ("police said",
    "according to the army"), not as a party to it ("the army said it killed")."""
    start, end = actor.evidence.start, actor.evidence.end
    before = text[max(0, start - 30) : start]
    after = text[end : end + 40]
    if _has("source_before", before):
        return True
    return _has("source_after", after) and not _has("source_party", after)


def _reports_event(text: str) -> bool:
    return _has("reporting", text)


def event_sentences(ctx: Context) -> list[Sentence]:
    """The non-background sentences the primary event is read from, in order.

    The first is the sentence that reports the event (the first with an event cue);
    the others are the later sentences the prefilter kept.
    """
    background = _background_sentences(ctx)
    usable = [s for s in ctx.sentences if s.index not in background]
    first = next((s for s in usable if _reports_event(s.text)), None)
    if first is None:
        # Every report has a news event; when all event sentences look like
        # background (a crowd size, a past figure), the news is still among them.
        usable = list(ctx.sentences)
        first = next((s for s in usable if s.index in background and _reports_event(s.text)),
                     None)
    if not usable:
        return []
    if first is None:
        first = next((s for s in usable if s.doc is not None), usable[0])
    rest = [s for s in usable if s.index > first.index and s.doc is not None]
    return [first, *rest]


def _within(ev_start: int, sentences: list[Sentence]) -> bool:
    """Whether ``ev_start`` falls in one of ``sentences`` (in text order): a bisection."""
    return sentence_at(sentences, ev_start) is not None


# -- actors -----------------------------------------------------------------------


@dataclass(frozen=True)
class _Pick:
    """An actor chosen for an event without a mention of its own (a default side)."""

    name: str
    inter: int | None


def _default(word: str, country: str | None) -> _Pick | None:
    entry = canonical(word, country)
    return _Pick(entry.name, entry.inter) if entry is not None else None


def _pick_actors(
    coding: _Coding, actors: list[Actor], figures: list[Figure], country: str | None, text: str
) -> tuple[Any, Any]:
    """actor1 and actor2 for an event, by what the event is and who is named in it."""
    named: list[Actor] = []
    for a in actors:
        if all(a.name != b.name for b in named):
            named.append(a)
    armed = [a for a in named if a.inter in ARMED]
    # "Militants" in a report that names the group are that group, not an unknown one.
    if any(not a.name.startswith("Unidentified") and a.inter in (2, 3, 4) for a in armed):
        armed = [a for a in armed if not a.name.startswith("Unidentified")]
    state = [a for a in armed if a.inter == 1]
    civilians = [a for a in named if a.inter == 7]
    et, sub = coding.event_type, coding.sub_event_type

    def make(word: str) -> _Pick | None:
        return _default(word, country)

    if et == "Protests":
        first = next((a for a in named if a.inter == 6), None) or make("protesters")
        second = None
        if sub != "Peaceful protest":
            second = state[0] if state else (armed[0] if armed else make("police"))
        return first, second
    if et == "Riots":
        first = next((a for a in named if a.inter == 5), None) or make("rioters")
        others = [a for a in named if a.inter not in (5, 6)]
        second = (state or armed or others or [None])[0]
        if sub == "Mob violence" and _has("two_groups", text) and not state:
            return first, first  # two crowds fighting each other
        if second is None and sub == "Mob violence" and (
            any(f.victims == "people" or victim_side(f.victims) == "civilians" for f in figures)
            or civilians
        ):
            second = make("civilians")
        return first, second
    if et == "Violence against civilians":
        first = armed[0] if armed else make("gunmen")
        return first, make("civilians")
    if et == "Battles":
        if len(armed) >= 2:
            return armed[0], armed[1]
        if armed:
            if armed[0].inter == 4:
                # communal militias fight each other far more often than the state
                return armed[0], _Pick(armed[0].name, 4)
            other = make("gunmen") if armed[0].inter == 1 else make("army")
            return armed[0], other
        return make("army"), make("gunmen")
    if et == "Explosions/Remote violence":
        civ_victims = any(victim_side(f.victims) == "civilians" for f in figures) or (
            not armed[1:] and civilians and sub != "Shelling/artillery/missile attack"
        )
        # Artillery and aircraft are, unless the report says otherwise, the state's.
        heavy = sub in ("Air/drone strike", "Shelling/artillery/missile attack")
        striker = _striker(text) if heavy and not armed else None
        first = armed[0] if armed else (striker or make("army" if heavy else "gunmen"))
        if sub == "Air/drone strike" and armed and not any(a.inter in (1, 8) for a in armed):
            # the group named in an air strike report is its target
            return make("army"), armed[0]
        second = None
        if len(armed) >= 2:
            second = armed[1]
        elif civ_victims:
            second = make("civilians")
        return first, second
    # Strategic developments
    first = armed[0] if armed else (named[0] if named else None)
    second = None
    if sub in ("Arrests", "Looting/property destruction") and civilians:
        second = civilians[0]
    elif len(armed) >= 2:
        second = armed[1]
    if sub == "Arrests" and first is None:
        first = make("police")
    return first, second


def _striker(text: str) -> _Pick | None:
    """"An Israeli air strike", "Russian shelling": the state a strike's adjective names."""
    from fogwatch.geo import gazetteer as gz

    for m in _cues()["striker"].finditer(text):
        country = gz.country_of_demonym(m.group("who"))
        if country:
            return _default("army", country)
    return None


# -- location and date ------------------------------------------------------------


def _location(ctx: Context, sentences: list[Sentence]) -> Any:
    from fogwatch.read import places as places_module

    finder = getattr(places_module, "event_location", None)
    if finder is not None:
        found = finder(ctx)
        if found is not None:
            return found
    event_places = [p for p in ctx.places if p.role == "event"]
    in_event = [p for p in ctx.places if _within(p.evidence.start, sentences)]
    for group in (event_places, in_event, ctx.places):
        resolved = [p for p in group if p.country]
        if resolved:
            return resolved[0]
    return None


def _date(ctx: Context) -> tuple[str | None, int | None]:
    from fogwatch.read import dates as dates_module

    finder = getattr(dates_module, "event_date", None)
    found = finder(ctx) if finder is not None else None
    if found is None and ctx.dates:
        found = ctx.dates[0]
    if found is None:
        return (ctx.published.isoformat() if ctx.published else None), None
    if isinstance(found, tuple):
        return found[0], found[1] if len(found) > 1 else None
    return getattr(found, "date", None), getattr(found, "time_precision", None)


# -- assembly ---------------------------------------------------------------------


def _verification(ctx: Context, figures: list[Figure]) -> list[str]:
    out = []
    if "unverified" in ctx.verification:
        out.append("unverified")
    if acled.disputed_sides(figures):
        out.append("disputed")
    if "confirmed" in ctx.verification:
        out.append("confirmed")
    if not out:
        out.append("single_source")
    return out


# a sentence that ends with a stop (a headline does not)
_ENDS_STOPPED = re.compile(r"[.!?][\"'\u201d\u2019)\]]*\s*$")


def build_event(ctx: Context, sentences: list[Sentence]) -> EventReport | None:
    """Code one event from ``sentences`` and what the recognisers found in them (None
    when they tell of no ACLED event)."""
    text = ctx.text
    fig_idx = [
        i for i, f in enumerate(ctx.figures)
        if not f.background and _within(f.evidence.start, sentences)
    ] or [i for i, f in enumerate(ctx.figures) if not f.background]
    figures = [ctx.figures[i] for i in fig_idx]
    claim_idx = [i for i, c in enumerate(ctx.claims) if not c.background]
    actors = [a for a in ctx.actors if _within(a.evidence.start, sentences)
              and not _only_source(text, a)]

    place = _location(ctx, sentences)
    country = country_name(getattr(place, "country", None)) or article_country(ctx)
    main, rest = sentences[0].text, " ".join(s.text for s in sentences[1:])
    main_figures = [f for f in figures if _within(f.evidence.start, sentences[:1])]
    coding = classify(main, rest, figures, actors, main_figures, label_text=ctx.text[:80],
                      main_start=sentences[0].start, lede=text[: sentences[0].start])
    if (coding is not None and coding.sub_event_type in ("Armed clash", "Attack")
            and len(sentences) > 1 and not _ENDS_STOPPED.search(main)):
        # a headline says "attack"; the lede may say how ("with homemade explosives",
        # "in an air strike"): the weapon the lede names codes the event
        lede = sentences[1]
        lede_figures = [f for f in figures if _within(f.evidence.start, sentences[1:2])]
        rest_lede = " ".join([main] + [s.text for s in sentences[2:]])
        by_lede = classify(lede.text, rest_lede, figures, actors, lede_figures,
                           label_text=lede.text, main_start=lede.start)
        if by_lede is not None and by_lede.event_type == "Explosions/Remote violence":
            coding = by_lede
    if coding is None:
        return None
    a1, a2 = _pick_actors(coding, actors, figures, country, main + " " + rest)
    inter1 = a1.inter if a1 else None
    inter2 = a2.inter if a2 else None
    if (
        a1 is not None and a2 is not None and {inter1, inter2} <= {1, 8} and 8 in {inter1, inter2}
        and a1.name.startswith("Military Forces") and a2.name.startswith("Military Forces")
    ):
        # two states fighting each other: ACLED codes both as state forces
        inter1 = inter2 = 1

    counted = figures
    if coding.event_type == "Protests" and coding.sub_event_type != "Excessive force against protesters":
        counted = []  # a protest's deaths are the ones it is about, unless force killed
    elif coding.event_type == "Riots":
        counted = [f for f in figures if not _grievance(ctx.text, f)]
    fatalities = acled.fatalities(counted)
    event_text = " ".join(s.text for s in sentences)
    coded = coded_fatalities(event_text)
    if coded is not None:
        fatalities = coded
    k = split_factor(event_text)
    if k > 1 and fatalities:
        # ACLED spreads one reported toll over the events it was split into.
        fatalities = math.floor(fatalities / k + 0.5)
    deaths = ucdp.deaths(counted)
    if deaths.best is None and coded is not None:
        deaths.low = deaths.best = deaths.high = coded
    date, time_precision = _date(ctx)
    civilian_targeting = coding.event_type in (
        "Violence against civilians", "Explosions/Remote violence"
    ) and inter2 == 7
    geo_precision = getattr(place, "geo_precision", None)
    event = EventReport(
        event_type=coding.event_type,
        sub_event_type=coding.sub_event_type,
        disorder_type=acled.disorder_type(coding.event_type, coding.sub_event_type),
        date=date,
        time_precision=time_precision,
        actor1=a1.name if a1 else None,
        inter1=inter1,
        actor2=a2.name if a2 else None,
        inter2=inter2,
        interaction=acled.interaction(inter1, inter2),
        civilian_targeting=civilian_targeting,
        country=country,
        iso=getattr(place, "iso", None),
        admin1=getattr(place, "admin1", None),
        admin2=getattr(place, "admin2", None),
        # an event names a location only where it has coordinates to map it
        location=(getattr(place, "location", None) or getattr(place, "name", None))
        if getattr(place, "latitude", None) is not None else None,
        latitude=getattr(place, "latitude", None),
        longitude=getattr(place, "longitude", None),
        geo_precision=geo_precision,
        fatalities=fatalities,
        deaths=deaths,
        type_of_violence=ucdp.type_of_violence(
            inter1, inter2, civilian_targeting,
            {acled.side_of(f) for f in figures if f.kind == "killed" and not f.negated},
        ),
        where_prec=ucdp.where_prec(geo_precision, getattr(place, "feature", None)),
        date_prec=ucdp.date_prec(time_precision),
        figures=fig_idx,
        claims=claim_idx,
        measures=list(range(len(ctx.measures))),
        verification=_verification(ctx, figures),
        evidence=[ctx.sentence_evidence(s) for s in sentences],
    )
    if text and not event.evidence:
        event.evidence = [ctx.evidence(0, len(text))]
    return event


@recogniser("events",
            requires=("article", "published", "sentences", "sentence.doc", "sentence.parse",
                      "places", "dates", "actors", "figures", "figure.background", "claims",
                      "verification", "measures"),
            assigns=("events",))
def recognise(ctx: Context) -> None:
    """Append the primary event (``ctx.events[0]``) read from the event sentences."""
    sentences = event_sentences(ctx)
    if not sentences:
        return
    event = build_event(ctx, sentences)
    if event is not None:
        ctx.events.append(event)
