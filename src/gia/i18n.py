"""Translations of user-facing messages (gettext, domain ``gia``).

The catalogues live in ``gia/locale/<lang>/LC_MESSAGES/gia.mo``; English is the source language.
``activate`` switches the language for the process (the CLI's ``--lang``); the web platform will
activate per request.
"""

from __future__ import annotations

import contextlib
import gettext as _gettext
import re
from collections.abc import Iterator
from contextvars import ContextVar
from decimal import Decimal, InvalidOperation
from functools import cache
from pathlib import Path

from babel import Locale
from babel.numbers import format_decimal, format_percent, get_decimal_symbol, get_group_symbol

LOCALE_DIR = Path(__file__).parent / "locale"
DOMAIN = "gia"
LANGUAGES = ("en", "pl", "de", "da", "sv", "fi", "lt", "lv", "et")
#: the language of each partner country (an area's certificate is printed in it, beside English)
COUNTRY_LANGUAGE = {
    "PL": "pl",
    "DE": "de",
    "DK": "da",
    "SE": "sv",
    "FI": "fi",
    "LT": "lt",
    "LV": "lv",
    "EE": "et",
}


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


def pgettext(context: str, message: str) -> str:
    """A message whose translation depends on where it stands (e.g. a unit written after a number)."""
    return _state.get()[1].pgettext(context, message)


# --- language-neutral texts -------------------------------------------------------------------
#
# Inside ``neutral()`` every message, number and text of the standard the core writes is a
# ``Message``: a ``str`` holding the English (so code that compares, sorts or prints it keeps
# working) that also remembers how it was made (message id, plural, context, parameters). A result
# computed once this way is stored with ``encode`` and shown in any language with ``render``.


class Message(str):
    """A text whose words are chosen when it is read: its ``str`` value is the English."""

    spec: dict

    def __new__(cls, english: str, spec: dict) -> Message:
        made = super().__new__(cls, english)
        made.spec = spec
        return made

    def format(self, *args: object, **kwargs: object) -> Message:  # type: ignore[override]
        english = str.format(self, *args, **kwargs)
        spec = {**self.spec, "kw": {k: encode(v) for k, v in sorted(kwargs.items())}}
        if args:
            spec["pos"] = [encode(v) for v in args]
        return Message(english, spec)

    def __add__(self, other: object) -> Message:  # type: ignore[override]
        if not isinstance(other, str):
            return NotImplemented
        return Message(
            str.__add__(self, other), {"$": "join", "sep": "", "items": [encode(self), encode(other)]}
        )

    def __radd__(self, other: object) -> Message:
        if not isinstance(other, str):
            return NotImplemented
        return Message(
            str.__add__(other, self), {"$": "join", "sep": "", "items": [encode(other), encode(self)]}
        )

    def __reduce__(self):  # pickling (caches) keeps the spec
        return (Message, (str(self), self.spec))


class _NeutralTranslations(_gettext.NullTranslations):
    """Translations that choose no words: every message stays a ``Message`` to render later."""

    def gettext(self, message: str) -> str:
        return Message(message, {"$": "msg", "id": message})

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        english = singular if n == 1 else plural
        return Message(english, {"$": "msg", "id": singular, "plural": plural, "n": n})

    def pgettext(self, context: str, message: str) -> str:
        return Message(message, {"$": "msg", "id": message, "ctx": context})


_NEUTRAL = _NeutralTranslations()


@contextlib.contextmanager
def neutral() -> Iterator[None]:
    """Write messages language-neutral inside the ``with`` block (see ``Message``)."""
    token = _state.set(("en", _NEUTRAL))
    try:
        yield
    finally:
        _state.reset(token)


def is_neutral() -> bool:
    return _state.get()[1] is _NEUTRAL


def text(translations: dict[str, str], english: str) -> str:
    """A text of the standard's data files (one per language); a ``Message`` in neutral mode."""
    if is_neutral():
        return Message(english, {"$": "text", "t": {k: v for k, v in translations.items() if v}})
    return translations.get(language()) or english


def join(separator: str, items: list[str] | tuple[str, ...]) -> str:
    """``separator.join(items)`` that stays language-neutral when any part is a ``Message``."""
    items = list(items)
    joined = separator.join(items)
    if isinstance(separator, Message) or any(isinstance(item, Message) for item in items):
        return Message(joined, {"$": "join", "sep": encode(separator), "items": [encode(i) for i in items]})
    return joined


def encode(value: object) -> object:
    """The stored form of ``value``: a ``Message`` becomes its description, the rest stays as it is."""
    if isinstance(value, Message):
        return value.spec
    if isinstance(value, dict):
        return {k: encode(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [encode(v) for v in value]
    return value


def render(value: object, language_: str | None = None) -> object:
    """``value`` (a stored result or a part of it) with every neutral text written in ``language_``."""
    if language_ is not None:
        with override(language_):
            return _render(value)
    return _render(value)


def _render(value: object) -> object:
    if isinstance(value, dict):
        kind = value.get("$")
        if kind is None:
            return {k: _render(v) for k, v in value.items()}
        return _render_spec(value)
    if isinstance(value, list):
        return [_render(v) for v in value]
    return value


def _render_spec(spec: dict) -> str:
    kind = spec["$"]
    if kind == "msg":
        msgid, plural, context = spec["id"], spec.get("plural"), spec.get("ctx")
        if plural is not None:
            template = ngettext(msgid, plural, spec["n"])
        elif context is not None:
            template = pgettext(context, msgid)
        else:
            template = gettext(msgid)
        if "kw" in spec or "pos" in spec:
            return template.format(
                *[_render(v) for v in spec.get("pos", [])],
                **{k: _render(v) for k, v in spec.get("kw", {}).items()},
            )
        return template
    if kind == "text":
        return spec["t"].get(language()) or spec["t"]["en"]
    if kind == "join":
        return str(_render(spec["sep"])).join(str(_render(i)) for i in spec["items"])
    if kind == "number":
        return number(spec["v"], spec["d"])
    if kind == "percent":
        return percent(spec["v"], spec["d"])
    if kind == "value":
        return value(spec["v"], spec["unit"])
    raise ValueError(f"unknown neutral text {kind!r}")


def points_unit() -> str:
    """The word written after a number of points: ``2.5 points``, ``2,5 pkt`` (one form for any number)."""
    return pgettext("unit after a number", "points")


_ = gettext


@cache
def _percent_pattern(language: str, decimals: int) -> str:
    pattern = Locale.parse(language).percent_formats[None].pattern
    return pattern.replace("#,##0", "#,##0." + "0" * decimals, 1) if decimals else pattern


def percent(value: float, decimals: int = 0) -> str:
    """``0.133`` → ``13%`` (en), ``13%`` (pl), ``13 %`` (de): the active language's pattern."""
    if is_neutral():
        return Message(_percent_en(value, decimals), {"$": "percent", "v": value, "d": decimals})
    active = language()
    return format_percent(value, format=_percent_pattern(active, decimals), locale=active)


def _percent_en(value: float, decimals: int) -> str:
    return format_percent(value, format=_percent_pattern("en", decimals), locale="en")


def number(value: float, decimals: int = 0) -> str:
    """``12705000.0`` → ``12,705,000`` (en), ``12 705 000`` (pl), ``12.705.000`` (de)."""
    if is_neutral():
        english = format_decimal(
            value, format="#,##0" if decimals == 0 else "#,##0." + "0" * decimals, locale="en"
        )
        return Message(english, {"$": "number", "v": value, "d": decimals})
    pattern = "#,##0" if decimals == 0 else "#,##0." + "0" * decimals
    return format_decimal(value, format=pattern, locale=language())


def value(amount: float | None, unit: str) -> str:
    """A value with its unit as a reader of the active language expects it (``13,3 %``, ``ja``)."""
    if amount is None:
        return "—"
    if is_neutral():
        with override("en"):
            english = value(amount, unit)
        return Message(english, {"$": "value", "v": amount, "unit": unit})
    if unit == "share":
        return percent(amount, 1)
    if unit == "yes/no":
        return gettext("yes") if amount else gettext("no")
    if unit == "count":
        return number(amount, 0 if float(amount).is_integer() else 1)
    labels = {"points": points_unit(), "per 100 employees": gettext("per 100 employees")}
    return f"{number(amount, 0 if abs(amount) >= 100 else 2)} {labels.get(unit, unit)}".strip()


# --- numbers typed and shown in forms -----------------------------------------------------------


class NotANumberError(ValueError):
    """A text that is not a number in the reader's way of writing numbers."""

    def __init__(self, text: str) -> None:
        super().__init__(f"not a number: {text!r}")


_SPACES = re.compile(r"[\s\u00a0\u202f\u2009\u2007']")
_GROUPED = {".": re.compile(r"^\d{1,3}(\.\d{3})+$"), ",": re.compile(r"^\d{1,3}(,\d{3})+$")}


def parse_number(text: str, language: str | None = None) -> Decimal:
    """A number as a reader of ``language`` writes it: ``1,2`` (pl, de), ``27 000,5``, ``1.950.000,5``
    (de), ``1,950,000.5`` (en); spaces and apostrophes between digits group thousands.

    In a language that writes a decimal comma a comma is always the decimal sign, and a point is
    one too unless it groups thousands (``1.200`` is 1200 in German, ``1.2`` is 1.2); in English a
    comma groups thousands (``1,200``) or, where it cannot (``1,2``), is read as a decimal comma.
    Raises ``ValueError`` when the text is not a number.
    """
    language = language or _state.get()[0]
    decimal_sign = get_decimal_symbol(language)
    cleaned = _SPACES.sub("", text.strip()).replace("\u2212", "-")
    sign = ""
    if cleaned[:1] in "+-" and cleaned[:1]:
        sign, cleaned = cleaned[:1].replace("+", ""), cleaned[1:]
    if not cleaned or not re.fullmatch(r"[\d.,]+", cleaned) or not re.search(r"\d", cleaned):
        raise NotANumberError(text)
    if "," in cleaned and "." in cleaned:
        decimal = "," if cleaned.rfind(",") > cleaned.rfind(".") else "."
        group = "." if decimal == "," else ","
        whole, _sep, fraction = cleaned.rpartition(decimal)
        if fraction.count(group) or not _GROUPED[group].match(whole):
            raise NotANumberError(text)
        digits = whole.replace(group, "") + "." + fraction
    elif "," in cleaned:
        if decimal_sign == "." and _GROUPED[","].match(cleaned):
            digits = cleaned.replace(",", "")
        elif cleaned.count(",") == 1:
            digits = cleaned.replace(",", ".")
        else:
            raise NotANumberError(text)
    elif "." in cleaned:
        if decimal_sign == "," and get_group_symbol(language) == "." and _GROUPED["."].match(cleaned):
            digits = cleaned.replace(".", "")
        elif cleaned.count(".") == 1:
            digits = cleaned
        else:
            raise NotANumberError(text)
    else:
        digits = cleaned
    try:
        return Decimal(sign + digits)
    except InvalidOperation:
        raise NotANumberError(text) from None


def exact_number(value: float | int | Decimal, language: str | None = None) -> str:
    """``value`` in the reader's format with every digit it has (``1 950 000,5``): what a form shows,
    so that saving it unchanged gives back exactly the same number."""
    language = language or _state.get()[0]
    number = (
        value if isinstance(value, Decimal) else Decimal(repr(value) if isinstance(value, float) else value)
    )
    return format_decimal(number, locale=language, decimal_quantization=False)
