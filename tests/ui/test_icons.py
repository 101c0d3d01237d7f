"""Icons are the font's glyphs by name; a name the set lacks says so."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSize

from touchdesk.ui.icons import PAGE_ICONS, icon


def test_every_page_icon_draws_a_glyph(qtbot):
    for name in PAGE_ICONS.values():
        image = icon(name).pixmap(QSize(24, 24)).toImage()
        assert any(image.pixelColor(x, y).alpha() for x in range(24) for y in range(24)), name


@pytest.mark.parametrize("name", ["mdi6.no-such-glyph", "fa5.calendar", "calendar-check-outline"])
def test_a_name_the_set_lacks_is_refused_by_name(qtbot, name):
    with pytest.raises(KeyError, match="no icon named"):
        icon(name)
