"""File and Help menu commands as a person runs them from the main window."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox

from tests.factories import prospect
from tests.ui.helpers import when_modal
from touchdesk.services import maintenance
from touchdesk.services.changes import Change


def test_ctrl_shift_b_backs_up_and_says_where(qtbot, window):
    prospect("Ada")
    window.bus.publish(Change.PROSPECTS)
    before = len(maintenance.list_backups(window.workspace.paths))
    qtbot.keyClick(
        window,
        Qt.Key.Key_B,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert len(maintenance.list_backups(window.workspace.paths)) == before + 1
    assert window.statusBar().currentMessage().startswith("Backed up to ")


def test_export_contacts_writes_the_file_chosen_and_counts_them(qtbot, window, tmp_path):
    prospect("Ada")
    prospect("Grace")
    target = tmp_path / "out" / "people"
    target.parent.mkdir()

    def choose(dialog: QFileDialog) -> None:
        dialog.selectFile(str(target))
        dialog.accept()

    when_modal(qtbot, choose, QFileDialog)
    window.file_actions.export_action.trigger()

    written = target.with_suffix(".csv")
    assert "Ada" in written.read_text(encoding="utf-8-sig")
    assert window.statusBar().currentMessage() == f"Exported 2 prospects to {written}"


def test_about_names_the_version_and_the_open_database(qtbot, window, db_path):
    seen: list[str] = []
    when_modal(qtbot, lambda box: (seen.append(box.text()), box.accept()), QMessageBox)
    window.app_actions.about_action.trigger()
    assert f"Database: {db_path}" in seen[0]
    assert seen[0].startswith("TouchDesk ")
