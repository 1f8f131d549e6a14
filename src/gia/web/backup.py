"""Backup and restore of the platform: the database and the stored files, in one archive.

``gia backup --out DIR`` writes ``gia-backup-<time>.tar.gz`` holding

- ``database.json``: every table but the ones Django rebuilds (content types, permissions, sessions),
  as Django's portable fixtures with natural keys and times to the microsecond (``gia-json``) — so a backup of SQLite restores into PostgreSQL and
  back — read in one transaction, so it is one moment's state;
- ``files/…``: the stored files (hourly series, evidence, certificate PDFs, reports);
- ``manifest.json``: when, from which database and schema (each app's last migration), how many rows of
  each model, the audit trail's head, and the SHA-256 of the database dump and of every file.

The certification body's signing key is *not* in it: keys are backed up apart, offline
(``GIA_SIGNING_KEY``); the public certificate is served from the key directory too.

``gia restore ARCHIVE`` refuses unless the database is migrated and empty and the file directory empty;
it loads the rows and writes the files in one transaction (a file whose hash does not match undoes
everything), then checks what the backup promised: the rows per model, the audit trail intact with the
head it had, every file's SHA-256, and every signed certificate verifying with the platform's key.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import tarfile
import tempfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.db import connection, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

from gia.web import files

FORMAT = "gia-backup/1"
#: rebuilt by ``migrate`` (or per request): never in a backup
EXCLUDED = ("contenttypes", "auth.permission", "sessions")


class BackupError(Exception):
    """A backup that cannot be made or restored; the message says why and what to do."""


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _stored_sha256(name: str) -> str:
    digest = hashlib.sha256()
    with files.open_file(name) as stream:
        for chunk in iter(lambda: stream.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _models() -> list[Any]:
    """The models a backup holds: every managed one but those ``EXCLUDED`` (by app or by model)."""
    return [
        m
        for m in apps.get_models()
        if m._meta.managed and m._meta.app_label not in EXCLUDED and m._meta.label_lower not in EXCLUDED
    ]


def row_counts() -> dict[str, int]:
    return {m._meta.label_lower: m._default_manager.count() for m in _models()}


def _migrations() -> dict[str, str]:
    latest: dict[str, str] = {}
    for app, name in MigrationRecorder(connection).applied_migrations():
        if name > latest.get(app, ""):
            latest[app] = name
    return dict(sorted(latest.items()))


def _store_words() -> str:
    if files.is_local():
        return str(settings.GIA_FILES_DIR)
    return "bucket " + str(settings.GIA_FILE_STORAGE["OPTIONS"]["bucket_name"])


def make_backup(out_dir: Path) -> tuple[Path, dict[str, Any]]:
    """Write a backup archive into ``out_dir``; returns its path and its manifest."""
    from gia.web.actions.audit import head

    out_dir.mkdir(parents=True, exist_ok=True)
    stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
    target = out_dir / f"gia-backup-{stamp}.tar.gz"
    dump = io.StringIO()
    outermost = not connection.in_atomic_block
    with transaction.atomic():
        if connection.vendor == "postgresql" and outermost:  # one moment's state across every table
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        call_command(
            "dumpdata", exclude=list(EXCLUDED), natural_foreign=True, format="gia-json", stdout=dump, verbosity=0
        )
        counts = row_counts()
        sequence, last_hash = head()
    database = dump.getvalue().encode()
    names = list(files.walk())
    manifest = {
        "format": FORMAT,
        "created": timezone.now().isoformat(),
        "database": connection.vendor,
        "migrations": _migrations(),
        "rows": counts,
        "audit_head": {"sequence": sequence, "hash": last_hash},
        "database_sha256": _sha256(database),
        "files": {name: _stored_sha256(name) for name in names},
        "keys": "not included: back up the signing key (GIA_SIGNING_KEY) apart, offline",
    }
    partial = target.with_suffix(".partial")
    with tarfile.open(partial, "w:gz") as archive:
        for name, content in (
            ("manifest.json", json.dumps(manifest, indent=2).encode()),
            ("database.json", database),
        ):
            info = tarfile.TarInfo(name)
            info.size, info.mtime = len(content), int(dt.datetime.now().timestamp())
            archive.addfile(info, io.BytesIO(content))
        for name in names:
            with files.open_file(name) as stream:
                info = tarfile.TarInfo(f"files/{name}")
                info.size, info.mtime = files.storage().size(name), int(dt.datetime.now().timestamp())
                archive.addfile(info, stream)
    partial.rename(target)
    return target, manifest


@dataclass
class Restored:
    rows: dict[str, int]
    files: int
    events: int
    certificates: int
    problems: list[str] = field(default_factory=list)


def _member(archive: tarfile.TarFile, name: str) -> bytes:
    try:
        extracted = archive.extractfile(name)
    except KeyError:
        raise BackupError(f"not a GIA backup: {name} is missing from the archive") from None
    if extracted is None:
        raise BackupError(f"not a GIA backup: {name} is not a file")
    return extracted.read()


def _refuse_unless_empty() -> None:
    held = {label: n for label, n in row_counts().items() if n}
    if held:
        listed = ", ".join(f"{n} {label}" for label, n in sorted(held.items())[:5])
        raise BackupError(
            f"the database is not empty ({listed}…): restore into a new database made with "
            "`python -m gia.web migrate`, so that nothing is mixed"
        )
    if next(files.walk(), None) is not None:
        raise BackupError(f"the file store ({_store_words()}) is not empty: restore into an empty one")


def restore_backup(archive_path: Path) -> Restored:
    """Restore a backup made by :func:`make_backup` into this (migrated, empty) platform."""
    from gia.web.actions.audit import head, verify_chain

    try:
        archive = tarfile.open(archive_path, "r:gz")  # noqa: SIM115  (entered right below)
    except (OSError, tarfile.TarError) as error:
        raise BackupError(f"{archive_path}: not a readable backup archive ({error})") from None
    with archive:
        manifest = json.loads(_member(archive, "manifest.json"))
        if manifest.get("format") != FORMAT:
            raise BackupError(f"{archive_path}: format {manifest.get('format')!r}, expected {FORMAT}")
        database = _member(archive, "database.json")
        if _sha256(database) != manifest["database_sha256"]:
            raise BackupError(f"{archive_path}: database.json does not match its SHA-256 in the manifest")
        if _migrations() != manifest["migrations"]:
            raise BackupError(
                "the database's schema differs from the backup's: migrate this installation to the "
                f"backup's migrations ({manifest['migrations']}) before restoring"
            )
        _refuse_unless_empty()
        written: list[str] = []
        try:
            with transaction.atomic(), tempfile.TemporaryDirectory() as scratch:
                fixture = Path(scratch) / "database.gia-json"
                fixture.write_bytes(database)
                call_command("loaddata", str(fixture), verbosity=0)
                for name, expected in manifest["files"].items():
                    parts = PurePosixPath(name).parts
                    if PurePosixPath(name).is_absolute() or ".." in parts:
                        raise BackupError(f"{archive_path}: the file name {name!r} leaves the file directory")
                    content = _member(archive, f"files/{name}")
                    if _sha256(content) != expected:
                        raise BackupError(f"{archive_path}: files/{name} does not match its SHA-256")
                    files.save(name, content)
                    written.append(name)
        except BaseException:
            for name in written:
                files.delete(name)
            raise
    rows, chain, signed = row_counts(), verify_chain(), signed_certificates()
    return Restored(
        rows=rows,
        files=len(written),
        events=chain.events,
        certificates=len(signed),
        problems=check_restored(manifest, rows, head(), chain, signed),
    )


def signed_certificates() -> list[Any]:
    from gia.web.models import Certificate

    return list(Certificate.objects.exclude(signed_json=""))


def check_restored(
    manifest: dict[str, Any], rows: dict[str, int], restored_head: tuple[int, str], chain: Any, signed: list[Any]
) -> list[str]:
    """What does not hold after a restore (empty when everything does). The files need no second look:
    each was written only after its bytes matched the manifest's SHA-256."""
    from gia.certificates.verify import verify_json, verify_pdf
    from gia.web.actions.certificates import certificate_pdf_name

    problems = []
    for label, count in manifest["rows"].items():
        if rows.get(label) != count:
            problems.append(f"{label}: {rows.get(label)} rows, the backup had {count}")
    if not chain.intact:
        problems.append(f"the audit trail is broken at event {chain.broken_at}: {chain.reason}")
    expected = (manifest["audit_head"]["sequence"], manifest["audit_head"]["hash"])
    if restored_head != expected:
        problems.append(f"the audit trail's head is {restored_head}, the backup's was {expected}")
    key = Path(settings.GIA_SIGNING_CERT)
    for certificate in signed:
        if not key.exists():
            problems.append(f"certificate {certificate.number}: the signing certificate {key} is missing")
            continue
        if not verify_json(certificate.signed_json.encode(), key).ok:
            problems.append(f"certificate {certificate.number}: its signed record does not verify")
        pdf = certificate_pdf_name(certificate)
        if files.exists(pdf) and not verify_pdf(files.read(pdf), key).ok:
            problems.append(f"certificate {certificate.number}: its PDF does not verify")
    return problems
