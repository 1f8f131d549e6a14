"""One way from a submission to its assessment, for every caller (the command line, the web
platform's submit and audit, the roadmap): the standard of the submission's edition, the time zone
of its country's profile, the hourly series it references, then the assessment.

Pure: no Django. ``series_dir`` is where the submission's series files are (the folder of a
submission file, or the platform's folder of the year's files).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from gia.accounting.factors import FactorSet
from gia.accounting.hourly import HourlyData
from gia.assessment import Assessment, assess
from gia.dataset import Submission
from gia.io.hourly import load_hourly
from gia.standard import Standard, load_standard


@dataclass(frozen=True)
class Prepared:
    """A submission with what its assessment needs: its edition's standard and its hourly series."""

    submission: Submission
    standard: Standard
    hourly: HourlyData | None


def prepare(submission: Submission, series_dir: Path | str) -> Prepared:
    """The standard of the submission's edition and its hourly series, read in its country's time zone."""
    standard = load_standard(submission.edition)
    timezone = standard.profile(submission.area.country).timezone
    return Prepared(submission, standard, load_hourly(submission, Path(series_dir), timezone))


def assess_submission(
    submission: Submission,
    series_dir: Path | str,
    *,
    factor_set: str | FactorSet | None = None,
    language: str = "en",
    auditor_values: Mapping[str, tuple[float, str]] | None = None,
    prepared: Prepared | None = None,
) -> Assessment:
    """The assessment of ``submission`` with its hourly series from ``series_dir``."""
    ready = prepared or prepare(submission, series_dir)
    return assess(
        ready.submission,
        ready.standard,
        factor_set=factor_set,
        language=language,
        hourly=ready.hourly,
        auditor_values=auditor_values,
    )
