"""The reasons library tab: reasons to get in touch, editable."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence, QUndoStack
from PySide6.QtWidgets import (
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

from touchdesk.services.changes import Change
from touchdesk.services.library import (
    LibraryError,
    ReasonInfo,
    delete_reason,
    list_reasons,
    save_reason,
)
from touchdesk.services.undo import UndoEntry, record
from touchdesk.ui.commands import RecordedCommand
from touchdesk.ui.events import ChangeBus
from touchdesk.ui.plans.common import (
    ItemId,
    action_button,
    keep_editing,
    problem_label,
)


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
        self.save_button = action_button(self.save_action, "Save")
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
        """The stored edit as one undo step; undo and redo show the reason they touched."""

        def show(title: str | None) -> Callable[[], None]:
            def focus() -> None:
                self._focus_title = title

            return focus

        self.undo_stack.push(
            RecordedCommand.done(self.bus, label, entry, change, show(undo_shows), show(redo_shows))
        )

    def save(self) -> bool:
        title, body = self._typed()
        editing = self._editing
        try:
            change, entry = record(
                lambda: save_reason(editing.id if editing else None, title, body)
            )
        except LibraryError as error:
            self.problems.setText(str(error))
            return False
        self._focus_title = title
        if editing is None:
            self._push(f"Add reason {title}", entry, change, None, title)
        else:
            self._push(f"Edit reason {title}", entry, change, editing.title, title)
        return True

    def delete(self) -> None:
        reason = self._editing
        if reason is None:
            return
        try:
            change, entry = record(lambda: delete_reason(reason.id))
        except LibraryError as error:
            self.problems.setText(str(error))
            return
        self._editing = None  # nothing of it is left to keep on screen
        self.title.clear()
        self.body.clear()
        self._push(f"Delete reason {reason.title}", entry, change, reason.title, None)
