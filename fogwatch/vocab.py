"""Vocabularies live in data files inside the package; this loads them once."""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from functools import cache
from importlib import resources
from typing import Any

import yaml


def data_path(name: str):
    """A file in ``fogwatch/data``."""
    return resources.files("fogwatch") / "data" / name


@cache
def load_yaml(name: str) -> Any:
    """Parse ``fogwatch/data/<name>`` (cached: vocabularies are read once per process)."""
    with data_path(name).open("r", encoding="utf-8") as fh:
        return yaml.safe_load(fh)


@cache
def load_csv(name: str) -> tuple[dict[str, str], ...]:
    """Rows of ``fogwatch/data/<name>`` as dicts (cached)."""
    with data_path(name).open("r", encoding="utf-8", newline="") as fh:
        return tuple(csv.DictReader(fh))


def trie_regex(cues: Iterable[str], space: str = r"\s+") -> str:
    """A regex alternation of ``cues`` factored as a prefix tree; longest match first.

    Python's ``re`` tries an alternation's branches one by one at every position; a
    prefix tree lets it drop all cues but those sharing the text's first letters. A
    space in a cue matches ``space`` (any run of whitespace unless told otherwise).
    Case is left to the caller's flags.
    """
    trie: dict = {}
    for cue in cues:
        node = trie
        for ch in cue:
            node = node.setdefault(ch, {})
        node[""] = True
    if not trie:
        return r"(?!)"
    return _node_regex(trie, space)


def words_regex(words: Iterable[str]) -> str:
    """An alternation of literal ``words``, spaces as written, the longest match first:
    what ``"|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))`` matches,
    as a prefix tree (:func:`trie_regex`) that tries far fewer branches."""
    return trie_regex({str(w) for w in words}, space=" ")


def _node_regex(node: dict, space: str) -> str:
    ends = "" in node
    branches = []
    for ch in sorted(k for k in node if k):
        # a space in a multi-word cue matches any run of whitespace
        head = space if ch == " " else re.escape(ch)
        branches.append(head + _node_regex(node[ch], space))
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if ends:
        # greedy, so the longer cue wins ("attacker" over "attack")
        return "(?:" + body + ")?"
    return body
