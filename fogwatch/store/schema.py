"""Versioned migrations, recorded in ``schema_version``.

Each migration is a list of statements valid on SQLite and PostgreSQL alike (TEXT for
JSON and ISO dates, INTEGER 0/1 for flags, DOUBLE PRECISION for coordinates); the few
that cannot be (triggers) are given per engine as ``{"sqlite": ..., "postgresql": ...}``. A store is
brought up to :data:`LATEST` when opened; a store from a newer Fogwatch is refused.
"""

from __future__ import annotations

import datetime as dt

from fogwatch.store.db import APPLICATION_ID, Database, StoreError

APPLICATION = "fogwatch"
# The migration that adds the review log (its number moves if another lands first).
REVIEWS_VERSION = 3
# The migration that adds full-text search over articles.
SEARCH_VERSION = 5
# An article's words for PostgreSQL's full-text search: the 'simple' configuration
# (lower case, no stemming, no stop words), as SQLite's unicode61 tokenizer reads them.
ARTICLE_TSVECTOR = "to_tsvector('simple', COALESCE(title, '') || ' ' || text)"

MIGRATIONS: list[tuple[int, str, list[str | dict[str, str]]]] = [
    (
        1,
        "articles, readings, event reports, claims, figures, events and their links",
        [
            """CREATE TABLE articles (
                id TEXT PRIMARY KEY,
                outlet TEXT,
                url TEXT,
                published TEXT,
                title TEXT,
                text TEXT NOT NULL,
                ingested_at TEXT NOT NULL
            )""",
            "CREATE INDEX articles_published ON articles (published)",
            """CREATE TABLE readings (
                article_id TEXT PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
                reader_version TEXT NOT NULL,
                reading TEXT NOT NULL
            )""",
            # One row per EventReport; ``data`` is the self-contained view reconcile reads.
            """CREATE TABLE event_reports (
                id TEXT PRIMARY KEY,
                article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
                idx INTEGER NOT NULL,
                event_type TEXT,
                sub_event_type TEXT,
                date TEXT,
                day TEXT,
                country TEXT,
                iso TEXT,
                admin1 TEXT,
                admin2 TEXT,
                location TEXT,
                latitude DOUBLE PRECISION,
                longitude DOUBLE PRECISION,
                geo_precision INTEGER,
                actor1 TEXT,
                actor2 TEXT,
                fatalities INTEGER NOT NULL DEFAULT 0,
                background INTEGER NOT NULL DEFAULT 0,
                data TEXT NOT NULL
            )""",
            "CREATE INDEX event_reports_day ON event_reports (day)",
            "CREATE INDEX event_reports_article ON event_reports (article_id)",
            """CREATE TABLE claims (
                id TEXT PRIMARY KEY,
                article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
                report_id TEXT,
                idx INTEGER NOT NULL,
                type TEXT NOT NULL,
                speaker TEXT,
                speaker_kind TEXT,
                target TEXT,
                polarity TEXT,
                cue TEXT,
                text TEXT NOT NULL,
                background INTEGER NOT NULL DEFAULT 0,
                figure_id TEXT,
                published TEXT,
                outlet TEXT,
                start_offset INTEGER,
                end_offset INTEGER
            )""",
            "CREATE INDEX claims_article ON claims (article_id)",
            "CREATE INDEX claims_report ON claims (report_id)",
            """CREATE TABLE figures (
                id TEXT PRIMARY KEY,
                article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
                report_id TEXT,
                idx INTEGER NOT NULL,
                kind TEXT NOT NULL,
                low INTEGER,
                high INTEGER,
                count INTEGER NOT NULL,
                text TEXT NOT NULL,
                hedge TEXT,
                vague TEXT,
                victims TEXT,
                side TEXT NOT NULL,
                claimant TEXT,
                claimant_kind TEXT,
                stance TEXT,
                total INTEGER NOT NULL DEFAULT 0,
                negated INTEGER NOT NULL DEFAULT 0,
                background INTEGER NOT NULL DEFAULT 0,
                start_offset INTEGER,
                end_offset INTEGER,
                sentence TEXT
            )""",
            "CREATE INDEX figures_article ON figures (article_id)",
            "CREATE INDEX figures_report ON figures (report_id)",
            # Columns are what filters and sorts need; ``summary`` and ``detail`` are JSON.
            """CREATE TABLE events (
                id TEXT PRIMARY KEY,
                date TEXT,
                week TEXT,
                event_type TEXT,
                sub_event_type TEXT,
                country TEXT,
                iso TEXT,
                admin1 TEXT,
                admin2 TEXT,
                location TEXT,
                latitude DOUBLE PRECISION,
                longitude DOUBLE PRECISION,
                actors TEXT,
                search TEXT,
                fatalities INTEGER NOT NULL DEFAULT 0,
                best INTEGER,
                contested INTEGER NOT NULL DEFAULT 0,
                deaths_state INTEGER NOT NULL DEFAULT 0,
                deaths_nonstate INTEGER NOT NULL DEFAULT 0,
                deaths_civilians INTEGER NOT NULL DEFAULT 0,
                deaths_unknown INTEGER NOT NULL DEFAULT 0,
                first_reported TEXT,
                last_reported TEXT,
                n_sources INTEGER NOT NULL DEFAULT 0,
                n_outlets INTEGER NOT NULL DEFAULT 0,
                summary TEXT NOT NULL,
                detail TEXT NOT NULL
            )""",
            "CREATE INDEX events_date ON events (date)",
            "CREATE INDEX events_country ON events (country)",
            """CREATE TABLE event_links (
                report_id TEXT PRIMARY KEY REFERENCES event_reports (id) ON DELETE CASCADE,
                event_id TEXT NOT NULL REFERENCES events (id) ON DELETE CASCADE
            )""",
            "CREATE INDEX event_links_event ON event_links (event_id)",
        ],
    ),
    (
        2,
        "candidate links between reports, with their reasons; events rebuilt by the rule "
        "that does not chain",
        [
            """CREATE TABLE report_links (
                report_a TEXT NOT NULL REFERENCES event_reports (id) ON DELETE CASCADE,
                report_b TEXT NOT NULL REFERENCES event_reports (id) ON DELETE CASCADE,
                score DOUBLE PRECISION NOT NULL,
                reasons TEXT NOT NULL,
                PRIMARY KEY (report_a, report_b)
            )""",
            "CREATE INDEX report_links_b ON report_links (report_b)",
            # The candidate index: each dated news report under every (country, day) its
            # incident can fall on; a new report is compared only with those it meets here.
            """CREATE TABLE report_keys (
                country TEXT NOT NULL,
                day TEXT NOT NULL,
                report_id TEXT NOT NULL REFERENCES event_reports (id) ON DELETE CASCADE,
                PRIMARY KEY (country, day, report_id)
            )""",
            "CREATE INDEX report_keys_day ON report_keys (day)",
            "CREATE INDEX report_keys_report ON report_keys (report_id)",
        ],
    ),
    (
        REVIEWS_VERSION,
        "analyst reviews (an append-only log) and API tokens; events carry their review status",
        [
            # One row per changed field. ``seq`` orders the log (assigned under the
            # writers' lock); ``change_id`` groups the rows of one submitted change.
            # ``anchor`` is JSON that finds the target again after a rebuild or a re-read.
            """CREATE TABLE reviews (
                seq INTEGER PRIMARY KEY,
                change_id TEXT NOT NULL,
                created_at TEXT NOT NULL,
                reviewer TEXT NOT NULL,
                target_kind TEXT NOT NULL,
                target_id TEXT NOT NULL,
                anchor_report TEXT,
                anchor TEXT NOT NULL,
                action TEXT NOT NULL,
                field TEXT,
                value_before TEXT,
                value_after TEXT,
                reason TEXT NOT NULL,
                source_url TEXT,
                event_version INTEGER NOT NULL DEFAULT 0
            )""",
            "CREATE INDEX reviews_target ON reviews (target_kind, target_id)",
            "CREATE INDEX reviews_anchor ON reviews (anchor_report)",
            {
                "sqlite": "CREATE TRIGGER reviews_no_update BEFORE UPDATE ON reviews "
                "BEGIN SELECT RAISE(ABORT, 'the review log is append-only'); END",
                "postgresql": "CREATE FUNCTION fogwatch_reviews_append_only() RETURNS trigger "
                "LANGUAGE plpgsql AS $$ BEGIN "
                "RAISE EXCEPTION 'the review log is append-only'; END $$",
            },
            {
                "sqlite": "CREATE TRIGGER reviews_no_delete BEFORE DELETE ON reviews "
                "BEGIN SELECT RAISE(ABORT, 'the review log is append-only'); END",
                "postgresql": "CREATE TRIGGER reviews_append_only BEFORE UPDATE OR DELETE "
                "ON reviews FOR EACH ROW EXECUTE FUNCTION fogwatch_reviews_append_only()",
            },
            {
                "sqlite": "SELECT 1",
                "postgresql": "CREATE TRIGGER reviews_no_truncate BEFORE TRUNCATE ON reviews "
                "FOR EACH STATEMENT EXECUTE FUNCTION fogwatch_reviews_append_only()",
            },
            """CREATE TABLE api_tokens (
                name TEXT PRIMARY KEY,
                role TEXT NOT NULL,
                digest TEXT NOT NULL UNIQUE,
                created_at TEXT NOT NULL,
                revoked_at TEXT
            )""",
            "ALTER TABLE events ADD COLUMN review_status TEXT NOT NULL DEFAULT 'unreviewed'",
            "ALTER TABLE events ADD COLUMN review_version INTEGER NOT NULL DEFAULT 0",
        ],
    ),
    (
        4,
        "indexes for the lists, filters and counts of a large store (benchmarks/api_load.py)",
        [
            # The default order of every list (newest first, undated last), so a page is
            # read off the index instead of sorting every event.
            "CREATE INDEX events_by_date ON events ((date IS NULL), date DESC, id)",
            # The filters compare in lower case (store/filters.py). Migration 6 replaces
            # these two with indexes in the default order, and adds one for event types.
            "CREATE INDEX events_country_key ON events (LOWER(country))",
            "CREATE INDEX events_iso_key ON events (LOWER(iso))",
            # Everything Store.stats sums, in its GROUP BY order: the tallies read this
            # index, not the events' JSON.
            "CREATE INDEX events_tally ON events (event_type, week, date, fatalities, contested, "
            "deaths_state, deaths_nonstate, deaths_civilians, deaths_unknown)",
        ],
    ),
    (
        SEARCH_VERSION,
        "full-text search over article titles and text (SQLite FTS5, PostgreSQL tsvector)",
        [
            # SQLite: an FTS5 table of its own, keyed by article id (an external-content
            # table would key on articles' implicit rowid, which VACUUM may renumber),
            # kept in step with articles by triggers and filled from the stored articles.
            {
                "sqlite": "CREATE VIRTUAL TABLE articles_fts USING fts5(article_id UNINDEXED, "
                "title, text, tokenize = 'unicode61 remove_diacritics 2')",
                # PostgreSQL: an expression index the search condition repeats word for word.
                "postgresql": f"CREATE INDEX articles_fts ON articles USING GIN ({ARTICLE_TSVECTOR})",
            },
            {
                "sqlite": "CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN "
                "INSERT INTO articles_fts (article_id, title, text) "
                "VALUES (new.id, COALESCE(new.title, ''), new.text); END",
                "postgresql": "SELECT 1",
            },
            {
                "sqlite": "CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN "
                "DELETE FROM articles_fts WHERE article_id = old.id; END",
                "postgresql": "SELECT 1",
            },
            {
                "sqlite": "CREATE TRIGGER articles_fts_update AFTER UPDATE ON articles BEGIN "
                "DELETE FROM articles_fts WHERE article_id = old.id; "
                "INSERT INTO articles_fts (article_id, title, text) "
                "VALUES (new.id, COALESCE(new.title, ''), new.text); END",
                "postgresql": "SELECT 1",
            },
            {
                "sqlite": "INSERT INTO articles_fts (article_id, title, text) "
                "SELECT id, COALESCE(title, ''), text FROM articles",
                "postgresql": "SELECT 1",
            },
        ],
    ),
    (
        6,
        "indexes that give a country's or an event type's events in the default order",
        [
            # A filtered page walked the rows of its country to sort them by date (17 ms
            # for a country's page at 50,000 events), or walked events_by_date until it had
            # passed the offset of one type's events. These give the filter's events in the
            # default order, so a page and its count read the index alone; they replace
            # migration 4's country and iso keys, which they begin with. (Written to
            # be run again over a store that has them, as a test that replays 5 does.)
            "CREATE INDEX IF NOT EXISTS events_country_order ON events "
            "(LOWER(country), (date IS NULL), date DESC, id)",
            "CREATE INDEX IF NOT EXISTS events_iso_order ON events "
            "(LOWER(iso), (date IS NULL), date DESC, id)",
            "CREATE INDEX IF NOT EXISTS events_type_order ON events "
            "(LOWER(event_type), (date IS NULL), date DESC, id)",
            "DROP INDEX IF EXISTS events_country_key",
            "DROP INDEX IF EXISTS events_iso_key",
        ],
    ),
]

LATEST = MIGRATIONS[-1][0]
_OUR_TABLES = {
    "articles", "readings", "event_reports", "claims", "figures", "events", "event_links",
    "report_links", "report_keys", "reviews", "api_tokens",
}


def _tables(db: Database) -> set[str]:
    if db.dialect == "sqlite":
        rows = db.query("SELECT name FROM sqlite_master WHERE type = 'table'")
    else:
        rows = db.query(
            "SELECT table_name AS name FROM information_schema.tables "
            "WHERE table_schema = current_schema()"
        )
    return {r["name"] for r in rows}


def current_version(db: Database) -> int | None:
    """The store's schema version, None if this is an empty database (not yet a store).

    Raises :class:`StoreError` when the database holds someone else's tables.
    """
    tables = _tables(db)
    if "schema_version" not in tables:
        if db.dialect == "sqlite":
            foreign = sorted(tables - {"sqlite_sequence"})
        else:
            # A PostgreSQL database is often shared; only our own table names clash.
            foreign = sorted(tables & _OUR_TABLES)
        if foreign:
            raise StoreError(
                f"{db.target.label} is a database but not a Fogwatch store "
                f"(it has tables {', '.join(foreign[:8])}); refusing to modify it"
            )
        return None
    rows = db.query("SELECT version, application FROM schema_version")
    if any(r["application"] != APPLICATION for r in rows):
        raise StoreError(
            f"{db.target.label} has a schema_version table that is not Fogwatch's; "
            "refusing to modify it"
        )
    return max((int(r["version"]) for r in rows), default=0)


def migrate(db: Database, create: bool = True) -> int:
    """Bring the store to :data:`LATEST`; returns the version it is at."""
    version = current_version(db)
    if version is None and not create:
        raise StoreError(f"{db.target.label} is not a Fogwatch store yet (nothing ingested)")
    if version is not None and version > LATEST:
        raise StoreError(
            f"{db.target.label} was written by a newer Fogwatch (schema v{version}); "
            f"this version knows up to v{LATEST}"
        )
    db.upgraded_from = version
    if version == LATEST:
        return version
    with db.transaction(lock_key=APPLICATION_ID):
        # Read again under the lock: another process may have migrated meanwhile.
        version = current_version(db)
        if version is None:
            db.execute(
                "CREATE TABLE schema_version (version INTEGER PRIMARY KEY, "
                "description TEXT NOT NULL, application TEXT NOT NULL, applied_at TEXT NOT NULL)"
            )
            version = 0
            if db.dialect == "sqlite":
                db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        for number, description, statements in MIGRATIONS:
            if number <= version:
                continue
            for statement in statements:
                db.execute(statement[db.dialect] if isinstance(statement, dict) else statement)
            db.execute(
                "INSERT INTO schema_version (version, description, application, applied_at) "
                "VALUES (?, ?, ?, ?)",
                (number, description, APPLICATION, dt.datetime.now(dt.UTC).isoformat()),
            )
            version = number
    return version
