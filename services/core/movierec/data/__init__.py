"""MovieLens data: layouts, sources, validation, the in-memory Dataset.

The names below are imported on first use, so a process that needs only
``movierec.data.settings`` (the CLI's help, a data command's options) does not load pandas
and scipy.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from movierec.data.dataset import Dataset, SkippedRows, column_index
    from movierec.data.loaders import load_directory
    from movierec.data.sources import fetch_source, load_dataset
    from movierec.data.titles import normalize_title, parse_title, title_without_year

#: Public name -> the module that defines it.
_HOMES = {
    "Dataset": "movierec.data.dataset",
    "SkippedRows": "movierec.data.dataset",
    "column_index": "movierec.data.dataset",
    "load_directory": "movierec.data.loaders",
    "fetch_source": "movierec.data.sources",
    "load_dataset": "movierec.data.sources",
    "normalize_title": "movierec.data.titles",
    "parse_title": "movierec.data.titles",
    "title_without_year": "movierec.data.titles",
}

__all__ = [
    "Dataset",
    "SkippedRows",
    "column_index",
    "fetch_source",
    "load_dataset",
    "load_directory",
    "normalize_title",
    "parse_title",
    "title_without_year",
]


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(home), name)
    globals()[name] = value  # later lookups skip this function
    return value
