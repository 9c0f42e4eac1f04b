"""Calls to collab, kmeans and posters: pooled keep-alive sessions, per-call timeouts, checked
answers, the request id forwarded.

aiohttp rather than httpx on this path: measured here with 50 concurrent calls to the posters
service, an httpx AsyncClient spent 2.8 ms of CPU per call against 0.3 ms for aiohttp, and
the gateway makes two or three such calls per request on a 2-core budget.

A backend that is down, slow, or answers nonsense raises :class:`BackendError`, which the
gateway turns into a degraded answer. A backend that rejects the request (4xx) raises
:class:`BackendRejectedError`, which the gateway passes on: it is about the request.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Callable, Sequence
from typing import Any, Literal, TypeVar

import aiohttp
import orjson
from pydantic import BaseModel, ValidationError

from movierec.errors import InvalidRequestError, NotFoundError, RequestError
from movierec.http import REQUEST_ID_HEADER, Check, get_request_id
from movierec_gateway.metrics import GatewayMetrics
from movierec_gateway.settings import GatewaySettings
from movierec_gateway.wire import (
    WireClusters,
    WirePosterDict,
    WireRecommendationDict,
    WireSimilar,
    parse_posters,
    parse_recommendation,
)

BackendName = Literal["collab", "kmeans", "posters"]
M = TypeVar("M", bound=BaseModel)
T = TypeVar("T")


class BackendError(Exception):
    """A backend could not answer: ``code`` is unavailable, timeout, bad_status or bad_response."""

    def __init__(self, backend: BackendName, code: str, message: str) -> None:
        super().__init__(f"{backend}: {message}")
        self.backend, self.code, self.message = backend, code, message

    def problem(self) -> dict[str, Any]:
        """The failure as an answer's ``problems`` entry (a :class:`Problem` as JSON): our
        own wording, nothing secret from the backend."""
        return {"part": self.backend, "code": self.code, "message": self.message}


class BackendRejectedError(Exception):
    """A backend said the request is wrong (4xx); its error body is passed on."""

    def __init__(self, backend: BackendName, status: int, error: dict[str, Any]) -> None:
        super().__init__(f"{backend} rejected the request with {status}")
        self.backend, self.status, self.error = backend, status, error

    def as_request_error(self) -> RequestError:
        """The rejection as the user's own mistake, in the backend's words."""
        kind = NotFoundError if self.status == 404 else InvalidRequestError
        return kind(
            f"{self.backend}: {self.error.get('message') or 'rejected the request'}",
            self.error.get("details"),
            code=str(self.error.get("code") or "rejected"),
        )


class Backend:
    """One dependency: a keep-alive pool, a timeout per call, metrics per outcome.

    The session is opened by :meth:`start` inside the server's event loop (the lifespan).
    """

    def __init__(
        self,
        name: BackendName,
        base_url: str,
        timeout_s: float,
        settings: GatewaySettings,
        metrics: GatewayMetrics,
    ) -> None:
        self.name = name
        self.base_url = base_url.rstrip("/")
        self.timeout_s = timeout_s
        connect_s = min(timeout_s, settings.connect_timeout_s)
        self._timeout = aiohttp.ClientTimeout(total=timeout_s, sock_connect=connect_s)
        self._probe_timeout = aiohttp.ClientTimeout(total=settings.probe_timeout_s)
        self._max_connections = settings.max_connections
        self._metrics = metrics
        self._session: aiohttp.ClientSession | None = None

    async def start(self) -> None:
        connector = aiohttp.TCPConnector(limit=self._max_connections, ttl_dns_cache=60)
        self._session = aiohttp.ClientSession(
            connector=connector, timeout=self._timeout, raise_for_status=False
        )

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()

    def _http(self) -> aiohttp.ClientSession:
        if self._session is None:
            raise RuntimeError(f"{self.name} client used before start()")
        return self._session

    @staticmethod
    def _headers() -> dict[str, str]:
        """Our request id travels with every call, so the backends' log lines join ours."""
        request_id = get_request_id()
        headers = {"Content-Type": "application/json"}
        if request_id:
            headers[REQUEST_ID_HEADER] = request_id
        return headers

    async def call(
        self,
        method: str,
        path: str,
        answer: type[M],
        *,
        body: Any = None,
        params: dict[str, Any] | None = None,
        not_found_ok: bool = False,
    ) -> M | None:
        """The checked answer; None for a 404 when ``not_found_ok``."""
        return await self.call_parsed(
            method,
            path,
            answer.model_validate_json,
            body=body,
            params=params,
            not_found_ok=not_found_ok,
        )

    async def call_parsed(
        self,
        method: str,
        path: str,
        parse: Callable[[bytes], T],
        *,
        body: Any = None,
        params: dict[str, Any] | None = None,
        not_found_ok: bool = False,
    ) -> T | None:
        """The answer checked by ``parse`` (raising ``ValidationError`` when it is not what we
        expect); None for a 404 when ``not_found_ok``."""
        start = time.perf_counter()
        outcome = "ok"
        data = None if body is None else orjson.dumps(body)
        try:
            async with self._http().request(
                method, self.base_url + path, data=data, params=params, headers=self._headers()
            ) as response:
                status, content = response.status, await response.read()
            if status == 404 and not_found_ok:
                outcome = "not-found"
                return None
            if 400 <= status < 500:
                outcome = "rejected"
                raise BackendRejectedError(self.name, status, _error_of(status, content))
            if status != 200:
                outcome = "bad-status"
                raise BackendError(self.name, "bad_status", f"answered HTTP {status}")
            try:
                return parse(content)
            except ValidationError:
                outcome = "bad-response"
                raise BackendError(
                    self.name, "bad_response", "answered with an unexpected body"
                ) from None
        except TimeoutError:
            outcome = "timeout"
            raise BackendError(
                self.name, "timeout", f"no answer within {self.timeout_s}s"
            ) from None
        except aiohttp.ClientError as exc:
            outcome = "unavailable"
            raise BackendError(
                self.name, "unavailable", f"unreachable ({type(exc).__name__})"
            ) from None
        finally:
            self._metrics.observe_call(self.name, outcome, time.perf_counter() - start)

    async def probe(self) -> Check:
        """This backend's own /readyz, for ours (never critical: we degrade without it)."""
        try:
            async with self._http().get(
                self.base_url + "/readyz", timeout=self._probe_timeout, headers=self._headers()
            ) as response:
                status, content = response.status, await response.read()
        except (TimeoutError, aiohttp.ClientError) as exc:
            return Check(False, f"{self.base_url} unreachable ({type(exc).__name__})", False)
        said = _status_of(content)
        if status == 200:
            return Check(True, f"{self.base_url} {said}", critical=False)
        return Check(False, f"{self.base_url} {said} (HTTP {status})", critical=False)


def _json(content: bytes) -> Any:
    try:
        return json.loads(content)
    except ValueError:
        return None


def _error_of(status: int, content: bytes) -> dict[str, Any]:
    """The backend's error object, or one describing its status when it sent none."""
    body = _json(content)
    if isinstance(body, dict) and isinstance(body.get("error"), dict):
        error: dict[str, Any] = body["error"]
        return error
    return {"code": "rejected", "message": f"HTTP {status}", "details": None}


def _status_of(content: bytes) -> str:
    body = _json(content)
    status = body.get("status") if isinstance(body, dict) else None
    return str(status) if status else "answered"


class Backends:
    """The three dependencies of the gateway."""

    def __init__(self, settings: GatewaySettings, metrics: GatewayMetrics) -> None:
        backend_s, posters_s = settings.backend_timeout_s, settings.posters_timeout_s
        self.collab = Backend("collab", settings.collab_url, backend_s, settings, metrics)
        self.kmeans = Backend("kmeans", settings.kmeans_url, backend_s, settings, metrics)
        self.posters = Backend("posters", settings.posters_url, posters_s, settings, metrics)
        self._max_batch = settings.posters_max_batch

    @property
    def all(self) -> tuple[Backend, Backend, Backend]:
        return self.collab, self.kmeans, self.posters

    async def start(self) -> None:
        for backend in self.all:
            await backend.start()

    async def close(self) -> None:
        await asyncio.gather(*(backend.close() for backend in self.all))

    async def recommend(
        self, algorithm: Literal["collab", "kmeans"], body: dict[str, Any]
    ) -> WireRecommendationDict:
        backend = self.collab if algorithm == "collab" else self.kmeans
        answer = await backend.call_parsed("POST", "/v1/recommend", parse_recommendation, body=body)
        assert answer is not None
        return answer

    async def similar(self, movie_id: int, limit: int) -> WireSimilar | None:
        """Similar movies from collab; None when collab does not know the movie."""
        return await self.collab.call(
            "GET",
            f"/v1/similar/{movie_id}",
            WireSimilar,
            params={"limit": limit},
            not_found_ok=True,
        )

    async def clusters(self) -> WireClusters:
        answer = await self.kmeans.call("GET", "/v1/clusters", WireClusters)
        assert answer is not None
        return answer

    async def poster_answers(self, imdb_ids: Sequence[str]) -> list[WirePosterDict]:
        """Poster URL (and its ``source``: why it is null) per IMDb id, in as few batch calls
        as the batch limit allows (one, usually).

        Raises BackendError when the posters service fails; a 4xx is a failure here too,
        since the ids come from our own catalogue.
        """
        unique = list(dict.fromkeys(imdb_ids))
        if not unique:
            return []
        chunks = [unique[i : i + self._max_batch] for i in range(0, len(unique), self._max_batch)]
        try:
            answers = await asyncio.gather(
                *(
                    self.posters.call_parsed(
                        "POST", "/v1/posters/batch", parse_posters, body={"imdbIds": chunk}
                    )
                    for chunk in chunks
                )
            )
        except BackendRejectedError as exc:
            raise BackendError("posters", "bad_status", f"rejected with {exc.status}") from None
        return [p for answer in answers if answer for p in answer["posters"]]
