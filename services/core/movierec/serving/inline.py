"""Where a recommendation is computed: on the event loop when it is cheap, else in a thread.

A worker-thread hop costs a queue hand-off, a wake-up and, under load, waits for the GIL
that can exceed the model's own maths (EASE or K-Means: about half a millisecond). Running
such requests on the loop blocks it for less than the hop would cost. A model whose recent
compute is not cheap (user-Pearson, a large data set), and any request with many ratings,
still goes to a thread, so one slow request never stalls the others.

Cost is CPU time of the computing thread (``time.thread_time``): time spent waiting for the
GIL or a core does not count, so a busy machine does not push cheap models off the loop.
"""

from __future__ import annotations

from dataclasses import dataclass, field

#: Weight of the newest observation in the running mean of a model's compute time.
_ALPHA = 0.1
#: Computes a model runs in threads before its mean is trusted.
_WARM_UP = 16


@dataclass
class _Cost:
    mean_s: float = 0.0
    count: int = 0


@dataclass
class InlinePolicy:
    """Decides per request; learns each model's cost from what the requests measured.

    ``max_s`` 0 switches inline compute off (every request in a worker thread).
    """

    max_s: float
    max_ratings: int
    _costs: dict[str, _Cost] = field(default_factory=dict)

    def inline(self, model: str, ratings: int) -> bool:
        """Whether this request (``ratings`` ratings for ``model``) is computed on the loop."""
        if self.max_s <= 0 or ratings > self.max_ratings:
            return False
        cost = self._costs.get(model)
        return cost is not None and cost.count >= _WARM_UP and cost.mean_s < self.max_s

    def observe(self, model: str, ratings: int, cpu_s: float) -> None:
        """Record one compute's CPU time (requests with many ratings say nothing of the
        typical one, and are left out)."""
        if ratings > self.max_ratings:
            return
        cost = self._costs.setdefault(model, _Cost())
        cost.mean_s = cpu_s if cost.count == 0 else cost.mean_s + _ALPHA * (cpu_s - cost.mean_s)
        cost.count += 1

    def mean_s(self, model: str) -> float | None:
        cost = self._costs.get(model)
        return cost.mean_s if cost is not None and cost.count else None
