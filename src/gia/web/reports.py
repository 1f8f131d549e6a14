"""PDF reports of a submitted version: the core's HTML report, printed by WeasyPrint, kept on disk."""

from __future__ import annotations

from pathlib import Path

from gia import i18n
from gia.assessment.engine import assess
from gia.assessment.report import render_html
from gia.dataset.io import parse_submission
from gia.io.hourly import load_hourly
from gia.standard.loader import load_standard
from gia.web.actions.submissions import files_dir
from gia.web.models import SubmissionVersion


def report_html(version: SubmissionVersion, language: str) -> str:
    """Assess the version's document again (the core is deterministic) and render the core's report."""
    submission = parse_submission(version.document, f"{version.area.slug} {version.year} v{version.number}")
    standard = load_standard(submission.edition)
    hourly = load_hourly(
        submission, files_dir(version.area, version.year), standard.profile(submission.area.country).timezone
    )
    with i18n.override(language):
        result = assess(submission, standard, language=language, hourly=hourly)
        return render_html(result, language)


def report_pdf(version: SubmissionVersion, language: str) -> bytes:
    """The PDF report; made once per version and language (a version never changes)."""
    from weasyprint import HTML

    target = (
        files_dir(version.area, version.year)
        / "reports"
        / f"v{version.number}-{language}-{version.sha256[:12]}.pdf"
    )
    if target.is_file():
        return target.read_bytes()
    pdf = HTML(string=report_html(version, language)).write_pdf()
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = Path(str(target) + ".part")
    partial.write_bytes(pdf)
    partial.replace(target)
    return pdf


def provenance_of(version: SubmissionVersion, language: str, criterion: str) -> dict | None:
    record = (
        version.assessments.filter(language=language).first()
        or version.assessments.filter(language="en").first()
    )
    if record is None:
        return None
    for item in record.result()["criteria"]:
        if item["id"] == criterion:
            return item
    return None
