"""``/healthz`` (the process answers) and ``/readyz`` (it can do its job) for probes."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from typing import Literal

from fastapi import APIRouter
from fastapi.responses import JSONResponse

log = logging.getLogger("movierec.http.health")


@dataclass(frozen=True)
class Check:
    """One dependency's state; a failing non-critical check only makes the service degraded."""

    ok: bool
    detail: str = ""
    critical: bool = True


@dataclass(frozen=True)
class Readiness:
    """The checks a service reports; ready when every critical one passes."""

    checks: Mapping[str, Check] = field(default_factory=dict)

    @property
    def ready(self) -> bool:
        return all(check.ok for check in self.checks.values() if check.critical)

    @property
    def status(self) -> Literal["ready", "degraded", "not-ready"]:
        if not self.ready:
            return "not-ready"
        return "ready" if all(c.ok for c in self.checks.values()) else "degraded"

    def to_json(self) -> dict[str, object]:
        return {
            "status": self.status,
            "checks": {
                name: {"ok": c.ok, "critical": c.critical, "detail": c.detail}
                for name, c in self.checks.items()
            },
        }


ReadinessCheck = Callable[[], Awaitable[Readiness]]


async def _always_ready() -> Readiness:
    return Readiness()


def health_router(readiness: ReadinessCheck | None = None, timeout_s: float = 2.0) -> APIRouter:
    """Probe routes; ``readiness`` is the service's own check, bounded by ``timeout_s``."""
    router = APIRouter(tags=["ops"])
    check = readiness or _always_ready

    @router.get("/healthz")
    async def healthz() -> dict[str, str]:
        """Alive: the process answers HTTP. Says nothing about dependencies."""
        return {"status": "ok"}

    @router.get("/readyz")
    async def readyz() -> JSONResponse:
        """Ready to serve (200, possibly degraded) or not (503), with the reason per check."""
        try:
            async with asyncio.timeout(timeout_s):
                result = await check()
        except TimeoutError:
            result = Readiness({"readiness": Check(False, f"check took over {timeout_s}s")})
        except Exception as exc:  # a broken check must not look like a healthy service
            log.exception("readiness check failed")
            result = Readiness({"readiness": Check(False, f"check failed: {type(exc).__name__}")})
        return JSONResponse(result.to_json(), status_code=200 if result.ready else 503)

    return router
