"""Reminders while the app runs: a tray message per next step coming due, a launch digest."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QAction, QIcon
from PySide6.QtWidgets import QMenu, QSystemTrayIcon

from touchdesk import APP_NAME, autostart
from touchdesk.domain.date_text import dates
from touchdesk.services import settings
from touchdesk.services.due_steps import DueCounts, DueStep, due_between, due_counts
from touchdesk.services.first_screen import FirstScreenRead

CHECK_EVERY_MS = 60_000
# A reminder a little before the time, so the seller can get ready for the call.
LEAD = timedelta(minutes=5)
MESSAGE_MS = 15_000


def _now() -> datetime:
    return datetime.now(UTC)


def reminder_text(step: DueStep, zone: ZoneInfo) -> tuple[str, str]:
    """('Next step: Ann Lee', '14:30 · Call · Ask about the pilot') for the tray message."""
    when = dates().time(step.due_at.astimezone(zone))
    body = " · ".join(part for part in (when, step.channel.label, step.purpose) if part)
    return f"Next step: {step.name}", body


def _digest(counts: DueCounts) -> str:
    if not (counts.overdue or counts.due_today):
        return "Nothing overdue and nothing else due today."
    return f"Overdue: {counts.overdue} · Due today: {counts.due_today}"


class Reminders(QObject):
    """Checks every minute; each open step is announced once per due time (a reschedule
    makes it new again). Steps already overdue at launch go into the digest instead."""

    reminded = Signal(object)  # the DueStep just announced
    open_prospect = Signal(int)  # the seller clicked the message
    show_window = Signal()  # the tray's "Open TouchDesk"

    def __init__(
        self,
        icon: QIcon | None = None,
        clock: Callable[[], datetime] = _now,
        lead: timedelta = LEAD,
        use_tray: bool = True,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.clock = clock
        self.lead = lead
        self._announced: set[tuple[int, datetime]] = set()
        self._since: datetime | None = None
        self._last_prospect: int | None = None
        self.timer = QTimer(self)
        self.timer.setInterval(CHECK_EVERY_MS)
        self.timer.timeout.connect(self.check)
        self.tray: QSystemTrayIcon | None = None
        if use_tray and QSystemTrayIcon.isSystemTrayAvailable():
            self.tray = self._make_tray(icon or QIcon())

    def _make_tray(self, icon: QIcon) -> QSystemTrayIcon:
        tray = QSystemTrayIcon(icon, self)
        tray.setToolTip(APP_NAME)
        tray.messageClicked.connect(self.open_last)
        tray.activated.connect(lambda _reason: self.show_window.emit())
        menu = QMenu()
        menu.addAction(f"Open {APP_NAME}", self.show_window.emit)
        menu.addAction(self.autostart_action())
        tray.setContextMenu(menu)
        self._menu = menu  # the tray does not own its menu
        return tray

    def autostart_action(self) -> QAction:
        """A checkable "Start at login" action; the lead may also put it in a menu."""
        action = QAction(f"Start {APP_NAME} when I log in", self)
        action.setCheckable(True)
        action.setChecked(autostart.is_enabled())
        action.toggled.connect(lambda on: autostart.enable() if on else autostart.disable())
        return action

    def start(self, launch_read: FirstScreenRead | None = None) -> str:
        """Begin checking from now; returns the digest (also shown in the tray when set),
        counted by the launch's worker thread while that is still current."""
        now = self.clock()
        self._since = now
        first = launch_read.take(now, self.zone()) if launch_read is not None else None
        counts = first.due if first is not None else due_counts(now, self.zone())
        text = _digest(counts)
        if self.tray is not None:
            self.tray.show()
            if counts.overdue or counts.due_today:
                self.tray.showMessage(
                    APP_NAME, text, QSystemTrayIcon.MessageIcon.Information, MESSAGE_MS
                )
        self.check()
        self.timer.start()
        return text

    def stop(self) -> None:
        """Stop checking (the session calls it before closing the database)."""
        self.timer.stop()
        if self.tray is not None:
            self.tray.hide()

    def zone(self) -> ZoneInfo:
        return ZoneInfo(settings.get("time_zone"))

    def digest_text(self, now: datetime | None = None) -> str:
        return _digest(due_counts(now or self.clock(), self.zone()))

    def check(self) -> list[DueStep]:
        """Announce the steps coming due since the start that were not announced yet."""
        now = self.clock()
        if self._since is None:
            self._since = now
        # From the start, not the last check: a step moved into the past minutes still counts.
        # Times are stored in whole seconds: one more second makes "lead minutes ahead" inclusive.
        end = now + self.lead + timedelta(seconds=1)
        fresh = [
            step
            for step in due_between(self._since, end)
            if (step.step_id, step.due_at) not in self._announced
        ]
        zone = self.zone()
        for step in fresh:
            self._announced.add((step.step_id, step.due_at))
            self._last_prospect = step.prospect_id
            if self.tray is not None:
                title, body = reminder_text(step, zone)
                self.tray.showMessage(
                    title, body, QSystemTrayIcon.MessageIcon.Information, MESSAGE_MS
                )
            self.reminded.emit(step)
        return fresh

    def open_last(self) -> None:
        """The tray shows one message at a time: a click is about the latest one."""
        if self._last_prospect is not None:
            self.open_prospect.emit(self._last_prospect)
