"""The mailbox tests run against a real Dovecot (tests/mail_servers.py)."""

from tests.mail_servers import (  # noqa: F401
    dovecot,
    dovecot_oauth,
    dovecot_plain,
    dovecot_starttls,
)
