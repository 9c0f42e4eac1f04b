"""Metrics on cases computed by hand."""

import math

import numpy as np
import pytest

from movierec.evaluation.metrics import ndcg_at_k, recall_at_k, recall_curve


def test_recall_divides_by_the_smaller_of_k_and_relevant() -> None:
    ranked = np.array([5, 1, 9, 2])
    assert recall_at_k(ranked, np.array([1, 2, 3]), 4) == pytest.approx(2 / 3)
    # 30 relevant movies but only k=2 slots: both slots hit -> 1.0, not 2/30.
    assert recall_at_k(np.array([1, 2]), np.arange(30), 2) == 1.0


def test_recall_only_counts_the_top_k() -> None:
    assert recall_at_k(np.array([7, 8, 1]), np.array([1]), 2) == 0.0
    assert recall_at_k(np.array([7, 8, 1]), np.array([1]), 3) == 1.0


def test_ndcg_binary_gains_by_hand() -> None:
    # Hits at ranks 1 and 3; two relevant -> IDCG = 1 + 1/log2(3).
    dcg = 1.0 + 1.0 / math.log2(4)
    idcg = 1.0 + 1.0 / math.log2(3)
    assert ndcg_at_k(np.array([4, 0, 6, 1]), np.array([4, 6]), 10) == pytest.approx(dcg / idcg)


def test_ndcg_is_one_for_a_perfect_ranking_and_zero_without_hits() -> None:
    assert ndcg_at_k(np.array([3, 2, 1]), np.array([1, 2, 3]), 10) == pytest.approx(1.0)
    assert ndcg_at_k(np.array([7, 8]), np.array([1]), 10) == 0.0


def test_ndcg_ideal_is_capped_at_k() -> None:
    # 15 relevant but k=10: a top 10 full of hits is perfect.
    assert ndcg_at_k(np.arange(10), np.arange(15), 10) == pytest.approx(1.0)


def test_no_relevant_items_scores_zero() -> None:
    assert recall_at_k(np.array([1]), np.array([], dtype=int), 20) == 0.0
    assert ndcg_at_k(np.array([1]), np.array([], dtype=int), 10) == 0.0


def test_recall_curve_is_recall_at_each_k_including_lists_shorter_than_k() -> None:
    rng = np.random.default_rng(0)
    ks = [1, 5, 10, 20, 50]
    for length in (0, 3, 20, 50):
        ranked = rng.permutation(100)[:length]
        relevant = rng.choice(100, size=12, replace=False)
        expected = [recall_at_k(ranked, relevant, k) for k in ks]
        np.testing.assert_allclose(recall_curve(ranked, relevant, ks), expected)
    np.testing.assert_array_equal(recall_curve(np.arange(5), np.array([], dtype=int), ks), 0.0)
