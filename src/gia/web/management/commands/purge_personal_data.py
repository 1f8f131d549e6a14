"""``python -m gia.web purge_personal_data``: delete the personal data whose retention period is over
(failed sign-ins, invitations never accepted, e-mails sent, expired sessions). Run it daily."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from gia.web.actions.privacy import do_purge_personal_data


class Command(BaseCommand):
    help = "Delete personal data past its retention period (settings GIA_RETENTION_DAYS). Run daily."

    def handle(self, *args: Any, **options: Any) -> None:
        counts = do_purge_personal_data()
        self.stdout.write(", ".join(f"{name}: {count} deleted" for name, count in counts.items()))
