"""Files for many machines (issue 15): with ``GIA_S3_BUCKET`` set, the platform keeps its files in an
S3-compatible object store (django-storages), so that web servers and workers elsewhere see the same
files. Tried here against a real S3 endpoint on this machine (moto's server, over HTTP): the demo
platform is loaded (series uploaded, years submitted and assessed from the series, certificates
signed), its files are served from the store, nothing lands in the local folder, and a backup made
from the store restores into an empty store with every file's SHA-256 equal."""

from __future__ import annotations

import hashlib
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import boto3
import pytest
from django.core.management import call_command
from django.urls import reverse
from moto.server import ThreadedMotoServer

from gia.web import files
from gia.web.backup import make_backup, restore_backup, row_counts
from gia.web.models import Certificate, SeriesFile, SubmissionVersion

PASSWORD = "s3-demo-password-1"
BUCKET = "gia-files"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def s3(settings: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[Any]:
    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    endpoint = f"http://127.0.0.1:{port}"
    for name, value in (
        ("AWS_ACCESS_KEY_ID", "gia-test"),
        ("AWS_SECRET_ACCESS_KEY", "gia-test-secret"),
        ("AWS_DEFAULT_REGION", "eu-north-1"),
    ):
        monkeypatch.setenv(name, value)
    client = boto3.client("s3", endpoint_url=endpoint, region_name="eu-north-1")
    client.create_bucket(Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": "eu-north-1"})
    settings.GIA_FILES_DIR = tmp_path / "local-files"
    settings.GIA_CACHE_DIR = tmp_path / "cache"
    settings.GIA_FILE_STORAGE = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": BUCKET,
            "location": "gia",
            "endpoint_url": endpoint,
            "region_name": "eu-north-1",
            "file_overwrite": True,
            "default_acl": None,
        },
    }
    try:
        yield client
    finally:
        server.stop()


def objects(client: Any) -> dict[str, str]:
    """Every object in the bucket: key → SHA-256 of its bytes."""
    found = {}
    for page in client.get_paginator("list_objects_v2").paginate(Bucket=BUCKET):
        for item in page.get("Contents", []):
            body = client.get_object(Bucket=BUCKET, Key=item["Key"])["Body"].read()
            found[item["Key"]] = hashlib.sha256(body).hexdigest()
    return found


@pytest.mark.django_db(transaction=True)
def test_the_platform_keeps_its_files_in_an_object_store(s3: Any, client: Any, tmp_path: Path) -> None:
    from gia.web.demo import load_demo

    users = load_demo(password=PASSWORD)
    assert not files.is_local()
    stored = objects(s3)
    series = SeriesFile.objects.get()
    assert stored[f"gia/areas/{series.area.slug}/{series.year}/series/{series.name}"] == series.sha256
    signed = list(Certificate.objects.exclude(signed_json=""))
    assert signed and all(f"gia/certificates/{c.number}.pdf" in stored for c in signed)
    assert not (tmp_path / "local-files").exists(), "nothing is written to the local folder"
    # the assessment read the series from a checked local copy: the hourly criterion has its figure
    version = SubmissionVersion.objects.filter(area=series.area, year=series.year).latest("number")
    copy = tmp_path / "cache" / "areas" / series.area.slug / str(series.year) / "series" / series.name
    assert hashlib.sha256(copy.read_bytes()).hexdigest() == series.sha256
    assert version.sha256

    # served from the store: the series to its manager, a certificate's PDF to anyone
    manager = next(u for u in users if u.scope == series.area.name and u.role == "area manager")
    assert client.login(username=manager.username, password=PASSWORD)
    response = client.get(
        reverse("series_download", kwargs={"area": series.area.slug, "year": series.year, "name": series.name})
    )
    assert response.status_code == 200
    assert hashlib.sha256(b"".join(response.streaming_content)).hexdigest() == series.sha256
    pdf = client.get(reverse("certificate_pdf", kwargs={"certificate": signed[0].number}))
    assert pdf.status_code == 200 and b"".join(pdf.streaming_content).startswith(b"%PDF")
    report = client.get(
        reverse(
            "report",
            kwargs={"area": series.area.slug, "year": series.year, "number": version.number},
        )
    )
    assert report.status_code == 200 and report.content.startswith(b"%PDF")
    reports = f"gia/areas/{series.area.slug}/{series.year}/reports/v{version.number}-en-summary-"
    assert any(key.startswith(reports) for key in objects(s3)), "the report is kept in the store"

    # a backup read from the store restores into an empty store, file for file
    before, rows = objects(s3), row_counts()
    archive, manifest = make_backup(tmp_path / "backups")
    assert {f"gia/{name}": digest for name, digest in manifest["files"].items()} == before
    call_command("flush", interactive=False, verbosity=0)
    for key in before:
        s3.delete_object(Bucket=BUCKET, Key=key)
    assert objects(s3) == {}
    restored = restore_backup(archive)
    assert restored.problems == []
    assert objects(s3) == before and row_counts() == rows
