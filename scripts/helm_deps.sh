#!/usr/bin/env bash
# Build every chart's charts/ directory in dependency order: the service charts vendor the
# movierec-common library, then the umbrella vendors the service charts. Prints nothing on
# success but helm's own lines; HELM defaults to the one `make tools` installs.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
HELM="${HELM:-$("$ROOT/scripts/tools.sh")/helm}"
for chart in gateway collab kmeans posters movierec; do
  "$HELM" dependency build "$ROOT/helm/$chart" >/dev/null
done
