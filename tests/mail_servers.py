"""A private Dovecot IMAP server on 127.0.0.1 for the mailbox tests: real TLS, real folders.

Dovecot runs in the foreground from its own config, base, state and log folders in a temporary
folder, with one passwd-file user and a maildir, an Inbox and a Sent folder flagged \\Sent. With
TLS its certificate comes from a trustme authority that the test's process (and every
`touchdesk-cli` it starts) trusts through SSL_CERT_FILE. Messages go in by IMAP APPEND.
"""

from __future__ import annotations

import contextlib
import imaplib
import json
import os
import pwd
import shutil
import signal
import socket
import ssl
import subprocess
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from pathlib import Path

import pytest

DOVECOT = shutil.which("dovecot") or "/usr/sbin/dovecot"
USER = "seller"
PASSWORD = "correct horse battery staple"

_CONFIG = """\
protocols = imap
listen = 127.0.0.1
base_dir = {base}
state_dir = {state}
log_path = {log}
info_log_path = {log}
instance_name = touchdesk-test-{port}
default_login_user = {login_user}
default_internal_user = {internal_user}
first_valid_uid = 1
mail_location = maildir:~/Maildir
{ssl}
disable_plaintext_auth = no
auth_mechanisms = plain login{oauth_mechanisms}
{oauth_passdb}passdb {{
  driver = passwd-file
  args = scheme=PLAIN {passwd}
}}
userdb {{
  driver = static
  args = uid={mail_user} gid={mail_group} home={root}/mail/%u
}}
namespace inbox {{
  inbox = yes
  separator = /
  mailbox Sent {{
    special_use = \\Sent
    auto = subscribe
  }}
  mailbox Drafts {{
    special_use = \\Drafts
    auto = subscribe
  }}
}}
service imap-login {{
  chroot =
  inet_listener imap {{
    address = 127.0.0.1
    port = {imap_port}
  }}
  inet_listener imaps {{
    address = 127.0.0.1
    port = {imaps_port}
    ssl = yes
  }}
}}
service anvil {{
  chroot =
}}
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Dovecot:
    """One running server: where it listens, who may sign in, and how to put mail in."""

    root: Path
    port: int  # implicit TLS (993-style) when tls == "ssl", plain IMAP otherwise
    tls: str  # "ssl" (implicit), "starttls" or "none"
    ca_file: Path | None
    process: subprocess.Popen
    user: str = USER
    password: str = PASSWORD
    appended: list[str] = field(default_factory=list)

    @property
    def host(self) -> str:
        return "127.0.0.1"

    @property
    def address(self) -> str:
        return f"{self.host}:{self.port}"

    @property
    def log(self) -> Path:
        return self.root / "dovecot.log"

    def client(self) -> imaplib.IMAP4:
        if self.tls == "ssl":
            context = ssl.create_default_context(cafile=str(self.ca_file))
            imap: imaplib.IMAP4 = imaplib.IMAP4_SSL(self.host, self.port, ssl_context=context)
        else:
            imap = imaplib.IMAP4(self.host, self.port)
            if self.tls == "starttls":
                imap.starttls(ssl.create_default_context(cafile=str(self.ca_file)))
        imap.login(self.user, self.password)
        return imap

    def append(
        self, messages: list[bytes] | bytes, folder: str = "INBOX", seen: bool = True
    ) -> None:
        """APPEND real RFC 5322 messages (what a test wrote as .eml) to `folder`."""
        batch = [messages] if isinstance(messages, bytes) else messages
        imap = self.client()
        try:
            for raw in batch:
                status, answer = imap.append(folder, "(\\Seen)" if seen else None, None, raw)
                assert status == "OK", answer
        finally:
            imap.logout()

    def append_files(self, paths: list[Path], folder: str = "INBOX") -> None:
        self.append([path.read_bytes() for path in paths], folder)

    def create_folder(self, name: str) -> None:
        imap = self.client()
        try:
            status, answer = imap.create(f'"{name}"')
            assert status == "OK", answer
        finally:
            imap.logout()

    def imap_pids(self) -> list[int]:
        """The `imap` worker processes now serving a signed-in client (for a dropped link)."""
        found = subprocess.run(
            ["pgrep", "-P", str(self.process.pid), "-x", "imap"],
            capture_output=True,
            text=True,
        )
        return [int(pid) for pid in found.stdout.split()]

    def drop_connections(self) -> int:
        """Kill every `imap` worker, as a server restart or a lost network does mid-fetch."""
        pids = self.imap_pids()
        for pid in pids:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        return len(pids)


def email_message(
    sender: str,
    to: str,
    subject: str,
    body: str,
    when: datetime | None = None,
    cc: str = "",
    message_id: str | None = None,
    in_reply_to: str = "",
    attachment: tuple[str, bytes] | None = None,
) -> bytes:
    """A real message as a mail client writes it (.eml bytes)."""
    message = EmailMessage()
    message["From"] = sender
    message["To"] = to
    if cc:
        message["Cc"] = cc
    message["Subject"] = subject
    message["Date"] = format_datetime(when or datetime.now(UTC))
    message["Message-ID"] = message_id or make_msgid(domain="example.test")
    if in_reply_to:
        message["In-Reply-To"] = in_reply_to
        message["References"] = in_reply_to
    message.set_content(body)
    if attachment is not None:
        name, data = attachment
        message.add_attachment(data, maintype="application", subtype="pdf", filename=name)
    return bytes(message)


def write_eml(folder: Path, name: str, raw: bytes) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.eml"
    path.write_bytes(raw)
    return path


def _users() -> dict[str, str]:
    """Who runs the login and mail processes: Dovecot's own users when started as root (its
    login process refuses root), else whoever runs the tests."""
    if os.geteuid() == 0:
        mail = pwd.getpwnam("dovecot")
        return {
            "login_user": "dovenull",
            "internal_user": "dovecot",
            "mail_user": str(mail.pw_uid),
            "mail_group": str(mail.pw_gid),
        }
    me = pwd.getpwuid(os.geteuid())
    return {
        "login_user": me.pw_name,
        "internal_user": me.pw_name,
        "mail_user": str(me.pw_uid),
        "mail_group": str(me.pw_gid),
    }


@contextlib.contextmanager
def dovecot_server(tls: str = "ssl", oauth: bool = False) -> Iterator[Dovecot]:
    """Start Dovecot, yield it once it answers, stop it and wait until it has gone. With
    `oauth`, XOAUTH2 sign-ins are checked against a token-introspection endpoint served here
    (it knows one token, ACCESS_TOKEN, for the user)."""
    # Not pytest's tmp_path: its parent is private to root, and the mail processes run as
    # Dovecot's own user, which must reach the maildir.
    root = Path(tempfile.mkdtemp(prefix="touchdesk-dovecot-"))
    root.chmod(0o755)
    users = _users()
    (root / "base").mkdir()
    (root / "state").mkdir()
    mail = root / "mail"
    mail.mkdir()
    if os.geteuid() == 0:
        os.chown(mail, int(users["mail_user"]), int(users["mail_group"]))
    passwd = root / "passwd"
    passwd.write_text(f"{USER}:{{PLAIN}}{PASSWORD}\n")
    ca_file = None
    if tls in ("ssl", "starttls"):
        import trustme

        authority = trustme.CA()
        certificate = authority.issue_cert("127.0.0.1", "localhost")
        certificate.private_key_and_cert_chain_pem.write_to_path(str(root / "server.pem"))
        ca_file = root / "ca.pem"
        authority.cert_pem.write_to_path(str(ca_file))
        ssl_lines = (
            f"ssl = required\nssl_cert = <{root / 'server.pem'}\nssl_key = <{root / 'server.pem'}"
        )
    else:
        ssl_lines = "ssl = no"
    introspection = _IntrospectionServer() if oauth else None
    oauth_lines = {"oauth_mechanisms": "", "oauth_passdb": ""}
    if introspection is not None:
        (root / "oauth2.conf").write_text(
            f"introspection_mode = post\n"
            f"introspection_url = {introspection.url}\n"
            "username_attribute = username\n"
            "active_attribute = active\n"
            "active_value = true\n"
            "force_introspection = yes\n"
        )
        oauth_lines = {
            "oauth_mechanisms": " xoauth2 oauthbearer",
            "oauth_passdb": (
                f"passdb {{\n  driver = oauth2\n  mechanisms = xoauth2 oauthbearer\n"
                f"  args = {root / 'oauth2.conf'}\n}}\n"
            ),
        }
    port = free_port()
    # Port 0 turns a listener off: one server speaks implicit TLS or plain IMAP (where
    # STARTTLS is required when TLS is on), not both.
    imap_port, imaps_port = (0, port) if tls == "ssl" else (port, 0)
    config = root / "dovecot.conf"
    config.write_text(
        _CONFIG.format(
            base=root / "base",
            state=root / "state",
            log=root / "dovecot.log",
            port=port,
            ssl=ssl_lines,
            passwd=passwd,
            root=root,
            imap_port=imap_port,
            imaps_port=imaps_port,
            **oauth_lines,
            **users,
        )
    )
    process = subprocess.Popen(
        [DOVECOT, "-F", "-c", str(config)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    server = Dovecot(root=root, port=port, tls=tls, ca_file=ca_file, process=process)
    try:
        _wait_until_listening(server)
        yield server
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
        _wait_until_closed(port)
        if introspection is not None:
            introspection.stop()
        shutil.rmtree(root, ignore_errors=True)


ACCESS_TOKEN = "ya29.test-access-token"


class _IntrospectionServer:
    """RFC 7662 token introspection on 127.0.0.1: ACCESS_TOKEN is the seller's, any other
    token is inactive. Dovecot's oauth2 password database asks it at each XOAUTH2 sign-in."""

    def __init__(self) -> None:
        from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
        from urllib.parse import parse_qs

        asked: list[str] = []

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 (http.server API)
                length = int(self.headers.get("Content-Length") or 0)
                form = parse_qs(self.rfile.read(length).decode())
                token = (form.get("token") or [""])[0]
                auth = self.headers.get("Authorization", "")
                if not token and auth.startswith("Bearer "):
                    token = auth.removeprefix("Bearer ")
                asked.append(token)
                answer = (
                    {"active": True, "username": USER}
                    if token == ACCESS_TOKEN
                    else {"active": False}
                )
                body = json.dumps(answer).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args) -> None:
                pass

        self.asked = asked
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/introspect"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=10)


def _wait_until_listening(server: Dovecot, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            said = (
                server.process.stderr.read().decode(errors="replace")
                if server.process.stderr
                else ""
            )
            log = server.log.read_text(errors="replace") if server.log.exists() else ""
            raise RuntimeError(f"dovecot stopped at start:\n{said}\n{log}")
        with (
            contextlib.suppress(OSError),
            socket.create_connection((server.host, server.port), 0.5),
        ):
            return
        time.sleep(0.05)
    raise RuntimeError(f"dovecot did not listen on {server.address} within {timeout:.0f} s")


def _wait_until_closed(port: int, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), 0.2).close()
        except OSError:
            return
        time.sleep(0.05)


@pytest.fixture
def dovecot(monkeypatch: pytest.MonkeyPatch) -> Iterator[Dovecot]:
    """Dovecot with implicit TLS; this process and its children trust its test authority."""
    with dovecot_server("ssl") as server:
        monkeypatch.setenv("SSL_CERT_FILE", str(server.ca_file))
        yield server


@pytest.fixture
def dovecot_oauth(monkeypatch: pytest.MonkeyPatch) -> Iterator[Dovecot]:
    """Dovecot with TLS that also signs in by XOAUTH2 against a token-introspection endpoint."""
    with dovecot_server("ssl", oauth=True) as server:
        monkeypatch.setenv("SSL_CERT_FILE", str(server.ca_file))
        yield server


@pytest.fixture
def dovecot_plain() -> Iterator[Dovecot]:
    """Dovecot without TLS on 127.0.0.1, for `--tls none`."""
    with dovecot_server("none") as server:
        yield server


@pytest.fixture
def dovecot_starttls(monkeypatch: pytest.MonkeyPatch) -> Iterator[Dovecot]:
    """Dovecot on a plain IMAP port that requires STARTTLS before any sign-in."""
    with dovecot_server("starttls") as server:
        monkeypatch.setenv("SSL_CERT_FILE", str(server.ca_file))
        yield server
