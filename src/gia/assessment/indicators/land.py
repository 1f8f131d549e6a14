"""Indicators of land, biodiversity and water (LU): each a small pure function over the accounted submission."""

from __future__ import annotations

from gia import i18n
from gia.accounting.provenance import given
from gia.assessment.indicators.common import _area_share, _yes_no
from gia.assessment.registry import Context, IndicatorValue, indicator
from gia.i18n import _


@indicator("land_management_plan_adopted", "yes/no")
def land_management_plan_adopted(context: Context) -> IndicatorValue:
    """An adopted land management plan with at least one concrete land-saving measure (information events alone do not count)."""
    plan = context.accounts.submission.area.plans.land_management_plan
    problems = []
    if plan is None or plan.adopted is None or plan.adopted > context.as_of:
        problems.append(_("no land management plan adopted by the end of the reporting year"))
    if plan is None or not any(m.kind != "information_event" for m in plan.measures):
        problems.append(_("no concrete land-saving measure (information events alone do not count)"))
    return _yes_no(
        "land_management_plan_adopted",
        not problems,
        _("plan adopted with at least one concrete land-saving measure"),
        "area.plans.land_management_plan",
        i18n.join("; ", problems),
    )


@indicator("sealed_share", "share")
def sealed_share(context: Context) -> IndicatorValue:
    """Sealed area ÷ total area."""
    return _area_share(context, "sealed_share", ("sealed_area_ha",), _("sealed area ÷ total area"))


@indicator("near_natural_green_share", "share")
def near_natural_green_share(context: Context) -> IndicatorValue:
    """(Near-natural green space + green roofs and facades) ÷ total area."""
    return _area_share(
        context,
        "near_natural_green_share",
        ("near_natural_green_ha", "green_roofs_facades_ha"),
        _("(near-natural green + green roofs and facades) ÷ total area"),
    )


@indicator("rainwater_managed_share", "share")
def rainwater_managed_share(context: Context) -> IndicatorValue:
    """Share of rainwater infiltrated, retained or used on site, as declared."""
    value = context.accounts.submission.area.rainwater_managed_share
    if value is None:
        return IndicatorValue(
            "rainwater_managed_share", None, "share", None, note=_("rainwater management not reported")
        )
    figure = given("rainwater_managed_share", value, "share", "area.rainwater_managed_share")
    return IndicatorValue("rainwater_managed_share", value, "share", figure)
