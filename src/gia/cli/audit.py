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


SETTINGS_HELP = "Django settings module (default: DJANGO_SETTINGS_MODULE or development)."


def web_platform(settings: str) -> None:
    """Set up the web platform's Django (its database, files and keys) for a command that works on it."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", settings or "gia.web.settings.dev")
    if settings:
        os.environ["DJANGO_SETTINGS_MODULE"] = settings
    import django
    from django.apps import apps

    if not apps.ready:
        django.setup()


@app.command("backup")
def backup(
    out: Annotated[Path, typer.Option("--out", help="The folder the archive is written into.")] = Path("backups"),
    settings: Annotated[str, typer.Option("--settings", help=SETTINGS_HELP)] = "",
) -> None:
    """Back up the web platform: its database (portable between SQLite and PostgreSQL) and its stored
    files, in one archive with a manifest of hashes. The signing key is not in it: back it up apart."""
    web_platform(settings)
    from gia.web.backup import make_backup

    path, manifest = make_backup(out)
    console.print(
        _("Backup written: {path} ({rows} rows, {files} files, audit trail head #{sequence}).").format(
            path=path,
            rows=sum(manifest["rows"].values()),
            files=len(manifest["files"]),
            sequence=manifest["audit_head"]["sequence"],
        )
    )
    console.print(_("The signing key is not in the backup: keep a copy of it apart, offline."))


@app.command("restore")
def restore(
    archive: Annotated[Path, typer.Argument(help="A backup archive made by `gia backup`.")],
    settings: Annotated[str, typer.Option("--settings", help=SETTINGS_HELP)] = "",
) -> None:
    """Restore a backup into a new, migrated, empty database and an empty file folder; then check the
    rows, the audit trail, every file's SHA-256 and every signed certificate."""
    web_platform(settings)
    from gia.web.backup import BackupError, restore_backup

    try:
        restored = restore_backup(archive)
    except BackupError as error:
        errors.print(str(error))
        raise typer.Exit(2) from None
    console.print(
        _("Restored {rows} rows and {files} files; the audit trail holds {events} events; {certificates} signed certificates.").format(
            rows=sum(restored.rows.values()),
            files=restored.files,
            events=restored.events,
            certificates=restored.certificates,
        )
    )
    if restored.problems:
        for problem in restored.problems:
            errors.print(problem)
        raise typer.Exit(1)
    console.print(_("Everything the backup recorded holds: rows, audit trail, files and certificates."))


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
    web_platform(settings)
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
