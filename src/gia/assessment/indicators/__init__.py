"""The indicators of the GIA standard, registered by name on import, one module per theme.

Each docstring states the rule; the returned figure repeats it with its inputs, so that
``gia explain`` can show how a value came about.
"""

from gia.assessment.indicators import (  # noqa: F401  (importing registers the indicators)
    circular,
    climate,
    eligibility,
    energy,
    governance,
    land,
    mobility,
)
