"""The job engine: a Celery app configured from Django's settings (``CELERY_*``, see settings/base.py).

Start a worker (with the periodic checks, beat, in the same process) with::

    celery -A gia.web.jobs worker -B

By default the broker lives in files under ``var/jobs`` (one machine); set ``GIA_BROKER_URL`` to Redis or
RabbitMQ to run workers on other machines.
"""

from __future__ import annotations

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gia.web.settings.dev")

app = Celery("gia", include=["gia.web.jobs.tasks"])
app.config_from_object("django.conf:settings", namespace="CELERY")


def broker_folders() -> None:
    """The embedded broker's folders (kombu's filesystem transport expects them to exist)."""
    from django.conf import settings

    options = settings.CELERY_BROKER_TRANSPORT_OPTIONS
    for key in ("data_folder_in", "data_folder_out", "processed_folder", "control_folder"):
        if key in options:
            os.makedirs(str(options[key]), exist_ok=True)
