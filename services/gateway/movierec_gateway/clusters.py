"""Cluster profiles from kmeans, fetched once per model version and kept in memory.

A recommendation names the user's clusters by id; what a cluster is (size, top genres,
signature movies) only changes with the model, so it is asked for once, not per request.
``GET /api/v1/clusters`` asks for the current ones through here too, so there is one way
the gateway reads a cluster.
"""

from __future__ import annotations

import asyncio
import logging
import time

from movierec_gateway.clients import BackendError, BackendRejectedError, Backends
from movierec_gateway.wire import WireClusterProfile, WireClusters

log = logging.getLogger("movierec.gateway.clusters")

#: After a failed fetch, wait this long before asking again (requests go on without profiles).
RETRY_AFTER_S = 10.0


class ClusterProfiles:
    def __init__(self, backends: Backends) -> None:
        self._backends = backends
        self._version: str | None = None
        self._profiles: dict[int, WireClusterProfile] = {}
        self._lock = asyncio.Lock()
        self._failed_at = -RETRY_AFTER_S

    async def get(self, version: str) -> dict[int, WireClusterProfile]:
        """Profiles by cluster id for model ``version``; empty when kmeans cannot say."""
        if version == self._version:
            return self._profiles
        async with self._lock:
            if version == self._version:
                return self._profiles
            if time.monotonic() - self._failed_at < RETRY_AFTER_S:
                return {}
            try:
                answer = await self._backends.clusters()
            except (BackendError, BackendRejectedError) as exc:
                log.warning("cluster profiles unavailable", extra={"error": str(exc)})
                self._failed_at = time.monotonic()
                return {}
            return self._keep(version, answer)

    async def current(self) -> WireClusters:
        """Every cluster of the model kmeans serves now; raises ``BackendError`` or
        ``BackendRejectedError`` when it cannot say (there is nothing to fall back to).

        Asked each time (kmeans computes its answer once per model): a reload shows at once.
        The answer also refreshes the copy recommendations read.
        """
        answer = await self._backends.clusters()
        if answer.model is not None:
            self._keep(answer.model.version, answer)
        return answer

    def _keep(self, version: str, answer: WireClusters) -> dict[int, WireClusterProfile]:
        self._profiles = {c.id: c for c in answer.clusters}
        self._version = version
        return self._profiles
