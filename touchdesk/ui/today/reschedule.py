"""Today's Reschedule dialog: a new time for a next step, with the rule it breaks said beside it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from zoneinfo import ZoneInfo

from PySide6.QtCore import QDateTime
from PySide6.QtWidgets import QDateTimeEdit, QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from touchdesk.ui.date_formats import date_time_format
from touchdesk.ui.state_colours import State, tint


class RescheduleDialog(QDialog):
    def __init__(
        self,
        due: datetime,
        zone: ZoneInfo,
        parent: QWidget | None = None,
        check: Callable[[datetime], str] | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Reschedule")
        self.zone = zone
        self.check = check
        local = due.astimezone(zone)
        self.when = QDateTimeEdit(QDateTime(local.date(), local.time()))
        self.when.setCalendarPopup(True)
        self.when.setDisplayFormat(date_time_format())
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        # A time that breaks a rule is allowed; the reason is shown beside it.
        self.warning = QLabel()
        self.warning.setWordWrap(True)
        tint(self.warning, State.PROBLEM)
        layout.addWidget(QLabel(f"New time ({zone.key}):"))
        layout.addWidget(self.when)
        layout.addWidget(self.warning)
        layout.addWidget(buttons)
        self.when.dateTimeChanged.connect(self._check)
        self._check()

    def _check(self) -> None:
        problem = self.check(self.chosen()) if self.check is not None else ""
        self.warning.setText(f"Allowed, but: {problem}." if problem else "")
        self.warning.setVisible(bool(problem))

    def chosen(self) -> datetime:
        value = self.when.dateTime().toPython()
        return value.replace(tzinfo=self.zone, second=0, microsecond=0)
