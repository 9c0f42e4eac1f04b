"""Real servers the tests start on loopback: redis-server, a fake OMDb, uvicorn in a thread."""
