"""The audit trail: append-only, each event holding the hash of the one before it.

The application only ever inserts events (through :func:`gia.web.actions.audit.record`); ``save`` on an
existing event and ``delete`` raise. ``gia audit verify`` (and the admin) recompute the chain.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from gia.web.models.submissions import ImmutableError

GENESIS = "0" * 64


class AuditHead(models.Model):
    """One row: the last event's hash and sequence number, locked while an event is appended."""

    last_hash = models.CharField(max_length=64, default=GENESIS)
    last_sequence = models.PositiveBigIntegerField(default=0)


class AuditEvent(models.Model):
    sequence = models.PositiveBigIntegerField(unique=True)
    at = models.DateTimeField()
    actor = models.CharField(_("actor"), max_length=254)
    action = models.CharField(_("action"), max_length=64)
    target = models.CharField(_("target"), max_length=200)
    before = models.JSONField(null=True)
    after = models.JSONField(null=True)
    previous_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["sequence"]

    def __str__(self) -> str:
        return f"#{self.sequence} {self.action} {self.target}"

    def canonical(self) -> bytes:
        """What the hash covers: every field but the hash itself, as canonical JSON."""
        body: dict[str, Any] = {
            "sequence": self.sequence,
            "at": self.at.isoformat(timespec="microseconds"),
            "actor": self.actor,
            "action": self.action,
            "target": self.target,
            "before": self.before,
            "after": self.after,
            "previous_hash": self.previous_hash,
        }
        return json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()

    def compute_hash(self) -> str:
        return hashlib.sha256(self.canonical()).hexdigest()

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise ImmutableError(_("audit events are never changed"))
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise ImmutableError(_("audit events are never deleted"))
