"""What the first paint does not need is not imported before it: each module costs the
launch time before the window shows (the services below load when first used)."""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime, timedelta
from pathlib import Path

from tests.ui.launching import launch
from touchdesk.domain.vocabulary import Channel
from touchdesk.services.date_cache import babel_version

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
    done = launch(["-c", LAUNCH, str(tmp_path / "desk.sqlite")], tmp_path)
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
    done = launch(["-X", "importtime", "main.py", "--db", str(path), "--quit-when-idle"], tmp_path)
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
    # The date formats kept from an earlier launch: Babel and its locale data stay unloaded.
    "babel",
    "babel.dates",
    "plistlib",  # only a Mac's login entry is a property list
    # The selected step's words read the prospect's record, not the rules for editing one.
    "touchdesk.services.prospects",
    "touchdesk.domain.contacts",
    # A chaser counts the emails since the last answer, not with every plan rule.
    "touchdesk.services.plans",
    "touchdesk.services.statuses",
    # No mail or calendar account saved: whether there is one is all a launch asks.
    "touchdesk.services.accounts",
    "touchdesk.services.secrets",
    "subprocess",
    # The pages not on screen are built, with the modules only they use, when first shown.
    "touchdesk.ui.board.page",
    "touchdesk.ui.prospect.page",
    "touchdesk.ui.mail.page",
    "touchdesk.ui.plans.page",
    "touchdesk.ui.insights.page",
    # A library brought up to the current built-ins is not compared with them again.
    "touchdesk.services.library_seed",
    # Dialogs shown on demand: rescheduling a call, the mailbox password without a keyring,
    # the progress box of a long task.
    "touchdesk.ui.progress_dialog",
    "touchdesk.ui.today.reschedule",
    "touchdesk.ui.mailbox.password",
    # The thread pool is the doctor's full check's; the launch's quick check is one thread.
    "concurrent.futures",
    # A second launch knocks on a file the first watches: no local socket, no network module.
    "PySide6.QtNetwork",
    # The log rolls over by itself: not the standard handlers and the pickle and queue they
    # import.
    "logging.handlers",
    "pickle",
    "queue",
    # The backups' names are read without strptime; the replied bar escapes names only when
    # someone replied.
    "_strptime",
    "html",
    # Today's calls read a contact subquery, not the board's cards and stage moves.
    "touchdesk.services.board",
    "touchdesk.domain.board",
    # The words read the prospect's record, not the duplicate rules of the prospect forms,
    # and one template, not the library's reasons and questions.
    "touchdesk.domain.prospects",
    "touchdesk.services.library",
    "touchdesk.domain.questions",
    "difflib",
    # Peewee's hashlib, socket, uuid and calendar wait for their first use: no field of ours
    # is a UUID, an IP or a timestamp, and a read inside a transaction opens no savepoint.
    "hashlib",
    "socket",
    "uuid",
    "calendar",
    "platform",  # Help → About names the Python version: read when it is shown
]

# main.py --quit-when-idle, listing the modules loaded by then and the source files kept.
IDLE_LAUNCH = """
import json, linecache, sys
from touchdesk import app
from touchdesk.ui import idle_probe

class Listing(idle_probe.FirstIdleAfterPaint):
    def _about_to_block(self):
        if self._armed and not self._done:
            from PySide6.QtWidgets import QApplication

            # PySide builds a Qt class (and every enum in it) on its first use from Python;
            # read before allWidgets(), which builds every widget class there is.
            qt_classes = sorted(vars(sys.modules["PySide6.QtWidgets"]))
            qt_core_classes = sorted(vars(sys.modules["PySide6.QtCore"]))
            names = sorted({w.objectName() for w in QApplication.allWidgets()} - {""})
            dataclasses = [
                value
                for name, module in list(sys.modules.items()) if name.startswith("touchdesk")
                for value in vars(module).values()
                if isinstance(value, type) and "__dataclass_fields__" in vars(value)
                and value.__module__ == name
            ]
            import gc

            print(json.dumps({
                "modules": sorted(sys.modules), "sources": len(linecache.cache), "widgets": names,
                # A dataclass without a docstring gets one made from inspect.signature().
                "undocumented": sorted(
                    f"{value.__module__}.{value.__name__}" for value in dataclasses
                    if (value.__doc__ or "").startswith(value.__name__ + "(")
                ),
                # A frozen dataclass costs ten times a NamedTuple to define (its methods are
                # compiled from source as it is made).
                "dataclasses": sorted(
                    f"{value.__module__}.{value.__name__}" for value in dataclasses
                ),
                "qt_classes": qt_classes,
                "qt_core_classes": qt_core_classes,
                "gc": {
                    "enabled": gc.isenabled(),
                    "frozen": gc.get_freeze_count(),
                    "collections": [g["collections"] for g in gc.get_stats()],
                },
            }))
        super()._about_to_block()

idle_probe.FirstIdleAfterPaint = Listing
sys.exit(app.main(["--db", sys.argv[1], "--quit-when-idle"]))
"""


def test_the_idle_window_has_not_loaded_what_it_does_not_show(tmp_path: Path, monkeypatch):
    from tests.factories import prospect
    from touchdesk.paths import app_paths, cache_folder
    from touchdesk.services.date_cache import date_tables
    from touchdesk.services.workspace import close_workspace, open_workspace

    path = tmp_path / "desk.sqlite"
    open_workspace(app_paths(path), daily_backup=False)
    # An email step: its words are a chaser, which quotes the emails sent before.
    prospect("Ann", "Lee", due=datetime.now(UTC) - timedelta(hours=1), channel=Channel.EMAIL)
    close_workspace()
    # An earlier launch kept the date formats of the locale the launch below reads.
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    assert date_tables(cache_folder(), os.environ["TOUCHDESK_LOCALE"]) is not None
    done = launch(["-c", IDLE_LAUNCH, str(path)], tmp_path, XDG_CACHE_HOME=str(tmp_path / "cache"))
    assert done.returncode == 0, done.stderr[-2000:]
    at_idle = json.loads(next(line for line in done.stdout.splitlines() if "modules" in line))
    loaded = set(at_idle["modules"])
    assert "touchdesk.ui.icons" in loaded  # the sidebar and Today's calls show their icons
    assert "touchdesk.services.chase" in loaded  # the selected step's chaser is shown
    assert [name for name in NOT_BEFORE_THE_IDLE_WINDOW if name in loaded] == []
    # PySide's import hook read each module's source to look for its name: not kept after.
    assert at_idle["sources"] < 10
    # Each class the launch defines says what it is (and spares working out its signature).
    assert at_idle["undocumented"] == [], "\n".join(at_idle["undocumented"])
    # A desk with prospects shows Today: the welcome panel of an empty one is not built.
    assert "calls" in at_idle["widgets"]
    assert "welcome" not in at_idle["widgets"]
    # QStyle's enums (hundreds of pixel metrics, elements and hints) are not read by Python:
    # the sidebar asks the selection whether its row is selected.
    assert "QListWidget" in at_idle["qt_classes"]
    assert "QStyle" not in at_idle["qt_classes"]
    # The forms' combos and date editors, and the link the words panel opens, wait for use.
    assert {"QComboBox", "QDateTimeEdit"} & set(at_idle["qt_classes"]) == set()
    assert "QUrl" not in at_idle["qt_core_classes"]
    # The records the first screen reads are NamedTuples, and what it changes in place (the
    # page list, the undo log) plain classes. The dataclasses left are the email step's
    # chaser's and its plans' history's.
    assert at_idle["dataclasses"] == [
        "touchdesk.domain.attempts.TouchFacts",
        "touchdesk.domain.chase.ChaseText",
        "touchdesk.domain.chase.SentEmail",
        "touchdesk.domain.next_steps.FollowUpFacts",
        "touchdesk.domain.next_steps.NextStepInfo",
        "touchdesk.domain.next_steps.NextStepInput",
        "touchdesk.domain.plans.PlanInfo",
        "touchdesk.domain.plans.PlanSpec",
        "touchdesk.domain.plans.PlanStepSpec",
    ]
    # The collector stayed out of the launch (it found nothing to free in what start-up
    # builds) and is back, with those objects set aside for good.
    assert at_idle["gc"]["enabled"]
    assert at_idle["gc"]["frozen"] > 20_000  # start-up's modules, classes and window
    assert at_idle["gc"]["collections"][1:] <= [6, 0]  # 14 and 1 when it ran throughout


def test_a_launch_with_no_kept_date_formats_keeps_them_for_the_next(tmp_path: Path, monkeypatch):
    from touchdesk.paths import app_paths, cache_folder
    from touchdesk.services.workspace import close_workspace, open_workspace

    open_workspace(app_paths(tmp_path / "desk.sqlite"), daily_backup=False)
    close_workspace()
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    done = launch(["-c", IDLE_LAUNCH, str(tmp_path / "desk.sqlite")], tmp_path)
    assert done.returncode == 0, done.stderr[-2000:]
    kept = [p.name for p in cache_folder().iterdir()]
    assert kept == [f"date-tables-1-babel-{babel_version()}-{os.environ['TOUCHDESK_LOCALE']}.json"]


def test_a_launch_on_a_call_reads_the_holidays_an_earlier_launch_kept(tmp_path: Path, monkeypatch):
    """A call's words name the next good call slot, which skips the prospect's holidays: the
    first launch reads them from the holidays package, the next from what it kept."""
    from tests.factories import prospect
    from touchdesk.paths import app_paths
    from touchdesk.services.workspace import close_workspace, open_workspace

    path = tmp_path / "desk.sqlite"
    open_workspace(app_paths(path), daily_backup=False)
    prospect("Bo", "Ek", due=datetime.now(UTC) - timedelta(hours=1), country_code="DE")
    close_workspace()
    loaded = []
    for _ in range(2):
        done = launch(
            ["-c", IDLE_LAUNCH, str(path)], tmp_path, XDG_CACHE_HOME=str(tmp_path / "cache")
        )
        assert done.returncode == 0, done.stderr[-2000:]
        at_idle = json.loads(next(line for line in done.stdout.splitlines() if "modules" in line))
        loaded.append("holidays" in at_idle["modules"])
        assert "touchdesk.services.step_words" in at_idle["modules"]  # the words were shown
    assert loaded == [True, False]
