"""Backup and restore (issue 18 item 20): a round trip — back up the demo platform, wipe it, restore it —
leaves the audit trail intact with its head, every certificate verifying and every stored file's
SHA-256 equal; on SQLite and on PostgreSQL (the suite runs on both). A damaged archive or a database
that is not empty is refused and nothing is restored."""

from __future__ import annotations

import hashlib
import io
import tarfile
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from typer.testing import CliRunner

from gia.cli import app
from gia.web.actions.audit import head, verify_chain
from gia.web.backup import BackupError, make_backup, restore_backup, row_counts
from gia.web.models import AuditEvent, Certificate

PASSWORD = "backup-demo-password-1"


def digests(root: Path) -> dict[str, str]:
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def wipe(files: Path) -> None:
    call_command("flush", interactive=False, verbosity=0)
    for path in sorted(files.rglob("*"), reverse=True):
        path.unlink() if path.is_file() else path.rmdir()


@pytest.fixture
def demo(settings: Any, tmp_path: Path) -> Path:
    from gia.web.demo import load_demo

    settings.GIA_FILES_DIR = tmp_path / "files"
    load_demo(password=PASSWORD)
    return settings.GIA_FILES_DIR


@pytest.mark.django_db(transaction=True)
def test_backup_wipe_restore_keeps_the_trail_the_certificates_and_the_files(demo: Path, tmp_path: Path) -> None:
    from gia.web.actions.jobs import do_ask
    from gia.web.models import Job, SubmissionVersion

    version = SubmissionVersion.objects.order_by("pk").first()
    report = do_ask(
        version.submitted_by, Job.Kind.REPORT, {"version": version.pk, "annex": False}, area=version.area, year=version.year
    )
    assert report.state == "done"  # a job and the file it made are in the backup too
    certificates = Certificate.objects.exclude(signed_json="").count()
    assert certificates >= 2
    rows, files, trail_head = row_counts(), digests(demo), head()
    assert any(name.startswith("certificates/") for name in files)
    archive, manifest = make_backup(tmp_path / "backups")
    assert manifest["files"] == {name.replace("\\", "/"): digest for name, digest in files.items()}
    wipe(demo)
    assert AuditEvent.objects.count() == 0 and not any(demo.rglob("*.pdf"))

    result = CliRunner().invoke(app, ["restore", str(archive)])
    assert result.exit_code == 0, result.output
    assert "Everything the backup recorded holds" in result.output
    assert row_counts() == rows
    assert digests(demo) == files
    assert head() == trail_head and verify_chain().intact
    restored = Job.objects.get(pk=report.pk)
    assert (restored.params, restored.result) == (report.params, report.result)
    verified = CliRunner().invoke(app, ["audit", "verify"])
    assert verified.exit_code == 0 and "intact" in verified.output, verified.output
    assert f"{certificates} signed certificates" in " ".join(result.output.split())


@pytest.mark.django_db(transaction=True)
def test_a_damaged_archive_or_a_database_with_data_restores_nothing(demo: Path, tmp_path: Path) -> None:
    archive, manifest = make_backup(tmp_path / "backups")
    # a database that holds data: refused before anything is written
    with pytest.raises(BackupError, match="the database is not empty"):
        restore_backup(archive)
    wipe(demo)
    # one changed byte in one stored file: refused, and the rows loaded so far are undone
    damaged = tmp_path / "damaged.tar.gz"
    victim = next(name for name in manifest["files"] if name.endswith(".pdf"))
    with tarfile.open(archive, "r:gz") as source, tarfile.open(damaged, "w:gz") as target:
        for member in source.getmembers():
            content = source.extractfile(member).read()  # type: ignore[union-attr]
            if member.name == f"files/{victim}":
                content = content[:-1] + bytes([content[-1] ^ 1])
            target.addfile(member, io.BytesIO(content))
    with pytest.raises(BackupError, match="does not match its SHA-256"):
        restore_backup(damaged)
    assert sum(row_counts().values()) == 0
    assert not [p for p in demo.rglob("*") if p.is_file()]
    # not a backup at all
    (tmp_path / "notes.tar.gz").write_bytes(b"not an archive")
    with pytest.raises(BackupError, match="not a readable backup archive"):
        restore_backup(tmp_path / "notes.tar.gz")
