"""The seller's profile, return address, working hours, target, and the board's stages."""

from __future__ import annotations

import zoneinfo

from PySide6.QtCore import Qt, QTime
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QTabWidget,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from touchdesk.domain.countries import countries
from touchdesk.domain.plans import MAX_EMAIL_LIMIT, email_limit
from touchdesk.domain.stages import StageEdit, stage_edit_problems
from touchdesk.domain.vocabulary import StageOutcome
from touchdesk.services import settings
from touchdesk.services.changes import Change
from touchdesk.services.stages import StageError, list_stages
from touchdesk.ui.date_formats import time_format
from touchdesk.ui.state_colours import State, tint
from touchdesk.ui.validation import email_problem

_STAGE_ID = Qt.ItemDataRole.UserRole
_STAGE_IS_OUTCOME = Qt.ItemDataRole.UserRole + 1


def _combo_with(items: list[tuple[str, str]], current: str) -> QComboBox:
    combo = QComboBox()
    combo.setEditable(False)
    for code, label in items:
        combo.addItem(label, code)
    index = combo.findData(current)
    combo.setCurrentIndex(max(index, 0))
    return combo


class StagesEditor(QWidget):
    """Rename in place (F2 or double-click), reorder with the buttons, add at the end."""

    def __init__(self) -> None:
        super().__init__()
        self.list = QListWidget()
        self.list.setObjectName("stages")
        for stage in list_stages():
            item = QListWidgetItem(stage.name)
            item.setData(_STAGE_ID, stage.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsEditable)
            item.setData(_STAGE_IS_OUTCOME, stage.outcome is not StageOutcome.OPEN)
            if stage.outcome is not StageOutcome.OPEN:
                item.setToolTip(f"Outcome stage: prospects here are {stage.outcome.value}.")
            self.list.addItem(item)
        self.add_button = QPushButton("&Add stage")
        self.up_button = QPushButton("Move &up")
        self.down_button = QPushButton("Move &down")
        self.add_button.clicked.connect(self.add_stage)
        self.up_button.clicked.connect(lambda: self.move(-1))
        self.down_button.clicked.connect(lambda: self.move(+1))
        buttons = QVBoxLayout()
        for button in (self.add_button, self.up_button, self.down_button):
            buttons.addWidget(button)
        buttons.addStretch()
        layout = QHBoxLayout(self)
        layout.addWidget(self.list)
        layout.addLayout(buttons)

    def add_stage(self) -> None:
        item = QListWidgetItem("New stage")
        item.setData(_STAGE_ID, None)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsEditable)
        # New stages go before the outcome stages at the end of the board.
        row = self.list.count()
        while row > 0 and self.list.item(row - 1).data(_STAGE_IS_OUTCOME):
            row -= 1
        self.list.insertItem(row, item)
        self.list.setCurrentItem(item)
        self.list.editItem(item)

    def move(self, step: int) -> None:
        row = self.list.currentRow()
        target = row + step
        if row < 0 or not 0 <= target < self.list.count():
            return
        item = self.list.takeItem(row)
        self.list.insertItem(target, item)
        self.list.setCurrentRow(target)

    def edits(self) -> list[StageEdit]:
        return [
            StageEdit(self.list.item(row).text(), self.list.item(row).data(_STAGE_ID))
            for row in range(self.list.count())
        ]


class SettingsDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Settings")
        self.change = Change.NOTHING
        self.profile = settings.load_profile()
        profile = self.profile

        self.seller_name = QLineEdit(profile.seller_name)
        self.seller_email = QLineEdit(profile.seller_email)
        self.seller_phone = QLineEdit(profile.seller_phone)
        self.company = QLineEdit(profile.company)
        you = QFormLayout()
        you.addRow("Your &name", self.seller_name)
        you.addRow("Your &email", self.seller_email)
        you.addRow("Your &phone", self.seller_phone)
        you.addRow("Your c&ompany", self.company)

        self.return_street = QLineEdit(profile.return_street)
        self.return_street2 = QLineEdit(profile.return_street2)
        self.return_city = QLineEdit(profile.return_city)
        self.return_region = QLineEdit(profile.return_region)
        self.return_postal_code = QLineEdit(profile.return_postal_code)
        self.home_country = _combo_with(list(countries()), profile.home_country)
        address = QFormLayout()
        address.addRow("Street, line &1", self.return_street)
        address.addRow("Street, line &2", self.return_street2)
        address.addRow("Cit&y", self.return_city)
        address.addRow("State / reg&ion", self.return_region)
        address.addRow("Postal co&de", self.return_postal_code)
        address.addRow("Home &country", self.home_country)

        zones = sorted(zoneinfo.available_timezones())
        self.time_zone = _combo_with([(zone, zone) for zone in zones], profile.time_zone)
        self.work_start = QTimeEdit(QTime.fromString(profile.work_start, "HH:mm"))
        self.work_end = QTimeEdit(QTime.fromString(profile.work_end, "HH:mm"))
        for edit in (self.work_start, self.work_end):
            edit.setDisplayFormat(time_format())
        self.work_days = QHBoxLayout()
        self.work_day_boxes = []
        for number, name in enumerate(("Mo", "Tu", "We", "Th", "Fr", "Sa", "Su")):
            box = QCheckBox(name)
            box.setChecked(str(number) in profile.work_days)
            box.toggled.connect(self._check)
            self.work_day_boxes.append(box)
            self.work_days.addWidget(box)
        self.work_days.addStretch()
        self.target_active = QSpinBox()
        self.target_active.setRange(1, 10_000)
        self.target_active.setValue(profile.target_active)
        self.reminder_minutes = QSpinBox()
        self.reminder_minutes.setRange(0, 24 * 60)
        self.reminder_minutes.setSuffix(" min")
        self.reminder_minutes.setValue(profile.reminder_minutes)
        # The stop rule: three unanswered emails in a row, occasionally four, never more.
        self.max_unanswered_emails = QSpinBox()
        self.max_unanswered_emails.setRange(3, MAX_EMAIL_LIMIT)
        self.max_unanswered_emails.setSuffix(" unanswered emails in a row")
        self.max_unanswered_emails.setValue(email_limit(profile.max_unanswered_emails))
        self.max_unanswered_emails.setToolTip(
            "After this many emails without an answer, no further email is proposed, "
            "by a plan or by the next-step prompt: call, write by hand, or let go. "
            "Three is the usual advice; four at most."
        )
        work = QFormLayout()
        work.addRow("&Time zone", self.time_zone)
        work.addRow("Working day &starts", self.work_start)
        work.addRow("Working day &ends", self.work_end)
        work.addRow("Working days", self.work_days)
        work.addRow("Tar&get of active conversations", self.target_active)
        work.addRow("Invite &reminder", self.reminder_minutes)
        work.addRow("Stop emailing &after", self.max_unanswered_emails)

        self.stages = StagesEditor()

        self.tabs = QTabWidget()
        for title, content in (("You", you), ("Return address", address), ("Working", work)):
            page = QWidget()
            page.setLayout(content)
            self.tabs.addTab(page, title)
        self.tabs.addTab(self.stages, "Stages")

        self.problem = QLabel()
        tint(self.problem, State.PROBLEM)
        self.problem.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        self.seller_email.textChanged.connect(self._check)
        self.work_start.timeChanged.connect(self._check)
        self.work_end.timeChanged.connect(self._check)
        self.stages.list.itemChanged.connect(self._check)
        self._check()

    def _problems(self) -> list[str]:
        problems = []
        if email := email_problem(self.seller_email.text()):
            problems.append(email)
        if self.work_end.time() <= self.work_start.time():
            problems.append("The working day must end after it starts.")
        if not self._work_days():
            problems.append("Tick at least one working day.")
        problems += stage_edit_problems(self.stages.edits())
        return problems

    def _work_days(self) -> str:
        return "".join(str(n) for n, box in enumerate(self.work_day_boxes) if box.isChecked())

    def _check(self) -> None:
        problems = self._problems()
        self.problem.setText(" ".join(problems))
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(not problems)

    def edited_profile(self) -> settings.SellerProfile:
        return self.profile._replace(
            seller_name=self.seller_name.text().strip(),
            seller_email=self.seller_email.text().strip(),
            seller_phone=self.seller_phone.text().strip(),
            company=self.company.text().strip(),
            return_street=self.return_street.text().strip(),
            return_street2=self.return_street2.text().strip(),
            return_city=self.return_city.text().strip(),
            return_region=self.return_region.text().strip(),
            return_postal_code=self.return_postal_code.text().strip(),
            home_country=self.home_country.currentData(),
            time_zone=self.time_zone.currentData(),
            work_start=self.work_start.time().toString("HH:mm"),
            work_end=self.work_end.time().toString("HH:mm"),
            work_days=self._work_days(),
            target_active=self.target_active.value(),
            reminder_minutes=self.reminder_minutes.value(),
            max_unanswered_emails=self.max_unanswered_emails.value(),
        )

    def accept(self) -> None:
        if self._problems():
            return
        try:
            self.change = settings.save_preferences(self.edited_profile(), self.stages.edits())
        except StageError as error:
            self.problem.setText(str(error))
            return
        super().accept()
