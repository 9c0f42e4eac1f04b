"""The collab models' own tests share one training set: the two taste groups of tests.toy."""

from __future__ import annotations

import pytest
import scipy.sparse as sp

from tests.toy import two_groups


@pytest.fixture(scope="module")
def train() -> sp.csr_matrix:
    return two_groups()
