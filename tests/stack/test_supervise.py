"""The supervisor of `movierec up` on real child processes: a part that dies comes back, one
that keeps crashing stops the stack naming it and its log."""

from __future__ import annotations

import os
import signal
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest

from movierec.stack import Part, RestartPolicy, Stack, StackError, free_port

FAST = RestartPolicy(first_s=0.05, max_s=0.2, crashes=3, window_s=60.0)


def _wait_for(predicate: Callable[[], bool], timeout_s: float, what: str) -> None:
    deadline = time.monotonic() + timeout_s
    while not predicate():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.02)


def _web_part(tmp_path: Path, name: str = "web") -> Part:
    port = free_port()
    return Part(
        name,
        [sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1",
         "--directory", str(tmp_path)],
        dict(os.environ),
        ready_url=f"http://127.0.0.1:{port}/",
        log_path=tmp_path / f"{name}.log",
    )  # fmt: skip


class Running:
    """``stack.supervise`` in a thread, its report lines collected, stopped on exit."""

    def __init__(self, stack: Stack) -> None:
        self.stack, self.up = stack, threading.Event()
        self.lines: list[str] = []
        self.error: BaseException | None = None
        self.thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        try:
            self.stack.supervise(self.lines.append, on_up=self.up.set, poll_s=0.02)
        except BaseException as exc:  # KeyboardInterrupt on request_stop, or StackError
            self.error = exc

    def __enter__(self) -> Running:
        self.thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self.stack.request_stop()
        self.thread.join(timeout=30)
        self.stack.stop()


def test_a_killed_part_is_restarted_and_ready_again(tmp_path: Path) -> None:
    part = _web_part(tmp_path)
    with Running(Stack([part], FAST)) as running:
        _wait_for(running.up.is_set, 30, "the part to be ready")
        first = part.proc
        assert first is not None
        os.kill(first.pid, signal.SIGKILL)
        _wait_for(lambda: "ready web again" in running.lines, 30, "the restart")
        assert part.proc is not first
        assert any(
            line.startswith("web died (killed by SIGKILL); restarting in") for line in running.lines
        ), running.lines
        assert httpx.get(part.ready_url or "", timeout=5).status_code == 200
        assert running.error is None


def test_a_part_that_keeps_crashing_stops_the_stack_naming_its_log(tmp_path: Path) -> None:
    crashing = Part(
        "crasher",
        [sys.executable, "-c", "raise SystemExit(3)"],
        dict(os.environ),
        log_path=tmp_path / "crasher.log",
    )
    healthy = _web_part(tmp_path)
    stack = Stack([healthy, crashing], FAST)
    lines: list[str] = []
    with pytest.raises(StackError) as stopped:
        stack.supervise(lines.append, poll_s=0.02)
    stack.stop()
    message = str(stopped.value)
    assert message.startswith("crasher crashed 3 times within 60 s (exit code 3)")
    assert str(tmp_path / "crasher.log") in message
    assert sum(line.startswith("crasher died") and "(exit code 3)" in line for line in lines) == 2
    assert not healthy.alive  # stop() took the healthy part down too


def test_backoff_doubles_up_to_its_cap() -> None:
    policy = RestartPolicy(first_s=0.5, max_s=4.0)
    assert [policy.delay(n) for n in (1, 2, 3, 4, 5, 9)] == [0.5, 1.0, 2.0, 4.0, 4.0, 4.0]
