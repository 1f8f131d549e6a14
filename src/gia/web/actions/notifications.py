"""E-mails to the people a step waits for (written with the step, sent when it commits: gia.web.mail)."""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.contrib.auth.models import User

from gia.web.mail import queue
from gia.web.models import Area, Membership, Role


def area_managers(area: Area) -> list[User]:
    return [
        m.user for m in Membership.objects.filter(area=area, role=Role.AREA_MANAGER).select_related("user")
    ]


def certification_body() -> list[User]:
    return [m.user for m in Membership.objects.filter(role=Role.CERTIFICATION_BODY).select_related("user")]


def notify(users: Iterable[User], subject: str, body: str, link: str = "") -> None:
    """Send ``subject``/``body`` to each of ``users`` once the current transaction commits (never on
    rollback); a mail server that is down leaves the mail in the outbox, never fails the step."""
    text = body + ("\n\n" + settings.GIA_BASE_URL.rstrip("/") + link if link else "")
    for address in sorted({u.email for u in users if u.email and u.is_active}):
        queue(subject, text, [address])
