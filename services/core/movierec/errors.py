"""Errors the CLI and services turn into one readable line instead of a traceback."""

from __future__ import annotations


class MovierecError(Exception):
    """Base of every error a user can act on: bad data, missing artifact, bad argument."""


class DataError(MovierecError):
    """A data file is missing or malformed; names file, line (1-based, 0 if unknown) and problem."""

    def __init__(self, file: str, problem: str, line: int = 0) -> None:
        self.file, self.line, self.problem = file, line, problem
        where = f"{file}, line {line}" if line else file
        super().__init__(f"{where}: {problem}")
