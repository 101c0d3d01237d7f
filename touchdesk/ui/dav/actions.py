"""Edit → Calendar and address book…, Sync calendar now, and the calendar questions; the sync
runs off the GUI thread every few minutes while the app runs, and the status bar says how it
went (synced, offline with changes waiting, failing, questions to answer)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QObject, QTimer
from PySide6.QtWidgets import QLabel, QMenu, QStatusBar, QWidget

from touchdesk.domain.wording import count_of
from touchdesk.services.saved_accounts import dav_account_saved
from touchdesk.ui.background import Background
from touchdesk.ui.events import ChangeBus
from touchdesk.ui.menu_actions import Tell, menu_action

EVERY_MS = 5 * 60 * 1000  # every five minutes
FIRST_MS = 5 * 1000  # the first one shortly after launch, once the window is up


def _sync_task(report):
    from touchdesk.services.dav.sync import sync

    return sync()


class DavActions(QObject):
    def __init__(self, bus: ChangeBus, parent: QWidget, tell: Tell) -> None:
        super().__init__(parent)
        self.bus = bus
        self.parent_widget = parent
        self.tell = tell
        self.settings_action = menu_action(parent, "Calendar and &address book…", self.open)
        self.sync_action = menu_action(parent, "S&ync calendar now", self.sync_now)
        self.questions_action = menu_action(parent, "Calendar &questions…", self.answer)
        self.label = QLabel()
        self.label.setObjectName("davStatus")
        self.timer = QTimer(self)
        self.timer.setInterval(EVERY_MS)
        self.timer.timeout.connect(lambda: self.sync_now(quiet=True))
        self.running: Background | None = None
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.finish)

    def install(self, menu: QMenu, status_bar: QStatusBar) -> None:
        """Menu entries, the status bar's calendar label, and the background timer."""
        menu.addAction(self.settings_action)
        menu.addAction(self.sync_action)
        menu.addAction(self.questions_action)
        status_bar.addPermanentWidget(self.label)
        self.label.hide()
        QTimer.singleShot(0, self, self.refresh_label)  # after the first paint, not before
        self.timer.start()
        if dav_account_saved():
            QTimer.singleShot(FIRST_MS, self, lambda: self.sync_now(quiet=True))

    def refresh_label(self) -> None:
        if not dav_account_saved():  # nothing to say: the label stays hidden
            self.label.hide()
            return
        from touchdesk.services.dav.status import status

        now = status()
        self.label.setVisible(now.account is not None)
        text = now.line
        if now.questions:
            text += f" · {count_of(now.questions, 'question')}"
        self.label.setText(text)
        self.label.setToolTip(now.error)

    def sync_now(self, quiet: bool = False) -> None:
        if not dav_account_saved():
            if not quiet:
                self.open()
            return
        if self.running is not None and self.running.running():
            return
        self.label.setText("Calendar: syncing…")
        self.running = Background(_sync_task)
        self.running.done.connect(lambda report: self._done(report, quiet))
        self.running.failed.connect(lambda error: self._failed(error))
        self.running.start()

    def _done(self, report, quiet: bool) -> None:
        self.bus.publish(report.change)
        self.refresh_label()
        if report.error:
            if not quiet:
                self.tell(f"Calendar sync: {report.error}", 10000)
            return
        moved = len(report.pulled.moved)
        if not quiet or moved or report.pulled.asked:
            self.tell(
                f"Calendar synced: {report.pushed.written} sent, {report.pushed.removed} removed"
                + (f", {moved} moved in your calendar" if moved else ""),
                8000,
            )
        if report.pulled.asked and not quiet:
            self.answer()

    def _failed(self, error: BaseException) -> None:
        self.refresh_label()
        self.tell(f"Calendar sync failed: {error}", 10000)

    def finish(self) -> None:
        """Let a running sync end before the program does (its writes are transactions)."""
        self.timer.stop()
        if self.running is not None and self.running.running():
            self.running.wait(60_000)

    def open(self) -> None:
        from touchdesk.ui.dav.connect_dialog import DavDialog

        dialog = DavDialog(self.parent_widget)
        if dialog.exec():
            self.bus.publish(dialog.change)
            self.refresh_label()
            if dialog.connected:
                self.sync_now()
        dialog.deleteLater()

    def answer(self) -> None:
        from touchdesk.ui.dav.questions_dialog import QuestionsDialog

        dialog = QuestionsDialog(self.parent_widget)
        dialog.exec()
        self.bus.publish(dialog.change)
        self.refresh_label()
        dialog.deleteLater()
