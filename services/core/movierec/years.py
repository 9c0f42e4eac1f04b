"""Release-year filters: which movies a request may get back, by the year in their title.

One rule for every place that filters (the model services' masks, the gateway's own
popularity fallback, the legacy recency rule): bounds are inclusive, either may be left
open, and a movie whose year is unknown never passes a range that has a bound, since
nothing says it is inside.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from movierec.errors import InvalidYearRangeError

#: The years a bound may name: wide enough for any film, narrow enough to catch a typo.
MIN_YEAR = 1800
MAX_YEAR = 2200


def year_column(movies: pd.DataFrame) -> np.ndarray:
    """Each movie's release year as int64, 0 where unknown (``movies["year"]`` is Int64/NA)."""
    years = movies["year"].to_numpy(dtype=np.float64, na_value=np.nan)
    return np.asarray(np.nan_to_num(years, nan=0.0), dtype=np.int64)


@dataclass(frozen=True)
class YearRange:
    """Inclusive release-year bounds, either optional; ``start > end`` raises at once."""

    start: int | None = None
    end: int | None = None

    def __post_init__(self) -> None:
        if self.start is not None and self.end is not None and self.start > self.end:
            raise InvalidYearRangeError(self.start, self.end)

    @property
    def bounded(self) -> bool:
        return self.start is not None or self.end is not None

    def mask(self, years: np.ndarray) -> np.ndarray | None:
        """Movies inside the range, from a :func:`year_column`; None when nothing is bounded."""
        if not self.bounded:
            return None
        inside = years > 0
        if self.start is not None:
            inside &= years >= self.start
        if self.end is not None:
            inside &= years <= self.end
        return inside
