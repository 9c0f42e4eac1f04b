"""The wrk harness for real: request.lua against a loopback server for one second."""

from __future__ import annotations

import json
import threading
from collections import Counter
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from bench.serving import wrk
from bench.serving.bodies import movie_page, write_lines


class _Recorder(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.bodies: Counter[str] = Counter()
        self.statuses: Counter[int] = Counter()
        self.lock = threading.Lock()


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Recorder

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"])).decode()
        # Every third distinct body fails, so wrk's error counting is exercised too.
        status = 500 if json.loads(body)["n"] % 3 == 0 else 200
        with self.server.lock:
            self.server.bodies[body] += 1
            self.server.statuses[status] += 1
        payload = b'{"ok":true}'
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def do_GET(self) -> None:
        with self.server.lock:
            self.server.bodies[f"GET {self.path}"] += 1
            self.server.statuses[200] += 1
        payload = b'{"ok":true}'
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, format: str, *args: object) -> None:
        return None


@pytest.fixture
def recorder() -> Iterator[_Recorder]:
    server = _Recorder()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def test_wrk_posts_every_body_in_turn_and_counts_errors(
    recorder: _Recorder, tmp_path: Path
) -> None:
    sent = [{"n": n} for n in range(6)]
    bodies = write_lines(tmp_path / "bodies.jsonl", sent)
    host, port = recorder.server_address[:2]

    result = wrk.run(f"http://{host!s}:{port}/post", bodies, connections=2, threads=1, seconds=1)

    seen = {json.loads(b)["n"] for b in recorder.bodies}
    assert seen == {b["n"] for b in sent}  # the Lua script rotated over the whole file
    assert 0 < result.requests <= sum(recorder.statuses.values())
    assert 0 < result.non_2xx <= recorder.statuses[500]
    assert result.non_2xx < result.requests
    assert result.socket_errors == 0
    # The parsed percentiles are consistent with each other (their size is the bench's business).
    quantiles = [result.p50_ms, result.p90_ms, result.p99_ms, result.max_ms]
    assert quantiles == sorted(quantiles)
    assert quantiles[0] > 0
    assert result.rps == pytest.approx(result.requests / result.seconds)


def test_wrk_gets_the_paths_of_get_lines(recorder: _Recorder, tmp_path: Path) -> None:
    """Movie pages are GETs: a "GET /path" line is fetched, not posted as a body."""
    pages = [movie_page(m) for m in (1, 260, 2571)]
    lines = write_lines(tmp_path / "pages.txt", pages)
    host, port = recorder.server_address[:2]

    result = wrk.run(f"http://{host!s}:{port}/", lines, connections=2, threads=1, seconds=1)

    assert set(recorder.bodies) == set(pages)  # every path in turn, nothing posted
    assert result.requests > 0
    assert result.non_2xx == 0


def test_wrk_needs_a_bodies_file(recorder: _Recorder, tmp_path: Path) -> None:
    host, port = recorder.server_address[:2]
    with pytest.raises(wrk.WrkError):
        wrk.run(
            f"http://{host!s}:{port}/", tmp_path / "missing.jsonl", connections=1, threads=1,
            seconds=1,
        )  # fmt: skip


def test_parse_output_reads_the_json_line_and_the_non_2xx_count() -> None:
    stdout = (
        "Running 20s test @ http://127.0.0.1:8000/\n"
        "  Non-2xx or 3xx responses: 7\n"
        'WRK_JSON {"requests":2000,"duration_us":20000000,"bytes":1,'
        '"errors":{"connect":1,"read":2,"write":3,"status":5,"timeout":4},'
        '"latency_us":{"p50":4500,"p90":9000,"p99":31000,"mean":5200.5,"max":80000}}\n'
    )
    result = wrk.parse_output(stdout)
    assert result.requests == 2000
    assert result.rps == pytest.approx(100.0)
    assert (result.p50_ms, result.p90_ms, result.p99_ms) == (4.5, 9.0, 31.0)
    assert result.non_2xx == 7  # wrk's own count includes 3xx, larger than the Lua one
    assert result.socket_errors == 6
    assert result.timeouts == 4


def test_parse_output_without_summary_says_so() -> None:
    with pytest.raises(wrk.WrkError, match="no WRK_JSON line"):
        wrk.parse_output("Running 1s test\n")
