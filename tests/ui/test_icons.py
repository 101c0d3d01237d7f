"""Icons drawn once per size and copied after: the same pixels as the glyph drawn from the
font each time, in every mode and at 1x and 2x."""

from __future__ import annotations

import pytest
import qtawesome
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QGuiApplication, QIcon, QImage, QPainter, QPalette

from touchdesk.ui.icons import icon


def _painted(glyph: QIcon, ratio: float, mode: QIcon.Mode, times: int) -> QImage:
    image = QImage(int(40 * ratio), int(40 * ratio), QImage.Format.Format_ARGB32_Premultiplied)
    image.setDevicePixelRatio(ratio)
    image.fill(Qt.GlobalColor.white)
    painter = QPainter(image)
    for _ in range(times):  # the second paint is the copy
        image.fill(Qt.GlobalColor.white)
        glyph.paint(painter, QRect(4, 4, 16, 16), Qt.AlignmentFlag.AlignCenter, mode)
    painter.end()
    return image


@pytest.mark.parametrize("ratio", [1.0, 2.0])
@pytest.mark.parametrize("mode", [QIcon.Mode.Normal, QIcon.Mode.Disabled, QIcon.Mode.Selected])
def test_a_kept_icon_paints_what_the_font_paints(qapp, ratio, mode):
    palette = QGuiApplication.palette()
    role, group = QPalette.ColorRole, QPalette.ColorGroup
    text = palette.color(role.WindowText).name()
    from_font = qtawesome.icon(
        "mdi6.phone-outline",
        color=text,
        color_active=text,
        color_disabled=palette.color(group.Disabled, role.WindowText).name(),
        color_selected=palette.color(role.HighlightedText).name(),
    )
    kept = icon("mdi6.phone-outline")
    expected = _painted(from_font, ratio, mode, 1)
    assert _painted(kept, ratio, mode, 2) == expected
    if mode is not QIcon.Mode.Selected:  # white on white: nothing to see
        assert expected != _painted(QIcon(), ratio, mode, 1)
