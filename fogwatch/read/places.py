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
know is first looked for under other spellings: inside the division written next to
it ("Qaser Bin Ghashir (Tripoli)" is GeoNames' "Qasr Bin Ghashir"), else as a
transliteration variant ("Pervomaisk" / "Pervomaysk") in the article's country. If
that fails it keeps only what its context says (admin2, admin1, country); nothing is
invented. A report whose wording ties it to a region (``region_hints`` in places.yaml:
"OSCE SMM" for Donetsk and Luhansk) places a village the gazetteer cannot find there in
the region, never at a small namesake in another province: in its admin1 where the text
says which one, else in its country with no admin1. A sizeable town
or a named district unique in its country keeps its own admin1 when the text writes
another province of that country ("Zhari district, Balkh" is Kandahar's Zhari).

Roles: "event" (after "in"/"at"/"near"/"attacked"... in a sentence with a violence,
security or protest cue), "measure" (a sentence about curfews, shutdowns, sealing),
"background" (history and geography), else "mention".

:func:`event_location` picks where the primary event happened, with ACLED's
``geo_precision`` (1 the town, 2 near it or only its district known, 3 only the
province known).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from fogwatch.geo import gazetteer as gz
from fogwatch.model import Place
from fogwatch.read import actors
from fogwatch.read.context import Context
from fogwatch.read.text import Sentence
from fogwatch.vocab import load_yaml, words_regex

EVENT_CUES = ("violence", "security", "protest")
_ALWAYS = {"GPE", "LOC", "FAC"}
_WEAK = {"ORG", "PERSON", "DATE", "NORP", "TIME", "CARDINAL", "EVENT", "WORK_OF_ART", "PRODUCT"}
# Lower-case words that may sit inside a multi-word place name ("Dera Ismail Khan" has
# none, "Mazar-i-Sharif" is one token, "Sar e Pul", "Ras al Ain", "Bosco de Gama").
_CONNECTORS = {"al", "el", "ul", "e", "i", "de", "del", "la", "le", "du", "da", "di", "des",
               "do", "dos", "das", "los", "las", "y", "of", "bin", "ibn", "an", "as", "ash",
               "ad", "ar", "az", "at", "sur", "en", "am", "im", "der", "van", "von",
               "wa",  # "Keran wa Menjan": Persian/Arabic "and"
               "a"}  # "Gracias a Dios"
# "J&K": an ampersand joins the letters of an abbreviation
_TOKEN = re.compile(r"[^\W\d_]+(?:[-'’.][^\W\d_]+|&[A-Z]+)*", re.UNICODE)
_POSSESSIVE = re.compile(r"['’]s$")
_MAX_WORDS = 5
_SPECIFICITY = {"city": 3, "admin2": 2, "admin1": 1, "country": 0}
# A place abroad smaller than this needs its country named in the article.
_FOREIGN_MIN_POPULATION = 100_000
# ... unless it is the only place of that name and at least this large.
_UNIQUE_MIN_POPULATION = 10_000


@dataclass
class _Vocab:
    stop: frozenset[str]
    hints: dict[str, str]  # hint word -> feature
    before: re.Pattern[str]
    near: re.Pattern[str]
    measure: re.Pattern[str]
    protested: re.Pattern[str]
    background: re.Pattern[str]
    background_before: re.Pattern[str]
    event_before: re.Pattern[str]
    facilities: frozenset[str]
    routes: frozenset[str]  # facilities named after where they lead ("Sanaa Street")
    regions: list[tuple[re.Pattern[str], str, tuple[str, ...]]]  # cue -> country, admin1s


_alternation = words_regex


@cache
def _vocab() -> _Vocab:
    data = load_yaml("places.yaml")
    hints: dict[str, str] = {}
    # earlier features win for words listed twice ("department")
    for feature in ("admin", "admin2", "admin1", "city"):
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
        protested=re.compile(r"\b(?:" + _alternation(data["measure_protested_after"]) + r")\b",
                             re.IGNORECASE),
        # case-sensitive: "Independence Square" is a place, "independence" history
        background=re.compile(r"\b(?:" + _alternation(data["background_cues"]) + r")\b"),
        facilities=frozenset(w.lower() for w in data["facility_words"]),
        routes=frozenset(w.lower() for w in data.get("facility_routes") or ()),
        event_before=re.compile(
            r"(?:^|[\s(])(?:" + _alternation(data["event_before"]) + r")\s*(?:the\s+)?"
            r"(?:(?:" + _alternation(data["place_adjectives"]) + r"|[a-z]+(?:-[a-z]+)?ern)\s+)?$",
            re.IGNORECASE,
        ),
        background_before=re.compile(
            r"\b(?:" + _alternation(data["background_before"]) + r")\b", re.IGNORECASE
        ),
        # case-sensitive: "DPR" and "LPR" are acronyms
        regions=[
            (re.compile(r"\b(?:" + _alternation(h["cues"]) + r")\b"), h["country"],
             tuple(h["admin1"]))
            for h in data.get("region_hints") or ()
        ],
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
    is_context: bool = False  # written as another place's container ("(Kech, ...)")
    rejected: bool = False  # a weak (non-place NER) mention the gazetteer does not back
    # the region the report's wording implies, for a village it cannot place there
    region: gz.Candidate | None = None


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


def _unit_position(sentence_text: str, start: int) -> bool:
    """Where an abbreviated division may stand: after "in"/"(", or after a comma in a
    bracket ("(Budgam district, J&K)")."""
    return _before_ok(sentence_text, start) or _in_bracket(sentence_text, start)


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


def _admin_or_comma_after(sentence_text: str, end: int) -> bool:
    return bool(re.match(r"\s*[(,]\s*[A-Z]", sentence_text[end : end + 4]))


def _place_like(sentence_text: str, start: int, end: int) -> bool:
    """Whether a name sits where places sit: after "in"/"near", before "district"."""
    return (
        _before_ok(sentence_text, start)
        or _hint_after(sentence_text, end) is not None
        or _admin_after(sentence_text, end)
        or bool(_COMMA_CHAIN.search(sentence_text[max(0, start - 100) : start]))
        or _in_bracket(sentence_text, start)  # "(Mansila, Yagha)"
    )


# "in Barangay Basak, Guihulngan, Negros Oriental": names after commas that continue a
# run of names opened by a locative word are places too
_COMMA_CHAIN = re.compile(
    r"\b(?i:in|at|near|of)\s+(?:the\s+)?"
    r"(?:[A-Z][\w'’.-]*(?:\s+(?:[A-Z][\w'’.-]*|de|del|la|al|el|do|da|wa))*\s*,\s*){1,3}$"
)


def _covered(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    """Whether one of ``spans`` overlaps ``start:end`` without lying strictly inside it."""
    return any(s < end and start < e and not (start <= s and e <= end and (s, e) != (start, end))
               for s, e in spans)


def _overlaps(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(s < end and start < e for s, e in spans)


def _entities(doc: Any, text: str) -> list[tuple[int, int, str]]:
    """NER's entities as (start, end, label); two place entities joined by "and" that
    together are one gazetteer name are one entity: NER reads "Jammu and Kashmir" or
    "Bosnia and Herzegovina" as two places, and the first alone is a different one."""
    ents = [(e.start_char, e.end_char, e.label_) for e in doc.ents] if doc is not None else []
    out: list[tuple[int, int, str]] = []
    for start, end, label in ents:
        if out and label in _ALWAYS and out[-1][2] in _ALWAYS:
            p_start, p_end, p_label = out[-1]
            joined = text[p_start:end]
            if (re.fullmatch(r"\s+(?:and|&)\s+", text[p_end:start])
                    and gz.lookup(joined)):
                out[-1] = (p_start, end, p_label)
                continue
        out.append((start, end, label))
    return out


def _mentions_in(sentence: Sentence) -> list[_Mention]:
    text = sentence.text
    vocab = _vocab()
    found: list[_Mention] = []
    taken: list[tuple[int, int]] = []  # sentence offsets already used by a mention
    blocked: list[tuple[int, int]] = []  # PERSON / ORG names: no gazetteer match inside
    doc = sentence.doc
    for ent_start, ent_end, label in _entities(doc, text):
        # "Nis, Serbia" and "Rawson (Chubut" as one entity: two names
        for s, e in _parts(text, ent_start, ent_end):
            name = text[s:e]
            # "Kech district": the name is "Kech", the word after it a feature hint
            # ("Hamza Division", an ORG, keeps its name whole)
            last = name.rsplit(" ", 1)
            if label in _ALWAYS and len(last) == 2 and last[1].lower() in vocab.hints:
                e, name = e - len(last[1]) - 1, last[0]
            if not name or not name[0].isupper() or _common(name):
                continue
            if _adjectival(text, e) or gz.country_of_demonym(name):
                continue  # "Saudi-led", "Afghan": a people or a modifier, not a place
            if label in _ALWAYS:
                # an acronym is a place only as a known country after a preposition:
                # "in the US", not "BLA", "US dollar", "US troops"
                if name.isupper() and not (_is_big_unit(name) and _unit_position(text, s)
                                           and not _division_acronym_after_the(text, s, name)):
                    continue
                s, e = _widen(text, s, e)  # NER's "Taran" in "Tarn Taran"
                found.append(_Mention(sentence.start + s, sentence.start + e, text[s:e],
                                      sentence, label))
                taken.append((s, e))
            elif label in _WEAK:
                big = _is_big_unit(name)
                if (
                    gz.has_name(name)
                    and (not name.isupper() or (big and _unit_position(text, s)
                                                and not _division_acronym_after_the(text, s, name)))
                    and (_place_like(text, s, e) or big)
                ):
                    s, e = _widen(text, s, e)  # "Mato Grosso" of "Mato Grosso do Sul"
                    found.append(
                        _Mention(sentence.start + s, sentence.start + e, text[s:e], sentence,
                                 label)
                    )
                    taken.append((s, e))
                elif label in ("PERSON", "ORG", "NORP") and not (
                    # "in Corumba, Mato Grosso do Sul" tagged PERSON, "(Barwani, Madhya
                    # Pradesh)" tagged ORG: the position wins
                    (label == "PERSON" and _before_ok(text, s) and _admin_or_comma_after(text, e))
                    or text[max(0, s - 1) : s] == "("
                    # "of Ain al Arab city" tagged PERSON: no person ends in "city"
                    or (label == "PERSON" and len(last) == 2
                        and vocab.hints.get(last[1].lower()) in ("city", "admin2", "admin1"))
                ):
                    blocked.append((s, e))
    found.extend(_gazetteer_mentions(sentence, taken, blocked))
    for m in found:
        m.hint = _hint_after(text, m.end - sentence.start)
    found.sort(key=lambda m: m.start)
    return found


def _division_acronym_after_the(text: str, start: int, name: str) -> bool:
    """"outside the MP's residence": news writes "in the US" but never "in the MP", so an
    acronym after "the" that is no country is a person or a party, not Madhya Pradesh."""
    return bool(re.search(r"\bthe\s+$", text[max(0, start - 5) : start], re.IGNORECASE)) and (
        gz.country_by_name(name) is None
    )


def _common(name: str) -> bool:
    """A stop word, or a facility word alone ("Airport", "Square")."""
    vocab = _vocab()
    return name in vocab.stop or name.lower() in vocab.facilities


def _parts(text: str, s: int, e: int) -> list[tuple[int, int]]:
    """The names in an entity span: split at commas and brackets, a leading "the" and a
    trailing possessive trimmed, blanks trimmed; only capitalised parts."""
    out = []
    for m in re.finditer(r"[^,()\[\]]+", text[s:e]):
        a, b = s + m.start(), s + m.end()
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if text[a:b].lower().startswith("the "):
            a += 4
        poss = _POSSESSIVE.search(text[a:b])
        if poss:
            b -= len(poss.group())
        if b > a and text[a].isupper():
            out.append((a, b))
    return out


def _adjectival(sentence_text: str, end: int) -> bool:
    """A name used as a modifier: "Saudi-led", "Kabul-based", "Iran-backed"."""
    # "Turkey backed faction": the same without the hyphen, before a participle
    return bool(re.match(r"-[a-z]|\s(?:backed|led|based|allied|affiliated|sponsored|supported"
                         r"|funded|trained|armed)\b", sentence_text[end : end + 12]))


def _widen(text: str, s: int, e: int) -> tuple[int, int]:
    """The longest gazetteer name in the capitalised run around ``text[s:e]``."""
    toks = _tokens(text)
    for i0, j0 in _runs(text, toks):
        if not (toks[i0][0] <= s and e <= toks[j0 - 1][1]):
            continue
        best = (s, e)
        for i in range(i0, j0):
            for j in range(j0, i, -1):
                a, b = toks[i][0], toks[j - 1][1]
                if a <= s and e <= b and (b - a) > (best[1] - best[0]) and gz.has_name(text[a:b]):
                    best = (a, b)
        return best
    return s, e


@cache
def _is_big_unit(name: str) -> bool:
    """Countries and first-order divisions: safe to take even inside an ORG name."""
    return any(c.feature in ("country", "admin1") for c in gz.lookup(name))


_ARTICLE = re.compile(r"^(?:al|el|ad|an|ar|as|ash|at|az|ul)-[^\W\d_]", re.UNICODE)


def _cap(word: str) -> bool:
    """Capitalised, or an Arabic article before a capitalised name ("al-Hasakeh")."""
    return word[0].isupper() or bool(_ARTICLE.match(word) and word[word.index("-") + 1].isupper())


def _runs(text: str, toks: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Token index ranges [i, j) of capitalised words joined by spaces, hyphens or connectors.

    "Martinez de la Torre", "Mato Grosso do Sul": lower-case connectors count when a
    capitalised word follows them.
    """

    def joined(k: int) -> bool:  # token k follows token k-1 directly
        return text[toks[k - 1][1] : toks[k][0]] in (" ", "-")

    runs = []
    i = 0
    while i < len(toks):
        if not _cap(text[toks[i][0] : toks[i][1]]):
            i += 1
            continue
        j = i + 1
        while j < len(toks) and joined(j):
            if _cap(text[toks[j][0] : toks[j][1]]):
                j += 1
                continue
            k = j
            while k < len(toks) and joined(k) and text[toks[k][0] : toks[k][1]].lower() in _CONNECTORS:
                k += 1
            if k > j and k < len(toks) and joined(k) and _cap(text[toks[k][0] : toks[k][1]]):
                j = k + 1
            else:
                break
        runs.append((i, j))
        i = j
    return runs


def _gazetteer_mentions(
    sentence: Sentence, taken: list[tuple[int, int]], blocked: list[tuple[int, int]]
) -> list[_Mention]:
    """Capitalised n-grams that are gazetteer names, in place-like positions.

    Within a run of capitalised words the longest gazetteer names are taken left to
    right; a match that is only part of a longer unknown name ("Choro" in "Choro del
    Mono") is not. A run the gazetteer does not know is kept when admin names follow
    it in brackets or after a comma ("in Buleda (Kech, Balochistan)").
    """
    text = sentence.text
    vocab = _vocab()
    stop = vocab.stop
    toks = _tokens(text)
    out: list[_Mention] = []

    def plain(k: int) -> bool:  # a word that does not continue a name
        w = text[toks[k][0] : toks[k][1]]
        return w in stop or w.lower() in vocab.hints

    def starts_name(k: int, j: int) -> bool:  # "Tijuana Baja California": two names
        if text[toks[k][0] : toks[k][1]] in ("al", "el", "ul", "bin", "ibn", "wa"):
            return False  # "Ain al Arab": a lower-case "al" continues the name
        return any(
            gz.has_name(text[toks[k][0] : toks[k + n - 1][1]])
            for n in range(1, min(_MAX_WORDS, j - k) + 1)
        )

    for i0, j0 in _runs(text, toks):
        matched_any = False
        fac = _facility_run(text, toks, i0, j0)
        if fac is not None:
            if not _overlaps(taken, *fac) and _before_ok(text, fac[0]):
                out.append(_Mention(fac[0], fac[1], text[fac[0] : fac[1]], sentence, "FAC"))
            continue
        i = i0
        while i < j0:
            s0 = toks[i][0]
            match = None
            for n in range(min(_MAX_WORDS, j0 - i), 0, -1):
                words = [text[a:b] for a, b in toks[i : i + n]]
                # a name may start with a capitalised article ("An Nuqat al Khams",
                # "Al Bayda"), never with a lower-case connector
                if not _cap(words[-1]) or words[0] in _CONNECTORS:
                    continue
                name = text[s0 : toks[i + n - 1][1]]
                if n == 1 and (_common(name) or len(name) < 3 or (
                        name.isupper() and not (_is_big_unit(name) and _unit_position(text, s0)
                                                and not _division_acronym_after_the(text, s0, name)))):
                    continue
                if _adjectival(text, toks[i + n - 1][1]) or gz.country_of_demonym(name):
                    continue
                if all(w in stop for w in words):
                    continue  # "West Coast", "North Central": descriptions, not names
                if gz.has_name(name):
                    match = (s0, toks[i + n - 1][1], name, n)
                    break
            if match is None:
                i += 1
                continue
            s, e, name, n = match
            # part of a longer name the gazetteer does not know?
            # ... unless "of" follows a name NER already took: "the North Zone of Rio"
            after_of = (i - 2 >= i0 and text[toks[i - 1][0] : toks[i - 1][1]] == "of"
                        and _overlaps(taken, toks[i0][0], toks[i - 2][1]))
            partial = (i > i0 and not plain(i - 1) and not matched_any and not after_of) or (
                i + n < j0 and not plain(i + n) and not starts_name(i + n, j0)
            )
            big = _is_big_unit(name)
            if partial:  # "NADRA Mega Centre" is not the region Centre
                i += n
                continue
            matched_any = True
            # a person's or group's name blocks the names inside it ("Hamza Khan"), not
            # a longer name around it (NER's ORG "Tuhayat" of "At Tuhayat")
            if _overlaps(taken, s, e) or (_covered(blocked, s, e) and not big):
                i += n
                continue
            if big or _place_like(text, s, e):
                out.append(_Mention(s, e, name, sentence, "GAZ"))
            i += n
        if matched_any:
            continue
        # an unknown name with admin names after it: "in Buleda (Kech, Balochistan)"
        while i0 < j0 and plain(i0):
            i0 += 1
        if i0 >= j0:
            continue
        s, e = toks[i0][0], toks[j0 - 1][1]
        # (NER often calls such a name a PERSON; the position says otherwise)
        bracketed = _in_bracket(text, s)
        if _overlaps(taken, s, e) or not (_before_ok(text, s) or bracketed):
            continue
        if text[s:e].isupper() or _common(text[s:e]):
            # an acronym the gazetteer does not know ("the MP's") is no town, nor is a
            # facility word alone ("the Airport police station")
            continue
        after = re.match(
            r"(?:\s+[a-z]+){0,2}\s*(?:\(|,|\s(?:of|in)\s)\s*(?:the\s+)?"
            r"((?:al-)?[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)*)",
            text[e:],
        )
        if after and gz.has_name(_strip_hint(after.group(1))):
            out.append(_Mention(s, e, text[s:e], sentence, "CTX"))
        else:
            # "in Diwaniya city": GeoNames spells it "Al Diwaniyah". Taken when the
            # spelling variant is a sizeable place, or the name is not NER's person
            # and a feature word follows it.
            variants = gz.lookup_loose(text[s:e])
            if bracketed and not _before_ok(text, s):
                # a later unit in "(Dessa, Tillabery)": a division spelt otherwise
                variants = [c for c in variants if c.feature in ("admin1", "admin2")]
            sizeable = any(c.population >= 10_000 for c in variants)
            marked = not _overlaps(blocked, s, e) and _hint_after(text, e) is not None
            if variants and (sizeable or marked):
                out.append(_Mention(s, e, text[s:e], sentence, "LOOSE"))
    for m in out:
        m.start += sentence.start
        m.end += sentence.start
    return out


def _in_bracket(text: str, start: int) -> bool:
    """Whether ``start`` lies after a comma inside an open bracket: "(Dessa, Tillabery)"."""
    before = text[:start]
    return before.rfind("(") > before.rfind(")") and bool(re.search(r",\s*$", before))


def _facility_run(
    text: str, toks: list[tuple[int, int]], i0: int, j0: int
) -> tuple[int, int] | None:
    """"Donetsk Filtration Station": a run of names ending in a facility word whose head is
    a town's name, read as one facility (NER often calls it an ORG)."""
    last = text[toks[j0 - 1][0] : toks[j0 - 1][1]].lower()
    if j0 - i0 < 2 or last not in _vocab().facilities or last in _vocab().routes:
        return None
    for k in range(j0 - 2, i0 - 1, -1):
        head = text[toks[i0][0] : toks[k][1]]
        if not _common(head) and any(c.feature == "city" for c in gz.lookup(head)):
            return toks[i0][0], toks[j0 - 1][1]
    return None


def _strip_hint(name: str) -> str:
    words = name.split()
    if len(words) > 1 and words[-1].lower() in _vocab().hints:
        return " ".join(words[:-1])
    return name


# --------------------------------------------------------------------------- resolving


def _is_facility(m: _Mention) -> bool:
    """A spot inside a town ("Skanderbeg Square", "Hamza Camp"): its container is a town."""
    if m.candidates:
        return False
    last = m.text.rsplit(" ", 1)[-1].lower()
    return m.source == "FAC" or last in _vocab().facilities


@cache
def _gap_pattern() -> re.Pattern[str]:
    """What may stand between a place and its container: "X (", "X, ", "X district of "."""
    hint = _alternation([*_vocab().hints, "area", "areas", "countryside", "outskirts"])
    return re.compile(
        r"(?:\s+(?:" + hint + r"))?\s*(?:\(|,|[-–]|\s|\bin\b|\bof\b)\s*"
        r"(?:(?:in|of)\s+)?(?:the\s+)?(?:(?:rural|northern|southern|eastern|western|central)\s+)?"
        r"(?:(?:countryside|outskirts|suburbs|environs)\s+of\s+(?:the\s+)?)?",
        re.IGNORECASE,
    )


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
            gap_ok = _gap_pattern().fullmatch(gap)
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
    if words and words[-1].lower() in _vocab().routes:
        return []
    for n in range(len(words) - 1, 0, -1):
        head = " ".join(words[:n])
        if head[0].isupper() and not _common(head):
            towns = [c for c in gz.lookup(head) if c.feature == "city"]
            if towns:
                return towns
    return []


def _could_hold(unit: _Mention, m: _Mention) -> bool:
    """Whether some reading of ``unit`` is a division or country holding some reading of
    ``m`` (true when either is unknown to the gazetteer: nothing says otherwise)."""
    if not unit.candidates or not m.candidates:
        return True
    return any(u.feature != "city" and u.ref != c.ref and gz.contains(u, c)
               for u in unit.candidates for c in m.candidates)


def _bracket_context(m: _Mention, later: list[_Mention]) -> None:
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
    mentions: list[_Mention], demonym_countries: list[str]
) -> tuple[Counter, Counter, Counter]:
    """Countries and admin1s the article is about, from names that are unambiguous.

    Also soft votes: an ambiguous name leans to the country of its largest namesake
    ("Tripoli" to Libya); they only break ties for the dominant country.
    """
    countries: Counter = Counter()
    soft: Counter = Counter()
    admin1s: Counter = Counter()
    for c in demonym_countries:
        soft[c] += 0.75  # "Saudi-led coalition" in Yemen: a people named is a weak cue
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
            countries[top.country] += _own_vote(m)
            a1 = {c.admin1 for c in cands}
            if len(a1) == 1 and top.admin1:
                admin1s[(top.country, top.admin1)] += 1
        else:
            largest = max(cands, key=lambda c: c.population)
            if largest.population >= _FOREIGN_MIN_POPULATION:
                soft[largest.country] += 0.5
    return countries, soft, admin1s


def _own_vote(m: _Mention) -> float:
    """The country vote a name unique to one country casts (see :func:`_votes`)."""
    cands = m.candidates
    if not cands or cands[0].feature == "country" or len({c.country for c in cands}) != 1:
        return 0.0
    top = cands[0]
    # a division or a big town says more about the country than a hamlet whose name
    # happens to be unique in the gazetteer
    if top.feature == "city":
        return 1.0 if top.population >= _FOREIGN_MIN_POPULATION else 0.25
    return {"admin1": 1.5, "admin2": 1.0}.get(top.feature, 0.0)


def _score(
    c: gz.Candidate, m: _Mention, countries: Counter, admin1s: Counter, dominant: str | None
) -> float:
    if (
        dominant is not None
        and countries.get(dominant)
        and not m.is_context
        and c.country != dominant
        and c.feature != "country"
        # a district's population is its towns' sum: no sign of fame abroad
        and (c.population < _FOREIGN_MIN_POPULATION or c.feature == "admin2")
        # a town of some size whose name nothing else bears is that town ("a hotel in
        # Kilkis ... migrants from Afghanistan"); hamlets stay suspect ("Kinda")
        and not (c.feature == "city" and c.population >= _UNIQUE_MIN_POPULATION
                 and len({x.country for x in m.candidates}) == 1)
        # its own unique name is not support enough ("Bara Bara", a quarter of St Lucia),
        # unless written as a division ("Rafi LGA (Niger)")
        and (countries.get(c.country, 0) - _own_vote(m) < 1
             if m.hint not in ("admin", "admin1", "admin2") else countries.get(c.country, 0) < 1)
    ):
        # a small namesake abroad, in an article about another country: not it
        return -math.inf
    score = {"country": 4.0, "admin1": 1.0, "admin2": 0.5, "city": 0.0}[c.feature]
    score += 0.5 * math.log10(c.population + 10)
    if m.hint == "admin":
        score += 4.0 if c.feature in ("admin1", "admin2") else -1.0
    elif m.hint is not None:
        score += 4.0 if c.feature == m.hint else -1.0
    elif m.is_context and c.feature in ("admin1", "admin2"):
        score += 3.0  # "Buleda (Kech, Balochistan)": the units in brackets are divisions
    if dominant is not None and c.country == dominant:
        score += 3.0
    elif countries.get(c.country):
        score += 1.0
    if c.feature != "country" and admin1s.get((c.country, c.admin1)):
        score += 2.0
    for ctx_m in m.context:
        # any reading of the container will do: "Cartagena, Bolivar department" picks
        # Colombia's Bolivar because that one holds a Cartagena
        if any(u.ref != c.ref and u.feature != "city" and gz.contains(u, c)
               for u in _units(ctx_m)):
            score += 6.0
    return score


def _slip(m: _Mention, best: gz.Candidate, units: list[gz.Candidate]) -> bool:
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
    elif best.feature != "city" or best.population < _UNIQUE_MIN_POPULATION or re.match(
        r"\s+(?:village|hamlet|locality|area)", m.sentence.text[m.end - m.sentence.start :]
    ):
        return False  # "Lalpur village" is not the town of Lalpur
    return len({c.admin1 for c in m.candidates if c.country == best.country}) == 1


def _resolve_unknown(m: _Mention, dominant: str | None) -> None:
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
    if m.source in _WEAK or m.source == "FAC":
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


def _chain(m: _Mention) -> list[_Mention]:
    """The containers written after ``m``, and theirs in turn ("X Y municipality, Z")."""
    out: list[_Mention] = []
    todo = list(m.context)
    while todo:
        nxt = todo.pop(0)
        if nxt is m or nxt in out:
            continue
        out.append(nxt)
        todo.extend(nxt.context)
    return out


def _units(m: _Mention) -> list[gz.Candidate]:
    """The readings of a container mention: its choice first, then its other candidates."""
    first = [m.chosen] if m.chosen is not None else []
    return first + [c for c in m.candidates if m.chosen is None or c.ref != m.chosen.ref]


def _drop_same_named_units(cands: list[gz.Candidate], m: _Mention) -> list[gz.Candidate]:
    """"Quetta" is both a district and its chief town: the bare name means the town."""
    if m.hint in ("admin", "admin1", "admin2") or (m.hint is None and m.is_context):
        return cands
    towns = [c for c in cands if c.feature == "city"]
    out = []
    for c in cands:
        if c.feature in ("admin1", "admin2") and any(
            t.population * 10 >= c.population
            and (gz.contains(c, t) or (t.country == c.country and t.population >= 100_000))
            for t in towns
        ):
            continue
        out.append(c)
    return out


def _regional_town(name: str, units: list[gz.Candidate]) -> gz.Candidate | None:
    """The town spelt most like ``name`` in any of ``units`` ("Sentianivka" is
    GeoNames' "Sentyanivka" in Luhansk), with a stricter cut-off than inside a division
    the text names, since here the region is only implied."""
    import difflib

    best, best_ratio = None, 0.0
    for unit in units:
        town = gz.similar_town(name, unit, cutoff=0.8)
        if town is None:
            continue
        ratio = difflib.SequenceMatcher(None, gz.loose(name), gz.loose(town.name)).ratio()
        if ratio > best_ratio:
            best, best_ratio = town, ratio
    return best


def _names_region(m: _Mention) -> bool:
    """Whether the mention is a region cue itself ("the war in Donbas"): it names the
    whole region, not a village in it."""
    return any(cue.fullmatch(m.text) for cue, _, _ in _vocab().regions)


def _region_units(regions: list[tuple[str, tuple[str, ...]]]) -> list[gz.Candidate]:
    out = []
    for country, names in regions:
        for name in names:
            out.extend(gz.lookup(name, country=country, feature="admin1")[:1])
    return out


def _resolve(
    mentions: list[_Mention],
    demonym_countries: list[str],
    actor_countries: Counter | None = None,
    regions: list[tuple[str, tuple[str, ...]]] = (),  # type: ignore[assignment]
    region_home: gz.Candidate | None = None,
) -> None:
    """Choose each mention's gazetteer entry.

    ``actor_countries`` are the countries of the named actors ("Houthis" -> Yemen),
    ``regions`` the (country, admin1s) the report's wording ties it to (see
    ``region_hints`` in places.yaml), ``region_home`` the unit that holds a village of
    the region the gazetteer cannot place (see :func:`_region_home`).
    """
    for m in mentions:
        m.candidates = gz.lookup(m.text)
        if m.candidates and not any(c.feature == "city" for c in m.candidates) and (
            m.hint not in ("admin", "admin1", "admin2")
        ):
            # "Odessa" is the province's name here, but GeoNames spells the city "Odesa"
            m.candidates += [c for c in gz.lookup_loose(m.text)
                             if c.feature == "city" and c.population >= 50_000
                             and any(c.country == u.country for u in m.candidates)]
    _link_context(mentions)
    for m in mentions:
        if not m.candidates and not m.context and _is_facility(m):
            m.candidates = _facility_town(m.text)
        m.candidates = _drop_same_named_units(m.candidates, m)
    countries, soft, admin1s = _votes(mentions, demonym_countries)
    for name, n in (actor_countries or Counter()).items():
        country = gz.country_by_name(name)
        if country is not None:
            # a named actor is firm evidence of the country ("Houthis" -> Yemen), but one
            # actor named often should not outvote the places
            countries[country.country] += min(n, 2)
    region_units = _region_units(list(regions))
    for unit in region_units:
        countries[unit.country] += 1
        admin1s[(unit.country, unit.admin1)] += 1
    overall = countries + soft
    dominant = overall.most_common(1)[0][0] if overall else None
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
                        and m.chosen.population < _FOREIGN_MIN_POPULATION
                        and not any(gz.contains(u, m.chosen) for u in region_units)):
                    m.chosen = None  # "Vodyane" is no Vodiane of another oblast here
                if m.chosen is None and region_units and not m.context:
                    m.chosen = _regional_town(m.text, region_units)
                    if m.chosen is None and m.source not in _WEAK and not _names_region(m):
                        # a village too small for the gazetteer: the region is all
                        # that is known of it
                        m.region = region_home
                continue
            scored = [(_score(c, m, countries, admin1s, dominant), c) for c in m.candidates]
            best_score, best = max(scored, key=lambda sc: (sc[0], -sc[1].ref))
            if best_score == -math.inf:
                if region_units and not m.context:
                    m.region = region_home  # only namesakes abroad: a local village
                continue
            # a name NER did not call a place needs support: not a town abroad
            if (
                m.source in _WEAK
                and best.feature == "city"
                and dominant is not None
                and best.country != dominant
                # "Israeli airstrikes ... in Dar'a": a province's name is a place whatever
                # the article's country
                and not any(c.feature == "admin1" and c.country == best.country
                            for c in gz.lookup(m.text))
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
                if regional is None and best.population < _FOREIGN_MIN_POPULATION:
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
            if m.chosen is not None and m.chosen.feature in ("admin1", "admin2"):
                admin1s[(m.chosen.country, m.chosen.admin1)] += 1


# --------------------------------------------------------------------------- output


def _role(m: _Mention) -> str:
    sentence = m.sentence
    text = sentence.text
    rel = m.start - sentence.start
    vocab = _vocab()
    if vocab.background.search(text) or vocab.background_before.search(
        text[max(0, rel - 30) : rel]
    ):
        return "background"
    # checked before event cues: the prefilter's violence cues are broad ("operations")
    # "protesters gathered in X against the lockdown": a measure people protest is not
    # one taken there
    if any(not vocab.protested.search(text[min(rel, max(0, c.start() - 50)) : c.start()])
           for c in vocab.measure.finditer(text)):
        return "measure"
    if sentence.cues.intersection(EVENT_CUES) and vocab.event_before.search(
        text[max(0, rel - 40) : rel]
    ):
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
    mentions: list[_Mention] = []
    # every sentence: those without NER (not candidates) still get gazetteer matches,
    # which cost little and tell the article's country
    for sentence in ctx.sentences:
        mentions.extend(_mentions_in(sentence))
    regions = [(country, admin1s) for cue, country, admin1s in _vocab().regions
               if cue.search(ctx.text)]
    _resolve(mentions, _demonyms(ctx), actors.country_hints(ctx.text), regions,
             _region_home(ctx.text) if regions else None)
    return [_place(ctx, m) for m in mentions if not m.rejected]


def recognise(ctx: Context) -> None:
    """Append the article's places to ``ctx.places``."""
    ctx.places.extend(find(ctx))


# --------------------------------------------------------------------------- event


def event_location(ctx: Context) -> Place | None:
    """Where the primary event happened, with ACLED's ``geo_precision``.

    The first event place (a place after "in"/"at"/"near" in a sentence with a
    violence, security or protest cue), else the first non-background place. A
    division is refined by a more specific place in the same sentence that lies in it
    ("in Kech district, gunmen killed a man in Turbat"). A spot in a known town
    ("Bat Galim Square of Haifa") takes the town's coordinates; a town the gazetteer
    does not know falls back to its admin2 centre (precision 2) or admin1 centre
    (precision 3), named after that unit. With no place known, a report tied to a
    region (``region_hints``) is placed in it as far as its text says.
    Unknown stays None.
    """
    places = [p for p in ctx.places if p.role != "background"]
    if not places:
        return _region_place(ctx)
    event_before = _vocab().event_before
    pool = (
        [p for p in places if p.role == "event"]
        # "in X" in a sentence the cues call a measure or a mere mention
        or [p for p in places
            if event_before.search(ctx.text[max(0, p.evidence.start - 40) : p.evidence.start])]
        or places
    )
    # "detained in Spain ... in El Menzah (Cite El Khadra, Tunis)": a country is the
    # event's place only when nothing more specific is named
    specific = [p for p in pool if p.feature != "country"]
    first = specific[0] if specific else pool[0]
    if first.feature is None:
        if first.latitude is not None:
            return first.model_copy()
        if first.admin1 or first.admin2:
            return _fallback(first)
        known = [p for p in pool if p.feature is not None or p.admin1]
        if not known:
            return _region_place(ctx)
        first = known[0]
        if first.feature is None:
            return _fallback(first)
    sentence = ctx.sentence_at(first.evidence.start)
    same = [p for p in places if ctx.sentence_at(p.evidence.start) is sentence]
    best = first
    for p in same:
        if _SPECIFICITY.get(p.feature or "", -1) > _SPECIFICITY[best.feature or "country"] and (
            _inside(p, best)
        ):
            best = p
    if best.feature in ("admin1", "admin2", "country"):
        # a town the gazetteer lacks, written inside this division, is more specific
        for p in same:
            if p.feature is None and p.admin1 and _inside(p, best):
                return _fallback(p)
    anchor = _near_anchor(ctx, best, same)
    if anchor is not None:
        return anchor
    if best.latitude is None and best.feature in ("admin1", "admin2"):
        return _without_coordinates(best)
    return best.model_copy()


def _region_home(text: str) -> gz.Candidate | None:
    """Where a report tied to a region (``region_hints``) happened, as far as its text
    says: the admin1 the text names ("Luhansk region"), else the one its cues point to
    ("LPR"), else the region's country. The region's reports may mostly fall in one
    province, but a guess is not a reading."""
    matched = [(country, admin1s) for cue, country, admin1s in _vocab().regions
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


def _region_place(ctx: Context) -> Place | None:
    """No place named, or none the gazetteer knows, in a report whose wording ties it to a
    region ("the OSCE SMM observed ... near <a village>"): the report's region as far as
    the text says (:func:`_region_home`), with the cue as evidence; an admin1 is placed
    at its centre (precision 3), a country has no coordinates."""
    unit = _region_home(ctx.text)
    if unit is None:
        return None
    found = next(m for cue, _, _ in _vocab().regions if (m := cue.search(ctx.text)))
    if unit.feature == "country":
        return Place(text=found.group(), name=unit.name, feature="country",
                     country=unit.country, iso=unit.iso2, location=unit.name,
                     role="event", evidence=ctx.evidence(*found.span()))
    return Place(
        text=found.group(), country=unit.country, iso=unit.iso2, admin1=unit.admin1,
        location=unit.name, latitude=unit.latitude, longitude=unit.longitude,
        geo_precision=3, role="event", evidence=ctx.evidence(*found.span()),
    )


_NEAR_AFTER = re.compile(
    r"\s*(?:village|town|area|locality|camp|settlement)?\s*,?\s*"
    r"(?:near|close to|outside|on the outskirts of|in the vicinity of)\s+"
    r"(?:the\s+)?(?:(?:town|city|village)\s+of\s+)?"
)


def _near_anchor(ctx: Context, p: Place, same: list[Place]) -> Place | None:
    """"Hamirpur village near Rapar town (Kachchh, Gujarat)": the event is placed at the
    town it is said to be near, with precision 2 (ACLED's "near a town")."""
    m = _NEAR_AFTER.match(ctx.text, p.evidence.end)
    if not m:
        return None
    for q in same:
        if q.evidence.start == m.end() and q.feature == "city" and q.latitude is not None:
            out = q.model_copy()
            out.geo_precision = 2
            return out
    return None


def _without_coordinates(p: Place) -> Place:
    """A division GeoNames gives no towns (so no centre): its namesake town, else its
    admin1's centre."""
    out = p.model_copy()
    town = next((c for c in gz.lookup(p.name or p.text, country=p.iso, feature="city")
                 if c.admin1 == p.admin1), None)
    if town is not None:
        out.latitude, out.longitude, out.geo_precision = town.latitude, town.longitude, 2
        return out
    if p.feature == "admin2" and p.admin1:
        unit = next(iter(gz.lookup(p.admin1, country=p.iso, feature="admin1")), None)
        if unit is not None:
            out.latitude, out.longitude, out.geo_precision = unit.latitude, unit.longitude, 3
    return out


def _inside(p: Place, unit: Place) -> bool:
    """Whether ``p`` lies in the division or country ``unit`` (by names)."""
    if unit.feature == "country":
        return p.country == unit.country
    if unit.feature == "admin1":
        return p.country == unit.country and p.admin1 == unit.admin1
    if unit.feature == "admin2":
        return p.admin1 == unit.admin1 and p.admin2 == unit.admin2
    return False


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
