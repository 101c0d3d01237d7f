"""The plans tab: the list of plans, and the chosen plan's name, description and steps."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from touchdesk.domain.plans import PlanInfo, PlanSpec, PlanStepSpec
from touchdesk.domain.timing import SlotRule
from touchdesk.domain.vocabulary import Channel
from touchdesk.services.changes import Change
from touchdesk.services.library import list_templates
from touchdesk.services.plans import PlanError, delete_plan, list_plans, save_plan
from touchdesk.services.undo import UndoEntry, record
from touchdesk.ui.events import ChangeBus
from touchdesk.ui.plans.common import ItemId, problem_label, push_focused
from touchdesk.ui.plans.day_line import DayLine
from touchdesk.ui.plans.plan_steps import PlanStepsEditor


class PlansTab(QWidget):
    """Plans on the left, the chosen plan's steps on the right; every edit is stored at once
    and is one undo step, and an edit that would break the plan is refused with the reason."""

    def __init__(self, bus: ChangeBus, undo_stack: QUndoStack) -> None:
        super().__init__()
        self.bus = bus
        self.undo_stack = undo_stack
        self._plans: list[PlanInfo] = []
        self._template_names: dict[str, str] = {}
        self._focus_name: str | None = None  # the plan an edit, undo or redo touched

        self.plan_list = QListWidget()
        self.plan_list.setObjectName("plans")
        self.plan_list.currentRowChanged.connect(lambda _: self.show_current())
        self.new_button = QPushButton("New plan")
        self.new_button.clicked.connect(self.new_plan)
        self.duplicate_button = QPushButton("Duplicate")
        self.duplicate_button.clicked.connect(self.duplicate_plan)
        self.delete_button = QPushButton("Delete")
        self.delete_button.clicked.connect(self.delete_plan)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.plan_list, 1)
        plan_buttons = QHBoxLayout()
        for button in (self.new_button, self.duplicate_button, self.delete_button):
            plan_buttons.addWidget(button)
        left_layout.addLayout(plan_buttons)

        self.name = QLineEdit()
        self.name.setObjectName("planName")
        self.name.editingFinished.connect(self.rename)
        self.description = QLineEdit()
        self.description.setObjectName("planDescription")
        self.description.editingFinished.connect(self.describe)
        self.dormant = QSpinBox()
        self.dormant.setObjectName("dormantDays")
        self.dormant.setRange(0, 365)
        self.dormant.setSpecialValueText("Stay active")
        self.dormant.setSuffix(" days")
        self.dormant.setToolTip(
            "A break-up plan ends with the prospect dormant, to revisit after this many days."
        )
        self.dormant.editingFinished.connect(self.set_dormant)
        form = QFormLayout()
        form.addRow("&Name", self.name)
        form.addRow("&Description", self.description)
        form.addRow("D&ormant after the last step", self.dormant)

        self.step_editor = PlanStepsEditor(self.current, self.save, self.show_problem)
        # The steps table and its buttons, reached as the tab's own by the page and tests.
        self.model = self.step_editor.model
        self.steps = self.step_editor.view
        self.add_button = self.step_editor.add_button
        self.edit_button = self.step_editor.edit_button
        self.remove_button = self.step_editor.remove_button
        self.up_button = self.step_editor.up_button
        self.down_button = self.step_editor.down_button
        self.problems = problem_label("planProblems")

        self.editor = QWidget()
        right = QVBoxLayout(self.editor)
        right.setContentsMargins(0, 0, 0, 0)
        right.addLayout(form)
        right.addWidget(self.step_editor, 1)
        self.day_line = DayLine()
        right.addWidget(self.day_line)
        right.addWidget(self.problems)
        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(self.editor)
        splitter.setStretchFactor(1, 3)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)
        self.show_current()  # empty and disabled until the page loads

    # -- showing -------------------------------------------------------------------------

    def current(self) -> PlanInfo | None:
        row = self.plan_list.currentRow()
        return self._plans[row] if 0 <= row < len(self._plans) else None

    def current_step_row(self) -> int:
        return self.step_editor.current_row()

    def show_problem(self, text: str) -> None:
        self.problems.setText(text)

    def reload(self) -> None:
        current = self.current()
        keep_step = self.current_step_row()
        focus, self._focus_name = self._focus_name, None
        self._plans = list_plans()
        self._template_names = {t.key: t.name for t in list_templates()}
        names = [plan.spec.name for plan in self._plans]
        if focus in names:
            row = names.index(focus)
        else:
            ids = [plan.id for plan in self._plans]
            row = ids.index(current.id) if current and current.id in ids else 0
        shown_before = current.id if current else None
        same_plan = row < len(self._plans) and self._plans[row].id == shown_before
        self.plan_list.blockSignals(True)
        # Texts are updated in place: a reload can run while the list handles a click.
        if [self.plan_list.item(i).data(ItemId) for i in range(self.plan_list.count())] != [
            plan.id for plan in self._plans
        ]:
            self.plan_list.clear()
            for plan in self._plans:
                item = QListWidgetItem(plan.spec.name)
                item.setData(ItemId, plan.id)
                self.plan_list.addItem(item)
        for i, plan in enumerate(self._plans):
            self.plan_list.item(i).setText(plan.spec.name)
            self.plan_list.item(i).setToolTip(plan.spec.description)
        self.plan_list.setCurrentRow(row if self._plans else -1)
        self.plan_list.blockSignals(False)
        self.show_current(keep_step if same_plan else 0)

    def show_current(self, step_row: int = 0) -> None:
        info = self.current()
        self.problems.clear()
        self.editor.setEnabled(info is not None)
        self.duplicate_button.setEnabled(info is not None)
        self.delete_button.setEnabled(info is not None)
        if info is None:
            for edit in (self.name, self.description):
                edit.clear()
            self.dormant.setValue(0)
            self.step_editor.clear()
            self.day_line.set_plan(None)
            return
        self.name.setText(info.spec.name)
        self.description.setText(info.spec.description)
        self.description.setCursorPosition(0)
        self.dormant.setValue(info.spec.dormant_days_after)
        self.step_editor.show_steps(info.spec.steps, self._template_names)
        self.step_editor.select(step_row)
        self.day_line.set_plan(info.spec)

    # -- storing -------------------------------------------------------------------------

    def _push(
        self,
        label: str,
        entry: UndoEntry,
        change: Change,
        undo_shows: str | None,
        redo_shows: str | None,
    ) -> None:
        push_focused(
            self.undo_stack, self.bus, label, entry, change, self._focus, undo_shows, redo_shows
        )

    def _focus(self, shown: str | None) -> None:
        self._focus_name = shown

    def save(self, label: str, spec: PlanSpec, step_row: int) -> str:
        """Store the current plan as `spec`, undoably; the seller's problem when refused."""
        info = self.current()
        if info is None:
            return ""
        before = info.spec
        spec = replace(spec, name=" ".join(spec.name.split()))
        if spec == before:
            return ""
        try:
            (_, change), entry = record(lambda: save_plan(info.id, spec))
        except PlanError as error:
            return str(error)
        self._focus_name = spec.name
        self._push(label, entry, change, before.name, spec.name)
        self.step_editor.select(step_row)
        return ""

    def _save_or_show(self, label: str, spec: PlanSpec, step_row: int) -> None:
        problem = self.save(label, spec, step_row)
        if problem:
            self.problems.setText(problem)

    # -- the plan ------------------------------------------------------------------------

    def rename(self) -> None:
        info = self.current()
        if info is None or " ".join(self.name.text().split()) == info.spec.name:
            return
        spec = replace(info.spec, name=self.name.text())
        self._save_or_show(f"Rename plan {info.spec.name}", spec, max(0, self.current_step_row()))

    def describe(self) -> None:
        info = self.current()
        text = self.description.text().strip()
        if info is None or text == info.spec.description:
            return
        self._save_or_show(
            f"Describe plan {info.spec.name}",
            replace(info.spec, description=text),
            max(0, self.current_step_row()),
        )

    def set_dormant(self) -> None:
        info = self.current()
        days = self.dormant.value()
        if info is None or days == info.spec.dormant_days_after:
            return
        self._save_or_show(
            f"Dormant days of {info.spec.name}",
            replace(info.spec, dormant_days_after=days),
            max(0, self.current_step_row()),
        )

    def _unused_name(self, base: str) -> str:
        names = {plan.spec.name for plan in self._plans}
        if base not in names:
            return base
        number = 2
        while f"{base} {number}" in names:
            number += 1
        return f"{base} {number}"

    def _create(self, label: str, spec: PlanSpec) -> None:
        try:
            (_, change), entry = record(lambda: save_plan(None, spec))
        except PlanError as error:
            self.problems.setText(str(error))
            return
        shown = self.current()
        back_to = shown.spec.name if shown else None
        self._focus_name = spec.name
        self._push(label, entry, change, back_to, spec.name)

    def new_plan(self) -> None:
        name = self._unused_name("New plan")
        first = PlanStepSpec(0, Channel.CALL, "Follow-up call", SlotRule.CALL)
        self._create(f"New plan {name}", PlanSpec(name, "", (first,)))
        # The seller names it straight away.
        self.name.setFocus(Qt.FocusReason.OtherFocusReason)
        self.name.selectAll()

    def duplicate_plan(self) -> None:
        info = self.current()
        if info is None:
            return
        name = self._unused_name(f"{info.spec.name} (copy)")
        self._create(f"Duplicate plan {info.spec.name}", replace(info.spec, name=name))
        self.name.setFocus(Qt.FocusReason.OtherFocusReason)
        self.name.selectAll()

    def delete_plan(self) -> None:
        info = self.current()
        if info is None:
            return
        # The list then shows the plan below (or above) the deleted one, not the first.
        row = self.plan_list.currentRow()
        neighbours = self._plans[row + 1 : row + 2] or self._plans[max(row - 1, 0) : row]
        then_show = neighbours[0].spec.name if neighbours else None
        try:
            change, entry = record(lambda: delete_plan(info.id))
        except PlanError as error:
            self.problems.setText(str(error))
            return
        self._focus_name = then_show
        self._push(f"Delete plan {info.spec.name}", entry, change, info.spec.name, then_show)
