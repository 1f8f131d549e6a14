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


def code_messages() -> set[str]:
    found = set()
    for _filename, _line, message, _comments, _context in extract_from_dir(str(SRC), METHODS, OPTIONS):
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
