"""The test SMTP server itself: AUTH only after STARTTLS, and what it accepts is kept."""

from __future__ import annotations

import smtplib
import ssl
from email.message import EmailMessage

import pytest

from tests.smtp_server import PASSWORD, USER


def _message() -> EmailMessage:
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = USER, "ana@example.test", "Hello"
    message.set_content("Hi Ana")
    return message


def test_starttls_server_takes_a_login_after_tls_and_keeps_the_message(smtp_server):
    with smtplib.SMTP(smtp_server.host, smtp_server.port, timeout=10) as client:
        client.starttls(context=ssl.create_default_context())
        client.login(USER, PASSWORD)
        client.send_message(_message())
    assert [m.message["Subject"] for m in smtp_server.messages] == ["Hello"]
    assert smtp_server.messages[0].text.strip() == "Hi Ana"


def test_starttls_server_refuses_login_in_clear(smtp_server):
    with smtplib.SMTP(smtp_server.host, smtp_server.port, timeout=10) as client:
        with pytest.raises(smtplib.SMTPException):
            client.login(USER, PASSWORD)


def test_plain_server_takes_a_login_without_tls(smtp_server_plain):
    with smtplib.SMTP(smtp_server_plain.host, smtp_server_plain.port, timeout=10) as client:
        client.login(USER, PASSWORD)
        client.send_message(_message())
    assert len(smtp_server_plain.messages) == 1
