"""MovieLens data: layouts, sources, validation, the in-memory Dataset."""

from movierec.data.dataset import Dataset, SkippedRows, column_index
from movierec.data.loaders import load_directory
from movierec.data.sources import fetch_source, load_dataset
from movierec.data.titles import normalize_title, parse_title, title_without_year

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
