"""movierec core: MovieLens data, recommender interface, artifacts, evaluation and the CLI."""

__version__ = "0.1.0"
