"""The image smoke's topology, read from ``movierec up --plan-only``: the one declaration.

The containers run on the host network, so their ports, URLs and settings are the local
stack's. Left out is what a container sees differently: host paths (the data set, models and
web app sit at the image's own /data, /models and /app/web) and the OMDb key, which the smoke
mounts as a file.

    plan.py PLAN.json ports      -> "GATEWAY COLLAB KMEANS POSTERS REDIS OMDB"
    plan.py PLAN.json env PART   -> one ``--env=NAME=VALUE`` per line for ``podman run``
"""

from __future__ import annotations

import json
import sys
from typing import Any
from urllib.parse import urlsplit

_SECRETS = {"OMDB_API_KEY"}


def _env(part: dict[str, Any]) -> list[str]:
    return [
        f"--env={name}={value}"
        for name, value in part["set"].items()
        if name not in _SECRETS and not value.startswith("/")
    ]


def _ports(parts: dict[str, dict[str, Any]]) -> list[int]:
    services = [
        int(parts[n]["set"][f"MOVIEREC_{n.upper()}_PORT"])
        for n in ("gateway", "collab", "kmeans", "posters")
    ]
    posters = parts["posters"]["set"]
    return [*services, urlsplit(posters["REDIS_URL"]).port, urlsplit(posters["OMDB_BASE_URL"]).port]


def main(argv: list[str]) -> None:
    with open(argv[1]) as f:
        parts = {p["name"]: p for p in json.load(f)}
    if argv[2] == "ports":
        print(*_ports(parts))
    elif argv[2] == "env":
        print("\n".join(_env(parts[argv[3]])))
    else:
        raise SystemExit(f"unknown command {argv[2]!r}: ports or env PART")


if __name__ == "__main__":
    main(sys.argv)
