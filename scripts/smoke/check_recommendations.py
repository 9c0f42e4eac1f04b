"""Ask the gateway for recommendations and check the answer end to end; print a summary.

Usage: check_recommendations.py GATEWAY_URL. Exit 1 naming what is wrong. Standard library
only: it runs on the host, outside the project's virtualenv.
"""

from __future__ import annotations

import json
import sys
import time
import urllib.request

RATINGS = {1: 5.0, 260: 4.5, 2571: 5.0, 4993: 4.0, 356: 2.0, 318: 4.5, 858: 4.0}


def post(url: str, body: object) -> tuple[int, dict[str, object], float]:
    request = urllib.request.Request(
        url, json.dumps(body).encode(), {"Content-Type": "application/json"}, method="POST"
    )
    start = time.perf_counter()
    with urllib.request.urlopen(request, timeout=30) as response:
        payload = json.loads(response.read())
        return response.status, payload, time.perf_counter() - start


def main(base: str) -> int:
    problems: list[str] = []
    for algorithm in ("collab", "kmeans", "both"):
        body = {
            "ratings": [{"movieId": m, "rating": r} for m, r in RATINGS.items()],
            "algorithm": algorithm,
            "limit": 10,
        }
        status, answer, seconds = post(f"{base}/api/v1/recommendations", body)
        items = answer.get("items") or []
        assert isinstance(items, list)
        posters = [item.get("poster") for item in items if isinstance(item, dict)]
        with_url = [p for p in posters if p and (p.get("url") if isinstance(p, dict) else p)]
        titles = [str(item.get("title")) for item in items[:3] if isinstance(item, dict)]
        print(
            f"POST /api/v1/recommendations algorithm={algorithm}: HTTP {status} in "
            f"{seconds * 1000:.0f} ms, {len(items)} items, {len(with_url)} with poster URL, "
            f"fallback={answer.get('fallback')} degraded={answer.get('degraded')}; "
            f"top: {'; '.join(titles)}"
        )
        rated = {item.get("movieId") for item in items if isinstance(item, dict)} & set(RATINGS)
        if status != 200 or not items:
            problems.append(f"{algorithm}: HTTP {status} with {len(items)} items")
        if answer.get("fallback") or answer.get("degraded"):
            problems.append(f"{algorithm}: fallback/degraded answer: {answer}")
        if rated:
            again = ", ".join(sorted(map(str, rated)))
            problems.append(f"{algorithm}: recommended already rated movies {again}")
        if not with_url:
            problems.append(f"{algorithm}: no poster URL came back through posters + fake OMDb")
    for problem in problems:
        print(f"FAIL: {problem}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1].rstrip("/")))
