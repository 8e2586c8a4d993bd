"""What each recogniser reads and writes: declared next to it, checked against the order.

A recogniser is declared with :func:`recogniser`, as spaCy declares a pipeline factory's
``requires`` and ``assigns``::

    @recogniser("figures", requires=("sentences", "sentence.doc"), assigns=("figures",))
    def recognise(ctx: Context) -> None: ...

The names are those of :class:`~fogwatch.read.context.Context` (``places``, ``figures``,
``claims``, ...), ``sentence.*`` for what is set on each :class:`~fogwatch.read.text.Sentence`
and ``figure.*`` for what a later recogniser sets on figures already found. What the
pipeline itself provides before any recogniser runs is :data:`PROVIDED`.

:func:`order_problems` says where an order breaks a declaration: a recogniser that reads
a name before every recogniser that writes it has run. ``tests/read/test_contract.py``
checks the order of :data:`fogwatch.read.pipeline.RECOGNISERS` with it, and that each
recogniser module touches only the Context fields it declares and its own memo slot.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TypeVar

# What the reader sets up before the first recogniser: the article and its publication
# date, the sentences (with the prefilter's cues) and the spaCy Doc of each candidate.
PROVIDED = frozenset({"article", "published", "sentences", "sentence.cues", "sentence.doc"})


@dataclass(frozen=True)
class Contract:
    """A recogniser's declaration: its name (also the name of its memo slots), what it
    reads and what it writes."""

    name: str
    requires: tuple[str, ...] = ()
    assigns: tuple[str, ...] = ()


_CONTRACTS: dict[Callable[..., object], Contract] = {}

F = TypeVar("F", bound=Callable[..., object])


def recogniser(
    name: str, *, requires: Sequence[str] = (), assigns: Sequence[str] = ()
) -> Callable[[F], F]:
    """Declare the decorated function a recogniser that reads ``requires`` and writes
    ``assigns``."""

    def declare(fn: F) -> F:
        _CONTRACTS[fn] = Contract(name, tuple(requires), tuple(assigns))
        return fn

    return declare


def contract_of(fn: Callable[..., object]) -> Contract:
    """The declaration of recogniser ``fn`` (a KeyError names an undeclared one)."""
    try:
        return _CONTRACTS[fn]
    except KeyError:
        raise KeyError(f"{fn.__module__}.{fn.__qualname__} is not a declared recogniser") from None


def order_problems(contracts: Sequence[Contract]) -> list[str]:
    """Where running ``contracts`` in this order breaks a declaration (empty when none).

    A name a recogniser requires must be provided by the pipeline or written by some
    recogniser, and every other recogniser that writes it must have run before.
    """
    problems = []
    writers: dict[str, list[int]] = {}
    for i, c in enumerate(contracts):
        for name in c.assigns:
            writers.setdefault(name, []).append(i)
    for i, c in enumerate(contracts):
        for name in c.requires:
            by = [j for j in writers.get(name, []) if j != i]
            if not by and name not in PROVIDED and name not in c.assigns:
                problems.append(f"{c.name} requires {name!r}, which nothing provides")
            for j in by:
                if j > i:
                    problems.append(
                        f"{c.name} requires {name!r}, which {contracts[j].name} writes after it"
                    )
    return problems
