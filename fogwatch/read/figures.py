"""Figures: casualty counts with hedges, vague counts, kinds and victim groups.

A figure is a count of people together with what happened to them: "at least 92
militants" + "killed". The recogniser works on a light word tokenisation of each
sentence (no parser needed to find a figure):

1. *counts*: digits, number words ("twenty-five"), vague counts ("dozens", "a dozen"),
   ranges ("10 to 15", "between 5 and 8"), each with an optional hedge ("at least",
   "more than", "up to", "about"). Numbers that are not about people (years, ages,
   "10 km", "Route 7", "44%", times, money) are dropped by their neighbours.
2. *victims*: the noun after the count, looked up in the victim-group vocabulary
   ("security service personnel" -> security_forces).
3. *kind*: a cue right before the count ("killed 7", "the deaths of 15", "the death
   toll rose to 14") or right after the counted people ("were killed", "lost their
   lives"). Counts joined by "and" / "including" share the cue of their group
   ("Two soldiers and three militants were killed"); the first count of an
   "including" group is a total ("33 people including 15 soldiers").

Also: one person ("a soldier was killed", "killed a revenue collector", headline
"Taliban kill Pakistani soldier", "the victim died" when the article has not counted
that kind yet); people the vocabulary does not name, when their own cue follows
("two boda boda riders were killed", victims left empty); negations ("no casualties
were reported": low = high = 0, ``negated``); a second kind in a chain ("detained and
later found killed"). Guards: an active verb after people is not their kind ("three
gunmen killed two policemen"), nor an unreal one ("threatened to kill a soldier").
When many words stand between people and cue, the cue is looked for further on in the
clause and then in the parse (passive or intransitive verb of the counted noun).

A count with no kind cue is not a casualty figure and is dropped. The claimant and
stance are filled in later by :mod:`fogwatch.read.attribution`; the perpetrator is
read from the parse (subject of an active cue, agent of a passive one, as written).
Bounds are literal: "at least 92" low 92 / high None, "up to 30" high 30, "dozens"
low 24 with ``vague="dozens"``; ACLED's conservative numbers are applied at export.
Vocabulary: ``fogwatch/data/figures.yaml``.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from text_to_num import text2num

from fogwatch.model import Figure
from fogwatch.read import nlp
from fogwatch.read.context import Context
from fogwatch.read.contract import recogniser
from fogwatch.read.text import Sentence
from fogwatch.vocab import load_yaml, trie_regex

# Closed-class word lists of the grammar below (``fogwatch/data/figures.yaml``, ``grammar``).
_GRAMMAR = load_yaml("figures.yaml")["grammar"]

_TOKEN = re.compile(r"\d+(?:,\d{3})*(?:\.\d+)?|[^\W\d_]+(?:[-'\u2019][^\W\d_]+)*|\S")
# figures.yaml, grammar.common_words
_COMMON_WORDS = frozenset(_GRAMMAR["common_words"])
_DIGITS = re.compile(r"\d+(?:,\d{3})*(?:\.\d+)?$")
# figures.yaml, grammar.coordinators
_COORD = set(_GRAMMAR["coordinators"])
# figures.yaml, grammar.asking
_ASKING = frozenset(_GRAMMAR["asking"])
# figures.yaml, grammar.after_bare
_AFTER_BARE = set(_GRAMMAR["after_bare"])


@dataclass
class _Vocab:
    number_words: set[str]
    hedges: _Phrases
    vague: dict[tuple[str, ...], tuple[int | None, int | None]]
    vague_terms: _Phrases
    before: _Phrases
    after: _Phrases
    nouns: _Phrases
    fillers: set[str]
    negations: list[tuple[str, ...]]
    negation_starts: frozenset[str]
    negated_nouns: _Phrases
    victims: _Phrases
    units: set[str]
    not_before: set[str]
    not_people: set[str]
    not_heads: set[str]
    cue_starts: set[str]
    transitive: set[tuple[str, ...]]
    auxiliaries: set[str]
    irrealis: set[str]
    manner: set[str]
    intransitive: _Phrases
    # a word of every phrase a kind can come from (cues, kind nouns, "toll", "death"):
    # a sentence without any of them has no figure, whatever it counts
    kind_words: frozenset[str]


def _phrase(s: str) -> tuple[str, ...]:
    return tuple(_TOKEN.findall(str(s).lower()))


@lru_cache(maxsize=1)
def vocab() -> _Vocab:
    """The figure vocabulary from ``figures.yaml``, compiled to token tuples (cached)."""
    data = load_yaml("figures.yaml")
    hedges = [(_phrase(p), name) for name, phrases in data["hedges"].items() for p in phrases]
    before, after, nouns = [], [], {}
    for kind, cues in data["kinds"].items():
        before += [(_phrase(p), kind) for p in cues.get("before") or []]
        after += [(_phrase(p), kind) for p in cues.get("after") or []]
        nouns.update({_phrase(p): kind for p in cues.get("nouns") or []})
    victims = [(_phrase(p), group) for group, phrases in data["victims"].items() for p in phrases]
    return _Vocab(
        number_words={w.lower() for w in data["number_words"]},
        hedges=_Phrases(hedges),
        vague={_phrase(k): (v[0], v[1]) for k, v in data["vague"].items()},
        vague_terms=_Phrases((_phrase(k), _phrase(k)) for k in data["vague"]),
        before=_Phrases(before),
        after=_Phrases(after),
        nouns=_Phrases(nouns.items()),
        fillers={str(w).lower() for w in data["fillers"]},
        negations=sorted((_phrase(p) for p in data["negations"]), key=len, reverse=True),
        negation_starts=frozenset(_phrase(p)[0] for p in data["negations"]),
        negated_nouns=_Phrases((_phrase(k), v) for k, v in data["negated_nouns"].items()),
        victims=_Phrases(victims),
        units={str(w).lower() for w in data["units"]},
        not_before={str(w).lower() for w in data["not_before"]},
        not_people={str(w).lower() for w in data["not_people"]},
        not_heads={str(w).lower() for w in data["not_heads"]},
        cue_starts={p[0][0] for p in before + after if p[0]},
        transitive={_phrase(p) for p in data["transitive"]},
        auxiliaries={str(w).lower() for w in data["auxiliaries"]},
        irrealis={str(w).lower() for w in data["irrealis"]},
        manner={str(w).lower() for w in data["manner"]},
        intransitive=_Phrases((_phrase(p), "killed") for p in data["intransitive"]),
        kind_words=frozenset(
            # any word of a phrase must be present for it to match: take its rarest,
            # not a function word ("in custody", "were found dead", "lost their lives")
            max(phrase, key=lambda w: (w not in _COMMON_WORDS, len(w)))
            for phrase in [
                *(p for p, _ in before + after),
                *nouns,
                *(_phrase(k) for k in data["negated_nouns"]),
                *(_phrase(p) for p in data["intransitive"]),
            ]
            if phrase
        )
        | {"toll", "death"},
    )


@dataclass
class _Tok:
    text: str
    low: str
    start: int  # offset in the sentence
    end: int


@dataclass
class _Count:
    """A count in a sentence, before we know what it counts."""

    i: int  # first token (hedge included)
    j: int  # one past the last token of the count
    low: int | None
    high: int | None
    hedge: str
    vague: str | None = None
    negated: bool = False
    k: int = 0  # one past the counted people ("92 militants")
    victims: str | None = None
    victims_span: tuple[int, int] | None = None  # token span of the people
    noun_kind: str | None = None  # "14 deaths": the noun says the kind
    kind: str | None = None
    cue: tuple[int, int] | None = None  # token span of the kind cue
    total: bool = False
    singular: bool = False  # "a soldier": a count of one
    definite: bool = False  # "the man died": one, unless the article counted them already
    unknown: bool = False  # counted people the vocabulary does not name
    also: list[str] = field(default_factory=list)  # a second kind: "detained and later killed"
    group: list[_Count] = field(default_factory=list)


def tokens(text: str) -> list[_Tok]:
    """Words, numbers and punctuation of ``text`` with their offsets."""
    return [_Tok(m.group(), m.group().lower(), m.start(), m.end()) for m in _TOKEN.finditer(text)]


class _Phrases:
    """Phrases (token tuples) with values, indexed by first and last word for speed."""

    def __init__(self, pairs) -> None:
        self.pairs = sorted(pairs, key=lambda p: -len(p[0]))
        self.by_first: dict[str, list] = {}
        self.by_last: dict[str, list] = {}
        for phrase, value in self.pairs:
            if phrase:
                self.by_first.setdefault(phrase[0], []).append((phrase, value))
                self.by_last.setdefault(phrase[-1], []).append((phrase, value))

    def __iter__(self):
        return iter(self.pairs)


def _match_at(words: list[str], i: int, phrases: _Phrases):
    """The longest phrase starting at token ``i`` and its value, or None."""
    if i >= len(words):
        return None
    for phrase, value in phrases.by_first.get(words[i], ()):
        if tuple(words[i : i + len(phrase)]) == phrase:
            return phrase, value
    return None


def _match_ending_at(words: list[str], end: int, phrases: _Phrases):
    """The longest phrase ending just before token ``end`` and its value, or None."""
    if end <= 0:
        return None
    for phrase, value in phrases.by_last.get(words[end - 1], ()):
        n = len(phrase)
        if end - n >= 0 and tuple(words[end - n : end]) == phrase:
            return phrase, value
    return None


def _number_at(words: list[str], i: int, v: _Vocab) -> tuple[int, int] | None:
    """(value, next index) for a number in digits or words at ``i``."""
    if i >= len(words):
        return None
    w = words[i]
    if _DIGITS.match(w):
        if "." in w:
            return None  # decimals are measurements, not people
        return int(w.replace(",", "")), i + 1
    j = i
    parts: list[str] = []
    while j < len(words):
        pieces = words[j].split("-")
        if all(p in v.number_words for p in pieces):
            parts.extend(pieces)
            j += 1
        elif words[j] == "and" and parts and j + 1 < len(words) and words[j + 1].split("-")[0] in v.number_words and parts[-1] in ("hundred", "thousand"):
            parts.append("and")
            j += 1
        else:
            break
    if not parts:
        return None
    try:
        return int(text2num(" ".join(parts), "en")), j
    except ValueError:
        return None


def _count_at(words: list[str], i: int, v: _Vocab) -> _Count | None:
    """A count starting at token ``i``: hedge, number / vague term, range."""
    hedge = None
    j = i
    m = _match_at(words, i, v.hedges)
    if m:
        hedge = m[1]
        j = i + len(m[0])
    if j < len(words) and words[j] == "between":
        a = _number_at(words, j + 1, v)
        if a and a[1] < len(words) and words[a[1]] in ("and", "to", "-", "\u2013"):
            b = _number_at(words, a[1] + 1, v)
            if b and b[0] > a[0]:
                return _Count(i, b[1], a[0], b[0], "range")
        return None
    num = _number_at(words, j, v)
    if num:
        value, nj = num
        if nj < len(words) and words[nj] == "dozen":  # "two dozen"
            value, nj = value * 12, nj + 1
        # a range: "10 to 15", "10-15", "10 or 12"
        if nj + 1 < len(words) and words[nj] in ("to", "-", "\u2013", "or"):
            b = _number_at(words, nj + 1, v)
            if b and b[0] > value:
                return _Count(i, b[1], value, b[0], "range")
        return _bounded(i, nj, value, value, hedge, None)
    vm = _match_at(words, j, v.vague_terms)
    if vm and j > 0 and words[j - 1].lower() in _ASKING:
        return None  # "how many died" asks the count, it gives none
    if vm:
        low, high = v.vague[vm[0]]
        term = " ".join(vm[0])
        nj = j + len(vm[0])
        # "a few", "many" and friends only count people when people follow them
        return _bounded(i, nj, low, high, hedge, term)
    if (m and j == i + 1 and words[i] in _VAGUE_HEDGES
            and words[j : j + 1] != ["of"]):  # "some of the dead" is a part, counted elsewhere
        # "kidnapped some women": a hedge with no number after it is a vague count
        # (people must follow it: see _all_counts)
        low = _VAGUE_HEDGES[words[i]]
        return _bounded(i, j, low, None, None, words[i])
    return None


# figures.yaml, grammar.vague_hedges: hedges that are vague counts without a number
_VAGUE_HEDGES = {str(k): int(n) for k, n in _GRAMMAR["vague_hedges"].items()}


# figures.yaml, grammar.lives_verbs
_LIVES_VERBS = [[w] for w in _GRAMMAR["lives_verbs"]]

# figures.yaml, grammar.singular_kind_nouns
_SINGULAR_KIND_NOUNS = {tuple(p.split()) for p in _GRAMMAR["singular_kind_nouns"]}

# figures.yaml, grammar.function_words
_FUNCTION_WORDS = set(_GRAMMAR["function_words"])

# figures.yaml, grammar.not_nouns
_NOT_NOUNS = set(_GRAMMAR["not_nouns"])

# figures.yaml, grammar.not_singular
_NOT_SINGULAR = set(_GRAMMAR["not_singular"])

# figures.yaml, grammar.singular_stop
_SINGULAR_STOP = frozenset(_GRAMMAR["singular_stop"])
# figures.yaml, grammar.name_openers
_NAME_OPENERS = frozenset(_GRAMMAR["name_openers"])
# figures.yaml, grammar.of_determiners
_OF_DETERMINERS = frozenset(_GRAMMAR["of_determiners"])
# figures.yaml, grammar.victim_stop
_VICTIM_STOP = frozenset(_GRAMMAR["victim_stop"])
# figures.yaml, grammar.chain_fillers
_CHAIN_FILLERS = frozenset(_GRAMMAR["chain_fillers"])
# figures.yaml, grammar.object_openers
_OBJECT_OPENERS = frozenset(_GRAMMAR["object_openers"])
# figures.yaml, grammar.negated_modifiers
_NEGATED_MODIFIERS = frozenset(_GRAMMAR["negated_modifiers"])


def _singular_at(words: list[str], i: int, v: _Vocab) -> _Count | None:
    """ "a soldier", "an elderly man", "a 25-year-old woman": a count of one.

    "the man" / "the victim" counts one too (flagged ``definite``): the article-level
    pass keeps it only when no earlier figure of the article counts the same kind.
    """
    if words[i] in ("his", "her", "their") and i > 0 and _match_ending_at(words, i, v.before):
        pass  # "killed his wife": one person, the object of the cue
    elif words[i] not in ("a", "an", "the", "another"):
        return _bare_singular_at(words, i, v)
    if words[i + 2 : i + 4] == ["-", "year-old"] and _DIGITS.match(words[i + 1] if i + 1 < len(words) else ""):
        # "the 18-year-old was shot to death": an age standing for the person
        if words[i + 4 : i + 5] in (["was"], ["has"], ["died"]) and _after_cue(words, i + 4, v):
            c = _Count(i, i + 4, 1, 1, "exact")
            c.victims_span, c.k, c.singular, c.unknown = (i, i + 4), i + 4, True, True
            c.definite = words[i] == "the"
            return c
    stop = _SINGULAR_STOP
    for p in range(i + 1, min(i + 6, len(words))):
        w = words[p]
        if w in stop or w in v.cue_starts or w in v.not_people or w in v.fillers:
            break
        if _DIGITS.match(w) and words[p + 1 : p + 2] != ["-"]:
            return None  # only an age ("a 25-year-old man") may hold a number
        m = _match_at(words, p, v.victims)
        if m:
            end = p + len(m[0])
            # "a civilian woman": the last of a run of people nouns is the head
            while end < len(words) and (nxt := _match_at(words, end, v.victims)):
                p, m, end = end, nxt, end + len(nxt[0])
            last = m[0][-1]
            if end < len(words) and words[end] in v.not_heads:
                # "a local official", "a police station": the noun is a modifier; the
                # head is one person only with a cue of its own ("a police official died")
                if words[i] == "the" or _after_cue(words, end + 1, v) is None:
                    return None
                end += 1
            elif last in _NOT_SINGULAR or (last.endswith("s") and not last.endswith("ss")):
                return None
            c = _Count(i, end, 1, 1, "exact")
            c.victims, c.victims_span, c.k = m[1], (p, end), end
            c.singular, c.definite = True, words[i] == "the"
            return c
    if words[i] in ("a", "an"):
        return _singular_unknown_at(words, i, v, stop)
    return None


def _bare_singular_at(words: list[str], i: int, v: _Vocab) -> _Count | None:
    """Headline style, no article: "Taliban kill Pakistani soldier", "Militant killed
    in clash". One known person noun, at the start of a clause or right after a kind
    cue, with its own cue."""
    w = words[i]
    if not w[0].isalpha() or w in v.number_words or w in v.fillers or w in _FUNCTION_WORDS:
        return None
    after_cue = i > 0 and _match_ending_at(words, i, v.before) is not None
    if not (i == 0 or words[i - 1] in (";", ":", ",", "-") or after_cue):
        return None
    p = i
    while p < min(i + 3, len(words)):
        m = _match_at(words, p, v.victims)
        if m:
            end = p + len(m[0])
            last = m[0][-1]
            if last in _NOT_SINGULAR or last.endswith("s") or last in ("other",):
                return None
            if not after_cue and _after_cue(words, end, v) is None:
                return None
            c = _Count(i, end, 1, 1, "exact")
            c.victims, c.victims_span, c.k, c.singular = m[1], (p, end), end, True
            return c
        if not words[p][0].isalpha() or words[p] in v.cue_starts or words[p] in v.fillers:
            return None
        p += 1
    return None


# figures.yaml, grammar.not_names
_NOT_NAMES = set(_GRAMMAR["not_names"])


# The last sentence _title_case looked at, and its answer: it is asked once per name
# candidate, and a sentence of thousands of words (up to the splitter's 4,000-character
# cut) was counted again at each of them.
_LAST_TITLE: tuple[list | None, bool] = (None, False)


def _title_case(toks: list[_Tok]) -> bool:
    """Whether most words of a sentence are capitalised (a title-case headline)."""
    global _LAST_TITLE
    last = _LAST_TITLE
    if last[0] is toks:
        return last[1]
    alpha = [t.text for t in toks if t.text[:1].isalpha() and len(t.text) > 3]
    answer = len(alpha) >= 3 and sum(w[0].isupper() for w in alpha) * 4 >= len(alpha) * 3
    _LAST_TITLE = (toks, answer)
    return answer


def _killing_verb_before(words: list[str], i: int, v: _Vocab) -> tuple[str, tuple[int, int]] | None:
    """A killed cue that is a verb ("killing", "shot and killed") right before token
    ``i``, not an unreal one ("tried to kill")."""
    if i == 0:
        return None
    m = _match_ending_at(words, i, v.before)
    if m is None or m[1] != "killed" or m[0][-1] in ("of", "toll", "including"):
        return None
    start = i - len(m[0])
    if _irrealis(words, start, v):
        return None
    return m[1], (start, i)


# figures.yaml, grammar.name_suffixes
_NAME_SUFFIXES = frozenset(_GRAMMAR["name_suffixes"])


def _named_at(toks: list[_Tok], words: list[str], i: int, v: _Vocab) -> _Count | None:
    """A person named, then what happened to them: "Jane Doe, 34, was shot dead",
    "Rahim Khan, a shopkeeper, died of his wounds". The name is two to four capitalised
    words opening a clause (or after an age: "the 25-year-old John Roe was found dead"),
    or one with an age after it; the cue must follow the name and its apposition."""
    opens = i == 0 or words[i - 1] in _NAME_OPENERS
    # "admitted to killing Jane Doe", "fatally shot John Roe, 19,": the object of an
    # active killed cue (not "the death of", a noun that is often a grievance or history)
    object_of = None if opens else _killing_verb_before(words, i, v)
    if not (opens or object_of) or _title_case(toks):
        return None  # a headline in title case capitalises every word, names or not
    p = i
    while p < len(toks) and p < i + 4:
        t = toks[p].text
        if not (t[:1].isupper() and t.isalpha() and not t.isupper() or t[:1].isupper() and "'" in t):
            break
        if words[p] in _NOT_NAMES or _match_at(words, p, v.victims) or words[p] in v.not_people:
            return None
        if p > i and words[p] in _NAME_SUFFIXES and words[p + 1 : p + 2] == ["."]:
            break
        p += 1
    n = p - i
    if n == 0:
        return None
    if n >= 2 and p + 1 < len(words) and words[p] in _NAME_SUFFIXES and words[p + 1] == ".":
        p += 2  # "John Doe Jr., 28, died": the suffix is part of the name
    k = p
    aged = False
    if object_of is not None:
        aged_after = words[p : p + 1] == [","] and _DIGITS.match(words[p + 1] if p + 1 < len(words) else "")
        if n < 2 and not aged_after:
            return None  # "killed Palestinians", "killing LeGrier": a people or a surname
        if p < len(words) and (_match_at(words, p, v.victims) or words[p] in v.not_heads
                               or words[p] in v.not_people):
            return None  # "killed Islamic State commanders": the capitals name their group
        c = _Count(i, p, 1, 1, "exact")
        c.victims_span, c.k, c.singular, c.unknown = (i, p), p, True, True
        c.kind, c.cue = object_of
        return c
    found_before = words[i - 1 : i] == ["found"] or (
        words[i - 1 : i] == ["year-old"] and words[i - 4 : i - 3] == ["found"])
    if n >= 2 and found_before:
        # "officers found Jane Doe dead", "found John Roe shot to death in his car"
        found = _after_cue(words, k, v)
        if found is not None and found[0] == "killed" and found[1][0] == k:
            c = _Count(i, p, 1, 1, "exact")
            c.victims_span, c.k, c.singular, c.unknown = (i, p), k, True, True
            c.kind, c.cue = found
            return c
    if k < len(words) and words[k] == ",":
        # an apposition: ", 34," / ", a shopkeeper," / ", a 5-year-old girl,"
        close = next((q for q in range(k + 1, min(k + 10, len(words))) if words[q] == ","), None)
        if close is None:
            return None
        inner = words[k + 1 : close]
        if any(_match_at(words, q, v.after) or _match_at(words, q, v.before)
               for q in range(k + 1, close)):
            return None
        aged = bool(inner) and (_DIGITS.match(inner[0]) is not None or "year-old" in inner)
        k = close + 1
    if k >= len(words) or words[k] not in ("was", "died", "is", "has", "had"):
        return None
    joined = None
    if _after_cue(words, k, v) is None:
        # "Doe had been shot several times and was pronounced dead"
        joined = _joined_cue(words, k, v)
        if joined is None or _own_death(words, k, v) is None:
            return None
    c = _Count(i, p, 1, 1, "exact")
    c.victims_span, c.k, c.singular, c.unknown = (i, p), k, True, True
    if joined is not None:
        c.kind, c.cue = joined
    # a surname alone ("Waldron was shot and killed") counts only when the article has
    # not counted that kind yet: it is most often a person counted before
    c.definite = n < 2 and not aged
    return c


# figures.yaml, grammar.subject_pronouns / pronoun_openers / unreal
_SUBJECT_PRONOUNS = frozenset(_GRAMMAR["subject_pronouns"])
_PRONOUN_OPENERS = frozenset(_GRAMMAR["pronoun_openers"])
_UNREAL = frozenset(_GRAMMAR["unreal"])


def _pronoun_at(words: list[str], i: int, v: _Vocab) -> _Count | None:
    """ "opened fire on a civilian, killing him": one person, right after a cue.

    "He died overnight", "was taken to hospital, where she was pronounced dead": one
    person, a pronoun opening its clause with a death of its own. It stands for someone
    the article may have counted already, so it counts (``definite``) only when no
    earlier figure counts the dead."""
    if words[i] in _SUBJECT_PRONOUNS and (i == 0 or words[i - 1] in _PRONOUN_OPENERS):
        cue = _own_death(words, i + 1, v)
        if cue is None:
            return None
        c = _Count(i, i + 1, 1, 1, "exact")
        c.victims_span, c.k, c.singular, c.unknown, c.definite = (i, i + 1), i + 1, True, True, True
        c.kind, c.cue = cue
        return c
    if words[i] not in ("him", "her") or _match_ending_at(words, i, v.before) is None:
        return None
    c = _Count(i, i + 1, 1, 1, "exact")
    c.victims_span, c.k, c.singular, c.unknown = (i, i + 1), i + 1, True, True
    return c


def _own_death(words: list[str], k: int, v: _Vocab) -> tuple[str, tuple[int, int]] | None:
    """The death of the subject ending at token ``k``: a killed cue right after it ("died",
    "was pronounced dead", "had been shot and killed"), or one joined to its first
    predicate ("had been shot several times and was pronounced dead"). Not an active
    verb with its object ("he killed Smith"), nor what did not happen ("could have
    died", "would never have died")."""
    cue = _after_cue(words, k, v)
    if cue is None:
        cue = _joined_cue(words, k, v)
    if cue is None or cue[0] != "killed":
        return None
    start = cue[1][0]
    if any(w in _UNREAL for w in words[k:start]):
        return None
    phrase = tuple(words[start : cue[1][1]])
    if phrase in v.transitive and not any(w in v.auxiliaries for w in words[k:start]):
        return None  # "he killed his neighbour": the pronoun did it
    return cue


def _joined_cue(words: list[str], k: int, v: _Vocab) -> tuple[str, tuple[int, int]] | None:
    """ "had been shot multiple times and was pronounced dead": a killed cue after "and",
    further on in the subject's clause, the subject's first verb passive ("was", "had
    been")."""
    if k >= len(words) or words[k] not in v.auxiliaries | {"had", "has"}:
        return None
    for p in range(k + 1, min(k + 14, len(words))):
        w = words[p]
        if w in _CLAUSE_ENDS or w in _SUBJECT_PRONOUNS or _DIGITS.match(w) or w in v.number_words:
            return None
        if w == "and":
            cue = _after_cue(words, p + 1, v)
            if cue is None:
                return None
            phrase = tuple(words[cue[1][0] : cue[1][1]])
            aux = any(x in v.auxiliaries for x in words[p + 1 : cue[1][0]])
            return cue if aux or phrase not in v.transitive else None
    return None


def _singular_unknown_at(words: list[str], i: int, v: _Vocab, stop: set[str]) -> _Count | None:
    """ "a radio reporter was shot dead", "killed a revenue collector": one person the
    vocabulary does not name, kept only right after a kind cue or right before "was"."""
    p = i + 1
    while p < len(words) and p < i + 5 and words[p][0].isalpha() and words[p] not in stop:
        w = words[p]
        if w in v.cue_starts or w in v.not_people or w in v.fillers or w in _NOT_NOUNS:
            break
        if p > i + 1 and w.endswith("ed"):
            break  # "a bicycle rider crushed by a car": the participle ends the noun
        p += 1
    if p == i + 1 or words[p - 1] in v.not_people or words[p - 1].endswith("s"):
        return None
    if p < len(words) and words[p] in v.not_people:
        return None  # "an unknown number of civilians" is not one person
    passive = words[p : p + 1] in (["was"], ["has"], ["had"])
    # "killed a revenue collector": an active cue right before the article
    active = i > 0 and _match_ending_at(words, i, v.before) is not None
    if not (passive or active) or words[p - 1] in v.units:
        return None
    c = _Count(i, p, 1, 1, "exact")
    c.victims_span, c.k, c.singular, c.unknown = (i + 1, p), p, True, True
    return c


def _bounded(i: int, j: int, low, high, hedge: str | None, term: str | None) -> _Count:
    if hedge in ("at_least", "more_than"):
        return _Count(i, j, low, None, hedge, term)
    if hedge == "up_to":
        return _Count(i, j, None, high if high is not None else low, hedge, term)
    if hedge == "about":
        return _Count(i, j, low, high, hedge, term)
    return _Count(i, j, low, high, "vague" if term else "exact", term)


def _not_people(words: list[str], c: _Count, v: _Vocab) -> bool:
    """True when the neighbours say the number measures something other than people."""
    if c.vague:
        return False
    nxt = words[c.j] if c.j < len(words) else ""
    if nxt in ("-", "\u2013") and c.j + 1 < len(words):
        nxt = words[c.j + 1]
    if nxt.split("-")[0] in v.units:
        return True
    if nxt == "s" and c.j == c.i + 1:
        return True  # a decade or an age ("in his 20s")
    after = words[c.j + 1] if c.j + 1 < len(words) else ""
    if nxt in (":", "/", ".") and _DIGITS.match(after):
        return True  # a time ("10:30"), a date ("5/3") or a decimal
    if nxt == "per" or (nxt == "%"):
        return True
    prev = words[c.i - 1] if c.i > 0 else ""
    if prev == "," and c.i >= 2 and _DIGITS.match(words[c.i - 2]) and len(words[c.i - 2]) <= 2 \
            and len(words[c.i]) == 4:
        return True  # the year of a date ("Jan. 7, 2016")
    if prev in ("-", "/") and c.i >= 2 and _DIGITS.match(words[c.i - 2]):
        return True  # the month and day of a date ("2018-08-24")
    if prev in v.not_before or prev in ("$", "#", "№"):
        return True
    return False


def _victims_at(words: list[str], c: _Count, v: _Vocab) -> None:
    """Find the counted people after a count: "92 militants", "dozens of soldiers"."""
    j = c.j
    if words[j : j + 1] == ["of"] and words[j + 1 : j + 2] in (["them"], ["whom"], ["us"]):
        c.k, c.victims_span, c.unknown = j + 2, (j + 1, j + 2), True  # "killing five of them"
        return
    if j < len(words) and words[j] == "of":
        j += 1
        if j < len(words) and words[j] in _OF_DETERMINERS:
            j += 1
    stop = v.fillers | _VICTIM_STOP
    for p in range(j, min(j + 4, len(words))):
        if p > j and (words[p] in stop or _DIGITS.match(words[p])):
            break
        if words[p] in v.not_people:
            break  # "30 cattle before troops ...": the count is of cattle
        kind_noun = _match_at(words, p, v.nouns)
        m = _match_at(words, p, v.victims)
        if m and (not kind_noun or len(m[0]) >= len(kind_noun[0])) and m[0] != ("lives",):
            end = p + len(m[0])
            # "2 other policemen", "a civilian woman": the last people noun is the head
            while end < len(words) and (nxt := _match_at(words, end, v.victims)):
                m, end = nxt, end + len(nxt[0])
            # the people as written, with their modifiers
            c.victims, c.victims_span, c.k = m[1], (j, end), end
            return
        if kind_noun and kind_noun[0] in _SINGULAR_KIND_NOUNS and (c.low or 0) > 1:
            kind_noun = None  # "500 body cameras": a singular noun counts no dead
        if kind_noun and kind_noun[0] == ("lives",) and words[c.i - 1 : c.i] not in _LIVES_VERBS:
            kind_noun = None  # "thousands of innocent lives?" is not a death toll
        if kind_noun:
            c.noun_kind, c.k = kind_noun[1], p + len(kind_noun[0])
            return
        if words[p] in v.number_words or words[p] in stop:
            break
    c.k = c.j
    _unknown_noun_at(words, c, j, v, stop)


def _unknown_noun_at(words: list[str], c: _Count, j: int, v: _Vocab, stop: set[str]) -> None:
    """People the vocabulary does not know ("two boda boda drivers"): kept only when a
    kind cue of their own names what happened to them (see :func:`_assign_kinds`)."""
    p = j
    while p < len(words) and p < j + 4:
        w = words[p]
        if w in v.not_people:
            return  # "15 livestock", "20 huts": things, not people
        if (
            w in _NOT_NOUNS
            or not w[0].isalpha()
            or w in stop
            or w in v.number_words
            or w in v.cue_starts
            or w in v.units
        ):
            break
        p += 1
    if p > j and words[p - 1] not in v.not_people and words[p - 1] not in v.units:
        c.victims_span, c.k, c.unknown = (j, p), p, True


def _before_cue(words: list[str], i: int, v: _Vocab) -> tuple[str, tuple[int, int]] | None:
    """A kind cue ending right before token ``i`` (allowing a few filler words)."""
    p = i
    for _ in range(5):
        m = _match_ending_at(words, p, v.before)
        if m:
            start = p - len(m[0])
            if _irrealis(words, start, v):
                return None  # "threatened to kill a soldier" counts no one
            return m[1], (start, p)
        if p > 0 and words[p - 1] in v.fillers:
            p -= 1
            continue
        return None
    return None


# figures.yaml, grammar.toll_verbs
_TOLL_VERBS = set(_GRAMMAR["toll_verbs"])


def _toll_cue(words: list[str], i: int) -> tuple[str, tuple[int, int]] | None:
    """ "the death toll from the attack rose to 14": a toll a few words back."""
    if i == 0 or words[i - 1] not in _TOLL_VERBS:
        return None
    for p in range(i - 2, max(-1, i - 14), -1):
        if words[p] in (".", ";", ":"):
            return None
        if words[p] == "toll":
            return "killed", (p, p + 1)
    return None


def _irrealis(words: list[str], start: int, v: _Vocab) -> bool:
    """ "threatened to kill", "did not kill", "would kill": nothing happened (yet)."""
    prev = words[start - 1] if start > 0 else ""
    if prev in v.irrealis:
        return True
    return prev == "to" and start > 1 and words[start - 2] in v.irrealis


def _after_cue(words: list[str], k: int, v: _Vocab) -> tuple[str, tuple[int, int]] | None:
    """A kind cue starting right after token ``k`` (allowing a few filler words)."""
    p = k
    aux = False
    for _ in range(6):
        if p < len(words) and words[p] == "(":  # "two Security Forces (SFs) were injured"
            close = next((q for q in range(p, min(p + 8, len(words))) if words[q] == ")"), None)
            if close is None:
                return None
            p = close + 1
            continue
        m = _match_at(words, p, v.after)
        if m:
            end = p + len(m[0])
            if not aux and m[0] in v.transitive and _object_follows(words, end, v):
                return None  # "three gunmen killed two policemen": active, not theirs
            return m[1], (p, end)
        if p < len(words) and words[p] in v.fillers | {"found", "left", "reported"}:
            aux = aux or words[p] in v.auxiliaries
            p += 1
            continue
        if aux and p + 1 < len(words) and words[p] in v.manner and words[p + 1] in ("and", ","):
            p += 2  # "was stoned and stabbed to death", "was shot and died"
            continue
        return None
    return None


# figures.yaml, grammar.clause_ends
_CLAUSE_ENDS = set(_GRAMMAR["clause_ends"])


def _later_cue(words: list[str], k: int, v: _Vocab) -> tuple[str, tuple[int, int]] | None:
    """A passive cue further on in the clause: "nine fighters from the 5th Brigade
    (military police) were reported killed". Needs an auxiliary before the cue and
    stops at the next count or clause boundary."""
    for p in range(k, min(k + 16, len(words))):
        w = words[p]
        ordinal = words[p + 1 : p + 2] in (["th"], ["st"], ["nd"], ["rd"], ["s"])  # "5th", "20s"
        if (
            w in _CLAUSE_ENDS
            or (_DIGITS.match(w) and not ordinal)
            or w in v.number_words
            or _match_at(words, p, v.vague_terms)
        ):
            return None  # another clause, or another count that the cue may belong to
        if w in v.auxiliaries and p > k:
            cue = _after_cue(words, p, v)
            if cue is not None:
                return cue
        m = _match_at(words, p, v.intransitive)
        if m and p > k:  # "three members of the gang (a faction) died"
            return m[1], (p, p + len(m[0]))
    return None


def _cue_after_age(words: list[str], k: int, v: _Vocab) -> tuple[str, tuple[int, int]] | None:
    """ "one of its members, born in 1970, was killed", "a guard, aged 52, died": the cue
    after an apposition that only gives the counted person's age or year of birth."""
    if k >= len(words) or words[k] != ",":
        return None
    close = next((q for q in range(k + 1, min(k + 8, len(words))) if words[q] == ","), None)
    if close is None or close == k + 1:
        return None
    inner = words[k + 1 : close]
    if not (inner[0] in ("born", "aged", "age") or "year-old" in inner
            or (len(inner) == 1 and _DIGITS.match(inner[0]))):
        return None
    if any(_match_at(words, q, v.after) or _match_at(words, q, v.before) for q in range(k + 1, close)):
        return None
    return _after_cue(words, close + 1, v)


def _chained_cue(words: list[str], end: int, kind: str, v: _Vocab):
    """A second kind joined to the first: "was detained and later found killed"."""
    p = end
    if p < len(words) and words[p] in ("and", ","):
        p += 1
        while p < len(words) and words[p] in _CHAIN_FILLERS:
            p += 1
        m = _match_at(words, p, v.after)
        if m and m[1] != kind:
            return m[1], (p, p + len(m[0]))
    return None


def _object_follows(words: list[str], p: int, v: _Vocab) -> bool:
    """True when a verb at ``p - 1`` has people or a count as its object."""
    if p >= len(words):
        return False
    w = words[p]
    if _DIGITS.match(w) or w in v.number_words:
        # "1 killed 3 injured": the next count has a cue of its own, it is no object
        if _match_at(words, p + 1, v.after) or _match_at(words, p + 1, v.nouns):
            return False
    return bool(
        _DIGITS.match(w)
        or w.split("-")[0] in v.number_words
        or w in _OBJECT_OPENERS
        or _match_at(words, p, v.victims)
    )


def _negated_at(words: list[str], i: int, v: _Vocab) -> list[_Count]:
    """ "no casualties", "no one was killed", "no soldiers were injured" at token ``i``."""
    if words[i] not in v.negation_starts:
        return []
    neg = next((n for n in v.negations if tuple(words[i : i + len(n)]) == n), None)
    if not neg:
        return []
    j = i + len(neg)
    if j < len(words) and words[j] in _NEGATED_MODIFIERS:
        j += 1
    hit = _match_at(words, j, v.negated_nouns)
    if hit:
        phrase, kind = hit
        end = j + len(phrase)
        return [_Count(i, end, 0, 0, "exact", negated=True, k=end, kind=kind)]
    k = j
    m = _match_at(words, j, v.victims)
    if m:
        k = j + len(m[0])
    elif neg[-1] not in ("one", "nobody", "none"):
        return []
    after = _after_cue(words, k, v)
    if not after:
        return []
    out = [_Count(i, j if not m else j, 0, 0, "exact", negated=True, k=k, kind=after[0], cue=after[1])]
    if m:
        out[0].victims, out[0].victims_span = m[1], (j, j + len(m[0]))
    # "no one was killed or injured": one negated figure per kind
    p = after[1][1]
    if p + 1 < len(words) and words[p] == "or":
        second = _match_at(words, p + 1, v.after)
        if second and second[1] != after[0]:
            out.append(_Count(i, j, 0, 0, "exact", negated=True, k=k, kind=second[1],
                               cue=(p + 1, p + 1 + len(second[0]))))
    return out


def _is_year(words: list[str], c: _Count) -> bool:
    w = words[c.i]
    return (
        c.hedge == "exact"
        and c.j == c.i + 1
        and _DIGITS.match(w) is not None
        and len(w) == 4
        and 1800 <= int(w) <= 2100
    )


def find_counts(text: str) -> tuple[list[_Tok], list[_Count]]:
    """The casualty counts in one sentence (tokens and counts with kind and victims)."""
    toks, counts = _all_counts(text)
    return toks, [c for c in counts if c.kind]


def _all_counts(text: str) -> tuple[list[_Tok], list[_Count]]:
    """Every count of people in a sentence; those without a kind cue have ``kind=None``."""
    v = vocab()
    toks = tokens(text)
    # An acronym keeps its case ("1 IS fighter": IS is not "is"), unless the whole
    # sentence is in capitals (a headline).
    shouting = sum(t.text.isupper() for t in toks) > len(toks) / 2
    words = [t.text if not shouting and len(t.text) > 1 and t.text.isupper() else t.low for t in toks]
    counts: list[_Count] = []
    i = 0
    while i < len(words):
        negs = _negated_at(words, i, v)
        if negs:
            counts.extend(negs)
            i = max(n.k for n in negs)
            continue
        c = (_count_at(words, i, v) or _singular_at(words, i, v) or _pronoun_at(words, i, v)
             or _named_at(toks, words, i, v))
        if c is None:
            i += 1
            continue
        if _not_people(words, c, v):
            i = c.j
            continue
        if not c.singular:
            _victims_at(words, c, v)
        if _is_year(words, c) and not c.victims:
            i = c.j
            continue
        if c.vague and not c.victims and not c.noun_kind and (c.low is None or c.vague in _VAGUE_HEDGES):
            i = c.j  # "many", "a number of", "some": only with people after them
            continue
        counts.append(c)
        i = max(c.k, c.j)
    _group(words, counts)
    _assign_kinds(words, counts, v)
    _drop_doers(words, counts, v)
    return toks, counts


def _drop_doers(words: list[str], counts: list[_Count], v: _Vocab) -> None:
    """ "the officer fatally shot Marcus Lee": the person named after an active cue is
    its object, so the count before the cue did it and was not hurt by it."""
    objects = {c.cue for c in counts if c.kind and c.cue and c.cue[1] <= c.i}
    for c in counts:
        if not c.kind or c.cue is None or c.cue not in objects or c.cue[0] < c.k:
            continue
        phrase = tuple(words[c.cue[0] : c.cue[1]])
        if phrase in v.transitive and not any(w in v.auxiliaries for w in words[c.k : c.cue[0]]):
            c.kind, c.cue = None, None


def _group(words: list[str], counts: list[_Count]) -> None:
    """Link counts joined only by "and", ",", "including": they share a kind cue."""
    group: list[_Count] = []
    for c in counts:
        if group and not c.negated and not group[-1].negated:
            between = words[max(group[-1].k, group[-1].j) : c.i]
            if len(between) <= 4 and all(w in _COORD for w in between):
                if any(w in ("including", "among") for w in between) and len(group) == 1:
                    group[0].total = True
                group.append(c)
                c.group = group
                continue
        group = [c]
        c.group = group


def _assign_kinds(words: list[str], counts: list[_Count], v: _Vocab) -> None:
    # how many counts hold each cue, kept as cues are assigned (a lookup, not a scan)
    cues = Counter(c.cue for c in counts)
    for c in counts:
        if c.kind:
            continue
        before = _before_cue(words, c.i, v)
        if before and cues[before[1]] - (c.cue == before[1]) > 0:
            before = None  # "1 killed 3 injured": "killed" is the 1's
        after = _after_cue(words, c.k, v)
        own = before or after or _toll_cue(words, c.i)
        if c.noun_kind and not own:
            cues[c.cue] -= 1
            c.kind, c.cue = c.noun_kind, (c.k - 1, c.k)
            cues[c.cue] += 1
            continue
        if own:
            if not c.victims and not c.noun_kind and not c.unknown and c.k < len(words):
                nxt = words[c.k]
                if nxt.isalpha() and nxt not in _AFTER_BARE and not (after and after[1][0] == c.k):
                    continue  # "killed in 3 attacks": the 3 counts attacks
            cues[c.cue] -= 1
            c.kind, c.cue = own
            cues[c.cue] += 1
            if own is after:
                chained = _chained_cue(words, after[1][1], after[0], v)
                if chained:
                    c.also = [chained[0]]
    for c in counts:
        # "beat a young man to death", "stabbed two people to death"
        if not c.kind and words[c.k : c.k + 2] == ["to", "death"] and c.i > 0:
            if words[c.i - 1] in v.manner or words[c.i - 1] in ("beat", "stab", "stone", "burn"):
                c.kind, c.cue = "killed", (c.k, c.k + 2)
    for c in counts:
        if not c.kind and (c.victims or c.singular) and not c.unknown:
            later = _later_cue(words, c.k, v) or _cue_after_age(words, c.k, v)
            if later:
                c.kind, c.cue = later
                chained = _chained_cue(words, later[1][1], later[0], v)
                if chained:
                    c.also = [chained[0]]
    # members of a group take the cue of the group where they have none of their own
    for c in counts:
        if c.kind or len(c.group) < 2:
            continue
        first, last = c.group[0], c.group[-1]
        shared = _before_cue(words, first.i, v) or _after_cue(words, last.k, v)
        if shared is None:
            shared = next(((m.kind, m.cue) for m in c.group if m.kind), None)
        if shared and (c.victims or c.noun_kind or c.unknown):
            c.kind, c.cue = shared
    for c in counts:
        # a total without people of its own ("33 people including ...") keeps its kind
        if c.total and not c.kind and c.group:
            shared = next(((m.kind, m.cue) for m in c.group if m.kind), None)
            if shared:
                c.kind, c.cue = shared


def _perpetrator(doc: Any, toks: list[_Tok], c: _Count) -> str | None:
    """The subject of an active kind cue or the agent of a passive one, as written."""
    if c.cue is None or doc is None:
        return None
    span = doc.char_span(toks[c.cue[0]].start, toks[c.cue[1] - 1].end, alignment_mode="expand")
    if span is None:
        return None
    verb = span.root
    if not verb.tag_.startswith("VB"):
        return None
    for child in verb.children:
        if child.dep_ == "agent":
            objs = [t for t in child.children if t.dep_ == "pobj"]
            if objs:
                return _np_text(objs[0])
    if verb.dep_ in ("acl", "relcl"):  # "militants blamed for ...", "the attack that killed"
        return None
    if c.cue[0] >= c.k:
        return None  # a cue after the people ("a man died", "2 killed"): they are its subject
    subj = [t for t in verb.children if t.dep_ == "nsubj"]
    if subj:
        count_start = toks[c.i].start
        s = subj[0]
        covers = s.left_edge.idx <= count_start < s.right_edge.idx + len(s.right_edge.text)
        if covers or s.i >= span.start or any(t.like_num for t in s.subtree):
            return None
        return _np_text(s)
    return None


def _np_text(token: Any) -> str:
    """The head noun with its left modifiers (compound, det, poss, amod, nmod)."""
    left = token.i
    for t in token.lefts:
        if t.dep_ in ("compound", "det", "poss", "amod", "nmod", "case", "nummod"):
            left = min(left, t.left_edge.i)
    span = token.doc[left : token.i + 1]
    words = [t for t in span if t.dep_ != "det" or t.i != left]
    return " ".join(t.text for t in words).replace(" 's", "'s") if words else token.text


@recogniser("figures", requires=("article", "sentences", "sentence.doc"),
            assigns=("figures", "sentence.parse"))
def recognise(ctx: Context) -> None:
    """Find the casualty figures of each sentence and append them to ``ctx.figures``."""
    v = vocab()
    counted_kinds: set[str] = set()
    for sentence in ctx.sentences:
        toks, counts = _counts_of(sentence)
        if not _needs_parse(toks, counts, v):
            continue
        open_people = [c for c in counts if not c.kind and (c.victims or c.unknown)]
        doc = _parsed(sentence)
        for c in open_people:
            _kind_from_parse(doc, toks, c, v)
        for c in counts:
            if not c.kind or (c.definite and c.kind in counted_kinds):
                continue
            counted_kinds.add(c.kind)
            ctx.figures.append(_figure(ctx, sentence, toks, c, doc))
            for kind in c.also:
                ctx.figures.append(_figure(ctx, sentence, toks, c, doc).model_copy(update={"kind": kind}))


def _kind_from_parse(doc: Any, toks: list[_Tok], c: _Count, v: _Vocab) -> None:
    """Kind from the parse when many words stand between the people and the cue:
    "two militants, who police said had fled, were shot dead", "four CPI-Maoist
    (CPI-Maoist) cadres were killed". The counted noun (the head of the count, or the
    people noun) must be the subject of a passive or intransitive cue."""
    if c.victims_span and not c.unknown:
        a, b = c.victims_span
        span = doc.char_span(toks[a].start, toks[b - 1].end, alignment_mode="expand")
        noun = span.root if span is not None else None
    else:
        last = doc.char_span(toks[c.j - 1].start, toks[c.j - 1].end, alignment_mode="expand")
        noun = last.root.head if last is not None and last.root.dep_ == "nummod" else None
        if noun is not None and noun.lower_ in v.not_people | v.units:
            return
    if noun is None:
        return
    while noun.dep_ == "conj" and noun.head is not noun:  # "five militants and one soldier"
        noun = noun.head
    verb = noun.head
    if verb is noun or not verb.tag_.startswith("VB") or noun.dep_ not in ("nsubjpass", "nsubj"):
        return
    words = [verb.lower_] + [t.lower_ for t in verb.rights if t.dep_ in ("oprd", "acomp", "advmod")][:1]
    if noun.dep_ == "nsubj" and tuple(words[:1]) in v.transitive:
        return  # active: the people did it
    for n in (2, 1):
        hit = next((kind for phrase, kind in v.after if phrase == tuple(words[:n])), None)
        if hit:
            c.kind = hit
            return
    if noun.dep_ == "nsubjpass":  # "a man, who ..., was shot and killed": the second verb
        for conj in (t for t in verb.rights if t.dep_ == "conj" and t.tag_.startswith("VB")):
            hit = next((kind for phrase, kind in v.after if phrase == (conj.lower_,)), None)
            if hit:
                c.kind = hit
                return


@lru_cache(maxsize=1)
def _kind_word_re() -> re.Pattern[str]:
    """Any of :attr:`_Vocab.kind_words` as a word (a regex beats tokenising every
    sentence; it also fires inside "shot-dead", which only costs a scan)."""
    return re.compile(
        rf"(?<![^\W\d_])(?:{trie_regex(vocab().kind_words)})(?![^\W\d_])", re.IGNORECASE
    )


def _counts_of(sentence: Sentence) -> tuple[list[_Tok], list[_Count]]:
    memo = sentence.memo
    if memo.figures is None:
        # most sentences have no word a kind could come from: skip the count scan
        maybe = _kind_word_re().search(sentence.text) is not None
        memo.figures = _all_counts(sentence.text) if maybe else ([], [])
    counts: tuple[list[_Tok], list[_Count]] = memo.figures
    return counts


def _needs_parse(toks: list[_Tok], counts: list[_Count], v: _Vocab) -> bool:
    """A sentence with a count of a kind, or people counted and a cue word to find."""
    if any(c.kind for c in counts):
        return True
    return any(not c.kind and (c.victims or c.unknown) for c in counts) and any(
        t.low in v.cue_starts for t in toks
    )


def wants_parse(sentence: Sentence) -> bool:
    """Whether :func:`recognise` will parse ``sentence`` (so a batch can parse it ahead)."""
    toks, counts = _counts_of(sentence)
    return _needs_parse(toks, counts, vocab())


def _parsed(sentence: Sentence) -> Any:
    """The sentence's Doc with the parser run (a Doc is made when the prefilter had none)."""
    if sentence.doc is None:
        sentence.doc = sentence.spare_doc or nlp.ner_docs([sentence.text])[0]
    sentence.doc = nlp.ensure_parsed(sentence.doc)
    sentence.parsed = True
    return sentence.doc


def _figure(ctx: Context, sentence: Sentence, toks: list[_Tok], c: _Count, doc: Any) -> Figure:
    start = sentence.start + toks[c.i].start
    end = sentence.start + toks[c.j - 1].end if c.j > c.i else start
    if c.negated:
        end = sentence.start + toks[max(c.k, c.j) - 1].end
    perpetrator = None if c.negated else _perpetrator(doc, toks, c)
    victims_text = None
    if c.victims_span:
        a, b = c.victims_span
        victims_text = sentence.text[toks[a].start : toks[b - 1].end]
    return Figure(
        kind=c.kind,
        low=c.low,
        high=c.high,
        text=ctx.text[start:end],
        hedge=c.hedge,
        vague=c.vague,
        victims=c.victims,
        victims_text=victims_text,
        perpetrator=perpetrator,
        total=c.total,
        negated=c.negated,
        evidence=ctx.evidence(start, end),
        sentence=ctx.sentence_evidence(sentence),
    )
