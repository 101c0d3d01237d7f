"""The outbox's clock and its faults, with a clock the tests set: an email goes at its slot
and not a minute before; one whose minute passed while nothing ran is held for the seller;
a refusal stays in the outbox with the server's own answer."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from tests.services.outbox.helpers import NOW, NY, connect, hannah
from touchdesk.domain.outbox import MISSED_AFTER, OutboxStatus
from touchdesk.services.accounts import load_mail_account
from touchdesk.services.outbox.compose import compose, suggested_slot
from touchdesk.services.outbox.queue import get, queue, send_at_next_slot, send_now, waiting
from touchdesk.services.outbox.sending import send_due
from touchdesk.services.secrets import store_password
from touchdesk.store.models import Touch

MINUTE = timedelta(minutes=1)


def scheduled(pid: int) -> tuple[int, datetime]:
    slot = suggested_slot(pid, NOW)
    return queue(compose(pid, now=NOW), slot, NOW), slot


def test_the_suggested_slot_is_0830_in_the_prospects_day(store, file_keyring, smtp_server):
    connect(smtp_server)
    slot = suggested_slot(hannah(), NOW)  # Monday 06:00 in New York
    assert slot.astimezone(NY) == datetime(2026, 12, 7, 8, 30, tzinfo=NY)


def test_a_scheduled_email_goes_at_its_minute_not_the_one_before(store, file_keyring, smtp_server):
    connect(smtp_server)
    outbox_id, slot = scheduled(hannah())
    report = send_due(slot - MINUTE)
    assert (report.sent, report.missed, smtp_server.messages) == ([], [], [])
    assert get(outbox_id).status is OutboxStatus.QUEUED
    report = send_due(slot)
    assert [item.id for item in report.sent] == [outbox_id]
    assert len(smtp_server.messages) == 1
    assert get(outbox_id).sent_at == slot
    assert send_due(slot + MINUTE).sent == []  # sent once


@pytest.mark.parametrize("late", [MISSED_AFTER - MINUTE, MISSED_AFTER])
def test_a_few_minutes_late_is_still_sent(store, file_keyring, smtp_server, late):
    connect(smtp_server)
    outbox_id, slot = scheduled(hannah())
    assert [item.id for item in send_due(slot + late).sent] == [outbox_id]


def test_later_than_that_it_is_missed_never_sent_and_the_seller_decides(
    store, file_keyring, smtp_server
):
    connect(smtp_server)
    pid = hannah()
    outbox_id, slot = scheduled(pid)
    report = send_due(slot + MISSED_AFTER + MINUTE)
    assert [item.id for item in report.missed] == [outbox_id]
    assert report.sent == [] and smtp_server.messages == []
    assert get(outbox_id).status is OutboxStatus.MISSED
    assert send_due(slot + MISSED_AFTER + 2 * MINUTE).sent == []  # still waits for the seller
    # The next slot: 13:00 the same day in New York, sent then.
    later = slot + timedelta(hours=1)
    moved_to = send_at_next_slot(outbox_id, later)
    assert moved_to.astimezone(NY) == datetime(2026, 12, 7, 13, 0, tzinfo=NY)
    assert send_due(moved_to - MINUTE).sent == []
    assert [i.id for i in send_due(moved_to).sent] == [outbox_id]


def test_a_missed_email_sent_now_goes_at_the_next_check(store, file_keyring, smtp_server):
    connect(smtp_server)
    outbox_id, slot = scheduled(hannah())
    late = slot + timedelta(hours=3)
    send_due(late)
    send_now(outbox_id)
    assert [i.id for i in send_due(late + MINUTE).sent] == [outbox_id]


def test_a_wrong_password_keeps_the_email_with_the_servers_answer(store, file_keyring, smtp_server):
    connect(smtp_server, password="not-it")
    pid = hannah()
    outbox_id = queue(compose(pid, now=NOW), None, NOW)
    report = send_due(NOW)
    assert [i.id for i in report.failed] == [outbox_id]
    failed = get(outbox_id)
    assert failed.status is OutboxStatus.FAILED
    assert "refused the sign-in for seller@example.test" in failed.last_answer
    assert "535" in failed.last_answer
    assert failed.next_try_at is None  # the same password would fail again: the seller fixes it
    assert [i.id for i in waiting()] == [outbox_id]
    assert smtp_server.messages == [] and Touch.select().count() == 0
    store_password(load_mail_account().keyring_account, "app-password")
    send_now(outbox_id)
    assert [i.id for i in send_due(NOW + MINUTE).sent] == [outbox_id]


def test_a_refused_recipient_is_kept_with_the_servers_answer(store, file_keyring, smtp_server):
    connect(smtp_server)
    smtp_server.inbox.refuse.add("hannah@whitfield.test")
    outbox_id = queue(compose(hannah(), now=NOW), None, NOW)
    send_due(NOW)
    failed = get(outbox_id)
    assert failed.status is OutboxStatus.FAILED
    assert "550 5.1.1 <hannah@whitfield.test>: Recipient address rejected" in failed.last_answer
    assert failed.next_try_at is None
    assert send_due(NOW + timedelta(hours=2)).sent == []


def test_a_full_mailbox_is_tried_again_later_with_back_off(store, file_keyring, smtp_server):
    connect(smtp_server)
    smtp_server.inbox.data_answer = "452 4.2.2 Mailbox full, try again later"
    outbox_id = queue(compose(hannah(), now=NOW), None, NOW)
    send_due(NOW)
    first = get(outbox_id)
    assert "452 4.2.2 Mailbox full" in first.last_answer
    assert first.next_try_at == NOW + MINUTE
    send_due(NOW + MINUTE)
    assert get(outbox_id).next_try_at == NOW + 3 * MINUTE  # waits twice as long
    smtp_server.inbox.data_answer = ""
    assert send_due(NOW + 2 * MINUTE).sent == []
    assert [i.id for i in send_due(NOW + 3 * MINUTE).sent] == [outbox_id]
    assert get(outbox_id).attempts == 3


def test_an_email_claimed_by_another_sender_is_not_sent_twice(store, file_keyring, smtp_server):
    from touchdesk.services.outbox.sending import SENDING_LEASE, STOPPED_MID_SEND, claim_due

    connect(smtp_server)
    outbox_id = queue(compose(hannah(), now=NOW), None, NOW)
    claimed, _missed, _change = claim_due(NOW, None)  # the timer's run, which then stops
    assert claimed == [outbox_id]
    assert send_due(NOW).sent == []  # the app, the same minute: it is taken
    assert send_due(NOW + SENDING_LEASE).sent == []
    # The claimer never finished: nobody knows whether the server got it, so the seller does.
    send_due(NOW + SENDING_LEASE + MINUTE)
    stopped = get(outbox_id)
    assert (stopped.status, stopped.last_answer) == (OutboxStatus.FAILED, STOPPED_MID_SEND)
    assert send_due(NOW + timedelta(hours=3)).sent == [] and smtp_server.messages == []
