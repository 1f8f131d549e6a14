"""The certification rules the edition states, as pure functions (no database)."""

from __future__ import annotations

import datetime as dt

import pytest

from gia.certification import add_months, corrective_months, level_rank, validity_end, validity_years
from gia.standard import load_standard

D = dt.date


@pytest.mark.parametrize(
    ("start", "years", "until"),
    [
        (D(2028, 2, 29), 3, D(2031, 2, 28)),  # crashed before: date.replace(year=2031) on 29 February
        (D(2028, 2, 29), 4, D(2032, 2, 28)),  # a leap year again: the anniversary exists
        (D(2026, 3, 1), 3, D(2029, 2, 28)),
        (D(2027, 2, 28), 3, D(2030, 2, 27)),
        (D(2026, 12, 3), 3, D(2029, 12, 2)),
    ],
)
def test_a_certificate_is_valid_until_the_day_before_its_anniversary(start, years, until):
    assert validity_end(start, years) == until


@pytest.mark.parametrize(
    ("day", "months", "moved"),
    [
        (D(2026, 8, 31), 6, D(2027, 2, 28)),
        (D(2027, 8, 31), 6, D(2028, 2, 29)),
        (D(2026, 12, 3), 6, D(2027, 6, 3)),
        (D(2026, 7, 15), 18, D(2028, 1, 15)),
    ],
)
def test_months_are_calendar_months_ending_at_the_last_day_of_a_shorter_month(day, months, moved):
    assert add_months(day, months) == moved


def test_the_rules_are_the_editions():
    catalogue = load_standard().catalogue
    assert validity_years(catalogue, "certificate") == 3
    assert corrective_months(catalogue) == 6
    stages = tuple(
        s.model_copy(update={"validity_years": 5, "corrective_period_months": 9})
        if s.id == "certificate"
        else s
        for s in catalogue.stages
    )
    longer = catalogue.model_copy(update={"stages": stages})
    assert validity_years(longer, "certificate") == 5 and corrective_months(longer) == 9


def test_levels_rank_by_the_order_the_edition_gives_them_not_by_their_place_in_the_file():
    catalogue = load_standard().catalogue
    ranks = {level.id: level_rank(catalogue, level.id) for level in catalogue.levels}
    assert ranks["bronze"] < ranks["silver"] < ranks["gold"] < ranks["platinum"]
    shuffled = catalogue.model_copy(update={"levels": tuple(reversed(catalogue.levels))})
    assert {level.id: level_rank(shuffled, level.id) for level in shuffled.levels} == ranks
    assert level_rank(catalogue, "diamond") == -1


# --- the workflow as a table --------------------------------------------------------------------

from gia.certification import OPEN_STATES, STATES, STEPS, WorkflowError, check_step, next_state  # noqa: E402


def test_every_step_names_known_states_and_closed_states_allow_no_step_but_none():
    for step, (allowed, leads_to) in STEPS.items():
        assert set(allowed) <= set(STATES) and set(leads_to) <= set(STATES), step
    for closed in set(STATES) - set(OPEN_STATES):
        assert not [step for step, (allowed, _to) in STEPS.items() if closed in allowed], closed


def test_the_whole_way_from_application_to_certificate():
    state = "applied"
    state = next_state(state, "check_completeness", "incomplete")
    state = next_state(state, "resubmit")
    state = next_state(state, "check_completeness", "complete")
    state = next_state(state, "assign_auditor")
    for step in ("give_evidence", "review", "add_finding", "answer_finding", "change_finding"):
        assert next_state(state, step) == "in_audit"
    state = next_state(state, "recommend")
    assert next_state(state, "decide", "granted") == "granted"
    assert next_state(state, "decide", "refused") == "refused"


@pytest.mark.parametrize(
    ("state", "step"),
    [
        ("applied", "decide"),
        ("in_audit", "decide"),
        ("recommended", "review"),
        ("granted", "withdraw"),
        ("complete", "recommend"),
        ("withdrawn", "give_evidence"),
    ],
)
def test_a_step_out_of_turn_is_refused_naming_where_it_is_possible(state, step):
    with pytest.raises(WorkflowError) as caught:
        check_step(state, step)
    assert caught.value.allowed == STEPS[step][0]


def test_a_step_cannot_lead_where_it_does_not_go():
    with pytest.raises(ValueError, match="leads to granted, refused"):
        next_state("recommended", "decide", "withdrawn")
