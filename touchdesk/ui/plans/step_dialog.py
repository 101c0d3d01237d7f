"""One plan step in a dialog: when, channel, purpose, template and timing rule."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from touchdesk.domain.plans import PlanStepSpec
from touchdesk.domain.templates import TemplateInfo
from touchdesk.domain.timing import SlotRule, rule_for
from touchdesk.domain.vocabulary import Channel
from touchdesk.ui.form_inputs import EnumCombo
from touchdesk.ui.plans.common import (
    OFFSET_LABELS,
    OFFSETS,
    problem_label,
)


class StepDialog(QDialog):
    """One plan step; OK is refused, with the reason shown, while the plan would be invalid."""

    def __init__(
        self,
        step: PlanStepSpec,
        purposes: Sequence[str],
        templates: Sequence[TemplateInfo],
        check: Callable[[PlanStepSpec], str],
        title: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self._check = check
        self.days = QSpinBox()
        self.days.setRange(0, 365)
        self.days.setValue(step.day_offset)
        self.offset_from = QComboBox()
        for offset in OFFSETS:
            self.offset_from.addItem(OFFSET_LABELS[offset])
        self.offset_from.setCurrentIndex(OFFSETS.index(step.offset_from))
        self.channel = EnumCombo(Channel, step.channel)
        self.purpose = QComboBox()
        self.purpose.setEditable(True)
        self.purpose.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.purpose.addItems(list(purposes))
        self.purpose.setEditText(step.purpose)
        self.purpose.lineEdit().setPlaceholderText("Why this touch happens: pick a reason or type")
        self.timing = EnumCombo(SlotRule, step.timing)
        self._template_keys = ["", *(t.key for t in templates)]
        self.template = QComboBox()
        self.template.addItem("No template")
        for template in templates:
            self.template.addItem(template.name)
        if step.template_key in self._template_keys:
            self.template.setCurrentIndex(self._template_keys.index(step.template_key))
        self.twice = QCheckBox("Two attempts a few minutes apart (calls: always two)")
        self.twice.setChecked(step.twice)
        self.problem = problem_label("stepProblem")
        # A new channel brings its usual timing; the seller can still pick another.
        self.channel.currentIndexChanged.connect(
            lambda _: self.timing.set_value(rule_for(self.channel.value()))
        )

        delay = QHBoxLayout()
        delay.addWidget(self.days)
        delay.addWidget(self.offset_from, 1)
        form = QFormLayout()
        form.addRow("&Delay", delay)
        form.addRow("&Channel", self.channel)
        form.addRow("&Purpose", self.purpose)
        form.addRow("&Timing", self.timing)
        form.addRow("T&wice", self.twice)
        form.addRow("Te&mplate", self.template)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)
        self.purpose.setFocus()

    def step(self) -> PlanStepSpec:
        return PlanStepSpec(
            day_offset=self.days.value(),
            channel=self.channel.value(),
            purpose=self.purpose.currentText().strip(),
            timing=self.timing.value(),
            offset_from=OFFSETS[self.offset_from.currentIndex()],
            template_key=self._template_keys[self.template.currentIndex()],
            twice=self.twice.isChecked(),
        )

    def accept(self) -> None:
        problem = self._check(self.step())
        if problem:
            self.problem.setText(problem)
            return
        super().accept()
