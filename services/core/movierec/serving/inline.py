"""Where a recommendation is computed: on the event loop when it is cheap, else in a thread.

A worker-thread hop costs a queue hand-off, a wake-up and, under load, waits for the GIL
that can exceed the model's own maths (EASE or K-Means on ml-latest-small: about half a
millisecond). Running such requests on the loop blocks it for less than the hop would cost.
A model whose typical request is not cheap (user-Pearson, a large data set), and any request
with many ratings, still goes to a thread, so one slow request never stalls the others.

A model's cost is measured once, when it is loaded and before it serves: the CPU time of a
typical request (twenty ratings of popular movies). Timings taken while serving would not
do: under load, threads fighting for the GIL inflate each other's CPU time threefold.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class InlinePolicy:
    """Decides per request from each model's measured cost.

    ``max_s`` 0 switches inline compute off (every request in a worker thread).
    """

    max_s: float
    max_ratings: int
    _cost_s: dict[str, float] = field(default_factory=dict)

    def set_cost(self, model: str, seconds: float) -> None:
        """The CPU time of ``model``'s typical request, measured at load."""
        self._cost_s[model] = seconds

    def inline(self, model: str, ratings: int) -> bool:
        """Whether this request (``ratings`` ratings for ``model``) is computed on the loop."""
        if self.max_s <= 0 or ratings > self.max_ratings:
            return False
        cost = self._cost_s.get(model)
        return cost is not None and cost < self.max_s
