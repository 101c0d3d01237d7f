"""What the first paint does not need is not imported before it: each module costs the
launch time before the window shows (the services below load when first used)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]

NOT_BEFORE_THE_FIRST_PAINT = [
    "touchdesk.services.follow_up",  # Today's snooze and reschedule
    "touchdesk.services.invites.rules",
    "touchdesk.formats.ics",
    "touchdesk.services.maintenance",  # backups, restore, the crash box's hint
    "touchdesk.services.prospects",  # the prospect pages and forms
    "touchdesk.services.insights",  # the reminders, started after the paint
    "touchdesk.ui.reminders",
    "touchdesk.services.plans",  # reviving a dormant prospect, on the days one is due
    "touchdesk.services.statuses",
    "PySide6.QtNetwork",  # the raise-me server: the lock alone is taken before
]

# A launch as main.py makes it, reporting the modules loaded at its first paint.
LAUNCH = """
import json, sys
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication
from touchdesk.paths import app_paths
from touchdesk.ui.main_window import MainWindow
from touchdesk.ui.session import Session

app = QApplication([])
loaded = []
painted = MainWindow.paintEvent

def paint(window, event):
    if not loaded:
        loaded.extend(sys.modules)
        app.quit()
    painted(window, event)

MainWindow.paintEvent = paint
session = Session(QIcon())
assert session.start(app_paths(sys.argv[1])) is None
app.exec()
session.stop()
print(json.dumps(loaded))
"""


def test_the_first_paint_comes_before_the_services_it_does_not_show(tmp_path: Path):
    done = subprocess.run(
        [sys.executable, "-c", LAUNCH, str(tmp_path / "desk.sqlite")],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
        env={
            **os.environ,
            "QT_QPA_PLATFORM": "offscreen",
            "XDG_CONFIG_HOME": str(tmp_path / "config"),
            "XDG_DATA_HOME": str(tmp_path / "data"),
            "XDG_STATE_HOME": str(tmp_path / "state"),
        },
    )
    assert done.returncode == 0, done.stderr
    loaded = set(json.loads(done.stdout.splitlines()[-1]))
    assert "touchdesk.ui.today.page" in loaded  # the page on screen is there
    assert [name for name in NOT_BEFORE_THE_FIRST_PAINT if name in loaded] == []


def test_the_qt_free_modules_are_loaded_before_qt(tmp_path: Path):
    """Once loaded, PySide reads the source of every module imported after it: the
    launch imports what opening the database needs first."""
    from touchdesk.store import db
    from touchdesk.store.opening import open_store

    path = tmp_path / "desk.sqlite"
    open_store(path, tmp_path / "backups")  # an existing database: no question at launch
    db.close()
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "main.py", "--db", str(path), "--quit-when-idle"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
        env={
            **os.environ,
            "QT_QPA_PLATFORM": "offscreen",
            "XDG_CONFIG_HOME": str(tmp_path / "config"),
            "XDG_DATA_HOME": str(tmp_path / "data"),
            "XDG_STATE_HOME": str(tmp_path / "state"),
        },
    )
    assert done.returncode == 0, done.stderr[-2000:]
    order = [line.rsplit("|", 1)[-1].strip() for line in done.stderr.splitlines() if "|" in line]
    qt = order.index("PySide6")
    for name in ("peewee", "touchdesk.store.models", "touchdesk.services.workspace"):
        assert order.index(name) < qt, f"{name} is imported after Qt"


# Loaded by nothing the window shows up to its first idle moment (the start-up figure's end).
NOT_BEFORE_THE_IDLE_WINDOW = [
    "qtawesome",  # the icons are drawn from its font alone
    "qtpy",  # under qtawesome: it imports every Qt module it wraps
    "touchdesk.services.insights",  # the reminders count the steps due with a small module
    "touchdesk.services.dav.status",  # no calendar account: its status line stays hidden
    # An empty outbox and no mail account: nothing to ask about, nothing to send.
    "touchdesk.services.outbox.queue",
    "touchdesk.services.outbox.sending",
    "smtplib",
    "imaplib",
]

# main.py --quit-when-idle, listing the modules loaded by then and the source files kept.
IDLE_LAUNCH = """
import json, linecache, sys
from touchdesk import app
from touchdesk.ui import idle_probe

class Listing(idle_probe.FirstIdleAfterPaint):
    def _about_to_block(self):
        if self._armed and not self._done:
            print(json.dumps({"modules": sorted(sys.modules), "sources": len(linecache.cache)}))
        super()._about_to_block()

idle_probe.FirstIdleAfterPaint = Listing
sys.exit(app.main(["--db", sys.argv[1], "--quit-when-idle"]))
"""


def test_the_idle_window_has_not_loaded_what_it_does_not_show(tmp_path: Path):
    from tests.factories import prospect
    from touchdesk.paths import app_paths
    from touchdesk.services.workspace import close_workspace, open_workspace

    path = tmp_path / "desk.sqlite"
    open_workspace(app_paths(path), daily_backup=False)
    prospect("Ann", "Lee", due=datetime.now(UTC) - timedelta(hours=1))
    close_workspace()
    done = subprocess.run(
        [sys.executable, "-c", IDLE_LAUNCH, str(path)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
        env={
            **os.environ,
            "QT_QPA_PLATFORM": "offscreen",
            "XDG_CONFIG_HOME": str(tmp_path / "config"),
            "XDG_DATA_HOME": str(tmp_path / "data"),
            "XDG_STATE_HOME": str(tmp_path / "state"),
        },
    )
    assert done.returncode == 0, done.stderr[-2000:]
    at_idle = json.loads(next(line for line in done.stdout.splitlines() if "modules" in line))
    loaded = set(at_idle["modules"])
    assert "touchdesk.ui.icons" in loaded  # the sidebar and Today's calls show their icons
    assert [name for name in NOT_BEFORE_THE_IDLE_WINDOW if name in loaded] == []
    # PySide's import hook read each module's source to look for its name: not kept after.
    assert at_idle["sources"] < 10
