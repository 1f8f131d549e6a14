"""How far a year's data is: each section's status, each company's progress, what blocks submitting
(with a link to the exact field), and what the inputs of a section offer (the area's companies,
attached files, known refrigerants)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from babel.lists import format_list
from django.urls import reverse
from django.utils.translation import gettext as _

from gia import i18n
from gia.dataset import labels, sections
from gia.dataset.company import Company as CompanyRecord
from gia.dataset.io import submission_from_data, to_json
from gia.dataset.sections import Section, SectionStatus
from gia.errors import GiaInputError
from gia.web.actions.submissions import not_applicable_choices, saved_sections
from gia.web.dataforms import Context
from gia.web.models import Area, Company, Handover, SeriesFile, SubmissionVersion


@dataclass
class SectionLine:
    section: Section
    status: SectionStatus
    url: str
    missing: str = ""


@dataclass
class Progress:
    lines: list[SectionLine] = field(default_factory=list)

    @property
    def needed(self) -> list[SectionLine]:
        return [line for line in self.lines if line.status.state != "not_needed"]

    @property
    def complete(self) -> int:
        return sum(1 for line in self.needed if line.status.state == "complete")

    @property
    def total(self) -> int:
        return len(self.needed)

    @property
    def done(self) -> bool:
        return self.complete == self.total

    @property
    def percent(self) -> int:
        return round(100 * self.complete / self.total) if self.total else 100

    @property
    def next_line(self) -> SectionLine | None:
        """The first section that is not complete: where to go on."""
        return next((line for line in self.needed if line.status.state != "complete"), None)


@dataclass
class CompanyLine:
    company: Company
    progress: Progress
    handover: Handover | None
    url: str


@dataclass
class YearProgress:
    companies: list[CompanyLine]
    area: Progress

    @property
    def companies_done(self) -> int:
        return sum(1 for line in self.companies if line.progress.done)


@dataclass
class Blocker:
    """A problem that stops the year from being submitted, in words, with a link to its field."""

    where: str
    message: str
    url: str


def missing_words(state: SectionStatus, scope: str) -> str:
    """ "Needed for EN-01 and CL-04: Water" — what a section still lacks and which criteria wait for it."""
    parts = []
    for missing in state.missing:
        where = (
            labels.label(CompanyRecord, missing.key)
            if scope == "company"
            else labels.describe_place(missing.key)
        )
        criteria = format_list(list(missing.criteria), locale=i18n.language())
        parts.append(_("{field} (needed for {criteria})").format(field=where, criteria=criteria))
    return "; ".join(parts)


def _company_url(area: Area, year: int, company: Company, slug: str | None = None) -> str:
    if slug is None:
        return reverse("company_data", kwargs={"area": area.slug, "year": year, "company": company.slug})
    return reverse(
        "company_section", kwargs={"area": area.slug, "year": year, "company": company.slug, "section": slug}
    )


def _area_url(area: Area, year: int, slug: str | None = None) -> str:
    if slug is None:
        return reverse("area_data", kwargs={"area": area.slug, "year": year})
    return reverse("area_section", kwargs={"area": area.slug, "year": year, "section": slug})


def _entry(document: dict[str, Any] | None, company: Company) -> dict[str, Any]:
    return next((c for c in (document or {}).get("companies", []) if c.get("id") == company.slug), {})


def previous_document(area: Area, year: int) -> dict[str, Any] | None:
    """The latest submitted data of an earlier year: what a new year's draft starts from."""
    version = SubmissionVersion.objects.filter(area=area, year__lt=year).order_by("-year", "-number").first()
    return version.data() if version is not None else None


def company_progress(
    area: Area,
    year: int,
    document: dict[str, Any],
    company: Company,
    saved: dict[Any, set[str]] | None = None,
    previous: dict[str, Any] | bool | None = False,
) -> Progress:
    saved = saved if saved is not None else saved_sections(area, year)
    previous = previous_document(area, year) if previous is False else previous
    before = _entry(previous, company) or None if isinstance(previous, dict) else None
    done = saved.get(company.pk, set())
    entry = _entry(document, company)
    progress = Progress()
    for section in sections.COMPANY_SECTIONS:
        state = sections.status(section, entry, section.slug in done, before)
        progress.lines.append(
            SectionLine(
                section,
                state,
                _company_url(area, year, company, section.slug),
                missing_words(state, "company"),
            )
        )
    return progress


def area_progress(
    area: Area,
    year: int,
    document: dict[str, Any],
    saved: dict[Any, set[str]] | None = None,
    previous: dict[str, Any] | bool | None = False,
) -> Progress:
    saved = saved if saved is not None else saved_sections(area, year)
    previous = previous_document(area, year) if previous is False else previous
    done = saved.get(None, set())
    progress = Progress()
    for section in sections.AREA_SECTIONS:
        state = sections.status(
            section, document, section.slug in done, previous if isinstance(previous, dict) else None
        )
        progress.lines.append(
            SectionLine(section, state, _area_url(area, year, section.slug), missing_words(state, "area"))
        )
    return progress


def year_progress(area: Area, year: int, document: dict[str, Any]) -> YearProgress:
    saved = saved_sections(area, year)
    previous = previous_document(area, year)
    handovers = {h.company_id: h for h in Handover.objects.filter(area=area, year=year).select_related("by")}
    companies = [
        CompanyLine(
            company,
            company_progress(area, year, document, company, saved, previous),
            handovers.get(company.pk),
            _company_url(area, year, company),
        )
        for company in area.companies.order_by("name")
    ]
    return YearProgress(companies, area_progress(area, year, document, saved, previous))


def section_navigation(
    area: Area, year: int, document: dict[str, Any], company: Company | None, current: str
) -> list[tuple[SectionLine, bool]]:
    """Every section of the company (or the area) with its status, the current one marked."""
    progress = (
        company_progress(area, year, document, company) if company else area_progress(area, year, document)
    )
    return [(line, line.section.slug == current) for line in progress.lines]


def form_context(area: Area, year: int, document: dict[str, Any], company: Company | None) -> Context:
    from gia.accounting.factors import load_factor_set

    companies = sorted(
        ((str(c["id"]), str(c.get("name") or c["id"])) for c in document.get("companies", [])),
        key=lambda pair: pair[1].casefold(),
    )
    try:
        refrigerants = list(load_factor_set().known_refrigerants())
    except Exception:  # the factor set is data; a form works without its suggestions
        refrigerants = []
    return Context(
        companies=companies,
        own_company=company.slug if company else None,
        series_files=[
            f"series/{name}"
            for name in SeriesFile.objects.filter(area=area, year=year)
            .order_by("name")
            .values_list("name", flat=True)
        ],
        refrigerants=refrigerants,
        not_applicable=not_applicable_choices(area, document),
    )


def _tokens(place: str) -> list[str | int]:
    return [int(t[1:-1]) if t.startswith("[") else t for t in re.findall(r"\[\d+\]|[^.\[\]]+", place)]


def link_for(area: Area, year: int, document: dict[str, Any], place: str) -> str:
    """The page and input where ``place`` is entered (the year page where no section holds it)."""
    tokens = _tokens(re.sub(r"\s*\(line \d+\)$", "", place))
    year_page = reverse("year_detail", kwargs={"area": area.slug, "year": year})
    if len(tokens) >= 2 and tokens[0] == "companies" and isinstance(tokens[1], int):
        companies = document.get("companies", [])
        if tokens[1] >= len(companies):
            return year_page
        company = area.companies.filter(slug=companies[tokens[1]].get("id")).first()
        if company is None:
            return year_page
        rest = tokens[2:]
        if not rest:
            return _company_url(area, year, company)
        for section in sections.COMPANY_SECTIONS:
            if rest[0] in section.keys:
                anchor = "f-" + "-".join(str(t) for t in rest)
                return f"{_company_url(area, year, company, section.slug)}#{anchor}"
        if rest[0] in ("name", "nace", "employees"):
            return reverse("company_edit", kwargs={"area": area.slug, "company": company.slug})
        return _company_url(area, year, company)
    dotted = ".".join(str(t) for t in tokens if not isinstance(t, int))
    for section in sections.AREA_SECTIONS:
        for key in section.keys:
            if dotted == key or dotted.startswith(key + "."):
                anchor = "f-" + "-".join(str(t) for t in tokens)
                return f"{_area_url(area, year, section.slug)}#{anchor}"
    if dotted.startswith("area."):
        return reverse("area_edit", kwargs={"area": area.slug})
    return year_page


def blockers(area: Area, year: int, document: dict[str, Any]) -> list[Blocker]:
    """What stops the year's data from being submitted, each in words and with a link to its field."""
    from gia.web.actions.submissions import untouched_companies

    found = untouched_companies(area, year, document)
    try:
        submission_from_data(document, "draft")
    except GiaInputError as error:
        found += error.problems
    return [
        Blocker(labels.describe_place(place, document), message, link_for(area, year, document, place))
        for place, message in found
    ]


def unchanged_since(version: SubmissionVersion, document: dict[str, Any]) -> bool:
    """Whether the draft is the submitted version as it stands (nothing to submit)."""
    try:
        return to_json(submission_from_data(document, "draft")) == version.document
    except GiaInputError:
        return False


@dataclass
class Change:
    where: str
    before: str
    after: str
    place: str  # the internal place, for the tooltip and the API


def readable_changes(before: dict[str, Any], after: dict[str, Any]) -> list[Change]:
    """What changed between two versions, each field named in words and each value with its unit."""
    from gia.web.actions.submissions import diff_documents

    def index_of(document: dict[str, Any], company_id: str) -> int | None:
        return next(
            (i for i, c in enumerate(document.get("companies", [])) if c.get("id") == company_id), None
        )

    changes = []
    for path, old, new in diff_documents(before, after):
        place, document = path, after
        found = re.match(r"companies\.([^.\[]+)(.*)$", path)
        if found:
            company_id, rest = found.groups()
            index = index_of(after, company_id)
            if index is None:
                index, document = index_of(before, company_id), before
            place = f"companies[{index}]{rest}"
        changes.append(
            Change(
                labels.describe_place(place, document),
                labels.describe_value(place, old),
                labels.describe_value(place, new),
                path,
            )
        )
    return changes


@dataclass
class CriterionChange:
    criterion: str
    name: str
    before: str
    after: str
    points_before: float | None
    points_after: float | None


def assessment_changes(before: dict[str, Any], after: dict[str, Any]) -> list[CriterionChange]:
    """The criteria whose value or points differ between two assessments."""
    old = {c["id"]: c for c in before.get("criteria", [])}
    changed = []
    for criterion in after.get("criteria", []):
        previous = old.get(criterion["id"], {})
        if previous.get("value") == criterion.get("value") and previous.get("points") == criterion.get(
            "points"
        ):
            continue
        changed.append(
            CriterionChange(
                criterion["id"],
                criterion.get("name", ""),
                i18n.value(previous.get("value"), previous.get("unit", criterion.get("unit", ""))),
                i18n.value(criterion.get("value"), criterion.get("unit", "")),
                previous.get("points"),
                criterion.get("points"),
            )
        )
    return changed
