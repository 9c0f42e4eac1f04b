"""Release-year ranges and the serving masks built from them (movies of unknown year)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from movierec.errors import InvalidRequestError, InvalidYearRangeError
from movierec.serving.catalogue import ServingCatalogue
from movierec.years import YearRange, year_column

MOVIES = pd.DataFrame(
    {
        "movieId": [1, 2, 3, 4, 5],
        "year": pd.array([1989, 1990, None, 1999, 2000], dtype="Int64"),
        "genres": [("Comedy",), ("Drama",), ("Comedy",), ("Comedy",), ()],
    }
)


def test_year_column_marks_unknown_years_zero() -> None:
    assert year_column(MOVIES).tolist() == [1989, 1990, 0, 1999, 2000]


def test_a_reversed_range_is_an_invalid_request() -> None:
    with pytest.raises(InvalidYearRangeError) as caught:
        YearRange(2000, 1990)
    assert isinstance(caught.value, InvalidRequestError)  # a 422 wherever it is raised
    assert caught.value.code == "invalid_year_range"
    one_year = YearRange(1995, 1995).mask(year_column(MOVIES))
    assert one_year is not None
    assert not one_year.any()


@pytest.mark.parametrize(
    ("years", "allowed"),
    [
        (YearRange(), None),
        (YearRange(1990, 1999), [False, True, False, True, False]),
        (YearRange(1990), [False, True, False, True, True]),
        (YearRange(None, 1999), [True, True, False, True, False]),
    ],
)
def test_masks_are_inclusive_and_leave_unknown_years_out(
    years: YearRange, allowed: list[bool] | None
) -> None:
    mask = years.mask(year_column(MOVIES))
    assert (None if mask is None else mask.tolist()) == allowed


def test_the_serving_mask_combines_years_genres_and_exclusions() -> None:
    catalogue = ServingCatalogue(MOVIES)
    comedy = catalogue.genre_columns(["comedy"])
    assert catalogue.allowed(None, None, YearRange()) is None
    mask = catalogue.allowed(comedy, [4], YearRange(1980, 2010))
    assert mask is not None
    assert np.flatnonzero(mask).tolist() == [0]  # 3 has no year, 4 is excluded
