"""A mail server that cannot be reached never turns a committed step into an error (issue 18, 1)."""

from __future__ import annotations

import logging
import socket
from typing import Any

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from gia.web.models import Application, Invitation, OutgoingMail
from tests.web.conftest import Platform


def _closed_port() -> int:
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def smtp_down(settings: Any) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = _closed_port()
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_TIMEOUT = 2


@pytest.mark.django_db
def test_applying_while_the_mail_server_is_down_succeeds_and_the_mail_waits(
    platform: Platform, smtp_down: None, django_capture_on_commit_callbacks: Any, caplog: Any, settings: Any
) -> None:
    client = platform.client("manager")
    url = reverse("certification_apply", kwargs={"area": platform.area.slug})
    with (
        caplog.at_level(logging.WARNING, logger="gia.mail"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = client.post(
            url, {"stage": "certificate", "version": platform.version.pk, "confirm": "yes"}, follow=True
        )
    assert response.status_code == 200
    assert "The application is sent to the certification body." in response.content.decode()
    assert Application.objects.filter(area=platform.area).count() == 1
    waiting = OutgoingMail.objects.get()
    assert waiting.sent is None and waiting.attempts == 1 and "Connection" in waiting.last_error
    assert any("not sent" in r.getMessage() for r in caplog.records)

    # the server is back: the waiting mail goes out, once
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    call_command("send_mail")
    waiting.refresh_from_db()
    assert waiting.sent is not None and waiting.last_error == ""
    assert len(mail.outbox) == 1 and mail.outbox[0].subject == waiting.subject
    call_command("send_mail")
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_an_invitation_while_the_mail_server_is_down_is_kept(
    platform: Platform, smtp_down: None, django_capture_on_commit_callbacks: Any
) -> None:
    from gia.web.actions.accounts import do_invite

    with django_capture_on_commit_callbacks(execute=True):
        invitation, _token = do_invite(
            platform.users["certification_body"], "new.auditor@example.org", "auditor", platform.area
        )
    assert Invitation.objects.filter(pk=invitation.pk).exists()
    assert OutgoingMail.objects.get().recipients == ["new.auditor@example.org"]


@pytest.mark.django_db
def test_a_step_that_rolls_back_sends_nothing(
    platform: Platform, django_capture_on_commit_callbacks: Any
) -> None:
    from django.db import transaction

    from gia.web.mail import queue

    def failing_step() -> None:
        with transaction.atomic():
            queue("subject", "body", ["someone@example.org"])
            raise RuntimeError("the step fails")

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError):
        failing_step()
    assert not OutgoingMail.objects.exists() and mail.outbox == []
