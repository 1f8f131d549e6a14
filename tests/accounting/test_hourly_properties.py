"""Properties of hourly matching and storage (hypothesis)."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from gia.accounting.hourly import apply_storage, match

HOURS = 48
energy = arrays(np.float64, HOURS, elements=st.floats(0, 1e4, allow_nan=False, allow_infinity=False))
flows = arrays(np.float64, HOURS, elements=st.floats(-1e4, 1e4, allow_nan=False, allow_infinity=False))
shares = arrays(np.float64, HOURS, elements=st.floats(0, 1, allow_nan=False))


@settings(max_examples=200, deadline=None)
@given(energy, energy, shares)
def test_cfe_score_lies_between_the_grid_alone_and_one(load, supply, grid):
    matched, from_grid, total = match(load, supply, grid)
    if total == 0:
        return
    score = (matched + from_grid) / total
    grid_only = float((load * grid).sum()) / total
    assert -1e-12 <= score <= 1 + 1e-12
    assert score >= grid_only - 1e-9  # own carbon-free supply never lowers the score


@settings(max_examples=200, deadline=None)
@given(energy, energy, flows)
def test_storage_never_creates_carbon_free_energy(load, own, storage):
    new_load, supply, _beyond = apply_storage(load, own, storage)
    taken = np.maximum(-storage, 0)
    surplus = np.maximum(own - load, 0)
    clean_in = np.minimum(taken, surplus).sum()
    clean_out = (supply - own + np.minimum(taken, surplus)).sum()
    assert clean_out <= clean_in + 1e-6  # what it releases as carbon-free, it took from surplus first
    assert (new_load >= -1e-9).all()
    assert (supply >= -1e-9).all()
    # cumulative: never more carbon-free out than in up to any hour
    assert (
        np.cumsum(supply - own + np.minimum(taken, surplus)) <= np.cumsum(np.minimum(taken, surplus)) + 1e-6
    ).all()
