"""The audit trail's head is checked against the last event and against heads recorded outside the
database (issue 18, 3): a rewrite of the last events or of the whole chain is found."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.urls import reverse
from typer.testing import CliRunner

from gia.cli import app
from gia.web.actions.audit import head, record, verify_chain
from gia.web.models import AuditEvent, AuditHead


def _events(count: int) -> None:
    for number in range(count):
        with transaction.atomic():
            record("system", "test.event", f"thing:{number}", after={"n": number})


def _rewrite_last_event() -> None:
    """What someone with write access to the database could do: change the last event and its hash."""
    event = AuditEvent.objects.order_by("-sequence").first()
    assert event is not None
    event.target = "thing:elsewhere"
    new_hash = event.compute_hash()
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE gia_auditevent SET target = %s, hash = %s WHERE sequence = %s",
            ["thing:elsewhere", new_hash, event.sequence],
        )


@pytest.mark.django_db
def test_a_rewritten_last_event_no_longer_matches_the_head() -> None:
    _events(4)
    assert verify_chain().intact
    _rewrite_last_event()
    check = verify_chain()
    assert not check.intact and check.broken_at == 4
    assert "chain head" in check.reason


@pytest.mark.django_db
def test_a_deleted_last_event_with_a_lowered_head_shows_against_an_anchor(tmp_path: Path) -> None:
    _events(4)
    anchors = tmp_path / "anchors.txt"
    out = StringIO()
    call_command("audit_anchor", "--file", str(anchors), stdout=out)
    sequence, digest = head()
    assert anchors.read_text().split()[1:] == [str(sequence), digest]
    # delete the last event and lower the head: the database alone cannot tell
    last = AuditEvent.objects.order_by("-sequence").first()
    assert last is not None
    AuditEvent.objects.filter(pk=last.pk).delete()
    AuditHead.objects.filter(pk=1).update(last_sequence=last.sequence - 1, last_hash=last.previous_hash)
    assert verify_chain().intact
    # the anchor recorded outside it can
    check = verify_chain([("anchors.txt line 1", (sequence, digest))])
    assert not check.intact and "anchors.txt" in check.reason
    runner = CliRunner()
    result = runner.invoke(app, ["audit", "verify", "--anchors", str(anchors)], env={"COLUMNS": "250"})
    assert result.exit_code == 1 and "anchors.txt line 1" in result.output


@pytest.mark.django_db
def test_anyone_may_read_the_head_to_record_it(client) -> None:  # type: ignore[no-untyped-def]
    _events(2)
    answer = client.get(reverse("audit_head")).json()
    assert (answer["sequence"], answer["hash"]) == head()
