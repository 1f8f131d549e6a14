"""A reporting year: the workspace, the forms for the area and each company, Excel templates and
uploads, time-series files, submitting, and the versions with what changed between them."""

from __future__ import annotations

import io
import uuid
from pathlib import Path

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gia import i18n
from gia.dataset import labels, sections
from gia.dataset.company import Company as CompanyRecord
from gia.dataset.io import submission_from_data
from gia.documents import validate
from gia.errors import GiaInputError
from gia.web import dataforms, files
from gia.web.actions import ActionError
from gia.web.actions.jobs import do_ask
from gia.web.actions.submissions import (
    check_file_name,
    check_upload_size,
    company_entry,
    current_document,
    do_attach_series,
    do_hand_over,
    do_save_area_section,
    do_save_company_section,
    do_upload_company_workbook,
    latest_version,
    saved_sections,
    submit_document,
)
from gia.web.forms import SubmitForm, UploadForm
from gia.web.models import (
    Area,
    AssessmentRecord,
    Company,
    Draft,
    Handover,
    Job,
    SeriesFile,
    SubmissionVersion,
)
from gia.web.permissions import can
from gia.web.progress import (
    area_progress,
    assessment_changes,
    blockers,
    company_progress,
    form_context,
    link_for,
    missing_words,
    previous_document,
    readable_changes,
    section_navigation,
    unchanged_since,
    year_progress,
)
from gia.web.views.common import problems, rule, without_server_paths

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _year(year: int) -> int:
    if not 1990 <= year <= 2100:
        raise Http404
    return year


@rule("year.view", about="area")
def year_detail(request: HttpRequest, area: Area, year: int) -> HttpResponse:
    year = _year(year)
    document = current_document(area, year)
    progress = year_progress(area, year, document)
    latest = latest_version(area, year)
    return render(
        request,
        "gia/year.html",
        {
            "area": area,
            "year": year,
            "progress": progress,
            "blockers": blockers(area, year, document),
            "draft": Draft.objects.filter(area=area, year=year).first(),
            "versions": SubmissionVersion.objects.filter(area=area, year=year).order_by("-number"),
            "series": SeriesFile.objects.filter(area=area, year=year).order_by("name"),
            "submit_form": SubmitForm(),
            "upload_form": UploadForm(),
            "may_submit": can(request.user, "submission.submit", area),
            "unchanged": latest is not None and unchanged_since(latest, document),
        },
    )


def _section_page(
    request: HttpRequest,
    *,
    scope: str,
    area: Area,
    year: int,
    slug: str,
    company: Company | None,
    editable: bool,
) -> HttpResponse:
    """One section of a year's data: shown, rows added or removed, saved (all or nothing)."""
    section = sections.section(scope, slug)  # type: ignore[arg-type]
    if section is None:
        raise Http404
    document = current_document(area, year)
    entry = next((c for c in document["companies"] if company and c["id"] == company.slug), {})
    data = entry if scope == "company" else document
    context = form_context(area, year, document, company)
    widgets = dataforms.build(section, data, context)
    problems: list[dataforms.Problem] = []
    status = 200
    anchor = ""
    here = (
        reverse(
            "company_section",
            kwargs={"area": area.slug, "year": year, "company": company.slug, "section": slug},
        )
        if company
        else reverse("area_section", kwargs={"area": area.slug, "year": year, "section": slug})
    )

    def describe(name: str) -> str:
        place = dataforms.place_of(name)
        return labels.describe_place(place, document, root=CompanyRecord if company else None)

    if request.method == "POST":
        if not editable:
            raise PermissionDenied
        if "_add" in request.POST or "_remove" in request.POST:
            dataforms.bind(widgets, request.POST)
            if "_add" in request.POST:
                anchor = dataforms.add_row(widgets, str(request.POST["_add"])) or ""
            else:
                anchor = dataforms.remove_row(widgets, str(request.POST["_remove"])) or ""
        else:
            values, unreadable = dataforms.parse(widgets, request.POST)
            errors = dict(unreadable)
            handed_over = (
                company is not None
                and Handover.objects.filter(area=area, year=year, company=company).exists()
            )
            if not errors:
                try:
                    if company is not None:
                        do_save_company_section(request.user, area, year, company, slug, values)
                    else:
                        do_save_area_section(request.user, area, year, slug, values)
                except GiaInputError as error:
                    for place, message in error.problems:
                        errors.setdefault(dataforms.input_name(place), message)
                else:
                    messages.success(
                        request,
                        _("“{section}” is saved.").format(section=section.title_text()),
                    )
                    if handed_over:
                        messages.warning(
                            request,
                            _(
                                "The data had been handed over to the area manager; after this change, hand it over again when you are done."
                            ),
                        )
                    following = _next_section(scope, slug)
                    # "#main" replaces a field's anchor the page was opened with (a browser keeps it otherwise)
                    if "_next" in request.POST and following is not None:
                        return redirect(here.rsplit("/", 2)[0] + f"/{following.slug}/#main")
                    return redirect(here + "#main")
            dataforms.bind(widgets, request.POST)
            problems = dataforms.attach_errors(widgets, errors, describe)
            status = 400
    saved = saved_sections(area, year).get(company.pk if company else None, set())
    before = previous_document(area, year)
    if company is not None and before is not None:
        before = next((c for c in before.get("companies", []) if c.get("id") == company.slug), None)
    state = sections.status(section, data, slug in saved, before)
    identity: list[tuple[str, str]] = []
    identity_url = ""
    if slug == "profile" and company is not None:
        identity = [
            (labels.label("Company", "name"), company.name),
            (labels.label("Company", "nace"), company.nace),
            (labels.label("Company", "employees"), i18n.number(company.employees)),
        ]
        if can(request.user, "company.edit", company):
            identity_url = reverse("company_edit", kwargs={"area": area.slug, "company": company.slug})
    elif slug == "profile":
        identity = [
            (labels.label("Area", "name"), area.name),
            (labels.label("Area", "country"), area.get_country_display()),
            (labels.label("Area", "total_area_ha"), f"{i18n.number(area.total_area_ha, 2)} ha"),
            (labels.label("Area", "management_entity"), area.management_name),
        ]
        if can(request.user, "area.edit", area):
            identity_url = reverse("area_edit", kwargs={"area": area.slug})
    return render(
        request,
        "gia/section.html",
        {
            "area": area,
            "year": year,
            "company": company,
            "section": section,
            "widgets": widgets,
            "problems": problems,
            "editable": editable,
            "state": state,
            "identity": identity,
            "identity_url": identity_url,
            "missing": missing_words(state, scope),
            "anchor": anchor,
            "unsaved": request.method == "POST",  # rows added or removed, or a refused save: not stored yet
            "navigation": section_navigation(area, year, document, company, slug),
            "following": _next_section(scope, slug),
        },
        status=status,
    )


def _next_section(scope: str, slug: str) -> sections.Section | None:
    ordered = sections.sections(scope)  # type: ignore[arg-type]
    position = next(i for i, s in enumerate(ordered) if s.slug == slug)
    return ordered[position + 1] if position + 1 < len(ordered) else None


@rule("company_data.view", about="company")
def company_section(
    request: HttpRequest, area: Area, company: Company, year: int, section: str
) -> HttpResponse:
    return _section_page(
        request,
        scope="company",
        area=area,
        year=_year(year),
        slug=section,
        company=company,
        editable=can(request.user, "company_data.edit", company),
    )


@rule("year.view", about="area")
def area_section(request: HttpRequest, area: Area, year: int, section: str) -> HttpResponse:
    return _section_page(
        request,
        scope="area",
        area=area,
        year=_year(year),
        slug=section,
        company=None,
        editable=can(request.user, "area_data.edit", area),
    )


@rule("company_data.view", about="company")
def company_data(request: HttpRequest, area: Area, company: Company, year: int) -> HttpResponse:
    """A company's data for the year: its sections and how far each is, Excel, and the hand-over."""
    year = _year(year)
    document = current_document(area, year)
    progress = company_progress(area, year, document, company)
    return render(
        request,
        "gia/company_data.html",
        {
            "area": area,
            "company": company,
            "year": year,
            "progress": progress,
            "editable": can(request.user, "company_data.edit", company),
            "handover": Handover.objects.filter(area=area, year=year, company=company)
            .select_related("by")
            .first(),
            "upload_form": UploadForm(),
            "latest": latest_version(area, year),
        },
    )


@require_POST
@rule("company_data.edit", about="company")
def company_handover(request: HttpRequest, area: Area, company: Company, year: int) -> HttpResponse:
    year = _year(year)
    progress = company_progress(area, year, current_document(area, year), company)
    if not progress.done:
        messages.error(request, _("Complete every section before handing the data over."))
    else:
        do_hand_over(request.user, area, year, company)
        messages.success(request, _("The data is handed over to the area manager."))
    return redirect("company_data", area=area.slug, company=company.slug, year=year)


@rule("year.view", about="area")
def area_data(request: HttpRequest, area: Area, year: int) -> HttpResponse:
    """The area's own data for the year: its sections and how far each is."""
    year = _year(year)
    document = current_document(area, year)
    return render(
        request,
        "gia/area_data.html",
        {
            "area": area,
            "year": year,
            "progress": area_progress(area, year, document),
            "latest": latest_version(area, year),
            "editable": can(request.user, "area_data.edit", area),
            "may_edit_area": can(request.user, "area.edit", area),
        },
    )


def refusal_items(
    error: Exception, area: Area | None = None, year: int | None = None
) -> list[tuple[str, str, str]]:
    """Every problem of a refused upload or submission with its place: a place in the year's data in
    words, with a link to the field where it is entered."""
    items: list[tuple[str, str, str]] = []
    if area is not None and year is not None and isinstance(error, GiaInputError):
        document = current_document(area, year)
        for place, message in error.problems:
            if labels.PLACE_PATTERN.fullmatch(place.split(" (line")[0]) or place in (
                "stage",
                "reporting_year",
            ):
                items.append(
                    (
                        labels.describe_place(place, document),
                        labels.humanise(message, document),
                        link_for(area, year, document, place),
                    )
                )
            else:
                items.append(
                    (
                        without_server_paths(place or error.source),  # a file's problem: the file
                        labels.humanise(without_server_paths(message), document),
                        "",
                    )
                )
    else:
        items = [(place, message, "") for place, message in problems(error)]
    return items


def _refused(
    request: HttpRequest,
    error: Exception,
    back: str,
    title: str,
    area: Area | None = None,
    year: int | None = None,
) -> HttpResponse:
    """The page that says an upload or a submission was refused, with every problem and its place."""
    return render(
        request,
        "gia/refused.html",
        {"problems": refusal_items(error, area, year), "back": back, "title": title},
        status=400,
    )


def _xlsx(content: bytes, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@rule("company_data.view", about="company")
def company_template(request: HttpRequest, area: Area, company: Company, year: int) -> HttpResponse:
    """The company's Excel template, filled with what is entered so far."""
    from gia.io.excel import write_template

    entry = validate(CompanyRecord, company_entry(area, _year(year), company), "draft")
    buffer = io.BytesIO()
    write_template(
        buffer, scope="company", company=entry, company_id=company.slug, language=request.LANGUAGE_CODE
    )
    return _xlsx(buffer.getvalue(), f"gia-{area.slug}-{company.slug}-{year}.xlsx")


@require_POST
@rule("company_data.edit", about="company")
def company_upload(request: HttpRequest, area: Area, company: Company, year: int) -> HttpResponse:
    form = UploadForm(request.POST, request.FILES)
    target = redirect("company_data", area=area.slug, company=company.slug, year=year)
    if not form.is_valid():
        messages.error(request, _("Choose the filled-in Excel file to upload."))
        return target
    upload = form.cleaned_data["file"]
    try:
        do_upload_company_workbook(request.user, area, _year(year), company, upload, upload.size, upload.name)
    except (GiaInputError, ActionError) as error:
        return _refused(request, error, target.url, _("The upload was refused; nothing was saved."))
    messages.success(request, _("The workbook is read and the company's data saved."))
    return target


@rule("year.view", about="area")
def area_template(request: HttpRequest, area: Area, year: int) -> HttpResponse:
    """The whole year as an Excel workbook: filled in when the year's data is complete, blank otherwise."""
    from gia.io.excel import write_template

    try:
        submission = submission_from_data(current_document(area, _year(year)), "draft")
    except GiaInputError:
        submission = None
    buffer = io.BytesIO()
    write_template(buffer, scope="area", submission=submission, language=request.LANGUAGE_CODE)
    return _xlsx(buffer.getvalue(), f"gia-{area.slug}-{year}.xlsx")


@require_POST
@rule("submission.submit", about="area")
def area_upload(request: HttpRequest, area: Area, year: int) -> HttpResponse:
    form = UploadForm(request.POST, request.FILES)
    target = redirect("year_detail", area=area.slug, year=year)
    if not form.is_valid():
        messages.error(request, _("Choose the filled-in Excel file to upload."))
        return target
    upload = form.cleaned_data["file"]
    try:
        check_upload_size(upload.name, upload.size)
        check_file_name(Path(upload.name).name, 200)
        stored = files.area_name(area.slug, _year(year), "uploads", f"{uuid.uuid4().hex}.xlsx")
        files.save(stored, upload)
    except (GiaInputError, ActionError) as error:
        return _refused(request, error, target.url, _("The upload was refused; nothing was saved."))
    # reading a whole year's workbook (every company, every sheet) is a job
    job = do_ask(
        request.user,
        Job.Kind.IMPORT,
        {"file": stored, "name": Path(upload.name).name, "size": upload.size},
        area=area,
        year=_year(year),
        language=request.LANGUAGE_CODE,
    )
    if job.state == Job.State.DONE:
        messages.success(request, _("The workbook is read: the year's data is replaced by it."))
        return target
    if job.state == Job.State.FAILED and not job.error.get("retry", True):  # read at once and refused
        pairs = [(str(place), str(message)) for place, message in job.error.get("problems", [])]
        refused = GiaInputError(job.error.get("source") or upload.name, pairs)
        return _refused(request, refused, target.url, job.error.get("title", ""))
    return redirect("job", job=job.pk)


@require_POST
@rule("series.upload", about="area")
def series_upload(request: HttpRequest, area: Area, year: int) -> HttpResponse:
    form = UploadForm(request.POST, request.FILES)
    target = redirect("year_detail", area=area.slug, year=year)
    if not form.is_valid():
        messages.error(request, _("Choose a CSV or Parquet file."))
        return target
    upload = form.cleaned_data["file"]
    try:
        do_attach_series(request.user, area, _year(year), upload, upload.size, upload.name)
    except (GiaInputError, ActionError) as error:
        return _refused(request, error, target.url, _("The file was refused; nothing was saved."))
    messages.success(request, _("The file is attached. Name it in the area data's hourly section."))
    return target


@rule("series.download", about="area")
def series_download(request: HttpRequest, area: Area, year: int, name: str) -> FileResponse:
    series = SeriesFile.objects.filter(area=area, year=_year(year), name=name).first()
    stored = files.area_name(area.slug, year, "series", name)
    if series is None or not files.exists(stored):
        raise Http404
    return FileResponse(
        files.open_file(stored), as_attachment=True, filename=name, content_type="application/octet-stream"
    )


@require_POST
@rule("submission.submit", about="area")
def submit(request: HttpRequest, area: Area, year: int) -> HttpResponse:
    """Submitting is a job: the data as they are now go to a worker, the page follows its steps."""
    form = SubmitForm(request.POST)
    form.is_valid()
    try:
        document = submit_document(area, _year(year))
    except (GiaInputError, ActionError) as error:
        return _refused(
            request,
            error,
            redirect("year_detail", area=area.slug, year=year).url,
            _("The data cannot be submitted yet; everything entered so far is kept."),
            area,
            year,
        )
    job = do_ask(
        request.user,
        Job.Kind.SUBMIT,
        {"document": document, "note": form.cleaned_data.get("note", "")},
        area=area,
        year=_year(year),
        language=request.LANGUAGE_CODE,
    )
    return redirect("job", job=job.pk)


@rule("version.view", about="version")
def version_detail(request: HttpRequest, area: Area, year: int, version: SubmissionVersion) -> HttpResponse:
    previous = SubmissionVersion.objects.filter(area=area, year=year, number=version.number - 1).first()
    changes = readable_changes(previous.data(), version.data()) if previous else []
    effect = None
    if previous is not None:
        from gia.web.views.public import level_names

        language = request.LANGUAGE_CODE
        names = level_names(language)
        before, after = (AssessmentRecord.objects.of(v, language) for v in (previous, version))
        if before is not None and after is not None:
            effect = {
                "level_before": names.get(before.level) if before.level else None,
                "level_after": names.get(after.level) if after.level else None,
                "fulfilment_before": before.total_fulfilment,
                "fulfilment_after": after.total_fulfilment,
                "criteria": assessment_changes(before.summary_in(language), after.summary_in(language)),
            }
    return render(
        request,
        "gia/version.html",
        {
            "area": area,
            "year": year,
            "version": version,
            "previous": previous,
            "changes": changes,
            "effect": effect,
            "latest": latest_version(area, year),
        },
    )


@rule("version.view", about="version")
def version_document(request: HttpRequest, area: Area, year: int, version: SubmissionVersion) -> HttpResponse:
    response = HttpResponse(version.document, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="gia-{area.slug}-{year}-v{version.number}.json"'
    return response
