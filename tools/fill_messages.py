"""Fill empty or fuzzy entries of the message catalogues from a JSON file of translations.

    .venv/bin/python tools/fill_messages.py translations.json [--replace]

The JSON maps a language to {msgid: msgstr}; a msgid with a context is written ``context\\x04msgid``; a
plural message maps to a list of forms (the singular msgid is the key). Only entries that are empty or
fuzzy in the catalogues are filled (a reviewed translation is overwritten only with ``--replace``, to
correct it), in both domains
(``src/gia/locale/<lang>/LC_MESSAGES/gia.po`` and ``src/gia/web/locale/<lang>/LC_MESSAGES/django.po``).
The catalogues are written in the layout their generators write (``make messages`` then changes
nothing), and compiled. Prints what is still untranslated.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from babel import Locale
from babel.messages.mofile import write_mo
from babel.messages.plurals import get_plural
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
CATALOGUES = {
    "gia": ROOT / "src/gia/locale/{lang}/LC_MESSAGES/gia.po",
    "django": ROOT / "src/gia/web/locale/{lang}/LC_MESSAGES/django.po",
}


def _key(message: object) -> str:
    msgid = message.id[0] if isinstance(message.id, tuple) else message.id  # type: ignore[attr-defined]
    context = message.context  # type: ignore[attr-defined]
    return f"{context}\x04{msgid}" if context else msgid


def _empty(message: object) -> bool:
    string = message.string  # type: ignore[attr-defined]
    if isinstance(string, tuple):
        return not all(string)
    return not string


def fill(translations: dict[str, dict[str, str | list[str]]], replace: bool = False) -> list[str]:
    missing = []
    for language, texts in translations.items():
        for domain, pattern in CATALOGUES.items():
            path = Path(str(pattern).format(lang=language))
            if not path.exists():
                continue
            with path.open("rb") as handle:
                catalogue = read_po(handle, locale=language)
            # a catalogue Django's makemessages has just made has a fuzzy header without its language
            # (and so without its plural forms): give it both
            catalogue.locale = Locale.parse(language)
            catalogue.fuzzy = False
            rule = get_plural(language)
            catalogue.mime_headers = [
                *[(k, v) for k, v in catalogue.mime_headers if k not in ("Plural-Forms", "Language")],
                ("Language", language),
                ("Plural-Forms", f"nplurals={rule.num_plurals}; plural={rule.plural_expr};"),
            ]
            for message in catalogue:
                if not message.id:
                    continue
                key = _key(message)
                if (replace or _empty(message) or message.fuzzy) and key in texts:
                    text = texts[key]
                    message.string = tuple(text) if isinstance(text, list) else text
                    message.flags.discard("fuzzy")
                    message.previous_id = []
                if _empty(message) or message.fuzzy:
                    missing.append(f"{language} {domain}: {key!r}")
            with path.open("wb") as handle:
                # pybabel update writes gia.po at 76 columns; Django's makemessages (msgmerge) at 79
                write_po(handle, catalogue, width=76, omit_header=False)
            if domain == "django":
                subprocess.run(["msgcat", "--width=79", "-o", str(path), str(path)], check=True)
            with path.with_suffix(".mo").open("wb") as handle, path.open("rb") as source:
                write_mo(handle, read_po(source, locale=language), use_fuzzy=False)
    return missing


def main() -> None:
    replace = "--replace" in sys.argv[1:]
    path = next(arg for arg in sys.argv[1:] if arg != "--replace")
    translations = json.loads(Path(path).read_text(encoding="utf-8"))
    for line in fill(translations, replace=replace):
        print("untranslated:", line)


if __name__ == "__main__":
    main()
