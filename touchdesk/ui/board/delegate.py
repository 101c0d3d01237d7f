"""Paints one card: name, company, next step, staleness, and a stripe for its urgency."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPalette, QPen
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from touchdesk.domain.board import Urgency
from touchdesk.ui.board.model import CardRole, NextStepRole, StalenessRole, UrgencyRole

CARD_HEIGHT = 88
MARGIN = 5
STRIPE = 6

# Chosen to read on light and dark backgrounds alike.
URGENCY_COLOURS = {
    Urgency.NO_NEXT_STEP: QColor("#d93025"),
    Urgency.OVERDUE: QColor("#e8710a"),
    Urgency.DUE_TODAY: QColor("#1a73e8"),
    Urgency.SCHEDULED: QColor("#7f8c8d"),
    Urgency.INACTIVE: QColor("#b0b0b0"),
}
# "No next step" already reads in red on the card's next-step line.
URGENCY_BADGES = {
    Urgency.OVERDUE: "OVERDUE",
    Urgency.DUE_TODAY: "TODAY",
}


class CardDelegate(QStyledItemDelegate):
    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:  # noqa: N802
        return QSize(220, CARD_HEIGHT)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        card = index.data(CardRole)
        if card is None:
            return
        level = Urgency(index.data(UrgencyRole))
        palette = option.palette
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        rect = option.rect.adjusted(MARGIN, MARGIN, -MARGIN, -MARGIN)

        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        base = palette.color(QPalette.ColorRole.Highlight if selected else QPalette.ColorRole.Base)
        painter.setPen(QPen(palette.color(QPalette.ColorRole.Mid), 1))
        painter.setBrush(base)
        painter.drawRoundedRect(rect, 6, 6)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(URGENCY_COLOURS[level])
        painter.drawRoundedRect(QRect(rect.left(), rect.top(), STRIPE, rect.height()), 3, 3)

        text_colour = palette.color(
            QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        )
        inner = rect.adjusted(STRIPE + 8, 6, -8, -6)
        line = painter.fontMetrics().height()

        bold = QFont(option.font)
        bold.setBold(True)
        painter.setFont(bold)
        painter.setPen(text_colour)
        # The name gets the whole width; the urgency badge sits on the bottom line.
        painter.drawText(
            QRect(inner.left(), inner.top(), inner.width(), line),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            painter.fontMetrics().elidedText(card.name, Qt.TextElideMode.ElideRight, inner.width()),
        )
        painter.setFont(option.font)
        metrics = painter.fontMetrics()
        quiet = palette.color(QPalette.ColorRole.PlaceholderText) if not selected else text_colour
        loud = URGENCY_COLOURS[level] if level > Urgency.SCHEDULED and not selected else text_colour
        badge = URGENCY_BADGES.get(level, "")
        small = QFont(option.font)
        small.setBold(True)
        small.setPointSizeF(max(option.font.pointSizeF() - 1.5, 6))
        badge_width = QFontMetrics(small).horizontalAdvance(badge) + 6 if badge else 0
        rows = [
            (card.company if card.name != card.company else "", text_colour, 0),
            (index.data(NextStepRole), loud, 0),
            (index.data(StalenessRole), quiet, badge_width),
        ]
        top = inner.top() + line + 2
        for text, colour, reserved in rows:
            width = inner.width() - reserved
            painter.setPen(colour)
            painter.drawText(
                QRect(inner.left(), top, width, line),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                metrics.elidedText(text, Qt.TextElideMode.ElideRight, width),
            )
            top += line
        if badge:
            painter.setFont(small)
            painter.setPen(loud)
            painter.drawText(
                QRect(inner.right() - badge_width, top - line, badge_width, line),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                badge,
            )
        painter.restore()
