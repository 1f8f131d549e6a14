"""Web forms generated from the submission schema (the same pydantic models the core validates).

A field of the schema becomes an input named by its path (``fuels.0.amount``); a list of records
becomes a table with a row per entry and blank rows to add more; a nested record becomes a group.
What the user typed is turned back into the nested document (:func:`parse_post`) and checked by the
core; its messages (``fuels[0].amount: expected an energy…``) are shown beside the input they name
(:func:`errors_by_name`). Quantities accept units as everywhere else: ``1.2 GWh`` or a bare number in
the unit the label names.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import types
import typing
from dataclasses import dataclass, field
from typing import Any, Literal, Union

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from gia.dataset.quantities import Amount

#: blank rows offered under each table to add entries
BLANK_ROWS = 2


@dataclass
class FormField:
    name: str  # the input's name: a dotted path
    key: str  # the schema's field name
    kind: str  # text, number, choice, bool, amount, json, group, table
    label: str
    help: str = ""
    unit: str = ""
    required: bool = False
    choices: tuple[str, ...] = ()
    value: Any = ""
    error: str = ""
    children: list[FormField] = field(default_factory=list)  # group: fields; table: header fields
    rows: list[list[FormField]] = field(default_factory=list)  # table rows


def _unwrap(annotation: Any) -> tuple[Any, bool]:
    """(the type without ``| None`` and ``Annotated``, whether None is allowed)."""
    optional = False
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (Union, types.UnionType):
            args = [a for a in typing.get_args(annotation) if a is not type(None)]
            optional = optional or len(args) < len(typing.get_args(annotation))
            if len(args) != 1:
                return annotation, optional
            annotation = args[0]
        else:
            return annotation, optional


def _unit(name: str, info: FieldInfo) -> str:
    for text in (info.description or "", *(getattr(m, "description", "") or "" for m in info.metadata)):
        found = re.search(r"\[([^\]]+)\]", text)
        if found:
            return found.group(1)
    suffix = name.rsplit("_", 1)[-1]
    return {"kwh": "kWh", "t": "t", "kg": "kg", "m3": "m3", "ha": "ha", "m2": "m2", "kw": "kW"}.get(
        suffix, ""
    )


def _help(info: FieldInfo) -> str:
    text = info.description or ""
    return re.sub(r"\s*\[[^\]]+\]\s*$", "", text)


def _kind(annotation: Any) -> tuple[str, tuple[str, ...], type[BaseModel] | None]:
    if annotation is Amount:
        return "amount", (), None
    if typing.get_origin(annotation) is Literal:
        return "choice", tuple(str(a) for a in typing.get_args(annotation)), None
    if annotation is bool:
        return "bool", (), None
    if annotation in (int, float):
        return "number", (), None
    if annotation in (str, dt.date):
        return "text", (), None
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return "group", (), annotation
    if typing.get_origin(annotation) is list:
        (item,) = typing.get_args(annotation) or (Any,)
        item, _optional = _unwrap(item)
        if isinstance(item, type) and issubclass(item, BaseModel) and item is not Amount:
            return "table", (), item
    return "json", (), None


def _display(kind: str, value: Any) -> Any:
    if value is None:
        return ""
    if kind == "amount" and isinstance(value, dict):
        return f"{value.get('value', '')} {value.get('unit', '')}".strip()
    if kind == "json":
        return json.dumps(value, ensure_ascii=False)
    if kind == "number" and isinstance(value, float) and value.is_integer():
        return str(int(value))
    return value


def build(model: type[BaseModel], data: dict[str, Any], prefix: str = "", depth: int = 0) -> list[FormField]:
    """The form fields of ``model`` filled with ``data``."""
    fields = []
    for key, info in model.model_fields.items():
        name = info.alias or key
        annotation, optional = _unwrap(info.annotation)
        kind, choices, sub = _kind(annotation)
        if depth >= 1 and kind in ("group", "table"):
            kind, sub = "json", None
        path = f"{prefix}{name}"
        item = FormField(
            name=path,
            key=name,
            kind=kind,
            label=name.replace("_", " "),
            help=_help(info),
            unit=_unit(name, info),
            required=info.is_required() and not optional,
            choices=choices,
        )
        value = data.get(name) if isinstance(data, dict) else None
        if kind == "group" and sub is not None:
            item.children = build(sub, value or {}, f"{path}.", depth + 1)
        elif kind == "table" and sub is not None:
            item.children = build(sub, {}, f"{path}.__.", depth + 1)
            entries = value if isinstance(value, list) else []
            for index, entry in enumerate([*entries, *([{}] * BLANK_ROWS)]):
                item.rows.append(build(sub, entry, f"{path}.{index}.", depth + 1))
        else:
            item.value = _display(kind, value if value is not None else "")
        fields.append(item)
    return fields


def _convert(kind: str, text: str) -> Any:
    text = text.strip()
    if kind == "bool":
        return text in ("on", "true", "yes", "1")
    if kind == "json":
        try:
            return json.loads(text)
        except json.JSONDecodeError:
            return text  # the core says what is wrong with it
    if kind == "number":
        try:
            number = float(text.replace(",", "."))
        except ValueError:
            return text  # a quantity with a unit ("1.2 GWh"), or a mistake the core names
        return int(number) if number.is_integer() and "." not in text else number
    return text


def parse_post(model: type[BaseModel], post: Any, prefix: str = "", depth: int = 0) -> dict[str, Any]:
    """The nested document from a submitted form; blank inputs and blank table rows are left out."""
    data: dict[str, Any] = {}
    for item in build(model, {}, prefix, depth):
        if item.kind == "group":
            _annotation, sub = _sub_model(model, item.key)
            nested = parse_post(sub, post, f"{item.name}.", depth + 1)
            if nested:
                data[item.key] = nested
        elif item.kind == "table":
            _annotation, sub = _sub_model(model, item.key)
            indices = sorted(
                {
                    int(m.group(1))
                    for k in post
                    for m in [re.match(re.escape(item.name) + r"\.(\d+)\.", k)]
                    if m
                }
            )
            rows = [parse_post(sub, post, f"{item.name}.{i}.", depth + 1) for i in indices]
            rows = [row for row in rows if row]
            if rows:
                data[item.key] = rows
        elif item.kind == "bool":
            if f"{item.name}.present" in post:
                data[item.key] = item.name in post
        else:
            text = post.get(item.name, "")
            if str(text).strip():
                data[item.key] = _convert(item.kind, str(text))
    return data


def _sub_model(model: type[BaseModel], key: str) -> tuple[Any, type[BaseModel]]:
    info = next(i for k, i in model.model_fields.items() if (i.alias or k) == key)
    annotation, _optional = _unwrap(info.annotation)
    if typing.get_origin(annotation) is list:
        annotation, _optional = _unwrap(typing.get_args(annotation)[0])
    return info, annotation


def input_name(place: str) -> str:
    """``fuels[0].amount`` → ``fuels.0.amount`` (a core message's place as the input's name)."""
    return re.sub(r"\[(\d+)\]", r".\1", place).strip(".")


def errors_by_name(problems: list[tuple[str, str]], prefix: str = "") -> dict[str, str]:
    found: dict[str, str] = {}
    for place, message in problems:
        place = re.sub(r"\s*\(line \d+\)$", "", place)
        name = input_name(place)
        if prefix and name.startswith(prefix):
            name = name[len(prefix) :]
        found.setdefault(name, message)
    return found


def attach_errors(fields: list[FormField], errors: dict[str, str]) -> list[str]:
    """Put each message beside its input; return the messages that have no input of their own."""
    placed: set[str] = set()

    def walk(items: list[FormField]) -> None:
        for item in items:
            for name, message in errors.items():
                if name == item.name or (item.kind == "json" and name.startswith(item.name + ".")):
                    item.error = item.error or message
                    placed.add(name)
            walk(item.children if item.kind == "group" else [])
            for row in item.rows:
                walk(row)

    walk(fields)
    return [
        f"{name}: {message}" if name else message for name, message in errors.items() if name not in placed
    ]
