"""Reminders: each step coming due is announced once; the launch digest counts what is due."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from tests.factories import prospect
from touchdesk.domain.vocabulary import NextStepStatus
from touchdesk.services import settings
from touchdesk.services.next_steps import close_step, open_step, reschedule
from touchdesk.ui.reminders import CHECK_EVERY_MS, Reminders

T0 = datetime(2031, 3, 12, 9, 0, tzinfo=UTC)


class Clock:
    def __init__(self) -> None:
        self.now = T0

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def reminders(qtbot, store, clock):
    settings.put("time_zone", "UTC")
    watcher = Reminders(clock=clock, use_tray=False)
    seen = []
    watcher.reminded.connect(seen.append)
    watcher.seen = seen
    yield watcher
    watcher.stop()


def test_a_step_coming_due_is_announced_exactly_once(reminders, clock) -> None:
    soon = prospect("Ann", "Lee", due=T0 + timedelta(minutes=3), purpose="Ask about the pilot")
    prospect("Later", due=T0 + timedelta(minutes=30))
    prospect("Already overdue", due=T0 - timedelta(hours=1))  # for the digest, not a message
    reminders.start()
    assert [(s.prospect_id, s.name) for s in reminders.seen] == [(soon, "Ann Lee")]
    assert reminders.seen[0].purpose == "Ask about the pilot"
    clock.now = T0 + timedelta(minutes=1)
    reminders.check()
    clock.now = T0 + timedelta(minutes=4)  # now past its time: still not a second message
    reminders.check()
    assert len(reminders.seen) == 1


def test_a_later_step_is_announced_when_its_time_comes(reminders, clock) -> None:
    later = prospect("Later", due=T0 + timedelta(minutes=30))
    reminders.start()
    assert reminders.seen == []
    clock.now = T0 + timedelta(minutes=24)  # 6 minutes ahead: not yet
    assert reminders.check() == []
    clock.now = T0 + timedelta(minutes=25)  # 5 minutes ahead: the lead
    assert [s.prospect_id for s in reminders.check()] == [later]
    assert len(reminders.seen) == 1


def test_a_rescheduled_step_is_announced_again_and_a_closed_one_never(reminders, clock) -> None:
    moved = prospect("Moved", due=T0 + timedelta(minutes=2))
    closed = prospect("Closed", due=T0 + timedelta(minutes=40))
    reminders.start()
    step = open_step(moved)
    assert step is not None
    reschedule(step.id, T0 + timedelta(minutes=20))
    closing = open_step(closed)
    assert closing is not None
    close_step(closing.id, NextStepStatus.DONE)
    clock.now = T0 + timedelta(minutes=45)
    reminders.check()
    assert [s.prospect_id for s in reminders.seen] == [moved, moved]


def test_clicking_the_message_opens_the_prospect(reminders, qtbot) -> None:
    pid = prospect("Ann", due=T0 + timedelta(minutes=1))
    reminders.start()
    with qtbot.waitSignal(reminders.open_prospect, timeout=1000) as opened:
        reminders.open_last()  # what the tray's messageClicked is connected to
    assert opened.args == [pid]


def test_the_launch_digest(reminders) -> None:
    prospect("Overdue", due=T0 - timedelta(hours=1))
    prospect("Soon", due=T0 + timedelta(minutes=3))
    prospect("Evening", due=T0 + timedelta(hours=10))  # 19:00 UTC, today
    prospect("Tomorrow", due=T0 + timedelta(days=1))
    assert reminders.start() == "Overdue: 1 · Due today: 2"
    assert reminders.digest_text() == "Overdue: 1 · Due today: 2"


def test_the_digest_when_nothing_is_due(reminders) -> None:
    prospect("Tomorrow", due=T0 + timedelta(days=1))
    assert reminders.digest_text() == "Nothing overdue and nothing else due today."


def test_it_checks_every_minute_until_stopped(reminders) -> None:
    reminders.start()
    assert reminders.timer.isActive()
    assert reminders.timer.interval() == CHECK_EVERY_MS == 60_000
    reminders.stop()
    assert not reminders.timer.isActive()


def test_the_timer_runs_the_check(reminders, clock, qtbot) -> None:
    pid = prospect("Ann", due=T0 + timedelta(minutes=30))
    reminders.start()
    reminders.timer.setInterval(10)  # a minute is too long for a test; the wiring is the same
    clock.now = T0 + timedelta(minutes=26)
    with qtbot.waitSignal(reminders.reminded, timeout=2000) as announced:
        pass
    assert announced.args[0].prospect_id == pid
