"""The outbox sent while the app runs: every minute, in a worker thread, what is due goes out;
the window never waits for the mail server."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from PySide6.QtCore import QObject, QTimer, Signal

from touchdesk.ui.background import Background
from touchdesk.ui.events import ChangeBus

CHECK_EVERY_MS = 60_000


def _now() -> datetime:
    return datetime.now(UTC)


class OutboxSender(QObject):
    """`reported` carries each run's SendReport (sent, failed, missed) on the GUI thread."""

    reported = Signal(object)
    failed = Signal(str)

    def __init__(
        self,
        bus: ChangeBus,
        parent: QObject | None = None,
        clock: Callable[[], datetime] = _now,
        interval_ms: int = CHECK_EVERY_MS,
    ) -> None:
        super().__init__(parent)
        self.bus = bus
        self.clock = clock
        self.job: Background | None = None
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.check)

    def start(self) -> None:
        self.timer.start()
        self.check()

    def stop(self) -> None:
        self.timer.stop()
        if self.job is not None:
            self.job.wait()

    def busy(self) -> bool:
        return self.job is not None and self.job.running()

    def check(self, only: int | None = None) -> bool:
        """Start a run when something may be due; False when one runs already or none is."""
        from touchdesk.services.outbox.pending import anything_to_send
        from touchdesk.services.saved_accounts import mail_account_saved

        if self.busy() or not mail_account_saved() or not anything_to_send():
            return False
        # The mail code loads when there is mail to send, not on every launch.
        from touchdesk.services.outbox.sending import send_due

        now = self.clock()
        self.job = Background(lambda _report: send_due(now, only=only), self)
        self.job.done.connect(self._done)
        self.job.failed.connect(lambda error: self.failed.emit(f"Sending stopped: {error}"))
        self.job.start()
        return True

    def _done(self, report) -> None:
        self.bus.publish(report.change)
        self.reported.emit(report)
