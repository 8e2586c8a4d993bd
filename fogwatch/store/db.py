"""Connections and the tiny dialect layer: SQLite by path, PostgreSQL by URL.

SQL is written once, with ``?`` placeholders and the ``INSERT ... ON CONFLICT`` upsert
both engines understand; :class:`Database` rewrites placeholders for PostgreSQL and
gives both engines the same ``execute`` / ``query`` / ``transaction`` surface.
"""

from __future__ import annotations

import re
import sqlite3
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

# PRAGMA application_id marks a SQLite file as a Fogwatch store ("FOGW" in ASCII).
APPLICATION_ID = 0x464F4757


class StoreError(Exception):
    """A store that cannot be opened or used; the message says what and where."""


@dataclass(frozen=True)
class Target:
    """Where a store lives: a SQLite file or a PostgreSQL URL (password hidden in ``label``)."""

    dialect: str  # "sqlite" | "postgresql"
    location: str  # file path or libpq URL (without Fogwatch's own query parameters)
    label: str  # safe to print
    schema: str | None = None  # PostgreSQL schema (search_path), from ?schema=NAME


_PG_SCHEMES = {"postgresql", "postgres", "postgresql+psycopg"}
_SCHEMA_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,62}$")


def parse_target(url_or_path: str | Path) -> Target:
    """Interpret a ``--db`` value: a file path, ``sqlite:///path`` or ``postgresql://...``."""
    raw = str(url_or_path).strip()
    if not raw:
        raise StoreError("empty database location; give a file path or a postgresql:// URL")
    if "://" not in raw:
        return Target("sqlite", raw, raw)
    scheme = raw.split("://", 1)[0].lower()
    if scheme == "sqlite":
        # sqlite:///relative.db and sqlite:////absolute.db, as SQLAlchemy writes them.
        path = raw.split("://", 1)[1]
        path = path[1:] if path.startswith("/") else path
        if not path:
            raise StoreError(f"{raw!r} names no file; write sqlite:///path/to/fogwatch.db")
        return Target("sqlite", path, path)
    if scheme in _PG_SCHEMES:
        parts = urlsplit(raw)
        query = parse_qsl(parts.query, keep_blank_values=True)
        schema = next((v for k, v in query if k == "schema"), None)
        if schema is not None and not _SCHEMA_NAME.match(schema):
            raise StoreError(f"bad schema name {schema!r} in database URL")
        rest = urlencode([(k, v) for k, v in query if k != "schema"])
        location = urlunsplit(("postgresql", parts.netloc, parts.path, rest, ""))
        host = parts.hostname or "localhost"
        port = f":{parts.port}" if parts.port else ""
        user = f"{parts.username}@" if parts.username else ""
        label = f"postgresql://{user}{host}{port}{parts.path}"
        return Target("postgresql", location, label, schema)
    raise StoreError(
        f"unsupported database URL scheme {scheme!r} in {raw!r}; use a file path, "
        "sqlite:///path/to/file.db or postgresql://user@host/dbname"
    )


def check_sqlite_file(path: Path) -> None:
    """Refuse a directory where a database file should be; ``stat`` only.

    The file itself is never opened from Python: on POSIX, closing any descriptor of a
    file drops every ``fcntl`` lock this process holds on it, SQLite's included, so a
    probe by ``open()`` / ``close()`` while another connection (a running server) is
    open lets an outside reader delete that server's ``-wal`` and ``-shm`` files. The
    header is checked by SQLite itself, through the connection (:func:`probe_sqlite`):
    its unix VFS keeps descriptors open while any connection of the process holds a lock.
    """
    if path.is_dir():
        raise StoreError(f"{path} is a directory, not a database file")


def probe_sqlite(conn: sqlite3.Connection, path: Path) -> None:
    """Refuse a file that is not a SQLite database, before anything writes to it.

    ``PRAGMA schema_version`` reads the 100-byte header; SQLite answers "file is not a
    database" when its magic string is missing, and writes nothing.
    """
    try:
        conn.execute("PRAGMA schema_version").fetchone()
    except sqlite3.DatabaseError as exc:
        raise StoreError(
            f"{path} is not a SQLite database (corrupt, or another kind of file: {exc}); "
            "Fogwatch refuses to open or overwrite it"
        ) from None


# SQLite's primary result codes for a damaged file (the low byte of an extended code).
SQLITE_CORRUPT = 11
SQLITE_NOTADB = 26


def damaged_error(exc: BaseException) -> bool:
    """True when ``exc`` is SQLite saying the file's pages are damaged."""
    code = getattr(exc, "sqlite_errorcode", None)
    return isinstance(exc, sqlite3.DatabaseError) and code is not None and (
        code & 0xFF in (SQLITE_CORRUPT, SQLITE_NOTADB)
    )


class Database:
    """One connection with the same surface on SQLite and PostgreSQL.

    Calls are serialised by a lock so that one store can serve a threaded web server.
    """

    def __init__(self, target: Target, conn: Any):
        self.target = target
        self.dialect = target.dialect
        self.conn = conn
        self.lock = threading.RLock()
        self._depth = 0
        self.upgraded_from: int | None = None  # the schema version a store was migrated from
        # Statements this connection ran that may have written (see change_token).
        self.writes = 0

    # -- SQL text --------------------------------------------------------------------
    def sql(self, text: str) -> str:
        """Rewrite ``?`` placeholders for the engine (SQL here never holds a literal ``?``)."""
        return text if self.dialect == "sqlite" else text.replace("?", "%s")

    # -- running statements ------------------------------------------------------------
    def _damaged(self, exc: BaseException) -> StoreError:
        return StoreError(
            f"{self.target.label} is damaged (SQLite: {exc}); "
            f"run `fogwatch doctor --db {self.target.label}`"
        )

    def execute(self, text: str, params: Sequence[Any] = ()) -> int:
        """Run one statement; returns the number of rows it changed."""
        with self.lock:
            self.writes += 1
            try:
                cur = self.conn.execute(self.sql(text), tuple(params))
            except sqlite3.DatabaseError as exc:
                if damaged_error(exc):
                    raise self._damaged(exc) from None
                raise
            return int(cur.rowcount)

    def executemany(self, text: str, rows: Sequence[Sequence[Any]]) -> None:
        """Run one statement for many parameter rows."""
        if not rows:
            return
        with self.lock:
            self.writes += 1
            if self.dialect == "sqlite":
                try:
                    self.conn.executemany(text, rows)
                except sqlite3.DatabaseError as exc:
                    if damaged_error(exc):
                        raise self._damaged(exc) from None
                    raise
            else:
                with self.conn.cursor() as cur:
                    cur.executemany(self.sql(text), rows)

    def query(self, text: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
        """Rows as dicts; a damaged SQLite page is a :class:`StoreError`, not a crash."""
        with self.lock:
            try:
                cur = self.conn.execute(self.sql(text), tuple(params))
                if cur.description is None:
                    return []
                names = [d[0] for d in cur.description]
                return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]
            except sqlite3.DatabaseError as exc:
                if damaged_error(exc):
                    raise self._damaged(exc) from None
                raise

    def scalar(self, text: str, params: Sequence[Any] = ()) -> Any:
        """The first column of the first row (None if no row)."""
        rows = self.query(text, params)
        return next(iter(rows[0].values())) if rows else None

    @contextmanager
    def transaction(self, lock_key: int | None = None) -> Iterator[Database]:
        """One transaction: committed on success, rolled back on any error.

        ``lock_key`` serialises writers that reconcile (they read then rewrite events):
        SQLite takes its write lock up front (``BEGIN IMMEDIATE``); PostgreSQL takes a
        transaction-scoped advisory lock.
        """
        with self.lock:
            if self._depth:
                # Nested use joins the outer transaction.
                self._depth += 1
                try:
                    yield self
                finally:
                    self._depth -= 1
                return
            self._depth = 1
            try:
                if self.dialect == "sqlite":
                    self.conn.execute("BEGIN IMMEDIATE")
                else:
                    self.conn.execute("BEGIN")
                    if lock_key is not None:
                        self.conn.execute("SELECT pg_advisory_xact_lock(%s)", (lock_key,))
                yield self
            except BaseException:
                self._rollback()
                raise
            else:
                self.conn.execute("COMMIT")
                self.writes += 1
            finally:
                self._depth = 0

    def change_token(self) -> tuple[int, int] | None:
        """A value that changes whenever the database may have changed: SQLite's
        ``data_version`` (commits of other connections and processes) with this
        connection's own writes. None on PostgreSQL, where there is no such counter, so
        callers must not cache."""
        if self.dialect != "sqlite":
            return None
        with self.lock:
            version = self.conn.execute("PRAGMA data_version").fetchone()[0]
            return int(version), self.writes

    def _rollback(self) -> None:
        try:
            self.conn.execute("ROLLBACK")
        except Exception:  # noqa: BLE001 - the original error is the one worth raising
            pass

    def close(self) -> None:
        with self.lock:
            self.conn.close()


def connect_sqlite(target: Target, create: bool, autocommit: bool = True) -> Any:
    """A raw sqlite3 connection; in autocommit mode transactions are explicit."""
    path = Path(target.location)
    check_sqlite_file(path)
    if not path.exists():
        if not create:
            raise StoreError(f"no database at {path} (run `fogwatch ingest ... --db {path}` first)")
        if path.parent and not path.parent.exists():
            raise StoreError(f"cannot create {path}: directory {path.parent} does not exist")
    try:
        conn = sqlite3.connect(
            str(path),
            # "" is Python's default (BEGIN before writes); the stubs list only the
            # explicit modes.
            isolation_level=None if autocommit else "",  # type: ignore[arg-type]
            check_same_thread=False,
            timeout=30,
        )
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA busy_timeout = 30000")
    except sqlite3.Error as exc:
        raise StoreError(f"cannot open SQLite database {path}: {exc}") from None
    try:
        probe_sqlite(conn, path)
    except StoreError:
        conn.close()
        raise
    return conn


def connect_postgresql(target: Target, autocommit: bool = True) -> Any:
    """A raw psycopg 3 connection; in autocommit mode transactions are explicit."""
    import psycopg  # pinned; imported here so SQLite users never load it

    try:
        conn = psycopg.connect(target.location, autocommit=True, connect_timeout=10)
    except psycopg.Error as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise StoreError(f"cannot connect to {target.label}: {first}") from None
    if target.schema:
        conn.execute(f'CREATE SCHEMA IF NOT EXISTS "{target.schema}"')
        conn.execute(f'SET search_path TO "{target.schema}"')
    if not autocommit:
        conn.autocommit = False
    return conn


def raw_connect(target: Target, create: bool = True, autocommit: bool = True) -> Any:
    """A fresh DB-API connection to the target."""
    if target.dialect == "sqlite":
        return connect_sqlite(target, create, autocommit)
    return connect_postgresql(target, autocommit)
