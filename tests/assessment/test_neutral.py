"""A result computed once, language-neutral, reads in every language exactly as if computed in it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from gia import i18n
from gia.assessment import assess
from gia.dataset import load_submission
from gia.io.hourly import load_hourly
from gia.standard import load_standard

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
SUBMISSIONS = ["pl-ssez-subzone.yaml", "de-g3-park.yaml", "dk-symbiosis.yaml"]


def _inputs(name: str):
    submission = load_submission(EXAMPLES / name)
    standard = load_standard(submission.edition)
    timezone = standard.profile(submission.area.country).timezone
    return submission, standard, load_hourly(submission, EXAMPLES, timezone)


@pytest.fixture(scope="module", params=SUBMISSIONS)
def computed(request: pytest.FixtureRequest):
    submission, standard, hourly = _inputs(request.param)
    with i18n.neutral():
        stored = json.dumps(
            i18n.encode(assess(submission, standard, hourly=hourly).to_dict()), sort_keys=True
        )
    return submission, standard, hourly, stored


@pytest.mark.parametrize("language", ["en", "pl", "de"])
def test_the_neutral_result_reads_as_the_result_computed_in_the_language(computed, language: str) -> None:
    submission, standard, hourly, stored = computed
    with i18n.override(language):
        direct = json.loads(
            json.dumps(assess(submission, standard, language=language, hourly=hourly).to_dict())
        )
    assert i18n.render(json.loads(stored), language) == direct


def test_the_neutral_result_is_deterministic(computed) -> None:
    submission, standard, hourly, stored = computed
    with i18n.neutral():
        again = json.dumps(i18n.encode(assess(submission, standard, hourly=hourly).to_dict()), sort_keys=True)
    assert again == stored


def test_numbers_in_messages_are_written_in_the_readers_format() -> None:
    with i18n.neutral():
        message = i18n.gettext("{value} of {total}").format(
            value=i18n.number(12705000.5, 1), total=i18n.percent(0.5)
        )
    stored = json.loads(json.dumps(i18n.encode({"text": message})))
    assert i18n.render(stored, "en") == {"text": "12,705,000.5 of 50%"}
    assert i18n.render(stored, "de")["text"].startswith("12.705.000,5")
    assert i18n.render(stored, "pl")["text"].startswith("12\xa0705\xa0000,5")


def test_plural_messages_choose_the_readers_form() -> None:
    with i18n.neutral():
        message = i18n.ngettext("{value} year", "{value} years", 5).format(value=5)
    assert str(message) == "5 years"
    stored = i18n.encode(message)
    with i18n.override("pl"):
        expected = i18n.ngettext("{value} year", "{value} years", 5).format(value=5)
    assert i18n.render(stored, "pl") == expected == "5 lat"
