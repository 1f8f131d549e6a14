"""Invitations, accounts, memberships, API tokens and the login limiter."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
import unicodedata

from django.conf import settings
from django.contrib.auth.models import User
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from gia.web.actions import ActionError
from gia.web.actions.audit import email_pseudonym, pseudonym, record
from gia.web.mail import queue
from gia.web.models import ApiToken, Area, Company, Invitation, LoginFailure, Membership, Preference, Role
from gia.web.permissions import roles


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def do_invite(
    actor: User, email: str, role: str, area: Area | None = None, company: Company | None = None
) -> tuple[Invitation, str]:
    """Invite ``email`` to a role; e-mails the link and returns the invitation and its one-time token.

    An area manager invites contributors for the area's companies and fellow managers of the area;
    the certification body also invites auditors of an area and applicants (managers without an area).
    """
    r = roles(actor)
    email = email.strip().lower()
    if role == Role.COMPANY_CONTRIBUTOR:
        if company is None or area is None or company.area_id != area.pk:
            raise ActionError(_("Choose a company of this area."), "company")
        allowed = area.pk in r.managed or r.certification_body
    elif role == Role.AREA_MANAGER:
        company = None
        allowed = (area is not None and area.pk in r.managed) or r.certification_body
    elif role in (Role.AUDITOR, Role.CERTIFICATION_BODY):
        company = None
        if role == Role.AUDITOR and area is None:
            raise ActionError(_("An auditor is invited for an area."), "area")
        if role == Role.CERTIFICATION_BODY:
            area = None
        allowed = r.certification_body
    else:
        raise ActionError(_("Unknown role."), "role")
    if not allowed:
        raise ActionError(_("You may not invite someone to this role."), "role")
    token = secrets.token_urlsafe(32)
    with transaction.atomic():
        invitation = Invitation.objects.create(
            email=email,
            role=role,
            area=area,
            company=company,
            token_sha256=sha256(token),
            invited_by=actor,
            expires=timezone.now() + dt.timedelta(days=settings.GIA_INVITATION_DAYS),
        )
        record(
            actor,
            "invitation.create",
            f"invitation:{invitation.pk}",
            after={
                "person": email_pseudonym(email),
                "role": role,
                "area": area and area.slug,
                "company": company and company.slug,
            },
        )
        link = settings.GIA_BASE_URL.rstrip("/") + reverse("accept_invitation", args=[token])
        scope = str(company or area or "GIA")
        queue(
            _("Your invitation to GIA"),
            _(
                "{inviter} invites you to GIA as {role} ({scope}).\n\n"
                "Open this link within {days} days to create your account:\n{link}\n"
            ).format(
                inviter=actor.get_full_name() or actor.get_username(),
                role=Role(role).label,
                scope=scope,
                days=settings.GIA_INVITATION_DAYS,
                link=link,
            ),
            [email],
        )
    return invitation, token


def open_invitation(token: str) -> Invitation:
    invitation = Invitation.objects.filter(token_sha256=sha256(token)).first()
    if invitation is None:
        raise ActionError(_("This invitation link is not valid."))
    if invitation.accepted is not None:
        raise ActionError(_("This invitation has already been used."))
    if invitation.expires < timezone.now():
        raise ActionError(_("This invitation has expired; ask for a new one."))
    return invitation


def check_independence(user: User, role: str, area: Area | None) -> None:
    """An auditor of an area is never also its manager or one of its companies' contributors (and the
    other way round): checked on every way a role is given (assignment, invitation, admin)."""
    if area is None or role not in (Role.AUDITOR, Role.AREA_MANAGER, Role.COMPANY_CONTRIBUTOR):
        return
    held = set(Membership.objects.filter(user=user, area=area).values_list("role", flat=True))
    if role == Role.AUDITOR and held & {Role.AREA_MANAGER, Role.COMPANY_CONTRIBUTOR}:
        raise ActionError(_("An auditor must be independent of the area."), "auditor")
    if role != Role.AUDITOR and Role.AUDITOR in held:
        raise ActionError(
            _("This person audits the area: they cannot also manage it or report for one of its companies."),
            "role",
        )


def do_accept_invitation(token: str, full_name: str, password: str, address: str = "unknown") -> User:
    """Create the invited account (or add the role to an existing account with that e-mail, after its
    password: limited like a login, since whoever holds the link could otherwise guess it freely)."""
    existing = User.objects.filter(username=open_invitation(token).email).first()
    if existing is not None:
        if login_blocked(existing.username, address):
            raise ActionError(
                _("Too many wrong passwords for this account. Wait a quarter of an hour and try again."),
                "password",
            )
        if not existing.check_password(password):
            note_login_failure(existing.username, address)  # outside the step: a refusal must still count
            raise ActionError(_("An account with this e-mail exists; enter its password."), "password")
        clear_login_failures(existing.username, address)
    with transaction.atomic():
        invitation = open_invitation(token)
        invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if invitation.accepted is not None:
            raise ActionError(_("This invitation has already been used."))
        user = User.objects.filter(username=invitation.email).first()
        if user is not None and existing is None:  # made meanwhile: its password was not checked
            raise ActionError(_("An account with this e-mail exists; enter its password."), "password")
        if user is not None:
            check_independence(user, invitation.role, invitation.area)
        if user is None:
            user = User(username=invitation.email, email=invitation.email)
            first, _sep, last = full_name.strip().partition(" ")
            user.first_name, user.last_name = first[:150], last[:150]
            try:
                validate_password(password, user)
            except ValidationError as error:
                raise ActionError(" ".join(error.messages), "password") from None
            user.set_password(password)
            user.save()
        Membership.objects.get_or_create(
            user=user, role=invitation.role, area=invitation.area, company=invitation.company
        )
        invitation.accepted = timezone.now()
        invitation.accepted_by = user
        invitation.save(update_fields=["accepted", "accepted_by"])
        record(
            user,
            "invitation.accept",
            f"invitation:{invitation.pk}",
            after={"role": invitation.role, "person": pseudonym(user)},
        )
    return user


def do_set_language(user: User, language: str) -> None:
    """Keep ``language`` as the user's own choice: the pages speak it wherever they sign in."""
    if language not in dict(settings.LANGUAGES):
        raise ActionError(_("GIA does not speak this language."), "language")
    with transaction.atomic():
        kept = Preference.objects.select_for_update().filter(user=user).first()
        before = kept.language if kept else None
        if before == language:
            return
        Preference.objects.update_or_create(user=user, defaults={"language": language})
        record(
            user,
            "account.language",
            f"user:{user.pk}",
            before={"language": before},
            after={"language": language},
        )


def do_create_api_token(user: User, name: str) -> tuple[ApiToken, str]:
    """A new API token for ``user``; the token itself is returned once and never stored."""
    name = name.strip()
    if not name:
        raise ActionError(_("Give the token a name."), "name")
    raw = "gia_" + secrets.token_urlsafe(32)
    with transaction.atomic():
        token = ApiToken.objects.create(
            user=user, name=name[:100], prefix=raw[4:12], token_sha256=sha256(raw)
        )
        record(user, "api_token.create", f"api_token:{token.pk}", after={"name": token.name})
    return token, raw


def do_revoke_api_token(user: User, token_id: int) -> None:
    with transaction.atomic():
        token = ApiToken.objects.select_for_update().filter(pk=token_id, user=user, revoked=None).first()
        if token is None:
            raise ActionError(_("No such token."))
        token.revoked = timezone.now()
        token.save(update_fields=["revoked"])
        record(user, "api_token.revoke", f"api_token:{token.pk}", before={"name": token.name})


def user_for_token(raw: str) -> User | None:
    token = (
        ApiToken.objects.select_related("user")
        .filter(token_sha256=sha256(raw), revoked=None, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    now = timezone.now()
    if token.last_used is None or now - token.last_used > dt.timedelta(minutes=5):
        ApiToken.objects.filter(pk=token.pk).update(last_used=now)
    return token.user


def login_name(username: str) -> str:
    """The account name as Django's login form reads it (NFKC), lower-cased: one count per account."""
    return unicodedata.normalize("NFKC", username).strip().lower()[:254]


def login_blocked(username: str, address: str) -> bool:
    """Too many recent failures: for this account from this address, from this address for any
    account, or for this account from everywhere (a guess spread over many addresses). The first
    limit is low and binds only the one trying; the account-wide one is ten times higher, so nobody
    locks someone else out with a handful of wrong passwords."""
    since = timezone.now() - dt.timedelta(seconds=settings.GIA_LOGIN_WINDOW_SECONDS)
    recent = LoginFailure.objects.filter(at__gte=since)
    limit = settings.GIA_LOGIN_MAX_FAILURES
    account = login_name(username)
    return (
        recent.filter(username=account, address=address).count() >= limit
        or recent.filter(address=address).count() >= limit * 4
        or recent.filter(username=account).count() >= limit * 10
    )


def note_login_failure(username: str, address: str) -> None:
    LoginFailure.objects.create(username=login_name(username), address=address[:64])


def clear_login_failures(username: str, address: str | None = None) -> None:
    """A successful sign-in forgets the failures from its address (all of them without one)."""
    failures = LoginFailure.objects.filter(username=login_name(username))
    if address is not None:
        failures = failures.filter(address=address[:64])
    failures.delete()
