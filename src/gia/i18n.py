"""Translations of user-facing messages (gettext, domain ``gia``).

The catalogues live in ``gia/locale/<lang>/LC_MESSAGES/gia.mo``; English is the source language.
``activate`` switches the language for the process (the CLI's ``--lang``); the web platform will
activate per request.
"""

from __future__ import annotations

import contextlib
import gettext as _gettext
from collections.abc import Iterator
from contextvars import ContextVar
from functools import cache
from pathlib import Path

from babel import Locale
from babel.numbers import format_decimal, format_percent

LOCALE_DIR = Path(__file__).parent / "locale"
DOMAIN = "gia"
LANGUAGES = ("en", "pl", "de")


#: the active language, per thread and per asyncio task (the web platform serves several at once)
_state: ContextVar[tuple[str, _gettext.NullTranslations]] = ContextVar(
    "gia_language", default=("en", _gettext.NullTranslations())
)


@cache
def _translations(language: str) -> tuple[str, _gettext.NullTranslations]:
    found = _gettext.translation(DOMAIN, LOCALE_DIR, languages=[language], fallback=True)
    return (language if isinstance(found, _gettext.GNUTranslations) else "en", found)


def activate(language: str) -> None:
    """Use ``language`` for messages from now on; unknown languages fall back to English."""
    _state.set(_translations(language))


@contextlib.contextmanager
def override(language: str) -> Iterator[None]:
    """Use ``language`` inside the ``with`` block only."""
    token = _state.set(_translations(language))
    try:
        yield
    finally:
        _state.reset(token)


def language() -> str:
    return _state.get()[0]


def gettext(message: str) -> str:
    return _state.get()[1].gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return _state.get()[1].ngettext(singular, plural, n)


_ = gettext


@cache
def _percent_pattern(language: str, decimals: int) -> str:
    pattern = Locale.parse(language).percent_formats[None].pattern
    return pattern.replace("#,##0", "#,##0." + "0" * decimals, 1) if decimals else pattern


def percent(value: float, decimals: int = 0) -> str:
    """``0.133`` → ``13%`` (en), ``13%`` (pl), ``13 %`` (de): the active language's pattern."""
    active = language()
    return format_percent(value, format=_percent_pattern(active, decimals), locale=active)


def number(value: float, decimals: int = 0) -> str:
    """``12705000.0`` → ``12,705,000`` (en), ``12 705 000`` (pl), ``12.705.000`` (de)."""
    pattern = "#,##0" if decimals == 0 else "#,##0." + "0" * decimals
    return format_decimal(value, format=pattern, locale=language())


def value(amount: float | None, unit: str) -> str:
    """A value with its unit as a reader of the active language expects it (``13,3 %``, ``ja``)."""
    if amount is None:
        return "—"
    if unit == "share":
        return percent(amount, 1)
    if unit == "yes/no":
        return gettext("yes") if amount else gettext("no")
    if unit == "count":
        return number(amount, 0 if float(amount).is_integer() else 1)
    labels = {"points": gettext("points"), "per 100 employees": gettext("per 100 employees")}
    return f"{number(amount, 0 if abs(amount) >= 100 else 2)} {labels.get(unit, unit)}".strip()
