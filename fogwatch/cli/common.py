"""What every command shares: failing with a message and exit 2, the ``--db`` option and
a store that is always closed, the terminal's width, and checked input paths.

Exit codes, for every command: 0 success; 1 records were bad (with ``--strict``) or a
poll failed; 2 the command could not run as asked (a missing input, a bad option value,
a store that cannot be opened, an unknown event id or filter value); 3 a read command
printed what it could from a store that fails SQLite's quick_check. See docs/cli.md.
"""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from enum import Enum
from typing import TYPE_CHECKING

import typer

if TYPE_CHECKING:
    from fogwatch.store import Store

DEFAULT_DB = "fogwatch.db"

DB_OPTION = typer.Option(
    None,
    "--db",
    help="SQLite file or postgresql:// URL (default: $FOGWATCH_DB, else fogwatch.db).",
)

#: The exit code of a command that could not run as asked.
USAGE_ERROR = 2
#: The exit code of a read command that printed what it could from a damaged store.
STORE_DAMAGED = 3


def fail(message: str, code: int = USAGE_ERROR) -> typer.Exit:
    """Print ``error: message`` on stderr and return the Exit to raise:
    ``raise fail("...")``."""
    typer.echo(f"error: {message}", err=True)
    return typer.Exit(code)


def db_location(db: str | None) -> str:
    """The --db value, else $FOGWATCH_DB, else fogwatch.db."""
    return db or os.environ.get("FOGWATCH_DB") or DEFAULT_DB


def open_store_or_exit(
    db: str | None, create: bool = False, integrity: str = "refuse"
) -> Store:
    """The store at ``db`` (see :func:`db_location`); a StoreError is exit 2.

    ``integrity``: ``"refuse"`` (commands that write) refuses a store that fails SQLite's
    quick_check; ``"report"`` (read commands) opens it, and :func:`warn_damage` ends the
    command with a warning and exit 3.
    """
    from fogwatch.store import StoreError, open_store

    try:
        return open_store(db_location(db), create=create, integrity=integrity)
    except StoreError as exc:
        raise fail(str(exc)) from None


def warn_damage(store: Store, db: str | None) -> None:
    """After a read command's output: a damaged store is a warning and exit 3."""
    if not store.damage:
        return
    from fogwatch.store.integrity import summary

    where = db_location(db)
    typer.echo(
        f"warning: {where} fails SQLite's quick_check ({summary(store.damage)}); the output "
        f"above may be incomplete. Run `fogwatch doctor --db {where}`",
        err=True,
    )
    raise typer.Exit(STORE_DAMAGED)


@contextmanager
def store_session(
    db: str | None, create: bool = False, integrity: str = "refuse"
) -> Iterator[Store]:
    """``with store_session(db) as store:`` the store, closed on the way out; a
    :class:`~fogwatch.store.StoreError` inside is ``error: ...`` and exit 2."""
    from fogwatch.store import StoreError

    store = open_store_or_exit(db, create, integrity)
    try:
        yield store
    except StoreError as exc:
        raise fail(str(exc)) from None
    finally:
        store.close()


# --progress/--no-progress and -q, as every command that reads a batch spells them.
PROGRESS = typer.Option(
    None,
    "--progress/--no-progress",
    show_default=False,
    help="Show a progress bar on stderr (default: when stderr is a terminal).",
)
QUIET = typer.Option(False, "--quiet", "-q", help="No progress bar and no summary; errors only.")


def check_inputs(paths: Iterable[str]) -> None:
    """Exit 2 naming the first input path that is missing or unreadable, before any
    store or output file is created."""
    from fogwatch.ingest.files import InputError
    from fogwatch.ingest.urls import check_inputs as check

    try:
        check(paths)
    except InputError as exc:
        raise fail(str(exc)) from None


def choices(values: Iterable[str]) -> str:
    """``a, b or c``: valid choices in plain words."""
    values = list(values)
    if len(values) <= 1:
        return "".join(values)
    return ", ".join(values[:-1]) + " or " + values[-1]


def terminal_width() -> int:
    """Columns to lay tables out in: the terminal's, or ``$COLUMNS`` (also for piped
    output), else 80."""
    env = os.environ.get("COLUMNS", "")
    if env.isdigit() and int(env) > 0:
        return int(env)
    if sys.stdout.isatty():
        return shutil.get_terminal_size((80, 24)).columns
    return 80


# ---------------------------------------------------------------------------------------
# Option values checked in plain words. Typer's own checks answer in its validation
# library's wording ("Input should be greater than or equal to 1"); these say what the
# option takes. Typer prefixes each message with "Invalid value for '--OPTION'".


def choice_parser(values: Iterable[str], enum: type[Enum] | None = None):
    """A Typer ``parser`` accepting one of ``values`` (case-insensitive), returned as
    the ``enum`` member when given, else as the canonical spelling."""
    values = tuple(values)
    lower = {v.lower(): v for v in values}

    def parse(raw: object) -> object:
        text = raw.value if isinstance(raw, Enum) else str(raw)
        value = lower.get(text.strip().lower())
        if value is None:
            raise typer.BadParameter(f"choose {choices(values)} (not {text!r})")
        return enum(value) if enum is not None else value

    return parse


def format_option(enum: type[Enum], default: Enum | None, help: str, names=("--format", "-f")):
    """``--format`` with its choices in the help and in the error."""
    values = [m.value for m in enum]
    return typer.Option(
        default, *names, parser=choice_parser(values, enum), metavar="|".join(values), help=help
    )


def count_parser(minimum: int = 1, maximum: int | None = None):
    """A Typer ``parser`` for a whole number from ``minimum`` (to ``maximum``)."""

    def parse(raw: object) -> int:
        if isinstance(raw, int):
            n = raw
        else:
            try:
                n = int(str(raw).strip())
            except ValueError:
                raise typer.BadParameter(f"{raw!r} is not a whole number") from None
        if n < minimum or (maximum is not None and n > maximum):
            upto = f" to {maximum}" if maximum is not None else " or more"
            raise typer.BadParameter(f"give {minimum}{upto}, not {n}")
        return n

    return parse


def count_option(default: int | None, *names: str, help: str, minimum: int = 1,
                 maximum: int | None = None, metavar: str = "N"):
    """An option taking a whole number, checked in plain words."""
    return typer.Option(
        default, *names, parser=count_parser(minimum, maximum), metavar=metavar, help=help
    )


def _plain_metavars() -> None:
    """Help shows what a value looks like in plain words: no type for a flag (it takes
    no value; Typer would print ``<bool>``), ``TEXT``, ``N``, ``PATH``, ``a|b|c``."""
    from typer.core import TyperArgument, TyperOption

    plain = {"<str>": "TEXT", "<int>": "N", "<int range>": "N", "<float>": "NUMBER",
             "<float range>": "NUMBER", "<path>": "PATH", "<file>": "FILE",
             "<directory>": "DIR"}

    def wrap(original):
        def display_type_rich(self, ctx):
            if getattr(self, "is_flag", False):
                return None
            shown = original(self, ctx)
            if shown is None or self.metavar is not None:
                return shown
            many = shown.endswith("...")
            bare = shown.removesuffix("...")
            if bare.startswith("<list[") and bare.endswith("]>"):  # several values
                many, bare = True, "<" + bare[6:-2] + ">"
            label = plain.get(bare, bare.strip("<>"))
            return label + ("..." if many else "")

        return display_type_rich

    for cls in (TyperOption, TyperArgument):
        if not getattr(cls.display_type_rich, "_fogwatch_plain", False):
            cls.display_type_rich = wrap(cls.display_type_rich)
            cls.display_type_rich._fogwatch_plain = True


_plain_metavars()
