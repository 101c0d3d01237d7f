"""The outbox: emails waiting for their minute, failed with the server's answer, or missed,
each answered with Send now, Next slot or Remove."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from touchdesk.domain.date_text import dates
from touchdesk.services.changes import Change
from touchdesk.services.outbox.queue import (
    OutboxError,
    OutboxItem,
    cancel,
    send_at_next_slot,
    send_now,
    waiting,
)
from touchdesk.ui.events import ChangeBus
from touchdesk.ui.table_model import RowTableModel, TableColumn


def _when(at: datetime | None, zone: ZoneInfo) -> str:
    return "now" if at is None else dates().day_time(at.astimezone(zone))


def outbox_columns(zone: ZoneInfo) -> list[TableColumn[OutboxItem]]:
    return [
        TableColumn("Status", lambda i: i.status.label),
        TableColumn("When (your time)", lambda i: _when(i.send_at, zone)),
        TableColumn("To", lambda i: f"{i.name} <{i.to}>"),
        TableColumn("Subject", lambda i: i.subject),
        TableColumn("Server's answer", lambda i: i.last_answer),
    ]


class OutboxDialog(QDialog):
    def __init__(
        self, bus: ChangeBus, zone: ZoneInfo, after_send_now=None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Outbox")
        self.bus = bus
        self.after_send_now = after_send_now  # the sender's check, so it goes at once
        self.model: RowTableModel[OutboxItem] = RowTableModel(outbox_columns(zone))
        self.table = QTableView()
        self.table.setTabKeyNavigation(False)
        self.table.setObjectName("outboxTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.empty = QLabel("Nothing waits in the outbox.")
        self.problem = QLabel()
        self.problem.setStyleSheet("color: #b3261e;")
        self.problem.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.send_now_button = QPushButton("Send &now")
        self.next_slot_button = QPushButton("Ne&xt slot")
        self.remove_button = QPushButton("&Remove")
        for button, slot in (
            (self.send_now_button, self.send_now),
            (self.next_slot_button, self.next_slot),
            (self.remove_button, self.remove),
        ):
            buttons.addButton(button, QDialogButtonBox.ButtonRole.ActionRole)
            button.clicked.connect(slot)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.empty)
        layout.addWidget(self.table)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)
        self.resize(820, 360)
        bus.changed.connect(lambda _change: self.reload())
        self.reload()

    def reload(self) -> None:
        rows = waiting()
        self.model.set_rows(rows)
        self.empty.setVisible(not rows)
        self.table.resizeColumnsToContents()
        if rows and not self.table.currentIndex().isValid():
            self.table.selectRow(0)

    def current(self) -> OutboxItem | None:
        return self.model.row_value(self.table.currentIndex().row())

    def _answer(self, act) -> None:
        entry = self.current()
        if entry is None:
            return
        try:
            act(entry.id)
        except OutboxError as error:
            self.problem.setText(str(error))
            return
        self.problem.setText("")
        self.bus.publish(Change.MAIL)

    def send_now(self) -> None:
        self._answer(send_now)
        if self.after_send_now is not None:
            self.after_send_now()

    def next_slot(self) -> None:
        self._answer(send_at_next_slot)

    def remove(self) -> None:
        self._answer(cancel)
