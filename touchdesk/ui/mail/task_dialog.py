"""One mail task, as queued or corrected: what, why, the words, the size, when, and where to."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from touchdesk.domain.countries import countries
from touchdesk.domain.mail import DEFAULT_ENVELOPE, MailDraft
from touchdesk.domain.mail_layout import ENVELOPES
from touchdesk.domain.postal import PostalAddress, address_problems
from touchdesk.domain.vocabulary import MailKind
from touchdesk.ui.date_formats import date_format
from touchdesk.ui.form_inputs import enum_combo
from touchdesk.ui.state_colours import State, tint
from touchdesk.ui.widgets import plain_label

_ADDRESS = (
    ("name", "Name"),
    ("company", "Company"),
    ("street", "Street"),
    ("street2", "Street, line 2"),
    ("city", "City"),
    ("region", "State / region"),
    ("postal_code", "Postal code"),
)


class MailTaskDialog(QDialog):
    """Shows a draft; `draft()` is what the seller settled on. The address is checked live."""

    def __init__(
        self,
        draft: MailDraft,
        recipient: str,
        title: str,
        parent: QWidget | None = None,
        template_for: Callable[[MailKind], str] | None = None,
    ) -> None:
        """`template_for(kind)` is the message a new task of that kind starts with."""
        super().__init__(parent)
        self._template_for = template_for
        self._suggested = draft.message  # replaced on a change of kind until the seller edits
        self.setWindowTitle(title)
        self.setMinimumWidth(720)  # the envelope and date fields show whole
        self.kind = enum_combo(MailKind, draft.kind)
        self.kind.setObjectName("kind")
        self.occasion = QLineEdit(draft.occasion)
        self.occasion.setObjectName("occasion")
        self.occasion.setPlaceholderText("e.g. Thank you for the meeting, Season's greetings")
        self.envelope = QComboBox()
        self.envelope.setObjectName("envelope")
        for key, envelope in ENVELOPES.items():
            self.envelope.addItem(envelope.label, key)
        self.envelope.setCurrentIndex(self.envelope.findData(draft.envelope_or_default))
        self._envelope_chosen = bool(draft.envelope)
        self.envelope.activated.connect(lambda _: setattr(self, "_envelope_chosen", True))
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.has_due = QCheckBox("Write by")
        self.due = QDateEdit()
        self.due.setCalendarPopup(True)
        self.due.setDisplayFormat(date_format())
        self.has_due.setChecked(draft.due_on is not None)
        self.due.setDate(QDate(draft.due_on or date.today()))
        self.due.setEnabled(draft.due_on is not None)
        self.has_due.toggled.connect(self.due.setEnabled)
        self.message = QPlainTextEdit(draft.message)
        self.message.setObjectName("message")
        self.message.setTabChangesFocus(True)
        self.message.setMinimumHeight(140)

        form = QFormLayout()
        form.addRow("For", plain_label(recipient))
        form.addRow("Kind", self.kind)
        form.addRow("Occasion", self.occasion)
        form.addRow("Envelope", self.envelope)
        due_row = QHBoxLayout()
        due_row.addWidget(self.has_due)
        due_row.addWidget(self.due, 1)
        form.addRow("", due_row)
        form.addRow("Message to write", self.message)

        address = draft.address or PostalAddress()
        self.fields: dict[str, QLineEdit] = {}
        grid = QGridLayout()
        for row, (key, label) in enumerate(_ADDRESS):
            edit = QLineEdit(getattr(address, key))
            edit.setObjectName(key)
            edit.textChanged.connect(self._check_address)
            self.fields[key] = edit
            grid.addWidget(plain_label(label), row, 0)
            grid.addWidget(edit, row, 1)
        self.country = QComboBox()
        self.country.setObjectName("country")
        self.country.addItem("(none)", "")
        for code, name in countries():
            self.country.addItem(name, code)
        found = self.country.findData(address.country_code.upper())
        self.country.setCurrentIndex(max(found, 0))
        self.country.currentIndexChanged.connect(self._check_address)
        grid.addWidget(plain_label("Country"), len(_ADDRESS), 0)
        grid.addWidget(self.country, len(_ADDRESS), 1)
        self.problems = plain_label()
        self.problems.setObjectName("addressProblems")
        self.problems.setWordWrap(True)
        grid.addWidget(self.problems, len(_ADDRESS) + 1, 0, 1, 2)
        # The box's title is one line; the note about the copy wraps inside it.
        note = plain_label("A copy: correcting it here leaves the prospect as it is.", wrap=True)
        grid.addWidget(note, len(_ADDRESS) + 2, 0, 1, 2)
        box = QGroupBox("Mail to")
        box.setLayout(grid)

        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        layout = QVBoxLayout(self)
        columns = QHBoxLayout()
        columns.addLayout(form, 3)
        columns.addWidget(box, 2)
        layout.addLayout(columns)
        layout.addWidget(buttons)
        self._check_address()
        self.occasion.setFocus(Qt.FocusReason.OtherFocusReason)

    def _kind_changed(self) -> None:
        """A new kind suggests its usual envelope and words, unless the seller chose them."""
        kind = self.kind.value()
        if not self._envelope_chosen:
            self.envelope.setCurrentIndex(self.envelope.findData(DEFAULT_ENVELOPE[kind]))
        if self._template_for is not None and self.message.toPlainText() == self._suggested:
            self._suggested = self._template_for(kind)
            self.message.setPlainText(self._suggested)

    def address(self) -> PostalAddress:
        values = {key: edit.text().strip() for key, edit in self.fields.items()}
        return PostalAddress(country_code=self.country.currentData() or "", **values)

    def _check_address(self) -> None:
        problems = address_problems(self.address())
        text = "Address incomplete: " + "; ".join(problems) if problems else "Address complete."
        self.problems.setText(text)
        tint(self.problems, State.PROBLEM if problems else State.FINE)

    def draft(self) -> MailDraft:
        return MailDraft(
            kind=self.kind.value(),
            occasion=self.occasion.text().strip(),
            message=self.message.toPlainText(),
            envelope=self.envelope.currentData(),
            due_on=self.due.date().toPython() if self.has_due.isChecked() else None,
            address=self.address(),
        )
