"""Screenshots of every page and main dialog on sample data, light and dark, at three sizes.

    QT_QPA_PLATFORM=offscreen python packaging/screenshots.py [--out build/screenshots]

Writes <out>/<scheme>/<width>x<height>/<nn>-<name>.png, drawn offscreen with widget.grab(),
and <out>/fit.txt: what did not fit each size (widgets past the window's edge, cut labels).
Runs on its own sample database in a temporary folder: the seller's data is never opened.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SIZES = ((1024, 640), (1280, 720), (1920, 1080))
PAGES = ("Today", "Board", "Prospect", "Mail", "Plans", "Insights")


def _isolate() -> Path:
    """Offscreen, with settings and data in a temporary home."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    home = Path(tempfile.mkdtemp(prefix="touchdesk-screenshots-"))
    for name in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
        os.environ[name] = str(home / name.lower())
    return home


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "screenshots")
    parser.add_argument("--prospects", type=int, default=60, help="sample prospects (60)")
    args = parser.parse_args(argv)
    home = _isolate()
    sys.path.insert(0, str(ROOT))

    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    from touchdesk.paths import app_paths
    from touchdesk.services.demo import fill_demo
    from touchdesk.services.workspace import open_workspace
    from touchdesk.ui.events import ChangeBus
    from touchdesk.ui.main_window import MainWindow
    from touchdesk.ui.theme import apply_scheme

    app = QApplication.instance() or QApplication([sys.argv[0]])
    workspace = open_workspace(app_paths(home / "sample.sqlite"))
    fill_demo(prospects=args.prospects)
    window = MainWindow(workspace, ChangeBus(), lambda: None)
    window.show()
    report: list[str] = []
    for scheme, folder in ((Qt.ColorScheme.Light, "light"), (Qt.ColorScheme.Dark, "dark")):
        apply_scheme(app, scheme)
        for width, height in SIZES:
            out = args.out / folder / f"{width}x{height}"
            out.mkdir(parents=True, exist_ok=True)
            report += _pages(app, window, out, width, height, f"{folder} {width}x{height}")
            _dialogs(app, window, out, width, height)
    (args.out / "fit.txt").write_text("\n".join(report) + "\n", encoding="utf-8")
    print(f"Screenshots in {args.out}; what did not fit: {args.out / 'fit.txt'}")
    window.close()
    return 0


def _settle(app) -> None:
    for _ in range(3):
        app.processEvents()


def _pages(app, window, out: Path, width: int, height: int, where: str) -> list[str]:
    from touchdesk.store.models import Prospect
    from touchdesk.ui.fit import misfits

    found = []
    window.resize(width, height)
    first = Prospect.select(Prospect.id).where(Prospect.deleted_at.is_null()).first()
    for number, title in enumerate(PAGES, start=1):
        if title == "Prospect" and first is not None:
            window.open_prospect(first.id)
        window.go_to(title)
        _settle(app)
        window.grab().save(str(out / f"{number:02}-{title.lower()}.png"))
        found += [f"{where} {title}: {problem}" for problem in misfits(window, width, height)]
    return found


def _dialogs(app, window, out: Path, width: int, height: int) -> None:
    from touchdesk.store.models import Prospect
    from touchdesk.ui.imports.wizard import ImportWizard

    first = Prospect.select(Prospect.id).where(Prospect.deleted_at.is_null()).first()
    pid = first.id if first is not None else 0
    window.open_prospect(pid)
    dialogs: list[tuple[str, Callable[[], object]]] = [
        ("new-prospect", window.prospect_actions.new_prospect),
        ("edit-prospect", lambda: window.edit_prospect(pid)),
        ("log-touch", window.prospect.log_touch),
        ("next-step", window.prospect.choose_next_step),
        ("invite", window.prospect.invite),
        ("queue-mail", lambda: window.mail_flows.queue_for(pid)),
        ("apply-plan", lambda: window.plan_actions.apply_plan_to([pid])),
        ("print-mail", window.mail_actions.print_mail),
        ("import", lambda: ImportWizard(window.bus, window).exec()),
        ("export-calendar", window.file_actions.export_calendar),
        ("duplicates", window.find_duplicates),
        ("backups", window.backup_actions.show_backups),
        ("trash", window.open_trash),
        ("settings", window.app_actions.open_settings),
        ("about", window.app_actions.show_about),
    ]
    for number, (name, open_it) in enumerate(dialogs, start=1):
        _capture(app, open_it, out / f"dialog-{number:02}-{name}.png", width, height)


def _capture(app, open_it: Callable[[], object], path: Path, width: int, height: int) -> None:
    """Run `open_it`; grab the first modal dialog it shows (made to fit the screen size),
    then close it and any that follow, so the flow ends as if cancelled."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    state = {"running": True, "grabbed": False}

    def look() -> None:
        if not state["running"]:
            return
        dialog = QApplication.activeModalWidget()
        if dialog is None or not dialog.isVisible():
            QTimer.singleShot(20, look)
            return
        if not state["grabbed"]:
            dialog.resize(min(dialog.width(), width), min(dialog.height(), height))
            _settle(app)
            dialog.grab().save(str(path))
            state["grabbed"] = True
        dialog.done(0)
        QTimer.singleShot(20, look)

    QTimer.singleShot(0, look)
    open_it()
    state["running"] = False


if __name__ == "__main__":
    sys.exit(main())
