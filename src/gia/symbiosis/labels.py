"""Words for people: the categories of the substitution table, water qualities and units, translated.

Offers and needs are stored and matched by category codes (``fgd_gypsum``, ``process_heat``); every
page, e-mail and message shows them through these labels in the reader's language. A category the
table does not know (a person may post one) is shown as its code with spaces for underscores.
"""

from __future__ import annotations

from gia.i18n import _


def _category_labels() -> dict[str, str]:
    return {
        # offered materials and residues
        "fgd_gypsum": _("gypsum from flue-gas desulphurisation"),
        "plasterboard_waste": _("plasterboard waste"),
        "fly_ash": _("fly ash"),
        "bottom_ash": _("bottom ash"),
        "blast_furnace_slag": _("blast-furnace slag"),
        "steel_slag": _("steel slag"),
        "concrete_rubble": _("concrete rubble"),
        "fermentation_residue": _("fermentation residues"),
        "biomass_residue": _("biomass residues (straw, husks, pulp)"),
        "food_waste": _("food waste"),
        "sludge": _("sludge"),
        "digestate": _("digestate"),
        "biogas": _("biogas"),
        "wood_waste": _("untreated wood waste"),
        "hydrogen": _("hydrogen"),
        "co2": _("captured CO2"),
        "spent_solvent": _("spent solvent"),
        "scrap_metal": _("scrap metal"),
        "waste_paper": _("waste paper and board"),
        "plastic_waste": _("plastic waste"),
        "warehouse_space": _("warehouse space"),
        "steam": _("steam"),
        "waste_heat": _("waste heat"),
        "surface_water": _("surface water (lake, river)"),
        "treated_wastewater": _("treated waste water"),
        "cooling_water": _("cooling water"),
        # what the needs replace
        "gypsum": _("gypsum (raw material)"),
        "cement_set_retarder": _("set regulator for cement"),
        "cement_additive": _("cement constituent (replaces clinker)"),
        "concrete_filler": _("concrete addition (replaces cement)"),
        "road_construction": _("road-building material"),
        "aggregate": _("aggregate"),
        "biogas_feedstock": _("biogas feedstock"),
        "fertiliser": _("fertiliser"),
        "natural_gas_substitute": _("replacement for natural gas"),
        "biomass_fuel": _("biomass fuel"),
        "co2_industrial": _("industrial CO2 (greenhouses, drinks)"),
        "solvent": _("solvent"),
        "metal_scrap": _("scrap for smelting"),
        "paper_pulp": _("recovered fibre for paper"),
        "plastic_regranulate": _("plastic regranulate"),
        "process_heat": _("process heat"),
        "space_heat": _("space heating"),
        "district_heating": _("district heating"),
        "process_water": _("process water"),
        "irrigation_water": _("irrigation water"),
    }


def category_label(category: str) -> str:
    """``fly_ash`` → ``fly ash`` (``popiół lotny``, ``Flugasche``)."""
    return _category_labels().get(category) or category.replace("_", " ")


def known_category(category: str) -> bool:
    return category in _category_labels()


def water_quality_label(quality: str | None) -> str:
    """``process`` → ``process water quality``; None → ``—``."""
    if quality is None:
        return "—"
    labels = {
        "potable": _("drinking-water quality"),
        "process": _("process-water quality"),
        "cooling": _("cooling-water quality"),
        "grey": _("grey-water quality"),
        "waste": _("waste-water quality"),
    }
    return labels.get(quality, quality)


def unit_label(unit: str) -> str:
    """The unit of a flow as written beside a number: ``t``, ``kWh``, ``m³``."""
    return {"m3": "m³"}.get(unit, unit)


def group_label(rule: str, unit: str | None) -> str:
    """The heading a category is listed under, from its substitution row (rule and unit)."""
    if rule == "heat":
        return _("heat")
    if rule == "water":
        return _("water")
    if unit == "kWh":
        return _("energy")
    if unit == "m3":
        return _("space")
    return _("materials and residues")
