"""Batch reading: many articles, several processes (:mod:`.runner`) or a Dask cluster
(:mod:`.dask`), always through the one reader :func:`fogwatch.read.pipeline.read_article`.
"""

from fogwatch.batch.runner import (
    DEFAULT_CHUNK_SIZE,
    FAULT_ENV,
    default_workers,
    read_one,
    read_records,
    read_records_json,
)

__all__ = [
    "DEFAULT_CHUNK_SIZE",
    "FAULT_ENV",
    "default_workers",
    "read_one",
    "read_records",
    "read_records_json",
]
