"""Recording a sync's batch of emails in one go leaves the database exactly as recording them
one at a time, each in its own savepoint, does: the follow-up cycle's rules hold either way."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from tests.factories import prospect
from tests.services.mailbox.helpers import SELLER
from touchdesk.domain.timeline import TouchInput
from touchdesk.domain.vocabulary import Channel, Direction, Outcome, ProspectStatus
from touchdesk.services import settings as app_settings
from touchdesk.services.follow_up import record_touch
from touchdesk.services.mailbox.parsing import ParsedEmail
from touchdesk.services.mailbox.record import (
    CANNOT_KEEP,
    EmailToRecord,
    flush_recounts,
    record_email,
    record_emails,
)
from touchdesk.services.next_steps import open_step
from touchdesk.services.plans import apply_plan, list_plans
from touchdesk.store.db import database
from touchdesk.store.models import NextStep, Prospect

NY = ZoneInfo("America/New_York")
NOW = datetime(2026, 3, 10, 15, 0, tzinfo=UTC)
# The clock of the moment and a step's random calendar id: not what the cycle decides.
WRITTEN_AT = {"created_at", "updated_at", "synced_at", "closed_at", "uid"}
EVENT_WRITTEN_AT = "occurred_at"  # an event's time is when it was written


def _plan(name: str) -> int:
    return next(p.id for p in list_plans() if p.spec.name == name)


@pytest.fixture
def people(store) -> list[int]:
    """Ann follows a plan and was called twice; Bob's plan has an email step due; Cat is
    dormant; Dan has never been touched (a broken email of his fails before any write)."""
    app_settings.put("seller_email", SELLER)
    ann = prospect("Ann", emails=("ann@acme.test",), time_zone="America/New_York")
    apply_plan([ann], _plan("No answer"), NOW - timedelta(days=2), NY)
    for hours in (30, 29):
        when = NOW - timedelta(hours=hours)
        record_touch(ann, TouchInput(Channel.CALL, when, Direction.OUT, Outcome.NO_ANSWER), when)
    bob = prospect("Bob", emails=("bob@acme.test",), time_zone="America/New_York")
    apply_plan([bob], _plan("Email chase"), NOW - timedelta(hours=5), NY)
    due = open_step(bob)
    NextStep.update(due_at=NOW - timedelta(hours=1)).where(NextStep.id == due.id).execute()
    cat = prospect("Cat", emails=("cat@acme.test",))
    Prospect.update(status=ProspectStatus.DORMANT.value).where(Prospect.id == cat).execute()
    dan = prospect("Dan", emails=("dan@acme.test",))
    return [ann, bob, cat, dan]


def _dump() -> dict[str, list[tuple]]:
    listed = database.execute_sql("SELECT name FROM sqlite_master WHERE type = 'table'")
    tables = sorted(row[0] for row in listed.fetchall())
    dump = {}
    for table in tables:
        cursor = database.execute_sql(f'SELECT * FROM "{table}" ORDER BY rowid')
        clock = WRITTEN_AT | ({EVENT_WRITTEN_AT} if table == "prospect_event" else set())
        kept = [i for i, d in enumerate(cursor.description) if d[0] not in clock]
        dump[table] = [tuple(row[i] for i in kept) for row in cursor.fetchall()]
    return dump


def _one_by_one(entries: list[EmailToRecord]) -> list:
    """What a sync did before batches: each email in its own savepoint, the history emails'
    prospects renumbered at the end."""
    to_recount: set[int] = set()
    outcomes = []
    with database.atomic():
        for e in entries:
            try:
                outcomes.append(record_email(e.prospect_id, e.email, e.direction, e.folder,
                                             to_recount))  # fmt: skip
            except CANNOT_KEEP:
                outcomes.append(None)
        flush_recounts(to_recount)
    return outcomes


def _recorded(way, entries: list[EmailToRecord]) -> tuple[list, dict]:
    """The outcomes and the database after `way`, which is then undone."""
    with database.atomic() as transaction:
        outcomes = way(entries)
        dump = _dump()
        transaction.rollback()
    return outcomes, dump


# (prospect 0-2, sent by the seller, hours before NOW, which Message-ID, broken: Dan's with a
# date with no zone)
_EMAIL = st.tuples(
    st.integers(0, 2), st.booleans(), st.integers(0, 80), st.integers(0, 6), st.booleans()
)


def _entries(people: list[int], emails: list[tuple]) -> list[EmailToRecord]:
    entries = []
    for who, sent, hours, mid, broken in emails:
        when = NOW - timedelta(hours=hours)
        if broken:  # only Dan's: he never has a touch, so it fails in log_touch before a write
            who, when = 3, when.replace(tzinfo=None)
        email = ParsedEmail(f"<m{mid}@acme.test>", when, f"Subject {mid}", "x@acme.test", SELLER,
                            "", "", "", f"Text {mid}.", ())  # fmt: skip
        entries.append(EmailToRecord(people[who], email, Direction.OUT if sent else Direction.IN,
                                     "Sent" if sent else "INBOX"))  # fmt: skip
    return entries


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(_EMAIL, max_size=12))
@example([(0, True, 40, 0, False), (0, False, 10, 1, False), (0, True, 50, 2, False)])
@example([(1, True, 0, 0, False), (1, True, 0, 0, False), (2, False, 3, 1, False)])
@example([(0, False, 1, 0, False), (3, True, 2, 1, True), (0, True, 60, 2, False)])
def test_a_batch_records_as_one_email_at_a_time_does(people, emails):
    entries = _entries(people, emails)
    alone, alone_dump = _recorded(_one_by_one, entries)
    batch, batch_dump = _recorded(record_emails, entries)
    assert batch == alone
    assert batch_dump == alone_dump


def test_an_email_that_cannot_be_kept_loses_only_itself(people):
    ann, _, _, dan = people
    entries = _entries(people, [(0, False, 1, 0, False), (3, True, 2, 1, True),
                                (0, True, 60, 2, False)])  # fmt: skip
    outcomes = record_emails(entries)
    assert [o is not None and o.created for o in outcomes] == [True, False, True]
    assert Prospect.get_by_id(ann).touch_count == 4 and Prospect.get_by_id(dan).touch_count == 0
