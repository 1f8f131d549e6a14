"""The certification workflow's pages: apply, check, audit, recommend, decide; certificates after it;
public verification. Each POST calls one action; a refused step says why and changes nothing."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.models import User
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from gia.errors import GiaInputError
from gia.web.actions import ActionError, certificates
from gia.web.actions import certification as workflow
from gia.web.models import (
    Application,
    Area,
    Certificate,
    CriterionReview,
    Evidence,
    Finding,
    Role,
    SubmissionVersion,
)
from gia.web.models.areas import COUNTRIES
from gia.web.permissions import PUBLIC, can
from gia.web.views.common import rule
from gia.web.views.public import level_names, public_name


def _back(application: Application) -> HttpResponse:
    return redirect("application_detail", application=application.pk)


def _run(request: HttpRequest, step: Callable[[], Any], done: str, back: HttpResponse) -> HttpResponse:
    """Run one action; say what happened, or why nothing happened."""
    try:
        step()
    except ActionError as error:
        messages.error(request, f"{error.place}: {error.message}" if error.place else error.message)
    except GiaInputError as error:
        for place, message in error.problems:
            messages.error(
                request, f"{error.source}: {place}: {message}" if place else f"{error.source}: {message}"
            )
    else:
        messages.success(request, done)
    return back


class ApplyForm(forms.Form):
    stage = forms.ChoiceField(label=gettext_lazy("stage"), choices=Application.Stage.choices)
    version = forms.ModelChoiceField(
        label=gettext_lazy("submitted data"), queryset=SubmissionVersion.objects.none()
    )

    def __init__(self, *args: Any, area: Area, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["version"].queryset = SubmissionVersion.objects.filter(area=area).order_by(
            "-year", "-number"
        )
        self.fields["version"].label_from_instance = lambda v: _("{year}, version {number}").format(
            year=v.year, number=v.number
        )


@rule("certification.view", about="area")
def certification(request: HttpRequest, area: Area) -> HttpResponse:
    return render(
        request,
        "gia/certification.html",
        {
            "area": area,
            "applications": Application.objects.filter(area=area).select_related("version", "auditor"),
            "certificates": Certificate.objects.filter(area=area),
            "form": ApplyForm(area=area),
            "may_apply": can(request.user, "certification.apply", area),
            "today": timezone.localdate(),
            "level_names": level_names(request.LANGUAGE_CODE),
        },
    )


@require_POST
@rule("certification.apply", about="area")
def certification_apply(request: HttpRequest, area: Area) -> HttpResponse:
    form = ApplyForm(request.POST, area=area)
    if not form.is_valid():
        messages.error(request, _("Choose the stage and the submitted data to apply with."))
        return redirect("certification", area=area.slug)
    try:
        application = workflow.do_apply(
            request.user, area, form.cleaned_data["stage"], form.cleaned_data["version"]
        )
    except ActionError as error:
        messages.error(request, error.message)
        return redirect("certification", area=area.slug)
    messages.success(request, _("The application is sent to the certification body."))
    return _back(application)


def _auditors() -> Any:
    return User.objects.filter(memberships__role=Role.AUDITOR, is_active=True).distinct().order_by("username")


@rule("application.view", about="application")
def application_detail(request: HttpRequest, application: Application) -> HttpResponse:
    user = request.user
    summary = application.version.assessments.get(language="en").summary
    names = {
        c["id"]: c
        for c in (
            application.version.assessments.filter(language=request.LANGUAGE_CODE).first()
            or application.version.assessments.get(language="en")
        ).summary["criteria"]
    }
    reviews = {r.criterion: r for r in application.reviews.all()}
    rows = [
        {"criterion": c, "name": names.get(c["id"], c)["name"], "review": reviews.get(c["id"])}
        for c in summary["criteria"]
    ]
    return render(
        request,
        "gia/application.html",
        {
            "application": application,
            "area": application.area,
            "rows": rows,
            "findings": application.findings.all(),
            "evidence": application.evidence.all(),
            "auditors": _auditors(),
            "levels": list(level_names(request.LANGUAGE_CODE).items()),
            "level_names": level_names(request.LANGUAGE_CODE),
            "versions": SubmissionVersion.objects.filter(area=application.area).order_by("-year", "-number"),
            "verdicts": CriterionReview.Verdict.choices,
            "severities": Finding.Severity.choices,
            "assessed_level": summary["level"]["level"],
            "may": {
                "respond": can(user, "application.respond", application),
                "audit": can(user, "application.audit", application),
                "decide": can(user, "application.decide", application),
            },
            "state": application.state,
            "default_deadline": timezone.localdate() + dt.timedelta(days=30),
        },
    )


@require_POST
@rule("application.decide", about="application")
def application_check(request: HttpRequest, application: Application) -> HttpResponse:
    return _run(
        request,
        lambda: workflow.do_check_completeness(request.user, application),
        _("Completeness checked."),
        _back(application),
    )


@require_POST
@rule("application.decide", about="application")
def application_assign(request: HttpRequest, application: Application) -> HttpResponse:
    auditor = _auditors().filter(pk=request.POST.get("auditor") or 0).first()
    if auditor is None:
        messages.error(request, _("Choose an auditor."))
        return _back(application)
    return _run(
        request,
        lambda: workflow.do_assign_auditor(request.user, application, auditor),
        _("The auditor is assigned."),
        _back(application),
    )


def _number(text: str) -> float | None:
    text = (text or "").strip().replace(",", ".")
    if not text:
        return None
    try:
        return float(text)
    except ValueError:
        raise ActionError(_("Enter a number (a share as a fraction, e.g. 0.55)."), "value") from None


@require_POST
@rule("application.audit", about="application")
def application_review(request: HttpRequest, application: Application) -> HttpResponse:
    post = request.POST
    return _run(
        request,
        lambda: workflow.do_review_criterion(
            request.user,
            application,
            post.get("criterion", ""),
            post.get("verdict", ""),
            _number(post.get("value", "")),
            post.get("reason", ""),
        ),
        _("The review of {criterion} is saved.").format(criterion=post.get("criterion", "")),
        _back(application),
    )


@require_POST
@rule("application.audit", about="application")
def application_finding(request: HttpRequest, application: Application) -> HttpResponse:
    post = request.POST
    try:
        deadline = dt.date.fromisoformat(post.get("deadline", ""))
    except ValueError:
        messages.error(request, _("deadline: enter a date (YYYY-MM-DD)."))
        return _back(application)
    return _run(
        request,
        lambda: workflow.do_raise_finding(
            request.user,
            application,
            post.get("severity", ""),
            post.get("text", ""),
            deadline,
            post.get("criterion", ""),
        ),
        _("The finding is raised."),
        _back(application),
    )


@require_POST
@rule("application.respond", about="application")
def finding_answer(request: HttpRequest, application: Application, finding: Finding) -> HttpResponse:
    return _run(
        request,
        lambda: workflow.do_answer_finding(request.user, finding, request.POST.get("corrective_action", "")),
        _("Your answer is sent to the auditor."),
        _back(application),
    )


@require_POST
@rule("application.audit", about="application")
def finding_close(request: HttpRequest, application: Application, finding: Finding) -> HttpResponse:
    return _run(
        request,
        lambda: workflow.do_close_finding(request.user, finding),
        _("The finding is closed."),
        _back(application),
    )


@require_POST
@rule("application.respond", about="application")
def evidence_upload(request: HttpRequest, application: Application) -> HttpResponse:
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, _("Choose a file."))
        return _back(application)
    return _run(
        request,
        lambda: workflow.do_upload_evidence(
            request.user,
            application,
            request.POST.get("criterion", ""),
            upload,
            upload.size,
            upload.name,
            upload.content_type,
        ),
        _("The evidence is kept."),
        _back(application),
    )


@rule("application.view", about="application")
def evidence_download(request: HttpRequest, application: Application, evidence: Evidence) -> FileResponse:
    path = workflow.evidence_path(evidence)
    if not path.is_file():
        raise Http404
    response = FileResponse(
        path.open("rb"), as_attachment=True, filename=evidence.name, content_type="application/octet-stream"
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_POST
@rule("application.audit", about="application")
def application_recommend(request: HttpRequest, application: Application) -> HttpResponse:
    post = request.POST
    return _run(
        request,
        lambda: workflow.do_recommend(
            request.user,
            application,
            post.get("recommendation", ""),
            post.get("level", ""),
            post.get("note", ""),
        ),
        _("The recommendation is sent to the certification body."),
        _back(application),
    )


@require_POST
@rule("application.decide", about="application")
def application_decide(request: HttpRequest, application: Application) -> HttpResponse:
    post = request.POST
    return _run(
        request,
        lambda: workflow.do_decide(
            request.user, application, post.get("decision", ""), post.get("level", ""), post.get("note", "")
        ),
        _("The decision is recorded."),
        _back(application),
    )


@require_POST
@rule("application.respond", about="application")
def application_resubmit(request: HttpRequest, application: Application) -> HttpResponse:
    version = SubmissionVersion.objects.filter(
        area=application.area, pk=request.POST.get("version") or 0
    ).first()
    if version is None:
        messages.error(request, _("Choose the submitted data to resubmit with."))
        return _back(application)
    return _run(
        request,
        lambda: workflow.do_resubmit(request.user, application, version),
        _("The application is resubmitted."),
        _back(application),
    )


@require_POST
@rule("application.respond", about="application")
def application_withdraw(request: HttpRequest, application: Application) -> HttpResponse:
    return _run(
        request,
        lambda: workflow.do_withdraw_application(request.user, application),
        _("The application is withdrawn."),
        _back(application),
    )


# --- the certification body's overview and certificates --------------------------------------------


@rule("certificates.overview")
def deadlines(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    return render(
        request,
        "gia/deadlines.html",
        {
            "waiting": Application.objects.filter(
                state__in=[
                    Application.State.APPLIED,
                    Application.State.COMPLETE,
                    Application.State.RECOMMENDED,
                ]
            ).select_related("area"),
            "in_audit": Application.objects.filter(state=Application.State.IN_AUDIT).select_related(
                "area", "auditor"
            ),
            "findings": Finding.objects.exclude(status=Finding.Status.CLOSED)
            .select_related("application__area")
            .order_by("deadline"),
            "corrective": Certificate.objects.filter(
                status=Certificate.Status.VALID, corrective_until__isnull=False
            ).order_by("corrective_until"),
            "expiring": Certificate.objects.filter(
                status=Certificate.Status.VALID,
                valid_to__gte=today,
                valid_to__lte=today + dt.timedelta(days=90),
            ),
            "suspended": Certificate.objects.filter(status=Certificate.Status.SUSPENDED),
            "certificates": Certificate.objects.select_related("area").order_by("number"),
            "today": today,
        },
    )


@require_POST
@rule("certificates.overview")
def apply_deadlines(request: HttpRequest) -> HttpResponse:
    suspended = certificates.do_apply_deadlines(request.user)
    messages.success(request, _("{count} certificate(s) suspended.").format(count=len(suspended)))
    return redirect("deadlines")


@require_POST
@rule("certificate.manage", about="certificate")
def certificate_reinstate(request: HttpRequest, certificate: Certificate) -> HttpResponse:
    return _run(
        request,
        lambda: certificates.do_reinstate(request.user, certificate),
        _("The certificate is reinstated."),
        redirect("deadlines"),
    )


@require_POST
@rule("certificate.manage", about="certificate")
def certificate_withdraw(request: HttpRequest, certificate: Certificate) -> HttpResponse:
    return _run(
        request,
        lambda: certificates.do_withdraw_certificate(
            request.user, certificate, request.POST.get("reason", "")
        ),
        _("The certificate is withdrawn."),
        redirect("deadlines"),
    )


# --- public verification ----------------------------------------------------------------------------


def verification(certificate: Certificate, today: dt.date | None = None) -> dict[str, Any]:
    """What anyone may know about a certificate: its state today and what it certifies."""
    return {
        "number": certificate.number,
        "status": certificate.state_on(today or timezone.localdate()),
        "area": certificate.area.name,
        "country": certificate.area.country,
        "level": certificate.level,
        "edition": certificate.edition,
        "country_profile": certificate.country_profile,
        "stage": certificate.stage,
        "valid_from": certificate.valid_from.isoformat(),
        "valid_to": certificate.valid_to.isoformat(),
    }


#: a certificate number with its parts: GIA, country, year, serial (separators optional when typed)
CERTIFICATE_NUMBER = re.compile(r"GIA-?([A-Z]{2})-?(\d{4})-?(\d{1,6})")


def canonical_number(text: str) -> str:
    """A certificate number as a person types or a scanner reads it, in its canonical form.

    Case and spacing do not matter: ``" gia de 2026 0001 "``, ``"gia-de-2026-0001"`` and
    ``"GIADE20260001"`` all give ``"GIA-DE-2026-0001"``; the serial gets its four digits back.
    Text that is no certificate number comes back upper-cased with its separators as dashes.
    """
    text = re.sub(r"[\s._/\-\u2010-\u2015]+", "-", text.strip().upper()).strip("-")
    match = CERTIFICATE_NUMBER.fullmatch(text)
    if match is None:
        return text
    country, year, serial = match.groups()
    return f"GIA-{country}-{year}-{int(serial):04d}"


def find_certificate(text: str) -> Certificate | None:
    """The certificate a typed number names (any case, any spacing), or None."""
    number = canonical_number(text)[:40]
    if not number:
        return None
    found = Certificate.objects.select_related("area").filter(number=number).first()
    return found or Certificate.objects.select_related("area").filter(number__iexact=number).first()


def _unknown_number(request: HttpRequest, text: str) -> HttpResponse:
    """The verification page again, saying no certificate has the number (status 404, never a bare page)."""
    typed = " ".join(text.split())[:60]
    return render(request, "gia/verify.html", {"unknown": typed, "typed": typed}, status=404)


@rule(PUBLIC)
def verify(request: HttpRequest) -> HttpResponse:
    """The verification form; a number typed in any case or spacing leads to its certificate."""
    text = request.GET.get("number", "")
    if not text.strip():
        return render(request, "gia/verify.html", {})
    certificate = find_certificate(text)
    if certificate is None:
        return _unknown_number(request, text)
    return redirect("verify_certificate", certificate=certificate.number)


@rule(PUBLIC)
def _verify_number(request: HttpRequest, number_text: str) -> HttpResponse:
    certificate = find_certificate(number_text)
    if certificate is None:
        return _unknown_number(request, number_text)
    if certificate.number != number_text:
        return redirect("verify_certificate", certificate=certificate.number)
    return render(
        request,
        "gia/verify.html",
        {
            "certificate": certificate,
            "area_name": public_name(certificate.area),
            "facts": verification(certificate),
            "level_names": level_names(request.LANGUAGE_CODE),
            "stage_name": Application.Stage(certificate.stage).label
            if certificate.stage in Application.Stage.values
            else certificate.stage,
            "profile_name": dict(COUNTRIES).get(certificate.country_profile, certificate.country_profile),
            "has_pdf": certificates.certificate_pdf_path(certificate).is_file(),
        },
    )


def verify_certificate(request: HttpRequest, certificate: str) -> HttpResponse:
    """A certificate's verification page. The number in the address is looked up as people type it
    (any case, any spacing; the canonical address is redirected to) rather than by the URL loader,
    which answers an unknown number with a bare "not found": an unknown number gets the form again
    with a sentence saying so."""
    return _verify_number(request, number_text=certificate)


verify_certificate.gia_rule = _verify_number.gia_rule  # type: ignore[attr-defined]


@rule(PUBLIC)
def certificate_pdf(request: HttpRequest, certificate: Certificate) -> FileResponse:
    path = certificates.certificate_pdf_path(certificate)
    if not path.is_file():
        raise Http404
    return FileResponse(
        path.open("rb"),
        as_attachment=True,
        filename=f"{certificate.number}.pdf",
        content_type="application/pdf",
    )


@rule(PUBLIC)
def certificate_json(request: HttpRequest, certificate: Certificate) -> HttpResponse:
    if not certificate.signed_json:
        raise Http404
    response = HttpResponse(certificate.signed_json, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{certificate.number}.json"'
    return response


@rule(PUBLIC)
def signing_certificate(request: HttpRequest) -> HttpResponse:
    """The certification body's public signing certificate (PEM), for offline verification."""
    from django.conf import settings

    path = settings.GIA_SIGNING_CERT
    if not path.is_file():
        raise Http404
    return HttpResponse(path.read_bytes(), content_type="application/x-pem-file")


def verify_json(number: str) -> JsonResponse:
    """The API's answer for a number typed in any case or spacing (``GET /api/verify/<number>``)."""
    certificate = find_certificate(number)
    if certificate is None:
        return JsonResponse({"number": canonical_number(number)[:40], "status": "unknown"}, status=404)
    return JsonResponse(verification(certificate))
