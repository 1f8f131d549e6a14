"""E-mails to the people a step waits for (sent when the action's transaction commits)."""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.contrib.auth.models import User
from django.core.mail import send_mass_mail
from django.db import transaction

from gia.web.models import Area, Membership, Role


def area_managers(area: Area) -> list[User]:
    return [
        m.user for m in Membership.objects.filter(area=area, role=Role.AREA_MANAGER).select_related("user")
    ]


def certification_body() -> list[User]:
    return [m.user for m in Membership.objects.filter(role=Role.CERTIFICATION_BODY).select_related("user")]


def notify(users: Iterable[User], subject: str, body: str, link: str = "") -> None:
    """Send ``subject``/``body`` to ``users`` once the current transaction commits (never on rollback)."""
    addresses = sorted({u.email for u in users if u.email and u.is_active})
    if not addresses:
        return
    text = body + ("\n\n" + settings.GIA_BASE_URL.rstrip("/") + link if link else "")
    messages = [(subject, text, settings.DEFAULT_FROM_EMAIL, [address]) for address in addresses]
    transaction.on_commit(lambda: send_mass_mail(messages, fail_silently=False))
