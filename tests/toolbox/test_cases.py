"""Good-practice library and the data files' provenance."""

from __future__ import annotations

import csv

from gia.toolbox.cases import find_cases, load_cases
from gia.toolbox.measures import DATA_DIR, load_compendium, load_economics


def test_cases_start_with_the_public_kalundborg_figures():
    cases = {case.id: case for case in load_cases()}
    assert cases["kalundborg-co2-2010"].result.value == 275_000  # t CO2/year around 2010
    assert cases["kalundborg-co2-lca-low"].result.value == 586_000
    assert cases["kalundborg-co2-lca-high"].result.value == 635_000
    assert [c.id for c in find_cases("water_reuse", "DK")] == ["kalundborg-groundwater"]
    assert all(case.source and case.result.method and case.verified for case in cases.values())


def test_every_compendium_number_has_a_source_year_and_licence():
    compendium = load_compendium()
    for measure in compendium.measures.values():
        assert measure.criteria
        for ref in (compendium.capex(measure), compendium.opex(measure), compendium.lifetime(measure)):
            assert ref.source and ref.year and ref.licence and ref.note
    assert load_economics().get("electricity_price", "PL").note == "not yet checked against primary"


def test_data_files_name_source_and_licence_in_every_row():
    for name in (
        "economics.csv",
        "grid_trajectory.csv",
        "hybrid_locations.csv",
        "solar_climate.csv",
        "wind_power_curve.csv",
    ):
        with (DATA_DIR / name).open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                assert row["source"].strip() and row["licence"].strip(), (name, row)
