"""Places: toponyms found in the text, resolved against the gazetteer in context.

Two sources of toponyms:

- spaCy's entities: GPE, LOC and FAC always; ORG, PERSON, DATE and NORP only where the
  whole entity is a gazetteer name in a place-like position (the small model tags
  "Quetta" as ORG and "Turbat" as DATE);
- capitalised word n-grams that are gazetteer names, for the small towns NER misses,
  kept only in a place-like position ("in X", "near X", "X district", "X (Kech,
  Balochistan)") and never when the name is a common word or first name
  (``stop_words`` in ``fogwatch/data/places.yaml``).

Each toponym is resolved to the gazetteer entry that best fits its context: the admin
units written next to it ("Buleda (Kech, Balochistan)", "Mand, Kech district"), the
feature word after it ("district", "province", "town"), the article's dominant
country and admin1s, population and feature type. A toponym the gazetteer does not
know keeps only what its context says (admin2, admin1, country); nothing is invented.

:func:`event_location` picks where the primary event happened, with ACLED's
``geo_precision``.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import cache

from fogwatch.geo import gazetteer as gz
from fogwatch.model import Place
from fogwatch.read.context import Context
from fogwatch.read.text import Sentence
from fogwatch.vocab import load_yaml

EVENT_CUES = ("violence", "security", "protest")
_ALWAYS = {"GPE", "LOC", "FAC"}
_WEAK = {"ORG", "PERSON", "DATE", "NORP", "TIME", "CARDINAL", "EVENT", "WORK_OF_ART", "PRODUCT"}
# Lower-case words that may sit inside a multi-word place name ("Dera Ismail Khan" has
# none, "Mazar-i-Sharif" is one token, "Sar e Pul", "Ras al Ain", "Bosco de Gama").
_CONNECTORS = {"al", "el", "ul", "e", "i", "de", "del", "la", "le", "du", "da", "di", "des",
               "of", "bin", "ibn", "an", "as", "ash", "ad", "ar", "az", "at"}
_TOKEN = re.compile(r"[^\W\d_]+(?:[-'’.][^\W\d_]+)*", re.UNICODE)
_POSSESSIVE = re.compile(r"['’]s$")
_MAX_WORDS = 5
_SPECIFICITY = {"city": 3, "admin2": 2, "admin1": 1, "country": 0}


@dataclass
class _Vocab:
    stop: frozenset[str]
    hints: dict[str, str]  # hint word -> feature
    before: re.Pattern[str]
    near: re.Pattern[str]
    measure: re.Pattern[str]
    background: re.Pattern[str]


def _alternation(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


@cache
def _vocab() -> _Vocab:
    data = load_yaml("places.yaml")
    hints: dict[str, str] = {}
    # earlier features win for words listed twice ("department")
    for feature in ("admin2", "admin1", "city"):
        for word in data["feature_hints"][feature]:
            hints.setdefault(word.lower(), feature)
    return _Vocab(
        stop=frozenset(data["stop_words"]),
        hints=hints,
        before=re.compile(
            r"(?:^|[\s(])(?:" + _alternation(data["locative_before"]) + r")\s*(?:the\s+)?"
            r"(?:(?:" + _alternation(data["place_adjectives"]) + r"|[a-z]+(?:-[a-z]+)?ern)\s+)?$",
            re.IGNORECASE,
        ),
        near=re.compile(
            r"\b(?:" + _alternation(data["near_before"]) + r")\s+(?:the\s+)?(?:\w+\s+){0,2}$",
            re.IGNORECASE,
        ),
        measure=re.compile(r"\b(?:" + _alternation(data["measure_cues"]) + ")", re.IGNORECASE),
        background=re.compile(
            r"\b(?:" + _alternation(data["background_cues"]) + r")\b", re.IGNORECASE
        ),
    )


@dataclass
class _Mention:
    """A toponym in one sentence (article offsets), before and after resolution."""

    start: int
    end: int
    text: str
    sentence: Sentence
    source: str  # NER label or "GAZ"
    hint: str | None = None  # feature named right after it ("district" -> admin2)
    candidates: list[gz.Candidate] = field(default_factory=list)
    context: list[_Mention] = field(default_factory=list)  # units written next to it
    chosen: gz.Candidate | None = None
    near: bool = False
    rejected: bool = False  # a weak (non-place NER) mention the gazetteer does not back


# --------------------------------------------------------------------------- finding


def _tokens(text: str) -> list[tuple[int, int]]:
    out = []
    for m in _TOKEN.finditer(text):
        start, end = m.span()
        poss = _POSSESSIVE.search(m.group())
        if poss:
            end -= len(poss.group())
        out.append((start, end))
    return out


def _before_ok(sentence_text: str, start: int) -> bool:
    return bool(_vocab().before.search(sentence_text[max(0, start - 30) : start]))


def _hint_after(sentence_text: str, end: int) -> str | None:
    m = re.match(r"\s+([A-Za-z-]+(?:\s+[A-Za-z]+){0,2})", sentence_text[end : end + 40])
    if not m:
        return None
    words = m.group(1).lower().split()
    hints = _vocab().hints
    for n in (3, 2, 1):
        phrase = " ".join(words[:n])
        if len(words) >= n and phrase in hints:
            return hints[phrase]
    return None


def _admin_after(sentence_text: str, end: int) -> bool:
    """A parenthesis or comma right after the name, as in "Buleda (Kech, Balochistan)"."""
    return bool(re.match(r"\s*\(", sentence_text[end : end + 3]))


def _place_like(sentence_text: str, start: int, end: int) -> bool:
    """Whether a name sits where places sit: after "in"/"near", before "district"."""
    return (
        _before_ok(sentence_text, start)
        or _hint_after(sentence_text, end) is not None
        or _admin_after(sentence_text, end)
    )


def _overlaps(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(s < end and start < e for s, e in spans)


def _mentions_in(sentence: Sentence) -> list[_Mention]:
    text = sentence.text
    vocab = _vocab()
    found: list[_Mention] = []
    taken: list[tuple[int, int]] = []  # sentence offsets already used by a mention
    blocked: list[tuple[int, int]] = []  # PERSON / ORG names: no gazetteer match inside
    doc = sentence.doc
    if doc is not None:
        for ent in doc.ents:
            s, e = ent.start_char, ent.end_char
            label = ent.label_
            # trim a leading "the" and a possessive
            name = text[s:e]
            if name.lower().startswith("the "):
                s, name = s + 4, name[4:]
            poss = _POSSESSIVE.search(name)
            if poss:
                e, name = e - len(poss.group()), name[: -len(poss.group())]
            # "Kech district": the name is "Kech", the word after it a feature hint
            last = name.rsplit(" ", 1)
            if len(last) == 2 and last[1].lower() in vocab.hints:
                e, name = e - len(last[1]) - 1, last[0]
            if not name or not name[0].isupper():
                continue
            if label in _ALWAYS:
                # an acronym or demonym the gazetteer does not know is not a place ("BLA")
                if not gz.has_name(name) and (name.isupper() or gz.country_of_demonym(name)):
                    continue
                found.append(_Mention(sentence.start + s, sentence.start + e, name, sentence, label))
                taken.append((s, e))
            elif label in _WEAK:
                if (
                    gz.has_name(name)
                    and name not in vocab.stop
                    and (not name.isupper() or _is_big_unit(name))
                    and (_place_like(text, s, e) or _is_big_unit(name))
                ):
                    found.append(
                        _Mention(sentence.start + s, sentence.start + e, name, sentence, label)
                    )
                    taken.append((s, e))
                elif label in ("PERSON", "ORG", "NORP"):
                    blocked.append((s, e))
    found.extend(_gazetteer_mentions(sentence, taken, blocked))
    for m in found:
        m.hint = _hint_after(text, m.end - sentence.start)
    found.sort(key=lambda m: m.start)
    return found


@cache
def _is_big_unit(name: str) -> bool:
    """Countries and first-order divisions: safe to take even inside an ORG name."""
    return any(c.feature in ("country", "admin1") for c in gz.lookup(name))


def _gazetteer_mentions(
    sentence: Sentence, taken: list[tuple[int, int]], blocked: list[tuple[int, int]]
) -> list[_Mention]:
    """Capitalised n-grams that are gazetteer names, in place-like positions."""
    text = sentence.text
    stop = _vocab().stop
    toks = _tokens(text)
    out: list[_Mention] = []
    i = 0
    while i < len(toks):
        s0, e0 = toks[i]
        word = text[s0:e0]
        if not word[0].isupper() or _overlaps(taken, s0, e0):
            i += 1
            continue
        match = None
        for n in range(min(_MAX_WORDS, len(toks) - i), 0, -1):
            last_s, last_e = toks[i + n - 1]
            words = [text[a:b] for a, b in toks[i : i + n]]
            if not words[-1][0].isupper():
                continue
            if any(not w[0].isupper() and w.lower() not in _CONNECTORS for w in words):
                continue
            # the words must be adjacent: only spaces or hyphens between them
            if any(text[toks[i + k][1] : toks[i + k + 1][0]] not in (" ", "-")
                   for k in range(n - 1)):
                continue
            name = text[s0:last_e]
            if n == 1 and (name in stop or len(name) < 3 or name.isupper() and len(name) < 4):
                continue
            if gz.has_name(name):
                match = (s0, last_e, name, n)
                break
        if match is None:
            i += 1
            continue
        s, e, name, n = match
        inside_name = _overlaps(blocked, s, e)
        big = _is_big_unit(name)
        if (inside_name and not big) or _overlaps(taken, s, e):
            i += n
            continue
        if big or _place_like(text, s, e):
            out.append(_Mention(s, e, name, sentence, "GAZ"))
        i += n
    # unknown names with admin context in brackets: "in Buleda (Kech, Balochistan)"
    for m in re.finditer(r"\b([A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){0,3})\s+\(", text):
        s, e = m.span(1)
        if _overlaps(taken, s, e) or any(o.start == s for o in out):
            continue
        if text[s:e] in stop or not _before_ok(text, s):
            continue
        inner = text[m.end() : text.find(")", m.end())] if ")" in text[m.end():] else ""
        parts = [p.strip() for p in inner.split(",") if p.strip()]
        if parts and all(gz.has_name(p) for p in parts):
            out.append(_Mention(s, e, text[s:e], sentence, "CTX"))
    for m in out:
        m.start += sentence.start
        m.end += sentence.start
    return out


# --------------------------------------------------------------------------- resolving


def _link_context(mentions: list[_Mention]) -> None:
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
            gap_ok = re.fullmatch(
                r"\s*(?:\(|,|[-–]|\s)\s*(?:(?:in|of)\s+)?(?:the\s+)?"
                r"|(?:\s+(?:district|province|city|town|village|area|region|county|state))?"
                r"\s*(?:,|\(|in|of|in the|of the)\s*(?:the\s+)?",
                gap,
                re.IGNORECASE,
            )
            if not gap_ok:
                break
            m.context.append(nxt)
            pos = nxt.end
            # "(Kech, Balochistan)": keep reading the bracket; otherwise one unit is enough
            if "(" not in m.sentence.text[m.end - m.sentence.start : nxt.start - m.sentence.start]:
                if not re.match(r"\s*,", m.sentence.text[pos - m.sentence.start :]):
                    break


def _votes(mentions: list[_Mention], demonym_countries: list[str]) -> tuple[Counter, Counter]:
    """Countries and admin1s the article is about, from names that are unambiguous."""
    countries: Counter = Counter()
    admin1s: Counter = Counter()
    for c in demonym_countries:
        countries[c] += 1
    for m in mentions:
        cands = m.candidates
        if not cands:
            continue
        top = cands[0]
        if top.feature == "country":
            countries[top.country] += 2
            continue
        in_countries = {c.country for c in cands}
        if len(in_countries) == 1:
            countries[top.country] += 1
            a1 = {c.admin1 for c in cands}
            if len(a1) == 1 and top.admin1:
                admin1s[(top.country, top.admin1)] += 1
    return countries, admin1s


def _score(
    c: gz.Candidate, m: _Mention, countries: Counter, admin1s: Counter, dominant: str | None
) -> float:
    score = {"country": 4.0, "admin1": 1.0, "admin2": 0.5, "city": 0.0}[c.feature]
    score += 0.5 * math.log10(c.population + 10)
    if m.hint is not None:
        score += 4.0 if c.feature == m.hint else -1.0
    if dominant is not None and c.country == dominant:
        score += 3.0
    elif countries.get(c.country):
        score += 1.0
    if c.feature != "country" and admin1s.get((c.country, c.admin1)):
        score += 2.0
    for ctx_m in m.context:
        unit = ctx_m.chosen
        if unit is not None and unit.ref != c.ref and gz.contains(unit, c):
            score += 6.0
    return score


def _drop_same_named_units(cands: list[gz.Candidate], hint: str | None) -> list[gz.Candidate]:
    """"Quetta" is both a district and its chief town: the bare name means the town."""
    if hint in ("admin1", "admin2"):
        return cands
    towns = [c for c in cands if c.feature == "city"]
    out = []
    for c in cands:
        if c.feature in ("admin1", "admin2") and any(
            gz.contains(c, t) and t.population * 10 >= c.population for t in towns
        ):
            continue
        out.append(c)
    return out


def _resolve(mentions: list[_Mention], demonym_countries: list[str]) -> None:
    for m in mentions:
        m.candidates = _drop_same_named_units(gz.lookup(m.text), m.hint)
    _link_context(mentions)
    countries, admin1s = _votes(mentions, demonym_countries)
    dominant = countries.most_common(1)[0][0] if countries else None
    # containers first (they carry no context of their own), then the rest
    order = sorted(mentions, key=lambda m: (bool(m.context), m.start))
    for m in order:
        if not m.candidates:
            continue
        scored = [(_score(c, m, countries, admin1s, dominant), c) for c in m.candidates]
        best_score, best = max(scored, key=lambda sc: (sc[0], -sc[1].ref))
        # a weak NER source needs the gazetteer to agree strongly: a known country/admin1,
        # or a town in the article's country
        if m.source in _WEAK and best.feature == "city" and best.country != dominant:
            m.rejected = True
            continue
        m.chosen = best


# --------------------------------------------------------------------------- output


def _role(m: _Mention) -> str:
    sentence = m.sentence
    text = sentence.text
    rel = m.start - sentence.start
    vocab = _vocab()
    if vocab.background.search(text):
        return "background"
    # checked before event cues: the prefilter's violence cues are broad ("operations")
    if vocab.measure.search(text):
        return "measure"
    if sentence.cues.intersection(EVENT_CUES) and _before_ok(text, rel):
        return "event"
    if sentence.cues.intersection(EVENT_CUES) and m.context:
        return "event"
    return "mention"


def _place(ctx: Context, m: _Mention) -> Place:
    c = m.chosen
    ev = ctx.evidence(m.start, m.end)
    near = bool(_vocab().near.search(m.sentence.text[: m.start - m.sentence.start]))
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
    units = {u.chosen.feature: u.chosen for u in m.context if u.chosen is not None}
    inner = units.get("admin2") or units.get("admin1") or units.get("country")
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
    out = []
    for s in ctx.candidates():
        for ent in s.doc.ents:
            if ent.label_ == "NORP":
                country = gz.country_of_demonym(ent.text)
                if country:
                    out.append(gz.country_by_name(country).name if gz.country_by_name(country)
                               else country)
    return out


def find(ctx: Context) -> list[Place]:
    """The places of an article (candidate sentences only), resolved in context."""
    mentions: list[_Mention] = []
    for sentence in ctx.candidates():
        mentions.extend(_mentions_in(sentence))
    _resolve(mentions, _demonyms(ctx))
    return [_place(ctx, m) for m in mentions if not m.rejected]


def recognise(ctx: Context) -> None:
    """Append the article's places to ``ctx.places``."""
    ctx.places.extend(find(ctx))


# --------------------------------------------------------------------------- event


def event_location(ctx: Context) -> Place | None:
    """Where the primary event happened, with ACLED's ``geo_precision``.

    The first sentence with an event place (a place after "in"/"at"/"near" in a
    sentence with a violence, security or protest cue) is taken, else the first
    sentence with any non-background place; within it the most specific resolved
    place. A town the gazetteer does not know falls back to its admin2 centre
    (precision 2) or admin1 centre (precision 3), named after that unit.
    """
    places = [p for p in ctx.places if p.role != "background"]
    if not places:
        return None
    event_places = [p for p in places if p.role == "event"]
    pool = event_places or places
    first = ctx.sentence_at(pool[0].evidence.start)
    same = [p for p in pool if ctx.sentence_at(p.evidence.start) is first] or pool[:1]
    resolved = [p for p in same if p.feature is not None]
    if resolved:
        best = max(resolved, key=lambda p: _SPECIFICITY[p.feature or "country"])
        unknown_towns = [p for p in same if p.feature is None and p.admin1]
        # a named town the gazetteer lacks is more specific than its own admin units
        if unknown_towns and _SPECIFICITY[best.feature or "country"] < 3:
            return _fallback(unknown_towns[0])
        return best.model_copy()
    unknown = [p for p in same if p.admin1 or p.country]
    return _fallback(unknown[0]) if unknown else None


def _fallback(p: Place) -> Place:
    """A town the gazetteer lacks, placed at the centre of the smallest unit known."""
    unit = None
    if p.admin2:
        found = [c for c in gz.lookup(p.admin2, country=p.iso, feature="admin2")
                 if c.admin1 == p.admin1]
        unit = found[0] if found else None
    if unit is None and p.admin1:
        found = gz.lookup(p.admin1, country=p.iso, feature="admin1")
        unit = found[0] if found else None
    out = p.model_copy()
    if unit is not None:
        out.latitude, out.longitude = unit.latitude, unit.longitude
        out.geo_precision = 2 if unit.feature == "admin2" else 3
        out.location = unit.name
    else:
        out.geo_precision = 3
    return out
