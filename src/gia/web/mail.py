"""Sending e-mail without ever failing the step that writes it.

``queue`` stores the mail in the step's transaction (so it exists exactly when the step committed)
and tries to send it once the transaction commits; ``deliver`` sends what is waiting, records why a
mail could not go, and logs it. Nothing here raises into the request."""

from __future__ import annotations

import logging
from collections.abc import Iterable

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from gia.web.models import OutgoingMail

log = logging.getLogger("gia.mail")
#: after this many failed attempts a mail is left for a person to look at (the admin lists it)
MAX_ATTEMPTS = 10


def queue(subject: str, body: str, recipients: Iterable[str]) -> OutgoingMail | None:
    """Write the mail in the current transaction and send it after the commit (never on rollback)."""
    addresses = sorted({a for a in recipients if a})
    if not addresses:
        return None
    mail = OutgoingMail.objects.create(subject=str(subject)[:300], body=str(body), recipients=addresses)
    transaction.on_commit(lambda: deliver([mail.pk]))
    return mail


def deliver(ids: list[int] | None = None) -> tuple[int, int]:
    """Send the waiting mails (those in ``ids``, or all below ``MAX_ATTEMPTS``); (sent, failed)."""
    waiting = OutgoingMail.objects.filter(sent__isnull=True, attempts__lt=MAX_ATTEMPTS)
    if ids is not None:
        waiting = waiting.filter(pk__in=ids)
    sent = failed = 0
    for mail in waiting.order_by("created"):
        try:
            send_mail(
                mail.subject, mail.body, settings.DEFAULT_FROM_EMAIL, mail.recipients, fail_silently=False
            )
        except Exception as error:
            failed += 1
            reason = f"{type(error).__name__}: {error}"[:500]
            OutgoingMail.objects.filter(pk=mail.pk).update(attempts=mail.attempts + 1, last_error=reason)
            log.warning(
                "mail %s to %d recipients not sent (attempt %d): %s",
                mail.pk,
                len(mail.recipients),
                mail.attempts + 1,
                reason,
            )
        else:
            sent += 1
            OutgoingMail.objects.filter(pk=mail.pk).update(
                sent=timezone.now(), attempts=mail.attempts + 1, last_error=""
            )
    return sent, failed
