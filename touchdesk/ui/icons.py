"""One icon set for the window: Material Design Icons (Apache 2.0) drawn by qtawesome.

Icons are glyphs of a font, drawn at the size and pixel ratio asked for (sharp at 2x), in
the palette's colours: asked again after a switch between light and dark.
"""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QColor, QGuiApplication, QIcon, QIconEngine, QPainter, QPalette, QPixmap

# What each page and command shows; the names are the set's own.
PAGE_ICONS = {
    "Today": "mdi6.calendar-check-outline",
    "Board": "mdi6.view-column-outline",
    "Prospect": "mdi6.account-outline",
    "Mail": "mdi6.email-outline",
    "Plans": "mdi6.format-list-checks",
    "Insights": "mdi6.chart-bar",
}


def icon(name: str, colour: QColor | None = None) -> QIcon:
    """The glyph `name` in the application palette's text colours (normal, disabled,
    selected), or in `colour` where it is not selected. Asked for on every painted cell:
    the answer is kept per palette."""
    return _icon(name, QGuiApplication.palette().cacheKey(), colour.name() if colour else "")


@cache
def _icon(name: str, palette_key: int, colour: str) -> QIcon:
    # qtawesome (and QtPy under it) load in about 0.15 s: after the window's first paint.
    import qtawesome

    palette = QGuiApplication.palette()
    role, group = QPalette.ColorRole, QPalette.ColorGroup
    normal = colour or palette.color(role.WindowText).name()
    glyph = qtawesome.icon(
        name,
        color=normal,
        color_active=normal,
        color_disabled=palette.color(group.Disabled, role.WindowText).name(),
        color_selected=palette.color(role.HighlightedText).name(),
    )
    return QIcon(_KeptGlyph(glyph))


class _KeptGlyph(QIconEngine):
    """A glyph drawn once per size, mode, state and pixel ratio, then copied: a list paints
    the same few icons in every row on every repaint, and drawing a glyph from the font
    each time cost more than the row's text."""

    def __init__(self, glyph: QIcon) -> None:
        super().__init__()
        self._glyph = glyph
        self._kept: dict[tuple[int, int, QIcon.Mode, QIcon.State, float], QPixmap] = {}

    def paint(self, painter: QPainter, rect: QRect, mode: QIcon.Mode, state: QIcon.State) -> None:
        ratio = painter.device().devicePixelRatioF()
        key = (rect.width(), rect.height(), mode, state, ratio)
        pixmap = self._kept.get(key)
        if pixmap is None:
            pixmap = QPixmap(QSize(round(rect.width() * ratio), round(rect.height() * ratio)))
            pixmap.setDevicePixelRatio(ratio)
            pixmap.fill(Qt.GlobalColor.transparent)
            on = QPainter(pixmap)
            self._glyph.paint(
                on,
                QRect(0, 0, rect.width(), rect.height()),
                Qt.AlignmentFlag.AlignCenter,
                mode,
                state,
            )
            on.end()
            self._kept[key] = pixmap
        painter.drawPixmap(rect, pixmap)

    def pixmap(self, size: QSize, mode: QIcon.Mode, state: QIcon.State) -> QPixmap:
        return self._glyph.pixmap(size, mode, state)

    def clone(self) -> QIconEngine:
        return _KeptGlyph(self._glyph)
