"""Capture what the services log, formatted exactly as they write it (JSON lines)."""

from __future__ import annotations

import asyncio
import json
import logging
import time
from collections.abc import Callable
from typing import Any

from movierec.http.logs import JsonFormatter


class JsonLogCapture(logging.Handler):
    """A root-logger handler keeping every line, from every thread, formatted by the JSON
    formatter the running service installed (so the service name is the service's own)."""

    def __init__(self) -> None:
        super().__init__(level=logging.DEBUG)
        self.lines: list[str] = []
        self._fallback = JsonFormatter("unconfigured")

    def emit(self, record: logging.LogRecord) -> None:
        formatter = next(
            (
                h.formatter
                for h in logging.getLogger().handlers
                if h is not self and isinstance(h.formatter, JsonFormatter)
            ),
            self._fallback,
        )
        self.lines.append(formatter.format(record))

    @property
    def text(self) -> str:
        return "\n".join(self.lines)

    def records(self) -> list[dict[str, Any]]:
        return [json.loads(line) for line in self.lines]

    async def wait_for(
        self, predicate: Callable[[dict[str, Any]], bool], timeout_s: float = 5.0
    ) -> list[dict[str, Any]]:
        """The records matching ``predicate``, waiting for the first one to arrive.

        Access lines are written once the response is out, so a client can see the
        response a moment before the line exists.
        """
        deadline = time.monotonic() + timeout_s
        while True:
            found = [r for r in self.records() if predicate(r)]
            if found or time.monotonic() > deadline:
                return found
            await asyncio.sleep(0.01)

    def __enter__(self) -> JsonLogCapture:
        logging.getLogger().addHandler(self)
        return self

    def __exit__(self, *_exc: object) -> None:
        logging.getLogger().removeHandler(self)
