"""The serving benchmark: the real stack on ml-latest-small under wrk, beside the original style.

Starts the stack (``movierec.stack``, as ``movierec up`` does) from pretrained artifacts
(training the missing ones first), warms the poster cache with one request per body and
movie page, loads every target with wrk (gateway collab/kmeans/both, the movie page,
collab, kmeans and posters alone, the original-style app), reads model compute times from
the services' ``/metrics``, runs a bare FastAPI control app at a few CPU costs per request
(what this machine allows any Python service), times the start from artifacts and with
training, and writes ``var/bench/serving.json`` and the Serving section of
``docs/benchmarks.md``.

Run: ``make bench-serving`` or ``python -m bench.serving.run --help``; ``--target NAME``
measures only the named targets (nothing else, no docs) into ``var/bench/serving-partial.json``.
"""

from __future__ import annotations

import json
import os
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated, Any

import httpx
import typer
from rich.console import Console

from bench.serving import bodies, control_app, machine, prom, report, steadiness, wrk
from bench.serving.up import POLL_S, running_up
from movierec.artifacts import DatasetStamp, find_latest
from movierec.data.dataset import Dataset
from movierec.data.sources import load_dataset
from movierec.model_catalogue import names
from movierec.stack import Part, Stack, StackConfig, free_port, free_port_block, plan
from movierec.training import train_and_save

REPO = Path(__file__).resolve().parents[2]
console = Console(stderr=True)

#: Every model the stack loads at start (collab warms all of its models).
STACK_MODELS = names()


@dataclass(frozen=True)
class Target:
    name: str
    label: str
    url: str
    bodies: Path
    connections: int
    timeout_s: float
    pace_ms: int = 0
    #: The processes that serve this target: its CPU table row lists only their time.
    parts: tuple[str, ...] = ("gateway", "collab", "kmeans", "posters", "redis")


def default_data_dir() -> str:
    return os.environ.get("MOVIEREC_DATA_DIR") or str(
        (REPO.parent / "shared" / "datasets" / "ml-latest-small").resolve()
    )


def ensure_artifacts(dataset: Dataset, model_dir: Path, seed: int) -> list[str]:
    """Train (and save) every stack model that has no artifact for this data; names trained."""
    stamp = DatasetStamp.of(dataset)
    trained = []
    for name in STACK_MODELS:
        if find_latest(model_dir, name, stamp) is None:
            console.print(f"training {name} (no artifact in {model_dir})")
            train_and_save(dataset, name, model_dir, seed=seed, with_metrics=False)
            trained.append(name)
    return trained


#: Each service started alone, with what it needs to answer /readyz (posters: Redis).
ALONE = {"posters": {"redis", "posters"}, "collab": {"collab"}, "kmeans": {"kmeans"},
         "gateway": {"gateway"}}  # fmt: skip


def start_stack(
    data: str, model_dir: Path, run_dir: Path, only: set[str] | None = None
) -> tuple[Stack, dict[str, str], dict[str, float]]:
    """The stack (or the parts named in ``only``) on free loopback ports; returns it, each
    part's base URL and ready seconds."""
    ports = {name: free_port() for name in ("gateway", "collab", "kmeans", "posters")}
    config = StackConfig(
        data=data, model_dir=model_dir, run_dir=run_dir, ports=ports, fake_omdb=True, redis=True
    )
    parts = plan(config, dict(os.environ))
    stack = Stack([p for p in parts if only is None or p.name in only])
    urls = {name: f"http://127.0.0.1:{port}" for name, port in ports.items()}
    for part in stack.parts:
        if part.name == "fake-omdb" and part.ready_url:
            urls["fake-omdb"] = part.ready_url.removesuffix("/_fake/stats")
    ready: dict[str, float] = {}
    started = time.perf_counter()

    def on_ready(part: Part) -> None:
        ready[part.name] = round(time.perf_counter() - started, 2)
        console.print(f"  [green]ready[/] {part.name} after {ready[part.name]:.2f} s")

    try:
        stack.start(timeout_s=300.0, on_ready=on_ready, poll_s=POLL_S)
    except BaseException:
        stack.stop()
        raise
    return stack, urls, ready


def ready_command(data: str, model_dir: Path, run_dir: Path) -> dict[str, float]:
    """Seconds from running `movierec up` (launcher and all) to each service's /readyz
    answering 200: the start a user sees on a laptop."""
    base = free_port_block()
    command = [
        sys.executable, "-m", "movierec.cli.main", "up", "--data", data,
        "--model-dir", str(model_dir), "--run-dir", str(run_dir), "--port", str(base),
        "--fake-omdb",
    ]  # fmt: skip

    def say(name: str, seconds: float) -> None:
        console.print(f"  [green]ready[/] {name} after {seconds:.2f} s")

    with running_up(
        command, dict(os.environ), base, logs=run_dir, deadline_s=300, on_ready=say
    ) as ready:
        pass
    return ready


def ready_alone(data: str, model_dir: Path, run_dir: Path) -> dict[str, float]:
    """Seconds to ready of each service started on its own from artifacts: what one pod of a
    rolling update or a restart sees, with the machine to itself."""
    ready: dict[str, float] = {}
    for name, parts in ALONE.items():
        stack, _, times = start_stack(data, model_dir, run_dir / name, only=parts)
        stack.stop()
        ready[name] = times[name]
    return ready


def measure_control(
    units: int,
    body_file: Path,
    connections: int,
    pace_ms: int,
    log: Path,
    *,
    threads: int,
    warmup: float,
    seconds: float,
) -> dict[str, Any]:
    """The control app (bench/serving/control_app.py) doing ``units`` scoring passes per
    request, paced like the services."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    part = control_app.part(units, port, log)
    app = Stack([part])
    console.print(f"[control] bare FastAPI app, {units} scoring passes a request", highlight=False)
    app.start(timeout_s=120.0, poll_s=POLL_S)
    try:
        assert part.proc is not None
        target = Target(
            f"control-{units}", f"control app, {units} passes", f"{url}/v1/recommend",
            body_file, connections, 10, pace_ms, parts=("control",),
        )  # fmt: skip
        measured = measure(
            target, {"control": part.proc.pid}, threads=threads, warmup=warmup, seconds=seconds
        )
    finally:
        app.stop()
    return {"units": units, **measured}


def fake_omdb_key(stack: Stack) -> str:
    posters = next(p for p in stack.parts if p.name == "posters")
    return posters.env["OMDB_API_KEY"]


def start_original(
    data: str, omdb_url: str, omdb_key: str, log: Path
) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    argv = [
        sys.executable, "-m", "bench.serving.original_app", "--data", data,
        "--port", str(port), "--omdb-url", omdb_url, "--omdb-key", omdb_key,
    ]  # fmt: skip
    proc = subprocess.Popen(
        argv, cwd=REPO, stdout=log.open("wb"), stderr=subprocess.STDOUT, start_new_session=True
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    with httpx.Client() as client:
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                raise RuntimeError(f"original-style app exited; see {log}")
            try:
                if client.get(f"{url}/healthz", timeout=1).status_code == 200:
                    return proc, url
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
    proc.terminate()
    raise RuntimeError(f"original-style app not ready after 120 s; see {log}")


def warm(
    gateway: str,
    users: list[list[bodies.Rated]],
    imdb_of: Callable[[int], str | None],
    pages: list[str],
) -> tuple[list[list[str]], dict[str, int]]:
    """One gateway request per body and algorithm, and per movie page (``GET /path`` lines):
    fills the poster cache. Returns posters bodies: the IMDb ids of each body's collab answer,
    and counts of what came back.
    """
    poster_ids: list[list[str]] = []
    stats = {"requests": 0, "items": 0, "null_posters": 0}
    with httpx.Client(timeout=30) as client:
        for page in pages:
            answer = client.get(gateway + page.removeprefix("GET "))
            answer.raise_for_status()
            similar = answer.json()["similar"]
            stats["requests"] += 1
            stats["items"] += len(similar)
            stats["null_posters"] += sum(1 for i in similar if i["poster"] is None)
        for user in users:
            for algorithm in ("collab", "kmeans", "both"):
                answer = client.post(
                    f"{gateway}/api/v1/recommendations",
                    json=bodies.gateway_body(user, algorithm),
                )
                answer.raise_for_status()
                items = answer.json()["items"]
                stats["requests"] += 1
                stats["items"] += len(items)
                stats["null_posters"] += sum(1 for i in items if i["poster"] is None)
                if algorithm == "collab":
                    ids = (imdb_of(int(i["movieId"])) for i in items)
                    poster_ids.append([i for i in ids if i])
    return poster_ids, stats


def compute_times(metrics_text: str) -> dict[str, dict[str, Any]]:
    """p50/p99/mean model compute per model, from one service's ``/metrics``."""
    out: dict[str, dict[str, Any]] = {}
    name = "movierec_model_compute_seconds"
    models = {
        line.split('model="', 1)[1].split('"', 1)[0]
        for line in metrics_text.splitlines()
        if line.startswith(f"{name}_count{{")
    }
    for model in sorted(models):
        buckets = prom.histogram_buckets(metrics_text, name, {"model": model})
        count = prom.total_count(buckets)
        total = sum(
            float(line.rsplit(" ", 1)[1])
            for line in metrics_text.splitlines()
            if line.startswith(f'{name}_sum{{model="{model}"')
        )
        p50, p99 = prom.quantile(buckets, 0.5), prom.quantile(buckets, 0.99)
        out[model] = {
            "count": count,
            "p50_ms": None if p50 is None else p50 * 1000,
            "p99_ms": None if p99 is None else p99 * 1000,
            "mean_ms": total / count * 1000 if count else None,
        }
    return out


def measure(
    target: Target, pids: dict[str, int], *, threads: int, warmup: float, seconds: float
) -> dict[str, Any]:
    """wrk on ``target`` (after an unmeasured warm-up) and the CPU its processes spent."""
    kwargs: dict[str, Any] = {
        "connections": target.connections,
        "threads": threads,
        "timeout_s": target.timeout_s,
        "pace_ms": target.pace_ms,
    }
    if warmup > 0:
        wrk.run(target.url, target.bodies, seconds=warmup, **kwargs)
    cpu_before = machine.process_cpu(pids)
    measured = wrk.run(target.url, target.bodies, seconds=seconds, **kwargs)
    cpu_after = machine.process_cpu(pids)
    console.print(
        f"    p50 {measured.p50_ms:.1f} ms  p99 {measured.p99_ms:.1f} ms  "
        f"{measured.rps:.1f} req/s  non-2xx {measured.non_2xx}  "
        f"socket errors {measured.socket_errors}  timeouts {measured.timeouts}",
        highlight=False,
    )
    argv = wrk.command(target.url, target.bodies, seconds=seconds, **kwargs)
    argv[0] = "wrk"
    return {
        "name": target.name,
        "label": target.label,
        "url": target.url,
        "connections": target.connections,
        "command": shlex.join([a.replace(str(REPO) + "/", "") for a in argv]),
        "wrk": measured.as_dict(),
        "cpu_ms_per_request": machine.cpu_per_request(
            {n: cpu_before[n] for n in target.parts if n in cpu_before},
            cpu_after,
            measured.requests,
        ),
    }


def main(
    data: Annotated[
        str | None, typer.Option(help="Data dir (default: $MOVIEREC_DATA_DIR).")
    ] = None,
    model_dir: Annotated[
        Path | None, typer.Option(help="Artifacts (default: $MOVIEREC_MODEL_DIR or var/artifacts).")
    ] = None,
    seconds: Annotated[float, typer.Option(help="Measured seconds per target.")] = 20.0,
    warmup: Annotated[float, typer.Option(help="Unmeasured wrk seconds before each.")] = 5.0,
    connections: Annotated[int, typer.Option(help="Concurrent clients.")] = 50,
    threads: Annotated[int, typer.Option(help="wrk threads.")] = 2,
    original_connections: Annotated[
        int, typer.Option(help="Clients for the (slow) original-style app.")
    ] = 10,
    count: Annotated[int, typer.Option(help="Distinct request bodies.")] = 50,
    paced_rps: Annotated[
        float, typer.Option(help="Offered load of the paced gateway run (clients pause).")
    ] = 300.0,
    seed: Annotated[int, typer.Option(help="Seed of the sampled users and ratings.")] = 42,
    training_start: Annotated[
        bool, typer.Option(help="Also time a start that trains the models (empty model dir).")
    ] = True,
    docs: Annotated[bool, typer.Option(help="Write the Serving section of the docs.")] = True,
    note: Annotated[str, typer.Option(help="A remark printed above the table.")] = "",
    control_units: Annotated[
        list[int],
        typer.Option(
            "--control-units",
            help="Work sizes of the control app (scoring passes per request), each paced "
            "like the services: the tail this machine gives a bare FastAPI app.",
        ),
    ] = [0, 2, 4, 8],  # noqa: B006 (typer reads the default; it is never mutated)
    steady_s: Annotated[
        float,
        typer.Option(
            "--steadiness-seconds",
            help="Time a fixed unit of work on every core first (0: skip): the machine's tail.",
        ),
    ] = 10.0,
    only: Annotated[
        list[str],
        typer.Option(
            "--target",
            help="Measure only this target (repeatable; e.g. gateway-movie): no control app, "
            "no start timings, no docs; results go to var/bench/serving-partial.json.",
        ),
    ] = [],  # noqa: B006 (typer reads the default; it is never mutated)
) -> None:
    """Benchmark the running stack with wrk and write var/bench/serving.json + the docs."""
    out_dir = REPO / "var" / "bench"
    out_dir.mkdir(parents=True, exist_ok=True)
    source = data or default_data_dir()
    models = model_dir or Path(os.environ.get("MOVIEREC_MODEL_DIR", REPO / "var/artifacts"))
    models = models.resolve()
    wrk.wrk_binary()  # fail now, not after minutes of setup
    host, steady = probe_machine(steady_s)
    with console.status(f"loading {source}"):
        dataset = load_dataset(source)
    trained = ensure_artifacts(dataset, models, seed)
    users, imdb, files = write_bodies(dataset, count, seed, out_dir / "bodies")
    load = Load(connections, original_connections, round(connections * 1000 / paced_rps),
                paced_rps, threads, warmup, seconds)  # fmt: skip
    results, compute, warm_stats, ready_artifact = measure_stack(
        source, models, out_dir, users, imdb, files, load, frozenset(only)
    )
    if only:
        write_partial(out_dir / "serving-partial.json", host, results, compute, warm_stats)
        return
    control = [
        measure_control(
            units, files / "backend.jsonl", connections, load.pace_ms, out_dir / "control.log",
            threads=threads, warmup=warmup, seconds=seconds,
        )
        for units in control_units
    ]  # fmt: skip
    ready = measure_starts(source, models, out_dir, ready_artifact, training_start)
    by_name = {r["name"]: r["wrk"] for r in results}
    original_rps = by_name["original"]["rps"]
    result = {
        **_stamp(host),
        "dataset": dataset.name,
        "command": "make bench-serving  # = python -m bench.serving.run "
        + shlex.join(sys.argv[1:]),
        "steadiness": steady.to_dict() if steady is not None else None,
        "settings": {
            "seconds": seconds,
            "warmup_s": warmup,
            "connections": connections,
            "original_connections": original_connections,
            "threads": threads,
            "bodies": count,
            "seed": seed,
        },
        "trained_first": trained,
        "warm": warm_stats,
        "targets": results,
        "control": control,
        "ratio": by_name["gateway-collab"]["rps"] / original_rps if original_rps else None,
        "compute": compute,
        "ready": ready,
        "note": note,
    }
    write_result(result, out_dir / "serving.json", docs)


def probe_machine(steady_s: float) -> tuple[dict[str, Any], steadiness.Steadiness | None]:
    """What the machine is, and (``steady_s`` > 0) how steadily it runs a fixed unit of work."""
    host = machine.describe()
    console.print(f"machine: {host}")
    with console.status(f"timing a fixed unit of work on {host['nproc']} cores for {steady_s:g} s"):
        steady = steadiness.probe(steady_s, workers=host["nproc"]) if steady_s > 0 else None
    console.print(f"steadiness: {steady}")
    return host, steady


def _stamp(host: dict[str, Any]) -> dict[str, Any]:
    """When and where a result was measured, and the load average right after."""
    return {
        "when": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": host,
        "load_after": [round(x, 2) for x in os.getloadavg()],
    }


def write_partial(
    path: Path,
    host: dict[str, Any],
    results: list[dict[str, Any]],
    compute: dict[str, dict[str, Any]],
    warm_stats: dict[str, Any],
) -> None:
    """A ``--target`` run's results, beside the full run's file, which it leaves alone."""
    partial = {**_stamp(host), "targets": results, "compute": compute, "warm": warm_stats}
    path.write_text(json.dumps(partial, indent=2) + "\n")
    console.print(f"wrote {path} (only {', '.join(r['name'] for r in results)}; docs unchanged)")


def write_result(result: dict[str, Any], path: Path, docs: bool) -> None:
    """The full run's JSON and (``docs``) the Serving section of docs/benchmarks.md."""
    path.write_text(json.dumps(result, indent=2) + "\n")
    console.print(f"wrote {path}")
    if docs:
        doc = REPO / "docs" / "benchmarks.md"
        report.write(result, doc, lambda line: console.print(line, markup=False))
        console.print("updated docs/benchmarks.md (Serving)")


@dataclass(frozen=True)
class Load:
    """How hard wrk pushes: clients, pacing, threads and durations."""

    connections: int
    original_connections: int
    pace_ms: int
    paced_rps: float
    threads: int
    warmup: float
    seconds: float


def write_bodies(
    dataset: Dataset, count: int, seed: int, files: Path
) -> tuple[list[list[bodies.Rated]], dict[int, str | None], Path]:
    """Sample ``count`` users' ratings and write them in every target's wire format, and the
    pages of the ``count`` most rated movies."""
    users = bodies.sample_ratings(
        dataset.ratings,
        dataset.movie_ids,
        dataset.movies["display_title"].tolist(),
        count=count,
        seed=seed,
    )
    imdb = dict(zip(dataset.movie_ids.tolist(), dataset.movies["imdbId"].tolist(), strict=True))
    for algorithm in ("collab", "kmeans", "both"):
        bodies.write_lines(
            files / f"gateway-{algorithm}.jsonl", (bodies.gateway_body(u, algorithm) for u in users)
        )
    popular = bodies.popular_movies(dataset.ratings, dataset.movie_ids, count)
    bodies.write_lines(files / "gateway-movie.txt", (bodies.movie_page(m) for m in popular))
    bodies.write_lines(files / "backend.jsonl", (bodies.backend_body(u) for u in users))
    bodies.write_lines(files / "original.jsonl", (bodies.original_body(u) for u in users))
    return users, imdb, files


def targets_of(urls: dict[str, str], original_url: str, files: Path, load: Load) -> list[Target]:
    """Every wrk target: the gateway per algorithm (and paced), the movie page (popular
    movies in turn, 12 similar ones with posters), each service alone, the original-style
    app."""
    gw = f"{urls['gateway']}/api/v1/recommendations"
    c, pace, rps = load.connections, load.pace_ms, load.paced_rps
    return [
        Target("gateway-collab", "gateway `collab` (end to end)", gw,
               files / "gateway-collab.jsonl", c, 10),
        Target("gateway-collab-paced", f"gateway `collab`, paced to ~{rps:g} req/s offered", gw,
               files / "gateway-collab.jsonl", c, 10, pace),
        Target("gateway-kmeans", "gateway `kmeans`", gw, files / "gateway-kmeans.jsonl", c, 10),
        Target("gateway-both", "gateway `both`", gw, files / "gateway-both.jsonl", c, 10),
        Target("gateway-movie", "gateway movie page (`GET /api/v1/movies/{id}?similar=12`)",
               urls["gateway"] + "/", files / "gateway-movie.txt", c, 10,
               parts=("gateway", "collab", "posters", "redis")),
        Target("gateway-movie-paced", f"gateway movie page, paced to ~{rps:g} req/s offered",
               urls["gateway"] + "/", files / "gateway-movie.txt", c, 10, pace,
               parts=("gateway", "collab", "posters", "redis")),
        Target("collab", "collab service alone", f"{urls['collab']}/v1/recommend",
               files / "backend.jsonl", c, 10, parts=("collab",)),
        Target("collab-paced", f"collab service alone, paced to ~{rps:g} req/s",
               f"{urls['collab']}/v1/recommend", files / "backend.jsonl", c, 10, pace,
               parts=("collab",)),
        Target("kmeans", "kmeans service alone", f"{urls['kmeans']}/v1/recommend",
               files / "backend.jsonl", c, 10, parts=("kmeans",)),
        Target("posters", "posters batch alone (20 ids)", f"{urls['posters']}/v1/posters/batch",
               files / "posters.jsonl", c, 10, parts=("posters", "redis")),
        Target("original", "original-style app", f"{original_url}/getrecomcollab",
               files / "original.jsonl", load.original_connections, 60,
               parts=("original-style", "fake-omdb")),
    ]  # fmt: skip


def measure_stack(
    source: str,
    models: Path,
    out_dir: Path,
    users: list[list[bodies.Rated]],
    imdb: dict[int, str | None],
    files: Path,
    load: Load,
    only: frozenset[str] = frozenset(),
) -> tuple[list[dict[str, Any]], dict[str, dict[str, Any]], dict[str, Any], dict[str, float]]:
    """The stack and the original-style app under wrk: per-target results, model compute
    times, the poster warm-up and the stack's ready times. ``only``: just these targets (the
    original-style app is started only when it is one)."""
    console.print("starting the stack from artifacts")
    stack, urls, ready = start_stack(source, models, out_dir / "run")
    original: subprocess.Popen[bytes] | None = None
    original_url = ""
    results: list[dict[str, Any]] = []
    try:
        pids = {p.name: p.proc.pid for p in stack.parts if p.proc is not None}
        if not only or "original" in only:
            console.print("starting the original-style app")
            original, original_url = start_original(
                source, urls["fake-omdb"], fake_omdb_key(stack), out_dir / "original.log"
            )
            pids["original-style"] = original.pid
        pages = (files / "gateway-movie.txt").read_text().splitlines()
        with console.status("warming the poster cache"):
            poster_ids, warm_stats = warm(urls["gateway"], users, imdb.get, pages)
        console.print(f"warm-up: {warm_stats}")
        bodies.write_lines(files / "posters.jsonl", (bodies.posters_body(p) for p in poster_ids))
        targets = [
            t for t in targets_of(urls, original_url, files, load) if not only or t.name in only
        ]
        for i, target in enumerate(targets, 1):
            console.print(f"[{i}/{len(targets)}] {target.label}: {target.url}", highlight=False)
            results.append(
                measure(
                    target, pids, threads=load.threads, warmup=load.warmup, seconds=load.seconds
                )
            )
        compute: dict[str, dict[str, Any]] = {}
        with httpx.Client(timeout=10) as client:
            for service in ("collab", "kmeans"):
                compute.update(compute_times(client.get(f"{urls[service]}/metrics").text))
    finally:
        if original is not None:
            original.terminate()
            original.wait(timeout=30)
        with console.status("stopping the stack"):
            stack.stop()
    return results, compute, warm_stats, ready


def measure_starts(
    source: str, models: Path, out_dir: Path, ready_artifact: dict[str, float], training: bool
) -> dict[str, dict[str, float]]:
    """Ready seconds: the whole stack from artifacts, `movierec up` as a user runs it, each
    service alone, and (``training``) the whole stack training on start."""
    ready: dict[str, dict[str, float]] = {"artifact": ready_artifact}
    console.print("running `movierec up` from artifacts, launcher included")
    ready["command"] = ready_command(source, models, out_dir / "run-command")
    console.print("starting each service alone from artifacts")
    ready["alone"] = ready_alone(source, models, out_dir / "run-alone")
    if training:
        scratch = Path(tempfile.mkdtemp(prefix="train-start-", dir=out_dir))
        try:
            console.print("starting the stack with an empty model dir (trains on start)")
            stack, _, ready["training"] = start_stack(source, scratch, out_dir / "run-train")
            stack.stop()
        finally:
            shutil.rmtree(scratch, ignore_errors=True)
    return ready


if __name__ == "__main__":
    typer.run(main)
