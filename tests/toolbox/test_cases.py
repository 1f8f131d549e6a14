"""Good-practice library and the data files' provenance."""

from __future__ import annotations

import csv

from gia.toolbox.cases import CASES_FILE, find_cases, load_cases
from gia.toolbox.measures import DATA_DIR, load_compendium, load_economics


def test_the_library_holds_real_cases_from_several_countries_each_with_its_source():
    cases = load_cases()
    assert {c.country for c in cases} >= {"DK", "SE", "FI", "DE", "PL"}
    assert len({c.area for c in cases}) >= 7  # not one area told seven times
    for case in cases:
        assert case.sources, case.id
        for source in case.sources:
            # an address a reader can open, never a file of this project
            assert source.url.startswith(("http://", "https://")), case.id
            assert "shared/" not in source.url and ".md" not in source.url, case.id
            assert source.title and source.publisher, case.id
        for text in (case.title, case.description, case.result.method, case.result.what):
            assert text.en and text.pl and text.de, case.id
        assert str(case.source) and "shared/" not in str(case.source)


def test_case_figures_keep_year_method_and_whether_they_were_checked():
    cases = {case.id: case for case in load_cases()}
    # Kalundborg Symbiosis reports different savings by year and method; both are kept
    assert cases["kalundborg-symbiosis-2008"].result.value == 275_000
    assert cases["kalundborg-symbiosis-2008"].result.year == 2008
    assert cases["kalundborg-symbiosis-benefits"].result.value == 635_000
    assert cases["kalundborg-symbiosis-benefits"].result.year is None  # the source states none
    assert all(isinstance(c.result.verified, bool) for c in cases.values())
    assert cases["kalundborg-symbiosis-2008"].verified == "checked against the cited source"
    assert [c.id for c in find_cases("water_reuse", "DK")] == [
        "kalundborg-symbiosis-benefits",
        "kalundborg-symbiosis-2008",
    ]
    assert {c.id for c in find_cases("heat_pump_waste_heat")} == {
        "kalundborg-waste-water-heat-pump",
        "stockholm-data-centre-heat",
        "helsinki-katri-vala",
    }


def test_a_case_naming_an_unknown_measure_or_without_a_source_is_refused(tmp_path):
    import pytest

    from gia.errors import GiaInputError

    text = (CASES_FILE.read_text(encoding="utf-8")).replace(
        "measures: [biogas_chp]", "measures: [biogas_turbine]", 1
    )
    broken = tmp_path / "cases.yaml"
    broken.write_text(text, encoding="utf-8")
    with pytest.raises(GiaInputError, match="biogas_turbine"):
        load_cases.__wrapped__(broken)
    no_source = CASES_FILE.read_text(encoding="utf-8").replace(
        "url: https://www.chemie.de/news/65899/", "url: shared/domain/reference-data.md#", 1
    )
    broken.write_text(no_source, encoding="utf-8")
    with pytest.raises(GiaInputError):
        load_cases.__wrapped__(broken)


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
