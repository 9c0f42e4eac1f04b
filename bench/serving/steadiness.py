"""How steady the machine's CPUs are: a fixed unit of Python work timed over and over.

On a shared VM the host can slow every vCPU at once for tens of milliseconds without it
showing as steal time in /proc/stat. Requests that arrive then wait, and that sets the p99 of
any service on the machine, ours or not. The serving bench runs this probe first, on every
core at once with nothing else running, so its p99 can be read against the machine's own.
"""

from __future__ import annotations

import multiprocessing
import random
import time
from dataclasses import asdict, dataclass
from typing import Any

#: A unit slower than this many times the median counts as stalled.
STALL_FACTOR = 3.0
#: Stalls closer together than this (on any core) belong to one episode.
EPISODE_GAP_S = 0.1


def unit(loops: int) -> int:
    """A fixed amount of pure-Python work (no allocation, no system calls)."""
    total = 0
    for i in range(loops):
        total += i * i
    return total


def calibrate(target_s: float = 0.001) -> int:
    """Loops that make :func:`unit` take about ``target_s`` here (best of a few tries)."""
    loops = 10_000
    best = min(_timed(loops) for _ in range(5))
    return max(1, round(loops * target_s / best))


def _timed(loops: int) -> float:
    started = time.perf_counter()
    unit(loops)
    return time.perf_counter() - started


def _worker(loops: int, seconds: float, pause_s: float, seed: int) -> list[tuple[float, float]]:
    """(start, seconds) of every unit run for ``seconds``, pausing 0..2*``pause_s`` between."""
    rng = random.Random(seed)
    samples: list[tuple[float, float]] = []
    end = time.perf_counter() + seconds
    while (started := time.perf_counter()) < end:
        unit(loops)
        samples.append((started, time.perf_counter() - started))
        time.sleep(rng.uniform(0.0, 2 * pause_s))
    return samples


@dataclass(frozen=True)
class Steadiness:
    """Summary of a probe: the unit's time, and how often and how hard the machine stalled."""

    workers: int
    units: int
    p50_ms: float
    p99_ms: float
    max_ms: float
    stalled_share: float  # units slower than STALL_FACTOR x the median
    episodes_per_min: float  # stalls grouped across cores, EPISODE_GAP_S apart
    cores_per_episode: float  # how many workers saw each episode

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def summarize(per_worker: list[list[tuple[float, float]]], seconds: float) -> Steadiness:
    """Percentiles of the unit and the stall episodes, from each worker's (start, s) samples."""
    durations = sorted(d for samples in per_worker for _, d in samples)
    if not durations or seconds <= 0:
        raise ValueError("no samples to summarize")
    n = len(durations)
    median = durations[n // 2]
    stalls = sorted(
        (start, worker)
        for worker, samples in enumerate(per_worker)
        for start, d in samples
        if d > STALL_FACTOR * median
    )
    episodes: list[set[int]] = []
    last = float("-inf")
    for start, worker in stalls:
        if start - last > EPISODE_GAP_S:
            episodes.append(set())
        episodes[-1].add(worker)
        last = start
    return Steadiness(
        workers=len(per_worker),
        units=n,
        p50_ms=round(median * 1000, 3),
        p99_ms=round(durations[min(n - 1, int(n * 0.99))] * 1000, 3),
        max_ms=round(durations[-1] * 1000, 3),
        stalled_share=round(len(stalls) / n, 4),
        episodes_per_min=round(len(episodes) * 60 / seconds, 1),
        cores_per_episode=round(sum(map(len, episodes)) / len(episodes), 2) if episodes else 0.0,
    )


def probe(seconds: float = 10.0, workers: int = 2, pause_s: float = 0.002) -> Steadiness:
    """Run the unit (about 1 ms) on ``workers`` processes at once for ``seconds``.

    Each pauses a random 0..2*``pause_s`` between units, so a core is about a third busy, as
    in the paced serving run: the stalls measured are the machine's, not a queue's.
    """
    loops = calibrate()
    with multiprocessing.get_context("spawn").Pool(workers) as pool:
        per_worker = pool.starmap(
            _worker, [(loops, seconds, pause_s, seed) for seed in range(workers)]
        )
    return summarize(per_worker, seconds)
