"""Indicators of area governance (GM): each a small pure function over the accounted submission."""

from __future__ import annotations

from gia.accounting.provenance import given, total
from gia.assessment.indicators.common import (
    _adopted,
    _all_companies_final_energy,
    _companies,
    _covered_by,
    _final_energy_of,
    _share,
    _yes_no,
)
from gia.assessment.registry import Context, IndicatorValue, indicator
from gia.i18n import _


@indicator("area_management_entity_named", "yes/no")
def area_management_entity_named(context: Context) -> IndicatorValue:
    """A named legal or natural person responsible for the area, with a contact and a mandate."""
    entity = context.accounts.submission.area.management_entity
    return _yes_no(
        "area_management_entity_named",
        entity is not None,
        _("management entity with name, contact and mandate"),
        "area.management_entity",
        "" if entity else _("no management entity named"),
    )


@indicator("energy_concept_adopted", "yes/no")
def energy_concept_adopted(context: Context) -> IndicatorValue:
    """An energy concept for the area (or the municipality's, covering the area) adopted by the end of the reporting year."""
    return _adopted(context, "energy_concept")


@indicator("reporting_coverage_energy", "share")
def reporting_coverage_energy(context: Context) -> IndicatorValue:
    """Final energy of the companies that reported the year's data ÷ the area's final energy (estimates for the others)."""
    reported = {c.id for c in context.accounts.companies if c.reported}
    numerator = _final_energy_of(
        context, reported, "final_energy_reported_kwh", _("final energy of the companies that reported")
    )
    return _share(
        "reporting_coverage_energy",
        numerator,
        _all_companies_final_energy(context),
        _(
            "reported final energy ÷ the area's final energy (with estimates for companies that did not report)"
        ),
        _("no final energy reported"),
    )


@indicator("reporting_coverage_companies", "share")
def reporting_coverage_companies(context: Context) -> IndicatorValue:
    """Resident companies that reported ÷ resident companies."""
    residents = _companies(context)
    reported = [
        given("reported_company", 1.0, "count", f"companies[{i}].reported")
        for i, c in residents
        if c.reported
    ]
    return _share(
        "reporting_coverage_companies",
        total("reported_companies", "count", _("companies that reported"), reported),
        given(
            "resident_companies",
            float(len(residents)),
            "count",
            "companies",
            _("resident companies (shared infrastructure excluded)"),
        ),
        _("reporting companies ÷ resident companies"),
        _("no resident companies"),
    )


@indicator("network_events_count", "count")
def network_events_count(context: Context) -> IndicatorValue:
    """Area network meetings or information events held in the reporting year."""
    year = context.accounts.year
    events = context.accounts.submission.area.network_events
    parts = [
        given("network_event", 1.0, "count", f"area.network_events[{i}]")
        for i, e in enumerate(events)
        if e.date.year == year
    ]
    figure = total("network_events_count", "count", _("events dated in the reporting year"), parts)
    return IndicatorValue("network_events_count", figure.value, "count", figure)


@indicator("environmental_management_share", "share")
def environmental_management_share(context: Context) -> IndicatorValue:
    """Final energy of companies with a valid ISO 14001 or EMAS ÷ the area's final energy."""
    covered = _covered_by(context, {"iso_14001", "emas"})
    numerator = _final_energy_of(
        context,
        covered,
        "final_energy_ems_kwh",
        _("final energy of companies with ISO 14001 or EMAS valid at the end of the reporting year"),
    )
    return _share(
        "environmental_management_share",
        numerator,
        _all_companies_final_energy(context),
        _("final energy under environmental management ÷ the area's final energy"),
        _("no final energy reported"),
    )


@indicator("unresolved_major_violation", "yes/no")
def unresolved_major_violation(context: Context) -> IndicatorValue:
    """An unresolved major environmental violation found in the reporting year."""
    year = context.accounts.year
    found = [
        i
        for i, v in enumerate(context.accounts.submission.area.environmental_violations)
        if v.severity == "major" and not v.resolved and v.date.year == year
    ]
    path = f"area.environmental_violations[{found[0]}]" if found else "area.environmental_violations"
    return _yes_no(
        "unresolved_major_violation",
        bool(found),
        _("a major violation in the reporting year that is not resolved"),
        path,
    )


@indicator("energy_training_programmes", "yes/no")
def energy_training_programmes(context: Context) -> IndicatorValue:
    """Training programmes on energy and climate for employees in the reporting year."""
    skills = context.accounts.submission.area.skills
    return _yes_no(
        "energy_training_programmes",
        bool(skills.training_programmes),
        _("at least one training programme"),
        "area.skills.training_programmes",
    )


@indicator("community_activities", "yes/no")
def community_activities(context: Context) -> IndicatorValue:
    """Activities with neighbours and the municipality in the reporting year."""
    skills = context.accounts.submission.area.skills
    return _yes_no(
        "community_activities",
        bool(skills.community_activities),
        _("at least one activity with neighbours or the municipality"),
        "area.skills.community_activities",
    )
