"""Reading YAML and JSON documents into validated pydantic models, with precise error places.

A validation error names the file, the path inside the document (``criteria[3].scale.anchors[1]``)
and, for YAML, the line. Nothing is returned unless the whole document is valid.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from gia.errors import GiaInputError, PlacedValueError
from gia.i18n import _

ModelT = TypeVar("ModelT", bound=BaseModel)

#: the largest document GIA reads (a submission of a very large area is far below this)
MAX_DOCUMENT_BYTES = 20 * 1024 * 1024


def format_location(location: Sequence[int | str]) -> str:
    """``("criteria", 3, "scale")`` → ``criteria[3].scale``."""
    text = ""
    for part in location:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text


_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when PyYAML has it: 4× faster


class _Yaml12Loader(_BaseLoader):  # type: ignore[misc, valid-type]
    """PyYAML's safe loader with YAML 1.2 booleans: only true/false, so that the country code NO
    (Norway), or "yes", "on" and "off", stay text."""


_Yaml12Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in _BaseLoader.yaml_implicit_resolvers.items()
}
_Yaml12Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


def _line_index(node: yaml.Node, path: tuple[int | str, ...] = ()) -> dict[tuple[int | str, ...], int]:
    """Map every path in a composed YAML document to its 1-based line number."""
    lines = {path: node.start_mark.line + 1}
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            lines.update(_line_index(value, (*path, key.value)))
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            lines.update(_line_index(item, (*path, index)))
    return lines


class Lines:
    """Line numbers of a YAML document's nodes, worked out only when an error needs one."""

    def __init__(self, node: yaml.Node) -> None:
        self._node = node
        self._index: dict[tuple[int | str, ...], int] | None = None

    def line_of(self, location: tuple[int | str, ...]) -> int | None:
        """The line of ``location`` or of its nearest enclosing node."""
        if self._index is None:
            self._index = _line_index(self._node)
        for cut in range(len(location), -1, -1):
            if location[:cut] in self._index:
                return self._index[location[:cut]]
        return None


def N_(message: str) -> str:  # noqa: N802  (gettext's no-op marker)
    return message


#: what a person is told to write where a text does not have the form a field needs
PATTERN_HINTS = {
    r"^[a-z0-9][a-z0-9_\-]*$": N_("use lower-case letters, digits and hyphens, such as north-park"),
    r"^[A-U](\d{2}(\.\d{1,2})?)?$": N_("write a NACE code such as C24.53 or H52.10"),
    r"^\d{2} \d{2} \d{2}\*?$": N_("write a waste code such as 10 01 05, or 16 06 01* for hazardous waste"),
    r"^(R(1[0-3]|[1-9])|D(1[0-5]|[1-9]))$": N_("write a treatment code from R1 to R13 or from D1 to D15"),
    r"^[A-Za-z0-9\-]+$": N_("write the refrigerant's name such as R-410A or R-744, without spaces"),
    r"^[A-Z]{2}$": N_("write a two-letter country code such as PL or DE"),
    r"^[A-Z]{2}-\d{2}$": N_("write a criterion such as EN-07"),
}


def problems_from(error: ValidationError, lines: Lines | None = None) -> list[tuple[str, str]]:
    """One (place, message) pair per pydantic error, without pydantic's internal tags."""
    problems = []
    for item in error.errors(include_url=False):
        location = tuple(part for part in item["loc"] if not _is_internal_tag(part))
        cause = (item.get("ctx") or {}).get("error")
        if isinstance(cause, PlacedValueError):
            location = (*location, *parse_place(cause.place))
        place = format_location(location)
        if lines:
            line = lines.line_of(location)
            if line is not None:
                place = _("{place} (line {line})").format(place=place or "document", line=line)
        problems.append((place, _message(item)))
    return problems


def parse_place(place: str) -> tuple[int | str, ...]:
    """``"companies[2].fuels[0]"`` → ``("companies", 2, "fuels", 0)``."""
    parts: list[int | str] = []
    for token in re.findall(r"[^.\[\]]+|\[\d+\]", place):
        parts.append(int(token[1:-1]) if token.startswith("[") else token)
    return tuple(parts)


def _message(item: Any) -> str:
    """A translated message for pydantic's common error types; pydantic's own text otherwise."""
    kind = item["type"]
    ctx = item.get("ctx") or {}
    messages = {
        "missing": lambda: _("this field is required"),
        "extra_forbidden": lambda: _("unknown field (check its spelling)"),
        "greater_than_equal": lambda: _("must be at least {limit}").format(limit=ctx.get("ge")),
        "greater_than": lambda: _("must be greater than {limit}").format(limit=ctx.get("gt")),
        "less_than_equal": lambda: _("must be at most {limit}").format(limit=ctx.get("le")),
        "less_than": lambda: _("must be less than {limit}").format(limit=ctx.get("lt")),
        "int_parsing": lambda: _("must be a whole number"),
        "int_from_float": lambda: _("must be a whole number"),
        "int_type": lambda: _("must be a whole number"),
        "float_parsing": lambda: _("must be a number"),
        "float_type": lambda: _("must be a number"),
        "bool_parsing": lambda: _("must be true or false"),
        "bool_type": lambda: _("must be true or false"),
        "string_type": lambda: _("must be a text"),
        "string_too_short": lambda: _("must not be empty"),
        "string_too_long": lambda: _("is too long (at most {limit} characters)").format(
            limit=ctx.get("max_length")
        ),
        "string_pattern_mismatch": lambda: (
            _(PATTERN_HINTS[ctx.get("pattern")])
            if ctx.get("pattern") in PATTERN_HINTS
            else _("does not have the expected form ({pattern})").format(pattern=ctx.get("pattern"))
        ),
        "literal_error": lambda: _("must be one of {expected}").format(expected=ctx.get("expected")),
        "enum": lambda: _("must be one of {expected}").format(expected=ctx.get("expected")),
        "date_from_datetime_parsing": lambda: _("must be a date such as 2024-05-31"),
        "date_parsing": lambda: _("must be a date such as 2024-05-31"),
        "date_type": lambda: _("must be a date such as 2024-05-31"),
        "list_type": lambda: _("must be a list"),
        "dict_type": lambda: _("must be a mapping of fields"),
        "model_type": lambda: _("must be a mapping of fields"),
        "too_short": lambda: _("needs at least {limit} entries").format(limit=ctx.get("min_length")),
        "frozen_instance": lambda: _("cannot be changed"),
    }
    if kind in messages:
        return messages[kind]()
    cause = ctx.get("error")
    if isinstance(cause, PlacedValueError):
        return cause.message
    return str(item["msg"]).removeprefix("Value error, ")


def _is_internal_tag(part: int | str) -> bool:
    # pydantic adds the name of the chosen union member or validator function to the location
    return isinstance(part, str) and (
        part.startswith("function-")
        or part.endswith("]")
        or part in {"str", "float", "int", "bool", "dict", "list", "tagged-union"}
        or "[" in part
    )


#: how deep a document may nest its lists and objects (a submission needs 6)
MAX_DEPTH = 64
_STRINGS = re.compile(r'"(?:[^"\\]|\\.)*"')
_BRACKETS = re.compile(r"[\[\]{}]")


class _NotANumberError(ValueError):
    pass


def _refuse_constant(name: str) -> Any:
    raise _NotANumberError(name)


def _finite_float(text: str) -> float:
    number = float(text)
    if math.isinf(number):
        raise _NotANumberError(text)
    return number


def nesting_depth(text: str) -> int:
    """How deep the lists and objects of a JSON text nest (strings skipped), without parsing it."""
    depth = deepest = 0
    for bracket in _BRACKETS.findall(_STRINGS.sub("", text)):
        depth += 1 if bracket in "[{" else -1
        deepest = max(deepest, depth)
    return deepest


def load_json(text: str, name: str) -> Any:
    """Parse JSON strictly: nesting at most ``MAX_DEPTH`` deep (checked before parsing), no NaN or
    Infinity, no number too large for a float; every refusal names the document."""
    if nesting_depth(text) > MAX_DEPTH:
        raise GiaInputError(
            name, [("", _("the document nests deeper than {limit} levels").format(limit=MAX_DEPTH))]
        )
    try:
        return json.loads(text, parse_constant=_refuse_constant, parse_float=_finite_float)
    except _NotANumberError as exc:
        raise GiaInputError(
            name, [("", _("{value} is not a number GIA accepts: give a finite number").format(value=exc))]
        ) from None


def parse_text(text: str, name: str, suffix: str) -> tuple[Any, Lines | None]:
    """Parse JSON or YAML text; returns the data and (for YAML) the line index."""
    if suffix == ".json":
        try:
            return load_json(text, name), None
        except json.JSONDecodeError as exc:
            raise GiaInputError(
                name,
                [
                    (
                        _("line {line}, column {column}").format(line=exc.lineno, column=exc.colno),
                        _("not valid JSON: {error}").format(error=exc.msg),
                    )
                ],
            ) from None
    if suffix in (".yaml", ".yml"):
        try:
            loader = _Yaml12Loader(text)
            try:
                node = loader.get_single_node()
                data = loader.construct_document(node) if node is not None else None
            finally:
                loader.dispose()
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            place = (
                _("line {line}, column {column}").format(line=mark.line + 1, column=mark.column + 1)
                if mark
                else ""
            )
            problem = getattr(exc, "problem", None) or str(exc)
            raise GiaInputError(name, [(place, _("not valid YAML: {error}").format(error=problem))]) from None
        return data, (Lines(node) if node is not None else None)
    raise GiaInputError(
        name, [("", _("unsupported file type {suffix!r}; use .json, .yaml or .yml").format(suffix=suffix))]
    )


def read_path(path: Path) -> tuple[Any, Lines | None]:
    """Read and parse a JSON or YAML file, refusing files that are missing or too large."""
    name = str(path)
    if not path.is_file():
        raise GiaInputError(name, [("", _("file not found"))])
    size = path.stat().st_size
    if size > MAX_DOCUMENT_BYTES:
        raise GiaInputError(
            name,
            [
                (
                    "",
                    _("file is {size} MB; the limit is {limit} MB").format(
                        size=round(size / 1e6, 1), limit=MAX_DOCUMENT_BYTES // 1_000_000
                    ),
                )
            ],
        )
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise GiaInputError(
            name, [(_("byte {position}").format(position=exc.start), _("not UTF-8 text"))]
        ) from None
    return parse_text(text, name, path.suffix.lower())


def validate(
    model: type[ModelT],
    data: Any,
    name: str,
    lines: Lines | None = None,
    context: dict[str, Any] | None = None,
) -> ModelT:
    """Validate parsed data against ``model``; every error names its place in ``name``."""
    if not isinstance(data, dict):
        raise GiaInputError(
            name,
            [
                (
                    "",
                    _("the document must be a mapping of fields, not {kind}").format(
                        kind=type(data).__name__
                    ),
                )
            ],
        )
    try:
        return model.model_validate(data, context=context)
    except ValidationError as exc:
        raise GiaInputError(name, problems_from(exc, lines)) from None


def load(model: type[ModelT], path: Path, context: dict[str, Any] | None = None) -> ModelT:
    """Read ``path`` (JSON or YAML) and validate it against ``model``."""
    data, lines = read_path(path)
    return validate(model, data, str(path), lines, context)
