"""File → Backups: the seller sees each backup's date and kind, and restores one from there."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import QMessageBox

from tests.factories import prospect
from tests.ui.helpers import when_modal
from touchdesk.services import maintenance
from touchdesk.store import backups
from touchdesk.store.models import Prospect
from touchdesk.ui.dialogs.backups_dialog import BackupsDialog


def shown_rows(dialog: BackupsDialog) -> list[tuple[str, str, str]]:
    model = dialog.model
    return [
        tuple(model.index(row, column).data() for column in (0, 1, 3))
        for row in range(model.rowCount())
    ]


def test_the_backups_dialog_lists_daily_manual_and_safety_copies(qtbot, window):
    paths = window.workspace.paths
    prospect("Ada")
    backups.make_backup(paths.database, paths.backups, "daily", now=datetime(2026, 3, 10, 8, 5))
    manual = maintenance.backup_now(paths)
    prospect("Grace")
    seen: list[list[tuple[str, str, str]]] = []

    def look_and_restore_the_manual_one(dialog) -> None:
        seen.append(shown_rows(dialog))
        model = dialog.model
        row = next(r for r in range(model.rowCount()) if model.index(r, 1).data() == "Manual")
        flags = QItemSelectionModel.SelectionFlag
        dialog.table.selectionModel().select(model.index(row, 0), flags.ClearAndSelect | flags.Rows)
        yes = QMessageBox.StandardButton.Yes
        when_modal(qtbot, lambda box: box.button(yes).click(), QMessageBox)
        qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)

    when_modal(qtbot, look_and_restore_the_manual_one, BackupsDialog)
    window.backups_action.trigger()

    rows = seen[0]
    assert ("Tue, 10 Mar 2026, 08:05", "Daily", "touchdesk-20260310-080500-daily.sqlite") in rows
    assert any(kind == "Manual" and name == manual.name for _, kind, name in rows)
    qtbot.waitUntil(lambda: [p.first_name for p in Prospect.select()] == ["Ada"])
    kinds = [entry.kind for entry in maintenance.list_backups(paths)]
    assert "Safety copy" in kinds  # the data the restore replaced, kept apart
