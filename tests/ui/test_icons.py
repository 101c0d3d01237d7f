"""Icons are the font's glyphs by name; a name the set lacks says so."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PySide6.QtCore import QSize

from touchdesk.ui.icons import FONT_FILES, PAGE_ICONS, _fonts_folder, code_point, icon


def test_every_page_icon_draws_a_glyph(qtbot):
    for name in PAGE_ICONS.values():
        image = icon(name).pixmap(QSize(24, 24)).toImage()
        assert any(image.pixelColor(x, y).alpha() for x in range(24) for y in range(24)), name


@pytest.mark.parametrize("name", ["mdi6.no-such-glyph", "fa5.calendar", "calendar-check-outline"])
def test_a_name_the_set_lacks_is_refused_by_name(qtbot, name):
    with pytest.raises(KeyError, match="no icon named"):
        icon(name)


@pytest.fixture(scope="module")
def charmap() -> str:
    folder = _fonts_folder()
    return next(folder.glob(f"{FONT_FILES}charmap-*.json")).read_text(encoding="utf-8")


@settings(max_examples=300, deadline=None)
@given(data=st.data())
def test_a_code_point_is_the_charmaps_own_for_every_name_and_none_for_any_other(charmap, data):
    parsed = json.loads(charmap)
    names = sorted(parsed)
    name = data.draw(
        st.sampled_from(names)
        | st.text()
        | st.sampled_from(names).map(lambda n: n[:-1])  # a prefix of a name
        | st.sampled_from(names).map(lambda n: n + "-x")
        | st.sampled_from(list(parsed.values()))  # a code is not a name
    )
    assert code_point(charmap, name) == parsed.get(name)


def test_a_code_point_is_found_in_any_spacing_the_json_allows():
    assert code_point('{"a-b":"0xf0001",\n\t"c" :  "0xF0002"}', "c") == "0xF0002"
    assert code_point('{"a-b":"0xf0001"}', "a-b") == "0xf0001"
    assert code_point('{"a-b":"0xf0001"}', "b") is None
