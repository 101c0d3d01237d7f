"""A sync's batch reads each prospect's status, counters and plan run once, ahead, for all its
emails: over random desks (every status, plans at any step, paused runs, earlier touches, due
email steps) it still records exactly what recording one email at a time does."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from tests.factories import prospect
from tests.services.mailbox.helpers import SELLER
from tests.services.mailbox.test_batch_recording import _one_by_one, _recorded
from touchdesk.domain.timeline import TouchInput
from touchdesk.domain.vocabulary import Channel, Direction, Outcome, ProspectStatus
from touchdesk.services import settings as app_settings
from touchdesk.services.cycle_reads import prospects_now
from touchdesk.services.mailbox.parsing import ParsedEmail
from touchdesk.services.mailbox.record import EmailToRecord, record_emails
from touchdesk.services.next_steps import open_step
from touchdesk.services.plans import apply_plan, list_plans, run_state
from touchdesk.services.timeline import log_touch, read_counters
from touchdesk.store.db import database
from touchdesk.store.models import NextStep, PlanRun, Prospect

NY = ZoneInfo("America/New_York")
NOW = datetime(2026, 3, 10, 15, 0, tzinfo=UTC)
PLANS = ("No answer", "Email chase", "Break-up", "New contact")
EARLIER = (
    (Channel.CALL, Direction.OUT, Outcome.NO_ANSWER),
    (Channel.CALL, Direction.OUT, Outcome.LEFT_VOICEMAIL),
    (Channel.CALL, Direction.OUT, Outcome.TALKED),
    (Channel.EMAIL, Direction.OUT, Outcome.SENT),
    (Channel.EMAIL, Direction.IN, Outcome.REPLIED),
)

# One prospect: status, plan (None or an index of PLANS), the run's position (any step, or
# past the last), second try, paused, earlier touches (kind, hours ago), and the open step's
# due time (hours from NOW), if it has one.
_PERSON = st.tuples(
    st.sampled_from(list(ProspectStatus)),
    st.one_of(st.none(), st.integers(0, len(PLANS) - 1)),
    st.integers(0, 12),
    st.booleans(),
    st.booleans(),
    st.lists(st.tuples(st.integers(0, len(EARLIER) - 1), st.integers(1, 120)), max_size=5),
    st.one_of(st.none(), st.integers(-30, 30)),
)
# One email: prospect 0-3, sent by the seller, hours before NOW, which Message-ID.
_EMAIL = st.tuples(st.integers(0, 3), st.booleans(), st.integers(0, 150), st.integers(0, 9))


def _plan_ids() -> dict[str, int]:
    return {p.spec.name: p.id for p in list_plans()}


def _desk(people: list[tuple]) -> list[int]:
    plans = _plan_ids()
    ids = []
    for n, (status, plan, position, second, paused, earlier, due) in enumerate(people):
        pid = prospect(f"P{n}", emails=(f"p{n}@acme.test",), time_zone="America/New_York")
        for kind, hours in earlier:
            channel, direction, outcome = EARLIER[kind]
            log_touch(pid, TouchInput(channel, NOW - timedelta(hours=hours), direction, outcome))
        if plan is not None:
            apply_plan([pid], plans[PLANS[plan]], NOW - timedelta(days=3), NY)
            PlanRun.update(
                position=position, second_try=second, status="paused" if paused else "active"
            ).where(PlanRun.prospect == pid).execute()
        step = open_step(pid)
        if step is not None and due is not None:
            when = NOW + timedelta(hours=due)
            NextStep.update(due_at=when).where(NextStep.id == step.id).execute()
        Prospect.update(status=status.value).where(Prospect.id == pid).execute()
        ids.append(pid)
    return ids


def _entries(ids: list[int], emails: list[tuple]) -> list[EmailToRecord]:
    entries = []
    for who, sent, hours, mid in emails:
        when, sender = NOW - timedelta(hours=hours), f"p{who}@acme.test"
        email = ParsedEmail(f"<m{mid}@acme.test>", when, f"Re {mid}", sender, SELLER, "", "", "",
                            f"Text {mid}.", ())  # fmt: skip
        direction = Direction.OUT if sent else Direction.IN
        entries.append(EmailToRecord(ids[who], email, direction, "Sent" if sent else "INBOX"))
    return entries


_CALM = settings(
    max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@_CALM
@given(st.lists(_PERSON, min_size=4, max_size=4), st.lists(_EMAIL, max_size=14))
@example(  # a plan on its last step ends with the prospect dormant; the next email sees it
    [(ProspectStatus.ACTIVE, 0, 12, True, False, [(0, 5)], None)] * 4,
    [(0, False, 2, 0), (0, False, 1, 1), (1, True, 3, 2), (1, False, 150, 3)],
)
@example(  # an email step due: sent emails close it and move each plan on
    [(ProspectStatus.ACTIVE, 1, 0, False, False, [], -2)] * 4,
    [(0, True, 1, 0), (1, True, 2, 1), (0, False, 0, 2), (2, True, 100, 3), (2, True, 0, 4)],
)
@example(  # paused and dormant prospects, and history before the newest
    [
        (ProspectStatus.ACTIVE, 0, 3, False, True, [(4, 50)], None),
        (ProspectStatus.ACTIVE, 2, 0, False, False, [], None),
        (ProspectStatus.DORMANT, 3, 1, True, False, [(1, 90), (0, 20)], None),
        (ProspectStatus.WON, None, 0, False, False, [(3, 10)], None),
    ],
    [(0, False, 60, 0), (0, False, 1, 1), (1, False, 5, 2), (2, False, 0, 3), (3, True, 30, 4)],
)
def test_a_batch_reading_ahead_records_as_one_email_at_a_time_does(store, people, emails):
    app_settings.put("seller_email", SELLER)
    with database.atomic() as transaction:
        entries = _entries(_desk(people), emails)
        alone, alone_dump = _recorded(_one_by_one, entries)
        batch, batch_dump = _recorded(record_emails, entries)
        transaction.rollback()
    assert batch == alone
    assert batch_dump == alone_dump


@_CALM
@given(st.lists(_PERSON, min_size=4, max_size=4))
def test_prospects_read_ahead_are_as_the_cycle_reads_each(store, people):
    with database.atomic() as transaction:
        ids = _desk(people)
        read = prospects_now([*ids, ids[0], 10_000])  # a repeat, and nobody
        for pid in ids:
            now = read[pid]
            assert now.status.value == Prospect.get_by_id(pid).status
            assert now.counters == read_counters(pid)
            assert now.run == run_state(pid)
        assert 10_000 not in read
        transaction.rollback()
