"""Paints one card: name, company, next step, staleness, and a stripe for its urgency."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QObject, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPalette, QPen
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from touchdesk.domain.board import Urgency
from touchdesk.domain.vocabulary import ProspectStatus
from touchdesk.ui.state_colours import State, state_colour

CARD_HEIGHT = 88
MARGIN = 5
STRIPE = 6

URGENCY_STATES = {
    Urgency.NO_NEXT_STEP: State.NO_NEXT_STEP,
    Urgency.OVERDUE: State.OVERDUE,
    Urgency.DUE_TODAY: State.DUE_TODAY,
    Urgency.SCHEDULED: State.SCHEDULED,
    Urgency.INACTIVE: State.INACTIVE,
}
# A won or lost card (shown with the inactive ones) keeps the colour of its outcome.
STATUS_STATES = {ProspectStatus.WON.value: State.WON, ProspectStatus.LOST.value: State.LOST}
# "No next step" already reads in red on the card's next-step line.
URGENCY_BADGES = {
    Urgency.OVERDUE: "OVERDUE",
    Urgency.DUE_TODAY: "TODAY",
}


# Looked up once: a Qt enum member read in paint() costs on every card of every repaint.
_ALIGN_LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
_ALIGN_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
_ELIDE = Qt.TextElideMode.ElideRight
_SELECTED = QStyle.StateFlag.State_Selected
_HAS_FOCUS = QStyle.StateFlag.State_HasFocus
_NO_BRUSH = Qt.BrushStyle.NoBrush
_SOLID, _DASH = Qt.PenStyle.SolidLine, Qt.PenStyle.DashLine
_NO_PEN = Qt.PenStyle.NoPen
_ANTIALIASING = QPainter.RenderHint.Antialiasing
_BASE, _HIGHLIGHT = QPalette.ColorRole.Base, QPalette.ColorRole.Highlight
_TEXT, _HIGHLIGHTED_TEXT = QPalette.ColorRole.Text, QPalette.ColorRole.HighlightedText
_MID = QPalette.ColorRole.Mid


class CardDelegate(QStyledItemDelegate):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        # The bold and badge fonts and badge widths for the view's font, made once.
        self._fonts: dict[str, tuple[QFont, QFont, dict[str, int]]] = {}
        # The state colours for the palette painted with (light or dark), made once per palette.
        self._colours: dict[int, dict[State, QColor]] = {}

    def _colours_for(self, palette: QPalette) -> dict[State, QColor]:
        key = palette.cacheKey()
        if key not in self._colours:
            self._colours = {key: {state: state_colour(state, palette) for state in State}}
        return self._colours[key]

    def _fonts_for(self, font: QFont) -> tuple[QFont, QFont, dict[str, int]]:
        key = font.key()
        if key not in self._fonts:
            bold = QFont(font)
            bold.setBold(True)
            small = QFont(font)
            small.setBold(True)
            small.setPointSizeF(max(font.pointSizeF() - 1.5, 6))
            widths = {
                badge: QFontMetrics(small).horizontalAdvance(badge) + 6
                for badge in URGENCY_BADGES.values()
            }
            self._fonts[key] = (bold, small, widths)
        return self._fonts[key]

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:  # noqa: N802
        return QSize(220, CARD_HEIGHT)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        shown = index.model().painted(index)
        if shown is None:
            return
        card, level, next_step, stale = shown
        name = card.name
        palette = option.palette
        selected = bool(option.state & _SELECTED)
        rect = option.rect.adjusted(MARGIN, MARGIN, -MARGIN, -MARGIN)
        bold, small, badge_widths = self._fonts_for(option.font)
        colours = self._colours_for(palette)
        state = STATUS_STATES.get(card.status_code, URGENCY_STATES[level])

        painter.save()
        painter.setRenderHint(_ANTIALIASING)
        base = palette.color(_HIGHLIGHT if selected else _BASE)
        painter.setPen(QPen(palette.color(_MID), 1))
        painter.setBrush(base)
        painter.drawRoundedRect(rect, 6, 6)
        painter.setPen(_NO_PEN)
        painter.setBrush(colours[state])
        painter.drawRoundedRect(QRect(rect.left(), rect.top(), STRIPE, rect.height()), 3, 3)

        text_colour = palette.color(_HIGHLIGHTED_TEXT if selected else _TEXT)
        inner = rect.adjusted(STRIPE + 8, 6, -8, -6)
        line = painter.fontMetrics().height()

        painter.setFont(bold)
        painter.setPen(text_colour)
        # The name gets the whole width; the urgency badge sits on the bottom line.
        painter.drawText(
            QRect(inner.left(), inner.top(), inner.width(), line),
            _ALIGN_LEFT,
            painter.fontMetrics().elidedText(name, _ELIDE, inner.width()),
        )
        painter.setFont(option.font)
        metrics = painter.fontMetrics()
        quiet = colours[State.QUIET] if not selected else text_colour
        loud = colours[state] if level > Urgency.SCHEDULED and not selected else text_colour
        badge = URGENCY_BADGES.get(level, "")
        badge_width = badge_widths[badge] if badge else 0
        rows = [
            (card.company if name != card.company else "", text_colour, 0),
            (next_step, loud, 0),
            (stale, quiet, badge_width),
        ]
        top = inner.top() + line + 2
        for text, colour, reserved in rows:
            width = inner.width() - reserved
            painter.setPen(colour)
            painter.drawText(
                QRect(inner.left(), top, width, line),
                _ALIGN_LEFT,
                metrics.elidedText(text, _ELIDE, width),
            )
            top += line
        if badge:
            painter.setFont(small)
            painter.setPen(loud)
            painter.drawText(
                QRect(inner.right() - badge_width, top - line, badge_width, line),
                _ALIGN_RIGHT,
                badge,
            )
        if option.state & _HAS_FOCUS:
            # The keyboard's card: a ring inside the card's edge, in the selection colour,
            # or the text colour on a selected (already highlighted) card.
            ring = palette.color(_HIGHLIGHTED_TEXT if selected else _HIGHLIGHT)
            painter.setBrush(_NO_BRUSH)
            painter.setPen(QPen(ring, 2, _DASH if selected else _SOLID))
            painter.drawRoundedRect(rect.adjusted(2, 2, -2, -2), 5, 5)
        painter.restore()
