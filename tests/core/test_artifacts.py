"""Artifacts: round trip, newest-matching lookup, and clear errors on every kind of mismatch."""

import json
from pathlib import Path

import numpy as np
import pytest

from movierec.artifacts import (
    ArtifactError,
    DatasetStamp,
    find_latest,
    load_artifact,
    save_artifact,
)
from movierec.data.sources import load_dataset
from movierec.training import load_or_train, train, train_and_save
from tests.toy import write_toy_csv


@pytest.fixture(scope="module")
def dataset(tmp_path_factory):
    return load_dataset(write_toy_csv(tmp_path_factory.mktemp("toy") / "toy-small"))


def test_round_trip_gives_identical_recommendations(dataset, tmp_path: Path) -> None:
    model, stats = train(dataset, "ease")
    path = save_artifact(model, dataset, tmp_path, training=stats)
    loaded = load_artifact(path, expect=DatasetStamp.of(dataset))
    manifest = json.loads((path / "manifest.json").read_text())
    assert manifest["schema_version"] == 2
    assert manifest["algorithm"] == "ease"
    assert manifest["dataset"]["name"] == "toy-small"
    assert set(manifest["dataset"]["checksums"]) >= {"movies.csv", "ratings.csv"}
    assert manifest["training"]["fit_s"] >= 0
    np.testing.assert_array_equal(loaded.movie_ids, dataset.movie_ids)
    items, ratings = np.array([0, 1, 40]), np.array([5.0, 4.0, 1.0], dtype=np.float32)
    assert (
        loaded.model.recommend(items, ratings, 10).items.tolist()
        == model.recommend(items, ratings, 10).items.tolist()
    )


def test_same_data_and_seed_give_the_same_arrays(dataset, tmp_path: Path) -> None:
    a = load_artifact(train_and_save(dataset, "ease", tmp_path / "a", with_metrics=False))
    b = load_artifact(train_and_save(dataset, "ease", tmp_path / "b", with_metrics=False))
    assert a.manifest.arrays_sha256 == b.manifest.arrays_sha256


def test_offline_metrics_go_into_the_manifest(dataset, tmp_path: Path) -> None:
    path = train_and_save(dataset, "ease", tmp_path)
    metrics = json.loads((path / "manifest.json").read_text())["metrics"]
    assert 0.0 <= metrics["recall@20"] <= 1.0
    assert metrics["users"] > 0


def test_other_data_is_refused_naming_the_file(dataset, tmp_path: Path) -> None:
    path = train_and_save(dataset, "ease", tmp_path, with_metrics=False)
    stamp = DatasetStamp.of(dataset)
    changed = DatasetStamp(stamp.name, {**stamp.checksums, "ratings.csv": "0" * 64})
    with pytest.raises(ArtifactError, match=r"data files differ.*ratings\.csv"):
        load_artifact(path, expect=changed)
    with pytest.raises(ArtifactError, match="trained on data set 'toy-small', not 'ml-1m'"):
        load_artifact(path, expect=DatasetStamp("ml-1m", stamp.checksums))
    assert find_latest(tmp_path, "ease", changed) is None


def test_schema_version_and_tampering_are_reported(dataset, tmp_path: Path) -> None:
    path = train_and_save(dataset, "ease", tmp_path, with_metrics=False)
    manifest = json.loads((path / "manifest.json").read_text())
    weights = path / "arrays" / "state__weights.npy"
    weights.write_bytes(weights.read_bytes()[:-10] + b"0" * 10)
    with pytest.raises(ArtifactError, match=r"state__weights\.npy does not match the checksum"):
        load_artifact(path)
    weights.unlink()
    with pytest.raises(ArtifactError, match=r"state__weights\.npy is missing"):
        load_artifact(path)
    manifest["schema_version"] = 99
    (path / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(ArtifactError, match="schema version 99"):
        load_artifact(path)
    with pytest.raises(ArtifactError, match="not an artifact"):
        load_artifact(tmp_path / "nothing-here")


def test_newest_matching_artifact_is_served_else_one_is_trained(dataset, tmp_path: Path) -> None:
    stamp = DatasetStamp.of(dataset)
    assert find_latest(tmp_path, "ease", stamp) is None
    first = load_or_train(dataset, "ease", tmp_path)  # trains and saves
    assert first.path.parent == tmp_path
    second = train_and_save(dataset, "ease", tmp_path, params={"l2": 50.0}, with_metrics=False)
    assert find_latest(tmp_path, "ease", stamp) == second
    served = load_or_train(dataset, "ease", tmp_path)
    assert served.path == second
    assert served.model.params["l2"] == 50.0
    assert find_latest(tmp_path, "kmeans", stamp) is None


def test_arrays_are_memory_mapped_read_only(dataset, tmp_path: Path) -> None:
    """Replicas on one node share an artifact's pages: the weights stay a read-only map of
    the file, not a private copy."""
    path = train_and_save(dataset, "ease", tmp_path, with_metrics=False)
    weights = load_artifact(path).model.get_state()["weights"]
    owner = weights
    while not isinstance(owner, np.memmap) and isinstance(owner.base, np.ndarray):
        owner = owner.base
    assert isinstance(owner, np.memmap)
    assert Path(str(owner.filename)) == (path / "arrays" / "state__weights.npy").resolve()
    assert not weights.flags.writeable


def test_memory_mapped_models_answer_as_the_trained_ones(tmp_path: Path) -> None:
    """On a synthetic set of a few thousand movies, every default model loaded from its
    memory-mapped artifact answers exactly as the model that was just trained."""
    from movierec.data.synth import SHAPES, synthesize
    from movierec.model_catalogue import FAMILIES, default_model

    shape = SHAPES["ml-1m"].resized(users=600, movies=3000, ratings=60_000, listed=3100)
    dataset = load_dataset(synthesize(tmp_path / "synthetic", shape, seed=5))
    rng = np.random.default_rng(0)
    users = rng.choice(dataset.n_users, size=10, replace=False)
    for name in [default_model(f) for f in FAMILIES]:
        model, _ = train(dataset, name)
        loaded = load_artifact(save_artifact(model, dataset, tmp_path / "models")).model
        for row in users:
            start, end = dataset.ratings.indptr[row], dataset.ratings.indptr[row + 1]
            items = dataset.ratings.indices[start:end][:20]
            ratings = dataset.ratings.data[start:end][:20]
            before, after = (
                model.recommend(items, ratings, 20),
                loaded.recommend(items, ratings, 20),
            )
            np.testing.assert_array_equal(before.items, after.items, err_msg=name)
            np.testing.assert_array_equal(before.scores, after.scores, err_msg=name)
            assert not before.fallback
