"""The sections in which people enter a year's data: one topic each, with a plain title, a one-line
purpose, the fields it holds, the criteria those fields feed, and whether it is complete.

A company's data has eleven sections (profile, electricity bought, own generation, …), the area's
eleven more (profile, land and water, plans, …). The web forms show one section a page; the same
catalogue tells the year page which sections are done and which criteria wait for what is missing.
Which fields a section holds is named by their place in the submission: for a company, the keys of
its entry; for the area, a key of the submission (``exchanges``) or of the area block
(``area.plans``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from gia.dataset.labels import N_
from gia.i18n import gettext

Scope = Literal["company", "area"]


@dataclass(frozen=True)
class Expected:
    """A field a complete section has filled, and the criteria that need it."""

    key: str
    criteria: tuple[str, ...]
    #: for a list: at least one row (unless the section was saved empty on purpose)
    rows: bool = False


@dataclass(frozen=True)
class Section:
    slug: str
    scope: Scope
    title: str
    purpose: str
    keys: tuple[str, ...]
    criteria: tuple[str, ...]
    expected: tuple[Expected, ...] = ()

    def title_text(self) -> str:
        return gettext(self.title)

    def purpose_text(self) -> str:
        return gettext(self.purpose)


COMPANY_SECTIONS: tuple[Section, ...] = (
    Section(
        "profile",
        "company",
        N_("Profile"),
        N_("Who the company is, and whether it reports its data this year."),
        ("role", "floor_area_m2", "reported", "estimated_final_energy_kwh", "data_consent"),
        ("GM-03", "EN-06"),
    ),
    Section(
        "electricity",
        "company",
        N_("Electricity bought"),
        N_("The electricity on the year's bills, with its guarantees of origin or PPA."),
        ("electricity_purchases",),
        ("EN-01", "EN-04", "CL-01", "CL-03", "CL-04"),
        (Expected("electricity_purchases", ("EN-01", "CL-04"), rows=True),),
    ),
    Section(
        "generation",
        "company",
        N_("Own generation"),
        N_("Solar, wind or CHP plants the company runs, and what they produced."),
        ("generation",),
        ("EN-01", "EN-02", "CL-04"),
    ),
    Section(
        "fuels",
        "company",
        N_("Fuels"),
        N_("Gas, oil, coal, wood and other fuels the company burnt."),
        ("fuels",),
        ("CL-01", "CL-03", "CL-04", "EN-03"),
    ),
    Section(
        "heat",
        "company",
        N_("Heat bought and heat pumps"),
        N_("District heat or a neighbour's waste heat, and the company's heat pumps."),
        ("heat_purchases", "heat_pumps"),
        ("EN-03", "CL-04"),
    ),
    Section(
        "refrigerants",
        "company",
        N_("Refrigerants"),
        N_("Cooling and air-conditioning systems and the refrigerant refilled."),
        ("refrigerants",),
        ("CL-01", "CL-05"),
    ),
    Section(
        "waste",
        "company",
        N_("Waste and residues"),
        N_("Waste streams, how they are treated, and residues other companies use."),
        ("waste",),
        ("CE-02", "CE-03"),
    ),
    Section(
        "water",
        "company",
        N_("Water"),
        N_("Fresh water used, and water reused or recycled."),
        ("water",),
        ("CE-04",),
        (Expected("water", ("CE-04",)),),
    ),
    Section(
        "mobility",
        "company",
        N_("Vehicles and commuting"),
        N_("The company's vehicles, charging points, and how its staff travel to work."),
        ("vehicles", "charging_points", "commuting"),
        ("MO-02", "MO-03", "MO-04"),
        (Expected("commuting", ("MO-02",)),),
    ),
    Section(
        "flexibility",
        "company",
        N_("Waste heat, storage and flexibility"),
        N_("Recoverable waste heat, heat delivered to others, storage and flexible load."),
        ("waste_heat", "heat_delivered_kwh", "storage", "flexible_load_kw", "peak_load_kw"),
        ("EN-07", "EN-08"),
    ),
    Section(
        "management",
        "company",
        N_("Management systems"),
        N_("Energy and environmental management systems and energy audits."),
        ("management_systems",),
        ("EN-05", "GM-05"),
    ),
)

AREA_SECTIONS: tuple[Section, ...] = (
    Section(
        "profile",
        "area",
        N_("Profile"),
        N_("The area, its status and the stage it applies for."),
        ("stage", "area.municipality", "area.status"),
        ("GM-01",),
    ),
    Section(
        "land",
        "area",
        N_("Land and water"),
        N_("Sealed and green land, green roofs, and rainwater managed on site."),
        (
            "area.sealed_area_ha",
            "area.near_natural_green_ha",
            "area.green_roofs_facades_ha",
            "area.rainwater_managed_share",
        ),
        ("LU-02", "LU-03", "LU-04"),
        (
            Expected("area.sealed_area_ha", ("LU-02",)),
            Expected("area.near_natural_green_ha", ("LU-03",)),
            Expected("area.rainwater_managed_share", ("LU-04",)),
        ),
    ),
    Section(
        "plans",
        "area",
        N_("Plans"),
        N_("Energy concept, climate target, land management, adaptation and mobility plans."),
        ("area.plans",),
        ("GM-02", "CL-02", "LU-01", "CL-06", "MO-01"),
        (
            Expected("area.plans.energy_concept", ("GM-02",)),
            Expected("area.plans.climate_target", ("CL-02",)),
            Expected("area.plans.climate_target.adopted", ("CL-02",)),
            Expected("area.plans.land_management_plan", ("LU-01",)),
        ),
    ),
    Section(
        "transport",
        "area",
        N_("Public transport"),
        N_("The public transport stop nearest to the area."),
        ("area.public_transport",),
        ("MO-01",),
        (Expected("area.public_transport", ("MO-01",)),),
    ),
    Section(
        "services",
        "area",
        N_("Shared services"),
        N_("Services and infrastructure the companies share."),
        ("area.shared_services",),
        ("CE-05", "CE-01"),
    ),
    Section(
        "network",
        "area",
        N_("Network events and skills"),
        N_("Meetings for the companies, training and community activities."),
        ("area.network_events", "area.skills"),
        ("GM-04", "GM-06"),
    ),
    Section(
        "compliance",
        "area",
        N_("Environmental compliance"),
        N_("Violations an authority found in the year, and whether they are resolved."),
        ("area.environmental_violations",),
        ("GM-05",),
    ),
    Section(
        "baseline",
        "area",
        N_("Baseline and history"),
        N_("The baseline year and earlier years' figures that reductions and trends compare with."),
        ("area.activity_unit", "area.value_added_eur", "area.baseline", "area.history"),
        ("CL-03", "EN-06"),
        (Expected("area.baseline", ("CL-03",)),),
    ),
    Section(
        "exchanges",
        "area",
        N_("Exchanges"),
        N_("Materials, energy, water or infrastructure companies pass to each other."),
        ("exchanges",),
        ("CE-01",),
    ),
    Section(
        "hourly",
        "area",
        N_("Hourly series"),
        N_("Hourly meter files, for matching electricity hour by hour."),
        ("hourly",),
        ("EN-04",),
    ),
    Section(
        "not-applicable",
        "area",
        N_("Criteria not applicable"),
        N_("Criteria that do not apply to this area, each with its reason."),
        ("not_applicable",),
        (),
    ),
)


def sections(scope: Scope) -> tuple[Section, ...]:
    return COMPANY_SECTIONS if scope == "company" else AREA_SECTIONS


def section(scope: Scope, slug: str) -> Section | None:
    return next((s for s in sections(scope) if s.slug == slug), None)


def get_path(data: Any, key: str) -> Any:
    """The value at a dotted key (``area.plans.climate_target``), None where a part is absent."""
    for part in key.split("."):
        if not isinstance(data, dict):
            return None
        data = data.get(part)
    return data


def _empty(value: Any) -> bool:
    return value is None or value == [] or value == {} or value == ""


#: values a company's fields have before anyone entered anything (the schema's defaults)
_UNTOUCHED = {
    "role": "company",
    "reported": True,
    "data_consent": True,
    "charging_points": 0,
    "heat_delivered_kwh": 0.0,
    "flexible_load_kw": 0.0,
    "stage": "certificate",
    "area.status": "operating",
    "area.activity_unit": "employee",
    "area.skills": {"training_programmes": [], "community_activities": []},
    "area.plans": {
        "energy_concept": None,
        "climate_target": None,
        "land_management_plan": None,
        "climate_risk_assessment": None,
        "adaptation_plan": None,
        "mobility_plan": None,
    },
}


def has_data(section_: Section, data: dict[str, Any]) -> bool:
    """Whether anything was entered in the section (beyond the schema's defaults)."""
    for key in section_.keys:
        value = get_path(data, key)
        if not _empty(value) and value != _UNTOUCHED.get(key, object()):
            return True
    return False


@dataclass(frozen=True)
class Missing:
    key: str
    criteria: tuple[str, ...]


@dataclass(frozen=True)
class SectionStatus:
    """``complete``, ``incomplete`` (something expected is missing), ``not_started``, ``carried``
    (last year's data, not looked at this year) or ``not_needed``."""

    state: Literal["complete", "incomplete", "not_started", "carried", "not_needed"]
    missing: tuple[Missing, ...] = ()

    @property
    def done(self) -> bool:
        return self.state in ("complete", "not_needed")


def untouched(entry: dict[str, Any]) -> bool:
    """A company that says it reports but holds no data in any section: nobody entered anything."""
    return entry.get("reported", True) is not False and not any(
        has_data(s, entry) for s in COMPANY_SECTIONS if s.slug != "profile"
    )


def status(
    section_: Section, data: dict[str, Any], confirmed: bool, previous: dict[str, Any] | None = None
) -> SectionStatus:
    """How far a section is: ``data`` is the company's entry (company sections) or the year's document
    (area sections); ``confirmed`` says someone saved the section this year (an empty list saved means
    "none"); ``previous`` is the same entry (or document) of the year before, which a new year starts
    from: a section that still holds it unchanged and unsaved is last year's data, to be checked."""
    if section_.scope == "company" and section_.slug != "profile" and data.get("reported") is False:
        return SectionStatus("not_needed")
    entered = has_data(section_, data)
    if (
        entered
        and not confirmed
        and previous is not None
        and all(get_path(data, key) == get_path(previous, key) for key in section_.keys)
    ):
        missing = tuple(
            Missing(e.key, e.criteria) for e in section_.expected if _empty(get_path(data, e.key))
        )
        return SectionStatus("carried", missing)
    if not entered and not confirmed:
        return SectionStatus("not_started", tuple(Missing(e.key, e.criteria) for e in section_.expected))
    missing = tuple(
        Missing(e.key, e.criteria)
        for e in section_.expected
        if _empty(get_path(data, e.key)) and not (e.rows and confirmed)
    )
    return SectionStatus("incomplete" if missing else "complete", missing)
