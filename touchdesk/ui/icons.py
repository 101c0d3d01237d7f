"""One icon set for the window: Material Design Icons (Apache 2.0), the font qtawesome ships.

Icons are glyphs of that font, drawn at the size and pixel ratio asked for (sharp at 2x), in
the palette's colours: asked again after a switch between light and dark. A small engine here
draws them from the one font: qtawesome's own loads every font it ships and QtPy under it
imports each Qt module it wraps, about 0.2 s and 40 MB of a launch that shows a dozen glyphs.
"""

from __future__ import annotations

import re
import sys
from functools import cache
from importlib.util import find_spec
from pathlib import Path

from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontDatabase,
    QGuiApplication,
    QIcon,
    QIconEngine,
    QPainter,
    QPalette,
    QPixmap,
)

# What each page and command shows; the names are the set's own.
PAGE_ICONS = {
    "Today": "mdi6.calendar-check-outline",
    "Board": "mdi6.view-column-outline",
    "Prospect": "mdi6.account-outline",
    "Mail": "mdi6.email-outline",
    "Plans": "mdi6.format-list-checks",
    "Insights": "mdi6.chart-bar",
}
PREFIX = "mdi6."
FONT_FILES = "materialdesignicons6-webfont-"  # -<version>.ttf and -charmap-<version>.json
# qtawesome's own proportion: the glyph a little smaller than its box, for the font's bearing.
GLYPH_SCALE = 0.875


def icon(name: str, colour: QColor | None = None) -> QIcon:
    """The glyph `name` in the application palette's text colours (normal, disabled,
    selected), or in `colour` where it is not selected. Asked for on every painted cell:
    the answer is kept per palette."""
    return _icon(name, QGuiApplication.palette().cacheKey(), colour.name() if colour else "")


@cache
def _icon(name: str, palette_key: int, colour: str) -> QIcon:
    return QIcon(_engine(name, colour))


def cell_icon(name: str, size: QSize, ratio: float, colour: QColor | None = None) -> QIcon:
    """The glyph `name` as icon() draws it at `size` for a device of pixel `ratio`, drawn
    once per mode and held as plain pixmaps (also at 1x, where Qt reads the icon's size):
    a list paints it without calling back into Python, which cost a row more than its
    drawing. At another size or ratio it would be scaled: ask again for that one."""
    palette_key = QGuiApplication.palette().cacheKey()
    colour_name = colour.name() if colour else ""
    return _cell_icon(name, palette_key, colour_name, size.width(), size.height(), ratio)


@cache
def _cell_icon(
    name: str, palette_key: int, colour: str, width: int, height: int, ratio: float
) -> QIcon:
    engine, size = _engine(name, colour), QSize(width, height)
    drawn = QIcon()
    for mode in _MODES:
        for scale in sorted({1.0, ratio}):
            pixmap = engine.drawn(size, mode, scale)
            for state in (QIcon.State.Off, QIcon.State.On):  # the glyph has no other state
                drawn.addPixmap(pixmap, mode, state)
    return drawn


_MODES = (QIcon.Mode.Normal, QIcon.Mode.Active, QIcon.Mode.Disabled, QIcon.Mode.Selected)


def _engine(name: str, colour: str) -> _GlyphEngine:
    """A new engine for the glyph in the palette's colours (or `colour` where not selected)."""
    palette = QGuiApplication.palette()
    role, group = QPalette.ColorRole, QPalette.ColorGroup
    normal = QColor(colour) if colour else palette.color(role.WindowText)
    family, charmap = _font()
    code = code_point(charmap, name[len(PREFIX) :]) if name.startswith(PREFIX) else None
    if code is None:
        raise KeyError(f"no icon named {name!r} in Material Design Icons")
    colours = {
        QIcon.Mode.Normal: normal,
        QIcon.Mode.Active: normal,
        QIcon.Mode.Disabled: palette.color(group.Disabled, role.WindowText),
        QIcon.Mode.Selected: palette.color(role.HighlightedText),
    }
    return _GlyphEngine(family, chr(int(code, 16)), colours)


# An entry of the charmap after its quoted name: `"calendar-check": "0xf00f0"`.
_CODE_AFTER_NAME = re.compile(r'\s*:\s*"(0x[0-9a-fA-F]+)"')
_NAME = re.compile(r"[a-z0-9-]+")


def code_point(charmap: str, name: str) -> str | None:
    """The code point (hex, as the charmap has it) of `name` in the charmap's JSON text, found
    without parsing its 7,000 entries for the dozen glyphs a launch shows. Names are plain
    lowercase words and dashes, and codes never look like a name, so the quoted name is
    found only as its own entry's key."""
    if not _NAME.fullmatch(name):
        return None
    at = charmap.find(f'"{name}"')
    found = _CODE_AFTER_NAME.match(charmap, at + len(name) + 2) if at >= 0 else None
    return found.group(1) if found else None


@cache
def _font() -> tuple[str, str]:
    """The icon font's family, registered with Qt once, and its charmap's text."""
    folder = _fonts_folder()
    font_file = next(folder.glob(f"{FONT_FILES}[0-9]*.ttf"), None)
    charmap = next(folder.glob(f"{FONT_FILES}charmap-*.json"), None)
    if font_file is None or charmap is None:
        raise FileNotFoundError(f"the Material Design Icons font is missing from {folder}")
    loaded = QFontDatabase.addApplicationFont(str(font_file))
    families = QFontDatabase.applicationFontFamilies(loaded) if loaded >= 0 else []
    if not families:
        raise OSError(f"Qt cannot read the icon font {font_file}")
    return families[0], charmap.read_text(encoding="utf-8")


def _fonts_folder() -> Path:
    """qtawesome's font folder, found without importing it (a frozen build carries the
    folder as data at the same place)."""
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        return Path(frozen_root) / "qtawesome" / "fonts"
    spec = find_spec("qtawesome")
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError("qtawesome, which carries the icon font, is not installed")
    return Path(next(iter(spec.submodule_search_locations))) / "fonts"


class _GlyphEngine(QIconEngine):
    """Draws one glyph centred in whatever box it is given, in its mode's colour. Each size,
    mode and pixel density is drawn once and copied after: a list repaints its icons with every
    scroll, and shaping the glyph again cost more than the row's text."""

    def __init__(self, family: str, glyph: str, colours: dict[QIcon.Mode, QColor]) -> None:
        super().__init__()
        self._family = family
        self._glyph = glyph
        self._colours = colours
        self._drawn: dict[tuple[int, int, QIcon.Mode, float], QPixmap] = {}

    def paint(self, painter: QPainter, rect: QRect, mode: QIcon.Mode, state: QIcon.State) -> None:
        device = painter.device()
        ratio = device.devicePixelRatioF() if device is not None else 1.0
        key = (rect.width(), rect.height(), mode, ratio)
        drawn = self._drawn.get(key)
        if drawn is None:
            drawn = self._drawn[key] = self._draw(rect.size(), mode, ratio)
        painter.drawPixmap(rect, drawn)

    def drawn(self, size: QSize, mode: QIcon.Mode, ratio: float) -> QPixmap:
        """The glyph as paint() puts it in a box of `size` on a device of pixel `ratio`."""
        return self._draw(size, mode, ratio)

    def _draw(self, size: QSize, mode: QIcon.Mode, ratio: float) -> QPixmap:
        pixmap = QPixmap(size * ratio)
        pixmap.setDevicePixelRatio(ratio)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        font = QFont(self._family)
        font.setPixelSize(max(1, round(GLYPH_SCALE * size.height())))
        painter.setPen(self._colours.get(mode, self._colours[QIcon.Mode.Normal]))
        painter.setFont(font)
        painter.drawText(QRect(QPoint(0, 0), size), Qt.AlignmentFlag.AlignCenter, self._glyph)
        painter.end()
        return pixmap

    def pixmap(self, size: QSize, mode: QIcon.Mode, state: QIcon.State) -> QPixmap:
        return self._draw(size, mode, 1.0)

    def clone(self) -> QIconEngine:
        return _GlyphEngine(self._family, self._glyph, self._colours)
