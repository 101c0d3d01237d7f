"""An unhandled error is logged and shown with its details, and the program goes on."""

from __future__ import annotations

import logging
import sys

from PySide6.QtWidgets import QMessageBox

from tests.ui.helpers import when_modal
from touchdesk.ui.crash import install_error_dialog, log, start_log


def test_error_dialog_names_the_log_and_the_log_keeps_the_traceback(qtbot, tmp_path, monkeypatch):
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # restored after the test
    path = start_log(tmp_path / "logs")
    install_error_dialog(path)
    seen = {}

    def read(box):
        assert isinstance(box, QMessageBox)
        seen["text"] = box.text()
        seen["details"] = box.detailedText()
        box.accept()

    when_modal(qtbot, read, QMessageBox)
    try:
        raise RuntimeError("the printer caught fire")
    except RuntimeError:
        sys.excepthook(*sys.exc_info())
    for handler in list(log.handlers):
        handler.flush()
        if isinstance(handler, logging.FileHandler):
            log.removeHandler(handler)
            handler.close()

    assert "the printer caught fire" in seen["text"]
    assert str(path) in seen["text"]
    assert "Traceback" in seen["details"] and "RuntimeError" in seen["details"]
    written = path.read_text(encoding="utf-8")
    assert "RuntimeError: the printer caught fire" in written
