"""A sent email lands in the mailbox's Sent folder (found by its \\Sent flag), once, unless
the server keeps its own copy."""

from __future__ import annotations

import imaplib
from dataclasses import replace

from tests.services.outbox.dovecot import dovecot  # noqa: F401 (the fixture)
from tests.services.outbox.helpers import NOW, connect, hannah
from tests.smtp_server import PASSWORD, USER
from touchdesk.services import settings
from touchdesk.services.accounts import Endpoint, load_mail_account, save_mail_account
from touchdesk.services.mailbox.sync import sync_mailbox
from touchdesk.services.outbox.compose import compose
from touchdesk.services.outbox.queue import get, queue
from touchdesk.services.outbox.sending import send_due
from touchdesk.store.models import OutboxEmail, StoredEmail, Touch


def _sent_ids(imap) -> list[str]:
    with imaplib.IMAP4(imap.host, imap.port) as client:
        client.login(USER, PASSWORD)
        client.select("Sent", readonly=True)
        _status, found = client.search(None, "ALL")
        ids = []
        for number in found[0].split():
            _status, data = client.fetch(number, "(BODY.PEEK[HEADER.FIELDS (MESSAGE-ID)])")
            ids.append(data[0][1].decode().split(":", 1)[1].strip())
        return ids


def test_a_sent_email_is_copied_to_the_sent_folder(store, file_keyring, smtp_server, dovecot):  # noqa: F811
    connect(smtp_server)
    save_mail_account(
        replace(load_mail_account(), imap=Endpoint(dovecot.host, dovecot.port, "none"))
    )
    settings.put("sent_copy", "app")
    outbox_id = queue(compose(hannah(), now=NOW), None, NOW)
    send_due(NOW)
    assert get(outbox_id).sent_copy == "copied to Sent"
    assert _sent_ids(dovecot) == [get(outbox_id).message_id]


def test_no_copy_when_the_server_keeps_its_own(store, file_keyring, smtp_server, dovecot):  # noqa: F811
    connect(smtp_server)
    save_mail_account(
        replace(load_mail_account(), imap=Endpoint(dovecot.host, dovecot.port, "none"))
    )
    settings.put("sent_copy", "server")
    outbox_id = queue(compose(hannah(), now=NOW), None, NOW)
    send_due(NOW)
    assert get(outbox_id).sent_copy == "kept in Sent by 127.0.0.1"
    assert _sent_ids(dovecot) == []


def test_the_mailbox_sync_finds_the_sent_copy_and_logs_no_second_touch(
    store,
    file_keyring,
    smtp_server,
    dovecot,  # noqa: F811
):
    connect(smtp_server)
    save_mail_account(
        replace(load_mail_account(), imap=Endpoint(dovecot.host, dovecot.port, "none"))
    )
    settings.put("sent_copy", "app")
    prospect_id = hannah()
    outbox_id = queue(compose(prospect_id, now=NOW), None, NOW)
    send_due(NOW)
    assert get(outbox_id).sent_copy == "copied to Sent"

    result = sync_mailbox(load_mail_account(), now=NOW)
    sync_mailbox(load_mail_account(), now=NOW)  # and again: still once

    logged = OutboxEmail.get_by_id(outbox_id).touch_id
    emails = Touch.select().where(Touch.prospect == prospect_id, Touch.channel == "email")
    assert logged is not None and [t.id for t in emails] == [logged]
    stored = StoredEmail.get(StoredEmail.message_id == get(outbox_id).message_id)
    assert stored.touch_id == logged  # its text opens from the timeline
    assert result.stored == 1
