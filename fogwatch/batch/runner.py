"""Read a stream of articles with N worker processes, in input order, in bounded memory.

The parent pulls records from the input lazily and keeps at most ``max_in_flight``
chunks of ``chunk_size`` articles at the workers, so memory does not grow with the
input. Each worker loads spaCy once (the pool initializer) and calls the same
:func:`fogwatch.read.pipeline.read_article` as every other driver. Results come back
in input order.

Failures stay local:

* an exception while reading one article is caught in the worker and reported with
  the article id; the rest of its chunk is read;
* a worker process that dies (segfault, out of memory, ``os._exit``) breaks the pool:
  the pool is rebuilt, the chunks that were in flight are re-read one article at a
  time, and the article that kills a worker again is reported as failed.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from itertools import chain, islice
from typing import Any, Literal

from fogwatch.ingest.files import Record
from fogwatch.model import Article, ArticleReading

#: Environment variable for fault injection in tests: ``fail:ID`` makes reading the
#: article ``ID`` raise, ``crash:ID`` makes the worker process die on it. Read in the
#: worker, so it works with any start method.
FAULT_ENV = "FOGWATCH_FAULT_INJECT"

DEFAULT_CHUNK_SIZE = 32
_MAX_CONSECUTIVE_DEATHS = 3
_SMALL_INPUT = 16  # records: below this, workers=None reads in-process
Mode = Literal["model", "json"]
# (reading or its JSON, error message); exactly one is not None
Outcome = tuple[Any, str | None]


def default_workers() -> int:
    """The number of CPU cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


def _inject_fault(article: Article) -> None:
    spec = os.environ.get(FAULT_ENV)
    if not spec:
        return
    action, _, target = spec.partition(":")
    if article.id != target:
        return
    if action == "crash":
        os._exit(70)  # a hard death, as from a segfault: no exception, no cleanup
    raise RuntimeError(f"injected failure ({FAULT_ENV})")


def read_one(article: Article, mode: Mode = "model") -> Outcome:
    """Read one article, catching any error; JSON mode serialises in the worker."""
    from fogwatch.read.pipeline import read_article

    try:
        _inject_fault(article)
        reading = read_article(article)
        if mode == "json":
            return reading.model_dump_json(), None
        return reading, None
    except Exception as exc:  # noqa: BLE001 - one bad article must not stop a batch
        return None, f"{type(exc).__name__}: {exc}"


def _outcome(result: ArticleReading | Exception, mode: Mode) -> Outcome:
    if isinstance(result, Exception):
        return None, f"{type(result).__name__}: {result}"
    try:
        return (result.model_dump_json() if mode == "json" else result), None
    except Exception as exc:  # noqa: BLE001
        return None, f"{type(exc).__name__}: {exc}"


def read_chunk(articles: list[Article], mode: Mode = "model") -> list[Outcome]:
    """Read a chunk of articles with one spaCy batch (:func:`~fogwatch.read.pipeline.
    read_many`); each article's outcome is its own, as with :func:`read_one`."""
    from fogwatch.read.pipeline import read_many

    outcomes: list[Outcome | None] = [None] * len(articles)
    todo: list[int] = []
    for i, article in enumerate(articles):
        try:
            _inject_fault(article)
            todo.append(i)
        except Exception as exc:  # noqa: BLE001
            outcomes[i] = (None, f"{type(exc).__name__}: {exc}")
    for i, result in zip(todo, read_many([articles[i] for i in todo]), strict=True):
        outcomes[i] = _outcome(result, mode)
    return [o for o in outcomes if o is not None]



def warm_up() -> None:
    """Load spaCy and the vocabularies once per process, before any article."""
    from fogwatch.geo import gazetteer
    from fogwatch.read import nlp
    from fogwatch.read.pipeline import read

    nlp.load()
    nlp.recogniser()
    gazetteer.warm()
    # a place name and a figure, so the gazetteer index and every vocabulary load here
    read("Police said two people were killed in a blast in Quetta, Pakistan, on Monday.")


def _watch_parent(pid: int) -> None:
    # A worker forked by the forkserver is not a child of the process that reads: if
    # that process is killed, nothing tells the worker. Leave when it is gone.
    while True:
        time.sleep(1.0)
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            os._exit(0)
        except PermissionError:  # pid reused by another user's process
            os._exit(0)


def _init_worker(fault: str | None, parent: int) -> None:
    threading.Thread(target=_watch_parent, args=(parent,), daemon=True).start()
    # the parent's fault-injection setting, passed explicitly: a forkserver started
    # earlier would not see a change to the parent's environment
    if fault:
        os.environ[FAULT_ENV] = fault
    else:
        os.environ.pop(FAULT_ENV, None)
    warm_up()  # a no-op when the forkserver already warmed up


def _context() -> mp.context.BaseContext:
    # forkserver: workers start from a clean, single-threaded server process (safe
    # with spaCy's and BLAS's threads in the parent); spawn where it is unavailable.
    method = os.environ.get("FOGWATCH_MP_START")
    if method:
        return mp.get_context(method)
    if sys.platform.startswith("linux"):
        ctx = mp.get_context("forkserver")
        # the server loads spaCy and the vocabularies once; each worker forks from it
        # warm (copy-on-write), so starting or replacing a worker costs a fork
        ctx.set_forkserver_preload(["fogwatch.batch._warm"])
        return ctx
    return mp.get_context("spawn")


class _Pool:
    """A process pool that can be rebuilt after a worker dies."""

    def __init__(self, workers: int) -> None:
        self.workers = workers
        self.executor = self._new()

    def _new(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(
            max_workers=self.workers,
            mp_context=_context(),
            initializer=_init_worker,
            initargs=(os.environ.get(FAULT_ENV), os.getpid()),
        )

    def submit(self, articles: list[Article], mode: Mode) -> Future:
        return self.executor.submit(read_chunk, articles, mode)

    def rebuild(self) -> None:
        self.executor.shutdown(wait=False, cancel_futures=True)
        self.executor = self._new()

    def close(self) -> None:
        self.executor.shutdown(wait=True, cancel_futures=True)


def _chunks(records: Iterable[Record], size: int) -> Iterator[list[Record]]:
    it = iter(records)
    while chunk := list(islice(it, size)):
        yield chunk


def _pair(records: list[Record], outcomes: list[Outcome]) -> Iterator[tuple[Record, Any, Any]]:
    good = iter(outcomes)
    for record in records:
        if record.article is None:
            yield record, None, str(record.error) if record.error else "no article"
        else:
            reading, error = next(good)
            yield record, reading, error


def _peek(records: Iterable[Record], n: int) -> tuple[list[Record], Iterator[Record]]:
    """The first ``n`` records, and all of them again as one iterator."""
    rest = iter(records)
    head = list(islice(rest, n))
    return head, chain(head, rest)


def _run(
    records: Iterable[Record],
    workers: int | None,
    chunk_size: int,
    max_in_flight: int | None,
    mode: Mode,
    on_submit: Callable[[int], None] | None = None,
) -> Iterator[tuple[Record, Any, str | None]]:
    if workers is None:
        workers = default_workers()
        if workers > 1:
            # a small input is read faster here than by starting worker processes
            head, records = _peek(records, _SMALL_INPUT)
            if len(head) < _SMALL_INPUT:
                workers = 1
    if workers < 1:
        raise ValueError(f"workers must be 1 or more, not {workers}")
    if chunk_size < 1:
        raise ValueError(f"chunk_size must be 1 or more, not {chunk_size}")
    if workers == 1:
        for chunk in _chunks(records, chunk_size):
            if on_submit:
                on_submit(len(chunk))
            articles = [r.article for r in chunk if r.article is not None]
            yield from _pair(chunk, read_chunk(articles, mode) if articles else [])
        return

    # a short input is cut so that every worker gets a share of it
    head, records = _peek(records, workers * chunk_size)
    if len(head) < workers * chunk_size:
        chunk_size = max(1, -(-len(head) // workers))

    limit = max_in_flight or 3 * workers
    pool = _Pool(workers)
    # each entry: (records of the chunk, their articles, the future reading them)
    pending: deque[tuple[list[Record], list[Article], Future | None]] = deque()
    chunks = _chunks(records, chunk_size)

    def submit(chunk: list[Record]) -> None:
        articles = [r.article for r in chunk if r.article is not None]
        if on_submit:
            on_submit(len(chunk))
        future = pool.submit(articles, mode) if articles else None
        pending.append((chunk, articles, future))

    try:
        for chunk in islice(chunks, limit):
            submit(chunk)
        while pending:
            chunk, articles, future = pending.popleft()
            if future is None:
                outcomes: list[Outcome] = []
            else:
                try:
                    outcomes = future.result()
                except BrokenProcessPool:
                    outcomes = _recover(pool, articles, mode, pending)
            yield from _pair(chunk, outcomes)
            for nxt in islice(chunks, 1):
                submit(nxt)
    finally:
        pool.close()


def _recover(
    pool: _Pool,
    articles: list[Article],
    mode: Mode,
    pending: deque[tuple[list[Record], list[Article], Future | None]],
) -> list[Outcome]:
    """A worker died: find the article that kills it, read the rest, resubmit the queue."""
    pool.rebuild()
    outcomes: list[Outcome] = []
    deaths = 0
    for article in articles:
        try:
            outcomes.extend(pool.submit([article], mode).result())
            deaths = 0
        except BrokenProcessPool:
            deaths += 1
            if deaths >= _MAX_CONSECUTIVE_DEATHS:
                # not one bad article: the workers cannot start or run at all
                raise RuntimeError(
                    f"worker processes died on {deaths} articles in a row; "
                    "giving up (does `fogwatch extract --workers 1` work?)"
                ) from None
            outcomes.append(
                (None, f"WorkerDied: the worker process died while reading article {article.id}")
            )
            pool.rebuild()
    # the chunks still queued were at the broken pool; hand them to the new one
    for i, (chunk, arts, _future) in enumerate(list(pending)):
        pending[i] = (chunk, arts, pool.submit(arts, mode) if arts else None)
    return outcomes


def read_records(
    records: Iterable[Record],
    workers: int | None = None,
    chunk_size: int = DEFAULT_CHUNK_SIZE,
    max_in_flight: int | None = None,
) -> Iterator[tuple[Record, ArticleReading | None, str | None]]:
    """Read records with ``workers`` processes; yield ``(record, reading, error)`` in order.

    ``workers=None`` uses every core (reading in this process when the input has fewer
    than 16 records, which is quicker than starting workers); ``workers=1`` reads in
    this process. At most
    ``max_in_flight`` chunks (default three per worker) of ``chunk_size`` articles are
    read ahead of the consumer, so memory stays bounded on any input size. A record
    that failed to parse, or an article whose reading raised (or killed its worker),
    comes back with ``reading=None`` and the error as text.
    """
    yield from _run(records, workers, chunk_size, max_in_flight, "model")


def read_records_json(
    records: Iterable[Record],
    workers: int | None = None,
    chunk_size: int = DEFAULT_CHUNK_SIZE,
    max_in_flight: int | None = None,
    on_submit: Callable[[int], None] | None = None,
) -> Iterator[tuple[Record, str | None, str | None]]:
    """Like :func:`read_records`, but each reading is its JSON line, made in the worker.

    Serialising in the workers keeps the parent (which only writes) off the critical
    path; the text is exactly ``reading.model_dump_json()``.
    """
    yield from _run(records, workers, chunk_size, max_in_flight, "json", on_submit)
