"""Export the next steps of a date range as one calendar file for your own calendar."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from PySide6.QtCore import QDate, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from touchdesk.domain.wording import count_of
from touchdesk.services import settings
from touchdesk.services.invites.export import ExportResult, default_export_name, export_steps
from touchdesk.services.invites.steps import InviteError
from touchdesk.ui.date_formats import date_format
from touchdesk.ui.prospect.invite_dialog import (
    ask_save_path,
    calendar_folder,
    remember_folder,
    report_write_failure,
    show_in_folder,
)
from touchdesk.ui.widgets import plain_label

DEFAULT_DAYS = 30


def _seller_today() -> date:
    try:
        return datetime.now(ZoneInfo(settings.get("time_zone"))).date()
    except (ZoneInfoNotFoundError, ValueError):
        return date.today()


def _date_edit(value: date) -> QDateEdit:
    edit = QDateEdit(QDate(value.year, value.month, value.day))
    edit.setCalendarPopup(True)
    edit.setDisplayFormat(date_format())
    return edit


class ExportCalendarDialog(QDialog):
    """Same range, same file: calendars update their events instead of adding copies."""

    def __init__(
        self,
        parent: QWidget | None = None,
        today: date | None = None,
        open_url: Callable[[QUrl], object] = QDesktopServices.openUrl,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Export calendar")
        self.open_url = open_url
        self.exported: ExportResult | None = None
        today = today or _seller_today()
        self.start = _date_edit(today)
        self.end = _date_edit(today + timedelta(days=DEFAULT_DAYS))
        self.include_cancelled = QCheckBox("Include &cancelled next steps, marked cancelled")
        self.include_cancelled.setChecked(True)
        self.include_cancelled.setToolTip(
            "A calendar that already has them from an earlier export then marks them cancelled."
        )
        self.explanation = plain_label(
            "Every next step in the range goes into one file for your own calendar; nobody is "
            "invited. Export the same range to the same file again later and calendars update "
            "the events instead of adding copies (Google Calendar's import does not: remove the "
            "old events there first)."
        )
        self.explanation.setWordWrap(True)
        self.status = plain_label()
        self.status.setObjectName("exportStatus")
        self.status.setWordWrap(True)

        self.export_button = QPushButton("&Export…")
        self.export_button.setDefault(True)
        self.folder_button = QPushButton("Show in &folder")
        self.folder_button.setEnabled(False)
        self.close_button = QPushButton("Close")
        for button in (self.folder_button, self.close_button):
            button.setAutoDefault(False)
        self.export_button.clicked.connect(self.export_as)
        self.folder_button.clicked.connect(self.show_folder)
        self.close_button.clicked.connect(self.accept)
        self.start.dateChanged.connect(self._check)
        self.end.dateChanged.connect(self._check)

        form = QFormLayout()
        form.addRow("&From", self.start)
        form.addRow("&To", self.end)
        form.addRow("", self.include_cancelled)
        buttons = QHBoxLayout()
        buttons.addWidget(self.export_button)
        buttons.addWidget(self.folder_button)
        buttons.addStretch()
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.explanation)
        layout.addLayout(form)
        layout.addWidget(self.status)
        layout.addLayout(buttons)

    def first_day(self) -> date:
        return self.start.date().toPython()

    def last_day(self) -> date:
        return self.end.date().toPython()

    def _check(self) -> None:
        wrong = self.last_day() < self.first_day()
        self.export_button.setEnabled(not wrong)
        self.status.setText("The range ends before it starts." if wrong else "")

    def suggested_path(self) -> Path:
        # The same range is offered the same file again: re-exporting there keeps calendars
        # in step with TouchDesk.
        return calendar_folder() / default_export_name(self.first_day(), self.last_day())

    def ask_path(self, suggested: Path) -> Path | None:
        """Where to save; a test or another caller may answer it differently."""
        return ask_save_path(self, "Export calendar", suggested)

    def export_as(self) -> None:
        path = self.ask_path(self.suggested_path())
        if path is not None:
            self.save_to(path)

    def save_to(self, path: Path) -> ExportResult | None:
        try:
            result = export_steps(
                path,
                start=self.first_day(),
                end=self.last_day(),
                include_cancelled=self.include_cancelled.isChecked(),
            )
        except InviteError as error:
            self.status.setText(f"Nothing written: {error}")
            return None
        except Exception as error:  # noqa: BLE001 - any writer error is shown, never a crash
            self.status.setText(report_write_failure(self, path, error))
            return None
        self.exported = result
        remember_folder(path.parent)
        self.folder_button.setEnabled(True)
        lines = [f"{count_of(result.count, 'next step')} written to {path}", *result.left_out]
        self.status.setText("\n".join(lines))
        return result

    def show_folder(self) -> None:
        if self.exported is not None:
            show_in_folder(self.exported.path, self.open_url)
