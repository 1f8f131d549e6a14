"""Numbers as a reader of the page's language expects them, with their units (joined by no-break
spaces: a narrow screen never puts the unit on the next line)."""

from __future__ import annotations

from typing import Any

from django import template

from gia import i18n

register = template.Library()
NBSP = "\u00a0"


def _glued(text: str) -> str:
    """``12 705 kWh`` with the unit glued to its number (the number's own group separators stay)."""
    number, space, unit = text.partition(" ")
    return f"{number}{NBSP}{unit.replace(' ', NBSP)}" if space and len(unit) <= 20 else text


@register.filter
def quantity(value: Any, unit: str = "") -> str:
    """``0.133|quantity:"share"`` → ``13.3%``; ``2654925210|quantity:"kWh"`` → ``2,654,925,210 kWh``."""
    if value is None or value == "":
        return "—"
    try:
        return _glued(i18n.value(float(value), unit))
    except (TypeError, ValueError):
        return str(value)


@register.filter
def percent(value: Any, decimals: int = 0) -> str:
    if value is None:
        return "—"
    return i18n.percent(float(value), int(decimals))


@register.filter
def megawatt_hours(kwh: Any) -> str:
    return "—" if kwh is None else i18n.number(float(kwh) / 1000) + NBSP + "MWh"


@register.filter
def tonnes(kg: Any) -> str:
    return "—" if kg is None else i18n.number(float(kg) / 1000) + NBSP + "t" + NBSP + "CO2e"


@register.filter
def get(mapping: Any, key: Any) -> Any:
    return mapping.get(key) if isinstance(mapping, dict) else None


@register.filter
def number(value: Any, decimals: int = 0) -> str:
    """``9.25|number:1`` → ``9.2`` (en), ``9,2`` (pl): the core's formatting, so a figure reads the
    same on every page (Django's floatformat rounds halves differently)."""
    if value is None or value == "":
        return "—"
    return i18n.number(float(value), int(decimals))
