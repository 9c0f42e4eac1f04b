"""Outbound HTTP: one pooled httpx client per dependency, carrying the current request id."""

from __future__ import annotations

from typing import Any

import httpx

from movierec.http.context import REQUEST_ID_HEADER, get_request_id


async def _forward_request_id(request: httpx.Request) -> None:
    """Put the id of the request being served on the outgoing one, so logs join up."""
    request_id = get_request_id()
    if request_id and REQUEST_ID_HEADER not in request.headers:
        request.headers[REQUEST_ID_HEADER] = request_id


def outbound_client(
    base_url: str = "",
    *,
    timeout: float | httpx.Timeout = 5.0,
    max_connections: int = 100,
    forward_request_id: bool = True,
    **kwargs: Any,
) -> httpx.AsyncClient:
    """An AsyncClient with a bounded, kept-alive pool; create once per app, close on shutdown.

    ``forward_request_id=False`` for third parties, who have no use for our ids.
    """
    hooks = {"request": [_forward_request_id]} if forward_request_id else {}
    limits = httpx.Limits(
        max_connections=max_connections, max_keepalive_connections=max_connections
    )
    return httpx.AsyncClient(
        base_url=base_url, timeout=timeout, limits=limits, event_hooks=hooks, **kwargs
    )
