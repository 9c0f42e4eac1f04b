"""Every relative link and image in the README and the docs points to a file that exists."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
DOCS = [REPO / "README.md", REPO / "bench" / "README.md", REPO / "web" / "README.md"]
DOCS += sorted((REPO / "docs").glob("*.md"))
#: [text](target) and ![alt](target), the target up to a space or ")"; code is skipped.
LINK = re.compile(r"!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
CODE = re.compile(r"```.*?```|`[^`\n]*`", re.DOTALL)


def links(doc: Path) -> list[str]:
    """Relative targets of ``doc``'s Markdown links, without their #anchor."""
    text = CODE.sub("", doc.read_text())
    targets = [m.group(1) for m in LINK.finditer(text)]
    return [
        t.split("#", 1)[0]
        for t in targets
        if not re.match(r"^[a-z][a-z0-9+.-]*:", t) and not t.startswith("#")
    ]


def test_the_link_pattern_finds_links_and_images() -> None:
    text = 'see [a](docs/a.md#x), ![img](images/b.webp "t") and [web](https://x.org) `[c](d)`'
    found = [m.group(1) for m in LINK.finditer(CODE.sub("", text))]
    assert found == ["docs/a.md#x", "images/b.webp", "https://x.org"]


@pytest.mark.parametrize("doc", DOCS, ids=lambda p: str(p.relative_to(REPO)))
def test_relative_links_point_to_files_that_exist(doc: Path) -> None:
    missing = [t for t in links(doc) if not (doc.parent / t).exists()]
    assert not missing, f"{doc.relative_to(REPO)} links to missing files: {missing}"
