"""The reference data: complete for what the schema accepts, and consistent with itself."""

from __future__ import annotations

import pytest

from gia.accounting.factors import load_factor_set, reference_data
from gia.dataset.submission import VOLUME_FUELS, FuelType

COUNTRIES = ["PL", "DE", "DK", "SE", "FI", "LT", "LV", "EE"]


@pytest.mark.parametrize("fuel", list(FuelType))
def test_every_fuel_the_schema_accepts_has_its_factors(fuel):
    factors = load_factor_set()
    assert factors.fuel_factor(fuel.value, "co2", "all") is not None
    assert factors.fuel_factor(fuel.value, "ncv", "all") is not None
    if fuel is not FuelType.PEAT:  # the reference page gives no CH4/N2O for peat; flagged when used
        for sector in ("manufacturing", "commercial"):
            assert factors.fuel_factor(fuel.value, "ch4", sector) is not None, (fuel, sector)
            assert factors.fuel_factor(fuel.value, "n2o", sector) is not None, (fuel, sector)
    if fuel in VOLUME_FUELS:
        per_volume = factors.fuel_property(fuel.value, "net_energy_per_volume") or factors.fuel_property(
            fuel.value, "density"
        )
        assert per_volume is not None


def test_grid_factors_for_every_country_and_year():
    for factor_set in ("gia-fs-2026.1-ar6", "gia-fs-2026.1-ar5"):
        factors = load_factor_set(factor_set)
        for country in COUNTRIES:
            for year in (2022, 2023, 2024):
                ref, flags = factors.grid_location(country, year)
                assert ref is not None and ref.year == year and flags == []


@pytest.mark.parametrize(
    ("blend", "parts"),
    [
        ("R-410A", {"HFC-32": 0.5, "HFC-125": 0.5}),
        ("R-404A", {"HFC-125": 0.44, "HFC-143a": 0.52, "HFC-134a": 0.04}),
        ("R-407C", {"HFC-32": 0.23, "HFC-125": 0.25, "HFC-134a": 0.52}),
    ],
)
def test_refrigerant_blends_match_their_components(blend, parts):
    rows = {(r.gas, r.report): r.value for r in reference_data().gwp}
    for report in ("AR4", "AR5", "AR6"):
        computed = sum(share * rows[(gas, report)] for gas, share in parts.items())
        assert rows[(blend, report)] == pytest.approx(computed, abs=0.5), (blend, report)


def test_every_row_names_source_and_licence():
    data = reference_data()
    for table in (
        data.fuels,
        data.fuel_properties,
        data.gwp,
        data.grid,
        data.residual_mix,
        data.carbon_free,
        data.district_heat,
    ):
        for row in table:
            assert row.source.strip() and row.licence.strip()


def test_a_broken_data_file_names_its_row_and_column(tmp_path, monkeypatch):
    from gia.accounting import factors
    from gia.errors import GiaInputError

    broken = (
        (factors.DATA_DIR / "gwp.csv")
        .read_text(encoding="utf-8")
        .replace("CH4,AR5,28,", "CH4,AR5,twenty-eight,")
    )
    (tmp_path / "gwp.csv").write_text(broken, encoding="utf-8")
    monkeypatch.setattr(factors, "DATA_DIR", tmp_path)
    with pytest.raises(GiaInputError) as caught:
        factors._read_csv("gwp.csv", factors.GwpRow)
    place, _message = caught.value.problems[0]
    assert caught.value.source.endswith("gwp.csv")
    assert place == "row 6, column value"
