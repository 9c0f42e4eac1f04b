"""HTTP over a plain socket, for requests no client library would send as they are."""

from __future__ import annotations

import socket
from dataclasses import dataclass
from urllib.parse import urlsplit


@dataclass
class RawResponse:
    status: int
    headers: dict[str, str]
    body: bytes


def connect(url: str, timeout_s: float = 10.0) -> socket.socket:
    """A connection to the server at ``url`` whose reads give up after ``timeout_s``."""
    parts = urlsplit(url)
    host, port = parts.hostname, parts.port
    if host is None or port is None:
        raise ValueError(f"no host and port in {url}")
    return socket.create_connection((host, port), timeout=timeout_s)


def read_response(sock: socket.socket) -> RawResponse:
    """Read until the server closes the connection (raises TimeoutError past the socket's
    timeout: the test's own deadline), then parse status line, headers and body."""
    data = b""
    while chunk := sock.recv(65536):
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    status_line, *lines = head.decode("latin-1").split("\r\n")
    headers = {}
    for line in lines:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    return RawResponse(int(status_line.split(" ", 2)[1]), headers, body)


def raw_get(url: str, target: str, timeout_s: float = 10.0) -> RawResponse:
    """GET ``target`` byte for byte: no client normalises or re-encodes the path."""
    with connect(url, timeout_s) as sock:
        sock.sendall(f"GET {target} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".encode())
        return read_response(sock)
