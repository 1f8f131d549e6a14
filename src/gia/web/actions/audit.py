"""Appending to the hash-chained audit trail, and checking the chain."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AnonymousUser, User
from django.db import transaction
from django.utils import timezone

from gia.web.models.audit import GENESIS, AuditEvent, AuditHead


def _actor(user: User | AnonymousUser | str | None) -> str:
    if user is None:
        return "system"
    if isinstance(user, str):
        return user
    return user.get_username() if user.is_authenticated else "anonymous"


def record(
    user: User | AnonymousUser | str | None,
    action: str,
    target: str,
    before: Any = None,
    after: Any = None,
) -> AuditEvent:
    """Append one event; must run inside the action's transaction (so both commit or neither)."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit events are written inside the action's transaction")
    head, _created = AuditHead.objects.select_for_update().get_or_create(pk=1)
    event = AuditEvent(
        sequence=head.last_sequence + 1,
        at=timezone.now(),
        actor=_actor(user),
        action=action,
        target=target,
        before=before,
        after=after,
        previous_hash=head.last_hash,
    )
    event.hash = event.compute_hash()
    event.save()
    head.last_hash = event.hash
    head.last_sequence = event.sequence
    head.save(update_fields=["last_hash", "last_sequence"])
    return event


@dataclass(frozen=True)
class ChainCheck:
    events: int
    #: the first event whose hash or link does not hold, or None when the chain is intact
    broken_at: int | None
    reason: str = ""

    @property
    def intact(self) -> bool:
        return self.broken_at is None


def verify_chain() -> ChainCheck:
    """Recompute every event's hash in order; name the first event that does not match."""
    previous = GENESIS
    count = 0
    expected_sequence = 1
    for event in AuditEvent.objects.order_by("sequence").iterator(chunk_size=2000):
        count += 1
        if event.sequence != expected_sequence:
            return ChainCheck(count, event.sequence, "missing event before this one")
        if event.previous_hash != previous:
            return ChainCheck(count, event.sequence, "does not link to the event before it")
        if event.compute_hash() != event.hash:
            return ChainCheck(count, event.sequence, "its content does not match its hash")
        previous = event.hash
        expected_sequence += 1
    head = AuditHead.objects.filter(pk=1).first()
    if head is not None and head.last_sequence != count:
        return ChainCheck(count, count + 1, "events after this one are missing")
    return ChainCheck(count, None)
