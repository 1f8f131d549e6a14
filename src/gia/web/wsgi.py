"""WSGI entry point (production: ``DJANGO_SETTINGS_MODULE=gia.web.settings.production``)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gia.web.settings.dev")
application = get_wsgi_application()
