"""A database damaged past its first page: the launch says so and offers a backup instead."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QFileDialog, QLineEdit, QMessageBox

from tests.damage import damage_touch_page
from tests.factories import prospect
from tests.ui.helpers import when_modal
from touchdesk.domain.timeline import TouchInput
from touchdesk.domain.vocabulary import Channel
from touchdesk.paths import app_paths
from touchdesk.services import maintenance
from touchdesk.services.timeline import log_touch
from touchdesk.services.workspace import close_workspace, open_workspace
from touchdesk.store.db import utc_now
from touchdesk.store.models import Prospect
from touchdesk.ui.session import Session


def test_launching_on_a_damaged_database_offers_to_restore_a_backup(qtbot, db_path: Path):
    paths = app_paths(db_path)
    open_workspace(paths, daily_backup=False)
    pid = prospect("Ada")
    for n in range(400):
        log_touch(pid, TouchInput(Channel.CALL, utc_now(), note=f"call {n}, a long note " * 4))
    good = maintenance.backup_now(paths)
    prospect("Grace")
    close_workspace()
    damage_touch_page(db_path)
    told: list[str] = []

    def restore_from_backup(box: QMessageBox) -> None:
        told.append(box.text())
        when_modal(qtbot, choose_good_backup, QFileDialog)
        assert box.button(QMessageBox.StandardButton.Close) is not None  # or leave it be
        restore = next(b for b in box.buttons() if "Restore" in b.text())
        restore.click()

    def choose_good_backup(dialog: QFileDialog) -> None:
        dialog.setDirectory(str(good.parent))
        name = dialog.findChild(QLineEdit)
        name.clear()
        qtbot.keyClicks(name, good.name)
        qtbot.keyClick(name, Qt.Key.Key_Return)

    when_modal(qtbot, restore_from_backup, QMessageBox)
    session = Session(QIcon())
    try:
        assert session.start(paths) is None  # the window opens, on the restored data
        assert str(db_path) in told[0] and "damaged" in told[0]
        assert sorted(p.first_name for p in Prospect.select()) == ["Ada"]
        kinds = [entry.kind for entry in maintenance.list_backups(paths)]
        assert "Safety copy" in kinds  # the damaged file, kept as it was
    finally:
        if session.window is not None:
            session.window.close()
        session.stop()
        if session.instance is not None:
            session.instance.release()
