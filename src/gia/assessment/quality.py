"""The data-quality score of a submission.

Components (each a share of one):

- **reported energy**: final energy of the companies that reported, against the area's (the rest
  is estimated);
- with hourly data: **coverage** (meter-hours with readings before any filling ÷ meter-hours of the
  year), **metered** (load from meters, not from estimated profiles ÷ all load in series), **load
  with series** (load in series ÷ that plus the electricity of companies without series) and
  **consistency** (companies whose series totals agree with their declared yearly values within
  the tolerance ÷ companies with series).

The score is the mean of the components present. Gaps filled are reported beside it with the rule
that filled them.
"""

from __future__ import annotations

from typing import Any

from gia.accounting import Accounts
from gia.accounting.provenance import clean


def data_quality(accounts: Accounts, reported_energy_share: float | None) -> dict[str, Any]:
    components: dict[str, float] = {}
    if reported_energy_share is not None:
        components["reported_energy"] = reported_energy_share
    result: dict[str, Any] = {"hourly": None}
    hourly = accounts.hourly
    if hourly is not None:
        quality = hourly.quality
        mismatched = accounts.mismatched
        with_series = {company for company, _role in hourly.role_totals}
        components["coverage"] = quality.coverage
        if quality.load_kwh > 0:
            components["metered"] = quality.metered_share
            components["load_with_series"] = quality.load_kwh / (quality.load_kwh + accounts.unmetered_kwh)
        components["consistency"] = 1 - len(mismatched) / len(with_series) if with_series else 1.0
        result["hourly"] = {
            "meter_hours_expected": quality.meter_hours_expected,
            "meter_hours_read": quality.meter_hours_read,
            "filled_hours": quality.filled_hours,
            "filled_share": clean(quality.filled_share),
            "fill_rule": quality.fill_rule,
            "companies_with_series": len(with_series),
            "companies_with_mismatch": len(mismatched),
        }
    result["components"] = {name: clean(value) for name, value in components.items()}
    result["score"] = clean(sum(components.values()) / len(components)) if components else None
    return result
