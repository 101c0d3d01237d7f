"""The colours that mean something (overdue, due today, no next step, won, lost): light, dark."""

from __future__ import annotations

from datetime import datetime, tzinfo
from enum import Enum

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QLabel, QWidget


class State(Enum):
    OVERDUE = "overdue"
    DUE_TODAY = "due_today"
    NO_NEXT_STEP = "no_next_step"
    SCHEDULED = "scheduled"  # a quiet mark: nothing to do yet
    INACTIVE = "inactive"  # dormant, do not contact
    WON = "won"
    LOST = "lost"
    PROBLEM = "problem"  # a field or a time that needs the seller's eye
    FINE = "fine"  # a check that passed
    NOTE = "note"  # a hint beside a form
    QUIET = "quiet"  # secondary text (how long since the last touch): dimmer, still readable
    FLAGGED = "flagged"  # a row's ground: it will be left out (e.g. an incomplete address)
    LINK = "link"
    LINK_VISITED = "link_visited"


# (light, dark). Every text colour reads at 4.5:1 or more on the palette's Base and Window
# of its own scheme (tests/ui/test_dark_mode.py checks it), so none is pure blue or pure red.
_COLOURS: dict[State, tuple[str, str]] = {
    State.OVERDUE: ("#a84a00", "#ffa348"),
    State.DUE_TODAY: ("#1a5fb4", "#99c1f1"),
    State.NO_NEXT_STEP: ("#b3261e", "#ff8a80"),
    State.SCHEDULED: ("#5e5c64", "#b0aeb5"),
    State.INACTIVE: ("#77767b", "#8e8c93"),
    State.WON: ("#1e7a34", "#8ff0a4"),
    State.LOST: ("#6b4c9a", "#c6a8f0"),
    State.PROBLEM: ("#b3261e", "#ff8a80"),
    State.FINE: ("#1e7a34", "#8ff0a4"),
    State.NOTE: ("#1a5fb4", "#99c1f1"),
    State.QUIET: ("#5e5c64", "#b0aeb5"),
    State.FLAGGED: ("#fff1d6", "#4a3818"),
    State.LINK: ("#1a5fb4", "#99c1f1"),
    State.LINK_VISITED: ("#613583", "#dc8add"),
}
# Read by the text-contrast test: the states written as text (the rest are marks or grounds).
TEXT_STATES = tuple(s for s in State if s not in (State.INACTIVE, State.FLAGGED))


def is_dark(palette: QPalette | None = None) -> bool:
    """Dark when the window's ground is darker than its text: whatever the system's name for it."""
    palette = palette if palette is not None else QGuiApplication.palette()
    window = palette.color(QPalette.ColorRole.Window)
    text = palette.color(QPalette.ColorRole.WindowText)
    return window.lightnessF() < text.lightnessF()


def state_colour(state: State, palette: QPalette | None = None) -> QColor:
    """The colour of `state` for the palette (the application's when none is given)."""
    light, dark = _COLOURS[state]
    return QColor(dark if is_dark(palette) else light)


def due_state(due: datetime, now: datetime, zone: tzinfo) -> State | None:
    """Overdue, due today (in `zone`'s day), or None for a later day."""
    if due < now:
        return State.OVERDUE
    return State.DUE_TODAY if due.astimezone(zone).date() == now.astimezone(zone).date() else None


def relative_luminance(colour: QColor) -> float:
    """WCAG 2 relative luminance of an opaque colour."""

    def channel(value: float) -> float:
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    return (
        0.2126 * channel(colour.redF())
        + 0.7152 * channel(colour.greenF())
        + 0.0722 * channel(colour.blueF())
    )


def contrast_ratio(first: QColor, second: QColor) -> float:
    """WCAG 2 contrast ratio, from 1 (same) to 21 (black on white)."""
    a, b = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (a + 0.05) / (b + 0.05)


class _Tint(QObject):
    """Keeps a widget's text in its state's colour when the palette turns light or dark."""

    def __init__(self, widget: QWidget) -> None:
        super().__init__(widget)
        self.setObjectName("stateTint")
        self.state: State | None = None
        self.extra = ""
        # What the widget's style sheet was last written from: the same again writes nothing.
        self.applied: tuple[State | None, str, int] | None = None
        # The application's signal, not the widget's events: a child widget with a style
        # sheet is sent no palette event when the application's palette changes.
        app = QGuiApplication.instance()
        if isinstance(app, QGuiApplication):
            app.paletteChanged.connect(self._palette_changed)

    def apply(self) -> None:
        widget = self.parent()
        assert isinstance(widget, QWidget)
        self.applied = (self.state, self.extra, QGuiApplication.palette().cacheKey())
        # With no state, the palette's own text colour, written out: a widget with a style
        # sheet keeps the palette it was polished with (selectable labels and flat buttons
        # stayed black on dark after a switch).
        colour = (
            state_colour(self.state)
            if self.state is not None
            else QGuiApplication.palette().color(widget.foregroundRole())
        )
        sheet = " ".join((f"color: {colour.name()};", self.extra)).strip()
        if widget.styleSheet() != sheet:  # a new style sheet re-polishes the widget
            widget.setStyleSheet(sheet)
        if isinstance(widget, QLabel) and widget.textFormat() == Qt.TextFormat.RichText:
            # Qt writes the link colour into rich text as it reads it: read it again.
            text = widget.text()
            widget.clear()
            widget.setText(text)

    def _palette_changed(self, _palette: QPalette) -> None:
        self.apply()


def tint(widget: QWidget, state: State | None, extra_css: str = "") -> None:
    """Write the widget's text in the state's colour (None: the palette's own), now and
    after every switch between light and dark. extra_css keeps e.g. a font size."""
    keeper = widget.findChild(_Tint, "stateTint")
    if keeper is None:
        keeper = _Tint(widget)
    elif keeper.applied == (state, extra_css, QGuiApplication.palette().cacheKey()):
        # The prospect page tints its next step on every open, mostly in the state it
        # already has: working the same sheet out again cost more than setting its text.
        return
    keeper.state, keeper.extra = state, extra_css
    keeper.apply()
