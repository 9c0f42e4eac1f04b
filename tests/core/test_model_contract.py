"""What every model of the catalogue promises, tested once for all, with its default parameters.

A new model gets these tests by its catalogue entry alone: on toy data with two clearly
separated taste groups it must recommend the fan's own group, never return a rated movie,
fall back to popular movies flagged as such when the input says nothing, explain picks by a
liked input, give the same answers after an artifact round trip, and estimate its memory so
that it refuses, in one line, to train above the budget.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from movierec.artifacts import load_artifact, save_artifact
from movierec.data.dataset import Dataset
from movierec.data.sources import load_dataset
from movierec.memory import MemoryBudgetError
from movierec.model_catalogue import CATALOGUE, ModelEntry, model_class
from movierec.recommender import Recommender
from tests.toy import Toy, make_toy, write_toy_csv


@pytest.fixture(scope="module")
def toy_data(tmp_path_factory: pytest.TempPathFactory) -> tuple[Toy, Dataset]:
    """The toy, and the same ratings through the real loader (for the artifact round trip)."""
    toy = make_toy()
    return toy, load_dataset(write_toy_csv(tmp_path_factory.mktemp("toy")))


@pytest.fixture(scope="module", params=CATALOGUE, ids=lambda e: e.name)
def fitted(
    request: pytest.FixtureRequest, toy_data: tuple[Toy, Dataset]
) -> tuple[ModelEntry, Recommender]:
    entry: ModelEntry = request.param
    return entry, entry.model_class()().fit(toy_data[1].ratings)


def test_registered_under_its_name(fitted: tuple[ModelEntry, Recommender]) -> None:
    entry, model = fitted
    assert model_class(entry.name) is type(model)
    assert model.algorithm == entry.name


def test_a_fan_gets_the_rest_of_their_group(
    fitted: tuple[ModelEntry, Recommender], toy_data: tuple[Toy, Dataset]
) -> None:
    _, model = fitted
    toy = toy_data[0]
    for own in (toy.group_a, toy.group_b):
        rated = own[:4]
        rec = model.recommend(rated, np.array([5.0, 4.5, 5.0, 4.0]), n=8)
        assert not rec.fallback
        assert set(rec.items.tolist()) <= set(own.tolist()) - set(rated.tolist())


def test_never_returns_a_rated_movie(
    fitted: tuple[ModelEntry, Recommender], toy_data: tuple[Toy, Dataset]
) -> None:
    _, model = fitted
    toy = toy_data[0]
    rated = np.concatenate([toy.group_a[:5], toy.group_b[:5]])
    rec = model.recommend(rated, np.linspace(0.5, 5.0, rated.size), n=model.n_items)
    assert rec.items.size == model.n_items - rated.size
    assert not set(rec.items.tolist()) & set(rated.tolist())


def test_nothing_to_go_on_gives_popular_movies_flagged(
    fitted: tuple[ModelEntry, Recommender],
) -> None:
    _, model = fitted
    for items in (np.empty(0, dtype=np.int64), np.array([-1, 10_000])):
        rec = model.recommend(items, np.full(items.size, 4.0), n=5)
        assert rec.fallback
        assert rec.items.size == 5
        assert np.all(rec.because == -1)


def test_because_names_a_liked_input_movie(
    fitted: tuple[ModelEntry, Recommender], toy_data: tuple[Toy, Dataset]
) -> None:
    _, model = fitted
    toy = toy_data[0]
    items = np.array([toy.group_a[0], toy.group_a[1], toy.group_b[0]])
    rec = model.recommend(items, np.array([5.0, 4.5, 1.0]), n=6)
    explained = rec.because[rec.because >= 0]
    assert explained.size > 0
    assert set(explained.tolist()) <= {int(toy.group_a[0]), int(toy.group_a[1])}


def test_same_answers_after_an_artifact_round_trip(
    fitted: tuple[ModelEntry, Recommender], toy_data: tuple[Toy, Dataset], tmp_path: Path
) -> None:
    _, model = fitted
    toy, dataset = toy_data
    loaded = load_artifact(save_artifact(model, dataset, tmp_path)).model
    assert type(loaded) is type(model)
    assert loaded.params == model.params
    for items, ratings in [
        (toy.group_a[:3], np.array([5.0, 4.0, 2.0])),
        (toy.group_b[5:9], np.array([1.0, 5.0, 4.5, 3.0])),
    ]:
        before, after = model.recommend(items, ratings, 12), loaded.recommend(items, ratings, 12)
        np.testing.assert_array_equal(before.items, after.items)
        np.testing.assert_array_equal(before.scores, after.scores)
        np.testing.assert_array_equal(before.because, after.because)


def test_same_data_and_parameters_give_the_same_model(
    fitted: tuple[ModelEntry, Recommender], toy_data: tuple[Toy, Dataset]
) -> None:
    entry, model = fitted
    again = entry.model_class()(**model.params).fit(toy_data[1].ratings)
    for name, array in model.get_state().items():
        np.testing.assert_array_equal(array, again.get_state()[name], err_msg=name)


def test_unknown_and_badly_typed_parameters_are_named(
    fitted: tuple[ModelEntry, Recommender],
) -> None:
    entry, model = fitted
    with pytest.raises(ValueError, match=f"{entry.name}: no_such_parameter"):
        entry.model_class()(no_such_parameter=1)
    numeric = [k for k, v in model.params.items() if isinstance(v, int | float)]
    with pytest.raises(ValueError, match=f"{entry.name}: {numeric[0]}"):
        entry.model_class()(**{numeric[0]: "many"})


def test_refuses_in_one_line_to_train_above_the_memory_budget(
    fitted: tuple[ModelEntry, Recommender], toy_data: tuple[Toy, Dataset]
) -> None:
    entry, model = fitted
    ratings = toy_data[1].ratings
    assert model.fit_memory(ratings) > ratings.nnz * 8
    with pytest.raises(MemoryBudgetError) as refused:
        entry.model_class()().fit(ratings, memory_budget=1)
    message = str(refused.value)
    assert "\n" not in message
    assert message.startswith(f"{entry.name}: training on 60 users x 61 movies")
    assert "memory budget" in message
    assert "MOVIEREC_MEMORY_BUDGET" in message
