"""The outbox: e-mails a step writes in its own transaction and that are sent after it commits.

A mail server that cannot be reached never turns a committed step into an error: the mail waits
here with the reason it was not sent, and is sent again later (``python -m gia.web send_mail``)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class OutgoingMail(models.Model):
    subject = models.CharField(_("subject"), max_length=300)
    body = models.TextField(_("text"))
    recipients = models.JSONField(_("recipients"))
    created = models.DateTimeField(_("written"), auto_now_add=True)
    sent = models.DateTimeField(_("sent"), null=True, blank=True)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    last_error = models.CharField(_("last error"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("outgoing e-mail")
        verbose_name_plural = _("outgoing e-mails")
        ordering = ["created"]
        indexes = [models.Index(fields=["sent", "attempts"], name="mail_pending")]

    def __str__(self) -> str:
        return f"{self.subject} → {', '.join(self.recipients)}"
