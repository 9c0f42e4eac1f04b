"""The collab service: collaborative-filtering models and their HTTP API."""
