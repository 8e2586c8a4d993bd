"""Read JSONL on a Dask cluster: partitions of lines in, readings out, in input order.

The driver cuts each input file into partitions of whole lines (about ``blocksize``
bytes each) and ships the bytes to the workers, so the workers need Fogwatch
installed but no shared filesystem. Every worker parses its lines and calls the same
:func:`fogwatch.batch.runner.read_one` (hence :func:`~fogwatch.read.pipeline.read_article`)
as the single-process run, and returns the reading JSON lines (or a Parquet partition).
The driver keeps a bounded window of partitions in flight and hands results back in
input order, so the concatenated output is byte for byte the single-process output.
"""

from __future__ import annotations

import json
import logging
from collections import deque
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fogwatch.ingest.files import InputError, article_from_mapping
from fogwatch.model import Article

DEFAULT_BLOCKSIZE = 1 << 20  # bytes of JSONL per partition: ~500 news articles
CONNECT_TIMEOUT_S = 10.0


class SchedulerUnreachable(RuntimeError):
    """The Dask scheduler could not be reached."""


@dataclass
class Partition:
    """A run of whole JSONL lines from one input file."""

    index: int  # position among all partitions of the run
    source: str
    first_line: int  # 1-based line number of the first line in ``data``
    data: bytes


@dataclass
class PartitionResult:
    """What a worker read from one partition."""

    index: int
    lines: list[str] = field(default_factory=list)  # reading JSON, in input order
    errors: list[str] = field(default_factory=list)  # "source:line: message", in order
    records: int = 0  # input records, good or bad
    parquet: bytes | None = None


def iter_partitions(
    paths: Iterable[str | Path], blocksize: int = DEFAULT_BLOCKSIZE, start_index: int = 0
) -> Iterator[Partition]:
    """Cut JSONL files into partitions of whole lines, about ``blocksize`` bytes each."""
    index = start_index
    for path in paths:
        source = str(path)
        line_no = 1
        with open(path, "rb") as fh:
            first = True
            while True:
                data = fh.read(blocksize)
                if not data:
                    break
                if first and data.startswith(b"\xef\xbb\xbf"):
                    data = data[3:]  # a UTF-8 byte order mark, as utf-8-sig drops it
                first = False
                if not data.endswith(b"\n"):
                    data += fh.readline()  # finish the last line
                yield Partition(index, source, line_no, data)
                index += 1
                line_no += data.count(b"\n")


def read_partition(partition: Partition, fmt: str = "jsonl") -> PartitionResult:
    """Parse and read one partition (runs on a worker)."""
    from fogwatch.batch.output import parquet_bytes
    from fogwatch.batch.runner import DEFAULT_CHUNK_SIZE, read_chunk

    result = PartitionResult(partition.index)
    source = partition.source
    # (line number, article or the error that line gives), in line order
    parsed: list[tuple[int, Article | str]] = []
    for offset, raw in enumerate(partition.data.split(b"\n")):
        n = partition.first_line + offset
        if not raw.strip():
            continue
        result.records += 1
        try:
            try:
                obj = json.loads(raw.decode("utf-8"))
            except UnicodeDecodeError:
                raise InputError(source, "is not valid UTF-8 text", n) from None
            except json.JSONDecodeError as exc:
                raise InputError(source, f"invalid JSON ({exc.msg})", n) from None
            parsed.append((n, article_from_mapping(obj, source, n)))
        except InputError as exc:
            parsed.append((n, str(exc)))
    articles = [a for _, a in parsed if isinstance(a, Article)]
    outcomes = iter(
        o
        for k in range(0, len(articles), DEFAULT_CHUNK_SIZE)
        for o in read_chunk(articles[k : k + DEFAULT_CHUNK_SIZE], "json")
    )
    for n, item in parsed:
        if isinstance(item, str):
            result.errors.append(item)
            continue
        line, error = next(outcomes)
        if error is not None:
            result.errors.append(f"{source}:{n}: article {item.id}: {error}")
        else:
            result.lines.append(line)
    if fmt == "parquet":
        result.parquet = parquet_bytes(result.lines)
    return result


@contextmanager
def connect(
    scheduler: str | None = None,
    local_workers: int | None = None,
    timeout: float = CONNECT_TIMEOUT_S,
    processes: bool = True,
) -> Iterator[Any]:
    """A Dask client: to ``scheduler`` (``tcp://host:port``) or to a local cluster.

    A local cluster listens on 127.0.0.1 only and has ``local_workers`` single-threaded
    workers (spaCy is run by one thread per process); ``processes=False`` runs one
    in-process worker thread instead (for tests). An unreachable scheduler raises
    :class:`SchedulerUnreachable` after ``timeout`` seconds.
    """
    from distributed import Client, LocalCluster

    if scheduler:
        try:
            client = Client(scheduler, timeout=timeout, set_as_default=False)
        except (OSError, TimeoutError) as exc:
            raise SchedulerUnreachable(
                f"cannot reach the Dask scheduler at {scheduler} within {timeout:g} s "
                f"({exc}); is `dask scheduler` running there, and is the port open?"
            ) from None
        try:
            yield client
        finally:
            client.close()
        return
    # worker processes talk TCP on the loopback interface only; in-process workers
    # use Dask's in-process transport (which takes no host)
    network = {"host": "127.0.0.1"} if processes else {}
    cluster = LocalCluster(
        n_workers=local_workers or 1,
        threads_per_worker=1,
        processes=processes,
        dashboard_address=None,
        silence_logs=logging.ERROR,
        **network,
    )
    try:
        client = Client(cluster, set_as_default=False)
        try:
            yield client
        finally:
            client.close()
    finally:
        cluster.close()


def read_on_cluster(
    client: Any,
    partitions: Iterable[Partition],
    fmt: str = "jsonl",
    window: int | None = None,
) -> Iterator[PartitionResult]:
    """Read ``partitions`` on the cluster; yield their results in input order.

    At most ``window`` partitions (default: two per worker thread) are in flight, so
    the driver's memory does not grow with the input. A partition whose task fails
    (a worker killed repeatedly on it) is reported as errors and the run goes on.
    """
    if window is None:
        window = max(2, 2 * sum(client.nthreads().values()))
    pending: deque[tuple[Partition, Any]] = deque()
    it = iter(partitions)

    def submit(p: Partition) -> None:
        # pure=False: the same bytes twice are still two partitions to read
        pending.append((p, client.submit(read_partition, p, fmt, pure=False)))

    for p in it:
        submit(p)
        if len(pending) >= window:
            break
    while pending:
        partition, future = pending.popleft()
        try:
            result = future.result()
        except Exception as exc:  # noqa: BLE001 - e.g. KilledWorker: report, go on
            lines = partition.data.count(b"\n") or 1
            last = partition.first_line + lines - 1
            result = PartitionResult(
                partition.index,
                errors=[
                    f"{partition.source}:{partition.first_line}-{last}: partition failed "
                    f"on the cluster ({type(exc).__name__}: {exc})"
                ],
            )
        finally:
            future.release()
        yield result
        for p in it:
            submit(p)
            break
