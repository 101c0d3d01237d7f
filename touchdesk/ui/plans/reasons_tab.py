"""The reasons and smart questions tabs: the library, editable, each item tied to a stage or
to any stage."""

from __future__ import annotations

from typing import Protocol

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence, QUndoStack
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from touchdesk.domain.vocabulary import StageOutcome
from touchdesk.services.changes import Change
from touchdesk.services.library import (
    LibraryError,
    delete_question,
    delete_reason,
    list_questions,
    list_reasons,
    save_question,
    save_reason,
)
from touchdesk.services.stages import list_stages
from touchdesk.services.undo import UndoEntry, record
from touchdesk.ui.events import ChangeBus
from touchdesk.ui.plans.common import (
    ItemId,
    action_button,
    keep_editing,
    problem_label,
    push_focused,
)


class LibraryItem(Protocol):
    @property
    def id(self) -> int: ...
    @property
    def title(self) -> str: ...
    @property
    def body(self) -> str: ...
    @property
    def stage_id(self) -> int | None: ...


ANY_STAGE = "Any stage"


class ReasonsTab(QWidget):
    """The reasons library: valid reasons to get in touch, so no follow-up is 'any news?'."""

    NOUN = "reason"
    TITLE_HINT = "e.g. A pricing update"
    BODY_HINT = "What to say or send, so the touch brings something new"

    def list_items(self) -> list[LibraryItem]:
        return list_reasons()

    def save_item(self, item_id: int | None, title: str, body: str, stage: int | None) -> Change:
        return save_reason(item_id, title, body, stage)

    def delete_item(self, item_id: int) -> Change:
        return delete_reason(item_id)

    def __init__(self, bus: ChangeBus, undo_stack: QUndoStack) -> None:
        super().__init__()
        self.bus = bus
        self.undo_stack = undo_stack
        self._reasons: list[LibraryItem] = []
        self._editing: LibraryItem | None = None  # None: a new one being written
        self._focus_title: str | None = None

        self.reason_list = QListWidget()
        self.reason_list.setObjectName(f"{self.NOUN}s")
        self.reason_list.currentRowChanged.connect(self._switch)
        self.new_button = QPushButton(f"New {self.NOUN}")
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
        self.title.setObjectName(f"{self.NOUN}Title")
        self.title.setPlaceholderText(self.TITLE_HINT)
        self.body = QPlainTextEdit()
        self.body.setObjectName(f"{self.NOUN}Body")
        self.body.setPlaceholderText(self.BODY_HINT)
        # Material that fits the stage: the next-step prompt offers the stage's own first.
        self.stage = QComboBox()
        self.stage.setObjectName(f"{self.NOUN}Stage")
        self.stage.setToolTip("The next-step prompt offers it first for prospects in this stage")
        self._fill_stages()
        self.save_action = QAction(f"Save {self.NOUN}", self)
        self.save_action.setShortcut(QKeySequence.StandardKey.Save)
        self.save_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.save_action.triggered.connect(self.save)
        self.addAction(self.save_action)
        self.save_button = action_button(self.save_action, "Save")
        self.problems = problem_label(f"{self.NOUN}Problems")
        self.title.textChanged.connect(self._update_buttons)
        self.body.textChanged.connect(self._update_buttons)
        self.stage.currentIndexChanged.connect(self._update_buttons)

        right = QWidget()
        form = QFormLayout(right)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow("&Title", self.title)
        form.addRow("&Body", self.body)
        form.addRow("S&tage", self.stage)
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

    def _fill_stages(self) -> None:
        """Any stage, then the open stages in board order (Won and Lost need no follow-up)."""
        chosen = self.stage.currentData()
        self.stage.blockSignals(True)
        self.stage.clear()
        self.stage.addItem(ANY_STAGE, None)
        for stage in list_stages():
            if stage.outcome is StageOutcome.OPEN:
                self.stage.addItem(stage.name, stage.id)
        self.stage.setCurrentIndex(max(self.stage.findData(chosen), 0))
        self.stage.blockSignals(False)

    def _show_stage(self, stage_id: int | None) -> None:
        self.stage.blockSignals(True)
        self.stage.setCurrentIndex(max(self.stage.findData(stage_id), 0))
        self.stage.blockSignals(False)

    def _typed(self) -> tuple[str, str, int | None]:
        title = " ".join(self.title.text().split())
        return title, self.body.toPlainText().strip(), self.stage.currentData()

    def is_modified(self) -> bool:
        item = self._editing
        stored = (item.title, item.body, item.stage_id) if item else ("", "", None)
        return self._typed() != stored

    def _update_buttons(self) -> None:
        self.save_action.setEnabled(self.is_modified() and bool(self._typed()[0]))
        self.save_button.setEnabled(self.save_action.isEnabled())
        self.delete_button.setEnabled(self._editing is not None)

    def reload(self) -> None:
        focus, self._focus_title = self._focus_title, None
        self._fill_stages()
        self._reasons = self.list_items()
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

    def _row_of(self, reason: LibraryItem | None) -> int:
        ids = [r.id for r in self._reasons]
        return ids.index(reason.id) if reason is not None and reason.id in ids else -1

    def show_reason(self, reason: LibraryItem | None) -> None:
        self._editing = reason
        self.title.setText(reason.title if reason else "")
        self.body.setPlainText(reason.body if reason else "")
        self._show_stage(reason.stage_id if reason else None)
        self.problems.clear()
        self._update_buttons()

    def _leave_ok(self) -> bool:
        if not self.is_modified():
            return True
        what = f"“{self._editing.title}”" if self._editing else f"the new {self.NOUN}"
        return not keep_editing(self, what, self.save)

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
        self._focus_title = shown

    def save(self) -> bool:
        title, body, stage = self._typed()
        editing = self._editing
        try:
            change, entry = record(
                lambda: self.save_item(editing.id if editing else None, title, body, stage)
            )
        except LibraryError as error:
            self.problems.setText(str(error))
            return False
        self._focus_title = title
        if editing is None:
            self._push(f"Add {self.NOUN} {title}", entry, change, None, title)
        else:
            self._push(f"Edit {self.NOUN} {title}", entry, change, editing.title, title)
        return True

    def delete(self) -> None:
        reason = self._editing
        if reason is None:
            return
        try:
            change, entry = record(lambda: self.delete_item(reason.id))
        except LibraryError as error:
            self.problems.setText(str(error))
            return
        self._editing = None  # nothing of it is left to keep on screen
        self.title.clear()
        self.body.clear()
        self._push(f"Delete {self.NOUN} {reason.title}", entry, change, reason.title, None)


class QuestionsTab(ReasonsTab):
    """Smart questions: ones that open a real conversation and show you know their problem."""

    NOUN = "question"
    TITLE_HINT = "e.g. Who else will weigh in on this?"
    BODY_HINT = "Why it helps, or how to ask it"

    def list_items(self) -> list[LibraryItem]:
        return list_questions()

    def save_item(self, item_id: int | None, title: str, body: str, stage: int | None) -> Change:
        return save_question(item_id, title, body, stage)

    def delete_item(self, item_id: int) -> Change:
        return delete_question(item_id)
