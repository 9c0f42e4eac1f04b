"""Models measured cheap at load compute on the event loop; big requests stay in a thread."""

from __future__ import annotations

import re

import httpx

from movierec.serving.inline import InlinePolicy
from tests.services.test_recommend import LOVED, PANNED, ratings, recommend


def test_a_model_computes_inline_only_once_measured_cheap() -> None:
    policy = InlinePolicy(max_s=0.001, max_ratings=100)
    assert not policy.inline("ease", 20)  # not measured yet
    policy.set_cost("ease", 0.0004)
    policy.set_cost("userpearson", 0.0025)
    assert policy.inline("ease", 20)
    assert policy.inline("ease", 100)
    assert not policy.inline("ease", 101)  # many ratings: always a thread
    assert not policy.inline("userpearson", 20)
    assert not policy.inline("als", 20)  # each model on its own measure


def test_zero_budget_keeps_every_compute_in_a_thread() -> None:
    policy = InlinePolicy(max_s=0.0, max_ratings=100)
    policy.set_cost("ease", 1e-6)
    assert not policy.inline("ease", 5)


def computes(url: str) -> dict[str, float]:
    """movierec_model_computes_total of the default collab model, by where it ran."""
    text = httpx.get(f"{url}/metrics").text
    pattern = r'movierec_model_computes_total\{model="ease",where="(\w+)"\} ([\d.]+)'
    found = re.findall(pattern, text)
    return {where: float(value) for where, value in found}


def test_the_service_computes_small_requests_inline_and_big_ones_in_a_thread(collab: str) -> None:
    text = httpx.get(f"{collab}/metrics").text
    typical = re.search(r'movierec_model_typical_compute_seconds\{model="ease"\} (\S+)', text)
    assert typical is not None
    assert 0 < float(typical.group(1)) < 0.001  # the toy model is tiny: under the 1 ms budget
    small = ratings({**LOVED, **PANNED})
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
