"""Indicators of eligibility: each a small pure function over the accounted submission."""

from __future__ import annotations

from gia.accounting.provenance import given, total
from gia.assessment.indicators.common import _companies, _share, _yes_no
from gia.assessment.registry import Context, IndicatorValue, indicator
from gia.i18n import _


@indicator("area_boundary_given", "yes/no")
def area_boundary_given(context: Context) -> IndicatorValue:
    """The area is identified by a boundary (or at least a point)."""
    boundary = context.accounts.submission.area.boundary
    return _yes_no(
        "area_boundary_given", boundary is not None, _("a boundary or point is given"), "area.boundary"
    )


@indicator("company_count", "count")
def company_count(context: Context) -> IndicatorValue:
    """Number of resident companies."""
    residents = _companies(context)
    figure = given(
        "company_count",
        float(len(residents)),
        "count",
        "companies",
        _("resident companies (shared infrastructure excluded)"),
    )
    return IndicatorValue("company_count", figure.value, "count", figure)


@indicator("area_size_ha", "count")
def area_size_ha(context: Context) -> IndicatorValue:
    """The area's total size [ha]."""
    figure = given("area_size_ha", context.accounts.submission.area.total_area_ha, "ha", "area.total_area_ha")
    return IndicatorValue("area_size_ha", figure.value, "count", figure)


@indicator("company_consent_share", "share")
def company_consent_share(context: Context) -> IndicatorValue:
    """Companies that consent to the use of their data ÷ all companies in the submission."""
    companies = context.accounts.submission.companies
    consenting = [
        given("consenting_company", 1.0, "count", f"companies[{i}].data_consent")
        for i, c in enumerate(companies)
        if c.data_consent
    ]
    return _share(
        "company_consent_share",
        total("consenting_companies", "count", _("companies consenting"), consenting),
        given("companies", float(len(companies)), "count", "companies"),
        _("consenting ÷ all companies"),
        _("no companies"),
    )
