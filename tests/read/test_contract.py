"""The reader's contract: each recogniser declares what it reads and writes, the
pipeline's order satisfies every declaration, and the code keeps to what it declares."""

from __future__ import annotations

import ast
import dataclasses
import sys
from pathlib import Path

import pytest

from fogwatch.read import contract
from fogwatch.read.context import Context, ContextMemo
from fogwatch.read.contract import Contract, contract_of, order_problems
from fogwatch.read.pipeline import RECOGNISERS
from fogwatch.read.text import Sentence, SentenceMemo

READ = Path(contract.__file__).parent
CONTRACTS = [contract_of(r) for r in RECOGNISERS]

# Context's fields that hold what recognisers find, and what its helpers read.
FOUND = {f.name for f in dataclasses.fields(Context)} - {"article", "sentences", "published",
                                                         "memo"}
HELPERS = {"text": "article", "evidence": "article", "sentence_evidence": "article",
           "article": "article", "published": "published", "sentences": "sentences",
           "candidates": "sentences", "sentence_at": "sentences"}


def _files(fn) -> list[Path]:
    """The source files of recogniser ``fn``: its module, or its whole package."""
    path = Path(sys.modules[fn.__module__].__file__)
    return sorted(path.parent.glob("*.py")) if path.parent != READ else [path]


def _ctx_uses(path: Path) -> tuple[set[str], set[str]]:
    """The Context names a module reads and those it writes (``ctx.x.append``,
    ``ctx.x.extend``, ``ctx.x = ...``, ``ctx.x[i] = ...``)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    reads, writes = set(), set()
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name)
                and node.value.id == "ctx"):
            continue
        name = node.attr
        if name in FOUND:
            reads.add(name)
        elif name in HELPERS:
            reads.add(HELPERS[name])
    for node in ast.walk(tree):
        target = None
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) \
                and node.func.attr in ("append", "extend", "insert"):
            target = node.func.value
        elif isinstance(node, (ast.Assign, ast.AugAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for t in targets:
                target = t.value if isinstance(t, ast.Subscript) else t
        if (isinstance(target, ast.Attribute) and isinstance(target.value, ast.Name)
                and target.value.id == "ctx" and target.attr in FOUND):
            writes.add(target.attr)
    return reads, writes


def _memo_slots(path: Path) -> set[str]:
    """The memo slots a module touches (``x.memo.slot``)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return {node.attr for node in ast.walk(tree)
            if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Attribute)
            and node.value.attr == "memo"}


def test_every_recogniser_is_declared_once():
    names = [c.name for c in CONTRACTS]
    assert len(names) == len(set(names)) == len(RECOGNISERS) == 8


def test_the_pipeline_order_satisfies_every_declaration():
    assert order_problems(CONTRACTS) == []


def test_swapping_two_dependent_recognisers_breaks_the_order():
    swapped = 0
    for i in range(len(CONTRACTS) - 1):
        first, second = CONTRACTS[i], CONTRACTS[i + 1]
        if not set(first.assigns) & set(second.requires):
            continue
        order = [*CONTRACTS[:i], second, first, *CONTRACTS[i + 2:]]
        problems = order_problems(order)
        assert any(p.startswith(f"{second.name} requires") for p in problems), (first, second)
        swapped += 1
    assert swapped >= 2  # figures then attribution, measures then events
    # and one pair further apart: the events come after the figures they count
    names = [c.name for c in CONTRACTS]
    order = list(CONTRACTS)
    a, b = names.index("figures"), names.index("events")
    order[a], order[b] = order[b], order[a]
    assert "events requires 'figures', which figures writes after it" in order_problems(order)


def test_a_requirement_nothing_provides_is_reported():
    lone = Contract("lone", requires=("weather",), assigns=())
    assert order_problems([lone]) == ["lone requires 'weather', which nothing provides"]


@pytest.mark.parametrize("fn", RECOGNISERS, ids=[c.name for c in CONTRACTS])
def test_a_recogniser_touches_only_the_context_fields_it_declares(fn):
    c = contract_of(fn)
    reads, writes = set(), set()
    for path in _files(fn):
        r, w = _ctx_uses(path)
        reads |= r
        writes |= w
    assert reads, "the check must see the recogniser's own reads of the context"
    assert reads <= set(c.requires) | set(c.assigns), f"{c.name} reads undeclared fields"
    assert writes <= set(c.assigns), f"{c.name} writes undeclared fields"


def test_only_recogniser_modules_touch_what_recognisers_find():
    owned = {p for fn in RECOGNISERS for p in _files(fn)}
    for path in sorted(READ.rglob("*.py")):
        if path in owned or path.name in ("pipeline.py", "context.py"):
            continue
        reads, writes = _ctx_uses(path)
        assert not (reads | writes) & FOUND, f"{path.name} touches {(reads | writes) & FOUND}"


def test_each_recogniser_keeps_to_its_own_memo_slot():
    names = {c.name for c in CONTRACTS}
    slots = {f.name for f in dataclasses.fields(SentenceMemo)} | {
        f.name for f in dataclasses.fields(ContextMemo)}
    assert slots <= names  # a slot is named after the recogniser that owns it
    for fn in RECOGNISERS:
        own = contract_of(fn).name
        for path in _files(fn):
            used = _memo_slots(path) & slots
            assert used <= {own}, f"{path.name} ({own}) uses the memo slots {used}"


def test_sentences_and_contexts_take_no_ad_hoc_attributes():
    s = Sentence(0, 0, 4, "Text", 0)
    with pytest.raises(AttributeError):
        s.counts = 1  # type: ignore[attr-defined]
    ctx = Context(article=None, sentences=[s])  # type: ignore[arg-type]
    with pytest.raises(AttributeError):
        ctx.cache = {}  # type: ignore[attr-defined]
