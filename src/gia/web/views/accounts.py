"""Signing in (rate-limited), invitations, API tokens, the language switch, the signed-in home page."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.models import User
from django.contrib.auth.views import LoginView, LogoutView
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language

from gia.certification import OPEN_STATES
from gia.web import queues
from gia.web.actions import ActionError
from gia.web.actions.accounts import (
    clear_login_failures,
    do_accept_invitation,
    do_create_api_token,
    do_revoke_api_token,
    do_set_language,
    login_blocked,
    note_login_failure,
    open_invitation,
)
from gia.web.forms import AcceptInvitationForm, TokenForm
from gia.web.models import ApiToken, Application, Area, Job
from gia.web.permissions import PUBLIC, SIGNED_IN, roles
from gia.web.views.common import rule
from gia.web.views.public import level_names


def client_address(request: HttpRequest) -> str:
    """The client's address: behind a reverse proxy, the last address it appended to the header named
    by ``GIA_CLIENT_ADDRESS_HEADER`` (e.g. ``HTTP_X_FORWARDED_FOR``); otherwise the connection's."""
    header = getattr(settings, "GIA_CLIENT_ADDRESS_HEADER", "")
    if header and request.META.get(header):
        return request.META[header].split(",")[-1].strip()[:64] or "unknown"
    return request.META.get("REMOTE_ADDR", "") or "unknown"


class LimitedAuthenticationForm(AuthenticationForm):
    """Django's login form, refusing further tries after too many failures for an account or address.
    Accounts are e-mail addresses, and the form says so."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("E-mail address")
        self.error_messages["invalid_login"] = _(
            "The e-mail address or the password is not right. The password is case-sensitive."
        )

    def clean(self):  # type: ignore[no-untyped-def]
        username = self.data.get("username", "")
        address = client_address(self.request) if self.request else "unknown"
        if login_blocked(username, address):
            raise ValidationError(
                _("Too many failed sign-ins. Wait 15 minutes, then try again."), code="rate_limited"
            )
        try:
            cleaned = super().clean()
        except Exception:
            note_login_failure(username, address)
            raise
        clear_login_failures(username, address)
        return cleaned


login = rule(PUBLIC)(
    LoginView.as_view(template_name="gia/login.html", authentication_form=LimitedAuthenticationForm)
)
logout = rule(PUBLIC)(LogoutView.as_view())


@rule(PUBLIC)
def set_language(request: HttpRequest) -> HttpResponse:
    """Django's language switch (a cookie); a signed-in user's choice is kept with their account too."""
    response = django_set_language(request)
    language = request.POST.get("language", "")
    if request.method == "POST" and request.user.is_authenticated and language in dict(settings.LANGUAGES):
        do_set_language(request.user, language)
    return response


@rule(PUBLIC)
def accept_invitation(request: HttpRequest, token: str) -> HttpResponse:
    try:
        invitation = open_invitation(token)
    except ActionError as error:
        return render(request, "gia/invitation.html", {"refused": error.message}, status=410)
    form = AcceptInvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = do_accept_invitation(
                token, form.cleaned_data["full_name"], form.cleaned_data["password"], client_address(request)
            )
        except ActionError as error:
            form.add_error(error.place if error.place in form.fields else None, error.message)
        else:
            auth_login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, _("Welcome to GIA."))
            return redirect("workspace")
    return render(request, "gia/invitation.html", {"invitation": invitation, "form": form})


@rule(SIGNED_IN)
def workspace(request: HttpRequest) -> HttpResponse:
    """The signed-in home: one block per role the user holds, each with what waits for them."""
    r = roles(request.user)
    today = timezone.localdate()
    managed = queues.managed_areas(request.user, today) if r.managed else []
    shown = {row.state.area.pk for row in managed}
    visible = r.visible_area_ids()
    areas = Area.objects.all() if visible is None else Area.objects.filter(pk__in=visible)
    return render(
        request,
        "gia/workspace.html",
        {
            "today": today,
            "managed": managed,
            "companies": queues.contributor_companies(request.user, today) if r.companies else [],
            "audits": queues.assigned_audits(request.user),
            "past_audits": Application.objects.filter(auditor=request.user)
            .exclude(state__in=OPEN_STATES)
            .select_related("area", "version")
            .order_by("-created"),
            "queue": queues.certification_queue(today) if r.certification_body else None,
            "other_areas": areas.exclude(pk__in=shown).order_by("name"),
            "can_create_area": r.certification_body or r.applicant,
            "level_names": level_names(request.LANGUAGE_CODE),
            "jobs": recent_jobs(request.user),
        },
    )


def recent_jobs(user: User) -> list[dict[str, object]]:
    """The user's jobs of the last two weeks (at most ten): running ones with their step, finished
    ones with a link to the result or to why they failed."""
    from gia.web.views.jobs import outcome

    since = timezone.now() - dt.timedelta(days=14)
    rows = []
    for job in Job.objects.filter(actor=user, created__gte=since).select_related("area")[:10]:
        url = reverse("job", kwargs={"job": job.pk})
        if job.state == Job.State.DONE:
            url = outcome(job)[0]
        rows.append({"job": job, "url": url, "step": _(job.step) if job.step else ""})
    return rows


@rule(SIGNED_IN)
def tokens(request: HttpRequest) -> HttpResponse:
    form = TokenForm(request.POST or None)
    created = None
    if request.method == "POST" and form.is_valid():
        try:
            _token, created = do_create_api_token(request.user, form.cleaned_data["name"])
        except ActionError as error:
            form.add_error("name", error.message)
    return render(
        request,
        "gia/tokens.html",
        {
            "form": form,
            "created": created,
            "tokens": ApiToken.objects.filter(user=request.user, revoked=None).order_by("-created"),
        },
    )


@require_POST
@rule(SIGNED_IN)
def token_revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    try:
        do_revoke_api_token(request.user, token_id)
        messages.success(request, _("The token is revoked."))
    except ActionError as error:
        messages.error(request, error.message)
    return redirect("tokens")
