"""Edit → Mailbox… and Mail → Sync mail now, with the background sync they drive."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QWidget

from touchdesk.domain.wording import count_of
from touchdesk.services.changes import Change
from touchdesk.ui.events import ChangeBus
from touchdesk.ui.mailbox.sync_runner import MailSync
from touchdesk.ui.menu_actions import Tell, menu_action

if TYPE_CHECKING:
    from touchdesk.services.mailbox.sync import SyncResult


class MailboxActions:
    def __init__(self, bus: ChangeBus, parent: QWidget, tell: Tell) -> None:
        self.bus = bus
        self.parent = parent
        self.tell = tell
        self.sync = MailSync(bus, tell, parent)
        self.sync.synced.connect(self._offer_contacts)
        self.sync.ask_password = self._ask_password
        self.mailbox_action = menu_action(parent, "&Mailbox…", self.open_mailbox)
        self.sync_action = menu_action(parent, "Sync &mail now", self.sync_now, "F5")
        self.sync.start()

    def actions(self) -> list[QAction]:
        return [self.mailbox_action, self.sync_action]

    def add_to(self, menu: QMenu) -> None:
        menu.addSeparator()
        menu.addActions(self.actions())

    def open_mailbox(self) -> None:
        from touchdesk.ui.mailbox.dialog import MailboxDialog

        dialog = MailboxDialog(self.parent)
        if dialog.exec():
            self.bus.publish(dialog.change)
            self.tell("Mailbox saved.", 5000)

    def sync_now(self) -> None:
        if not self.sync.sync_now():
            running = self.sync.running()
            self.tell("Mail sync already running." if running else "No mailbox is connected.")

    def _ask_password(self, user: str) -> str | None:
        """No keyring on this computer: the password is asked once a session, kept in memory."""
        from touchdesk.ui.mailbox.password import ask_mail_password  # asked on a sync

        return ask_mail_password(self.parent, user)

    def _offer_contacts(self, result: SyncResult) -> None:
        if not result.offered:
            return
        from touchdesk.ui.mailbox.offers import OffersDialog

        dialog = OffersDialog(result.offered, self.parent)
        if dialog.exec() and dialog.added:
            self.bus.publish(Change.PROSPECTS)
            self.tell(
                f"{count_of(len(dialog.added), 'new prospect')} added from your mailbox.", 5000
            )
