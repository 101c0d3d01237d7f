"""Find duplicates: the pairs that may be one person, and a merge chosen field by field."""

from __future__ import annotations

from datetime import tzinfo
from zoneinfo import ZoneInfo

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QStyle,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from touchdesk.domain.date_text import dates
from touchdesk.domain.merge import Side
from touchdesk.domain.wording import count_of
from touchdesk.services import settings
from touchdesk.services.duplicate_search import DuplicatePair, dismiss_pair, find_duplicates
from touchdesk.services.duplicates import (
    MergeError,
    MergePreview,
    RecordHistory,
    merge_preview,
    merge_prospects,
)
from touchdesk.services.prospects import get_prospect
from touchdesk.services.undo import record
from touchdesk.ui.commands import RecordedCommand
from touchdesk.ui.events import ChangeBus
from touchdesk.ui.table_model import RowTableModel, TableColumn
from touchdesk.ui.widgets import plain_label

_SINGULAR = {
    "touches": "touch",
    "events": "event",
    "emails and phones": "email or phone",
    "tags": "tag",
    "next steps": "next step",
    "mail pieces": "mail piece",
    "referrals": "referral",
}


# A value longer than this is cut in the dialog (the whole of it is in the tooltip): a page of
# notes in a radio button would make the dialog wider than the screen.
SHOWN_CHARS = 60


def _shown(value: str) -> str:
    lines = value.strip().splitlines()
    if not lines:
        return "(empty)"
    text = lines[0].strip()
    if len(text) > SHOWN_CHARS or len(lines) > 1:
        text = text[: SHOWN_CHARS - 1].rstrip() + "…"
    return text


def _mnemonic_free(text: str) -> str:
    """A button shows '&' literally only doubled: 'Whitfield & Sons' read 'Whitfield _Sons'."""
    return text.replace("&", "&&")


def _heading(text: str) -> QLabel:
    label = plain_label(text)
    font = label.font()
    font.setBold(True)
    label.setFont(font)
    return label


def history_text(history: RecordHistory, zone: tzinfo) -> str:
    """'Added Mar 4, 2026 · 5 touches, the last Nov 12, 2026': days in the seller's zone."""
    added = f"Added {dates().date(history.created_at.astimezone(zone))}"
    if not history.touches:
        return f"{added} · no touches yet"
    count = f"{history.touches} touch{'es' if history.touches != 1 else ''}"
    if history.last_touch_at is None:
        return f"{added} · {count}"
    return f"{added} · {count}, the last {dates().date(history.last_touch_at.astimezone(zone))}"


class MergeDialog(QDialog):
    """Both records side by side; a radio per field says which value the kept record gets."""

    def __init__(self, preview: MergePreview, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.preview = preview
        self.setWindowTitle(f"Merge {preview.other_name} into {preview.keep_name}")
        grid = QGridLayout()
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(2, 1)
        grid.addWidget(_heading(f"Keep: {preview.keep_name}"), 0, 1)
        grid.addWidget(_heading(f"Merge in: {preview.other_name}"), 0, 2)
        # When each was added and what happened on it: which is the real record, at a glance.
        grid.addWidget(plain_label("History"), 1, 0)
        zone = ZoneInfo(settings.get("time_zone"))
        for column, (history, side) in enumerate(
            ((preview.keep_history, Side.KEEP), (preview.other_history, Side.OTHER)), start=1
        ):
            label = plain_label(history_text(history, zone) if history else "")
            label.setObjectName(f"history-{side.value}")
            label.setIndent(self._indicator_indent())
            grid.addWidget(label, 1, column)
        self.groups: dict[str, QButtonGroup] = {}
        for row, choice in enumerate(preview.fields, start=2):
            if choice.field == "notes":
                # Notes are never lost: both are kept, one after the other.
                grid.addWidget(plain_label("Notes (both kept)"), row, 0)
                indent = self._indicator_indent()
                for column, value in ((1, choice.keep_value), (2, choice.other_value)):
                    note = plain_label(_shown(value))
                    note.setIndent(indent)
                    note.setToolTip(value.strip())
                    note.setObjectName(f"notes-{'keep' if column == 1 else 'other'}")
                    grid.addWidget(note, row, column)
                continue
            grid.addWidget(plain_label(choice.label), row, 0)
            group = QButtonGroup(self)
            for column, (side, value) in enumerate(
                ((Side.KEEP, choice.keep_value), (Side.OTHER, choice.other_value)), start=1
            ):
                button = QRadioButton(_mnemonic_free(_shown(value)))
                button.setToolTip(value.strip())
                button.setObjectName(f"{choice.field}-{side.value}")
                button.setChecked(side is choice.default)
                # The same value on both sides is no choice at all.
                button.setEnabled(choice.keep_value != choice.other_value)
                group.addButton(button, column)
                grid.addWidget(button, row, column)
            self.groups[choice.field] = group
        step_row = len(preview.fields) + 2
        self.step_group = QButtonGroup(self)
        if preview.both_have_next_step:
            grid.addWidget(plain_label("Next step (one stays)"), step_row, 0)
            steps = ((1, Side.KEEP, preview.keep_step), (2, Side.OTHER, preview.other_step))
            for column, side, text in steps:
                button = QRadioButton(_mnemonic_free(_shown(text)))
                button.setToolTip(f"{text}\n(the other is cancelled and stays in the history)")
                button.setObjectName(f"step-{side.value}")
                button.setChecked(side is Side.KEEP)
                self.step_group.addButton(button, column)
                grid.addWidget(button, step_row, column)
        moving = ", ".join(
            f"{count} {kind if count != 1 else _SINGULAR.get(kind, kind)}"
            for kind, count in preview.moving.items()
            if count
        )
        summary = plain_label(
            f"Comes over from {preview.other_name}: {moving or 'nothing but the fields above'}. "
            f"{preview.other_name} goes to the trash; everything stays on one timeline, and "
            "Undo (Ctrl+Z) separates them again."
        )
        summary.setWordWrap(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.merge_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.merge_button.setText("&Merge")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(grid)
        layout.addWidget(summary)
        layout.addWidget(buttons)

    def _indicator_indent(self) -> int:
        """Text lined up with the radio buttons' text above and below it."""
        style = self.style()
        return style.pixelMetric(QStyle.PixelMetric.PM_ExclusiveIndicatorWidth) + style.pixelMetric(
            QStyle.PixelMetric.PM_RadioButtonLabelSpacing
        )

    def choices(self) -> dict[str, Side]:
        return {
            name: Side.KEEP if group.checkedId() == 1 else Side.OTHER
            for name, group in self.groups.items()
        }

    def step_from(self) -> Side:
        return Side.OTHER if self.step_group.checkedId() == 2 else Side.KEEP


def _sentence(text: str) -> str:
    """A full stop, unless the text ends with one already ('… Harbor Analytics Inc.')."""
    return text if text.endswith(".") else f"{text}."


def _with_touches(name: str, touches: int) -> str:
    """The history each side has helps choose which record to keep."""
    if not touches:
        return name
    return f"{name} · {count_of(touches, 'touch')}"


class DuplicatesDialog(QDialog):
    """The pairs, strongest first; merge one (the first named is kept) or dismiss it."""

    def __init__(
        self,
        bus: ChangeBus,
        undo_stack: QUndoStack,
        parent: QWidget | None = None,
        prospect_id: int | None = None,
        prospect_name: str = "",
    ):
        super().__init__(parent)
        self.bus = bus
        self.undo_stack = undo_stack
        self.prospect_id = prospect_id  # only the pairs of this prospect
        self.prospect_name = prospect_name
        self.merged: dict[int, int] = {}  # merged-away id -> the id it lives on as
        self.last_action = ""  # what the last merge or dismissal did, said above the buttons
        self.setWindowTitle(
            f"Duplicates of {prospect_name}" if prospect_id is not None else "Find duplicates"
        )
        self.resize(980, 440)
        self.model: RowTableModel[DuplicatePair] = RowTableModel(
            [
                TableColumn("Keep", lambda p: _with_touches(p.first_name, p.first_touches)),
                TableColumn("Merge in", lambda p: _with_touches(p.second_name, p.second_touches)),
                TableColumn("Why", lambda p: p.why),
            ]
        )
        self.table = QTableView()
        self.table.setTabKeyNavigation(False)
        self.table.setObjectName("pairs")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.table.setWordWrap(False)  # one line a pair; a long name is elided
        self.table.doubleClicked.connect(lambda _: self.merge_current())
        self.status = plain_label()
        self.merge_button = QPushButton("&Merge…")
        self.swap_button = QPushButton("&Swap (keep the other)")
        self.dismiss_button = QPushButton("&Not the same person")
        self.merge_button.clicked.connect(self.merge_current)
        self.swap_button.clicked.connect(lambda: self.merge_current(swap=True))
        self.dismiss_button.clicked.connect(self.dismiss_current)
        # The window's Undo does not reach into this modal dialog: it has its own. Keys are
        # actions on the dialog, so they work wherever the focus is in it.
        self.undo_button = QPushButton("&Undo")
        self.undo_button.clicked.connect(self.undo)
        for keys, slot in ((QKeySequence.StandardKey.Undo, self.undo),
                           (QKeySequence.StandardKey.Delete, self.dismiss_current)):  # fmt: skip
            action = QAction(self)
            action.setShortcut(keys)
            action.triggered.connect(slot)
            self.addAction(action)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        row = QHBoxLayout()
        for button in (self.merge_button, self.swap_button, self.dismiss_button):
            row.addWidget(button)
        row.addStretch()
        row.addWidget(self.undo_button)
        row.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.status)
        layout.addLayout(row)
        self.reload()

    def reload(self) -> None:
        self.model.set_rows(find_duplicates(self.prospect_id))
        count = self.model.rowCount()
        if count:
            found = f"{count_of(count, 'possible duplicate')}."
        elif self.prospect_id is not None:
            found = f"No other record looks like {self.prospect_name}."
        else:
            found = "No possible duplicates: every prospect looks like one person."
        self.status.setText(f"{self.last_action} {found}" if self.last_action else found)
        for button in (self.merge_button, self.swap_button, self.dismiss_button):
            button.setEnabled(count > 0)
        self.undo_button.setEnabled(self.undo_stack.canUndo())
        self.undo_button.setToolTip(self.undo_stack.undoText())
        if count:
            self.table.selectRow(0)
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)

    def current(self) -> DuplicatePair | None:
        return self.model.row_value(self.table.currentIndex().row())

    def merge_current(self, swap: bool = False) -> None:
        pair = self.current()
        if pair is None:
            return
        keep, other = (pair.second_id, pair.first_id) if swap else (pair.first_id, pair.second_id)
        try:
            dialog = MergeDialog(merge_preview(keep, other), self)
        except MergeError as error:
            QMessageBox.information(self, "Merge", str(error))
            return
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        choices, step_from = dialog.choices(), dialog.step_from()
        try:
            (_, change), entry = record(lambda: merge_prospects(keep, other, choices, step_from))
        except MergeError as error:
            QMessageBox.information(self, "Merge", str(error))
            return
        self.merged[other] = keep
        self.last_action = _sentence(
            f"Merged {dialog.preview.other_name} into {dialog.preview.keep_name}"
        )
        self.undo_stack.push(
            RecordedCommand.done(
                self.bus,
                f"Merge {dialog.preview.other_name} into {dialog.preview.keep_name}",
                entry,
                change,
            )
        )
        self.reload()

    def dismiss_current(self) -> None:
        pair = self.current()
        if pair is None:
            return
        first, second = pair.first_id, pair.second_id
        self.last_action = f"Kept apart: {pair.first_name} and {pair.second_name}."
        self.undo_stack.push(
            RecordedCommand(
                self.bus,
                f"Not duplicates: {pair.first_name} and {pair.second_name}",
                lambda: dismiss_pair(first, second),
            )
        )
        self.reload()

    def undo(self) -> None:
        if not self.undo_stack.canUndo():
            return
        self.last_action = _sentence(f"Undone: {self.undo_stack.undoText()}")
        self.undo_stack.undo()
        # A merge taken back leaves its record out of the trash again.
        self.merged = {
            other: keep for other, keep in self.merged.items() if get_prospect(other).in_trash
        }
        self.reload()
