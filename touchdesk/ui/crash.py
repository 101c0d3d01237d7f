"""Unhandled errors: written to the log, shown with their details, and the window goes on."""

from __future__ import annotations

import logging
import sys
import traceback
from logging.handlers import RotatingFileHandler
from pathlib import Path
from types import TracebackType

from PySide6.QtWidgets import QApplication, QMessageBox

from touchdesk import APP_NAME

LOG_NAME = "touchdesk.log"
log = logging.getLogger("touchdesk")


def start_log(folder: Path) -> Path:
    """A small rotating log in the user's log folder."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / LOG_NAME
    handler = RotatingFileHandler(path, maxBytes=1_000_000, backupCount=3, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    return path


def install_error_dialog(log_path: Path) -> None:
    """Every service call is one transaction, so an error mid-way leaves the database as it
    was; the seller is told what happened and where the details are kept."""

    showing = False

    def show(kind: type[BaseException], error: BaseException, tb: TracebackType | None) -> None:
        nonlocal showing
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, error, tb)
            return
        details = "".join(traceback.format_exception(kind, error, tb))
        log.error("Unhandled error\n%s", details)
        if QApplication.instance() is None:
            sys.__excepthook__(kind, error, tb)
            return
        # An error that repeats (in a paint or a timer) while the box is open is logged only,
        # so the seller meets one box and not a pile of them.
        if showing:
            return
        box = QMessageBox(
            QMessageBox.Icon.Critical,
            f"{APP_NAME} hit a problem",
            f"Something went wrong: {error}\n\nNothing half-done was saved: your "
            f"data is as it was before this action.\n\nThe details are in "
            f"{log_path}",
        )
        box.setDetailedText(details)
        showing = True
        try:
            box.exec()
        finally:
            showing = False

    sys.excepthook = show
