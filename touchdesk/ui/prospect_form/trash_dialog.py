"""The trash: prospects moved there, restorable one by one."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from touchdesk.domain.date_text import dates
from touchdesk.domain.prospects import TrashEntry
from touchdesk.services.prospects import list_trash
from touchdesk.ui.table_model import RowTableModel, TableColumn


class TrashDialog(QDialog):
    """`restore(prospect_id)` is the caller's (undoable) restore."""

    def __init__(self, restore: Callable[[int], None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Trash")
        self.resize(640, 400)  # its three columns read whole, even when empty
        self.restore = restore
        self.model: RowTableModel[TrashEntry] = RowTableModel(
            [
                TableColumn("Prospect", lambda e: e.name),
                TableColumn("Company", lambda e: e.company),
                TableColumn(
                    "Moved to the trash",
                    lambda e: dates().date_time(e.deleted_at.astimezone()),
                ),
            ]
        )
        self.view = QTableView()
        self.view.setTabKeyNavigation(False)
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.horizontalHeader().setStretchLastSection(True)
        self.restore_button = QPushButton("&Restore")
        self.restore_button.clicked.connect(self._restore)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        buttons.addButton(self.restore_button, QDialogButtonBox.ButtonRole.ActionRole)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view)
        layout.addWidget(buttons)
        self.reload()

    def reload(self) -> None:
        self.model.set_rows(list_trash())
        self.restore_button.setEnabled(self.model.rowCount() > 0)
        if self.model.rowCount():
            self.view.selectRow(0)

    def _restore(self) -> None:
        entry = self.model.row_value(self.view.currentIndex().row())
        if entry is not None:
            self.restore(entry.prospect_id)
            self.reload()
