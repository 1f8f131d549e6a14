"""Words for people: the label, help text and unit of every field of the submission, the words for
every choice, and any place in a submission described in them.

A place such as ``companies[6].heat_purchases[0].renewable_share`` is how the core, the API and the
files name a field; a person reads "Odlewnia Ostropa — Heat bought, row 1 — Renewable share"
(:func:`describe_place`). Every field of every model of the submission has a label here, and every
choice its words; a test fails when one is missing. The texts are marked with ``N_`` for the
catalogue and translated when they are read (:func:`label`, :func:`choice_label`), so the active
language decides.
"""

from __future__ import annotations

import re
import types
import typing
from dataclasses import dataclass
from enum import Enum
from typing import Any, Literal, Union

from pydantic import BaseModel

from gia.i18n import gettext


def N_(message: str) -> str:  # noqa: N802  (the conventional name of gettext's no-op marker)
    """Mark ``message`` for the catalogue; it is translated where it is shown."""
    return message


@dataclass(frozen=True)
class FieldText:
    label: str
    help: str = ""
    #: the unit a person reads beside the field, where the field's type does not say it
    unit: str = ""


#: (model, field) → its words. Keys are the model's class name and the field's name in documents.
FIELDS: dict[tuple[str, str], FieldText] = {
    # --- the submission -------------------------------------------------------------------------
    ("Submission", "schema"): FieldText(N_("Document format")),
    ("Submission", "fictional"): FieldText(N_("Fictional example"), N_("An example, not a real area.")),
    ("Submission", "reporting_year"): FieldText(N_("Reporting year")),
    ("Submission", "stage"): FieldText(
        N_("Stage applied for"),
        N_("The pre-certificate is for planned or growing areas; the certificate for operating areas."),
    ),
    ("Submission", "edition"): FieldText(N_("Edition of the standard")),
    ("Submission", "not_applicable"): FieldText(
        N_("Criteria not applicable"), N_("Criteria that do not apply to the area, each with its reason.")
    ),
    ("Submission", "area"): FieldText(N_("Area")),
    ("Submission", "companies"): FieldText(N_("Companies")),
    ("Submission", "exchanges"): FieldText(
        N_("Exchanges between companies"),
        N_("Materials, energy, water or infrastructure one company passes to another in the area."),
    ),
    ("Submission", "hourly"): FieldText(
        N_("Hourly meter data"), N_("Meter files of the reporting year, for hour-by-hour matching.")
    ),
    # --- the area -------------------------------------------------------------------------------
    ("Area", "id"): FieldText(N_("Identifier")),
    ("Area", "name"): FieldText(N_("Name of the area")),
    ("Area", "country"): FieldText(N_("Country")),
    ("Area", "municipality"): FieldText(N_("Municipality")),
    ("Area", "status"): FieldText(
        N_("Status of the area"), N_("Planned, still growing (plots being sold or built), or operating.")
    ),
    ("Area", "management_entity"): FieldText(N_("Management entity")),
    ("Area", "boundary"): FieldText(N_("Boundary")),
    ("Area", "total_area_ha"): FieldText(N_("Total area")),
    ("Area", "sealed_area_ha"): FieldText(
        N_("Sealed area"), N_("Buildings, roads, car parks and other surfaces water cannot soak through.")
    ),
    ("Area", "near_natural_green_ha"): FieldText(
        N_("Near-natural green area"), N_("Meadows, woods, hedges and water bodies managed for nature.")
    ),
    ("Area", "green_roofs_facades_ha"): FieldText(N_("Green roofs and façades")),
    ("Area", "rainwater_managed_share"): FieldText(
        N_("Rainwater managed on site"),
        N_("Share of the sealed area whose rainwater soaks away, is retained or used on site."),
    ),
    ("Area", "plans"): FieldText(N_("Plans")),
    ("Area", "public_transport"): FieldText(
        N_("Public transport"), N_("The stop nearest to the area's centre.")
    ),
    ("Area", "network_events"): FieldText(
        N_("Network events"), N_("Meetings, workshops and visits for the area's companies in the year.")
    ),
    ("Area", "shared_services"): FieldText(
        N_("Shared services"), N_("Services and infrastructure the companies use together.")
    ),
    ("Area", "skills"): FieldText(N_("Skills and community")),
    ("Area", "environmental_violations"): FieldText(
        N_("Environmental violations"),
        N_("Violations an authority found in the reporting year; leave empty if there were none."),
    ),
    ("Area", "activity_unit"): FieldText(
        N_("Measure of activity"),
        N_("What energy use is compared with from year to year: employees, floor area or value added."),
    ),
    ("Area", "value_added_eur"): FieldText(N_("Value added of the area"), unit="EUR"),
    ("Area", "baseline"): FieldText(
        N_("Baseline year"), N_("The year emission reductions are measured against.")
    ),
    ("Area", "history"): FieldText(
        N_("Earlier years"), N_("Key figures of earlier reporting years, for the energy-intensity trend.")
    ),
    ("ManagementEntity", "name"): FieldText(N_("Name")),
    ("ManagementEntity", "legal_form"): FieldText(N_("Legal form")),
    ("ManagementEntity", "contact"): FieldText(N_("Contact")),
    ("ManagementEntity", "mandate"): FieldText(
        N_("Mandate"), N_("What the entity is mandated to do for the area.")
    ),
    ("Geometry", "type"): FieldText(N_("Shape")),
    ("Geometry", "coordinates"): FieldText(N_("Coordinates")),
    ("Plans", "energy_concept"): FieldText(
        N_("Energy concept"),
        N_("An energy concept or plan that covers the area (the area's or the municipality's)."),
    ),
    ("Plans", "climate_target"): FieldText(
        N_("Climate-neutrality target"), N_("The year the area is to be climate-neutral, with milestones.")
    ),
    ("Plans", "land_management_plan"): FieldText(
        N_("Land management plan"), N_("A plan for saving, unsealing and greening land, with its measures.")
    ),
    ("Plans", "climate_risk_assessment"): FieldText(N_("Climate risk assessment")),
    ("Plans", "adaptation_plan"): FieldText(N_("Climate adaptation plan")),
    ("Plans", "mobility_plan"): FieldText(N_("Mobility plan")),
    ("Adoption", "adopted"): FieldText(N_("Adopted or completed on")),
    ("Adoption", "by"): FieldText(N_("Adopted by"), N_("The body that adopted it, e.g. the town council.")),
    ("Adoption", "document"): FieldText(N_("Title of the document")),
    ("Adoption", "covers"): FieldText(N_("It covers")),
    ("ClimateTarget", "target_year"): FieldText(N_("Climate-neutral by")),
    ("ClimateTarget", "adopted"): FieldText(
        N_("Adopted on"),
        N_(
            "Leave empty while it is a draft; the target counts for CL-02 only once it is adopted, with milestones."
        ),
    ),
    ("ClimateTarget", "by"): FieldText(N_("Adopted by")),
    ("ClimateTarget", "milestones"): FieldText(
        N_("Milestones"), N_("Interim targets: the reduction of scope 1 and 2 emissions by a year.")
    ),
    ("Milestone", "year"): FieldText(N_("Year")),
    ("Milestone", "reduction_share"): FieldText(
        N_("Reduction against the baseline"), N_("Of scope 1 and 2 emissions (market-based).")
    ),
    ("LandManagementPlan", "adopted"): FieldText(N_("Adopted on")),
    ("LandManagementPlan", "by"): FieldText(N_("Adopted by")),
    ("LandManagementPlan", "measures"): FieldText(
        N_("Measures"),
        N_(
            "LU-01 needs at least one measure that saves, unseals or greens land; information events alone do not count."
        ),
    ),
    ("LandMeasure", "kind"): FieldText(N_("Kind of measure")),
    ("LandMeasure", "description"): FieldText(N_("Description")),
    ("PublicTransport", "stop_name"): FieldText(N_("Name of the stop")),
    ("PublicTransport", "distance_m"): FieldText(N_("Walking distance from the area's centre")),
    ("PublicTransport", "departures_per_hour_at_shift_change"): FieldText(
        N_("Departures per hour at shift changes"), unit=N_("per hour")
    ),
    ("NetworkEvent", "date"): FieldText(N_("Date")),
    ("NetworkEvent", "title"): FieldText(N_("Title")),
    ("NetworkEvent", "kind"): FieldText(N_("Kind of event")),
    ("SharedService", "name"): FieldText(N_("Name of the service")),
    ("SharedService", "kind"): FieldText(N_("Kind of service")),
    ("SharedService", "companies"): FieldText(N_("Companies that use it")),
    ("SharedService", "in_operation"): FieldText(N_("In operation")),
    ("SharedService", "since"): FieldText(N_("In operation since")),
    ("Skills", "training_programmes"): FieldText(
        N_("Training programmes"), N_("Energy or climate training offered to the companies' staff.")
    ),
    ("Skills", "community_activities"): FieldText(
        N_("Community activities"), N_("Activities with neighbours, schools or the municipality.")
    ),
    ("Violation", "date"): FieldText(N_("Date")),
    ("Violation", "company"): FieldText(N_("Company")),
    ("Violation", "severity"): FieldText(N_("Severity")),
    ("Violation", "resolved"): FieldText(N_("Resolved")),
    ("Violation", "description"): FieldText(N_("What was found")),
    ("Baseline", "year"): FieldText(N_("Baseline year")),
    ("Baseline", "scope12_market_kg_co2e"): FieldText(
        N_("Scope 1 and 2 emissions (market-based)"),
        N_("Direct emissions plus those of the energy bought, in the baseline year."),
        unit="kg CO2e",
    ),
    ("Baseline", "final_energy_kwh"): FieldText(N_("Final energy")),
    ("Baseline", "employees"): FieldText(N_("Employees")),
    ("Baseline", "floor_area_m2"): FieldText(N_("Floor area")),
    ("Baseline", "value_added_eur"): FieldText(N_("Value added"), unit="EUR"),
    ("Baseline", "source"): FieldText(N_("Source"), N_("Where the baseline figures come from.")),
    ("YearFigures", "year"): FieldText(N_("Year")),
    ("YearFigures", "final_energy_kwh"): FieldText(N_("Final energy")),
    ("YearFigures", "employees"): FieldText(N_("Employees")),
    ("YearFigures", "floor_area_m2"): FieldText(N_("Floor area")),
    ("YearFigures", "value_added_eur"): FieldText(N_("Value added"), unit="EUR"),
    # --- a company ------------------------------------------------------------------------------
    ("Company", "id"): FieldText(N_("Identifier")),
    ("Company", "name"): FieldText(N_("Name of the company")),
    ("Company", "role"): FieldText(
        N_("Kind"),
        N_("A company, or the area's shared infrastructure (street lighting, pumping, a shared plant)."),
    ),
    ("Company", "nace"): FieldText(N_("Economic activity (NACE code)"), N_("For example C24.53 or H52.10.")),
    ("Company", "employees"): FieldText(N_("Employees")),
    ("Company", "floor_area_m2"): FieldText(
        N_("Floor area"), N_("Heated or cooled floor area of its buildings.")
    ),
    ("Company", "reported"): FieldText(
        N_("The company reports its data for this year"),
        N_("Untick only if the company gave no data; then estimate its final energy."),
    ),
    ("Company", "estimated_final_energy_kwh"): FieldText(
        N_("Estimated final energy"),
        N_("Only for a company that did not report: your estimate of its yearly energy use."),
    ),
    ("Company", "data_consent"): FieldText(
        N_("The company consents to the use of its data for the certification")
    ),
    ("Company", "management_systems"): FieldText(
        N_("Management systems and energy audits"),
        N_("ISO 50001, EMAS, ISO 14001 certificates and energy audits (EN 16247)."),
    ),
    ("Company", "electricity_purchases"): FieldText(
        N_("Electricity bought"), N_("One row per contract or product, from the year's bills.")
    ),
    ("Company", "generation"): FieldText(
        N_("Own generation"), N_("Plants the company owns or operates: solar, wind, CHP…")
    ),
    ("Company", "fuels"): FieldText(
        N_("Fuels"), N_("Gas, oil, coal, wood and other fuels burnt, from the bills.")
    ),
    ("Company", "heat_purchases"): FieldText(
        N_("Heat bought"), N_("District heat, or waste heat from another company.")
    ),
    ("Company", "heat_pumps"): FieldText(N_("Heat pumps")),
    ("Company", "refrigerants"): FieldText(
        N_("Refrigerants"), N_("Cooling, freezing and air-conditioning systems, from the service logbooks.")
    ),
    ("Company", "waste"): FieldText(
        N_("Waste and residues"), N_("One row per waste stream, from the waste records.")
    ),
    ("Company", "water"): FieldText(N_("Water")),
    ("Company", "vehicles"): FieldText(N_("Vehicles"), N_("The company's own or leased vehicles, by drive.")),
    ("Company", "charging_points"): FieldText(
        N_("Charging points for electric vehicles"), unit=N_("charging points")
    ),
    ("Company", "commuting"): FieldText(
        N_("How employees travel to work"),
        N_("Shares of trips by mode, from a staff survey; together 100 %."),
    ),
    ("Company", "waste_heat"): FieldText(N_("Waste heat")),
    ("Company", "heat_delivered_kwh"): FieldText(
        N_("Heat delivered to others"),
        N_("Steam or hot water the company produced and delivered to other companies or to a heat network."),
    ),
    ("Company", "storage"): FieldText(N_("Energy storage")),
    ("Company", "flexible_load_kw"): FieldText(
        N_("Flexible load"), N_("Load the company can shift or switch off on request.")
    ),
    ("Company", "peak_load_kw"): FieldText(N_("Peak load"), N_("The highest electrical load in the year.")),
    ("ManagementSystem", "scheme"): FieldText(N_("System or audit")),
    ("ManagementSystem", "date"): FieldText(
        N_("Certified, registered or audited on"),
        N_("The date on the certificate, registration or audit report."),
    ),
    ("ManagementSystem", "valid_until"): FieldText(N_("Valid until")),
    ("ElectricityPurchase", "amount_kwh"): FieldText(N_("Amount bought")),
    ("ElectricityPurchase", "instrument"): FieldText(
        N_("Green electricity proof"),
        N_("Guarantees of origin or a power purchase agreement (PPA), if the electricity comes with one."),
    ),
    ("ElectricityPurchase", "technology"): FieldText(
        N_("Source of the electricity"), N_("For guarantees of origin and PPAs: the technology of the plant.")
    ),
    ("ElectricityPurchase", "cancelled"): FieldText(
        N_("Guarantees of origin cancelled for this company"),
        N_("The supplier or registry confirms they were cancelled in the company's name."),
    ),
    ("ElectricityPurchase", "certificates_bundled"): FieldText(
        N_("The PPA transfers the plant's guarantees of origin")
    ),
    ("ElectricityPurchase", "production_year"): FieldText(N_("Production year of the guarantees")),
    ("ElectricityPurchase", "certificate_country"): FieldText(N_("Country that issued the guarantees")),
    ("ElectricityPurchase", "local"): FieldText(
        N_("The PPA plant is in the area or within 5 km and delivers to it")
    ),
    ("ElectricityPurchase", "supplier"): FieldText(N_("Supplier and product")),
    ("ElectricityPurchase", "supplier_company"): FieldText(
        N_("Bought from a company in the area"), N_("By direct line or a local PPA from its plant.")
    ),
    ("ElectricityPurchase", "supplier_factor_g_per_kwh"): FieldText(
        N_("Supplier's emission factor"),
        N_("Only if the supplier states one for this product (disclosure on the bill)."),
        unit="g CO2e/kWh",
    ),
    ("ElectricityPurchase", "supplier_factor_source"): FieldText(
        N_("Source of the supplier's factor"),
        N_("The document that states it, e.g. the 2024 fuel-mix disclosure."),
    ),
    ("ElectricityPurchase", "supplier_factor_basis"): FieldText(
        N_("What the supplier's factor covers"),
        N_(
            "Its mix for this product (for the whole amount), or its residual mix (for what no guarantee covers)."
        ),
    ),
    ("ElectricityPurchase", "covered_share"): FieldText(
        N_("Share of the amount the guarantees or the PPA cover"),
        N_(
            "Leave empty if they cover all of it. The rest counts at the supplier's residual mix, else the country's."
        ),
    ),
    ("ElectricityPurchase", "instrument_factor_g_per_kwh"): FieldText(
        N_("Emission rate the guarantees state"),
        N_("Only for electricity that is not carbon-free, e.g. from gas-fired combined heat and power."),
        unit="g CO2e/kWh",
    ),
    ("ElectricityPurchase", "instrument_factor_source"): FieldText(
        N_("Source of that rate"), N_("The guarantee of origin or the document that states it.")
    ),
    ("Generation", "technology"): FieldText(N_("Technology")),
    ("Generation", "location"): FieldText(N_("Location")),
    ("Generation", "capacity_kw"): FieldText(
        N_("Installed capacity"), N_("Peak power, e.g. 199.8 kWp for solar modules.")
    ),
    ("Generation", "generated_kwh"): FieldText(N_("Electricity generated")),
    ("Generation", "self_consumed_kwh"): FieldText(N_("Of which used by the company")),
    ("Generation", "exported_kwh"): FieldText(N_("Of which fed into the grid or sold")),
    ("Generation", "heat_generated_kwh"): FieldText(N_("Useful heat generated"), N_("Only for a CHP plant.")),
    ("Generation", "certificates"): FieldText(
        N_("Guarantees of origin for the electricity used"),
        N_("Kept (or never issued), or sold to someone else."),
    ),
    ("FuelUse", "fuel"): FieldText(N_("Fuel")),
    ("FuelUse", "amount"): FieldText(N_("Amount"), N_("As on the bill: in kWh, MWh, t, m³ or litres.")),
    ("FuelUse", "basis"): FieldText(
        N_("Energy content stated as"),
        N_(
            "Gas bills in Poland and Germany usually state the gross calorific value (Brennwert, ciepło spalania)."
        ),
    ),
    ("FuelUse", "use"): FieldText(N_("Used for")),
    ("Amount", "value"): FieldText(N_("Amount")),
    ("Amount", "unit"): FieldText(N_("Unit")),
    ("HeatPurchase", "source"): FieldText(N_("Kind of heat")),
    ("HeatPurchase", "amount_kwh"): FieldText(N_("Amount bought")),
    ("HeatPurchase", "network"): FieldText(N_("Heat network or supplier")),
    ("HeatPurchase", "supplier_company"): FieldText(
        N_("Bought from a company in the area"), N_("For waste heat, steam or CHP heat from a neighbour.")
    ),
    ("HeatPurchase", "factor_g_per_kwh"): FieldText(
        N_("Network's emission factor"), N_("Only if the supplier states one."), unit="g CO2e/kWh"
    ),
    ("HeatPurchase", "factor_source"): FieldText(N_("Source of the network's factor")),
    ("HeatPurchase", "renewable_share"): FieldText(
        N_("Renewable or recovered share"), N_("As stated by the supplier; leave empty if unknown.")
    ),
    ("HeatPump", "heat_source"): FieldText(N_("Heat source")),
    ("HeatPump", "heat_output_kwh"): FieldText(N_("Heat delivered")),
    ("HeatPump", "electricity_kwh"): FieldText(
        N_("Electricity used"), N_("Already part of the electricity the company bought or generated.")
    ),
    ("Refrigerant", "gas"): FieldText(
        N_("Refrigerant"), N_("As on the nameplate, e.g. R-410A, R-744, HFC-134a.")
    ),
    ("Refrigerant", "charge_kg"): FieldText(N_("Charge")),
    ("Refrigerant", "leakage_kg"): FieldText(
        N_("Refilled in the year"), N_("Refrigerant topped up to replace leaks.")
    ),
    ("WasteStream", "ewc"): FieldText(
        N_("Waste code (EWC)"), N_("From the European Waste Catalogue, e.g. 12 01 01 or 16 06 01*.")
    ),
    ("WasteStream", "description"): FieldText(N_("Description")),
    ("WasteStream", "amount_t"): FieldText(N_("Amount")),
    ("WasteStream", "treatment"): FieldText(N_("Treatment"), N_("From the waste transfer note.")),
    ("WasteStream", "used_by"): FieldText(
        N_("Used as input by"), N_("A company in the area, or the name of one outside it.")
    ),
    ("WasteStream", "byproduct"): FieldText(
        N_("A by-product, not waste"), N_("As the Waste Framework Directive, article 5, defines it.")
    ),
    ("Water", "withdrawn_m3"): FieldText(
        N_("Fresh water used"), N_("Withdrawn or bought in the year, without the reused water.")
    ),
    ("Water", "reused_m3"): FieldText(
        N_("Water reused or recycled"), N_("In the company, or received from another company.")
    ),
    ("VehicleGroup", "drive"): FieldText(N_("Drive")),
    ("VehicleGroup", "kind"): FieldText(
        N_("Kind of vehicle"),
        N_(
            "Forklifts and other site machinery do not count for the zero-emission fleet (MO-04), only road vehicles."
        ),
    ),
    ("VehicleGroup", "count"): FieldText(N_("Number"), unit=N_("vehicles")),
    ("ModalSplit", "walk"): FieldText(N_("On foot")),
    ("ModalSplit", "bicycle"): FieldText(N_("By bicycle")),
    ("ModalSplit", "public_transport"): FieldText(N_("By public transport")),
    ("ModalSplit", "carpool"): FieldText(N_("Car-pooling")),
    ("ModalSplit", "car_alone"): FieldText(N_("Alone by car")),
    ("ModalSplit", "other"): FieldText(N_("Other")),
    ("ModalSplit", "survey_year"): FieldText(N_("Year of the survey")),
    ("WasteHeat", "recoverable_kwh"): FieldText(
        N_("Recoverable waste heat"), N_("Identified in an audit or study, per year.")
    ),
    ("WasteHeat", "used_kwh"): FieldText(
        N_("Of which used"), N_("Used in the area or delivered to a heat network, per year.")
    ),
    ("WasteHeat", "temperature_c"): FieldText(N_("Temperature"), unit="°C"),
    ("Storage", "kind"): FieldText(N_("Kind of storage")),
    ("Storage", "power_kw"): FieldText(N_("Power")),
    ("Storage", "capacity_kwh"): FieldText(N_("Capacity")),
    # --- exchanges and hourly data --------------------------------------------------------------
    ("Exchange", "supplier"): FieldText(N_("From")),
    ("Exchange", "receiver"): FieldText(N_("To")),
    ("Exchange", "kind"): FieldText(N_("What is exchanged")),
    ("Exchange", "description"): FieldText(N_("Description"), N_("For example: steam from the CHP plant.")),
    ("Exchange", "amount"): FieldText(N_("Amount per year")),
    ("Exchange", "active"): FieldText(N_("Active in the reporting year")),
    ("Exchange", "since"): FieldText(N_("Since")),
    ("Hourly", "files"): FieldText(N_("Meter files"), N_("Files attached to this year (CSV or Parquet).")),
    ("Hourly", "meters"): FieldText(
        N_("Meters"), N_("Each meter in the files: whose it is and what it measures.")
    ),
    ("Hourly", "timezone"): FieldText(
        N_("Time zone of the area"), N_("Leave empty for the country's time zone.")
    ),
    ("Hourly", "gaps"): FieldText(N_("Gaps in a series")),
    ("Hourly", "tolerance"): FieldText(
        N_("Accepted difference"), N_("Between the series' totals and the yearly amounts entered.")
    ),
    ("SeriesFile", "path"): FieldText(N_("File")),
    ("SeriesFile", "layout"): FieldText(N_("Layout of the file")),
    ("SeriesFile", "timezone"): FieldText(
        N_("Time zone of its timestamps"),
        N_("For timestamps written without a UTC offset, e.g. Europe/Warsaw."),
    ),
    ("SeriesFile", "unit"): FieldText(
        N_("Unit of the values"), N_("Where the file has no unit column, e.g. kWh.")
    ),
    ("Meter", "id"): FieldText(N_("Meter"), N_("The meter's name as it appears in the file.")),
    ("Meter", "company"): FieldText(N_("Company")),
    ("Meter", "role"): FieldText(N_("What it measures")),
    ("Meter", "technology"): FieldText(N_("Technology")),
    ("Meter", "metered"): FieldText(N_("Measured (untick for an estimated profile)")),
    ("Meter", "supplier_company"): FieldText(
        N_("PPA from a company in the area"), N_("Whose generation meter holds the same energy.")
    ),
}


_TECHNOLOGY = {
    "solar_pv": N_("solar power"),
    "wind": N_("wind power"),
    "hydro": N_("hydropower"),
    "biomass": N_("biomass"),
    "biogas": N_("biogas"),
    "geothermal": N_("geothermal"),
    "nuclear": N_("nuclear power"),
    "natural_gas": N_("natural gas"),
    "coal": N_("coal"),
    "oil": N_("oil"),
    "unknown": N_("unknown"),
}
_FUEL = {
    "natural_gas": N_("natural gas"),
    "gas_diesel_oil": N_("diesel and heating oil"),
    "motor_gasoline": N_("petrol"),
    "residual_fuel_oil": N_("heavy fuel oil"),
    "lpg": N_("liquefied petroleum gas (LPG)"),
    "other_bituminous_coal": N_("hard coal"),
    "lignite": N_("lignite"),
    "wood": N_("wood"),
    "biogas": N_("biogas"),
    "peat": N_("peat"),
    "refinery_gas": N_("refinery gas"),
    "coke_oven_coke": N_("coke"),
    "other_primary_solid_biomass": N_("other solid biomass"),
    "biodiesel": N_("biodiesel"),
    "landfill_gas": N_("landfill gas"),
}
_ADOPTION_COVERS = {"area": N_("the area"), "municipality": N_("the whole municipality")}
_TREATMENT = {
    "R1": N_("R1 — used as a fuel (energy recovery)"),
    "R2": N_("R2 — solvent reclamation"),
    "R3": N_("R3 — recycling of organic substances (paper, plastics, composting)"),
    "R4": N_("R4 — recycling of metals"),
    "R5": N_("R5 — recycling of other inorganic materials"),
    "R6": N_("R6 — regeneration of acids or bases"),
    "R7": N_("R7 — recovery of pollution-abatement components"),
    "R8": N_("R8 — recovery of catalyst components"),
    "R9": N_("R9 — oil re-refining"),
    "R10": N_("R10 — land treatment benefiting agriculture or ecology"),
    "R11": N_("R11 — use of wastes from R1–R10"),
    "R12": N_("R12 — exchange for recovery (pre-treatment)"),
    "R13": N_("R13 — storage pending recovery"),
    "D1": N_("D1 — landfill"),
    "D2": N_("D2 — land treatment"),
    "D3": N_("D3 — deep injection"),
    "D4": N_("D4 — surface impoundment"),
    "D5": N_("D5 — specially engineered landfill"),
    "D6": N_("D6 — release into water"),
    "D7": N_("D7 — release into seas"),
    "D8": N_("D8 — biological treatment before disposal"),
    "D9": N_("D9 — physico-chemical treatment before disposal"),
    "D10": N_("D10 — incineration on land"),
    "D11": N_("D11 — incineration at sea"),
    "D12": N_("D12 — permanent storage"),
    "D13": N_("D13 — blending before disposal"),
    "D14": N_("D14 — repackaging before disposal"),
    "D15": N_("D15 — storage pending disposal"),
}

#: (model, field) → {value: words}; the words of every choice a field offers
CHOICES: dict[tuple[str, str], dict[str, str]] = {
    ("Submission", "stage"): {
        "pre_certificate": N_("pre-certificate (planned or growing area)"),
        "certificate": N_("certificate (operating area)"),
    },
    ("Area", "status"): {"planned": N_("planned"), "growing": N_("growing"), "operating": N_("operating")},
    ("Area", "activity_unit"): {
        "employee": N_("employees"),
        "floor_area": N_("floor area"),
        "value_added": N_("value added"),
    },
    ("Geometry", "type"): {
        "Point": N_("point"),
        "Polygon": N_("polygon"),
        "MultiPolygon": N_("several polygons"),
    },
    ("Adoption", "covers"): _ADOPTION_COVERS,
    ("LandMeasure", "kind"): {
        "information_event": N_("information event"),
        "land_saving": N_("saving land (compact building, multi-storey)"),
        "unsealing": N_("unsealing surfaces"),
        "densification": N_("densification of existing plots"),
        "brownfield_reuse": N_("reuse of brownfield land"),
        "open_space": N_("protected open space"),
    },
    ("NetworkEvent", "kind"): {
        "network_meeting": N_("network meeting"),
        "information_event": N_("information event"),
        "workshop": N_("workshop"),
        "site_visit": N_("site visit"),
    },
    ("SharedService", "kind"): {
        "joint_power_purchase": N_("joint power purchase"),
        "shared_logistics": N_("shared logistics"),
        "shared_canteen": N_("shared canteen"),
        "shared_energy_plant": N_("shared energy plant"),
        "shared_water_treatment": N_("shared water treatment"),
        "shared_waste_collection": N_("shared waste collection"),
        "shared_mobility": N_("shared mobility (shuttle, bike or car sharing)"),
        "shared_childcare": N_("shared childcare"),
        "shared_security": N_("shared security"),
        "other": N_("other"),
    },
    ("Violation", "severity"): {"major": N_("major"), "minor": N_("minor")},
    ("Company", "role"): {
        "company": N_("a company"),
        "shared_infrastructure": N_("the area's shared infrastructure"),
    },
    ("ManagementSystem", "scheme"): {
        "iso_50001": N_("ISO 50001 energy management"),
        "emas": N_("EMAS eco-management and audit scheme"),
        "iso_14001": N_("ISO 14001 environmental management"),
        "en_16247_audit": N_("energy audit (EN 16247)"),
    },
    ("ElectricityPurchase", "instrument"): {
        "none": N_("none (grid electricity)"),
        "guarantee_of_origin": N_("guarantees of origin"),
        "ppa": N_("power purchase agreement (PPA)"),
    },
    ("ElectricityPurchase", "technology"): _TECHNOLOGY,
    ("ElectricityPurchase", "supplier_factor_basis"): {
        "supplier_mix": N_("the supplier's mix for this product"),
        "residual_mix": N_("the supplier's residual mix"),
    },
    ("Generation", "technology"): _TECHNOLOGY,
    ("Generation", "location"): {"on_site": N_("on site"), "within_5km": N_("within 5 km of the area")},
    ("Generation", "certificates"): {"kept": N_("kept or never issued"), "sold": N_("sold")},
    ("FuelUse", "fuel"): _FUEL,
    ("FuelUse", "basis"): {"net": N_("net calorific value"), "gross": N_("gross calorific value")},
    ("FuelUse", "use"): {
        "space_heat": N_("space heating"),
        "process_heat": N_("process heat"),
        "chp": N_("combined heat and power (CHP)"),
        "vehicles": N_("vehicles"),
        "other": N_("other"),
    },
    ("Amount", "unit"): {"kWh": "kWh", "t": "t", "m3": "m³"},
    ("HeatPurchase", "source"): {"district_heating": N_("district heating"), "waste_heat": N_("waste heat")},
    ("HeatPump", "heat_source"): {
        "air": N_("air"),
        "water": N_("water"),
        "ground": N_("ground"),
        "waste_heat": N_("waste heat"),
    },
    ("WasteStream", "treatment"): _TREATMENT,
    ("VehicleGroup", "drive"): {
        "battery_electric": N_("battery electric"),
        "fuel_cell": N_("fuel cell"),
        "plug_in_hybrid": N_("plug-in hybrid"),
        "hybrid": N_("hybrid"),
        "petrol": N_("petrol"),
        "diesel": N_("diesel"),
        "gas": N_("gas (CNG, LNG, LPG)"),
        "biofuel": N_("biofuel"),
    },
    ("VehicleGroup", "kind"): {
        "car": N_("car"),
        "van": N_("van"),
        "truck": N_("truck"),
        "forklift": N_("forklift"),
        "other": N_("other"),
    },
    ("Storage", "kind"): {"battery": N_("battery"), "thermal": N_("thermal storage")},
    ("Exchange", "kind"): {
        "material": N_("material"),
        "energy": N_("energy"),
        "water": N_("water"),
        "infrastructure": N_("infrastructure"),
    },
    ("Hourly", "gaps"): {"refuse": N_("refuse the file"), "fill": N_("fill them by GIA's rule")},
    ("SeriesFile", "layout"): {
        "long": N_("one row per meter and hour"),
        "wide": N_("one column per meter"),
    },
    ("Meter", "role"): {
        "load": N_("consumption"),
        "generation": N_("own carbon-free generation"),
        "ppa": N_("PPA delivery"),
        "certificates": N_("hourly certificates"),
        "storage": N_("storage (released + / taken −)"),
        "grid_cfe": N_("the grid's carbon-free share"),
    },
    ("Meter", "technology"): _TECHNOLOGY,
}

#: units as a person reads them (the documents write m3, m2)
UNIT_WORDS = {"m3": "m³", "m2": "m²", "share": "%", "degC": "°C"}


# --- reading the schema -------------------------------------------------------------------------


def unwrap(annotation: Any) -> tuple[Any, bool]:
    """(the type without ``| None`` and ``Annotated``, whether None is allowed)."""
    optional = False
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (Union, types.UnionType):
            args = [a for a in typing.get_args(annotation) if a is not type(None)]
            optional = optional or len(args) < len(typing.get_args(annotation))
            if len(args) != 1:
                return annotation, optional
            annotation = args[0]
        else:
            return annotation, optional


def field_key(model: type[BaseModel], name: str) -> str | None:
    """The attribute of ``model`` whose document name (alias) is ``name``."""
    for key, info in model.model_fields.items():
        if (info.alias or key) == name:
            return key
    return None


def child_model(model: type[BaseModel], name: str) -> type[BaseModel] | None:
    """The model a field holds (itself, or as the items of a list), if it holds one."""
    key = field_key(model, name)
    if key is None:
        return None
    annotation, _optional = unwrap(model.model_fields[key].annotation)
    if typing.get_origin(annotation) is list:
        annotation, _optional = unwrap(typing.get_args(annotation)[0])
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    return None


def unit_of(model: type[BaseModel], name: str) -> str:
    """The unit a person reads beside a field: ``kWh``, ``t``, ``m³``, ``%``, ``g CO2e/kWh`` or ''."""
    text = FIELDS.get((model.__name__, name))
    if text is not None and text.unit:
        return gettext(text.unit)
    key = field_key(model, name)
    if key is None:
        return ""
    info = model.model_fields[key]
    descriptions = [info.description or ""]
    annotation = info.annotation
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            descriptions += [getattr(m, "description", "") or "" for m in typing.get_args(annotation)[1:]]
            descriptions += [getattr(m, "description", "") or "" for m in annotation.__metadata__]
            annotation = typing.get_args(annotation)[0]
        elif origin in (Union, types.UnionType):
            args = [a for a in typing.get_args(annotation) if a is not type(None)]
            if len(args) != 1:
                break
            annotation = args[0]
        else:
            break
    for description in descriptions:
        found = re.search(r"\[([^\]]+)\]", description)
        if found:
            unit = found.group(1)
            if unit == "fraction of 1":
                return "%"
            return UNIT_WORDS.get(unit, unit)
    if name.endswith("_m"):
        return "m"
    return ""


def label(model: type[BaseModel] | str, name: str) -> str:
    """The field's label in the active language (its name in words if it has none)."""
    model_name = model if isinstance(model, str) else model.__name__
    text = FIELDS.get((model_name, name))
    return gettext(text.label) if text else name.replace("_", " ")


def help_text(model: type[BaseModel] | str, name: str) -> str:
    model_name = model if isinstance(model, str) else model.__name__
    text = FIELDS.get((model_name, name))
    return gettext(text.help) if text and text.help else ""


def choices(model: type[BaseModel], name: str) -> list[tuple[str, str]]:
    """(value, words) of every choice the field offers, in the schema's order."""
    key = field_key(model, name)
    if key is None:
        return []
    annotation, _optional = unwrap(model.model_fields[key].annotation)
    if typing.get_origin(annotation) is list:
        annotation, _optional = unwrap(typing.get_args(annotation)[0])
    if typing.get_origin(annotation) is Literal:
        values = [str(a) for a in typing.get_args(annotation)]
    elif isinstance(annotation, type) and issubclass(annotation, Enum):
        values = [str(member.value) for member in annotation]
    else:
        return []
    return [(value, choice_label(model, name, value)) for value in values]


def choice_label(model: type[BaseModel] | str, name: str, value: Any) -> str:
    """A choice's words in the active language (the value itself where it has none)."""
    model_name = model if isinstance(model, str) else model.__name__
    words = CHOICES.get((model_name, name), {}).get(str(value))
    return gettext(words) if words else str(value)


# --- describing places --------------------------------------------------------------------------


def _tokens(place: str) -> list[int | str]:
    place = re.sub(r"\s*\(line \d+\)$", "", place.strip())
    parts: list[int | str] = []
    for token in re.findall(r"\[\d+\]|\[[^\]]*\]|[^.\[\]]+", place):
        if re.fullmatch(r"\[\d+\]", token):
            parts.append(int(token[1:-1]))
        elif token.startswith("["):
            parts.append(token[1:-1].strip("'\""))
        else:
            parts.append(token)
    return parts


def _company_name(document: Any, index: int) -> str | None:
    if isinstance(document, dict):
        companies = document.get("companies")
        if isinstance(companies, list) and 0 <= index < len(companies):
            entry = companies[index]
            if isinstance(entry, dict) and entry.get("name"):
                return str(entry["name"])
    return None


def describe_place(place: str, document: Any = None, root: type[BaseModel] | None = None) -> str:
    """A place in a submission in the words of its labels.

    ``companies[6].heat_purchases[0].renewable_share`` → "Odlewnia Ostropa — Heat bought, row 1 —
    Renewable share", with the company's name taken from ``document`` (the submission's data) where
    it is given. ``root`` is the model the place starts from (the whole submission by default; a
    company's own data is described from :class:`~gia.dataset.company.Company`).
    """
    from gia.dataset.submission import Submission

    model: type[BaseModel] | None = root or Submission
    tokens = _tokens(place)
    words: list[str] = []
    position = 0
    while position < len(tokens):
        token = tokens[position]
        if model is None:
            words.append(str(token))
            position += 1
            continue
        if isinstance(token, int):  # a row of a list whose label was written already
            words[-1] = gettext("{list}, row {number}").format(list=words[-1], number=token + 1)
            position += 1
            continue
        if model.__name__ == "Submission" and token == "companies":
            if position + 1 < len(tokens) and isinstance(tokens[position + 1], int):
                index = int(tokens[position + 1])
                name = _company_name(document, index)
                words.append(name or gettext("company {number}").format(number=index + 1))
                position += 2
            else:
                words.append(label(model, "companies"))
                position += 1
            model = child_model(Submission, "companies")
            continue
        if model.__name__ == "Submission" and token == "area" and position + 1 < len(tokens):
            model = child_model(Submission, "area")
            position += 1
            continue
        if model.__name__ == "Submission" and token == "not_applicable":
            words.append(label(model, "not_applicable"))
            words.extend(str(t) for t in tokens[position + 1 :])
            break
        if field_key(model, str(token)) is None:
            words.append(str(token).replace("_", " "))
            model = None
            position += 1
            continue
        words.append(label(model, str(token)))
        model = child_model(model, str(token))
        position += 1
    return " — ".join(words) if words else gettext("the whole document")


#: a place the core writes into a message: ``companies[3].fuels[0].amount``, ``area.plans.x``…
PLACE_PATTERN = re.compile(
    r"\b(?:companies\[\d+\](?:\.[a-z][a-z0-9_]*|\[\d+\])*"
    r"|(?:area|exchanges|hourly)(?:\.[a-z][a-z0-9_]*|\[\d+\])+"
    r"|exchanges\[\d+\](?:\.[a-z][a-z0-9_]*|\[\d+\])*)"
)


def humanise(text: str, document: Any = None) -> str:
    """Every place in ``text`` (a data-quality note, a chain's rule) replaced by its words."""
    return PLACE_PATTERN.sub(lambda match: describe_place(match.group(0), document), text)


def field_at(place: str, root: type[BaseModel] | None = None) -> tuple[type[BaseModel], str] | None:
    """The model and field a place ends in (``companies[2].fuels[0].amount`` → (FuelUse, amount))."""
    from gia.dataset.submission import Submission

    model: type[BaseModel] | None = root or Submission
    last: tuple[type[BaseModel], str] | None = None
    for token in _tokens(place):
        if isinstance(token, int) or model is None:
            continue
        if field_key(model, token) is None:
            return None
        last = (model, token)
        model = child_model(model, token)
    return last


def describe_value(place: str, value: Any, root: type[BaseModel] | None = None) -> str:
    """A stored value as a person reads it: a number in the reader's format with its unit, a share
    as a percentage, a choice in words, yes or no; "—" where there is none."""
    from gia import i18n

    if value is None or value == [] or value == {}:
        return "—"
    found = field_at(place, root)
    if isinstance(value, bool):
        return gettext("yes") if value else gettext("no")
    if isinstance(value, dict) and set(value) == {"value", "unit"}:
        number = value["value"]
        return f"{i18n.number(number, 0 if abs(number) >= 100 else 2)} {UNIT_WORDS.get(value['unit'], value['unit'])}"
    if isinstance(value, int | float):
        unit = unit_of(*found) if found else ""
        if unit == "%":
            return i18n.percent(value, 1)
        decimals = 0 if float(value).is_integer() or abs(value) >= 100 else 2
        if found and found[1] in ("year", "target_year", "production_year", "survey_year"):
            return str(value)
        return f"{i18n.number(value, decimals)} {unit}".strip()
    if isinstance(value, str) and found is not None and CHOICES.get((found[0].__name__, found[1])):
        return choice_label(found[0], found[1], value)
    if isinstance(value, list):
        return ", ".join(describe_value(place, item, root) for item in value)
    return str(value)
