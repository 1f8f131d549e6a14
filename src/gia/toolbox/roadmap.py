"""Roadmap to climate neutrality: measures year by year, the grid decarbonising, levels reached.

From the reporting year to the target year (the area's adopted climate target, else the country's
legal climate-neutrality year), each year's submission holds the measures started by then
(:mod:`gia.toolbox.scenario`) and is assessed with the real engine under a factor set whose grid
values are the country's trajectory for that year (``grid_trajectory.csv``, linear between its
points, the last point held after it):

- location-based grid factor: the trajectory;
- residual mix (where the factor set has one): the reporting year's residual mix × trajectory(year)
  ÷ trajectory(reporting year) — it falls in proportion to the grid (a GIA assumption);
- the grid's carbon-free share (hourly CFE): the trajectory.

Everything else stays as reported (activity, companies, plans, events): the roadmap shows what the
measures and the grid do, not how the area grows. The year a level becomes reachable is the first
year whose projected assessment awards it (or a higher one). Climate neutrality is read as the
net-zero operations distinction's emission condition: market-based scope 1 + 2 at most the
catalogue's share (10 %) of the baseline year (the reporting year where no baseline is declared).
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path
from typing import Any

from gia.accounting import FactorSet, Figure, load_factor_set
from gia.accounting.factors import CarbonFreeRow, GridRow, ResidualMixRow
from gia.accounting.hourly import HourlyData
from gia.accounting.provenance import FactorRef
from gia.assessment import Assessment, assess
from gia.dataset import Submission
from gia.errors import GiaInputError
from gia.i18n import _, value
from gia.standard import Standard, load_standard
from gia.toolbox.measures import load_compendium
from gia.toolbox.scenario import AppliedMeasure, MeasureChoice, apply_measure

TRAJECTORY_FILE = Path(__file__).parent / "data" / "grid_trajectory.csv"
LAST_YEAR = 2060
#: figures reported for every year of the roadmap
ROADMAP_FIGURES = (
    "final_energy_kwh",
    "electricity_consumption_kwh",
    "renewable_electricity_kwh",
    "scope1_kg_co2e",
    "scope2_location_kg_co2e",
    "scope2_market_kg_co2e",
    "scope12_market_kg_co2e",
)
ROADMAP_CRITERIA = ("EN-01", "EN-02", "EN-03", "CL-03", "CL-04")


@dataclass(frozen=True)
class TrajectoryPoint:
    year: int
    value: float
    unit: str
    source: str
    licence: str
    verified: str


@dataclass(frozen=True)
class Trajectory:
    """A country's grid path: points per parameter (``grid_location``, ``carbon_free_share``)."""

    country: str
    points: dict[str, tuple[TrajectoryPoint, ...]]

    def value(self, parameter: str, year: int) -> FactorRef:
        """The value for ``year``: linear between the points, the first or last point beyond them."""
        points = self.points.get(parameter)
        if not points:
            raise GiaInputError(
                str(TRAJECTORY_FILE),
                [
                    (
                        self.country,
                        _("no {parameter} trajectory for {country}").format(
                            parameter=parameter, country=self.country
                        ),
                    )
                ],
            )
        before = [p for p in points if p.year <= year]
        after = [p for p in points if p.year >= year]
        if before and after and before[-1].year != after[0].year:
            a, b = before[-1], after[0]
            value = a.value + (b.value - a.value) * (year - a.year) / (b.year - a.year)
            source = _("linear between {a} ({a_year}: {a_value}) and {b} ({b_year}: {b_value})").format(
                a=a.source, a_year=a.year, a_value=a.value, b=b.source, b_year=b.year, b_value=b.value
            )
            verified = f"{a.verified}; {b.verified}"
            licence = a.licence if a.licence == b.licence else f"{a.licence}; {b.licence}"
            unit = a.unit
        else:
            point = before[-1] if before else after[0]
            value, source, verified, licence, unit = (
                point.value,
                point.source,
                point.verified,
                point.licence,
                point.unit,
            )
            if point.year != year:
                source = _("{source} ({used}, held for {year})").format(
                    source=point.source, used=point.year, year=year
                )
        return FactorRef(
            id=f"trajectory/{self.country}/{parameter}/{year}",
            value=value,
            unit=unit,
            source=source,
            year=year,
            licence=licence,
            note=verified,
        )


@cache
def load_trajectory(country: str) -> Trajectory:
    """The shipped grid trajectory of ``country`` (PL, DE, DK, SE, FI, LT, LV, EE)."""
    points: dict[str, list[TrajectoryPoint]] = {}
    with TRAJECTORY_FILE.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            if row["country"] != country:
                continue
            points.setdefault(row["parameter"], []).append(
                TrajectoryPoint(
                    int(row["year"]),
                    float(row["value"]),
                    row["unit"],
                    row["source"],
                    row["licence"],
                    row["verified"],
                )
            )
    if not points:
        raise GiaInputError(
            str(TRAJECTORY_FILE),
            [(country, _("no grid trajectory for country {country}").format(country=country))],
        )
    return Trajectory(country, {k: tuple(sorted(v, key=lambda p: p.year)) for k, v in points.items()})


def factor_set_for_year(
    base: FactorSet, country: str, reporting_year: int, year: int, trajectory: Trajectory
) -> tuple[FactorSet, dict[str, FactorRef]]:
    """``base`` with the country's grid values of ``year`` standing in for the reporting year's."""
    grid = trajectory.value("grid_location", year)
    grid_now = trajectory.value("grid_location", reporting_year)
    share = trajectory.value("carbon_free_share", year)
    data = base.data
    dataset = base.spec.grid_dataset
    note = _("projection for {year}: {source}").format(year=year, source=grid.source)
    grid_rows = (
        *tuple(r for r in data.grid if not (r.country == country and r.dataset == dataset)),
        GridRow(
            country=country,
            year=reporting_year,
            dataset=dataset,
            value=grid.value,
            unit=grid.unit,
            basis="life-cycle",
            source=note,
            release=grid.note,
            licence=grid.licence,
        ),
    )
    residual_rows = data.residual_mix
    used: dict[str, FactorRef] = {"grid_location": grid, "carbon_free_share": share}
    residual_now, _flags = base.residual_mix(country, reporting_year)
    if residual_now is not None:
        scale = grid.value / grid_now.value if grid_now.value else 1.0
        residual = FactorRef(
            id=f"trajectory/{country}/residual_mix/{year}",
            value=residual_now.value * scale,
            unit=residual_now.unit,
            source=_(
                "{source} × grid trajectory {year} ÷ {reporting} (GIA assumption: the residual mix falls with the grid)"
            ).format(source=residual_now.source, year=year, reporting=reporting_year),
            year=year,
            licence=residual_now.licence,
            note=residual_now.note,
        )
        used["residual_mix"] = residual
        residual_rows = (
            *tuple(r for r in residual_rows if r.country != country),
            ResidualMixRow(
                country=country,
                year=reporting_year,
                value=residual.value,
                unit=residual.unit,
                source=residual.source,
                release=residual.note or "-",
                licence=residual.licence,
            ),
        )
    carbon_free_rows = (
        *tuple(r for r in data.carbon_free if r.country != country),
        CarbonFreeRow(
            country=country,
            year=reporting_year,
            value=share.value,
            unit=share.unit,
            source=_("projection for {year}: {source}").format(year=year, source=share.source),
            licence=share.licence,
        ),
    )
    projected = replace(data, grid=grid_rows, residual_mix=residual_rows, carbon_free=carbon_free_rows)
    return FactorSet(base.spec, projected), used


@dataclass(frozen=True)
class RoadmapYear:
    """One projected year."""

    year: int
    measures: tuple[str, ...]
    grid: dict[str, FactorRef]
    assessment: Assessment

    @property
    def level(self) -> str | None:
        return self.assessment.level.level

    def figure(self, name: str) -> Figure:
        return self.assessment.key_figures[name] if name in self.assessment.key_figures else _missing(name)

    def to_dict(self) -> dict[str, Any]:
        a = self.assessment
        return {
            "year": self.year,
            "measures": list(self.measures),
            "grid": {name: ref.to_dict() for name, ref in self.grid.items()},
            "level": a.level.level,
            "total_fulfilment": a.total_fulfilment,
            "criteria": {
                c: {"value": a.criterion(c).value, "points": a.criterion(c).points} for c in ROADMAP_CRITERIA
            },
            "figures": {
                name: a.key_figures[name].to_dict(depth=0)
                for name in ROADMAP_FIGURES
                if name in a.key_figures
            },
        }


def _missing(name: str) -> Figure:
    raise KeyError(name)


@dataclass(frozen=True)
class Neutrality:
    """Whether (and when) the projection reaches climate-neutral operations."""

    target_year: int
    target_source: str
    threshold: Figure
    year_reached: int | None

    @property
    def meets_target(self) -> bool:
        return self.year_reached is not None and self.year_reached <= self.target_year

    def to_dict(self) -> dict[str, Any]:
        return {
            "target_year": self.target_year,
            "target_source": self.target_source,
            "threshold": self.threshold.to_dict(depth=1),
            "year_reached": self.year_reached,
            "meets_target": self.meets_target,
        }


@dataclass(frozen=True)
class Roadmap:
    area: dict[str, str]
    applied: tuple[AppliedMeasure, ...]
    years: tuple[RoadmapYear, ...]
    level_years: dict[str, int | None]
    neutrality: Neutrality

    def year(self, year: int) -> RoadmapYear:
        for row in self.years:
            if row.year == year:
                return row
        raise KeyError(year)

    def to_dict(self, language: str = "en") -> dict[str, Any]:
        return {
            "schema": "gia-roadmap/1",
            "area": self.area,
            "measures": [m.to_dict(language) for m in self.applied],
            "level_years": self.level_years,
            "climate_neutrality": self.neutrality.to_dict(),
            "years": [row.to_dict() for row in self.years],
        }


def project(
    submission: Submission,
    choices: Sequence[MeasureChoice],
    target_year: int | None = None,
    standard: Standard | None = None,
    factor_set: str | FactorSet | None = None,
    language: str = "en",
    hourly: HourlyData | None = None,
    trajectory: Trajectory | None = None,
) -> Roadmap:
    """Project the area year by year from the reporting year to the target year.

    Parameters
    ----------
    submission : Submission
        the assessed reporting year
    choices : sequence of MeasureChoice
        the measures, each with its start year (default: the year after the reporting year)
    target_year : int or None
        the last year [year]; default: the area's climate target year, else the country's legal
        climate-neutrality year
    """
    standard = standard or load_standard(submission.edition)
    profile = standard.profile(submission.area.country)
    base = (
        factor_set
        if isinstance(factor_set, FactorSet)
        else load_factor_set(factor_set or profile.default_factor_set)
    )
    country, start = submission.area.country, submission.reporting_year
    trajectory = trajectory or load_trajectory(country)
    climate_target = submission.area.plans.climate_target
    if climate_target is not None:
        neutral_year, neutral_source = climate_target.target_year, _("the area's climate target")
    else:
        neutral_year = profile.climate_neutrality_year
        neutral_source = profile.climate_neutrality_source
    last = target_year if target_year is not None else neutral_year
    if not start < last <= LAST_YEAR:
        raise GiaInputError(
            _("roadmap"),
            [
                (
                    "target_year",
                    _("the target year must lie after {start} and no later than {last}").format(
                        start=start, last=LAST_YEAR
                    ),
                )
            ],
        )
    for index, choice in enumerate(choices):
        if choice.year is not None and not start < choice.year <= last:
            raise GiaInputError(
                _("roadmap"),
                [
                    (
                        f"measures[{index}].year",
                        _("a measure starts between {first} and {last}").format(first=start + 1, last=last),
                    )
                ],
            )
    # apply in start-year order; each year assesses the measures started by then
    ordered = sorted(enumerate(choices), key=lambda item: (item[1].year or start + 1, item[0]))
    applied: list[AppliedMeasure] = []
    states: list[tuple[int, Submission]] = [(start, submission)]
    current = submission
    for index, choice in ordered:
        try:
            current, done = apply_measure(current, choice)
        except GiaInputError as error:  # name the measure by its place in ``choices``
            raise GiaInputError(
                error.source, [(_measure_place(index, place), message) for place, message in error.problems]
            ) from None
        applied.append(done)
        states.append((done.year, current))

    years: list[RoadmapYear] = []
    for year in range(start, last + 1):
        state = [s for y, s in states if y <= year][-1]
        active = tuple(m.measure.id for m in applied if m.year <= year)
        if year == start:  # the reporting year as assessed: the factor set's own values
            factors, used = base, _reported_grid(base, country, start)
        else:
            factors, used = factor_set_for_year(base, country, start, year, trajectory)
        result = assess(state, standard, factors, language, hourly)
        years.append(RoadmapYear(year, active, used, result))

    levels = sorted(standard.catalogue_for(profile.id).levels, key=lambda lvl: lvl.order)
    order = {lvl.id: lvl.order for lvl in levels}
    level_years: dict[str, int | None] = {}
    for level in levels:
        level_years[level.id] = next(
            (row.year for row in years if row.level is not None and order[row.level] >= level.order), None
        )
    threshold = _neutrality_threshold(standard, profile.id, submission, years[0].assessment)
    reached = next(
        (
            row.year
            for row in years
            if row.assessment.key_figures["scope12_market_kg_co2e"].value <= threshold.value + 1e-9
        ),
        None,
    )
    neutrality = Neutrality(neutral_year, neutral_source, threshold, reached)
    return Roadmap(
        {"id": submission.area.id, "name": submission.area.name, "country": country},
        tuple(applied),
        tuple(years),
        level_years,
        neutrality,
    )


def _measure_place(index: int, place: str) -> str:
    """``measures[2]`` for what concerns the measure as a whole (it does not apply to the company, its
    effect does not fit), ``measures[2].size`` / ``.company`` for one of its choices."""
    return f"measures[{index}].{place}" if place in ("size", "company") else f"measures[{index}]"


@dataclass(frozen=True)
class GateLeft:
    """A gate that still fails in the roadmap's last year: what is missing, what the standard asks,
    and the compendium's measures that improve it (none: no technical measure fixes it)."""

    criterion: str
    name: str
    missing: str
    requirement: str
    measures: tuple[str, ...]

    @property
    def fixed_by_measures(self) -> bool:
        return bool(self.measures)

    def to_dict(self) -> dict[str, Any]:
        return {
            "criterion": self.criterion,
            "name": self.name,
            "missing": self.missing,
            "requirement": self.requirement,
            "measures": list(self.measures),
        }


def gates_left(roadmap: Roadmap, standard: Standard, language: str = "en") -> list[GateLeft]:
    """The gates that fail in the roadmap's last year, in catalogue order, each with what to do.

    A level is awarded only when every gate passes, so these are why a level stays out of reach
    however many measures are chosen. A gate that no measure of the compendium improves (a plan,
    a target, a management decision) is fixed by the area's management, not by a measure.
    """
    last = roadmap.years[-1]
    assessment = last.assessment
    catalogue = standard.catalogue_for(assessment.country_profile)
    compendium = load_compendium()
    left = []
    for result in assessment.criteria:
        if result.gate_passed is not False:
            continue
        criterion = catalogue.criterion(result.id)
        failing = [c for c in result.gate if not c.passed]
        if result.unit == "yes/no":
            missing = result.note or _("not met")
        else:
            parts = []
            for condition in failing:
                unit = result.unit if condition.indicator == result.indicator else "share"
                text = (
                    _("{value} in {year}, at least {threshold} needed")
                    if condition.operator == ">="
                    else _("{value} in {year}, at most {threshold} allowed")
                )
                parts.append(
                    text.format(
                        value=value(condition.value, unit),
                        year=last.year,
                        threshold=value(condition.threshold, unit),
                    )
                )
            missing = "; ".join(parts)
        left.append(
            GateLeft(
                criterion=result.id,
                name=result.name,
                missing=missing,
                requirement=criterion.description.get(language),
                measures=tuple(m.id for m in compendium.measures.values() if result.id in m.criteria),
            )
        )
    return left


def _reported_grid(base: FactorSet, country: str, year: int) -> dict[str, FactorRef]:
    used: dict[str, FactorRef] = {}
    for name, (ref, _flags) in (
        ("grid_location", base.grid_location(country, year)),
        ("residual_mix", base.residual_mix(country, year)),
        ("carbon_free_share", base.grid_carbon_free_share(country, year)),
    ):
        if ref is not None:
            used[name] = ref
    return used


def _neutrality_threshold(
    standard: Standard, profile: str, submission: Submission, first: Assessment
) -> Figure:
    catalogue = standard.catalogue_for(profile)
    share = next(
        (
            condition.value
            for distinction in catalogue.distinctions
            for condition in distinction.all_of
            if condition.indicator == "scope12_market_vs_baseline_ratio"
        ),
        0.10,
    )
    baseline = submission.area.baseline
    if baseline is not None:
        base = Figure(
            "baseline_scope12_market_kg_co2e",
            baseline.scope12_market_kg_co2e,
            "kg CO2e",
            _("declared baseline ({year})").format(year=baseline.year),
            path="area.baseline.scope12_market_kg_co2e",
        )
    else:
        reported = first.key_figures["scope12_market_kg_co2e"]
        base = Figure(
            "baseline_scope12_market_kg_co2e",
            reported.value,
            "kg CO2e",
            _("no baseline declared: the reporting year ({year}) as it was assessed").format(
                year=submission.reporting_year
            ),
        )
    return Figure(
        "climate_neutral_threshold_kg_co2e",
        base.value * share,
        "kg CO2e",
        _("baseline × {share:.0%} (net-zero operations distinction, emission condition)").format(share=share),
        (base,),
    )
