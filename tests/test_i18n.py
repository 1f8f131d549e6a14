"""Messages go through gettext, and every language's catalogues and data-file texts are complete and current."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from gia import i18n
from gia.errors import GiaInputError
from tests.conftest import company, make_submission

SRC = Path(__file__).resolve().parents[1] / "src" / "gia"
LOCALE = SRC / "locale"
METHODS = [("**.py", "python"), ("**/templates/**.html", "jinja2")]
OPTIONS = {"**/templates/**.html": {"extensions": "jinja2.ext.i18n"}}
PLACEHOLDER = re.compile(r"\{[^{}]*\}|%\([a-z_0-9]+\)[sd]")
#: every language but English, the source
TRANSLATED = list(i18n.LANGUAGES[1:])


def _core_only(path: str) -> bool:
    """The web platform's messages live in Django's catalogues (``gia/web/locale``), not here."""
    return Path(path).name != "web"


def code_messages() -> set[str]:
    found = set()
    from babel.messages.extract import DEFAULT_KEYWORDS

    keywords = {**DEFAULT_KEYWORDS, "both": None}  # the certificate's texts printed in two languages
    for _filename, _line, message, _comments, _context in extract_from_dir(
        str(SRC), METHODS, OPTIONS, keywords=keywords, directory_filter=_core_only
    ):
        found.add(message if isinstance(message, str) else message[0])
    return found


def catalogue(language: str):
    with (LOCALE / language / "LC_MESSAGES" / "gia.po").open("rb") as handle:
        return read_po(handle, locale=language)


@pytest.mark.parametrize("language", TRANSLATED)
def test_catalogue_has_every_message_of_the_code_translated(language):
    po = catalogue(language)
    entries = {m.id if isinstance(m.id, str) else m.id[0]: m for m in po if m.id}
    missing = sorted(code_messages() - set(entries))
    assert missing == [], f"run `make messages` and translate: {missing[:5]}"
    untranslated = [
        m_id for m_id, m in entries.items() if not (m.string if isinstance(m.string, str) else m.string[0])
    ]
    assert untranslated == []
    for m_id, message in entries.items():
        text = message.string if isinstance(message.string, str) else message.string[0]
        assert sorted(PLACEHOLDER.findall(m_id)) == sorted(PLACEHOLDER.findall(text)), m_id


@pytest.mark.parametrize("language", TRANSLATED)
def test_compiled_catalogue_matches_its_source(language):
    buffer = io.BytesIO()
    write_mo(buffer, catalogue(language))
    shipped = (LOCALE / language / "LC_MESSAGES" / "gia.mo").read_bytes()
    assert shipped == buffer.getvalue(), "run `make messages` to compile the catalogue"


@pytest.fixture
def german():
    i18n.activate("de")
    yield
    i18n.activate("en")


def test_errors_are_translated(german):
    with pytest.raises(GiaInputError) as caught:
        make_submission(companies=[company(employees=-1)])
    place, message = caught.value.problems[0]
    assert place == "companies[0].employees"
    assert message != "must be at least 0"
    assert "0" in message


def test_unknown_language_falls_back_to_english():
    i18n.activate("xx")
    try:
        assert i18n.language() == "en"
        assert i18n.gettext("this field is required") == "this field is required"
    finally:
        i18n.activate("en")


WEB_LOCALE = SRC / "web" / "locale"
TEMPLATE_TAG = re.compile(r"{% (?:translate|trans) \"([^\"]+)\"")


def web_catalogue(language: str):
    with (WEB_LOCALE / language / "LC_MESSAGES" / "django.po").open("rb") as handle:
        return read_po(handle, locale=language)


@pytest.mark.parametrize("language", TRANSLATED)
def test_web_catalogue_is_complete_and_compiled(language):
    import gettext

    po = web_catalogue(language)
    entries = [m for m in po if m.id]
    assert len(entries) > 200
    untranslated = [m.id for m in entries if not all(m.string if isinstance(m.string, tuple) else [m.string])]
    assert untranslated == [], "translate the web catalogue: " + repr(untranslated[:5])
    assert not [m.id for m in entries if m.fuzzy], "remove fuzzy flags"
    with (WEB_LOCALE / language / "LC_MESSAGES" / "django.mo").open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    for message in entries:
        if isinstance(message.id, str):
            found = (
                compiled.pgettext(message.context, message.id) if message.context else compiled.gettext(message.id)
            )
            assert found == message.string, "run `make messages` to compile"
        sources = [message.id] if isinstance(message.id, str) else list(message.id)
        texts = [message.string] if isinstance(message.string, str) else list(message.string)
        for text in texts:
            # a plural form may leave the number out ("one file")
            assert set(PLACEHOLDER.findall(text)) <= set(PLACEHOLDER.findall(sources[-1])), (message.id, text)
        if isinstance(message.id, str):
            assert set(PLACEHOLDER.findall(message.id)) == set(PLACEHOLDER.findall(texts[0])), message.id


@pytest.mark.parametrize("language", TRANSLATED)
def test_plural_messages_have_every_form_the_language_needs(language):
    for po in (catalogue(language), web_catalogue(language)):
        for message in po:
            if message.id and isinstance(message.id, tuple):
                assert len(message.string) == po.num_plurals, (language, message.id)


def _data_texts(node, where=""):
    if isinstance(node, dict):
        if isinstance(node.get("en"), str) and set(node) <= set(i18n.LANGUAGES):
            yield where, node
            return
        for key, value in node.items():
            yield from _data_texts(value, f"{where}.{key}" if where else str(key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _data_texts(value, f"{where}[{index}]")


DATA_FILES = sorted(
    [
        *(SRC / "standard").glob("**/*.yaml"),
        *(SRC / "toolbox" / "data").glob("*.yaml"),
        *(SRC / "accounting" / "data").glob("*.yaml"),
    ]
)


@pytest.mark.parametrize("path", DATA_FILES, ids=lambda p: p.name)
def test_every_text_of_the_data_files_is_in_every_language(path):
    import yaml

    missing = [
        f"{where}: {language}"
        for where, text in _data_texts(yaml.safe_load(path.read_text(encoding="utf-8")))
        for language in i18n.LANGUAGES
        if not str(text.get(language) or "").strip()
    ]
    assert missing == [], f"translate (tools/translations.py): {missing[:5]} … {len(missing)} in all"


def test_every_template_message_is_in_the_web_catalogue():
    known = {m.id for m in web_catalogue("de") if isinstance(m.id, str)}
    missing = set()
    for template in (SRC / "web" / "templates").rglob("*.html"):
        missing |= set(TEMPLATE_TAG.findall(template.read_text())) - known
    assert not missing, f"run `make messages` and translate: {sorted(missing)[:5]}"
