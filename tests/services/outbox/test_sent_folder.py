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
from touchdesk.services.outbox.compose import compose
from touchdesk.services.outbox.queue import get, queue
from touchdesk.services.outbox.sending import send_due


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
