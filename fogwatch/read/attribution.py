"""Attribution: who says what, and how; claims, accusations, denials, confirmations.

For each sentence with a figure or a reporting cue (``fogwatch/data/reporting.yaml``)
the dependency parse gives the speaker of each cue:

- the subject of a reporting verb ("Pakistan's military says ..."), the agent of a
  passive one ("... denied by New Delhi"), the subject of the governing verb for a
  subject-less participle ("..., alleging that ...", "..., stating that ...");
- "according to X" for the whole sentence;
- a pronoun subject ("it", "they") is the last speaker named before it.

Each figure takes the speaker and stance of the nearest reporting verb that governs it
in the parse (or "according to X"); a figure nobody is said to give is the outlet's
own (``Claimant(kind="outlet")``). Claims: one ``casualty_figure`` claim per figure,
then one claim per other cue: ``responsibility``, ``accusation`` (target: the
accused as written), ``denial`` (negative; ``responds_to`` the accusation or
allegation it answers when it denies "an assertion", "the claim", "involvement"...),
``confirmation``, ``commendation`` (target: the canonical actor praised),
``allegation`` and ``statement``. A reporting verb whose clause holds a figure makes
no separate claim: the figure's claim is the statement.

Background (history and context, not the news) follows the rule written in
``reporting.yaml``: a sentence is background when it has a background cue
("long-standing", "dates back", "have also raised concerns") or names a year at least
a few years before publication; a paragraph is background when one of its sentences is
and it holds no casualty figure. Background figures and claims are flagged, never
dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any
from urllib.parse import urlsplit

from fogwatch.model import Claim, Claimant, Figure
from fogwatch.read import background as background_figures
from fogwatch.read import nlp
from fogwatch.read.actors import article_country, canonical, country_of
from fogwatch.read.context import Context
from fogwatch.read.contract import recogniser
from fogwatch.read.text import Sentence
from fogwatch.vocab import load_yaml, trie_regex, words_regex

# Closed-class word lists of the grammar below (``fogwatch/data/reporting.yaml``, ``grammar``).
_GRAMMAR = load_yaml("reporting.yaml")["grammar"]

# reporting.yaml, grammar.own_name_kinds
_OWN_NAME_KINDS = set(_GRAMMAR["own_name_kinds"])

# reporting.yaml, grammar.not_targets
_NOT_TARGETS = set(_GRAMMAR["not_targets"])
# "one of the residents", "some of the survivors": the speaker is the group
_PARTITIVES = frozenset(_GRAMMAR["partitives"])
_ANOTHER = frozenset(_GRAMMAR["another"])
_QUOTING = frozenset(_GRAMMAR["quoting_verbs"])
_HOSTILE = frozenset(_GRAMMAR["hostile_nouns"])
# a year; "the 1800 block of Main Avenue" is an address
_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b(?!\s+blocks?\b)")

# Penn Treebank tags read from the tagger directly: the attribute_ruler that maps them
# to coarse POS is not run (it cost ~12% of the reader's time and nothing else needs it).
_NOUN_TAGS = frozenset({"NN", "NNS", "NNP", "NNPS"})
_ADVERB_TAGS = frozenset({"RB", "RBR", "RBS", "WRB"})


@dataclass(frozen=True)
class _KillClaims:
    inters: frozenset[int]
    kinds: frozenset[str]
    victims: frozenset[str]


@dataclass(frozen=True)
class _Vocab:
    verbs: dict[str, tuple[str, str]]  # word -> (claim type, stance)
    phrases: list[tuple[tuple[str, ...], str, str]]
    adverbs: list[tuple[tuple[str, ...], str, str]]
    according: list[tuple[str, ...]]
    claim_nouns: frozenset[str]
    roles: frozenset[str]
    speaker_kinds: list[tuple[re.Pattern[str], str]]
    pronouns: frozenset[str]
    background: re.Pattern[str]
    years_before: int
    multi_starts: frozenset[str]  # first words of phrase and adverb cues
    lexical: re.Pattern[str]  # a cue other than a plain statement verb
    statement: re.Pattern[str]  # a plain statement verb ("said", "told")
    agencies: frozenset[str]  # wire agencies: their own voice is the outlet's
    generic: frozenset[str]  # nouns that carry a statement ("statement", "reports")
    furniture: re.Pattern[str]  # captions, photo credits, bylines
    insinuating: frozenset[str]  # "called the claim a lie": verbs
    disputed: frozenset[str]  # ... their objects (claim and figure nouns)
    falsity: frozenset[str]  # ... and what they call them
    not_yet: frozenset[str]
    own_sides: dict[int, str]  # claimant's inter code -> the victim group of its own people
    acts: frozenset[str]  # what a speaker says someone did
    own_doers: frozenset[str]
    own_nouns: frozenset[str]
    accused_inters: frozenset[int]
    perpetrators: frozenset[str]
    doers_named: re.Pattern[str]  # "said the attackers were": worth a parse
    own_act: re.Pattern[str]  # "said it struck": a statement of one's own act, worth a parse
    named_act: re.Pattern[str]  # "said the Houthis launched": a named doer, worth a parse
    nobody: frozenset[str]
    attack_nouns: frozenset[str]  # "an attack by X", "the ambush by X"
    hallmarks: frozenset[str]  # "bears the hallmarks of X": an accusation of X
    toll_verbs: frozenset[str]  # "gave a toll of 83": verbs ...
    undone_verbs: frozenset[str]  # "the attack was repelled": a denial of a claimed act
    undone_acts: frozenset[str]  # "there was no abduction": likewise
    toll_nouns: frozenset[str]  # ... and their objects
    kill_claims: _KillClaims  # "the rebels said nine soldiers were killed": responsibility
    anaphor_said: re.Pattern[str]  # "..., the group said": its own act? worth a parse
    claimed_objects: frozenset[str]  # "claimed the ambush", "claimed control of"
    we_act: re.Pattern[str]  # "We took the base": a first-person act, worth a parse
    anaphors: frozenset[str]  # "the group", "the outfit": the armed group named last
    anaphor_inters: frozenset[int]
    crimes: re.Pattern[str]  # "called the strike a Russian war crime": an accusation
    crime_verbs: frozenset[str]  # ... with these verbs too ("condemned ... as")
    combatants: frozenset[str]  # "he was not a militant": a denial ...
    innocence: frozenset[str]  # ... "they were innocent"
    labelled: tuple[frozenset[str], frozenset[str], frozenset[str]]  # "they were militants"
    holding: frozenset[str]  # "held X responsible": verbs ...
    held_as: frozenset[str]  # ... and their complements


def _words(s: str) -> tuple[str, ...]:
    return tuple(str(s).lower().split())


@lru_cache(maxsize=1)
def vocab() -> _Vocab:
    """The reporting vocabulary from ``reporting.yaml`` (cached)."""
    data = load_yaml("reporting.yaml")
    verbs: dict[str, tuple[str, str]] = {}
    for key, words in data["verbs"].items():
        ctype, stance = key.split("/")
        for w in words:
            verbs.setdefault(str(w).lower(), (ctype, stance))

    def multi(section: str) -> list[tuple[tuple[str, ...], str, str]]:
        out = []
        for key, phrases in data.get(section, {}).items():
            ctype, stance = key.split("/")
            out += [(_words(p), ctype, stance) for p in phrases]
        return sorted(out, key=lambda x: -len(x[0]))

    phrases, adverbs = multi("phrases"), multi("adverbs")
    kinds = []
    for kind, words in data["speaker_kinds"].items():
        alts = words_regex(words)
        kinds.append((re.compile(rf"\b(?:{alts})\b", re.I), kind))
    bg = data["background"]
    bg_alts = words_regex(bg["cues"])
    # Which sentences are worth the parser: "strong" cues (anything but a plain "said")
    # always; plain statement verbs only next to a figure (see recognise()).
    # "claimed" too: a claim of an act or of control is responsibility (_typed_by_act)
    strong_words = {w for w, (ctype, stance) in verbs.items()
                    if ctype != "statement" or stance == "claims"}
    strong_words |= {" ".join(p[0]) for p in phrases + adverbs}
    strong_words |= {" ".join(_words(p)) for p in data["according"]}
    strong_words |= {str(w).lower() for w in data["insinuation"]["falsity"]}
    strong_words |= {str(w).lower() for w in data["holding"]["complements"]}
    strong_words |= {str(w).lower() for w in data["hallmarks"]}
    combatants = [str(w).lower() for w in data["not_combatants"]["combatants"]]
    strong_words |= {f"{pre}{w}" for w in combatants for pre in ("not ", "not a ", "not an ")}
    strong_words |= {str(w).lower() for w in data["not_combatants"]["innocence"]}
    strong_words |= {str(w).lower() for w in data["crimes"]}
    statement_words = {w for w, (ctype, _) in verbs.items() if ctype == "statement"}

    def alternation(words: set[str]) -> re.Pattern[str]:
        # a prefix tree: these run over every sentence of every article
        return re.compile(rf"\b(?:{trie_regex(w.lower() for w in words)})\b", re.I)

    lexical, statement = alternation(strong_words), alternation(statement_words)
    never = data["not_speakers"]
    return _Vocab(
        verbs=verbs,
        phrases=phrases,
        adverbs=adverbs,
        according=[_words(p) for p in data["according"]],
        claim_nouns=frozenset(str(w).lower() for w in data["claim_nouns"]),
        roles=frozenset(str(w).lower() for w in data["roles"]),
        speaker_kinds=kinds,
        pronouns=frozenset(str(w).lower() for w in data["pronouns"]),
        background=re.compile(rf"\b(?:{bg_alts})\b", re.I),
        years_before=int(bg["years_before"]),
        multi_starts=frozenset(p[0][0] for p in phrases + adverbs),
        lexical=lexical,
        statement=statement,
        agencies=frozenset(" ".join(_words(w)) for w in never["agencies"]),
        generic=frozenset(" ".join(_words(w)) for w in never["generic"]),
        furniture=re.compile(rf"\b(?:{words_regex(never['furniture'])})\b", re.I),
        insinuating=frozenset(str(w).lower() for w in data["insinuation"]["verbs"]),
        disputed=frozenset(str(w).lower() for w in [*data["claim_nouns"],
                                                    *data["insinuation"]["figure_nouns"]]),
        falsity=frozenset(str(w).lower() for w in data["insinuation"]["falsity"]),
        not_yet=frozenset(str(w).lower() for w in data["not_yet"]),
        own_sides={int(k): str(g) for k, g in data["own_sides"].items()},
        acts=frozenset(str(w).lower() for w in data["acts"]),
        own_doers=frozenset(str(w).lower() for w in data["own_doers"]),
        own_nouns=frozenset(str(w).lower() for w in data["own_nouns"]),
        accused_inters=frozenset(int(i) for i in data["accused_inters"]),
        perpetrators=frozenset(str(w).lower() for w in data["perpetrators"]),
        doers_named=re.compile(
            rf"\b(?:{trie_regex(statement_words)})\s+(?:that\s+)?(?:the\s+|all\s+)?(?:\w+\s+)?"
            rf"(?:{words_regex(data['perpetrators'])})\s+(?:were|was|are|is)\b", re.I),
        own_act=re.compile(
            rf"\b(?:{trie_regex(statement_words)})\s+(?:(?:on|late|early)\s+\w+\s+)?(?:that\s+)?"
            rf"(?:{words_regex(data['own_doers'])}|(?:its|our|their)\s+(?:{words_regex(data['own_nouns'])}))"
            rf"\s+(?:had\s+|has\s+|have\s+)?(?:{words_regex(data['acts'])})\b", re.I),
        # case-sensitive on the name: a capitalised doer right after the statement verb
        named_act=re.compile(
            rf"\b(?i:{trie_regex(statement_words)})\s+(?:(?i:that)\s+)?(?:(?i:the)\s+)?"
            rf"[A-Z][\w'\u2019-]+(?:\s+[A-Z][\w'\u2019-]+){{0,3}}\s+"
            rf"(?:(?i:had|has|have)\s+)?(?i:{words_regex(data['acts'])})\b"),
        nobody=frozenset(str(w).lower() for w in data["nobody"]),
        attack_nouns=frozenset(str(w).lower() for w in data["attack_nouns"]),
        hallmarks=frozenset(str(w).lower() for w in data["hallmarks"]),
        undone_verbs=frozenset(str(w).lower() for w in data["undone"]["verbs"]),
        undone_acts=frozenset(str(w).lower() for w in data["undone"]["acts"]),
        toll_verbs=frozenset(str(w).lower() for w in data["giving_tolls"]["verbs"]),
        toll_nouns=frozenset(str(w).lower() for w in data["insinuation"]["figure_nouns"]),
        kill_claims=_KillClaims(
            inters=frozenset(int(i) for i in data["kill_claims"]["inters"]),
            kinds=frozenset(str(k) for k in data["kill_claims"]["kinds"]),
            victims=frozenset(str(g) for g in data["kill_claims"]["victims"]),
        ),
        anaphor_said=re.compile(rf"\bthe\s+(?:{words_regex(data['anaphora']['nouns'])})\s+"
                                rf"(?:also\s+)?(?:{trie_regex(statement_words)})\b", re.I),
        claimed_objects=frozenset(str(w).lower() for w in data["claimed_objects"]),
        we_act=re.compile(rf"\bwe\s+(?:have\s+|had\s+)?(?:{words_regex(data['acts'])})\b", re.I),
        anaphors=frozenset(" ".join(_words(w)) for w in data["anaphora"]["nouns"]),
        anaphor_inters=frozenset(int(i) for i in data["anaphora"]["inters"]),
        crimes=re.compile(rf"\b(?:{words_regex(data['crimes'])})\b", re.I),
        crime_verbs=frozenset(str(w).lower() for w in data["crime_verbs"]),
        combatants=frozenset(combatants),
        innocence=frozenset(str(w).lower() for w in data["not_combatants"]["innocence"]),
        labelled=tuple(frozenset(str(w).lower() for w in data["not_combatants"][k])  # type: ignore[arg-type]
                       for k in ("subjects", "members", "groups")),
        holding=frozenset(str(w).lower() for w in data["holding"]["verbs"]),
        held_as=frozenset(str(w).lower() for w in data["holding"]["complements"]),
    )


def canonical_actor(text: str, country: str | None) -> Any:
    """The actor dictionary's entry for ``text`` (``.name``, ``.inter``, ``.kind``) or None."""
    if not text:
        return None
    return canonical(text, country)


def outlet_name(article: Any) -> str:
    """The outlet's name: as given, else its web address's host, else a placeholder."""
    if article.outlet:
        return article.outlet
    host = urlsplit(article.url or "").hostname or ""
    host = re.sub(r"^(?:www\d?|amp|m|mobile|edition)\.", "", host.lower())
    return host or "reporting outlet"


def outlet_claimant(ctx: Context, agency: str | None = None) -> Claimant:
    """The outlet's own voice: figures nobody in the article is said to give (and what
    a wire agency reports in its own name: the copy is the agency's)."""
    return Claimant(name=agency or outlet_name(ctx.article), kind="outlet")


# A run of capitalised words, "for" / "of" joining them ("Syrian Observatory for Human Rights").
_CAPITALISED = re.compile(r"(?:[A-Z][\w'\u2019-]+)(?:\s+(?:for|of|on)?\s*[A-Z][\w'\u2019-]+)+")


def _dateline(sentence: Sentence, text: str, offset: int) -> bool:
    """Whether ``text`` at ``offset`` of the sentence is its dateline ("PESHAWAR, ...",
    "KABUL (Reuters) -"): a capitalised place name opening the copy, never a speaker.
    Only the first sentences can hold it (the headline may come first): further down,
    "SITE, a group that tracks ..., confirmed" is a speaker in capitals."""
    if offset > 0 or sentence.index > 2 or not text.isupper() or len(text) < 3:
        return False
    rest = sentence.text[len(text):].lstrip()
    if rest[:1] == ",":  # "PESHAWAR, Pakistan", "KANO, Jul 20": a name or a date follows
        return re.match(r",\s*[A-Z0-9]", rest) is not None
    return rest[:1] in ("(", "-", "\u2014", "\u2013", ":")


@dataclass
class _Cue:
    """A reporting cue in a parsed sentence and the speaker found for it."""

    ctype: str
    stance: str
    token: Any  # the verb (or adverb) token
    tokens: tuple[int, int]  # token span of the cue words
    speaker: Claimant | None = None
    claim_index: int | None = None
    act: Any = None  # the act a statement claims ("said it struck ...")
    accused: str | None = None  # the doer a statement accuses, as written


class _Reader:
    """Attribution state for one article: speakers named so far, claims made so far."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.v = vocab()
        self.country = article_country(ctx)
        self.last_speaker: Claimant | None = None
        self.background = _background_sentences(ctx, self.v)
        self.figure_cues: dict[int, str | None] = {}  # figure index -> its reporting verb
        self.marked: set[int] = set()  # figures of other incidents or periods
        self.speakers: dict[int, Claimant] = {}  # sentence index -> the speaker it names
        # quoted first-person acts ("We took the base"): (sentence, act token, background)
        self.own_quotes: list[tuple[Sentence, Any, bool]] = []

    # -- speakers ---------------------------------------------------------------
    def claimant(self, sentence: Sentence, start: int, end: int) -> Claimant | None:
        """A Claimant for the words ``sentence.text[start:end]`` (pronouns resolved)."""
        text = sentence.text[start:end].strip()
        definite = re.match(r"(?:the|this|that)\s+", text, flags=re.I) is not None
        text = re.sub(r"^(?:the|a|an)\s+", "", text, flags=re.I)
        if not text:
            return None
        if text.lower() in self.v.pronouns or text.lower() in _ANOTHER:
            return self.last_speaker  # "..., with another confirming": one of the same
        if definite and " ".join(_words(text)) in self.v.anaphors:
            named = self._named_group(sentence.start + start)
            if named is not None:  # "the group said": the armed group named last
                self.last_speaker = named
                return named
        local = sentence.text.index(text, start)
        if _dateline(sentence, text, local) or self.v.furniture.search(text):
            return None
        lowered = " ".join(_words(text))
        if lowered in self.v.agencies:
            return outlet_claimant(self.ctx, text)
        if lowered in self.v.generic or lowered.rsplit(" ", 1)[-1] in self.v.generic:
            definite = re.match(r"\s*(?:the|this|that|its|their)\s", sentence.text[start:end], re.I)
            if definite and self.last_speaker is not None:
                return self.last_speaker  # "the statement blamed ...": the one just quoted
            return outlet_claimant(self.ctx)  # "reports said", "according to a statement"
        offset = sentence.start + local if local >= 0 else self.ctx.text.find(text)
        evidence = self.ctx.evidence(offset, offset + len(text))
        kind = next((k for p, k in self.v.speaker_kinds if p.search(text)), None)
        if kind == "monitors" and text.islower():
            named = self._named_monitor()
            if named is not None:  # "a war monitor said": the monitor the article names
                text, local = named, -1
        entry = _official_of(text, self.v, self.country) or canonical_actor(text, self.country)
        if kind in _OWN_NAME_KINDS:
            entry = None  # "hospital officials" speak as doctors, not as the government
        if entry is not None:
            claimant = Claimant(
                name=entry.name, kind=kind or entry.kind, text=text, inter=entry.inter,
                evidence=evidence,
            )
        else:
            # "M23 spokesman Jean Doe": the party named before the role noun speaks
            # through him; he keeps his name, the party gives his inter code
            words = text.split()
            at = next((i for i, w in enumerate(words) if i and w.lower() in self.v.roles), None)
            party = canonical_actor(" ".join(words[:at]), self.country) if at else None
            if party is not None and kind not in _OWN_NAME_KINDS:
                claimant = Claimant(name=text, kind=kind or party.kind, text=text,
                                    inter=party.inter, evidence=evidence)
            else:
                claimant = Claimant(name=text, kind=kind or "unknown", text=text,
                                    evidence=evidence)
        self.last_speaker = claimant
        return claimant

    def _named_group(self, offset: int) -> Claimant | None:
        """The armed group (rebels, militias: ``anaphora.inters``) the article names last
        before ``offset``, as a claimant; None when it names none."""
        best = None
        for actor in self.ctx.actors:
            if actor.evidence.start >= offset or actor.inter not in self.v.anaphor_inters:
                continue
            if actor.name.startswith("Unidentified") or " ".join(_words(actor.text)) in self.v.anaphors:
                continue
            if best is None or actor.evidence.start > best.evidence.start:
                best = actor
        if best is None:
            return None
        entry = canonical_actor(best.text, self.country)
        return Claimant(name=best.name, kind=entry.kind if entry is not None else "unknown",
                        text=best.text, inter=best.inter, evidence=best.evidence)

    def _named_monitor(self) -> str | None:
        """The first monitoring group the article names with capitals ("the Syrian
        Observatory for Human Rights"), for a speaker described only as a monitor."""
        if "named_monitor" not in self.__dict__:
            found = None
            for m in _CAPITALISED.finditer(self.ctx.text):
                name = re.sub(r"^(?:The|A|An)\s+", "", m.group().strip())
                if any(p.search(name) and k == "monitors" for p, k in self.v.speaker_kinds):
                    found = name
                    break
            self.__dict__["named_monitor"] = found
        return self.__dict__["named_monitor"]

    def np_claimant(self, sentence: Sentence, token: Any) -> Claimant | None:
        if token.lower_ in self.v.generic:
            owner = _statement_owner(token)  # "a statement from the army", "the army's report"
            if owner is not None:
                return self.np_claimant(sentence, owner)
            mods = [t for t in token.lefts if t.dep_ in ("compound", "amod", "nmod")
                    and t.tag_ in _NOUN_TAGS]
            if mods:  # "a ministry statement": the ministry
                left = min(t.left_edge.i for t in mods)
                span = token.doc[left : mods[-1].i + 1]
                return self.claimant(sentence, span.start_char, span.end_char)
        if token.tag_ == "CD" or token.lower_ in _PARTITIVES:
            # "one of the residents told AFP": the residents speak
            of = next((t for t in token.rights if t.dep_ == "prep" and t.lower_ == "of"), None)
            pobj = _child(of, ("pobj",)) if of is not None else None
            if pobj is not None:
                return self.np_claimant(sentence, pobj)
        start, end = _np_chars(token, self.v.roles)
        claimant = self.claimant(sentence, start, end)
        named = next((t for t in token.rights if t.dep_ == "appos" and t.tag_ == "NNP"), None)
        if (named is not None and token.lower_ in self.v.roles and claimant is not None
                and claimant.name == claimant.text):
            # "said the regional commander, Gen. Jane Doe": nobody the dictionary knows;
            # the person named beside the role is the one who speaks
            return self.claimant(sentence, start, _np_chars(named, frozenset())[1])
        return claimant

    def speaker_of(self, sentence: Sentence, verb: Any, depth: int = 0) -> Claimant | None:
        """Subject of an active verb, agent of a passive one, or the governing verb's."""
        quoted = _quoted_as(verb)
        if quoted is not None:
            # "a source was quoted as saying by SANA", "Reuters cited an official as
            # confirming": the one quoted speaks
            return self.np_claimant(sentence, quoted)
        for child in verb.children:
            if child.dep_ == "agent":
                objs = [t for t in child.children if t.dep_ == "pobj"]
                if objs:
                    return self.np_claimant(sentence, objs[0])
        for child in verb.children:
            if child.dep_ in ("nsubj",) and child.lower_ not in ("which", "that", "who"):
                if child.tag_ == "VBG":  # "Reacting, Major X said": the one named after it
                    named = next((t for t in child.children if t.dep_ in ("conj", "appos")
                                  and t.tag_ in _NOUN_TAGS), None)
                    if named is None:
                        continue
                    return self.np_claimant(sentence, named)
                return self.np_claimant(sentence, child)
        # "..., with another confirming the figures", "with the army saying ...": the
        # participle's own noun speaks
        if (verb.dep_ == "acl" and verb.head.dep_ == "pobj" and verb.head.head.lower_ == "with"
                and verb.head.lower_ not in self.v.generic):
            return self.np_claimant(sentence, verb.head)
        # "X released a statement saying ...", "a statement by X saying ...": the statement's
        # owner, else whoever issued it
        if depth < 3 and verb.dep_ == "acl" and verb.head.lower_ in self.v.generic:
            owner = _statement_owner(verb.head)
            if owner is not None:
                return self.np_claimant(sentence, owner)
            if verb.head.dep_ in ("dobj", "pobj") and verb.head.head.tag_.startswith("VB"):
                return self.speaker_of(sentence, verb.head.head, depth + 1)
        # "A said ..., while B said ..., accusing X": a trailing participle the parser
        # hangs on the first verb speaks for the statement verb right before it
        if depth == 0 and verb.tag_ == "VBG" and verb.dep_ == "advcl" and verb.head.i < verb.i:
            nearer = [t for t in verb.doc[verb.head.i + 1 : verb.i]
                      if t.tag_.startswith("VB") and self.v.verbs.get(t.lower_, ("",))[0] == "statement"
                      and _child(t, ("nsubj",)) is not None and t.dep_ in ("advcl", "conj")
                      and t.head.i == verb.head.i]
            if nearer:
                return self.speaker_of(sentence, nearer[-1], depth + 1)
        # a subject-less participle or conjunct speaks for its governing verb's subject
        if depth < 3 and verb.dep_ in ("advcl", "xcomp", "conj", "pcomp") and verb.head is not verb:
            return self.speaker_of(sentence, verb.head, depth + 1)
        return None


def _official_of(text: str, v: _Vocab, country: str | None) -> Any:
    """ "an official in Washington", "US officials", "a Kenyan source": a role noun with
    the country (its name, capital or demonym) it serves is that country's government."""
    words = text.split()
    if len(words) < 2 or not any(w.lower() in v.roles for w in words):
        return None
    m = re.search(r"\b(?:in|from)\s+(?:the\s+)?([A-Z][\w.'\u2019-]+(?:\s+[A-Z][\w.-]+)?)$", text)
    # ("a Kenyan source" may be anyone's: sources need the place phrase)
    place = m.group(1) if m else (words[0] if words[-1].lower() in v.roles
                                  and words[-1].lower() not in ("source", "sources")
                                  and len(words) == 2 else None)
    if place is None or country_of(place) is None:
        return None
    entry = canonical_actor(f"{country_of(place)} government", country)
    return entry if entry is not None and entry.kind in ("government", "foreign_government") else None


def _quoting_verb(verb: Any) -> Any:
    """The quoting verb of "quoted as saying", "cited X as confirming" for the participle
    ``verb``, else None."""
    if verb.tag_ != "VBG" or verb.dep_ != "pcomp" or verb.head.lower_ != "as":
        return None
    q = verb.head.head
    return q if q.lower_ in _QUOTING and q.tag_.startswith("VB") else None


def _quoted_as(verb: Any) -> Any:
    """Who a quoting verb quotes: the passive subject ("X was quoted as saying") or the
    object ("cited X as confirming"); None for any other verb."""
    if verb.lower_ not in _QUOTING or not verb.tag_.startswith("VB"):
        return None
    if not any(c.dep_ == "prep" and c.lower_ == "as" for c in verb.children):
        return None
    return _child(verb, ("nsubjpass",)) or _child(verb, ("dobj",))


def _statement_owner(token: Any) -> Any:
    """Who a statement noun belongs to: its possessor, or the object of its "from" /
    "by" / "of" / "issued by" phrase."""
    for t in token.children:
        if t.dep_ == "poss":
            return t
    for t in token.rights:
        if t.dep_ == "prep" and t.lower_ in ("from", "by", "of"):
            objs = [o for o in t.children if o.dep_ == "pobj"]
            if objs:
                return objs[0]
        if t.dep_ == "acl":  # "a statement issued by the army"
            for a in t.children:
                if a.dep_ == "agent":
                    objs = [o for o in a.children if o.dep_ == "pobj"]
                    if objs:
                        return objs[0]
    return None


def _np_chars(token: Any, roles: frozenset[str]) -> tuple[int, int]:
    """Character span of a noun phrase: the head with its left modifiers.

    Appositions, relative clauses and brackets are left out ("The Balochistan
    Liberation Army (BLA), a prominent rebel group," -> "The Balochistan Liberation
    Army"); a role noun keeps its "of" / "for" phrase ("a spokesman for the army").
    """
    left = token.i
    for t in token.lefts:
        if t.dep_ in ("compound", "det", "poss", "amod", "nmod", "case", "nummod", "quantmod"):
            left = min(left, t.left_edge.i)
    doc = token.doc
    end = token.idx + len(token.text)
    for t in token.rights:
        if t.dep_ == "case":
            end = max(end, t.idx + len(t.text))
        elif t.dep_ == "prep" and t.lower_ in ("of", "for") and token.lower_ in roles:
            objs = [o for o in t.children if o.dep_ == "pobj"]
            if objs:  # the organisation itself, without its appositions or clauses
                end = max(end, _np_chars(objs[0], frozenset())[1])
        elif t.dep_ == "prep" and t.lower_ in ("in", "from") and token.lower_ in roles:
            # "an official in Washington": the place says whose official
            objs = [o for o in t.children if o.dep_ == "pobj" and o.tag_ == "NNP"
                    and country_of(o.text) is not None]
            if objs:
                end = max(end, objs[0].idx + len(objs[0].text))
    return doc[left].idx, end


# ", which has waged a decades-long insurgency": a cue in a relative clause describes
# whom the sentence names, it does not make the news of the sentence history
_RELATIVE = re.compile(r",\s*(?:which|who|whose)\b[^,;:()\u2014]*$", re.I)


def _background_sentences(ctx: Context, v: _Vocab) -> set[int]:
    """Indexes of background sentences (see the module docstring for the rule)."""
    marked: set[int] = set()
    for s in ctx.sentences:
        if any(not _RELATIVE.search(s.text, 0, m.start()) for m in v.background.finditer(s.text)):
            marked.add(s.index)
        elif ctx.published is not None:
            for m in _YEAR.finditer(s.text):
                before = s.text[max(0, m.start() - 9) : m.start()].lower().split()
                if before[-1:] == ["since"]:
                    continue  # "the deadliest since 2009" is about now
                if "born" in before[-2:]:
                    continue  # "a member, born in 1964, was killed": an age, not history
                if int(m.group()) <= ctx.published.year - v.years_before:
                    marked.add(s.index)
    with_figures = set()
    for f in ctx.figures:
        s = ctx.sentence_at(f.evidence.start)
        if s is not None and not f.negated:
            with_figures.add(s.paragraph)
    paragraphs = {s.paragraph for s in ctx.sentences if s.index in marked}
    for s in ctx.sentences:
        if s.paragraph in paragraphs and s.paragraph not in with_figures:
            marked.add(s.index)
    return marked


def _find_cues(sentence: Sentence, doc: Any, v: _Vocab) -> list[_Cue]:
    """The reporting cues of a parsed sentence, in text order."""
    lower = [t.lower_ for t in doc]
    used: set[int] = set()
    cues: list[_Cue] = []
    starts = v.multi_starts
    for i, tok in enumerate(doc):
        if i in used:
            continue
        if lower[i] not in starts:  # most words start no cue: skip the phrase scans
            hit = v.verbs.get(lower[i])
            if hit and tok.tag_.startswith("VB"):
                cues.append(_Cue(hit[0], hit[1], tok, (i, i + 1)))
            continue
        for phrase, ctype, stance in v.phrases:
            if tuple(lower[i : i + len(phrase)]) == phrase and tok.tag_.startswith(("VB", "MD")):
                cues.append(_Cue(ctype, stance, tok, (i, i + len(phrase))))
                used.update(range(i, i + len(phrase)))
                break
        else:
            for phrase, ctype, stance in v.adverbs:
                if tuple(lower[i : i + len(phrase)]) == phrase:
                    cues.append(_Cue(ctype, stance, tok, (i, i + len(phrase))))
                    used.update(range(i, i + len(phrase)))
                    break
            else:
                hit = v.verbs.get(lower[i])
                if hit and tok.tag_.startswith("VB"):
                    cues.append(_Cue(hit[0], hit[1], tok, (i, i + 1)))
    for tok in doc:
        if (tok.lower_ in v.holding and tok.tag_.startswith("VB")
                and any(t.lower_ in v.held_as for t in doc[tok.i + 1 : tok.i + 12])
                and _child(tok, ("dobj",)) is not None
                and not any(c.token.i == tok.i for c in cues)):
            # "held the coalition responsible for the strike": an accusation
            cues.append(_Cue("accusation", "alleges", tok, (tok.i, tok.i + 1)))
        if (tok.lower_ in v.toll_verbs and tok.tag_.startswith("VB")
                and (obj := _child(tok, ("dobj", "nsubjpass"))) is not None
                and obj.lower_ in v.toll_nouns and not any(c.token.i == tok.i for c in cues)):
            # "he gave a death toll of 83", "sources gave a provisional toll": a count given
            cues.append(_Cue("statement", "estimates", tok, (tok.i, tok.i + 1)))
        if ((tok.lower_ in v.insinuating or tok.lower_ in v.crime_verbs) and tok.tag_.startswith("VB")
                and not any(c.token.i == tok.i for c in cues)
                and (nation := _called_crime_of(tok, v)) is not None):
            # "called the hit a Russian war crime": an accusation of that nation
            cues.append(_Cue("accusation", "alleges", tok, (tok.i, tok.i + 1), accused=nation))
            continue
        if tok.lower_ in v.insinuating and tok.tag_.startswith("VB") and _insinuates(tok, v):
            cue = next((c for c in cues if c.token.i == tok.i), None)
            if cue is None:
                cues.append(_Cue("denial", "denies", tok, (tok.i, tok.i + 1)))
            else:
                cue.ctype, cue.stance = "denial", "denies"
    for cue in cues:
        q = _quoting_verb(cue.token)
        if q is not None:  # "was quoted as saying": the quote hangs on "quoted"
            cue.token = q
    cues.sort(key=lambda c: c.tokens[0])
    return cues


def _says_false(verb: Any, v: _Vocab) -> bool:
    """ "said it was fake news", "said the reports were baseless", "said false claims
    such as this ...": a statement that an earlier claim (a claim or figure noun, or
    "it" / "this") is false denies it. "It was wrong to ..." names no claim."""
    for c in verb.children:
        if c.dep_ == "ccomp" and c.lower_ in _COPULAS and not _negated(c):
            subj = _child(c, ("nsubj",))
            comp = _child(c, ("attr", "acomp"))
            if (subj is None or comp is None or subj.lower_ not in v.disputed
                    or _child(c, ("xcomp", "ccomp")) is not None
                    or _child(comp, ("xcomp", "ccomp")) is not None):
                continue
            words = [comp, *(t for t in comp.children if t.dep_ in ("amod", "compound"))]
            if any(t.lower_.strip("\"'\u201c\u201d") in v.falsity for t in words):
                return True
        if c.dep_ in ("dobj", "ccomp"):
            for t in c.subtree:
                if (t.lower_ in v.disputed and t.tag_ in _NOUN_TAGS
                        and any(a.dep_ == "amod" and a.lower_ in v.falsity for a in t.children)):
                    return True
    return False


_COPULAS = frozenset({"is", "are", "was", "were", "be", "been", "being"})


def _says_combatants(verb: Any, v: _Vocab) -> str | None:
    """ "said they were supporters of militant groups", "said the dead men were
    militants": who a statement calls fighters (the subject's words), else None."""
    subjects, members, groups = v.labelled
    for c in verb.children:
        if c.dep_ != "ccomp" or c.lower_ not in _COPULAS or _negated(c):
            continue
        subj, comp = _child(c, ("nsubj",)), _child(c, ("attr",))
        if subj is None or comp is None or subj.lower_ not in subjects:
            continue
        if comp.lower_ in v.combatants and comp.tag_ in _NOUN_TAGS:
            return subj.text
        of = next((t for t in comp.children if t.dep_ == "prep" and t.lower_ == "of"), None)
        pobj = _child(of, ("pobj",)) if of is not None else None
        if (comp.lower_ in members and pobj is not None
                and any(t.lower_ in groups for t in pobj.lefts)):
            return subj.text
    return None


def _says_not_combatants(verb: Any, v: _Vocab) -> bool:
    """ "said his son was not a militant", "said the pair were civilians, not fighters",
    "said they were innocent": a statement that people were no fighters denies whoever
    counted them as such (``not_combatants`` in reporting.yaml)."""
    for c in verb.children:
        if c.dep_ != "ccomp" or c.lower_ not in _COPULAS:
            continue
        comp = _child(c, ("attr", "acomp"))
        if comp is None or _child(c, ("xcomp", "ccomp")) is not None:
            continue
        word = comp.lower_.strip("\"'\u201c\u201d")
        if _negated(c):
            if word in v.combatants:
                return True
            continue
        if word in v.innocence:
            return True
        if any(a.dep_ in ("appos", "conj") and a.lower_ in v.combatants
               and any(n.dep_ == "neg" for n in [*a.children, *comp.children]) for a in comp.children):
            return True  # "civilians, not fighters"
    return False


def _says_undone(verb: Any, v: _Vocab) -> bool:
    """ "said the attacks had been repelled", "said there was no case of abduction": what
    a speaker says of an attack undoes what its doer claimed (``undone`` in
    reporting.yaml: the verbs of a foiled attack, the acts said not to have happened)."""
    for c in verb.children:
        if c.dep_ not in ("ccomp", "conj"):
            continue
        for t in c.subtree:
            if t.lower_ in v.undone_verbs and t.tag_.startswith("VB") and not _negated(t):
                return True
            if t.lower_ in v.undone_acts and t.tag_ in _NOUN_TAGS:
                # "there was no abduction", "there was no case of abduction"
                heads = [t] + ([t.head.head] if t.head.dep_ == "prep" and t.head.lower_ == "of"
                               else [])
                if any(a.dep_ == "det" and a.lower_ == "no" for h in heads for a in h.children):
                    return True
    return False


def _claimed_by_other(ctx: Context, speaker: Claimant | None) -> bool:
    """Whether someone other than ``speaker`` has claimed or alleged an act so far."""
    return any(c.type in ("responsibility", "accusation", "allegation") and c.polarity == "positive"
               and c.speaker is not None and (speaker is None or c.speaker.name != speaker.name)
               for c in ctx.claims)


def _called_crime_of(verb: Any, v: _Vocab) -> str | None:
    """The nation an act is named a crime of: "called the hit a Russian war crime",
    "condemned the shelling as an Israeli massacre" give "Russian", "Israeli" (a
    capitalised nation or nationality in the complement); None otherwise."""
    objs = [c for c in verb.children if c.dep_ in ("dobj", "oprd", "attr", "ccomp")]
    as_ = next((c for c in verb.children if c.dep_ == "prep" and c.lower_ == "as"), None)
    if as_ is not None:
        objs += [c for c in as_.children if c.dep_ == "pobj"]
    comps = objs[1:] if as_ is None else objs
    if objs and objs[0].dep_ == "dobj":
        # "called the strike that killed 20 people a war crime": the parser hangs the
        # complement on the relative clause of the object
        for r in objs[0].children:
            if r.dep_ == "relcl":
                comps += [c for c in r.children if c.dep_ == "dobj"][1:]
                comps += [o for c in r.children if c.dep_ == "prep" and c.lower_ == "as"
                          for o in c.children if o.dep_ == "pobj"]
    if not comps:
        return None  # "called a war crime trial": nothing is named a crime
    for comp in comps:
        words = comp.doc[comp.left_edge.i : comp.right_edge.i + 1]
        if not v.crimes.search(words.text) or _negated(verb):
            continue
        nation = next((t for t in words if t.ent_type_ in ("NORP", "GPE")
                       and t.text[:1].isupper() and t.i != objs[0].i), None)
        if nation is not None:
            return nation.text
    return None


def _insinuates(verb: Any, v: _Vocab) -> bool:
    """ "called the claim a lie", "dismissed the figures as propaganda": the verb's object
    is an earlier claim, and what it is called (a complement, or "as ...") is false."""
    obj = next((c for c in verb.children if c.dep_ in ("dobj", "nsubjpass")), None)
    if obj is None or obj.lower_ not in v.disputed:
        return False
    after = verb.doc[obj.i + 1 : min(len(verb.doc), obj.i + 8)]
    words = [t.lower_.strip("\"'\u201c\u201d") for t in after]
    return any(w in v.falsity for w in words)


def _according_to(sentence: Sentence, doc: Any, v: _Vocab) -> Any:
    lower = [t.lower_ for t in doc]
    for phrase in v.according:
        for i in range(len(lower) - len(phrase) + 1):
            if tuple(lower[i : i + len(phrase)]) == phrase:
                last = doc[i + len(phrase) - 1]
                objs = [t for t in last.children if t.dep_ == "pobj"] or [
                    t for t in doc[i + len(phrase) :] if t.tag_ in _NOUN_TAGS
                ][:1]
                if objs:
                    return objs[0]
    return None


def _governs(cue: _Cue, token: Any) -> bool:
    """True when ``token`` lies in the clause the cue's verb governs."""
    t = token
    for _ in range(40):
        if t.i == cue.token.i:
            return True
        if t.head is t:
            return False
        t = t.head
    return False


def _said_after(cue: _Cue, token: Any) -> bool:
    """ "CLAUSE, police said, ...": the statement verb parsed as a side clause of the
    clause it reports (parataxis, with no clause of its own) gives that clause."""
    verb = cue.token
    if verb.dep_ != "parataxis" or _child(verb, ("ccomp", "xcomp")) is not None:
        return False
    inside = _Cue("", "", verb.head, (verb.head.i, verb.head.i + 1))
    return _governs(inside, token) and not _governs(cue, token)


def _figure_token(doc: Any, sentence: Sentence, figure: Figure) -> Any:
    span = doc.char_span(
        figure.evidence.start - sentence.start,
        figure.evidence.end - sentence.start,
        alignment_mode="expand",
    )
    return span.root if span is not None else None


@recogniser("attribution",
            requires=("article", "published", "sentences", "sentence.doc", "sentence.parse",
                      "places", "figures"),
            assigns=("claims", "figure.claimant", "figure.background", "sentence.parse"))
def recognise(ctx: Context) -> None:
    """Give each figure its claimant and stance, and append the claims of the article.

    Statement claims ("X said ...") are read from the sentences parsed anyway: those
    with a figure or another cue, "said" sentences just before a figure, and those in
    a paragraph with an accusation, denial, responsibility or other strong cue.
    """
    reader = _Reader(ctx)
    v = reader.v
    by_sentence: dict[int, list[int]] = {}
    for index, f in enumerate(ctx.figures):
        s = ctx.sentence_at(f.evidence.start)
        if s is not None:
            by_sentence.setdefault(s.index, []).append(index)
    wanted = _wanted(ctx.sentences, set(by_sentence), {s.index for s in ctx.candidates()}, v)
    for index, fis in by_sentence.items():
        marked = background_figures.mark(ctx.sentences[index], [ctx.figures[i] for i in fis],
                                         ctx.published)
        reader.marked.update(fis[m] for m in marked)
    for sentence in ctx.sentences:
        fig_indexes = by_sentence.get(sentence.index, [])
        background = sentence.index in reader.background
        if sentence.doc is None or sentence.index not in wanted:
            for i in fig_indexes:  # no parse: the outlet's voice
                _attach(ctx, reader.figure_cues, i, outlet_claimant(ctx), "reports", None, background, sentence, reader.marked)
            continue
        doc = nlp.ensure_parsed(sentence.doc)
        sentence.doc, sentence.parsed = doc, True
        _read_sentence(reader, sentence, doc, fig_indexes, background)
    _quoted_speakers(ctx, reader, by_sentence)
    _quoted_own_acts(ctx, reader)
    _own_losses(ctx)
    _claimed_kills(ctx)


def _own_losses(ctx: Context) -> None:
    """A party that counts its own dead or wounded ("the group said nine of its members
    were killed") confirms its losses: one confirmation claim per sentence and party."""
    seen: set[tuple[int, str]] = set()
    for f in ctx.figures:
        claimant = f.claimant
        if claimant is None or claimant.kind == "outlet" or f.negated or f.background:
            continue
        if not _OWN.match(ctx.text[f.evidence.end : f.evidence.end + 40]):
            continue
        sentence = ctx.sentence_at(f.evidence.start)
        if sentence is None or (sentence.index, claimant.name) in seen:
            continue
        seen.add((sentence.index, claimant.name))
        ctx.claims.append(Claim(
            type="confirmation", speaker=claimant, target=f.victims, text=sentence.text,
            evidence=ctx.sentence_evidence(sentence),
        ))


def _claimed_kills(ctx: Context) -> None:
    """An armed group that counts the other side's dead or captured ("the rebels said
    nine soldiers were killed", "the group announced it had seized two soldiers")
    claims the attack: one responsibility claim per group that has made none in the
    article (``kill_claims`` in reporting.yaml: which groups, which victims)."""
    rule = vocab().kill_claims
    claimed = {c.speaker.name for c in ctx.claims
               if c.type == "responsibility" and c.speaker is not None
               and c.polarity == "positive" and not c.background}
    for f in ctx.figures:
        claimant = f.claimant
        if (claimant is None or claimant.inter not in rule.inters or f.negated or f.background
                or f.kind not in rule.kinds or f.victims not in rule.victims
                or claimant.name in claimed):
            continue
        sentence = ctx.sentence_at(f.evidence.start)
        if sentence is None:
            continue
        claimed.add(claimant.name)
        ctx.claims.append(Claim(
            type="responsibility", speaker=claimant, target=f.victims, text=sentence.text,
            cue=f.text, evidence=ctx.sentence_evidence(sentence),
        ))


_QUOTE_MARK = re.compile("[\u201c\u201d\"]")


def quote_blocks(sentences: list[Sentence]) -> list[list[int]]:
    """Runs of sentences inside one quotation that spans several sentences, as sentence
    indexes from the one that opens it to the one that closes it (or from the sentence
    ending in a colon that introduces it). A quotation left open ends with its
    paragraph: an unbalanced mark never carries a speaker further."""
    blocks: list[list[int]] = []
    current: list[int] | None = None
    inside, paragraph, depth = False, None, 0
    prev: Sentence | None = None
    for s in sentences:
        introduced = prev is not None and prev.text.rstrip().endswith(":")
        prev = s
        if s.paragraph != paragraph:
            if current:
                blocks.append(current)
            current, inside, paragraph = None, False, s.paragraph
        was = inside
        # curly marks nest: scraped copy often quotes a word inside a quotation with
        # the same marks ('"... 12 were also "neutralized" and ..." he said')
        depth = max(depth, 1) if inside else 0
        for ch in _QUOTE_MARK.findall(s.text):  # only the marks: a scan per character was slow
            if ch == "\u201c":
                depth += 1
            elif ch == "\u201d":
                depth = max(0, depth - 1)
            elif ch == '"':
                depth = 0 if depth else 1
        inside = depth > 0
        if was:
            assert current is not None
            current.append(s.index)
            if not inside:
                blocks.append(current)
                current = None
        elif inside:
            current = [s.index]
        if introduced and s.text[:1] in ('"', "\u201c"):
            # 'the spokesman said:' then the quotation, in its own sentence or paragraph
            if current is not None and current[0] == s.index:
                current.insert(0, s.index - 1)
            elif current is None:
                blocks.append([s.index - 1, s.index])
    if current:
        blocks.append(current)
    return [b for b in blocks if len(b) > 1]


_QUOTE_MARKS = frozenset('"\u201c\u201d')


def _whole_quote(text: str) -> bool:
    """Whether a sentence is one quotation and nothing else ('"The toll is four."')."""
    t = text.strip()
    return (len(t) > 2 and t[0] in ('"', "\u201c") and t[-1] in ('"', "\u201d")
            and sum(ch in _QUOTE_MARKS for ch in t) == 2)


def _quoted_speakers(ctx: Context, reader: _Reader, by_sentence: dict[int, list[int]]) -> None:
    """A figure in a quotation carried over several sentences is the quoted speaker's:
    the one named where the quotation closes ('..., the spokesman said'), else where it
    opens ('The spokesman said: "...')."""
    blocks = quote_blocks(ctx.sentences)
    # a quotation standing alone as its own sentence or paragraph, with nobody named,
    # right after a quoted speaker ('"...," a source said. "The toll is four."') goes on
    # quoting that speaker
    inside = {i for b in blocks for i in b}
    for s in ctx.sentences[1:]:
        prev = ctx.sentences[s.index - 1]
        speaker = reader.speakers.get(prev.index)
        # (whoever a sentence that is all quotation names is named inside the quote)
        if (speaker is None or s.index in inside
                or not _whole_quote(s.text) or not _QUOTE_MARKS.intersection(prev.text)
                or s.paragraph - prev.paragraph > 1):
            continue
        reader.speakers[s.index] = speaker
        blocks.append([s.index])
    for block in blocks:
        speaker = reader.speakers.get(block[-1]) or reader.speakers.get(block[0])
        if speaker is None:
            continue
        for index in block:
            for fi in by_sentence.get(index, []):
                figure = ctx.figures[fi]
                if figure.claimant is None or figure.claimant.kind != "outlet":
                    continue
                figure.claimant, figure.stance = speaker, "asserts"
                for claim in ctx.claims:
                    if claim.figure_index == fi:
                        claim.speaker = speaker


def _quoted(text: str, offset: int) -> bool:
    """Whether ``offset`` of ``text`` lies inside a quotation (an opening mark before it
    left open, or a closing one after it with no opening one before)."""
    before = text[:offset]
    opened = before.count("\u201c") > before.count("\u201d") or before.count('"') % 2 == 1
    if opened:
        return True
    after = text[offset:]
    closes = "\u201d" in after or after.count('"') % 2 == 1
    return closes and "\u201c" not in before and '"' not in before


def _quoted_own_acts(ctx: Context, reader: _Reader) -> None:
    """A quoted speaker saying what "we" did ("We took the base", "We attacked that
    place") claims the act: one responsibility claim per sentence, by the speaker named
    in the sentence, where its quotation opens or closes, or in the sentence before."""
    if not reader.own_quotes:
        return
    block_of = {i: b for b in quote_blocks(ctx.sentences) for i in b}
    for sentence, act, background in reader.own_quotes:
        i = sentence.index
        block = block_of.get(i, [i])
        speaker = (reader.speakers.get(i) or reader.speakers.get(block[-1])
                   or reader.speakers.get(block[0]) or reader.speakers.get(block[0] - 1))
        if speaker is None or speaker.kind == "outlet":
            continue
        if any(c.type == "responsibility" and c.speaker is not None
               and c.speaker.name == speaker.name
               and ctx.sentence_at(c.evidence.start) in [ctx.sentences[j] for j in block]
               for c in ctx.claims):
            continue
        obj = _child(act, ("dobj",))
        target = None
        if obj is not None:
            s, e = _np_chars(obj, reader.v.roles)
            target = sentence.text[s:e]
        ctx.claims.append(Claim(
            type="responsibility", speaker=speaker, target=target, text=sentence.text,
            cue=act.text, background=background, evidence=ctx.sentence_evidence(sentence),
        ))


# how many sentences either side of a strong cue belong to its exchange
_EXCHANGE = 2


def _wanted(
    sentences: list[Sentence], with_figures: set[int], with_doc: set[int], v: _Vocab
) -> set[int]:
    """Indexes of the sentences whose claims are read from a parse: those with a
    figure or a strong cue, and plain "said" sentences near a figure or a strong cue."""
    # A plain "said" sentence is parsed only when a figure follows within two sentences
    # of its paragraph (it may name the speaker a pronoun stands for) or its paragraph
    # has a stronger cue: parsing every quote of a long article would make reading slow.
    near_figures = set()
    for s in sentences:
        if s.index in with_figures:
            near_figures.update(_around(sentences, s, before=2, after=0))
    # ... and next to an accusation, a denial, a claim of responsibility...: the
    # statements around those are part of the exchange. "Next to" is within two
    # sentences of the same paragraph: scraped text often loses its paragraph breaks,
    # and a whole article read as one paragraph would have every quote parsed.
    lexical = {s.index for s in sentences if _has_strong_cue(s, v)}
    for s in sentences:
        if s.index in with_doc and s.index in lexical:
            near_figures.update(_around(sentences, s, before=_EXCHANGE, after=_EXCHANGE))
            if s.index > 0 and s.text[:1] in ('"', "\u201c"):
                near_figures.add(s.index - 1)  # a quotation's speaker, a paragraph before
    # a quotation carried over several sentences is the speaker's where it opens or closes
    for block in quote_blocks(sentences):
        if with_figures.intersection(block):
            near_figures.update((block[0], block[-1]))
    wanted = with_figures | lexical | {
        s.index for s in sentences if s.index in near_figures and v.statement.search(s.text)
    }
    # "..., he said": the speaker a pronoun stands for is named in the last statement
    # before it, in this paragraph or an earlier one (up to three sentences back)
    for i in sorted(wanted):
        if _PRONOUN_SAID.search(sentences[i].text):
            for j in range(i - 1, max(-1, i - 4), -1):
                if v.statement.search(sentences[j].text):
                    wanted.add(j)
                    break
    return wanted


_PRONOUN_SAID = re.compile(r"\b(?:he|she|they)\s+(?:also\s+)?(?:said|says|added|told|stated)\b", re.I)


def _around(sentences: list[Sentence], s: Sentence, before: int, after: int) -> list[int]:
    """Indexes of ``s`` and the sentences up to ``before`` ahead of it and ``after`` past
    it, in its paragraph."""
    return [t.index for t in sentences[max(0, s.index - before) : s.index + after + 1]
            if t.paragraph == s.paragraph]


def _has_strong_cue(sentence: Sentence, v: _Vocab) -> bool:
    """Whether ``sentence`` has a cue stronger than "said" (scanned once per sentence:
    the parse plan asks before spaCy runs, the recogniser again after)."""
    memo = sentence.memo
    if memo.attribution is None:
        memo.attribution = (v.lexical.search(sentence.text) is not None
                            or v.own_act.search(sentence.text) is not None
                            or v.named_act.search(sentence.text) is not None
                            or v.we_act.search(sentence.text) is not None
                            or v.anaphor_said.search(sentence.text) is not None
                            or v.doers_named.search(sentence.text) is not None)
    return memo.attribution


def parse_plan(sentences: list[Sentence], with_figures: set[int], with_doc: set[int]) -> set[int]:
    """The sentences :func:`recognise` will parse, known before spaCy runs, so that a
    batch can parse just those (given the sentences that may hold a figure: a superset
    of those that will, and those that will have a Doc)."""
    return _wanted(sentences, with_figures, with_doc, vocab()) & with_doc


def _read_sentence(
    reader: _Reader, sentence: Sentence, doc: Any, fig_indexes: list[int], background: bool
) -> None:
    ctx, v = reader.ctx, reader.v
    cues = _find_cues(sentence, doc, v)
    for cue in cues:
        if cue.ctype == "allegation" and cue.token.tag_ in _ADVERB_TAGS:
            continue  # an adverb has no subject; given below
        cue.speaker = reader.speaker_of(sentence, cue.token)
    # a statement of who did it is a claim; of the speaker's own act, only when its
    # clause holds no figure (then the figure's claim is the statement)
    fig_tokens = [t for fi in fig_indexes
                  if (t := _figure_token(doc, sentence, ctx.figures[fi])) is not None]
    for cue in cues:
        if cue.ctype == "statement" and cue.speaker is not None and cue.speaker.kind != "outlet":
            _typed_by_act(reader, sentence, cue, fig_tokens)
    for tok in doc:
        if (tok.lower_ == "we" and tok.dep_ == "nsubj" and tok.head.lower_ in v.acts
                and tok.head.tag_.startswith("VB") and not _negated(tok.head)
                and _quoted(sentence.text, tok.idx)):
            reader.own_quotes.append((sentence, tok.head, background))
            break
    acc = _according_to(sentence, doc, v)
    according = reader.np_claimant(sentence, acc) if acc is not None else None
    if according is not None and according.kind != "outlet" and not cues:
        act_cue = _according_act(reader, sentence, acc, according, fig_tokens)
        if act_cue is not None:
            cues.append(act_cue)
    speaker = next((c.speaker for c in cues if c.speaker is not None), according)
    if speaker is not None and speaker.kind != "outlet":
        reader.speakers[sentence.index] = speaker
    # figures: the nearest governing cue, else "according to", else the outlet
    covered: set[int] = set()
    figure_claims: list[tuple[int, int]] = []  # (token index, figure index)
    for fi in fig_indexes:
        figure = ctx.figures[fi]
        tok = _figure_token(doc, sentence, figure)
        owner = None
        if tok is not None:
            # a figure inside "claimed responsibility for the attack that killed 5" or
            # "praised the troops who killed 5" is not the speaker's count
            governing = [
                c for c in cues
                if c.speaker is not None
                and (c.ctype not in ("responsibility", "commendation") or c.act is not None)
                and _governs(c, tok)
            ]
            if governing:
                owner = min(governing, key=lambda c: _distance(c.token, tok))
            else:  # "Troops killed three rebels in the raid, police said, ...": said after
                owner = next((c for c in cues if c.speaker is not None
                              and c.ctype not in ("responsibility", "commendation")
                              and _said_after(c, tok)), None)
        if owner is not None and owner.speaker.kind == "outlet" and according is not None:
            owner = None  # "according to the police, the initial report said ...": the police
        if owner is not None:
            covered.add(id(owner))
            _attach(ctx, reader.figure_cues, fi, owner.speaker, owner.stance, owner, background, sentence, reader.marked)
        elif according is not None:
            _attach(ctx, reader.figure_cues, fi, according, "asserts", None, background, sentence, reader.marked)
        else:
            _attach(ctx, reader.figure_cues, fi, outlet_claimant(ctx), "reports", None, background, sentence, reader.marked)
        figure_claims.append((tok.i if tok is not None else 0, fi))
    # claims in text order: figures at their count, cues at their verb
    items: list[tuple[int, str, Any]] = [(i, "figure", fi) for i, fi in figure_claims]
    seen_types: set[tuple[str, str | None]] = set()
    # "X claimed responsibility ... and said ...": one claim, the typed one, per speaker
    typed_speakers = {
        c.speaker.name for c in cues if c.speaker is not None and c.ctype != "statement"
    }
    for cue in cues:
        if cue.ctype == "statement" and cue.speaker is not None and cue.speaker.name in typed_speakers:
            continue
        if id(cue) in covered and cue.ctype in ("statement", "allegation"):
            continue
        if cue.ctype == "allegation" and cue.token.tag_ in _ADVERB_TAGS:
            other = next((c for c in cues if c.ctype == "allegation" and c is not cue), None)
            if other is not None:
                continue  # "raised concerns about ... allegedly involving": one allegation
            # "X are allegedly members of Y, the police official said": the official's
            cue.speaker = according or next(
                (c.speaker for c in cues if c.ctype == "statement" and c.speaker is not None
                 and c.speaker.kind != "outlet"), None) or outlet_claimant(ctx)
        if cue.speaker is None:
            if according is None:
                continue  # "militants blamed for the attacks": nobody is speaking
            cue.speaker = according
        key = (cue.ctype, cue.speaker.name)
        if cue.ctype == "statement" and key in seen_types:
            continue
        seen_types.add(key)
        items.append((cue.token.i, "cue", cue))
    items.sort(key=lambda x: x[0])
    for _, what, obj in items:
        if what == "figure":
            _figure_claim(ctx, reader.figure_cues, obj, sentence, background)
        else:
            _cue_claim(reader, sentence, doc, obj, background)


def _typed_by_act(reader: _Reader, sentence: Sentence, cue: _Cue, fig_tokens: list[Any]) -> None:
    """A statement that says who did it: "the army said it struck the camp" claims
    responsibility; "police said Maoist rebels ambushed the patrol" accuses the rebels.
    The act is the verb of the statement's clause; the doer its subject (or the agent
    of a passive one)."""
    v = reader.v
    if _says_false(cue.token, v) or _says_not_combatants(cue.token, v) or (_says_undone(cue.token, v)
                                     and _claimed_by_other(reader.ctx, cue.speaker)):
        cue.ctype, cue.stance = "denial", "denies"
        return
    labelled = _says_combatants(cue.token, v)
    if labelled is not None and cue.ctype == "statement":
        # "adding they were supporters of militant groups": the speaker accuses them
        cue.ctype, cue.stance, cue.accused = "accusation", "alleges", labelled
        return
    if cue.stance == "claims":  # "claimed control of the base", "an attack claimed by X"
        verb = cue.token
        claimed = _child(verb, ("dobj", "nsubjpass"))
        if claimed is None and verb.dep_ == "acl":
            claimed = verb.head
        if claimed is None:  # "claimed on Monday control of the base": a date in between
            claimed = next((t for t in verb.doc[verb.i + 1 : verb.i + 6]
                            if t.lower_ in v.claimed_objects and t.tag_ in _NOUN_TAGS
                            and t.head.head.i == verb.i and t.head.dep_ == "prep"), None)
        if claimed is not None and claimed.lower_ in v.claimed_objects and not _negated(verb):
            cue.ctype, cue.act = "responsibility", verb
            return
    act = next((c for c in cue.token.children if c.dep_ in ("ccomp", "xcomp")
                and c.lower_ in v.acts and c.tag_.startswith("VB")), None)
    if act is None:
        _named_doers(reader, sentence, cue)
        if cue.ctype == "statement":
            _deeper_doers(reader, sentence, cue)
        return
    if _negated(act):
        return
    doer = _child(act, ("nsubj",))
    agent = _child(act, ("agent",))
    if agent is not None:
        doer = _child(agent, ("pobj",))
    if doer is None:
        if act.dep_ == "xcomp" and not _child(act, ("nsubjpass", "auxpass")):
            # "the army claimed to have destroyed ...": the speaker's own act
            cue.ctype, cue.stance, cue.act = "responsibility", "claims", act
        else:  # "soldiers were killed in an ambush by X, the army said"
            _deeper_doers(reader, sentence, cue)
        return
    owner = _child(doer, ("poss",))
    if doer.lower_ in v.own_doers or (
        owner is not None and owner.lower_ in ("its", "our", "their")
        and doer.lower_ in v.own_nouns
    ):
        if any(_governs(_Cue("", "", act, (act.i, act.i + 1)), t) for t in fig_tokens):
            return  # "says it has killed 92 militants": the figure's claim is the statement
        cue.ctype, cue.stance = "responsibility", "claims"
        cue.act = act
        return
    speaker = cue.speaker
    # "officials said militants attacked posts": nobody named, no accusation
    found = _doer_entry(reader, sentence, doer) if speaker is not None else None
    if found is None:
        return
    words, entry = found
    if entry.name == speaker.name:
        # "JNIM captured the camp, the group announced": the speaker's own act
        cue.ctype, cue.stance, cue.act = "responsibility", "claims", act
        return
    cue.ctype, cue.stance = "accusation", "alleges"
    cue.accused = words


def _according_act(reader: _Reader, sentence: Sentence, acc: Any, according: Claimant,
                   fig_tokens: list[Any]) -> _Cue | None:
    """ "X struck the camp, according to Y": what Y is said to say of an act. The act is
    the verb "according to" hangs on (``acts``); its doer an armed party of the actor
    dictionary (see :func:`_doer_entry`). Y's own act is a claim of responsibility
    (unless the act's clause holds the figure: then the figure is the claim), another
    party's an accusation."""
    v = reader.v
    act = acc
    for _ in range(4):  # according -> to -> official: up to the verb
        if act.tag_.startswith("VB") and act.lower_ in v.acts:
            break
        if act.head is act:
            return None
        act = act.head
    else:
        return None
    if not (act.tag_.startswith("VB") and act.lower_ in v.acts) or _negated(act):
        return None
    agent = _child(act, ("agent",))
    doer = _child(agent, ("pobj",)) if agent is not None else _child(act, ("nsubj",))
    if doer is None or doer.lower_ in v.own_doers:
        return None
    found = _doer_entry(reader, sentence, doer)
    if found is None:
        return None
    words, entry = found
    cue = _Cue("accusation", "alleges", act, (act.i, act.i + 1), speaker=according)
    if entry.name == according.name:
        if any(_governs(_Cue("", "", act, (act.i, act.i + 1)), t) for t in fig_tokens):
            return None
        cue.ctype, cue.stance, cue.act = "responsibility", "claims", act
    else:
        cue.accused = words
    return cue


def _deeper_doers(reader: _Reader, sentence: Sentence, cue: _Cue) -> None:
    """A doer named deeper in what a speaker says: "... were killed in an attack by the
    ELN, the army said", "... deployed when Maoist rebels ambushed them, the police chief
    said". The first armed party of the actor dictionary named as the doer of an act
    (``acts``) or of an attack noun (``attack_nouns`` with "by") in the statement's
    clause is accused; the speaker itself claims the act. Words of another speaker
    inside the clause ("... X said") and the speaker's own noun phrase are not read."""
    v, verb, speaker = reader.v, cue.token, cue.speaker
    if speaker is None:
        return
    skip: set[int] = set()
    for c in verb.children:
        if c.dep_ in ("nsubj", "nsubjpass", "agent", "prep", "npadvmod"):
            skip.update(t.i for t in c.subtree)
    tokens = list(verb.subtree)
    if _child(verb, ("ccomp", "xcomp")) is None:
        # "CLAUSE, X told Reuters" parsed as two roots: the clause is the one before
        roots = [t for t in verb.doc[: verb.left_edge.i] if t.dep_ == "ROOT"]
        if roots:
            tokens = list(roots[-1].subtree) + tokens
    for tok in tokens:
        if tok.i in skip or tok.i == verb.i or _reported_by_other(tok, verb, v):
            continue
        doer = None
        if tok.lower_ in v.acts and tok.tag_.startswith("VB") and not _negated(tok):
            agent = _child(tok, ("agent",))
            doer = _child(agent, ("pobj",)) if agent is not None else _child(tok, ("nsubj",))
            if doer is not None and doer.lower_ in ("who", "which", "that") and tok.dep_ == "relcl":
                doer = tok.head
        elif tok.lower_ in v.attack_nouns and tok.tag_ in _NOUN_TAGS:
            by = next((t for t in tok.rights if t.dep_ == "prep" and t.lower_ == "by"), None)
            # "killed in a Ukrainian missile attack": the act named by its nation
            doer = _child(by, ("pobj",)) if by is not None else tok
        elif tok.lower_ in v.hallmarks and tok.tag_ in _NOUN_TAGS:
            doer = _hallmark_of(tok, v)
        if doer is None or doer.i in skip or doer.lower_ in v.own_doers:
            continue
        found = _doer_entry(reader, sentence, doer)
        if found is None:
            continue
        words, entry = found
        if entry.name == speaker.name:
            cue.ctype, cue.stance, cue.act = "responsibility", "claims", tok
        else:
            cue.ctype, cue.stance, cue.accused = "accusation", "alleges", words
        return


def _hallmark_of(tok: Any, v: _Vocab) -> Any:
    """Whose hallmarks an attack bears: "the hallmarks of an X attack" names X (the
    attack noun's modifier), "the signature of X" names X; None otherwise."""
    of = next((t for t in tok.rights if t.dep_ == "prep" and t.lower_ == "of"), None)
    pobj = _child(of, ("pobj",)) if of is not None else None
    if pobj is None or pobj.lower_ not in v.attack_nouns:
        return pobj
    return next((t for t in pobj.lefts if t.dep_ in ("compound", "nmod", "amod", "poss")
                 and t.tag_ in ("NNP", "NNPS")), None) or (
        pobj if any(t.ent_type_ == "NORP" for t in pobj.lefts) else None)


def _reported_by_other(tok: Any, verb: Any, v: _Vocab) -> bool:
    """Whether ``tok`` sits in the clause of another reporting verb below ``verb``."""
    t = tok.head
    for _ in range(40):
        if t.i == verb.i or t.head is t:
            return False
        if t.lower_ in v.verbs and t.tag_.startswith("VB"):
            return True
        t = t.head
    return False


def _doer_entry(reader: _Reader, sentence: Sentence, doer: Any) -> tuple[str, Any] | None:
    """(words, actor entry) of a doer that names an armed party (``accused_inters``);
    None for nobody named ("militants", "gunmen") or no party of the dictionary."""
    v = reader.v
    if doer.lower_ in v.attack_nouns or doer.lower_ in _HOSTILE:
        # "an Israeli airstrike killed two", "the Russian occupiers shelled": the forces
        # of the nation that names the act or the enemy
        nation = next((t for t in doer.children if t.dep_ in ("amod", "compound")
                       and t.ent_type_ in ("NORP", "GPE") and t.text[:1].isupper()
                       and "-" not in t.text), None)
        if nation is None:
            return None
        entry = canonical_actor(f"{nation.text} forces", reader.country)
        if entry is None or entry.inter not in v.accused_inters:
            return None
        return nation.text, entry
    if doer.lower_ in v.perpetrators and not any(
        t.tag_ in ("NNP", "NNPS") or t.ent_type_ in ("NORP", "ORG") for t in doer.subtree
    ):
        return None
    if doer.lower_ in v.own_nouns or doer.lower_ in v.perpetrators:
        # "fighters of the X", "two suicide bombers from the banned X": X
        of = next((t for t in doer.rights if t.dep_ == "prep" and t.lower_ in ("of", "from")),
                  None)
        pobj = _child(of, ("pobj",)) if of is not None else None
        if pobj is not None:
            doer = pobj
    start, end = _np_chars(doer, v.roles)
    words = re.sub(r"^(?:the|a|an)\s+", "", sentence.text[start:end], flags=re.I)
    entry = canonical_actor(words, reader.country)
    if entry is None:
        # "Jama'at Nusrat al-Islam wal Muslimeen (JNIM) captured ...": a name spelt in
        # a way the dictionary lacks, with the short name it knows in brackets
        short = next((t for t in doer.rights if t.dep_ == "appos" and t.text.isupper()), None)
        if short is not None:
            entry = canonical_actor(short.text, reader.country)
    if entry is None or entry.inter not in v.accused_inters:
        return None
    return words, entry


def _named_doers(reader: _Reader, sentence: Sentence, cue: _Cue) -> None:
    """ "police said the attackers were members of X": naming who the doers were
    accuses X (an armed party of the actor dictionary other than the speaker)."""
    v = reader.v
    cop = next((c for c in cue.token.children if c.dep_ == "ccomp"
                and c.lower_ in ("was", "were", "is", "are", "been", "be")), None)
    if cop is None or _negated(cop):
        return
    subj, attr = _child(cop, ("nsubj",)), _child(cop, ("attr",))
    if subj is None or attr is None or subj.lower_ not in v.perpetrators:
        return
    start = attr.left_edge.idx  # the whole phrase: "members of the banned X"
    end = attr.right_edge.idx + len(attr.right_edge.text)
    words = re.sub(r"^(?:the|a|an)\s+", "", sentence.text[start:end], flags=re.I)
    entry = canonical_actor(words, reader.country)
    if entry is None or entry.inter not in v.accused_inters or cue.speaker is None:
        return
    if entry.name != cue.speaker.name:
        cue.ctype, cue.stance, cue.accused = "accusation", "alleges", words


def _distance(a: Any, b: Any) -> int:
    n, t = 0, b
    while t.i != a.i and t.head is not t and n < 40:
        t, n = t.head, n + 1
    return n


def _attach(
    ctx: Context, cues: dict[int, str | None], fi: int, claimant: Claimant | None, stance: str, cue: _Cue | None,
    background: bool, sentence: Sentence, marked: frozenset[int] | set[int] = frozenset(),
) -> None:
    figure = ctx.figures[fi]
    cues[fi] = cue.token.text if cue is not None else None
    figure.claimant = claimant or outlet_claimant(ctx)
    figure.stance = stance  # type: ignore[assignment]
    figure.background = background or fi in marked
    own = _own_side(ctx, figure)
    if own is not None:
        figure.victims = own  # "nine of its members", "our fighters": the claimant's own
    if (
        figure.perpetrator
        and figure.perpetrator.lower() in vocab().pronouns
        and figure.claimant.kind != "outlet"
        and cue is not None
    ):
        # "the military says it has killed ...": "it" is the speaker
        figure.perpetrator = figure.claimant.name
    if sentence.doc is None:
        _figure_claim(ctx, cues, fi, sentence, background)


_OWN = re.compile(r"^\s*(?:of\s+)?(?:its|our|my)\s+(?:own\s+)?[^\W\d_]", re.I)


def _own_side(ctx: Context, figure: Figure) -> str | None:
    """The victim group of a count of the claimant's own people ("two of its fighters",
    "12 of our men"), from the claimant's inter code; None when it is not one."""
    claimant = figure.claimant
    if claimant is None or claimant.kind == "outlet" or claimant.inter is None:
        return None
    if figure.victims not in (None, "people"):
        return None  # "two of its soldiers" already says whose
    after = ctx.text[figure.evidence.end : figure.evidence.end + 40]
    if not _OWN.match(after):
        return None
    return vocab().own_sides.get(claimant.inter)


def _figure_claim(
    ctx: Context, cues: dict[int, str | None], fi: int, sentence: Sentence, background: bool
) -> None:
    figure = ctx.figures[fi]
    ctx.claims.append(
        Claim(
            type="casualty_figure",
            speaker=figure.claimant,
            target=figure.victims,
            text=sentence.text,
            cue=cues.get(fi),
            background=background or figure.background,
            figure_index=fi,
            evidence=ctx.sentence_evidence(sentence),
        )
    )


def _cue_claim(reader: _Reader, sentence: Sentence, doc: Any, cue: _Cue, background: bool) -> None:
    ctx = reader.ctx
    cue_text = doc[cue.tokens[0] : cue.tokens[1]].text
    target = None
    responds_to = None
    polarity = "positive"
    verb = cue.token
    if cue.accused is not None:
        target = cue.accused
    elif cue.act is not None:
        obj = _child(cue.act, ("dobj",))
        if obj is not None:
            s, e = _np_chars(obj, reader.v.roles)
            target = sentence.text[s:e]
    elif cue.ctype == "accusation":
        obj = _child(verb, ("dobj",))
        if obj is not None and obj.lower_ not in _NOT_TARGETS:
            s, e = _np_chars(obj, reader.v.roles)
            target = re.sub(r"^(?:the|a|an)\s+", "", sentence.text[s:e], flags=re.I)
    elif cue.ctype == "commendation":
        obj = _child(verb, ("dobj",))
        if obj is not None:
            owner = _child(obj, ("poss",)) or obj
            s, e = _np_chars(owner, reader.v.roles)
            words = re.sub(r"^(?:the|a|an)\s+", "", sentence.text[s:e], flags=re.I)
            words = re.sub(r"['\u2019]s$", "", words)
            entry = canonical_actor(words, reader.country)
            target = entry.name if entry is not None else words
            if target.lower() in _NOT_TARGETS:
                target = None
    elif cue.ctype == "responsibility":
        prep = next((t for t in doc[cue.tokens[0] : cue.tokens[1] + 2] if t.lower_ == "for"), None)
        objs = [t for t in prep.children if t.dep_ == "pobj"] if prep is not None else []
        if objs:
            s, e = _np_chars(objs[0], reader.v.roles)
            target = sentence.text[s:e]
    elif cue.ctype == "allegation":
        about = next((t for t in doc[cue.tokens[1] :] if t.lower_ in ("about", "over", "of", "that")), None)
        objs = [t for t in about.children if t.dep_ == "pobj"] if about is not None else []
        if objs:
            s, e = _np_chars(objs[0], reader.v.roles)
            target = sentence.text[s:e]
    elif cue.ctype == "denial":
        polarity = "negative"
        denied = _denied_thing(verb, doc, cue)
        if denied is not None:
            target = denied.text
        if denied is None or denied.lower_ in reader.v.claim_nouns:
            responds_to = _answered_claim(ctx, sentence, cue.speaker)
    speaker = cue.speaker
    if cue.ctype != "denial" and _negated(verb):
        polarity = "negative"  # "no group has claimed responsibility", "did not confirm"
        subj = _child(verb, ("nsubj",))
        if subj is not None and (any(c.lower_ in ("no", "none") for c in subj.children)
                                 or subj.lower_ in reader.v.nobody):
            speaker = None  # "no group" is nobody
    ctx.claims.append(
        Claim(
            type=cue.ctype,  # type: ignore[arg-type]
            speaker=speaker,
            target=target,
            polarity=polarity,  # type: ignore[arg-type]
            text=sentence.text,
            cue=cue_text,
            background=background,
            responds_to=responds_to,
            evidence=ctx.sentence_evidence(sentence),
        )
    )
    cue.claim_index = len(ctx.claims) - 1


def _negated(verb: Any) -> bool:
    """A cue said not to have happened: a "not" on the verb, a "no" subject or "nobody",
    or a claim still awaited ("has yet to claim")."""
    v = vocab()
    if any(c.dep_ == "neg" for c in verb.children):
        return True
    if verb.i >= 2 and verb.doc[verb.i - 1].lower_ == "to" and verb.doc[verb.i - 2].lower_ in v.not_yet:
        return True
    subj = _child(verb, ("nsubj",))
    if subj is None and verb.dep_ == "xcomp":  # "no group has come forward to claim"
        subj = _child(verb.head, ("nsubj",))
    if subj is None:
        return False
    if " ".join(t.lower_ for t in subj.subtree) in v.nobody:
        return True
    return any(c.dep_ == "det" and c.lower_ in ("no", "none") for c in subj.children)


def _child(token: Any, deps: tuple[str, ...]) -> Any:
    return next((c for c in token.children if c.dep_ in deps), None)


def _denied_thing(verb: Any, doc: Any, cue: _Cue) -> Any:
    """What is denied: the object, the passive subject, or the noun a relative clause modifies."""
    if cue.tokens[1] - cue.tokens[0] > 1:  # "denied involvement"
        return doc[cue.tokens[1] - 1]
    obj = _child(verb, ("dobj", "nsubjpass"))
    if obj is not None and obj.lower_ not in ("which", "that"):
        return obj
    if verb.dep_ in ("relcl", "acl"):
        return verb.head
    return obj


def _answered_claim(ctx: Context, sentence: Sentence, speaker: Claimant | None) -> int | None:
    """The latest accusation or allegation (else responsibility claim) a denial answers.

    Looks in this sentence, the two before it, and the rest of this paragraph and the
    one before; a claim by the denier itself is never the one denied.
    """
    window = {sentence.index, sentence.index - 1, sentence.index - 2}
    window |= {
        s.index for s in ctx.sentences
        if s.index < sentence.index and sentence.paragraph - 1 <= s.paragraph <= sentence.paragraph
    }
    best = None
    for rank_types in (("accusation", "allegation"), ("responsibility", "statement")):
        for i in range(len(ctx.claims) - 1, -1, -1):
            c = ctx.claims[i]
            s = ctx.sentence_at(c.evidence.start)
            if s is None or s.index not in window or c.type not in rank_types:
                continue
            if speaker is not None and c.speaker is not None and c.speaker.name == speaker.name:
                continue
            best = i
            break
        if best is not None:
            return best
    return None
