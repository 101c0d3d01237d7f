"""A small Dovecot for the Sent-folder copy: IMAP on 127.0.0.1 at a free port, no TLS, one
passwd-file user, a maildir with a \\Sent folder, in the test's own folder. (The mailbox
side's fuller fixture, with TLS and OAuth, may replace it.)"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.smtp_server import PASSWORD, USER, free_port


@dataclass(frozen=True)
class Imap:
    host: str
    port: int


CONFIG = """
protocols = imap
listen = 127.0.0.1
base_dir = {dir}/run
state_dir = {dir}/state
log_path = {dir}/dovecot.log
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
default_login_user = dovenull
default_internal_user = dovecot
first_valid_uid = 1
mail_location = maildir:~/Maildir
passdb {{
  driver = passwd-file
  args = scheme=PLAIN {dir}/passwd
}}
userdb {{
  driver = static
  args = uid=dovecot gid=dovecot home={dir}/mail/%u
}}
namespace inbox {{
  inbox = yes
  mailbox Sent {{
    special_use = \\Sent
    auto = create
  }}
}}
service imap-login {{
  chroot =
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
}}
service anvil {{
  chroot =
}}
"""


@pytest.fixture
def dovecot():
    binary = shutil.which("dovecot") or "/usr/sbin/dovecot"
    if not Path(binary).exists():
        pytest.skip("Dovecot is not installed (Debian package dovecot-imapd)")
    # Not under pytest's own folder: its parents are closed to the dovecot user.
    folder = Path(tempfile.mkdtemp(prefix="touchdesk-dovecot-"))
    (folder / "mail").mkdir(parents=True)
    (folder / "passwd").write_text(f"{USER}:{{PLAIN}}{PASSWORD}\n")
    port = free_port()
    (folder / "dovecot.conf").write_text(CONFIG.format(dir=folder, port=port))
    shutil.chown(folder / "mail", "dovecot", "dovecot")
    os.chmod(folder, 0o755)
    server = subprocess.Popen([binary, "-F", "-c", str(folder / "dovecot.conf")])
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), 0.5).close()
            break
        except OSError:
            time.sleep(0.1)
    else:
        server.kill()
        pytest.fail(f"Dovecot did not start: {(folder / 'dovecot.log').read_text()}")
    yield Imap("127.0.0.1", port)
    server.send_signal(signal.SIGTERM)
    server.wait(15)
    shutil.rmtree(folder, ignore_errors=True)
