"""The connection test says exactly what failed: the host, TLS, the sign-in or a folder."""

from __future__ import annotations

import dataclasses

import pytest

from tests.mail_servers import Dovecot, free_port
from tests.services.mailbox.helpers import account_for
from touchdesk.services.accounts import Endpoint
from touchdesk.services.mailbox import connection
from touchdesk.services.mailbox.connection import test_connection as check_connection
from touchdesk.services.mailbox.errors import (
    FolderMissing,
    HostUnreachable,
    LoginRefused,
    TlsFailed,
)


def test_a_working_account_finds_inbox_and_sent_by_its_special_use_flag(dovecot: Dovecot):
    report = check_connection(account_for(dovecot))
    assert (report.inbox, report.sent) == ("INBOX", "Sent")
    assert "Connected" in report.message


def test_a_chosen_sent_folder_is_used_and_a_missing_one_is_said(dovecot: Dovecot):
    dovecot.create_folder("Outgoing Mail")
    chosen = account_for(dovecot, sent_folder="Outgoing Mail")
    assert check_connection(chosen).sent == "Outgoing Mail"
    with pytest.raises(FolderMissing, match="'Gone'"):
        check_connection(account_for(dovecot, sent_folder="Gone"))


def test_a_wrong_password_is_a_refused_login(dovecot: Dovecot):
    with pytest.raises(LoginRefused, match="refused the sign-in of seller"):
        check_connection(account_for(dovecot, password="wrong"))


def test_nobody_listening_is_an_unreachable_host(store):
    account = dataclasses.replace(
        account_for_port(free_port()), imap=Endpoint("127.0.0.1", free_port(), "none")
    )
    with pytest.raises(HostUnreachable, match="Cannot reach"):
        check_connection(account)


def test_an_untrusted_certificate_is_a_tls_failure(dovecot: Dovecot, monkeypatch):
    monkeypatch.delenv("SSL_CERT_FILE")
    with pytest.raises(TlsFailed, match="does not trust"):
        check_connection(account_for(dovecot))


def test_tls_against_a_plain_server_is_a_tls_failure(dovecot_plain: Dovecot):
    account = account_for(dovecot_plain)
    secure = dataclasses.replace(account, imap=Endpoint("127.0.0.1", dovecot_plain.port, "ssl"))
    with pytest.raises(TlsFailed):
        check_connection(secure)
    assert check_connection(account).inbox == "INBOX"  # the same server, plainly: fine


def account_for_port(port: int):
    from touchdesk.services.accounts import MailAccount

    return MailAccount(Endpoint("127.0.0.1", port, "none"), Endpoint("127.0.0.1", 1, "none"), "u")


def test_starttls_upgrades_the_plain_port(dovecot_starttls):
    account = account_for(dovecot_starttls)
    upgraded = dataclasses.replace(
        account, imap=Endpoint("127.0.0.1", dovecot_starttls.port, "starttls")
    )
    assert check_connection(upgraded).inbox == "INBOX"


def test_starttls_against_an_implicit_tls_port_says_to_check_port_and_tls(dovecot, monkeypatch):
    monkeypatch.setattr(connection, "TIMEOUT_SECONDS", 1.0)  # both sides wait for the other
    account = account_for(dovecot)
    wrong = dataclasses.replace(account, imap=Endpoint("127.0.0.1", dovecot.port, "starttls"))
    with pytest.raises(HostUnreachable, match="check the port and the TLS choice"):
        check_connection(wrong)
