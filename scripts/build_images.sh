#!/usr/bin/env bash
# Build the service images (`make images`): with docker when a Docker engine answers, else
# with buildah (vfs storage, chroot isolation, host network), as docs/deploy.md explains.
#
# Environment: SERVICES (default: gateway collab kmeans posters), TAG (default: dev),
# ENGINE (docker|buildah; default: docker if `docker info` works), BASE_IMAGE and NODE_IMAGE
# (default: the Dockerfile's official images), WEB_BUILD (build|prebuilt), CONTEXT (the build
# context; default: the repository root).
# Images are named movierec-<service>:<TAG> (buildah stores them as localhost/...).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CONTEXT="${CONTEXT:-$ROOT}"
cd "$ROOT"
SERVICES="${SERVICES:-gateway collab kmeans posters}"
TAG="${TAG:-dev}"
if [ -z "${ENGINE:-}" ]; then
  if command -v docker >/dev/null && docker info >/dev/null 2>&1; then ENGINE=docker; else ENGINE=buildah; fi
fi

args=(
  --build-arg "VERSION=$(sed -n 's/^version = "\(.*\)"/\1/p' pyproject.toml)"
  --build-arg "REVISION=$(git rev-parse HEAD 2>/dev/null || echo unknown)"
  --build-arg "CREATED=$(date -u +%Y-%m-%dT%H:%M:%SZ)"
)
[ -n "${BASE_IMAGE:-}" ] && args+=(--build-arg "BASE_IMAGE=$BASE_IMAGE")
[ -n "${NODE_IMAGE:-}" ] && args+=(--build-arg "NODE_IMAGE=$NODE_IMAGE")
[ -n "${WEB_BUILD:-}" ] && args+=(--build-arg "WEB_BUILD=$WEB_BUILD")

case "$ENGINE" in
  docker)
    build() { docker build "${args[@]}" "$@"; } ;;
  buildah)
    command -v buildah >/dev/null || {
      echo "build_images: no Docker engine and no buildah (apt-get install buildah)" >&2; exit 1; }
    # The host's CA bundle is lent to the build: pip inside it may need it to reach PyPI.
    # No --layers: with vfs every cached layer is a full copy of the root filesystem.
    build() {
      buildah --storage-driver vfs bud --network host --isolation chroot \
        -v /etc/ssl/certs:/etc/ssl/certs:ro \
        --build-arg PIP_CERT=/etc/ssl/certs/ca-certificates.crt "${args[@]}" "$@"
    } ;;
  *) echo "build_images: ENGINE must be docker or buildah, not $ENGINE" >&2; exit 1 ;;
esac

for service in $SERVICES; do
  echo "build_images: $ENGINE: movierec-$service:$TAG" >&2
  start=$SECONDS
  build -f "$CONTEXT/Dockerfile" --build-arg "SERVICE=$service" -t "movierec-$service:$TAG" "$CONTEXT"
  echo "build_images: movierec-$service:$TAG built in $((SECONDS - start))s" >&2
done
