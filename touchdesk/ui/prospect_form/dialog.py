"""The prospect form: every field, checked as you type, and a duplicate warning before saving."""

from __future__ import annotations

import zoneinfo

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from touchdesk.domain.contacts import check_phone, email_problem, guess_time_zone, zone_problem
from touchdesk.domain.countries import countries
from touchdesk.domain.prospects import ProspectInput, parse_tags
from touchdesk.services import settings
from touchdesk.services.changes import Change
from touchdesk.services.prospects import (
    ProspectError,
    add_prospect,
    find_possible_duplicates,
    get_prospect,
    referrer_choices,
    update_prospect,
)
from touchdesk.services.stages import list_stages
from touchdesk.services.undo import UndoEntry, record
from touchdesk.ui.prospect.referrer_question import offer_referrer_question
from touchdesk.ui.state_colours import State, tint
from touchdesk.ui.widgets import open_height, scrolled


def _lines(edit: QPlainTextEdit) -> list[str]:
    return [line.strip() for line in edit.toPlainText().splitlines() if line.strip()]


def _problem_label() -> QLabel:
    label = QLabel()
    label.setTextFormat(Qt.TextFormat.PlainText)
    tint(label, State.PROBLEM)
    label.setWordWrap(True)
    return label


class ProspectDialog(QDialog):
    """New (prospect_id None) or edit. After accept: `prospect_id` and `change` are set;
    `delete_requested` is set when the seller chose Delete (the caller makes it undoable)."""

    def __init__(self, prospect_id: int | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.prospect_id = prospect_id
        self.change = Change.NOTHING
        self.entry: UndoEntry | None = None  # the edit, recorded for undo
        self.delete_requested = False
        self.home = settings.get("home_country")
        self.setWindowTitle("Edit prospect" if prospect_id else "New prospect")
        record = get_prospect(prospect_id) if prospect_id else None

        self.first_name = QLineEdit(record.first_name if record else "")
        self.last_name = QLineEdit(record.last_name if record else "")
        self.company = QLineEdit(record.company if record else "")
        self.role = QLineEdit(record.role if record else "")
        self.emails = QPlainTextEdit("\n".join(record.emails) if record else "")
        self.phones = QPlainTextEdit("\n".join(record.phones) if record else "")
        for box in (self.emails, self.phones):
            box.setTabChangesFocus(True)
            box.setFixedHeight(52)
        self.emails.setPlaceholderText("One address per line")
        self.phones.setPlaceholderText("One number per line, e.g. +44 20 7946 0958")
        self.phones_shown = QLabel()
        self.phones_shown.setTextFormat(Qt.TextFormat.PlainText)
        self.street = QLineEdit(record.street if record else "")
        self.street2 = QLineEdit(record.street2 if record else "")
        self.city = QLineEdit(record.city if record else "")
        self.region = QLineEdit(record.region if record else "")
        self.postal_code = QLineEdit(record.postal_code if record else "")
        self.country = QComboBox()
        self.country.addItem("—", "")
        for code, name in countries():
            self.country.addItem(name, code)
        self.country.setCurrentIndex(
            max(self.country.findData(record.country_code if record else self.home), 0)
        )
        self.time_zone = QComboBox()
        self.time_zone.setEditable(True)
        self.time_zone.addItems(sorted(zoneinfo.available_timezones()))
        self.time_zone.setEditText(record.time_zone if record else "")
        self.time_zone.completer().setFilterMode(Qt.MatchFlag.MatchContains)
        self.zone_note = QLabel()
        self._zone_typed = bool(record and record.time_zone)
        self.source = QLineEdit(record.source if record else "")
        self.referrer = QComboBox()
        self.referrer.setEditable(True)
        self.referrer.addItem("", None)
        for rid, name in referrer_choices():
            if rid != prospect_id:
                self.referrer.addItem(name, rid)
        self.referrer.completer().setFilterMode(Qt.MatchFlag.MatchContains)
        self.referrer.completer().setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        if record and record.referrer_id:
            self.referrer.setCurrentIndex(max(self.referrer.findData(record.referrer_id), 0))
        self.stage = QComboBox()
        for stage in list_stages():
            self.stage.addItem(stage.name, stage.id)
        if record:
            self.stage.setCurrentIndex(max(self.stage.findData(record.stage_id), 0))
        self.tags = QLineEdit(", ".join(record.tags) if record else "")
        self.tags.setPlaceholderText("Comma-separated, e.g. trade show, vip")
        self.notes = QPlainTextEdit(record.notes if record else "")
        self.notes.setTabChangesFocus(True)
        self.notes.setFixedHeight(70)

        self.name_problem = _problem_label()
        self.email_problems = _problem_label()
        self.phone_problems = _problem_label()
        self.zone_problem = _problem_label()
        self.referrer_problem = _problem_label()

        form = QFormLayout()
        form.addRow("&First name", self.first_name)
        form.addRow("&Last name", self.last_name)
        form.addRow("&Company", self.company)
        form.addRow("", self.name_problem)
        form.addRow("&Role", self.role)
        form.addRow("&Emails", self.emails)
        form.addRow("", self.email_problems)
        form.addRow("&Phones", self.phones)
        form.addRow("", self.phones_shown)
        form.addRow("", self.phone_problems)
        form.addRow("Street, line &1", self.street)
        form.addRow("Street, line &2", self.street2)
        form.addRow("Cit&y", self.city)
        form.addRow("State / reg&ion", self.region)
        form.addRow("Postal co&de", self.postal_code)
        form.addRow("C&ountry", self.country)
        form.addRow("&Time zone", self.time_zone)
        form.addRow("", self.zone_note)
        form.addRow("", self.zone_problem)
        form.addRow("&Source", self.source)
        form.addRow("Referred &by", self.referrer)
        form.addRow("", self.referrer_problem)
        form.addRow("St&age", self.stage)
        form.addRow("Ta&gs", self.tags)
        form.addRow("&Notes", self.notes)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        bottom = QHBoxLayout()
        if prospect_id:
            self.delete_button = QPushButton("Move to &trash")
            self.delete_button.setAutoDefault(False)
            self.delete_button.clicked.connect(self._delete)
            bottom.addWidget(self.delete_button)
        bottom.addStretch()
        bottom.addWidget(self.buttons)
        layout = QVBoxLayout(self)
        # The form is taller than a small laptop's screen: it scrolls, the buttons stay put.
        self.form_area = scrolled(form, "formScroll")
        layout.addWidget(self.form_area, 1)
        layout.addLayout(bottom)
        # Open at the whole form's height where the screen has room for it.
        self.resize(self.sizeHint().width(), open_height(self, form.sizeHint().height() + 60))

        for edit in (self.first_name, self.last_name, self.company, self.tags):
            edit.textChanged.connect(self._check)
        self.emails.textChanged.connect(self._check)
        self.phones.textChanged.connect(self._phones_changed)
        self.country.currentIndexChanged.connect(lambda _: self._guess_zone())
        self.time_zone.editTextChanged.connect(self._zone_edited)
        self.referrer.editTextChanged.connect(lambda _: self._check())
        self._guess_zone()
        self._check()

    # -- checks as you type --------------------------------------------------------------

    def _phones_changed(self) -> None:
        self._guess_zone()
        self._check()

    def _zone_edited(self, text: str) -> None:
        if self.time_zone.hasFocus():
            self._zone_typed = True  # the seller chose: stop guessing over it
        self._check()

    def _guess_zone(self) -> None:
        if self._zone_typed:
            return
        guess = guess_time_zone(
            self.country.currentData() or "",
            _lines(self.phones),
            self.home,
            settings.get("time_zone"),
        )
        self.time_zone.blockSignals(True)
        self.time_zone.setEditText(guess.zone)
        self.time_zone.blockSignals(False)
        self.zone_note.setText(guess.basis.label if guess.zone else "")

    def problems(self) -> list[str]:
        problems = self.data().problems()
        self.name_problem.setText(" ".join(problems))
        bad_emails = [f"{e}: {p}" for e in _lines(self.emails) if (p := email_problem(e))]
        self.email_problems.setText("\n".join(bad_emails))
        checks = [check_phone(p, self.home) for p in _lines(self.phones)]
        self.phones_shown.setText("  ·  ".join(c.display for c in checks if c.ok))
        bad_phones = [f"{c.display}: {c.problem}" for c in checks if not c.ok]
        self.phone_problems.setText("\n".join(bad_phones))
        zone = zone_problem(self.time_zone.currentText())
        self.zone_problem.setText(zone)
        referrer = ""
        if self.referrer.currentText().strip() and self._referrer_id() is None:
            referrer = "Pick the referrer from the list of prospects."
        self.referrer_problem.setText(referrer)
        return (
            problems
            + bad_emails
            + bad_phones
            + ([zone] if zone else [])
            + ([referrer] if referrer else [])
        )

    def _check(self) -> None:
        self.save_button.setEnabled(not self.problems())

    def _referrer_id(self) -> int | None:
        index = self.referrer.findText(self.referrer.currentText())
        return self.referrer.itemData(index) if index > 0 else None

    def data(self) -> ProspectInput:
        home = self.home
        phones = tuple(check_phone(p, home).stored or p for p in _lines(self.phones))
        return ProspectInput(
            first_name=self.first_name.text(),
            last_name=self.last_name.text(),
            company=self.company.text(),
            role=self.role.text(),
            emails=tuple(_lines(self.emails)),
            phones=phones,
            street=self.street.text().strip(),
            street2=self.street2.text().strip(),
            city=self.city.text().strip(),
            region=self.region.text().strip(),
            postal_code=self.postal_code.text().strip(),
            country_code=self.country.currentData() or "",
            time_zone=self.time_zone.currentText().strip(),
            source=self.source.text().strip(),
            referrer_id=self._referrer_id(),
            stage_id=self.stage.currentData(),
            tags=parse_tags(self.tags.text()),
            notes=self.notes.toPlainText(),
        )

    # -- saving --------------------------------------------------------------------------

    def accept(self) -> None:
        if self.problems():
            return
        data = self.data()
        hints = find_possible_duplicates(data, exclude_id=self.prospect_id)
        if hints:
            text = "\n".join(hint.message() for hint in hints)
            answer = QMessageBox.question(
                self,
                "Possible duplicate",
                f"{text}\n\nSave this prospect anyway?",
                QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Cancel,
                QMessageBox.StandardButton.Cancel,
            )
            if answer != QMessageBox.StandardButton.Save:
                return
        try:
            if self.prospect_id is None:
                self.prospect_id = add_prospect(data)
                self.change = Change.PROSPECTS
            else:
                prospect_id = self.prospect_id
                self.change, self.entry = record(lambda: update_prospect(prospect_id, data))
        except ProspectError as error:
            self.name_problem.setText(str(error))
            return
        super().accept()
        # Set up with (or given) a referrer: they may know something useful about them.
        self.change |= offer_referrer_question(self.prospect_id, self.parentWidget())

    def _delete(self) -> None:
        self.delete_requested = True
        super().accept()
