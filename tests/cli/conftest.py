"""The mail commands' tests run against a real Dovecot (tests/mail_servers.py)."""

from tests.mail_servers import dovecot, dovecot_oauth, dovecot_plain  # noqa: F401
