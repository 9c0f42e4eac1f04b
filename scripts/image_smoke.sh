#!/usr/bin/env bash
# `make image-smoke`: build every service image and run the whole system from them, then ask
# the gateway for recommendations end to end; clean up after.
#
# Without a Docker engine (this build machine; see ../shared/notes/TOOLING.md): a Debian
# base made with debootstrap (cached in $IMAGE_CACHE_DIR) imported with podman, images
# built with buildah, containers run with podman (vfs, runc, cgroupfs) on the host network.
# With a Docker engine (ENGINE=docker, or auto when `docker info` answers): the official
# base images and docker. The containers: Redis, the fake OMDb (posters image), a training
# run of the collab image writing the models (as the Helm prepare Job does), then collab,
# kmeans, posters and gateway with a read-only root filesystem, a tmpfs /tmp and the data
# set ($MOVIEREC_DATA_DIR) mounted read-only at /data.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
DATA_DIR="$(cd "${MOVIEREC_DATA_DIR:-$ROOT/../shared/datasets/ml-latest-small}" && pwd)"
CACHE="${IMAGE_CACHE_DIR:-$ROOT/var/image-cache}"
TAG="${TAG:-smoke}"
BASE="localhost/debian-python:bookworm"
RUN_ID="movierec-smoke-$$"
export TAG

log() { printf '[image-smoke %s] %s\n' "$(date +%H:%M:%S)" "$*"; }
die() { log "FAIL: $*"; exit 1; }

if [ -z "${ENGINE:-}" ]; then
  if command -v docker >/dev/null && docker info >/dev/null 2>&1; then ENGINE=docker; else ENGINE=buildah; fi
fi

# --- tools and base image --------------------------------------------------------------
if [ "$ENGINE" = buildah ]; then
  need=()
  for tool in buildah podman runc debootstrap; do command -v "$tool" >/dev/null || need+=("$tool"); done
  if [ "${#need[@]}" -gt 0 ]; then
    [ "$(id -u)" = 0 ] || die "missing ${need[*]}: sudo apt-get install ${need[*]}"
    log "installing ${need[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
  fi
  mkdir -p "$CACHE"
  # crun and the systemd cgroup manager fail here; runc + cgroupfs + no default ulimits work.
  printf '[containers]\ndefault_ulimits = []\n' > "$CACHE/containers.conf"
  export CONTAINERS_CONF="$CACHE/containers.conf"
  ctr() { podman --storage-driver vfs --runtime runc --cgroup-manager cgroupfs "$@"; }
  if ! ctr image exists "$BASE"; then
    rootfs="$CACHE/rootfs-bookworm"
    if [ ! -f "$CACHE/rootfs-bookworm.done" ]; then
      log "debootstrap a Debian bookworm base into $rootfs"
      rm -rf "$rootfs"
      debootstrap --variant=minbase --include=python3,python3-venv,ca-certificates,passwd \
        bookworm "$rootfs" http://deb.debian.org/debian >"$CACHE/debootstrap.log" 2>&1 \
        || { tail -20 "$CACHE/debootstrap.log"; die "debootstrap failed"; }
      touch "$CACHE/rootfs-bookworm.done"
    else
      log "reusing the debootstrapped base in $rootfs"
    fi
    tar -C "$rootfs" -c . | ctr import - "$BASE" >/dev/null
    log "imported $BASE"
  else
    log "reusing image $BASE"
  fi
  export BASE_IMAGE="$BASE" NODE_IMAGE="$BASE"
  redis_build() {
    buildah --storage-driver vfs bud --network host --isolation chroot \
      --build-arg "BASE_IMAGE=$BASE" -f scripts/smoke/redis.Containerfile \
      -t "movierec-smoke-redis:$TAG" scripts/smoke
  }
  image() { echo "localhost/movierec-$1:$TAG"; }
elif [ "$ENGINE" = docker ]; then
  ctr() { docker "$@"; }
  redis_build() {
    docker build --build-arg BASE_IMAGE=debian:bookworm-slim -f scripts/smoke/redis.Containerfile \
      -t "movierec-smoke-redis:$TAG" scripts/smoke
  }
  image() { echo "movierec-$1:$TAG"; }
else
  die "ENGINE must be docker or buildah, not $ENGINE"
fi

# --- build ------------------------------------------------------------------------------
# The build context is a snapshot of the checkout (what .dockerignore lets through), so
# edits made meanwhile do not leak into half the images and nothing is written into the
# checkout. Without a Node base image here, the web app is built on the host in that
# snapshot and the gateway image takes its web/dist as it is (WEB_BUILD=prebuilt).
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
CONTEXT="$WORK/context"
mkdir -p "$CONTEXT"
tar -C "$ROOT" --exclude='__pycache__' --exclude='*.pyc' --exclude='web/node_modules' \
  --exclude='web/dist' -c Dockerfile pyproject.toml README.md .dockerignore services web | tar -C "$CONTEXT" -x
export CONTEXT
if [ "$ENGINE" = buildah ]; then
  export WEB_BUILD=prebuilt
  if [ -f "$CONTEXT/web/package.json" ]; then
    log "building the web app on the host (npm ci && npm run build, in the snapshot)"
    (cd "$CONTEXT/web" && npm ci --no-audit --no-fund >/dev/null 2>&1 && npm run build >/dev/null 2>&1 \
      && rm -rf node_modules) || log "web build failed: the gateway image will be API only"
  fi
fi
# The images this run replaces: removed once the new ones are built, so that repeated runs
# do not pile up untagged copies (vfs stores every image whole).
previous="$(for svc in gateway collab kmeans posters smoke-redis; do
  ctr image inspect --format '{{.Id}}' "$(image "$svc")" 2>/dev/null || true; done)"
build_start=$SECONDS
ENGINE="$ENGINE" scripts/build_images.sh
redis_build >/dev/null
current="$(for svc in gateway collab kmeans posters smoke-redis; do
  ctr image inspect --format '{{.Id}}' "$(image "$svc")"; done)"
for id in $previous; do
  grep -qx "$id" <<<"$current" || ctr rmi "$id" >/dev/null 2>&1 || true
done
log "images built in $((SECONDS - build_start))s:"
ctr images --format '{{.Repository}}:{{.Tag}} {{.Size}}' | grep -E "movierec-.*:$TAG" | sed 's/^/    /'

# --- run --------------------------------------------------------------------------------
names=()
cleanup() {
  status=$?
  if [ "$status" != 0 ]; then
    for name in "${names[@]}"; do
      log "last log lines of $name:"; ctr logs --tail 25 "$name" 2>&1 | sed 's/^/    /' || true
    done
  fi
  for name in "${names[@]}"; do ctr rm -f "$name" >/dev/null 2>&1 || true; done
  rm -rf "$WORK"
  if [ "${SMOKE_REMOVE_IMAGES:-0}" = 1 ]; then
    for svc in gateway collab kmeans posters smoke-redis; do
      ctr rmi -f "$(image "$svc")" >/dev/null 2>&1 || true
    done
  fi
  log "cleaned up (containers ${names[*]:-none})"
  exit "$status"
}
trap cleanup EXIT

# The topology (ports, service URLs, settings) is the one `movierec up` runs, from its plan;
# scripts/smoke/plan.py leaves out what a container sees differently (paths, the OMDb key).
VENV_BIN="${VENV_BIN:-$ROOT/.venv/bin}"  # `make setup`'s
base_port="$("$VENV_BIN/python" -c 'from movierec.stack import free_port_block as f; print(f())')"
"$VENV_BIN/movierec" up --plan-only --fake-omdb --data "$DATA_DIR" --port "$base_port" \
  >"$WORK/plan.json"
plan() { python3 scripts/smoke/plan.py "$WORK/plan.json" "$@"; }
read -r P_GATEWAY P_COLLAB P_KMEANS P_POSTERS P_REDIS P_OMDB < <(plan ports)
env_of() { mapfile -t "$1" < <(plan env "$2"); }
env_of COLLAB_ENV collab; env_of KMEANS_ENV kmeans; env_of POSTERS_ENV posters
env_of GATEWAY_ENV gateway
mkdir -p "$WORK/models" && chmod 0777 "$WORK/models"
printf 'smoke-key' > "$WORK/omdb-key" && chmod 0444 "$WORK/omdb-key"
common=(--network host --read-only --tmpfs /tmp:rw,size=512m,mode=1777 -v "$DATA_DIR:/data:ro")

start() {  # NAME IMAGE [run args...] -- [command...]
  local name="$RUN_ID-$1"; shift
  names+=("$name")
  ctr run -d --name "$name" "$@" >/dev/null
}

wait_ready() {  # NAME URL
  local deadline=$((SECONDS + ${SMOKE_READY_TIMEOUT:-300}))
  until curl -fsS -o /dev/null "$2/readyz" 2>/dev/null; do
    [ "$SECONDS" -lt "$deadline" ] || die "$1 not ready at $2/readyz"
    state="$(ctr inspect --format '{{.State.Status}}' "$RUN_ID-$1" 2>/dev/null || echo unknown)"
    case "$state" in exited|stopped|dead) die "$1 exited";; esac
    sleep 2
  done
  log "$1 ready ($2/readyz: $(curl -fsS "$2/readyz" \
    | python3 -c 'import json, sys; print(json.load(sys.stdin)["status"])'))"
}

log "user inside the images: $(ctr run --rm --network host "$(image collab)" id -u)"
start redis --network host "$(image smoke-redis)" redis-server --port "$P_REDIS" \
  --bind 127.0.0.1 --save '' --appendonly no
start omdb --network host --read-only --tmpfs /tmp -v "$WORK/omdb-key:/run/secrets/omdb/api-key:ro" \
  -e OMDB_API_KEY_FILE=/run/secrets/omdb/api-key "$(image posters)" \
  python -m movierec_posters.fake_omdb --port "$P_OMDB"

train_start=$SECONDS
# Every model of the catalogue, as the chart's prepare Job trains them by default.
log "training with the collab image (as the Helm prepare Job): movierec train --all"
ctr run --rm "${common[@]}" -v "$WORK/models:/models" "$(image collab)" \
  movierec train --data /data --model-dir /models --all >"$WORK/train.log" 2>&1 \
  || { tail -20 "$WORK/train.log"; die "training in the collab image"; }
grep -E "wrote" "$WORK/train.log" | sed 's/^/    /'
touch "$WORK/models/.trained"
log "trained in $((SECONDS - train_start))s: $(ls "$WORK/models" | tr '\n' ' ')"

start collab "${common[@]}" -v "$WORK/models:/models:ro" "${COLLAB_ENV[@]}" "$(image collab)"
start kmeans "${common[@]}" -v "$WORK/models:/models:ro" "${KMEANS_ENV[@]}" "$(image kmeans)"
start posters --network host --read-only --tmpfs /tmp -v "$WORK/omdb-key:/run/secrets/omdb/api-key:ro" \
  -e OMDB_API_KEY_FILE=/run/secrets/omdb/api-key "${POSTERS_ENV[@]}" "$(image posters)"
start gateway "${common[@]}" "${GATEWAY_ENV[@]}" "$(image gateway)"

run_start=$SECONDS
wait_ready collab "http://127.0.0.1:$P_COLLAB"
wait_ready kmeans "http://127.0.0.1:$P_KMEANS"
wait_ready posters "http://127.0.0.1:$P_POSTERS"
wait_ready gateway "http://127.0.0.1:$P_GATEWAY"
log "all services ready $((SECONDS - run_start))s after start"

check=0
python3 scripts/smoke/check_recommendations.py "http://127.0.0.1:$P_GATEWAY" >"$WORK/check.txt" 2>&1 \
  || check=$?
sed 's/^/    /' "$WORK/check.txt"
[ "$check" = 0 ] || die "recommendations through the gateway"
if curl -fsS "http://127.0.0.1:$P_GATEWAY/" -o "$WORK/index.html" 2>/dev/null \
    && grep -qi '<html' "$WORK/index.html"; then
  log "gateway serves the web app at /"
else
  log "gateway serves no web app at / (none in this checkout)"
fi
log "OK: images build, start read-only and non-root, and answer end to end"
