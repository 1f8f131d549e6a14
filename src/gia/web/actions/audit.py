"""Appending to the hash-chained audit trail, and checking the chain."""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AnonymousUser, User
from django.db import transaction
from django.utils import timezone

from gia.web.models.accounts import Pseudonym
from gia.web.models.audit import GENESIS, AuditEvent, AuditHead


def pseudonym(user: User) -> str:
    """The code the audit trail names ``user`` by (made on first use; the link to the account is kept in
    :class:`Pseudonym` and is what erasure removes)."""
    found = Pseudonym.objects.filter(user=user).values_list("code", flat=True).first()
    if found:
        return found
    return Pseudonym.objects.create(code=f"p-{secrets.token_hex(6)}", user=user).code


def email_pseudonym(email: str) -> str:
    """The code for someone known only by an e-mail address (invited, no account yet)."""
    found = Pseudonym.objects.filter(user=None, email=email, erased=None).values_list("code", flat=True).first()
    if found:
        return found
    return Pseudonym.objects.create(code=f"p-{secrets.token_hex(6)}", email=email).code


def _actor(user: User | AnonymousUser | str | None) -> str:
    """Who did it, as the trail names them: ``person:<pseudonym>``, or ``system`` / ``anonymous``."""
    if user is None:
        return "system"
    if isinstance(user, str):
        return user
    return f"person:{pseudonym(user)}" if user.is_authenticated else "anonymous"


def person(actor: str) -> str:
    """An actor of the trail as a reader with the right to know may see it: the person's name, or the
    pseudonym alone once the link was erased."""
    if not actor.startswith("person:"):
        return actor
    code = actor.removeprefix("person:")
    row = Pseudonym.objects.filter(code=code).select_related("user").first()
    if row is None or row.erased or (row.user is None and not row.email):
        return f"{code} (erased)"
    if row.user is not None:
        return f"{row.user.get_full_name() or row.user.get_username()} ({code})"
    return f"{row.email} ({code})"


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


def head() -> tuple[int, str]:
    """The chain's head: the last event's sequence number and hash (0 and the genesis hash when empty)."""
    found = AuditHead.objects.filter(pk=1).first()
    return (found.last_sequence, found.last_hash) if found else (0, GENESIS)


def parse_anchor(text: str) -> tuple[int, str]:
    """``"<sequence>:<hash>"`` (or ``<date> <sequence> <hash>``, a line of an anchor file) as a pair."""
    parts = text.replace(":", " ").split()
    if len(parts) == 3:
        parts = parts[1:]
    if len(parts) != 2 or not parts[0].isdigit() or len(parts[1]) != 64:
        raise ValueError(f"not an anchor of the audit trail: {text!r}")
    return int(parts[0]), parts[1]


def certificate_anchors() -> list[tuple[str, tuple[int, str]]]:
    """The chain heads printed into the signed certificates, by certificate number."""
    import json

    from gia.web.models import Certificate

    found = []
    for number, signed in Certificate.objects.exclude(signed_json="").values_list("number", "signed_json"):
        anchor = json.loads(signed).get("certificate", {}).get("audit_head")
        if anchor:
            found.append((number, parse_anchor(anchor)))
    return found


def verify_chain(anchors: Iterable[tuple[str, tuple[int, str]]] = ()) -> ChainCheck:
    """Recompute every event's hash in order; name the first event that does not match.

    The stored head must be the last event, and every anchor (a head recorded outside the database:
    printed into a signed certificate, or written daily to a file) must still be in the chain: a
    rewrite of the last events, or of the whole chain, is found there.
    """
    previous = GENESIS
    count = 0
    expected_sequence = 1
    hashes: dict[int, str] = {}
    anchors = list(anchors)
    wanted = {sequence for _where, (sequence, _hash) in anchors}
    for event in AuditEvent.objects.order_by("sequence").iterator(chunk_size=2000):
        count += 1
        if event.sequence != expected_sequence:
            return ChainCheck(count, event.sequence, "missing event before this one")
        if event.previous_hash != previous:
            return ChainCheck(count, event.sequence, "does not link to the event before it")
        if event.compute_hash() != event.hash:
            return ChainCheck(count, event.sequence, "its content does not match its hash")
        if event.sequence in wanted:
            hashes[event.sequence] = event.hash
        previous = event.hash
        expected_sequence += 1
    stored = AuditHead.objects.filter(pk=1).first()
    if stored is not None and stored.last_sequence != count:
        return ChainCheck(count, count + 1, "events after this one are missing")
    if stored is not None and stored.last_hash != previous:
        return ChainCheck(
            count, count, "the last event differs from the chain head recorded when it was written"
        )
    for where, (sequence, digest) in sorted(anchors, key=lambda a: a[1][0]):
        if sequence > count:
            return ChainCheck(count, count + 1, f"events up to #{sequence} are missing (anchored in {where})")
        if sequence and hashes.get(sequence) != digest:
            return ChainCheck(count, sequence, f"differs from the head anchored in {where}")
    return ChainCheck(count, None)
