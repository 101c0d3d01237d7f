"""A label tinted again in the state it has keeps its sheet; any other state, extra style or
palette writes the sheet that state, style and palette give."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QLabel

from touchdesk.ui.state_colours import State, state_colour, tint
from touchdesk.ui.theme import apply_scheme


def _sheet(state: State, extra: str = "") -> str:
    return " ".join((f"color: {state_colour(state).name()};", extra)).strip()


def test_a_label_tinted_again_shows_the_state_style_and_palette_it_was_last_given(qtbot, qapp):
    label = QLabel("Next step: call")
    qtbot.addWidget(label)
    try:
        apply_scheme(qapp, Qt.ColorScheme.Light)
        tint(label, State.OVERDUE, "font-weight: 600;")
        assert label.styleSheet() == _sheet(State.OVERDUE, "font-weight: 600;")
        tint(label, State.OVERDUE, "font-weight: 600;")  # the same again
        assert label.styleSheet() == _sheet(State.OVERDUE, "font-weight: 600;")
        tint(label, State.DUE_TODAY, "font-weight: 600;")
        assert label.styleSheet() == _sheet(State.DUE_TODAY, "font-weight: 600;")
        tint(label, State.DUE_TODAY)
        assert label.styleSheet() == _sheet(State.DUE_TODAY)
        tint(label, None)
        window_text = qapp.palette().color(label.foregroundRole()).name()
        assert label.styleSheet() == f"color: {window_text};"
        # A palette set while nobody listened (its signal blocked): the next tint in the
        # same state still writes the new palette's colour.
        tint(label, State.OVERDUE)
        qapp.blockSignals(True)
        try:
            apply_scheme(qapp, Qt.ColorScheme.Dark)
        finally:
            qapp.blockSignals(False)
        tint(label, State.OVERDUE)
        assert label.styleSheet() == _sheet(State.OVERDUE)
        assert state_colour(State.OVERDUE).name() == "#ffa348"  # the dark one
    finally:
        qapp.setPalette(QPalette())
