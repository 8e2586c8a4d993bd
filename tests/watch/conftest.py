"""A news site on 127.0.0.1 whose every route the test controls.

Only loopback is ever contacted. Routes map a path (query included, when it matters) to
a function that writes the response, so a test can change a feed between polls, fail,
stall, redirect in circles or send something that is not a page.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

FIXTURES = Path(__file__).resolve().parent / "fixtures"

Route = Callable[[BaseHTTPRequestHandler], None]


class Site:
    """The routes, the request log and the base URL of one test server."""

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.hits: list[tuple[str, str]] = []  # (path, User-Agent)
        self.dripped: dict[str, int] = {}  # path: bytes a dripping route sent
        self.base = ""

    def fixture(self, name: str) -> bytes:
        """A fixture file with ``{{BASE}}`` replaced by this server's address."""
        return (FIXTURES / name).read_bytes().replace(b"{{BASE}}", self.base.encode())

    def count(self, path: str) -> int:
        """How many requests reached ``path``."""
        return sum(1 for p, _ in self.hits if p == path)

    # -- response makers -----------------------------------------------------------

    @staticmethod
    def body(data: bytes, content_type: str, status: int = 200, length: bool = True) -> Route:
        def route(h: BaseHTTPRequestHandler) -> None:
            h.send_response(status)
            h.send_header("Content-Type", content_type)
            if length:
                h.send_header("Content-Length", str(len(data)))
            h.end_headers()
            h.wfile.write(data)

        return route

    def page(self, name: str) -> Route:
        return self.body(self.fixture(name), "text/html; charset=utf-8")

    def feed(self, name: str, content_type: str = "application/rss+xml") -> Route:
        return self.body(self.fixture(name), content_type)

    @staticmethod
    def conditional(data: bytes, content_type: str, etag: str, asked: list[str | None]) -> Route:
        """``data`` with an ETag, and 304 Not Modified to a request that sends it back;
        each request's If-None-Match is appended to ``asked``."""
        def route(h: BaseHTTPRequestHandler) -> None:
            asked.append(h.headers.get("If-None-Match"))
            if h.headers.get("If-None-Match") == etag:
                h.send_response(304)
                h.end_headers()
                return
            h.send_response(200)
            h.send_header("Content-Type", content_type)
            h.send_header("ETag", etag)
            h.send_header("Content-Length", str(len(data)))
            h.end_headers()
            h.wfile.write(data)

        return route

    @staticmethod
    def status(code: int) -> Route:
        return Site.body(f"error {code}".encode(), "text/plain", status=code)

    @staticmethod
    def redirect(location: str, code: int = 302) -> Route:
        def route(h: BaseHTTPRequestHandler) -> None:
            h.send_response(code)
            h.send_header("Location", location)
            h.send_header("Content-Length", "0")
            h.end_headers()

        return route

    @staticmethod
    def stall(seconds: float) -> Route:
        def route(h: BaseHTTPRequestHandler) -> None:
            time.sleep(seconds)
            try:
                Site.body(b"too late", "text/plain")(h)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client timed out and left, as it should

        return route

    @staticmethod
    def endless(content_type: str = "text/html", declare: int | None = None) -> Route:
        """A body that keeps coming (up to 8 MB), with or without a declared length."""

        def route(h: BaseHTTPRequestHandler) -> None:
            h.send_response(200)
            h.send_header("Content-Type", content_type)
            if declare is not None:
                h.send_header("Content-Length", str(declare))
            h.end_headers()
            chunk = b"<p>" + b"filler words " * 5000 + b"</p>\n"
            try:
                for _ in range(8 * 1024 * 1024 // len(chunk)):
                    h.wfile.write(chunk)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up, as it should

        return route


    def drip(self, data: bytes, interval: float, headers_too: bool = False,
             padding: int = 0) -> Route:
        """``data`` as an HTML page sent a byte every ``interval`` seconds, so that no
        single read waits long; with ``headers_too`` the status line and headers (and
        ``padding`` bytes of one more header) drip as well. No length is declared: the
        body ends when the connection does. ``dripped[path]`` counts the bytes sent
        before the client left or all was sent."""

        def route(h: BaseHTTPRequestHandler) -> None:
            head = (b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nConnection: close\r\n"
                    + (b"X-Padding: " + b"p" * padding + b"\r\n" if padding else b"")
                    + b"\r\n")
            h.close_connection = True
            sent = 0
            try:
                if not headers_too:
                    h.wfile.write(head)
                for byte in (head if headers_too else b"") + data:
                    h.wfile.write(bytes([byte]))
                    h.wfile.flush()
                    sent += 1
                    time.sleep(interval)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up, as it should
            finally:
                self.dripped[h.path] = sent

        return route

    @staticmethod
    def not_gzip() -> Route:
        """A 200 whose body claims to be gzip and is not."""

        def route(h: BaseHTTPRequestHandler) -> None:
            data = b"these bytes were never compressed " * 8
            h.send_response(200)
            h.send_header("Content-Type", "text/html")
            h.send_header("Content-Encoding", "gzip")
            h.send_header("Content-Length", str(len(data)))
            h.end_headers()
            h.wfile.write(data)

        return route


class _Handler(BaseHTTPRequestHandler):
    site: Site

    def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
        self.site.hits.append((self.path, self.headers.get("User-Agent", "")))
        route = self.site.routes.get(self.path) or self.site.routes.get(self.path.split("?")[0])
        if route is None:
            Site.status(404)(self)
        else:
            route(self)

    def log_message(self, format: str, *args: object) -> None:  # keep test output clean
        pass


@pytest.fixture
def site():
    """A running test site on a free loopback port; stopped after the test."""
    s = Site()
    handler = type("Handler", (_Handler,), {"site": s})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    s.base = f"http://127.0.0.1:{server.server_address[1]}"
    s.routes["/robots.txt"] = s.body((FIXTURES / "robots.txt").read_bytes(), "text/plain")
    thread = threading.Thread(target=server.serve_forever, args=(0.02,), daemon=True)
    thread.start()
    try:
        yield s
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def fetch_config():
    """Short timeouts and no waiting, so the suite stays fast; never a proxy."""
    from fogwatch.ingest.fetch import FetchConfig

    return FetchConfig(
        timeout=0.5,
        total_timeout=3.0,
        retries=1,
        backoff=0.01,
        backoff_max=0.05,
        host_delay=0.0,
        max_bytes=256 * 1024,
        trust_env=False,
    )
