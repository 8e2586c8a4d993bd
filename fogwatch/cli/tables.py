"""Tables and pages for the terminal, laid out to fit its width.

Every table is built from :class:`Col` specs with a priority: when the columns do not
fit the width (the terminal's, or ``$COLUMNS`` for piped output, else 80), the least
important ones are dropped until they do, and one flexible column takes the rest, so
words are wrapped, never cut. Event ids are shown short (:func:`short_id`; every
command that takes an id accepts this prefix). No cell ever shows Python's ``None``.

The event fields read here are the store's event JSON (what ``/api/events`` returns).
"""

from __future__ import annotations

import json
import textwrap
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from rich import box
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from fogwatch.cli.common import terminal_width
from fogwatch.codebook.sides import SIDES, side_label

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
    justify: str = "left"
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


def fig_range(r: dict) -> str:
    """``12–15``, ``24+``, ``20–26 (best 26)``; a range's low, best and high."""
    low, best, high = r.get("low"), r.get("best"), r.get("high")
    if low is None:
        return "?"
    if high is None:
        return f"{low}+"
    if high == low:
        return f"{low}"
    if best in (None, low, high):
        return f"{low}–{high}"
    return f"{low}–{high} (best {best})"


def killed_by_side(event: dict) -> str:
    parts = []
    for r in (event.get("ranges") or {}).get("by_side", []):
        if r.get("kind") != "killed":
            continue
        mark = "!" if r.get("contested") else ""
        parts.append(f"{SIDE_LABEL.get(r.get('side'), text(r.get('side')))} {fig_range(r)}{mark}")
    return "\n".join(parts) or "—"


def wrap(line: str, width: int, indent: str = "  ", hanging: str = "    ") -> str:
    """A line wrapped at word boundaries (a word longer than the width stays whole)."""
    return textwrap.fill(line, width=max(width, 20), initial_indent=indent,
                         subsequent_indent=hanging, break_long_words=False,
                         break_on_hyphens=False)


def _where(e: dict) -> str:
    return ", ".join(dict.fromkeys(x for x in (e.get("location"), e.get("admin1"),
                                                 e.get("country")) if x)) or "?"


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


def event_rows(events: Iterable[dict]) -> Iterable[list[str]]:
    for e in events:
        who = " / ".join(x for x in (e.get("actor1"), e.get("actor2")) if x)
        what = escape(text(e.get("sub_event_type") or e.get("event_type")))
        dead = text(e.get("fatalities"), "0") + ("!" if e.get("contested") else "")
        yield [
            short_id(e.get("id")),
            text(e.get("date")),
            f"[bold]{what}[/] in {escape(_where(e))}" + (f"\n{escape(who)}" if who else ""),
            dead,
            escape(killed_by_side(e)),
            "[bold red]yes[/]" if e.get("contested") else "no",
            f"{_plural(e.get('n_sources'), 'report')}\n{_plural(e.get('n_outlets'), 'outlet')}",
        ]


def events_table(events: list[dict], total: int, width: int) -> Table:
    shown = f" (showing {len(events)})" if total > len(events) else ""
    return make_table(EVENT_COLUMNS, event_rows(events), width,
                      title=f"{_plural(total, 'event')}{shown}",
                      caption="! figures that claimants dispute")


def contested_lines(event: dict, detail: dict) -> list[str]:
    """Under the table: who gives which disputed figure, who claims or denies what."""
    lines = []
    for side in event.get("disputed") or []:
        for r in (detail.get("ranges") or {}).get("by_claimant", []):
            if r.get("kind") == side.get("kind") and r.get("side") == side.get("side"):
                figures = ", later ".join(dict.fromkeys(r.get("figures") or [])) or "?"
                when = text(r.get("first_reported"), "date unknown")
                lines.append(
                    f"{text(r.get('claimant'))}: {figures} "
                    f"{SIDE_LABEL.get(r.get('side'), 'people')} {text(r.get('kind'))} "
                    f"(range {fig_range(r)}; first reported {when})"
                )
    seen = set()
    for entry in detail.get("ledger") or []:
        key = (entry.get("claimant"), entry.get("type"))
        if entry.get("type") in CONTESTED_CLAIMS and key not in seen:
            seen.add(key)
            when = text(entry.get("first_reported"), "date unknown")
            lines.append(f"{text(entry.get('claimant'))} ({entry.get('type')}, {when}): "
                         f"{text(entry.get('text'), '')}")
    return lines


def print_events(out: Console, events: list[dict], total: int, detail_of) -> None:
    """The events table, then each event's disputed figures and contested claims."""
    width = out.width
    out.print(events_table(events, total, width))
    for e in events:
        lines = contested_lines(e, detail_of(e["id"]) or {})
        if not lines:
            continue
        what = "disputed figures and claims" if e.get("contested") else "claims"
        title = f" {e['title']}" if e.get("title") else ""
        out.print()
        out.print(escape(wrap(f"{short_id(e['id'])}{title} — {what}:", width, "", "  ")),
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


def figure_text(c: dict) -> str:
    f = c.get("figure")
    if not f:
        return ""
    victims = (f.get("victims") or "").replace("_", " ")
    return " ".join(x for x in (text(f.get("text"), ""), victims, text(f.get("kind"), "")) if x)


def _claim_cell(c: dict) -> str:
    """The claim's type (with a space for the underscore, so it can wrap) and figure."""
    kind = text(c.get("type")).replace("_", " ")
    if c.get("polarity") == "negative":
        kind += " (neg.)"
    fig = figure_text(c)
    return f"{kind}: {fig}" if fig else kind


def claims_table(claims: list[dict], total: int, width: int) -> Table:
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


def print_event(out: Console, e: dict, history: list[dict] | None = None) -> None:
    """Facts, the claims ledger with evidence sentences, figures by claimant, sources and
    the reviewers' changes (``history``: rows of ``Reviews.history``, oldest first)."""
    width = out.width
    title = e.get("title") or f"{text(e.get('sub_event_type'))} in {_where(e)}"
    out.print(f"[bold]{escape(title)}[/]", soft_wrap=False)
    out.print(f"[dim]{escape(e['id'])}[/]")
    deaths = ", ".join(f"{SIDE_LABEL.get(k, k)} {v}" for k, v in (e.get("deaths") or {}).items()
                       if v) or "none counted"
    facts = [
        ("type", " / ".join(x for x in (e.get("event_type"), e.get("sub_event_type")) if x)
         or "?"),
        ("date", text(e.get("date"), "unknown")),
        ("where", _where(e)),
        ("actors", " / ".join(x for x in (e.get("actor1"), e.get("actor2")) if x) or "?"),
        ("fatalities", f"{text(e.get('fatalities'), '0')} (ACLED, conservative); range "
         f"{fig_range(e)}"),
        ("killed by side", killed_by_side(e).replace("\n", "; ")),
        ("deaths by side", deaths),
        ("verification", ", ".join(e.get("verification") or []) or "—"),
        ("contested", "yes" if e.get("contested") else "no"),
        ("reported", f"{text(e.get('first_reported'))} to {text(e.get('last_reported'))}, "
         f"{_plural(e.get('n_sources'), 'report')}, {_plural(e.get('n_outlets'), 'outlet')}"),
    ]
    table = Table(box=None, show_header=False, padding=(0, 1), pad_edge=False, width=width)
    table.add_column(style="bold", no_wrap=True)
    table.add_column(ratio=1)
    for name, value in facts:
        table.add_row(name, escape(value))
    out.print(table)

    ranges = (e.get("ranges") or {}).get("by_claimant") or []
    if ranges:
        out.print("\n[bold]Figures by claimant[/]")
        for r in ranges:
            figures = ", later ".join(dict.fromkeys(r.get("figures") or [])) or "?"
            victims = ", ".join(v.replace("_", " ") for v in r.get("victims") or []) or \
                SIDE_LABEL.get(r.get("side"), "people")
            out.print(escape(wrap(
                f"{text(r.get('claimant'))}: {figures} {victims} {text(r.get('kind'))} "
                f"(range {fig_range(r)}; first reported "
                f"{text(r.get('first_reported'), 'date unknown')})", width)), soft_wrap=True)

    ledger = e.get("ledger") or []
    out.print(f"\n[bold]Claims ledger[/] ({len(ledger)})")
    for c in ledger:
        tags = [text(c.get("type"))]
        if c.get("polarity") == "negative":
            tags.append("negative")
        if c.get("disputed"):
            tags.append("disputed")
        head = (f"{text(c.get('claimant'))} ({', '.join(tags)}; "
                f"{text(c.get('published') or c.get('first_reported'), 'date unknown')[:10]}, "
                f"{text(c.get('outlet'), 'outlet unknown')})")
        fig = figure_text(c)
        out.print(escape(wrap(head + (f": {fig}" if fig else ""), width)), soft_wrap=True)
        sentence = (c.get("evidence") or {}).get("text") or c.get("text")
        if sentence:
            out.print(f"[dim]{escape(wrap(chr(8220) + sentence + chr(8221), width, '    ', '    '))}[/]",
                      soft_wrap=True)

    articles = e.get("articles") or []
    out.print(f"\n[bold]Sources[/] ({len(articles)})")
    for a in articles:
        line = (f"{text(a.get('published'), 'undated')[:10]}  {text(a.get('outlet'), 'outlet unknown')}"
                f": {text(a.get('title'), 'untitled')}")
        out.print(escape(wrap(line, width)), soft_wrap=True)
        if a.get("url"):
            out.print(f"    [dim]{escape(a['url'])}[/]", soft_wrap=True)

    changes = history or []
    out.print(f"\n[bold]History[/] ({_plural(len(changes), 'change')})")
    if not changes:
        out.print("no reviewer has changed this event")
    for r in changes:
        change = r["action"] + (f" {r['field']}" if r.get("field") else "")
        values = ""
        if r.get("before") is not None or r.get("after") is not None:
            values = f": {_value(r.get('before'))} -> {_value(r.get('after'))}"
        target = r["target"]
        line = (f"{str(r['at'])[:16].replace('T', ' ')}  {r['reviewer']}  {change} "
                f"({target['kind']} {target['id']}){values}")
        out.print(escape(wrap(line, width)), soft_wrap=True)
        if r.get("reason"):
            out.print(f"[dim]{escape(wrap('because ' + r['reason'], width, '    ', '    '))}[/]",
                      soft_wrap=True)


def _value(v: object) -> str:
    """A reviewed value as a reader would write it: words plain, the rest as JSON."""
    if v is None:
        return "none"
    if isinstance(v, str):
        return v
    return json.dumps(v, ensure_ascii=False, sort_keys=True)
