"""The command line speaks every partner's language: no English sentence left in its output."""

from __future__ import annotations

import re
from dataclasses import fields
from pathlib import Path

import pytest
from typer.testing import CliRunner

from gia import i18n
from gia.accounting.factors import reference_data
from gia.cli import app

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "dk-symbiosis.yaml"
WORD = re.compile(r"[^\W\d_]{2,}")
#: identifiers (indicator names, flag codes, factor-set ids) are codes, not words
CODE = re.compile(r"\S*(?:_|\d|[a-z]-[a-z]|\w\.\w)\S*")
COMMANDS = {
    "standard show": ["standard", "show"],
    "assess": ["assess", str(EXAMPLE)],
}


def _output(arguments: list[str], language: str) -> str:
    result = CliRunner().invoke(app, [*arguments, "--lang", language], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    return result.output


def _phrases(text: str) -> set[str]:
    """Runs of three words (the table borders and numbers between them do not count)."""
    found = set()
    for line in text.splitlines():
        for cell in re.split(r"[│┃|:;()—]", line):
            words = WORD.findall(CODE.sub(" ", cell))
            found |= {" ".join(words[i : i + 3]).lower() for i in range(len(words) - 2)}
    return found


def _proper_names() -> set[str]:
    """Names of the example's area, companies and places, and of other schemes: never translated."""
    from gia.standard import load_standard

    standard = load_standard()
    schemes = " ".join(f"{c.target_scheme} {c.target_source}" for c in standard.crosswalks.values())
    schemes += " " + standard.catalogue.header.provider
    # publications are cited by their titles, as published
    data = reference_data()
    publications = "\n".join(row.source for table in fields(data) for row in getattr(data, table.name))
    return (
        _phrases(EXAMPLE.read_text(encoding="utf-8"))
        | _phrases(schemes)
        | _phrases(publications)
        | {
            "ghg protocol scope",
            "protocol scope guidance",
            "gia standard for",  # Danish and Swedish say "GIA-standard for"
        }
    )


@pytest.mark.parametrize("command", sorted(COMMANDS))
@pytest.mark.parametrize("language", [lang for lang in i18n.LANGUAGES if lang != "en"])
def test_no_english_sentence_is_left_in_the_output(command: str, language: str) -> None:
    english = _phrases(_output(COMMANDS[command], "en"))
    translated = _phrases(_output(COMMANDS[command], language))
    left = sorted((english & translated) - _proper_names())
    assert left == [], f"{command} --lang {language} still says in English: {left[:10]}"
