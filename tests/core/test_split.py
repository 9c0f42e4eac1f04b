"""The strong-generalisation split: disjoint user folds, 80% input, relevant = liked held-out."""

import numpy as np
import scipy.sparse as sp

from movierec.evaluation.split import strong_generalization


def _ratings(n_users: int = 50, n_movies: int = 40, seed: int = 0) -> sp.csr_matrix:
    rng = np.random.default_rng(seed)
    dense = rng.choice([0, 0, 0, 1.0, 2.5, 4.0, 4.5, 5.0], size=(n_users, n_movies))
    return sp.csr_matrix(dense.astype(np.float32))


def test_each_user_is_tested_in_at_most_one_fold_and_never_trained_on_there() -> None:
    ratings = _ratings()
    seen: list[int] = []
    for fold in strong_generalization(ratings, n_folds=5, seed=1):
        tested = [u.row for u in fold.test_users]
        assert not set(tested) & set(fold.train_rows.tolist())
        assert fold.train.shape == (fold.train_rows.size, ratings.shape[1])
        seen += tested
    assert len(seen) == len(set(seen))
    assert len(seen) > 40


def test_input_is_80_percent_and_relevant_are_liked_held_out_movies() -> None:
    ratings = _ratings()
    for fold in strong_generalization(ratings, n_folds=5, seed=3):
        for user in fold.test_users:
            row = ratings.getrow(user.row)
            rated = dict(zip(row.indices.tolist(), row.data.tolist(), strict=True))
            assert user.input_items.size == int(np.floor(0.8 * len(rated)))
            assert not set(user.input_items.tolist()) & set(user.relevant.tolist())
            pairs = zip(user.input_items, user.input_ratings, strict=True)
            assert all(rated[i] == r for i, r in pairs)
            assert all(rated[i] >= 4.0 for i in user.relevant)


def test_same_seed_same_split_other_seed_other_split() -> None:
    ratings = _ratings()

    def signature(seed: int) -> list[tuple[int, tuple[int, ...]]]:
        return [
            (u.row, tuple(u.input_items.tolist()))
            for f in strong_generalization(ratings, 5, seed)
            for u in f.test_users
        ]

    assert signature(11) == signature(11)
    assert signature(11) != signature(12)
