"""Indicators of energy (EN): each a small pure function over the accounted submission."""

from __future__ import annotations

from gia.accounting import Figure, Flag
from gia.accounting.provenance import given, total
from gia.assessment.figures import activity_words
from gia.assessment.indicators.common import (
    _activity,
    _all_companies_final_energy,
    _covered_by,
    _current_activity,
    _final_energy_of,
    _share,
)
from gia.assessment.registry import Context, IndicatorValue, indicator
from gia.i18n import _


@indicator("renewable_electricity_share", "share")
def renewable_electricity_share(context: Context) -> IndicatorValue:
    """Renewable electricity (market-based: own renewables with certificates kept, valid GOs, PPAs with bundled certificates) ÷ electricity consumption."""
    a = context.accounts
    return _share(
        "renewable_electricity_share",
        a["renewable_electricity_kwh"],
        a["electricity_consumption_kwh"],
        _("renewable electricity (market-based) ÷ electricity consumption"),
        _("no electricity consumption reported"),
    )


@indicator("local_renewable_generation_share", "share")
def local_renewable_generation_share(context: Context) -> IndicatorValue:
    """Renewable electricity generated in the area or within 5 km and delivered to it ÷ electricity consumption."""
    a = context.accounts
    return _share(
        "local_renewable_generation_share",
        a["local_renewable_electricity_kwh"],
        a["electricity_consumption_kwh"],
        _("local renewable electricity ÷ electricity consumption"),
        _("no electricity consumption reported"),
    )


@indicator("renewable_heat_share", "share")
def renewable_heat_share(context: Context) -> IndicatorValue:
    """Heat from renewables, heat pumps and recovered waste heat ÷ heat demand."""
    a = context.accounts
    return _share(
        "renewable_heat_share",
        a["renewable_heat_kwh"],
        a["heat_demand_kwh"],
        _("renewable and recovered heat ÷ heat demand"),
        _("no heat demand reported"),
    )


@indicator("hourly_cfe_score", "share")
def hourly_cfe_score(context: Context) -> IndicatorValue:
    """24/7 carbon-free electricity score from hourly load and supply; without hourly data it is missing (0 points)."""
    cfe = context.accounts.cfe
    if cfe is None:
        note = (
            _("the hourly series hold no load")
            if context.accounts.hourly is not None
            else _(
                "no hourly consumption and supply data in the submission: EN-04 scores 0 (not 'not applicable')"
            )
        )
        return IndicatorValue("hourly_cfe_score", None, "share", None, note=note)
    return IndicatorValue("hourly_cfe_score", cfe.area.value, "share", cfe.area)


@indicator("energy_management_coverage", "share")
def energy_management_coverage(context: Context) -> IndicatorValue:
    """Final energy of companies with a valid ISO 50001, EMAS or an EN 16247 audit not older than 4 years ÷ the area's final energy."""
    covered = _covered_by(context, {"iso_50001", "emas", "en_16247_audit"})
    numerator = _final_energy_of(
        context,
        covered,
        "final_energy_covered_kwh",
        _(
            "final energy of companies with ISO 50001, EMAS or an EN 16247 audit valid at the end of the reporting year"
        ),
    )
    return _share(
        "energy_management_coverage",
        numerator,
        _all_companies_final_energy(context),
        _("final energy under energy management ÷ the area's final energy"),
        _("no final energy reported"),
    )


@indicator("energy_intensity_improvement", "share")
def energy_intensity_improvement(context: Context) -> IndicatorValue:
    """Average yearly reduction of final energy per unit of activity, compounded from the earliest of the last 3 reported years."""
    submission = context.accounts.submission
    area = submission.area
    year = submission.reporting_year
    unit = area.activity_unit
    current_activity = _current_activity(context)
    earlier = sorted((h for h in area.history if year - 3 <= h.year < year), key=lambda h: h.year)
    if not earlier:
        return IndicatorValue(
            "energy_intensity_improvement",
            None,
            "share",
            None,
            note=_("first reporting year: no earlier year to compare with, 0 points (EN-06)"),
        )
    first = earlier[0]
    first_index = area.history.index(first)
    first_activity = _activity(context, first.employees, first.floor_area_m2, first.value_added_eur)
    if not current_activity or not first_activity:
        return IndicatorValue(
            "energy_intensity_improvement",
            None,
            "share",
            None,
            note=_("the activity ({unit}) is missing for {year} or the reporting year").format(
                unit=activity_words(unit), year=first.year
            ),
        )
    final = context.accounts["final_energy_kwh"]
    if final.value == 0:
        return IndicatorValue(
            "energy_intensity_improvement", None, "share", None, note=_("no final energy reported")
        )
    now = Figure(
        "energy_intensity_now",
        final.value / current_activity,
        f"kWh/{unit}",
        _("final energy ÷ activity in the reporting year"),
        (final, given("activity", current_activity, unit, "companies[*]")),
    )
    then = Figure(
        "energy_intensity_then",
        first.final_energy_kwh / first_activity,
        f"kWh/{unit}",
        _("final energy ÷ activity in {year}").format(year=first.year),
        (
            given(
                "final_energy_kwh",
                first.final_energy_kwh,
                "kWh",
                f"area.history[{first_index}].final_energy_kwh",
            ),
            given("activity", first_activity, unit, f"area.history[{first_index}]"),
        ),
    )
    years = year - first.year
    if then.value <= 0:
        return IndicatorValue(
            "energy_intensity_improvement",
            None,
            "share",
            None,
            note=_("the earlier year's intensity is zero"),
        )
    reduction = 1 - (now.value / then.value) ** (1 / years)
    figure = Figure(
        "energy_intensity_improvement",
        reduction,
        "share",
        _("1 − (intensity now ÷ intensity {year}) ^ (1/{years}): average yearly reduction").format(
            year=first.year, years=years
        ),
        (now, then),
    )
    return IndicatorValue("energy_intensity_improvement", reduction, "share", figure)


@indicator("waste_heat_use_share", "share")
def waste_heat_use_share(context: Context) -> IndicatorValue:
    """Recoverable waste heat used in the area or exported to a heat network ÷ identified recoverable waste heat."""
    used, recoverable = [], []
    for i, c in enumerate(context.accounts.submission.companies):
        if c.waste_heat is not None:
            used.append(
                given("used_kwh", c.waste_heat.used_kwh, "kWh", f"companies[{i}].waste_heat.used_kwh")
            )
            recoverable.append(
                given(
                    "recoverable_kwh",
                    c.waste_heat.recoverable_kwh,
                    "kWh",
                    f"companies[{i}].waste_heat.recoverable_kwh",
                )
            )
    return _share(
        "waste_heat_use_share",
        total("waste_heat_used_kwh", "kWh", _("sum of waste heat used"), used),
        total(
            "waste_heat_recoverable_kwh", "kWh", _("sum of identified recoverable waste heat"), recoverable
        ),
        _("waste heat used ÷ recoverable waste heat"),
        _("no recoverable waste heat identified"),
    )


@indicator("flexibility_share", "share")
def flexibility_share(context: Context) -> IndicatorValue:
    """(Storage power + flexible load) ÷ peak electric load, over the companies that report their peak load."""
    flexible, peaks, flags = [], [], []
    for i, c in enumerate(context.accounts.submission.companies):
        place = f"companies[{i}]"
        if c.peak_load_kw is None:
            if c.storage or c.flexible_load_kw:
                flags.append(
                    Flag(
                        "peak_load_missing",
                        _("{place}: storage or flexible load without a peak load is not counted").format(
                            place=place
                        ),
                    )
                )
            continue
        peaks.append(given("peak_load_kw", c.peak_load_kw, "kW", f"{place}.peak_load_kw"))
        flexible.extend(
            given("storage_power_kw", s.power_kw, "kW", f"{place}.storage[{j}].power_kw")
            for j, s in enumerate(c.storage)
        )
        if c.flexible_load_kw:
            flexible.append(given("flexible_load_kw", c.flexible_load_kw, "kW", f"{place}.flexible_load_kw"))
    share = _share(
        "flexibility_share",
        total("flexible_capacity_kw", "kW", _("storage power + flexible load"), flexible, flags),
        total(
            "peak_load_kw", "kW", _("sum of the companies' peak loads (not coincident: conservative)"), peaks
        ),
        _("flexible capacity ÷ peak load"),
        _("no peak load reported"),
    )
    if share.value is None or share.value <= 1 or share.figure is None:
        return share
    capped = Figure(
        "flexibility_share",
        1.0,
        "share",
        _("flexible capacity exceeds the peak load: capped at 100 %"),
        (share.figure,),
    )
    return IndicatorValue("flexibility_share", 1.0, "share", capped)
