"""OMDb client: bounded concurrency, a time budget per lookup, retries only where they help.

Retries happen on timeouts and 5xx only; "Movie not found!", a bad key and "Request limit
reached!" are answers, and asking again would not change them. After a bad key or the rate
limit, calls pause for a cool-down instead of hammering OMDb with requests bound to fail.
The key goes into the query string (OMDb's API); the URL is therefore never logged.
"""

from __future__ import annotations

import asyncio
import logging
import random
import time
from typing import Any

import httpx
from pydantic import SecretStr

from movierec.http.client import outbound_client
from movierec_posters.metrics import PostersMetrics
from movierec_posters.model import Lookup, Source

log = logging.getLogger("movierec.posters.omdb")

_NOT_FOUND_ERRORS = frozenset({"Movie not found!", "Incorrect IMDb ID."})
_RATE_LIMIT_ERROR = "Request limit reached!"


class _RetryableError(Exception):
    """A transient failure (timeout, 5xx): worth another attempt."""

    def __init__(self, source: Source) -> None:
        super().__init__(source.value)
        self.source = source


class OmdbClient:
    """Looks up one poster URL per call; never raises, failures come back as a Source."""

    def __init__(
        self,
        base_url: str,
        api_key: SecretStr | None,
        metrics: PostersMetrics,
        *,
        attempt_timeout_s: float = 1.5,
        timeout_s: float = 3.0,
        retries: int = 2,
        backoff_s: float = 0.1,
        max_concurrency: int = 8,
        cooldown_s: float = 60.0,
    ) -> None:
        self._key = api_key
        self._metrics = metrics
        self._timeout_s = timeout_s
        self._retries = retries
        self._backoff_s = backoff_s
        self._cooldown_s = cooldown_s
        self._semaphore = asyncio.Semaphore(max_concurrency)
        self._paused: tuple[float, Source] | None = None
        self._http = outbound_client(
            base_url,
            timeout=attempt_timeout_s,
            max_connections=max_concurrency,
            forward_request_id=False,  # a third party has no use for our request ids
            headers={"User-Agent": "movierec-posters", "Accept": "application/json"},
        )

    @property
    def has_key(self) -> bool:
        return self._key is not None

    def paused(self) -> Source | None:
        """The reason OMDb calls are paused (rate limit, bad key), or None."""
        if self._paused is None:
            return None
        until, source = self._paused
        if time.monotonic() >= until:
            self._paused = None
            return None
        return source

    async def close(self) -> None:
        await self._http.aclose()

    async def fetch(self, imdb_id: str) -> Lookup:
        """The poster of ``imdb_id``; within ``timeout_s`` whatever OMDb does."""
        if self._key is None:
            return Lookup(None, Source.NO_KEY)
        if (reason := self.paused()) is not None:
            return Lookup(None, reason)
        try:
            async with asyncio.timeout(self._timeout_s):
                return await self._fetch_with_retries(imdb_id)
        except TimeoutError:
            log.warning("omdb lookup over budget", extra={"imdb_id": imdb_id})
            return Lookup(None, Source.TIMEOUT)

    async def _fetch_with_retries(self, imdb_id: str) -> Lookup:
        attempt = 0
        while True:
            try:
                return await self._attempt(imdb_id)
            except _RetryableError as transient:
                if attempt >= self._retries:
                    log.warning(
                        "omdb lookup failed",
                        extra={"imdb_id": imdb_id, "reason": transient.source.value},
                    )
                    return Lookup(None, transient.source)
                # Full jitter keeps many waiting lookups from retrying in lockstep.
                await asyncio.sleep(self._backoff_s * (2**attempt) * random.uniform(0.5, 1.0))
                attempt += 1

    async def _attempt(self, imdb_id: str) -> Lookup:
        assert self._key is not None
        params = {"i": imdb_id, "apikey": self._key.get_secret_value()}
        async with self._semaphore:
            start = time.perf_counter()
            try:
                response = await self._http.get("/", params=params)
            except httpx.TimeoutException:
                self._count("timeout", start)
                raise _RetryableError(Source.TIMEOUT) from None
            except httpx.HTTPError as exc:
                # The exception's text may hold the URL, key included: log its type only.
                self._count("transport-error", start)
                log.warning(
                    "omdb unreachable", extra={"imdb_id": imdb_id, "error": type(exc).__name__}
                )
                return Lookup(None, Source.UPSTREAM_ERROR)
        return self._interpret(imdb_id, response, start)

    def _interpret(self, imdb_id: str, response: httpx.Response, start: float) -> Lookup:
        """Map OMDb's answer (status, ``Response``, ``Error``, ``Poster``) to a Lookup."""
        if response.status_code >= 500:
            self._count("server-error", start)
            raise _RetryableError(Source.UPSTREAM_ERROR)
        body = _json_object(response)
        error = str(body.get("Error", ""))
        if error == _RATE_LIMIT_ERROR or response.status_code == 429:
            self._count("rate-limited", start)
            return self._pause(Source.RATE_LIMITED)
        if response.status_code in (401, 403):
            self._count("invalid-key", start)
            return self._pause(Source.INVALID_KEY)
        if response.status_code != 200 or "Response" not in body:
            self._count("bad-response", start)
            log.warning(
                "omdb answered unexpectedly",
                extra={"imdb_id": imdb_id, "status": response.status_code},
            )
            return Lookup(None, Source.UPSTREAM_ERROR)
        if body["Response"] == "True":
            poster = body.get("Poster")
            if isinstance(poster, str) and poster.startswith(("https://", "http://")):
                self._count("poster", start)
                return Lookup(poster, Source.OMDB)
            self._count("not-found", start)
            return Lookup(None, Source.NOT_FOUND)
        if error in _NOT_FOUND_ERRORS:
            self._count("not-found", start)
            return Lookup(None, Source.NOT_FOUND)
        self._count("bad-response", start)
        log.warning("omdb error", extra={"imdb_id": imdb_id, "omdb_error": error[:200]})
        return Lookup(None, Source.UPSTREAM_ERROR)

    def _pause(self, source: Source) -> Lookup:
        if self._cooldown_s > 0 and self._paused is None:
            log.warning(
                "pausing omdb calls", extra={"reason": source.value, "seconds": self._cooldown_s}
            )
            self._paused = (time.monotonic() + self._cooldown_s, source)
        return Lookup(None, source)

    def _count(self, outcome: str, start: float) -> None:
        self._metrics.upstream_calls.labels(outcome).inc()
        self._metrics.upstream_latency.observe(time.perf_counter() - start)


def _json_object(response: httpx.Response) -> dict[str, Any]:
    """The body as a JSON object, or {} when it is not one (an HTML error page, say)."""
    try:
        body = response.json()
    except ValueError:
        return {}
    return body if isinstance(body, dict) else {}
