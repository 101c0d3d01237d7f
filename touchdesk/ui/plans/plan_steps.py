"""The chosen plan's steps: the table, its keys and buttons, and adding, editing and moving."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from touchdesk.domain.plans import PlanInfo, PlanSpec, PlanStepSpec
from touchdesk.domain.timing import rule_for
from touchdesk.domain.vocabulary import Channel
from touchdesk.services.library import list_reasons, list_templates
from touchdesk.ui.plans.common import (
    action_button,
    shortcut_action,
    step_model,
    step_rows,
    steps_view,
)
from touchdesk.ui.plans.step_dialog import StepDialog
from touchdesk.ui.widgets import plain_label

# Stores `spec` as the current plan under an undo label, then selects the step row given;
# returns the seller's problem when the edit is refused, else "".
SavePlan = Callable[[str, PlanSpec, int], str]


class PlanStepsEditor(QWidget):
    """Every change is a whole new spec handed to `save`: the plan tab stores it, undoably."""

    def __init__(
        self,
        current: Callable[[], PlanInfo | None],
        save: SavePlan,
        show_problem: Callable[[str], None],
    ) -> None:
        super().__init__()
        self._current = current
        self._save = save
        self._show_problem = show_problem

        self.model = step_model()
        self.view = steps_view(self.model, "steps")
        self.view.doubleClicked.connect(lambda _: self.edit_step())
        self.add_action = shortcut_action(self.view, "Add step", ["Insert"], self.add_step)
        self.edit_action = shortcut_action(
            self.view, "Edit step", ["Return", "Enter"], self.edit_step
        )
        self.remove_action = shortcut_action(self.view, "Remove step", ["Delete"], self.remove)
        self.up_action = shortcut_action(self.view, "Move up", ["Ctrl+Up"], self.move_up)
        self.down_action = shortcut_action(self.view, "Move down", ["Ctrl+Down"], self.move_down)
        self.add_button = action_button(self.add_action, "Add step…")
        self.edit_button = action_button(self.edit_action, "Edit…")
        self.remove_button = action_button(self.remove_action, "Remove")
        self.up_button = action_button(self.up_action, "Move up")
        self.down_button = action_button(self.down_action, "Move down")
        buttons = QHBoxLayout()
        buttons.addWidget(plain_label("Steps"))
        buttons.addStretch()
        for button in (
            self.add_button,
            self.edit_button,
            self.remove_button,
            self.up_button,
            self.down_button,
        ):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(buttons)
        layout.addWidget(self.view, 1)

    # -- showing -------------------------------------------------------------------------

    def current_row(self) -> int:
        return self.view.currentIndex().row()

    def show_steps(self, steps: tuple[PlanStepSpec, ...], template_names: dict[str, str]) -> None:
        self.model.set_rows(step_rows(steps, template_names))
        self.view.fit_columns()

    def clear(self) -> None:
        self.model.set_rows([])

    def select(self, row: int) -> None:
        if self.model.rowCount():
            self.view.selectRow(max(0, min(row, self.model.rowCount() - 1)))

    # -- editing -------------------------------------------------------------------------

    def _steps(self) -> list[PlanStepSpec]:
        info = self._current()
        return list(info.spec.steps) if info else []

    def _save_or_show(self, label: str, spec: PlanSpec, step_row: int) -> None:
        problem = self._save(label, spec, step_row)
        if problem:
            self._show_problem(problem)

    def _step_dialog(self, title: str, step: PlanStepSpec, check) -> None:
        dialog = StepDialog(
            step, [r.title for r in list_reasons()], list_templates(), check, title, self
        )
        dialog.exec()
        dialog.deleteLater()  # one per opening: not kept alive by its parent
        self.view.setFocus()

    def add_step(self) -> None:
        info = self._current()
        if info is None:
            return
        steps = self._steps()
        row = self.current_row()
        at = row + 1 if 0 <= row < len(steps) else len(steps)
        like = steps[at - 1] if at > 0 else None
        channel = like.channel if like else Channel.CALL
        draft = PlanStepSpec(2 if like else 0, channel, "", rule_for(channel))

        def check(step: PlanStepSpec) -> str:
            plan = self._current()
            if plan is None:
                return "The plan is gone."
            new = self._steps()
            new.insert(at, step)
            label = f"Add step {at + 1} to {plan.spec.name}"
            return self._save(label, replace(plan.spec, steps=tuple(new)), at)

        self._step_dialog(f"Add step {at + 1} — {info.spec.name}", draft, check)

    def edit_step(self) -> None:
        info = self._current()
        row = self.current_row()
        steps = self._steps()
        if info is None or not 0 <= row < len(steps):
            return

        def check(step: PlanStepSpec) -> str:
            plan = self._current()
            if plan is None:
                return "The plan is gone."
            new = self._steps()
            new[row] = step
            label = f"Edit step {row + 1} of {plan.spec.name}"
            return self._save(label, replace(plan.spec, steps=tuple(new)), row)

        self._step_dialog(f"Step {row + 1} — {info.spec.name}", steps[row], check)

    def remove(self) -> None:
        info = self._current()
        row = self.current_row()
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
        info = self._current()
        row = self.current_row()
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
