"""Shared set-up for the outbox tests: a prospect to write to, the mailbox pointed at the
test SMTP server, and a clock the tests set."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from tests.factories import prospect
from tests.smtp_server import PASSWORD, USER, SmtpServer, free_port
from touchdesk.services import settings
from touchdesk.services.accounts import Endpoint, MailAccount, save_mail_account
from touchdesk.services.plans import apply_plan, list_plans
from touchdesk.services.secrets import SecretSource, store_password

NY = ZoneInfo("America/New_York")
NOW = datetime(2026, 12, 7, 11, 0, tzinfo=UTC)  # Monday 06:00 in New York
HANNAH = "hannah@whitfield.test"


def connect(server: SmtpServer, secret: SecretSource | None = None, password=PASSWORD) -> None:
    """The seller's mailbox is the test server; no IMAP server listens (the Sent copy is the
    server's unless a test says otherwise)."""
    account = MailAccount(
        imap=Endpoint("127.0.0.1", free_port(), "none"),
        smtp=Endpoint(server.host, server.port, server.tls),
        user=USER,
        secret=secret or SecretSource(),
    )
    save_mail_account(account)
    if account.secret.kind == "password":
        store_password(account.keyring_account, password)
    settings.put("seller_name", "Sam Seller")
    settings.put("seller_email", USER)
    settings.put("sent_copy", "server")


def hannah(plan: str = "") -> int:
    pid = prospect(
        "Hannah", "Whitfield", "Whitfield & Sons", emails=(HANNAH,), time_zone="America/New_York"
    )
    if plan:
        plan_id = next(p.id for p in list_plans() if p.spec.name == plan)
        apply_plan([pid], plan_id, NOW, NY)
    return pid
