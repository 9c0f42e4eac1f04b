"""posters: poster URLs by IMDb id, a Redis cache in front of the OMDb API."""
