"""The compendium and the good-practice library in words for people: figures with their units
written out ("80 %", "30 years", "750 EUR per kWp"), the names of parameters, categories, sizes and
verification notes, in the active language (:mod:`gia.i18n`).

Every unit, parameter and category the data files use has an entry here; a test checks that, so a
new measure with a new unit cannot show its internal spelling to a reader. A unit without an entry
falls back to the value with the unit as written in the data file.
"""

from __future__ import annotations

from babel.numbers import format_decimal

from gia import i18n
from gia.i18n import _, ngettext


def N_(message: str) -> str:  # noqa: N802 (the gettext marker babel extracts)
    """Mark ``message`` for translation where it is defined; it is translated where it is shown."""
    return message


#: a value with its unit, written out; ``{value}`` is the number in the reader's format
UNIT_PATTERNS: dict[str, str] = {
    "EUR/kWp": N_("{value} EUR per kWp"),
    "EUR/kWp/year": N_("{value} EUR per kWp a year"),
    "EUR/kW": N_("{value} EUR per kW"),
    "EUR/kW/year": N_("{value} EUR per kW a year"),
    "EUR/kW_el": N_("{value} EUR per kW of electrical output"),
    "EUR/kW_el/year": N_("{value} EUR per kW of electrical output a year"),
    "EUR/kW_th": N_("{value} EUR per kW of heat output"),
    "EUR/kW_th/year": N_("{value} EUR per kW of heat output a year"),
    "EUR/kWh": N_("{value} EUR per kWh of storage capacity"),
    "EUR/kWh/year": N_("{value} EUR per kWh of storage capacity a year"),
    "EUR/kWh_th": N_("{value} EUR per kWh of heat storage capacity"),
    "EUR/kWh_th/year": N_("{value} EUR per kWh of heat storage capacity a year"),
    "EUR/MWh": N_("{value} EUR per MWh"),
    "EUR per MWh/year": N_("{value} EUR per MWh a year under contract"),
    "EUR/m2": N_("{value} EUR per m²"),
    "EUR/m2/year": N_("{value} EUR per m² a year"),
    "EUR/m3": N_("{value} EUR per m³"),
    "EUR per m3/year": N_("{value} EUR per m³ of water reused a year"),
    "EUR/point": N_("{value} EUR per charging point"),
    "EUR/point/year": N_("{value} EUR per charging point a year"),
    "EUR/vehicle": N_("{value} EUR per vehicle"),
    "EUR/vehicle/year": N_("{value} EUR per vehicle a year"),
    "h/year": N_("{value} hours a year"),
    "kWh/kWp/year": N_("{value} kWh per kWp a year"),
    "kWh/kW/year": N_("{value} kWh per kW a year"),
    "kWh heat/m2/year": N_("{value} kWh of heat per m² a year"),
    "kWh/vehicle/year": N_("{value} kWh of electricity per vehicle a year"),
    "kWh diesel/vehicle/year": N_("{value} kWh of diesel per vehicle a year"),
    "kW/kWh": N_("{value} kW per kWh of storage capacity"),
    "kWh heat/kWh electricity": N_("{value} kWh of heat per kWh of electricity"),
    "charging points per 100 employees": N_("{value} charging points per 100 employees"),
    "share of the company's electricity": N_("{value} of the company's electricity use"),
    "share of the company's fuel heat": N_("{value} of the company's heat from fuels"),
    "share of the company's uncovered grid electricity": N_(
        "{value} of the company's grid electricity not yet covered by guarantees of origin"
    ),
    "share of the company's peak load": N_("{value} of the company's peak load"),
    "share of the company's space heat": N_("{value} of the company's space heating"),
    "share of the company's fossil vehicles": N_("{value} of the company's petrol and diesel vehicles"),
    "share of the company's water withdrawal": N_("{value} of the company's water withdrawal"),
    "share of the sealed area": N_("{value} of the area's sealed land"),
    # results of the good-practice library
    "t CO2/year": N_("{value} t CO2 a year"),
    "t CO2e/year": N_("{value} t CO2e a year"),
    "t/year": N_("{value} t a year"),
    "m3/year": N_("{value} m³ a year"),
    "GWh/year": N_("{value} GWh a year"),
    "MW": N_("{value} MW"),
    "DKK": N_("{value} DKK"),
    "apartments": N_("{value} apartments"),
}

#: units whose value is a share, shown as a percentage before the rest of the unit
SHARE_PREFIX = "share"

#: the unit a measure's size is counted in, written out
SIZE_UNITS: dict[str, str] = {
    "kWp": N_("kWp of solar modules"),
    "kW": N_("kW of turbine capacity"),
    "kW_el": N_("kW of electrical output"),
    "MWh/year": N_("MWh a year under contract"),
    "kW_th": N_("kW of heat output"),
    "kWh_th": N_("kWh of heat storage capacity"),
    "m2": N_("m² of roof or wall"),
    "kW of lighting replaced": N_("kW of lighting replaced"),
    "kW of motor power": N_("kW of motor power"),
    "kW of compressor power": N_("kW of compressor power"),
    "kWh": N_("kWh of storage capacity"),
    "charging point": N_("charging points"),
    "vehicle": N_("vehicles"),
    "m3/year": N_("m³ of water reused a year"),
}

#: the parameters of a measure's effect, named for people
PARAMETERS: dict[str, str] = {
    "technology": N_("technology"),
    "fuel": N_("fuel"),
    "heat_source": N_("heat source"),
    "kind": N_("kind of storage"),
    "self_consumption_share": N_("self-consumption share"),
    "propose_share": N_("size GIA proposes"),
    "boiler_efficiency": N_("efficiency of the boiler it replaces"),
    "electrical_efficiency": N_("electrical efficiency"),
    "thermal_efficiency": N_("thermal efficiency"),
    "full_load_hours": N_("full-load hours"),
    "cop": N_("seasonal coefficient of performance"),
    "power_per_unit": N_("power per unit of capacity"),
    "round_trip_efficiency": N_("round-trip efficiency"),
    "saving_kwh_per_unit": N_("energy saved"),
    "fuel_saved_kwh_per_unit": N_("diesel saved"),
    "electricity_kwh_per_unit": N_("electricity used instead"),
    "yield_kwh_per_unit": N_("yearly yield"),
    "renewable_share": N_("renewable share of the network's heat"),
}

#: parameters whose unit is their meaning (a technology, a fuel, a heat source, a storage kind)
TEXT_PARAMETERS = frozenset({"technology", "fuel", "heat_source", "kind"})

#: the meanings of text parameters
TEXT_VALUES: dict[str, str] = {
    "solar_pv": N_("solar PV"),
    "wind": N_("wind"),
    "biogas": N_("biogas"),
    "biomass": N_("solid biomass"),
    "wood": N_("wood chips"),
    "air": N_("outside air"),
    "water": N_("river, lake, sea or groundwater"),
    "waste_heat": N_("waste heat"),
    "recovered": N_("recovered heat"),
    "district_heating": N_("district heating"),
    "thermal": N_("hot water"),
    "battery": N_("battery"),
}

#: the compendium's categories of measures
CATEGORIES: dict[str, str] = {
    "renewable_electricity": N_("renewable electricity"),
    "renewable_heat": N_("renewable heat"),
    "waste_heat": N_("waste heat"),
    "heat_network": N_("heat networks"),
    "storage": N_("storage"),
    "efficiency": N_("efficiency"),
    "mobility": N_("mobility"),
    "water": N_("water"),
    "land": N_("land"),
}

#: what a requirement of a measure (its applicability rule) asks of a company or the area
REQUIREMENTS: dict[str, str] = {
    "buys_grid_electricity": N_("the company buys electricity from the grid"),
    "buys_uncovered_grid_electricity": N_(
        "the company buys grid electricity not yet covered by guarantees of origin"
    ),
    "uses_electricity": N_("the company uses electricity"),
    "has_fuel_heat": N_("the company burns fossil fuel for space or process heat"),
    "has_space_heat": N_("the company burns fossil fuel for space heating"),
    "has_unused_waste_heat": N_("the company has recoverable waste heat it does not use yet"),
    "reports_peak_load": N_("the company reports its peak electrical load"),
    "has_employees": N_("the company has employees"),
    "has_fossil_fleet": N_("the company runs petrol or diesel vehicles"),
    "withdraws_water": N_("the company withdraws water"),
    "has_sealed_area": N_("the area has sealed land (roofs, roads, yards)"),
    "has_unsealed_land": N_("the area has free, unsealed land for a ground-mounted plant"),
}

#: what a source's verification note says, in words for people
VERIFICATION: dict[str, str] = {
    "not yet checked against primary": N_("not yet checked against the primary source"),
    "approximate national value, not yet checked against primary": N_(
        "approximate national value, not yet checked against the primary source"
    ),
    "GIA judgement": N_("GIA's own assumption"),
}


def number(value: float) -> str:
    """``750`` → ``750``, ``2.5`` → ``2.5`` (``2,5`` in Polish), ``12705`` → ``12,705``: as many
    decimals as the value has, up to two (none from 100 up)."""
    pattern = "#,##0" if abs(value) >= 100 else "#,##0.##"
    return format_decimal(value, format=pattern, locale=i18n.language())


def value(amount: float, unit: str) -> str:
    """A compendium figure with its unit in words, in the active language."""
    if unit == "year":
        return ngettext(
            "{value} year", "{value} years", int(amount) if float(amount).is_integer() else 2
        ).format(value=number(amount))
    if unit in UNIT_PATTERNS:
        shown = (
            i18n.percent(amount, 0 if round(amount * 100, 6).is_integer() else 1)
            if unit.startswith(SHARE_PREFIX)
            else number(amount)
        )
        return _(UNIT_PATTERNS[unit]).format(value=shown)
    if unit == "share":
        return i18n.percent(amount, 0 if round(amount * 100, 6).is_integer() else 1)
    return f"{number(amount)} {unit}"


def size_unit(unit: str) -> str:
    return _(SIZE_UNITS[unit]) if unit in SIZE_UNITS else unit


def parameter(name: str) -> str:
    return _(PARAMETERS[name]) if name in PARAMETERS else name.replace("_", " ")


def text_value(meaning: str) -> str:
    return _(TEXT_VALUES[meaning]) if meaning in TEXT_VALUES else meaning.replace("_", " ")


def category(name: str) -> str:
    return _(CATEGORIES[name]) if name in CATEGORIES else name.replace("_", " ")


def requirement(rule: str) -> str:
    return _(REQUIREMENTS[rule]) if rule in REQUIREMENTS else rule.replace("_", " ")


def verification(note: str) -> str:
    return _(VERIFICATION[note]) if note in VERIFICATION else note
