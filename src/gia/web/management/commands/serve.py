"""``python -m gia.web serve``: the web server and, beside it, a job worker with the periodic checks
(Celery, ``-B``); Ctrl-C stops both. ``make run`` uses it.

With ``GIA_JOBS_EAGER=true`` no worker is started (jobs then run inside the requests)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = "Serve the platform with a job worker beside it (both stop on Ctrl-C)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("address", nargs="?", default="127.0.0.1:8000")
        parser.add_argument("--workers", type=int, default=2, help="processes of the job worker (2)")

    def handle(self, *args: Any, **options: Any) -> None:
        worker = None
        # runserver's reloader runs this command again in a child (RUN_MAIN): the worker is the parent's
        if not settings.GIA_JOBS_EAGER and os.environ.get("RUN_MAIN") != "true":
            from gia.web.jobs import broker_folders

            broker_folders()
            settings.GIA_JOBS_DIR.mkdir(parents=True, exist_ok=True)  # beat's schedule, whatever the broker
            schedule = settings.GIA_JOBS_DIR / "beat-schedule"
            worker = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "celery",
                    "-A",
                    "gia.web.jobs",
                    "worker",
                    "--beat",
                    f"--schedule={schedule}",
                    f"--concurrency={options['workers']}",
                    "--without-mingle",
                    "--without-gossip",
                    "--loglevel=WARNING",
                ],
                env={**os.environ, "DJANGO_SETTINGS_MODULE": os.environ["DJANGO_SETTINGS_MODULE"]},
                # out of the terminal's process group: Ctrl-C reaches this command, which stops the
                # worker in order (its pool's children must not get the signal before it does)
                start_new_session=True,
            )
            self.stdout.write(
                f"Job worker started (pid {worker.pid}, broker {settings.GIA_BROKER_URL.split('@')[-1]})"
            )
        try:
            call_command("runserver", options["address"])
        finally:
            if worker is not None and worker.poll() is None:
                self.stdout.write("Stopping the job worker…")
                worker.terminate()  # warm shutdown: a running job ends first (or is taken up again later)
                try:
                    worker.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    os.killpg(worker.pid, signal.SIGKILL)
