"""The contacts a sync offered (someone new at a prospect's company): the seller ticks whom to
add; nobody is kept before that."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from touchdesk.services.mailbox.offers import accept_offer
from touchdesk.services.mailbox.sync import OfferedContact


class OffersDialog(QDialog):
    def __init__(self, offers: list[OfferedContact], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("New contacts from your mailbox")
        self.offers = offers
        self.added: list[int] = []
        self.list = QListWidget()
        for offer in offers:
            who = f"{offer.name} <{offer.address}>" if offer.name else offer.address
            item = QListWidgetItem(f"{who} — {offer.company or 'same domain as a prospect'}")
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.list.addItem(item)
        buttons = QDialogButtonBox()
        buttons.addButton("&Add ticked as prospects", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton("&Not now", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.add_ticked)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("These people wrote from a prospect's company:"))
        layout.addWidget(self.list)
        layout.addWidget(buttons)

    def tick(self, row: int) -> None:
        self.list.item(row).setCheckState(Qt.CheckState.Checked)

    def add_ticked(self) -> None:
        for row, offer in enumerate(self.offers):
            if self.list.item(row).checkState() == Qt.CheckState.Checked:
                self.added.append(accept_offer(offer))
        self.accept()
