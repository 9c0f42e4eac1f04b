"""The gateway's pure parts on the toy catalogue: ranking merge, reasons, picks, fallbacks."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from movierec.data.sources import load_dataset
from movierec.errors import UnknownGenreError
from movierec_gateway.catalogue import Catalogue
from movierec_gateway.onboarding import OnboardingPool
from movierec_gateway.presenter import Presenter
from movierec_gateway.ranking import Ranked, merge
from movierec_gateway.routes.legacy import snap
from movierec_gateway.schemas import ClusterOut, GenreShare
from movierec_gateway.search import TitleIndex, parse_query
from tests.gateway.data import movie_id


@pytest.fixture(scope="module")
def catalogue(toy_dir: Path) -> Catalogue:
    return Catalogue.from_dataset(load_dataset(toy_dir))


def test_merge_ranks_movies_in_both_lists_first_and_keeps_explanations() -> None:
    collab = Ranked.single(
        "collab", np.array([5, 3, 9]), np.array([0.9, 0.8, 0.7]), np.array([1, -1, 2]), False
    )
    kmeans = Ranked.single(
        "kmeans",
        np.array([3, 7, 5, 11]),
        np.array([0.5, 0.4, 0.3, 0.1]),
        np.array([-1, 6, 4, -1]),
        False,
    )
    merged = merge(collab, kmeans, limit=4)
    assert merged.columns.tolist() == [3, 5, 7, 9]
    assert merged.sources == [("collab", "kmeans"), ("collab", "kmeans"), ("kmeans",), ("collab",)]
    # collab's explanation wins where both lists have one; kmeans' fills collab's gaps.
    assert merged.because.tolist() == [-1, 1, 6, 2]
    assert merged.fallback is False
    assert np.all(np.diff(merged.scores) <= 0)


def test_merge_of_two_fallbacks_is_a_fallback_from_one_source() -> None:
    pop = Ranked.single("popularity", np.array([1, 2]), np.full(2, np.nan), np.full(2, -1), True)
    merged = merge(pop, pop, limit=5)
    assert merged.columns.tolist() == [1, 2]
    assert merged.sources == [("popularity",), ("popularity",)]
    assert merged.fallback is True


def test_reasons_name_the_rated_movie_and_the_cluster(catalogue: Catalogue) -> None:
    cluster = ClusterOut(
        id=3,
        weight=0.7,
        size=12,
        top_genres=[GenreShare(genre="Horror", share=0.9), GenreShare(genre="Thriller", share=0.8)],
        signature=[],
    )
    ratings = {movie_id(0): 1.0, movie_id(1): 4.5}
    present = Presenter(catalogue, {}, ratings, cluster)
    cols = np.array([2, 3, 4, 5])
    ranked = Ranked(
        cols,
        np.array([0.5, 0.4, np.nan, 0.1]),
        np.array([movie_id(0), movie_id(1), -1, -1]),
        [("collab",), ("kmeans",), ("popularity",), ("collab",)],
        False,
    )
    items = present.items(ranked)
    assert [i["reasons"] for i in items] == [
        ["Related to Toy Story, which you rated 1"],
        [
            "Because you rated Toy Story 2 highly",
            "Liked by viewers with tastes like yours (Horror and Thriller fans)",
        ],
        ["Popular with many viewers"],
        ["Liked by viewers who rate movies the way you do"],
    ]
    assert [i["score"] for i in items] == [0.5, 0.4, None, 0.1]
    assert [i["because"] for i in items] == [movie_id(0), movie_id(1), None, None]
    assert all(i["poster"] is None for i in items)


def test_popular_skips_blocked_and_filtered_movies(catalogue: Catalogue) -> None:
    top = catalogue.popular(5)
    assert np.all(np.diff(catalogue.popularity[top]) <= 0)
    blocked = top[:2]
    again = catalogue.popular(5, blocked=blocked)
    assert not set(again.tolist()) & set(blocked.tolist())
    horror = catalogue.genre_mask(catalogue.canonical_genres(["HORROR"]))
    assert horror is not None
    picked = catalogue.popular(40, allowed=horror)
    assert len(picked) == 30  # the toy has 30 horror movies
    assert all("Horror" in catalogue.genres[c] for c in picked)


def test_canonical_genres_are_case_blind_and_unknown_ones_raise(catalogue: Catalogue) -> None:
    assert catalogue.canonical_genres(["animation", "Horror", "ANIMATION"]) == [
        "Animation",
        "Horror",
    ]
    with pytest.raises(UnknownGenreError) as caught:
        catalogue.canonical_genres(["Horror", "Polka"])
    assert caught.value.unknown == ["Polka"]
    assert "Horror" in caught.value.known


def test_onboarding_pool_is_well_liked_and_seeded(catalogue: Catalogue) -> None:
    pool = OnboardingPool(catalogue, size=300)
    assert len(pool) > 0
    mean = (
        np.nansum(catalogue.mean_ratings * catalogue.rating_counts) / catalogue.rating_counts.sum()
    )
    assert np.all(catalogue.rating_counts[pool.columns] > 0)
    assert np.all(catalogue.mean_ratings[pool.columns] >= mean - 0.5)
    first = pool.pick(8, np.random.default_rng(1))
    assert first.tolist() == pool.pick(8, np.random.default_rng(1)).tolist()
    # A longer draw with the same seed extends the shorter one.
    assert pool.pick(12, np.random.default_rng(1))[:8].tolist() == first.tolist()
    assert len(set(pool.pick(len(pool) + 5, np.random.default_rng(2)).tolist())) == len(pool)
    small = OnboardingPool(catalogue, size=3)
    assert len(small.pick(10, np.random.default_rng(0))) == 3


@pytest.mark.parametrize(
    ("text", "readings"),
    [
        ("Toy Story", [("toy story", None)]),
        ("toy story 1995", [("toy story 1995", None), ("toy story", 1995)]),
        ("Toy Story (1995)", [("toy story", None), ("toy story", 1995)]),
        ("1984", [("1984", None)]),
        ("", []),
        ("?!", []),
    ],
)
def test_query_readings(text: str, readings: list[tuple[str, int | None]]) -> None:
    assert [(q.key, q.year) for q in parse_query(text)] == readings


def test_title_index_on_an_empty_catalogue() -> None:
    index = TitleIndex(np.empty(0, dtype=object), np.empty(0, dtype=np.int64), np.empty(0))
    assert index.search("anything", 5).tolist() == []
    assert index.exact("anything").tolist() == []


def test_legacy_ratings_snap_to_half_stars() -> None:
    values = np.array([0.0, 0.2, 0.26, 1.0, 3.74, 3.75, 4.3, 5.0])
    assert snap(values).tolist() == [0.5, 0.5, 0.5, 1.0, 3.5, 4.0, 4.5, 5.0]
