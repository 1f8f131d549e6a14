"""Defaults shared by every environment. Secrets and hosts come from the environment in production."""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

WEB_DIR = Path(__file__).resolve().parents[1]
#: where GIA keeps its database and uploaded files (outside the package and the web root)
DATA_DIR = Path(os.environ.get("GIA_DATA_DIR", Path.cwd() / "var")).resolve()

SECRET_KEY = os.environ.get("GIA_SECRET_KEY", "")
DEBUG = False
ALLOWED_HOSTS: list[str] = [h for h in os.environ.get("GIA_ALLOWED_HOSTS", "").split(",") if h]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "csp",
    "gia.web",
]

MIDDLEWARE = [
    "gia.web.logs.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "gia.web.middleware.LanguageChoiceMiddleware",
    # after the user and the language are known (its refusal speaks), before any view reads the body
    "gia.web.uploads.RequestSizeMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "gia.web.middleware.DenyUnlessRuleMiddleware",
]

ROOT_URLCONF = "gia.web.urls"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "gia.web.context.platform",
            ]
        },
    }
]
WSGI_APPLICATION = "gia.web.wsgi.application"

#: SQLite in the data directory unless DATABASE_URL names another database (PostgreSQL in production)
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", "sqlite:///" + str(DATA_DIR / "gia.sqlite3")),
        conn_max_age=int(os.environ.get("GIA_DB_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {"timeout": 20, "transaction_mode": "IMMEDIATE"}
    DATABASES["default"]["CONN_MAX_AGE"] = 0

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "workspace"
LOGOUT_REDIRECT_URL = "home"
#: failed logins allowed per account or address within the window before logins are refused
GIA_LOGIN_MAX_FAILURES = 5
GIA_LOGIN_WINDOW_SECONDS = 15 * 60
GIA_INVITATION_DAYS = 14
#: how long records holding personal data are kept (gia.web.actions.privacy.do_purge_personal_data, run
#: daily by `python -m gia.web purge_personal_data`): failed sign-ins, invitations never accepted (after
#: they expired), e-mails sent [days]
GIA_RETENTION_DAYS = {"failed_sign_ins": 30, "invitations": 90, "emails": 90}
#: who answers questions about personal data (shown on the privacy page)
GIA_PRIVACY_CONTACT = os.environ.get("GIA_PRIVACY_CONTACT", "")

LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", _("English")),
    ("pl", _("Polish")),
    ("de", _("German")),
    ("da", _("Danish")),
    ("sv", _("Swedish")),
    ("fi", _("Finnish")),
    ("lt", _("Lithuanian")),
    ("lv", _("Latvian")),
    ("et", _("Estonian")),
]
LOCALE_PATHS = [WEB_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "UTC"
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
#: uploaded files (time series, evidence): outside the web root, served only as checked downloads
GIA_FILES_DIR = DATA_DIR / "files"
#: where the platform's files are kept (gia.web.files): None = the folder GIA_FILES_DIR on this machine;
#: with GIA_S3_BUCKET set, an S3-compatible object store, so that web servers and workers on several
#: machines see the same files. Its keys come from the environment as boto3 reads them
#: (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY), never from a file in the repository.
GIA_FILE_STORAGE: dict | None = None
if os.environ.get("GIA_S3_BUCKET"):
    GIA_FILE_STORAGE = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.environ["GIA_S3_BUCKET"],
            "location": os.environ.get("GIA_S3_PREFIX", ""),
            "endpoint_url": os.environ.get("GIA_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("GIA_S3_REGION") or None,
            "file_overwrite": True,
            "default_acl": None,
            "querystring_auth": True,
        },
    }
#: local copies of an object store's series files, which the core reads from a folder
GIA_CACHE_DIR = Path(os.environ.get("GIA_CACHE_DIR", DATA_DIR / "cache"))
#: largest upload accepted (Excel workbooks, JSON submissions, time series) [bytes]
GIA_MAX_UPLOAD_BYTES = 20_000_000
#: a JSON submission through the API is read whole: up to the upload limit (files are streamed to disk)
DATA_UPLOAD_MAX_MEMORY_SIZE = GIA_MAX_UPLOAD_BYTES + 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
#: a request declaring a larger body is refused unread (413); the form fields around a file fit in the margin
GIA_MAX_REQUEST_BYTES = GIA_MAX_UPLOAD_BYTES + 1_000_000
#: each file is counted as it streams in and stopped past GIA_MAX_UPLOAD_BYTES (gia.web.uploads)
FILE_UPLOAD_HANDLERS = [
    "gia.web.uploads.LimitedUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]

#: map tiles: a URL template (Leaflet); empty means no tiles, the map still shows areas and boundaries
GIA_TILE_URL = os.environ.get("GIA_TILE_URL", "")
GIA_TILE_ATTRIBUTION = os.environ.get("GIA_TILE_ATTRIBUTION", "")
#: the public address of the platform, used in links sent by e-mail
GIA_BASE_URL = os.environ.get("GIA_BASE_URL", "http://127.0.0.1:8000")

EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = os.environ.get("GIA_FROM_EMAIL", "GIA <no-reply@gia.invalid>")

#: the header with the client's address behind a reverse proxy (empty: the connection's address)
GIA_CLIENT_ADDRESS_HEADER = ""

CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
#: sessions in the database, read through the cache (one query fewer a request; logout still ends them)
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"


def _tile_origin(url: str) -> list[str]:
    """The origin a tile URL template loads images from (``{s}`` subdomains as a wildcard)."""
    from urllib.parse import urlsplit

    parts = urlsplit(url.replace("{s}", "*"))
    return [f"{parts.scheme}://{parts.netloc}"] if parts.scheme in ("https", "http") and parts.netloc else []


#: Content-Security-Policy on every response (django-csp): scripts, styles and everything else come from
#: the platform's own files only. No page has an inline script, an event-handler attribute or a style
#: attribute (gia/pages.js wires pages up from data attributes); images may also be data: URLs (Swagger
#: UI's icons) and the configured map tile server's.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:", *_tile_origin(GIA_TILE_URL)],
        "connect-src": ["'self'"],
        "font-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

#: backups (gia.web.backup) serialize with times to the microsecond, as the audit trail's hashes need
SERIALIZATION_MODULES = {"gia-json": "gia.web.serializers"}

#: the certification body's signing key (Ed25519, PKCS8 PEM) and its self-signed certificate, made by
#: `gia certificate keygen --out DIR`; the key is never committed, the certificate is published at
#: /.well-known/gia-signing-cert.pem
GIA_SIGNING_KEY = Path(os.environ.get("GIA_SIGNING_KEY", DATA_DIR / "keys" / "gia-signing-key.pem"))
GIA_SIGNING_CERT = Path(os.environ.get("GIA_SIGNING_CERT", DATA_DIR / "keys" / "gia-signing-cert.pem"))

#: English dates day-first (``2 Dec 2026``) for the platform's readers (gia.web.formats.en)
FORMAT_MODULE_PATH = ["gia.web.formats"]

# --- jobs (Celery) -------------------------------------------------------------------------------
#: the broker the web processes send jobs to and the workers take them from. By default it lives in
#: files under DATA_DIR/jobs (kombu's filesystem transport: no server to run, one machine); in
#: production Redis (redis://host:6379/0) or RabbitMQ (amqp://user:password@host:5672//).
GIA_BROKER_URL = os.environ.get("GIA_BROKER_URL", "filesystem://")
GIA_JOBS_DIR = DATA_DIR / "jobs"
#: run every job inside the request that asks for it, with no worker (the test suite; a quick look)
GIA_JOBS_EAGER = os.environ.get("GIA_JOBS_EAGER", "false") == "true"
#: a job that has been running this long is stopped and fails with a plain message [s]
GIA_JOB_TIME_LIMIT = int(os.environ.get("GIA_JOB_TIME_LIMIT", "900"))
#: a running job whose worker gave no sign of life for this long is queued again (the worker was
#: killed or its machine lost); workers beat every third of it [s]
GIA_JOB_LEASE = int(os.environ.get("GIA_JOB_LEASE", "60"))
#: how often a job is tried before it fails for good (a worker lost in the middle counts as a try)
GIA_JOB_ATTEMPTS = 3
#: ended jobs and the files they made are kept this long, then purged daily [days] (the home page lists
#: the last two weeks' jobs)
GIA_JOB_KEEP_DAYS = 30
#: a pause after each step [s]: 0 in use; the fault tests set it to stop a worker mid-job on purpose
GIA_JOB_STEP_PAUSE = float(os.environ.get("GIA_JOB_STEP_PAUSE", "0"))

CELERY_BROKER_URL = GIA_BROKER_URL
#: the queue GIA's jobs go through (platforms sharing one Redis give each its own)
CELERY_TASK_DEFAULT_QUEUE = os.environ.get("GIA_JOBS_QUEUE", "gia")
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_TRANSPORT_OPTIONS: dict[str, object] = (
    {
        "data_folder_in": str(GIA_JOBS_DIR / "queue"),
        "data_folder_out": str(GIA_JOBS_DIR / "queue"),
        "processed_folder": str(GIA_JOBS_DIR / "processed"),
        # broadcasts to the workers (else a folder named "control" in the working directory)
        "control_folder": str(GIA_JOBS_DIR / "control"),
        "store_processed": False,
        # the folder is looked at this often when idle (kombu's default, 1 s, is felt by a person
        # waiting and adds up over the many small tasks of a fan-out)
        "polling_interval": 0.1,
    }
    if GIA_BROKER_URL.startswith("filesystem:")
    # Redis hands an unacknowledged job to another worker after this long (a lost worker's job)
    else {"visibility_timeout": GIA_JOB_TIME_LIMIT + 2 * GIA_JOB_LEASE}
)
#: outcomes are kept in the job rows, not in a result backend
CELERY_TASK_IGNORE_RESULT = True
CELERY_RESULT_BACKEND = None
#: a job is acknowledged when it ends, so a worker lost in the middle leaves it to another one
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
#: one message at a time per process on Redis and RabbitMQ (the next goes to whichever worker is free);
#: the embedded broker is read by Celery's blocking loop, which looks for a new message every 2 s once
#: it holds as many as it may, so there each process holds a few (a job held by a lost worker is
#: queued again by the lost-job check)
CELERY_WORKER_PREFETCH_MULTIPLIER = 4 if GIA_BROKER_URL.startswith("filesystem:") else 1
CELERY_TASK_SOFT_TIME_LIMIT = GIA_JOB_TIME_LIMIT
CELERY_TASK_TIME_LIMIT = GIA_JOB_TIME_LIMIT + 30
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
#: the platform's periodic work (Celery beat): lost jobs, certificates' deadlines, the outbox, the
#: retention of personal data, the audit trail's anchor
CELERY_BEAT_SCHEDULE = {
    "requeue-lost-jobs": {"task": "gia.requeue_lost_jobs", "schedule": max(GIA_JOB_LEASE // 2, 5)},
    "send-mail": {"task": "gia.send_mail", "schedule": 60},
    "certificate-deadlines": {"task": "gia.certificate_deadlines", "schedule": 3600},
    "purge-personal-data": {"task": "gia.purge_personal_data", "schedule": 24 * 3600},
    "purge-old-jobs": {"task": "gia.purge_old_jobs", "schedule": 24 * 3600},
}
