"""The Helm charts: lint clean, render valid Kubernetes 1.30+ objects, as docs/deploy.md says."""

from __future__ import annotations

import base64
import importlib
import json
from pathlib import Path

import jsonschema
import pytest
from starlette.routing import Match

from tests.commands import assert_check_passes
from tests.deploy import k8s
from tests.deploy.helm import (
    BACKENDS,
    CHARTS,
    SERVICES,
    Helm,
    Obj,
    containers,
    named,
    of_kind,
    pod_labels,
    pod_spec,
    selects,
    service_of,
)

PRODUCTION = CHARTS / "movierec" / "values-production.yaml"
SENTINELS = (
    "SENTINEL-AWS-ACCESS-KEY-ID-7c1e",
    "SENTINEL-AWS-SECRET-ACCESS-KEY-52ab",
    "SENTINEL-OMDB-API-KEY-91d0",
)


@pytest.mark.parametrize("chart", [*SERVICES, "movierec"])
def test_every_chart_lints_strictly(helm: Helm, chart: str) -> None:
    result = helm.run("lint", "--strict", str(CHARTS / chart))
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_values_lint_strictly(helm: Helm) -> None:
    result = helm.run("lint", "--strict", str(CHARTS / "movierec"), "-f", str(PRODUCTION))
    assert result.returncode == 0, result.stdout + result.stderr


def test_schema_rejects_unknown_and_wrong_values(helm: Helm) -> None:
    """values.schema.json catches typos and wrong types before anything reaches a cluster."""
    for bad in ("gateway.replicaCuont=2", "collab.port=http", "posters.logLevel=LOUD"):
        result = helm.run("template", "mr", str(CHARTS / "movierec"), "--set", bad)
        assert result.returncode != 0, f"--set {bad} was accepted"
        assert "schema" in result.stderr, result.stderr


VARIANTS: dict[str, tuple[str, list[str]]] = {
    "umbrella-default": ("movierec", []),
    "umbrella-production": ("movierec", ["production"]),
    "umbrella-secrets": ("movierec", ["secrets"]),
    "umbrella-loadbalancer-external-redis": (
        "movierec",
        [
            "--gateway.service.type=LoadBalancer",
            "--redis.enabled=false",
            "--posters.redis.existingSecret=redis-url",
            "--posters.omdb.existingSecret=omdb",
            "--dataset.s3.existingSecret=aws",
        ],
    ),
    **{f"{chart}-alone": (chart, []) for chart in SERVICES},
}


def render(helm: Helm, variant: str, secret_values: Path) -> list[Obj]:
    chart, options = VARIANTS[variant]
    files = [PRODUCTION if o == "production" else secret_values for o in options if "=" not in o]
    sets = [o.removeprefix("--") for o in options if "=" in o]
    return helm.template(chart, *files, sets=sets)


@pytest.fixture(scope="module")
def umbrella(helm: Helm) -> list[Obj]:
    return helm.template("movierec")


@pytest.mark.parametrize("variant", list(VARIANTS))
def test_rendered_objects_are_valid_kubernetes(
    helm: Helm, secret_values: Path, variant: str
) -> None:
    objects = render(helm, variant, secret_values)
    assert objects
    for version in k8s.VERSIONS:
        for obj in objects:
            try:
                k8s.validate(obj, version)
            except jsonschema.ValidationError as exc:
                name = f"{obj['kind']}/{obj['metadata']['name']}"
                raise AssertionError(f"{variant}: {name} invalid for {version}: {exc}") from exc


def test_umbrella_has_every_part(umbrella: list[Obj]) -> None:
    deployments = {d["metadata"]["name"] for d in of_kind(umbrella, "Deployment")}
    assert deployments == {f"mr-{s}" for s in SERVICES}
    for kind in ("Service", "HorizontalPodAutoscaler", "PodDisruptionBudget", "ServiceAccount"):
        names = {o["metadata"]["name"] for o in of_kind(umbrella, kind)}
        assert {f"mr-{s}" for s in SERVICES} <= names, kind
    assert named(umbrella, "StatefulSet", "mr-redis")
    assert named(umbrella, "PersistentVolumeClaim", "mr-dataset")
    assert named(umbrella, "PersistentVolumeClaim", "mr-models")
    job = named(umbrella, "Job", "mr-prepare-1")
    fetch, train = containers(job)
    assert "movierec data fetch" in fetch["command"][-1]
    assert "movierec train --data /data --model-dir /models" in train["command"][-1]


@pytest.mark.parametrize("variant", ["umbrella-default", "umbrella-production"])
def test_every_hpa_targets_an_existing_deployment(
    helm: Helm, secret_values: Path, variant: str
) -> None:
    objects = render(helm, variant, secret_values)
    deployments = {d["metadata"]["name"] for d in of_kind(objects, "Deployment")}
    hpas = of_kind(objects, "HorizontalPodAutoscaler")
    assert len(hpas) == len(SERVICES)
    for hpa in hpas:
        target = hpa["spec"]["scaleTargetRef"]
        assert (target["apiVersion"], target["kind"]) == ("apps/v1", "Deployment")
        assert target["name"] in deployments, f"{hpa['metadata']['name']} -> {target['name']}"
        metrics = {m["resource"]["name"] for m in hpa["spec"]["metrics"]}
        # Model services scale on CPU only: their memory is the model's size, not load.
        model_service = hpa["metadata"]["name"].endswith(("-collab", "-kmeans"))
        assert metrics == ({"cpu"} if model_service else {"cpu", "memory"})
        assert hpa["spec"]["minReplicas"] <= hpa["spec"]["maxReplicas"]
    for deployment in of_kind(objects, "Deployment"):
        assert "replicas" not in deployment["spec"], "the HPA owns the replica count"


def served(service: str, path: str) -> bool:
    """Whether the service's real app, built by its factory, routes GET ``path`` somewhere.

    Asked of the app's routing table as Starlette itself matches a request, without calling
    the app: no model is loaded, and a probe's answer is not the question here.
    """
    app = importlib.import_module(f"movierec_{service}.app").create_app()
    scope = {"type": "http", "method": "GET", "path": path, "root_path": ""}
    return any(route.matches(scope)[0] is Match.FULL for route in app.routes)


@pytest.mark.parametrize("variant", ["umbrella-default", "umbrella-production"])
def test_every_probe_is_a_route_the_service_serves(
    helm: Helm, secret_values: Path, variant: str
) -> None:
    for deployment in of_kind(render(helm, variant, secret_values), "Deployment"):
        service = service_of(deployment)
        (main,) = pod_spec(deployment)["containers"]
        ports = {p["name"]: p["containerPort"] for p in main["ports"]}
        for probe in ("startupProbe", "livenessProbe", "readinessProbe"):
            get = main[probe]["httpGet"]
            assert served(service, get["path"]), f"{service} does not serve {probe} {get['path']}"
            assert get["port"] in ports
        assert main["readinessProbe"]["httpGet"]["path"] == "/readyz"
        assert main["livenessProbe"]["httpGet"]["path"] == "/healthz"


def test_services_run_non_root_on_a_read_only_root(umbrella: list[Obj]) -> None:
    for workload in of_kind(umbrella, "Deployment") + of_kind(umbrella, "Job"):
        assert pod_spec(workload)["securityContext"]["runAsNonRoot"] is True
        for container in containers(workload):
            context = container["securityContext"]
            assert context["readOnlyRootFilesystem"] is True
            assert context["allowPrivilegeEscalation"] is False
            assert "resources" in container
            assert container["resources"]["limits"]["memory"]
        tmp = [v for v in pod_spec(workload)["volumes"] if v["name"] == "tmp"]
        assert tmp
        assert "emptyDir" in tmp[0]
        for container in pod_spec(workload)["containers"]:
            assert {"name": "tmp", "mountPath": "/tmp"} in container["volumeMounts"]


def test_dataset_pvc_is_mounted_read_only_into_the_services(umbrella: list[Obj]) -> None:
    claim = named(umbrella, "PersistentVolumeClaim", "mr-dataset")["metadata"]["name"]
    readers = {"gateway", "collab", "kmeans"}
    for deployment in of_kind(umbrella, "Deployment"):
        service = service_of(deployment)
        volumes = [
            v["name"]
            for v in pod_spec(deployment)["volumes"]
            if v.get("persistentVolumeClaim", {}).get("claimName") == claim
        ]
        if service not in readers:
            assert not volumes, f"{service} needs no data set"
            continue
        assert len(volumes) == 1, service
        (source,) = (v for v in pod_spec(deployment)["volumes"] if v["name"] == volumes[0])
        assert source["persistentVolumeClaim"]["readOnly"] is True
        mounts = [m for c in containers(deployment) for m in c.get("volumeMounts", [])]
        data_mounts = [m for m in mounts if m["name"] == volumes[0]]
        assert data_mounts, service
        assert all(m.get("readOnly") is True for m in data_mounts), service
        config = named(umbrella, "ConfigMap", f"mr-{service}")["data"]
        assert config["MOVIEREC_DATA_DIR"] == data_mounts[0]["mountPath"]


def test_services_wait_for_the_trained_model(umbrella: list[Obj]) -> None:
    job = named(umbrella, "Job", "mr-prepare-1")
    marker = job["spec"]["template"]["spec"]["containers"][0]["command"][-1].split()[-1]
    for service in ("collab", "kmeans"):
        deployment = named(umbrella, "Deployment", f"mr-{service}")
        (wait,) = pod_spec(deployment)["initContainers"]
        assert {"name": "MARKER", "value": marker} in wait["env"]


def _claim_path(workload: Obj, container: Obj, path: str) -> tuple[str, str]:
    """The PVC and the path inside it where ``path`` of ``container`` lands."""
    for mount in container.get("volumeMounts", []):
        if path == mount["mountPath"] or path.startswith(mount["mountPath"] + "/"):
            (volume,) = (v for v in pod_spec(workload)["volumes"] if v["name"] == mount["name"])
            inside = path.removeprefix(mount["mountPath"]).lstrip("/")
            return volume["persistentVolumeClaim"]["claimName"], inside
    raise AssertionError(f"{path} is on no volume of {container['name']}")


def test_services_read_the_parsed_data_set_the_prepare_job_writes(umbrella: list[Obj]) -> None:
    """The Job parses once into the models volume; collab and kmeans, which mount it read-only,
    find the same entries there instead of each parsing into its own /tmp."""
    job = named(umbrella, "Job", "mr-prepare-1")
    (train,) = pod_spec(job)["containers"]
    written = next(e["value"] for e in train["env"] if e["name"] == "MOVIEREC_PARSE_CACHE_DIR")
    shared = _claim_path(job, train, written)
    for service in ("collab", "kmeans"):
        deployment = named(umbrella, "Deployment", f"mr-{service}")
        read = named(umbrella, "ConfigMap", f"mr-{service}")["data"]["MOVIEREC_PARSE_CACHE_DIR"]
        (main,) = pod_spec(deployment)["containers"]
        assert _claim_path(deployment, main, read) == shared, service


def _literal_env(workload: Obj) -> list[str]:
    return [e.get("value", "") for c in containers(workload) for e in c.get("env", [])]


def test_no_secret_value_outside_a_secret(helm: Helm, secret_values: Path) -> None:
    objects = render(helm, "umbrella-secrets", secret_values)
    secrets = of_kind(objects, "Secret")
    decoded = {
        base64.b64decode(value).decode() for s in secrets for value in s.get("data", {}).values()
    }
    assert set(SENTINELS) <= decoded, "the sentinel secrets should be in Secrets"
    for obj in objects:
        if obj["kind"] == "Secret":
            continue
        text = json.dumps(obj)
        for sentinel in SENTINELS:
            assert sentinel not in text, f"{sentinel} in {obj['kind']}/{obj['metadata']['name']}"
    for workload in of_kind(objects, "Deployment") + of_kind(objects, "Job"):
        assert not any(s in v for v in _literal_env(workload) for s in SENTINELS)
    posters = named(objects, "Deployment", "mr-posters")
    config = named(objects, "ConfigMap", "mr-posters")["data"]
    mounts = {m["mountPath"] for m in pod_spec(posters)["containers"][0]["volumeMounts"]}
    assert any(config["OMDB_API_KEY_FILE"].startswith(m + "/") for m in mounts)
    job_env = {
        e["name"]: e
        for c in containers(named(objects, "Job", "mr-prepare-1"))
        for e in c.get("env", [])
    }
    assert "secretKeyRef" in job_env["AWS_SECRET_ACCESS_KEY"]["valueFrom"]


def _policies_for(objects: list[Obj], labels: dict[str, str]) -> list[Obj]:
    return [
        p
        for p in of_kind(objects, "NetworkPolicy")
        if selects(p["spec"]["podSelector"].get("matchLabels", {}), labels)
    ]


@pytest.mark.parametrize("variant", ["umbrella-default", "umbrella-production"])
def test_only_the_gateway_reaches_the_backends(
    helm: Helm, secret_values: Path, variant: str
) -> None:
    objects = render(helm, variant, secret_values)
    pods = {service_of(d): pod_labels(d) for d in of_kind(objects, "Deployment")}
    for backend in BACKENDS:
        policies = _policies_for(objects, pods[backend])
        assert policies, f"no NetworkPolicy selects {backend}"
        for policy in policies:
            assert "Ingress" in policy["spec"]["policyTypes"]
            for rule in policy["spec"].get("ingress", []):
                peers = rule.get("from")
                assert peers, f"{backend}: an ingress rule open to every source"
                for peer in peers:
                    assert set(peer) == {"podSelector"}, f"{backend}: {peer}"
                    selector = peer["podSelector"]["matchLabels"]
                    allowed = {s for s, labels in pods.items() if selects(selector, labels)}
                    assert allowed == {"gateway"}, f"{backend} admits {allowed}"
    gateway = _policies_for(objects, pods["gateway"])
    assert any(not rule.get("from") for p in gateway for rule in p["spec"]["ingress"])
    redis = named(objects, "NetworkPolicy", "mr-redis")
    (rule,) = redis["spec"]["ingress"]
    selector = rule["from"][0]["podSelector"]["matchLabels"]
    allowed = {s for s, labels in pods.items() if selects(selector, labels)}
    assert allowed == {"posters"}


def test_posters_egress_only_to_dns_redis_and_https(umbrella: list[Obj]) -> None:
    (policy,) = _policies_for(umbrella, pod_labels(named(umbrella, "Deployment", "mr-posters")))
    assert "Egress" in policy["spec"]["policyTypes"]
    ports = sorted(p["port"] for rule in policy["spec"]["egress"] for p in rule["ports"])
    assert ports == [53, 53, 443, 6379]
    redis_rule = next(r for r in policy["spec"]["egress"] if r["ports"][0]["port"] == 6379)
    redis_pods = pod_labels(named(umbrella, "StatefulSet", "mr-redis"))
    assert selects(redis_rule["to"][0]["podSelector"]["matchLabels"], redis_pods)


def test_ingress_carries_cert_manager_tls(helm: Helm, secret_values: Path) -> None:
    objects = render(helm, "umbrella-production", secret_values)
    (ingress,) = of_kind(objects, "Ingress")
    assert ingress["metadata"]["annotations"]["cert-manager.io/cluster-issuer"]
    assert ingress["spec"]["tls"][0]["hosts"] == [ingress["spec"]["rules"][0]["host"]]
    backend = ingress["spec"]["rules"][0]["http"]["paths"][0]["backend"]["service"]["name"]
    assert backend == "mr-gateway"
    account = named(objects, "ServiceAccount", "mr-prepare")
    assert account["metadata"]["annotations"]["eks.amazonaws.com/role-arn"].startswith("arn:aws")


def ingress_routes(ingress: Obj, path: str) -> bool:
    """Whether ``path`` reaches a backend through ``ingress``, as Kubernetes matches paths:
    Exact is equality, Prefix matches whole path elements ("/api" matches "/api/v1", not
    "/apix"); ImplementationSpecific is taken as Prefix (nginx does so)."""
    wanted = [e for e in path.split("/") if e]
    for rule in ingress["spec"]["rules"]:
        for entry in rule["http"]["paths"]:
            if entry["pathType"] == "Exact":
                if entry["path"] == path:
                    return True
                continue
            prefix = [e for e in entry["path"].split("/") if e]
            if wanted[: len(prefix)] == prefix:
                return True
    return False


PUBLIC = [
    "/",
    "/assets/index-3f2a9c.js",
    "/api/v1/recommendations",
    "/api/v1/movies/search",
    "/docs",
    "/docs/static/swagger-ui-bundle.js",
    "/redoc",
    "/openapi.json",
    "/getrandom",
    "/getrecom",
    "/getrecomcollab",
]
INTERNAL = ["/metrics", "/metrics/", "/healthz", "/readyz"]


def test_ingress_routes_the_app_api_docs_and_legacy_but_not_metrics(
    helm: Helm, secret_values: Path
) -> None:
    """Prometheus scrapes /metrics inside the cluster; the public gets only what a browser
    and the original client use."""
    for objects in (
        render(helm, "umbrella-production", secret_values),
        helm.template("gateway", sets=["ingress.enabled=true"]),
    ):
        (ingress,) = of_kind(objects, "Ingress")
        for path in PUBLIC:
            assert ingress_routes(ingress, path), f"{path} is not routed"
        for path in INTERNAL:
            assert not ingress_routes(ingress, path), f"{path} is public"
    # /metrics is still served, for the scrape from inside the cluster.
    assert served("gateway", "/metrics")


@pytest.mark.parametrize(
    ("path", "path_type"),
    [
        ("/", "Prefix"),
        ("/metrics", "Exact"),
        ("/metrics", "Prefix"),
        ("/", "ImplementationSpecific"),
    ],
)
def test_ingress_refuses_a_path_that_would_publish_metrics(
    helm: Helm, path: str, path_type: str
) -> None:
    sets = [
        "ingress.enabled=true",
        f"ingress.paths[0].path={path}",
        f"ingress.paths[0].pathType={path_type}",
    ]
    args = ["template", "mr", str(CHARTS / "gateway")] + [a for s in sets for a in ("--set", s)]
    result = helm.run(*args)
    assert result.returncode != 0, f"{path} ({path_type}) rendered"
    assert "would make /metrics public" in result.stderr


def test_gateway_finds_the_backends_by_their_service_names(umbrella: list[Obj]) -> None:
    config = named(umbrella, "ConfigMap", "mr-gateway")["data"]
    for backend in BACKENDS:
        service = named(umbrella, "Service", f"mr-{backend}")
        port = service["spec"]["ports"][0]["port"]
        assert config[f"MOVIEREC_GATEWAY_{backend.upper()}_URL"] == f"http://mr-{backend}:{port}"
    posters = named(umbrella, "ConfigMap", "mr-posters")["data"]
    redis = named(umbrella, "Service", "mr-redis")
    assert posters["REDIS_URL"] == f"redis://mr-redis:{redis['spec']['ports'][0]['port']}/0"


def test_chart_docs_and_schemas_are_up_to_date() -> None:
    assert_check_passes("helm_docs.py")


def _gib(quantity: str) -> float:
    units = {"Gi": 1.0, "Mi": 1 / 1024}
    number, unit = quantity[:-2], quantity[-2:]
    return float(number) * units[unit]


def test_production_trains_only_large_data_models_that_fit_its_limit() -> None:
    """values-production.yaml trains ml-25m/32m-size data: only catalogue models made for
    that, and EASE's own estimate at the ml-32m shape (200,948 users, 20,000 modelled
    movies, 32,000,204 ratings) within the 90% of the Job's limit it may plan to use."""
    import yaml

    from movierec.memory import DEFAULT_SHARE
    from movierec.model_catalogue import entries
    from movierec_collab.models.ease import MAX_ITEMS, gram_memory

    prepare = yaml.safe_load(PRODUCTION.read_text())["prepare"]
    large = {e.name for e in entries() if e.large_data}
    assert set(prepare["algorithms"]) <= large
    users, ratings = 200_948, 32_000_204
    ease_gib = (gram_memory(MAX_ITEMS, ratings) + 8 * (ratings + users)) / 2**30
    assert ease_gib <= DEFAULT_SHARE * _gib(prepare["resources"]["limits"]["memory"])
