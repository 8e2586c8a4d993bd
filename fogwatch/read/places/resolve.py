"""Places, step 2: each toponym resolved against the gazetteer in its context.

See :mod:`fogwatch.read.places` for the whole reading."""

from __future__ import annotations

import difflib
import math
import re
from collections import Counter

from fogwatch.geo import gazetteer as gz
from fogwatch.model import Place
from fogwatch.read import actors
from fogwatch.read.context import Context
from fogwatch.read.contract import recogniser
from fogwatch.read.places.mentions import is_common, mentions_in
from fogwatch.read.places.vocab import Mention, place_words

# --------------------------------------------------------------------------- resolving


def _is_facility(m: Mention) -> bool:
    """A spot inside a town ("Skanderbeg Square", "Hamza Camp"): its container is a town."""
    if m.candidates:
        return False
    last = m.text.rsplit(" ", 1)[-1].lower()
    return m.source == "FAC" or last in place_words().facilities


def _link_context(mentions: list[Mention]) -> None:
    """Attach to each mention the names written as its container right after it.

    "Buleda (Kech, Balochistan)", "Mand, Kech district", "Haifa city of Haifa",
    "a village in Kech district": the units after ``(``, ``,`` or ``in``/``of``.
    """
    for i, m in enumerate(mentions):
        pos = m.end
        for nxt in mentions[i + 1 :]:
            if nxt.sentence is not m.sentence:
                break
            gap = m.sentence.text[pos - m.sentence.start : nxt.start - m.sentence.start]
            gap_ok = place_words().gap.fullmatch(gap)
            if not gap_ok:
                break
            if (re.fullmatch(r"\s*,\s*", gap) and nxt.hint is None and not m.is_context
                    and re.match(r"\s*(?:,\s*|and\s+)[A-Z]", m.sentence.text[nxt.end - m.sentence.start :])
                    and not _could_hold(nxt, m)):
                # "in Sidon, Tripoli, Matn and Zahle": a list goes on after the next
                # name, and no reading of it holds this place
                break
            m.context.append(nxt)
            # a container of a town, or one in brackets / after a comma, is a division;
            # "Skanderbeg Square in Tirana" names the town itself
            if re.search(r"[(,]", gap) or not _is_facility(m):
                nxt.is_context = True
            pos = nxt.end
            # "(Kech, Balochistan)": keep reading the bracket; otherwise one unit is enough
            if "(" not in m.sentence.text[m.end - m.sentence.start : nxt.start - m.sentence.start]:
                if not re.match(r"\s*,", m.sentence.text[pos - m.sentence.start :]):
                    break
        _bracket_context(m, mentions[i + 1 :])


def _facility_town(name: str) -> list[gz.Candidate]:
    """"Donetsk Filtration Station", "Kabul University": a facility named after the town
    it serves lies in or by that town; its readings are the town's (towns only)."""
    words = name.split()
    if words and words[-1].lower() in place_words().routes:
        return []
    for n in range(len(words) - 1, 0, -1):
        head = " ".join(words[:n])
        if head[0].isupper() and not is_common(head):
            found = gz.lookup(head)
            towns = [c for c in found if c.feature == "city"]
            if towns:
                return towns
            units = [c for c in found if c.feature in ("admin1", "admin2")]
            if units:
                # "Salt Lake County Jail": the county it serves, not a shorter name
                # inside it (Salt, a town in Catalonia)
                return units
    return []


def _could_hold(unit: Mention, m: Mention) -> bool:
    """Whether some reading of ``unit`` is a division or country holding some reading of
    ``m`` (true when either is unknown to the gazetteer: nothing says otherwise)."""
    if not unit.candidates or not m.candidates:
        return True
    return any(u.feature != "city" and u.ref != c.ref and gz.contains(u, c)
               for u in unit.candidates for c in m.candidates)


def _bracket_context(m: Mention, later: list[Mention]) -> None:
    """Every name inside the bracket right after ``m`` is one of its containers.

    "Port Elizabeth (Nelson Mandela Bay, Eastern Cape)": the gazetteer knows "Nelson"
    and "Bay" but not the whole name, so the chain of units breaks at "Mandela"; the
    bracket still says that Eastern Cape holds Port Elizabeth.
    """
    text, base = m.sentence.text, m.sentence.start
    # right after the name, or after a feature word: "Af Cad village (Bulo Burto, Hiraan)"
    opening = re.match(r"(?:\s+[a-z]+){0,2}\s*\(", text[m.end - base :])
    if not opening:
        return
    start = m.end + opening.end()
    close = text.find(")", start - base)
    end = base + close if close >= 0 else m.sentence.start + len(text)
    for nxt in later:
        if nxt.sentence is not m.sentence or nxt.start >= end:
            break
        if nxt.start >= start and nxt not in m.context:
            m.context.append(nxt)
            nxt.is_context = True


def _votes(
    mentions: list[Mention], demonym_countries: list[str]
) -> tuple[Counter, Counter, Counter]:
    """Countries and admin1s the article is about, from names that are unambiguous.

    Also soft votes: an ambiguous name leans to the country of its largest namesake
    ("Tripoli" to Libya); they only break ties for the dominant country.
    """
    votes = place_words().scoring.votes
    countries: Counter = Counter()
    soft: Counter = Counter()
    admin1s: Counter = Counter()
    ambiguous: list[tuple[str, set[str]]] = []  # (the country, lands with a division so named)
    for c in demonym_countries:
        soft[c] += votes["demonym"]  # "Saudi-led coalition" in Yemen: a people named is a weak cue
    for m in mentions:
        cands = m.candidates
        if not cands:
            continue
        top = cands[0]
        if top.feature == "country":
            divisions = {c.country for c in cands if c.feature == "admin1"} - {top.country}
            if divisions:
                ambiguous.append((top.country, divisions))  # decided once the others voted
                continue
            countries[top.country] += votes["country_named"]
            continue
        in_countries = {c.country for c in cands}
        if len(in_countries) == 1:
            countries[top.country] += _own_vote(m)
            a1 = {c.admin1 for c in cands}
            if len(a1) == 1 and top.admin1:
                admin1s[(top.country, top.admin1)] += votes["admin1_unique"]
        else:
            largest = max(cands, key=lambda c: c.population)
            if largest.population >= place_words().scoring.large_population:
                soft[largest.country] += votes["largest_namesake"]
    for country, divisions in ambiguous:
        # "Georgia" is a country and a US state (a first-level division, not a town that
        # bears a country's name): when the article's other names point to the state's
        # country, the name only leans to the country it also is
        if any(countries.get(d) for d in divisions):
            soft[country] += votes["largest_namesake"]
        else:
            countries[country] += votes["country_named"]
    return countries, soft, admin1s


def _named_admin1s(mentions: list[Mention]) -> Counter:
    """The first-level divisions the text names outright ("Fla.", "Utah", "Borno
    State"): names whose readings as a division are one division."""
    out: Counter = Counter()
    for m in mentions:
        units = {(c.country, c.admin1) for c in m.candidates if c.feature == "admin1"}
        if len(units) == 1 and (m.hint in ("admin", "admin1") or m.candidates[0].feature == "admin1"):
            out[next(iter(units))] += 1
    return out


def _own_vote(m: Mention) -> float:
    """The country vote a name unique to one country casts (see :func:`_votes`)."""
    cands = m.candidates
    if not cands or cands[0].feature == "country" or len({c.country for c in cands}) != 1:
        return 0.0
    top = cands[0]
    scoring = place_words().scoring
    votes = scoring.votes
    # a division or a big town says more about the country than a hamlet whose name
    # happens to be unique in the gazetteer
    if top.feature == "city":
        return (votes["unique_large_town"] if top.population >= scoring.large_population
                else votes["unique_small_town"])
    return {"admin1": votes["unique_admin1"], "admin2": votes["unique_admin2"]}.get(
        top.feature, 0.0)


def _score(
    c: gz.Candidate, m: Mention, countries: Counter, admin1s: Counter, dominant: str | None,
    states: Counter | None = None,
) -> float:
    scoring = place_words().scoring
    sc = scoring.score
    if (
        states
        and c.feature == "city"
        and c.population < scoring.large_population
        and not m.context
        and m.hint is None
        and any(country == c.country for country, _ in states)
        and not states.get((c.country, c.admin1))
    ):
        # "Graysville" in a report that names Indiana, "Lorenzo Walker Technical High
        # School" in one that names Florida: a small namesake in another province of the
        # country, which the text never names, is a local place the gazetteer lacks
        return -math.inf
    if (
        dominant is not None
        and countries.get(dominant)
        and not m.is_context
        and c.country != dominant
        and c.feature != "country"
        # a district's population is its towns' sum: no sign of fame abroad
        and (c.population < scoring.large_population or c.feature == "admin2")
        # a town of some size whose name nothing else bears is that town ("a hotel in
        # Kilkis ... migrants from Afghanistan"); hamlets stay suspect ("Kinda")
        and not (c.feature == "city" and c.population >= scoring.sizeable_population
                 and len({x.country for x in m.candidates}) == 1)
        # its own unique name is not support enough ("Bara Bara", a quarter of St Lucia),
        # unless written as a division ("Rafi LGA (Niger)")
        and (countries.get(c.country, 0) - _own_vote(m) < sc["foreign_support"]
             if m.hint not in ("admin", "admin1", "admin2")
             else countries.get(c.country, 0) < sc["foreign_support"])
    ):
        # a small namesake abroad, in an article about another country: not it
        return -math.inf
    if (
        dominant is not None
        and countries.get(dominant)
        and not m.is_context
        and m.hint is None
        and c.country != dominant
        and c.feature == "admin1"
        and countries.get(c.country, 0) - _own_vote(m) <= 0
    ):
        # "near the Red Sea port of Mocha" in a report on Yemen: a province abroad whose
        # country nothing in the article names is a namesake (a sea, a region), unless
        # written as a province ("Red Sea state")
        return -math.inf
    score = sc["feature"][c.feature]
    score += sc["log_population"] * math.log10(c.population + 10)
    if m.hint == "admin":
        score += sc["hint_match"] if c.feature in ("admin1", "admin2") else sc["hint_mismatch"]
    elif m.hint is not None:
        score += sc["hint_match"] if c.feature == m.hint else sc["hint_mismatch"]
    elif m.is_context and c.feature in ("admin1", "admin2"):
        # "Buleda (Kech, Balochistan)": the units in brackets are divisions
        score += sc["bracketed_division"]
    if dominant is not None and c.country == dominant:
        score += sc["dominant_country"]
    elif countries.get(c.country):
        score += sc["named_country"]
    named = admin1s.get((c.country, c.admin1)) if c.feature != "country" else 0
    if named:
        # the more often a province is named, the likelier its namesake: "Henry County"
        # in a report that names Indiana twice and Illinois once is Indiana's
        score += sc["named_admin1"] + sc["named_admin1_per_vote"] * min(named, 4)
    for ctx_m in m.context:
        # any reading of the container will do: "Cartagena, Bolivar department" picks
        # Colombia's Bolivar because that one holds a Cartagena
        if any(u.ref != c.ref and u.feature != "city" and gz.contains(u, c)
               for u in _units(ctx_m)):
            score += sc["container_holds"]
    return score


def _slip(m: Mention, best: gz.Candidate, units: list[gz.Candidate]) -> bool:
    """Whether the division written next to a place is a slip of the writer's, not a sign
    of a namesake: "Zhari district, Balkh" names the only Zhari, a district of Kandahar.

    Only a district, or a town of some size, whose name no other division of the same
    country bears, and only when the written division lies in that same country.
    """
    if not any(u.country == best.country for u in units):
        return False
    # a district of the text's own chain ("Nirkh district, Wardak") confirms the chain
    if any(c.chosen is not None and c.chosen.feature in ("admin2", "city") for c in _chain(m)):
        return False
    if best.feature == "admin2":
        if m.hint not in ("admin", "admin2"):  # "Zhari district", not "(Kayokwe, Mwaro)"
            return False
    elif (best.feature != "city"
          or best.population < place_words().scoring.sizeable_population
          or place_words().small_place.match(m.sentence.text[m.end - m.sentence.start :])):
        return False  # "Lalpur village" is not the town of Lalpur
    return len({c.admin1 for c in m.candidates if c.country == best.country}) == 1


def _resolve_unknown(m: Mention, dominant: str | None) -> None:
    """A name the gazetteer does not spell this way: look for the same name spelt otherwise.

    Inside the division written next to it first ("Qaser Bin Ghashir (Tripoli)" is
    GeoNames' "Qasr Bin Ghashir"); else, for a name NER calls a place, a transliteration
    variant ("Pervomaisk" / "Pervomaysk") in the article's country, or anywhere when
    only one country has it.
    """
    for u in m.context:
        if u.chosen is not None and u.chosen.feature == "country" and re.match(
            r"\s*,", m.sentence.text[m.end - m.sentence.start :]
        ):
            # "Zumpango de Ocampo, Mexico": after a town the gazetteer lacks, a country
            # that shares its name with one of its states names the state
            state = next((c for c in u.candidates if c.feature == "admin1"
                          and c.country == u.chosen.country), None)
            u.chosen = state or u.chosen
    if m.source in place_words().weak or m.source == "FAC":
        return
    # the whole chain: "X village, Y district of Z province" with Y unknown is still in Z
    units = [u.chosen for u in _chain(m)
             if u.chosen is not None and u.chosen.feature in ("admin1", "admin2")]
    for unit in sorted(units, key=lambda u: u.feature != "admin2"):
        town = gz.similar_town(m.text, unit)
        if town is not None:
            m.chosen = town
            return
    # "San Pedro de Ycuamandiyu (San Pedro)": the container's other readings, for the
    # one that holds a town spelt like this (Paraguay's department, not Ivory Coast's);
    # a container with its own container ("Sucre municipality, Bolivar state") is settled
    for u in m.context:
        for unit in u.candidates if not u.context else ():
            if (unit.feature in ("admin1", "admin2") and unit not in units
                    and (town := gz.similar_town(m.text, unit)) is not None):
                m.chosen, u.chosen = town, unit
                return
    if units:
        return
    wanted = ({m.hint} if m.hint in ("admin1", "admin2")
              else {"admin1", "admin2"} if m.hint == "admin" else {"city"})
    loose = gz.lookup_loose(m.text)
    if m.is_context and m.hint is None and any(
        c.feature in ("admin1", "admin2") for c in loose
    ):
        wanted = {"admin1", "admin2"}  # a container: "(Dessa, Tillabery)"
    variants = [c for c in loose if c.feature in wanted]
    if not variants and m.hint is None:
        # "in Nabatiyeh": no town spelt so, but a division named after its chief town
        variants = [c for c in loose if c.feature in ("admin1", "admin2")]
    if dominant is not None:
        in_dominant = [c for c in variants if c.country == dominant]
        # "Turkish forces shelled ... in Tell Abiad countryside": a name marked as a
        # division and spelt so in one country only is that one, whoever is acting
        if (in_dominant or m.hint not in ("admin", "admin1", "admin2")
                or len({c.country for c in variants}) != 1):
            variants = in_dominant
    elif len({c.country for c in variants}) > 1:
        return
    if variants:
        m.chosen = max(variants, key=lambda c: c.population)


def _chain(m: Mention) -> list[Mention]:
    """The containers written after ``m``, and theirs in turn ("X Y municipality, Z")."""
    out: list[Mention] = []
    todo = list(m.context)
    while todo:
        nxt = todo.pop(0)
        if nxt is m or nxt in out:
            continue
        out.append(nxt)
        todo.extend(nxt.context)
    return out


def _units(m: Mention) -> list[gz.Candidate]:
    """The readings of a container mention: its choice first, then its other candidates."""
    first = [m.chosen] if m.chosen is not None else []
    return first + [c for c in m.candidates if m.chosen is None or c.ref != m.chosen.ref]


def _drop_same_named_units(cands: list[gz.Candidate], m: Mention) -> list[gz.Candidate]:
    """"Quetta" is both a district and its chief town: the bare name means the town."""
    if m.hint in ("admin", "admin1", "admin2") or (m.hint is None and m.is_context):
        return cands
    scoring = place_words().scoring
    towns = [c for c in cands if c.feature == "city"]
    out = []
    for c in cands:
        if c.feature in ("admin1", "admin2") and any(
            t.population * scoring.same_named_unit_ratio >= c.population
            and (gz.contains(c, t) or (t.country == c.country and t.population >= scoring.large_population))
            for t in towns
        ):
            continue
        out.append(c)
    return out


def _regional_town(name: str, units: list[gz.Candidate]) -> gz.Candidate | None:
    """The town spelt most like ``name`` in any of ``units`` ("Sentianivka" is
    GeoNames' "Sentyanivka" in Luhansk), with a stricter cut-off than inside a division
    the text names, since here the region is only implied."""
    best, best_ratio = None, 0.0
    for unit in units:
        town = gz.similar_town(name, unit, cutoff=place_words().scoring.regional_spelling_cutoff)
        if town is None:
            continue
        ratio = difflib.SequenceMatcher(None, gz.loose(name), gz.loose(town.name)).ratio()
        if ratio > best_ratio:
            best, best_ratio = town, ratio
    return best


def _names_region(m: Mention) -> bool:
    """Whether the mention is a region cue itself ("the war in Donbas"): it names the
    whole region, not a village in it."""
    return any(cue.fullmatch(m.text) for cue, _, _ in place_words().regions)


def _region_units(regions: list[tuple[str, tuple[str, ...]]]) -> list[gz.Candidate]:
    out = []
    for country, names in regions:
        for name in names:
            out.extend(gz.lookup(name, country=country, feature="admin1")[:1])
    return out


def _elsewhere(countries: Counter, hinted: set[str]) -> bool:
    """Whether the places' firm votes put an article in a land other than the ones a
    region cue names: another country has at least a named country's weight of them and
    the cue's countries none."""
    if any(countries.get(c) for c in hinted):
        return False
    return any(n >= place_words().scoring.votes["country_named"]
               for c, n in countries.items() if c not in hinted)


def _resolve(
    mentions: list[Mention],
    demonym_countries: list[str],
    actor_countries: Counter | None = None,
    regions: list[tuple[str, tuple[str, ...]]] = (),  # type: ignore[assignment]
    region_home: gz.Candidate | None = None,
) -> None:
    """Choose each mention's gazetteer entry.

    ``actor_countries`` are the countries of the named actors ("Houthis" -> Yemen),
    ``regions`` the (country, admin1s) the report's wording ties it to (see
    ``region_hints`` in places.yaml), ``region_home`` the unit that holds a village of
    the region the gazetteer cannot place (see :func:`region_of`).
    """
    for m in mentions:
        if m.fixed is not None:
            m.candidates = list(m.fixed)
            continue
        m.candidates = gz.lookup(m.text)
        words = m.text.split()
        if len(words) >= 2 and words[-1].lower() in place_words().routes:
            m.candidates = []  # "Southwest Freeway" in Houston is no district of Dubai
        if m.candidates and not any(c.feature == "city" for c in m.candidates) and (
            m.hint not in ("admin", "admin1", "admin2")
        ):
            # "Odessa" is the province's name here, but GeoNames spells the city "Odesa"
            m.candidates += [c for c in gz.lookup_loose(m.text)
                             if c.feature == "city" and c.population >= place_words().scoring.loose_city_population
                             and any(c.country == u.country for u in m.candidates)]
    _link_context(mentions)
    for m in mentions:
        if not m.candidates and not m.context and _is_facility(m):
            m.candidates = _facility_town(m.text)
        m.candidates = _drop_same_named_units(m.candidates, m)
    votes = place_words().scoring.votes
    countries, soft, admin1s = _votes(mentions, demonym_countries)
    named = countries.copy()  # by the places alone: an actor may be the cue itself
    for name, n in (actor_countries or Counter()).items():
        country = gz.country_by_name(name)
        if country is not None:
            # a named actor is firm evidence of the country ("Houthis" -> Yemen), but one
            # actor named often should not outvote the places
            countries[country.country] += min(n, votes["actor_cap"])
    region_units = _region_units(list(regions))
    if region_units and _elsewhere(named, {u.country for u in region_units}):
        # "Indiana Department of Natural Resources (DNR)": a region's cue in an article
        # whose own names firmly place it in another land is another body's acronym
        region_units, region_home = [], None
    for unit in region_units:
        countries[unit.country] += votes["region_cue"]
        admin1s[(unit.country, unit.admin1)] += votes["region_cue"]
    overall = countries + soft
    dominant = overall.most_common(1)[0][0] if overall else None
    states = _named_admin1s(mentions)
    # two rounds: the second knows which admin1s the first round settled on
    for _ in range(2):
        # containers first (they carry no context of their own), then the rest
        order = sorted(mentions, key=lambda m: (bool(m.context), m.start))
        for m in order:
            m.chosen, m.rejected, m.region = None, False, None
            if not m.candidates:
                _resolve_unknown(m, dominant if countries.get(dominant) else None)
                if (m.chosen is not None and region_units and not m.context
                        and m.chosen.feature == "city"
                        and m.chosen.population < place_words().scoring.large_population
                        and not any(gz.contains(u, m.chosen) for u in region_units)):
                    m.chosen = None  # "Vodyane" is no Vodiane of another oblast here
                if m.chosen is None and region_units and not m.context:
                    m.chosen = _regional_town(m.text, region_units)
                    if m.chosen is None and m.source not in place_words().weak and not _names_region(m):
                        # a village too small for the gazetteer: the region is all
                        # that is known of it
                        m.region = region_home
                continue
            scored = [(_score(c, m, countries, admin1s, dominant, states), c)
                      for c in m.candidates]
            best_score, best = max(scored, key=lambda sc: (sc[0], -sc[1].ref))
            if best_score == -math.inf:
                if region_units and not m.context:
                    m.region = region_home  # only namesakes abroad: a local village
                continue
            # a name NER did not call a place needs support: not a town abroad
            if (
                m.source in place_words().weak
                and best.feature == "city"
                and dominant is not None
                and best.country != dominant
                # "Israeli airstrikes ... in Dar'a": a province's name is a place whatever
                # the article's country
                and not any(c.feature == "admin1" and c.country == best.country
                            for c in gz.lookup(m.text))
                # "Nabha district (Punjab)": a reading of the written container holds it
                and not any(u.ref != best.ref and u.feature != "city" and gz.contains(u, best)
                            for ctx_m in m.context for u in _units(ctx_m))
            ):
                m.rejected = True
                continue
            # "Kinda in Idleb": if no namesake lies in the stated division, the town is
            # one the gazetteer lacks, not a namesake abroad
            # ("Soledad Doblado municipality, Veracruz": Veracruz holds Soledad too)
            units = [u for ctx_m in _chain(m) for u in _units(ctx_m)
                     if u.feature in ("admin1", "admin2", "country")]
            if (units and not any(gz.contains(u, best) or gz.contains(best, u) for u in units)
                    and not _slip(m, best, units)):
                continue
            # "Jaro, Iloilo City": a district of the named town, not Jaro in Leyte
            towns = [c.chosen for c in m.context if c.chosen is not None
                     and c.chosen.feature == "city" and c.chosen.ref != best.ref]
            if (best.feature == "city" and towns
                    and not any((t.country, t.admin1) == (best.country, best.admin1)
                                for t in towns)):
                continue
            if (region_units and not units and best.feature == "city"
                    and not any(gz.contains(u, best) for u in region_units)):
                # "near Viktorivka" in an OSCE report: a namesake in the region, even
                # spelt differently, before the one in Odessa
                regional = _regional_town(m.text, region_units)
                if regional is None and best.population < place_words().scoring.large_population:
                    # no namesake in the region: a village the gazetteer lacks there,
                    # not the hamlet of that name in another oblast (a city stays)
                    m.region = region_home
                    continue
                best = regional or best
            m.chosen = best
            # settle each container on the reading that holds this place
            for ctx_m in m.context:
                if ctx_m.chosen is not None and gz.contains(ctx_m.chosen, best):
                    if ctx_m.chosen.feature == "country":
                        # "Zumpango de Ocampo, Mexico": the state of that name holding
                        # the town is meant, not the whole country
                        state = next((u for u in ctx_m.candidates if u.feature == "admin1"
                                      and gz.contains(u, best)), None)
                        ctx_m.chosen = state or ctx_m.chosen
                    continue
                holder = next((u for u in ctx_m.candidates if u.feature != "city"
                               and u.ref != best.ref and gz.contains(u, best)), None)
                if holder is not None:
                    ctx_m.chosen, ctx_m.rejected = holder, False
                elif (ctx_m.chosen is not None and ctx_m.chosen.feature != "city"
                      and ctx_m.is_context and not gz.contains(best, ctx_m.chosen)):
                    # "Port Elizabeth (Nelson Mandela Bay, Eastern Cape)": no Nelson holds
                    # Port Elizabeth, so this "Nelson" is part of a name, not New Zealand's
                    ctx_m.chosen, ctx_m.rejected = None, True
        for m in mentions:
            # a province named is evidence for the next round; a district's province is
            # only what this round guessed ("Henry County" read in Illinois three times
            # would outvote "Indiana" named twice)
            if m.chosen is not None and m.chosen.feature == "admin1":
                admin1s[(m.chosen.country, m.chosen.admin1)] += 1


# --------------------------------------------------------------------------- output


def _role(m: Mention) -> str:
    sentence = m.sentence
    text = sentence.text
    rel = m.start - sentence.start
    vocab = place_words()
    if vocab.background.search(text) or vocab.background_before.search(
        text[max(0, rel - 30) : rel]
    ) or vocab.earlier_incident.search(text[max(0, rel - 90) : rel]):
        return "background"
    # checked before event cues: the prefilter's violence cues are broad ("operations")
    # "protesters gathered in X against the lockdown": a measure people protest is not
    # one taken there
    if any(not vocab.protested.search(text[min(rel, max(0, c.start() - 50)) : c.start()])
           for c in vocab.measure.finditer(text)):
        return "measure"
    if sentence.cues.intersection(vocab.event_cues) and vocab.event_before.search(
        text[max(0, rel - 40) : rel]
    ):
        return "event"
    if sentence.cues.intersection(vocab.event_cues) and m.context:
        return "event"
    return "mention"


def _place(ctx: Context, m: Mention) -> Place:
    c = m.chosen
    ev = ctx.evidence(m.start, m.end)
    near = bool(place_words().near.search(m.sentence.text[: m.start - m.sentence.start]))
    m.near = near
    if c is not None:
        return Place(
            text=m.text,
            name=c.name,
            feature=c.feature,
            country=c.country,
            iso=c.iso2,
            admin1=c.admin1,
            admin2=c.admin2 if c.feature in ("city", "admin2") else None,
            location=c.name,
            latitude=c.latitude,
            longitude=c.longitude,
            geo_precision=_precision(c.feature, near),
            geonameid=c.geonameid,
            role=_role(m),
            evidence=ev,
        )
    # unknown to the gazetteer: keep what the surrounding admin names say
    # outermost first ("(Nelson Mandela Bay, Eastern Cape)"): an inner unit counts only
    # when it lies in the outer ones
    units: dict[str, gz.Candidate] = {}
    for u in reversed(_chain(m)):
        c = u.chosen
        if c is not None and c.feature not in units and all(
            gz.contains(outer, c) for outer in units.values()
        ):
            units[c.feature] = c
    inner = units.get("city") or units.get("admin2") or units.get("admin1") or units.get("country")
    if inner is None and m.region is not None:
        inner = m.region
    if inner is not None and inner.feature == "city":
        # "Bat Galim Square of Haifa": a spot in a known town; the town locates it
        return Place(
            text=m.text, name=None, feature=None, country=inner.country, iso=inner.iso2,
            admin1=inner.admin1, admin2=inner.admin2, location=inner.name,
            latitude=inner.latitude, longitude=inner.longitude,
            geo_precision=_precision("city", near), role=_role(m), evidence=ev,
        )
    return Place(
        text=m.text,
        name=None,
        feature=None,
        country=inner.country if inner else None,
        iso=inner.iso2 if inner else None,
        admin1=inner.admin1 if inner and inner.feature != "country" else None,
        admin2=inner.admin2 if inner and inner.feature == "admin2" else None,
        location=m.text if inner else None,
        role=_role(m),
        evidence=ev,
    )


def _precision(feature: str, near: bool) -> int:
    if feature == "city":
        return 2 if near else 1
    if feature == "admin2":
        return 2
    return 3


def _demonyms(ctx: Context) -> list[str]:
    """Countries named by nationality words ("Pakistani", "Afghan") in the article."""
    out = []
    for s in ctx.candidates():
        for ent in s.doc.ents:
            if ent.label_ != "NORP":
                continue
            name = gz.country_of_demonym(ent.text)
            country = gz.country_by_name(name) if name else None
            if country is not None:
                out.append(country.name)
    return out


def find(ctx: Context) -> list[Place]:
    """The places of an article, resolved in context."""
    mentions: list[Mention] = []
    # every sentence: those without NER (not candidates) still get gazetteer matches,
    # which cost little and tell the article's country
    for sentence in ctx.sentences:
        mentions.extend(mentions_in(sentence))
    regions = [(country, admin1s) for cue, country, admin1s in place_words().regions
               if cue.search(ctx.text)]
    _resolve(mentions, _demonyms(ctx), actors.country_hints(ctx.text), regions,
             region_of(ctx.text) if regions else None)
    return [_place(ctx, m) for m in mentions if not m.rejected]


@recogniser("places", requires=("article", "sentences", "sentence.doc", "sentence.cues"),
            assigns=("places",))
def recognise(ctx: Context) -> None:
    """Append the article's places to ``ctx.places``."""
    ctx.places.extend(find(ctx))



def region_of(text: str) -> gz.Candidate | None:
    """Where a report tied to a region (``region_hints``) happened, as far as its text
    says: the admin1 the text names ("Luhansk region"), else the one its cues point to
    ("LPR"), else the region's country. The region's reports may mostly fall in one
    province, but a guess is not a reading."""
    matched = [(country, admin1s) for cue, country, admin1s in place_words().regions
               if cue.search(text)]
    if not matched:
        return None
    country = matched[0][0]
    listed = {a for c, admin1s in matched if c == country for a in admin1s}
    named = {a for a in listed if re.search(rf"\b{re.escape(a)}\b", text, re.IGNORECASE)}
    cued = {admin1s[0] for c, admin1s in matched if c == country and len(admin1s) == 1}
    for choice in (named, cued):
        if len(choice) == 1:
            unit = next(iter(gz.lookup(choice.pop(), country=country, feature="admin1")), None)
            if unit is not None:
                return unit
    return gz.country_by_name(country)

