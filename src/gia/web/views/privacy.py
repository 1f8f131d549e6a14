"""Personal data: the privacy page (what GIA keeps, why, for how long), a person's own data to take
away, and erasure of one's own account."""

from __future__ import annotations

import json

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout as auth_logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gia.web.actions import ActionError
from gia.web.actions.privacy import do_erase_person, erasure_blockers, personal_data
from gia.web.forms import EraseAccountForm
from gia.web.permissions import PUBLIC, SIGNED_IN
from gia.web.views.common import rule

#: the record of processing (GDPR Art. 30): each kind of personal data GIA keeps, why, on what basis,
#: who sees it, and for how long (``retention``: a key of GIA_RETENTION_DAYS, or words)
RECORD = [
    {
        "data": gettext_lazy("Account: user name, e-mail address, name, password (a salted hash), date joined, last sign-in"),
        "purpose": gettext_lazy("signing in; telling people about the steps that wait for them"),
        "basis": gettext_lazy("performance of the certification service (Art. 6(1)(b))"),
        "who": gettext_lazy("the person; the certification body"),
        "retention": gettext_lazy("while the account exists; erased on request"),
    },
    {
        "data": gettext_lazy("Roles: which area, company or audit a person works on, since when"),
        "purpose": gettext_lazy("deciding who may see and do what"),
        "basis": gettext_lazy("performance of the certification service (Art. 6(1)(b))"),
        "who": gettext_lazy("the area's managers; the certification body"),
        "retention": gettext_lazy("while the role is held"),
    },
    {
        "data": gettext_lazy("Invitations: the invited e-mail address, role and area"),
        "purpose": gettext_lazy("letting someone join with one role"),
        "basis": gettext_lazy("legitimate interest of the area and the certification body (Art. 6(1)(f))"),
        "who": gettext_lazy("who invited; the area's managers; the certification body"),
        "retention": "invitations",
    },
    {
        "data": gettext_lazy("Failed sign-ins: the name tried and the address it came from"),
        "purpose": gettext_lazy("slowing down password guessing"),
        "basis": gettext_lazy("legitimate interest in the security of the platform (Art. 6(1)(f))"),
        "who": gettext_lazy("the platform's operators"),
        "retention": "failed_sign_ins",
    },
    {
        "data": gettext_lazy("E-mails sent: recipients, subject and text of the platform's notices"),
        "purpose": gettext_lazy("sending the notices again when a mail server was unreachable"),
        "basis": gettext_lazy("performance of the certification service (Art. 6(1)(b))"),
        "who": gettext_lazy("the platform's operators"),
        "retention": "emails",
    },
    {
        "data": gettext_lazy("Audit trail: who (a pseudonym) did what and when"),
        "purpose": gettext_lazy("a record of the certification that cannot be changed unnoticed"),
        "basis": gettext_lazy("legal obligation and legitimate interest of the certification body (Art. 6(1)(c), (f))"),
        "who": gettext_lazy("the certification body; auditors of the platform"),
        "retention": gettext_lazy("kept; erasure removes the link from the pseudonym to the person"),
    },
    {
        "data": gettext_lazy("Records of work: who submitted a version, uploaded a file, reviewed a criterion"),
        "purpose": gettext_lazy("the certification's evidence: which data the decision rests on"),
        "basis": gettext_lazy("legal obligation and legitimate interest of the certification body (Art. 6(1)(c), (f))"),
        "who": gettext_lazy("the area's reviewers; the certification body"),
        "retention": gettext_lazy("kept with the certificate; after erasure they name an anonymised account"),
    },
    {
        "data": gettext_lazy("Sessions and the language chosen (cookies needed for the service, no tracking)"),
        "purpose": gettext_lazy("keeping a person signed in; speaking their language"),
        "basis": gettext_lazy("necessary for the service the person asked for"),
        "who": gettext_lazy("no one"),
        "retention": gettext_lazy("until signing out or two weeks"),
    },
]


def _retention(value: object) -> str:
    days = settings.GIA_RETENTION_DAYS
    if isinstance(value, str) and value in days:
        return _("{days} days").format(days=days[value])
    return str(value)


@rule(PUBLIC)
def privacy(request: HttpRequest) -> HttpResponse:
    rows = [{**row, "retention": _retention(row["retention"])} for row in RECORD]
    return render(request, "gia/privacy.html", {"rows": rows, "contact": settings.GIA_PRIVACY_CONTACT})


@rule(SIGNED_IN)
def account(request: HttpRequest) -> HttpResponse:
    """The signed-in person's own page: their data to download, and erasure of their account."""
    user = request.user
    form = EraseAccountForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if not user.check_password(form.cleaned_data["password"]):
            form.add_error("password", _("This is not your password."))
        else:
            try:
                do_erase_person(user, user)
            except ActionError as error:
                form.add_error(None, error.message)
            else:
                auth_logout(request)
                messages.success(request, _("Your account is erased. GIA keeps no link from its records to you."))
                return redirect("home")
    return render(
        request, "gia/account.html", {"form": form, "blockers": erasure_blockers(user), "person": user}
    )


@rule(SIGNED_IN)
def account_data(request: HttpRequest) -> HttpResponse:
    """Everything GIA keeps about the signed-in person, as a JSON file."""
    document = json.dumps(personal_data(request.user), ensure_ascii=False, indent=2)
    response = HttpResponse(document, content_type="application/json; charset=utf-8")
    day = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="gia-personal-data-{day}.json"'
    return response
