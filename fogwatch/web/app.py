"""The web application: REST API, offline dashboard and API docs over one store.

:func:`create_app` opens the store (never creating it), mounts the API, the dashboard
pages, Fogwatch's own static files and the npm-installed map libraries, and puts
security headers on every response. Pages carry no data in their HTML beyond ids: the
scripts in ``static/`` fetch JSON from the API and build the DOM with ``textContent``,
so nothing an article says can become markup.
"""

from __future__ import annotations

import logging
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

from fogwatch import __version__
from fogwatch.store import StoreError
from fogwatch.web import api, guard, review
from fogwatch.web.assets import VENDOR_DIRS, Assets, locate_assets
from fogwatch.web.stores import StoreProvider

log = logging.getLogger(__name__)

HERE = Path(__file__).resolve().parent
TOKEN_ENV = "FOGWATCH_API_TOKEN"

# No inline script or style anywhere: every script and stylesheet is a file served from
# this origin. Leaflet positions map panes through the CSSOM (element.style), which a
# style-src without 'unsafe-inline' still allows. img-src data: is for Leaflet's icons.
CSP = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
        "form-action 'self'",
    ]
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}


def create_app(store_url: str, token: str | None = None, map_limit: int = 500) -> FastAPI:
    """Build the app over the store at ``store_url``.

    The dashboard's map draws at most ``map_limit`` events (the newest of the view) and
    says so when the view holds more.

    ``token`` (or the ``FOGWATCH_API_TOKEN`` environment variable) is an admin token
    for clients that send it as a bearer token, besides the store's own tokens
    (``fogwatch tokens create``); without any the server is read-only. Raises :class:`~fogwatch.web.stores.WebStoreError` when the
    database is missing or cannot be opened.
    """
    stores = StoreProvider(store_url)
    assets = locate_assets()
    if not assets.ok:
        log.warning("%s; the API works, the map will not", assets.problem())

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        yield
        stores.close()

    app = FastAPI(
        title="Fogwatch",
        version=__version__,
        description=(
            "Conflict events reconciled from news reports, with the claims ledger: who "
            "said what, with the exact sentence. Read-only unless a token is configured."
        ),
        # FastAPI's own docs page loads Swagger UI from a CDN; ours is served locally.
        docs_url=None,
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.stores = stores
    app.state.token = token or os.environ.get(TOKEN_ENV) or None
    app.state.assets = assets
    app.state.map_limit = max(1, int(map_limit))
    # Inside the security headers: a 413 carries them too.
    app.add_middleware(guard.BodyLimit)
    app.add_exception_handler(RequestValidationError, guard.validation_error)

    @app.middleware("http")
    async def security_headers(request: Request, call_next: Any) -> Any:
        response = await call_next(request)
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        if stores.damage:
            # Every answer from a store that failed quick_check at start-up says so.
            response.headers["X-Fogwatch-Store-Damaged"] = "quick_check failed; see fogwatch doctor"
        return response

    app.include_router(api.router)
    app.include_router(review.router)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    _mount_vendor(app, assets)
    _add_pages(app, Jinja2Templates(directory=HERE / "templates"))
    return app


def damage_notice(damage: list[str]) -> str | None:
    """The dashboard's banner for a store that failed SQLite's quick_check at start-up."""
    if not damage:
        return None
    from fogwatch.store.integrity import summary

    return (
        f"This store failed SQLite's integrity check ({summary(damage)}): what is shown may be "
        "incomplete. Run `fogwatch doctor --db` on it."
    )


def _mount_vendor(app: FastAPI, assets: Assets) -> None:
    if assets.root is None:
        return
    for prefix, sub in VENDOR_DIRS.items():
        folder = assets.root / sub
        if folder.is_dir():
            app.mount(f"/vendor/{prefix}", StaticFiles(directory=folder), name=f"vendor-{prefix}")


def _add_pages(app: FastAPI, templates: Jinja2Templates) -> None:
    def page(request: Request, name: str, status: int = 200, **context: Any) -> HTMLResponse:
        context.setdefault("asset_problem", request.app.state.assets.problem())
        context.setdefault("store_damage", damage_notice(request.app.state.stores.damage))
        return templates.TemplateResponse(request, name, context, status_code=status)

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def dashboard(request: Request) -> HTMLResponse:
        return page(request, "index.html", map_limit=request.app.state.map_limit)

    @app.get("/events/{event_id}", response_class=HTMLResponse, include_in_schema=False)
    def event_page(request: Request, event_id: str) -> HTMLResponse:
        if request.app.state.stores.get().event(event_id) is None:
            return page(request, "missing.html", 404, what="event", ident=event_id)
        return page(request, "event.html", event_id=event_id)

    @app.get("/articles/{article_id}", response_class=HTMLResponse, include_in_schema=False)
    def article_page(request: Request, article_id: str) -> HTMLResponse:
        if request.app.state.stores.get().article(article_id) is None:
            return page(request, "missing.html", 404, what="article", ident=article_id)
        return page(request, "article.html", article_id=article_id)

    @app.get("/review", response_class=HTMLResponse, include_in_schema=False)
    def review_queue(request: Request) -> HTMLResponse:
        return page(request, "review.html")

    @app.get("/docs", response_class=HTMLResponse, include_in_schema=False)
    def docs(request: Request) -> HTMLResponse:
        return page(request, "docs.html")

    @app.exception_handler(StoreError)
    async def store_error(request: Request, exc: StoreError) -> JSONResponse:
        # A database that fails mid-request (locked, gone, migrated away) is the
        # server's problem, said in words rather than as a traceback.
        log.error("store error on %s: %s", request.url.path, exc)
        return JSONResponse({"detail": f"store error: {exc}"}, status_code=503)

    @app.exception_handler(404)
    async def not_found(request: Request, exc: HTTPException) -> Any:
        if request.url.path.startswith("/api/"):
            from fastapi.exception_handlers import http_exception_handler

            return await http_exception_handler(request, exc)
        return page(request, "missing.html", 404, what="page", ident=request.url.path)
