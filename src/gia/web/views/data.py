"""A reporting year: the workspace, the forms for the area and each company, Excel templates and
uploads, time-series files, submitting, and the versions with what changed between them."""

from __future__ import annotations

import io
from typing import Any

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gia.dataset.company import Company as CompanyRecord
from gia.dataset.io import submission_from_data
from gia.documents import validate
from gia.errors import GiaInputError
from gia.web import schemaform
from gia.web.actions import ActionError
from gia.web.actions.submissions import (
    company_entry,
    current_document,
    diff_documents,
    do_attach_series,
    do_save_area_data,
    do_save_company_data,
    do_submit,
    do_upload_area_workbook,
    do_upload_company_workbook,
    files_dir,
    latest_version,
)
from gia.web.forms import SubmitForm, UploadForm
from gia.web.models import Area, Company, Draft, SeriesFile, SubmissionVersion
from gia.web.permissions import can
from gia.web.views.common import problems, rule

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _year(year: int) -> int:
    if not 1990 <= year <= 2100:
        raise Http404
    return year


@rule("year.view", about="area")
def year_detail(request: HttpRequest, area: Area, year: int) -> HttpResponse:
    year = _year(year)
    document = current_document(area, year)
    filled = {c["id"]: len(c) > 4 for c in document["companies"]}
    return render(
        request,
        "gia/year.html",
        {
            "area": area,
            "year": year,
            "companies": [(c, filled.get(c.slug, False)) for c in area.companies.order_by("name")],
            "draft": Draft.objects.filter(area=area, year=year).first(),
            "versions": SubmissionVersion.objects.filter(area=area, year=year).order_by("-number"),
            "series": SeriesFile.objects.filter(area=area, year=year).order_by("name"),
            "submit_form": SubmitForm(),
            "upload_form": UploadForm(),
            "may_submit": can(request.user, "submission.submit", area),
        },
    )


def _form_page(
    request: HttpRequest,
    template_context: dict[str, Any],
    fields: list[schemaform.FormField],
    refused: list[tuple[str, str]] | None,
    prefix: str = "",
) -> HttpResponse:
    unplaced: list[str] = []
    if refused:
        unplaced = schemaform.attach_errors(fields, schemaform.errors_by_name(refused, prefix))
    return render(
        request,
        "gia/data_form.html",
        {**template_context, "fields": fields, "unplaced": unplaced, "refused": bool(refused)},
        status=400 if refused else 200,
    )


@rule("company_data.view", about="company")
def company_data(request: HttpRequest, area: Area, company: Company, year: int) -> HttpResponse:
    year = _year(year)
    editable = can(request.user, "company_data.edit", company)
    refused = None
    if request.method == "POST":
        if not editable:
            return HttpResponse(status=403)
        posted = schemaform.parse_post(CompanyRecord, request.POST)
        try:
            do_save_company_data(request.user, area, year, company, posted, _("form"))
        except GiaInputError as error:
            refused = error.problems
            data = posted
        else:
            messages.success(request, _("The company's data for {year} is saved.").format(year=year))
            return redirect("company_data", area=area.slug, company=company.slug, year=year)
    else:
        data = company_entry(area, year, company)
    fields = [
        f for f in schemaform.build(CompanyRecord, data) if f.key not in ("id", "name", "nace", "employees")
    ]
    return _form_page(
        request,
        {
            "area": area,
            "company": company,
            "year": year,
            "editable": editable,
            "title": _("{company}: data for {year}").format(company=company.name, year=year),
            "upload_form": UploadForm(),
        },
        fields,
        refused,
    )


AREA_KEYS = ("stage", "not_applicable", "exchanges", "hourly")


@rule("area_data.edit", about="area")
def area_data(request: HttpRequest, area: Area, year: int) -> HttpResponse:
    year = _year(year)
    refused = None
    from gia.dataset.submission import Submission

    if request.method == "POST":
        posted = schemaform.parse_post(Submission, request.POST)
        fields_data = {k: posted.get(k) for k in AREA_KEYS if k in posted}
        fields_data["area"] = posted.get("area", {})
        try:
            do_save_area_data(request.user, area, year, fields_data, _("form"))
        except GiaInputError as error:
            refused = [
                (p if p.startswith(("area", *AREA_KEYS)) else f"area.{p}", m) for p, m in error.problems
            ]
            data = posted
        else:
            messages.success(request, _("The area's data for {year} is saved.").format(year=year))
            return redirect("year_detail", area=area.slug, year=year)
    else:
        data = current_document(area, year)
    identity = ("id", "name", "country", "total_area_ha", "boundary", "management_entity")
    fields = []
    for item in schemaform.build(Submission, data):
        if item.key == "area":
            item.children = [c for c in item.children if c.key not in identity]
            fields.append(item)
        elif item.key in AREA_KEYS:
            fields.append(item)
    return _form_page(
        request,
        {
            "area": area,
            "year": year,
            "editable": True,
            "title": _("{area}: area data for {year}").format(area=area.name, year=year),
        },
        fields,
        refused,
    )


def _refused(request: HttpRequest, error: Exception, back: str, title: str) -> HttpResponse:
    """The page that says an upload or a submission was refused, with every problem and its place."""
    return render(
        request, "gia/refused.html", {"problems": problems(error), "back": back, "title": title}, status=400
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
        do_upload_area_workbook(request.user, area, _year(year), upload, upload.size, upload.name)
    except (GiaInputError, ActionError) as error:
        return _refused(request, error, target.url, _("The upload was refused; nothing was saved."))
    messages.success(request, _("The workbook is read: the year's data is replaced by it."))
    return target


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
    path = files_dir(area, year) / "series" / name
    if series is None or not path.is_file():
        raise Http404
    return FileResponse(
        path.open("rb"), as_attachment=True, filename=name, content_type="application/octet-stream"
    )


@require_POST
@rule("submission.submit", about="area")
def submit(request: HttpRequest, area: Area, year: int) -> HttpResponse:
    form = SubmitForm(request.POST)
    form.is_valid()
    try:
        version = do_submit(request.user, area, _year(year), form.cleaned_data.get("note", ""))
    except (GiaInputError, ActionError) as error:
        return _refused(
            request,
            error,
            redirect("year_detail", area=area.slug, year=year).url,
            _("The data cannot be submitted yet; nothing was saved."),
        )
    messages.success(request, _("Version {number} is submitted and assessed.").format(number=version.number))
    return redirect("dashboard", area=area.slug, year=year)


@rule("version.view", about="version")
def version_detail(request: HttpRequest, area: Area, year: int, version: SubmissionVersion) -> HttpResponse:
    previous = SubmissionVersion.objects.filter(area=area, year=year, number=version.number - 1).first()
    changes = diff_documents(previous.data(), version.data()) if previous else []
    return render(
        request,
        "gia/version.html",
        {
            "area": area,
            "year": year,
            "version": version,
            "previous": previous,
            "changes": changes,
            "latest": latest_version(area, year),
        },
    )


@rule("version.view", about="version")
def version_document(request: HttpRequest, area: Area, year: int, version: SubmissionVersion) -> HttpResponse:
    response = HttpResponse(version.document, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="gia-{area.slug}-{year}-v{version.number}.json"'
    return response
