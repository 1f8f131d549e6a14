"""Tests: like development, with a fast password hasher and files in a temporary directory."""

import tempfile
from pathlib import Path

from gia.web.settings.base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-not-secret-5e1d2c3b4a5968778695a4b3c2d1e0f9"
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
GIA_FILES_DIR = Path(tempfile.mkdtemp(prefix="gia-test-files-"))
GIA_CACHE_DIR = Path(tempfile.mkdtemp(prefix="gia-test-cache-"))
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
#: jobs run inside the request that asks for them; tests/web/test_jobs_worker.py runs real workers
GIA_JOBS_EAGER = True
GIA_JOBS_DIR = Path(tempfile.mkdtemp(prefix="gia-test-jobs-"))
