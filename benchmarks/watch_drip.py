"""`fogwatch watch --once` over a loopback feed where one page drips a byte a second.

    .venv/bin/python benchmarks/watch_drip.py [--pages 10] [--drip first|last|none] [-- ARGS]

Serves a feed of ``--pages`` stories on 127.0.0.1 (text written for this benchmark). The
``--drip`` page (the first in the feed by default, the worst place for it) answers
``200`` at once and then sends its body one byte a second, so no single read ever times
out. Runs ``fogwatch watch FEED --once`` into a fresh SQLite store (ARGS after ``--`` are
passed on, e.g. ``-- --page-timeout 10``) and prints the wall time of the command, when
the last other page was served and when the last of them was in the store (the store is
polled every 0.2 s), how many articles were stored, and the exit status.
Nothing leaves the machine.
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

TOWNS = ("Alder Ford", "Birch Hollow", "Cedar Mill", "Dune Crossing", "Elm Quay",
         "Fern Gate", "Granite Pass", "Heron Bay", "Iron Bridge", "Juniper Flats",
         "Kestrel Point", "Linden Wharf")


def story(i: int) -> bytes:
    town = TOWNS[i % len(TOWNS)]
    paragraphs = [
        f"Local officials in {town} said on Tuesday that a storage depot on the edge of "
        f"the town was damaged by a fire that started late at night, and that {i + 2} "
        "workers were treated for smoke inhalation at the district clinic.",
        "A spokesperson for the district council told reporters that the cause of the fire "
        "was still being examined and that no one had been arrested so far.",
        f"Residents of {town} described hearing several loud bangs before the flames became "
        "visible from the main road, according to accounts given to the council.",
    ]
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        f"<!doctype html><html><head><title>Fire damages depot in {town}</title></head>"
        f"<body><article><h1>Fire damages depot in {town}</h1>{body}</article></body></html>"
    ).encode()


class Site:
    def __init__(self, pages: int, drip: int | None) -> None:
        self.pages = pages
        self.drip = drip
        self.base = ""
        self.started = 0.0
        self.last_served = 0.0
        self.lock = threading.Lock()

    def feed(self) -> bytes:
        items = "".join(
            f"<item><title>Story {i}</title><link>{self.base}/story/{i}</link>"
            f"<pubDate>Tue, 11 Mar 2025 0{i % 10}:00:00 GMT</pubDate></item>"
            for i in range(self.pages)
        )
        return (f'<?xml version="1.0"?><rss version="2.0"><channel><title>Drip test</title>'
                f"{items}</channel></rss>").encode()


def _handler(site: Site) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def _send(self, data: bytes, content_type: str, status: int = 200) -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
            if self.path == "/robots.txt":
                self._send(b"User-agent: *\nAllow: /\n", "text/plain")
            elif self.path == "/feed.xml":
                self._send(site.feed(), "application/rss+xml")
            elif self.path.startswith("/story/"):
                i = int(self.path.rsplit("/", 1)[1])
                if i == site.drip:
                    self._drip(story(i))
                    return
                self._send(story(i), "text/html; charset=utf-8")
                with site.lock:
                    site.last_served = time.monotonic() - site.started
            else:
                self._send(b"not found", "text/plain", 404)

        def _drip(self, data: bytes) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.end_headers()
            try:
                for byte in data * 100:
                    self.wfile.write(bytes([byte]))
                    self.wfile.flush()
                    time.sleep(1.0)
            except OSError:
                pass  # the client gave up, as it should

        def log_message(self, format: str, *args: object) -> None:
            pass

    return Handler


def main() -> None:
    argv = sys.argv[1:]
    extra: list[str] = []
    if "--" in argv:
        extra = argv[argv.index("--") + 1:]
        argv = argv[: argv.index("--")]
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pages", type=int, default=10)
    ap.add_argument("--drip", choices=("first", "last", "none"), default="first")
    args = ap.parse_args(argv)
    drip = {"first": 0, "last": args.pages - 1, "none": None}[args.drip]
    site = Site(args.pages, drip)
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(site))
    server.daemon_threads = True
    site.base = f"http://127.0.0.1:{server.server_address[1]}"
    threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True).start()
    env = {k: v for k, v in os.environ.items() if "proxy" not in k.lower()}
    env["PYTHONPATH"] = str(ROOT)
    with tempfile.TemporaryDirectory() as tmp:
        db = str(Path(tmp) / "drip.db")
        cmd = [sys.executable, "-c", "from fogwatch.cli import app; app()", "watch",
               f"{site.base}/feed.xml", "--once", "--db", db, *extra]
        others = args.pages - (drip is not None)
        stored_at: list[float] = []
        finished = threading.Event()

        def watch_store() -> None:
            # When the last of the other pages is in the store (polled every 0.2 s).
            while not finished.is_set():
                try:
                    with sqlite3.connect(db, timeout=0.1) as conn:
                        n = conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
                except sqlite3.Error:
                    n = 0
                if n >= others:
                    stored_at.append(time.monotonic() - site.started)
                    return
                time.sleep(0.2)

        site.started = time.monotonic()
        poller = threading.Thread(target=watch_store, daemon=True)
        poller.start()
        done = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True,
                              check=False)
        wall = time.monotonic() - site.started
        finished.set()
        poller.join()
        stored = 0
        if Path(db).exists():
            with sqlite3.connect(db) as conn:
                stored = conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
    server.shutdown()
    print(f"pages {args.pages}, drip {args.drip}, args {' '.join(extra) or '(defaults)'}")
    when = f"{stored_at[0]:.1f} s" if stored_at else "never"
    print(f"wall {wall:.1f} s; last other page served at {site.last_served:.1f} s, "
          f"all {others} other pages stored at {when}; {stored} articles stored; "
          f"exit {done.returncode}")
    tail = (done.stdout + done.stderr).strip().splitlines()[-4:]
    for line in tail:
        print("  | " + line[:160])


if __name__ == "__main__":
    main()
