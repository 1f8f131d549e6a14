"""Points from a scale, and conditions (gates, distinctions, eligibility).

Linear scale rule (the standard's "points linear between thresholds, capped at 10"): anchors run
from worst to best; a value short of the first anchor earns 0 points; between two anchors the
points are interpolated linearly; at or beyond the last anchor the value earns the last anchor's
points. Points are rounded to two decimals.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise

from gia.standard.schema import Anchor, Condition, Direction, Scale

POINT_DECIMALS = 2


def linear_points(value: float, scale: Scale) -> float:
    """Points of ``value`` on a linear scale."""
    anchors = scale.anchors
    better = (lambda a, b: a >= b) if scale.direction == Direction.HIGHER_IS_BETTER else (lambda a, b: a <= b)
    if not better(value, anchors[0].value):
        return 0.0
    for low, high in pairwise(anchors):
        if better(value, low.value) and not better(value, high.value):
            fraction = (value - low.value) / (high.value - low.value)
            return round(low.points + fraction * (high.points - low.points), POINT_DECIMALS)
    return round(min(anchors[-1].points, 10.0), POINT_DECIMALS)


def next_anchor(value: float | None, scale: Scale) -> Anchor | None:
    """The first anchor that earns more points than ``value`` does now (None at full points)."""
    current = 0.0 if value is None else linear_points(value, scale)
    for anchor in scale.anchors:
        if anchor.points > current:
            return anchor
    return None


@dataclass(frozen=True)
class ConditionResult:
    indicator: str
    operator: str
    threshold: float
    value: float | None
    passed: bool

    def to_dict(self) -> dict[str, object]:
        return {
            "indicator": self.indicator,
            "operator": self.operator,
            "threshold": self.threshold,
            "value": self.value,
            "passed": self.passed,
        }


def check(condition: Condition, value: float | None) -> ConditionResult:
    """A missing value never passes a condition."""
    passed = value is not None and condition.operator.holds(value, condition.value)
    return ConditionResult(condition.indicator, condition.operator.value, condition.value, value, passed)
