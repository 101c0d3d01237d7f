"""Choose a follow-up plan for one or more prospects, and say what applying it did."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from touchdesk.domain.plans import PlanInfo
from touchdesk.domain.wording import count_of
from touchdesk.services.library import list_templates
from touchdesk.services.plans import ApplyResult, list_plans, run_state
from touchdesk.services.prospects import ProspectError, get_prospect
from touchdesk.ui.plans.common import step_model, step_rows, steps_view
from touchdesk.ui.widgets import plain_label

ItemId = Qt.ItemDataRole.UserRole


def _name(prospect_id: int) -> str:
    try:
        return get_prospect(prospect_id).name
    except ProspectError:
        return f"Prospect #{prospect_id}"


def _prospects(n: int) -> str:
    return count_of(n, "prospect")


def summary_text(result: ApplyResult, plan_name: str = "") -> str:
    """'No answer applied to 2 prospects.' then each skipped prospect with the reason, and
    each one the plan would email past the stop rule."""
    plan = plan_name or "The plan"
    if result.applied:
        lines = [f"{plan} applied to {_prospects(len(result.applied))}."]
    else:
        lines = [f"{plan} was not applied to anyone."]
    if result.skipped:
        lines.append(f"Skipped {_prospects(len(result.skipped))}:")
        lines.extend(f"· {_name(pid)}: {why}" for pid, why in result.skipped)
    if result.email_warnings:
        lines.append(f"Past the email stop rule for {_prospects(len(result.email_warnings))}:")
        lines.extend(f"· {_name(pid)}: {why}" for pid, why in result.email_warnings)
    return "\n".join(lines)


class ApplyPlanDialog(QDialog):
    """Pick a plan, seeing its steps; the caller applies it to `prospect_ids` on OK.

    Applying is not undoable (it replaces next steps and stops running plans), so this
    dialog only chooses: `plan_id` and `plan_name` say what was chosen.
    """

    def __init__(self, prospect_ids: Sequence[int], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.prospect_ids = list(prospect_ids)
        self.plan_id: int | None = None
        self.plan_name = ""
        self._plans: list[PlanInfo] = list_plans()
        self._template_names = {t.key: t.name for t in list_templates()}
        whom = (
            _name(self.prospect_ids[0])
            if len(self.prospect_ids) == 1
            else _prospects(len(self.prospect_ids))
        )
        self.setWindowTitle(f"Apply a plan — {whom}")

        self.plan_list = QListWidget()
        self.plan_list.setObjectName("applyPlans")
        for plan in self._plans:
            item = QListWidgetItem(plan.spec.name)
            item.setData(ItemId, plan.id)
            item.setToolTip(plan.spec.description)
            self.plan_list.addItem(item)
        self.plan_list.currentRowChanged.connect(lambda _: self._show_plan())
        self.plan_list.itemDoubleClicked.connect(lambda _: self.accept())
        self.description = plain_label()
        self.description.setWordWrap(True)
        self.description.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        # A seller's own description can run to pages: it scrolls in a few lines' height, so
        # the dialog fits a 1024×640 screen whatever the plan says.
        about = QScrollArea()
        about.setObjectName("applyDescription")
        about.setWidgetResizable(True)
        about.setFrameShape(QScrollArea.Shape.NoFrame)
        about.setWidget(self.description)
        about.setMaximumHeight(self.fontMetrics().lineSpacing() * 5 + 6)
        about.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.model = step_model()
        self.steps = steps_view(self.model, "applySteps")
        self.steps.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.note = plain_label(self._switch_note())
        self.note.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText("Apply")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        right = QVBoxLayout()
        right.addWidget(about)
        right.addWidget(self.steps, 1)
        body = QHBoxLayout()
        body.addWidget(self.plan_list, 1)
        body.addLayout(right, 3)
        layout = QVBoxLayout(self)
        layout.addWidget(plain_label(f"Schedule the first step of a plan for {whom}."))
        layout.addLayout(body, 1)
        layout.addWidget(self.note)
        layout.addWidget(self.buttons)
        self.resize(860, 420)
        if self._plans:
            self.plan_list.setCurrentRow(0)
        self._show_plan()
        self.plan_list.setFocus()

    def _switch_note(self) -> str:
        following = sum(1 for pid in self.prospect_ids if run_state(pid) is not None)
        if not following:
            return ""
        if len(self.prospect_ids) == 1:
            who = f"{_name(self.prospect_ids[0])} follows"
        elif following == 1:
            who = "One of them follows"
        else:
            who = f"{following} of them follow"
        return f"{who} a plan already; it stops and this one takes over."

    def current(self) -> PlanInfo | None:
        row = self.plan_list.currentRow()
        return self._plans[row] if 0 <= row < len(self._plans) else None

    def _show_plan(self) -> None:
        plan = self.current()
        self.ok_button.setEnabled(plan is not None)
        self.description.setText(plan.spec.description if plan else "")
        self.model.set_rows(step_rows(plan.spec.steps, self._template_names) if plan else [])
        self.steps.fit_columns()

    def accept(self) -> None:
        plan = self.current()
        if plan is None:
            return
        self.plan_id, self.plan_name = plan.id, plan.spec.name
        super().accept()


class SummaryDialog(QDialog):
    """What applying did: the first line said plainly, the skipped and warned prospects in a
    list that scrolls (a message box grew taller than the screen past about twenty names)."""

    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Plan applied")
        headline, _, rest = text.partition("\n")
        self.headline = plain_label(headline)
        self.headline.setWordWrap(True)
        self.details = QPlainTextEdit(rest)
        self.details.setObjectName("applySummary")
        self.details.setReadOnly(True)
        self.details.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        lines = max(min(rest.count("\n") + 2, 16), 3)
        self.details.setFixedHeight(self.fontMetrics().lineSpacing() * lines + 12)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
        buttons.accepted.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(self.headline)
        layout.addWidget(self.details)
        layout.addWidget(buttons)
        self.resize(640, self.sizeHint().height())
