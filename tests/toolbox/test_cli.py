"""``gia roadmap`` and ``gia hybrid``, driven as a user types them."""

from __future__ import annotations

import json

import numpy as np
import pytest
import yaml
from typer.testing import CliRunner

from gia.cli import app
from gia.cli.toolbox import parse_measures
from gia.dataset import to_data
from gia.errors import GiaInputError
from gia.toolbox.scenario import MeasureChoice
from tests.conftest import EXAMPLES, company, make_submission

runner = CliRunner()


def run(*args: str):
    return runner.invoke(app, list(args), catch_exceptions=False, env={"COLUMNS": "250"})


@pytest.fixture
def area_file(tmp_path):
    submission = make_submission(
        companies=[
            company("alpha", electricity_purchases=[{"amount_kwh": 1_000_000, "instrument": "none"}]),
            company(
                "beta", nace="G46.1", electricity_purchases=[{"amount_kwh": 200_000, "instrument": "none"}]
            ),
        ]
    )
    path = tmp_path / "area.yaml"
    path.write_text(yaml.safe_dump(to_data(submission), allow_unicode=True), encoding="utf-8")
    return path


def test_parse_measures():
    assert parse_measures("pv_rooftop:200@alpha/2026, led_lighting") == [
        MeasureChoice("pv_rooftop", "alpha", 200.0, 2026),
        MeasureChoice("led_lighting"),
    ]
    with pytest.raises(GiaInputError, match="PV!"):
        parse_measures("PV!")


def test_roadmap_with_measures_writes_json_and_svg(area_file, tmp_path):
    out, picture = tmp_path / "roadmap.json", tmp_path / "mac.svg"
    result = run(
        "roadmap",
        str(area_file),
        "--measures",
        "pv_rooftop:200@alpha/2026",
        "--target-year",
        "2030",
        "--json",
        str(out),
        "--svg",
        str(picture),
    )
    assert result.exit_code == 0, result.output
    assert "Rooftop PV" in result.output and "Climate neutrality" in result.output
    data = json.loads(out.read_text(encoding="utf-8"))
    assert [row["year"] for row in data["years"]] == list(range(2024, 2031))
    assert data["years"][1]["criteria"]["EN-02"]["value"] == 0.0
    assert data["years"][2]["criteria"]["EN-02"]["value"] == pytest.approx(152_000 / 1_200_000)
    assert picture.read_text(encoding="utf-8").startswith("<svg")


def test_roadmap_proposes_measures_for_the_polish_example():
    result = run("roadmap", str(EXAMPLES / "pl-ssez-subzone.yaml"), "--propose", "--target-year", "2030")
    assert result.exit_code == 0, result.output
    assert "Projection" in result.output


def test_roadmap_bad_measure_exits_1_naming_it(area_file):
    result = run("roadmap", str(area_file), "--measures", "solar_roof")
    assert result.exit_code == 1
    assert "unknown measure 'solar_roof'" in result.output
    result = run("roadmap", str(area_file), "--measures", "water_reuse")
    assert result.exit_code == 1
    assert "not applicable" in result.output
    result = run("roadmap", str(area_file))
    assert result.exit_code == 1 and "--propose" in result.output


def test_roadmap_lists_the_compendium():
    result = run("roadmap", "unused.yaml", "--list")
    assert result.exit_code == 0
    assert "heat_pump_air" in result.output and "green_roofs" in result.output


def test_hybrid_with_a_profile_and_a_sweep(tmp_path):
    out, picture = tmp_path / "hybrid.json", tmp_path / "sweep.svg"
    result = run(
        "hybrid",
        "--profile",
        "manufacturing_two_shifts",
        "--annual-kwh",
        "2000000",
        "--location",
        "rostock",
        "--pv-kw",
        "800",
        "--wind-kw",
        "400",
        "--battery-kwh",
        "500",
        "--sweep",
        "--target-cfe",
        "0.8",
        "--svg",
        str(picture),
        "--json",
        str(out),
    )
    assert result.exit_code == 0, result.output
    assert "self-sufficiency" in result.output and "Cheapest of 100 sizes" in result.output
    data = json.loads(out.read_text(encoding="utf-8"))
    assert len(data["sweep"]["sizes"]) == 100
    assert data["plant"]["pv_kwp"] == 800
    assert picture.read_text(encoding="utf-8").startswith("<svg")


def test_hybrid_with_a_load_file_and_a_week_plot(tmp_path):
    load = tmp_path / "load.csv"
    load.write_text(
        "kwh\n" + "\n".join(f"{v:.3f}" for v in 100 + 20 * np.sin(np.arange(8760) / 24)), encoding="utf-8"
    )
    picture = tmp_path / "week.svg"
    result = run(
        "hybrid", "--load", str(load), "--pv-kw", "300", "--battery-kwh", "200", "--svg", str(picture)
    )
    assert result.exit_code == 0, result.output
    assert picture.read_text(encoding="utf-8").count("<polyline") == 4


def test_hybrid_bad_input_exits_1_naming_the_place(tmp_path):
    load = tmp_path / "load.csv"
    load.write_text("1\n2\nthree\n", encoding="utf-8")
    result = run("hybrid", "--load", str(load))
    assert result.exit_code == 1 and "line 3" in result.output
    result = run("hybrid", "--profile", "commercial", "--annual-kwh", "1000", "--pv-kw", "-3")
    assert result.exit_code == 1 and "--pv-kw" in result.output
    result = run("hybrid", "--pv-kw", "10")
    assert result.exit_code == 1 and "--load" in result.output
    result = run("hybrid", "--profile", "commercial", "--annual-kwh", "1000", "--location", "berlin")
    assert result.exit_code == 1 and "unknown location" in result.output
