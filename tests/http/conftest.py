"""A small service built with movierec.http, served by uvicorn on loopback."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import pytest
from fastapi import APIRouter, FastAPI, HTTPException, Request
from prometheus_client import Counter
from pydantic import BaseModel

from movierec.http import (
    ApiError,
    Check,
    Readiness,
    ServiceSettings,
    create_app,
    get_request_id,
)
from movierec.http.client import outbound_client
from movierec.http.metrics import new_registry
from tests.fakes.uvicorn_server import UvicornThread

log = logging.getLogger("movierec.test.service")

#: What the failing route puts in its exception: must never reach a caller.
SECRET_IN_EXCEPTION = "s3cr3t-connection-string-7731"


@dataclass
class Probe:
    """What /readyz should report; tests change it while the server runs."""

    checks: dict[str, Check] = field(default_factory=dict)
    error: Exception | None = None
    delay_s: float = 0.0


class Order(BaseModel):
    name: str
    count: int


@dataclass
class RunningService:
    url: str
    probe: Probe


def build_app(settings: ServiceSettings, probe: Probe) -> FastAPI:
    registry = new_registry()
    orders = Counter("movierec_test_orders", "Orders taken.", registry=registry)
    router = APIRouter()

    @router.get("/items/{item_id}")
    async def item(item_id: int) -> dict[str, int]:
        if item_id == 0:
            raise HTTPException(404, "No item 0.")
        if item_id == 1:
            raise ApiError(409, "item_locked", "Item 1 is locked.", {"item": 1})
        return {"item": item_id}

    @router.post("/orders")
    async def order(body: Order) -> dict[str, object]:
        orders.inc()
        return {"name": body.name, "count": body.count}

    @router.post("/raw")
    async def raw(request: Request) -> dict[str, int]:
        return {"bytes": len(await request.body())}

    @router.get("/boom")
    async def boom() -> None:
        raise RuntimeError(f"cannot connect with {SECRET_IN_EXCEPTION}")

    @router.get("/whoami")
    async def whoami(request: Request) -> dict[str, object]:
        log.info("who am i", extra={"customer": "ada"})
        return {"request_id": get_request_id(), "header": request.headers.get("x-request-id")}

    @router.get("/relay")
    async def relay(request: Request) -> dict[str, object]:
        base = str(request.base_url).rstrip("/")
        async with outbound_client(base) as client:
            inner = (await client.get("/whoami")).json()
        return {"outer": get_request_id(), "inner": inner}

    async def readiness() -> Readiness:
        await asyncio.sleep(probe.delay_s)
        if probe.error is not None:
            raise probe.error
        return Readiness(probe.checks)

    return create_app("testsvc", settings, routers=[router], readiness=readiness, registry=registry)


@pytest.fixture
def service_factory() -> Iterator[Callable[..., RunningService]]:
    servers: list[UvicornThread] = []

    def start(**overrides: object) -> RunningService:
        settings = ServiceSettings(**{"max_body_bytes": 1000, **overrides})  # type: ignore[arg-type]
        probe = Probe()
        server = UvicornThread(build_app(settings, probe)).start()
        servers.append(server)
        return RunningService(server.url, probe)

    yield start
    for server in servers:
        server.stop()


@pytest.fixture
def service(service_factory: Callable[..., RunningService]) -> RunningService:
    return service_factory()
