"""The submission schema: units, refusals that name the place, JSON and YAML, exact round trip."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pydantic import ValidationError

from gia.dataset import load_submission, parse_submission, submission_from_data, to_json
from gia.errors import GiaInputError
from tests.conftest import company, make_submission


def only_problem(error: GiaInputError) -> tuple[str, str]:
    assert len(error.problems) == 1, error.problems
    return error.problems[0]


def test_quantities_are_parsed_with_units_and_stored_in_canonical_units():
    submission = make_submission(
        area={"total_area_ha": "0.5 km**2", "sealed_area_ha": {"value": 200000, "unit": "m2"}},
        companies=[
            company(
                electricity_purchases=[
                    {"amount_kwh": "1.2 GWh", "instrument": "none"},
                    {"amount_kwh": {"value": 3.6, "unit": "GJ"}, "instrument": "none"},
                ],
                fuels=[{"fuel": "lpg", "amount": "2 kt", "use": "process_heat"}],
            )
        ],
    )
    purchases = submission.companies[0].electricity_purchases
    assert purchases[0].amount_kwh == 1_200_000
    assert purchases[1].amount_kwh == 1000
    assert submission.area.total_area_ha == 50
    assert submission.area.sealed_area_ha == 20
    assert (submission.companies[0].fuels[0].amount.value, submission.companies[0].fuels[0].amount.unit) == (
        2000,
        "t",
    )


def test_wrong_unit_names_the_field():
    with pytest.raises(GiaInputError) as caught:
        make_submission(
            companies=[company(electricity_purchases=[{"amount_kwh": "5 t", "instrument": "none"}])]
        )
    place, message = only_problem(caught.value)
    assert place == "companies[0].electricity_purchases[0].amount_kwh"
    assert "energy" in message
    assert "kWh" in message


@pytest.mark.parametrize(
    ("fields", "place"),
    [
        ({"employees": -1}, "companies[0].employees"),
        (
            {"electricity_purchases": [{"amount_kwh": -5, "instrument": "none"}]},
            "companies[0].electricity_purchases[0].amount_kwh",
        ),
        (
            {"electricity_purchases": [{"amount_kwh": "-5 MWh", "instrument": "none"}]},
            "companies[0].electricity_purchases[0].amount_kwh",
        ),
        ({"water": {"withdrawn_m3": "-3 m3"}}, "companies[0].water.withdrawn_m3"),
        ({"commuting": {"walk": 1.5}}, "companies[0].commuting.walk"),
    ],
)
def test_negative_or_impossible_values_are_refused(fields, place):
    with pytest.raises(GiaInputError) as caught:
        make_submission(companies=[company(**fields)])
    assert only_problem(caught.value)[0] == place


def test_impossible_combinations_are_refused_with_their_place():
    plant = {"technology": "solar_pv", "generated_kwh": 100, "self_consumed_kwh": 90, "exported_kwh": 20}
    with pytest.raises(GiaInputError) as caught:
        make_submission(companies=[company(generation=[plant])])
    place, message = only_problem(caught.value)
    assert place == "companies[0].generation[0].self_consumed_kwh"
    assert "more than the electricity generated" in message


def test_unknown_fields_and_references_are_refused():
    with pytest.raises(GiaInputError) as caught:
        make_submission(companies=[company(electricty_purchases=[])])
    assert only_problem(caught.value)[0] == "companies[0].electricty_purchases"
    with pytest.raises(GiaInputError) as caught:
        make_submission(
            exchanges=[
                {"supplier": "alpha", "receiver": "nobody", "kind": "material", "description": "gypsum"}
            ]
        )
    place, message = only_problem(caught.value)
    assert place == "exchanges[0].receiver"
    assert "nobody" in message


def test_every_problem_is_reported_at_once():
    with pytest.raises(GiaInputError) as caught:
        make_submission(companies=[company(employees=-1, charging_points=-2)])
    assert [p for p, _m in caught.value.problems] == [
        "companies[0].employees",
        "companies[0].charging_points",
    ]


def test_yaml_errors_name_the_line(tmp_path):
    path = tmp_path / "area.yaml"
    path.write_text(
        "schema: gia-submission/1\nreporting_year: 2024\narea:\n  id: x\n  name: X\n  country: DE\n  total_area_ha: 10\n"
        "companies:\n  - id: a\n    name: A\n    nace: C25\n    employees: lots\n",
        encoding="utf-8",
    )
    with pytest.raises(GiaInputError) as caught:
        load_submission(path)
    assert caught.value.source == str(path)
    place, _message = only_problem(caught.value)
    assert place == "companies[0].employees (line 12)"


def test_broken_yaml_and_json_name_the_position():
    with pytest.raises(GiaInputError) as caught:
        parse_submission("area: [1, 2", "upload.yaml", ".yaml")
    assert "line" in only_problem(caught.value)[0]
    with pytest.raises(GiaInputError) as caught:
        parse_submission('{"area": }', "upload.json", ".json")
    assert only_problem(caught.value)[0] == "line 1, column 10"


def test_json_export_round_trips_exactly():
    submission = make_submission(
        companies=[
            company(
                electricity_purchases=[{"amount_kwh": "1.1 GWh", "instrument": "none"}],
                fuels=[{"fuel": "natural_gas", "amount": "123456.789 m3", "use": "space_heat"}],
                commuting={"walk": "10 %", "bicycle": 0.2, "car_alone": 0.7},
            )
        ]
    )
    exported = to_json(submission)
    again = parse_submission(exported, "export.json")
    assert again == submission
    assert to_json(again) == exported
    assert json.loads(exported)["companies"][0]["electricity_purchases"][0]["amount_kwh"] == 1_100_000


def test_yaml_and_json_give_the_same_submission(tmp_path, base_data):
    import yaml

    (tmp_path / "a.yaml").write_text(yaml.safe_dump(base_data), encoding="utf-8")
    (tmp_path / "a.json").write_text(json.dumps(base_data), encoding="utf-8")
    assert load_submission(tmp_path / "a.yaml") == load_submission(tmp_path / "a.json")


def test_missing_and_huge_files_are_refused(tmp_path, monkeypatch):
    with pytest.raises(GiaInputError, match="file not found"):
        load_submission(tmp_path / "nothing.yaml")
    from gia import documents

    monkeypatch.setattr(documents, "MAX_DOCUMENT_BYTES", 100)
    path = tmp_path / "big.json"
    path.write_text(json.dumps({"padding": "x" * 200}), encoding="utf-8")
    with pytest.raises(GiaInputError, match="limit"):
        load_submission(path)


def test_submission_is_immutable():
    submission = make_submission()
    with pytest.raises(ValidationError, match="frozen"):
        submission.reporting_year = 2030  # type: ignore[misc]


def test_company_that_did_not_report_needs_an_estimate():
    with pytest.raises(GiaInputError, match="estimated_final_energy_kwh"):
        make_submission(companies=[company(reported=False)])
    data = make_submission(companies=[company(reported=False, estimated_final_energy_kwh="2 GWh")])
    assert data.companies[0].estimated_final_energy_kwh == 2_000_000


def test_geometry_is_checked():
    with pytest.raises(GiaInputError) as caught:
        make_submission(
            area={"boundary": {"type": "Polygon", "coordinates": [[[12, 54], [12.1, 54], [12.1, 54.1]]]}}
        )
    assert only_problem(caught.value)[0] == "area.boundary"
    with pytest.raises(GiaInputError, match="outside longitude"):
        make_submission(area={"boundary": {"type": "Point", "coordinates": [200, 54]}})


def test_volume_only_for_fuels_that_convert():
    with pytest.raises(GiaInputError, match="wood cannot be given as a volume"):
        submission_from_data(
            {
                **make_submission().model_dump(by_alias=True, mode="json"),
                "companies": [company(fuels=[{"fuel": "wood", "amount": "10 m3", "use": "space_heat"}])],
            }
        )


def test_yaml_reads_norway_as_a_country_not_as_false():
    text = (
        "schema: gia-submission/1\nreporting_year: 2024\narea: {id: x, name: X, country: DE, total_area_ha: 10}\n"
        "companies:\n  - id: a\n    name: A\n    nace: C25\n    employees: 3\n    electricity_purchases:\n"
        "      - {amount_kwh: 1000, instrument: guarantee_of_origin, technology: hydro, cancelled: true,\n"
        "         production_year: 2024, certificate_country: NO}\n"
    )
    purchase = parse_submission(text, "area.yaml", ".yaml").companies[0].electricity_purchases[0]
    assert purchase.certificate_country == "NO"


EXAMPLES_DIR = Path(__file__).resolve().parents[2] / "examples"


def _de_example() -> dict:
    from gia.documents import read_path

    document, _lines = read_path(EXAMPLES_DIR / "de-g3-park.yaml")
    return document


def test_a_ppa_meter_naming_an_unknown_company_is_refused_in_any_position():
    """Every meter is checked, not only the last one (a PPA from a company not in the area would be
    counted as supply bought inside the area)."""
    meters = _de_example()["hourly"]["meters"]
    ppa_positions = [i for i, m in enumerate(meters) if m.get("role") == "ppa"]
    assert len(ppa_positions) >= 2
    for position in sorted({0, ppa_positions[0], len(meters) // 2, len(meters) - 1}):
        document = _de_example()
        meter = document["hourly"]["meters"][position]
        document["hourly"]["meters"][position] = {
            **meter,
            "role": "ppa",
            "technology": "wind",
            "supplier_company": "nobody-here",
        }
        with pytest.raises(GiaInputError) as caught:
            submission_from_data(document, "test")
        places = [place for place, _message in caught.value.problems]
        assert f"hourly.meters[{position}].supplier_company" in places, places


@pytest.mark.parametrize("where", ["exchanges", "electricity_purchases", "heat_purchases"])
def test_a_reference_to_an_unknown_company_is_refused_at_every_position_of_every_list(where):
    """The same shape everywhere a list names companies: a bad reference in the first, a middle and
    the last element is each refused at its own place."""
    document = _de_example()
    if where == "exchanges":
        rows = document["exchanges"]
        template = "exchanges[{i}].supplier"
        key = "supplier"
    else:
        index = next(i for i, c in enumerate(document["companies"]) if len(c.get(where, [])) >= 1)
        rows = document["companies"][index][where]
        template = f"companies[{index}].{where}[{{i}}].supplier_company"
        key = "supplier_company"
    for position in sorted({0, len(rows) // 2, len(rows) - 1}):
        changed = _de_example()
        target = changed["exchanges"] if where == "exchanges" else changed["companies"][index][where]
        target[position] = {**target[position], key: "nobody-here"}
        with pytest.raises(GiaInputError) as caught:
            submission_from_data(changed, "test")
        assert template.format(i=position) in [p for p, _m in caught.value.problems]
