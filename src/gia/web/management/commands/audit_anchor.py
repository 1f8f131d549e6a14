"""``python -m gia.web audit_anchor [--file PATH]``: record the audit trail's head outside the database.

Run it daily (cron) and keep the file where the database's administrators cannot rewrite it (another
machine, a published page): ``gia audit verify --anchors PATH`` then finds a rewrite of the trail."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from gia.web.actions.audit import head


class Command(BaseCommand):
    help = "Append the audit trail's head (date, sequence, hash) to an anchor file, or print it."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--file", type=Path, help="the anchor file to append to (printed when not given)")

    def handle(self, *args: Any, **options: Any) -> None:
        sequence, digest = head()
        line = f"{timezone.now().date().isoformat()} {sequence} {digest}"
        if options["file"]:
            with options["file"].open("a", encoding="utf-8") as anchors:
                anchors.write(line + "\n")
        self.stdout.write(line)
