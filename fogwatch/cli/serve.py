"""``fogwatch serve``: the REST API and the offline dashboard over a store."""

from __future__ import annotations

import typer

from fogwatch.cli.app import app
from fogwatch.cli.common import count_option


@app.command()
def serve(
    db: str = typer.Option(
        "fogwatch.db",
        "--db",
        envvar="FOGWATCH_DB",
        help="SQLite file or postgresql:// URL of an existing store (never created here).",
    ),
    host: str = typer.Option("127.0.0.1", "--host", help="Interface to listen on."),
    port: int = count_option(8000, "--port", minimum=1, maximum=65535, metavar="PORT",
                             help="Port to listen on."),
    token: str = typer.Option(
        None,
        "--token",
        envvar="FOGWATCH_API_TOKEN",
        help="Bearer token that enables POST /api/articles; without one the API is read-only.",
        show_default=False,
    ),
) -> None:
    """Serve the REST API (/api, docs at /docs) and the dashboard (/)."""
    import uvicorn

    from fogwatch.web.app import create_app
    from fogwatch.web.stores import WebStoreError

    try:
        web_app = create_app(db, token=token)
    except WebStoreError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from None
    if web_app.state.stores.damage:
        from fogwatch.store.integrity import summary

        typer.echo(
            f"warning: {db} fails SQLite's quick_check ({summary(web_app.state.stores.damage)}); "
            f"serving read-only what can be read. Run `fogwatch doctor --db {db}`",
            err=True,
        )
    problem = web_app.state.assets.problem()
    if problem:
        typer.echo(f"warning: {problem}; the API works, the map will not", err=True)
    mode = "ingest enabled (bearer token)" if web_app.state.token else "read-only"
    typer.echo(f"Fogwatch on http://{host}:{port}/  ({mode}; API docs at /docs)", err=True)
    uvicorn.run(web_app, host=host, port=port, log_level="warning")
