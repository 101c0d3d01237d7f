"""Add a prospect in a few keystrokes: name, company, one email, one phone."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from touchdesk.domain.prospects import ProspectInput
from touchdesk.services.prospects import ProspectError, add_prospect
from touchdesk.ui.state_colours import State, tint
from touchdesk.ui.validation import email_problem


class QuickAddDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Add a prospect")
        self.prospect_id: int | None = None
        self.first_name = QLineEdit()
        self.last_name = QLineEdit()
        self.company = QLineEdit()
        self.email = QLineEdit()
        self.phone = QLineEdit()
        self.problem = QLabel()
        tint(self.problem, State.PROBLEM)
        self.problem.setWordWrap(True)
        form = QFormLayout()
        form.addRow("&First name", self.first_name)
        form.addRow("&Last name", self.last_name)
        form.addRow("&Company", self.company)
        form.addRow("&Email", self.email)
        form.addRow("&Phone", self.phone)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        for field in (self.first_name, self.last_name, self.company, self.email):
            field.textChanged.connect(self._check)
        self._check()

    def _input(self) -> ProspectInput:
        return ProspectInput(
            first_name=self.first_name.text(),
            last_name=self.last_name.text(),
            company=self.company.text(),
            emails=tuple(filter(None, [self.email.text().strip()])),
            phones=tuple(filter(None, [self.phone.text().strip()])),
        )

    def _problems(self) -> list[str]:
        problems = self._input().problems()
        if email := email_problem(self.email.text()):
            problems.append(email)
        return problems

    def _check(self) -> None:
        problems = self._problems()
        self.problem.setText(" ".join(problems))
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(not problems)

    def accept(self) -> None:
        if self._problems():
            return
        try:
            self.prospect_id = add_prospect(self._input())
        except ProspectError as error:
            self.problem.setText(str(error))
            return
        super().accept()
