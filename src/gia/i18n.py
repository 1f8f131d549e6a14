"""Translations of user-facing messages (gettext, domain ``gia``).

The catalogues live in ``gia/locale/<lang>/LC_MESSAGES/gia.mo``; English is the source language.
``activate`` switches the language for the process (the CLI's ``--lang``); the web platform will
activate per request.
"""

from __future__ import annotations

import gettext as _gettext
from pathlib import Path

LOCALE_DIR = Path(__file__).parent / "locale"
DOMAIN = "gia"
LANGUAGES = ("en", "pl", "de")

_current: _gettext.NullTranslations = _gettext.NullTranslations()
_language = "en"


def activate(language: str) -> None:
    """Use ``language`` for messages from now on; unknown languages fall back to English."""
    global _current, _language
    _current = _gettext.translation(DOMAIN, LOCALE_DIR, languages=[language], fallback=True)
    _language = language if isinstance(_current, _gettext.GNUTranslations) else "en"


def language() -> str:
    return _language


def gettext(message: str) -> str:
    return _current.gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return _current.ngettext(singular, plural, n)


_ = gettext
