"""Unhandled errors: written to the log, shown with their details, and the window goes on."""

from __future__ import annotations

import logging
import re
import sys
import traceback
from pathlib import Path
from types import TracebackType

from PySide6.QtWidgets import QApplication

from touchdesk import APP_NAME
from touchdesk.log_file import KeptSmallFileHandler

LOG_NAME = "touchdesk.log"
log = logging.getLogger("touchdesk")


def start_log(folder: Path) -> Path:
    """A small rotating log in the user's log folder."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / LOG_NAME
    handler = KeptSmallFileHandler(path)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    return path


# What SQLite's terse messages usually mean on a seller's computer, and what to do about it.
_PLAIN_WORDS = (
    (
        ("database is locked", "database table is locked"),
        "Another program was using the database file (a backup or sync tool, or a second "
        "TouchDesk). Try again in a moment.",
    ),
    (
        ("disk i/o error", "database or disk is full", "no space left"),
        "The disk is full or could not be written. Free some space or check the drive, "
        "then try again.",
    ),
    (
        ("readonly database", "read-only file system"),
        "The database file cannot be written: check that it is not read-only.",
    ),
)


# PySide6 wraps an error raised inside a Qt virtual (an undo command's redo, a paint event) as
# "Error calling Python override of QUndoCommand::redo(): database is locked"; the seller
# needs only the part after it.
_PYSIDE_WRAPPER = re.compile(r"^Error calling Python override of [\w:]+\(\): ")


def error_message(error: BaseException) -> str:
    """What went wrong, in the error's own words, without the binding's wrapper."""
    return _PYSIDE_WRAPPER.sub("", str(error)) or type(error).__name__


def plain_words(error: BaseException) -> str:
    """A sentence for the seller about a known cause, or "" when there is none to give."""
    message = str(error).lower()
    for needles, words in _PLAIN_WORDS:
        if any(needle in message for needle in needles):
            return words
    return ""


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
        from PySide6.QtWidgets import QMessageBox  # the box and its enums: when first shown

        from touchdesk.services.maintenance import write_refusal  # loaded when first needed

        hint = write_refusal(error) or plain_words(error)
        box = QMessageBox(
            QMessageBox.Icon.Critical,
            f"{APP_NAME} hit a problem",
            f"Something went wrong: {error_message(error)}\n\n"
            + (f"{hint}\n\n" if hint else "")
            + "Nothing half-done was saved: your data is as it was before this action."
            f"\n\nThe details are in {log_path}",
        )
        box.setDetailedText(details)
        showing = True
        try:
            box.exec()
        finally:
            showing = False

    sys.excepthook = show
