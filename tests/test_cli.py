"""The gia command line, driven as a user types it."""

from __future__ import annotations

import json
import shutil

import pytest
import yaml
from typer.testing import CliRunner

from gia.cli import app
from gia.standard.loader import CATALOGUE_DIR
from tests.conftest import BASE, EXAMPLES

runner = CliRunner()


def run(*args: str):
    return runner.invoke(app, list(args), catch_exceptions=False, env={"COLUMNS": "250"})


@pytest.fixture
def area_file(tmp_path):
    path = tmp_path / "area.yaml"
    path.write_text(yaml.safe_dump(BASE), encoding="utf-8")
    return path


def test_validate_accepts_a_good_submission(area_file):
    result = run("validate", str(area_file))
    assert result.exit_code == 0
    assert "valid" in result.output


def test_validate_names_the_place_of_an_error_and_fails(tmp_path):
    data = json.loads(json.dumps(BASE))
    data["companies"][1]["employees"] = -4
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    result = run("validate", str(path))
    assert result.exit_code == 1
    assert "companies[1].employees" in result.output
    assert str(path) in result.output


def test_broken_submission_writes_nothing(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text("schema: gia-submission/1\nreporting_year: 2024\n", encoding="utf-8")
    out = tmp_path / "result.json"
    result = run("assess", str(path), "--json", str(out))
    assert result.exit_code == 1
    assert "area" in result.output
    assert not out.exists()


def test_assess_prints_the_summary_and_writes_json_and_html(area_file, tmp_path):
    out, html = tmp_path / "result.json", tmp_path / "report.html"
    result = run("assess", str(area_file), "--json", str(out), "--html", str(html))
    assert result.exit_code == 0, result.output
    assert "Level:" in result.output
    assert "Gates" in result.output
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["schema"] == "gia-assessment/1"
    assert len(data["criteria"]) == 33
    page = html.read_text(encoding="utf-8")
    assert "<h2>Criteria</h2>" in page and "EN-01" in page


def test_assess_in_polish(area_file):
    result = run("assess", str(area_file), "--lang", "pl")
    assert result.exit_code == 0
    assert "Odnawialne" in result.output or "odnawialn" in result.output.lower()


def test_explain_shows_factors_with_source_and_year(tmp_path):
    data = json.loads(json.dumps(BASE))
    data["companies"][0]["fuels"] = [{"fuel": "natural_gas", "amount": "1 TJ", "use": "process_heat"}]
    path = tmp_path / "gas.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    result = run("explain", str(path), "scope1_kg_co2e", "--depth", "6")
    assert result.exit_code == 0, result.output
    assert "56100 kg/TJ" in result.output
    assert "IPCC 2006 Guidelines Vol. 2 Ch. 1 Table 1.4, 2006" in result.output
    criterion = run("explain", str(path), "CL-04")
    assert criterion.exit_code == 0
    assert "kg CO2e/MWh" in criterion.output
    unknown = run("explain", str(path), "XX-01")
    assert unknown.exit_code == 1


def test_standard_show_and_validate():
    shown = run("standard", "show", "--country", "SE")
    assert shown.exit_code == 0
    assert "EN-04" in shown.output and "0.9→3" in shown.output
    assert run("standard", "validate").exit_code == 0


def test_broken_catalogue_gives_one_clear_message(tmp_path):
    folder = tmp_path / "gia-2026.1"
    folder.mkdir()
    text = (CATALOGUE_DIR / "gia-2026.1" / "catalogue.yaml").read_text(encoding="utf-8")
    broken = text.replace("points: 10", "points: 12", 1)
    assert broken != text
    path = folder / "catalogue.yaml"
    path.write_text(broken, encoding="utf-8")
    before = sorted(p.name for p in tmp_path.rglob("*"))
    result = run("standard", "validate", str(path))
    assert result.exit_code == 1
    assert str(path) in result.output
    assert "criteria[" in result.output and "points" in result.output and "(line " in result.output
    assert sorted(p.name for p in tmp_path.rglob("*")) == before


def test_demo_assesses_the_examples(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # the examples are found from the installed package, not the working folder
    result = run("demo")
    assert result.exit_code == 0, result.output
    for path in EXAMPLES.glob("*.yaml"):
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
        if document["schema"] != "gia-submission/1":
            continue
        name = document["area"]["name"]
        assert name[:20] in result.output.replace("\n", " ")


def test_demo_without_examples_fails_clearly(tmp_path):
    result = run("demo", str(tmp_path))
    assert result.exit_code == 1
    assert "no example" in result.output


def test_copy_of_shipped_profile_validates(tmp_path):
    source = CATALOGUE_DIR.parent / "profiles" / "DE.yaml"
    target = tmp_path / "DE.yaml"
    shutil.copy(source, target)
    assert run("standard", "validate", str(target)).exit_code == 0


def test_validate_exports_canonical_json_that_round_trips(area_file, tmp_path):
    first, second = tmp_path / "first.json", tmp_path / "second.json"
    assert run("validate", str(area_file), "--export", str(first)).exit_code == 0
    assert run("validate", str(first), "--export", str(second)).exit_code == 0
    assert first.read_bytes() == second.read_bytes()
    assert json.loads(first.read_text(encoding="utf-8"))["area"]["total_area_ha"] == 50


def test_schema_describes_the_submission():
    result = run("schema")
    assert result.exit_code == 0
    schema = json.loads(result.output)
    assert schema["$id"] == "gia-submission/1"
    assert "Company" in schema["$defs"]


def test_assess_reads_the_hourly_series_the_submission_names(tmp_path):
    from tests.io.test_hourly import write_area

    result = run("assess", str(write_area(tmp_path)))
    assert result.exit_code == 0, result.output
    assert (
        "Hourly carbon-free electricity (EN-04): 65.2%" in result.output
    )  # (146 400 + 1 610 400 × 0.62) ÷ 1 756 800
    assert "Data quality:" in result.output


def test_timeseries_validate_reports_gaps_and_fills_them_on_request(tmp_path):
    from tests.io.test_timeseries import full_year_with_gaps

    path = full_year_with_gaps(tmp_path, {10, 11})
    assert run("timeseries", "validate", str(path), "--year", "2024").exit_code == 1  # no time zone given
    refused = run("timeseries", "validate", str(path), "--year", "2024", "--area-timezone", "UTC")
    assert refused.exit_code == 1
    assert "2 hours without readings" in refused.output
    filled = run("timeseries", "validate", str(path), "--year", "2024", "--area-timezone", "UTC", "--fill")
    assert filled.exit_code == 0, filled.output
    assert "8,784 / 8,784" in filled.output


def test_symbiosis_match_and_network(tmp_path):
    matched = run("symbiosis", "match", str(EXAMPLES / "dk-symbiosis-flows.yaml"), "--top", "1")
    assert matched.exit_code == 0, matched.output
    assert "t CO2e a year" in matched.output
    assert "km by road" in matched.output
    svg = tmp_path / "network.svg"
    network = run("symbiosis", "network", str(EXAMPLES / "dk-symbiosis.yaml"), "--svg", str(svg))
    assert network.exit_code == 0, network.output
    assert "links" in network.output
    assert svg.read_text(encoding="utf-8").startswith("<svg")


def test_timeseries_validate_takes_the_year_in_the_country_time_zone():
    path = EXAMPLES / "series" / "de-g3-park-2024.parquet"
    result = run("timeseries", "validate", str(path), "--year", "2024", "--country", "DE")
    assert result.exit_code == 0, result.output
    assert "8,784 / 8,784" in result.output
    assert run("timeseries", "validate", str(path), "--year", "2024", "--country", "XX").exit_code == 1
