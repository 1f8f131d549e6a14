"""Every field of the submission has words for people, and places are described in them."""

from __future__ import annotations

import typing
from decimal import Decimal
from enum import Enum
from typing import Any, Literal

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import BaseModel

from gia import i18n
from gia.dataset import labels, sections
from gia.dataset.company import Company
from gia.dataset.submission import Submission


def models() -> list[type[BaseModel]]:
    found: list[type[BaseModel]] = []

    def walk(model: type[BaseModel]) -> None:
        if model in found:
            return
        found.append(model)
        for info in model.model_fields.values():
            for part in _parts(info.annotation):
                if isinstance(part, type) and issubclass(part, BaseModel):
                    walk(part)

    walk(Submission)
    return found


def _parts(annotation: Any) -> list[Any]:
    return [annotation, *(p for a in typing.get_args(annotation) for p in _parts(a))]


def test_every_field_of_every_model_has_a_label() -> None:
    missing = [
        (model.__name__, info.alias or key)
        for model in models()
        for key, info in model.model_fields.items()
        if (model.__name__, info.alias or key) not in labels.FIELDS
    ]
    assert missing == [], f"add a label to gia.dataset.labels.FIELDS: {missing}"


def test_every_choice_has_words() -> None:
    missing = []
    for model in models():
        for key, info in model.model_fields.items():
            name = info.alias or key
            for part in _parts(info.annotation):
                values: list[str] = []
                if typing.get_origin(part) is Literal:
                    values = [str(v) for v in typing.get_args(part)]
                elif isinstance(part, type) and issubclass(part, Enum):
                    values = [str(m.value) for m in part]
                words = labels.CHOICES.get((model.__name__, name), {})
                missing += [(model.__name__, name, v) for v in values if v not in words and name != "schema"]
    assert missing == [], f"add words to gia.dataset.labels.CHOICES: {missing}"


def test_sections_name_fields_of_the_schema_and_every_company_field_is_in_one() -> None:
    identity = {"id", "name", "nace", "employees"}
    placed = {key for s in sections.COMPANY_SECTIONS for key in s.keys}
    company_fields = {info.alias or key for key, info in Company.model_fields.items()}
    assert placed <= company_fields
    assert company_fields - placed - identity == set()
    for section in sections.AREA_SECTIONS:
        for key in section.keys:
            assert labels.field_at(key) is not None, key


def test_a_place_is_described_with_the_company_name_and_labels() -> None:
    document = {"companies": [{"name": "Silesia AutoParts"}, {"name": "Odlewnia Ostropa"}]}
    assert (
        labels.describe_place("companies[1].heat_purchases[0].renewable_share", document)
        == "Odlewnia Ostropa — Heat bought, row 1 — Renewable or recovered share"
    )
    assert labels.describe_place("area.plans.climate_target.milestones[0].year") == (
        "Plans — Climate-neutrality target — Milestones, row 1 — Year"
    )
    assert labels.describe_place("fuels[2].amount", root=Company) == "Fuels, row 3 — Amount"
    with i18n.override("pl"):
        assert labels.describe_place("companies[0].water.withdrawn_m3", document).startswith(
            "Silesia AutoParts — "
        )
        assert "withdrawn" not in labels.describe_place("companies[0].water.withdrawn_m3", document)


def test_places_in_a_message_are_replaced_by_words() -> None:
    document = {"companies": [{"name": "A"}, {"name": "Odlewnia Ostropa"}]}
    text = "companies[1].heat_purchases[0]: renewable share of the district heat not declared; counted as 0"
    assert labels.humanise(text, document) == (
        "Odlewnia Ostropa — Heat bought, row 1: renewable share of the district heat not declared; counted as 0"
    )
    assert labels.humanise("the area's sealed share", document) == "the area's sealed share"


def test_values_are_described_with_their_units() -> None:
    assert (
        labels.describe_value("companies[0].electricity_purchases[0].amount_kwh", 1_100_000.0)
        == "1,100,000 kWh"
    )
    assert labels.describe_value("companies[0].heat_purchases[0].renewable_share", 0.64) == "64.0%"
    assert labels.describe_value("companies[0].fuels[0].use", "process_heat") == "process heat"
    with i18n.override("pl"):
        assert (
            labels.describe_value("companies[0].electricity_purchases[0].amount_kwh", 990_000.0)
            == "990\xa0000 kWh"
        )


@pytest.mark.parametrize(
    ("language", "text", "number"),
    [
        ("pl", "1,2", "1.2"),
        ("pl", "27 000,5", "27000.5"),
        ("pl", "27\xa0000,5", "27000.5"),
        ("pl", "1.2", "1.2"),
        ("de", "1.950.000,5", "1950000.5"),
        ("de", "1.200", "1200"),
        ("de", "1,2", "1.2"),
        ("en", "1,200", "1200"),
        ("en", "1,950,000.5", "1950000.5"),
        ("en", "1,2", "1.2"),
    ],
)
def test_numbers_are_read_as_each_language_writes_them(language: str, text: str, number: str) -> None:
    assert i18n.parse_number(text, language) == Decimal(number)


@pytest.mark.parametrize("text", ["1,2,3", "abc", "1..2", "", "1,2.3", "12 kWh"])
def test_what_is_not_a_number_is_refused(text: str) -> None:
    with pytest.raises(i18n.NotANumberError, match="not a number"):
        i18n.parse_number(text, "pl")


@given(
    st.one_of(
        st.floats(min_value=0, max_value=1e15, allow_nan=False, allow_infinity=False),
        st.integers(min_value=0, max_value=10**12).map(float),
    ),
    st.sampled_from(["en", "pl", "de", "sv"]),
)
def test_a_number_shown_in_a_form_is_read_back_exactly(value: float, language: str) -> None:
    assert float(i18n.parse_number(i18n.exact_number(value, language), language)) == value
