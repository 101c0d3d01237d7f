"""Pieces the plan, reason and template editors share: step rows, problem labels, shortcuts."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence, QUndoStack
from PySide6.QtWidgets import (
    QLabel,
    QMessageBox,
    QPushButton,
    QWidget,
)

from touchdesk.domain.plans import OffsetFrom, PlanStepSpec
from touchdesk.domain.wording import count_of
from touchdesk.services.changes import Change
from touchdesk.services.undo import UndoEntry
from touchdesk.ui.commands import RecordedCommand
from touchdesk.ui.events import ChangeBus
from touchdesk.ui.fitted_table import FittedTable
from touchdesk.ui.state_colours import State, tint
from touchdesk.ui.table_model import RowTableModel, TableColumn
from touchdesk.ui.widgets import plain_label

ItemId = Qt.ItemDataRole.UserRole

OFFSETS = (OffsetFrom.PREVIOUS, OffsetFrom.START)
OFFSET_LABELS = {
    OffsetFrom.PREVIOUS: "days after the previous step",
    OffsetFrom.START: "days from the plan's start",
}


def when_text(step: PlanStepSpec, first: bool = False) -> str:
    """'+2 days after previous' or 'day 7 from start': when the step falls, in words."""
    days = step.day_offset
    # The first step's "previous" is the day the plan was applied: both read as the start.
    if step.offset_from is OffsetFrom.START or first:
        return "at the start" if days == 0 else f"day {days} from start"
    return "same day as previous" if days == 0 else f"+{count_of(days, 'day')} after previous"


def channel_text(step: PlanStepSpec) -> str:
    """'Call' or 'Call, twice' (two attempts a few minutes apart)."""
    return f"{step.channel.label}, twice" if step.twice else step.channel.label


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
    TableColumn("Channel", lambda r: channel_text(r.step)),
    TableColumn("Purpose", lambda r: r.step.purpose),
    TableColumn("Timing", lambda r: r.step.timing.label),
    TableColumn("Template", lambda r: r.template),
)


def step_model() -> RowTableModel[StepRow]:
    return RowTableModel(STEP_COLUMNS)


def steps_view(model: RowTableModel[StepRow], name: str) -> FittedTable:
    """The steps of a plan; purpose, timing and template elide on a narrow window instead of
    scrolling sideways (call fit_columns after the rows change)."""
    view = FittedTable(elastic={3, 4, 5})
    view.setObjectName(name)
    view.setModel(model)
    view.verticalHeader().setDefaultSectionSize(26)
    return view


def problem_label(name: str) -> QLabel:
    label = plain_label()
    label.setObjectName(name)
    tint(label, State.PROBLEM)
    label.setWordWrap(True)
    return label


def keep_editing(parent: QWidget, what: str, save: Callable[[], bool]) -> bool:
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


def shortcut_action(
    parent: QWidget, text: str, keys: Sequence[str], slot: Callable[[], object]
) -> QAction:
    action = QAction(text, parent)
    action.setShortcuts([QKeySequence(key) for key in keys])
    action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
    action.triggered.connect(slot)
    parent.addAction(action)
    return action


def action_button(action: QAction, text: str) -> QPushButton:
    button = QPushButton(text)
    keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
    button.setToolTip(f"{text} ({keys})" if keys else text)
    # The keyboard stays in the table or the editor; the shortcut is the keyboard's way.
    button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    button.clicked.connect(action.trigger)
    return button


def push_focused(
    stack: QUndoStack,
    bus: ChangeBus,
    label: str,
    entry: UndoEntry,
    change: Change,
    focus: Callable[[str | None], None],
    undo_shows: str | None,
    redo_shows: str | None,
) -> None:
    """A stored library edit as one undo step; after undo and redo the tab shows the item it
    touched (`focus` remembers it for the reload that the change triggers)."""
    stack.push(
        RecordedCommand.done(
            bus, label, entry, change, lambda: focus(undo_shows), lambda: focus(redo_shows)
        )
    )
