"""The store: articles, readings, reports, claims, figures and reconciled events.

One class over SQLite and PostgreSQL. Every article is stored in one transaction that
also reconciles its reports into events, so an interrupted ingest leaves either the
whole article (with its events updated) or nothing of it.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
from collections import Counter, OrderedDict
from collections.abc import Iterator
from typing import Any

from fogwatch.filters import DEFAULT_LIMIT, EventFilter, cap_limit
from fogwatch.model import Article, ArticleReading, ReportView
from fogwatch.model.event import Event, EventSummary
from fogwatch.reconcile import (
    Match,
    Matcher,
    UnionFind,
    build_event,
    cluster_component,
    explain,
    index_keys,
    links,
    probe_keys,
    report_views,
)
from fogwatch.reconcile.reports import claim_rows, figure_rows
from fogwatch.store.db import APPLICATION_ID, Database, StoreError, Target, raw_connect
from fogwatch.store.filters import claim_where, event_where, order_by
from fogwatch.store.review import log as review_log
from fogwatch.store.schema import migrate

VIEW_CACHE_SIZE = 3_000  # reports of the last days in view: what new reports meet
_STATS_KEPT = 64  # filters whose counts Store.stats keeps


def _dumps(value: Any) -> str:
    # Sorted keys and no spaces: the same reading is the same bytes in every store.
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def _joined_because(why: dict[str, Any]) -> list[str]:
    """The reasons of an event's links, most common first (for summaries)."""
    counts = Counter(reason for e in why["joined"] for reason in e["reasons"])
    return [reason for reason, _ in counts.most_common(6)]


class Store:
    """A Fogwatch store; open one with :func:`fogwatch.store.open_store`."""

    def __init__(self, db: Database):
        self.db = db
        self._view_cache: OrderedDict[str, ReportView] = OrderedDict()
        # Store.stats answers by filter, kept while the database is unchanged (SQLite).
        self._stats_cache: OrderedDict[str, tuple[tuple[int, int], dict[str, Any]]]
        self._stats_cache = OrderedDict()
        # SQLite's quick_check findings when opened with integrity="report"; [] if sound.
        self.damage: list[str] = []
        self.target: Target = db.target
        self.dialect: str = db.dialect

    # -- lifecycle ----------------------------------------------------------------
    def close(self) -> None:
        """Close the connection."""
        self.db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def connect(self) -> Any:
        """A new DB-API connection to the same database, for other modules' own tables.

        A standard connection (not autocommit: ``commit()`` / ``rollback()`` as usual);
        placeholders are ``?`` on SQLite and ``%s`` on PostgreSQL (see :attr:`dialect`, or
        rewrite with :meth:`sql`). The caller closes it.
        """
        return raw_connect(self.target, create=False, autocommit=False)

    def sql(self, text: str) -> str:
        """Rewrite ``?`` placeholders for this store's engine."""
        return self.db.sql(text)

    # -- writing ------------------------------------------------------------------
    def add(self, article: Article, reading: ArticleReading) -> bool:
        """Store one article and its reading and reconcile its reports into events.

        Returns False (and changes nothing) if the article is already stored.
        """
        if reading.article_id != article.id:
            raise StoreError(
                f"reading is of article {reading.article_id!r}, not {article.id!r}"
            )
        now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        views = report_views(article, reading)
        with self.db.transaction(lock_key=APPLICATION_ID) as db:
            inserted = db.execute(
                "INSERT INTO articles (id, outlet, url, published, title, text, ingested_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING",
                (article.id, article.outlet, article.url, article.published, article.title,
                 article.text, now),
            )
            if inserted != 1:
                return False
            db.execute(
                "INSERT INTO readings (article_id, reader_version, reading) VALUES (?, ?, ?)",
                (article.id, reading.reader_version, _dumps(reading.model_dump(mode="json"))),
            )
            self._insert_details(db, article, reading, views)
            news = [v for v in views if not v.background]
            self._reconcile(db, news)
            # Reviewers' merges and splits, over the reconciler's grouping.
            review_log.enforce(self, db, [v.id for v in news])
        return True

    def _insert_details(
        self, db: Database, article: Article, reading: ArticleReading, views: list[ReportView]
    ) -> None:
        report_of_figure: dict[str, str] = {}
        report_of_claim: dict[str, str] = {}
        for v in views:
            for f in v.figures:
                report_of_figure.setdefault(f.id, v.id)
            for c in v.claims:
                report_of_claim.setdefault(c.id, v.id)
        db.executemany(
            db.sql(
                "INSERT INTO event_reports (id, article_id, idx, event_type, sub_event_type, "
                "date, day, country, iso, admin1, admin2, location, latitude, longitude, "
                "geo_precision, actor1, actor2, fatalities, background, data) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
            ),
            [
                (
                    v.id, article.id, v.idx, e.event_type, e.sub_event_type,
                    e.date, v.day, e.country, e.iso, e.admin1,
                    e.admin2, e.location, e.latitude, e.longitude,
                    e.geo_precision, e.actor1, e.actor2,
                    e.fatalities or 0, int(v.background), _dumps(v.model_dump(mode="json")),
                )
                for v in views
                for e in [v.event]
            ],
        )
        db.executemany(
            db.sql(
                "INSERT INTO figures (id, article_id, report_id, idx, kind, low, high, count, "
                "text, hedge, vague, victims, side, claimant, claimant_kind, stance, total, "
                "negated, background, start_offset, end_offset, sentence) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
            ),
            [
                (
                    f.id, article.id, report_of_figure.get(f.id), f.idx, f.kind,
                    f.low, f.high, f.count, f.text, f.hedge, f.vague,
                    f.victims, f.side, f.claimant, f.claimant_kind, f.stance,
                    int(f.total), int(f.negated), int(f.background),
                    f.evidence.start, f.evidence.end,
                    f.sentence.text if f.sentence else None,
                )
                for f in figure_rows(article, reading)
            ],
        )
        db.executemany(
            db.sql(
                "INSERT INTO claims (id, article_id, report_id, idx, type, speaker, speaker_kind, "
                "target, polarity, cue, text, background, figure_id, published, outlet, "
                "start_offset, end_offset) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
            ),
            [
                (
                    c.id, article.id, report_of_claim.get(c.id), c.idx, c.type,
                    c.speaker, c.speaker_kind, c.target, c.polarity, c.cue,
                    c.text, int(c.background), c.figure_id, c.published,
                    c.outlet, c.evidence.start, c.evidence.end,
                )
                for c in claim_rows(article, reading)
            ],
        )

    def _reconcile(self, db: Database, news: list[ReportView]) -> None:
        """File the new reports in the candidate index (country, day), link them to the
        stored reports they meet there, then rebuild the events of their neighbourhood
        (the reports joined to them by candidate links), and only those."""
        if not news:
            return
        self._write_keys(db, news)
        match = Matcher()
        rows = self._candidates(db, news)
        candidates = self._views(db, rows)
        new_links: list[tuple[str, str, Match]] = []
        for v in news:
            for rid in sorted(candidates):
                m = match(v, candidates[rid])
                if m.linked:
                    a, b = sorted((v.id, rid))
                    new_links.append((a, b, m))
        self._write_links(db, new_links)
        ids, pairs = self._neighbourhood(db, {v.id for v in news})
        views = {v.id: v for v in news}
        views.update(self._views(db, sorted(ids - set(views))))
        uf = UnionFind(sorted(ids))
        for a, b in pairs:
            uf.union(a, b)
        for group in uf.groups():
            members = [views[i] for i in group if i in views]
            if members:
                self._rebuild_neighbourhood(db, members, match)

    def _write_keys(self, db: Database, news: list[ReportView]) -> None:
        db.executemany(
            db.sql(
                "INSERT INTO report_keys (country, day, report_id) VALUES (?, ?, ?) "
                "ON CONFLICT DO NOTHING"
            ),
            [(country, day, v.id) for v in news for country, day in index_keys(v)],
        )

    def _candidates(self, db: Database, news: list[ReportView]) -> list[str]:
        """Stored reports of other articles filed under one of the new reports' keys (a
        report of no known country meets every country on its days)."""
        article_id = news[0].article_id
        found: set[str] = set()
        exact = sorted({k for v in news if v.event.iso for k in probe_keys(v)})
        anywhere = sorted({d for v in news if not v.event.iso
                           for _, d in index_keys(v)})
        for i in range(0, len(exact), 200):
            chunk = exact[i:i + 200]
            rows = db.query(
                "SELECT DISTINCT k.report_id FROM report_keys k "
                "JOIN event_reports r ON r.id = k.report_id WHERE r.article_id <> ? AND ("
                + " OR ".join("(k.country = ? AND k.day = ?)" for _ in chunk) + ")",
                [article_id, *(x for key in chunk for x in key)],
            )
            found.update(r["report_id"] for r in rows)
        for i in range(0, len(anywhere), 200):
            days = anywhere[i:i + 200]
            rows = db.query(
                "SELECT DISTINCT k.report_id FROM report_keys k "
                "JOIN event_reports r ON r.id = k.report_id WHERE r.article_id <> ? AND "
                f"k.day IN ({', '.join('?' for _ in days)})",
                [article_id, *days],
            )
            found.update(r["report_id"] for r in rows)
        return sorted(found)

    def _neighbourhood(self, db: Database, ids: set[str]) -> tuple[set[str], set[tuple[str, str]]]:
        """Every report reachable from ``ids`` through stored candidate links or a shared
        event, and the links among them. A reviewer's merge holds reports that no link
        joins; rebuilding one report's event drops the event for all its reports, so
        every report of it (and their own links) is rebuilt too."""
        ids = set(ids)
        pairs: set[tuple[str, str]] = set()
        frontier = set(ids)
        while frontier:
            batch = sorted(frontier)
            reached: set[str] = set()
            for i in range(0, len(batch), 400):
                chunk = batch[i:i + 400]
                marks = ", ".join("?" for _ in chunk)
                for r in db.query(
                    f"SELECT report_a, report_b FROM report_links WHERE report_a IN ({marks}) "
                    f"UNION SELECT report_a, report_b FROM report_links WHERE report_b IN ({marks})",
                    [*chunk, *chunk],
                ):
                    pairs.add((r["report_a"], r["report_b"]))
                    reached.update((r["report_a"], r["report_b"]))
                for r in db.query(
                    "SELECT l.report_id FROM event_links l JOIN event_links m "
                    f"ON m.event_id = l.event_id WHERE m.report_id IN ({marks})",
                    chunk,
                ):
                    reached.add(r["report_id"])
            frontier = reached - ids
            ids |= reached
        return ids, pairs

    def _write_links(self, db: Database, found: list[tuple[str, str, Match]]) -> None:
        db.executemany(
            db.sql(
                "INSERT INTO report_links (report_a, report_b, score, reasons) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (report_a, report_b) DO UPDATE SET score = excluded.score, "
                "reasons = excluded.reasons"
            ),
            [(x, y, m.score, _dumps(m.reasons)) for x, y, m in found],
        )

    def _rebuild_neighbourhood(
        self, db: Database, reports: list[ReportView], match: Matcher
    ) -> None:
        """Replace the events of these reports by the events the rule builds from them."""
        ids = [r.id for r in reports]
        old: set[str] = set()
        for i in range(0, len(ids), 500):
            chunk = ids[i:i + 500]
            old |= {
                r["event_id"]
                for r in db.query(
                    f"SELECT event_id FROM event_links WHERE report_id IN "
                    f"({', '.join('?' for _ in chunk)})",
                    chunk,
                )
            }
        for eid in sorted(old):
            db.execute("DELETE FROM event_links WHERE event_id = ?", (eid,))
            db.execute("DELETE FROM events WHERE id = ?", (eid,))
        groups = cluster_component(reports, match)
        reasons = explain(groups, match)
        for group in groups:
            event = build_event(group)
            why = reasons[event["id"]]
            event["detail"]["explain"] = why
            event["summary"]["joined_because"] = _joined_because(why)
            event["summary"]["undated"] = all(r.interval is None for r in group)
            self._write_event(db, event)

    def _views(self, db: Database, report_ids: list[str]) -> dict[str, ReportView]:
        """Report views by id. A report never changes once stored, so decoded views are
        kept in a bounded cache: reconciling reads the same recent reports again and again."""
        out: dict[str, ReportView] = {}
        missing: list[str] = []
        for rid in report_ids:
            view = self._view_cache.get(rid)
            if view is None:
                missing.append(rid)
            else:
                out[rid] = view
                self._view_cache.move_to_end(rid)
        for i in range(0, len(missing), 500):
            chunk = missing[i:i + 500]
            rows = db.query(
                f"SELECT id, data FROM event_reports WHERE id IN ({', '.join('?' for _ in chunk)})",
                chunk,
            )
            for r in rows:
                out[r["id"]] = ReportView.model_validate_json(r["data"])
        # Cache only what is committed (or in this transaction: the same either way,
        # since a report's data is written once and never updated).
        self._view_cache.update(out)
        while len(self._view_cache) > VIEW_CACHE_SIZE:
            self._view_cache.popitem(last=False)
        return out

    def _write_event(self, db: Database, event: dict[str, Any]) -> None:
        # Every event is written with its reviews applied (fogwatch.store.review).
        event = review_log.reviewed_event(self, db, event)
        cols = dict(event["columns"])
        cols["summary"] = _dumps(event["summary"])
        cols["detail"] = _dumps(event["detail"])
        names = list(cols)
        db.execute(
            f"INSERT INTO events ({', '.join(names)}) VALUES ({', '.join('?' for _ in names)})",
            [cols[n] for n in names],
        )
        db.executemany(
            db.sql(
                "INSERT INTO event_links (report_id, event_id) VALUES (?, ?) "
                "ON CONFLICT (report_id) DO UPDATE SET event_id = excluded.event_id"
            ),
            [(rid, event["id"]) for rid in event["detail"]["reports"]],
        )

    def rebuild_events(self, refresh_views: bool = True) -> int:
        """Recompute every event from the stored reports (after changing the rule's
        thresholds, or to migrate a store built by an older rule); returns the number of
        events. With ``refresh_views`` each report's view is first made again from its
        stored article and reading, so a store written before a view field existed gets
        it. Articles, readings, reports, claims and figures are kept as they are."""
        with self.db.transaction(lock_key=APPLICATION_ID) as db:
            if refresh_views:
                self._refresh_views(db)
            reports = [
                ReportView.model_validate_json(r["data"])
                for r in db.query(
                    "SELECT data FROM event_reports WHERE background = 0 ORDER BY id"
                )
            ]
            self._view_cache.clear()
            for table in ("report_links", "report_keys", "event_links", "events"):
                db.execute(f"DELETE FROM {table}")
            self._write_keys(db, reports)
            match = Matcher()
            found = links(reports, match)
            self._write_links(db, found)
            uf = UnionFind(r.id for r in reports)
            for a, b, _ in found:
                uf.union(a, b)
            by_id = {r.id: r for r in reports}
            for group in uf.groups():
                self._rebuild_neighbourhood(db, [by_id[i] for i in group], match)
            # Reviewers' merges and splits, over the rule's grouping.
            review_log.enforce(self, db, None)
            return int(db.scalar("SELECT COUNT(*) FROM events") or 0)

    def _refresh_views(self, db: Database) -> None:
        """Make each stored report's view again from its article and reading."""
        rows = db.query(
            "SELECT a.id, a.outlet, a.url, a.published, a.title, a.text, r.reading "
            "FROM articles a JOIN readings r ON r.article_id = a.id ORDER BY a.id"
        )
        for row in rows:
            article = Article(id=row["id"], outlet=row["outlet"], url=row["url"],
                              published=row["published"], title=row["title"], text=row["text"])
            reading = ArticleReading.model_validate_json(row["reading"])
            for v in report_views(article, reading):
                db.execute("UPDATE event_reports SET day = ?, data = ? WHERE id = ?",
                           (v.day, _dumps(v.model_dump(mode="json")), v.id))

    def explain_event(self, event_id: str) -> dict[str, Any] | None:
        """Why an event holds its reports (each joined report, the report it matched
        best, the score and the reasons) and why its nearest neighbours are apart."""
        event = self.event(event_id)
        if event is None:
            return None
        why = (event.explain.model_dump(mode="json", exclude_unset=True) if event.explain
               else {"joined": [], "apart": []})
        return {"id": event_id, "reports": event.reports, **why}

    # -- reading ------------------------------------------------------------------
    def has_article(self, article_id: str) -> bool:
        """Whether an article with this id is stored."""
        return self.db.scalar("SELECT 1 FROM articles WHERE id = ?", (article_id,)) is not None

    def article_ids(self) -> set[str]:
        """The ids of every stored article."""
        return {r["id"] for r in self.db.query("SELECT id FROM articles")}

    def count_articles(self) -> int:
        """How many articles are stored."""
        return int(self.db.scalar("SELECT COUNT(*) FROM articles") or 0)

    def events(
        self,
        filters: EventFilter | None = None,
        limit: int = DEFAULT_LIMIT,
        offset: int = 0,
    ) -> list[EventSummary]:
        """Event summaries matching ``filters``, in the order of its ``sort`` (see
        :data:`fogwatch.filters.SORT_KEYS`); at most :data:`~fogwatch.filters.MAX_LIMIT`."""
        return [EventSummary.model_validate_json(text)
                for text in self.events_json(filters, limit, offset)]

    def events_json(
        self,
        filters: EventFilter | None = None,
        limit: int = DEFAULT_LIMIT,
        offset: int = 0,
    ) -> list[str]:
        """:meth:`events` as the stored JSON texts, undecoded: what the API sends as it
        is. Each text is an :class:`EventSummary`'s :meth:`~EventSummary.as_json`,
        written with sorted keys and no spaces when the event was built."""
        f = filters or EventFilter()
        where, params = event_where(f, "e", self.db.dialect)
        # The page's ids first: a sort that no index serves then orders ids and dates,
        # not every matching event's JSON.
        ids = [r["id"] for r in self.db.query(
            f"SELECT e.id FROM events e WHERE {where} ORDER BY {order_by(f)} LIMIT ? OFFSET ?",
            [*params, cap_limit(limit), max(0, int(offset))],
        )]
        if not ids:
            return []
        marks = ", ".join("?" for _ in ids)
        rows = self.db.query(f"SELECT id, summary FROM events WHERE id IN ({marks})", ids)
        text = {r["id"]: r["summary"] for r in rows}
        return [text[i] for i in ids if i in text]

    def iter_events(
        self, filters: EventFilter | None = None, page: int = 500
    ) -> Iterator[Event]:
        """Every matching event with its detail (for exports), in date order whatever
        the filter's sort, read a page at a time."""
        f = (filters or EventFilter()).with_(sort="date")
        where, params = event_where(f, "e", self.db.dialect)
        offset = 0
        while True:
            rows = self.db.query(
                f"SELECT e.summary, e.detail FROM events e WHERE {where} "
                f"ORDER BY {order_by(f)} LIMIT ? OFFSET ?",
                [*params, page, offset],
            )
            for r in rows:
                yield Event.from_stored(r["summary"], r["detail"])
            if len(rows) < page:
                return
            offset += page

    def count_events(self, filters: EventFilter | None = None) -> int:
        """How many events match ``filters``."""
        where, params = event_where(filters or EventFilter(), "e", self.db.dialect)
        return int(self.db.scalar(f"SELECT COUNT(*) FROM events e WHERE {where}", params) or 0)

    def event(self, event_id: str) -> Event | None:
        """One event: its summary plus ``ledger``, ``figures``, ``ranges``, ``articles``,
        ``evidence`` (sentences with article ids and offsets) and ``measures``."""
        rows = self.db.query("SELECT summary, detail FROM events WHERE id = ?", (event_id,))
        return Event.from_stored(rows[0]["summary"], rows[0]["detail"]) if rows else None

    def event_ids_with_prefix(self, prefix: str, limit: int = 5) -> list[str]:
        """Ids of events that start with ``prefix`` (the short ids tables show), sorted."""
        escaped = prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        rows = self.db.query(
            "SELECT id FROM events WHERE id LIKE ? ESCAPE '\\' ORDER BY id LIMIT ?",
            (escaped + "%", int(limit)),
        )
        return [r["id"] for r in rows]

    def claims(
        self, filters: EventFilter | None = None, limit: int = DEFAULT_LIMIT, offset: int = 0
    ) -> list[dict[str, Any]]:
        """Claims (who said what, with the sentence), newest report first."""
        where, params = claim_where(filters or EventFilter(), self.db.dialect)
        rows = self.db.query(
            "SELECT c.id, c.article_id, c.type, c.speaker, c.speaker_kind, c.target, "
            "c.polarity, c.cue, c.text, c.background, c.published, c.outlet, "
            "c.start_offset, c.end_offset, c.figure_id, l.event_id, "
            "f.kind AS figure_kind, f.low AS figure_low, f.high AS figure_high, "
            "f.count AS figure_count, f.text AS figure_text, f.victims AS figure_victims, "
            "f.side AS figure_side, e.contested AS contested "
            "FROM claims c "
            "LEFT JOIN event_links l ON l.report_id = c.report_id "
            "LEFT JOIN events e ON e.id = l.event_id "
            "LEFT JOIN figures f ON f.id = c.figure_id "
            f"WHERE {where} "
            "ORDER BY c.published DESC, c.article_id ASC, c.idx ASC LIMIT ? OFFSET ?",
            [*params, cap_limit(limit), max(0, int(offset))],
        )
        out = []
        for r in rows:
            figure = None
            if r["figure_id"]:
                figure = {
                    "kind": r.pop("figure_kind"),
                    "low": r.pop("figure_low"),
                    "high": r.pop("figure_high"),
                    "count": r.pop("figure_count"),
                    "text": r.pop("figure_text"),
                    "victims": r.pop("figure_victims"),
                    "side": r.pop("figure_side"),
                }
            for k in [k for k in r if k.startswith("figure_") and k != "figure_id"]:
                r.pop(k)
            r["figure"] = figure
            r["background"] = bool(r["background"])
            r["contested"] = bool(r["contested"]) if r["contested"] is not None else None
            r["claimant"] = r["speaker"]
            r["evidence"] = {
                "article_id": r["article_id"],
                "start": r.pop("start_offset"),
                "end": r.pop("end_offset"),
                "text": r["text"],
            }
            out.append(r)
        review_log.claim_verdicts(self, self.db, out)
        return out

    def count_claims(self, filters: EventFilter | None = None) -> int:
        """How many claims match ``filters``."""
        where, params = claim_where(filters or EventFilter(), self.db.dialect)
        return int(
            self.db.scalar(
                "SELECT COUNT(*) FROM claims c "
                "LEFT JOIN event_links l ON l.report_id = c.report_id "
                f"LEFT JOIN events e ON e.id = l.event_id WHERE {where}",
                params,
            )
            or 0
        )

    def article(self, article_id: str) -> dict[str, Any] | None:
        """One article with its text, its reading and the events it feeds."""
        rows = self.db.query(
            "SELECT a.id, a.outlet, a.url, a.published, a.title, a.text, a.ingested_at, "
            "r.reader_version, r.reading FROM articles a "
            "LEFT JOIN readings r ON r.article_id = a.id WHERE a.id = ?",
            (article_id,),
        )
        if not rows:
            return None
        out = rows[0]
        out["reading"] = json.loads(out["reading"]) if out["reading"] else None
        out["events"] = sorted(
            {
                r["event_id"]
                for r in self.db.query(
                    "SELECT l.event_id FROM event_reports r "
                    "JOIN event_links l ON l.report_id = r.id WHERE r.article_id = ?",
                    (article_id,),
                )
            }
        )
        return out

    def stats(self, filters: EventFilter | None = None) -> dict[str, Any]:
        """Counts by event type, by ISO week and by day, fatalities in all and by side.

        Undated events count in a week ``"unknown"`` and a day ``None``: never dropped.
        On SQLite the answer for a filter is kept until the database changes (the
        dashboard asks for the same counts on every view).
        """
        f = filters or EventFilter()
        token = self.db.change_token()
        key = repr(f)
        if token is not None:
            kept = self._stats_cache.get(key)
            if kept is not None and kept[0] == token:
                self._stats_cache.move_to_end(key)
                return copy.deepcopy(kept[1])
        out = self._tally(f)
        if token is not None:
            self._stats_cache[key] = (token, copy.deepcopy(out))
            while len(self._stats_cache) > _STATS_KEPT:
                self._stats_cache.popitem(last=False)
        return out

    def _tally(self, f: EventFilter) -> dict[str, Any]:
        where, params = event_where(f, "e", self.db.dialect)
        # The database sums by (type, week, date), reading the events_tally index; Python
        # folds those groups, far fewer than the events, into the three tallies.
        groups = self.db.query(
            "SELECT e.event_type AS event_type, e.week AS week, e.date AS day, "
            "COUNT(*) AS n, SUM(e.fatalities) AS fatalities, "
            "SUM(CASE WHEN e.contested <> 0 THEN 1 ELSE 0 END) AS contested, "
            "SUM(e.deaths_state) AS state, SUM(e.deaths_nonstate) AS nonstate, "
            "SUM(e.deaths_civilians) AS civilians, SUM(e.deaths_unknown) AS unknown "
            f"FROM events e WHERE {where} "
            "GROUP BY e.event_type, e.week, e.date",
            params,
        )
        by_type: Counter[str] = Counter()
        weeks: dict[str, dict[str, int]] = {}
        days: dict[str, dict[str, int]] = {}
        sides = {"state": 0, "nonstate": 0, "civilians": 0, "unknown": 0}
        events = contested = fatalities = 0
        for g in groups:
            n, dead = int(g["n"]), int(g["fatalities"])
            events += n
            contested += int(g["contested"])
            fatalities += dead
            by_type[g["event_type"] or "Unknown"] += n
            w = weeks.setdefault(g["week"] or "unknown", {"events": 0, "fatalities": 0})
            w["events"] += n
            w["fatalities"] += dead
            d = days.setdefault((g["day"] or "")[:10], {"events": 0, "fatalities": 0})
            d["events"] += n
            d["fatalities"] += dead
            for side in sides:
                sides[side] += int(g[side])
        return {
            "events": events,
            "contested": contested,
            "fatalities": fatalities,
            "articles": self.count_articles(),
            "by_type": dict(sorted(by_type.items())),
            "by_week": [{"week": k, **v} for k, v in sorted(weeks.items())],
            "by_day": [{"date": k or None, **v} for k, v in sorted(days.items())],
            "fatalities_by_side": sides,
        }


def open_store(
    url_or_path: str | Any, create: bool = True, integrity: str = "refuse"
) -> Store:
    """Open (and, with ``create``, create or migrate) a store.

    ``url_or_path``: a file path or ``sqlite:///path`` for SQLite (WAL mode), or
    ``postgresql://user@host/db[?schema=NAME]``. Raises :class:`StoreError` with a
    message saying what is wrong: a bad URL, an unreachable server, a corrupt or
    foreign SQLite file (which is never modified).

    ``integrity`` says what SQLite's ``quick_check`` of an existing file decides, before
    anything is written: ``"refuse"`` (the default, for every caller that may write)
    raises :class:`StoreError` on a damaged file; ``"report"`` (read commands) opens it
    and lists the findings in :attr:`Store.damage`; ``"skip"`` does not check (a further
    connection of a process that checked once).
    """
    from fogwatch.store.db import parse_target
    from fogwatch.store.integrity import problems, refusal

    if integrity not in ("refuse", "report", "skip"):
        raise ValueError(f"integrity must be refuse, report or skip, not {integrity!r}")
    target = parse_target(url_or_path)
    conn = raw_connect(target, create)
    db = Database(target, conn)
    damage: list[str] = []
    try:
        if db.dialect == "sqlite":
            _check_sqlite(db)
            if integrity != "skip":
                damage = problems(db)
                if damage and integrity == "refuse":
                    raise refusal(target.label, damage)
        if damage:
            # Report mode: read as it is; a damaged file is never migrated or converted.
            from fogwatch.store.schema import LATEST, current_version

            version = current_version(db)
            if version != LATEST:
                raise StoreError(
                    f"{target.label} is damaged and at schema v{version}, not v{LATEST}; "
                    f"it cannot be read without writing. Run `fogwatch doctor --db {target.label}`"
                )
        else:
            migrate(db, create=create)
            if db.dialect == "sqlite":
                db.execute("PRAGMA journal_mode = WAL")
                db.execute("PRAGMA synchronous = NORMAL")
            if db.upgraded_from is not None and db.upgraded_from < 2:
                # Events of a store built by the rule that chained: rebuilt from its reports.
                Store(db).rebuild_events()
    except StoreError:
        db.close()
        raise
    except Exception as exc:
        db.close()
        raise StoreError(f"cannot use {target.label}: {exc}") from None
    store = Store(db)
    store.damage = damage
    return store


def _check_sqlite(db: Database) -> None:
    import sqlite3

    try:  # the raw connection: SQLite's own words for a damaged schema page
        db.conn.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()
        app_id = db.conn.execute("PRAGMA application_id").fetchone()[0]
    except sqlite3.DatabaseError as exc:
        raise StoreError(
            f"{db.target.label} is not a usable SQLite database ({exc}); "
            "Fogwatch refuses to open or overwrite it"
        ) from None
    if app_id not in (0, APPLICATION_ID):
        raise StoreError(
            f"{db.target.label} belongs to another application (SQLite application_id "
            f"{app_id:#x}); refusing to modify it"
        )
