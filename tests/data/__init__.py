"""Tests of the MovieLens data layer: titles, layouts, validation, sources, CLI."""
