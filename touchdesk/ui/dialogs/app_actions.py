"""Edit → Settings and Help → About."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QWidget

from touchdesk import APP_NAME, __version__
from touchdesk.services.workspace import Workspace
from touchdesk.ui.events import ChangeBus
from touchdesk.ui.mailbox.actions import MailboxActions
from touchdesk.ui.menu_actions import Tell, menu_action


class AppActions:
    def __init__(
        self,
        bus: ChangeBus,
        parent: QWidget,
        tell: Tell,
        workspace: Callable[[], Workspace],
    ) -> None:
        self.bus = bus
        self.parent = parent
        self.tell = tell
        self.workspace = workspace
        self.settings_action = menu_action(parent, "&Settings…", self.open_settings, "Ctrl+,")
        self.settings_action.setMenuRole(QAction.MenuRole.PreferencesRole)
        self.about_action = menu_action(parent, f"&About {APP_NAME}", self.show_about)
        self.about_action.setMenuRole(QAction.MenuRole.AboutRole)
        self.mailbox = MailboxActions(bus, parent, tell)  # and its background sync

    def add_settings_to(self, menu: QMenu) -> None:
        menu.addAction(self.settings_action)
        self.mailbox.add_to(menu)

    def open_settings(self) -> None:
        from touchdesk.ui.dialogs.settings_dialog import SettingsDialog

        dialog = SettingsDialog(self.parent)
        if dialog.exec():
            self.bus.publish(dialog.change)
            self.tell("Settings saved.", 5000)

    def show_about(self) -> None:
        import platform  # its version tables load when the box is asked for, not at launch

        from PySide6.QtWidgets import QMessageBox  # its enums: on first use

        QMessageBox.about(
            self.parent,
            f"About {APP_NAME}",
            f"{APP_NAME} {__version__}\n\n"
            "A follow-up desk for solo sellers: one agreed next step for every prospect.\n\n"
            f"Database: {self.workspace().database}\n"
            f"Python {platform.python_version()}",
        )
