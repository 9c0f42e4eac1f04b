"""The ``movierec`` command as a user runs it: real process, real files, exit codes."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.commands import run
from tests.toy import write_toy_csv


def movierec(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {"PATH": "/usr/bin:/bin", "HOME": str(cwd), "COLUMNS": "200"}  # nothing of ours
    return run([sys.executable, "-m", "movierec.cli.main", *args], cwd=cwd, env=env)


@pytest.fixture(scope="module")
def toy_dir(tmp_path_factory) -> Path:
    return write_toy_csv(tmp_path_factory.mktemp("cli") / "toy-small")


def test_train_then_recommend_from_the_artifact(toy_dir: Path, tmp_path: Path) -> None:
    done = movierec(
        "train", "--data", str(toy_dir), "-a", "ease", "--model-dir", "models", cwd=tmp_path
    )
    assert done.returncode == 0, done.stderr
    (artifact,) = (tmp_path / "models").iterdir()
    manifest = json.loads((artifact / "manifest.json").read_text())
    assert manifest["algorithm"] == "ease"
    assert "recall@20" in manifest["metrics"]

    done = movierec(
        "recommend", "--data", str(toy_dir), "--model-dir", "models",
        "--rate", "10=5", "--rate", "20=4.5", "--rate", "310=1", "-n", "5", "--json",
        cwd=tmp_path,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    assert out["model"] == "ease"
    assert out["fallback"] is False
    ids = [item["movieId"] for item in out["items"]]
    assert len(ids) == 5
    assert not {10, 20, 310} & set(ids)
    assert all(i <= 300 for i in ids)  # group A fans get group A movies (ids 10..300)
    assert out["items"][0]["because"] in {"Movie 0", "Movie 1"}


def test_recommend_without_ratings_says_it_fell_back(toy_dir: Path, tmp_path: Path) -> None:
    done = movierec("recommend", "--data", str(toy_dir), "--model-dir", "m", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "popular movies" in done.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--rate", "10=7"], "rating must be 0.5 to 5.0"),
        (["--rate", "10=4.3"], "steps of 0.5"),
        (["--rate", "ten=4"], "expected movieId=rating"),
        (["--model", "nope"], "unknown model(s) nope"),
        (["--algorithm", "magic"], "choose collab or kmeans"),
    ],
)
def test_bad_arguments_give_one_line_and_exit_1(
    toy_dir: Path, tmp_path: Path, args: list[str], message: str
) -> None:
    done = movierec("recommend", "--data", str(toy_dir), *args, cwd=tmp_path)
    assert done.returncode == 1
    assert message in done.stderr
    assert "Traceback" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1


def test_missing_data_is_an_error_not_a_traceback(tmp_path: Path) -> None:
    done = movierec("train", "--data", str(tmp_path / "absent"), cwd=tmp_path)
    assert done.returncode == 1
    assert "absent" in done.stderr
    assert "Traceback" not in done.stderr
    done = movierec("train", cwd=tmp_path)
    assert done.returncode == 1
    assert "MOVIEREC_DATA_DIR" in done.stderr


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    assert movierec("evaluate", "--folds", "1", cwd=tmp_path).returncode == 2
    assert movierec("no-such-command", cwd=tmp_path).returncode == 2


def test_evaluate_writes_the_report_and_the_benchmarks_table(toy_dir: Path, tmp_path: Path) -> None:
    doc = tmp_path / "benchmarks.md"
    doc.write_text("# Benchmarks\n\nkept text\n")
    done = movierec(
        "evaluate", "--data", str(toy_dir), "--folds", "3", "--json", "out.json",
        "--doc", str(doc), "-m", "ease", "-m", "popularity", "-m", "kmeans",
        "-m", "original-userpearson",
        cwd=tmp_path,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    report = json.loads((tmp_path / "out.json").read_text())
    assert report["dataset"] == "toy-small"
    assert report["protocol"]["folds"] == 3
    models = report["models"]
    assert set(models) == {"ease", "popularity", "kmeans", "original-userpearson"}
    assert models["ease"]["role"] == "collab-default"
    assert models["kmeans"]["role"] == "kmeans-default"
    assert models["popularity"]["role"] == "peer"
    for m in models.values():
        assert set(m) >= {"recall@20", "ndcg@10", "p50_ms", "p99_ms", "fit_s", "users", "role"}
        assert m["users"] > 0
    # The two taste groups are trivial for EASE and blind to popularity.
    assert models["ease"]["recall@20"] > models["popularity"]["recall@20"] + 0.2
    text = doc.read_text()
    assert "kept text" in text
    assert "| ease | collab-default |" in text
    assert "movierec evaluate" in text
    # ... and its plots, next to the document and linked from the section.
    for plot in ("quality", "recall-at-k"):
        assert (tmp_path / "plots" / f"evaluate-toy-small-{plot}.svg").is_file()
        assert f"(plots/evaluate-toy-small-{plot}.svg)" in text


def test_evaluate_without_matplotlib_writes_the_table_and_says_how_to_get_plots(
    toy_dir: Path, tmp_path: Path
) -> None:
    """The ``plots`` extra is optional: a None in sys.modules makes ``import matplotlib`` fail
    as it does where the extra is not installed."""
    from movierec.plotting import HINT

    doc = tmp_path / "benchmarks.md"
    code = (
        "import sys; sys.modules['matplotlib'] = None; from movierec.cli.main import main; main()"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, "evaluate", "--data", str(toy_dir), "--folds", "2",
         "--doc", str(doc), "-m", "ease", "-m", "popularity"],
        cwd=tmp_path, capture_output=True, text=True, timeout=300,
        env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "COLUMNS": "200"},
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    text = doc.read_text()
    assert "| ease | collab-default |" in text
    assert "![" not in text
    assert not (tmp_path / "plots").exists()
    assert [line for line in done.stderr.splitlines() if "plots" in line] == [HINT]
    assert "pip install 'movierec[plots]'" in HINT


def test_help_lists_every_command(tmp_path: Path) -> None:
    done = movierec("--help", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    for command in ("train", "evaluate", "recommend", "serve", "up", "data"):
        assert f" {command} " in done.stdout


@pytest.mark.parametrize("command", ["up", "serve"])
def test_starting_services_loads_no_data_library(command: str, tmp_path: Path) -> None:
    """`movierec up` / `serve` import only their own command: pandas, scipy, the models and
    the settings and HTTP libraries (and matplotlib, which only draws the benchmark plots)
    are the children's to load, not the launcher's, which would delay every start."""
    probe = (
        "import sys; from movierec.cli.main import build_app; "
        f"app = build_app({command!r}); "
        "print(sorted(m for m in ('pandas', 'scipy', 'sklearn', 'movierec.cli.data', "
        "'movierec.cli.models', 'pydantic_settings', 'httpx', 'matplotlib') "
        "if m in sys.modules))"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], cwd=tmp_path, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
    # ... and the one command registered is still a sub-command, named as usual.
    helped = movierec(command, "--help", cwd=tmp_path)
    assert helped.returncode == 0, helped.stderr
    assert f"movierec.cli.main {command} [OPTIONS]" in " ".join(helped.stdout.split())


def test_models_lists_the_catalogue_and_the_readme_carries_its_table(tmp_path: Path) -> None:
    from movierec.model_catalogue import names

    done = movierec("models", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    for name in names():
        assert name in done.stdout
    table = movierec("models", "--markdown", cwd=tmp_path)
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text()
    assert table.stdout.strip() in readme


def test_train_all_writes_an_artifact_per_catalogue_model(toy_dir: Path, tmp_path: Path) -> None:
    from movierec.model_catalogue import names

    done = movierec(
        "train", "--data", str(toy_dir), "--all", "--no-metrics", "--model-dir", "m",
        cwd=tmp_path,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    trained = {
        json.loads((a / "manifest.json").read_text())["algorithm"]
        for a in (tmp_path / "m").iterdir()
    }
    assert trained == set(names())


def test_a_model_above_the_memory_budget_is_refused_in_one_line(
    toy_dir: Path, tmp_path: Path
) -> None:
    # Parsed once with the default budget: the cached data set then needs no parse budget.
    assert movierec("data", "info", str(toy_dir), cwd=tmp_path).returncode == 0
    done = subprocess.run(
        [sys.executable, "-m", "movierec.cli.main", "train", "--data", str(toy_dir),
         "-a", "ease", "--model-dir", "m"],
        cwd=tmp_path, capture_output=True, text=True, timeout=300,
        env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "COLUMNS": "300",
             "MOVIEREC_MEMORY_BUDGET": "1MiB"},
    )  # fmt: skip
    assert done.returncode == 1
    lines = done.stderr.strip().splitlines()
    assert lines[-1].startswith("error: ease: training on 60 users x 61 movies")
    assert "1.0 MiB" in lines[-1] or "memory budget" in lines[-1]
    assert "max_items" in lines[-1]
    assert "Traceback" not in done.stderr
    assert not (tmp_path / "m").exists() or not any((tmp_path / "m").iterdir())
