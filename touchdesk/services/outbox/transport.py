"""One email handed to the seller's SMTP server: TLS as the account says (implicit, STARTTLS,
or none on this computer), sign-in with a password or an XOAUTH2 token, and the server's own
answer kept, word for word, when it says no."""

from __future__ import annotations

import smtplib
import socket
import ssl
from email.message import EmailMessage
from email.utils import getaddresses

from touchdesk.services.accounts import MailAccount

TIMEOUT = 30.0


class SendFailed(Exception):
    """The email was not accepted; `answer` says why in plain words with the server's reply,
    `permanent` when trying again cannot help without the seller (a refused recipient)."""

    def __init__(self, answer: str, permanent: bool = False) -> None:
        super().__init__(answer)
        self.answer = answer
        self.permanent = permanent


def xoauth2(user: str, token: str) -> str:
    """The XOAUTH2 initial response (smtplib and imaplib base64-encode it)."""
    return f"user={user}\x01auth=Bearer {token}\x01\x01"


def _said(code: int, text: bytes | str) -> str:
    words = text.decode(errors="replace") if isinstance(text, bytes) else text
    return f"{code} {' '.join(words.split())}"


def _connect(account: MailAccount) -> smtplib.SMTP:
    endpoint = account.smtp
    context = ssl.create_default_context()
    if endpoint.tls == "ssl":
        client = smtplib.SMTP_SSL(endpoint.host, endpoint.port, timeout=TIMEOUT, context=context)
    else:
        client = smtplib.SMTP(endpoint.host, endpoint.port, timeout=TIMEOUT)
    client.ehlo()
    if endpoint.tls == "starttls":
        if not client.has_extn("starttls"):
            client.close()
            raise SendFailed(f"{endpoint} does not offer STARTTLS: choose ssl, or another port.")
        client.starttls(context=context)
        client.ehlo()
    return client


def _sign_in(client: smtplib.SMTP, account: MailAccount, secret: str) -> None:
    if account.secret.is_token:
        client.auth(
            "XOAUTH2",
            # A refusal comes as a challenge with the reason; an empty answer ends it (535).
            lambda challenge=None: xoauth2(account.user, secret) if challenge is None else "",
            initial_response_ok=True,
        )
    else:
        client.login(account.user, secret)


def deliver(account: MailAccount, message: EmailMessage, secret: str) -> str:
    """Send `message` to its To and Cc; returns the server's answer to the message, and
    raises SendFailed with the reason when any part fails (nothing is half-sent: a partial
    refusal of recipients is reported, the others received it)."""
    where = str(account.smtp)
    recipients = [addr for _n, addr in _all_recipients(message)]
    try:
        with _connect(account) as client:
            try:
                _sign_in(client, account, secret)
            except smtplib.SMTPAuthenticationError as error:
                raise SendFailed(
                    f"{where} refused the sign-in for {account.user}: "
                    f"{_said(error.smtp_code, error.smtp_error)}",
                    permanent=True,
                ) from None
            except smtplib.SMTPNotSupportedError:
                raise SendFailed(f"{where} offers no sign-in here (AUTH).", True) from None
            sender = account.user if "@" in account.user else message["From"].addresses[0].addr_spec
            code, said = client.mail(sender)
            if code != 250:
                raise SendFailed(
                    f"{where} refused the sender {sender}: {_said(code, said)}", code >= 500
                )
            refused = []
            last = (0, b"")
            for recipient in recipients:
                code, said = client.rcpt(recipient)
                if code not in (250, 251):
                    refused.append(f"{recipient} ({_said(code, said)})")
                    last = (code, said)
            if len(refused) == len(recipients):
                client.rset()
                raise SendFailed(
                    f"{where} refused the recipient: {'; '.join(refused)}", last[0] >= 500
                )
            code, said = client.data(message.as_bytes())
            if code != 250:
                raise SendFailed(
                    f"{where} did not take the email: {_said(code, said)}", code >= 500
                )
            answer = _said(code, said)
            if refused:
                answer += f"; refused: {'; '.join(refused)}"
            return answer
    except SendFailed:
        raise
    except ssl.SSLError as error:
        raise SendFailed(f"TLS with {where} failed: {error.reason or error}") from None
    except (socket.gaierror, ConnectionRefusedError) as error:
        raise SendFailed(f"Cannot reach {where}: {error.strerror or error}") from None
    except smtplib.SMTPServerDisconnected as error:
        raise SendFailed(f"{where} closed the connection: {error}") from None
    except smtplib.SMTPResponseException as error:
        raise SendFailed(
            f"{where} said {_said(error.smtp_code, error.smtp_error)}", error.smtp_code >= 500
        ) from None
    except (OSError, smtplib.SMTPException) as error:
        raise SendFailed(f"Sending through {where} failed: {error}") from None


def _all_recipients(message: EmailMessage) -> list[tuple[str, str]]:
    return getaddresses(message.get_all("To", []) + message.get_all("Cc", []))
