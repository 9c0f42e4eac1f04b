"""Errors the CLI and services turn into one readable line instead of a traceback."""

from __future__ import annotations

from typing import Any


class MovierecError(Exception):
    """Base of every error a user can act on: bad data, missing artifact, bad argument."""


class DataError(MovierecError):
    """A data file is missing or malformed; names file, line (1-based, 0 if unknown) and problem."""

    def __init__(self, file: str, problem: str, line: int = 0) -> None:
        self.file, self.line, self.problem = file, line, problem
        where = f"{file}, line {line}" if line else file
        super().__init__(f"{where}: {problem}")


class RequestError(MovierecError):
    """A request cannot be served as asked. Domain code raises these without knowing HTTP;
    ``movierec.http.errors`` maps each kind to its status and the one error shape."""

    code = "bad_request"

    def __init__(self, message: str, details: Any = None, *, code: str | None = None) -> None:
        super().__init__(message)
        self.message, self.details = message, details
        self.code = code or type(self).code


class InvalidRequestError(RequestError):
    """The request names something that does not exist here (a genre, a model): 422."""

    code = "invalid_request"


class NotFoundError(RequestError):
    """The thing asked for is not in the catalogue: 404."""

    code = "not_found"


class UnavailableError(RequestError):
    """No answer is possible now (still loading, a model that failed): 503, retry later."""

    code = "unavailable"

    def __init__(
        self,
        message: str,
        details: Any = None,
        *,
        code: str | None = None,
        retry_after_s: int | None = None,
    ) -> None:
        super().__init__(message, details, code=code)
        self.retry_after_s = retry_after_s


class UnknownGenreError(InvalidRequestError):
    """Genre filter names the catalogue does not have; lists the ones it does."""

    code = "unknown_genre"

    def __init__(self, unknown: list[str], known: list[str]) -> None:
        self.unknown, self.known = unknown, known
        super().__init__(
            f"unknown genre(s) {', '.join(map(repr, unknown))}; known: {', '.join(known)}",
            [{"field": "body.genres", "unknown": unknown, "known": known}],
        )


class InvalidYearRangeError(InvalidRequestError):
    """A release-year range that is empty by construction: ``yearFrom`` after ``yearTo``."""

    code = "invalid_year_range"

    def __init__(self, year_from: int, year_to: int) -> None:
        self.year_from, self.year_to = year_from, year_to
        super().__init__(
            f"yearFrom ({year_from}) is after yearTo ({year_to}); the range is inclusive",
            [{"field": "body.yearTo", "yearFrom": year_from, "yearTo": year_to}],
        )
