"""Helpers and constants the indicators share."""

from __future__ import annotations

import datetime as dt

from gia import i18n
from gia.accounting import Figure, Flag
from gia.accounting.provenance import given, ratio, total
from gia.assessment.registry import Context, IndicatorValue
from gia.dataset.submission import Company, ManagementSystem
from gia.i18n import _

#: a management-system certificate without a stated end is taken to be valid this many years
CERTIFICATE_YEARS = 3
#: an EN 16247 energy audit counts for this many years (standard: "not older than 4 years")
AUDIT_YEARS = 4
LOW_GWP_LIMIT = 150.0
#: vehicle kinds that count for MO-04 (road vehicles; forklifts and site machinery are not a fleet)
ROAD_VEHICLES = frozenset({"car", "van", "truck"})


def _share(name: str, numerator: Figure, denominator: Figure, rule: str, missing: str) -> IndicatorValue:
    figure = ratio(name, numerator, denominator, rule)
    if figure is None:
        return IndicatorValue(name, None, "share", None, note=missing)
    return IndicatorValue(name, figure.value, "share", figure)


def _yes_no(name: str, answer: bool, rule: str, path: str, note: str = "") -> IndicatorValue:
    figure = Figure(name, 1.0 if answer else 0.0, "yes/no", rule, path=path)
    return IndicatorValue(name, figure.value, "yes/no", figure, note=note)


def _companies(context: Context) -> list[tuple[int, Company]]:
    """Resident companies (not the area's shared infrastructure), with their index."""
    return [(i, c) for i, c in enumerate(context.accounts.submission.companies) if c.role == "company"]


def _final_energy_of(context: Context, selected: set[str], name: str, rule: str) -> Figure:
    parts = [
        account["final_energy_kwh"].at(f"companies[{i}]")
        for i, account in enumerate(context.accounts.companies)
        if account.id in selected
    ]
    return total(name, "kWh", rule, parts)


def _all_companies_final_energy(context: Context) -> Figure:
    """Sum of the companies' own final energy: the base of coverage shares (no netting of transfers)."""
    every = {c.id for c in context.accounts.companies}
    return _final_energy_of(
        context,
        every,
        "companies_final_energy_kwh",
        _("final energy of all companies, each counting what it uses"),
    )


def _add_years(day: dt.date, years: int) -> dt.date:
    """The same day ``years`` later (29 February becomes 28 February in a common year)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def _valid(system: ManagementSystem, as_of: dt.date) -> bool:
    if system.date > as_of:
        return False
    if system.scheme == "en_16247_audit":
        return system.date >= _add_years(as_of, -AUDIT_YEARS)
    end = system.valid_until or _add_years(system.date, CERTIFICATE_YEARS)
    return end >= as_of


def _covered_by(context: Context, schemes: set[str]) -> set[str]:
    return {
        c.id
        for c in context.accounts.submission.companies
        if any(s.scheme in schemes and _valid(s, context.as_of) for s in c.management_systems)
    }


def _activity(
    context: Context, employees: int | None, floor_area: float | None, value_added: float | None
) -> float | None:
    unit = context.accounts.submission.area.activity_unit
    value = {"employee": employees, "floor_area": floor_area, "value_added": value_added}[unit]
    return float(value) if value else None


def _current_activity(context: Context) -> float | None:
    """The area's activity in the reporting year, in its activity unit (floor area only if every company gives it)."""
    submission = context.accounts.submission
    companies = submission.companies
    floor_areas = [c.floor_area_m2 for c in companies]
    return _activity(
        context,
        sum(c.employees for c in companies),
        sum(f for f in floor_areas if f is not None) if all(f is not None for f in floor_areas) else None,
        submission.area.value_added_eur,
    )


def _reported_final_energy(context: Context) -> Figure:
    """The area's final energy without the estimates for companies that did not report."""
    silent = {c.id for c in context.accounts.companies if not c.reported}
    estimated = _final_energy_of(
        context,
        silent,
        "final_energy_estimated_kwh",
        _("estimated final energy of the companies that did not report"),
    )
    area_energy = context.accounts["final_energy_kwh"]
    return Figure(
        "final_energy_reported_kwh",
        max(area_energy.value - estimated.value, 0.0),
        "kWh",
        _("the area's final energy without the estimates for companies that did not report"),
        (area_energy, estimated),
    )


def _scope12_with_estimates(context: Context) -> Figure | None:
    """Market-based scope 1 + 2, with the companies that did not report at the others' intensity.

    None when nothing was reported to extrapolate from.
    """
    emissions = context.accounts["scope12_market_kg_co2e"]
    silent = {c.id for c in context.accounts.companies if not c.reported}
    if not silent:
        return emissions
    estimated = _final_energy_of(
        context,
        silent,
        "final_energy_estimated_kwh",
        _("estimated final energy of the companies that did not report"),
    )
    reported = _reported_final_energy(context)
    if reported.value == 0:
        return None
    if estimated.value == 0:
        return emissions
    extra = Figure(
        "scope12_estimated_kg_co2e",
        estimated.value * emissions.value / reported.value,
        "kg CO2e",
        _("estimated final energy × the reporting companies' emissions per kWh"),
        (estimated, emissions, reported),
        flags=(
            Flag(
                "emissions_estimated",
                _(
                    "emissions of companies that did not report are estimated at the intensity of those that did"
                ),
            ),
        ),
    )
    return Figure(
        "scope12_market_with_estimates_kg_co2e",
        emissions.value + extra.value,
        "kg CO2e",
        _("market-based scope 1 + 2 of the reporting companies + the estimate for the others"),
        (emissions, extra),
    )


def _baseline_activity(context: Context) -> tuple[float | None, float | None]:
    """(activity now, activity in the baseline year) in the area's activity unit."""
    submission = context.accounts.submission
    baseline = submission.area.baseline
    assert baseline is not None
    then = _activity(context, baseline.employees, baseline.floor_area_m2, baseline.value_added_eur)
    return _current_activity(context), then


def _adopted(context: Context, plan: str) -> IndicatorValue:
    adoption = getattr(context.accounts.submission.area.plans, plan)
    done = adoption is not None and adoption.adopted <= context.as_of
    return _yes_no(
        plan.replace("climate_risk_assessment", "climate_risk_assessment_done")
        .replace("adaptation_plan", "adaptation_plan_adopted")
        .replace("mobility_plan", "mobility_plan_adopted")
        .replace("energy_concept", "energy_concept_adopted"),
        done,
        _("adopted (or completed) by the end of the reporting year"),
        f"area.plans.{plan}",
        "" if done else _("not adopted by the end of the reporting year"),
    )


def _recovery_weight(code: str) -> float:
    if code == "R1":
        return 0.5
    if code.startswith("R") and 2 <= int(code[1:]) <= 11:
        return 1.0
    return 0.0


def _area_share(context: Context, name: str, fields: tuple[str, ...], rule: str) -> IndicatorValue:
    area = context.accounts.submission.area
    values = [(f, getattr(area, f)) for f in fields]
    if all(v is None for _f, v in values):
        return IndicatorValue(
            name, None, "share", None, note=_("{fields} not reported").format(fields=i18n.join(", ", fields))
        )
    part = total(
        f"{name}_ha",
        "ha",
        _("the areas reported, added up"),
        (given(f, v, "ha", f"area.{f}") for f, v in values if v is not None),
    )
    return _share(
        name,
        part,
        given("total_area_ha", area.total_area_ha, "ha", "area.total_area_ha"),
        rule,
        _("total area is zero"),
    )
