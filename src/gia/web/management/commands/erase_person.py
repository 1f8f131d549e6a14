"""``python -m gia.web erase_person USERNAME``: erase a person who asked for it (GDPR Art. 17) when they
cannot do it themselves on their account page. The audit trail keeps its entries; the link from their
pseudonym to them is deleted."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from django.core.management.base import BaseCommand, CommandError

from gia.web.actions import ActionError
from gia.web.actions.privacy import do_erase_person


class Command(BaseCommand):
    help = "Erase a person's account (anonymise it, end their roles); the audit trail stays verifiable."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("username")

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(f"no account {options['username']!r}")
        try:
            code = do_erase_person("operator", user)
        except ActionError as error:
            raise CommandError(error.message) from None
        self.stdout.write(f"erased; the audit trail names them {code}")
