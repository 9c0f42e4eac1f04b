"""What every benchmark plot shares: the matplotlib settings, the caption, SVG writing.

matplotlib is the optional ``plots`` extra. Nothing here imports it until a plot is drawn, so
the CLI starts as fast without it; callers check :func:`available` first and print
:data:`HINT` when it is missing.
"""

from __future__ import annotations

import os
import textwrap
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from matplotlib.figure import Figure
    from matplotlib.typing import RcKeyType

#: The one line a command prints when it wrote its tables but could not draw its plots.
HINT = "plots not drawn: matplotlib is missing (pip install 'movierec[plots]')"

#: Text stays text (searchable, styled by the page) and ids are stable, so a re-run on the
#: same numbers writes the same bytes.
STYLE: dict[RcKeyType, Any] = {
    "svg.fonttype": "none",
    "svg.hashsalt": "movierec",
    "text.parse_math": False,  # a "$" in a command is a dollar, not mathtext
    "font.family": "sans-serif",
    "font.size": 9,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "grid.alpha": 0.3,
    "legend.frameon": False,
}
#: Colours, in order, for series (colour-blind safe: Okabe-Ito).
COLOURS = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000"]
#: Drawn for what a result is compared against (peers, the control app).
GREY = "#9a9a9a"


def available() -> bool:
    """True when matplotlib can be imported."""
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        return False
    return True


def caption(when: str, command: str, width: int = 110) -> str:
    """The plot's footnote: when it was measured and the command that did, wrapped."""
    lines = textwrap.wrap(
        f"{when} · {command}", width, break_long_words=False, break_on_hyphens=False
    )
    return "\n".join(lines)


@contextmanager
def svg_figure(
    path: Path, title: str, footnote: str, size: tuple[float, float] = (8.0, 4.5)
) -> Iterator[Figure]:
    """A figure titled ``title`` with ``footnote`` below it, written to ``path`` as SVG on exit."""
    from matplotlib import rc_context
    from matplotlib.figure import Figure

    with rc_context(STYLE):
        fig = Figure(figsize=size, layout="constrained")
        fig.suptitle(title, fontsize=11, fontweight="bold")
        yield fig
        fig.supxlabel(footnote, fontsize=7, color="#555", x=0.0, ha="left")
        path.parent.mkdir(parents=True, exist_ok=True)
        fig.savefig(path, format="svg", metadata={"Date": None})


def link(path: Path, doc: Path, alt: str) -> str:
    """Markdown image of ``path`` as seen from the document ``doc``."""
    return f"![{alt}]({Path(os.path.relpath(path, doc.parent)).as_posix()})"


def draw(
    doc: Path, plots: Callable[[], Iterable[tuple[Path, str]]], say: Callable[[str], None]
) -> list[str]:
    """Run ``plots`` (it writes SVGs and yields each path with its alt text) and return them as
    Markdown images for ``doc``; without matplotlib, ``say`` the hint and return nothing."""
    if not available():
        say(HINT)
        return []
    links = []
    for path, alt in plots():
        say(f"wrote {path}")
        links.append(link(path, doc, alt))
    return links
