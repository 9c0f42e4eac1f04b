"""Reading the SVG plots back: text, and the elements a plot tagged with ids (``set_gid``)."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

NS = "{http://www.w3.org/2000/svg}"


@dataclass(frozen=True)
class Svg:
    root: ET.Element

    @classmethod
    def read(cls, path: Path) -> Svg:
        """Parse ``path``; raises when it is not well-formed XML or not an SVG."""
        root = ET.parse(path).getroot()
        assert root.tag == f"{NS}svg", root.tag
        return cls(root)

    @property
    def texts(self) -> list[str]:
        """Every <text>, in document order (text kept as text: svg.fonttype none)."""
        return ["".join(t.itertext()) for t in self.root.iter(f"{NS}text")]

    @property
    def text(self) -> str:
        return " ".join(self.texts)

    def ids(self, prefix: str) -> list[str]:
        """Ids of the groups whose id starts with ``prefix``, in document order."""
        return [
            g.get("id", "") for g in self.root.iter(f"{NS}g") if g.get("id", "").startswith(prefix)
        ]

    def points(self, gid: str) -> int:
        """Markers drawn by the line tagged ``gid`` (one <use> per point)."""
        return len(self.xs(gid))

    def xs(self, gid: str) -> list[float]:
        """The x of each marker of the line tagged ``gid``, in drawing order."""
        (group,) = [g for g in self.root.iter(f"{NS}g") if g.get("id") == gid]
        return [float(u.get("x", "nan")) for u in group.iter(f"{NS}use")]
