"""Excel templates for submissions, and reading filled-in workbooks back (all or nothing).

A company downloads a template of its own data (scope ``"company"``), an area manager one of the
whole submission (scope ``"area"``); they fill it in and upload it. :func:`write_template` writes
the workbook, empty or pre-filled with a submission; :func:`read_workbook` reads it back into a
validated :class:`~gia.dataset.Submission` or :class:`~gia.dataset.Company`.

The sheets follow the submission schema (see :mod:`gia.io.excel_schema`):

- a **fields sheet** per record (``Submission`` and ``Area``, or ``Company``): one row per field,
  with the columns field, value, unit and help; nested models are flattened with dotted keys
  (``water.withdrawn_m3``);
- a **table sheet** per list (``Fuels``, ``Electricity purchases``, ``Waste`` …): row 1 holds the
  field names with the unit in brackets (``amount_kwh [kWh]``) and the help as a comment, every
  further row is one entry; the lists of a company start with the column ``company`` (its id), so
  rows can be pasted from a company workbook into an area workbook;
- ``README`` (instructions and every field with its help) and a hidden ``Lists`` sheet that holds
  the values of the drop-downs.

A number in a cell is in the unit of its column (header or unit column); a text such as
``"1.2 GWh"`` carries its own unit, read with the same rules as YAML and JSON documents. Changing
the unit in a header (``amount_kwh [MWh]``) changes the unit of the column's bare numbers.

Reading is all or nothing: every problem (file too large, not an xlsx file, a missing sheet or
column, a wrong unit, a negative value, a value that is not a number, an unknown choice, a
company that does not match …) is collected, and one :class:`~gia.errors.GiaInputError` names
each place as ``Fuels!C7 (amount)`` — sheet, cell and field. Errors that the schema finds deep
inside the document are mapped back to the sheet, row and column the value came from.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import json
import re
import warnings
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import IO, Any, Literal, overload

from openpyxl import Workbook, load_workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import from_excel
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet
from pydantic import BaseModel, ValidationError

from gia import i18n
from gia.dataset import SCHEMA_ID, Company, Submission
from gia.dataset.labels import FIELDS, N_, child_model, describe_place, field_at, help_text, label
from gia.documents import format_location, parse_place, problems_from
from gia.errors import GiaInputError
from gia.i18n import _
from gia.io.excel_schema import (
    LISTS_SHEET,
    README_SHEET,
    SHARE_UNIT,
    Column,
    FieldsSheet,
    Layout,
    Scope,
    Sheet,
    TableSheet,
    layout,
)
from gia.units import CANONICAL, DIMENSION_LABELS, DISPLAY, dimension_of, parse_in, to_pint

__all__ = [
    "MAX_BYTES",
    "MAX_UNCOMPRESSED_BYTES",
    "build_workbook",
    "read_workbook",
    "template_bytes",
    "write_template",
]

#: the largest upload read (checked before anything is parsed)
MAX_BYTES = 20_000_000
#: the most the members of the xlsx zip may hold once uncompressed (a zip bomb is refused)
MAX_UNCOMPRESSED_BYTES = 200_000_000
#: the most members an xlsx zip may have
MAX_ZIP_MEMBERS = 2_000
#: the most filled rows a sheet may have
MAX_ROWS = 100_000
#: the most columns read from a sheet
MAX_COLUMNS = 200
#: empty rows below the data that get drop-downs in a template
TEMPLATE_ROWS = 500

Source = str | Path | bytes | bytearray | IO[bytes]
Target = str | Path | IO[bytes]

#: dynamic texts of the schema (descriptions, docstrings) go through gettext without being extracted
_translate = i18n.gettext

_HEADER = re.compile(r"^\s*(?P<key>[^\[\]]+?)\s*(?:\[(?P<unit>[^\[\]]*)\]\s*)?$")
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")
_PLAIN_SHEET_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
#: examples of a text with a unit, by dimension (for the help texts)
_EXAMPLES = {
    "energy": "1.2 GWh",
    "mass": "1200 kg",
    "refrigerant_mass": "0.5 t",
    "volume": "30000 l",
    "area": "12000 m2",
    "floor_area": "1.2 ha",
    "power": "1.5 MW",
}
_BOLD = Font(bold=True)
_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
_REQUIRED_FILL = PatternFill("solid", fgColor="FCE4D6")
_ABSENT = object()


# --- language ------------------------------------------------------------------------------------


def _language(language: str) -> contextlib.AbstractContextManager[None]:
    """Write in ``language`` inside the ``with`` block (the active language of this thread or task)."""
    return i18n.override(language)


# --- help texts ----------------------------------------------------------------------------------


def _kind_help(column: Column) -> str:
    kind = column.kind
    if kind == "quantity":
        example = _EXAMPLES.get(column.dimension or "", f"12.5 {column.unit}")
        return _("a number in {unit}, or a text with its unit such as '{example}'").format(
            unit=column.unit, example=example
        )
    if kind == "share":
        return _("a fraction from 0 to 1 (0.45), or a text such as '45 %'")
    if kind == "amount":
        return _("an amount with its unit, such as '120 t', '1.5 GWh' or '30000 m3'")
    if kind == "number":
        return _("a number in {unit}").format(unit=column.unit) if column.unit else _("a number")
    if kind == "integer":
        return _("a whole number")
    if kind == "boolean":
        return _("true or false")
    if kind == "date":
        return _("a date (YYYY-MM-DD)")
    if kind == "choice":
        return _("one of: {choices}").format(choices=", ".join(column.choices))
    if kind == "text_list":
        if column.choices:
            return _("one or more of {choices}, one per line (Alt+Enter) or separated by ';'").format(
                choices=", ".join(column.choices)
            )
        return _("texts, one per line (Alt+Enter) or separated by ';'")
    if kind == "json":
        return _("JSON, as in a submission document")
    return _("a text")


def _words(column: Column, model: type[BaseModel] | None) -> str:
    """What the field is, in the reader's words: its label and help from :mod:`gia.dataset.labels`
    (translated), else the schema's description."""
    owner = model
    for part in column.path[:-1]:
        owner = child_model(owner, part) if owner is not None else None
    if owner is not None and (owner.__name__, column.path[-1]) in FIELDS:
        words = label(owner, column.path[-1])
        extra = help_text(owner, column.path[-1])
        return f"{words}. {extra}" if extra else words
    return _translate(column.description) if column.description else ""


def _help(column: Column, model: type[BaseModel] | None = None) -> str:
    """The help of a field: what it is, what to write, its limits and whether it is required."""
    words = _words(column, model)
    parts = [words] if words else []
    parts.append(_kind_help(column))
    limits = column.constraints
    if column.kind not in ("share",):
        if "gt" in limits:
            parts.append(_("more than {limit}").format(limit=limits["gt"]))
        elif "ge" in limits:
            parts.append(_("at least {limit}").format(limit=limits["ge"]))
        if "lt" in limits:
            parts.append(_("less than {limit}").format(limit=limits["lt"]))
        elif "le" in limits:
            parts.append(_("at most {limit}").format(limit=limits["le"]))
    if "pattern" in limits and column.kind == "text":
        parts.append(_("of the form {pattern}").format(pattern=limits["pattern"]))
    if "max_length" in limits and column.kind == "text":
        parts.append(_("at most {limit} characters").format(limit=limits["max_length"]))
    if column.required:
        parts.append(_("required"))
    elif column.default is not None:
        parts.append(_("optional; default {default}").format(default=_default_text(column.default)))
    else:
        parts.append(_("optional"))
    return "; ".join(parts)


def _default_text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return _number_text(value)
    return str(value)


#: what a sheet holds, where the labels of the fields do not say it
_SHEET_DESCRIPTIONS = {
    "Submission": N_(
        "One reporting year of one area: the edition of the standard and where the data comes from."
    ),
    "Area": N_("The area as a whole: its land, plans, shared services and events."),
    "Company": N_("The company: who it is and how many people work there."),
    "Climate target milestones": N_("The interim milestones of the area's climate target."),
    "Land management plan measures": N_("The concrete measures of the land management plan."),
    "Network events": N_("Events of the area's network of companies in the reporting year."),
    "Shared services": N_("Services the area offers its companies together."),
    "Environmental violations": N_(
        "Environmental violations an authority found in the reporting year (GM-05)."
    ),
    "History": N_("Key figures of earlier reporting years (the trend of EN-06)."),
}


def _sheet_description(sheet: Sheet, layout_: Layout | None = None) -> str:
    if sheet.name in _SHEET_DESCRIPTIONS:
        return _(_SHEET_DESCRIPTIONS[sheet.name])
    if isinstance(sheet, TableSheet) and sheet.field_path and layout_ is not None:
        owner = layout_.sheet(sheet.parent).model if sheet.parent else layout_.sheets[0].model
        for part in sheet.field_path[:-1]:
            owner = child_model(owner, part) if owner is not None else None
        if owner is not None and (owner.__name__, sheet.field_path[-1]) in FIELDS:
            return help_text(owner, sheet.field_path[-1]) or label(owner, sheet.field_path[-1])
    model = sheet.model
    doc = model.__dict__.get("__doc__") if model is not None else None
    if doc:
        return _translate(doc.strip().split("\n\n")[0].replace("\n", " "))
    if isinstance(sheet, TableSheet) and sheet.mapping and sheet.columns[0].description:
        return _translate(sheet.columns[0].description)
    return ""


# --- writing -------------------------------------------------------------------------------------


def _number_text(value: float) -> str:
    """A number as short text that reads back to the same float (``1840000.0`` → ``1840000``)."""
    if float(value).is_integer() and abs(value) < 1e15:
        return str(int(value))
    return repr(float(value))


def _join_texts(items: list[Any]) -> str:
    texts = [str(item) for item in items]
    text = "\n".join(texts)
    if len(texts) == 1 and ";" in texts[0]:
        text += "\n"  # one entry holding ';': the line break says "split by lines"
    return text


def _cell_value(column: Column, value: Any) -> Any:
    """A document value (JSON form) as the value of a cell."""
    if value is None:
        return None
    kind = column.kind
    if kind == "amount":
        if isinstance(value, dict):
            return f"{_number_text(value['value'])} {value['unit']}"
        return str(value)
    if kind == "date":
        return dt.date.fromisoformat(value) if isinstance(value, str) else value
    if kind == "text_list":
        return _join_texts(value) if value else None
    if kind == "json":
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    if kind in ("text", "choice"):
        return str(value)
    return value


def _get(data: Any, path: tuple[str, ...]) -> Any:
    for key in path:
        if not isinstance(data, dict):
            return None
        data = data.get(key)
    return data


def _put(sheet: Worksheet, row: int, column: int, value: Any) -> None:
    cell = sheet.cell(row=row, column=column, value=value)
    if isinstance(value, str):
        if value.startswith("="):
            cell.data_type = "s"  # a text, never a formula
        if "\n" in value:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    elif isinstance(value, dt.date):
        cell.number_format = "yyyy-mm-dd"


def _sheet_titles() -> dict[str, str]:
    """Each sheet's title in the active language (at most 31 characters, as Excel allows)."""
    return {
        "Submission": i18n.pgettext("sheet name", "Submission"),
        "Not applicable": i18n.pgettext("sheet name", "Not applicable"),
        "Area": i18n.pgettext("sheet name", "Area"),
        "Climate target milestones": i18n.pgettext("sheet name", "Climate target milestones"),
        "Land management plan measures": i18n.pgettext("sheet name", "Land management plan measures"),
        "Network events": i18n.pgettext("sheet name", "Network events"),
        "Shared services": i18n.pgettext("sheet name", "Shared services"),
        "Environmental violations": i18n.pgettext("sheet name", "Environmental violations"),
        "History": i18n.pgettext("sheet name", "History"),
        "Companies": i18n.pgettext("sheet name", "Companies"),
        "Management systems": i18n.pgettext("sheet name", "Management systems"),
        "Electricity purchases": i18n.pgettext("sheet name", "Electricity purchases"),
        "Generation": i18n.pgettext("sheet name", "Generation"),
        "Fuels": i18n.pgettext("sheet name", "Fuels"),
        "Heat purchases": i18n.pgettext("sheet name", "Heat purchases"),
        "Heat pumps": i18n.pgettext("sheet name", "Heat pumps"),
        "Refrigerants": i18n.pgettext("sheet name", "Refrigerants"),
        "Waste": i18n.pgettext("sheet name", "Waste"),
        "Vehicles": i18n.pgettext("sheet name", "Vehicles"),
        "Storage": i18n.pgettext("sheet name", "Storage"),
        "Exchanges": i18n.pgettext("sheet name", "Exchanges"),
        "Hourly files": i18n.pgettext("sheet name", "Hourly files"),
        "Hourly meters": i18n.pgettext("sheet name", "Hourly meters"),
        "Company": i18n.pgettext("sheet name", "Company"),
    }


def sheet_title(name: str) -> str:
    """The title of the sheet ``name`` (the schema's name) in the active language."""
    return _sheet_titles().get(name, name)


@cache
def _titles_in_every_language(name: str) -> tuple[str, ...]:
    titles = []
    for language in i18n.LANGUAGES:
        with i18n.override(language):
            titles.append(sheet_title(name))
    return tuple(dict.fromkeys([name, *titles]))


def _sheet_ref(name: str) -> str:
    """A sheet's title in the active language as Excel writes it in a reference (quoted when it has spaces)."""
    name = sheet_title(name)
    if _PLAIN_SHEET_NAME.match(name):
        return name
    return "'" + name.replace("'", "''") + "'"


class _Lists:
    """The hidden sheet of drop-down values: one column per distinct list of choices."""

    def __init__(self, sheet: Worksheet) -> None:
        self.sheet = sheet
        self.columns: dict[tuple[str, ...], str] = {}

    def formula(self, choices: tuple[str, ...]) -> str:
        if choices not in self.columns:
            index = len(self.columns) + 1
            for row, choice in enumerate(choices, start=1):
                _put(self.sheet, row, index, choice)
            letter = get_column_letter(index)
            self.columns[choices] = f"{_sheet_ref(LISTS_SHEET)}!${letter}$1:${letter}${len(choices)}"
        return self.columns[choices]


def _validation(column: Column, lists: _Lists) -> DataValidation | None:
    if column.kind == "choice" and column.choices:
        formula = lists.formula(column.choices)
    elif column.kind == "boolean":
        formula = '"TRUE,FALSE"'
    else:
        return None
    validation = DataValidation(type="list", formula1=formula, allow_blank=True)
    validation.error = _("Choose a value from the list.")
    validation.showErrorMessage = True
    return validation


def _write_fields_sheet(
    sheet: Worksheet, spec: FieldsSheet, document: dict[str, Any] | None, lists: _Lists
) -> None:
    for index, heading in enumerate((_("field"), _("value"), _("unit"), _("help")), start=1):
        cell = sheet.cell(row=1, column=index, value=heading)
        cell.font, cell.fill = _BOLD, _HEADER_FILL
    record = _get(document, spec.record_path) if document is not None else None
    for row, column in enumerate(spec.columns, start=2):
        key_cell = sheet.cell(row=row, column=1, value=column.key)
        if column.required:
            key_cell.font, key_cell.fill = _BOLD, _REQUIRED_FILL
        _put(sheet, row, 2, _cell_value(column, _get(record, column.path)))
        _put(sheet, row, 3, column.unit)
        sheet.cell(row=row, column=4, value=_help(column, spec.model)).alignment = Alignment(wrap_text=False)
        validation = _validation(column, lists)
        if validation is not None:
            sheet.add_data_validation(validation)
            validation.add(f"B{row}")
    sheet.freeze_panes = "B2"
    for letter, width in zip("ABCD", (38, 28, 10, 100), strict=True):
        sheet.column_dimensions[letter].width = width


def _table_rows(
    spec: TableSheet, layout_: Layout, document: dict[str, Any] | None
) -> list[tuple[str | None, dict[str, Any]]]:
    """The rows of one table sheet to write: (owner id or None, entry)."""
    if document is None:
        return []
    if spec.parent is None:
        container = _get(document, spec.base_path + spec.field_path)
        owner = document.get("id") if spec.owner_column else None
        if spec.mapping:
            items = [{"key": k, "value": v} for k, v in (container or {}).items()]
        else:
            items = list(container or [])
        return [(owner, item) for item in items]
    parent = layout_.sheet(spec.parent)
    assert isinstance(parent, TableSheet)
    found: list[tuple[str | None, dict[str, Any]]] = []
    for _owner_id, owner in _table_rows(parent, layout_, document):
        container = _get(owner, spec.field_path)
        if spec.mapping:
            found.extend((owner.get("id"), {"key": k, "value": v}) for k, v in (container or {}).items())
        else:
            found.extend((owner.get("id"), item) for item in container or [])
    return found


def _write_table_sheet(
    sheet: Worksheet,
    spec: TableSheet,
    layout_: Layout,
    document: dict[str, Any] | None,
    lists: _Lists,
) -> None:
    offset = 1 if spec.owner_column else 0
    if spec.owner_column:
        cell = sheet.cell(row=1, column=1, value=spec.owner_column)
        cell.font, cell.fill = _BOLD, _REQUIRED_FILL if spec.owner_required else _HEADER_FILL
        if spec.parent:
            text = _("the id of the {owner} this row belongs to (from sheet {sheet})").format(
                owner=spec.owner_column, sheet=spec.parent
            )
        else:
            text = _("the id of the {owner}; may stay empty in a company workbook").format(
                owner=spec.owner_column
            )
        cell.comment = Comment(text, "GIA", width=320, height=120)
        sheet.column_dimensions["A"].width = 22
    for index, column in enumerate(spec.columns, start=1 + offset):
        cell = sheet.cell(row=1, column=index, value=column.header)
        cell.font = _BOLD
        cell.fill = _REQUIRED_FILL if column.required else _HEADER_FILL
        cell.comment = Comment(_help(column, spec.model), "GIA", width=320, height=160)
        sheet.column_dimensions[get_column_letter(index)].width = max(12, min(40, len(column.header) + 4))
    rows = _table_rows(spec, layout_, document)
    for row, (owner, item) in enumerate(rows, start=2):
        if spec.owner_column:
            _put(sheet, row, 1, owner)
        for index, column in enumerate(spec.columns, start=1 + offset):
            _put(sheet, row, index, _cell_value(column, _get(item, column.path)))
    last = len(rows) + 1 + TEMPLATE_ROWS
    for index, column in enumerate(spec.columns, start=1 + offset):
        validation = _validation(column, lists)
        if validation is not None:
            sheet.add_data_validation(validation)
            letter = get_column_letter(index)
            validation.add(f"{letter}2:{letter}{last}")
        if column.kind == "date":
            for row in range(2, last + 1):
                sheet.cell(row=row, column=index).number_format = "yyyy-mm-dd"
    if spec.owner_column and spec.parent:
        parent = layout_.sheet(spec.parent)
        assert isinstance(parent, TableSheet)
        ids = [c.key for c in parent.columns].index("id") + 1 + (1 if parent.owner_column else 0)
        letter = get_column_letter(ids)
        validation = DataValidation(
            type="list",
            formula1=f"{_sheet_ref(parent.name)}!${letter}$2:${letter}${TEMPLATE_ROWS + 1000}",
            allow_blank=True,
        )
        sheet.add_data_validation(validation)
        validation.add(f"A2:A{last}")
    sheet.freeze_panes = "A2"


def _write_readme(sheet: Worksheet, layout_: Layout) -> None:
    scope = layout_.scope
    rows: list[tuple[bool, tuple[str, ...]]] = []  # (bold, cells)

    def heading(text: str) -> None:
        rows.append((True, (text,)))

    def line(*cells: str) -> None:
        rows.append((False, cells))

    heading(_("GIA submission workbook") if scope == "area" else _("GIA company workbook"))
    line(_("Schema {schema}; the sheets and columns are generated from it.").format(schema=SCHEMA_ID))
    line()
    heading(_("How to fill in"))
    line(
        _(
            "Field sheets ({sheets}): one row per field; write the value in column B. Table sheets: one row per entry; empty rows are skipped."
        ).format(sheets=", ".join(sheet_title(s.name) for s in layout_.fields_sheets))
    )
    line(_("Leave a cell empty when the field does not apply. Required fields are in bold."))
    line(
        _(
            "A number is in the unit of its column (in brackets in the header, or in the unit column). You may write the unit in the cell instead, such as '1.2 GWh', or change the unit of the column (for example to MWh): GIA converts."
        )
    )
    line(_("Shares are fractions from 0 to 1 (0.45), or a text such as '45 %'."))
    line(
        _(
            "Dates as YYYY-MM-DD; TRUE or FALSE for yes/no fields; several texts in one cell one per line (Alt+Enter)."
        )
    )
    line(
        _("The lists of a company start with the column 'company': the id of the company the row belongs to.")
    )
    line(
        _(
            "Do not rename or delete sheets or columns; the hidden sheet {lists} holds the values of the drop-downs."
        ).format(lists=LISTS_SHEET)
    )
    line(
        _(
            "On upload the whole workbook is checked: if anything is wrong, nothing is imported and every problem is listed with its sheet, cell and field."
        )
    )
    line()
    heading(_("Sheets"))
    for spec in layout_.sheets:
        line(sheet_title(spec.name), _sheet_description(spec, layout_))
    line()
    heading(_("Fields"))
    rows.append((True, (_("sheet"), _("field"), _("unit"), _("required"), _("help"))))
    for spec in layout_.sheets:
        if isinstance(spec, TableSheet) and spec.owner_column:
            line(
                sheet_title(spec.name),
                spec.owner_column,
                "",
                _("yes") if spec.owner_required else _("no"),
                "",
            )
        for column in spec.columns:
            required = _("yes") if column.required else _("no")
            line(sheet_title(spec.name), column.key, column.unit or "", required, _help(column, spec.model))
    for number, (bold, cells) in enumerate(rows, start=1):
        for index, text in enumerate(cells, start=1):
            cell = sheet.cell(row=number, column=index, value=text)
            if bold:
                cell.font = _BOLD
    for letter, width in zip("ABCDE", (30, 38, 12, 10, 100), strict=True):
        sheet.column_dimensions[letter].width = width


def _document(
    scope: Scope, submission: Submission | None, company_id: str | None, company: Company | None
) -> dict[str, Any] | None:
    if scope == "area":
        if company is not None or company_id is not None:
            raise ValueError("company and company_id are for scope 'company'")
        return submission.model_dump(mode="json", by_alias=True) if submission is not None else None
    if company is None and submission is not None:
        if company_id is None:
            raise ValueError("give company_id: the company of the submission to write")
        try:
            company = submission.company(company_id)
        except KeyError:
            raise ValueError(f"no company {company_id!r} in the submission") from None
    if company is not None:
        if company_id is not None and company.id != company_id:
            raise ValueError(f"the company is {company.id!r}, not {company_id!r}")
        return company.model_dump(mode="json", by_alias=True)
    return {"id": company_id} if company_id is not None else None


def build_workbook(
    *,
    scope: Scope,
    submission: Submission | None = None,
    company_id: str | None = None,
    company: Company | None = None,
    language: str = "en",
) -> Workbook:
    """The template as an openpyxl workbook (see :func:`write_template`)."""
    spec = layout(scope)
    document = _document(scope, submission, company_id, company)
    with _language(language):
        workbook = Workbook()
        readme = workbook.active
        assert readme is not None
        readme.title = README_SHEET
        lists = _Lists(workbook.create_sheet(LISTS_SHEET))
        lists.sheet.sheet_state = "hidden"
        for sheet_spec in spec.sheets:
            sheet = workbook.create_sheet(sheet_title(sheet_spec.name), index=len(workbook.sheetnames) - 1)
            if isinstance(sheet_spec, FieldsSheet):
                _write_fields_sheet(sheet, sheet_spec, document, lists)
            else:
                _write_table_sheet(sheet, sheet_spec, spec, document, lists)
        _write_readme(readme, spec)
        workbook.move_sheet(LISTS_SHEET, offset=len(workbook.sheetnames))
    return workbook


def write_template(
    target: Target,
    *,
    scope: Scope,
    submission: Submission | None = None,
    company_id: str | None = None,
    company: Company | None = None,
    language: str = "en",
) -> None:
    """Write an Excel template (``.xlsx``) of a whole submission or of one company.

    Parameters
    ----------
    target : path or binary stream
        Where to write the workbook.
    scope : {"area", "company"}
        ``"area"``: the whole submission (Submission and Area fields, companies and their lists,
        exchanges, hourly files); ``"company"``: one company's sheets.
    submission : Submission, optional
        Pre-fill the template with this submission (scope ``"area"``), or with its company
        ``company_id`` (scope ``"company"``). Reading the written workbook gives it back.
    company_id : str, optional
        Scope ``"company"``: the company to take from ``submission``; in a blank template its id
        is filled in.
    company : Company, optional
        Scope ``"company"``: pre-fill with this company (instead of ``submission``).
    language : str
        Language of the headers' help, the instructions and the labels (one of
        :data:`gia.i18n.LANGUAGES`); sheet and field names are the schema's, in English.

    Raises
    ------
    ValueError
        ``company_id`` is not a company of ``submission``, or the arguments do not fit the scope.
    """
    data = template_bytes(
        scope=scope, submission=submission, company_id=company_id, company=company, language=language
    )
    if isinstance(target, str | Path):
        Path(target).write_bytes(data)
    else:
        target.write(data)


def template_bytes(
    *,
    scope: Scope,
    submission: Submission | None = None,
    company_id: str | None = None,
    company: Company | None = None,
    language: str = "en",
) -> bytes:
    """The template of :func:`write_template` as bytes (for a download); the same input gives the same bytes."""
    workbook = build_workbook(
        scope=scope, submission=submission, company_id=company_id, company=company, language=language
    )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return _without_timestamps(buffer.getvalue())


#: the time written into a template's zip and document properties (templates are reproducible)
_FIXED_TIME = (2000, 1, 1, 0, 0, 0)
_CORE_TIMES = re.compile(rb"(<dcterms:(created|modified)[^>]*>)[^<]*(</dcterms:\2>)")


def _without_timestamps(data: bytes) -> bytes:
    """``data`` re-zipped with fixed member times and document times, so that it is reproducible."""
    output = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(output, "w", compression=zipfile.ZIP_DEFLATED) as target,
    ):
        for member in source.infolist():
            content = source.read(member)
            if member.filename == "docProps/core.xml":
                content = _CORE_TIMES.sub(rb"\g<1>2000-01-01T00:00:00Z\g<3>", content)
            info = zipfile.ZipInfo(member.filename, date_time=_FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = member.external_attr
            target.writestr(info, content)
    return output.getvalue()


# --- reading: the file ---------------------------------------------------------------------------


def _megabytes(size: int) -> float:
    return round(size / 1_000_000, 1)


def _read_bytes(source: Source, name: str, max_bytes: int) -> bytes:
    """The file's bytes, refusing a file larger than ``max_bytes`` before reading it."""

    def too_large(size: int | None) -> GiaInputError:
        if size is None:
            message = _("the file is larger than {limit} MB").format(limit=_megabytes(max_bytes))
        else:
            message = _("the file is {size} MB; the limit is {limit} MB").format(
                size=_megabytes(size), limit=_megabytes(max_bytes)
            )
        return GiaInputError(name, [("", message)])

    if isinstance(source, bytes | bytearray):
        if len(source) > max_bytes:
            raise too_large(len(source))
        return bytes(source)
    if isinstance(source, str | Path):
        path = Path(source)
        if not path.is_file():
            raise GiaInputError(name, [("", _("file not found"))])
        size = path.stat().st_size
        if size > max_bytes:
            raise too_large(size)
        with path.open("rb") as handle:
            data = handle.read(max_bytes + 1)
    else:
        with contextlib.suppress(AttributeError, OSError, ValueError):
            if source.seekable():
                position = source.tell()
                size = source.seek(0, io.SEEK_END) - position
                source.seek(position)
                if size > max_bytes:
                    raise too_large(size)
        data = source.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise too_large(None)
    return data


def _check_zip(data: bytes, name: str, max_uncompressed: int) -> None:
    """Refuse what is not an xlsx zip, and zips that unpack to more than ``max_uncompressed``."""
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise GiaInputError(
            name,
            [
                (
                    "",
                    _(
                        "an old .xls workbook or a password-protected file: save it as an Excel workbook (.xlsx) without a password"
                    ),
                )
            ],
        )
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError, OSError):
        raise GiaInputError(
            name, [("", _("not an Excel workbook (.xlsx): the file is not a valid xlsx (zip) file"))]
        ) from None
    if len(members) > MAX_ZIP_MEMBERS:
        raise GiaInputError(
            name,
            [
                (
                    "",
                    _("the workbook has {count} parts; the limit is {limit}").format(
                        count=len(members), limit=MAX_ZIP_MEMBERS
                    ),
                )
            ],
        )
    names = {member.filename for member in members}
    if "xl/workbook.xml" not in names or "[Content_Types].xml" not in names:
        raise GiaInputError(name, [("", _("not an Excel workbook (.xlsx): it has no workbook part"))])
    unpacked = sum(member.file_size for member in members)
    if unpacked > max_uncompressed:
        raise GiaInputError(
            name,
            [
                (
                    "",
                    _("the workbook unpacks to {size} MB; the limit is {limit} MB").format(
                        size=_megabytes(unpacked), limit=_megabytes(max_uncompressed)
                    ),
                )
            ],
        )


# --- reading: places ------------------------------------------------------------------------------


def _cell_place(sheet: str, column: int, row: int, key: str, model: type[BaseModel] | None = None) -> str:
    """``Fuels!C7 (Amount)``: the sheet, the cell and the field (by its label where ``model`` is known)."""
    words = describe_place(key, root=model) if model is not None and field_at(key, model) else key
    return f"{_sheet_ref(sheet)}!{get_column_letter(column)}{row} ({words})"


def _row_place(sheet: str, row: int) -> str:
    return _("{sheet}, row {row}").format(sheet=_sheet_ref(sheet), row=row)


def _sheet_place(sheet: str) -> str:
    return _("sheet {sheet}").format(sheet=_sheet_ref(sheet))


@dataclass
class _Locator:
    """Where the fields of one record (a fields sheet, or one row of a table) are."""

    sheet: str
    row: int | None  # None: a fields sheet, one row per field
    columns: dict[str, int]  # key → column (table) or row (fields sheet)
    model: type[BaseModel] | None = None

    def place(self, rest: tuple[int | str, ...]) -> tuple[str, str | None]:
        keys = [part for part in rest if isinstance(part, str)]
        for cut in range(len(keys), 0, -1):
            key = ".".join(keys[:cut])
            if key in self.columns:
                if self.row is None:
                    return _cell_place(self.sheet, 2, self.columns[key], key, self.model), key
                return _cell_place(self.sheet, self.columns[key], self.row, key, self.model), key
        base = _sheet_place(self.sheet) if self.row is None else _row_place(self.sheet, self.row)
        detail = format_location(rest)
        return (f"{base} ({detail})" if detail else base), ".".join(keys) or None


# --- reading: cells -------------------------------------------------------------------------------


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _as_number(value: Any) -> int | float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return value
    if isinstance(value, str) and _NUMBER.match(value.strip()):
        number = float(value.strip())
        return (
            int(number) if number.is_integer() and "." not in value and "e" not in value.lower() else number
        )
    return None


def _text(value: Any) -> Any:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return _number_text(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return value.strip() if isinstance(value, str) else value


class _Problems:
    def __init__(self) -> None:
        self.items: list[tuple[str, str]] = []
        self.broken: set[tuple[str, str | None]] = set()  # (sheet, key or None for the sheet)
        self.broken_places: set[str] = set()

    def add(self, place: str, message: str) -> None:
        self.items.append((place, message))


def _reading_unit(column: Column, given: Any) -> tuple[str | None, str | None]:
    """The unit the column's bare numbers are in (None: its canonical unit), or a problem."""
    if _blank(given):
        return None, None
    unit = " ".join(str(given).split())
    kind = column.kind
    if kind == "quantity" and column.dimension:
        if unit == column.unit:
            return None, None
        try:
            parse_in({"value": 1.0, "unit": unit}, column.dimension)
        except ValueError:
            return None, _(
                "unit {unit!r} does not fit {field}: give {dimension}, for example in {canonical}"
            ).format(
                unit=unit,
                field=column.key,
                dimension=_translate(DIMENSION_LABELS[column.dimension]),
                canonical=DISPLAY[CANONICAL[column.dimension]],
            )
        return unit, None
    if kind == "share":
        if unit in (SHARE_UNIT, "1", "fraction"):
            return None, None
        if unit in ("%", "percent"):
            return "%", None
        return None, _("unit {unit!r} does not fit {field}: a share is a fraction (0-1) or in %").format(
            unit=unit, field=column.key
        )
    if kind == "amount":
        try:
            quantity = to_pint({"value": 1.0, "unit": unit})
        except ValueError:
            quantity = None
        if quantity is None or dimension_of(quantity) is None:
            return None, _(
                "unit {unit!r} does not fit {field}: give an energy, a mass or a volume unit such as GWh, t or m3"
            ).format(unit=unit, field=column.key)
        return unit, None
    if column.unit is not None:
        if unit == column.unit:
            return None, None
        return None, _(
            "the unit of {field} is {unit}; convert the values instead of changing the unit"
        ).format(field=column.key, unit=column.unit)
    return None, _("{field} takes no unit").format(field=column.key)


def _split_texts(value: Any) -> list[str]:
    """A cell's texts: one per line, or separated by ';' when the cell has no line break."""
    text = value if isinstance(value, str) else _text(value)
    if not isinstance(text, str):
        return [text]
    parts = re.split(r"\r?\n", text) if "\n" in text else text.split(";")
    return [part.strip() for part in parts if part.strip()]


def _convert(column: Column, raw: Any, unit: str | None) -> tuple[Any, str | None]:
    """A cell's value as document data for ``column`` (or ``_ABSENT``), and a problem if any."""
    if _blank(raw):
        return _ABSENT, None
    kind = column.kind
    if kind == "text_list":
        return _split_texts(raw), None
    if isinstance(raw, str):
        raw = raw.strip()
    if kind in ("quantity", "share", "amount", "number", "integer"):
        number = _as_number(raw)
        if number is None:
            return (_text(raw) if kind in ("quantity", "share", "amount") else raw), None
        if unit is not None and kind in ("quantity", "share", "amount"):
            return {"value": float(number), "unit": unit}, None
        return number, None
    if kind == "boolean":
        return (raw.lower() if isinstance(raw, str) else raw), None
    if kind == "date":
        if isinstance(raw, dt.datetime):
            return (raw.date() if raw.time() == dt.time() else raw), None
        if isinstance(raw, int | float) and not isinstance(raw, bool) and 0 < raw < 2_958_466:
            converted = from_excel(raw)
            return (converted.date() if isinstance(converted, dt.datetime) else converted), None
        return raw, None
    if kind in ("text", "choice"):
        return _text(raw), None
    if kind == "json":
        if not isinstance(raw, str):
            return _ABSENT, _("write JSON text, such as [12.1, 54.1]")
        try:
            return json.loads(raw), None
        except json.JSONDecodeError as exc:
            return _ABSENT, _("not valid JSON: {error}").format(error=exc.msg)
    return raw, None


def _put_in(target: dict[str, Any], path: tuple[str, ...], value: Any) -> None:
    for key in path[:-1]:
        target = target.setdefault(key, {})
    target[path[-1]] = value


def _container(target: dict[str, Any], path: tuple[str, ...], kind: type) -> Any:
    for key in path[:-1]:
        target = target.setdefault(key, {})
    return target.setdefault(path[-1], kind())


# --- reading: the sheets --------------------------------------------------------------------------


class _Reader:
    def __init__(self, spec: Layout, workbook: Any, company_id: str | None) -> None:
        self.spec = spec
        self.workbook = workbook
        self.company_id = company_id
        self.problems = _Problems()
        self.document: dict[str, Any] = {}
        self.cells: dict[tuple[int | str, ...], tuple[str, str, str]] = {}  # path → place, sheet, key
        self.records: dict[tuple[int | str, ...], _Locator] = {}
        self.lists: dict[tuple[int | str, ...], str] = {}
        self.entries: dict[str, dict[str, tuple[dict[str, Any], tuple[int | str, ...]]]] = {}
        self.parents = {sheet.parent for sheet in spec.tables if sheet.parent}
        self.by_name = {name.casefold(): name for name in workbook.sheetnames}

    def worksheet(self, name: str) -> Any | None:
        """The sheet ``name``, under its title in any of GIA's languages (a workbook keeps the language
        it was written in, whoever uploads it)."""
        actual = next(
            (
                self.by_name[title.casefold()]
                for title in _titles_in_every_language(name)
                if title.casefold() in self.by_name
            ),
            None,
        )
        if actual is None:
            self.problems.add(
                _sheet_place(name),
                _("the sheet is missing; use GIA's template as it is (download a new one if yours is old)"),
            )
            self.problems.broken.add((name, None))
            return None
        sheet = self.workbook[actual]
        if not hasattr(sheet, "iter_rows"):
            self.problems.add(_sheet_place(name), _("not a worksheet"))
            self.problems.broken.add((name, None))
            return None
        return sheet

    def rows(self, sheet: Any, name: str, width: int) -> Iterator[tuple[int, tuple[Any, ...]]]:
        filled = 0
        for number, row in enumerate(sheet.iter_rows(max_col=width, values_only=True), start=1):
            if number > 1 and all(_blank(value) for value in row):
                continue
            filled += 1
            if filled > MAX_ROWS:
                self.problems.add(
                    _sheet_place(name), _("more than {limit} filled rows").format(limit=MAX_ROWS)
                )
                return
            yield number, tuple(row) + (None,) * (width - len(row))

    # fields sheets

    def read_fields(self, spec: FieldsSheet) -> None:
        sheet = self.worksheet(spec.name)
        locator = _Locator(spec.name, None, {}, spec.model)
        self.records[spec.record_path] = locator
        if sheet is None:
            return
        columns = {column.key: column for column in spec.columns}
        for number, (key, raw, given_unit) in self.rows(sheet, spec.name, 3):
            if number == 1 and not (isinstance(key, str) and key.strip() in columns):
                continue  # the header row
            if _blank(key):
                if not _blank(raw):
                    self.problems.add(
                        _cell_place(spec.name, 1, number, "?"), _("a value without a field name in column A")
                    )
                continue
            key = str(key).strip()
            place = _cell_place(spec.name, 1, number, key, spec.model)
            column = columns.get(key)
            if column is None:
                self.problems.add(place, _("unknown field {field!r} (check its spelling)").format(field=key))
                continue
            if key in locator.columns:
                self.problems.add(place, _("{field} is listed twice").format(field=key))
                continue
            locator.columns[key] = number
            value_place = _cell_place(spec.name, 2, number, key, spec.model)
            unit, problem = _reading_unit(column, given_unit)
            if problem:
                self.problems.add(_cell_place(spec.name, 3, number, key, spec.model), problem)
                self.problems.broken_places.add(value_place)
                continue
            value, problem = _convert(column, raw, unit)
            if problem:
                self.problems.add(value_place, problem)
                self.problems.broken_places.add(value_place)
            if value is not _ABSENT:
                path = spec.record_path + column.path
                _put_in(self.document, path, value)
                self.cells[path] = (value_place, spec.name, key)
        if not spec.record_path and self.spec.scope == "company":
            self.check_company(locator)

    def check_company(self, locator: _Locator) -> None:
        """A company workbook holds the expected company (its id on the Company sheet)."""
        if self.company_id is None:
            return
        found = self.document.get("id")
        if found is None:
            self.document["id"] = self.company_id
        elif found != self.company_id:
            place, _key = locator.place(("id",))
            self.problems.add(
                place,
                _("this workbook holds company {found!r}, not {expected!r}").format(
                    found=found, expected=self.company_id
                ),
            )

    # table sheets

    def read_table(self, spec: TableSheet) -> None:
        if spec.parent is None:
            self.lists[spec.base_path + spec.field_path] = spec.name
        sheet = self.worksheet(spec.name)
        if sheet is None:
            return
        header_rows = sheet.iter_rows(min_row=1, max_row=1, max_col=MAX_COLUMNS, values_only=True)
        header = next(iter(header_rows), ())
        expected = {column.key: column for column in spec.columns}
        positions: dict[str, int] = {}
        units: dict[str, str | None] = {}
        for index, text in enumerate(header, start=1):
            if _blank(text):
                continue
            match = _HEADER.match(str(text))
            key = match.group("key") if match else str(text).strip()
            place = _cell_place(spec.name, index, 1, key, spec.model)
            if key != spec.owner_column and key not in expected:
                self.problems.add(
                    place, _("unknown column {column!r} (check its spelling)").format(column=key)
                )
                continue
            if key in positions:
                self.problems.add(place, _("column {column!r} appears twice").format(column=key))
                continue
            positions[key] = index
            if key in expected:
                unit, problem = _reading_unit(expected[key], match.group("unit") if match else None)
                units[key] = unit
                if problem:
                    self.problems.add(place, problem)
                    self.problems.broken.add((spec.name, key))
        for key in [spec.owner_column, *expected] if spec.owner_column else list(expected):
            if key is not None and key not in positions:
                self.problems.add(
                    _row_place(spec.name, 1),
                    _(
                        "column {column!r} is missing; use GIA's template as it is (download a new one if yours is old)"
                    ).format(column=key),
                )
                self.problems.broken.add((spec.name, key))
        width = max(positions.values(), default=1)
        for number, row in self.rows(sheet, spec.name, width):
            if number == 1:
                continue
            self.read_row(spec, number, row, positions, units)

    def owner(
        self, spec: TableSheet, number: int, value: Any, column: int
    ) -> tuple[dict[str, Any], tuple[int | str, ...]] | None:
        """The record that owns a row's list (the document, or a company of an area workbook)."""
        owner_text = None if _blank(value) else _text(value)
        if spec.parent is None:
            if spec.owner_column and owner_text is not None:
                # the company on the Company sheet (checked against company_id there, once)
                expected = self.document.get("id", self.company_id)
                if expected is not None and owner_text != expected:
                    self.problems.add(
                        _cell_place(spec.name, column, number, spec.owner_column),
                        _(
                            "this row belongs to company {found!r}, but the workbook is for {expected!r}"
                        ).format(found=owner_text, expected=expected),
                    )
                    return None
            return self.document, ()
        assert spec.owner_column is not None
        place = _cell_place(spec.name, column, number, spec.owner_column)
        if owner_text is None:
            self.problems.add(
                place,
                _("give the id of the {owner} this row belongs to (from sheet {sheet})").format(
                    owner=spec.owner_column, sheet=_sheet_ref(spec.parent)
                ),
            )
            return None
        found = self.entries.get(spec.parent, {}).get(str(owner_text))
        if found is None:
            if (spec.parent, None) not in self.problems.broken:
                self.problems.add(
                    place,
                    _("no {owner} with id {id!r} in sheet {sheet}").format(
                        owner=spec.owner_column, id=owner_text, sheet=_sheet_ref(spec.parent)
                    ),
                )
            return None
        return found

    def read_row(
        self,
        spec: TableSheet,
        number: int,
        row: tuple[Any, ...],
        positions: dict[str, int],
        units: dict[str, str | None],
    ) -> None:
        owner_position = positions.get(spec.owner_column) if spec.owner_column else None
        owner_value = row[owner_position - 1] if owner_position else None
        if spec.owner_column and owner_position is None and spec.parent is not None:
            return  # the missing owner column is reported once
        owner = self.owner(spec, number, owner_value, owner_position or 1)
        if owner is None:
            return
        record, record_path = owner
        base = (spec.base_path if spec.parent is None else ()) + spec.field_path
        item: dict[str, Any] = {}
        places: dict[tuple[str, ...], tuple[str, str, str]] = {}
        for column in spec.columns:
            position = positions.get(column.key)
            if position is None or (spec.name, column.key) in self.problems.broken:
                continue
            place = _cell_place(spec.name, position, number, column.key, spec.model)
            value, problem = _convert(column, row[position - 1], units.get(column.key))
            if problem:
                self.problems.add(place, problem)
                self.problems.broken_places.add(place)
            if value is not _ABSENT:
                _put_in(item, column.path, value)
                places[column.path] = (place, spec.name, column.key)
        locator = _Locator(spec.name, number, dict(positions), spec.model)
        if spec.mapping:
            mapping = _container(record, base, dict)
            self.lists[record_path + base] = spec.name
            key = item.get("key")
            if key is None:
                if "value" in item:
                    self.problems.add(
                        _cell_place(spec.name, positions.get("key", 1), number, "key"),
                        _("this field is required"),
                    )
                return
            if key in mapping:
                self.problems.add(
                    _cell_place(spec.name, positions.get("key", 1), number, "key"),
                    _("{key!r} is listed twice").format(key=key),
                )
                return
            mapping[key] = item.get("value")
            self.records[(*record_path, *base, key)] = locator
            return
        entries = _container(record, base, list)
        self.lists[record_path + base] = spec.name
        item_path = (*record_path, *base, len(entries))
        entries.append(item)
        self.records[item_path] = locator
        for path, place in places.items():
            self.cells[item_path + path] = place
        if spec.name in self.parents and isinstance(item.get("id"), str):
            self.entries.setdefault(spec.name, {}).setdefault(item["id"], (item, item_path))

    # all of it

    def read(self) -> None:
        for spec in self.spec.sheets:
            if isinstance(spec, FieldsSheet):
                self.read_fields(spec)
            else:
                self.read_table(spec)

    def locate(self, location: tuple[int | str, ...]) -> tuple[str, str | None, str | None]:
        """The place in the workbook of a path in the document: (place, sheet, key)."""
        if location in self.cells:
            return self.cells[location]
        if location in self.lists:
            name = self.lists[location]
            return _sheet_place(name), name, None
        for cut in range(len(location), -1, -1):
            locator = self.records.get(location[:cut])
            if locator is not None:
                place, key = locator.place(location[cut:])
                return place, locator.sheet, key
        return format_location(location), None, None

    def validate(self, model: type[BaseModel]) -> BaseModel | None:
        try:
            return model.model_validate(self.document)
        except ValidationError as exc:
            for path_text, message in problems_from(exc):
                place, sheet, key = self.locate(parse_place(path_text))
                if sheet is not None and (
                    (sheet, None) in self.problems.broken or (sheet, key) in self.problems.broken
                ):
                    continue
                if place in self.problems.broken_places:
                    continue
                self.problems.add(place, message)
            return None


def _formulas_without_values(data: bytes, computed: Any) -> list[str]:
    """``Sheet!C7`` of every formula cell whose value was never computed (it would read as blank)."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            formulas = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception:  # the computed workbook opened: its damage is reported there
        return []
    found: list[str] = []
    try:
        for sheet in formulas.worksheets:
            places = {
                (cell.row, cell.column): cell.coordinate
                for row in sheet.iter_rows()
                for cell in row
                if getattr(cell, "data_type", None) == "f"
            }
            if not places:
                continue
            values = computed[sheet.title]
            for row in values.iter_rows():
                for cell in row:
                    key = (getattr(cell, "row", None), getattr(cell, "column", None))
                    if key in places and cell.value is None:
                        found.append(f"{sheet.title}!{places[key]}")
    finally:
        formulas.close()
    return found


def _source_name(source: Source, name: str | None) -> str:
    if name is not None:
        return name
    if isinstance(source, str | Path):
        return str(source)
    return str(getattr(source, "name", None) or "workbook.xlsx")


@overload
def read_workbook(
    source: Source,
    *,
    scope: Literal["area"],
    company_id: None = None,
    max_bytes: int = ...,
    max_uncompressed_bytes: int = ...,
    name: str | None = None,
) -> Submission: ...


@overload
def read_workbook(
    source: Source,
    *,
    scope: Literal["company"],
    company_id: str | None = None,
    max_bytes: int = ...,
    max_uncompressed_bytes: int = ...,
    name: str | None = None,
) -> Company: ...


def read_workbook(
    source: Source,
    *,
    scope: Scope,
    company_id: str | None = None,
    max_bytes: int = MAX_BYTES,
    max_uncompressed_bytes: int = MAX_UNCOMPRESSED_BYTES,
    name: str | None = None,
) -> Submission | Company:
    """Read a filled-in template and validate it: all or nothing.

    Parameters
    ----------
    source : path, bytes or binary stream
        The ``.xlsx`` workbook (as uploaded).
    scope : {"area", "company"}
        ``"area"``: a whole submission; ``"company"``: one company's data.
    company_id : str, optional
        Scope ``"company"``: the company the workbook must hold. A blank id on the Company sheet
        takes this id; another id is refused, as is a row of a list whose ``company`` is another.
    max_bytes : int
        The largest file read [bytes]; a larger file is refused before it is read.
    max_uncompressed_bytes : int
        The most the workbook's zip may unpack to [bytes] (a zip bomb is refused before parsing).
    name : str, optional
        The name of the file in messages (default: the path, or ``workbook.xlsx``).

    Returns
    -------
    Submission or Company
        Scope ``"area"``: the validated submission. Scope ``"company"``: the validated company —
        checked on its own; references to other companies of the area (``supplier_company``) are
        checked when it is put into a submission.

    Raises
    ------
    GiaInputError
        With every problem found, each placed as ``Sheet!C7 (field)`` (or the sheet, or the sheet
        and row); nothing is returned then.
    """
    if scope not in ("area", "company"):
        raise ValueError(f"scope is 'area' or 'company', not {scope!r}")
    if scope == "area" and company_id is not None:
        raise ValueError("company_id is for scope 'company'")
    label = _source_name(source, name)
    data = _read_bytes(source, label, max_bytes)
    _check_zip(data, label, max_uncompressed_bytes)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about extensions it does not read
            workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds on a damaged file
        raise GiaInputError(
            label,
            [
                (
                    "",
                    _("cannot read the workbook: {error}").format(
                        error=str(exc).splitlines()[0] if str(exc) else type(exc).__name__
                    ),
                )
            ],
        ) from None
    uncomputed = _formulas_without_values(data, workbook)
    if uncomputed:
        workbook.close()
        raise GiaInputError(
            label,
            [
                (
                    place,
                    _(
                        "a formula without a computed value (the program that saved the file did not compute it): open the file in a spreadsheet program and save it again, or type the value"
                    ),
                )
                for place in uncomputed[:50]
            ],
        )
    try:
        reader = _Reader(layout(scope), workbook, company_id)
        try:
            reader.read()
        except (
            KeyError,
            ValueError,
            TypeError,
            OSError,
            SyntaxError,
            EOFError,
            zlib.error,
            zipfile.BadZipFile,
        ) as exc:
            # a damaged part inside a valid zip: broken XML (ParseError is a SyntaxError), bad data
            raise GiaInputError(
                label,
                [("", _("cannot read the workbook: {error}").format(error=str(exc) or type(exc).__name__))],
            ) from None
    finally:
        workbook.close()
    model: type[BaseModel] = Submission if scope == "area" else Company
    result = reader.validate(model)
    if reader.problems.items or result is None:
        raise GiaInputError(label, reader.problems.items)
    assert isinstance(result, Submission | Company)
    return result
