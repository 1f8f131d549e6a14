"""Indicators of mobility and logistics (MO): each a small pure function over the accounted submission."""

from __future__ import annotations

from gia.accounting import Figure
from gia.accounting.provenance import given, total
from gia.assessment.indicators.common import ROAD_VEHICLES, _adopted, _share, _yes_no
from gia.assessment.registry import Context, IndicatorValue, indicator
from gia.i18n import _


@indicator("mobility_plan_adopted", "yes/no")
def mobility_plan_adopted(context: Context) -> IndicatorValue:
    """A mobility plan for the area adopted by the end of the reporting year."""
    return _adopted(context, "mobility_plan")


@indicator("public_transport_served", "yes/no")
def public_transport_served(context: Context) -> IndicatorValue:
    """A public transport stop within 500 m of the area's centre with at least 2 departures an hour at shift changes."""
    stop = context.accounts.submission.area.public_transport
    served = stop is not None and stop.distance_m <= 500 and stop.departures_per_hour_at_shift_change >= 2
    note = "" if served else _("no stop within 500 m with at least 2 departures an hour at shift changes")
    return _yes_no(
        "public_transport_served",
        served,
        _("stop ≤ 500 m and ≥ 2 departures/hour at shift changes"),
        "area.public_transport",
        note,
    )


@indicator("sustainable_commuting_share", "share")
def sustainable_commuting_share(context: Context) -> IndicatorValue:
    """Commuting trips on foot, by bicycle, public transport or car-pool, weighted by the employees of the companies that surveyed them."""
    weighted, employees = [], []
    for i, c in enumerate(context.accounts.submission.companies):
        if c.commuting is None or c.employees == 0:
            continue
        staff = given("employees", float(c.employees), "employees", f"companies[{i}].employees")
        employees.append(staff)
        weighted.append(
            Figure(
                "sustainable_trips",
                c.commuting.sustainable * c.employees,
                "employees",
                _("employees × sustainable share of trips"),
                (staff,),
                path=f"companies[{i}].commuting",
            )
        )
    return _share(
        "sustainable_commuting_share",
        total("sustainable_commuters", "employees", _("employee-weighted sustainable trips"), weighted),
        total(
            "surveyed_employees", "employees", _("employees of companies with a commuting survey"), employees
        ),
        _("weighted sustainable share"),
        _("no commuting survey reported"),
    )


@indicator("charging_points_per_100_employees", "per 100 employees")
def charging_points_per_100_employees(context: Context) -> IndicatorValue:
    """Charging points ÷ employees × 100."""
    companies = context.accounts.submission.companies
    points = total(
        "charging_points",
        "count",
        _("sum of charging points"),
        (
            given("charging_points", float(c.charging_points), "count", f"companies[{i}].charging_points")
            for i, c in enumerate(companies)
        ),
    )
    staff = total(
        "employees",
        "employees",
        _("sum of employees"),
        (
            given("employees", float(c.employees), "employees", f"companies[{i}].employees")
            for i, c in enumerate(companies)
        ),
    )
    if staff.value == 0:
        return IndicatorValue(
            "charging_points_per_100_employees",
            None,
            "per 100 employees",
            None,
            note=_("no employees reported"),
        )
    figure = Figure(
        "charging_points_per_100_employees",
        points.value / staff.value * 100,
        "per 100 employees",
        _("charging points ÷ employees × 100"),
        (points, staff),
    )
    return IndicatorValue("charging_points_per_100_employees", figure.value, "per 100 employees", figure)


@indicator("zero_emission_fleet_share", "share")
def zero_emission_fleet_share(context: Context) -> IndicatorValue:
    """Company road vehicles with zero tailpipe emissions (battery-electric, fuel-cell) ÷ all company road vehicles (forklifts and other site machinery excluded)."""
    zero, fleet = [], []
    for i, c in enumerate(context.accounts.submission.companies):
        for j, group in enumerate(c.vehicles):
            if group.kind not in ROAD_VEHICLES:
                continue
            item = given("vehicles", float(group.count), "count", f"companies[{i}].vehicles[{j}].count")
            fleet.append(item)
            if group.zero_emission:
                zero.append(item)
    return _share(
        "zero_emission_fleet_share",
        total("zero_emission_vehicles", "count", _("battery-electric and fuel-cell vehicles"), zero),
        total("fleet", "count", _("all company vehicles"), fleet),
        _("zero-emission vehicles ÷ fleet"),
        _("no company vehicles reported"),
    )
