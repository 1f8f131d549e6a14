"""``gia audit verify``: recompute the web platform's hash-chained audit trail."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer

from gia.cli.common import app, console, errors
from gia.i18n import _

audit_app = typer.Typer(help="The web platform's audit trail.", no_args_is_help=True)
app.add_typer(audit_app, name="audit")


@audit_app.command("verify")
def verify(
    settings: Annotated[
        str,
        typer.Option(
            "--settings", help="Django settings module (default: DJANGO_SETTINGS_MODULE or development)."
        ),
    ] = "",
    anchors: Annotated[
        Path | None,
        typer.Option(
            "--anchors",
            help="A file of chain heads recorded outside the database (one '<date> <sequence> <hash>' a line).",
        ),
    ] = None,
) -> None:
    """Recompute every event's hash in order; name the first event that does not hold. The chain
    must also hold every head anchored outside the database: in the signed certificates and in the
    anchor file."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", settings or "gia.web.settings.dev")
    if settings:
        os.environ["DJANGO_SETTINGS_MODULE"] = settings
    import django
    from django.apps import apps

    if not apps.ready:
        django.setup()
    from gia.web.actions.audit import certificate_anchors, parse_anchor, verify_chain

    outside = list(certificate_anchors())
    if anchors is not None:
        for number, line in enumerate(anchors.read_text(encoding="utf-8").splitlines(), start=1):
            if line.strip() and not line.startswith("#"):
                try:
                    outside.append((f"{anchors.name} line {number}", parse_anchor(line)))
                except ValueError as error:
                    errors.print(f"{anchors}:{number}: {error}")
                    raise typer.Exit(2) from None
    check = verify_chain(outside)
    if check.intact:
        console.print(
            _(
                "The audit trail is intact: {count} events, each linked to the one before, holding {anchors} heads anchored outside the database."
            ).format(count=check.events, anchors=len(outside))
        )
        return
    errors.print(
        _("The audit trail is broken at event #{sequence}: {reason}.").format(
            sequence=check.broken_at, reason=check.reason
        )
    )
    raise typer.Exit(1)
