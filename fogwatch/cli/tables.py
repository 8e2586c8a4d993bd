"""Tables and pages for the terminal, laid out to fit its width.

Every table is built from :class:`Col` specs with a priority: when the columns do not
fit the width (the terminal's, or ``$COLUMNS`` for piped output, else 80), the least
important ones are dropped until they do, and one flexible column takes the rest, so
words are wrapped, never cut. Event ids are shown short (:func:`short_id`; every
command that takes an id accepts this prefix). No cell ever shows Python's ``None``.

Events are read as the store returns them, :class:`~fogwatch.model.event.EventSummary`
and :class:`~fogwatch.model.event.Event` models; claims as the store's claim rows.
"""

from __future__ import annotations

import json
import textwrap
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Literal, Protocol

from rich import box
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from fogwatch.cli.common import terminal_width
from fogwatch.codebook.sides import SIDES, side_label
from fogwatch.model.event import Event, EventSummary, FigureBrief

SHORT_ID = 10  # "ev" and 8 hex digits: unique in any store of realistic size
SIDE_LABEL = {side: side_label(side) for side in SIDES}  # sides.yaml's table labels
# Claims that say who did it and who disputes it, listed under the events table.
CONTESTED_CLAIMS = ("responsibility", "accusation", "denial")


def short_id(event_id: str | None) -> str:
    return (event_id or "")[:SHORT_ID]


def text(value: object, missing: str = "?") -> str:
    """A cell's text: ``missing`` for None or an empty string, never ``None``."""
    if value is None or value == "":
        return missing
    return str(value)


def console(width: int | None = None) -> Console:
    return Console(width=width or terminal_width(), highlight=False)


@dataclass
class Col:
    """A column: its header, width (None: the flexible one, at least ``min_width``),
    priority (higher is kept longer) and justification."""

    header: str
    width: int | None
    priority: int
    justify: Literal["left", "center", "right"] = "left"
    min_width: int = 24


def fit(columns: Sequence[Col], width: int) -> list[int]:
    """The indexes of the columns kept in ``width`` characters, in their order."""
    kept = list(range(len(columns)))

    def need(idx: list[int]) -> int:
        # three spaces between columns (padding 0 1 and box.SIMPLE_HEAD's divider)
        return sum((columns[i].width or columns[i].min_width) + 3 for i in idx) - 3

    while need(kept) > width:
        droppable = [i for i in kept if columns[i].width is not None]
        if not droppable:
            break
        kept.remove(min(droppable, key=lambda i: columns[i].priority))
    return kept


def make_table(columns: Sequence[Col], rows: Iterable[Sequence[str]], width: int,
               title: str | None = None, caption: str | None = None) -> Table:
    """A table of the columns that fit ``width``; ``rows`` hold markup-safe cells for
    every column, in order."""
    kept = fit(columns, width)
    table = Table(title=title, caption=caption, box=box.SIMPLE_HEAD, show_edge=False,
                  pad_edge=False, padding=(0, 1), title_justify="left",
                  caption_justify="left")
    for i in kept:
        c = columns[i]
        table.add_column(c.header, justify=c.justify, no_wrap=c.width is not None and
                         c.justify != "left", min_width=c.width or c.min_width,
                         max_width=c.width, overflow="fold")
    for row in rows:
        table.add_row(*(row[i] for i in kept))
    return table


# ---------------------------------------------------------------------------------------
# ranges and lines


class _Range(Protocol):
    @property
    def low(self) -> int | None: ...
    @property
    def best(self) -> int | None: ...
    @property
    def high(self) -> int | None: ...


def fig_range(r: _Range) -> str:
    """``12–15``, ``24+``, ``20–26 (best 26)``; a range's low, best and high."""
    low, best, high = r.low, r.best, r.high
    if low is None:
        return "?"
    if high is None:
        return f"{low}+"
    if high == low:
        return f"{low}"
    if best in (None, low, high):
        return f"{low}–{high}"
    return f"{low}–{high} (best {best})"


def killed_by_side(event: EventSummary) -> str:
    parts = []
    for r in event.ranges.by_side:
        if r.kind != "killed":
            continue
        mark = "!" if r.contested else ""
        parts.append(f"{SIDE_LABEL.get(r.side, text(r.side))} {fig_range(r)}{mark}")
    return "\n".join(parts) or "—"


def wrap(line: str, width: int, indent: str = "  ", hanging: str = "    ") -> str:
    """A line wrapped at word boundaries (a word longer than the width stays whole)."""
    return textwrap.fill(line, width=max(width, 20), initial_indent=indent,
                         subsequent_indent=hanging, break_long_words=False,
                         break_on_hyphens=False)


def _where(e: EventSummary) -> str:
    return ", ".join(dict.fromkeys(x for x in (e.location, e.admin1, e.country) if x)) or "?"


def _plural(n: int | None, word: str) -> str:
    n = n or 0
    return f"{n} {word}{'s' * (n != 1)}"


# ---------------------------------------------------------------------------------------
# events


EVENT_COLUMNS = (
    Col("event", SHORT_ID, 90),
    Col("date", 10, 80),
    Col("what, where, who", None, 100),
    Col("dead", 6, 70, "right"),
    Col("killed by side", 16, 40),
    Col("contested", 9, 20, "center"),
    Col("sources", 10, 30, "right"),
)


def event_rows(events: Iterable[EventSummary]) -> Iterable[list[str]]:
    for e in events:
        who = " / ".join(x for x in (e.actor1, e.actor2) if x)
        what = escape(text(e.sub_event_type or e.event_type))
        dead = text(e.fatalities, "0") + ("!" if e.contested else "")
        yield [
            short_id(e.id),
            text(e.date),
            f"[bold]{what}[/] in {escape(_where(e))}" + (f"\n{escape(who)}" if who else ""),
            dead,
            escape(killed_by_side(e)),
            "[bold red]yes[/]" if e.contested else "no",
            f"{_plural(e.n_sources, 'report')}\n{_plural(e.n_outlets, 'outlet')}",
        ]


def events_table(events: list[EventSummary], total: int, width: int) -> Table:
    shown = f" (showing {len(events)})" if total > len(events) else ""
    return make_table(EVENT_COLUMNS, event_rows(events), width,
                      title=f"{_plural(total, 'event')}{shown}",
                      caption="! figures that claimants dispute")


def contested_lines(event: EventSummary, detail: Event | None) -> list[str]:
    """Under the table: who gives which disputed figure, who claims or denies what."""
    if detail is None:
        return []
    lines = []
    for side in event.disputed:
        for r in detail.ranges.by_claimant:
            if r.kind == side.kind and r.side == side.side:
                figures = ", later ".join(dict.fromkeys(r.figures)) or "?"
                when = text(r.first_reported, "date unknown")
                lines.append(
                    f"{text(r.claimant)}: {figures} "
                    f"{SIDE_LABEL.get(r.side, 'people')} {text(r.kind)} "
                    f"(range {fig_range(r)}; first reported {when})"
                )
    seen = set()
    for entry in detail.ledger:
        key = (entry.claimant, entry.type)
        if entry.type in CONTESTED_CLAIMS and key not in seen:
            seen.add(key)
            when = text(entry.first_reported, "date unknown")
            lines.append(f"{text(entry.claimant)} ({entry.type}, {when}): "
                         f"{text(entry.text, '')}")
    return lines


def print_events(out: Console, events: list[EventSummary], total: int,
                 detail_of: Callable[[str], Event | None]) -> None:
    """The events table, then each event's disputed figures and contested claims."""
    width = out.width
    out.print(events_table(events, total, width))
    for e in events:
        lines = contested_lines(e, detail_of(e.id))
        if not lines:
            continue
        what = "disputed figures and claims" if e.contested else "claims"
        title = f" {e.title}" if e.title else ""
        out.print()
        out.print(escape(wrap(f"{short_id(e.id)}{title} — {what}:", width, "", "  ")),
                  soft_wrap=True)
        for line in lines:
            out.print(escape(wrap(line, width)), soft_wrap=True)


# ---------------------------------------------------------------------------------------
# claims


CLAIM_COLUMNS = (
    Col("reported", 10, 60),
    Col("outlet", 14, 10),
    Col("claimant", 16, 90),
    Col("claim", 16, 70),
    Col("sentence", None, 100, min_width=24),
    Col("event", SHORT_ID, 40),
)


def figure_text(c: dict[str, Any]) -> str:
    """A claim row's figure in words: its text, victims and kind."""
    f = c.get("figure")
    if not f:
        return ""
    return _figure_words(f.get("text"), f.get("victims"), f.get("kind"))


def _figure_words(said: str | None, victims: str | None, kind: str | None) -> str:
    victims = (victims or "").replace("_", " ")
    return " ".join(x for x in (text(said, ""), victims, text(kind, "")) if x)


def _brief_text(f: FigureBrief | None) -> str:
    """A ledger entry's figure in words, as :func:`figure_text` gives a claim row's."""
    return "" if f is None else _figure_words(f.text, f.victims, f.kind)


def _claim_cell(c: dict[str, Any]) -> str:
    """The claim's type (with a space for the underscore, so it can wrap) and figure."""
    kind = text(c.get("type")).replace("_", " ")
    if c.get("polarity") == "negative":
        kind += " (neg.)"
    fig = figure_text(c)
    return f"{kind}: {fig}" if fig else kind


def claims_table(claims: list[dict[str, Any]], total: int, width: int) -> Table:
    rows = (
        [escape(x) for x in (
            text(c.get("published"))[:10], text(c.get("outlet")), text(c.get("claimant")),
            _claim_cell(c), text(c.get("text"), ""), short_id(c.get("event_id")),
        )]
        for c in claims
    )
    shown = f" (showing {len(claims)})" if total > len(claims) else ""
    return make_table(CLAIM_COLUMNS, rows, width, title=f"{_plural(total, 'claim')}{shown}")


# ---------------------------------------------------------------------------------------
# one event, as on the event page


def print_event(out: Console, e: Event, history: list[dict[str, Any]] | None = None) -> None:
    """Facts, the claims ledger with evidence sentences, figures by claimant, sources and
    the reviewers' changes (``history``: rows of ``Reviews.history``, oldest first)."""
    width = out.width
    title = e.title or f"{text(e.sub_event_type)} in {_where(e)}"
    out.print(f"[bold]{escape(title)}[/]", soft_wrap=False)
    out.print(f"[dim]{escape(e.id)}[/]")
    deaths = ", ".join(f"{SIDE_LABEL.get(k, k)} {v}" for k, v in
                       sorted(e.deaths.model_dump(exclude_unset=True).items()) if v) or "none counted"
    facts = [
        ("type", " / ".join(x for x in (e.event_type, e.sub_event_type) if x) or "?"),
        ("date", text(e.date, "unknown")),
        ("where", _where(e)),
        ("actors", " / ".join(x for x in (e.actor1, e.actor2) if x) or "?"),
        ("fatalities", f"{text(e.fatalities, '0')} (ACLED, conservative); range "
         f"{fig_range(e)}"),
        ("killed by side", killed_by_side(e).replace("\n", "; ")),
        ("deaths by side", deaths),
        ("verification", ", ".join(e.verification) or "—"),
        ("contested", "yes" if e.contested else "no"),
        ("reported", f"{text(e.first_reported)} to {text(e.last_reported)}, "
         f"{_plural(e.n_sources, 'report')}, {_plural(e.n_outlets, 'outlet')}"),
    ]
    table = Table(box=None, show_header=False, padding=(0, 1), pad_edge=False, width=width)
    table.add_column(style="bold", no_wrap=True)
    table.add_column(ratio=1)
    for name, value in facts:
        table.add_row(name, escape(value))
    out.print(table)

    ranges = e.ranges.by_claimant
    if ranges:
        out.print("\n[bold]Figures by claimant[/]")
        for r in ranges:
            figures = ", later ".join(dict.fromkeys(r.figures)) or "?"
            victims = ", ".join(v.replace("_", " ") for v in r.victims) or \
                SIDE_LABEL.get(r.side, "people")
            out.print(escape(wrap(
                f"{text(r.claimant)}: {figures} {victims} {text(r.kind)} "
                f"(range {fig_range(r)}; first reported "
                f"{text(r.first_reported, 'date unknown')})", width)), soft_wrap=True)

    ledger = e.ledger
    out.print(f"\n[bold]Claims ledger[/] ({len(ledger)})")
    for c in ledger:
        tags = [text(c.type)]
        if c.polarity == "negative":
            tags.append("negative")
        if e.disputes(c.figure):
            tags.append("disputed")
        head = (f"{text(c.claimant)} ({', '.join(tags)}; "
                f"{text(c.published or c.first_reported, 'date unknown')[:10]}, "
                f"{text(c.outlet, 'outlet unknown')})")
        fig = _brief_text(c.figure)
        out.print(escape(wrap(head + (f": {fig}" if fig else ""), width)), soft_wrap=True)
        sentence = c.evidence.text or c.text
        if sentence:
            out.print(f"[dim]{escape(wrap(chr(8220) + sentence + chr(8221), width, '    ', '    '))}[/]",
                      soft_wrap=True)

    articles = e.articles
    out.print(f"\n[bold]Sources[/] ({len(articles)})")
    for a in articles:
        line = (f"{text(a.published, 'undated')[:10]}  {text(a.outlet, 'outlet unknown')}"
                f": {text(a.title, 'untitled')}")
        out.print(escape(wrap(line, width)), soft_wrap=True)
        if a.url:
            out.print(f"    [dim]{escape(a.url)}[/]", soft_wrap=True)

    changes = history or []
    out.print(f"\n[bold]History[/] ({_plural(len(changes), 'change')})")
    if not changes:
        out.print("no reviewer has changed this event")
    for row in changes:
        change = row["action"] + (f" {row['field']}" if row.get("field") else "")
        values = ""
        if row.get("before") is not None or row.get("after") is not None:
            values = f": {_value(row.get('before'))} -> {_value(row.get('after'))}"
        target = row["target"]
        line = (f"{str(row['at'])[:16].replace('T', ' ')}  {row['reviewer']}  {change} "
                f"({target['kind']} {target['id']}){values}")
        out.print(escape(wrap(line, width)), soft_wrap=True)
        if row.get("reason"):
            out.print(f"[dim]{escape(wrap('because ' + row['reason'], width, '    ', '    '))}[/]",
                      soft_wrap=True)


def _value(v: object) -> str:
    """A reviewed value as a reader would write it: words plain, the rest as JSON."""
    if v is None:
        return "none"
    if isinstance(v, str):
        return v
    return json.dumps(v, ensure_ascii=False, sort_keys=True)
