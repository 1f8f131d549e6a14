"""Assessment: indicators by name, scoring, levels, gaps, crosswalk readings, explanations."""

from gia.assessment.engine import assess
from gia.assessment.registry import Context, IndicatorValue, indicator, registry
from gia.assessment.result import Assessment, CriterionResult

__all__ = ["Assessment", "Context", "CriterionResult", "IndicatorValue", "assess", "indicator", "registry"]
