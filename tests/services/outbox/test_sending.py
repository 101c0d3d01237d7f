"""Emails sent from the outbox to a real SMTP server: the chase quoted and threaded, the
touch logged through the cycle, and every transport the account can name."""

from __future__ import annotations

import sys

import pytest

from tests.services.outbox.helpers import HANNAH, NOW, connect, hannah
from tests.smtp_server import TOKEN, USER
from touchdesk.domain.outbox import OutboxStatus
from touchdesk.domain.vocabulary import Channel
from touchdesk.services.next_steps import open_step
from touchdesk.services.outbox.compose import compose
from touchdesk.services.outbox.queue import get, queue, waiting
from touchdesk.services.outbox.sending import send_due
from touchdesk.services.plans import current_run
from touchdesk.services.secrets import SecretSource
from touchdesk.store.models import Touch


def send(pid: int, now, message: str | None = None) -> int:
    draft = compose(pid, now=now)
    if message is not None:
        draft = draft.edited(message=message)
    outbox_id = queue(draft, None, now)
    report = send_due(now)
    assert [i.id for i in report.sent] == [outbox_id], [i.last_answer for i in report.failed]
    return outbox_id


def test_a_chase_of_three_quotes_and_threads_each_email_under_the_one_before(
    store, file_keyring, smtp_server
):
    connect(smtp_server)
    pid = hannah(plan="Email chase")
    first_at = open_step(pid).due_at
    first = send(pid, first_at, "Hi Hannah,\nthe proposal is attached.\n\nThursday?")
    # The touch went through the cycle: an attempt, the plan's first step done, the next taken.
    touch = Touch.get(Touch.prospect == pid)
    assert (touch.channel, touch.direction, touch.attempt) == ("email", "out", 1)
    assert current_run(pid).position == 1
    assert open_step(pid).channel is Channel.EMAIL
    second_at = open_step(pid).due_at
    second = send(pid, second_at)
    third = send(pid, open_step(pid).due_at)

    one, two, three = (m.message for m in smtp_server.messages)
    assert [m.rcpt_tos for m in smtp_server.messages] == [(HANNAH,)] * 3
    assert one["From"].addresses[0].addr_spec == USER
    assert one["Message-ID"] == get(first).message_id
    assert "In-Reply-To" not in one
    assert two["In-Reply-To"] == get(first).message_id
    assert two["References"] == get(first).message_id
    assert two["Subject"] == f"Re: {one['Subject']}"
    assert three["In-Reply-To"] == get(second).message_id
    assert three["References"].split() == [get(first).message_id, get(second).message_id]
    assert three["Message-ID"] == get(third).message_id
    text = smtp_server.messages[2].text
    message, newest, oldest = text.split("\n\nOn ")
    assert "Any progress?" in message
    assert "I wanted to follow up on my note below" in newest
    assert oldest.rstrip().endswith("> Hi Hannah,\n> the proposal is attached.\n>\n> Thursday?")
    assert not waiting()
    assert current_run(pid) is None or current_run(pid).position == 2


@pytest.mark.parametrize("server", ["smtp_server", "smtp_server_ssl", "smtp_server_plain"])
def test_each_tls_setting_sends(store, file_keyring, request, server):
    smtp = request.getfixturevalue(server)
    connect(smtp)
    send(hannah(), NOW)
    assert len(smtp.messages) == 1
    assert smtp.inbox.logins


def test_a_token_command_signs_in_with_xoauth2(store, file_keyring, smtp_server):
    command = f"{sys.executable} -c \"print('{TOKEN}')\""
    connect(smtp_server, SecretSource("token_command", command))
    send(hannah(), NOW)
    assert smtp_server.inbox.logins == [f"XOAUTH2:{USER}"]


def test_the_sent_copy_says_why_when_the_mailbox_cannot_be_reached(
    store, file_keyring, smtp_server
):
    from touchdesk.services import settings

    connect(smtp_server)
    settings.put("sent_copy", "app")
    outbox_id = send(hannah(), NOW)
    assert get(outbox_id).status is OutboxStatus.SENT
    assert get(outbox_id).sent_copy.startswith("not copied to Sent:")


def test_cc_receives_the_email_too(store, file_keyring, smtp_server):
    connect(smtp_server)
    pid = hannah()
    queue(compose(pid, now=NOW).edited(cc="Bob <bob@whitfield.test>"), None, NOW)
    send_due(NOW)
    assert smtp_server.messages[0].rcpt_tos == (HANNAH, "bob@whitfield.test")
    assert smtp_server.messages[0].message["Cc"] == "Bob <bob@whitfield.test>"


def test_an_email_sent_from_another_program_is_quoted_and_threaded_once(store):
    from datetime import timedelta

    from touchdesk.domain.vocabulary import Direction
    from touchdesk.services.mailbox.parsing import ParsedEmail
    from touchdesk.services.mailbox.record import record_email
    from touchdesk.services.outbox.compose import compose

    pid = hannah(plan="Email chase")
    sent_at = open_step(pid).due_at
    phone = ParsedEmail(
        message_id="<phone-1@seller.test>",
        sent_at=sent_at,
        subject="The proposal",
        from_address="seller@example.test",
        to_addresses="hannah@whitfield.test",
        cc_addresses="",
        in_reply_to="",
        references="",
        body="Sent from my phone: the proposal, as promised.",
        attachments=(),
    )
    record_email(pid, phone, Direction.OUT, "Sent")

    draft = compose(pid, now=sent_at + timedelta(days=3))

    assert draft.quoted.count("Sent from my phone: the proposal") == 1  # not twice via its touch
    assert draft.quoted_count == 1
    assert draft.in_reply_to == "<phone-1@seller.test>"
    assert draft.references == ("<phone-1@seller.test>",)
