"""The forms of a year's data, one section a page, generated from the submission schema and its labels.

Every field of a section becomes an input a person understands: a label and a help line from
:mod:`gia.dataset.labels`, quantities with a unit selector (or a unit typed after the number:
``1,2 GWh``), shares as percentages, dates as date inputs, choices in words, companies picked by
name, nested records as groups of fields, lists as rows that can be added and removed. No JSON box.

Values are shown so that saving them unchanged gives back exactly the stored numbers (every digit,
in the reader's number format), and read back in the reader's locale (decimal comma and spaces as
thousands separators in Polish and German). :func:`parse` turns a posted form into the section's
part of the document; a row or an optional group left blank is ignored, never stored and never an
error. What the core refuses comes back as (place, message) pairs and is put beside its input
(:func:`attach_errors`).
"""

from __future__ import annotations

import datetime as dt
import re
import types
import typing
from dataclasses import dataclass, field
from decimal import Decimal
from enum import Enum
from typing import Any, Literal

from babel.lists import format_list
from django.utils.translation import gettext as _
from pydantic import BaseModel
from pydantic.fields import FieldInfo

from gia import i18n
from gia.dataset import labels
from gia.dataset.company import Company as CompanyRecord
from gia.dataset.quantities import Amount
from gia.dataset.sections import Section
from gia.dataset.submission import Submission
from gia.units import parse_in, parse_share

#: unit of a quantity field (as :func:`gia.dataset.labels.unit_of` shows it) → its dimension
DIMENSIONS = {
    "kWh": "energy",
    "t": "mass",
    "kg": "refrigerant_mass",
    "m³": "volume",
    "ha": "area",
    "m²": "floor_area",
    "kW": "power",
}
#: the units offered beside a quantity (value as the documents write it, words as people read it)
UNIT_OPTIONS: dict[str, list[tuple[str, str]]] = {
    "energy": [("kWh", "kWh"), ("MWh", "MWh"), ("GWh", "GWh")],
    "mass": [("t", "t"), ("kg", "kg")],
    "refrigerant_mass": [("kg", "kg"), ("g", "g")],
    "volume": [("m3", "m³"), ("l", "l")],
    "area": [("ha", "ha"), ("m2", "m²"), ("km2", "km²")],
    "floor_area": [("m2", "m²"), ("ha", "ha")],
    "power": [("kW", "kW"), ("MW", "MW")],
    "amount": [
        ("kWh", "kWh"),
        ("MWh", "MWh"),
        ("GWh", "GWh"),
        ("t", "t"),
        ("kg", "kg"),
        ("m3", "m³"),
        ("l", "l"),
    ],
}
#: units a stored value may be shown in (largest first), with the factor to the canonical unit
DISPLAY_UNITS = {"kWh": [("GWh", 1e6), ("MWh", 1e3), ("kWh", 1.0)]}
CANONICAL_UNIT = {
    "energy": "kWh",
    "mass": "t",
    "refrigerant_mass": "kg",
    "volume": "m3",
    "area": "ha",
    "floor_area": "m2",
    "power": "kW",
}

#: fields shown under "More details" (rarely needed; opened when one holds a value or an error)
DETAILS = {
    ("ElectricityPurchase", "certificates_bundled"),
    ("ElectricityPurchase", "local"),
    ("ElectricityPurchase", "supplier_company"),
    ("ElectricityPurchase", "supplier_factor_g_per_kwh"),
    ("ElectricityPurchase", "supplier_factor_source"),
    ("ElectricityPurchase", "supplier_factor_basis"),
    ("ElectricityPurchase", "covered_share"),
    ("ElectricityPurchase", "instrument_factor_g_per_kwh"),
    ("ElectricityPurchase", "instrument_factor_source"),
    ("Generation", "heat_generated_kwh"),
    ("Generation", "certificates"),
    ("FuelUse", "basis"),
    ("HeatPurchase", "supplier_company"),
    ("HeatPurchase", "factor_g_per_kwh"),
    ("HeatPurchase", "factor_source"),
    ("WasteStream", "byproduct"),
    ("SeriesFile", "timezone"),
    ("SeriesFile", "unit"),
    ("Meter", "supplier_company"),
    ("Meter", "metered"),
}
#: fields that matter only for some answers of another field of the same record: shown when the
#: other field holds one of the values (or the field itself holds a value); a script hides the rest
CONDITIONS: dict[tuple[str, str], tuple[str, tuple[str, ...]]] = {
    ("ElectricityPurchase", "technology"): ("instrument", ("guarantee_of_origin", "ppa")),
    ("ElectricityPurchase", "cancelled"): ("instrument", ("guarantee_of_origin",)),
    ("ElectricityPurchase", "production_year"): ("instrument", ("guarantee_of_origin",)),
    ("ElectricityPurchase", "certificate_country"): ("instrument", ("guarantee_of_origin",)),
    ("ElectricityPurchase", "certificates_bundled"): ("instrument", ("ppa",)),
    ("ElectricityPurchase", "local"): ("instrument", ("ppa",)),
    ("ElectricityPurchase", "covered_share"): ("instrument", ("guarantee_of_origin", "ppa")),
    ("ElectricityPurchase", "instrument_factor_g_per_kwh"): ("instrument", ("guarantee_of_origin", "ppa")),
    ("ElectricityPurchase", "instrument_factor_source"): ("instrument", ("guarantee_of_origin", "ppa")),
    ("Company", "estimated_final_energy_kwh"): ("reported", ("",)),
    ("HeatPurchase", "network"): ("source", ("district_heating",)),
    ("Generation", "heat_generated_kwh"): ("technology", ("biomass", "biogas", "natural_gas", "coal", "oil")),
}
#: fields that name a company of the area (picked by name)
COMPANY_FIELDS = {
    ("ElectricityPurchase", "supplier_company"),
    ("HeatPurchase", "supplier_company"),
    ("Violation", "company"),
    ("Exchange", "supplier"),
    ("Exchange", "receiver"),
    ("Meter", "company"),
    ("Meter", "supplier_company"),
}
#: long texts get a text area
TEXTAREAS = {
    ("ManagementEntity", "mandate"),
    ("LandMeasure", "description"),
    ("Violation", "description"),
    ("Baseline", "source"),
}
YEARS = {("ElectricityPurchase", "production_year"), ("ModalSplit", "survey_year")}
COUNTRY_FIELDS = {("ElectricityPurchase", "certificate_country"), ("Area", "country")}
#: countries that issue guarantees of origin in the European system (AIB members and the EU)
GO_COUNTRIES = [
    "AT",
    "BE",
    "BG",
    "HR",
    "CY",
    "CZ",
    "DK",
    "EE",
    "FI",
    "FR",
    "DE",
    "GR",
    "HU",
    "IS",
    "IE",
    "IT",
    "LV",
    "LT",
    "LU",
    "MT",
    "NL",
    "NO",
    "PL",
    "PT",
    "RO",
    "SK",
    "SI",
    "ES",
    "SE",
    "CH",
    "GB",
]


@dataclass
class Widget:
    """One input (or a group, a list) of a section's form."""

    name: str  # the input's name: the field's dotted place (``fuels.0.amount``)
    kind: str
    label: str
    model: str = ""
    key: str = ""
    help: str = ""
    unit: str = ""  # the unit written beside a plain number
    units: list[tuple[str, str]] = field(default_factory=list)  # a unit selector's options
    unit_value: str = ""
    required: bool = False
    optional_group: bool = False
    choices: list[tuple[str, str]] = field(default_factory=list)
    datalist: list[str] = field(default_factory=list)
    value: Any = ""
    error: str = ""
    details: bool = False  # shown under "More details"
    checked: bool = False  # a criterion declared not applicable
    needed_for: str = ""  # criteria that need this field, shown instead of "(optional)"
    default: Any = None  # the schema's default (a checkbox's state in a new row)
    dimension: str = ""  # a quantity's dimension (energy, mass…)
    children: list[Widget] = field(default_factory=list)  # a group's fields
    rows: list[Row] = field(default_factory=list)  # a list's rows
    item: str = ""  # what a row of a list is called

    @property
    def id(self) -> str:
        return "f-" + self.name.replace(".", "-")

    @property
    def optional(self) -> bool:
        """Marked "(optional)": not required, not needed by a criterion, and not one that some answers
        of another field need."""
        return not self.required and not self.needed_for and (self.model, self.key) not in CONDITIONS

    @property
    def when(self) -> str:
        """``data-when`` of a conditional field: the controlling input's name and the values that show it."""
        condition = CONDITIONS.get((self.model, self.key))
        if condition is None or _filled(self) or self.error:
            return ""
        other, values = condition
        return f"{self.name.rpartition('.')[0] + '.' if '.' in self.name else ''}{other}=" + "|".join(values)

    @property
    def describedby(self) -> str:
        return " ".join(
            part
            for part, present in ((f"{self.id}-help", self.help), (f"{self.id}-error", self.error))
            if present
        )

    @property
    def main_children(self) -> list[Widget]:
        return [c for c in self.children if not c.details]

    @property
    def detail_children(self) -> list[Widget]:
        return [c for c in self.children if c.details]

    @property
    def details_open(self) -> bool:
        return any(_filled(c) or c.error for c in self.detail_children)

    def walk(self) -> typing.Iterator[Widget]:
        yield self
        for child in self.children:
            yield from child.walk()
        for row in self.rows:
            yield from row.walk()


@dataclass
class Row:
    name: str
    number: int  # 1-based, for people
    children: list[Widget]
    error: str = ""

    @property
    def id(self) -> str:
        return "f-" + self.name.replace(".", "-")

    @property
    def main_children(self) -> list[Widget]:
        return [c for c in self.children if not c.details]

    @property
    def detail_children(self) -> list[Widget]:
        return [c for c in self.children if c.details]

    @property
    def details_open(self) -> bool:
        return any(_filled(c) or c.error for c in self.detail_children)

    def walk(self) -> typing.Iterator[Widget]:
        for child in self.children:
            yield from child.walk()


def _filled(widget: Widget) -> bool:
    """Whether a widget holds something other than its default (to open "More details")."""
    if widget.kind == "bool":
        return bool(widget.value) != bool(widget.default)
    if widget.kind == "choice":
        return widget.value not in ("", widget.default)
    return bool(widget.value) or bool(widget.rows)


@dataclass
class Context:
    """What the inputs of a section offer: the area's companies (id, name), attached series files,
    the refrigerants the factor set knows, criteria that may be declared not applicable."""

    companies: list[tuple[str, str]] = field(default_factory=list)
    own_company: str | None = None
    series_files: list[str] = field(default_factory=list)
    refrigerants: list[str] = field(default_factory=list)
    not_applicable: list[tuple[str, str]] = field(default_factory=list)  # (criterion id, its name)


# --- the schema's fields as widgets -------------------------------------------------------------


def _validators(info: FieldInfo) -> list[Any]:
    found = list(info.metadata)
    annotation = info.annotation
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            found += list(annotation.__metadata__)
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            args = [a for a in typing.get_args(annotation) if a is not type(None)]
            if len(args) != 1:
                return found
            annotation = args[0]
        else:
            return found
    return found


def _is_share(info: FieldInfo) -> bool:
    return any(getattr(v, "func", None) is parse_share for v in _validators(info))


def _is_quantity(info: FieldInfo) -> bool:
    return any(
        getattr(v, "func", None) is not None and getattr(v, "func", None) is not parse_share
        for v in _validators(info)
        if type(v).__name__ == "BeforeValidator"
    )


def _kind(model: type[BaseModel], key: str, info: FieldInfo) -> str:
    annotation, _optional = labels.unwrap(info.annotation)
    where = (model.__name__, info.alias or key)
    if where in COMPANY_FIELDS:
        return "company"
    if where in COUNTRY_FIELDS:
        return "country"
    if model.__name__ == "SharedService" and key == "companies":
        return "companies"
    if model.__name__ == "WasteStream" and key == "used_by":
        return "used_by"
    if model.__name__ == "SeriesFile" and key == "path":
        return "series"
    if model.__name__ == "Refrigerant" and key == "gas":
        return "gas"
    if annotation is Amount:
        return "amount"
    if typing.get_origin(annotation) is Literal or (
        isinstance(annotation, type) and issubclass(annotation, Enum)
    ):
        return "choice"
    if annotation is bool:
        return "bool"
    if annotation is dt.date:
        return "date"
    if annotation is int:
        return "year" if key in ("year", "target_year") or where in YEARS else "integer"
    if annotation is float:
        if _is_share(info):
            return "share"
        if _is_quantity(info):
            return "quantity"
        return "number"
    if annotation is str:
        return "textarea" if where in TEXTAREAS else "text"
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return "group"
    if typing.get_origin(annotation) is list:
        item, _optional = labels.unwrap(typing.get_args(annotation)[0])
        if isinstance(item, type) and issubclass(item, BaseModel):
            return "list"
        if item is str:
            return "strings"
    return "text"


def _model_of(info: FieldInfo) -> type[BaseModel]:
    annotation, _optional = labels.unwrap(info.annotation)
    if typing.get_origin(annotation) is list:
        annotation, _optional = labels.unwrap(typing.get_args(annotation)[0])
    return annotation


def _default(info: FieldInfo) -> Any:
    if info.default_factory is not None:
        return None
    default = info.get_default()
    return None if default is Ellipsis or repr(default) == "PydanticUndefined" else default


def widget(model: type[BaseModel], key: str, data: Any, prefix: str, context: Context) -> Widget:
    """The widget of ``model``'s field ``key`` (its document name), filled with ``data``'s value."""
    attribute = labels.field_key(model, key) or key
    info = model.model_fields[attribute]
    _annotation, optional = labels.unwrap(info.annotation)
    kind = _kind(model, attribute, info)
    name = f"{prefix}{key}"
    value = data.get(key) if isinstance(data, dict) else None
    item = Widget(
        name=name,
        kind=kind,
        label=labels.label(model, key),
        model=model.__name__,
        key=key,
        help=labels.help_text(model, key),
        unit=labels.unit_of(model, key) if kind in ("number", "integer") else "",
        required=info.is_required() and not optional,
        details=(model.__name__, key) in DETAILS,
    )
    if kind == "group":
        sub = _model_of(info)
        item.optional_group = optional
        item.children = [
            widget(sub, child, value or {}, f"{name}.", context) for child in _document_fields(sub)
        ]
    elif kind == "list":
        sub = _model_of(info)
        item.item = labels.label(model, key)
        entries = value if isinstance(value, list) else []
        item.rows = [
            _row(sub, entry, f"{name}.{index}", index, context) for index, entry in enumerate(entries)
        ]
        item.children = [widget(sub, child, {}, f"{name}.__.", context) for child in _document_fields(sub)]
    elif kind == "strings":
        item.value = [str(v) for v in value] if isinstance(value, list) else []
    elif kind == "companies":
        item.choices = [(cid, cname) for cid, cname in context.companies]
        item.value = [str(v) for v in value] if isinstance(value, list) else []
    else:
        _fill(item, model, key, info, value, context)
    return item


def _row(sub: type[BaseModel], entry: Any, name: str, index: int, context: Context) -> Row:
    return Row(
        name=name,
        number=index + 1,
        children=[widget(sub, child, entry or {}, f"{name}.", context) for child in _document_fields(sub)],
    )


def _document_fields(model: type[BaseModel]) -> list[str]:
    return [info.alias or key for key, info in model.model_fields.items()]


def _fill(
    item: Widget, model: type[BaseModel], key: str, info: FieldInfo, value: Any, context: Context
) -> None:
    """Choices, units and the shown value of a single input."""
    kind = item.kind
    default = _default(info)
    if kind == "choice":
        item.choices = labels.choices(model, key)
        item.default = (
            str(default.value if isinstance(default, Enum) else default) if default is not None else ""
        )
        shown = value if value is not None else default
        item.value = str(shown.value if isinstance(shown, Enum) else shown) if shown is not None else ""
    elif kind == "bool":
        item.default = bool(default)
        item.value = bool(value if value is not None else default)
    elif kind == "company":
        item.choices = [
            (cid, cname)
            for cid, cname in context.companies
            if cid != context.own_company or key != "supplier_company"
        ]
        item.value = str(value) if value else ""
    elif kind == "country":
        territories = _territories()
        item.choices = sorted(
            ((code, territories.get(code, code)) for code in GO_COUNTRIES), key=lambda c: c[1]
        )
        item.value = str(value) if value else ""
    elif kind == "series":
        item.choices = [(path, path.rsplit("/", 1)[-1]) for path in context.series_files]
        if value and value not in context.series_files:
            item.choices.append((str(value), str(value)))
        item.value = str(value) if value else ""
    elif kind == "gas":
        item.datalist = context.refrigerants
        item.value = str(value) if value else ""
    elif kind == "used_by":
        item.choices = [(cid, cname) for cid, cname in context.companies if cid != context.own_company]
        known = {cid for cid, _name in item.choices}
        item.value = str(value) if value and value in known else ""
        item.unit_value = str(value) if value and value not in known else ""  # an outside company's name
    elif kind == "quantity":
        dimension = DIMENSIONS.get(labels.unit_of(model, key), "energy")
        item.dimension = dimension
        item.units = UNIT_OPTIONS[dimension]
        text, unit = show_quantity(value, dimension)
        item.value, item.unit_value = text, unit
    elif kind == "amount":
        item.units = UNIT_OPTIONS["amount"]
        if isinstance(value, dict) and "value" in value:
            dimension = {"kWh": "energy", "t": "mass", "m3": "volume"}.get(value.get("unit"), "energy")
            item.value, item.unit_value = show_quantity(value["value"], dimension)
        else:
            item.value, item.unit_value = "", "kWh"
    elif kind == "share":
        item.unit = "%"
        item.value = show_percent(value)
    elif kind in ("number", "integer"):
        item.value = (
            i18n.exact_number(value) if isinstance(value, int | float) and not isinstance(value, bool) else ""
        )
    elif kind == "year":
        item.value = str(value) if value is not None else ""
    elif kind == "date":
        item.value = str(value) if value else ""
    else:
        item.value = "" if value is None else str(value)


def _territories() -> dict[str, str]:
    from babel import Locale

    return dict(Locale.parse(i18n.language()).territories)


def show_quantity(value: Any, dimension: str) -> tuple[str, str]:
    """A stored quantity (canonical unit) as (number text, unit): the largest unit that shows it
    exactly, so that saving it unchanged stores the same number."""
    canonical = CANONICAL_UNIT[dimension]
    if not isinstance(value, int | float) or isinstance(value, bool):
        return "", canonical
    for unit, factor in DISPLAY_UNITS.get(canonical, []):
        if abs(value) < factor and unit != canonical:
            continue
        text = i18n.exact_number(Decimal(repr(float(value))) / Decimal(repr(factor)))
        if parse_in({"value": float(i18n.parse_number(text)), "unit": unit}, dimension) == value:
            return text, unit
    return i18n.exact_number(float(value)), canonical


def show_percent(value: Any) -> str:
    if not isinstance(value, int | float) or isinstance(value, bool):
        return ""
    return i18n.exact_number((Decimal(repr(float(value))) * 100).normalize())


def build(section: Section, data: dict[str, Any], context: Context) -> list[Widget]:
    """The widgets of a section: ``data`` is the company's entry, or the year's whole document."""
    root: type[BaseModel] = CompanyRecord if section.scope == "company" else Submission
    widgets = []
    for key in section.keys:
        model, prefix, holder = root, "", data
        parts = key.split(".")
        for part in parts[:-1]:
            sub = labels.child_model(model, part)
            assert sub is not None, key
            model, prefix, holder = (
                sub,
                f"{prefix}{part}.",
                (holder or {}).get(part) if isinstance(holder, dict) else None,
            )
        if parts[-1] == "not_applicable":
            widgets.append(_not_applicable(data.get("not_applicable") or {}, context))
        else:
            widgets.append(widget(model, parts[-1], holder or {}, prefix, context))
    needs = {e.key: e.criteria for e in section.expected}
    for top in widgets:
        for item in top.walk():
            if item.name in needs:
                item.needed_for = format_list(list(needs[item.name]), locale=i18n.language())
    return widgets


def _not_applicable(value: dict[str, str], context: Context) -> Widget:
    item = Widget(
        name="not_applicable",
        kind="not_applicable",
        label=labels.label(Submission, "not_applicable"),
        model="Submission",
        key="not_applicable",
        help=labels.help_text(Submission, "not_applicable"),
    )
    for criterion, words in context.not_applicable:
        item.children.append(
            Widget(
                name=f"not_applicable.{criterion}",
                kind="not_applicable_item",
                label=f"{criterion} {words}",
                key=criterion,
                value=value.get(criterion, ""),
                checked=criterion in value,
            )
        )
    for criterion, reason in value.items():  # declared for a criterion the edition no longer allows
        if criterion not in {c for c, _w in context.not_applicable}:
            item.children.append(
                Widget(
                    name=f"not_applicable.{criterion}",
                    kind="not_applicable_item",
                    label=criterion,
                    key=criterion,
                    value=reason,
                    checked=True,
                )
            )
    return item


# --- what was typed, shown again; rows added and removed before saving ---------------------------


def bind(widgets: list[Widget], post: Any) -> None:
    """Show what was typed (not what is stored): every input takes its posted text, and every list
    the rows that were posted. Used when a save is refused and when a row is added or removed."""
    for item in widgets:
        _bind(item, post)


def _bind(item: Widget, post: Any) -> None:
    kind = item.kind
    if kind == "group":
        for child in item.children:
            _bind(child, post)
    elif kind == "list":
        indices = _row_indices(item.name, post)
        item.rows = []
        for number, index in enumerate(indices):
            row = _blank_row(item, number)
            _rename(row, f"{item.name}.{number}.", f"{item.name}.{index}.")
            for child in row.children:
                _bind(child, post)
            _rename(row, f"{item.name}.{index}.", f"{item.name}.{number}.")
            item.rows.append(row)
    elif kind == "strings":
        item.value = [_text(post, key) for key in _string_keys(item.name, post)]
    elif kind == "companies":
        item.value = [str(v) for v in post.getlist(item.name)] if hasattr(post, "getlist") else []
    elif kind == "not_applicable":
        for child in item.children:
            child.checked = f"{child.name}.declared" in post
            child.value = _text(post, f"{child.name}.reason")
    elif kind == "bool":
        item.value = item.name in post
    elif kind == "used_by":
        item.value = _text(post, item.name)
        item.unit_value = _text(post, f"{item.name}.other")
    else:
        item.value = _text(post, item.name)
        if kind in ("quantity", "amount"):
            item.unit_value = str(post.get(f"{item.name}.unit", item.unit_value))


def _row_indices(list_name: str, post: Any) -> list[int]:
    return sorted(
        {
            int(match.group(1))
            for key in post
            for match in [re.match(re.escape(list_name) + r"\.(\d+)\.", key)]
            if match
        }
    )


def _string_keys(list_name: str, post: Any) -> list[str]:
    return sorted(
        (k for k in post if re.fullmatch(re.escape(list_name) + r"\.\d+", k)),
        key=lambda k: int(k.rsplit(".", 1)[1]),
    )


def _blank_row(item: Widget, index: int) -> Row:
    """A new row of a list, its inputs at the schema's defaults."""
    template = item.name + ".__."
    children = [_renamed(child, template, f"{item.name}.{index}.") for child in item.children]
    return Row(name=f"{item.name}.{index}", number=index + 1, children=children)


def _rename(row: Row, old: str, new: str) -> None:
    """Rename a row and its inputs from the prefix ``old`` (``fuels.3.``) to ``new``."""
    if row.name + "." == old:
        row.name = new[:-1]
    for child in row.children:
        _rename_widget(child, old, new)


def _rename_widget(item: Widget, old: str, new: str) -> None:
    if item.name.startswith(old):
        item.name = new + item.name[len(old) :]
    for child in item.children:
        _rename_widget(child, old, new)
    for row in item.rows:
        _rename(row, old, new)


def find(widgets: list[Widget], name: str) -> Widget | None:
    for top in widgets:
        for item in top.walk():
            if item.name == name:
                return item
    return None


def add_row(widgets: list[Widget], list_name: str) -> str | None:
    """Append a blank row to the list ``list_name``; returns the new row's anchor (None: no such list)."""
    item = find(widgets, list_name)
    if item is None:
        return None
    if item.kind == "strings":
        item.value = [*item.value, ""]
        return f"{item.id}-{len(item.value) - 1}"
    if item.kind != "list":
        return None
    row = _blank_row(item, len(item.rows))
    item.rows.append(row)
    return row.id


def remove_row(widgets: list[Widget], row_name: str) -> str | None:
    """Drop the row ``row_name`` (``fuels.2``), renumbering the rows after it; returns the list's anchor."""
    list_name, _sep, index_text = row_name.rpartition(".")
    item = find(widgets, list_name)
    if item is None or not index_text.isdigit():
        return None
    index = int(index_text)
    if item.kind == "strings":
        item.value = [v for n, v in enumerate(item.value) if n != index]
        return item.id
    if item.kind != "list" or index >= len(item.rows):
        return None
    del item.rows[index]
    for number, row in enumerate(item.rows[index:], start=index):
        _rename(row, f"{item.name}.{number + 1}.", f"{item.name}.{number}.")
        row.number = number + 1
    return item.id


# --- reading a posted form ----------------------------------------------------------------------


def parse(widgets: list[Widget], post: Any) -> tuple[dict[str, Any], dict[str, str]]:
    """The section's values from a posted form, by key, and the inputs that could not be read.

    A blank input is left out (the schema's default applies), a blank row or optional group is
    dropped; a number that cannot be read is reported by input name (and left out)."""
    errors: dict[str, str] = {}
    values: dict[str, Any] = {}
    for item in widgets:
        value, typed = _parse(item, post, errors)
        if item.kind == "group" and item.optional_group and not typed:
            values[item.name] = None
        elif value is not _ABSENT:
            values[item.name] = value
    return values, errors


_ABSENT = object()


def _text(post: Any, name: str) -> str:
    return str(post.get(name, "")).replace("\r\n", "\n")


def _parse(item: Widget, post: Any, errors: dict[str, str]) -> tuple[Any, bool]:
    """(the value, whether anything was typed) of one widget; ``_ABSENT`` when it is left out."""
    kind = item.kind
    if kind == "group":
        value, typed = _parse_group(item.children, post, errors)
        if item.optional_group and not typed:
            return _ABSENT, False
        return value, typed
    if kind == "list":
        rows = []
        stored = {row.name: row for row in item.rows}
        for index in _row_indices(item.name, post):
            row_prefix = f"{item.name}.{index}."
            known = stored.get(f"{item.name}.{index}")
            children = (
                known.children
                if known is not None
                else [_renamed(child, item.name + ".__.", row_prefix) for child in item.children]
            )
            value, typed = _parse_group(children, post, errors)
            if typed:
                rows.append(value)
        return rows, bool(rows)
    if kind == "strings":
        texts = [_text(post, key) for key in _string_keys(item.name, post)]
        kept = [t for t in texts if t.strip()]
        return kept, bool(kept)
    if kind == "companies":
        posted = [str(v) for v in (post.getlist(item.name) if hasattr(post, "getlist") else [])]
        # the order entered before is kept; companies ticked now come after them
        chosen = [v for v in item.value if v in posted] + [v for v in posted if v not in item.value]
        return chosen, bool(chosen)
    if kind == "not_applicable":
        declared = {}
        for child in item.children:
            reason = _text(post, f"{child.name}.reason")
            # a reason typed without ticking the box declares the criterion too (nothing typed is lost)
            if f"{child.name}.declared" in post or reason.strip():
                declared[child.key] = reason
        return declared, bool(declared)
    if kind == "bool":
        return item.name in post, False
    text = _text(post, item.name)
    if kind == "used_by":
        outside = _text(post, f"{item.name}.other")
        if text.strip():
            return text, True
        if outside.strip():
            return outside, True
        return _ABSENT, False
    if not text.strip():
        return _ABSENT, False
    if kind in ("choice", "company", "country", "series"):
        return text, text != (item.default or "")  # a choice left at its default is not typed
    if kind in ("quantity", "amount"):
        return _read_quantity(item, text, str(post.get(f"{item.name}.unit", "")), errors), True
    if kind == "share":
        return _read_percent(item, text, errors), True
    if kind in ("number", "integer", "year"):
        try:
            number = _read_number(item, text)
        except _WrongUnitError:
            errors[item.name] = _("Enter the value in {unit}, such as {example} {unit}.").format(
                unit=item.unit, example=i18n.exact_number(120)
            )
            return _ABSENT, True
        except ValueError:
            errors[item.name] = _("Enter a number, such as {example}.").format(
                example=i18n.exact_number(1234.5 if kind == "number" else 1234)
            )
            return _ABSENT, True
        if kind == "number":
            return float(number), True
        if number != number.to_integral_value():
            errors[item.name] = _("Enter a whole number.")
            return _ABSENT, True
        return int(number), True
    if (item.model, item.key) == ("WasteStream", "ewc"):
        return _waste_code(text), True
    return text, True


def _waste_code(text: str) -> str:
    """A European Waste Catalogue code written as the catalogue writes it: ``101003``, ``10.10.03``
    or ``10-10-03`` → ``10 10 03`` (a trailing ``*`` kept); anything else as typed, for the core to judge."""
    found = re.fullmatch(r"\s*(\d{2})[\s.\-]?(\d{2})[\s.\-]?(\d{2})\s*(\*?)\s*", text)
    return f"{found.group(1)} {found.group(2)} {found.group(3)}{found.group(4)}" if found else text


class _WrongUnitError(ValueError):
    """A number typed with a unit that cannot be turned into the field's unit."""


#: a plain number field's unit (as shown beside it) as pint reads it, where it is a unit pint knows
_PINT_UNITS = {"m": "m", "kg CO2e": "kg", "g CO2e/kWh": "g/kWh", "°C": "degC", "kW": "kW", "kWh": "kWh"}


def _read_number(item: Widget, text: str) -> Decimal:
    """A plain number, or one typed with a unit (``0,8 km`` in a field in m, ``48 500 t`` in kg CO2e,
    ``597 kg/MWh`` in g CO2e/kWh, ``180 °C``, ``2045 r.`` for a year), converted to the field's unit."""
    if item.kind == "year":
        text = re.sub(r"\s*(r\.?|rok|Jahr)\s*$", "", text.strip(), flags=re.IGNORECASE)
    match = _NUMBER_AND_UNIT.match(text)
    if match is None or not (match.group(2) or "").strip():
        return i18n.parse_number(text)
    number = i18n.parse_number(match.group(1))
    typed = match.group(2).strip()
    written = re.sub(r"\s*CO2e?\b|\s*CO₂e?\b", "", typed).replace(" ", "")
    if item.unit and written.casefold() == re.sub(r"\s*CO2e?\b", "", item.unit).replace(" ", "").casefold():
        return number
    target = _PINT_UNITS.get(item.unit)
    if target is None:
        raise _WrongUnitError(typed)
    from gia.units import convert

    try:
        return Decimal(repr(convert(float(number), written.replace("°C", "degC"), target)))
    except Exception as error:  # pint's errors for a unit it does not know or cannot convert
        raise _WrongUnitError(typed) from error


def _renamed(item: Widget, old: str, new: str) -> Widget:
    copy = Widget(**{**item.__dict__, "children": [], "rows": []})
    copy.name = new + item.name[len(old) :] if item.name.startswith(old) else item.name
    copy.children = [_renamed(child, old, new) for child in item.children]
    return copy


def _parse_group(children: list[Widget], post: Any, errors: dict[str, str]) -> tuple[dict[str, Any], bool]:
    value: dict[str, Any] = {}
    typed_any = False
    for child in children:
        parsed, typed = _parse(child, post, errors)
        typed_any = typed_any or typed
        if parsed is not _ABSENT and not (child.kind == "group" and child.optional_group and not typed):
            value[child.key] = parsed
    return value, typed_any


_NUMBER_AND_UNIT = re.compile(r"^\s*([+\-\u2212]?[\d][\d\s\u00a0\u202f.,']*)\s*(\S.*)?$")


def _read_quantity(item: Widget, text: str, unit: str, errors: dict[str, str]) -> Any:
    """``1,2 GWh`` or ``1 200`` with the unit chosen beside it → what the core reads."""
    options = [value for value, _words in item.units]
    examples = format_list([words for _value, words in item.units], style="or", locale=i18n.language())
    match = _NUMBER_AND_UNIT.match(text)
    try:
        if match is None:
            raise ValueError(text)
        number = i18n.parse_number(match.group(1))
    except ValueError:
        errors[item.name] = _("Enter a number with its unit, for example {example} ({units}).").format(
            example=f"{i18n.exact_number(1.2)} {item.units[-1][1] if item.kind == 'quantity' else 'MWh'}",
            units=examples,
        )
        return _ABSENT
    typed_unit = (match.group(2) or "").strip()
    chosen = typed_unit or unit or (options[0] if options else "")
    try:
        if item.kind == "amount":
            value = Amount.model_validate(
                {"value": float(number), "unit": chosen}
                if chosen in ("kWh", "t", "m3")
                else f"{number} {chosen}"
            )
            return value.model_dump()
        return parse_in({"value": float(number), "unit": chosen}, item.dimension)
    except ValueError:
        errors[item.name] = _("Enter the amount in {units}.").format(units=examples)
        return _ABSENT


def _read_percent(item: Widget, text: str, errors: dict[str, str]) -> Any:
    cleaned = text.strip().removesuffix("%").strip()
    try:
        number = i18n.parse_number(cleaned)
    except ValueError:
        errors[item.name] = _("Enter a percentage, such as {example} %.").format(
            example=i18n.exact_number(55.5)
        )
        return _ABSENT
    share = number / 100
    if share < 0 or share > 1:
        errors[item.name] = _("Enter a percentage between 0 and 100.")
        return _ABSENT
    return float(share)


# --- errors beside their inputs -----------------------------------------------------------------


def input_name(place: str) -> str:
    """``fuels[0].amount`` → ``fuels.0.amount`` (a core message's place as an input's name)."""
    place = re.sub(r"\s*\(line \d+\)$", "", place)
    return re.sub(r"\[(\d+)\]", r".\1", place).replace("['", ".").replace("']", "").strip(".")


@dataclass
class Problem:
    """An error as the page shows it: where (in words), what, and the input it links to."""

    where: str
    message: str
    anchor: str


def attach_errors(widgets: list[Widget], errors: dict[str, str], describe: Any) -> list[Problem]:
    """Put each message beside its input (or the nearest row or group that holds the place) and
    return them all for the summary at the top of the page, in the order of the form."""
    by_name: dict[str, Widget | Row] = {}
    for top in widgets:
        for item in top.walk():
            by_name[item.name] = item
            for row in item.rows:
                by_name[row.name] = row
    placed: dict[str, tuple[str, str]] = {}
    for name, message in errors.items():
        target = name
        while target and target not in by_name:
            target = target.rpartition(".")[0]
        holder = by_name.get(target) if target else None
        if holder is None and widgets:
            holder = widgets[0]
        if holder is not None and not holder.error:
            holder.error = message
        placed[name] = (message, holder.id if holder is not None else "")
    order = {name: position for position, name in enumerate(by_name)}
    problems = []
    for name, (message, anchor) in sorted(
        placed.items(), key=lambda kv: order.get(_nearest(kv[0], order), 0)
    ):
        problems.append(Problem(describe(name), message, anchor))
    return problems


def _nearest(name: str, order: dict[str, int]) -> str:
    while name and name not in order:
        name = name.rpartition(".")[0]
    return name


def place_of(name: str) -> str:
    """An input's name as the core writes the place: ``fuels.0.amount`` → ``fuels[0].amount``."""
    return re.sub(r"\.(\d+)(?=\.|$)", r"[\1]", name)


def values_into(section: Section, data: dict[str, Any], values: dict[str, Any]) -> dict[str, Any]:
    """``data`` with the section's keys replaced by ``values`` (left-out keys removed, so that the
    schema's defaults apply)."""
    import copy

    result = copy.deepcopy(data)
    for key in section.keys:
        parts = key.split(".")
        holder = result
        for part in parts[:-1]:
            if not isinstance(holder.get(part), dict):
                holder[part] = {}
            holder = holder[part]
        holder.pop(parts[-1], None)
        if key in values:
            holder[parts[-1]] = values[key]
    return result
