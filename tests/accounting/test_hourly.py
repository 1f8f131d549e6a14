"""Hourly carbon-free electricity matching against hand computations."""

from __future__ import annotations

import numpy as np
import pytest

from gia.accounting.hourly import DataQuality, HourlyData, apply_storage, cfe_scores, match
from gia.accounting.provenance import FactorRef

QUALITY = DataQuality(0, 0, 0, 0.0, 0.0)


def test_surplus_in_one_hour_does_not_carry_to_another():
    load = np.array([10.0, 10.0, 10.0, 10.0])
    supply = np.array([15.0, 5.0, 0.0, 10.0])  # 5 kWh surplus in the first hour
    matched, grid, total = match(load, supply, 0.5)
    assert matched == 25  # 10 + 5 + 0 + 10: the surplus is lost, not moved to hour 3
    assert grid == 7.5  # (0 + 5 + 10 + 0) × 0.5
    assert total == 40
    assert (matched + grid) / total == pytest.approx(0.8125)


def test_storage_shifts_surplus_carbon_free_energy():
    # hour 1: 14 kWh PV for 10 kWh load, the storage takes the 4 kWh surplus; hour 2: it releases them
    load, own, storage = np.array([10.0, 10.0]), np.array([14.0, 0.0]), np.array([-4.0, 4.0])
    new_load, supply, beyond = apply_storage(load, own, storage)
    assert list(new_load) == [10.0, 10.0]
    assert list(supply) == [10.0, 4.0]
    assert beyond == 0
    data = HourlyData(
        2024, ("alpha",), new_load[None, :], supply[None, :], np.array([0.2, 0.9]), "x", QUALITY, {}
    )
    # hour 1: 10 matched; hour 2: 4 matched + 6 × 0.9 from the grid → (10 + 4 + 5.4) / 20
    assert cfe_scores(data, None, []).area.value == pytest.approx(19.4 / 20)


def test_storage_charged_from_the_grid_adds_nothing_carbon_free():
    # flat 100 kWh load, no own supply; the storage takes 50 kWh from the grid at night and gives them back by day
    hours = 24
    load, own = np.full(hours, 100.0), np.zeros(hours)
    storage = np.zeros(hours)
    storage[0:6], storage[8:14] = -50.0, 50.0
    new_load, supply, beyond = apply_storage(load, own, storage)
    assert supply.sum() == 0
    assert new_load.sum() == pytest.approx(2400)
    assert list(new_load[0:6]) == [150.0] * 6
    assert list(new_load[8:14]) == [50.0] * 6
    data = HourlyData(2024, ("alpha",), new_load[None, :], supply[None, :], None, "x", QUALITY, {})
    share = FactorRef("grid-cfe/DE/2023", 0.62, "share", "Electricity Maps yearly data 2023", 2023, "ODbL")
    assert cfe_scores(data, share, []).area.value == pytest.approx(0.62)  # as without the storage
    assert beyond == 0


def test_storage_that_releases_more_than_it_took_is_caught():
    _load, supply, beyond = apply_storage(np.full(4, 10.0), np.zeros(4), np.full(4, 2.0))
    assert supply.sum() == 0  # nothing carbon-free was ever stored
    assert beyond == 8


def test_area_pools_its_companies_hour_by_hour():
    load = np.array([[10.0, 0.0], [0.0, 10.0]])
    supply = np.array([[0.0, 10.0], [10.0, 0.0]])  # each has supply when the other has load
    data = HourlyData(2024, ("alpha", "beta"), load, supply, None, "x", QUALITY, {})
    share = FactorRef("grid-cfe/DE/2023", 0.62, "share", "Electricity Maps yearly data 2023", 2023, "ODbL")
    result = cfe_scores(data, share, [])
    assert result.companies["alpha"].value == pytest.approx(0.62)  # alone, alpha only has the grid
    assert result.area.value == pytest.approx(1.0)  # the area as one portfolio matches every hour


def test_supply_bought_from_a_neighbour_counts_once_for_the_area():
    # alpha's PV makes 15 kWh, 5 of which it sells to beta under a PPA; both have 10 kWh load
    load = np.array([[10.0], [10.0]])
    supply = np.array([[15.0], [5.0]])
    data = HourlyData(
        2024, ("alpha", "beta"), load, supply, np.array([0.0]), "x", QUALITY, {}, (), np.array([5.0])
    )
    result = cfe_scores(data, None, [])
    assert result.companies["beta"].value == pytest.approx(0.5)  # beta's own view: 5 of 10 matched
    assert result.area.value == pytest.approx(15 / 20)  # the park made 15 kWh for 20 kWh of load, not 20
