"""The model catalogue: one declaration per model, from which everything else is derived.

The services' settings (which models they offer, which one is the default), the gateway's
request schema (and so the OpenAPI document and the web client), the evaluation's project
models, ``movierec train --all``, the image smoke run and the README's model table all read
this list. Adding a model is one module, one entry here and its tests (docs/architecture.md,
"Adding a model").

Model classes are imported on first use, so an image needs only the dependencies of the
models it serves (the entry's ``extra``).
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from movierec.errors import MovierecError

if TYPE_CHECKING:
    from movierec.recommender import Recommender

Family = Literal["collab", "kmeans"]
FAMILIES: tuple[Family, ...] = ("collab", "kmeans")


class UnknownModelError(MovierecError, ValueError):
    """A model name the catalogue does not list."""


@dataclass(frozen=True)
class ModelEntry:
    """What the rest of the system needs to know about one model."""

    name: str
    family: Family
    #: ``module:Class`` of its Recommender subclass.
    target: str
    #: The pip extra that carries its dependencies (the service image's extra).
    extra: str
    #: One line for the docs and ``movierec models``.
    summary: str
    #: The family's model when a request names none (exactly one per family).
    default: bool = False
    #: Trains and serves at MovieLens-25M/32M size on one 2-core, 24 GB machine.
    large_data: bool = False

    def model_class(self) -> type[Recommender]:
        from movierec.recommender import Recommender

        module_name, attr = self.target.split(":")
        cls: object = getattr(importlib.import_module(module_name), attr)
        if not (isinstance(cls, type) and issubclass(cls, Recommender)):
            raise TypeError(f"{self.target} is not a Recommender")
        return cls


CATALOGUE: tuple[ModelEntry, ...] = (
    ModelEntry(
        "ease",
        "collab",
        "movierec_collab.models.ease:EASE",
        extra="collab",
        summary="closed-form EASE on rating-weighted data over the most-rated movies "
        "(max_items); dislikes weigh nothing",
        default=True,
        large_data=True,
    ),
    ModelEntry(
        "als",
        "collab",
        "movierec_collab.models.als:ALS",
        extra="collab",
        summary="`implicit` ALS, confidence from ratings, fold-in via recalculate_user",
        large_data=True,
    ),
    ModelEntry(
        "itemknn",
        "collab",
        "movierec_collab.models.itemknn:ItemKNN",
        extra="collab",
        summary="item-item cosine, top-k neighbours, dislikes subtract",
    ),
    ModelEntry(
        "userpearson",
        "collab",
        "movierec_collab.models.userpearson:UserPearson",
        extra="collab",
        summary="the original system's user-user Pearson, vectorised, with shrinkage",
    ),
    ModelEntry(
        "kmeans",
        "kmeans",
        "movierec_kmeans.model:KMeansRecommender",
        extra="kmeans",
        summary="SVD user embedding, K-Means, soft assignment of a new user",
        default=True,
        large_data=True,
    ),
)


def entries(family: Family | None = None) -> list[ModelEntry]:
    """Every entry, or those of ``family``, in catalogue order (the default first)."""
    chosen = [e for e in CATALOGUE if family is None or e.family == family]
    return sorted(chosen, key=lambda e: not e.default)


def names(family: Family | None = None) -> list[str]:
    return [e.name for e in entries(family)]


def entry(name: str) -> ModelEntry:
    for candidate in CATALOGUE:
        if candidate.name == name:
            return candidate
    raise UnknownModelError(f"unknown model {name!r}; choose from {', '.join(names())}")


def default_model(family: Family) -> str:
    """The name of ``family``'s default model."""
    return next(e.name for e in CATALOGUE if e.family == family and e.default)


def model_class(name: str) -> type[Recommender]:
    """The Recommender subclass registered as ``name``."""
    return entry(name).model_class()


def check_names(chosen: list[str], family: Family | None = None) -> None:
    """Raise one line naming every name in ``chosen`` the catalogue (or ``family``) lacks."""
    known = names(family)
    unknown = [n for n in chosen if n not in known]
    if unknown:
        raise UnknownModelError(
            f"unknown model(s) {', '.join(unknown)}; choose from {', '.join(known)}"
        )


def _check_catalogue() -> None:
    """One default per family and unique names: a mistake here would break every service."""
    seen = [e.name for e in CATALOGUE]
    if len(seen) != len(set(seen)):
        raise AssertionError(f"model names repeat in the catalogue: {seen}")
    for family in FAMILIES:
        defaults = [e.name for e in CATALOGUE if e.family == family and e.default]
        if len(defaults) != 1:
            raise AssertionError(f"family {family} needs exactly one default, has {defaults}")


_check_catalogue()
