"""The layout of GIA's Excel workbooks, derived from the submission schema (pydantic models).

Nothing here lists fields by hand: :func:`layout` walks :class:`~gia.dataset.Submission` (scope
``"area"``) or :class:`~gia.dataset.Company` (scope ``"company"``) and turns

- the scalar fields of the scope's root (and of the area) into a *fields sheet* (one row per field:
  field, value, unit, help); nested single models are flattened with dotted keys
  (``water.withdrawn_m3``, ``plans.climate_target.target_year``);
- every list of models into a *table sheet* (one row per entry, one column per scalar field of the
  entry, nested models flattened with dotted keys); a list inside a list entry (a company's fuels)
  gets its own table sheet whose first column names the entry it belongs to (``company``);
- every mapping of texts (``not_applicable``) into a two-column table sheet (``key``, ``value``).

Each column knows its kind (quantity, share, amount, number, choice, date …), its canonical unit,
its choices, whether it is required and its help text, all read from the models' annotations,
``Field`` constraints and descriptions. A field added to the schema therefore appears in the next
template without a change here.
"""

from __future__ import annotations

import datetime as dt
import enum
import re
import types
from dataclasses import dataclass, field, replace
from functools import cache
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel, BeforeValidator
from pydantic.fields import FieldInfo
from pydantic_core import PydanticUndefined

from gia.dataset import quantities
from gia.dataset.submission import Company, Submission
from gia.units import CANONICAL, DISPLAY, parse_share

Scope = Literal["area", "company"]
ColumnKind = Literal[
    "quantity",  # a quantity of a fixed dimension (energy, mass …), stored in its canonical unit
    "share",  # a fraction between 0 and 1 (or "45 %")
    "amount",  # a quantity whose unit says its dimension ("120 t", "1.5 GWh", "30000 m3")
    "number",  # a plain number (its unit, if any, is fixed)
    "integer",
    "boolean",
    "date",
    "text",
    "choice",  # one of a fixed list of values (Literal or Enum)
    "text_list",  # a list of texts, one per line in a cell
    "json",  # anything else (a GeoJSON coordinate list), as JSON text
]

#: the sheets every workbook has besides those derived from the schema
README_SHEET = "README"
LISTS_SHEET = "Lists"
#: Excel's limit on the length of a sheet name
MAX_SHEET_NAME = 31
#: the unit shown for a share (a fraction of one)
SHARE_UNIT = "0-1"
#: single nested models of the root that get a fields sheet of their own (the rest are flattened)
OWN_FIELDS_SHEETS: dict[Scope, dict[tuple[str, ...], str]] = {"area": {("area",): "Area"}, "company": {}}
_UNIT_IN_DESCRIPTION = re.compile(r"\[([^\[\]]+)\]\s*$")


@dataclass(frozen=True)
class Column:
    """One field of a record as it appears in a sheet: a row of a fields sheet or a table column.

    Attributes
    ----------
    key : str
        The machine key, dotted for nested models (``water.withdrawn_m3``); English, never translated.
    path : tuple of str
        ``key`` split into the field names below the record.
    kind : ColumnKind
        How a cell is read and written.
    unit : str or None
        The canonical unit of bare numbers (``kWh``; ``0-1`` for a share), or the fixed unit of a
        plain number taken from its description (``kg CO2e``).
    dimension : str or None
        For a quantity: the dimension name of :mod:`gia.units` (``energy``, ``mass`` …).
    choices : tuple of str
        The allowed values of a choice.
    required : bool
        Required whenever the record exists (the field and every model above it have no default).
    description : str or None
        The schema's description (English; translated when shown).
    default : Any
        The default value (JSON form), or None.
    constraints : dict
        ``ge``, ``gt``, ``le``, ``lt``, ``pattern``, ``min_length``, ``max_length`` where set.
    item_kind : ColumnKind or None
        For ``text_list``: the kind of each item.
    """

    key: str
    path: tuple[str, ...]
    kind: ColumnKind
    unit: str | None = None
    dimension: str | None = None
    choices: tuple[str, ...] = ()
    required: bool = False
    description: str | None = None
    default: Any = None
    constraints: dict[str, Any] = field(default_factory=dict)
    item_kind: ColumnKind | None = None

    @property
    def header(self) -> str:
        """The table header: the key, with the unit in brackets (``amount_kwh [kWh]``)."""
        return f"{self.key} [{self.unit}]" if self.unit else self.key


@dataclass
class FieldsSheet:
    """A sheet of one record, one row per field (field, value, unit, help).

    ``record_path`` is where the record sits in the scope's document (``()`` is the root,
    ``("area",)`` the area).
    """

    name: str
    model: type[BaseModel]
    record_path: tuple[str, ...]
    columns: list[Column] = field(default_factory=list)


@dataclass
class TableSheet:
    """A sheet of a list of records (or of a mapping), one row per entry, one column per field.

    Attributes
    ----------
    name : str
        The sheet's name.
    model : type of BaseModel or None
        The model of an entry; None for a mapping.
    parent : str or None
        The table sheet whose entries own these lists (``Companies`` for ``Fuels`` in an area
        workbook); None when the list belongs to the record at ``base_path``.
    base_path : tuple of str
        Where the owning record sits in the document when ``parent`` is None.
    field_path : tuple of str
        The list's (or mapping's) path inside the owning record.
    owner_column : str or None
        The column naming the owning entry by its id (``company``), first in the sheet.
    owner_required : bool
        Whether the owner column must be filled (in a company workbook it may stay blank).
    columns : list of Column
        The entry's fields (for a mapping: ``key`` and ``value``).
    mapping : bool
        A mapping of keys to values rather than a list.
    """

    name: str
    model: type[BaseModel] | None
    parent: str | None
    base_path: tuple[str, ...]
    field_path: tuple[str, ...]
    owner_column: str | None = None
    owner_required: bool = True
    columns: list[Column] = field(default_factory=list)
    mapping: bool = False

    @property
    def headers(self) -> list[str]:
        owner = [self.owner_column] if self.owner_column else []
        return owner + [column.header for column in self.columns]


Sheet = FieldsSheet | TableSheet


@dataclass
class Layout:
    """All sheets of a workbook of one scope, in workbook order."""

    scope: Scope
    root: type[BaseModel]
    sheets: list[Sheet]

    def sheet(self, name: str) -> Sheet:
        for sheet in self.sheets:
            if sheet.name == name:
                return sheet
        raise KeyError(name)

    @property
    def tables(self) -> list[TableSheet]:
        return [sheet for sheet in self.sheets if isinstance(sheet, TableSheet)]

    @property
    def fields_sheets(self) -> list[FieldsSheet]:
        return [sheet for sheet in self.sheets if isinstance(sheet, FieldsSheet)]


# --- classifying annotations ---------------------------------------------------------------------


@dataclass
class _Shape:
    kind: str  # a ColumnKind, or "model", "model_list", "mapping"
    model: type[BaseModel] | None = None
    choices: tuple[str, ...] = ()
    metadata: list[Any] = field(default_factory=list)
    item: _Shape | None = None
    value: _Shape | None = None


@cache
def _quantity_validators() -> dict[int, tuple[str, str | None]]:
    """The before-validators of :mod:`gia.dataset.quantities`' field types → (kind, dimension).

    Read from the module: every ``Annotated`` alias with a ``BeforeValidator`` is a quantity whose
    canonical unit is the bracket of its description (``"energy [kWh]"``).
    """
    display_to_dimension = {DISPLAY[unit]: dimension for dimension, unit in CANONICAL.items()}
    found: dict[int, tuple[str, str | None]] = {}
    for value in vars(quantities).values():
        if get_origin(value) is not Annotated:
            continue
        _base, *metadata = get_args(value)
        validators = [m for m in metadata if isinstance(m, BeforeValidator)]
        descriptions = [m.description for m in metadata if isinstance(m, FieldInfo) and m.description]
        for validator in validators:
            if validator.func is parse_share:
                found[id(validator)] = ("share", None)
                continue
            match = _UNIT_IN_DESCRIPTION.search(descriptions[0]) if descriptions else None
            dimension = display_to_dimension.get(match.group(1)) if match else None
            if dimension is not None:
                found[id(validator)] = ("quantity", dimension)
    return found


def _flatten_metadata(metadata: list[Any]) -> list[Any]:
    flat: list[Any] = []
    for item in metadata:
        if isinstance(item, FieldInfo):
            flat.extend(_flatten_metadata(list(item.metadata)))
        flat.append(item)
    return flat


def _classify(annotation: Any, metadata: list[Any]) -> _Shape:
    """The shape of a field's annotation: a column kind, a nested model, a list of models, a mapping."""
    origin = get_origin(annotation)
    if origin is Annotated:
        base, *extra = get_args(annotation)
        return _classify(base, metadata + _flatten_metadata(list(extra)))
    if origin in (Union, types.UnionType):
        members = [member for member in get_args(annotation) if member is not type(None)]
        if len(members) == 1:
            return _classify(members[0], metadata)
        return _Shape("json", metadata=metadata)
    if origin is Literal:
        return _Shape("choice", choices=tuple(str(v) for v in get_args(annotation)), metadata=metadata)
    if origin is list:
        (item_annotation,) = get_args(annotation) or (Any,)
        item = _classify(item_annotation, [])
        if item.kind == "model":
            return _Shape("model_list", model=item.model, metadata=metadata)
        if item.kind in ("text", "choice"):
            return _Shape("text_list", item=item, metadata=metadata)
        return _Shape("json", metadata=metadata)
    if origin is dict:
        key_annotation, value_annotation = get_args(annotation) or (Any, Any)
        key, value = _classify(key_annotation, []), _classify(value_annotation, [])
        if key.kind in ("text", "choice") and value.kind not in ("model", "model_list", "mapping", "json"):
            return _Shape("mapping", item=key, value=value, metadata=metadata)
        return _Shape("json", metadata=metadata)
    if isinstance(annotation, type):
        if issubclass(annotation, BaseModel):
            if set(annotation.model_fields) == {"value", "unit"}:
                return _Shape("amount", metadata=metadata)  # a quantity that carries its unit
            return _Shape("model", model=annotation, metadata=metadata)
        if issubclass(annotation, enum.Enum):
            return _Shape("choice", choices=tuple(str(m.value) for m in annotation), metadata=metadata)
        if annotation is bool:
            return _Shape("boolean", metadata=metadata)
        if annotation is int:
            return _Shape("integer", metadata=metadata)
        if annotation is float:
            validators = _quantity_validators()
            for item in metadata:
                if isinstance(item, BeforeValidator) and id(item) in validators:
                    return _Shape(validators[id(item)][0], metadata=metadata)
            return _Shape("number", metadata=metadata)
        if annotation is str:
            return _Shape("text", metadata=metadata)
        if annotation is dt.date:
            return _Shape("date", metadata=metadata)
    return _Shape("json", metadata=metadata)


def _dimension(metadata: list[Any]) -> str | None:
    validators = _quantity_validators()
    for item in metadata:
        if isinstance(item, BeforeValidator) and id(item) in validators:
            return validators[id(item)][1]
    return None


def _constraints(metadata: list[Any]) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for item in metadata:
        for name in ("ge", "gt", "le", "lt", "pattern", "min_length", "max_length"):
            value = getattr(item, name, None)
            if value is not None and not isinstance(item, FieldInfo):
                found[name] = value
    return found


def _description(info: FieldInfo, metadata: list[Any]) -> str | None:
    if info.description:
        return info.description
    for item in metadata:
        if isinstance(item, FieldInfo) and item.description:
            return item.description
    return None


def _default(info: FieldInfo) -> Any:
    if info.default is PydanticUndefined or info.default is None:
        return None
    value = info.default
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, BaseModel | list | dict):
        return None
    return value


def _column(key_path: tuple[str, ...], info: FieldInfo, shape: _Shape, required: bool) -> Column:
    metadata = list(info.metadata) + shape.metadata
    description = _description(info, metadata)
    unit: str | None = None
    dimension: str | None = None
    if shape.kind == "quantity":
        dimension = _dimension(metadata)
        unit = DISPLAY[CANONICAL[dimension]] if dimension else None
    elif shape.kind == "share":
        unit = SHARE_UNIT
    elif shape.kind == "number" and description:
        match = _UNIT_IN_DESCRIPTION.search(description)
        unit = match.group(1).strip() if match else None
    return Column(
        key=".".join(key_path),
        path=key_path,
        kind=shape.kind,  # type: ignore[arg-type]
        unit=unit,
        dimension=dimension,
        choices=shape.choices or (shape.item.choices if shape.item else ()),
        required=required,
        description=description,
        default=_default(info),
        constraints=_constraints(metadata),
        item_kind=shape.item.kind if shape.kind == "text_list" and shape.item else None,  # type: ignore[arg-type]
    )


def model_fields(model: type[BaseModel]) -> list[tuple[str, FieldInfo]]:
    """The fields of ``model`` by their document key (the alias where there is one)."""
    return [(info.alias or name, info) for name, info in model.model_fields.items()]


# --- building the layout -------------------------------------------------------------------------


def humanize(key: str) -> str:
    """``electricity_purchases`` → ``Electricity purchases``."""
    text = key.replace("_", " ").strip()
    return text[:1].upper() + text[1:]


class _Builder:
    def __init__(self, scope: Scope) -> None:
        self.scope = scope
        self.sheets: list[Sheet] = []
        self.names: set[str] = {README_SHEET.casefold(), LISTS_SHEET.casefold()}

    def name(self, wanted: str) -> str:
        name = re.sub(r"[\[\]:*?/\\']", " ", wanted).strip()[:MAX_SHEET_NAME]
        candidate, number = name, 2
        while candidate.casefold() in self.names:
            suffix = f" {number}"
            candidate = name[: MAX_SHEET_NAME - len(suffix)] + suffix
            number += 1
        self.names.add(candidate.casefold())
        return candidate

    def fields_sheet(self, name: str, model: type[BaseModel], record_path: tuple[str, ...]) -> None:
        sheet = FieldsSheet(self.name(name), model, record_path)
        self.sheets.append(sheet)
        self.walk(model, sheet, (), True, None, record_path)

    def walk(
        self,
        model: type[BaseModel],
        sheet: Sheet,
        prefix: tuple[str, ...],
        required: bool,
        parent_table: TableSheet | None,
        base_path: tuple[str, ...],
    ) -> None:
        own = OWN_FIELDS_SHEETS[self.scope]
        for key, info in model_fields(model):
            shape = _classify(info.annotation, list(info.metadata))
            path = (*prefix, key)
            is_required = required and info.is_required()
            if shape.kind == "model" and shape.model is not None:
                if parent_table is None and (*base_path, *path) in own:
                    self.fields_sheet(own[(*base_path, *path)], shape.model, (*base_path, *path))
                else:
                    self.walk(shape.model, sheet, path, is_required, parent_table, base_path)
            elif shape.kind == "model_list" and shape.model is not None:
                self.table(shape.model, path, parent_table, base_path, sheet, info, is_required)
            elif shape.kind == "mapping" and shape.item is not None and shape.value is not None:
                table = TableSheet(
                    name=self.name(self.title(path)),
                    model=None,
                    parent=parent_table.name if parent_table else None,
                    base_path=base_path if parent_table is None else (),
                    field_path=path,
                    mapping=True,
                )
                table.columns = [
                    _column(("key",), FieldInfo(annotation=str), shape.item, True),
                    _column(("value",), FieldInfo(annotation=str), shape.value, True),
                ]
                table.columns[0] = replace(table.columns[0], description=info.description)
                self.sheets.append(table)
            else:
                sheet.columns.append(_column(path, info, shape, is_required))

    def title(self, path: tuple[str, ...]) -> str:
        """A list's sheet name: its field, after the nested model holding it (``Hourly files``)."""
        if len(path) >= 2:
            return humanize(path[-2]) + " " + path[-1].replace("_", " ")
        return humanize(path[-1])

    def table(
        self,
        model: type[BaseModel],
        path: tuple[str, ...],
        parent_table: TableSheet | None,
        base_path: tuple[str, ...],
        sheet: Sheet,
        info: FieldInfo,
        required: bool,
    ) -> None:
        owner_column: str | None = None
        owner_required = True
        if parent_table is not None:
            if parent_table.model is None or "id" not in parent_table.model.model_fields:
                # entries without an id cannot own rows of another sheet: keep the list as JSON
                sheet.columns.append(_column(path, info, _Shape("json"), required))
                return
            owner_column = parent_table.model.__name__.lower()
        elif self.scope == "company" and not base_path:
            # a company workbook's lists carry the company column too (blank is this company), so
            # that rows can be pasted into an area workbook as they are
            owner_column = Company.__name__.lower()
            owner_required = False
        table = TableSheet(
            name=self.name(self.title(path)),
            model=model,
            parent=parent_table.name if parent_table else None,
            base_path=base_path if parent_table is None else (),
            field_path=path,
            owner_column=owner_column,
            owner_required=owner_required,
        )
        self.sheets.append(table)
        self.walk(model, table, (), True, table, ())


@cache
def layout(scope: Scope) -> Layout:
    """The sheets of a workbook of ``scope``, derived from the submission schema.

    Parameters
    ----------
    scope : {"area", "company"}
        ``"area"``: a whole submission (area, companies and their lists, exchanges, hourly files);
        ``"company"``: one company's data.

    Returns
    -------
    Layout
        The sheets in workbook order (README and the hidden Lists sheet are not part of it).
    """
    if scope == "area":
        return build_layout("area", Submission)
    if scope == "company":
        return build_layout("company", Company)
    raise ValueError(f"scope is 'area' or 'company', not {scope!r}")


def build_layout(scope: Scope, root: type[BaseModel]) -> Layout:
    """The layout of a workbook whose root record is ``root`` (:func:`layout` uses the schema's)."""
    builder = _Builder(scope)
    builder.fields_sheet("Submission" if scope == "area" else "Company", root, ())
    return Layout(scope=scope, root=root, sheets=builder.sheets)
