"""The reference data: complete for what the schema accepts, and consistent with itself."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from pathlib import Path

import pytest

import gia
from gia.accounting import factors as factors_module
from gia.accounting.factors import data_digest, factor_set_specs, load_factor_set, reference_data
from gia.dataset.submission import VOLUME_FUELS, FuelType

COUNTRIES = ["PL", "DE", "DK", "SE", "FI", "LT", "LV", "EE"]


@pytest.mark.parametrize("fuel", list(FuelType))
def test_every_fuel_the_schema_accepts_has_its_factors(fuel):
    factors = load_factor_set()
    assert factors.fuel_factor(fuel.value, "co2", "all") is not None
    assert factors.fuel_factor(fuel.value, "ncv", "all") is not None
    for sector in ("manufacturing", "commercial"):  # peat too: a missing row counted its CH4 and N2O as 0
        assert factors.fuel_factor(fuel.value, "ch4", sector) is not None, (fuel, sector)
        assert factors.fuel_factor(fuel.value, "n2o", sector) is not None, (fuel, sector)
    if fuel in VOLUME_FUELS:
        per_volume = factors.fuel_property(fuel.value, "net_energy_per_volume") or factors.fuel_property(
            fuel.value, "density"
        )
        assert per_volume is not None


def test_grid_factors_for_every_country_and_year():
    for factor_set in ("gia-fs-2026.2-ar6", "gia-fs-2026.2-ar5"):
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


def _rows():
    data = reference_data()
    for table in dataclasses.fields(data):
        for number, row in enumerate(getattr(data, table.name), start=2):
            yield table.name, number, row


def test_every_row_cites_a_publication_and_says_whether_it_was_verified():
    for table, number, row in _rows():
        where = f"{table} row {number}"
        assert "reference-data" not in row.source + row.note, where  # the publication, never an internal note
        if row.verified:
            # checked against a publication we can name and reach, on a day that has been
            assert row.url.startswith("https://"), where
            assert dt.date.fromisoformat(row.verified) <= dt.date.today(), where


def test_nothing_in_the_package_names_a_path_outside_the_repository():
    package = Path(gia.__file__).parent
    offenders = [
        str(path.relative_to(package))
        for path in package.rglob("*")
        if path.is_file()
        and path.suffix not in {".mo", ".pyc", ".ttf", ".woff2", ".png", ".jpg", ".parquet", ".xlsx"}
        and re.search(r"reference-data\.md|/work/", path.read_text(encoding="utf-8", errors="ignore"))
    ]
    assert offenders == []


def test_each_factor_set_holds_the_values_it_was_released_with():
    actual = data_digest(reference_data())
    for spec in factor_set_specs().values():
        assert spec.data_digest == actual, f"{spec.id}: a changed value makes a new factor set (CHANGELOG.md)"
        assert spec.id in (factors_module.DATA_DIR / "CHANGELOG.md").read_text(encoding="utf-8")


def test_a_changed_value_stops_the_factor_set_from_loading(monkeypatch):
    from gia.errors import GiaInputError

    data = reference_data()
    first = data.grid[0]
    changed = dataclasses.replace(
        data, grid=(first.model_copy(update={"value": first.value + 1}), *data.grid[1:])
    )
    monkeypatch.setattr(factors_module, "reference_data", lambda: changed)
    factors_module.load_factor_set.cache_clear()
    try:
        with pytest.raises(GiaInputError) as caught:
            factors_module.load_factor_set("gia-fs-2026.2-ar6")
        assert "makes a new factor set" in caught.value.render()
    finally:
        factors_module.load_factor_set.cache_clear()


def test_a_changed_citation_keeps_the_factor_set():
    data = reference_data()
    first = data.grid[0]
    cited = dataclasses.replace(
        data, grid=(first.model_copy(update={"note": "checked again", "verified": ""}), *data.grid[1:])
    )
    assert data_digest(cited) == data_digest(data)


def test_residual_mixes_for_every_partner_country():
    factors = load_factor_set()
    for country in COUNTRIES:
        ref, _flags = factors.residual_mix(country, 2024 if country not in ("SE", "FI") else 2023)
        assert ref is not None, country
        assert 0 < ref.value < 1000 and ref.unit == "g CO2/kWh"
