"""Cheap model computes move onto the event loop once measured; big requests stay in a thread."""

from __future__ import annotations

import re

import httpx
import pytest

from movierec.serving.inline import InlinePolicy
from tests.services.test_recommend import LOVED, PANNED, ratings, recommend


def test_a_model_goes_inline_only_after_its_cost_is_known_and_small() -> None:
    policy = InlinePolicy(max_s=0.001, max_ratings=100)
    assert not policy.inline("ease", 20)
    for _ in range(15):
        policy.observe("ease", 20, 0.0002)
    assert not policy.inline("ease", 20)  # 15 observations: not trusted yet
    policy.observe("ease", 20, 0.0002)
    assert policy.inline("ease", 20)
    assert not policy.inline("ease", 101)  # many ratings: always a thread
    assert not policy.inline("als", 20)  # each model on its own record


def test_a_model_that_turns_slow_goes_back_to_threads() -> None:
    policy = InlinePolicy(max_s=0.001, max_ratings=100)
    for _ in range(16):
        policy.observe("ease", 20, 0.0002)
    for _ in range(30):
        policy.observe("ease", 20, 0.005)
    assert policy.mean_s("ease") == pytest.approx(0.005, rel=0.05)
    assert not policy.inline("ease", 20)
    policy.observe("ease", 5000, 10.0)  # a big request says nothing of the typical one
    assert policy.mean_s("ease") == pytest.approx(0.005, rel=0.05)


def test_zero_budget_keeps_every_compute_in_a_thread() -> None:
    policy = InlinePolicy(max_s=0.0, max_ratings=100)
    for _ in range(50):
        policy.observe("ease", 5, 1e-6)
    assert not policy.inline("ease", 5)


def computes(url: str) -> dict[str, float]:
    """movierec_model_computes_total of the default collab model, by where it ran."""
    text = httpx.get(f"{url}/metrics").text
    pattern = r'movierec_model_computes_total\{model="ease",where="(\w+)"\} ([\d.]+)'
    found = re.findall(pattern, text)
    return {where: float(value) for where, value in found}


def test_the_service_computes_small_requests_inline_and_big_ones_in_a_thread(collab: str) -> None:
    small = ratings({**LOVED, **PANNED})
    for _ in range(20):
        recommend(collab, ratings=small, limit=5)
    before = computes(collab)
    answer = recommend(collab, ratings=small, limit=5)
    after = computes(collab)
    assert after.get("inline", 0.0) - before.get("inline", 0.0) == 1.0
    assert after.get("thread", 0.0) == before.get("thread", 0.0)

    # 300 ratings (the same movies again and again: the last rating of each counts).
    big = ratings({**LOVED, **PANNED}) * 43
    assert recommend(collab, ratings=big, limit=5)["items"] == answer["items"]
    final = computes(collab)
    assert final.get("thread", 0.0) - after.get("thread", 0.0) == 1.0
    assert final["inline"] == after["inline"]
