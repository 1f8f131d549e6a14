"""Building and editing Excel workbooks in tests (also meant for the web platform's upload tests).

``company_workbook_bytes()`` gives a small, valid company workbook as an upload would carry it;
``edit_workbook(data, edit)`` changes cells with openpyxl and returns the new bytes, and
``set_field`` / ``set_row`` / ``header_column`` find cells by their field names, so a test says
*what* it changes, not where.
"""

from __future__ import annotations

import copy
import io
from collections.abc import Callable, Mapping
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from gia.dataset import Company
from gia.io.excel import template_bytes

#: a small company with an entry in the lists that most tests touch
SMALL_COMPANY: dict[str, Any] = {
    "id": "alpha",
    "name": "Alpha Metall GmbH",
    "nace": "C25.1",
    "employees": 120,
    "floor_area_m2": 8000,
    "electricity_purchases": [
        {"amount_kwh": "1.2 GWh", "instrument": "none"},
        {
            "amount_kwh": 400000,
            "instrument": "guarantee_of_origin",
            "technology": "wind",
            "cancelled": True,
            "production_year": 2024,
            "certificate_country": "DE",
        },
    ],
    "fuels": [{"fuel": "natural_gas", "amount": "650 MWh", "use": "process_heat"}],
    "waste": [{"ewc": "12 01 01", "description": "steel scrap", "amount_t": 140, "treatment": "R4"}],
    "water": {"withdrawn_m3": 5200},
}


def small_company(company_id: str = "alpha", **fields: Any) -> Company:
    """:data:`SMALL_COMPANY` with ``id`` and top-level fields replaced, validated."""
    data = copy.deepcopy(SMALL_COMPANY)
    data["id"] = company_id
    data.update(fields)
    return Company.model_validate(data)


def company_workbook_bytes(
    company: Company | Mapping[str, Any] | None = None,
    *,
    company_id: str = "alpha",
    language: str = "en",
) -> bytes:
    """A filled-in company workbook (``.xlsx`` bytes), as a company would upload it.

    Parameters
    ----------
    company : Company or mapping, optional
        The company's data (default: :func:`small_company` with ``company_id``).
    company_id : str
        The id of the default company.
    language : str
        The template's language.
    """
    if company is None:
        company = small_company(company_id)
    elif not isinstance(company, Company):
        company = Company.model_validate(dict(company))
    return template_bytes(scope="company", company=company, language=language)


def edit_workbook(data: bytes, edit: Callable[[Workbook], None]) -> bytes:
    """Open ``data`` with openpyxl, let ``edit`` change the workbook, and return the saved bytes."""
    workbook = load_workbook(io.BytesIO(data))
    edit(workbook)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def field_row(sheet: Worksheet, key: str) -> int:
    """The row of field ``key`` on a fields sheet (column A holds the keys)."""
    for row in range(1, sheet.max_row + 1):
        if sheet.cell(row=row, column=1).value == key:
            return row
    raise KeyError(key)


def set_field(workbook: Workbook, sheet: str, key: str, value: Any, unit: Any = ...) -> None:
    """Write ``value`` (and, if given, ``unit``) for field ``key`` of a fields sheet."""
    worksheet = workbook[sheet]
    row = field_row(worksheet, key)
    worksheet.cell(row=row, column=2).value = value  # cell(value=None) would not clear it
    if unit is not ...:
        worksheet.cell(row=row, column=3).value = unit


def header_column(sheet: Worksheet, key: str) -> int:
    """The column of ``key`` in a table sheet's header (``amount_kwh [kWh]`` is ``amount_kwh``)."""
    for column in range(1, sheet.max_column + 1):
        header = sheet.cell(row=1, column=column).value
        if isinstance(header, str) and header.split(" [")[0] == key:
            return column
    raise KeyError(key)


def set_row(workbook: Workbook, sheet: str, row: int, values: Mapping[str, Any]) -> None:
    """Write ``values`` (field key → value) into ``row`` of a table sheet."""
    worksheet = workbook[sheet]
    for key, value in values.items():
        worksheet.cell(row=row, column=header_column(worksheet, key)).value = value
