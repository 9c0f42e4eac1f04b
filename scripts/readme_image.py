"""The README's screenshot, from the newest e2e run, compressed into ``docs/images/``.

``make screenshots`` runs the e2e main scenario (web/e2e), which saves ``readme-both.png``:
the results screen with both algorithms side by side and the K-Means cluster panel, cropped
below the first row of cards. This script writes it as a lossy WebP (the posters are
gradients, which palette PNGs band) and refuses one over ``MAX_KB``. Needs Pillow (the
``plots`` extra).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from PIL import Image

REPO = Path(__file__).resolve().parent.parent
SHOT = "readme-both.png"
OUT = REPO / "docs" / "images" / "results-both.webp"
MAX_KB = 300


def newest(runs: Path) -> Path:
    """The README shot of the latest e2e run (run folders are named by UTC time)."""
    shots = sorted(runs.glob(f"*/{SHOT}"))
    if not shots:
        sys.exit(f"no {runs}/*/{SHOT}: run `make screenshots` (it runs the e2e scenario first)")
    return shots[-1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=Path, default=REPO / "var" / "e2e", help="e2e runs")
    parser.add_argument("--out", type=Path, default=OUT, help="image to write")
    parser.add_argument("--quality", type=int, default=82, help="WebP quality (0-100)")
    args = parser.parse_args()
    source = newest(args.runs)
    with Image.open(source) as shot:
        image = shot.convert("RGB")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    image.save(args.out, "WEBP", quality=args.quality, method=6)
    size_kb = args.out.stat().st_size / 1024
    print(f"{args.out}: {image.width}x{image.height}, {size_kb:.0f} KB (from {source})")
    if size_kb > MAX_KB:
        sys.exit(f"{args.out} is over {MAX_KB} KB: lower --quality or crop the shot")


if __name__ == "__main__":
    main()
