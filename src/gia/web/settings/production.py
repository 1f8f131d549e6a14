"""Production: everything secret or site-specific comes from the environment; refuses to start without it.

Required: ``GIA_SECRET_KEY``, ``GIA_ALLOWED_HOSTS`` (comma-separated), ``DATABASE_URL`` (PostgreSQL).
Optional: ``GIA_DATA_DIR``, ``GIA_BASE_URL``, ``GIA_TILE_URL``, ``GIA_EMAIL_URL``-style SMTP settings below,
``GIA_LOG_LEVEL`` (INFO), ``GIA_SENTRY_DSN`` (errors also to Sentry; ``pip install 'gia[sentry]'``).
"""

import os

from django.core.exceptions import ImproperlyConfigured

from gia.web.logs import logging_config
from gia.web.settings.base import *  # noqa: F403
from gia.web.settings.base import ALLOWED_HOSTS, SECRET_KEY

if len(SECRET_KEY) < 50:
    raise ImproperlyConfigured("GIA_SECRET_KEY must be set to a random string of at least 50 characters")
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("GIA_ALLOWED_HOSTS must name the host(s) GIA is served at")
if not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")) and (
    os.environ.get("GIA_ALLOW_SQLITE") != "true"  # only for measuring the embedded database (bench/web.py)
):
    raise ImproperlyConfigured("DATABASE_URL must name the PostgreSQL database (postgresql://…)")
if not os.environ.get("GIA_BASE_URL", "").startswith("https://"):
    raise ImproperlyConfigured(
        "GIA_BASE_URL must be the platform's public https:// address (used in e-mails)"
    )

DEBUG = False
SECURE_SSL_REDIRECT = os.environ.get("GIA_SSL_REDIRECT", "true") == "true"
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = int(os.environ.get("GIA_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
#: behind a reverse proxy, set to the header it writes the client's address into (HTTP_X_FORWARDED_FOR): by
#: default the connection's address counts, since a client may send any header it likes
GIA_CLIENT_ADDRESS_HEADER = os.environ.get("GIA_CLIENT_ADDRESS_HEADER", "")
EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = os.environ.get("GIA_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("GIA_EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("GIA_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("GIA_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = os.environ.get("GIA_EMAIL_TLS", "true") == "true"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
}

#: every failure leaves a trace: JSON lines on stderr with the request's id (gia.web.logs)
LOGGING = logging_config(os.environ.get("GIA_LOG_LEVEL", "INFO"))
if os.environ.get("GIA_SENTRY_DSN"):
    try:
        import sentry_sdk
    except ImportError as error:
        raise ImproperlyConfigured(
            "GIA_SENTRY_DSN is set but sentry-sdk is not installed: pip install 'gia[sentry]'"
        ) from error
    sentry_sdk.init(dsn=os.environ["GIA_SENTRY_DSN"], send_default_pii=False, traces_sample_rate=0.0)
