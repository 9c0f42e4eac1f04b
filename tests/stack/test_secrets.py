"""The OMDb key reaches the posters service only, by environment: no other part, no argv.

Every user of a machine can read any process's command line (``ps``), and a part that holds
the key in its environment leaks it with any debug dump or child it starts; so the key goes
to the one process that calls OMDb, and the fake OMDb gets a demo key by environment too.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx

from movierec.stack import Part, StackConfig, free_port_block, plan
from tests.toy import write_toy_csv

KEY = "SENTINEL-omdb-key-5f3a"
KEY_FILE_ENV = "OMDB_API_KEY_FILE"


def _config(tmp_path: Path, **overrides: object) -> StackConfig:
    values: dict[str, object] = {
        "data": str(tmp_path / "data"),
        "model_dir": tmp_path / "models",
        "run_dir": tmp_path / "run",
        **overrides,
    }
    return StackConfig(**values)  # type: ignore[arg-type]


def _holding(parts: list[Part], secret: str) -> dict[str, list[str]]:
    """Part name -> where ``secret`` shows: env variable names, and "argv"."""
    found: dict[str, list[str]] = {}
    for part in parts:
        places = [name for name, value in part.env.items() if secret in value]
        if any(secret in arg for arg in part.argv):
            places.append("argv")
        if places:
            found[part.name] = places
    return found


def test_plan_gives_the_key_to_posters_only(tmp_path: Path) -> None:
    base = {"PATH": os.environ["PATH"], "OMDB_API_KEY": KEY, "HOME": str(tmp_path)}
    parts = plan(_config(tmp_path, omdb_key=KEY), base)
    assert {p.name for p in parts} >= {"posters", "collab", "kmeans", "gateway"}
    assert _holding(parts, KEY) == {"posters": ["OMDB_API_KEY"]}
    # The launcher's environment alone (no --omdb-key) gives the same.
    assert _holding(plan(_config(tmp_path), base), KEY) == {"posters": ["OMDB_API_KEY"]}


def test_plan_passes_a_key_file_to_posters_only(tmp_path: Path) -> None:
    key_file = tmp_path / "omdb-key"
    key_file.write_text(KEY)
    base = {"PATH": os.environ["PATH"], KEY_FILE_ENV: str(key_file)}
    parts = plan(_config(tmp_path), base)
    assert _holding(parts, str(key_file)) == {"posters": [KEY_FILE_ENV]}
    assert _holding(parts, KEY) == {}


def test_with_the_fake_omdb_the_real_key_goes_nowhere(tmp_path: Path) -> None:
    base = {"PATH": os.environ["PATH"], "OMDB_API_KEY": KEY}
    parts = plan(_config(tmp_path, omdb_key=KEY, fake_omdb=True), base)
    assert _holding(parts, KEY) == {}
    by_name = {p.name: p for p in parts}
    fake, posters = by_name["fake-omdb"], by_name["posters"]
    # The two share a demo key, by environment; nothing key-like is on any command line.
    demo = fake.env["OMDB_API_KEY"]
    assert posters.env["OMDB_API_KEY"] == demo
    assert _holding(parts, demo) == {"fake-omdb": ["OMDB_API_KEY"], "posters": ["OMDB_API_KEY"]}
    assert not any("key" in arg.lower() for part in parts for arg in part.argv)


def _children_of(pid: int) -> list[int]:
    out = subprocess.run(["ps", "-o", "pid=", "--ppid", str(pid)], capture_output=True, text=True)
    return [int(p) for p in out.stdout.split()]


def _name_of(pid: int) -> str:
    """The part a child of `movierec up` is, from its command line."""
    argv = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    if b"movierec_posters.fake_omdb" in argv:
        return "fake-omdb"
    modules = [a.decode() for a in argv if a.startswith(b"movierec_")]
    return modules[0].removeprefix("movierec_") if modules else Path(argv[0].decode()).name


def _environ(pid: int) -> dict[str, str]:
    entries = Path(f"/proc/{pid}/environ").read_bytes().split(b"\0")
    pairs = (e.decode(errors="replace").partition("=") for e in entries if e)
    return {name: value for name, _, value in pairs}


def _ready(url: str) -> bool:
    try:
        return httpx.get(f"{url}/readyz", timeout=2.0).status_code == 200
    except httpx.TransportError:
        return False


def test_a_running_stack_shows_the_key_to_no_child(tmp_path: Path) -> None:
    """`movierec up --fake-omdb` launched with OMDB_API_KEY set: what each child process
    really holds, read from /proc. Also: no service announces itself as uvicorn."""
    data = write_toy_csv(tmp_path / "toy")
    port = free_port_block()
    log = (tmp_path / "up.log").open("w+")
    proc = subprocess.Popen(
        [
            sys.executable, "-m", "movierec.cli.main", "up", "--data", str(data),
            "--port", str(port), "--fake-omdb", "--no-redis",
            "--model-dir", str(tmp_path / "models"), "--run-dir", str(tmp_path / "run"),
        ],
        stdout=log,
        stderr=subprocess.STDOUT,
        env={**os.environ, "OMDB_API_KEY": KEY, "COLUMNS": "200"},
        cwd=tmp_path,
    )  # fmt: skip
    urls = [f"http://127.0.0.1:{port + offset}" for offset in range(4)]
    try:
        deadline = time.monotonic() + 240
        while not all(_ready(url) for url in urls):
            assert proc.poll() is None, Path(log.name).read_text()
            assert time.monotonic() < deadline, f"not ready: {Path(log.name).read_text()}"
            time.sleep(0.2)
        children = {_name_of(pid): pid for pid in _children_of(proc.pid)}
        assert set(children) == {"fake-omdb", "posters", "collab", "kmeans", "gateway"}
        for name, pid in children.items():
            environ = _environ(pid)
            assert not [k for k, v in environ.items() if KEY in v], name
            assert KEY.encode() not in Path(f"/proc/{pid}/cmdline").read_bytes(), name
            has_key = "OMDB_API_KEY" in environ
            assert has_key == (name in {"posters", "fake-omdb"}), (name, has_key)
            assert KEY_FILE_ENV not in environ, name
        for url in urls:
            answer = httpx.get(f"{url}/healthz", timeout=5.0)
            assert answer.status_code == 200
            assert "server" not in answer.headers, (url, answer.headers["server"])
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=60)
    assert proc.returncode == 0, Path(log.name).read_text()


def test_plan_only_describes_the_same_parts_the_browser_tests_start(tmp_path: Path) -> None:
    """`movierec up --plan-only` is how web/e2e starts the one topology: every part with its
    command, environment changes and readiness URL, the OMDb key removed where it must not be."""
    base = free_port_block()
    done = subprocess.run(
        [sys.executable, "-m", "movierec.cli.main", "up", "--plan-only", "--data",
         str(tmp_path), "--port", str(base), "--fake-omdb", "--no-redis",
         "--run-dir", str(tmp_path / "run")],
        capture_output=True, text=True, timeout=60,
        env={**os.environ, "OMDB_API_KEY": "callers-own-key"},
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    parts = {p["name"]: p for p in json.loads(done.stdout)}
    assert list(parts) == ["fake-omdb", "posters", "collab", "kmeans", "gateway"]
    assert parts["gateway"]["ready_url"] == f"http://127.0.0.1:{base}/readyz"
    assert parts["gateway"]["set"]["MOVIEREC_GATEWAY_COLLAB_URL"] == f"http://127.0.0.1:{base + 1}"
    for name in ("collab", "kmeans", "gateway"):
        assert "OMDB_API_KEY" in parts[name]["unset"]
    assert not any("callers-own-key" in json.dumps(p) for p in parts.values())
