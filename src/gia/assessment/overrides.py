"""An auditor's value for a criterion, typed in the criterion's own unit and in the reader's number format.

The assessment stores each indicator's value in one unit (:data:`gia.assessment.registry.UNITS`): a
share as a fraction of one, a carbon intensity in kg CO2e/MWh, a count, charging points per 100
employees, yes/no as 1/0. People read and type them differently: a share in percent (``"55 %"``,
``"55,5 %"`` with a decimal comma), an intensity with or without its unit (``"350"``,
``"350 kg CO2e/MWh"``, ``"0,35 t CO2e/MWh"``). :func:`parse_auditor_value` reads such a text (the
number with :func:`gia.i18n.parse_number`) and returns the value in the stored unit;
:func:`check_auditor_value` refuses values outside the
indicator's sensible range (and NaN, infinities, absurd magnitudes) with a message naming the
criterion. A criterion scored from several parts (unit ``points``, no single indicator) has no value
an auditor could set: :func:`entry_for` returns None for it.

Pure functions: no Django, no database; messages through :mod:`gia.i18n` in the active language.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from decimal import Decimal

from babel.numbers import format_decimal

from gia import i18n
from gia.i18n import _

#: a value typed by a person is never longer than this
MAX_TEXT_LENGTH = 64
#: decimals kept in the stored unit (as :mod:`gia.units` keeps for quantities)
STORED_DECIMALS = 9


@dataclass(frozen=True)
class ValueEntry:
    """How a value of one indicator is entered: its stored unit and the range that makes sense [stored unit]."""

    unit: str
    low: float
    high: float
    whole: bool = False


#: the sensible range of each stored unit (a share: 0 to 100 %)
DEFAULT_RANGES: dict[str, ValueEntry] = {
    "share": ValueEntry("share", 0.0, 1.0),
    "kg CO2e/MWh": ValueEntry(
        "kg CO2e/MWh", 0.0, 2000.0
    ),  # lignite's heat is about 400, its power about 1 100
    "count": ValueEntry("count", 0.0, 100_000.0, whole=True),
    "per 100 employees": ValueEntry("per 100 employees", 0.0, 1000.0),
    "yes/no": ValueEntry("yes/no", 0.0, 1.0, whole=True),
}
#: indicators whose values leave their unit's usual range: changes that may be negative, ratios above one
INDICATOR_RANGES: dict[str, ValueEntry] = {
    # 1 − emissions ÷ baseline: negative when emissions grew (−200 %: they tripled)
    "ghg_reduction_vs_baseline": ValueEntry("share", -2.0, 1.0),
    # the yearly change of energy intensity: negative when it grew
    "energy_intensity_improvement": ValueEntry("share", -1.0, 1.0),
    # emissions ÷ baseline emissions: above 100 % when they grew
    "scope12_market_vs_baseline_ratio": ValueEntry("share", 0.0, 5.0),
    # an area's size is counted in hectares, not in whole things
    "area_size_ha": ValueEntry("count", 0.0, 1_000_000.0),
}

#: units a person may type after the number, per stored unit → factor to the stored unit
_SHARE_UNITS = {"": Decimal("0.01"), "%": Decimal("0.01"), "percent": Decimal("0.01"), "pct": Decimal("0.01")}
_INTENSITY_UNITS = {
    "": Decimal(1),
    "kg/mwh": Decimal(1),
    "g/kwh": Decimal(1),
    "t/gwh": Decimal(1),
    "t/mwh": Decimal(1000),
    "kg/kwh": Decimal(1000),
    "g/mwh": Decimal("0.001"),
}
_YES = {"yes", "y", "true", "1"}
_NO = {"no", "n", "false", "0"}

_NUMBER_THEN_UNIT = re.compile(r"^([+\-\u2212]?[\d.,][\d.,\s\u00a0\u202f\u2009']*)(.*)$")


class AuditorValueError(ValueError):
    """A value an auditor typed that cannot stand for the criterion; ``message`` says why and names it."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def entry_for(indicator: str | None, unit: str) -> ValueEntry | None:
    """How a value of ``indicator`` (stored in ``unit``) is entered; None when it cannot be set by hand
    (a criterion scored from several parts has no single indicator)."""
    if not indicator or unit not in DEFAULT_RANGES:
        return None
    return INDICATOR_RANGES.get(indicator, DEFAULT_RANGES[unit])


def entry_unit(unit: str) -> str:
    """The unit written beside the field, in the active language: ``%`` for a share, none for a count."""
    if unit == "share":
        return "%"
    if unit == "per 100 employees":
        return _("per 100 employees")
    if unit == "kg CO2e/MWh":
        return "kg CO2e/MWh"
    return ""


def _entry_number(value: float, unit: str) -> float:
    return value * 100 if unit == "share" else value


def format_entry(value: float | None, unit: str, language: str | None = None) -> str:
    """A stored value as a person would type it back (``0.555`` share → ``55,5`` in Polish), no unit."""
    if value is None or not math.isfinite(value):
        return ""
    if unit == "yes/no":
        return "yes" if value else "no"
    return format_decimal(
        round(_entry_number(value, unit), 6), format="#,##0.######", locale=language or i18n.language()
    )


def shown_value(value: float, unit: str) -> str:
    """A stored value in its entry unit as a reader of the active language writes it, without needless
    decimals (``50 %``, ``−200 %``, ``2 000 kg CO2e/MWh``, ``yes``)."""
    if unit == "share":
        return i18n.percent(value, 0 if float(value * 100).is_integer() else 1)
    if unit == "yes/no":
        return _("yes") if value else _("no")
    number = i18n.number(value, 0 if float(value).is_integer() else 2)
    return f"{number} {entry_unit(unit)}".strip()


def _unit_key(text: str) -> str:
    """A unit as typed, compared without case, spaces and the gas (``kg CO2e/MWh`` → ``kg/mwh``)."""
    key = re.sub(r"co[2₂](?:[-\s]?eq?)?", "", text.strip().lower())
    return re.sub(r"\s+", "", re.sub(r"\bper\b", "/", key))


def _example(unit: str) -> str:
    return {
        "share": "55 %",
        "kg CO2e/MWh": "350 kg CO2e/MWh",
        "count": "4",
        "per 100 employees": "5",
        "yes/no": _("yes"),
    }.get(unit, "")


def parse_auditor_value(text: str, criterion: str, indicator: str | None, unit: str) -> float:
    """The value an auditor typed for ``criterion`` (its id and name, for messages), in the stored unit.

    ``text`` is in the criterion's own unit and the active language's number format: a share in
    percent (``"55"``, ``"55 %"``, ``"55,5 %"``), an intensity in kg CO2e/MWh (``"350"``,
    ``"350 kg CO2e/MWh"``, ``"0,35 t CO2e/MWh"``), a count as a whole number, yes/no as a word.
    Raises :class:`AuditorValueError` with a message naming the criterion.
    """
    entry = entry_for(indicator, unit)
    if entry is None:
        raise AuditorValueError(
            _(
                "{criterion} is scored from several parts; it has no single value to set. Accept it, request evidence or raise a finding."
            ).format(criterion=criterion)
        )
    text = (text or "").strip()
    if not text:
        raise AuditorValueError(_("{criterion}: enter the auditor's value.").format(criterion=criterion))
    if len(text) > MAX_TEXT_LENGTH:
        raise AuditorValueError(_("{criterion}: the value is too long.").format(criterion=criterion))
    if unit == "yes/no":
        word = text.lower()
        if word in _YES or word == _("yes").lower():
            return check_auditor_value(1.0, criterion, indicator, unit)
        if word in _NO or word == _("no").lower():
            return check_auditor_value(0.0, criterion, indicator, unit)
        raise AuditorValueError(_("{criterion}: choose yes or no.").format(criterion=criterion))
    match = _NUMBER_THEN_UNIT.match(text)
    if match is None:
        raise AuditorValueError(
            _("{criterion}: “{text}” is not a number; write it like “{example}”.").format(
                criterion=criterion, text=text, example=_example(unit)
            )
        )
    number_text, unit_text = match.group(1).strip(), match.group(2)
    try:
        number = i18n.parse_number(number_text)
    except ValueError:
        raise AuditorValueError(
            _("{criterion}: “{text}” is not a number; write it like “{example}”.").format(
                criterion=criterion, text=text, example=_example(unit)
            )
        ) from None
    factors: dict[str, Decimal]
    if unit == "share":
        factors = _SHARE_UNITS
    elif unit == "kg CO2e/MWh":
        factors = _INTENSITY_UNITS
    elif unit == "per 100 employees":
        factors = {
            "": Decimal(1),
            _unit_key("per 100 employees"): Decimal(1),
            _unit_key(entry_unit(unit)): Decimal(1),
        }
    else:
        factors = {"": Decimal(1)}
    key = _unit_key(unit_text)
    if key not in factors:
        raise AuditorValueError(
            _(
                "{criterion}: enter the value in {unit}, like “{example}”; “{given}” is not a unit of it."
            ).format(
                criterion=criterion,
                unit=entry_unit(unit) or _("a plain number"),
                example=_example(unit),
                given=unit_text.strip(),
            )
        )
    value = float(number * factors[key])
    if math.isfinite(value):
        value = round(value, STORED_DECIMALS)
    return check_auditor_value(value, criterion, indicator, unit)


def check_auditor_value(value: float, criterion: str, indicator: str | None, unit: str) -> float:
    """``value`` [stored unit] when it can stand for ``criterion``'s indicator; otherwise
    :class:`AuditorValueError` saying the range that makes sense, in the criterion's own unit."""
    entry = entry_for(indicator, unit)
    if entry is None:
        raise AuditorValueError(
            _(
                "{criterion} is scored from several parts; it has no single value to set. Accept it, request evidence or raise a finding."
            ).format(criterion=criterion)
        )
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise AuditorValueError(
            _("{criterion}: the value must be a finite number.").format(criterion=criterion)
        )
    if not entry.low <= value <= entry.high:
        raise AuditorValueError(
            _("{criterion}: {value} is outside the range that makes sense here, {low} to {high}.").format(
                criterion=criterion,
                value=shown_value(value, unit) if abs(value) < 1e15 else _("an absurd magnitude"),
                low=shown_value(entry.low, unit),
                high=shown_value(entry.high, unit),
            )
        )
    if entry.whole and not float(value).is_integer():
        raise AuditorValueError(
            _("{criterion}: a count is a whole number.").format(criterion=criterion)
            if unit == "count"
            else _("{criterion}: choose yes or no.").format(criterion=criterion)
        )
    return float(value)
