"""Syncing a real IMAP mailbox: only emails with prospects are kept, each once, and a reply
goes through the follow-up cycle."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta
from email import message_from_bytes, policy
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from tests.factories import prospect
from tests.mail_servers import Dovecot, email_message, write_eml
from tests.services.mailbox.helpers import SELLER, account_for, traces
from touchdesk.domain.plans import RunStatus
from touchdesk.domain.timeline import TouchInput
from touchdesk.domain.vocabulary import Channel, Direction, NextStepStatus, Outcome
from touchdesk.services import settings
from touchdesk.services.follow_up import record_touch
from touchdesk.services.mailbox.errors import ConnectionDropped
from touchdesk.services.mailbox.record import email_of_touch
from touchdesk.services.mailbox.sync import sync_mailbox
from touchdesk.services.next_steps import get_step, open_step
from touchdesk.services.plans import apply_plan, current_run, list_plans
from touchdesk.services.today import today
from touchdesk.store import db
from touchdesk.store.models import FolderSync, NextStep, Prospect, StoredEmail, Touch

NY = ZoneInfo("America/New_York")


def plan_id(name: str) -> int:
    return next(p.id for p in list_plans() if p.spec.name == name)


@pytest.fixture
def ann(store):
    settings.put("seller_email", SELLER)
    return prospect("Ann", "Lee", "Acme", emails=("ann@acme.test",), time_zone="America/New_York")


def test_a_strangers_message_leaves_no_trace(ann, dovecot: Dovecot, db_path: Path, tmp_path):
    now = datetime.now(UTC)
    stranger = email_message(
        "Bob Stranger <bob@elsewhere.test>",
        SELLER,
        "Xyzzy merger secret",
        "The plugh figures are attached.",
        now - timedelta(hours=3),
    )
    sub_address = email_message(
        "Ann Lee <Ann+CRM@ACME.test>", SELLER, "Re: our proposal", "Thanks, looks good.", now
    )
    colleague = email_message(
        "Carl Mint <carl@acme.test>", SELLER, "Quuxfrob budget", "Grault details.", now
    )
    sent = email_message(SELLER, "ann@acme.test", "Our proposal", "Here it is.", now - timedelta(1))
    emls = tmp_path / "emls"
    dovecot.append_files(
        [
            write_eml(emls, n, raw)
            for n, raw in [("s", stranger), ("a", sub_address), ("c", colleague)]
        ]
    )
    dovecot.append_files([write_eml(emls, "sent", sent)], "Sent")

    logs = tmp_path / "logs"
    logs.mkdir()
    handler = logging.FileHandler(logs / "touchdesk.log", encoding="utf-8")
    logging.getLogger().addHandler(handler)
    level = logging.getLogger().level
    logging.getLogger().setLevel(logging.DEBUG)  # whatever any module says, it is kept
    try:
        result = sync_mailbox(account_for(dovecot))
    finally:
        logging.getLogger().removeHandler(handler)
        logging.getLogger().setLevel(level)
        handler.close()

    assert (result.stored, result.skipped) == (2, 2)
    assert [offer.address for offer in result.offered] == ["carl@acme.test"]
    assert result.offered[0].company == "Acme" and result.offered[0].colleagues == (ann,)
    stored = {row.subject: row.direction for row in StoredEmail.select()}
    assert stored == {"Re: our proposal": "in", "Our proposal": "out"}
    db.close()
    wal = db_path.with_name(db_path.name + "-wal")
    places = [db_path, wal, logs, tmp_path / "backups"]
    places = [p for p in places if p.exists()]
    secrets = ["Xyzzy", "plugh", "bob@elsewhere.test", "Quuxfrob", "Grault", "carl@acme.test"]
    assert traces(secrets, *places) == {}
    # The same search finds what was meant to be kept: the check can see.
    assert "Re: our proposal" in traces(["Re: our proposal"], *places)


def test_a_reply_resets_attempts_pauses_the_plan_and_shows_on_today(ann, dovecot: Dovecot):
    now = datetime.now(UTC)
    apply_plan([ann], plan_id("No answer"), now - timedelta(days=2), NY)
    for hours in (30, 29):
        when = now - timedelta(hours=hours)
        record_touch(ann, TouchInput(Channel.CALL, when, Direction.OUT, Outcome.NO_ANSWER), when)
    assert Prospect.get_by_id(ann).attempts == 2
    dovecot.append(email_message("ann@acme.test", SELLER, "Re: call", "Call me at 3.\n> old", now))

    result = sync_mailbox(account_for(dovecot))

    assert result.replied == [ann] and result.paused == [ann]
    assert Prospect.get_by_id(ann).attempts == 0
    assert current_run(ann).status == RunStatus.PAUSED.value
    assert [row.prospect_id for row in today(now, NY).replied] == [ann]
    touch = Touch.get(Touch.prospect == ann, Touch.channel == "email")
    assert (touch.direction, touch.outcome, touch.attempt) == ("in", "replied", None)
    assert touch.note == "Re: call\nCall me at 3."
    assert email_of_touch(touch.id).body.startswith("Call me at 3.")


def test_a_sent_email_does_the_plans_due_email_step_and_moves_the_plan_on(ann, dovecot):
    now = datetime.now(UTC)
    apply_plan([ann], plan_id("Email chase"), now - timedelta(hours=2), NY)
    due = open_step(ann)
    assert due.channel is Channel.EMAIL and current_run(ann).position == 0
    # Due an hour ago, whatever the clock says now (the plan puts it in the next email slot).
    NextStep.update(due_at=now - timedelta(hours=1)).where(NextStep.id == due.id).execute()
    dovecot.append(email_message(SELLER, "ann@acme.test", "Hello", "First email.", now), "Sent")

    sync_mailbox(account_for(dovecot))

    assert get_step(due.id).status is NextStepStatus.DONE
    following = open_step(ann)
    assert following is not None and following.id != due.id
    assert NextStep.get_by_id(following.id).plan_run_id == current_run(ann).id
    assert current_run(ann).position == 1
    assert Prospect.get_by_id(ann).attempts == 1


def test_an_email_sent_days_before_the_step_is_due_leaves_the_step_open(ann, dovecot):
    now = datetime.now(UTC)
    apply_plan([ann], plan_id("Email chase"), now, NY)
    due = open_step(ann)
    NextStep.update(due_at=now + timedelta(days=3)).where(NextStep.id == due.id).execute()
    dovecot.append(email_message(SELLER, "ann@acme.test", "Aside", "Unrelated.", now), "Sent")

    sync_mailbox(account_for(dovecot))

    assert get_step(due.id).status is NextStepStatus.OPEN and current_run(ann).position == 0
    assert Prospect.get_by_id(ann).attempts == 1  # still an attempt on the timeline


def test_syncing_again_stores_each_email_once_even_after_a_uidvalidity_change(ann, dovecot):
    now = datetime.now(UTC)
    dovecot.append(
        [
            email_message("ann@acme.test", SELLER, f"Note {n}", "Text.", now - timedelta(minutes=n))
            for n in range(5)
        ]
    )
    assert sync_mailbox(account_for(dovecot)).stored == 5
    again = sync_mailbox(account_for(dovecot))
    assert (again.stored, again.already) == (0, 0)  # nothing new was even read
    FolderSync.update(uid_validity=1).execute()  # as a server that renumbered its folders
    renumbered = sync_mailbox(account_for(dovecot))
    assert (renumbered.stored, renumbered.already) == (0, 5)
    assert StoredEmail.select().count() == 5 and Touch.select().count() == 5


def test_a_connection_dropped_mid_fetch_loses_and_doubles_nothing(ann, dovecot: Dovecot):
    now = datetime.now(UTC)
    dovecot.append(
        [
            email_message("ann@acme.test", SELLER, f"Msg {n}", "Body.", now - timedelta(minutes=n))
            for n in range(160)
        ]
    )
    dropped = []

    def drop_after_first_batch(done: int, total: int) -> None:
        if not dropped:
            dropped.append(dovecot.drop_connections())

    with pytest.raises(ConnectionDropped):
        sync_mailbox(account_for(dovecot), progress=drop_after_first_batch)
    assert dropped == [1]
    kept = StoredEmail.select().count()
    assert 0 < kept < 160
    sync_mailbox(account_for(dovecot))
    subjects = [row.subject for row in StoredEmail.select()]
    assert sorted(subjects) == sorted(f"Msg {n}" for n in range(160))
    assert Touch.select().count() == 160


def test_the_log_would_show_a_trace(tmp_path):
    """The search used above finds a needle in a log line (so an empty answer means none)."""
    log = tmp_path / "x.log"
    log.write_text("2026 INFO mail: from Bob@Elsewhere.test\n")
    assert traces(["bob@elsewhere.test"], tmp_path) == {"bob@elsewhere.test": ["x.log"]}


def test_a_colleagues_reply_all_with_prospects_in_to_or_cc_is_kept_for_each(ann, dovecot):
    now = datetime.now(UTC)
    bo = prospect("Bo", "Kim", "Acme", emails=("bo@acme.test",))
    reply_all = email_message(
        "Carl Mint <carl@acme.test>",
        f"{SELLER}, Ann Lee <Ann+team@Acme.test>",
        "Re: the proposal",
        "Carl here: we agree.",
        now - timedelta(hours=1),
        cc="bo@acme.test",
    )
    aside = email_message(
        "Dee Stranger <dee@elsewhere.test>", SELLER, "Nothing", "Stranger.", now, cc="x@y.test"
    )
    dovecot.append([reply_all, aside])

    result = sync_mailbox(account_for(dovecot))

    assert (result.stored, result.skipped) == (2, 1)
    kept = {(row.prospect_id, row.subject, row.direction) for row in StoredEmail.select()}
    assert kept == {(ann, "Re: the proposal", "in"), (bo, "Re: the proposal", "in")}
    assert {t.prospect_id for t in Touch.select().where(Touch.channel == "email")} == {ann, bo}
    assert not StoredEmail.select().where(StoredEmail.from_address.contains("dee")).exists()


def test_a_sent_email_with_a_prospect_only_in_bcc_is_kept(ann, dovecot):
    now = datetime.now(UTC)
    message = message_from_bytes(
        email_message(SELLER, "someone@elsewhere.test", "Intro", "Meet Ann.", now),
        policy=policy.default,
    )
    message["Bcc"] = "ann@acme.test"  # the Sent folder's copy keeps who was blind-copied
    raw = bytes(message)
    dovecot.append(raw, "Sent")

    result = sync_mailbox(account_for(dovecot))

    assert result.stored == 1
    assert [(row.prospect_id, row.direction) for row in StoredEmail.select()] == [(ann, "out")]


def test_old_emails_logged_as_history_in_one_batch_are_numbered_as_one_by_one(ann, dovecot):
    """History emails are renumbered once per batch; the counters come out as if each had been
    logged alone, and a newer email in the same batch counts on from them."""
    now = datetime.now(UTC)
    call = now - timedelta(days=1)
    record_touch(ann, TouchInput(Channel.CALL, call, Direction.OUT, Outcome.NO_ANSWER), call)
    old = [now - timedelta(days=days) for days in (9, 8, 7)]
    dovecot.append(
        [email_message(SELLER, "ann@acme.test", f"Old {n}", "Chasing.", when)
         for n, when in enumerate(old)]
        + [email_message(SELLER, "ann@acme.test", "Newest", "Again.", now)],
        "Sent",
    )  # fmt: skip
    dovecot.append(email_message("ann@acme.test", SELLER, "Re: Old 0", "Busy.", old[0]))

    result = sync_mailbox(account_for(dovecot))

    assert result.stored == 5
    attempts = [
        (t.note.split("\n")[0] if t.note else t.channel, t.attempt)
        for t in Touch.select().order_by(Touch.occurred_at, Touch.id)
    ]
    assert attempts == [
        ("Old 0", 1),  # sent first: the reply to it comes after
        ("Re: Old 0", None),
        ("Old 1", 1),
        ("Old 2", 2),
        ("call", 3),
        ("Newest", 4),
    ]
    row = Prospect.get_by_id(ann)
    assert (row.attempts, row.touch_count, row.last_touch_at) == (4, 6, now.replace(microsecond=0))
