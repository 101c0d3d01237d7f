"""Mail sync in the background every few minutes and on demand; faults go to the status bar
and the next try backs off."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal

from touchdesk.services.mailbox.errors import MailboxError
from touchdesk.ui.background import Background, Cancelled
from touchdesk.ui.events import ChangeBus
from touchdesk.ui.menu_actions import Tell

if TYPE_CHECKING:  # the sync itself is imported when it first runs, after the first paint
    from touchdesk.services.mailbox.sync import SyncResult

EVERY_MS = 5 * 60 * 1000
FIRST_DELAY_MS = 20 * 1000  # after the window is up: the launch is not slowed by the network
LONGEST_WAIT_MS = 60 * 60 * 1000
_WORDS = {
    "unreachable": "server unreachable",
    "tls": "secure connection failed",
    "login": "sign-in refused",
    "folder": "folder missing",
    "quota": "mailbox full",
    "dropped": "connection dropped",
    "secret": "no password",
}


def retry_delay(failures: int, every_ms: int = EVERY_MS) -> int:
    """After n failures in a row: 1, 2, 4… minutes, then never longer than an hour."""
    if failures <= 0:
        return every_ms
    return min(60_000 * 2 ** (failures - 1), LONGEST_WAIT_MS)


class MailSync(QObject):
    """Owns the timer and the one running sync; never blocks the window."""

    synced = Signal(object)  # SyncResult
    faulted = Signal(object)  # MailboxError (or another error)

    def __init__(
        self,
        bus: ChangeBus,
        tell: Tell,
        parent: QObject | None = None,
        run: Callable[..., SyncResult] | None = None,
    ) -> None:
        super().__init__(parent)
        self.bus = bus
        self.tell = tell
        self._run = run
        self.failures = 0
        self.ask_password: Callable[[str], str | None] | None = None  # set by the window
        self.job: Background | None = None
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(lambda: self.sync_now(asked=False))
        application = QCoreApplication.instance()
        if application is not None:  # a sync running at quit is stopped, never left dangling
            application.aboutToQuit.connect(self.stop)

    def start(self, first_delay_ms: int = FIRST_DELAY_MS) -> None:
        self.timer.start(first_delay_ms)

    def running(self) -> bool:
        return self.job is not None and self.job.running()

    def sync_now(self, asked: bool = True) -> bool:
        """Start a sync unless one runs or no mailbox is connected; True when started.
        `asked`: the seller asked (the menu), so a missing password may be asked for."""
        if self.running():
            return False
        # The accounts' and passwords' code loads with the first sync, not with the launch.
        from touchdesk.services.accounts import load_mail_account
        from touchdesk.services.secrets import must_ask, remember_typed

        account = load_mail_account()
        if account is None:
            self.timer.start(EVERY_MS)
            return False
        if must_ask(account.secret, account.keyring_account):
            # No keyring: asked once a session (kept in memory), and only when the seller asked.
            typed = self.ask_password(account.user) if asked and self.ask_password else None
            if typed is None:
                self.tell("Mail sync waits for your password: Edit → Sync mail now asks it.", 0)
                self.timer.start(EVERY_MS)
                return False
            remember_typed(account.keyring_account, typed)  # the outbox signs in with it too
        self.tell("Syncing mail…", 3000)
        run = self._run
        if run is None:
            from touchdesk.services.mailbox.sync import sync_mailbox

            run = sync_mailbox
        self.job = Background(lambda report: run(account, progress=report), self)
        self.job.done.connect(self._done)
        self.job.failed.connect(self._failed)
        self.job.start()
        return True

    def stop(self) -> None:
        self.timer.stop()
        if self.job is not None and self.job.running():
            self.job.cancel()
            self.job.wait()

    def _done(self, result: SyncResult) -> None:
        self.failures = 0
        self.bus.publish(result.change)
        self.tell(f"Mail synced: {result.summary()}", 8000)
        self.timer.start(retry_delay(0))
        self.synced.emit(result)

    def _failed(self, error: BaseException) -> None:
        if isinstance(error, Cancelled):
            return
        self.failures += 1
        delay = retry_delay(self.failures)
        kind = _WORDS.get(getattr(error, "kind", ""), "failed")
        if getattr(error, "kind", "") == "login":
            self.session_password = None  # typed wrong: asked again next time
        said = str(error) if isinstance(error, MailboxError) else f"{type(error).__name__}"
        self.tell(f"Mail sync: {kind}. {said} Next try in {delay // 60_000} min.", 0)
        self.timer.start(delay)
        self.faulted.emit(error)
