"""A small drawn icon per channel: a coloured disc with a letter, readable at list size."""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QIcon, QPainter, QPixmap

from touchdesk.domain.vocabulary import Channel

_LOOK: dict[Channel, tuple[str, str]] = {
    Channel.CALL: ("#1a73e8", "C"),
    Channel.VOICEMAIL: ("#5e97f6", "V"),
    Channel.SMS: ("#0b8043", "T"),
    Channel.EMAIL: ("#f4b400", "@"),
    Channel.MEETING: ("#8e24aa", "M"),
    Channel.VIDEO_CALL: ("#ab47bc", "▶"),
    Channel.VISIT: ("#6d4c41", "⌂"),
    Channel.SOCIAL: ("#00897b", "#"),
    Channel.NOTE: ("#d81b60", "✎"),
    Channel.CARD: ("#e53935", "♥"),
    Channel.LETTER: ("#795548", "✉"),
    Channel.GIFT: ("#fb8c00", "★"),
}


@cache
def _disc(colour: str, letter: str, size: int = 18) -> QIcon:
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(colour))
    painter.drawEllipse(0, 0, size, size)
    font = QFont()
    font.setBold(True)
    font.setPixelSize(int(size * 0.6))
    painter.setFont(font)
    painter.setPen(QColor("white"))
    painter.drawText(QRectF(0, 0, size, size), Qt.AlignmentFlag.AlignCenter, letter)
    painter.end()
    return QIcon(pixmap)


def channel_icon(channel: Channel | None) -> QIcon:
    colour, letter = _LOOK.get(channel, ("#9e9e9e", "•")) if channel else ("#9e9e9e", "•")
    return _disc(colour, letter)


def change_icon() -> QIcon:
    """Changes around the touches (stage, status, next step) share one quiet grey mark."""
    return _disc("#9e9e9e", "•")
