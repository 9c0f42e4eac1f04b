"""The serving benchmark: wrk against the running stack and an original-style app, same run."""
