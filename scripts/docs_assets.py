"""Vendor the Swagger UI and ReDoc files that /docs and /redoc load, pinned by version.

Every service serves its API docs from these files (``movierec.http.docs``), so the docs work
without internet and load nothing from a CDN. ``python scripts/docs_assets.py`` fetches the
pinned npm packages with ``npm pack`` (npm checks each tarball against the registry's
integrity hash), copies the few files the pages use into
``services/core/movierec/http/docs_assets/``, applies the patches below (each must match
exactly once) and records versions, patches and SHA-256 sums in ``PINNED.json``. ``--check``
verifies the committed files against that record, offline (the tests run it). To upgrade,
change a version below, run the script and look at /docs and /redoc.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

ASSETS = Path(__file__).resolve().parent.parent / "services/core/movierec/http/docs_assets"
MANIFEST = ASSETS / "PINNED.json"

#: npm package -> (version, {file in the package: name served under /docs/static/}).
#: redoc stays on 2.x, the major FastAPI's own docs pages load.
PINS: dict[str, tuple[str, dict[str, str]]] = {
    "swagger-ui-dist": (
        "5.35.0",
        {
            "swagger-ui-bundle.js": "swagger-ui-bundle.js",
            "swagger-ui.css": "swagger-ui.css",
            "favicon-32x32.png": "favicon-32x32.png",
            "LICENSE": "swagger-ui.LICENSE",
        },
    ),
    "redoc": (
        "2.5.4",
        {"bundles/redoc.standalone.js": "redoc.standalone.js", "LICENSE": "redoc.LICENSE"},
    ),
}


#: Served file -> (upstream text, replacement, why). ReDoc's footer loads the Redocly logo
#: from cdn.redoc.ly: an external request (and a CSP violation) on every visit. "data:," is no
#: image, so ReDoc's own onError hides the logo, and nothing leaves the machine.
PATCHES: dict[str, list[tuple[str, str, str]]] = {
    "redoc.standalone.js": [
        (
            '"https://cdn.redoc.ly/redoc/logo-mini.svg"',
            '"data:,"',
            "no external logo: ReDoc hides the image that fails to load",
        )
    ]
}


def patch(path: Path) -> list[str]:
    """Apply the patches of ``path``'s name; the reasons, for the manifest."""
    text = path.read_text(encoding="utf-8")
    reasons = []
    for old, new, why in PATCHES.get(path.name, []):
        if text.count(old) != 1:
            raise SystemExit(f"{path.name}: {old} occurs {text.count(old)} times, not once")
        text = text.replace(old, new)
        reasons.append(why)
    path.write_text(text, encoding="utf-8")
    return reasons


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def fetch() -> None:
    manifest: dict[str, object] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for package, (version, files) in PINS.items():
            packed = subprocess.run(
                ["npm", "pack", f"{package}@{version}", "--json", "--pack-destination", tmp],
                capture_output=True,
                text=True,
                check=True,
            )
            (info,) = json.loads(packed.stdout)
            with tarfile.open(Path(tmp) / info["filename"]) as tar:
                for inner, name in files.items():
                    member = tar.extractfile(f"package/{inner}")
                    if member is None:
                        raise SystemExit(f"{package}@{version} has no {inner}")
                    with member, (ASSETS / name).open("wb") as out:
                        shutil.copyfileobj(member, out)
            patched = {name: patch(ASSETS / name) for name in files.values() if name in PATCHES}
            manifest[package] = {
                "version": version,
                "integrity": info["integrity"],
                "files": {name: sha256(ASSETS / name) for name in files.values()},
                "patched": patched,
            }
    MANIFEST.write_text(json.dumps(manifest, indent=2) + "\n")
    print(f"wrote {len(PINS)} packages' files and {MANIFEST}")


def check() -> int:
    """0 when every file named in PINNED.json is there with its recorded SHA-256."""
    manifest = json.loads(MANIFEST.read_text())
    problems = []
    for package, (version, files) in PINS.items():
        entry = manifest.get(package, {})
        if entry.get("version") != version:
            problems.append(f"{package}: PINNED.json says {entry.get('version')}, want {version}")
        for name in files.values():
            path = ASSETS / name
            recorded = entry.get("files", {}).get(name)
            if not path.is_file() or sha256(path) != recorded:
                problems.append(f"{name}: missing or changed since it was vendored")
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        print("run: python scripts/docs_assets.py", file=sys.stderr)
    return 1 if problems else 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="verify, fetch nothing")
    args = parser.parse_args()
    if args.check:
        raise SystemExit(check())
    ASSETS.mkdir(parents=True, exist_ok=True)
    fetch()


if __name__ == "__main__":
    main()
