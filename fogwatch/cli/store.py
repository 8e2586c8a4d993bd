"""Commands: placeholder until its owner fills it in."""

from fogwatch.cli.app import app  # noqa: F401
