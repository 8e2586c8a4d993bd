"""Command line: a thin layer that parses arguments and calls the library.

Each module registers its commands on :data:`fogwatch.cli.app.app`.
"""

from fogwatch.cli import (  # noqa: F401  (imported for their commands)
    doctor,
    evaluate,
    extract,
    gazetteer,
    review,
    serve,
    store,
    watch,
)
from fogwatch.cli.app import app

__all__ = ["app"]
