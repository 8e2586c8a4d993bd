"""Actors: surface names to canonical ACLED-style names with inter codes.

The dictionary is data (``fogwatch/data/actors.csv``, countries in
``fogwatch/data/countries.yaml``). Rows whose name holds ``{country}`` are templates:
"troops" in a Pakistani article is "Military Forces of Pakistan", in a Mexican one
"Military Forces of Mexico". A demonym or country name in front of the words
("Indian troops", "Pakistan's military") names the country instead. State forces of a
country other than the article's are coded as external forces (inter 8), as ACLED
does for foreign troops.

:func:`canonical` maps one mention; :func:`recognise` finds mentions in the candidate
sentences of an article and appends :class:`~fogwatch.model.Actor` values with evidence.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from fogwatch.model import Actor
from fogwatch.read.context import Context
from fogwatch.read.contract import recogniser
from fogwatch.vocab import load_csv, load_yaml, trie_regex, words_regex

STATE_KINDS = {"state", "government"}


@dataclass(frozen=True)
class ActorEntry:
    """A canonical actor: ACLED-style name, inter code and kind."""

    name: str
    inter: int | None
    kind: str
    country: str | None = None
    alias: str | None = None  # the alias that matched, as written in the dictionary


@dataclass(frozen=True)
class _Row:
    name: str
    inter: int
    kind: str
    country: str | None  # None: template or a group named the same everywhere
    template: bool


@dataclass(frozen=True)
class _Countries:
    names: dict[str, str]  # lower-cased name, alias, demonym or capital -> country
    demonym_re: re.Pattern[str]
    capitals: dict[str, str]  # lower-cased capital -> country
    canonical: dict[str, str]  # lower-cased country name or alias -> the name used here
    with_the: frozenset[str]  # countries ACLED writes with "the" after "of"
    of_re: re.Pattern[str]  # " of [the] <country> [and <country>]" after a force's name


@lru_cache(maxsize=1)
def _countries() -> _Countries:
    data = load_yaml("countries.yaml")
    names: dict[str, str] = {}
    capitals: dict[str, str] = {}
    words: list[str] = []
    canonical_names: dict[str, str] = {}
    with_the = set()
    for country, info in data.items():
        info = info or {}
        for w in [country, *info.get("aliases", [])]:
            canonical_names[w.lower()] = country
        if info.get("the"):
            with_the.add(country)
        for w in [country, *info.get("aliases", []), *info.get("demonyms", [])]:
            names[w.lower()] = country
            words.append(w)
        if info.get("capital"):
            capitals[info["capital"].lower()] = country
    alternatives = words_regex(words)
    country_words = "|".join(
        re.escape(w) for w in sorted(set(canonical_names_list(data)), key=len, reverse=True)
    )
    # "military forces of India and Pakistan": the country follows the words
    of_re = re.compile(
        r"\s+of\s+(?:the\s+)?(" + country_words + r")(?:\s+and\s+(?:the\s+)?(" + country_words + r"))?\b"
    )
    # Case-sensitive: demonyms are capitalised, and "US" must not match "us".
    # "US dollar" is a currency used everywhere, not a sign of where the news happened
    demonym_re = re.compile(
        r"\b(?:the\s+)?(" + alternatives + r")(?:'s|\u2019s)?\s+(?!dollars?\b)"
    )
    return _Countries(
        names=names, demonym_re=demonym_re, capitals=capitals, canonical=canonical_names,
        with_the=frozenset(with_the), of_re=of_re,
    )


def canonical_names_list(data: dict) -> list[str]:
    """Country names and aliases as written in the countries file."""
    return [w for country, info in data.items() for w in [country, *(info or {}).get("aliases", [])]]


def country_name(country: str | None) -> str | None:
    """The name used for a country in actor names ("DRC" -> "Democratic Republic of Congo")."""
    if not country:
        return None
    return _countries().canonical.get(country.strip().lower(), country.strip())


def country_of(word: str) -> str | None:
    """The country a name, alias, demonym or capital stands for ("Afghan" -> Afghanistan)."""
    c = _countries()
    key = word.strip().lower()
    return c.names.get(key) or c.capitals.get(key)


def _is_acronym(alias: str) -> bool:
    letters = [ch for ch in alias if ch.isalpha()]
    return bool(letters) and all(ch.isupper() for ch in letters) and len(alias) <= 6


@lru_cache(maxsize=1)
def _dictionary() -> tuple[dict[str, list[tuple[str, _Row]]], _AliasFinder]:
    """alias (lower-cased) -> [(alias as written, row)], and one regex for all aliases."""
    by_alias: dict[str, list[tuple[str, _Row]]] = {}
    for raw in load_csv("actors.csv"):
        name = (raw.get("name") or "").strip()
        if not name or name.startswith("#"):
            continue
        row = _Row(
            name=name,
            inter=int(raw["inter"]),
            kind=raw["kind"].strip(),
            country=(raw.get("country") or "").strip() or None,
            template="{country}" in name,
        )
        aliases = [a.strip() for a in (raw.get("aliases") or "").split("|") if a.strip()]
        if not row.template:
            aliases.append(name)
        for alias in aliases:
            by_alias.setdefault(alias.lower(), []).append((alias, row))
    parts = []
    for alias in sorted({a for rows in by_alias.values() for a, _ in rows}, key=len, reverse=True):
        body = re.escape(alias).replace(r"\ ", r"\s+")
        parts.append(body if _is_acronym(alias) else "(?i:" + body + ")")
    exact = re.compile(r"(?<![\w-])(?:" + "|".join(parts) + r")(?![\w-])")
    return by_alias, _AliasFinder(by_alias, exact)


class _AliasFinder:
    """Finds what the one alias regex (``exact``) finds, at a fraction of its cost.

    ``exact`` is an alternation of ~1,000 aliases, acronyms case-sensitive ("IS" is not
    "is"), tried branch by branch at every position of every sentence. A prefix-tree
    regex of all aliases, case-insensitive, finds the same positions and the same
    longest alias quickly; only where that alias is an acronym written in another case
    does ``exact`` decide, at that one position.
    """

    def __init__(self, by_alias: dict[str, list[tuple[str, _Row]]], exact: re.Pattern[str]):
        self.exact = exact
        self.fast = re.compile(
            r"(?<![\w-])(?:" + trie_regex(by_alias) + r")(?![\w-])", re.IGNORECASE
        )
        self.by_alias = by_alias

    def _case_ok(self, written: str) -> bool:
        return any(
            not _is_acronym(alias) or alias == written
            for alias, _ in self.by_alias.get(written.lower(), ())
        )

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        pos = 0
        while (m := self.fast.search(text, pos)) is not None:
            start = m.start()
            if not self._case_ok(m.group(0)):
                m = self.exact.match(text, start)
                if m is None:
                    pos = start + 1
                    continue
            yield m
            pos = max(m.end(), start + 1)


def _fill(row: _Row, country: str | None) -> str:
    if country:
        if country in _countries().with_the:
            return row.name.replace(" of {country}", " of the " + country).replace(
                "{country}", country
            )
        return row.name.replace("{country}", country)
    # No country known: drop the country part rather than invent one.
    return row.name.replace(" of {country}", "").replace(" ({country})", "")


def _entry(row: _Row, alias: str, country: str | None, article_country: str | None) -> ActorEntry:
    own = row.country or (country if row.template else None)
    inter, kind = row.inter, row.kind
    foreign = bool(own and article_country and own != article_country)
    if foreign and row.kind == "state":
        inter, kind = 8, "external"
    elif foreign and row.kind == "government":
        inter, kind = 8, "foreign_government"
    name = _fill(row, country) if row.template else row.name
    return ActorEntry(name=name, inter=inter, kind=kind, country=own, alias=alias)


def _choose(
    alias_lower: str, written: str, country: str | None, article_country: str | None
) -> ActorEntry | None:
    by_alias, _ = _dictionary()
    options = by_alias.get(alias_lower, [])
    best: tuple[int, _Row, str] | None = None
    for alias, row in options:
        if _is_acronym(alias) and alias != written:
            continue  # "FC" must be written "FC"
        if row.template:
            tier = 1
        elif row.country is None or row.country == country:
            tier = 3
        elif any(ch.isupper() for ch in alias) and (
            alias == written or (len(alias.split()) >= 2 and alias.lower() == written.lower())
        ):
            tier = 0  # a proper name of another country's actor still names it
        else:
            continue  # "government forces" means Yemen's only in Yemen
        if best is None or tier > best[0]:
            best = (tier, row, alias)
    if best is None:
        return None
    return _entry(best[1], best[2], country, article_country)


@lru_cache(maxsize=8192)
def canonical(text: str, country: str | None = None) -> ActorEntry | None:
    """The canonical actor a mention names, or None.

    ``country`` is the article's country; a demonym or country name in the mention
    ("Indian troops", "Pakistan's army") overrides it for template actors. A capital
    or a bare country name stands for that country's government ("New Delhi").
    """
    if not text or not text.strip():
        return None
    country = country_name(country)
    cleaned = " ".join(text.replace("\u2019", "'").split())
    cleaned = re.sub(r"^(?:the|a|an|some|several|two|three|many)\s+", "", cleaned, flags=re.I)
    # A capital or country standing for its government: "New Delhi", "India".
    whole = country_of(cleaned)
    # a demonym alone is no country ("Afghan"), but one written as capitals is its
    # country's short name ("the US blames ...")
    if whole is not None and (cleaned.lower() not in {d.lower() for d in _demonyms_only()}
                              or (cleaned.isupper() and cleaned.isalpha() and len(cleaned) <= 3)):
        row = _Row("Government of {country}", 1, "government", None, True)
        return _entry(row, cleaned, whole, country)
    _, pattern = _dictionary()
    matches = list(pattern.finditer(cleaned))
    if not matches:
        return None
    # The longest alias names the actor ("Pakistani Taliban" over "Taliban").
    m = max(matches, key=lambda m: (len(m.group(0)), -m.start()))
    mention_country = country
    dm = None
    for d in _countries().demonym_re.finditer(cleaned[: m.start()] + " "):
        dm = d
    if dm is not None:
        mention_country = country_of(dm.group(1)) or country
    entry = _choose(m.group(0).lower(), m.group(0), mention_country, country)
    if entry is None and mention_country != country:
        entry = _choose(m.group(0).lower(), m.group(0), country, country)
    return entry


@lru_cache(maxsize=1)
def _demonyms_only() -> frozenset[str]:
    data = load_yaml("countries.yaml")
    return frozenset(d for info in data.values() for d in (info or {}).get("demonyms", []))


def article_country(ctx: Context) -> str | None:
    """The article's country: the most named country among resolved places, else None."""
    counts = Counter(p.country for p in ctx.places if p.country)
    if counts:
        return country_name(counts.most_common(1)[0][0])
    memo = ctx.memo.actors
    if "demonym_country" not in memo:
        counts = Counter()
        for s in ctx.candidates():
            for m in _countries().demonym_re.finditer(s.text + " "):
                c = country_of(m.group(1))
                if c:
                    counts[c] += 1
        memo["demonym_country"] = counts.most_common(1)[0][0] if counts else None
    return memo["demonym_country"]


# Words too generic to list as actors on their own in a sentence scan (actor_heads.yaml);
# they still resolve through canonical() when a recogniser asks about them.
_SCAN_SKIP = frozenset(load_yaml("actor_heads.yaml")["scan_skip"])
_NOT_AFTER = {k: frozenset(v) for k, v in load_yaml("actor_heads.yaml")["not_after"].items()}
_LAST_WORD = re.compile(r"(\w+)\s+$")


def _compound(text: str, start: int, alias: str) -> bool:
    """Whether the word before an actor word makes another noun of it ("fire fighters")."""
    words = _NOT_AFTER.get(alias.lower())
    if not words:
        return False
    before = _LAST_WORD.search(text[max(0, start - 20) : start])
    return before is not None and before.group(1).lower() in words


@recogniser("actors", requires=("article", "sentences", "sentence.doc", "places"),
            assigns=("actors",))
def recognise(ctx: Context) -> None:
    """Append the actors named in candidate sentences, each with its evidence.

    Dictionary aliases are found with one regex per sentence (a demonym in front names
    the country); spaCy ORG and NORP entities that the dictionary knows are added too.
    """
    country = article_country(ctx)
    _, pattern = _dictionary()
    seen: set[tuple[int, int]] = set()
    for s in ctx.candidates():
        spans: list[tuple[int, int]] = []
        extra: list[tuple[int, int, str | None, int]] = []
        last_end = -10
        for m in pattern.finditer(s.text):
            if m.start() - last_end <= 1 and _generic(m.group(0)):
                # "Turkish Military forces": the head noun of the name just read
                last_end = m.end()
                continue
            last_end = m.end()
            start = m.start()
            if _compound(s.text, start, m.group(0)):
                continue
            dm = None
            for d in _countries().demonym_re.finditer(s.text[max(0, start - 40) : start]):
                dm = d
            if dm is not None and dm.end() == start - max(0, start - 40):
                start = max(0, start - 40) + dm.start()
            elif m.group(0).lower() in _SCAN_SKIP:
                continue  # "officials" alone is too vague; "Afghan officials" is not
            both = _countries().of_re.search(m.group(0))
            tail = re.match(r"\s+and\s+(?:the\s+)?([A-Z][\w' -]+?)\b(?=[\s,.;]|$)", s.text[m.end():])
            if both is not None and tail is not None and country_of(tail.group(1)):
                # "military forces of India and Pakistan": the second country's force too
                extra.append((m.start(), m.start() + both.start(), country_of(tail.group(1)),
                              m.end() + tail.end()))
            of = _countries().of_re.match(s.text, m.end())
            if of is not None and dm is None:
                # "forces of India and Pakistan": one actor per country named
                for g in (1, 2):
                    if of.group(g):
                        extra.append((m.start(), m.end(), country_of(of.group(g)), of.end()))
                continue
            spans.append((start, m.end()))
        doc = s.doc
        for ent in getattr(doc, "ents", ()):
            if ent.label_ in {"ORG", "NORP"}:
                spans.append((ent.start_char, ent.end_char))
        for a_start, a_end, named_country, of_end in extra:
            entry = canonical(s.text[a_start:a_end], named_country)
            if entry is None:
                continue
            if entry.country and country and entry.country != country and entry.kind == "state":
                entry = ActorEntry(entry.name, 8, "external", entry.country, entry.alias)
            ctx.actors.append(
                Actor(
                    name=entry.name, text=s.text[a_start:of_end], inter=entry.inter,
                    country=entry.country, evidence=ctx.evidence(s.start + a_start, s.start + of_end),
                )
            )
        # spans come in order of start, so a kept span contains this one exactly when
        # the furthest end kept so far in this sentence reaches past its end
        reach = -1
        for start, end in sorted(spans):
            key = (s.start + start, s.start + end)
            if key in seen or reach >= key[1]:
                continue
            entry = canonical(s.text[start:end], country)
            if entry is None:
                entry = armed_organisation(s.text[start:end], country)
            if entry is None:
                continue
            seen.add(key)
            reach = max(reach, key[1])
            ctx.actors.append(
                Actor(
                    name=entry.name,
                    text=s.text[start:end],
                    inter=entry.inter,
                    country=entry.country,
                    evidence=ctx.evidence(*key),
                )
            )


@lru_cache(maxsize=1)
def _heads() -> tuple[frozenset[str], frozenset[str]]:
    data = load_yaml("actor_heads.yaml")
    return frozenset(data["heads"]), frozenset(data["rebel_words"])


def armed_organisation(text: str, country: str | None = None) -> ActorEntry | None:
    """An organisation the dictionary does not know, named as an armed group.

    "Hamza Division" or "Popular Resistance Brigades" are actors under their own
    name; a rebel word in the name makes it a rebel group, otherwise a militia.
    """
    words = re.sub(r"^(?:the)\s+", "", text.strip(), flags=re.I).split()
    if len(words) < 2 or not all(w[:1].isupper() or not w[:1].isalpha() for w in words):
        return None
    heads, rebel_words = _heads()
    if words[-1] not in heads:
        return None
    name = " ".join(words)
    rebel = any(w in rebel_words for w in words)
    return ActorEntry(
        name=name, inter=2 if rebel else 3, kind="rebel" if rebel else "political_militia",
        country=country_name(country), alias=name,
    )


def country_hints(text: str) -> Counter:
    """Countries that the named actors in ``text`` belong to ("NAF" -> Ukraine, "Houthis" -> Yemen).

    A vote a geocoder can weigh when a place name exists in several countries; the
    actor templates ("troops", "police") name no country and give no vote.
    """
    by_alias, pattern = _dictionary()
    votes: Counter = Counter()
    for m in pattern.finditer(text):
        written = m.group(0)
        countries = {
            row.country
            for alias, row in by_alias.get(written.lower(), [])
            if row.country and not row.template and (not _is_acronym(alias) or alias == written)
            and any(ch.isupper() for ch in alias)
        }
        if len(countries) == 1:
            votes[countries.pop()] += 1
    return votes


def _generic(alias_text: str) -> bool:
    """Whether words name only a template actor ("forces", "troops"), no particular one."""
    by_alias, _ = _dictionary()
    rows = by_alias.get(alias_text.lower(), [])
    return bool(rows) and all(row.template for _, row in rows)
