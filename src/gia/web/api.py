"""The REST API (django-ninja; OpenAPI at /api/docs): the same rules as the pages.

Machine clients send ``Authorization: Bearer <token>`` (tokens are made on the "API tokens" page);
a signed-in browser session works too (its writes carry the CSRF token). Every operation checks its
rule with :func:`gia.web.permissions.can`; anonymous callers get 401, callers without the rule 403,
and an area one may not see is "not found" (404) like one that does not exist. Every status an
operation may answer is in the OpenAPI schema with the shape of its body (``ERRORS``).
"""

from __future__ import annotations

import json
import uuid
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Schema
from ninja.openapi.docs import Swagger
from ninja.responses import Status
from ninja.security import APIKeyCookie, HttpBearer

from gia import i18n
from gia.dataset import json_schema
from gia.documents import load_json
from gia.errors import GiaInputError
from gia.web.actions import ActionError
from gia.web.actions.accounts import user_for_token
from gia.web.actions.jobs import do_ask
from gia.web.models import Area, AssessmentRecord, Company, Job, SubmissionVersion
from gia.web.permissions import assessment_for, can, may_know, roles
from gia.web.views.common import without_server_paths
from gia.web.views.public import certified, level_names, public_summary


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        user = user_for_token(token)
        if user is not None:
            request.user = user
        return user


class SessionAuth(APIKeyCookie):
    """A signed-in browser (Django's session cookie); CSRF is checked for writes."""

    param_name = settings.SESSION_COOKIE_NAME

    def _get_key(self, request: HttpRequest) -> str | None:
        # no signed-in session: nothing to check the CSRF token for, the caller is anonymous (401)
        if not request.user.is_authenticated:
            return None
        return super()._get_key(request)

    def authenticate(self, request: HttpRequest, key: str | None) -> User | None:
        return request.user if request.user.is_authenticated else None


class VendoredSwagger(Swagger):
    """Swagger UI from the vendored ``swagger-ui-dist`` (``static/vendor/swagger-ui-dist-<version>``), so
    that ``/api/docs`` works offline: the page refers only to this site's static files."""

    template = "gia/api_docs.html"

    def render_page(self, request: HttpRequest, api: NinjaAPI, **kwargs: Any) -> HttpResponse:
        swagger_settings = {**self.settings, "url": self.get_openapi_url(api, kwargs)}
        context = {
            "swagger_settings": json.dumps(swagger_settings),
            "api": api,
            "add_csrf": any(getattr(auth, "csrf", False) for auth in api.auth or ()),  # type: ignore[union-attr]
        }
        return render(request, self.template, context)


api = NinjaAPI(
    title="GIA API",
    version="1",
    urls_namespace="api-1",
    description="Areas, companies, submissions, assessments and the public registry of GIA.",
    auth=[TokenAuth(), SessionAuth()],
    docs_url="/docs",
    docs=VendoredSwagger(settings={"validatorUrl": None}),
)


@api.exception_handler(PermissionDenied)
def _denied(request: HttpRequest, exc: Exception):  # type: ignore[no-untyped-def]
    return api.create_response(request, {"detail": _("You are not allowed to do this.")}, status=403)


@api.exception_handler(GiaInputError)
def _bad_input(request: HttpRequest, exc: GiaInputError):  # type: ignore[no-untyped-def]
    return api.create_response(
        request,
        {
            "detail": _("The input was refused; nothing was saved."),
            "source": without_server_paths(exc.source),
            "problems": [
                {"place": without_server_paths(p), "message": without_server_paths(m)}
                for p, m in exc.problems
            ],
        },
        status=422,
    )


@api.exception_handler(ActionError)
def _refused(request: HttpRequest, exc: ActionError):  # type: ignore[no-untyped-def]
    return api.create_response(request, {"detail": exc.message, "place": exc.place}, status=409)


class Problem(Schema):
    """Why a request was refused (401, 403, 404)."""

    detail: str


class Refusal(Schema):
    """A step the workflow does not allow now (409), and where."""

    detail: str
    place: str


class Place(Schema):
    place: str
    message: str


class InputRefused(Schema):
    """Input refused (422): the document's problems, each with its place; or the request's parameters
    that did not validate (``detail`` is then the list of them)."""

    detail: str | list[dict[str, Any]]
    source: str | None = None
    problems: list[Place] | None = None


#: the refusals every operation behind a rule may answer
ERRORS: dict[int, Any] = {401: Problem, 403: Problem, 404: Problem, 422: InputRefused}


class Unknown(Schema):
    number: str
    status: str


SUBMISSION_BODY = {
    "required": True,
    "content": {
        "application/json": {
            "schema": {
                "type": "object",
                "title": "gia-submission/1",
                "description": (
                    "A whole reporting year of an area: the area, its companies, their energy, emissions, "
                    "materials, water and land, the exchanges between them. The full JSON Schema is at "
                    "/api/schemas/submission; an optional top-level 'note' (text) describes the version."
                ),
                "required": ["schema", "reporting_year", "area", "companies"],
                "properties": {
                    "schema": {"type": "string", "enum": ["gia-submission/1"]},
                    "reporting_year": {"type": "integer"},
                    "area": {"type": "object"},
                    "companies": {"type": "array", "items": {"type": "object"}},
                    "note": {"type": "string"},
                },
                "additionalProperties": True,
            }
        }
    },
}


class AreaOut(Schema):
    id: str
    name: str
    country: str
    total_area_ha: float
    latitude: float
    longitude: float
    boundary: dict[str, Any]


class CompanyOut(Schema):
    id: str
    name: str
    nace: str
    employees: int


class VersionOut(Schema):
    year: int
    version: int
    sha256: str
    submitted: str
    note: str


class JobError(Schema):
    title: str
    source: str = ""
    problems: list[Place] = []


class JobOut(Schema):
    """A job: waiting, running (step n of steps, in words), done (its result) or failed (why)."""

    id: str
    kind: str
    state: str
    step: str
    step_number: int
    steps: int
    percent: int
    attempts: int
    created: str
    finished: str | None
    result: dict[str, Any]
    error: JobError | None


class RegistryEntry(Schema):
    certificate: str
    area: str
    name: str
    country: str
    level: str
    level_name: str
    valid_from: str
    valid_to: str
    total_fulfilment: float | None


def _area_out(area: Area) -> dict[str, Any]:
    return {
        "id": area.slug,
        "name": area.name,
        "country": area.country,
        "total_area_ha": area.total_area_ha,
        "latitude": area.latitude,
        "longitude": area.longitude,
        "boundary": area.boundary,
    }


def _visible(request: HttpRequest, found: Any, permission: str) -> Any:
    """``found`` if the caller may do ``permission`` on it; 404 if they may not know it exists, else 403."""
    if not can(request.user, permission, found):
        if not may_know(request.user, found):
            raise Http404
        raise PermissionDenied
    return found


def _area(request: HttpRequest, slug: str, permission: str) -> Area:
    return _visible(request, get_object_or_404(Area, slug=slug), permission)


@api.get(
    "/areas", response={200: list[AreaOut], 401: Problem, 403: Problem}, url_name="api_areas", summary="Areas you may see"
)
def areas(request: HttpRequest) -> list[dict[str, Any]]:
    visible = roles(request.user).visible_area_ids()
    rows = Area.objects.all() if visible is None else Area.objects.filter(pk__in=visible)
    return [_area_out(a) for a in rows.order_by("slug")]


@api.get("/areas/{area}", response={200: AreaOut, **ERRORS}, url_name="api_area")
def area_detail(request: HttpRequest, area: str) -> dict[str, Any]:
    return _area_out(_area(request, area, "area.view"))


@api.get("/areas/{area}/companies", response={200: list[CompanyOut], **ERRORS}, url_name="api_companies")
def companies(request: HttpRequest, area: str) -> list[dict[str, Any]]:
    found = _area(request, area, "area.view")
    return [
        {"id": c.slug, "name": c.name, "nace": c.nace, "employees": c.employees}
        for c in found.companies.order_by("slug")
        if can(request.user, "company.view", c)
    ]


@api.get("/areas/{area}/companies/{company}", response={200: CompanyOut, **ERRORS}, url_name="api_company")
def company_detail(request: HttpRequest, area: str, company: str) -> dict[str, Any]:
    found = _visible(request, get_object_or_404(Company, area__slug=area, slug=company), "company.view")
    return {"id": found.slug, "name": found.name, "nace": found.nace, "employees": found.employees}


@api.get("/areas/{area}/submissions", response={200: list[VersionOut], **ERRORS}, url_name="api_submissions")
def submissions(request: HttpRequest, area: str) -> list[dict[str, Any]]:
    found = _area(request, area, "version.view")
    return [
        {
            "year": v.year,
            "version": v.number,
            "sha256": v.sha256,
            "submitted": v.submitted.isoformat(),
            "note": v.note,
        }
        for v in SubmissionVersion.objects.filter(area=found).order_by("year", "number")
    ]


@api.post(
    "/areas/{area}/submissions/{year}",
    response={202: JobOut, 413: InputRefused, **ERRORS},
    url_name="api_submit",
    openapi_extra={"requestBody": SUBMISSION_BODY},
)
def submit(request: HttpRequest, response: HttpResponse, area: str, year: int) -> Status[dict[str, Any]]:
    """Upload a whole year as a gia-submission/1 JSON document: it is checked, submitted and assessed
    by a job. The answer (202) is the job, and ``Location`` its address: poll it until it is ``done``
    (``result.version``) or ``failed`` (``error.problems``, each with its place)."""
    found = _area(request, area, "submission.submit")
    if len(request.body) > settings.GIA_MAX_UPLOAD_BYTES:
        raise GiaInputError(
            _("request"),
            [
                (
                    "",
                    _("the document is larger than {limit} MB").format(
                        limit=round(settings.GIA_MAX_UPLOAD_BYTES / 1e6)
                    ),
                )
            ],
        )
    try:
        document = load_json(request.body.decode("utf-8"), _("request"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise GiaInputError(_("request"), [("", _("not JSON: {error}").format(error=error))]) from None
    if not isinstance(document, dict):
        raise GiaInputError(_("request"), [("", _("the document must be a JSON object"))])
    # checking, assessing and storing are a job: the answer names it at once (202, Location); the
    # draft is replaced only if the submission is taken
    job = do_ask(
        request.user,
        Job.Kind.SUBMIT,
        {
            "document": document,
            "note": document.get("note", "") if isinstance(document.get("note"), str) else "",
            "replace_draft": True,
        },
        area=found,
        year=year,
        language=i18n.language(),
    )
    response["Location"] = reverse("api-1:api_job", kwargs={"job": job.pk})
    return Status(202, job_out(job))


@api.post(
    "/areas/{area}/submissions/{year}/{version}/report",
    response={202: JobOut, **ERRORS},
    url_name="api_report",
)
def report(
    request: HttpRequest, response: HttpResponse, area: str, year: int, version: int, lang: str = "", annex: bool = False
) -> Status[dict[str, Any]]:
    """Ask for the version's PDF report in ``lang`` (else the language ``Accept-Language`` asks for;
    ``annex=true`` adds the chain of every criterion). It is printed by a job (once; later asks are done
    at once): poll the job at ``Location`` until it is ``done``, then fetch ``result.file_url``."""
    found = _area(request, area, "version.view")
    row = _visible(request, get_object_or_404(SubmissionVersion, area=found, year=year, number=version), "report.download")
    job = do_ask(
        request.user,
        Job.Kind.REPORT,
        {"version": row.pk, "annex": annex},
        area=found,
        year=year,
        language=_language(request, lang),
    )
    response["Location"] = reverse("api-1:api_job", kwargs={"job": job.pk})
    return Status(202, job_out(job))


@api.get("/jobs/{job}/file", response={200: None, **ERRORS}, url_name="api_job_file")
def job_file(request: HttpRequest, job: uuid.UUID) -> FileResponse:
    """The file a done job made (a PDF report, a roadmap as JSON, a re-assessment as CSV), for its asker
    while they may still see what it was made from."""
    from gia.web.views.jobs import file_response

    found = Job.objects.select_related("area").filter(pk=job).first()
    if found is None or not can(request.user, "job.view", found):
        raise Http404
    return file_response(request.user, found)


def job_out(job: Job) -> dict[str, Any]:
    # the file store's own names stay inside; the file is fetched from its address
    result: dict[str, Any] = {k: v for k, v in job.result.items() if k not in ("file", "html", "areas_done")}
    if job.state == Job.State.DONE and job.result.get("file"):
        result["file_url"] = reverse("api-1:api_job_file", kwargs={"job": job.pk})
    if job.kind == Job.Kind.SUBMIT and job.state == Job.State.DONE and job.area is not None:
        result["url"] = reverse(
            "api-1:api_version", kwargs={"area": job.area.slug, "year": job.year, "version": result["version"]}
        )
    error = None
    if job.state == Job.State.FAILED:
        error = {
            "title": job.error.get("title", ""),
            "source": without_server_paths(job.error.get("source", "")),
            "problems": [
                {"place": without_server_paths(str(p)), "message": without_server_paths(str(m))}
                for p, m in job.error.get("problems", [])
            ],
        }
    return {
        "id": str(job.pk),
        "kind": job.kind,
        "state": job.state,
        "step": _(job.step) if job.step else "",
        "step_number": job.step_number,
        "steps": job.steps,
        "percent": job.percent,
        "attempts": job.attempts,
        "created": job.created.isoformat(),
        "finished": job.finished.isoformat() if job.finished else None,
        "result": result,
        "error": error,
    }


@api.get("/jobs/{job}", response={200: JobOut, **ERRORS}, url_name="api_job")
def job(request: HttpRequest, job: uuid.UUID) -> dict[str, Any]:
    """A job you asked for (another's is not found): poll it until ``state`` is ``done`` or ``failed``."""
    found = Job.objects.select_related("area").filter(pk=job).first()
    if found is None or not can(request.user, "job.view", found):
        raise Http404
    return job_out(found)


@api.get("/areas/{area}/submissions/{year}/{version}", response={200: dict[str, Any], **ERRORS}, url_name="api_version")
def version_document(request: HttpRequest, area: str, year: int, version: int) -> dict[str, Any]:
    found = _area(request, area, "version.view")
    row = get_object_or_404(SubmissionVersion, area=found, year=year, number=version)
    return row.data()


def _language(request: HttpRequest, asked: str) -> str:
    """``?lang=`` when it names a language GIA speaks, else the one ``Accept-Language`` chose."""
    return asked if asked in i18n.LANGUAGES else (request.LANGUAGE_CODE or "en")


@api.get("/areas/{area}/assessments/{year}", response={200: dict[str, Any], **ERRORS}, url_name="api_assessment")
def assessment(request: HttpRequest, area: str, year: int, lang: str = "") -> dict[str, Any]:
    """The latest version's assessment for the year (without provenance chains; the pages show those), its
    texts in ``lang`` or else the language the request's ``Accept-Language`` asks for."""
    lang = _language(request, lang)
    found = _area(request, area, "dashboard.view")
    version = SubmissionVersion.objects.filter(area=found, year=year).order_by("-number").first()
    if version is None:
        raise Http404
    record = AssessmentRecord.objects.of(version, lang)
    return {"version": version.number, **assessment_for(request.user, found, record.summary_in(lang))}


@api.get("/registry", response={200: list[RegistryEntry]}, auth=None, url_name="api_registry")
def registry(
    request: HttpRequest, country: str = "", level: str = "", lang: str = ""
) -> list[dict[str, Any]]:
    names = level_names(_language(request, lang))
    return [
        {
            "certificate": c.number,
            "area": c.area.slug,
            "name": c.area.name,
            "country": c.area.country,
            "level": c.level,
            "level_name": names.get(c.level, c.level),
            "valid_from": c.valid_from.isoformat(),
            "valid_to": c.valid_to.isoformat(),
            "total_fulfilment": public_summary(c, "en")["total_fulfilment"],
        }
        for c in certified()
        if (not country or c.area.country == country) and (not level or c.level == level)
    ]


@api.get(
    "/verify/{number}",
    response={200: dict[str, Any], 404: Unknown},
    auth=None,
    url_name="api_verify",
    summary="Is this certificate valid?",
)
def verify(request: HttpRequest, number: str) -> Any:
    """valid, suspended, withdrawn or expired — and what the certificate certifies."""
    from gia.web.views.certification import verify_json

    return verify_json(number)


@api.get("/schemas/submission", response={200: dict[str, Any]}, auth=None, url_name="api_submission_schema")
def submission_schema(request: HttpRequest) -> dict[str, Any]:
    """The JSON Schema of a gia-submission/1 document (the body of a submission), as ``gia schema`` prints it."""
    return json_schema()
