"""Messages go through gettext, and the Polish and German catalogues are complete and current."""

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
PLACEHOLDER = re.compile(r"\{[^{}]*\}")


def _core_only(path: str) -> bool:
    """The web platform's messages live in Django's catalogues (``gia/web/locale``), not here."""
    return Path(path).name != "web"


def code_messages() -> set[str]:
    found = set()
    for _filename, _line, message, _comments, _context in extract_from_dir(
        str(SRC), METHODS, OPTIONS, directory_filter=_core_only
    ):
        found.add(message if isinstance(message, str) else message[0])
    return found


def catalogue(language: str):
    with (LOCALE / language / "LC_MESSAGES" / "gia.po").open("rb") as handle:
        return read_po(handle, locale=language)


@pytest.mark.parametrize("language", ["pl", "de"])
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


@pytest.mark.parametrize("language", ["pl", "de"])
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


@pytest.mark.parametrize("language", ["pl", "de"])
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
            assert compiled.gettext(message.id) == message.string, "run `make messages` to compile"
        for m_id, text in ([(message.id, message.string)] if isinstance(message.id, str) else []):
            assert set(PLACEHOLDER.findall(m_id)) == set(PLACEHOLDER.findall(text)), m_id


def test_every_template_message_is_in_the_web_catalogue():
    known = {m.id for m in web_catalogue("de") if isinstance(m.id, str)}
    missing = set()
    for template in (SRC / "web" / "templates").rglob("*.html"):
        missing |= set(TEMPLATE_TAG.findall(template.read_text())) - known
    assert not missing, f"run `make messages` and translate: {sorted(missing)[:5]}"
