"""Imported by the forkserver: load the reader once so that workers fork warm."""

from fogwatch.batch.runner import warm_up

warm_up()
