"""A clock the test moves by hand, for the TTL caches that take a ``clock`` callable."""

from __future__ import annotations


class ManualClock:
    """Seconds as the test sets them (``clock.now += 61``); nothing moves on its own."""

    def __init__(self, now: float = 0.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now
