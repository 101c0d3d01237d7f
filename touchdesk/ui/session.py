"""One open database and its window: lock it, open it, switch to the sample data, close."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QWidget

from touchdesk import APP_NAME
from touchdesk.paths import AppPaths, demo_paths
from touchdesk.services.overview import count_prospects
from touchdesk.services.workspace import (
    DailyBackup,
    DatabaseDamaged,
    DatabaseRefused,
    Workspace,
    after_daily_backup,
    close_workspace,
    open_workspace,
    take_daily_backup,
)
from touchdesk.ui.background import Background, run_with_progress
from touchdesk.ui.events import ChangeBus
from touchdesk.ui.main_window import MainWindow
from touchdesk.ui.outside_changes import OutsideChanges
from touchdesk.ui.single_instance import SingleInstance

if TYPE_CHECKING:
    from touchdesk.ui.reminders import Reminders


class Session:
    def __init__(self, icon: QIcon) -> None:
        self.icon = icon
        self.bus = ChangeBus()
        self.window: MainWindow | None = None
        self.instance: SingleInstance | None = None
        self.reminders: Reminders | None = None  # started once the window has painted
        self.backup: Background | None = None
        self.outside: OutsideChanges | None = None

    def start(
        self,
        paths: AppPaths,
        fill_sample_data: bool = False,
        ask_before_creating: bool = False,
        offer_setup: bool = False,
    ) -> int | None:
        """Show the window on `paths`; returns an exit code when it must not run.

        With ask_before_creating (a database named on the command line), a file that does
        not exist is created only if the seller says so: it is more likely a typo. With
        offer_setup (the app's own launch), a database never set up gets the first-run
        setup once the window has painted.
        """
        if ask_before_creating and not paths.database.exists():
            from PySide6.QtWidgets import QMessageBox  # message boxes load when first shown

            answer = QMessageBox.question(
                None,
                APP_NAME,
                f"There is no database at\n{paths.database}\n\n"
                "Start a new, empty one there? (If you meant an existing database, check "
                "the name.)",
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                QMessageBox.StandardButton.No,
            )
            if answer != QMessageBox.StandardButton.Yes:
                return 1
        opened = self._open(paths, fill_sample_data)
        if isinstance(opened, int):
            return opened
        self.window = MainWindow(
            opened, self.bus, self.open_sample_data, self.icon, load_after_paint=True
        )
        self.window.show()
        # The window paints first; Today's rows, the backup and the watches follow it.
        self.window.first_paint.add(lambda: self._after_first_paint(paths))
        if offer_setup and not fill_sample_data:
            self.window.first_paint.add(self._offer_setup)
        return None

    def _offer_setup(self) -> None:
        from touchdesk.ui.first_run.actions import offer_first_run

        if self.window is not None:
            offer_first_run(self.window, self.bus)

    def _after_first_paint(self, paths: AppPaths) -> None:
        from touchdesk.ui.reminders import Reminders  # with its Insights queries

        if self.window is None:
            return
        if self.instance is not None:
            self.instance.listen()  # a second launch on this database raises this window
        self._back_up_in_background(paths)
        # The CLI or another program may write while the window is open: refresh on it.
        self.outside = OutsideChanges(self.bus, parent=self.window)
        self.reminders = Reminders(self.icon, parent=self.window)
        self.reminders.open_prospect.connect(self.window.open_prospect)
        self.reminders.show_window.connect(self._raise_window)
        self._start_reminders()

    def _back_up_in_background(self, paths: AppPaths) -> None:
        """Today's backup is copied by a worker while the window paints and answers."""
        if self.backup is not None:
            self.backup.wait()
        self.backup = Background(lambda _report: take_daily_backup(paths), self.window).start()
        self.backup.done.connect(self._backup_done)

    def _backup_done(self, result: DailyBackup) -> None:
        after_daily_backup(result)
        if result.problem and self.window is not None:
            self.window.statusBar().showMessage(result.problem)

    def _start_reminders(self) -> None:
        """The launch digest in the status bar, then a message as each step comes due."""
        if self.reminders is None:  # not started yet: the first paint starts them
            return
        read = None
        if self.window is not None:  # what the launch read meanwhile, taken once
            read, self.window.launch_read = self.window.launch_read, None
        digest = self.reminders.start(read)
        if self.window is not None and digest:
            self.window.statusBar().showMessage(digest, 15000)

    def open_sample_data(self) -> None:
        """Switch this window to the separate sample database, filling it on first use."""
        target = demo_paths()
        assert self.window is not None
        current = self.window.workspace
        if target.database == current.database:
            return
        previous = self.instance
        if self.reminders is not None:
            self.reminders.stop()
        close_workspace()
        opened = self._open(target, fill_sample_data=True, parent=self.window)
        if isinstance(opened, int):
            self.instance = previous
            self.window.show_workspace(open_workspace(current.paths))
            self._start_reminders()
            return
        if previous is not None:
            previous.release()
        self.window.show_workspace(opened)
        self._back_up_in_background(target)
        self._start_reminders()

    def stop(self) -> None:
        if self.backup is not None:
            self.backup.wait()  # a copy half made is removed by the next launch anyway
        if self.outside is not None:
            self.outside.stop()
        if self.reminders is not None:
            self.reminders.stop()
        close_workspace()
        if self.instance is not None:
            self.instance.release()

    def _open(self, paths: AppPaths, fill_sample_data: bool, parent=None) -> Workspace | int:
        paths.ensure()
        instance = SingleInstance(paths.database)
        if not instance.acquire():
            from PySide6.QtWidgets import QMessageBox

            QMessageBox.information(
                parent,
                APP_NAME,
                f"{APP_NAME} is already open on this database:\n{paths.database}\n\n"
                "That window has been brought to the front.",
            )
            return 0
        try:
            workspace = open_workspace(paths, daily_backup=False)
            if fill_sample_data and count_prospects(include_trash=True) == 0:
                from touchdesk.services.demo import fill_demo  # large tables: load on demand

                run_with_progress(
                    parent, "Filling the sample data…", lambda report: fill_demo(progress=report)
                )
        except DatabaseRefused as refused:
            instance.release()
            if isinstance(refused, DatabaseDamaged) and _restore_instead(refused, paths, parent):
                return self._open(paths, fill_sample_data, parent)
            from PySide6.QtWidgets import QMessageBox

            QMessageBox.critical(
                parent,
                f"{APP_NAME} cannot open this database",
                f"{refused.path}\n\n{refused.reason}\n\nThe file has not been changed.",
            )
            return 2
        instance.raise_requested.connect(self._raise_window)
        if self.window is not None:  # switching databases: the window has painted already
            instance.listen()
        self.instance = instance
        return workspace

    def _raise_window(self) -> None:
        if self.window is not None:
            self.window.showNormal()
            self.window.raise_()
            self.window.activateWindow()


def _restore_instead(refused: DatabaseDamaged, paths: AppPaths, parent: QWidget | None) -> bool:
    """Offer the way out of a damaged database: a backup restored over it (the damaged file
    is kept as a safety copy). True once one was restored."""
    from PySide6.QtWidgets import QFileDialog, QMessageBox

    from touchdesk.services import maintenance  # only a damaged file needs it

    box = QMessageBox(
        QMessageBox.Icon.Critical,
        f"{APP_NAME}: the database is damaged",
        f"{refused.path}\n\n{refused.reason}\n\nThe file has not been changed.",
        QMessageBox.StandardButton.Close,
        parent,
    )
    restore = box.addButton("&Restore from backup…", QMessageBox.ButtonRole.AcceptRole)
    box.setDefaultButton(restore)
    box.exec()
    while box.clickedButton() is restore:
        chosen, _ = QFileDialog.getOpenFileName(
            parent, "Restore from backup", str(paths.backups), "TouchDesk backups (*.sqlite)"
        )
        if not chosen:
            return False
        try:
            maintenance.restore_backup(Path(chosen), paths)
            return True
        except (DatabaseRefused, maintenance.MaintenanceError, OSError) as error:
            box.setText(f"{chosen}\n\nThis backup cannot be restored: {error}")
            box.exec()
        finally:
            close_workspace()  # opened again, with its checks, by the caller
    return False
