"""File → Backups: every backup with its date and kind, a backup now, and restoring one."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from touchdesk.domain.date_text import dates
from touchdesk.paths import AppPaths
from touchdesk.services import maintenance
from touchdesk.services.maintenance import BackupEntry
from touchdesk.ui.table_model import RowTableModel, TableColumn


def size_text(count: int) -> str:
    if count < 1024**2:
        return f"{max(count, 1) / 1024:,.0f} KB"
    return f"{count / 1024**2:,.1f} MB"


COLUMNS = (
    TableColumn[BackupEntry]("Taken", lambda entry: dates().date_time(entry.taken_at)),
    TableColumn[BackupEntry]("Kind", lambda entry: entry.kind),
    TableColumn[BackupEntry]("Size", lambda entry: size_text(entry.size_bytes), align_right=True),
    TableColumn[BackupEntry]("File", lambda entry: entry.path.name),
)

KINDS_NOTE = (
    "Daily backups are taken at the first launch of a day (the last 14 are kept). Manual "
    "ones (Back up now) and safety copies (taken before a restore or an upgrade) are kept "
    "apart, so neither pushes out the daily ones."
)


class BackupsDialog(QDialog):
    """Accepted with `chosen` set when the seller picks a backup to restore."""

    def __init__(self, paths: AppPaths, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Backups")
        self.paths = paths
        self.chosen: Path | None = None

        self.model = RowTableModel[BackupEntry](COLUMNS)
        self.table = QTableView()
        self.table.setTabKeyNavigation(False)
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.doubleClicked.connect(lambda _index: self._restore())

        self.folder_label = QLabel(f"In {paths.backups}")
        self.folder_label.setWordWrap(True)
        note = QLabel(KINDS_NOTE)
        note.setWordWrap(True)
        self.message = QLabel("")
        self.message.setWordWrap(True)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.backup_button = QPushButton("&Back up now")
        self.restore_button = QPushButton("&Restore…")
        buttons.addButton(self.backup_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.restore_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        self.backup_button.clicked.connect(self._back_up)
        self.restore_button.clicked.connect(self._restore)

        layout = QVBoxLayout(self)
        layout.addWidget(self.folder_label)
        layout.addWidget(self.table)
        layout.addWidget(note)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.resize(640, 420)
        self.refresh()

    def refresh(self) -> None:
        self.model.set_rows(maintenance.list_backups(self.paths))
        if self.model.rowCount() == 0:
            self.message.setText("No backups yet.")
        self.restore_button.setEnabled(self.model.rowCount() > 0)

    def _selected(self) -> BackupEntry | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_value(rows[0].row()) if rows else None

    def _back_up(self) -> None:
        try:
            taken = maintenance.backup_now(self.paths)
        except Exception as error:  # damage, disk full, permissions: said here, not raised
            self.message.setText(f"The backup could not be taken: {error}")
            return
        self.refresh()
        self.message.setText(f"Backed up to {taken.name}.")

    def _restore(self) -> None:
        entry = self._selected()
        if entry is None:
            self.message.setText("Choose the backup to restore first.")
            return
        self.chosen = entry.path
        self.accept()
