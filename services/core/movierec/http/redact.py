"""Keep secrets out of logs: known secret values and credential-looking query parameters."""

from __future__ import annotations

import json
import re
import threading

MASK = "***"

#: ``apikey=...``-style parameters in URLs and messages, whatever their value.
_CREDENTIAL_PARAM = re.compile(
    r"(?i)\b(apikey|api_key|access_token|token|password|passwd|secret)=([^&\s\"'<>]+)"
)
#: Passwords in ``scheme://user:password@host`` URLs.
_URL_PASSWORD = re.compile(r"(\w+://[^:/@\s]*:)([^@\s/]+)(@)")

_lock = threading.Lock()
_secrets: frozenset[str] = frozenset()


def register_secret(value: str | None) -> None:
    """Remember ``value`` so :func:`redact` masks it wherever it appears."""
    global _secrets
    if not value or len(value) < 4:  # masking tiny strings would mangle ordinary text
        return
    escaped = json.dumps(value)[1:-1]
    with _lock:
        _secrets = _secrets | {value, escaped}


def redact(text: str) -> str:
    """``text`` with registered secrets, credential parameters and URL passwords masked."""
    for secret in _secrets:
        if secret in text:
            text = text.replace(secret, MASK)
    if "=" in text:
        text = _CREDENTIAL_PARAM.sub(rf"\1={MASK}", text)
    if "@" in text:
        text = _URL_PASSWORD.sub(rf"\1{MASK}\3", text)
    return text
