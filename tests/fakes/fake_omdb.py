"""The fake OMDb ships with the posters service (for demos); tests use it from here."""

from movierec_posters.fake_omdb import FakeOmdb, poster_url

__all__ = ["FakeOmdb", "poster_url"]
