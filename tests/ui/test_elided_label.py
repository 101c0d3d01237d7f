"""A title that elides: it gives up width before the window does, and says in its tooltip
what it cut."""

from __future__ import annotations

from touchdesk.ui.widgets import ElidedLabel

LONG = "Calling list · 1,584 due, and every one of them an hour overdue or more"


def shown(qtbot, text: str, width: int) -> ElidedLabel:
    label = ElidedLabel(text)
    qtbot.addWidget(label)
    label.resize(width, label.sizeHint().height())
    label.grab()  # painted, as on screen
    return label


def test_its_narrowest_width_is_the_same_whatever_it_says(qtbot):
    empty, long = ElidedLabel(""), ElidedLabel(LONG)
    qtbot.addWidget(empty)
    qtbot.addWidget(long)
    assert long.minimumSizeHint().width() == empty.minimumSizeHint().width()
    assert long.minimumSizeHint().width() < long.sizeHint().width()


def test_with_room_it_shows_the_whole_text_and_no_tooltip(qtbot):
    label = shown(qtbot, LONG, ElidedLabel(LONG).sizeHint().width())
    assert label.shown_text() == LONG
    assert label.toolTip() == ""


def test_without_room_it_ends_in_an_ellipsis_and_the_tooltip_has_it_all(qtbot):
    label = shown(qtbot, LONG, 120)
    cut = label.shown_text()
    assert cut.endswith("…") and LONG.startswith(cut[:-1])
    assert label.fontMetrics().horizontalAdvance(cut) <= label.contentsRect().width()
    assert label.toolTip() == LONG


def test_the_tooltip_goes_when_the_label_has_room_again(qtbot):
    label = shown(qtbot, LONG, 120)
    label.resize(label.sizeHint().width(), label.height())
    label.grab()
    assert label.toolTip() == ""


def test_markup_is_shown_as_typed(qtbot):
    label = shown(qtbot, "<b>Ann</b> & co", 400)
    assert label.shown_text() == "<b>Ann</b> & co"
