"""Sections of a Markdown document that commands rewrite: between ``<!-- NAME:start -->`` and
``<!-- NAME:end -->``, so ``movierec evaluate``, ``make bench-serving`` and ``make bench-scale``
each update their own part of docs/benchmarks.md and leave the rest as it is."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Section:
    """A named section and the heading it is appended under when a document lacks it."""

    name: str
    heading: str

    @property
    def start(self) -> str:
        return f"<!-- {self.name}:start -->"

    @property
    def end(self) -> str:
        return f"<!-- {self.name}:end -->"

    def replace(self, document: str, body: str) -> str:
        """``document`` with this section's text replaced by ``body`` (appended when absent)."""
        block = f"{self.start}\n{body.strip()}\n{self.end}"
        start, end = document.find(self.start), document.find(self.end)
        if start != -1 and end != -1 and end > start:
            return document[:start] + block + document[end + len(self.end) :]
        if start != -1 or end != -1:
            raise ValueError(
                f"only one of {self.start} / {self.end} is present; fix the document first"
            )
        return document.rstrip("\n") + f"\n\n## {self.heading}\n\n{block}\n"

    def write(self, path: Path, body: str) -> None:
        """Replace this section of the file at ``path`` (a new ``# Benchmarks`` file if none)."""
        document = path.read_text() if path.is_file() else "# Benchmarks\n"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(self.replace(document, body))
