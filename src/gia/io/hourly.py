"""The hourly data a submission references: its series files read, checked and arranged per company."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np

from gia.accounting.hourly import DataQuality, HourlyData, apply_storage
from gia.accounting.provenance import Flag
from gia.dataset.submission import Submission
from gia.errors import GiaInputError
from gia.i18n import _
from gia.io.timeseries import SeriesSet, read_series


def load_hourly(submission: Submission, base_dir: Path, default_timezone: str) -> HourlyData | None:
    """Read the submission's series files (relative to ``base_dir``); None if it has none.

    Only the meters the submission declares are read; other columns or meters in the files are
    ignored.
    """
    hourly = submission.hourly
    if hourly is None:
        return None
    timezone = hourly.timezone or default_timezone
    storage = frozenset(m.id for m in hourly.meters if m.role == "storage")
    declared = frozenset(m.id for m in hourly.meters)
    files = [(base_dir / f.path, f.layout, f.timezone, f.unit) for f in hourly.files]
    series = read_series(files, submission.reporting_year, timezone, hourly.gaps, storage, declared)
    return arrange(submission, series, ", ".join(f.path for f in hourly.files))


def arrange(submission: Submission, series: SeriesSet, source: str) -> HourlyData:
    """Sum each company's meters into its load and its carbon-free supply, hour by hour; apply storage."""
    hourly = submission.hourly
    assert hourly is not None
    problems = []
    for index, meter in enumerate(hourly.meters):
        found = series.meters.get(meter.id)
        if found is None:
            message = (
                _("meter {id!r} has no readings in the reporting year").format(id=meter.id)
                if meter.id in series.outside_only
                else _("meter {id!r} is in none of the series files").format(id=meter.id)
            )
            problems.append((f"hourly.meters[{index}].id", message))
        elif (found.unit_kind == "share") != (meter.role == "grid_cfe"):
            expected = _("a share") if meter.role == "grid_cfe" else _("energy or power")
            problems.append(
                (
                    f"hourly.meters[{index}]",
                    _("a {role} meter needs {expected} values").format(role=meter.role, expected=expected),
                )
            )
    if problems:
        raise GiaInputError(_("submission"), problems)
    companies = tuple(dict.fromkeys(m.company for m in hourly.meters if m.company is not None))
    row = {company: i for i, company in enumerate(companies)}
    hours = series.hours
    # zeroed lazily by the system: a company's row takes memory only once a meter is added to it
    load = np.zeros((len(companies), hours))
    own = np.zeros((len(companies), hours))
    storage: dict[str, np.ndarray] = {}
    grid_share = None
    expected_hours = read = filled = 0
    metered_load = 0.0
    role_totals: dict[tuple[str, str], float] = {}
    internal = np.zeros(hours)
    for meter in hourly.meters:
        data = series.meters[meter.id]
        values = data.values
        meter_total = float(values.sum())
        if math.isfinite(meter_total):  # no hour without a value: the sum says so in one pass
            with_data = values.size
        else:
            with_data = data.hours_with_data
            values = np.nan_to_num(values)
            meter_total = float(values.sum())
        expected_hours += hours
        read += with_data - data.filled_hours
        filled += data.filled_hours
        if meter.role == "grid_cfe":
            grid_share = data.values
            continue
        key = (meter.company or "", meter.role)
        role_totals[key] = role_totals.get(key, 0.0) + meter_total
        if meter.role == "storage":
            target = storage.setdefault(meter.company, np.zeros(hours))  # type: ignore[arg-type]
        else:
            target = (load if meter.role == "load" else own)[row[meter.company]]  # type: ignore[index]
        target += values
        if meter.supplier_company is not None:
            internal += values
        if meter.role == "load" and meter.metered:
            metered_load += meter_total
    flags = []
    supply = own.copy() if storage else own  # storage changes the supply: the generation stays as read
    for company in sorted(storage):
        index = row[company]
        load[index], supply[index], beyond = apply_storage(load[index], own[index], storage[company])
        if beyond > 0:
            flags.append(
                Flag(
                    "storage_releases_more",
                    _("{company}: the storage releases {kwh} kWh more than it took in over the year").format(
                        company=company, kwh=round(beyond)
                    ),
                )
            )
    fill_rules = {d.fill_rule for d in series.meters.values() if d.fill_rule}
    quality = DataQuality(
        meter_hours_expected=expected_hours,
        meter_hours_read=read,
        filled_hours=filled,
        metered_load_kwh=metered_load,
        load_kwh=sum(total for (_company, role), total in role_totals.items() if role == "load"),
        fill_rule="; ".join(sorted(fill_rules)),
    )
    return HourlyData(
        submission.reporting_year,
        companies,
        load,
        supply,
        grid_share,
        source,
        quality,
        role_totals,
        tuple(flags),
        internal if internal.any() else None,
    )
