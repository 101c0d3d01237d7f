"""First-run setup: who you are, where and when you work, your target; every field optional."""

from __future__ import annotations

import zoneinfo

from PySide6.QtCore import QTime
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from touchdesk.domain.countries import countries
from touchdesk.services import settings
from touchdesk.services.first_run import ASKED
from touchdesk.ui.date_formats import time_format
from touchdesk.ui.validation import email_problem

_LABELS = {declared.key: declared.label for declared in settings.DECLARED}
_TEXT_FIELDS = (
    "seller_name",
    "seller_email",
    "seller_phone",
    "return_street",
    "return_street2",
    "return_city",
    "return_region",
    "return_postal_code",
)


def _combo(items: list[tuple[str, str]], current: str) -> QComboBox:
    combo = QComboBox()
    for code, label in items:
        combo.addItem(label, code)
    combo.setCurrentIndex(max(combo.findData(current), 0))
    return combo


class FirstRunDialog(QDialog):
    """Save keeps what is filled in; Skip keeps nothing. Either way it is not asked again, and
    Edit → Settings changes all of it later. `profile` is what Save chose (None: skipped)."""

    def __init__(self, start: settings.SellerProfile, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Welcome: a short setup")
        self._start = start
        self.profile: settings.SellerProfile | None = None
        intro = QLabel(
            "A few things TouchDesk uses on envelopes, invites and your calling day. "
            "Fill in what you like and skip the rest: all of it is in Edit → Settings later."
        )
        intro.setWordWrap(True)
        self.edits = {key: QLineEdit(getattr(start, key)) for key in _TEXT_FIELDS}
        self.home_country = _combo(list(countries()), start.home_country)
        zones = sorted(zoneinfo.available_timezones())
        self.time_zone = _combo([(zone, zone) for zone in zones], start.time_zone)
        self.work_start = QTimeEdit(QTime.fromString(start.work_start, "HH:mm"))
        self.work_end = QTimeEdit(QTime.fromString(start.work_end, "HH:mm"))
        for edit in (self.work_start, self.work_end):
            edit.setDisplayFormat(time_format())
        self.target_active = QSpinBox()
        self.target_active.setRange(1, 10_000)
        self.target_active.setValue(start.target_active)
        widgets: dict[str, QWidget] = {
            **self.edits,
            "home_country": self.home_country,
            "time_zone": self.time_zone,
            "work_start": self.work_start,
            "work_end": self.work_end,
            "target_active": self.target_active,
        }
        form = QFormLayout()
        for key in ASKED:  # the settings' own labels, in the setup's order
            label = _LABELS[key]
            if key.startswith("return_"):
                label = f"Return address: {label[0].lower()}{label[1:]}"
            form.addRow(label, widgets[key])
        self.problem = QLabel()
        self.problem.setStyleSheet("color: #b3261e;")
        self.problem.setWordWrap(True)
        self.buttons = QDialogButtonBox()
        self.save_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Save)
        self.skip_button = self.buttons.addButton("S&kip", QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        self.edits["seller_email"].textChanged.connect(self._check)
        self.work_start.timeChanged.connect(self._check)
        self.work_end.timeChanged.connect(self._check)

    def _problems(self) -> list[str]:
        problems = []
        if email := email_problem(self.edits["seller_email"].text()):
            problems.append(email)
        if self.work_end.time() <= self.work_start.time():
            problems.append("The working day must end after it starts.")
        return problems

    def _check(self) -> None:
        problems = self._problems()
        self.problem.setText(" ".join(problems))
        self.save_button.setEnabled(not problems)

    def accept(self) -> None:
        if self._problems():
            return
        texts = {key: edit.text().strip() for key, edit in self.edits.items()}
        self.profile = self._start._replace(
            **texts,
            home_country=self.home_country.currentData(),
            time_zone=self.time_zone.currentData(),
            work_start=self.work_start.time().toString("HH:mm"),
            work_end=self.work_end.time().toString("HH:mm"),
            target_active=self.target_active.value(),
        )
        super().accept()
