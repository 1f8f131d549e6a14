"""``gia audit verify``: recompute the web platform's hash-chained audit trail."""

from __future__ import annotations

import os
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
) -> None:
    """Recompute every event's hash in order; name the first event that does not hold."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", settings or "gia.web.settings.dev")
    if settings:
        os.environ["DJANGO_SETTINGS_MODULE"] = settings
    import django
    from django.apps import apps

    if not apps.ready:
        django.setup()
    from gia.web.actions.audit import verify_chain

    check = verify_chain()
    if check.intact:
        console.print(
            _("The audit trail is intact: {count} events, each linked to the one before.").format(
                count=check.events
            )
        )
        return
    errors.print(
        _("The audit trail is broken at event #{sequence}: {reason}.").format(
            sequence=check.broken_at, reason=check.reason
        )
    )
    raise typer.Exit(1)
