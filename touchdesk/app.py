"""Composition root: argv -> paths -> lock -> open database -> QApplication -> main window."""

from __future__ import annotations

import argparse
import gc
import json
import linecache
import sys
import time
from typing import TYPE_CHECKING

from touchdesk import APP_ID, APP_NAME, ORGANIZATION, __version__
from touchdesk.paths import app_paths, demo_paths
from touchdesk.ui.pyside_hook import spare_module_sources

if TYPE_CHECKING:
    from touchdesk.ui.first_paint import AfterFirstPaint


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog=APP_ID, description=f"{APP_NAME}: the follow-up desk.")
    parser.add_argument("--db", metavar="PATH", help="open this database file instead of your own")
    parser.add_argument(
        "--demo", action="store_true", help="open a separate database filled with sample data"
    )
    parser.add_argument(
        "--create",
        action="store_true",
        help="with --db: start a new database there without asking, if there is none",
    )
    parser.add_argument("--version", action="version", version=f"{APP_NAME} {__version__}")
    # For benchmarks and smoke checks: report the first idle moment after the first paint.
    parser.add_argument("--quit-when-idle", action="store_true", help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    # What a launch builds lives as long as the app (modules, classes, the window): the
    # collector's passes over it during start-up free nothing. It is back once the window is
    # complete, with those objects set aside for good (`_settle_memory`).
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _launch(argv)
    finally:
        gc.unfreeze()  # a caller that goes on (a test) gets its collector as it was
        if collecting:
            gc.enable()


def _launch(argv: list[str] | None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    paths = demo_paths() if args.demo else app_paths(args.db)
    from touchdesk.store.health import check_while_loading

    # The opening's damage check reads the whole file: it runs while Qt and the window load.
    check_while_loading(paths.database)
    _load_before_qt()
    from PySide6.QtGui import QIcon
    from PySide6.QtWidgets import QApplication

    spare_module_sources()  # before the window's modules are imported
    from touchdesk.paths import resource

    app = QApplication.instance() or QApplication([sys.argv[0]])
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(ORGANIZATION)
    app.setApplicationVersion(__version__)
    app.setDesktopFileName(APP_ID)
    app.setWindowIcon(QIcon(str(resource("icons", "app.svg"))))
    from touchdesk.ui.theme import follow_system

    follow_system(app)  # light or dark as the system says, and again when it switches
    from touchdesk.ui.date_formats import use_system_locale

    use_system_locale()  # every date the window, its dialogs and its PDFs show
    from touchdesk.paths import cache_folder
    from touchdesk.services.holiday_cache import keep_holidays, load_kept_holidays

    load_kept_holidays(cache_folder())  # the next call slot Today names skips holidays

    from touchdesk.ui.crash import install_error_dialog, start_log
    from touchdesk.ui.session import Session

    install_error_dialog(start_log(paths.logs))

    session = Session(app.windowIcon())
    _forget_module_sources()
    # Only a path typed on the command line is asked about: the first launch creates the
    # seller's own database without a question.
    code = session.start(
        paths,
        fill_sample_data=args.demo,
        ask_before_creating=args.db is not None and not args.demo and not args.create,
        # Never under a smoke check, which waits for the first idle moment, not for a person.
        offer_setup=not args.quit_when_idle,
    )
    if code is not None:
        return code
    assert session.window is not None  # started: the window is shown
    # Last of the work after the first paint, which imports what Today and the rest show.
    session.window.first_paint.add(_forget_module_sources)
    session.window.first_paint.add(_settle_memory)
    # Holidays the launch had to read from the package are kept for the next one.
    session.window.first_paint.add(lambda: keep_holidays(cache_folder()))
    if args.quit_when_idle:
        _report_when_idle(app, session.window.first_paint)
    try:
        return app.exec()
    finally:
        session.stop()
        keep_holidays(cache_folder())  # and those the session read since


def _load_before_qt() -> None:
    """The Qt-free modules the first paint needs, imported before PySide: once loaded, PySide
    reads the source of every module imported after it (its __feature__ import hook) unless
    told about it first (`spare_module_sources`), as these and ours are."""
    import touchdesk.services.overview  # noqa: F401
    import touchdesk.services.today  # noqa: F401
    import touchdesk.services.undo  # noqa: F401
    import touchdesk.services.workspace  # noqa: F401


def _forget_module_sources() -> None:
    """Drop the source lines PySide's import hook read: it reads each module imported after
    PySide through linecache (looking for the word PySide6), and linecache keeps them, some
    3 MB of text for 160 files. A traceback reads the lines it needs again."""
    linecache.clearcache()


def _settle_memory() -> None:
    """The window is complete: what start-up built moves out of the collector's generations
    (it is still freed when no longer referenced), and the collector runs again."""
    gc.freeze()
    gc.enable()


def _report_when_idle(app, first_paint: AfterFirstPaint) -> None:
    from touchdesk.ui.idle_probe import FirstIdleAfterPaint

    def report() -> None:
        print(json.dumps({"idle_at": time.time(), "maxrss_kb": _peak_memory_kb()}), flush=True)
        app.quit()

    app._idle_probe = FirstIdleAfterPaint(
        app, first_paint, report
    )  # kept alive with the application


def _peak_memory_kb() -> int:
    try:
        import resource
    except ImportError:  # Windows: the benchmarks run on Linux
        return 0
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


if __name__ == "__main__":
    sys.exit(main())
