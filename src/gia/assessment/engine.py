"""Assessing a submission against an edition of the standard.

Order of work: apply the country profile's overrides to the catalogue; account the submission;
compute every indicator the catalogue names; score criteria (gates, points, not applicable,
zeroing rules); fulfilment per theme and in total; eligibility; level; distinctions; gaps and the
paths to each higher level; crosswalk readings. The result is a plain object
(:class:`~gia.assessment.result.Assessment`) with a deterministic JSON form.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

from gia import i18n
from gia.accounting import Accounts, FactorSet, account, load_factor_set
from gia.accounting.hourly import HourlyData
from gia.accounting.provenance import Figure, Flag, clean
from gia.assessment.crosswalk import read_crosswalk
from gia.assessment.gaps import Scoreboard, gap_steps, level_paths
from gia.assessment.quality import data_quality
from gia.assessment.registry import Context, IndicatorValue, compute, registry
from gia.assessment.result import (
    Assessment,
    ComponentResult,
    CriterionResult,
    LevelResult,
    RuleResult,
    ThemeResult,
)
from gia.assessment.scoring import check, linear_points
from gia.dataset import Submission
from gia.errors import GiaInputError
from gia.i18n import _, ngettext
from gia.standard import Catalogue, Criterion, Standard, load_standard
from gia.standard.schema import Operator

#: the area figures listed in every result
KEY_FIGURES = (
    "final_energy_kwh",
    "electricity_consumption_kwh",
    "renewable_electricity_kwh",
    "electricity_generated_kwh",
    "electricity_exported_kwh",
    "heat_demand_kwh",
    "scope1_kg_co2e",
    "scope2_location_kg_co2e",
    "scope2_market_kg_co2e",
    "scope12_market_kg_co2e",
    "biogenic_co2_kg",
)


class IndicatorCache:
    """Computes each indicator once per assessment. Values stay unrounded: gates and scales compare the
    value itself (0.49999999996 does not pass "≥ 50 %"); the result rounds them when it is written."""

    def __init__(self, context: Context, overrides: Mapping[str, tuple[float, str]] | None = None) -> None:
        self.context = context
        self.overrides = dict(overrides or {})
        self._values: dict[str, IndicatorValue] = {}

    def __getitem__(self, name: str) -> IndicatorValue:
        if name not in self._values:
            result = compute(name, self.context)
            if result.value is not None and not math.isfinite(result.value):
                result = IndicatorValue(
                    result.name,
                    None,
                    result.unit,
                    None,
                    _("not computable: a divisor is too close to zero"),
                )
            if name in self.overrides:
                result = _overridden(result, *self.overrides[name])
            self._values[name] = result
        return self._values[name]


def _overridden(computed: IndicatorValue, value: float, reason: str) -> IndicatorValue:
    """An auditor's value in place of the computed one; the computed value stays in the chain."""
    figure = Figure(
        computed.name,
        value,
        computed.unit,
        _("set by the auditor: {reason} (computed: {computed})").format(
            reason=reason, computed="—" if computed.value is None else computed.value
        ),
        inputs=(computed.figure,) if computed.figure is not None else (),
        flags=(Flag("auditor_override", _("value set by the auditor: {reason}").format(reason=reason)),),
    )
    return IndicatorValue(computed.name, clean(value), computed.unit, figure, computed.note, None)


def check_indicators(catalogue: Catalogue) -> None:
    """Every indicator the catalogue names must be registered."""
    known = registry()
    missing = sorted(name for name in catalogue.indicator_names() if name not in known)
    if missing:
        raise GiaInputError(
            catalogue.header.id,
            [
                (
                    "",
                    _("indicators not registered in this version of GIA: {names}").format(
                        names=", ".join(missing)
                    ),
                )
            ],
        )


def _declared_not_applicable(submission: Submission, catalogue: Catalogue) -> dict[str, str]:
    declared = dict(submission.not_applicable)
    problems = []
    ids = {c.id for c in catalogue.criteria}
    for criterion_id in declared:
        place = f"not_applicable.{criterion_id}"
        if criterion_id not in ids:
            problems.append(
                (
                    place,
                    _("no criterion {id} in edition {edition}").format(
                        id=criterion_id, edition=catalogue.header.id
                    ),
                )
            )
        elif not catalogue.criterion(criterion_id).not_applicable_allowed:
            problems.append((place, _("{id} cannot be declared not applicable").format(id=criterion_id)))
    if problems:
        raise GiaInputError(_("submission"), problems)
    return declared


def score_criterion(
    criterion: Criterion, indicators: IndicatorCache, declared_reason: str | None, language: str = "en"
) -> CriterionResult:
    gate = tuple(check(c, indicators[c.indicator].value) for c in criterion.gate)
    gate_figures = tuple(f for f in (indicators[c.indicator].figure for c in criterion.gate) if f is not None)
    shown = criterion.shown_indicator
    shown_value = indicators[shown] if shown else None
    base = {
        "id": criterion.id,
        "theme": criterion.theme,
        "kind": criterion.kind.value,
        "name": criterion.name.get(language),
        "weight": criterion.weight,
        "indicator": shown,
        "unit": criterion.unit,
        "gate": gate,
        "gate_figures": gate_figures,
        "figure": shown_value.figure if shown_value else None,
        "note": shown_value.note if shown_value else "",
    }
    value = shown_value.value if shown_value else None
    if not criterion.is_scored:
        return CriterionResult(**base, value=value, points=None, max_points=None, applicable=True)
    if declared_reason is not None:
        return CriterionResult(
            **base,
            value=value,
            points=None,
            max_points=None,
            applicable=False,
            not_applicable_reason=declared_reason,
            not_applicable_source="declared",
        )
    if shown_value is not None and shown_value.not_applicable:
        return CriterionResult(
            **base,
            value=None,
            points=None,
            max_points=None,
            applicable=False,
            not_applicable_reason=shown_value.not_applicable,
            not_applicable_source="indicator",
        )
    assert criterion.scale is not None
    components: tuple[ComponentResult, ...] = ()
    if criterion.scale.kind == "additive":
        components = tuple(
            ComponentResult(
                c.indicator, c.points, indicators[c.indicator].value == 1.0, indicators[c.indicator].value
            )
            for c in criterion.scale.components
        )
        points = round(sum(c.points for c in components if c.earned), 2)
        value = points
        notes = [
            indicators[c.indicator].note for c in criterion.scale.components if indicators[c.indicator].note
        ]
        base["note"] = i18n.join("; ", notes)
    else:
        points = 0.0 if value is None else linear_points(value, criterion.scale)
    zeroed_by = None
    for override in criterion.zero_if:
        if indicators[override.indicator].value == 1.0:
            zeroed_by = override.text.get(language)
            points = 0.0
    return CriterionResult(
        **base,
        value=value,
        points=points,
        max_points=10.0,
        applicable=True,
        components=components,
        zeroed_by=zeroed_by,
    )


def _fulfilment(
    criteria: list[CriterionResult], catalogue: Catalogue, language: str
) -> tuple[list[ThemeResult], float | None]:
    themes = []
    for theme in sorted(catalogue.themes, key=lambda t: t.order):
        scored = [c for c in criteria if c.theme == theme.id and c.applicable and c.points is not None]
        earned = sum(c.points * c.weight for c in scored if c.points is not None)
        possible = sum(10 * c.weight for c in scored)
        themes.append(
            ThemeResult(
                theme.id,
                theme.name.get(language),
                theme.weight,
                earned / possible if possible else None,
                earned,
                possible,
            )
        )
    weighted = [(t.weight, t.fulfilment) for t in themes if t.fulfilment is not None]
    weights = sum(w for w, _f in weighted)
    total = sum(w * f for w, f in weighted) / weights if weights else None
    return themes, total


def decide_level(
    catalogue: Catalogue,
    themes: list[ThemeResult],
    total: float | None,
    failed_gates: list[str],
    eligible: bool,
) -> LevelResult:
    levels = sorted(catalogue.levels, key=lambda lvl: lvl.order)
    by_fulfilment = None
    awarded = None
    blocked: list[str] = []
    if total is not None:
        for level in levels:
            if Operator.AT_LEAST.holds(total, level.min_total):
                by_fulfilment = level.id
                themes_ok = all(
                    t.fulfilment is None or Operator.AT_LEAST.holds(t.fulfilment, level.min_theme)
                    for t in themes
                )
                if themes_ok:
                    awarded = level.id
    if by_fulfilment is not None and awarded != by_fulfilment:
        target = next(lvl for lvl in levels if lvl.id == by_fulfilment)
        for theme in themes:
            if theme.fulfilment is not None and not Operator.AT_LEAST.holds(
                theme.fulfilment, target.min_theme
            ):
                blocked.append(
                    _("theme {theme} at {value:.0%} is under the {level} minimum of {minimum:.0%}").format(
                        theme=theme.id, value=theme.fulfilment, level=target.id, minimum=target.min_theme
                    )
                )
    if failed_gates:
        blocked.insert(0, _("failed gates: {gates}").format(gates=", ".join(failed_gates)))
        awarded = None
    if not eligible:
        blocked.insert(0, _("the area is not eligible"))
        awarded = None
    return LevelResult(awarded, by_fulfilment, tuple(blocked))


def assess(
    submission: Submission,
    standard: Standard | None = None,
    factor_set: str | FactorSet | None = None,
    language: str = "en",
    hourly: HourlyData | None = None,
    auditor_values: Mapping[str, tuple[float, str]] | None = None,
) -> Assessment:
    """Assess ``submission`` under its edition and its country's profile (with its hourly data, if read).

    ``auditor_values`` maps an indicator's name to the value an auditor set for it and the reason;
    it replaces the computed value (which stays in the provenance) wherever the indicator is used.
    """
    standard = standard or load_standard(submission.edition)
    if standard.edition != submission.edition:
        raise GiaInputError(
            _("submission"),
            [
                (
                    "edition",
                    _("the submission is for edition {edition}, not {loaded}").format(
                        edition=submission.edition, loaded=standard.edition
                    ),
                )
            ],
        )
    profile = standard.profile(submission.area.country)
    catalogue = standard.catalogue_for(profile.id)
    check_indicators(catalogue)
    factors = (
        factor_set
        if isinstance(factor_set, FactorSet)
        else load_factor_set(factor_set or profile.default_factor_set)
    )
    accounts: Accounts = account(submission, factors, hourly)
    declared = _declared_not_applicable(submission, catalogue)
    indicators = IndicatorCache(Context(accounts, profile), auditor_values)

    criteria = [
        score_criterion(c, indicators, declared.get(c.id), language)
        for c in sorted(catalogue.criteria, key=lambda c: (catalogue.theme(c.theme).order, c.order))
    ]
    themes, total = _fulfilment(criteria, catalogue, language)
    eligibility = tuple(
        RuleResult(
            rule.id,
            rule.text.get(language),
            all(r.passed for r in all_of) and (not any_of or any(r.passed for r in any_of)),
            (*all_of, *any_of),
        )
        for rule in catalogue.eligibility
        for all_of, any_of in [
            (
                tuple(check(c, indicators[c.indicator].value) for c in rule.all_of),
                tuple(check(c, indicators[c.indicator].value) for c in rule.any_of),
            )
        ]
    )
    eligible = all(r.passed for r in eligibility)
    failed_gates = [c.id for c in criteria if c.gate_passed is False]
    level = decide_level(catalogue, themes, total, failed_gates, eligible)
    # a distinction crowns a level: without one it is not awarded, whatever its own conditions say
    distinctions = tuple(
        RuleResult(
            d.id, d.name.get(language), level.level is not None and all(r.passed for r in results), results
        )
        for d in catalogue.distinctions
        for results in [tuple(check(c, indicators[c.indicator].value) for c in d.all_of)]
    )
    board = Scoreboard(catalogue, criteria)
    assessment_gaps = gap_steps(board, catalogue, language)
    paths = level_paths(board, catalogue, criteria, level.level, language)
    readings = tuple(read_crosswalk(cw, criteria, language) for cw in standard.crosswalks.values())
    used = accounts.factors_used()
    unverified = [f for f in used if f.unverified]
    verification = (
        [
            Flag(
                "unverified_factors",
                ngettext(
                    "the result rests on {count} reference factor not yet verified against its primary source (see 'Reference factors')",
                    "the result rests on {count} reference factors not yet verified against their primary source (see 'Reference factors')",
                    len(unverified),
                ).format(count=len(unverified)),
            )
        ]
        if unverified
        else []
    )
    return Assessment(
        edition=standard.edition,
        country_profile=profile.id,
        factor_set=factors.id,
        factor_set_digest=factors.digest,
        gwp=factors.spec.gwp,
        reporting_year=submission.reporting_year,
        stage=submission.stage,
        area={"id": submission.area.id, "name": submission.area.name, "country": submission.area.country},
        fictional=submission.fictional,
        eligibility=eligibility,
        criteria=tuple(criteria),
        themes=tuple(themes),
        total_fulfilment=total,
        level=level,
        distinctions=distinctions,
        gaps=tuple(assessment_gaps),
        level_paths=tuple(paths),
        crosswalks=readings,
        key_figures={name: accounts[name] for name in KEY_FIGURES},
        data_quality=data_quality(accounts, indicators["reporting_coverage_energy"].value),
        hourly_cfe=(
            {"area": accounts.cfe.area, "companies": dict(accounts.cfe.companies)}
            if accounts.cfe is not None
            else None
        ),
        flags=tuple(accounts.flags() + verification),
        reference_factors={
            "used": len(used),
            "verified": sum(1 for f in used if f.verified),
            "declared": sum(1 for f in used if f.declared),
            "unverified": [f.to_dict() for f in unverified],
        },
        overrides=tuple(o.criterion for o in profile.threshold_overrides),
    )
