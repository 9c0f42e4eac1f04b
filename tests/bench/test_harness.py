"""Body sampling, histogram quantiles and the docs section of the serving benchmark."""

from __future__ import annotations

import os
from typing import Any

import numpy as np
import pytest
import scipy.sparse as sp
from prometheus_client import CollectorRegistry, Histogram, generate_latest

from bench.serving import bodies, machine, prom, report, steadiness


def _ratings() -> tuple[sp.csr_matrix, np.ndarray, list[str]]:
    rng = np.random.default_rng(0)
    dense = np.zeros((8, 40), dtype=np.float32)
    for user in range(8):
        n = 25 if user % 2 == 0 else 10  # odd users have too few ratings to be picked
        cols = rng.choice(40, size=n, replace=False)
        dense[user, cols] = rng.choice(np.arange(1, 11) / 2, size=n)
    return sp.csr_matrix(dense), np.arange(100, 140), [f"Movie {i}" for i in range(40)]


def test_sample_ratings_takes_real_ratings_of_users_with_enough() -> None:
    ratings, ids, titles = _ratings()
    users = bodies.sample_ratings(ratings, ids, titles, count=3, per_user=20, seed=1)
    dense = ratings.toarray()
    assert len(users) == 3
    picked_rows = set()
    for user in users:
        assert len({r.movie_id for r in user}) == 20
        rows = [
            row
            for row in range(dense.shape[0])
            if all(dense[row, r.movie_id - 100] == r.rating for r in user)
        ]
        assert rows
        assert rows[0] % 2 == 0  # one of the users with 25 ratings
        picked_rows.add(rows[0])
        assert all(r.title == f"Movie {r.movie_id - 100}" for r in user)
    assert len(picked_rows) == 3
    again = bodies.sample_ratings(ratings, ids, titles, count=3, per_user=20, seed=1)
    assert again == users


def test_sample_ratings_refuses_when_too_few_users_qualify() -> None:
    ratings, ids, titles = _ratings()
    with pytest.raises(ValueError, match="only 4 users have 20 or more ratings"):
        bodies.sample_ratings(ratings, ids, titles, count=5, per_user=20)


def test_wire_formats_of_each_target() -> None:
    user = [bodies.Rated(1, 4.5, "Toy Story"), bodies.Rated(2571, 5.0, "The Matrix")]
    assert bodies.gateway_body(user, "both") == {
        "ratings": [{"movieId": 1, "rating": 4.5}, {"movieId": 2571, "rating": 5.0}],
        "limit": 20,
        "algorithm": "both",
    }
    assert bodies.original_body(user)[0] == {"title": "Toy Story", "rating": 4.5}
    assert bodies.posters_body(["tt0114709"]) == {"imdbIds": ["tt0114709"]}


def test_movie_pages_are_the_most_rated_movies() -> None:
    ratings, ids, _ = _ratings()
    counts = np.bincount(ratings.indices, minlength=ids.size)
    popular = bodies.popular_movies(ratings, ids, count=5)
    assert len(popular) == len(set(popular)) == 5
    least_picked = min(counts[m - 100] for m in popular)
    assert all(counts[i] <= least_picked for i in range(ids.size) if ids[i] not in popular)
    assert [counts[m - 100] for m in popular] == sorted(
        (counts[m - 100] for m in popular), reverse=True
    )
    assert bodies.movie_page(260) == "GET /api/v1/movies/260?similar=12"


def test_quantiles_from_a_real_prometheus_histogram() -> None:
    registry = CollectorRegistry()
    hist = Histogram(
        "movierec_model_compute_seconds", "x", ("model",), buckets=(0.001, 0.002, 0.004),
        registry=registry,
    )  # fmt: skip
    for value in [0.0005] * 50 + [0.0015] * 40 + [0.003] * 9 + [1.0]:
        hist.labels("ease").observe(value)
    hist.labels("als").observe(0.003)
    text = generate_latest(registry).decode()

    buckets = prom.histogram_buckets(text, "movierec_model_compute_seconds", {"model": "ease"})
    assert prom.total_count(buckets) == 100
    assert prom.quantile(buckets, 0.5) == pytest.approx(0.001)
    assert prom.quantile(buckets, 0.7) == pytest.approx(0.0015)
    assert prom.quantile(buckets, 0.995) == pytest.approx(0.004)  # beyond the last bucket
    assert prom.quantile([], 0.5) is None


def test_cpu_model_from_cpuinfo() -> None:
    info = "processor\t: 0\nmodel name\t: Some CPU @ 2.00GHz\n\nprocessor\t: 1\n"
    assert machine.cpu_model(info) == "Some CPU @ 2.00GHz"
    assert machine.cpu_model("") == "unknown"


def test_section_replaced_between_markers_only() -> None:
    doc = (
        "# Benchmarks\n\n## Quality\n\n<!-- evaluate:start -->\nE\n<!-- evaluate:end -->\n\n"
        f"## Serving\n\n{report.SECTION.start}\nold\n{report.SECTION.end}\n\ntail\n"
    )
    new = report.SECTION.replace(doc, "new table")
    assert f"{report.SECTION.start}\nnew table\n{report.SECTION.end}" in new
    assert "old" not in new
    assert new.startswith(doc[: doc.index(report.SECTION.start)])
    assert new.endswith("\n\ntail\n")


def test_section_appended_when_missing_and_refused_when_half_there() -> None:
    new = report.SECTION.replace("# Benchmarks\n\ntext\n", "table")
    start, end = report.SECTION.start, report.SECTION.end
    assert new == f"# Benchmarks\n\ntext\n\n## Serving\n\n{start}\ntable\n{end}\n"
    with pytest.raises(ValueError, match="only one of"):
        report.SECTION.replace(f"x {report.SECTION.start} y", "table")


def test_cpu_seconds_from_a_stat_line_whose_name_has_spaces() -> None:
    ticks = os.sysconf("SC_CLK_TCK")
    line = "4242 (python (x) y) S 1 2 3 4 5 6 7 8 9 10 " + f"{3 * ticks} {ticks} 0 0 20 0 1 0"
    assert machine.cpu_seconds(line) == pytest.approx(4.0)


def test_process_cpu_reads_live_processes_and_skips_gone_ones() -> None:
    sum(i * i for i in range(200_000))  # some CPU of our own to see
    used = machine.process_cpu({"me": os.getpid(), "gone": 2**22 + 12345})
    assert set(used) == {"me"}
    assert used["me"] > 0
    later = {"me": used["me"] + 0.5, "idle": 1.0}
    assert machine.cpu_per_request({**used, "idle": 1.0}, later, 250) == {"me": 2.0}
    assert machine.cpu_per_request(used, later, 0) == {}


def _wrk(p50: float, p99: float, rps: float) -> dict[str, float | int]:
    return {
        "p50_ms": p50, "p90_ms": p50 * 2, "p99_ms": p99, "rps": rps,
        "non_2xx": 0, "socket_errors": 0, "timeouts": 0,
    }  # fmt: skip


def _run(targets: list[dict[str, Any]], **fields: Any) -> dict[str, Any]:
    """A serving result as run.py writes it, with ``fields`` replacing the defaults."""
    return {
        "dataset": "ml-latest-small", "when": "2026-11-27 07:00 UTC", "command": "make x",
        "machine": {"nproc": 2, "cpu_model": "cpu", "load_average": [0.1, 0.1, 0.1]},
        "load_after": [1.0, 1.0, 1.0], "note": "",
        "settings": {"threads": 2, "warmup_s": 5, "seconds": 20, "bodies": 50, "connections": 50},
        "targets": targets, "ratio": None, "compute": {}, "ready": {},
        **fields,
    }  # fmt: skip


def test_render_shows_cpu_per_request_and_the_verdicts() -> None:
    targets = [
        {
            "name": "gateway-collab", "label": "gateway `collab` (end to end)",
            "connections": 50, "command": "wrk ... gateway", "wrk": _wrk(90.0, 180.0, 540.0),
            "cpu_ms_per_request": {"collab": 1.61, "gateway": 2.04, "redis": 0.01},
        },
        {
            "name": "gateway-collab-paced", "label": "paced", "connections": 50,
            "command": "wrk ... 167", "wrk": _wrk(6.0, 40.0, 280.0),
            "cpu_ms_per_request": {"collab": 1.7, "gateway": 2.2},
        },
        {
            "name": "gateway-movie-paced", "label": "movie paced", "connections": 50,
            "command": "wrk ... movie", "wrk": _wrk(12.5, 60.0, 281.0),
            "cpu_ms_per_request": {"collab": 1.2, "gateway": 3.0},
        },
        {
            "name": "original", "label": "original-style app", "connections": 10,
            "command": "wrk ... original", "wrk": _wrk(900.0, 1300.0, 10.0),
            "cpu_ms_per_request": {"original-style": 180.0},
        },
    ]  # fmt: skip
    text = report.render(_run(targets, ratio=54.0, ready={
        "artifact": {"posters": 2.0, "collab": 3.3, "kmeans": 3.1, "gateway": 3.4},
        "alone": {"posters": 1.1, "collab": 2.5, "kmeans": 1.9, "gateway": 2.7},
        "command": {"posters": 2.5, "collab": 3.8, "kmeans": 3.6, "gateway": 3.9},
    }))  # fmt: skip
    assert "| target | gateway | collab | redis | original-style | total |" in text
    # redis's 0.01 ms is under the 0.05 ms shown, and left out of the total.
    assert "| gateway `collab` (end to end) | 2.04 | 1.61 |  |  | 3.65 |" in text
    assert "| original-style app |  |  |  | 180.00 | 180.00 |" in text
    assert "| >= 50x original-style | 54.0x | met |" in text
    assert "| p99 <= 50 ms, same clients paced (280 req/s) | 40.0 ms | met |" in text
    assert "| movie page p50 <= 10 ms, paced (281 req/s) | 12.5 ms | **not met** |" in text
    assert "| whole stack from artifacts <= 3 s | 3.40 s | **not met** |" in text
    assert "| each service alone from artifacts <= 3 s | 2.70 s | met |" in text
    assert "| `movierec up`, from artifacts | 2.50 | 3.80 | 3.60 | 3.90 |" in text
    assert "| `movierec up` from artifacts <= 3 s | 3.90 s | **not met** |" in text
    assert "steadiness" not in text  # no probe in this run, so no sentence about one


def test_render_states_the_machine_steadiness_when_probed() -> None:
    probe = steadiness.Steadiness(
        workers=2,
        units=5000,
        p50_ms=1.4,
        p99_ms=7.66,
        max_ms=21.2,
        stalled_share=0.0184,
        episodes_per_min=72.0,
        cores_per_episode=1.92,
    )
    targets = [{"name": "gateway-collab", "label": "g", "connections": 50, "command": "wrk",
                "wrk": _wrk(90.0, 180.0, 540.0)}]  # fmt: skip
    text = report.render(_run(targets, steadiness=probe.to_dict()))
    assert "timed 5000 times on 2 cores at once" in text
    assert "p50 1.40 ms, p99 7.66 ms, max 21.2 ms" in text
    assert "1.8% of the units took over 3x the median, in 72 stall episodes a minute" in text
    assert "each seen on 1.92 cores on average" in text


def _control(units: int, cpu_ms: float, p99: float) -> dict[str, Any]:
    return {
        "units": units, "name": f"control-{units}", "label": f"control app, {units} passes",
        "connections": 50, "command": "wrk ... control", "wrk": _wrk(1.0, p99, 299.0),
        "cpu_ms_per_request": {"control": cpu_ms},
    }  # fmt: skip


def test_control_p99_is_interpolated_between_work_sizes_never_extrapolated() -> None:
    control = [_control(4, 1.5, 30.0), _control(0, 0.5, 5.0), _control(8, 2.5, 50.0)]
    assert report.control_p99_at(control, 1.0) == pytest.approx(17.5)
    assert report.control_p99_at(control, 2.0) == pytest.approx(40.0)
    assert report.control_p99_at(control, 0.5) == pytest.approx(5.0)
    assert report.control_p99_at(control, 0.4) is None
    assert report.control_p99_at(control, 3.0) is None
    assert report.control_p99_at([], 1.0) is None


def test_render_sets_the_paced_services_beside_the_control() -> None:
    targets = [
        {"name": "gateway-collab", "label": "g", "connections": 50, "command": "wrk",
         "wrk": _wrk(90.0, 180.0, 540.0), "cpu_ms_per_request": {"gateway": 1.2}},
        {"name": "collab-paced", "label": "collab alone, paced", "connections": 50,
         "command": "wrk", "wrk": _wrk(1.6, 28.0, 295.0), "cpu_ms_per_request": {"collab": 1.5}},
        {"name": "gateway-collab-paced", "label": "gateway paced", "connections": 50,
         "command": "wrk", "wrk": _wrk(5.0, 80.0, 285.0),
         "cpu_ms_per_request": {"gateway": 2.0, "collab": 1.5}},
    ]  # fmt: skip
    control = [_control(0, 0.6, 6.0), _control(4, 1.4, 24.0), _control(8, 2.0, 40.0)]
    text = report.render(_run(targets, control=control))
    assert "### What this machine allows" in text
    rows = [line for line in text.splitlines() if line.startswith("| control app")]
    assert rows[0] == "| control app, 0 passes | 0.60 | 299 | 1.0 | 6.0 |"
    # Ours and the control's rows in one table, by CPU per request.
    table = text[text.index("| served by |") :].split("\n\n")[0].splitlines()[2:]
    assert [line.split(" | ")[1] for line in table] == ["0.60", "1.40", "1.50", "2.00", "3.50"]
    assert "| collab alone, paced (ours) | 1.50 | 295 | 1.6 | 28.0 |" in table
    assert (
        "- collab alone, paced: p99 28.0 ms at 1.50 ms of CPU per request; the control at "
        "that CPU: 26.7 ms." in text
    )
    # 3.5 ms is beyond the control's largest work size: no comparison is made up.
    assert "- gateway paced:" not in text


def test_render_without_a_control_has_no_control_section() -> None:
    targets = [{"name": "gateway-collab", "label": "g", "connections": 50, "command": "wrk",
                "wrk": _wrk(90.0, 180.0, 540.0)}]  # fmt: skip
    assert "What this machine allows" not in report.render(_run(targets))
