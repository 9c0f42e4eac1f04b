"""The one-laptop stack: Redis (when installed), the four services and optionally a fake OMDb.

Each part is a child process on loopback. :meth:`Stack.supervise` (what ``movierec up``
runs) reports each part ready as its ``/readyz`` answers, restarts a part that dies, with
backoff, and stops only on Ctrl-C / SIGTERM or when a part keeps crashing; then every part
is stopped (TERM, then KILL after a grace period). :meth:`Stack.start` is the strict form the
benchmarks and tests time: every part ready within a deadline, or an error.

Why our own supervisor rather than supervisord, circus or honcho: those run as daemons
configured by files (circus also brings ZeroMQ and tornado), honcho does not restart, and
none knows a part is ready only when its ``/readyz`` answers. What is needed here is a loop
of about sixty lines over ``subprocess``: spawn, poll, restart with backoff, stop once,
with the signal handling tests/stack/test_up.py pins down.
"""

from __future__ import annotations

import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from movierec.errors import MovierecError

if TYPE_CHECKING:
    import httpx

#: Service name -> default port. The gateway is the only one meant for a browser.
PORTS: dict[str, int] = {"gateway": 8000, "collab": 8001, "kmeans": 8002, "posters": 8003}


class StackError(MovierecError):
    """A part of the stack could not start or died."""


def port_is_free(port: int, host: str = "127.0.0.1") -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError:
            return False
    return True


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


def free_port_block(count: int = len(PORTS), host: str = "127.0.0.1") -> int:
    """A port P with P .. P+count-1 all free, as `movierec up --port P` needs."""
    for _ in range(50):
        base = free_port(host)
        if base + count <= 65536 and all(port_is_free(base + i, host) for i in range(count)):
            return base
    raise StackError(f"found no {count} free consecutive ports on {host}")


@dataclass
class Part:
    """One child process, how to tell it is ready, and its supervision record."""

    name: str
    argv: list[str]
    env: dict[str, str]
    ready_url: str | None = None
    log_path: Path | None = None
    proc: subprocess.Popen[bytes] | None = None
    #: Whether ``/readyz`` answered since the process last started.
    ready: bool = False
    #: When it died recently (monotonic seconds), for the crash-loop check.
    deaths: list[float] = field(default_factory=list)
    #: When to start it again after a death (monotonic seconds), or None.
    restart_at: float | None = None

    def start(self) -> None:
        self.ready = False
        out = self.log_path.open("ab") if self.log_path else subprocess.DEVNULL
        self.proc = subprocess.Popen(
            self.argv,
            env=self.env,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # Ctrl-C reaches the supervisor only; it stops the rest.
        )

    @property
    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def is_ready(self, client: httpx.Client) -> bool:
        import httpx  # loaded by Stack.start once every part is spawned

        if self.ready_url is None:
            return self.alive
        try:
            return client.get(self.ready_url, timeout=1.0).status_code == 200
        except httpx.HTTPError:
            return False

    def exit_reason(self) -> str:
        code = self.proc.returncode if self.proc is not None else None
        if code is not None and code < 0:
            return f"killed by {signal.Signals(-code).name}"
        return f"exit code {code}"

    def stop(self, grace_s: float = 10.0) -> None:
        self.restart_at = None
        if not self.alive or self.proc is None:
            return
        self.proc.terminate()
        try:
            self.proc.wait(timeout=grace_s)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


@dataclass
class StackConfig:
    data: str
    model_dir: Path
    run_dir: Path
    host: str = "127.0.0.1"
    ports: dict[str, int] = field(default_factory=lambda: dict(PORTS))
    omdb_key: str | None = None
    omdb_url: str | None = None
    fake_omdb: bool = False
    redis: bool = True
    web_dir: Path | None = None
    log_level: str = "INFO"


def _python_module(module: str, *args: str) -> list[str]:
    return [sys.executable, "-m", module, *args]


#: Variables naming the OMDb key: only posters (and a local fake OMDb) may see them.
_OMDB_SECRETS = ("OMDB_API_KEY", "OMDB_API_KEY_FILE")


def plan(config: StackConfig, base_env: Mapping[str, str]) -> list[Part]:
    """The processes to start, in order, with the environment each one reads.

    The OMDb key (``config.omdb_key``, else the launcher's ``OMDB_API_KEY`` or
    ``OMDB_API_KEY_FILE``) reaches the posters service only, and only through its
    environment: never a command line, which every user of the machine can read, and never
    the other parts, which have no use for it. With the fake OMDb, posters and the fake share
    a demo key, again by environment, and the real key goes nowhere.
    """
    config.run_dir.mkdir(parents=True, exist_ok=True)
    logs = config.run_dir / "logs"
    logs.mkdir(exist_ok=True)
    host = config.host
    omdb_key = config.omdb_key or base_env.get("OMDB_API_KEY") or None
    key_file = base_env.get("OMDB_API_KEY_FILE") or None
    env = {
        **{name: value for name, value in base_env.items() if name not in _OMDB_SECRETS},
        "MOVIEREC_DATA_DIR": config.data,
        "MOVIEREC_MODEL_DIR": str(config.model_dir),
        "OPENBLAS_NUM_THREADS": "1",
        "OMP_NUM_THREADS": "1",
        "PYTHONUNBUFFERED": "1",
    }
    parts: list[Part] = []
    posters_env = {**env}
    if config.redis and (redis := shutil.which("redis-server")):
        port = free_port(host)
        redis_dir = config.run_dir / "redis"
        redis_dir.mkdir(exist_ok=True)
        parts.append(
            Part(
                "redis",
                [
                    redis, "--port", str(port), "--bind", host, "--save", "",
                    "--appendonly", "no", "--dir", str(redis_dir), "--loglevel", "warning",
                ],
                env,
                log_path=logs / "redis.log",
            )
        )  # fmt: skip
        posters_env["REDIS_URL"] = f"redis://{host}:{port}/0"
    else:
        posters_env["REDIS_URL"] = ""  # in-process cache
    gateway_env: dict[str, str] = {}
    if config.fake_omdb:
        port = free_port(host)
        key = "demo-key"  # a fake needs no real key: the launcher's stays with nobody
        fake_url = f"http://{host}:{port}"
        parts.append(
            Part(
                "fake-omdb",
                _python_module(
                    "movierec_posters.fake_omdb", "--port", str(port), "--serve-posters"
                ),
                {**env, "OMDB_API_KEY": key},
                ready_url=f"{fake_url}/_fake/stats",
                log_path=logs / "fake-omdb.log",
            )
        )
        posters_env["OMDB_BASE_URL"] = fake_url
        posters_env["OMDB_API_KEY"] = key
        # Its poster URLs point at the fake itself: the page's CSP must let them load.
        gateway_env["MOVIEREC_GATEWAY_IMAGE_SOURCES"] = f"https:,{fake_url}"
    else:
        if omdb_key:
            posters_env["OMDB_API_KEY"] = omdb_key
        elif key_file:
            posters_env["OMDB_API_KEY_FILE"] = key_file
        if config.omdb_url:
            posters_env["OMDB_BASE_URL"] = config.omdb_url
    urls = {name: f"http://{host}:{port}" for name, port in config.ports.items()}
    for name in ("posters", "collab", "kmeans", "gateway"):
        prefix = f"MOVIEREC_{name.upper()}_"
        service_env = {
            **(posters_env if name == "posters" else env),
            f"{prefix}HOST": host,
            f"{prefix}PORT": str(config.ports[name]),
            f"{prefix}LOG_LEVEL": config.log_level,
        }
        if name == "gateway":
            service_env.update(gateway_env)
            for backend in ("collab", "kmeans", "posters"):
                service_env[f"{prefix}{backend.upper()}_URL"] = urls[backend]
            if config.web_dir is not None:
                service_env[f"{prefix}WEB_DIR"] = str(config.web_dir)
        parts.append(
            Part(
                name,
                _python_module(f"movierec_{name}"),
                service_env,
                ready_url=f"{urls[name]}/readyz",
                log_path=logs / f"{name}.log",
            )
        )
    return parts


@dataclass(frozen=True)
class RestartPolicy:
    """A dead part restarts after ``first_s``, doubling per recent death up to ``max_s``;
    ``crashes`` deaths within ``window_s`` mean it cannot run, and the stack stops."""

    first_s: float = 0.5
    max_s: float = 10.0
    crashes: int = 5
    window_s: float = 60.0

    def delay(self, recent_deaths: int) -> float:
        return float(min(self.max_s, self.first_s * 2 ** max(recent_deaths - 1, 0)))


class Stack:
    """Start the parts, wait for readiness, supervise, and stop everything exactly once."""

    def __init__(self, parts: list[Part], policy: RestartPolicy | None = None) -> None:
        self.parts = parts
        self.policy = policy or RestartPolicy()
        self._stop_asked = False

    def catch_stop_signals(self) -> None:
        """Make Ctrl-C and SIGTERM ask :meth:`start` and :meth:`wait` to stop, by raising
        KeyboardInterrupt at their next check, rather than wherever the signal lands: raised
        inside ``subprocess.Popen`` or a module import, it would leave a child untracked or
        the interpreter half-torn. The caller stops the stack on KeyboardInterrupt."""
        for sig in _STOP_SIGNALS:
            signal.signal(sig, self._record_stop)

    def _record_stop(self, _signum: int, _frame: object) -> None:
        self.request_stop()

    def request_stop(self) -> None:
        """Ask :meth:`start` or :meth:`supervise` to end at their next check."""
        self._stop_asked = True

    def _check_stop(self) -> None:
        if self._stop_asked:
            raise KeyboardInterrupt

    def start(
        self,
        timeout_s: float = 180.0,
        on_ready: Callable[[Part], None] | None = None,
        poll_s: float = 0.2,
    ) -> None:
        for part in self.parts:
            part.start()
            self._check_stop()
        # Only now: the children start while the HTTP client loads (about 0.1 s of CPU).
        import httpx

        pending = list(self.parts)
        deadline = time.monotonic() + timeout_s
        with httpx.Client() as client:
            while pending:
                self._check_stop()
                for part in list(pending):
                    if not part.alive:
                        raise StackError(f"{part.name} exited while starting; see {part.log_path}")
                    if part.is_ready(client):
                        pending.remove(part)
                        if on_ready is not None:
                            on_ready(part)
                if time.monotonic() > deadline:
                    names = ", ".join(p.name for p in pending)
                    raise StackError(f"not ready after {timeout_s:.0f} s: {names}")
                time.sleep(poll_s)

    def supervise(
        self,
        report: Callable[[str], None],
        on_up: Callable[[], None] | None = None,
        poll_s: float = 0.2,
        status_every_s: float = 30.0,
    ) -> None:
        """Spawn the parts not running, then watch them until a signal caught by
        :meth:`catch_stop_signals` (KeyboardInterrupt) or a part that keeps crashing
        (StackError naming it and its log).

        ``report`` gets one line per event (a part ready, died, restarted, still waiting);
        ``on_up`` is called once, when every part is ready for the first time.
        """
        for part in self.parts:
            if part.proc is None:
                part.start()
                self._check_stop()
        import httpx

        announced = False
        last_status = time.monotonic()
        with httpx.Client() as client:
            while True:
                self._check_stop()
                for part in self.parts:
                    self._tend(part, client, report)
                if not announced and all(p.ready for p in self.parts):
                    announced = True
                    if on_up is not None:
                        on_up()
                if time.monotonic() - last_status > status_every_s:
                    last_status = time.monotonic()
                    for part in self.parts:
                        if not part.ready and part.restart_at is None:
                            report(f"waiting for {part.name}: {_not_ready_because(part, client)}")
                time.sleep(poll_s)

    def _tend(self, part: Part, client: httpx.Client, report: Callable[[str], None]) -> None:
        """One look at one part: restart it when due, note its death, or its readiness."""
        now = time.monotonic()
        if part.restart_at is not None:
            if now >= part.restart_at:
                part.restart_at = None
                part.start()
                report(f"{part.name} restarted")
            return
        if not part.alive:
            was_ready = part.ready
            part.ready = False
            policy = self.policy
            part.deaths = [t for t in part.deaths if now - t < policy.window_s] + [now]
            if len(part.deaths) >= policy.crashes:
                raise StackError(
                    f"{part.name} crashed {len(part.deaths)} times within "
                    f"{policy.window_s:.0f} s ({part.exit_reason()}); its log: {part.log_path}"
                )
            delay = policy.delay(len(part.deaths))
            part.restart_at = now + delay
            state = "" if was_ready else " while starting"
            report(
                f"{part.name} died{state} ({part.exit_reason()}); restarting in {delay:g} s; "
                f"its log: {part.log_path}"
            )
            return
        if not part.ready and part.is_ready(client):
            part.ready = True
            report(f"ready {part.name}" + (" again" if part.deaths else ""))

    def stop(self) -> None:
        """Stop every part, newest first. Further Ctrl-C or SIGTERM are ignored meanwhile:
        a supervisor interrupted half-way would leave children running with no one to stop
        them."""
        in_main = threading.current_thread() is threading.main_thread()  # signals live there
        previous = {sig: signal.signal(sig, signal.SIG_IGN) for sig in _STOP_SIGNALS if in_main}
        try:
            for part in reversed(self.parts):
                part.stop()
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)


def _not_ready_because(part: Part, client: httpx.Client) -> str:
    """The failing checks of a part's ``/readyz`` as one line (or why it did not answer)."""
    import httpx

    if part.ready_url is None:
        return "starting"
    try:
        checks = client.get(part.ready_url, timeout=1.0).json().get("checks", {})
    except (httpx.HTTPError, ValueError, AttributeError):
        return "not answering yet"
    failing = [f"{name}: {c.get('detail')}" for name, c in checks.items() if not c.get("ok")]
    return "; ".join(failing) or "not ready"


#: What asks a supervisor to stop: Ctrl-C, and `kill`/`docker stop`/systemd.
_STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)


def default_web_dir(repo_root: Path) -> Path | None:
    dist = repo_root / "web" / "dist"
    return dist if (dist / "index.html").is_file() else None
