"""Signing in by XOAUTH2 with a token command, against Dovecot's oauth2 password database and
a token-introspection endpoint (the way Gmail and Microsoft 365 are reached)."""

from __future__ import annotations

import dataclasses
import shlex

import pytest

from tests.mail_servers import ACCESS_TOKEN, Dovecot
from tests.services.mailbox.helpers import account_for
from touchdesk.services.mailbox.connection import test_connection as check_connection
from touchdesk.services.mailbox.errors import LoginRefused
from touchdesk.services.secrets import SecretSource


def by_token(server: Dovecot, token: str):
    source = SecretSource("token_command", shlex.join(["echo", token]))
    return dataclasses.replace(account_for(server), secret=source)


def test_a_token_command_signs_in_by_xoauth2(dovecot_oauth: Dovecot):
    assert check_connection(by_token(dovecot_oauth, ACCESS_TOKEN)).sent == "Sent"


def test_an_expired_token_is_a_refused_login_that_names_the_token(dovecot_oauth: Dovecot):
    with pytest.raises(LoginRefused, match="the token"):
        check_connection(by_token(dovecot_oauth, "expired-token"))
