"""Today's top line: the prospects who replied by email since the seller last touched them."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QWidget

from touchdesk.domain.today import CallRow


class RepliedBar(QLabel):
    """'Replied: Ann Lee, Bo Chen' with each name a link to the prospect; hidden when none."""

    open_prospect = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("todayReplied")
        self.setWordWrap(True)
        self.setStyleSheet("font-size: 12pt; font-weight: 600; padding: 4px 0;")
        self.linkActivated.connect(lambda link: self.open_prospect.emit(int(link)))
        self.names: list[str] = []
        self.hide()

    def set_rows(self, rows: list[CallRow]) -> None:
        self.names = [row.name for row in rows]
        if not rows:
            self.hide()
            return
        from html import escape  # with its 2,000 entities, when someone has replied

        links = ", ".join(f'<a href="{row.prospect_id}">{escape(row.name)}</a>' for row in rows)
        self.setText(f"✉ Replied: {links}")
        self.show()
