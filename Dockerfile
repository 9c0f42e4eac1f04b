# One image per movierec service, all from this file:
#   docker build --build-arg SERVICE=collab -t movierec-collab .
# SERVICE is gateway, collab, kmeans or posters. Each image installs only its service's pip
# extra; no data set, model or secret is baked in: the data set and models are mounted
# (/data, /models), secrets come from the environment. The collab image also carries the
# train extra (S3 included): the Helm prepare Job runs `movierec data fetch` and
# `movierec train` with it. The gateway image serves the built web app at /.
ARG BASE_IMAGE=python:3.11-slim-bookworm
ARG NODE_IMAGE=node:20-bookworm-slim

# The web app, for the gateway only: built here with npm (WEB_BUILD=build), or taken as
# already built from the context's web/dist (WEB_BUILD=prebuilt: for builders without a Node
# base image). Without a web app in the checkout the gateway image is API only.
FROM ${NODE_IMAGE} AS web
ARG SERVICE
ARG WEB_BUILD=build
WORKDIR /web
COPY web/ ./
RUN set -e; mkdir -p /out; \
    if [ "$SERVICE" != gateway ]; then echo "no web app in the $SERVICE image"; \
    elif [ "$WEB_BUILD" = prebuilt ]; then \
      if [ -f dist/index.html ]; then cp -r dist/. /out/; else echo "no prebuilt web/dist"; fi; \
    elif [ -f package.json ]; then \
      npm ci --no-audit --no-fund && npm run build && cp -r dist/. /out/; \
    else echo "no web app in this checkout"; fi

FROM ${BASE_IMAGE} AS build
ARG SERVICE
# Set (with the host's CA bundle mounted) where TLS to PyPI goes through a local CA.
ARG PIP_CERT
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_PROGRESS_BAR=off PYTHONDONTWRITEBYTECODE=1
RUN python3 -m venv /opt/venv
WORKDIR /src
COPY pyproject.toml README.md ./
COPY services/ services/
RUN set -e; case "$SERVICE" in \
      gateway|kmeans|posters) extras="$SERVICE" ;; \
      collab) extras="collab,train" ;; \
      *) echo "SERVICE must be gateway, collab, kmeans or posters, not '$SERVICE'" >&2; exit 1 ;; \
    esac; \
    /opt/venv/bin/pip install ".[$extras]"

FROM ${BASE_IMAGE}
ARG SERVICE
ARG VERSION=0.1.0
ARG REVISION=unknown
ARG CREATED=unknown
LABEL org.opencontainers.image.title="movierec-${SERVICE}" \
      org.opencontainers.image.description="The movierec ${SERVICE} service (docs/architecture.md)." \
      org.opencontainers.image.source="https://github.com/movierec/movierec" \
      org.opencontainers.image.licenses="MIT" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.revision="${REVISION}" \
      org.opencontainers.image.created="${CREATED}"
# implicit (ALS, in collab) links against the system's OpenMP runtime; its wheel does not
# bundle it.
RUN if [ "$SERVICE" = collab ]; then \
      apt-get update \
      && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends libgomp1 \
      && rm -rf /var/lib/apt/lists/*; \
    fi
RUN groupadd --gid 10001 movierec \
 && useradd --uid 10001 --gid 10001 --home-dir /tmp --no-create-home \
      --shell /usr/sbin/nologin movierec
COPY --from=build /opt/venv /opt/venv
COPY --from=web /out /app/web
# Every service listens on all interfaces in a container (each reads its own HOST variable);
# ports are the services' defaults: gateway 8000, collab 8001, kmeans 8002, posters 8003.
ENV MOVIEREC_SERVICE=${SERVICE} \
    PATH=/opt/venv/bin:$PATH PYTHONUNBUFFERED=1 PYTHONDONTWRITEBYTECODE=1 HOME=/tmp \
    MOVIEREC_CACHE_DIR=/tmp/movierec-cache MOVIEREC_DATA_DIR=/data MOVIEREC_MODEL_DIR=/models \
    MOVIEREC_GATEWAY_HOST=0.0.0.0 MOVIEREC_COLLAB_HOST=0.0.0.0 \
    MOVIEREC_KMEANS_HOST=0.0.0.0 MOVIEREC_POSTERS_HOST=0.0.0.0 \
    MOVIEREC_GATEWAY_WEB_DIR=/app/web
WORKDIR /app
# Numeric, so Kubernetes can check runAsNonRoot without reading /etc/passwd.
USER 10001:10001
CMD ["sh", "-c", "exec python -m \"movierec_$MOVIEREC_SERVICE\""]
