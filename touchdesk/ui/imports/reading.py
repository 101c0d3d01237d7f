"""Reading a contact file for the wizard behind a progress dialog with Cancel."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QProgressDialog, QWidget

from touchdesk.services import imports
from touchdesk.services.imports import ImportPreview


def previewed(parent: QWidget | None, path: Path, *how) -> ImportPreview:
    """preview_file(path, *how) behind a progress dialog that shows when reading takes a while
    (a large file is read row by row); Cancel stops it with ImportProblem."""
    dialog = QProgressDialog("Reading the file…", "Cancel", 0, 0, parent)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(400)

    def progress(rows: int) -> bool:
        dialog.setLabelText(f"Reading the file… {rows:,} rows")
        dialog.setValue(0)
        QApplication.processEvents()
        return not dialog.wasCanceled()

    try:
        return imports.preview_file(path, *how, progress=progress)
    finally:
        dialog.reset()
        dialog.deleteLater()
