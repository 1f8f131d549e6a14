"""An auditor's value replaces the computed one in scoring; the computed value stays in the chain."""

from __future__ import annotations

from gia.assessment.engine import assess
from gia.dataset import load_submission
from tests.conftest import EXAMPLES


def test_an_auditor_value_is_scored_and_keeps_the_computed_value() -> None:
    submission = load_submission(EXAMPLES / "pl-ssez-subzone.yaml")
    before = assess(submission)
    en01 = before.criterion("EN-01")
    indicator = en01.indicator
    after = assess(submission, auditor_values={indicator: (0.5, "meter readings checked on site")})
    changed = after.criterion("EN-01")
    assert en01.gate_passed is False and en01.points == 0.0  # 13 % computed: under the 50 % gate
    assert changed.value == 0.5
    assert changed.gate_passed is True  # 50 % set by the auditor: at the gate's mark
    assert changed.points == 2.0  # the first anchor of EN-01's scale: 50 % → 2 points
    assert "meter readings checked on site" in changed.figure.rule
    assert changed.figure.inputs[0].value == en01.figure.value  # the computed value, kept
    assert any(flag.code == "auditor_override" for flag in changed.figure.flags)
    assert after.total_fulfilment > before.total_fulfilment
