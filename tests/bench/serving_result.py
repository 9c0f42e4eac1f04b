"""A serving result shaped as ``bench/serving/run.py`` writes ``var/bench/serving.json``, with
the numbers of the run in docs/benchmarks.md (2026-11-27): what the plot tests draw."""

from __future__ import annotations

from typing import Any

#: (name, label, connections, p50, p90, p99, req/s, CPU ms per request by process)
TARGETS: list[tuple[str, str, int, float, float, float, float, dict[str, float]]] = [
    ("gateway-collab", "gateway `collab` (end to end)", 50, 62.6, 93.4, 159.2, 731.3,
     {"gateway": 1.35, "collab": 1.19}),
    ("gateway-collab-paced", "gateway `collab`, paced to ~300 req/s offered", 50, 5.2, 14.6,
     92.0, 284.0, {"gateway": 2.15, "collab": 1.46}),
    ("gateway-kmeans", "gateway `kmeans`", 50, 78.2, 112.0, 171.1, 604.8,
     {"gateway": 1.63, "kmeans": 1.46}),
    ("gateway-both", "gateway `both`", 50, 140.4, 192.8, 270.2, 343.3,
     {"gateway": 2.51, "collab": 1.30, "kmeans": 1.39}),
    ("collab", "collab service alone", 50, 42.1, 57.0, 388.4, 1084.2, {"collab": 0.92}),
    ("collab-paced", "collab service alone, paced to ~300 req/s", 50, 1.3, 3.2, 28.5, 296.1,
     {"collab": 1.36}),
    ("kmeans", "kmeans service alone", 50, 48.1, 71.7, 340.1, 954.3, {"kmeans": 1.05}),
    ("posters", "posters batch alone (20 ids)", 50, 15.3, 25.5, 59.8, 2868.3,
     {"posters": 0.35, "redis": 0.02}),
    ("original", "original-style app", 10, 669.8, 819.7, 933.2, 14.6,
     {"original-style": 71.10, "fake-omdb": 6.37}),
]  # fmt: skip
#: (scoring passes, CPU ms, p50, p99, req/s) of the control app.
CONTROL = [(0, 0.65, 0.7, 9.8, 299), (2, 1.09, 1.1, 18.9, 298), (4, 1.54, 1.6, 44.7, 294),
           (8, 1.96, 2.5, 41.3, 292)]  # fmt: skip


def _wrk(p50: float, p90: float, p99: float, rps: float) -> dict[str, Any]:
    return {
        "requests": round(rps * 20), "seconds": 20.0, "p50_ms": p50, "p90_ms": p90,
        "p99_ms": p99, "rps": rps, "non_2xx": 0, "socket_errors": 0, "timeouts": 0,
    }  # fmt: skip


def serving_result() -> dict[str, Any]:
    """The documented run as a result object."""
    targets = [
        {"name": name, "label": label, "url": "http://127.0.0.1:1/", "connections": conns,
         "command": f"wrk -t2 -c{conns} -d20s ... {name}",
         "wrk": _wrk(p50, p90, p99, rps), "cpu_ms_per_request": cpu}
        for name, label, conns, p50, p90, p99, rps, cpu in TARGETS
    ]  # fmt: skip
    control = [
        {"units": units, "name": f"control-{units}", "label": f"control app, {units} passes",
         "url": "http://127.0.0.1:2/v1/recommend", "connections": 50,
         "command": f"wrk ... control {units}", "wrk": _wrk(p50, p50 * 2, p99, rps),
         "cpu_ms_per_request": {"control": cpu}}
        for units, cpu, p50, p99, rps in CONTROL
    ]  # fmt: skip
    return {
        "when": "2026-11-27 11:57 UTC",
        "dataset": "ml-latest-small",
        "command": "make bench-serving  # = python -m bench.serving.run",
        "machine": {"nproc": 2, "cpu_model": "Xeon", "load_average": [0.69, 1.11, 1.12]},
        "steadiness": None,
        "load_after": [0.94, 1.12, 1.15],
        "settings": {"seconds": 20, "warmup_s": 5, "connections": 50, "threads": 2, "bodies": 50},
        "targets": targets,
        "control": control,
        "ratio": 731.3 / 14.6,
        "compute": {},
        "ready": {},
        "note": "",
    }
