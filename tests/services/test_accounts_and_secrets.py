"""Server accounts: endpoints read as the seller types them, passwords only in a keyring or a
command, never in the database."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from touchdesk.services import accounts
from touchdesk.services.accounts import AccountError, Endpoint, MailAccount
from touchdesk.services.secrets import (
    SecretSource,
    SecretUnavailable,
    keyring_available,
    must_ask,
    resolve_secret,
    store_password,
)


@pytest.mark.parametrize(
    ("text", "tls", "protocol", "expected"),
    [
        ("imap.example.com", "ssl", "imap", ("imap.example.com", 993)),
        ("imap.example.com", "starttls", "imap", ("imap.example.com", 143)),
        ("smtp.example.com", "ssl", "smtp", ("smtp.example.com", 465)),
        ("smtp.example.com", "starttls", "smtp", ("smtp.example.com", 587)),
        ("mail.example.com:2993", "ssl", "imap", ("mail.example.com", 2993)),
        ("127.0.0.1:1143", "none", "imap", ("127.0.0.1", 1143)),
        ("[::1]:1025", "none", "smtp", ("::1", 1025)),
        ("localhost", "none", "smtp", ("localhost", 25)),
    ],
)
def test_an_endpoint_reads_as_typed_with_the_usual_ports(text, tls, protocol, expected):
    endpoint = Endpoint.parse(text, tls, protocol)
    assert (endpoint.host, endpoint.port) == expected


@pytest.mark.parametrize("text", ["mail.example.com:0", "mail.example.com:65536", "h:x", "  "])
def test_a_bad_endpoint_is_refused_with_a_reason(text):
    with pytest.raises(AccountError):
        Endpoint.parse(text, "ssl", "imap")


@pytest.mark.parametrize("host", ["mail.example.com", "192.168.1.10", "10.0.0.1:143"])
def test_no_tls_is_refused_for_a_server_off_this_computer(host):
    with pytest.raises(AccountError, match="not this computer"):
        Endpoint.parse(host, "none", "imap")


def test_a_dav_url_over_plain_http_is_refused_off_this_computer(store):
    account = accounts.DavAccount(url="http://dav.example.com/", user="seller")
    with pytest.raises(AccountError, match="https"):
        accounts.save_dav_account(account)
    assert accounts.load_dav_account() is None
    accounts.save_dav_account(accounts.DavAccount(url="http://127.0.0.1:5232/", user="s"))
    assert accounts.load_dav_account().url == "http://127.0.0.1:5232/"


def test_a_saved_account_comes_back_and_its_password_stays_out_of_the_database(
    store, db_path: Path, file_keyring
):
    account = MailAccount(
        imap=Endpoint.parse("127.0.0.1:1143", "none", "imap"),
        smtp=Endpoint.parse("127.0.0.1:1025", "none", "smtp"),
        user="seller",
    )
    accounts.save_mail_account(account)
    assert store_password(account.keyring_account, "pässwörd-7731")
    assert accounts.load_mail_account() == account
    assert resolve_secret(account.secret, account.keyring_account) == "pässwörd-7731"
    for file in db_path.parent.glob(db_path.name + "*"):  # the database, its -wal and -shm
        assert "pässwörd-7731".encode() not in file.read_bytes()
    accounts.forget_mail_account()
    assert accounts.load_mail_account() is None
    with pytest.raises(SecretUnavailable, match="keyring has none"):
        resolve_secret(account.secret, account.keyring_account)


def test_without_a_keyring_the_password_is_asked_for(no_keyring):
    assert not keyring_available()
    assert store_password("mail:seller@h", "secret") is False
    with pytest.raises(SecretUnavailable, match="no keyring"):
        resolve_secret(SecretSource(), "mail:seller@h")
    with pytest.raises(SecretUnavailable, match="No password was given"):
        resolve_secret(SecretSource(), "mail:seller@h", ask=lambda: None)
    assert resolve_secret(SecretSource(), "mail:seller@h", ask=lambda: "typed") == "typed"


def _python(code: str) -> str:
    return f"{sys.executable} -c {code!r}"


def test_a_password_command_gives_its_first_line():
    source = SecretSource("password_command", _python("print('s3cret'); print('ignored')"))
    assert resolve_secret(source, "any") == "s3cret"


@pytest.mark.parametrize(
    ("code", "said"),
    [
        ("import sys; sys.exit('vault locked')", "vault locked"),
        ("pass", "printed no password"),
    ],
)
def test_a_failing_command_says_what_it_said(code, said):
    with pytest.raises(SecretUnavailable, match=said):
        resolve_secret(SecretSource("token_command", _python(code)), "any")


def test_a_missing_command_is_named():
    with pytest.raises(SecretUnavailable, match="not found"):
        resolve_secret(SecretSource("password_command", "no-such-program-4711"), "any")


def test_a_password_typed_once_serves_the_whole_session_without_a_keyring(no_keyring):
    source, account = SecretSource(), "mail:seller@h"
    assert must_ask(source, account)
    assert resolve_secret(source, account, ask=lambda: "typed once") == "typed once"
    assert not must_ask(source, account)  # the outbox's worker signs in without asking
    assert resolve_secret(source, account) == "typed once"
    assert not must_ask(SecretSource("password_command", "echo x"), "other")


def test_whether_an_account_is_saved_agrees_with_loading_it(store, file_keyring):
    from touchdesk.services.saved_accounts import dav_account_saved, mail_account_saved

    def agree() -> None:
        assert mail_account_saved() == (accounts.load_mail_account() is not None)
        assert dav_account_saved() == (accounts.load_dav_account() is not None)

    agree()
    assert not mail_account_saved() and not dav_account_saved()
    mail = MailAccount(
        imap=Endpoint.parse("127.0.0.1:1143", "none", "imap"),
        smtp=Endpoint.parse("127.0.0.1:1025", "none", "smtp"),
        user="seller",
    )
    accounts.save_mail_account(mail)
    accounts.save_dav_account(accounts.DavAccount(url="http://127.0.0.1:5232/", user="s"))
    agree()
    assert mail_account_saved() and dav_account_saved()
    accounts.forget_mail_account()
    accounts.forget_dav_account()
    agree()
    assert not mail_account_saved() and not dav_account_saved()
