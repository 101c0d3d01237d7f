"""A private CUPS scheduler on 127.0.0.1 with a cups-pdf queue: real print jobs become PDF files.

cupsd runs from its own config, spool, cache and log folders in a temporary folder; the only file
outside it is the queue's own cups-pdf config (the backend reads `/etc/cups/cups-pdf-QUEUE.conf`
for a device `cups-pdf:/QUEUE`), a new file with a unique name, removed afterwards.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

CUPSD = shutil.which("cupsd") or "/usr/sbin/cupsd"
BACKEND = Path("/usr/lib/cups/backend/cups-pdf")
PPD = Path("/usr/share/ppd/cups-pdf/CUPS-PDF_opt.ppd")
CUPS_PDF_CONFIG = Path("/etc/cups")  # compiled into the backend


@dataclass(frozen=True)
class CupsPdfQueue:
    name: str
    server: str  # for CUPS_SERVER
    out: Path  # where cups-pdf writes each job's PDF
    log: Path

    def env(self) -> dict[str, str]:
        """The environment of a process that should see this scheduler's printers only."""
        return os.environ | {"CUPS_SERVER": self.server}

    def lp(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(args, env=self.env(), capture_output=True, text=True, timeout=30)

    def wait_for_pdfs(self, count: int, timeout: float = 60.0) -> list[Path]:
        """The PDFs of `count` finished jobs, oldest first; fails (with the log) after `timeout`."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            pending = self.lp("lpstat", "-o", self.name).stdout.strip()
            pdfs = sorted(self.out.glob("*.pdf"), key=lambda path: path.stat().st_mtime)
            if len(pdfs) >= count and not pending:
                return pdfs
            time.sleep(0.2)
        log = (self.log / "error_log").read_text(errors="replace")[-3000:]
        raise AssertionError(f"no {count} PDF(s) from {self.name} in {timeout:.0f} s:\n{log}")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _skip_unless_runnable() -> None:
    if not Path(CUPSD).exists():
        pytest.skip("cupsd is not installed (Debian: cups, printer-driver-cups-pdf)")
    if not BACKEND.exists() or not PPD.exists():
        pytest.skip("the cups-pdf driver is not installed (Debian: printer-driver-cups-pdf)")
    if os.geteuid() != 0:
        pytest.skip("a private cupsd and its cups-pdf backend need root (CI runs as root)")


@contextmanager
def cups_pdf_queue(default: bool = False) -> Iterator[CupsPdfQueue]:
    """Start cupsd, add a cups-pdf queue (the scheduler's default one if `default`), stop after."""
    _skip_unless_runnable()
    name = f"touchdesk-test-{uuid.uuid4().hex[:10]}"
    # Not pytest's tmp_path: filters run as the unprivileged 'lp' user and must reach the spool.
    base = Path(tempfile.mkdtemp(prefix="touchdesk-cups-"))
    base.chmod(0o755)
    root, spool, log, out = base / "etc", base / "spool", base / "log", base / "out"
    for folder in (root, spool, spool / "tmp", base / "cache", base / "state", log, out):
        folder.mkdir(mode=0o755)
    port = _free_port()
    (root / "cups-files.conf").write_text(
        f"ServerRoot {root}\nRequestRoot {spool}\nTempDir {spool / 'tmp'}\n"
        f"CacheDir {base / 'cache'}\nStateDir {base / 'state'}\n"
        f"ErrorLog {log / 'error_log'}\nAccessLog {log / 'access_log'}\n"
        f"PageLog {log / 'page_log'}\n"
        "ServerBin /usr/lib/cups\nDataDir /usr/share/cups\n"
        "SystemGroup root\nUser lp\nGroup lp\n"
    )
    (root / "cupsd.conf").write_text(
        f"Listen 127.0.0.1:{port}\nLogLevel info\nBrowsing No\nWebInterface No\n"
        "DefaultAuthType None\n"
        "<Location />\n  Order allow,deny\n  Allow from 127.0.0.1\n</Location>\n"
        "<Policy default>\n  <Limit All>\n    Order deny,allow\n  </Limit>\n</Policy>\n"
    )
    config = CUPS_PDF_CONFIG / f"cups-pdf-{name}.conf"
    queue = CupsPdfQueue(name, f"127.0.0.1:{port}", out, log)
    stderr = (log / "cupsd.stderr").open("w")
    cupsd = subprocess.Popen(
        [CUPSD, "-f", "-c", str(root / "cupsd.conf"), "-s", str(root / "cups-files.conf")],
        stdout=subprocess.DEVNULL,
        stderr=stderr,
    )
    try:
        deadline = time.monotonic() + 20
        while queue.lp("lpstat", "-r").stdout.strip() != "scheduler is running":
            if cupsd.poll() is not None or time.monotonic() > deadline:
                raise AssertionError(
                    "cupsd did not start: " + (log / "cupsd.stderr").read_text(errors="replace")
                )
            time.sleep(0.1)
        config.write_text(f"Out {out}\nAnonDirName {out}\nSpool {base / 'cups-pdf'}\nGrp root\n")
        added = queue.lp("lpadmin", "-p", name, "-E", "-v", f"cups-pdf:/{name}", "-P", str(PPD))
        assert added.returncode == 0, added.stderr
        if default:
            made = queue.lp("lpadmin", "-d", name)
            assert made.returncode == 0, made.stderr
        yield queue
    finally:
        cupsd.terminate()
        try:
            cupsd.wait(timeout=15)
        except subprocess.TimeoutExpired:
            cupsd.kill()
            cupsd.wait(timeout=5)
        stderr.close()
        config.unlink(missing_ok=True)
        shutil.rmtree(base, ignore_errors=True)
