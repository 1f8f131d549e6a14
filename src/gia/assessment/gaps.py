"""Gap analysis: what it takes to earn more points, and which level becomes reachable how.

A *step* raises one criterion to its next anchor (or earns one more component of an additive
criterion). Its gain is what the step adds to the total fulfilment:
``Δpoints × criterion weight ÷ Σ(10 × weight in the theme) × theme weight ÷ Σ theme weights``.

The path to a level: all failing gates must pass (listed apart, they earn nothing by themselves);
then, while a theme is below the level's theme minimum, the step with the largest gain in such a
theme is taken; then, while the total is below the level's minimum, the step with the largest gain
overall. A criterion's steps are taken in order. If the steps run out first, the level is not
reachable with this catalogue's criteria as applicable now.
"""

from __future__ import annotations

from dataclasses import dataclass

from gia import i18n
from gia.assessment.result import CriterionResult, GapStep, LevelPath
from gia.assessment.scoring import linear_points
from gia.i18n import _
from gia.standard import Catalogue


@dataclass
class _Candidate:
    criterion: str
    theme: str
    value_needed: float | None
    points_then: float
    text: str


class Scoreboard:
    """Weighted points per theme, to evaluate fulfilment as steps are taken."""

    def __init__(self, catalogue: Catalogue, criteria: list[CriterionResult]) -> None:
        self.catalogue = catalogue
        self.criteria = {c.id: c for c in criteria}
        self.points = {c.id: c.points for c in criteria if c.applicable and c.points is not None}
        self.theme_weights = {t.id: t.weight for t in catalogue.themes}
        self.theme_possible = {
            t.id: sum(10 * c.weight for c in criteria if c.theme == t.id and c.id in self.points)
            for t in catalogue.themes
        }
        self.active_themes = [t for t, possible in self.theme_possible.items() if possible > 0]
        self.total_weight = sum(self.theme_weights[t] for t in self.active_themes)

    def theme_fulfilment(self, theme: str, points: dict[str, float]) -> float | None:
        possible = self.theme_possible[theme]
        if not possible:
            return None
        return (
            sum(points[c] * self.criteria[c].weight for c in points if self.criteria[c].theme == theme)
            / possible
        )

    def total(self, points: dict[str, float]) -> float | None:
        if not self.total_weight:
            return None
        return (
            sum(self.theme_weights[t] * (self.theme_fulfilment(t, points) or 0.0) for t in self.active_themes)
            / self.total_weight
        )

    def gain(self, criterion: str, delta_points: float) -> float:
        result = self.criteria[criterion]
        theme = result.theme
        if not self.total_weight or not self.theme_possible[theme]:
            return 0.0
        return (
            delta_points
            * result.weight
            / self.theme_possible[theme]
            * self.theme_weights[theme]
            / self.total_weight
        )


def _steps_for(result: CriterionResult, catalogue: Catalogue, language: str) -> list[_Candidate]:
    """The successive improvements of one criterion, from its current points upwards."""
    if not result.applicable or result.points is None or result.points >= 10:
        return []
    criterion = catalogue.criterion(result.id)
    assert criterion.scale is not None
    name = criterion.name.get(language)
    steps: list[_Candidate] = []
    if criterion.scale.kind == "additive":
        earned = result.points
        for component, state in zip(criterion.scale.components, result.components, strict=True):
            if not state.earned:
                earned += component.points
                steps.append(
                    _Candidate(result.id, result.theme, 1.0, round(earned, 2), component.text.get(language))
                )
        return steps
    if result.zeroed_by:
        return []
    for anchor in criterion.scale.anchors:
        if anchor.points > result.points:
            steps.append(
                _Candidate(
                    result.id,
                    result.theme,
                    anchor.value,
                    linear_points(anchor.value, criterion.scale),
                    (
                        _("{name}: bring it down to {value} {unit}")
                        if result.value is not None and anchor.value < result.value
                        else _("{name}: reach {value} {unit}")
                    ).format(name=name, value=_format(anchor.value, result.unit), unit=_unit(result.unit)),
                )
            )
    return steps


def _format(value: float, unit: str) -> str:
    """A target as the reader writes numbers (``90 %``, ``0,5``); language-neutral in a stored result."""
    if unit == "share":
        return i18n.percent(value, 0 if round(value * 100, 6).is_integer() else 1)
    decimals = 0 if float(value).is_integer() else (1 if round(value, 1) == value else 2)
    return i18n.number(value, decimals)


def _unit(unit: str) -> str:
    return "" if unit in ("share", "count", "yes/no", "points") else unit


def _gate_text(result: CriterionResult, indicator: str, operator: str, threshold: float) -> str:
    """'Gate EN-01 Renewable electricity supply: renewable_electricity_share ≥ 50%' or, for a yes/no gate, what is missing."""
    if result.unit == "yes/no":
        return _("gate {id} {name}: {missing}").format(
            id=result.id, name=result.name, missing=result.note or _("required")
        )
    symbol = {">=": "≥", "<=": "≤"}.get(operator, operator)
    unit = result.unit if indicator == result.indicator else "share"
    return _("gate {id} {name}: {indicator} {operator} {threshold}").format(
        id=result.id,
        name=result.name,
        indicator=indicator,
        operator=symbol,
        threshold=_format(threshold, unit),
    )


def gap_steps(board: Scoreboard, catalogue: Catalogue, language: str) -> list[GapStep]:
    """The next step of every criterion below full points, largest gain first; failing gates first."""
    gaps: list[GapStep] = []
    for result in board.criteria.values():
        if result.gate_passed is False:
            failing = [c for c in result.gate if not c.passed]
            for condition in failing:
                gaps.append(
                    GapStep(
                        result.id,
                        condition.indicator,
                        condition.value,
                        condition.threshold,
                        result.points or 0.0,
                        result.points or 0.0,
                        0.0,
                        _gate_text(result, condition.indicator, condition.operator, condition.threshold),
                    )
                )
    steps = []
    for result in board.criteria.values():
        candidates = _steps_for(result, catalogue, language)
        if candidates:
            first = candidates[0]
            current = result.points or 0.0
            steps.append(
                GapStep(
                    result.id,
                    result.indicator,
                    result.value,
                    first.value_needed,
                    current,
                    first.points_then,
                    board.gain(result.id, first.points_then - current),
                    first.text,
                )
            )
    steps.sort(key=lambda s: (-round(s.gain, 12), s.criterion))
    return gaps + steps


class _Plan:
    """Steps taken on the way to one level: each criterion's queue of steps, taken in order."""

    def __init__(self, board: Scoreboard, queues: dict[str, list[_Candidate]]) -> None:
        self.board = board
        self.queues = queues
        self.points = dict(board.points)
        self.taken: dict[str, tuple[float, float, _Candidate]] = {}

    def take(self, candidates: list[str]) -> bool:
        """Take the next step with the largest gain among ``candidates``; False if none gains."""
        best: tuple[float, str] | None = None
        for criterion_id in candidates:
            queue = self.queues.get(criterion_id)
            if queue:
                gain = self.board.gain(criterion_id, queue[0].points_then - self.points[criterion_id])
                if best is None or gain > best[0] + 1e-15:
                    best = (gain, criterion_id)
        if best is None or best[0] <= 0:
            return False
        criterion_id = best[1]
        step = self.queues[criterion_id].pop(0)
        start = self.taken[criterion_id][0] if criterion_id in self.taken else self.points[criterion_id]
        self.taken[criterion_id] = (start, step.points_then, step)
        self.points[criterion_id] = step.points_then
        return True


def level_paths(
    board: Scoreboard,
    catalogue: Catalogue,
    criteria: list[CriterionResult],
    awarded: str | None,
    language: str,
) -> list[LevelPath]:
    """For each level above the awarded one: whether and by which steps it becomes reachable."""
    levels = sorted(catalogue.levels, key=lambda lvl: lvl.order)
    if awarded is not None:
        current_order = next(lvl.order for lvl in levels if lvl.id == awarded)
        levels = [lvl for lvl in levels if lvl.order > current_order]
    failing_gates = tuple(c.id for c in criteria if c.gate_passed is False)
    paths = []
    for level in levels:
        plan = _Plan(board, {c.id: _steps_for(c, catalogue, language) for c in criteria})
        reachable = True
        for theme in board.active_themes:
            while (board.theme_fulfilment(theme, plan.points) or 0.0) < level.min_theme - 1e-12:
                if not plan.take([c for c in plan.queues if board.criteria[c].theme == theme]):
                    reachable = False
                    break
        while reachable and (board.total(plan.points) or 0.0) < level.min_total - 1e-12:
            if not plan.take(list(plan.queues)):
                reachable = False
        steps = tuple(
            GapStep(
                criterion_id,
                board.criteria[criterion_id].indicator,
                board.criteria[criterion_id].value,
                step.value_needed,
                start,
                end,
                board.gain(criterion_id, end - start),
                step.text,
            )
            for criterion_id, (start, end, step) in sorted(
                plan.taken.items(), key=lambda item: -board.gain(item[0], item[1][1] - item[1][0])
            )
        )
        paths.append(LevelPath(level.id, reachable, steps, failing_gates, board.total(plan.points)))
    return paths
