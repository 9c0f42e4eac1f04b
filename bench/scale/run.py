"""The scale benchmark: load, train, serve and evaluate from ml-latest-small to ml-32m size.

For each data set (the real ml-latest-small; synthetic ml-1m, ml-25m and ml-32m shapes made
by ``movierec data synth``), as a user runs it, each step in a process of its own so that
its wall time and peak RSS are its own:

1. ``movierec data info`` twice with an empty parse cache: the first load parses the CSV,
   the second reads the cache;
2. ``movierec train -a MODEL --no-metrics`` for every default model: seconds, peak RSS,
   artifact size;
3. ``movierec up`` from those artifacts: seconds until each service's ``/readyz`` answers,
   then sequential requests with 20 real ratings and 20 recommendations through the gateway
   (end-to-end p50/p99, client side) and the model compute p50/p99 from the services'
   ``movierec_model_compute_seconds`` histograms;
4. ``movierec evaluate --max-folds 1 --sample-users N``: Recall@20 of the defaults beside the
   peers on the same sampled users.

Results are merged by data set into ``var/bench/scale.json`` (so sets can be run one at a
time) and rendered as the Scale section of docs/benchmarks.md.
Run: ``make bench-scale`` or ``python -m bench.scale.run --help``.
"""

from __future__ import annotations

import json
import os
import shlex
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated, Any

import httpx
import numpy as np
import typer
from rich.console import Console

from bench.scale import report
from bench.serving import prom
from bench.serving.up import running_up
from movierec.data.dataset import Dataset
from movierec.data.sources import load_dataset
from movierec.model_catalogue import FAMILIES, default_model
from movierec.stack import PORTS, free_port_block

REPO = Path(__file__).resolve().parents[2]
console = Console(stderr=True, highlight=False)
DEFAULT_SETS = ["ml-latest-small", "ml-1m", "ml-25m", "ml-32m"]
#: The peers and models the quality step runs (the evaluation's own names).
EVAL_MODELS = [
    "ease", "kmeans", "als", "popularity", "ease-reference", "implicit-als",
    "original-userpearson", "original-kmeans",
]  # fmt: skip


@dataclass(frozen=True)
class Measured:
    """One child process: wall seconds, its own peak RSS, exit code and output."""

    seconds: float
    peak_rss_mb: float
    returncode: int
    stdout: str
    stderr: str


def run_measured(command: list[str], env: dict[str, str], log: Path) -> Measured:
    """Run ``command`` to the end; peak RSS from ``wait4`` is this child's alone."""
    log.parent.mkdir(parents=True, exist_ok=True)
    console.print(f"  $ {shlex.join(command)}")
    with log.open("w") as err:
        start = time.perf_counter()
        proc = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=err, text=True)
        assert proc.stdout is not None
        stdout = proc.stdout.read()
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    measured = Measured(
        round(seconds, 2), round(usage.ru_maxrss / 1024, 1), proc.returncode, stdout,
        log.read_text(),
    )  # fmt: skip
    if measured.returncode != 0:
        tail = "\n".join(measured.stderr.strip().splitlines()[-5:])
        raise RuntimeError(f"{shlex.join(command)} exited {measured.returncode}:\n{tail}")
    return measured


def movierec(*args: str) -> list[str]:
    return [sys.executable, "-m", "movierec.cli.main", *args]


def ensure_data(
    name: str, shared: Path, synth_dir: Path, env: dict[str, str]
) -> tuple[Path, dict[str, Any]]:
    """The real ml-latest-small, or a synthetic set of ``name``'s shape (made once, seed 0)."""
    if name == "ml-latest-small":
        return shared, {"source": "real (GroupLens)"}
    directory = synth_dir / name
    if not (directory / "ratings.csv").is_file():
        console.print(f"[{name}] generating a synthetic {name}-shaped set")
        done = run_measured(
            movierec("data", "synth", str(directory), "--like", name),
            env,
            synth_dir / f"{name}.synth.log",
        )
        return directory, {"source": "synthetic", "synth_s": done.seconds}
    return directory, {"source": "synthetic"}


def measure_load(directory: Path, cache: Path, env: dict[str, str], logs: Path) -> dict[str, Any]:
    """``data info`` with an empty parse cache, then again from the cache."""
    shutil.rmtree(cache, ignore_errors=True)
    env = {**env, "MOVIEREC_CACHE_DIR": str(cache)}
    first = run_measured(movierec("data", "info", str(directory)), env, logs / "load-1.log")
    second = run_measured(movierec("data", "info", str(directory)), env, logs / "load-2.log")
    return {
        "first_s": first.seconds,
        "first_peak_mb": first.peak_rss_mb,
        "second_s": second.seconds,
        "second_peak_mb": second.peak_rss_mb,
    }


def measure_train(
    directory: Path, model_dir: Path, models: list[str], env: dict[str, str], logs: Path
) -> dict[str, dict[str, Any]]:
    """One ``movierec train`` process per model, so each peak RSS is that model's."""
    shutil.rmtree(model_dir, ignore_errors=True)
    trained: dict[str, dict[str, Any]] = {}
    for name in models:
        console.print(f"  training {name}")
        done = run_measured(
            movierec("train", "--data", str(directory), "-a", name, "--no-metrics",
                     "--model-dir", str(model_dir)),
            env,
            logs / f"train-{name}.log",
        )  # fmt: skip
        (artifact,) = [p for p in model_dir.iterdir() if p.name.startswith(f"{name}-")]
        size = sum(f.stat().st_size for f in artifact.rglob("*") if f.is_file())
        trained[name] = {
            "seconds": done.seconds,
            "peak_mb": done.peak_rss_mb,
            "artifact_mb": round(size / 2**20, 1),
        }
    return trained


def request_bodies(dataset: Dataset, count: int, seed: int) -> list[dict[str, Any]]:
    """``count`` real users with 20+ ratings, 20 of each one's ratings (seeded)."""
    rng = np.random.default_rng(seed)
    counts = np.diff(dataset.ratings.indptr)
    rows = rng.choice(np.flatnonzero(counts >= 20), size=count, replace=True)
    ids = dataset.movie_ids
    bodies = []
    for row in rows:
        start, end = dataset.ratings.indptr[row], dataset.ratings.indptr[row + 1]
        pick = rng.choice(np.arange(start, end), size=20, replace=False)
        bodies.append(
            {
                "ratings": [
                    {"movieId": int(ids[dataset.ratings.indices[p]]),
                     "rating": float(dataset.ratings.data[p])}
                    for p in pick
                ],
                "limit": 20,
            }
        )  # fmt: skip
    return bodies


def _quantiles(values: list[float]) -> dict[str, float]:
    array = np.asarray(values)
    return {
        "p50_ms": round(float(np.percentile(array, 50)), 2),
        "p99_ms": round(float(np.percentile(array, 99)), 2),
    }


def measure_serving(
    directory: Path, model_dir: Path, bodies: list[dict[str, Any]], env: dict[str, str], logs: Path
) -> dict[str, Any]:
    """``movierec up`` from the artifacts: ready seconds, end-to-end and compute latency."""
    base = free_port_block()
    up_env = {
        **env,
        # Serve what was trained: the other collab models would train in the background.
        "MOVIEREC_COLLAB_MODELS": default_model("collab"),
        "MOVIEREC_KMEANS_MODELS": default_model("kmeans"),
    }
    command = movierec(
        "up", "--data", str(directory), "--model-dir", str(model_dir), "--run-dir",
        str(logs / "run"), "--port", str(base), "--fake-omdb", "--no-redis",
    )  # fmt: skip
    with (
        running_up(command, up_env, base, logs=logs / "run", deadline_s=600) as ready,
        httpx.Client(timeout=5.0) as client,
    ):
        gateway = f"http://127.0.0.1:{base}/api/v1/recommendations"
        latency: dict[str, dict[str, float]] = {}
        for family in FAMILIES:
            for body in bodies[:20]:  # warm-up: first requests fill caches
                client.post(gateway, json={**body, "algorithm": family}).raise_for_status()
            times = []
            for body in bodies:
                start = time.perf_counter()
                answer = client.post(gateway, json={**body, "algorithm": family})
                times.append((time.perf_counter() - start) * 1000)
                answer.raise_for_status()
            latency[family] = _quantiles(times)
        compute, rss = {}, {}
        for offset, name in enumerate(PORTS):
            text = client.get(f"http://127.0.0.1:{base + offset}/metrics").text
            rss[name] = round(_gauge(text, "process_resident_memory_bytes") / 2**20, 1)
        for family, offset in (("collab", 1), ("kmeans", 2)):
            text = client.get(f"http://127.0.0.1:{base + offset}/metrics").text
            buckets = prom.histogram_buckets(
                text, "movierec_model_compute_seconds", {"model": default_model(family)}
            )
            compute[family] = {
                "p50_ms": round(1000 * (prom.quantile(buckets, 0.5) or 0.0), 2),
                "p99_ms": round(1000 * (prom.quantile(buckets, 0.99) or 0.0), 2),
            }
    return {"ready_s": ready, "end_to_end": latency, "compute": compute, "rss_mb": rss}


def _gauge(text: str, name: str) -> float:
    """The value of an unlabelled sample in Prometheus text (0 if absent)."""
    for line in text.splitlines():
        if line.startswith(f"{name} "):
            return float(line.split()[1])
    return 0.0


def measure_quality(
    directory: Path, sample: int, env: dict[str, str], logs: Path
) -> dict[str, Any]:
    """Fold 1 of 5, ``sample`` test users, the defaults beside the peers."""
    out = logs / "evaluation.json"
    args = [
        "evaluate",
        "--data",
        str(directory),
        "--folds",
        "5",
        "--max-folds",
        "1",
        "--sample-users",
        str(sample),
        "--json",
        str(out),
        "--doc",
        str(logs / "eval.md"),
    ]
    for name in EVAL_MODELS:
        args += ["-m", name]
    done = run_measured(movierec(*args), env, logs / "evaluate.log")
    result = json.loads(out.read_text())
    return {"seconds": done.seconds, "peak_mb": done.peak_rss_mb, "models": result["models"]}


def main(
    sets: Annotated[list[str] | None, typer.Option("--set", help="Data sets to run.")] = None,
    work: Annotated[Path, typer.Option(help="Caches, artifacts, logs.")] = Path("var/bench/scale"),
    synth_dir: Annotated[
        Path | None,
        typer.Option(help="Synthetic sets, one folder per name [default: WORK/data]."),
    ] = None,
    shared: Annotated[Path, typer.Option(help="The real ml-latest-small.")] = (
        REPO.parent / "shared" / "datasets" / "ml-latest-small"
    ),
    requests: Annotated[int, typer.Option(help="Requests per family, sequential.")] = 300,
    eval_users: Annotated[int, typer.Option(help="Sampled test users (fold 1 of 5).")] = 2000,
    quality: Annotated[bool, typer.Option(help="Run the evaluation step.")] = True,
    results: Annotated[Path, typer.Option(help="JSON results, merged by set.")] = Path(
        "var/bench/scale.json"
    ),
    doc: Annotated[Path, typer.Option(help="Markdown file with the Scale section.")] = Path(
        "docs/benchmarks.md"
    ),
    note: Annotated[str, typer.Option(help="A line about this run for the docs.")] = "",
) -> None:
    """Run the scale benchmark on each data set and update docs/benchmarks.md."""
    env = {**os.environ, "COLUMNS": "200"}
    env.pop("MOVIEREC_DATA_DIR", None)
    env.pop("MOVIEREC_MODEL_DIR", None)
    merged = json.loads(results.read_text()) if results.is_file() else {"sets": {}}
    models = [default_model(f) for f in FAMILIES]
    for name in sets or DEFAULT_SETS:
        logs = work / "logs" / name
        directory, origin = ensure_data(name, shared, synth_dir or work / "data", env)
        set_env = {**env, "MOVIEREC_CACHE_DIR": str(work / "cache" / name)}
        console.print(f"[bold]{name}[/]: loading")
        row: dict[str, Any] = {**origin, "load": measure_load(directory, work / "cache" / name,
                                                              env, logs)}  # fmt: skip
        dataset = load_dataset(directory, cache_dir=work / "cache" / name)  # the cached form
        row["shape"] = dataset_shape(dataset)
        bodies = request_bodies(dataset, requests, seed=42)
        del dataset
        console.print(f"[bold]{name}[/]: training {', '.join(models)}")
        row["train"] = measure_train(directory, work / "models" / name, models, set_env, logs)
        console.print(f"[bold]{name}[/]: serving")
        row["serving"] = measure_serving(directory, work / "models" / name, bodies, set_env,
                                         logs)  # fmt: skip
        if quality:
            console.print(f"[bold]{name}[/]: evaluating on {eval_users} sampled users")
            row["quality"] = measure_quality(directory, eval_users, set_env, logs)
        row["created"] = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
        merged["sets"][name] = row
        merged["command"] = "make bench-scale" + (
            f" BENCH_ARGS={shlex.quote(' '.join(sys.argv[1:]))}" if sys.argv[1:] else ""
        )
        if note:
            merged["note"] = note
        results.parent.mkdir(parents=True, exist_ok=True)
        results.write_text(json.dumps(merged, indent=2) + "\n")
        report.write(merged, doc, lambda line: console.print(line, markup=False))
        console.print(f"[green]{name} done[/]; {results} and {doc} updated")


def dataset_shape(dataset: Dataset) -> dict[str, int]:
    """Users, listed movies, rated movies and ratings of the set."""
    rated = int(np.count_nonzero(np.bincount(dataset.ratings.indices, minlength=dataset.n_movies)))
    return {
        "users": dataset.n_users,
        "movies": dataset.n_movies,
        "rated_movies": rated,
        "ratings": dataset.n_ratings,
    }


if __name__ == "__main__":
    typer.run(main)
