"""The Plans page: edit follow-up plans, the reasons library and message templates."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QAction, QKeySequence, QShowEvent, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from touchdesk.domain.plans import OffsetFrom, PlanInfo, PlanSpec, PlanStepSpec
from touchdesk.domain.templates import (
    KNOWN_PLACEHOLDERS,
    TemplateError,
    TemplateInfo,
    render,
    template_problems,
)
from touchdesk.domain.timing import SlotRule, rule_for
from touchdesk.domain.vocabulary import Channel
from touchdesk.services.changes import Change
from touchdesk.services.library import (
    LibraryError,
    ReasonInfo,
    delete_reason,
    list_reasons,
    list_templates,
    save_reason,
    save_template,
)
from touchdesk.services.messages import template_values
from touchdesk.services.plans import PlanError, delete_plan, list_plans, save_plan
from touchdesk.services.prospects import ProspectError, referrer_choices
from touchdesk.ui.commands import ServiceCommand
from touchdesk.ui.events import ChangeBus
from touchdesk.ui.table_model import RowTableModel, TableColumn
from touchdesk.ui.widgets import EnumCombo, plain_label

PROBLEM_STYLE = "color: #b3261e;"
ItemId = Qt.ItemDataRole.UserRole

OFFSETS = (OffsetFrom.PREVIOUS, OffsetFrom.START)
OFFSET_LABELS = {
    OffsetFrom.PREVIOUS: "days after the previous step",
    OffsetFrom.START: "days from the plan's start",
}


# -- shared pieces ------------------------------------------------------------------------


def _plural(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def when_text(step: PlanStepSpec, first: bool = False) -> str:
    """'+2 days after previous' or 'day 7 from start': when the step falls, in words."""
    days = step.day_offset
    # The first step's "previous" is the day the plan was applied: both read as the start.
    if step.offset_from is OffsetFrom.START or first:
        return "at the start" if days == 0 else f"day {days} from start"
    return "same day as previous" if days == 0 else f"+{_plural(days, 'day')} after previous"


@dataclass(frozen=True)
class StepRow:
    number: int  # 1-based, as the seller counts
    step: PlanStepSpec
    template: str  # the template's name, "" without one


def step_rows(steps: Sequence[PlanStepSpec], template_names: dict[str, str]) -> list[StepRow]:
    return [
        StepRow(number, step, template_names.get(step.template_key, step.template_key))
        for number, step in enumerate(steps, start=1)
    ]


STEP_COLUMNS: tuple[TableColumn[StepRow], ...] = (
    TableColumn("#", lambda r: str(r.number), align_right=True),
    TableColumn("When", lambda r: when_text(r.step, r.number == 1)),
    TableColumn("Channel", lambda r: r.step.channel.label),
    TableColumn("Purpose", lambda r: r.step.purpose),
    TableColumn("Timing", lambda r: r.step.timing.label),
    TableColumn("Template", lambda r: r.template),
)


def step_model() -> RowTableModel[StepRow]:
    return RowTableModel(STEP_COLUMNS)


def steps_view(model: RowTableModel[StepRow], name: str) -> QTableView:
    view = QTableView()
    view.setObjectName(name)
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.verticalHeader().hide()
    view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    view.verticalHeader().setDefaultSectionSize(26)
    view.horizontalHeader().setStretchLastSection(True)
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    return view


def problem_label(name: str) -> QLabel:
    label = plain_label()
    label.setObjectName(name)
    label.setStyleSheet(PROBLEM_STYLE)
    label.setWordWrap(True)
    return label


def _checked_then(change: Change, again: Callable[[], Change]) -> Callable[[], Change]:
    """The service call already ran, checked, before the push: the push's redo only
    publishes what it changed (a refused call must never land on the undo stack)."""
    pending = [change]

    def do() -> Change:
        return pending.pop() if pending else again()

    return do


def _keep_editing(parent: QWidget, what: str, save: Callable[[], bool]) -> bool:
    """Ask before typed words are dropped; True when the seller stays where they are."""
    buttons = QMessageBox.StandardButton
    answer = QMessageBox.question(
        parent,
        "Unsaved changes",
        f"Save your changes to {what}?",
        buttons.Save | buttons.Discard | buttons.Cancel,
        buttons.Save,
    )
    if answer == buttons.Cancel:
        return True
    if answer == buttons.Save:
        return not save()
    return False


def _shortcut_action(
    parent: QWidget, text: str, keys: Sequence[str], slot: Callable[[], object]
) -> QAction:
    action = QAction(text, parent)
    action.setShortcuts([QKeySequence(key) for key in keys])
    action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
    action.triggered.connect(slot)
    parent.addAction(action)
    return action


def _button(action: QAction, text: str) -> QPushButton:
    button = QPushButton(text)
    keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
    button.setToolTip(f"{text} ({keys})" if keys else text)
    # The keyboard stays in the table or the editor; the shortcut is the keyboard's way.
    button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    button.clicked.connect(action.trigger)
    return button


# -- one step ---------------------------------------------------------------------------


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
        )

    def accept(self) -> None:
        problem = self._check(self.step())
        if problem:
            self.problem.setText(problem)
            return
        super().accept()


# -- plans ------------------------------------------------------------------------------


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

        self.model = step_model()
        self.steps = steps_view(self.model, "steps")
        self.steps.doubleClicked.connect(lambda _: self.edit_step())
        self.add_action = _shortcut_action(self.steps, "Add step", ["Insert"], self.add_step)
        self.edit_action = _shortcut_action(
            self.steps, "Edit step", ["Return", "Enter"], self.edit_step
        )
        self.remove_action = _shortcut_action(self.steps, "Remove step", ["Delete"], self.remove)
        self.up_action = _shortcut_action(self.steps, "Move up", ["Ctrl+Up"], self.move_up)
        self.down_action = _shortcut_action(self.steps, "Move down", ["Ctrl+Down"], self.move_down)
        self.add_button = _button(self.add_action, "Add step…")
        self.edit_button = _button(self.edit_action, "Edit…")
        self.remove_button = _button(self.remove_action, "Remove")
        self.up_button = _button(self.up_action, "Move up")
        self.down_button = _button(self.down_action, "Move down")
        step_buttons = QHBoxLayout()
        step_buttons.addWidget(plain_label("Steps"))
        step_buttons.addStretch()
        for button in (
            self.add_button,
            self.edit_button,
            self.remove_button,
            self.up_button,
            self.down_button,
        ):
            step_buttons.addWidget(button)
        self.problems = problem_label("planProblems")

        self.editor = QWidget()
        right = QVBoxLayout(self.editor)
        right.setContentsMargins(0, 0, 0, 0)
        right.addLayout(form)
        right.addLayout(step_buttons)
        right.addWidget(self.steps, 1)
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
        return self.steps.currentIndex().row()

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
            self.model.set_rows([])
            return
        self.name.setText(info.spec.name)
        self.description.setText(info.spec.description)
        self.description.setCursorPosition(0)
        self.dormant.setValue(info.spec.dormant_days_after)
        self.model.set_rows(step_rows(info.spec.steps, self._template_names))
        self.steps.resizeColumnsToContents()
        self.select_step(step_row)

    def select_step(self, row: int) -> None:
        if self.model.rowCount():
            self.steps.selectRow(max(0, min(row, self.model.rowCount() - 1)))

    # -- storing -------------------------------------------------------------------------

    def _id_named(self, name: str) -> int:
        """Commands find their plan by name: undoing a deletion brings it back with a new id."""
        for plan in list_plans():
            if plan.spec.name == name:
                return plan.id
        raise PlanError(f"There is no plan called '{name}' any more.")

    def _guarded(self, call: Callable[[], Change]) -> Change:
        """An undo or redo the data no longer allows is explained, not crashed on."""
        try:
            return call()
        except PlanError as error:
            self.problems.setText(str(error))
            return Change.NOTHING

    def _store(self, current_name: str, spec: PlanSpec) -> Change:
        def call() -> Change:
            self._focus_name = spec.name
            return save_plan(self._id_named(current_name), spec)[1]

        return self._guarded(call)

    def _recreate(self, spec: PlanSpec) -> Change:
        def call() -> Change:
            self._focus_name = spec.name
            return save_plan(None, spec)[1]

        return self._guarded(call)

    def _remove(self, name: str, then_show: str | None = None) -> Change:
        def call() -> Change:
            change = delete_plan(self._id_named(name))
            self._focus_name = then_show
            return change

        return self._guarded(call)

    def _push(
        self, label: str, change: Change, again: Callable[[], Change], undo: Callable[[], Change]
    ) -> None:
        self.undo_stack.push(ServiceCommand(self.bus, label, _checked_then(change, again), undo))

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
            _, change = save_plan(info.id, spec)
        except PlanError as error:
            return str(error)
        self._focus_name = spec.name
        self._push(
            label,
            change,
            lambda: self._store(before.name, spec),
            lambda: self._store(spec.name, before),
        )
        self.select_step(step_row)
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
            _, change = save_plan(None, spec)
        except PlanError as error:
            self.problems.setText(str(error))
            return
        shown = self.current()
        back_to = shown.spec.name if shown else None
        self._focus_name = spec.name
        self._push(
            label, change, lambda: self._recreate(spec), lambda: self._remove(spec.name, back_to)
        )

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
            change = delete_plan(info.id)
        except PlanError as error:
            self.problems.setText(str(error))
            return
        spec = info.spec
        self._focus_name = then_show
        self._push(
            f"Delete plan {spec.name}",
            change,
            lambda: self._remove(spec.name, then_show),
            lambda: self._recreate(spec),
        )

    # -- its steps -----------------------------------------------------------------------

    def _steps(self) -> list[PlanStepSpec]:
        info = self.current()
        return list(info.spec.steps) if info else []

    def _step_dialog(self, title: str, step: PlanStepSpec, check) -> None:
        dialog = StepDialog(
            step, [r.title for r in list_reasons()], list_templates(), check, title, self
        )
        dialog.exec()
        dialog.deleteLater()  # one per opening: not kept alive by its parent
        self.steps.setFocus()

    def add_step(self) -> None:
        info = self.current()
        if info is None:
            return
        steps = self._steps()
        row = self.current_step_row()
        at = row + 1 if 0 <= row < len(steps) else len(steps)
        like = steps[at - 1] if at > 0 else None
        channel = like.channel if like else Channel.CALL
        draft = PlanStepSpec(2 if like else 0, channel, "", rule_for(channel))

        def check(step: PlanStepSpec) -> str:
            plan = self.current()
            if plan is None:
                return "The plan is gone."
            new = self._steps()
            new.insert(at, step)
            label = f"Add step {at + 1} to {plan.spec.name}"
            return self.save(label, replace(plan.spec, steps=tuple(new)), at)

        self._step_dialog(f"Add step {at + 1} — {info.spec.name}", draft, check)

    def edit_step(self) -> None:
        info = self.current()
        row = self.current_step_row()
        steps = self._steps()
        if info is None or not 0 <= row < len(steps):
            return

        def check(step: PlanStepSpec) -> str:
            plan = self.current()
            if plan is None:
                return "The plan is gone."
            new = self._steps()
            new[row] = step
            label = f"Edit step {row + 1} of {plan.spec.name}"
            return self.save(label, replace(plan.spec, steps=tuple(new)), row)

        self._step_dialog(f"Step {row + 1} — {info.spec.name}", steps[row], check)

    def remove(self) -> None:
        info = self.current()
        row = self.current_step_row()
        steps = self._steps()
        if info is None or not 0 <= row < len(steps):
            return
        del steps[row]
        self._save_or_show(
            f"Remove step {row + 1} from {info.spec.name}",
            replace(info.spec, steps=tuple(steps)),
            min(row, len(steps) - 1),
        )

    def move(self, delta: int) -> None:
        info = self.current()
        row = self.current_step_row()
        steps = self._steps()
        target = row + delta
        if info is None or not 0 <= row < len(steps) or not 0 <= target < len(steps):
            return
        steps[row], steps[target] = steps[target], steps[row]
        where = "up" if delta < 0 else "down"
        self._save_or_show(
            f"Move step {row + 1} {where} in {info.spec.name}",
            replace(info.spec, steps=tuple(steps)),
            target,
        )

    def move_up(self) -> None:
        self.move(-1)

    def move_down(self) -> None:
        self.move(1)


# -- reasons ----------------------------------------------------------------------------


class ReasonsTab(QWidget):
    """The reasons library: valid reasons to get in touch, so no follow-up is 'any news?'."""

    def __init__(self, bus: ChangeBus, undo_stack: QUndoStack) -> None:
        super().__init__()
        self.bus = bus
        self.undo_stack = undo_stack
        self._reasons: list[ReasonInfo] = []
        self._editing: ReasonInfo | None = None  # None: a new reason being written
        self._focus_title: str | None = None

        self.reason_list = QListWidget()
        self.reason_list.setObjectName("reasons")
        self.reason_list.currentRowChanged.connect(self._switch)
        self.new_button = QPushButton("New reason")
        self.new_button.clicked.connect(self.new_reason)
        self.delete_button = QPushButton("Delete")
        self.delete_button.clicked.connect(self.delete)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.reason_list, 1)
        left_buttons = QHBoxLayout()
        left_buttons.addWidget(self.new_button)
        left_buttons.addWidget(self.delete_button)
        left_layout.addLayout(left_buttons)

        self.title = QLineEdit()
        self.title.setObjectName("reasonTitle")
        self.title.setPlaceholderText("e.g. A pricing update")
        self.body = QPlainTextEdit()
        self.body.setObjectName("reasonBody")
        self.body.setPlaceholderText("What to say or send, so the touch brings something new")
        self.save_action = QAction("Save reason", self)
        self.save_action.setShortcut(QKeySequence.StandardKey.Save)
        self.save_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.save_action.triggered.connect(self.save)
        self.addAction(self.save_action)
        self.save_button = _button(self.save_action, "Save")
        self.problems = problem_label("reasonProblems")
        self.title.textChanged.connect(self._update_buttons)
        self.body.textChanged.connect(self._update_buttons)

        right = QWidget()
        form = QFormLayout(right)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow("&Title", self.title)
        form.addRow("&Body", self.body)
        save_row = QHBoxLayout()
        save_row.addWidget(self.problems, 1)
        save_row.addWidget(self.save_button)
        form.addRow(save_row)
        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)
        self._update_buttons()

    def _typed(self) -> tuple[str, str]:
        return " ".join(self.title.text().split()), self.body.toPlainText().strip()

    def is_modified(self) -> bool:
        stored = (self._editing.title, self._editing.body) if self._editing else ("", "")
        return self._typed() != stored

    def _update_buttons(self) -> None:
        self.save_action.setEnabled(self.is_modified() and bool(self._typed()[0]))
        self.save_button.setEnabled(self.save_action.isEnabled())
        self.delete_button.setEnabled(self._editing is not None)

    def reload(self) -> None:
        focus, self._focus_title = self._focus_title, None
        self._reasons = list_reasons()
        if focus is None and self.is_modified():
            # Someone else's change must not wipe what the seller is typing.
            chosen = self._editing
        elif focus is not None:
            chosen = next((r for r in self._reasons if r.title == focus), None)
        else:
            kept = self._editing.id if self._editing else None
            chosen = next((r for r in self._reasons if r.id == kept), None)
            if chosen is None and self._reasons:
                chosen = self._reasons[0]
        self.reason_list.blockSignals(True)
        self.reason_list.clear()
        for reason in self._reasons:
            item = QListWidgetItem(reason.title)
            item.setData(ItemId, reason.id)
            item.setToolTip(reason.body)
            self.reason_list.addItem(item)
        self.reason_list.setCurrentRow(self._row_of(chosen))
        self.reason_list.blockSignals(False)
        if focus is not None or not self.is_modified():
            self.show_reason(next((r for r in self._reasons if chosen and r.id == chosen.id), None))

    def _row_of(self, reason: ReasonInfo | None) -> int:
        ids = [r.id for r in self._reasons]
        return ids.index(reason.id) if reason is not None and reason.id in ids else -1

    def show_reason(self, reason: ReasonInfo | None) -> None:
        self._editing = reason
        self.title.setText(reason.title if reason else "")
        self.body.setPlainText(reason.body if reason else "")
        self.problems.clear()
        self._update_buttons()

    def _leave_ok(self) -> bool:
        if not self.is_modified():
            return True
        what = f"“{self._editing.title}”" if self._editing else "the new reason"
        return not _keep_editing(self, what, self.save)

    def _switch(self, row: int) -> None:
        wanted = self._reasons[row] if 0 <= row < len(self._reasons) else None
        if not self._leave_ok():
            self.reason_list.blockSignals(True)
            self.reason_list.setCurrentRow(self._row_of(self._editing))
            self.reason_list.blockSignals(False)
            return
        # Saving may have reloaded the list: show the one clicked, as it is stored now.
        fresh = next((r for r in self._reasons if wanted and r.id == wanted.id), None)
        self.reason_list.blockSignals(True)
        self.reason_list.setCurrentRow(self._row_of(fresh))
        self.reason_list.blockSignals(False)
        self.show_reason(fresh)

    def new_reason(self) -> None:
        if not self._leave_ok():
            return
        self.reason_list.blockSignals(True)
        self.reason_list.setCurrentRow(-1)
        self.reason_list.blockSignals(False)
        self.show_reason(None)
        self.title.setFocus(Qt.FocusReason.OtherFocusReason)

    # -- storing -------------------------------------------------------------------------

    def _id_titled(self, title: str) -> int:
        """Commands find their reason by title: a deleted one comes back with a new id."""
        for reason in list_reasons():
            if reason.title == title:
                return reason.id
        raise LibraryError(f"There is no reason called '{title}' any more.")

    def _guarded(self, call: Callable[[], Change]) -> Change:
        try:
            return call()
        except LibraryError as error:
            self.problems.setText(str(error))
            return Change.NOTHING

    def _store(self, current_title: str | None, title: str, body: str) -> Change:
        def call() -> Change:
            reason_id = None if current_title is None else self._id_titled(current_title)
            self._focus_title = title
            return save_reason(reason_id, title, body)

        return self._guarded(call)

    def _delete(self, title: str) -> Change:
        return self._guarded(lambda: delete_reason(self._id_titled(title)))

    def save(self) -> bool:
        title, body = self._typed()
        editing = self._editing
        try:
            change = save_reason(editing.id if editing else None, title, body)
        except LibraryError as error:
            self.problems.setText(str(error))
            return False
        self._focus_title = title
        if editing is None:
            label = f"Add reason {title}"
            again = lambda: self._store(None, title, body)  # noqa: E731
            undo = lambda: self._delete(title)  # noqa: E731
        else:
            label = f"Edit reason {title}"
            again = lambda: self._store(editing.title, title, body)  # noqa: E731
            undo = lambda: self._store(title, editing.title, editing.body)  # noqa: E731
        self.undo_stack.push(ServiceCommand(self.bus, label, _checked_then(change, again), undo))
        return True

    def delete(self) -> None:
        reason = self._editing
        if reason is None:
            return
        try:
            change = delete_reason(reason.id)
        except LibraryError as error:
            self.problems.setText(str(error))
            return
        self._editing = None  # nothing of it is left to keep on screen
        self.title.clear()
        self.body.clear()
        self.undo_stack.push(
            ServiceCommand(
                self.bus,
                f"Delete reason {reason.title}",
                _checked_then(change, lambda: self._delete(reason.title)),
                lambda: self._store(None, reason.title, reason.body),
            )
        )


# -- templates --------------------------------------------------------------------------


class TemplatesTab(QWidget):
    """Message templates: problems reported as you type, and a preview with a real prospect."""

    def __init__(self, bus: ChangeBus, undo_stack: QUndoStack) -> None:
        super().__init__()
        self.bus = bus
        self.undo_stack = undo_stack
        self._templates: list[TemplateInfo] = []
        self._editing: TemplateInfo | None = None
        self._focus_key: str | None = None
        self._values: dict[str, str] | None = None  # the previewed prospect's, cached
        self._values_problem = ""
        self._choices_stale = True  # the prospect picker loads when first seen

        self.template_list = QListWidget()
        self.template_list.setObjectName("templates")
        self.template_list.currentRowChanged.connect(self._switch)

        self.name = QLineEdit()
        self.name.setObjectName("templateName")
        self.kind = plain_label()
        self.subject = QLineEdit()
        self.subject.setObjectName("templateSubject")
        self.body = QPlainTextEdit()
        self.body.setObjectName("templateBody")
        self._target: QLineEdit | QPlainTextEdit = self.body  # where a placeholder goes
        for edit in (self.subject, self.body):
            edit.installEventFilter(self)
        self.problems = problem_label("templateProblems")
        self.save_action = QAction("Save template", self)
        self.save_action.setShortcut(QKeySequence.StandardKey.Save)
        self.save_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.save_action.triggered.connect(self.save)
        self.addAction(self.save_action)
        self.save_button = _button(self.save_action, "Save")
        for edit in (self.name, self.subject):
            edit.textChanged.connect(self.check)
        self.body.textChanged.connect(self.check)

        self.placeholders = QListWidget()
        self.placeholders.setObjectName("placeholders")
        self.placeholders.setToolTip("Double-click to insert at the cursor")
        for name, meaning in KNOWN_PLACEHOLDERS.items():
            item = QListWidgetItem(f"{{{name}}}  {meaning}")
            item.setData(ItemId, name)
            self.placeholders.addItem(item)
        self.placeholders.itemActivated.connect(self.insert_placeholder)

        self.picker = QComboBox()
        self.picker.setObjectName("previewProspect")
        self.picker.setEditable(True)
        self.picker.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.picker.lineEdit().setPlaceholderText("Type a prospect's name")
        completer = self.picker.completer()
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.picker.currentIndexChanged.connect(lambda _: self._prospect_chosen())
        self.preview = QPlainTextEdit()
        self.preview.setObjectName("preview")
        self.preview.setReadOnly(True)

        form = QFormLayout()
        form.addRow("&Name", self.name)
        form.addRow("Kind", self.kind)
        form.addRow("&Subject", self.subject)
        form.addRow("&Body", self.body)
        save_row = QHBoxLayout()
        save_row.addWidget(self.problems, 1)
        save_row.addWidget(self.save_button)
        editor = QWidget()
        editor_layout = QVBoxLayout(editor)
        editor_layout.setContentsMargins(0, 0, 0, 0)
        editor_layout.addLayout(form, 1)
        editor_layout.addLayout(save_row)
        side = QWidget()
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 0, 0, 0)
        side_layout.addWidget(plain_label("Placeholders (double-click to insert)"))
        side_layout.addWidget(self.placeholders, 1)
        side_layout.addWidget(plain_label("Preview with"))
        side_layout.addWidget(self.picker)
        side_layout.addWidget(self.preview, 2)
        splitter = QSplitter()
        splitter.addWidget(self.template_list)
        splitter.addWidget(editor)
        splitter.addWidget(side)
        splitter.setStretchFactor(1, 3)
        splitter.setStretchFactor(2, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)
        self.show_template(None)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        # Remember the last text field used, so a placeholder lands where the seller writes.
        if event.type() == QEvent.Type.FocusIn and watched in (self.subject, self.body):
            self._target = self.subject if watched is self.subject else self.body
        return super().eventFilter(watched, event)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt API)
        super().showEvent(event)
        if self._choices_stale:
            self.load_choices()

    # -- the list and the editor ---------------------------------------------------------

    def _typed(self) -> TemplateInfo | None:
        if self._editing is None:
            return None
        return replace(
            self._editing,
            name=self.name.text().strip() or self._editing.name,
            subject=self.subject.text(),
            body=self.body.toPlainText(),
        )

    def is_modified(self) -> bool:
        return self._editing is not None and self._typed() != self._editing

    def problems_now(self) -> list[str]:
        found = template_problems(self.subject.text()) + template_problems(self.body.toPlainText())
        return list(dict.fromkeys(found))  # the same typo in subject and body, said once

    def reload(self) -> None:
        focus, self._focus_key = self._focus_key, None
        self._templates = list_templates()
        keys = [t.key for t in self._templates]
        kept = focus or (self._editing.key if self._editing else None)
        row = keys.index(kept) if kept in keys else 0
        self.template_list.blockSignals(True)
        self.template_list.clear()
        for template in self._templates:
            item = QListWidgetItem(template.name)
            item.setData(ItemId, template.key)
            self.template_list.addItem(item)
        self.template_list.setCurrentRow(row if self._templates else -1)
        self.template_list.blockSignals(False)
        # Someone else's change must not wipe what the seller is typing.
        if focus is not None or not self.is_modified():
            self.show_template(self._templates[row] if self._templates else None)

    def show_template(self, template: TemplateInfo | None) -> None:
        self._editing = template
        for edit in (self.name, self.subject, self.body):
            edit.setEnabled(template is not None)
        self.name.setText(template.name if template else "")
        self.kind.setText(template.kind.capitalize() if template else "")
        self.subject.setText(template.subject if template else "")
        self.body.setPlainText(template.body if template else "")
        self.check()

    def _switch(self, row: int) -> None:
        wanted = self._templates[row] if 0 <= row < len(self._templates) else None
        if self.is_modified() and self._editing is not None:
            if _keep_editing(self, f"“{self._editing.name}”", self.save):
                keys = [t.key for t in self._templates]
                self.template_list.blockSignals(True)
                self.template_list.setCurrentRow(keys.index(self._editing.key))
                self.template_list.blockSignals(False)
                return
        keys = [t.key for t in self._templates]
        if wanted is not None and wanted.key in keys:
            # Saving may have reloaded the list: show the one clicked, as stored now.
            self.template_list.blockSignals(True)
            self.template_list.setCurrentRow(keys.index(wanted.key))
            self.template_list.blockSignals(False)
            wanted = self._templates[keys.index(wanted.key)]
        self.show_template(wanted)

    def check(self) -> None:
        """Problems are shown as the seller types, and a template with one cannot be saved."""
        problems = self.problems_now()
        self.problems.setText(" ".join(problems))
        self.save_action.setEnabled(not problems and self.is_modified())
        self.save_button.setEnabled(self.save_action.isEnabled())
        self.render_preview()

    def insert_placeholder(self, item: QListWidgetItem) -> None:
        text = "{" + item.data(ItemId) + "}"
        if self._target is self.subject:
            self.subject.insert(text)
        else:
            self.body.insertPlainText(text)
        self._target.setFocus(Qt.FocusReason.OtherFocusReason)

    # -- storing -------------------------------------------------------------------------

    def _store(self, template: TemplateInfo) -> Change:
        try:
            self._focus_key = template.key
            return save_template(template)
        except LibraryError as error:
            self.problems.setText(str(error))
            return Change.NOTHING

    def save(self) -> bool:
        before, after = self._editing, self._typed()
        if before is None or after is None:
            return False
        if after == before:
            return True
        try:
            change = save_template(after)
        except LibraryError as error:
            self.problems.setText(str(error))
            return False
        self._focus_key = after.key
        self.undo_stack.push(
            ServiceCommand(
                self.bus,
                f"Edit template {after.name}",
                _checked_then(change, lambda: self._store(after)),
                lambda: self._store(before),
            )
        )
        return True

    # -- the preview ---------------------------------------------------------------------

    def refresh_preview(self) -> None:
        """Prospects, their next steps or the seller's details changed."""
        if self.isVisible():
            self.load_choices()
        else:
            self._choices_stale = True  # reading thousands of names can wait until shown

    def load_choices(self) -> None:
        self._choices_stale = False
        keep = self.picker.currentData()
        choices = referrer_choices()
        self.picker.blockSignals(True)
        self.picker.clear()
        for prospect_id, label in choices:
            self.picker.addItem(label, prospect_id)
        ids = [prospect_id for prospect_id, _ in choices]
        self.picker.setCurrentIndex(ids.index(keep) if keep in ids else 0 if ids else -1)
        self.picker.blockSignals(False)
        self._prospect_chosen()

    def _prospect_chosen(self) -> None:
        prospect_id = self.picker.currentData()
        self._values, self._values_problem = None, ""
        if prospect_id is not None:
            try:
                self._values = template_values(int(prospect_id), datetime.now(UTC))
            except ProspectError as error:
                self._values_problem = str(error)
        self.render_preview()

    def render_preview(self) -> None:
        if self._editing is None:
            self.preview.clear()
            return
        if self.problems_now():
            self.preview.setPlainText("The preview appears once the problems are fixed.")
            return
        if self._values is None:
            self.preview.setPlainText(
                self._values_problem or "Add a prospect to preview this with real details."
            )
            return
        try:
            subject = render(self.subject.text(), self._values)
            body = render(self.body.toPlainText(), self._values)
        except TemplateError as error:  # checked above; kept so a preview never crashes
            self.preview.setPlainText(str(error))
            return
        self.preview.setPlainText(f"Subject: {subject}\n\n{body}" if subject.strip() else body)


# -- the page ---------------------------------------------------------------------------


class PlansPage(QWidget):
    """Plans, reasons and templates in three tabs; every edit is undoable."""

    # Prospects, next steps and settings only feed the template preview.
    REFRESH_ON = Change.PLANS | Change.SETTINGS | Change.PROSPECTS | Change.NEXT_STEPS

    def __init__(self, bus: ChangeBus, undo_stack: QUndoStack, autoload: bool = True) -> None:
        super().__init__()
        self.bus = bus
        self.undo_stack = undo_stack
        self.plans_tab = PlansTab(bus, undo_stack)
        self.reasons_tab = ReasonsTab(bus, undo_stack)
        self.templates_tab = TemplatesTab(bus, undo_stack)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("planTabs")
        self.tabs.addTab(self.plans_tab, "Plans")
        self.tabs.addTab(self.reasons_tab, "Reasons")
        self.tabs.addTab(self.templates_tab, "Templates")
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        # Opening the page puts the keyboard in the list of the tab on show.
        self._lists = (
            self.plans_tab.plan_list,
            self.reasons_tab.reason_list,
            self.templates_tab.template_list,
        )
        self.tabs.currentChanged.connect(lambda index: self.setFocusProxy(self._lists[index]))
        self.setFocusProxy(self._lists[0])
        if autoload:  # the main window loads pages when they are first shown
            self.refresh(Change.PLANS)

    def refresh(self, change: Change) -> None:
        if change & Change.PLANS:
            self.plans_tab.reload()
            self.reasons_tab.reload()
            self.templates_tab.reload()
        if change & (Change.SETTINGS | Change.PROSPECTS | Change.NEXT_STEPS):
            self.templates_tab.refresh_preview()
