"""Mailbox sync of 10,000 messages, 1,000 of them with prospects, against a bare imaplib fetch of
the same headers from the same private Dovecot in the same process, sampled ABAB...

- TouchDesk: sync_mailbox() from scratch on a fresh copy of the database (made untimed before
  each sample): every header read, the 1,000 emails with prospects fetched whole, parsed,
  stored and logged through the follow-up cycle.
- bare: one imaplib connection, SELECT, UID SEARCH ALL and UID FETCH of the same header fields
  for every message, parsed with the standard library (target 1.5).
- responsiveness: the same sync once more, as the window runs it (a worker thread), while a 5 ms
  timer ticks on the event loop: the longest gap between ticks against the issue's 50 ms.

python bench_mailbox.py DB [--repeats N] [--quick]   prints a JSON list of figures
(--quick, from run.py --quick in CI: 500 messages, 50 with prospects, to catch a crash fast)
"""

from __future__ import annotations

import imaplib
import json
import os
import sqlite3
import ssl
import sys
import tempfile
from datetime import UTC, datetime, timedelta
from email.parser import BytesHeaderParser
from itertools import pairwise
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

from measure import copy_database, figure, interleaved, repeats_from  # noqa: E402

QUICK = "--quick" in sys.argv
MESSAGES = 500 if QUICK else 10_000
WITH_PROSPECTS = MESSAGES // 10
REPEATS = 3
TARGET = 1.5
GAP_MS = 50.0  # the window turns at least this often during a sync (the issue)
SELLER = "seller@bench.test"


def _prospect_addresses(database: Path, count: int) -> list[str]:
    connection = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
    try:
        rows = connection.execute(
            "SELECT c.value FROM contact_point c JOIN prospect p ON p.id = c.prospect_id "
            "WHERE c.kind = 'email' AND p.deleted_at IS NULL ORDER BY c.id LIMIT ?",
            (count,),
        ).fetchall()
    finally:
        connection.close()
    return [row[0] for row in rows]


def _messages(addresses: list[str]) -> list[bytes]:
    from tests.mail_servers import email_message

    now = datetime.now(UTC)
    every = MESSAGES // WITH_PROSPECTS
    messages = []
    for n in range(MESSAGES):
        if n % every == 0 and addresses:
            sender = addresses[(n // every) % len(addresses)]
        else:
            sender = f"stranger{n}@elsewhere{n % 50}.test"
        body = f"Message {n}.\n\nA few lines of text, as most emails have.\n" * 3
        messages.append(
            email_message(sender, SELLER, f"Subject {n}", body, now - timedelta(minutes=n))
        )
    return messages


def _bare(server) -> None:
    from touchdesk.services.mailbox.parsing import HEADER_FIELDS

    context = ssl.create_default_context(cafile=str(server.ca_file))
    imap = imaplib.IMAP4_SSL(server.host, server.port, ssl_context=context)
    imap.login(server.user, server.password)
    imap.select("INBOX", readonly=True)
    _, data = imap.uid("SEARCH", None, "ALL")
    uids = data[0].split()
    parser = BytesHeaderParser()
    for start in range(0, len(uids), 500):
        chunk = b",".join(uids[start : start + 500]).decode()
        _, fetched = imap.uid("FETCH", chunk, f"(UID BODY.PEEK[HEADER.FIELDS ({HEADER_FIELDS})])")
        for item in fetched:
            if isinstance(item, tuple):
                parser.parsebytes(item[1])
    imap.logout()


def _longest_gap(sync) -> tuple[float, float]:
    """The longest wait between turns of the event loop (ms) while `sync` runs in a worker
    thread, as MailSync runs it; and, for reading it, the longest over a second of the same
    loop with nothing running (the machine's own noise)."""
    import time

    from PySide6.QtCore import QCoreApplication, QEventLoop, Qt, QTimer

    from touchdesk.ui.background import Background

    application = QCoreApplication.instance() or QCoreApplication([])
    ticks: list[float] = []
    timer = QTimer()
    timer.setTimerType(Qt.TimerType.PreciseTimer)
    timer.timeout.connect(lambda: ticks.append(time.perf_counter()))
    loop = QEventLoop()
    timer.start(5)
    QTimer.singleShot(1000, loop.quit)
    loop.exec()
    timer.stop()
    idle = max(later - earlier for earlier, later in pairwise(ticks)) * 1000
    ticks.clear()
    job = Background(lambda report: sync(), application)
    failures: list[BaseException] = []
    job.done.connect(lambda result: loop.quit())
    job.failed.connect(lambda error: (failures.append(error), loop.quit()))
    timer.start(5)
    ticks.append(time.perf_counter())
    job.start()
    loop.exec()
    ticks.append(time.perf_counter())
    timer.stop()
    if failures:
        raise SystemExit(f"the sync failed in its worker thread: {failures[0]!r}")
    return max(later - earlier for earlier, later in pairwise(ticks)) * 1000, idle


def main(argv: list[str]) -> int:
    repeats = repeats_from(argv, REPEATS)
    source = Path(argv[1])
    from tests.mail_servers import dovecot_server

    work = Path(tempfile.mkdtemp(prefix="touchdesk-bench-mailbox-"))
    addresses = _prospect_addresses(source, WITH_PROSPECTS)
    with dovecot_server("ssl") as server:
        os.environ["SSL_CERT_FILE"] = str(server.ca_file)
        messages = _messages(addresses)
        for start in range(0, len(messages), 1000):
            server.append(messages[start : start + 1000])

        from tests.services.mailbox.helpers import account_for
        from touchdesk.services import settings
        from touchdesk.services.mailbox.sync import sync_mailbox
        from touchdesk.store import db
        from touchdesk.store.opening import open_store

        account = account_for(server)
        copy = work / "copy.sqlite"
        stored: list[int] = []

        def fresh_copy() -> None:
            db.close()
            for stale in work.glob("copy.sqlite*"):
                stale.unlink()
            copy_database(source, copy)
            open_store(copy, work / "backups")
            settings.put("seller_email", SELLER)

        def app() -> None:
            stored.append(sync_mailbox(account).stored)

        values, baselines = interleaved(app, lambda: _bare(server), repeats, before_app=fresh_copy)
        fresh_copy()
        gap, idle_gap = _longest_gap(app)
        db.close()
    if addresses and min(stored) < WITH_PROSPECTS:
        raise SystemExit(f"the sync stored {min(stored)} emails, not {WITH_PROSPECTS}")
    name = (
        f"mailbox: sync of {MESSAGES:,} messages, {WITH_PROSPECTS:,} with prospects "
        "(vs bare imaplib header fetch)"
    )
    responsive = figure(
        f"mailbox: longest event-loop gap during that sync in a worker thread (vs {GAP_MS} ms)",
        [gap],
        [GAP_MS],
        "ms",
        1.0,
    )
    responsive["idle_gap_ms"] = round(idle_gap, 1)  # the same loop with no sync: load, not us
    print(json.dumps([figure(name, values, baselines, "ms", TARGET), responsive]))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
