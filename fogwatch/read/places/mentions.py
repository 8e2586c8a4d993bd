"""Places, step 1: the toponyms of a sentence.

Two sources: spaCy's entities (place labels always, weak labels only where the whole
entity is a gazetteer name in a place-like position), and capitalised word n-grams that
are gazetteer names, kept only in a place-like position. See :mod:`fogwatch.read.places`.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from fogwatch.geo import gazetteer as gz
from fogwatch.read.places.vocab import Mention, place_words
from fogwatch.read.text import Sentence, is_dateline
from fogwatch.vocab import load_yaml

# "J&K": an ampersand joins the letters of an abbreviation
_TOKEN = re.compile(r"[^\W\d_]+(?:[-'’.][^\W\d_]+|&[A-Z]+)*", re.UNICODE)
_POSSESSIVE = re.compile(r"['’]s$")


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
    return bool(place_words().before.search(sentence_text[max(0, start - 30) : start]))


def _unit_position(sentence_text: str, start: int) -> bool:
    """Where an abbreviated division may stand: after "in"/"(", or after a comma in a
    bracket ("(Budgam district, J&K)")."""
    return _before_ok(sentence_text, start) or _in_bracket(sentence_text, start)


def _hint_word_after(sentence_text: str, end: int) -> str | None:
    """The feature word written right after a name ("district" of "Kech district")."""
    m = re.match(r"\s+([A-Za-z-]+(?:\s+[A-Za-z]+){0,2})", sentence_text[end : end + 40])
    if not m:
        return None
    words = m.group(1).lower().split()
    hints = place_words().hints
    for n in (3, 2, 1):
        phrase = " ".join(words[:n])
        if len(words) >= n and phrase in hints:
            return phrase
    return None


def _hint_after(sentence_text: str, end: int) -> str | None:
    """The feature the word after a name names ("Kech district" -> admin2)."""
    word = _hint_word_after(sentence_text, end)
    return place_words().hints[word] if word is not None else None


def _attacked(sentence_text: str, start: int) -> str | None:
    """The attack's verb, or "on", right before a name ("attacked Goran Namaye",
    "captured the Niafunke camp", "an air strike on Tora market"), lower-cased."""
    m = place_words().attack_before.search(sentence_text[max(0, start - 40) : start])
    return m.group().split()[0].lower() if m else None


def _facility_after(sentence_text: str, end: int) -> bool:
    """A facility word, in lower case, right after a name: "Tora market", "Niafunke camp"
    (not a route: "on Avalon Boulevard" is a street address)."""
    m = re.match(r"\s+([a-z]+)\b", sentence_text[end : end + 30])
    vocab = place_words()
    return bool(m) and m.group(1) in vocab.facilities and m.group(1) not in vocab.routes


def _named_feature_before(sentence_text: str, start: int) -> bool:
    """"the village of X", "the region of X": the words before say X is a place."""
    return bool(place_words().named_before.search(sentence_text[max(0, start - 40) : start]))


def _coordinated(sentence_text: str, start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    """A name joined by "and"/"or" to a place just before it, ending the list: "at
    Nakhujang and Bethel areas", "in Oakport and Moorhead, urging" (not "Hezbollah is in
    Lebanon and Hamas is in ...")."""
    return bool(place_words().coordinated_end.match(sentence_text, end)) and any(
        b <= start and re.fullmatch(r"\s*(?:,\s*)?(?:and|or|&)\s+", sentence_text[b:start])
        for _, b in spans
    )


def _admin_after(sentence_text: str, end: int) -> bool:
    """A parenthesis or comma right after the name, as in "Buleda (Kech, Balochistan)"."""
    return bool(re.match(r"\s*\(", sentence_text[end : end + 3]))


def _admin_or_comma_after(sentence_text: str, end: int) -> bool:
    return bool(re.match(r"\s*[(,]\s*[A-Z]", sentence_text[end : end + 4]))


def _place_like(sentence_text: str, start: int, end: int) -> bool:
    """Whether a name sits where places sit: after "in"/"near", before "district", as
    what an attack's verb acts on ("captured Niafunke")."""
    return (
        _before_ok(sentence_text, start)
        or (_attacked(sentence_text, start) is not None and _facility_after(sentence_text, end))
        or _hint_after(sentence_text, end) is not None
        or _admin_after(sentence_text, end)
        or bool(place_words().comma_chain.search(sentence_text[max(0, start - 100) : start]))
        or _in_bracket(sentence_text, start)  # "(Mansila, Yagha)"
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
    always = place_words().always
    ents = [(e.start_char, e.end_char, e.label_) for e in doc.ents] if doc is not None else []
    out: list[tuple[int, int, str]] = []
    for start, end, label in ents:
        if out and label in always and out[-1][2] in always:
            p_start, p_end, p_label = out[-1]
            joined = text[p_start:end]
            if (re.fullmatch(r"\s+(?:and|&)\s+", text[p_end:start])
                    and gz.lookup(joined)):
                out[-1] = (p_start, end, p_label)
                continue
        out.append((start, end, label))
    return out


# A local force after the name of the town or county it serves.
_LOCAL_AGENCY = re.compile(
    r"\s+(?:Police(?:\s+(?:Department|Dept\.?|Service|Force))?|Sheriff['\u2019]?s?\s+(?:Office|"
    r"Department)|Fire\s+(?:Department|Rescue)|Marshals?\s+Office)$")
_UNIT_OF = re.compile(r"(?:[Tt]he\s+)?([A-Za-z]+)\s+of\b\s*")
_NAME_AFTER = re.compile(
    r"\s*([A-Z][\w'-]*(?:\s+(?:(?:de|del|do|da|dos|la|el|al)\s+)?[A-Z][\w'-]*)*)")


def mentions_in(sentence: Sentence) -> list[Mention]:
    text = sentence.text
    vocab = place_words()
    found: list[Mention] = []
    taken: list[tuple[int, int]] = []  # sentence offsets already used by a mention
    blocked: list[tuple[int, int]] = []  # PERSON / ORG names: no gazetteer match inside
    people: list[tuple[int, int]] = []  # PERSON names of two words or more
    doc = sentence.doc
    for ent_start, ent_end, label in _entities(doc, text):
        # "Nis, Serbia" and "Rawson (Chubut" as one entity: two names
        for s, e in _parts(text, ent_start, ent_end):
            name = text[s:e]
            # "Kech district": the name is "Kech", the word after it a feature hint
            # ("Hamza Division", an ORG, keeps its name whole)
            last = name.rsplit(" ", 1)
            if label in vocab.always and len(last) == 2 and last[1].lower() in vocab.hints:
                e, name = e - len(last[1]) - 1, last[0]
            # "the Municipality of Fresnillo", "District of Columbia" stays whole only
            # where the gazetteer has it: the name is what follows "of"; NER's bare
            # "Municipality of" names nothing
            head = _UNIT_OF.match(name)
            if label in vocab.always and head and head.group(1).lower() in vocab.hints \
                    and not gz.has_name(name):
                s, name = s + head.end(), name[head.end():]
                if not name:
                    # NER stopped at "of": the name is the capitalised words after it
                    after = _NAME_AFTER.match(text, e)
                    if after is None:
                        continue
                    s, e = after.span(1)
                    name = text[s:e]
            if not name or not name[0].isupper() or is_common(name):
                continue
            if _adjectival(text, e) or gz.country_of_demonym(name):
                continue  # "Saudi-led", "Afghan": a people or a modifier, not a place
            if _not_a_place(text, s, e):
                continue
            if (len(name) == 2 and name.isupper() and gz.country_by_name(name) is None
                    and not _abbreviated_unit(text, s, e)):
                # a province's two letters only as a town's container, "Noida, UP",
                # as on the gazetteer path: "killed ... yesterday in AP" is a tweet's
                # Aransas Pass, not Andhra Pradesh
                continue
            if label in vocab.always:
                # an acronym is a place only as a known country after a preposition:
                # "in the US", not "BLA", "US dollar", "US troops"
                if name.isupper() and not (_is_big_unit(name) and _unit_position(text, s)
                                           and not _division_acronym_after_the(text, s, name)):
                    continue
                s, e = _widen(text, s, e)  # NER's "Taran" in "Tarn Taran"
                found.append(Mention(sentence.start + s, sentence.start + e, text[s:e],
                                      sentence, label))
                taken.append((s, e))
            elif label == "ORG" and (agency := _LOCAL_AGENCY.search(name)) and \
                    gz.has_name(name[:agency.start()]) and not is_common(name[:agency.start()]):
                # "the Fairbanks Police Department", "Polk County Sheriff's Office": a
                # local force's name gives the town or county it serves
                head = name[:agency.start()]
                found.append(Mention(sentence.start + s, sentence.start + s + len(head), head,
                                     sentence, "GAZ"))
                taken.append((s, e))
            elif label in vocab.weak:
                big = _is_big_unit(name)
                if (
                    gz.has_name(name)
                    and (not name.isupper() or (big and _unit_position(text, s)
                                                and not _division_acronym_after_the(text, s, name)))
                    and (_place_like(text, s, e) or big)
                ):
                    s, e = _widen(text, s, e)  # "Mato Grosso" of "Mato Grosso do Sul"
                    found.append(
                        Mention(sentence.start + s, sentence.start + e, text[s:e], sentence,
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
                    if label == "PERSON" and " " in name:
                        people.append((s, e))
    found.extend(_gazetteer_mentions(sentence, taken, blocked, people))
    found = [m for m in found if not _agency_credit(text, m.start - sentence.start,
                                                    m.end - sentence.start)]
    found = _dotted_admin1(sentence, found)
    found.extend(_dateline_town(sentence, found))
    for m in found:
        m.hint = _hint_after(text, m.end - sentence.start)
    found.sort(key=lambda m: m.start)
    return found


@cache
def _agencies() -> frozenset[str]:
    data = load_yaml("reporting.yaml")
    return frozenset(a.lower() for a in data["not_speakers"]["agencies"])


def _agency_credit(sentence_text: str, start: int, end: int) -> bool:
    """"OCHOPEE, Fla. (AP) -": a wire agency credited alone in brackets, not Andhra
    Pradesh."""
    return (sentence_text[max(0, start - 1) : start] == "("
            and sentence_text[end : end + 1] == ")"
            and sentence_text[start:end].lower() in _agencies())


def _dotted_admin1(sentence: Sentence, found: list[Mention]) -> list[Mention]:
    """"Salina, Kan.", "Albany, N.Y.": a division as agencies abbreviate it after a town,
    read as that division whatever else the letters could name (places.yaml,
    ``dotted_admin1_abbreviations``)."""
    vocab = place_words()
    text = sentence.text
    for match in vocab.dotted_admin1_after.finditer(text):
        s, e = match.span(1)
        iso, admin1 = vocab.dotted_admin1[match.group(1)]
        units = [c for c in gz.lookup(admin1) if c.feature == "admin1" and c.iso2 == iso]
        if not units:
            continue
        a, b = sentence.start + s, sentence.start + e
        found = [m for m in found if m.end <= a or m.start >= b]
        found.append(Mention(a, b, text[s:e], sentence, "GAZ", fixed=units))
    found.sort(key=lambda m: m.start)
    return found


def _dateline_town(sentence: Sentence, found: list[Mention]) -> list[Mention]:
    """The town of a dateline written in capitals ("SALINA, Kan. (AP) -", "KABUL
    (Reuters) -"): where the outlet filed from, a place of the report (the event's
    only where the text names no other; see :mod:`fogwatch.read.places.location`)."""
    text = sentence.text
    if not is_dateline(sentence):
        return []
    m = _DATELINE_TOWN.match(text)
    if m is None or any(x.start < sentence.start + m.end(1) for x in found):
        return []
    name = m.group(1)
    if len(name) < 3 or is_common(name.title()) or not gz.has_name(name):
        return []
    return [Mention(sentence.start + m.start(1), sentence.start + m.end(1), name, sentence,
                    "GAZ")]


# the capitals that open a dateline, before its region, date, credit or dash
_DATELINE_TOWN = re.compile(r"\s*([A-Z][A-Z'\u2019-]+(?:[ .]+[A-Z][A-Z'\u2019-]+){0,3})"
                            r"(?=\s*(?:,|\(|--|[-:\u2013\u2014]))")


def _division_acronym_after_the(text: str, start: int, name: str) -> bool:
    """"outside the MP's residence": news writes "in the US" but never "in the MP", so an
    acronym after "the" that is no country is a person or a party, not Madhya Pradesh."""
    return bool(re.search(r"\bthe\s+$", text[max(0, start - 5) : start], re.IGNORECASE)) and (
        gz.country_by_name(name) is None
    )


def is_common(name: str) -> bool:
    """A stop word, or a facility word alone ("Airport", "Square")."""
    vocab = place_words()
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
    return bool(place_words().modifier.match(sentence_text[end : end + 12]))


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


def _cap(word: str) -> bool:
    """Capitalised, or an Arabic article before a capitalised name ("al-Hasakeh")."""
    return word[0].isupper() or bool(place_words().article.match(word) and word[word.index("-") + 1].isupper())


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
            while k < len(toks) and joined(k) and text[toks[k][0] : toks[k][1]].lower() in place_words().connectors:
                k += 1
            if k > j and k < len(toks) and joined(k) and _cap(text[toks[k][0] : toks[k][1]]):
                j = k + 1
            else:
                break
        runs.append((i, j))
        i = j
    return runs


def _gazetteer_mentions(
    sentence: Sentence, taken: list[tuple[int, int]], blocked: list[tuple[int, int]],
    people: list[tuple[int, int]] = [],  # noqa: B006 (read only)
) -> list[Mention]:
    """Capitalised n-grams that are gazetteer names, in place-like positions.

    Within a run of capitalised words the longest gazetteer names are taken left to
    right; a match that is only part of a longer unknown name ("Choro" in "Choro del
    Mono") is not. A run the gazetteer does not know is kept when admin names follow
    it in brackets or after a comma ("in Buleda (Kech, Balochistan)").
    """
    text = sentence.text
    vocab = place_words()
    stop = vocab.stop
    toks = _tokens(text)
    out: list[Mention] = []

    def plain(k: int) -> bool:  # a word that does not continue a name
        w = text[toks[k][0] : toks[k][1]]
        return w in stop or w.lower() in vocab.hints

    def starts_name(k: int, j: int) -> bool:  # "Tijuana Baja California": two names
        if text[toks[k][0] : toks[k][1]] in vocab.inner_connectors:
            return False  # "Ain al Arab": a lower-case "al" continues the name
        return any(
            gz.has_name(text[toks[k][0] : toks[k + n - 1][1]])
            for n in range(1, min(vocab.max_words, j - k) + 1)
        )

    for i0, j0 in _runs(text, toks):
        matched_any = False
        fac = _facility_run(text, toks, i0, j0)
        if fac is not None:
            if not _overlaps(taken, *fac) and _before_ok(text, fac[0]):
                out.append(Mention(fac[0], fac[1], text[fac[0] : fac[1]], sentence, "FAC"))
            continue
        i = i0
        while i < j0:
            s0 = toks[i][0]
            match = None
            for n in range(min(vocab.max_words, j0 - i), 0, -1):
                words = [text[a:b] for a, b in toks[i : i + n]]
                # a name may start with a capitalised article ("An Nuqat al Khams",
                # "Al Bayda"), never with a lower-case connector
                if not _cap(words[-1]) or words[0] in vocab.connectors:
                    continue
                name = text[s0 : toks[i + n - 1][1]]
                # a two-letter name only as a division's abbreviation written as a
                # town's container: "Allahabad (UP)", "Noida, UP"
                if n == 1 and (is_common(name) or (len(name) < 3 and not _abbreviated_unit(
                        text, s0, toks[i][1])) or (
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
            # a longer name around it (NER's ORG "Tuhayat" of "At Tuhayat"); a division
            # NER mistook for a name stays, but not one that is a part of a person's
            # name ("Maurice Phillips" holds no Phillips County)
            inside_person = any(a <= s and e <= b and (a, b) != (s, e) for a, b in people)
            if _overlaps(taken, s, e) or (_covered(blocked, s, e)
                                          and (not big or inside_person)):
                i += n
                continue
            if _not_a_place(text, s, e):
                i += n
                continue
            if big or _place_like(text, s, e) or _coordinated(
                    text, s, e, taken + [(m.start, m.end) for m in out]):
                out.append(Mention(s, e, name, sentence, "GAZ"))
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
        named = _named_feature_before(text, s)
        coordinated = _coordinated(text, s, e, taken + [(m.start, m.end) for m in out])
        placed = _before_ok(text, s) or bracketed or coordinated
        attacked = _attacked(text, s)
        by_attack = attacked is not None and (attacked != "on" or _facility_after(text, e))
        if _overlaps(taken, s, e) or not (placed or by_attack):
            continue
        if text[s:e].isupper() or is_common(text[s:e]):
            # an acronym the gazetteer does not know ("the MP's") is no town, nor is a
            # facility word alone ("the Airport police station")
            continue
        after = re.match(
            r"(?:\s+[a-z]+){0,2}\s*(?:\(|,|\s(?:of|in)\s)\s*(?:the\s+)?"
            r"((?:al-)?[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)*)",
            text[e:],
        )
        if after and not placed and not re.search(r"\(|\s(?:of|in)\s", text[e : e + after.start(1)]):
            after = None  # "attacked Kosinski, Nelson said": a comma after a verb's object
        # "Al-Thabet market in Yemen's Saada province": the possessive is not the name
        if after and gz.has_name(_strip_hint(_POSSESSIVE.sub("", after.group(1)))):
            out.append(Mention(s, e, text[s:e], sentence, "CTX"))
        elif named or (_hint_word_after(text, e) in vocab.unknown_hints
                       and (_before_ok(text, s) or coordinated)):
            # "the village of Tal Halaf", "the mayor of the Tondikiwindi commune", "at
            # Nakhujang and Bethel villages": a place the gazetteer lacks, unplaced
            out.append(Mention(s, e, text[s:e], sentence, "NAMED"))
        else:
            # "in Diwaniya city": GeoNames spells it "Al Diwaniyah". Taken when the
            # spelling variant is a sizeable place, or the name is not NER's person
            # and a feature word follows it.
            variants = gz.lookup_loose(text[s:e])
            if bracketed and not _before_ok(text, s):
                # a later unit in "(Dessa, Tillabery)": a division spelt otherwise
                variants = [c for c in variants if c.feature in ("admin1", "admin2")]
            sizeable = any(c.population >= vocab.scoring.sizeable_population for c in variants)
            marked = not _overlaps(blocked, s, e) and _hint_after(text, e) is not None
            if variants and (sizeable or marked):
                out.append(Mention(s, e, text[s:e], sentence, "LOOSE"))
    for m in out:
        m.start += sentence.start
        m.end += sentence.start
    return out


def _not_a_place(text: str, start: int, end: int) -> bool:
    """Where a name is never a place, whatever NER or the gazetteer say of it: the
    subject an editor put in brackets, a photo credit, the street of an address."""
    return (_bracketed_subject(text, start, end) or _in_credit(text, start, end)
            or _street_of_block(text, start))


def _bracketed_subject(text: str, start: int, end: int) -> bool:
    """A name alone in brackets that opens a clause and a verb follows: "(Phillips)
    admitted to firing", the subject an editor put in place of a quote's "he"."""
    return (bool(re.search(r"(?:^|[,;:\"“‘]\s*|\n)\($", text[max(0, start - 3) : start]))
            and bool(re.match(r"\)\s+[a-z]", text[end : end + 4])))


def _in_credit(text: str, start: int, end: int) -> bool:
    """Whether a name lies in a bracketed photo or video credit: "(Jane Roe | KXYZ)",
    "(Photo: John Doe)"."""
    open_at = text.rfind("(", max(0, start - 60), start)
    if open_at < 0 or ")" in text[open_at:start]:
        return False
    close_at = text.find(")", end, end + 60)
    if close_at < 0:
        return False
    inside = text[open_at + 1 : close_at]
    return "|" in inside or bool(re.match(r"\s*(?:photo|image|video|credit|file photo)s?\b",
                                          inside, re.IGNORECASE))


def _street_of_block(text: str, start: int) -> bool:
    """ "the 1900 block of Dover": an address, the name a street's."""
    return bool(re.search(r"\b\d+\s+blocks?\s+of\s+(?:the\s+)?$", text[max(0, start - 30) : start],
                          re.IGNORECASE))


def _abbreviated_unit(text: str, start: int, end: int) -> bool:
    """Two capitals in brackets or after a comma, ending there: "(UP)", ", UP." (not "I",
    "MH370", "US$", "I-95")."""
    return (end - start == 2 and text[start:end].isupper()
            and bool(re.search(r"(?:\(|,\s*)$", text[max(0, start - 3) : start]))
            and bool(re.match(r"\s*(?:[),.;]|$)", text[end : end + 2])))


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
    if j0 - i0 < 2 or last not in place_words().facilities or last in place_words().routes:
        return None
    for k in range(j0 - 2, i0 - 1, -1):
        head = text[toks[i0][0] : toks[k][1]]
        if not is_common(head) and any(c.feature == "city" for c in gz.lookup(head)):
            return toks[i0][0], toks[j0 - 1][1]
    return None


def _strip_hint(name: str) -> str:
    words = name.split()
    if len(words) > 1 and words[-1].lower() in place_words().hints:
        return " ".join(words[:-1])
    return name

