"""The mail desk: notes, cards, letters and gifts to write and post, by status and due date."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QBrush, QKeySequence, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from touchdesk.domain.date_text import dates
from touchdesk.domain.mail import MailRow
from touchdesk.domain.vocabulary import MailStatus
from touchdesk.services.changes import Change
from touchdesk.services.mail_queue import list_tasks
from touchdesk.ui.empty_state import EmptyState
from touchdesk.ui.events import ChangeBus
from touchdesk.ui.fitted_table import FittedTable
from touchdesk.ui.mail.flows import MailFlows
from touchdesk.ui.state_colours import State, state_colour, tint
from touchdesk.ui.table_model import RowTableModel, TableColumn
from touchdesk.ui.widgets import action_button, plain_label

OPEN = (MailStatus.QUEUED, MailStatus.WRITTEN)
FILTERS: tuple[tuple[str, tuple[MailStatus, ...] | None], ...] = (
    ("To do (queued and written)", OPEN),
    ("Queued", (MailStatus.QUEUED,)),
    ("Written, not mailed", (MailStatus.WRITTEN,)),
    ("Mailed", (MailStatus.MAILED,)),
    ("Cancelled", (MailStatus.CANCELLED,)),
    ("All", None),
)


def _due(row: MailRow) -> str:
    return dates().day(row.due_on) if row.due_on else ""


def _status(row: MailRow) -> str:
    if row.status is MailStatus.MAILED and row.mailed_at:
        return f"Mailed {dates().short_day(row.mailed_at)}"
    return row.status.label


def _address(row: MailRow) -> str:
    if row.problems:
        return "⚠ " + "; ".join(row.problems)
    # Japanese addresses keep the prefecture in the region and the ward in the street.
    parts = (row.address.city or row.address.region, row.address.country_code)
    return ", ".join(part for part in parts if part)


COLUMNS: list[TableColumn[MailRow]] = [
    TableColumn("Due", _due),
    TableColumn("Status", _status),
    TableColumn("Kind", lambda r: r.kind.label),
    TableColumn("For", lambda r: r.prospect_name),
    TableColumn("Occasion", lambda r: r.occasion),
    TableColumn("Envelope", lambda r: r.envelope.upper()),
    TableColumn("Address", _address),
    TableColumn("Message", lambda r: " ".join(r.message.split())),
]
ADDRESS_COLUMN = 6


class MailModel(RowTableModel[MailRow]):
    """Overdue work in red; an address that would be left out of printing shaded."""

    def __init__(self) -> None:
        super().__init__(COLUMNS)
        self.today = date.today()

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        row = self.row_value(index.row()) if index.isValid() else None
        if row is not None:
            if role == Qt.ItemDataRole.ForegroundRole and row.overdue(self.today):
                return QBrush(state_colour(State.OVERDUE))
            if role == Qt.ItemDataRole.BackgroundRole and row.problems and row.status in OPEN:
                return QBrush(state_colour(State.FLAGGED))
            if role == Qt.ItemDataRole.ToolTipRole and index.column() == ADDRESS_COLUMN:
                return _tooltip(row)
        return super().data(index, role)


def _tooltip(row: MailRow) -> str:
    lines = [row.address.name, row.address.company, row.address.street, row.address.street2,
             " ".join(p for p in (row.address.postal_code, row.address.city) if p),
             row.address.region, row.address.country_code]  # fmt: skip
    text = "\n".join(line for line in lines if line)
    if row.problems:
        text += "\n\nCannot print an envelope or label yet:\n" + "\n".join(row.problems)
    return text


class MailPage(QWidget):
    REFRESH_ON = Change.MAIL | Change.PROSPECTS
    open_prospect = Signal(int)
    board_requested = Signal()  # the empty desk's way to where mail is queued

    NOTHING_TO_DO = "Nothing to write or post: queue a card or a note from the Board."

    def __init__(self, bus: ChangeBus, undo_stack: QUndoStack, tell, autoload: bool = True):
        super().__init__()
        self.bus = bus
        self.tell = tell
        self.flows = MailFlows(bus, undo_stack, self, tell)
        self.model = MailModel()
        # Names, occasions, addresses and messages elide on a narrow window, never scroll sideways.
        self.table = FittedTable(elastic={3, 4, 6, 7})
        self.table.setObjectName("mailQueue")
        self.table.setModel(self.model)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.doubleClicked.connect(lambda _: self.edit_current())

        self.title = QLabel("Mail desk")
        tint(self.title, None, "font-size: 13pt; font-weight: 600;")
        self.filter = QComboBox()
        self.filter.setObjectName("statusFilter")
        for label, _ in FILTERS:
            self.filter.addItem(label)
        self.filter.currentIndexChanged.connect(lambda _: self.reload())
        self.counts = plain_label()
        self.counts.setObjectName("mailCounts")

        self.edit_action = self._action("&Edit…", "Return", self.edit_current)
        self.written_action = self._action(
            "Mark &written", "W", lambda: self.mark(MailStatus.WRITTEN)
        )
        self.mailed_action = self._action("Mark &mailed", "M", lambda: self.mark(MailStatus.MAILED))
        self.cancel_action = self._action(
            "&Cancel piece", "Delete", lambda: self.mark(MailStatus.CANCELLED)
        )
        self.open_action = self._action("&Open prospect", "O", self.open_current)
        self.print_action = QAction("&Print…", self)
        self.print_action.setShortcut(QKeySequence.StandardKey.Print)
        self.print_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.print_action.triggered.connect(self.print_selected)
        self.addAction(self.print_action)

        bar = QHBoxLayout()
        bar.addWidget(self.title)
        bar.addWidget(self.filter)
        bar.addStretch()
        # Greyed while the list is empty: the empty desk's own button is the one to press.
        self.row_buttons = [
            action_button(action)
            for action in (
                self.edit_action,
                self.written_action,
                self.mailed_action,
                self.cancel_action,
                self.print_action,
            )
        ]
        for button in self.row_buttons:
            bar.addWidget(button)
        self.empty = EmptyState(self.NOTHING_TO_DO, "Open the Board")
        self.empty.acted.connect(self._empty_action)
        self.table_stack = QStackedWidget()
        self.table_stack.addWidget(self.table)
        self.table_stack.addWidget(self.empty)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.table_stack, 1)
        layout.addWidget(self.counts)
        self.setFocusProxy(self.table)
        # Tab: the queue, its filter, then the buttons that act on the selected pieces.
        chain = [self.table, self.filter, *self.row_buttons]
        for first, second in zip(chain, chain[1:], strict=False):
            QWidget.setTabOrder(first, second)
        if autoload:
            self.reload()

    def _action(self, text: str, key: str, slot) -> QAction:
        action = QAction(text, self.table)
        action.setShortcut(QKeySequence(key))
        action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        action.triggered.connect(slot)
        self.table.addAction(action)
        return action

    def refresh(self, change: Change) -> None:
        if change & self.REFRESH_ON:
            self.reload()

    def reload(self) -> None:
        selected = set(self.selected_ids())
        statuses = FILTERS[self.filter.currentIndex()][1]
        self.model.today = date.today()
        self.model.set_rows(list_tasks(statuses))
        rows = self.model.rows()
        for number, row in enumerate(rows):
            if row.id in selected:
                self.table.selectRow(number)
        if not selected and rows:
            self.table.selectRow(0)
        self.table.fit_columns()
        self._show_empty(not rows)
        overdue = sum(1 for row in rows if row.overdue(self.model.today))
        flagged = sum(1 for row in rows if row.problems and row.status in OPEN)
        parts = [f"{len(rows)} shown"]
        if overdue:
            parts.append(f"{overdue} overdue")
        if flagged:
            parts.append(f"{flagged} with an incomplete address (left out of envelopes and labels)")
        self.counts.setText(" · ".join(parts))

    def _filtered(self) -> bool:
        """A narrower view than the to-do list or everything."""
        return FILTERS[self.filter.currentIndex()][1] not in (OPEN, None)

    def _show_empty(self, empty: bool) -> None:
        if self._filtered():
            label = FILTERS[self.filter.currentIndex()][0]
            self.empty.say(f"No piece is under “{label}”.", "Show what is to do")
        else:
            self.empty.say(self.NOTHING_TO_DO, "Open the Board")
        self.table_stack.setCurrentWidget(self.empty if empty else self.table)
        self.counts.setVisible(not empty)
        for button in self.row_buttons:
            button.setEnabled(not empty)

    def _empty_action(self) -> None:
        if self._filtered():
            self.filter.setCurrentIndex(0)
        else:
            self.board_requested.emit()

    # -- selection and actions ----------------------------------------------------------

    def selected_rows(self) -> list[MailRow]:
        numbers = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        return [row for n in numbers if (row := self.model.row_value(n)) is not None]

    def selected_ids(self) -> list[int]:
        return [row.id for row in self.selected_rows()] if self.model.rowCount() else []

    def edit_current(self) -> None:
        row = self.model.row_value(self.table.currentIndex().row())
        if row is not None:
            self.flows.edit(row.id, row.prospect_name)

    def open_current(self) -> None:
        row = self.model.row_value(self.table.currentIndex().row())
        if row is not None:
            self.open_prospect.emit(row.prospect_id)

    def mark(self, to: MailStatus) -> None:
        self.flows.mark(self.selected_ids(), to)

    def print_selected(self) -> None:
        """The selected pieces when several are chosen, otherwise everything still to do."""
        from touchdesk.ui.mail.print_dialog import MailPrintDialog

        ids = self.selected_ids()
        dialog = MailPrintDialog(ids if len(ids) > 1 else None, self, tell=self.tell)
        dialog.exec()
        dialog.deleteLater()
