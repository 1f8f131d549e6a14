"""Excel templates and import: round trips, filling a blank template, every kind of bad input."""

from __future__ import annotations

import datetime as dt
import io
import time
import typing
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from pydantic import BaseModel, Field

from gia import i18n
from gia.dataset import Company, Submission, load_submission, to_json
from gia.dataset.company import FuelUse
from gia.dataset.quantities import EnergyKWh
from gia.errors import GiaInputError
from gia.io.excel import read_workbook, template_bytes, write_template
from gia.io.excel_schema import FieldsSheet, TableSheet, build_layout, layout
from tests.conftest import BASE, EXAMPLES
from tests.io.excel_helpers import (
    company_workbook_bytes,
    edit_workbook,
    header_column,
    set_field,
    set_row,
    small_company,
)

SUBMISSION_EXAMPLES = ["pl-ssez-subzone.yaml", "de-g3-park.yaml", "dk-symbiosis.yaml"]


def problems_of(data: bytes | Path, **options) -> list[tuple[str, str]]:
    options.setdefault("scope", "company")
    with pytest.raises(GiaInputError) as caught:
        read_workbook(data, **options)
    return caught.value.problems


def only_problem(data: bytes | Path, **options) -> tuple[str, str]:
    problems = problems_of(data, **options)
    assert len(problems) == 1, problems
    return problems[0]


def _models_in(annotation) -> list[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return [m for arg in typing.get_args(annotation) for m in _models_in(arg)]


def _is_amount(model: type[BaseModel]) -> bool:
    return set(model.model_fields) == {"value", "unit"}  # a quantity with its unit: one cell


def reachable_models(root: type[BaseModel]) -> list[type[BaseModel]]:
    """``root`` and every model inside it, read from the annotations (independent of gia.io)."""
    found: list[type[BaseModel]] = []
    todo = [root]
    while todo:
        model = todo.pop()
        if model in found or _is_amount(model):
            continue
        found.append(model)
        for info in model.model_fields.values():
            todo.extend(_models_in(info.annotation))
    return found


def leaf_keys(model: type[BaseModel]) -> list[str]:
    """The fields of ``model`` that hold values (not models, lists of models or mappings)."""
    return [
        info.alias or name
        for name, info in model.model_fields.items()
        if all(_is_amount(m) for m in _models_in(info.annotation))
        and typing.get_origin(info.annotation) is not dict
    ]


def sheet_keys(data: bytes) -> dict[str, set[str]]:
    """The field keys of every sheet: a fields sheet's column A, a table's headers."""
    workbook = load_workbook(io.BytesIO(data))
    keys: dict[str, set[str]] = {}
    for sheet in workbook.worksheets:
        if sheet.title in ("README", "Lists"):
            continue
        if sheet.cell(row=1, column=1).value == "field":
            keys[sheet.title] = {
                str(row[0]) for row in sheet.iter_rows(min_row=2, values_only=True) if row[0]
            }
        else:
            keys[sheet.title] = {str(c.value).split(" [")[0] for c in sheet[1] if c.value}
    return keys


def unrepresented(root: type[BaseModel], data: bytes) -> list[str]:
    """Models of the schema whose fields do not all appear together (one sheet, one key prefix)."""
    sheets = sheet_keys(data)
    missing = []
    for model in reachable_models(root):
        leaves = leaf_keys(model)
        if not leaves:
            continue
        first = leaves[0]
        if not any(
            all(prefix + leaf in keys for leaf in leaves)
            for keys in sheets.values()
            for prefix in {k[: len(k) - len(first)] for k in keys if k == first or k.endswith("." + first)}
        ):
            missing.append(model.__name__)
    return missing


# --- round trips ---------------------------------------------------------------------------------


@pytest.mark.parametrize("example", SUBMISSION_EXAMPLES)
def test_a_prefilled_area_workbook_reads_back_to_the_same_submission(example, tmp_path):
    submission = load_submission(EXAMPLES / example)
    path = tmp_path / "area.xlsx"
    write_template(path, scope="area", submission=submission)
    assert to_json(read_workbook(path, scope="area")) == to_json(submission)


@pytest.mark.parametrize("example", SUBMISSION_EXAMPLES)
def test_a_prefilled_company_workbook_reads_back_to_the_same_company(example, tmp_path):
    submission = load_submission(EXAMPLES / example)
    for company in submission.companies:
        path = tmp_path / f"{company.id}.xlsx"
        write_template(path, scope="company", submission=submission, company_id=company.id)
        assert read_workbook(path, scope="company", company_id=company.id) == company


def test_company_rows_pasted_into_an_area_workbook_read_as_that_company(tmp_path):
    submission = load_submission(EXAMPLES / "pl-ssez-subzone.yaml")
    company_book = load_workbook(io.BytesIO(template_bytes(scope="company", company=small_company("zeta"))))
    fuels = [row for row in company_book["Fuels"].iter_rows(min_row=2, values_only=True) if any(row)]

    def paste(workbook: Workbook) -> None:
        companies = workbook["Companies"]
        row = companies.max_row + 1
        for key, value in {"id": "zeta", "name": "Zeta", "nace": "C25.1", "employees": 3}.items():
            companies.cell(row=row, column=header_column(companies, key), value=value)
        for line in fuels:
            workbook["Fuels"].append(line)

    data = edit_workbook(template_bytes(scope="area", submission=submission), paste)
    zeta = read_workbook(data, scope="area").company("zeta")
    assert zeta.fuels == small_company("zeta").fuels


def test_texts_that_look_like_formulas_or_hold_semicolons_stay_texts():
    company = small_company(
        name="=HYPERLINK(1)",
        waste=[{"ewc": "15 01 01", "description": "paper; cardboard", "amount_t": 3, "treatment": "R3"}],
    )
    assert read_workbook(company_workbook_bytes(company), scope="company") == company
    submission = Submission.model_validate(
        BASE | {"area": BASE["area"] | {"skills": {"training_programmes": ["Energy; water", "Safety"]}}}
    )
    single = Submission.model_validate(
        BASE | {"area": BASE["area"] | {"skills": {"training_programmes": ["Energy; water"]}}}
    )
    for case in (submission, single):
        back = read_workbook(template_bytes(scope="area", submission=case), scope="area")
        assert to_json(back) == to_json(case)


# --- filling a blank template --------------------------------------------------------------------


def test_a_blank_company_template_filled_in_with_openpyxl_reads_as_a_company():
    def fill(workbook: Workbook) -> None:
        set_field(workbook, "Company", "name", "Alpha GmbH")
        set_field(workbook, "Company", "nace", "C25.1")
        set_field(workbook, "Company", "employees", 42)
        set_field(workbook, "Company", "floor_area_m2", 1.5, unit="ha")  # a changed unit converts
        set_field(workbook, "Company", "water.withdrawn_m3", "1200 m3")
        set_field(workbook, "Company", "commuting.car_alone", "60 %")
        set_field(workbook, "Company", "commuting.bicycle", 0.4)
        set_row(workbook, "Electricity purchases", 2, {"amount_kwh": "1.2 GWh", "instrument": "none"})
        set_row(workbook, "Electricity purchases", 4, {"amount_kwh": 300, "instrument": "none"})  # a gap
        set_row(workbook, "Fuels", 2, {"fuel": "natural_gas", "amount": "30000 m3", "use": "space_heat"})
        set_row(
            workbook, "Waste", 2, {"ewc": "15 01 01", "amount_t": 12, "treatment": "R3", "byproduct": True}
        )
        set_row(
            workbook,
            "Management systems",
            2,
            {"scheme": "iso_50001", "date": dt.datetime(2023, 5, 2), "valid_until": "2026-05-01"},
        )

    data = edit_workbook(template_bytes(scope="company", company_id="alpha"), fill)
    company = read_workbook(data, scope="company", company_id="alpha")
    assert company.id == "alpha"
    assert company.employees == 42
    assert company.floor_area_m2 == 15000
    assert company.water is not None and company.water.withdrawn_m3 == 1200
    assert company.commuting is not None and company.commuting.car_alone == 0.6
    assert [p.amount_kwh for p in company.electricity_purchases] == [1_200_000, 300]
    assert company.fuels[0].amount.unit == "m3" and company.fuels[0].amount.value == 30000
    assert company.waste[0].byproduct is True
    assert company.management_systems[0].date == dt.date(2023, 5, 2)
    assert company.management_systems[0].valid_until == dt.date(2026, 5, 1)


def test_a_unit_in_the_header_is_the_unit_of_the_columns_numbers():
    def to_mwh(workbook: Workbook) -> None:
        sheet = workbook["Electricity purchases"]
        sheet.cell(row=1, column=header_column(sheet, "amount_kwh"), value="amount_kwh [MWh]")
        sheet = workbook["Fuels"]
        sheet.cell(row=1, column=header_column(sheet, "amount"), value="amount [GWh]")
        set_row(workbook, "Fuels", 2, {"amount": 2})

    company = read_workbook(edit_workbook(company_workbook_bytes(), to_mwh), scope="company")
    assert [p.amount_kwh for p in company.electricity_purchases] == [1_200_000_000, 400_000_000]
    assert company.fuels[0].amount.value == 2_000_000


def test_a_blank_area_template_filled_in_reads_as_a_submission():
    def fill(workbook: Workbook) -> None:
        set_field(workbook, "Submission", "reporting_year", 2024)
        set_field(workbook, "Submission", "schema", "gia-submission/1")
        set_field(workbook, "Area", "id", "test-area")
        set_field(workbook, "Area", "name", "Test area")
        set_field(workbook, "Area", "country", "DE")
        set_field(workbook, "Area", "total_area_ha", "50 ha")
        set_field(workbook, "Area", "boundary.type", "Point")
        set_field(workbook, "Area", "boundary.coordinates", "[12.1, 54.1]")
        set_row(workbook, "Companies", 2, {"id": "alpha", "name": "Alpha", "nace": "C25.1", "employees": 10})
        set_row(workbook, "Companies", 3, {"id": "beta", "name": "Beta", "nace": "G46.1", "employees": 5})
        set_row(
            workbook, "Fuels", 2, {"company": "beta", "fuel": "wood", "amount": "40 t", "use": "space_heat"}
        )
        set_row(workbook, "Not applicable", 2, {"key": "MO-01", "value": "no public road access"})

    submission = read_workbook(edit_workbook(template_bytes(scope="area"), fill), scope="area")
    assert [c.id for c in submission.companies] == ["alpha", "beta"]
    assert submission.company("beta").fuels[0].amount.value == 40
    assert submission.area.boundary is not None and submission.area.boundary.coordinates == [12.1, 54.1]
    assert submission.not_applicable == {"MO-01": "no public road access"}


# --- the template ---------------------------------------------------------------------------------


def test_every_field_of_the_company_model_appears_in_the_company_template():
    assert unrepresented(Company, template_bytes(scope="company")) == []


def test_every_field_of_the_submission_appears_in_the_area_template():
    assert unrepresented(Submission, template_bytes(scope="area")) == []
    assert "Not applicable" in sheet_keys(template_bytes(scope="area"))


def test_the_completeness_check_notices_a_skipped_field():
    class Audited(Company):
        audit_kwh: EnergyKWh = 0.0

    assert unrepresented(Audited, template_bytes(scope="company")) == ["Audited"]


def test_the_template_has_a_sheet_per_list_with_every_field_and_units_in_the_headers():
    workbook = load_workbook(io.BytesIO(template_bytes(scope="company")))
    for key, info in Company.model_fields.items():
        if typing.get_origin(info.annotation) is not list:
            continue
        (item,) = typing.get_args(info.annotation)
        sheet = workbook[key.replace("_", " ").capitalize()]
        headers = [str(c.value).split(" [")[0] for c in sheet[1]]
        assert headers == ["company", *item.model_fields], key
        assert all(c.comment is not None for c in sheet[1]), key
    purchases = [c.value for c in workbook["Electricity purchases"][1]]
    assert "amount_kwh [kWh]" in purchases
    assert "supplier_factor_g_per_kwh" in purchases
    assert "renewable_share [0-1]" in [c.value for c in workbook["Heat purchases"][1]]
    assert "factor_g_per_kwh [g CO2e/kWh]" in [c.value for c in workbook["Heat purchases"][1]]
    assert "charge_kg [kg]" in [c.value for c in workbook["Refrigerants"][1]]
    assert workbook.sheetnames[0] == "README"
    assert workbook["Lists"].sheet_state == "hidden"


def test_choices_have_drop_downs():
    workbook = load_workbook(io.BytesIO(template_bytes(scope="company")))
    sheet = workbook["Fuels"]
    fuel = sheet.cell(row=1, column=header_column(sheet, "fuel")).column_letter
    validations = sheet.data_validations.dataValidation
    (fuel_list,) = [v for v in validations if f"{fuel}2" in str(v.sqref).split(":")[0]]
    lists_sheet, cells = fuel_list.formula1.split("!")
    first, last = cells.replace("$", "").split(":")
    values = [c.value for row in workbook[lists_sheet][f"{first}:{last}"] for c in row]
    assert "natural_gas" in values and "wood" in values


def test_the_layout_follows_the_schema_when_a_field_is_added():
    class ExtendedCompany(Company):
        biomethane_kwh: EnergyKWh | None = Field(default=None, description="biomethane bought [kWh]")
        district_cooling: list[FuelUse] = Field(default_factory=list)

    extended = build_layout("company", ExtendedCompany)
    fields = next(s for s in extended.sheets if isinstance(s, FieldsSheet))
    assert "biomethane_kwh [kWh]" in [c.header for c in fields.columns]
    cooling = next(s for s in extended.sheets if isinstance(s, TableSheet) and s.name == "District cooling")
    assert [c.key for c in cooling.columns] == list(FuelUse.model_fields)
    assert len(extended.sheets) == len(layout("company").sheets) + 1


def test_writing_in_another_language_leaves_the_process_language_alone():
    template_bytes(scope="company", language="de")
    assert i18n.language() == "en"


def test_company_id_must_be_in_the_submission():
    submission = load_submission(EXAMPLES / "pl-ssez-subzone.yaml")
    with pytest.raises(ValueError, match="nobody"):
        template_bytes(scope="company", submission=submission, company_id="nobody")


# --- bad input: the file --------------------------------------------------------------------------


def test_a_50_mb_file_is_refused_by_its_size_before_it_is_read(tmp_path):
    path = tmp_path / "huge.xlsx"
    with path.open("wb") as handle:
        handle.truncate(50_000_000)  # sparse: nothing is written, nothing is read
    start = time.perf_counter()
    place, message = only_problem(path)
    assert time.perf_counter() - start < 0.5
    assert place == ""
    assert "50.0 MB" in message and "20.0 MB" in message

    class Endless(io.RawIOBase):
        def readable(self) -> bool:
            return True

        def readinto(self, buffer) -> int:
            buffer[:] = b"\0" * len(buffer)
            return len(buffer)

    assert "MB" in only_problem(io.BufferedReader(Endless()))[1]
    assert "MB" in only_problem(b"\0" * 2_000, max_bytes=1_000)[1]


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"id;name\nalpha;Alpha\n", "not an Excel workbook"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, ".xls"),
        (b"PK\x03\x04 broken", "not an Excel workbook"),
    ],
)
def test_what_is_no_xlsx_file_is_refused(content, expected):
    assert expected in only_problem(content)[1]


def test_a_truncated_workbook_is_refused():
    data = company_workbook_bytes()
    assert "not an Excel workbook" in only_problem(data[: len(data) // 2])[1]


def test_a_damaged_sheet_inside_a_valid_zip_is_refused():
    source = zipfile.ZipFile(io.BytesIO(company_workbook_bytes()))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for member in source.infolist():
            data = source.read(member)
            if member.filename.startswith("xl/worksheets/"):
                data = data[: len(data) // 2]
            archive.writestr(member, data)
    place, message = only_problem(buffer.getvalue())
    assert place == ""
    assert message.startswith("cannot read the workbook")


def test_a_zip_without_a_workbook_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w/>")
    assert "no workbook part" in only_problem(buffer.getvalue())[1]


def test_a_zip_bomb_is_refused_before_it_is_unpacked():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * 30_000_000)
    data = buffer.getvalue()
    assert len(data) < 100_000
    _place, message = only_problem(data, max_uncompressed_bytes=10_000_000)
    assert "unpacks to 30.0 MB" in message


# --- bad input: sheets, columns, cells ------------------------------------------------------------


def test_a_missing_sheet_is_named():
    data = edit_workbook(company_workbook_bytes(), lambda wb: wb.remove(wb["Fuels"]))
    place, message = only_problem(data)
    assert place == "sheet Fuels"
    assert "missing" in message


def test_an_unknown_and_a_missing_column_are_named():
    def rename(workbook: Workbook) -> None:
        sheet = workbook["Waste"]
        sheet.cell(row=1, column=header_column(sheet, "amount_t"), value="amout_t [t]")

    problems = problems_of(edit_workbook(company_workbook_bytes(), rename))
    assert problems == [
        ("Waste!D1 (amout_t)", "unknown column 'amout_t' (check its spelling)"),
        (
            "Waste, row 1",
            "column 'amount_t' is missing; use GIA's template as it is (download a new one if yours is old)",
        ),
    ]


def test_energy_given_in_kg_is_refused_at_its_cell():
    data = edit_workbook(
        company_workbook_bytes(), lambda wb: set_row(wb, "Electricity purchases", 2, {"amount_kwh": "5 kg"})
    )
    place, message = only_problem(data)
    assert place == "'Electricity purchases'!B2 (Amount bought)"
    assert "energy" in message and "5 kg" in message


def test_a_length_unit_in_a_header_or_unit_column_is_refused():
    def km(workbook: Workbook) -> None:
        sheet = workbook["Electricity purchases"]
        sheet.cell(row=1, column=header_column(sheet, "amount_kwh"), value="amount_kwh [km]")
        set_field(workbook, "Company", "floor_area_m2", 3, unit="km")

    problems = problems_of(edit_workbook(company_workbook_bytes(), km))
    assert [place for place, _message in problems] == [
        "Company!C7 (Floor area)",
        "'Electricity purchases'!B1 (Amount bought)",
    ]
    assert all("'km'" in message for _place, message in problems)


def test_an_amount_in_a_length_is_refused():
    data = edit_workbook(company_workbook_bytes(), lambda wb: set_row(wb, "Fuels", 2, {"amount": "5 km"}))
    place, message = only_problem(data)
    assert place == "Fuels!C2 (Amount)"
    assert "energy, a mass or a volume" in message


def test_negative_and_non_numbers_and_unknown_choices_are_all_listed_at_once():
    def spoil(workbook: Workbook) -> None:
        set_field(workbook, "Company", "employees", -5)
        set_row(workbook, "Waste", 2, {"amount_t": "lots"})
        set_row(workbook, "Fuels", 2, {"fuel": "unobtainium"})
        set_row(workbook, "Electricity purchases", 3, {"production_year": "soon"})

    problems = dict(problems_of(edit_workbook(company_workbook_bytes(), spoil)))
    assert problems.pop("Company!B6 (Employees)") == "must be at least 0"
    assert "'lots'" in problems.pop("Waste!D2 (Amount)")
    assert "natural_gas" in problems.pop("Fuels!B2 (Fuel)")
    assert (
        problems.pop("'Electricity purchases'!G3 (Production year of the guarantees)")
        == "must be a whole number"
    )
    assert problems == {}


def test_a_negative_quantity_is_refused():
    data = edit_workbook(company_workbook_bytes(), lambda wb: set_row(wb, "Waste", 2, {"amount_t": -3}))
    assert only_problem(data) == ("Waste!D2 (Amount)", "must be at least 0")


def test_a_rule_of_the_schema_names_the_cell_it_is_about():
    # a guarantee of origin needs its production year: a model rule deep inside the company
    data = edit_workbook(
        company_workbook_bytes(),
        lambda wb: set_row(wb, "Electricity purchases", 3, {"production_year": None}),
    )
    place, message = only_problem(data)
    assert place == "'Electricity purchases'!G3 (Production year of the guarantees)"
    assert "year in which the guarantees of origin were produced" in message


def test_a_rule_about_a_whole_row_names_the_row():
    def overuse(workbook: Workbook) -> None:
        set_row(
            workbook,
            "Generation",
            2,
            {"technology": "solar_pv", "generated_kwh": 100, "self_consumed_kwh": 150},
        )

    place, message = only_problem(edit_workbook(company_workbook_bytes(), overuse))
    assert place == "Generation!F2 (Of which used by the company)"
    assert "more than the electricity generated" in message


def test_a_workbook_of_another_company_is_refused():
    place, message = only_problem(company_workbook_bytes(), company_id="beta")
    assert place == "Company!B2 (Identifier)"
    assert "'alpha'" in message and "'beta'" in message


def test_a_row_of_another_company_is_refused_in_a_company_workbook():
    data = edit_workbook(company_workbook_bytes(), lambda wb: set_row(wb, "Fuels", 2, {"company": "beta"}))
    place, message = only_problem(data, company_id="alpha")
    assert place == "Fuels!A2 (company)"
    assert "'beta'" in message


def test_a_row_of_an_unknown_company_is_refused_in_an_area_workbook():
    submission = load_submission(EXAMPLES / "pl-ssez-subzone.yaml")
    data = edit_workbook(
        template_bytes(scope="area", submission=submission),
        lambda wb: set_row(wb, "Fuels", 2, {"company": "nobody"}),
    )
    place, message = only_problem(data, scope="area")
    assert place == "Fuels!A2 (company)"
    assert "'nobody'" in message and "Companies" in message


@pytest.mark.parametrize(
    ("sheet", "values", "place", "words"),
    [
        ("Exchanges", {"receiver": "nobody"}, "Exchanges!B2 (To)", "'nobody'"),
        ("Companies", {"id": "silesia-autoparts"}, "Companies!A{new} (Identifier)", "used twice"),
        (
            "Heat purchases",
            {"supplier_company": "odlewnia-ostropa", "source": "waste_heat", "amount_kwh": "5 GWh"},
            "'Heat purchases'!C2 (Amount bought)",
            "more than the waste heat it uses or delivers",
        ),
    ],
)
def test_a_rule_across_companies_names_the_cell_in_the_area_workbook(sheet, values, place, words):
    submission = load_submission(EXAMPLES / "pl-ssez-subzone.yaml")
    new_row = len(submission.companies) + 2

    def spoil(workbook: Workbook) -> None:
        row = new_row if sheet == "Companies" else 2
        extra = {"name": "Copy", "nace": "C25.1", "employees": 1} if sheet == "Companies" else {}
        set_row(workbook, sheet, row, values | extra)

    data = edit_workbook(template_bytes(scope="area", submission=submission), spoil)
    found_place, message = only_problem(data, scope="area")
    assert found_place == place.format(new=new_row)
    assert words in message


def test_an_unknown_field_row_and_a_missing_required_value_are_named():
    def spoil(workbook: Workbook) -> None:
        workbook["Company"].append(["employes", 12])
        set_field(workbook, "Company", "name", None)

    problems = problems_of(edit_workbook(company_workbook_bytes(), spoil))
    places = [place for place, _message in problems]
    assert places[0].startswith("Company!A") and "(employes)" in places[0]
    assert ("Company!B3 (Name of the company)", "this field is required") in problems


def test_invalid_json_in_a_cell_is_named():
    data = edit_workbook(
        template_bytes(scope="area"), lambda wb: set_field(wb, "Area", "boundary.coordinates", "[1,")
    )
    problems = problems_of(data, scope="area")
    assert any(place.startswith("Area!B") and "JSON" in message for place, message in problems)


def test_a_failed_read_returns_nothing_and_explains_everything_in_one_error(tmp_path):
    path = tmp_path / "upload.xlsx"
    path.write_bytes(
        edit_workbook(company_workbook_bytes(), lambda wb: set_field(wb, "Company", "employees", "many"))
    )
    with pytest.raises(GiaInputError) as caught:
        read_workbook(path, scope="company")
    assert caught.value.source == str(path)
    assert "Company!B6 (Employees)" in str(caught.value)


def test_the_same_template_gives_the_same_bytes(tmp_path):
    submission = load_submission(EXAMPLES / "de-g3-park.yaml")
    first = template_bytes(scope="area", submission=submission)
    stream = io.BytesIO()
    write_template(stream, scope="area", submission=submission)
    write_template(tmp_path / "area.xlsx", scope="area", submission=submission)
    assert stream.getvalue() == first == (tmp_path / "area.xlsx").read_bytes()


@pytest.mark.parametrize("language", i18n.LANGUAGES)
def test_a_workbook_written_in_any_language_reads_back_to_the_same_submission(language, tmp_path):
    """Sheet titles, instructions and help in the reader's language (field names are the schema's);
    the data read back is the same whatever the language the workbook was written in, and whatever
    the language of the person who uploads it."""
    from openpyxl import load_workbook

    submission = load_submission(EXAMPLES / "dk-symbiosis.yaml")
    path = tmp_path / f"area-{language}.xlsx"
    write_template(path, scope="area", submission=submission, language=language)
    book = load_workbook(path, read_only=True)
    heading = next(book["README"].iter_rows(min_row=1, max_row=1, values_only=True))[0]
    with i18n.override(language):
        assert heading == i18n.gettext("GIA submission workbook")
        assert i18n.pgettext("sheet name", "Fuels") in book.sheetnames
    if language != "en":
        assert heading != "GIA submission workbook" and "Fuels" not in book.sheetnames
    assert all(len(name) <= 31 for name in book.sheetnames)
    assert to_json(read_workbook(path, scope="area")) == to_json(submission)
    with i18n.override("pl" if language != "pl" else "de"):
        assert to_json(read_workbook(path, scope="area")) == to_json(submission)


@pytest.mark.parametrize("scope", ["area", "company"])
def test_no_two_sheets_share_a_title_in_any_language(scope):
    from gia.io.excel import _titles_in_every_language

    seen: dict[str, str] = {}
    for sheet in layout(scope).sheets:
        for title in _titles_in_every_language(sheet.name):
            assert len(title) <= 31 and not set(title) & set("[]:*?/\\"), title
            assert seen.setdefault(title.casefold(), sheet.name) == sheet.name, (title, sheet.name)


def test_a_problem_names_the_sheet_by_its_title_in_the_readers_language(tmp_path):
    from openpyxl import load_workbook

    submission = load_submission(EXAMPLES / "dk-symbiosis.yaml")
    path = tmp_path / "area-da.xlsx"
    write_template(path, scope="area", submission=submission, language="da")
    book = load_workbook(path)
    del book["Brændsler"]
    book.save(path)
    with i18n.override("da"), pytest.raises(GiaInputError) as caught:
        read_workbook(path, scope="area")
    assert any("Brændsler" in place for place, _message in caught.value.problems)


@pytest.mark.parametrize("language", ["lt", "fi"])
def test_the_help_of_every_field_and_sheet_speaks_the_workbooks_language(language):
    from gia.io.excel import _help, _sheet_description

    english = []
    for scope in ("area", "company"):
        spec = layout(scope)
        for sheet in spec.sheets:
            with i18n.override("en"):
                described = _sheet_description(sheet, spec)
            with i18n.override(language):
                if described and _sheet_description(sheet, spec) == described:
                    english.append(sheet.name)
                for column in sheet.columns:
                    if column.description and column.description in _help(column, sheet.model):
                        english.append(f"{sheet.name}: {column.key}")
    assert english == ["Not applicable: key"]  # a criterion's id, the one free-form mapping


def test_a_formula_without_a_computed_value_is_refused_naming_its_cell():
    """openpyxl (and some converters) save formulas without their value: read as data they would be
    blank, and the number silently lost (issue 18, 15)."""
    company = small_company()

    def formula(workbook: Workbook) -> None:
        set_field(workbook, "Company", "employees", "=40+2")

    data = edit_workbook(company_workbook_bytes(company), formula)
    place, message = only_problem(data, scope="company")
    assert place.startswith("Company!") and "formula without a computed value" in message
