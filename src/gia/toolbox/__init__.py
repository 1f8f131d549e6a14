"""The GIA toolbox: measures compendium, scenarios and roadmap, abatement cost curve, hybrid plant sizer.

- :mod:`gia.toolbox.measures`: the compendium (``data/measures.yaml``) and prices (``data/economics.csv``)
- :mod:`gia.toolbox.scenario`: measures written into a submission and re-assessed with the real engine
- :mod:`gia.toolbox.roadmap`: year-by-year projection with the grid trajectory (``data/grid_trajectory.csv``)
- :mod:`gia.toolbox.mac`: marginal abatement cost curve and GIA's proposed set of measures
- :mod:`gia.toolbox.hybrid`: PV (pvlib) + wind + battery for an hourly load; sweep of plant sizes
- :mod:`gia.toolbox.cases`: good-practice library (``data/cases.yaml``)
"""

from gia.toolbox.cases import Case, find_cases, load_cases
from gia.toolbox.mac import AbatementCost, abatement_cost, abatement_costs, mac_svg, propose
from gia.toolbox.measures import Compendium, Measure, load_compendium
from gia.toolbox.roadmap import Roadmap, load_trajectory, project
from gia.toolbox.scenario import (
    MeasureChoice,
    Scenario,
    ScenarioResult,
    apply_measure,
    apply_measures,
    evaluate,
)

__all__ = [
    "AbatementCost",
    "Case",
    "Compendium",
    "Measure",
    "MeasureChoice",
    "Roadmap",
    "Scenario",
    "ScenarioResult",
    "abatement_cost",
    "abatement_costs",
    "apply_measure",
    "apply_measures",
    "evaluate",
    "find_cases",
    "load_cases",
    "load_compendium",
    "load_trajectory",
    "mac_svg",
    "project",
    "propose",
]
