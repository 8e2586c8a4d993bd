"""Polite HTTP fetching for feeds and pages.

One :class:`Fetcher` per run, shared by threads. It sends a clear User-Agent, honours
robots.txt, waits between requests to the same host and keeps at most a few of them in
flight at once, retries transient failures with exponential backoff, follows redirects
itself (so a loop is caught and named), streams the body and aborts past a size cap, and
refuses a page that is not HTML. One URL gets at most ``total_timeout`` seconds of wall
clock, redirects, retries and robots.txt included: a server that drips its answer a
byte at a time, each read in time, is cut off there. Every failure is a
:class:`FetchError` whose ``kind`` says what went wrong, so callers can report it for
that URL and go on.
"""

from __future__ import annotations

import email.utils
import re
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin, urlsplit
from urllib.robotparser import RobotFileParser

import httpx

USER_AGENT = "Fogwatch/0.1 (+https://github.com/fogwatch/fogwatch)"
# The token robots.txt rules are matched against ("User-agent: Fogwatch").
ROBOTS_AGENT = "Fogwatch"

HTML_TYPES = ("text/html", "application/xhtml+xml")
# Feeds are often served with a generic or wrong type; only refuse what is plainly
# not text (images, video, archives, PDFs).
NOT_FEED_PREFIXES = ("image/", "audio/", "video/", "font/")
NOT_FEED_TYPES = ("application/pdf", "application/zip", "application/octet-stream")

# <meta charset="..."> or <meta http-equiv="Content-Type" content="text/html; charset=...">
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_.:-]+)""", re.IGNORECASE)

# Failures worth another try in a moment: the server or the network, not the request.
RETRY_STATUSES = frozenset({408, 425, 429, 500, 502, 503, 504})


class FetchError(Exception):
    """A URL that could not be fetched. ``kind`` is one of:

    ``http`` (an error status), ``timeout``, ``network``, ``too_large``, ``not_html``,
    ``not_feed``, ``redirect_loop``, ``too_many_redirects``, ``robots``,
    ``robots_unreachable``, ``bad_url``, ``bad_encoding`` (a body that its
    ``Content-Encoding`` cannot decode, such as invalid gzip: permanent, never retried).
    ``transient`` says whether trying again later may succeed.
    """

    def __init__(self, url: str, kind: str, message: str, status: int | None = None):
        self.url = url
        self.kind = kind
        self.status = status
        super().__init__(f"{url}: {message}")

    @property
    def transient(self) -> bool:
        """Whether the same request may succeed later (timeouts, 5xx, 429, network)."""
        if self.kind in ("timeout", "network", "robots_unreachable"):
            return True
        return self.kind == "http" and self.status in RETRY_STATUSES


@dataclass
class FetchConfig:
    """How politely and how patiently to fetch. Tests shorten every delay."""

    user_agent: str = USER_AGENT
    timeout: float = 20.0  # seconds per connect / read
    # Wall-clock seconds for one URL: redirects, retries and robots.txt included, the
    # waits for politeness (host delay, a free connection to the host) not.
    total_timeout: float = 20.0
    retries: int = 2  # extra tries after a transient failure
    backoff: float = 1.0  # first retry waits this long, then doubles
    backoff_max: float = 30.0
    host_delay: float = 1.0  # least seconds between two requests to one host
    host_connections: int = 2  # most requests in flight to one host at once
    max_bytes: int = 5 * 1024 * 1024
    max_redirects: int = 5
    robots: bool = True
    trust_env: bool = True  # use HTTP(S)_PROXY from the environment


@dataclass
class FetchResult:
    """A fetched response: the final URL after redirects and the raw body."""

    url: str  # the URL asked for
    final_url: str  # where the body came from
    status: int
    content_type: str
    body: bytes
    headers: dict[str, str] = field(default_factory=dict)
    redirects: list[str] = field(default_factory=list)

    @property
    def not_modified(self) -> bool:
        """True for a 304 answer to a conditional request."""
        return self.status == 304

    def charset(self) -> str:
        """The body's charset: the header's, else a ``<meta charset>`` near the top
        of an HTML page, else UTF-8."""
        for part in self.content_type.split(";")[1:]:
            key, _, value = part.strip().partition("=")
            if key.lower() == "charset" and value.strip("\"' "):
                return value.strip("\"' ")
        match = _META_CHARSET.search(self.body[:4096])
        if match:
            return match.group(1).decode("ascii")
        return "utf-8"

    def text(self) -> str:
        """The body decoded with :meth:`charset` (UTF-8 when unknown); bad bytes replaced."""
        if self.body.startswith(b"\xef\xbb\xbf"):
            return self.body[3:].decode("utf-8", errors="replace")
        try:
            return self.body.decode(self.charset(), errors="replace")
        except LookupError:
            return self.body.decode("utf-8", errors="replace")


class HostThrottle:
    """Keeps at least ``delay`` seconds between two requests to the same host."""

    def __init__(
        self,
        delay: float,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ):
        self.delay = delay
        self._clock = clock
        self._sleep = sleep
        self._next: dict[str, float] = {}
        self._own: dict[str, float] = {}  # hosts that asked for a longer delay
        self._lock = threading.Lock()

    def slow_down(self, host: str, delay: float) -> None:
        """Use a longer delay for one host (its robots.txt ``Crawl-delay``)."""
        with self._lock:
            self._own[host] = max(self.delay, delay)

    def wait(self, host: str) -> float:
        """Block until ``host`` may be asked again; return the seconds waited."""
        with self._lock:
            now = self._clock()
            start = max(now, self._next.get(host, now))
            self._next[host] = start + self._own.get(host, self.delay)
        waited = start - now
        if waited > 0:
            self._sleep(waited)
        return waited


class HostSlots:
    """At most ``limit`` requests in flight to one host; the others wait their turn."""

    def __init__(self, limit: int):
        if limit < 1:
            raise ValueError(f"host_connections must be at least 1, not {limit}")
        self.limit = limit
        self._slots: dict[str, threading.BoundedSemaphore] = {}
        self._lock = threading.Lock()

    def slot(self, host: str) -> threading.BoundedSemaphore:
        """The semaphore of ``host`` (acquire it around one request)."""
        with self._lock:
            slot = self._slots.get(host)
            if slot is None:
                slot = self._slots[host] = threading.BoundedSemaphore(self.limit)
            return slot


class _Deadline:
    """The wall-clock budget of one URL; waits for politeness push it back."""

    def __init__(self, seconds: float):
        self.seconds = seconds
        self.end = time.monotonic() + seconds

    def remaining(self) -> float:
        return self.end - time.monotonic()

    def extend(self, seconds: float) -> None:
        self.end += seconds


class _Cutoff:
    """Shuts the sockets of one request down when its time is up.

    A server that sends a byte a second never trips a read timeout; only the wall clock
    can stop it. The sockets are learnt from httpcore's ``trace`` extension as they are
    connected (so the fetcher keeps no idle connections: every request has its own), and
    the cut-off is disarmed before the response closes, so it never touches a socket
    that is no longer this request's.
    """

    def __init__(self, seconds: float):
        self._lock = threading.Lock()
        self._sockets: list[socket.socket] = []
        self._done = False
        self.fired = False
        self._timer = threading.Timer(max(0.0, seconds), self._fire)
        self._timer.daemon = True

    def __enter__(self) -> _Cutoff:
        self._timer.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.disarm()

    def trace(self, event: str, info: dict[str, Any]) -> None:
        """The httpcore trace hook: note new sockets, disarm when the response closes."""
        if event in ("connection.connect_tcp.complete", "connection.start_tls.complete"):
            stream = info.get("return_value")
            sock = stream.get_extra_info("socket") if stream is not None else None
            if isinstance(sock, socket.socket):
                with self._lock:
                    if self.fired and not self._done:
                        _shut(sock)
                    else:
                        self._sockets.append(sock)
        elif event.endswith("response_closed.started"):
            self.disarm()

    def disarm(self) -> None:
        with self._lock:
            self._done = True
        self._timer.cancel()

    def _fire(self) -> None:
        with self._lock:
            if self._done:
                return
            self.fired = True
            for sock in self._sockets:
                _shut(sock)


def _shut(sock: socket.socket) -> None:
    try:
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass  # already closed


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def _media_type(content_type: str) -> str:
    return content_type.split(";")[0].strip().lower()


class Fetcher:
    """Fetches URLs politely; see the module docstring. Use as a context manager."""

    def __init__(
        self,
        config: FetchConfig | None = None,
        *,
        sleep: Callable[[float], None] = time.sleep,
        transport: httpx.BaseTransport | None = None,
    ):
        self.config = config or FetchConfig()
        self._sleep = sleep
        self._client = httpx.Client(
            headers={"User-Agent": self.config.user_agent},
            timeout=httpx.Timeout(self.config.timeout),
            follow_redirects=False,  # followed by hand to detect loops and check robots
            trust_env=self.config.trust_env,
            transport=transport,
            # No idle connections kept: each request opens its own, so the cut-off at
            # the time cap knows every socket it may have to shut.
            limits=httpx.Limits(max_keepalive_connections=0),
        )
        self.throttle = HostThrottle(self.config.host_delay, sleep=sleep)
        self.slots = HostSlots(self.config.host_connections)
        self._robots: dict[str, RobotFileParser] = {}
        self._robots_lock = threading.Lock()
        self._robots_origin_locks: dict[str, threading.Lock] = {}

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the connection pool."""
        self._client.close()

    # -- public -----------------------------------------------------------------

    def fetch_page(self, url: str) -> FetchResult:
        """Fetch an HTML page; anything that is not HTML is refused (``not_html``)
        as soon as its headers arrive, without reading the body."""
        return self.fetch(url, check=_check_html)

    def fetch_feed(
        self, url: str, etag: str | None = None, modified: str | None = None
    ) -> FetchResult:
        """Fetch a feed, conditionally when ``etag``/``modified`` are known (304 allowed)."""
        headers = {
            "Accept": "application/rss+xml, application/atom+xml, application/xml;q=0.9, "
            "text/xml;q=0.9, */*;q=0.5"
        }
        if etag:
            headers["If-None-Match"] = etag
        if modified:
            headers["If-Modified-Since"] = modified
        return self.fetch(url, headers=headers, check=_check_feed)

    def fetch(
        self,
        url: str,
        headers: dict[str, str] | None = None,
        check: Callable[[str, str], FetchError | None] | None = None,
    ) -> FetchResult:
        """GET ``url`` following redirects, retrying transient failures with backoff.

        ``check(url, content_type)`` may refuse a response by its type before its body
        is read.
        """
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise FetchError(url, "bad_url", "not an http(s) URL")
        deadline = _Deadline(self.config.total_timeout)
        attempt = 0
        while True:
            try:
                return self._follow(url, headers or {}, check=check, deadline=deadline)
            except FetchError as exc:
                if not exc.transient or attempt >= self.config.retries:
                    raise
                delay = self._retry_delay(attempt, exc)
                if delay >= deadline.remaining():
                    raise  # no time left for another try
                self._sleep(delay)
                attempt += 1

    def allowed(self, url: str, deadline: _Deadline | None = None) -> bool:
        """Whether robots.txt lets Fogwatch fetch ``url`` (always True with robots off).

        Raises a transient FetchError (``robots_unreachable``) when robots.txt cannot be
        had (5xx, timeout): the site is off limits until it can.
        """
        if not self.config.robots:
            return True
        return self._robots_for(url, deadline).can_fetch(ROBOTS_AGENT, url)

    # -- internals --------------------------------------------------------------

    def _retry_delay(self, attempt: int, exc: FetchError) -> float:
        delay = min(self.config.backoff * 2**attempt, self.config.backoff_max)
        retry_after = getattr(exc, "retry_after", None)
        if retry_after is not None:
            # The server said when to come back; never wait longer than our own cap.
            delay = min(max(delay, retry_after), self.config.backoff_max)
        return delay

    def _follow(
        self,
        url: str,
        headers: dict[str, str],
        check_robots: bool = True,
        check: Callable[[str, str], FetchError | None] | None = None,
        deadline: _Deadline | None = None,
    ) -> FetchResult:
        deadline = deadline or _Deadline(self.config.total_timeout)
        seen = [url]
        current = url
        while True:
            if check_robots and not self.allowed(current, deadline):
                where = "" if current == url else f" (redirected to {current})"
                raise FetchError(url, "robots", f"disallowed by robots.txt{where}")
            status, resp_headers, body = self._get(url, current, headers, check, deadline)
            if status in (301, 302, 303, 307, 308) and "location" in resp_headers:
                target = urljoin(current, resp_headers["location"])
                if urlsplit(target).scheme not in ("http", "https"):
                    raise FetchError(url, "bad_url", f"redirect to a non-http URL {target}")
                if target in seen:
                    chain = " -> ".join([*seen, target])
                    raise FetchError(url, "redirect_loop", f"redirect loop: {chain}", status)
                if len(seen) > self.config.max_redirects:
                    raise FetchError(
                        url,
                        "too_many_redirects",
                        f"more than {self.config.max_redirects} redirects",
                        status,
                    )
                seen.append(target)
                current = target
                continue
            if status >= 400 or (status >= 300 and status != 304):
                exc = FetchError(url, "http", f"HTTP {status}", status)
                exc.retry_after = _retry_after(resp_headers.get("retry-after"))  # type: ignore[attr-defined]
                raise exc
            return FetchResult(
                url=url,
                final_url=current,
                status=status,
                content_type=resp_headers.get("content-type", ""),
                body=body,
                headers=resp_headers,
                redirects=seen[1:],
            )

    def _get(
        self,
        asked: str,
        url: str,
        headers: dict[str, str],
        check: Callable[[str, str], FetchError | None] | None = None,
        deadline: _Deadline | None = None,
    ) -> tuple[int, dict[str, str], bytes]:
        """One request to ``url`` (on the way to ``asked``), body streamed and capped.

        Returns status, headers, body. Errors name ``asked``, the URL the caller knows.
        The request holds one of the host's slots; the time spent waiting for it and
        for the host delay does not count against ``deadline``.
        """
        deadline = deadline or _Deadline(self.config.total_timeout)
        host = urlsplit(url).netloc.lower()
        slot = self.slots.slot(host)
        queued = time.monotonic()
        with slot:
            deadline.extend(time.monotonic() - queued + self.throttle.wait(host))
            return self._request(asked, url, headers, check, deadline)

    def _capped(self, asked: str, deadline: _Deadline) -> FetchError:
        return FetchError(
            asked, "timeout", f"gave up after {deadline.seconds:g}s (the time cap for one URL)"
        )

    def _request(
        self,
        asked: str,
        url: str,
        headers: dict[str, str],
        check: Callable[[str, str], FetchError | None] | None,
        deadline: _Deadline,
    ) -> tuple[int, dict[str, str], bytes]:
        remaining = deadline.remaining()
        if remaining <= 0:
            raise self._capped(asked, deadline)
        cap = self.config.max_bytes
        timeout = httpx.Timeout(min(self.config.timeout, remaining))
        cutoff = _Cutoff(remaining)
        try:
            with cutoff, self._client.stream(
                "GET", url, headers=headers, timeout=timeout,
                extensions={"trace": cutoff.trace},
            ) as resp:
                resp_headers = {k.lower(): v for k, v in resp.headers.items()}
                if 300 <= resp.status_code < 400 or resp.status_code >= 400:
                    # Redirect and error bodies are not needed; do not read them.
                    return resp.status_code, resp_headers, b""
                refusal = check(asked, resp_headers.get("content-type", "")) if check else None
                if refusal is not None:
                    refusal.status = resp.status_code
                    raise refusal
                declared = resp_headers.get("content-length", "")
                if declared.isdigit() and int(declared) > cap:
                    raise FetchError(
                        asked, "too_large", f"response of {int(declared)} bytes exceeds the "
                        f"{cap}-byte cap", resp.status_code
                    )
                chunks: list[bytes] = []
                size = 0
                for chunk in resp.iter_bytes():
                    size += len(chunk)
                    if size > cap:
                        raise FetchError(
                            asked, "too_large", f"response exceeds the {cap}-byte cap",
                            resp.status_code,
                        )
                    if deadline.remaining() <= 0:
                        raise self._capped(asked, deadline)
                    chunks.append(chunk)
                if cutoff.fired:
                    # A body without a declared length ends where the cut-off shut the
                    # socket: it is cut short, not complete.
                    raise self._capped(asked, deadline)
                return resp.status_code, resp_headers, b"".join(chunks)
        except httpx.HTTPError as exc:
            if cutoff.fired or deadline.remaining() <= 0:
                raise self._capped(asked, deadline) from None
            raise self._error(asked, exc) from None

    def _error(self, asked: str, exc: httpx.HTTPError) -> FetchError:
        """The FetchError for an httpx failure that was not the time cap."""
        if isinstance(exc, httpx.TimeoutException):
            return FetchError(asked, "timeout", f"timed out after {self.config.timeout}s")
        if isinstance(exc, httpx.DecodingError):
            # The server sent the same broken bytes each time: retrying cannot help.
            return FetchError(asked, "bad_encoding", f"the body cannot be decoded ({exc})", 200)
        if isinstance(exc, httpx.TooManyRedirects):  # pragma: no cover - followed by hand
            return FetchError(asked, "too_many_redirects", "too many redirects")
        return FetchError(asked, "network", f"{type(exc).__name__}: {exc}")

    def _robots_for(self, url: str, deadline: _Deadline | None = None) -> RobotFileParser:
        origin = _origin(url)
        with self._robots_lock:
            parser = self._robots.get(origin)
            if parser is not None:
                return parser
            lock = self._robots_origin_locks.setdefault(origin, threading.Lock())
        with lock:  # one thread asks for a site's robots.txt; the others wait for it
            with self._robots_lock:
                parser = self._robots.get(origin)
            if parser is not None:
                return parser
            return self._read_robots(url, origin, deadline)

    def _read_robots(self, url: str, origin: str, deadline: _Deadline | None) -> RobotFileParser:
        parser = RobotFileParser(origin + "/robots.txt")
        try:
            body = self._follow(
                origin + "/robots.txt", {}, check_robots=False, deadline=deadline
            ).body
        except FetchError as exc:
            if exc.kind == "http" and exc.status is not None and exc.status < 500:
                # 4xx (401 and 403 included) means no robots.txt: all allowed (RFC 9309).
                parser.allow_all = True
            elif exc.kind in ("too_large", "redirect_loop", "too_many_redirects"):
                # RFC 9309 lets a crawler give up on these and treat the file as absent.
                parser.allow_all = True
            else:
                # 5xx or unreachable: RFC 9309 says assume everything is disallowed,
                # for now. Not cached, and transient: the page is tried again later.
                raise FetchError(
                    url, "robots_unreachable", f"robots.txt unreachable ({exc})", exc.status
                ) from None
        else:
            parser.parse(body.decode("utf-8", errors="replace").splitlines())
            crawl_delay = parser.crawl_delay(ROBOTS_AGENT)
            if crawl_delay:
                # Honoured up to a minute: a larger value would stall a whole poll.
                self.throttle.slow_down(urlsplit(url).netloc.lower(), min(float(crawl_delay), 60.0))
        with self._robots_lock:
            self._robots[origin] = parser
        return parser


def _check_html(url: str, content_type: str) -> FetchError | None:
    media = _media_type(content_type)
    if media in HTML_TYPES:
        return None
    return FetchError(url, "not_html", f"not an HTML page ({media or 'no content type'})")


def _check_feed(url: str, content_type: str) -> FetchError | None:
    media = _media_type(content_type)
    if media.startswith(NOT_FEED_PREFIXES) or media in NOT_FEED_TYPES:
        return FetchError(url, "not_feed", f"not a feed ({media})")
    return None


def _retry_after(value: str | None) -> float | None:
    """Seconds from a Retry-After header (delta seconds or an HTTP date)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())
