"""Is the store's file sound? SQLite's own page checks, run before anything writes.

SQLite trusts its file: a store whose header is valid but whose pages are damaged
opens, answers some queries and can be written to, which spreads the damage. Write
commands therefore run ``PRAGMA quick_check`` first and refuse a failing store
(:func:`refusal`); read commands run it and warn; ``fogwatch doctor`` runs the full
``PRAGMA integrity_check`` with the schema version and the row counts
(:func:`checkup`). PostgreSQL checks its own pages (data checksums, ``amcheck``), so
there these checks report nothing.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from fogwatch.store.db import APPLICATION_ID, Database, StoreError, parse_target, raw_connect

# At most this many problems are asked of SQLite and shown.
MAX_PROBLEMS = 10
TABLES = ("articles", "readings", "event_reports", "figures", "claims", "events", "event_links")


def problems(db: Database, full: bool = False) -> list[str]:
    """SQLite's findings on the store's pages; ``[]`` when sound (and on PostgreSQL).

    ``quick_check`` reads every page and checks each b-tree's structure (seconds per
    GB); ``full`` runs ``integrity_check``, which also checks that every index matches
    its table.
    """
    if db.dialect != "sqlite":
        return []
    pragma = "integrity_check" if full else "quick_check"
    try:
        rows = db.conn.execute(f"PRAGMA {pragma}({MAX_PROBLEMS})").fetchall()
    except sqlite3.DatabaseError as exc:
        return [str(exc)]
    found = [str(r[0]) for r in rows]
    return [] if found == ["ok"] else found


def advice(label: str) -> str:
    """What to do with a damaged SQLite store, in order."""
    return (
        f"stop every process that uses it, copy {label} (with its -wal and -shm files) "
        f"aside, then either recover it with `sqlite3 {label} .recover | sqlite3 recovered.db` "
        "and run `fogwatch reconcile --db recovered.db`, or ingest the original inputs "
        "again into a new store (ingest is idempotent)"
    )


def refusal(label: str, found: list[str]) -> StoreError:
    """The error a write command raises on a store that fails ``quick_check``."""
    return StoreError(
        f"{label} fails SQLite's quick_check ({summary(found)}); Fogwatch will not write "
        f"to a damaged store. Run `fogwatch doctor --db {label}`; to repair: {advice(label)}"
    )


def summary(found: list[str]) -> str:
    """The first problem, and how many there are (SQLite was asked for at most ten)."""
    more = f" and {len(found) - 1} more" if len(found) > 1 else ""
    first = found[0] if len(found[0]) <= 200 else found[0][:200] + "…"
    return f"{first}{more}"


@dataclass
class Checkup:
    """What ``fogwatch doctor --db`` found; ``ok`` when nothing needs doing."""

    label: str
    dialect: str
    size_bytes: int | None = None
    journal_mode: str | None = None
    application_id: str | None = None
    schema_version: int | None = None
    latest_version: int | None = None
    problems: list[str] = field(default_factory=list)  # integrity_check's findings
    counts: dict[str, int | str] = field(default_factory=dict)  # a count, or why not
    errors: list[str] = field(default_factory=list)  # anything else that is wrong
    todo: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not (self.problems or self.errors)


def checkup(url_or_path: str | Path) -> Checkup:
    """Run every check on the store at ``url_or_path`` without writing to it.

    Raises :class:`StoreError` only when the store cannot be opened at all (no file,
    not SQLite, an unreachable server).
    """
    from fogwatch.store.schema import LATEST, current_version

    target = parse_target(url_or_path)
    db = Database(target, raw_connect(target, create=False))
    result = Checkup(target.label, target.dialect, latest_version=LATEST)
    try:
        if db.dialect == "sqlite":
            path = Path(target.location)
            result.size_bytes = path.stat().st_size
            for suffix in ("-wal",):
                side = path.with_name(path.name + suffix)
                if side.exists():
                    result.size_bytes += side.stat().st_size
            try:
                result.journal_mode = str(db.conn.execute("PRAGMA journal_mode").fetchone()[0])
                app_id = int(db.conn.execute("PRAGMA application_id").fetchone()[0])
                result.application_id = f"{app_id:#x}"
                if app_id not in (0, APPLICATION_ID):
                    result.errors.append(
                        f"application_id {app_id:#x} is not Fogwatch's ({APPLICATION_ID:#x})"
                    )
            except sqlite3.DatabaseError as exc:
                result.errors.append(f"header: {exc}")
            result.problems = problems(db, full=True)
        try:
            result.schema_version = current_version(db)
        except (StoreError, sqlite3.DatabaseError) as exc:
            result.errors.append(f"schema: {exc}")
        else:
            if result.schema_version is None:
                result.errors.append("not a Fogwatch store yet (no schema_version table)")
            elif result.schema_version > LATEST:
                result.errors.append(
                    f"schema v{result.schema_version} is newer than this Fogwatch (v{LATEST})"
                )
        for table in TABLES:
            try:
                result.counts[table] = int(db.scalar(f"SELECT COUNT(*) FROM {table}"))
            except Exception as exc:  # noqa: BLE001 - each table is reported on its own
                result.counts[table] = f"unreadable ({exc})"
    finally:
        db.close()
    _advise(result)
    return result


def _advise(result: Checkup) -> None:
    if result.problems:
        result.todo.append(
            "the file's pages are damaged and Fogwatch will not write to it: "
            + advice(result.label)
        )
    if result.schema_version is not None and result.latest_version is not None:
        if result.schema_version < result.latest_version and not result.problems:
            result.todo.append(
                f"schema v{result.schema_version} is older than v{result.latest_version}: "
                "the next write command (ingest, reconcile) migrates it"
            )
        if result.schema_version > result.latest_version:
            result.todo.append("upgrade Fogwatch to read this store")
    if any(isinstance(v, str) for v in result.counts.values()) and not result.problems:
        result.todo.append("a table cannot be read: see the errors above")
    if result.ok and not result.todo:
        result.todo.append("nothing: the store is sound")
