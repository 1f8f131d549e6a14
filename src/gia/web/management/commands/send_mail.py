"""``python -m gia.web send_mail``: send the e-mails still waiting in the outbox (run it every few minutes)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from gia.web.mail import deliver


class Command(BaseCommand):
    help = "Send the e-mails still waiting in the outbox (a mail server that was down, for instance)."

    def handle(self, *args: Any, **options: Any) -> None:
        sent, failed = deliver()
        self.stdout.write(f"{sent} sent, {failed} still waiting")
