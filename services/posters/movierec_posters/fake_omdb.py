"""A fake OMDb API for tests and offline demos: real HTTP, OMDb's wire format, bad days on demand.

``GET /?i=tt0114709&apikey=KEY`` answers like omdbapi.com: a movie object with ``Poster``
and ``"Response": "True"``; ``{"Response": "False", "Error": "Movie not found!"}`` (HTTP 200)
for unknown ids; HTTP 401 ``Invalid API key!`` / ``No API key provided.`` /
``Request limit reached!``. Every valid id is known unless listed in ``not_found``; posters
are made-up but stable URLs. Latency, HTTP failures, rate limiting and ``"Poster": "N/A"``
are switched at run time, in process (:meth:`FakeOmdb.configure`) or over HTTP
(``POST /_fake/config``), and requests are counted per id (``GET /_fake/stats``).

Run on its own: ``OMDB_API_KEY=demo python -m movierec_posters.fake_omdb --port 8099``. The key
it accepts comes from ``OMDB_API_KEY``, or from the file named by ``--api-key-file`` or
``OMDB_API_KEY_FILE`` (as the posters service reads it), never from the command line, where
``ps`` and ``/proc/<pid>/cmdline`` would show it to every user of the machine. With
``--serve-posters`` (``FakeOmdb(serve_posters=True)``) the poster URLs point at the fake itself,
which draws a small SVG poster per id at ``GET /posters/<imdbId>.svg``: a browser on a machine
without internet (the web app's end-to-end tests, offline demos) then really loads images.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import os
import re
import sys
import threading
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from html import escape
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

_IMDB_ID = re.compile(r"tt\d{7,8}")

#: A few real MovieLens titles, so demo answers look plausible; other ids get a generic title.
CATALOGUE: dict[str, tuple[str, str, str]] = {
    "tt0114709": ("Toy Story", "1995", "Animation, Adventure, Comedy"),
    "tt0113497": ("Jumanji", "1995", "Adventure, Comedy, Family"),
    "tt0113228": ("Grumpier Old Men", "1995", "Comedy, Romance"),
    "tt0114885": ("Waiting to Exhale", "1995", "Comedy, Drama, Romance"),
    "tt0113041": ("Father of the Bride Part II", "1995", "Comedy, Family, Romance"),
    "tt0133093": ("The Matrix", "1999", "Action, Sci-Fi"),
}


def poster_url(imdb_id: str) -> str:
    """The fake's poster URL for ``imdb_id``: stable, shaped like OMDb's Amazon URLs."""
    digest = hashlib.sha1(imdb_id.encode(), usedforsecurity=False).hexdigest()
    return f"https://m.media-amazon.com/images/M/MV5B{digest}@._V1_SX300.jpg"


def poster_svg(imdb_id: str) -> str:
    """A stable, made-up 300x450 poster for ``imdb_id``: colours and shapes drawn from its hash."""
    digest = hashlib.sha1(imdb_id.encode(), usedforsecurity=False).digest()
    hue = digest[0] * 360 // 256
    hue2 = (hue + 40 + digest[1] % 120) % 360
    sun_x, sun_y, sun_r = 60 + digest[2] % 180, 90 + digest[3] % 120, 40 + digest[4] % 50
    ridge = " ".join(f"{x},{300 + digest[5 + i] % 90}" for i, x in enumerate(range(0, 301, 50)))
    title = CATALOGUE.get(imdb_id, (imdb_id, "", ""))[0]
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" width="300" height="450" viewBox="0 0 300 450">'
        '<defs><linearGradient id="g" x1="0" y1="0" x2="0" y2="1">'
        f'<stop offset="0" stop-color="hsl({hue},55%,32%)"/>'
        f'<stop offset="1" stop-color="hsl({hue2},60%,12%)"/></linearGradient></defs>'
        '<rect width="300" height="450" fill="url(#g)"/>'
        f'<circle cx="{sun_x}" cy="{sun_y}" r="{sun_r}" fill="hsl({hue2},80%,70%)" opacity=".85"/>'
        f'<polygon points="0,450 {ridge} 300,450" fill="hsl({hue},40%,8%)" opacity=".9"/>'
        '<text x="150" y="420" fill="#fff" font-family="sans-serif" font-size="18" '
        f'text-anchor="middle" opacity=".8">{escape(title)}</text></svg>'
    )


@dataclass
class FakeOmdbConfig:
    """What the fake does; change it with :meth:`FakeOmdb.configure`."""

    api_key: str = "test-key"
    latency_s: float = 0.0
    #: Answer with this HTTP status (e.g. 500) instead of the movie...
    fail_status: int | None = None
    #: ...for this many requests (None: until switched off).
    fail_count: int | None = None
    rate_limited: bool = False
    no_poster: set[str] = field(default_factory=set)
    not_found: set[str] = field(default_factory=set)


class FakeOmdb:
    """The fake server, in a background thread; use as a context manager or start/stop."""

    def __init__(
        self,
        host: str = "127.0.0.1",
        port: int = 0,
        api_key: str = "test-key",
        *,
        serve_posters: bool = False,
    ) -> None:
        self.serve_posters = serve_posters
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._default_key = api_key
        self.config = FakeOmdbConfig(api_key=api_key)
        self._requests: Counter[str] = Counter()
        self._server = _Server((host, port), _handler_for(self))
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    def start(self) -> FakeOmdb:
        self._thread = threading.Thread(
            target=self._server.serve_forever, name="fake-omdb", daemon=True
        )
        self._thread.start()
        return self

    def serve_forever(self) -> None:
        """Serve in the calling thread until interrupted (the command-line use)."""
        try:
            self._server.serve_forever()
        finally:
            self._server.server_close()

    def stop(self) -> None:
        self._stopping.set()  # wakes requests sleeping in a configured latency
        self._server.shutdown()
        self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def __enter__(self) -> FakeOmdb:
        return self.start()

    def __exit__(self, *_exc: object) -> None:
        self.stop()

    def configure(self, **changes: Any) -> None:
        """Change the behaviour, e.g. ``configure(latency_s=2.0)``; unknown names raise."""
        with self._lock:
            for name, value in changes.items():
                if not hasattr(self.config, name):
                    raise AttributeError(f"FakeOmdbConfig has no setting {name!r}")
                if name in ("no_poster", "not_found"):
                    value = set(value)
                setattr(self.config, name, value)

    def reset(self) -> None:
        """Healthy, fast, every id known, counters at zero."""
        with self._lock:
            self.config = FakeOmdbConfig(api_key=self._default_key)
            self._requests.clear()

    def requests_for(self, imdb_id: str) -> int:
        """How many requests asked for ``imdb_id`` (whatever the answer)."""
        with self._lock:
            return self._requests[imdb_id]

    @property
    def total_requests(self) -> int:
        with self._lock:
            return sum(self._requests.values())

    def stats(self) -> dict[str, Any]:
        with self._lock:
            return {"total": sum(self._requests.values()), "requests": dict(self._requests)}

    def answer(self, query: dict[str, str]) -> tuple[int, dict[str, Any]]:
        """Status and JSON body for one API request (the whole OMDb behaviour lives here)."""
        imdb_id = query.get("i", "")
        with self._lock:
            self._requests[imdb_id] += 1
            cfg = self.config
            latency = cfg.latency_s
            failing = cfg.fail_status is not None and (cfg.fail_count is None or cfg.fail_count > 0)
            if failing and cfg.fail_count is not None:
                cfg.fail_count -= 1
            fail_status = cfg.fail_status
        if latency > 0 and self._stopping.wait(latency):
            return 503, {"Response": "False", "Error": "Shutting down."}
        if failing:
            assert fail_status is not None
            return fail_status, {"Response": "False", "Error": "Internal server error."}
        key = query.get("apikey")
        if not key:
            return 401, {"Response": "False", "Error": "No API key provided."}
        if key != cfg.api_key:
            return 401, {"Response": "False", "Error": "Invalid API key!"}
        if cfg.rate_limited:
            return 401, {"Response": "False", "Error": "Request limit reached!"}
        if not _IMDB_ID.fullmatch(imdb_id):
            return 200, {"Response": "False", "Error": "Incorrect IMDb ID."}
        if imdb_id in cfg.not_found:
            return 200, {"Response": "False", "Error": "Movie not found!"}
        if imdb_id in cfg.no_poster:
            return 200, _movie(imdb_id, None)
        if self.serve_posters:
            return 200, _movie(imdb_id, f"{self.url}/posters/{imdb_id}.svg")
        return 200, _movie(imdb_id, poster_url(imdb_id))

    def control(self, path: str, body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        """The ``/_fake/...`` endpoints, for a fake running in another process."""
        if path == "/_fake/stats":
            return 200, self.stats()
        if path == "/_fake/reset":
            self.reset()
            return 200, self.stats()
        if path == "/_fake/config":
            try:
                self.configure(**body)
            except (AttributeError, TypeError) as exc:
                return 400, {"error": str(exc)}
            return 200, {"ok": True}
        return 404, {"error": f"unknown control path {path}"}


def _movie(imdb_id: str, poster: str | None) -> dict[str, Any]:
    title, year, genre = CATALOGUE.get(imdb_id, (f"Movie {imdb_id}", "2000", "Drama"))
    return {
        "Title": title,
        "Year": year,
        "Rated": "N/A",
        "Released": "N/A",
        "Runtime": "N/A",
        "Genre": genre,
        "Director": "N/A",
        "Plot": "N/A",
        "Language": "English",
        "Poster": poster or "N/A",
        "Ratings": [],
        "imdbRating": "N/A",
        "imdbID": imdb_id,
        "Type": "movie",
        "Response": "True",
    }


class _Server(ThreadingHTTPServer):
    daemon_threads = True  # a request sleeping in a configured latency must not block exit

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Clients hanging up early (timeouts under test) are normal here, not worth a trace."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


def _handler_for(fake: FakeOmdb) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # keep-alive, as the real API (and httpx's pool) expect
        server_version = "FakeOMDb/1.0"
        disable_nagle_algorithm = True  # headers and body go out as separate writes

        def do_GET(self) -> None:
            parts = urlsplit(self.path)
            if parts.path.startswith("/_fake/"):
                self._send(*fake.control(parts.path, {}))
                return
            if parts.path.startswith("/posters/"):
                self._send_poster(parts.path.removeprefix("/posters/").removesuffix(".svg"))
                return
            query = {k: v[0] for k, v in parse_qs(parts.query).items()}
            self._send(*fake.answer(query))

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length) if length else b"{}"
            try:
                body = json.loads(raw or b"{}")
            except ValueError:
                self._send(400, {"error": "body is not JSON"})
                return
            self._send(*fake.control(urlsplit(self.path).path, body))

        def _send(self, status: int, body: dict[str, Any]) -> None:
            data = json.dumps(body).encode()
            try:
                self.send_response(status)
                self.send_header("Content-Type", "application/json; charset=utf-8")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
            except (BrokenPipeError, ConnectionResetError):  # the client gave up waiting
                self.close_connection = True

        def _send_poster(self, imdb_id: str) -> None:
            if not (fake.serve_posters and _IMDB_ID.fullmatch(imdb_id)):
                self._send(404, {"error": "no such poster"})
                return
            data = poster_svg(imdb_id).encode()
            self.send_response(200)
            self.send_header("Content-Type", "image/svg+xml")
            self.send_header("Content-Length", str(len(data)))
            self.send_header("Cache-Control", "public, max-age=86400")
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, format: str, *args: Any) -> None:
            """Silent: request lines would carry the API key."""

    return Handler


#: The key the fake accepts when neither the environment nor a file names one.
DEFAULT_KEY = "demo"


def key_from(environ: Mapping[str, str], key_file: str | None = None) -> tuple[str, str]:
    """The key to accept and where it came from: ``OMDB_API_KEY``, else the file (``key_file``
    or ``OMDB_API_KEY_FILE``), else :data:`DEFAULT_KEY`."""
    if key := environ.get("OMDB_API_KEY", "").strip():
        return key, "OMDB_API_KEY"
    path = key_file or environ.get("OMDB_API_KEY_FILE")
    if path:
        try:
            key = Path(path).read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise SystemExit(f"fake OMDb: cannot read key file {path}: {exc.strerror}") from None
        if key:
            return key, path
    return DEFAULT_KEY, "the default"


def main() -> None:
    parser = argparse.ArgumentParser(
        description="Run a fake OMDb API (for demos and tests). The key it accepts comes from "
        "OMDB_API_KEY, else from --api-key-file or OMDB_API_KEY_FILE, else it is 'demo'."
    )
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8099)
    parser.add_argument("--api-key-file", help="File holding the key the fake accepts.")
    parser.add_argument(
        "--serve-posters",
        action="store_true",
        help="Poster URLs point at this fake, which serves an SVG per id (no internet needed).",
    )
    args = parser.parse_args()
    key, origin = key_from(os.environ, args.api_key_file)
    fake = FakeOmdb(args.host, args.port, key, serve_posters=args.serve_posters)
    print(f"fake OMDb listening on {fake.url} (key from {origin})", flush=True)
    with contextlib.suppress(KeyboardInterrupt):
        fake.serve_forever()


if __name__ == "__main__":
    main()
