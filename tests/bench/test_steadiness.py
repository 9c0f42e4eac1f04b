"""The machine-steadiness probe: its summary of stalls, and a short real run."""

from __future__ import annotations

import pytest

from bench.serving import steadiness


def _steady(worker_start: float, stalls_at: set[int], n: int = 200) -> list[tuple[float, float]]:
    """``n`` units 10 ms apart taking 1 ms, except those at ``stalls_at``, which take 10 ms."""
    return [(worker_start + i * 0.01, 0.010 if i in stalls_at else 0.001) for i in range(n)]


def test_stalls_on_both_cores_at_once_are_one_episode() -> None:
    # Worker 0 stalls at units 50 and 51, worker 1 at unit 50 (a few ms later): one episode on
    # two cores. Worker 0 stalls again at unit 150, a second later: a second, one-core episode.
    per_worker = [_steady(0.0, {50, 51, 150}), _steady(0.003, {50})]
    result = steadiness.summarize(per_worker, seconds=2.0)
    assert result.workers == 2
    assert result.units == 400
    assert result.p50_ms == pytest.approx(1.0)
    assert result.max_ms == pytest.approx(10.0)
    assert result.stalled_share == pytest.approx(4 / 400)
    assert result.episodes_per_min == pytest.approx(2 * 60 / 2.0)
    assert result.cores_per_episode == pytest.approx((2 + 1) / 2)


def test_a_steady_machine_has_no_episodes() -> None:
    result = steadiness.summarize([_steady(0.0, set())], seconds=2.0)
    assert result.stalled_share == 0.0
    assert result.episodes_per_min == 0.0
    assert result.cores_per_episode == 0.0
    assert result.p99_ms == pytest.approx(1.0)


def test_no_samples_is_an_error() -> None:
    with pytest.raises(ValueError, match="no samples"):
        steadiness.summarize([[], []], seconds=1.0)


def test_a_short_real_probe_times_units_on_every_worker() -> None:
    result = steadiness.probe(seconds=0.3, workers=2)
    assert result.workers == 2
    assert result.units > 20  # about a unit every 3 ms per worker
    assert 0.0 <= result.stalled_share < 1.0  # most units ran at the median's pace
